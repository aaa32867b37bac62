//! Benchmarks of docs/PERFORMANCE.md, on generated corpora of 10,000 and 1,000,000 events
//! (`ANNALS_BENCH_SIZES=10000` to run only the small one). The corpora are generated once
//! into target/bench-data/.

use annals::ingest::{self, Input, LoadOptions};
use annals::model::Corpus;
use annals::query::{Filter, rank_actors};
use annals::tui::action::Action;
use annals::tui::app::App;
use annals::tui::update::update;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

fn sizes() -> Vec<u64> {
    std::env::var("ANNALS_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn corpus_file(events: u64) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("gen-{events}-seed1.jsonl"));
    if !path.exists() {
        let temp = path.with_extension("tmp");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temp).unwrap());
        annals::synthetic::write_corpus(&mut out, events, 1).unwrap();
        drop(out);
        std::fs::rename(&temp, &path).unwrap();
    }
    path
}

fn load(path: &std::path::Path) -> Corpus {
    ingest::load(&[Input::Path(path.to_path_buf())], &LoadOptions::default())
}

/// A frequent actor's name, a rare word, and so on, taken from the corpus itself.
fn busiest_actor(corpus: &Corpus) -> String {
    let (ix, _) = corpus.actor_events.iter().enumerate().max_by_key(|(_, e)| e.len()).unwrap();
    corpus.actors[ix].id.clone()
}

fn benches(c: &mut Criterion) {
    // What `annals` does before its first frame on the bundled corpus (terminal set-up aside).
    c.bench_function("startup/bundled_load_and_first_frame_80x24", |b| {
        b.iter(|| {
            let corpus = Arc::new(ingest::load(&[], &LoadOptions::default()));
            let app = App::new(corpus, 80, 24);
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            terminal.draw(|f| annals::tui::view::draw(f, &app)).unwrap().area
        })
    });
    for n in sizes() {
        let path = corpus_file(n);
        let label = if n >= 1_000_000 { format!("{}M", n / 1_000_000) } else { format!("{}k", n / 1000) };

        let mut group = c.benchmark_group(format!("load/{label}"));
        group.sample_size(10).measurement_time(Duration::from_secs(if n >= 1_000_000 { 120 } else { 5 }));
        group.bench_function("annals", |b| b.iter(|| load(&path)));
        group.finish();

        let corpus = Arc::new(load(&path));
        let actor = busiest_actor(&corpus);
        let article = corpus.articles[corpus.articles.len() / 2].id.clone();
        let mut group = c.benchmark_group(format!("filter/{label}"));
        group.sample_size(20);
        let filters: Vec<(&str, Filter)> = vec![
            ("actor", Filter { actors: vec![actor.clone()], ..Filter::default() }),
            ("action", Filter { action: Some("expel".into()), ..Filter::default() }),
            ("status", Filter { status: Some("denied".into()), ..Filter::default() }),
            ("tag", Filter { tag: Some("moscow".into()), ..Filter::default() }),
            ("article", Filter { article: Some(article), ..Filter::default() }),
            ("from_to", Filter { from: Some("2010-03".into()), to: Some("2010-06".into()), ..Filter::default() }),
            ("text", Filter { text: Some("officials said".into()), ..Filter::default() }),
        ];
        for (name, filter) in &filters {
            group.bench_function(*name, |b| b.iter(|| filter.compile(&corpus).unwrap().apply(&corpus)));
        }
        group.finish();

        let mut group = c.benchmark_group(format!("keystroke/{label}"));
        group.sample_size(20);
        let app_at = |setup: &[Action]| {
            let mut app = App::new(corpus.clone(), 200, 60);
            for a in setup {
                update(&mut app, a.clone());
            }
            app
        };
        let keystrokes: Vec<(&str, Vec<Action>, Action)> = vec![
            ("move_down", vec![], Action::Down),
            ("page_down", vec![], Action::PageDown),
            ("next_day", vec![], Action::NextDay),
            ("next_month", vec![], Action::NextMonth),
            ("search_first_letter", vec![Action::OpenSearch], Action::Input('m')),
            (
                "search_rare_word",
                "/zzyzx".chars().skip(1).map(Action::Input).fold(vec![Action::OpenSearch], |mut v, a| {
                    v.push(a);
                    v
                }),
                Action::Backspace,
            ),
            (
                "jump_to_date",
                "2012-07-14".chars().map(Action::Input).fold(vec![Action::OpenGoto], |mut v, a| {
                    v.push(a);
                    v
                }),
                Action::Submit,
            ),
            ("picker_first_letter", vec![Action::OpenActorPicker], Action::Input('k')),
            (
                "picker_third_letter",
                vec![Action::OpenActorPicker, Action::Input('k'), Action::Input('a')],
                Action::Input('r'),
            ),
            (
                "filter_submit_actor",
                format!("actor:{actor}").chars().map(Action::Input).fold(vec![Action::OpenFilter], |mut v, a| {
                    v.push(a);
                    v
                }),
                Action::Submit,
            ),
        ];
        for (name, setup, action) in keystrokes {
            group.bench_function(name, |b| {
                b.iter_batched(|| app_at(&setup), |mut app| update(&mut app, action.clone()), BatchSize::LargeInput)
            });
        }
        group.finish();

        let mut group = c.benchmark_group(format!("fuzzy/{label}"));
        group.sample_size(20);
        for query in ["k", "kar", "karovin"] {
            group.bench_function(query, |b| b.iter(|| rank_actors(&corpus, query)));
        }
        group.finish();

        let mut group = c.benchmark_group(format!("render/{label}"));
        let mut app = App::new(corpus.clone(), 200, 60);
        update(&mut app, Action::PageDown);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        group.bench_function("main_200x60", |b| {
            b.iter(|| terminal.draw(|f| annals::tui::view::draw(f, &app)).unwrap().area)
        });
        group.finish();
    }
}

criterion_group!(annals_benches, benches);
criterion_main!(annals_benches);
