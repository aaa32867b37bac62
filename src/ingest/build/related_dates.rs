//! Dates for undated events through the model's relations (native JSON, brat, exports):
//! an event that follows (responds to, retaliates for, revokes) a dated one starts no
//! earlier than it, one that causes a dated one starts no later, a part lies within its
//! whole, a report of the same event shares its date. Each group of undated events linked
//! to one another, with the dated events they link to as fixed periods, is closed as TimeML
//! links are ([`crate::ingest::formats::anchor::close`]); a date found so says where it
//! came from ("date from"), and dated events never change.

use crate::ingest::formats::anchor::{self, End, Link, Time};
use crate::model::{Article, Event, RelationKind};

/// At most this many undated events are closed together: a group larger than that (a
/// generated corpus of undated chains) is left as it is rather than slow the load.
const LARGEST_GROUP: usize = 2_000;

pub(super) fn date_through_relations(articles: &[Article], events: &mut [Event]) {
    let n = events.len();
    // Each undated event's neighbours through resolved relations, both ways.
    let mut neighbours: std::collections::HashMap<usize, Vec<(usize, RelationKind, bool)>> = Default::default();
    for (i, e) in events.iter().enumerate() {
        for r in e.relations.iter() {
            let Some(t) = r.target.map(|t| t as usize).filter(|&t| t < n && t != i) else { continue };
            if events[i].date.is_none() {
                neighbours.entry(i).or_default().push((t, r.kind, true));
            }
            if events[t].date.is_none() {
                neighbours.entry(t).or_default().push((i, r.kind, false));
            }
        }
    }
    if neighbours.is_empty() {
        return;
    }
    let mut seen = vec![false; n];
    let mut starts: Vec<usize> = neighbours.keys().copied().collect();
    starts.sort_unstable();
    for start in starts {
        if seen[start] {
            continue;
        }
        // The undated events of one group, and the dated ones they touch.
        let mut group = vec![start];
        seen[start] = true;
        let mut k = 0;
        // The whole group is found (and marked seen) even past the cap, so that no part of
        // a group too large is closed alone.
        while k < group.len() {
            for &(other, _, _) in neighbours.get(&group[k]).into_iter().flatten() {
                if events[other].date.is_none() && !seen[other] {
                    seen[other] = true;
                    group.push(other);
                }
            }
            k += 1;
        }
        if group.len() > LARGEST_GROUP {
            continue;
        }
        close_group(&group, &neighbours, articles, events);
    }
}

fn close_group(
    group: &[usize],
    neighbours: &std::collections::HashMap<usize, Vec<(usize, RelationKind, bool)>>,
    articles: &[Article],
    events: &mut [Event],
) {
    let name = |e: &Event| format!("{}/{}", articles[e.article as usize].id, e.id);
    let place: std::collections::HashMap<usize, usize> = group.iter().enumerate().map(|(k, &e)| (e, k)).collect();
    let labels: Vec<String> = group.iter().map(|&e| name(&events[e])).collect();
    let mut times: Vec<Time> = Vec::new();
    let mut time_of: std::collections::HashMap<usize, usize> = Default::default();
    let mut links: Vec<Link> = Vec::new();
    for (k, &e) in group.iter().enumerate() {
        for &(other, kind, carried) in neighbours.get(&e).into_iter().flatten() {
            let rel = match kind {
                RelationKind::Causes => "causes",
                RelationKind::PartOf => "part_of",
                RelationKind::SameAs => "same_as",
                _ => "follows",
            };
            let other_end = match place.get(&other) {
                // A link between two undated events: written once, from its carrier.
                Some(_) if !carried => continue,
                Some(&j) => End::Event(j),
                None => {
                    let Some(when) = events[other].date else { continue };
                    let t = *time_of.entry(other).or_insert_with(|| {
                        times.push(Time::new(name(&events[other]), Some(when)));
                        times.len() - 1
                    });
                    End::Time(t)
                }
            };
            let (source, target) = if carried { (End::Event(k), other_end) } else { (other_end, End::Event(k)) };
            links.push(Link { id: String::new(), source, target, rel: rel.to_string(), pos: 0 });
        }
    }
    let (dates, _) = anchor::close(&labels, &times, &links);
    for (k, date) in dates.into_iter().enumerate() {
        let Some(anchor) = date else { continue };
        let event = &mut events[group[k]];
        event.date = Some(anchor.when);
        event.attributes = event.attributes.with("date from", &anchor.from);
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::load_str;

    #[test]
    fn undated_events_take_the_bounds_their_relations_give_and_say_so() {
        let text = r#"[{"id": "a", "title": "T", "events": [
          {"id": "vow", "date": "2016-12-15", "summary": "Obama vows a response"},
          {"id": "secret", "summary": "Part of it may be kept secret", "relations": [{"type": "part_of", "target": "a/vow"}]},
          {"id": "expel", "date": "2016-12-29", "summary": "Obama expels 35 diplomats"},
          {"id": "more", "summary": "Further actions may follow", "relations": [{"type": "follows", "target": "a/expel"}]},
          {"id": "later", "summary": "And later still", "relations": [{"type": "follows", "target": "a/more"}]},
          {"id": "cause", "summary": "Hacking", "relations": [{"type": "causes", "target": "a/expel"}]}]}]"#;
        let corpus = load_str("a.json", text).corpus;
        let event = |id: &str| corpus.events().iter().find(|e| &*e.id == id).unwrap();
        let date = |id: &str| event(id).date.map(|d| d.iso());
        assert_eq!(date("secret").as_deref(), Some("2016-12-15"), "within its whole");
        assert_eq!(date("more").as_deref(), Some("after 2016-12-28"), "on the day it follows or later");
        assert_eq!(date("later").as_deref(), Some("after 2016-12-28"), "through an undated event");
        assert_eq!(date("cause"), None, "a cause has no end bound: no period");
        let from = event("later").attributes.get("date from").map(str::to_string);
        assert_eq!(from.as_deref(), Some("after a/more (after 2016-12-28), which follows a/expel (2016-12-29)"));
        assert_eq!(date("expel").as_deref(), Some("2016-12-29"), "a date given never changes");
    }
}
