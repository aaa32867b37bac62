//! A compiled query applied to the in-memory corpus. Terms that the corpus indexes
//! (actors, actions, tags, statuses, articles and sources, the date range) give lists of
//! events that are intersected and merged as the tree says; whatever the lists cannot
//! decide (words, attributes, roles, negations) is then checked event by event over the
//! candidates, on every core for long lists.

use super::ast::Op;
use super::search::TextQuery;
use crate::model::{ActorIx, ArticleIx, Corpus, EventIx, Role, Status};

/// A term or a combination, resolved against one corpus.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// Every event (an empty word).
    All,
    /// Dated events whose start lies in [from, until).
    Dated {
        from: Option<i64>,
        until: Option<i64>,
    },
    /// Events naming one of `actors` (sorted) in `role` (any role when None); any actor
    /// at all when `actors` is None.
    Actors {
        role: Option<Role>,
        actors: Option<Vec<ActorIx>>,
    },
    /// One actor of each side, distinct, not both agents nor both targets.
    Dyad {
        a: Vec<ActorIx>,
        b: Vec<ActorIx>,
    },
    /// Actions as the corpus writes them.
    Actions(Vec<String>),
    Statuses(Vec<Status>),
    /// Lower-cased tags.
    Tags(Vec<String>),
    /// Events of these articles (sorted).
    Articles(Vec<ArticleIx>),
    /// A word or phrase in the summary, actors, evidence or attribute values.
    Text(TextQuery),
    /// The first of `names` (an attribute as written, then the one its short name stands
    /// for) that the event has, tested.
    Attribute {
        names: Vec<String>,
        test: AttrTest,
    },
    /// These events (sorted): the user's marks, stars or notes, resolved when compiled.
    Events(Vec<EventIx>),
    /// No event: a name that this part of a larger timeline lacks (a page of a stored
    /// dataset without the action asked for), where the whole would have had it.
    Nothing,
}

/// How an attribute's value is tested.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrTest {
    /// Present.
    Any,
    /// Equal ignoring case (lower-cased here), or equal as numbers when both are.
    Is(String, Option<f64>),
    Prefix(String),
    Compare(Op, f64),
    /// Both ends included.
    Range(f64, f64),
}

impl AttrTest {
    fn holds(&self, value: &str) -> bool {
        let number = || value.trim().parse::<f64>().ok();
        match self {
            AttrTest::Any => true,
            AttrTest::Is(word, n) => match (n, number()) {
                (Some(a), Some(b)) => *a == b,
                _ => value.eq_ignore_ascii_case(word) || (!value.is_ascii() && value.to_lowercase() == *word),
            },
            AttrTest::Prefix(p) => {
                value.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p))
                    || (!value.is_ascii() && value.to_lowercase().starts_with(p.as_str()))
            }
            AttrTest::Compare(op, n) => number().is_some_and(|v| match op {
                Op::Lt => v < *n,
                Op::Le => v <= *n,
                Op::Gt => v > *n,
                Op::Ge => v >= *n,
            }),
            AttrTest::Range(a, b) => number().is_some_and(|v| *a <= v && v <= *b),
        }
    }
}

/// Events that may pass: all, a slice of the timeline, or a sorted list; `exact` when
/// every candidate passes (no event needs checking).
struct Candidates {
    set: Set,
    exact: bool,
}

enum Set {
    All,
    /// Timeline positions `lo..hi`.
    Range(usize, usize),
    /// The dated events from the `lo`-th to before the `hi`-th, when undated events sit
    /// among them ([`Corpus::dated_between`]): intersected as a range, listed only at the end.
    Dated(usize, usize),
    List(Vec<EventIx>),
}

impl Set {
    fn len(&self, total: usize) -> usize {
        match self {
            Set::All => total,
            Set::Range(lo, hi) | Set::Dated(lo, hi) => hi - lo,
            Set::List(l) => l.len(),
        }
    }

    fn into_list(self, corpus: &Corpus) -> Vec<EventIx> {
        match self {
            Set::All => (0..corpus.events().len() as EventIx).collect(),
            Set::Range(lo, hi) => (lo as EventIx..hi as EventIx).collect(),
            Set::Dated(lo, hi) => match corpus.dated_between(lo, hi) {
                Ok(range) => (range.start as EventIx..range.end as EventIx).collect(),
                Err(events) => events,
            },
            Set::List(l) => l,
        }
    }

    fn intersect(self, other: Set, corpus: &Corpus) -> Set {
        match (self, other) {
            (Set::All, s) | (s, Set::All) => s,
            (Set::Dated(a, b), Set::Dated(c, d)) => Set::Dated(a.max(c), b.min(d).max(a.max(c))),
            (Set::Dated(lo, hi), Set::List(l)) | (Set::List(l), Set::Dated(lo, hi)) => {
                // The k-th dated event for k in lo..hi is one whose start lies from the
                // lo-th start to before the hi-th (the bounds came from binary searches, so
                // equal starts are all on one side).
                let starts = corpus.dated_starts();
                if lo >= hi {
                    return Set::List(Vec::new());
                }
                let (first, past) = (starts[lo], starts.get(hi).copied().unwrap_or(i64::MAX));
                let inside = |e: &EventIx| corpus.start_of(*e).is_some_and(|s| s >= first && s < past);
                Set::List(l.into_iter().filter(inside).collect())
            }
            (a @ Set::Dated(..), b) | (b, a @ Set::Dated(..)) => Set::List(a.into_list(corpus)).intersect(b, corpus),
            (Set::Range(a, b), Set::Range(c, d)) => Set::Range(a.max(c), b.min(d).max(a.max(c))),
            (Set::Range(lo, hi), Set::List(l)) | (Set::List(l), Set::Range(lo, hi)) => {
                Set::List(l.into_iter().filter(|&e| (lo..hi).contains(&(e as usize))).collect())
            }
            (Set::List(a), Set::List(b)) => {
                let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
                Set::List(small.into_iter().filter(|e| large.binary_search(e).is_ok()).collect())
            }
        }
    }

    fn union(self, other: Set, corpus: &Corpus) -> Set {
        match (self, other) {
            (Set::All, _) | (_, Set::All) => Set::All,
            (a, b) => {
                let (a, b) = (a.into_list(corpus), b.into_list(corpus));
                let mut out = Vec::with_capacity(a.len() + b.len());
                let (mut i, mut j) = (0, 0);
                while i < a.len() && j < b.len() {
                    let (x, y) = (a[i], b[j]);
                    out.push(x.min(y));
                    i += usize::from(x <= y);
                    j += usize::from(y <= x);
                }
                out.extend_from_slice(&a[i..]);
                out.extend_from_slice(&b[j..]);
                Set::List(out)
            }
        }
    }
}

/// Lists longer than this are checked on all cores.
const PARALLEL_FROM: usize = 100_000;

impl Node {
    /// The events that pass, in timeline order.
    pub fn apply(&self, corpus: &Corpus) -> Vec<EventIx> {
        let total = corpus.events().len();
        let Candidates { set, exact } = self.candidates(corpus);
        if exact {
            return set.into_list(corpus);
        }
        let keep = |e: EventIx| self.matches(corpus, e);
        match set {
            Set::List(list) => super::parallel::chunked(&list, PARALLEL_FROM, |part| {
                part.iter().copied().filter(|&e| keep(e)).collect()
            }),
            Set::Dated(lo, hi) => {
                let dated = Set::Dated(lo, hi).into_list(corpus);
                super::parallel::chunked(&dated, PARALLEL_FROM, |part| {
                    part.iter().copied().filter(|&e| keep(e)).collect()
                })
            }
            other => {
                let (lo, hi) = match other {
                    Set::Range(lo, hi) => (lo, hi),
                    _ => (0, total),
                };
                let all: Vec<EventIx> = (lo as EventIx..hi as EventIx).collect();
                super::parallel::chunked(&all, PARALLEL_FROM, |part| {
                    part.iter().copied().filter(|&e| keep(e)).collect()
                })
            }
        }
    }

    /// Where every passing event's date starts, `[from, until)` in seconds, as far as the
    /// tree's date terms say (None: unbounded on that side). A stored page whose events all
    /// start elsewhere holds none that pass.
    pub fn start_bounds(&self) -> (Option<i64>, Option<i64>) {
        match self {
            Node::Dated { from, until } => (*from, *until),
            Node::And(parts) => parts.iter().map(Node::start_bounds).fold((None, None), |(f, u), (pf, pu)| {
                (
                    f.max(pf),
                    match (u, pu) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    },
                )
            }),
            Node::Or(parts) => {
                let each: Vec<_> = parts.iter().map(Node::start_bounds).collect();
                let from = each.iter().map(|b| b.0).collect::<Option<Vec<_>>>().and_then(|f| f.into_iter().min());
                let until = each.iter().map(|b| b.1).collect::<Option<Vec<_>>>().and_then(|u| u.into_iter().max());
                (from, until)
            }
            _ => (None, None),
        }
    }

    /// Actors of which every passing event names one (None: no such list), as far as the
    /// tree's actor terms say: what a store reads first, to read the rest of only the rows
    /// that name one.
    pub fn required_actors(&self) -> Option<Vec<ActorIx>> {
        match self {
            Node::Actors { actors: Some(actors), .. } | Node::Dyad { a: actors, .. } => Some(actors.clone()),
            Node::And(parts) => parts.iter().filter_map(Node::required_actors).min_by_key(Vec::len),
            Node::Or(parts) => {
                let mut all = parts.iter().map(Node::required_actors).collect::<Option<Vec<_>>>()?.concat();
                all.sort_unstable();
                all.dedup();
                Some(all)
            }
            _ => None,
        }
    }

    /// See [`super::filter::CompiledFilter::only_actors`].
    pub fn only_actors(&self) -> Option<Vec<ActorIx>> {
        match self {
            Node::Actors { role: None, actors: Some(actors) } => Some(actors.clone()),
            Node::And(parts) if parts.len() == 1 => parts[0].only_actors(),
            Node::Or(parts) if !parts.is_empty() => {
                let mut all = parts.iter().map(Node::only_actors).collect::<Option<Vec<_>>>()?.concat();
                all.sort_unstable();
                all.dedup();
                Some(all)
            }
            _ => None,
        }
    }

    /// True when applying means reading every candidate's text or attributes: worth the
    /// background on a large corpus.
    pub fn scans(&self) -> bool {
        match self {
            Node::And(parts) | Node::Or(parts) => parts.iter().any(Node::scans),
            Node::Not(inner) => inner.scans(),
            Node::Text(_) | Node::Attribute { .. } => true,
            _ => false,
        }
    }

    fn candidates(&self, corpus: &Corpus) -> Candidates {
        let total = corpus.events().len();
        let list = |lists: &mut dyn Iterator<Item = &[EventIx]>| {
            let mut all: Vec<EventIx> = Vec::new();
            let mut parts = 0;
            for l in lists {
                all.extend_from_slice(l);
                parts += 1;
            }
            if parts > 1 {
                all.sort_unstable();
                all.dedup();
            }
            Set::List(all)
        };
        let exact = |set| Candidates { set, exact: true };
        match self {
            Node::All => exact(Set::All),
            Node::Dated { from, until } => {
                let starts = corpus.dated_starts();
                let lo = from.map_or(0, |f| starts.partition_point(|&s| s < f));
                let hi = until.map_or(starts.len(), |t| starts.partition_point(|&s| s < t)).max(lo);
                match corpus.dated_between(lo, hi) {
                    Ok(range) => exact(Set::Range(range.start, range.end)),
                    Err(_) => exact(Set::Dated(lo, hi)),
                }
            }
            Node::Actors { role, actors: Some(actors) } => {
                Candidates { set: list(&mut actors.iter().map(|&a| corpus.actor_events(a))), exact: role.is_none() }
            }
            Node::Actors { actors: None, .. } => Candidates { set: Set::All, exact: false },
            Node::Dyad { a, b } => {
                let a = list(&mut a.iter().map(|&x| corpus.actor_events(x)));
                let b = list(&mut b.iter().map(|&x| corpus.actor_events(x)));
                Candidates { set: a.intersect(b, corpus), exact: false }
            }
            Node::Actions(actions) => exact(list(&mut actions.iter().filter_map(|a| corpus.events_with_action(a)))),
            Node::Tags(tags) => exact(list(&mut tags.iter().filter_map(|t| corpus.events_with_tag(t)))),
            Node::Statuses(statuses) => exact(list(&mut statuses.iter().map(|&s| corpus.events_with_status(s)))),
            Node::Articles(articles) => exact(list(&mut articles.iter().map(|&a| corpus.article_events(a)))),
            Node::Events(events) => exact(list(&mut std::iter::once(events.as_slice()))),
            Node::Nothing => exact(Set::List(Vec::new())),
            Node::Text(_) | Node::Attribute { .. } | Node::Not(_) => Candidates { set: Set::All, exact: false },
            Node::And(parts) => {
                let mut all = parts.iter().map(|p| p.candidates(corpus)).collect::<Vec<_>>();
                all.sort_by_key(|c| c.set.len(total));
                let exact = all.iter().all(|c| c.exact);
                let set = all.into_iter().fold(Set::All, |acc, c| acc.intersect(c.set, corpus));
                Candidates { set, exact }
            }
            Node::Or(parts) => {
                let mut set = Set::List(Vec::new());
                let mut exact = true;
                for p in parts {
                    let c = p.candidates(corpus);
                    exact &= c.exact;
                    if matches!(c.set, Set::All) {
                        return Candidates { set: Set::All, exact: false };
                    }
                    set = set.union(c.set, corpus);
                }
                Candidates { set, exact }
            }
        }
    }

    /// Does event `ix` pass? (The reference the candidate lists must agree with.)
    pub fn matches(&self, corpus: &Corpus, ix: EventIx) -> bool {
        let e = corpus.event(ix);
        match self {
            Node::And(parts) => parts.iter().all(|p| p.matches(corpus, ix)),
            Node::Or(parts) => parts.iter().any(|p| p.matches(corpus, ix)),
            Node::Not(inner) => !inner.matches(corpus, ix),
            Node::All => true,
            Node::Dated { from, until } => {
                e.date.is_some_and(|d| from.is_none_or(|f| d.start >= f) && until.is_none_or(|u| d.start < u))
            }
            Node::Actors { role, actors } => e.participants.iter().any(|p| {
                role.is_none_or(|r| p.role == r) && actors.as_ref().is_none_or(|a| a.binary_search(&p.actor).is_ok())
            }),
            Node::Dyad { a, b } => {
                let ps = &e.participants;
                ps.iter().any(|p| {
                    a.binary_search(&p.actor).is_ok()
                        && ps.iter().any(|q| {
                            q.actor != p.actor
                                && b.binary_search(&q.actor).is_ok()
                                && !(p.role == q.role && p.role != Role::Other)
                        })
                })
            }
            Node::Actions(actions) => e.action.as_deref().is_some_and(|a| actions.iter().any(|x| x == a)),
            Node::Statuses(statuses) => statuses.contains(&e.status),
            Node::Tags(tags) => e
                .tags
                .iter()
                .any(|t| tags.iter().any(|x| t.eq_ignore_ascii_case(x) || (!t.is_ascii() && t.to_lowercase() == *x))),
            Node::Articles(articles) => articles.binary_search(&e.article).is_ok(),
            Node::Events(events) => events.binary_search(&ix).is_ok(),
            Node::Nothing => false,
            Node::Text(q) => q.matches(corpus, ix) || e.attributes.iter().any(|(_, v)| q.found_in(v)),
            // Names ignoring case on each event, whichever spelling a part found first.
            Node::Attribute { names, test } => {
                let name = match names.as_slice() {
                    [one] => one,
                    _ => match names.iter().find(|n| e.attributes.iter().any(|(k, _)| k.eq_ignore_ascii_case(n))) {
                        Some(name) => name,
                        None => return false,
                    },
                };
                e.attributes.iter().any(|(k, v)| k.eq_ignore_ascii_case(name) && test.holds(v))
            }
        }
    }
}
