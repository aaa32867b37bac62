//! The loaded corpus: articles, actors and events in one timeline.
//!
//! A loader reads files into [`Parts`]; [`Corpus::assemble`] orders them into the timeline
//! and indexes them, and the corpus is immutable afterwards. Everything else (filters, the
//! interface, exports) refers to events by their index in [`Corpus::events`], which is the
//! timeline order, and reads the indexes through the corpus's named questions.
//!
//! The model knows nothing of files' syntax, of diagnostics, of terminals or of exports: it
//! imports only [`crate::text`], whose strings keep the data as written beside a form safe
//! to show (hostile text is neutralised once, whatever shows it).

pub mod assemble;
pub mod corpus;
pub mod date;
pub mod gather;
pub mod relative;
pub mod timeline;
pub mod timex;

mod article;
mod attributes;
mod event;
mod keywords;
mod lists;
mod search;

pub use article::{Actor, Article};
pub use assemble::Parts;
pub(crate) use attributes::values as attribute_values;
pub use attributes::{Attributes, Names};
pub use corpus::Corpus;
pub use date::{Clock, DayPart, Open, Precision, When};
pub use event::{Event, Evidence, Participant, Relation};
pub use gather::Gather;
pub use keywords::{ActorKind, RelationKind, Role, Status};
pub use lists::Lists;
pub use search::TextPairs;
pub use timeline::Undated;

pub type ArticleIx = u32;
pub type ActorIx = u32;
pub type EventIx = u32;

/// Where something was written: a file of [`Corpus::files`], line and column (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    pub file: u32,
    pub line: u32,
    pub column: u32,
}
