//! What the loop reads on threads of its own: the corpus, with the gauge drawn until it
//! arrives, and a store's windows (a glimpse, then the whole window), which wait until the
//! screen can take them.

use super::action::Action;
use super::app::App;
use super::effect::Effect;
use super::events::Message;
use super::{Ended, Loaded, Loader, Settings, keymap, terminal, update, view};
use crossterm::event::{Event, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// Bytes read so far and in all, of the file loading now (for the gauge).
static LOAD_DONE: AtomicU64 = AtomicU64::new(0);
static LOAD_TOTAL: AtomicU64 = AtomicU64::new(0);

fn count_progress(_name: &str, done: u64, total: u64) {
    LOAD_DONE.store(done, Ordering::Relaxed);
    LOAD_TOTAL.store(total, Ordering::Relaxed);
}

/// How often the loading gauge is redrawn.
const GAUGE_EVERY: Duration = Duration::from_millis(100);

/// Run the loader on its own thread; what it loads, or the panic that stopped it, arrives
/// on the queue (a panic must not leave the interface waiting for a corpus forever).
pub(super) fn load_in_background(loader: Loader, queue: Sender<Message>) {
    std::thread::spawn(move || {
        let message = match terminal::catching_panics(|| loader(count_progress)) {
            Ok(loaded) => Message::Loaded(Box::new(loaded)),
            Err(why) => Message::LoadFailed(why),
        };
        // The queue is gone only if the user quit while loading.
        let _ = queue.send(message);
    });
}

/// Read another window of the store on its own thread, for the `asked`th `:where`; it
/// arrives on the queue, or the panic that stopped it does.
pub(super) fn read_window_in_background(loader: Loader, queue: Sender<Message>, asked: u64) {
    std::thread::spawn(move || {
        let loaded = terminal::catching_panics(|| loader(count_progress)).map(Box::new);
        let _ = queue.send(Message::Window { asked, loaded });
    });
}

/// A window read for the `asked`th `:where`, waiting until the screen can take it (no
/// prompt or panel open); `failed`: the whole window of this glimpse failed meanwhile, said
/// once the glimpse is shown.
pub(super) struct Waiting {
    pub loaded: Box<Loaded>,
    pub asked: u64,
    pub failed: Option<Action>,
}

/// Reading the `asked`th window failed: said at once, or, when it was the whole window of a
/// glimpse that waits to be shown, once the glimpse is shown; the window on screen
/// meanwhile keeps the query it is being read for.
pub(super) fn window_failed(app: &mut App, waiting: &mut Option<Waiting>, asked: u64, message: String) -> Vec<Effect> {
    let failure = Action::WindowFailed { message };
    if let Some(glimpse) = waiting.as_mut().filter(|w| w.asked == asked) {
        glimpse.failed = Some(failure);
        return Vec::new();
    }
    update::update(app, failure)
}

/// The gauge until the corpus arrives; how the interface ended if it never does.
pub(super) fn wait_for_corpus<B: Backend>(
    terminal: &mut Terminal<B>,
    messages: &Receiver<Message>,
    settings: &Settings,
) -> io::Result<Result<Box<Loaded>, Ended>> {
    let quit = settings.keymap.key_of(keymap::Context::Timeline, &Action::Quit);
    // Small corpora load before a gauge would even be seen: the first is drawn after a wait.
    loop {
        match messages.recv_timeout(GAUGE_EVERY) {
            Ok(Message::Loaded(corpus)) => return Ok(Ok(corpus)),
            Ok(Message::Terminal(Event::Key(key)))
                if key.kind != KeyEventKind::Release
                    && settings.keymap.action_for(keymap::Context::Timeline, key) == Some(Action::Quit) =>
            {
                return Ok(Err(Ended::Quit));
            }
            Ok(Message::LoadFailed(why)) => return Ok(Err(Ended::LoadFailed(why))),
            Ok(Message::Signal(signal)) => return Ok(Err(Ended::Signal(signal))),
            Ok(Message::Failed(e)) => return Err(e),
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err(io::Error::other("loading stopped unexpectedly")),
        }
        let (done, total) = (LOAD_DONE.load(Ordering::Relaxed), LOAD_TOTAL.load(Ordering::Relaxed));
        terminal
            .draw(|frame| view::loading(frame, done, total, &settings.theme, &quit))
            .map_err(|e| io::Error::other(e.to_string()))?;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Reach, app};
    use super::*;
    use ratatui::backend::TestBackend;
    use std::sync::mpsc::channel;

    fn failing_loader() -> Loader {
        Box::new(|_progress| panic!("a test panic in the loader, expected"))
    }

    #[test]
    fn a_panic_in_the_loader_ends_the_wait_with_its_message() {
        let (queue, messages) = channel();
        load_in_background(failing_loader(), queue);
        let mut terminal = Terminal::new(TestBackend::new(40, 5)).unwrap();
        let Some(Ended::LoadFailed(why)) =
            wait_for_corpus(&mut terminal, &messages, &Settings::default()).unwrap().err()
        else {
            panic!("loading did not fail")
        };
        assert!(why.starts_with("a test panic in the loader, expected (at src/tui/reading.rs:"), "{why}");
    }

    #[test]
    fn the_failure_of_a_waiting_glimpses_whole_window_is_said_once_the_glimpse_is_shown() {
        let mut a = crate::tui::update::testing::chain_app();
        let w = app::StoreWindow::new("gdelt.d".into(), String::new(), Reach::default());
        a.window = Some(app::StoreWindow { reading: Some("actor:putin".into()), ..w });
        let glimpse = Box::new(crate::tui::update::testing::chain_window(Reach::default()));
        let mut waiting = Some(Waiting { loaded: glimpse, asked: 7, failed: None });
        // Its glimpse waits: nothing changes yet, the window keeps the query it is read for.
        let effects = window_failed(&mut a, &mut waiting, 7, "reading the window failed: gone".into());
        assert!(effects.is_empty() && a.message.is_none());
        assert_eq!(a.window.as_ref().unwrap().reading.as_deref(), Some("actor:putin"));
        let failed = &waiting.as_ref().unwrap().failed;
        assert!(matches!(failed, Some(Action::WindowFailed { message }) if message.ends_with("gone")));
        // Another window's failure (none waits for it): said at once, the one shown stays.
        waiting.as_mut().unwrap().failed = None;
        window_failed(&mut a, &mut waiting, 8, "reading the window failed: gone".into());
        assert!(waiting.as_ref().unwrap().failed.is_none() && a.message.as_ref().unwrap().text.ends_with("gone"));
        assert_eq!(a.window.as_ref().unwrap().reading, None);
    }

    #[test]
    fn a_signal_while_loading_ends_the_wait() {
        let (queue, messages) = channel();
        queue.send(Message::Signal(15)).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(40, 5)).unwrap();
        assert_eq!(
            wait_for_corpus(&mut terminal, &messages, &Settings::default()).unwrap().err(),
            Some(Ended::Signal(15))
        );
    }
}
