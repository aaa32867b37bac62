//! The store's actors (`actors.parquet`, or a table of its columns): a corpus of them
//! alone, in which the filter looks names up.

use super::columns::Columns;
use super::{Catalog, StoreError};
use crate::model::{Actor, ActorKind, Corpus, Parts};
use crate::text::Text;
use arrow_array::RecordBatch;
use std::sync::Arc;

impl Catalog {
    /// The catalog of no actor: a page keeps each actor its rows name as undeclared.
    pub(super) fn empty() -> Self {
        Catalog(Arc::new(Corpus::assemble(Parts::default())), Arc::default())
    }

    /// The catalog of `actors`, `events[i]` events naming the i-th.
    pub(crate) fn of(actors: Corpus, events: Vec<u64>) -> Self {
        Catalog(Arc::new(actors), Arc::new(events))
    }

    /// The actors in `batches` (columns `id`, `name`, `aliases`, `kind`, `description`) of
    /// the store at `at`.
    pub(super) fn read(
        batches: impl Iterator<Item = Result<RecordBatch, String>>,
        at: &str,
    ) -> Result<Catalog, StoreError> {
        let fail = |message: String| StoreError::At { at: at.to_string(), message };
        let mut catalog = Parts::default();
        let mut row = 0u64;
        let mut counts = Vec::new();
        for batch in batches {
            let batch = batch.map_err(&fail)?;
            let c = Columns(&batch);
            let (ids, names, kinds, descriptions) = (
                c.text("id").map_err(&fail)?,
                c.optional_text("name").map_err(&fail)?,
                c.optional_text("kind").map_err(&fail)?,
                c.optional_text("description").map_err(&fail)?,
            );
            let aliases = c.lists("aliases").ok();
            let events = c.numbers("events").ok();
            let alias_words = aliases.as_ref().map(|a| a.strings("aliases")).transpose().map_err(&fail)?;
            for i in 0..batch.num_rows() {
                let wrong = |message: String| StoreError::Row { at: at.to_string(), row: row + i as u64, message };
                let id = ids.get(i).ok_or_else(|| wrong("'id' is null".into()))?;
                let kind = kinds.as_ref().and_then(|k| k.get(i)).unwrap_or("other");
                let kind = ActorKind::parse(kind).ok_or_else(|| wrong(format!("unknown kind '{kind}'")))?;
                let aliases = match (&aliases, &alias_words) {
                    (Some(lists), Some(words)) => lists.range(i).filter_map(|k| words.get(k)).map(Text::line).collect(),
                    _ => Vec::new(),
                };
                // Listed twice (a table loaded twice): the first stands.
                if catalog.actor_ids.contains_key(id) {
                    continue;
                }
                catalog.actor_ids.insert(id.to_string(), catalog.actors.len() as u32);
                counts.push(events.as_ref().and_then(|e| e.get(i)).unwrap_or(0));
                catalog.actors.push(Actor {
                    id: id.to_string(),
                    name: Text::line(names.as_ref().and_then(|n| n.get(i)).unwrap_or(id)),
                    aliases,
                    kind,
                    description: descriptions.as_ref().and_then(|d| d.get(i)).map(Text::line),
                    declared: true,
                });
            }
            row += batch.num_rows() as u64;
        }
        Ok(Catalog(Arc::new(Corpus::assemble(catalog)), Arc::new(counts)))
    }
}
