//! What annals prints to a terminal, with hostile data: the binary's commands run in a
//! pseudo-terminal (so that standard output and error are terminals, as annals decides
//! with `IsTerminal`), and no escape, C1 control, DEL or bidi character reaches it.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read;
use std::path::Path;

const HOSTILE: &str = "tests/fixtures/hostile/escapes.json";

/// Run annals in a pty until it exits: everything it wrote (stdout and stderr together),
/// and its exit status.
fn in_terminal(cwd: &Path, args: &[&str]) -> (String, u32) {
    let pair = native_pty_system()
        .openpty(PtySize { rows: 30, cols: 200, pixel_width: 0, pixel_height: 0 })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_annals"));
    cmd.args(args);
    cmd.cwd(cwd);
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd).expect("annals starts");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let read = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut buf = [0u8; 8192];
        // The pty reports an error (EIO) once annals has exited and its output is read.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&buf[..n]);
        }
        bytes
    });
    let status = child.wait().unwrap().exit_code();
    drop(pair.master);
    let bytes = read.join().unwrap();
    (String::from_utf8(bytes).expect("the output is UTF-8"), status)
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE).to_str().unwrap().to_string()
}

/// No byte that a terminal would act on, beyond line ends (the pty writes CR LF).
fn assert_inert(output: &str) {
    for (at, c) in output.char_indices() {
        let harmful = (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        assert!(!harmful, "{c:?} at byte {at} reached the terminal:\n{output:?}");
    }
}

#[test]
fn actor_ids_reach_a_terminal_sanitized() {
    let dir = tempfile::tempdir().unwrap();
    let (output, status) = in_terminal(dir.path(), &["actors", &fixture()]);
    assert_eq!(status, 0, "{output}");
    assert_inert(&output);
    assert!(output.contains("Title setter") && output.contains("Clipboard writer"), "{output}");
}

#[test]
fn a_hostile_argument_in_a_usage_error_reaches_a_terminal_sanitized() {
    let dir = tempfile::tempdir().unwrap();
    let (output, status) = in_terminal(dir.path(), &["list", "--\x1b]52;c;aGk=\x07\u{9b}31m\u{202e}x"]);
    assert_eq!(status, 2, "{output}");
    assert_inert(&output);
    assert!(output.contains("unexpected argument"), "{output}");
}

#[test]
fn a_hostile_export_path_reaches_a_terminal_sanitized() {
    let dir = tempfile::tempdir().unwrap();
    let name = "\x1b]0;pwned\x07\u{9d}0;t\u{9c}\u{202e}nosj.json";
    let (output, status) = in_terminal(dir.path(), &["export", "-o", name, &fixture()]);
    assert_eq!(status, 0, "{output}");
    assert_inert(&output);
    assert!(output.contains("annals: wrote 1 events to"), "{output}");
    assert!(dir.path().join(name).is_file(), "the file keeps its name");
}

#[test]
fn json_exported_to_a_terminal_escapes_c1_del_and_bidi_and_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (output, status) = in_terminal(dir.path(), &["export", &fixture()]);
    assert_eq!(status, 0, "{output}");
    assert_inert(&output);
    let shown: serde_json::Value = serde_json::from_str(&output.replace("\r\n", "\n")).expect("valid JSON");
    let piped = assert_cmd::Command::new(env!("CARGO_BIN_EXE_annals")).args(["export", &fixture()]).output().unwrap();
    let mut exact: serde_json::Value = serde_json::from_slice(&piped.stdout).unwrap();
    assert!(String::from_utf8(piped.stdout).unwrap().contains('\u{202e}'), "a pipe gets the data exactly");
    exact["exported_at"] = shown["exported_at"].clone();
    assert_eq!(shown, exact);
}
