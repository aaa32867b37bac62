//! Stories: one row for one real-world event, however many reports (events of articles)
//! tell it. [`Stories::cluster`] groups the corpus's events at load: by explicit links
//! (`same_as`, stories kept in a native export), by GDELT's coding (one day, actors, event
//! code and place), and by evidence (the same act by overlapping participants within days,
//! in words that say the same: [`cluster`]); the user's splits and merges ([`Choices`], kept
//! in the notes file) are applied on top. Every join is kept with its rule and score, so a
//! story can say why each report is in it. [`facts`] says what a story's reports agree and
//! disagree on; [`measure`] scores a clustering against an expected one.

pub mod cluster;
pub mod facts;
mod features;
pub mod lift;
pub mod measure;
mod words;

use crate::model::{Corpus, EventIx, Lists};
use crate::query::parallel::chunked;
use std::sync::Arc;

/// Why two reports were put in one story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A `same_as` relation between them.
    SameAs,
    /// One story of a native export that was read back.
    Kept,
    /// Two GDELT rows coded alike: one day, the same actors, event code and place.
    Coded,
    /// The same act by overlapping participants, within days, in words that say the same.
    Evidence,
    /// The user merged the two stories.
    ByHand,
    /// Both stayed in the story when the user split another report out of it.
    Stayed,
}

impl Rule {
    pub fn label(self) -> &'static str {
        match self {
            Rule::SameAs => "same as",
            Rule::Kept => "kept story",
            Rule::Coded => "same coding",
            Rule::Evidence => "evidence",
            Rule::ByHand => "merged by hand",
            Rule::Stayed => "stayed after a split",
        }
    }
}

/// A join between two reports: the rule, and how strongly it held (1 for explicit links).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Join {
    pub a: EventIx,
    pub b: EventIx,
    pub rule: Rule,
    pub score: f32,
}

/// The user's corrections, in the order they were made: a report split out of its story
/// (it stands alone, its earlier joins dropped), or two stories merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Alone(EventIx),
    Merge(EventIx, EventIx),
}

/// The corpus's events grouped into stories. Story numbers follow the timeline: story `s`
/// is led by its earliest report, and stories are numbered in their leads' order.
#[derive(Debug, Clone, Default)]
pub struct Stories {
    /// For each event, its story.
    story_of: Vec<u32>,
    /// For each story, its reports in timeline order.
    reports: Lists<EventIx>,
    /// The joins that hold (after the user's choices), for each event the ones touching it.
    joins: Vec<Join>,
    joins_of: Lists<u32>,
    /// For each story, the report whose date stands for it and the one whose summary
    /// says it best ([`facts::lead`], [`facts::canonical`]).
    lead: Vec<EventIx>,
    canonical: Vec<EventIx>,
    /// Stories whose reports disagree on the date or the status.
    disagree: Vec<bool>,
    /// The joins found in the data, before the user's choices.
    found: Arc<Vec<Join>>,
}

impl Stories {
    /// The stories of `corpus`, with the user's `choices` applied.
    pub fn cluster(corpus: &Corpus, choices: &[Choice]) -> Stories {
        Stories::build(corpus, Arc::new(cluster::joins(corpus)), choices)
    }

    /// The same stories with other choices of the user's (no clustering again).
    pub fn with_choices(&self, corpus: &Corpus, choices: &[Choice]) -> Stories {
        Stories::build(corpus, self.found.clone(), choices)
    }

    /// Every event its own story (before clustering, or with stories off).
    pub fn singletons(corpus: &Corpus) -> Stories {
        Stories::build(corpus, Arc::default(), &[])
    }

    /// The stories that the `found` joins make, with `choices` applied.
    pub fn build(corpus: &Corpus, found: Arc<Vec<Join>>, choices: &[Choice]) -> Stories {
        let mut stories = Stories::from_joins(corpus.events().len(), found.as_ref().clone(), choices);
        let numbers: Vec<u32> = (0..stories.len() as u32).collect();
        let chosen: Vec<(EventIx, EventIx, bool)> = chunked(&numbers, 20_000, |part| {
            let mut reader = words::Reader::default();
            part.iter()
                .map(|&s| match stories.reports(s) {
                    [one] => (*one, *one, false),
                    reports => {
                        let lead = facts::lead(corpus, reports);
                        let disagree = facts::disagreeing(corpus, reports, lead);
                        let status = corpus.event(reports[0]).status;
                        let statuses_differ = reports.iter().any(|&r| corpus.event(r).status != status);
                        (lead, facts::canonical(corpus, reports, &mut reader), !disagree.is_empty() || statuses_differ)
                    }
                })
                .collect()
        });
        for (lead, canonical, disagree) in chosen {
            stories.lead.push(lead);
            stories.canonical.push(canonical);
            stories.disagree.push(disagree);
        }
        stories.found = found;
        stories
    }

    /// The stories that `joins` make among `events` events, with `choices` applied; each
    /// story led by its first report.
    fn from_joins(events: usize, mut joins: Vec<Join>, choices: &[Choice]) -> Stories {
        // A split drops the joins made before it that touch its report; a merge after it
        // may join it again.
        for choice in choices {
            match *choice {
                Choice::Alone(e) => {
                    // The others stay together, whichever joins held them through it.
                    let stay: Vec<EventIx> = story_around(&joins, e).into_iter().filter(|&m| m != e).collect();
                    joins.retain(|j| j.a != e && j.b != e);
                    joins.extend(stay.windows(2).map(|p| Join { a: p[0], b: p[1], rule: Rule::Stayed, score: 1.0 }));
                }
                Choice::Merge(a, b) if (a as usize) < events && (b as usize) < events => {
                    joins.push(Join { a, b, rule: Rule::ByHand, score: 1.0 })
                }
                Choice::Merge(..) => {}
            }
        }
        joins.retain(|j| (j.a as usize) < events && (j.b as usize) < events && j.a != j.b);
        let mut sets = cluster::Sets::new(events);
        for j in &joins {
            sets.union(j.a, j.b);
        }
        // Stories numbered in the order of their earliest report.
        let mut story_of = vec![u32::MAX; events];
        let mut of_root = vec![u32::MAX; events];
        let mut count = 0u32;
        for (e, story) in story_of.iter_mut().enumerate() {
            let root = sets.find(e as EventIx) as usize;
            if of_root[root] == u32::MAX {
                of_root[root] = count;
                count += 1;
            }
            *story = of_root[root];
        }
        let reports =
            Lists::from_pairs(count as usize, || story_of.iter().enumerate().map(|(e, &s)| (s as usize, e as EventIx)));
        let joins_of = Lists::from_pairs(events, || {
            joins.iter().enumerate().flat_map(|(i, j)| [(j.a as usize, i as u32), (j.b as usize, i as u32)])
        });
        Stories { story_of, reports, joins, joins_of, ..Stories::default() }
    }

    /// The report whose date stands for a story (where its row sits in the timeline).
    pub fn lead(&self, story: u32) -> EventIx {
        self.lead[story as usize]
    }

    /// Do a story's reports disagree on its date or its status?
    pub fn disagrees(&self, story: u32) -> bool {
        self.disagree.get(story as usize).copied().unwrap_or(false)
    }

    /// The report whose summary a story's row shows.
    pub fn canonical(&self, story: u32) -> EventIx {
        self.canonical[story as usize]
    }

    /// Number of stories.
    pub fn len(&self) -> usize {
        self.reports.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
    }

    /// The story of an event.
    pub fn story_of(&self, event: EventIx) -> u32 {
        self.story_of.get(event as usize).copied().unwrap_or(u32::MAX)
    }

    /// A story's reports, in timeline order.
    pub fn reports(&self, story: u32) -> &[EventIx] {
        if (story as usize) < self.reports.len() { &self.reports[story as usize] } else { &[] }
    }

    /// The reports told together with `event` (itself included), in timeline order.
    pub fn reports_with(&self, event: EventIx) -> &[EventIx] {
        self.reports(self.story_of(event))
    }

    /// The joins that touch `event`: why it is in its story.
    pub fn joins_of(&self, event: EventIx) -> impl Iterator<Item = &Join> {
        let ids: &[u32] = if (event as usize) < self.joins_of.len() { &self.joins_of[event as usize] } else { &[] };
        ids.iter().map(|&i| &self.joins[i as usize])
    }

    /// Every join that holds.
    pub fn joins(&self) -> &[Join] {
        &self.joins
    }

    /// One event a story, in the order of `view` (which is in timeline order): the lead of
    /// each story that `view` holds, or its first report in `view` when the lead is not
    /// there. What the timeline shows with stories on.
    pub fn one_per_story(&self, view: &[EventIx]) -> Vec<EventIx> {
        let mut seen = vec![false; self.len()];
        let mut out = Vec::with_capacity(view.len().min(self.len()));
        for &e in view {
            let s = self.story_of(e) as usize;
            if s >= seen.len() || seen[s] {
                continue;
            }
            let lead = self.lead[s];
            if e == lead || self.reports[s].len() == 1 || view.binary_search(&lead).is_err() {
                seen[s] = true;
                out.push(e);
            }
        }
        out
    }

    /// Stories of more than one report.
    pub fn merged(&self) -> usize {
        (0..self.len()).filter(|&s| self.reports[s].len() > 1).count()
    }
}

/// The events that `joins` join with `event`, itself included, in order.
fn story_around(joins: &[Join], event: EventIx) -> Vec<EventIx> {
    let mut story = vec![event];
    let mut grew = true;
    while grew {
        grew = false;
        for j in joins {
            for (x, y) in [(j.a, j.b), (j.b, j.a)] {
                if story.contains(&x) && !story.contains(&y) {
                    story.push(y);
                    grew = true;
                }
            }
        }
    }
    story.sort_unstable();
    story
}

#[cfg(test)]
mod tests;
