//! annals: explore timelines of events drawn from annotated news.
//!
//! Data flows one way: files -> [`ingest`] -> [`model::Corpus`] (immutable) -> [`query`]
//! (vectors of event indices) -> the terminal interface or [`export`].

pub mod atomic;
pub mod cli;
pub mod config;
pub mod desk;
pub mod diagnostic;
pub mod display;
pub mod export;
pub mod ingest;
pub mod model;
pub mod query;
pub mod store;
pub mod stories;
pub mod synthetic;
pub mod text;
pub mod tui;
