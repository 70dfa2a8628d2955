//! The output folder and what in it is ours. Every file the tool writes
//! there is listed, before it is written, in a manifest
//! (`.kpi-audit-outputs`); a file in the way that the manifest does not
//! list is the user's own (a summary.xlsx of their own, a workbook in the
//! folder they chose for results) and is never overwritten: the run is
//! refused instead.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use super::signals::write_output;

/// The manifest's name in the output folder (hidden, as the walk skips).
pub const MANIFEST: &str = ".kpi-audit-outputs";
/// The first line of the manifest, so that it says what it is.
const HEADER: &str = "# files written by kpi-audit; it overwrites only these";

pub struct OutputFolder {
    folder: PathBuf,
    /// Paths below the folder.
    ours: BTreeSet<PathBuf>,
}

impl OutputFolder {
    /// The folder and its manifest (none yet: nothing in it is ours).
    pub fn open(folder: &Path) -> io::Result<Self> {
        let ours = match std::fs::read(folder.join(MANIFEST)) {
            Ok(bytes) => parse(&bytes),
            Err(error) if error.kind() == io::ErrorKind::NotFound => BTreeSet::new(),
            Err(error) => return Err(error),
        };
        Ok(Self {
            folder: folder.to_path_buf(),
            ours,
        })
    }

    pub fn path(&self) -> &Path {
        &self.folder
    }

    /// Of `targets` (paths below the folder), those a file the tool did not
    /// write stands on.
    pub fn foreign<'a>(&self, targets: impl IntoIterator<Item = &'a Path>) -> Vec<PathBuf> {
        targets
            .into_iter()
            .filter(|target| !self.ours.contains(*target))
            .filter(|target| std::fs::symlink_metadata(self.folder.join(target)).is_ok())
            .map(Path::to_path_buf)
            .collect()
    }

    /// Whether `path` (below the folder) is listed as ours.
    pub fn is_ours(&self, path: &Path) -> bool {
        self.ours.contains(path)
    }

    /// Lists `targets` as ours before they are written, and forgets listed
    /// files that are gone.
    pub fn claim<'a>(&mut self, targets: impl IntoIterator<Item = &'a Path>) -> io::Result<()> {
        let folder = &self.folder;
        self.ours.retain(|path| folder.join(path).exists());
        self.ours.extend(targets.into_iter().map(Path::to_path_buf));
        let mut text = Vec::from(HEADER.as_bytes());
        text.push(b'\n');
        for path in &self.ours {
            text.extend(escape(path));
            text.push(b'\n');
        }
        write_output(&self.folder.join(MANIFEST), &text)
    }
}

/// A path as one line: `%`, line breaks and (on Unix) bytes that are not
/// UTF-8 as `%XX`.
fn escape(path: &Path) -> Vec<u8> {
    let mut line = Vec::new();
    let bytes = path.as_os_str().as_encoded_bytes();
    let valid = std::str::from_utf8(bytes).is_ok();
    for &byte in bytes {
        if byte == b'%' || byte == b'\n' || byte == b'\r' || (!valid && byte >= 0x80) {
            line.extend(format!("%{byte:02X}").bytes());
        } else {
            line.push(byte);
        }
    }
    line
}

fn parse(bytes: &[u8]) -> BTreeSet<PathBuf> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty() && !line.starts_with(b"#"))
        .filter_map(unescape)
        .collect()
}

fn unescape(line: &[u8]) -> Option<PathBuf> {
    let mut bytes = Vec::with_capacity(line.len());
    let mut rest = line;
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    path_of_bytes(bytes)
}

#[cfg(unix)]
fn path_of_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn path_of_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_in_the_way_are_ours_only_once_claimed() {
        let folder = std::env::temp_dir().join(format!("kpi-outputs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("summary.xlsx"), b"the user's own").unwrap();
        let summary = Path::new("summary.xlsx");
        let copy = Path::new("a/张伟.scored.xlsx");
        let odd = Path::new("100%\nsure.scored.xlsx");
        let mut outputs = OutputFolder::open(&folder).unwrap();
        assert_eq!(outputs.foreign([summary, copy]), [summary]);
        outputs.claim([copy, odd]).unwrap();
        let reopened = OutputFolder::open(&folder).unwrap();
        assert!(reopened.is_ours(copy) && reopened.is_ours(odd));
        assert!(!reopened.is_ours(summary));
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_listed_as_they_are() {
        use std::os::unix::ffi::OsStrExt;
        let gbk = Path::new(std::ffi::OsStr::from_bytes(b"\xd5\xc5\xce\xb0.scored.xlsx"));
        assert_eq!(unescape(&escape(gbk)).unwrap(), gbk);
    }
}
