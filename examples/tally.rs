//! How long a store takes to count what passes a filter (the interface's position, density
//! strip and the picker's counts): `Store::tally`, which a server that decides the whole
//! filter answers itself; then the same count made by annals from the rows the store sends
//! (what a filter the server decides only in part costs).
//! `cargo run --release --example tally -- STORE QUERY [listed]` (docs/PERFORMANCE.md);
//! `listed` lists the store's actors first (the interface does, in the background), which
//! a GDELT table then looks names up in.

use annals::model::Undated;
use annals::query::Filter;
use annals::store::{Flow, Store};
use std::time::Instant;

/// The allocator the binary uses, so that the figures are the interface's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(place), Some(query)) = (args.first(), args.get(1)) else {
        eprintln!("usage: tally STORE QUERY");
        std::process::exit(2);
    };
    let store = Store::open(std::path::Path::new(place)).expect("a store");
    let filter = Filter::parse_words(query).expect("a query");
    if args.get(2).is_some_and(|a| a == "listed") {
        let started = Instant::now();
        let listed = store.list_actors().expect("the actors").map_or(0, |(actors, _)| actors.actors().len());
        println!("listed: {:.3} s, {listed} actors", started.elapsed().as_secs_f64());
    }
    let started = Instant::now();
    let tally = store.tally(&filter, Undated::AtReport, &|| false).expect("a tally").expect("not stopped");
    println!(
        "tally: {:.3} s, {} events on {} days, {} actors, by the server: {}",
        started.elapsed().as_secs_f64(),
        tally.total,
        tally.days.len(),
        tally.actors.len(),
        tally.by_server
    );
    let started = Instant::now();
    let (mut passing, mut sent) = (0usize, 0usize);
    let scanned = store
        .scan(&filter, Undated::AtReport, |_, events| {
            passing += events.len();
            Ok(Flow::More)
        })
        .expect("a scan");
    sent += scanned.rows_read;
    println!(
        "scan: {:.3} s, {passing} events passing of {sent} rows sent in {} pages",
        started.elapsed().as_secs_f64(),
        scanned.pages_read
    );
}
