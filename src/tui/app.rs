//! The state of the terminal interface: changed only by `update`, drawn by `view`, which
//! records in [`Viewport`] what it learnt while drawing.

use super::density::Density;
use super::jobs::{COUNT_AT_ONCE, RANK_AT_ONCE, SEARCH_AT_ONCE};
use super::keymap::{Context, Keymap};
use super::layout::Areas;
use super::line_editor::LineEditor;
use super::theme::Theme;
use super::viewport::{Scroll, Viewport};
use crate::desk::Desk;
use crate::diagnostic::Report;
use crate::model::{Clock, Corpus, EventIx};
use crate::query::Filter;
use crate::query::count::GroupBy;
use crate::query::filter::TextQuery;
use crate::stories::Stories;
use std::path::PathBuf;
use std::sync::Arc;

mod panels;
mod store_window;

pub use panels::{ArticleFind, ContextView, Counts, HistogramPanel, LanesPanel, Picker, RelatedItem, TonePanel};
pub use store_window::{StoreWindow, on_new_window};

/// The list's date column's least width, unless the config file says otherwise: a date
/// with its time, `2016-12-30 10:00`.
pub const DATE_WIDTH: u16 = 16;

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
pub enum Mode {
    Normal,
    Search {
        input: LineEditor,
        saved_cursor: usize,
        saved_search: Option<Search>,
    },
    Filter {
        input: LineEditor,
        error: Option<String>,
    },
    Goto {
        input: LineEditor,
        error: Option<String>,
    },
    Export {
        input: LineEditor,
        events: Vec<EventIx>,
        /// What the marked-only key switches `events` with: the marked events (or, while
        /// they are shown, the selection or view); empty when nothing is marked.
        other_events: Vec<EventIx>,
        /// `events` are the marked events.
        marked_only: bool,
        format: crate::export::Format,
        /// Why the last write failed: the prompt stays open to fix the name.
        error: Option<String>,
        /// On part of a store: the query whose passing events are all exported, streamed
        /// from the store (unless `marked_only`); `events` are then the window's.
        all: Option<String>,
    },
    ConfirmOverwrite {
        path: PathBuf,
        events: Vec<EventIx>,
        format: crate::export::Format,
        /// All that passes this query, from the store, rather than `events`.
        all: Option<String>,
    },
    /// A note on `event` being written (a line).
    Note {
        input: LineEditor,
        event: EventIx,
    },
    /// Clear all these marks? (y/n)
    ConfirmClearMarks {
        count: usize,
    },
    /// The saved views, to apply or delete.
    Views {
        names: Vec<String>,
        selected: usize,
    },
    Picker(Picker),
    /// `scroll` None: where this event's evidence is, in the upper third (only the view,
    /// which wraps the text, knows which line that is).
    Article {
        event: EventIx,
        scroll: Option<u16>,
        find: Option<ArticleFind>,
    },
    Relations {
        items: Vec<RelatedItem>,
        selected: usize,
    },
    /// A story's reports (Enter on a story).
    Reports {
        story: u32,
        selected: usize,
    },
    /// The whole chain of relations around `start`, as a tree (`R`).
    Chain {
        chain: crate::query::chain::Chain,
        start: EventIx,
        selected: usize,
    },
    Counts(Counts),
    Histogram(HistogramPanel),
    Lanes(LanesPanel),
    Tone(TonePanel),
    Help {
        scroll: u16,
    },
    Diagnostics {
        scroll: u16,
    },
}

impl Mode {
    pub fn context(&self) -> Context {
        match self {
            Mode::Normal => Context::Timeline,
            Mode::Search { .. } | Mode::Filter { .. } | Mode::Goto { .. } | Mode::Export { .. } | Mode::Note { .. } => {
                Context::Prompt
            }
            Mode::ConfirmOverwrite { .. } | Mode::ConfirmClearMarks { .. } => Context::Confirm,
            Mode::Views { .. } => Context::Views,
            Mode::Picker(_) => Context::Picker,
            Mode::Article { find: Some(ArticleFind { editing: true, .. }), .. } => Context::Prompt,
            Mode::Article { .. } => Context::Article,
            Mode::Relations { .. } | Mode::Chain { .. } => Context::Relations,
            Mode::Reports { .. } => Context::Reports,
            Mode::Counts(_) => Context::Counts,
            Mode::Histogram(_) => Context::Histogram,
            Mode::Lanes(_) => Context::Lanes,
            Mode::Tone(_) => Context::Tone,
            Mode::Help { .. } | Mode::Diagnostics { .. } => Context::Panel,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Cloning is cheap (the corpus and the view are shared): benchmarks start each keystroke
/// from a copy.
#[derive(Clone)]
pub struct App {
    pub corpus: Arc<Corpus>,
    /// What loading found wrong with the files (the `d` panel, the status bar).
    pub report: Arc<Report>,
    /// On a store: the window of its events held (`:where` reads another); None on files.
    pub window: Option<StoreWindow>,
    /// The key that went past the window's edge, done again once the window around the
    /// edge arrives (so that it moves on, as it would have in one timeline).
    pub after_window: Option<crate::tui::action::Action>,
    /// An export of all that passes the store's query being written in the background: its
    /// file, and how many events it has written.
    pub exporting: Option<(PathBuf, crate::tui::action::ExportCounter)>,
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
    /// The newest search looks forward (n) rather than back (N): a match behind it wrapped.
    pub search_forward: bool,
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
    /// Identifies the newest count asked for; older answers from the background are dropped.
    pub count_generation: u64,
    /// Views larger than this are counted in the background.
    pub count_at_once: usize,
    /// The field the counts panel was last left on, and the fields it cycles through
    /// (found once, on first opening).
    pub count_by: Option<GroupBy>,
    pub count_fields: Option<Arc<Vec<GroupBy>>>,
    /// Identifies the newest histogram asked for (the `h` panel).
    pub histogram_generation: u64,
    /// Identifies the newest tone chart asked for (the `T` panel).
    pub tone_generation: u64,
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
    /// What the last frame drawn found: list rows, scroll bounds.
    pub viewport: Viewport,
    pub message: Option<Message>,
    /// Terminal size, for page sizes and mouse clicks.
    pub width: u16,
    pub height: u16,
    /// Where exports go by default.
    pub export_dir: PathBuf,
    /// The zone every time of day is shown in (`z` cycles it); `clocks[0]` is the one
    /// asked for at start.
    pub clock: Clock,
    pub clocks: Vec<Clock>,
    /// The list's date column, at least (it grows to the widest date on screen).
    pub date_width: u16,
    /// Columns of the summaries scrolled out on the left (← and →).
    pub hscroll: usize,
    /// The events around one, the filter lifted (`C`), while shown.
    pub context: Option<ContextView>,
    /// Every style the view draws with.
    pub theme: Theme,
    /// Which key does what (the defaults and the config file's remapping).
    pub keymap: Arc<Keymap>,
    /// Marks, stars, notes and saved views, and where they are written.
    pub desk: Desk,
    /// The corpus's stories, with the user's splits and merges: None until found (in the
    /// background, after loading).
    pub stories: Option<Arc<Stories>>,
    /// One row a story (`s`): `view` then shows one report a story of `reports`.
    pub stories_on: bool,
    /// The events that the filter lets through, of which `view` shows one a story while
    /// `stories_on` (else they are the same).
    pub reports: Arc<Vec<EventIx>>,
}

impl App {
    pub fn new(corpus: Arc<Corpus>, width: u16, height: u16) -> Self {
        let view: Arc<Vec<EventIx>> = Arc::new((0..corpus.events().len() as EventIx).collect());
        let density = Density::of(&corpus, &view);
        let app = App {
            everything: view.clone(),
            reports: view.clone(),
            everything_density: density.clone(),
            density,
            corpus,
            report: Arc::default(),
            window: None,
            after_window: None,
            exporting: None,
            filter: Filter::default(),
            filters_on: true,
            view,
            search_generation: 0,
            searching: false,
            search_at_once: SEARCH_AT_ONCE,
            search_forward: true,
            filter_generation: 0,
            filtering: false,
            filter_at_once: SEARCH_AT_ONCE,
            rank_generation: 0,
            rank_at_once: RANK_AT_ONCE,
            count_generation: 0,
            count_at_once: COUNT_AT_ONCE,
            count_by: None,
            count_fields: None,
            histogram_generation: 0,
            tone_generation: 0,
            cursor: 0,
            offset: 0,
            selection: None,
            search: None,
            mode: Mode::Normal,
            focus: Focus::List,
            detail_scroll: 0,
            viewport: Viewport::default(),
            message: None,
            width,
            height,
            export_dir: PathBuf::from("."),
            clock: Clock::Utc,
            clocks: Clock::Utc.cycle(),
            date_width: DATE_WIDTH,
            hscroll: 0,
            context: None,
            theme: Theme::default(),
            keymap: Arc::default(),
            desk: Desk::default(),
            stories: None,
            stories_on: false,
        };
        app.expect_size();
        app
    }

    /// After a resize, before the next frame: where the layout will put the list, and no
    /// scroll bound known.
    pub fn expect_size(&self) {
        let areas = Areas::of(ratatui::layout::Rect::new(0, 0, self.width, self.height));
        self.viewport.list.set(areas.list);
        self.viewport.detail.set(Scroll::UNKNOWN);
        self.viewport.panel.set(Scroll::UNKNOWN);
    }

    /// Rows of the list on screen.
    pub fn list_height(&self) -> usize {
        self.viewport.list_rows()
    }

    /// The events of the article of `event`, in timeline order.
    pub fn article_events(&self, event: EventIx) -> &[EventIx] {
        let article = self.corpus.events()[event as usize].article;
        self.corpus.article_events(article)
    }

    pub fn current(&self) -> Option<EventIx> {
        self.view.get(self.cursor).copied()
    }

    /// What the timeline shows of `reports`: one row a story while stories are on.
    pub fn shown(&self, reports: &Arc<Vec<EventIx>>) -> Arc<Vec<EventIx>> {
        match (&self.stories, self.stories_on) {
            (Some(stories), true) => Arc::new(stories.one_per_story(reports)),
            _ => reports.clone(),
        }
    }

    /// The row of `event` in the view; with stories on, the row of its story when it is
    /// not a row itself.
    pub fn row_of(&self, event: EventIx) -> Option<usize> {
        self.view.binary_search(&event).ok().or_else(|| {
            let stories = self.stories.as_ref().filter(|_| self.stories_on)?;
            let story = stories.story_of(event);
            self.view.iter().position(|&e| stories.story_of(e) == story)
        })
    }

    /// The selected range of positions in `view`, inclusive, when selecting.
    pub fn selected_range(&self) -> Option<(usize, usize)> {
        self.selection.map(|anchor| (anchor.min(self.cursor), anchor.max(self.cursor)))
    }

    /// The search to highlight: the one being typed, else the one kept.
    pub fn highlight(&self) -> Option<TextQuery> {
        match &self.mode {
            Mode::Search { input, .. } => TextQuery::new(input.text()),
            _ => self.search.as_ref().map(|s| s.query.clone()),
        }
    }

    /// Say something in the status bar until the next key.
    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: false });
    }

    /// Say what went wrong in the status bar until the next key.
    pub fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: true });
    }

    /// Show times on `clock`; `z` then cycles from it through UTC and the machine's zone.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
        self.clocks = clock.cycle();
    }

    /// The key that does `action` in `context`, as hints name it: they follow the
    /// config's remapping.
    pub fn key(&self, context: Context, action: crate::tui::action::Action) -> String {
        self.keymap.key_of(context, &action)
    }

    /// Is the corpus filtered right now?
    pub fn filtered(&self) -> bool {
        self.filters_on && !self.filter.is_empty()
    }

    /// The filter as the user last set it, and whether on: the one a window being read
    /// was asked for (it shows once the window arrives), else the one shown. What `x`,
    /// `u`, `f` and the picker start from.
    pub fn asked_filter(&self) -> (Filter, bool) {
        match self.window.as_ref().and_then(|w| w.reading_filter.as_ref()) {
            Some((words, on)) => (Filter::parse_words(words).unwrap_or_default(), *on),
            None => (self.filter.clone(), self.filters_on),
        }
    }

    /// Is the view a part of the events held? On files, whenever it is filtered; on a
    /// store, when the filter is not the one the store was read with (one that reads the
    /// notes, which the window's events meet once read).
    pub fn filtered_in_window(&self) -> bool {
        self.filtered() && self.window.as_ref().is_none_or(|w| self.filter.to_words() != w.query)
    }
}
