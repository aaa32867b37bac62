//! The stored dataset against the loaded corpus it was converted from: the same filters
//! must find the same events in the same order, read a page at a time from Parquet
//! (`annals convert`'s row groups cut small, so that every filter spans many pages),
//! including filters that only partly narrow what is read (a date with words, a negation,
//! an actor, an attribute). And what a broken dataset says.

mod support;

use annals::model::{EventIx, Undated};
use annals::query::Filter;
use annals::store::{At, Dataset, Flow, Store};
use annals::synthetic::Shape;
use std::path::Path;
use support::stores::{converted, loaded, placed, queries, stored, walk_windows};

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

#[test]
fn a_window_gathers_the_passing_events_as_the_loaded_corpus_has_them() {
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("d");
        let corpus = converted(shape, 3_000, 700, &at);
        let store = Store::open(&at).unwrap();
        let by_ref: std::collections::HashMap<String, usize> =
            corpus.events().iter().enumerate().map(|(i, e)| (corpus.event_ref(e), i)).collect();
        for words in queries(&corpus).iter().chain([&String::new()]) {
            let Ok(expected) = loaded(&corpus, words) else { continue };
            let filter = Filter::parse_words(words).unwrap();
            let gathered = store.gather(&filter, Undated::AtReport, usize::MAX, &At::Start, &mut |_, _| {}, &|| false);
            assert!(gathered.error.is_none() && gathered.articles_problem.is_none() && !gathered.more);
            let window = &gathered.corpus;
            let refs: Vec<String> = window.events().iter().map(|e| window.event_ref(e)).collect();
            assert_eq!(refs, expected, "{} corpus, filter {words}", shape.name());
            // Each event as loaded: its article's title and address, its actors' names, the
            // words its date was written in, and its relations to the events gathered with it.
            let in_window: std::collections::HashSet<&str> = refs.iter().map(String::as_str).collect();
            let original = |r: &str| by_ref[r];
            for (ix, e) in window.events().iter().enumerate() {
                let o = corpus.event(original(&refs[ix]) as EventIx);
                let (a, b) = (window.article_of(e), corpus.article_of(o));
                assert_eq!(
                    (a.title.raw(), a.url.as_ref().map(|u| u.raw())),
                    (b.title.raw(), b.url.as_ref().map(|u| u.raw()))
                );
                let names = |c: &annals::model::Corpus, e: &annals::model::Event| -> Vec<String> {
                    e.participants.iter().map(|p| c.actor(p.actor).name.raw().to_string()).collect()
                };
                assert_eq!(names(window, e), names(&corpus, o));
                assert_eq!(e.date_text.as_ref().map(|t| t.raw()), o.date_text.as_ref().map(|t| t.raw()));
                let targets = |c: &annals::model::Corpus, e: &annals::model::Event| -> Vec<Option<String>> {
                    e.relations.iter().map(|r| r.target.map(|t| c.event_ref(c.event(t)))).collect()
                };
                let wanted: Vec<Option<String>> =
                    targets(&corpus, o).into_iter().map(|t| t.filter(|t| in_window.contains(t.as_str()))).collect();
                assert_eq!(targets(window, e), wanted, "{}: {}", shape.name(), refs[ix]);
            }
        }
        // A window smaller than what passes holds the first events, and says there are more.
        let all = loaded(&corpus, "").unwrap();
        let gathered =
            store.gather(&Filter::default(), Undated::AtReport, 1_000, &At::Start, &mut |_, _| {}, &|| false);
        assert!(gathered.more);
        let refs: Vec<String> = gathered.corpus.events().iter().map(|e| gathered.corpus.event_ref(e)).collect();
        assert_eq!(refs, all[..1_000]);
        let exact =
            store.gather(&Filter::default(), Undated::AtReport, all.len(), &At::Start, &mut |_, _| {}, &|| false);
        assert!(!exact.more, "a window of exactly what passes has no more");
    }
}

#[test]
fn a_windows_articles_are_read_from_the_row_groups_whose_bloom_filters_may_hold_them() {
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("d");
        let corpus = converted(shape, 3_000, 20, &at);
        let store = Store::open(&at).unwrap();
        let middle = corpus.event(corpus.events().len() as EventIx / 2).date.unwrap().iso();
        let day = middle[..10.min(middle.len())].to_string();
        let filter = Filter::parse_words(&format!("date:{day}")).unwrap();
        let gathered = store.gather(&filter, Undated::AtReport, usize::MAX, &At::Start, &mut |_, _| {}, &|| false);
        let (read, of) = gathered.article_groups;
        // The groups that hold one of the window's articles: articles.parquet has them in the
        // order their first event comes, 20 a group.
        let mut order = std::collections::HashMap::new();
        for e in corpus.events() {
            let next = order.len();
            order.entry(corpus.article_of(e).id.clone()).or_insert(next);
        }
        // Only articles with a text are looked up: the others are whole in their events' rows.
        let texts: std::collections::HashSet<&str> =
            corpus.articles().iter().filter(|a| a.text.is_some()).map(|a| a.id.as_str()).collect();
        let looked_up: Vec<&annals::model::Article> =
            gathered.corpus.articles().iter().filter(|a| texts.contains(a.id.as_str())).collect();
        let holding: std::collections::HashSet<usize> = looked_up.iter().map(|a| order[&a.id] / 20).collect();
        assert!(of >= 8, "{}: {of} row groups of articles", shape.name());
        // Each of those, and few others: a bloom filter says "maybe" of an id it lacks 0.1%
        // of the time, so about 0.1% of the other groups per id looked up.
        let ids = looked_up.len();
        let expected_false = (ids * (of - holding.len())) as f64 * 0.001;
        let others = read.checked_sub(holding.len()).expect("every group holding one is read");
        assert!(
            others as f64 <= 2.0 + 3.0 * expected_false,
            "{}: {read} groups read, {} hold",
            shape.name(),
            holding.len()
        );
        assert!(read < of, "{}: {read} of {of} row groups read for one day", shape.name());
        // And every article was found (its title as loaded).
        for e in gathered.corpus.events() {
            let article = gathered.corpus.article_of(e);
            let loaded = corpus.articles().iter().find(|a| a.id == article.id).unwrap();
            assert_eq!(article.title.raw(), loaded.title.raw());
        }
    }
}

#[test]
fn articles_without_a_text_are_whole_in_their_rows_and_an_older_datasets_are_read_apart() {
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("d");
        let corpus = converted(shape, 1_500, 20, &at);
        let texts = corpus.articles().iter().filter(|a| a.text.is_some()).count();
        let store = Store::open(&at).unwrap();
        let whole_window = |store: &Store| {
            let g =
                store.gather(&Filter::default(), Undated::AtReport, usize::MAX, &At::Start, &mut |_, _| {}, &|| false);
            assert!(g.error.is_none() && g.articles_problem.is_none(), "{}", shape.name());
            g
        };
        // Every article as loaded, whether its record was read apart or not.
        let as_loaded = |window: &annals::model::Corpus| {
            assert_eq!(window.articles().len(), corpus.articles().len(), "{}", shape.name());
            for a in window.articles() {
                let b = corpus.articles().iter().find(|b| b.id == a.id).unwrap();
                let raw = |t: &Option<annals::text::Text>| t.as_ref().map(|t| t.raw().to_string());
                assert_eq!(
                    (a.title.raw(), raw(&a.author), raw(&a.url), raw(&a.text), raw(&a.source)),
                    (b.title.raw(), raw(&b.author), raw(&b.url), raw(&b.text), raw(&b.source)),
                    "{}: article {}",
                    shape.name(),
                    a.id
                );
            }
        };
        let g = whole_window(&store);
        as_loaded(&g.corpus);
        let (read, of) = g.article_groups;
        assert!(of > 0);
        if texts == 0 {
            assert_eq!(read, 0, "{}: no article has a text, none is read apart", shape.name());
        } else {
            assert!(read > 0, "{}: {texts} articles with texts", shape.name());
        }
        // A dataset written before events carried their article's title, author, address
        // and whether it has a text (or by another tool without them): every article is
        // read from articles.parquet, as before.
        without_columns(&at.join("events.parquet"), &["title", "author", "url", "article_text"]);
        let older = Store::open(&at).unwrap();
        let g = whole_window(&older);
        as_loaded(&g.corpus);
        assert_eq!(g.article_groups.0, g.article_groups.1, "{}: every group read", shape.name());
    }
}

/// The Parquet file `path` written again without the columns `dropped`.
fn without_columns(path: &Path, dropped: &[&str]) {
    use parquet::arrow::ArrowWriter;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(path).unwrap()).unwrap();
    let schema = reader.schema().clone();
    let keep: Vec<usize> =
        (0..schema.fields().len()).filter(|&i| !dropped.contains(&schema.field(i).name().as_str())).collect();
    assert_eq!(keep.len() + dropped.len(), schema.fields().len(), "each dropped column was there");
    let batches: Vec<_> = reader.build().unwrap().map(|b| b.unwrap().project(&keep).unwrap()).collect();
    let out = std::fs::File::create(path).unwrap();
    let mut writer = ArrowWriter::try_new(out, std::sync::Arc::new(schema.project(&keep).unwrap()), None).unwrap();
    for b in &batches {
        writer.write(b).unwrap();
    }
    writer.close().unwrap();
}

#[test]
fn batches_of_a_scan_have_every_event_once_in_order_with_its_articles_record() {
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("d");
        let corpus = converted(shape, 3_000, 20, &at);
        let store = Store::open(&at).unwrap();
        for words in ["", "date:*"] {
            let filter = Filter::parse_words(words).unwrap();
            let expected: Vec<String> = filter
                .compile(&corpus)
                .unwrap()
                .apply(&corpus)
                .iter()
                .map(|&e| corpus.event_ref(corpus.event(e)))
                .collect();
            let (mut seen, mut batches) = (Vec::new(), 0);
            let batched = store
                .scan_batches(&filter, Undated::AtReport, 700, &|| false, |batch, events| {
                    batches += 1;
                    for &e in events {
                        let article = batch.article_of(batch.event(e));
                        let loaded = corpus.articles().iter().find(|a| a.id == article.id).unwrap();
                        assert_eq!(
                            (article.title.raw(), article.text.is_some()),
                            (loaded.title.raw(), loaded.text.is_some())
                        );
                        seen.push(batch.event_ref(batch.event(e)));
                    }
                    Ok(annals::store::Flow::More)
                })
                .unwrap();
            assert!(batched.articles_problem.is_none());
            assert_eq!(seen, expected, "{}: '{words}'", shape.name());
            assert!(batches >= 4, "{}: {batches} batches", shape.name());
            // Asked to stop (before the fourth page), the scan ends there: a batch never
            // filled is not handed over.
            let asked = std::cell::Cell::new(0);
            let stop = || {
                asked.set(asked.get() + 1);
                asked.get() > 3
            };
            let mut handed = 0;
            let stopped = store.scan_batches(&filter, Undated::AtReport, usize::MAX, &stop, |_, events| {
                handed += events.len();
                Ok(annals::store::Flow::More)
            });
            assert!(stopped.unwrap().scanned.pages_read <= 4, "{}", shape.name());
            assert_eq!(handed, 0, "{}: no batch after the stop", shape.name());
        }
    }
}

#[test]
fn a_datasets_rows_and_days_are_its_events_and_their_days() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    let corpus = converted(Shape::Gdelt, 3_000, 700, &at);
    let store = Store::open(&at).unwrap();
    assert_eq!(store.rows().unwrap(), Some(corpus.events().len() as u64));
    let mut per_day: std::collections::BTreeMap<i64, u64> = std::collections::BTreeMap::new();
    for e in corpus.events() {
        if let Some(w) = &e.date {
            *per_day.entry(annals::query::count::shown_day(w) * 86_400).or_default() += 1;
        }
    }
    assert_eq!(store.days().unwrap(), Some(per_day.into_iter().collect()));
    // Without daily.parquet, the store does not say.
    std::fs::remove_file(at.join("daily.parquet")).unwrap();
    assert_eq!(Store::open(&at).unwrap().days().unwrap(), None);
}

#[test]
fn windows_move_through_a_dataset_as_through_the_loaded_timeline() {
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("d");
        let corpus = converted(shape, 3_000, 300, &at);
        let store = Store::open(&at).unwrap();
        // Everything, dates (of which a window reads back by rows), one actor (sparse:
        // reading back goes further each time), and a filter only partly pushed down.
        let tried = queries(&corpus);
        let some = [0, 1, 3, 7].iter().filter_map(|&k| tried.get(k));
        for words in some.chain([&String::new()]) {
            let Ok(_) = loaded(&corpus, words) else { continue };
            walk_windows(&store, words, &placed(&corpus, words), 1_000);
        }
    }
}

#[test]
fn a_window_holding_everything_that_passes_has_nothing_before_or_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    let corpus = converted(Shape::Gdelt, 3_000, 700, &at);
    let store = Store::open(&at).unwrap();
    let n = corpus.events().len();
    for place in [At::Start, At::End] {
        for window in [n, n + 1] {
            let g = store.gather(&Filter::default(), Undated::AtReport, window, &place, &mut |_, _| {}, &|| false);
            assert_eq!(g.corpus.events().len(), n);
            assert!(!g.earlier && !g.more, "{place:?}, a window of {window}");
        }
        let g = store.gather(&Filter::default(), Undated::AtReport, n - 1, &place, &mut |_, _| {}, &|| false);
        assert!(g.earlier || g.more, "{place:?}: one event beyond the window");
    }
}

#[test]
fn a_filters_tally_counts_what_passes_in_the_whole_store_as_the_loaded_corpus_does() {
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("d");
        let corpus = converted(shape, 3_000, 700, &at);
        let store = Store::open(&at).unwrap();
        for words in queries(&corpus).iter().take(8) {
            let Ok(_) = loaded(&corpus, words) else { continue };
            let filter = Filter::parse_words(words).unwrap();
            let passing = filter.compile(&corpus).unwrap().apply(&corpus);
            let tally = store.tally(&filter, Undated::AtReport, &|| false).unwrap().expect("not stopped");
            assert_eq!(tally.total, passing.len() as u64, "{} corpus, {words}", shape.name());
            // Rows are the passing events' places in the timeline.
            assert_eq!(tally.rows, Some(passing.iter().map(|&e| u64::from(e)).collect()), "{words}");
            let mut per_day: std::collections::BTreeMap<i64, u64> = std::collections::BTreeMap::new();
            for &e in &passing {
                if let Some(w) = &corpus.event(e).date {
                    *per_day.entry(annals::query::count::shown_day(w) * 86_400).or_default() += 1;
                }
            }
            assert_eq!(tally.days, per_day.into_iter().collect::<Vec<_>>(), "{words}");
            // Each actor's passing events (once in two roles), by id: the picker's counts.
            let mut actors: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
            for &e in &passing {
                let mut named: Vec<u32> = corpus.event(e).participants.iter().map(|p| p.actor).collect();
                named.sort_unstable();
                named.dedup();
                for a in named {
                    *actors.entry(corpus.actor(a).id.clone()).or_default() += 1;
                }
            }
            assert_eq!(tally.actors, actors, "{} corpus, {words}", shape.name());
        }
        // Stopped: nothing.
        assert_eq!(store.tally(&Filter::default(), Undated::AtReport, &|| true).unwrap(), None);
    }
}

#[test]
fn a_glimpse_around_a_place_lies_within_the_window_around_it_and_a_date_finds_its_first_event() {
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("d");
        let corpus = converted(shape, 3_000, 300, &at);
        let store = Store::open(&at).unwrap();
        let all = placed(&corpus, "");
        let read = |at: &At, w: usize| {
            let g = store.gather(&Filter::default(), Undated::AtReport, w, at, &mut |_, _| {}, &|| false);
            assert!(g.error.is_none(), "{:?}", g.error);
            g
        };
        let refs = |g: &annals::store::Gathered| -> Vec<String> {
            g.corpus.events().iter().map(|e| g.corpus.event_ref(e)).collect()
        };
        // Instants before all, between, on and after events', and after all.
        let instants: Vec<i64> = all.iter().filter_map(|(_, p)| *p).collect();
        let (first, last) = (instants[0], instants[instants.len() - 1]);
        let mut places = vec![At::Start, At::End, At::Date(first - 86_400), At::Date(last + 1)];
        places.extend(instants.iter().step_by(97).flat_map(|&t| [At::Date(t), At::Date(t + 1)]));
        let middle = read(&At::Start, 1_500);
        places.extend(middle.last.clone());
        for place in &places {
            let (glimpse, whole) = (read(place, 16), read(place, 1_000));
            let (g, w) = (refs(&glimpse), refs(&whole));
            let k = whole.focus - glimpse.focus;
            assert_eq!(w[k..k + g.len()], g, "{} corpus: the glimpse at {place:?} within its window", shape.name());
            assert_eq!(g[glimpse.focus], w[whole.focus]);
            if let At::Date(t) = place {
                // The first event placed at or after the instant, else the last.
                let expected = all.iter().position(|(_, p)| p.is_some_and(|p| p >= *t)).unwrap_or(all.len() - 1);
                assert_eq!(g[glimpse.focus], all[expected].0, "{} corpus: the event at {t}", shape.name());
            }
        }
    }
}

#[test]
fn an_index_of_actors_events_finds_and_counts_what_a_scan_of_their_participants_does() {
    for shape in Shape::ALL {
        let dir = tempfile::tempdir().unwrap();
        let (at, bare) = (dir.path().join("d"), dir.path().join("bare"));
        // Row groups of 250 events, and of 250 pairs in the index.
        let corpus = converted(shape, 3_000, 250, &at);
        converted(shape, 3_000, 250, &bare);
        std::fs::remove_file(bare.join("actor_events.parquet")).unwrap();
        assert!(Dataset::open(&at).unwrap().indexes_actors(), "{} corpus", shape.name());
        assert!(!Dataset::open(&bare).unwrap().indexes_actors());
        let (indexed, scanned) = (Store::open(&at).unwrap(), Store::open(&bare).unwrap());
        // The busiest actor (its pairs span row groups of the index) and two others.
        let mut named: Vec<(usize, String)> = corpus
            .actors()
            .iter()
            .enumerate()
            .map(|(a, actor)| (corpus.actor_events(a as u32).len(), actor.id.clone()))
            .collect();
        named.sort_unstable_by(|a, b| b.cmp(a));
        let [(busiest, a), (_, b), (_, c)] = [named[0].clone(), named[1].clone(), named[named.len() / 2].clone()];
        assert!(busiest > 250, "{} corpus: the busiest actor in {busiest} events", shape.name());
        let day = corpus.event(1_500).date.unwrap().iso()[..10].to_string();
        let mut words = vec![
            format!("actor:{a}"),
            format!("actor:{a} or actor:{b}"),
            format!("actor:{b} or actor:{c} or actor:{a}"),
            format!("agent:{a}"),
            format!("actor:{a} from:{day}"),
            format!("actor:{c} -date:{day}"),
            format!("(actor:{a} or actor:{b}) to:{day}"),
            // A prefix: every actor whose id begins so, many at once.
            format!("actor:{}*", &a[..a.len().min(2)]),
            format!("actor:{a} or actor:{a}"),
        ];
        words.extend(queries(&corpus));
        for words in &words {
            let expected = loaded(&corpus, words);
            assert_eq!(stored(&indexed, words).map(|(found, _)| found), expected, "{} corpus, {words}", shape.name());
            assert_eq!(stored(&scanned, words).map(|(found, _)| found), expected, "{} corpus, {words}", shape.name());
            if expected.is_err() {
                continue;
            }
            let filter = Filter::parse_words(words).unwrap();
            let counted = |store: &Store| store.tally(&filter, Undated::AtReport, &|| false).unwrap().unwrap();
            assert_eq!(counted(&indexed), counted(&scanned), "{} corpus, {words}", shape.name());
        }
    }
}

#[test]
fn an_index_of_actors_events_written_for_other_events_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let (at, other) = (dir.path().join("d"), dir.path().join("other"));
    let corpus = converted(Shape::Gdelt, 2_000, 500, &at);
    converted(Shape::Gdelt, 2_500, 500, &other);
    std::fs::copy(other.join("actor_events.parquet"), at.join("actor_events.parquet")).unwrap();
    let opened = Dataset::open(&at).unwrap();
    assert!(!opened.indexes_actors(), "another dataset's index");
    let why = opened.index_unused().unwrap();
    assert!(why.contains("actor_events.parquet: written for an events.parquet of 2500 events and "), "{why}");
    assert!(why.contains(" bytes, and this one holds 2000 and "), "{why}");
    // As many events, written otherwise (row groups of 400): another file all the same.
    let regrouped = dir.path().join("regrouped");
    let all: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
    annals::export::parquet::write_dataset_in_groups(&corpus, &all, &regrouped, 400).unwrap();
    std::fs::copy(regrouped.join("actor_events.parquet"), at.join("actor_events.parquet")).unwrap();
    let why = Dataset::open(&at).unwrap().index_unused().map(str::to_string).expect("not used");
    assert!(why.contains("of 2000 events and ") && why.contains("this one holds 2000 and "), "{why}");
    std::fs::write(at.join("actor_events.parquet"), "not parquet").unwrap();
    let opened = Dataset::open(&at).unwrap();
    assert!(!opened.indexes_actors(), "a broken index");
    assert!(opened.index_unused().unwrap().contains("actor_events.parquet: "), "{:?}", opened.index_unused());
    let store = Store::open(&at).unwrap();
    let actor = corpus.actor(corpus.event(0).participants[0].actor).id.clone();
    let words = format!("actor:{actor}");
    assert_eq!(stored(&store, &words).map(|(found, _)| found), loaded(&corpus, &words));
}

#[test]
fn an_index_of_some_events_converted_names_their_rows_not_their_positions() {
    let dir = tempfile::tempdir().unwrap();
    let (all, some) = (dir.path().join("all"), dir.path().join("some"));
    let corpus = converted(Shape::Gdelt, 2_000, 300, &all);
    // Every third event, as `convert --where` keeps some: rows 0.., positions with gaps.
    let kept: Vec<EventIx> = (0..corpus.events().len() as EventIx).filter(|e| e % 3 == 0).collect();
    annals::export::parquet::write_dataset_in_groups(&corpus, &kept, &some, 300).unwrap();
    assert!(Dataset::open(&some).unwrap().indexes_actors());
    let store = Store::open(&some).unwrap();
    let actor = corpus.actor(corpus.event(0).participants[0].actor).id.clone();
    let words = format!("actor:{actor}");
    let names: Vec<String> = kept.iter().map(|&e| corpus.event_ref(corpus.event(e))).collect();
    let expected: Vec<String> = loaded(&corpus, &words).unwrap().into_iter().filter(|n| names.contains(n)).collect();
    assert!(!expected.is_empty());
    assert_eq!(stored(&store, &words).unwrap().0, expected);
    let tally = store.tally(&Filter::parse_words(&words).unwrap(), Undated::AtReport, &|| false).unwrap().unwrap();
    assert_eq!(tally.total, expected.len() as u64);
    let rows: Vec<u64> = (0..kept.len() as u64).filter(|&r| expected.contains(&names[r as usize])).collect();
    assert_eq!(tally.rows, Some(rows));
}

#[test]
fn actors_whose_ids_pass_the_statistics_length_are_told_apart_in_the_index() {
    // Ids of 100 bytes alike in their first 90 (Parquet keeps 64 of a page's min and max),
    // many events each, in row groups and pages small enough that their pairs span several.
    let long = |k: usize| format!("{}{k:010}", "x".repeat(90));
    let actors: Vec<String> = (0..6).map(|k| format!(r#"{{"id": "{}", "name": "Actor {k}"}}"#, long(k))).collect();
    let events: Vec<String> = (0..600)
        .map(|e| {
            let (a, b) = (long(e % 6), long((e / 6) % 6));
            format!(
                r#"{{"id": "e{e}", "date": "2016-{:02}-{:02}", "summary": "event {e}", "participants": [{{"actor": "{a}", "role": "agent"}}, {{"actor": "{b}", "role": "target"}}]}}"#,
                1 + e % 12,
                1 + e % 28
            )
        })
        .collect();
    let json = format!(
        r#"[{{"id": "a1", "title": "Long ids", "actors": [{}], "events": [{}]}}]"#,
        actors.join(","),
        events.join(",")
    );
    let read = annals::ingest::load_str("long.json", &json);
    assert_eq!(read.corpus.events().len(), 600, "{:?}", read.report.diagnostics().first());
    let corpus = read.corpus;
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("d");
    let all: Vec<EventIx> = (0..600).collect();
    annals::export::parquet::write_dataset_in_groups(&corpus, &all, &at, 64).unwrap();
    let store = Store::open(&at).unwrap();
    assert!(Dataset::open(&at).unwrap().indexes_actors());
    for k in 0..6 {
        let words = format!("actor:{}", long(k));
        let expected = loaded(&corpus, &words).unwrap();
        assert!(expected.len() >= 100, "{}", expected.len());
        assert_eq!(stored(&store, &words).unwrap().0, expected, "actor {k}");
        let filter = Filter::parse_words(&words).unwrap();
        let tally = store.tally(&filter, Undated::AtReport, &|| false).unwrap().unwrap();
        assert_eq!(tally.total, expected.len() as u64, "actor {k}");
        // Stopped: nothing.
        assert_eq!(store.tally(&filter, Undated::AtReport, &|| true).unwrap(), None);
    }
}
