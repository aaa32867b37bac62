//! Where a reader is in its source file, and the located diagnostics it writes: what every
//! importer (native, TimeML, MEANTIME, brat, GDELT) shares.

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::model::Loc;

pub struct Located<'a, 'd> {
    pub file: u32,
    pub name: &'a str,
    /// The index of the text being read (a whole file, a line, a streamed block).
    pub lines: &'a LineIndex<'a>,
    pub diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'a, 'd> Located<'a, 'd> {
    /// Writing the diagnostics of file number `file`, named `name`, whose text `lines` indexes.
    pub fn new(file: u32, name: &'a str, lines: &'a LineIndex<'a>, diagnostics: &'d mut Vec<Diagnostic>) -> Self {
        Located { file, name, lines, diagnostics }
    }

    /// File, line and column of a byte offset.
    pub fn loc(&self, pos: usize) -> Loc {
        let (line, column) = self.lines.locate(pos);
        Loc { file: self.file, line, column }
    }

    pub fn error(&mut self, pos: usize, message: String) {
        self.report(true, pos, message);
    }

    pub fn warning(&mut self, pos: usize, message: String) {
        self.report(false, pos, message);
    }

    pub fn report(&mut self, error: bool, pos: usize, message: String) {
        let (line, column) = self.lines.locate(pos);
        self.diagnostics.push(if error {
            Diagnostic::error(self.name, line, column, message)
        } else {
            Diagnostic::warning(self.name, line, column, message)
        });
    }
}
