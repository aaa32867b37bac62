//! The sentence around a place in plain text, found by punctuation: what an importer cuts
//! an event's summary from and what the detail pane shows around a quote.
//!
//! A sentence ends at whitespace after `.`, `!` or `?` (and any closing quotes or
//! parentheses), unless the next word starts in lower case or the period ends an
//! abbreviation ("Mr.", "U.S.") or an initial ("J."); a blank line ends one too. Offsets
//! are byte offsets on character boundaries.

use std::ops::Range;

/// Words after which a period does not end a sentence (lower case, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "corp", "inc", "ltd", "co", "gen", "gov", "sen", "rep", "lt",
    "col", "sgt", "capt", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "mt",
    "ft", "rev", "messrs", "u.s", "u.n", "u.k", "e.g", "i.e",
];

/// The sentence that holds `start..end`: from its first character that is not whitespace
/// to its closing punctuation, without the whitespace after it.
pub fn around(text: &str, start: usize, end: usize) -> Range<usize> {
    sentence_start(text, start)..sentence_end(text, end)
}

/// Where the sentence holding the byte `at` starts (whitespace before it skipped).
pub fn sentence_start(text: &str, at: usize) -> usize {
    let mut i = at;
    while i > 0 && !breaks_at(text, i) {
        i -= text[..i].chars().next_back().map_or(1, char::len_utf8);
    }
    while i < at && text[i..].starts_with(char::is_whitespace) {
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    i
}

/// Where the sentence going on at the byte `at` ends (its punctuation kept, the whitespace
/// after it not).
pub fn sentence_end(text: &str, at: usize) -> usize {
    let mut i = at;
    while i < text.len() && !breaks_at(text, i) {
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    while i > at && text[..i].ends_with(char::is_whitespace) {
        i -= text[..i].chars().next_back().map_or(1, char::len_utf8);
    }
    i
}

/// A sentence ends just before the byte `i`.
fn breaks_at(text: &str, i: usize) -> bool {
    is_blank_line_end(text, i) || ends_sentence(text, i)
}

/// A blank line ends just before `i`.
fn is_blank_line_end(text: &str, i: usize) -> bool {
    let before = &text[..i];
    before.ends_with('\n') && before[..i - 1].chars().rev().take_while(|c| c.is_whitespace()).any(|c| c == '\n')
}

/// A sentence ends just before `i`: `i` is whitespace after `.`, `!` or `?` (and closing
/// quotes), the next word does not start in lower case, and the word is no abbreviation.
fn ends_sentence(text: &str, i: usize) -> bool {
    if i == 0 || !text[i..].starts_with(char::is_whitespace) {
        return false;
    }
    let mut j = i;
    while let Some(c) = text[..j].chars().next_back().filter(|c| matches!(c, '"' | '\'' | '’' | '”' | ')')) {
        j -= c.len_utf8();
    }
    let Some(mark) = text[..j].chars().next_back().filter(|c| matches!(c, '.' | '!' | '?')) else {
        return false;
    };
    let next = text[i..].chars().find(|c| !c.is_whitespace());
    if next.is_some_and(char::is_lowercase) {
        return false;
    }
    if mark != '.' {
        return true;
    }
    let period = j - 1;
    let word_start =
        text[..period].rfind(char::is_whitespace).map_or(0, |p| p + text[p..].chars().next().map_or(1, char::len_utf8));
    let word = text[word_start..period].to_lowercase();
    let word = word.trim_start_matches(['(', '"', '\'', '“', '‘']);
    let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    !(initial || ABBREVIATIONS.contains(&word))
}

/// Every byte where a sentence ends just before, in order: found once for a text, so that
/// [`around_in`] answers for each of many places without scanning the text again.
pub fn breaks(text: &str) -> Vec<usize> {
    text.char_indices().map(|(i, _)| i).skip(1).chain([text.len()]).filter(|&i| i > 0 && breaks_at(text, i)).collect()
}

/// [`around`], from the text's [`breaks`]: the same sentence, found by binary search.
pub fn around_in(text: &str, breaks: &[usize], start: usize, end: usize) -> Range<usize> {
    let before = breaks.partition_point(|&b| b <= start);
    let mut from = if before == 0 { 0 } else { breaks[before - 1] };
    while from < start && text[from..].starts_with(char::is_whitespace) {
        from += text[from..].chars().next().map_or(1, char::len_utf8);
    }
    let mut to = breaks.get(breaks.partition_point(|&b| b < end)).copied().unwrap_or(text.len());
    while to > end && text[..to].ends_with(char::is_whitespace) {
        to -= text[..to].chars().next_back().map_or(1, char::len_utf8);
    }
    from..to
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence around the first place `word` is found.
    fn sentence_of<'t>(text: &'t str, word: &str) -> &'t str {
        let at = text.find(word).unwrap();
        &text[around(text, at, at + word.len())]
    }

    #[test]
    fn sentences_end_at_punctuation_but_not_after_titles_initials_or_abbreviations() {
        let text = "Mr. Putin said he would not expel anyone. U.S. officials declined to comment! \
                    Was it J. Smith? \"Yes.\" Then it went on.\n\nA new paragraph\nruns on";
        for (word, sentence) in [
            ("Putin", "Mr. Putin said he would not expel anyone."),
            ("expel", "Mr. Putin said he would not expel anyone."),
            ("officials", "U.S. officials declined to comment!"),
            ("Smith", "Was it J. Smith?"),
            ("Yes", "\"Yes.\""),
            ("went", "Then it went on."),
            ("paragraph", "A new paragraph\nruns on"),
            ("runs", "A new paragraph\nruns on"),
        ] {
            assert_eq!(sentence_of(text, word), sentence, "{word}");
        }
    }

    #[test]
    fn a_lower_case_word_after_a_period_goes_on_with_the_sentence() {
        let text = "The talks lasted 3 hrs. and ended. Nothing came of them.";
        assert_eq!(sentence_of(text, "ended"), "The talks lasted 3 hrs. and ended.");
    }

    #[test]
    fn offsets_stay_on_character_boundaries() {
        let text = "Путин сказал «нет». Дипломаты уехали.";
        assert_eq!(sentence_of(text, "уехали"), "Дипломаты уехали.");
        assert_eq!(sentence_of(text, "нет"), "Путин сказал «нет».");
        assert_eq!(around("", 0, 0), 0..0);
    }

    #[test]
    fn around_in_the_breaks_found_once_is_around() {
        let texts = [
            "Mr. Putin said he would not expel anyone. U.S. officials declined to comment! \
             Was it J. Smith? \"Yes.\" Then it went on.\n\nA new paragraph\nruns on",
            "Путин сказал «нет». Дипломаты уехали.\n\n\n  ",
            "  Lead. \n \n Next one?  ",
            "",
        ];
        for text in texts {
            let found = breaks(text);
            let places: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for (k, &start) in places.iter().enumerate() {
                for &end in &places[k..] {
                    assert_eq!(
                        around_in(text, &found, start, end),
                        around(text, start, end),
                        "{text:?} {start}..{end}"
                    );
                }
            }
        }
    }
}
