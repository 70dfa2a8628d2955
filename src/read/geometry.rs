//! Column widths and row heights of an xlsx workbook, read straight from the
//! zip: calamine exposes cell values, formulas and styles, but not the sheet
//! geometry, and an annotated copy that loses the widths of a carefully laid
//! out 绩效考核表 is much harder to read than the original.
//!
//! Only `<cols>/<col>` and `<row>` attributes are read; cell contents are
//! skipped without being parsed. Reading never panics: a file that is not a
//! zip, or has no workbook part, is an error; a sheet part that is missing or
//! malformed just contributes the geometry read before the damage.

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

/// Excel's grid limits; attributes beyond them are garbage, and clamping
/// keeps a hostile `max="4294967295"` from allocating billions of entries.
const MAX_COLUMNS: u32 = 16_384;
const MAX_ROWS: u32 = 1_048_576;

const DEFAULT_WORKBOOK_PART: &str = "xl/workbook.xml";

/// Column widths and row heights of one sheet, zero-based.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetGeometry {
    /// Widths in Excel character units, as stored in `<col width>` (that is,
    /// including Excel's cell padding).
    pub column_widths: BTreeMap<u32, f64>,
    /// Heights in points, as stored in `<row ht>`.
    pub row_heights: BTreeMap<u32, f64>,
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
    let sheets = package.sheet_relationship_ids(&workbook_part)?;
    let targets = package.relationship_targets(&relationships_part(&workbook_part))?;
    let mut geometry = BTreeMap::new();
    for (name, relationship_id) in sheets {
        let Some(target) = targets.get(&relationship_id) else {
            continue;
        };
        let part = resolve_target(&workbook_part, target);
        geometry.insert(name, package.sheet_geometry(&part));
    }
    Ok(geometry)
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

    /// `(sheet name, relationship id)` in workbook order.
    fn sheet_relationship_ids(
        &mut self,
        workbook_part: &str,
    ) -> Result<Vec<(String, String)>, GeometryError> {
        let mut xml = self
            .open_part(workbook_part)
            .ok_or_else(|| GeometryError::MissingPart(workbook_part.to_string()))?;
        read_sheet_list(&mut xml).map_err(GeometryError::Xml)
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

/// `<sheet name r:id>` entries of the workbook part.
fn read_sheet_list<B: BufRead>(
    xml: &mut quick_xml::Reader<B>,
) -> Result<Vec<(String, String)>, quick_xml::Error> {
    let mut sheets = Vec::new();
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "sheet" =>
            {
                let name = attribute(&element, "name");
                let id = attribute(&element, "id");
                if let (Some(name), Some(id)) = (name, id) {
                    sheets.push((name.into_owned(), id.into_owned()));
                }
            }
            Event::Eof => return Ok(sheets),
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

/// Streams a worksheet part into `geometry`, stopping after `</sheetData>`
/// because `<cols>` precedes it and nothing after it is wanted.
fn read_sheet_geometry<B: BufRead>(
    xml: &mut quick_xml::Reader<B>,
    geometry: &mut SheetGeometry,
) -> Result<(), quick_xml::Error> {
    let mut buf = Vec::new();
    let mut skip_buf = Vec::new();
    // A `<row>` may omit `r`, meaning "the row after the previous one".
    let mut next_row: u32 = 0;
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) if element.local_name().as_ref() == "c" => {
                // Cell contents (values, formulas, inline strings) are the
                // bulk of the part and irrelevant here: skip them unparsed.
                let name = element.name().as_ref().to_string();
                xml.read_to_end_into(QName(&name), &mut skip_buf)?;
                skip_buf.clear();
            }
            Event::Start(element) | Event::Empty(element) => match element.local_name().as_ref() {
                "col" => record_column(&element, geometry),
                "row" => next_row = record_row(&element, next_row, geometry),
                _ => {}
            },
            Event::End(element) if element.local_name().as_ref() == "sheetData" => return Ok(()),
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
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
}
