//! A dataset of COPIES times the events of the dataset DIR (`annals convert`'s), the k-th
//! copy k × 1,461 days (four years) later: positions follow on, article ids take `~k`,
//! every instant and every date written as a day moves, and each file is written as
//! `annals convert` lays it out. How annals's figures grow past the datasets that `annals
//! convert` can hold in memory (it loads its input whole): a 100-million-event dataset
//! from the generator's 10M (docs/PERFORMANCE.md).
//!
//! `cargo run --release --example stack -- DIR COPIES OUT`. `actors.parquet` is copied as
//! it is (its counts of events are one copy's); `actor_events.parquet`, when DIR has it,
//! holds each actor's pairs of every copy in turn (ordered by actor, then row).

use annals::export::parquet::{ACTOR_EVENTS_FILE, ACTOR_EVENTS_GROUP_ROWS, DatasetFile, write_file};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, TimestampMillisecondType, UInt64Type};
use arrow_array::{Array, ArrayRef, LargeStringArray, RecordBatch, StringArray};
use arrow_schema::DataType;
use chrono::{NaiveDate, TimeDelta};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;
use std::sync::Arc;

/// Four years, a leap day among them: a day moved by it keeps its month and day.
const DAYS: i64 = 1_461;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, copies, out] = &args[..] else {
        eprintln!("usage: stack DIR COPIES OUT");
        std::process::exit(2);
    };
    let (from, out) = (Path::new(from), Path::new(out));
    let copies: i64 = copies.parse().expect("COPIES: a number");
    std::fs::create_dir(out).expect("OUT: a directory that does not exist yet");
    let events = rows(&from.join("events.parquet"));
    for (name, file) in
        [("events", DatasetFile::Events), ("articles", DatasetFile::Articles), ("daily", DatasetFile::Other)]
    {
        let path = from.join(format!("{name}.parquet"));
        let schema = reader(&path).schema().clone();
        let batches = (0..copies).flat_map(|k| {
            reader(&path).build().expect("a Parquet file").map(move |b| moved(&b.expect("a batch"), k, events))
        });
        write_file(&out.join(format!("{name}.parquet")), file, schema, batches).expect("written");
        eprintln!("{name}.parquet: {copies} copies");
    }
    std::fs::copy(from.join("actors.parquet"), out.join("actors.parquet")).expect("actors copied");
    let index = from.join(ACTOR_EVENTS_FILE);
    if index.exists() {
        let schema = reader(&index).schema().clone();
        let batches: Vec<RecordBatch> =
            reader(&index).build().expect("a Parquet file").map(|b| b.expect("a batch")).collect();
        let pairs = arrow_select::concat::concat_batches(&schema, &batches).expect("one schema");
        drop(batches);
        // Each actor's run of pairs, then the same run in every copy after it.
        let actors = pairs.column_by_name("actor").expect("an actor column").as_string::<i32>().clone();
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=actors.len() {
            if i == actors.len() || actors.value(i) != actors.value(start) {
                runs.push(start..i);
                start = i;
            }
        }
        let slices = runs.into_iter().flat_map(|run| {
            let pairs = &pairs;
            (0..copies).map(move |k| moved(&pairs.slice(run.start, run.len()), k, events))
        });
        let bytes = std::fs::metadata(out.join("events.parquet")).expect("events written").len();
        let file = DatasetFile::ActorEvents { events: (copies * events) as u64, bytes };
        write_file(
            &out.join(ACTOR_EVENTS_FILE),
            file,
            schema.clone(),
            rebatch(&schema, slices, ACTOR_EVENTS_GROUP_ROWS),
        )
        .expect("written");
        eprintln!("{ACTOR_EVENTS_FILE}: {copies} copies");
    }
}

/// `batches` cut and joined into batches of `rows` rows (the last fewer).
fn rebatch<'a>(
    schema: &'a arrow_schema::SchemaRef,
    batches: impl Iterator<Item = RecordBatch> + 'a,
    rows: usize,
) -> impl Iterator<Item = RecordBatch> + 'a {
    let mut batches = batches;
    let mut held: Vec<RecordBatch> = Vec::new();
    let mut count = 0;
    std::iter::from_fn(move || {
        while count < rows {
            let Some(b) = batches.next() else { break };
            count += b.num_rows();
            held.push(b);
        }
        if held.is_empty() {
            return None;
        }
        let all = arrow_select::concat::concat_batches(schema, &held).expect("one schema");
        let take = rows.min(all.num_rows());
        held = vec![all.slice(take, all.num_rows() - take)];
        count = all.num_rows() - take;
        if count == 0 {
            held.clear();
        }
        Some(all.slice(0, take))
    })
}

fn reader(path: &Path) -> ParquetRecordBatchReaderBuilder<std::fs::File> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // A batch a row group (the files' groups are of 65,536 rows).
    ParquetRecordBatchReaderBuilder::try_new(file).expect("a Parquet file").with_batch_size(65_536)
}

fn rows(path: &Path) -> i64 {
    reader(path).metadata().file_metadata().num_rows()
}

/// `batch` as the `k`-th copy has it (the copies before it of `events` rows each).
fn moved(batch: &RecordBatch, k: i64, events: i64) -> RecordBatch {
    let schema = batch.schema();
    let columns: Vec<ArrayRef> = schema
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(field, column)| match (field.name().as_str(), field.data_type()) {
            (_, _) if k == 0 => column.clone(),
            ("position" | "row", DataType::UInt64) => {
                Arc::new(column.as_primitive::<UInt64Type>().unary::<_, UInt64Type>(|p| p + (k * events) as u64))
            }
            (_, DataType::Timestamp(_, zone)) => Arc::new(
                column
                    .as_primitive::<TimestampMillisecondType>()
                    .unary::<_, TimestampMillisecondType>(|t| t + k * DAYS * 86_400_000)
                    .with_timezone_opt(zone.clone()),
            ),
            (_, DataType::Date32) => {
                Arc::new(column.as_primitive::<Date32Type>().unary::<_, Date32Type>(|d| d + (k * DAYS) as i32))
            }
            // An article's id: `article` in the events, `id` in the articles (an event's id is
            // its article's business).
            ("article", _) => strings(column, |s| format!("{s}~{k}")),
            ("id", _) if schema.field_with_name("position").is_err() => strings(column, |s| format!("{s}~{k}")),
            ("date" | "published_date", _) => strings(column, |s| later(s, k)),
            _ => column.clone(),
        })
        .collect();
    RecordBatch::try_new(schema.clone(), columns).expect("the same schema")
}

/// A date written from a day on (`2018-06-01`, `2018-06-01T10:00:00Z`) `k` copies later;
/// others as written.
fn later(written: &str, k: i64) -> String {
    match written.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        Some(day) => format!("{}{}", (day + TimeDelta::days(k * DAYS)).format("%Y-%m-%d"), &written[10..]),
        None => written.to_string(),
    }
}

/// A column of text, each value made again by `f` (nulls kept).
fn strings(column: &ArrayRef, f: impl Fn(&str) -> String) -> ArrayRef {
    match column.data_type() {
        DataType::Utf8 => Arc::new(column.as_string::<i32>().iter().map(|v| v.map(&f)).collect::<StringArray>()),
        DataType::LargeUtf8 => {
            Arc::new(column.as_string::<i64>().iter().map(|v| v.map(&f)).collect::<LargeStringArray>())
        }
        other => panic!("text expected, not {other}"),
    }
}
