//! What importers derive from plain text: the sentence around a word (an event's summary),
//! slugs (ids made from names) and file stems (ids and titles made from file names).

use crate::text::sentence;

/// Summaries longer than this many characters are cut around the trigger.
const MAX_SUMMARY: usize = 200;

/// The sentence of `text` that holds the characters `start..end` (character offsets), on
/// one line, with those characters in `[brackets]`, cut around them when it is long.
/// `bounds` are known sentence starts (character offsets, sorted), when the format marks
/// sentences; otherwise sentences are found by punctuation and blank lines
/// ([`crate::text::sentence`]).
pub fn sentence_around(text: &str, start: usize, end: usize, bounds: &[usize]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = start.min(chars.len());
    let end = end.clamp(start, chars.len());
    let (from, to) = if bounds.is_empty() {
        let byte = |char_offset: usize| text.char_indices().nth(char_offset).map_or(text.len(), |(b, _)| b);
        let found = sentence::around(text, byte(start), byte(end));
        let chars_to = |b: usize| text[..b].chars().count();
        (chars_to(found.start), chars_to(found.end))
    } else {
        let i = bounds.partition_point(|&b| b <= start);
        let from = if i == 0 { 0 } else { bounds[i - 1] };
        let to = bounds.get(i).copied().unwrap_or(chars.len()).max(end);
        (from, to)
    };
    // The trigger is marked, so that the events of one sentence can be told apart.
    let one_line = |a: usize, b: usize| -> String {
        let mut s: String = chars[a..start].iter().collect();
        if end > start {
            s.push('[');
            s.extend(&chars[start..end]);
            s.push(']');
        }
        s.extend(&chars[end..b]);
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let sentence = one_line(from, to);
    if sentence.chars().count() <= MAX_SUMMARY {
        return sentence;
    }
    // A window around the trigger, on word boundaries.
    let half = MAX_SUMMARY.saturating_sub(end - start) / 2;
    let mut a = start.saturating_sub(half).max(from);
    let mut b = (end + half).min(to);
    while a > from && !chars[a - 1].is_whitespace() {
        a += 1;
        if a >= start {
            a = start;
            break;
        }
    }
    while b < to && !chars[b].is_whitespace() {
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
    out.push_str(&one_line(a, b));
    if b < to {
        out.push('…');
    }
    out
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
