//! A Parquet dataset directory (`annals convert`'s): `events.parquet` read a row group at a
//! time, the row groups whose `placed_at` statistics lie outside a filter's dates skipped,
//! and `actors.parquet` as the catalog of names; `actor_events.parquet`, when the dataset
//! has it, for the events of actors.

mod actor_events;
mod actors;
mod placed;

pub use actor_events::{ACTOR_EVENTS_FILE, EVENTS_BYTES_KEY, EVENTS_ROWS_KEY};

use super::{
    ARTICLE_COLUMNS, Catalog, Cursor, Narrowing, PAGE_COLUMNS, PAGE_ROWS, Page, Pages, REQUIRED_COLUMNS, StoreError,
    page,
};
use crate::model::Undated;
use arrow_array::{Array, RecordBatch};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder, RowSelection, RowSelector,
};
use parquet::file::metadata::PageIndexPolicy;
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The file of events in a dataset directory.
pub const EVENTS_FILE: &str = "events.parquet";
const ACTORS_FILE: &str = "actors.parquet";
const DAILY_FILE: &str = "daily.parquet";

/// An opened dataset directory.
#[derive(Debug)]
pub struct Dataset {
    events: PathBuf,
    metadata: ArrowReaderMetadata,
    projection: ProjectionMask,
    /// The same without what the rows say of their articles beyond id, source and date.
    lean: ProjectionMask,
    groups: Vec<Group>,
    /// The leaf column of the participants' actors, read first when a filter names actors.
    actor_leaf: Option<usize>,
    /// The leaf column of `placed_at`, read alone to find a date's first row.
    placed_leaf: Option<usize>,
    catalog: Catalog,
    /// `actor_events.parquet`, opened when a filter first names actors (not on the way to
    /// the first frame): each actor's events, when the dataset has it for these events; or
    /// why the one it has is not used.
    index: OnceLock<Result<Option<actor_events::ActorEvents>, String>>,
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
        // The page index: the instants each page of 8,192 rows holds, to skip pages by date.
        let options = ArrowReaderOptions::new().with_page_index_policy(PageIndexPolicy::Optional);
        let metadata = ArrowReaderMetadata::load(&file, options).map_err(|e| fail(e.to_string()))?;
        let schema = metadata.schema();
        for &required in REQUIRED_COLUMNS {
            if schema.field_with_name(required).is_err() {
                return Err(fail(format!("no column '{required}' (docs/PARQUET.md gives the columns)")));
            }
        }
        let roots = |lean: bool| {
            let roots = schema.fields().iter().enumerate().filter(|(_, f)| {
                let name = f.name().as_str();
                PAGE_COLUMNS.contains(&name) && !(lean && ARTICLE_COLUMNS.contains(&name))
            });
            let roots: Vec<usize> = roots.map(|(i, _)| i).collect();
            ProjectionMask::roots(metadata.metadata().file_metadata().schema_descr(), roots)
        };
        let (projection, lean) = (roots(false), roots(true));
        let groups = placed::groups(&metadata);
        let actor_leaf = metadata.metadata().file_metadata().schema_descr().columns().iter().position(|c| {
            let parts = c.path().parts();
            parts.first().is_some_and(|p| p == "participants") && parts.last().is_some_and(|p| p == "actor")
        });
        let placed_leaf = metadata
            .metadata()
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .position(|c| c.path().string() == "placed_at");
        let catalog = catalog(&dir.join(ACTORS_FILE))?;
        let index = OnceLock::new();
        Ok(Dataset { events, metadata, projection, lean, groups, actor_leaf, placed_leaf, catalog, index })
    }

    /// How many events the dataset holds.
    pub fn len(&self) -> u64 {
        self.groups.iter().map(|g| g.rows).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Does the dataset have an index of actors' events (`actor_events.parquet`) for these
    /// events, which a filter by actor reads instead of every row group's participants?
    pub fn indexes_actors(&self) -> bool {
        self.index().is_some()
    }

    /// The index of actors' events, opened the first time it is asked for.
    fn index(&self) -> Option<&actor_events::ActorEvents> {
        self.opened_index().as_ref().ok()?.as_ref()
    }

    fn opened_index(&self) -> &Result<Option<actor_events::ActorEvents>, String> {
        self.index.get_or_init(|| {
            let bytes = std::fs::metadata(&self.events).map_err(|e| format!("{}: {e}", self.at()))?.len();
            actor_events::ActorEvents::open(self.events.parent().unwrap_or(Path::new(".")), self.len(), bytes)
        })
    }

    /// Why the dataset's index of actors' events is not used, when it has one that is not
    /// (written for other events, or unreadable): a filter by actor is then slower, not
    /// wrong.
    pub fn index_unused(&self) -> Option<&str> {
        self.opened_index().as_ref().err().map(String::as_str)
    }

    /// The file, as errors name it.
    fn at(&self) -> String {
        self.events.display().to_string()
    }

    /// Row group `g` as pages, each given to `send`; false once `send` says to stop. Only
    /// the pages whose instants may lie within `narrowing`'s dates are read; with its actors,
    /// only the rows that name one: found in the index of actors' events, or else (no index,
    /// or too many rows for it to keep) by reading the participants' actors first.
    fn read_group(
        &self,
        g: usize,
        narrowing: &Narrowing,
        undated: Undated,
        send: &mut dyn FnMut(Result<Page, StoreError>) -> bool,
    ) -> bool {
        let fail = |message: String| StoreError::At { at: self.at(), message };
        // Where every row passes, a reader that wants few reads no more rows than it wants.
        let batch = match narrowing.wanted {
            Some(wanted) if narrowing.filter.is_empty() => wanted.clamp(1, PAGE_ROWS),
            _ => PAGE_ROWS,
        };
        let open = || -> Result<ParquetRecordBatchReaderBuilder<File>, StoreError> {
            let file = File::open(&self.events).map_err(|e| fail(e.to_string()))?;
            Ok(ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone())
                .with_row_groups(vec![g])
                .with_batch_size(batch))
        };
        let first = self.groups[g].first;
        // The rows of the group to read (all: None), as offsets in it: those of the pages
        // placed within the dates and within the rows asked for, of them those naming one
        // of the actors.
        let placed = self.placed_within(g, narrowing.from, narrowing.until);
        let placed = match self.rows_within(g, narrowing) {
            Some(within) => Some(match placed {
                Some(ranges) => ranges
                    .into_iter()
                    .map(|r| r.start.max(within.start)..r.end.min(within.end))
                    .filter(|r| !r.is_empty())
                    .collect(),
                None => vec![within],
            }),
            None => placed,
        };
        let indexed = match narrowing.actors.as_deref().map(|actors| self.indexed_rows(g, actors)) {
            Some(Err(e)) => return send(Err(e)),
            Some(Ok(rows)) => rows,
            None => None,
        };
        let rows = match (narrowing.actors.as_deref(), self.actor_leaf) {
            (Some(_), _) if let Some(rows) = indexed => Some(match &placed {
                Some(ranges) => rows.into_iter().filter(|r| ranges.iter().any(|p| p.contains(r))).collect(),
                None => rows,
            }),
            (Some(actors), Some(leaf)) => match self.rows_naming(open, leaf, actors) {
                Ok(rows) => Some(match &placed {
                    Some(ranges) => rows.into_iter().filter(|r| ranges.iter().any(|p| p.contains(r))).collect(),
                    None => rows,
                }),
                Err(e) => return send(Err(e)),
            },
            _ => placed.map(|ranges| ranges.into_iter().flatten().collect::<Vec<usize>>()),
        };
        if rows.as_ref().is_some_and(Vec::is_empty) {
            return true;
        }
        let projection = if narrowing.articles { &self.projection } else { &self.lean };
        let builder = open().map(|b| b.with_projection(projection.clone()));
        let builder = match &rows {
            Some(rows) => builder.map(|b| b.with_row_selection(selection(rows, self.groups[g].rows))),
            None => builder,
        };
        let batches = match builder.and_then(|b| b.build().map_err(|e| fail(format!("row group {g}: {e}")))) {
            Ok(b) => b,
            Err(e) => return send(Err(e)),
        };
        let mut read = 0;
        for batch in batches {
            let page = batch.map_err(|e| fail(format!("row group {g}: {e}"))).and_then(|batch: RecordBatch| {
                // Each row's number in the file, as errors name it.
                let row = |i: usize| first + rows.as_ref().map_or((read + i) as u64, |r| r[read + i] as u64);
                let (corpus, whole) = page::page(&batch, &row, &self.catalog, undated).map_err(|e| e.at(self.at()))?;
                let cursors = (0..batch.num_rows()).map(|i| Cursor::Row(row(i))).collect();
                read += batch.num_rows();
                Ok(Page { corpus, cursors, whole })
            });
            if !send(page) {
                return false;
            }
        }
        true
    }

    /// The rows of row group `g` (offsets in it) from `narrowing`'s first row on and before
    /// its last; None when that is all of them.
    fn rows_within(&self, g: usize, narrowing: &Narrowing) -> Option<Range<usize>> {
        let Group { first, rows, .. } = self.groups[g];
        let offset = |c: &Cursor| match c {
            Cursor::Row(row) => row.saturating_sub(first).min(rows),
            Cursor::Keys(..) => 0,
        };
        let start = narrowing.from_row.as_ref().map_or(0, offset);
        let end = narrowing.before_row.as_ref().map_or(rows, offset);
        let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end.max(start)).ok()?);
        (start > 0 || end < usize::try_from(rows).ok()?).then_some(start..end)
    }
}

/// Rows `rows` (ascending offsets) of a group of `total`, as a selection of runs.
fn selection(rows: &[usize], total: u64) -> RowSelection {
    let mut runs = Vec::new();
    let mut at = 0;
    for &row in rows {
        if row > at {
            runs.push(RowSelector::skip(row - at));
        }
        runs.push(RowSelector::select(1));
        at = row + 1;
    }
    let total = usize::try_from(total).unwrap_or(usize::MAX);
    if total > at {
        runs.push(RowSelector::skip(total - at));
    }
    RowSelection::from(runs)
}

impl Pages for Dataset {
    fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    fn parts(&self, narrowing: &Narrowing) -> (Vec<usize>, usize) {
        let (from, until) = (narrowing.from, narrowing.until);
        // A group may hold a passing event if some event in it is placed in the bounds (a
        // dated event is placed at its start); without statistics, it may.
        let row = |c: &Option<Cursor>| match c {
            Some(Cursor::Row(row)) => Some(*row),
            _ => None,
        };
        let (from_row, before_row) = (row(&narrowing.from_row), row(&narrowing.before_row));
        let may = |g: &Group| {
            g.placed.is_none_or(|(min, max)| from.is_none_or(|f| max >= f) && until.is_none_or(|u| min < u))
                && from_row.is_none_or(|r| g.first + g.rows > r)
                && before_row.is_none_or(|r| g.first < r)
        };
        let wanted: Vec<usize> = (0..self.groups.len()).filter(|&g| may(&self.groups[g])).collect();
        let skipped = self.groups.len() - wanted.len();
        (wanted, skipped)
    }

    fn leaves_rows(&self, group: usize, narrowing: &Narrowing) -> bool {
        (narrowing.actors.is_some() && (self.actor_leaf.is_some() || self.index().is_some()))
            || self.placed_within(group, narrowing.from, narrowing.until).is_some()
            || self.rows_within(group, narrowing).is_some()
    }

    fn rows(&self) -> Result<Option<u64>, StoreError> {
        Ok(Some(self.len()))
    }

    /// `daily.parquet`, when the dataset has it in the columns annals writes.
    fn days(&self) -> Result<Option<Vec<(i64, u64)>>, StoreError> {
        let path = self.events.with_file_name(DAILY_FILE);
        let fail = |message: String| StoreError::At { at: path.display().to_string(), message };
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(fail(e.to_string())),
        };
        let reader =
            ParquetRecordBatchReaderBuilder::try_new(file).and_then(|b| b.build()).map_err(|e| fail(e.to_string()))?;
        let mut days = Vec::new();
        for batch in reader {
            let batch = batch.map_err(|e| fail(e.to_string()))?;
            let (Some(day), Some(events)) = (batch.column_by_name("day"), batch.column_by_name("events")) else {
                return Ok(None);
            };
            let (Some(day), Some(events)) = (
                day.as_any().downcast_ref::<arrow_array::Date32Array>(),
                events.as_any().downcast_ref::<arrow_array::UInt64Array>(),
            ) else {
                return Ok(None);
            };
            days.extend((0..batch.num_rows()).map(|i| (i64::from(day.value(i)) * 86_400, events.value(i))));
        }
        Ok(Some(days))
    }

    /// From the row groups' statistics (None when a group has none).
    fn placed_span(&self) -> Result<Option<(i64, i64)>, StoreError> {
        let spans: Option<Vec<(i64, i64)>> = self.groups.iter().map(|g| g.placed).collect();
        Ok(spans.and_then(|s| Some((s.iter().map(|p| p.0).min()?, s.iter().map(|p| p.1).max()?))))
    }

    fn articles(&self, ids: &std::collections::HashSet<&str>) -> Result<super::Articles, StoreError> {
        let dir = self.events.parent().unwrap_or(Path::new("."));
        super::articles::read(&dir.join(super::articles::ARTICLES_FILE), ids)
    }

    fn read(
        &self,
        group: usize,
        narrowing: &Narrowing,
        undated: Undated,
        send: &mut dyn FnMut(Result<Page, StoreError>) -> bool,
    ) -> bool {
        self.read_group(group, narrowing, undated, send)
    }

    fn first_placed_from(&self, t: i64) -> Result<Option<Option<(Cursor, i64)>>, StoreError> {
        self.first_placed_at_or_after(t)
    }
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
