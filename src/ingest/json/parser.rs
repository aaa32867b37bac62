//! The located parser: JSON text into a tree of [`Node`]s that know where they start, or
//! a [`SyntaxError`] that says what breaks and where.

use super::scan;
use super::{Member, Node, SyntaxError, Value};
use std::borrow::Cow;

/// Nesting deeper than this is refused rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 128;

/// A reading position in JSON text; each method reads one kind of value from it.
pub(super) struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> Parser<'a> {
    /// Reading `text` from byte `pos` on.
    #[inline]
    pub fn at(text: &'a str, pos: usize) -> Self {
        Parser { text, bytes: text.as_bytes(), pos }
    }

    /// The byte at the reading position, if any.
    #[inline]
    pub fn next_byte(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Whether the text from the reading position starts with `word`.
    #[inline]
    pub fn sees(&self, word: &[u8]) -> bool {
        self.bytes[self.pos..].starts_with(word)
    }

    pub fn error_here(&self, message: &str) -> SyntaxError {
        SyntaxError { pos: self.pos, message: message.to_string(), opened_at: None }
    }

    fn error_at(&self, pos: usize, message: String) -> SyntaxError {
        SyntaxError { pos, message, opened_at: None }
    }

    fn found(&self) -> String {
        scan::describe_at(self.bytes, self.pos)
    }

    #[inline]
    pub fn skip_ws(&mut self) {
        self.pos = scan::skip_space(self.bytes, self.pos);
    }

    pub fn value(&mut self, depth: usize) -> Result<Node<'a>, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error_here(&format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        let pos = self.pos;
        let value = match self.bytes.get(pos) {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            _ => return Err(self.error_here(&format!("expected a JSON value, found {}", self.found()))),
        };
        Ok(Node { value, pos })
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        if self.sees(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error_here(&format!("expected a JSON value, found {}", self.found())))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.unclosed_or(open, "object", "expected a field name in double quotes"));
            }
            let key_pos = self.pos;
            let key = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.unclosed_or(open, "object", "expected ':' after the field name"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push(Member { key, key_pos, value });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.unclosed_or(open, "object", "expected ',' or '}' after a field")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            if self.pos == self.bytes.len() {
                return Err(self.unclosed_or(open, "array", ""));
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.unclosed_or(open, "array", "expected ',' or ']' after an element")),
            }
        }
    }

    /// At the end of input, say which bracket was left open; else the given message.
    fn unclosed_or(&self, open: usize, what: &str, message: &str) -> SyntaxError {
        if self.pos >= self.bytes.len() {
            SyntaxError {
                opened_at: Some(open),
                ..self.error_here(&format!("unexpected end of file: the {what} is not closed (is the file truncated?)"))
            }
        } else {
            self.error_here(&format!("{message}, found {}", self.found()))
        }
    }

    pub fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        // Fast path: no escapes.
        self.pos = scan::plain_run_end(self.bytes, self.pos);
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                self.pos += 1;
                return Ok(Cow::Borrowed(&self.text[start..self.pos - 1]));
            }
            Some(0..=0x1f) => return Err(self.control_in_string()),
            _ => {}
        }
        let mut out = String::from(&self.text[start..self.pos]);
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(self.error_at(
                    open,
                    "unexpected end of file inside a string that starts here (is the file truncated?)".into(),
                ));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                0..=0x1f => return Err(self.control_in_string()),
                _ => {
                    // Copy a run of ordinary characters at once.
                    let run_start = self.pos;
                    self.pos = scan::plain_run_end(self.bytes, self.pos);
                    out.push_str(&self.text[run_start..self.pos]);
                }
            }
        }
    }

    fn control_in_string(&self) -> SyntaxError {
        self.error_here(&format!("{} inside a string: write it as an escape such as \\n or \\u001b", self.found()))
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos - 1;
        let c = match self.bytes.get(self.pos) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let high = self.hex4(at)?;
                let c = if (0xD800..0xDC00).contains(&high) {
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return Err(self.error_at(at, "unpaired surrogate in a \\u escape".into()));
                    }
                    self.pos += 2;
                    let low = self.hex4(at)?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error_at(at, "unpaired surrogate in a \\u escape".into()));
                    }
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    char::from_u32(high)
                };
                let c = c.ok_or_else(|| self.error_at(at, "unpaired surrogate in a \\u escape".into()))?;
                out.push(c);
                return Ok(());
            }
            _ => return Err(self.error_at(at, format!("invalid escape '\\{}'", self.found().trim_matches('\'')))),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self, at: usize) -> Result<u32, SyntaxError> {
        let digits = self.bytes.get(self.pos..self.pos + 4);
        let value = digits
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .and_then(|d| u32::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok())
            .ok_or_else(|| self.error_at(at, "a \\u escape needs four hex digits".into()))?;
        self.pos += 4;
        Ok(value)
    }

    pub fn number(&mut self) -> Result<&'a str, SyntaxError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos > s
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if !digits(self) {
            return Err(self.error_at(start, "malformed number".into()));
        }
        if self.bytes[int_start] == b'0' && self.pos - int_start > 1 {
            return Err(self.error_at(start, "numbers may not have leading zeros".into()));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error_at(start, "malformed number".into()));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error_at(start, "malformed number".into()));
            }
        }
        Ok(&self.text[start..self.pos])
    }
}
