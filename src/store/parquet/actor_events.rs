//! `actor_events.parquet` (docs/PARQUET.md), the index `annals convert` writes beside the
//! events: an (actor, event row) pair a row, ordered by actor id then row. The rows of an
//! actor are the pages its id's statistics allow, a few for any actor: a filter by actor
//! reads its events' rows from them instead of every group's participants, and a filter of
//! actors alone is counted from them (its days, total, rows and the actors beside it)
//! without reading an event.

use crate::store::columns::Columns;
use crate::store::tally::{ROWS_KEPT, Tally};
use crate::store::{PAGE_ROWS, StoreError};
use arrow_array::cast::AsArray;
use arrow_array::types::Date32Type;
use arrow_array::{Array, RecordBatch};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::statistics::StatisticsConverter;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder, RowSelection,
};
use parquet::file::metadata::PageIndexPolicy;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The file's name in a dataset directory.
pub const ACTOR_EVENTS_FILE: &str = "actor_events.parquet";

/// Metadata key: how many rows `events.parquet` had when the index was written (an index
/// of another events file is not used).
pub const EVENTS_ROWS_KEY: &str = "annals.events_rows";

/// Metadata key: how many bytes `events.parquet` had when the index was written: with its
/// rows, what tells an index of these events from one of another file of as many.
pub const EVENTS_BYTES_KEY: &str = "annals.events_bytes";

/// An opened `actor_events.parquet`.
#[derive(Debug)]
pub(super) struct ActorEvents {
    path: PathBuf,
    metadata: ArrowReaderMetadata,
    /// The last actors asked for and their events' rows: a window's groups each ask for the
    /// same, and so do its glimpse and its count.
    last: Mutex<Option<Asked>>,
}

/// Actors asked for, and the rows of their events.
type Asked = (Vec<String>, Option<Arc<Vec<u64>>>);

/// An event of the index: its row, the day the list shows for it, the actors it names.
struct Pair<'a> {
    row: u64,
    day: Option<i32>,
    actors: &'a [&'a str],
}

impl ActorEvents {
    /// The index in `dir`, for an events file of `events` rows and `bytes` bytes: None
    /// when there is none; why not when it was written for another events file (its rows
    /// would not be these) or is not an index annals can read, and the events are then
    /// read as without one.
    pub(super) fn open(dir: &Path, events: u64, bytes: u64) -> Result<Option<ActorEvents>, String> {
        let path = dir.join(ACTOR_EVENTS_FILE);
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let unused = |why: String| format!("{}: {why}", path.display());
        let options = ArrowReaderOptions::new().with_page_index_policy(PageIndexPolicy::Optional);
        let metadata = ArrowReaderMetadata::load(&file, options).map_err(|e| unused(e.to_string()))?;
        let written = metadata.metadata().file_metadata().key_value_metadata();
        let said = |key: &str| -> Result<u64, String> {
            let value = written.and_then(|kv| kv.iter().find(|kv| kv.key == key)?.value.as_deref());
            value.and_then(|v| v.parse().ok()).ok_or_else(|| unused(format!("no '{key}' in its metadata")))
        };
        let (rows, written_bytes) = (said(EVENTS_ROWS_KEY)?, said(EVENTS_BYTES_KEY)?);
        if (rows, written_bytes) != (events, bytes) {
            return Err(unused(format!(
                "written for an events.parquet of {rows} events and {written_bytes} bytes, and this one holds {events} \
                 and {bytes} bytes"
            )));
        }
        let schema = metadata.schema();
        let kinds = [
            ("actor", arrow_schema::DataType::Utf8),
            ("row", arrow_schema::DataType::UInt64),
            ("day", arrow_schema::DataType::Date32),
        ];
        for (name, kind) in kinds {
            match schema.field_with_name(name) {
                Ok(field) if field.data_type() == &kind => {}
                Ok(field) => return Err(unused(format!("column '{name}' is {}, not {kind}", field.data_type()))),
                Err(_) => return Err(unused(format!("no column '{name}'"))),
            }
        }
        if schema.field_with_name("actors").is_err() {
            return Err(unused("no column 'actors'".into()));
        }
        Ok(Some(ActorEvents { path, metadata, last: Mutex::new(None) }))
    }

    /// What went wrong reading the index, and what to do: without it, a filter by actor
    /// reads the events' participants.
    fn fail(&self, message: String) -> StoreError {
        let message = format!("{message} (remove this index of actors' events to read their participants instead)");
        StoreError::At { at: self.path.display().to_string(), message }
    }

    /// The rows of the events that name one of `actors`, ascending, each once; None when
    /// there are more than [`ROWS_KEPT`] (they would take more memory than reading the
    /// participants does).
    pub(super) fn rows(&self, actors: &[String]) -> Result<Option<Arc<Vec<u64>>>, StoreError> {
        if let Some((asked, rows)) = self.last.lock().ok().as_deref().and_then(Option::as_ref)
            && asked == actors
        {
            return Ok(rows.clone());
        }
        let mut rows = Vec::new();
        let mut all = true;
        for actor in actors {
            all = all
                && self.read(actor, false, &mut |pair| {
                    rows.push(pair.row);
                    rows.len() <= ROWS_KEPT
                })?;
        }
        let rows = all.then(|| {
            rows.sort_unstable();
            rows.dedup();
            Arc::new(rows)
        });
        if let Ok(mut last) = self.last.lock() {
            *last = Some((actors.to_vec(), rows.clone()));
        }
        Ok(rows)
    }

    /// What passes a filter of these actors alone (an event naming one of them, in any
    /// role), counted from the index: no event is read. None once `stop` says so.
    pub(super) fn tally(&self, actors: &[String], stop: &dyn Fn() -> bool) -> Result<Option<Tally>, StoreError> {
        // Counted as the pairs stream by, nothing kept of them but their rows: an event
        // naming two of the actors counts with the first of them asked for (its pairs list
        // all it names).
        let asked: HashMap<&str, usize> = actors.iter().enumerate().rev().map(|(k, a)| (a.as_str(), k)).collect();
        let mut days: BTreeMap<i64, u64> = BTreeMap::new();
        let (mut names, mut numbers): (Vec<String>, HashMap<String, usize>) = Default::default();
        let mut each_actor: Vec<u64> = Vec::new();
        let mut total = 0u64;
        let mut seen = 0u64;
        // The rows counted, where not too many: the same as [`ActorEvents::rows`], kept for
        // the window's reads rather than read again.
        let mut rows: Option<Vec<u64>> = Some(Vec::new());
        for (k, actor) in actors.iter().enumerate() {
            let read = self.read(actor, true, &mut |pair| {
                seen += 1;
                if seen.is_multiple_of(65_536) && stop() {
                    return false;
                }
                if pair.actors.iter().any(|a| asked.get(a).is_some_and(|&j| j < k)) {
                    return true;
                }
                total += 1;
                if let Some(kept) = &mut rows {
                    kept.push(pair.row);
                    if kept.len() > ROWS_KEPT {
                        rows = None;
                    }
                }
                if let Some(day) = pair.day {
                    *days.entry(i64::from(day) * 86_400).or_default() += 1;
                }
                for &name in pair.actors {
                    let number = match numbers.get(name) {
                        Some(&n) => n,
                        None => {
                            numbers.insert(name.to_string(), names.len());
                            names.push(name.to_string());
                            each_actor.push(0);
                            names.len() - 1
                        }
                    };
                    each_actor[number] += 1;
                }
                true
            })?;
            if !read || stop() {
                return Ok(None);
            }
        }
        // Each actor's rows ascend; the union of several is put in order (each event once).
        if let Some(kept) = &mut rows
            && actors.len() > 1
        {
            kept.sort_unstable();
        }
        if let Ok(mut last) = self.last.lock() {
            *last = Some((actors.to_vec(), rows.clone().map(Arc::new)));
        }
        let actors = names.into_iter().zip(each_actor).collect();
        Ok(Some(Tally { days: days.into_iter().collect(), total, rows, actors, by_server: false }))
    }

    /// Each pair of `actor`, in row order, given to `each` (with its day and actors when
    /// `details`, else only its row) until it says to stop (then false): only the row
    /// groups and pages whose statistics may hold the actor are read.
    fn read(&self, actor: &str, details: bool, each: &mut dyn FnMut(Pair<'_>) -> bool) -> Result<bool, StoreError> {
        let meta = self.metadata.metadata();
        let schema = meta.file_metadata().schema_descr();
        let stats = StatisticsConverter::try_new("actor", self.metadata.schema(), schema);
        let stats = stats.map_err(|e| self.fail(e.to_string()))?;
        let (mins, maxes) = (stats.row_group_mins(meta.row_groups()), stats.row_group_maxes(meta.row_groups()));
        let (mins, maxes) = (mins.map_err(|e| self.fail(e.to_string()))?, maxes.map_err(|e| self.fail(e.to_string()))?);
        let may = |min: &dyn Array, max: &dyn Array, i: usize| {
            let (min, max) = (min.as_string_opt::<i32>(), max.as_string_opt::<i32>());
            let below = min.filter(|m| m.is_valid(i)).is_none_or(|m| m.value(i) <= actor);
            let above = max.filter(|m| m.is_valid(i)).is_none_or(|m| m.value(i) >= actor);
            below && above
        };
        let columns: &[&str] = if details { &["actor", "row", "day", "actors"] } else { &["actor", "row"] };
        let roots = columns.iter().filter_map(|c| self.metadata.schema().index_of(c).ok());
        let projection = ProjectionMask::roots(schema, roots);
        for g in 0..meta.row_groups().len() {
            if !may(mins.as_ref(), maxes.as_ref(), g) {
                continue;
            }
            let total = usize::try_from(meta.row_group(g).num_rows()).unwrap_or(0);
            let pages = self.pages(&stats, g, actor).unwrap_or_else(|| std::iter::once(0..total).collect());
            if pages.is_empty() {
                continue;
            }
            let file = File::open(&self.path).map_err(|e| self.fail(e.to_string()))?;
            let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone())
                .with_row_groups(vec![g])
                .with_projection(projection.clone())
                .with_row_selection(RowSelection::from_consecutive_ranges(pages.into_iter(), total))
                .with_batch_size(PAGE_ROWS)
                .build()
                .map_err(|e| self.fail(format!("row group {g}: {e}")))?;
            for batch in reader {
                let batch = batch.map_err(|e| self.fail(format!("row group {g}: {e}")))?;
                let more = self.pairs(&batch, actor, details, each);
                if !more.map_err(|e| self.fail(format!("row group {g}: {e}")))? {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// The rows of row group `g` in the pages whose `actor` statistics may hold `actor`
    /// (None: the file has no page index).
    fn pages(&self, stats: &StatisticsConverter, g: usize, actor: &str) -> Option<Vec<Range<usize>>> {
        let meta = self.metadata.metadata();
        let index = meta.page_index()?;
        let mins = stats.data_page_mins(index.as_ref(), [&g]).ok()?;
        let maxes = stats.data_page_maxes(index.as_ref(), [&g]).ok()?;
        let counts = stats.data_page_row_counts(index.as_ref(), meta.row_groups(), [&g]).ok()??;
        let (mins, maxes) = (mins.as_string_opt::<i32>()?, maxes.as_string_opt::<i32>()?);
        let mut ranges: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        for page in 0..counts.len() {
            let rows = usize::try_from(counts.is_valid(page).then(|| counts.value(page))?).ok()?;
            let below = !mins.is_valid(page) || mins.value(page) <= actor;
            let above = !maxes.is_valid(page) || maxes.value(page) >= actor;
            match ranges.last_mut() {
                Some(last) if below && above && last.end == at => last.end = at + rows,
                _ if below && above => ranges.push(at..at + rows),
                _ => {}
            }
            at += rows;
        }
        Some(ranges)
    }

    /// The pairs of `actor` in `batch`, until `each` says to stop (then false).
    fn pairs(
        &self,
        batch: &RecordBatch,
        actor: &str,
        details: bool,
        each: &mut dyn FnMut(Pair<'_>) -> bool,
    ) -> Result<bool, String> {
        let c = Columns(batch);
        let (names, rows) = (c.text("actor")?, c.numbers("row")?);
        let days = match batch.column_by_name("day") {
            Some(d) if details => Some(d.as_primitive_opt::<Date32Type>().ok_or("'day' is not a date")?),
            _ => None,
        };
        let lists = if details { Some(c.lists("actors")?) } else { None };
        let items = lists.as_ref().map(|l| l.strings("actors")).transpose()?;
        let mut actors: Vec<&str> = Vec::new();
        for i in 0..batch.num_rows() {
            if names.get(i) != Some(actor) {
                continue;
            }
            let row = rows.get(i).ok_or("'row' is null")?;
            let day = days.filter(|d| d.is_valid(i)).map(|d| d.value(i));
            actors.clear();
            if let (Some(lists), Some(items)) = (&lists, &items) {
                actors.extend(lists.range(i).filter_map(|k| items.get(k)));
            }
            if !each(Pair { row, day, actors: &actors }) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
