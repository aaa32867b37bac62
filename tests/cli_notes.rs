//! The notes file from the command line: `--view NAME` refused before the interface opens
//! when no such view is saved (with the name meant), and `--notes FILE` read from where it
//! is asked.

use assert_cmd::Command;

fn annals(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("annals").unwrap();
    cmd.current_dir(dir).env("XDG_DATA_HOME", dir.join("data")).env("ANNALS_CONFIG", dir.join("none.toml"));
    cmd
}

#[test]
fn a_view_that_is_not_saved_is_refused_with_the_name_meant() {
    let dir = tempfile::tempdir().unwrap();
    let out = annals(dir.path()).args(["--view", "chain"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let bundled = dir.path().join("data/annals/bundled/notes.jsonl");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("annals: --view: no view named chain: none is saved (:save NAME saves one) in {}\n", bundled.display())
    );
    let notes = dir.path().join("mine.jsonl");
    std::fs::write(&notes, "{\"view\":\"chain\",\"filter\":\"is:marked\",\"at\":\"2026-01-01T00:00:00Z\"}\n").unwrap();
    let out = annals(dir.path()).args(["--notes", "mine.jsonl", "--view", "chian"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "annals: --view: no view named chian: did you mean chain? in mine.jsonl\n"
    );
}

#[test]
fn a_saved_view_passes_on_to_the_interface() {
    // Without a terminal the interface refuses to open, after the view was found.
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("mine.jsonl");
    std::fs::write(&notes, "{\"view\":\"chain\",\"filter\":\"is:marked\",\"at\":\"2026-01-01T00:00:00Z\"}\n").unwrap();
    let out = annals(dir.path()).args(["--notes", "mine.jsonl", "--view", "chain"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("annals: standard output is not a terminal"));
}

#[test]
fn an_export_carries_the_notes_and_selects_the_marked_events() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("news");
    std::fs::create_dir(&data).unwrap();
    for file in ["moscow.json", "washington.json"] {
        std::fs::copy(format!("tests/fixtures/chain/{file}"), data.join(file)).unwrap();
    }
    // Beside the data, as the interface writes it; a broken line is a located warning.
    std::fs::create_dir(data.join(".annals")).unwrap();
    let moscow: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("moscow.json")).unwrap()).unwrap();
    let article = moscow["id"].as_str().unwrap();
    let event = moscow["events"][0]["id"].as_str().unwrap();
    let line = serde_json::json!({"article": article, "event": event, "marked": true, "starred": false,
        "note": "ask the embassy", "at": "2026-01-01T00:00:00Z"});
    std::fs::write(data.join(".annals/notes.jsonl"), format!("{line}\n{{\"article\": 1\n")).unwrap();
    let out = annals(dir.path()).args(["export", "--where", "is:marked", "news"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "notes.jsonl:2:13: warning: not JSON: EOF while parsing an object (the line is kept)\n"
    );
    let export: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(export["count"], 1);
    assert_eq!(export["filters"], "is:marked");
    assert_eq!(export["events"][0]["id"], event);
    assert_eq!(export["events"][0]["marked"], true);
    assert_eq!(export["events"][0]["note"], "ask the embassy");
    assert!(export["events"][0].get("starred").is_none());
}
