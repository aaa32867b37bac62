//! The background work on the corpus shown: the workers that answer filters, searches,
//! rankings, counts and charts, and the stories found once a corpus is shown. Each answer
//! carries the number of the window it is about ([`Message::Of`]): answers about a window
//! no longer shown (a store's `:where` read another) are dropped by the loop.

use super::action::{self, Action};
use super::events::Message;
use super::jobs::{CountRequest, FilterRequest, FindRequest, HistogramRequest, RankRequest, ToneRequest};
use super::terminal;
use super::worker::Worker;
use crate::model::Corpus;
use std::sync::Arc;
use std::sync::mpsc::Sender;

/// The corpus's stories, found on their own thread once it is shown (the timeline does
/// not wait for them); they arrive on the queue. A panic while finding them is said, and
/// the timeline goes on without stories.
pub(super) fn find_stories_in_background(corpus: &Arc<Corpus>, queue: &Sender<Message>, window: u64) {
    let (corpus, queue) = (corpus.clone(), queue.clone());
    std::thread::spawn(move || {
        if let Ok(stories) = terminal::catching_panics(|| crate::stories::Stories::cluster(&corpus, &[])) {
            let stories = action::Clustered(Arc::new(stories));
            let _ = queue.send(Message::Of { window, action: Action::Clustered { stories } });
        }
    });
}

/// What text search reads first ([`Corpus::text_pairs`]), made on its own thread once the
/// corpus is shown, so that the first `/` or word filter does not wait for it (0.4 s at a
/// million events).
pub(super) fn make_text_pairs_in_background(corpus: &Arc<Corpus>) {
    let corpus = corpus.clone();
    std::thread::spawn(move || {
        let _ = terminal::catching_panics(|| {
            corpus.text_pairs();
        });
    });
}

/// The background workers, each answering into the queue.
pub(super) struct Workers {
    pub(super) find: Worker<FindRequest>,
    pub(super) rank: Worker<RankRequest>,
    pub(super) filter: Worker<Box<FilterRequest>>,
    pub(super) count: Worker<CountRequest>,
    pub(super) histogram: Worker<HistogramRequest>,
    pub(super) tone: Worker<ToneRequest>,
}

impl Workers {
    pub(super) fn start(corpus: &Arc<Corpus>, queue: &Sender<Message>, window: u64) -> Workers {
        let c = corpus.clone();
        let find = Worker::start(
            move |request: FindRequest, cancelled: &dyn Fn() -> bool| request.run(&c, cancelled),
            answering(queue, window, |generation, position| Action::Found { generation, position }),
        );
        let c = corpus.clone();
        let rank = Worker::start(
            move |request: RankRequest, _: &dyn Fn() -> bool| request.run(&c),
            answering(queue, window, |generation, matches| Action::Ranked { generation, matches }),
        );
        let c = corpus.clone();
        let filter = Worker::start(
            move |request: Box<FilterRequest>, _: &dyn Fn() -> bool| Box::new(request.apply(&c)),
            answering(queue, window, |generation, result| Action::Filtered { generation, result }),
        );
        let c = corpus.clone();
        let count = Worker::start(
            move |request: CountRequest, _: &dyn Fn() -> bool| request.run(&c),
            answering(queue, window, |generation, buckets| Action::Counted { generation, buckets }),
        );
        let c = corpus.clone();
        let histogram = Worker::start(
            move |request: HistogramRequest, _: &dyn Fn() -> bool| Box::new(request.run(&c)),
            answering(queue, window, |generation, histogram| Action::Histogrammed { generation, histogram }),
        );
        let c = corpus.clone();
        let tone = Worker::start(
            move |request: ToneRequest, _: &dyn Fn() -> bool| Box::new(request.run(&c)),
            answering(queue, window, |generation, chart| Action::Toned { generation, chart }),
        );
        Workers { find, rank, filter, count, histogram, tone }
    }
}

/// Delivers a worker's answers into the queue, made into an action by `make`.
fn answering<Ans: 'static>(
    queue: &Sender<Message>,
    window: u64,
    make: fn(u64, Ans) -> Action,
) -> impl Fn(u64, Ans) -> bool + Send + 'static {
    let queue = queue.clone();
    move |generation, answer| queue.send(Message::Of { window, action: make(generation, answer) }).is_ok()
}
