//! Stories measured on a generated corpus with planted retellings (docs/STORIES.md): the
//! time to load it, the time to cluster it, and the clustering scored against the truth
//! the generator wrote.
//!
//!     cargo run --release --example gen -- --events 1000000 --retold 20 --truth truth.tsv > retold.jsonl
//!     cargo run --release --example stories -- retold.jsonl truth.tsv
//!
//! Without the truth file it times loading and clustering only.

use annals::ingest::{self, Input, LoadOptions};
use annals::stories::Stories;
use annals::stories::measure::score;
use std::collections::HashMap;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (corpus, truth) = match args.as_slice() {
        [corpus] => (corpus, None),
        [corpus, truth] => (corpus, Some(truth)),
        _ => {
            eprintln!("usage: stories CORPUS.jsonl [TRUTH.tsv]");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let loaded = ingest::load(&[Input::Path(corpus.into())], &LoadOptions::default());
    let load = started.elapsed();
    let corpus = loaded.corpus;
    let started = Instant::now();
    let stories = Stories::cluster(&corpus, &[]);
    let cluster = started.elapsed();
    println!(
        "events {}  stories found {} (merged {})  load {:.2} s  cluster {:.2} s ({:.0}% of load)",
        corpus.events().len(),
        stories.len(),
        stories.merged(),
        load.as_secs_f64(),
        cluster.as_secs_f64(),
        100.0 * cluster.as_secs_f64() / load.as_secs_f64()
    );
    let Some(truth) = truth else { return };
    let text = std::fs::read_to_string(truth).unwrap_or_else(|e| {
        eprintln!("stories: cannot read {truth}: {e}");
        std::process::exit(1);
    });
    let expected: HashMap<String, String> = text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(event, story)| (event.to_string(), story.to_string()))
        .collect();
    let found: HashMap<String, String> = (0..corpus.events().len() as u32)
        .map(|e| (corpus.event_ref(corpus.event(e)), stories.story_of(e).to_string()))
        .collect();
    let s = score(&found, &expected);
    if std::env::var_os("STORIES_WRONG").is_some() {
        // A sample of pairs put together that the truth keeps apart, for reading.
        let mut shown = 0;
        for story in 0..stories.len() as u32 {
            let reports = stories.reports(story);
            for (i, &a) in reports.iter().enumerate() {
                for &b in &reports[i + 1..] {
                    let (ra, rb) = (corpus.event_ref(corpus.event(a)), corpus.event_ref(corpus.event(b)));
                    if expected.get(&ra) != expected.get(&rb) && shown < 12 {
                        shown += 1;
                        let join = stories.joins_of(a).chain(stories.joins_of(b)).next().copied();
                        println!(
                            "{ra} | {}\n{rb} | {}\n  {join:?}",
                            corpus.event(a).summary.raw(),
                            corpus.event(b).summary.raw()
                        );
                    }
                }
            }
        }
    }
    let expected_stories = expected.values().collect::<std::collections::HashSet<_>>().len();
    println!("expected stories {expected_stories}  {s}");
}
