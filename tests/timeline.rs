//! The model through the library: timeline order, relations, actors, fuzzy ranking.

use annals::ingest::{self, Input, LoadOptions, Loaded};
use annals::model::{Corpus, RelationKind, Status};
use annals::query::{Filter, rank_actors};

fn chain() -> Loaded {
    ingest::load(&[Input::Path("tests/fixtures/chain".into())], &LoadOptions::default())
}

fn summaries(corpus: &Corpus) -> Vec<&str> {
    corpus.events().iter().map(|e| e.summary.raw()).collect()
}

#[test]
fn without_the_report_fallback_an_undated_event_follows_its_articles_dated_events() {
    let options = LoadOptions { undated: annals::model::Undated::WithArticle, ..LoadOptions::default() };
    let Loaded { corpus, .. } = ingest::load(&[Input::Path("tests/fixtures/chain".into())], &options);
    assert_eq!(
        summaries(&corpus).last(),
        Some(&"Further steps may follow"),
        "after the inauguration, its article's last"
    );
    let later = corpus.events().iter().position(|e| e.summary.raw() == "Further steps may follow").unwrap();
    assert_eq!(corpus.reported_on(later as u32), None);
    let Loaded { corpus, .. } = chain();
    let later = corpus.events().iter().position(|e| e.summary.raw() == "Further steps may follow").unwrap();
    assert_eq!(corpus.reported_on(later as u32).map(|w| w.iso()).as_deref(), Some("2016-12-29T21:00-05:00"));
    assert_eq!(corpus.events()[later].date, None, "never as its date");
}

#[test]
fn the_timeline_orders_by_period_then_relations_then_publication() {
    let Loaded { corpus, report } = chain();
    assert!(report.diagnostics().is_empty(), "{:?}", report.diagnostics());
    assert_eq!(
        summaries(&corpus),
        [
            // 2016 starts before 2016-12, which starts before the 29th.
            "A year of election hacking",
            "December of sanctions",
            // Same start: the day ends before the 72-hour window.
            "Obama expels 35 Russian diplomats",
            "Diplomats given 72 hours to leave",
            // Same day, written revoke-first in the file: the revoked proposal comes first.
            "Lavrov proposes expelling 35 US diplomats",
            "Putin revokes the proposal",
            // An undated event: at its article's publication (2016-12-29 21:00 -05:00,
            // shown as reported then, never as its date).
            "Further steps may follow",
            "Russian diplomats leave Washington",
            "Intelligence assessment published",
            "Trump to be sworn in",
        ]
    );
}

#[test]
fn undated_events_are_placed_with_their_article() {
    let json = r#"[
{"id": "a", "title": "A", "published": "2016-12-31", "events": [
  {"id": "a1", "date": "2016-12-29", "summary": "A's first"},
  {"id": "a2", "summary": "A's undated"},
  {"id": "a3", "date": "2016-12-30T10:00Z", "summary": "A's last dated"}]},
{"id": "b", "title": "B", "published": "2017-01-02", "events": [
  {"id": "b1", "summary": "B's undated, at its publication"}]},
{"id": "c", "title": "C", "events": [{"id": "c1", "summary": "C's undated, last"}]},
{"id": "d", "title": "D", "events": [
  {"id": "d1", "date": "2016-12-30T10:00Z", "summary": "D, same time as A's last"},
  {"id": "d2", "date": "2017-01-01", "summary": "D, new year"}]}
]"#;
    let loaded = ingest::load_str("placed.json", json);
    let corpus = &loaded.corpus;
    assert_eq!(
        summaries(corpus),
        [
            "A's first",
            "A's last dated",
            "D, same time as A's last",
            // After every dated event of its article's latest period, before what follows.
            "A's undated",
            "D, new year",
            "B's undated, at its publication",
            "C's undated, last",
        ]
    );
    // The dated events keep their own index in order: date filters and day counts skip
    // the undated ones among them.
    let dated = Filter::parse_words("date:*").unwrap().compile(corpus).unwrap().apply(corpus);
    let dated: Vec<&str> = dated.iter().map(|&e| corpus.events()[e as usize].summary.raw()).collect();
    assert_eq!(dated, ["A's first", "A's last dated", "D, same time as A's last", "D, new year"]);
    let from = Filter::parse_words("from:2016-12-30").unwrap().compile(corpus).unwrap().apply(corpus);
    assert_eq!(from.len(), 3, "{from:?}");
    assert_eq!(corpus.dated_len(), 4);
    assert_eq!(corpus.dated_starts().len(), 4);
    assert!(corpus.dated_starts().is_sorted());
}

#[test]
fn the_order_does_not_depend_on_the_order_of_files() {
    let forward = chain().corpus;
    let files = ["later.jsonl", "washington.json", "moscow.json"];
    let inputs: Vec<Input> = files.iter().map(|f| Input::Path(format!("tests/fixtures/chain/{f}").into())).collect();
    let backward = ingest::load(&inputs, &LoadOptions::default()).corpus;
    assert_eq!(summaries(&forward), summaries(&backward));
}

#[test]
fn equal_dates_fall_back_to_publication_then_article_order() {
    let text = r#"[
      {"id": "late", "title": "L", "published": "2016-12-31", "events": [
        {"id": "a", "summary": "late-a", "date": "2016-12-30"}]},
      {"id": "early", "title": "E", "published": "2016-12-30", "events": [
        {"id": "b", "summary": "early-b", "date": "2016-12-30"},
        {"id": "a", "summary": "early-a", "date": "2016-12-30"}]}
    ]"#;
    let corpus = ingest::load_str("t.json", text).corpus;
    assert_eq!(summaries(&corpus), ["early-b", "early-a", "late-a"]);
}

#[test]
fn a_cause_comes_before_its_effect_on_the_same_day_and_cycles_do_not_hang() {
    let text = r#"{"id": "x", "title": "X", "events": [
        {"id": "effect", "summary": "effect", "date": "2016-12-30"},
        {"id": "cause", "summary": "cause", "date": "2016-12-30", "relations": [{"type": "causes", "target": "effect"}]},
        {"id": "p", "summary": "p", "date": "2016-12-31", "relations": [{"type": "follows", "target": "q"}]},
        {"id": "q", "summary": "q", "date": "2016-12-31", "relations": [{"type": "follows", "target": "p"}]}
    ]}"#;
    let corpus = ingest::load_str("t.json", text).corpus;
    assert_eq!(summaries(&corpus), ["cause", "effect", "p", "q"]);
}

#[test]
fn relations_are_resolved_in_both_directions() {
    let corpus = chain().corpus;
    let find = |s: &str| corpus.events().iter().position(|e| e.summary.raw().starts_with(s)).unwrap();
    let (expel, propose, revoke) = (find("Obama expels"), find("Lavrov proposes"), find("Putin revokes"));
    let p = &corpus.events()[propose];
    assert_eq!(p.relations[0].kind, RelationKind::RetaliatesFor);
    assert_eq!(p.relations[0].target, Some(expel as u32));
    assert_eq!(&*corpus.events()[revoke].relations[0].target_ref, "moscow/propose");
    assert_eq!(corpus.incoming(propose as u32), [(RelationKind::Revokes, revoke as u32)]);
    assert_eq!(p.status, Status::Proposed);
}

#[test]
fn relative_dates_resolve_against_publication_and_say_so() {
    let corpus = chain().corpus;
    let expel = corpus.events().iter().find(|e| &*e.id == "expel").unwrap();
    assert_eq!(expel.date.unwrap().iso(), "2016-12-29");
    assert!(expel.date_resolved);
    assert_eq!(expel.date_text.as_ref().unwrap().raw(), "on Thursday");
}

#[test]
fn evidence_offsets_are_found_in_characters() {
    let corpus = chain().corpus;
    let expel = corpus.events().iter().find(|e| &*e.id == "expel").unwrap();
    assert_eq!(expel.evidence[0].span, Some((35, 64)));
    let propose = corpus.events().iter().find(|e| &*e.id == "propose").unwrap();
    assert_eq!(propose.evidence[0].span, Some((47, 85)));
}

#[test]
fn actors_declared_in_several_articles_merge_their_aliases() {
    let text = r#"[
      {"id": "a", "title": "A", "actors": [{"id": "putin", "name": "Vladimir Putin", "aliases": ["Putin"]}], "events": []},
      {"id": "b", "title": "B", "actors": [{"id": "putin", "name": "V. Putin", "aliases": ["Путин", "putin"]}], "events": []}
    ]"#;
    let Loaded { corpus, report } = ingest::load_str("t.json", text);
    assert_eq!(corpus.actors().len(), 1);
    let aliases: Vec<&str> = corpus.actors()[0].aliases.iter().map(|a| a.raw()).collect();
    assert_eq!(aliases, ["Putin", "V. Putin", "Путин"]);
    assert_eq!(report.diagnostics().len(), 1);
    assert_eq!(
        report.diagnostics()[0].to_string(),
        "t.json:3:51: warning: actor 'putin' is named 'V. Putin' here but 'Vladimir Putin' at t.json:2:51; \
         keeping 'Vladimir Putin' and adding 'V. Putin' as an alias"
    );
}

#[test]
fn fuzzy_ranking_finds_putin_from_putn_and_lavrov_by_cyrillic_alias() {
    let corpus = ingest::load(&[Input::Bundled], &LoadOptions::default()).corpus;
    let ranked = rank_actors(&corpus, "putn");
    assert_eq!(corpus.actors()[ranked[0].actor as usize].name.raw(), "Vladimir Putin");
    let ranked = rank_actors(&corpus, "Лавр");
    assert_eq!(corpus.actors()[ranked[0].actor as usize].id, "sergei-lavrov");
    assert!(ranked[0].alias.is_some(), "matched through an alias");
    let all = rank_actors(&corpus, "");
    assert_eq!(all.len(), corpus.actors().len());
    let counts: Vec<usize> = all.iter().map(|m| corpus.actor_events(m.actor).len()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "empty query: most events first");
}

#[test]
fn fuzzy_match_indices_point_at_the_matched_characters() {
    let corpus = chain().corpus;
    let ranked = rank_actors(&corpus, "vput");
    let best = &ranked[0];
    assert_eq!(corpus.actors()[best.actor as usize].id, "putin");
    assert_eq!(best.alias, None);
    let name: Vec<char> = corpus.actors()[best.actor as usize].name.shown().chars().collect();
    let indices = annals::query::fuzzy::matched_indices(&corpus, best, "vput");
    let picked: String = indices.iter().map(|&i| name[i]).collect();
    assert_eq!(picked.to_lowercase(), "vput");
}

#[test]
fn ranking_within_earlier_matches_equals_ranking_all() {
    let corpus = ingest::load(&[Input::Bundled], &LoadOptions::default()).corpus;
    let before: Vec<u32> = rank_actors(&corpus, "ser").iter().map(|m| m.actor).collect();
    let narrowed = annals::query::fuzzy::rank_actors_within(&corpus, "serg", &before);
    assert_eq!(narrowed, rank_actors(&corpus, "serg"));
    assert!(!narrowed.is_empty());
}

#[test]
fn a_filter_is_a_vector_of_indices_in_timeline_order() {
    let corpus = chain().corpus;
    let filter = Filter::parse_words("actor:lavrov or actor:putin").unwrap();
    let events = filter.compile(&corpus).unwrap().apply(&corpus);
    let got: Vec<&str> = events.iter().map(|&e| corpus.events()[e as usize].summary.raw()).collect();
    assert_eq!(
        got,
        [
            "Lavrov proposes expelling 35 US diplomats",
            "Putin revokes the proposal",
            "Russian diplomats leave Washington"
        ]
    );
    assert!(events.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn streamed_json_lines_merge_repeated_actor_declarations_like_any_file() {
    let line = |id: &str, name: &str| {
        format!(
            r#"{{"id": "{id}", "title": "T", "actors": [{{"id": "putin", "name": "{name}", "aliases": ["Putin"]}}], "events": [{{"id": "e", "summary": "S", "participants": [{{"actor": "putin", "role": "agent"}}]}}]}}"#
        )
    };
    let text =
        [line("a", "Vladimir Putin"), line("b", "Vladimir Putin"), line("c", "V. Putin"), line("d", "Vladimir Putin")]
            .join("\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    std::fs::write(&path, &text).unwrap();
    let streamed = ingest::load(&[Input::Path(path)], &LoadOptions::default());
    let whole = ingest::load_str("many.json", &text);
    for Loaded { corpus, report } in [&streamed, &whole] {
        assert_eq!(corpus.actors().len(), 1);
        let aliases: Vec<&str> = corpus.actors()[0].aliases.iter().map(|a| a.raw()).collect();
        assert_eq!(aliases, ["Putin", "V. Putin"]);
        assert_eq!(corpus.actor_events(0).len(), 4);
        assert_eq!(report.diagnostics().len(), 1, "{:?}", report.diagnostics());
        assert!(report.diagnostics()[0].message.contains("is named 'V. Putin' here"));
        assert_eq!(report.diagnostics()[0].line, 3);
    }
}

#[test]
fn relations_and_actors_may_point_forward_to_later_articles() {
    let text = r#"[
      {"id": "a", "title": "A", "events": [
        {"id": "e1", "date": "2016-12-30", "summary": "Putin revokes it", "participants": [{"actor": "putin"}],
         "relations": [{"type": "revokes", "target": "b/e1"}, {"type": "follows", "target": "e0"},
                       {"type": "same_as", "target": "b/e2"}, {"type": "causes", "target": "nowhere"}]},
        {"id": "e0", "date": "2016-12-29", "summary": "Something before", "participants": [{"actor": "nobody"}]},
        {"id": "e9", "summary": "Nobody again", "participants": [{"actor": "nobody"}]}]},
      {"id": "b", "title": "B", "actors": [{"id": "putin", "name": "Vladimir Putin", "kind": "person"}], "events": [
        {"id": "e1", "date": "2016-12-31", "summary": "Lavrov proposes"},
        {"id": "e2", "date": "2016-12-30", "summary": "Putin revokes it too"}]}
    ]"#;
    let Loaded { corpus, report } = ingest::load_str("t.json", text);
    let revoke = corpus.events().iter().find(|e| e.summary.raw() == "Putin revokes it").unwrap();
    let targets: Vec<(&str, bool)> = revoke.relations.iter().map(|r| (&*r.target_ref, r.target.is_some())).collect();
    // In the order written, whether the target came before or after.
    assert_eq!(targets, [("b/e1", true), ("a/e0", true), ("b/e2", true), ("nowhere", false)]);
    let putin = &corpus.actors()[revoke.participants[0].actor as usize];
    assert_eq!((putin.name.raw(), putin.declared), ("Vladimir Putin", true));
    let messages: Vec<String> = report.diagnostics().iter().map(|d| d.to_string()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].starts_with("t.json:4:24: warning: event 'e1' revokes 'b/e1' but is dated 2016-12-30, before it")
    );
    assert!(messages[1].contains("relation target 'nowhere' not found"));
    assert!(messages[2].contains("unknown actor 'nobody': no article declares it"));
}

#[test]
fn a_relation_into_an_article_later_parts_add_to_resolves_as_the_whole_corpus_says() {
    let dir = tempfile::tempdir().unwrap();
    let a = r#"{"annals_export": 1, "events": [
      {"article": {"id": "X", "title": "X"}, "id": "e", "summary": "E in a", "date": "2016-12-29"},
      {"article": {"id": "Y", "title": "Y"}, "id": "r", "summary": "R", "date": "2016-12-30",
       "relations": [{"type": "follows", "target": "X/e"}]}]}"#;
    let b = r#"{"annals_export": 1, "events": [
      {"article": {"id": "X", "title": "X"}, "id": "e", "summary": "E in b", "date": "2016-12-31"}]}"#;
    std::fs::write(dir.path().join("a.json"), a).unwrap();
    std::fs::write(dir.path().join("b.json"), b).unwrap();
    let corpus = ingest::load(&[Input::Path(dir.path().to_path_buf())], &LoadOptions::default()).corpus;
    let r = corpus.events().iter().find(|e| &*e.id == "r").unwrap();
    let target = &corpus.events()[r.relations[0].target.unwrap() as usize];
    // The last event of that id, as when every relation was resolved at the end.
    assert_eq!(target.summary.raw(), "E in b");
}

#[test]
fn an_actor_named_many_times_in_a_long_list_lists_the_event_once() {
    // 200 participants over 50 actors: past the length that is scanned back for repeats.
    let participants: Vec<String> =
        (0..200).map(|i| format!(r#"{{"actor": "a{}", "role": "agent"}}"#, i % 50)).collect();
    let actors: Vec<String> = (0..50).map(|i| format!(r#"{{"id": "a{i}", "name": "Actor {i}"}}"#)).collect();
    let text = format!(
        r#"{{"id": "x", "title": "T", "actors": [{}], "events": [
            {{"id": "e1", "date": "2016-12-29", "summary": "many", "participants": [{}]}},
            {{"id": "e2", "date": "2016-12-30", "summary": "one", "participants": [{{"actor": "a7"}}, {{"actor": "a7"}}]}}]}}"#,
        actors.join(", "),
        participants.join(", ")
    );
    let corpus = ingest::load_str("t.json", &text).corpus;
    for a in 0..50 {
        let expected: &[u32] = if a == 7 { &[0, 1] } else { &[0] };
        assert_eq!(corpus.actor_events(a), expected, "actor a{a}");
    }
}

#[test]
fn a_date_text_that_leaves_the_calendar_says_so() {
    let text = r#"{"id": "a", "title": "T", "published": "2016-12-30", "events": [
      {"id": "e1", "summary": "far", "date_text": "4294967295 years ago"},
      {"id": "e2", "summary": "far too", "date_text": "2100 years ago"},
      {"id": "e3", "summary": "near", "date_text": "two days ago"},
      {"id": "e4", "summary": "unread", "date_text": "sometime"}]}"#;
    let Loaded { corpus, report } = ingest::load_str("t.json", text);
    let messages: Vec<String> = report.diagnostics().iter().map(|d| d.message.clone()).collect();
    assert_eq!(
        messages,
        [
            "event 'e1': date_text '4294967295 years ago' names a date outside the years 1 to 9999; the event is undated",
            "event 'e2': date_text '2100 years ago' names a date outside the years 1 to 9999; the event is undated",
            "event 'e4': cannot read a date in date_text 'sometime'; the event is undated",
        ]
    );
    assert_eq!(corpus.dated_len(), 1);
}

#[test]
fn relations_order_events_whose_periods_overlap_and_dates_order_the_rest() {
    // The month's review follows the day's attack; the leak happened before the 22nd and
    // before the arrest of the 21st; the talks of the 1st are followed by the 30th's
    // summit only in time, not by any link: dates decide.
    let text = r#"[{"id": "a", "title": "T", "events": [
      {"id": "review", "date": "2016-12", "summary": "Review of the month",
       "relations": [{"type": "follows", "target": "a/attack"}]},
      {"id": "attack", "date": "2016-12-05", "summary": "Attack"},
      {"id": "arrest", "date": "2016-12-21", "summary": "Arrest",
       "relations": [{"type": "follows", "target": "a/leak"}]},
      {"id": "leak", "date": "before 2016-12-22", "summary": "Leak"},
      {"id": "talks", "date": "2016-11-01", "summary": "Talks", "relations": [{"type": "follows", "target": "a/summit"}]},
      {"id": "summit", "date": "2016-11-30", "summary": "Summit"}]}]"#;
    let Loaded { corpus, .. } = ingest::load_str("a.json", text);
    assert_eq!(summaries(&corpus), ["Talks", "Summit", "Attack", "Review of the month", "Leak", "Arrest"]);
    // The month now reads after a day that starts later: dates still select exactly.
    let picked = |words: &str| -> Vec<&str> {
        let events = Filter::parse_words(words).unwrap().compile(&corpus).unwrap().apply(&corpus);
        events.iter().map(|&e| corpus.events()[e as usize].summary.raw()).collect()
    };
    assert_eq!(picked("date:2016-12-01"), ["Review of the month"]);
    assert_eq!(picked("date:2016-12-05"), ["Attack"]);
    assert_eq!(picked("from:2016-12-02"), ["Attack", "Leak", "Arrest"]);
    assert_eq!(picked("date:2016-12-01..2016-12-05 Review or Attack"), ["Attack", "Review of the month"]);
}
