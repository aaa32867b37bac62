//! A forward-only reader over JSON text, for loaders that read values straight into their
//! own structs (the native format's fast path): no tree, no messages.

use super::parser::Parser;
use std::borrow::Cow;

/// Reads one value at a time. Anything unexpected returns `None` (or false), and the
/// caller reads the text again with [`super::parse`] to say what and where.
pub struct Cursor<'a> {
    p: Parser<'a>,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Cursor::at(text, 0)
    }

    /// Reading `text` from byte `pos` on.
    pub fn at(text: &'a str, pos: usize) -> Self {
        Cursor { p: Parser::at(text, pos) }
    }

    /// The byte offset of the next value, whitespace skipped.
    pub fn pos(&mut self) -> usize {
        self.p.skip_ws();
        self.p.pos
    }

    pub fn peek(&mut self) -> Option<u8> {
        self.p.skip_ws();
        self.p.next_byte()
    }

    /// Consume `byte` if it comes next.
    pub fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        self.p.pos += usize::from(next);
        next
    }

    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    pub fn string(&mut self) -> Option<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.p.string().ok()
    }

    pub fn number(&mut self) -> Option<&'a str> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.p.number().ok(),
            _ => None,
        }
    }

    /// `null`, consumed if it comes next.
    pub fn null(&mut self) -> bool {
        if self.peek() == Some(b'n') && self.p.sees(b"null") {
            self.p.pos += 4;
            return true;
        }
        false
    }

    pub fn boolean(&mut self) -> Option<bool> {
        self.p.skip_ws();
        let (value, len) = if self.p.sees(b"true") {
            (true, 4)
        } else if self.p.sees(b"false") {
            (false, 5)
        } else {
            return None;
        };
        self.p.pos += len;
        Some(value)
    }

    /// Any value `depth` levels down the document, read and dropped.
    pub fn skip_value(&mut self, depth: usize) -> Option<()> {
        self.p.skip_ws();
        self.p.value(depth).ok().map(drop)
    }
}
