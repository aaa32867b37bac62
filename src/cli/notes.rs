//! The notes file for the interface and the headless commands: where it is, read once
//! before anything opens (a `--view` that is not saved refused there), and what reading it
//! found wrong, to be said.

use crate::desk::{Desk, Notes, file};
use crate::model::Corpus;
use std::io::{self, Write};
use std::path::PathBuf;

/// The notes the interface opens with, where they are written, and what to say about them.
pub struct InterfaceNotes {
    pub notes: Notes,
    pub path: Option<PathBuf>,
    /// The first line that could not be read (and how many more), or why the file could
    /// not be read at all.
    pub problem: Option<String>,
}

/// The notes of the data at `paths` (or of `--notes`); an error names a `--view` that is
/// not saved, with the name meant and the file looked in.
pub fn for_interface(paths: &[PathBuf], notes: Option<PathBuf>, view: Option<&str>) -> Result<InterfaceNotes, String> {
    let path = notes.or_else(|| file::default_path(paths));
    let (notes, problem) = match path.as_deref().map(file::load) {
        None => (Notes::default(), None),
        Some(Ok((notes, warnings))) => {
            let said = warnings.first().map(|w| {
                let more = match warnings.len() {
                    1 => String::new(),
                    n => format!(" ({} more lines not read, kept)", n - 1),
                };
                format!("{}:{}:{}: {}{more}", w.file, w.line, w.column, w.message)
            });
            (notes, said)
        }
        Some(Err(e)) => (Notes::default(), Some(format!("{e} (marks and notes are not saved)"))),
    };
    if let Some(name) = view
        && notes.view(name).is_none()
    {
        let wrong = crate::tui::update::no_such_view(&notes.view_names(), name);
        let file = path.as_ref().map_or_else(String::new, |p| format!(" in {}", p.display()));
        return Err(format!("--view: {}{file}", crate::text::sanitize_line(&wrong)));
    }
    Ok(InterfaceNotes { notes, path, problem })
}

/// The desk of the notes file at `path` (none: an empty desk); None after saying on `err`
/// why the file could not be read. A line it could not read is a located warning.
pub fn desk_of(corpus: &Corpus, path: Option<PathBuf>, err: &mut dyn Write) -> io::Result<Option<Desk>> {
    let Some(path) = path else { return Ok(Some(Desk::default())) };
    Ok(notes_of(&path, err)?.map(|notes| Desk::open(corpus, notes, Some(path))))
}

/// The notes of the file at `path`, its unreadable lines said on `err` as located warnings;
/// None after saying why the file could not be read.
pub fn notes_of(path: &std::path::Path, err: &mut dyn Write) -> io::Result<Option<Notes>> {
    match file::load(path) {
        Ok((notes, warnings)) => {
            for w in warnings {
                writeln!(err, "{}", crate::text::sanitize_line(&w.to_string()))?;
            }
            Ok(Some(notes))
        }
        Err(e) => {
            writeln!(err, "annals: {}", crate::text::sanitize_line(&e.to_string()))?;
            Ok(None)
        }
    }
}
