//! The loaded timeline and its indexes, read through named questions.
//!
//! A [`Corpus`] is made once by [`Corpus::assemble`] and never changes: its fields are
//! private so that the invariants below hold for every reader, and each index is asked
//! for by what it answers (`actor_events`, `events_with_tag`...), not by how it is kept.
//!
//! Invariants, established by `assemble`:
//! - `events` is in timeline order ([`super::timeline`]); undated events are placed with
//!   their articles, so dated and undated ones may alternate;
//! - `starts[i]` is event `i`'s start in Unix seconds, `i64::MAX` when it is undated;
//! - the dated events' starts are in order: `dated_starts` (a prefix of `starts` when
//!   every undated event comes last and relations moved no event before an earlier
//!   start, else its own array sorted by start, with the events it names);
//! - relation targets, `incoming`, and every list of events are timeline positions;
//! - `actor_rank` inverts `actors_by_count`;
//! - `by_tag` is keyed by the lower-cased tag, `by_action` by the action as written;
//! - each kept story holds two or more distinct events, in timeline order.

use super::search::{Search, TextPairs};
use super::{Actor, ActorIx, Article, ArticleIx, Event, EventIx, Lists, Loc, RelationKind, Status, When};
use std::collections::HashMap;

/// The whole loaded timeline.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Names of the files loaded, as given (indexed by [`Loc::file`]).
    pub(super) files: Vec<String>,
    pub(super) articles: Vec<Article>,
    pub(super) actors: Vec<Actor>,
    /// In timeline order.
    pub(super) events: Vec<Event>,
    /// Each event's start (Unix seconds; `i64::MAX` when undated), kept apart from the
    /// events so that scans over dates read a compact array.
    pub(super) starts: Vec<i64>,
    /// When undated events are placed among dated ones, or relations put an event before
    /// one that starts earlier (a day before the month that follows it): the dated events
    /// sorted by start (then timeline order), their starts, and whether that is also their
    /// timeline order. None when the dated events are the first `n` and in order of their
    /// starts (no copy).
    pub(super) dated: Option<(Vec<EventIx>, Vec<i64>, bool)>,
    /// For each event, the relations that point at it: (kind, source event).
    pub(super) incoming: Lists<(RelationKind, EventIx)>,
    pub(super) actor_ids: HashMap<String, ActorIx>,
    /// For each actor, its events in timeline order.
    pub(super) actor_events: Lists<EventIx>,
    /// What text search reads before the texts: an event's actors are searched through
    /// their names in lower case rather than copied into every event's text.
    pub(super) search: Search,
    /// For each article, its events in timeline order.
    pub(super) article_events: Lists<EventIx>,
    /// Actors by number of events (most first), then name.
    pub(super) actors_by_count: Vec<ActorIx>,
    /// For each actor, its place in `actors_by_count`.
    pub(super) actor_rank: Vec<u32>,
    pub(super) by_action: HashMap<String, Vec<EventIx>>,
    pub(super) by_tag: HashMap<String, Vec<EventIx>>,
    pub(super) by_status: HashMap<Status, Vec<EventIx>>,
    pub(super) attribute_names: Vec<Box<str>>,
    /// Stories kept in a native export that was loaded: each its reports in timeline order.
    pub(super) kept_stories: Vec<Vec<EventIx>>,
    /// Where events without a date are placed.
    pub(super) undated: super::timeline::Undated,
    /// Events that name no participant, in timeline order: an actor typed that no actor
    /// is may still be found by name in their sentences.
    pub(super) without_participants: Vec<EventIx>,
}

impl Corpus {
    /// Names of the files loaded, as given; [`Loc::file`] indexes it.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// The name of the file a place is in.
    pub fn file_of(&self, loc: Loc) -> &str {
        self.files.get(loc.file as usize).map_or("", String::as_str)
    }

    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// Every event, in timeline order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn event(&self, ix: EventIx) -> &Event {
        &self.events[ix as usize]
    }

    pub fn actor(&self, ix: ActorIx) -> &Actor {
        &self.actors[ix as usize]
    }

    pub fn article(&self, ix: ArticleIx) -> &Article {
        &self.articles[ix as usize]
    }

    pub fn article_of(&self, event: &Event) -> &Article {
        &self.articles[event.article as usize]
    }

    /// `ARTICLE/EVENT`, the global name of an event.
    pub fn event_ref(&self, event: &Event) -> String {
        format!("{}/{}", self.article_of(event).id, event.id)
    }

    /// Number of dated events.
    pub fn dated_len(&self) -> usize {
        match &self.dated {
            Some((events, _, _)) => events.len(),
            None => self.starts.partition_point(|&s| s != i64::MAX),
        }
    }

    /// The starts of the dated events in order: a compact array for binary searches; the
    /// k-th belongs to the k-th event of [`Corpus::dated_between`].
    pub fn dated_starts(&self) -> &[i64] {
        match &self.dated {
            Some((_, starts, _)) => starts,
            None => &self.starts[..self.dated_len()],
        }
    }

    /// The dated events from the `lo`-th to before the `hi`-th (positions in
    /// [`Corpus::dated_starts`]): a range of timeline positions when the dated events come
    /// first in order of their starts, else a list in timeline order.
    pub fn dated_between(&self, lo: usize, hi: usize) -> Result<std::ops::Range<usize>, Vec<EventIx>> {
        match &self.dated {
            Some((events, _, true)) => Err(events[lo..hi].to_vec()),
            Some((events, _, false)) => {
                let mut list = events[lo..hi].to_vec();
                list.sort_unstable();
                Err(list)
            }
            None => Ok(lo..hi),
        }
    }

    /// The start of an event's date (Unix seconds), None when it is undated.
    pub fn start_of(&self, event: EventIx) -> Option<i64> {
        Some(self.starts[event as usize]).filter(|&s| s != i64::MAX)
    }

    /// The relations that point at an event: (kind, source event).
    pub fn incoming(&self, event: EventIx) -> &[(RelationKind, EventIx)] {
        &self.incoming[event as usize]
    }

    /// The actor declared (or named) with this id, exactly.
    pub fn actor_by_id(&self, id: &str) -> Option<ActorIx> {
        self.actor_ids.get(id).copied()
    }

    /// An actor's events, in timeline order, each once.
    pub fn actor_events(&self, actor: ActorIx) -> &[EventIx] {
        &self.actor_events[actor as usize]
    }

    /// An article's events, in timeline order.
    pub fn article_events(&self, article: ArticleIx) -> &[EventIx] {
        &self.article_events[article as usize]
    }

    /// An actor's name and aliases in lower case, one a line.
    pub fn actor_search_text(&self, actor: ActorIx) -> &str {
        self.search.actor_text(actor)
    }

    /// The pairs of characters of every event's texts and every actor's names, made the
    /// first time they are asked for (0.3 s at a million events, on two cores).
    pub fn text_pairs(&self) -> &TextPairs {
        self.search.pairs(self)
    }

    /// The pairs, if they are made already (text search does not wait for them).
    pub fn text_pairs_if_made(&self) -> Option<&TextPairs> {
        self.search.pairs_if_made()
    }

    /// Actors by number of events (most first), then name: the actor picker's order before
    /// anything is typed, and its tie-break after.
    pub fn actors_by_count(&self) -> &[ActorIx] {
        &self.actors_by_count
    }

    /// An actor's place in [`Corpus::actors_by_count`].
    pub fn actor_rank(&self, actor: ActorIx) -> u32 {
        self.actor_rank[actor as usize]
    }

    /// Every action some event has, as written.
    pub fn actions(&self) -> impl Iterator<Item = &str> {
        self.by_action.keys().map(String::as_str)
    }

    /// The events with this action (as written), in timeline order; `None` when no event
    /// has it.
    pub fn events_with_action(&self, action: &str) -> Option<&[EventIx]> {
        self.by_action.get(action).map(Vec::as_slice)
    }

    /// Every tag some event has, in lower case.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.by_tag.keys().map(String::as_str)
    }

    /// The events with this tag, in any case, in timeline order; `None` when no event has
    /// it.
    pub fn events_with_tag(&self, tag: &str) -> Option<&[EventIx]> {
        self.by_tag.get(&tag.to_lowercase()).map(Vec::as_slice)
    }

    /// The events with this status, in timeline order.
    pub fn events_with_status(&self, status: Status) -> &[EventIx] {
        self.by_status.get(&status).map_or(&[], Vec::as_slice)
    }

    /// The names of every attribute some event has, sorted.
    pub fn attribute_names(&self) -> &[Box<str>] {
        &self.attribute_names
    }

    /// The stories that native exports kept (each of two or more reports, in timeline
    /// order), read back so that clustering again joins them.
    /// The publication of an undated event's article, where the timeline places it
    /// ("reported on"): never the event's date. None for a dated event, an article without
    /// a publication, or with `--no-reported-on`.
    pub fn reported_on(&self, event: EventIx) -> Option<When> {
        let e = &self.events[event as usize];
        if e.date.is_some() || self.undated != super::timeline::Undated::AtReport {
            return None;
        }
        self.articles[e.article as usize].published
    }

    /// The instant the timeline places `event` at (seconds): its date's start (for `before
    /// X`, the second before X), else the publication it is shown as reported on; None when
    /// it has neither.
    pub fn placed_at(&self, event: EventIx) -> Option<i64> {
        self.event(event).date.map(|d| d.start).or_else(|| self.reported_on(event).map(|w| w.start))
    }

    /// Where the timeline's first and last placed events are placed ([`Corpus::placed_at`]).
    pub fn placed_bounds(&self) -> (Option<i64>, Option<i64>) {
        let events = self.events.len() as EventIx;
        ((0..events).find_map(|e| self.placed_at(e)), (0..events).rev().find_map(|e| self.placed_at(e)))
    }

    /// Events that name no participant, in timeline order.
    pub fn events_without_participants(&self) -> &[EventIx] {
        &self.without_participants
    }

    pub fn kept_stories(&self) -> &[Vec<EventIx>] {
        &self.kept_stories
    }

    /// Heap bytes held by the search texts (for docs/PERFORMANCE.md's memory figures).
    pub fn search_heap_bytes(&self) -> usize {
        self.search.heap_bytes()
    }

    /// Heap bytes held by the indexes (for docs/PERFORMANCE.md's memory figures).
    pub fn index_heap_bytes(&self) -> usize {
        let lists = |v: &Vec<EventIx>| v.capacity() * 4;
        self.starts.capacity() * 8
            + self.dated.as_ref().map_or(0, |(e, s, _)| e.capacity() * 4 + s.capacity() * 8)
            + self.incoming.heap_bytes()
            + self.actor_events.heap_bytes()
            + self.article_events.heap_bytes()
            + self
                .by_action
                .values()
                .chain(self.by_tag.values())
                .chain(self.by_status.values())
                .map(lists)
                .sum::<usize>()
            + self.actors_by_count.capacity() * 4
            + self.actor_rank.capacity() * 4
            + self.actor_ids.keys().map(|k| k.capacity() + 32).sum::<usize>()
    }
}
