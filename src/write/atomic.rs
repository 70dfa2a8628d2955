//! Outputs are written to a temporary file beside the target and renamed, so
//! a killed run never leaves a half-written file under the final name.
//!
//! Files are not synced one by one: a rename already keeps a killed run from
//! leaving a partial file, and an fsync per file cost a third of a batch's
//! time. [`sync_outputs`] flushes the whole output folder once, at the end.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// As [`write_atomically`], for an output written piece by piece by `fill`
/// (report.json of a large batch is never held whole in memory).
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = dir {
        fs::create_dir_all(dir)?;
    }
    let temp = path.with_file_name(temporary_name(path));
    let result = (|| {
        let mut file = io::BufWriter::new(fs::File::create(&temp)?);
        fill(&mut file)?;
        file.flush()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Bytes of the target's name kept in the temporary's name: enough to tell
/// what it was for, short enough that a target name near the file system's
/// limit (255 bytes) still has a temporary name.
const NAME_IN_TEMPORARY: usize = 100;

/// A hidden name beside the target, unique in this process (two threads
/// may write targets whose names begin alike).
fn temporary_name(path: &Path) -> String {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let end = (0..=NAME_IN_TEMPORARY.min(name.len()))
        .rev()
        .find(|&at| name.is_char_boundary(at))
        .unwrap_or(0);
    let write = WRITES.fetch_add(1, Ordering::Relaxed);
    format!(".{}.{}-{write}.partial", &name[..end], std::process::id())
}

/// Flushes everything written under `folder` to disk, in one call for the
/// whole file system (`syncfs`), so a power cut after the run loses nothing.
#[cfg(target_os = "linux")]
pub fn sync_outputs(folder: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let handle = fs::File::open(folder)?;
    // SAFETY: syncfs only reads the descriptor, which `handle` keeps open.
    if unsafe { libc::syncfs(handle.as_raw_fd()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Elsewhere, the folder's files are synced one by one.
#[cfg(not(target_os = "linux"))]
pub fn sync_outputs(folder: &Path) -> io::Result<()> {
    for entry in fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            sync_outputs(&path)?;
        } else {
            fs::File::open(&path)?.sync_all()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("kpi-atomic-{}", std::process::id()));
        let target = dir.join("nested").join("out.bin");
        write_atomically(&target, b"abc").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"abc");
        let leftovers: Vec<_> = fs::read_dir(target.parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
            .collect();
        assert!(leftovers.is_empty());
        sync_outputs(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert!(
            sync_outputs(&dir).is_err(),
            "a missing folder cannot be synced"
        );
    }

    #[test]
    fn a_name_near_the_file_systems_limit_still_gets_its_temporary() {
        let dir = std::env::temp_dir().join(format!("kpi-atomic-long-{}", std::process::id()));
        // 246 bytes: with the old temporary name (the whole name, the
        // process id and ".partial") it was too long for the file system.
        let target = dir.join(format!("{}.scored.xlsx", "考".repeat(78)));
        write_atomically(&target, b"abc").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"abc");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn outputs_written_piece_by_piece_arrive_whole() {
        let dir = std::env::temp_dir().join(format!("kpi-atomic-pieces-{}", std::process::id()));
        let target = dir.join("report.json");
        write_atomically_with(&target, |file| {
            (0..1000).try_for_each(|n| write!(file, "{n},"))
        })
        .unwrap();
        let text = fs::read_to_string(&target).unwrap();
        assert!(text.starts_with("0,1,2,") && text.ends_with("998,999,"));
        let failed = write_atomically_with(&dir.join("half.json"), |file| {
            file.write_all(b"{")?;
            Err(io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            ["report.json"],
            "no partial or temporary file is left"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
