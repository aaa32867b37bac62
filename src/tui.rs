//! The full-screen terminal interface.
//!
//! Keys flow one way: key -> [`keymap`] -> [`action::Action`] -> [`update::update`] ->
//! effects, which [`run`] performs (writing exports, suspending, quitting) before drawing
//! the next frame from the state with [`view::draw`].

pub mod action;
pub mod app;
pub mod keymap;
pub mod layout;
pub mod theme;
pub mod update;
pub mod view;

use crate::export::{self, ExportError};
use crate::model::{Corpus, EventIx};
use crate::query::filter::{TextQuery, find_match};
use action::Action;
use app::App;
use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use crossterm::execute;
use ratatui::DefaultTerminal;
use std::collections::VecDeque;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;
use update::Effect;

/// Restores the terminal when dropped, unless a panic hook already did.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            restore();
        }
    }
}

fn restore() {
    let _ = execute!(io::stdout(), crossterm::event::DisableMouseCapture);
    ratatui::restore();
}

fn init() -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    // ratatui's hook restores raw mode and the screen; this one releases the mouse first.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), crossterm::event::DisableMouseCapture);
        hook(info);
    }));
    execute!(io::stdout(), crossterm::event::EnableMouseCapture)?;
    Ok(terminal)
}

/// Bytes read so far and in all, of the file loading now (for the gauge).
static LOAD_DONE: AtomicU64 = AtomicU64::new(0);
static LOAD_TOTAL: AtomicU64 = AtomicU64::new(0);

fn count_progress(_name: &str, done: u64, total: u64) {
    LOAD_DONE.store(done, Ordering::Relaxed);
    LOAD_TOTAL.store(total, Ordering::Relaxed);
}

/// Open the interface at once, load the inputs behind a gauge (`q` quits), then show them.
pub fn run_loading(inputs: Vec<crate::ingest::Input>, options: crate::ingest::LoadOptions) -> io::Result<()> {
    let mut terminal = init()?;
    let _guard = TerminalGuard;
    let progress: fn(&str, u64, u64) = count_progress;
    let options = crate::ingest::LoadOptions { progress: Some(progress), ..options };
    let (sender, loaded) = channel();
    std::thread::spawn(move || {
        // The receiver is gone only if the user quit while loading.
        let _ = sender.send(crate::ingest::load(&inputs, &options));
    });
    // Small corpora load before a gauge would even be seen: wait for them first.
    let mut result = loaded.recv_timeout(Duration::from_millis(100));
    while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = result {
        let (done, total) = (LOAD_DONE.load(Ordering::Relaxed), LOAD_TOTAL.load(Ordering::Relaxed));
        terminal.draw(|frame| view::loading(frame, done, total))?;
        if event::poll(Duration::from_millis(50))?
            && let Event::Key(key) = event::read()?
            && matches!(keymap::action_for(keymap::Context::Timeline, key), Some(Action::Quit))
        {
            // The loader cannot be interrupted cleanly and need not be: the process ends.
            restore();
            std::process::exit(0);
        }
        result = loaded.try_recv().map_err(|e| match e {
            std::sync::mpsc::TryRecvError::Empty => std::sync::mpsc::RecvTimeoutError::Timeout,
            std::sync::mpsc::TryRecvError::Disconnected => std::sync::mpsc::RecvTimeoutError::Disconnected,
        });
    }
    let loaded = result.map_err(|_| io::Error::other("loading stopped unexpectedly"))?;
    run_on(&mut terminal, loaded)
}

fn run_on(terminal: &mut DefaultTerminal, loaded: crate::ingest::Loaded) -> io::Result<()> {
    let size = terminal.size()?;
    let corpus = Arc::new(loaded.corpus);
    let finder = Finder::start(corpus.clone());
    let ranker = Ranker::start(corpus.clone());
    // Filters applied in the background answer here (each on a thread of its own: they
    // are rare, one an Enter).
    let (filtered_tx, filtered) = channel::<Action>();
    let mut app = App::new(corpus, size.width, size.height);
    app.report = Arc::new(loaded.report);
    loop {
        terminal.draw(|frame| view::draw(frame, &app))?;
        let mut pending = VecDeque::new();
        // Wait for a key, or for a background search to answer.
        loop {
            let answer =
                finder.answers.try_recv().or_else(|_| ranker.answers.try_recv()).or_else(|_| filtered.try_recv());
            if let Ok(answer) = answer {
                pending.push_back(answer);
                break;
            }
            let ranking = matches!(&app.mode, app::Mode::Picker(p) if p.ranking);
            let busy = app.searching || ranking || app.filtering;
            let wait = if busy { Duration::from_millis(5) } else { Duration::from_millis(250) };
            if event::poll(wait)? {
                if let Some(action) = read_action(&app)? {
                    pending.push_back(action);
                }
                break;
            }
        }
        while let Some(action) = pending.pop_front() {
            for effect in update::update(&mut app, action) {
                match effect {
                    Effect::Quit => {
                        // Quitting should not wait for a million events to be freed.
                        std::mem::forget(app);
                        return Ok(());
                    }
                    Effect::Suspend => {
                        suspend()?;
                        terminal.clear()?;
                    }
                    Effect::Export { path, events, overwrite } => {
                        pending.push_back(write_export(&app, path, &events, overwrite));
                    }
                    Effect::Find { generation, query, view, from, forward } => {
                        finder.find(FindRequest { generation, query, view, from, forward });
                    }
                    Effect::Filter { generation, request } => {
                        let corpus = app.corpus.clone();
                        let answers = filtered_tx.clone();
                        std::thread::spawn(move || {
                            let result = Box::new(request.apply(&corpus));
                            let _ = answers.send(Action::Filtered { generation, result });
                        });
                    }
                    Effect::Rank { generation, query, candidates } => {
                        let _ = ranker.requests.send((generation, query, candidates));
                    }
                }
            }
        }
    }
}

struct FindRequest {
    generation: u64,
    query: TextQuery,
    view: Arc<Vec<EventIx>>,
    from: usize,
    forward: bool,
}

/// Searches on its own thread. Only the newest request matters: older ones waiting are
/// skipped, and a scan in progress stops as soon as a newer request arrives.
struct Finder {
    requests: Sender<FindRequest>,
    newest: Arc<AtomicU64>,
    answers: Receiver<Action>,
}

impl Finder {
    fn start(corpus: Arc<Corpus>) -> Finder {
        let (requests, inbox) = channel::<FindRequest>();
        let (outbox, answers) = channel();
        let newest = Arc::new(AtomicU64::new(0));
        let latest = newest.clone();
        std::thread::spawn(move || {
            while let Ok(mut request) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                let generation = request.generation;
                let cancelled = || latest.load(Ordering::Relaxed) != generation;
                let position =
                    find_match(&corpus, &request.view, &request.query, request.from, request.forward, &cancelled);
                if !cancelled() && outbox.send(Action::Found { generation, position }).is_err() {
                    return;
                }
            }
        });
        Finder { requests, newest, answers }
    }

    fn find(&self, request: FindRequest) {
        self.newest.store(request.generation, Ordering::Relaxed);
        let _ = self.requests.send(request);
    }
}

/// Ranks actors on its own thread for the picker; only the newest request waiting is done.
struct Ranker {
    requests: Sender<(u64, String, Vec<crate::model::ActorIx>)>,
    answers: Receiver<Action>,
}

impl Ranker {
    fn start(corpus: Arc<Corpus>) -> Ranker {
        let (requests, inbox) = channel::<(u64, String, Vec<crate::model::ActorIx>)>();
        let (outbox, answers) = channel();
        std::thread::spawn(move || {
            while let Ok(mut request) = inbox.recv() {
                while let Ok(newer) = inbox.try_recv() {
                    request = newer;
                }
                let (generation, query, candidates) = request;
                let matches = crate::query::fuzzy::rank_actors_within(&corpus, &query, &candidates);
                if outbox.send(Action::Ranked { generation, matches }).is_err() {
                    return;
                }
            }
        });
        Ranker { requests, answers }
    }
}

fn read_action(app: &App) -> io::Result<Option<Action>> {
    Ok(match event::read()? {
        Event::Key(key) if key.kind != KeyEventKind::Release => keymap::action_for(app.mode.context(), key),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { row: mouse.row }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        _ => None,
    })
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

/// Ctrl-z: give the terminal back, stop until `fg`, then take it again.
fn suspend() -> io::Result<()> {
    restore();
    #[cfg(unix)]
    // SAFETY: raising SIGTSTP on our own process has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    init()?;
    Ok(())
}
