//! What the read stage hands to the rest of the pipeline: sheets of cells with
//! their values, formulas, styles, merged regions and geometry.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::cell_ref::{CellRange, CellRef};
use super::date;
use super::style::{CellStyle, SheetStyles};

/// The file format a workbook was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
}

/// A cell's value as the producing program cached it.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub enum CellValue {
    #[default]
    Empty,
    /// Every number a spreadsheet stores is a binary float; it becomes a
    /// decimal at the extract stage, before any arithmetic.
    Number(f64),
    Text(String),
    Bool(bool),
    /// An Excel error value such as `#VALUE!`, as displayed.
    Error(String),
    /// A date or time serial number.
    DateTime(f64),
}

impl CellValue {
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as a person sees it in the cell, for labels and notes.
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Number(n) | CellValue::DateTime(n) => format_number(*n),
            CellValue::Text(text) => text.clone(),
            CellValue::Bool(true) => "TRUE".into(),
            CellValue::Bool(false) => "FALSE".into(),
            CellValue::Error(code) => code.clone(),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        // Shortest representation that round-trips, without float noise
        // such as 0.30000000000000004 being shown to a person.
        let rounded = format!("{n:.10}");
        rounded
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// One cell: its cached value and, where it has one, its formula (without `=`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub value: CellValue,
    pub formula: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub cells: BTreeMap<CellRef, Cell>,
    pub merges: Vec<CellRange>,
    pub styles: SheetStyles,
    /// Column widths in Excel character units, where the file sets them.
    pub column_widths: BTreeMap<u32, f64>,
    /// Row heights in points, where the file sets them.
    pub row_heights: BTreeMap<u32, f64>,
    /// How the sheet prints and opens; the default sets nothing, which
    /// leaves the writer's (and Excel's) defaults.
    pub page_setup: PageSetup,
}

/// Page and view settings of a sheet, as far as the file states them: the
/// annotated copy must print like the original (a form laid out for one
/// landscape page must not come out on six portrait ones). `None` and
/// `false` mean "not set", so the default is a sheet with no settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageSetup {
    pub orientation: Option<Orientation>,
    /// Excel's paper size code (9 is A4, 1 is Letter).
    pub paper_size: Option<u8>,
    /// Print scale in percent, 10–400; ignored by Excel when fitting.
    pub scale: Option<u16>,
    /// Fit the print to this many pages across and down; 0 means as many as
    /// needed in that direction.
    pub fit_to_pages: Option<FitToPages>,
    pub margins: Option<Margins>,
    pub center_horizontally: bool,
    pub center_vertically: bool,
    pub print_gridlines: bool,
    /// Header and footer text in Excel's `&L…&C…&R…` code syntax.
    pub header: Option<String>,
    pub footer: Option<String>,
    /// Whether gridlines show on screen; `None` is Excel's default (shown).
    pub screen_gridlines: Option<bool>,
    /// Screen zoom in percent, 10–400.
    pub zoom: Option<u16>,
    /// Frozen panes: the first scrolling cell (rows above and columns to the
    /// left of it stay put).
    pub freeze_panes: Option<CellRef>,
    pub print_area: Option<CellRange>,
    /// Rows (first, last; zero-based) repeated at the top of every page.
    pub repeat_rows: Option<(u32, u32)>,
    /// Columns (first, last; zero-based) repeated at the left of every page.
    pub repeat_columns: Option<(u32, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FitToPages {
    pub width: u16,
    pub height: u16,
}

/// Page margins in inches, as Excel stores them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub header: f64,
    pub footer: f64,
}

impl Default for Margins {
    /// Excel's "Normal" margins, used for any side a file leaves out.
    fn default() -> Self {
        Self {
            left: 0.7,
            right: 0.7,
            top: 0.75,
            bottom: 0.75,
            header: 0.3,
            footer: 0.3,
        }
    }
}

impl Sheet {
    pub fn cell(&self, at: CellRef) -> Option<&Cell> {
        self.cells.get(&at)
    }

    pub fn value(&self, at: CellRef) -> &CellValue {
        static EMPTY: CellValue = CellValue::Empty;
        self.cells.get(&at).map_or(&EMPTY, |cell| &cell.value)
    }

    /// The cell as a person reads it: a date as its format shows it.
    pub fn text(&self, at: CellRef) -> String {
        match self.value(at) {
            CellValue::DateTime(serial) => {
                let format = self.style(at).map(|style| &style.number_format);
                let code = match format {
                    Some(format) if format.code.is_empty() => format
                        .id
                        .and_then(date::zh_cn_builtin_code)
                        .unwrap_or_default(),
                    Some(format) => &format.code,
                    None => "",
                };
                date::show_date(*serial, code)
            }
            value => value.display(),
        }
    }

    /// The cell's style; `None` for a format whose styles are not read.
    pub fn style(&self, at: CellRef) -> Option<&CellStyle> {
        self.styles.get(at)
    }

    /// The merged region a cell belongs to, if any.
    pub fn merge_containing(&self, at: CellRef) -> Option<&CellRange> {
        self.merges.iter().find(|range| range.contains(at))
    }

    /// The last row index that holds a cell, or 0 for an empty sheet.
    pub fn last_row(&self) -> u32 {
        self.cells.keys().map(|at| at.row).max().unwrap_or(0)
    }

    /// Cells of one row, in column order.
    pub fn row_cells(&self, row: u32) -> impl Iterator<Item = (CellRef, &Cell)> {
        self.cells
            .range(CellRef::new(row, 0)..=CellRef::new(row, u32::MAX))
            .map(|(at, cell)| (*at, cell))
    }
}

#[derive(Debug, Clone)]
pub struct Workbook {
    pub path: PathBuf,
    pub format: FileFormat,
    pub sheets: Vec<Sheet>,
    /// The file asks to have its formulas recalculated when opened
    /// (`fullCalcOnLoad`), as libraries that cannot calculate write it: a
    /// zero cached result then means "not calculated", not zero.
    pub recalculates_on_load: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_display_without_float_noise() {
        assert_eq!(CellValue::Number(85.0).display(), "85");
        assert_eq!(CellValue::Number(0.1 + 0.2).display(), "0.3");
        assert_eq!(
            CellValue::Number(8.333333333333334).display(),
            "8.3333333333"
        );
        assert_eq!(CellValue::Number(-6.5).display(), "-6.5");
    }
}
