//! Counts on a small corpus: several actors to an event, undated events, attributes,
//! weeks across a year's end, and the fields a word names.

use super::*;
use crate::model::Corpus;

/// Four events: two actors (one named twice) in an event, a tag in two cases, GDELT's
/// attributes, a date whose offset puts it on another day in UTC, an undated event.
const ARTICLE: &str = r#"{"id": "a1", "title": "T", "source": "Test Wire",
  "actors": [
    {"id": "putin", "name": "Vladimir Putin", "kind": "person"},
    {"id": "lavrov", "name": "Sergei Lavrov", "kind": "person"},
    {"id": "usa", "name": "United States", "kind": "country"}
  ],
  "events": [
    {"id": "e1", "date": "2016-12-31", "summary": "one", "action": "expel",
     "participants": [{"actor": "putin", "role": "agent"}, {"actor": "usa", "role": "target"}],
     "tags": ["Sanctions", "sanctions"], "attributes": {"EventCode": "0834", "QuadClass": "4"}},
    {"id": "e2", "date": "2017-01-01T23:30-05:00", "summary": "two", "action": "expel",
     "participants": [{"actor": "lavrov", "role": "agent"}, {"actor": "putin", "role": "other"},
                      {"actor": "lavrov", "role": "target"}],
     "tags": ["expulsion"], "attributes": {"EventCode": "0834"}},
    {"id": "e3", "date": "2017-01-02", "summary": "three", "action": "propose", "status": "proposed",
     "participants": [{"actor": "lavrov", "role": "agent"}], "attributes": {"EventCode": "036 1"}},
    {"id": "e4", "summary": "undated"}
  ]}"#;

fn corpus() -> Corpus {
    crate::ingest::load_str("test.json", ARTICLE).corpus
}

/// (label, events, term) of each bucket of the whole corpus.
fn counted(corpus: &Corpus, word: &str) -> Vec<(String, usize, String)> {
    let by = GroupBy::parse(word, corpus).unwrap();
    let all: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
    count_by(corpus, &all, &by).into_iter().map(|b| (b.label, b.events, b.term)).collect()
}

fn rows(expected: &[(&str, usize, &str)]) -> Vec<(String, usize, String)> {
    expected.iter().map(|&(l, n, t)| (l.to_string(), n, t.to_string())).collect()
}

#[test]
fn actions_are_counted_most_first_then_by_label_with_the_events_without_one() {
    let c = corpus();
    assert_eq!(
        counted(&c, "action"),
        rows(&[("expel", 2, "action:expel"), ("(none)", 1, "-action:*"), ("propose", 1, "action:propose")])
    );
}

#[test]
fn an_event_counts_once_for_each_distinct_actor() {
    let c = corpus();
    assert_eq!(
        counted(&c, "actor"),
        rows(&[
            ("Sergei Lavrov", 2, "actor:lavrov"),
            ("Vladimir Putin", 2, "actor:putin"),
            ("(none)", 1, "-actor:*"),
            ("United States", 1, "actor:usa"),
        ])
    );
    assert_eq!(
        counted(&c, "Agent"),
        rows(&[("Sergei Lavrov", 2, "agent:lavrov"), ("(none)", 1, "-agent:*"), ("Vladimir Putin", 1, "agent:putin")])
    );
    assert_eq!(
        counted(&c, "target"),
        rows(&[("(none)", 2, "-target:*"), ("Sergei Lavrov", 1, "target:lavrov"), ("United States", 1, "target:usa")])
    );
}

#[test]
fn tags_differing_only_in_case_are_one_tag_counted_once() {
    let c = corpus();
    assert_eq!(
        counted(&c, "tag"),
        rows(&[("(none)", 2, "-tag:*"), ("expulsion", 1, "tag:expulsion"), ("sanctions", 1, "tag:sanctions")])
    );
}

#[test]
fn dates_count_on_the_day_the_list_shows_and_weeks_cross_the_years_end() {
    let c = corpus();
    assert_eq!(
        counted(&c, "day"),
        rows(&[
            ("(none)", 1, "-date:*"),
            ("2016-12-31", 1, "date:2016-12-31"),
            // 23:30 at -05:00 is the 2nd in UTC: it counts on the day it was written.
            ("2017-01-01", 1, "date:2017-01-01"),
            ("2017-01-02", 1, "date:2017-01-02"),
        ])
    );
    assert_eq!(
        counted(&c, "week"),
        rows(&[
            ("2016-W52", 2, "date:2016-12-26..2017-01-01"),
            ("(none)", 1, "-date:*"),
            ("2017-W01", 1, "date:2017-01-02..2017-01-08"),
        ])
    );
    assert_eq!(
        counted(&c, "month"),
        rows(&[("2017-01", 2, "date:2017-01"), ("(none)", 1, "-date:*"), ("2016-12", 1, "date:2016-12")])
    );
    assert_eq!(
        counted(&c, "year"),
        rows(&[("2017", 2, "date:2017"), ("(none)", 1, "-date:*"), ("2016", 1, "date:2016")])
    );
}

#[test]
fn attributes_are_counted_by_short_or_full_name_and_values_are_quoted() {
    let c = corpus();
    let expected = [("0834", 2, "code:0834"), ("(none)", 1, "-code:*"), ("036 1", 1, "code:\"036 1\"")];
    assert_eq!(counted(&c, "code"), rows(&expected));
    assert_eq!(counted(&c, "eventcode")[0].2, "eventcode:0834", "the key as the user named it");
    assert_eq!(counted(&c, "quad"), rows(&[("(none)", 3, "-quad:*"), ("4", 1, "quad:4")]));
}

#[test]
fn status_article_and_source_have_a_bucket_for_every_event() {
    let c = corpus();
    assert_eq!(counted(&c, "status"), rows(&[("actual", 3, "status:actual"), ("proposed", 1, "status:proposed")]));
    assert_eq!(counted(&c, "article"), rows(&[("a1", 4, "article:a1")]));
    assert_eq!(counted(&c, "source"), rows(&[("Test Wire", 4, "source:\"Test Wire\"")]));
}

#[test]
fn only_the_events_given_are_counted() {
    let c = corpus();
    let by = GroupBy::parse("action", &c).unwrap();
    let e3 = c.events().iter().position(|e| &*e.id == "e3").unwrap() as EventIx;
    let buckets = count_by(&c, &[e3], &by);
    assert_eq!(buckets.len(), 1);
    assert_eq!((buckets[0].label.as_str(), buckets[0].events), ("propose", 1));
    assert!(count_by(&c, &[], &by).is_empty());
}

#[test]
fn a_bucket_is_left_out_by_the_opposite_words() {
    let c = corpus();
    let all: Vec<EventIx> = (0..4).collect();
    let buckets = count_by(&c, &all, &GroupBy::parse("code", &c).unwrap());
    let excluding: Vec<String> = buckets.iter().map(Bucket::excluding).collect();
    assert_eq!(excluding, ["-code:0834", "code:*", "-code:\"036 1\""]);
}

#[test]
fn words_name_fields_ignoring_case_and_a_near_miss_is_offered() {
    let c = corpus();
    assert_eq!(GroupBy::parse("ACTION", &c), Ok(GroupBy::Action));
    assert_eq!(GroupBy::parse("Code", &c), Ok(GroupBy::Attribute { key: "code".into(), name: "EventCode".into() }));
    assert_eq!(
        GroupBy::parse("quadclass", &c),
        Ok(GroupBy::Attribute { key: "quadclass".into(), name: "QuadClass".into() })
    );
    let error = GroupBy::parse("actr", &c).unwrap_err();
    assert!(error.starts_with("cannot count by 'actr' (did you mean 'actor'?); fields: action, actor,"), "{error}");
    assert!(error.ends_with("; attributes: code, quad"), "{error}");
    assert!(!GroupBy::parse("colour", &c).unwrap_err().contains("did you mean"));
}

#[test]
fn the_panel_cycles_through_the_fields_this_corpus_has() {
    let c = corpus();
    let names: Vec<String> = GroupBy::available(&c).iter().map(|b| b.name().to_string()).collect();
    // One article: counting by article says nothing.
    let expected = ["action", "actor", "agent", "target", "tag", "status", "source", "day", "week", "month", "year"];
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.extend(["code".to_string(), "quad".to_string()]);
    assert_eq!(names, expected);
    assert_eq!(GroupBy::Week.key(), "date");
}

#[test]
fn counting_on_every_core_gives_what_one_thread_gives() {
    let c = corpus();
    // The same events many times over, split across the cores.
    let many: Vec<EventIx> = (0..200_000).map(|i| i % 4).collect();
    let by = GroupBy::Actor;
    let split = count_by(&c, &many, &by);
    let labels: Vec<(&str, usize)> = split.iter().map(|b| (b.label.as_str(), b.events)).collect();
    assert_eq!(
        labels,
        [("Sergei Lavrov", 100_000), ("Vladimir Putin", 100_000), ("(none)", 50_000), ("United States", 50_000)]
    );
}

#[test]
fn counting_from_the_lists_gives_what_counting_each_event_gives() {
    let c = corpus();
    let sorted = |mut v: Vec<Bucket>| {
        v.sort_unstable_by(|a, b| a.term.cmp(&b.term));
        v
    };
    let everything: Vec<EventIx> = (0..4).collect();
    for view in [&everything[..], &everything[1..], &[0, 3][..]] {
        for by in [GroupBy::Action, GroupBy::Actor, GroupBy::Tag, GroupBy::Status, GroupBy::Article] {
            let from_lists = lists::count(&c, view, &by).expect("a large view is counted from the lists");
            assert_eq!(sorted(from_lists), sorted(count_each(&c, view, &by)), "{by:?} of {view:?}");
        }
    }
    assert!(lists::count(&c, &[1, 0], &GroupBy::Action).is_none(), "not a view: counted event by event");
    assert!(lists::count(&c, &everything, &GroupBy::Agent).is_none(), "no list of agents");
}
