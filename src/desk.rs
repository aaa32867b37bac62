//! The analyst's desk: marks, stars and notes on events, and saved views, kept in a notes
//! file beside the data ([`file`]: one JSON object a line, merged with what another session
//! wrote, written atomically). Nothing here draws or reads keys: the interface holds a
//! [`Desk`] and asks the loop to [`file::save`] a [`Change`].
//!
//! The user's corrections of the stories (a report split out, two stories merged) are kept
//! here too, so that they survive a restart and another session's writes.
//!
//! Notes are keyed by the article's and the event's ids, not by position, so they survive
//! re-annotation and reordering; a note whose event is gone is kept (an orphan), not dropped.

pub mod file;

use crate::model::{ArticleIx, Corpus, EventIx};
use crate::query::Annotations;
use crate::stories::Choice;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// What the user put on one event. All cleared is a deletion (a tombstone), kept so that
/// merging with an older copy does not bring it back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    pub marked: bool,
    pub starred: bool,
    pub note: Option<String>,
}

impl Mark {
    pub fn is_cleared(&self) -> bool {
        !self.marked && !self.starred && self.note.is_none()
    }
}

/// A view saved under a name: the filter as words, and what else of the screen exists to
/// save (the clock, the focused pane).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedView {
    pub filter: String,
    pub clock: Option<String>,
    pub focus: Option<String>,
}

/// A record of the notes file with the time it was last changed (the newest wins a merge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped<T> {
    pub value: T,
    pub at: DateTime<Utc>,
}

/// An event's key in the notes file: its article's id and its own.
pub type EventKey = (String, String);

/// A correction of the stories ([`crate::stories`]): a report split out of its story, or
/// the stories of two reports merged. Kept with whether it is in force (an undone edit is
/// a tombstone, so that merging with an older copy does not bring it back).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum StoryEdit {
    Split(EventKey),
    Merge(EventKey, EventKey),
}

/// Everything the notes file holds. Lines that could not be read are kept as they were
/// (`unread`), so that rewriting the file never loses them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    pub events: BTreeMap<EventKey, Stamped<Mark>>,
    /// `None`: the view was deleted (a tombstone).
    pub views: BTreeMap<String, Stamped<Option<SavedView>>>,
    /// `false`: the edit was undone.
    pub stories: BTreeMap<StoryEdit, Stamped<bool>>,
    pub unread: Vec<String>,
}

/// One change asked for by the user, stamped with the time when it is saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Event { key: EventKey, mark: Mark },
    View { name: String, view: Option<SavedView> },
    Story { edit: StoryEdit, on: bool },
}

impl Notes {
    /// Take from `other` every record newer than ours (on a tie ours stays).
    pub fn merge(&mut self, other: &Notes) {
        for (key, theirs) in &other.events {
            if self.events.get(key).is_none_or(|ours| theirs.at > ours.at) {
                self.events.insert(key.clone(), theirs.clone());
            }
        }
        for (name, theirs) in &other.views {
            if self.views.get(name).is_none_or(|ours| theirs.at > ours.at) {
                self.views.insert(name.clone(), theirs.clone());
            }
        }
        for (edit, theirs) in &other.stories {
            if self.stories.get(edit).is_none_or(|ours| theirs.at > ours.at) {
                self.stories.insert(edit.clone(), theirs.clone());
            }
        }
        for line in &other.unread {
            if !self.unread.contains(line) {
                self.unread.push(line.clone());
            }
        }
    }

    /// Apply `change` as made at `now`, or just after the record it replaces if the clock
    /// says otherwise: a change always wins over the state it was made from.
    pub fn apply(&mut self, change: &Change, now: DateTime<Utc>) {
        let after = |at: Option<DateTime<Utc>>| match at {
            Some(at) if at >= now => at + chrono::Duration::milliseconds(1),
            _ => now,
        };
        match change {
            Change::Event { key, mark } => {
                let at = after(self.events.get(key).map(|s| s.at));
                self.events.insert(key.clone(), Stamped { value: mark.clone(), at });
            }
            Change::View { name, view } => {
                let at = after(self.views.get(name).map(|s| s.at));
                self.views.insert(name.clone(), Stamped { value: view.clone(), at });
            }
            Change::Story { edit, on } => {
                let at = after(self.stories.get(edit).map(|s| s.at));
                self.stories.insert(edit.clone(), Stamped { value: *on, at });
            }
        }
    }

    pub fn view(&self, name: &str) -> Option<&SavedView> {
        self.views.get(name).and_then(|s| s.value.as_ref())
    }

    /// The names of the saved views (deleted ones left out), in order.
    pub fn view_names(&self) -> Vec<&str> {
        self.views.iter().filter(|(_, s)| s.value.is_some()).map(|(n, _)| n.as_str()).collect()
    }
}

/// The notes as the interface asks about them: by event index in this corpus.
#[derive(Debug, Clone, Default)]
pub struct Desk {
    pub notes: Arc<Notes>,
    /// Where the notes are written; `None`: nowhere (marks live until the program ends).
    pub path: Option<PathBuf>,
    marks: Arc<HashMap<EventIx, Mark>>,
    /// Marked events, in timeline order.
    marked: Arc<Vec<EventIx>>,
    /// Notes whose event is not in this corpus (kept in the file).
    orphans: usize,
    articles: Arc<HashMap<Box<str>, ArticleIx>>,
}

impl Desk {
    /// The desk of `notes` for `corpus`, written to `path`.
    pub fn open(corpus: &Corpus, notes: Notes, path: Option<PathBuf>) -> Desk {
        Desk { path, ..Desk::default() }.with_notes(corpus, Arc::new(notes))
    }

    /// The same desk holding `notes` (after a save).
    pub fn with_notes(&self, corpus: &Corpus, notes: Arc<Notes>) -> Desk {
        // The article ids are indexed once, when the first note arrives.
        let articles = if self.articles.is_empty() && !(notes.events.is_empty() && notes.stories.is_empty()) {
            let ids = corpus.articles().iter().enumerate().map(|(i, a)| (a.id.as_str().into(), i as ArticleIx));
            Arc::new(ids.collect())
        } else {
            self.articles.clone()
        };
        let finder = Desk { articles: articles.clone(), ..Desk::default() };
        let mut marks = HashMap::new();
        let mut orphans = 0;
        for ((article, event), stamped) in &notes.events {
            if stamped.value.is_cleared() {
                continue;
            }
            match finder.find(corpus, article, event) {
                Some(ix) => {
                    marks.insert(ix, stamped.value.clone());
                }
                None => orphans += 1,
            }
        }
        let mut marked: Vec<EventIx> = marks.iter().filter(|(_, m)| m.marked).map(|(e, _)| *e).collect();
        marked.sort_unstable();
        Desk { notes, path: self.path.clone(), marks: Arc::new(marks), marked: Arc::new(marked), orphans, articles }
    }

    fn find(&self, corpus: &Corpus, article: &str, event: &str) -> Option<EventIx> {
        let article = *self.articles.get(article)?;
        corpus.article_events(article).iter().copied().find(|&e| &*corpus.events()[e as usize].id == event)
    }

    /// What is on `event`, if anything.
    pub fn mark(&self, event: EventIx) -> Option<&Mark> {
        self.marks.get(&event)
    }

    /// Every event with something on it, and what.
    pub fn marks(&self) -> &HashMap<EventIx, Mark> {
        &self.marks
    }

    /// The marked events, in timeline order.
    pub fn marked(&self) -> &[EventIx] {
        &self.marked
    }

    pub fn orphans(&self) -> usize {
        self.orphans
    }

    /// The marks and notes as the filter keys `is:` and `note:` read them.
    pub fn annotations(&self) -> Annotations {
        let mut desk = Annotations::default();
        for (&event, mark) in self.marks.iter() {
            if mark.marked {
                desk.marked.push(event);
            }
            if mark.starred {
                desk.starred.push(event);
            }
            if let Some(note) = &mark.note {
                desk.notes.push((event, note.clone()));
            }
        }
        desk.marked.sort_unstable();
        desk.starred.sort_unstable();
        desk.notes.sort_unstable();
        desk
    }

    /// The story edits in force, in the order they were made, as the stories apply them;
    /// edits naming an event not in this corpus are left out (they stay in the file).
    pub fn story_choices(&self, corpus: &Corpus) -> Vec<Choice> {
        let mut edits: Vec<(&DateTime<Utc>, &StoryEdit)> =
            self.notes.stories.iter().filter(|(_, s)| s.value).map(|(edit, s)| (&s.at, edit)).collect();
        edits.sort();
        let find = |(article, event): &EventKey| self.find(corpus, article, event);
        edits
            .into_iter()
            .filter_map(|(_, edit)| match edit {
                StoryEdit::Split(key) => Some(Choice::Alone(find(key)?)),
                StoryEdit::Merge(a, b) => Some(Choice::Merge(find(a)?, find(b)?)),
            })
            .collect()
    }

    /// The key of `event` in the notes file.
    pub fn key(corpus: &Corpus, event: EventIx) -> EventKey {
        let e = &corpus.events()[event as usize];
        (corpus.article_of(e).id.clone(), e.id.to_string())
    }
}

#[cfg(test)]
mod tests;
