//! How a sheet prints and opens: the page and view elements of its part,
//! and the print area and print titles the workbook part defines for it.
//! An annotated copy that prints a carefully laid out 绩效考核表 on six
//! portrait pages instead of one landscape page is much harder to use than
//! the original. A value that makes no sense is left out.

use quick_xml::events::BytesStart;

use super::xml::{attribute, bool_attribute, numeric_attribute};
use crate::model::cell_ref::{COLUMNS, LAST_COL, LAST_ROW, ROWS};
use crate::model::workbook::{FitToPages, Margins, Orientation, PageSetup};
use crate::model::{CellRange, CellRef};
use crate::read::area::{Area, parse_area};

/// The last column and row of an xls grid: a print title converted from xls
/// can span `A1:IV2`, meaning whole rows.
const XLS_LAST_COLUMN: u32 = 255;
const XLS_LAST_ROW: u32 = 65_535;
/// Excel's limits for print scale and zoom, in percent.
pub(in crate::read) const PERCENT_RANGE: std::ops::RangeInclusive<u16> = 10..=400;
/// A margin wider than this (in inches) is garbage, not a page setting.
pub(in crate::read) const MAX_MARGIN_INCHES: f64 = 50.0;

/// Collects the page and view settings of a sheet part as its elements go
/// by.
#[derive(Debug, Default)]
pub struct PageSetupReader {
    setup: PageSetup,
    sheet_views: u32,
    /// Only the first `<sheetView>` (the one Excel opens with) is copied.
    in_first_view: bool,
}

impl PageSetupReader {
    /// Takes in an element that starts (`is_empty`: and ends) in the sheet
    /// part; elements that are not page or view settings are ignored.
    pub fn start(&mut self, element: &BytesStart<'_>, is_empty: bool) {
        let setup = &mut self.setup;
        match element.local_name().as_ref() {
            "sheetView" => {
                if self.sheet_views == 0 {
                    record_sheet_view(element, setup);
                    self.in_first_view = !is_empty;
                }
                self.sheet_views = self.sheet_views.saturating_add(1);
            }
            "pane" if self.in_first_view => record_pane(element, setup),
            "pageSetUpPr" => record_fit_to_page(element, setup),
            "printOptions" => record_print_options(element, setup),
            "pageMargins" => setup.margins = Some(margins(element)),
            "pageSetup" => record_page_setup(element, setup),
            _ => {}
        }
    }

    pub fn end(&mut self, local_name: &str) {
        if local_name == "sheetView" {
            self.in_first_view = false;
        }
    }

    pub fn set_header(&mut self, text: String) {
        self.setup.header = Some(text);
    }

    pub fn set_footer(&mut self, text: String) {
        self.setup.footer = Some(text);
    }

    pub fn finish(self) -> PageSetup {
        self.setup
    }
}

fn percent_attribute(element: &BytesStart<'_>, name: &str) -> Option<u16> {
    numeric_attribute::<u16>(element, name).filter(|percent| PERCENT_RANGE.contains(percent))
}

/// A finite, non-negative size; anything else is garbage.
pub fn size_attribute(element: &BytesStart<'_>, name: &str) -> Option<f64> {
    numeric_attribute::<f64>(element, name).filter(|size| size.is_finite() && *size >= 0.0)
}

fn record_sheet_view(element: &BytesStart<'_>, setup: &mut PageSetup) {
    setup.screen_gridlines = bool_attribute(element, "showGridLines");
    setup.zoom = percent_attribute(element, "zoomScale");
}

/// Frozen panes only: split (unfrozen) panes are measured in twips, not
/// cells, and rust_xlsxwriter cannot write them.
fn record_pane(element: &BytesStart<'_>, setup: &mut PageSetup) {
    let frozen = attribute(element, "state").is_some_and(|state| state.starts_with("frozen"));
    if !frozen {
        return;
    }
    let split = |name: &str, limit: u32| -> Option<u32> {
        let Some(value) = numeric_attribute::<f64>(element, name) else {
            return Some(0);
        };
        let whole = value.is_finite() && value >= 0.0 && value.fract() == 0.0;
        // Truncation is exact: the value is whole and below the limit.
        (whole && value < f64::from(limit)).then_some(value as u32)
    };
    if let (Some(col), Some(row)) = (split("xSplit", COLUMNS), split("ySplit", ROWS))
        && (row, col) != (0, 0)
    {
        setup.freeze_panes = Some(CellRef::new(row, col));
    }
}

/// `<pageSetUpPr fitToPage>`: the page counts come later, in `<pageSetup>`,
/// and default to one page by one.
fn record_fit_to_page(element: &BytesStart<'_>, setup: &mut PageSetup) {
    if bool_attribute(element, "fitToPage") == Some(true) {
        setup.fit_to_pages = Some(FitToPages {
            width: 1,
            height: 1,
        });
    }
}

fn record_print_options(element: &BytesStart<'_>, setup: &mut PageSetup) {
    let on = |name| bool_attribute(element, name) == Some(true);
    setup.center_horizontally = on("horizontalCentered");
    setup.center_vertically = on("verticalCentered");
    setup.print_gridlines = on("gridLines");
}

/// Every side the file states sensibly; Excel's default for the others.
fn margins(element: &BytesStart<'_>) -> Margins {
    let side = |name, default| {
        size_attribute(element, name)
            .filter(|inches| *inches < MAX_MARGIN_INCHES)
            .unwrap_or(default)
    };
    let normal = Margins::default();
    Margins {
        left: side("left", normal.left),
        right: side("right", normal.right),
        top: side("top", normal.top),
        bottom: side("bottom", normal.bottom),
        header: side("header", normal.header),
        footer: side("footer", normal.footer),
    }
}

fn record_page_setup(element: &BytesStart<'_>, setup: &mut PageSetup) {
    setup.orientation = match attribute(element, "orientation").as_deref() {
        Some("landscape") => Some(Orientation::Landscape),
        Some("portrait") => Some(Orientation::Portrait),
        _ => None,
    };
    setup.paper_size = numeric_attribute::<u8>(element, "paperSize").filter(|size| *size > 0);
    setup.scale = percent_attribute(element, "scale");
    if let Some(fit) = &mut setup.fit_to_pages {
        // 0 means "as many pages as needed" and is kept as such.
        if let Some(width) = numeric_attribute::<u16>(element, "fitToWidth") {
            fit.width = width;
        }
        if let Some(height) = numeric_attribute::<u16>(element, "fitToHeight") {
            fit.height = height;
        }
    }
}

// ---------------------------------------------------------------------------
// Print area and print titles
// ---------------------------------------------------------------------------

/// A `<definedName>` of the workbook part: only the print area and print
/// titles are used.
#[derive(Debug, Clone, PartialEq)]
pub struct DefinedName {
    pub name: String,
    /// Index into the workbook's sheet list; `None` for a global name.
    pub local_sheet: Option<usize>,
    pub formula: String,
}

impl DefinedName {
    /// Whether the name belongs to the sheet at `index`. Some producers write
    /// the print area as a global name; the sheet its formula names then
    /// decides.
    pub fn applies_to(&self, index: usize, sheet_name: &str) -> bool {
        match self.local_sheet {
            Some(local) => local == index,
            None => {
                let areas = split_areas(&self.formula);
                !areas.is_empty()
                    && areas
                        .iter()
                        .all(|area| area_sheet(area).is_some_and(|s| s == sheet_name))
            }
        }
    }

    /// Sets the print area or print titles this name defines.
    pub fn apply_to(&self, setup: &mut PageSetup) {
        let areas: Vec<Option<Area>> = split_areas(&self.formula)
            .iter()
            .map(|area| parse_area(area_reference(area)))
            .collect();
        match self.name.to_ascii_lowercase().as_str() {
            // rust_xlsxwriter writes a single print area; printing more than
            // the original (the whole sheet) loses less than printing a part.
            "_xlnm.print_area" => match areas.as_slice() {
                [Some(area)] => setup.print_area = Some(area_as_cells(*area)),
                _ => tracing::debug!("print area {} not copied", self.formula),
            },
            "_xlnm.print_titles" => {
                for area in areas.into_iter().flatten() {
                    match as_title(area) {
                        Some(Area::Rows(first, last)) => setup.repeat_rows = Some((first, last)),
                        Some(Area::Columns(first, last)) => {
                            setup.repeat_columns = Some((first, last));
                        }
                        _ => tracing::debug!("print titles {} not copied", self.formula),
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whole rows or columns as the block of cells they cover.
fn area_as_cells(area: Area) -> CellRange {
    let (first, last) = match area {
        Area::Cells(range) => return range,
        Area::Rows(first, last) => (CellRef::new(first, 0), CellRef::new(last, LAST_COL)),
        Area::Columns(first, last) => (CellRef::new(0, first), CellRef::new(LAST_ROW, last)),
    };
    CellRange { first, last }
}

/// Print titles are whole rows or columns; a block spanning the full width
/// (or height) of an xls or xlsx grid means the same.
fn as_title(area: Area) -> Option<Area> {
    match area {
        Area::Cells(range) if range.first.col == 0 && range.last.col >= XLS_LAST_COLUMN => {
            Some(Area::Rows(range.first.row, range.last.row))
        }
        Area::Cells(range) if range.first.row == 0 && range.last.row >= XLS_LAST_ROW => {
            Some(Area::Columns(range.first.col, range.last.col))
        }
        Area::Cells(_) => None,
        other => Some(other),
    }
}

/// The comma-separated areas of a defined name's formula; commas inside a
/// quoted sheet name do not separate.
fn split_areas(formula: &str) -> Vec<&str> {
    let mut areas = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (index, c) in formula.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                areas.push(formula[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    areas.push(formula[start..].trim());
    areas.retain(|area| !area.is_empty());
    areas
}

/// `'My Sheet'!$A$1:$B$2` → `My Sheet` (a doubled quote is a quote).
fn area_sheet(area: &str) -> Option<String> {
    let (sheet, _) = area.rsplit_once('!')?;
    let sheet = sheet.trim();
    Some(
        match sheet.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
            Some(quoted) => quoted.replace("''", "'"),
            None => sheet.to_string(),
        },
    )
}

/// `Sheet!$A$1:$B$2` → `$A$1:$B$2`.
fn area_reference(area: &str) -> &str {
    area.rsplit_once('!')
        .map_or(area, |(_, reference)| reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(a: &str, b: &str) -> Area {
        Area::Cells(CellRange {
            first: CellRef::parse_a1(a).unwrap(),
            last: CellRef::parse_a1(b).unwrap(),
        })
    }

    #[test]
    fn print_titles_are_whole_rows_or_columns() {
        assert_eq!(as_title(cells("A1", "IV2")), Some(Area::Rows(0, 1)));
        assert_eq!(as_title(cells("A1", "B65536")), Some(Area::Columns(0, 1)));
        assert_eq!(as_title(cells("A1", "B2")), None);
        assert_eq!(split_areas("'x,y'!A1, B2 ,"), vec!["'x,y'!A1", "B2"]);
        assert_eq!(area_sheet("'it''s'!A1").as_deref(), Some("it's"));
    }

    #[test]
    fn names_apply_to_their_sheet() {
        let name = |local_sheet, formula: &str| DefinedName {
            name: "_xlnm.Print_Area".into(),
            local_sheet,
            formula: formula.into(),
        };
        assert!(name(Some(1), "x").applies_to(1, "B"));
        assert!(!name(Some(1), "x").applies_to(0, "B"));
        assert!(name(None, "'A, B'!$C$3:$D$9").applies_to(7, "A, B"));
        assert!(!name(None, "'A, B'!$C$3:$D$9,Other!A1").applies_to(7, "A, B"));
        let mut setup = PageSetup::default();
        name(None, "'A, B'!$C$3:$D$9").apply_to(&mut setup);
        assert_eq!(
            setup.print_area.map(|a| a.to_string()).as_deref(),
            Some("C3:D9")
        );
        name(None, "A!A1,A!B2").apply_to(&mut setup);
        assert_eq!(
            setup.print_area.map(|a| a.to_string()).as_deref(),
            Some("C3:D9")
        );
    }
}
