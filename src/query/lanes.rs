//! Actor lanes (the `L` panel): for each chosen actor, the events of a view naming it, as
//! a list the panel draws on a time ruler; in dyad mode only the events between two
//! actors, each with its direction. Each lane is read from the corpus's list of the
//! actor's events (a binary search in the view for each), never by walking the view.

use crate::model::{ActorIx, Corpus, EventIx, Role, Status};

/// Which way an event of a dyad goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Not a dyad, or no agent/target between the two.
    Neither,
    /// The lane's actor acts on the other.
    Outgoing,
    /// The other acts on the lane's actor.
    Incoming,
}

/// One event on a lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaneEvent {
    pub event: EventIx,
    /// Its position in the view.
    pub position: usize,
    /// The first second of its date and the first after it.
    pub start: i64,
    pub end: i64,
    /// Written as an interval (drawn as a bar).
    pub interval: bool,
    pub status: Status,
    pub direction: Direction,
}

/// One actor's lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub actor: ActorIx,
    /// Its dated events in the view, in timeline order.
    pub events: Vec<LaneEvent>,
    /// Its events in the view without a date (not on the ruler).
    pub undated: usize,
}

/// The lane of `actor` in `view` (sorted, as views are); with `other`, only the events
/// naming both, each with its direction.
pub fn lane(corpus: &Corpus, view: &[EventIx], actor: ActorIx, other: Option<ActorIx>) -> Lane {
    let mut events = Vec::new();
    let mut undated = 0;
    // The whole timeline is its own positions: no search needed.
    let whole = view.len() == corpus.events().len();
    for &ix in corpus.actor_events(actor) {
        let found = if whole { Ok(ix as usize) } else { view.binary_search(&ix) };
        let Ok(position) = found else { continue };
        let event = corpus.event(ix);
        let role_of = |a: ActorIx| event.participants.iter().find(|p| p.actor == a).map(|p| p.role);
        let direction = match other {
            None => Direction::Neither,
            Some(other) => match (role_of(actor), role_of(other)) {
                (_, None) => continue,
                (Some(Role::Agent), Some(Role::Target)) => Direction::Outgoing,
                (Some(Role::Target), Some(Role::Agent)) => Direction::Incoming,
                _ => Direction::Neither,
            },
        };
        let Some(date) = event.date else {
            undated += 1;
            continue;
        };
        events.push(LaneEvent {
            event: ix,
            position,
            start: date.start,
            end: date.end,
            interval: date.interval,
            status: event.status,
            direction,
        });
    }
    // Left to right: relations may have put an event before one that starts earlier.
    if !events.is_sorted_by_key(|e| e.start) {
        events.sort_by_key(|e| (e.start, e.position));
    }
    Lane { actor, events, undated }
}

/// The actors with the most events in `view`, at most `n` (for lanes when the filter
/// names none): counted from each actor's list, most first, for the corpus's busiest
/// actors (a view's busiest actors are nearly always among them).
pub fn top_actors(corpus: &Corpus, view: &[EventIx], n: usize) -> Vec<ActorIx> {
    let candidates = corpus.actors_by_count().iter().take(n * 20);
    let mut counted: Vec<(usize, ActorIx)> = candidates
        .map(|&a| {
            let events = corpus.actor_events(a);
            let in_view = if view.len() == corpus.events().len() {
                events.len()
            } else {
                events.iter().filter(|e| view.binary_search(e).is_ok()).count()
            };
            (in_view, a)
        })
        .filter(|(count, _)| *count > 0)
        .collect();
    counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    counted.into_iter().take(n).map(|(_, a)| a).collect()
}
