//! Where a dataset's events are placed (`placed_at`): each row group's instants from its
//! statistics, the pages of a group that may hold some instants from the page index, and a
//! date's first row from that column alone.

use super::{Dataset, Group};
use crate::store::columns::{self, Columns, Instants};
use crate::store::{Cursor, PAGE_ROWS, StoreError};
use arrow_array::Array;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::statistics::StatisticsConverter;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ParquetRecordBatchReaderBuilder, RowSelection};
use parquet::file::statistics::Statistics;
use std::fs::File;
use std::ops::Range;

impl Dataset {
    /// The rows of row group `g` (ranges of offsets in it) in the data pages whose
    /// `placed_at` may lie in `[from, until)`, from the page index; None when every page may
    /// (or the file has no page index).
    pub(super) fn placed_within(&self, g: usize, from: Option<i64>, until: Option<i64>) -> Option<Vec<Range<usize>>> {
        if from.is_none() && until.is_none() {
            return None;
        }
        let meta = self.metadata.metadata();
        let index = meta.page_index()?;
        let schema = meta.file_metadata().schema_descr();
        let placed = StatisticsConverter::try_new("placed_at", self.metadata.schema(), schema).ok()?;
        let per_second = columns::per_second(self.metadata.schema().field_with_name("placed_at").ok()?.data_type())?;
        let mins = placed.data_page_mins(index.as_ref(), [&g]).ok()?;
        let maxes = placed.data_page_maxes(index.as_ref(), [&g]).ok()?;
        let counts = placed.data_page_row_counts(index.as_ref(), meta.row_groups(), [&g]).ok()??;
        let (mins, maxes) = (Instants::of(&mins, per_second), Instants::of(&maxes, per_second));
        let mut ranges: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        for page in 0..counts.len() {
            let rows = usize::try_from(counts.is_valid(page).then(|| counts.value(page))?).ok()?;
            // A page without statistics (or of undated events only) may hold anything.
            let may = match (mins.get(page), maxes.get(page)) {
                (Some(min), Some(max)) => from.is_none_or(|f| max >= f) && until.is_none_or(|u| min < u),
                _ => true,
            };
            match ranges.last_mut() {
                Some(last) if may && last.end == at => last.end = at + rows,
                _ if may => ranges.push(at..at + rows),
                _ => {}
            }
            at += rows;
        }
        (ranges.len() != 1 || ranges[0] != (0..at)).then_some(ranges)
    }

    /// The first row placed at or after `t` and where it is placed (`Some(None)`: none
    /// is; None: the dataset has no `placed_at`): the groups whose statistics may hold the instant, and in each the pages whose page
    /// index may, their `placed_at` read alone: a few thousand numbers, not the rows.
    pub(super) fn first_placed_at_or_after(&self, t: i64) -> Result<Option<Option<(Cursor, i64)>>, StoreError> {
        let Some(leaf) = self.placed_leaf else { return Ok(None) };
        let fail = |message: String| StoreError::At { at: self.at(), message };
        let schema = self.metadata.metadata().file_metadata().schema_descr_ptr();
        for (g, group) in self.groups.iter().enumerate() {
            if group.placed.is_some_and(|(_, latest)| latest < t) {
                continue;
            }
            let total = usize::try_from(group.rows).unwrap_or(usize::MAX);
            let ranges = self.placed_within(g, Some(t), None).unwrap_or_else(|| std::iter::once(0..total).collect());
            // Each row read's offset in the group.
            let mut offsets = ranges.clone().into_iter().flatten();
            let file = File::open(&self.events).map_err(|e| fail(e.to_string()))?;
            let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone())
                .with_row_groups(vec![g])
                .with_projection(ProjectionMask::leaves(&schema, [leaf]))
                .with_row_selection(RowSelection::from_consecutive_ranges(ranges.into_iter(), total))
                .with_batch_size(PAGE_ROWS)
                .build()
                .map_err(|e| fail(format!("row group {g}: {e}")))?;
            for batch in reader {
                let batch = batch.map_err(|e| fail(format!("row group {g}: {e}")))?;
                let Some(placed) = Columns(&batch).optional_instants("placed_at").map_err(&fail)? else {
                    return Ok(None);
                };
                for i in 0..batch.num_rows() {
                    let offset = offsets.next().unwrap_or(total) as u64;
                    if let Some(at) = placed.get(i).filter(|&at| at >= t) {
                        return Ok(Some(Some((Cursor::Row(group.first + offset), at))));
                    }
                }
            }
        }
        Ok(Some(None))
    }
}

/// Each row group's first row, rows and placed instants (from `placed_at`'s statistics).
pub(super) fn groups(metadata: &ArrowReaderMetadata) -> Vec<Group> {
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
