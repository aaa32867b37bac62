//! What a report is compared by, found once per event on every core: its summary's content
//! words weighted by their rarity in the corpus (TF-IDF with binary counts: two reports
//! that share rare words, a name, a number, an act, share more than two that share
//! "government"), the act its `action` names, and the keys that bring it together with
//! the reports it could be the same as.

use super::words::{Prehashed, Reader, act_of, hash, is_reporting, stem};
use crate::model::{Corpus, Event, EventIx, Status};
use crate::query::parallel::chunked;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A chunk's events' word hashes, one list, and each event's (number of words, act).
type ChunkWords = (Vec<u64>, Vec<(u32, u64)>);

/// Each event's words (hashes, sorted) with their weights, and its act.
pub struct Features {
    /// For event `i`, `words[starts[i]..starts[i + 1]]`, sorted by hash.
    starts: Vec<u32>,
    words: Vec<(u64, f32)>,
    /// The square root of the sum of each event's squared weights.
    norms: Vec<f32>,
    /// The act of each event's `action` (a word hash), 0 when it has none.
    pub acts: Vec<u64>,
    /// How many events were read (for weights).
    documents: f32,
}

impl Features {
    /// The features of every event of `corpus`; `skip` events get none (their words are
    /// not read and not counted).
    pub fn of(corpus: &Corpus, skip: &[bool]) -> Features {
        let events: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
        // Each event's word hashes (one flat list a chunk, with each event's count) and
        // act, on every core.
        let chunks: Vec<ChunkWords> = chunked(&events, 20_000, |part| {
            let mut reader = Reader::default();
            let mut acts = HashMap::default();
            let (mut flat, mut counts, mut buffer) = (Vec::new(), Vec::with_capacity(part.len()), Vec::new());
            for &e in part {
                if skip[e as usize] {
                    counts.push((0, 0));
                    continue;
                }
                let event = corpus.event(e);
                reader.hashes(event.summary.raw(), &mut buffer);
                flat.extend_from_slice(&buffer);
                counts.push((buffer.len() as u32, act(event, &mut acts)));
            }
            vec![(flat, counts)]
        });
        let mut hashes: Vec<u64> = Vec::new();
        let mut starts = Vec::with_capacity(events.len() + 1);
        starts.push(0u32);
        let mut acts = Vec::with_capacity(events.len());
        for (flat, counts) in chunks {
            hashes.extend_from_slice(&flat);
            for (count, act) in counts {
                starts.push(starts.last().unwrap_or(&0) + count);
                acts.push(act);
            }
        }
        // Document frequencies, counted once; then each word's weight.
        let mut vocabulary: HashMap<u64, f32, BuildHasherDefault<Prehashed>> = HashMap::default();
        for &h in &hashes {
            *vocabulary.entry(h).or_insert(0.0) += 1.0;
        }
        let documents = (events.len() as f32).max(1.0);
        for weight in vocabulary.values_mut() {
            *weight = (1.0 + documents / *weight).ln();
        }
        let weigh = |h: u64| vocabulary.get(&h).copied().unwrap_or(0.0);
        // Each event's words weighed and sorted, and its norm, on every core, in place.
        let mut words: Vec<(u64, f32)> = hashes.iter().map(|&h| (h, 0.0)).collect();
        drop(hashes);
        let mut norms = vec![0.0f32; events.len()];
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let per_thread = events.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let (mut words_left, mut norms_left) = (&mut words[..], &mut norms[..]);
            let mut first = 0usize;
            while first < events.len() {
                let last = (first + per_thread).min(events.len());
                let (from, to) = (starts[first] as usize, starts[last] as usize);
                let (mine, rest) = std::mem::take(&mut words_left).split_at_mut(to - from);
                let (my_norms, rest_norms) = std::mem::take(&mut norms_left).split_at_mut(last - first);
                (words_left, norms_left) = (rest, rest_norms);
                let bounds = &starts[first..=last];
                let weigh = &weigh;
                scope.spawn(move || {
                    for (i, pair) in bounds.windows(2).enumerate() {
                        let own = &mut mine[pair[0] as usize - from..pair[1] as usize - from];
                        for word in own.iter_mut() {
                            word.1 = weigh(word.0);
                        }
                        own.sort_unstable_by_key(|&(h, _)| h);
                        my_norms[i] = own.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                    }
                });
                first = last;
            }
        });
        Features { starts, words, norms, acts, documents }
    }

    /// An event's words and weights, sorted by hash.
    pub fn words(&self, event: EventIx) -> &[(u64, f32)] {
        let i = event as usize;
        &self.words[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The cosine of two events' weighted words: 0 (nothing shared) to 1 (the same words).
    pub fn cosine(&self, a: EventIx, b: EventIx) -> f32 {
        let (x, y) = (self.words(a), self.words(b));
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let norms = self.norms[a as usize] * self.norms[b as usize];
        if norms > 0.0 { (dot / norms).min(1.0) } else { 0.0 }
    }

    /// An event's rarest words (the most weight first), at most `N`, of those that at
    /// most `most` events share.
    pub fn rarest<const N: usize>(&self, event: EventIx, most: f32) -> impl Iterator<Item = u64> {
        let least_weight = (1.0 + self.documents / most.max(1.0)).ln();
        let mut top = [(0u64, f32::NEG_INFINITY); N];
        for &(h, w) in self.words(event) {
            if w < least_weight {
                continue;
            }
            // Insert into the kept few, most weight first (ties: the smaller hash).
            let at = top.iter().position(|&(th, tw)| w > tw || (w == tw && h < th));
            if let Some(at) = at {
                top.copy_within(at..N - 1, at + 1);
                top[at] = (h, w);
            }
        }
        top.into_iter().filter(|&(_, w)| w > f32::NEG_INFINITY).map(|(h, _)| h)
    }
}

/// The act an event's `action` names, as a word hash; 0 when it names none (a reporting
/// verb, "say", names none: what was said is the act). A revoked act is a rejection: "the
/// expulsion, revoked" and "Putin rejects the expulsion" tell one event.
fn act(event: &Event, memo: &mut HashMap<u64, u64, BuildHasherDefault<Prehashed>>) -> u64 {
    if event.status == Status::Revoked {
        return hash("reject");
    }
    match &event.action {
        Some(action) => *memo.entry(hash(action)).or_insert_with(|| {
            let action = action.trim().to_lowercase();
            let stem = stem(&action);
            if action.is_empty() || is_reporting(stem) { 0 } else { hash(act_of(stem)) }
        }),
        None => 0,
    }
}
