//! An export of all that passes a store's query, written on a thread of its own while the
//! interface goes on (`Effect::ExportAll`): started (the file begun at once, so that one
//! there already is asked about), reported when done (an action on the queue), and stopped
//! and waited for when the interface ends, so that the file being written is removed and
//! the old one kept.

use crate::tui::action::{Action, ExportCounter};
use crate::tui::events::Message;
use crate::tui::{ExportAll, ExportOutcome};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;

/// What the user asked to export.
pub struct Asked {
    pub query: String,
    pub path: PathBuf,
    pub format: crate::export::Format,
    pub overwrite: bool,
}

/// The export being written, if any.
#[derive(Default)]
pub struct Exports {
    running: Option<(JoinHandle<()>, Arc<AtomicBool>)>,
}

impl Exports {
    /// Start the export `asked` with `export` (the store's) and the notes: what the
    /// interface is told (it started, or why not).
    pub fn start(
        &mut self,
        export: Option<&ExportAll>,
        asked: Asked,
        notes: Arc<crate::desk::Notes>,
        queue: &Sender<Message>,
    ) -> Action {
        if self.running.as_ref().is_some_and(|(h, _)| !h.is_finished()) {
            return Action::ExportFailed { message: "an export is being written: wait for it to end".into() };
        }
        let Some(export) = export else {
            return Action::ExportFailed { message: "all that passes is exported from a store".into() };
        };
        let job = match export(&asked.query, &asked.path, asked.format, asked.overwrite, notes) {
            Ok(job) => job,
            Err(outcome) => return action_of(outcome),
        };
        let count = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (counting, stopping, queue) = (count.clone(), stop.clone(), queue.clone());
        let handle = std::thread::spawn(move || {
            let outcome = crate::tui::terminal::catching_panics(|| job(counting.clone(), stopping))
                .unwrap_or_else(|why| ExportOutcome::Failed(format!("the export stopped: {why}")));
            let _ = queue.send(Message::Answer(Action::ExportedAll { outcome, count: ExportCounter(counting) }));
        });
        self.running = Some((handle, stop));
        Action::ExportStarted { path: asked.path, count: ExportCounter(count) }
    }

    /// Stop the export being written, if any, and wait for it to end (it removes its file).
    pub fn stop(&mut self) {
        if let Some((handle, stop)) = self.running.take() {
            stop.store(true, Ordering::Relaxed);
            let _ = handle.join();
        }
    }
}

/// However the interface ends (an error too), the export stops and its file is removed.
impl Drop for Exports {
    fn drop(&mut self) {
        self.stop();
    }
}

/// What the interface is told of an outcome.
pub fn action_of(outcome: ExportOutcome) -> Action {
    match outcome {
        ExportOutcome::Written { path, count, left_out, through } => {
            Action::Exported { path, count, through, left_out }
        }
        ExportOutcome::Exists(path) => Action::ExportExists { path },
        ExportOutcome::Failed(message) => Action::ExportFailed { message },
    }
}
