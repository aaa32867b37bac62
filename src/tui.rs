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
//! `update`, `view`, and for the loop `worker`, `events`, `terminal`, `workers`, `reading`.

pub mod action;
pub mod app;
pub mod background;
pub mod density;
pub mod editor;
pub mod effect;
pub mod events;
mod exporting;
pub mod jobs;
pub mod keymap;
pub mod layout;
pub mod line_editor;
mod loaded;
mod reading;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod viewport;
pub mod worker;
mod workers;

use crate::export::{self, ExportError};
use crate::model::EventIx;
use action::Action;
use app::App;
use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use effect::Effect;
use events::{Message, Reader};
pub use loaded::{
    Cast, CountAll, Counted, Counting, Days, ExportAll, ExportJob, ExportOutcome, Listing, Loaded, Loader, Placing,
    Reach, Reopen, StoreSettings, Toward, Widen,
};
use reading::{Waiting, load_in_background, read_window_in_background, wait_for_corpus, window_failed};
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;
use workers::{Workers, find_stories_in_background, make_text_pairs_in_background};

/// How often the interface looks whether a store's query has been counted.
const COUNT_EVERY: Duration = Duration::from_millis(250);

/// What a window's loader adds to the error that stopped its reading, when it shows the
/// events read before it.
pub const EVENTS_BEFORE: &str = " (the events before it are shown)";

/// What the interface is started with besides the corpus: the settings of the config
/// file, and what went wrong reading it.
#[derive(Default)]
pub struct Settings {
    pub theme: theme::Theme,
    pub keymap: Arc<keymap::Keymap>,
    /// Said in the status bar at once (a config file that could not be used).
    pub message: Option<String>,
    /// Said in the status bar at once, not as a problem (which events a store's are).
    pub note: Option<String>,
    /// On a store: what the interface holds of it, and how to read more.
    pub store: Option<StoreSettings>,
    /// The zone times of day are shown in (`--tz`, else the config's).
    pub clock: crate::model::Clock,
    /// The list's date column, at least (the config's `date_width`).
    pub date_width: u16,
    /// The notes file read at start, where it is written, and the view to open with.
    pub notes: crate::desk::Notes,
    pub notes_path: Option<PathBuf>,
    pub view: Option<String>,
}

/// How the interface ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// Loading stopped with a panic; what it said (raw: the caller sanitizes it).
    LoadFailed(String),
    /// A signal asked the process to end (its number); the terminal is given back.
    Signal(i32),
}

/// Open the interface at once, load behind a gauge (`q` quits), then show the corpus;
/// returns, with the terminal given back, when the user quits, loading fails or a signal
/// asks the process to end.
pub fn run(loader: Loader, settings: Settings) -> io::Result<Ended> {
    let (queue, messages) = channel();
    events::forward_signals(queue.clone())?;
    let (mut terminal, _guard) = terminal::enter()?;
    let reader = Reader::start(queue.clone());
    load_in_background(loader, queue.clone());
    let Loaded { corpus, report, reach, then } = match wait_for_corpus(&mut terminal, &messages, &settings)? {
        Ok(loaded) => *loaded,
        Err(ended) => return Ok(ended),
    };
    let size = terminal.size()?;
    let mut app = App::new(Arc::new(corpus), size.width, size.height);
    app.report = Arc::new(report);
    app.set_clock(settings.clock);
    app.date_width = settings.date_width;
    app.theme = settings.theme;
    app.keymap = settings.keymap;
    app.desk = crate::desk::Desk::open(&app.corpus, settings.notes, settings.notes_path);
    let orphans = match app.desk.orphans() {
        0 => None,
        n => Some(format!(
            "{n} note{} on events not in this data (kept in the notes file)",
            if n == 1 { "" } else { "s" }
        )),
    };
    let said = [settings.note.map(|n| crate::text::sanitize_line(&n)), orphans].into_iter().flatten();
    let said = said.collect::<Vec<_>>().join("; ");
    match (settings.message, said.is_empty()) {
        (Some(problem), false) => app.complain(format!("{problem}; {said}")),
        (Some(problem), true) => app.complain(problem),
        (None, false) => app.say(said),
        (None, true) => {}
    }
    if let Some(name) = settings.view {
        // Through the queue, so that a filter it applies in the background is performed.
        let _ = queue.send(Message::Answer(Action::ApplyView { name }));
    }
    let (mut window, reopen, export_all, count_all) = match settings.store {
        Some(StoreSettings { place, query, reopen, cast, export, count }) => {
            // The query the store was read with is the filter shown, as `f` would set it.
            let filter = crate::query::Filter::parse_words(&query).unwrap_or_default();
            let query = filter.to_words();
            app.filters_on = !filter.is_empty();
            app.filter = filter;
            let window = app::StoreWindow::new(place, query, reach.unwrap_or_default());
            app.window = Some(app::StoreWindow { cast, ..window });
            let _ = update::window::arrived(&mut app, 0);
            (0, Some(reopen), Some(export), Some(count))
        }
        None => (0, None, None, None),
    };
    // An export of all that passes, written on its own thread.
    let mut exports = exporting::Exports::default();
    // The `:where` asked for last, how to stop the window it reads, and that window once
    // read, until the screen can take it.
    let (mut asked, mut cancel): (u64, Option<Arc<AtomicBool>>) = (0, None);
    // The window read for it, waiting; and which `:where` the window on screen was read for.
    let mut waiting: Option<Waiting> = None;
    let mut shown = 0;
    let mut toward_asked = Toward::Start;
    // The first window a glimpse: the whole of it read next.
    if let Some(then) = then {
        cancel = Some(then.stop);
        read_window_in_background(then.loader, queue.clone(), asked);
    }
    let mut workers = Workers::start(&app.corpus, &queue, window);
    find_stories_in_background(&app.corpus, &queue, window);
    make_text_pairs_in_background(&app.corpus);
    loop {
        if app.mode == app::Mode::Normal
            && let Some(Waiting { mut loaded, asked: of, failed }) = waiting.take()
        {
            window += 1;
            let size = terminal.size()?;
            // The whole of the glimpse on screen: the cursor stays on its event and row.
            // Else the event it was read for where the cursor was on the screen; a date's,
            // at the top (as a date in the window is shown).
            let (selected, widened) = match of == shown {
                true => (update::window::widened_selection(&app, &loaded), update::window::widened(&app, &mut loaded)),
                false => (None, None),
            };
            let row = widened.unwrap_or(match toward_asked {
                Toward::Date(_) | Toward::Start => 0,
                Toward::End | Toward::Event(_) => app.cursor.saturating_sub(app.offset),
            });
            shown = of;
            app = app::on_new_window(&app, *loaded, size.width, size.height);
            // The key that went past the edge moves on, inside this window now.
            if let Some(again) = update::window::arrived(&mut app, row) {
                let _ = queue.send(Message::Answer(again));
            }
            // A range being selected on the glimpse goes on.
            update::window::reselect(&mut app, selected);
            if let Some(failure) = failed {
                let _ = queue.send(Message::Answer(failure));
            }
            workers = Workers::start(&app.corpus, &queue, window);
            find_stories_in_background(&app.corpus, &queue, window);
            make_text_pairs_in_background(&app.corpus);
        }
        update::window::counted(&mut app);
        terminal.draw(|frame| view::draw(frame, &app))?;
        // Block for the next message, then take all that came meanwhile before drawing;
        // while a store's query is being counted, or an export written, look for the
        // count now and then.
        let counting = app.window.as_ref().is_some_and(|w| w.reach.counting.is_some() || w.reach.placing.is_some())
            || app.exporting.is_some();
        let first = if counting {
            match messages.recv_timeout(COUNT_EVERY) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Err(io::Error::other("the event queue closed")),
            }
        } else {
            messages.recv().map_err(|_| io::Error::other("the event queue closed"))?
        };
        let batch = std::iter::once(first).chain(std::iter::from_fn(|| messages.try_recv().ok()));
        for message in batch.collect::<Vec<_>>() {
            let effects = match message {
                Message::Terminal(event) => on_terminal(&mut app, event),
                Message::Answer(action) => update::update(&mut app, action),
                Message::Of { window: of, action } if of == window => update::update(&mut app, action),
                // About a window no longer shown.
                Message::Of { .. } => Vec::new(),
                // Another window of the store (`:where`): shown with the same settings and
                // notes; the workers and the stories start again on it.
                // A window that read nothing for an error (a server gone): the one on
                // screen stays, and the error is said.
                Message::Window { asked: a, loaded: Ok(loaded) }
                    if a == asked && loaded.corpus.events().is_empty() && loaded.report.error_count() > 0 =>
                {
                    let why = loaded.report.diagnostics().iter().find(|d| d.is_error()).map(|d| d.message.as_str());
                    let why = why.unwrap_or_default().trim_end_matches(EVENTS_BEFORE);
                    let message = format!("reading the window failed: {why}");
                    window_failed(&mut app, &mut waiting, a, message)
                }
                // Shown once no prompt or panel is open (what is being typed is not taken
                // away from under the keys).
                // A glimpse: the whole window is read next.
                Message::Window { asked: a, loaded: Ok(mut loaded) } if a == asked => {
                    if let Some(then) = loaded.then.take() {
                        read_window_in_background(then.loader, queue.clone(), asked);
                    }
                    waiting = Some(Waiting { loaded, asked, failed: None });
                    Vec::new()
                }
                Message::Window { asked: a, loaded: Err(why) } if a == asked => {
                    window_failed(&mut app, &mut waiting, a, format!("reading the window failed: {why}"))
                }
                // A window asked for before the latest: dropped.
                Message::Window { .. } | Message::Loaded(_) => Vec::new(),
                Message::LoadFailed(why) => return Ok(Ended::LoadFailed(why)),
                Message::Signal(signal) => {
                    exports.stop();
                    std::mem::forget(app);
                    return Ok(Ended::Signal(signal));
                }
                Message::Failed(e) => return Err(e),
            };
            // An export's outcome is applied at once, before the keys already waiting (a
            // quick "y" answers "replace it?" rather than going into the file name).
            let mut effects = std::collections::VecDeque::from(effects);
            while let Some(effect) = effects.pop_front() {
                match effect {
                    Effect::Quit => {
                        // An export being written stops, its file removed (the old one kept).
                        if app.exporting.is_some() {
                            app.say("stopping the export…");
                            terminal.draw(|frame| view::draw(frame, &app))?;
                        }
                        exports.stop();
                        // Quitting should not wait for a million events to be freed.
                        std::mem::forget(app);
                        return Ok(Ended::Quit);
                    }
                    Effect::Reopen { query, toward, filter } => {
                        let flag = Arc::new(AtomicBool::new(false));
                        match reopen.as_ref().map(|r| r(&query, &toward, flag.clone())) {
                            Some(Ok(loader)) => {
                                // The window being read, if any, stops: this one replaces it
                                // (and one that arrived while a prompt was open).
                                if let Some(old) = cancel.replace(flag) {
                                    old.store(true, Ordering::Relaxed);
                                }
                                asked += 1;
                                waiting = None;
                                toward_asked = toward.clone();
                                read_window_in_background(loader, queue.clone(), asked);
                                effects
                                    .extend(update::update(&mut app, Action::WindowReading { query, toward, filter }));
                            }
                            // Refused before reading: the one being read, if any, goes on.
                            Some(Err(message)) => {
                                effects.extend(update::update(&mut app, Action::WindowRefused { message }))
                            }
                            None => {}
                        }
                    }
                    Effect::ExportAll { path, query, format, overwrite } => {
                        let asked = exporting::Asked { query, path, format, overwrite };
                        let said = exports.start(export_all.as_ref(), asked, app.desk.notes.clone(), &queue);
                        effects.extend(update::update(&mut app, said));
                    }
                    Effect::Suspend => {
                        reader.pause();
                        terminal::suspend(&mut terminal)?;
                        reader.resume();
                    }
                    Effect::Export { path, events, overwrite, format } => {
                        let outcome = write_export(&app, path, &events, overwrite, format);
                        effects.extend(update::update(&mut app, outcome));
                    }
                    Effect::SaveNotes { changes, said } => {
                        let outcome = save_notes(&app, &changes, said);
                        effects.extend(update::update(&mut app, outcome));
                    }
                    Effect::EditNote { event, text } => {
                        reader.pause();
                        let edited = editor::edit(&mut terminal, &text);
                        reader.resume();
                        effects.extend(update::update(&mut app, Action::NoteEdited { event, text: edited }));
                    }
                    Effect::Find { generation, request } => workers.find.submit(generation, request),
                    Effect::Rank { generation, request } => workers.rank.submit(generation, request),
                    Effect::Filter { generation, request } => workers.filter.submit(generation, request),
                    Effect::Count { generation, request } => workers.count.submit(generation, request),
                    Effect::CountStore { generation, query, by } => {
                        let (count_all, queue) = (count_all.clone(), queue.clone());
                        std::thread::spawn(move || {
                            let counted = match count_all {
                                Some(count) => terminal::catching_panics(|| count(&query, &by))
                                    .unwrap_or_else(|_| Err("the count stopped".into())),
                                None => Ok(None),
                            };
                            let _ = queue.send(Message::Answer(Action::CountedStore { generation, counted }));
                        });
                    }
                    Effect::Histogram { generation, request } => workers.histogram.submit(generation, request),
                    Effect::Tone { generation, request } => workers.tone.submit(generation, request),
                }
            }
        }
    }
}

/// A terminal event, as actions for `update`.
fn on_terminal(app: &mut App, event: Event) -> Vec<Effect> {
    let action = match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => return update::press(app, key),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Action::Scroll(3),
            MouseEventKind::ScrollUp => Action::Scroll(-3),
            MouseEventKind::Down(MouseButton::Left) => Action::Click { row: mouse.row, column: mouse.column },
            _ => return Vec::new(),
        },
        Event::Resize(width, height) => Action::Resize { width, height },
        _ => return Vec::new(),
    };
    update::update(app, action)
}

/// Save changes to the notes (in the notes file, merged with what is there; in memory
/// when there is no file) and say how it went, as an action for `update`.
pub fn save_notes(app: &App, changes: &[crate::desk::Change], said: String) -> Action {
    let now = chrono::Utc::now();
    let saved = match &app.desk.path {
        Some(path) => crate::desk::file::save(path, &app.desk.notes, changes, now).map_err(|e| e.to_string()),
        None => {
            let mut notes = (*app.desk.notes).clone();
            changes.iter().for_each(|change| notes.apply(change, now));
            Ok(notes)
        }
    };
    match saved {
        Ok(notes) => Action::NotesSaved { notes: Arc::new(notes), said },
        Err(message) => Action::NotesFailed { message },
    }
}

/// Write an export and say how it went, as an action for `update`.
pub fn write_export(app: &App, path: PathBuf, events: &[EventIx], overwrite: bool, format: export::Format) -> Action {
    // With stories on, the export keeps them (native) or gives a slide to each (TimelineJS).
    let stories = app.stories.as_deref().filter(|_| app.stories_on);
    let (json, left_out) = format.render_with(&app.corpus, events, &app.filter, chrono::Utc::now(), &app.desk, stories);
    match export::write_atomic(&path, json.as_bytes(), overwrite) {
        Ok(written) => {
            let through = match written {
                export::Written::File => None,
                export::Written::ThroughLink(target) => Some(target),
            };
            Action::Exported { path, count: events.len() - left_out, through, left_out }
        }
        Err(ExportError::Exists(path)) => Action::ExportExists { path },
        Err(e) => Action::ExportFailed { message: e.to_string() },
    }
}
