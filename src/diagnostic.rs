//! Problems found while loading, each with the place it was found.

use crate::text::escape_visible;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// `FILE:LINE:COLUMN: error|warning: message`. Line and column are 1-based; the column
/// counts characters. Displaying it shows the controls of the file name and message, which
/// quote data, as visible escapes (`\u{1b}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, line, column, message)
    }

    pub fn warning(file: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, line, column, message)
    }

    fn new(severity: Severity, file: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Self { severity, file: file.to_string(), line, column, message: message.into() }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Everything loading found: the diagnostics in the order of the files given, then of
/// line and column, with the errors counted once (the status bar shows them every frame).
#[derive(Debug, Clone, Default)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
    errors: usize,
}

impl Report {
    /// The report of `diagnostics`, ordered by `files` (the files in the order loaded).
    pub fn new(mut diagnostics: Vec<Diagnostic>, files: &[String]) -> Report {
        let file_rank: std::collections::HashMap<&str, usize> =
            files.iter().enumerate().map(|(i, f)| (f.as_str(), i)).collect();
        diagnostics.sort_by_key(|d| (file_rank.get(d.file.as_str()).copied().unwrap_or(0), d.line, d.column));
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Report { diagnostics, errors }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    pub fn error_count(&self) -> usize {
        self.errors
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.errors
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            escape_visible(&self.file),
            self.line,
            self.column,
            escape_visible(&self.message)
        )
    }
}

/// Maps byte offsets of a text to 1-based line and character column.
///
/// Columns count characters. Counting from the line's start for every value would make
/// long lines (JSON Lines puts a whole article on one) quadratic, so the character count
/// is kept at checkpoints every few hundred bytes, built on first use.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Added to every line number: the text's first line in its file.
    first_line: u32,
    /// The column of the text's first character (it may start inside a line).
    first_column: u32,
    /// Characters before each multiple of CHECKPOINT bytes; empty for ASCII text.
    checkpoints: std::cell::OnceCell<Vec<usize>>,
    /// The last line located and the characters before its start: an article's places
    /// (its events, dates, participants...) are located one after another on one line.
    last_line: std::cell::Cell<Option<(usize, usize)>>,
}

/// Bytes between checkpoints: a place is located by counting at most this many.
const CHECKPOINT: usize = 128;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::starting_at(text, 1)
    }

    /// For a piece of a file that starts on line `first_line`.
    pub fn starting_at(text: &'a str, first_line: u32) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            text,
            line_starts,
            first_line,
            first_column: 1,
            checkpoints: std::cell::OnceCell::new(),
            last_line: std::cell::Cell::new(None),
        }
    }

    /// For a piece of a file that starts on line `first_line`, at column `first_column`.
    pub fn starting_at_column(text: &'a str, first_line: u32, first_column: u32) -> Self {
        Self { first_column, ..Self::starting_at(text, first_line) }
    }

    fn chars_before(&self, pos: usize) -> usize {
        let bytes = self.text.as_bytes();
        let checkpoints = self.checkpoints.get_or_init(|| {
            if self.text.is_ascii() {
                return Vec::new();
            }
            // Characters before each multiple of CHECKPOINT bytes.
            let mut chars = 0;
            let mut points = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
            for chunk in bytes.chunks(CHECKPOINT) {
                points.push(chars);
                chars += count_chars(chunk);
            }
            // The end of a text whose length is a multiple of CHECKPOINT has its own.
            points.push(chars);
            points
        });
        if checkpoints.is_empty() {
            return pos;
        }
        let pos = pos.min(bytes.len());
        let k = pos / CHECKPOINT;
        checkpoints[k] + count_chars(&bytes[k * CHECKPOINT..pos])
    }

    pub fn locate(&self, pos: usize) -> (u32, u32) {
        let pos = pos.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= pos) - 1;
        let start = self.line_starts[line];
        let before_line = match self.last_line.get() {
            Some((known, chars)) if known == line => chars,
            _ => {
                let chars = self.chars_before(start);
                self.last_line.set(Some((line, chars)));
                chars
            }
        };
        let mut column = (self.chars_before(pos) - before_line + 1) as u32;
        if line == 0 {
            column += self.first_column - 1;
        }
        (line as u32 + self.first_line, column)
    }
}

/// Characters that start in `bytes` (UTF-8: every byte but continuation bytes), in a
/// loop the compiler turns into vector instructions.
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from((b as i8) >= -0x40)).sum()
}

/// The error for bytes that are not UTF-8, placed at the first bad byte and showing the
/// bytes found there. `first_line` is the line of the file on which `bytes` start.
pub fn invalid_utf8(file: &str, bytes: &[u8], valid_up_to: usize, first_line: u32) -> Diagnostic {
    let (line, column) = locate_in_bytes(bytes, valid_up_to);
    let shown: Vec<String> = bytes[valid_up_to..].iter().take(4).map(|b| format!("{b:02X}")).collect();
    Diagnostic::error(
        file,
        first_line + line - 1,
        column,
        format!("invalid UTF-8 (bytes {}): annals reads UTF-8 text", shown.join(" ")),
    )
}

/// Line and column of a byte offset in bytes that may not be valid UTF-8
/// (used to place an invalid byte).
pub fn locate_in_bytes(bytes: &[u8], pos: usize) -> (u32, u32) {
    let before = &bytes[..pos.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line as u32, column as u32)
}

thread_local! {
    /// How many loader guards this thread is inside (see [`panic_is_caught`]).
    static CATCHING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether a panic on this thread now would be caught by the loader and reported as a
/// located error for the file being read (`ingest::guard`). A panic hook checks it: the
/// panic is then an internal error already reported, so the hook neither prints it
/// (unless debugging) nor gives the terminal back.
pub fn panic_is_caught() -> bool {
    CATCHING.with(std::cell::Cell::get) > 0
}

/// Run `f` with [`panic_is_caught`] true on this thread; for the code that catches.
pub fn catching<T>(f: impl FnOnce() -> T) -> T {
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            CATCHING.with(|c| c.set(c.get() - 1));
        }
    }
    CATCHING.with(|c| c.set(c.get() + 1));
    let _leave = Leave;
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_are_caught_only_inside_catching_on_its_own_thread() {
        assert!(!panic_is_caught());
        assert!(catching(|| panic_is_caught() && !std::thread::spawn(panic_is_caught).join().unwrap()));
        let unwound = std::panic::catch_unwind(|| catching(|| panic!("inside")));
        assert!(unwound.is_err());
        assert!(!panic_is_caught(), "leaving by a panic leaves the guard too");
    }

    #[test]
    fn display_is_located_and_shows_controls_as_escapes() {
        // Shown, not removed: a quoted value must read as what it holds, and no byte of it
        // reaches the terminal as a control.
        let d = Diagnostic::error("a\u{1b}]0;x\u{7}.json", 3, 7, "bad value 'x\u{1b}[2J'");
        assert_eq!(d.to_string(), "a\\u{1b}]0;x\\u{7}.json:3:7: error: bad value 'x\\u{1b}[2J'");
    }

    #[test]
    fn line_index_counts_characters() {
        let idx = LineIndex::new("ab\nдва x\n");
        assert_eq!(idx.locate(0), (1, 1));
        assert_eq!(idx.locate(3), (2, 1));
        assert_eq!(idx.locate(10), (2, 5));
        assert_eq!(idx.locate(9), (2, 4), "going back works too");
        assert_eq!(idx.locate(11), (2, 6));
        assert_eq!(LineIndex::starting_at("x\ny", 41).locate(2), (42, 1));
        assert_eq!(locate_in_bytes(b"ab\nc\xffd", 4), (2, 2));
    }

    #[test]
    fn columns_across_checkpoints_count_characters() {
        let line = "Путин и Лавров — 😀 x".repeat(100);
        let idx = LineIndex::starting_at(&line, 7);
        for (chars, (pos, _)) in line.char_indices().enumerate().step_by(7) {
            assert_eq!(idx.locate(pos), (7, chars as u32 + 1), "at byte {pos}");
        }
        assert_eq!(idx.locate(line.len()), (7, line.chars().count() as u32 + 1));
        // The end of a text of exactly 512 bytes (an error at the end of a truncated line).
        let exact = format!("é{}", "x".repeat(510));
        assert_eq!(LineIndex::new(&exact).locate(512), (1, 512));
    }
}
