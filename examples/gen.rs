//! Writes a realistic annals corpus as JSON Lines to standard output, for benchmarks and
//! for trying annals at scale (see `annals::synthetic`):
//!
//!     cargo run --release --example gen -- --events 1000000 --seed 7 > big.jsonl
//!
//! With `--retold PERCENT --truth FILE`, that share of the events retell a recent event
//! of another article in other words, and FILE receives each event's story (for
//! measuring stories: `cargo run --release --example stories -- big.jsonl FILE`).
//!
//! `--shape` picks the shape of the data (docs/PERFORMANCE.md, "Shapes of data"): `native`
//! (the default, above), `dense` (short articles of about ten events, as feeds write them)
//! or `gdelt` (a GDELT 2.0 export table, to be named `*.export.CSV`):
//!
//!     cargo run --release --example gen -- --shape gdelt --events 1000000 > big.export.CSV

use std::io::{BufWriter, Write};

fn main() {
    let mut events: u64 = 10_000;
    let mut seed: u64 = 1;
    let mut retold: u64 = 0;
    let mut truth: Option<String> = None;
    let mut shape = annals::synthetic::Shape::Native;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.replace('_', "").parse().ok());
        match (args[i].as_str(), value) {
            ("--events", Some(v)) => events = v,
            ("--seed", Some(v)) => seed = v,
            ("--retold", Some(v)) => retold = v,
            ("--truth", _) if i + 1 < args.len() => truth = Some(args[i + 1].clone()),
            ("--shape", _) if i + 1 < args.len() && annals::synthetic::Shape::parse(&args[i + 1]).is_some() => {
                shape = annals::synthetic::Shape::parse(&args[i + 1]).unwrap_or(shape)
            }
            _ => {
                eprintln!(
                    "usage: gen --events N [--seed S] [--shape native|dense|gdelt] [--retold PERCENT --truth FILE]"
                );
                std::process::exit(2);
            }
        }
        i += 2;
    }
    if shape != annals::synthetic::Shape::Native && (retold > 0 || truth.is_some()) {
        eprintln!("gen: --retold and --truth are for the native shape");
        std::process::exit(2);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut truth_file = match truth.as_deref().map(std::fs::File::create).transpose() {
        Ok(file) => file.map(BufWriter::new),
        Err(e) => {
            eprintln!("gen: cannot create {}: {e}", truth.unwrap_or_default());
            std::process::exit(1);
        }
    };
    let truth_out = truth_file.as_mut().map(|f| f as &mut dyn Write);
    let written = match shape {
        annals::synthetic::Shape::Native => {
            annals::synthetic::write_corpus_retold(&mut out, events, seed, retold, truth_out)
        }
        shape => shape.write(&mut out, events, seed),
    };
    let written = written.and_then(|_| out.flush()).and_then(|_| truth_file.map_or(Ok(()), |mut f| f.flush()));
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("gen: {e}");
        std::process::exit(1);
    }
}
