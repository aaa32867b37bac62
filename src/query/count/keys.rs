//! The small keys an event is counted under for each field, and a key read back as its
//! bucket's label and query words.

use super::{GroupBy, period_of_day, shown_day};
use crate::model::{Corpus, EventIx, Role, Status};
use crate::query::fields::quote;
use std::sync::Arc;

/// A shared word's address: every event with the word (as kept by one loading thread)
/// holds the same one.
fn address(word: &Arc<str>) -> u64 {
    Arc::as_ptr(word) as *const u8 as usize as u64
}

/// The keys of one event, each once; none when it has no value for the field.
pub(super) fn of_event(corpus: &Corpus, by: &GroupBy, ix: EventIx, found: &mut Vec<u64>) {
    let event = corpus.event(ix);
    match by {
        GroupBy::Action => found.extend(event.action.as_ref().map(address)),
        GroupBy::Actor | GroupBy::Agent | GroupBy::Target => {
            let role = match by {
                GroupBy::Agent => Some(Role::Agent),
                GroupBy::Target => Some(Role::Target),
                _ => None,
            };
            let actors = event.participants.iter().filter(|p| role.is_none_or(|r| p.role == r));
            found.extend(actors.map(|p| u64::from(p.actor)));
            if found.len() > 1 {
                found.sort_unstable();
                found.dedup();
            }
        }
        GroupBy::Tag => distinct_words(event.tags.iter(), same_ignoring_case, found),
        GroupBy::Status => found.push(Status::ALL.iter().position(|&s| s == event.status).unwrap_or(0) as u64),
        GroupBy::Article => found.push(u64::from(event.article)),
        GroupBy::Source => {
            if corpus.article_of(event).source.is_some() {
                found.push(u64::from(event.article));
            }
        }
        GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => {
            found.extend(event.date.as_ref().map(|w| shown_day(w) as u64));
        }
        GroupBy::Attribute { name, .. } => {
            found.extend(event.attributes.iter().filter(|(k, _)| *k == &**name).map(|(_, v)| value_key(v)));
            if found.len() > 1 {
                found.sort_unstable();
                found.dedup();
            }
        }
    }
}

/// An attribute's value as a key: its 64-bit SipHash under keys drawn once a run (values
/// are not shared words). Two distinct values meet on one key by chance only, 2^-64 a
/// pair: no file can be made to merge two buckets.
fn value_key(value: &str) -> u64 {
    use std::hash::BuildHasher;
    static SEED: std::sync::LazyLock<std::hash::RandomState> = std::sync::LazyLock::new(std::hash::RandomState::new);
    SEED.hash_one(value)
}

/// The addresses of `words`, leaving out a word the same as one before it.
fn distinct_words<'a, I>(words: I, same: fn(&str, &str) -> bool, found: &mut Vec<u64>)
where
    I: Iterator<Item = &'a Arc<str>> + Clone,
{
    for (i, word) in words.clone().enumerate() {
        if !words.clone().take(i).any(|before| Arc::ptr_eq(before, word) || same(before, word)) {
            found.push(address(word));
        }
    }
}

/// Tags are filtered ignoring case: `Sanctions` and `sanctions` are one tag.
fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

/// The label and the query words of a key, read back from `first`, an event counted
/// under it.
pub(super) fn resolve(corpus: &Corpus, by: &GroupBy, key: u64, first: EventIx) -> (String, String) {
    let event = corpus.event(first);
    let word = |words: &mut dyn Iterator<Item = &Arc<str>>| {
        words.filter(|w| address(w) == key).map(|w| w.to_string()).next().unwrap_or_default()
    };
    let field = by.key();
    let (label, value) = match by {
        GroupBy::Action => {
            let action = event.action.as_deref().unwrap_or("").to_string();
            (action.clone(), action)
        }
        GroupBy::Actor | GroupBy::Agent | GroupBy::Target => {
            let actor = corpus.actor(key as u32);
            (actor.name.raw().to_string(), actor.id.clone())
        }
        GroupBy::Tag => {
            let tag = word(&mut event.tags.iter()).to_lowercase();
            (tag.clone(), tag)
        }
        GroupBy::Status => {
            let status = Status::ALL.get(key as usize).copied().unwrap_or(Status::Actual).as_str().to_string();
            (status.clone(), status)
        }
        GroupBy::Article => {
            let id = corpus.article(key as u32).id.clone();
            (id.clone(), id)
        }
        GroupBy::Source => {
            let source = corpus.article(key as u32).source.as_ref().map_or("", |s| s.raw()).to_string();
            (source.clone(), source)
        }
        GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year => {
            // Ranges and dates are words of the language as they are: never quoted.
            let (label, words) = period_of_day(by, key as i64);
            return (label, format!("{field}:{words}"));
        }
        GroupBy::Attribute { name, .. } => {
            let mut values = event.attributes.iter().filter(|(k, _)| *k == &**name).map(|(_, v)| v);
            let value = values.find(|v| value_key(v) == key).unwrap_or_default().to_string();
            (value.clone(), value)
        }
    };
    let term = format!("{field}:{}", quote(&value));
    (label, term)
}
