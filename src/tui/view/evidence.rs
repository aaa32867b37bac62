//! Where an event's evidence is in its article's text: the byte range of the quote, and
//! the sentence around it.

use crate::model::{Article, Corpus, EventIx, Evidence};

/// How far around a quote its sentence is looked for, in bytes.
const CONTEXT: usize = 300;

/// The evidence quote with the rest of its sentence around it (sanitized text).
pub fn evidence_in_sentence(corpus: &Corpus, event: EventIx, index: usize) -> (String, String, String) {
    let e = &corpus.events()[event as usize];
    let evidence = &e.evidence[index];
    let article = corpus.article_of(e);
    let quote = crate::display::evidence_shown(evidence, article).into_owned();
    let Some(text) = &article.text else { return (String::new(), quote, String::new()) };
    let Some((start, end)) = locate(article, evidence) else { return (String::new(), quote, String::new()) };
    let shown = text.shown();
    // The sentence is looked for within 300 bytes of the quote on either side: a long text
    // with no sentence break (a headline, token text on one line) shows that much, and
    // finding it costs no more, whatever the article's length.
    let window_start = (start.saturating_sub(CONTEXT)..=start).find(|&i| shown.is_char_boundary(i)).unwrap_or(start);
    let window_end = (end + CONTEXT).min(shown.len());
    let window_end = (window_end..=shown.len()).find(|&i| shown.is_char_boundary(i)).unwrap_or(shown.len());
    let window = &shown[window_start..window_end];
    let sentence = crate::text::sentence::around(window, start - window_start, end - window_start);
    let before = window[sentence.start..start - window_start].trim_start().replace('\n', " ");
    let after = window[end - window_start..sentence.end.max(end - window_start)].replace('\n', " ");
    (before, shown[start..end].to_string(), after)
}

/// Byte range of the quote in its article's sanitized text.
pub fn locate(article: &Article, evidence: &Evidence) -> Option<(usize, usize)> {
    let text = article.text.as_ref()?;
    if text.shown() == text.raw()
        && let Some(bytes) = evidence.bytes()
    {
        return Some(bytes);
    }
    let quote = crate::display::evidence_shown(evidence, article);
    text.shown().find(&*quote).map(|i| (i, i + quote.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_without_sentence_breaks_shows_a_bounded_stretch_around_the_quote() {
        let words = "word ".repeat(2000);
        let article = serde_json::json!({
            "id": "a", "title": "T", "text": format!("{words}the quote here {words}"),
            "events": [{"id": "e", "summary": "S", "evidence": ["the quote here"]}]
        });
        let corpus = crate::ingest::load_str("a.json", &article.to_string()).corpus;
        let (before, quote, after) = evidence_in_sentence(&corpus, 0, 0);
        assert_eq!(quote, "the quote here");
        assert!(before.len() <= CONTEXT && after.len() <= CONTEXT, "{} and {} bytes", before.len(), after.len());
        assert!(before.ends_with("word ") && after.starts_with(" word"));
    }
}
