//! The `kpi-audit` command line. The library does the work and never
//! prints; this binary parses arguments, renders results and sets the exit
//! status.

mod batch;
mod check;
mod console;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use batch::options::{self, EngineConfig, Isolation, MemoryLimit, TimeLimit};
use batch::watch::{Update, WatchConfig};
use batch::{Engine, RunError, RunReport, preflight};
use clap::{Args, Parser, Subcommand, ValueEnum};
use console::TerminalProgress;
use kpi_audit::discover::Discovery;
use kpi_audit::mapping::{self, LoadError, Mapping};
use kpi_audit::model::{Lang, Severity};
use kpi_audit::report::Report;
use kpi_audit::results::{FileResult, Outcome};

#[derive(Parser)]
#[command(
    name = "kpi-audit",
    version,
    about = "Recompute and audit performance-review workbooks (绩效考核表)"
)]
struct Cli {
    /// More log detail (-v, -vv).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Only errors on the console.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score and audit workbooks; write annotated copies, summary.xlsx and report.json.
    Run {
        /// Workbooks or folders of workbooks (xlsx, xlsm, xlsb, xls, ods).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Folder for the results.
        #[arg(long)]
        out: PathBuf,
        /// Use these mapping files (or every .yaml in a folder) instead of the shipped ones.
        #[arg(long = "mapping")]
        mappings: Vec<PathBuf>,
        /// Language of text written into workbooks.
        #[arg(long, value_enum, default_value_t = Language::Zh)]
        lang: Language,
        /// Follow links that lead out of the input folders (each folder is still read once).
        #[arg(long)]
        follow_links: bool,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Watch a folder: score workbooks as they are dropped in or changed and
    /// keep summary.xlsx and report.json up to date. Runs until stopped.
    Watch {
        /// The hot folder.
        input: PathBuf,
        /// Folder for the results.
        #[arg(long)]
        out: PathBuf,
        /// Use these mapping files (or every .yaml in a folder) instead of the shipped ones.
        #[arg(long = "mapping")]
        mappings: Vec<PathBuf>,
        /// Language of text written into workbooks.
        #[arg(long, value_enum, default_value_t = Language::Zh)]
        lang: Language,
        /// How often to look at the folder (e.g. 1s, 500ms).
        #[arg(long, default_value = "1s", value_parser = options::interval)]
        interval: Duration,
        /// Follow links that lead out of the hot folder (each folder is still read once).
        #[arg(long)]
        follow_links: bool,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Validate mapping files (or every .yaml in a folder) and report every problem with file:line:column.
    Check {
        #[arg(required = true)]
        mappings: Vec<PathBuf>,
        /// Check the labels against this template instead of each mapping's `template`.
        #[arg(long)]
        template: Option<PathBuf>,
    },
    /// Do jobs for a parent run: job messages on stdin, answers on stdout.
    #[command(hide = true)]
    Worker {
        #[arg(long = "mapping")]
        mappings: Vec<PathBuf>,
        /// Address space this process may use.
        #[arg(long, default_value = "none", value_parser = options::memory_limit)]
        memory_limit: MemoryLimit,
    },
}

/// How the batch runs: how many at once, how isolated, within what limits.
#[derive(Args)]
struct EngineArgs {
    /// Files worked on at once [default: the number of cores].
    #[arg(short, long, value_parser = clap::value_parser!(u32).range(1..))]
    jobs: Option<u32>,
    /// `process`: each file in a worker process, stopped if it crashes or
    /// runs out of memory or time; `none`: threads in this process, without
    /// those limits [default: process where the platform has it].
    #[arg(long, value_enum)]
    isolation: Option<Isolation>,
    /// Memory a worker process may use (e.g. 2G, 512M, none).
    #[arg(long, default_value = "2G", value_parser = options::memory_limit)]
    memory_limit: MemoryLimit,
    /// Time a file may take in a worker process (e.g. 60, 90s, none).
    #[arg(long, default_value = "60s", value_parser = options::time_limit)]
    time_limit: TimeLimit,
}

#[derive(Clone, Copy, ValueEnum)]
enum Language {
    Zh,
    En,
}

/// Exit statuses: no error findings, some error findings, cannot proceed.
const CLEAN: u8 = 0;
const FOUND_ERRORS: u8 = 1;
const CANNOT_PROCEED: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    // A reader that panics on a damaged file is caught and reported as that
    // file's result; the default hook would also dump a backtrace per file.
    std::panic::set_hook(Box::new(|info| tracing::debug!("caught a panic: {info}")));
    let log_flags = log_flags(cli.verbose, cli.quiet);
    let command = match with_mapping_files(cli.command) {
        Ok(command) => command,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(CANNOT_PROCEED);
        }
    };
    let status = match command {
        Command::Run {
            inputs,
            out,
            mappings,
            lang,
            follow_links,
            engine,
        } => {
            batch::signals::stop_cleanly_on_signals(console::clear_for_exit);
            let config = engine_config(&engine, &mappings, log_flags);
            let run_config = RunConfig {
                inputs,
                out,
                lang: lang.into(),
                follow_links,
                quiet: cli.quiet,
            };
            run(&run_config, &config)
        }
        Command::Watch {
            input,
            out,
            mappings,
            lang,
            interval,
            follow_links,
            engine,
        } => {
            batch::signals::stop_cleanly_on_signals(console::clear_for_exit);
            let config = engine_config(&engine, &mappings, log_flags);
            let watch = WatchConfig {
                input,
                out,
                interval,
                lang: lang.into(),
                follow_links,
            };
            watch_folder(&watch, &config, cli.quiet)
        }
        Command::Worker {
            mappings,
            memory_limit,
        } => {
            batch::signals::stop_cleanly_on_signals(|| {});
            worker(&mappings, memory_limit)
        }
        Command::Check { mappings, template } => match check::check(&mappings, template.as_deref())
        {
            check::Checked::Clean => CLEAN,
            check::Checked::Problems => FOUND_ERRORS,
            check::Checked::Unreadable => CANNOT_PROCEED,
        },
    };
    ExitCode::from(status)
}

impl From<Language> for Lang {
    fn from(language: Language) -> Self {
        match language {
            Language::Zh => Lang::Zh,
            Language::En => Lang::En,
        }
    }
}

/// The command with every `--mapping` folder replaced by its files, once,
/// so that workers load the very files the parent did.
fn with_mapping_files(mut command: Command) -> Result<Command, LoadError> {
    match &mut command {
        Command::Run { mappings, .. }
        | Command::Watch { mappings, .. }
        | Command::Check { mappings, .. } => *mappings = mapping::mapping_files(mappings)?,
        Command::Worker { .. } => {}
    }
    Ok(command)
}

/// The flags that give workers the parent's log level.
fn log_flags(verbose: u8, quiet: bool) -> Vec<String> {
    if quiet {
        vec!["-q".to_string()]
    } else {
        (0..verbose).map(|_| "-v".to_string()).collect()
    }
}

fn engine_config(
    args: &EngineArgs,
    mapping_files: &[PathBuf],
    log_flags: Vec<String>,
) -> EngineConfig {
    EngineConfig {
        isolation: args
            .isolation
            .unwrap_or_else(Isolation::default_for_platform),
        jobs: args
            .jobs
            .map_or_else(options::default_jobs, |jobs| jobs as usize),
        limits: batch::death::Limits {
            memory: args.memory_limit.0,
            time: args.time_limit.0,
        },
        // Workers run in our working folder, so relative paths hold.
        mapping_files: mapping_files.to_vec(),
        log_flags,
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    use tracing::Level;
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    let (ours, theirs) = match (quiet, verbose) {
        (true, _) => (Level::ERROR, Level::ERROR),
        (false, 0) => (Level::WARN, Level::ERROR),
        (false, 1) => (Level::INFO, Level::WARN),
        (false, _) => (Level::DEBUG, Level::DEBUG),
    };
    // The readers' own warnings ("Invalid ifmt value", thousands on some
    // files) say nothing to the person running a batch: shown from -v on.
    let filter = Targets::new()
        .with_target("kpi_audit", ours)
        .with_default(theirs);
    // Colour only for a terminal; a worker is told by its parent.
    let colour = match std::env::var(batch::worker::LOG_COLOUR) {
        Ok(flag) => flag == "1",
        Err(_) => std::io::stderr().is_terminal(),
    };
    tracing_subscriber::fmt()
        .with_max_level(ours.max(theirs))
        .with_ansi(colour)
        // Log lines print above the progress bar, not through it.
        .with_writer(console::LogWriter::make)
        .with_target(false)
        .finish()
        .with(filter)
        .init();
}

fn load_mappings(files: &[PathBuf]) -> Result<Vec<Mapping>, LoadError> {
    if files.is_empty() {
        return mapping::shipped::shipped_mappings();
    }
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match mapping::load_mapping(file) {
            Ok(mapping) => loaded.push(mapping),
            Err(LoadError::Invalid(found)) => problems.extend(found),
            Err(error) => return Err(error),
        }
    }
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(LoadError::Invalid(problems))
    }
}

/// What `run` was asked.
struct RunConfig {
    inputs: Vec<PathBuf>,
    out: PathBuf,
    lang: Lang,
    follow_links: bool,
    quiet: bool,
}

fn run(run: &RunConfig, config: &EngineConfig) -> u8 {
    let (out, lang, quiet) = (run.out.as_path(), run.lang, run.quiet);
    let mappings = match load_mappings(&config.mapping_files) {
        Ok(mappings) => mappings,
        Err(error) => {
            eprintln!("{error}");
            return CANNOT_PROCEED;
        }
    };
    let prepared = preflight::prepare(&run.inputs, out, run.follow_links).and_then(|mut p| {
        preflight::claim_outputs(&mut p.outputs, &p.discovery.inputs)?;
        Ok(p)
    });
    let Discovery {
        inputs: files,
        skipped,
    } = match prepared {
        Ok(prepared) => prepared.discovery,
        Err(message) => {
            eprintln!("kpi-audit: {message}");
            return CANNOT_PROCEED;
        }
    };
    let mut engine = match Engine::start(config, &mappings, console::log_line) {
        Ok(engine) => engine,
        Err(error) => {
            eprintln!("kpi-audit: cannot start the workers: {error}");
            return CANNOT_PROCEED;
        }
    };
    let mut progress = TerminalProgress::new(quiet);
    let report = match batch::run_once(&mut engine, &files, out, lang, &mut progress) {
        Ok(report) => RunReport { skipped, ..report },
        Err(error) => {
            eprintln!("kpi-audit: {}: {error}", out.display());
            return CANNOT_PROCEED;
        }
    };
    drop(engine);
    for failure in &report.copy_failures {
        tracing::warn!(
            "{}: no annotated copy: {}",
            failure.input.relative.display(),
            failure.problem.message.en
        );
    }
    if !quiet {
        let shown = Report::build(&report.results, &mappings);
        console::print_results(&shown);
        console::print_closing(&report, &shown, out, config.jobs);
    }
    if has_errors(&report.results) {
        FOUND_ERRORS
    } else {
        CLEAN
    }
}

fn has_errors(results: &[FileResult]) -> bool {
    results
        .iter()
        .flat_map(FileResult::findings)
        .any(|f| f.severity == Severity::Error)
}

fn watch_folder(watch: &WatchConfig, config: &EngineConfig, quiet: bool) -> u8 {
    let mappings = match load_mappings(&config.mapping_files) {
        Ok(mappings) => mappings,
        Err(error) => {
            eprintln!("{error}");
            return CANNOT_PROCEED;
        }
    };
    if !watch.input.is_dir() {
        eprintln!("kpi-audit: {} is not a folder", watch.input.display());
        return CANNOT_PROCEED;
    }
    let outputs = match batch::watch::prepare(watch) {
        Ok(outputs) => outputs,
        Err(message) => {
            eprintln!("kpi-audit: {message}");
            return CANNOT_PROCEED;
        }
    };
    let mut engine = match Engine::start(config, &mappings, console::log_line) {
        Ok(engine) => engine,
        Err(error) => {
            eprintln!("kpi-audit: cannot start the workers: {error}");
            return CANNOT_PROCEED;
        }
    };
    if !quiet {
        println!(
            "watching {} (results in {}); stop with Ctrl-C",
            watch.input.display(),
            watch.out.display()
        );
    }
    let mut progress = TerminalProgress::new(quiet);
    let mut on_update = |update: &Update| {
        if !quiet {
            print_update(update, &Report::build(update.results, &mappings));
        }
    };
    let error: RunError =
        match batch::watch::watch(&mut engine, watch, outputs, &mut progress, &mut on_update) {
            Ok(()) => return CLEAN,
            Err(error) => error,
        };
    eprintln!("kpi-audit: {error}");
    CANNOT_PROCEED
}

/// A line per file read or removed, then where the batch stands.
fn print_update(update: &Update, report: &Report) {
    for file in &update.analysed {
        let result = update.results.iter().find(|r| &r.input.relative == file);
        match result.map(|r| &r.outcome) {
            Some(Outcome::Scored(scored)) => {
                let names: Vec<String> = scored
                    .people
                    .iter()
                    .map(|p| console::shown(p.name.as_deref().unwrap_or("?")))
                    .collect();
                println!("  {}: {}", console::shown_path(file), names.join(", "));
            }
            Some(Outcome::Failed(finding)) => {
                let (file, why) = (console::shown_path(file), &finding.message.en);
                println!("  {file}: not scored: {}", console::shown(why));
            }
            None => {}
        }
    }
    for file in &update.removed {
        println!("  {}: removed", console::shown_path(file));
    }
    for skipped in &update.skipped {
        println!(
            "  {}: skipped: {}",
            console::shown_path(&skipped.path),
            skipped.reason.describe()
        );
    }
    let counts = console::Counts::of(report);
    println!(
        "{} read, {} removed: now {} files ({} not scored), {} people, {} errors, {} warnings",
        update.analysed.len(),
        update.removed.len(),
        update.results.len(),
        counts.unscored,
        counts.people,
        counts.errors,
        counts.warnings
    );
    for failure in update.copy_failures {
        println!(
            "  {}: no annotated copy: {}",
            console::shown_path(&failure.input.relative),
            console::shown(&failure.problem.message.en)
        );
    }
}

fn worker(mapping_files: &[PathBuf], memory_limit: MemoryLimit) -> u8 {
    let mappings = match load_mappings(mapping_files) {
        Ok(mappings) => mappings,
        Err(error) => {
            eprintln!("{error}");
            return CANNOT_PROCEED;
        }
    };
    batch::worker::serve(&mappings, memory_limit.0)
}
