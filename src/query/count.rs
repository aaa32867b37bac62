//! Counts of a view's events grouped by a field (`annals count --by action`, the `c`
//! panel): which fields a corpus can be counted by, the counting itself, and for each
//! bucket the query words that select it or leave it out.
//!
//! A large view is counted by action, actor, tag, status or article from the corpus's
//! lists of events per value ([`lists`]). Otherwise counting groups by small keys (an
//! actor's index, an article's index, a day number, the address of a shared action, tag or
//! attribute word) in one map per chunk of the view, on every core; only the merged keys
//! are turned into strings.

use super::fields::{self, ATTRIBUTE_ALIASES};
use super::parallel::chunked;
use crate::model::{Corpus, EventIx, Open, Role, Status, When};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

mod keys;
mod lists;
#[cfg(test)]
mod tests;

/// What events are grouped by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GroupBy {
    Action,
    /// Any actor of the event, whatever its role.
    Actor,
    Agent,
    Target,
    Tag,
    Status,
    Article,
    Source,
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    Month,
    Year,
    /// An importer's attribute: `key` as the user named it (`code`), `name` as the corpus
    /// spells it (`EventCode`).
    Attribute {
        key: String,
        name: String,
    },
}

/// The fields every corpus may have, by name.
const FIXED: &[(&str, GroupBy)] = &[
    ("action", GroupBy::Action),
    ("actor", GroupBy::Actor),
    ("agent", GroupBy::Agent),
    ("target", GroupBy::Target),
    ("tag", GroupBy::Tag),
    ("status", GroupBy::Status),
    ("article", GroupBy::Article),
    ("source", GroupBy::Source),
    ("day", GroupBy::Day),
    ("week", GroupBy::Week),
    ("month", GroupBy::Month),
    ("year", GroupBy::Year),
];

impl GroupBy {
    /// A field named on the command line or cycled to in the panel: one of the fixed
    /// names, an attribute's short name (`code`, `quad`...) or an attribute's full name
    /// as some event of the corpus has it; all ignoring case.
    pub fn parse(word: &str, corpus: &Corpus) -> Result<GroupBy, String> {
        let word = word.trim();
        if let Some((_, by)) = FIXED.iter().find(|(name, _)| name.eq_ignore_ascii_case(word)) {
            return Ok(by.clone());
        }
        let names = corpus.attribute_names();
        if let Some(name) = fields::attribute_named(word, names) {
            let short = ATTRIBUTE_ALIASES.iter().find(|(short, _)| short.eq_ignore_ascii_case(word)).map(|(s, _)| *s);
            return Ok(GroupBy::Attribute { key: short.unwrap_or(word).to_string(), name: name.to_string() });
        }
        // A short name counts every event under "(none)" when no event has its attribute.
        if let Some((short, name)) = ATTRIBUTE_ALIASES.iter().find(|(short, _)| short.eq_ignore_ascii_case(word)) {
            return Ok(GroupBy::Attribute { key: short.to_string(), name: name.to_string() });
        }
        let names: Vec<&str> = names.iter().map(|n| &**n).collect();
        let candidates = FIXED.iter().map(|(n, _)| *n).chain(ATTRIBUTE_ALIASES.iter().map(|(s, _)| *s));
        let near = fields::near_miss(word, candidates.chain(names.iter().copied()));
        let hint = near.map_or_else(String::new, |n| format!(" (did you mean '{n}'?)"));
        let fixed: Vec<&str> = FIXED.iter().map(|(n, _)| *n).collect();
        let mut message = format!("cannot count by '{word}'{hint}; fields: {}", fixed.join(", "));
        if !names.is_empty() {
            let shown: Vec<&str> = names.iter().map(|n| short_name(n).unwrap_or(n)).collect();
            message.push_str(&format!("; attributes: {}", shown.join(", ")));
        }
        Err(message)
    }

    /// The fields worth counting this corpus by, for the panel to cycle through: the
    /// fixed ones it has values for, then the attributes with a short name.
    pub fn available(corpus: &Corpus) -> Vec<GroupBy> {
        let events = corpus.events();
        let has_role = |role: Role| events.iter().any(|e| e.participants.iter().any(|p| p.role == role));
        let mut out = Vec::new();
        for (_, by) in FIXED {
            let useful = match by {
                GroupBy::Action => corpus.actions().next().is_some(),
                GroupBy::Actor => !corpus.actors().is_empty(),
                GroupBy::Agent => has_role(Role::Agent),
                GroupBy::Target => has_role(Role::Target),
                GroupBy::Tag => corpus.tags().next().is_some(),
                GroupBy::Status => corpus.events_with_status(Status::Actual).len() < events.len(),
                GroupBy::Article => corpus.articles().len() > 1,
                GroupBy::Source => corpus.articles().iter().any(|a| a.source.is_some()),
                GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => corpus.dated_len() > 0,
                GroupBy::Attribute { .. } => false,
            };
            if useful {
                out.push(by.clone());
            }
        }
        let names = corpus.attribute_names();
        for (short, name) in ATTRIBUTE_ALIASES {
            if names.iter().any(|n| **n == **name) {
                out.push(GroupBy::Attribute { key: short.to_string(), name: name.to_string() });
            }
        }
        out
    }

    /// The key of the query language that selects by this field (`action`, `date`, `code`).
    pub fn key(&self) -> &str {
        match self {
            GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => "date",
            other => other.name(),
        }
    }

    /// The field as the user names it: `action`, `week`, `code`.
    pub fn name(&self) -> &str {
        match self {
            GroupBy::Attribute { key, .. } => key,
            by => FIXED.iter().find(|(_, b)| b == by).map_or("", |(n, _)| n),
        }
    }
}

/// The short name of an attribute, if it has one.
fn short_name(name: &str) -> Option<&'static str> {
    ATTRIBUTE_ALIASES.iter().find(|(_, full)| *full == name).map(|(short, _)| *short)
}

/// One row of a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// As shown: an actor's name, `2016-12-30`, `2016-W52`, `0834`, `(none)` (raw: it is
    /// sanitized where it is drawn).
    pub label: String,
    /// The query words that select exactly this bucket: `action:expel`,
    /// `date:2016-12-26..2017-01-01`, `code:0834`; `-KEY:*` for the events without the field.
    pub term: String,
    pub events: usize,
}

/// The label of the bucket of events without the field.
pub const NONE_LABEL: &str = "(none)";

impl Bucket {
    /// The words that leave the bucket out: `-action:expel`, or `action:*` for the events
    /// without an action.
    pub fn excluding(&self) -> String {
        match self.term.strip_prefix('-') {
            Some(present) => present.to_string(),
            None => format!("-{}", self.term),
        }
    }
}

/// Hashes keys that are already well spread (indices, addresses, day numbers) with one
/// multiplication: the counting's maps see a million lookups.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Counts of one chunk: for each key, its events and the first event that had it (from
/// which the key's value is read back).
#[derive(Default)]
struct Tally {
    by_key: HashMap<u64, (usize, EventIx), BuildHasherDefault<KeyHasher>>,
    none: usize,
}

/// The buckets of `events` grouped by `by`, in [`order`]. An event
/// counts once in each bucket it has a value for (an event of two actors in both), and
/// in `(none)` when it has none.
///
/// Days, weeks, months and years are those of the date as the list shows it: where the
/// period starts (the bound of an open one), in the offset it was written in, so that
/// `2016-12-30T01:00+03:00` counts on the 30th as it is listed, although it is the 29th in
/// UTC. A date coarser than a day counts on the first day of its period.
pub fn count_by(corpus: &Corpus, events: &[EventIx], by: &GroupBy) -> Vec<Bucket> {
    let mut out = lists::count(corpus, events, by).unwrap_or_else(|| count_each(corpus, events, by));
    out.sort_unstable_by(order);
    out
}

/// The order buckets are shown in: most events first, then by label, then by the words
/// that select them (two actors may share a name).
pub fn order(a: &Bucket, b: &Bucket) -> std::cmp::Ordering {
    b.events.cmp(&a.events).then_with(|| a.label.cmp(&b.label)).then_with(|| a.term.cmp(&b.term))
}

/// The buckets, unsorted, from the events one by one.
fn count_each(corpus: &Corpus, events: &[EventIx], by: &GroupBy) -> Vec<Bucket> {
    let tallies = chunked(events, 50_000, |part| vec![tally(corpus, part, by)]);
    let mut merged = Tally::default();
    for t in tallies {
        merged.none += t.none;
        for (key, (n, first)) in t.by_key {
            merged.by_key.entry(key).or_insert((0, first)).0 += n;
        }
    }
    // Keys that read the same (one word shared by each loading thread, days of one week)
    // become one bucket, found by its term.
    let mut buckets: HashMap<String, Bucket> = HashMap::new();
    for (key, (n, first)) in merged.by_key {
        let (label, term) = keys::resolve(corpus, by, key, first);
        buckets.entry(term.clone()).or_insert(Bucket { label, term, events: 0 }).events += n;
    }
    let mut out: Vec<Bucket> = buckets.into_values().collect();
    if merged.none > 0 {
        out.push(Bucket { label: NONE_LABEL.to_string(), term: format!("-{}:*", by.key()), events: merged.none });
    }
    out
}

fn tally(corpus: &Corpus, part: &[EventIx], by: &GroupBy) -> Tally {
    let mut t = Tally::default();
    let mut found = Vec::new();
    // Events in timeline order come in runs of one key (a day, an article's events): a
    // run is counted apart and added to the map once.
    let mut run: Option<(u64, usize, EventIx)> = None;
    let add = |t: &mut Tally, (key, n, first): (u64, usize, EventIx)| t.by_key.entry(key).or_insert((0, first)).0 += n;
    for &ix in part {
        found.clear();
        keys::of_event(corpus, by, ix, &mut found);
        match (found.as_slice(), &mut run) {
            ([], _) => t.none += 1,
            (&[key], Some((k, n, _))) if *k == key => *n += 1,
            (&[key], _) => {
                if let Some(done) = run.replace((key, 1, ix)) {
                    add(&mut t, done);
                }
            }
            (keys, _) => keys.iter().for_each(|&key| add(&mut t, (key, 1, ix))),
        }
    }
    if let Some(done) = run {
        add(&mut t, done);
    }
    t
}

/// The day (days since 1970-01-01) on which a date starts as the list shows it: in the
/// offset it was written in, an open period at its bound.
pub fn shown_day(w: &When) -> i64 {
    let instant = match w.open {
        Open::Closed => w.start,
        Open::Before => w.end,
        Open::After => w.start.saturating_sub(1),
    };
    instant.saturating_add(i64::from(w.offset_minutes.unwrap_or(0)) * 60).div_euclid(86_400)
}

/// The bucket of the day `day` (days since 1970-01-01) when counting by a day, week, month
/// or year: its label and the query words that select it (`2016-W52`,
/// `date:2016-12-26..2017-01-01`). For a store that counts days itself.
pub fn day_bucket(by: &GroupBy, day: i64) -> (String, String) {
    let (label, words) = period_of_day(by, day);
    (label, format!("{}:{words}", by.key()))
}

/// `buckets` and the bucket of the `none` events without the field, in the order annals
/// shows them. For a store that counts buckets itself.
pub fn with_none(buckets: &mut Vec<Bucket>, by: &GroupBy, none: u64) -> Vec<Bucket> {
    if none > 0 {
        buckets.push(Bucket { label: NONE_LABEL.to_string(), term: format!("-{}:*", by.key()), events: none as usize });
    }
    buckets.sort_unstable_by(order);
    std::mem::take(buckets)
}

/// The buckets of events counted by a store, by `by`, where the counts hold that field:
/// dated events a day (`days`, each day's first second) of `total`, the rest without a
/// date; each actor's events by id (`actors`, named from `cast`), where every event that
/// passed names one (a filter of actors alone). None for another field.
pub fn counted_buckets(
    by: &GroupBy,
    days: &[(i64, u64)],
    actors: &std::collections::HashMap<String, u64>,
    total: u64,
    cast: &Corpus,
) -> Option<Vec<Bucket>> {
    let mut buckets: HashMap<String, Bucket> = HashMap::new();
    let mut add = |label: String, term: String, n: u64| {
        buckets.entry(term.clone()).or_insert(Bucket { label, term, events: 0 }).events += n as usize;
    };
    let none = match by {
        GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => {
            for &(day, n) in days {
                let (label, term) = day_bucket(by, day.div_euclid(86_400));
                add(label, term, n);
            }
            total.saturating_sub(days.iter().map(|&(_, n)| n).sum::<u64>())
        }
        GroupBy::Actor => {
            for (id, &n) in actors {
                let name = cast.actor_by_id(id).map(|a| cast.actor(a).name.raw().to_string());
                add(name.unwrap_or_else(|| id.clone()), term_of(by, id), n);
            }
            0
        }
        _ => return None,
    };
    let mut buckets: Vec<Bucket> = buckets.into_values().collect();
    Some(with_none(&mut buckets, by, none))
}

/// The query words that select the events whose `by` is `value` (`action:expel`).
pub fn term_of(by: &GroupBy, value: &str) -> String {
    format!("{}:{}", by.key(), fields::quote(value))
}

/// The calendar date of a day number.
fn date_of_day(day: i64) -> NaiveDate {
    let from_ce = day.saturating_add(719_163).clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
    NaiveDate::from_num_days_from_ce_opt(from_ce).unwrap_or_default()
}

/// (label, date words) of the day, ISO week, month or year of a day number.
fn period_of_day(by: &GroupBy, day: i64) -> (String, String) {
    let date = date_of_day(day);
    match by {
        GroupBy::Week => {
            let week = date.iso_week();
            let monday = date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()));
            let sunday = monday + chrono::Duration::days(6);
            (format!("{:04}-W{:02}", week.year(), week.week()), format!("{monday}..{sunday}"))
        }
        GroupBy::Month => {
            let month = format!("{:04}-{:02}", date.year(), date.month());
            (month.clone(), month)
        }
        GroupBy::Year => (format!("{:04}", date.year()), format!("{:04}", date.year())),
        _ => (date.to_string(), date.to_string()),
    }
}
