use super::Source;
use super::raw::RawArticle;
use crate::diagnostic::Diagnostic;

pub fn parse(_file: u32, _source: &Source, _diagnostics: &mut Vec<Diagnostic>) -> Vec<RawArticle> {
    Vec::new()
}
pub fn columns_of(_t: &str) -> Option<usize> {
    None
}
pub fn not_gdelt_reason(_t: &str) -> String {
    String::new()
}
