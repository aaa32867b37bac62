//! Parsing on worker threads: JSON Lines files read in blocks ([`load_json_lines`]), and
//! runs of whole files one per job ([`load_files`]).
//!
//! A million events make a file of hundreds of megabytes; holding it whole beside the
//! parsed model would double the memory. Blocks of whole lines go to the workers; the
//! results are merged into the builder in file order, so diagnostics and the timeline do
//! not depend on thread timing. At most a few blocks are in flight at once. The workers
//! also do the per-article checks ([`prepare`]), leaving the merge only what needs the
//! whole corpus.

use super::build::{Builder, Declarations, Prepared, Words, prepare};
use super::formats::native;
use crate::diagnostic::{Diagnostic, count_chars, invalid_utf8};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc::{Receiver, Sender, channel, sync_channel};
use std::sync::{Arc, Mutex};

const BLOCK: usize = 4 << 20;

/// Whole files are handed to workers in batches of about this many bytes.
const BATCH: usize = 1 << 20;

struct Job {
    seq: usize,
    first_line: u32,
    /// The column `bytes` start at (1 but for a streamed array's blocks).
    first_column: u32,
    bytes: Vec<u8>,
    /// The values to parse in `bytes`, for a streamed JSON array; `None` for JSON Lines.
    elements: Option<Vec<Element>>,
}

/// What a streamed file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JSON Lines: one article a line.
    Lines,
    /// A JSON document that is an array of articles (and whatever documents follow it).
    Array,
}

/// A value cut out of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Element {
    start: usize,
    end: usize,
    /// Its place in its array; `None` for a whole document after an array.
    index: Option<usize>,
}

type Parsed = (usize, Vec<Prepared>, Vec<Diagnostic>);

/// Stream `reader` (a JSON Lines file named `name`) into the builder. `progress` is told
/// the bytes read so far.
pub fn load_json_lines(
    name: &str,
    reader: impl Read,
    builder: &mut Builder,
    diagnostics: &mut Vec<Diagnostic>,
    progress: &mut dyn FnMut(u64),
) {
    load_streamed(name, reader, Kind::Lines, builder, diagnostics, progress)
}

/// Stream `reader`, a file named `name` holding `kind`, into the builder: blocks of whole
/// lines, or of whole elements of a JSON array, are parsed on the workers.
pub fn load_streamed(
    name: &str,
    reader: impl Read,
    kind: Kind,
    builder: &mut Builder,
    diagnostics: &mut Vec<Diagnostic>,
    progress: &mut dyn FnMut(u64),
) {
    load_in_blocks(name, reader, kind, BLOCK, builder, diagnostics, progress)
}

/// [`load_streamed`] with blocks of `block_size` bytes (tests cut small ones).
fn load_in_blocks(
    name: &str,
    mut reader: impl Read,
    kind: Kind,
    block_size: usize,
    builder: &mut Builder,
    diagnostics: &mut Vec<Diagnostic>,
    progress: &mut dyn FnMut(u64),
) {
    let file = builder.add_file(name);
    let declarations = builder.declarations();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let (job_tx, job_rx) = sync_channel::<Job>(workers * 2);
    let (done_tx, done_rx) = channel::<Parsed>();
    // Buffers go back for the next blocks: fresh ones would cost the system a page fault
    // for every 4 KiB read.
    let spare: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());
    let work = |seen: &mut Seen, job: Job| {
        let mut found = Vec::new();
        let articles = match &job.elements {
            None => parse_block(file, name, &job, seen, &mut found),
            Some(elements) => parse_elements(file, name, &job, elements, seen, &mut found),
        };
        if let Ok(mut spare) = spare.lock()
            && spare.len() < workers * 2 + 2
        {
            spare.push(job.bytes);
        }
        (job.seq, articles, found)
    };
    std::thread::scope(|scope| {
        spawn_workers(scope, workers, job_rx, &done_tx, &declarations, &work);
        drop(done_tx);
        let mut merger = Merger { next: 0, waiting: BTreeMap::new() };
        let mut carry: Vec<u8> = Vec::new();
        let mut seq = 0;
        let (mut line, mut column) = (1u32, 1u32);
        let mut read_total = 0u64;
        let mut saw_content = false;
        let mut refused = false;
        let mut splitter = Splitter::default();
        loop {
            let mut block = spare.lock().ok().and_then(|mut s| s.pop()).unwrap_or_default();
            block.clear();
            block.extend_from_slice(&carry);
            let start = block.len();
            let n = match (&mut reader).take(block_size as u64).read_to_end(&mut block) {
                Ok(n) => n,
                Err(e) => {
                    diagnostics.push(Diagnostic::error(name, line, 1, format!("cannot read: {e}")));
                    break;
                }
            };
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
            saw_content |= block[start..].iter().any(|b| !b.is_ascii_whitespace());
            let (job, lines, stop) = match kind {
                // Whole lines go now; a partial last line waits for the next block.
                Kind::Lines => {
                    let cut =
                        if at_end { block.len() } else { block.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) };
                    carry = block.split_off(cut);
                    let lines = block.iter().filter(|&&b| b == b'\n').count() as u32;
                    (Job { seq, first_line: line, first_column: 1, bytes: block, elements: None }, lines, false)
                }
                // Whole elements go now; the rest (an element cut by the block's end, or
                // what lies between elements) waits, from the line and column it starts at.
                Kind::Array => {
                    let at = (line, column);
                    let cut = splitter.cut(&block, at, at_end);
                    if let Some((pos, message)) = &cut.error {
                        let (l, c) = locate_in(&block, *pos, at);
                        diagnostics.push(Diagnostic::error(name, l, c, format!("invalid JSON: {message}")));
                    }
                    carry = block[cut.keep..].to_vec();
                    // The next block starts where this one is kept from.
                    let kept = &block[..cut.keep];
                    let lines = kept.iter().filter(|&&b| b == b'\n').count() as u32;
                    column = match kept.iter().rposition(|&b| b == b'\n') {
                        Some(i) => 1 + count_chars(&kept[i + 1..]) as u32,
                        None => column + count_chars(kept) as u32,
                    };
                    block.truncate(cut.send);
                    let job =
                        Job { seq, first_line: line, first_column: at.1, bytes: block, elements: Some(cut.elements) };
                    (job, lines, cut.stop)
                }
            };
            let has_work = job.elements.as_ref().map_or(!job.bytes.is_empty(), |e| !e.is_empty());
            if has_work {
                if job_tx.send(job).is_err() {
                    break;
                }
                seq += 1;
            }
            line += lines;
            merger.drain(&done_rx, builder, diagnostics, false);
            if at_end || stop {
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
    let (done_tx, done_rx) = channel::<Parsed>();
    let mut names = Vec::new();
    let declarations = builder.declarations();
    let work = |seen: &mut Seen, (seq, batch): (usize, Vec<FileJob>)| {
        let mut found = Vec::new();
        let mut prepared = Vec::new();
        for job in batch {
            let articles = super::formats::parse(&job.source, job.format, job.file, &mut found);
            let name = &job.source.name;
            prepared.extend(articles.into_iter().map(|a| seen.prepare(a, name)));
        }
        (seq, prepared, found)
    };
    std::thread::scope(|scope| {
        spawn_workers(scope, workers, job_rx, &done_tx, &declarations, &work);
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
            report_merged(&names, &mut merged, merger.next, progress);
        }
        drop(job_tx);
        merger.drain(&done_rx, builder, diagnostics, true);
        report_merged(&names, &mut merged, merger.next, progress);
    });
}

/// Tell `progress` of the files of each batch merged since the last call.
fn report_merged(batches: &[Vec<String>], reported: &mut usize, merged: usize, progress: &mut dyn FnMut(&str)) {
    for files in &batches[*reported..merged] {
        files.iter().for_each(|f| progress(f));
    }
    *reported = merged;
}

/// Start `workers` threads that take jobs until the channel closes and send back what
/// `work` makes of each.
fn spawn_workers<'scope, J: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    workers: usize,
    // Owned: when every worker has stopped (even by a panic), sending fails at once.
    jobs: Receiver<J>,
    done: &Sender<Parsed>,
    declarations: &'scope Arc<Declarations>,
    work: &'scope (impl Fn(&mut Seen, J) -> Parsed + Sync),
) {
    let jobs = Arc::new(Mutex::new(jobs));
    for _ in 0..workers {
        let (jobs, done) = (Arc::clone(&jobs), done.clone());
        scope.spawn(move || {
            let mut seen = Seen::new(declarations.clone());
            loop {
                let job = match jobs.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(job) = job else { return };
                if done.send(work(&mut seen, job)).is_err() {
                    return;
                }
            }
        });
    }
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

/// What a worker keeps from block to block: its actions and tags, and the keys that
/// fingerprint actor declarations.
struct Seen {
    declarations: Arc<Declarations>,
    words: Words,
}

impl Seen {
    fn new(declarations: Arc<Declarations>) -> Self {
        Seen { declarations, words: Words::default() }
    }

    /// Check an article as far as it can be alone. A large corpus declares each actor in
    /// every article that names it (1.9 million declarations for 100,000 actors at a
    /// million events); fingerprints let the merge pass over the repeats cheaply.
    fn prepare(&mut self, article: super::raw::RawArticle, name: &str) -> Prepared {
        let mut prepared = prepare(article, name, &mut self.words);
        prepared.fingerprint_declarations(&self.declarations);
        prepared
    }
}

/// Where a byte of `block` is, for a block that starts at `(line, column)`.
fn locate_in(block: &[u8], pos: usize, (first_line, first_column): (u32, u32)) -> (u32, u32) {
    let (line, column) = crate::diagnostic::locate_in_bytes(block, pos);
    (first_line + line - 1, if line == 1 { column + first_column - 1 } else { column })
}

/// Cuts a stream holding an array of articles into its elements, block by block, checking
/// the structure around them (the elements themselves are checked by whoever parses them).
/// Blocks start where the last one was kept from: between elements, or at the start of
/// one that did not fit, whose scan then goes on where it stopped (a one-line file of a
/// gigabyte is scanned once).
#[derive(Debug, Default)]
struct Splitter {
    expect: Expect,
    /// The place of the next element in its array.
    index: usize,
    /// Where the open array starts (line, column), for "the array is not closed".
    opened: (u32, u32),
    /// The element the last block ended inside, scanned so far.
    partial: Option<ValueScan>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A document: the array, or one after it.
    #[default]
    Document,
    /// An element or the end, right after '['.
    First,
    /// An element, after ','.
    Element,
    /// ',' or ']' after an element.
    Separator,
}

/// What a block is cut into.
#[derive(Debug, PartialEq, Eq)]
struct Cut {
    /// The block up to the end of its last whole element goes to a worker.
    send: usize,
    /// The block from here on waits for the next one.
    keep: usize,
    elements: Vec<Element>,
    /// A break in the array's structure (where, what), reported here.
    error: Option<(usize, String)>,
    /// Nothing after this block can be read: the structure is broken (the error is above,
    /// or in the last element, for its parser to report).
    stop: bool,
}

/// How far the scan of one value has gone.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct ValueScan {
    /// Bytes scanned from the value's start.
    scanned: usize,
    /// The closing brackets expected, innermost last.
    closers: Vec<u8>,
    in_string: bool,
    escaped: bool,
}

/// What scanning a value found.
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// It ends here (exclusive).
    Ends(usize),
    /// The block ends first.
    More,
    /// A closing bracket that does not match, here: the value ends broken.
    Broken(usize),
}

impl Splitter {
    /// Cut `block`, which starts at `at` (line, column); `at_end` when no more bytes will come.
    fn cut(&mut self, block: &[u8], at: (u32, u32), at_end: bool) -> Cut {
        let mut pos = 0;
        let mut elements = Vec::new();
        let mut send = 0;
        let fail = |pos: usize, message: String, send: usize, elements: Vec<Element>| Cut {
            send,
            keep: block.len(),
            elements,
            error: Some((pos, message)),
            stop: true,
        };
        loop {
            if self.partial.is_none() {
                while block.get(pos).is_some_and(u8::is_ascii_whitespace) {
                    pos += 1;
                }
            }
            let Some(&byte) = block.get(pos) else {
                if at_end && self.expect != Expect::Document {
                    let (line, column) = self.opened;
                    let message = format!(
                        "unexpected end of file: the array is not closed (is the file truncated?); it opens at {line}:{column}"
                    );
                    return fail(pos, message, send, elements);
                }
                break;
            };
            match (self.expect, byte) {
                (Expect::Document, b'[') => {
                    self.opened = locate_in(block, pos, at);
                    (self.expect, self.index) = (Expect::First, 0);
                    pos += 1;
                }
                (Expect::First | Expect::Separator, b']') => {
                    self.expect = Expect::Document;
                    pos += 1;
                }
                (Expect::Separator, b',') => {
                    self.expect = Expect::Element;
                    pos += 1;
                }
                (Expect::Separator, _) => {
                    let message = format!("expected ',' or ']' after an element, found {}", found(block, pos));
                    return fail(pos, message, send, elements);
                }
                (_, b',' | b']' | b'}') if self.partial.is_none() => {
                    let message = format!("expected a JSON value, found {}", found(block, pos));
                    return fail(pos, message, send, elements);
                }
                (expect, _) => {
                    let mut scan = self.partial.take().unwrap_or_default();
                    let index = (expect != Expect::Document).then_some(self.index);
                    let end = match scan_value(block, pos, &mut scan, at_end) {
                        Scan::More if at_end => {
                            // Cut short by the end of the file: its parser says what is missing.
                            elements.push(Element { start: pos, end: block.len(), index });
                            return Cut { send: block.len(), keep: block.len(), elements, error: None, stop: true };
                        }
                        Scan::More => {
                            self.partial = Some(scan);
                            break;
                        }
                        Scan::Broken(bad) => {
                            // Its parser reports the bracket; nothing after it can be trusted.
                            elements.push(Element { start: pos, end: bad + 1, index });
                            return Cut { send: bad + 1, keep: block.len(), elements, error: None, stop: true };
                        }
                        Scan::Ends(end) => end,
                    };
                    elements.push(Element { start: pos, end, index });
                    if expect != Expect::Document {
                        (self.expect, self.index) = (Expect::Separator, self.index + 1);
                    }
                    (send, pos) = (end, end);
                }
            }
        }
        Cut { send, keep: pos, elements, error: None, stop: false }
    }
}

/// Go on scanning the value that starts at `start` (scanned as far as `scan` says).
fn scan_value(block: &[u8], start: usize, scan: &mut ValueScan, at_end: bool) -> Scan {
    let mut pos = start + scan.scanned;
    let first = block[start];
    if !matches!(first, b'{' | b'[' | b'"') {
        // A number or a word ends at the first delimiter, or at the end of the file.
        let end = block[pos..].iter().position(|&b| matches!(b, b',' | b']' | b'}') || b.is_ascii_whitespace());
        return match end {
            Some(n) => Scan::Ends(pos + n),
            None if at_end => Scan::Ends(block.len()),
            None => {
                scan.scanned = block.len() - start;
                Scan::More
            }
        };
    }
    if scan.scanned == 0 {
        match first {
            b'"' => scan.in_string = true,
            b'{' => scan.closers.push(b'}'),
            _ => scan.closers.push(b']'),
        }
        pos += 1;
    }
    while pos < block.len() {
        if scan.in_string && !scan.escaped {
            // Most of an article is text: jump to the next quote or backslash.
            match memchr::memchr2(b'"', b'\\', &block[pos..]) {
                Some(n) => pos += n,
                None => break,
            }
        }
        let b = block[pos];
        if scan.in_string {
            if scan.escaped {
                scan.escaped = false;
            } else if b == b'\\' {
                scan.escaped = true;
            } else if b == b'"' {
                scan.in_string = false;
                if scan.closers.is_empty() {
                    return Scan::Ends(pos + 1);
                }
            }
        } else {
            match b {
                b'"' => scan.in_string = true,
                b'{' => scan.closers.push(b'}'),
                b'[' => scan.closers.push(b']'),
                b'}' | b']' if scan.closers.last() == Some(&b) => {
                    scan.closers.pop();
                    if scan.closers.is_empty() {
                        return Scan::Ends(pos + 1);
                    }
                }
                b'}' | b']' => return Scan::Broken(pos),
                _ => {}
            }
        }
        pos += 1;
    }
    scan.scanned = block.len() - start;
    Scan::More
}

/// The character at `pos`, for messages (as the whole document's parser names it).
fn found(block: &[u8], pos: usize) -> String {
    let width = match block.get(pos) {
        None => return super::json::describe(None),
        Some(0xF0..) => 4,
        Some(0xE0..) => 3,
        Some(0xC0..) => 2,
        Some(_) => 1,
    };
    match block.get(pos..pos + width).and_then(|c| std::str::from_utf8(c).ok()) {
        Some(c) => super::json::describe(c.chars().next()),
        None => format!("byte {:02X}", block[pos]),
    }
}

/// Parse the elements cut out of a block, each checked as far as it can be alone.
fn parse_elements(
    file: u32,
    name: &str,
    job: &Job,
    elements: &[Element],
    seen: &mut Seen,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Prepared> {
    let mut skip = vec![false; elements.len()];
    let text: std::borrow::Cow<'_, str> = match std::str::from_utf8(&job.bytes) {
        Ok(text) => text.into(),
        Err(_) => {
            // Elements holding bytes that are not UTF-8 are reported and skipped; the
            // rest is read with those bytes as spaces (columns stay put before them).
            for (k, e) in elements.iter().enumerate() {
                if let Err(bad) = std::str::from_utf8(&job.bytes[e.start..e.end]) {
                    let mut error = invalid_utf8(name, &job.bytes, e.start + bad.valid_up_to(), job.first_line);
                    if error.line == job.first_line {
                        error.column += job.first_column - 1;
                    }
                    error.message.push_str("; this article is skipped");
                    diagnostics.push(error);
                    skip[k] = true;
                }
            }
            String::from_utf8(spaces_for_invalid(&job.bytes)).unwrap_or_default().into()
        }
    };
    let lines = crate::diagnostic::LineIndex::starting_at_column(&text, job.first_line, job.first_column);
    let mut prepared = Vec::new();
    for (e, _) in elements.iter().zip(&skip).filter(|(_, skip)| !**skip) {
        for article in native::parse_element(file, name, &text, &lines, (e.start, e.end), e.index, diagnostics) {
            prepared.push(seen.prepare(article, name));
        }
    }
    prepared
}

/// `bytes` with every byte of each invalid UTF-8 sequence turned into a space.
fn spaces_for_invalid(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut at = 0;
    while let Err(e) = std::str::from_utf8(&out[at..]) {
        let bad = at + e.valid_up_to();
        let len = e.error_len().unwrap_or(out.len() - bad);
        out[bad..bad + len].fill(b' ');
        at = bad + len;
    }
    out
}

/// Parse a block's lines and check each article as far as it can be alone.
fn parse_block(file: u32, name: &str, job: &Job, seen: &mut Seen, diagnostics: &mut Vec<Diagnostic>) -> Vec<Prepared> {
    let mut articles = Vec::new();
    for (i, line) in job.bytes.split(|&b| b == b'\n').enumerate() {
        let number = job.first_line + i as u32;
        match std::str::from_utf8(line) {
            Ok(text) => {
                if let Some(article) = native::parse_line(file, name, text, number, diagnostics) {
                    articles.push(seen.prepare(article, name));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Corpus;

    fn streamed(text: &str, block: usize) -> Corpus {
        let mut builder = Builder::default();
        let mut diagnostics = Vec::new();
        load_in_blocks("t.json", text.as_bytes(), Kind::Array, block, &mut builder, &mut diagnostics, &mut |_| {});
        builder.finish(diagnostics)
    }

    /// What a reader of the corpus sees: diagnostics, then each event with its place.
    fn seen(corpus: &Corpus) -> Vec<String> {
        let mut out: Vec<String> = corpus.diagnostics.iter().map(|d| d.to_string()).collect();
        out.extend(corpus.events.iter().map(|e| {
            let evidence: Vec<&str> = e.evidence.iter().map(|q| q.raw(corpus.article_of(e))).collect();
            format!("{} {:?} {} {:?} {evidence:?}", corpus.event_ref(e), e.date, e.summary.raw(), e.loc)
        }));
        out
    }

    fn articles() -> Vec<String> {
        let mut generated = Vec::new();
        crate::synthetic::write_corpus(&mut generated, 300, 3).unwrap();
        String::from_utf8(generated).unwrap().lines().map(str::to_string).collect()
    }

    #[test]
    fn a_streamed_array_loads_as_the_whole_document_does() {
        let articles = articles();
        let pretty = format!("[\n  {}\n]\n", articles.join(",\n  "));
        let compact = format!("[{}]", articles.join(","));
        let with_warnings = format!(
            "[{}, {{\"id\": \"w\", \"title\": \"W\", \"colour\": 1, \"events\": [{{\"id\": \"e\", \"summary\": \"S\", \"action\": \"Expel\"}}]}}, 3]",
            articles[..3].join(", ")
        );
        for text in [&pretty, &compact, &with_warnings] {
            let whole = seen(&crate::ingest::load_str("t.json", text));
            for block in [64, 1000, 4096, 1 << 20] {
                assert_eq!(seen(&streamed(text, block)), whole, "blocks of {block}");
            }
        }
    }

    #[test]
    fn a_broken_array_keeps_what_came_before_and_says_what_the_whole_reader_says() {
        let a = r#"{"id": "a", "title": "A", "events": [{"id": "e", "summary": "S"}]}"#;
        let b = a.replace("\"a\"", "\"b\"");
        for text in [
            format!("[{a},\n{b}"),
            format!("[{a}\n {b}]"),
            format!("[{a},\n]"),
            format!("[{a},\n{{\"id\": \"b\" \"title\": 1}}]"),
            format!("[{a},\n{{\"id\": \"b\", \"title\": \"B\", \"events\": [{{"),
            format!("[{a},\n{{\"id\": \"b\", \"title\": \"B\\u12"),
        ] {
            let whole = crate::ingest::load_str("t.json", &text);
            assert_eq!(whole.diagnostics.len(), 1);
            for block in [16, 4096] {
                let corpus = streamed(&text, block);
                let messages: Vec<String> = corpus.diagnostics.iter().map(|d| d.to_string()).collect();
                assert_eq!(messages, [whole.diagnostics[0].to_string()], "{text} in blocks of {block}");
                assert!(!corpus.articles.is_empty(), "the articles before the break are kept: {text}");
            }
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_skip_their_article_only() {
        let a = br#"{"id": "a", "title": "A", "events": [{"id": "e", "summary": "S"}]}"#;
        let mut text = b"[".to_vec();
        text.extend_from_slice(a);
        text.extend_from_slice(b",\n{\"id\": \"b\", \"title\": \"\xff\", \"events\": []},\n");
        text.extend_from_slice(br#"{"id": "c", "title": "C", "events": []}"#);
        text.push(b']');
        let mut builder = Builder::default();
        let mut diagnostics = Vec::new();
        load_in_blocks("t.json", &text[..], Kind::Array, 4096, &mut builder, &mut diagnostics, &mut |_| {});
        let corpus = builder.finish(diagnostics);
        let messages: Vec<String> = corpus.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            ["t.json:2:23: error: invalid UTF-8 (bytes FF 22 2C 20): annals reads UTF-8 text; this article is skipped"]
        );
        assert_eq!(corpus.articles.len(), 2);
    }

    #[test]
    fn repeated_declarations_warn_alike_however_the_lines_are_cut() {
        let line = |id: &str, name: &str| {
            format!(r#"{{"id": "{id}", "title": "T", "actors": [{{"id": "putin", "name": "{name}"}}], "events": []}}"#)
        };
        let names = ["Putin", "Putin", "Vladimir Putin", "Vladimir Putin", "Putin", "Vladimir Putin"];
        let text: String = names.iter().enumerate().map(|(i, n)| line(&format!("a{i}"), n) + "\n").collect();
        let whole = seen(&crate::ingest::load_str("t.json", &text));
        assert_eq!(whole.iter().filter(|d| d.contains("is named 'Vladimir Putin' here")).count(), 3);
        for block in [1, 90, 200, 4096] {
            let mut builder = Builder::default();
            let mut diagnostics = Vec::new();
            load_in_blocks("t.json", text.as_bytes(), Kind::Lines, block, &mut builder, &mut diagnostics, &mut |_| {});
            assert_eq!(seen(&builder.finish(diagnostics)), whole, "blocks of {block}");
        }
    }

    /// Every way of breaking a small array by one character, cut into blocks of a few
    /// bytes: the streamed reading says what the whole document's reading says (its first
    /// syntax error, or everything when there is none).
    #[test]
    fn mutations_read_alike_streamed_and_whole() {
        let text = r#"[{"id": "a", "title": "A\"]", "published": "2016-12-30", "events": [{"id": "e", "summary": "S", "date_text": "on Friday", "tags": ["x", "y"]}]},
 {"id": "b", "title": "Б", "actors": [{"id": "p", "name": "P"}], "events": [{"id": "e", "summary": "{[", "relations": [{"type": "follows", "target": "a/e"}]}]}]"#;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for &(i, c) in &chars {
            let rest = &text[i + c.len_utf8()..];
            for r in ["", "\"", "{", "}", "[", "]", ",", "\\", "\n", "x"] {
                let mutated = format!("{}{r}{rest}", &text[..i]);
                let whole = crate::ingest::load_str("t.json", &mutated);
                let streamed = streamed(&mutated, 7);
                let syntax = whole.diagnostics.iter().any(|d| d.message.starts_with("invalid JSON"));
                if syntax {
                    let first = |c: &Corpus| {
                        c.diagnostics.iter().find(|d| d.message.starts_with("invalid JSON")).map(|d| d.to_string())
                    };
                    assert_eq!(first(&streamed), first(&whole), "{mutated}");
                } else if mutated.trim_start().starts_with('[') {
                    assert_eq!(seen(&streamed), seen(&whole), "{mutated}");
                }
            }
        }
    }

    #[test]
    fn a_broken_article_is_skipped_and_a_broken_structure_ends_the_reading() {
        let a = r#"{"id": "a", "title": "A", "events": [{"id": "e", "summary": "S"}]}"#;
        let c = a.replace("\"a\"", "\"c\"");
        let ids = |corpus: &Corpus| corpus.articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        let first_error = |corpus: &Corpus| corpus.diagnostics.first().map(|d| d.to_string());
        // A syntax error inside an article skips that article, as a line of JSON Lines.
        let text = format!(r#"[{a}, {{"id": "b" "title": "B", "events": []}}, {c}]"#);
        let corpus = streamed(&text, 16);
        assert_eq!((ids(&corpus), corpus.diagnostics.len()), (vec!["a".to_string(), "c".to_string()], 1));
        assert_eq!(first_error(&corpus), first_error(&crate::ingest::load_str("t.json", &text)));
        // Breaks of the structure end the reading, with the whole reader's message.
        for text in [
            format!(r#"[{a}, {{"id": "b", "title": "B", "events": [], "x": [1}}, {c}]"#),
            format!("[{a}, , {c}]"),
            format!("[{a} 中文]"),
            format!("[{a},\n3"),
            format!("[{a},\n3]]"),
        ] {
            for block in [8, 4096] {
                let syntax = |corpus: &Corpus| -> Vec<String> {
                    let errors = corpus.diagnostics.iter().filter(|d| d.message.starts_with("invalid JSON"));
                    errors.map(|d| d.to_string()).collect()
                };
                let corpus = streamed(&text, block);
                let whole = crate::ingest::load_str("t.json", &text);
                assert_eq!(syntax(&corpus), syntax(&whole), "{text} in blocks of {block}");
                assert_eq!(syntax(&corpus).len(), 1, "{text} in blocks of {block}");
                assert_eq!(ids(&corpus)[0], "a", "{text}");
                assert!(!ids(&corpus).contains(&"c".to_string()), "{text}");
            }
        }
    }

    #[test]
    fn nesting_is_counted_from_the_top_of_the_file() {
        let nested = |levels: usize| {
            format!(
                r#"[{{"id":"a","title":"T","events":[{{"id":"e","summary":"S","participants":[{{"actor":"x","name":{}1{}}}]}}]}}]"#,
                "[".repeat(levels),
                "]".repeat(levels)
            )
        };
        for levels in [122, 123] {
            let text = nested(levels);
            assert_eq!(seen(&streamed(&text, 4096)), seen(&crate::ingest::load_str("t.json", &text)), "{levels}");
        }
    }

    #[test]
    fn documents_after_the_array_load_too() {
        let a = r#"{"id": "a", "title": "A", "events": [{"id": "e", "summary": "S"}]}"#;
        let b = a.replace("\"a\"", "\"b\"");
        let text = format!("[{a}]\n{b}\n[]");
        assert_eq!(seen(&streamed(&text, 32)), seen(&crate::ingest::load_str("t.json", &text)));
    }
}
