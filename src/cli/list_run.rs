//! `annals list`, the command: one store read a page at a time (stored.rs), or the files
//! loaded, written as list.rs writes events.

use super::filters::FilterArgs;
use super::list::ListFormat;
use super::output::Output;
use crate::ingest::{self, LoadOptions, Loaded};
use crate::model::Clock;
use std::io::{self, Write};
use std::path::PathBuf;

/// `annals list`: the events of `paths` that pass `filters` (a store read a page at a
/// time, files loaded), at most `limit` of them; the exit code.
pub fn run<W: Write>(
    filters: &FilterArgs,
    (format, limit): (ListFormat, Option<usize>),
    paths: &[PathBuf],
    options: &LoadOptions,
    clock: Clock,
    out: &mut Output<W>,
    err: &mut dyn Write,
) -> io::Result<i32> {
    if let Some(place) = paths.iter().find(|p| crate::store::Store::is_store(p)) {
        if paths.len() > 1 {
            let shown = crate::text::sanitize_line(&place.display().to_string());
            writeln!(err, "annals: {shown} is a store of events: list it alone (annals list {shown})")?;
            return Ok(super::EXIT_USAGE);
        }
        let shape = super::stored::ListShape { format, width: super::list::output_width(out), clock, limit };
        return super::stored::list(place, filters, shape, options.undated, out, err);
    }
    let Loaded { corpus, report } = ingest::load(&super::inputs(paths), options);
    let Some((_, mut events)) = super::filters::apply(filters, &corpus, err)? else { return Ok(super::EXIT_USAGE) };
    events.truncate(limit.unwrap_or(usize::MAX));
    super::list::write_list(&corpus, &events, format, super::list::output_width(out), clock, out)?;
    let code = super::report_load_problems(&report, out, err);
    super::release_at_exit(corpus);
    code
}
