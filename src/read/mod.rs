//! Stage 2: read a workbook into the shared model: every worksheet's cached
//! values, formulas, styles, merged regions and geometry.

mod area;
mod complete;
mod ods;
#[cfg(test)]
mod test_support;
mod xls;
pub(crate) mod xlsx;

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Data, Dimensions, Range, Reader, SheetType, Xls, Xlsb};

pub use complete::looks_complete;

use crate::model::cell_ref::{LAST_COL, LAST_ROW};
use crate::model::{Cell, CellRange, CellRef, CellValue, FileFormat, Sheet, Workbook};

/// Why a file could not be read. Each is a clear reason for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    UnsupportedFormat(String),
    /// A pipe, socket, device or folder named like a workbook: never opened.
    NotAFile,
    Encrypted,
    Damaged(String),
    NoWorksheet,
    ReaderCrashed(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::UnsupportedFormat(ext) => write!(f, "unsupported format: {ext}"),
            ReadError::NotAFile => f.write_str("not a regular file (a pipe, device or folder)"),
            ReadError::Encrypted => f.write_str("password protected or encrypted"),
            ReadError::Damaged(why) => write!(f, "damaged or not a spreadsheet: {why}"),
            ReadError::NoWorksheet => f.write_str("no worksheet (chart sheets only?)"),
            ReadError::ReaderCrashed(why) => write!(f, "the spreadsheet reader crashed: {why}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The format a file claims by its extension, case-insensitively.
pub fn format_of(path: &Path) -> Option<FileFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "xlsx" => Some(FileFormat::Xlsx),
        "xlsm" => Some(FileFormat::Xlsm),
        "xlsb" => Some(FileFormat::Xlsb),
        "xls" => Some(FileFormat::Xls),
        "ods" => Some(FileFormat::Ods),
        _ => None,
    }
}

pub fn read_workbook(path: &Path) -> Result<Workbook, ReadError> {
    let format = format_of(path).ok_or_else(|| {
        let extension = path.extension().map(|e| e.to_string_lossy().into_owned());
        ReadError::UnsupportedFormat(extension.unwrap_or_else(|| "no extension".into()))
    })?;
    // Opening a pipe would wait for a writer that may never come.
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => {}
        Ok(_) => return Err(ReadError::NotAFile),
        Err(error) => return Err(ReadError::Damaged(format!("cannot open the file: {error}"))),
    }
    // A reader bug must cost one file, not the batch.
    let mut contents = catch_unwind(AssertUnwindSafe(|| read_contents(path, format)))
        .map_err(|panic| ReadError::ReaderCrashed(panic_message(&panic)))??;
    if contents.sheets.is_empty() {
        return Err(ReadError::NoWorksheet);
    }
    for sheet in &mut contents.sheets {
        keep_to_the_grid(path, sheet);
    }
    Ok(Workbook {
        path: path.to_path_buf(),
        format,
        sheets: contents.sheets,
        recalculates_on_load: contents.recalculates_on_load,
    })
}

/// Opens a file to read only if it is a regular file. A pipe, socket or
/// device named like a workbook is opened without waiting (a pipe's open
/// would block until a writer comes) and refused.
pub fn open_regular_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    if file.metadata()?.is_file() {
        Ok(file)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ))
    }
}

/// Drops what lies beyond Excel's grid (column XFD, row 1,048,576): only a
/// damaged file has it, and no cell address can name it.
fn keep_to_the_grid(path: &Path, sheet: &mut Sheet) {
    let before = sheet.cells.len();
    sheet.cells.retain(|at, _| at.in_grid());
    let merges = sheet.merges.len();
    sheet.merges.retain(|range| range.first.in_grid());
    for range in &mut sheet.merges {
        range.last.row = range.last.row.min(LAST_ROW);
        range.last.col = range.last.col.min(LAST_COL);
    }
    let dropped = before - sheet.cells.len() + merges - sheet.merges.len();
    if dropped > 0 {
        tracing::warn!(
            "{}: sheet {}: {dropped} cells or merges beyond Excel's grid left out",
            path.display(),
            sheet.name
        );
    }
}

/// What a file holds for the model.
#[derive(Debug)]
pub(crate) struct Contents {
    /// The worksheets, in workbook order; chart, dialog and macro sheets
    /// hold no cells to score and are left out.
    pub sheets: Vec<Sheet>,
    pub recalculates_on_load: bool,
}

/// xlsx and xlsm are read by our own reader, the other formats by calamine
/// (which does not tell whether they recalculate on load).
fn read_contents(path: &Path, format: FileFormat) -> Result<Contents, ReadError> {
    let sheets = match format {
        FileFormat::Xlsx | FileFormat::Xlsm => return xlsx::read_xlsx(path),
        FileFormat::Xls => read_xls(path)?,
        FileFormat::Xlsb => read_each(&mut open::<Xlsb<_>>(path)?, |_, _| {})?,
        FileFormat::Ods => ods::read_ods(path)?,
    };
    Ok(Contents {
        sheets,
        recalculates_on_load: false,
    })
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Values, formulas and merges from calamine; the look (which calamine does
/// not read from xls) from our own reader. A workbook whose look cannot be
/// read is still scored, with a plain copy.
fn read_xls(path: &Path) -> Result<Vec<Sheet>, ReadError> {
    let mut reader = open::<Xls<_>>(path)?;
    let date1904 = reader.has_1904_epoch();
    let mut layouts = xls::read_xls_layout(path).unwrap_or_else(|error| {
        tracing::debug!("{}: styles not read: {error}", path.display());
        HashMap::new()
    });
    read_each(&mut reader, |reader, sheet| {
        sheet.merges = reader
            .merge_cells_by_sheet_name(&sheet.name)
            .map(|dims| dims.iter().map(to_range).collect())
            .unwrap_or_default();
        if let Some(layout) = layouts.remove(&sheet.name) {
            sheet.styles = layout.styles;
            sheet.column_widths = layout.column_widths;
            sheet.row_heights = layout.row_heights;
            sheet.page_setup = layout.page_setup;
        }
        if date1904 {
            move_to_1900_dates(sheet);
        }
    })
}

/// Days from Excel's 1900 epoch to its 1904 one.
const DAYS_1900_TO_1904: f64 = 1462.0;

/// The model keeps dates in the 1900 system, the only one the copies are
/// written in, so that a 1904 workbook's (old Mac Excel) dates show and copy
/// as they are.
fn move_to_1900_dates(sheet: &mut Sheet) {
    for cell in sheet.cells.values_mut() {
        if let CellValue::DateTime(serial) = &mut cell.value {
            *serial += DAYS_1900_TO_1904;
        }
    }
}

fn open<R: Reader<BufReader<File>>>(path: &Path) -> Result<R, ReadError>
where
    R::Error: fmt::Display,
{
    calamine::open_workbook::<R, _>(path).map_err(|error| classify(&error.to_string()))
}

fn classify(message: &str) -> ReadError {
    let lower = message.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::Encrypted
    } else {
        ReadError::Damaged(message.to_string())
    }
}

/// Reads every worksheet of a format calamine reads (chart and macro sheets
/// hold no cells to score), then lets the format add what only it can read.
fn read_each<R, F>(reader: &mut R, mut extras: F) -> Result<Vec<Sheet>, ReadError>
where
    R: Reader<BufReader<File>>,
    R::Error: fmt::Display,
    F: FnMut(&mut R, &mut Sheet),
{
    let names: Vec<String> = reader
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .collect();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let values = reader
            .worksheet_range(&name)
            .map_err(|error| classify(&error.to_string()))?;
        let formulas = reader.worksheet_formula(&name).unwrap_or_default();
        let mut sheet = Sheet {
            name,
            cells: collect_cells(&values, &formulas),
            ..Sheet::default()
        };
        extras(reader, &mut sheet);
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn collect_cells(
    values: &Range<Data>,
    formulas: &Range<String>,
) -> std::collections::BTreeMap<CellRef, Cell> {
    let mut cells = std::collections::BTreeMap::new();
    let (row0, col0) = values.start().unwrap_or((0, 0));
    for (row, col, data) in values.used_cells() {
        let at = CellRef::new(row0 + row as u32, col0 + col as u32);
        cells.insert(
            at,
            Cell {
                value: to_value(data),
                formula: None,
            },
        );
    }
    let (row0, col0) = formulas.start().unwrap_or((0, 0));
    for (row, col, formula) in formulas.used_cells() {
        if formula.trim().is_empty() {
            continue;
        }
        let at = CellRef::new(row0 + row as u32, col0 + col as u32);
        let formula = formula.strip_prefix('=').unwrap_or(formula).to_string();
        cells.entry(at).or_default().formula = Some(formula);
    }
    cells
}

fn to_value(data: &Data) -> CellValue {
    match data {
        Data::Int(n) => CellValue::Number(*n as f64),
        Data::Float(n) => CellValue::Number(*n),
        // An ods date: a serial like any other, so that it shows by its
        // format and is copied as a date.
        Data::DateTimeIso(text) => crate::model::date::serial_of_iso(text)
            .map_or_else(|| CellValue::Text(text.clone()), CellValue::DateTime),
        Data::String(text) | Data::DurationIso(text) => CellValue::Text(text.clone()),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(date) => CellValue::DateTime(date.as_f64()),
        Data::Error(error) => CellValue::Error(error.to_string()),
        Data::Empty => CellValue::Empty,
    }
}

fn to_range(dims: &Dimensions) -> CellRange {
    CellRange {
        first: CellRef::new(dims.start.0, dims.start.1),
        last: CellRef::new(dims.end.0, dims.end.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_extensions_are_unsupported() {
        let error = read_workbook(Path::new("people.csv")).unwrap_err();
        assert_eq!(error, ReadError::UnsupportedFormat("csv".into()));
        assert_eq!(format_of(Path::new("A.XLS")), Some(FileFormat::Xls));
    }

    #[test]
    fn a_text_file_named_xlsx_is_damaged_not_a_crash() {
        let path = std::env::temp_dir().join(format!("kpi-read-{}.xlsx", std::process::id()));
        std::fs::write(&path, "not a zip").unwrap();
        let error = read_workbook(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(error, ReadError::Damaged(_)), "{error:?}");
    }
}
