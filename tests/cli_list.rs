//! `annals list` to a pipe, run as a user runs it: whole fields in the table, and
//! `--format tsv|jsonl` with ids that `--article` and `--where article:` take again.
//! (Apart from tests/cli.rs, which is long already.)

use assert_cmd::Command;
use std::path::PathBuf;

/// Two articles whose ids need care on the command line (a space, a colon), a summary
/// with a tab and a line break in it, an undated event and an open date.
const ARTICLES: &str = r#"[
{"id": "wire story", "title": "T1",
  "actors": [{"id": "lavrov", "name": "Sergei Lavrov"}, {"id": "embassy", "name": "US Embassy\tin Moscow"}],
  "events": [
    {"id": "e1", "date": "2016-12-30T10:00+03:00", "summary": "Lavrov\tproposes\nexpelling", "action": "propose",
     "status": "proposed", "tags": ["expulsion", "diplomacy"],
     "participants": [{"actor": "embassy", "role": "target"}, {"actor": "lavrov", "role": "agent"}]},
    {"id": "e2", "summary": "An undated event"}
  ]},
{"id": "tass:2016/1", "title": "T2",
  "events": [{"id": "e1", "date": "before 2016-12-29", "summary": "Something before", "action": "warn"}]}
]"#;

/// The articles in a fresh directory (kept while the test runs).
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("articles.json");
    std::fs::write(&path, ARTICLES).unwrap();
    (dir, path)
}

/// Standard output of `annals list ARGS PATH`, which must succeed.
fn list(args: &[&str], path: &PathBuf) -> String {
    let out = Command::cargo_bin("annals").unwrap().arg("list").args(args).arg(path).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_piped_table_keeps_actors_and_summaries_whole() {
    let out = Command::cargo_bin("annals").unwrap().arg("list").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let line = stdout
        .lines()
        .find(|l| l.contains("Lavrov’s ministry"))
        .unwrap_or_else(|| panic!("the bundled corpus has Lavrov's ministry's proposal:\n{stdout}"));
    assert!(
        line.ends_with(
            "Russian Foreign Ministry, Sergei Lavrov, US Embassy in Moscow, US Consulate General in St Petersburg  \
             Lavrov’s ministry asks Putin to expel 31 embassy and 4 consulate staff"
        ),
        "{line}"
    );
}

#[test]
fn tsv_has_a_header_and_one_escaped_line_an_event() {
    let (_dir, path) = corpus();
    assert_eq!(
        list(&["--format", "tsv"], &path),
        "event\tarticle\tdate\tstatus\tactor_ids\tactors\taction\tsummary\n\
         tass:2016/1/e1\ttass:2016/1\tbefore 2016-12-29\tactual\t\t\twarn\tSomething before\n\
         wire story/e1\twire story\t2016-12-30T10:00+03:00\tproposed\tlavrov; embassy\t\
         Sergei Lavrov; US Embassy\\tin Moscow\tpropose\tLavrov\\tproposes\\nexpelling\n\
         wire story/e2\twire story\t\tactual\t\t\t\tAn undated event\n"
    );
}

#[test]
fn jsonl_has_one_object_an_event_with_ids_dates_and_roles() {
    let (_dir, path) = corpus();
    let out = list(&["--format", "jsonl"], &path);
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(
        lines[1],
        serde_json::json!({
            "event": "wire story/e1", "id": "e1", "article": "wire story",
            "date": {"text": "2016-12-30T10:00+03:00", "start": "2016-12-30T07:00:00Z", "end": "2016-12-30T07:01:00Z"},
            "status": "proposed",
            "actors": [{"id": "lavrov", "name": "Sergei Lavrov", "role": "agent"},
                       {"id": "embassy", "name": "US Embassy\tin Moscow", "role": "target"}],
            "action": "propose", "summary": "Lavrov\tproposes\nexpelling", "tags": ["expulsion", "diplomacy"]
        })
    );
    // An open side is null; an undated event has no date.
    assert_eq!(
        lines[0]["date"],
        serde_json::json!({"text": "before 2016-12-29", "start": null, "end": "2016-12-29T00:00:00Z"})
    );
    assert_eq!(lines[2]["date"], serde_json::Value::Null);
    assert_eq!(lines[2]["action"], serde_json::Value::Null);
}

#[test]
fn the_ids_listed_select_their_events_again() {
    let (_dir, path) = corpus();
    let every: Vec<serde_json::Value> =
        list(&["--format", "jsonl"], &path).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let tsv = list(&["--format", "tsv"], &path);
    let tsv_articles: Vec<&str> = tsv.lines().skip(1).map(|l| l.split('\t').nth(1).unwrap()).collect();
    for article in ["wire story", "tass:2016/1"] {
        assert!(tsv_articles.contains(&article), "{tsv}");
        let expected: Vec<&serde_json::Value> = every.iter().filter(|e| e["article"] == article).collect();
        let quoted = format!("article:\"{article}\"");
        for args in [["--article", article], ["--where", quoted.as_str()]] {
            let again: Vec<serde_json::Value> = list(&[&args[..], &["--format", "jsonl"]].concat(), &path)
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(again.iter().collect::<Vec<_>>(), expected, "{args:?}");
        }
    }
}

#[test]
fn times_of_day_are_listed_on_one_clock() {
    let (_dir, path) = corpus();
    assert!(list(&[], &path).contains("2016-12-30 07:00Z"), "UTC by default: 10:00 in Moscow");
    assert!(list(&["--tz", "-05:00"], &path).contains("2016-12-30 02:00-05:00"));
    assert!(list(&["--tz", "+03:00", "--format", "tsv"], &path).contains("2016-12-30T10:00+03:00"), "data as written");
    let out = Command::cargo_bin("annals").unwrap().args(["list", "--tz", "Moscow"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'Moscow' is not a time zone: use UTC, local, or an offset such as +03:00"), "{err}");
}

/// An article published on 2016-12-30 with a dated and an undated event.
const REPORTED: &str = r#"[{"id": "a", "title": "T", "published": "2016-12-30",
  "events": [
    {"id": "dated", "date": "2016-12-29", "summary": "Dated the day before"},
    {"id": "undated", "summary": "Undated, reported on the 30th"}]},
  {"id": "b", "title": "U", "events": [{"id": "later", "date": "2016-12-31", "summary": "The 31st"}]}]"#;

#[test]
fn an_undated_event_is_placed_and_listed_at_its_report_never_as_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reported.json");
    std::fs::write(&path, REPORTED).unwrap();
    let table = list(&[], &path);
    let rows: Vec<&str> = table.lines().collect();
    assert!(rows[1].starts_with("rep 2016-12-30") && rows[1].ends_with("Undated, reported on the 30th"), "{table}");
    assert!(rows[2].ends_with("The 31st"), "before the next day's events: {table}");
    let jsonl = list(&["--format", "jsonl"], &path);
    let undated: serde_json::Value = serde_json::from_str(jsonl.lines().nth(1).unwrap()).unwrap();
    assert_eq!(undated["date"], serde_json::Value::Null, "never its date");
    assert_eq!(undated["reported_on"]["text"], "2016-12-30");
    // date:reported selects them; --no-reported-on puts them back with their article's
    // dated events, and says no report.
    assert_eq!(list(&["--where", "date:reported", "--format", "tsv"], &path).lines().count(), 2);
    let off = list(&["--no-reported-on", "--format", "jsonl"], &path);
    let lines: Vec<&str> = off.lines().collect();
    assert!(lines[1].contains("\"undated\"") && !lines[1].contains("reported_on"), "{off}");
    assert_eq!(list(&["--no-reported-on", "--where", "date:reported", "--format", "tsv"], &path).lines().count(), 1);
}

/// Sentences without participants or actors, as SemEval's track B has them.
const UNANNOTATED: &str = r#"[{"id": "a", "title": "T", "published": "2005-06-13",
  "events": [
    {"id": "e1", "summary": "Airbus [wins] a Qatar Airways order"},
    {"id": "e2", "summary": "The A380 [flies] to Toulouse"},
    {"id": "e3", "summary": "Nothing [happens] here"}]}]"#;

#[test]
fn an_actor_no_annotation_names_is_found_in_the_sentences_and_entities_are_declared_with_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sentences.json");
    std::fs::write(&path, UNANNOTATED).unwrap();
    let ids = |out: String| out.lines().skip(1).map(|l| l.split('\t').next().unwrap().to_string()).collect::<Vec<_>>();
    // No actor is called Airbus: the sentences that name it.
    assert_eq!(ids(list(&["--actor", "Airbus", "--format", "tsv"], &path)), ["a/e1"]);
    assert_eq!(ids(list(&["--actor", "airbus", "--format", "tsv"], &path)), ["a/e1"], "lower case: any case");
    let out = Command::cargo_bin("annals").unwrap().args(["list", "--actor", "Boeing"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "nothing names it: {}", String::from_utf8_lossy(&out.stderr));
    // Declared with an alias, an entity is an actor of the events that name it (role named).
    let entities = dir.path().join("entities.txt");
    std::fs::write(&entities, "# targets\nAirbus A380 | A380\nAirbus\n").unwrap();
    let e = entities.to_str().unwrap();
    assert_eq!(ids(list(&["--entities", e, "--actor", "Airbus A380", "--format", "tsv"], &path)), ["a/e2"]);
    let jsonl = list(&["--entities", e, "--actor", "Airbus", "--format", "jsonl"], &path);
    assert!(jsonl.contains(r#""actors":[{"id":"Airbus","name":"Airbus","role":"named"}]"#), "{jsonl}");
    // A line without a name is an error at its place.
    std::fs::write(&entities, "Airbus\n  | A380\n").unwrap();
    let out = Command::cargo_bin("annals").unwrap().args(["list", "--entities", e]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("entities.txt:2:3: error: an entity's line starts with its name"), "{stderr}");
}
