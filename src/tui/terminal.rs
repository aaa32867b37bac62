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
}

/// Chain a hook that gives the terminal back before the panic is printed. Once: each
/// resume from Ctrl-z used to add another.
fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            HOOK_RUNS.with(|runs| runs.set(runs.get() + 1));
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
