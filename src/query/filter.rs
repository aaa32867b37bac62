//! Filters: the same words on the command line (`--actor putin`) and in the TUI's filter
//! prompt (`actor:putin`). A [`Filter`] is what the user wrote; [`Filter::compile`] checks it
//! against the corpus (unknown actor, impossible date...) and [`CompiledFilter::apply`]
//! returns the matching events in timeline order.

pub use super::compiled::CompiledFilter;
pub use super::search::{TextQuery, find_match};
use crate::model::{ActorIx, ArticleIx, Corpus, Status, When};
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
}
