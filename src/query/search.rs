//! Text search: the words of `/` and of a filter's free text, found in an event's summary,
//! actors and evidence.

use crate::model::{Corpus, EventIx};
use crate::text::find::Needle;

/// How many events ahead of the one read a scan asks for texts.
const PREFETCH_AHEAD: EventIx = 8;

/// Words to find in an event's summary, actors and evidence. Case is ignored unless a
/// word holds a capital letter ("smart case"). The texts are read as loaded: no lower-cased
/// copy of them is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    words: Vec<Needle>,
    case_sensitive: bool,
}

impl TextQuery {
    pub fn new(text: &str) -> Option<TextQuery> {
        let case_sensitive = text.chars().any(char::is_uppercase);
        let words: Vec<Needle> = text.split_whitespace().map(|w| Needle::new(w, case_sensitive)).collect();
        (!words.is_empty()).then_some(TextQuery { words, case_sensitive })
    }

    /// One word or phrase, kept whole: a free word or a quoted phrase of the query language.
    pub fn phrase(text: &str) -> TextQuery {
        let case_sensitive = text.chars().any(char::is_uppercase);
        TextQuery { words: vec![Needle::new(text, case_sensitive)], case_sensitive }
    }

    /// The words, lower-cased unless [`TextQuery::case_sensitive`].
    pub fn words(&self) -> impl ExactSizeIterator<Item = &str> {
        self.words.iter().map(Needle::word)
    }

    /// Does a word hold a capital letter (case then matters)?
    pub fn case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// All the words in `text` (an attribute's value, say), with the query's case rule.
    pub fn found_in(&self, text: &str) -> bool {
        self.words.iter().all(|w| w.in_text(text))
    }

    /// Is each word in the event's summary, one of its actors' names or aliases, or one of
    /// its quotes?
    ///
    /// Once the corpus's text pairs are made ([`Corpus::text_pairs`]), most events are passed
    /// over by their pairs of characters (32 bytes each, read in order) without reading their
    /// texts; before, every event's texts are read (a search never waits for the pairs).
    pub fn matches(&self, corpus: &Corpus, ix: EventIx) -> bool {
        let pairs = corpus.text_pairs_if_made();
        let may_hold = |at: EventIx| match pairs {
            Some(pairs) => self.words.iter().all(|w| w.may_be_in(pairs.event(at))),
            None => true,
        };
        // The texts of the events ahead that may hold the words are asked for now, so that
        // they are in the cache when their turn comes (scans go forward in timeline order).
        let ahead = ix.saturating_add(PREFETCH_AHEAD);
        if (ahead as usize) < corpus.events().len() && may_hold(ahead) {
            corpus.prefetch_texts(ahead);
        }
        let nearer = ix.saturating_add(PREFETCH_AHEAD / 2);
        if (nearer as usize) < corpus.events().len() && may_hold(nearer) {
            corpus.prefetch_quote(nearer);
        }
        if !may_hold(ix) {
            return false;
        }
        let event = &corpus.events()[ix as usize];
        self.words.iter().all(|w| {
            w.in_text(event.summary.raw())
                || event.evidence.iter().any(|q| w.in_text(q.raw(corpus.article_of(event))))
                || event.participants.iter().any(|p| {
                    pairs.is_none_or(|pairs| w.may_be_in(pairs.actor(p.actor)))
                        && match self.case_sensitive {
                            false => w.in_lowered(corpus.actor_search_text(p.actor)),
                            true => {
                                let actor = corpus.actor(p.actor);
                                w.in_text(actor.name.raw()) || actor.aliases.iter().any(|a| w.in_text(a.raw()))
                            }
                        }
                })
        })
    }

    /// Byte ranges of the words in `text` (for highlighting matches).
    pub fn find_in(&self, text: &str) -> Vec<(usize, usize)> {
        let mut ranges = Vec::new();
        let haystack = if self.case_sensitive { text.to_string() } else { text.to_lowercase() };
        // Lower-casing can change byte lengths; highlight only when it did not.
        if haystack.len() != text.len() {
            return ranges;
        }
        for w in self.words() {
            ranges.extend(haystack.match_indices(w).map(|(i, m)| (i, i + m.len())));
        }
        ranges.sort_unstable();
        ranges
    }
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

    /// The rule as it was when every event's texts were kept lower-cased in one string:
    /// a word is in the summary, a quote, or an actor's name or alias.
    fn by_the_old_rule(corpus: &Corpus, ix: EventIx, query: &str) -> bool {
        let event = corpus.event(ix);
        let article = corpus.article_of(event);
        let case_sensitive = query.chars().any(char::is_uppercase);
        let fold = |s: &str| if case_sensitive { s.to_string() } else { s.to_lowercase() };
        let mut texts = vec![fold(event.summary.raw())];
        texts.extend(event.evidence.iter().map(|q| fold(q.raw(article))));
        for p in &event.participants {
            let actor = corpus.actor(p.actor);
            texts.push(fold(actor.name.raw()));
            texts.extend(actor.aliases.iter().map(|a| fold(a.raw())));
        }
        query.split_whitespace().all(|w| texts.iter().any(|t| t.contains(&fold(w))))
    }

    #[test]
    fn a_word_is_found_in_summaries_quotes_and_actors_as_the_whole_text_lowered_would_have_it() {
        let mut data = String::from("[");
        let summaries = [
            "Putin REVOKES the order",
            "Élysée answers",
            "\u{212A}elvin scale set",
            "\u{130}stanbul talks",
            "quiet day",
        ];
        let texts = ["Officials said Putin revokes it.", "L'ÉLYSÉE a répondu.", "No text here at all."];
        for i in 0..60 {
            let text = texts[i % texts.len()];
            let quote = &text[..text.char_indices().nth(6 + i % 5).map_or(text.len(), |(at, _)| at)];
            data.push_str(&format!(
                r#"{}{{"id": "a{i}", "title": "t", "published": "2020-01-01", "text": {text:?},
                  "actors": [{{"id": "p{i}", "name": "Vladimir Putin", "aliases": ["ПУТИН", "V. Putin {i}"]}}],
                  "events": [{{"id": "e", "date": "2020-01-{:02}", "summary": {:?},
                    "participants": [{{"actor": "p{i}", "role": "agent"}}],
                    "evidence": [{{"quote": {quote:?}}}]}}]}}"#,
                if i == 0 { "" } else { "," },
                1 + i % 28,
                summaries[i % summaries.len()],
            ));
        }
        data.push(']');
        let loaded = crate::ingest::load_str("words.json", &data);
        assert!(loaded.report.error_count() == 0, "{:?}", loaded.report.diagnostics());
        let corpus = loaded.corpus;
        assert_eq!(corpus.events().len(), 60);
        let queries = [
            "putin",
            "Putin",
            "PUTIN",
            "revokes",
            "REVOKES",
            "kelvin",
            "istanbul",
            "i",
            "élysée",
            "ÉLYSÉE",
            "путин",
            "ПУТИН",
            "putin 7",
            "officials",
            "said putin",
            "v. putin 3",
            "quiet",
            "zzyzx",
            "l'é",
            "répondu",
            "a",
        ];
        // Before the text pairs are made (every text read) and after (most passed over).
        for pairs in [false, true] {
            if pairs {
                corpus.text_pairs();
            }
            assert_eq!(corpus.text_pairs_if_made().is_some(), pairs);
            for query in queries {
                let text = TextQuery::new(query).unwrap();
                let found: Vec<EventIx> = (0..60).filter(|&e| text.matches(&corpus, e)).collect();
                let expected: Vec<EventIx> = (0..60).filter(|&e| by_the_old_rule(&corpus, e, query)).collect();
                assert_eq!(found, expected, "{query:?}, pairs made: {pairs}");
            }
        }
        // Found somewhere, and not everywhere, for the rule to mean something.
        assert!((0..60).any(|e| TextQuery::new("kelvin").unwrap().matches(&corpus, e)));
        assert!(!(0..60).all(|e| TextQuery::new("istanbul").unwrap().matches(&corpus, e)));
    }

    #[test]
    fn smart_case_text_queries() {
        assert!(!TextQuery::new("lavrov").unwrap().case_sensitive);
        assert!(TextQuery::new("Lavrov").unwrap().case_sensitive);
        assert_eq!(TextQuery::new("   "), None);
        assert_eq!(TextQuery::new("lav").unwrap().find_in("Lavrov and lava"), vec![(0, 3), (11, 14)]);
    }
}
