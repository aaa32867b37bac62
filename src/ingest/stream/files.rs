//! Runs of whole files parsed on the workers, a batch of small files a job, merged in
//! the order they were read.

use super::pool::{self, Seen};
use crate::diagnostic::Diagnostic;
use crate::ingest::build::Builder;
use crate::ingest::{Format, Source, formats};

/// Whole files are handed to workers in batches of about this many bytes.
const BATCH: usize = 1 << 20;

/// A file read by the merging thread, to be parsed by a worker.
pub struct FileJob {
    pub source: Source,
    pub format: Format,
    /// Its index among the builder's files.
    pub file: u32,
}

/// Parse whole files on worker threads, merged in the order `next` gives them: a
/// directory of ten thousand articles is parsed on every core. `next` reads each file
/// (and reports what cannot be read) on the calling thread, registering it with the
/// builder; at most a few files wait in memory at once. `progress` is told after each
/// file is merged.
pub fn load_files(
    builder: &mut Builder,
    diagnostics: &mut Vec<Diagnostic>,
    mut next: impl FnMut(&mut Builder, &mut Vec<Diagnostic>) -> Option<Option<FileJob>>,
    progress: &mut dyn FnMut(&str),
) {
    let mut names = Vec::new();
    let work = |seen: &mut Seen, (seq, batch): (usize, Vec<FileJob>)| {
        let mut found = Vec::new();
        let mut prepared = Vec::new();
        for job in batch {
            let articles = formats::parse(&job.source, job.format, job.file, &mut found);
            let name = &job.source.name;
            prepared.extend(articles.into_iter().map(|a| seen.prepare(a, name)));
        }
        (seq, prepared, found)
    };
    pool::with_workers(1, builder.declarations(), work, |pool| {
        let mut merged = 0;
        // Small files go in batches: a job per file would cost more in handing over than
        // in parsing.
        let (mut batch, mut batch_bytes) = (Vec::new(), 0);
        // `None` ends the files; `Some(None)` is a file that could not be read or was
        // refused (already reported).
        let mut more = true;
        while more {
            match next(builder, diagnostics) {
                None => more = false,
                Some(None) => {}
                Some(Some(job)) => {
                    batch_bytes += job.source.text.len();
                    batch.push(job);
                }
            }
            if batch.is_empty() || (more && batch_bytes < BATCH && batch.len() < 256) {
                continue;
            }
            let files: Vec<String> = batch.iter().map(|j| j.source.name.clone()).collect();
            names.push(files);
            if !pool.send((names.len() - 1, std::mem::take(&mut batch))) {
                break;
            }
            batch_bytes = 0;
            pool.merge_ready(builder, diagnostics);
            report_merged(&names, &mut merged, pool.merged(), progress);
        }
        pool.finish(builder, diagnostics);
        report_merged(&names, &mut merged, pool.merged(), progress);
    });
}

/// Tell `progress` of the files of each batch merged since the last call.
fn report_merged(batches: &[Vec<String>], reported: &mut usize, merged: usize, progress: &mut dyn FnMut(&str)) {
    for files in &batches[*reported..merged] {
        files.iter().for_each(|f| progress(f));
    }
    *reported = merged;
}
