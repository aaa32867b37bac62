//! The one queue the loop waits on: terminal events from a reader thread, answers from
//! the background workers and the loaded corpus all arrive as a [`Message`].

use super::action::Action;
use crossterm::event::{self, Event};
use std::io;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

pub enum Message {
    Terminal(Event),
    /// A background answer or an outcome the loop reports to `update`.
    Answer(Action),
    /// A background answer about the corpus of window `window` (0 the first; each window a
    /// store's `:where` reads is the next): dropped when another window is shown.
    Of {
        window: u64,
        action: Action,
    },
    Loaded(Box<super::Loaded>),
    /// Another window of the store, read for the `asked`th `:where` (or why reading it
    /// failed): shown only if no later one was asked for.
    Window {
        asked: u64,
        loaded: Result<Box<super::Loaded>, String>,
    },
    /// Loading stopped with a panic: what it said.
    LoadFailed(String),
    /// The process was asked to end (SIGTERM, SIGHUP, SIGINT, SIGQUIT): the signal's number.
    Signal(i32),
    /// The terminal cannot be read any more.
    Failed(io::Error),
}

#[derive(Default)]
struct Gate {
    paused: bool,
    /// The reader is between a check of the gate and the next one: it may be reading.
    reading: bool,
}

/// Reads terminal events on its own thread into the queue, until paused.
pub struct Reader {
    gate: Arc<(Mutex<Gate>, Condvar)>,
}

/// How long a wait for input lasts before the reader looks at its gate again: crossterm
/// cannot interrupt a read, so this bounds how long a pause (Ctrl-z) waits. Input is
/// passed on as soon as it arrives, whatever this is.
const GATE_CHECK: Duration = Duration::from_millis(100);

impl Reader {
    pub fn start(queue: Sender<Message>) -> Reader {
        let gate = Arc::new((Mutex::new(Gate::default()), Condvar::new()));
        let inside = gate.clone();
        std::thread::spawn(move || {
            // However the thread ends, it reads no more: a pause must not wait for it.
            let _done = Done(inside.clone());
            loop {
                wait_open(&inside);
                let message = match event::poll(GATE_CHECK) {
                    Ok(false) => continue,
                    Ok(true) => event::read().map_or_else(Message::Failed, Message::Terminal),
                    Err(e) => Message::Failed(e),
                };
                let failed = matches!(message, Message::Failed(_));
                if queue.send(message).is_err() || failed {
                    return;
                }
            }
        });
        Reader { gate }
    }

    /// Stop reading and return once no read is in progress, so that the shell gets every
    /// key while we are suspended.
    pub fn pause(&self) {
        let (lock, changed) = &*self.gate;
        let mut gate = lock.lock().unwrap_or_else(PoisonError::into_inner);
        gate.paused = true;
        while gate.reading {
            gate = changed.wait(gate).unwrap_or_else(PoisonError::into_inner);
        }
    }

    pub fn resume(&self) {
        let (lock, changed) = &*self.gate;
        lock.lock().unwrap_or_else(PoisonError::into_inner).paused = false;
        changed.notify_all();
    }
}

/// Turn the signals that end a program into messages on the queue, so that the loop
/// gives the terminal back before the process ends. Registered before the terminal is
/// taken: from then on these signals no longer end the process by themselves.
#[cfg(unix)]
pub fn forward_signals(queue: Sender<Message>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if queue.send(Message::Signal(signal)).is_err() {
                return;
            }
        }
    });
    Ok(())
}

#[cfg(not(unix))]
pub fn forward_signals(_queue: Sender<Message>) -> io::Result<()> {
    Ok(())
}

/// Wait while the gate is paused, saying so to [`Reader::pause`].
/// Marks the reader as not reading when its thread ends.
struct Done(Arc<(Mutex<Gate>, Condvar)>);

impl Drop for Done {
    fn drop(&mut self) {
        let (lock, changed) = &*self.0;
        lock.lock().unwrap_or_else(PoisonError::into_inner).reading = false;
        changed.notify_all();
    }
}

fn wait_open(gate: &(Mutex<Gate>, Condvar)) {
    let (lock, changed) = gate;
    let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
    state.reading = false;
    changed.notify_all();
    while state.paused {
        state = changed.wait(state).unwrap_or_else(PoisonError::into_inner);
    }
    state.reading = true;
}
