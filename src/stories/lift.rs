//! Relations between events lifted to relations between stories: the expulsion, the
//! proposal to answer it and the revocation of that proposal read as three stories linked
//! twice, however many reports each has and whichever of them carry the links.

use super::Stories;
use crate::model::{Corpus, EventIx, RelationKind};
use crate::query::chain::{Chain, ChainRow, chain_of};
use std::collections::HashSet;

/// One relation of a story with another, and how many of its reports make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifted {
    pub kind: RelationKind,
    /// The story's reports point at the other (`revokes`), or the other's at it
    /// (`revoked by`).
    pub outgoing: bool,
    pub story: u32,
    pub reports: usize,
}

impl Lifted {
    pub fn label(&self) -> &'static str {
        if self.outgoing { self.kind.label() } else { self.kind.inverse_label() }
    }
}

/// The relations of `story` with other stories, each once, outgoing first, in the order
/// first met; a relation within the story is left out.
pub fn relations(corpus: &Corpus, stories: &Stories, story: u32) -> Vec<Lifted> {
    let mut out: Vec<Lifted> = Vec::new();
    let mut add = |kind: RelationKind, outgoing: bool, other: u32| {
        if other == story {
            return;
        }
        match out.iter_mut().find(|l| (l.kind, l.outgoing, l.story) == (kind, outgoing, other)) {
            Some(l) => l.reports += 1,
            None => out.push(Lifted { kind, outgoing, story: other, reports: 1 }),
        }
    };
    let reports = stories.reports(story);
    for &r in reports {
        for relation in corpus.event(r).relations.iter() {
            if let Some(target) = relation.target {
                add(relation.kind, true, stories.story_of(target));
            }
        }
    }
    for &r in reports {
        for &(kind, source) in corpus.incoming(r) {
            add(kind, false, stories.story_of(source));
        }
    }
    out.sort_by_key(|l| !l.outgoing);
    out
}

/// The chain of relations around `event` (`R`), one row a story: reports of a story that
/// the chain reaches from one another fold into one row (the story's lead), and a story
/// reached again elsewhere is named as shown above, without its branch again.
pub fn chain(corpus: &Corpus, stories: &Stories, event: EventIx) -> Chain {
    let reports = chain_of(corpus, event);
    let mut rows: Vec<ChainRow> = Vec::new();
    let mut shown: HashSet<u32> = HashSet::new();
    // Rows above the current one: (depth in the reports' tree, its story, folded into its
    // parent or cut with a repeated parent).
    let mut above: Vec<(usize, u32, Fold)> = Vec::new();
    for row in reports.rows {
        while above.last().is_some_and(|&(depth, _, _)| depth >= row.depth) {
            above.pop();
        }
        if above.iter().any(|&(_, _, fold)| fold == Fold::Cut) {
            continue;
        }
        let story = stories.story_of(row.event);
        let parent = above.iter().rev().find(|&&(_, _, fold)| fold == Fold::Shown).map(|&(_, s, _)| s);
        let depth = above.iter().filter(|&&(_, _, fold)| fold == Fold::Shown).count();
        let fold = if parent == Some(story) {
            Fold::Folded
        } else if !shown.insert(story) || row.repeated {
            rows.push(ChainRow { event: stories.lead(story), depth, label: row.label, repeated: true });
            Fold::Cut
        } else {
            rows.push(ChainRow { event: stories.lead(story), depth, label: row.label, repeated: false });
            Fold::Shown
        };
        above.push((row.depth, story, fold));
    }
    Chain { rows, left_out: reports.left_out }
}

/// What became of a report's row in the chain of stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    /// A row of its own.
    Shown,
    /// The same story as the row above it: its reports' branches hang under that row.
    Folded,
    /// Named as shown above: its branch is not shown again.
    Cut,
}
