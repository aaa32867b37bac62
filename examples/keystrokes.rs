//! Replays a session of keystrokes on a corpus and reports the latency of each one, from
//! the key's action to the frame drawn (update + render at 200x60 on a TestBackend), as
//! median and 99th percentile. Work the interface does in the background (searching a
//! large view, ranking many actors) is done here in line, and the time from the key to
//! its answer on screen is reported apart ("... answer").
//!
//!     cargo run --release --example keystrokes -- big.jsonl

use annals::ingest::{self, Input, LoadOptions};
use annals::tui::action::Action;
use annals::tui::app::App;
use annals::tui::line_editor::Edit;
use annals::tui::update::{Effect, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The allocator of the `annals` binary, so that figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("usage: keystrokes FILE");
    let corpus = Arc::new(ingest::load(&[Input::Path(path.into())], &LoadOptions::default()).corpus);
    // What the interface makes on a thread of its own once the timeline is shown (0.3 s at
    // a million events), made before the session as it would be before a first search.
    corpus.text_pairs();
    let mut app = App::new(corpus.clone(), 200, 60);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let typed = |prefix: Option<Action>, text: &str, end: Option<Action>| {
        prefix.into_iter().chain(text.chars().map(|c| Action::Edit(Edit::Insert(c)))).chain(end).collect::<Vec<_>>()
    };
    let mut session: Vec<(&str, Vec<Action>)> = vec![
        ("move", vec![Action::Down; 40]),
        ("move", vec![Action::Up; 10]),
        ("page", vec![Action::PageDown; 20]),
        ("day", vec![Action::NextDay; 20]),
        ("month", vec![Action::NextMonth; 20]),
        ("month", vec![Action::PrevMonth; 5]),
        ("goto", typed(Some(Action::OpenGoto), "2012-07-14", Some(Action::Submit))),
        ("search", typed(Some(Action::OpenSearch), "moscow", Some(Action::Submit))),
        ("search", vec![Action::NextMatch; 10]),
        ("picker", typed(Some(Action::OpenActorPicker), "karovin", Some(Action::Submit))),
        ("filter", vec![Action::ToggleFilters, Action::ToggleFilters]),
        ("filter", typed(Some(Action::OpenFilter), " tag:moscow", Some(Action::Submit))),
        ("filter", vec![Action::ToggleFilters]),
        ("filter", vec![Action::OpenFilter, Action::Edit(Edit::Clear)]),
        ("filter", typed(None, "officials", Some(Action::Submit))),
        ("move", vec![Action::Down; 20]),
        ("filter", vec![Action::ToggleFilters]),
        ("article", vec![Action::OpenArticle, Action::ArticleNextEvent, Action::Cancel]),
        ("help", vec![Action::OpenHelp, Action::Cancel]),
    ];
    // Twice, so that the first pass warms caches like a real session's first minutes.
    session.extend(session.clone());
    let mut all = Vec::new();
    let mut by_kind: Vec<(String, Vec<Duration>)> = Vec::new();
    let mut record = |kind: String, took: Duration| {
        if std::env::var_os("ANNALS_SLOW").is_some() && took > Duration::from_millis(16) {
            eprintln!("slow: {kind}: {:.1} ms", took.as_secs_f64() * 1e3);
        }
        if !kind.ends_with("answer") {
            all.push(took);
        }
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, v)) => v.push(took),
            None => by_kind.push((kind, vec![took])),
        }
    };
    for (kind, actions) in &session {
        for action in actions {
            let start = Instant::now();
            let effects = update(&mut app, action.clone());
            terminal.draw(|f| annals::tui::view::draw(f, &app)).unwrap();
            record(kind.to_string(), start.elapsed());
            for effect in effects {
                let answer = match effect {
                    Effect::Find { generation, request } => {
                        Action::Found { generation, position: request.run(&corpus, &|| false) }
                    }
                    Effect::Filter { generation, request } => {
                        Action::Filtered { generation, result: Box::new(request.apply(&corpus)) }
                    }
                    Effect::Rank { generation, request } => {
                        Action::Ranked { generation, matches: request.run(&corpus) }
                    }
                    _ => continue,
                };
                update(&mut app, answer);
                terminal.draw(|f| annals::tui::view::draw(f, &app)).unwrap();
                record(format!("{kind} answer"), start.elapsed());
            }
        }
    }
    let report = |name: &str, times: &mut Vec<Duration>| {
        times.sort();
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        println!(
            "{name:<15} n={:<4} median {:>8.2} ms  p99 {:>8.2} ms  max {:>8.2} ms",
            times.len(),
            at(0.5).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
    };
    report("all keys", &mut all);
    for (kind, times) in &mut by_kind {
        report(kind, times);
    }
}
