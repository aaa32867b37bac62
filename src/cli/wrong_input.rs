//! Wrong input caught before the interface opens: a word that is no file but nearly a
//! command (`annals lst`), and a path that does not exist. Without this check the
//! interface would open full screen on an empty timeline and hide the mistake.

use super::{EXIT_DATA_ERRORS, EXIT_USAGE};
use crate::query::fields::near_miss;
use std::fmt;
use std::path::{Path, PathBuf};

/// What is wrong with the paths given to the interface.
#[derive(Debug, PartialEq, Eq)]
pub enum WrongInput {
    /// The first path is not a file, and it is a near miss of the command `suggestion`.
    NearCommand { word: String, suggestion: String },
    /// The first path is not a file but a command's name, read as a path because an
    /// option came before it (`annals --published 2016-12-30 list`).
    CommandAfterOptions(String),
    /// The path does not exist.
    Missing(PathBuf),
}

impl WrongInput {
    /// A mistyped command is a usage error; a missing file is what `annals list MISSING`
    /// reports too: an error of the data.
    pub fn exit_code(&self) -> i32 {
        match self {
            WrongInput::NearCommand { .. } | WrongInput::CommandAfterOptions(_) => EXIT_USAGE,
            WrongInput::Missing(_) => EXIT_DATA_ERRORS,
        }
    }
}

impl fmt::Display for WrongInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WrongInput::NearCommand { word, suggestion } => {
                write!(f, "no file or command '{word}'; did you mean 'annals {suggestion}'?")
            }
            WrongInput::CommandAfterOptions(command) => {
                write!(f, "no file '{command}': options go after the command (annals {command} [OPTIONS] [PATH...])")
            }
            WrongInput::Missing(path) => write!(f, "no such file or directory: {}", path.display()),
        }
    }
}

/// The first problem among `paths` (as given to `annals [PATH...]`), judged against the
/// names of the `commands`; `-` is standard input and always there.
pub fn check_interface_paths<'a>(
    paths: &[PathBuf],
    commands: impl IntoIterator<Item = &'a str>,
) -> Result<(), WrongInput> {
    let mut missing = paths.iter().filter(|p| p.as_os_str() != "-" && !exists(p));
    let Some(first_missing) = missing.next() else { return Ok(()) };
    if Some(first_missing) == paths.first()
        && let Some(suggestion) = command_meant(first_missing, commands)
    {
        let word = first_missing.display().to_string();
        if word == suggestion {
            return Err(WrongInput::CommandAfterOptions(word));
        }
        return Err(WrongInput::NearCommand { word, suggestion: suggestion.to_string() });
    }
    Err(WrongInput::Missing(first_missing.clone()))
}

/// A symbolic link that leads nowhere is there: loading says what is wrong with it.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// The command a word that names no file was likely meant to be; a path with a directory
/// in it was meant as a path.
fn command_meant<'a>(path: &Path, commands: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = path.to_str()?;
    if word.contains(std::path::MAIN_SEPARATOR) || word.contains('/') {
        return None;
    }
    near_miss(word, commands)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMANDS: [&str; 5] = ["list", "export", "check", "actors", "count"];

    fn check(paths: &[&str]) -> Result<(), WrongInput> {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        check_interface_paths(&paths, COMMANDS)
    }

    #[test]
    fn a_near_miss_of_a_command_is_suggested() {
        let wrong = check(&["lst"]).unwrap_err();
        assert_eq!(wrong.to_string(), "no file or command 'lst'; did you mean 'annals list'?");
        assert_eq!(wrong.exit_code(), EXIT_USAGE);
        assert_eq!(
            check(&["exprot", "data"]).unwrap_err(),
            WrongInput::NearCommand { word: "exprot".into(), suggestion: "export".into() }
        );
    }

    #[test]
    fn a_command_read_as_a_path_says_where_options_go() {
        let wrong = check(&["list", "data"]).unwrap_err();
        assert_eq!(wrong, WrongInput::CommandAfterOptions("list".into()));
        assert_eq!(wrong.to_string(), "no file 'list': options go after the command (annals list [OPTIONS] [PATH...])");
        assert_eq!(wrong.exit_code(), EXIT_USAGE);
    }

    #[test]
    fn a_missing_path_is_named() {
        let wrong = check(&["no-such-dir/lst"]).unwrap_err();
        assert_eq!(wrong.to_string(), "no such file or directory: no-such-dir/lst");
        assert_eq!(wrong.exit_code(), EXIT_DATA_ERRORS);
        assert_eq!(check(&["zzzzzz.json"]).unwrap_err(), WrongInput::Missing("zzzzzz.json".into()));
        // Only the first word can be a mistyped command: after a path, it is a path.
        assert_eq!(check(&["data", "lst"]).unwrap_err(), WrongInput::Missing("lst".into()));
    }

    #[test]
    fn existing_paths_and_standard_input_pass() {
        assert_eq!(check(&[]), Ok(()));
        assert_eq!(check(&["-", "data", "Cargo.toml"]), Ok(()));
    }
}
