//! `annals convert`: the corpus as a Parquet dataset, read back with the parquet crate's
//! own reader (and, in CI, by DuckDB): the events in annals's order with their fields, row
//! groups with statistics, the articles, actors and days, and a directory that appears
//! whole or not at all.

use arrow_array::cast::AsArray;
use arrow_array::types::{TimestampMillisecondType, UInt64Type};
use arrow_array::{Array, RecordBatch};
use assert_cmd::Command;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::reader::{FileReader, SerializedFileReader};
use std::path::Path;

/// Exit code, standard output and standard error of `annals ARGS`.
fn annals(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("annals").unwrap().args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

/// Every row of a Parquet file, as one batch.
fn read(path: &Path) -> RecordBatch {
    let file = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap().build().unwrap();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    arrow_select_concat(&batches)
}

/// The batches as one (a dataset of the bundled corpus is a few).
fn arrow_select_concat(batches: &[RecordBatch]) -> RecordBatch {
    assert!(!batches.is_empty(), "no rows");
    let schema = batches[0].schema();
    let columns = (0..schema.fields().len())
        .map(|c| {
            let parts: Vec<&dyn Array> = batches.iter().map(|b| b.column(c).as_ref()).collect();
            arrow_select::concat::concat(&parts).unwrap()
        })
        .collect();
    RecordBatch::try_new(schema, columns).unwrap()
}

/// A column of text, with 32- or 64-bit offsets (long texts have the latter).
fn strings(batch: &RecordBatch, name: &str) -> Vec<Option<String>> {
    let column = batch.column_by_name(name).unwrap_or_else(|| panic!("no column {name}"));
    match column.as_string_opt::<i32>() {
        Some(short) => short.iter().map(|s| s.map(str::to_string)).collect(),
        None => column.as_string::<i64>().iter().map(|s| s.map(str::to_string)).collect(),
    }
}

fn numbers(batch: &RecordBatch, name: &str) -> Vec<u64> {
    batch.column_by_name(name).unwrap().as_primitive::<UInt64Type>().values().to_vec()
}

/// (article, event) of each line of `annals list --format jsonl ARGS`, in order.
fn listed(args: &[&str]) -> Vec<(String, String)> {
    let (code, out, _) = annals(&[&["list", "--format", "jsonl"], args].concat());
    assert_eq!(code, 0);
    out.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            // `event` is written ARTICLE/EVENT.
            let article = v["article"].as_str().unwrap();
            let event = v["event"].as_str().unwrap().strip_prefix(&format!("{article}/")).unwrap();
            (article.to_string(), event.to_string())
        })
        .collect()
}

/// The bundled corpus converted into `out` in row groups of 16 (seven of them).
fn bundled_in_groups_of_16(out: &Path) -> annals::export::parquet::Converted {
    let loaded = annals::ingest::load(&[annals::ingest::Input::Bundled], &annals::ingest::LoadOptions::default());
    let events: Vec<u32> = (0..loaded.corpus.events().len() as u32).collect();
    annals::export::parquet::write_dataset_in_groups(&loaded.corpus, &events, out, 16).unwrap()
}

/// The lines a Python `script` prints, given `args` (it must succeed).
fn python_lines(python: &str, script: &str, args: &[&str]) -> Vec<String> {
    let run = std::process::Command::new(python).arg("-c").arg(script).args(args).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    String::from_utf8(run.stdout).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn the_bundled_corpus_converts_to_events_in_the_timelines_order_with_their_fields() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus.d");
    let (code, _, err) = annals(&["convert", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("annals: wrote 100 events (1 row group), 11 articles, 37 actors"), "{err}");
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(
        names,
        ["actor_events.parquet", "actors.parquet", "articles.parquet", "daily.parquet", "events.parquet"]
    );
    // Nothing else was left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let events = read(&out.join("events.parquet"));
    let order: Vec<(String, String)> = strings(&events, "article")
        .into_iter()
        .zip(strings(&events, "id"))
        .map(|(a, e)| (a.unwrap(), e.unwrap()))
        .collect();
    assert_eq!(order, listed(&[]), "the rows are annals's timeline, in its order");
    assert_eq!(numbers(&events, "position"), (0..100).collect::<Vec<u64>>());

    // A day: its start and end, the date as exported, the article's fields beside it.
    let row = order.iter().position(|(a, e)| a == "capitalwire-2017-01-06-intelligence-assessment" && e == "e3");
    let row = row.expect("the event is converted");
    assert_eq!(strings(&events, "date")[row].as_deref(), Some("2015-07"));
    let start = events.column_by_name("start").unwrap().as_primitive::<TimestampMillisecondType>();
    let end = events.column_by_name("end").unwrap().as_primitive::<TimestampMillisecondType>();
    assert_eq!((start.value(row), end.value(row)), (1_435_708_800_000, 1_438_387_200_000));
    assert_eq!(strings(&events, "source")[row].as_deref(), Some("Capital Wire"));
    assert!(strings(&events, "summary")[row].as_deref().unwrap().starts_with("Russian intelligence gains access"));
    let participants = events.column_by_name("participants").unwrap().as_list::<i32>().value(row);
    let participants = participants.as_struct();
    let actors: Vec<_> = participants.column_by_name("actor").unwrap().as_string::<i64>().iter().flatten().collect();
    let roles: Vec<_> = participants.column_by_name("role").unwrap().as_string::<i64>().iter().flatten().collect();
    assert_eq!((actors, roles), (vec!["russia", "dnc"], vec!["agent", "target"]));
    // Every event's quotes are there, with the text they quote.
    let evidence = events.column_by_name("evidence").unwrap().as_list::<i32>();
    assert!((0..100).all(|r| !evidence.value(r).is_empty()));

    // Actors: in the order their sources declared them (as the corpus has them, which an
    // export from the dataset keeps); counts agree with annals's own filter.
    let actors = read(&out.join("actors.parquet"));
    let ids = strings(&actors, "id");
    let bundled = annals::ingest::load(&[annals::ingest::Input::Bundled], &annals::ingest::LoadOptions::default());
    let declared: Vec<Option<String>> = bundled.corpus.actors().iter().map(|a| Some(a.id.clone())).collect();
    assert_eq!(ids, declared);
    let putin = ids.iter().position(|i| i.as_deref() == Some("vladimir-putin")).unwrap();
    let counted = numbers(&actors, "events");
    assert_eq!(counted[putin] as usize, listed(&["--where", "actor:vladimir-putin"]).len());

    // Days: every dated event once; articles: each once.
    let daily = read(&out.join("daily.parquet"));
    let dated = listed(&["--where", "date:*"]).len() as u64;
    assert_eq!(numbers(&daily, "events").iter().sum::<u64>(), dated);
    let articles = read(&out.join("articles.parquet"));
    assert_eq!(articles.num_rows(), 11);
    assert!(strings(&articles, "text").iter().all(|t| t.as_deref().is_some_and(|t| !t.is_empty())));
}

#[test]
fn row_groups_carry_statistics_that_find_a_position_and_the_file_says_it_is_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("groups");
    let done = bundled_in_groups_of_16(&out);
    assert_eq!(done.row_groups, 7);
    let reader = SerializedFileReader::new(std::fs::File::open(out.join("events.parquet")).unwrap()).unwrap();
    let metadata = reader.metadata();
    assert_eq!(metadata.num_row_groups(), 7);
    let position = 0; // the first column
    for (g, group) in metadata.row_groups().iter().enumerate() {
        assert_eq!(group.num_rows(), if g < 6 { 16 } else { 4 });
        let statistics = group.column(position).statistics().expect("statistics are written");
        let (min, max) = match statistics {
            parquet::file::statistics::Statistics::Int64(s) => (*s.min_opt().unwrap(), *s.max_opt().unwrap()),
            other => panic!("position is a 64-bit integer, not {other:?}"),
        };
        assert_eq!((min, max), (g as i64 * 16, (g as i64 * 16 + 15).min(99)));
        let sorting = group.sorting_columns().expect("the rows say how they are sorted");
        assert_eq!((sorting[0].column_idx, sorting[0].descending), (0, false));
    }
    // The page index is written, so a reader skips pages too.
    let options = parquet::arrow::arrow_reader::ArrowReaderOptions::new()
        .with_page_index_policy(parquet::file::metadata::PageIndexPolicy::Required);
    let file = std::fs::File::open(out.join("events.parquet")).unwrap();
    let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(file, options).unwrap();
    assert!(builder.metadata().page_index().is_some());
    // A reader that keeps only the row group holding position 40 reads 16 rows, from 32.
    let rows = builder.with_row_groups(vec![2]).build().unwrap().map(Result::unwrap).collect::<Vec<_>>();
    let rows = arrow_select_concat(&rows);
    assert_eq!(numbers(&rows, "position"), (32..48).collect::<Vec<u64>>());
}

#[test]
fn a_query_converts_only_its_events_and_keeps_their_timeline_positions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("putin");
    let (code, _, err) = annals(&["convert", "--where", "actor:vladimir-putin", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let events = read(&out.join("events.parquet"));
    let kept = listed(&["--where", "actor:vladimir-putin"]);
    assert_eq!(events.num_rows(), kept.len());
    let all = listed(&[]);
    let positions: Vec<u64> = kept.iter().map(|k| all.iter().position(|a| a == k).unwrap() as u64).collect();
    assert_eq!(numbers(&events, "position"), positions);
    // Every actor (a name is looked up among them all), each counted in these events.
    let actors = read(&out.join("actors.parquet"));
    let putin = strings(&actors, "id").iter().position(|i| i.as_deref() == Some("vladimir-putin")).unwrap();
    assert_eq!(numbers(&actors, "events")[putin] as usize, kept.len());
    let obama = strings(&actors, "id").iter().position(|i| i.as_deref() == Some("barack-obama")).unwrap();
    let both = listed(&["--where", "actor:vladimir-putin actor:barack-obama"]).len();
    assert_eq!(numbers(&actors, "events")[obama] as usize, both);
}

#[test]
fn a_directory_that_exists_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("taken");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("mine.txt"), "keep me").unwrap();
    let (code, _, err) = annals(&["convert", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("taken exists: give a directory that does not exist yet"), "{err}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    assert_eq!(std::fs::read_to_string(out.join("mine.txt")).unwrap(), "keep me");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing left beside it");
}

#[test]
fn a_place_that_cannot_be_written_says_where_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = file.join("corpus.d");
    let (code, _, err) = annals(&["convert", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.starts_with("annals: cannot write in ") && err.contains("a-file"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// DuckDB (from PyPI, installed by .ci/run) reads the dataset as annals wrote it: the
/// rows in order, times as timestamps, lists of structs, and the row groups it skips.
/// Ignored by a plain `cargo test`: it needs `ANNALS_TEST_PYTHON`, a Python with duckdb.
#[test]
#[ignore = "needs DuckDB: ANNALS_TEST_PYTHON=python-with-duckdb cargo test --test cli_convert -- --ignored"]
fn duckdb_reads_the_dataset() {
    let python = std::env::var("ANNALS_TEST_PYTHON").expect("ANNALS_TEST_PYTHON: a Python with duckdb");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus.d");
    bundled_in_groups_of_16(&out);
    let script = r#"
import duckdb, sys
d = sys.argv[1]
c = duckdb.connect()
ev = f"'{d}/events.parquet'"
rows = c.execute(f"SELECT article || '/' || id FROM {ev} ORDER BY position").fetchall()
print("\n".join(r[0] for r in rows))
print(c.execute(f"SELECT typeof(start) FROM {ev} LIMIT 1").fetchone()[0])
print(c.execute(f"SELECT count(*) FROM {ev} WHERE list_contains([p.actor for p in participants], 'vladimir-putin')").fetchone()[0])
print(c.execute(f"SELECT sum(events) FROM '{d}/daily.parquet'").fetchone()[0])
plan = c.execute(f"EXPLAIN ANALYZE SELECT id FROM {ev} WHERE position BETWEEN 40 AND 41").fetchall()
print([l for l in plan[0][1].splitlines() if "Row Groups" in l or "Scanning" in l])
ae = f"'{d}/actor_events.parquet'"
# The index against the events it indexes: every actor's rows are the events naming it.
print(c.execute(f"SELECT count(*) FROM {ae} WHERE actor = 'vladimir-putin'").fetchone()[0])
print(c.execute(f"""SELECT count(*) FROM (
  SELECT actor, row FROM {ae}
  EXCEPT SELECT DISTINCT p.actor, position FROM (SELECT unnest(participants) AS p, position FROM {ev}))""").fetchone()[0])
print(c.execute(f"SELECT count(*) = count(DISTINCT (actor, row)) FROM {ae}").fetchone()[0])
print(c.execute(f"SELECT sum(events) = (SELECT count(*) FROM {ae}) FROM '{d}/actors.parquet'").fetchone()[0])
"#;
    let printed = python_lines(&python, script, &[out.to_str().unwrap()]);
    let lines: Vec<&str> = printed.iter().map(String::as_str).collect();
    let expected: Vec<String> = listed(&[]).into_iter().map(|(a, e)| format!("{a}/{e}")).collect();
    assert_eq!(&lines[..100], expected.iter().map(String::as_str).collect::<Vec<_>>().as_slice());
    assert_eq!(lines[100], "TIMESTAMP WITH TIME ZONE");
    assert_eq!(lines[101], listed(&["--where", "actor:vladimir-putin"]).len().to_string());
    assert_eq!(lines[102], listed(&["--where", "date:*"]).len().to_string());
    // Statistics let DuckDB read one row group of seven for two positions.
    assert!(lines[103].contains("Row Groups Scanned: 1 / 7"), "{}", lines[103]);
    // actor_events.parquet, read by DuckDB: Putin's events, no pair the events lack, none
    // twice, and as many pairs as actors.parquet counts events naming each.
    assert_eq!(lines[104], lines[101]);
    assert_eq!(&lines[105..], ["0", "True", "True"]);
}

#[test]
fn the_clickhouse_schema_is_printed_for_a_database() {
    let (code, out, err) = annals(&["schema", "clickhouse", "--database", "gdelt"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("CREATE DATABASE IF NOT EXISTS `gdelt`;"), "{out}");
    assert!(out.contains("CREATE TABLE IF NOT EXISTS `gdelt`.events"), "{out}");
    assert!(out.contains("ENGINE = MergeTree") && out.contains("ORDER BY position\n"), "{out}");
    assert!(out.contains("CREATE TABLE IF NOT EXISTS `gdelt`.actors"), "{out}");
    let (code, _, err) = annals(&["schema", "postgres"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'postgres'"), "{err}");
}

/// ClickHouse (the engine chdb embeds, from PyPI, installed by .ci/run) takes the DDL of
/// `annals schema clickhouse` and a converted `events.parquet` as they are: the rows, their
/// order, a parameterised actor query, the skip indexes, and a month's partition pruned.
#[test]
#[ignore = "needs ClickHouse: ANNALS_TEST_PYTHON=python-with-chdb cargo test --test cli_convert -- --ignored"]
fn clickhouse_takes_the_schema_and_the_dataset() {
    let python = std::env::var("ANNALS_TEST_PYTHON").expect("ANNALS_TEST_PYTHON: a Python with chdb");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus.d");
    let (code, _, err) = annals(&["convert", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (_, ddl, _) = annals(&["schema", "clickhouse"]);
    let script = r#"
import re, sys
from chdb import session
ddl, data, events = sys.argv[1], sys.argv[2], sys.argv[3]
s = session.Session(data)
for statement in [x for x in ddl.split(';') if x.strip()]:
    s.query(statement)
s.query(f"INSERT INTO annals.events SELECT * FROM file('{events}', Parquet)")
q = lambda sql, **p: str(s.query(sql, "TSV", params=p)).strip()
print(q("SELECT article || '/' || id FROM annals.events ORDER BY position"))
print(q("SELECT count() FROM annals.events WHERE has(arrayMap(p -> tupleElement(p, 'actor'), participants), {a:String})", a="vladimir-putin"))
print(q("SELECT count() FROM system.data_skipping_indices WHERE database = 'annals'"))
plan = q("EXPLAIN indexes = 1 SELECT id FROM annals.events WHERE placed_at >= '2016-12-01' AND placed_at < '2017-01-01'")
print([l.strip() for l in plan.splitlines() if re.match(r"Parts: \d+/\d+", l.strip())][0])
# An archive of 150 months loads in one insert (a table by month would refuse it).
s.query("TRUNCATE TABLE annals.events")
s.query(f"INSERT INTO annals.events SELECT * FROM file('{sys.argv[4]}', Parquet)")
print(q("SELECT count(), count(DISTINCT _partition_id) FROM annals.events"))
"#;
    let data = dir.path().join("chdb");
    let events = out.join("events.parquet");
    // One event a month from 2000 to 2012.
    let monthly: Vec<String> = (0..150)
        .map(|m| format!(r#"{{"id": "e{m}", "date": "{}-{:02}", "summary": "month {m}"}}"#, 2000 + m / 12, m % 12 + 1))
        .collect();
    let archive = dir.path().join("archive.json");
    std::fs::write(&archive, format!(r#"{{"id": "a", "title": "Archive", "events": [{}]}}"#, monthly.join(",")))
        .unwrap();
    let archived = dir.path().join("archive.d");
    let (code, _, err) = annals(&["convert", "-o", archived.to_str().unwrap(), archive.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let archived = archived.join("events.parquet");
    let args = [ddl.as_str(), data.to_str().unwrap(), events.to_str().unwrap(), archived.to_str().unwrap()];
    let printed = python_lines(&python, script, &args);
    let lines: Vec<&str> = printed.iter().map(String::as_str).collect();
    let expected: Vec<String> = listed(&[]).into_iter().map(|(a, e)| format!("{a}/{e}")).collect();
    assert_eq!(&lines[..100], expected.iter().map(String::as_str).collect::<Vec<_>>().as_slice());
    assert_eq!(lines[100], listed(&["--where", "actor:vladimir-putin"]).len().to_string());
    assert_eq!(lines[101], "4", "the dates', the actors', the attribute values' and the words' indexes");
    // December 2016 is one part of the table's partitions.
    let parts = lines[102];
    assert!(parts.starts_with("Parts: 1/") && parts != "Parts: 1/1", "{parts}");
    assert_eq!(lines[103], "150\t13", "150 months in 13 years' partitions");
}

#[test]
fn nothing_read_is_not_written_as_an_empty_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    std::fs::write(&big, "[]".repeat(100)).unwrap();
    let out = dir.path().join("out.d");
    let (code, _, err) =
        annals(&["convert", "--max-file-size", "10", "-o", out.to_str().unwrap(), big.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.ends_with("annals: no event was read, so nothing was written\n"), "{err}");
    assert!(!out.exists());
}
