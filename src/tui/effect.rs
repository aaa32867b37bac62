//! What `update` asks of the outside world; the loop in [`crate::tui`] performs it and
//! reports back with an [`super::action::Action`] when there is something to report.

use super::jobs::{CountRequest, FilterRequest, FindRequest, HistogramRequest, RankRequest, ToneRequest};
use crate::model::EventIx;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write the export of these events to `path` (replacing it only if `overwrite`);
    /// answered with `Exported`, `ExportExists` or `ExportFailed`.
    Export {
        path: PathBuf,
        events: Vec<EventIx>,
        overwrite: bool,
        format: crate::export::Format,
    },
    /// Apply a filter in the background; answered with `Filtered`.
    Filter {
        generation: u64,
        request: Box<FilterRequest>,
    },
    /// Rank actors in the background; answered with `Ranked`.
    Rank {
        generation: u64,
        request: RankRequest,
    },
    /// Search the view in the background; answered with `Found`.
    Find {
        generation: u64,
        request: FindRequest,
    },
    /// Count the view in the background; answered with `Counted`.
    Count {
        generation: u64,
        request: CountRequest,
    },
    /// Count all that passes the store's `query` by `by`, asked of the store on a thread
    /// of its own; answered with `CountedStore`.
    CountStore {
        generation: u64,
        query: String,
        by: crate::query::count::GroupBy,
    },
    /// Save changes to the notes (merged with the file, written atomically); answered
    /// with `NotesSaved` (saying `said`) or `NotesFailed`.
    SaveNotes {
        changes: Vec<crate::desk::Change>,
        said: String,
    },
    /// Edit the note of `event` (now `text`) in $EDITOR, the terminal given to it
    /// meanwhile; answered with `NoteEdited`.
    EditNote {
        event: EventIx,
        text: String,
    },
    /// Count the view per bucket of time in the background; answered with `Histogrammed`.
    Histogram {
        generation: u64,
        request: HistogramRequest,
    },
    /// Chart a numeric attribute in the background; answered with `Toned`.
    Tone {
        generation: u64,
        request: ToneRequest,
    },
    /// Read another window of the store (the events that pass `query`, around `toward`) in
    /// the background; answered by the window arriving, or with `WindowFailed`.
    Reopen {
        query: String,
        toward: crate::tui::Toward,
        /// The filter to show with it, and whether on (see `StoreWindow::reading_filter`).
        filter: Option<(String, bool)>,
    },
    /// Export all that passes the store's `query` to `path`, streamed on a thread of its
    /// own; answered by `ExportStarted` (then `ExportedAll`), or why not.
    ExportAll {
        path: std::path::PathBuf,
        query: String,
        format: crate::export::Format,
        overwrite: bool,
    },
    Suspend,
    Quit,
}
