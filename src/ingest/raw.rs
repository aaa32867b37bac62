//! Articles as a format reader produced them, before they are merged into the corpus.
//! Every importer produces these; [`super::build::Builder`] checks and merges them.

use crate::model::{ActorKind, Loc, RelationKind, Role, Status, When};
use std::borrow::Cow;

#[derive(Debug, Clone, Default)]
pub struct RawArticle {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub author: Option<String>,
    pub published: Option<When>,
    pub url: Option<String>,
    pub text: Option<String>,
    pub actors: Vec<RawActor>,
    pub events: Vec<RawEvent>,
    /// Where the article's `id` is written.
    pub at: Loc,
    /// Events of an annals export carry no article text: their evidence is not checked.
    pub from_export: bool,
    /// Several files may each hold part of this article (GDELT rows citing one URL): the
    /// parts are merged rather than refused as duplicates.
    pub merge: bool,
    /// The stories a native export kept (carried by its first article): each its reports'
    /// names, resolved once every file is in.
    pub kept_stories: Vec<RawStory>,
}

/// A story kept in a native export: its reports as `ARTICLE/EVENT`, each where it is written.
#[derive(Debug, Clone, Default)]
pub struct RawStory {
    pub reports: Vec<(String, Loc)>,
}

impl RawArticle {
    /// Give the article a document date from outside its file (a sidecar, `--published`)
    /// when it has none of its own.
    #[inline]
    pub fn date_if_undated(&mut self, published: Option<When>) {
        if self.published.is_none() {
            self.published = published;
        }
    }
}

#[derive(Debug, Clone)]
pub struct RawActor {
    pub id: String,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    pub kind: Option<ActorKind>,
    pub description: Option<String>,
    pub at: Loc,
}

#[derive(Debug, Clone)]
pub struct RawEvent {
    pub id: String,
    pub at: Loc,
    pub date: Option<When>,
    pub date_at: Loc,
    pub date_text: Option<String>,
    /// The date was resolved from `date_text` by whoever wrote the file (an export).
    pub date_resolved: bool,
    pub summary: String,
    pub action: Option<String>,
    pub status: Status,
    pub participants: Vec<RawParticipant>,
    pub evidence: Vec<RawEvidence>,
    pub relations: Vec<RawRelation>,
    pub tags: Vec<String>,
    pub attributes: RawAttributes,
}

impl RawEvent {
    /// An event written at `at`, undated and actual, with nothing but its id and summary:
    /// what an importer starts from.
    #[inline]
    pub fn new(id: String, at: Loc, summary: String) -> Self {
        RawEvent {
            id,
            at,
            date: None,
            date_at: at,
            date_text: None,
            date_resolved: false,
            summary,
            action: None,
            status: Status::Actual,
            participants: Vec::new(),
            evidence: Vec::new(),
            relations: Vec::new(),
            tags: Vec::new(),
            attributes: RawAttributes::default(),
        }
    }
}

/// An event's named values as an importer collects them: the names (GDELT's are constants,
/// never copied), and the values one after another in one string, so that a row's eighteen
/// values cost three allocations rather than thirty-six.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawAttributes {
    names: Vec<Cow<'static, str>>,
    ends: Vec<u32>,
    values: String,
    /// Values left out because the event's values would pass 4 GiB (a brat event citing
    /// one huge span as many arguments): said in a warning where the event is prepared.
    dropped: usize,
}

impl RawAttributes {
    /// Room for `names` values of `bytes` bytes in all.
    pub fn with_capacity(names: usize, bytes: usize) -> Self {
        RawAttributes {
            names: Vec::with_capacity(names),
            ends: Vec::with_capacity(names),
            values: String::with_capacity(bytes),
            dropped: 0,
        }
    }

    /// Add `name` = `value`, unless the event's values would pass 4 GiB (then counted in
    /// [`RawAttributes::dropped`]).
    pub fn push(&mut self, name: impl Into<Cow<'static, str>>, value: &str) {
        let Ok(end) = u32::try_from(self.values.len() + value.len()) else {
            self.dropped += 1;
            return;
        };
        self.names.push(name.into());
        self.values.push_str(value);
        self.ends.push(end);
    }

    /// How many values were left out (see [`RawAttributes::push`]).
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    pub fn extend<'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
        for (name, value) in pairs {
            self.push(name.to_string(), value);
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.names.iter().map(|n| &**n)
    }

    /// Name and value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.names.iter().map(|n| &**n).zip(crate::model::attribute_values(&self.ends, &self.values))
    }

    /// The values' ends and the values, for the model's [`crate::model::Attributes`].
    pub fn into_values(self) -> (Vec<u32>, String) {
        (self.ends, self.values)
    }
}

#[derive(Debug, Clone)]
pub struct RawParticipant {
    pub actor: String,
    pub role: Role,
    pub at: Loc,
}

#[derive(Debug, Clone)]
pub struct RawEvidence {
    pub quote: String,
    /// Character offsets as written.
    pub span: Option<(usize, usize)>,
    pub at: Loc,
}

#[derive(Debug, Clone)]
pub struct RawRelation {
    pub kind: RelationKind,
    pub target: String,
    pub at: Loc,
}
