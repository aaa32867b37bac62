//! The real binary in a pseudo-terminal, driven by keys like a person would: search,
//! pick an actor, select a range, export it, quit. Screens are read with vt100.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Session {
    parser: vt100::Parser,
    /// Every byte annals wrote, for what the screen does not keep (modes left).
    raw: Vec<u8>,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(cwd: &std::path::Path, args: &[&str]) -> Session {
        Session::start_with(cwd, args, &[])
    }

    /// With these environment variables set too.
    fn start_with(cwd: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Session {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_annals"));
        cmd.args(args);
        Session::spawn(cmd, cwd, env)
    }

    /// `annals ARGS` run by a shell script that prepares the process first (`$ANNALS` in
    /// it is the binary).
    fn start_in_shell(cwd: &std::path::Path, script: &str, env: &[(&str, &str)]) -> Session {
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", script]);
        cmd.env("ANNALS", env!("CARGO_BIN_EXE_annals"));
        Session::spawn(cmd, cwd, env)
    }

    /// Run `cmd` on a pseudo-terminal of ROWS x COLS, its output read on a thread of its own.
    fn spawn(mut cmd: CommandBuilder, cwd: &std::path::Path, env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("the process starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        // The pty is read on its own thread so that a full buffer never blocks annals.
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        // Keep the master alive for the session's length.
        std::mem::forget(pair.master);
        Session { parser: vt100::Parser::new(ROWS, COLS, 0), raw: Vec::new(), output, writer, child }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Wait until the screen shows `text`, or fail with the screen after a timeout.
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.screen().contains(text) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out waiting for {text:?}; screen:\n{}", self.screen());
            if let Ok(bytes) = self.output.recv_timeout(left.min(Duration::from_millis(100))) {
                self.take(&bytes);
            }
        }
    }

    fn take(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    /// Everything written until the pty closed (annals exited).
    fn drain(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            match self.output.recv_timeout(Duration::from_millis(100)) {
                Ok(bytes) => self.take(&bytes),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    }

    fn signal(&mut self, name: &str) {
        let pid = self.child.process_id().expect("a process id").to_string();
        // The shell's own kill: no kill binary needed.
        let status = std::process::Command::new("sh").args(["-c", &format!("kill -s {name} {pid}")]).status().unwrap();
        assert!(status.success());
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(Instant::now() < deadline, "annals did not exit; screen:\n{}", self.screen());
            while let Ok(bytes) = self.output.try_recv() {
                self.take(&bytes);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// NO_COLOR used to cancel the cursor's reverse video at once (crossterm wrote each colour
/// change as an empty SGR, a reset); now it removes colours only.
#[test]
fn no_color_keeps_the_cursor_the_selection_and_matches_visible() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("no-config.toml");
    let env = [("NO_COLOR", "1"), ("ANNALS_CONFIG", none.to_str().unwrap())];
    let mut s = Session::start_with(dir.path(), &[], &env);
    s.wait_for("? help");
    s.keys("v");
    s.keys("j");
    s.wait_for("selecting 2");
    s.keys("/Obama");
    s.wait_for(" /Obama ");
    s.keys("\r");
    s.wait_for("? help");
    let screen = s.parser.screen().clone();
    let row_of = |mark: &str| (0..ROWS).find(|&r| screen.cell(r, 0).is_some_and(|c| c.contents() == mark));
    let cursor = row_of("›").unwrap_or_else(|| panic!("a › row:\n{}", s.screen()));
    let cell = screen.cell(cursor, 3).unwrap();
    assert!(cell.inverse(), "the cursor's row is reversed:\n{}", s.screen());
    assert!(row_of("▌").is_some(), "a selected row is marked:\n{}", s.screen());
    let text = s.screen();
    let spells_obama = |r: u16, c: u16| {
        let word: String = (c..(c + 5).min(COLS)).filter_map(|c| screen.cell(r, c)).map(|c| c.contents()).collect();
        let cell = screen.cell(r, c).unwrap();
        word.eq_ignore_ascii_case("obama") && cell.bold() && cell.underline()
    };
    let matched = (3..ROWS).any(|r| (0..COLS).any(|c| spells_obama(r, c)));
    assert!(matched, "a match is bold and underlined:\n{text}");
    for r in 0..ROWS {
        for c in 0..COLS {
            let cell = screen.cell(r, c).unwrap();
            assert_eq!((cell.fgcolor(), cell.bgcolor()), (vt100::Color::Default, vt100::Color::Default), "no colour");
        }
    }
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn search_pick_select_export_and_quit_on_the_bundled_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("annals  11 articles · 100 events");
    s.wait_for("? help");

    s.keys("/Lavrov");
    s.wait_for(" /Lavrov   Enter keeps");
    s.keys("\r");
    s.wait_for("Lavrov proposes expelling 31 embassy staff");

    s.keys("a");
    s.wait_for("actors: Tab ticks");
    s.keys("putn");
    s.wait_for("› putn ");
    let screen = s.screen();
    let first_match = screen.lines().find(|l| l.contains("[ ]")).expect("a ranked actor");
    assert!(first_match.contains("Vladimir Putin"), "Putin ranks first:\n{screen}");
    s.keys("\r");
    s.wait_for("filter: actor:vladimir-putin");
    s.wait_for("(filtered from 100)");

    s.keys("g");
    s.keys("v");
    s.keys("jjj");
    s.wait_for("selecting 4");
    s.keys("e");
    s.wait_for("export 4 events as native JSON to: annals-");
    s.keys("\r");
    s.wait_for("exported 4 events to annals-");

    s.keys("q");
    assert_eq!(s.wait_exit(), 0);

    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(name.starts_with("annals-2016") && name.ends_with(".json"), "{name}");
    let export: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(export["annals_export"], 1);
    assert_eq!(export["count"], 4);
    assert_eq!(export["filters"], "actor:vladimir-putin");
    for event in export["events"].as_array().unwrap() {
        let actors: Vec<&str> =
            event["participants"].as_array().unwrap().iter().map(|p| p["actor"].as_str().unwrap()).collect();
        assert!(actors.contains(&"vladimir-putin"), "{actors:?}");
    }
}

#[test]
fn an_existing_export_asks_before_it_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.json"), "precious").unwrap();
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("? help");
    s.keys("e");
    s.wait_for("export 100 events as native JSON to:");
    // Ctrl-u clears the suggested name.
    s.keys("\u{15}keep.json\r");
    s.wait_for("keep.json exists. Replace it? (y/n)");
    s.keys("n");
    s.wait_for("export cancelled: the file was kept");
    assert_eq!(std::fs::read_to_string(dir.path().join("keep.json")).unwrap(), "precious");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_quick_yes_after_enter_answers_the_question_it_comes_after() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.json"), "old").unwrap();
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("? help");
    s.keys("e");
    s.wait_for("export 100 events as native JSON to:");
    // Enter and y in one write, as a fast typist sends them: y answers "Replace it?".
    s.keys("\u{15}old.json\ry");
    s.wait_for("exported 100 events to old.json");
    assert_ne!(std::fs::read_to_string(dir.path().join("old.json")).unwrap(), "old");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn prompt_editing_keys_and_escape_then_a_key_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("? help");
    s.keys("/lavrov");
    s.wait_for(" /lavrov ");
    // Home, then a character typed at the start; Ctrl-w takes it back.
    s.keys("\x1b[Hx");
    s.wait_for(" /xlavrov ");
    s.keys("\x17");
    s.wait_for(" /lavrov ");
    // Esc and j in one write, as tmux sends them: the prompt closes, then j moves.
    s.keys("\x1bj");
    s.wait_for(" 2/100 ");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// Where `what` was last written in `bytes`, if it was.
fn last(bytes: &[u8], what: &str) -> Option<usize> {
    bytes.windows(what.len()).rposition(|w| w == what.as_bytes())
}

/// Asserts the terminal was given back: the alternate screen left and the mouse released
/// after they were last taken.
fn assert_terminal_given_back(raw: &[u8]) {
    let shown = String::from_utf8_lossy(&raw[raw.len().saturating_sub(300)..]).into_owned();
    for (on, off) in [("\x1b[?1049h", "\x1b[?1049l"), ("\x1b[?1000h", "\x1b[?1000l")] {
        let (on_at, off_at) = (last(raw, on).expect("the mode was taken"), last(raw, off));
        assert!(off_at.is_some_and(|off_at| off_at > on_at), "{off:?} not written last; the output ends:\n{shown:?}");
    }
}

#[rstest::rstest]
#[case("TERM", 15)]
#[case("HUP", 1)]
#[case("INT", 2)]
#[case("QUIT", 3)]
fn a_signal_gives_the_terminal_back_and_exits_with_128_and_its_number(#[case] name: &str, #[case] number: u32) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("? help");
    s.signal(name);
    assert_eq!(s.wait_exit(), 128 + number);
    s.drain();
    assert_terminal_given_back(&s.raw);
}

/// The issue's own test: mark the seed's chain, write a note, save a view, be killed with
/// SIGKILL (nothing flushed at exit), reopen with `--view` and find all of it. The notes go
/// where the bundled corpus keeps them: annals/bundled/notes.jsonl under XDG_DATA_HOME.
/// A directory for a session on the bundled corpus: no config file, and the notes under
/// its `data` (XDG_DATA_HOME), as the environment to start annals with.
fn desk_dir() -> (tempfile::TempDir, [(String, String); 2]) {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("no-config.toml").display().to_string();
    let data = dir.path().join("data").display().to_string();
    (dir, [("ANNALS_CONFIG".to_string(), none), ("XDG_DATA_HOME".to_string(), data)])
}

fn env_of(env: &[(String, String); 2]) -> [(&str, &str); 2] {
    [(env[0].0.as_str(), env[0].1.as_str()), (env[1].0.as_str(), env[1].1.as_str())]
}

#[test]
fn marks_a_note_and_a_view_survive_a_kill_and_come_back_with_view() {
    let (dir, owned) = desk_dir();
    let (env, data) = (env_of(&owned), dir.path().join("data"));
    let mut s = Session::start_with(dir.path(), &[], &env);
    s.wait_for("? help");
    // Keys are taken in order: each m marks the event the jump before it found (Obama's
    // is the first of 2016-12-29; a search for its words finds an earlier report first).
    s.keys(":2016-12-29\rm");
    for search in ["proposes expelling 35 US", "Putin revokes"] {
        s.keys(&format!("/{search}\rm"));
    }
    s.keys("ithe Kremlin backs down\r");
    s.wait_for("note kept");
    s.keys("factor:lavrov\r");
    s.wait_for("filter: actor:lavrov");
    s.keys(":save chain\r");
    s.wait_for("view chain saved");
    s.signal("KILL");
    s.wait_exit();

    let notes = std::fs::read_to_string(data.join("annals/bundled/notes.jsonl")).unwrap();
    assert_eq!(notes.matches("\"marked\":true").count(), 3, "{notes}");
    for key in [
        "\"article\":\"capitalwire-2016-12-29-sanctions\",\"at\"",
        "\"article\":\"eurasialedger-2016-12-30-lavrov-proposal\",\"at\"",
        "\"article\":\"balticobserver-2016-12-30-putin-declines\",\"at\"",
    ] {
        assert!(notes.contains(key), "{key} in {notes}");
    }
    assert!(notes.contains("\"note\":\"the Kremlin backs down\""), "{notes}");
    assert!(notes.contains("\"view\":\"chain\""), "{notes}");

    let mut s = Session::start_with(dir.path(), &["--view", "chain"], &env);
    s.wait_for("filter: actor:lavrov");
    // Two of the three marked events pass the view's filter; the third is outside it.
    s.keys("'");
    s.wait_for(" of 2");
    s.keys("x");
    s.wait_for("filters off");
    s.keys("g'");
    s.wait_for("mark 1 of 3");
    s.wait_for("Barack Obama expels 35");
    s.keys("/Vladimir Putin revokes\r");
    s.wait_for("the Kremlin backs down");
    let screen = s.screen();
    let row = screen.lines().find(|l| l.contains("Putin revokes")).unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("●") && row.contains("✎"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// A notes file that cannot be written (here a file size limit, which binds root too, as a
/// full disk would): the file stays as it was, the mark is not shown, and the status bar
/// says why.
#[test]
fn a_failed_write_of_the_notes_leaves_the_file_and_the_screen_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("no-config.toml");
    let notes = dir.path().join("notes.jsonl");
    let views: String = (0..40)
        .map(|i| format!("{{\"view\":\"v{i:02}\",\"filter\":\"actor:putin\",\"at\":\"2026-01-01T00:00:00.000Z\"}}\n"))
        .collect();
    std::fs::write(&notes, &views).unwrap();
    let env = [("ANNALS_CONFIG", none.to_str().unwrap())];
    // Ignored, SIGXFSZ leaves the write to fail with "file too large".
    let script = "trap '' XFSZ; ulimit -f 1; exec \"$ANNALS\" --notes notes.jsonl";
    let mut s = Session::start_in_shell(dir.path(), script, &env);
    s.wait_for("? help");
    s.keys("m");
    // The status bar cuts the message in the middle at this width.
    s.wait_for(" not saved, nothing changed: cannot write note");
    s.wait_for("jsonl: the file would pass the file size limit");
    assert!(!s.screen().contains('●'), "{}", s.screen());
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), views);
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
}

/// `I` lends the terminal to $EDITOR on the note and keeps what it wrote, lines and all.
#[test]
fn capital_i_writes_a_note_of_several_lines_in_the_editor() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("no-config.toml");
    let editor = dir.path().join("editor.sh");
    // An editor that appends two lines to the file it is given.
    std::fs::write(&editor, "#!/bin/sh\nprintf 'first line\\nsecond line\\n' >> \"$1\"\n").unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let env = [("ANNALS_CONFIG", none.to_str().unwrap()), ("EDITOR", editor.to_str().unwrap())];
    let mut s = Session::start_with(dir.path(), &["--notes", "notes.jsonl"], &env);
    s.wait_for("? help");
    let before = s.raw.len();
    s.keys("I");
    // Taking the terminal back asks where the cursor is (as after Ctrl-z); vt100 does not
    // answer, so the test does, as a terminal would.
    let deadline = Instant::now() + Duration::from_secs(15);
    while !String::from_utf8_lossy(&s.raw[before..]).contains("\u{1b}[6n") {
        assert!(Instant::now() < deadline, "no cursor query after the editor");
        if let Ok(bytes) = s.output.recv_timeout(Duration::from_millis(100)) {
            s.take(&bytes);
        }
    }
    s.keys("\u{1b}[1;1R");
    s.wait_for("note kept");
    s.wait_for("note       first line");
    s.wait_for("           second line");
    s.keys("i");
    s.wait_for("a note of several lines: I edits it in $EDITOR");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    let notes = std::fs::read_to_string(dir.path().join("notes.jsonl")).unwrap();
    assert!(notes.contains("\"note\":\"first line\\nsecond line\""), "{notes}");
}

/// A notes file with a broken line and a note on an event this data does not have: the
/// broken line is located in the status bar, the orphan counted, and both stay in the file.
#[test]
fn a_broken_line_and_a_note_on_a_missing_event_are_said_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let none = dir.path().join("no-config.toml");
    let notes = dir.path().join("notes.jsonl");
    let text = "{\"article\":\"gone\",\"event\":\"e1\",\"marked\":true,\"at\":\"2026-01-01T00:00:00Z\"}\n{\"view\":\n";
    std::fs::write(&notes, text).unwrap();
    let env = [("ANNALS_CONFIG", none.to_str().unwrap())];
    let mut s = Session::start_with(dir.path(), &["--notes", "notes.jsonl"], &env);
    // Both said at once; the status bar cuts the middle at this width.
    s.wait_for(" notes.jsonl:2:8: not JSON: EOF while parsing");
    s.wait_for("not in this data (kept in the notes file)");
    s.keys("*");
    s.wait_for("starred");
    s.keys("q");
    assert_eq!(s.wait_exit(), 0);
    let after = std::fs::read_to_string(&notes).unwrap();
    assert!(after.contains("\"article\":\"gone\""), "{after}");
    assert!(after.ends_with("{\"view\":\n"), "{after}");
    assert!(after.contains("\"starred\":true"), "{after}");
}

/// Stories as an editor corrects them: a report split out of its story and two stories
/// merged, saved in the notes file, survive a kill and show again after a restart.
#[test]
fn a_split_and_a_merge_of_stories_survive_a_kill() {
    let (dir, owned) = desk_dir();
    let (env, data) = (env_of(&owned), dir.path().join("data"));
    let mut s = Session::start_with(dir.path(), &[], &env);
    s.wait_for("? help");
    s.keys("s");
    s.wait_for("stories of 100 reports");
    // Putin's decision, told seven times: its reports, the revocation split out.
    s.keys("/revokes Lavrov\r\r");
    s.wait_for("reports of one story");
    s.keys("gx");
    s.wait_for("split out of its story");
    s.keys("\x1b");
    // Putin's invitation merged with his remark on the US measures.
    s.keys("/calls US measures\rm/invites US diplomats\rJ");
    s.wait_for("1 story merged into this one");
    s.signal("KILL");
    s.wait_exit();

    let notes = std::fs::read_to_string(data.join("annals/bundled/notes.jsonl")).unwrap();
    assert!(notes.contains("\"split\":{\"article\":\"balticobserver-2016-12-30-putin-declines\""), "{notes}");
    assert!(notes.contains("\"merge\":[{"), "{notes}");

    let mut s = Session::start_with(dir.path(), &[], &env);
    s.wait_for("? help");
    s.keys("s");
    s.wait_for("stories of 100 reports");
    s.keys("/invites US diplomats\r\r");
    s.wait_for("×3 reports of one story");
    s.wait_for("Putin calls US measures provocative");
    // Putin's decision is told six times now, the revocation apart.
    s.keys("\x1b/sets aside Lavrov\r\r");
    s.wait_for("×6 reports of one story");
    s.keys("\x1bq");
    assert_eq!(s.wait_exit(), 0);
}
