//! Merged cells, column widths, row heights and page setup of an ods
//! workbook. calamine reads an ods file's values and formulas but none of
//! its layout, and an annotated copy of a 绩效考核表 without its merged
//! title and indicator cells, its widths or its one-page landscape print is
//! hard to recognise as the form the reviewer filled in.
//!
//! `content.xml` is streamed with quick-xml: column and row styles give the
//! sizes, `table:number-columns-spanned` / `number-rows-spanned` the merges,
//! and the table's master page (in `styles.xml`) how it prints. The same
//! pass hands style elements to [`super::styles`] and records which
//! cell style each cell has, as it already counts repeats. ODS files
//! repeat the last column 16 000 times and the last row a million times, so
//! sizes are kept as runs and expanded only over the area in use (cells
//! with content, merges, the print range). Reading never panics: a file that
//! is not a zip or has no `content.xml` is an error; damaged XML keeps what
//! was read before the damage.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;
use std::sync::Arc;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use zip::ZipArchive;
use zip::result::ZipError;

use super::styles::{OdsStyles, Part, StyledCells};
use crate::model::cell_ref::{COLUMNS, LAST_COL, LAST_ROW, ROWS};
use crate::model::style::{CellStyle, SheetStyles};
use crate::model::workbook::{FitToPages, Margins, Orientation, PageSetup};
use crate::model::{CellRange, CellRef};
use crate::read::area::{Area, parse_area};

/// Excel's grid, the most a copy can hold.
/// A spanned cell in a row repeated a million times must not become a
/// million merges.
const MAX_MERGES: usize = 65_536;
const POINTS_PER_INCH: f64 = 72.0;
/// Screen pixels per point at 96 dpi, the unit Excel sizes columns in.
const PIXELS_PER_POINT: f64 = 96.0 / 72.0;
/// Excel's maximum digit width in pixels for its default font; see
/// [`column_width`].
const PIXELS_PER_WIDTH_UNIT: f64 = 7.0;
/// Excel's paper size codes by the paper's short and long side in mm.
const PAPER_SIZES: [(u8, f64, f64); 7] = [
    (9, 210.0, 297.0),  // A4
    (8, 297.0, 420.0),  // A3
    (11, 148.0, 210.0), // A5
    (13, 182.0, 257.0), // B5 (JIS)
    (1, 215.9, 279.4),  // Letter
    (5, 215.9, 355.6),  // Legal
    (7, 184.15, 266.7), // Executive
];
/// How far (mm) a page may be off a paper size and still be that paper.
const PAPER_TOLERANCE_MM: f64 = 2.0;
const MM_PER_INCH: f64 = 25.4;

/// The layout of one table (sheet), zero-based.
#[derive(Debug, Clone, Default)]
pub struct SheetLayout {
    pub merges: Vec<CellRange>,
    /// Widths in Excel character units including Excel's cell padding, as
    /// an xlsx `<col width>` stores them (see [`column_width`]).
    pub column_widths: BTreeMap<u32, f64>,
    /// Heights in points.
    pub row_heights: BTreeMap<u32, f64>,
    pub page_setup: PageSetup,
    /// Cell styles over the same area as the sizes.
    pub styles: SheetStyles,
}

#[derive(Debug)]
pub enum LayoutError {
    Io(std::io::Error),
    /// Not a zip archive, or a damaged one.
    Zip(ZipError),
    /// The archive has no `content.xml`.
    NoContent,
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::Io(err) => write!(f, "cannot read the file: {err}"),
            LayoutError::Zip(err) => write!(f, "not a readable ods (zip) file: {err}"),
            LayoutError::NoContent => f.write_str("the ods file has no content.xml"),
        }
    }
}

impl std::error::Error for LayoutError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LayoutError::Io(err) => Some(err),
            LayoutError::Zip(err) => Some(err),
            LayoutError::NoContent => None,
        }
    }
}

/// Reads the layout of every table of the ods file at `path`, keyed by
/// table name.
pub fn read_ods_layout(path: &Path) -> Result<BTreeMap<String, SheetLayout>, LayoutError> {
    let file = File::open(path).map_err(LayoutError::Io)?;
    read_ods_layout_from(file)
}

/// As [`read_ods_layout`], from any seekable reader (bytes in memory).
pub fn read_ods_layout_from<R: Read + Seek>(
    reader: R,
) -> Result<BTreeMap<String, SheetLayout>, LayoutError> {
    let mut zip = ZipArchive::new(reader).map_err(LayoutError::Zip)?;
    // Page styles and the common cell styles live in styles.xml; without
    // it the tables still have their merges, sizes and automatic styles.
    let mut pages = PageStyles::default();
    let mut cell_styles = OdsStyles::default();
    if let Ok(part) = zip.by_name("styles.xml") {
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
        if let Err(err) = read_styles_part(&mut xml, &mut pages, &mut cell_styles) {
            tracing::debug!("ods styles read only up to an XML error: {err}");
        }
    }
    let part = zip.by_name("content.xml").map_err(|err| match err {
        ZipError::FileNotFound => LayoutError::NoContent,
        other => LayoutError::Zip(other),
    })?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    cell_styles.begin_part(Part::Content);
    let mut content = ContentReader {
        styles: cell_styles,
        ..ContentReader::default()
    };
    if let Err(err) = content.read(&mut xml) {
        tracing::debug!("ods layout read only up to an XML error: {err}");
    }
    Ok(content.finish(&pages))
}

// ---------------------------------------------------------------------------
// Attributes and units
// ---------------------------------------------------------------------------

/// The attribute with this qualified name (`table:name`), unescaped.
/// Malformed attributes are treated as absent. ODF files always use the
/// conventional prefixes, so matching the qualified name is enough.
pub(super) fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|attr| attr.key.as_ref() == name)
        .and_then(|attr| attr.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|value| value.into_owned())
}

/// A repeat or span count: at least 1, and never past Excel's grid even
/// when the file says four billion.
fn count_attribute(element: &BytesStart<'_>, name: &str, limit: u32) -> u32 {
    attribute(element, name)
        .and_then(|value| value.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, limit)
}

/// An ODF length (`0.9362in`, `2.38cm`, `23.8mm`, `67.4pt`, `5pc`, `90px`)
/// in points; `None` for anything else or a negative or absurd size.
pub(super) fn length_points(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.trim().parse().ok()?;
    let points = match unit {
        "in" => number * POINTS_PER_INCH,
        "cm" => number * POINTS_PER_INCH / MM_PER_INCH * 10.0,
        "mm" => number * POINTS_PER_INCH / MM_PER_INCH,
        "pt" => number,
        "pc" => number * 12.0,
        "px" => number / PIXELS_PER_POINT,
        _ => return None,
    };
    (points.is_finite() && points >= 0.0).then_some(points)
}

/// A column width in the unit the model keeps: an xlsx `<col width>`, which
/// is pixels / 7 (Excel's 7-pixel maximum digit width), the cell padding
/// included. Excel's "characters" are `(pixels - 5) / 7`; adding the 5
/// padding pixels back gives the stored width, which the writer turns back
/// into the same whole number of pixels.
fn column_width(points: f64) -> f64 {
    (points * PIXELS_PER_POINT).round() / PIXELS_PER_WIDTH_UNIT
}

/// Row heights are kept in points, to a hundredth (the precision Excel
/// shows), so float noise from unit conversion does not reach the copy.
fn row_height(points: f64) -> f64 {
    (points * 100.0).round() / 100.0
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

// ---------------------------------------------------------------------------
// content.xml
// ---------------------------------------------------------------------------

/// Sizes of consecutive columns or rows sharing a style.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    first: u32,
    count: u32,
    size: f64,
}

/// Expands runs into one entry per index below `end`, the extent in use.
fn expand(runs: &[Run], end: u32) -> BTreeMap<u32, f64> {
    let mut sizes = BTreeMap::new();
    for run in runs {
        let last = run.first.saturating_add(run.count).min(end);
        for index in run.first..last {
            sizes.insert(index, run.size);
        }
    }
    sizes
}

/// The row being read.
#[derive(Debug, Clone, Copy)]
struct Row {
    first: u32,
    repeat: u32,
    next_col: u32,
    has_content: bool,
    /// Index of `table:default-cell-style-name`, for cells without a style.
    default_style: Option<u32>,
}

/// One `table:table` as it is read.
#[derive(Debug, Default)]
struct Table {
    name: String,
    style: Option<String>,
    print_area: Option<CellRange>,
    next_col: u32,
    next_row: u32,
    column_runs: Vec<Run>,
    row_runs: Vec<Run>,
    merges: Vec<CellRange>,
    row: Option<Row>,
    /// One past the last row and column holding content, a merge or a
    /// visible style.
    used_rows: u32,
    used_cols: u32,
    styled: StyledCells,
}

impl Table {
    fn new(element: &BytesStart<'_>) -> Self {
        let print_area = attribute(element, "table:print-ranges")
            .as_deref()
            .and_then(print_range);
        Self {
            name: attribute(element, "table:name").unwrap_or_default(),
            style: attribute(element, "table:style-name"),
            print_area,
            ..Self::default()
        }
    }

    fn column(
        &mut self,
        element: &BytesStart<'_>,
        widths: &HashMap<String, f64>,
        styles: &mut OdsStyles,
    ) {
        let repeat = count_attribute(element, "table:number-columns-repeated", COLUMNS);
        if let Some(name) = attribute(element, "table:default-cell-style-name") {
            let index = styles.index_of(&name);
            self.styled.column_default(self.next_col, repeat, index);
        }
        let width = attribute(element, "table:style-name").and_then(|s| widths.get(&s).copied());
        if let Some(size) = width
            && self.next_col < COLUMNS
        {
            self.column_runs.push(Run {
                first: self.next_col,
                count: repeat,
                size,
            });
        }
        self.next_col = self.next_col.saturating_add(repeat).min(COLUMNS);
    }

    fn open_row(
        &mut self,
        element: &BytesStart<'_>,
        heights: &HashMap<String, f64>,
        styles: &mut OdsStyles,
    ) {
        let repeat = count_attribute(element, "table:number-rows-repeated", ROWS);
        let height = attribute(element, "table:style-name").and_then(|s| heights.get(&s).copied());
        if let Some(size) = height
            && self.next_row < ROWS
        {
            self.row_runs.push(Run {
                first: self.next_row,
                count: repeat,
                size,
            });
        }
        self.row = Some(Row {
            first: self.next_row,
            repeat,
            next_col: 0,
            has_content: false,
            default_style: attribute(element, "table:default-cell-style-name")
                .map(|name| styles.index_of(&name)),
        });
    }

    fn close_row(&mut self) {
        let Some(row) = self.row.take() else {
            return;
        };
        let end = row.first.saturating_add(row.repeat).min(ROWS);
        if row.has_content {
            self.used_rows = self.used_rows.max(end);
        }
        self.next_row = end;
    }

    /// A `table:table-cell` or `table:covered-table-cell`; `has_children`
    /// when it is a start tag (text, a note or a drawing inside).
    fn cell(&mut self, element: &BytesStart<'_>, has_children: bool, styles: &mut OdsStyles) {
        let Some(mut row) = self.row else {
            return;
        };
        let repeat = count_attribute(element, "table:number-columns-repeated", COLUMNS);
        let col = row.next_col;
        row.next_col = col.saturating_add(repeat).min(COLUMNS);
        if has_children || attribute(element, "office:value-type").is_some() {
            row.has_content = true;
            self.used_cols = self.used_cols.max(row.next_col);
        }
        self.row = Some(row);
        self.style_cells(element, row, (col, row.next_col - col), styles);
        if element.name().as_ref() == "table:table-cell" && col < COLUMNS {
            self.spans(element, row, col);
        }
    }

    /// Records the cells' style; blank cells whose style shows (a bordered
    /// empty line of the form) widen the area in use.
    fn style_cells(
        &mut self,
        element: &BytesStart<'_>,
        row: Row,
        cols: (u32, u32),
        styles: &mut OdsStyles,
    ) {
        let own = attribute(element, "table:style-name")
            .map(|name| styles.index_of(&name))
            .or(row.default_style);
        let rows = (row.first, row.repeat);
        if let Some((end_row, end_col)) = self.styled.cells(rows, cols, own, styles) {
            self.used_rows = self.used_rows.max(end_row.min(ROWS));
            self.used_cols = self.used_cols.max(end_col.min(COLUMNS));
        }
    }

    /// Records the merge a spanned cell starts, once per repetition of its
    /// row (a template often repeats identical rows with the same merge).
    fn spans(&mut self, element: &BytesStart<'_>, row: Row, col: u32) {
        let cols = count_attribute(element, "table:number-columns-spanned", COLUMNS);
        let rows = count_attribute(element, "table:number-rows-spanned", ROWS);
        if cols == 1 && rows == 1 {
            return;
        }
        // Repeated rows each holding a merge several rows tall would
        // overlap; only the first is real then.
        let instances = if rows == 1 { row.repeat } else { 1 };
        for offset in 0..instances {
            if self.merges.len() >= MAX_MERGES {
                return;
            }
            let first = CellRef::new(row.first.saturating_add(offset), col);
            let last = CellRef::new(
                first.row.saturating_add(rows - 1).min(LAST_ROW),
                col.saturating_add(cols - 1).min(LAST_COL),
            );
            if first.row >= ROWS {
                return;
            }
            self.used_rows = self.used_rows.max(last.row + 1);
            self.used_cols = self.used_cols.max(last.col + 1);
            self.merges.push(CellRange { first, last });
        }
    }

    fn finish(
        self,
        pages: &PageStyles,
        table_pages: &HashMap<String, String>,
        style_table: &Arc<[CellStyle]>,
    ) -> SheetLayout {
        let (mut used_rows, mut used_cols) = (self.used_rows, self.used_cols);
        if let Some(area) = self.print_area {
            used_rows = used_rows.max(area.last.row.saturating_add(1));
            used_cols = used_cols.max(area.last.col.saturating_add(1));
        }
        let master = self.style.as_ref().and_then(|style| table_pages.get(style));
        let mut page_setup = pages.setup_for(master.map(String::as_str));
        page_setup.print_area = self.print_area;
        SheetLayout {
            merges: self.merges,
            column_widths: expand(&self.column_runs, used_cols),
            row_heights: expand(&self.row_runs, used_rows),
            page_setup,
            styles: SheetStyles::new(
                Arc::clone(style_table),
                self.styled.expand(used_rows, used_cols),
            ),
        }
    }
}

/// The family of the `style:style` being read, for its size property.
#[derive(Debug, Clone, PartialEq)]
enum StyleFamily {
    Column(String),
    Row(String),
    Other,
}

#[derive(Debug, Default)]
struct ContentReader {
    column_widths: HashMap<String, f64>,
    row_heights: HashMap<String, f64>,
    /// Table style → master page name.
    table_pages: HashMap<String, String>,
    style: Option<StyleFamily>,
    table: Option<Table>,
    tables: Vec<Table>,
    styles: OdsStyles,
}

impl ContentReader {
    fn read<B: BufRead>(&mut self, xml: &mut quick_xml::Reader<B>) -> Result<(), quick_xml::Error> {
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf)? {
                Event::Start(element) => {
                    let cell = matches!(
                        element.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    );
                    if cell {
                        self.cell(&element, true);
                        // Cell text, notes and drawings are calamine's.
                        skip_element(xml, &element)?;
                    } else {
                        self.styles.open(xml, &element, true)?;
                        self.open(&element);
                    }
                }
                Event::Empty(element) => {
                    self.styles.open(xml, &element, false)?;
                    self.open(&element);
                    self.close(element.name().as_ref());
                }
                Event::End(element) => self.close(element.name().as_ref()),
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    fn with_table(&mut self, action: impl FnOnce(&mut Table)) {
        if let Some(table) = &mut self.table {
            action(table);
        }
    }

    fn cell(&mut self, element: &BytesStart<'_>, has_children: bool) {
        if let Some(table) = &mut self.table {
            table.cell(element, has_children, &mut self.styles);
        }
    }

    fn open(&mut self, element: &BytesStart<'_>) {
        match element.name().as_ref() {
            "style:style" => self.open_style(element),
            "style:table-column-properties" => self.column_properties(element),
            "style:table-row-properties" => self.row_properties(element),
            // Tables do not nest (cells, where a sub-table could be, are
            // skipped), so a second start is damage: keep the first table.
            "table:table" if self.table.is_none() => self.table = Some(Table::new(element)),
            "table:table-column" => {
                if let Some(table) = &mut self.table {
                    table.column(element, &self.column_widths, &mut self.styles);
                }
            }
            "table:table-row" => {
                if let Some(table) = &mut self.table {
                    table.open_row(element, &self.row_heights, &mut self.styles);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => self.cell(element, false),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        self.styles.close(name);
        match name {
            "style:style" => self.style = None,
            "table:table-row" => self.with_table(Table::close_row),
            "table:table" => {
                if let Some(mut table) = self.table.take() {
                    table.close_row();
                    self.tables.push(table);
                }
            }
            _ => {}
        }
    }

    fn open_style(&mut self, element: &BytesStart<'_>) {
        let name = attribute(element, "style:name").unwrap_or_default();
        let family = attribute(element, "style:family");
        self.style = Some(match family.as_deref() {
            Some("table-column") => StyleFamily::Column(name),
            Some("table-row") => StyleFamily::Row(name),
            Some("table") => {
                if let Some(master) = attribute(element, "style:master-page-name") {
                    self.table_pages.insert(name, master);
                }
                StyleFamily::Other
            }
            _ => StyleFamily::Other,
        });
    }

    fn column_properties(&mut self, element: &BytesStart<'_>) {
        let Some(StyleFamily::Column(name)) = &self.style else {
            return;
        };
        if let Some(points) = attribute(element, "style:column-width")
            .as_deref()
            .and_then(length_points)
        {
            self.column_widths
                .insert(name.clone(), column_width(points));
        }
    }

    fn row_properties(&mut self, element: &BytesStart<'_>) {
        let Some(StyleFamily::Row(name)) = &self.style else {
            return;
        };
        if let Some(points) = attribute(element, "style:row-height")
            .as_deref()
            .and_then(length_points)
        {
            self.row_heights.insert(name.clone(), row_height(points));
        }
    }

    /// Every table read, including one cut off by damaged XML.
    fn finish(mut self, pages: &PageStyles) -> BTreeMap<String, SheetLayout> {
        if let Some(mut table) = self.table.take() {
            table.close_row();
            self.tables.push(table);
        }
        let style_table = self.styles.table();
        let mut layouts = BTreeMap::new();
        for table in self.tables {
            let name = table.name.clone();
            layouts
                .entry(name)
                .or_insert_with(|| table.finish(pages, &self.table_pages, &style_table));
        }
        layouts
    }
}

/// `绩效考核表.A1:绩效考核表.I18` or `$'My sheet'.$A$1:.$I$18`: the first
/// range, without its sheet names. Several ranges are left out, as for xlsx
/// (printing the whole sheet loses less than printing a part of the area).
fn print_range(ranges: &str) -> Option<CellRange> {
    let ranges = split_outside_quotes(ranges, ' ');
    let [range] = ranges.as_slice() else {
        return None;
    };
    let ends = split_outside_quotes(range, ':');
    let cell = |end: &str| {
        end.rsplit_once('.')
            .map_or(end, |(_, cell)| cell)
            .to_string()
    };
    let reference = match ends.as_slice() {
        [only] => cell(only),
        [first, last] => format!("{}:{}", cell(first), cell(last)),
        _ => return None,
    };
    match parse_area(&reference)? {
        Area::Cells(range) => Some(range),
        Area::Rows(..) | Area::Columns(..) => None,
    }
}

/// Splits on `separator` except inside a quoted sheet name.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (index, c) in text.char_indices() {
        if c == '\'' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..index]);
            start = index + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts.retain(|part| !part.trim().is_empty());
    parts
}

// ---------------------------------------------------------------------------
// styles.xml: how each master page prints
// ---------------------------------------------------------------------------

#[derive(Debug, Default)]
struct PageStyles {
    /// Page layout name → the settings it holds.
    layouts: HashMap<String, PageSetup>,
    /// Master page name → page layout name.
    masters: HashMap<String, String>,
    /// The page layout being read.
    current: Option<String>,
}

/// Reads `styles.xml` once for the page styles and the cell styles.
fn read_styles_part<B: BufRead>(
    xml: &mut quick_xml::Reader<B>,
    pages: &mut PageStyles,
    cells: &mut OdsStyles,
) -> Result<(), quick_xml::Error> {
    cells.begin_part(Part::Styles);
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) => {
                cells.open(xml, &element, true)?;
                pages.open(&element);
            }
            Event::Empty(element) => {
                cells.open(xml, &element, false)?;
                pages.open(&element);
                cells.close(element.name().as_ref());
            }
            Event::End(element) => {
                if element.name().as_ref() == "style:page-layout" {
                    pages.current = None;
                }
                cells.close(element.name().as_ref());
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

impl PageStyles {
    fn open(&mut self, element: &BytesStart<'_>) {
        match element.name().as_ref() {
            "style:page-layout" => self.current = attribute(element, "style:name"),
            "style:page-layout-properties" => {
                if let Some(name) = self.current.clone() {
                    self.layouts.insert(name, page_properties(element));
                }
            }
            "style:master-page" => {
                let name = attribute(element, "style:name");
                let layout = attribute(element, "style:page-layout-name");
                if let (Some(name), Some(layout)) = (name, layout) {
                    self.masters.insert(name, layout);
                }
            }
            _ => {}
        }
    }

    /// The settings of a table's master page; a table without one prints
    /// with the `Default` master page, as LibreOffice does.
    fn setup_for(&self, master: Option<&str>) -> PageSetup {
        self.masters
            .get(master.unwrap_or("Default"))
            .and_then(|layout| self.layouts.get(layout))
            .cloned()
            .unwrap_or_default()
    }
}

/// `style:page-layout-properties` as Excel page settings.
fn page_properties(element: &BytesStart<'_>) -> PageSetup {
    let length = |name| attribute(element, name).as_deref().and_then(length_points);
    let centering = attribute(element, "style:table-centering").unwrap_or_default();
    let printed = attribute(element, "style:print").unwrap_or_default();
    PageSetup {
        orientation: match attribute(element, "style:print-orientation").as_deref() {
            Some("landscape") => Some(Orientation::Landscape),
            Some("portrait") => Some(Orientation::Portrait),
            _ => None,
        },
        paper_size: paper_size(length("fo:page-width"), length("fo:page-height")),
        scale: attribute(element, "style:scale-to").and_then(|s| percent(&s)),
        fit_to_pages: fit_to_pages(element),
        margins: margins(element),
        center_horizontally: matches!(centering.as_str(), "horizontal" | "both"),
        center_vertically: matches!(centering.as_str(), "vertical" | "both"),
        print_gridlines: printed.split_whitespace().any(|item| item == "grid"),
        ..PageSetup::default()
    }
}

/// `75%` → 75, within Excel's 10–400.
fn percent(text: &str) -> Option<u16> {
    let value: f64 = text.trim().strip_suffix('%')?.trim().parse().ok()?;
    let rounded = value.round();
    // Truncation is exact: the value is whole and within 10..=400.
    (10.0..=400.0).contains(&rounded).then_some(rounded as u16)
}

/// `scale-to-X` / `scale-to-Y` are pages across and down (an absent one
/// is unlimited, Excel's 0); `scale-to-pages` is a total, which Excel can
/// only express when it is one page.
fn fit_to_pages(element: &BytesStart<'_>) -> Option<FitToPages> {
    let pages = |name| attribute(element, name).and_then(|v| v.trim().parse::<u16>().ok());
    match (pages("style:scale-to-X"), pages("style:scale-to-Y")) {
        (None, None) => (pages("style:scale-to-pages") == Some(1)).then_some(FitToPages {
            width: 1,
            height: 1,
        }),
        (width, height) => Some(FitToPages {
            width: width.unwrap_or(0),
            height: height.unwrap_or(0),
        }),
    }
}

fn margins(element: &BytesStart<'_>) -> Option<Margins> {
    let inches = |name| {
        attribute(element, name)
            .as_deref()
            .and_then(length_points)
            .map(|points| points / POINTS_PER_INCH)
    };
    let (left, right, top, bottom) = (
        inches("fo:margin-left"),
        inches("fo:margin-right"),
        inches("fo:margin-top"),
        inches("fo:margin-bottom"),
    );
    if [left, right, top, bottom].iter().all(Option::is_none) {
        return None;
    }
    let normal = Margins::default();
    Some(Margins {
        left: left.unwrap_or(normal.left),
        right: right.unwrap_or(normal.right),
        top: top.unwrap_or(normal.top),
        bottom: bottom.unwrap_or(normal.bottom),
        ..normal
    })
}

/// Excel's code for a page of this size in points, either way round.
fn paper_size(width: Option<f64>, height: Option<f64>) -> Option<u8> {
    let to_mm = |points: f64| points / POINTS_PER_INCH * MM_PER_INCH;
    let (a, b) = (to_mm(width?), to_mm(height?));
    let (short, long) = (a.min(b), a.max(b));
    PAPER_SIZES
        .iter()
        .find(|(_, s, l)| {
            (short - s).abs() <= PAPER_TOLERANCE_MM && (long - l).abs() <= PAPER_TOLERANCE_MM
        })
        .map(|(code, _, _)| *code)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::read::test_support::zip_of;

    fn range(a: &str, b: &str) -> CellRange {
        CellRange {
            first: CellRef::parse_a1(a).unwrap(),
            last: CellRef::parse_a1(b).unwrap(),
        }
    }

    fn sample_09() -> BTreeMap<String, SheetLayout> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/售前客服部/09_周婷.ods");
        read_ods_layout(&path).unwrap()
    }

    #[test]
    fn sample_09_merges() {
        let layouts = sample_09();
        let sheet = &layouts["绩效考核表"];
        let mut merges: Vec<String> = sheet.merges.iter().map(ToString::to_string).collect();
        merges.sort();
        let mut expected = vec![
            "A1:I1", "H2:I2", "A9:A10", "B9:B10", "C9:C10", "D9:D10", "G9:G10", "H9:H10",
            "A17:C17", "A18:C18", "D18:F18", "G18:I18",
        ];
        expected.sort();
        assert_eq!(merges, expected);
    }

    #[test]
    fn sample_09_sizes_stay_within_the_used_area() {
        let layouts = sample_09();
        let sheet = &layouts["绩效考核表"];
        // Columns A–I and rows 1–18; the 16 375 repeated columns and the
        // million repeated rows after them are not expanded.
        assert_eq!(
            sheet.column_widths.keys().copied().collect::<Vec<_>>(),
            (0..9).collect::<Vec<_>>()
        );
        assert_eq!(
            sheet.row_heights.keys().copied().collect::<Vec<_>>(),
            (0..18).collect::<Vec<_>>()
        );
        // co1 is 0.9362in = 67.4pt = 90px → 90 / 7 stored width units.
        assert!((sheet.column_widths[&0] - 90.0 / 7.0).abs() < 1e-9);
        // G and H share one repeated column element (co6, 1.0335in).
        assert_eq!(sheet.column_widths[&6], sheet.column_widths[&7]);
        assert!((sheet.column_widths[&6] - 99.0 / 7.0).abs() < 1e-9);
        assert_eq!(sheet.row_heights[&0], 36.0); // ro1, 0.5in
        assert_eq!(sheet.row_heights[&8], 25.51); // ro5, 0.3543in
    }

    #[test]
    fn sample_09_prints_on_one_landscape_a4_page() {
        let layouts = sample_09();
        let setup = &layouts["绩效考核表"].page_setup;
        assert_eq!(setup.orientation, Some(Orientation::Landscape));
        assert_eq!(setup.paper_size, Some(9));
        assert_eq!(
            setup.fit_to_pages,
            Some(FitToPages {
                width: 1,
                height: 0
            })
        );
        assert!(setup.center_horizontally && !setup.center_vertically);
        let margins = setup.margins.unwrap();
        assert!((margins.top - 0.6).abs() < 1e-9 && (margins.left - 0.5).abs() < 1e-9);
        assert_eq!(setup.print_area, Some(range("A1", "I18")));
    }

    const STYLES: &str = r#"<office:automatic-styles>
        <style:style style:name="co1" style:family="table-column">
          <style:table-column-properties style:column-width="2.54cm"/></style:style>
        <style:style style:name="co2" style:family="table-column">
          <style:table-column-properties style:column-width="huge"/></style:style>
        <style:style style:name="ro1" style:family="table-row">
          <style:table-row-properties style:row-height="20pt"/></style:style>
        <style:style style:name="ce1" style:family="table-cell">
          <style:table-column-properties style:column-width="9in"/></style:style>
        </office:automatic-styles>"#;

    fn content(body: &str) -> String {
        format!("<office:document-content>{STYLES}<office:body><office:spreadsheet>{body}")
    }

    #[test]
    fn repeats_count_positions_and_spans_in_repeated_rows_repeat() {
        let body = r#"<table:table table:name="T">
            <table:table-column table:style-name="co1" table:number-columns-repeated="2"/>
            <table:table-column table:style-name="co2"/>
            <table:table-column table:style-name="co1" table:number-columns-repeated="4294967295"/>
            <table:table-row table:style-name="ro1" table:number-rows-repeated="2">
              <table:covered-table-cell table:number-columns-repeated="2"/>
              <table:table-cell table:number-columns-spanned="2"><text:p>x</text:p></table:table-cell>
              <table:covered-table-cell/>
            </table:table-row>
            <table:table-row table:style-name="ro1" table:number-rows-repeated="1048576">
              <table:table-cell table:number-columns-repeated="16384"/></table:table-row>
            <table:table-row><table:table-cell table:number-rows-spanned="99999999"/></table:table-row>
            </table:table>
            <table:table table:name="Empty"/>
            </office:spreadsheet></office:body></office:document-content>"#;
        let bytes = zip_of(&[("content.xml", &content(body))]);
        let layouts = read_ods_layout_from(Cursor::new(bytes)).unwrap();
        let sheet = &layouts["T"];
        assert_eq!(sheet.merges, vec![range("C1", "D1"), range("C2", "D2")]);
        // 2.54cm = 72pt = 96px; co2's width is garbage, so column C has none.
        let widths: Vec<_> = sheet.column_widths.iter().map(|(c, w)| (*c, *w)).collect();
        assert_eq!(
            widths,
            vec![(0, 96.0 / 7.0), (1, 96.0 / 7.0), (3, 96.0 / 7.0)]
        );
        let heights: Vec<_> = sheet.row_heights.keys().copied().collect();
        assert_eq!(
            heights,
            vec![0, 1],
            "the million empty rows are not expanded"
        );
        let empty = &layouts["Empty"];
        assert!(empty.merges.is_empty() && empty.column_widths.is_empty());
        assert!(empty.row_heights.is_empty() && empty.page_setup == PageSetup::default());
        assert_eq!(empty.styles.styled_cells().count(), 0);
    }

    #[test]
    fn garbage_and_truncated_content_do_not_panic() {
        let truncated = content(
            r#"<table:table table:name="Cut"><table:table-column table:style-name="co1"/>
            <table:table-row table:style-name="ro1"><table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>标"#,
        );
        let bytes = zip_of(&[
            ("content.xml", &truncated),
            ("styles.xml", "<office:styles><style:page-layout"),
        ]);
        let layouts = read_ods_layout_from(Cursor::new(bytes)).unwrap();
        let cut = &layouts["Cut"];
        assert_eq!(cut.column_widths.len(), 1);
        assert_eq!(cut.row_heights.get(&0), Some(&20.0));

        for garbage in [
            "",
            "not xml at all <<<>>>&&&",
            "<table:table-row><table:table-cell table:number-columns-spanned='-1'/></table:table-row>",
            "<table:table table:name=\"X\"><table:table-cell table:number-columns-spanned=\"x\"/></table:table-row></table:table>",
            "</table:table></table:table><table:table>",
        ] {
            let bytes = zip_of(&[("content.xml", garbage)]);
            assert!(
                read_ods_layout_from(Cursor::new(bytes)).is_ok(),
                "{garbage}"
            );
        }
        let bytes = zip_of(&[("mimetype", "application/vnd.oasis.opendocument.spreadsheet")]);
        assert!(matches!(
            read_ods_layout_from(Cursor::new(bytes)),
            Err(LayoutError::NoContent)
        ));
        assert!(matches!(
            read_ods_layout_from(Cursor::new(b"PK garbage".to_vec())),
            Err(LayoutError::Zip(_))
        ));
    }

    #[test]
    fn units_ranges_and_paper() {
        assert_eq!(length_points("1in"), Some(72.0));
        assert_eq!(
            length_points("10mm").map(|p| (p * 1000.0).round()),
            Some(28346.0)
        );
        assert_eq!(length_points("12px"), Some(9.0));
        for garbage in ["", "in", "-1in", "1furlong", "NaNin", "1e400pt"] {
            assert_eq!(length_points(garbage), None, "{garbage}");
        }
        assert_eq!(print_range("$'A b'.$B$2:.$C$9"), Some(range("B2", "C9")));
        assert_eq!(print_range("S.A1"), Some(range("A1", "A1")));
        assert_eq!(print_range("S.A1:S.B2 S.D1:S.E2"), None);
        assert_eq!(print_range("S.#REF!"), None);
        assert_eq!(percent("75%"), Some(75));
        assert_eq!(percent("5%"), None);
        assert_eq!(paper_size(Some(841.9), Some(595.3)), Some(9));
        assert_eq!(paper_size(Some(612.0), Some(792.0)), Some(1));
        assert_eq!(paper_size(Some(100.0), Some(100.0)), None);
    }
}
