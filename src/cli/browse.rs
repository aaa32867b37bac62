//! The interface on a store (`annals gdelt.d`, `annals clickhouse://HOST/DB`): the store
//! opened and `--where` checked before the terminal is taken, so that a wrong address or a
//! typo is said plainly; then a loader that gathers the events passing `--where` into the
//! corpus the interface browses, at most `--window` of them.

mod reading;

use super::EXIT_USAGE;
use super::filters::FilterArgs;
use crate::ingest::{self, LoadOptions};
use crate::model::Undated;
use crate::query::Filter;
use crate::store::{At, Store};
use crate::text::sanitize_line;
use crate::tui::{Cast, ExportAll, ExportOutcome, Listing, Loaded, Loader, Reopen, StoreSettings, Toward};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use reading::GLIMPSE;
use reading::Reading;

/// What the interface is handed: its loader, what the status bar says at once, and on a
/// store how to read another window.
pub struct Interface {
    pub loader: Loader,
    pub note: Option<String>,
    pub store: Option<StoreSettings>,
}

/// The interface's loader for `paths` (files, or one store), and what the status bar says
/// at once (for a store, which of its events these are); else the exit code, after saying
/// why on `err`: a mistyped command or a missing file, a store that does not open, a
/// `--where` that does not apply.
pub fn loader(
    paths: &[PathBuf],
    query: Option<&str>,
    window: usize,
    options: LoadOptions,
    err: &mut dyn Write,
) -> io::Result<Result<Interface, i32>> {
    let store = paths.iter().find(|p| Store::is_store(p));
    if let Some(place) = store
        && paths.len() > 1
    {
        let shown = sanitize_line(&place.display().to_string());
        writeln!(err, "annals: {shown} is a store of events: open it alone (annals {shown})")?;
        return Ok(Err(EXIT_USAGE));
    }
    if let Some(place) = store {
        return Ok(browse(place, query, window, options.undated, err)?.map(|b| Interface {
            loader: b.loader,
            note: Some(b.message),
            store: Some(b.store),
        }));
    }
    if query.is_some() {
        writeln!(
            err,
            "annals: --where chooses the events of a store (a dataset, a ClickHouse table); on files, press f in \
             the interface, or open a saved view with --view"
        )?;
        return Ok(Err(EXIT_USAGE));
    }
    let commands = super::command_names();
    if let Err(wrong) = super::wrong_input::check_interface_paths(paths, commands.iter().map(String::as_str)) {
        writeln!(err, "annals: {wrong}")?;
        return Ok(Err(wrong.exit_code()));
    }
    let inputs = super::inputs(paths);
    let loader: Loader = Box::new(move |progress| {
        let loaded = ingest::load(&inputs, &LoadOptions { progress: Some(progress), ..options });
        Loaded::files(loaded.corpus, loaded.report)
    });
    Ok(Ok(Interface { loader, note: None, store: None }))
}

/// What the interface is handed for a store: how to gather its events, what the status
/// bar says at once (which events these are), and how to read another window.
pub struct Browse {
    pub loader: Loader,
    pub message: String,
    pub store: StoreSettings,
}

/// The interface's loader for the store at `place`: the events passing `query`, the first
/// `window` of them. Else the exit code, after saying why on `err`.
fn browse(
    place: &Path,
    query: Option<&str>,
    window: usize,
    undated: Undated,
    err: &mut dyn Write,
) -> io::Result<Result<Browse, i32>> {
    let filters = FilterArgs { query: query.map(String::from), ..FilterArgs::default() };
    let (store, filter) = match super::stored::open(place, &filters, err)? {
        Ok(opened) => opened,
        Err(code) => return Ok(Err(code)),
    };
    let shown = sanitize_line(&place.display().to_string());
    let which = match query.map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => format!("the events that pass '{}'", sanitize_line(q)),
        None => "its events".to_string(),
    };
    let message = format!("{shown}: {which}, read from the store (:where QUERY reads others)");
    let reading = Reading::new(store, place.display().to_string(), window, undated);
    if filter.is_empty() {
        // The store's rows and days asked for beside the first window's reading.
        let asking = reading.clone();
        std::thread::spawn(move || {
            asking.whole();
        });
    }
    let loader = reading.clone().loader(filter, At::Start, Arc::new(AtomicBool::new(false)));
    // The store's list of actors; a GDELT table's asked of the server beside the window.
    let cast: Listing = Arc::default();
    let listing = (reading.clone(), cast.clone());
    std::thread::spawn(move || {
        let (reading, cast) = listing;
        let listed = reading.store.list_actors().map_err(|e| e.to_string());
        let _ = cast.set(listed.map(|listed| listed.map(|(actors, events)| Cast::new(actors, events))));
    });
    let exporting = reading.clone();
    // The counts panel's counts of all that passes, where the store counts them.
    let counting = reading.clone();
    let reopen: Reopen = Box::new(move |query: &str, toward: &Toward, stop: Arc<AtomicBool>| {
        let filters = FilterArgs { query: Some(query.to_string()), ..FilterArgs::default() };
        let filter = filters.filter().map_err(|e| e.message)?;
        if filter.reads_annotations() {
            return Err("is: and note: read the notes, matched to events once they are read: f filters by them".into());
        }
        reading.store.check(&filter).map_err(|e| e.message)?;
        let at = match toward {
            Toward::Start => At::Start,
            Toward::End => At::End,
            Toward::Date(t) => At::Date(*t),
            Toward::Event(token) => At::of_token(token).ok_or_else(|| format!("no event '{token}' of the store"))?,
        };
        Ok(reading.clone().loader(filter, at, stop))
    });
    let export = exporter(exporting);
    let count: crate::tui::CountAll = Arc::new(move |query: &str, by: &crate::query::count::GroupBy| {
        let filter = Filter::parse_words(query).map_err(|e| e.message)?;
        counting.store.count_by(&filter, by).map_err(|e| e.to_string())
    });
    let query = query.unwrap_or("").trim().to_string();
    let store = StoreSettings { place: shown, query, reopen, cast, export, count };
    Ok(Ok(Browse { loader, message, store }))
}

/// How the interface exports all that passes a query: the file begun at once (so that one
/// there already is asked about), the events streamed on the job's thread.
fn exporter(reading: Arc<Reading>) -> ExportAll {
    use super::export::{StreamStop, Streaming, stream_store};
    use crate::atomic::{Pending, WriteError, Written};
    Box::new(move |query, path, format, overwrite, notes| {
        let filters = FilterArgs { query: Some(query.to_string()), ..FilterArgs::default() };
        let filter = filters.filter().map_err(|e| ExportOutcome::Failed(e.message))?;
        reading.store.check(&filter).map_err(|e| ExportOutcome::Failed(e.message))?;
        let pending = match Pending::begin(path, overwrite) {
            Ok(pending) => pending,
            Err(WriteError::Exists(path)) => return Err(ExportOutcome::Exists(path)),
            Err(e) => return Err(ExportOutcome::Failed(e.to_string())),
        };
        let (reading, path) = (reading.clone(), path.to_path_buf());
        Ok(Box::new(move |count, stop| {
            let failed = |e: &io::Error| ExportOutcome::Failed(crate::atomic::io_error(&path, e).to_string());
            let mut file = io::BufWriter::with_capacity(1 << 20, pending);
            let aside = crate::atomic::directory_of(&path);
            let how = Streaming { format, at: chrono::Utc::now(), aside, undated: reading.undated };
            let counted = &mut |n| count.store(n, Ordering::Relaxed);
            let written = match stream_store(&reading.store, &filter, &notes, how, &mut file, &stop, counted) {
                Ok((written, ..)) => written,
                Err(StreamStop::Asked) => return ExportOutcome::Failed("the export stopped: nothing written".into()),
                Err(StreamStop::Write(e)) => return failed(&e),
                Err(StreamStop::Store(e)) => return ExportOutcome::Failed(e.to_string()),
                Err(StreamStop::Filter(e)) => return ExportOutcome::Failed(e.message),
            };
            let pending = match file.into_inner() {
                Ok(pending) => pending,
                Err(e) => return failed(e.error()),
            };
            match pending.commit() {
                Ok(done) => ExportOutcome::Written {
                    path,
                    count: written.events,
                    left_out: written.left_out,
                    through: match done {
                        Written::File => None,
                        Written::ThroughLink(target) => Some(target),
                    },
                },
                Err(e) => ExportOutcome::Failed(e.to_string()),
            }
        }))
    })
}
