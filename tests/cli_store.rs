//! `annals list DIR` on a dataset `annals convert` wrote: what the binary prints is what it
//! prints for the loaded corpus, in every format, with the filter flags, `--limit`, and the
//! same errors; and a broken dataset is named with its file.

mod support;

use assert_cmd::Command;
use std::path::Path;

/// Exit code, standard output and standard error of `annals ARGS`.
fn annals(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("annals").unwrap().args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

/// The bundled corpus converted into `dir`/d (row groups of 16: seven of them).
fn dataset(dir: &Path) -> String {
    let at = dir.join("d");
    let loaded = annals::ingest::load(&[annals::ingest::Input::Bundled], &annals::ingest::LoadOptions::default());
    let events: Vec<u32> = (0..loaded.corpus.events().len() as u32).collect();
    annals::export::parquet::write_dataset_in_groups(&loaded.corpus, &events, &at, 16).unwrap();
    at.to_str().unwrap().to_string()
}

#[test]
fn a_dataset_lists_as_the_loaded_corpus_does_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    let filters: [&[&str]; 7] = [
        &[],
        &["--where", "actor:putin"],
        &["--where", "from:2016-12-29 -action:expel"],
        &["--actor", "lavrov", "--actor", "obama"],
        &["--text", "diplomats", "--to", "2016-12-30"],
        &["--where", "date:reported or status:denied"],
        &["--limit", "3", "--where", "actor:putin"],
    ];
    for filter in filters {
        for format in ["tsv", "jsonl", "table"] {
            let mut args = vec!["list", "--format", format];
            args.extend_from_slice(filter);
            let (_, expected, _) = annals(&args);
            args.push(&d);
            let (code, out, err) = annals(&args);
            assert_eq!(code, 0, "{filter:?} {format}: {err}");
            assert_eq!(err, "");
            assert!(!out.is_empty());
            if format != "table" {
                assert_eq!(out, expected, "{filter:?} as {format}");
                continue;
            }
            // A table's columns are aligned within a page (the dataset is listed as it is
            // read); its lines are the same.
            let spaced = |s: &str| -> Vec<String> {
                s.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
            };
            assert_eq!(spaced(&out), spaced(&expected), "{filter:?} as a table");
        }
    }
    let (_, three, _) = annals(&["list", "--limit", "3", &d]);
    assert_eq!(three.lines().count(), 3);
}

#[test]
fn a_filter_that_does_not_apply_says_so_as_on_the_loaded_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    for words in ["actor:putn", "agent:nobody", "date:2016-13", "actr:putin"] {
        let (code, out, err) = annals(&["list", "--format", "tsv", "--where", words, &d]);
        let (expected_code, _, expected_err) = annals(&["list", "--format", "tsv", "--where", words]);
        assert_eq!((code, out.as_str(), &err), (expected_code, "", &expected_err), "{words}");
        assert_eq!(code, 2);
    }
    // A word no page has is known once every page is read; the choices offered are the
    // last page's.
    let (code, out, err) = annals(&["list", "--format", "tsv", "--where", "action:expell", &d]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("annals: no event has the action 'expell'"), "{err}");
    assert!(err.ends_with("\n  action:expell\n  ^^^^^^^^^^^^^\n"), "{err}");
    let (code, _, err) = annals(&["list", "--where", "is:marked", &d]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "annals: is: and note: read the notes, which are matched to events once they are read: on a store, f \
         filters by them in the interface\n"
    );
}

#[test]
fn a_broken_dataset_is_named_by_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("events.parquet"), "PAR1 but not parquet").unwrap();
    let (code, out, err) = annals(&["list", bad.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.starts_with(&format!("annals: {}: ", bad.join("events.parquet").display())), "{err}");
}

#[test]
fn a_store_is_listed_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    let (code, out, err) = annals(&["list", &d, &d]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err, format!("annals: {d} is a store of events: list it alone (annals list {d})\n"));
}

#[test]
fn a_store_without_its_actors_says_they_are_known_by_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    std::fs::remove_file(Path::new(&d).join("actors.parquet")).unwrap();
    let (code, out, err) = annals(&["list", "--format", "tsv", "--where", "actor:putin", &d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "annals: note: this store lists no actors (actors.parquet, or a table actors): actors are known by their ids\n"
    );
    assert!(out.lines().count() > 10, "{out}");
}

#[test]
fn an_index_of_actors_events_written_for_other_events_is_named_and_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    let (code, expected, err) = annals(&["list", "--format", "tsv", "--where", "actor:putin", &d]);
    assert_eq!((code, err.as_str()), (0, ""));
    // An index of the first 40 events only.
    let loaded = annals::ingest::load(&[annals::ingest::Input::Bundled], &annals::ingest::LoadOptions::default());
    let other = dir.path().join("other");
    let first: Vec<u32> = (0..40).collect();
    annals::export::parquet::write_dataset_in_groups(&loaded.corpus, &first, &other, 16).unwrap();
    std::fs::copy(other.join("actor_events.parquet"), Path::new(&d).join("actor_events.parquet")).unwrap();
    let (code, out, err) = annals(&["list", "--format", "tsv", "--where", "actor:putin", &d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        format!(
            "annals: note: {d}/actor_events.parquet: written for an events.parquet of 40 events and {} bytes, and this \
             one holds {} and {} bytes: not used; a filter by actor reads every row group's participants\n",
            std::fs::metadata(other.join("events.parquet")).unwrap().len(),
            loaded.corpus.events().len(),
            std::fs::metadata(Path::new(&d).join("events.parquet")).unwrap().len(),
        )
    );
    // Nothing said where the filter names no actor.
    let (code, _, err) = annals(&["list", "--format", "tsv", "--where", "date:2016", &d]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, expected, "the same events, read without the index");
    // In the interface, among the warnings of a window whose filter names actors.
    let paths = [std::path::PathBuf::from(&d)];
    let options = annals::ingest::LoadOptions::default();
    let warnings = |query: &str| {
        let mut err = Vec::new();
        let interface = annals::cli::browse::loader(&paths, Some(query), 1_000, options.clone(), &mut err);
        let loaded = (interface.unwrap().unwrap().loader)(no_progress);
        loaded.report.diagnostics().iter().map(|d| d.message.clone()).collect::<Vec<_>>()
    };
    let said = warnings("actor:putin");
    assert!(said.iter().any(|m| m.contains("actor_events.parquet: written for an events.parquet of 40")), "{said:?}");
    assert!(!warnings("date:2016").iter().any(|m| m.contains("actor_events")));
}

#[test]
fn a_count_of_actors_alone_by_period_or_actor_is_the_count_the_events_give() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    let bare = dir.path().join("bare");
    std::fs::create_dir(&bare).unwrap();
    for file in ["events", "articles", "actors", "daily"] {
        std::fs::copy(Path::new(&d).join(format!("{file}.parquet")), bare.join(format!("{file}.parquet"))).unwrap();
    }
    let bare = bare.to_str().unwrap();
    for query in ["actor:putin", "actor:putin or actor:lavrov", "actor:obama"] {
        for by in ["day", "week", "month", "year", "actor"] {
            // The bundled corpus, loaded (its warnings said on stderr).
            let (code, expected, _) = annals(&["count", "--by", by, "--where", query]);
            assert_eq!(code, 0, "count --by {by} --where {query}");
            assert!(expected.lines().count() >= 2, "{expected}");
            for store in [d.as_str(), bare] {
                let (code, out, err) = annals(&["count", "--by", by, "--where", query, store]);
                assert_eq!((code, err.as_str()), (0, ""));
                assert_eq!(out, expected, "count --by {by} --where {query} {store}");
            }
        }
    }
}

/// `annals ARGS` as JSON or lines, without the moment an export was written.
fn without_time(text: &str) -> String {
    text.lines().filter(|l| !l.contains("\"exported_at\"")).collect::<Vec<_>>().join("\n")
}

#[test]
fn export_count_and_stories_on_a_dataset_give_what_they_give_on_the_loaded_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    let commands: [&[&str]; 9] = [
        &["export"],
        &["export", "--with-texts", "--where", "from:2016-12-29"],
        &["export", "--format", "timelinejs", "--where", "actor:putin"],
        &["export", "--format", "timelinejs", "--stories"],
        &["count", "--by", "actor"],
        &["count", "--by", "action", "--format", "tsv", "--where", "not status:denied"],
        &["count", "--by", "day", "--actor", "lavrov"],
        &["stories"],
        &["stories", "--format", "jsonl"],
    ];
    for command in commands {
        let (code, expected, expected_err) = annals(command);
        assert_eq!(code, 0, "{command:?}: {expected_err}");
        let mut args = command.to_vec();
        args.push(&d);
        let (code, out, err) = annals(&args);
        assert_eq!(code, 0, "{command:?}: {err}");
        assert!(!out.is_empty());
        // Articles' titles, addresses and texts, actors in their order, the words dates were
        // written in: a window read from the dataset has what the files have. (An export
        // streamed from a store writes its count and actors after its events.)
        if command[0] == "export" {
            assert_eq!(export_of(&out), export_of(&expected), "{command:?}");
        } else {
            assert_eq!(without_time(&out), without_time(&expected), "{command:?}");
        }
        // The bundled corpus's load warnings are the files'; the dataset has none.
        assert!(!err.contains("error"), "{command:?}: {err}");
    }
    // An export to a file from the dataset is the same export, and loads as the same events.
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    assert_eq!(annals(&["export", "-o", a, "--where", "actor:obama"]).0, 0);
    let (code, _, err) = annals(&["export", "-o", b, "--where", "actor:obama", &d]);
    assert_eq!(code, 0, "{err}");
    assert!(err.starts_with("annals: wrote "), "{err}");
    let read = |p: &str| export_of(&std::fs::read_to_string(p).unwrap());
    assert_eq!(read(b), read(a));
    let listed = |p: &str| annals(&["list", "--format", "jsonl", p]);
    assert_eq!(listed(b), listed(a));
}

#[test]
fn a_command_that_needs_more_events_than_the_window_says_how_to_narrow_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    let out_file = dir.path().join("out.json");
    // Stories need every event at once.
    let (code, out, err) = annals(&["export", "--stories", "--window", "10", "-o", out_file.to_str().unwrap(), &d]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "annals: more than 10 events of {d} pass the filter: narrow it (--where, --from, --actor...) or raise \
             --window (each event held takes memory)\n"
        )
    );
    assert!(!out_file.exists());
    // A count is added up page by page: no window caps it.
    let (_, expected, _) = annals(&["count", "--by", "actor", "--format", "tsv"]);
    let (code, counted, err) = annals(&["count", "--by", "actor", "--format", "tsv", "--window", "10", &d]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(counted, expected);
    let (code, _, err) = annals(&["count", "--by", "nosuch", &d]);
    assert_eq!(code, 2);
    assert!(err.starts_with("annals: cannot count by 'nosuch'; fields: action, actor"), "{err}");
    // A filter that passes fewer fits.
    let (code, out, _) =
        annals(&["count", "--by", "status", "--window", "20", "--where", "actor:putin date:2016-12-30", &d]);
    assert_eq!(code, 0);
    assert!(out.contains("actual"), "{out}");
}

/// An export as JSON, its time of export and its order of actors aside.
fn export_of(text: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    if let Some(o) = v.as_object_mut() {
        o.remove("exported_at");
        if let Some(serde_json::Value::Array(actors)) = o.get_mut("actors") {
            actors.sort_by_key(|a| a["id"].as_str().unwrap_or_default().to_string());
        }
        if let Some(title) = o.get_mut("title") {
            // TimelineJS's title says the day of the export.
            title["text"]["text"] = serde_json::Value::Null;
        }
    }
    v
}

#[test]
fn an_export_of_a_store_streams_what_the_export_of_its_files_writes_whatever_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    let cases: [&[&str]; 5] = [
        &[],
        &["--where", "actor:putin"],
        &["--with-texts"],
        &["--format", "timelinejs"],
        &["--format", "timelinejs", "--where", "from:2016-12-30 -action:expel"],
    ];
    for args in cases {
        let mut files = vec!["export"];
        files.extend(args);
        let (code, expected, _) = annals(&files);
        assert_eq!(code, 0, "{args:?}");
        let mut stored = vec!["export", "--window", "10"];
        stored.extend(args);
        stored.push(&d);
        let (code, streamed, err) = annals(&stored);
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
        assert_eq!(export_of(&streamed), export_of(&expected), "{args:?}");
        // To a file, atomically; and it loads again as the same events.
        let file = dir.path().join("streamed.json");
        let file = file.to_str().unwrap();
        let mut to_file = stored.clone();
        to_file.extend(["-o", file, "--force"]);
        let (code, _, err) = annals(&to_file);
        assert_eq!(code, 0, "{err}");
        assert!(err.starts_with("annals: wrote "), "{err}");
        assert_eq!(export_of(&std::fs::read_to_string(file).unwrap()), export_of(&expected));
    }
    // A word that names nothing is known once every page is read: nothing was written.
    let (code, out, err) = annals(&["export", "--where", "action:expell", &d]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("expell"), "{err}");
    // A file there already stays as it was, and nothing is written.
    let file = dir.path().join("kept.json");
    std::fs::write(&file, "kept").unwrap();
    let (code, out, err) = annals(&["export", "-o", file.to_str().unwrap(), &d]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("already exists (use --force to replace it)"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!names.iter().any(|n| n.to_string_lossy().ends_with(".tmp")), "{names:?}");
}

#[test]
fn the_interface_on_a_store_checks_it_before_it_asks_for_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    // Standard output is not a terminal here: everything that can be said before is said.
    let (code, _, err) = annals(&[&d]);
    assert_eq!(code, 2);
    assert!(err.contains("standard output is not a terminal"), "{err}");
    for wrong in ["agent:putn", "dyad:putn,obama", "date:2016-13", "is:marked"] {
        let (code, _, err) = annals(&["--where", wrong, &d]);
        let (expected_code, _, expected) = annals(&["list", "--where", wrong, &d]);
        assert_eq!((code, err), (expected_code, expected), "{wrong}: the same error as list's");
        assert_eq!(code, 2);
    }
    let (code, _, err) = annals(&[&d, &d]);
    assert_eq!((code, err), (2, format!("annals: {d} is a store of events: open it alone (annals {d})\n")));
    let (code, _, err) = annals(&["--where", "actor:putin", "a.json"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("annals: --where chooses the events of a store"), "{err}");
    let (code, _, err) = annals(&["clickhouse://127.0.0.1:9/annals"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("annals: clickhouse://127.0.0.1:9/annals/events: cannot reach ClickHouse: "), "{err}");
}

fn no_progress(_: &str, _: u64, _: u64) {}

#[test]
fn the_interfaces_windows_hold_what_list_lists_and_a_wrong_query_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    let mut err = Vec::new();
    let paths = [std::path::PathBuf::from(&d)];
    let options = annals::ingest::LoadOptions::default();
    let interface =
        annals::cli::browse::loader(&paths, Some("actor:putin"), 1_000, options.clone(), &mut err).unwrap().unwrap();
    let store = interface.store.expect("a store");
    assert_eq!((store.place.as_str(), store.query.as_str()), (d.as_str(), "actor:putin"));
    // The actor picker's list: the store's actors, with its events naming each.
    let cast = store.cast.wait().as_ref().unwrap().as_ref().expect("actors.parquet");
    let bundled = annals::ingest::load(&[annals::ingest::Input::Bundled], &annals::ingest::LoadOptions::default());
    let b = &bundled.corpus;
    assert_eq!(cast.actors.actors().len(), b.actors().len());
    for (k, actor) in cast.actors.actors().iter().enumerate() {
        let mine = b.actor_by_id(&actor.id).expect("a bundled actor");
        assert_eq!((cast.events[k], &actor.name), (b.actor_events(mine).len() as u64, &b.actor(mine).name));
    }
    let refs = |corpus: &annals::model::Corpus| -> String {
        corpus.events().iter().map(|e| corpus.event_ref(e) + "\n").collect()
    };
    let listed = |query: &str| -> String {
        let (_, out, _) = annals(&["list", "--format", "jsonl", "--where", query, &d]);
        out.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                format!("{}\n", v["event"].as_str().unwrap())
            })
            .collect()
    };
    let annals::tui::Loaded { corpus: first, report, .. } = (interface.loader)(no_progress);
    assert_eq!(refs(&first), listed("actor:putin"));
    assert!(report.is_empty());
    // `:where` reads another window.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let start = annals::tui::Toward::Start;
    let second = (store.reopen)("from:2016-12-29 -action:expel", &start, stop).unwrap()(no_progress).corpus;
    assert_eq!(refs(&second), listed("from:2016-12-29 -action:expel"));
    // A window stopped before it starts reads nothing.
    let stopped = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let none = (store.reopen)("", &start, stopped).unwrap()(no_progress).corpus;
    assert_eq!(none.events().len(), 0);
    // What cannot apply is said at once, nothing read.
    let wrong = |q: &str| (store.reopen)(q, &start, Default::default()).err().unwrap();
    assert!(
        wrong("agent:putn").starts_with("no actor 'putn'; did you mean Vladimir Putin?"),
        "{}",
        wrong("agent:putn")
    );
    assert!(wrong("date:2016-13").contains("2016-13"), "{}", wrong("date:2016-13"));
    assert!(wrong("is:marked").starts_with("is: and note: read the notes"), "{}", wrong("is:marked"));
    // A window smaller than what passes says so among the warnings.
    let small = annals::cli::browse::loader(&paths, None, 10, options.clone(), &mut err).unwrap().unwrap();
    let annals::tui::Loaded { corpus: ten, report, reach, then } = (small.loader)(no_progress);
    assert!(then.is_none(), "a window smaller than a glimpse is read whole at once");
    assert_eq!(ten.events().len(), 10);
    assert_eq!(report.warning_count(), 1);
    assert!(
        report.diagnostics()[0].message.starts_with("more than 10 events pass the filter"),
        "{:?}",
        report.diagnostics()
    );
    // Moving past its last event (the tenth) reads the window around it: the five before
    // it, then it and the four after.
    let reach = reach.expect("a store's window says where it lies");
    assert_eq!((reach.before.as_deref(), reach.focus), (None, 0));
    let after = annals::tui::Toward::Event(reach.after.expect("more after the first ten"));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let next = (small.store.unwrap().reopen)("", &after, stop).unwrap()(no_progress);
    let all = listed("");
    let all: Vec<&str> = all.lines().collect();
    let refs = refs(&next.corpus);
    assert_eq!(refs.lines().collect::<Vec<_>>(), all[4..14]);
    let reach = next.reach.unwrap();
    assert_eq!(reach.focus, 5, "the cursor stays on the event it was on");
    assert!(reach.before.is_some() && reach.after.is_some());
    // Every event passes: the window's place among them all, and the store's days.
    assert_eq!((reach.offset, reach.total), (Some(4), Some(all.len() as u64)));
    let bundled = annals::ingest::load(&[annals::ingest::Input::Bundled], &annals::ingest::LoadOptions::default());
    let dated = bundled.corpus.events().iter().filter(|e| e.date.is_some()).count() as u64;
    let days = reach.days.expect("daily.parquet's days");
    assert_eq!(days.iter().map(|d| d.1).sum::<u64>(), dated);
    assert!(days.windows(2).all(|w| w[0].0 < w[1].0), "days ascending");
    // A filtered window that holds part of what passes: what passes is counted in the
    // background, in the whole store.
    let part = annals::cli::browse::loader(&paths, Some("date:*"), 10, options.clone(), &mut err).unwrap().unwrap();
    let loaded = (part.loader)(no_progress);
    let reach = loaded.reach.unwrap();
    assert_eq!(reach.first_row, Some(0));
    let counting = reach.counting.expect("counted in the background");
    let counted = loop {
        if let Some(c) = counting.get() {
            break c.clone().expect("counted");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(counted.total as usize, listed("date:*").lines().count());
}

#[test]
fn actors_on_a_dataset_are_its_list_with_the_counts_the_loaded_corpus_gives() {
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    for query in ["", "putn", "us", "russia"] {
        let (code, expected, _) = annals(&["actors", "--query", query]);
        assert_eq!(code, 0);
        let (code, out, err) = annals(&["actors", "--query", query, &d]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(out, expected, "actors --query '{query}'");
    }
    std::fs::remove_file(Path::new(&d).join("actors.parquet")).unwrap();
    let (code, out, err) = annals(&["actors", &d]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!("annals: {d} lists no actors (actors.parquet, or a table actors): its events name them by id\n")
    );
}

#[test]
fn the_interface_exports_all_that_passes_from_the_store_on_a_thread_of_its_own() {
    use annals::tui::ExportOutcome;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let d = dataset(dir.path());
    let paths = [std::path::PathBuf::from(&d)];
    let mut err = Vec::new();
    let options = annals::ingest::LoadOptions::default();
    let interface = annals::cli::browse::loader(&paths, None, 10, options, &mut err).unwrap().unwrap();
    let store = interface.store.expect("a store");
    let file = dir.path().join("all.json");
    let notes = Arc::new(annals::desk::Notes::default());
    let native = annals::export::Format::Native;
    let Ok(job) = (store.export)("actor:putin", &file, native, false, notes.clone()) else { panic!("started") };
    let count = Arc::new(AtomicU64::new(0));
    let outcome = job(count.clone(), Arc::new(AtomicBool::new(false)));
    assert_eq!(outcome, ExportOutcome::Written { path: file.clone(), count: 24, left_out: 0, through: None });
    assert_eq!(count.load(Ordering::Relaxed), 24, "more than the window of 10: all that pass");
    let (_, expected, _) = annals(&["export", "--where", "actor:putin"]);
    let read = || export_of(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(read(), export_of(&expected));
    // There now: asked about before anything is read.
    let again = (store.export)("actor:putin", &file, native, false, notes.clone()).err();
    assert_eq!(again, Some(ExportOutcome::Exists(file.clone())));
    // Stopped (the interface quit): nothing written, the old file kept.
    let Ok(job) = (store.export)("", &file, native, true, notes.clone()) else { panic!("started") };
    let stopped = job(Arc::default(), Arc::new(AtomicBool::new(true)));
    assert!(matches!(&stopped, ExportOutcome::Failed(m) if m.contains("stopped")), "{stopped:?}");
    assert_eq!(read(), export_of(&expected));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!names.iter().any(|n| n.to_string_lossy().starts_with(".annals-")), "{names:?}");
    // A query that does not read is said at once.
    let wrong = (store.export)("date:2016-13", &file, native, true, notes).err();
    assert!(matches!(&wrong, Some(ExportOutcome::Failed(m)) if m.contains("2016-13")), "{wrong:?}");
}

#[test]
fn a_large_window_is_shown_as_a_glimpse_around_its_place_then_whole_around_the_same_event() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    let corpus = support::stores::converted(annals::synthetic::Shape::Gdelt, 6_000, 1_000, &at);
    let all = support::stores::placed(&corpus, "");
    let mut err = Vec::new();
    let paths = [at.clone()];
    let options = annals::ingest::LoadOptions::default();
    let interface = annals::cli::browse::loader(&paths, None, 5_000, options, &mut err).unwrap().unwrap();
    let refs = |corpus: &annals::model::Corpus| -> Vec<String> {
        corpus.events().iter().map(|e| corpus.event_ref(e)).collect()
    };
    // The glimpse, then what its `then` reads: the whole window, which holds the glimpse
    // around the same event, and no further step.
    let both = |first: annals::tui::Loaded| {
        let reach = first.reach.expect("a store's window");
        assert!(reach.glimpse, "the first read is a glimpse");
        let then = first.then.expect("the whole window to read next");
        let whole = (then.loader)(no_progress);
        let whole_reach = whole.reach.expect("a store's window");
        assert!(!whole_reach.glimpse && whole.then.is_none());
        // The warning that more pass than the window holds is the whole window's alone.
        let warns = |r: &annals::diagnostic::Report| r.diagnostics().iter().any(|d| d.message.starts_with("more than"));
        assert!(!warns(&first.report), "{:?}", first.report.diagnostics());
        assert_eq!(warns(&whole.report), whole_reach.before.is_some() || whole_reach.after.is_some());
        let (g, w) = (refs(&first.corpus), refs(&whole.corpus));
        let glimpse = annals::cli::browse::GLIMPSE;
        assert!(g.len() == glimpse && (glimpse + 1..=5_000).contains(&w.len()), "{} then {}", g.len(), w.len());
        let k = whole_reach.focus - reach.focus;
        assert_eq!(w[k..k + g.len()], g[..], "the glimpse lies within the window");
        assert_eq!(g[reach.focus], w[whole_reach.focus], "both around the same event");
        (g[reach.focus].clone(), then.stop)
    };
    let (first, _) = both((interface.loader)(no_progress));
    assert_eq!(first, all[0].0, "the store's first event");
    // A date: its first event, placed at or after it.
    let store = interface.store.expect("a store");
    let t = all[4_321].1.expect("a dated event");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let loaded = (store.reopen)("", &annals::tui::Toward::Date(t), stop.clone()).unwrap()(no_progress);
    let expected = all.iter().find(|(_, p)| p.is_some_and(|p| p >= t)).unwrap();
    let (focus, widen_stop) = both(loaded);
    assert_eq!(focus, expected.0);
    assert!(std::sync::Arc::ptr_eq(&stop, &widen_stop), "another window stops the whole one too");
    // A glimpse of part of what passes a filter begins no count of it (it would scan the
    // store beside the whole window); the whole window does, and the next glimpse of the
    // same query shares it.
    let filtered = |stop: &std::sync::Arc<std::sync::atomic::AtomicBool>| {
        (store.reopen)("date:*", &annals::tui::Toward::Date(t), stop.clone()).unwrap()(no_progress)
    };
    let glimpse = filtered(&stop);
    assert!(glimpse.reach.as_ref().unwrap().counting.is_none(), "no count begun by a glimpse");
    let whole = (glimpse.then.expect("the whole window").loader)(no_progress);
    assert!(whole.reach.as_ref().unwrap().counting.is_some(), "counted beside the whole window");
    assert!(filtered(&stop).reach.unwrap().counting.is_some(), "the count the whole window began");
    // Stopped before it is read (another window was asked for), the whole one reads nothing.
    let loaded = (store.reopen)("", &annals::tui::Toward::Date(t), stop.clone()).unwrap()(no_progress);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let whole = (loaded.then.expect("the whole window").loader)(no_progress);
    assert_eq!(whole.corpus.events().len(), 0);
}
