//! `kpi-audit watch IN --out OUT`: a hot folder. The folder is polled; a
//! workbook is taken once it is completely written (the same size and
//! modification time at two polls in a row, and it opens), analysed, and
//! then the team pass runs again over everything seen so far: copies whose
//! ranks or inputs changed are rendered again, copies of removed files are
//! removed, and summary.xlsx and report.json are rewritten. Office lock
//! files (~$x.xlsx), hidden files and temporary files are left alone (the
//! walk takes only spreadsheet names).
//!
//! Polling rather than file-system events: it works the same on network
//! shares, where HR folders often live, and "stable across two polls" is
//! the completeness test either way.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use kpi_audit::discover::{self, InputFile};
use kpi_audit::model::{FileFormat, Lang};
use kpi_audit::pipeline;
use kpi_audit::read::format_of;
use kpi_audit::results::{FileResult, ScoredFile};

use super::{Copy, CopyFailure, Engine, Progress, RunError, analyse, copies_of, write_copies};
use super::{protocol::CopyProblemKind, write_summaries};
use kpi_audit::write::atomic::sync_outputs;

/// A file that stays the same but does not open is taken after this many
/// polls anyway, so that it is reported (as damaged) rather than waited on
/// for ever.
const POLLS_BEFORE_TAKING_UNOPENABLE: u32 = 3;

pub struct WatchConfig {
    pub input: PathBuf,
    pub out: PathBuf,
    pub interval: Duration,
    pub lang: Lang,
}

/// What one update did, for the console.
pub struct Update<'a> {
    pub results: &'a [FileResult],
    /// The files read in this update, relative to the hot folder.
    pub analysed: Vec<PathBuf>,
    /// The files gone since the last update.
    pub removed: Vec<PathBuf>,
    pub copy_failures: &'a [CopyFailure],
}

/// A file's size and modification time: when both stay the same across
/// polls, the writer is done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Signature {
    len: u64,
    modified: Option<SystemTime>,
}

struct Tracked {
    input: InputFile,
    seen: Signature,
    /// Polls in a row at which `seen` was the same.
    stable: u32,
    /// The signature the current result was made from.
    analysed: Option<Signature>,
    result: Option<FileResult>,
}

#[derive(Default)]
struct Folder {
    /// In the order the walk found them (the order of the outputs).
    order: Vec<PathBuf>,
    files: BTreeMap<PathBuf, Tracked>,
    /// The copies on disk, with the signature of the input they were made
    /// from: a copy is made again only when either changes.
    copies: BTreeMap<PathBuf, MadeCopy>,
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
/// stops the engine.
pub fn watch(
    engine: &mut Engine,
    config: &WatchConfig,
    progress: &mut dyn Progress,
    on_update: &mut dyn FnMut(&Update),
) -> Result<(), RunError> {
    let mut folder = Folder::default();
    loop {
        let removed = folder.poll(config);
        let ready = folder.ready();
        if !ready.is_empty() || !removed.is_empty() {
            let analysed = folder.analyse(engine, &ready, progress)?;
            let (results, copy_failures) = folder.publish(engine, config, progress)?;
            on_update(&Update {
                results: &results,
                analysed,
                removed,
                copy_failures: &copy_failures,
            });
        }
        std::thread::sleep(config.interval);
    }
}

impl Folder {
    /// Looks at the folder; returns the known files that disappeared.
    fn poll(&mut self, config: &WatchConfig) -> Vec<PathBuf> {
        let found = match discover::collect_inputs(std::slice::from_ref(&config.input), &config.out)
        {
            Ok(found) => found,
            Err(error) => {
                // Perhaps a share that went away for a moment: keep what we
                // know rather than report every file removed.
                tracing::warn!("cannot read {}: {error}", config.input.display());
                return Vec::new();
            }
        };
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
        gone.iter()
            .filter_map(|path| self.files.remove(path))
            .map(|tracked| tracked.input.relative)
            .collect()
    }

    /// Files written completely and not analysed in this state.
    fn ready(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter(|(_, t)| t.stable >= 1 && t.analysed != Some(t.seen))
            .filter(|(path, t)| t.stable > POLLS_BEFORE_TAKING_UNOPENABLE || opens(path))
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
        let results = analyse(engine, &inputs, progress).map_err(RunError::Engine)?;
        for result in results {
            if let Some(tracked) = self.files.get_mut(&result.input.path) {
                tracked.analysed = Some(tracked.seen);
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
        pipeline::team_pass(&mut results, engine.mappings());
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
        let failures =
            write_copies(engine, &stale, config.lang, progress).map_err(RunError::Engine)?;
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
                tracing::error!("{}", failure.problem.message);
            }
        }
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
    })
}

/// Whether the file opens as its format's container: a zip whose central
/// directory (written last) is there; other formats, that it opens at all.
fn opens(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    match format_of(path) {
        Some(FileFormat::Xlsx | FileFormat::Xlsm | FileFormat::Xlsb | FileFormat::Ods) => {
            zip::ZipArchive::new(file).is_ok()
        }
        _ => true,
    }
}
