//! Command-line arguments and the headless commands (`list`, `stories`, `export`, `check`,
//! `actors`, `count`, `completions`, `man`); everything they print goes through [`output::Output`].

pub mod actors;
pub mod browse;
pub mod convert;
pub mod count;
pub mod export;
pub mod filters;
pub mod generate;
pub mod list;
pub mod list_run;
pub mod notes;
pub mod output;
pub mod stored;
pub mod stories;
pub mod values;
pub mod wrong_input;

pub use filters::FilterArgs;

use crate::diagnostic::Report;
use crate::ingest::Loaded;
use crate::ingest::{self, Input, LoadOptions};
use crate::model::{Corpus, When};
use crate::query::count::GroupBy;
use clap::{Parser, Subcommand};
use std::io::{self, Write};
use std::path::PathBuf;

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_DATA_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "annals",
    version,
    about = "Explore timelines of events drawn from annotated news",
    long_about = "Explore timelines of events drawn from annotated news.\n\n\
        With no command, opens the timeline in the terminal. With no PATH, uses the bundled corpus \
        (the US-Russia diplomatic expulsions of December 2016).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files or directories of articles to open ('-' reads standard input)
    pub paths: Vec<PathBuf>,

    /// Refuse input files larger than this (K, M, G, T are powers of 1024)
    #[arg(long, global = true, value_name = "SIZE", value_parser = values::parse_size, default_value = "1G")]
    pub max_file_size: u64,

    /// Show times of day in this zone: UTC (the default, unless the config file's
    /// display.tz says otherwise), local (this machine's), or an offset such as +03:00 (`z`
    /// cycles them in the interface). Days, months and parts of days stay as their sources
    /// wrote them
    #[arg(long, global = true, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<crate::model::Clock>,

    /// The publication date of articles that have none (brat files, articles without
    /// 'published'): their relative dates ("on Friday") are read against it. A file's
    /// sidecar FILE.published (one line, a date) overrides it for that file
    #[arg(long, global = true, value_name = "DATE", value_parser = values::parse_published)]
    pub published: Option<When>,

    /// Place events without a date with their article's dated events, not at its
    /// publication ("reported on DATE", shown as such, never as their date; `date:reported`
    /// selects them)
    #[arg(long, global = true)]
    pub no_reported_on: bool,

    /// Target entities for a corpus without participants (TimeML, SemEval's track B): one a
    /// line, its name then its aliases after '|' ("Boeing 787 | Dreamliner"). Each is an
    /// actor, taking part (role 'named') in the events of articles that annotate no
    /// participant whose sentence names it
    #[arg(long, global = true, value_name = "FILE")]
    pub entities: Option<PathBuf>,

    /// The notes file: marks, stars, notes and saved views (default: .annals/notes.jsonl in
    /// the data's directory; for the bundled corpus, annals/bundled/notes.jsonl in the XDG
    /// data directory, ~/.local/share by default)
    #[arg(long, value_name = "FILE")]
    pub notes: Option<PathBuf>,

    /// Open with the view saved under NAME (`:save NAME` in the interface)
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,

    /// On a store (a Parquet dataset, a ClickHouse table): the events the interface opens
    /// on, in the query language of `annals list --where` ('actor:putin from:2016-12');
    /// their dates and actors narrow what is read
    #[arg(long = "where", value_name = "QUERY")]
    pub query: Option<String>,

    /// Events read from a store into memory at most: the interface holds the first EVENTS
    /// that pass --where; export, count and stories refuse a filter that passes more
    #[arg(long, global = true, value_name = "EVENTS", default_value_t = DEFAULT_WINDOW, value_parser = values::parse_window)]
    pub window: usize,
}

/// `--window`'s default: the first 100,000 of 10M events of GDELT's shape (two dozen
/// attributes each) are read from a dataset in about 2.2 s and held in 0.42 GB; a million
/// of 1M, 15 s and 2.8 GB (docs/PERFORMANCE.md).
pub const DEFAULT_WINDOW: usize = 100_000;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the events, one a line: date, status marker, actors, summary
    List {
        #[command(flatten)]
        filters: FilterArgs,
        /// table: aligned columns (cut to the width only on a terminal); tsv: a header, then
        /// event, article, date, status, actor_ids, actors, action, summary; jsonl: one JSON
        /// object an event
        #[arg(long, value_enum, default_value_t = list::ListFormat::Table)]
        format: list::ListFormat,
        /// Only the first N events
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Files or directories ('-' reads standard input; none: the bundled corpus); or one
        /// store, read a page at a time: a dataset directory written by `annals convert`,
        /// or clickhouse://[USER@]HOST[:PORT]/DATABASE[/TABLE] (password: CLICKHOUSE_PASSWORD)
        paths: Vec<PathBuf>,
    },
    /// Print the stories that the filtered events tell (reports of one event grouped), one
    /// a line: date, ×reports, ≠ where the sources disagree, summary, outlets
    Stories {
        #[command(flatten)]
        filters: FilterArgs,
        /// table: aligned columns (cut to the width only on a terminal); tsv: a header, then
        /// story, date, reports, disagree, summary, outlets, events; jsonl: one JSON object a
        /// story, with its reports and why each was joined
        #[arg(long, value_enum, default_value_t = stories::StoriesFormat::Table)]
        format: stories::StoriesFormat,
        /// Only stories of two or more reports
        #[arg(long)]
        merged: bool,
        /// The notes file whose splits and merges of stories apply, and that the filter's
        /// is: and note: read (default: the data's, as the interface finds it)
        #[arg(long, value_name = "FILE")]
        notes: Option<PathBuf>,
        /// Files or directories ('-' reads standard input; none: the bundled corpus)
        paths: Vec<PathBuf>,
    },
    /// Write the events as JSON (the annals export format, which annals loads again)
    Export {
        #[command(flatten)]
        filters: FilterArgs,
        /// Write to FILE instead of standard output (atomically)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
        /// native: the annals export, which annals loads again; timelinejs: a TimelineJS3 document
        #[arg(long, value_enum, default_value_t = ExportFormat::Native)]
        format: ExportFormat,
        /// Keep the articles' texts in a native export, so that it reloads with the sentences
        /// around its quotes (the file grows by the texts)
        #[arg(long)]
        with_texts: bool,
        /// Keep the stories (with the notes' splits and merges): a native export lists each
        /// story of two or more exported reports, which a reload joins again; TimelineJS
        /// shows one slide a story
        #[arg(long)]
        stories: bool,
        /// The notes file whose marks, stars and notes go into the export and that the
        /// filter's is: and note: read (default: the data's, as the interface finds it)
        #[arg(long, value_name = "FILE")]
        notes: Option<PathBuf>,
        paths: Vec<PathBuf>,
    },
    /// Write the events as a Parquet dataset in a new directory (events, articles, actors,
    /// events a day), for DuckDB, Spark, ClickHouse or BigQuery; docs/PARQUET.md gives the
    /// columns
    Convert {
        #[command(flatten)]
        filters: FilterArgs,
        /// The directory to make (it must not exist; it appears only once complete), or a
        /// ClickHouse database to load into (clickhouse://[USER@]HOST[:PORT]/DATABASE: its
        /// tables events and actors, made if missing, must be empty)
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Files or directories ('-' reads standard input; none: the bundled corpus)
        paths: Vec<PathBuf>,
    },
    /// Print the DDL of the tables a converted dataset's events.parquet and actors.parquet
    /// load into (ClickHouse: a MergeTree ordered by position, partitioned by year)
    Schema {
        #[arg(value_enum)]
        engine: convert::SchemaEngine,
        /// The database the table goes in
        #[arg(long, default_value = "annals", value_parser = clap::builder::NonEmptyStringValueParser::new())]
        database: String,
    },
    /// Report every problem in the input, then a summary; exit 1 if any error
    Check { paths: Vec<PathBuf> },
    /// List actors with their event counts, most first; with --query, ranked by fuzzy match
    Actors {
        /// Name or part of one ("putn"), ranked by fuzzy match; without it, every actor
        #[arg(short, long, value_name = "QUERY")]
        query: Option<String>,
        /// Files or directories ('-' reads standard input; none: the bundled corpus)
        paths: Vec<PathBuf>,
    },
    /// Count the events by a field: most first, each with its share and the filter words
    /// that select it
    Count {
        /// action, actor, agent, target, tag, status, article, source, day, week, month,
        /// year, or an attribute (code, quad, geo, tone... or its full name)
        #[arg(long, value_name = "FIELD")]
        by: String,
        #[command(flatten)]
        filters: FilterArgs,
        /// table: aligned columns; tsv: label, count, term; json: the buckets and the total
        #[arg(long, value_enum, default_value_t = count::CountFormat::Table)]
        format: count::CountFormat,
        /// Only the N largest buckets
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        paths: Vec<PathBuf>,
    },
    /// Print the shell's completion script (e.g. annals completions bash > ~/.local/share/bash-completion/completions/annals)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page, annals(1), in roff (e.g. annals man | man -l -); with COMMAND,
    /// that command's page, annals-COMMAND(1)
    Man {
        /// list, stories, export, check, actors, count, completions, man or config
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
    /// Where the config file is; with --print-default, every setting at its default
    Config {
        /// Print a config file with every setting at its default, each explained
        #[arg(long)]
        print_default: bool,
    },
}

/// What `annals export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Native,
    Timelinejs,
}

/// The names of the commands, as clap knows them (for suggestions).
pub fn command_names() -> Vec<String> {
    use clap::CommandFactory;
    Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect()
}

pub fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    paths.iter().map(|p| if p.as_os_str() == "-" { Input::Stdin } else { Input::Path(p.clone()) }).collect()
}

/// Run a headless command. Returns the exit code.
pub fn run_command<W: Write>(
    command: Command,
    (options, window, progress): (&LoadOptions, usize, bool),
    clock: crate::model::Clock,
    out: &mut output::Output<W>,
    err: &mut dyn Write,
) -> io::Result<i32> {
    match command {
        Command::List { filters, format, limit, paths } => {
            list_run::run(&filters, (format, limit), &paths, options, clock, out, err)
        }
        Command::Stories { filters, format, merged, notes, paths } => {
            stories::run(&filters, (format, merged), notes, (&paths, window), options, clock, out, err)
        }
        Command::Export { filters, output, force, format, with_texts, stories, notes, paths } => {
            let asked = export::Asked { output, force, format, with_texts, stories, notes };
            export::run(&filters, asked, &paths, (options, window, progress), out, err)
        }
        Command::Convert { filters, output, paths } => convert::run(&filters, &output, &paths, options, out, err),
        Command::Schema { engine, database } => convert::schema(engine, &database, out),
        Command::Check { paths } => {
            let Loaded { corpus, report } = ingest::load(&inputs(&paths), options);
            for d in report.diagnostics() {
                writeln!(out, "{d}")?;
            }
            writeln!(out, "{}", summary(&corpus, &report))?;
            let code = if report.error_count() > 0 { EXIT_DATA_ERRORS } else { EXIT_OK };
            release_at_exit(corpus);
            Ok(code)
        }
        Command::Count { by, filters, format, limit, paths } => {
            if let [place] = paths.as_slice()
                && crate::store::Store::is_store(place)
            {
                return stored::count(place, &filters, &by, (format, limit), options.undated, out, err);
            }
            let Loaded { corpus, report } = match stored::load(&paths, &filters, window, options, err)? {
                Ok(loaded) => loaded,
                Err(code) => return Ok(code),
            };
            let by = match GroupBy::parse(&by, &corpus) {
                Ok(by) => by,
                Err(e) => {
                    writeln!(err, "annals: {}", crate::text::sanitize_line(&e))?;
                    return Ok(EXIT_USAGE);
                }
            };
            let Some((_, events)) = filters::apply(&filters, &corpus, err)? else { return Ok(EXIT_USAGE) };
            count::write_counts(&corpus, &events, &by, format, limit, out)?;
            let code = report_load_problems(&report, out, err);
            release_at_exit(corpus);
            code
        }
        Command::Completions { shell } => generate::write_completions(shell, out).map(|_| EXIT_OK),
        Command::Man { command } => match generate::write_man_page(command.as_deref(), out) {
            Some(written) => written.map(|_| EXIT_OK),
            None => {
                let name = command.as_deref().unwrap_or_default();
                let names = command_names().join(", ");
                let near = crate::query::fields::near_miss(name, command_names().iter().map(String::as_str))
                    .map_or_else(String::new, |c| format!("; did you mean '{c}'?"));
                writeln!(err, "annals: no command '{name}'{near} (commands: {names})")?;
                Ok(EXIT_USAGE)
            }
        },
        Command::Config { print_default: true } => {
            write!(out, "{}", crate::config::default_text())?;
            Ok(EXIT_OK)
        }
        Command::Config { print_default: false } => {
            match crate::config::path() {
                Some(path) if path.exists() => writeln!(out, "{}", path.display())?,
                Some(path) => writeln!(out, "{} (not there: every setting is at its default)", path.display())?,
                None => writeln!(out, "no config directory found: every setting is at its default")?,
            }
            Ok(EXIT_OK)
        }
        Command::Actors { query, paths } => actors::run(query.as_deref().unwrap_or(""), &paths, options, out, err),
    }
}

/// The process ends right after a command: freeing a million events one by one would only
/// delay the exit by a second, so the corpus is left for the system to reclaim.
pub(super) fn release_at_exit(corpus: Corpus) {
    std::mem::forget(corpus);
}

/// "11 files, 11 articles, 100 events (98 dated), 37 actors: 0 errors, 2 warnings"
pub fn summary(corpus: &Corpus, report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {} ({} dated), {}: {}, {}",
        plural(corpus.files().len(), "file"),
        plural(corpus.articles().len(), "article"),
        plural(corpus.events().len(), "event"),
        corpus.dated_len(),
        plural(corpus.actors().len(), "actor"),
        plural(report.error_count(), "error"),
        plural(report.warning_count(), "warning"),
    )
}

/// Errors of loading go to stderr in full; warnings are counted. Standard output is
/// flushed first so that the two do not interleave on a terminal.
pub(super) fn report_load_problems(report: &Report, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    out.flush()?;
    for d in report.diagnostics().iter().filter(|d| d.is_error()) {
        writeln!(err, "{d}")?;
    }
    let warnings = report.warning_count();
    if warnings > 0 {
        writeln!(err, "annals: {warnings} warnings while loading (see: annals check)")?;
    }
    Ok(if report.error_count() > 0 { EXIT_DATA_ERRORS } else { EXIT_OK })
}
