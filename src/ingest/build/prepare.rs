//! An article prepared on its own, on the parsing threads: dates resolved, evidence
//! located in the text, search text made, duplicate ids found.

use super::{Declarations, Words};
use crate::diagnostic::Diagnostic;
use crate::ingest::raw::{RawActor, RawArticle, RawEvent, RawEvidence, RawParticipant, RawRelation, RawStory};
use crate::model::relative::Direction;
use crate::model::{Article, Event, Evidence, Loc, Status, When, relative};
use crate::text::{LineText, Text};
use std::collections::HashMap;

/// An article checked on its own, as far as it can be without the rest of the corpus:
/// its text sanitized, its events' dates resolved, evidence located, duplicate event ids
/// found. This is most of loading's work and runs on the parsing threads.
pub struct Prepared {
    pub(super) article: Article,
    pub(super) from_export: bool,
    pub(super) merge: bool,
    pub(super) actors: Vec<RawActor>,
    /// Fingerprints of `actors` (empty when not made).
    pub(super) actor_fingerprints: Vec<u64>,
    pub(super) events: Vec<PreparedEvent>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Stories kept in a native export, resolved when every file is in.
    pub(super) kept_stories: Vec<RawStory>,
}

impl Prepared {
    /// Fingerprint the article's actor declarations, on the thread that prepared it, so that
    /// repeated declarations cost the merging thread only a comparison.
    pub fn fingerprint_declarations(&mut self, declarations: &Declarations) {
        let fingerprints: Vec<u64> = self.actors.iter().map(|a| declarations.fingerprint(a)).collect();
        let firsts = declarations.firsts.read().ok();
        let published = |actor: &RawActor, fingerprint: u64| {
            firsts.as_ref().is_some_and(|f| f.get(&declarations.id_hash(&actor.id)) == Some(&fingerprint))
        };
        let mut kept = Vec::with_capacity(self.actors.len());
        self.actor_fingerprints = Vec::with_capacity(self.actors.len());
        for (actor, fingerprint) in std::mem::take(&mut self.actors).into_iter().zip(fingerprints) {
            if !published(&actor, fingerprint) {
                kept.push(actor);
                self.actor_fingerprints.push(fingerprint);
            }
        }
        self.actors = kept;
    }
}

pub(super) struct PreparedEvent {
    pub(super) event: Event,
    pub(super) participants: Vec<RawParticipant>,
    pub(super) relations: Vec<RawRelation>,
}

/// Check an article on its own; `file` names the file it came from, for diagnostics.
pub fn prepare(mut raw: RawArticle, file: &str, words: &mut Words) -> Prepared {
    let mut diagnostics = Vec::new();
    let p = Preparer { file };
    if raw.text.is_none() && !raw.from_export {
        let quotes: usize = raw.events.iter().map(|e| e.evidence.len()).sum();
        if quotes > 0 {
            diagnostics.push(p.warning(
                raw.at,
                format!("article '{}' has no 'text': its {quotes} evidence quotes cannot be checked", raw.id),
            ));
        }
    }
    if raw.published.is_none() {
        p.unresolvable_dates(&raw, &mut diagnostics);
    }
    // Duplicates are found first, so that events can then be moved, not copied.
    let raw_events = std::mem::take(&mut raw.events);
    let mut first_at: HashMap<&str, Loc> = HashMap::with_capacity(raw_events.len());
    let duplicate_of: Vec<Option<Loc>> = raw_events
        .iter()
        .map(|e| match first_at.get(e.id.as_str()) {
            Some(&first) => Some(first),
            None => {
                first_at.insert(&e.id, e.at);
                None
            }
        })
        .collect();
    drop(first_at);
    let chars = raw.text.as_deref().map(CharIndex::new);
    let mut events = Vec::with_capacity(raw_events.len());
    for (mut event, duplicate) in raw_events.into_iter().zip(duplicate_of) {
        if let Some(first) = duplicate {
            diagnostics.push(p.error(
                event.at,
                format!(
                    "duplicate event id '{}' in article '{}' (first defined at {file}:{}:{}); this event is skipped",
                    event.id, raw.id, first.line, first.column
                ),
            ));
            continue;
        }
        let participants = std::mem::take(&mut event.participants);
        let relations = std::mem::take(&mut event.relations);
        let built = p.event(event, &raw, chars.as_ref(), words, &mut diagnostics);
        events.push(PreparedEvent { event: built, participants, relations });
    }
    let article = Article {
        id: raw.id,
        title: Text::line(raw.title),
        source: raw.source.map(Text::line),
        author: raw.author.map(Text::line),
        published: raw.published,
        url: raw.url.map(Text::line),
        text: raw.text.map(Text::block),
        loc: raw.at,
    };
    Prepared {
        article,
        from_export: raw.from_export,
        merge: raw.merge,
        actors: raw.actors,
        actor_fingerprints: Vec::new(),
        events,
        diagnostics,
        kept_stories: raw.kept_stories,
    }
}

/// Diagnostics of one file, for [`prepare`].
struct Preparer<'f> {
    file: &'f str,
}

impl Preparer<'_> {
    /// Events with `date_text` and no `date` in an article without `published`: one warning.
    fn unresolvable_dates(&self, raw: &RawArticle, diagnostics: &mut Vec<Diagnostic>) {
        let stranded: Vec<&RawEvent> = raw
            .events
            .iter()
            .filter(|e| e.date.is_none() && !e.date_resolved)
            .filter(|e| e.date_text.as_deref().is_some_and(|t| When::parse(t).is_err()))
            .collect();
        let Some(first) = stranded.first() else { return };
        let mut examples: Vec<String> = Vec::new();
        for e in &stranded {
            let words = format!("'{}'", e.date_text.as_deref().unwrap_or(""));
            if examples.len() < 3 && !examples.contains(&words) {
                examples.push(words);
            }
        }
        let message = if stranded.len() == 1 {
            format!(
                "event '{}': date_text {} cannot be resolved because the article has no 'published' date; the event is undated",
                first.id, examples[0]
            )
        } else {
            format!(
                "{} events of article '{}' have a date_text ({}{}) that cannot be resolved because the article has no 'published' date; they are undated (the first here)",
                stranded.len(),
                raw.id,
                examples.join(", "),
                if stranded.len() > examples.len() { ", …" } else { "" }
            )
        };
        diagnostics.push(self.warning(first.at, message));
    }

    fn error(&self, loc: Loc, message: String) -> Diagnostic {
        Diagnostic::error(self.file, loc.line, loc.column, message)
    }

    fn warning(&self, loc: Loc, message: String) -> Diagnostic {
        Diagnostic::warning(self.file, loc.line, loc.column, message)
    }

    fn event(
        &self,
        raw: RawEvent,
        article: &RawArticle,
        chars: Option<&CharIndex>,
        words: &mut Words,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Event {
        let (date, date_resolved) = self.resolve_date(&raw, article, diagnostics);
        if raw.attributes.dropped() > 0 {
            let message = format!(
                "event '{}': its attribute values pass 4 GiB; {} of them are left out",
                raw.id,
                raw.attributes.dropped()
            );
            diagnostics.push(self.warning(raw.at, message));
        }
        let evidence = raw.evidence.iter().map(|e| self.evidence(e, article, chars, diagnostics)).collect();
        Event {
            article: 0,
            id: raw.id.into(),
            date,
            date_text: raw.date_text.map(LineText::new),
            date_resolved,
            summary: LineText::new(raw.summary),
            action: raw.action.map(|a| words.get(a)),
            status: raw.status,
            participants: Box::default(),
            evidence,
            relations: Box::default(),
            tags: raw.tags.into_iter().map(|t| words.get(t)).collect(),
            attributes: words.attributes(raw.attributes),
            ordinal: 0,
            loc: raw.at,
        }
    }

    /// The event's date: as written, or resolved from `date_text` against publication;
    /// a `date_text` that resolves to another day than `date` is a warning.
    fn resolve_date(
        &self,
        raw: &RawEvent,
        article: &RawArticle,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Option<When>, bool) {
        let Some(words) = &raw.date_text else { return (raw.date, raw.date_resolved) };
        if raw.date_resolved {
            return (raw.date, true);
        }
        let Some(published) = &article.published else {
            // Only a date written out ("2016") reads without publication; the others are
            // reported once per article by `add_article`.
            return match (raw.date, When::parse(words)) {
                (None, Ok(w)) => (Some(w), true),
                (date, _) => (date, false),
            };
        };
        let looking_ahead = matches!(raw.status, Status::Planned | Status::Hypothetical);
        let direction = if looking_ahead { Direction::Future } else { Direction::Past };
        let resolved = relative::resolve_towards(words, published, direction);
        // A written date agrees with its words if either reading of them fits it.
        let agrees = |d: &When| {
            [Direction::Past, Direction::Future]
                .into_iter()
                .any(|dir| relative::resolve_towards(words, published, dir).is_none_or(|r| r.overlaps(d)))
        };
        match (raw.date, resolved) {
            (None, Some(r)) => (Some(r), true),
            (None, None) => {
                let why = if relative::outside_calendar(words, published, direction) {
                    format!("date_text '{words}' names a date outside the years 1 to 9999")
                } else {
                    format!("cannot read a date in date_text '{words}'")
                };
                diagnostics.push(self.warning(raw.at, format!("event '{}': {why}; the event is undated", raw.id)));
                (None, false)
            }
            (Some(d), Some(r)) if !agrees(&d) => {
                diagnostics.push(self.warning(
                    raw.date_at,
                    format!(
                        "event '{}': date is {d} but date_text '{words}' means {r} for an article published {published}",
                        raw.id
                    ),
                ));
                (Some(d), false)
            }
            (Some(d), _) => (Some(d), false),
        }
    }

    fn evidence(
        &self,
        raw: &RawEvidence,
        article: &RawArticle,
        chars: Option<&CharIndex>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Evidence {
        let (Some(text), Some(chars)) = (&article.text, chars) else {
            return Evidence::written(&raw.quote, raw.span);
        };
        if let Some((start, end)) = raw.span
            && let Some(bytes) = chars.bytes(text, start, end)
            && text[bytes.0..bytes.1] == raw.quote
        {
            return Evidence::in_text(bytes, (start, end));
        }
        let found = chars.find(text, &raw.quote);
        let message = match (raw.span, found) {
            (_, None) => Some(format!("evidence quote not found in the article text: '{}'", shorten(&raw.quote))),
            (Some((start, end)), Some((_, (s, e)))) => {
                Some(format!("evidence offsets {start}..{end} do not hold the quote; it is at {s}..{e}, which is used"))
            }
            (None, Some(_)) => None,
        };
        if let Some(message) = message {
            diagnostics.push(self.warning(raw.at, message));
        }
        match found {
            Some((bytes, span)) => Evidence::in_text(bytes, span),
            None => Evidence::written(&raw.quote, None),
        }
    }
}

/// Character offsets of a text, for evidence spans: counting characters from the start for
/// every quote would make long articles quadratic. ASCII text needs no table.
struct CharIndex {
    /// Byte offset of each character, and the text's length at the end.
    bytes: Option<Vec<usize>>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let bytes = (!text.is_ascii())
            .then(|| text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect());
        CharIndex { bytes }
    }

    fn byte(&self, char_offset: usize, text: &str) -> Option<usize> {
        match &self.bytes {
            None => (char_offset <= text.len()).then_some(char_offset),
            Some(table) => table.get(char_offset).copied(),
        }
    }

    fn char(&self, byte_offset: usize) -> usize {
        match &self.bytes {
            None => byte_offset,
            Some(table) => table.partition_point(|&b| b < byte_offset),
        }
    }

    /// Byte offsets of two character offsets, if both are inside the text.
    fn bytes(&self, text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        let (s, e) = (self.byte(start, text)?, self.byte(end, text)?);
        text.get(s..e).map(|_| (s, e))
    }

    /// Byte and character offsets of the first occurrence of `needle`.
    fn find(&self, text: &str, needle: &str) -> Option<((usize, usize), (usize, usize))> {
        if needle.is_empty() {
            return None;
        }
        let at = text.find(needle)?;
        let end = at + needle.len();
        Some(((at, end), (self.char(at), self.char(end))))
    }
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn one_word_is_held_once() {
        let mut words = Words::default();
        let (a, b) = (words.get("expel".to_string()), words.get("expel".to_string()));
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn char_offsets_count_characters_not_bytes() {
        for text in ["Путин said: no.", "Putin said: no."] {
            let chars = CharIndex::new(text);
            let slice = |s, e| chars.bytes(text, s, e).map(|(s, e)| &text[s..e]);
            assert_eq!(chars.find(text, "said").map(|(_, span)| span), Some((6, 10)));
            assert_eq!(slice(6, 10), Some("said"));
            assert_eq!(slice(14, 15), Some("."));
            assert_eq!(slice(14, 16), None);
            assert_eq!(slice(15, 15), Some(""));
        }
        let text = "Путин said";
        assert_eq!(CharIndex::new(text).bytes(text, 0, 5), Some((0, 10)));
    }
}
