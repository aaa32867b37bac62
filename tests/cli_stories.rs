//! `annals stories` and `annals export --stories`, run as a user runs them: the stories of
//! the filtered reports in each format, the notes' splits applied, and exports that keep
//! the stories (natively, and one TimelineJS slide a story).

use assert_cmd::Command;

fn annals() -> Command {
    Command::cargo_bin("annals").unwrap()
}

/// Standard output of `annals ARGS`, which must succeed.
fn run(args: &[&str]) -> String {
    let out = annals().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON Lines of `annals stories ARGS --format jsonl`.
fn stories_jsonl(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["stories", "--format", "jsonl"];
    all.extend_from_slice(args);
    run(&all).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn report_names(story: &serde_json::Value) -> Vec<String> {
    story["reports"].as_array().unwrap().iter().map(|r| r["event"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_table_gives_date_reports_disagreement_summary_and_outlets() {
    let table = run(&["stories", "--merged"]);
    let line = table.lines().find(|l| l.contains("Lavrov proposes expelling")).unwrap_or_else(|| panic!("{table}"));
    assert_eq!(
        line,
        "2016-12-30 07:00Z      ×4  ≠  Lavrov proposes expelling 31 embassy staff and four consulate diplomats  \
         (Cyber Frontline Digest, Eurasia Daily Ledger)"
    );
    assert!(table.lines().all(|l| l.contains('×')), "--merged shows only stories of several reports:\n{table}");
    let every = run(&["stories"]);
    assert!(every.lines().count() > table.lines().count());
    assert!(every.lines().any(|l| !l.contains('×')), "a story of one report has no ×N");
}

#[test]
fn a_story_shows_when_any_of_its_reports_passes_the_filter() {
    let article = "washingtondispatch-2017-01-01-diplomats-depart";
    let table = run(&["stories", "--article", article]);
    let line = table.lines().find(|l| l.contains("Putin says he will not expel")).unwrap_or_else(|| panic!("{table}"));
    assert!(line.contains("×7  ≠"), "the whole story, not the one report: {line}");
    let listed = run(&["list", "--article", article]);
    assert!(table.lines().count() <= listed.lines().count(), "one line a story, never more than its reports");
}

#[test]
fn tsv_and_jsonl_say_the_same_stories() {
    let tsv = run(&["stories", "--merged", "--format", "tsv"]);
    let mut lines = tsv.lines();
    assert_eq!(lines.next(), Some("story\tdate\treports\tdisagree\tsummary\toutlets\tevents"));
    let jsonl = stories_jsonl(&["--merged"]);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), jsonl.len());
    for (row, story) in rows.iter().zip(&jsonl) {
        assert_eq!(row[0], story["story"].to_string());
        assert_eq!(row[1], story["date"]["text"].as_str().unwrap_or(""), "undated: an empty field");
        assert_eq!(row[2], story["reports"].as_array().unwrap().len().to_string());
        assert_eq!(row[4], story["summary"].as_str().unwrap());
        assert_eq!(row[6], report_names(story).join("; "));
    }
}

#[test]
fn jsonl_says_each_report_and_why_it_was_joined() {
    let jsonl = stories_jsonl(&["--merged"]);
    let story = jsonl
        .iter()
        .find(|s| s["summary"] == "Lavrov proposes expelling 31 embassy staff and four consulate diplomats")
        .unwrap();
    let keys: Vec<&str> = story.as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "story",
        "date",
        "summary",
        "reports",
        "disagree",
        "statuses",
        "articles",
        "outlets",
        "first_reported",
        "last_reported",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert!(story.get("gdelt").is_none(), "only for GDELT rows");
    let names = report_names(story);
    assert_eq!(names.len(), 4);
    for report in story["reports"].as_array().unwrap() {
        let joined = report["joined"].as_array().unwrap();
        assert!(!joined.is_empty(), "every report of a merged story was joined: {report}");
        for join in joined {
            assert!(names.contains(&join["with"].as_str().unwrap().to_string()), "{join}");
            assert!(
                ["same as", "evidence", "same coding", "kept story", "merged by hand"]
                    .contains(&join["rule"].as_str().unwrap())
            );
            assert!(join["score"].as_f64().unwrap() > 0.0);
        }
        assert!(report["date"]["text"].is_string() && report["status"].is_string(), "{report}");
    }
    let disagree = story["disagree"].as_array().unwrap();
    assert!(disagree.iter().all(|d| names.contains(&d.as_str().unwrap().to_string())));
    let statuses: usize = story["statuses"].as_object().unwrap().values().map(|v| v.as_array().unwrap().len()).sum();
    assert_eq!(statuses, 4, "each report under its status");
}

#[test]
fn a_split_in_the_notes_file_applies() {
    let before = stories_jsonl(&["--merged"]);
    let pair = before.iter().find(|s| s["reports"].as_array().unwrap().len() == 2).unwrap();
    let report = report_names(pair)[1].clone();
    let (article, event) = report.rsplit_once('/').unwrap();
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.jsonl");
    let line = serde_json::json!({"split": {"article": article, "event": event}, "at": "2026-11-30T09:00:00Z"});
    std::fs::write(&notes, format!("{line}\n")).unwrap();
    let after = stories_jsonl(&["--merged", "--notes", notes.to_str().unwrap()]);
    assert_eq!(after.len(), before.len() - 1, "the split story is two stories of one report");
    assert!(after.iter().all(|s| !report_names(s).contains(&report)));
}

#[test]
fn a_native_export_with_stories_keeps_them_through_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("all.json");
    run(&["export", "--stories", "-o", export.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let kept: Vec<Vec<String>> = json["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reports"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect())
        .collect();
    let merged: Vec<Vec<String>> = stories_jsonl(&["--merged"]).iter().map(report_names).collect();
    assert_eq!(kept.len(), merged.len());
    let again: Vec<Vec<String>> =
        stories_jsonl(&["--merged", export.to_str().unwrap()]).iter().map(report_names).collect();
    assert_eq!(again, merged, "the reloaded export tells the same stories");
    // Without --stories, no "stories" at all.
    let plain = dir.path().join("plain.json");
    run(&["export", "-o", plain.to_str().unwrap()]);
    assert!(!std::fs::read_to_string(&plain).unwrap().contains("\"stories\""));
}

#[test]
fn a_timelinejs_export_with_stories_is_one_slide_a_story() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.timeline.json");
    let out = annals()
        .args(["export", "--stories", "--format", "timelinejs", "-o", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let undated: usize = String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .find_map(|l| {
            l.strip_prefix("annals: ")?
                .strip_suffix(" undated stories left out (TimelineJS needs a date)")?
                .parse()
                .ok()
        })
        .unwrap_or(0);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let slides = json["events"].as_array().unwrap();
    assert_eq!(slides.len() + undated, stories_jsonl(&[]).len(), "one slide a dated story");
    let slide = slides
        .iter()
        .find(|s| s["text"]["headline"] == "Lavrov proposes expelling 31 embassy staff and four consulate diplomats")
        .unwrap();
    let text = slide["text"]["text"].as_str().unwrap();
    assert!(text.starts_with("<p>Told by 4 reports"), "{text}");
    assert!(text.contains("≠ Its sources disagree"), "{text}");
    assert_eq!(text.matches("<li>").count(), 4, "each report with its source: {text}");
    assert!(text.contains("Eurasia Daily Ledger"), "{text}");
}
