//! `annals list DIR` on a stored dataset (`annals convert`'s, docs/PARQUET.md), and
//! `annals list clickhouse://HOST/DB` on a table of its columns: the events read a page at
//! a time and written as they come, so that memory holds a page or two whatever the
//! store's size, and `--limit` stops reading once it has its events.

use super::filters::{self, FilterArgs};
use super::list::{ListFormat, Width, write_page};
use super::output::Output;
use super::{EXIT_DATA_ERRORS, EXIT_USAGE};
use crate::model::{Clock, Undated};
use crate::query::ast::Key;
use crate::store::{Flow, Store, StoreError};
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
    let store = match Store::open(place) {
        Ok(d) => d,
        Err(e) => return failed(e, filters, err),
    };
    let filter = match filters.filter() {
        Ok(f) => f,
        Err(e) => {
            filters::say(filters, &e, err)?;
            return Ok(EXIT_USAGE);
        }
    };
    if filter.reads_annotations() {
        writeln!(err, "annals: is: and note: read the notes kept beside loaded files; a dataset has none yet")?;
        return Ok(EXIT_USAGE);
    }
    let names_actors = filter
        .expr()
        .is_some_and(|e| e.terms().iter().any(|t| matches!(t.key, Key::Actor | Key::Agent | Key::Target | Key::Dyad)));
    if names_actors && !store.lists_actors() {
        writeln!(
            err,
            "annals: note: this store lists no actors (actors.parquet, or a table actors): actors are known by their ids"
        )?;
    }
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
            if let Some(e) = scanned.note() {
                // It may be among the rows not read: a note, not an error.
                let message = sanitize_line(&e.message);
                writeln!(
                    err,
                    "annals: note: {message}, among the events the filter's dates and actors let annals read"
                )?;
            }
            if first && format == ListFormat::Tsv {
                writeln!(out, "{}", super::list::TSV_HEADER)?;
            }
            Ok(0)
        }
        Err(e) => failed(e, filters, err),
    }
}

/// Say what went wrong; the exit code.
fn failed(e: StoreError, filters: &FilterArgs, err: &mut dyn Write) -> io::Result<i32> {
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
