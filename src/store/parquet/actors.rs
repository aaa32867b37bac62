//! The rows of a dataset's events that name some actors: from its index of actors' events
//! when it has one (and a filter of actors alone counted from it), else from the
//! participants' actors of each row group, read first.

use super::{Dataset, Group};
use crate::store::StoreError;
use crate::store::columns::Columns;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::fs::File;

impl Dataset {
    /// The rows of row group `g` (offsets in it) whose events name one of `actors`, from
    /// the index of actors' events; None without an index, or with more rows than it keeps.
    pub(super) fn indexed_rows(&self, g: usize, actors: &[String]) -> Result<Option<Vec<usize>>, StoreError> {
        let Some(index) = self.index() else { return Ok(None) };
        let Some(all) = index.rows(actors)? else { return Ok(None) };
        let Group { first, rows, .. } = self.groups[g];
        let (lo, hi) = (all.partition_point(|&r| r < first), all.partition_point(|&r| r < first + rows));
        Ok(Some(all[lo..hi].iter().map(|&r| (r - first) as usize).collect()))
    }

    /// What passes `filter` counted from the index of actors' events, when the filter is
    /// actors alone (an event naming one of them, in any role) and the dataset has the
    /// index (inside, None once `stop` says so); None otherwise, for a scan to count.
    pub(in crate::store) fn tally_by_actors(
        &self,
        filter: &crate::query::Filter,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Option<crate::store::Tally>>, StoreError> {
        match (self.index(), self.counted_actors(filter)) {
            (Some(index), Some(ids)) => index.tally(&ids, stop).map(Some),
            _ => Ok(None),
        }
    }

    /// The events that pass `filter` grouped by `by` and how many pass, counted from the
    /// index of actors' events where the filter is actors alone and `by` is a period or
    /// actors; None otherwise, for a scan to count.
    pub(in crate::store) fn count_by(
        &self,
        filter: &crate::query::Filter,
        by: &crate::query::count::GroupBy,
    ) -> Result<Option<(Vec<crate::query::count::Bucket>, u64)>, StoreError> {
        use crate::query::count::GroupBy;
        if !matches!(by, GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year | GroupBy::Actor) {
            return Ok(None);
        }
        let Some(Some(tally)) = self.tally_by_actors(filter, &|| false)? else { return Ok(None) };
        let Some(cast) = self.catalog.names() else { return Ok(None) };
        let (days, actors) = (&tally.days, &tally.actors);
        Ok(crate::query::count::counted_buckets(by, days, actors, tally.total, cast).map(|b| (b, tally.total)))
    }

    /// The ids of the actors `filter` is alone, when the index of actors' events counts it.
    pub(in crate::store) fn counted_actors(&self, filter: &crate::query::Filter) -> Option<Vec<String>> {
        // (A filter naming no actor opens no index.)
        if !filter.names_actors() {
            return None;
        }
        self.index()?;
        let cast = self.catalog.names()?;
        let whole = filter.compile_part(&self.catalog.0, Some(cast), &mut crate::query::PartCheck::default()).ok()?;
        Some(whole.only_actors()?.iter().map(|&a| cast.actor(a).id.clone()).collect())
    }

    /// The rows of a row group (offsets in it) whose participants name one of `actors`,
    /// read from the column `leaf` alone.
    pub(super) fn rows_naming(
        &self,
        open: impl Fn() -> Result<ParquetRecordBatchReaderBuilder<File>, StoreError>,
        leaf: usize,
        actors: &[String],
    ) -> Result<Vec<usize>, StoreError> {
        let fail = |message: String| StoreError::At { at: self.at(), message };
        let schema = self.metadata.metadata().file_metadata().schema_descr_ptr();
        let reader = open()?.with_projection(ProjectionMask::leaves(&schema, [leaf])).build();
        let reader = reader.map_err(|e| fail(e.to_string()))?;
        let wanted: std::collections::HashSet<&str> = actors.iter().map(String::as_str).collect();
        let mut rows = Vec::new();
        let mut offset = 0;
        for batch in reader {
            let batch = batch.map_err(|e| fail(e.to_string()))?;
            let participants = Columns(&batch).lists("participants").map_err(&fail)?;
            let names = participants.text_field("participants", "actor").map_err(&fail)?;
            for i in 0..batch.num_rows() {
                if participants.range(i).any(|k| names.get(k).is_some_and(|a| wanted.contains(a))) {
                    rows.push(offset + i);
                }
            }
            offset += batch.num_rows();
        }
        Ok(rows)
    }
}
