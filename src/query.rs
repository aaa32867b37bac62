//! Questions asked of the corpus: which events pass a filter, which actors match a name,
//! how many events each value of a field has.
//! Answers are vectors of indices into the immutable corpus.

mod compiled;
pub mod count;
pub mod fields;
pub mod filter;
pub mod fuzzy;
mod parallel;
pub mod search;

pub use filter::{CompiledFilter, Filter, FilterError};
pub use fuzzy::{ActorMatch, rank_actors};
