//! Writes a realistic annals corpus as JSON Lines to standard output, for benchmarks and
//! for trying annals at scale (see `annals::synthetic`):
//!
//!     cargo run --release --example gen -- --events 1000000 --seed 7 > big.jsonl

use std::io::{BufWriter, Write};

fn main() {
    let mut events: u64 = 10_000;
    let mut seed: u64 = 1;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.replace('_', "").parse().ok());
        match (args[i].as_str(), value) {
            ("--events", Some(v)) => events = v,
            ("--seed", Some(v)) => seed = v,
            _ => {
                eprintln!("usage: gen --events N [--seed S]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let written = annals::synthetic::write_corpus(&mut out, events, seed).and_then(|_| out.flush());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("gen: {e}");
            std::process::exit(1);
        }
    }
}
