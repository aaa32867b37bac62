//! Which format a file is in: by its extension, then by its content where the extension
//! is shared (`.xml`, `.csv`) or missing (standard input).

use super::Source;
use super::formats::{brat, gdelt, xml};
use crate::diagnostic::Diagnostic;
use std::path::Path;

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
    pub(super) fn from_path(path: &Path) -> Option<Format> {
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

    pub(super) fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::JsonLines)
    }
}

/// Tell the formats that share an extension apart by content. A file that is in none of
/// them is refused: with an error when the user named it, with a warning when a directory
/// search found it (a directory may hold other XML or CSV files).
pub(super) fn concrete_format(source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Option<Format> {
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
