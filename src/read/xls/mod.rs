//! The look of an xls (BIFF8) workbook, which calamine does not read: cell
//! styles, column widths, row heights and page setup, read from the
//! records of the `Workbook` stream. Values, formulas and merges still come
//! from calamine; this reader adds the rest by sheet name.
//!
//! Nothing from the file is trusted: every field is read checked, no
//! allocation is sized by a number in the file, and a damaged record keeps
//! what was read before it. BIFF5 and older workbooks are not decoded and
//! keep no styles. CONTINUE records are not followed: the records read here
//! (fonts, formats, print names, headers) fit in one record in practice.

mod globals;
mod records;
mod sheet;
mod style;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use self::globals::{Globals, GlobalsError};
use crate::model::style::{CellStyle, SheetStyles};
use crate::model::workbook::PageSetup;

/// What the copy needs of one worksheet's look.
#[derive(Debug, Clone, Default)]
pub struct XlsLayout {
    pub styles: SheetStyles,
    pub column_widths: BTreeMap<u32, f64>,
    pub row_heights: BTreeMap<u32, f64>,
    pub page_setup: PageSetup,
}

#[derive(Debug)]
pub enum LayoutError {
    Container(std::io::Error),
    NoWorkbookStream,
    Globals(GlobalsError),
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::Container(error) => write!(f, "not an OLE compound file: {error}"),
            LayoutError::NoWorkbookStream => f.write_str("no Workbook stream"),
            LayoutError::Globals(GlobalsError::NotBiff8) => f.write_str("not BIFF8"),
            LayoutError::Globals(GlobalsError::Encrypted) => f.write_str("encrypted"),
        }
    }
}

/// The layout of every worksheet, by sheet name.
pub fn read_xls_layout(path: &Path) -> Result<HashMap<String, XlsLayout>, LayoutError> {
    let bytes = std::fs::read(path).map_err(LayoutError::Container)?;
    let stream = workbook_stream(bytes)?;
    let globals = globals::read_globals(&stream).map_err(LayoutError::Globals)?;
    Ok(layouts(&stream, &globals))
}

/// The `Workbook` stream; its name is matched without regard to case, as
/// Excel does. Its length is bounded by the file's.
fn workbook_stream(bytes: Vec<u8>) -> Result<Vec<u8>, LayoutError> {
    let limit = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(LayoutError::Container)?;
    let path = file
        .read_root_storage()
        .find(|entry| entry.is_stream() && entry.name().eq_ignore_ascii_case("Workbook"))
        .map(|entry| entry.path().to_path_buf())
        .ok_or(LayoutError::NoWorkbookStream)?;
    let mut stream = Vec::new();
    file.open_stream(&path)
        .and_then(|reader| reader.take(limit).read_to_end(&mut stream))
        .map_err(LayoutError::Container)?;
    Ok(stream)
}

fn layouts(stream: &[u8], globals: &Globals) -> HashMap<String, XlsLayout> {
    let table: Arc<[CellStyle]> = globals.styles.build();
    let mut starts: Vec<usize> = globals.sheets.iter().map(|sheet| sheet.offset).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut read_offsets = HashSet::new();
    let mut layouts = HashMap::new();
    for (index, entry) in globals.sheets.iter().enumerate() {
        // Two sheets at one offset are garbage; reading it once keeps the
        // work linear in the stream's size, however many claim it.
        if !entry.is_worksheet
            || layouts.contains_key(&entry.name)
            || !read_offsets.insert(entry.offset)
        {
            continue;
        }
        let end = substream_end(&starts, entry.offset, stream.len());
        let Some(substream) = stream.get(..end) else {
            continue;
        };
        let sheet = sheet::read_sheet(substream, entry.offset);
        let mut page_setup = sheet.page_setup;
        for name in &globals.print_names {
            if name.local_sheet == Some(index) {
                name.apply_to(&mut page_setup);
            }
        }
        let layout = XlsLayout {
            styles: SheetStyles::new(Arc::clone(&table), sheet.cell_xfs),
            column_widths: sheet.column_widths,
            row_heights: sheet.row_heights,
            page_setup,
        };
        layouts.insert(entry.name.clone(), layout);
    }
    layouts
}

/// Where a sheet's substream ends at the latest: where the next one starts
/// (`starts` sorted).
fn substream_end(starts: &[usize], offset: usize, stream_length: usize) -> usize {
    let next = starts.partition_point(|&start| start <= offset);
    starts
        .get(next)
        .map_or(stream_length, |&start| start.min(stream_length))
}

#[cfg(test)]
mod tests;
