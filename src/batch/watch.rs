//! `kpi-audit watch IN --out OUT`: a hot folder. The folder is polled; a
//! workbook is taken once it is completely written (the same size, times
//! and identity at two polls in a row, and its container whole: see
//! [`looks_complete`]), analysed, and
//! then the team pass runs again over everything seen so far: copies whose
//! ranks or inputs changed are rendered again, copies of removed files are
//! removed, and summary.xlsx and report.json are rewritten. Office lock
//! files (~$x.xlsx), hidden files and temporary files are left alone (the
//! walk takes only spreadsheet names). A file replaced by one of the same
//! size and modification time is noticed by its change time and identity,
//! and, where those do not tell (some network shares), by its content: one
//! analysed file's content is hashed again at each poll, in turn.
//!
//! Polling rather than file-system events: it works the same on network
//! shares, where HR folders often live, and "stable across two polls" is
//! the completeness test either way.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use kpi_audit::discover::{self, InputFile, Search, Skipped};
use kpi_audit::model::{Lang, Message};
use kpi_audit::pipeline;
use kpi_audit::read::{looks_complete, open_regular_file};
use kpi_audit::results::{FileResult, ScoredFile};
use kpi_audit::write::atomic::sync_outputs;

use super::outputs::OutputFolder;
use super::protocol::{CopyProblem, CopyProblemKind};
use super::{Copy, CopyFailure, Engine, Progress, RunError, analyse, copies_of, write_copies};
use super::{preflight, record_copy_failures, write_summaries};

/// A file that stays the same but does not open is taken after this many
/// polls anyway, so that it is reported (as damaged) rather than waited on
/// for ever.
const POLLS_BEFORE_TAKING_UNOPENABLE: u32 = 3;

pub struct WatchConfig {
    pub input: PathBuf,
    pub out: PathBuf,
    pub interval: Duration,
    pub lang: Lang,
    pub follow_links: bool,
}

/// What one update did, for the console.
pub struct Update<'a> {
    pub results: &'a [FileResult],
    /// The files read in this update, relative to the hot folder.
    pub analysed: Vec<PathBuf>,
    /// The files gone since the last update.
    pub removed: Vec<PathBuf>,
    pub copy_failures: &'a [CopyFailure],
    /// What the walk left out that it had not left out before.
    pub skipped: Vec<Skipped>,
}

/// What a look at a file tells without reading it: when it stays the same
/// across polls, the writer is done with it; when it changes, the file
/// changed (a replacement changes the change time, which no one can set,
/// or the identity, even where the size and modification time are kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Signature {
    len: u64,
    modified: Option<SystemTime>,
    /// Change time and (device, inode), where the system has them.
    changed: Option<(i64, i64)>,
    identity: Option<(u64, u64)>,
}

struct Tracked {
    input: InputFile,
    seen: Signature,
    /// Polls in a row at which `seen` was the same.
    stable: u32,
    /// The signature the current result was made from.
    analysed: Option<Signature>,
    /// The content hash of what was analysed.
    content: Option<u64>,
    result: Option<FileResult>,
}

struct Folder {
    /// In the order the walk found them (the order of the outputs).
    order: Vec<PathBuf>,
    files: BTreeMap<PathBuf, Tracked>,
    /// The copies on disk, with the signature of the input they were made
    /// from: a copy is made again only when either changes.
    copies: BTreeMap<PathBuf, MadeCopy>,
    /// What is the tool's in the output folder.
    outputs: OutputFolder,
    /// What the walk left out so far, told once.
    skipped: BTreeSet<PathBuf>,
    /// Which analysed file's content is hashed again at the next poll.
    next_to_rehash: usize,
}

/// What a copy on disk was made from.
struct MadeCopy {
    seen: Signature,
    input: InputFile,
    scored: ScoredFile,
}

impl MadeCopy {
    fn is_current(&self, seen: Signature, copy: &Copy<'_>) -> bool {
        self.seen == seen && self.input == *copy.input && self.scored == *copy.scored
    }
}

/// Watches until the process is stopped. Returns only on an error that
/// stops the engine. `outputs` is the output folder, checked to hold no
/// summary the tool did not write.
pub fn watch(
    engine: &mut Engine,
    config: &WatchConfig,
    outputs: OutputFolder,
    progress: &mut dyn Progress,
    on_update: &mut dyn FnMut(&Update),
) -> Result<(), RunError> {
    let mut folder = Folder {
        order: Vec::new(),
        files: BTreeMap::new(),
        copies: BTreeMap::new(),
        outputs,
        skipped: BTreeSet::new(),
        next_to_rehash: 0,
    };
    loop {
        let (removed, skipped) = folder.poll(config);
        folder.rehash_one();
        let ready = folder.ready();
        if !ready.is_empty() || !removed.is_empty() || !skipped.is_empty() {
            let analysed = folder.analyse(engine, &ready, progress)?;
            let (results, copy_failures) = folder.publish(engine, config, progress)?;
            on_update(&Update {
                results: &results,
                analysed,
                removed,
                copy_failures: &copy_failures,
                skipped,
            });
        }
        std::thread::sleep(config.interval);
    }
}

impl Folder {
    /// Looks at the folder; returns the known files that disappeared, and
    /// what the walk newly left out.
    fn poll(&mut self, config: &WatchConfig) -> (Vec<PathBuf>, Vec<Skipped>) {
        let search = Search {
            output: Some(&config.out),
            follow_links: config.follow_links,
        };
        let found = match discover::discover(std::slice::from_ref(&config.input), &search) {
            Ok(found) => found,
            Err(error) => {
                // Perhaps a share that went away for a moment: keep what we
                // know rather than report every file removed.
                tracing::warn!("cannot read {}: {error}", config.input.display());
                return (Vec::new(), Vec::new());
            }
        };
        let skipped: Vec<Skipped> = found
            .skipped
            .into_iter()
            .filter(|skipped| self.skipped.insert(skipped.path.clone()))
            .collect();
        let found = found.inputs;
        self.order = found.iter().map(|input| input.path.clone()).collect();
        for input in found {
            let Some(seen) = signature(&input.path) else {
                continue;
            };
            let tracked = self
                .files
                .entry(input.path.clone())
                .or_insert_with(|| Tracked {
                    input: input.clone(),
                    seen,
                    stable: 0,
                    analysed: None,
                    content: None,
                    result: None,
                });
            if tracked.seen == seen {
                tracked.stable += 1;
            } else {
                tracked.seen = seen;
                tracked.stable = 0;
            }
        }
        let gone: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|path| !self.order.contains(path))
            .cloned()
            .collect();
        let removed = gone
            .iter()
            .filter_map(|path| self.files.remove(path))
            .map(|tracked| tracked.input.relative)
            .collect();
        (removed, skipped)
    }

    /// Hashes one analysed file's content again, in turn: a file replaced
    /// where its signature cannot tell (same size and times on a share) is
    /// analysed again.
    fn rehash_one(&mut self) {
        let analysed: Vec<&PathBuf> = self
            .files
            .iter()
            .filter(|(_, t)| t.content.is_some() && t.analysed == Some(t.seen))
            .map(|(path, _)| path)
            .collect();
        if analysed.is_empty() {
            return;
        }
        let path = analysed[self.next_to_rehash % analysed.len()].clone();
        self.next_to_rehash = self.next_to_rehash.wrapping_add(1);
        if let Some(tracked) = self.files.get_mut(&path)
            && content_hash(&path).is_some_and(|hash| Some(hash) != tracked.content)
        {
            tracked.analysed = None;
        }
    }

    /// Files written completely and not analysed in this state.
    fn ready(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter(|(_, t)| t.stable >= 1 && t.analysed != Some(t.seen))
            .filter(|(path, t)| t.stable > POLLS_BEFORE_TAKING_UNOPENABLE || looks_complete(path))
            .map(|(path, _)| path.clone())
            .collect()
    }

    fn analyse(
        &mut self,
        engine: &mut Engine,
        ready: &[PathBuf],
        progress: &mut dyn Progress,
    ) -> Result<Vec<PathBuf>, RunError> {
        let inputs: Vec<InputFile> = ready
            .iter()
            .filter_map(|path| self.files.get(path).map(|t| t.input.clone()))
            .collect();
        // Hashed before the analysis: a change during it is seen later.
        let hashes: Vec<Option<u64>> = ready.iter().map(|path| content_hash(path)).collect();
        let results = analyse(engine, &inputs, progress).map_err(RunError::Engine)?;
        for (result, hash) in results.into_iter().zip(hashes) {
            if let Some(tracked) = self.files.get_mut(&result.input.path) {
                tracked.analysed = Some(tracked.seen);
                tracked.content = hash;
                tracked.result = Some(result);
            }
        }
        Ok(inputs.into_iter().map(|input| input.relative).collect())
    }

    /// The team pass over every file analysed so far, then the copies that
    /// changed, and the summaries.
    fn publish(
        &mut self,
        engine: &mut Engine,
        config: &WatchConfig,
        progress: &mut dyn Progress,
    ) -> Result<(Vec<FileResult>, Vec<CopyFailure>), RunError> {
        let mut results: Vec<FileResult> = self
            .order
            .iter()
            .filter_map(|path| self.files.get(path)?.result.clone())
            .collect();
        pipeline::finish_batch(&mut results, engine.mappings());
        let wanted: Vec<(Signature, Copy)> = copies_of(&results, &config.out)
            .into_iter()
            .filter_map(|copy| Some((self.files.get(&copy.input.path)?.seen, copy)))
            .collect();
        let stale: Vec<Copy> = wanted
            .iter()
            .filter(|(seen, copy)| {
                let made = self.copies.get(&copy.out);
                !made.is_some_and(|made| made.is_current(*seen, copy))
            })
            .map(|(_, copy)| copy.clone())
            .collect();
        let (stale, mut failures) = self.claim(&config.out, stale);
        failures
            .extend(write_copies(engine, &stale, config.lang, progress).map_err(RunError::Engine)?);
        self.forget_removed_copies(&wanted);
        for (seen, copy) in wanted {
            let failed = failures.iter().any(|f| f.input.path == copy.input.path);
            if !failed {
                let made = MadeCopy {
                    seen,
                    input: copy.input.clone(),
                    scored: copy.scored.clone(),
                };
                self.copies.insert(copy.out, made);
            }
        }
        for failure in &failures {
            if failure.problem.kind == CopyProblemKind::Output {
                tracing::error!("{}", failure.problem.message.en);
            }
        }
        record_copy_failures(&mut results, &failures);
        let written = write_summaries(&results, engine.mappings(), &config.out, config.lang)
            .and_then(|()| {
                sync_outputs(&config.out)
                    .map_err(|error| format!("cannot flush the outputs: {error}"))
            });
        if let Err(error) = written {
            // The folder may come back (a full disk freed): keep watching.
            tracing::error!("{error}");
        }
        Ok((results, failures))
    }

    /// Lists the copies about to be written as the tool's; a copy whose
    /// place holds a file the tool did not write is not written.
    fn claim<'r>(
        &mut self,
        out: &Path,
        copies: Vec<Copy<'r>>,
    ) -> (Vec<Copy<'r>>, Vec<CopyFailure>) {
        let below = |copy: &Copy| {
            copy.out
                .strip_prefix(out)
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        let (free, taken): (Vec<Copy>, Vec<Copy>) = copies
            .into_iter()
            .partition(|copy| self.outputs.foreign([below(copy).as_path()]).is_empty());
        let mut failures: Vec<CopyFailure> = taken
            .iter()
            .map(|copy| CopyFailure {
                input: copy.input.clone(),
                problem: CopyProblem {
                    kind: CopyProblemKind::Input,
                    message: Message::new(
                        format!("{} 处已有不是本工具写出的文件,未覆盖", copy.out.display()),
                        format!(
                            "{} holds a file kpi-audit did not write: not overwritten",
                            copy.out.display()
                        ),
                    ),
                },
            })
            .collect();
        let targets: Vec<PathBuf> = free.iter().map(below).collect();
        if let Err(error) = self.outputs.claim(targets.iter().map(PathBuf::as_path)) {
            tracing::error!("cannot list the outputs in {}: {error}", out.display());
            failures.extend(free.iter().map(|copy| CopyFailure {
                input: copy.input.clone(),
                problem: CopyProblem {
                    kind: CopyProblemKind::Output,
                    message: Message::new(
                        format!("无法在 {} 中写入:{error}", out.display()),
                        format!("cannot write in {}: {error}", out.display()),
                    ),
                },
            }));
            return (Vec::new(), failures);
        }
        (free, failures)
    }

    /// Removes copies no file produces any more (its input was removed, or
    /// a name clash renamed it).
    fn forget_removed_copies(&mut self, wanted: &[(Signature, Copy<'_>)]) {
        let gone: Vec<PathBuf> = self
            .copies
            .keys()
            .filter(|out| !wanted.iter().any(|(_, copy)| &copy.out == *out))
            .cloned()
            .collect();
        for out in gone {
            if let Err(error) = std::fs::remove_file(&out) {
                tracing::debug!("cannot remove {}: {error}", out.display());
            }
            self.copies.remove(&out);
        }
    }
}

fn signature(path: &Path) -> Option<Signature> {
    let metadata = std::fs::metadata(path).ok()?;
    Some(Signature {
        len: metadata.len(),
        modified: metadata.modified().ok(),
        changed: change_time(&metadata),
        identity: file_identity(&metadata),
    })
}

#[cfg(unix)]
fn change_time(metadata: &std::fs::Metadata) -> Option<(i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.ctime(), metadata.ctime_nsec()))
}

#[cfg(not(unix))]
fn change_time(_metadata: &std::fs::Metadata) -> Option<(i64, i64)> {
    None
}

#[cfg(unix)]
fn file_identity(metadata: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_identity(_metadata: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// A hash of the file's bytes, read in pieces; `None` for what cannot be
/// read as a regular file.
fn content_hash(path: &Path) -> Option<u64> {
    let mut file = open_regular_file(path).ok()?;
    let mut hasher = std::hash::DefaultHasher::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return Some(hasher.finish()),
            Ok(read) => hasher.write(&buffer[..read]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// Refuses a hot folder that is its own output folder (the copies would be
/// read as inputs) and summaries in the output folder the tool did not
/// write.
pub fn prepare(config: &WatchConfig) -> Result<OutputFolder, String> {
    if config.input.canonicalize().ok() == config.out.canonicalize().ok() {
        return Err(format!(
            "the output folder {} is the hot folder: choose another --out",
            config.out.display()
        ));
    }
    std::fs::create_dir_all(&config.out).map_err(|error| {
        format!(
            "cannot use the output folder {}: {error}",
            config.out.display()
        )
    })?;
    let mut outputs = OutputFolder::open(&config.out)
        .map_err(|error| format!("cannot read {}: {error}", config.out.display()))?;
    let summaries = preflight::SUMMARIES.map(Path::new);
    let foreign = outputs.foreign(summaries);
    if !foreign.is_empty() {
        let names: Vec<String> = foreign.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "{} holds {} that kpi-audit did not write: move it or choose another --out",
            config.out.display(),
            names.join(" and ")
        ));
    }
    outputs
        .claim(summaries)
        .map_err(|error| format!("cannot write in {}: {error}", config.out.display()))?;
    Ok(outputs)
}
