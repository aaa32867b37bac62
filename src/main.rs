//! The `annals` binary: parse arguments, hand over to the library, turn the outcome into
//! an exit code.

use annals::cli::output::Output;
use annals::cli::{self, Cli, EXIT_USAGE};
use annals::config::{self, Config, ThemeSetting};
use annals::ingest::LoadOptions;
use annals::tui::theme::{Theme, ThemeName};
use annals::tui::{self, Ended};
use clap::Parser;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// Loading a million events makes and frees tens of millions of small strings and lists,
/// on several threads: mimalloc does that with less time and less memory than the
/// system's allocator (docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Files larger than this show a progress line while they load.
const PROGRESS_FROM: u64 = 8 << 20;

/// "loading big.jsonl: 45% (290 of 652 MB)" on standard error, rewritten in place.
fn show_progress(name: &str, done: u64, size: u64) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static LAST: AtomicU64 = AtomicU64::new(u64::MAX);
    if size < PROGRESS_FROM {
        return;
    }
    let percent = (done.min(size) * 100 / size.max(1)).min(100);
    if LAST.swap(percent, Ordering::Relaxed) == percent {
        return;
    }
    let name = annals::text::sanitize_line(name);
    let mut err = io::stderr();
    let _ = write!(err, "\rloading {name}: {percent}% ({} of {} MB)\x1b[K", done >> 20, size >> 20);
    if percent == 100 {
        let _ = write!(err, "\r\x1b[K");
    }
}

/// What the interface is told besides the config: why the config file was not used, and
/// the clock asked for.
struct Interface {
    problem: Option<String>,
    clock: annals::model::Clock,
    notes: Option<std::path::PathBuf>,
    view: Option<String>,
    /// A store's events to open on (`--where`), and how many at most (`--window`).
    query: Option<String>,
    window: usize,
}

/// The interface on the terminal; the exit code: 0 when the user quits, 1 when loading
/// failed, a path is missing or the terminal could not be used, 2 for a mistyped command,
/// 128 + its number after a signal.
fn run_interface(
    paths: &[std::path::PathBuf],
    options: LoadOptions,
    config: Config,
    interface: Interface,
    err: &mut dyn Write,
) -> ExitCode {
    // Before the terminal is asked for: a mistyped command, a missing file, a store that
    // cannot be opened or a wrong --where is the more useful thing to hear, with or
    // without a terminal. The interface loads nothing itself: it is handed the loading.
    let cli::browse::Interface { loader, note, store } =
        match cli::browse::loader(paths, interface.query.as_deref(), interface.window, options, err) {
            Ok(Ok(opened)) => opened,
            Ok(Err(code)) => return ExitCode::from(code as u8),
            Err(e) => {
                let _ = writeln!(err, "annals: {e}");
                return ExitCode::from(1);
            }
        };
    let desk = match cli::notes::for_interface(paths, interface.notes.clone(), interface.view.as_deref()) {
        Ok(desk) => desk,
        Err(wrong) => {
            let _ = writeln!(err, "annals: {wrong}");
            return ExitCode::from(EXIT_USAGE as u8);
        }
    };
    // The config's problem and the notes', said together.
    let problem = match (&interface.problem, desk.problem) {
        (Some(config), Some(notes)) => Some(format!("{config}; {notes}")),
        (config, notes) => config.clone().or(notes),
    };
    if !io::stdout().is_terminal() {
        let _ = writeln!(
            err,
            "annals: standard output is not a terminal; to print the timeline use: annals list [PATH...]"
        );
        return ExitCode::from(EXIT_USAGE as u8);
    }
    let name = match config.theme {
        ThemeSetting::Dark => ThemeName::Dark,
        ThemeSetting::Light => ThemeName::Light,
        // Asked before the interface takes the screen: the answer must not reach its keys.
        ThemeSetting::Auto => tui::background::detect().unwrap_or(ThemeName::Dark),
    };
    let settings = tui::Settings {
        theme: Theme::for_terminal(name, tui::background::no_color()),
        keymap: std::sync::Arc::new(config.keymap),
        message: problem.map(|m| annals::text::sanitize_line(&m)),
        note,
        store,
        clock: interface.clock,
        date_width: config.display.date_width,
        notes: desk.notes,
        notes_path: desk.path,
        view: interface.view,
    };
    match tui::run(loader, settings) {
        Ok(Ended::Quit) => ExitCode::SUCCESS,
        Ok(Ended::LoadFailed(why)) => {
            let _ = writeln!(err, "annals: loading failed: {}", annals::text::sanitize_line(&why));
            ExitCode::from(cli::EXIT_DATA_ERRORS as u8)
        }
        Ok(Ended::Signal(signal)) => ExitCode::from((128 + signal) as u8),
        Err(e) => {
            let _ = writeln!(err, "annals: cannot use the terminal: {e}");
            ExitCode::from(1)
        }
    }
}

/// A usage error, or `--help` and `--version`, printed by us rather than by clap: the
/// message may quote an argument, and arguments can hold escapes.
fn usage(error: clap::Error) -> ExitCode {
    let text = error.render().to_string();
    let _ = if error.use_stderr() {
        Output::new(io::stderr(), io::stderr().is_terminal()).write_all(text.as_bytes())
    } else {
        Output::new(io::stdout(), io::stdout().is_terminal()).write_all(text.as_bytes())
    };
    ExitCode::from(error.exit_code() as u8)
}

fn main() -> ExitCode {
    cli::output::report_panics_safely(io::stderr().is_terminal());
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(error) => return usage(error),
    };
    let progress: fn(&str, u64, u64) = show_progress;
    let show = io::stderr().is_terminal();
    let entities = match args.entities.as_deref().map(annals::ingest::entities::load) {
        None => Vec::new(),
        Some(Ok(entities)) => entities,
        Some(Err(problem)) => {
            let _ = writeln!(Output::new(io::stderr(), io::stderr().is_terminal()), "{problem}");
            return ExitCode::from(1);
        }
    };
    let options = LoadOptions {
        max_file_size: args.max_file_size,
        progress: show.then_some(progress),
        published: args.published,
        entities,
        undated: if args.no_reported_on {
            annals::model::Undated::WithArticle
        } else {
            annals::model::Undated::AtReport
        },
    };
    let mut err = Output::new(io::stderr(), io::stderr().is_terminal());
    // A config file that cannot be used is said, located, and everything goes on with the
    // defaults.
    let (config, problem) = config::load();
    let problem = problem.map(|d| {
        let _ = writeln!(err, "{d}");
        let _ = writeln!(err, "annals: the config file is not used: every setting is at its default");
        // In the status bar: the file's name, not its whole path, and nothing it quotes
        // can reach the terminal as an escape.
        let name = std::path::Path::new(&d.file).file_name().map(|n| n.to_string_lossy().into_owned());
        let text = format!("{}:{}:{}: {} (config not used)", name.unwrap_or(d.file), d.line, d.column, d.message);
        annals::text::sanitize_line(&text)
    });
    // --tz, else the config's zone, else UTC.
    let clock = args.tz.unwrap_or(config.display.tz);
    let Some(command) = args.command else {
        return run_interface(
            &args.paths,
            options,
            config,
            Interface { problem, clock, notes: args.notes, view: args.view, query: args.query, window: args.window },
            &mut err,
        );
    };
    // Standard output is locked for the headless commands only: the interface writes to
    // it from its panic hook, on any thread, and must never wait for a lock held here.
    let stdout = io::stdout();
    let mut out = Output::new(io::BufWriter::new(stdout.lock()), io::stdout().is_terminal());
    let result =
        cli::run_command(command, (&options, args.window, io::stderr().is_terminal()), clock, &mut out, &mut err);
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
