//! `annals list DIR` on a stored dataset (`annals convert`'s, docs/PARQUET.md), and
//! `annals list clickhouse://HOST/DB` on a table of its columns: the events read a page at
//! a time and written as they come, so that memory holds a page or two whatever the
//! store's size, and `--limit` stops reading once it has its events.

use super::filters::{self, FilterArgs};
use super::list::{ListFormat, Width, write_page};
use super::output::Output;
use super::{EXIT_DATA_ERRORS, EXIT_USAGE};
use crate::model::{Clock, Corpus, Undated};
use crate::query::Filter;
use crate::store::{At, Flow, Scanned, Store, StoreError};
use crate::text::sanitize_line;
use std::io::{self, Write};
use std::path::Path;

/// How `annals list` writes, and how many events at most.
pub struct ListShape {
    pub format: ListFormat,
    pub width: Width,
    pub clock: Clock,
    pub limit: Option<usize>,
}

/// List the events of the store at `place` that pass `filters`. Returns the exit code.
pub fn list<W: Write>(
    place: &Path,
    filters: &FilterArgs,
    shape: ListShape,
    undated: Undated,
    out: &mut Output<W>,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let (store, filter) = match open(place, filters, err)? {
        Ok(opened) => opened,
        Err(code) => return Ok(code),
    };
    let ListShape { format, width, clock, limit } = shape;
    let (mut written, mut first) = (0usize, true);
    let scanned = store.scan_for(&filter, undated, limit, |page, events| {
        let take = limit.map_or(events.len(), |l| l.saturating_sub(written).min(events.len()));
        write_page(page, &events[..take], (format, width, clock), first, out)?;
        first = false;
        written += take;
        Ok(if limit.is_some_and(|l| written >= l) { Flow::Enough } else { Flow::More })
    });
    match scanned {
        Ok(scanned) => {
            if let Some(e) = scanned.error() {
                filters::say(filters, e, err)?;
                return Ok(EXIT_USAGE);
            }
            say_note(&scanned, err)?;
            if first && format == ListFormat::Tsv {
                writeln!(out, "{}", super::list::TSV_HEADER)?;
            }
            Ok(0)
        }
        Err(e) => failed(e, filters, err),
    }
}

/// The store at `place` opened, and the filter of `filters` that runs on it; else the
/// exit code, after saying why not on `err`.
pub(super) fn open(
    place: &Path,
    filters: &FilterArgs,
    err: &mut dyn Write,
) -> io::Result<Result<(Store, Filter), i32>> {
    let store = match Store::open(place) {
        Ok(d) => d,
        Err(e) => return failed(e, filters, err).map(Err),
    };
    let filter = match filters.filter() {
        Ok(f) => f,
        Err(e) => {
            filters::say(filters, &e, err)?;
            return Ok(Err(EXIT_USAGE));
        }
    };
    if filter.reads_annotations() {
        writeln!(
            err,
            "annals: is: and note: read the notes, which are matched to events once they are read: on a store, \
             f filters by them in the interface"
        )?;
        return Ok(Err(EXIT_USAGE));
    }
    if let Err(e) = store.check(&filter) {
        filters::say(filters, &e, err)?;
        return Ok(Err(EXIT_USAGE));
    }
    let names_actors = filter.names_actors();
    if names_actors && let Some(note) = store.index_not_used() {
        writeln!(err, "annals: note: {}", sanitize_line(&note))?;
    }
    if names_actors && !store.lists_actors() {
        writeln!(
            err,
            "annals: note: this store lists no actors (actors.parquet, or a table actors): actors are known by their ids"
        )?;
    }
    Ok(Ok((store, filter)))
}

/// The events of the store at `place` that pass `filters`, gathered into a corpus, for a
/// command that needs them all at once (`export`, `count`, `stories`): at most `window`
/// of them; more is an error that says how to narrow. Else the exit code, after saying
/// why on `err`.
pub fn gather(
    place: &Path,
    filters: &FilterArgs,
    window: usize,
    undated: Undated,
    err: &mut dyn Write,
) -> io::Result<Result<Corpus, i32>> {
    let (store, filter) = match open(place, filters, err)? {
        Ok(opened) => opened,
        Err(code) => return Ok(Err(code)),
    };
    let gathered = store.gather(&filter, undated, window, &At::Start, &mut |_, _| {}, &|| false);
    if let Some(e) = gathered.error {
        return failed(e, filters, err).map(Err);
    }
    if let Some(e) = gathered.scanned.error() {
        filters::say(filters, e, err)?;
        return Ok(Err(EXIT_USAGE));
    }
    say_note(&gathered.scanned, err)?;
    if let Some(e) = &gathered.articles_problem {
        writeln!(
            err,
            "annals: {} (articles known only by what the events carry of them: no texts)",
            sanitize_line(&e.to_string())
        )?;
    }
    if gathered.more {
        let shown = sanitize_line(&place.display().to_string());
        writeln!(
            err,
            "annals: more than {window} events of {shown} pass the filter: narrow it (--where, --from, --actor...) \
             or raise --window (each event held takes memory)"
        )?;
        return Ok(Err(EXIT_DATA_ERRORS));
    }
    Ok(Ok(gathered.corpus))
}

/// A term that named nothing among the rows read when dates, actors or a server left some
/// unread: the name may be among them, so a note, not an error.
pub(super) fn say_note(scanned: &Scanned, err: &mut dyn Write) -> io::Result<()> {
    if let Some(e) = scanned.note() {
        let message = sanitize_line(&e.message);
        writeln!(err, "annals: note: {message}, among the events read (the filter left the others unread)")?;
    }
    Ok(())
}

/// Say what went wrong; the exit code.
pub(super) fn failed(e: StoreError, filters: &FilterArgs, err: &mut dyn Write) -> io::Result<i32> {
    match e {
        StoreError::Io(e) => Err(e),
        StoreError::Filter(e) => {
            filters::say(filters, &e, err)?;
            Ok(EXIT_USAGE)
        }
        other => {
            writeln!(err, "annals: {}", sanitize_line(&other.to_string()))?;
            Ok(EXIT_DATA_ERRORS)
        }
    }
}

/// What a command that needs every passing event at once works on: the files of `paths`
/// loaded, or, when `paths` is one store, the events of it that pass `filters` gathered
/// (at most `window`). Else the exit code, after saying why on `err`.
pub fn load(
    paths: &[std::path::PathBuf],
    filters: &FilterArgs,
    window: usize,
    options: &crate::ingest::LoadOptions,
    err: &mut dyn Write,
) -> io::Result<Result<crate::ingest::Loaded, i32>> {
    let Some(place) = paths.iter().find(|p| Store::is_store(p)) else {
        return Ok(Ok(crate::ingest::load(&super::inputs(paths), options)));
    };
    if paths.len() > 1 {
        let shown = sanitize_line(&place.display().to_string());
        writeln!(err, "annals: {shown} is a store of events: read it alone")?;
        return Ok(Err(EXIT_USAGE));
    }
    let corpus = gather(place, filters, window, options.undated, err)?;
    Ok(corpus.map(|corpus| crate::ingest::Loaded { corpus, report: crate::diagnostic::Report::default() }))
}

/// `annals count STORE --by FIELD`: the events that pass `filters` counted page by page,
/// the pages' buckets added up by the words that select each (so memory is a page and the
/// buckets, whatever the store's size, and no window caps it). The exit code.
pub fn count<W: Write>(
    place: &Path,
    filters: &FilterArgs,
    by: &str,
    (format, limit): (super::count::CountFormat, Option<usize>),
    undated: Undated,
    out: &mut Output<W>,
    err: &mut dyn Write,
) -> io::Result<i32> {
    use crate::query::count::{Bucket, GroupBy, count_by};
    let (store, filter) = match open(place, filters, err)? {
        Ok(opened) => opened,
        Err(code) => return Ok(code),
    };
    // A field named as every store has it (a fixed one, an attribute's short name) is known
    // at once; an attribute's full name, from the first page that has one.
    let named_at_once = store.actors().map_or_else(
        || GroupBy::parse(by, &Corpus::assemble(crate::model::Parts::default())),
        |(cast, _)| GroupBy::parse(by, cast),
    );
    // A server that decides the filter and gives the field counts it, no row sent.
    if let Ok(by) = &named_at_once {
        match store.count_by(&filter, by) {
            // Nothing passes: the scan (which reads nothing) says whether a name is wrong.
            Ok(Some((buckets, total))) if total > 0 => {
                super::count::write_buckets(by, total as usize, &buckets, format, limit, out)?;
                return Ok(0);
            }
            Ok(_) => {}
            Err(e) => return failed(e, filters, err),
        }
    }
    let mut field: Option<GroupBy> = named_at_once.as_ref().ok().cloned();
    let mut wrong: Option<String> = None;
    let (mut buckets, mut total): (std::collections::HashMap<String, Bucket>, usize) = Default::default();
    let scanned = store.scan(&filter, undated, |page, events| {
        if field.is_none() {
            match GroupBy::parse(by, page) {
                Ok(found) => field = Some(found),
                Err(e) => {
                    wrong = Some(e);
                    return Ok(Flow::Enough);
                }
            }
        }
        let field = field.as_ref().expect("set above");
        total += events.len();
        for b in count_by(page, events, field) {
            buckets.entry(b.term.clone()).or_insert(Bucket { events: 0, ..b.clone() }).events += b.events;
        }
        Ok(Flow::More)
    });
    let scanned = match scanned {
        Ok(scanned) => scanned,
        Err(e) => return failed(e, filters, err),
    };
    if let Some(e) = scanned.error() {
        filters::say(filters, e, err)?;
        return Ok(EXIT_USAGE);
    }
    say_note(&scanned, err)?;
    let Some(field) = field.or_else(|| wrong.is_none().then(|| named_at_once.clone().ok()).flatten()) else {
        let message = wrong.or_else(|| named_at_once.err()).unwrap_or_default();
        writeln!(err, "annals: {}", sanitize_line(&message))?;
        return Ok(EXIT_USAGE);
    };
    let mut buckets: Vec<Bucket> = buckets.into_values().collect();
    buckets.sort_unstable_by(crate::query::count::order);
    super::count::write_buckets(&field, total, &buckets, format, limit, out)?;
    Ok(0)
}
