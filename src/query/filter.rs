//! Filters: the same words on the command line (`--actor putin`) and in the TUI's filter
//! prompt (`actor:putin`). A [`Filter`] is what the user wrote; [`Filter::compile`] checks it
//! against the corpus (unknown actor, impossible date...) and [`CompiledFilter::apply`]
//! returns the matching events in timeline order.

use crate::model::{ActorIx, ArticleIx, Corpus, EventIx, Status, When};
use serde::Serialize;

/// The filters as the user wrote them. All present filters must hold (AND); several
/// actors match an event that involves any of them (OR).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("{field}: {message}")]
    Date { field: &'static str, message: String },
    #[error("from {from} is after to {to}")]
    EmptyRange { from: String, to: String },
    #[error("no actor matches '{0}' (list them with: annals actors {0})")]
    UnknownActor(String),
    #[error("unknown status '{0}' (expected {choices})", choices = Status::choices())]
    UnknownStatus(String),
    #[error("no article has the id '{0}'")]
    UnknownArticle(String),
    #[error("no event has the action '{word}'{hint}")]
    UnknownAction { word: String, hint: String },
    #[error("no event has the tag '{word}'{hint}")]
    UnknownTag { word: String, hint: String },
    #[error("unknown filter '{0}:' (known: from: to: actor: action: status: tag: article:)")]
    UnknownKey(String),
    #[error("'{0}:' needs a value, as in {0}:VALUE")]
    MissingValue(String),
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Read the filter prompt's words: `from:2016-12-28 actor:putin status:proposed expel`.
    /// Words without a known `key:` are searched as text.
    pub fn parse_words(input: &str) -> Result<Filter, FilterError> {
        let mut filter = Filter::default();
        let mut text = Vec::new();
        for word in input.split_whitespace() {
            let Some((key, value)) = word.split_once(':').filter(|(k, _)| k.chars().all(|c| c.is_ascii_alphabetic()))
            else {
                text.push(word);
                continue;
            };
            let key = key.to_ascii_lowercase();
            let known = ["from", "to", "actor", "action", "status", "tag", "article", "text"];
            if !known.contains(&key.as_str()) {
                // "http://..." or "note:" inside text: not a filter unless it looks like one.
                if value.is_empty() {
                    return Err(FilterError::UnknownKey(key));
                }
                text.push(word);
                continue;
            }
            if value.is_empty() {
                return Err(FilterError::MissingValue(key));
            }
            let value = value.to_string();
            match key.as_str() {
                "from" => filter.from = Some(value),
                "to" => filter.to = Some(value),
                "actor" => filter.actors.push(value.replace('_', " ")),
                "action" => filter.action = Some(value),
                "status" => filter.status = Some(value),
                "tag" => filter.tag = Some(value),
                "article" => filter.article = Some(value),
                _ => text.push(word.split_once(':').map_or(word, |(_, v)| v)),
            }
        }
        if !text.is_empty() {
            filter.text = Some(text.join(" "));
        }
        Ok(filter)
    }

    /// The filter as prompt words, the inverse of [`Filter::parse_words`].
    pub fn to_words(&self) -> String {
        let single = |key: &str, value: &Option<String>| value.as_ref().map(|v| format!("{key}:{v}"));
        let actors = self.actors.iter().map(|a| format!("actor:{}", a.replace(' ', "_")));
        [single("from", &self.from), single("to", &self.to)]
            .into_iter()
            .flatten()
            .chain(actors)
            .chain(
                [
                    single("action", &self.action),
                    single("status", &self.status),
                    single("tag", &self.tag),
                    single("article", &self.article),
                    self.text.clone(),
                ]
                .into_iter()
                .flatten(),
            )
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Check the filter against the corpus.
    pub fn compile(&self, corpus: &Corpus) -> Result<CompiledFilter, FilterError> {
        let date = |field: &'static str, text: &Option<String>| {
            text.as_deref()
                .map(|t| When::parse(t).map_err(|e| FilterError::Date { field, message: e.to_string() }))
                .transpose()
        };
        let from = date("from", &self.from)?;
        let to = date("to", &self.to)?;
        if let (Some(f), Some(t)) = (from, to)
            && f.start >= t.end
        {
            return Err(FilterError::EmptyRange { from: f.iso(), to: t.iso() });
        }
        let actors = if self.actors.is_empty() {
            None
        } else {
            let mut ids = Vec::new();
            for name in &self.actors {
                let found = find_actors(corpus, name);
                if found.is_empty() {
                    return Err(FilterError::UnknownActor(name.clone()));
                }
                ids.extend(found);
            }
            ids.sort_unstable();
            ids.dedup();
            Some(ids)
        };
        let status = self
            .status
            .as_deref()
            .map(|s| Status::parse(&s.to_lowercase()).ok_or_else(|| FilterError::UnknownStatus(s.to_string())))
            .transpose()?;
        let article = self
            .article
            .as_deref()
            .map(|id| {
                corpus
                    .articles()
                    .iter()
                    .position(|a| a.id == id)
                    .map(|i| i as ArticleIx)
                    .ok_or_else(|| FilterError::UnknownArticle(id.to_string()))
            })
            .transpose()?;
        let action = self.action.as_deref().map(str::to_lowercase);
        if let Some(a) = &action
            && corpus.events_with_action(a).is_none()
        {
            let hint = hint(corpus.actions(), "actions");
            return Err(FilterError::UnknownAction { word: a.clone(), hint });
        }
        let tag = self.tag.as_deref().map(str::to_lowercase);
        if let Some(t) = &tag
            && corpus.events_with_tag(t).is_none()
        {
            let hint = hint(corpus.tags(), "tags");
            return Err(FilterError::UnknownTag { word: t.clone(), hint });
        }
        Ok(CompiledFilter {
            from: from.map(|w| w.start),
            to: to.map(|w| w.end),
            actors,
            action,
            status,
            tag,
            article,
            text: self.text.as_deref().and_then(TextQuery::new),
        })
    }
}

/// "; known actions: expel, propose, ..." (the first few, sorted).
fn hint<'a>(words: impl Iterator<Item = &'a str>, what: &str) -> String {
    let mut all: Vec<&str> = words.collect();
    all.sort_unstable();
    all.dedup();
    if all.is_empty() {
        return String::new();
    }
    let more = if all.len() > 12 { ", ..." } else { "" };
    format!("; {what}: {}{more}", all[..all.len().min(12)].join(", "))
}

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

/// Words to find in an event's summary, actors and evidence. Case is ignored unless a
/// word holds a capital letter ("smart case").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    words: Vec<String>,
    case_sensitive: bool,
}

impl TextQuery {
    pub fn new(text: &str) -> Option<TextQuery> {
        let case_sensitive = text.chars().any(char::is_uppercase);
        let words: Vec<String> =
            text.split_whitespace().map(|w| if case_sensitive { w.to_string() } else { w.to_lowercase() }).collect();
        (!words.is_empty()).then_some(TextQuery { words, case_sensitive })
    }

    pub fn matches(&self, corpus: &Corpus, event: EventIx) -> bool {
        if self.case_sensitive {
            let text = corpus.search_text_cased(event);
            self.words.iter().all(|w| text.contains(w.as_str()))
        } else {
            let text = corpus.search_text(event);
            let participants = &corpus.events()[event as usize].participants;
            self.words.iter().all(|w| {
                text.contains(w.as_str())
                    || participants
                        .iter()
                        .any(|p| corpus.actor_search_text(p.actor as usize as ActorIx).contains(w.as_str()))
            })
        }
    }

    /// Byte ranges of the words in `text` (for highlighting matches).
    pub fn find_in(&self, text: &str) -> Vec<(usize, usize)> {
        let mut ranges = Vec::new();
        let haystack = if self.case_sensitive { text.to_string() } else { text.to_lowercase() };
        // Lower-casing can change byte lengths; highlight only when it did not.
        if haystack.len() != text.len() {
            return ranges;
        }
        for w in &self.words {
            ranges.extend(haystack.match_indices(w.as_str()).map(|(i, m)| (i, i + m.len())));
        }
        ranges.sort_unstable();
        ranges
    }
}

/// A tag against a lower-cased one, without allocating when the tag is already lower case.
fn same_tag(tag: &str, lower: &str) -> bool {
    if tag.chars().any(char::is_uppercase) { tag.to_lowercase() == lower } else { tag == lower }
}

/// Lists longer than this are filtered on all cores.
const PARALLEL_FROM: usize = 100_000;

/// The events of `candidates` that `keep` accepts, in order.
fn filter_in_parallel(candidates: &[EventIx], keep: &(dyn Fn(EventIx) -> bool + Sync)) -> Vec<EventIx> {
    if candidates.len() < PARALLEL_FROM {
        return candidates.iter().copied().filter(|&e| keep(e)).collect();
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = candidates.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = candidates
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().copied().filter(|&e| keep(e)).collect::<Vec<_>>()))
            .collect();
        parts.into_iter().flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// Position in `view` of the first event at or after `from` (wrapping around; backwards
/// when not `forward`) that matches `query`. Gives up, returning None, as soon as
/// `cancelled` says so: a newer query has replaced this one.
pub fn find_match(
    corpus: &Corpus,
    view: &[EventIx],
    query: &TextQuery,
    from: usize,
    forward: bool,
    cancelled: &dyn Fn() -> bool,
) -> Option<usize> {
    let n = view.len();
    if n == 0 {
        return None;
    }
    let from = from.min(n - 1);
    let order: Box<dyn Iterator<Item = usize>> = if forward {
        Box::new((from..n).chain(0..from))
    } else {
        Box::new((0..=from).rev().chain((from + 1..n).rev()))
    };
    for (k, p) in order.enumerate() {
        if k % 4096 == 4095 && cancelled() {
            return None;
        }
        if query.matches(corpus, view[p]) {
            return Some(p);
        }
    }
    None
}

/// A filter checked against one corpus, ready to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledFilter {
    from: Option<i64>,
    to: Option<i64>,
    actors: Option<Vec<ActorIx>>,
    action: Option<String>,
    status: Option<Status>,
    tag: Option<String>,
    article: Option<ArticleIx>,
    text: Option<TextQuery>,
}

impl CompiledFilter {
    /// The events that pass, in timeline order. Starts from the smallest precomputed list
    /// that the filter names (an actor's, an action's, a tag's, a status's, or the date
    /// range's slice of the timeline) and checks the rest on those events only.
    pub fn apply(&self, corpus: &Corpus) -> Vec<EventIx> {
        let range = self.candidate_range(corpus);
        let actor_events: Option<Vec<EventIx>> = self.actors.as_ref().map(|actors| {
            let mut events: Vec<EventIx> =
                actors.iter().flat_map(|&a| corpus.actor_events(a).iter().copied()).collect();
            events.sort_unstable();
            events.dedup();
            events
        });
        // Each list, with the filter left to check on its events.
        let mut lists: Vec<(&[EventIx], CompiledFilter)> = Vec::new();
        let without = |change: fn(&mut CompiledFilter)| {
            let mut rest = self.clone();
            change(&mut rest);
            rest
        };
        if let Some(a) = &self.action {
            lists.push((corpus.events_with_action(a).unwrap_or(&[]), without(|f| f.action = None)));
        }
        if let Some(t) = &self.tag {
            lists.push((corpus.events_with_tag(t).unwrap_or(&[]), without(|f| f.tag = None)));
        }
        if let Some(s) = self.status {
            lists.push((corpus.events_with_status(s), without(|f| f.status = None)));
        }
        if let Some(a) = self.article {
            lists.push((corpus.article_events(a), without(|f| f.article = None)));
        }
        if let Some(events) = &actor_events {
            lists.push((events, without(|f| f.actors = None)));
        }
        let (lo, hi) = (range.start, range.end);
        let smallest = lists.into_iter().min_by_key(|(l, _)| l.len()).filter(|(l, _)| l.len() < hi - lo);
        let all: Vec<EventIx>;
        let (candidates, rest) = match smallest {
            Some((list, rest)) => (list, rest),
            None => {
                all = (lo as EventIx..hi as EventIx).collect();
                (&all[..], self.clone())
            }
        };
        let whole_range = lo == 0 && hi == corpus.events().len();
        if whole_range && rest.checks_nothing() {
            return candidates.to_vec();
        }
        let keep = |e: EventIx| (lo..hi).contains(&(e as usize)) && rest.matches_rest(corpus, e);
        filter_in_parallel(candidates, &keep)
    }

    /// True when no criterion but the date range is left.
    fn checks_nothing(&self) -> bool {
        self.actors.is_none()
            && self.action.is_none()
            && self.status.is_none()
            && self.tag.is_none()
            && self.article.is_none()
            && self.text.is_none()
    }

    /// Events whose start lies in [from, to): a slice of the timeline, found by bisection
    /// since dated events are ordered by start. A date filter excludes undated events.
    fn candidate_range(&self, corpus: &Corpus) -> std::ops::Range<usize> {
        if self.from.is_none() && self.to.is_none() {
            return 0..corpus.events().len();
        }
        let dated = &corpus.events()[..corpus.dated_len()];
        let start_of = |e: &crate::model::Event| e.date.map_or(i64::MAX, |d| d.start);
        let lo = self.from.map_or(0, |f| dated.partition_point(|e| start_of(e) < f));
        let hi = self.to.map_or(dated.len(), |t| dated.partition_point(|e| start_of(e) < t));
        lo..hi.max(lo)
    }

    fn matches_rest(&self, corpus: &Corpus, ix: EventIx) -> bool {
        let e = &corpus.events()[ix as usize];
        self.actors.as_ref().is_none_or(|actors| e.participants.iter().any(|p| actors.binary_search(&p.actor).is_ok()))
            && self.status.is_none_or(|s| e.status == s)
            && self.article.is_none_or(|a| e.article == a)
            && self.action.as_deref().is_none_or(|a| e.action.as_deref() == Some(a))
            && self.tag.as_deref().is_none_or(|t| e.tags.iter().any(|x| same_tag(x, t)))
            && self.text.as_ref().is_none_or(|q| q.matches(corpus, ix))
    }

    pub fn text_query(&self) -> Option<&TextQuery> {
        self.text.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_words_parse_and_print_back() {
        let f = Filter::parse_words(
            "from:2016-12-28 to:2016-12 actor:putin actor:Sergei_Lavrov status:proposed cyber attack",
        )
        .unwrap();
        assert_eq!(f.from.as_deref(), Some("2016-12-28"));
        assert_eq!(f.to.as_deref(), Some("2016-12"));
        assert_eq!(f.actors, vec!["putin", "Sergei Lavrov"]);
        assert_eq!(f.status.as_deref(), Some("proposed"));
        assert_eq!(f.text.as_deref(), Some("cyber attack"));
        assert_eq!(Filter::parse_words(&f.to_words()).unwrap(), f);
    }

    #[test]
    fn prompt_words_refuse_unknown_keys_and_empty_values() {
        assert_eq!(Filter::parse_words("actor:"), Err(FilterError::MissingValue("actor".into())));
        assert_eq!(Filter::parse_words("colour:"), Err(FilterError::UnknownKey("colour".into())));
        // A colon inside ordinary text is text.
        assert_eq!(Filter::parse_words("note:this").unwrap().text.as_deref(), Some("note:this"));
    }

    #[test]
    fn smart_case_text_queries() {
        assert!(!TextQuery::new("lavrov").unwrap().case_sensitive);
        assert!(TextQuery::new("Lavrov").unwrap().case_sensitive);
        assert_eq!(TextQuery::new("   "), None);
        assert_eq!(TextQuery::new("lav").unwrap().find_in("Lavrov and lava"), vec![(0, 3), (11, 14)]);
    }
}
