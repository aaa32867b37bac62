//! What a story's reports say together: the report whose date stands for the story (the
//! tightest date that most reports agree with) and the reports that disagree with it,
//! the phrasing that says it best, the participants with their roles, the statuses (and
//! whether they conflict), how many articles and outlets told it and when, and for GDELT
//! the sums of its rows' counts.

use super::Stories;
use super::words::Reader;
use crate::model::{ActorIx, Corpus, EventIx, Role, Status, When};

/// Everything the detail pane, the reports panel and `annals stories` say of one story.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The reports, in timeline order.
    pub reports: Vec<EventIx>,
    /// The report whose date is the story's, and the story's date.
    pub lead: EventIx,
    pub date: Option<When>,
    /// Dated reports whose dates do not meet the story's.
    pub disagree: Vec<EventIx>,
    /// The report whose summary says it best.
    pub canonical: EventIx,
    /// Every participant once per role, in the order first met.
    pub participants: Vec<(ActorIx, Role)>,
    /// The statuses the reports give, each with its reports.
    pub statuses: Vec<(Status, Vec<EventIx>)>,
    pub articles: usize,
    /// The distinct outlets (`source`) that told it.
    pub outlets: Vec<String>,
    /// The first and last publication among its reports' articles.
    pub first_reported: Option<When>,
    pub last_reported: Option<When>,
    /// GDELT's NumMentions, NumSources and NumArticles summed over its rows, when it has any.
    pub gdelt: Option<[u64; 3]>,
}

impl Facts {
    /// The facts of the story of `event`.
    pub fn of(corpus: &Corpus, stories: &Stories, event: EventIx) -> Facts {
        let story = stories.story_of(event);
        let reports = stories.reports(story).to_vec();
        // Chosen once, when the stories were made.
        let (lead, canonical) = (stories.lead(story), stories.canonical(story));
        let disagree = disagreeing(corpus, &reports, lead);
        let mut participants = Vec::new();
        let mut statuses: Vec<(Status, Vec<EventIx>)> = Vec::new();
        let mut gdelt: Option<[u64; 3]> = None;
        for &r in &reports {
            let e = corpus.event(r);
            for p in e.participants.iter() {
                if !participants.contains(&(p.actor, p.role)) {
                    participants.push((p.actor, p.role));
                }
            }
            match statuses.iter_mut().find(|(s, _)| *s == e.status) {
                Some((_, list)) => list.push(r),
                None => statuses.push((e.status, vec![r])),
            }
            for (i, name) in ["NumMentions", "NumSources", "NumArticles"].iter().enumerate() {
                if let Some(v) = e.attributes.get(name) {
                    let sums = gdelt.get_or_insert([0; 3]);
                    sums[i] += v.trim().parse::<u64>().unwrap_or(0);
                }
            }
        }
        // Each article once, in the order its reports come (a GDELT story may hold
        // thousands of rows of a few articles).
        let mut seen = std::collections::HashSet::new();
        let articles: Vec<u32> = reports.iter().map(|&r| corpus.event(r).article).filter(|&a| seen.insert(a)).collect();
        let mut outlets: Vec<String> = Vec::new();
        let (mut first, mut last): (Option<When>, Option<When>) = (None, None);
        for &a in &articles {
            let article = corpus.article(a);
            if let Some(source) = &article.source
                && !outlets.iter().any(|o| o == source.raw())
            {
                outlets.push(source.raw().to_string());
            }
            if let Some(p) = article.published {
                first = Some(first.map_or(p, |f| if p.start < f.start { p } else { f }));
                last = Some(last.map_or(p, |l| if p.start > l.start { p } else { l }));
            }
        }
        Facts {
            date: corpus.event(lead).date,
            reports,
            lead,
            disagree,
            canonical,
            participants,
            statuses,
            articles: articles.len(),
            outlets,
            first_reported: first,
            last_reported: last,
            gdelt,
        }
    }

    /// The reports give more than one status ("proposed" in one, "revoked" in another).
    pub fn statuses_conflict(&self) -> bool {
        self.statuses.len() > 1
    }

    /// Its sources disagree, on the date or the status.
    pub fn disagreement(&self) -> bool {
        !self.disagree.is_empty() || self.statuses_conflict()
    }
}

/// The dated reports whose dates do not meet the lead's. Undated reports neither agree
/// nor disagree.
pub fn disagreeing(corpus: &Corpus, reports: &[EventIx], lead: EventIx) -> Vec<EventIx> {
    let Some(date) = corpus.event(lead).date else { return Vec::new() };
    reports.iter().copied().filter(|&r| corpus.event(r).date.is_some_and(|d| !d.overlaps(&date))).collect()
}

/// The report whose date stands for the story: the one that the most other reports'
/// dates meet, the shortest on a tie, then the earliest.
pub fn lead(corpus: &Corpus, reports: &[EventIx]) -> EventIx {
    let dated: Vec<(EventIx, When)> = reports.iter().filter_map(|&r| corpus.event(r).date.map(|d| (r, d))).collect();
    let Some(&(first, _)) = dated.first() else { return reports.first().copied().unwrap_or(0) };
    if dated.len() > LEAD_BY_PAIRS {
        return lead_by_day(&dated);
    }
    let span = |d: &When| d.end.saturating_sub(d.start);
    let mut best = (first, usize::MAX, i64::MAX);
    for (r, d) in &dated {
        let meets = dated.iter().filter(|(_, o)| o.overlaps(d)).count();
        let better = best.1 == usize::MAX || meets > best.1 || (meets == best.1 && span(d) < best.2);
        if better {
            best = (*r, meets, span(d));
        }
    }
    best.0
}

/// Stories of more reports than this find their lead by the day most reports give (each
/// report against every other would cost too much for GDELT's thousands of rows).
const LEAD_BY_PAIRS: usize = 64;

/// The lead of a large story: the shortest report of the day most of them give.
fn lead_by_day(dated: &[(EventIx, When)]) -> EventIx {
    let mut days: Vec<i64> = dated.iter().map(|(_, d)| d.start.div_euclid(86_400)).collect();
    days.sort_unstable();
    let day = days.chunk_by(|a, b| a == b).max_by_key(|run| run.len()).map_or(0, |run| run[0]);
    let span = |d: &When| d.end.saturating_sub(d.start);
    let on_day = dated.iter().filter(|(_, d)| d.start.div_euclid(86_400) == day);
    on_day.min_by_key(|(_, d)| span(d)).map_or(dated[0].0, |(r, _)| *r)
}

/// The report whose summary shares the most words with the others (the most common
/// phrasing), the one with more words on a tie (the most specific), then the earliest.
pub fn canonical(corpus: &Corpus, reports: &[EventIx], reader: &mut Reader) -> EventIx {
    if reports.len() < 2 {
        return reports.first().copied().unwrap_or(0);
    }
    // The phrasings of the first reports stand for a large story's (each compared with
    // every other would cost too much for GDELT's thousands of rows).
    let reports = &reports[..reports.len().min(LEAD_BY_PAIRS)];
    let words: Vec<Vec<u64>> = reports
        .iter()
        .map(|&r| {
            let mut out = Vec::new();
            reader.hashes(corpus.event(r).summary.raw(), &mut out);
            out
        })
        .collect();
    let mut best = (0usize, -1.0f32, 0usize);
    for (i, mine) in words.iter().enumerate() {
        let overlap: f32 = words
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, theirs)| {
                let common = mine.iter().filter(|w| theirs.contains(w)).count();
                let union = mine.len() + theirs.len() - common;
                if union == 0 { 0.0 } else { common as f32 / union as f32 }
            })
            .sum();
        if overlap > best.1 + 1e-6 || ((overlap - best.1).abs() <= 1e-6 && mine.len() > best.2) {
            best = (i, overlap, mine.len());
        }
    }
    reports[best.0]
}
