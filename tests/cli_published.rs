//! `--published DATE` and the `FILE.published` sidecar, run as a user runs them: a brat
//! document (a format with no document date) and articles without `published` get one,
//! their relative dates are read against it, and articles with a date of their own keep
//! it. (Apart from tests/cli.rs, which is long already.)

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// A brat document whose one event is dated "Tuesday", the DATE argument.
const ANN: &str = "T1\tCOUNTRY 0 4\tU.S.\n\
                   T2\tEmbargo 10 19\tsanctions\n\
                   T3\tDATE 23 30\tTuesday\n\
                   E1\tEmbargo:T2 Imposer:T1 Reference_point_time:T3\n";
const TXT: &str = "U.S. sets sanctions on Tuesday.\n";

/// The brat document in a fresh directory, with the sidecar of `doc.ann` if given.
fn brat(sidecar: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.txt"), TXT).unwrap();
    let ann = dir.path().join("doc.ann");
    std::fs::write(&ann, ANN).unwrap();
    if let Some(date) = sidecar {
        std::fs::write(dir.path().join("doc.ann.published"), date).unwrap();
    }
    (dir, ann)
}

/// Standard output, standard error and exit code of `annals ARGS`.
fn annals(args: &[&str], paths: &[&Path]) -> (String, String, i32) {
    let out = Command::cargo_bin("annals").unwrap().args(args).args(paths).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (text(out.stdout), text(out.stderr), out.status.code().unwrap())
}

/// The date of each event listed, as written in the TSV (empty when undated).
fn dates(args: &[&str], paths: &[&Path]) -> Vec<String> {
    let (stdout, stderr, _) = annals(&[&["list", "--format", "tsv"], args].concat(), paths);
    assert!(stdout.starts_with("event\t"), "{stdout}{stderr}");
    stdout.lines().skip(1).map(|l| l.split('\t').nth(2).unwrap().to_string()).collect()
}

#[test]
fn a_brat_document_has_no_date_until_one_is_given() {
    let (_dir, ann) = brat(None);
    assert_eq!(dates(&[], &[&ann]), [""]);
    let (stdout, _, _) = annals(&["check"], &[&ann]);
    assert!(stdout.contains("'Tuesday' cannot be resolved because the article has no 'published' date"), "{stdout}");
    // 2016-12-30 is a Friday: the Tuesday before it.
    assert_eq!(dates(&["--published", "2016-12-30"], &[&ann]), ["2016-12-27"]);
    // A global option: any command takes it, after its name.
    let (_, stderr, code) = annals(&["--published", "2016-12-30", "list"], &[&ann]);
    assert_eq!(stderr, "annals: no file 'list': options go after the command (annals list [OPTIONS] [PATH...])\n");
    assert_eq!(code, 2);
    let (stdout, _, _) = annals(&["check", "--published", "2016-12-30"], &[&ann]);
    assert!(stdout.ends_with("1 file, 1 article, 1 event (1 dated), 1 actor: 0 errors, 0 warnings\n"), "{stdout}");
}

#[test]
fn a_sidecar_dates_its_file_over_published() {
    let (_dir, ann) = brat(Some("2017-01-06\n"));
    // 2017-01-06 is a Friday too, a week later.
    assert_eq!(dates(&[], &[&ann]), ["2017-01-03"]);
    assert_eq!(dates(&["--published", "2016-12-30"], &[&ann]), ["2017-01-03"]);
    // Found through a directory as well; the sidecar is no input of its own.
    let dir = ann.parent().unwrap();
    let (stdout, _, code) = annals(&["check"], &[dir]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.ends_with("1 file, 1 article, 1 event (1 dated), 1 actor: 0 errors, 0 warnings\n"), "{stdout}");
}

#[test]
fn a_bad_sidecar_is_a_located_error_that_does_not_stop_the_load() {
    let (_dir, ann) = brat(Some("\n  30/12/2016\n"));
    let sidecar = format!("{}.published", ann.display());
    let (stdout, _, code) = annals(&["check", "--published", "2016-12-30"], &[&ann]);
    assert_eq!(
        stdout.lines().next().unwrap(),
        format!(
            "{sidecar}:2:3: error: malformed date '30/12/2016': expected YYYY, YYYY-MM, YYYY-MM-DD, \
             YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or START/END; --published 2016-12-30 is used instead"
        )
    );
    assert_eq!(code, 1);
    let (stdout, stderr, code) = annals(&["list", "--published", "2016-12-30"], &[&ann]);
    assert!(stdout.starts_with("2016-12-27"), "the file still loads, dated by --published: {stdout}");
    assert!(stderr.starts_with(&format!("{sidecar}:2:3: error: malformed date")), "{stderr}");
    assert_eq!(code, 1, "an error in the data");
}

#[test]
fn a_bad_published_date_is_a_usage_error() {
    let (_dir, ann) = brat(None);
    for (date, why) in [
        ("2016-02-30", "impossible date '2016-02-30': February 2016 has 29 days"),
        ("yesterday", "malformed date 'yesterday'"),
        ("2016-12-01/2016-12-31", "is a period, not one date"),
    ] {
        let (stdout, stderr, code) = annals(&["list", "--published", date], &[&ann]);
        assert_eq!((stdout.as_str(), code), ("", 2), "{date}");
        assert!(stderr.contains("--published <DATE>") && stderr.contains(why), "{date}: {stderr}");
    }
}

#[test]
fn articles_with_a_date_of_their_own_keep_it_and_the_others_take_the_given_one() {
    let dir = tempfile::tempdir().unwrap();
    let article = |id: &str, published: &str| {
        format!(
            r#"{{"id": "{id}", "title": "T", {published} "events": [{{"id": "e", "summary": "S", "date_text": "on Tuesday"}}]}}"#
        )
    };
    let dated = dir.path().join("dated.json");
    std::fs::write(&dated, article("dated", r#""published": "2016-12-30","#)).unwrap();
    let undated = dir.path().join("undated.json");
    std::fs::write(&undated, article("undated", "")).unwrap();
    // JSON Lines files are streamed: the date reaches the workers that read them.
    let lines = dir.path().join("lines.jsonl");
    std::fs::write(&lines, article("lines", "") + "\n").unwrap();
    std::fs::write(dir.path().join("lines.jsonl.published"), "2020-01-10").unwrap();
    let paths: [&Path; 3] = [&dated, &undated, &lines];
    let (stdout, stderr, code) = annals(&["list", "--format", "jsonl", "--published", "2018-06-15"], &paths);
    assert_eq!(code, 0, "{stderr}");
    let by_article: Vec<(String, String)> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|e| (e["article"].as_str().unwrap().to_string(), e["date"]["text"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        by_article,
        [
            ("dated".to_string(), "2016-12-27".to_string()),
            ("undated".to_string(), "2018-06-12".to_string()),
            ("lines".to_string(), "2020-01-07".to_string())
        ]
    );
}

/// A TimeML document without a creation time: its PRESENT_REF ("today") needs one.
const TIMEML: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>nodct</DOCID>
<TEXT>
Officials <EVENT eid="e1" class="OCCURRENCE">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="PRESENT_REF">today</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
</TimeML>
"#;

#[test]
fn a_timeml_document_without_a_creation_time_takes_the_given_date_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let tml = dir.path().join("doc.tml");
    std::fs::write(&tml, TIMEML).unwrap();
    let (stdout, _, _) = annals(&["check"], &[&tml]);
    assert!(stdout.contains("warning: no document creation time"), "{stdout}");
    assert_eq!(dates(&[], &[&tml]), [""]);
    assert_eq!(dates(&["--published", "2016-12-30"], &[&tml]), ["2016-12-30"]);
    let (stdout, _, _) = annals(&["check", "--published", "2016-12-30"], &[&tml]);
    assert!(stdout.ends_with("1 event (1 dated), 0 actors: 0 errors, 0 warnings\n"), "{stdout}");
    std::fs::write(dir.path().join("doc.tml.published"), "2017-01-06").unwrap();
    assert_eq!(dates(&["--published", "2016-12-30"], &[&tml]), ["2017-01-06"]);
}
