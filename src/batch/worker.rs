//! The work of one job, and the hidden `worker` subcommand that does jobs
//! for a parent: one JSON job per line on stdin, one JSON answer per line on
//! stdout, until stdin closes. In-process mode calls [`handle`] directly, so
//! both modes give the same answers.

use std::io::{self, BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use kpi_audit::mapping::Mapping;
use kpi_audit::pipeline::{self, Outcome, RenderError};

use super::death::{Death, Limits};
use super::protocol::{Answer, CopyProblem, CopyProblemKind, Job};
use super::signals::write_output;

/// Set by the parent: "1" when worker logs should be coloured (they end up
/// on the parent's terminal, which the worker cannot see).
pub const LOG_COLOUR: &str = "KPI_AUDIT_LOG_COLOUR";

/// Serves jobs until stdin closes. Returns the exit status.
pub fn serve(mappings: &[Mapping], memory_limit: Option<u64>) -> u8 {
    if let Some(bytes) = memory_limit
        && let Err(error) = limit_memory(bytes)
    {
        tracing::warn!("worker: cannot set its memory limit: {error}");
    }
    let mut stdout = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let job: Job = match serde_json::from_str(&line) {
            Ok(job) => job,
            Err(error) => {
                // The parent would wait for an answer that cannot come:
                // exiting tells it at once.
                tracing::error!("worker: cannot read the job `{line}`: {error}");
                return 2;
            }
        };
        let answer = handle(&job, mappings);
        if send(&mut stdout, &answer).is_err() {
            // The parent is gone.
            break;
        }
    }
    0
}

/// Writes one answer as a line, streamed: the results of a roster of
/// 100,000 rows are hundreds of megabytes of JSON, which a worker must not
/// hold as one string on top of the results.
fn send(stdout: &mut impl Write, answer: &Answer) -> io::Result<()> {
    let mut writer = io::BufWriter::with_capacity(1 << 16, stdout);
    if let Err(error) = serde_json::to_writer(&mut writer, answer) {
        if error.is_io() {
            return Err(error.into());
        }
        // A value JSON cannot carry: the line ends here, and the parent,
        // unable to read it, reports the file rather than the worker dying.
        tracing::error!("worker: cannot send the answer: {error}");
    }
    writer.write_all(b"\n")?;
    writer.flush()
}

/// Does one job. A panic anywhere (not only in the reader, which catches
/// its own) costs this job only.
pub fn handle(job: &Job, mappings: &[Mapping]) -> Answer {
    match catch_unwind(AssertUnwindSafe(|| perform(job, mappings))) {
        Ok(answer) => answer,
        Err(panic) => failed(job, &Death::Crash(panic_text(&panic))),
    }
}

fn perform(job: &Job, mappings: &[Mapping]) -> Answer {
    match job {
        Job::Analyse { input } => {
            let mut outcome = pipeline::process_file(input, mappings);
            // What the parent does not need is not sent.
            if let Outcome::Scored(scored) = &mut outcome {
                scored.compact();
            }
            Answer::Analysed(outcome)
        }
        Job::Render {
            input,
            plan,
            out,
            lang,
        } => {
            let written = pipeline::render_scored_copy(input, plan, (*lang).into())
                .map_err(|error| CopyProblem {
                    kind: CopyProblemKind::Input,
                    message: match error {
                        RenderError::Unreadable(finding) => finding.message.en,
                        RenderError::Write(error) => error.to_string(),
                    },
                })
                .and_then(|bytes| {
                    write_output(out, &bytes).map_err(|error| CopyProblem {
                        kind: CopyProblemKind::Output,
                        message: format!("cannot write {}: {error}", out.display()),
                    })
                });
            Answer::Rendered(written)
        }
    }
}

/// The answer for a job that did not finish.
pub fn failed(job: &Job, death: &Death) -> Answer {
    // A worker has no say in the limits; messages name them in the parent.
    let limits = Limits {
        memory: None,
        time: None,
    };
    match job {
        Job::Analyse { .. } => Answer::Analysed(Outcome::Failed(death.finding(limits))),
        Job::Render { .. } => Answer::Rendered(Err(death.copy_problem(limits))),
    }
}

pub fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Caps this process's address space: a reader that allocates without bound
/// then fails an allocation and aborts, which the parent reports as "ran
/// out of memory", instead of taking the machine's memory.
#[cfg(unix)]
fn limit_memory(bytes: u64) -> io::Result<()> {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_AS, &mut current) != 0 {
            return Err(io::Error::last_os_error());
        }
        let wanted = (bytes as libc::rlim_t).min(current.rlim_max);
        let limit = libc::rlimit {
            rlim_cur: wanted,
            rlim_max: current.rlim_max,
        };
        if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn limit_memory(_bytes: u64) -> io::Result<()> {
    Err(io::Error::other("memory limits need a Unix system"))
}
