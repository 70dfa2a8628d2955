//! Column widths, row heights and page setup of an xlsx workbook, read
//! straight from the zip: calamine exposes cell values, formulas and styles,
//! but not the sheet geometry or how the sheet prints, and an annotated copy
//! that loses the widths of a carefully laid out 绩效考核表, or prints it on
//! six portrait pages instead of one landscape page, is much harder to use
//! than the original.
//!
//! Only `<col>`, `<row>` and the page and view elements of a worksheet part
//! are read, plus the print area and print titles the workbook part defines;
//! cell contents are skipped without being parsed. Reading never panics: a
//! file that is not a zip, or has no workbook part, is an error; a sheet part
//! that is missing or malformed just contributes what was read before the
//! damage, and a value that makes no sense is left out.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use zip::ZipArchive;
use zip::read::ZipFile;
use zip::result::ZipError;

use super::area::{Area, MAX_COLUMNS, MAX_ROWS, parse_area};
use crate::model::workbook::{FitToPages, Margins, Orientation, PageSetup};
use crate::model::{CellRange, CellRef};

/// The last column and row of an xls grid: a print title converted from xls
/// can span `A1:IV2`, meaning whole rows.
const XLS_LAST_COLUMN: u32 = 255;
const XLS_LAST_ROW: u32 = 65_535;
/// Excel's limits for print scale and zoom, in percent.
const PERCENT_RANGE: std::ops::RangeInclusive<u16> = 10..=400;
/// A margin wider than this (in inches) is garbage, not a page setting.
const MAX_MARGIN_INCHES: f64 = 50.0;

const DEFAULT_WORKBOOK_PART: &str = "xl/workbook.xml";

/// Column widths and row heights of one sheet, zero-based.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetGeometry {
    /// Widths in Excel character units, as stored in `<col width>` (that is,
    /// including Excel's cell padding).
    pub column_widths: BTreeMap<u32, f64>,
    /// Heights in points, as stored in `<row ht>`.
    pub row_heights: BTreeMap<u32, f64>,
    /// Page and view settings of the sheet part, with the print area and
    /// print titles the workbook part defines for the sheet.
    pub page_setup: PageSetup,
}

#[derive(Debug)]
pub enum GeometryError {
    Io(std::io::Error),
    /// Not a zip archive, or a damaged one.
    Zip(ZipError),
    /// A part every xlsx has (the workbook or its relationships) is absent.
    MissingPart(String),
    Xml(quick_xml::Error),
}

impl fmt::Display for GeometryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeometryError::Io(err) => write!(f, "cannot read the file: {err}"),
            GeometryError::Zip(err) => write!(f, "not a readable xlsx (zip) file: {err}"),
            GeometryError::MissingPart(part) => write!(f, "the xlsx file has no part {part}"),
            GeometryError::Xml(err) => write!(f, "malformed workbook XML: {err}"),
        }
    }
}

impl std::error::Error for GeometryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GeometryError::Io(err) => Some(err),
            GeometryError::Zip(err) => Some(err),
            GeometryError::MissingPart(_) => None,
            GeometryError::Xml(err) => Some(err),
        }
    }
}

/// Reads the geometry of every sheet of the xlsx/xlsm file at `path`, keyed
/// by sheet name.
pub fn read_xlsx_geometry(path: &Path) -> Result<BTreeMap<String, SheetGeometry>, GeometryError> {
    let file = File::open(path).map_err(GeometryError::Io)?;
    read_xlsx_geometry_from(file)
}

/// As [`read_xlsx_geometry`], from any seekable reader (bytes in memory).
pub fn read_xlsx_geometry_from<R: Read + Seek>(
    reader: R,
) -> Result<BTreeMap<String, SheetGeometry>, GeometryError> {
    let mut package = Package::open(reader)?;
    let workbook_part = package.workbook_part();
    let contents = package.workbook_contents(&workbook_part)?;
    let targets = package.relationship_targets(&relationships_part(&workbook_part))?;
    let mut geometry = BTreeMap::new();
    // `localSheetId` counts every sheet of the workbook part, in order.
    for (index, (name, relationship_id)) in contents.sheets.into_iter().enumerate() {
        let Some(target) = targets.get(&relationship_id) else {
            continue;
        };
        let part = resolve_target(&workbook_part, target);
        let mut sheet = package.sheet_geometry(&part);
        for defined in contents.names.iter().filter(|d| d.applies_to(index, &name)) {
            apply_print_name(&mut sheet.page_setup, defined);
        }
        geometry.insert(name, sheet);
    }
    Ok(geometry)
}

/// What the workbook part says about its sheets.
#[derive(Debug, Default)]
struct WorkbookContents {
    /// `(sheet name, relationship id)` in workbook order.
    sheets: Vec<(String, String)>,
    names: Vec<DefinedName>,
}

/// A `<definedName>`: only the print area and print titles are used.
#[derive(Debug, Clone, PartialEq)]
struct DefinedName {
    name: String,
    /// Index into the workbook's sheet list; `None` for a global name.
    local_sheet: Option<usize>,
    formula: String,
}

impl DefinedName {
    /// Whether the name belongs to the sheet at `index`. Some producers write
    /// the print area as a global name; the sheet its formula names then
    /// decides.
    fn applies_to(&self, index: usize, sheet_name: &str) -> bool {
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
}

type XmlPart<'a, R> = quick_xml::Reader<BufReader<ZipFile<'a, R>>>;

/// The zip with a case-insensitive index of its part names: some producers
/// write `xl/Worksheets/Sheet1.xml` while the relationships say otherwise.
struct Package<R> {
    zip: ZipArchive<R>,
    parts: HashMap<String, String>,
}

impl<R: Read + Seek> Package<R> {
    fn open(reader: R) -> Result<Self, GeometryError> {
        let zip = ZipArchive::new(reader).map_err(GeometryError::Zip)?;
        let parts = zip
            .file_names()
            .filter_map(Result::ok)
            .map(|name| (part_key(&name), name.into_owned()))
            .collect();
        Ok(Self { zip, parts })
    }

    /// A streaming XML reader over a part; `None` when the part does not
    /// exist or cannot be decompressed.
    fn open_part(&mut self, part: &str) -> Option<XmlPart<'_, R>> {
        let actual = self.parts.get(&part_key(part))?;
        let entry = self.zip.by_name(actual).ok()?;
        Some(quick_xml::Reader::from_reader(BufReader::new(entry)))
    }

    /// The main workbook part, from the package relationships; almost always
    /// `xl/workbook.xml`, which is also the fallback.
    fn workbook_part(&mut self) -> String {
        let targets = self
            .open_part("_rels/.rels")
            .and_then(|mut xml| read_relationships(&mut xml, true).ok())
            .unwrap_or_default();
        targets
            .get("officeDocument")
            .map(|target| resolve_target("", target))
            .unwrap_or_else(|| DEFAULT_WORKBOOK_PART.to_string())
    }

    fn workbook_contents(
        &mut self,
        workbook_part: &str,
    ) -> Result<WorkbookContents, GeometryError> {
        let mut xml = self
            .open_part(workbook_part)
            .ok_or_else(|| GeometryError::MissingPart(workbook_part.to_string()))?;
        read_workbook_contents(&mut xml).map_err(GeometryError::Xml)
    }

    /// Relationship id → target, for the workbook's relationships part.
    fn relationship_targets(
        &mut self,
        rels_part: &str,
    ) -> Result<HashMap<String, String>, GeometryError> {
        let mut xml = self
            .open_part(rels_part)
            .ok_or_else(|| GeometryError::MissingPart(rels_part.to_string()))?;
        read_relationships(&mut xml, false).map_err(GeometryError::Xml)
    }

    fn sheet_geometry(&mut self, part: &str) -> SheetGeometry {
        let mut geometry = SheetGeometry::default();
        if let Some(mut xml) = self.open_part(part)
            && let Err(err) = read_sheet_geometry(&mut xml, &mut geometry)
        {
            tracing::debug!("geometry of {part} read only up to an XML error: {err}");
        }
        geometry
    }
}

fn part_key(name: &str) -> String {
    name.trim_start_matches('/')
        .replace('\\', "/")
        .to_lowercase()
}

/// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
fn relationships_part(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target against the part that owns it: targets are
/// relative to that part's folder unless they start with `/`.
fn resolve_target(owner_part: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let joined = match (target.strip_prefix('/'), owner_part.rsplit_once('/')) {
        (Some(absolute), _) => absolute.to_string(),
        (None, Some((dir, _))) => format!("{dir}/{target}"),
        (None, None) => target,
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

/// The attribute with this local name (ignoring any `r:` prefix), unescaped.
/// Malformed attributes are treated as absent.
fn attribute<'a>(element: &'a BytesStart<'_>, local_name: &str) -> Option<Cow<'a, str>> {
    element
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|attr| attr.key.local_name().as_ref() == local_name)
        .and_then(|attr| attr.normalized_value(XmlVersion::Implicit1_0).ok())
}

fn numeric_attribute<T: std::str::FromStr>(element: &BytesStart<'_>, name: &str) -> Option<T> {
    attribute(element, name)?.trim().parse().ok()
}

/// A finite, non-negative size; anything else is garbage.
fn size_attribute(element: &BytesStart<'_>, name: &str) -> Option<f64> {
    numeric_attribute::<f64>(element, name).filter(|size| size.is_finite() && *size >= 0.0)
}

/// `<sheet name r:id>` entries and `<definedName>`s of the workbook part.
fn read_workbook_contents<B: BufRead>(
    xml: &mut quick_xml::Reader<B>,
) -> Result<WorkbookContents, quick_xml::Error> {
    let mut contents = WorkbookContents::default();
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "sheet" =>
            {
                let name = attribute(&element, "name");
                let id = attribute(&element, "id");
                if let (Some(name), Some(id)) = (name, id) {
                    contents.sheets.push((name.into_owned(), id.into_owned()));
                }
            }
            Event::Start(element) if element.local_name().as_ref() == "definedName" => {
                let name = attribute(&element, "name").map(Cow::into_owned);
                let local_sheet = numeric_attribute::<usize>(&element, "localSheetId");
                let formula = read_text(xml, "definedName")?;
                if let Some(name) = name {
                    contents.names.push(DefinedName {
                        name,
                        local_sheet,
                        formula,
                    });
                }
            }
            Event::Eof => return Ok(contents),
            _ => {}
        }
        buf.clear();
    }
}

/// The text of the element just opened, up to its end tag, with entity and
/// character references resolved (quick-xml reports them separately).
fn read_text<B: BufRead>(
    xml: &mut quick_xml::Reader<B>,
    local_name: &str,
) -> Result<String, quick_xml::Error> {
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Text(chunk) => text.push_str(&chunk.xml10_content()),
            Event::CData(chunk) => text.push_str(&chunk),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    text.push(c);
                } else if let Some(resolved) =
                    quick_xml::escape::resolve_predefined_entity(&reference)
                {
                    text.push_str(resolved);
                }
            }
            Event::End(element) if element.local_name().as_ref() == local_name => {
                return Ok(text);
            }
            Event::Eof => return Ok(text),
            _ => {}
        }
        buf.clear();
    }
}

/// Relationship id → target, or (for the package relationships, where ids
/// are arbitrary) relationship type suffix → target. External targets are
/// not parts of the package and are left out.
fn read_relationships<B: BufRead>(
    xml: &mut quick_xml::Reader<B>,
    key_by_type: bool,
) -> Result<HashMap<String, String>, quick_xml::Error> {
    let mut targets = HashMap::new();
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "Relationship" =>
            {
                let external = attribute(&element, "TargetMode")
                    .is_some_and(|mode| mode.eq_ignore_ascii_case("External"));
                let key = if key_by_type {
                    attribute(&element, "Type")
                        .and_then(|kind| kind.rsplit('/').next().map(str::to_string))
                } else {
                    attribute(&element, "Id").map(Cow::into_owned)
                };
                let target = attribute(&element, "Target");
                if let (false, Some(key), Some(target)) = (external, key, target) {
                    targets.insert(key, target.into_owned());
                }
            }
            Event::Eof => return Ok(targets),
            _ => {}
        }
        buf.clear();
    }
}

/// Where the streaming reader is in a worksheet part.
#[derive(Debug, Default)]
struct SheetCursor {
    /// A `<row>` may omit `r`, meaning "the row after the previous one".
    next_row: u32,
    /// `<cols>` and `<sheetData>` come before the page elements; a `<row>`
    /// after `</sheetData>` is not part of the grid.
    past_sheet_data: bool,
    sheet_views: u32,
    /// Only the first `<sheetView>` (the one Excel opens with) is copied.
    in_first_view: bool,
}

impl SheetCursor {
    fn open(&mut self, element: &BytesStart<'_>, geometry: &mut SheetGeometry) {
        if element.local_name().as_ref() == "sheetView" {
            self.in_first_view = self.sheet_views == 0;
        }
        self.record(element, geometry);
    }

    fn close(&mut self, local_name: &str) {
        match local_name {
            "sheetData" => self.past_sheet_data = true,
            "sheetView" => self.in_first_view = false,
            _ => {}
        }
    }

    fn record(&mut self, element: &BytesStart<'_>, geometry: &mut SheetGeometry) {
        let setup = &mut geometry.page_setup;
        match element.local_name().as_ref() {
            "col" if !self.past_sheet_data => record_column(element, geometry),
            "row" if !self.past_sheet_data => {
                self.next_row = record_row(element, self.next_row, geometry);
            }
            "sheetView" => {
                if self.sheet_views == 0 {
                    record_sheet_view(element, setup);
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
}

/// Streams a worksheet part into `geometry`.
fn read_sheet_geometry<B: BufRead>(
    xml: &mut quick_xml::Reader<B>,
    geometry: &mut SheetGeometry,
) -> Result<(), quick_xml::Error> {
    let mut buf = Vec::new();
    let mut cursor = SheetCursor::default();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) => match element.local_name().as_ref() {
                // Cell contents (values, formulas, inline strings) are the
                // bulk of the part and irrelevant here; custom views hold
                // page settings of their own that are not the sheet's.
                "c" | "customSheetViews" | "extLst" => skip_element(xml, &element)?,
                "oddHeader" => geometry.page_setup.header = Some(read_text(xml, "oddHeader")?),
                "oddFooter" => geometry.page_setup.footer = Some(read_text(xml, "oddFooter")?),
                _ => cursor.open(&element, geometry),
            },
            Event::Empty(element) => cursor.record(&element, geometry),
            Event::End(element) => cursor.close(element.local_name().as_ref()),
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

fn skip_element<B: BufRead>(
    xml: &mut quick_xml::Reader<B>,
    element: &BytesStart<'_>,
) -> Result<(), quick_xml::Error> {
    let name = element.name().as_ref().to_string();
    let mut skip_buf = Vec::new();
    xml.read_to_end_into(QName(&name), &mut skip_buf)?;
    Ok(())
}

fn record_column(element: &BytesStart<'_>, geometry: &mut SheetGeometry) {
    let (Some(min), Some(max), Some(width)) = (
        numeric_attribute::<u32>(element, "min"),
        numeric_attribute::<u32>(element, "max"),
        size_attribute(element, "width"),
    ) else {
        return;
    };
    let max = max.min(MAX_COLUMNS);
    if min == 0 || min > max {
        return;
    }
    for col in min..=max {
        geometry.column_widths.insert(col - 1, width);
    }
}

/// Records the row's height and returns the index the next `<row>` without
/// an `r` attribute has.
fn record_row(element: &BytesStart<'_>, next_row: u32, geometry: &mut SheetGeometry) -> u32 {
    let row = match numeric_attribute::<u32>(element, "r") {
        Some(r) if (1..=MAX_ROWS).contains(&r) => r - 1,
        Some(_) => return next_row,
        None => next_row,
    };
    if let Some(height) = size_attribute(element, "ht") {
        geometry.row_heights.insert(row, height);
    }
    row.saturating_add(1)
}

// ---------------------------------------------------------------------------
// Page and view settings
// ---------------------------------------------------------------------------

/// An OOXML boolean: `1`/`true` or `0`/`false`; anything else is unknown.
fn bool_attribute(element: &BytesStart<'_>, name: &str) -> Option<bool> {
    match attribute(element, name)?.trim() {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

fn percent_attribute(element: &BytesStart<'_>, name: &str) -> Option<u16> {
    numeric_attribute::<u16>(element, name).filter(|percent| PERCENT_RANGE.contains(percent))
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
    if let (Some(col), Some(row)) = (split("xSplit", MAX_COLUMNS), split("ySplit", MAX_ROWS))
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

fn apply_print_name(setup: &mut PageSetup, defined: &DefinedName) {
    let areas: Vec<Option<Area>> = split_areas(&defined.formula)
        .iter()
        .map(|area| parse_area(area_reference(area)))
        .collect();
    match defined.name.to_ascii_lowercase().as_str() {
        // rust_xlsxwriter writes a single print area; printing more than
        // the original (the whole sheet) loses less than printing a part.
        "_xlnm.print_area" => match areas.as_slice() {
            [Some(area)] => setup.print_area = Some(area_as_cells(*area)),
            _ => tracing::debug!("print area {} not copied", defined.formula),
        },
        "_xlnm.print_titles" => {
            for area in areas.into_iter().flatten() {
                match as_title(area) {
                    Some(Area::Rows(first, last)) => setup.repeat_rows = Some((first, last)),
                    Some(Area::Columns(first, last)) => setup.repeat_columns = Some((first, last)),
                    _ => tracing::debug!("print titles {} not copied", defined.formula),
                }
            }
        }
        _ => {}
    }
}

/// Whole rows or columns as the block of cells they cover.
fn area_as_cells(area: Area) -> CellRange {
    let (first, last) = match area {
        Area::Cells(range) => return range,
        Area::Rows(first, last) => (CellRef::new(first, 0), CellRef::new(last, MAX_COLUMNS - 1)),
        Area::Columns(first, last) => (CellRef::new(0, first), CellRef::new(MAX_ROWS - 1, last)),
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
    use std::io::{Cursor, Write};

    use super::*;

    fn temp_path(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("kpi-geometry-{}-{name}", std::process::id()))
    }

    #[test]
    fn reads_widths_and_heights_written_by_rust_xlsxwriter() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let first = workbook.add_worksheet().set_name("考核表").unwrap();
        first.set_column_width(1, 20).unwrap();
        first.set_row_height(2, 30).unwrap();
        first.write_string(2, 1, "张三").unwrap();
        let second = workbook.add_worksheet().set_name("B & C").unwrap();
        second.set_column_width(3, 8.5).unwrap();
        let path = temp_path("written.xlsx");
        workbook.save(&path).unwrap();

        let geometry = read_xlsx_geometry(&path).unwrap();
        std::fs::remove_file(&path).unwrap();

        let first = &geometry["考核表"];
        // rust_xlsxwriter stores the width with Excel's padding added.
        assert_eq!(first.column_widths.len(), 1);
        assert!((first.column_widths[&1] - 20.7109375).abs() < 1e-9);
        assert_eq!(first.row_heights.get(&2), Some(&30.0));
        assert!(geometry["B & C"].column_widths.contains_key(&3));
        assert!(geometry["B & C"].row_heights.is_empty());
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_an_error() {
        let path = temp_path("not-a-zip.xlsx");
        std::fs::write(&path, b"this is not a zip archive").unwrap();
        let result = read_xlsx_geometry(&path);
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(result, Err(GeometryError::Zip(_))));
        assert!(read_xlsx_geometry(&temp_path("does-not-exist.xlsx")).is_err());
    }

    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    const WORKBOOK: &str = r#"<workbook xmlns:r="r"><sheets>
        <sheet name="S1" sheetId="1" r:id="rId1"/>
        <sheet name="Gone" sheetId="2" r:id="rId2"/>
        <sheet name="NoRel" sheetId="3" r:id="rId9"/></sheets></workbook>"#;
    const RELS: &str = r#"<Relationships>
        <Relationship Id="rId1" Type="t/worksheet" Target="/xl/worksheets/../worksheets/Sheet1.xml"/>
        <Relationship Id="rId2" Type="t/worksheet" Target="worksheets/missing.xml"/>
        </Relationships>"#;

    #[test]
    fn garbage_attributes_and_missing_parts_do_not_panic() {
        let sheet = r#"<worksheet><cols>
            <col min="2" max="3" width="12.5"/>
            <col min="0" max="1" width="9"/>
            <col min="5" max="4294967295" width="3"/>
            <col min="x" max="2" width="1"/>
            <col min="1" max="1" width="-4"/>
            <col min="1" max="1" width="NaN"/>
            </cols><sheetData>
            <row r="1" ht="20"><c r="A1" t="inlineStr"><is><t>&lt;row r="9" ht="99"/&gt;</t></is></c></row>
            <row ht="15.75"><c r="A2"><v>1</v></c></row>
            <row r="0" ht="7"/>
            <row r="99999999" ht="7"/>
            <row r="4" ht="abc" customHeight="1"/>
            </sheetData><row r="50" ht="1"/></worksheet>"#;
        let bytes = zip_of(&[
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/worksheets/sheet1.xml", sheet),
        ]);
        let geometry = read_xlsx_geometry_from(Cursor::new(bytes)).unwrap();

        let s1 = &geometry["S1"];
        assert_eq!(s1.column_widths[&1], 12.5);
        assert_eq!(s1.column_widths[&2], 12.5);
        assert_eq!(s1.column_widths[&4], 3.0);
        assert_eq!(s1.column_widths.len(), 2 + (MAX_COLUMNS - 4) as usize);
        assert!(!s1.column_widths.contains_key(&0));
        let heights: Vec<_> = s1.row_heights.iter().map(|(r, h)| (*r, *h)).collect();
        assert_eq!(heights, vec![(0, 20.0), (1, 15.75)]);
        assert_eq!(geometry["Gone"], SheetGeometry::default());
        assert!(!geometry.contains_key("NoRel"));
    }

    #[test]
    fn truncated_sheet_xml_keeps_what_was_read() {
        let sheet = r#"<worksheet><cols><col min="1" max="1" width="30"/></cols><sheetData><row r="2" ht="40"><c r="A2"><v>1"#;
        let bytes = zip_of(&[
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/worksheets/sheet1.xml", sheet),
        ]);
        let geometry = read_xlsx_geometry_from(Cursor::new(bytes)).unwrap();
        assert_eq!(geometry["S1"].column_widths[&0], 30.0);
        assert_eq!(geometry["S1"].row_heights[&1], 40.0);
    }

    #[test]
    fn a_zip_without_a_workbook_is_an_error() {
        let bytes = zip_of(&[("hello.txt", "hi")]);
        let result = read_xlsx_geometry_from(Cursor::new(bytes));
        assert!(matches!(result, Err(GeometryError::MissingPart(_))));
        let bytes = zip_of(&[("xl/workbook.xml", "<workbook><sheets><sheet")]);
        assert!(read_xlsx_geometry_from(Cursor::new(bytes)).is_err());
    }

    #[test]
    fn targets_resolve_against_the_owning_part() {
        assert_eq!(
            resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve_target("xl/workbook.xml", "/xl/a.xml"), "xl/a.xml");
        assert_eq!(resolve_target("xl/workbook.xml", "../x/./b.xml"), "x/b.xml");
        assert_eq!(
            relationships_part("xl/workbook.xml"),
            "xl/_rels/workbook.xml.rels"
        );
        assert_eq!(
            relationships_part("workbook.xml"),
            "_rels/workbook.xml.rels"
        );
    }

    /// A sheet with every page and view setting the copy reproduces.
    pub(crate) fn workbook_with_page_setup() -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.add_worksheet().set_name("说明").unwrap();
        let sheet = workbook.add_worksheet().set_name("考核 表").unwrap();
        sheet.write_string(0, 0, "标题").unwrap();
        sheet
            .set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(1, 0)
            .set_margins(0.5, 0.4, 0.6, 0.7, 0.2, 0.1)
            .set_print_center_horizontally(true)
            .set_print_center_vertically(true)
            .set_print_gridlines(true)
            .set_header("&C&\"宋体,加粗\"考核 & 表")
            .set_footer("&L&P / &N")
            .set_screen_gridlines(false)
            .set_zoom(85);
        sheet.set_freeze_panes(3, 2).unwrap();
        sheet.set_print_area(0, 0, 17, 8).unwrap();
        sheet.set_repeat_rows(0, 2).unwrap();
        sheet.set_repeat_columns(0, 1).unwrap();
        let scaled = workbook.add_worksheet().set_name("Scaled").unwrap();
        scaled.set_portrait().set_print_scale(75);
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn reads_page_setup_written_by_rust_xlsxwriter() {
        let geometry = read_xlsx_geometry_from(Cursor::new(workbook_with_page_setup())).unwrap();
        let setup = &geometry["考核 表"].page_setup;
        assert_eq!(setup.orientation, Some(Orientation::Landscape));
        assert_eq!(setup.paper_size, Some(9));
        assert_eq!(
            setup.fit_to_pages,
            Some(FitToPages {
                width: 1,
                height: 0
            })
        );
        let margins = setup.margins.unwrap();
        assert_eq!(
            (margins.left, margins.right, margins.top, margins.bottom),
            (0.5, 0.4, 0.6, 0.7)
        );
        assert_eq!((margins.header, margins.footer), (0.2, 0.1));
        assert!(setup.center_horizontally && setup.center_vertically && setup.print_gridlines);
        assert_eq!(setup.header.as_deref(), Some("&C&\"宋体,加粗\"考核 & 表"));
        assert_eq!(setup.footer.as_deref(), Some("&L&P / &N"));
        assert_eq!(setup.screen_gridlines, Some(false));
        assert_eq!(setup.zoom, Some(85));
        assert_eq!(setup.freeze_panes, Some(CellRef::new(3, 2)));
        assert_eq!(
            setup.print_area,
            Some(CellRange {
                first: CellRef::new(0, 0),
                last: CellRef::new(17, 8)
            })
        );
        assert_eq!(setup.repeat_rows, Some((0, 2)));
        assert_eq!(setup.repeat_columns, Some((0, 1)));

        // The print names of one sheet do not leak to its neighbours
        // (rust_xlsxwriter writes the default margins on every sheet).
        let plain = PageSetup {
            margins: Some(Margins::default()),
            ..PageSetup::default()
        };
        assert_eq!(geometry["说明"].page_setup, plain);
        let scaled = &geometry["Scaled"].page_setup;
        assert_eq!(scaled.orientation, Some(Orientation::Portrait));
        assert_eq!((scaled.scale, scaled.fit_to_pages), (Some(75), None));
    }

    #[test]
    fn garbage_page_settings_are_skipped() {
        let sheet = r#"<worksheet><sheetPr><pageSetUpPr fitToPage="maybe"/></sheetPr>
            <sheetViews><sheetView showGridLines="perhaps" zoomScale="9000">
              <pane xSplit="1.5" ySplit="-2" state="frozen"/></sheetView>
              <sheetView zoomScale="50"><pane ySplit="4" state="frozen"/></sheetView></sheetViews>
            <sheetData/>
            <customSheetViews><customSheetView><pane ySplit="9" state="frozen"/>
              <pageSetup orientation="portrait" paperSize="8"/></customSheetView></customSheetViews>
            <printOptions horizontalCentered="yes" gridLines="true"/>
            <pageMargins left="-1" right="NaN" top="1e300" bottom="0.9"/>
            <pageSetup orientation="sideways" paperSize="300" scale="5" fitToWidth="-1"/>
            <headerFooter><oddHeader>&amp;C&#x5F20;&unknown;三</oddHeader><oddFooter>"#;
        let bytes = zip_of(&[
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/worksheets/sheet1.xml", sheet),
        ]);
        let geometry = read_xlsx_geometry_from(Cursor::new(bytes)).unwrap();
        let setup = &geometry["S1"].page_setup;
        let normal = Margins::default();
        let expected = PageSetup {
            print_gridlines: true,
            margins: Some(Margins {
                bottom: 0.9,
                ..normal
            }),
            header: Some("&C张三".into()),
            footer: Some(String::new()),
            ..PageSetup::default()
        };
        assert_eq!(*setup, expected);
    }

    #[test]
    fn print_names_are_parsed_or_left_out() {
        let workbook = r#"<workbook xmlns:r="r"><sheets>
            <sheet name="A, B" sheetId="1" r:id="rId1"/></sheets><definedNames>
            <definedName name="_xlnm.Print_Titles" localSheetId="0">'A, B'!$A:$B,'A, B'!$1:$2</definedName>
            <definedName name="_xlnm.Print_Area">'A, B'!$C$3:$D$9</definedName>
            <definedName name="_xlnm.Print_Area" localSheetId="7">'A, B'!$A$1:$A$2</definedName>
            </definedNames></workbook>"#;
        let rels = r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let bytes = zip_of(&[
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", "<worksheet/>"),
        ]);
        let geometry = read_xlsx_geometry_from(Cursor::new(bytes)).unwrap();
        let setup = &geometry["A, B"].page_setup;
        assert_eq!(setup.repeat_columns, Some((0, 1)));
        assert_eq!(setup.repeat_rows, Some((0, 1)));
        let area = setup.print_area.unwrap();
        assert_eq!(area.to_string(), "C3:D9", "a global name naming the sheet");

        let cells = |a: &str, b: &str| {
            Area::Cells(CellRange {
                first: CellRef::parse_a1(a).unwrap(),
                last: CellRef::parse_a1(b).unwrap(),
            })
        };
        assert_eq!(as_title(cells("A1", "IV2")), Some(Area::Rows(0, 1)));
        assert_eq!(as_title(cells("A1", "B65536")), Some(Area::Columns(0, 1)));
        assert_eq!(as_title(cells("A1", "B2")), None);
        assert_eq!(split_areas("'x,y'!A1, B2 ,"), vec!["'x,y'!A1", "B2"]);
        assert_eq!(area_sheet("'it''s'!A1").as_deref(), Some("it's"));
    }
}
