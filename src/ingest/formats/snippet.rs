//! What importers derive from plain text: the sentence around a word (an event's summary),
//! slugs (ids made from names) and file stems (ids and titles made from file names).

use crate::text::sentence;

/// Summaries longer than this many characters are cut around the trigger.
const MAX_SUMMARY: usize = 200;

/// The sentence of `text` that holds the characters `start..end` (character offsets), on
/// one line, with those characters in `[brackets]`, cut around them when it is long.
/// `bounds` are known sentence starts (character offsets, sorted), when the format marks
/// sentences; otherwise sentences are found by punctuation and blank lines
/// ([`crate::text::sentence`]). For the events of one article, index it once with
/// [`Sentences`].
pub fn sentence_around(text: &str, start: usize, end: usize, bounds: &[usize]) -> String {
    Sentences::new(text, bounds).around(start, end)
}

/// An article's text indexed once for the summaries of all its events: where each
/// character starts and where sentences end. A summary then costs its own length, not the
/// article's (8,000 events of a 1.8 MB article took 144 s when each summary scanned it).
pub struct Sentences<'t> {
    text: &'t str,
    /// The byte offset of each character, then the text's length; `None` for ASCII text,
    /// where characters are bytes.
    char_bytes: Option<Vec<usize>>,
    /// Known sentence starts, in characters (from the format's markup).
    bounds: &'t [usize],
    /// Where sentences end, in bytes, when they are found by punctuation (no `bounds`).
    breaks: Vec<usize>,
}

impl<'t> Sentences<'t> {
    pub fn new(text: &'t str, bounds: &'t [usize]) -> Self {
        let char_bytes = (!text.is_ascii()).then(|| text.char_indices().map(|(b, _)| b).chain([text.len()]).collect());
        let breaks = if bounds.is_empty() { sentence::breaks(text) } else { Vec::new() };
        Sentences { text, char_bytes, bounds, breaks }
    }

    /// The number of characters of the text.
    pub fn chars(&self) -> usize {
        self.char_bytes.as_ref().map_or(self.text.len(), |b| b.len() - 1)
    }

    /// The byte where the character `c` starts (the text's length past its end).
    fn byte(&self, c: usize) -> usize {
        let c = c.min(self.chars());
        self.char_bytes.as_ref().map_or(c, |b| b[c])
    }

    /// The character that starts at the byte `b` (a character boundary).
    fn char_at_byte(&self, b: usize) -> usize {
        self.char_bytes.as_ref().map_or(b, |bytes| bytes.partition_point(|&x| x < b))
    }

    /// The characters `start..end`.
    pub fn slice(&self, start: usize, end: usize) -> &'t str {
        &self.text[self.byte(start)..self.byte(end.max(start))]
    }

    fn is_space_at(&self, c: usize) -> bool {
        self.text[self.byte(c)..].starts_with(char::is_whitespace)
    }

    /// [`sentence_around`] in the indexed text.
    pub fn around(&self, start: usize, end: usize) -> String {
        let chars = self.chars();
        let start = start.min(chars);
        let end = end.clamp(start, chars);
        let (from, to) = if self.bounds.is_empty() {
            let found = sentence::around_in(self.text, &self.breaks, self.byte(start), self.byte(end));
            (self.char_at_byte(found.start), self.char_at_byte(found.end))
        } else {
            let i = self.bounds.partition_point(|&b| b <= start);
            let from = if i == 0 { 0 } else { self.bounds[i - 1] };
            let to = self.bounds.get(i).copied().unwrap_or(chars).max(end);
            (from, to)
        };
        if let Some(sentence) = self.one_line(from, start, end, to, MAX_SUMMARY) {
            return sentence;
        }
        // A window around the trigger, on word boundaries.
        let half = MAX_SUMMARY.saturating_sub(end - start) / 2;
        let mut a = start.saturating_sub(half).max(from);
        let mut b = (end + half).min(to);
        while a > from && !self.is_space_at(a - 1) {
            a += 1;
            if a >= start {
                a = start;
                break;
            }
        }
        while b < to && !self.is_space_at(b) {
            b -= 1;
            if b <= end {
                b = end;
                break;
            }
        }
        let mut out = String::new();
        if a > from {
            out.push('…');
        }
        out.push_str(&self.one_line(a, start, end, b, usize::MAX).unwrap_or_default());
        if b < to {
            out.push('…');
        }
        out
    }

    /// The characters `a..b` on one line (runs of whitespace one space, none at the ends),
    /// the trigger `start..end` in brackets so that the events of one sentence can be told
    /// apart; `None` as soon as it passes `limit` characters.
    fn one_line(&self, a: usize, start: usize, end: usize, b: usize, limit: usize) -> Option<String> {
        let (open, close) = if end > start { ("[", "]") } else { ("", "") };
        let pieces = [self.slice(a, start), open, self.slice(start, end), close, self.slice(end, b)];
        let mut out = String::new();
        let (mut count, mut space) = (0, false);
        for c in pieces.iter().flat_map(|p| p.chars()) {
            if c.is_whitespace() {
                space = count > 0;
                continue;
            }
            if space {
                out.push(' ');
                count += 1;
                space = false;
            }
            out.push(c);
            count += 1;
            if count > limit {
                return None;
            }
        }
        Some(out)
    }
}

/// An id made from a name: lower case letters and digits joined by `-`; dots vanish so that
/// "U.S." and "US" give the same slug. Empty when the name has no letter or digit.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().filter(|&c| c != '.') {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// The text of a file's name without its extensions, for ids and titles.
pub fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.split('.').next().filter(|s| !s.is_empty()).unwrap_or(base).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_around_a_word_skips_abbreviations() {
        let text = "Pacific First Financial Corp. said shareholders approved. The U.S. thrift said it expects more.\n\nNew paragraph";
        let at = text.find("approved").unwrap();
        assert_eq!(
            sentence_around(text, at, at + 8, &[]),
            "Pacific First Financial Corp. said shareholders [approved]."
        );
        let at = text.find("expects").unwrap();
        assert_eq!(sentence_around(text, at, at + 7, &[]), "The U.S. thrift said it [expects] more.");
        let at = text.find("paragraph").unwrap();
        assert_eq!(sentence_around(text, at, at + 9, &[]), "New [paragraph]");
    }

    #[test]
    fn titles_and_abbreviations_do_not_break_a_summary() {
        let text = "Mr. Putin said he would not expel anyone. U.S. officials declined to comment.";
        let at = text.find("expel").unwrap();
        assert_eq!(sentence_around(text, at, at + 5, &[]), "Mr. Putin said he would not [expel] anyone.");
        let at = text.find("declined").unwrap();
        assert_eq!(sentence_around(text, at, at + 8, &[]), "U.S. officials [declined] to comment.");
    }

    #[test]
    fn marked_sentences_are_used_as_given() {
        let text = "Airbus launches plane\nJanuary 18 , 2005\nIn a ceremony Airbus unveiled plans";
        let bounds = [0, 22, 40];
        assert_eq!(sentence_around(text, 61, 69, &bounds), "In a ceremony Airbus [unveiled] plans");
        assert_eq!(sentence_around(text, 7, 15, &bounds), "Airbus [launches] plane");
    }

    #[test]
    fn long_sentences_are_cut_around_the_word() {
        let text = format!("{} trigger {}.", "word ".repeat(60), "more ".repeat(60));
        let at = text.find("trigger").unwrap();
        let s = sentence_around(&text, at, at + 7, &[]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("[trigger]"));
        assert!(s.chars().count() <= MAX_SUMMARY + 4, "{}", s.chars().count());
    }

    #[test]
    fn slugs_merge_spellings() {
        assert_eq!(slug("U.S."), "us");
        assert_eq!(slug("US"), "us");
        assert_eq!(slug("Royal Trustco Ltd."), "royal-trustco-ltd");
        assert_eq!(slug("  "), "");
        assert_eq!(file_stem("dir/3307_Airbus.txt.xml"), "3307_Airbus");
    }
}
