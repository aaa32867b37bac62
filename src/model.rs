//! The loaded corpus: articles, actors and events in one timeline.
//!
//! Built once by [`crate::ingest`], immutable afterwards. Everything else (filters, the
//! TUI, exports) refers to events by their index in [`Corpus::events`], which is the
//! timeline order. Nothing here knows about terminals.

pub mod date;
pub mod relative;
pub mod timeline;
pub mod timex;

pub use date::{DayPart, Open, Precision, When};

use crate::diagnostic::Diagnostic;
use crate::text::{LineText, Text};
use std::collections::HashMap;
use std::sync::Arc;

pub type ArticleIx = u32;
pub type ActorIx = u32;
pub type EventIx = u32;

/// Where something was written: a file of [`Corpus::files`], line and column (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: u32,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub title: Text,
    pub source: Option<Text>,
    pub author: Option<Text>,
    pub published: Option<When>,
    pub url: Option<Text>,
    pub text: Option<Text>,
    pub loc: Loc,
}

macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used for it in files and on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }

            /// "a | b | c", for error messages.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(" | ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum!(
    /// What kind of actor.
    ActorKind { Person = "person", Organization = "organization", Country = "country", Group = "group", Other = "other" }
);
keyword_enum!(
    /// Whether an event happened, or was only proposed, revoked, denied...
    Status { Actual = "actual", Proposed = "proposed", Revoked = "revoked", Denied = "denied", Planned = "planned", Hypothetical = "hypothetical" }
);
keyword_enum!(
    /// A participant's part in an event.
    Role { Agent = "agent", Target = "target", Other = "other" }
);
keyword_enum!(
    /// How one event relates to another.
    RelationKind {
        Causes = "causes", RespondsTo = "responds_to", RetaliatesFor = "retaliates_for",
        Revokes = "revokes", Follows = "follows", PartOf = "part_of", SameAs = "same_as",
    }
);

impl Status {
    /// A one-character marker for lists; blank for actual events.
    pub fn marker(self) -> char {
        match self {
            Status::Actual => ' ',
            Status::Proposed => '?',
            Status::Revoked => '×',
            Status::Denied => '!',
            Status::Planned => '>',
            Status::Hypothetical => '~',
        }
    }
}

impl RelationKind {
    /// True when the event carrying the relation must come after its target.
    pub fn comes_after_target(self) -> bool {
        matches!(
            self,
            RelationKind::RespondsTo | RelationKind::RetaliatesFor | RelationKind::Revokes | RelationKind::Follows
        )
    }

    /// How the relation reads from its target's side: "retaliated for by".
    pub fn inverse_label(self) -> &'static str {
        match self {
            RelationKind::Causes => "caused by",
            RelationKind::RespondsTo => "responded to by",
            RelationKind::RetaliatesFor => "retaliated for by",
            RelationKind::Revokes => "revoked by",
            RelationKind::Follows => "followed by",
            RelationKind::PartOf => "has part",
            RelationKind::SameAs => "same as",
        }
    }

    /// How the relation reads from its source's side: "retaliates for".
    pub fn label(self) -> &'static str {
        match self {
            RelationKind::Causes => "causes",
            RelationKind::RespondsTo => "responds to",
            RelationKind::RetaliatesFor => "retaliates for",
            RelationKind::Revokes => "revokes",
            RelationKind::Follows => "follows",
            RelationKind::PartOf => "part of",
            RelationKind::SameAs => "same as",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub name: Text,
    pub aliases: Vec<Text>,
    pub kind: ActorKind,
    pub description: Option<Text>,
    /// False for an actor only named by a participant and declared nowhere.
    pub declared: bool,
}

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

    /// The quote in the form safe to draw on a terminal.
    pub fn shown<'a>(&'a self, article: &'a Article) -> std::borrow::Cow<'a, str> {
        crate::text::shown_line(self.raw(article))
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
    /// Extra named values from an importer (GDELT's Goldstein scale, tone...): shared
    /// words, since a million GDELT events repeat a few dozen names and most values.
    pub attributes: Box<[(Arc<str>, Arc<str>)]>,
    /// Position among its article's events.
    pub ordinal: u32,
    pub loc: Loc,
}

/// Many short lists in two allocations, a million of them costing no more than their
/// items: list `i` is `items[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone)]
pub struct Lists<T> {
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists { starts: vec![0], items: Vec::new() }
    }
}

impl<T: Copy> Lists<T> {
    /// `lists` lists from (list, item) pairs, each list's items in the order given. The
    /// pairs are walked twice: once to count, once to place.
    pub fn from_pairs<I: Iterator<Item = (usize, T)>>(lists: usize, pairs: impl Fn() -> I) -> Self {
        let mut starts = vec![0u32; lists + 1];
        for (list, _) in pairs() {
            starts[list + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next: Vec<u32> = starts[..lists].to_vec();
        // Every slot is written below; the first item fills them until then.
        let Some((_, filler)) = pairs().next() else { return Lists { starts, items: Vec::new() } };
        let mut items = vec![filler; starts[lists] as usize];
        for (list, item) in pairs() {
            items[next[list] as usize] = item;
            next[list] += 1;
        }
        Lists { starts, items }
    }
}

impl<T> Lists<T> {
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &[T]> {
        self.starts.windows(2).map(|w| &self.items[w[0] as usize..w[1] as usize])
    }

    /// Heap bytes held (for the memory figures of docs/PERFORMANCE.md).
    pub fn heap_bytes(&self) -> usize {
        self.starts.capacity() * 4 + self.items.capacity() * std::mem::size_of::<T>()
    }
}

impl<T> std::ops::Index<usize> for Lists<T> {
    type Output = [T];

    fn index(&self, list: usize) -> &[T] {
        &self.items[self.starts[list] as usize..self.starts[list + 1] as usize]
    }
}

/// Each event's summary and evidence in lower case, for text search: one buffer, in the
/// order the events were loaded, read in the timeline's order through `load_order`.
#[derive(Debug, Clone, Default)]
pub struct SearchText {
    text: String,
    /// Where each loaded event's text ends in `text` (it starts where the previous ends).
    ends: Vec<usize>,
    /// For each event of the timeline, its place in load order.
    load_order: Vec<u32>,
}

impl SearchText {
    /// Texts in load order, with where each ends.
    pub fn new(text: String, ends: Vec<usize>) -> Self {
        let load_order = (0..ends.len() as u32).collect();
        SearchText { text, ends, load_order }
    }

    /// Read the texts in another order: `load_order[i]` is the loaded event now at `i`.
    pub fn reorder(&mut self, load_order: Vec<u32>) {
        self.load_order = load_order;
    }

    pub fn len(&self) -> usize {
        self.load_order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.load_order.is_empty()
    }

    /// Heap bytes held (for the memory figures of docs/PERFORMANCE.md).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 8 + self.load_order.capacity() * 4
    }
}

impl std::ops::Index<usize> for SearchText {
    type Output = str;

    fn index(&self, event: usize) -> &str {
        let loaded = self.load_order[event] as usize;
        let start = if loaded == 0 { 0 } else { self.ends[loaded - 1] };
        &self.text[start..self.ends[loaded]]
    }
}

/// The whole loaded timeline.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Names of the files loaded, as given (indexed by [`Loc::file`]).
    pub files: Vec<String>,
    pub articles: Vec<Article>,
    pub actors: Vec<Actor>,
    /// In timeline order.
    pub events: Vec<Event>,
    /// Each event's start (Unix seconds; `i64::MAX` when undated), kept apart from the
    /// events so that scans over dates read a compact array.
    pub starts: Vec<i64>,
    /// For each event, the relations that point at it: (kind, source event).
    pub incoming: Lists<(RelationKind, EventIx)>,
    /// Actors by id.
    pub actor_ids: HashMap<String, ActorIx>,
    /// For each actor, its events in timeline order.
    pub actor_events: Lists<EventIx>,
    /// For each event, its summary and evidence in lower case, for text search.
    pub search_text: SearchText,
    /// For each actor, its name and aliases in lower case: an event's actors are searched
    /// through these rather than copied into every event's text.
    pub actor_search: Vec<Box<str>>,
    /// For each article, its events in timeline order.
    pub article_events: Lists<EventIx>,
    /// Actors by number of events (most first), then name: the actor picker's order before
    /// anything is typed, and its tie-break after.
    pub actors_by_count: Vec<ActorIx>,
    /// For each actor, its place in `actors_by_count`.
    pub actor_rank: Vec<u32>,
    /// Events by action, by lower-cased tag and by status, in timeline order: what the
    /// filters start from instead of scanning every event.
    pub by_action: HashMap<String, Vec<EventIx>>,
    pub by_tag: HashMap<String, Vec<EventIx>>,
    pub by_status: HashMap<Status, Vec<EventIx>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Errors among the diagnostics (counted once: the status bar shows it every frame).
    pub errors: usize,
}

impl Corpus {
    pub fn article_of(&self, event: &Event) -> &Article {
        &self.articles[event.article as usize]
    }

    /// `ARTICLE/EVENT`, the global name of an event.
    pub fn event_ref(&self, event: &Event) -> String {
        format!("{}/{}", self.article_of(event).id, event.id)
    }

    /// Number of dated events (they come first in the timeline).
    pub fn dated_len(&self) -> usize {
        self.events.partition_point(|e| e.date.is_some())
    }

    pub fn error_count(&self) -> usize {
        self.errors
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// The searchable text of an event with its case kept, for case-sensitive search.
    pub fn search_text_cased(&self, ix: EventIx) -> String {
        let event = &self.events[ix as usize];
        let mut s = String::from(event.summary.raw());
        for p in &event.participants {
            let actor = &self.actors[p.actor as usize];
            s.push('\n');
            s.push_str(actor.name.raw());
            for alias in &actor.aliases {
                s.push('\n');
                s.push_str(alias.raw());
            }
        }
        for e in &event.evidence {
            s.push('\n');
            s.push_str(e.raw(self.article_of(event)));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hold_each_list_in_the_order_given() {
        let pairs = [(2, 'a'), (0, 'b'), (2, 'c'), (0, 'd')];
        let lists = Lists::from_pairs(4, || pairs.iter().copied());
        assert_eq!(lists.len(), 4);
        assert_eq!((&lists[0], &lists[1], &lists[2], &lists[3]), (&['b', 'd'][..], &[][..], &['a', 'c'][..], &[][..]));
        assert_eq!(lists.iter().map(<[char]>::len).collect::<Vec<_>>(), [2, 0, 2, 0]);
        let none = Lists::<u32>::from_pairs(3, std::iter::empty);
        assert_eq!((none.len(), none[2].len()), (3, 0));
    }
}
