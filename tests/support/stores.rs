//! What the store tests share: a generated corpus converted to a dataset, the events a
//! filter finds in the loaded corpus and in a store, the filters tried.

use annals::export::parquet::write_dataset_in_groups;
use annals::ingest::{Loaded, load_str};
use annals::model::{Corpus, EventIx, Undated};
use annals::query::Filter;
use annals::store::{At, Flow, Scanned, Store, StoreError};
use annals::synthetic::Shape;
use std::path::Path;

/// A corpus of `shape`, loaded, and converted into `dir` in row groups of `rows`.
pub fn converted(shape: Shape, events: u64, rows: usize, dir: &Path) -> Corpus {
    let mut text = Vec::new();
    shape.write(&mut text, events, 7).unwrap();
    let name = format!("corpus.{}", shape.extension());
    let Loaded { corpus, .. } = load_str(&name, std::str::from_utf8(&text).unwrap());
    let all: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
    write_dataset_in_groups(&corpus, &all, dir, rows).unwrap();
    corpus
}

/// The events `words` finds in the loaded corpus, as `ARTICLE/EVENT`, in order.
pub fn loaded(corpus: &Corpus, words: &str) -> Result<Vec<String>, String> {
    let filter = Filter::parse_words(words).map_err(|e| e.message)?;
    let events = filter.compile(corpus).map_err(|e| e.message)?.apply(corpus);
    Ok(events.iter().map(|&e| corpus.event_ref(corpus.event(e))).collect())
}

/// The same, read from the dataset; with what the scan did.
pub fn stored(dataset: &Store, words: &str) -> Result<(Vec<String>, Scanned), String> {
    let filter = Filter::parse_words(words).map_err(|e| e.message)?;
    let mut found = Vec::new();
    let scanned = dataset
        .scan(&filter, Undated::AtReport, |page, events| {
            found.extend(events.iter().map(|&e| page.event_ref(page.event(e))));
            Ok(Flow::More)
        })
        .map_err(|e| match e {
            StoreError::Filter(f) => f.message,
            other => other.to_string(),
        })?;
    match scanned.error() {
        Some(e) => Err(e.message.clone()),
        None => Ok((found, scanned)),
    }
}

/// Filters made from what `corpus` holds: its middle event's date, actor, action, tag and
/// a word of its summary, alone and combined so that only part of each narrows the read.
pub fn queries(corpus: &Corpus) -> Vec<String> {
    let middle = corpus.event(corpus.events().len() as EventIx / 2);
    let (first, last) = (corpus.event(0), corpus.event(corpus.events().len() as EventIx - 1));
    let day = middle.date.map(|d| d.iso()[..10.min(d.iso().len())].to_string()).unwrap();
    let actor = middle.participants.first().map(|p| corpus.actor(p.actor).id.clone()).unwrap();
    let word = middle.summary.raw().split_whitespace().find(|w| w.len() > 4 && w.chars().all(char::is_alphabetic));
    let mut out = vec![
        format!("from:{day}"),
        format!("to:{day}"),
        format!("date:{day}"),
        format!("actor:{actor}"),
        format!("-actor:{actor}"),
        format!("from:{day} actor:{actor}"),
        format!("actor:{actor} or to:{day}"),
        format!("(from:{day} -actor:{actor}) or status:denied"),
        "date:*".into(),
        "date:reported".into(),
    ];
    // Actors narrow what is read; the rest of the filter is checked on what is.
    let other = last.participants.first().map(|p| corpus.actor(p.actor).id.clone()).unwrap();
    out.push(format!("agent:{actor} or actor:{other}"));
    out.push(format!("actor:{actor} -date:{day}"));
    if let Some(action) = &last.action {
        out.push(format!("actor:{actor} action:{action}"));
    }
    // A name only outside the dates read (the first event's action, after the last day).
    let last_day = last.date.map(|d| d.iso()[..10.min(d.iso().len())].to_string()).unwrap();
    if let Some(action) = &first.action {
        out.push(format!("from:{last_day} -action:{action}"));
        out.push(format!("from:{last_day} action:{action}"));
    }
    if let Some(action) = &middle.action {
        out.push(format!("action:{action}"));
        out.push(format!("from:{day} -action:{action}"));
    }
    if let Some(tag) = middle.tags.first() {
        out.push(format!("tag:\"{tag}\""));
    }
    if let Some(word) = word {
        out.push(word.to_lowercase());
        out.push(format!("to:{day} {}", word.to_lowercase()));
    }
    if let Some((name, value)) = middle.attributes.iter().next() {
        out.push(format!("{name}:\"{value}\""));
        out.push(format!("from:{day} -{name}:\"{value}\""));
    }
    // Words of an actor's name, with and without capitals (case then matters), and of an
    // attribute's value.
    let name = corpus.actor(middle.participants[0].actor).name.raw().to_string();
    if name.is_ascii() {
        out.push(format!("\"{name}\""));
        out.push(format!("\"{}\" or date:{day}", name.to_lowercase()));
    }
    // What a server decides whole: roles, any actor, statuses, prefixes, numbers.
    out.push("actor:*".into());
    out.push(format!("agent:{actor} or target:{actor}"));
    out.push(format!("-target:* status:{}", middle.status.as_str()));
    out.push(format!("-status:{}", middle.status.as_str()));
    if let Some(action) = &middle.action {
        out.push(format!("action:{}* -date:{day}", &action[..action.len().min(3)]));
    }
    if let Some(tag) = middle.tags.first().filter(|t| t.is_ascii() && !t.contains(' ')) {
        out.push(format!("tag:{}* or date:{day}", &tag[..tag.len().min(3)]));
    }
    if let Some((name, value)) = middle.attributes.iter().find(|(_, v)| v.trim().parse::<f64>().is_ok()) {
        out.push(format!("{name}:>={value}"));
        out.push(format!("-{name}:<{value} actor:*"));
        out.push(format!("{name}:{value}..{value} or {name}:*"));
    }
    out
}

/// An event of a window: its reference, date words, actors' names, relations' targets.
pub type WindowEvent = (String, Option<String>, Vec<String>, Vec<Option<String>>);

/// What a window gathered from `store` by `words` holds of each event: its reference, the
/// words its date was written in, its actors' names, and the targets of its relations among
/// the gathered events.
#[allow(dead_code)]
pub fn window(store: &Store, words: &str) -> Vec<WindowEvent> {
    let filter = Filter::parse_words(words).unwrap();
    let gathered = store.gather(&filter, Undated::AtReport, usize::MAX, &At::Start, &mut |_, _| {}, &|| false);
    assert!(gathered.error.is_none(), "{words}: {:?}", gathered.error);
    let c = &gathered.corpus;
    c.events()
        .iter()
        .map(|e| {
            (
                c.event_ref(e),
                e.date_text.as_ref().map(|t| t.raw().to_string()),
                e.participants.iter().map(|p| c.actor(p.actor).name.raw().to_string()).collect(),
                e.relations.iter().map(|r| r.target.map(|t| c.event_ref(c.event(t)))).collect(),
            )
        })
        .collect()
}

/// The windows of `w` events read from `store` through the events that pass `words`, as a
/// user moves through them, checked against `all` (what passes in the loaded corpus, with
/// where each is placed): the first; each around the last of the one before, until the
/// end; the last; each around the first of the one after, back to the start; and around an
/// instant in the middle. Each holds exactly the events of its place in `all`.
pub fn walk_windows(store: &Store, words: &str, all: &[(String, Option<i64>)], w: usize) {
    use annals::store::{At, Gathered};
    let filter = Filter::parse_words(words).unwrap();
    let read = |at: &At| -> Gathered {
        let gathered = store.gather(&filter, Undated::AtReport, w, at, &mut |_, _| {}, &|| false);
        assert!(gathered.error.is_none(), "{words}: {:?}", gathered.error);
        gathered
    };
    let refs = |g: &Gathered| -> Vec<String> { g.corpus.events().iter().map(|e| g.corpus.event_ref(e)).collect() };
    let names: Vec<&str> = all.iter().map(|(r, _)| r.as_str()).collect();
    let index = |g: &Gathered, k: usize| -> usize {
        let r = g.corpus.event_ref(g.corpus.event(k as EventIx));
        names.iter().position(|n| *n == r).unwrap_or_else(|| panic!("{words}: {r} is not among those that pass"))
    };
    // Around the `i`th: half a window before it (as many as there are), the rest from it.
    let around = |i: usize| -> (usize, usize) {
        let start = i - (w / 2).min(i);
        (start, (start + w).min(all.len()))
    };
    let check = |g: &Gathered, (start, end): (usize, usize), focus: usize, place: &str| {
        assert_eq!(refs(g), names[start..end], "{words}: the window {place}");
        assert_eq!(g.focus, focus, "{words}: the focus of the window {place}");
        assert_eq!(g.more, end < all.len(), "{words}: more after the window {place}");
        if start > 0 {
            assert!(g.earlier, "{words}: events before the window {place}");
        }
    };
    let mut g = read(&At::Start);
    check(&g, (0, w.min(all.len())), 0, "at the start");
    let mut steps = 0;
    while g.more {
        let last = index(&g, g.corpus.events().len() - 1);
        g = read(g.last.as_ref().expect("a last event"));
        check(&g, around(last), last - around(last).0, &format!("around the {last}th"));
        steps += 1;
        assert!(steps <= all.len(), "{words}: the windows do not reach the end");
    }
    if all.is_empty() {
        return;
    }
    let mut g = read(&At::End);
    let start = all.len().saturating_sub(w);
    check(&g, (start, all.len()), all.len() - 1 - start, "at the end");
    while start > 0 && g.earlier {
        let first = index(&g, 0);
        g = read(g.first.as_ref().expect("a first event"));
        check(&g, around(first), first - around(first).0, &format!("around the {first}th"));
        if first == 0 {
            break;
        }
    }
    assert_eq!(index(&g, 0), 0, "{words}: the windows read back reach the first event");
    // Around the middle event's instant: those placed before it, then it and after.
    let Some(t) = all[all.len() / 2].1 else { return };
    let i = all.iter().position(|(_, p)| p.is_some_and(|p| p >= t)).unwrap();
    let g = read(&At::Date(t));
    check(&g, around(i), i - around(i).0, &format!("around {t}"));
}

/// What passes `words` in the loaded `corpus`, with where each is placed.
pub fn placed(corpus: &Corpus, words: &str) -> Vec<(String, Option<i64>)> {
    let filter = Filter::parse_words(words).unwrap();
    let events = filter.compile(corpus).unwrap().apply(corpus);
    events.iter().map(|&e| (corpus.event_ref(corpus.event(e)), corpus.placed_at(e))).collect()
}

/// What a tally of `words` over `corpus` holds: events a day (the UTC day each dated event
/// starts on), in all, and for each actor (by id, once an event).
#[allow(dead_code)]
pub fn tallied(corpus: &Corpus, words: &str) -> (Vec<(i64, u64)>, u64, std::collections::HashMap<String, u64>) {
    let filter = Filter::parse_words(words).unwrap();
    let events = filter.compile(corpus).unwrap().apply(corpus);
    let mut days = std::collections::BTreeMap::new();
    let mut actors = std::collections::HashMap::new();
    for &e in &events {
        let event = corpus.event(e);
        if let Some(d) = event.date {
            *days.entry(d.start.div_euclid(86_400) * 86_400).or_insert(0u64) += 1;
        }
        let mut ids: Vec<&str> = event.participants.iter().map(|p| corpus.actor(p.actor).id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            *actors.entry(id.to_string()).or_insert(0u64) += 1;
        }
    }
    (days.into_iter().collect(), events.len() as u64, actors)
}
