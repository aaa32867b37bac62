//! `annals export`: the events that pass the filters as the native JSON or a TimelineJS
//! document, to standard output or atomically to a file. Files are loaded and exported at
//! once; a store's events are streamed, a page at a time, whatever their number (with a
//! count on standard error when it is a terminal), except with `--stories`, which needs
//! them all at once and so holds at most `--window`.

use super::filters::{self, FilterArgs};
use super::output::Output;
use super::{EXIT_DATA_ERRORS, EXIT_USAGE, ExportFormat, notes, stored};
use crate::atomic::{Pending, Written};
use crate::export::{self, stream::Stream};
use crate::ingest::{LoadOptions, Loaded};
use crate::store::{Flow, Store};
use crate::stories::Stories;
use crate::text::sanitize_line;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What to write and where.
pub struct Asked {
    pub output: Option<PathBuf>,
    pub force: bool,
    pub format: ExportFormat,
    pub with_texts: bool,
    pub stories: bool,
    pub notes: Option<PathBuf>,
}

impl Asked {
    fn format(&self) -> export::Format {
        match self.format {
            ExportFormat::Native if self.with_texts => export::Format::NativeWithTexts,
            ExportFormat::Native => export::Format::Native,
            ExportFormat::Timelinejs => export::Format::TimelineJs,
        }
    }
}

/// `annals export`: the exit code. `progress`: standard error is a terminal, where a
/// store's export says how far it is.
pub fn run<W: Write>(
    filters: &FilterArgs,
    asked: Asked,
    paths: &[PathBuf],
    (options, window, progress): (&LoadOptions, usize, bool),
    out: &mut Output<W>,
    err: &mut dyn Write,
) -> io::Result<i32> {
    if let [place] = paths
        && Store::is_store(place)
        && !asked.stories
    {
        return streamed(place, filters, &asked, (options, progress), out, err);
    }
    let Loaded { corpus, report } = match stored::load(paths, filters, window, options, err)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let notes_path = asked.notes.clone().or_else(|| crate::desk::file::default_path(paths));
    let Some(desk) = notes::desk_of(&corpus, notes_path, err)? else {
        return Ok(EXIT_DATA_ERRORS);
    };
    let Some((filter, events)) = filters::apply_with(filters, &corpus, &desk.annotations(), err)? else {
        return Ok(EXIT_USAGE);
    };
    let now = chrono::Utc::now();
    let clustered = asked.stories.then(|| Stories::cluster(&corpus, &desk.story_choices(&corpus)));
    let (json, undated) = asked.format().render_with(&corpus, &events, &filter, now, &desk, clustered.as_ref());
    if undated > 0 {
        let what = if asked.stories { "stories" } else { "events" };
        writeln!(err, "annals: {undated} undated {what} left out (TimelineJS needs a date)")?;
    }
    match &asked.output {
        None => out.write_json(&json)?,
        Some(path) => match export::write_atomic(path, json.as_bytes(), asked.force) {
            Ok(written) => say_written(events.len(), path, &written, err)?,
            Err(e) => {
                writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
                return Ok(EXIT_DATA_ERRORS);
            }
        },
    }
    super::report_load_problems(&report, out, err)
}

fn say_written(events: usize, path: &Path, written: &Written, err: &mut dyn Write) -> io::Result<()> {
    let through = match written {
        Written::File => String::new(),
        Written::ThroughLink(target) => format!(" (a symbolic link: its target {} was replaced)", target.display()),
    };
    writeln!(err, "annals: wrote {events} events to {}{through}", path.display())
}

/// JSON text to standard output as [`Output::write_json`] writes it: whole characters, a
/// piece cut inside one (a copy cuts anywhere) kept until the rest of it comes.
struct Json<'a, W: Write> {
    out: &'a mut Output<W>,
    tail: Vec<u8>,
}

impl<W: Write> Write for Json<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tail.extend_from_slice(buf);
        let whole = match std::str::from_utf8(&self.tail) {
            Ok(_) => self.tail.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e)),
        };
        self.out.write_json(std::str::from_utf8(&self.tail[..whole]).expect("checked above"))?;
        self.tail.drain(..whole);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Events a streamed export gathers before writing them (their articles' records read at
/// once for them all): a few pages.
const BATCH: usize = 20_000;

/// How a store's events are streamed: the format, the moment of export, where texts are
/// kept aside, and where undated events go.
pub struct Streaming<'a> {
    pub format: export::Format,
    pub at: chrono::DateTime<chrono::Utc>,
    pub aside: &'a Path,
    pub undated: crate::model::Undated,
}

/// Why a streamed export stopped before its end.
pub enum StreamStop {
    Store(crate::store::StoreError),
    Write(io::Error),
    /// A word of the filter named nothing (known once every page was read): nothing written.
    Filter(crate::query::FilterError),
    /// `stop` was set (a signal, the interface quitting).
    Asked,
}

/// The events of `store` that pass `filter` exported to `sink` a batch at a time, with the
/// marks and notes of `notes`; `counted` is told how many are written after each batch,
/// and `stop` ends it at the next. What was written, why the articles' records could not
/// be read (the events written without), and the scan.
pub fn stream_store(
    store: &Store,
    filter: &crate::query::Filter,
    notes: &Arc<crate::desk::Notes>,
    how: Streaming,
    sink: &mut dyn Write,
    stop: &AtomicBool,
    counted: &mut dyn FnMut(u64),
) -> Result<(export::stream::Streamed, Option<crate::store::StoreError>, crate::store::Scanned), StreamStop> {
    let mut stream = Stream::begin(sink, how.format, filter, how.at, how.aside);
    let (mut stopped, mut events) = (None, 0u64);
    let stopped_by = || stop.load(Ordering::Relaxed);
    let scanned = store.scan_batches(filter, how.undated, BATCH, &stopped_by, |page, passing| {
        let desk = crate::desk::Desk::default().with_notes(page, notes.clone());
        if let Err(e) = stream.page(page, passing, &desk) {
            stopped = Some(StreamStop::Write(e));
            return Ok(Flow::Enough);
        }
        events += passing.len() as u64;
        counted(events);
        Ok(Flow::More)
    });
    if stopped_by() {
        return Err(StreamStop::Asked);
    }
    let batched = match (scanned, stopped) {
        (_, Some(why)) => return Err(why),
        (Err(e), None) => return Err(StreamStop::Store(e)),
        (Ok(batched), None) => batched,
    };
    if let Some(e) = batched.scanned.error() {
        return Err(StreamStop::Filter(e.clone()));
    }
    // Actors in the order the store lists them, as a window's (then those it does not list).
    let cast = store.cast();
    stream.order_actors(|id| cast.as_ref().and_then(|(c, _)| c.actor_by_id(id)).map(|a| a as usize));
    let (_, written) = stream.finish().map_err(StreamStop::Write)?;
    Ok((written, batched.articles_problem, batched.scanned))
}

/// The export of a store's events that pass `filters`, streamed a batch at a time.
fn streamed<W: Write>(
    place: &Path,
    filters: &FilterArgs,
    asked: &Asked,
    (options, progress): (&LoadOptions, bool),
    out: &mut Output<W>,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let (store, filter) = match stored::open(place, filters, err)? {
        Ok(opened) => opened,
        Err(code) => return Ok(code),
    };
    let notes = match asked.notes.clone().or_else(|| crate::desk::file::default_path(&[place.to_path_buf()])) {
        None => crate::desk::Notes::default(),
        Some(path) => match notes::notes_of(&path, err)? {
            Some(notes) => notes,
            None => return Ok(EXIT_DATA_ERRORS),
        },
    };
    let notes = Arc::new(notes);
    // Ctrl-C (or another signal that ends a program) stops at the next batch, so that the
    // file being written is removed and the old one kept.
    let signalled = Arc::new(AtomicBool::new(false));
    stop_on_signals(&signalled);
    // The count shows on a terminal, unless the export itself goes to it.
    let progress = progress && (asked.output.is_some() || !out.is_terminal());
    let at = chrono::Utc::now();
    // Written to the file asked for (atomically: the old one stays until the end), or to
    // standard output as it comes.
    let mut pending = None;
    let mut json = Json { out, tail: Vec::new() };
    let sink: &mut dyn Write = match &asked.output {
        Some(path) => match Pending::begin(path, asked.force) {
            Ok(p) => pending.insert(io::BufWriter::with_capacity(1 << 20, p)),
            Err(e) => {
                writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
                return Ok(EXIT_DATA_ERRORS);
            }
        },
        None => &mut json,
    };
    // The texts kept aside beside the file written (not in a temporary directory that may
    // be memory).
    let aside = asked.output.as_deref().map_or(Path::new("."), crate::atomic::directory_of);
    let total = if progress && filter.is_empty() { store.rows().ok().flatten() } else { None };
    let mut counter = Counter { progress, total, shown: None, events: 0 };
    let how = Streaming { format: asked.format(), at, aside, undated: options.undated };
    let done = stream_store(&store, &filter, &notes, how, sink, &signalled, &mut |events| {
        counter.events = events;
        counter.show();
    });
    counter.clear();
    let (written, articles_problem, scanned) = match done {
        Ok(done) => done,
        Err(StreamStop::Asked) => {
            let kept = if asked.output.is_some() { ": nothing written" } else { "" };
            writeln!(err, "annals: the export stopped, asked by a signal{kept}")?;
            return Ok(EXIT_SIGNALLED);
        }
        Err(StreamStop::Write(e)) => return write_failed(e, asked, err),
        Err(StreamStop::Store(e)) => return stored::failed(e, filters, err),
        Err(StreamStop::Filter(e)) => {
            filters::say(filters, &e, err)?;
            return Ok(EXIT_USAGE);
        }
    };
    stored::say_note(&scanned, err)?;
    if let Some(e) = &articles_problem {
        writeln!(
            err,
            "annals: {} (articles known only by what the events carry of them: no texts)",
            sanitize_line(&e.to_string())
        )?;
    }
    if written.left_out > 0 {
        writeln!(err, "annals: {} undated events left out (TimelineJS needs a date)", written.left_out)?;
    }
    if let (Some(path), Some(file)) = (&asked.output, pending) {
        let file = match file.into_inner() {
            Ok(file) => file,
            Err(e) => return write_failed(e.into_error(), asked, err),
        };
        match file.commit() {
            Ok(done) => say_written(written.events + written.left_out, path, &done, err)?,
            Err(e) => {
                writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
                return Ok(EXIT_DATA_ERRORS);
            }
        }
    }
    Ok(0)
}

/// The exit code of an export a signal stopped (128 + SIGINT's number, as shells say it).
const EXIT_SIGNALLED: i32 = 130;

/// Writing the export failed: said with the file's name (the old file, if any, kept); a
/// closed standard output (`| head`) ends quietly, as `list` does.
fn write_failed(e: io::Error, asked: &Asked, err: &mut dyn Write) -> io::Result<i32> {
    match &asked.output {
        Some(path) => {
            writeln!(err, "annals: {}", sanitize_line(&crate::atomic::io_error(path, &e).to_string()))?;
            Ok(EXIT_DATA_ERRORS)
        }
        None => Err(e),
    }
}

/// Set `flag` on the signals that end a program; a second one ends it at once.
fn stop_on_signals(flag: &Arc<AtomicBool>) {
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        let _ = signal_hook::flag::register_conditional_shutdown(signal, 1, flag.clone());
        let _ = signal_hook::flag::register(signal, flag.clone());
    }
    #[cfg(not(unix))]
    let _ = flag;
}

/// How far a streamed export is, said on standard error (a terminal), rewritten in place at
/// most five times a second: events written, of how many when every event of the store
/// passes.
struct Counter {
    progress: bool,
    total: Option<u64>,
    shown: Option<Instant>,
    events: u64,
}

impl Counter {
    fn show(&mut self) {
        if !self.progress || self.shown.is_some_and(|t| t.elapsed() < Duration::from_millis(200)) {
            return;
        }
        self.shown = Some(Instant::now());
        let n = crate::display::thousands(self.events as usize);
        let mut err = io::stderr();
        let _ = match self.total {
            Some(total) if total > 0 => {
                let percent = (self.events * 100 / total).min(100);
                let all = crate::display::thousands(total as usize);
                write!(err, "\rannals: exporting {n} of {all} events ({percent}%)\x1b[K")
            }
            _ => write!(err, "\rannals: exporting {n} events\x1b[K"),
        };
    }

    /// The count's line cleared, before what is said next.
    fn clear(&self) {
        if self.progress && self.shown.is_some() {
            let _ = write!(io::stderr(), "\r\x1b[K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cut_inside_a_character_goes_out_whole() {
        let mut written = Vec::new();
        let text = "“Grizzly Steppe” — Лавров";
        {
            let mut out = Output::new(&mut written, false);
            let mut json = Json { out: &mut out, tail: Vec::new() };
            // One byte at a time, as a copy may cut it.
            for b in text.as_bytes() {
                json.write_all(std::slice::from_ref(b)).unwrap();
            }
            assert!(json.tail.is_empty());
            assert!(json.write_all(&[0xff]).is_err(), "a byte that is no character's");
        }
        assert_eq!(String::from_utf8(written).unwrap(), text);
    }
}
