//! The work that may run in the background, and the sizes above which it does: a search
//! for the next match, a ranking of actors for the picker, a filter with words to find,
//! the counts of the `c` panel.
//! Each request is computed the same way at once (small corpora) or on a
//! [`super::worker::Worker`] (large ones).

use super::density::Density;
use crate::model::Clock;
use crate::model::{ActorIx, Corpus, EventIx};
use crate::query::count::{Bucket, GroupBy, count_by};
use crate::query::filter::TextQuery;
use crate::query::histogram::{Histogram, Split, Unit, histogram};
use crate::query::search::find_match_by;
use crate::query::{ActorMatch, CompiledFilter, Filter};
use crate::stories::Stories;
use std::sync::Arc;

/// Views up to this size are searched at once; larger ones in the background, so that
/// typing never waits for a scan of a million events.
pub const SEARCH_AT_ONCE: usize = 100_000;

/// Corpora with up to this many actors rank them at once; larger ones in the background.
pub const RANK_AT_ONCE: usize = 20_000;

/// Views up to this size are counted at once (the `c` panel); larger ones in the
/// background.
pub const COUNT_AT_ONCE: usize = 100_000;

/// Look for the next (or previous) match of `query` in `view`, from position `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindRequest {
    pub query: TextQuery,
    pub view: Arc<Vec<EventIx>>,
    pub from: usize,
    pub forward: bool,
    /// With stories on: a row matches when any report of its story does.
    pub stories: Option<Clustered>,
}

/// The stories found in the background (compared by identity: a million events' stories
/// are not compared by value).
#[derive(Debug, Clone)]
pub struct Clustered(pub Arc<Stories>);

impl PartialEq for Clustered {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Clustered {}

impl FindRequest {
    /// The position of the match; None if there is none or `cancelled` said to stop.
    pub fn run(&self, corpus: &Corpus, cancelled: &dyn Fn() -> bool) -> Option<usize> {
        let matches = |e: EventIx| matches(corpus, &self.query, self.stories.as_ref().map(|s| &*s.0), e);
        find_match_by(&self.view, self.from, self.forward, cancelled, &matches)
    }
}

/// Does the row of `event` match `query`: the event, or with `stories`, any report of its
/// story?
pub fn matches(corpus: &Corpus, query: &TextQuery, stories: Option<&Stories>, event: EventIx) -> bool {
    match stories {
        Some(stories) => stories.reports_with(event).iter().any(|&r| query.matches(corpus, r)),
        None => query.matches(corpus, event),
    }
}

/// Rank `candidates` by how well they match `query` (the picker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankRequest {
    pub query: String,
    pub candidates: Vec<ActorIx>,
    /// A store's list of actors, which `candidates` index (None: the corpus's actors).
    pub cast: Option<crate::tui::Cast>,
}

impl RankRequest {
    /// The ranking (on a store's list, ties to the actor with more of its events: the list
    /// holds no events to count).
    pub fn run(&self, corpus: &Corpus) -> Vec<ActorMatch> {
        let Some(cast) = &self.cast else {
            return crate::query::fuzzy::rank_actors_within(corpus, &self.query, &self.candidates);
        };
        let mut matches = crate::query::fuzzy::rank_actors_within(&cast.actors, &self.query, &self.candidates);
        cast.order(&mut matches);
        matches
    }
}

/// A filter to apply in the background.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterRequest {
    pub filter: Filter,
    pub compiled: CompiledFilter,
    pub on: bool,
}

impl FilterRequest {
    /// The work the background does: the view and its density strip.
    pub fn apply(self, corpus: &Corpus) -> FilterResult {
        let view = self.compiled.apply(corpus);
        let density = Density::of(corpus, &view);
        FilterResult { filter: self.filter, on: self.on, view: Arc::new(view), density }
    }
}

/// A filtered view computed in the background.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterResult {
    pub filter: Filter,
    pub on: bool,
    pub view: Arc<Vec<EventIx>>,
    pub density: Density,
}

/// Count a view by a field (the `c` panel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRequest {
    pub view: Arc<Vec<EventIx>>,
    pub by: GroupBy,
}

impl CountRequest {
    pub fn run(&self, corpus: &Corpus) -> Vec<Bucket> {
        count_by(corpus, &self.view, &self.by)
    }
}

/// Count a view per bucket of time (the `h` panel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistogramRequest {
    pub view: Arc<Vec<EventIx>>,
    pub unit: Unit,
    pub clock: Clock,
    pub split: Split,
}

impl HistogramRequest {
    pub fn run(&self, corpus: &Corpus) -> Result<Histogram, i64> {
        histogram(corpus, &self.view, self.unit, self.clock, &self.split)
    }
}

/// Chart a numeric attribute of a view over time (the `T` panel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToneRequest {
    pub view: Arc<Vec<EventIx>>,
    pub unit: Unit,
    pub clock: Clock,
    /// The short name and the attribute's name.
    pub key: String,
    pub name: String,
}

impl ToneRequest {
    pub fn run(&self, corpus: &Corpus) -> Result<crate::query::tone::ToneChart, i64> {
        crate::query::tone::tone_chart(corpus, &self.view, self.unit, self.clock, &self.key, &self.name)
    }
}
