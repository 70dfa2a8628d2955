//! The work of one job, and the hidden `worker` subcommand that does jobs
//! for a parent: one job message at a time on stdin, its answer on stdout
//! ([`super::protocol`]), until stdin closes. In-process mode calls
//! [`handle`] directly, so both modes give the same answers.

use std::io::{self, BufReader, BufWriter, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use kpi_audit::mapping::Mapping;
use kpi_audit::model::Message;
use kpi_audit::pipeline::{self, RenderError};
use kpi_audit::results::Outcome;

use super::death::{Death, Limits};
use super::protocol::{Answer, CopyProblem, CopyProblemKind, Job, read_message, write_message};
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
    let mut answers = match answer_channel() {
        Ok(channel) => BufWriter::with_capacity(1 << 16, channel),
        Err(error) => {
            tracing::error!("worker: cannot open its answer channel: {error}");
            return 2;
        }
    };
    let mut jobs = BufReader::with_capacity(1 << 16, io::stdin().lock());
    loop {
        let job: Job = match read_message(&mut jobs) {
            Ok(Some(job)) => job,
            Ok(None) => return 0,
            Err(error) => {
                // The parent would wait for an answer that cannot come:
                // exiting tells it at once.
                tracing::error!("worker: cannot read its job: {error}");
                return 2;
            }
        };
        let answer = handle(&job, mappings);
        if let Err(error) = send(&mut answers, &job, &answer) {
            // The parent is gone.
            tracing::debug!("worker: cannot answer: {error}");
            return 0;
        }
    }
}

/// Sends one answer. One the format cannot carry (a path that is not
/// UTF-8) becomes the job's failure, so the parent still hears back.
fn send(answers: &mut impl Write, job: &Job, answer: &Answer) -> io::Result<()> {
    match write_message(answers, answer) {
        Err(error) if error.kind() == io::ErrorKind::InvalidData => {
            tracing::error!("worker: cannot send the answer: {error}");
            write_message(answers, &failed(job, &Death::Unsendable(error.to_string())))
        }
        sent => sent,
    }
}

/// Where answers go: the process's stdout, taken over so that nothing else
/// can write into the answers; what code in this process prints to stdout
/// goes to stderr instead, which the parent logs.
#[cfg(unix)]
fn answer_channel() -> io::Result<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: dup and dup2 act on the standard descriptors, open for the
    // life of the process; the duplicate is owned by the File alone.
    unsafe {
        let answers = libc::dup(libc::STDOUT_FILENO);
        if answers < 0 {
            return Err(io::Error::last_os_error());
        }
        if libc::dup2(libc::STDERR_FILENO, libc::STDOUT_FILENO) < 0 {
            let error = io::Error::last_os_error();
            libc::close(answers);
            return Err(error);
        }
        Ok(std::fs::File::from_raw_fd(answers))
    }
}

#[cfg(not(unix))]
fn answer_channel() -> io::Result<io::Stdout> {
    Ok(io::stdout())
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
                        RenderError::Unreadable(finding) => finding.message,
                        RenderError::Write(error) => {
                            Message::new(format!("生成标注副本时出错:{error}"), error.to_string())
                        }
                    },
                })
                .and_then(|bytes| {
                    write_output(out, &bytes).map_err(|error| CopyProblem {
                        kind: CopyProblemKind::Output,
                        message: Message::new(
                            format!("无法写入 {}:{error}", out.display()),
                            format!("cannot write {}: {error}", out.display()),
                        ),
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
