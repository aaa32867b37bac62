//! Stories of whole corpora: the bundled corpus against the stories a reader expects.

use super::measure::score;
use super::{Choice, Rule, Stories};
use crate::ingest::{Input, LoadOptions, load, load_str};
use crate::model::{Corpus, EventIx};
use std::collections::HashMap;

/// The expected stories of the bundled corpus, written by reading its articles.
const EXPECTED: &str = include_str!("../../tests/fixtures/stories/bundled.json");

fn bundled() -> Corpus {
    load(&[Input::Bundled], &LoadOptions::default()).corpus
}

fn by_name(corpus: &Corpus, stories: &Stories) -> HashMap<String, u32> {
    (0..corpus.events().len() as EventIx).map(|e| (corpus.event_ref(corpus.event(e)), stories.story_of(e))).collect()
}

fn expected() -> HashMap<String, u32> {
    let fixture: serde_json::Value = serde_json::from_str(EXPECTED).expect("the fixture is JSON");
    let mut out = HashMap::new();
    for (i, story) in fixture["stories"].as_array().expect("stories").iter().enumerate() {
        for report in story["reports"].as_array().expect("reports") {
            out.insert(report.as_str().expect("a name").to_string(), i as u32);
        }
    }
    out
}

#[test]
fn the_bundled_corpus_clusters_as_a_reader_expects() {
    let corpus = bundled();
    let stories = Stories::cluster(&corpus, &[]);
    let expected = expected();
    assert_eq!(expected.len(), corpus.events().len(), "the fixture names every event once");
    let s = score(&by_name(&corpus, &stories), &expected);
    eprintln!(
        "bundled: {} events, {} stories ({} merged); {s}",
        corpus.events().len(),
        stories.len(),
        stories.merged()
    );
    assert!(s.bcubed.f1() >= 0.9, "B-cubed F1 {:.3}", s.bcubed.f1());
}

/// One article a source, each with the events given as (id, date, action, agent, target,
/// summary, relations as JSON).
type Report<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

fn corpus_of(articles: &[(&str, &str, &[Report])]) -> Corpus {
    let mut lines = Vec::new();
    for (id, source, events) in articles {
        let events: Vec<String> = events
            .iter()
            .map(|(e, date, action, agent, target, summary, relations)| {
                format!(
                    r#"{{"id":"{e}","date":"{date}","action":"{action}","summary":"{summary}","participants":[{{"actor":"{agent}","role":"agent"}},{{"actor":"{target}","role":"target"}}],"relations":{relations}}}"#
                )
            })
            .collect();
        lines.push(format!(
            r#"{{"id":"{id}","title":"{source} reports","source":"{source}","published":"2016-12-31","actors":[{{"id":"obama","name":"Barack Obama","kind":"person"}},{{"id":"putin","name":"Vladimir Putin","kind":"person"}},{{"id":"us","name":"United States","kind":"country"}},{{"id":"russia","name":"Russia","kind":"country"}}],"events":[{}]}}"#,
            events.join(",")
        ));
    }
    let loaded = load_str("stories.jsonl", &lines.join("\n"));
    assert!(loaded.report.diagnostics().iter().all(|d| !d.is_error()), "{:?}", loaded.report.diagnostics());
    loaded.corpus
}

fn index(corpus: &Corpus, name: &str) -> EventIx {
    (0..corpus.events().len() as EventIx).find(|&e| corpus.event_ref(corpus.event(e)) == name).expect(name)
}

fn expulsions() -> Corpus {
    corpus_of(&[
        (
            "wire",
            "Wire",
            &[("e1", "2016-12-29", "expel", "obama", "russia", "Obama expels 35 Russian diplomats", "[]")],
        ),
        (
            "post",
            "Post",
            &[(
                "e1",
                "2016-12-28",
                "expel",
                "obama",
                "russia",
                "Obama orders the expulsion of 35 Russian diplomats",
                "[]",
            )],
        ),
        (
            "ledger",
            "Ledger",
            &[
                (
                    "e1",
                    "2016-12-30",
                    "expel",
                    "putin",
                    "us",
                    "Putin expels 35 US diplomats",
                    r#"[{"type":"retaliates_for","target":"wire/e1"}]"#,
                ),
                ("e2", "2017-02-20", "expel", "obama", "russia", "Obama expels 35 Russian diplomats", "[]"),
            ],
        ),
    ])
}

#[test]
fn retellings_are_one_story_and_their_disagreement_is_kept() {
    let corpus = expulsions();
    let stories = Stories::cluster(&corpus, &[]);
    let (wire, post) = (index(&corpus, "wire/e1"), index(&corpus, "post/e1"));
    assert_eq!(stories.story_of(wire), stories.story_of(post), "one act, one agent, a day apart, alike in words");
    let join = stories.joins_of(wire).next().expect("a join says why");
    assert_eq!(join.rule, Rule::Evidence);
    assert!(join.score >= super::cluster::THRESHOLD);
    let facts = super::facts::Facts::of(&corpus, &stories, wire);
    assert_eq!(facts.reports.len(), 2);
    assert_eq!(facts.disagree.len(), 1, "the 28th and the 29th do not meet");
    assert_eq!(facts.outlets, ["Post", "Wire"]);
    assert!(facts.disagreement());
}

#[test]
fn the_answering_act_and_the_same_words_months_later_are_other_stories() {
    let corpus = expulsions();
    let stories = Stories::cluster(&corpus, &[]);
    let wire = stories.story_of(index(&corpus, "wire/e1"));
    assert_ne!(wire, stories.story_of(index(&corpus, "ledger/e1")), "another agent, and it retaliates for the first");
    assert_ne!(wire, stories.story_of(index(&corpus, "ledger/e2")), "the same words, two months later");
    assert_eq!(stories.len(), 3);
}

#[test]
fn a_split_stands_alone_and_a_merge_joins_until_undone() {
    let corpus = expulsions();
    let (wire, post, ledger) = (index(&corpus, "wire/e1"), index(&corpus, "post/e1"), index(&corpus, "ledger/e2"));
    let found = Stories::cluster(&corpus, &[]);
    let split = found.with_choices(&corpus, &[Choice::Alone(post)]);
    assert_ne!(split.story_of(wire), split.story_of(post));
    assert_eq!(split.len(), 4);
    let merged = found.with_choices(&corpus, &[Choice::Merge(wire, ledger)]);
    assert_eq!(merged.reports_with(ledger).len(), 3, "the whole story of wire/e1 and ledger/e2");
    assert_eq!(merged.joins_of(ledger).next().map(|j| j.rule), Some(Rule::ByHand));
    // A split made after the merge takes the report out again; a merge after it brings it back.
    let undone = found.with_choices(&corpus, &[Choice::Merge(wire, ledger), Choice::Alone(ledger)]);
    assert_eq!(undone.reports_with(ledger), [ledger]);
    let again = found.with_choices(&corpus, &[Choice::Alone(ledger), Choice::Merge(wire, ledger)]);
    assert_eq!(again.reports_with(ledger).len(), 3);
    // Splitting out the report that held the others together leaves them together.
    let hub = found.with_choices(&corpus, &[Choice::Merge(wire, ledger), Choice::Alone(wire)]);
    assert_eq!(hub.reports_with(wire), [wire]);
    assert_eq!(hub.story_of(post), hub.story_of(ledger));
    assert_eq!(hub.joins_of(post).next().map(|j| j.rule), Some(Rule::Stayed));
}

#[test]
fn a_story_shows_once_in_a_view_at_its_lead() {
    let corpus = expulsions();
    let stories = Stories::cluster(&corpus, &[]);
    let everything: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
    let shown = stories.one_per_story(&everything);
    assert_eq!(shown.len(), stories.len());
    let (wire, post) = (index(&corpus, "wire/e1"), index(&corpus, "post/e1"));
    let story = stories.story_of(wire);
    assert!(shown.contains(&stories.lead(story)));
    // The lead is the report the others meet, the shorter on a tie: either day here; a
    // view without it shows the other.
    let other = if stories.lead(story) == wire { post } else { wire };
    let without: Vec<EventIx> = everything.iter().copied().filter(|&e| e != stories.lead(story)).collect();
    assert!(stories.one_per_story(&without).contains(&other));
}

#[test]
fn same_as_links_and_gdelt_rows_coded_alike_are_one_story() {
    let corpus = corpus_of(&[
        ("a", "A", &[("e1", "2016-12-29", "meet", "obama", "putin", "Leaders talk", "[]")]),
        (
            "b",
            "B",
            &[(
                "e1",
                "2016-12-29",
                "sanction",
                "us",
                "russia",
                "Unrelated words entirely",
                r#"[{"type":"same_as","target":"a/e1"}]"#,
            )],
        ),
    ]);
    let stories = Stories::cluster(&corpus, &[]);
    assert_eq!(stories.len(), 1);
    assert_eq!(stories.joins()[0].rule, Rule::SameAs);

    // Two rows of one day, actors, code and place; a third elsewhere.
    let row = |id: &str, place: &str, url: &str| {
        format!(
            "{id}\t20191024\t201910\t2019\t2019.8055\tUSA\tUNITED STATES\tUSA\t\t\t\t\t\t\t\tRUS\tRUSSIA\tRUS\t\t\t\t\t\t\t\t1\t\
             042\t042\t04\t1\t1.9\t2\t1\t2\t-1.5\t1\tWashington\tUS\tUS\t\t38.9\t-77.0\t531871\t1\tMoscow\tRS\tRS\t\t55.7\t37.6\t-2960561\t\
             4\t{place}\tUS\tUSDC\t\t38.9\t-77.0\t{place}\t20191024143000\t{url}"
        )
    };
    let text = [
        row("1", "Washington", "https://a.example/1"),
        row("2", "Washington", "https://b.example/2"),
        row("3", "Paris", "https://c.example/3"),
    ]
    .join("\n");
    let corpus = load_str("day.export.CSV", &text).corpus;
    assert_eq!(corpus.events().len(), 3);
    let stories = Stories::cluster(&corpus, &[]);
    assert_eq!(stories.len(), 2, "{:?}", stories.joins());
    assert_eq!(stories.joins()[0].rule, Rule::Coded);
    let facts = super::facts::Facts::of(&corpus, &stories, stories.joins()[0].a);
    assert_eq!(facts.gdelt, Some([4, 2, 4]), "NumMentions, NumSources, NumArticles summed");
}

#[test]
fn relations_and_chains_lift_to_stories() {
    let corpus = bundled();
    let stories = Stories::cluster(&corpus, &[]);
    let expel = index(&corpus, "capitalwire-2016-12-29-sanctions/e1");
    let propose = index(&corpus, "eurasialedger-2016-12-30-lavrov-proposal/e1");
    let revoke = index(&corpus, "balticobserver-2016-12-30-putin-declines/e1");
    // The chain expel -> propose -> revoke reads as three story rows, each once.
    let chain = super::lift::chain(&corpus, &stories, expel);
    let rows: Vec<u32> = chain.rows.iter().filter(|r| !r.repeated).map(|r| stories.story_of(r.event)).collect();
    let mut distinct = rows.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), rows.len(), "a story is a row once");
    for e in [expel, propose, revoke] {
        assert!(rows.contains(&stories.story_of(e)), "{}", corpus.event(e).summary.raw());
    }
    let depth =
        |e: EventIx| chain.rows.iter().find(|r| stories.story_of(r.event) == stories.story_of(e)).unwrap().depth;
    assert!(depth(expel) < depth(propose) && depth(propose) < depth(revoke), "{:?}", chain.rows);
    // The revocation's story revokes the proposal's story, whichever reports say so.
    let lifted = super::lift::relations(&corpus, &stories, stories.story_of(revoke));
    let revokes = lifted.iter().find(|l| l.label() == "revokes").expect("revokes the proposal");
    assert_eq!(revokes.story, stories.story_of(propose));
    assert!(lifted.iter().all(|l| l.story != stories.story_of(revoke)), "no relation of a story with itself");
}

#[test]
fn a_story_kept_in_an_export_joins_its_reports_again() {
    // Two events no rule would join (a year apart, other actors, other words), kept as one
    // story, and a third event left alone.
    let export = r#"{"annals_export": 1, "actors": [],
      "events": [
        {"article": {"id": "a", "title": "T"}, "id": "e1", "date": "2015-03-01", "summary": "Parliament passes a budget"},
        {"article": {"id": "b", "title": "U"}, "id": "e1", "date": "2016-12-29", "summary": "Obama expels diplomats"},
        {"article": {"id": "b", "title": "U"}, "id": "e2", "date": "2016-12-30", "summary": "Putin declines to retaliate"}
      ],
      "stories": [{"reports": ["b/e1", "a/e1"]}]}"#;
    let loaded = load_str("kept.json", export);
    assert!(loaded.report.diagnostics().is_empty(), "{:?}", loaded.report.diagnostics());
    let corpus = loaded.corpus;
    let (a, b, c) = (index(&corpus, "a/e1"), index(&corpus, "b/e1"), index(&corpus, "b/e2"));
    assert_eq!(corpus.kept_stories(), [vec![a, b]], "in timeline order");
    let stories = Stories::cluster(&corpus, &[]);
    assert_eq!(stories.reports_with(a), [a, b]);
    assert_eq!(stories.reports(stories.story_of(c)), [c]);
    let joins: Vec<_> = stories.joins_of(a).map(|j| (j.a, j.b, j.rule, j.score)).collect();
    assert_eq!(joins, [(a, b, Rule::Kept, 1.0)]);
    // The user's split still wins over what the export kept.
    let split = Stories::cluster(&corpus, &[Choice::Alone(b)]);
    assert_eq!(split.reports_with(a), [a]);
}

#[test]
fn events_of_one_sentence_or_of_one_unannotated_article_stay_apart() {
    // Two events marked in one sentence (TimeML's shape: the sentence is the summary),
    // and the same sentence's event told again by another article, which joins.
    let a = r#"{"id":"a","title":"A","events":[{"id":"e1","date":"1998-08-07","summary":"Bombs [exploded] outside the embassies in Nairobi and Dar es Salaam, killing 224"},{"id":"e2","date":"1998-08-07","summary":"Bombs exploded outside the embassies in Nairobi and Dar es Salaam, [killing] 224"}]}"#;
    let b = r#"{"id":"b","title":"B","events":[{"id":"e1","date":"1998-08-07","summary":"Bombs [exploded] outside the US embassies in Nairobi and Dar es Salaam"}]}"#;
    let text = format!("{a}\n{b}\n");
    let corpus = load_str("sentences.jsonl", &text).corpus;
    let stories = Stories::cluster(&corpus, &[]);
    let (a1, a2, b1) = (index(&corpus, "a/e1"), index(&corpus, "a/e2"), index(&corpus, "b/e1"));
    assert_ne!(stories.story_of(a1), stories.story_of(a2), "two events of one sentence");
    assert_eq!(stories.story_of(a1), stories.story_of(b1), "one event in two articles");
}
