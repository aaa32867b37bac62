//! A Parquet dataset directory (`annals convert`'s): `events.parquet` read a row group at a
//! time, the row groups whose `placed_at` statistics lie outside a filter's dates skipped,
//! and `actors.parquet` as the catalog of names.

use super::columns;
use super::{Catalog, PAGE_COLUMNS, PAGE_ROWS, Pages, REQUIRED_COLUMNS, StoreError, page};
use crate::model::{Corpus, Undated};
use arrow_array::RecordBatch;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::file::statistics::Statistics;
use std::fs::File;
use std::path::{Path, PathBuf};

/// The file of events in a dataset directory.
pub const EVENTS_FILE: &str = "events.parquet";
const ACTORS_FILE: &str = "actors.parquet";

/// An opened dataset directory.
#[derive(Debug)]
pub struct Dataset {
    events: PathBuf,
    metadata: ArrowReaderMetadata,
    projection: ProjectionMask,
    groups: Vec<Group>,
    catalog: Catalog,
}

/// A row group of `events.parquet`: where it starts, how many rows, and the instants its
/// events are placed at (seconds), when its statistics say.
#[derive(Debug, Clone, Copy)]
struct Group {
    first: u64,
    rows: u64,
    placed: Option<(i64, i64)>,
}

impl Dataset {
    /// Is `path` a dataset directory (one holding `events.parquet`)?
    pub fn is_dataset(path: &Path) -> bool {
        path.is_dir() && path.join(EVENTS_FILE).is_file()
    }

    /// Open the dataset in `dir`: its events' footer and its actors, no event.
    pub fn open(dir: &Path) -> Result<Dataset, StoreError> {
        let events = dir.join(EVENTS_FILE);
        let fail = |message: String| StoreError::At { at: events.display().to_string(), message };
        let file = File::open(&events).map_err(|e| fail(e.to_string()))?;
        let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()).map_err(|e| fail(e.to_string()))?;
        let schema = metadata.schema();
        for &required in REQUIRED_COLUMNS {
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

    /// The file, as errors name it.
    fn at(&self) -> String {
        self.events.display().to_string()
    }

    /// Row group `g` as pages, each given to `send`; false once `send` says to stop.
    fn read_group(&self, g: usize, undated: Undated, send: &mut dyn FnMut(Result<Corpus, StoreError>) -> bool) -> bool {
        let fail = |message: String| StoreError::At { at: self.at(), message };
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
            Err(e) => return send(Err(e)),
        };
        let mut first = self.groups[g].first;
        for batch in batches {
            let page = batch.map_err(|e| fail(format!("row group {g}: {e}"))).and_then(|batch: RecordBatch| {
                let page = page::page(&batch, first, &self.catalog, undated).map_err(|e| e.at(self.at()));
                first += batch.num_rows() as u64;
                page
            });
            if !send(page) {
                return false;
            }
        }
        true
    }
}

impl Pages for Dataset {
    fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    fn parts(&self, (from, until): (Option<i64>, Option<i64>)) -> (Vec<usize>, usize) {
        // A group may hold a passing event if some event in it is placed in the bounds (a
        // dated event is placed at its start); without statistics, it may.
        let may = |g: &Group| {
            g.placed.is_none_or(|(min, max)| from.is_none_or(|f| max >= f) && until.is_none_or(|u| min < u))
        };
        let wanted: Vec<usize> = (0..self.groups.len()).filter(|&g| may(&self.groups[g])).collect();
        let skipped = self.groups.len() - wanted.len();
        (wanted, skipped)
    }

    fn read(
        &self,
        group: usize,
        _bounds: (Option<i64>, Option<i64>),
        undated: Undated,
        send: &mut dyn FnMut(Result<Corpus, StoreError>) -> bool,
    ) -> bool {
        self.read_group(group, undated, send)
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
    let at = path.display().to_string();
    let fail = |message: String| StoreError::At { at: at.clone(), message };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Catalog::empty()),
        Err(e) => return Err(fail(e.to_string())),
    };
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(file).and_then(|b| b.build()).map_err(|e| fail(e.to_string()))?;
    Catalog::read(reader.map(|b| b.map_err(|e| e.to_string())), &at)
}
