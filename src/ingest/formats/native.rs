//! The annals annotation format (version 1, docs/FORMAT.md) and annals exports.
//!
//! A file holds one article object, an array of articles, JSON Lines (one article a line)
//! or an annals export. Values are checked one by one with their place in the file, so
//! that a wrong type names its field path and its line and column. An error skips the
//! smallest thing that holds it (an event, else its article); a warning skips nothing.
//!
//! Each article is first tried by [`fast`], which reads it straight into a raw article and
//! declines anything it is unsure of; the full [`reader`] ([`article`], [`export`]) reads
//! what it declines and says what is wrong and where.

mod article;
mod export;
mod fast;
mod reader;

use super::located::Located;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::ingest::json;
use crate::ingest::raw::RawArticle;
use crate::ingest::{Format, Source};
use reader::{Path, Reader};

const ARTICLE_FIELDS: &[&str] = &["id", "title", "source", "author", "published", "url", "text", "actors", "events"];
const ACTOR_FIELDS: &[&str] = &["id", "name", "aliases", "kind", "description"];
const EVENT_FIELDS: &[&str] = &[
    "id",
    "date",
    "date_text",
    "summary",
    "action",
    "status",
    "participants",
    "evidence",
    "relations",
    "tags",
    "attributes",
];
const EXPORT_EVENT_FIELDS: &[&str] = &[
    "article",
    "id",
    "date",
    "date_text",
    "date_resolved",
    "summary",
    "action",
    "status",
    "participants",
    "evidence",
    "relations",
    "tags",
    "attributes",
    // What the exporting user put on the event: read without complaint, not restored (a
    // reloaded export is data; marks live in the notes file of the data they were made on).
    "marked",
    "starred",
    "note",
];
const EXPORT_FIELDS: &[&str] =
    &["annals_export", "exported_at", "filters", "count", "actors", "events", "texts", "stories"];
const EXPORT_ARTICLE_FIELDS: &[&str] = &["id", "title", "source", "author", "url", "published"];

/// Parse a native file into raw articles; problems go to `diagnostics`.
pub fn parse(file: u32, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    if source.format != Format::JsonLines
        && let Some(articles) = fast::document(file, &source.text)
    {
        return articles;
    }
    read_document(file, source, diagnostics)
}

/// A whole file read in full, every problem reported: what the fast path leaves to it.
fn read_document(file: u32, source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    let lines = LineIndex::new(&source.text);
    let mut reader = Reader::new(Located::new(file, &source.name, &lines, diagnostics));
    match source.format {
        Format::JsonLines => json_lines(file, &source.name, &source.text, 1, reader.out.diagnostics),
        _ => match json::parse(&source.text) {
            Ok(node) => reader.document(&node),
            // Several objects one after another: JSON Lines under another name.
            Err(e) if e.message.starts_with("unexpected characters after") && looks_like_json_lines(&source.text) => {
                json_lines(file, &source.name, &source.text, 1, reader.out.diagnostics)
            }
            // Whole documents one after another, as `cat *.json | annals -` gives.
            Err(e) if e.message.starts_with("unexpected characters after") => {
                let (nodes, error) = json::parse_sequence(&source.text);
                let articles: Vec<RawArticle> = nodes.iter().flat_map(|n| reader.document(n)).collect();
                if let Some(e) = error {
                    reader.syntax_error(&e);
                }
                articles
            }
            Err(e) => {
                reader.syntax_error(&e);
                Vec::new()
            }
        },
    }
}

/// JSON Lines: one article a line; `first_line` is the text's first line in its file.
pub fn json_lines(
    file: u32,
    name: &str,
    text: &str,
    first_line: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawArticle> {
    text.split('\n')
        .enumerate()
        .filter_map(|(i, line)| parse_line(file, name, line, first_line + i as u32, diagnostics))
        .collect()
}

/// One line of JSON Lines, holding one article (blank lines are skipped).
pub fn parse_line(
    file: u32,
    name: &str,
    line: &str,
    line_number: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawArticle> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() {
        return None;
    }
    fast::article(file, line, line_number).or_else(|| read_line(file, name, line, line_number, diagnostics))
}

/// One value of a streamed JSON document: an element of a top-level array (its article is
/// `[index]`), or a whole document (`index` None) that follows one. `text` is the block it
/// was cut from, `lines` its index; `start..end` the value.
#[allow(clippy::too_many_arguments)]
pub fn parse_element(
    file: u32,
    name: &str,
    text: &str,
    lines: &LineIndex<'_>,
    (start, end): (usize, usize),
    index: Option<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RawArticle> {
    if index.is_some()
        && let Some(article) = fast::article_at(file, text, lines, start, end, 1)
    {
        return vec![article];
    }
    let mut reader = Reader::new(Located::new(file, name, lines, diagnostics));
    match (json::parse_nested(&text[start..end], start, usize::from(index.is_some())), index) {
        (Ok(node), Some(i)) => reader.article(&node, &Path::Root.index(i)).into_iter().collect(),
        (Ok(node), None) => reader.document(&node),
        (Err(e), _) => {
            reader.syntax_error(&e);
            Vec::new()
        }
    }
}

/// One line read in full, every problem reported: what the fast path leaves to it.
fn read_line(
    file: u32,
    name: &str,
    line: &str,
    line_number: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RawArticle> {
    let lines = LineIndex::starting_at(line, line_number);
    let mut reader = Reader::new(Located::new(file, name, &lines, diagnostics));
    match json::parse(line) {
        Ok(node) => reader.article(&node, &Path::Root).ok(),
        Err(mut e) => {
            let end_of_file = "the end of the file (is it truncated?)";
            e.message = e.message.replace(end_of_file, "the end of the line (each line holds one whole article)");
            reader.syntax_error(&e);
            None
        }
    }
}

fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.next().is_some_and(|l| l.starts_with('{') && l.ends_with('}'))
        && json::parse(text.lines().find(|l| !l.trim().is_empty()).unwrap_or("")).is_ok()
}
