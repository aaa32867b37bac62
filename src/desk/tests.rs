//! The notes module: reading, merging two writers, tombstones, broken lines, the atomic write.

use super::file::{load, parse, render, save};
use super::*;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn key(a: &str, e: &str) -> EventKey {
    (a.to_string(), e.to_string())
}

fn marked() -> Mark {
    Mark { marked: true, ..Mark::default() }
}

#[test]
fn a_file_reads_back_as_it_was_written() {
    let mut notes = Notes::default();
    notes.apply(
        &Change::Event { key: key("a1", "e1"), mark: Mark { note: Some("why".into()), ..marked() } },
        at("2026-01-01T10:00:00Z"),
    );
    notes.apply(
        &Change::View {
            name: "expulsions".into(),
            view: Some(SavedView { filter: "actor:putin".into(), clock: Some("UTC".into()), focus: None }),
        },
        at("2026-01-01T10:00:01Z"),
    );
    let text = render(&notes);
    assert_eq!(
        text,
        "{\"article\":\"a1\",\"at\":\"2026-01-01T10:00:00.000Z\",\"event\":\"e1\",\"marked\":true,\"note\":\"why\",\"starred\":false}\n\
         {\"at\":\"2026-01-01T10:00:01.000Z\",\"clock\":\"UTC\",\"filter\":\"actor:putin\",\"view\":\"expulsions\"}\n"
    );
    let (read, warnings) = parse(&text, "notes.jsonl");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(read, notes);
}

#[test]
fn a_broken_line_is_located_kept_and_the_others_load() {
    let text = "{\"article\":\"a\",\"event\":\"e\",\"marked\":true,\"at\":\"2026-01-01T00:00:00Z\"}\n\
                {\"article\":\"a\",\"event\":\n\
                {\"article\":\"a\",\"event\":\"f\",\"starred\":1,\"at\":\"2026-01-01T00:00:00Z\"}\n\
                {\"view\":\"v\",\"filter\":\"x\",\"at\":\"yesterday\"}\n";
    let (notes, warnings) = parse(text, "notes.jsonl");
    let shown: Vec<String> =
        warnings.iter().map(|w| format!("{}:{}:{}: {}", w.file, w.line, w.column, w.message)).collect();
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert_eq!(shown[0], "notes.jsonl:2:23: not JSON: EOF while parsing a value (the line is kept)");
    assert_eq!(shown[1], "notes.jsonl:3:28: \"starred\" is not true or false (the line is kept)");
    assert!(shown[2].starts_with("notes.jsonl:4:26: \"at\" is not an RFC 3339 time (\"yesterday\""), "{}", shown[2]);
    assert_eq!(notes.events.len(), 1);
    assert_eq!(notes.unread.len(), 3);
    // Rewriting the file keeps the lines it could not read.
    assert!(render(&notes).ends_with("{\"view\":\"v\",\"filter\":\"x\",\"at\":\"yesterday\"}\n"));
}

#[test]
fn merging_two_writers_keeps_the_newest_of_each_key() {
    let mut one = Notes::default();
    let mut two = Notes::default();
    one.apply(&Change::Event { key: key("a", "1"), mark: marked() }, at("2026-01-01T10:00:00Z"));
    two.apply(&Change::Event { key: key("a", "2"), mark: marked() }, at("2026-01-01T10:00:05Z"));
    two.apply(
        &Change::Event { key: key("a", "1"), mark: Mark { starred: true, ..Mark::default() } },
        at("2026-01-01T10:00:09Z"),
    );
    one.merge(&two);
    assert_eq!(one.events.len(), 2);
    assert_eq!(one.events[&key("a", "1")].value, Mark { starred: true, ..Mark::default() });
    let mut older = Notes::default();
    older.apply(&Change::Event { key: key("a", "1"), mark: marked() }, at("2025-01-01T00:00:00Z"));
    one.merge(&older);
    assert!(one.events[&key("a", "1")].value.starred, "an older record does not win");
}

#[test]
fn a_deletion_is_a_tombstone_that_a_merge_does_not_undo() {
    let mut mine = Notes::default();
    mine.apply(&Change::Event { key: key("a", "1"), mark: marked() }, at("2026-01-01T10:00:00Z"));
    let stale = mine.clone();
    mine.apply(&Change::Event { key: key("a", "1"), mark: Mark::default() }, at("2026-01-01T10:01:00Z"));
    mine.apply(&Change::View { name: "v".into(), view: None }, at("2026-01-01T10:01:00Z"));
    mine.merge(&stale);
    assert!(mine.events[&key("a", "1")].value.is_cleared());
    let (read, _) = parse(&render(&mine), "notes.jsonl");
    assert!(read.events[&key("a", "1")].value.is_cleared(), "the tombstone is in the file");
    assert_eq!(read.views["v"].value, None);
    assert!(read.view_names().is_empty());
}

#[test]
fn a_change_wins_over_the_record_it_replaces_whatever_the_clock_says() {
    let mut notes = Notes::default();
    notes.apply(&Change::Event { key: key("a", "1"), mark: marked() }, at("2030-01-01T00:00:00Z"));
    notes.apply(&Change::Event { key: key("a", "1"), mark: Mark::default() }, at("2026-01-01T00:00:00Z"));
    assert!(notes.events[&key("a", "1")].value.is_cleared());
    assert!(notes.events[&key("a", "1")].at > at("2030-01-01T00:00:00Z"));
}

#[test]
fn saving_merges_what_another_session_wrote_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".annals").join("notes.jsonl");
    let now = at("2026-01-01T10:00:00Z");
    // Two sessions start from an empty file.
    let first = save(&path, &Notes::default(), &[Change::Event { key: key("a", "1"), mark: marked() }], now).unwrap();
    let second = save(&path, &Notes::default(), &[Change::Event { key: key("a", "2"), mark: marked() }], now).unwrap();
    assert_eq!(first.events.len(), 1);
    assert_eq!(second.events.len(), 2, "the second session kept the first's mark");
    let (on_disk, warnings) = load(&path).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(on_disk, second);
}

#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.jsonl");
    let now = at("2026-01-01T10:00:00Z");
    let saved = save(&path, &Notes::default(), &[Change::Event { key: key("a", "1"), mark: marked() }], now).unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
    let failed = save(&path, &saved, &[Change::Event { key: key("a", "2"), mark: marked() }], now);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    // Root writes anywhere (tests/e2e.rs fails a write for root too, with a file size limit).
    match failed {
        Err(e) => {
            assert!(e.to_string().starts_with(&format!("cannot write {}", path.display())), "{e}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
        }
        Ok(written) => {
            assert!(is_root(), "a read-only directory was written into");
            assert_eq!(load(&path).unwrap().0, written, "then the write is whole");
        }
    }
}

#[cfg(unix)]
fn is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
}

#[test]
fn a_note_whose_event_is_gone_is_kept_and_counted() {
    let inputs = [crate::ingest::Input::Path("tests/fixtures/chain".into())];
    let corpus = crate::ingest::load(&inputs, &crate::ingest::LoadOptions::default()).corpus;
    let first = Desk::key(&corpus, 0);
    let mut notes = Notes::default();
    notes.apply(&Change::Event { key: first.clone(), mark: marked() }, at("2026-01-01T10:00:00Z"));
    notes.apply(&Change::Event { key: key("gone", "e9"), mark: marked() }, at("2026-01-01T10:00:00Z"));
    let desk = Desk::open(&corpus, notes, None);
    assert_eq!(desk.marked(), [0]);
    assert_eq!(desk.orphans(), 1);
    assert_eq!(desk.notes.events.len(), 2, "the orphan stays in the notes");
}

#[test]
fn notes_live_beside_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    std::fs::write(&file, "{}").unwrap();
    assert_eq!(file::default_path(std::slice::from_ref(&file)), Some(dir.path().join(".annals/notes.jsonl")));
    assert_eq!(file::default_path(&[dir.path().to_path_buf()]), Some(dir.path().join(".annals/notes.jsonl")));
    assert_eq!(file::default_path(&[PathBuf::from("-")]), None);
    assert_eq!(file::default_path(&[PathBuf::from("x.json")]), Some(PathBuf::from("./.annals/notes.jsonl")));
}

#[test]
fn a_clickhouse_tables_notes_live_in_the_data_directory_by_its_address_without_the_user() {
    let path = file::default_path(&[PathBuf::from("clickhouse://reader@db.example:8123/gdelt/events")]).unwrap();
    let folder = path.parent().unwrap();
    assert_eq!(folder.file_name().unwrap(), "db.example_8123_gdelt_events");
    assert!(folder.parent().unwrap().ends_with("annals/clickhouse"), "{}", path.display());
    assert!(!path.display().to_string().contains("reader"));
    // The same table however it is written.
    let short = file::default_path(&[PathBuf::from("clickhouse://db.example/gdelt")]).unwrap();
    let long = file::default_path(&[PathBuf::from("clickhouse://db.example:8123/gdelt/events")]).unwrap();
    assert_eq!(short, long);
}

#[test]
fn story_edits_read_back_merge_newest_wins_and_apply_in_the_order_made() {
    let mut notes = Notes::default();
    let merge = StoryEdit::Merge(key("wire", "e1"), key("ledger", "e2"));
    let split = StoryEdit::Split(key("post", "e1"));
    notes.apply(&Change::Story { edit: merge.clone(), on: true }, at("2026-01-01T10:00:00Z"));
    notes.apply(&Change::Story { edit: split.clone(), on: true }, at("2026-01-01T10:00:01Z"));
    let text = render(&notes);
    assert_eq!(
        text,
        "{\"at\":\"2026-01-01T10:00:01.000Z\",\"split\":{\"article\":\"post\",\"event\":\"e1\"}}\n\
         {\"at\":\"2026-01-01T10:00:00.000Z\",\"merge\":[{\"article\":\"wire\",\"event\":\"e1\"},{\"article\":\"ledger\",\"event\":\"e2\"}]}\n"
    );
    let (read, warnings) = parse(&text, "notes.jsonl");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(read, notes);

    // Undone in another session, later: the tombstone wins the merge and is written.
    let mut other = read.clone();
    other.apply(&Change::Story { edit: split.clone(), on: false }, at("2026-01-01T11:00:00Z"));
    notes.merge(&other);
    assert!(!notes.stories[&split].value);
    assert!(render(&notes).contains("\"undone\":true"));

    // Broken edits are said where they are, and kept.
    let (_, warnings) = parse("{\"merge\":[{\"article\":\"a\"}],\"at\":\"2026-01-01T10:00:00Z\"}\n", "notes.jsonl");
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].message.contains("\"merge\" is not a list of two events"), "{}", warnings[0].message);
}
