//! The full-screen terminal interface.
//!
//! Keys flow one way: key -> [`keymap`] -> [`action::Action`] -> [`update::update`] ->
//! [`effect::Effect`]s, which [`run`] performs (writing exports, background work,
//! suspending, quitting) before drawing the next frame from the state with [`view::draw`].
//! Everything the loop waits for arrives on one queue ([`events`]): keys from a reader
//! thread, answers from the background [`worker`]s. The interface loads nothing itself:
//! the caller hands it a [`Loader`].
//!
//! Modules, from the bottom up (each imports only those before it): `theme`, `layout`,
//! `line_editor`, `viewport`, `density`, `jobs`, `action`, `effect`, `keymap`, `app`,
//! `update`, `view`, and for the loop `worker`, `events`, `terminal`.

pub mod action;
pub mod app;
pub mod density;
pub mod effect;
pub mod events;
pub mod jobs;
pub mod keymap;
pub mod layout;
pub mod line_editor;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod viewport;
pub mod worker;

use crate::diagnostic::Report;
use crate::export::{self, ExportError};
use crate::model::{Corpus, EventIx};
use action::Action;
use app::App;
use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use effect::Effect;
use events::{Message, Reader};
use jobs::{FilterRequest, FindRequest, RankRequest};
use ratatui::DefaultTerminal;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;
use worker::Worker;

/// Loads the corpus, reporting progress (file name, bytes done, bytes in all) to the
/// function it is given; returns it with what loading found wrong with the files.
pub type Loader = Box<dyn FnOnce(fn(&str, u64, u64)) -> (Corpus, Report) + Send>;

/// Bytes read so far and in all, of the file loading now (for the gauge).
static LOAD_DONE: AtomicU64 = AtomicU64::new(0);
static LOAD_TOTAL: AtomicU64 = AtomicU64::new(0);

fn count_progress(_name: &str, done: u64, total: u64) {
    LOAD_DONE.store(done, Ordering::Relaxed);
    LOAD_TOTAL.store(total, Ordering::Relaxed);
}

/// How often the loading gauge is redrawn.
const GAUGE_EVERY: Duration = Duration::from_millis(100);

/// Open the interface at once, load behind a gauge (`q` quits), then show the corpus;
/// returns when the user quits.
pub fn run(loader: Loader) -> io::Result<()> {
    let (mut terminal, _guard) = terminal::enter()?;
    let (queue, messages) = channel();
    let reader = Reader::start(queue.clone());
    let loaded = queue.clone();
    std::thread::spawn(move || {
        // The queue is gone only if the user quit while loading.
        let _ = loaded.send(Message::Loaded(Box::new(loader(count_progress))));
    });
    let Some(loaded) = wait_for_corpus(&mut terminal, &messages)? else { return Ok(()) };
    let (corpus, report) = *loaded;
    let size = terminal.size()?;
    let mut app = App::new(Arc::new(corpus), size.width, size.height);
    app.report = Arc::new(report);
    let workers = Workers::start(&app.corpus, &queue);
    loop {
        terminal.draw(|frame| view::draw(frame, &app))?;
        // Block for the next message, then take all that came meanwhile before drawing.
        let first = messages.recv().map_err(|_| io::Error::other("the event queue closed"))?;
        let batch = std::iter::once(first).chain(std::iter::from_fn(|| messages.try_recv().ok()));
        for message in batch.collect::<Vec<_>>() {
            let effects = match message {
                Message::Terminal(event) => on_terminal(&mut app, event),
                Message::Answer(action) => update::update(&mut app, action),
                Message::Loaded(_) => Vec::new(),
                Message::Failed(e) => return Err(e),
            };
            for effect in effects {
                match effect {
                    Effect::Quit => {
                        // Quitting should not wait for a million events to be freed.
                        std::mem::forget(app);
                        return Ok(());
                    }
                    Effect::Suspend => {
                        reader.pause();
                        terminal::suspend(&mut terminal)?;
                        reader.resume();
                    }
                    Effect::Export { path, events, overwrite } => {
                        let _ = queue.send(Message::Answer(write_export(&app, path, &events, overwrite)));
                    }
                    Effect::Find { generation, request } => workers.find.submit(generation, request),
                    Effect::Rank { generation, request } => workers.rank.submit(generation, request),
                    Effect::Filter { generation, request } => workers.filter.submit(generation, request),
                }
            }
        }
    }
}

/// The gauge until the corpus arrives; None if the user quit first.
fn wait_for_corpus(
    terminal: &mut DefaultTerminal,
    messages: &Receiver<Message>,
) -> io::Result<Option<Box<(Corpus, Report)>>> {
    // Small corpora load before a gauge would even be seen: the first is drawn after a wait.
    loop {
        match messages.recv_timeout(GAUGE_EVERY) {
            Ok(Message::Loaded(corpus)) => return Ok(Some(corpus)),
            Ok(Message::Terminal(Event::Key(key)))
                if key.kind != KeyEventKind::Release
                    && keymap::action_for(keymap::Context::Timeline, key) == Some(Action::Quit) =>
            {
                return Ok(None);
            }
            Ok(Message::Failed(e)) => return Err(e),
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err(io::Error::other("loading stopped unexpectedly")),
        }
        let (done, total) = (LOAD_DONE.load(Ordering::Relaxed), LOAD_TOTAL.load(Ordering::Relaxed));
        terminal.draw(|frame| view::loading(frame, done, total))?;
    }
}

/// The background workers, each answering into the queue.
struct Workers {
    find: Worker<FindRequest>,
    rank: Worker<RankRequest>,
    filter: Worker<Box<FilterRequest>>,
}

impl Workers {
    fn start(corpus: &Arc<Corpus>, queue: &Sender<Message>) -> Workers {
        let c = corpus.clone();
        let find = Worker::start(
            move |request: FindRequest, cancelled: &dyn Fn() -> bool| request.run(&c, cancelled),
            answering(queue, |generation, position| Action::Found { generation, position }),
        );
        let c = corpus.clone();
        let rank = Worker::start(
            move |request: RankRequest, _: &dyn Fn() -> bool| request.run(&c),
            answering(queue, |generation, matches| Action::Ranked { generation, matches }),
        );
        let c = corpus.clone();
        let filter = Worker::start(
            move |request: Box<FilterRequest>, _: &dyn Fn() -> bool| Box::new(request.apply(&c)),
            answering(queue, |generation, result| Action::Filtered { generation, result }),
        );
        Workers { find, rank, filter }
    }
}

/// Delivers a worker's answers into the queue, made into an action by `make`.
fn answering<Ans: 'static>(
    queue: &Sender<Message>,
    make: fn(u64, Ans) -> Action,
) -> impl Fn(u64, Ans) -> bool + Send + 'static {
    let queue = queue.clone();
    move |generation, answer| queue.send(Message::Answer(make(generation, answer))).is_ok()
}

/// A terminal event, as actions for `update`.
fn on_terminal(app: &mut App, event: Event) -> Vec<Effect> {
    let action = match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => return update::press(app, key),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Action::Scroll(3),
            MouseEventKind::ScrollUp => Action::Scroll(-3),
            MouseEventKind::Down(MouseButton::Left) => Action::Click { row: mouse.row },
            _ => return Vec::new(),
        },
        Event::Resize(width, height) => Action::Resize { width, height },
        _ => return Vec::new(),
    };
    update::update(app, action)
}

/// Write an export and say how it went, as an action for `update`.
pub fn write_export(app: &App, path: PathBuf, events: &[EventIx], overwrite: bool) -> Action {
    let json = export::native_json(&app.corpus, events, &app.filter, chrono::Utc::now());
    match export::write_atomic(&path, json.as_bytes(), overwrite) {
        Ok(()) => Action::Exported { path, count: events.len() },
        Err(ExportError::Exists(path)) => Action::ExportExists { path },
        Err(e) => Action::ExportFailed { message: e.to_string() },
    }
}
