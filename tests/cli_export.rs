//! The files `annals export` writes, run as a user runs it: the mode the umask gives a new
//! file, and the mode of a file it replaces kept. (Apart from tests/cli.rs, which is long
//! already.)

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// `annals export ARGS` run by a shell that sets the umask first.
fn export_with_umask(umask: &str, dir: &Path, args: &str) -> std::process::Output {
    let annals = env!("CARGO_BIN_EXE_annals");
    let script = format!("umask {umask}; exec '{annals}' export {args}");
    std::process::Command::new("sh").arg("-c").arg(script).current_dir(dir).output().expect("sh runs")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_new_export_honours_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    for (umask, expected, format) in [("022", 0o644, "native"), ("002", 0o664, "timelinejs"), ("077", 0o600, "native")]
    {
        let name = format!("out-{umask}.json");
        let out = export_with_umask(umask, dir.path(), &format!("--format {format} -o {name}"));
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(mode(&dir.path().join(&name)), expected, "umask {umask}");
    }
}

#[test]
fn a_replaced_export_keeps_the_mode_it_had() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.json");
    std::fs::write(&path, "old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = export_with_umask("022", dir.path(), "--force -o out.json");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mode(&path), 0o640);
    assert!(std::fs::read_to_string(&path).unwrap().contains("\"annals_export\": 1"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left behind");
}
