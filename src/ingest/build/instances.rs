//! One event told by several documents: MEANTIME's cross-document annotation gives the
//! mentions of one event instance, in whichever document, one `instance_id` (kept as the
//! attribute `instance_id`; TimeML's `instance`, an eiid, names an instance within its
//! document only). Within a document its mentions are IDENTICAL already; across
//! documents each is made `same_as` the instance's first mention, so that stories, the
//! chain and exports treat them as reports of one event.

use crate::model::{Article, Event, EventIx, Relation, RelationKind};
use std::collections::HashMap;

pub(super) fn same_instances(articles: &[Article], events: &mut [Event]) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut links: Vec<(usize, usize)> = Vec::new();
    // Whether a list of attribute names has `instance_id`, by the list's address: a
    // million GDELT events share a few dozen lists, none with it.
    let mut lists: HashMap<usize, bool> = HashMap::new();
    for (i, event) in events.iter().enumerate() {
        let Some(names) = event.attributes.names() else { continue };
        let has = *lists
            .entry(std::sync::Arc::as_ptr(names) as *const u8 as usize)
            .or_insert_with(|| names.iter().any(|n| &**n == "instance_id"));
        if !has {
            continue;
        }
        let Some((_, instance)) = event.attributes.iter().find(|(k, v)| *k == "instance_id" && !v.trim().is_empty())
        else {
            continue;
        };
        match first.get(instance) {
            Some(&f) if events[f].article != event.article => links.push((i, f)),
            Some(_) => {}
            None => {
                first.insert(instance, i);
            }
        }
    }
    for (i, f) in links {
        let target_ref = format!("{}/{}", articles[events[f].article as usize].id, events[f].id);
        if events[i].relations.iter().any(|r| r.kind == RelationKind::SameAs && r.target == Some(f as EventIx)) {
            continue;
        }
        let mut relations = std::mem::take(&mut events[i].relations).into_vec();
        relations.push(Relation {
            kind: RelationKind::SameAs,
            target_ref: target_ref.into(),
            target: Some(f as EventIx),
        });
        events[i].relations = relations.into_boxed_slice();
    }
}
