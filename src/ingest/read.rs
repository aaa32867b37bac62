//! Reading the inputs safely: files found in directories, standard input, the bundled
//! corpus; every file capped in size and checked to be UTF-8 text before any format
//! sees it. What cannot be read becomes a diagnostic naming the file.

use super::{BUNDLED, Format, Input, LoadOptions, Source};
use crate::diagnostic::{Diagnostic, invalid_utf8};
use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A file to load: its path, its format by extension, and whether a directory search
/// found it (rather than the user naming it).
pub(super) type Found = (PathBuf, Format, bool);

/// The sources of an input read whole: the bundled corpus or standard input. (Paths are
/// found with [`collect_files`] and read one file at a time.)
pub(super) fn read_input(input: &Input, options: &LoadOptions, diagnostics: &mut Vec<Diagnostic>) -> Vec<Source> {
    match input {
        Input::Bundled => BUNDLED
            .iter()
            .map(|(name, text)| Source {
                name: name.to_string(),
                text: text.to_string(),
                format: Format::from_path(Path::new(name)).unwrap_or(Format::Json),
                found_in_directory: false,
                companion: None,
                published: options.published,
            })
            .collect(),
        Input::Stdin => read_stdin(options, diagnostics).into_iter().collect(),
        Input::Path(_) => Vec::new(),
    }
}

fn read_stdin(options: &LoadOptions, diagnostics: &mut Vec<Diagnostic>) -> Option<Source> {
    let name = "<stdin>";
    let limit = options.max_file_size;
    let bytes = match read_bounded(std::io::stdin().lock(), limit) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            let message = format!(
                "standard input goes on past the {limit}-byte limit: reading stopped there; raise it with --max-file-size"
            );
            diagnostics.push(Diagnostic::error(name, 1, 1, message));
            return None;
        }
        Err(e) => {
            diagnostics.push(Diagnostic::error(name, 1, 1, format!("cannot read standard input: {e}")));
            return None;
        }
    };
    let format = Format::sniff(&String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]));
    if format == Format::Brat {
        let message = "brat standoff on standard input: annals needs the .txt it annotates; give the .ann file's path";
        diagnostics.push(Diagnostic::error(name, 1, 1, message));
        return None;
    }
    let mut source = decode(name, bytes, format, diagnostics)?;
    source.published = options.published;
    Some(source)
}

/// All of `reader` if it holds at most `limit` bytes, `None` (having read `limit` and a
/// little more) if it goes on. Read in chunks and joined once at the end: a growing buffer
/// doubled, and copied at each doubling, so that an endless input of a 1 GiB limit held
/// 3 GB at once; now it holds the limit and one chunk.
fn read_bounded(mut reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    const CHUNK: usize = 8 << 20;
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    let mut total: u64 = 0;
    loop {
        let mut chunk = Vec::with_capacity(CHUNK);
        let n = (&mut reader).take(CHUNK as u64).read_to_end(&mut chunk)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > limit {
            return Ok(None);
        }
        chunks.push(chunk);
    }
    let mut bytes = Vec::with_capacity(total as usize);
    for chunk in chunks {
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// A file found on disk, read whole, with its brat companion text.
pub(super) fn read_path(
    path: &Path,
    format: Format,
    found_in_directory: bool,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Source> {
    let mut source = read_file(path, format, options, diagnostics)?;
    source.found_in_directory = found_in_directory;
    let txt = path.with_extension("txt");
    let mut names = vec![path];
    if format == Format::Brat {
        source.companion = read_companion(path, options, diagnostics);
        names.push(&txt);
    }
    source.published = super::document_date::document_date(&names, options.published, diagnostics);
    Some(source)
}

/// Find the loadable files under `path`, in a stable order.
pub(super) fn collect_files(
    path: &Path,
    named: bool,
    files: &mut Vec<Found>,
    diagnostics: &mut Vec<Diagnostic>,
    visited: &mut HashSet<PathBuf>,
) {
    let name = path.display().to_string();
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diagnostics.push(cannot_read(&name, &e));
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
        // A set: a list searched at each directory made 20,000 of them take 14 s.
        if !visited.insert(canonical) {
            return;
        }
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
            let message = format!("no {} files in this directory", super::EXTENSIONS);
            diagnostics.push(Diagnostic::warning(&name, 1, 1, message));
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
    let what = match std::fs::metadata(&txt) {
        Ok(m) if m.is_file() => None,
        Ok(m) if m.is_dir() => Some("is a directory, not a file".to_string()),
        Ok(m) => Some(format!("is not a regular file ({})", file_kind(&m))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("is missing".to_string()),
        Err(e) => Some(format!("cannot be read: {}", io_reason(&e))),
    };
    if let Some(what) = what {
        let message = format!(
            "brat annotations need the text they annotate: {} {what}; events are kept without their text",
            txt.display()
        );
        diagnostics.push(Diagnostic::warning(&ann.display().to_string(), 1, 1, message));
        return None;
    }
    let source = read_file(&txt, Format::Brat, options, diagnostics)?;
    Some((source.name, source.text))
}

/// Open a file named `name` that is no larger than the limit, and tell its size.
pub(super) fn open_within_limit(
    path: &Path,
    name: &str,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(File, u64)> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            diagnostics.push(cannot_read(name, &e));
            return None;
        }
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > options.max_file_size {
        diagnostics.push(too_big(name, Some(size), options.max_file_size));
        return None;
    }
    Some((file, size))
}

fn read_file(path: &Path, format: Format, options: &LoadOptions, diagnostics: &mut Vec<Diagnostic>) -> Option<Source> {
    let name = path.display().to_string();
    let (file, size) = open_within_limit(path, &name, options, diagnostics)?;
    let limit = options.max_file_size;
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow while it is read: never read past the limit.
    if let Err(e) = file.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        diagnostics.push(cannot_read(&name, &e));
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
        let message = if format.is_json() {
            "the file starts with a UTF-8 byte order mark (EF BB BF), which JSON does not allow: save it without one"
        } else {
            "the file starts with two UTF-8 byte order marks (EF BB BF EF BB BF): save it with one at most"
        };
        diagnostics.push(Diagnostic::error(name, 1, 1, message));
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
        Ok(text) => Some(Source {
            name: name.to_string(),
            text,
            format,
            found_in_directory: false,
            companion: None,
            published: None,
        }),
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

fn cannot_read(name: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(name, 1, 1, format!("cannot read: {}", io_reason(e)))
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

#[cfg(test)]
mod tests {
    use super::read_bounded;
    use std::io::Read;

    #[test]
    fn reading_stops_just_past_the_limit_even_when_the_input_never_ends() {
        assert_eq!(read_bounded(&b"abcdef"[..], 6).unwrap(), Some(b"abcdef".to_vec()));
        assert_eq!(read_bounded(&b"abcdef"[..], 5).unwrap(), None);
        assert_eq!(read_bounded(&b""[..], 0).unwrap(), Some(Vec::new()));
        let twenty_mib = 20 << 20;
        let whole = read_bounded(std::io::repeat(b'x').take(twenty_mib), twenty_mib).unwrap();
        assert_eq!(whole.map(|b| b.len() as u64), Some(twenty_mib));
        assert_eq!(read_bounded(std::io::repeat(b'x'), 1 << 20).unwrap(), None);
    }
}
