//! In-process mode: jobs on threads of this process. Panics are caught per
//! job, but an abort, a runaway allocation or a stall takes the batch with
//! it; this mode is for tests, benchmarks and platforms without processes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use kpi_audit::mapping::Mapping;

use super::Reply;
use super::death::Death;
use super::protocol::Jobs;
use super::worker::handle;

/// Runs every job on up to `threads` threads; replies in the jobs' order.
pub fn run(
    jobs: Jobs<'_>,
    mappings: &[Mapping],
    threads: usize,
    done: &mut dyn FnMut(),
) -> Vec<Reply> {
    let next = AtomicUsize::new(0);
    let mut replies: Vec<Option<Reply>> = (0..jobs.count).map(|_| None).collect();
    let (sender, answers) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 0..threads.clamp(1, jobs.count.max(1)) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                // Jobs are taken one at a time, so a slow file does not hold
                // up a share of the others.
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= jobs.count {
                        break;
                    }
                    let job = (jobs.make)(index);
                    if sender.send((index, handle(&job, mappings))).is_err() {
                        break;
                    }
                }
            });
        }
        // Only the threads hold senders now: the loop below ends with them.
        drop(sender);
        for (index, answer) in answers {
            replies[index] = Some(Reply::Answer(answer));
            done();
        }
    });
    replies
        .into_iter()
        .map(|reply| reply.unwrap_or_else(|| Reply::Died(Death::Crash("no answer".into()))))
        .collect()
}
