//! A query that cannot be read or does not apply to a corpus, and where it went wrong.

/// A query that cannot be read or does not apply to the corpus: what, and where in the
/// words (character columns, from 0) when it is one term's fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    pub message: String,
    pub at: Option<(usize, usize)>,
}

impl FilterError {
    /// The message with the words and a caret line under the culprit, for a terminal:
    /// ```text
    /// unknown key 'actr': did you mean 'actor'? ...
    ///   actr:putin
    ///   ^^^^^^^^^^
    /// ```
    pub fn pointing_into(&self, words: &str) -> String {
        let Some((start, end)) = self.at else { return self.message.clone() };
        let shown = crate::text::sanitize_line(words);
        let width = |s: &str| crate::text::width(s);
        let before: String = words.chars().take(start).collect();
        let culprit: String = words.chars().skip(start).take(end.saturating_sub(start).max(1)).collect();
        let pad = " ".repeat(width(&crate::text::sanitize_line(&before)));
        let marks = "^".repeat(width(&crate::text::sanitize_line(&culprit)).max(1));
        format!("{}\n  {shown}\n  {pad}{marks}", crate::text::sanitize_line(&self.message))
    }
}

impl From<super::parse::ParseError> for FilterError {
    fn from(e: super::parse::ParseError) -> FilterError {
        FilterError { message: e.message, at: Some((e.at, e.at + e.len)) }
    }
}
