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

/// JSON text to standard output as [`Output::write_json`] writes it.
struct Json<'a, W: Write>(&'a mut Output<W>);

impl<W: Write> Write for Json<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // The stream writes whole strings, each one call of `write_all`.
        self.0.write_json(std::str::from_utf8(buf).map_err(io::Error::other)?)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Events a streamed export gathers before writing them (their articles' records read at
/// once for them all): a few pages.
const BATCH: usize = 20_000;

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
        Some(path) => match crate::desk::file::load(&path) {
            Ok((notes, warnings)) => {
                for w in warnings {
                    writeln!(err, "{}", sanitize_line(&w.to_string()))?;
                }
                notes
            }
            Err(e) => {
                writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
                return Ok(EXIT_DATA_ERRORS);
            }
        },
    };
    let notes = std::sync::Arc::new(notes);
    let at = chrono::Utc::now();
    // Written to the file asked for (atomically: the old one stays until the end), or to
    // standard output as it comes.
    let mut pending = None;
    let mut json = Json(out);
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
    let mut stream = Stream::begin(sink, asked.format(), &filter, at)?;
    let total = filter.is_empty().then(|| store.rows().ok().flatten()).flatten();
    let mut counter = Counter { progress, total, shown: None, events: 0 };
    let scanned = store.scan_batches(&filter, options.undated, BATCH, |page, events| {
        let desk = crate::desk::Desk::default().with_notes(page, notes.clone());
        stream.page(page, events, &desk)?;
        counter.events += events.len() as u64;
        counter.show(err)?;
        Ok(Flow::More)
    });
    counter.clear(err)?;
    let scanned = match scanned {
        Ok(scanned) => scanned,
        Err(e) => return stored::failed(e, filters, err),
    };
    if let Some(e) = scanned.error() {
        filters::say(filters, e, err)?;
        return Ok(EXIT_USAGE);
    }
    stored::say_note(&scanned, err)?;
    let (_, written) = stream.finish()?;
    if written.left_out > 0 {
        writeln!(err, "annals: {} undated events left out (TimelineJS needs a date)", written.left_out)?;
    }
    if let (Some(path), Some(file)) = (&asked.output, pending) {
        let file = file.into_inner().map_err(|e| e.into_error())?;
        match file.commit() {
            Ok(done) => say_written(written.events, path, &done, err)?,
            Err(e) => {
                writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
                return Ok(EXIT_DATA_ERRORS);
            }
        }
    }
    Ok(0)
}

/// How far a streamed export is, said on standard error (a terminal) at most five times a
/// second: events written, of how many when every event of the store passes.
struct Counter {
    progress: bool,
    total: Option<u64>,
    shown: Option<Instant>,
    events: u64,
}

impl Counter {
    fn show(&mut self, err: &mut dyn Write) -> io::Result<()> {
        if !self.progress || self.shown.is_some_and(|t| t.elapsed() < Duration::from_millis(200)) {
            return Ok(());
        }
        self.shown = Some(Instant::now());
        let n = crate::display::thousands(self.events as usize);
        match self.total {
            Some(total) if total > 0 => {
                let percent = self.events * 100 / total;
                let all = crate::display::thousands(total as usize);
                write!(err, "\r\x1b[2Kannals: exporting {n} of {all} events ({percent}%)")?
            }
            _ => write!(err, "\r\x1b[2Kannals: exporting {n} events")?,
        }
        err.flush()
    }

    /// The count's line cleared, before what is said next.
    fn clear(&self, err: &mut dyn Write) -> io::Result<()> {
        if self.progress && self.shown.is_some() {
            write!(err, "\r\x1b[2K")?;
        }
        Ok(())
    }
}
