//! Benchmarks of docs/PERFORMANCE.md, on generated corpora of 10,000 and 1,000,000 events
//! (`ANNALS_BENCH_SIZES=10000` to run only the small one). The corpora are generated once
//! into target/bench-data/.
//!
//! Loading is also measured on the other shapes of data (docs/PERFORMANCE.md, "Shapes of
//! data"): `load/10k/dense` and `load/10k/gdelt`, at 10,000 events only unless asked
//! (`ANNALS_BENCH_SHAPE_SIZES=10000,1000000 cargo bench -- load/` for 1M as well).

use annals::desk::{Change, Desk, StoryEdit};
use annals::ingest::{self, Input, LoadOptions};
use annals::model::Clock;
use annals::model::Corpus;
use annals::query::count::{GroupBy, count_by};
use annals::query::filter::{TextQuery, find_match};
use annals::query::histogram::{Split, Unit};
use annals::query::{Filter, rank_actors};
use annals::stories::Stories;
use annals::synthetic::Shape;
use annals::tui::action::Action;
use annals::tui::action::Clustered;
use annals::tui::app::{App, Mode};
use annals::tui::jobs::HistogramRequest;
use annals::tui::line_editor::Edit;
use annals::tui::update::{Effect, update};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The allocator of the `annals` binary, so that figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn sizes() -> Vec<u64> {
    std::env::var("ANNALS_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

/// The sizes of the dense and GDELT shapes' load benchmarks (10,000 unless asked).
fn shape_sizes() -> Vec<u64> {
    std::env::var("ANNALS_BENCH_SHAPE_SIZES")
        .unwrap_or_else(|_| "10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn label(n: u64) -> String {
    if n >= 1_000_000 { format!("{}M", n / 1_000_000) } else { format!("{}k", n / 1000) }
}

fn corpus_file(events: u64) -> PathBuf {
    shaped_file(Shape::Native, events)
}

/// A generated file of `events` events of `shape`, seed 1 (the native one named as before).
fn shaped_file(shape: Shape, events: u64) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let name = match shape {
        Shape::Native => "gen",
        shape => shape.name(),
    };
    let path = dir.join(format!("{name}-{events}-seed1.{}", shape.extension()));
    if !path.exists() {
        let temp = dir.join(format!("{name}-{events}-seed1.tmp"));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temp).unwrap());
        shape.write(&mut out, events, 1).unwrap();
        drop(out);
        std::fs::rename(&temp, &path).unwrap();
    }
    path
}

fn load(path: &std::path::Path) -> Corpus {
    ingest::load(&[Input::Path(path.to_path_buf())], &LoadOptions::default()).corpus
}

/// A frequent actor's name, a rare word, and so on, taken from the corpus itself.
fn busiest_actor(corpus: &Corpus) -> String {
    let busiest = (0..corpus.actors().len() as u32).max_by_key(|&a| corpus.actor_events(a).len()).unwrap();
    corpus.actor(busiest).id.clone()
}

fn benches(c: &mut Criterion) {
    // What `annals` does before its first frame on the bundled corpus (terminal set-up aside).
    c.bench_function("startup/bundled_load_and_first_frame_80x24", |b| {
        b.iter(|| {
            let corpus = Arc::new(ingest::load(&[], &LoadOptions::default()).corpus);
            let app = App::new(corpus, 80, 24);
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            terminal.draw(|f| annals::tui::view::draw(f, &app)).unwrap().area
        })
    });
    for n in sizes() {
        let path = corpus_file(n);
        let label = label(n);

        let mut group = c.benchmark_group(format!("load/{label}"));
        group.sample_size(10).measurement_time(Duration::from_secs(if n >= 1_000_000 { 120 } else { 5 }));
        group.bench_function("annals", |b| b.iter(|| load(&path)));
        group.finish();

        let corpus = Arc::new(load(&path));
        // What the interface makes on a thread of its own once the timeline is shown: the
        // text pairs that filters and searches with words read first.
        corpus.text_pairs();
        // Stories: the whole clustering of the corpus (beside load/ above: what it adds),
        // and what the keys of the interface cost with them (docs/STORIES.md).
        let mut group = c.benchmark_group(format!("stories/{label}"));
        group.sample_size(10).measurement_time(Duration::from_secs(if n >= 1_000_000 { 60 } else { 5 }));
        group.bench_function("cluster", |b| b.iter(|| Stories::cluster(&corpus, &[])));
        group.finish();
        let stories = Arc::new(Stories::cluster(&corpus, &[]));
        let mut group = c.benchmark_group(format!("keystroke/{label}"));
        let mut with_stories = App::new(corpus.clone(), 200, 60);
        update(&mut with_stories, Action::Clustered { stories: Clustered(stories.clone()) });
        group.bench_function("stories_on", |b| {
            b.iter_batched(
                || with_stories.clone(),
                |mut app| update(&mut app, Action::ToggleStories),
                BatchSize::SmallInput,
            )
        });
        // A split saved (`x` in the reports panel): the stories made again with it.
        let mut split = (*with_stories.desk.notes).clone();
        let report = stories.reports(stories.story_of(stories.joins()[0].a))[0];
        let edit = StoryEdit::Split(Desk::key(&corpus, report));
        split.apply(&Change::Story { edit, on: true }, chrono::Utc::now());
        let split = Arc::new(split);
        group.sample_size(10);
        group.bench_function("stories_after_a_split", |b| {
            b.iter_batched(
                || with_stories.clone(),
                |mut app| update(&mut app, Action::NotesSaved { notes: split.clone(), said: String::new() }),
                BatchSize::SmallInput,
            )
        });
        group.finish();
        let actor = busiest_actor(&corpus);
        let article = corpus.articles()[corpus.articles().len() / 2].id.clone();
        let mut group = c.benchmark_group(format!("filter/{label}"));
        group.sample_size(20);
        let words = |w: String| Filter::parse_words(&w).expect("a query");
        let filters: Vec<(&str, Filter)> = vec![
            ("actor", words(format!("actor:{actor}"))),
            ("action", words("action:expel".into())),
            ("status", words("status:denied".into())),
            ("tag", words("tag:moscow".into())),
            ("article", words(format!("article:{article}"))),
            ("from_to", words("from:2010-03 to:2010-06".into())),
            ("text", words("officials said".into())),
            // The query language: an or of indexed terms, a negation checked on them.
            ("or_not", words(format!("(actor:{actor} or action:expel) -status:denied"))),
            ("not_text", words("-officials".into())),
        ];
        for (name, filter) in &filters {
            group.bench_function(*name, |b| b.iter(|| filter.compile(&corpus).unwrap().apply(&corpus)));
        }
        group.finish();

        // The counts of the `c` panel and `annals count`, over the whole timeline.
        let mut group = c.benchmark_group(format!("count/{label}"));
        group.sample_size(20);
        let everything: Vec<u32> = (0..corpus.events().len() as u32).collect();
        for by in [GroupBy::Action, GroupBy::Actor] {
            group.bench_function(by.name(), |b| b.iter(|| count_by(&corpus, &everything, &by)));
        }
        group.finish();

        // One keystroke handled by update(), from a prepared state (cloned each time,
        // outside the measurement). At 1M, searching happens on the finder thread: its
        // scan is measured apart below (search/...).
        let mut group = c.benchmark_group(format!("keystroke/{label}"));
        group.sample_size(20);
        let typed = |prefix: Action, text: &str| {
            let mut actions = vec![prefix];
            actions.extend(text.chars().map(|c| Action::Edit(Edit::Insert(c))));
            actions
        };
        let keystrokes: Vec<(&str, Vec<Action>, Action)> = vec![
            ("move_down", vec![], Action::Down),
            ("page_down", vec![], Action::PageDown),
            ("next_day", vec![], Action::NextDay),
            ("next_month", vec![], Action::NextMonth),
            ("search_letter_dispatch", vec![Action::OpenSearch], Action::Edit(Edit::Insert('m'))),
            ("jump_to_date", typed(Action::OpenGoto, "2012-07-14"), Action::Submit),
            ("picker_open", vec![], Action::OpenActorPicker),
            ("picker_first_letter", vec![Action::OpenActorPicker], Action::Edit(Edit::Insert('k'))),
            ("picker_third_letter", typed(Action::OpenActorPicker, "ka"), Action::Edit(Edit::Insert('r'))),
            ("filter_submit_actor", typed(Action::OpenFilter, &format!("actor:{actor}")), Action::Submit),
            ("filter_submit_text", typed(Action::OpenFilter, "officials said"), Action::Submit),
            // The analyst's desk: the chain of relations (at most 500 events) and the events
            // around one (a binary search, then the window's density strip).
            ("chain_open", vec![Action::PageDown], Action::OpenChain),
            ("context_open", vec![Action::PageDown], Action::OpenContext),
            ("context_widen", vec![Action::PageDown, Action::OpenContext], Action::Widen),
        ];
        for (name, setup, action) in keystrokes {
            let mut prepared = App::new(corpus.clone(), 200, 60);
            for a in setup {
                update(&mut prepared, a);
            }
            group.bench_function(name, |b| {
                b.iter_batched(|| prepared.clone(), |mut app| update(&mut app, action.clone()), BatchSize::SmallInput)
            });
        }
        // The panels: a key in an open panel (its background answer already in), and the
        // keys that open or recount one (at 1M they hand the counting to a worker).
        let panel_keys: Vec<(&str, Vec<Action>, Action)> = vec![
            ("histogram_open", vec![], Action::OpenHistogram),
            ("histogram_next_bucket", vec![Action::OpenHistogram], Action::PickerDown),
            ("histogram_page_later", vec![Action::OpenHistogram], Action::ScrollRight),
            ("histogram_zoom_in", vec![Action::OpenHistogram], Action::ZoomIn),
            ("lanes_open_busiest", vec![], Action::OpenLanes),
            ("lanes_next_event", vec![Action::OpenLanes], Action::ScrollRight),
            ("lanes_next_lane", vec![Action::OpenLanes], Action::PickerDown),
            ("lanes_dyad", vec![Action::OpenLanes], Action::ToggleDyad),
        ];
        for (name, setup, action) in panel_keys {
            let prepared = prepared_panel(&corpus, setup);
            group.bench_function(name, |b| {
                b.iter_batched(|| prepared.clone(), |mut app| update(&mut app, action.clone()), BatchSize::SmallInput)
            });
        }
        group.finish();

        // The panels' counting itself, as their worker does it for a large view.
        let mut group = c.benchmark_group(format!("panels/{label}"));
        group.sample_size(10);
        let everything = Arc::new((0..corpus.events().len() as u32).collect::<Vec<u32>>());
        for unit in [Unit::Day, Unit::Month] {
            let request = HistogramRequest { view: everything.clone(), unit, clock: Clock::Utc, split: Split::Status };
            group.bench_function(format!("histogram_by_{}_status", unit.name()), |b| b.iter(|| request.run(&corpus)));
        }
        group.finish();

        // The finder thread's scan for the next match, over the whole timeline.
        let mut group = c.benchmark_group(format!("search/{label}"));
        group.sample_size(10);
        let view: Vec<u32> = (0..corpus.events().len() as u32).collect();
        for (name, words) in [("first_letter_m", "m"), ("word_moscow", "moscow"), ("no_match_zzyzx", "zzyzx")] {
            let query = TextQuery::new(words).unwrap();
            group.bench_function(name, |b| b.iter(|| find_match(&corpus, &view, &query, 0, true, &|| false)));
        }
        group.finish();

        // Ranking every actor's names and aliases (100,000 actors at 1M).
        let mut group = c.benchmark_group(format!("fuzzy/{label}"));
        group.sample_size(20);
        for query in ["k", "kar", "karovin"] {
            group.bench_function(query, |b| b.iter(|| rank_actors(&corpus, query)));
        }
        // As the picker does while typing: "kar" re-scores only the matches of "ka".
        let mut ka: Vec<u32> = rank_actors(&corpus, "ka").iter().map(|m| m.actor).collect();
        ka.sort_unstable();
        group.bench_function("kar_within_ka", |b| {
            b.iter(|| annals::query::fuzzy::rank_actors_within(&corpus, "kar", &ka))
        });
        group.finish();

        let mut group = c.benchmark_group(format!("render/{label}"));
        let mut app = App::new(corpus.clone(), 200, 60);
        update(&mut app, Action::PageDown);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        group.bench_function("main_200x60", |b| {
            b.iter(|| terminal.draw(|f| annals::tui::view::draw(f, &app)).unwrap().area)
        });
        for (name, open) in [("histogram_200x60", Action::OpenHistogram), ("lanes_200x60", Action::OpenLanes)] {
            let app = prepared_panel(&corpus, vec![open]);
            group
                .bench_function(name, |b| b.iter(|| terminal.draw(|f| annals::tui::view::draw(f, &app)).unwrap().area));
        }
        group.finish();

        // The tone panel, on a corpus of as many events with GDELT's numbers (the generated
        // corpora have none).
        let scored = Arc::new(load(&scored_file(n)));
        let mut group = c.benchmark_group(format!("keystroke/{label}"));
        group.sample_size(20);
        for (name, setup, action) in [
            ("tone_open", vec![], Action::OpenTone),
            ("tone_next_bucket", vec![Action::OpenTone], Action::ScrollLeft),
            ("tone_band_up", vec![Action::OpenTone], Action::PickerUp),
            ("tone_next_attribute", vec![Action::OpenTone], Action::NextField),
        ] {
            let prepared = prepared_panel(&scored, setup);
            group.bench_function(name, |b| {
                b.iter_batched(|| prepared.clone(), |mut app| update(&mut app, action.clone()), BatchSize::SmallInput)
            });
        }
        group.finish();
        let mut group = c.benchmark_group(format!("render/{label}"));
        let app = prepared_panel(&scored, vec![Action::OpenTone]);
        let charted =
            |mode: &Mode| matches!(mode, Mode::Tone(t) if matches!(&t.chart, Some(Ok(c)) if !c.buckets.is_empty()));
        assert!(charted(&app.mode), "the scored corpus has numbers to chart");
        group.bench_function("tone_200x60", |b| {
            b.iter(|| terminal.draw(|f| annals::tui::view::draw(f, &app)).unwrap().area)
        });
        group.finish();
    }
    // Loading the other shapes of data, beside `load/{size}/annals` (the native shape).
    for n in shape_sizes() {
        let mut group = c.benchmark_group(format!("load/{}", label(n)));
        group.sample_size(10).measurement_time(Duration::from_secs(if n >= 1_000_000 { 120 } else { 5 }));
        for shape in [Shape::Dense, Shape::Gdelt] {
            let path = shaped_file(shape, n);
            let loaded = ingest::load(&[Input::Path(path.clone())], &LoadOptions::default());
            assert_eq!(loaded.report.error_count(), 0, "{} loads without errors", path.display());
            assert_eq!(loaded.corpus.events().len(), n as usize);
            group.bench_function(shape.name(), |b| b.iter(|| load(&path)));
        }
        group.finish();
    }
}

/// An app at 200x60 after `setup`, with the background's answers (histogram, tone chart)
/// computed here and applied, as the loop would.
fn prepared_panel(corpus: &Arc<Corpus>, setup: Vec<Action>) -> App {
    let mut app = App::new(corpus.clone(), 200, 60);
    for a in setup {
        for effect in update(&mut app, a) {
            let answer = match effect {
                Effect::Histogram { generation, request } => {
                    Action::Histogrammed { generation, histogram: Box::new(request.run(corpus)) }
                }
                Effect::Tone { generation, request } => {
                    Action::Toned { generation, chart: Box::new(request.run(corpus)) }
                }
                _ => continue,
            };
            update(&mut app, answer);
        }
    }
    app
}

/// A corpus of `events` events over ten years with GDELT's Goldstein scale, tone and quad
/// class, generated once into target/bench-data/.
fn scored_file(events: u64) -> PathBuf {
    use std::io::Write;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("scored-{events}.jsonl"));
    if !path.exists() {
        let temp = path.with_extension("tmp");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temp).unwrap());
        let per_article = 100;
        for a in 0..events.div_ceil(per_article) {
            let rows: Vec<String> = (0..per_article.min(events - a * per_article))
                .map(|i| {
                    let n = a * per_article + i;
                    let day = 14_610 + n * 3_650 / events.max(1);
                    let date = chrono::DateTime::from_timestamp(day as i64 * 86_400, 0).unwrap().date_naive();
                    let goldstein = (n * 7_919 % 201) as f64 / 10.0 - 10.0;
                    let tone = (n * 104_729 % 401) as f64 / 20.0 - 10.0;
                    format!(
                        r#"{{"id":"e{i}","date":"{date}","summary":"event {n}","attributes":{{"GoldsteinScale":"{goldstein}","AvgTone":"{tone}","QuadClass":"{}"}}}}"#,
                        n % 4 + 1
                    )
                })
                .collect();
            writeln!(out, r#"{{"id":"a{a}","title":"T","events":[{}]}}"#, rows.join(",")).unwrap();
        }
        drop(out);
        std::fs::rename(&temp, &path).unwrap();
    }
    path
}

criterion_group!(annals_benches, benches);
criterion_main!(annals_benches);
