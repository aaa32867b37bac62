//! `annals convert`: events as a Parquet dataset, the format the engines analysts use read
//! (DuckDB, Spark, ClickHouse, BigQuery), and the layout an event store can browse without
//! loading it. A directory of five files, written whole or not at all (docs/PARQUET.md
//! gives every column):
//! - `events.parquet`: an event a row, in annals's timeline order (`position` is its place
//!   in the corpus's timeline), in row groups of [`ROW_GROUP_ROWS`] with page statistics,
//!   so that a reader seeks by date or position; each row carries its article's id, source
//!   and publication, so that no join is needed to filter;
//! - `articles.parquet`: an article a row, with its text;
//! - `actors.parquet`: an actor a row, with its aliases and how many of the events name it;
//! - `daily.parquet`: dated events a day (as the list shows the day), for histograms;
//! - `actor_events.parquet`: each actor's events, found by the actor (an index).

mod actor_events;
mod columns;

use crate::model::{Corpus, EventIx};
pub use crate::store::{ACTOR_EVENTS_FILE, EVENTS_BYTES_KEY, EVENTS_ROWS_KEY};
use ::parquet::arrow::ArrowWriter;
use ::parquet::basic::Compression;
use ::parquet::file::metadata::SortingColumn;
use ::parquet::file::properties::{EnabledStatistics, WriterProperties};
pub use actor_events::{ACTOR_EVENTS_GROUP_ROWS, actor_events_schema};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;
use columns::{actors_batch, articles_batch, articles_of, daily_batch, events_batch};
pub(super) use columns::{actors_schema, events_schema};
use std::path::{Path, PathBuf};

/// Rows of a row group: small enough to read one for a screen, large enough that a
/// million events are sixteen.
pub const ROW_GROUP_ROWS: usize = 65_536;

/// Rows of a data page, the unit a reader with the page index skips by.
const PAGE_ROWS: usize = 8_192;

/// What a conversion wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub events: usize,
    pub articles: usize,
    pub actors: usize,
    pub days: usize,
    pub row_groups: usize,
}

/// Why a dataset was not written; nothing is left behind.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("{0} exists: give a directory that does not exist yet")]
    Exists(PathBuf),
    #[error("cannot write in {dir}: {source}")]
    Io { dir: PathBuf, source: std::io::Error },
    #[error("cannot write {file}: {source}")]
    Parquet { file: String, source: parquet::errors::ParquetError },
}

/// Write `events` (timeline positions, in order) of `corpus` as a dataset in `dir`, which
/// must not exist. The files are written in a hidden directory beside it, which becomes
/// `dir` once all five are complete: a failure leaves nothing at `dir`.
pub fn write_dataset(corpus: &Corpus, events: &[EventIx], dir: &Path) -> Result<Converted, ConvertError> {
    write_dataset_in_groups(corpus, events, dir, ROW_GROUP_ROWS)
}

/// [`write_dataset`] with row groups of `rows` rows (tests cut small ones).
pub fn write_dataset_in_groups(
    corpus: &Corpus,
    events: &[EventIx],
    dir: &Path,
    rows: usize,
) -> Result<Converted, ConvertError> {
    let rows = rows.max(1);
    if dir.exists() {
        return Err(ConvertError::Exists(dir.to_path_buf()));
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |source| ConvertError::Io { dir: parent.clone(), source };
    let temporary = tempfile::Builder::new().prefix(".annals-convert-").tempdir_in(&parent).map_err(io)?;
    let written = write_events(corpus, events, &temporary.path().join("events.parquet"), rows)?;
    let articles = articles_of(corpus, events);
    let schema = articles_batch(&[]).schema();
    let batches = articles.chunks(rows).map(articles_batch);
    // A bloom filter of each row group's ids: a window looks its articles up by id, and
    // reads only the groups that may hold one (their rows come in timeline order, so a
    // window's articles lie in few).
    let ids = Lookup::ById(rows);
    write_one(&temporary.path().join("articles.parquet"), schema, batches, ids, rows)?;
    let actors = actors_batch(corpus, events);
    let daily = daily_batch(corpus, events);
    let counts = (articles.len(), actors.num_rows(), daily.num_rows());
    for (name, batch) in [("actors.parquet", actors), ("daily.parquet", daily)] {
        write_one(&temporary.path().join(name), batch.schema(), [batch], Lookup::None, rows)?;
    }
    // Row groups of a million pairs; as small as the events' where tests cut those small,
    // so that an actor's pairs span groups and pages there too.
    let group = if rows == ROW_GROUP_ROWS { ACTOR_EVENTS_GROUP_ROWS } else { rows };
    let pairs = actor_events::actor_events_batches(corpus, events, group);
    // The index names the events file it was written for: its rows and its bytes.
    let bytes = std::fs::metadata(temporary.path().join("events.parquet")).map_err(io)?.len();
    let index = Lookup::ByActor { events: events.len() as u64, bytes };
    write_one(&temporary.path().join(ACTOR_EVENTS_FILE), actor_events_schema(), pairs, index, group)?;
    // The files' entries reach the disk before the directory takes its name.
    std::fs::File::open(temporary.path()).and_then(|d| d.sync_all()).map_err(io)?;
    let made = temporary.keep();
    if let Err(e) = rename_no_replace(&made, dir) {
        let _ = std::fs::remove_dir_all(&made);
        return Err(if dir.exists() { ConvertError::Exists(dir.to_path_buf()) } else { io(e) });
    }
    // And the name reaches it too.
    std::fs::File::open(&parent).and_then(|d| d.sync_all()).map_err(io)?;
    Ok(Converted { events: events.len(), articles: counts.0, actors: counts.1, days: counts.2, row_groups: written })
}

/// Give `from` the name `to`, which must not exist: a directory made at `to` meanwhile,
/// even an empty one, is not replaced (a plain rename would replace an empty one).
fn rename_no_replace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            // A file system without RENAME_NOREPLACE: the check below, then the rename.
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if to.exists() {
        return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
    }
    std::fs::rename(from, to)
}

/// The events file, a row group at a time (never more than one batch in memory); the
/// number of row groups written.
fn write_events(corpus: &Corpus, events: &[EventIx], path: &Path, rows: usize) -> Result<usize, ConvertError> {
    let schema = columns::events_schema();
    let batches = events.chunks(rows).map(|chunk| events_batch(corpus, chunk, &schema));
    write_one(path, schema.clone(), batches, by_position(), rows)?;
    Ok(events.len().div_ceil(rows))
}

/// Sorted by position: the timeline's order, which the rows are in.
fn by_position() -> Lookup {
    Lookup::Sorted(vec![SortingColumn { column_idx: 0, descending: false, nulls_first: false }])
}

/// A file of a dataset, for [`write_file`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetFile {
    Events,
    Articles,
    /// `actors.parquet`, `daily.parquet`.
    Other,
    /// `actor_events.parquet`, for an events file of so many rows and bytes (batches of
    /// [`ACTOR_EVENTS_GROUP_ROWS`]).
    ActorEvents {
        events: u64,
        bytes: u64,
    },
}

/// `batches` written to `path` as `annals convert` lays out `file` (a row group a batch,
/// so batches of [`ROW_GROUP_ROWS`]; pages, statistics, dictionaries, bloom filters of
/// ids): for tools that make a dataset from another (`examples/stack.rs`).
pub fn write_file(
    path: &Path,
    file: DatasetFile,
    schema: SchemaRef,
    batches: impl IntoIterator<Item = RecordBatch>,
) -> Result<(), ConvertError> {
    let lookup = match file {
        DatasetFile::Events => by_position(),
        DatasetFile::Articles => Lookup::ById(ROW_GROUP_ROWS),
        DatasetFile::Other => Lookup::None,
        DatasetFile::ActorEvents { events, bytes } => {
            let index = Lookup::ByActor { events, bytes };
            return write_one(path, schema, batches, index, ACTOR_EVENTS_GROUP_ROWS);
        }
    };
    write_one(path, schema, batches, lookup, ROW_GROUP_ROWS)
}

/// How a file's rows are found: by a sort order, or by `id` (a bloom filter of each row
/// group's ids, sized for `rows` distinct ids).
enum Lookup {
    None,
    Sorted(Vec<SortingColumn>),
    ById(usize),
    /// `actor_events.parquet` of an events file of `events` rows and `bytes` bytes: sorted
    /// by actor and row, the rows as deltas.
    ByActor {
        events: u64,
        bytes: u64,
    },
}

/// The largest dictionary of a row group's article ids, titles, addresses or authors in
/// `events.parquet` (past it, the values are written plainly).
const ARTICLE_DICTIONARY_BYTES: usize = 16 << 20;

/// One Parquet file of `batches`.
fn write_one(
    path: &Path,
    schema: SchemaRef,
    batches: impl IntoIterator<Item = RecordBatch>,
    lookup: Lookup,
    rows: usize,
) -> Result<(), ConvertError> {
    let file_name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let failed = |source| ConvertError::Parquet { file: file_name.clone(), source };
    let io = |source| ConvertError::Io { dir: path.parent().unwrap_or(path).to_path_buf(), source };
    // Eight pages a row group (smaller groups, as tests cut, have smaller pages alike).
    let page = (rows / 8).clamp(1, PAGE_ROWS);
    let mut properties = WriterProperties::builder();
    match lookup {
        Lookup::None => {}
        Lookup::Sorted(sorting) => {
            properties = properties.set_sorting_columns(Some(sorting));
            // What events say of their article repeats for each of its events, a group's
            // articles a few thousand: one dictionary a group, not the values over and over
            // (the default limit of 1 MiB holds a row group's worth of ids in none of GDELT's
            // shapes).
            for column in ["article", "title", "url", "author"] {
                let column = parquet::schema::types::ColumnPath::from(column);
                properties = properties.set_column_dictionary_page_size_limit(column, ARTICLE_DICTIONARY_BYTES);
            }
        }
        Lookup::ById(ids) => {
            let id = parquet::schema::types::ColumnPath::from("id");
            properties = properties
                .set_column_bloom_filter_enabled(id.clone(), true)
                .set_column_bloom_filter_max_ndv(id.clone(), ids as u64)
                .set_column_bloom_filter_fpp(id, 0.001);
        }
        Lookup::ByActor { events, bytes } => {
            let sorted = |column_idx| SortingColumn { column_idx, descending: false, nulls_first: false };
            let row = parquet::schema::types::ColumnPath::from("row");
            properties = properties
                .set_sorting_columns(Some(vec![sorted(0), sorted(1)]))
                .set_column_dictionary_enabled(row.clone(), false)
                .set_column_encoding(row, parquet::basic::Encoding::DELTA_BINARY_PACKED)
                .set_key_value_metadata(Some(vec![
                    parquet::file::metadata::KeyValue::new(EVENTS_ROWS_KEY.to_string(), events.to_string()),
                    parquet::file::metadata::KeyValue::new(EVENTS_BYTES_KEY.to_string(), bytes.to_string()),
                ]));
        }
    }
    let properties = properties
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(rows))
        .set_data_page_row_count_limit(page)
        .set_write_batch_size(page.min(1024))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_created_by(format!("annals {}", env!("CARGO_PKG_VERSION")))
        .build();
    let file = std::fs::File::create(path).map_err(io)?;
    let mut writer = ArrowWriter::try_new(file, schema, Some(properties)).map_err(failed)?;
    for batch in batches {
        writer.write(&batch).map_err(failed)?;
        // A row group a batch: the batches are cut at ROW_GROUP_ROWS already.
        writer.flush().map_err(failed)?;
    }
    let file = writer.into_inner().map_err(failed)?;
    file.sync_all().map_err(io)
}

/// A column, shared.
fn column(array: impl arrow_array::Array + 'static) -> ArrayRef {
    std::sync::Arc::new(array)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_made_meanwhile_is_not_replaced_even_empty() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("made"), dir.path().join("taken"));
        std::fs::create_dir(&from).unwrap();
        std::fs::write(from.join("events.parquet"), "x").unwrap();
        std::fs::create_dir(&to).unwrap();
        let refused = rename_no_replace(&from, &to).unwrap_err();
        assert_eq!(refused.kind(), std::io::ErrorKind::AlreadyExists, "{refused}");
        assert_eq!(std::fs::read_dir(&to).unwrap().count(), 0, "the empty directory is as it was");
        std::fs::remove_dir(&to).unwrap();
        rename_no_replace(&from, &to).unwrap();
        assert!(to.join("events.parquet").exists() && !from.exists());
    }
}
