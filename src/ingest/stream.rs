//! Parsing on worker threads: large files streamed in blocks ([`load_streamed`]: JSON
//! Lines, large JSON arrays), and runs of whole files a batch per job ([`load_files`]).
//!
//! A million events make a file of hundreds of megabytes; holding it whole beside the
//! parsed model would double the memory. Blocks of whole lines or whole array elements go
//! to the workers; the results are merged into the builder in file order, so diagnostics
//! and the timeline do not depend on thread timing. At most a few blocks are in flight at
//! once. The workers also do the per-article checks ([`super::build::prepare`]), leaving
//! the merge only what needs the whole corpus.
//!
//! [`pool`] runs the workers and merges in order; [`blocks`] reads a stream into blocks;
//! [`split`] cuts a JSON array's blocks into elements; [`parse`] is what a worker does
//! with a block; [`files`] hands whole files to the workers.

mod blocks;
mod files;
mod parse;
mod pool;
mod split;

pub use blocks::{Kind, Streamed, load_streamed};
pub use files::{FileJob, load_files};
