//! What a worker does with a block: parse its lines (JSON Lines) or the elements cut out
//! of it (a JSON array), and check each article as far as it can be alone.

use super::pool::Seen;
use super::split::Element;
use crate::diagnostic::{Diagnostic, LineIndex, invalid_utf8};
use crate::ingest::build::Prepared;
use crate::ingest::formats::{gdelt, native};
use crate::ingest::guard;
use crate::model::When;

/// A block for a worker: its bytes, where they start in the file, and what to parse in them.
pub(super) struct Job {
    pub seq: usize,
    pub first_line: u32,
    /// The column `bytes` start at (1 but for a streamed array's blocks).
    pub first_column: u32,
    pub bytes: Vec<u8>,
    /// The values to parse in `bytes`, for a streamed JSON array; `None` for JSON Lines.
    pub elements: Option<Vec<Element>>,
}

/// Parse the elements cut out of a block, each checked as far as it can be alone.
pub(super) fn parse_elements(
    file: u32,
    name: &str,
    published: Option<When>,
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
    let lines = LineIndex::starting_at_column(&text, job.first_line, job.first_column);
    let mut prepared = Vec::new();
    for (e, _) in elements.iter().zip(&skip).filter(|(_, skip)| !**skip) {
        let before = (diagnostics.len(), prepared.len());
        let parsed = guard::catch(|| {
            for mut article in native::parse_element(file, name, &text, &lines, (e.start, e.end), e.index, diagnostics)
            {
                article.date_if_undated(published);
                prepared.push(seen.prepare(article, name));
            }
        });
        if let Err(why) = parsed {
            diagnostics.truncate(before.0);
            prepared.truncate(before.1);
            diagnostics.push(guard::failed(name, lines.locate(e.start).0, "article", &why));
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

/// The error of a line (or row) `number` that is not UTF-8, which is skipped.
fn skipped(name: &str, line: &[u8], e: std::str::Utf8Error, number: u32, what: &str) -> Diagnostic {
    let mut error = invalid_utf8(name, line, e.valid_up_to(), number);
    error.message.push_str(&format!("; this {what} is skipped"));
    error
}

/// Parse a block's lines and check each article as far as it can be alone.
pub(super) fn parse_block(
    file: u32,
    name: &str,
    published: Option<When>,
    job: &Job,
    seen: &mut Seen,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Prepared> {
    let mut articles = Vec::new();
    for (i, line) in job.bytes.split(|&b| b == b'\n').enumerate() {
        let number = job.first_line + i as u32;
        match std::str::from_utf8(line) {
            Ok(text) => {
                let before = diagnostics.len();
                let parsed = guard::catch(|| {
                    native::parse_line(file, name, text, number, diagnostics).map(|mut a| {
                        a.date_if_undated(published);
                        seen.prepare(a, name)
                    })
                });
                match parsed {
                    Ok(article) => articles.extend(article),
                    Err(why) => {
                        diagnostics.truncate(before);
                        diagnostics.push(guard::failed(name, number, "line", &why));
                    }
                }
            }
            Err(e) => diagnostics.push(skipped(name, line, e, number, "line")),
        }
    }
    articles
}

/// Parse a block of whole GDELT rows: its articles (the rows of each URL in it), each
/// prepared; rows whose bytes are not UTF-8 are reported and skipped.
pub(super) fn parse_gdelt_block(
    file: u32,
    name: &str,
    published: Option<When>,
    job: &Job,
    seen: &mut Seen,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Prepared> {
    let text: std::borrow::Cow<'_, str> = match std::str::from_utf8(&job.bytes) {
        Ok(text) => text.into(),
        Err(_) => {
            let mut clean = Vec::with_capacity(job.bytes.len());
            for (i, line) in job.bytes.split_inclusive(|&b| b == b'\n').enumerate() {
                match std::str::from_utf8(line) {
                    Ok(_) => clean.extend_from_slice(line),
                    Err(e) => {
                        diagnostics.push(skipped(name, line, e, job.first_line + i as u32, "row"));
                        // An empty row keeps the lines after it where they are.
                        clean.extend_from_slice(if line.ends_with(b"\n") { b"\n" } else { b"" });
                    }
                }
            }
            String::from_utf8(clean).unwrap_or_default().into()
        }
    };
    let lines = LineIndex::starting_at_column(&text, job.first_line, 1);
    let before = diagnostics.len();
    let parsed = guard::catch(|| {
        gdelt::parse_rows(file, name, &text, &lines, diagnostics)
            .into_iter()
            .map(|mut article| {
                article.date_if_undated(published);
                seen.prepare(article, name)
            })
            .collect::<Vec<_>>()
    });
    match parsed {
        Ok(prepared) => prepared,
        Err(why) => {
            diagnostics.truncate(before);
            diagnostics.push(guard::failed(name, job.first_line, "block of rows", &why));
            Vec::new()
        }
    }
}
