//! `annals count --by FIELD`, run as a user runs it, on a corpus each test writes itself:
//! its table, TSV and JSON, filters and limits, and an unknown field. (Apart from
//! tests/cli.rs, which is long already.)

use assert_cmd::Command;
use std::path::PathBuf;

/// Three events of one article: expel twice (one with two actors), propose once, one of
/// them undated; GDELT's event code as an attribute.
const ARTICLE: &str = r#"{"id": "a1", "title": "T", "source": "Test Wire",
  "actors": [
    {"id": "putin", "name": "Vladimir Putin", "kind": "person"},
    {"id": "lavrov", "name": "Sergei Lavrov", "kind": "person"}
  ],
  "events": [
    {"id": "e1", "date": "2016-12-30", "summary": "one", "action": "expel",
     "participants": [{"actor": "putin", "role": "agent"}, {"actor": "lavrov", "role": "target"}],
     "attributes": {"EventCode": "0834"}},
    {"id": "e2", "date": "2016-12-30T10:00+03:00", "summary": "two", "action": "expel",
     "participants": [{"actor": "putin", "role": "agent"}], "attributes": {"EventCode": "0834"}},
    {"id": "e3", "summary": "three", "action": "propose", "status": "proposed",
     "participants": [{"actor": "lavrov", "role": "agent"}]}
  ]}"#;

/// The corpus in a fresh directory (kept while the test runs).
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.json");
    std::fs::write(&path, ARTICLE).unwrap();
    (dir, path)
}

/// Standard output, standard error and exit code of `annals count ARGS PATH`.
fn count(args: &[&str]) -> (String, String, i32) {
    let (_dir, path) = corpus();
    let out = Command::cargo_bin("annals").unwrap().arg("count").args(args).arg(&path).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (text(out.stdout), text(out.stderr), out.status.code().unwrap())
}

#[test]
fn by_action_is_a_table_of_counts_shares_and_labels() {
    let (stdout, stderr, code) = count(&["--by", "action"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert_eq!(stdout, "count   share  action (3 events)\n    2   66.7%  expel\n    1   33.3%  propose\n", "{stdout}");
}

#[test]
fn by_actor_counts_an_event_once_for_each_of_its_actors() {
    let (stdout, _, code) = count(&["--by", "actor", "--format", "tsv"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "Sergei Lavrov\t2\tactor:lavrov\nVladimir Putin\t2\tactor:putin\n");
}

#[test]
fn by_day_puts_undated_events_in_none_with_the_words_that_select_them() {
    let (stdout, _, code) = count(&["--by", "day", "--format", "tsv"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "2016-12-30\t2\tdate:2016-12-30\n(none)\t1\t-date:*\n");
}

#[test]
fn tsv_is_label_count_term_and_json_has_the_total() {
    let (tsv, _, _) = count(&["--by", "code", "--format", "tsv"]);
    assert_eq!(tsv, "0834\t2\tcode:0834\n(none)\t1\t-code:*\n");
    let (json, _, code) = count(&["--by", "code", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({
            "by": "code",
            "total": 3,
            "buckets": [
                {"label": "0834", "count": 2, "term": "code:0834"},
                {"label": "(none)", "count": 1, "term": "-code:*"}
            ]
        })
    );
}

#[test]
fn filters_narrow_what_is_counted_and_limit_keeps_the_largest() {
    let (stdout, _, code) = count(&["--by", "action", "--actor", "lavrov", "--format", "tsv"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "expel\t1\taction:expel\npropose\t1\taction:propose\n");
    let (stdout, _, _) = count(&["--by", "action", "--limit", "1"]);
    assert_eq!(stdout, "count   share  action (3 events)\n    2   66.7%  expel\n               … and 1 more\n");
}

#[test]
fn an_unknown_field_is_a_usage_error_naming_the_near_miss() {
    let (stdout, stderr, code) = count(&["--by", "actr"]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert!(
        stderr.starts_with("annals: cannot count by 'actr' (did you mean 'actor'?); fields: action, actor,"),
        "{stderr}"
    );
    assert!(stderr.trim_end().ends_with("; attributes: code"), "{stderr}");
}
