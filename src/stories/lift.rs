//! Relations between events lifted to relations between stories: the expulsion, the
//! proposal to answer it and the revocation of that proposal read as three stories linked
//! twice, however many reports each has and whichever of them carry the links.

use super::Stories;
use crate::model::{Corpus, RelationKind};

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
