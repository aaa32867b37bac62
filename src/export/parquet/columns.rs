//! The columns of a converted dataset: each file's schema, and its rows as Arrow arrays.

use super::column;
use crate::model::{Article, Corpus, EventIx, When};
use arrow_array::builder::{ArrayBuilder, LargeStringBuilder, ListBuilder, UInt64Builder};
use arrow_array::{
    ArrayRef, Date32Array, LargeStringArray, ListArray, RecordBatch, StringArray, StructArray,
    TimestampMillisecondArray, UInt32Array, UInt64Array,
};
use arrow_buffer::{OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use std::collections::BTreeMap;
use std::sync::Arc;

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

/// Text that may be long (summaries, quotes, articles' texts, everything in a list): 64-bit
/// offsets, so that a row group's texts may pass 2 GiB. (Parquet stores both alike.)
fn long_text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::LargeUtf8, nullable)
}

fn long_strings<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> ArrayRef {
    column(LargeStringArray::from_iter(values))
}

/// A timestamp in milliseconds, UTC: Parquet's TIMESTAMP has no seconds, and an Arrow
/// column of seconds is written as a plain integer that readers do not take for a time.
fn time(name: &str) -> Field {
    Field::new(name, DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())), true)
}

/// Seconds (annals's instants) as a column of [`time`]. Years 1 to 9999 in milliseconds fit.
fn timestamps(seconds: Vec<Option<i64>>) -> ArrayRef {
    let millis = seconds.into_iter().map(|s| s.map(|s| s.saturating_mul(1000)));
    column(TimestampMillisecondArray::from(millis.collect::<Vec<_>>()).with_timezone("UTC"))
}

fn strings<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> ArrayRef {
    column(StringArray::from_iter(values))
}

/// A list of strings a row.
fn list_of_text(name: &str) -> Field {
    Field::new(name, DataType::List(text_item()), false)
}

/// The items of a list of text.
fn text_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::LargeUtf8, false))
}

/// The fields of a struct of strings, `(name, nullable)` each.
fn text_fields(names: &[(&str, bool)]) -> Fields {
    names.iter().map(|&(n, nullable)| long_text(n, nullable)).collect()
}

/// A list of structs a row.
fn list_of(name: &str, fields: Fields) -> Field {
    Field::new(name, DataType::List(Arc::new(Field::new("item", DataType::Struct(fields), false))), false)
}

const PARTICIPANT: &[(&str, bool)] = &[("actor", false), ("role", false)];
const ATTRIBUTE: &[(&str, bool)] = &[("name", false), ("value", false)];
const RELATION: &[(&str, bool)] = &[("kind", false), ("target", false)];

fn evidence_fields() -> Fields {
    Fields::from(vec![
        long_text("quote", false),
        Field::new("start", DataType::UInt64, true),
        Field::new("end", DataType::UInt64, true),
    ])
}

pub(in crate::export) fn events_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("position", DataType::UInt64, false),
        time("placed_at"),
        time("start"),
        time("end"),
        text("date", true),
        text("date_text", true),
        Field::new("date_resolved", DataType::Boolean, false),
        time("reported_on"),
        text("id", false),
        text("article", false),
        long_text("summary", false),
        text("action", true),
        text("status", false),
        list_of("participants", text_fields(PARTICIPANT)),
        list_of_text("tags"),
        list_of("attributes", text_fields(ATTRIBUTE)),
        list_of("evidence", evidence_fields()),
        list_of("relations", text_fields(RELATION)),
        text("source", true),
        time("published"),
        text("published_date", true),
        text("title", true),
        text("author", true),
        text("url", true),
        Field::new("article_text", DataType::Boolean, false),
        text("file", false),
        Field::new("line", DataType::UInt32, false),
        Field::new("column", DataType::UInt32, false),
    ]))
}

/// Where a date's known bounds lie, in seconds: [`When::extent`], an open side (reaching
/// as far as time goes) unknown.
fn bounds(w: &When) -> (Option<i64>, Option<i64>) {
    let (start, end) = w.extent();
    (Some(start).filter(|&s| s != i64::MIN), Some(end).filter(|&e| e != i64::MAX))
}

/// Lists of structs of strings, a list a row: the offsets and a column a field.
struct StructLists {
    offsets: Vec<i32>,
    columns: Vec<LargeStringBuilder>,
    /// Numbers beside the strings (the evidence's character offsets).
    numbers: Vec<UInt64Builder>,
}

impl StructLists {
    fn new(texts: usize, numbers: usize) -> Self {
        StructLists {
            offsets: vec![0],
            columns: (0..texts).map(|_| LargeStringBuilder::new()).collect(),
            numbers: (0..numbers).map(|_| UInt64Builder::new()).collect(),
        }
    }

    fn push(&mut self, values: &[Option<&str>]) {
        for (column, value) in self.columns.iter_mut().zip(values) {
            column.append_option(*value);
        }
    }

    fn push_numbers(&mut self, values: &[Option<u64>]) {
        for (column, value) in self.numbers.iter_mut().zip(values) {
            column.append_option(*value);
        }
    }

    fn end_row(&mut self) {
        self.offsets.push(i32::try_from(self.columns[0].len()).expect("a row group's lists fit i32 offsets"));
    }

    /// The list column of structs of `fields`: the string columns first, then the numbers.
    fn finish(self, fields: Fields) -> ArrayRef {
        let children: Vec<ArrayRef> = self
            .columns
            .into_iter()
            .map(|mut c| column(c.finish()))
            .chain(self.numbers.into_iter().map(|mut c| column(c.finish())))
            .collect();
        let item = Arc::new(Field::new("item", DataType::Struct(fields.clone()), false));
        let structs = StructArray::new(fields, children, None);
        let offsets = OffsetBuffer::new(ScalarBuffer::from(self.offsets));
        column(ListArray::new(item, offsets, column(structs), None))
    }
}

/// The rows of `events` (a row group's worth).
pub(super) fn events_batch(corpus: &Corpus, events: &[EventIx], schema: &SchemaRef) -> RecordBatch {
    let of = |ix: &EventIx| corpus.event(*ix);
    let dates: Vec<(Option<i64>, Option<i64>)> =
        events.iter().map(|ix| of(ix).date.as_ref().map_or((None, None), bounds)).collect();
    let mut participants = StructLists::new(2, 0);
    let mut attributes = StructLists::new(2, 0);
    let mut evidence = StructLists::new(1, 2);
    let mut relations = StructLists::new(2, 0);
    let mut tags = ListBuilder::new(LargeStringBuilder::new()).with_field(text_item());
    for &ix in events {
        let e = corpus.event(ix);
        let article = corpus.article_of(e);
        for p in e.participants.iter() {
            participants.push(&[Some(&corpus.actor(p.actor).id), Some(p.role.as_str())]);
        }
        participants.end_row();
        for (name, value) in e.attributes.iter() {
            attributes.push(&[Some(name), Some(value)]);
        }
        attributes.end_row();
        for q in e.evidence.iter() {
            evidence.push(&[Some(q.raw(article))]);
            evidence.push_numbers(&[q.span.map(|s| s.0 as u64), q.span.map(|s| s.1 as u64)]);
        }
        evidence.end_row();
        for r in e.relations.iter() {
            relations.push(&[Some(r.kind.as_str()), Some(&r.target_ref)]);
        }
        relations.end_row();
        for t in e.tags.iter() {
            tags.values().append_value(t);
        }
        tags.append(true);
    }
    let articles = || events.iter().map(|ix| corpus.article_of(of(ix)));
    let columns: Vec<ArrayRef> = vec![
        column(UInt64Array::from_iter_values(events.iter().map(|&ix| u64::from(ix)))),
        timestamps(events.iter().map(|&ix| corpus.placed_at(ix)).collect()),
        timestamps(dates.iter().map(|d| d.0).collect()),
        timestamps(dates.iter().map(|d| d.1).collect()),
        strings(events.iter().map(|ix| of(ix).date.map(|d| d.iso())).collect::<Vec<_>>().iter().map(Option::as_deref)),
        strings(events.iter().map(|ix| of(ix).date_text.as_ref().map(|t| t.raw()))),
        column(arrow_array::BooleanArray::from(events.iter().map(|ix| of(ix).date_resolved).collect::<Vec<_>>())),
        timestamps(events.iter().map(|&ix| corpus.reported_on(ix).and_then(|w| bounds(&w).0)).collect()),
        strings(events.iter().map(|ix| Some(&*of(ix).id))),
        strings(articles().map(|a| Some(a.id.as_str()))),
        long_strings(events.iter().map(|ix| Some(of(ix).summary.raw()))),
        strings(events.iter().map(|ix| of(ix).action.as_deref())),
        strings(events.iter().map(|ix| Some(of(ix).status.as_str()))),
        participants.finish(text_fields(PARTICIPANT)),
        column(tags.finish()),
        attributes.finish(text_fields(ATTRIBUTE)),
        evidence.finish(evidence_fields()),
        relations.finish(text_fields(RELATION)),
        strings(articles().map(|a| a.source.as_ref().map(|s| s.raw()))),
        timestamps(articles().map(|a| a.published.and_then(|p| bounds(&p).0)).collect()),
        strings(articles().map(|a| a.published.map(|p| p.iso())).collect::<Vec<_>>().iter().map(Option::as_deref)),
        strings(articles().map(|a| Some(a.title.raw()))),
        strings(articles().map(|a| a.author.as_ref().map(|s| s.raw()))),
        strings(articles().map(|a| a.url.as_ref().map(|s| s.raw()))),
        column(arrow_array::BooleanArray::from(articles().map(|a| a.text.is_some()).collect::<Vec<_>>())),
        strings(events.iter().map(|ix| Some(corpus.file_of(of(ix).loc)))),
        column(UInt32Array::from_iter_values(events.iter().map(|ix| of(ix).loc.line))),
        column(UInt32Array::from_iter_values(events.iter().map(|ix| of(ix).loc.column))),
    ];
    RecordBatch::try_new(schema.clone(), columns).expect("the columns are the schema's")
}

/// The articles of `events`, in the order their first event comes.
pub(super) fn articles_of<'c>(corpus: &'c Corpus, events: &[EventIx]) -> Vec<&'c Article> {
    let mut seen = vec![false; corpus.articles().len()];
    events
        .iter()
        .map(|&ix| corpus.event(ix).article as usize)
        .filter(|&a| !std::mem::replace(&mut seen[a], true))
        .map(|a| &corpus.articles()[a])
        .collect()
}

/// Rows of `articles` (a row group's worth: their texts are never all in one array).
pub(super) fn articles_batch(articles: &[&Article]) -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![
        text("id", false),
        text("title", false),
        text("source", true),
        text("author", true),
        time("published"),
        text("published_date", true),
        text("url", true),
        long_text("text", true),
    ]));
    let optional = |f: fn(&crate::model::Article) -> Option<&crate::text::Text>| {
        strings(articles.iter().map(|a| f(a).map(|t| t.raw())))
    };
    let columns = vec![
        strings(articles.iter().map(|a| Some(a.id.as_str()))),
        strings(articles.iter().map(|a| Some(a.title.raw()))),
        optional(|a| a.source.as_ref()),
        optional(|a| a.author.as_ref()),
        timestamps(articles.iter().map(|a| a.published.and_then(|p| bounds(&p).0)).collect()),
        strings(articles.iter().map(|a| a.published.map(|p| p.iso())).collect::<Vec<_>>().iter().map(Option::as_deref)),
        optional(|a| a.url.as_ref()),
        long_strings(articles.iter().map(|a| a.text.as_ref().map(|t| t.raw()))),
    ];
    RecordBatch::try_new(schema, columns).expect("the columns are the schema's")
}

/// `actors.parquet`'s columns.
pub(in crate::export) fn actors_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        text("id", false),
        text("name", false),
        list_of_text("aliases"),
        text("kind", false),
        text("description", true),
        Field::new("events", DataType::UInt64, false),
    ]))
}

/// The corpus's actors, most of `events` first, with how many of them name each.
pub(super) fn actors_batch(corpus: &Corpus, events: &[EventIx]) -> RecordBatch {
    let mut counts = vec![0u64; corpus.actors().len()];
    for &ix in events {
        let participants = &corpus.event(ix).participants;
        for (k, p) in participants.iter().enumerate() {
            // An actor twice in one event counts once.
            if !participants[..k].iter().any(|q| q.actor == p.actor) {
                counts[p.actor as usize] += 1;
            }
        }
    }
    // Every actor, those no converted event names too: a name is looked up among them all,
    // as in the corpus converted (an exact name of an unnamed actor is not a looser match).
    // In the corpus's order (as their sources declared them), which a window read from the
    // dataset keeps, so that its exports list actors as the files' do.
    let actors: Vec<_> = corpus.actors().iter().collect();
    let mut aliases = ListBuilder::new(LargeStringBuilder::new()).with_field(text_item());
    for a in &actors {
        for alias in &a.aliases {
            aliases.values().append_value(alias.raw());
        }
        aliases.append(true);
    }
    let schema = actors_schema();
    let columns = vec![
        strings(actors.iter().map(|a| Some(a.id.as_str()))),
        strings(actors.iter().map(|a| Some(a.name.raw()))),
        column(aliases.finish()),
        strings(actors.iter().map(|a| Some(a.kind.as_str()))),
        strings(actors.iter().map(|a| a.description.as_ref().map(|d| d.raw()))),
        column(UInt64Array::from_iter_values(counts.iter().copied())),
    ];
    RecordBatch::try_new(schema, columns).expect("the columns are the schema's")
}

/// Dated events a day, the day as the list shows it (where the period starts, in the
/// offset it was written in), days in order.
pub(super) fn daily_batch(corpus: &Corpus, events: &[EventIx]) -> RecordBatch {
    let mut days: BTreeMap<i64, u64> = BTreeMap::new();
    for &ix in events {
        if let Some(w) = &corpus.event(ix).date {
            *days.entry(crate::query::count::shown_day(w)).or_default() += 1;
        }
    }
    let schema = Arc::new(Schema::new(vec![
        Field::new("day", DataType::Date32, false),
        Field::new("events", DataType::UInt64, false),
    ]));
    let columns = vec![
        column(Date32Array::from_iter_values(
            days.keys().map(|&d| d.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32),
        )),
        column(UInt64Array::from_iter_values(days.values().copied())),
    ];
    RecordBatch::try_new(schema, columns).expect("the columns are the schema's")
}
