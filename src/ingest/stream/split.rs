//! The array splitter: a streamed JSON array of articles cut into its elements, block by
//! block ([`Splitter`]), its structure checked with the whole document's parser's words.

use crate::ingest::json::scan::{Scan, ValueScan, describe_at, is_space, scan_value};

/// A value cut out of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Element {
    pub start: usize,
    pub end: usize,
    /// Its place in its array; `None` for a whole document after an array.
    pub index: Option<usize>,
}

/// Where a byte of `block` is, for a block that starts at `(line, column)`.
pub(super) fn locate_in(block: &[u8], pos: usize, (first_line, first_column): (u32, u32)) -> (u32, u32) {
    let (line, column) = crate::diagnostic::locate_in_bytes(block, pos);
    (first_line + line - 1, if line == 1 { column + first_column - 1 } else { column })
}

/// Cuts a stream holding an array of articles into its elements, block by block, checking
/// the structure around them (the elements themselves are checked by whoever parses them).
/// Blocks start where the last one was kept from: between elements, or at the start of
/// one that did not fit, whose scan then goes on where it stopped (a one-line file of a
/// gigabyte is scanned once).
#[derive(Debug, Default)]
pub(super) struct Splitter {
    expect: Expect,
    /// The place of the next element in its array.
    index: usize,
    /// Where the open array starts (line, column), for "the array is not closed".
    opened: (u32, u32),
    /// The element the last block ended inside, scanned so far.
    partial: Option<ValueScan>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A document: the array, or one after it.
    #[default]
    Document,
    /// An element or the end, right after '['.
    First,
    /// An element, after ','.
    Element,
    /// ',' or ']' after an element.
    Separator,
}

/// What a block is cut into.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Cut {
    /// The block up to the end of its last whole element goes to a worker.
    pub send: usize,
    /// The block from here on waits for the next one.
    pub keep: usize,
    pub elements: Vec<Element>,
    /// A break in the array's structure (where, what), reported here.
    pub error: Option<(usize, String)>,
    /// Nothing after this block can be read: the structure is broken (the error is above,
    /// or in the last element, for its parser to report).
    pub stop: bool,
}

impl Splitter {
    /// Cut `block`, which starts at `at` (line, column); `at_end` when no more bytes will come.
    pub fn cut(&mut self, block: &[u8], at: (u32, u32), at_end: bool) -> Cut {
        let mut pos = 0;
        let mut elements = Vec::new();
        let mut send = 0;
        let fail = |pos: usize, message: String, send: usize, elements: Vec<Element>| Cut {
            send,
            keep: block.len(),
            elements,
            error: Some((pos, message)),
            stop: true,
        };
        loop {
            if self.partial.is_none() {
                while block.get(pos).copied().is_some_and(is_space) {
                    pos += 1;
                }
            }
            let Some(&byte) = block.get(pos) else {
                if at_end && self.expect != Expect::Document {
                    let (line, column) = self.opened;
                    let message = format!(
                        "unexpected end of file: the array is not closed (is the file truncated?); it opens at {line}:{column}"
                    );
                    return fail(pos, message, send, elements);
                }
                break;
            };
            match (self.expect, byte) {
                (Expect::Document, b'[') => {
                    self.opened = locate_in(block, pos, at);
                    (self.expect, self.index) = (Expect::First, 0);
                    pos += 1;
                }
                (Expect::First | Expect::Separator, b']') => {
                    self.expect = Expect::Document;
                    pos += 1;
                }
                (Expect::Separator, b',') => {
                    self.expect = Expect::Element;
                    pos += 1;
                }
                (Expect::Separator, _) => {
                    let message = format!("expected ',' or ']' after an element, found {}", describe_at(block, pos));
                    return fail(pos, message, send, elements);
                }
                (_, b',' | b']' | b'}') if self.partial.is_none() => {
                    let message = format!("expected a JSON value, found {}", describe_at(block, pos));
                    return fail(pos, message, send, elements);
                }
                // No value starts so (a form feed, a stray letter): the structure is broken
                // here, as the whole reader would say.
                (Expect::First | Expect::Element, b)
                    if self.partial.is_none()
                        && !matches!(b, b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') =>
                {
                    let message = format!("expected a JSON value, found {}", describe_at(block, pos));
                    return fail(pos, message, send, elements);
                }
                (expect, _) => {
                    let mut scan = self.partial.take().unwrap_or_default();
                    let index = (expect != Expect::Document).then_some(self.index);
                    let end = match scan_value(block, pos, &mut scan, at_end) {
                        Scan::More if at_end => {
                            // Cut short by the end of the file: its parser says what is missing.
                            elements.push(Element { start: pos, end: block.len(), index });
                            return Cut { send: block.len(), keep: block.len(), elements, error: None, stop: true };
                        }
                        Scan::More => {
                            self.partial = Some(scan);
                            break;
                        }
                        Scan::Broken(bad) => {
                            // Its parser reports the bracket; nothing after it can be trusted.
                            elements.push(Element { start: pos, end: bad + 1, index });
                            return Cut { send: bad + 1, keep: block.len(), elements, error: None, stop: true };
                        }
                        Scan::Ends(end) => end,
                    };
                    elements.push(Element { start: pos, end, index });
                    if expect != Expect::Document {
                        (self.expect, self.index) = (Expect::Separator, self.index + 1);
                    }
                    (send, pos) = (end, end);
                }
            }
        }
        Cut { send, keep: pos, elements, error: None, stop: false }
    }
}
