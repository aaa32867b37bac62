use super::Source;
use super::raw::RawArticle;
use crate::diagnostic::Diagnostic;

pub fn parse(_file: u32, _source: &Source, _diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    Vec::new()
}
pub fn looks_like_standoff(_t: &str) -> bool {
    false
}
