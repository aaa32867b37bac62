//! The words a report is compared by: a summary cut into lower-case content words, each
//! reduced to a rough stem, and the stems of one act brought to one word ("expels",
//! "expelled", "expulsion", "ousts" all read `expel`), so that two phrasings of one event
//! share their words. No language model: a stop list, a suffix stripper and a small table
//! of the verbs of news about states and politics.

/// Words that say nothing about which event it is.
const STOP: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or", "but", "as", "is", "are",
    "was", "were", "be", "been", "its", "his", "her", "their", "it", "he", "she", "they", "that", "this", "these",
    "those", "will", "would", "not", "no", "any", "all", "over", "into", "about", "after", "before", "says", "said",
    "say", "says", "has", "have", "had", "who", "which", "than", "also", "more", "some", "up", "out", "s",
];

/// Stems of one act, and the word they are read as.
const SAME_ACT: &[(&str, &[&str])] = &[
    ("expel", &["expel", "expell", "expuls", "oust", "eject", "kick"]),
    ("sanction", &["sanction", "penalt", "penaliz", "punish"]),
    ("reject", &["reject", "declin", "refus", "revok", "rebuff", "overrul", "shelv", "cancel", "scrap", "abandon"]),
    ("hack", &["hack", "breach", "intrud", "intrusion", "infiltrat", "penetrat", "cyberattack"]),
    ("accuse", &["accus", "blam", "attribut"]),
    ("meet", &["meet", "met", "talk"]),
    ("attack", &["attack", "strik", "assault", "bomb", "shell"]),
    ("warn", &["warn", "threaten"]),
    ("sign", &["sign", "agreement"]),
    ("support", &["support", "back", "endors"]),
    ("criticize", &["criticiz", "criticis", "condemn", "denounc"]),
    ("deny", &["deni", "deny"]),
    ("propose", &["propos", "suggest", "recommend"]),
    ("leave", &["leav", "left", "depart", "departur", "exit"]),
    ("win", &["win", "won", "victor", "elect"]),
    ("diplomat", &["diplomat", "envoy", "official"]),
    ("retaliate", &["retaliat", "respon", "reprisal"]),
    ("compound", &["compound", "facilit", "propert"]),
];

/// Phrases that name one act in several words, read as that act's word.
const PHRASES: &[(&str, &str)] = &[
    ("call off", "reject"),
    ("called off", "reject"),
    ("calls off", "reject"),
    ("set aside", "reject"),
    ("sets aside", "reject"),
    ("rule out", "reject"),
    ("rules out", "reject"),
    ("ruled out", "reject"),
    ("turn down", "reject"),
    ("turns down", "reject"),
    ("turned down", "reject"),
];

/// Words that deny the act they stand before ("will not expel" is a refusal to expel).
const NEGATIONS: &[&str] = &["not", "won't", "won’t", "never", "no"];

/// Verbs that say a report was made, not what happened: they name no act.
pub const REPORTING: &[&str] = &["say", "state", "announc", "tell", "told", "claim", "comment", "add", "note"];

/// The stem of a lower-case word: a few English endings taken off, long words only.
pub fn stem(word: &str) -> &str {
    let word = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word);
    if word.len() <= 4 {
        return word;
    }
    for suffix in ["ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s", "e", "y"] {
        if let Some(rest) = word.strip_suffix(suffix)
            && rest.len() >= 4
        {
            return rest;
        }
    }
    word
}

/// The word a stem is read as: its act's word when the table has it, else itself.
pub fn act_of(stem: &str) -> &str {
    for (act, stems) in SAME_ACT {
        let same = |s: &&str| if s.len() <= 4 { stem == *s } else { stem.starts_with(s) && stem.len() <= s.len() + 3 };
        if stems.iter().any(same) {
            return act;
        }
    }
    stem
}

/// The content words of `text`, each as `act_of(stem(word))`, in order, repeats kept out.
/// Cuts texts into content words, each as `act_of(stem(word))`, remembering what each
/// word it met became: a million summaries repeat a few thousand words.
#[derive(Default)]
pub struct Reader {
    lower: String,
    /// A lower-case word's hash -> its content word's hash (0: not a content word).
    memo: std::collections::HashMap<u64, u64, std::hash::BuildHasherDefault<Prehashed>>,
}

impl Reader {
    /// The hashes of the content words of `text`, in order, repeats left out. A negation
    /// before a verb adds `reject` ("will not expel" and "rejects the expulsion" share
    /// it); the phrases of [`PHRASES`] are read as their act.
    pub fn hashes(&mut self, text: &str, out: &mut Vec<u64>) {
        out.clear();
        self.lower.clear();
        for c in text.chars() {
            if c.is_ascii() {
                self.lower.push(c.to_ascii_lowercase());
            } else {
                self.lower.extend(c.to_lowercase());
            }
        }
        let memo = &mut self.memo;
        let push = |out: &mut Vec<u64>, word: u64| {
            if word != 0 && !out.contains(&word) {
                out.push(word);
            }
        };
        for token in tokens(&self.lower) {
            match token {
                Token::Phrase { verb, act } => {
                    // The phrase's verb was read as a word of its own: it is the act instead.
                    let verb = memo.get(&hash(verb)).copied().unwrap_or(0);
                    out.retain(|&w| w != verb);
                    push(out, hash(act));
                }
                // A number is itself (and rarely met twice: not worth remembering).
                Token::Word(raw) if raw.bytes().all(|b| b.is_ascii_digit()) => push(out, hash(raw)),
                Token::Word(raw) => {
                    let word = *memo.entry(hash(raw)).or_insert_with(|| content_word(raw).map_or(0, |w| hash(&w)));
                    push(out, word);
                }
            }
        }
    }
}

/// A word of a lower-case text, or a phrase of [`PHRASES`] that its second word ends
/// (the verb before it, already met as a word, is the phrase's act instead).
enum Token<'a> {
    Word(&'a str),
    Phrase { verb: &'a str, act: &'static str },
}

/// The words of a lower-case text, cut at what is neither a letter, a digit nor an
/// apostrophe within a word.
fn tokens(lower: &str) -> impl Iterator<Item = Token<'_>> {
    let mut previous = "";
    lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|raw| raw.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|raw| !raw.is_empty())
        .map(move |raw| {
            let token = match phrase(previous, raw) {
                Some(act) => Token::Phrase { verb: previous, act },
                None => Token::Word(raw),
            };
            previous = raw;
            token
        })
}

/// The act that two words make as one of [`PHRASES`], if they do.
fn phrase(first: &str, second: &str) -> Option<&'static str> {
    if !matches!(second, "off" | "aside" | "out" | "down") || first.is_empty() {
        return None;
    }
    PHRASES
        .iter()
        .find(|(p, _)| p.strip_suffix(second).and_then(|p| p.strip_suffix(' ')) == Some(first))
        .map(|(_, act)| *act)
}

/// What a lower-case word is read as; None when it says nothing of the event.
fn content_word(raw: &str) -> Option<String> {
    if NEGATIONS.contains(&raw) {
        return Some("reject".to_string());
    }
    if STOP.contains(&raw) || (raw.chars().count() < 2 && !raw.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    Some(act_of(stem(raw)).to_string())
}

/// The content words of `text` as words (for reading and tests; [`Reader`] hashes them).
#[cfg(test)]
pub fn content_words(text: &str, out: &mut Vec<String>) {
    out.clear();
    let lower = text.to_lowercase();
    for token in tokens(&lower) {
        let word = match token {
            Token::Phrase { verb, act } => {
                let verb = content_word(verb);
                out.retain(|w| Some(w) != verb.as_ref());
                Some(act.to_string())
            }
            Token::Word(raw) => content_word(raw),
        };
        if let Some(word) = word.filter(|w| !out.contains(w)) {
            out.push(word);
        }
    }
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
pub struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// True for a verb that says a report was made ("says", "announced"), not what happened.
pub fn is_reporting(stem: &str) -> bool {
    REPORTING.iter().any(|r| stem == *r || (r.len() > 4 && stem.starts_with(r)))
}

/// A word's 64-bit hash (FNV-1a): words are compared and counted by it.
pub fn hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        content_words(text, &mut out);
        out
    }

    #[test]
    fn phrasings_of_one_act_share_their_words() {
        assert_eq!(words("Obama expels 35 Russian diplomats"), ["obama", "expel", "35", "russian", "diplomat"]);
        assert_eq!(
            words("US orders the expulsion of 35 Russian officials"),
            ["us", "order", "expel", "35", "russian", "diplomat"]
        );
        assert_eq!(words("Putin rejects Lavrov's proposal"), ["putin", "reject", "lavrov", "propose"]);
        assert_eq!(words("Putin revokes Lavrov’s proposal"), ["putin", "reject", "lavrov", "propose"]);
        assert_eq!(words("Putin declined to retaliate"), ["putin", "reject", "retaliate"]);
        assert_eq!(
            words("Putin says Russia will not expel any US diplomats"),
            ["putin", "russia", "reject", "expel", "us", "diplomat"]
        );
        assert_eq!(words("Expulsion called off"), ["expel", "reject"]);
    }

    #[test]
    fn the_reader_hashes_the_same_words() {
        let mut reader = Reader::default();
        let mut hashes = Vec::new();
        for text in
            ["Putin says Russia will not expel any US diplomats", "Expulsion called off", "Obama’s ÉLYSÉE visit"]
        {
            reader.hashes(text, &mut hashes);
            let expected: Vec<u64> = words(text).iter().map(|w| hash(w)).collect();
            assert_eq!(hashes, expected, "{text}");
        }
    }

    #[test]
    fn short_and_stop_words_say_nothing() {
        assert_eq!(words("It is a plan of the"), ["plan"]);
        assert_eq!(words("5 of 7"), ["5", "7"]);
        assert!(words("").is_empty());
    }
}
