//! The stored dataset against the loaded corpus it was converted from: the same filters
//! must find the same events in the same order, read a page at a time from Parquet
//! (`annals convert`'s row groups cut small, so that every filter spans many pages),
//! including filters that only partly narrow what is read (a date with words, a negation,
//! an actor, an attribute). And what a broken dataset says.

mod support;

use annals::model::{EventIx, Undated};
use annals::query::Filter;
use annals::store::{Dataset, Flow, Store};
use annals::synthetic::Shape;
use std::path::Path;
use support::stores::{converted, loaded, queries, stored};

#[test]
fn every_filter_finds_the_same_events_in_the_same_order_as_the_loaded_corpus() {
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("d");
        let corpus = converted(shape, 3_000, 700, &at);
        assert_eq!(Dataset::open(&at).unwrap().len(), corpus.events().len() as u64);
        let dataset = Store::open(&at).unwrap();
        let queries = queries(&corpus);
        let mut some = 0;
        for words in &queries {
            let expected = loaded(&corpus, words);
            let got = stored(&dataset, words).map(|(found, _)| found);
            assert_eq!(got, expected, "{} corpus, filter {words}", shape.name());
            let expected = expected.unwrap_or_else(|e| panic!("{} corpus: {words}: {e}", shape.name()));
            some += usize::from(!expected.is_empty() && expected.len() < corpus.events().len());
        }
        assert!(
            some * 3 >= queries.len() * 2,
            "{} corpus: {some} of {} filters select some",
            shape.name(),
            queries.len()
        );
    }
}

#[test]
fn a_date_reads_only_the_row_groups_and_pages_whose_dates_can_match() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    let corpus = converted(Shape::Gdelt, 4_000, 500, &at);
    let dataset = Store::open(&at).unwrap();
    let last = corpus.event(corpus.events().len() as EventIx - 1).date.unwrap().iso();
    let (found, scanned) = stored(&dataset, &format!("date:{}", &last[..10])).unwrap();
    assert!(!found.is_empty());
    assert!(scanned.groups_skipped >= 4, "{} of 8 row groups skipped", scanned.groups_skipped);
    assert_eq!(scanned.pages_read + scanned.groups_skipped, 8, "a page a group of 500 rows");
    // Within its row group, only the pages (of 62 rows) placed that day are read.
    assert!(scanned.rows_read < 500 && scanned.rows_read >= found.len(), "{} rows read", scanned.rows_read);
    let (_, everything) = stored(&dataset, "").unwrap();
    assert_eq!((everything.pages_read, everything.groups_skipped, everything.rows_read), (8, 0, 4_000));
}

#[test]
fn a_name_that_no_page_holds_is_the_error_the_loaded_corpus_gives() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    let corpus = converted(Shape::Native, 2_000, 300, &at);
    let dataset = Store::open(&at).unwrap();
    let actor = corpus.actor(corpus.event(0).participants[0].actor).name.raw().to_string();
    let typo = format!("actor:\"{}x\"", &actor[..actor.len() - 1]);
    for words in ["action:expelx", "tag:nosuchtag", typo.as_str(), "agent:nobody_at_all", "nosuchattribute:3"] {
        let expected = loaded(&corpus, words).unwrap_err();
        assert_eq!(stored(&dataset, words).map(|(f, _)| f), Err(expected), "{words}");
    }
}

#[test]
fn a_broken_dataset_says_which_file_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    converted(Shape::Native, 200, 100, &at);
    // Not Parquet.
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("events.parquet"), "not parquet at all").unwrap();
    let e = Dataset::open(&bad).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{}: ", bad.join("events.parquet").display())), "{e}");
    // Another tool's file without a column annals needs.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::copy(at.join("actors.parquet"), other.join("events.parquet")).unwrap();
    let e = Dataset::open(&other).unwrap_err().to_string();
    assert!(e.ends_with("no column 'article' (docs/PARQUET.md gives the columns)"), "{e}");
    // A cut file: its footer is gone.
    let cut = dir.path().join("cut");
    std::fs::create_dir(&cut).unwrap();
    let bytes = std::fs::read(at.join("events.parquet")).unwrap();
    std::fs::write(cut.join("events.parquet"), &bytes[..bytes.len() / 2]).unwrap();
    assert!(Dataset::open(&cut).is_err());
    // A row whose status is no status: its row, and the rows before it were given.
    let wrong = dir.path().join("wrong");
    std::fs::create_dir(&wrong).unwrap();
    with_status(&at.join("events.parquet"), &wrong.join("events.parquet"), 150, "bogus");
    let dataset = Store::open(&wrong).unwrap();
    let mut given = 0;
    let e = dataset
        .scan(&Filter::default(), Undated::AtReport, |_, events| {
            given += events.len();
            Ok(Flow::More)
        })
        .unwrap_err()
        .to_string();
    assert_eq!(e, format!("{}: row 150: unknown status 'bogus'", wrong.join("events.parquet").display()));
    assert_eq!(given, 100, "the row group before the wrong row was listed");
}

/// `from` with row `row`'s status replaced by `status`, written to `to`.
fn with_status(from: &Path, to: &Path, row: usize, status: &str) {
    use arrow_array::{ArrayRef, RecordBatch, StringArray};
    use parquet::arrow::ArrowWriter;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(from).unwrap())
        .unwrap()
        .with_batch_size(100)
        .build()
        .unwrap();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    let schema = batches[0].schema();
    let mut writer = ArrowWriter::try_new(std::fs::File::create(to).unwrap(), schema.clone(), None).unwrap();
    let mut first = 0;
    for batch in batches {
        let at = schema.index_of("status").unwrap();
        let old = batch.column(at).as_any().downcast_ref::<StringArray>().unwrap();
        let new: StringArray =
            (0..batch.num_rows()).map(|i| Some(if first + i == row { status } else { old.value(i) })).collect();
        let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
        columns[at] = std::sync::Arc::new(new);
        first += batch.num_rows();
        writer.write(&RecordBatch::try_new(schema.clone(), columns).unwrap()).unwrap();
        // Row groups of 100, as the dataset's.
        writer.flush().unwrap();
    }
    writer.close().unwrap();
}

/// An article declaring Russia, whose one event names only the Government of Russia; and
/// events without participants that name Airbus.
const DECLARED: &str = r#"{"id": "a1", "title": "T", "published": "2016-12-30",
  "actors": [{"id": "russia", "name": "Russia"}, {"id": "gov", "name": "Government of Russia"},
             {"id": "airbus", "name": "Airbus"}],
  "events": [{"id": "e1", "date": "2016-12-29", "summary": "The Government of Russia answers",
              "participants": [{"actor": "gov", "role": "agent"}]},
             {"id": "e2", "summary": "Airbus orders rise"},
             {"id": "e3", "date": "2016-12-31", "summary": "Airbus and Boeing compete"}]}"#;

#[test]
fn an_actor_no_event_names_is_still_found_by_its_exact_name() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    let annals::ingest::Loaded { corpus, .. } = annals::ingest::load_str("a.json", DECLARED);
    let all: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
    annals::export::parquet::write_dataset_in_groups(&corpus, &all, &at, 1).unwrap();
    let store = Store::open(&at).unwrap();
    for words in ["actor:russia", "agent:russia", "actor:airbus", "actor:\"government of russia\"", "actor:gov"] {
        assert_eq!(stored(&store, words).map(|(f, _)| f), loaded(&corpus, words), "{words}");
    }
    // Without a list of actors, names are looked up on each page.
    std::fs::remove_file(at.join("actors.parquet")).unwrap();
    let store = Store::open(&at).unwrap();
    assert_eq!(stored(&store, "actor:gov").unwrap().0, ["a1/e1"]);
    assert_eq!(stored(&store, "agent:gov").unwrap().0, ["a1/e1"]);
    assert_eq!(
        stored(&store, "agent:nobody").unwrap_err(),
        "no actor 'nobody' (list them with: annals actors --query nobody)"
    );
}

#[test]
fn a_scan_stopped_early_does_not_call_a_name_it_did_not_reach_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    let corpus = converted(Shape::Native, 2_000, 300, &at);
    let store = Store::open(&at).unwrap();
    let (first, last) = (corpus.event(0), corpus.event(corpus.events().len() as EventIx - 1));
    let (early, late) = (first.action.as_deref().unwrap(), last.action.as_deref().unwrap());
    let words = format!("action:{early} or action:{late}");
    let filter = Filter::parse_words(&words).unwrap();
    let scanned = store.scan(&filter, Undated::AtReport, |_, _| Ok(Flow::Enough)).unwrap();
    assert!(!scanned.complete && scanned.error().is_none() && scanned.note().is_none());
}
