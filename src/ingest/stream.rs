//! Parsing on worker threads: JSON Lines files read in blocks ([`load_json_lines`]), and
//! runs of whole files one per job ([`load_files`]).
//!
//! A million events make a file of hundreds of megabytes; holding it whole beside the
//! parsed model would double the memory. Blocks of whole lines go to the workers; the
//! results are merged into the builder in file order, so diagnostics and the timeline do
//! not depend on thread timing. At most a few blocks are in flight at once. The workers
//! also do the per-article checks ([`prepare`]), leaving the merge only what needs the
//! whole corpus.

use super::build::{Builder, Prepared, Words, prepare};
use super::native;
use super::raw::RawActor;
use crate::diagnostic::{Diagnostic, invalid_utf8};
use std::collections::hash_map::{Entry, RandomState};
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::io::Read;
use std::sync::mpsc::{Receiver, channel, sync_channel};
use std::sync::{Arc, Mutex};

const BLOCK: usize = 4 << 20;

/// Whole files are handed to workers in batches of about this many bytes.
const BATCH: usize = 1 << 20;

struct Job {
    seq: usize,
    first_line: u32,
    bytes: Vec<u8>,
}

type Parsed = (usize, Vec<Prepared>, Vec<Diagnostic>);

/// Stream `reader` (a JSON Lines file named `name`) into the builder. `progress` is told
/// the bytes read so far.
pub fn load_json_lines(
    name: &str,
    mut reader: impl Read,
    builder: &mut Builder,
    diagnostics: &mut Vec<Diagnostic>,
    progress: &mut dyn FnMut(u64),
) {
    let file = builder.add_file(name);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let (job_tx, job_rx) = sync_channel::<Job>(workers * 2);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = channel::<Parsed>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let job_rx = Arc::clone(&job_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let mut seen = Seen::default();
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    let mut found = Vec::new();
                    let articles = parse_block(file, name, &job, &mut seen, &mut found);
                    if done_tx.send((job.seq, articles, found)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut merger = Merger { next: 0, waiting: BTreeMap::new() };
        let mut carry: Vec<u8> = Vec::new();
        let mut seq = 0;
        let mut line = 1u32;
        let mut read_total = 0u64;
        let mut saw_content = false;
        let mut refused = false;
        loop {
            let mut block = std::mem::take(&mut carry);
            let start = block.len();
            block.resize(start + BLOCK, 0);
            let n = match read_fully(&mut reader, &mut block[start..]) {
                Ok(n) => n,
                Err(e) => {
                    diagnostics.push(Diagnostic::error(name, line, 1, format!("cannot read: {e}")));
                    break;
                }
            };
            block.truncate(start + n);
            read_total += n as u64;
            progress(read_total);
            if seq == 0 && start == 0 && block.starts_with(&[0xEF, 0xBB, 0xBF]) {
                diagnostics.push(Diagnostic::error(
                    name,
                    1,
                    1,
                    "the file starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow: save it without one",
                ));
                refused = true;
                break;
            }
            let at_end = n == 0;
            // Whole lines go now; a partial last line waits for the next block.
            let cut = if at_end { block.len() } else { block.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) };
            carry = block.split_off(cut);
            if !block.is_empty() {
                saw_content |= block.iter().any(|b| !b.is_ascii_whitespace());
                let lines = block.iter().filter(|&&b| b == b'\n').count() as u32;
                if job_tx.send(Job { seq, first_line: line, bytes: block }).is_err() {
                    break;
                }
                seq += 1;
                line += lines;
            }
            merger.drain(&done_rx, builder, diagnostics, false);
            if at_end {
                break;
            }
        }
        drop(job_tx);
        merger.drain(&done_rx, builder, diagnostics, true);
        if !saw_content && !refused {
            diagnostics.push(Diagnostic::error(
                name,
                1,
                1,
                "empty file: expected an article object, an array of articles, or JSON Lines",
            ));
        }
    });
}

/// A file read by the merging thread, to be parsed by a worker.
pub struct FileJob {
    pub source: super::Source,
    pub format: super::Format,
    /// Its index among the builder's files.
    pub file: u32,
}

/// Parse whole files on worker threads, merged in the order `next` gives them: a
/// directory of ten thousand articles is parsed on every core. `next` reads each file
/// (and reports what cannot be read) on the calling thread, registering it with the
/// builder; at most a few files wait in memory at once. `progress` is told after each
/// file is merged.
pub fn load_files(
    builder: &mut Builder,
    diagnostics: &mut Vec<Diagnostic>,
    mut next: impl FnMut(&mut Builder, &mut Vec<Diagnostic>) -> Option<Option<FileJob>>,
    progress: &mut dyn FnMut(&str),
) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let (job_tx, job_rx) = sync_channel::<(usize, Vec<FileJob>)>(workers);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = channel::<Parsed>();
    let mut names = Vec::new();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let job_rx = Arc::clone(&job_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let mut words = Words::default();
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, batch)) = job else { return };
                    let mut found = Vec::new();
                    let mut prepared = Vec::new();
                    for job in batch {
                        let articles = super::parse_source(&job.source, job.format, job.file, &mut found);
                        let name = &job.source.name;
                        prepared.extend(articles.into_iter().map(|a| prepare(a, name, &mut words)));
                    }
                    if done_tx.send((seq, prepared, found)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut merger = Merger { next: 0, waiting: BTreeMap::new() };
        let mut merged = 0;
        // Small files go in batches: a job per file would cost more in handing over than
        // in parsing.
        let (mut batch, mut batch_bytes) = (Vec::new(), 0);
        // `None` ends the files; `Some(None)` is a file that could not be read or was
        // refused (already reported).
        let mut more = true;
        while more {
            match next(builder, diagnostics) {
                None => more = false,
                Some(None) => {}
                Some(Some(job)) => {
                    batch_bytes += job.source.text.len();
                    batch.push(job);
                }
            }
            if batch.is_empty() || (more && batch_bytes < BATCH && batch.len() < 256) {
                continue;
            }
            let files: Vec<String> = batch.iter().map(|j| j.source.name.clone()).collect();
            names.push(files);
            if job_tx.send((names.len() - 1, std::mem::take(&mut batch))).is_err() {
                break;
            }
            batch_bytes = 0;
            merger.drain(&done_rx, builder, diagnostics, false);
            while merged < merger.next {
                names[merged].iter().for_each(|n| progress(n));
                merged += 1;
            }
        }
        drop(job_tx);
        merger.drain(&done_rx, builder, diagnostics, true);
        while merged < merger.next {
            names[merged].iter().for_each(|n| progress(n));
            merged += 1;
        }
    });
}

/// Results arrive in any order and are merged in file order.
struct Merger {
    next: usize,
    waiting: BTreeMap<usize, (Vec<Prepared>, Vec<Diagnostic>)>,
}

impl Merger {
    fn drain(&mut self, rx: &Receiver<Parsed>, builder: &mut Builder, diagnostics: &mut Vec<Diagnostic>, all: bool) {
        loop {
            let next = if all { rx.recv().ok() } else { rx.try_recv().ok() };
            let Some((seq, articles, found)) = next else { return };
            self.waiting.insert(seq, (articles, found));
            while let Some((articles, found)) = self.waiting.remove(&self.next) {
                diagnostics.extend(found);
                for article in articles {
                    builder.add_prepared(article, diagnostics);
                }
                self.next += 1;
            }
        }
    }
}

/// A large corpus declares each actor in every article that names it: 1.9 million
/// declarations for 100,000 actors at a million events. A declaration identical to the
/// first one this worker saw of its actor adds nothing, so it is dropped here instead of
/// being merged (and freed) on the thread that builds the corpus. Declarations are known
/// by a keyed hash of all they say (`seen`: actor id's hash to the declaration's), so a
/// dropped one is, but for a 64-bit collision of this run's random keys, the same. Any
/// declaration that differs still goes through, so merging and its warnings are unchanged.
fn drop_repeated_declarations(actors: &mut Vec<RawActor>, seen: &mut Seen) {
    actors.retain(|actor| {
        let declaration = seen.keys.hash_one((&actor.id, &actor.name, &actor.aliases, actor.kind, &actor.description));
        match seen.first.entry(seen.keys.hash_one(&actor.id)) {
            Entry::Occupied(first) => *first.get() != declaration,
            Entry::Vacant(slot) => {
                slot.insert(declaration);
                true
            }
        }
    });
}

/// The declarations a worker has seen, and its actions and tags.
#[derive(Default)]
struct Seen {
    keys: RandomState,
    first: HashMap<u64, u64>,
    words: Words,
}

fn read_fully(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Parse a block's lines and check each article as far as it can be alone.
fn parse_block(file: u32, name: &str, job: &Job, seen: &mut Seen, diagnostics: &mut Vec<Diagnostic>) -> Vec<Prepared> {
    let mut articles = Vec::new();
    for (i, line) in job.bytes.split(|&b| b == b'\n').enumerate() {
        let number = job.first_line + i as u32;
        match std::str::from_utf8(line) {
            Ok(text) => {
                if let Some(mut article) = native::parse_line(file, name, text, number, diagnostics) {
                    drop_repeated_declarations(&mut article.actors, seen);
                    articles.push(prepare(article, name, &mut seen.words));
                }
            }
            Err(e) => {
                let mut error = invalid_utf8(name, line, e.valid_up_to(), number);
                error.message.push_str("; this line is skipped");
                diagnostics.push(error);
            }
        }
    }
    articles
}
