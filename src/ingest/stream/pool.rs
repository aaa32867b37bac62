//! The worker pool both kinds of streaming share: how many workers, a bounded queue of
//! jobs, and the merge of their results into the builder in job order, so that
//! diagnostics and the timeline do not depend on thread timing.

use crate::diagnostic::Diagnostic;
use crate::ingest::build::{Builder, Declarations, Prepared, Words, prepare};
use crate::ingest::raw::RawArticle;
use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};

/// What a worker makes of a job: the job's number, its articles checked as far as they
/// can be alone, and what it found wrong.
pub(super) type Parsed = (usize, Vec<Prepared>, Vec<Diagnostic>);

/// How many workers parse: one a core, at most four.
pub(super) fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4)
}

/// The jobs' way in and the results' way back, for the calling thread.
pub(super) struct Pool<J> {
    /// `None` once closed: the workers stop when it is.
    jobs: Option<SyncSender<J>>,
    done: Receiver<Parsed>,
    merger: Merger,
}

/// Run `body` with [`workers`] threads doing `work` on the jobs it sends; at most
/// `queued_per_worker` jobs a worker wait in the queue. `declarations` are the builder's,
/// for the workers' fingerprints ([`Seen`]).
pub(super) fn with_workers<J: Send, R>(
    queued_per_worker: usize,
    declarations: Arc<Declarations>,
    work: impl Fn(&mut Seen, J) -> Parsed + Sync,
    body: impl FnOnce(&mut Pool<J>) -> R,
) -> R {
    let workers = workers();
    let (job_tx, job_rx) = sync_channel::<J>(workers * queued_per_worker);
    let (done_tx, done_rx) = channel::<Parsed>();
    std::thread::scope(|scope| {
        spawn_workers(scope, workers, job_rx, &done_tx, &declarations, &work);
        drop(done_tx);
        let mut pool = Pool { jobs: Some(job_tx), done: done_rx, merger: Merger::default() };
        body(&mut pool)
    })
}

impl<J> Pool<J> {
    /// Queue a job, waiting while the queue is full; false when the workers are gone.
    pub fn send(&self, job: J) -> bool {
        self.jobs.as_ref().is_some_and(|jobs| jobs.send(job).is_ok())
    }

    /// Merge the results that have arrived, as far as they go in order.
    pub fn merge_ready(&mut self, builder: &mut Builder, diagnostics: &mut Vec<Diagnostic>) {
        self.merger.drain(&self.done, builder, diagnostics, false);
    }

    /// Close the queue, then wait for every result and merge it.
    pub fn finish(&mut self, builder: &mut Builder, diagnostics: &mut Vec<Diagnostic>) {
        self.jobs = None;
        self.merger.drain(&self.done, builder, diagnostics, true);
    }

    /// How many jobs are merged (jobs are numbered from 0).
    pub fn merged(&self) -> usize {
        self.merger.next
    }
}

/// Start `workers` threads that take jobs until the channel closes and send back what
/// `work` makes of each.
fn spawn_workers<'scope, J: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    workers: usize,
    // Owned: when every worker has stopped (even by a panic), sending fails at once.
    jobs: Receiver<J>,
    done: &Sender<Parsed>,
    declarations: &'scope Arc<Declarations>,
    work: &'scope (impl Fn(&mut Seen, J) -> Parsed + Sync),
) {
    let jobs = Arc::new(Mutex::new(jobs));
    for _ in 0..workers {
        let (jobs, done) = (Arc::clone(&jobs), done.clone());
        scope.spawn(move || {
            let mut seen = Seen::new(declarations.clone());
            loop {
                let job = match jobs.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(job) = job else { return };
                if done.send(work(&mut seen, job)).is_err() {
                    return;
                }
            }
        });
    }
}

/// Results arrive in any order and are merged in job order.
#[derive(Default)]
struct Merger {
    next: usize,
    waiting: BTreeMap<usize, (Vec<Prepared>, Vec<Diagnostic>)>,
}

impl Merger {
    fn drain(&mut self, rx: &Receiver<Parsed>, builder: &mut Builder, diagnostics: &mut Vec<Diagnostic>, all: bool) {
        loop {
            let next = if all { rx.recv().ok() } else { rx.try_recv().ok() };
            let Some((seq, articles, found)) = next else { return };
            self.waiting.insert(seq, (articles, found));
            while let Some((articles, found)) = self.waiting.remove(&self.next) {
                diagnostics.extend(found);
                for article in articles {
                    builder.add_prepared(article, diagnostics);
                }
                self.next += 1;
            }
        }
    }
}

/// What a worker keeps from job to job: its actions and tags, and the keys that
/// fingerprint actor declarations.
pub(super) struct Seen {
    declarations: Arc<Declarations>,
    words: Words,
}

impl Seen {
    fn new(declarations: Arc<Declarations>) -> Self {
        Seen { declarations, words: Words::default() }
    }

    /// Check an article as far as it can be alone. A large corpus declares each actor in
    /// every article that names it (1.9 million declarations for 100,000 actors at a
    /// million events); fingerprints let the merge pass over the repeats cheaply.
    pub fn prepare(&mut self, article: RawArticle, name: &str) -> Prepared {
        let mut prepared = prepare(article, name, &mut self.words);
        prepared.fingerprint_declarations(&self.declarations);
        prepared
    }
}
