//! The ClickHouse store against the loaded corpus and the Parquet store: the same filters
//! find the same events in the same order in all three, read a page at a time from a real
//! ClickHouse engine (chdb's, behind tests/support/chfront.py); and what the client says
//! when the server is gone, the table is not annals's, or a row does not read.

mod support;

use annals::store::{Store, Table};
use annals::synthetic::Shape;
use support::clickhouse::Front;
use support::stores::{converted, loaded, queries, stored, window};

#[test]
fn every_filter_finds_the_same_events_in_clickhouse_parquet_and_memory() {
    let Some(front) = Front::start() else { return };
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("d");
        let corpus = converted(shape, 3_000, 700, &at);
        let database = format!("t_{}", shape.name());
        front.load(&database, &at);
        // Pages of 700 rows: a filter reads many, each after the last one's position.
        let table = Store::ClickHouse(Table::open(&front.address(&database)).unwrap().with_page_rows(700));
        let parquet = Store::open(&at).unwrap();
        for words in queries(&corpus) {
            let expected = loaded(&corpus, &words);
            let in_table = stored(&table, &words).map(|(found, _)| found);
            assert_eq!(in_table, expected, "{} corpus in ClickHouse, filter {words}", shape.name());
            let in_files = stored(&parquet, &words).map(|(found, _)| found);
            assert_eq!(in_files, expected, "{} corpus in Parquet, filter {words}", shape.name());
        }
        // A window gathered from the table holds what one gathered from the files does.
        for words in queries(&corpus).iter().take(4).chain([&String::new()]) {
            if loaded(&corpus, words).is_ok() {
                assert_eq!(window(&table, words), window(&parquet, words), "{} corpus, window {words}", shape.name());
            }
        }
        let (_, all) = stored(&table, "").unwrap();
        assert_eq!(all.pages_read, 5, "3,000 rows in pages of 700");
        // A reader that wants five events is sent a first page of five.
        let first = table
            .scan_for(&Default::default(), Default::default(), Some(5), |_, _| Ok(annals::store::Flow::Enough))
            .unwrap();
        assert_eq!((first.pages_read, first.rows_read), (1, 5));
    }
}

#[test]
fn what_goes_wrong_with_a_server_is_said_with_its_address() {
    let Some(mut front) = Front::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    converted(Shape::Native, 300, 100, &at);
    front.load("annals", &at);
    let address = front.address("annals");
    let error = |place: &str| Table::open(place).map(|_| ()).unwrap_err().to_string();
    // No such database, and a table that is not annals's.
    let e = error(&front.address("nowhere"));
    assert!(e.starts_with(&format!("{}/events: ClickHouse: Code: 81.", front.address("nowhere"))), "{e}");
    front.sql("CREATE TABLE annals.other (id String) ENGINE = MergeTree ORDER BY id");
    let e = error(&format!("{address}/other"));
    assert_eq!(e, format!("{address}/other: no column 'article' (docs/PARQUET.md gives the columns)"));
    // A row whose status is no status: its position, after the pages before it.
    front.sql(
        "INSERT INTO annals.events (position, id, article, summary, status, participants, tags, attributes, \
         evidence, relations, file, line, column) VALUES (100000, 'x', 'a', 's', 'bogus', [], [], [], [], [], 'f', 1, 1)",
    );
    let table = Store::ClickHouse(Table::open(&address).unwrap().with_page_rows(100));
    let mut given = 0;
    let e = table
        .scan(&Default::default(), Default::default(), |_, events| {
            given += events.len();
            Ok(annals::store::Flow::More)
        })
        .unwrap_err()
        .to_string();
    assert_eq!(e, format!("{address}/events: row 100000: unknown status 'bogus'"));
    assert_eq!(given, 300);
    // A table loaded twice: every row of a position comes in one page (pages of 7 and
    // rows two a position), and the actors listed twice are read once.
    front.load("twice", &at);
    front.load("twice", &at);
    let twice = Store::ClickHouse(Table::open(&front.address("twice")).unwrap().with_page_rows(7));
    let (found, _) = stored(&twice, "").unwrap();
    assert_eq!(found.len(), 600);
    // A server gone.
    front.kill();
    let e = error(&address);
    assert!(e.starts_with(&format!("{address}/events: cannot reach ClickHouse: ")), "{e}");
    // An address that is not one.
    assert_eq!(error("clickhouse://host"), "clickhouse://host: no database: write clickhouse://HOST:PORT/DATABASE");
}
