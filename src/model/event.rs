//! Events, with their participants, evidence and relations.

use super::{ActorIx, Article, ArticleIx, Attributes, EventIx, Loc, RelationKind, Role, Status, When};
use crate::text::LineText;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Participant {
    pub actor: ActorIx,
    pub role: Role,
}

/// A quote that states an event: a stretch of its article's text when it was found there
/// (no copy is kept), else the quote as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The quote as written, kept only when it is not a stretch of the article's text.
    written: Option<Box<str>>,
    /// Byte range of the quote in the article's raw text, when it is one.
    bytes: Option<(u32, u32)>,
    /// Character offsets of the quote in the article's text, when known.
    pub span: Option<(usize, usize)>,
}

impl Evidence {
    /// A quote kept as written (the article has no text, or the quote is not in it).
    pub fn written(quote: &str, span: Option<(usize, usize)>) -> Self {
        Evidence { written: Some(quote.into()), bytes: None, span }
    }

    /// The stretch of the article's raw text at `bytes`, which is `span` in characters.
    pub fn in_text(bytes: (usize, usize), span: (usize, usize)) -> Self {
        Evidence { written: None, bytes: Some((bytes.0 as u32, bytes.1 as u32)), span: Some(span) }
    }

    /// The quote exactly as loaded, from `article` (the event's article).
    pub fn raw<'a>(&'a self, article: &'a Article) -> &'a str {
        match (&self.written, self.bytes, &article.text) {
            (Some(quote), _, _) => quote,
            (None, Some((s, e)), Some(text)) => text.raw().get(s as usize..e as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// The quote kept as written, when `text` (the text it was found in) is not its
    /// article's: an export's article met again keeps the first file's text.
    pub fn outside(&self, text: &str) -> Self {
        match self.bytes {
            Some((s, e)) => Evidence::written(text.get(s as usize..e as usize).unwrap_or(""), None),
            None => self.clone(),
        }
    }

    /// Byte range of the quote in the article's raw text, when it is a stretch of it.
    pub fn bytes(&self) -> Option<(usize, usize)> {
        self.bytes.map(|(s, e)| (s as usize, e as usize))
    }

    /// Heap bytes held (for the memory figures of docs/PERFORMANCE.md).
    pub fn heap_bytes(&self) -> usize {
        self.written.as_ref().map_or(0, |w| w.len())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub kind: RelationKind,
    /// As written: `ARTICLE/EVENT`.
    pub target_ref: Box<str>,
    /// The event it names, when it was found.
    pub target: Option<EventIx>,
}

/// An event. A million of them are held at once: lists are boxed slices (no spare
/// capacity), and actions and tags are shared words (a few dozen recur a million times).
#[derive(Debug, Clone)]
pub struct Event {
    pub article: ArticleIx,
    pub id: Box<str>,
    pub date: Option<When>,
    pub date_text: Option<LineText>,
    /// The date was worked out from `date_text` and the article's publication.
    pub date_resolved: bool,
    pub summary: LineText,
    pub action: Option<Arc<str>>,
    pub status: Status,
    pub participants: Box<[Participant]>,
    pub evidence: Box<[Evidence]>,
    pub relations: Box<[Relation]>,
    pub tags: Box<[Arc<str>]>,
    /// Extra named values from an importer (GDELT's Goldstein scale, tone...).
    pub attributes: Attributes,
    /// Position among its article's events.
    pub ordinal: u32,
    pub loc: Loc,
}
