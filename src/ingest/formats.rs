//! The importers, one module per input format, and the helpers only they share.
//!
//! Each format turns a [`Source`] into [`RawArticle`]s and located diagnostics; the
//! pipeline (`super`) decides which format a file is in and merges what they make.
//! `xml`, `anchor` (temporal links), `snippet` (summaries cut from text), `located`
//! (positions and messages), `unmapped` (what could not be mapped) and `url` serve
//! several formats; the JSON reader, which the pipeline's streaming also uses, lives at
//! `super::json`.

pub mod anchor;
pub mod brat;
pub mod cat;
pub mod gdelt;
pub mod located;
pub mod native;
pub mod snippet;
pub mod timeml;
pub mod unmapped;
pub mod url;
pub mod xml;

use super::guard;
use super::raw::RawArticle;
use super::{Format, Source};
use crate::diagnostic::Diagnostic;

/// The raw articles of a source in a known format, registered as `file`. A panic in the
/// importer is caught: the file is one located error then ([`guard`]).
/// Articles without a publication date take the source's document date, if it has one.
pub fn parse(source: &Source, format: Format, file: u32, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    let mut articles =
        guard::parse_file(&source.name, diagnostics, |diagnostics| parse_unguarded(source, format, file, diagnostics));
    for article in &mut articles {
        article.date_if_undated(source.published);
    }
    articles
}

fn parse_unguarded(source: &Source, format: Format, file: u32, diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    match format {
        Format::Json | Format::JsonLines => native::parse(file, source, diagnostics),
        Format::TimeMl | Format::Xml => timeml::parse(file, source, diagnostics),
        Format::Cat => cat::parse(file, source, diagnostics),
        Format::Brat => brat::parse(file, source, diagnostics),
        Format::Gdelt => gdelt::parse(file, source, diagnostics),
    }
}
