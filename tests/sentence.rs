//! One sentence finder for summaries and the detail pane: a title ("Mr.") or an
//! abbreviation ("U.S.") ends a sentence in neither.

use annals::ingest;
use annals::tui::view::evidence::evidence_in_sentence;

const TEXT: &str = "Mr. Putin said he would not expel anyone. U.S. officials declined to comment.";

#[test]
fn the_detail_pane_shows_the_whole_sentence_around_a_quote() {
    let article = serde_json::json!({
        "id": "a",
        "title": "T",
        "text": TEXT,
        "events": [{"id": "e", "summary": "S", "evidence": ["would not expel", "declined"]}],
    });
    let ingest::Loaded { corpus, report } = ingest::load_str("a.json", &article.to_string());
    assert!(report.is_empty(), "{:?}", report.diagnostics());
    let parts = |i| evidence_in_sentence(&corpus, 0, i);
    let expected = |b: &str, q: &str, a: &str| (b.to_string(), q.to_string(), a.to_string());
    assert_eq!(parts(0), expected("Mr. Putin said he ", "would not expel", " anyone."));
    assert_eq!(parts(1), expected("U.S. officials ", "declined", " to comment."));
}

#[test]
fn summaries_cut_from_text_keep_the_same_sentences() {
    let txt = TEXT;
    let expel = txt.find("expel").unwrap();
    let declined = txt.find("declined").unwrap();
    let ann = format!(
        "T1\tExpel {expel} {}\texpel\nE1\tExpel:T1\nT2\tSay {declined} {}\tdeclined\nE2\tSay:T2\n",
        expel + 5,
        declined + 8
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), txt).unwrap();
    std::fs::write(dir.path().join("a.ann"), ann).unwrap();
    let corpus = ingest::load(&[ingest::Input::Path(dir.path().join("a.ann"))], &ingest::LoadOptions::default()).corpus;
    let mut summaries: Vec<&str> = corpus.events().iter().map(|e| e.summary.raw()).collect();
    summaries.sort();
    assert_eq!(summaries, ["Mr. Putin said he would not [expel] anyone.", "U.S. officials [declined] to comment."]);
}
