//! What the user put on events (marks, stars, notes), as the filter keys `is:marked`,
//! `is:starred`, `is:noted` and `note:WORDS` see it. The corpus does not hold it: the
//! caller hands it to [`super::Filter::compile_with`], and the terms become lists of
//! events there, so that no other filter pays for them.

use crate::model::EventIx;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    /// Each sorted.
    pub marked: Vec<EventIx>,
    pub starred: Vec<EventIx>,
    /// Events with a note, and the note; sorted by event.
    pub notes: Vec<(EventIx, String)>,
}

/// The values `is:` takes.
pub const IS_VALUES: &[&str] = &["marked", "starred", "noted"];

impl Annotations {
    /// The events `is:WHAT` selects, or what `is:` takes instead.
    pub fn is(&self, what: &str) -> Result<Vec<EventIx>, String> {
        match what.to_ascii_lowercase().as_str() {
            "marked" => Ok(self.marked.clone()),
            "starred" => Ok(self.starred.clone()),
            "noted" => Ok(self.notes.iter().map(|(e, _)| *e).collect()),
            _ => Err(format!("is:{what}: is: takes marked, starred or noted")),
        }
    }

    /// The events whose note holds every one of `words` (ignoring case); any note for "".
    pub fn noted_with(&self, words: &str) -> Vec<EventIx> {
        let words: Vec<String> = words.split_whitespace().map(str::to_lowercase).collect();
        self.notes
            .iter()
            .filter(|(_, note)| {
                let note = note.to_lowercase();
                words.iter().all(|w| note.contains(w.as_str()))
            })
            .map(|(e, _)| *e)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    fn corpus() -> crate::model::Corpus {
        let inputs = [crate::ingest::Input::Path("tests/fixtures/chain".into())];
        crate::ingest::load(&inputs, &crate::ingest::LoadOptions::default()).corpus
    }

    fn apply(query: &str, desk: &Annotations) -> Result<Vec<EventIx>, String> {
        let c = corpus();
        let filter = Filter::parse_words(query).map_err(|e| e.message)?;
        filter.compile_with(&c, desk).map(|f| f.apply(&c)).map_err(|e| e.message)
    }

    #[test]
    fn is_and_note_select_what_the_user_put_on_events() {
        let desk = Annotations {
            marked: vec![1, 4, 7],
            starred: vec![4],
            notes: vec![(2, "Ask the Embassy".into()), (4, "check the date".into())],
        };
        assert_eq!(apply("is:marked", &desk).unwrap(), [1, 4, 7]);
        assert_eq!(apply("is:starred", &desk).unwrap(), [4]);
        assert_eq!(apply("is:noted", &desk).unwrap(), [2, 4]);
        assert_eq!(apply("note:embassy", &desk).unwrap(), [2]);
        assert_eq!(apply("note:\"the date\"", &desk).unwrap(), [4]);
        assert_eq!(apply("note:*", &desk).unwrap(), [2, 4]);
        assert_eq!(apply("is:marked -is:starred", &desk).unwrap(), [1, 7]);
        assert_eq!(apply("is:marked or is:noted", &desk).unwrap(), [1, 2, 4, 7]);
        assert_eq!(apply("is:marked", &Annotations::default()).unwrap(), [] as [EventIx; 0]);
    }

    #[test]
    fn is_takes_only_what_there_is() {
        assert_eq!(
            apply("is:read", &Annotations::default()).unwrap_err(),
            "is:read: is: takes marked, starred or noted"
        );
        assert_eq!(
            apply("note:>3", &Annotations::default()).unwrap_err(),
            "note: finds words in your notes, as in note:embassy (note:* any note)"
        );
    }

    #[test]
    fn only_filters_with_is_or_note_read_the_annotations() {
        let reads = |q: &str| Filter::parse_words(q).unwrap().reads_annotations();
        assert!(reads("is:marked"));
        assert!(reads("actor:putin (note:x or tag:y)"));
        assert!(reads("-is:starred"));
        assert!(!reads("actor:putin expel"));
    }
}
