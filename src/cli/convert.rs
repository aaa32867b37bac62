//! `annals convert`: the loaded events, filtered, as a Parquet dataset in a new directory
//! (export/parquet.rs writes it); and `annals schema`, the table it loads into.

use super::output::Output;
use super::{EXIT_DATA_ERRORS, EXIT_OK, EXIT_USAGE, FilterArgs, filters, inputs};
use crate::export;
use crate::ingest::{self, LoadOptions, Loaded};
use crate::text::sanitize_line;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The engines `annals schema` writes DDL for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaEngine {
    Clickhouse,
}

/// Load `paths`, keep what the filters keep, write the dataset at `output`; the exit code.
pub fn run<W: Write>(
    filter_args: &FilterArgs,
    output: &Path,
    paths: &[PathBuf],
    options: &LoadOptions,
    out: &mut Output<W>,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let Loaded { corpus, report } = ingest::load(&inputs(paths), options);
    let Some((_, events)) = filters::apply(filter_args, &corpus, err)? else { return Ok(EXIT_USAGE) };
    if corpus.events().is_empty() && report.error_count() > 0 {
        // Nothing read: an empty dataset would look like a converted one.
        let code = super::report_load_problems(&report, out, err);
        writeln!(err, "annals: no event was read, so nothing was written")?;
        return code;
    }
    if crate::store::Table::is_address(output) {
        let code = load_into(&corpus, &events, output, err)?;
        if code != EXIT_OK {
            return Ok(code);
        }
        let code = super::report_load_problems(&report, out, err);
        super::release_at_exit(corpus);
        return code;
    }
    match export::parquet::write_dataset(&corpus, &events, output) {
        Ok(done) => writeln!(
            err,
            "annals: wrote {} events ({} row group{}), {} articles, {} actors and {} days to {}",
            done.events,
            done.row_groups,
            if done.row_groups == 1 { "" } else { "s" },
            done.articles,
            done.actors,
            done.days,
            sanitize_line(&output.display().to_string())
        )?,
        Err(e) => {
            writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
            return Ok(EXIT_DATA_ERRORS);
        }
    }
    let code = super::report_load_problems(&report, out, err);
    super::release_at_exit(corpus);
    code
}

/// `annals convert ... -o clickhouse://HOST/DB`: the dataset written in a temporary
/// directory, then loaded into the database's tables (`export::clickhouse::load`); the exit
/// code.
fn load_into(
    corpus: &crate::model::Corpus,
    events: &[crate::model::EventIx],
    address: &Path,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let shown = sanitize_line(&address.display().to_string());
    let staging = tempfile::Builder::new().prefix("annals-load-").tempdir()?;
    let dir = staging.path().join("d");
    if let Err(e) = export::parquet::write_dataset(corpus, events, &dir) {
        writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
        return Ok(EXIT_DATA_ERRORS);
    }
    match export::clickhouse::load(&address.to_string_lossy(), &dir) {
        Ok((events, actors)) => {
            writeln!(
                err,
                "annals: loaded {events} events and {actors} actors into {shown} (tables events and actors)"
            )?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
            Ok(EXIT_DATA_ERRORS)
        }
    }
}

/// `annals schema ENGINE`: the DDL of the table a dataset's events load into.
pub fn schema<W: Write>(engine: SchemaEngine, database: &str, out: &mut Output<W>) -> io::Result<i32> {
    match engine {
        SchemaEngine::Clickhouse => write!(out, "{}", export::clickhouse::events_ddl(database))?,
    }
    Ok(EXIT_OK)
}
