//! The query language's vocabulary, shared by filters (`key:value`), counts (`--by key`)
//! and the interface's help: the keys, the short names of importers' attributes, the
//! quoting of values, and the near miss offered for a mistyped word.

use std::borrow::Cow;

/// The keys every corpus has, with what each selects (for help and for suggestions).
pub const KEYS: &[(&str, &str)] = &[
    ("from", "events starting on or after a date: from:2016-12-28"),
    ("to", "events starting on or before the end of a date: to:2016-12"),
    ("date", "events starting within a date or a range: date:2016-12, date:2016-12-28..2016-12-31, date:* (dated)"),
    ("actor", "events naming an actor in any role: actor:putin, actor:\"Sergei Lavrov\""),
    ("agent", "events whose agent is the actor: agent:russia"),
    ("target", "events whose target is the actor: target:ukraine"),
    ("dyad", "events between two actors, either way round: dyad:russia,ukraine"),
    ("action", "the event's action: action:expel, action:prop*"),
    ("status", "actual, proposed, revoked, denied, planned, hypothetical"),
    ("tag", "a tag: tag:\"material conflict\""),
    ("article", "the article's id: article:capitalwire-2016-12-29-sanctions"),
    ("source", "the article's source (outlet or site): source:reuters*"),
    ("text", "words in the summary, actors, evidence or attributes: text:expel"),
    ("is", "what you put on the event: is:marked, is:starred, is:noted"),
    ("note", "words in your note on the event: note:embassy, note:* (any note)"),
];

/// Short names for the attributes that importers keep (GDELT's columns), as
/// (short name, attribute name). Any attribute can also be named in full.
pub const ATTRIBUTE_ALIASES: &[(&str, &str)] = &[
    ("code", "EventCode"),
    ("base", "EventBaseCode"),
    ("root", "EventRootCode"),
    ("quad", "QuadClass"),
    ("goldstein", "GoldsteinScale"),
    ("tone", "AvgTone"),
    ("mentions", "NumMentions"),
    ("sources", "NumSources"),
    ("articles", "NumArticles"),
    ("geo", "ActionGeo_CountryCode"),
    ("agent_country", "Actor1CountryCode"),
    ("target_country", "Actor2CountryCode"),
    ("agent_type", "Actor1Type1Code"),
    ("target_type", "Actor2Type1Code"),
    ("root_event", "IsRootEvent"),
];

/// The attribute that a short name stands for (`code` -> `EventCode`), ignoring case.
pub fn attribute_alias(word: &str) -> Option<&'static str> {
    ATTRIBUTE_ALIASES.iter().find(|(short, _)| short.eq_ignore_ascii_case(word)).map(|(_, full)| *full)
}

/// The attribute that `written` names among `names` (a corpus's attribute names), ignoring
/// case: an attribute named as written comes before the one a short name stands for (a
/// corpus may have an attribute called `code` of its own; a filter then tests, on each
/// event, the first of the two it has).
pub fn attribute_named<'a>(written: &str, names: &'a [Box<str>]) -> Option<&'a str> {
    let by_name = |wanted: &str| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)).map(|n| &**n);
    by_name(written).or_else(|| attribute_alias(written).and_then(by_name))
}

/// True for one of the [`KEYS`], ignoring case.
pub fn is_key(word: &str) -> bool {
    KEYS.iter().any(|(k, _)| k.eq_ignore_ascii_case(word))
}

/// Words of the language that cannot stand bare as a free word.
const RESERVED: &[&str] = &["or", "and", "not"];

/// A value after `key:` as the language reads it back: bare when it can be, else in
/// double quotes with `\"` and `\\` escaped (`material conflict` -> `"material conflict"`).
pub fn quote(value: &str) -> Cow<'_, str> {
    let plain = !value.is_empty() && value.chars().all(|c| !c.is_whitespace() && !matches!(c, '"' | '(' | ')' | '\\'));
    if plain { Cow::Borrowed(value) } else { Cow::Owned(quoted(value)) }
}

/// A free word as the language reads it back: quoted also when it would read as a
/// negation (`-x`), an operator (`or`) or a `key:value` term.
pub fn quote_word(word: &str) -> Cow<'_, str> {
    let plain = !word.starts_with('-') && !word.contains(':') && !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word));
    if plain { quote(word) } else { Cow::Owned(quoted(word)) }
}

/// `value` in double quotes, `\"` and `\\` escaped.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The candidate nearest to `word` when it is near enough to be what was meant: at most
/// one edit in four letters (two for longer words), ignoring case; a candidate that starts
/// with the word also counts.
pub fn near_miss<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let allowed = if word.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let distance = strsim::damerau_levenshtein(&word, &lower);
            let prefix = word.len() >= 2 && lower.starts_with(&word);
            (distance <= allowed || prefix).then_some((if prefix { 0 } else { distance }, c))
        })
        .min_by_key(|&(d, c)| (d, c.len()))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_only_when_they_must_be() {
        assert_eq!(quote("putin"), "putin");
        assert_eq!(quote("14*"), "14*");
        assert_eq!(quote("-5..-2"), "-5..-2");
        assert_eq!(quote("or"), "or");
        assert_eq!(quote("http://x.org/a:b"), "http://x.org/a:b");
        assert_eq!(quote("material conflict"), "\"material conflict\"");
        assert_eq!(quote(r#"say "no""#), r#""say \"no\"""#);
        assert_eq!(quote(""), "\"\"");
        assert_eq!(quote_word("-5"), "\"-5\"");
        assert_eq!(quote_word("OR"), "\"OR\"");
        assert_eq!(quote_word("note:this"), "\"note:this\"");
        assert_eq!(quote_word("expel"), "expel");
    }

    #[test]
    fn near_misses_are_offered_and_far_ones_are_not() {
        let keys = KEYS.iter().map(|(k, _)| *k);
        assert_eq!(near_miss("actr", keys.clone()), Some("actor"));
        assert_eq!(near_miss("stauts", keys.clone()), Some("status"));
        assert_eq!(near_miss("colour", keys.clone()), None);
        assert_eq!(attribute_alias("Quad"), Some("QuadClass"));
        assert!(is_key("ACTOR") && !is_key("code"));
    }
}
