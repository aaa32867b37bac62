//! Taking the terminal and giving it back: raw mode, the alternate screen and the mouse;
//! a panic hook, installed once, that gives the terminal back before the panic is
//! printed; and Ctrl-z, which gives it to the shell until `fg`.
//!
//! Only a panic of the thread that took the terminal gives it back at once. Another
//! thread's panic (a loader's, caught and reported as a failed file or a failed load; a
//! worker's) must not pull the terminal from under the interface still running, nor write
//! over its screen: its report waits until the terminal is given back.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::DefaultTerminal;
use ratatui::backend::CrosstermBackend;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, PoisonError};
use std::thread::ThreadId;

/// The terminal is ours (raw, on the alternate screen): giving it back twice, from the
/// panic hook and from [`Guard`], does it once.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// The thread that took the terminal.
static OWNER: Mutex<Option<ThreadId>> = Mutex::new(None);

/// Reports of panics on other threads while the terminal was taken, printed once it is
/// given back.
static DEFERRED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Take the terminal; it is given back when the returned guard drops, or on a panic.
pub fn enter() -> io::Result<(DefaultTerminal, Guard)> {
    install_panic_hook();
    // With NO_COLOR set, crossterm writes each colour change as an empty SGR (`ESC[m`,
    // `ESC[;m`), which terminals read as SGR 0: a reset of every attribute. ratatui sets a
    // cell's attributes before its colours, so the cursor's reverse video was cancelled as
    // soon as it was drawn. The theme drops colours itself when NO_COLOR is set
    // (`theme::Theme::without_colour`), so no colour change is written at all; and
    // crossterm is told to write what it is given, so that a colour that still reached it
    // could never become a reset of the attributes (tests/e2e.rs checks it).
    crossterm::style::force_color_output(true);
    take()?;
    let terminal = ratatui::Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok((terminal, Guard))
}

fn take() -> io::Result<()> {
    *OWNER.lock().unwrap_or_else(PoisonError::into_inner) = Some(std::thread::current().id());
    enable_raw_mode()?;
    TAKEN.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
}

/// Give the terminal back as it was, if it is ours.
pub fn restore() {
    if TAKEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen, crossterm::cursor::Show);
        let _ = disable_raw_mode();
    }
    print_deferred();
}

fn print_deferred() {
    let reports = std::mem::take(&mut *DEFERRED.lock().unwrap_or_else(PoisonError::into_inner));
    for report in reports {
        eprint!("{}", crate::text::shown_output(&report));
    }
}

/// Whether a panic now, on this thread, must wait to be reported: the terminal is taken
/// by another thread.
fn defer_on_this_thread() -> bool {
    let owner = *OWNER.lock().unwrap_or_else(PoisonError::into_inner);
    TAKEN.load(Ordering::SeqCst) && owner.is_some_and(|o| o != std::thread::current().id())
}

/// Gives the terminal back when dropped.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

#[cfg(test)]
thread_local! {
    /// How many times a panic on this thread ran our hook (one hook, once per panic).
    static HOOK_RUNS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

thread_local! {
    /// Where the last panic on this thread happened, when the thread catches its panics
    /// itself (the loader): set by the hook instead of printing over the interface.
    static CAUGHT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Run `work`, catching a panic: the terminal stays as it is (the interface reports the
/// failure and gives the terminal back itself) and nothing is printed over it. The error
/// is what the panic said and where.
pub fn catching_panics<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_panic_hook();
    CAUGHT.with(|c| *c.borrow_mut() = Some(String::new()));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    let place = CAUGHT.with(|c| c.borrow_mut().take()).unwrap_or_default();
    result.map_err(|payload| {
        let said = said(payload.as_ref());
        if place.is_empty() { said } else { format!("{said} (at {place})") }
    })
}

/// What a panic said, when it said it with a string.
fn said(payload: &(dyn std::any::Any + Send)) -> String {
    match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
        (Some(s), _) => (*s).to_string(),
        (_, Some(s)) => s.clone(),
        _ => "a panic without a message".to_string(),
    }
}

/// Chain a hook that gives the terminal back before the panic is printed. Once: each
/// resume from Ctrl-z used to add another.
fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            #[cfg(test)]
            HOOK_RUNS.with(|runs| runs.set(runs.get() + 1));
            // A file's importer failing is caught by loading and becomes its located error:
            // the terminal stays as it is, and the hook before this one decides what to say.
            if crate::diagnostic::panic_is_caught() {
                return previous(info);
            }
            let caught = CAUGHT.with(|c| match c.borrow_mut().as_mut() {
                Some(place) => {
                    *place = info.location().map(|l| l.to_string()).unwrap_or_default();
                    true
                }
                None => false,
            });
            if caught {
                return;
            }
            if defer_on_this_thread() {
                let thread = std::thread::current();
                let place = info.location().map_or_else(String::new, |l| format!(" at {l}"));
                let report = format!(
                    "thread '{}' panicked{place}:\n{}\n",
                    thread.name().unwrap_or("<unnamed>"),
                    said(info.payload())
                );
                DEFERRED.lock().unwrap_or_else(PoisonError::into_inner).push(report);
                return;
            }
            restore();
            previous(info);
        }));
    });
}

/// Take the terminal again after giving it to another program, and redraw all.
pub fn retake(terminal: &mut DefaultTerminal) -> io::Result<()> {
    take()?;
    terminal.clear()
}

/// Ctrl-z: give the terminal back, stop until `fg`, then take it again and redraw all.
pub fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    restore();
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    take()?;
    terminal.clear()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panic_hook_is_installed_once_however_often_the_terminal_is_taken() {
        install_panic_hook();
        install_panic_hook();
        let before = HOOK_RUNS.with(|runs| runs.get());
        let _ = std::panic::catch_unwind(|| panic!("a test panic, expected"));
        assert_eq!(HOOK_RUNS.with(|runs| runs.get()) - before, 1);
    }

    #[test]
    fn another_threads_panic_leaves_the_terminal_taken_and_its_report_waits() {
        install_panic_hook();
        // As if this thread had taken the terminal (without writing to it).
        *OWNER.lock().unwrap() = Some(std::thread::current().id());
        TAKEN.store(true, Ordering::SeqCst);
        let worker = std::thread::Builder::new().name("worker".into());
        let joined = worker.spawn(|| std::panic::catch_unwind(|| panic!("a worker's test panic, expected"))).unwrap();
        assert!(joined.join().unwrap().is_err());
        let still_taken = TAKEN.swap(false, Ordering::SeqCst);
        let deferred = std::mem::take(&mut *DEFERRED.lock().unwrap());
        *OWNER.lock().unwrap() = None;
        assert!(still_taken, "the worker's panic gave the terminal back under the interface");
        // Other tests may panic meanwhile, on their threads: the worker's report is the one.
        let mine: Vec<&String> = deferred.iter().filter(|r| r.starts_with("thread 'worker'")).collect();
        assert_eq!(mine.len(), 1, "{deferred:?}");
        assert!(mine[0].starts_with("thread 'worker' panicked at src/tui/terminal.rs:"), "{}", mine[0]);
        assert!(mine[0].ends_with(":\na worker's test panic, expected\n"), "{}", mine[0]);
    }
}
