//! How long a store's window takes to read at each place the interface asks for one: its
//! start, its end, around a date, and around the last event of the first window (moving
//! past it). `cargo run --release --example windows -- STORE PLACE [QUERY] [WINDOW]`, PLACE
//! one of `start`, `end`, `date:YYYY-MM-DD`, `next` (the first window, then the one around
//! its last event: the time printed is the second's). One place a run, so that
//! `/usr/bin/time` gives each its own peak memory (docs/PERFORMANCE.md).

use annals::model::Undated;
use annals::query::Filter;
use annals::store::{At, Store};
use std::time::Instant;

/// The allocator the binary uses, so that the figures are the interface's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(place), Some(what)) = (args.first(), args.get(1)) else {
        eprintln!("usage: windows STORE start|end|date:YYYY-MM-DD|next [QUERY] [WINDOW]");
        std::process::exit(2);
    };
    let query = args.get(2).map(String::as_str).unwrap_or("");
    let window: usize = args.get(3).map_or(100_000, |w| w.parse().expect("a number of events"));
    let store = Store::open(std::path::Path::new(place)).expect("a store");
    let filter = Filter::parse_words(query).expect("a query");
    let read = |at: &At| {
        let started = Instant::now();
        let g = store.gather(&filter, Undated::AtReport, window, at, &mut |_, _| {}, &|| false);
        if let Some(e) = &g.error {
            panic!("{e}");
        }
        (g, started.elapsed())
    };
    let at = match what.as_str() {
        "start" => At::Start,
        "end" => At::End,
        "next" => read(&At::Start).0.last.expect("a first window"),
        day => {
            let day = day.strip_prefix("date:").expect("start, end, next or date:YYYY-MM-DD");
            let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a day");
            At::Date(day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp())
        }
    };
    let (g, took) = read(&at);
    let c = &g.corpus;
    let first = c.events().first().and_then(|e| e.date).map(|d| d.iso()).unwrap_or_default();
    let last = c.events().last().and_then(|e| e.date).map(|d| d.iso()).unwrap_or_default();
    println!(
        "{what}: {} events ({first} to {last}), {} rows read, {:.2} s",
        c.events().len(),
        g.scanned.rows_read,
        took.as_secs_f64()
    );
}
