//! Questions asked of the corpus: which events pass a filter, which actors match a name.
//! Answers are vectors of indices into the immutable corpus.

pub mod filter;
pub mod fuzzy;

pub use filter::{CompiledFilter, Filter, FilterError};
pub use fuzzy::{ActorMatch, rank_actors};
