//! The config file as a user meets it: `annals config --print-default`, and a broken file
//! reported, located, while annals goes on with the defaults. `ANNALS_CONFIG` points each
//! run at a fixture under tests/fixtures/config/.

use assert_cmd::Command;
use rstest::rstest;

fn annals(config: &str) -> Command {
    let mut cmd = Command::cargo_bin("annals").expect("the annals binary is built");
    cmd.env("ANNALS_CONFIG", config);
    cmd
}

#[test]
fn print_default_shows_every_setting_with_a_comment_and_reads_back() {
    let out = annals("tests/fixtures/config/none.toml").args(["config", "--print-default"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for setting in ["theme = \"auto\"", "tz = \"UTC\"", "date_width = 16", "[keys.timeline]", "next_day = [\"]\"]"] {
        assert!(text.contains(setting), "{setting} missing from:\n{text}");
    }
    // Every setting line has its comment: above it (top-level settings) or after it (keys).
    for line in text.lines().filter(|l| l.contains(" = ")) {
        assert!(line.contains("  # ") || text.contains(&format!("\n{line}")), "{line}");
    }
    // Printed as the defaults, it is read back as the defaults.
    assert_eq!(annals::config::parse(&text, "printed").unwrap(), annals::config::Config::default());
}

#[test]
fn a_good_config_is_used_quietly() {
    let out = annals("tests/fixtures/config/good.toml").args(["list", "--from", "2016-12-30"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("config"), "{stderr}");
}

#[rstest]
#[case("twice.toml", "3:18: error: key 'j' is bound twice in [keys.timeline]: to down and to next_day")]
#[case("unknown-setting.toml", "2:1: error: unknown field `colour`, expected one of `theme`, `keys`, `display`")]
#[case(
    "bad-key.toml",
    "2:13: error: bad key name 'Ctrl-Shift': a key is one character or a name such as Ctrl-d, PgDn, Space, Enter, F2"
)]
#[case(
    "unknown-action.toml",
    "2:1: error: unknown action 'tick_all' in [keys.picker] (annals config --print-default lists them)"
)]
#[case("bad-toml.toml", "1:15: error: invalid basic string, expected `\"`")]
fn a_broken_config_is_located_and_annals_runs_with_the_defaults(#[case] fixture: &str, #[case] expected: &str) {
    let path = format!("tests/fixtures/config/{fixture}");
    let out = annals(&path).args(["list", "--from", "2016-12-30", "--to", "2016-12-30"]).output().unwrap();
    assert!(out.status.success(), "annals still runs");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let mut lines = stderr.lines();
    assert_eq!(lines.next(), Some(format!("{path}:{expected}").as_str()));
    assert_eq!(lines.next(), Some("annals: the config file is not used: every setting is at its default"));
    assert!(String::from_utf8(out.stdout).unwrap().contains("Lavrov"), "the list is printed");
}

#[test]
fn annals_config_says_where_the_file_is() {
    let out = annals("tests/fixtures/config/good.toml").arg("config").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "tests/fixtures/config/good.toml\n");
    let out = annals("tests/fixtures/config/none.toml").arg("config").output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "tests/fixtures/config/none.toml (not there: every setting is at its default)\n"
    );
}

#[test]
fn the_readmes_example_config_is_read() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = &readme[readme.find("## Configuration").expect("a Configuration section")..];
    let start = section.find("```toml\n").expect("an example") + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let config = annals::config::parse(example, "README.md").unwrap();
    assert_eq!(config.display.date_width, 16);
    assert_ne!(config.keymap, annals::tui::keymap::Keymap::default());
}
