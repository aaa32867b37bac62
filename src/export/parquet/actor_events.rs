//! `actor_events.parquet`: each actor's events, an (actor, event) pair a row, ordered by the
//! actor's id and then the event's row in `events.parquet`. One actor's events are a few
//! contiguous pages, found from the file's statistics: a filter by actor reads them, not
//! every row group's participants, and counts what passes (its days and the actors beside
//! it) without reading an event.

use super::column;
use crate::model::{Corpus, EventIx};
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{Date32Array, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::sync::Arc;

/// Rows of a row group: an index of 100 million events (200 million pairs) is two hundred
/// of them, whose statistics find an actor's pages.
pub const ACTOR_EVENTS_GROUP_ROWS: usize = 1 << 20;

/// The schema: `actor` (the actor's id), `row` (the event's row in `events.parquet`, 0
/// first; its `position` too unless the conversion kept some events only), `day` (the day the list shows for the event,
/// null when undated, as `daily.parquet` counts), `actors` (every actor the event names,
/// once each, in its order).
pub fn actor_events_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("actor", DataType::Utf8, false),
        Field::new("row", DataType::UInt64, false),
        Field::new("day", DataType::Date32, true),
        Field::new("actors", DataType::List(Arc::new(Field::new("item", DataType::Utf8, false))), false),
    ]))
}

/// The pairs of `events` (rows of `events.parquet`, in order) of `corpus`, in batches of
/// `group` (a row group each: [`ACTOR_EVENTS_GROUP_ROWS`]), ordered by actor id then row.
pub(super) fn actor_events_batches<'a>(
    corpus: &'a Corpus,
    events: &'a [EventIx],
    group: usize,
) -> impl Iterator<Item = RecordBatch> + 'a {
    // Each actor's rank among the ids in byte order.
    let mut by_id: Vec<u32> = (0..corpus.actors().len() as u32).collect();
    by_id.sort_unstable_by(|&a, &b| corpus.actor(a).id.cmp(&corpus.actor(b).id));
    let mut rank = vec![0u32; by_id.len()];
    for (r, &a) in by_id.iter().enumerate() {
        rank[a as usize] = r as u32;
    }
    // Rows as u32: an event index is one (a corpus holds fewer than 2^32 events).
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(events.len() * 2);
    for (row, &ix) in events.iter().enumerate() {
        for a in distinct_actors(corpus, ix) {
            pairs.push((rank[a as usize], row as u32));
        }
    }
    pairs.sort_unstable();
    let schema = actor_events_schema();
    let group = group.max(1);
    let chunks = pairs.len().div_ceil(group);
    (0..chunks).map(move |c| {
        let chunk = &pairs[c * group..((c + 1) * group).min(pairs.len())];
        let mut actors = ListBuilder::new(StringBuilder::new()).with_field(Field::new("item", DataType::Utf8, false));
        for &(_, row) in chunk {
            for a in distinct_actors(corpus, events[row as usize]) {
                actors.values().append_value(&corpus.actor(a).id);
            }
            actors.append(true);
        }
        let day = |row: u32| {
            corpus
                .event(events[row as usize])
                .date
                .as_ref()
                .map(|w| crate::query::count::shown_day(w).clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
        };
        let ids = chunk.iter().map(|&(r, _)| corpus.actor(by_id[r as usize]).id.as_str());
        let columns = vec![
            column(StringArray::from_iter_values(ids)),
            column(UInt64Array::from_iter_values(chunk.iter().map(|&(_, row)| u64::from(row)))),
            column(Date32Array::from_iter(chunk.iter().map(|&(_, row)| day(row)))),
            column(actors.finish()),
        ];
        RecordBatch::try_new(schema.clone(), columns).expect("the columns are the schema's")
    })
}

/// The actors event `ix` names, each once, in its order.
fn distinct_actors(corpus: &Corpus, ix: EventIx) -> impl Iterator<Item = u32> + '_ {
    let participants = &corpus.event(ix).participants;
    participants
        .iter()
        .enumerate()
        .filter(|(k, p)| !participants[..*k].iter().any(|q| q.actor == p.actor))
        .map(|(_, p)| p.actor)
}
