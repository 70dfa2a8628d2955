//! The reader end to end: a compound file made here, the shipped samples,
//! and damaged copies of a sample's stream.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use super::*;
use crate::model::CellRef;
use crate::model::style::{BorderStyle, FillPattern, HorizontalAlignment, Rgb, VerticalAlignment};
use crate::model::workbook::{FitToPages, Orientation};
use crate::read::xls::records::tests::{record, string};

fn words(values: &[u16]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn font(twips: u16, weight: u16, color: u16, name: &str) -> Vec<u8> {
    let mut body = words(&[twips, 0, color, weight, 0]);
    body.extend([0, 0, 0, 0]);
    body.extend(string(name, 1));
    body
}

/// An XF: `kind` holds the locked, hidden and style bits and the parent.
fn xf(font: u16, format: u16, kind: u16, own_groups: u8, lines: u32, fill: u32) -> Vec<u8> {
    let mut body = words(&[font, format, kind]);
    // Centred, wrapped, vertically centred; no rotation or indent.
    body.extend([0x1A, 0, 0, own_groups]);
    body.extend(lines.to_le_bytes());
    body.extend(fill.to_le_bytes());
    body.extend(words(&[11 | 65 << 7]));
    body
}

/// A BIFF8 workbook of one worksheet, "表1", and one chart sheet.
fn workbook_stream() -> Vec<u8> {
    let mut globals = record(0x0809, &words(&[0x0600, 0x0005, 0, 0, 0, 0, 0, 0]));
    globals.extend(record(0x0031, &font(220, 400, 0x7FFF, "Arial")));
    globals.extend(record(0x0031, &font(320, 700, 10, "宋体")));
    let mut format = words(&[164]);
    format.extend(string("0.0\"分\"", 2));
    globals.extend(record(0x041E, &format));
    // 0: the Normal style, bold font; 1: a cell XF of its own (thin left
    // border in palette colour 8, solid fill, custom format); 2: a cell XF
    // that takes everything from style 0.
    let thin_left_coloured = 1 | 8 << 16;
    let solid = 1 << 26;
    globals.extend(record(0x00E0, &xf(1, 0, 0xFFF4 | 0x1, 0, 0, 0)));
    globals.extend(record(
        0x00E0,
        &xf(0, 164, 0x0001, 0xFC, thin_left_coloured, solid),
    ));
    globals.extend(record(0x00E0, &xf(0, 0, 0x0001, 0, 0, 0)));
    let mut palette = words(&[56]);
    palette.extend([0x12, 0x34, 0x56, 0]);
    globals.extend(record(0x0092, &palette));
    let sheet_entry = |offset: u32, kind: u8, name: &str| {
        let mut body = offset.to_le_bytes().to_vec();
        body.extend([0, kind]);
        body.extend(string(name, 1));
        body
    };
    // The offsets are known once the globals are laid out.
    let entries_length = 2 * 4 + sheet_entry(0, 0, "表1").len() + sheet_entry(0, 2, "图").len();
    let sheet_offset = globals.len() + entries_length + 4;
    let offset = u32::try_from(sheet_offset).unwrap();
    globals.extend(record(0x0085, &sheet_entry(offset, 0, "表1")));
    globals.extend(record(0x0085, &sheet_entry(0, 2, "图")));
    globals.extend(record(0x000A, &[]));
    assert_eq!(globals.len(), sheet_offset);
    globals.extend(record(0x0809, &words(&[0x0600, 0x0010, 0, 0, 0, 0, 0, 0])));
    globals.extend(record(0x007D, &words(&[2, 2, 20 * 256, 15, 0, 0])));
    globals.extend(record(
        0x0208,
        &words(&[0, 0, 3, 600, 0, 0, 0x0140, 0x000F]),
    ));
    let mut setup = words(&[9, 100, 1, 1, 1, 0x0000]);
    setup.extend([0; 20]);
    globals.extend(record(0x00A1, &setup));
    globals.extend(record(0x00FD, &words(&[0, 0, 1, 0, 0])));
    globals.extend(record(0x0201, &words(&[0, 1, 2])));
    globals.extend(record(0x000A, &[]));
    globals
}

fn compound_file(stream_name: &str, stream: &[u8]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    let mut writer = file.create_stream(stream_name).unwrap();
    writer.write_all(stream).unwrap();
    drop(writer);
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("kpi-xls-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_workbook_made_here_reads_end_to_end() {
    let path = temp_file("made.xls", &compound_file("/WORKBOOK", &workbook_stream()));
    let layouts = read_xls_layout(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        layouts.keys().collect::<Vec<_>>(),
        vec!["表1"],
        "no chart sheet"
    );
    let sheet = &layouts["表1"];

    let own = sheet.styles.get(CellRef::new(0, 0)).unwrap();
    assert_eq!(own.font.name.as_deref(), Some("Arial"));
    assert_eq!((own.font.size, own.font.bold), (Some(11.0), false));
    assert_eq!(own.font.color, None, "automatic");
    assert_eq!(own.borders.left.style, BorderStyle::Thin);
    assert_eq!(
        own.borders.left.color,
        Some(Rgb(0x123456)),
        "the file's palette"
    );
    assert_eq!(own.borders.right.style, BorderStyle::None);
    assert_eq!(own.fill.pattern, FillPattern::Solid);
    assert_eq!(own.fill.foreground, Some(Rgb(0x00FF00)), "colour 11");
    assert_eq!(own.fill.background, None, "system background");
    assert_eq!(own.number_format.code, "0.0\"分\"");
    assert_eq!(own.alignment.horizontal, HorizontalAlignment::Center);
    assert_eq!(own.alignment.vertical, VerticalAlignment::Center);
    assert!(own.alignment.wrap_text && own.protection.locked);

    let inherited = sheet.styles.get(CellRef::new(0, 1)).unwrap();
    assert_eq!(inherited.font.name.as_deref(), Some("宋体"));
    assert!(inherited.font.bold);
    assert_eq!(inherited.font.size, Some(16.0));
    assert_eq!(inherited.font.color, Some(Rgb(0xFF0000)));
    assert_eq!(inherited.number_format.code, "General");

    assert_eq!(sheet.column_widths.get(&2), Some(&20.0));
    assert_eq!(sheet.row_heights.get(&0), Some(&30.0));
    let page = &sheet.page_setup;
    assert_eq!(page.orientation, Some(Orientation::Landscape));
    assert_eq!(page.paper_size, Some(9));
}

#[test]
fn files_without_a_biff8_workbook_stream_have_no_layout() {
    let book = temp_file("book.xls", &compound_file("/Book", &workbook_stream()));
    assert!(matches!(
        read_xls_layout(&book),
        Err(LayoutError::NoWorkbookStream)
    ));
    std::fs::remove_file(&book).unwrap();
    let text = temp_file("text.xls", b"not a compound file");
    assert!(matches!(
        read_xls_layout(&text),
        Err(LayoutError::Container(_))
    ));
    std::fs::remove_file(&text).unwrap();
}

/// Every prefix of a stream, and copies with bytes overwritten, read
/// without a panic and keep what came before the damage.
#[test]
fn damaged_streams_keep_what_was_read() {
    let stream = workbook_stream();
    for length in 0..stream.len() {
        if let Ok(globals) = globals::read_globals(&stream[..length]) {
            layouts(&stream[..length], &globals);
        }
    }
    for at in 0..stream.len() {
        for value in [0x00, 0xFF] {
            let mut damaged = stream.clone();
            damaged[at] = value;
            if let Ok(globals) = globals::read_globals(&damaged) {
                layouts(&damaged, &globals);
            }
        }
    }
    let cut = stream.len() - 10;
    let globals = globals::read_globals(&stream[..cut]).unwrap();
    let layout = &layouts(&stream[..cut], &globals)["表1"];
    assert!(layout.styles.get(CellRef::new(0, 0)).is_some());
    assert_eq!(layout.page_setup.paper_size, Some(9));
}

fn sample(path: &str) -> HashMap<String, XlsLayout> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(path);
    read_xls_layout(&path).unwrap()
}

/// Facts of the shipped samples, as LibreOffice shows them (and its
/// conversion to xlsx, read by our xlsx reader, has them).
#[test]
fn the_samples_keep_their_look() {
    let layouts = sample("售前客服部/08_黄强.xls");
    let sheet = &layouts["绩效考核表"];
    let title = sheet.styles.get(CellRef::new(0, 0)).unwrap();
    assert!(title.font.bold);
    assert_eq!(title.font.size, Some(16.0));
    assert_eq!(title.alignment.horizontal, HorizontalAlignment::Center);
    let header = sheet.styles.get(CellRef::parse_a1("C3").unwrap()).unwrap();
    assert!(header.font.bold && header.borders.bottom.style == BorderStyle::Thin);
    assert_eq!(header.fill.pattern, FillPattern::Solid);
    assert_eq!(header.fill.foreground, Some(Rgb(0xD9D9D9)));
    let rate = sheet.styles.get(CellRef::parse_a1("F5").unwrap()).unwrap();
    assert_eq!(rate.number_format.code, "0.0%");
    assert!((sheet.column_widths[&2] - 45.63).abs() < 0.01);
    assert_eq!(sheet.row_heights.get(&0), Some(&36.0));
    let page = &sheet.page_setup;
    assert_eq!(page.orientation, Some(Orientation::Landscape));
    assert_eq!(page.paper_size, Some(9));
    let one_page_wide = FitToPages {
        width: 1,
        height: 0,
    };
    assert_eq!(page.fit_to_pages, Some(one_page_wide));
    assert!(page.center_horizontally);
    assert_eq!(page.margins.map(|m| m.left), Some(0.5));
    assert_eq!(
        page.print_area.map(|a| a.to_string()).as_deref(),
        Some("A1:I18")
    );

    let layouts = sample("技术支持部/06_赵雪.xls");
    let sheet = &layouts["KPI考核表"];
    assert!(sheet.styles.get(CellRef::new(0, 0)).unwrap().font.bold);
    let cell = sheet.styles.get(CellRef::parse_a1("B2").unwrap()).unwrap();
    assert_eq!(cell.borders.left.style, BorderStyle::Thin);
    assert_eq!(cell.alignment.horizontal, HorizontalAlignment::Left);
    assert_eq!(sheet.page_setup.orientation, Some(Orientation::Landscape));
    assert_eq!(sheet.row_heights.get(&5), Some(&93.75));

    let layouts = sample("网店客服部/03_林晓_2026年第3季度.xls");
    let sheet = &layouts["量化考核表"];
    assert!(sheet.styles.get(CellRef::new(0, 0)).unwrap().font.bold);
    assert_eq!(sheet.page_setup.orientation, Some(Orientation::Portrait));
    assert_eq!(
        sheet
            .page_setup
            .print_area
            .map(|a| a.to_string())
            .as_deref(),
        Some("A1:E45")
    );
}
