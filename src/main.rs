//! The `annals` binary: parse arguments, hand over to the library, turn the outcome into
//! an exit code.

use annals::cli::{self, Cli, EXIT_USAGE};
use annals::ingest::LoadOptions;
use clap::Parser;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    let options = LoadOptions { max_file_size: args.max_file_size };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let result = match args.command {
        Some(command) => cli::run_command(command, &options, &mut out, &mut err),
        None => {
            if !io::stdout().is_terminal() {
                let _ = writeln!(
                    err,
                    "annals: standard output is not a terminal; to print the timeline use: annals list [PATH...]"
                );
                return ExitCode::from(EXIT_USAGE as u8);
            }
            let corpus = annals::ingest::load(&cli::inputs(&args.paths), &options);
            match annals::tui::run(corpus) {
                Ok(()) => Ok(cli::EXIT_OK),
                Err(e) => {
                    let _ = writeln!(err, "annals: cannot use the terminal: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    };
    let result = result.and_then(|code| out.flush().map(|_| code));
    match result {
        Ok(code) => ExitCode::from(code as u8),
        // `annals list | head` closes the pipe early: not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "annals: {e}");
            ExitCode::from(1)
        }
    }
}
