//! Using the command line wrongly and finding one's way in it, run as a user runs it:
//! a mistyped command or a missing path fails before the interface opens, `actors` takes
//! its query as an option so that every positional is a path; completions and the man page.
//! (Apart from tests/cli.rs, which is long already.)

use assert_cmd::Command;

fn annals() -> Command {
    Command::cargo_bin("annals").expect("the annals binary is built")
}

/// Standard output, standard error and exit code.
fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (text(out.stdout), text(out.stderr), out.status.code().expect("an exit code"))
}

// The tests run without a terminal: the interface would refuse with "standard output is
// not a terminal". Each message below is the more useful one, so it must come first.

#[test]
fn a_mistyped_command_is_named_with_a_suggestion() {
    let (stdout, stderr, code) = run(annals().arg("lst"));
    assert_eq!(stderr, "annals: no file or command 'lst'; did you mean 'annals list'?\n");
    assert_eq!((stdout.as_str(), code), ("", 2));
    let (_, stderr, code) = run(annals().args(["acters", "data"]));
    assert_eq!(stderr, "annals: no file or command 'acters'; did you mean 'annals actors'?\n");
    assert_eq!(code, 2);
}

#[test]
fn a_missing_path_fails_as_it_does_for_list() {
    let (stdout, stderr, code) = run(annals().args(["data", "no-such-file.json"]));
    assert_eq!(stderr, "annals: no such file or directory: no-such-file.json\n");
    assert_eq!((stdout.as_str(), code), ("", 1));
    // `annals list` on the same path: the same exit code, its located diagnostic.
    let (_, stderr, list_code) = run(annals().args(["list", "no-such-file.json"]));
    assert_eq!(stderr.lines().next(), Some("no-such-file.json:1:1: error: cannot read: no such file or directory"));
    assert_eq!(list_code, code);
}

#[test]
fn existing_paths_still_reach_the_interface() {
    let (_, stderr, code) = run(annals().arg("tests/fixtures/chain"));
    assert!(stderr.contains("standard output is not a terminal"), "{stderr}");
    assert_eq!(code, 2);
}

#[test]
fn actors_takes_every_positional_as_a_path_and_the_query_as_an_option() {
    let (all, _, code) = run(annals().args(["actors", "tests/fixtures/chain"]));
    assert_eq!(code, 0);
    let ids: Vec<&str> = all.lines().map(|l| l.split_whitespace().nth(1).unwrap()).collect();
    assert_eq!(ids, ["obama", "lavrov", "usa", "putin"], "the directory's actors, most events first:\n{all}");
    for flag in ["--query", "-q"] {
        let (ranked, _, code) = run(annals().args(["actors", flag, "putn", "tests/fixtures/chain"]));
        assert_eq!(code, 0);
        assert!(ranked.lines().next().unwrap().contains("Vladimir Putin"), "{ranked}");
    }
    let (_, stderr, code) = run(annals().args(["actors", "no-such-dir"]));
    assert!(stderr.starts_with("no-such-dir:1:1: error: cannot read: no such file or directory"), "{stderr}");
    assert_eq!(code, 1);
}

const COMMANDS: [&str; 10] =
    ["list", "stories", "export", "convert", "check", "actors", "count", "completions", "man", "config"];

#[test]
fn each_completion_script_offers_every_command() {
    for (shell, first_line) in [
        ("bash", "_annals() {"),
        ("zsh", "#compdef annals"),
        ("fish", "# Print an optspec for argparse to handle cmd's options that are independent of any subcommand."),
    ] {
        let (script, stderr, code) = run(annals().args(["completions", shell]));
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(script.lines().next(), Some(first_line), "{shell}");
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: no '{command}' in\n{script}");
        }
        // The options too, not only the commands' names.
        assert!(script.contains("max-file-size") && script.contains("jsonl"), "{shell}");
    }
    annals().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_bash_script_is_valid_bash() {
    let (script, _, _) = run(annals().args(["completions", "bash"]));
    let checked = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .output()
        .expect("bash runs (it runs the CI too)");
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
}

#[test]
fn the_man_page_is_roff_with_a_title_and_every_command() {
    let (page, stderr, code) = run(annals().arg("man"));
    assert_eq!(code, 0, "{stderr}");
    // clap_mangen defines the apostrophe string (.ie/.el) before the title.
    let mut lines = page.lines().skip_while(|l| l.starts_with(".ie ") || l.starts_with(".el "));
    assert_eq!(lines.next(), Some(r#".TH annals 1  "annals 0.1.0" "#), "{page}");
    for command in COMMANDS {
        assert!(page.contains(&format!("annals\\-{command}(1)")), "no '{command}' in\n{page}");
        let (own, _, code) = run(annals().args(["man", command]));
        assert_eq!(code, 0);
        assert!(own.contains(&format!(".TH annals-{command} 1")), "{own}");
    }
    let (_, stderr, code) = run(annals().args(["man", "lst"]));
    assert_eq!(
        stderr,
        "annals: no command 'lst'; did you mean 'list'? (commands: list, stories, export, convert, schema, check, actors, count, completions, man, config)\n"
    );
    assert_eq!(code, 2);
}
