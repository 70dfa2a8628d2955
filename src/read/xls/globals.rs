//! The workbook globals substream: styles, the sheet list and the print
//! names.

use super::records::{Records, read_characters, read_short_string, read_u8, read_u16, read_u32};
use super::style::StyleRecords;
use crate::model::{CellRange, CellRef};
use crate::read::xlsx::page_setup::DefinedName;

mod id {
    pub const EOF: u16 = 0x000A;
    pub const NAME: u16 = 0x0018;
    pub const FILEPASS: u16 = 0x002F;
    pub const FONT: u16 = 0x0031;
    pub const BOUNDSHEET: u16 = 0x0085;
    pub const PALETTE: u16 = 0x0092;
    pub const XF: u16 = 0x00E0;
    pub const FORMAT: u16 = 0x041E;
    pub const BOF: u16 = 0x0809;
}

const BIFF8: u16 = 0x0600;
const GLOBALS: u16 = 0x0005;
/// BOUNDSHEET sheet type of a worksheet (or dialog sheet).
const WORKSHEET: u8 = 0;
/// The built-in names that set print settings, by their one-character name.
const PRINT_AREA: u8 = 0x06;
const PRINT_TITLES: u8 = 0x07;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalsError {
    /// An older BIFF version, whose records this reader does not decode.
    NotBiff8,
    /// The records after FILEPASS are encrypted.
    Encrypted,
}

/// A BOUNDSHEET entry.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetEntry {
    pub name: String,
    /// Where the sheet's BOF is in the stream.
    pub offset: usize,
    pub is_worksheet: bool,
}

#[derive(Debug, Default)]
pub struct Globals {
    pub styles: StyleRecords,
    /// Every sheet, in workbook order: print names count them all.
    pub sheets: Vec<SheetEntry>,
    pub print_names: Vec<DefinedName>,
}

/// Reads the globals at the start of the stream. A record cut short is
/// skipped; a stream cut short keeps what came before.
pub fn read_globals(stream: &[u8]) -> Result<Globals, GlobalsError> {
    let mut records = Records::new(stream, 0);
    let is_biff8_globals = records.next().is_some_and(|bof| {
        bof.id == id::BOF
            && read_u16(bof.data, 0) == Some(BIFF8)
            && read_u16(bof.data, 2) == Some(GLOBALS)
    });
    if !is_biff8_globals {
        return Err(GlobalsError::NotBiff8);
    }
    let mut globals = Globals::default();
    for record in records {
        let data = record.data;
        match record.id {
            id::EOF => break,
            id::FILEPASS => return Err(GlobalsError::Encrypted),
            id::FONT => globals.styles.add_font(data),
            id::FORMAT => globals.styles.add_format(data),
            id::XF => globals.styles.add_xf(data),
            id::PALETTE => globals.styles.set_palette(data),
            id::BOUNDSHEET => globals.sheets.extend(read_sheet_entry(data)),
            id::NAME => globals.print_names.extend(read_print_name(data)),
            _ => {}
        }
    }
    Ok(globals)
}

fn read_sheet_entry(data: &[u8]) -> Option<SheetEntry> {
    let offset = usize::try_from(read_u32(data, 0)?).ok()?;
    let kind = read_u8(data, 5)?;
    Some(SheetEntry {
        name: read_short_string(data, 6)?,
        offset,
        is_worksheet: kind == WORKSHEET,
    })
}

/// A built-in print area or print titles name local to a sheet, as the
/// xlsx reader's defined name, so that both apply it the same way.
fn read_print_name(data: &[u8]) -> Option<DefinedName> {
    let flags = read_u16(data, 0)?;
    let name_length = usize::from(read_u8(data, 3)?);
    let formula_length = usize::from(read_u16(data, 4)?);
    let sheet = read_u16(data, 8)?;
    let is_builtin = flags & 0x0020 != 0;
    if !is_builtin || name_length != 1 || sheet == 0 {
        return None;
    }
    let name = match read_characters(data, 14, 1)?.chars().next().map(u32::from) {
        Some(code) if code == u32::from(PRINT_AREA) => "_xlnm.Print_Area",
        Some(code) if code == u32::from(PRINT_TITLES) => "_xlnm.Print_Titles",
        _ => return None,
    };
    // One character after the option byte, one or two bytes wide.
    let width = if read_u8(data, 14)? & 0x01 == 0 { 1 } else { 2 };
    let formula = data.get(15 + width..)?.get(..formula_length)?;
    Some(DefinedName {
        name: name.to_string(),
        local_sheet: Some(usize::from(sheet - 1)),
        formula: areas_text(formula)?,
    })
}

/// The areas of a print name's parsed formula as A1 text: 3-D areas and
/// cells, joined by unions (inside a PtgMemFunc when there are several).
/// `None` for any other token.
fn areas_text(formula: &[u8]) -> Option<String> {
    let mut areas = Vec::new();
    let mut at = 0;
    while let Some(&token) = formula.get(at) {
        match token {
            // PtgArea3d
            0x3B | 0x5B | 0x7B => {
                let field = |offset| read_u16(formula, at + offset);
                let (first, last) = (field(3)?, field(5)?);
                let (first_col, last_col) = (field(7)? & 0xFF, field(9)? & 0xFF);
                let range = CellRange {
                    first: CellRef::new(first.into(), first_col.into()),
                    last: CellRef::new(last.into(), last_col.into()),
                };
                areas.push(range.to_string());
                at += 11;
            }
            // PtgRef3d
            0x3A | 0x5A | 0x7A => {
                let (row, col) = (read_u16(formula, at + 3)?, read_u16(formula, at + 5)?);
                areas.push(CellRef::new(row.into(), (col & 0xFF).into()).to_string());
                at += 7;
            }
            // PtgMemFunc: its sub-expression follows in line.
            0x29 | 0x49 | 0x69 => at += 3,
            // PtgUnion
            0x10 => at += 1,
            _ => return None,
        }
    }
    (!areas.is_empty()).then(|| areas.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::xls::records::tests::record;

    fn area3d(rows: (u16, u16), cols: (u16, u16)) -> Vec<u8> {
        let mut token = vec![0x3B, 0, 0];
        for value in [rows.0, rows.1, cols.0 | 0xC000, cols.1 | 0xC000] {
            token.extend(value.to_le_bytes());
        }
        token
    }

    fn name(which: u8, sheet: u16, formula: &[u8]) -> Vec<u8> {
        let mut body = vec![0x20, 0, 0, 1];
        let length = u16::try_from(formula.len()).unwrap();
        body.extend(length.to_le_bytes());
        body.extend([0, 0]);
        body.extend(sheet.to_le_bytes());
        body.extend([0, 0, 0, 0, 0, which]);
        body.extend(formula);
        body
    }

    fn bof(version: u16) -> Vec<u8> {
        let mut body = version.to_le_bytes().to_vec();
        body.extend(GLOBALS.to_le_bytes());
        record(id::BOF, &body)
    }

    #[test]
    fn sheets_and_print_names() {
        let mut stream = bof(BIFF8);
        let mut sheet = vec![0x34, 0x12, 0, 0, 0, 0];
        sheet.extend([2, 0, b'S', b'1']);
        stream.extend(record(id::BOUNDSHEET, &sheet));
        let mut chart = vec![0, 0, 0, 0, 0, 2];
        chart.extend([1, 0, b'C']);
        stream.extend(record(id::BOUNDSHEET, &chart));
        stream.extend(record(
            id::NAME,
            &name(PRINT_AREA, 1, &area3d((0, 17), (0, 8))),
        ));
        let mut titles = vec![0x29, 23, 0];
        titles.extend(area3d((0, 1), (0, 255)));
        titles.push(0x10);
        titles.extend(area3d((0, 65535), (0, 0)));
        stream.extend(record(id::NAME, &name(PRINT_TITLES, 2, &titles)));
        stream.extend(record(id::NAME, &name(PRINT_AREA, 1, &[0x1E, 1, 0])));
        stream.extend(record(id::EOF, &[]));
        stream.extend(record(id::BOUNDSHEET, &sheet));
        let globals = read_globals(&stream).unwrap();
        assert_eq!(
            globals.sheets,
            vec![
                SheetEntry {
                    name: "S1".into(),
                    offset: 0x1234,
                    is_worksheet: true
                },
                SheetEntry {
                    name: "C".into(),
                    offset: 0,
                    is_worksheet: false
                }
            ]
        );
        let names: Vec<(&str, Option<usize>, &str)> = globals
            .print_names
            .iter()
            .map(|n| (n.name.as_str(), n.local_sheet, n.formula.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("_xlnm.Print_Area", Some(0), "A1:I18"),
                ("_xlnm.Print_Titles", Some(1), "A1:IV2,A1:A65536")
            ]
        );
    }

    #[test]
    fn only_unencrypted_biff8() {
        assert_eq!(
            read_globals(&bof(0x0500)).err(),
            Some(GlobalsError::NotBiff8)
        );
        assert_eq!(read_globals(&[]).err(), Some(GlobalsError::NotBiff8));
        let mut stream = bof(BIFF8);
        stream.extend(record(id::FILEPASS, &[1, 0]));
        assert_eq!(read_globals(&stream).err(), Some(GlobalsError::Encrypted));
    }
}
