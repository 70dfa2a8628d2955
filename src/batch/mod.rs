//! The batch engine: every file analysed (in worker processes, or threads
//! with `--isolation none`), ranks after all analyses, then every annotated
//! copy rendered, then summary.xlsx and report.json. Results are kept in
//! input order and ranks are computed only once every analysis is in, so
//! the outputs are the same bytes whatever the number of workers or the
//! order in which they finish.

pub mod death;
pub mod options;
pub mod outputs;
mod pool;
pub mod preflight;
pub mod protocol;
pub mod signals;
mod threads;
pub mod watch;
pub mod worker;

use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use kpi_audit::discover::{self, InputFile, Skipped};
use kpi_audit::mapping::Mapping;
use kpi_audit::model::{Code, Finding, Lang, Message};
use kpi_audit::pipeline;
use kpi_audit::report::Report;
use kpi_audit::results::{FileResult, Outcome, ScoredFile};
use kpi_audit::write::edits::CopyPlan;
use kpi_audit::write::summary;

use death::{Death, Limits};
use options::{EngineConfig, Isolation};
use pool::Pool;
use protocol::{Answer, CopyProblem, CopyProblemKind, Job, Jobs};
use signals::{write_output, write_output_with};

/// What came of one job: the worker's answer, or how the worker died.
#[derive(Debug)]
pub enum Reply {
    Answer(Answer),
    Died(Death),
}

/// Where jobs run, and the mappings the parent loaded (the team pass needs
/// them; workers load the same files themselves).
pub struct Engine<'m> {
    mappings: &'m [Mapping],
    runner: Runner,
}

enum Runner {
    Processes(Pool),
    Threads(usize),
}

/// Told as work advances, to draw progress. The engine never prints.
pub trait Progress {
    fn start(&mut self, stage: &str, total: usize);
    fn advance(&mut self);
    fn finish(&mut self);
}

impl<'m> Engine<'m> {
    /// `log` receives worker log lines, for the console to print.
    pub fn start(
        config: &EngineConfig,
        mappings: &'m [Mapping],
        log: fn(&str),
    ) -> io::Result<Self> {
        let runner = match config.isolation {
            Isolation::Process => Runner::Processes(Pool::new(config, log)?),
            Isolation::None => Runner::Threads(config.jobs.max(1)),
        };
        Ok(Self { mappings, runner })
    }

    pub fn mappings(&self) -> &'m [Mapping] {
        self.mappings
    }

    /// Ends the worker processes until the next job: idle workers would
    /// only add to the batch's peak memory while the summaries are written.
    pub fn rest(&mut self) {
        if let Runner::Processes(pool) = &mut self.runner {
            pool.stop_workers();
        }
    }

    /// How many jobs run at once.
    pub fn parallelism(&self) -> usize {
        match &self.runner {
            Runner::Processes(pool) => pool.slots(),
            Runner::Threads(threads) => (*threads).max(1),
        }
    }

    /// The limits jobs run under, for the messages that name them
    /// (in-process threads cannot be held to any).
    pub fn limits(&self) -> Limits {
        match &self.runner {
            Runner::Processes(pool) => pool.limits(),
            Runner::Threads(_) => Limits {
                memory: None,
                time: None,
            },
        }
    }

    /// Runs the jobs; replies in the jobs' order.
    pub fn run(&mut self, jobs: Jobs<'_>, progress: &mut dyn Progress) -> io::Result<Vec<Reply>> {
        let mut done = || progress.advance();
        match &mut self.runner {
            Runner::Processes(pool) => pool.run(jobs, &mut done),
            Runner::Threads(threads) => Ok(threads::run(jobs, self.mappings, *threads, &mut done)),
        }
    }
}

/// Analyses every file; results in input order, without ranks.
pub fn analyse(
    engine: &mut Engine,
    inputs: &[InputFile],
    progress: &mut dyn Progress,
) -> io::Result<Vec<FileResult>> {
    let limits = engine.limits();
    let make = |index: usize| Job::Analyse {
        input: inputs[index].clone(),
    };
    let jobs = Jobs {
        count: inputs.len(),
        make: &make,
    };
    progress.start("reading", jobs.count);
    let replies = engine.run(jobs, progress)?;
    progress.finish();
    Ok(inputs
        .iter()
        .zip(replies)
        .map(|(input, reply)| FileResult {
            input: input.clone(),
            outcome: outcome_of(reply, limits),
            not_copied: None,
        })
        .collect())
}

fn outcome_of(reply: Reply, limits: Limits) -> Outcome {
    match reply {
        Reply::Answer(Answer::Analysed(Outcome::Scored(mut scored))) => {
            // Long lists decoded from a message grew by doubling: trim them.
            scored.compact();
            Outcome::Scored(scored)
        }
        Reply::Answer(Answer::Analysed(outcome)) => outcome,
        Reply::Answer(Answer::Rendered(_)) => {
            Outcome::Failed(Death::Crash("the worker answered another job".into()).finding(limits))
        }
        Reply::Died(death) => Outcome::Failed(death.finding(limits)),
    }
}

/// One annotated copy to make.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy<'r> {
    pub input: &'r InputFile,
    /// The file's final results: what the copy is marked with.
    pub scored: &'r ScoredFile,
    /// The full output path.
    pub out: PathBuf,
}

/// A copy that was not written, and why.
#[derive(Debug, Clone)]
pub struct CopyFailure {
    pub input: InputFile,
    pub problem: CopyProblem,
}

/// The copy of every scored file, with its final results and output path.
pub fn copies_of<'r>(results: &'r [FileResult], out: &Path) -> Vec<Copy<'r>> {
    let inputs: Vec<InputFile> = results.iter().map(|r| r.input.clone()).collect();
    results
        .iter()
        .zip(discover::output_names(&inputs))
        .filter_map(|(result, name)| match &result.outcome {
            Outcome::Scored(scored) => Some(Copy {
                input: &result.input,
                scored,
                out: out.join(name),
            }),
            Outcome::Failed(_) => None,
        })
        .collect()
}

/// Renders and writes the copies; the ones that failed, in order.
pub fn write_copies(
    engine: &mut Engine,
    copies: &[Copy<'_>],
    lang: Lang,
    progress: &mut dyn Progress,
) -> io::Result<Vec<CopyFailure>> {
    let limits = engine.limits();
    let make = |index: usize| {
        let copy = &copies[index];
        Job::Render {
            input: copy.input.clone(),
            plan: CopyPlan::of(copy.scored, lang),
            out: copy.out.clone(),
            lang: lang.into(),
        }
    };
    let jobs = Jobs {
        count: copies.len(),
        make: &make,
    };
    progress.start("writing copies", jobs.count);
    let replies = engine.run(jobs, progress)?;
    progress.finish();
    Ok(copies
        .iter()
        .zip(replies)
        .filter_map(|(copy, reply)| {
            let problem = match reply {
                Reply::Answer(Answer::Rendered(Ok(()))) => return None,
                Reply::Answer(Answer::Rendered(Err(problem))) => problem,
                Reply::Answer(Answer::Analysed(_)) => {
                    Death::Crash("the worker answered another job".into()).copy_problem(limits)
                }
                Reply::Died(death) => death.copy_problem(limits),
            };
            Some(CopyFailure {
                input: copy.input.clone(),
                problem,
            })
        })
        .collect())
}

/// Writes summary.xlsx and report.json for the results, the last outputs of
/// a round. `mappings` give the forms' grades and target distributions.
/// The caller flushes the folder once every output of the round is written
/// ([`kpi_audit::write::atomic::sync_outputs`]).
pub fn write_summaries(
    results: &[FileResult],
    mappings: &[Mapping],
    out: &Path,
    lang: Lang,
) -> Result<(), String> {
    let report = Report::build(results, mappings);
    // Two files at once, one per core: each takes seconds for a roster of
    // 100,000 people.
    let (summary, json) = std::thread::scope(|scope| {
        let json = scope.spawn(|| write_report(&report, out));
        (write_summary(&report, mappings, out, lang), json.join())
    });
    summary?;
    json.map_err(|_| "writing report.json panicked".to_string())?
        .map_err(|error| format!("cannot write report.json: {error}"))
}

fn write_summary(
    report: &Report,
    mappings: &[Mapping],
    out: &Path,
    lang: Lang,
) -> Result<(), String> {
    let bytes = summary::render_summary(report, mappings, lang)
        .map_err(|error| format!("cannot render summary.xlsx: {error}"))?;
    write_output(&out.join("summary.xlsx"), &bytes)
        .map_err(|error| format!("cannot write summary.xlsx: {error}"))
}

/// report.json: the report model, serialised.
fn write_report(report: &Report, out: &Path) -> io::Result<()> {
    write_output_with(&out.join("report.json"), |file| {
        serde_json::to_writer(file, report).map_err(io::Error::from)
    })
}

/// A whole run, as the closing summary tells it.
pub struct RunReport {
    pub results: Vec<FileResult>,
    /// What the search of the inputs left out, for the closing summary.
    pub skipped: Vec<Skipped>,
    pub copy_failures: Vec<CopyFailure>,
    pub started: Instant,
}

#[derive(Debug)]
pub enum RunError {
    /// Workers could not be started or stopped answering.
    Engine(io::Error),
    /// An output could not be written.
    Output(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Engine(error) => write!(f, "cannot run the workers: {error}"),
            RunError::Output(error) => write!(f, "cannot write the results: {error}"),
        }
    }
}

/// Renders the copies and writes the summaries; a copy that could not be
/// made is recorded on its file's result first ([`record_copy_failures`]),
/// so that the summaries list it. Fewer copies than workers (a roster, a
/// handful of forms) leave cores idle while the copies render: the
/// summaries are written meanwhile, and again only if a copy failed.
/// Otherwise they wait, and the workers end first, so that their memory and
/// the summaries' are not needed at once.
fn write_outputs(
    engine: &mut Engine,
    results: &mut [FileResult],
    out: &Path,
    lang: Lang,
    progress: &mut dyn Progress,
) -> Result<Vec<CopyFailure>, RunError> {
    let mappings = engine.mappings();
    let (copy_failures, early) = {
        let results: &[FileResult] = results;
        let copies = copies_of(results, out);
        let alongside = copies.len() < engine.parallelism();
        std::thread::scope(|scope| {
            let early =
                alongside.then(|| scope.spawn(|| write_summaries(results, mappings, out, lang)));
            let copy_failures = write_copies(engine, &copies, lang, progress);
            engine.rest();
            let early = early.map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err("writing the summaries panicked".to_string()))
            });
            (copy_failures, early)
        })
    };
    let copy_failures = copy_failures.map_err(RunError::Engine)?;
    // A copy that cannot be written means the output folder is unusable,
    // which the user must hear about as such; a file that no longer reads,
    // or whose copy the worker could not make, costs only its copy.
    if let Some(failure) = copy_failures
        .iter()
        .find(|f| f.problem.kind == CopyProblemKind::Output)
    {
        return Err(RunError::Output(failure.problem.message.en.clone()));
    }
    record_copy_failures(results, &copy_failures);
    match early {
        Some(written) if copy_failures.is_empty() => written,
        _ => write_summaries(results, mappings, out, lang),
    }
    .map_err(RunError::Output)?;
    Ok(copy_failures)
}

/// Each copy that was not written becomes a finding on its file's result:
/// a row in the summaries, and an error (a missing copy is not a clean run).
pub fn record_copy_failures(results: &mut [FileResult], failures: &[CopyFailure]) {
    for failure in failures {
        if let Some(result) = results.iter_mut().find(|r| r.input == failure.input) {
            let why = &failure.problem.message;
            result.not_copied = Some(Finding::new(
                Code::CopyNotWritten,
                Message::new(
                    format!("未能写出标注副本:{}", why.zh),
                    format!("no annotated copy was written: {}", why.en),
                ),
            ));
        }
    }
}

/// The `run` command's work: analyse, rank, copy, summarise.
pub fn run_once(
    engine: &mut Engine,
    inputs: &[InputFile],
    out: &Path,
    lang: Lang,
    progress: &mut dyn Progress,
) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let mut results = analyse(engine, inputs, progress).map_err(RunError::Engine)?;
    tracing::info!("read {} files in {:.1?}", results.len(), started.elapsed());
    pipeline::finish_batch(&mut results, engine.mappings());
    let copy_failures = write_outputs(engine, &mut results, out, lang, progress)?;
    tracing::info!("copies and summaries done at {:.1?}", started.elapsed());
    kpi_audit::write::atomic::sync_outputs(out)
        .map_err(|error| RunError::Output(format!("cannot flush {}: {error}", out.display())))?;
    tracing::info!("outputs flushed at {:.1?}", started.elapsed());
    Ok(RunReport {
        results,
        skipped: Vec::new(),
        copy_failures,
        started,
    })
}

#[cfg(test)]
mod tests {
    use calamine::Reader;

    use super::*;

    #[test]
    fn a_copy_not_written_is_an_error_row_in_the_summaries() {
        let mappings = kpi_audit::mapping::shipped::shipped_mappings().unwrap();
        let project = Path::new(env!("CARGO_MANIFEST_DIR"));
        let input = InputFile {
            path: project.join("samples/售前客服部/01_张伟.xlsx"),
            relative: PathBuf::from("01_张伟.xlsx"),
        };
        let mut results = vec![FileResult {
            outcome: pipeline::process_file(&input, &mappings),
            input: input.clone(),
            not_copied: None,
        }];
        assert!(results[0].findings().is_empty(), "the sample is clean");
        let limits = Limits {
            memory: Some(2 << 30),
            time: None,
        };
        let failure = CopyFailure {
            input,
            problem: Death::Memory.copy_problem(limits),
        };
        record_copy_failures(&mut results, &[failure]);
        let out = std::env::temp_dir().join(format!("kpi-copy-row-{}", std::process::id()));
        std::fs::create_dir_all(&out).unwrap();
        write_summaries(&results, &mappings, &out, Lang::En).unwrap();
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
        assert_eq!(report["errors"], 1);
        assert_eq!(report["files"][0]["status"], "errors");
        let finding = &report["files"][0]["findings"][0];
        assert_eq!(finding["code"], "copy-not-written");
        assert_eq!(
            finding["message"]["en"],
            "no annotated copy was written: ran out of memory while making its annotated copy (limit 2 GiB)"
        );
        let summary = std::fs::read(out.join("summary.xlsx")).unwrap();
        std::fs::remove_dir_all(&out).unwrap();
        let mut summary: calamine::Xlsx<_> = Reader::new(std::io::Cursor::new(summary)).unwrap();
        let findings = summary.worksheet_range("All findings").unwrap();
        let row: Vec<String> = findings
            .rows()
            .nth(1)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(row[0], "01_张伟.xlsx");
        assert_eq!(row[4], "copy-not-written");
    }
}
