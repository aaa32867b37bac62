//! What text search reads before the texts themselves: each actor's names in lower case,
//! and the pairs of characters ([`Pairs`]) of every event's texts and every actor's names,
//! which pass over most events without reading their texts. The pairs are not made while
//! loading: the interface makes them on a thread of its own once the timeline is shown, and
//! a search that comes before reads every text (it never waits for them).

use super::{Actor, ActorIx, Corpus, Event, EventIx};
use crate::text::find::Pairs;
use std::sync::OnceLock;

#[derive(Debug, Default)]
pub(super) struct Search {
    /// For each actor, its name and aliases in lower case, one a line.
    actor_text: Vec<Box<str>>,
    pairs: OnceLock<TextPairs>,
}

/// The pairs of characters of each event's summary, quotes and actors' names and aliases,
/// and of each actor's names and aliases.
#[derive(Debug)]
pub struct TextPairs {
    events: Vec<Pairs>,
    actors: Vec<Pairs>,
}

impl TextPairs {
    /// An event's: a word whose pairs they lack is not in its summary, its quotes or its
    /// actors' names.
    pub fn event(&self, ix: EventIx) -> &Pairs {
        &self.events[ix as usize]
    }

    /// An actor's: a word whose pairs they lack is not in its name or its aliases.
    pub fn actor(&self, ix: ActorIx) -> &Pairs {
        &self.actors[ix as usize]
    }
}

/// Events from which the pairs are made on two threads.
const PARALLEL_FROM: usize = 50_000;

impl Search {
    pub(super) fn of(actors: &[Actor]) -> Search {
        let actor_text = actors
            .iter()
            .map(|a| {
                let mut s = a.name.raw().to_lowercase();
                for alias in &a.aliases {
                    s.push('\n');
                    s.push_str(&alias.raw().to_lowercase());
                }
                s.into()
            })
            .collect();
        Search { actor_text, pairs: OnceLock::new() }
    }

    pub(super) fn actor_text(&self, actor: ActorIx) -> &str {
        &self.actor_text[actor as usize]
    }

    /// The pairs of `corpus`, whose search this is: made at the first call (every other
    /// caller waits for them), then kept.
    pub(super) fn pairs(&self, corpus: &Corpus) -> &TextPairs {
        self.pairs.get_or_init(|| {
            let actors: Vec<Pairs> = self.actor_text.iter().map(|t| Pairs::of(t)).collect();
            let events = corpus.events();
            let of = |part: &[Event]| part.iter().map(|e| event_pairs(corpus, e, &actors)).collect::<Vec<_>>();
            let events = if events.len() < PARALLEL_FROM {
                of(events)
            } else {
                let (first, second) = events.split_at(events.len() / 2);
                std::thread::scope(|scope| {
                    let other = scope.spawn(|| of(second));
                    let mut pairs = of(first);
                    pairs.extend(other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
                    pairs
                })
            };
            TextPairs { events, actors }
        })
    }

    /// The pairs, if made already.
    pub(super) fn pairs_if_made(&self) -> Option<&TextPairs> {
        self.pairs.get()
    }

    /// Heap bytes held (for the memory figures of docs/PERFORMANCE.md).
    pub(super) fn heap_bytes(&self) -> usize {
        let pairs = self.pairs.get().map_or(0, |p| (p.events.capacity() + p.actors.capacity()) * size_of::<Pairs>());
        pairs + self.actor_text.iter().map(|s| s.len() + 16).sum::<usize>()
    }
}

/// An event's pairs: its summary's, its quotes' and its actors' (`actors`, by actor).
fn event_pairs(corpus: &Corpus, event: &Event, actors: &[Pairs]) -> Pairs {
    let mut pairs = Pairs::of(event.summary.raw());
    for quote in &event.evidence {
        pairs.add(quote.raw(corpus.article_of(event)));
    }
    for p in &event.participants {
        pairs.join(&actors[p.actor as usize]);
    }
    pairs
}

impl Corpus {
    /// Ask the processor for what text search reads first of an event: its summary, its
    /// quotes' list and its article. A scan in timeline order meets them at random places
    /// in memory, and waiting for each in turn was most of its time.
    pub fn prefetch_texts(&self, ix: EventIx) {
        if let Some(e) = self.events().get(ix as usize) {
            prefetch(e.summary.raw().as_ptr());
            prefetch(e.evidence.as_ptr().cast());
            prefetch(std::ptr::from_ref(self.article_of(e)).cast());
        }
    }

    /// Ask the processor for an event's first quote in its article's text, once
    /// [`Corpus::prefetch_texts`] has brought where it is.
    pub fn prefetch_quote(&self, ix: EventIx) {
        if let Some(e) = self.events().get(ix as usize)
            && let Some((start, end)) = e.evidence.first().and_then(|q| q.bytes())
            && let Some(text) = &self.article_of(e).text
            && let Some(quote) = text.raw().as_bytes().get(start..end)
        {
            // Its first lines (a search finds most words before the end of a long quote).
            for line in quote.chunks(64).take(4) {
                prefetch(line.as_ptr());
            }
            // The byte after it too: slicing the text there checks that it starts a character.
            prefetch(text.raw().as_bytes()[end..].as_ptr());
        }
    }
}

/// Ask the processor to bring the memory at `at` into its cache.
fn prefetch(at: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that reads nothing: any address, even an invalid one,
    // is allowed, and SSE, its instruction set, is part of every x86_64 processor.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(at.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}
