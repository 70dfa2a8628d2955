//! A clean stop. Outputs are written to a temporary file and renamed
//! (`write_atomically`); a process stopped between the two would leave the
//! temporary behind. So every output write holds a shared guard, and on
//! SIGINT, SIGTERM or SIGHUP a dedicated thread takes the guard exclusively
//! (waiting for writes under way, which take milliseconds) and exits.
//! Workers get SIGTERM when their parent dies, however it dies, so killing
//! a run stops its workers too, each after its write under way.

use std::io;
use std::path::Path;
use std::sync::{PoisonError, RwLock};

use kpi_audit::write::atomic::{write_atomically, write_atomically_with};

static WRITES: RwLock<()> = RwLock::new(());

/// Writes an output atomically, never cut short by a signal.
pub fn write_output(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let _writing = WRITES.read().unwrap_or_else(PoisonError::into_inner);
    write_atomically(path, bytes)
}

/// As [`write_output`], for an output written piece by piece.
pub fn write_output_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let _writing = WRITES.read().unwrap_or_else(PoisonError::into_inner);
    write_atomically_with(path, fill)
}

/// Stops the process on SIGINT, SIGTERM or SIGHUP once no write is under
/// way, after `before_exit` (which tidies the terminal). Call it before any
/// thread starts: threads inherit the blocked signal mask it sets, so that
/// only its own thread receives them.
#[cfg(unix)]
pub fn stop_cleanly_on_signals(before_exit: fn()) {
    // SAFETY: sigset_t is plain data that sigemptyset initialises; the
    // calls only change this thread's mask.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, signal);
        }
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        set
    };
    let waiter = std::thread::Builder::new()
        .name("signals".into())
        .stack_size(64 * 1024)
        .spawn(move || wait_and_exit(set, before_exit));
    if waiter.is_err() {
        // Without the waiting thread, blocked signals would never stop us.
        // SAFETY: as above.
        unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut()) };
    }
}

#[cfg(unix)]
fn wait_and_exit(set: libc::sigset_t, before_exit: fn()) {
    let mut signal = 0;
    // SAFETY: sigwait reads the set and writes the signal number.
    if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
        return;
    }
    let _no_writes = WRITES.write().unwrap_or_else(PoisonError::into_inner);
    before_exit();
    // SAFETY: _exit ends the process without running destructors, which is
    // what we want while other threads may be mid-work.
    unsafe { libc::_exit(128 + signal) }
}

#[cfg(not(unix))]
pub fn stop_cleanly_on_signals(_before_exit: fn()) {}
