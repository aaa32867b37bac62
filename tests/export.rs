//! Exports of hostile data: what goes into HTML is escaped.

use annals::export::timelinejs::timelinejs_json;
use annals::ingest;
use annals::query::Filter;
use chrono::TimeZone;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

const HOSTILE: &str = "tests/fixtures/hostile/html.json";

fn timelinejs_of(path: &str) -> serde_json::Value {
    let loaded = ingest::load_str(path, &std::fs::read_to_string(path).unwrap());
    assert_eq!(loaded.report.error_count(), 0, "{:?}", loaded.report.diagnostics());
    let events: Vec<u32> = (0..loaded.corpus.events().len() as u32).collect();
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
    serde_json::from_str(&timelinejs_json(&loaded.corpus, &events, &Filter::default(), at).0).unwrap()
}

/// The text without its entities has none of the characters HTML reads as markup.
fn assert_no_raw_markup(field: &str, html: &str) {
    let mut rest = html.to_string();
    for entity in ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"] {
        rest = rest.replace(entity, "");
    }
    assert!(!rest.contains(['<', '>', '"', '\'', '&']), "{field} has raw markup: {html}");
}

#[test]
fn timelinejs_escapes_every_field_handed_to_html() {
    let doc = timelinejs_of(HOSTILE);
    let slides = doc["events"].as_array().unwrap();
    assert_eq!(slides.len(), 2);
    for slide in slides {
        assert_no_raw_markup("group", slide["group"].as_str().unwrap());
        // The quotes around the words of the data are the export's own.
        let display = slide["display_date"].as_str().unwrap();
        let words = display.split_once(" (from '").map_or(display, |(_, w)| w.trim_end_matches("')"));
        assert_no_raw_markup("display_date", words);
        assert_no_raw_markup("headline", slide["text"]["headline"].as_str().unwrap());
        // The text is HTML of the export's own: the data inside it is escaped.
        let text = slide["text"]["text"].as_str().unwrap();
        for tag in ["<img", "<svg", "<script", "<b>"] {
            assert!(!text.contains(tag), "the text has {tag}: {text}");
        }
        assert!(!text.contains("&b=\"2\""), "the link's address is escaped: {text}");
    }
    let e1 = slides.iter().find(|s| s["unique_id"] == "html-1-e1").unwrap();
    // TimelineJS decodes entities in these two before writing them as HTML: look-alikes.
    assert_eq!(e1["group"], "‹img src=x onerror=alert(’group’)› ＆ ”Sons”");
    assert_eq!(e1["display_date"], "1998-08-08 (from 'Saturday ‹img src=x onerror=alert(”date”)› ＆ co')");
}

// ---- Where an export may be written ----

use annals::export::{ExportError, Written, write_atomic};
use std::os::unix::fs::symlink;

#[test]
fn an_export_refuses_a_fifo_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for force in [false, true] {
        let e = write_atomic(&fifo, b"{}", force).unwrap_err();
        assert!(matches!(e, ExportError::NotRegular(_)), "{e}");
        assert_eq!(e.to_string(), format!("{} is not a regular file: refused", fifo.display()));
    }
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still there");
}

#[test]
fn an_export_refuses_a_link_to_a_device_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("null.json");
    symlink("/dev/null", &link).unwrap();
    let e = write_atomic(&link, b"{}", true).unwrap_err();
    assert!(matches!(e, ExportError::NotRegular(_)), "{e}");
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("/dev/null"));
}

#[test]
fn an_export_refuses_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub.json");
    std::fs::create_dir(&sub).unwrap();
    assert!(matches!(write_atomic(&sub, b"{}", true), Err(ExportError::NotRegular(_))));
    assert!(sub.is_dir());
}

#[test]
fn an_export_writes_through_a_link_to_a_regular_file_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.json");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.json");
    symlink(&target, &link).unwrap();
    assert!(matches!(write_atomic(&link, b"new", false), Err(ExportError::Exists(_))));
    let written = write_atomic(&link, b"new", true).unwrap();
    assert_eq!(written, Written::ThroughLink(target.canonicalize().unwrap()));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
}

#[test]
fn an_export_takes_any_name_the_file_system_takes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{}.json", "n".repeat(250)));
    assert_eq!(write_atomic(&path, b"{}", false).unwrap(), Written::File);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left");
}

// ---- Whatever loads exports and loads again ----

#[test]
fn events_with_extreme_dates_export_and_reload_the_same() {
    let path = "tests/fixtures/hostile/extreme-dates.json";
    let loaded = ingest::load_str(path, &std::fs::read_to_string(path).unwrap());
    let corpus = &loaded.corpus;
    let events: Vec<u32> = (0..corpus.events().len() as u32).collect();
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
    let text = annals::export::native_json(corpus, &events, &Filter::default(), at);
    let again = ingest::load_str("export.json", &text);
    let errors: Vec<String> =
        again.report.diagnostics().iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "the export does not reload:\n{}", errors.join("\n"));
    let dates = |c: &annals::model::Corpus| -> Vec<(String, Option<String>)> {
        let mut d: Vec<_> = c.events().iter().map(|e| (c.event_ref(e), e.date.map(|w| w.iso()))).collect();
        d.sort();
        d
    };
    assert_eq!(dates(&again.corpus), dates(corpus));
}

#[test]
fn a_count_of_years_too_large_for_the_calendar_is_refused_not_wrapped() {
    let path = "tests/fixtures/hostile/extreme-dates.json";
    let loaded = ingest::load_str(path, &std::fs::read_to_string(path).unwrap());
    let corpus = &loaded.corpus;
    let date_of = |reference: &str| {
        let e = corpus.events().iter().find(|e| corpus.event_ref(e) == reference).expect(reference);
        e.date.map(|w| w.iso())
    };
    assert_eq!(date_of("far/e7"), Some("2015".to_string()));
    for far in ["far/e1", "far/e2", "far/e3", "far/e4", "far/e5", "far/e6"] {
        assert_eq!(date_of(far), None, "{far}");
    }
}

#[test]
fn an_export_with_texts_reloads_with_its_quotes_placed_in_them() {
    let inputs = [ingest::Input::Path("tests/fixtures/chain".into())];
    let corpus = ingest::load(&inputs, &ingest::LoadOptions::default()).corpus;
    let events: Vec<u32> = (0..corpus.events().len() as u32).collect();
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
    /// Each event, and where each of its quotes is in its article's text.
    type Placed = Vec<(String, Vec<Option<(usize, usize)>>)>;
    let placed = |c: &annals::model::Corpus| -> Placed {
        let mut v: Vec<_> =
            c.events().iter().map(|e| (c.event_ref(e), e.evidence.iter().map(|q| q.span).collect())).collect();
        v.sort();
        v
    };
    let with = ingest::load_str(
        "export.json",
        &annals::export::native_json_with_texts(&corpus, &events, &Filter::default(), at),
    );
    assert!(with.report.diagnostics().is_empty(), "{:?}", with.report.diagnostics());
    assert_eq!(placed(&with.corpus), placed(&corpus), "every quote where it was in the original");
    let texts = |c: &annals::model::Corpus| c.articles().iter().filter(|a| a.text.is_some()).count();
    assert_eq!(texts(&with.corpus), texts(&corpus));
    let without =
        ingest::load_str("export.json", &annals::export::native_json(&corpus, &events, &Filter::default(), at));
    assert_eq!(texts(&without.corpus), 0, "without texts, the quotes stand alone");
}

/// The chain fixture with marks on it: event 0 marked and starred with a hostile note,
/// event 2 marked.
fn chain_with_desk() -> (annals::model::Corpus, annals::desk::Desk) {
    use annals::desk::{Change, Desk, Mark, Notes};
    let inputs = [ingest::Input::Path("tests/fixtures/chain".into())];
    let corpus = ingest::load(&inputs, &ingest::LoadOptions::default()).corpus;
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
    let mut notes = Notes::default();
    let note = Some("ask <b>the</b> embassy\nthen call".to_string());
    notes.apply(&Change::Event { key: Desk::key(&corpus, 0), mark: Mark { marked: true, starred: true, note } }, at);
    notes.apply(&Change::Event { key: Desk::key(&corpus, 2), mark: Mark { marked: true, ..Mark::default() } }, at);
    let desk = Desk::open(&corpus, notes, None);
    (corpus, desk)
}

#[test]
fn a_native_export_carries_marks_and_notes_and_reads_back_without_complaint() {
    let (corpus, desk) = chain_with_desk();
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
    let format = annals::export::Format::Native;
    let (text, _) = format.render_with(&corpus, &[0, 1, 2], &Filter::default(), at, &desk, None);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let events = json["events"].as_array().unwrap();
    assert_eq!(events[0]["marked"], true);
    assert_eq!(events[0]["starred"], true);
    assert_eq!(events[0]["note"], "ask <b>the</b> embassy\nthen call");
    assert_eq!(events[2]["marked"], true);
    for absent in ["marked", "starred", "note"] {
        assert!(events[1].get(absent).is_none(), "{absent} only when set");
        assert!(events[2].get(absent).is_none() || absent == "marked");
    }
    // Read back: no warning about the fields (the marks are not restored: see README).
    let again = ingest::load_str("export.json", &text);
    assert!(again.report.diagnostics().is_empty(), "{:?}", again.report.diagnostics());
    assert_eq!(again.corpus.events().len(), 3);
}

#[test]
fn a_timelinejs_export_shows_marks_and_stars_and_puts_the_note_in_the_slide() {
    let (corpus, desk) = chain_with_desk();
    let at = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
    let (text, _) =
        annals::export::timelinejs::timelinejs_json_with(&corpus, &[0, 1, 2], &Filter::default(), at, &desk, None);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let slides = json["events"].as_array().unwrap();
    let headline = |i: usize| slides[i]["text"]["headline"].as_str().unwrap().to_string();
    let body = |i: usize| slides[i]["text"]["text"].as_str().unwrap().to_string();
    assert!(
        headline(0).starts_with("<span title=\"marked\">●</span> <span title=\"starred\">★</span> "),
        "{}",
        headline(0)
    );
    assert!(
        body(0).starts_with("<p><strong>Note:</strong> ask &lt;b&gt;the&lt;/b&gt; embassy<br>then call</p>"),
        "{}",
        body(0)
    );
    assert!(!headline(1).contains("<span"), "{}", headline(1));
    assert!(headline(2).starts_with("<span title=\"marked\">●</span> ") && !body(2).contains("Note:"));
}
