//! Where an event's evidence is in its article's text: the byte range of the quote, and
//! the sentence around it.

use crate::model::{Article, Corpus, EventIx, Evidence};

/// The evidence quote with the rest of its sentence around it (sanitized text).
pub fn evidence_in_sentence(corpus: &Corpus, event: EventIx, index: usize) -> (String, String, String) {
    let e = &corpus.events()[event as usize];
    let evidence = &e.evidence[index];
    let article = corpus.article_of(e);
    let quote = crate::display::evidence_shown(evidence, article).into_owned();
    let Some(text) = &article.text else { return (String::new(), quote, String::new()) };
    let Some((start, end)) = locate(article, evidence) else { return (String::new(), quote, String::new()) };
    let shown = text.shown();
    let sentence = crate::text::sentence::around(shown, start, end);
    // At most 300 bytes of the sentence before the quote.
    let from = sentence.start.max(start.saturating_sub(300));
    let from = (from..=start).find(|&i| shown.is_char_boundary(i)).unwrap_or(start);
    let before = shown[from..start].trim_start().replace('\n', " ");
    let after = shown[end..sentence.end].replace('\n', " ");
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
