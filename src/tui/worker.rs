//! A background thread where only the newest request matters: a request still waiting is
//! replaced by a newer one, and the request being worked on is told to stop (its
//! `cancelled` turns true) as soon as a newer one is submitted; an answer to an older
//! request is not delivered once a newer one has been submitted before it is done (one
//! submitted during the delivery itself can race it, so receivers still check the
//! generation). Search, actor ranking, text filters and counts each run on one.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

struct Queue<Req> {
    waiting: Option<(u64, Req)>,
    closed: bool,
}

struct Shared<Req> {
    queue: Mutex<Queue<Req>>,
    wake: Condvar,
    /// The generation of the newest request submitted.
    newest: AtomicU64,
}

pub struct Worker<Req> {
    shared: Arc<Shared<Req>>,
}

impl<Req: Send + 'static> Worker<Req> {
    /// Start the thread. `job(request, cancelled)` computes an answer, checking
    /// `cancelled` now and then; `deliver(generation, answer)` hands it on and returns
    /// false when nobody listens any more (the thread then ends).
    pub fn start<Ans>(
        job: impl Fn(Req, &dyn Fn() -> bool) -> Ans + Send + 'static,
        deliver: impl Fn(u64, Ans) -> bool + Send + 'static,
    ) -> Worker<Req> {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue { waiting: None, closed: false }),
            wake: Condvar::new(),
            newest: AtomicU64::new(0),
        });
        let inside = shared.clone();
        std::thread::spawn(move || {
            while let Some((generation, request)) = inside.next() {
                let cancelled = || inside.newest.load(Ordering::SeqCst) != generation;
                let answer = job(request, &cancelled);
                if !cancelled() && !deliver(generation, answer) {
                    return;
                }
            }
        });
        Worker { shared }
    }

    /// Queue a request, replacing any still waiting and cancelling the one in progress.
    /// Generations must grow: an answer is delivered only for the newest.
    pub fn submit(&self, generation: u64, request: Req) {
        self.shared.newest.store(generation, Ordering::SeqCst);
        let mut queue = self.shared.queue.lock().unwrap_or_else(PoisonError::into_inner);
        queue.waiting = Some((generation, request));
        self.shared.wake.notify_one();
    }
}

impl<Req> Shared<Req> {
    /// Wait for a request; None once the worker is dropped.
    fn next(&self) -> Option<(u64, Req)> {
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if queue.closed {
                return None;
            }
            if let Some(request) = queue.waiting.take() {
                return Some(request);
            }
            queue = self.wake.wait(queue).unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl<Req> Drop for Worker<Req> {
    fn drop(&mut self) {
        self.shared.queue.lock().unwrap_or_else(PoisonError::into_inner).closed = true;
        self.shared.wake.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    /// A worker whose job reports that it started, waits to be released, then reports
    /// whether it was cancelled meanwhile. No timing: each step waits for the one before.
    #[test]
    fn a_newer_request_cancels_the_running_one_and_replaces_the_waiting_one() {
        let (started_tx, started) = channel();
        let (release_tx, release) = channel::<()>();
        let (seen_tx, seen) = channel();
        let (answers_tx, answers) = channel();
        let release = Mutex::new(release);
        let worker = Worker::start(
            move |request: u32, cancelled: &dyn Fn() -> bool| {
                started_tx.send(request).unwrap();
                release.lock().unwrap().recv().unwrap();
                seen_tx.send((request, cancelled())).unwrap();
                request * 2
            },
            move |generation, answer| answers_tx.send((generation, answer)).is_ok(),
        );
        worker.submit(1, 10);
        assert_eq!(started.recv(), Ok(10));
        worker.submit(2, 20);
        worker.submit(3, 30);
        release_tx.send(()).unwrap();
        assert_eq!(seen.recv(), Ok((10, true)), "the running request is told to stop");
        assert_eq!(started.recv(), Ok(30), "20 was replaced before it started");
        release_tx.send(()).unwrap();
        assert_eq!(seen.recv(), Ok((30, false)));
        assert_eq!(answers.recv(), Ok((3, 60)), "only the newest answer is delivered");
        drop(worker);
        assert!(answers.recv().is_err(), "no other answer came, and the thread ended");
    }

    #[test]
    fn the_thread_ends_when_nobody_listens() {
        let (answers_tx, answers) = channel::<u32>();
        drop(answers);
        let (done_tx, done) = channel();
        let worker = Worker::start(
            |request: u32, _: &dyn Fn() -> bool| request,
            move |_, answer| {
                let delivered = answers_tx.send(answer).is_ok();
                done_tx.send(delivered).unwrap();
                delivered
            },
        );
        worker.submit(1, 1);
        assert_eq!(done.recv(), Ok(false));
        // The thread has ended: the deliver closure, and the sender it owns, are dropped.
        assert!(done.recv().is_err(), "the thread still holds its closures");
    }
}
