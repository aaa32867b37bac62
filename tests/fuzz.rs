//! Mutation fuzzing on the stable toolchain: every importer is fed mutants of the project's
//! own fixtures (and of the corpora in `ANNALS_FUZZ_CORPORA`, when given), and must never
//! panic, and must locate every problem it reports. The native JSON reader is also held
//! against serde_json: it accepts exactly the documents serde_json accepts, with the same
//! values.
//!
//! `cargo test` runs a bounded, deterministic round. A longer one, per target:
//!
//! ```sh
//! ANNALS_FUZZ_SECONDS=600 ANNALS_FUZZ_SEED=$RANDOM cargo test --release --test fuzz -- --test-threads 1
//! ```
//!
//! An input that fails is written to `target/fuzz-failures/` and named in the failure.

use annals::ingest::{self, Loaded};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Mutants per target in a plain `cargo test`.
const BOUNDED_ROUND: usize = 1500;

/// xorshift64*: small, fast and reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Bytes and words that break parsers: structure, escapes, controls, multibyte and
/// invisible characters, numbers at their limits.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    ":",
    ",",
    "<",
    ">",
    "&",
    ";",
    "/",
    "'",
    "=",
    "\t",
    "\n",
    "\r",
    "\u{0}",
    "\u{1b}[2J",
    "\u{1b}]0;x\u{7}",
    "\u{85}",
    "\u{7f}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "é",
    "Путин",
    "日本",
    "😀",
    "\\u0000",
    "\\ud800",
    "\\u00e9",
    "-",
    "0",
    "1e999",
    "-0",
    "18446744073709551616",
    "9999-12-31",
    "0000-01-01",
    "T",
    "Z",
    "+14:00",
    "null",
    "true",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "&amp;",
    "&#27;",
    "&#x202E;",
    "<TIMEX3",
    "</",
    "T1",
    "E1",
    "R1",
    "Arg1:",
    "\t0\t",
    "\t\t",
    "http://",
    "X",
    " ",
];

/// One mutation of `text`, sometimes splicing in a piece of `other`.
fn mutate(rng: &mut Rng, text: &str, other: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(8) {
            0 if !bytes.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            1 | 2 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            3 if !bytes.is_empty() => {
                let at = at.min(bytes.len() - 1);
                bytes[at] ^= 1 << rng.below(8);
            }
            4 if !other.is_empty() => {
                let start = rng.below(other.len());
                let end = (start + rng.below(256)).min(other.len());
                bytes.splice(at..at, other.as_bytes()[start..end].iter().copied());
            }
            5 if !bytes.is_empty() => {
                let start = at.min(bytes.len() - 1);
                let end = (start + 1 + rng.below(64)).min(bytes.len());
                let piece = bytes[start..end].to_vec();
                bytes.splice(end..end, piece);
            }
            6 => bytes.truncate(at),
            _ => {
                // Nest deeper: what recursion meets.
                let open = TOKENS[rng.below(5)].as_bytes();
                for _ in 0..rng.below(40) {
                    bytes.splice(at..at, open.iter().copied());
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The project's fixtures whose name ends with one of `extensions`, and the files of the
/// folders named in `ANNALS_FUZZ_CORPORA` (separated by `:`), as (name, text).
fn seeds(extensions: &[&str]) -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() { walk(&path, out) } else { out.push(path) }
        }
    }
    let mut files = Vec::new();
    walk(Path::new("tests/fixtures"), &mut files);
    walk(Path::new("data"), &mut files);
    for dir in std::env::var("ANNALS_FUZZ_CORPORA").unwrap_or_default().split(':').filter(|d| !d.is_empty()) {
        walk(Path::new(dir), &mut files);
    }
    let mut seeds: Vec<(String, String)> = files
        .into_iter()
        .filter(|p| {
            let name = p.to_string_lossy().to_lowercase();
            extensions.iter().any(|e| name.ends_with(e))
        })
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            (text.len() < 1 << 20).then(|| (p.to_string_lossy().into_owned(), text))
        })
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds for {extensions:?}");
    seeds
}

/// How long a target runs: a bounded round, or `ANNALS_FUZZ_SECONDS`.
fn budget() -> (usize, Option<Duration>) {
    match std::env::var("ANNALS_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()) {
        Some(seconds) => (usize::MAX, Some(Duration::from_secs(seconds))),
        None => (BOUNDED_ROUND, None),
    }
}

fn seed() -> u64 {
    std::env::var("ANNALS_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261130)
}

/// Keep a failing input where it can be replayed, and say where.
fn keep_failure(target: &str, extension: &str, input: &str, why: &str) -> ! {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let hash = input.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let path = dir.join(format!("{target}-{hash:016x}{extension}"));
    let _ = std::fs::write(&path, input);
    panic!("{target}: {why}; the input is kept in {}", path.display());
}

/// Every diagnostic names a line and a column, and shows no raw control character.
fn check_report(target: &str, extension: &str, input: &str, loaded: &Loaded) {
    for d in loaded.report.diagnostics() {
        let shown = d.to_string();
        if d.line == 0 || d.column == 0 {
            keep_failure(target, extension, input, &format!("a diagnostic without its place: {shown}"));
        }
        if shown.chars().any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')) {
            keep_failure(target, extension, input, &format!("a diagnostic shows a control character: {shown:?}"));
        }
    }
}

/// Run `attempt` on mutants of the seeds until the budget is spent; returns how many ran.
fn fuzz(target: &str, extensions: &[&str], attempt: impl Fn(&str, &str)) -> usize {
    let seeds = seeds(extensions);
    let (rounds, time) = budget();
    let started = Instant::now();
    let mut rng = Rng::new(seed() ^ target.bytes().fold(0, |h, b| h * 31 + u64::from(b)));
    let mut ran = 0;
    while ran < rounds && time.is_none_or(|t| started.elapsed() < t) {
        let (name, text) = &seeds[rng.below(seeds.len())];
        let (_, other) = &seeds[rng.below(seeds.len())];
        let mut mutant = mutate(&mut rng, text, other);
        // Mutants of mutants reach further from the seed.
        for _ in 0..rng.below(3) {
            mutant = mutate(&mut rng, &mutant, other);
        }
        attempt(name, &mutant);
        ran += 1;
    }
    if time.is_some() {
        eprintln!("{target}: {ran} inputs in {:.0?}", started.elapsed());
    }
    ran
}

/// Load `input` as a file named like `name`: never a panic, every problem located.
fn load_target(target: &str, name: &str, input: &str) {
    let extension = Path::new(name).extension().map_or(String::new(), |e| format!(".{}", e.to_string_lossy()));
    let file = format!("input{extension}");
    match catch_unwind(AssertUnwindSafe(|| ingest::load_str(&file, input))) {
        Ok(loaded) => check_report(target, &extension, input, &loaded),
        Err(panic) => {
            let why =
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            keep_failure(target, &extension, input, &format!("panicked: {}", why.unwrap_or_default()));
        }
    }
}

#[test]
fn native_json_never_panics_and_locates_every_problem() {
    let ran = fuzz("native", &[".json", ".jsonl"], |name, input| load_target("native", name, input));
    assert!(ran > 0);
}

#[test]
fn timeml_never_panics_and_locates_every_problem() {
    let ran = fuzz("timeml", &[".tml"], |name, input| load_target("timeml", name, input));
    assert!(ran > 0);
}

#[test]
fn meantime_cat_never_panics_and_locates_every_problem() {
    let ran = fuzz("cat", &["cat/airbus-a.xml", "cat/airbus-b.xml", "mixed/feed.xml"], |name, input| {
        load_target("cat", name, input)
    });
    assert!(ran > 0);
}

#[test]
fn gdelt_never_panics_and_locates_every_problem() {
    let ran = fuzz("gdelt", &[".csv", ".tsv"], |name, input| load_target("gdelt", name, input));
    assert!(ran > 0);
}

#[test]
fn brat_never_panics_and_locates_every_problem() {
    // A brat document is two files: its annotations (.ann) and its text (.txt).
    let texts: Vec<(String, String)> = seeds(&[".txt"]).into_iter().filter(|(n, _)| n.contains("brat")).collect();
    let dir = tempfile::tempdir().unwrap();
    let ran = fuzz("brat", &[".ann"], |_, input| {
        let text = &texts[input.len() % texts.len()].1;
        std::fs::write(dir.path().join("doc.ann"), input).unwrap();
        std::fs::write(dir.path().join("doc.txt"), text).unwrap();
        let inputs = [ingest::Input::Path(dir.path().join("doc.ann"))];
        match catch_unwind(AssertUnwindSafe(|| ingest::load(&inputs, &ingest::LoadOptions::default()))) {
            Ok(loaded) => check_report("brat", ".ann", input, &loaded),
            Err(_) => keep_failure("brat", ".ann", input, "panicked"),
        }
    });
    assert!(ran > 0);
}

/// annals's reading of a JSON document as serde_json reads it: members in order, the last
/// of a repeated key winning, numbers as serde_json would parse them.
fn as_serde(node: &ingest::json::Node) -> serde_json::Value {
    use ingest::json::Value;
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(as_serde).collect()),
        Value::Object(members) => {
            let mut map = serde_json::Map::new();
            for m in members {
                map.insert(m.key.to_string(), as_serde(&m.value));
            }
            serde_json::Value::Object(map)
        }
    }
}

/// How deeply arrays and objects nest: serde_json refuses past 128 levels, a limit of its
/// own and not of JSON, so deeper documents are not compared.
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for b in text.bytes() {
        match (in_string, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (false, _, b'"') => in_string = true,
            (false, _, b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, _, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[test]
fn the_json_reader_accepts_what_serde_json_accepts_with_the_same_values() {
    let ran = fuzz("json", &[".json"], |_, input| {
        if nesting(input) > 100 {
            return;
        }
        let theirs = serde_json::from_str::<serde_json::Value>(input);
        let ours = match catch_unwind(AssertUnwindSafe(|| ingest::json::parse(input).map(|n| as_serde(&n)))) {
            Ok(ours) => ours,
            Err(_) => keep_failure("json", ".json", input, "the JSON reader panicked"),
        };
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) if a != b => {
                keep_failure("json", ".json", input, "read with other values than serde_json's")
            }
            // serde_json reads numbers as f64 and refuses those past its range (1e999), a
            // limit of its own: JSON's grammar has none, and annals keeps numbers as written.
            (Ok(_), Err(e)) if e.to_string().starts_with("number out of range") => {}
            (Ok(_), Err(e)) => keep_failure("json", ".json", input, &format!("accepted what serde_json refuses: {e}")),
            (Err(e), Ok(_)) => {
                keep_failure("json", ".json", input, &format!("refused what serde_json accepts: {}", e.message))
            }
            _ => {}
        }
    });
    assert!(ran > 0);
}

#[test]
fn mutations_are_reproducible_from_their_seed() {
    let (mut a, mut b) = (Rng::new(7), Rng::new(7));
    let text = r#"{"id": "a", "events": []}"#;
    assert_eq!(mutate(&mut a, text, text), mutate(&mut b, text, text));
    assert_eq!(nesting(r#"[{"a": "[[["}, [1]]"#), 2);
}
