//! Taking the terminal and giving it back: raw mode, the alternate screen and the mouse;
//! a panic hook, installed once, that gives the terminal back before the panic is
//! printed; and Ctrl-z, which gives it to the shell until `fg`.

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::DefaultTerminal;
use ratatui::backend::CrosstermBackend;
use std::io;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

/// The terminal is ours (raw, on the alternate screen): giving it back twice, from the
/// panic hook and from [`Guard`], does it once.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Take the terminal; it is given back when the returned guard drops, or on a panic.
pub fn enter() -> io::Result<(DefaultTerminal, Guard)> {
    install_panic_hook();
    take()?;
    let terminal = ratatui::Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok((terminal, Guard))
}

fn take() -> io::Result<()> {
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
}

/// Gives the terminal back when dropped.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

thread_local! {
    /// How many times a panic on this thread ran our hook (one hook, once per panic).
    static HOOK_RUNS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
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
        let said = match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
            (Some(s), _) => (*s).to_string(),
            (_, Some(s)) => s.clone(),
            _ => "a panic without a message".to_string(),
        };
        if place.is_empty() { said } else { format!("{said} (at {place})") }
    })
}

/// Chain a hook that gives the terminal back before the panic is printed. Once: each
/// resume from Ctrl-z used to add another.
fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            HOOK_RUNS.with(|runs| runs.set(runs.get() + 1));
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
            restore();
            previous(info);
        }));
    });
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
}
