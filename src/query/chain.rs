//! The whole chain of typed relations around an event, as a tree in time order: what it
//! answers, what answers it, and on (`R` in the interface).
//!
//! Obama expels 35 diplomats
//! └ retaliates for: Lavrov proposes expelling 35 US diplomats
//!   └ revokes: Putin revokes it
//!     └ responds to: Trump praises the delay
//!
//! A child is an event that comes after its parent by a relation it states (responds to,
//! retaliates for, revokes, follows, is part of), or that its parent causes; reports of the
//! same event (same as) hang under the first of them shown. The chain is what the event
//! comes after, up, and what comes after it, down (not its ancestors' other branches), up
//! to [`CHAIN_AT_MOST`] events; an event reached twice is shown once in full and then named
//! as shown above.

use crate::model::{Corpus, EventIx, RelationKind};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// Events a chain gathers at most: a hub related to thousands (a GDELT root event) would
/// fill no screen usefully.
pub const CHAIN_AT_MOST: usize = 500;

/// One row of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRow {
    pub event: EventIx,
    pub depth: usize,
    /// How this event relates to the row it hangs under ("retaliates for", "caused by",
    /// "same as"); None for a root.
    pub label: Option<&'static str>,
    /// Shown in full on an earlier row: this one only names it.
    pub repeated: bool,
}

/// The tree, and how many related events were left out past [`CHAIN_AT_MOST`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chain {
    pub rows: Vec<ChainRow>,
    pub left_out: usize,
}

/// The chain of relations that `event` is part of (a single row when it has none).
pub fn chain_of(corpus: &Corpus, event: EventIx) -> Chain {
    let (members, left_out) = component(corpus, event);
    // Parent -> (child, label), and which members have a parent inside the chain.
    let mut children: HashMap<EventIx, Vec<(EventIx, &'static str)>> = HashMap::new();
    let mut has_parent: HashSet<EventIx> = HashSet::new();
    for &source in &members {
        for r in corpus.events()[source as usize].relations.iter() {
            let Some(target) = r.target.filter(|t| members.contains(t) && *t != source) else { continue };
            let (parent, child, label) = match r.kind {
                RelationKind::Causes => (source, target, r.kind.inverse_label()),
                RelationKind::SameAs => (source.min(target), source.max(target), r.kind.label()),
                kind => (target, source, kind.label()),
            };
            children.entry(parent).or_default().push((child, label));
            if r.kind != RelationKind::SameAs {
                has_parent.insert(child);
            }
        }
    }
    for list in children.values_mut() {
        list.sort_unstable();
        list.dedup_by_key(|(child, _)| *child);
    }
    let mut roots: Vec<EventIx> = members.iter().copied().filter(|e| !has_parent.contains(e)).collect();
    if roots.is_empty() {
        // A cycle of relations: start from its earliest event.
        roots.extend(members.first());
    }
    let mut rows = Vec::with_capacity(members.len());
    let mut shown: HashSet<EventIx> = HashSet::new();
    for root in roots {
        if shown.contains(&root) {
            continue;
        }
        let mut stack = vec![(root, 0usize, None)];
        while let Some((e, depth, label)) = stack.pop() {
            let repeated = !shown.insert(e);
            rows.push(ChainRow { event: e, depth, label, repeated });
            if repeated {
                continue;
            }
            if let Some(kids) = children.get(&e) {
                // Pushed last-first, so that the earliest child is shown first.
                for &(child, label) in kids.iter().rev() {
                    stack.push((child, depth + 1, Some(label)));
                }
            }
        }
    }
    // Members no root reaches (inside a cycle that has a root elsewhere): at the end.
    for &e in &members {
        if !shown.contains(&e) {
            shown.insert(e);
            rows.push(ChainRow { event: e, depth: 0, label: None, repeated: false });
        }
    }
    Chain { rows, left_out }
}

/// The events of `event`'s chain, in timeline order: what it comes after (what it answers,
/// revokes, follows, is part of, and what causes it), and that again, up; what comes after
/// it, and that again, down; reports of the same event (same as) on the way. Not the other
/// branches of its ancestors: the response to a hacking report holds dozens of measures,
/// and the chain of one is not theirs. At most [`CHAIN_AT_MOST`]; how many more were left.
fn component(corpus: &Corpus, event: EventIx) -> (BTreeSet<EventIx>, usize) {
    let mut members = BTreeSet::from([event]);
    let mut left_out = HashSet::new();
    for upward in [true, false] {
        let mut seen = HashSet::from([event]);
        let mut queue = VecDeque::from([event]);
        while let Some(e) = queue.pop_front() {
            for next in neighbours(corpus, e, upward) {
                if !seen.insert(next) {
                    continue;
                }
                if members.len() >= CHAIN_AT_MOST && !members.contains(&next) {
                    left_out.insert(next);
                    continue;
                }
                members.insert(next);
                queue.push_back(next);
            }
        }
    }
    (members, left_out.len())
}

/// The events one step up (what `e` comes after) or down (what comes after `e`) a chain,
/// and the reports of the same event either way.
fn neighbours(corpus: &Corpus, e: EventIx, upward: bool) -> Vec<EventIx> {
    let mut out = Vec::new();
    for r in corpus.events()[e as usize].relations.iter() {
        let Some(target) = r.target else { continue };
        let up = r.kind != RelationKind::Causes;
        if r.kind == RelationKind::SameAs || up == upward {
            out.push(target);
        }
    }
    for &(kind, source) in corpus.incoming(e) {
        // `source` states the relation: it comes after `e`, unless it causes `e`.
        let down = kind != RelationKind::Causes;
        if kind == RelationKind::SameAs || down != upward {
            out.push(source);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::load_str;

    /// The seed's chain, written out of order, with a report of the revocation from another
    /// article, a cause, and an unrelated event.
    const SEED: &str = r#"[
{"id": "w", "title": "W", "events": [
  {"id": "expel", "date": "2016-12-29", "summary": "Obama expels 35 Russian diplomats"},
  {"id": "sanction", "date": "2016-12-29", "summary": "Hacking prompts sanctions", "relations": [{"type": "causes", "target": "w/expel"}]},
  {"id": "compounds", "date": "2016-12-29", "summary": "Two compounds closed", "relations": [{"type": "part_of", "target": "w/sanction"}]}]},
{"id": "m", "title": "M", "events": [
  {"id": "praise", "date": "2016-12-30T19:41Z", "summary": "Trump praises the delay", "relations": [{"type": "responds_to", "target": "m/revoke"}]},
  {"id": "propose", "date": "2016-12-30T07:00Z", "summary": "Lavrov proposes expelling 35 US diplomats", "relations": [{"type": "retaliates_for", "target": "w/expel"}]},
  {"id": "revoke", "date": "2016-12-30T12:00Z", "summary": "Putin revokes it", "relations": [{"type": "revokes", "target": "m/propose"}]},
  {"id": "other", "date": "2016-12-30", "summary": "Unrelated"}]},
{"id": "r", "title": "R", "events": [
  {"id": "report", "date": "2016-12-30T12:00Z", "summary": "Putin sets the proposal aside", "relations": [{"type": "same_as", "target": "m/revoke"}]}]}
]"#;

    fn tree(corpus: &Corpus, chain: &Chain) -> Vec<String> {
        chain
            .rows
            .iter()
            .map(|r| {
                let e = corpus.event(r.event);
                let label = r.label.map_or(String::new(), |l| format!("{l}: "));
                let again = if r.repeated { " (above)" } else { "" };
                format!("{}{label}{}{again}", "  ".repeat(r.depth), e.summary.raw())
            })
            .collect()
    }

    #[test]
    fn the_seeds_chain_reads_as_a_tree_in_time_order_from_any_of_its_events() {
        let corpus = load_str("seed.json", SEED).corpus;
        let expected = [
            "Hacking prompts sanctions",
            "  caused by: Obama expels 35 Russian diplomats",
            "    retaliates for: Lavrov proposes expelling 35 US diplomats",
            "      revokes: Putin revokes it",
            "        same as: Putin sets the proposal aside",
            "        responds to: Trump praises the delay",
        ];
        // Not the other branches of its ancestors (the compounds closed as part of the sanctions).
        for summary in ["Lavrov proposes expelling 35 US diplomats", "Trump praises the delay"] {
            let start = corpus.events().iter().position(|e| e.summary.raw() == summary).unwrap() as EventIx;
            let chain = chain_of(&corpus, start);
            assert_eq!(tree(&corpus, &chain), expected, "from {summary}");
            assert_eq!(chain.left_out, 0);
        }
        // From the top, every branch: the closed compounds are part of the sanctions too.
        let top = corpus.events().iter().position(|e| e.summary.raw() == "Hacking prompts sanctions").unwrap();
        let whole = tree(&corpus, &chain_of(&corpus, top as EventIx));
        assert!(whole.contains(&"  part of: Two compounds closed".to_string()), "{whole:?}");
        let alone = corpus.events().iter().position(|e| e.summary.raw() == "Unrelated").unwrap() as EventIx;
        assert_eq!(tree(&corpus, &chain_of(&corpus, alone)), ["Unrelated"]);
    }

    #[test]
    fn an_event_reached_twice_is_shown_once_and_then_named() {
        // b and c both follow a; d follows both b and c.
        let corpus = load_str(
            "dag.json",
            r#"{"id": "x", "title": "X", "events": [
              {"id": "a", "date": "2016-01-01", "summary": "a"},
              {"id": "b", "date": "2016-01-02", "summary": "b", "relations": [{"type": "follows", "target": "x/a"}]},
              {"id": "c", "date": "2016-01-03", "summary": "c", "relations": [{"type": "follows", "target": "x/a"}]},
              {"id": "d", "date": "2016-01-04", "summary": "d", "relations": [
                {"type": "follows", "target": "x/b"}, {"type": "follows", "target": "x/c"}]}]}"#,
        )
        .corpus;
        let chain = chain_of(&corpus, 0);
        assert_eq!(
            tree(&corpus, &chain),
            ["a", "  follows: b", "    follows: d", "  follows: c", "    follows: d (above)"]
        );
    }

    #[test]
    fn a_cycle_of_relations_starts_from_its_earliest_event() {
        let corpus = load_str(
            "cycle.json",
            r#"{"id": "x", "title": "X", "events": [
              {"id": "a", "date": "2016-01-01", "summary": "a", "relations": [{"type": "follows", "target": "x/b"}]},
              {"id": "b", "date": "2016-01-02", "summary": "b", "relations": [{"type": "follows", "target": "x/a"}]}]}"#,
        )
        .corpus;
        assert_eq!(tree(&corpus, &chain_of(&corpus, 1)), ["a", "  follows: b", "    follows: a (above)"]);
    }
}
