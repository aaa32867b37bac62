//! Questions asked of the corpus: which events pass a filter, which actors match a name,
//! how many events each value of a field has.
//! Answers are vectors of indices into the immutable corpus.

pub mod actors;
pub mod annotations;
pub mod ast;
pub mod chain;
mod compile;
pub mod count;
mod error;
mod eval;
pub mod fields;
pub mod filter;
pub mod fuzzy;
pub mod histogram;
pub mod lanes;
pub mod parallel;
mod parse;
pub mod search;
pub mod tone;

pub use annotations::Annotations;
pub(crate) use eval::Node;
pub use filter::{CompiledFilter, Filter, FilterError, PartCheck};
pub use fuzzy::{ActorMatch, rank_actors};

#[cfg(test)]
mod tests;
