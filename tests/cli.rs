//! The headless commands, run as a user runs them: the real binary, its output and exit code.

use assert_cmd::Command;
use rstest::rstest;
use std::path::Path;

fn annals() -> Command {
    Command::cargo_bin("annals").expect("the annals binary is built")
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().expect("runs").stdout).expect("UTF-8 output")
}

#[rstest]
#[case("bad/empty.json", "1:1: error: empty file: expected an article object, an array of articles, or JSON Lines")]
#[case(
    "bad/bom.json",
    "1:1: error: the file starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow: save it without one"
)]
#[case("bad/invalid-utf8.json", "3:16: error: invalid UTF-8 (bytes E9 22 2C 0A): annals reads UTF-8 text")]
#[case(
    "bad/truncated.json",
    "5:32: error: invalid JSON: unexpected end of file: the object is not closed (is the file truncated?); it opens at 5:5"
)]
#[case("bad/syntax.json", "4:3: error: invalid JSON: expected ',' or '}' after a field, found '\"'")]
#[case("bad/wrong-type.json", "5:29: error: events[0].summary: expected a string, found a number (event skipped)")]
#[case(
    "bad/duplicate-article.json",
    "3:10: error: duplicate article id 'a' (first defined at tests/fixtures/bad/duplicate-article.json:2:10); this article is skipped"
)]
#[case(
    "bad/duplicate-event.json",
    "6:12: error: duplicate event id 'e1' in article 'a' (first defined at tests/fixtures/bad/duplicate-event.json:5:12); this event is skipped"
)]
#[case(
    "bad/impossible-date.json",
    "5:42: error: events[0].date: impossible date '2016-02-30': February 2016 has 29 days (event skipped)"
)]
#[case(
    "bad/malformed-date.json",
    "5:42: error: events[0].date: malformed date '29/12/2016': expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or START/END (event skipped)"
)]
#[case(
    "bad/escape-in-date.json",
    "5:42: error: events[0].date: malformed date '2016-12-29\\u{1b}[8m': expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or START/END (event skipped)"
)]
#[case("bad/missing-title.json", "1:1: error: the article has no 'title', which is required")]
#[case(
    "bad/bad-status.json",
    "5:44: error: events[0].status: unknown value 'rumoured' (expected actual | proposed | revoked | denied | planned | hypothetical) (event skipped)"
)]
#[case(
    "bad/mixed.jsonl",
    "2:27: error: invalid JSON: expected a JSON value, found the end of the line (each line holds one whole article)"
)]
fn each_broken_fixture_gives_its_located_error(#[case] fixture: &str, #[case] expected: &str) {
    let path = format!("tests/fixtures/{fixture}");
    let out = annals().args(["check", &path]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().next(), Some(format!("{path}:{expected}").as_str()), "{stdout}");
    assert_eq!(out.status.code(), Some(1), "check exits 1 on errors");
}

#[rstest]
#[case(
    "warn/unknown-field.json",
    "5:34: warning: events[0]: unknown field 'colour' (known: id, date, date_text, summary, action, status, participants, evidence, relations, tags, attributes)"
)]
#[case(
    "warn/unknown-actor.json",
    "5:51: warning: unknown actor 'nobody': no article declares it; kept as an undeclared actor"
)]
#[case(
    "warn/missing-target.json",
    "5:48: warning: relation target 'b/e9' not found (write it as ARTICLE/EVENT); kept unresolved"
)]
#[case("warn/evidence-not-found.json", "6:47: warning: evidence quote not found in the article text: 'Putin expelled'")]
#[case(
    "warn/contradicting-relation.json",
    "7:20: warning: event 'reply' responds to 'a/cause' but is dated 2016-12-28, before it (2016-12-29)"
)]
#[case(
    "warn/date-text-disagrees.json",
    "6:42: warning: event 'e1': date is 2016-12-29 but date_text 'on Wednesday' means 2016-12-28 for an article published 2016-12-30"
)]
#[case(
    "warn/stories-not-a-list.json",
    "6:13: warning: stories: expected a list of stories, found an object; no story is kept"
)]
#[case(
    "warn/story-unknown-event.json",
    "6:53: warning: story report 'kept-c/e9' names no loaded event (ARTICLE/EVENT); the story is kept without it"
)]
fn warnings_are_located_and_keep_the_event(#[case] fixture: &str, #[case] expected: &str) {
    let path = format!("tests/fixtures/{fixture}");
    let out = annals().args(["check", &path]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().next(), Some(format!("{path}:{expected}").as_str()), "{stdout}");
    assert!(stdout.contains(": 0 errors, 1 warning"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "warnings alone do not fail check");
    let listed = stdout_of(annals().args(["list", &path]));
    assert!(!listed.is_empty(), "the event with a warning is still loaded");
}

#[test]
fn a_directory_parsed_on_several_threads_says_what_its_files_say_one_by_one() {
    for dir in ["tests/fixtures/bad", "tests/fixtures/warn", "data"] {
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        // Each file named on its own is read on the main thread, one after another.
        let one_by_one = stdout_of(annals().arg("check").args(&files));
        for _ in 0..3 {
            assert_eq!(stdout_of(annals().args(["check", dir])), one_by_one, "{dir}");
        }
    }
}

#[test]
fn a_broken_file_does_not_stop_the_others() {
    let out = annals().args(["list", "tests/fixtures/bad/empty.json", "tests/fixtures/chain"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 10);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("tests/fixtures/bad/empty.json:1:1: error: empty file"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "data errors exit 1 even when the rest is listed");
}

#[test]
fn the_bundled_corpus_checks_clean_of_errors() {
    let out = annals().arg("check").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().last().unwrap().contains(": 0 errors"), "{stdout}");
    assert_eq!(out.status.code(), Some(0));
    let from_dir = annals().args(["check", "data"]).output().unwrap();
    assert_eq!(from_dir.status.code(), Some(0));
}

#[test]
fn the_bundled_corpus_holds_the_expel_propose_revoke_chain_in_order() {
    let out = stdout_of(annals().args(["export", "--from", "2016-12-28", "--to", "2016-12-31"]));
    let export: serde_json::Value = serde_json::from_str(&out).unwrap();
    let events = export["events"].as_array().unwrap();
    let position = |action: &str, summary_start: &str| {
        events
            .iter()
            .position(|e| e["action"] == action && e["summary"].as_str().unwrap().starts_with(summary_start))
            .unwrap_or_else(|| panic!("no {action} event '{summary_start}'"))
    };
    let expel = position("expel", "Barack Obama expels 35 Russian diplomats");
    let propose = position("propose", "Sergei Lavrov proposes expelling 35 US diplomats");
    let revoke = position("revoke", "Vladimir Putin revokes");
    assert!(expel < propose && propose < revoke, "{expel} {propose} {revoke}");
    assert_eq!(events[propose]["status"], "proposed");
    assert_eq!(events[propose]["relations"][0]["type"], "retaliates_for");
    assert_eq!(events[revoke]["relations"][0]["type"], "revokes");
    assert_eq!(export["count"], events.len());
}

#[test]
fn list_aligns_columns_and_marks_status() {
    let out = stdout_of(annals().args(["list", "--tag", "expulsion", "tests/fixtures/chain"]));
    assert_eq!(
        out,
        "2016-12-29     Barack Obama                  Obama expels 35 Russian diplomats\n\
         2016-12-30  ?  Sergei Lavrov, United States  Lavrov proposes expelling 35 US diplomats\n\
         2016-12-30     Vladimir Putin                Putin revokes the proposal\n"
    );
}

#[rstest]
#[case(&["--actor", "putin"], &["Putin revokes the proposal"])]
#[case(&["--actor", "Путин", "--actor", "obama"], &["Obama expels", "Putin revokes", "Further steps"])]
#[case(&["--from", "2016-12-30", "--to", "2016-12-30"], &["Lavrov proposes", "Putin revokes"])]
#[case(&["--from", "2017"], &["Russian diplomats leave", "Intelligence assessment", "Trump to be sworn in"])]
#[case(&["--to", "2016-12"], &["A year of", "December of", "Obama expels", "Diplomats given", "Lavrov proposes", "Putin revokes"])]
#[case(&["--status", "planned"], &["Trump to be sworn in"])]
#[case(&["--action", "revoke"], &["Putin revokes"])]
#[case(&["--tag", "cyber"], &["A year of", "Intelligence assessment"])]
#[case(&["--article", "depart"], &["Russian diplomats leave"])]
#[case(&["--text", "diplomats"], &["Obama expels", "Diplomats given", "Lavrov proposes", "Russian diplomats leave"])]
#[case(&["--text", "Diplomats"], &["Diplomats given"])]
#[case(&["--text", "expel lavrov"], &["Lavrov proposes"])]
fn filters_select_events(#[case] args: &[&str], #[case] expected: &[&str]) {
    let out = stdout_of(annals().arg("list").args(args).arg("tests/fixtures/chain"));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{out}");
    for (line, summary) in lines.iter().zip(expected) {
        assert!(line.contains(summary), "{line} should hold {summary}");
    }
}

#[rstest]
#[case(&["--actor", "nobody"], "annals: no actor 'nobody' (list them with: annals actors --query nobody)")]
#[case(&["--from", "2016-02-30"], "annals: from: impossible date '2016-02-30': February 2016 has 29 days")]
#[case(&["--from", "2017", "--to", "2016"], "annals: from 2017 is after to 2016")]
#[case(
    &["--status", "rumoured"],
    "annals: unknown status 'rumoured' (statuses: actual, denied, hypothetical, planned, proposed, revoked)"
)]
#[case(&["--article", "nope"], "annals: no article has the id 'nope' (article ids: assess, depart, hacks, moscow, washington)")]
fn bad_filters_are_usage_errors(#[case] args: &[&str], #[case] message: &str) {
    let out = annals().arg("list").args(args).arg("tests/fixtures/chain").output().unwrap();
    assert_eq!(String::from_utf8(out.stderr).unwrap().trim_end(), message);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unknown_flags_are_usage_errors() {
    annals().args(["list", "--colour", "red"]).assert().code(2);
}

#[test]
fn actors_are_ranked_by_fuzzy_match() {
    let out = stdout_of(annals().args(["actors", "--query", "putn"]));
    let first = out.lines().next().unwrap();
    assert!(first.contains("vladimir-putin") && first.contains("Vladimir Putin"), "{out}");
    let all = stdout_of(annals().args(["actors", "-q", "", "tests/fixtures/chain"]));
    assert_eq!(all.lines().count(), 4, "{all}");
    assert!(all.lines().next().unwrap().contains("obama"), "most events first: {all}");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let article = r#"{"id": "s", "title": "From a pipe", "events": [{"id": "e", "summary": "Piped event", "date": "2016-12-29"}]}"#;
    let out = annals().args(["list", "-"]).write_stdin(article).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2016-12-29     Piped event\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn concatenated_documents_on_standard_input_all_load() {
    let a = std::fs::read_to_string("tests/fixtures/chain/moscow.json").unwrap();
    let b = std::fs::read_to_string("tests/fixtures/chain/washington.json").unwrap();
    let out = annals().args(["check", "-"]).write_stdin(format!("{a}{b}")).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.trim_end(), "1 file, 3 articles, 8 events (7 dated), 4 actors: 0 errors, 0 warnings");
    let broken = format!("{a}{{\"id\": ");
    let out = annals().args(["check", "-"]).write_stdin(broken).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("<stdin>:"), "{stdout}");
    assert!(stdout.contains("1 file, 1 article, 2 events"), "the documents before the error still load: {stdout}");
}

#[test]
fn hostile_text_never_reaches_the_terminal_but_export_keeps_it() {
    let article = "{\"id\": \"h\", \"title\": \"t\\u001b]0;pwned\\u0007\", \"events\": [{\"id\": \"e\", \
        \"summary\": \"Evil\\u001b[2J\\u001b[31m red\\u202e txt\\u0007\", \"date\": \"2016-12-29\"}]}";
    let out = annals().args(["list", "-"]).write_stdin(article).output().unwrap();
    assert!(!out.stdout.iter().any(|&b| b == 0x1b || b == 0x07), "{:?}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2016-12-29     Evil red txt\u{2407}\n");
    let exported = stdout_of(annals().args(["export", "-"]).write_stdin(article));
    let json: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(json["events"][0]["summary"], "Evil\u{1b}[2J\u{1b}[31m red\u{202e} txt\u{7}");
}

#[test]
fn special_files_are_refused_without_hanging() {
    let out = annals().args(["check", "/dev/zero"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("/dev/zero:1:1: error: not a regular file (a character device)"), "{stdout}");
    assert_eq!(out.status.code(), Some(1));

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let out = annals().arg("check").arg(&fifo).timeout(std::time::Duration::from_secs(10)).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("error: not a regular file (a FIFO)"));

    let named_like_a_file = dir.path().join("articles.json");
    std::fs::create_dir(&named_like_a_file).unwrap();
    let out = annals().arg("check").arg(&named_like_a_file).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("articles.json:1:1: error: is a directory, not a file"));
}

#[test]
fn files_over_the_size_cap_are_refused_until_it_is_raised() {
    let path = "tests/fixtures/chain/washington.json";
    let size = std::fs::metadata(path).unwrap().len();
    let out = annals().args(["check", "--max-file-size", "1K", path]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected =
        format!("{path}:1:1: error: file is {size} bytes, over the 1024-byte limit; raise it with --max-file-size");
    assert_eq!(stdout.lines().next(), Some(expected.as_str()));
    annals().args(["check", "--max-file-size", "1M", path]).assert().code(0);
    annals().args(["check", "--max-file-size", "lots", path]).assert().code(2);
}

#[test]
fn export_round_trips_through_annals() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    annals().args(["export", "tests/fixtures/chain", "-o"]).arg(&first).assert().code(0);
    annals().arg("export").arg(&first).arg("-o").arg(&second).assert().code(0);
    let events = |p: &Path| {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        (v["events"].clone(), v["actors"].clone())
    };
    assert_eq!(events(&first), events(&second));
    assert_eq!(events(&first).0.as_array().unwrap().len(), 10);
    // Filters are recorded; a filtered export loads again with its relations outside counted.
    let part = dir.path().join("part.json");
    annals().args(["export", "--actor", "putin", "tests/fixtures/chain", "-o"]).arg(&part).assert().code(0);
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&part).unwrap()).unwrap();
    assert_eq!(v["filters"], "actor:putin", "the query that selected them, in the query language");
    let check = stdout_of(annals().arg("check").arg(&part));
    assert!(check.contains("1 relations of this export point to events it does not hold"), "{check}");
}

#[test]
fn an_export_with_texts_reloads_with_its_articles_texts() {
    let dir = tempfile::tempdir().unwrap();
    let (bare, texts) = (dir.path().join("bare.json"), dir.path().join("texts.json"));
    annals().args(["export", "tests/fixtures/chain", "-o"]).arg(&bare).assert().code(0);
    annals().args(["export", "--with-texts", "tests/fixtures/chain", "-o"]).arg(&texts).assert().code(0);
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&texts).unwrap()).unwrap();
    assert_eq!(v["texts"]["washington"], "President Barack Obama on Thursday expelled 35 Russian diplomats.");
    let b: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&bare).unwrap()).unwrap();
    assert!(b.get("texts").is_none(), "only when asked for");
    // An export of the export carries the same texts (the quotes found in them again:
    // tests/export.rs).
    let again = dir.path().join("again.json");
    annals().args(["export", "--with-texts"]).arg(&texts).arg("-o").arg(&again).assert().code(0);
    let a: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    assert_eq!((&a["texts"], &a["events"]), (&v["texts"], &v["events"]));
    // A text for an article that no event brings is said, and does not stop the load.
    let stray = dir.path().join("stray.json");
    let mut s = v.clone();
    s["texts"]["nowhere"] = "A text of no exported article.".into();
    std::fs::write(&stray, serde_json::to_string(&s).unwrap()).unwrap();
    let out = annals().arg("check").arg(&stray).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("texts: no exported event is of article 'nowhere': its text is not used"), "{said}");
}

#[test]
fn export_refuses_to_replace_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    std::fs::write(&target, "precious").unwrap();
    let out = annals().args(["export", "tests/fixtures/chain", "-o"]).arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("already exists (use --force to replace it)"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    annals().args(["export", "tests/fixtures/chain", "--force", "-o"]).arg(&target).assert().code(0);
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("{\n  \"annals_export\": 1"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn export_to_a_missing_directory_fails_cleanly() {
    let out = annals().args(["export", "tests/fixtures/chain", "-o", "/nonexistent-dir/x.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("annals: cannot write /nonexistent-dir/x.json: the directory does not exist"),
        "{stderr}"
    );
}

#[test]
fn without_a_terminal_the_tui_points_to_list() {
    let out = annals().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8(out.stderr).unwrap().contains("annals list"));
}

/// Mounts a tiny file system to fill it. `.ci/run` runs it (as root, with `--ignored`).
#[test]
#[ignore = "mounts a 12 KiB tmpfs, which needs root: .ci/run runs it as root with --ignored"]
fn a_full_disk_or_read_only_directory_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let mount = |args: &[&str]| std::process::Command::new("mount").args(args).arg(dir.path()).status().unwrap();
    assert!(mount(&["-t", "tmpfs", "-o", "size=12k", "tmpfs"]).success());
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(dir.path());
    let old = dir.path().join("old.json");
    std::fs::write(&old, "precious").unwrap();

    // The bundled corpus exports to far more than 12 KiB.
    let out = annals().args(["export", "--force", "-o"]).arg(&old).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no space left on the device"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "precious");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the temporary file is removed");

    assert!(mount(&["-o", "remount,ro"]).success());
    let out = annals().args(["export", "--force", "-o"]).arg(&old).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("the file system is read-only"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "precious");
}

#[test]
fn export_through_a_symbolic_link_replaces_its_target_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("real.json"), "old").unwrap();
    std::os::unix::fs::symlink("real.json", dir.path().join("link.json")).unwrap();
    let out = annals().current_dir(dir.path()).args(["export", "--force", "-o", "link.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let target = dir.path().join("real.json").canonicalize().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let said = format!(
        "annals: wrote 100 events to link.json (a symbolic link: its target {} was replaced)\n",
        target.display()
    );
    assert!(stderr.starts_with(&said), "{stderr}");
    assert!(std::fs::symlink_metadata(dir.path().join("link.json")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains("\"annals_export\": 1"));
}

#[test]
fn the_largest_size_limit_reads_files_whole() {
    let path = "tests/fixtures/chain/washington.json";
    annals().args(["check", "--max-file-size", "18446744073709551615", path]).assert().code(0);
    annals().args(["check", "--max-file-size", "16E", path]).assert().code(2);
    let out = annals().args(["check", "--max-file-size", "18446744073709551616", path]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("invalid size '18446744073709551616': too large (at most 18446744073709551615 bytes)"),
        "{stderr}"
    );
}

#[test]
fn standard_input_stops_at_the_size_limit_and_says_so() {
    let endless = "[".to_string() + &"{}, ".repeat(1000);
    let out = annals().args(["check", "--max-file-size", "1K", "-"]).write_stdin(endless).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().next(),
        Some(
            "<stdin>:1:1: error: standard input goes on past the 1024-byte limit: reading stopped there; raise it with --max-file-size"
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

/// The questions of event-data users on the command line (the same ones are typed in `f`
/// in src/tui/update/filter.rs): `--where` in the query language, beside the shorthands.
#[rstest]
#[case(&["--where", r#"tag:"material conflict""#], &["190 ", "173 ", "163 "])]
#[case(&["--tag", "material conflict"], &["190 ", "173 ", "163 "])]
#[case(&["--where", "code:14*"], &["145 ", "141 "])]
#[case(&["--action", "14*"], &[])]
#[case(&["--where", "quad:4 -status:denied not geo:US"], &["190 ", "173 "])]
#[case(&["--where", "actor:usa or actor:ukraine"], &["190 ", "173 ", "036 ", "163 ", "145 ", "141 "])]
#[case(&["--where", "dyad:russia,ukraine"], &["190 ", "173 ", "036 "])]
#[case(&["--where", "agent:russia target:ukraine"], &["190 ", "036 "])]
#[case(&["--where", "goldstein:<-5 mentions:>=10"], &["190 ", "163 "])]
#[case(&["--where", "tone:-10..-2", "--from", "2022-03-09"], &["145 ", "141 "])]
#[case(&["--text", "190"], &["190 "])]
fn queries_select_gdelt_events(#[case] args: &[&str], #[case] expected: &[&str]) {
    let out = annals().arg("list").args(args).arg("tests/fixtures/query").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    if expected.is_empty() {
        // `--action 14*` is a prefix of actions, and CAMEO codes are not actions.
        assert_eq!(out.status.code(), Some(2), "{stdout}");
        return;
    }
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    for (line, code) in lines.iter().zip(expected) {
        assert!(line.contains(code), "{line} should hold {code}");
    }
}

#[test]
fn a_wrong_query_points_at_its_culprit() {
    let out = annals().args(["list", "--where", "quad:4 actr:russia", "tests/fixtures/query"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines[0].starts_with("annals: unknown key 'actr'; did you mean 'actor'?"), "{stderr}");
    assert_eq!(lines[1..], ["  quad:4 actr:russia", "         ^^^^^^^^^^^"]);
    let out = annals().args(["list", "--where", "agent:russa", "tests/fixtures/query"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("annals: no actor 'russa'; did you mean RUSSIA?"), "{stderr}");
    let out = annals().args(["list", "--where", "(quad:4", "tests/fixtures/query"]).output().unwrap();
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "annals: this '(' is never closed\n  (quad:4\n  ^\n");
}

#[test]
fn where_help_names_the_keys_cameo_roots_and_quad_classes() {
    let help = stdout_of(annals().args(["list", "--help"]));
    for words in ["dyad:A,B", "goldstein", "4 material conflict", "14 protest", "20 use unconventional mass violence"] {
        assert!(help.contains(words), "--help should name {words}:\n{help}");
    }
}
