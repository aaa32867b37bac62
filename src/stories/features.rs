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

/// How many of its rarest words an event is found by.
pub const RARE: usize = 3;

/// The rarest words (the most weight first, ties: the smaller hash) of those weighing at
/// least `least`, at most [`RARE`]; 0 where there are fewer.
fn rarest(words: impl Iterator<Item = (u64, f32)>, least: f32) -> [u64; RARE] {
    let mut top = [(0u64, f32::NEG_INFINITY); RARE];
    for (h, w) in words.filter(|&(_, w)| w >= least) {
        if let Some(at) = top.iter().position(|&(th, tw)| w > tw || (w == tw && h < th)) {
            top.copy_within(at..RARE - 1, at + 1);
            top[at] = (h, w);
        }
    }
    top.map(|(h, _)| h)
}

/// Counters for `words` words: about four a word, a power of two, from a thousand to
/// four million (16 MB).
fn buckets(words: usize) -> u64 {
    (words.saturating_mul(4).next_power_of_two() as u64).clamp(1 << 10, 1 << 22)
}

/// A chunk's events' word hashes, one list, and each event's (number of words, act).
type ChunkWords = (Vec<u64>, Vec<(u32, u64)>);

/// Each event's words (hashes, sorted) with their weights, and its act.
pub struct Features {
    /// For event `i`, `words[starts[i]..starts[i + 1]]`: the hashes of its words, in
    /// order; a word's weight is `weights[hash & mask]`.
    starts: Vec<u32>,
    words: Vec<u64>,
    weights: Vec<f32>,
    mask: u64,
    /// The square root of the sum of each event's squared weights.
    norms: Vec<f32>,
    /// The act of each event's `action` (a word hash), 0 when it has none.
    pub acts: Vec<u64>,
    /// Each event's rarest words (0: none).
    rare: Vec<[u64; RARE]>,
}

impl Features {
    /// The features of every event of `corpus`; `skip` events get none (their words are
    /// not read and not counted).
    ///
    /// A word's weight comes from the number of events it is in, counted in a table of
    /// [`buckets`] counters indexed by its hash rather than in a map of every word: a
    /// million summaries can hold a million distinct words (numbers, names), and a map of
    /// them costs more than all the rest. Two words that share a counter (rare at four
    /// counters a word) both look a little more common than they are.
    pub fn of(corpus: &Corpus, skip: &[bool], most: f32) -> Features {
        let events: Vec<EventIx> = (0..corpus.events().len() as EventIx).collect();
        // Each event's word hashes (one flat list a chunk, with each event's count) and
        // act, on every core.
        let chunks: Vec<ChunkWords> = chunked(&events, 20_000, |part| {
            let mut reader = Reader::default();
            let mut acts = HashMap::default();
            let mut flat = Vec::with_capacity(part.len() * 8);
            let (mut counts, mut buffer) = (Vec::with_capacity(part.len()), Vec::new());
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
        let total: usize = chunks.iter().map(|(flat, _)| flat.len()).sum();
        let mut words: Vec<u64> = Vec::with_capacity(total);
        let mut starts = Vec::with_capacity(events.len() + 1);
        starts.push(0u32);
        let mut acts = Vec::with_capacity(events.len());
        for (flat, per_event) in chunks {
            words.extend_from_slice(&flat);
            for (count, act) in per_event {
                starts.push(starts.last().unwrap_or(&0) + count);
                acts.push(act);
            }
        }
        // The events each word is in, counted by its hash's counter on every core; then
        // each counter's weight.
        let mask = buckets(total) - 1;
        let tallies: Vec<Vec<u32>> = chunked(&words, 200_000, |part| {
            let mut tally = vec![0u32; mask as usize + 1];
            for &h in part {
                tally[(h & mask) as usize] += 1;
            }
            vec![tally]
        });
        let documents = (events.len() as f32).max(1.0);
        let mut weights = vec![0.0f32; mask as usize + 1];
        for (i, weight) in weights.iter_mut().enumerate() {
            let n: u32 = tallies.iter().map(|t| t[i]).sum();
            if n > 0 {
                *weight = (1.0 + documents / n as f32).ln();
            }
        }
        drop(tallies);
        // Each event's words sorted, its norm and its rarest words, on every core, in place.
        let least_weight = (1.0 + documents / most.max(1.0)).ln();
        let mut norms = vec![0.0f32; events.len()];
        let mut rare = vec![[0u64; RARE]; events.len()];
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let per_thread = events.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let (mut words_left, mut norms_left, mut rare_left) = (&mut words[..], &mut norms[..], &mut rare[..]);
            let mut first = 0usize;
            while first < events.len() {
                let last = (first + per_thread).min(events.len());
                let (from, to) = (starts[first] as usize, starts[last] as usize);
                let (mine, rest) = std::mem::take(&mut words_left).split_at_mut(to - from);
                let (my_norms, rest_norms) = std::mem::take(&mut norms_left).split_at_mut(last - first);
                let (my_rare, rest_rare) = std::mem::take(&mut rare_left).split_at_mut(last - first);
                (words_left, norms_left, rare_left) = (rest, rest_norms, rest_rare);
                let (bounds, weights) = (&starts[first..=last], &weights);
                scope.spawn(move || {
                    for (i, pair) in bounds.windows(2).enumerate() {
                        let own = &mut mine[pair[0] as usize - from..pair[1] as usize - from];
                        own.sort_unstable();
                        let weighed = own.iter().map(|&h| (h, weights[(h & mask) as usize]));
                        my_norms[i] = weighed.clone().map(|(_, w)| w * w).sum::<f32>().sqrt();
                        my_rare[i] = rarest(weighed, least_weight);
                    }
                });
                first = last;
            }
        });
        Features { starts, words, weights, mask, norms, rare, acts }
    }

    /// A word's weight.
    fn weight(&self, word: u64) -> f32 {
        self.weights[(word & self.mask) as usize]
    }

    /// An event's words (their hashes), in order.
    pub fn words(&self, event: EventIx) -> &[u64] {
        let i = event as usize;
        &self.words[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The cosine of two events' weighted words: 0 (nothing shared) to 1 (the same words).
    pub fn cosine(&self, a: EventIx, b: EventIx) -> f32 {
        let (x, y) = (self.words(a), self.words(b));
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += self.weight(x[i]).powi(2);
                    i += 1;
                    j += 1;
                }
            }
        }
        let norms = self.norms[a as usize] * self.norms[b as usize];
        if norms > 0.0 { (dot / norms).min(1.0) } else { 0.0 }
    }

    /// An event's rarest words (the most weight first), at most [`RARE`], of those that
    /// at most `most` events share (as asked when the features were found).
    pub fn rarest(&self, event: EventIx) -> impl Iterator<Item = u64> + '_ {
        self.rare[event as usize].iter().copied().filter(|&h| h != 0)
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
