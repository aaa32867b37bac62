//! `annals actors`: the actors a query finds, ranked by fuzzy match, with how many events
//! name each; of files loaded, or of a store's list of actors (its counts kept with it; a
//! GDELT table's, asked of the server).

use super::EXIT_DATA_ERRORS;
use super::output::Output;
use crate::ingest::{self, LoadOptions, Loaded};
use crate::model::Corpus;
use crate::query::fuzzy::rank_actors;
use crate::store::Store;
use crate::text::sanitize_line;
use std::io::{self, Write};
use std::path::PathBuf;

/// `annals actors [--query QUERY] PATHS`: the exit code.
pub fn run<W: Write>(
    query: &str,
    paths: &[PathBuf],
    options: &LoadOptions,
    out: &mut Output<W>,
    err: &mut dyn Write,
) -> io::Result<i32> {
    if let Some(code) = of_store(paths, query, out, err)? {
        return Ok(code);
    }
    let Loaded { corpus, report } = ingest::load(&super::inputs(paths), options);
    let counts: Vec<u64> = (0..corpus.actors().len() as u32).map(|a| corpus.actor_events(a).len() as u64).collect();
    write_actors(&corpus, &counts, query, out)?;
    super::report_load_problems(&report, out, err)
}

/// `annals actors STORE`: the store's list of actors, ranked by `query`, with how many of its
/// events name each; None when `paths` is not one store (the files are loaded instead).
fn of_store(
    paths: &[std::path::PathBuf],
    query: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Option<i32>> {
    let [place] = paths else { return Ok(None) };
    if !Store::is_store(place) {
        return Ok(None);
    }
    let store = match Store::open(place) {
        Ok(store) => store,
        Err(e) => {
            writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
            return Ok(Some(EXIT_DATA_ERRORS));
        }
    };
    let listed = match store.list_actors() {
        Ok(listed) => listed,
        Err(e) => {
            writeln!(err, "annals: {}", sanitize_line(&e.to_string()))?;
            return Ok(Some(EXIT_DATA_ERRORS));
        }
    };
    let Some((cast, counts)) = listed else {
        let shown = sanitize_line(&place.display().to_string());
        writeln!(
            err,
            "annals: {shown} lists no actors (actors.parquet, or a table actors): its events name them by id"
        )?;
        return Ok(Some(EXIT_DATA_ERRORS));
    };
    write_actors(&cast, &counts, query, out)?;
    Ok(Some(0))
}

/// The actors `query` finds (all, the most events first, without one), with how many
/// events name each (`counts`, by actor).
fn write_actors(corpus: &Corpus, counts: &[u64], query: &str, out: &mut dyn Write) -> io::Result<()> {
    // The best match first; ties to the actor with more events, then by name (as
    // `rank_actors` does with a corpus's own events; a store's list says the counts).
    let count = |a: u32| counts.get(a as usize).copied().unwrap_or(0);
    let mut ranked = rank_actors(corpus, query);
    ranked.sort_by(|a, b| {
        (b.score.cmp(&a.score))
            .then_with(|| count(b.actor).cmp(&count(a.actor)))
            .then_with(|| corpus.actor(a.actor).name.raw().cmp(corpus.actor(b.actor).name.raw()))
    });
    for m in ranked {
        let actor = &corpus.actor(m.actor);
        let count = counts.get(m.actor as usize).copied().unwrap_or(0);
        let aliases: Vec<&str> = actor.aliases.iter().map(|a| a.shown()).collect();
        let aliases = if aliases.is_empty() { String::new() } else { format!("  ({})", aliases.join(", ")) };
        writeln!(out, "{count:>6}  {:<28}  {}{aliases}", actor.id, actor.name.shown())?;
    }
    Ok(())
}
