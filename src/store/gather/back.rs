//! Reading a window's half before its place: back from it in stretches, each read forward,
//! each reaching as far as the events found so far say the rest lie.

use super::{At, DAY, Piece, Reading};
use crate::model::{EventIx, Gather, Undated};
use crate::query::Filter;
use crate::store::{Cursor, Flow, Scanned, Span, Store, StoreError};
use std::collections::{HashSet, VecDeque};

impl Store {
    /// The last `quota` events that pass `filter` before `at`, as pieces in timeline order;
    /// whether events that pass lie before them; and how the scans went. The store is read
    /// back in stretches, each read forward, each reaching as far as the events found so
    /// far say the rest lie ([`further`]), until the quota is filled or the first row is
    /// passed: stretches of rows where the store numbers
    /// them (its order exactly), else of days (a GDELT table, ordered by its `SQLDATE`), so
    /// that a dense store reads one stretch and a sparse filter reads further back.
    pub(super) fn read_back(
        &self,
        filter: &Filter,
        undated: Undated,
        at: &At,
        quota: usize,
        reading: &mut Reading<'_>,
    ) -> Result<(VecDeque<Piece>, bool, Scanned), StoreError> {
        // The store's rows are asked for only to read back from its end, and its first and
        // last instants only to read back by days.
        // `until` None: from the store's latest instant (`to_end`), else from no bound.
        let days = |until: Option<i64>, before_row: Option<Cursor>, to_end: bool| -> Result<Back, StoreError> {
            let span = self.pages().placed_span()?;
            let latest = span.filter(|_| to_end).map(|(_, latest)| latest.saturating_add(1));
            let until = until.or(latest);
            Ok(Back::Days { until, before_row, covered: 0, earliest: span.map(|(first, _)| first) })
        };
        // Stretches of rows: as many as are wanted where every row passes, else at least a
        // page's.
        let least = if filter.is_empty() { quota as u64 } else { (quota as u64).max(crate::store::PAGE_ROWS as u64) };
        let mut back = match at {
            At::Start => return Ok((VecDeque::new(), false, Scanned::default())),
            At::Row { cursor: Cursor::Row(row), .. } => Back::Rows { before: *row, covered: 0, least },
            At::Row { cursor, placed } => days(placed.map(|p| p.saturating_add(1)), Some(cursor.clone()), false)?,
            At::Date(t) => days(Some(*t), None, false)?,
            At::End => match self.pages().rows()? {
                Some(rows) => Back::Rows { before: rows, covered: 0, least },
                None => days(None, None, true)?,
            },
        };
        // Pieces of earlier stretches come first; each stretch's own in order.
        let mut pieces: VecDeque<Piece> = VecDeque::new();
        let mut scanned = Scanned { complete: true, ..Scanned::default() };
        let mut got = 0usize;
        loop {
            let (bounds, first_row) = back.next(got, quota);
            let need = quota - got;
            let mut these: VecDeque<Piece> = VecDeque::new();
            let (mut held, mut dropped) = (0usize, false);
            let this =
                self.scan_until(filter, undated, &bounds, &mut |rows| reading.page_read(rows), |page, events| {
                    these.push_back(Piece::of(page, events, undated));
                    held += events.len();
                    // Only the last `need` are kept.
                    while these.front().is_some_and(|p| held - p.len() >= need) {
                        held -= these.pop_front().map_or(0, |p| p.len());
                        dropped = true;
                    }
                    Ok(Flow::More)
                })?;
            scanned.add(this);
            // Of the earliest piece, only what is needed.
            if held > need
                && let Some(p) = these.pop_front()
            {
                let skip = held - need;
                let tail: Vec<EventIx> = (skip as EventIx..p.len() as EventIx).collect();
                let mut gather = Gather::new();
                gather.add(&p.corpus, &tail);
                let cursors = p.cursors[skip..].to_vec();
                let corpus = gather.finish_as_written(undated);
                let kept: HashSet<&str> = corpus.articles().iter().map(|a| a.id.as_str()).collect();
                let partial = p.partial.into_iter().filter(|id| kept.contains(id.as_str())).collect();
                drop(kept);
                these.push_front(Piece { corpus, cursors, partial });
                held = need;
                dropped = true;
            }
            got += held;
            reading.gathered = got;
            for p in these.into_iter().rev() {
                pieces.push_front(p);
            }
            // Earlier events pass when some were left out, or rows before were not read.
            if got >= quota {
                return Ok((pieces, dropped || !first_row, scanned));
            }
            if first_row || reading.stopped {
                return Ok((pieces, false, scanned));
            }
        }
    }
}

/// Where reading back goes next: before a row, in stretches of rows; or before an instant
/// (and a row), in stretches of days, until the store's earliest instant. `covered` is how
/// far back the stretches read so far reach.
enum Back {
    Rows { before: u64, covered: u64, least: u64 },
    Days { until: Option<i64>, before_row: Option<Cursor>, covered: i64, earliest: Option<i64> },
}

/// How much further back to read, when `covered` held `got` of the `quota` events wanted:
/// as far again as the events found so far say the rest lie (a quarter more, for luck), at
/// least `least`; four times as far when none was found; never more than sixteen times.
fn further(covered: u64, got: usize, quota: usize, least: u64) -> u64 {
    if covered == 0 {
        return least;
    }
    let grown = if got == 0 {
        covered.saturating_mul(4)
    } else {
        let rest = (quota - got) as u128;
        (covered as u128 * rest * 5 / 4 / got as u128 + 1).min(u64::MAX as u128) as u64
    };
    grown.clamp(least, covered.saturating_mul(16))
}

impl Back {
    /// The next stretch back, having found `got` of `quota`; and whether it reaches the
    /// first row.
    fn next(&mut self, got: usize, quota: usize) -> (Span, bool) {
        match self {
            Back::Rows { before, covered, least } => {
                // First as many rows as are wanted (a filter passing every event reads no
                // more).
                let length = further(*covered, got, quota, *least);
                let from = before.saturating_sub(length);
                let span = Span {
                    from_row: Some(Cursor::Row(from)),
                    before_row: Some(Cursor::Row(*before)),
                    ..Span::with_articles()
                };
                *covered += *before - from;
                *before = from;
                (span, from == 0)
            }
            Back::Days { until, before_row, covered, earliest } => {
                let length = further(*covered as u64, got, quota, DAY as u64).min(i64::MAX as u64) as i64;
                let from = match (*until, *earliest) {
                    (Some(u), Some(e)) if u.saturating_sub(length) > e => Some(u.saturating_sub(length)),
                    _ => None,
                };
                let span = Span { from, until: *until, before_row: before_row.clone(), ..Span::with_articles() };
                *covered = covered.saturating_add(length);
                *until = from;
                (span, from.is_none())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_back_goes_as_far_as_the_events_found_say_the_rest_lie() {
        // The first stretch: what is wanted, at least.
        assert_eq!(further(0, 0, 100, 8_192), 8_192);
        // Nothing found: four times as far.
        assert_eq!(further(10_000, 0, 100, 8_192), 40_000);
        // 10 of 100 found in 10,000 rows: the 90 others in about 90,000 more, a quarter more.
        assert_eq!(further(10_000, 10, 100, 8_192), 112_501);
        // Never less than the least, never more than sixteen times as far.
        assert_eq!(further(10_000, 99, 100, 8_192), 8_192);
        assert_eq!(further(10_000, 1, 1_000_000, 8_192), 160_000);
    }
}
