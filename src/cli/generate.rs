//! `annals completions SHELL` and `annals man`: the shell's completion script and a roff
//! man page, both generated from the clap definitions so that they follow every option.

use super::Cli;
use clap::CommandFactory;
use std::io::{self, Write};

/// The completion script for `shell` (bash, zsh, fish, elvish, powershell).
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn Write) -> io::Result<()> {
    // Generated into memory first: clap_complete panics on a failed write, and
    // `annals completions bash | head` closes the pipe early.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "annals", &mut script);
    out.write_all(&script)
}

/// The man page in roff: `annals(1)`, or with a command's name, `annals-COMMAND(1)` (the
/// pages the first one's SUBCOMMANDS section names). None when there is no such command.
pub fn write_man_page(command: Option<&str>, out: &mut dyn Write) -> Option<io::Result<()>> {
    let mut annals = Cli::command();
    // Building names each command for its page ("annals-list") and its usage ("annals list").
    annals.build();
    let page = match command {
        None => annals,
        Some(name) => annals.find_subcommand(name)?.clone(),
    };
    Some(clap_mangen::Man::new(page).render(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut bytes = Vec::new();
        write(&mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_closed_pipe_is_an_error_returned_not_a_panic() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        for shell in [clap_complete::Shell::Bash, clap_complete::Shell::Zsh, clap_complete::Shell::Fish] {
            let error = write_completions(shell, &mut Closed).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
        }
        assert_eq!(write_man_page(None, &mut Closed).unwrap().unwrap_err().kind(), io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn the_man_page_names_the_program_and_every_command() {
        let page = text(|o| write_man_page(None, o).unwrap());
        assert!(page.lines().any(|l| l.starts_with(".TH annals 1")), "{page}");
        for command in super::super::command_names() {
            assert!(page.contains(&format!("annals\\-{command}(1)")), "{command} is missing from the man page");
        }
    }

    #[test]
    fn each_command_has_a_page_of_its_own() {
        for command in super::super::command_names() {
            let page = text(|o| write_man_page(Some(&command), o).unwrap());
            assert!(page.lines().any(|l| l.starts_with(&format!(".TH annals-{command} 1"))), "{page}");
        }
        let page = text(|o| write_man_page(Some("list"), o).unwrap());
        assert!(page.contains("jsonl"), "the options of list: {page}");
        assert!(write_man_page(Some("lst"), &mut Vec::new()).is_none());
    }
}
