//! How many events of a store pass a filter, and on which days: for the density strip and
//! the position of a window of a filtered store (a store read whole knows both without a
//! scan). A server that decides the whole filter counts it itself, and a dataset's index of
//! actors' events a filter of actors alone; otherwise one scan of everything the filter's
//! dates and actors (and, on a server, what it decides of the rest) let pass.

use super::clickhouse::ServerTally;
use super::{Cursor, Flow, Span, Store, StoreError};
use crate::model::{EventIx, Undated};
use crate::query::Filter;
use std::collections::{BTreeMap, HashMap};

/// Passing events' row numbers kept at most, for the position (8 bytes each): past this,
/// the position is the window's.
pub(super) const ROWS_KEPT: usize = 10_000_000;

/// What passes a filter in a whole store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Dated passing events a day (the day's first second, ascending), the day the list
    /// shows (as `daily.parquet` counts).
    pub days: Vec<(i64, u64)>,
    /// Passing events.
    pub total: u64,
    /// The passing events' row numbers, ascending, where the store numbers its rows and
    /// there are not too many: a window's place among them.
    pub rows: Option<Vec<u64>>,
    /// Passing events each actor takes part in (by id; once in two roles): the actor
    /// picker's counts for the query.
    pub actors: HashMap<String, u64>,
    /// Counted by a server that decides the whole filter (its days are the UTC days events
    /// are placed on), not by annals reading what passes.
    pub by_server: bool,
}

impl Store {
    /// Is `filter` counted without reading the events that pass (a dataset's index of
    /// actors' events counts a filter of actors alone)? Such a count may begin beside any
    /// read of the store, costing it nothing.
    pub fn counts_at_once(&self, filter: &Filter) -> bool {
        match self {
            Store::Parquet(dataset) => dataset.counted_actors(filter).is_some(),
            Store::ClickHouse(_) => false,
        }
    }

    /// Why the store's index of actors' events is not used, where it has one that is not,
    /// as a note for a filter that names actors.
    pub fn index_not_used(&self) -> Option<String> {
        match self {
            Store::Parquet(dataset) => dataset
                .index_unused()
                .map(|why| format!("{why}: not used; a filter by actor reads every row group's participants")),
            Store::ClickHouse(_) => None,
        }
    }

    /// Scan the store for what passes `filter`; None once `stop` says so (nobody wants it).
    pub fn tally(
        &self,
        filter: &Filter,
        undated: Undated,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Tally>, StoreError> {
        // A server that decides the whole filter counts it, no row sent.
        if let Store::ClickHouse(table) = self {
            match table.server_tally(filter, stop)? {
                ServerTally::Counted(tally) => return Ok(Some(tally)),
                ServerTally::Stopped => return Ok(None),
                ServerTally::NotExact => {}
            }
        }
        // A filter of actors alone, counted from a dataset's index of actors' events.
        if let Store::Parquet(dataset) = self
            && let Some(counted) = dataset.tally_by_actors(filter, stop)?
        {
            return Ok(counted);
        }
        let mut days: BTreeMap<i64, u64> = BTreeMap::new();
        let (mut total, mut rows) = (0u64, Some(Vec::new()));
        let mut actors: HashMap<String, u64> = HashMap::new();
        let mut stopped = false;
        let mut page_read = |_rows: usize| {
            stopped = stop();
            stopped
        };
        self.scan_until(filter, undated, &Span::default(), &mut page_read, |page, events: &[EventIx]| {
            total += events.len() as u64;
            for &e in events {
                let participants = &page.corpus.event(e).participants;
                for (i, p) in participants.iter().enumerate() {
                    if participants[..i].iter().any(|q| q.actor == p.actor) {
                        continue;
                    }
                    let id = &page.corpus.actor(p.actor).id;
                    match actors.get_mut(id.as_str()) {
                        Some(n) => *n += 1,
                        None => {
                            actors.insert(id.clone(), 1);
                        }
                    }
                }
                if let Some(w) = &page.corpus.event(e).date {
                    *days.entry(crate::query::count::shown_day(w) * 86_400).or_default() += 1;
                }
                match (&mut rows, &page.cursors[e as usize]) {
                    (Some(kept), Cursor::Row(row)) if kept.len() < ROWS_KEPT => kept.push(*row),
                    _ => rows = None,
                }
            }
            Ok(Flow::More)
        })?;
        if stopped {
            return Ok(None);
        }
        if let Some(kept) = &mut rows {
            kept.shrink_to_fit();
        }
        Ok(Some(Tally { days: days.into_iter().collect(), total, rows, actors, by_server: false }))
    }
}
