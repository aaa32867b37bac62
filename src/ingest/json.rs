//! A JSON parser that remembers where every value and key starts.
//!
//! serde_json reports where syntax breaks, but not where a well-formed value that
//! annals refuses sits (a duplicate id, an impossible date, an unknown field). Users need
//! `file:line:column` for those too, so the native loader parses into this small tree of
//! located nodes. Strings without escapes borrow from the input.
//!
//! [`parse`] and its kin build the tree (`parser`); [`Cursor`] reads values one at a time
//! with the same parser, for the native format's fast path; [`scan`] holds the scanning
//! both share with the streamed array's splitter.

mod cursor;
mod parser;
pub mod scan;

pub use cursor::Cursor;

use parser::Parser;
use std::borrow::Cow;

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
    parse_nested(text, 0, 0)
}

/// Parse JSON values one after another (`cat a.json b.json`), whitespace between them.
/// Returns the values read before an error, and the error.
pub fn parse_sequence(text: &str) -> (Vec<Node<'_>>, Option<SyntaxError>) {
    let mut p = Parser::at(text, 0);
    let mut nodes = Vec::new();
    loop {
        p.skip_ws();
        if p.next_byte().is_none() {
            return (nodes, None);
        }
        match p.value(0) {
            Ok(node) => nodes.push(node),
            Err(e) => return (nodes, Some(e)),
        }
    }
}

/// Parse a value within a larger text, `depth` levels down its document (an element of an
/// array of articles: 1, so that nesting is counted from the document's top): positions
/// are relative to the larger text, where `text` starts at `base`.
pub fn parse_nested(text: &str, base: usize, depth: usize) -> Result<Node<'_>, SyntaxError> {
    let mut p = Parser::at(text, 0);
    p.skip_ws();
    let parsed = if p.next_byte().is_none() {
        Err(p.error_here("empty input: expected a JSON value"))
    } else {
        p.value(depth).and_then(|node| {
            p.skip_ws();
            if p.next_byte().is_none() {
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
    fn nested_values_shift_positions() {
        let n = parse_nested("{\"a\": 1}", 100, 0).unwrap();
        let Value::Object(m) = &n.value else { panic!("not an object") };
        assert_eq!((n.pos, m[0].key_pos, m[0].value.pos), (100, 101, 106));
        assert_eq!(parse_nested("[", 10, 0).unwrap_err().pos, 11);
    }
}
