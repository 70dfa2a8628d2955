//! Input discovery: the spreadsheets a run is given, as files or folders
//! to walk, what the walk leaves out and why, and the names the copies get
//! under the output folder.
//!
//! What is followed, skipped and refused (the README says the same):
//! - a file named on the command line is taken as it is; a folder is walked
//!   in name order, each real folder once (by device and inode), so a link
//!   that loops back or a folder reached twice is read once;
//! - links are not followed out of the input folders unless asked
//!   (`follow_links`); a link to a file or folder inside them is skipped,
//!   since what it points to is read under its own name;
//! - hidden files and folders (a name starting with `.`) and `~$` files are
//!   skipped: the ones worth telling (spreadsheets, folders, a `~$` file
//!   that is a whole workbook rather than Office's lock file) are listed in
//!   [`Discovery::skipped`];
//! - a pipe, socket or device named like a spreadsheet is taken as an input
//!   and reported as not a regular file when read: it is never opened.

mod names;
pub mod wire;

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fmt;
use std::fs::{self, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use names::output_names;

use crate::read::{format_of, open_regular_file};

/// One input file and where it sits below the folder it was found in.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InputFile {
    /// Paths travel as bytes: a name that is not UTF-8 (GBK names from a
    /// Chinese zip archive) must reach a worker as it is.
    #[serde(with = "wire")]
    pub path: PathBuf,
    /// The path below the input root, used to lay out the outputs alike and
    /// to name the file in the summaries; unique within a run.
    #[serde(with = "wire")]
    pub relative: PathBuf,
}

/// How to search.
#[derive(Debug, Clone, Copy, Default)]
pub struct Search<'a> {
    /// The output folder, left out when it is inside an input folder.
    pub output: Option<&'a Path>,
    /// Follow links that lead out of the input folders.
    pub follow_links: bool,
}

/// What a search found, and what it left out that a person should hear of.
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<InputFile>,
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// A spreadsheet whose name starts with `.`.
    HiddenFile,
    /// A folder whose name starts with `.`.
    HiddenFolder,
    /// A `~$` file that holds a workbook, not Office's lock file.
    TildeWorkbook,
    /// A link leading out of the input folders.
    LinkOutside,
    /// A link to a file or folder inside the input folders, read under its
    /// own name.
    LinkInside,
    /// A link whose target does not exist.
    BrokenLink,
    /// A folder or file reached a second time.
    SeenBefore,
    /// A folder that cannot be listed.
    Unlistable,
}

impl SkipReason {
    /// Why, in a few words, for the closing summary.
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::HiddenFile => "hidden files (name starting with .)",
            SkipReason::HiddenFolder => "hidden folders (name starting with .)",
            SkipReason::TildeWorkbook => "workbooks named ~$… (Office lock file names)",
            SkipReason::LinkOutside => {
                "links leading out of the input folders (--follow-links follows them)"
            }
            SkipReason::LinkInside => "links to files or folders already read under their own name",
            SkipReason::BrokenLink => "broken links",
            SkipReason::SeenBefore => "files or folders reached twice",
            SkipReason::Unlistable => "folders that cannot be listed",
        }
    }
}

/// Why the inputs cannot be searched at all.
#[derive(Debug)]
pub enum DiscoverError {
    /// An argument names nothing.
    Missing(PathBuf),
    /// An argument that cannot be looked at or listed.
    Unreadable(PathBuf, io::Error),
}

impl fmt::Display for DiscoverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiscoverError::Missing(path) => {
                write!(f, "{}: no such file or folder", path.display())
            }
            DiscoverError::Unreadable(path, error) => {
                write!(f, "{}: cannot be read: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for DiscoverError {}

/// Finds the spreadsheets under each argument (see the module's notes for
/// what is followed and skipped). Relative names are made unique.
pub fn discover(arguments: &[PathBuf], search: &Search) -> Result<Discovery, DiscoverError> {
    let mut walker = Walker::new(arguments, search);
    for argument in arguments {
        let metadata = fs::metadata(argument).map_err(|error| match error.kind() {
            io::ErrorKind::NotFound => DiscoverError::Missing(argument.clone()),
            _ => DiscoverError::Unreadable(argument.clone(), error),
        })?;
        if metadata.is_dir() {
            if walker.first_visit(argument, &metadata) {
                let entries = fs::read_dir(argument)
                    .map_err(|error| DiscoverError::Unreadable(argument.clone(), error))?;
                walker.walk_entries(argument, entries);
            }
        } else if walker.first_visit(argument, &metadata) {
            let name = argument.file_name().map(PathBuf::from).unwrap_or_default();
            walker.found.inputs.push(InputFile {
                path: argument.clone(),
                relative: name,
            });
        }
    }
    let mut found = walker.found;
    names::tell_apart(&mut found.inputs);
    Ok(found)
}

/// A file's identity on its device: the same folder or file reached by
/// two paths has one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

#[cfg(unix)]
fn identity(_path: &Path, metadata: &Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity::Inode(metadata.dev(), metadata.ino())
}

#[cfg(not(unix))]
fn identity(path: &Path, _metadata: &Metadata) -> Identity {
    Identity::Path(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
}

struct Walker {
    /// The input folders, resolved: a link's target inside one of them is
    /// inside the inputs.
    roots: Vec<PathBuf>,
    output: Option<Identity>,
    follow_links: bool,
    seen: HashSet<Identity>,
    found: Discovery,
}

impl Walker {
    fn new(arguments: &[PathBuf], search: &Search) -> Self {
        let roots = arguments
            .iter()
            .filter(|argument| argument.is_dir())
            .filter_map(|argument| argument.canonicalize().ok())
            .collect();
        let output = search
            .output
            .and_then(|out| Some(identity(out, &fs::metadata(out).ok()?)));
        Self {
            roots,
            output,
            follow_links: search.follow_links,
            seen: HashSet::new(),
            found: Discovery::default(),
        }
    }

    /// Whether this file or folder is met for the first time; a second
    /// meeting is noted as skipped.
    fn first_visit(&mut self, path: &Path, metadata: &Metadata) -> bool {
        let first = self.seen.insert(identity(path, metadata));
        if !first {
            self.skip(path, SkipReason::SeenBefore);
        }
        first
    }

    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.found.skipped.push(Skipped {
            path: path.to_path_buf(),
            reason,
        });
    }

    fn walk(&mut self, root: &Path, folder: &Path) {
        match fs::read_dir(folder) {
            Ok(entries) => self.walk_entries(root, entries),
            Err(error) => {
                tracing::debug!("cannot list {}: {error}", folder.display());
                self.skip(folder, SkipReason::Unlistable);
            }
        }
    }

    fn walk_entries(&mut self, root: &Path, entries: fs::ReadDir) {
        let mut entries: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            self.visit(root, &entry);
        }
    }

    fn visit(&mut self, root: &Path, entry: &fs::DirEntry) {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            return;
        };
        let name = entry.file_name();
        let spreadsheet = is_spreadsheet_name(&path);
        let Some(metadata) = self.followed(&path, kind.is_symlink(), spreadsheet) else {
            return;
        };
        let is_dir = metadata.is_dir();
        if is_dir && self.output.as_ref() == Some(&identity(&path, &metadata)) {
            return;
        }
        match hidden(&name, &path, is_dir, spreadsheet) {
            Hidden::No => {}
            Hidden::Quietly => return,
            Hidden::Told(reason) => return self.skip(&path, reason),
        }
        if is_dir {
            if self.first_visit(&path, &metadata) {
                self.walk(root, &path);
            }
        } else if spreadsheet && self.first_visit(&path, &metadata) {
            let relative = path
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            self.found.inputs.push(InputFile { path, relative });
        }
    }

    /// The metadata of the entry or, for a link, of what it points to when
    /// the link is to be followed; `None` (the reason noted where it is
    /// worth telling) when it is not.
    fn followed(&mut self, path: &Path, is_link: bool, spreadsheet: bool) -> Option<Metadata> {
        if !is_link {
            return fs::symlink_metadata(path).ok();
        }
        let Ok(metadata) = fs::metadata(path) else {
            if spreadsheet {
                self.skip(path, SkipReason::BrokenLink);
            }
            return None;
        };
        if !metadata.is_dir() && !spreadsheet {
            return None;
        }
        let target = path.canonicalize().ok()?;
        if self.roots.iter().any(|root| target.starts_with(root)) {
            self.skip(path, SkipReason::LinkInside);
            None
        } else if self.follow_links {
            Some(metadata)
        } else {
            self.skip(path, SkipReason::LinkOutside);
            None
        }
    }
}

/// Whether an entry is left out for its name, and whether that is worth
/// telling.
enum Hidden {
    No,
    /// A dot-file that is no spreadsheet, Office's own lock file.
    Quietly,
    Told(SkipReason),
}

fn hidden(name: &OsStr, path: &Path, is_dir: bool, spreadsheet: bool) -> Hidden {
    let bytes = name.as_encoded_bytes();
    if bytes.starts_with(b".") {
        match (is_dir, spreadsheet) {
            (true, _) => Hidden::Told(SkipReason::HiddenFolder),
            (false, true) => Hidden::Told(SkipReason::HiddenFile),
            (false, false) => Hidden::Quietly,
        }
    } else if bytes.starts_with("~$".as_bytes()) && !is_dir {
        if spreadsheet && holds_a_workbook(path) {
            Hidden::Told(SkipReason::TildeWorkbook)
        } else {
            Hidden::Quietly
        }
    } else {
        Hidden::No
    }
}

/// Names the walk takes: the workbook formats, and CSV exports, which sit
/// beside workbooks in HR folders and are taken so that each gets a row
/// saying its format is not supported, not silently left out.
fn is_spreadsheet_name(path: &Path) -> bool {
    format_of(path).is_some()
        || path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"))
}

/// Whether a file starts as a workbook does (a zip package or an OLE
/// compound file) rather than as Office's lock file (a user name).
fn holds_a_workbook(path: &Path) -> bool {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let mut start = [0u8; 8];
    open_regular_file(path)
        .and_then(|mut file| file.read_exact(&mut start))
        .is_ok_and(|()| start.starts_with(ZIP) || start.starts_with(OLE))
}

#[cfg(test)]
mod tests;
