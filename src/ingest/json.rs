//! A JSON parser that remembers where every value and key starts.
//!
//! serde_json reports where syntax breaks, but not where a well-formed value that
//! annals refuses sits (a duplicate id, an impossible date, an unknown field). Users need
//! `file:line:column` for those too, so the native loader parses into this small tree of
//! located nodes. Strings without escapes borrow from the input.

use std::borrow::Cow;

/// Nesting deeper than this is refused rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number as written; converted where a field needs it.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    /// Byte offset of the value's first character.
    pub pos: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_pos: usize,
    pub value: Node<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: usize,
    pub message: String,
    /// Where the bracket that was left open starts, for truncated input.
    pub opened_at: Option<usize>,
}

impl Value<'_> {
    /// The JSON type's name, for "expected a string, found a number".
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Parse one JSON value that fills `text` (whitespace around it allowed).
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, base: 0 };
    p.skip_ws();
    if p.pos == p.bytes.len() {
        return Err(p.error_here("empty input: expected a JSON value"));
    }
    let node = p.value(0)?;
    p.skip_ws();
    if p.pos != p.bytes.len() {
        return Err(p.error_here("unexpected characters after the JSON value"));
    }
    Ok(node)
}

/// Parse JSON values one after another (`cat a.json b.json`), whitespace between them.
/// Returns the values read before an error, and the error.
pub fn parse_sequence(text: &str) -> (Vec<Node<'_>>, Option<SyntaxError>) {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, base: 0 };
    let mut nodes = Vec::new();
    loop {
        p.skip_ws();
        if p.pos == p.bytes.len() {
            return (nodes, None);
        }
        match p.value(0) {
            Ok(node) => nodes.push(node),
            Err(e) => return (nodes, Some(e)),
        }
    }
}

/// Parse a value within a larger text: positions are relative to the larger text.
pub fn parse_at(text: &str, base: usize) -> Result<Node<'_>, SyntaxError> {
    parse_nested(text, base, 0)
}

/// Like [`parse_at`], for a value `depth` levels down its document (an element of an
/// array of articles: 1), so that nesting is counted from the document's top.
pub fn parse_nested(text: &str, base: usize, depth: usize) -> Result<Node<'_>, SyntaxError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, base: 0 };
    p.skip_ws();
    let parsed = if p.pos == p.bytes.len() {
        Err(p.error_here("empty input: expected a JSON value"))
    } else {
        p.value(depth).and_then(|node| {
            p.skip_ws();
            if p.pos == p.bytes.len() {
                Ok(node)
            } else {
                Err(p.error_here("unexpected characters after the JSON value"))
            }
        })
    };
    parsed
        .map_err(|e| SyntaxError { pos: e.pos + base, opened_at: e.opened_at.map(|o| o + base), ..e })
        .map(|n| shift(n, base))
}

fn shift(mut node: Node<'_>, base: usize) -> Node<'_> {
    if base == 0 {
        return node;
    }
    fn walk(node: &mut Node<'_>, base: usize) {
        node.pos += base;
        match &mut node.value {
            Value::Array(items) => items.iter_mut().for_each(|n| walk(n, base)),
            Value::Object(members) => members.iter_mut().for_each(|m| {
                m.key_pos += base;
                walk(&mut m.value, base);
            }),
            _ => {}
        }
    }
    walk(&mut node, base);
    node
}

/// A forward-only reader over JSON text, for loaders that read values straight into
/// their own structs (see `native::fast`): no tree, no messages. Anything unexpected
/// returns `None`, and the caller reads the text again with [`parse`] to say what and where.
pub struct Cursor<'a> {
    p: Parser<'a>,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Cursor::at(text, 0)
    }

    /// Reading `text` from byte `pos` on.
    pub fn at(text: &'a str, pos: usize) -> Self {
        Cursor { p: Parser { text, bytes: text.as_bytes(), pos, base: 0 } }
    }

    /// The byte offset of the next value, whitespace skipped.
    pub fn pos(&mut self) -> usize {
        self.p.skip_ws();
        self.p.pos
    }

    pub fn peek(&mut self) -> Option<u8> {
        self.p.skip_ws();
        self.p.bytes.get(self.p.pos).copied()
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
        if self.peek() == Some(b'n') && self.p.bytes[self.p.pos..].starts_with(b"null") {
            self.p.pos += 4;
            return true;
        }
        false
    }

    pub fn boolean(&mut self) -> Option<bool> {
        let rest = &self.p.bytes[self.pos()..];
        let (value, len) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
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

/// What was found where something else was expected, for "expected X, found Y": the
/// character, or the end of the file.
pub(crate) fn describe(found: Option<char>) -> String {
    match found {
        None => "the end of the file (is it truncated?)".to_string(),
        Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
        Some(c) => format!("'{c}'"),
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Parser<'a> {
    fn error_here(&self, message: &str) -> SyntaxError {
        SyntaxError { pos: self.base + self.pos, message: message.to_string(), opened_at: None }
    }

    fn error_at(&self, pos: usize, message: String) -> SyntaxError {
        SyntaxError { pos: self.base + pos, message, opened_at: None }
    }

    fn found(&self) -> String {
        describe(self.text[self.pos..].chars().next())
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node<'a>, SyntaxError> {
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
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
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
                opened_at: Some(self.base + open),
                ..self.error_here(&format!("unexpected end of file: the {what} is not closed (is the file truncated?)"))
            }
        } else {
            self.error_here(&format!("{message}, found {}", self.found()))
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        // Fast path: no escapes.
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(Cow::Borrowed(&self.text[start..self.pos - 1]));
                }
                b'\\' => break,
                0..=0x1f => return Err(self.control_in_string()),
                _ => self.pos += 1,
            }
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
                    while let Some(&c) = self.bytes.get(self.pos) {
                        if c == b'"' || c == b'\\' || c < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
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

    fn number(&mut self) -> Result<&'a str, SyntaxError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> SyntaxError {
        parse(text).unwrap_err()
    }

    #[test]
    fn parses_values_with_positions() {
        let n = parse(r#" {"a": [1, -2.5e3, "x\u00e9\n"], "b": null, "c": true}"#).unwrap();
        assert_eq!(n.pos, 1);
        let Value::Object(m) = &n.value else { panic!("not an object") };
        assert_eq!(m[0].key, "a");
        assert_eq!(m[0].key_pos, 2);
        let Value::Array(items) = &m[0].value.value else { panic!("not an array") };
        assert_eq!(items[1].value, Value::Number("-2.5e3"));
        assert_eq!(items[2].value, Value::String("xé\n".into()));
        assert_eq!(items[2].pos, 19);
        assert_eq!(m[1].value.value, Value::Null);
        assert_eq!(m[2].value.value, Value::Bool(true));
    }

    #[test]
    fn surrogate_pairs_decode() {
        assert_eq!(parse(r#""\ud83d\ude00""#).unwrap().value, Value::String("😀".into()));
        assert!(err(r#""\ud83d""#).message.contains("unpaired surrogate"));
    }

    #[test]
    fn truncation_names_the_open_bracket() {
        let e = err("{\"a\": [1, 2");
        assert_eq!(e.message, "unexpected end of file: the array is not closed (is the file truncated?)");
        assert_eq!((e.pos, e.opened_at), (11, Some(6)));
        assert!(err("{\"a\": \"abc").message.contains("inside a string"));
        assert_eq!(err("{\"a\"").opened_at, Some(0));
    }

    #[test]
    fn syntax_errors_point_at_the_offending_character() {
        assert_eq!(err("{\"a\" 1}").pos, 5);
        assert_eq!(err("[1,]").message, "expected a JSON value, found ']'");
        assert_eq!(err("[1] x").message, "unexpected characters after the JSON value");
        assert!(err("\"a\u{1b}b\"").message.contains("U+001B"));
        assert!(err("01").message.contains("leading zeros"));
        assert!(err("   ").message.contains("empty input"));
    }

    #[test]
    fn sequences_of_values_parse_until_an_error() {
        let (nodes, error) = parse_sequence("{\"a\": 1}\n{\n \"b\": 2}\n[3]");
        assert_eq!((nodes.len(), error), (3, None));
        assert_eq!(nodes[1].pos, 9);
        let (nodes, error) = parse_sequence("{} {\"a\" 1}");
        assert_eq!(nodes.len(), 1);
        assert_eq!(error.map(|e| e.pos), Some(8));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(100_000);
        assert!(err(&deep).message.contains("nesting deeper"));
    }

    #[test]
    fn parse_at_shifts_positions() {
        let n = parse_at("{\"a\": 1}", 100).unwrap();
        let Value::Object(m) = &n.value else { panic!("not an object") };
        assert_eq!((n.pos, m[0].key_pos, m[0].value.pos), (100, 101, 106));
        assert_eq!(parse_at("[", 10).unwrap_err().pos, 11);
    }
}
