//! The state of the terminal interface. Changed only by [`super::update::update`];
//! drawn by [`super::view`].

use super::keymap::Context;
use super::layout::Areas;
use crate::diagnostic::Report;
use crate::model::{ActorIx, Corpus, EventIx};
use crate::query::filter::TextQuery;
use crate::query::{ActorMatch, Filter};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// A search the user kept (Enter), for n/N and highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub input: String,
    pub query: TextQuery,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub query: String,
    pub matches: Vec<ActorMatch>,
    pub selected: usize,
    pub toggled: Vec<ActorIx>,
    /// A ranking for the current query is being computed in the background.
    pub ranking: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedItem {
    /// "retaliates for", "revoked by"...
    pub label: &'static str,
    pub event: Option<EventIx>,
    /// For a target that was never found.
    pub unresolved: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Search { input: String, saved_cursor: usize, saved_search: Option<Search> },
    Filter { input: String, error: Option<String> },
    Goto { input: String, error: Option<String> },
    Export { input: String, events: Vec<EventIx> },
    ConfirmOverwrite { path: PathBuf, events: Vec<EventIx> },
    Picker(Picker),
    Article { event: EventIx, scroll: u16 },
    Relations { items: Vec<RelatedItem>, selected: usize },
    Help { scroll: u16 },
    Diagnostics { scroll: u16 },
}

impl Mode {
    pub fn context(&self) -> Context {
        match self {
            Mode::Normal => Context::Timeline,
            Mode::Search { .. } | Mode::Filter { .. } | Mode::Goto { .. } | Mode::Export { .. } => Context::Prompt,
            Mode::ConfirmOverwrite { .. } => Context::Confirm,
            Mode::Picker(_) => Context::Picker,
            Mode::Article { .. } => Context::Article,
            Mode::Relations { .. } => Context::Relations,
            Mode::Help { .. } | Mode::Diagnostics { .. } => Context::Panel,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// How many events fall in each slice of the view's dated range (for the density strip),
/// computed when the view changes, drawn at any width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Density {
    pub start: i64,
    pub end: i64,
    pub counts: Vec<u32>,
    pub first_label: String,
    pub last_label: String,
}

/// Slices of the density strip: enough for the widest screen.
const DENSITY_BUCKETS: usize = 1024;

impl Density {
    pub fn of(corpus: &Corpus, view: &[EventIx]) -> Density {
        // Dated events come first and in order of start: the first and last dated ones
        // bound the range, and only their compact start times are read.
        let starts = corpus.dated_starts();
        let dated = view.partition_point(|&e| (e as usize) < starts.len());
        let (Some(&first_ix), Some(&last_ix)) = (view.first(), view[..dated].last()) else {
            return Density::default();
        };
        let (Some(first), Some(last)) =
            (&corpus.events()[first_ix as usize].date, &corpus.events()[last_ix as usize].date)
        else {
            return Density::default();
        };
        let start = first.start;
        let end = last.start.max(start) + 1;
        let mut counts = vec![0u32; DENSITY_BUCKETS];
        let span = (end - start).max(1) as i128;
        for &e in &view[..dated] {
            let bucket = ((starts[e as usize] - start) as i128 * DENSITY_BUCKETS as i128 / span) as usize;
            counts[bucket.min(DENSITY_BUCKETS - 1)] += 1;
        }
        let label = |w: &crate::model::When| w.iso().split(['T', '/']).next().unwrap_or_default().to_string();
        Density { start, end, counts, first_label: label(first), last_label: label(last) }
    }

    /// The column of an instant on a strip `columns` wide.
    pub fn column(&self, instant: i64, columns: usize) -> usize {
        let span = (self.end - self.start).max(1) as i128;
        let offset = (instant.clamp(self.start, self.end - 1) - self.start) as i128;
        let bucket = (offset * DENSITY_BUCKETS as i128 / span) as usize;
        (bucket * columns / DENSITY_BUCKETS).min(columns.saturating_sub(1))
    }
}

/// Cloning is cheap (the corpus and the view are shared): benchmarks start each keystroke
/// from a copy.
#[derive(Clone)]
pub struct App {
    pub corpus: Arc<Corpus>,
    /// What loading found wrong with the files (the `d` panel, the status bar).
    pub report: Arc<Report>,
    pub density: Density,
    /// The filter as written; applied only while `filters_on`.
    pub filter: Filter,
    pub filters_on: bool,
    /// The events shown, in timeline order (shared with a search running in the background).
    pub view: Arc<Vec<EventIx>>,
    /// The view and density strip of the whole timeline, kept for turning filters off.
    pub everything: Arc<Vec<EventIx>>,
    pub everything_density: Density,
    /// Identifies the newest search sent to the background; older answers are dropped.
    pub search_generation: u64,
    /// A search is running in the background.
    pub searching: bool,
    /// Views larger than this are searched in the background.
    pub search_at_once: usize,
    /// Identifies the newest filter applied; older answers from the background are dropped.
    pub filter_generation: u64,
    /// A filter is being applied in the background.
    pub filtering: bool,
    /// Corpora larger than this apply text filters in the background.
    pub filter_at_once: usize,
    /// Identifies the newest actor ranking sent to the background.
    pub rank_generation: u64,
    /// Corpora with more actors than this rank them in the background.
    pub rank_at_once: usize,
    /// Position in `view` of the selected event.
    pub cursor: usize,
    /// First row of the list on screen.
    pub offset: usize,
    /// Where a range selection started (a position in `view`).
    pub selection: Option<usize>,
    pub search: Option<Search>,
    pub mode: Mode,
    pub focus: Focus,
    pub detail_scroll: u16,
    pub message: Option<Message>,
    /// Terminal size, for page sizes and mouse clicks.
    pub width: u16,
    pub height: u16,
    /// Where exports go by default.
    pub export_dir: PathBuf,
}

impl App {
    pub fn new(corpus: Arc<Corpus>, width: u16, height: u16) -> Self {
        let view: Arc<Vec<EventIx>> = Arc::new((0..corpus.events().len() as EventIx).collect());
        let density = Density::of(&corpus, &view);
        App {
            everything: view.clone(),
            everything_density: density.clone(),
            density,
            corpus,
            report: Arc::default(),
            filter: Filter::default(),
            filters_on: true,
            view,
            search_generation: 0,
            searching: false,
            search_at_once: super::update::SEARCH_AT_ONCE,
            filter_generation: 0,
            filtering: false,
            filter_at_once: super::update::SEARCH_AT_ONCE,
            rank_generation: 0,
            rank_at_once: super::update::RANK_AT_ONCE,
            cursor: 0,
            offset: 0,
            selection: None,
            search: None,
            mode: Mode::Normal,
            focus: Focus::List,
            detail_scroll: 0,
            message: None,
            width,
            height,
            export_dir: PathBuf::from("."),
        }
    }

    pub fn areas(&self) -> Areas {
        Areas::of(ratatui::layout::Rect::new(0, 0, self.width, self.height))
    }

    /// Rows of the list on screen.
    pub fn list_height(&self) -> usize {
        usize::from(self.areas().list.height).max(1)
    }

    pub fn current(&self) -> Option<EventIx> {
        self.view.get(self.cursor).copied()
    }

    /// The selected range of positions in `view`, inclusive, when selecting.
    pub fn selected_range(&self) -> Option<(usize, usize)> {
        self.selection.map(|anchor| (anchor.min(self.cursor), anchor.max(self.cursor)))
    }

    /// The search to highlight: the one being typed, else the one kept.
    pub fn highlight(&self) -> Option<TextQuery> {
        match &self.mode {
            Mode::Search { input, .. } => TextQuery::new(input),
            _ => self.search.as_ref().map(|s| s.query.clone()),
        }
    }

    /// Is the corpus filtered right now?
    pub fn filtered(&self) -> bool {
        self.filters_on && !self.filter.is_empty()
    }
}
