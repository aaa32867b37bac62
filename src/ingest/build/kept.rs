//! Stories kept in native exports: their reports' names (`ARTICLE/EVENT`) resolved to
//! events once every file is in; a name that names no event is a located warning, and
//! the story is kept without it.

use super::Builder;
use crate::diagnostic::Diagnostic;
use crate::ingest::raw::RawStory;
use crate::model::EventIx;

impl Builder {
    /// The kept stories as load-order events (stories of fewer than two found reports
    /// left out: they join nothing).
    pub(super) fn kept_stories(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Vec<Vec<EventIx>> {
        let mut stories = Vec::new();
        for RawStory { reports } in std::mem::take(&mut self.kept) {
            let mut found = Vec::with_capacity(reports.len());
            for (name, at) in reports {
                match self.named_event(&name) {
                    Some(e) => found.push(e),
                    None => diagnostics.push(self.warning(
                        at,
                        format!(
                            "story report '{name}' names no loaded event (ARTICLE/EVENT); the story is kept without it"
                        ),
                    )),
                }
            }
            found.sort_unstable();
            found.dedup();
            if found.len() > 1 {
                stories.push(found);
            }
        }
        stories
    }

    /// The event that `ARTICLE/EVENT` names (an article id may itself hold a '/': the
    /// first reading that names an event wins).
    fn named_event(&self, name: &str) -> Option<EventIx> {
        name.match_indices('/').find_map(|(i, _)| {
            let article = self.article_ids.get(&self.articles, &name[..i])?;
            self.find_event(article, &name[i + 1..])
        })
    }
}
