//! From files to a [`Corpus`]: the pipeline. Find the inputs and read them safely
//! ([`read`]), tell their format ([`sniff`]), parse each into [`raw`] articles
//! ([`formats`], on worker threads: [`stream`]), then [`build`] merges them into one
//! timeline.
//!
//! Loading never stops at a bad file: each problem becomes a located [`Diagnostic`] and
//! the other files still load.

pub mod build;
pub mod document_date;
pub mod entities;
pub mod formats;
pub mod guard;
pub mod json;
pub mod raw;
mod read;
mod sniff;
pub mod stream;

pub use sniff::{EXTENSIONS, Format};

use crate::diagnostic::{Diagnostic, Report};
use crate::model::{Corpus, When};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files over this size are refused unless the user raises the limit.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1 << 30;

/// Where articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, or a directory searched recursively.
    Path(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
    /// The sample corpus built into the binary.
    Bundled,
}

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub max_file_size: u64,
    /// Told (file name, bytes read, file size) while a large file loads.
    pub progress: Option<fn(&str, u64, u64)>,
    /// The document date of articles that have none (`--published`); a file's sidecar
    /// (`FILE.published`) overrides it ([`document_date`]).
    pub published: Option<When>,
    /// Where events without a date are placed: at their article's publication, shown as
    /// "reported on" (the default), or with their article's dated events
    /// (`--no-reported-on`).
    pub undated: crate::model::Undated,
    /// Target entities (`--entities FILE`): actors matched by name in the sentences of
    /// events that no annotation gives participants.
    pub entities: Vec<entities::Entity>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            progress: None,
            published: None,
            undated: Default::default(),
            entities: Vec::new(),
        }
    }
}

/// The bundled corpus: (name, contents) of each file in data/, embedded at build time.
pub const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// One input file read into memory and checked to be UTF-8 text.
pub struct Source {
    pub name: String,
    pub text: String,
    pub format: Format,
    /// Found by searching a directory rather than named by the user: a file that turns out
    /// not to be in the format its extension suggests is skipped with a warning, not an error.
    pub found_in_directory: bool,
    /// The text a brat `.ann` annotates (its `.txt`): (name, text).
    pub companion: Option<(String, String)>,
    /// The date its articles without one are given ([`document_date`]).
    pub published: Option<When>,
}

/// A loaded corpus and what loading found wrong with its files.
#[derive(Debug, Default)]
pub struct Loaded {
    pub corpus: Corpus,
    pub report: Report,
}

/// Load everything the inputs name into one corpus. An empty list loads the bundled corpus.
pub fn load(inputs: &[Input], options: &LoadOptions) -> Loaded {
    let started = std::time::Instant::now();
    let mut diagnostics = Vec::new();
    let mut builder = build::Builder::default();
    builder.undated = options.undated;
    builder.entities = options.entities.clone();
    let bundled = [Input::Bundled];
    let inputs = if inputs.is_empty() { &bundled[..] } else { inputs };
    for input in inputs {
        if let Input::Path(path) = input {
            let mut files = Vec::new();
            read::collect_files(path, true, &mut files, &mut diagnostics, &mut HashSet::new());
            // JSON Lines files and large JSON arrays are streamed one at a time (each is
            // parsed on every core); the files between them, in runs parsed in batches on
            // every core.
            let mut files = files.into_iter().map(|(path, format, found)| {
                let kind = streamed_kind(&path, format);
                (path, format, found, kind)
            });
            let mut files = files.by_ref().peekable();
            while files.peek().is_some() {
                if let Some((path, _, _, Some(kind))) = files.next_if(|f| f.3.is_some()) {
                    stream_file(&path, kind, options, &mut builder, &mut diagnostics);
                    continue;
                }
                let mut run = Vec::new();
                while let Some((path, format, found, _)) = files.next_if(|f| f.3.is_none()) {
                    run.push((path, format, found));
                }
                load_run(run, options, &mut builder, &mut diagnostics);
            }
            continue;
        }
        for source in read::read_input(input, options, &mut diagnostics) {
            load_source(&source, &mut builder, &mut diagnostics);
        }
    }
    let read = std::time::Instant::now();
    let loaded = builder.finish(diagnostics);
    if std::env::var_os("ANNALS_TIMINGS").is_some() {
        eprintln!("annals: read and merged in {:.2?}, finished in {:.2?}", read - started, read.elapsed());
    }
    loaded
}

/// JSON files from this size on that hold an array, and GDELT tables, are streamed like
/// JSON Lines.
const STREAM_ARRAYS_FROM: u64 = 16 << 20;

/// Whether a file is streamed, and as what: JSON Lines always; a JSON file when it is
/// large and its document is an array (of articles); a large GDELT table when its first
/// rows are GDELT rows (a file that is not is read whole, to be refused as it is then).
fn streamed_kind(path: &Path, format: Format) -> Option<stream::Kind> {
    let large = || std::fs::metadata(path).is_ok_and(|m| m.len() >= STREAM_ARRAYS_FROM);
    match format {
        Format::JsonLines => Some(stream::Kind::Lines),
        Format::Gdelt if large() => {
            let mut head = vec![0u8; 64 << 10];
            let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
            let whole_lines = head[..n].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let head = String::from_utf8_lossy(&head[..whole_lines]);
            formats::gdelt::columns_of(&head).map(|_| stream::Kind::Gdelt)
        }
        Format::Json if std::fs::metadata(path).is_ok_and(|m| m.len() >= STREAM_ARRAYS_FROM) => {
            let mut head = [0u8; 4096];
            let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
            let first = head[..n].iter().find(|b| !b.is_ascii_whitespace());
            (first == Some(&b'[')).then_some(stream::Kind::Array)
        }
        _ => None,
    }
}

/// A JSON Lines file or a large JSON array, streamed: never held whole in memory.
fn stream_file(
    path: &Path,
    kind: stream::Kind,
    options: &LoadOptions,
    builder: &mut build::Builder,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let name = path.display().to_string();
    let Some((file, size)) = read::open_within_limit(path, &name, options, diagnostics) else { return };
    let published = document_date::document_date(&[path], options.published, diagnostics);
    builder.expect_bytes(size);
    let reader = file.take(options.max_file_size.saturating_add(1));
    let report = options.progress;
    let mut progress = |done: u64| {
        if let Some(report) = report {
            report(&name, done, size);
        }
    };
    let streamed = stream::Streamed { name: &name, kind, published };
    let before = diagnostics.len();
    stream::load_streamed(streamed, reader, builder, diagnostics, &mut progress);
    if kind == stream::Kind::Gdelt {
        formats::gdelt::merge_unknown_code_warnings(diagnostics, before, &name);
    }
}

/// Files read whole, in the order given, parsed on worker threads when there are several.
fn load_run(
    run: Vec<read::Found>,
    options: &LoadOptions,
    builder: &mut build::Builder,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if run.len() == 1 {
        let (path, format, found) = &run[0];
        if let Some(source) = read::read_path(path, *format, *found, options, diagnostics) {
            load_source(&source, builder, diagnostics);
        }
        return;
    }
    let sizes: std::collections::HashMap<String, u64> = run
        .iter()
        .map(|(path, _, _)| (path.display().to_string(), std::fs::metadata(path).map_or(0, |m| m.len())))
        .collect();
    let total = sizes.values().sum();
    let what = format!("{} files", run.len());
    let mut done = 0;
    let mut progress = |name: &str| {
        done += sizes.get(name).copied().unwrap_or(0);
        if let Some(report) = options.progress {
            report(&what, done, total);
        }
    };
    let mut files = run.into_iter();
    let next = |builder: &mut build::Builder, diagnostics: &mut Vec<Diagnostic>| {
        let (path, format, found) = files.next()?;
        let job = read::read_path(&path, format, found, options, diagnostics).and_then(|source| {
            let format = sniff::concrete_format(&source, diagnostics)?;
            let file = builder.add_file(&source.name);
            Some(stream::FileJob { source, format, file })
        });
        Some(job)
    };
    stream::load_files(builder, diagnostics, next, &mut progress);
}

/// Parse one source into the builder.
pub fn load_source(source: &Source, builder: &mut build::Builder, diagnostics: &mut Vec<Diagnostic>) {
    let Some(format) = sniff::concrete_format(source, diagnostics) else { return };
    let file = builder.add_file(&source.name);
    let articles = formats::parse(source, format, file, diagnostics);
    builder.add_articles(articles, diagnostics);
}

/// Load articles from in-memory text, for tests and embedding.
pub fn load_str(name: &str, text: &str) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut builder = build::Builder::default();
    let format = Format::from_path(Path::new(name)).unwrap_or_else(|| Format::sniff(text));
    let source = Source {
        name: name.to_string(),
        text: text.to_string(),
        format,
        found_in_directory: false,
        companion: None,
        published: None,
    };
    load_source(&source, &mut builder, &mut diagnostics);
    builder.finish(diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_corpus_is_embedded() {
        assert!(BUNDLED.len() >= 8);
        assert!(BUNDLED.iter().all(|(name, _)| name.ends_with(".json")));
    }
}
