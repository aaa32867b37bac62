//! Actors by the name a user types: an id, a name, an alias, or words of one.

use crate::model::{ActorIx, Corpus};

/// Actors named by `name`: an exact id, name or alias (ignoring case), else those whose
/// name or alias holds `name` as whole words. Uses the lower-cased names kept at load.
pub fn find_actors(corpus: &Corpus, name: &str) -> Vec<ActorIx> {
    // The actor picker filters by id: found at once.
    if let Some(ix) = corpus.actor_by_id(name.trim()) {
        return vec![ix];
    }
    let wanted = name.trim().to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let names = |i: usize| {
        let lower_id = corpus.actors()[i].id.eq_ignore_ascii_case(&wanted);
        (lower_id, corpus.actor_search_text(i as ActorIx).split('\n'))
    };
    let exact: Vec<ActorIx> = (0..corpus.actors().len())
        .filter(|&i| {
            let (id_matches, mut all) = names(i);
            id_matches || all.any(|n| n == wanted)
        })
        .map(|i| i as ActorIx)
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let wanted_words: Vec<&str> = wanted.split_whitespace().collect();
    (0..corpus.actors().len())
        .filter(|&i| {
            let (_, mut all) = names(i);
            all.any(|n| {
                n.contains(wanted_words[0]) && {
                    let words: Vec<&str> = n.split(|c: char| !c.is_alphanumeric()).collect();
                    words.windows(wanted_words.len()).any(|w| w == wanted_words.as_slice())
                }
            })
        })
        .map(|i| i as ActorIx)
        .collect()
}

/// Events without participants whose summary names `name` as whole words: written alike
/// when `name` has a capital ("Airbus"), in any case when it has none ("airbus"). What an
/// actor term finds when no actor is called so, in a corpus that annotates no participants.
pub fn named_in_text(corpus: &Corpus, name: &str) -> Vec<crate::model::EventIx> {
    let smart = name.chars().any(char::is_uppercase);
    let fold = |w: &str| if smart { w.to_string() } else { w.to_lowercase() };
    let words = |text: &str| -> Vec<String> { crate::text::words(text).map(fold).collect() };
    let wanted = words(name);
    if wanted.is_empty() {
        return Vec::new();
    }
    corpus
        .events_without_participants()
        .iter()
        .copied()
        .filter(|&e| words(corpus.event(e).summary.raw()).windows(wanted.len()).any(|w| w == wanted.as_slice()))
        .collect()
}
