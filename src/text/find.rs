//! A word found in text as it was loaded, with or without its case: text search reads the
//! summaries, quotes and names themselves, not a lower-cased copy of them. What makes that
//! fast is [`Pairs`]: 32 bytes a text that tell, without reading it, that most texts cannot
//! hold a word.

use memchr::memmem;

/// One word or phrase to find. Without its case, the word is lower case and matches where
/// it is found in the text lower-cased (`str::to_lowercase`), which for ASCII words is
/// decided on the text's own bytes.
#[derive(Clone)]
pub struct Needle {
    word: String,
    case_sensitive: bool,
    finder: memmem::Finder<'static>,
    pairs: Pairs,
}

impl Needle {
    /// `word` as given when `case_sensitive`, else lower-cased.
    pub fn new(word: &str, case_sensitive: bool) -> Needle {
        let word = if case_sensitive { word.to_string() } else { word.to_lowercase() };
        let finder = memmem::Finder::new(word.as_bytes()).into_owned();
        let mut pairs = Pairs::default();
        pairs.add_bytes(word.as_bytes());
        Needle { word, case_sensitive, finder, pairs }
    }

    /// Could a text of these pairs hold the word? When false, it cannot.
    pub fn may_be_in(&self, text: &Pairs) -> bool {
        text.holds(&self.pairs)
    }

    /// The word, lower-cased unless case-sensitive.
    pub fn word(&self) -> &str {
        &self.word
    }

    /// Is the word in `hay`, with the needle's case rule?
    pub fn in_text(&self, hay: &str) -> bool {
        if self.case_sensitive {
            return self.finder.find(hay.as_bytes()).is_some();
        }
        if self.word.is_ascii() {
            // An ASCII match ignoring case is a match in the lower-cased text. Lower-casing
            // makes ASCII of only two other characters: the Kelvin sign ('k') and capital I
            // with a dot ('i' and a combining dot); text holding them is lower-cased whole.
            return self.in_ascii_lowered(hay)
                || (!hay.is_ascii() && hay.contains(['\u{212A}', '\u{130}']) && self.in_text_lowered(hay));
        }
        // A word beyond ASCII is never in ASCII text, lower-cased or not.
        !hay.is_ascii() && self.in_text_lowered(hay)
    }

    /// Is the word in `hay` with its ASCII letters lower-cased (in a buffer of the thread's:
    /// copying a summary is cheaper than comparing at each place its first letter occurs).
    fn in_ascii_lowered(&self, hay: &str) -> bool {
        thread_local! {
            static LOWERED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        LOWERED.with_borrow_mut(|lowered| {
            lowered.clear();
            lowered.extend_from_slice(hay.as_bytes());
            lowered.make_ascii_lowercase();
            let found = self.finder.find(lowered).is_some();
            // A long article's text is not held on to.
            if lowered.capacity() > 1 << 16 {
                *lowered = Vec::new();
            }
            found
        })
    }

    /// Is the word in `lower`, text already lower-cased (an actor's names)? As written.
    pub fn in_lowered(&self, lower: &str) -> bool {
        self.finder.find(lower.as_bytes()).is_some()
    }

    fn in_text_lowered(&self, hay: &str) -> bool {
        self.in_lowered(&hay.to_lowercase())
    }
}

impl PartialEq for Needle {
    fn eq(&self, other: &Needle) -> bool {
        self.word == other.word && self.case_sensitive == other.case_sensitive
    }
}

impl Eq for Needle {}

impl std::fmt::Debug for Needle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Needle").field("word", &self.word).field("case_sensitive", &self.case_sensitive).finish()
    }
}

/// The pairs of adjacent ASCII characters of a text, lower-cased, hashed into 256 bits: a
/// text cannot hold a word (as written or ignoring case) whose pairs it lacks. A text of
/// about 180 pairs (an event's summary, quote and actors' names) sets about half the bits,
/// so a word of six letters passes one text in thirty that does not hold it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pairs([u64; 4]);

impl Pairs {
    /// The pairs of `text` as [`str::to_lowercase`] makes it.
    pub fn of(text: &str) -> Pairs {
        let mut pairs = Pairs::default();
        pairs.add(text);
        pairs
    }

    /// Add the pairs of `text` (lower-cased as [`Pairs::of`] says).
    pub fn add(&mut self, text: &str) {
        // Lower-casing makes ASCII of no character beyond ASCII but these two: without
        // them, the ASCII pairs of the lower-cased text are those of the text's bytes.
        if !text.is_ascii() && text.contains(['\u{212A}', '\u{130}']) {
            self.add_bytes(text.to_lowercase().as_bytes());
        } else {
            self.add_bytes(text.as_bytes());
        }
    }

    /// Add the pairs of two ASCII bytes of `bytes`, lower-cased. The four words are kept
    /// apart, not indexed, so that a pair need not wait for the one before to be stored.
    fn add_bytes(&mut self, bytes: &[u8]) {
        let Some((&first, rest)) = bytes.split_first() else {
            return;
        };
        let [mut w0, mut w1, mut w2, mut w3] = self.0;
        let mut before = first.to_ascii_lowercase();
        for &b in rest {
            let b = b.to_ascii_lowercase();
            let bit = Self::bit(before, b);
            // Any byte of a character beyond ASCII is 0x80 or more.
            let mask = u64::from((before | b) < 0x80) << (bit & 63);
            let word = bit >> 6;
            w0 |= if word == 0 { mask } else { 0 };
            w1 |= if word == 1 { mask } else { 0 };
            w2 |= if word == 2 { mask } else { 0 };
            w3 |= if word == 3 { mask } else { 0 };
            before = b;
        }
        self.0 = [w0, w1, w2, w3];
    }

    fn bit(a: u8, b: u8) -> usize {
        ((u32::from(a) << 8 | u32::from(b)).wrapping_mul(0x9E37_79B1) >> 24) as usize
    }

    /// Has this text every pair `word` has?
    pub fn holds(&self, word: &Pairs) -> bool {
        self.0.iter().zip(&word.0).all(|(text, word)| text & word == *word)
    }

    /// The pairs of both texts.
    pub fn join(&mut self, other: &Pairs) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine |= theirs;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule the needle must keep: found in the text lower-cased whole.
    fn by_lowering(hay: &str, word: &str) -> bool {
        hay.to_lowercase().contains(&word.to_lowercase())
    }

    #[test]
    fn a_word_is_found_ignoring_case_as_in_the_lowered_text() {
        let hays = [
            "Putin revokes the order",
            "PUTIN",
            "pu tin",
            "",
            "Élysée Palace said",
            "ÉLYSÉE",
            "the \u{212A}elvin scale",
            "\u{130}stanbul talks",
            "Straße",
            "ΟΔΟΣ ends",
            "ab\u{0}c",
            "aaab",
        ];
        let words = [
            "putin",
            "tin",
            "élysée",
            "kelvin",
            "i",
            "istanbul",
            "i\u{307}stanbul",
            "straße",
            "οδος",
            "ς",
            "aab",
            "b",
            "",
            "c",
        ];
        for hay in hays {
            for word in words {
                assert_eq!(Needle::new(word, false).in_text(hay), by_lowering(hay, word), "{word:?} in {hay:?}");
            }
        }
    }

    #[test]
    fn a_text_that_holds_a_word_holds_its_pairs() {
        let hays =
            ["Putin revokes the order", "the \u{212A}elvin scale", "\u{130}stanbul", "ÉLYSÉE Palace", "a-b c", ""];
        for hay in hays {
            let pairs = Pairs::of(hay);
            for (i, _) in hay.char_indices() {
                for (j, _) in hay[i..].char_indices().skip(1) {
                    let word = &hay[i..i + j];
                    for case_sensitive in [false, true] {
                        assert!(Needle::new(word, case_sensitive).may_be_in(&pairs), "{word:?} of {hay:?}");
                    }
                }
            }
            let lowered = hay.to_lowercase();
            for (i, _) in lowered.char_indices() {
                assert!(Needle::new(&lowered[i..], false).may_be_in(&pairs), "{:?} of {hay:?}", &lowered[i..]);
            }
        }
        // "kelvin" is in the lowered Kelvin sign's text; the pairs say so.
        assert!(Needle::new("kelvin", false).may_be_in(&Pairs::of("\u{212A}elvin")));
    }

    #[test]
    fn most_texts_that_lack_a_word_are_told_apart_by_their_pairs() {
        let texts: Vec<String> = (0..1000)
            .map(|i| format!("Officials in capital {i} said the minister met the envoy of region {} on Tuesday", i * 7))
            .collect();
        let needle = Needle::new("zzyzx", false);
        let passed = texts.iter().filter(|t| needle.may_be_in(&Pairs::of(t))).count();
        assert!(passed < 100, "{passed} of 1000 texts passed for a word none holds");
        let said = Needle::new("Said", false);
        assert!(texts.iter().all(|t| said.may_be_in(&Pairs::of(t))));
    }

    #[test]
    fn every_character_that_lowers_to_ascii_is_itself_ascii_or_one_of_two() {
        let odd: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(odd, ['\u{130}', '\u{212A}']);
    }

    #[test]
    fn with_its_case_a_word_is_found_only_as_written() {
        let needle = Needle::new("Putin", true);
        assert!(needle.in_text("said Putin"));
        assert!(!needle.in_text("said PUTIN"));
        assert_eq!(needle.word(), "Putin");
        assert_eq!(Needle::new("Putin", false).word(), "putin");
    }
}
