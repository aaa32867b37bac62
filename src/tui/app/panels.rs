//! The state of the panels and prompts over the timeline, each held in its [`super::Mode`]
//! while open: the picker, the counts, the context, the histogram, the lanes, the tone
//! chart, the article's search, the related events.

use crate::model::{ActorIx, Corpus, EventIx};
use crate::query::ActorMatch;
use crate::query::count::{Bucket, GroupBy};
use crate::query::histogram::{Histogram, Split, Unit};
use crate::query::lanes::Lane;
use crate::query::tone::ToneChart;
use crate::tui::density::Density;
use crate::tui::line_editor::LineEditor;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub query: LineEditor,
    pub matches: Vec<ActorMatch>,
    pub selected: usize,
    pub toggled: Vec<ActorIx>,
    /// A ranking for the current query is being computed in the background.
    pub ranking: bool,
    /// The query that `matches` were ranked for (behind `query` while `ranking`).
    pub ranked: String,
    /// Each actor's events in the view, when the view is filtered (indexed by actor).
    pub in_view: Option<Arc<Vec<u32>>>,
    /// On a store with a list of actors: that list, which `matches` and `toggled` index
    /// (None: the corpus's actors).
    pub cast: Option<crate::tui::Cast>,
}

impl Picker {
    /// The actors the picker lists: the store's, else `corpus`'s.
    pub fn actors<'a>(&'a self, corpus: &'a Corpus) -> &'a Corpus {
        self.cast.as_ref().map_or(corpus, |c| &c.actors)
    }

    /// How many events name `actor`: in the store, else in `corpus`.
    pub fn events_of(&self, corpus: &Corpus, actor: ActorIx) -> usize {
        match &self.cast {
            Some(c) => c.events.get(actor as usize).copied().unwrap_or(0) as usize,
            None => corpus.actor_events(actor).len(),
        }
    }
}

/// The counts panel (`c`): the view counted by a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub by: GroupBy,
    /// The fields Tab cycles through.
    pub fields: Arc<Vec<GroupBy>>,
    /// Most events first; empty while `counting`.
    pub buckets: Vec<Bucket>,
    /// Events in the view counted.
    pub total: usize,
    pub selected: usize,
    /// The counts are being computed in the background.
    pub counting: bool,
    /// The counts are of all that passes the store's query, not the window's (asked of the
    /// store, or being asked).
    pub store: bool,
}

/// The context around an event (`C`): which event, which span, and the view to go back
/// to (the events, their density strip, the cursor and the first row shown).
#[derive(Debug, Clone, PartialEq)]
pub struct ContextView {
    pub event: EventIx,
    /// An index into the spans `+` and `-` step through.
    pub span: usize,
    pub back: (Arc<Vec<EventIx>>, Density, usize, usize),
}

impl ContextView {
    /// The spans `+` and `-` step through, either side of the event: (seconds, as said).
    pub const SPANS: [(i64, &'static str); 7] = [
        (3_600, "1 hour"),
        (6 * 3_600, "6 hours"),
        (86_400, "1 day"),
        (3 * 86_400, "3 days"),
        (7 * 86_400, "1 week"),
        (31 * 86_400, "1 month"),
        (366 * 86_400, "1 year"),
    ];

    /// "1 day": how far either side it reaches.
    pub fn reach(&self) -> &'static str {
        Self::SPANS[self.span].1
    }
}
/// The histogram panel (`h`): the view counted per bucket of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistogramPanel {
    pub unit: Unit,
    pub split: Split,
    /// The splits Tab cycles through.
    pub splits: Vec<Split>,
    /// None while it is computed in the background; Err(buckets) when the unit is too fine.
    pub histogram: Option<Result<Arc<Histogram>, i64>>,
    /// The selected bucket.
    pub selected: usize,
    /// A position in the view whose bucket is selected once the histogram arrives (the
    /// cursor's on opening, the selected bucket's first event on zooming).
    pub anchor: usize,
}

/// The actor lanes (`L`): one lane per actor on a shared time ruler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanesPanel {
    pub actors: Vec<ActorIx>,
    pub lanes: Vec<Lane>,
    /// Only the events between the first two actors, directions told apart.
    pub dyad: bool,
    /// The selected lane, and the selected event on it.
    pub lane: usize,
    pub event: usize,
    /// The ruler shows the whole span halved this many times, around the selected event.
    pub zoom: u32,
}

/// The tone panel (`T`): a numeric attribute's mean per bucket of time, and its events
/// per bucket and band of values.
#[derive(Debug, Clone, PartialEq)]
pub struct TonePanel {
    /// The numeric attributes Tab cycles through, as (short name, attribute name).
    pub attributes: Vec<(String, String)>,
    pub attribute: usize,
    pub unit: Unit,
    /// None while computed in the background; Err(buckets) when the unit is too fine.
    pub chart: Option<Result<Arc<ToneChart>, i64>>,
    /// The selected cell: a bucket, and a band (0 the lowest values).
    pub bucket: usize,
    pub band: usize,
}

/// Modes compare whole (tests, and `update` telling a change): the chart's numbers are
/// finite (values that are not are left out), so equality is total.
impl Eq for TonePanel {}

/// A search in the article view (`/`): the words, and the wrapped line of the match last
/// shown, from which `n`/`N` go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFind {
    pub input: LineEditor,
    /// The words are being typed (the keyboard is in a prompt).
    pub editing: bool,
    pub line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedItem {
    /// "retaliates for", "revoked by"...
    pub label: &'static str,
    pub event: Option<EventIx>,
    /// For a target that was never found.
    pub unresolved: Option<String>,
}
