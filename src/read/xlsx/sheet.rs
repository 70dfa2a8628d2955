//! One worksheet part, read in a single pass: the cells' values, formulas
//! and style indexes, the merged regions, column widths, row heights and the
//! page and view settings.
//!
//! Cells are decoded as calamine 0.38 decodes them (see `Xlsx::
//! worksheet_range` and `worksheet_formula`), so values and formulas read as
//! they always have, except where calamine gives up on the whole sheet for
//! one odd cell value (an unknown error literal such as `#SPILL!`, a shared
//! string index out of range, an element it does not expect in a cell):
//! such a cell is read as well as it can be and the rest of the sheet is
//! kept. A cell reference that is not one (`A0`) still damages the sheet,
//! as it does for calamine: where the cells are cannot be trusted.
//! Cells are stored sparsely, so a sheet claiming to span the whole grid
//! costs only the cells it has.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::page_setup::{PageSetupReader, size_attribute};
use super::shared_strings::{RichTextBuffers, read_rich_text};
use super::styles::Styles;
use super::xml::{self, XmlReader};
use crate::model::cell_ref::{COLUMNS, ROWS};
use crate::model::workbook::PageSetup;
use crate::model::{Cell, CellRange, CellRef, CellValue};

/// What a worksheet part holds.
#[derive(Debug, Default)]
pub struct Worksheet {
    pub cells: BTreeMap<CellRef, Cell>,
    /// `(cell, index into the workbook's styles)` in stream order, for cells
    /// with an `s` attribute other than 0.
    pub style_indexes: Vec<(CellRef, u32)>,
    pub merges: Vec<CellRange>,
    pub column_widths: BTreeMap<u32, f64>,
    pub row_heights: BTreeMap<u32, f64>,
    pub page_setup: PageSetup,
}

/// Why a worksheet part could not be read.
#[derive(Debug)]
pub enum SheetError {
    /// The part has no element at all.
    Empty,
    /// Malformed XML (or a damaged zip entry).
    Xml(quick_xml::Error),
    /// A `<c r>` that is not a cell reference.
    BadReference(String),
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SheetError::Empty => f.write_str("the sheet part is empty"),
            SheetError::Xml(error) => write!(f, "malformed sheet XML: {error}"),
            SheetError::BadReference(text) => write!(f, "{text:?} is not a cell reference"),
        }
    }
}

impl From<quick_xml::Error> for SheetError {
    fn from(error: quick_xml::Error) -> Self {
        SheetError::Xml(error)
    }
}

/// Reads a worksheet part. Damage after the cells (in the page settings)
/// only loses what comes after it; damage among the cells is an error, as
/// a sheet missing some of its cells would be scored wrongly.
pub fn read_worksheet<B: BufRead>(
    xml: &mut XmlReader<B>,
    strings: &[String],
    styles: &Styles,
) -> Result<Worksheet, SheetError> {
    let mut reader = SheetReader::new(strings, styles);
    match reader.read(xml) {
        Ok(()) if !reader.seen_root => return Err(SheetError::Empty),
        Ok(()) => {}
        Err(error) if reader.past_sheet_data => {
            tracing::debug!("sheet settings read only up to an XML error: {error}");
        }
        Err(error) => return Err(error),
    }
    Ok(reader.finish())
}

/// The type a cell's `t` attribute gives its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueType {
    /// `n`, absent or unknown: a number, or text that is not one.
    Number,
    /// `s`: an index into the shared strings.
    SharedString,
    /// `inlineStr`: the text is in `<is>`, not `<v>`.
    InlineString,
    /// `str`: a formula's text result.
    FormulaString,
    Bool,
    Error,
    /// `d`: an ISO 8601 date, kept as text.
    IsoDate,
}

impl ValueType {
    fn of(attribute: &str) -> Self {
        match attribute {
            "s" => Self::SharedString,
            "inlineStr" | "is" => Self::InlineString,
            "str" => Self::FormulaString,
            "b" => Self::Bool,
            "e" => Self::Error,
            "d" => Self::IsoDate,
            _ => Self::Number,
        }
    }
}

/// A shared formula's text as written on its first cell, which the other
/// cells of the group shift by their offset from `anchor`.
#[derive(Debug)]
struct SharedFormula {
    text: String,
    anchor: (u32, u32),
}

/// What one `<c>` holds besides its position and attributes.
#[derive(Debug, Default)]
struct CellContents {
    /// The text of `<v>`, when there is one.
    value: Option<String>,
    inline: Option<String>,
    formula: Option<String>,
}

struct SheetReader<'a> {
    strings: &'a [String],
    styles: &'a Styles,
    sheet: Worksheet,
    page_setup: PageSetupReader,
    /// The row a `<row>` or `<c>` without `r` is in: calamine's count,
    /// the last `r` plus one per `</row>` since.
    row: u32,
    /// The column of the next `<c>` without `r` in the row.
    col: u32,
    seen_root: bool,
    in_sheet_data: bool,
    past_sheet_data: bool,
    shared_formulas: HashMap<u64, SharedFormula>,
    /// Scratch space for the events of elements read or skipped whole.
    scratch: Vec<u8>,
    rich_text: RichTextBuffers,
}

impl<'a> SheetReader<'a> {
    fn new(strings: &'a [String], styles: &'a Styles) -> Self {
        Self {
            strings,
            styles,
            sheet: Worksheet::default(),
            page_setup: PageSetupReader::default(),
            row: 0,
            col: 0,
            seen_root: false,
            in_sheet_data: false,
            past_sheet_data: false,
            shared_formulas: HashMap::new(),
            scratch: Vec::new(),
            rich_text: RichTextBuffers::default(),
        }
    }

    fn finish(self) -> Worksheet {
        Worksheet {
            page_setup: self.page_setup.finish(),
            ..self.sheet
        }
    }

    fn read<B: BufRead>(&mut self, xml: &mut XmlReader<B>) -> Result<(), SheetError> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf)? {
                Event::Start(element) => {
                    self.seen_root = true;
                    self.start(xml, &element, false)?;
                }
                Event::Empty(element) => {
                    self.seen_root = true;
                    self.start(xml, &element, true)?;
                }
                Event::End(element) => self.end(element.local_name().as_ref()),
                Event::Eof if self.in_sheet_data => {
                    return Err(xml::unexpected_eof("sheetData").into());
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn start<B: BufRead>(
        &mut self,
        xml: &mut XmlReader<B>,
        element: &BytesStart<'_>,
        is_empty: bool,
    ) -> Result<(), SheetError> {
        let name = element.local_name();
        match name.as_ref() {
            "c" if self.in_sheet_data => self.read_cell(xml, element, is_empty)?,
            "row" if self.in_sheet_data => {
                self.start_row(element);
                if is_empty {
                    self.end_row();
                }
            }
            "sheetData" => {
                self.in_sheet_data = !is_empty;
                self.past_sheet_data = is_empty;
            }
            "col" if !self.past_sheet_data => self.record_column(element),
            "mergeCell" => self.record_merge(element),
            "oddHeader" if !is_empty => {
                let text = xml::read_text(xml, element.name())?;
                self.page_setup.set_header(text);
            }
            "oddFooter" if !is_empty => {
                let text = xml::read_text(xml, element.name())?;
                self.page_setup.set_footer(text);
            }
            // Custom views hold page settings of their own that are not the
            // sheet's; extensions hold nothing that is copied.
            "customSheetViews" | "extLst" if !is_empty => {
                xml::skip_element(xml, element, &mut self.scratch)?;
            }
            _ => self.page_setup.start(element, is_empty),
        }
        Ok(())
    }

    fn end(&mut self, local_name: &str) {
        match local_name {
            "row" if self.in_sheet_data => self.end_row(),
            "sheetData" => {
                self.in_sheet_data = false;
                self.past_sheet_data = true;
            }
            _ => self.page_setup.end(local_name),
        }
    }

    /// A row's `r` sets the row; a row without one, or with one that is not
    /// a number, is the one after the previous. A row numbered 0 is
    /// garbage: it is ignored, height and all. A height is kept when it is
    /// a sensible size within the grid.
    fn start_row(&mut self, element: &BytesStart<'_>) {
        match xml::numeric_attribute::<u32>(element, "r") {
            Some(0) => return,
            Some(r) => self.row = r - 1,
            None => {}
        }
        if let Some(height) = size_attribute(element, "ht").filter(|_| self.row < ROWS) {
            self.sheet.row_heights.insert(self.row, height);
        }
    }

    fn end_row(&mut self) {
        self.row = self.row.saturating_add(1);
        self.col = 0;
    }

    fn record_column(&mut self, element: &BytesStart<'_>) {
        let (Some(min), Some(max), Some(width)) = (
            xml::numeric_attribute::<u32>(element, "min"),
            xml::numeric_attribute::<u32>(element, "max"),
            size_attribute(element, "width"),
        ) else {
            return;
        };
        // Clamping keeps a hostile `max="4294967295"` from allocating
        // billions of entries.
        let max = max.min(COLUMNS);
        if min == 0 || min > max {
            return;
        }
        for col in min..=max {
            self.sheet.column_widths.insert(col - 1, width);
        }
    }

    /// A merge as calamine reads it: `A1:B2` or a single cell, corners as
    /// written (a reversed range is left for the writer to refuse).
    fn record_merge(&mut self, element: &BytesStart<'_>) {
        let Some(reference) = xml::raw_attribute(element, "ref") else {
            return;
        };
        let (first, last) = reference
            .split_once(':')
            .unwrap_or((&reference, &reference));
        match (
            CellRef::parse_anywhere(first),
            CellRef::parse_anywhere(last),
        ) {
            (Some(first), Some(last)) => self.sheet.merges.push(CellRange { first, last }),
            _ => tracing::debug!("merge {reference} not read"),
        }
    }

    fn read_cell<B: BufRead>(
        &mut self,
        xml: &mut XmlReader<B>,
        element: &BytesStart<'_>,
        is_empty: bool,
    ) -> Result<(), SheetError> {
        let attributes = CellAttributes::of(element)?;
        let at = self.place(attributes.position);
        if let Some(index) = attributes.style.filter(|index| *index != 0) {
            // An index beyond u32 is beyond any styles table.
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            self.sheet.style_indexes.push((at, index));
        }
        if is_empty {
            return Ok(());
        }
        let contents = self.read_cell_contents(xml, element, at)?;
        // calamine checks the format only of cells that name their style.
        let is_date = attributes
            .style
            .is_some_and(|index| self.styles.is_date(index));
        let value = decode_value(attributes.value_type, &contents, self.strings, is_date);
        let formula = contents.formula.and_then(formula_text);
        self.store(at, value, formula);
        Ok(())
    }

    /// Where a cell is: its `r`, or the column after the previous cell's.
    fn place(&mut self, position: Option<CellRef>) -> CellRef {
        let at = position.unwrap_or(CellRef::new(self.row, self.col));
        self.col = at.col.saturating_add(1);
        at
    }

    /// Of two `<c>` for one position, the later one's value and formula
    /// win, each where it has one; a cell with neither is not kept.
    fn store(&mut self, at: CellRef, value: CellValue, formula: Option<String>) {
        if value == CellValue::Empty && formula.is_none() {
            return;
        }
        let cell = self.sheet.cells.entry(at).or_default();
        if value != CellValue::Empty {
            cell.value = value;
        }
        if formula.is_some() {
            cell.formula = formula;
        }
    }

    /// The elements inside a `<c>`, up to its end.
    fn read_cell_contents<B: BufRead>(
        &mut self,
        xml: &mut XmlReader<B>,
        element: &BytesStart<'_>,
        at: CellRef,
    ) -> Result<CellContents, SheetError> {
        let end = element.name().as_ref().to_string();
        let mut contents = CellContents::default();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf)? {
                Event::Start(child) => match child.local_name().as_ref() {
                    "v" => {
                        let mut text = String::new();
                        xml::read_text_into(xml, child.name(), &mut self.scratch, &mut text)?;
                        contents.value = Some(text);
                    }
                    "f" => {
                        let text = xml::read_text(xml, child.name())?;
                        contents.formula = self.formula(&child, text, at);
                    }
                    "is" => {
                        let name = child.name().as_ref().to_string();
                        let text = read_rich_text(xml, QName(&name), &mut self.rich_text)?;
                        contents.inline = Some(text);
                    }
                    _ => xml::skip_element(xml, &child, &mut self.scratch)?,
                },
                Event::Empty(child) => match child.local_name().as_ref() {
                    "v" => contents.value = Some(String::new()),
                    "f" => contents.formula = self.formula(&child, String::new(), at),
                    "is" => contents.inline = Some(String::new()),
                    _ => {}
                },
                Event::End(element) if element.name().as_ref() == end => return Ok(contents),
                Event::Eof => return Err(xml::unexpected_eof(&end).into()),
                _ => {}
            }
        }
    }

    /// The formula of the cell at `at` from its `<f>`: its own text, or for
    /// a cell of a shared formula group, the group's formula shifted to the
    /// cell as calamine shifts it (relative references move, absolute ones
    /// stay). A shared formula whose first cell has not been seen is
    /// unknown.
    fn formula(&mut self, element: &BytesStart<'_>, text: String, at: CellRef) -> Option<String> {
        if xml::raw_attribute(element, "t").as_deref() != Some("shared") {
            return Some(text);
        }
        let group: u64 = xml::raw_attribute(element, "si")?.trim().parse().ok()?;
        let Some(reference) = xml::raw_attribute(element, "ref") else {
            let shared = self.shared_formulas.get(&group)?;
            let (anchor, here) = (shared.anchor, (at.row, at.col));
            return calamine::expand_shared_formula(&shared.text, anchor, here).ok();
        };
        let first = reference
            .split(':')
            .next()
            .and_then(CellRef::parse_anywhere);
        if let Some(first) = first {
            let shared = SharedFormula {
                text: text.clone(),
                anchor: (first.row, first.col),
            };
            self.shared_formulas.insert(group, shared);
        }
        Some(text)
    }
}

/// The attributes of a `<c>`.
#[derive(Debug)]
struct CellAttributes {
    position: Option<CellRef>,
    /// The index into the workbook's styles, when the cell names one.
    style: Option<usize>,
    value_type: ValueType,
}

impl CellAttributes {
    fn of(element: &BytesStart<'_>) -> Result<Self, SheetError> {
        let mut attributes = Self {
            position: None,
            style: None,
            value_type: ValueType::Number,
        };
        for attr in element.attributes().with_checks(false).flatten() {
            match attr.key.local_name().as_ref() {
                "r" => {
                    let at = CellRef::parse_anywhere(&attr.value);
                    let bad = || SheetError::BadReference(attr.value.to_string());
                    attributes.position = Some(at.ok_or_else(bad)?);
                }
                // calamine reads an unreadable index as 0.
                "s" => attributes.style = Some(attr.value.trim().parse().unwrap_or(0)),
                "t" => attributes.value_type = ValueType::of(&attr.value),
                _ => {}
            }
        }
        Ok(attributes)
    }
}

/// A cell's value from its type and contents, as calamine decodes it; a
/// value calamine would reject the whole sheet for is read as text or left
/// empty.
fn decode_value(
    value_type: ValueType,
    contents: &CellContents,
    strings: &[String],
    is_date: bool,
) -> CellValue {
    if let Some(inline) = &contents.inline {
        return CellValue::Text(inline.clone());
    }
    let Some(text) = contents.value.as_deref() else {
        return CellValue::Empty;
    };
    let as_text = || CellValue::Text(text.to_string());
    match value_type {
        ValueType::InlineString => CellValue::Empty,
        ValueType::FormulaString => CellValue::Text(xml::unescape_excel(text).into_owned()),
        ValueType::IsoDate => as_text(),
        _ if text.is_empty() => CellValue::Empty,
        ValueType::SharedString => text
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|index| strings.get(index))
            .map_or(CellValue::Empty, |shared| CellValue::Text(shared.clone())),
        ValueType::Bool => match text.trim() {
            "" => CellValue::Empty,
            "0" => CellValue::Bool(false),
            "1" => CellValue::Bool(true),
            word if word.eq_ignore_ascii_case("false") => CellValue::Bool(false),
            word if word.eq_ignore_ascii_case("true") => CellValue::Bool(true),
            _ => as_text(),
        },
        ValueType::Error => CellValue::Error(text.to_string()),
        ValueType::Number => match text.parse::<f64>() {
            Ok(number) if is_date => CellValue::DateTime(number),
            Ok(number) => CellValue::Number(number),
            Err(_) => as_text(),
        },
    }
}

/// A formula as the model keeps it: without a leading `=`, and none when
/// it is blank.
fn formula_text(formula: String) -> Option<String> {
    if formula.trim().is_empty() {
        return None;
    }
    Some(match formula.strip_prefix('=') {
        Some(stripped) => stripped.to_string(),
        None => formula,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::xlsx::color::Palette;
    use crate::read::xlsx::styles::read_styles;

    const STYLES: &str = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
        <cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>"#;

    fn read(sheet: &str) -> Result<Worksheet, SheetError> {
        let styles = read_styles(&mut xml::reader(STYLES.as_bytes()), Palette::default()).unwrap();
        let strings = vec!["张三".to_string(), "绩效".to_string()];
        read_worksheet(&mut xml::reader(sheet.as_bytes()), &strings, &styles)
    }

    fn cells(sheet: &Worksheet) -> Vec<(String, CellValue, Option<String>)> {
        sheet
            .cells
            .iter()
            .map(|(at, cell)| (at.to_string(), cell.value.clone(), cell.formula.clone()))
            .collect()
    }

    fn value(text: &str) -> CellValue {
        CellValue::Text(text.into())
    }

    #[test]
    fn values_of_every_type() {
        let sheet = read(
            r#"<worksheet><sheetData><row r="1">
            <c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>7</v></c>
            <c r="C1" t="inlineStr"><is><r><t>行内</t></r><r><t xml:space="preserve"> 文本</t></r></is></c>
            <c r="D1" t="str"><f>A1&amp;"_x0041_"</f><v>绩效_x0041_</v></c>
            <c r="E1" t="b"><v>1</v></c><c r="F1" t="b"><v>false</v></c>
            <c r="G1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="H1" t="e"><v>#SPILL!</v></c>
            <c r="I1" t="d"><v>2024-01-31T00:00:00</v></c>
            <c r="J1"><v>85.5</v></c><c r="K1" s="1"><v>45292</v></c><c r="L1" s="2"><v>45292</v></c>
            <c r="M1" t="n"><v>abc</v></c><c r="N1"><v></v></c><c r="O1" t="inlineStr"><v>x</v></c>
            <c r="P1" t="str"><v></v></c><c r="Q1" s="1" t="n"/>
            </row></sheetData></worksheet>"#,
        )
        .unwrap();
        let expected = vec![
            ("A1", value("绩效"), None),
            ("C1", value("行内 文本"), None),
            ("D1", value("绩效A"), Some("A1&\"_x0041_\"")),
            ("E1", CellValue::Bool(true), None),
            ("F1", CellValue::Bool(false), None),
            ("G1", CellValue::Error("#DIV/0!".into()), Some("1/0")),
            ("H1", CellValue::Error("#SPILL!".into()), None),
            ("I1", value("2024-01-31T00:00:00"), None),
            ("J1", CellValue::Number(85.5), None),
            ("K1", CellValue::DateTime(45292.0), None),
            ("L1", CellValue::Number(45292.0), None),
            ("M1", value("abc"), None),
            ("P1", value(""), None),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(at, v, f)| (at.to_string(), v, f.map(str::to_string)))
            .collect();
        assert_eq!(cells(&sheet), expected);
        let styled: Vec<_> = sheet
            .style_indexes
            .iter()
            .map(|(at, i)| (at.to_string(), *i))
            .collect();
        assert_eq!(
            styled,
            vec![("K1".into(), 1), ("L1".into(), 2), ("Q1".into(), 1)]
        );
    }

    #[test]
    fn positions_without_references_follow_calamine() {
        let sheet = read(
            r#"<worksheet><sheetData>
            <row><c><v>1</v></c><c><v>2</v></c></row>
            <row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row>
            <row><c><v>5</v></c><c><v>6</v></c></row>
            <row r="7"/><row><c><v>8</v></c></row><row r="0"/><row r="99999999999"/>
            <row r="10"><c r="A10"><v>9</v></c><c r="A10"/><c r="A10"><f>1+1</f></c></row>
            </sheetData></worksheet>"#,
        )
        .unwrap();
        let at: Vec<String> = sheet.cells.keys().map(ToString::to_string).collect();
        assert_eq!(at, vec!["A1", "B1", "C4", "D4", "A5", "B5", "A8", "A10"]);
        assert_eq!(
            sheet.cells[&CellRef::new(9, 0)].value,
            CellValue::Number(9.0)
        );
        assert_eq!(
            sheet.cells[&CellRef::new(9, 0)].formula.as_deref(),
            Some("1+1")
        );
    }

    #[test]
    fn shared_formulas_are_shifted_per_cell() {
        let sheet = read(
            r#"<worksheet><sheetData>
            <row r="2"><c r="B2"><f t="shared" ref="B2:C3" si="0">SUM($A2:A$2)+B1</f><v>1</v></c>
              <c r="C2"><f t="shared" si="0"/><v>2</v></c></row>
            <row r="3"><c r="C3"><f t="shared" si="0">ignored</f><v>3</v></c>
              <c r="D3"><f t="shared" si="9"/><v>4</v></c>
              <c r="E3"><f t="array" ref="E3:E4">{1;2}</f><v>1</v></c>
              <c r="F3"><f>=A1</f></c><c r="G3"><f> </f><v>0</v></c></row>
            </sheetData></worksheet>"#,
        )
        .unwrap();
        let formula = |a1: &str| {
            sheet
                .cells
                .get(&CellRef::parse_a1(a1).unwrap())
                .and_then(|c| c.formula.clone())
        };
        assert_eq!(formula("B2").as_deref(), Some("SUM($A2:A$2)+B1"));
        assert_eq!(formula("C2").as_deref(), Some("SUM($A2:B$2)+C1"));
        assert_eq!(formula("C3").as_deref(), Some("SUM($A3:B$2)+C2"));
        assert_eq!(formula("D3"), None, "a group never started");
        assert_eq!(formula("E3").as_deref(), Some("{1;2}"));
        assert_eq!(formula("F3").as_deref(), Some("A1"));
        assert_eq!(formula("G3"), None);
    }

    #[test]
    fn merges_geometry_and_page_setup() {
        let sheet = read(
            r#"<worksheet><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>
            <sheetViews><sheetView zoomScale="85"><pane ySplit="2" state="frozen"/></sheetView></sheetViews>
            <cols><col min="1" max="2" width="12.5"/></cols>
            <sheetData><row r="1" ht="30" customHeight="1"/><row ht="20"><c r="A2"><v>1</v></c></row></sheetData>
            <mergeCells count="3"><mergeCell ref="A1:D1"/><mergeCell ref="F6"/><mergeCell ref="$A$1:B2"/></mergeCells>
            <pageSetup orientation="landscape" fitToHeight="0"/>
            <headerFooter><oddHeader>&amp;C考核</oddHeader></headerFooter></worksheet>"#,
        )
        .unwrap();
        let merges: Vec<String> = sheet.merges.iter().map(ToString::to_string).collect();
        assert_eq!(merges, vec!["A1:D1", "F6:F6"]);
        assert_eq!(sheet.column_widths, BTreeMap::from([(0, 12.5), (1, 12.5)]));
        assert_eq!(sheet.row_heights, BTreeMap::from([(0, 30.0), (1, 20.0)]));
        let setup = &sheet.page_setup;
        assert_eq!(setup.zoom, Some(85));
        assert_eq!(setup.freeze_panes, Some(CellRef::new(2, 0)));
        assert_eq!(
            setup.fit_to_pages.map(|f| (f.width, f.height)),
            Some((1, 0))
        );
        assert_eq!(setup.header.as_deref(), Some("&C考核"));
    }

    #[test]
    fn damage_among_the_cells_is_an_error_damage_after_them_is_not() {
        let truncated = r#"<worksheet><sheetData><row r="1"><c r="A1"><v>1"#;
        assert!(matches!(read(truncated), Err(SheetError::Xml(_))));
        let unclosed = r#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>"#;
        assert!(matches!(read(unclosed), Err(SheetError::Xml(_))));
        assert!(matches!(read(""), Err(SheetError::Empty)));
        for bad in [r#"<row><c r="A0"/></row>"#, r#"<row><c r="$A$1"/></row>"#] {
            let sheet = format!("<worksheet><sheetData>{bad}</sheetData></worksheet>");
            assert!(
                matches!(read(&sheet), Err(SheetError::BadReference(_))),
                "{bad}"
            );
        }
        let late = r#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>
            <mergeCells><mergeCell ref="A1:B1"/></mergeCells><pageMargins left="0.1"/><headerFooter><oddFooter>x"#;
        let sheet = read(late).unwrap();
        assert_eq!(sheet.cells.len(), 1);
        assert_eq!(sheet.merges.len(), 1);
        assert_eq!(sheet.page_setup.margins.map(|m| m.left), Some(0.1));
        assert_eq!(sheet.page_setup.footer, None);
        let chart = read(
            r#"<chartsheet><sheetViews><sheetView zoomScale="50"/></sheetViews></chartsheet>"#,
        );
        assert!(chart.unwrap().cells.is_empty());
    }
}
