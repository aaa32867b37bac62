//! How the corpus reads on a screen, one form for every place that shows it (the
//! command line's lists and the terminal interface): status markers, evidence quotes and
//! actor names, all in their form safe to draw.

use crate::model::{Article, Corpus, EventIx, Evidence, Role, Status};
use std::borrow::Cow;

/// A one-character marker for lists; blank for actual events.
pub fn status_marker(status: Status) -> char {
    match status {
        Status::Actual => ' ',
        Status::Proposed => '?',
        Status::Revoked => '×',
        Status::Denied => '!',
        Status::Planned => '>',
        Status::Hypothetical => '~',
    }
}

/// An evidence quote in the form safe to draw; `article` is its event's article.
pub fn evidence_shown<'a>(evidence: &'a Evidence, article: &'a Article) -> Cow<'a, str> {
    crate::text::shown_line(evidence.raw(article))
}

/// The actors of an event for one line: agents first, then targets, then others, each
/// named once.
pub fn actor_names(corpus: &Corpus, event: EventIx) -> String {
    let e = corpus.event(event);
    let mut names: Vec<&str> = Vec::new();
    for role in [Role::Agent, Role::Target, Role::Other] {
        for p in e.participants.iter().filter(|p| p.role == role) {
            let name = corpus.actor(p.actor).name.shown();
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_but_actual_has_a_visible_marker() {
        let markers: Vec<char> = Status::ALL.iter().map(|&s| status_marker(s)).collect();
        assert_eq!(markers, [' ', '?', '×', '!', '>', '~']);
    }
}
