//! Events kept outside memory and read a page at a time: a Parquet dataset written by
//! `annals convert` (docs/PARQUET.md), or by any tool in its documented columns. Opening
//! one reads the footers and the actors, never the events; a filter reads only the row
//! groups whose dates may match (from their statistics), a row group at a time, each made
//! into a page ([`Corpus`] of its rows, in their stored order) that the filter and the
//! lists work on as on a loaded corpus. Memory is a page or two, whatever the dataset's
//! size.

mod columns;
mod page;
#[cfg(test)]
mod tests;

use crate::model::{Actor, ActorKind, Corpus, EventIx, Parts, Undated};
use crate::query::{Filter, FilterError, PartCheck};
use crate::text::Text;
use arrow_array::RecordBatch;
use columns::Columns;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::file::statistics::Statistics;
use std::fs::File;
use std::path::{Path, PathBuf};

/// The file of events in a dataset directory.
pub const EVENTS_FILE: &str = "events.parquet";
const ACTORS_FILE: &str = "actors.parquet";

/// Rows of a page: a screen's worth is read without decoding a whole row group, and a
/// scan's pages are few enough that making each costs little (`annals convert` writes
/// data pages of as many rows).
const PAGE_ROWS: usize = 8_192;

/// The columns a page is made of (those of them the file has).
const PAGE_COLUMNS: &[&str] = &[
    "id",
    "article",
    "summary",
    "action",
    "status",
    "date",
    "start",
    "end",
    "participants",
    "tags",
    "attributes",
    "evidence",
    "relations",
    "source",
    "published_date",
    "file",
    "line",
    "column",
];

/// What went wrong with a dataset: the file, the row when one is to blame, and what.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {message}", file.display())]
    File { file: PathBuf, message: String },
    #[error("{}: row {row}: {message}", file.display())]
    Row { file: PathBuf, row: u64, message: String },
    /// The filter does not apply (a value of the wrong shape): where it was written.
    #[error("{0}")]
    Filter(FilterError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The dataset's actors: a corpus of them alone, in which the filter looks names up, so
/// that a name finds the same actors on every page (a page holds those its rows name).
#[derive(Debug)]
pub(crate) struct Catalog(Corpus);

/// A row group of `events.parquet`: where it starts, how many rows, and the instants its
/// events are placed at (seconds), when its statistics say.
#[derive(Debug, Clone, Copy)]
struct Group {
    first: u64,
    rows: u64,
    placed: Option<(i64, i64)>,
}

/// What a scan did.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Row groups read, and those skipped by their dates.
    pub groups_read: usize,
    pub groups_skipped: usize,
    /// The terms that named nothing in any page read ([`PartCheck::error`]).
    pub check: PartCheck,
}

/// Whether a scan goes on after a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    More,
    Enough,
}

/// An opened dataset directory.
#[derive(Debug)]
pub struct Dataset {
    events: PathBuf,
    metadata: ArrowReaderMetadata,
    projection: ProjectionMask,
    groups: Vec<Group>,
    catalog: Catalog,
}

impl Dataset {
    /// Is `path` a dataset directory (one holding `events.parquet`)?
    pub fn is_dataset(path: &Path) -> bool {
        path.is_dir() && path.join(EVENTS_FILE).is_file()
    }

    /// Open the dataset in `dir`: its events' footer and its actors, no event.
    pub fn open(dir: &Path) -> Result<Dataset, StoreError> {
        let events = dir.join(EVENTS_FILE);
        let fail = |message: String| StoreError::File { file: events.clone(), message };
        let file = File::open(&events).map_err(|e| fail(e.to_string()))?;
        let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()).map_err(|e| fail(e.to_string()))?;
        let schema = metadata.schema();
        for required in ["id", "article", "summary", "status", "participants", "tags", "attributes", "evidence"] {
            if schema.field_with_name(required).is_err() {
                return Err(fail(format!("no column '{required}' (docs/PARQUET.md gives the columns)")));
            }
        }
        let roots: Vec<usize> = schema
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| PAGE_COLUMNS.contains(&f.name().as_str()))
            .map(|(i, _)| i)
            .collect();
        let projection = ProjectionMask::roots(metadata.metadata().file_metadata().schema_descr(), roots);
        let groups = groups(&metadata);
        let catalog = catalog(&dir.join(ACTORS_FILE))?;
        Ok(Dataset { events, metadata, projection, groups, catalog })
    }

    /// How many events the dataset holds.
    pub fn len(&self) -> u64 {
        self.groups.iter().map(|g| g.rows).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The events that pass `filter`, page by page in timeline order: `each` is given a
    /// page and its passing events, and says whether to go on. Row groups whose dates
    /// cannot pass are not read; the next page is read while `each` works on this one.
    pub fn scan(
        &self,
        filter: &Filter,
        undated: Undated,
        mut each: impl FnMut(&Corpus, &[EventIx]) -> std::io::Result<Flow>,
    ) -> Result<Scanned, StoreError> {
        // The date terms bound where passing events start; names need a page to resolve.
        let empty = Corpus::assemble(Parts::default());
        let (from, until) = filter
            .compile_part(&empty, &self.catalog.0, &mut PartCheck::default())
            .map_err(StoreError::Filter)?
            .start_bounds();
        let wanted: Vec<usize> = (0..self.groups.len())
            .filter(|&g| {
                self.groups[g]
                    .placed
                    .is_none_or(|(min, max)| from.is_none_or(|f| max >= f) && until.is_none_or(|u| min < u))
            })
            .collect();
        let mut scanned = Scanned { groups_skipped: self.groups.len() - wanted.len(), ..Scanned::default() };
        std::thread::scope(|scope| {
            let (pages, arriving) = std::sync::mpsc::sync_channel::<Result<Corpus, StoreError>>(1);
            scope.spawn(move || {
                for g in wanted {
                    let read = self.read_group(g, undated, &pages);
                    if read.is_err() {
                        // The receiver has gone (enough was read), or the error is sent.
                        break;
                    }
                }
            });
            for page in arriving {
                let page = page?;
                scanned.groups_read += 1;
                let compiled =
                    filter.compile_part(&page, &self.catalog.0, &mut scanned.check).map_err(StoreError::Filter)?;
                let events = compiled.apply(&page);
                if !events.is_empty() && each(&page, &events)? == Flow::Enough {
                    break;
                }
            }
            Ok::<(), StoreError>(())
        })?;
        Ok(scanned)
    }

    /// Row group `g` as pages, sent one by one; Err when they can no longer be sent.
    fn read_group(
        &self,
        g: usize,
        undated: Undated,
        pages: &std::sync::mpsc::SyncSender<Result<Corpus, StoreError>>,
    ) -> Result<(), ()> {
        let group = self.groups[g];
        let fail = |message: String| StoreError::File { file: self.events.clone(), message };
        let batches = File::open(&self.events).map_err(|e| fail(e.to_string())).and_then(|file| {
            ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone())
                .with_row_groups(vec![g])
                .with_projection(self.projection.clone())
                .with_batch_size(PAGE_ROWS)
                .build()
                .map_err(|e| fail(format!("row group {g}: {e}")))
        });
        let batches = match batches {
            Ok(b) => b,
            Err(e) => return pages.send(Err(e)).map_err(|_| ()).and(Err(())),
        };
        let mut first = group.first;
        for batch in batches {
            let page = batch.map_err(|e| fail(format!("row group {g}: {e}"))).and_then(|batch: RecordBatch| {
                let rows = batch.num_rows() as u64;
                let page = page::page(&batch, first, &self.catalog, undated).map_err(|e| match e.row {
                    Some(row) => StoreError::Row { file: self.events.clone(), row, message: e.message },
                    None => fail(e.message),
                });
                first += rows;
                page
            });
            let failed = page.is_err();
            if pages.send(page).is_err() || failed {
                return Err(());
            }
        }
        Ok(())
    }
}

/// Each row group's first row, rows and placed instants (from `placed_at`'s statistics).
fn groups(metadata: &ArrowReaderMetadata) -> Vec<Group> {
    let meta = metadata.metadata();
    let placed = meta.file_metadata().schema_descr().columns().iter().position(|c| c.path().string() == "placed_at");
    let per_second =
        metadata.schema().field_with_name("placed_at").ok().and_then(|f| columns::per_second(f.data_type()));
    let mut first = 0;
    meta.row_groups()
        .iter()
        .map(|rg| {
            let rows = u64::try_from(rg.num_rows()).unwrap_or(0);
            let stats = placed.zip(per_second).and_then(|(c, per)| match rg.column(c).statistics() {
                Some(Statistics::Int64(s)) => {
                    s.min_opt().zip(s.max_opt()).map(|(&min, &max)| (min.div_euclid(per), max.div_euclid(per)))
                }
                _ => None,
            });
            let group = Group { first, rows, placed: stats };
            first += rows;
            group
        })
        .collect()
}

/// The actors of `actors.parquet` (none when the dataset has no such file).
fn catalog(path: &Path) -> Result<Catalog, StoreError> {
    let fail = |message: String| StoreError::File { file: path.to_path_buf(), message };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Catalog(Corpus::assemble(Parts::default()))),
        Err(e) => return Err(fail(e.to_string())),
    };
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(file).and_then(|b| b.build()).map_err(|e| fail(e.to_string()))?;
    let mut catalog = Parts::default();
    let mut row = 0u64;
    for batch in reader {
        let batch = batch.map_err(|e| fail(e.to_string()))?;
        let c = Columns(&batch);
        let (ids, names, kinds, descriptions) = (
            c.text("id").map_err(&fail)?,
            c.optional_text("name").map_err(&fail)?,
            c.optional_text("kind").map_err(&fail)?,
            c.optional_text("description").map_err(&fail)?,
        );
        let aliases = c.lists("aliases").ok();
        let alias_words = aliases.as_ref().map(|a| a.strings("aliases")).transpose().map_err(&fail)?;
        for i in 0..batch.num_rows() {
            let at = |message: String| StoreError::Row { file: path.to_path_buf(), row: row + i as u64, message };
            let id = ids.get(i).ok_or_else(|| at("'id' is null".into()))?;
            let kind = kinds.as_ref().and_then(|k| k.get(i)).unwrap_or("other");
            let kind = ActorKind::parse(kind).ok_or_else(|| at(format!("unknown kind '{kind}'")))?;
            let aliases = match (&aliases, &alias_words) {
                (Some(lists), Some(words)) => lists.range(i).filter_map(|k| words.get(k)).map(Text::line).collect(),
                _ => Vec::new(),
            };
            if catalog.actor_ids.contains_key(id) {
                return Err(at(format!("actor '{id}' is listed twice")));
            }
            catalog.actor_ids.insert(id.to_string(), catalog.actors.len() as u32);
            catalog.actors.push(Actor {
                id: id.to_string(),
                name: Text::line(names.as_ref().and_then(|n| n.get(i)).unwrap_or(id)),
                aliases,
                kind,
                description: descriptions.as_ref().and_then(|d| d.get(i)).map(Text::line),
                declared: true,
            });
        }
        row += batch.num_rows() as u64;
    }
    Ok(Catalog(Corpus::assemble(catalog)))
}
