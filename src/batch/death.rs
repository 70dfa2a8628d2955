//! A job that did not answer: the worker ran out of memory, overran its
//! time, or crashed. Each becomes a clear reason on the file's row.

use std::process::ExitStatus;
use std::time::Duration;

use kpi_audit::model::{Code, Finding, Message};

use super::protocol::{CopyProblem, CopyProblemKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Death {
    /// The worker hit its memory limit (or the system killed it for memory).
    Memory,
    /// The worker overran the per-file time limit and was killed.
    Time,
    /// The worker died another way, or answered what cannot be understood.
    Crash(String),
    /// The job or its answer cannot be put into the protocol's JSON (a file
    /// name that is not UTF-8, a number JSON cannot carry).
    Unsendable(String),
}

/// What a job was doing when its worker died, for the message.
#[derive(Debug, Clone, Copy)]
enum Work {
    Reading,
    Copying,
}

/// The limits a worker runs under, for the messages that name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of address space per worker; `None` for no limit.
    pub memory: Option<u64>,
    /// Time per file; `None` for no limit.
    pub time: Option<Duration>,
}

impl Death {
    /// The reason in both languages, for a file being read. The Chinese
    /// text carries no detail so that summary rows with the same reason read
    /// (and filter) alike.
    pub fn message(&self, limits: Limits) -> Message {
        self.message_for(Work::Reading, limits)
    }

    fn message_for(&self, work: Work, limits: Limits) -> Message {
        let (zh_doing, en_doing, en_to) = match work {
            Work::Reading => ("读取此文件", "reading this file", "to read this file"),
            Work::Copying => (
                "生成其标注副本",
                "making its annotated copy",
                "to make its annotated copy",
            ),
        };
        match self {
            Death::Memory => Message::new(
                format!("{zh_doing}时内存超限"),
                match limits.memory {
                    Some(bytes) => format!(
                        "ran out of memory while {en_doing} (limit {})",
                        show_bytes(bytes)
                    ),
                    None => format!("ran out of memory while {en_doing}"),
                },
            ),
            Death::Time => Message::new(
                format!("{zh_doing}时超时"),
                match limits.time {
                    Some(time) => format!("took too long {en_to} (limit {})", show_duration(time)),
                    None => format!("took too long {en_to}"),
                },
            ),
            Death::Unsendable(detail) => Message::new(
                "无法在工作进程之间传递此文件",
                format!("cannot be passed between worker processes: {detail}"),
            ),
            // Worded as a reader panic caught in-process is, so that both
            // count as one reason.
            Death::Crash(detail) => match work {
                Work::Reading => Message::new(
                    "读取此文件时读取器崩溃",
                    format!("the spreadsheet reader crashed: {detail}"),
                ),
                Work::Copying => Message::new(
                    "生成其标注副本时程序崩溃",
                    format!("the copy's writer crashed: {detail}"),
                ),
            },
        }
    }

    /// The file's result when its analysis never answered.
    pub fn finding(&self, limits: Limits) -> Finding {
        Finding::new(Code::UnreadableFile, self.message(limits))
    }

    /// The copy's failure when its rendering never answered.
    pub fn copy_problem(&self, limits: Limits) -> CopyProblem {
        CopyProblem {
            kind: CopyProblemKind::Input,
            message: self.message_for(Work::Copying, limits),
        }
    }

    /// Whether trying the file once more could help: a crash or memory
    /// failure may have been the machine's state, but a file that overran
    /// its time would only cost that time again.
    pub fn worth_retrying(&self) -> bool {
        !matches!(self, Death::Time)
    }
}

/// What a worker's exit says about how it died. `said_out_of_memory` is
/// whether its last words on stderr were Rust's allocation-failure message
/// (it aborts with SIGABRT, which a crash also can).
pub fn death_of(status: ExitStatus, said_out_of_memory: bool) -> Death {
    if said_out_of_memory {
        return Death::Memory;
    }
    if let Some(signal) = signal_of(status) {
        return death_by_signal(signal);
    }
    match status.code() {
        // Rust's exit code for a panic that unwound out of main.
        Some(101) => Death::Crash("the worker panicked".to_string()),
        Some(code) => Death::Crash(format!("the worker exited with status {code}")),
        None => Death::Crash("the worker exited".to_string()),
    }
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn signal_of(_status: ExitStatus) -> Option<i32> {
    None
}

#[cfg(unix)]
fn death_by_signal(signal: i32) -> Death {
    match signal {
        // The parent kills only for time, and records that itself; a SIGKILL
        // it did not send comes from the kernel's out-of-memory killer.
        libc::SIGKILL => Death::Memory,
        libc::SIGSEGV => Death::Crash("segmentation fault (SIGSEGV)".to_string()),
        libc::SIGBUS => Death::Crash("bus error (SIGBUS)".to_string()),
        libc::SIGABRT => Death::Crash("aborted (SIGABRT)".to_string()),
        libc::SIGILL => Death::Crash("illegal instruction (SIGILL)".to_string()),
        libc::SIGFPE => Death::Crash("arithmetic fault (SIGFPE)".to_string()),
        other => Death::Crash(format!("killed by signal {other}")),
    }
}

#[cfg(not(unix))]
fn death_by_signal(signal: i32) -> Death {
    Death::Crash(format!("killed by signal {signal}"))
}

/// Whether a line a worker wrote to stderr is Rust's message before it
/// aborts on a failed allocation.
pub fn is_allocation_failure(line: &str) -> bool {
    line.contains("memory allocation of") && line.contains("failed")
}

pub fn show_bytes(bytes: u64) -> String {
    const GIB: u64 = 1 << 30;
    const MIB: u64 = 1 << 20;
    if bytes >= GIB && bytes.checked_mul(10).is_some_and(|b| b.is_multiple_of(GIB)) {
        format!("{} GiB", trim(bytes as f64 / GIB as f64))
    } else if bytes >= MIB {
        format!("{} MiB", trim(bytes as f64 / MIB as f64))
    } else {
        format!("{bytes} bytes")
    }
}

pub fn show_duration(time: Duration) -> String {
    if time < Duration::from_secs(1) {
        format!("{} ms", time.as_millis())
    } else if time.subsec_millis() == 0 {
        format!("{} s", time.as_secs())
    } else {
        format!("{} s", trim(time.as_secs_f64()))
    }
}

fn trim(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_people_write_them() {
        assert_eq!(show_bytes(2 << 30), "2 GiB");
        assert_eq!(show_bytes(512 << 20), "512 MiB");
        assert_eq!(show_duration(Duration::from_secs(60)), "60 s");
        assert_eq!(show_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(show_duration(Duration::from_millis(250)), "250 ms");
    }

    #[test]
    fn rusts_allocation_failure_message_is_recognised() {
        assert!(is_allocation_failure(
            "memory allocation of 8589934592 bytes failed"
        ));
        assert!(!is_allocation_failure("WARN something else failed"));
    }
}
