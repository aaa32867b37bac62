//! `I`: a note written in `$EDITOR` (else `vi`) on a temporary file, the terminal given to
//! the editor meanwhile and taken back after, as Ctrl-z does.

use super::terminal;
use ratatui::DefaultTerminal;
use std::io::Write;

/// Edit `text` in the user's editor: the text as saved, or why it could not be.
pub fn edit(screen: &mut DefaultTerminal, text: &str) -> Result<String, String> {
    let mut file = tempfile::Builder::new()
        .prefix("annals-note-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("cannot make a temporary file: {e}"))?;
    file.write_all(text.as_bytes()).and_then(|_| file.flush()).map_err(|e| format!("cannot write the note: {e}"))?;
    let editor = std::env::var("EDITOR").ok().filter(|e| !e.trim().is_empty()).unwrap_or_else(|| "vi".into());
    // `EDITOR="code --wait"`: a program and its arguments.
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    terminal::restore();
    let status = std::process::Command::new(program).args(words).arg(file.path()).status();
    let taken = terminal::retake(screen);
    taken.map_err(|e| format!("cannot take the terminal back: {e}"))?;
    match status {
        Ok(s) if s.success() => {
            std::fs::read_to_string(file.path()).map_err(|e| format!("cannot read the note back: {e}"))
        }
        Ok(s) => Err(format!("{editor} ended with {s}")),
        Err(e) => Err(format!("cannot run {editor}: {e}")),
    }
}
