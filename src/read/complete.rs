//! Whether a file on disk looks completely written, for a hot folder that
//! must not take a workbook still being copied in. Cheap and bounded: the
//! container's own bookkeeping is checked against the file's length, no
//! more than a few hundred kilobytes are read, and only regular files are
//! opened.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::{format_of, open_regular_file};
use crate::model::FileFormat;

/// A zip package (xlsx, xlsm, xlsb, ods) is complete once its central
/// directory, written last, is there; an OLE compound file (xls) once every
/// sector its allocation table uses is. Other files: once they open.
pub fn looks_complete(path: &Path) -> bool {
    let Ok(file) = open_regular_file(path) else {
        return false;
    };
    match format_of(path) {
        Some(FileFormat::Xlsx | FileFormat::Xlsm | FileFormat::Xlsb | FileFormat::Ods) => {
            zip::ZipArchive::new(file).is_ok()
        }
        Some(FileFormat::Xls) => compound_file_is_whole(file),
        None => true,
    }
}

const OLE_SIGNATURE: [u8; 8] = *b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Allocation table entries that mark a sector as not in use.
const FREE_SECTOR: u32 = 0xFFFF_FFFF;
/// Entries above this are markers (end of chain, table sectors), not sectors.
const LAST_SECTOR_NUMBER: u32 = 0xFFFF_FFFA;
/// Allocation table sectors listed in the header itself.
const HEADER_TABLE_SECTORS: usize = 109;

/// Whether the file holds every sector its allocation table uses. The
/// sectors of the table listed in the header are read (a file up to some
/// 7 MB with 512-byte sectors lists them all there); a bigger file's further
/// table sectors are not checked. A file that is not an OLE compound file
/// (an xls in an older format) counts as whole: the reader will say what it
/// is.
fn compound_file_is_whole(mut file: File) -> bool {
    let Ok(length) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    let mut header = [0u8; 512];
    if file.read_exact(&mut header).is_err() {
        return false;
    }
    if header[..8] != OLE_SIGNATURE {
        return true;
    }
    let shift = u16::from_le_bytes([header[30], header[31]]);
    if !(9..=12).contains(&shift) {
        return false;
    }
    let sector_size = 1u64 << shift;
    let word = |at: usize| {
        u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let table_sectors = (word(44) as usize).min(HEADER_TABLE_SECTORS);
    let mut highest_used: Option<u64> = None;
    let mut sector = vec![0u8; sector_size as usize];
    for index in 0..table_sectors {
        let number = word(76 + 4 * index);
        if number > LAST_SECTOR_NUMBER {
            continue;
        }
        let offset = (u64::from(number) + 1) * sector_size;
        if offset + sector_size > length
            || file.seek(SeekFrom::Start(offset)).is_err()
            || file.read_exact(&mut sector).is_err()
        {
            return false;
        }
        let entries = sector
            .chunks_exact(4)
            .map(|e| u32::from_le_bytes([e[0], e[1], e[2], e[3]]));
        let per_sector = sector_size / 4;
        for (position, entry) in entries.enumerate() {
            if entry != FREE_SECTOR {
                highest_used = Some(index as u64 * per_sector + position as u64);
            }
        }
    }
    highest_used.is_none_or(|highest| (highest + 2) * sector_size <= length)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project_file(relative: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
    }

    #[test]
    fn an_xls_cut_short_is_not_complete_and_the_whole_one_is() {
        let whole = project_file("samples/售前客服部/08_黄强.xls");
        assert!(looks_complete(&whole));
        let bytes = std::fs::read(&whole).unwrap();
        let dir = std::env::temp_dir().join(format!("kpi-complete-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // Cut at sector boundaries too, as a copy in 64 KiB pieces would be.
        for keep in [512, 4096, bytes.len() / 2 / 512 * 512, bytes.len() - 512] {
            let cut = dir.join(format!("cut-{keep}.xls"));
            std::fs::write(&cut, &bytes[..keep]).unwrap();
            assert!(!looks_complete(&cut), "{keep} of {} bytes", bytes.len());
        }
        let xlsx = project_file("samples/售前客服部/01_张伟.xlsx");
        let bytes = std::fs::read(&xlsx).unwrap();
        let cut = dir.join("cut.xlsx");
        std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
        assert!(looks_complete(&xlsx) && !looks_complete(&cut));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
