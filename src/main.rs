//! The `kpi-audit` command line. The library does the work and never
//! prints; this binary parses arguments, renders results and sets the exit
//! status.

mod check;
mod console;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kpi_audit::mapping::{self, LoadError, Mapping};
use kpi_audit::model::Lang;
use kpi_audit::pipeline::{self, FileResult, Outcome};
use kpi_audit::write::{atomic::write_atomically, report, summary};

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
        /// Use these mapping files instead of the shipped ones.
        #[arg(long = "mapping")]
        mappings: Vec<PathBuf>,
        /// Language of text written into workbooks.
        #[arg(long, value_enum, default_value_t = Language::Zh)]
        lang: Language,
    },
    /// Validate mapping files and report every problem with file:line:column.
    Check {
        #[arg(required = true)]
        mappings: Vec<PathBuf>,
        /// Check the labels against this template instead of each mapping's `template`.
        #[arg(long)]
        template: Option<PathBuf>,
    },
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
    let status = match cli.command {
        Command::Run {
            inputs,
            out,
            mappings,
            lang,
        } => {
            let lang = match lang {
                Language::Zh => Lang::Zh,
                Language::En => Lang::En,
            };
            run(&inputs, &out, &mappings, lang, cli.quiet)
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

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => tracing::Level::ERROR,
        (false, 0) => tracing::Level::WARN,
        (false, 1) => tracing::Level::INFO,
        (false, _) => tracing::Level::DEBUG,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
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

fn run(inputs: &[PathBuf], out: &Path, mapping_files: &[PathBuf], lang: Lang, quiet: bool) -> u8 {
    let mappings = match load_mappings(mapping_files) {
        Ok(mappings) => mappings,
        Err(error) => {
            eprintln!("{error}");
            return CANNOT_PROCEED;
        }
    };
    if let Err(error) = std::fs::create_dir_all(out) {
        eprintln!(
            "kpi-audit: cannot use the output folder {}: {error}",
            out.display()
        );
        return CANNOT_PROCEED;
    }
    let files = match pipeline::collect_inputs(inputs, out) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("kpi-audit: cannot read the inputs: {error}");
            return CANNOT_PROCEED;
        }
    };
    let results = pipeline::run_batch(&files, &mappings);
    if let Err(error) = write_outputs(&results, &mappings, out, lang) {
        eprintln!("kpi-audit: cannot write to {}: {error}", out.display());
        return CANNOT_PROCEED;
    }
    if !quiet {
        console::print_results(&results, out);
    }
    let has_errors = results
        .iter()
        .flat_map(FileResult::findings)
        .any(|f| f.severity == kpi_audit::model::Severity::Error);
    if has_errors { FOUND_ERRORS } else { CLEAN }
}

fn write_outputs(
    results: &[FileResult],
    mappings: &[Mapping],
    out: &Path,
    lang: Lang,
) -> Result<(), Box<dyn std::error::Error>> {
    let inputs: Vec<_> = results.iter().map(|r| r.input.clone()).collect();
    for (result, name) in results.iter().zip(pipeline::output_names(&inputs)) {
        if let Outcome::Scored(_) = &result.outcome {
            let ranks = pipeline::ranks_of(result);
            let bytes = pipeline::render_scored_copy(&result.input, mappings, &ranks, lang)?;
            write_atomically(&out.join(name), &bytes)?;
        }
    }
    write_atomically(
        &out.join("summary.xlsx"),
        &summary::render_summary(results, lang)?,
    )?;
    let json = serde_json::to_vec_pretty(&report::build_report(results))?;
    write_atomically(&out.join("report.json"), &json)?;
    Ok(())
}
