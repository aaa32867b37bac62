//! The scanning every JSON reader here shares: whitespace, the plain run of a string,
//! what is found at a place (for messages), and the resumable scan that finds where a
//! value ends, strings and brackets matched, without parsing it.
//!
//! The located parser (`super::parser`, and through it the fast path's `Cursor`) and the
//! streamed array's splitter (`crate::ingest::stream`) read with these. Both are on the
//! hot path of loading (docs/PERFORMANCE.md): the parser checks every string byte for
//! controls as it goes, the splitter jumps from quote to quote with `memchr`.

/// JSON's whitespace: space, tab, line feed, carriage return (not form feed).
#[inline]
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The first byte from `pos` on that is not JSON whitespace.
#[inline]
pub fn skip_space(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).copied().is_some_and(is_space) {
        pos += 1;
    }
    pos
}

/// The end of the run of string bytes from `pos` on that need no attention: the first
/// quote, backslash or control character, or the end of the text.
#[inline]
pub fn plain_run_end(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(&b) = bytes.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        pos += 1;
    }
    pos
}

/// What was found where something else was expected, for "expected X, found Y": the
/// character, or the end of the file.
fn describe(found: Option<char>) -> String {
    match found {
        None => "the end of the file (is it truncated?)".to_string(),
        Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
        Some(c) => format!("'{c}'"),
    }
}

/// [`describe`] the character at byte `pos` of `bytes`, which may not be UTF-8 there
/// (a streamed block): such a byte is named in hex.
pub fn describe_at(bytes: &[u8], pos: usize) -> String {
    let width = match bytes.get(pos) {
        None => return describe(None),
        Some(0xF0..) => 4,
        Some(0xE0..) => 3,
        Some(0xC0..) => 2,
        Some(_) => 1,
    };
    match bytes.get(pos..pos + width).and_then(|c| std::str::from_utf8(c).ok()) {
        Some(c) => describe(c.chars().next()),
        None => format!("byte {:02X}", bytes[pos]),
    }
}

/// How far the scan of one value has gone, kept when the bytes end before it does.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ValueScan {
    /// Bytes scanned from the value's start.
    scanned: usize,
    /// The closing brackets expected, innermost last.
    closers: Vec<u8>,
    in_string: bool,
    escaped: bool,
}

/// What scanning a value found.
#[derive(Debug, PartialEq, Eq)]
pub enum Scan {
    /// It ends here (exclusive).
    Ends(usize),
    /// The bytes end first.
    More,
    /// A closing bracket that does not match, here: the value ends broken.
    Broken(usize),
}

/// Go on scanning the value that starts at `start` (scanned as far as `scan` says): a
/// string to its closing quote, escapes skipped; an object or array to its matching
/// bracket; a number or word to the first delimiter (`,` `]` `}` or ASCII whitespace), or
/// to the end when `at_end`. What lies inside is not checked.
pub fn scan_value(block: &[u8], start: usize, scan: &mut ValueScan, at_end: bool) -> Scan {
    let mut pos = start + scan.scanned;
    let first = block[start];
    if !matches!(first, b'{' | b'[' | b'"') {
        // A number or a word ends at the first delimiter, or at the end of the file.
        let end = block[pos..].iter().position(|&b| matches!(b, b',' | b']' | b'}') || is_space(b));
        return match end {
            Some(n) => Scan::Ends(pos + n),
            None if at_end => Scan::Ends(block.len()),
            None => {
                scan.scanned = block.len() - start;
                Scan::More
            }
        };
    }
    if scan.scanned == 0 {
        match first {
            b'"' => scan.in_string = true,
            b'{' => scan.closers.push(b'}'),
            _ => scan.closers.push(b']'),
        }
        pos += 1;
    }
    while pos < block.len() {
        if scan.in_string && !scan.escaped {
            // Most of an article is text: jump to the next quote or backslash.
            match memchr::memchr2(b'"', b'\\', &block[pos..]) {
                Some(n) => pos += n,
                None => break,
            }
        }
        let b = block[pos];
        if scan.in_string {
            if scan.escaped {
                scan.escaped = false;
            } else if b == b'\\' {
                scan.escaped = true;
            } else if b == b'"' {
                scan.in_string = false;
                if scan.closers.is_empty() {
                    return Scan::Ends(pos + 1);
                }
            }
        } else {
            match b {
                b'"' => scan.in_string = true,
                b'{' => scan.closers.push(b'}'),
                b'[' => scan.closers.push(b']'),
                b'}' | b']' if scan.closers.last() == Some(&b) => {
                    scan.closers.pop();
                    if scan.closers.is_empty() {
                        return Scan::Ends(pos + 1);
                    }
                }
                b'}' | b']' => return Scan::Broken(pos),
                _ => {}
            }
        }
        pos += 1;
    }
    scan.scanned = block.len() - start;
    Scan::More
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_end_where_their_brackets_and_quotes_close_across_blocks() {
        let text = br#"{"a": "x\"}", "b": [1, {"c": "]"}]} 7"#;
        // Cut anywhere, the scan goes on where it stopped and finds the same end.
        for cut in 1..text.len() {
            let mut scan = ValueScan::default();
            let first = scan_value(&text[..cut], 0, &mut scan, false);
            let end = match first {
                Scan::More => scan_value(text, 0, &mut scan, false),
                other => other,
            };
            assert_eq!(end, Scan::Ends(text.len() - 2), "cut at {cut}");
        }
        assert_eq!(scan_value(b"12,", 0, &mut ValueScan::default(), false), Scan::Ends(2));
        assert_eq!(scan_value(b"true", 0, &mut ValueScan::default(), true), Scan::Ends(4));
        assert_eq!(scan_value(b"[1}", 0, &mut ValueScan::default(), false), Scan::Broken(2));
    }

    #[test]
    fn plain_runs_stop_at_quotes_escapes_and_controls() {
        assert_eq!(plain_run_end(b"ab\"c", 0), 2);
        assert_eq!(plain_run_end(b"ab\\c", 1), 2);
        assert_eq!(plain_run_end(b"a\x1bc", 0), 1);
        assert_eq!(plain_run_end("é".as_bytes(), 0), 2);
        assert_eq!(skip_space(b" \t\r\n\x0cx", 0), 4);
        assert_eq!(describe_at(b"\xff", 0), "byte FF");
        assert_eq!(describe_at("中".as_bytes(), 0), "'中'");
        assert_eq!(describe_at(b"", 0), "the end of the file (is it truncated?)");
    }
}
