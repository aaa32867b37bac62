//! The interface on a store (`annals gdelt.d`, `annals clickhouse://HOST/DB`): the store
//! opened and `--where` checked before the terminal is taken, so that a wrong address or a
//! typo is said plainly; then a loader that gathers the events passing `--where` into the
//! corpus the interface browses, at most `--window` of them.

use super::EXIT_USAGE;
use super::filters::FilterArgs;
use crate::diagnostic::{Diagnostic, Report};
use crate::ingest::{self, LoadOptions};
use crate::model::Undated;
use crate::query::Filter;
use crate::store::{At, Cursor, Store};
use crate::text::sanitize_line;
use crate::tui::{
    Cast, Counted, Counting, Days, ExportAll, ExportOutcome, Listing, Loaded, Loader, Placing, Reach, Reopen,
    StoreSettings, Toward, Widen,
};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
    let reading = Arc::new(Reading {
        store,
        name: place.display().to_string(),
        window,
        undated,
        whole: std::sync::OnceLock::new(),
        counting: std::sync::Mutex::new(None),
    });
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

/// A window is read first as a glimpse of this many events around its place (ten screens
/// or so), shown at once, then whole. Its cost is mostly fixed (the pages of every column
/// it touches are decoded whole): at 100M, 512 events are shown in 0.06-0.10 s, 2,048 in
/// 0.09-0.16 s (docs/PERFORMANCE.md).
pub const GLIMPSE: usize = 512;

/// How the interface reads a store's windows.
struct Reading {
    store: Store,
    /// The store, as errors and the gauge name it.
    name: String,
    window: usize,
    undated: Undated,
    /// The store's rows and its events a day, asked once (for the position and the density
    /// strip when every event passes).
    whole: std::sync::OnceLock<(Option<u64>, Option<Days>)>,
    /// The last filtered query counted in the whole store (its words), its count, and how
    /// to stop counting it when another is asked for.
    counting: std::sync::Mutex<Option<(String, Counting, Arc<AtomicBool>)>>,
}

impl Reading {
    /// What passes `filter` in the whole store, counted on a thread of its own (once a
    /// query: the same query's next windows share it; another query stops it).
    fn counting(self: &Arc<Self>, filter: &Filter) -> Counting {
        let words = filter.to_words();
        let mut last = self.counting.lock().unwrap_or_else(|e| e.into_inner());
        // The same query's count, unless it failed (then it is asked again).
        if let Some((counted, counting, _)) = last.as_ref()
            && *counted == words
            && !matches!(counting.get(), Some(None))
        {
            return counting.clone();
        }
        if let Some((_, _, stop)) = last.take() {
            stop.store(true, Ordering::Relaxed);
        }
        let (counting, stop) = (Counting::default(), Arc::new(AtomicBool::new(false)));
        *last = Some((words, counting.clone(), stop.clone()));
        let (me, filter, fill) = (self.clone(), filter.clone(), counting.clone());
        std::thread::spawn(move || {
            let tally = crate::tui::terminal::catching_panics(|| {
                me.store.tally(&filter, me.undated, &|| stop.load(Ordering::Relaxed))
            });
            let counted = match tally {
                Ok(Ok(Some(t))) => Some(Counted {
                    days: Arc::new(t.days),
                    total: t.total,
                    rows: t.rows.map(Arc::new),
                    actors: Arc::new(t.actors),
                }),
                // Stopped (another query), the store failed, or the count panicked: the
                // window's own strip stays.
                _ => None,
            };
            let _ = fill.set(counted);
        });
        counting
    }

    /// The count of `filter`'s query begun before (by an earlier window of it), unless it
    /// failed: and every other query's count stopped.
    fn counting_begun(&self, filter: &Filter) -> Option<Counting> {
        let words = filter.to_words();
        let mut last = self.counting.lock().unwrap_or_else(|e| e.into_inner());
        if last.as_ref().is_some_and(|(counted, _, _)| *counted != words)
            && let Some((_, _, stop)) = last.take()
        {
            stop.store(true, Ordering::Relaxed);
        }
        let (_, counting, _) = last.as_ref().filter(|(_, counting, _)| !matches!(counting.get(), Some(None)))?;
        Some(counting.clone())
    }

    /// Stop counting a query other than `words` (None: any), and forget it.
    fn stop_counting_other_than(&self, words: Option<&str>) {
        let mut last = self.counting.lock().unwrap_or_else(|e| e.into_inner());
        if last.as_ref().is_some_and(|(counted, _, _)| words != Some(counted.as_str()))
            && let Some((_, _, stop)) = last.take()
        {
            stop.store(true, Ordering::Relaxed);
        }
    }

    /// The store's rows (where each row's number is its place among them all) and its
    /// events a day, asked once; what the store cannot say (or a server failing to answer)
    /// is None.
    fn whole(&self) -> &(Option<u64>, Option<Days>) {
        self.whole.get_or_init(|| {
            // A row's number is its place among all where rows are numbered without gaps (a
            // table loaded from a dataset converted with --where keeps the positions it had).
            let rows = self.store.rows().ok().flatten().filter(|&rows| self.store.count().ok() == Some(rows));
            (rows, self.store.days().ok().flatten().map(Arc::new))
        })
    }

    /// The loader of the window of the events that pass `filter` around `at`, which stops
    /// reading once `stop` is set: a glimpse of it first, where the window is larger.
    fn loader(self: Arc<Self>, filter: Filter, at: At, stop: Arc<AtomicBool>) -> Loader {
        let glimpse = (self.window > GLIMPSE).then_some(GLIMPSE);
        self.read(filter, at, stop, glimpse)
    }

    /// [`Reading::loader`]: with `glimpse`, that many events around `at`, and the whole
    /// window to read next (none when the glimpse holds all that passes).
    fn read(self: Arc<Self>, filter: Filter, at: At, stop: Arc<AtomicBool>, glimpse: Option<usize>) -> Loader {
        Box::new(move |progress| {
            let Reading { store, name, window, undated, .. } = &*self;
            // The gauge counts bytes: a dataset's rows read, as a share of its file.
            let scale = match (store.known_len(), std::fs::metadata(Path::new(name).join("events.parquet"))) {
                (Some(rows), Ok(file)) if rows > 0 => Some((rows, file.len())),
                _ => None,
            };
            let (total_rows, bytes) = scale.unwrap_or((0, 0));
            let mut told = |rows: usize, _gathered: usize| {
                let done = if total_rows > 0 { (rows as u128 * bytes as u128 / total_rows as u128) as u64 } else { 0 };
                progress(name, done, bytes);
            };
            let stopped = || stop.load(Ordering::Relaxed);
            let size = glimpse.unwrap_or(*window);
            let mut gathered = store.gather(&filter, *undated, size, &at, &mut told, &stopped);
            // A window moved to a place that could not be read whole: none (the one on
            // screen stays, the error said), rather than the part before the failure, which
            // would end where the store does not.
            if gathered.error.is_some() && at != At::Start {
                gathered.corpus = crate::model::Gather::new().finish(*undated);
            }
            // A glimpse of more: the whole window around the same event is read next.
            let part = gathered.earlier || gathered.more;
            let then = match glimpse {
                Some(_) if part && gathered.error.is_none() && !stopped() => Some(Widen {
                    loader: self.clone().read(filter.clone(), at.clone(), stop.clone(), None),
                    stop: stop.clone(),
                }),
                _ => None,
            };
            let mut diagnostics = Vec::new();
            if let Some(e) = &gathered.error {
                diagnostics.push(Diagnostic::error(name, 0, 0, format!("{e}{}", crate::tui::EVENTS_BEFORE)));
            }
            if let Some(e) = &gathered.articles_problem {
                diagnostics.push(Diagnostic::warning(
                    name,
                    0,
                    0,
                    format!("{e} (articles shown by what the events carry of them: no texts)"),
                ));
            }
            // (Of the whole window, not its glimpse.)
            if part && then.is_none() {
                diagnostics.push(Diagnostic::warning(
                    name,
                    0,
                    0,
                    format!(
                        "more than {window} events pass the filter: {window} are held at a time, and moving past \
                         the first or the last reads the ones around it (:where QUERY narrows them, --window \
                         holds more)"
                    ),
                ));
            }
            // A word no event has, every page read: the filter does not apply (an error, as
            // `list` says it; nothing passes). When dates or actors left rows unread, it may
            // be among them: a note.
            if let Some(e) = gathered.scanned.error() {
                diagnostics.push(Diagnostic::error(name, 0, 0, e.message.clone()));
            } else if let Some(e) = gathered.scanned.note() {
                diagnostics.push(Diagnostic::warning(name, 0, 0, e.message.clone()));
            }
            let files = [name.clone()];
            let token = |at: Option<&At>| at.and_then(At::token);
            let mut reach = Reach {
                before: token(gathered.first.as_ref().filter(|_| gathered.earlier)),
                after: token(gathered.last.as_ref().filter(|_| gathered.more)),
                focus: gathered.focus,
                ..Reach::default()
            };
            reach.glimpse = then.is_some();
            // Every event passes: a row's number is its place among them all, and the
            // store's days are the strip's (what the store cannot say is left out).
            if stopped() {
                // Nobody wants this window: it changes no count.
            } else if filter.is_empty() {
                // A query being counted is no longer wanted.
                self.stop_counting_other_than(None);
                // Asked once (the first window asked beside its reading, and waits here for
                // the answer if it has not come; a glimpse does not wait, the whole window
                // will).
                let whole = if then.is_some() { self.whole.get() } else { Some(self.whole()) };
                if let Some((rows, days)) = whole {
                    if let (Some(rows), Some(At::Row { cursor: Cursor::Row(first), .. })) = (rows, &gathered.first) {
                        (reach.offset, reach.total) = (Some(*first), Some(*rows));
                    }
                    reach.days = days.clone();
                }
            } else if gathered.error.is_none() && part {
                // Part of what passes: counted in the whole store in the background; of a
                // glimpse, only where an earlier window began it (the whole window decides,
                // a count begun now would scan the store beside it).
                reach.counting =
                    if then.is_some() { self.counting_begun(&filter) } else { Some(self.counting(&filter)) };
                if let Some(At::Row { cursor: Cursor::Row(first), .. }) = &gathered.first {
                    reach.first_row = Some(*first);
                }
            } else {
                // The window holds all that passes (or failed): another query's count stops.
                self.stop_counting_other_than(Some(&filter.to_words()));
            }
            // Where that gives no place (a GDELT table's rows have keys, not numbers; too
            // many pass to keep their rows), a server that decides the filter is asked (of
            // the whole window, not its glimpse).
            if !stopped()
                && then.is_none()
                && gathered.error.is_none()
                && part
                && reach.offset.is_none()
                && let (Store::ClickHouse(_), Some(At::Row { cursor, .. })) = (store, &gathered.first)
            {
                reach.placing = Some(self.placing(&filter, cursor.clone(), stop.clone()));
            }
            Loaded { corpus: gathered.corpus, report: Report::new(diagnostics, &files), reach: Some(reach), then }
        })
    }

    /// The place of the row `first` among the rows that pass `filter`, and how many pass,
    /// asked of the store on a thread of its own; given up once `stop` is set (another
    /// window was asked for).
    fn placing(self: &Arc<Self>, filter: &Filter, first: Cursor, stop: Arc<AtomicBool>) -> Placing {
        let (me, filter, placing) = (self.clone(), filter.clone(), Placing::default());
        let fill = placing.clone();
        std::thread::spawn(move || {
            let placed = crate::tui::terminal::catching_panics(|| {
                let offset = me.store.rank(&filter, Some(&first)).ok().flatten()?;
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                let total = match filter.is_empty() {
                    true => me.store.count().ok()?,
                    false => me.store.rank(&filter, None).ok().flatten()?,
                };
                Some((offset, total))
            });
            let _ = fill.set(placed.ok().flatten());
        });
        placing
    }
}
