//! Which reports tell one event: the joins between them, found by explicit links, by
//! GDELT's coding, and by evidence.
//!
//! Evidence is weighed only between candidates: reports that share a key (an actor, or
//! one of their three rarest words) and whose dates
//! lie within [`WINDOW`] of each other, each report compared with its next
//! [`NEIGHBOURS`] under each key. That keeps a million events to a few million comparisons.
//! A pair is joined when its score ([`score`]) reaches [`THRESHOLD`]; joins are taken
//! strongest first, and never between reports that an annotated relation orders (one
//! `follows`, `causes`, `revokes`, `responds_to` or `retaliates_for` the other).

use super::features::Features;
use super::words::hash;
use super::{Join, Rule};
use crate::model::{Corpus, EventIx, Participant, RelationKind, Role};
use crate::query::parallel::chunked;

/// Reports whose dates are further apart than this are never one story (seconds): two
/// days, so that sources that disagree by a day ("on Wednesday", "on Thursday") still meet.
pub const WINDOW: i64 = 2 * 86_400;
/// How many of the next reports under a key each report is compared with.
pub const NEIGHBOURS: usize = 24;
/// The score from which two reports are one story.
pub const THRESHOLD: f32 = 0.5;
/// The mean score over all pairs of two stories' reports from which they are merged.
pub const AVERAGE: f32 = 0.4;
/// A word shared by more than one report in this many is not a key (see [`keys`]).
const KEY_WORD_SHARE: f32 = 5_000.0;
/// At most this many pairs are scored to merge two stories (the first reports of each).
const MAX_PAIRS: usize = 400;

/// Disjoint sets of events (union by size, path halving).
pub struct Sets {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl Sets {
    pub fn new(n: usize) -> Sets {
        Sets { parent: (0..n as u32).collect(), size: vec![1; n] }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let up = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = up;
            x = up;
        }
        x
    }

    /// Join the sets of `a` and `b`; false when they were one already.
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
        true
    }
}

/// Every join the corpus's events support, strongest first within each rule.
pub fn joins(corpus: &Corpus) -> Vec<Join> {
    let mut joins = explicit(corpus);
    let coded = coded(corpus, &mut joins);
    joins.extend(evidence(corpus, &coded));
    joins
}

/// `same_as` relations, both ways written once; and the stories a native export kept,
/// each report joined to the next.
fn explicit(corpus: &Corpus) -> Vec<Join> {
    let mut joins = Vec::new();
    for story in corpus.kept_stories() {
        for pair in story.windows(2) {
            joins.push(Join { a: pair[0], b: pair[1], rule: Rule::Kept, score: 1.0 });
        }
    }
    for (i, event) in corpus.events().iter().enumerate() {
        for relation in event.relations.iter() {
            if let (RelationKind::SameAs, Some(target)) = (relation.kind, relation.target) {
                let (a, b) = (i as EventIx, target);
                joins.push(Join { a: a.min(b), b: a.max(b), rule: Rule::SameAs, score: 1.0 });
            }
        }
    }
    // A pair both kept and `same_as` says `same_as`, the link in the data.
    joins.sort_unstable_by_key(|j| (j.a, j.b, j.rule == Rule::Kept));
    joins.dedup_by_key(|j| (j.a, j.b));
    joins
}

/// GDELT rows coded alike (one day, the same actors in the same roles, event code and
/// place) are one event reported again. Returns which events are GDELT rows: their
/// summaries are made from their codes, so words say nothing more about them.
fn coded(corpus: &Corpus, joins: &mut Vec<Join>) -> Vec<bool> {
    let mut is_coded = vec![false; corpus.events().len()];
    let mut keys: Vec<(u64, EventIx)> = Vec::new();
    for (i, event) in corpus.events().iter().enumerate() {
        let attribute = |name: &str| event.attributes.get(name);
        let Some(code) = attribute("EventCode") else { continue };
        is_coded[i] = true;
        let Some(day) = corpus.start_of(i as EventIx).map(|s| s.div_euclid(86_400)) else { continue };
        let mut key = hash(code) ^ (day as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for p in event.participants.iter() {
            key = key.rotate_left(7) ^ u64::from(p.actor).wrapping_mul(31) ^ role_bits(p.role);
        }
        let place = attribute("ActionGeo_FeatureID").or_else(|| attribute("ActionGeo_FullName")).unwrap_or("");
        key = key.rotate_left(11) ^ hash(place);
        keys.push((key, i as EventIx));
    }
    keys.sort_unstable();
    for run in keys.chunk_by(|a, b| a.0 == b.0) {
        for pair in run.windows(2) {
            joins.push(Join { a: pair[0].1, b: pair[1].1, rule: Rule::Coded, score: 1.0 });
        }
    }
    is_coded
}

fn role_bits(role: Role) -> u64 {
    match role {
        Role::Agent => 1,
        Role::Target => 2,
        Role::Other | Role::Named => 3,
    }
}

/// Joins by evidence among the reports that are neither GDELT rows nor undated, nor dated
/// only by a bound ("after 2016-12-28", from a relation or a link: when the event happened
/// is not known well enough to tell it from another).
fn evidence(corpus: &Corpus, coded: &[bool]) -> Vec<Join> {
    let n = corpus.events().len();
    let open = |i: usize| corpus.events()[i].date.is_none_or(|d| d.open != crate::model::Open::Closed);
    let skip: Vec<bool> = (0..n).map(|i| coded[i] || open(i)).collect();
    let most = (corpus.events().len() as f32 / KEY_WORD_SHARE).max(64.0);
    let features = Features::of(corpus, &skip, most);
    let events: Vec<EventIx> = (0..n as EventIx).filter(|&e| !skip[e as usize]).collect();
    // Each report's keys, on every core.
    // Each report's keys: a handful each, written at once (a copy of many per-core
    // lists would cost more than making them).
    let mut postings: Vec<(u64, EventIx)> = Vec::with_capacity(events.len() * 5);
    for &e in &events {
        keys(corpus, &features, e, &mut postings);
    }
    postings.sort_unstable();
    postings.dedup();
    // Candidate pairs: each report and its next reports under a key, within the window.
    let runs: Vec<&[(u64, EventIx)]> = postings.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1).collect();
    let mut pairs: Vec<(EventIx, EventIx)> = chunked(&runs, 2_000, |part| {
        let mut out = Vec::new();
        for run in part {
            for (i, &(_, a)) in run.iter().enumerate() {
                let end_a = corpus.event(a).date.map_or(i64::MIN, |d| d.end);
                for &(_, b) in run[i + 1..].iter().take(NEIGHBOURS) {
                    let start_b = corpus.start_of(b).unwrap_or(i64::MAX);
                    if start_b.saturating_sub(end_a) > WINDOW {
                        break;
                    }
                    out.push((a, b));
                }
            }
        }
        out
    });
    drop(postings);
    // A report and the event it is a part of, or that it relates to as another report does.
    for &e in &events {
        for r in corpus.event(e).relations.iter() {
            if let Some(t) = r.target.filter(|&t| !skip[t as usize] && t != e) {
                pairs.push((e.min(t), e.max(t)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut scored: Vec<Join> = chunked(&pairs, 20_000, |part| {
        part.iter()
            .filter_map(|&(a, b)| {
                let s = score(corpus, &features, a, b)?;
                (s >= THRESHOLD).then_some(Join { a, b, rule: Rule::Evidence, score: s })
            })
            .collect()
    });
    scored.sort_unstable_by(|x, y| y.score.total_cmp(&x.score).then((x.a, x.b).cmp(&(y.a, y.b))));
    average_link(corpus, &features, scored)
}

/// The joins, strongest first, that keep every story together on average: two stories
/// are merged only when the mean score over every pair of their reports (a pair that
/// cannot be one event counting 0) reaches [`AVERAGE`]. Single links alone chain: A like
/// B, B like C, and A and C unlike anything in each other's story.
fn average_link(corpus: &Corpus, features: &Features, joins: Vec<Join>) -> Vec<Join> {
    let mut sets = Sets::new(corpus.events().len());
    let mut members: std::collections::HashMap<u32, Vec<EventIx>> = std::collections::HashMap::new();
    let mut kept = Vec::new();
    for join in joins {
        let (ra, rb) = (sets.find(join.a), sets.find(join.b));
        if ra == rb {
            continue;
        }
        let xs = members.remove(&ra).unwrap_or_else(|| vec![join.a]);
        let ys = members.remove(&rb).unwrap_or_else(|| vec![join.b]);
        if xs.len() * ys.len() > 1 {
            let pairs = (xs.len() * ys.len()).min(MAX_PAIRS);
            let sum: f32 = xs
                .iter()
                .flat_map(|&x| ys.iter().map(move |&y| (x, y)))
                .take(MAX_PAIRS)
                .map(|(x, y)| score(corpus, features, x.min(y), x.max(y)).unwrap_or(0.0))
                .sum();
            if sum / (pairs as f32) < AVERAGE {
                for (root, list) in [(ra, xs), (rb, ys)] {
                    if list.len() > 1 {
                        members.insert(root, list);
                    }
                }
                continue;
            }
        }
        sets.union(join.a, join.b);
        let root = sets.find(join.a);
        let mut all = xs;
        all.extend(ys);
        members.insert(root, all);
        kept.push(join);
    }
    kept
}

/// The keys under which a report meets the reports it could be the same as: each of its
/// actors, and each of its three rarest words among those that few reports share (at most
/// one in [`KEY_WORD_SHARE`], or 64): a common word would bring every report of a busy
/// day together, and what reports share beyond their actors is their rare words.
fn keys(corpus: &Corpus, features: &Features, e: EventIx, out: &mut Vec<(u64, EventIx)>) {
    for p in corpus.event(e).participants.iter() {
        out.push((ACTOR_KEY | u64::from(p.actor), e));
    }
    for word in features.rarest(e) {
        out.push((WORD_KEY | (word >> 2), e));
    }
}

/// Keys of actors and of words, apart.
const ACTOR_KEY: u64 = 1 << 62;
const WORD_KEY: u64 = 2 << 62;

/// The same text once the brackets around a trigger are taken out.
fn same_sentence(a: &str, b: &str) -> bool {
    let plain = |s: &str| s.chars().filter(|&c| c != '[' && c != ']').collect::<String>();
    a.contains('[') && b.contains('[') && plain(a) == plain(b)
}

/// Of the distinct actors (in `role`, or any) of two participant lists: how many both
/// name, and how many each names.
fn overlap(x: &[Participant], y: &[Participant], role: Option<Role>) -> (usize, usize, usize) {
    let in_role = |p: &&Participant| role.is_none_or(|r| p.role == r);
    let distinct = |list: &[Participant]| {
        let mut n = 0;
        for (i, p) in list.iter().enumerate().filter(|(_, p)| in_role(p)) {
            if !list[..i].iter().filter(in_role).any(|q| q.actor == p.actor) {
                n += 1;
            }
        }
        n
    };
    let mut shared = 0;
    for (i, p) in x.iter().enumerate().filter(|(_, p)| in_role(p)) {
        let first = !x[..i].iter().filter(in_role).any(|q| q.actor == p.actor);
        if first && y.iter().filter(in_role).any(|q| q.actor == p.actor) {
            shared += 1;
        }
    }
    (shared, distinct(x), distinct(y))
}

/// How strongly two reports seem to tell one event, from 0 to 1; None when they cannot:
/// their dates are too far apart, or an annotated relation orders one after the other.
///
/// Half is their words (the cosine of their weighted summaries), a fifth their
/// participants (shared actors over the fewer of the two reports' actors: one report
/// may name more of them; unknown counts a half), a fifth their act
/// (the same act, a different one, or unknown: a half), a tenth their dates (overlapping,
/// or a day or two apart). Participants in conflicting roles (both name an agent and no
/// agent is shared among agents of one kind: a country and its leader are not in conflict;
/// or both name a target and no target is shared) take off a quarter. Relations add: a
/// report annotated as a part of the other in one article adds 0.3 (the article tells a
/// facet of the event it is reporting), two reports related alike to one event (both
/// `revokes` it, both `responds_to` it) add 0.2; between reports annotated with their
/// participants only (TimeML's links are temporal: "during" is not "a facet of"). Two
/// events marked in one sentence of one article are never one story.
pub fn score(corpus: &Corpus, features: &Features, a: EventIx, b: EventIx) -> Option<f32> {
    let (x, y) = (corpus.event(a), corpus.event(b));
    let (dx, dy) = (x.date?, y.date?);
    let gap = dx.start.max(dy.start) - dx.end.min(dy.end);
    let date = match gap {
        ..=0 => 1.0,
        1..=86_400 => 0.5,
        _ if gap <= WINDOW => 0.25,
        _ => return None,
    };
    let orders = |from: &crate::model::Event, to: EventIx| {
        from.relations
            .iter()
            .any(|r| r.target == Some(to) && !matches!(r.kind, RelationKind::SameAs | RelationKind::PartOf))
    };
    if orders(x, b) || orders(y, a) {
        return None;
    }
    // Within one article, only events annotated with their participants may restate one
    // another: TimeML and MEANTIME mark each event of a document once (their mentions of
    // one event are linked as IDENTITY, a `same as`), and their summaries are sentences
    // that neighbouring events share. Two events marked in one sentence are two events.
    let bare = x.participants.is_empty() || y.participants.is_empty();
    if x.article == y.article && (bare || same_sentence(x.summary.raw(), y.summary.raw())) {
        return None;
    }
    let part = |from: &crate::model::Event, to: EventIx| {
        from.relations.iter().any(|r| r.target == Some(to) && r.kind == RelationKind::PartOf)
    };
    // Told as a part of the other (in the same article), or related alike to one event.
    // Only between events annotated with their participants: TimeML's and MEANTIME's
    // links are temporal (inclusion is "during", not "a facet of").
    let annotated = !x.participants.is_empty() && !y.participants.is_empty();
    let linked = if !annotated {
        0.0
    } else if x.article == y.article && (part(x, b) || part(y, a)) {
        0.3
    } else if x
        .relations
        .iter()
        .any(|r| r.target.is_some() && y.relations.iter().any(|q| (q.kind, q.target) == (r.kind, r.target)))
    {
        0.2
    } else {
        0.0
    };
    let words = features.cosine(a, b);
    let (acts_x, acts_y) = (features.acts[a as usize], features.acts[b as usize]);
    let act = match (acts_x, acts_y) {
        (0, _) | (_, 0) => 0.5,
        (p, q) if p == q => 1.0,
        _ => 0.0,
    };
    let (px, py) = (&x.participants[..], &y.participants[..]);
    let actors = if px.is_empty() || py.is_empty() {
        0.5
    } else {
        let (shared, nx, ny) = overlap(px, py, None);
        shared as f32 / nx.min(ny).max(1) as f32
    };
    let conflict = [Role::Agent, Role::Target].iter().any(|&role| {
        let (shared, nx, ny) = overlap(px, py, Some(role));
        let kinds_x = px.iter().filter(|p| p.role == role).map(|p| corpus.actor(p.actor).kind);
        let same_kind = role == Role::Target
            || kinds_x.into_iter().any(|k| py.iter().any(|q| q.role == role && corpus.actor(q.actor).kind == k));
        nx > 0 && ny > 0 && shared == 0 && same_kind
    });
    let total = 0.5 * words + 0.2 * actors + 0.2 * act + 0.1 * date + linked - if conflict { 0.25 } else { 0.0 };
    Some(total.max(0.0))
}
