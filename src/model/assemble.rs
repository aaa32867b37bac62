//! Assembling a [`Corpus`]: the loader hands over articles, actors and events in the order
//! they were read; the model orders them into the timeline and builds every index, so that
//! the invariants listed in [`super::corpus`] hold by construction.

use super::search::Search;
use super::{Actor, ActorIx, Article, Corpus, Event, EventIx, Lists, RelationKind, Status, timeline};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use timeline::Undated;

/// What a loader has read, in load order: relation targets, participants' actors and
/// events' articles are indices into these vectors.
#[derive(Debug, Default)]
pub struct Parts {
    pub files: Vec<String>,
    pub articles: Vec<Article>,
    pub actors: Vec<Actor>,
    pub actor_ids: HashMap<String, ActorIx>,
    pub events: Vec<Event>,
    /// Stories kept in native exports, as load-order event indices.
    pub kept_stories: Vec<Vec<EventIx>>,
    /// Where events without a date are placed.
    pub undated: Undated,
    /// The events come in timeline order already (a page of a stored timeline, ordered
    /// when it was stored): kept as they are, not ordered again.
    pub in_order: bool,
}

impl Corpus {
    /// Order the events into the timeline and index them.
    pub fn assemble(parts: Parts) -> Corpus {
        let Parts { files, articles, actors, actor_ids, mut events, kept_stories, undated, in_order } = parts;
        debug_assert!(actor_ids.values().all(|&a| (a as usize) < actors.len()), "actor ids name actors");
        debug_assert!(
            events.iter().all(|e| (e.article as usize) < articles.len()
                && e.participants.iter().all(|p| (p.actor as usize) < actors.len())
                && e.relations.iter().all(|r| r.target.is_none_or(|t| (t as usize) < events.len()))),
            "events name loaded articles, actors and events"
        );
        let order = if in_order { (0..events.len()).collect() } else { timeline::order(&events, &articles, undated) };
        let mut new_index = vec![0 as EventIx; order.len()];
        for (position, &old) in order.iter().enumerate() {
            new_index[old] = position as EventIx;
        }
        permute(&mut events, &order);
        drop(order);
        let kept_stories = kept_in_timeline(kept_stories, &new_index);
        for event in &mut events {
            for r in &mut event.relations {
                r.target = r.target.map(|t| new_index[t as usize]);
            }
        }
        // Not held while the lists are built: the peak of a load is here.
        drop(new_index);
        // Two cores: the lists of actions, tags and statuses and the actors' search text on
        // one, the per-event and per-actor lists on the other.
        let (incoming, actor_events, article_events, (by_action, by_tag, by_status, attribute_names), search) =
            std::thread::scope(|scope| {
                let other = scope.spawn(|| (facet_lists(&events), Search::of(&actors)));
                let (incoming, actor_events, article_events) = event_lists(&events, actors.len(), articles.len());
                let (facets, search) = other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (incoming, actor_events, article_events, facets, search)
            });
        let starts: Vec<i64> = events.iter().map(|e| e.date.map_or(i64::MAX, |d| d.start)).collect();
        // Undated events placed among dated ones, or relations that put an event before one
        // that starts earlier: the dated ones get an index of their own, sorted by start.
        // (A scan, not a binary search: the starts need not be partitioned.)
        let dated_prefix = starts.iter().position(|&s| s == i64::MAX).unwrap_or(starts.len());
        let in_order = starts[..dated_prefix].is_sorted();
        let dated = (!in_order || starts[dated_prefix..].iter().any(|&s| s != i64::MAX)).then(|| {
            let mut events: Vec<EventIx> =
                (0..starts.len()).filter(|&i| starts[i] != i64::MAX).map(|i| i as EventIx).collect();
            let timeline_order = events.is_sorted_by_key(|&e| starts[e as usize]);
            if !timeline_order {
                events.sort_by_key(|&e| starts[e as usize]);
            }
            let dated_starts = events.iter().map(|&e| starts[e as usize]).collect();
            (events, dated_starts, timeline_order)
        });
        let without_participants: Vec<EventIx> =
            (0..events.len()).filter(|&i| events[i].participants.is_empty()).map(|i| i as EventIx).collect();
        let actors_by_count = by_number_of_events(&actors, &actor_events);
        let mut actor_rank = vec![0; actors_by_count.len()];
        for (rank, &a) in actors_by_count.iter().enumerate() {
            actor_rank[a as usize] = rank as u32;
        }
        Corpus {
            files,
            articles,
            actors,
            events,
            starts,
            dated,
            incoming,
            actor_ids,
            actor_events,
            search,
            article_events,
            actors_by_count,
            actor_rank,
            by_action,
            by_tag,
            by_status,
            attribute_names,
            kept_stories,
            undated,
            without_participants,
        }
    }
}

/// Kept stories in timeline positions: each story's reports in order, once each; stories
/// left with fewer than two reports dropped.
fn kept_in_timeline(stories: Vec<Vec<EventIx>>, new_index: &[EventIx]) -> Vec<Vec<EventIx>> {
    stories
        .into_iter()
        .filter_map(|story| {
            let mut reports: Vec<EventIx> =
                story.into_iter().filter_map(|e| new_index.get(e as usize).copied()).collect();
            reports.sort_unstable();
            reports.dedup();
            (reports.len() > 1).then_some(reports)
        })
        .collect()
}

/// Actors by number of events (most first), then name.
fn by_number_of_events(actors: &[Actor], actor_events: &Lists<EventIx>) -> Vec<ActorIx> {
    let mut by_count: Vec<ActorIx> = (0..actors.len() as ActorIx).collect();
    by_count.sort_by(|&a, &b| {
        let count = |x: ActorIx| actor_events[x as usize].len();
        count(b).cmp(&count(a)).then_with(|| actors[a as usize].name.raw().cmp(actors[b as usize].name.raw()))
    });
    by_count
}

/// Participant lists up to this long are scanned back for an actor named twice.
const SCANNED_BACK: usize = 32;

/// For each event, the relations pointing at it; for each actor and article, its events.
type EventLists = (Lists<(RelationKind, EventIx)>, Lists<EventIx>, Lists<EventIx>);

fn event_lists(events: &[Event], actors: usize, articles: usize) -> EventLists {
    let incoming = Lists::from_pairs(events.len(), || {
        events.iter().enumerate().flat_map(|(i, e)| {
            e.relations.iter().filter_map(move |r| r.target.map(|t| (t as usize, (r.kind, i as EventIx))))
        })
    });
    // An actor named twice in one event lists the event once. A short list is scanned back
    // for repeats; in a long one (an event naming 100,000 actors) that would be quadratic,
    // so where each actor first appears is looked up instead.
    let first_places: HashMap<usize, HashMap<ActorIx, usize>> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.participants.len() > SCANNED_BACK)
        .map(|(i, e)| {
            let mut first = HashMap::new();
            for (k, p) in e.participants.iter().enumerate() {
                first.entry(p.actor).or_insert(k);
            }
            (i, first)
        })
        .collect();
    let first_places = &first_places;
    let actor_events = Lists::from_pairs(actors, || {
        events.iter().enumerate().flat_map(move |(i, e)| {
            let participants = &e.participants;
            participants.iter().enumerate().filter_map(move |(k, p)| {
                let first = if participants.len() > SCANNED_BACK {
                    first_places[&i][&p.actor] == k
                } else {
                    participants[..k].iter().all(|q| q.actor != p.actor)
                };
                first.then_some((p.actor as usize, i as EventIx))
            })
        })
    });
    let article_events =
        Lists::from_pairs(articles, || events.iter().enumerate().map(|(i, e)| (e.article as usize, i as EventIx)));
    (incoming, actor_events, article_events)
}

type Facets =
    (HashMap<String, Vec<EventIx>>, HashMap<String, Vec<EventIx>>, HashMap<Status, Vec<EventIx>>, Vec<Box<str>>);

/// Events by action, by lower-cased tag and by status, and the names of the attributes
/// events have. Actions, tags and names are shared words, so the lists are first gathered
/// by the word's address (no string is read or hashed per event), then joined by the word
/// itself; an event whose attribute names are the previous event's is not looked at again.
fn facet_lists(events: &[Event]) -> Facets {
    let address = |word: &Arc<str>| Arc::as_ptr(word) as *const u8 as usize;
    let mut actions: HashMap<usize, (&Arc<str>, Vec<EventIx>)> = HashMap::new();
    let mut tags: HashMap<usize, (&Arc<str>, Vec<EventIx>)> = HashMap::new();
    let mut by_status: [Vec<EventIx>; Status::ALL.len()] = Default::default();
    let mut names: HashSet<&str> = HashSet::new();
    let mut lists_seen: HashSet<usize> = HashSet::new();
    let mut previous_list = None;
    for (i, event) in events.iter().enumerate() {
        let list = event.attributes.names();
        let list_address = list.map(|l| Arc::as_ptr(l) as *const u8 as usize);
        if list_address != previous_list
            && let Some(list) = list
            && lists_seen.insert(list_address.unwrap_or(0))
        {
            names.extend(list.iter().map(|k| &**k));
        }
        previous_list = list_address;
        let ix = i as EventIx;
        if let Some(action) = &event.action {
            actions.entry(address(action)).or_insert_with(|| (action, Vec::new())).1.push(ix);
        }
        for tag in &event.tags {
            let list = &mut tags.entry(address(tag)).or_insert_with(|| (tag, Vec::new())).1;
            if list.last() != Some(&ix) {
                list.push(ix);
            }
        }
        by_status[event.status as usize].push(ix);
    }
    let by_status =
        Status::ALL.iter().zip(by_status).filter(|(_, list)| !list.is_empty()).map(|(&s, l)| (s, l)).collect();
    let by_action = join_lists(actions.into_values().map(|(word, list)| (word.to_string(), list)));
    let by_tag = join_lists(tags.into_values().map(|(word, list)| (word.to_lowercase(), list)));
    let mut attribute_names: Vec<Box<str>> = names.into_iter().map(Box::from).collect();
    attribute_names.sort_unstable();
    (by_action, by_tag, by_status, attribute_names)
}

/// Lists of events gathered under several copies of one word (each preparing thread keeps
/// its own; "Moscow" and "moscow" are one tag), merged in timeline order.
fn join_lists(lists: impl Iterator<Item = (String, Vec<EventIx>)>) -> HashMap<String, Vec<EventIx>> {
    let mut joined: HashMap<String, Vec<EventIx>> = HashMap::new();
    for (word, list) in lists {
        match joined.get_mut(&word) {
            None => drop(joined.insert(word, list)),
            Some(known) => {
                known.extend(list);
                known.sort_unstable();
                known.dedup();
            }
        }
    }
    joined
}

/// Reorder `items` so that `items[i]` becomes what was at `order[i]`, in place: a million
/// events are not held twice at once.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut done = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_under_copies_of_one_word_are_joined_in_order() {
        let joined = join_lists(
            [("moscow".to_string(), vec![1, 5]), ("kyiv".to_string(), vec![2]), ("moscow".to_string(), vec![3, 5, 9])]
                .into_iter(),
        );
        assert_eq!(joined["moscow"], [1, 3, 5, 9]);
        assert_eq!(joined["kyiv"], [2]);
    }

    #[test]
    fn permuting_in_place_follows_the_order() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        permute(&mut items, &[3, 0, 1, 2, 5, 4]);
        assert_eq!(items, ['d', 'a', 'b', 'c', 'f', 'e']);
        let mut items = vec![10, 11, 12];
        permute(&mut items, &[0, 1, 2]);
        assert_eq!(items, [10, 11, 12]);
    }

    #[test]
    fn kept_stories_follow_the_timeline_and_need_two_reports() {
        // Load order 0, 1, 2, 3 became timeline positions 2, 0, 3, 1.
        let new_index = [2, 0, 3, 1];
        let kept = kept_in_timeline(vec![vec![0, 1, 0], vec![3], vec![2, 2], vec![9, 2, 3]], &new_index);
        assert_eq!(kept, [vec![0, 2], vec![1, 3]]);
    }
}
