//! annals exports read back: events that each carry their article, regrouped into
//! articles.

use super::reader::{Check, Fields, Path, Reader};
use super::{EXPORT_ARTICLE_FIELDS, EXPORT_EVENT_FIELDS, EXPORT_FIELDS};
use crate::ingest::json::{Node, Value};
use crate::ingest::raw::{RawActor, RawArticle, RawStory};

impl<'a> Reader<'a, '_> {
    /// An annals export: events that each carry their article; regrouped into articles.
    pub(super) fn export(&mut self, node: &Node<'a>) -> Vec<RawArticle> {
        let root = Path::Root;
        let Ok(f) = self.fields(node, &root, EXPORT_FIELDS, "an export") else { return Vec::new() };
        if let Some(v) = f.get("annals_export")
            && v.value != Value::Number("1")
        {
            let _ = self.error(v.pos, "annals_export: this annals reads export version 1".to_string());
            return Vec::new();
        }
        let Ok(actor_nodes) = self.array(&f, &root, "actors") else { return Vec::new() };
        let actors: Vec<RawActor> = actor_nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.actor(n, &root.field("actors").index(i)).ok())
            .collect();
        let Ok(event_nodes) = self.array(&f, &root, "events") else { return Vec::new() };
        if let Some(count) = f.get("count")
            && count.value != Value::Number(&event_nodes.len().to_string())
        {
            let n = event_nodes.len();
            self.warning(count.pos, format!("count: says {:?} but the export holds {n} events", count.value));
        }
        let mut articles: Vec<RawArticle> = Vec::new();
        let mut by_id: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let events_path = root.field("events");
        for (i, n) in event_nodes.iter().enumerate() {
            let p = events_path.index(i);
            let Ok(event) = self.event(n, &p, EXPORT_EVENT_FIELDS) else { continue };
            let Ok(article) = self.export_article(n, &p) else { continue };
            match by_id.get(&article.id) {
                Some(&k) => articles[k].events.push(event),
                None => {
                    by_id.insert(article.id.clone(), articles.len());
                    articles.push(RawArticle { events: vec![event], ..article });
                }
            }
        }
        if let Some(texts) = f.get("texts") {
            self.texts(texts, &root.field("texts"), &mut articles, &by_id);
        }
        let stories = f.get("stories").map_or_else(Vec::new, |n| self.stories(n, &root.field("stories")));
        match articles.first_mut() {
            Some(first) => {
                first.actors = actors;
                first.kept_stories = stories;
            }
            None if !stories.is_empty() => {
                let at = f.get("stories").map_or(f.pos, |n| n.pos);
                self.warning(at, "stories: the export holds no events, so its stories are not kept".to_string());
            }
            None => {}
        }
        articles
    }

    /// `"stories"`: the stories the export kept, each `{"reports": ["ARTICLE/EVENT", ...]}`
    /// (written by `annals export --stories`). Whatever is not of that shape is warned
    /// about and left out: the events load all the same.
    fn stories(&mut self, node: &Node<'a>, path: &Path<'_>) -> Vec<RawStory> {
        let Value::Array(items) = &node.value else {
            let found = node.value.type_name();
            self.warning(node.pos, format!("{path}: expected a list of stories, found {found}; no story is kept"));
            return Vec::new();
        };
        let mut stories = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = path.index(i);
            let reports = match &item.value {
                Value::Object(members) => members.iter().find(|m| m.key == "reports").map(|m| &m.value),
                _ => None,
            };
            let Some(reports) = reports else {
                self.warning(
                    item.pos,
                    format!("{path}: expected a story, {{\"reports\": [\"ARTICLE/EVENT\", ...]}}; it is not kept"),
                );
                continue;
            };
            let Value::Array(names) = &reports.value else {
                let found = reports.value.type_name();
                self.warning(
                    reports.pos,
                    format!("{path}.reports: expected a list of events, found {found}; the story is not kept"),
                );
                continue;
            };
            let mut story = RawStory::default();
            for (k, name) in names.iter().enumerate() {
                match &name.value {
                    Value::String(s) => story.reports.push((s.to_string(), self.loc(name.pos))),
                    other => {
                        let found = other.type_name();
                        let message = format!(
                            "{path}.reports[{k}]: expected an event's name, ARTICLE/EVENT, found {found}; \
                             left out of the story"
                        );
                        self.warning(name.pos, message);
                    }
                }
            }
            stories.push(story);
        }
        stories
    }

    /// `"texts"`: the articles' texts by article id (written by `annals export
    /// --with-texts`), given to the articles the events brought.
    fn texts(
        &mut self,
        node: &Node<'a>,
        path: &Path<'_>,
        articles: &mut [RawArticle],
        by_id: &std::collections::HashMap<String, usize>,
    ) {
        let Value::Object(members) = &node.value else {
            let _ = self.error(node.pos, format!("{path}: must be an object of article ids and their texts"));
            return;
        };
        for member in members {
            let Ok(text) = self.string(&member.value, &path.field(&member.key)) else { continue };
            match by_id.get(member.key.as_ref()) {
                Some(&k) => articles[k].text = Some(text),
                None => self.warning(
                    member.key_pos,
                    format!("{path}: no exported event is of article '{}': its text is not used", member.key),
                ),
            }
        }
    }

    pub(super) fn export_article(&mut self, event: &Node<'a>, path: &Path<'_>) -> Check<RawArticle> {
        let members = match &event.value {
            Value::Object(m) => &m[..],
            _ => &[],
        };
        let ef = Fields { members, pos: event.pos };
        let Some(node) = ef.get("article") else {
            return Err(self.error(event.pos, format!("{path}: the exported event has no 'article'")));
        };
        let path = path.field("article");
        let f = self.fields(node, &path, EXPORT_ARTICLE_FIELDS, "an article")?;
        let id = self.required_string(&f, &path, "id", "the article")?;
        Ok(RawArticle {
            at: self.loc(f.get("id").map_or(node.pos, |n| n.pos)),
            title: self.optional_string(&f, &path, "title")?.unwrap_or_else(|| id.clone()),
            id,
            source: self.optional_string(&f, &path, "source")?,
            author: self.optional_string(&f, &path, "author")?,
            url: self.optional_string(&f, &path, "url")?,
            published: self.date(&f, &path, "published")?.map(|(w, _)| w),
            from_export: true,
            ..RawArticle::default()
        })
    }
}
