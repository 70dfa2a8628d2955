//! Worker processes. Each slot runs one `kpi-audit worker` at a time and
//! gives it one job at a time. A worker that dies (abort on a failed
//! allocation, a signal, a panic that escaped) or overruns the time limit is
//! reaped or killed and replaced; its job is tried once more when that could
//! help, then reported with the reason.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use super::Reply;
use super::death::{Death, Limits, death_of, is_allocation_failure};
use super::options::EngineConfig;
use super::protocol::{Answer, Jobs, encode, read_message};
use super::worker::LOG_COLOUR;

/// How often a job is tried before its file is reported.
const MOST_TRIES: u8 = 2;

pub struct Pool {
    program: PathBuf,
    arguments: Vec<OsString>,
    limits: Limits,
    /// Where worker log lines go (the console, which keeps the progress bar
    /// tidy).
    log: fn(&str),
    slots: Vec<Slot>,
    sender: Sender<Event>,
    events: Receiver<Event>,
    next_id: u64,
}

#[derive(Default)]
struct Slot {
    worker: Option<Worker>,
    busy: Option<Busy>,
}

struct Worker {
    id: u64,
    child: Child,
    stdin: Option<ChildStdin>,
    /// Ends when the worker's stderr closes; says whether the worker
    /// reported a failed allocation.
    stderr: Option<JoinHandle<bool>>,
}

#[derive(Clone, Copy)]
struct Busy {
    job: usize,
    since: Instant,
}

/// What the reader threads tell the pool, tagged with the worker's id so
/// that news from a worker already replaced is ignored.
enum Event {
    /// An answer, or why the message that came could not be read.
    Answer {
        worker: u64,
        answer: Result<Answer, String>,
    },
    Closed {
        worker: u64,
    },
}

/// One batch of jobs in flight: what is left to hand out and what came back.
struct Round<'j> {
    jobs: Jobs<'j>,
    queue: VecDeque<usize>,
    tries: Vec<u8>,
    replies: Vec<Option<Reply>>,
    left: usize,
}

impl Pool {
    pub fn new(config: &EngineConfig, log: fn(&str)) -> io::Result<Self> {
        let program = std::env::current_exe()?;
        let mut arguments: Vec<OsString> = vec!["worker".into()];
        arguments.extend(config.log_flags.iter().map(OsString::from));
        if let Some(bytes) = config.limits.memory {
            arguments.push("--memory-limit".into());
            arguments.push(bytes.to_string().into());
        }
        for file in &config.mapping_files {
            arguments.push("--mapping".into());
            arguments.push(file.into());
        }
        let (sender, events) = mpsc::channel();
        Ok(Self {
            program,
            arguments,
            limits: config.limits,
            log,
            slots: (0..config.jobs.max(1)).map(|_| Slot::default()).collect(),
            sender,
            events,
            next_id: 0,
        })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Runs every job; replies in the jobs' order. `done` is called as each
    /// job settles. Fails only if no worker can be started.
    pub fn run(&mut self, jobs: Jobs<'_>, done: &mut dyn FnMut()) -> io::Result<Vec<Reply>> {
        let mut round = Round {
            jobs,
            queue: (0..jobs.count).collect(),
            tries: vec![0; jobs.count],
            replies: (0..jobs.count).map(|_| None).collect(),
            left: jobs.count,
        };
        while round.left > 0 {
            self.dispatch(&mut round, done)?;
            if self.busy().next().is_none() {
                // Every job left was settled while dispatching.
                continue;
            }
            match self.next_event() {
                Ok(Event::Answer { worker, answer }) => {
                    self.on_answer(worker, answer, &mut round, done);
                }
                Ok(Event::Closed { worker }) => self.on_closed(worker, &mut round, done),
                Err(RecvTimeoutError::Timeout) => self.kill_overdue(&mut round, done),
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(io::Error::other("worker events stopped"));
                }
            }
        }
        Ok(round.replies.into_iter().map(settled).collect())
    }

    /// Gives each idle slot the next job, starting its worker if needed.
    fn dispatch(&mut self, round: &mut Round, done: &mut dyn FnMut()) -> io::Result<()> {
        for index in 0..self.slots.len() {
            if self.slots[index].busy.is_some() {
                continue;
            }
            let Some((job, message)) = next_message(round, done) else {
                return Ok(());
            };
            if self.slots[index].worker.is_none() {
                self.slots[index].worker = Some(self.spawn()?);
            }
            round.tries[job] += 1;
            let slot = &mut self.slots[index];
            slot.busy = Some(Busy {
                job,
                since: Instant::now(),
            });
            if let Some(stdin) = slot.worker.as_mut().and_then(|w| w.stdin.as_mut()) {
                // A worker that died before reading fails this write; its
                // closed stdout settles the job, so the error is not ours to
                // handle here.
                let _ = stdin.write_all(&message).and_then(|()| stdin.flush());
            }
        }
        Ok(())
    }

    fn next_event(&self) -> Result<Event, RecvTimeoutError> {
        let deadline = self
            .limits
            .time
            .and_then(|limit| self.busy().map(|(_, busy)| busy.since + limit).min());
        match deadline {
            Some(deadline) => self
                .events
                .recv_timeout(deadline.saturating_duration_since(Instant::now())),
            None => self
                .events
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        }
    }

    fn busy(&self) -> impl Iterator<Item = (usize, Busy)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(index, slot)| slot.busy.map(|busy| (index, busy)))
    }

    fn slot_of(&self, worker: u64) -> Option<usize> {
        self.slots
            .iter()
            .position(|slot| slot.worker.as_ref().is_some_and(|w| w.id == worker))
    }

    fn on_answer(
        &mut self,
        worker: u64,
        answer: Result<Answer, String>,
        round: &mut Round,
        done: &mut dyn FnMut(),
    ) {
        let Some(index) = self.slot_of(worker) else {
            return;
        };
        let Some(busy) = self.slots[index].busy.take() else {
            tracing::debug!("worker {worker} answered no job");
            return;
        };
        let reply = match answer {
            Ok(answer) => Reply::Answer(answer),
            Err(error) => Reply::Died(Death::Unsendable(format!(
                "the worker's answer could not be read: {error}"
            ))),
        };
        round.settle(busy.job, reply, done);
    }

    fn on_closed(&mut self, worker: u64, round: &mut Round, done: &mut dyn FnMut()) {
        let Some(index) = self.slot_of(worker) else {
            return;
        };
        let death = self.reap(index, false);
        if let Some(busy) = self.slots[index].busy.take() {
            self.note_death(round, busy.job, death, done);
        }
    }

    /// Logs a worker's death on a job, then retries or settles the job.
    fn note_death(&self, round: &mut Round, job: usize, death: Death, done: &mut dyn FnMut()) {
        let input = (round.jobs.make)(job).input().path.clone();
        let file = input.display();
        let why = death.message(self.limits).en;
        if round.failed(job, death, done) {
            tracing::info!("{file}: {why}; trying once more");
        } else {
            tracing::warn!("{file}: {why}");
        }
    }

    fn kill_overdue(&mut self, round: &mut Round, done: &mut dyn FnMut()) {
        let Some(limit) = self.limits.time else {
            return;
        };
        let overdue: Vec<(usize, Busy)> = self
            .busy()
            .filter(|(_, busy)| busy.since.elapsed() >= limit)
            .collect();
        for (index, busy) in overdue {
            self.reap(index, true);
            self.slots[index].busy = None;
            self.note_death(round, busy.job, Death::Time, done);
        }
    }

    /// Ends the slot's worker (killing it first if asked) and tells how it
    /// died. The slot starts a new worker when next needed.
    fn reap(&mut self, index: usize, kill: bool) -> Death {
        let Some(mut worker) = self.slots[index].worker.take() else {
            return Death::Crash("no worker".to_string());
        };
        if kill {
            let _ = worker.child.kill();
        }
        drop(worker.stdin.take());
        let status = worker.child.wait();
        let said_out_of_memory = worker
            .stderr
            .take()
            .is_some_and(|thread| thread.join().unwrap_or(false));
        match status {
            _ if kill => Death::Time,
            Ok(status) => death_of(status, said_out_of_memory),
            Err(error) => Death::Crash(format!("the worker could not be waited for: {error}")),
        }
    }

    fn spawn(&mut self) -> io::Result<Worker> {
        let mut command = Command::new(&self.program);
        command
            .args(&self.arguments)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Worker logs reach the parent's stderr through a pipe: colour
            // them as the parent's own.
            .env(
                LOG_COLOUR,
                if io::stderr().is_terminal() { "1" } else { "0" },
            );
        die_with_parent(&mut command);
        let mut child = command.spawn()?;
        let id = self.next_id;
        self.next_id += 1;
        let threads = self.watch_output(id, &mut child);
        match threads {
            Ok(stderr) => Ok(Worker {
                id,
                stdin: child.stdin.take(),
                child,
                stderr: Some(stderr),
            }),
            Err(error) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(error)
            }
        }
    }

    /// Starts the threads that read the worker's stdout (answers, as
    /// events) and stderr (log lines, passed on; and its last words).
    fn watch_output(&self, id: u64, child: &mut Child) -> io::Result<JoinHandle<bool>> {
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("no stdout"))?;
        let stderr = child
            .stderr
            .take()
            .ok_or_else(|| io::Error::other("no stderr"))?;
        let sender = self.sender.clone();
        thread::Builder::new()
            .name(format!("worker-{id}-out"))
            .spawn(move || {
                // Answers are decoded here, beside the pool's own work.
                let mut answers = BufReader::with_capacity(1 << 16, stdout);
                loop {
                    let answer = match read_message::<Answer>(&mut answers) {
                        Ok(Some(answer)) => Ok(answer),
                        // The message was read whole: the next one can be.
                        Err(error) if error.kind() == io::ErrorKind::InvalidData => {
                            Err(error.to_string())
                        }
                        Ok(None) | Err(_) => break,
                    };
                    if sender.send(Event::Answer { worker: id, answer }).is_err() {
                        break;
                    }
                }
                let _ = sender.send(Event::Closed { worker: id });
            })?;
        let log = self.log;
        thread::Builder::new()
            .name(format!("worker-{id}-err"))
            .spawn(move || {
                let mut said_out_of_memory = false;
                for_each_line(stderr, |text| {
                    // After the allocation failure come only its backtrace
                    // (with RUST_BACKTRACE set): the file's row says it all.
                    said_out_of_memory |= is_allocation_failure(&text);
                    if said_out_of_memory {
                        tracing::debug!("worker {id}: {text}");
                    } else {
                        log(&text);
                    }
                    true
                });
                said_out_of_memory
            })
    }
}

impl Round<'_> {
    fn settle(&mut self, job: usize, reply: Reply, done: &mut dyn FnMut()) {
        self.replies[job] = Some(reply);
        self.left -= 1;
        done();
    }

    /// A job whose worker died: once more if that could help (true), else
    /// its reply.
    fn failed(&mut self, job: usize, death: Death, done: &mut dyn FnMut()) -> bool {
        if death.worth_retrying() && self.tries[job] < MOST_TRIES {
            self.queue.push_back(job);
            true
        } else {
            self.settle(job, Reply::Died(death), done);
            false
        }
    }
}

/// The next queued job and its message for a worker. A job that cannot be
/// encoded (a path that is not UTF-8) is settled here, so that every job
/// taken from the queue is either sent or answered.
fn next_message(round: &mut Round, done: &mut dyn FnMut()) -> Option<(usize, Vec<u8>)> {
    while let Some(job) = round.queue.pop_front() {
        match encode(&(round.jobs.make)(job)) {
            Ok(message) => return Some((job, message)),
            Err(error) => {
                let death = Death::Unsendable(error.to_string());
                round.settle(job, Reply::Died(death), done);
            }
        }
    }
    None
}

fn settled(reply: Option<Reply>) -> Reply {
    reply.unwrap_or_else(|| Reply::Died(Death::Crash("no answer".to_string())))
}

/// Calls `each` with every line (lossily decoded: a worker's bytes are not
/// trusted to be UTF-8) until the stream ends or `each` says stop.
fn for_each_line(stream: impl Read, mut each: impl FnMut(String) -> bool) {
    let mut reader = BufReader::new(stream);
    loop {
        // A fresh buffer per line: the line is handed over without a copy,
        // which matters for answers of hundreds of megabytes.
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let mut text = String::from_utf8(line)
                    .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
                text.truncate(text.trim_end_matches(['\n', '\r']).len());
                if !each(text) {
                    return;
                }
            }
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.stop_workers();
    }
}

impl Pool {
    /// How many workers run at once.
    pub fn slots(&self) -> usize {
        self.slots.len()
    }

    /// Ends every worker; the next job starts new ones. Idle workers exit
    /// when their stdin closes; busy ones (left by an error) are killed.
    /// Waiting for each leaves no zombies behind.
    pub fn stop_workers(&mut self) {
        for slot in &mut self.slots {
            if let Some(mut worker) = slot.worker.take() {
                drop(worker.stdin.take());
                if slot.busy.take().is_some() {
                    let _ = worker.child.kill();
                }
                let _ = worker.child.wait();
            }
        }
    }
}

/// Asks the kernel to send the worker SIGTERM when its parent dies, so a
/// killed run leaves no worker running on (its signal handler lets a write
/// under way finish). The signal follows the thread that spawned the worker:
/// the pool lives on the main thread.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: prctl and getppid are async-signal-safe, as pre_exec requires,
    // and touch no memory of the parent.
    unsafe {
        command.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before prctl took effect.
            if libc::getppid() != parent {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_command: &mut Command) {}
