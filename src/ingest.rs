//! From files to a [`Corpus`]: find the inputs, read them safely, parse each format into
//! [`raw`] articles, then [`build`] merges them into one timeline.
//!
//! Loading never stops at a bad file: each problem becomes a located [`Diagnostic`] and
//! the other files still load.

pub mod anchor;
pub mod brat;
pub mod build;
pub mod cat;
pub mod gdelt;
pub mod json;
pub mod located;
pub mod native;
pub mod raw;
pub mod snippet;
pub mod stream;
pub mod timeml;
pub mod xml;

use crate::diagnostic::{Diagnostic, Report, invalid_utf8};
use crate::model::Corpus;
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
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self { max_file_size: DEFAULT_MAX_FILE_SIZE, progress: None }
    }
}

/// The bundled corpus: (name, contents) of each file in data/, embedded at build time.
pub const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// What a file holds, chosen by extension, then by content where the extension is shared
/// (`.xml`, `.csv`) or missing (standard input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One article, an array of articles or an annals export; JSON Lines is detected.
    Json,
    JsonLines,
    /// TimeML (`.tml`): TimeBank, TempEval-3.
    TimeMl,
    /// MEANTIME / NewsReader CAT XML (`<Document>` of `<token>`s).
    Cat,
    /// `.xml`: TimeML or CAT, told apart by the root element.
    Xml,
    /// brat standoff (`.ann`, read with the `.txt` beside it).
    Brat,
    /// GDELT event table, 1.0 or 2.0 (`.tsv`, `.csv`; tab-separated either way).
    Gdelt,
}

/// The extensions directories are searched for.
pub const EXTENSIONS: &str = ".json, .jsonl, .tml, .xml, .ann, .tsv or .csv";

impl Format {
    fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "tml" | "timeml" => Some(Format::TimeMl),
            "xml" => Some(Format::Xml),
            "ann" => Some(Format::Brat),
            "tsv" | "csv" => Some(Format::Gdelt),
            _ => None,
        }
    }

    /// The format of text that came without a telling name: standard input.
    pub fn sniff(text: &str) -> Format {
        let start = text.trim_start_matches('\u{feff}').trim_start();
        if start.starts_with('<') {
            return match xml::root_name(start).as_deref() {
                Some("Document") => Format::Cat,
                _ => Format::TimeMl,
            };
        }
        if gdelt::columns_of(start).is_some() {
            return Format::Gdelt;
        }
        if brat::looks_like_standoff(start) {
            return Format::Brat;
        }
        Format::Json
    }

    fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::JsonLines)
    }
}

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
    let bundled = [Input::Bundled];
    let inputs = if inputs.is_empty() { &bundled[..] } else { inputs };
    for input in inputs {
        if let Input::Path(path) = input {
            let mut files = Vec::new();
            collect_files(path, true, &mut files, &mut diagnostics, &mut Vec::new());
            // JSON Lines files and large JSON arrays are streamed one at a time (each is
            // parsed on every core); the files between them, in runs parsed a file per core.
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
        for source in read_input(input, options, &mut diagnostics) {
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

/// JSON files from this size on that hold an array are streamed like JSON Lines.
const STREAM_ARRAYS_FROM: u64 = 16 << 20;

/// Whether a file is streamed, and as what: JSON Lines always; a JSON file when it is
/// large and its document is an array (of articles).
fn streamed_kind(path: &Path, format: Format) -> Option<stream::Kind> {
    match format {
        Format::JsonLines => Some(stream::Kind::Lines),
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
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            diagnostics.push(Diagnostic::error(&name, 1, 1, format!("cannot read: {}", io_reason(&e))));
            return;
        }
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > options.max_file_size {
        diagnostics.push(too_big(&name, Some(size), options.max_file_size));
        return;
    }
    builder.expect_bytes(size);
    let reader = file.take(options.max_file_size + 1);
    let report = options.progress;
    let mut progress = |done: u64| {
        if let Some(report) = report {
            report(&name, done, size);
        }
    };
    stream::load_streamed(&name, reader, kind, builder, diagnostics, &mut progress);
}

/// Files read whole, in the order given, parsed on worker threads when there are several.
fn load_run(
    run: Vec<(PathBuf, Format, bool)>,
    options: &LoadOptions,
    builder: &mut build::Builder,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if run.len() == 1 {
        let (path, format, found) = &run[0];
        if let Some(source) = read_path(path, *format, *found, options, diagnostics) {
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
        let job = read_path(&path, format, found, options, diagnostics).and_then(|source| {
            let format = concrete_format(&source, diagnostics)?;
            let file = builder.add_file(&source.name);
            Some(stream::FileJob { source, format, file })
        });
        Some(job)
    };
    stream::load_files(builder, diagnostics, next, &mut progress);
}

/// Parse one source into the builder.
pub fn load_source(source: &Source, builder: &mut build::Builder, diagnostics: &mut Vec<Diagnostic>) {
    let Some(format) = concrete_format(source, diagnostics) else { return };
    let file = builder.add_file(&source.name);
    let articles = parse_source(source, format, file, diagnostics);
    builder.add_articles(articles, diagnostics);
}

/// The raw articles of a source in a known format, registered as `file`.
fn parse_source(source: &Source, format: Format, file: u32, diagnostics: &mut Vec<Diagnostic>) -> Vec<raw::RawArticle> {
    match format {
        Format::Json | Format::JsonLines => native::parse(file, source, diagnostics),
        Format::TimeMl | Format::Xml => timeml::parse(file, source, diagnostics),
        Format::Cat => cat::parse(file, source, diagnostics),
        Format::Brat => brat::parse(file, source, diagnostics),
        Format::Gdelt => gdelt::parse(file, source, diagnostics),
    }
}

/// Tell the formats that share an extension apart by content. A file that is in none of
/// them is refused: with an error when the user named it, with a warning when a directory
/// search found it (a directory may hold other XML or CSV files).
fn concrete_format(source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Option<Format> {
    let refuse = |diagnostics: &mut Vec<Diagnostic>, why: String| {
        let message = format!("{why}; this file is skipped");
        diagnostics.push(if source.found_in_directory {
            Diagnostic::warning(&source.name, 1, 1, message)
        } else {
            Diagnostic::error(&source.name, 1, 1, message)
        });
        None
    };
    match source.format {
        Format::Xml => match xml::root_name(&source.text).as_deref() {
            Some("TimeML") => Some(Format::TimeMl),
            Some("Document") => Some(Format::Cat),
            Some(other) => refuse(
                diagnostics,
                format!("XML with root <{other}>: annals reads TimeML (<TimeML>) and MEANTIME CAT (<Document>)"),
            ),
            None => refuse(diagnostics, "no XML element found: annals reads TimeML and MEANTIME CAT XML".into()),
        },
        Format::Gdelt => match gdelt::columns_of(&source.text) {
            Some(_) => Some(Format::Gdelt),
            None => refuse(diagnostics, gdelt::not_gdelt_reason(&source.text)),
        },
        other => Some(other),
    }
}

/// Load articles from in-memory text, for tests and embedding.
pub fn load_str(name: &str, text: &str) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut builder = build::Builder::default();
    let format = Format::from_path(Path::new(name)).unwrap_or_else(|| Format::sniff(text));
    let source =
        Source { name: name.to_string(), text: text.to_string(), format, found_in_directory: false, companion: None };
    load_source(&source, &mut builder, &mut diagnostics);
    builder.finish(diagnostics)
}

fn read_input(input: &Input, options: &LoadOptions, diagnostics: &mut Vec<Diagnostic>) -> Vec<Source> {
    match input {
        Input::Bundled => BUNDLED
            .iter()
            .map(|(name, text)| Source {
                name: name.to_string(),
                text: text.to_string(),
                format: Format::from_path(Path::new(name)).unwrap_or(Format::Json),
                found_in_directory: false,
                companion: None,
            })
            .collect(),
        Input::Stdin => {
            let name = "<stdin>";
            let mut bytes = Vec::new();
            let limit = options.max_file_size;
            let read = std::io::stdin().lock().take(limit + 1).read_to_end(&mut bytes);
            if let Err(e) = read {
                diagnostics.push(Diagnostic::error(name, 1, 1, format!("cannot read standard input: {e}")));
                return Vec::new();
            }
            if bytes.len() as u64 > limit {
                diagnostics.push(too_big(name, None, limit));
                return Vec::new();
            }
            let format = Format::sniff(&String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]));
            if format == Format::Brat {
                let message =
                    "brat standoff on standard input: annals needs the .txt it annotates; give the .ann file's path";
                diagnostics.push(Diagnostic::error(name, 1, 1, message));
                return Vec::new();
            }
            decode(name, bytes, format, diagnostics).into_iter().collect()
        }
        // Paths are read one file at a time by `load`.
        Input::Path(_) => Vec::new(),
    }
}

/// A file found on disk, read whole, with its brat companion text.
fn read_path(
    path: &Path,
    format: Format,
    found_in_directory: bool,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Source> {
    let mut source = read_file(path, format, options, diagnostics)?;
    source.found_in_directory = found_in_directory;
    if format == Format::Brat {
        source.companion = read_companion(path, options, diagnostics);
    }
    Some(source)
}

/// Find the loadable files under `path`, in a stable order.
fn collect_files(
    path: &Path,
    named: bool,
    files: &mut Vec<(PathBuf, Format, bool)>,
    diagnostics: &mut Vec<Diagnostic>,
    visited: &mut Vec<PathBuf>,
) {
    let name = path.display().to_string();
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diagnostics.push(Diagnostic::error(&name, 1, 1, format!("cannot read: {}", io_reason(&e))));
            return;
        }
    };
    if metadata.is_dir() {
        if named && Format::from_path(path).is_some() {
            diagnostics.push(Diagnostic::error(&name, 1, 1, "is a directory, not a file"));
            return;
        }
        // A directory reached twice through symbolic links is read once.
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if visited.contains(&canonical) {
            return;
        }
        visited.push(canonical);
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                diagnostics.push(Diagnostic::error(&name, 1, 1, format!("cannot read directory: {}", io_reason(&e))));
                return;
            }
        };
        entries.sort();
        let before = files.len();
        for entry in entries {
            let hidden = entry.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            if entry.is_dir() || Format::from_path(&entry).is_some() {
                collect_files(&entry, false, files, diagnostics, visited);
            }
        }
        if named && files.len() == before {
            diagnostics.push(Diagnostic::warning(&name, 1, 1, format!("no {EXTENSIONS} files in this directory")));
        }
        return;
    }
    if !metadata.is_file() {
        diagnostics.push(Diagnostic::error(
            &name,
            1,
            1,
            format!(
                "not a regular file ({}): annals reads files, directories and '-' for standard input",
                file_kind(&metadata)
            ),
        ));
        return;
    }
    files.push((path.to_path_buf(), Format::from_path(path).unwrap_or(Format::Json), !named));
}

/// The `.txt` beside a brat `.ann`, read with the same care as the `.ann`.
fn read_companion(ann: &Path, options: &LoadOptions, diagnostics: &mut Vec<Diagnostic>) -> Option<(String, String)> {
    let txt = ann.with_extension("txt");
    if !txt.is_file() {
        let message = format!(
            "brat annotations need the text they annotate: {} is missing; events are kept without their text",
            txt.display()
        );
        diagnostics.push(Diagnostic::warning(&ann.display().to_string(), 1, 1, message));
        return None;
    }
    let source = read_file(&txt, Format::Brat, options, diagnostics)?;
    Some((source.name, source.text))
}

fn read_file(path: &Path, format: Format, options: &LoadOptions, diagnostics: &mut Vec<Diagnostic>) -> Option<Source> {
    let name = path.display().to_string();
    let fail = |diagnostics: &mut Vec<Diagnostic>, e: std::io::Error| {
        diagnostics.push(Diagnostic::error(&name, 1, 1, format!("cannot read: {}", io_reason(&e))));
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            fail(diagnostics, e);
            return None;
        }
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let limit = options.max_file_size;
    if size > limit {
        diagnostics.push(too_big(&name, Some(size), limit));
        return None;
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow while it is read: never read past the limit.
    if let Err(e) = file.take(limit + 1).read_to_end(&mut bytes) {
        fail(diagnostics, e);
        return None;
    }
    if bytes.len() as u64 > limit {
        diagnostics.push(too_big(&name, None, limit));
        return None;
    }
    decode(&name, bytes, format, diagnostics)
}

/// Check the bytes are UTF-8 text worth parsing.
fn decode(name: &str, mut bytes: Vec<u8>, format: Format, diagnostics: &mut Vec<Diagnostic>) -> Option<Source> {
    const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
    // XML and plain text may start with a byte order mark; JSON may not.
    if !format.is_json() && bytes.starts_with(&BOM) {
        bytes.drain(..3);
    }
    if bytes.starts_with(&BOM) {
        diagnostics.push(Diagnostic::error(
            name,
            1,
            1,
            "the file starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow: save it without one",
        ));
        return None;
    }
    // An .ann with no annotation yet is a document like any other.
    if format != Format::Brat && bytes.iter().all(u8::is_ascii_whitespace) {
        diagnostics.push(Diagnostic::error(
            name,
            1,
            1,
            match format {
                Format::Json | Format::JsonLines => {
                    "empty file: expected an article object, an array of articles, or JSON Lines"
                }
                Format::TimeMl | Format::Cat | Format::Xml => "empty file: expected an XML document",
                Format::Brat => "empty file: expected brat standoff annotations",
                Format::Gdelt => "empty file: expected GDELT event rows",
            },
        ));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(Source { name: name.to_string(), text, format, found_in_directory: false, companion: None }),
        Err(e) => {
            diagnostics.push(invalid_utf8(name, e.as_bytes(), e.utf8_error().valid_up_to(), 1));
            None
        }
    }
}

fn too_big(name: &str, size: Option<u64>, limit: u64) -> Diagnostic {
    let size = size.map_or_else(|| "larger than the limit".to_string(), |s| format!("{} bytes", s));
    Diagnostic::error(name, 1, 1, format!("file is {size}, over the {limit}-byte limit; raise it with --max-file-size"))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = metadata.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = metadata;
    "a special file"
}

/// Parse a size such as `512M`, `2G`, `1000000` (bytes); K, M, G and T are powers of 1024.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits.parse().map_err(|_| format!("invalid size '{text}': expected a number such as 512M or 2G"))?;
    let shift = match unit.trim().to_ascii_uppercase().trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("invalid size '{text}': the unit must be K, M, G or T")),
    };
    n.checked_mul(1 << shift).ok_or_else(|| format!("invalid size '{text}': too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("2K"), Ok(2048));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("3MiB"), Ok(3 << 20));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5Q").is_err());
    }

    #[test]
    fn the_bundled_corpus_is_embedded() {
        assert!(BUNDLED.len() >= 8);
        assert!(BUNDLED.iter().all(|(name, _)| name.ends_with(".json")));
    }
}
