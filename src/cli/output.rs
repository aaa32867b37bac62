//! The one path for everything annals prints (standard output and error, usage errors,
//! paths, ids): exact to a file or a pipe; to a terminal, text is sanitized
//! ([`crate::text::shown_output`]) and JSON keeps C1 controls, DEL and bidi characters as
//! `\u` escapes, so that it stays the same JSON. Whether the stream is a terminal is the
//! caller's question (`IsTerminal`), asked once.

use crate::text::{needs_json_escape_on_terminal, shown_output};
use std::io::{self, Write};

/// A stream annals writes to. Text goes out a line at a time when it goes to a terminal,
/// so that a sequence split between two writes is still seen whole.
pub struct Output<W: Write> {
    inner: W,
    terminal: bool,
    /// The unfinished line, when writing to a terminal.
    pending: Vec<u8>,
}

impl<W: Write> Output<W> {
    pub fn new(inner: W, terminal: bool) -> Self {
        Output { inner, terminal, pending: Vec::new() }
    }

    /// Whether this stream goes to a terminal.
    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// Write JSON text: exactly, or to a terminal with what it must not receive escaped.
    /// One value as a line of JSON Lines.
    pub fn write_json_line(&mut self, value: &impl serde::Serialize) -> io::Result<()> {
        let mut json = serde_json::to_string(value).map_err(io::Error::other)?;
        json.push('\n');
        self.write_json(&json)
    }

    pub fn write_json(&mut self, json: &str) -> io::Result<()> {
        self.write_pending()?;
        if !self.terminal {
            return self.inner.write_all(json.as_bytes());
        }
        let mut start = 0;
        for (at, c) in json.char_indices() {
            if needs_json_escape_on_terminal(c) {
                self.inner.write_all(&json.as_bytes()[start..at])?;
                write!(self.inner, "\\u{:04x}", c as u32)?;
                start = at + c.len_utf8();
            }
        }
        self.inner.write_all(&json.as_bytes()[start..])
    }

    fn write_pending(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        self.inner.write_all(shown_output(&text).as_bytes())
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.terminal {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        if let Some(end) = self.pending.iter().rposition(|&b| b == b'\n') {
            let rest = self.pending.split_off(end + 1);
            let lines = std::mem::replace(&mut self.pending, rest);
            let text = String::from_utf8_lossy(&lines);
            self.inner.write_all(shown_output(&text).as_bytes())?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_pending()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Output<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// A panic's report, as the standard hook words it: a panic's message may quote the data.
pub fn panic_report(thread: Option<&str>, location: Option<String>, message: &str) -> String {
    let place = location.map_or_else(String::new, |l| format!(" at {l}"));
    format!("thread '{}' panicked{place}:\n{message}\n", thread.unwrap_or("<unnamed>"))
}

/// To a terminal, panics are reported through [`Output`] too (sanitized), with a
/// backtrace when RUST_BACKTRACE asks for one; to a file or a pipe the standard hook
/// reports them. A panic that loading catches (a file's importer failing: it becomes that
/// file's located error) is not reported at all, unless ANNALS_DEBUG is set. Any hook
/// installed later (the interface's) runs this one after its own work.
pub fn report_panics_safely(stderr_is_terminal: bool) {
    let standard = std::panic::take_hook();
    let debug = std::env::var_os("ANNALS_DEBUG").is_some();
    std::panic::set_hook(Box::new(move |info| {
        if crate::diagnostic::panic_is_caught() && !debug {
            return;
        }
        if !stderr_is_terminal {
            return standard(info);
        }
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "Box<dyn Any>".to_string());
        let thread = std::thread::current();
        let mut err = Output::new(io::stderr(), true);
        let _ = err.write_all(panic_report(thread.name(), info.location().map(|l| l.to_string()), &message).as_bytes());
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            let _ = writeln!(err, "stack backtrace:\n{backtrace}");
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(terminal: bool, write: impl FnOnce(&mut Output<&mut Vec<u8>>)) -> String {
        let mut bytes = Vec::new();
        write(&mut Output::new(&mut bytes, terminal));
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn text_to_a_terminal_is_sanitized_even_when_written_in_pieces() {
        let shown = through(true, |o| {
            o.write_all(b"id \x1b]0;ti").unwrap();
            o.write_all(b"tle\x07 \xc2").unwrap();
            o.write_all("\u{9b}6n \u{202e}x\n".as_bytes()[1..].as_ref()).unwrap();
            write!(o, "tab\there, no newline").unwrap();
        });
        assert_eq!(shown, "id   x\ntab here, no newline");
    }

    #[test]
    fn a_panic_quoting_the_data_reaches_a_terminal_sanitized() {
        let report = panic_report(Some("main"), Some("src/x.rs:1:2".into()), "bad code `0\u{1b}]0;t\u{7}é`");
        assert_eq!(report, "thread 'main' panicked at src/x.rs:1:2:\nbad code `0\u{1b}]0;t\u{7}é`\n");
        assert_eq!(
            through(true, |o| o.write_all(report.as_bytes()).unwrap()),
            "thread 'main' panicked at src/x.rs:1:2:\nbad code `0é`\n"
        );
    }

    #[test]
    fn text_to_a_pipe_is_exact() {
        let exact = "id \x1b]0;title\x07 \u{9b}6n \u{202e}x\n";
        assert_eq!(through(false, |o| o.write_all(exact.as_bytes()).unwrap()), exact);
    }

    #[test]
    fn json_to_a_terminal_escapes_what_the_terminal_must_not_receive() {
        let json = serde_json::to_string(&"a\u{1b}b\u{7f}c\u{9b}d\u{202e}e\u{200b}f é").unwrap();
        let shown = through(true, |o| o.write_json(&json).unwrap());
        assert_eq!(shown, r#""a\u001bb\u007fc\u009bd\u202ee\u200bf é""#);
        assert_eq!(serde_json::from_str::<String>(&shown).unwrap(), serde_json::from_str::<String>(&json).unwrap());
        assert_eq!(through(false, |o| o.write_json(&json).unwrap()), json);
    }
}
