//! Fuzzy actor search: "putn" finds Vladimir Putin, through his name or any alias.
//!
//! Ranking scores every name and alias (score only: where the characters matched is
//! worked out afterwards, for the few rows on screen). A query that extends the previous
//! one only needs the actors that matched before, since a name that does not hold "ka"
//! as a subsequence cannot hold "kar"; [`rank_actors_within`] takes that candidate list.
//! Large lists are scored on all cores.

use crate::model::{ActorIx, Corpus};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// One ranked actor: which of its names matched best.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMatch {
    pub actor: ActorIx,
    pub score: i64,
    /// None for the name, Some(i) for alias i.
    pub alias: Option<usize>,
}

/// Below this many candidates, scoring on one thread is faster than starting others.
const PARALLEL_FROM: usize = 20_000;

/// Actors ranked by fuzzy match of `query` on their name and aliases, best first; ties go
/// to the actor with more events, then by name. An empty query lists every actor by
/// event count.
pub fn rank_actors(corpus: &Corpus, query: &str) -> Vec<ActorMatch> {
    if query.trim().is_empty() {
        return rank_actors_within(corpus, query, corpus.actors_by_count());
    }
    // In storage order: scoring walks the actors' names in memory order.
    let all: Vec<ActorIx> = (0..corpus.actors().len() as ActorIx).collect();
    rank_actors_within(corpus, query, &all)
}

/// Like [`rank_actors`], among `candidates` only.
pub fn rank_actors_within(corpus: &Corpus, query: &str, candidates: &[ActorIx]) -> Vec<ActorMatch> {
    let query = query.trim();
    let mut matches: Vec<ActorMatch> = if query.is_empty() {
        let mut all: Vec<ActorMatch> =
            candidates.iter().map(|&actor| ActorMatch { actor, score: 0, alias: None }).collect();
        all.sort_unstable_by_key(|m| corpus.actor_rank(m.actor));
        return all;
    } else {
        super::parallel::chunked(candidates, PARALLEL_FROM, |part| score_all(corpus, query, part))
    };
    // Ties go to the actor with more events, then by name: its place in `actors_by_count`.
    matches.sort_unstable_by_key(|m| (std::cmp::Reverse(m.score), corpus.actor_rank(m.actor)));
    matches
}

fn score_all(corpus: &Corpus, query: &str, candidates: &[ActorIx]) -> Vec<ActorMatch> {
    let matcher = SkimMatcherV2::default().smart_case();
    candidates
        .iter()
        .filter_map(|&i| {
            let actor = &corpus.actors()[i as usize];
            let names = std::iter::once((None, actor.name.shown()))
                .chain(actor.aliases.iter().enumerate().map(|(k, a)| (Some(k), a.shown())));
            names
                .filter_map(|(alias, name)| {
                    matcher.fuzzy_match(name, query).map(|score| ActorMatch { actor: i, score, alias })
                })
                // Best score; on a tie the name before an alias.
                .max_by_key(|m| (m.score, std::cmp::Reverse(m.alias.map_or(0, |k| k + 1))))
        })
        .collect()
}

/// Character indices, in the matched name or alias (sanitized form), of the characters
/// that `query` matched: for highlighting.
pub fn matched_indices(corpus: &Corpus, m: &ActorMatch, query: &str) -> Vec<usize> {
    let actor = &corpus.actors()[m.actor as usize];
    let name = match m.alias {
        None => actor.name.shown(),
        Some(k) => actor.aliases[k].shown(),
    };
    let matcher = SkimMatcherV2::default().smart_case();
    matcher.fuzzy_indices(name, query.trim()).map(|(_, indices)| indices).unwrap_or_default()
}
