//! Our own reader of xlsx and xlsm files. The zip is opened once; the
//! workbook part, shared strings and styles are read once; each worksheet
//! part is parsed once for everything the model holds (values, formulas,
//! styles, merges, widths, heights, page setup). calamine, which reads the
//! other formats, would parse each sheet four times for the same and does
//! not read the geometry at all.
//!
//! Values, formulas and styles are decoded as calamine 0.38 decodes them,
//! so that every workbook reads as it did when calamine read it, but for a
//! workbook's own colour palette (`<indexedColors>`), which calamine
//! ignores; where calamine rejects a whole workbook for one odd detail (a
//! macro sheet, an unknown error literal) this reader keeps what it can.
//! Nothing from the file is trusted: no panic, no allocation sized by a
//! number in the file.

// The xls reader resolves its palette, number formats and print names
// as this one does.
pub(in crate::read) mod color;
pub(in crate::read) mod number_format;
mod package;
pub(in crate::read) mod page_setup;
mod shared_strings;
mod sheet;
pub(in crate::read) mod styles;
#[cfg(test)]
mod tests;
mod workbook;
mod xml;

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use zip::result::ZipError;

use self::color::Palette;
use self::package::{Package, Relationship};
use self::sheet::Worksheet;
use self::styles::Styles;
use self::workbook::WorkbookPart;
use super::{Contents, ReadError};
use crate::model::Sheet;
use crate::model::style::SheetStyles;

/// The first bytes of an OLE compound file: what an encrypted xlsx is.
const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const DEFAULT_WORKBOOK_PART: &str = "xl/workbook.xml";

pub fn read_xlsx(path: &Path) -> Result<Contents, ReadError> {
    // One read of the whole file: the zip directory and parts are then
    // found in memory, not by a seek and a read for each (36 system calls
    // a form).
    let bytes = std::fs::read(path)
        .map_err(|error| ReadError::Damaged(format!("cannot open the file: {error}")))?;
    read_xlsx_from(Cursor::new(bytes))
}

/// As [`read_xlsx`], from any seekable reader (bytes in memory).
pub fn read_xlsx_from<R: Read + Seek>(mut reader: R) -> Result<Contents, ReadError> {
    if starts_with_ole_signature(&mut reader) {
        return Err(ole_container_error(reader));
    }
    let mut package =
        Package::open(reader).map_err(|error| zip_error("not a zip archive", &error))?;
    let workbook_part = main_part(&mut package);
    let workbook = read_workbook(&mut package, &workbook_part)?;
    let relationships = package
        .relationships(&workbook_part)
        .ok_or_else(|| ReadError::Damaged(format!("{workbook_part} has no relationships part")))?;
    let shared = SharedParts::read(&mut package, &workbook_part, &relationships)?;
    let mut sheets = read_sheets(&mut package, &workbook, &relationships, &shared)?;
    if workbook.date1904 {
        sheets.iter_mut().for_each(super::move_to_1900_dates);
    }
    Ok(Contents {
        sheets,
        recalculates_on_load: workbook.recalculates_on_load,
    })
}

/// What the sheets of a workbook refer to.
struct SharedParts {
    strings: Vec<String>,
    styles: Styles,
}

impl SharedParts {
    fn read<R: Read + Seek>(
        package: &mut Package<R>,
        workbook_part: &str,
        relationships: &[Relationship],
    ) -> Result<Self, ReadError> {
        // A part the relationships do not name is looked for where Excel
        // puts it, next to the workbook part.
        let part = |kind: &str, default: &str| {
            relationships
                .iter()
                .find(|relationship| relationship.kind == kind)
                .map_or_else(
                    || package::resolve_target(workbook_part, default),
                    |relationship| relationship.part.clone(),
                )
        };
        let strings_part = part("sharedStrings", "sharedStrings.xml");
        let theme_part = part("theme", "theme/theme1.xml");
        let styles_part = part("styles", "styles.xml");
        let strings = read_shared_strings(package, &strings_part)?;
        let palette = read_theme(package, &theme_part);
        let styles = read_styles(package, &styles_part, palette);
        Ok(Self { strings, styles })
    }
}

/// The worksheets, in workbook order, with the print names that apply to
/// them.
fn read_sheets<R: Read + Seek>(
    package: &mut Package<R>,
    workbook: &WorkbookPart,
    relationships: &[Relationship],
    shared: &SharedParts,
) -> Result<Vec<Sheet>, ReadError> {
    let mut sheets = Vec::new();
    // A print name's `localSheetId` counts every sheet, worksheet or not.
    for (index, entry) in workbook.sheets.iter().enumerate() {
        let Some(part) = worksheet_part(relationships, &entry.relationship) else {
            continue;
        };
        let worksheet = read_worksheet(package, part, &shared.strings, &shared.styles)?;
        let mut sheet = into_sheet(entry.name.clone(), worksheet, &shared.styles);
        for name in &workbook.defined_names {
            if name.applies_to(index, &entry.name) {
                name.apply_to(&mut sheet.page_setup);
            }
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn starts_with_ole_signature<R: Read + Seek>(reader: &mut R) -> bool {
    let mut signature = [0u8; 8];
    let read = reader.read_exact(&mut signature).is_ok();
    let rewound = reader.seek(SeekFrom::Start(0)).is_ok();
    read && rewound && signature == OLE_SIGNATURE
}

/// An OLE compound file in place of a zip is either an encrypted package
/// (Excel's password protection) or not an xlsx at all; calamine tells the
/// two apart, and its verdict is classified as it always was.
fn ole_container_error<R: Read + Seek>(reader: R) -> ReadError {
    match <calamine::Xlsx<R> as calamine::Reader<R>>::new(reader) {
        Err(error) => super::classify(&error.to_string()),
        Ok(_) => ReadError::Damaged("an OLE compound file, not an xlsx package".into()),
    }
}

/// A zip-level error: damage, or an entry encrypted with a password.
fn zip_error(context: &str, error: &ZipError) -> ReadError {
    super::classify(&format!("{context}: {error}"))
}

/// The main workbook part, from the package relationships; almost always
/// `xl/workbook.xml`, which is also the fallback.
fn main_part<R: Read + Seek>(package: &mut Package<R>) -> String {
    package
        .relationships("")
        .unwrap_or_default()
        .into_iter()
        .find(|relationship| relationship.kind == "officeDocument")
        .map_or_else(|| DEFAULT_WORKBOOK_PART.to_string(), |r| r.part)
}

fn read_workbook<R: Read + Seek>(
    package: &mut Package<R>,
    part: &str,
) -> Result<WorkbookPart, ReadError> {
    let mut xml = package
        .open_part(part)
        .map_err(|error| zip_error(part, &error))?
        .ok_or_else(|| ReadError::Damaged(format!("the package has no workbook part {part}")))?;
    let workbook = workbook::read_workbook_part(&mut xml)
        .map_err(|error| ReadError::Damaged(format!("malformed XML in {part}: {error}")))?;
    if !workbook.is_workbook {
        let why = format!("{part} is not a workbook (a document of another kind?)");
        return Err(ReadError::Damaged(why));
    }
    Ok(workbook)
}

/// The shared strings; none when the workbook has no table. A damaged table
/// is an error: the cells that use it cannot be read.
fn read_shared_strings<R: Read + Seek>(
    package: &mut Package<R>,
    part: &str,
) -> Result<Vec<String>, ReadError> {
    let Some(mut xml) = package
        .open_part(part)
        .map_err(|error| zip_error(part, &error))?
    else {
        return Ok(Vec::new());
    };
    shared_strings::read_shared_strings(&mut xml)
        .map_err(|error| ReadError::Damaged(format!("malformed XML in {part}: {error}")))
}

/// The theme's colours; the default Office theme when it cannot be read,
/// as colours are all a theme contributes.
fn read_theme<R: Read + Seek>(package: &mut Package<R>, part: &str) -> Palette {
    let colors = match package.open_part(part) {
        Ok(Some(mut xml)) => color::read_theme_colors(&mut xml),
        _ => return Palette::default(),
    };
    colors.map(Palette::with_theme).unwrap_or_else(|error| {
        tracing::debug!("default theme colours used, {part} unreadable: {error}");
        Palette::default()
    })
}

/// The cell styles; none when they cannot be read, which costs the copy its
/// formatting (and dates their date format) but not the values.
fn read_styles<R: Read + Seek>(package: &mut Package<R>, part: &str, palette: Palette) -> Styles {
    let styles = match package.open_part(part) {
        Ok(Some(mut xml)) => styles::read_styles(&mut xml, palette),
        _ => return Styles::default(),
    };
    styles.unwrap_or_else(|error| {
        tracing::warn!("cell styles not read, {part} unreadable: {error}");
        Styles::default()
    })
}

/// The part of a worksheet's relationship; `None` for chart, dialog and
/// macro sheets, and for a sheet whose relationship is missing.
fn worksheet_part<'a>(relationships: &'a [Relationship], id: &str) -> Option<&'a str> {
    let relationship = relationships
        .iter()
        .find(|relationship| relationship.id == id)?;
    (relationship.kind == "worksheet").then_some(relationship.part.as_str())
}

fn read_worksheet<R: Read + Seek>(
    package: &mut Package<R>,
    part: &str,
    strings: &[String],
    styles: &Styles,
) -> Result<Worksheet, ReadError> {
    let mut xml = package
        .open_part(part)
        .map_err(|error| zip_error(part, &error))?
        .ok_or_else(|| ReadError::Damaged(format!("the package has no sheet part {part}")))?;
    sheet::read_worksheet(&mut xml, strings, styles)
        .map_err(|error| ReadError::Damaged(format!("{part}: {error}")))
}

fn into_sheet(name: String, worksheet: Worksheet, styles: &Styles) -> Sheet {
    Sheet {
        name,
        cells: worksheet.cells,
        merges: worksheet.merges,
        styles: SheetStyles::new(styles.table.clone(), worksheet.style_indexes),
        column_widths: worksheet.column_widths,
        row_heights: worksheet.row_heights,
        page_setup: worksheet.page_setup,
    }
}
