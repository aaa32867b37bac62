//! Text search: the words of `/` and of a filter's free text, found in an event's summary,
//! actors and evidence.

use crate::model::{Corpus, EventIx};

/// Words to find in an event's summary, actors and evidence. Case is ignored unless a
/// word holds a capital letter ("smart case").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    words: Vec<String>,
    case_sensitive: bool,
}

impl TextQuery {
    pub fn new(text: &str) -> Option<TextQuery> {
        let case_sensitive = text.chars().any(char::is_uppercase);
        let words: Vec<String> =
            text.split_whitespace().map(|w| if case_sensitive { w.to_string() } else { w.to_lowercase() }).collect();
        (!words.is_empty()).then_some(TextQuery { words, case_sensitive })
    }

    /// One word or phrase, kept whole: a free word or a quoted phrase of the query language.
    pub fn phrase(text: &str) -> TextQuery {
        let case_sensitive = text.chars().any(char::is_uppercase);
        let word = if case_sensitive { text.to_string() } else { text.to_lowercase() };
        TextQuery { words: vec![word], case_sensitive }
    }

    /// The words, lower-cased unless [`TextQuery::case_sensitive`].
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Does a word hold a capital letter (case then matters)?
    pub fn case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// All the words in `text` (an attribute's value, say), with the query's case rule.
    pub fn found_in(&self, text: &str) -> bool {
        self.words
            .iter()
            .all(|w| if self.case_sensitive { text.contains(w.as_str()) } else { contains_ignoring_case(text, w) })
    }

    pub fn matches(&self, corpus: &Corpus, event: EventIx) -> bool {
        if self.case_sensitive {
            let text = corpus.search_text_cased(event);
            self.words.iter().all(|w| text.contains(w.as_str()))
        } else {
            let text = corpus.search_text(event);
            let participants = &corpus.events()[event as usize].participants;
            self.words.iter().all(|w| {
                text.contains(w.as_str())
                    || participants.iter().any(|p| corpus.actor_search_text(p.actor).contains(w.as_str()))
            })
        }
    }

    /// Byte ranges of the words in `text` (for highlighting matches).
    pub fn find_in(&self, text: &str) -> Vec<(usize, usize)> {
        let mut ranges = Vec::new();
        let haystack = if self.case_sensitive { text.to_string() } else { text.to_lowercase() };
        // Lower-casing can change byte lengths; highlight only when it did not.
        if haystack.len() != text.len() {
            return ranges;
        }
        for w in &self.words {
            ranges.extend(haystack.match_indices(w.as_str()).map(|(i, m)| (i, i + m.len())));
        }
        ranges.sort_unstable();
        ranges
    }
}

/// `lower` (lower case) in `hay`, any case, without allocating for ASCII text.
fn contains_ignoring_case(hay: &str, lower: &str) -> bool {
    if hay.is_ascii() && lower.is_ascii() {
        let (h, n) = (hay.as_bytes(), lower.as_bytes());
        return n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(lower)
}

/// Position in `view` of the first event at or after `from` (wrapping around; backwards
/// when not `forward`) that matches `query`. Gives up, returning None, as soon as
/// `cancelled` says so: a newer query has replaced this one.
pub fn find_match(
    corpus: &Corpus,
    view: &[EventIx],
    query: &TextQuery,
    from: usize,
    forward: bool,
    cancelled: &dyn Fn() -> bool,
) -> Option<usize> {
    find_match_by(view, from, forward, cancelled, &|e| query.matches(corpus, e))
}

/// [`find_match`] with any test of an event (a story matches when one of its reports does).
pub fn find_match_by(
    view: &[EventIx],
    from: usize,
    forward: bool,
    cancelled: &dyn Fn() -> bool,
    matches: &dyn Fn(EventIx) -> bool,
) -> Option<usize> {
    let n = view.len();
    if n == 0 {
        return None;
    }
    let from = from.min(n - 1);
    let order: Box<dyn Iterator<Item = usize>> = if forward {
        Box::new((from..n).chain(0..from))
    } else {
        Box::new((0..=from).rev().chain((from + 1..n).rev()))
    };
    for (k, p) in order.enumerate() {
        if k % 4096 == 4095 && cancelled() {
            return None;
        }
        if matches(view[p]) {
            return Some(p);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case_text_queries() {
        assert!(!TextQuery::new("lavrov").unwrap().case_sensitive);
        assert!(TextQuery::new("Lavrov").unwrap().case_sensitive);
        assert_eq!(TextQuery::new("   "), None);
        assert_eq!(TextQuery::new("lav").unwrap().find_in("Lavrov and lava"), vec![(0, 3), (11, 14)]);
    }
}
