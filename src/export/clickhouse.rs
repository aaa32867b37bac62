//! `annals schema clickhouse`: the table a converted dataset's events load into, as
//! ClickHouse DDL. Its columns are made from the Parquet schema itself, so the two cannot
//! drift: a ClickHouse server takes `events.parquet` as it is
//! (`INSERT INTO annals.events FORMAT Parquet`).
//!
//! The events table is a MergeTree ordered by `position` (annals's timeline order, which is
//! time order with annals's tie-breaks), so that a page of the timeline after a position is
//! a range of its primary key (a keyset seek, never an offset); with a min-max index on
//! `placed_at` (the instant annals orders an event by), so that a date range reads only the
//! granules placed in it; partitioned by year of `placed_at` (by month, an archive spanning
//! more than 100 months could not be inserted in one block, and decades of months are more
//! partitions than ClickHouse wants); with skip indexes for the actors, the attributes'
//! values (GDELT's codes) and the summary's words. The actors table (`actors.parquet`) is
//! where annals looks names up.

use super::parquet::{actors_schema, events_schema};
use crate::store::{StoreError, Table, clickhouse_name as quoted};
use arrow_schema::{DataType, Field, Schema};
use std::path::Path;

/// The `CREATE DATABASE` and `CREATE TABLE` statements for `database`: the events, the
/// actors, and the events placed on each day (`events_daily`, kept by a materialized view
/// as events are inserted, those placed nowhere on a null day: a density strip over a
/// billion rows without a scan).
pub fn events_ddl(database: &str) -> String {
    let db = quoted(database);
    format!(
        "CREATE DATABASE IF NOT EXISTS {db};\n\n\
         CREATE TABLE IF NOT EXISTS {db}.events\n(\n{},\n\
         \x20   INDEX placed placed_at TYPE minmax GRANULARITY 1,\n\
         \x20   INDEX actors arrayMap(p -> tupleElement(p, 'actor'), participants) TYPE bloom_filter(0.01) GRANULARITY 4,\n\
         \x20   INDEX attribute_values arrayMap(a -> tupleElement(a, 'value'), attributes) TYPE bloom_filter(0.01) GRANULARITY 4,\n\
         \x20   INDEX words lower(summary) TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 4\n\
         )\n\
         ENGINE = MergeTree\n\
         PARTITION BY toYear(placed_at)\n\
         ORDER BY position\n\
         SETTINGS allow_nullable_key = 1;\n\n\
         CREATE TABLE IF NOT EXISTS {db}.actors\n(\n{}\n)\n\
         ENGINE = MergeTree\n\
         ORDER BY id;\n\n\
         CREATE TABLE IF NOT EXISTS {db}.events_daily\n(\n\
         \x20   day Nullable(Date32),\n\
         \x20   events UInt64\n\
         )\n\
         ENGINE = SummingMergeTree\n\
         ORDER BY day\n\
         SETTINGS allow_nullable_key = 1;\n\n\
         CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.events_daily_view TO {db}.events_daily AS\n\
         SELECT toDate32(placed_at) AS day, count() AS events\n\
         FROM {db}.events\n\
         GROUP BY day;\n",
        columns(&events_schema()),
        columns(&actors_schema()),
    )
}

/// Load the dataset in `dir` (`annals convert`'s) into `clickhouse://HOST/DATABASE`: the
/// database and its tables made as [`events_ddl`] makes them, then `actors.parquet` and
/// `events.parquet` inserted, each in one request that the server reads a row group at a
/// time. The tables must be empty (annals does not add to a table); when an insert fails,
/// both are emptied again. The rows inserted: events, actors.
pub fn load(address: &str, dir: &Path) -> Result<(u64, u64), StoreError> {
    let t = Table::connect(address)?;
    let (database, table) = t.names();
    let named = address.trim_end_matches('/').rsplit('/').next() != Some(database);
    if named && table != "events" {
        let message =
            format!("annals loads into the tables events and actors of a database: write clickhouse://HOST/{database}");
        return Err(t.error(message));
    }
    let db = quoted(database);
    for statement in events_ddl(database).split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        t.text(statement)?;
    }
    let count = |table: &str| -> Result<u64, StoreError> {
        let rows = t.text(&format!("SELECT count() FROM {db}.{table} FORMAT TabSeparated"))?;
        rows.trim().parse().map_err(|_| t.error(format!("a count that is no number: '{}'", rows.trim())))
    };
    for table in ["events", "actors"] {
        let rows = count(table)?;
        if rows > 0 {
            return Err(t.error(format!(
                "{database}.{table} holds {rows} rows already: annals loads into empty tables (truncate or drop them first)"
            )));
        }
    }
    // The events are none: any day counted is left from rows gone.
    t.text(&format!("TRUNCATE TABLE IF EXISTS {db}.events_daily"))?;
    let insert = |table: &str| -> Result<u64, StoreError> {
        let file = dir.join(format!("{table}.parquet"));
        let data = std::fs::File::open(&file).map_err(|e| t.error(format!("{}: {e}", file.display())))?;
        t.insert(&format!("INSERT INTO {db}.{table} FORMAT Parquet"), data)?;
        count(table)
    };
    let loaded = insert("actors").and_then(|actors| Ok((insert("events")?, actors)));
    if loaded.is_err() {
        // As it was: empty.
        for table in ["events", "actors", "events_daily"] {
            let _ = t.text(&format!("TRUNCATE TABLE IF EXISTS {db}.{table}"));
        }
    }
    loaded
}

/// A table's columns, one a line.
fn columns(schema: &Schema) -> String {
    let columns: Vec<String> =
        schema.fields().iter().map(|f| format!("    {} {}", quoted(f.name()), column_type(f))).collect();
    columns.join(",\n")
}

/// The ClickHouse type of a Parquet column as `annals convert` writes it.
fn column_type(field: &Field) -> String {
    let inner = match field.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 => match field.name().as_str() {
            // Few distinct values: a dictionary per part.
            "status" | "action" | "source" | "file" => "LowCardinality(String)".to_string(),
            _ => "String".to_string(),
        },
        DataType::Boolean => "Bool".to_string(),
        DataType::UInt32 => "UInt32".to_string(),
        DataType::UInt64 => "UInt64".to_string(),
        DataType::Date32 => "Date32".to_string(),
        DataType::Timestamp(_, _) => "DateTime64(3, 'UTC')".to_string(),
        DataType::List(item) => return format!("Array({})", column_type(item)),
        DataType::Struct(fields) => {
            let parts: Vec<String> =
                fields.iter().map(|f| format!("{} {}", quoted(f.name()), column_type(f))).collect();
            return format!("Tuple({})", parts.join(", "));
        }
        other => unreachable!("annals convert writes no {other} column"),
    };
    if !field.is_nullable() {
        inner
    } else if let Some(low) = inner.strip_prefix("LowCardinality(") {
        format!("LowCardinality(Nullable({low})")
    } else {
        format!("Nullable({inner})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_the_events_file_has_its_clickhouse_type() {
        let ddl = events_ddl("annals");
        for line in [
            "    `position` UInt64,",
            "    `start` Nullable(DateTime64(3, 'UTC')),",
            "    `action` LowCardinality(Nullable(String)),",
            "    `status` LowCardinality(String),",
            "    `participants` Array(Tuple(`actor` String, `role` String)),",
            "    `tags` Array(String),",
            "    `evidence` Array(Tuple(`quote` String, `start` Nullable(UInt64), `end` Nullable(UInt64))),",
            "    `line` UInt32,",
        ] {
            assert!(ddl.lines().any(|l| l == line), "no line {line:?} in\n{ddl}");
        }
        assert_eq!(ddl.matches("\n    `").count(), events_schema().fields().len() + actors_schema().fields().len());
        assert!(ddl.contains("ORDER BY position\n") && ddl.contains("PARTITION BY toYear(placed_at)"));
        assert!(ddl.contains("CREATE TABLE IF NOT EXISTS `annals`.actors\n(\n    `id` String,\n"));
    }

    #[test]
    fn a_database_name_cannot_end_the_statement() {
        assert_eq!(quoted("a`; DROP TABLE x; --"), "`a\\`; DROP TABLE x; --`");
        assert_eq!(quoted("back\\slash"), "`back\\\\slash`");
    }
}
