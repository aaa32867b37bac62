//! What the user asked for, independent of the key that asked, and what the loop and the
//! background report. `update` turns an action into a new state and effects.

use super::jobs::FilterResult;
use super::line_editor::Edit;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // Moving through the timeline.
    Down,
    Up,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    NextDay,
    PrevDay,
    NextMonth,
    PrevMonth,
    /// Mouse wheel: move the view by this many rows.
    Scroll(i32),
    /// Mouse click at a terminal cell.
    Click {
        row: u16,
        column: u16,
    },

    // Opening prompts and panels.
    OpenGoto,
    OpenSearch,
    NextMatch,
    PrevMatch,
    OpenActorPicker,
    OpenFilter,
    ToggleFilters,
    ToggleSelection,
    OpenExport,
    OpenArticle,
    OpenRelations,
    /// The whole chain of relations around the event, as a tree.
    OpenChain,
    OpenDiagnostics,
    OpenHelp,
    /// The counts of the view by a field.
    OpenCounts,
    /// The view counted per bucket of time.
    OpenHistogram,
    /// One lane per actor on a time ruler.
    OpenLanes,
    /// A numeric attribute (tone, Goldstein) over time.
    OpenTone,
    /// Lanes: only the events between the first two actors (again: all).
    ToggleDyad,
    ToggleFocus,
    /// Show times on the next clock (UTC, the machine's zone, the one asked for).
    CycleClock,
    /// Fold undated events out of the view, and back in.
    ToggleUndated,
    /// The events around this one, the filter lifted; wider and narrower.
    OpenContext,
    Widen,
    Narrow,
    /// Mark the event under the cursor, or unmark it.
    ToggleMark,
    /// Clear every mark (asking first when there are more than a few).
    ClearMarks,
    NextMark,
    PrevMark,
    /// Star the event under the cursor, or unstar it.
    ToggleStar,
    /// Write a note on the event, in a one-line prompt.
    WriteNote,
    /// Write a note on the event in $EDITOR (several lines).
    WriteNoteInEditor,
    /// The saved views.
    OpenViews,
    /// One row a story, or a row for every report.
    ToggleStories,
    /// Merge the marked stories into the one under the cursor.
    MergeStories,
    /// The reports panel: split the selected report out of its story.
    SplitReport,
    /// Scroll the summaries sideways (as less does with ← and →).
    ScrollRight,
    ScrollLeft,

    // Inside prompts, pickers and panels.
    /// Change the line being typed (a prompt, the picker's query).
    Edit(Edit),
    Submit,
    Cancel,
    PickerDown,
    PickerUp,
    PickerToggle,
    /// Tick every match of the query (untick them when all are ticked).
    PickerToggleAll,
    ArticleNextEvent,
    ArticlePrevEvent,
    /// Search the article's text (`/` in the article view).
    ArticleFind,
    /// The export prompt's next format (native JSON, TimelineJS).
    SwitchFormat,
    /// The export prompt: the marked events only, or back to the selection or view.
    ExportMarked,
    Confirm,
    Refuse,
    /// The counts' next (or previous) field.
    NextField,
    PrevField,
    /// Leave the counts' row out of the view.
    Exclude,
    /// Delete the saved view picked.
    DeleteView,
    /// Finer (or coarser) buckets of time.
    ZoomIn,
    ZoomOut,

    // From the loop, not from keys.
    Resize {
        width: u16,
        height: u16,
    },
    /// An export was written; `through` names the file replaced when `path` is a symbolic
    /// link to it.
    Exported {
        path: PathBuf,
        count: usize,
        through: Option<PathBuf>,
        /// Events the format could not hold (undated ones in TimelineJS).
        left_out: usize,
    },
    /// The export target exists: ask before replacing it.
    ExportExists {
        path: PathBuf,
    },
    ExportFailed {
        message: String,
    },
    /// An export of all that passes a store's query started on its own thread: the file,
    /// and how many events it has written.
    ExportStarted {
        path: PathBuf,
        count: ExportCounter,
    },
    /// That export (the one counting into `count`) ended.
    ExportedAll {
        outcome: crate::tui::ExportOutcome,
        count: ExportCounter,
    },
    /// A background filter finished: the view to show.
    Filtered {
        generation: u64,
        result: Box<FilterResult>,
    },
    /// A background ranking of actors finished.
    Ranked {
        generation: u64,
        matches: Vec<crate::query::ActorMatch>,
    },
    /// A background search finished: the position it found, if any.
    Found {
        generation: u64,
        position: Option<usize>,
    },
    /// A background count finished: the counts panel's rows.
    Counted {
        generation: u64,
        buckets: Vec<crate::query::count::Bucket>,
    },
    /// The store counted all that passes its query: the rows and how many pass; None when
    /// it does not count that (the window's events are counted then); or what went wrong.
    CountedStore {
        generation: u64,
        counted: Result<Option<(Vec<crate::query::count::Bucket>, u64)>, String>,
    },

    /// The notes file was written (or the notes kept in memory, without a file): the notes
    /// now, and what to say.
    NotesSaved {
        notes: std::sync::Arc<crate::desk::Notes>,
        said: String,
    },
    /// The notes file could not be written: it is as it was, and so are the notes.
    NotesFailed {
        message: String,
    },
    /// The store is being read for a window (`:where`, or moving past the one shown).
    WindowReading {
        query: String,
        toward: crate::tui::Toward,
        filter: Option<(String, bool)>,
    },
    /// A window asked for (`:where`) does not apply, said before anything was read: why.
    WindowRefused {
        message: String,
    },
    /// A store's window could not be read: why.
    WindowFailed {
        message: String,
    },
    /// Open with the view saved as `name` (`--view`).
    ApplyView {
        name: String,
    },
    /// The editor closed on a note: its text, or why it failed.
    NoteEdited {
        event: crate::model::EventIx,
        text: Result<String, String>,
    },
    /// A background histogram finished (Err: the number of buckets it would have had).
    Histogrammed {
        generation: u64,
        histogram: Box<Result<crate::query::histogram::Histogram, i64>>,
    },

    /// A background tone chart finished.
    Toned {
        generation: u64,
        chart: Box<Result<crate::query::tone::ToneChart, i64>>,
    },

    /// The stories were found in the background, after loading.
    Clustered {
        stories: Clustered,
    },

    Suspend,
    Quit,
}

pub use super::jobs::Clustered;

impl Action {
    /// Asked for by the user (a key, the mouse, a resize), rather than a report from the
    /// loop or the background.
    pub fn is_from_user(&self) -> bool {
        !matches!(
            self,
            Action::Resize { .. }
                | Action::Exported { .. }
                | Action::ExportExists { .. }
                | Action::ExportFailed { .. }
                | Action::ExportStarted { .. }
                | Action::ExportedAll { .. }
                | Action::Filtered { .. }
                | Action::Ranked { .. }
                | Action::Found { .. }
                | Action::Counted { .. }
                | Action::CountedStore { .. }
                | Action::NotesSaved { .. }
                | Action::NotesFailed { .. }
                | Action::ApplyView { .. }
                | Action::WindowReading { .. }
                | Action::WindowRefused { .. }
                | Action::WindowFailed { .. }
                | Action::Histogrammed { .. }
                | Action::Toned { .. }
                | Action::Clustered { .. }
        )
    }
}

/// How many events an export running in the background has written (shared with it).
#[derive(Debug, Clone, Default)]
pub struct ExportCounter(pub std::sync::Arc<std::sync::atomic::AtomicU64>);

impl ExportCounter {
    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// The same counter: compared by where it is held.
impl PartialEq for ExportCounter {
    fn eq(&self, other: &ExportCounter) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for ExportCounter {}
