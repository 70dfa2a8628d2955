//! The reader over whole packages: files written by rust_xlsxwriter, zips
//! put together by hand with odd or damaged parts, and the project's own
//! samples and templates, whose values and formulas must read as calamine
//! reads them.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx};

use super::*;
use crate::model::cell_ref::COLUMNS;
use crate::model::workbook::{FitToPages, Margins, Orientation, PageSetup};
use crate::model::{CellRange, CellRef, CellValue};
use crate::read::test_support::zip_of;

fn read_bytes(bytes: Vec<u8>) -> Result<Contents, ReadError> {
    read_xlsx_from(Cursor::new(bytes))
}

fn sheet<'a>(contents: &'a Contents, name: &str) -> &'a Sheet {
    contents
        .sheets
        .iter()
        .find(|sheet| sheet.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

const WORKBOOK: &str = r#"<workbook xmlns:r="r"><sheets>
    <sheet name="S1" sheetId="1" r:id="rId1"/>
    <sheet name="Chart" sheetId="2" r:id="rId2"/>
    <sheet name="NoRel" sheetId="3" r:id="rId9"/>
    <sheet name="Macro" sheetId="4" r:id="rId4"/></sheets></workbook>"#;
const RELS: &str = r#"<Relationships>
    <Relationship Id="rId1" Type="t/worksheet" Target="/xl/worksheets/../worksheets/Sheet1.xml"/>
    <Relationship Id="rId2" Type="t/chartsheet" Target="chartsheets/sheet1.xml"/>
    <Relationship Id="rId4" Type="t/xlMacrosheet" Target="macrosheets/sheet1.xml"/>
    </Relationships>"#;

/// A package of one worksheet part besides a chart sheet, a macro sheet
/// and a sheet whose relationship is missing.
fn package_with_sheet(sheet: &str) -> Vec<u8> {
    zip_of(&[
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", RELS),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
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
    let contents = read_bytes(workbook.save_to_buffer().unwrap()).unwrap();

    let first = sheet(&contents, "考核表");
    // rust_xlsxwriter stores the width with Excel's padding added.
    assert_eq!(first.column_widths.len(), 1);
    assert!((first.column_widths[&1] - 20.7109375).abs() < 1e-9);
    assert_eq!(first.row_heights.get(&2), Some(&30.0));
    assert_eq!(first.text(CellRef::new(2, 1)), "张三");
    assert!(sheet(&contents, "B & C").column_widths.contains_key(&3));
    assert!(sheet(&contents, "B & C").row_heights.is_empty());
    assert!(
        contents.recalculates_on_load,
        "rust_xlsxwriter cannot calculate"
    );
}

#[test]
fn files_that_are_not_xlsx_packages_are_damaged() {
    let not_zip = read_bytes(b"this is not a zip archive".to_vec());
    assert!(matches!(not_zip, Err(ReadError::Damaged(_))), "{not_zip:?}");
    let missing = read_xlsx(Path::new("/nonexistent/kpi-audit/does-not-exist.xlsx"));
    assert!(matches!(missing, Err(ReadError::Damaged(_))));
    let no_workbook = read_bytes(zip_of(&[("hello.txt", "hi")]));
    assert!(matches!(no_workbook, Err(ReadError::Damaged(_))));
    let broken_workbook = read_bytes(zip_of(&[("xl/workbook.xml", "<workbook><sheets><sheet")]));
    assert!(matches!(broken_workbook, Err(ReadError::Damaged(_))));
    let presentation = read_bytes(zip_of(&[
        (
            "_rels/.rels",
            r#"<Relationships><Relationship Id="rId1" Type="x/officeDocument" Target="ppt/presentation.xml"/></Relationships>"#,
        ),
        (
            "ppt/presentation.xml",
            "<p:presentation xmlns:p=\"p\"><p:sldIdLst/></p:presentation>",
        ),
    ]));
    assert!(
        matches!(presentation, Err(ReadError::Damaged(_))),
        "{presentation:?}"
    );
    let no_relationships = read_bytes(zip_of(&[("xl/workbook.xml", WORKBOOK)]));
    assert!(matches!(no_relationships, Err(ReadError::Damaged(_))));
    let no_sheet_part = read_bytes(zip_of(&[
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", RELS),
    ]));
    assert!(matches!(no_sheet_part, Err(ReadError::Damaged(_))));
}

#[test]
fn an_ole_file_without_an_encrypted_package_is_damaged() {
    let mut ole = OLE_SIGNATURE.to_vec();
    ole.resize(1024, 0);
    assert!(matches!(read_bytes(ole), Err(ReadError::Damaged(_))));
}

#[test]
fn only_worksheets_become_sheets() {
    let contents = read_bytes(package_with_sheet("<worksheet><sheetData/></worksheet>")).unwrap();
    let names: Vec<&str> = contents.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["S1"]);
}

#[test]
fn garbage_attributes_do_not_panic() {
    let sheet_xml = r#"<worksheet><cols>
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
        <row r="5" s="4294967296"><c r="A5" s="99999999999" t="zz"><v>2</v></c><c r="XFE5"><v>3</v></c></row>
        </sheetData><row r="50" ht="1"/></worksheet>"#;
    let contents = read_bytes(package_with_sheet(sheet_xml)).unwrap();
    let s1 = sheet(&contents, "S1");
    assert_eq!(s1.column_widths[&1], 12.5);
    assert_eq!(s1.column_widths[&2], 12.5);
    assert_eq!(s1.column_widths[&4], 3.0);
    assert_eq!(s1.column_widths.len(), 2 + (COLUMNS - 4) as usize);
    assert!(!s1.column_widths.contains_key(&0));
    let heights: Vec<_> = s1.row_heights.iter().map(|(r, h)| (*r, *h)).collect();
    assert_eq!(heights, vec![(0, 20.0), (1, 15.75)]);
    assert_eq!(s1.text(CellRef::new(0, 0)), "<row r=\"9\" ht=\"99\"/>");
    assert_eq!(s1.value(CellRef::new(4, 0)), &CellValue::Number(2.0));
    assert_eq!(s1.value(CellRef::new(4, 16_384)), &CellValue::Number(3.0));

    // Where the cells are cannot be trusted after a cell reference that is
    // not one.
    let bad_cell = r#"<worksheet><sheetData><row><c r="A0"/></row></sheetData></worksheet>"#;
    let result = read_bytes(package_with_sheet(bad_cell));
    assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
}

#[test]
fn truncated_sheet_xml_is_damaged_among_the_cells_only() {
    let among_cells = r#"<worksheet><cols><col min="1" max="1" width="30"/></cols><sheetData><row r="2" ht="40"><c r="A2"><v>1"#;
    let result = read_bytes(package_with_sheet(among_cells));
    assert!(matches!(result, Err(ReadError::Damaged(_))), "{result:?}");
    let after_cells = r#"<worksheet><cols><col min="1" max="1" width="30"/></cols><sheetData><row r="2" ht="40"><c r="A2"><v>1</v></c></row></sheetData><pageMargins left="0.2"/><pageSetup orientation="landsc"#;
    let contents = read_bytes(package_with_sheet(after_cells)).unwrap();
    let s1 = sheet(&contents, "S1");
    assert_eq!(s1.column_widths[&0], 30.0);
    assert_eq!(s1.row_heights[&1], 40.0);
    assert_eq!(s1.value(CellRef::new(1, 0)), &CellValue::Number(1.0));
    assert_eq!(s1.page_setup.margins.map(|m| m.left), Some(0.2));
}

#[test]
fn strict_ooxml_and_backslash_paths() {
    let workbook = r#"<x:workbook xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="r">
        <x:sheets><x:sheet name="严格" sheetId="1" r:id="rId1"/></x:sheets>
        <x:calcPr fullCalcOnLoad="1"/></x:workbook>"#;
    let rels = r#"<Relationships><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="worksheets/sheet1.xml"/>
        <Relationship Id="rId2" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings" Target="strings.xml"/></Relationships>"#;
    let package_rels = r#"<Relationships><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="book/wb.xml"/></Relationships>"#;
    let strings = r#"<x:sst xmlns:x="x"><x:si><x:t>张三</x:t></x:si></x:sst>"#;
    let sheet_xml = r#"<x:worksheet xmlns:x="x"><x:sheetData><x:row r="1">
        <x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:f>1+1</x:f><x:v>2</x:v></x:c>
        </x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A2:B2"/></x:mergeCells></x:worksheet>"#;
    let contents = read_bytes(zip_of(&[
        ("_rels\\.rels", package_rels),
        ("book\\wb.xml", workbook),
        ("book\\_rels\\wb.xml.rels", rels),
        ("book\\strings.xml", strings),
        ("Book\\Worksheets\\Sheet1.xml", sheet_xml),
    ]))
    .unwrap();
    let strict = sheet(&contents, "严格");
    assert_eq!(strict.text(CellRef::new(0, 0)), "张三");
    assert_eq!(
        strict.cells[&CellRef::new(0, 1)].formula.as_deref(),
        Some("1+1")
    );
    assert_eq!(strict.merges.len(), 1);
    assert!(contents.recalculates_on_load);
}

/// A sheet with every page and view setting the copy reproduces.
fn workbook_with_page_setup() -> Vec<u8> {
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
    let contents = read_bytes(workbook_with_page_setup()).unwrap();
    let setup = &sheet(&contents, "考核 表").page_setup;
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
    assert_eq!(sheet(&contents, "说明").page_setup, plain);
    let scaled = &sheet(&contents, "Scaled").page_setup;
    assert_eq!(scaled.orientation, Some(Orientation::Portrait));
    assert_eq!((scaled.scale, scaled.fit_to_pages), (Some(75), None));
}

#[test]
fn garbage_page_settings_are_skipped() {
    let sheet_xml = r#"<worksheet><sheetPr><pageSetUpPr fitToPage="maybe"/></sheetPr>
        <sheetViews><sheetView showGridLines="perhaps" zoomScale="9000">
          <pane xSplit="1.5" ySplit="-2" state="frozen"/></sheetView>
          <sheetView zoomScale="50"><pane ySplit="4" state="frozen"/></sheetView></sheetViews>
        <sheetData/>
        <customSheetViews><customSheetView><pane ySplit="9" state="frozen"/>
          <pageSetup orientation="portrait" paperSize="8"/></customSheetView></customSheetViews>
        <printOptions horizontalCentered="yes" gridLines="true"/>
        <pageMargins left="-1" right="NaN" top="1e300" bottom="0.9"/>
        <pageSetup orientation="sideways" paperSize="300" scale="5" fitToWidth="-1"/>
        <headerFooter><oddHeader>&amp;C&#x5F20;三</oddHeader><oddFooter>"#;
    let contents = read_bytes(package_with_sheet(sheet_xml)).unwrap();
    let normal = Margins::default();
    let expected = PageSetup {
        print_gridlines: true,
        margins: Some(Margins {
            bottom: 0.9,
            ..normal
        }),
        // The footer the part ends in the middle of is lost.
        header: Some("&C张三".into()),
        ..PageSetup::default()
    };
    assert_eq!(sheet(&contents, "S1").page_setup, expected);

    let unknown_entity = r#"<worksheet><sheetData/><pageMargins left="0.1"/>
        <headerFooter><oddHeader>&amp;C&bomb;</oddHeader></headerFooter></worksheet>"#;
    let contents = read_bytes(package_with_sheet(unknown_entity)).unwrap();
    let setup = &sheet(&contents, "S1").page_setup;
    assert_eq!(
        (setup.margins.map(|m| m.left), setup.header.as_deref()),
        (Some(0.1), None)
    );
}

#[test]
fn print_names_apply_to_their_sheet() {
    let workbook = r#"<workbook xmlns:r="r"><sheets>
        <sheet name="A, B" sheetId="1" r:id="rId1"/></sheets><definedNames>
        <definedName name="_xlnm.Print_Titles" localSheetId="0">'A, B'!$A:$B,'A, B'!$1:$2</definedName>
        <definedName name="_xlnm.Print_Area">'A, B'!$C$3:$D$9</definedName>
        <definedName name="_xlnm.Print_Area" localSheetId="7">'A, B'!$A$1:$A$2</definedName>
        </definedNames></workbook>"#;
    let rels = r#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let contents = read_bytes(zip_of(&[
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", "<worksheet/>"),
    ]))
    .unwrap();
    let setup = &sheet(&contents, "A, B").page_setup;
    assert_eq!(setup.repeat_columns, Some((0, 1)));
    assert_eq!(setup.repeat_rows, Some((0, 1)));
    let area = setup.print_area.unwrap();
    assert_eq!(area.to_string(), "C3:D9", "a global name naming the sheet");
}

fn project_workbooks() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut folders = vec![root.join("samples"), root.join("templates")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let extension = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            if path.is_dir() {
                folders.push(path);
            } else if matches!(extension, "xlsx" | "xlsm") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// calamine stays the reader of the other formats, and its xlsx reader is
/// what this one replaced: on the project's own workbooks both must read
/// the same values and formulas, as the calamine path collected them.
#[test]
fn values_and_formulas_read_as_calamine_reads_them() {
    let workbooks = project_workbooks();
    assert!(workbooks.len() >= 30, "{} workbooks", workbooks.len());
    for path in workbooks {
        let ours = read_xlsx(&path).unwrap();
        let mut calamine: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let names: Vec<&str> = ours.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, calamine.sheet_names(), "{}", path.display());
        for sheet in &ours.sheets {
            let values = calamine.worksheet_range(&sheet.name).unwrap();
            let formulas = calamine.worksheet_formula(&sheet.name).unwrap();
            let expected = crate::read::collect_cells(&values, &formulas);
            assert!(!expected.is_empty());
            assert_eq!(
                sheet.cells,
                expected,
                "{} sheet {}",
                path.display(),
                sheet.name
            );
        }
    }
}

/// The package with one part's text changed.
fn with_part_replaced(bytes: Vec<u8>, part: &str, from: &str, to: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        if name == part {
            assert!(text.contains(from), "{text}");
            text = text.replace(from, to);
        }
        parts.push((name, text));
    }
    let parts: Vec<(&str, &str)> = parts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    zip_of(&parts)
}

#[test]
fn dates_show_as_their_format_says_and_1904_workbooks_move_to_1900_serials() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let month = rust_xlsxwriter::Format::new().set_num_format(r#"yyyy"年"m"月""#);
    let sheet_one = workbook.add_worksheet();
    // 2026-10-01 in the 1904 system, which Excel counts from 1904-01-01.
    sheet_one
        .write_number_with_format(0, 0, 44_834.0, &month)
        .unwrap();
    sheet_one.write_number(0, 1, 44_834.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let as_1900 = read_bytes(bytes.clone()).unwrap();
    // Read as 1900 serials, the same number is four years and a day earlier.
    assert_eq!(as_1900.sheets[0].text(CellRef::new(0, 0)), "2022年9月");

    let bytes = with_part_replaced(
        bytes,
        "xl/workbook.xml",
        "<workbookPr ",
        "<workbookPr date1904=\"1\" ",
    );
    let as_1904 = read_bytes(bytes).unwrap();
    let sheet = &as_1904.sheets[0];
    assert_eq!(sheet.text(CellRef::new(0, 0)), "2026年10月");
    assert_eq!(
        sheet.value(CellRef::new(0, 0)),
        &CellValue::DateTime(46_296.0)
    );
    // A plain number is no date: it does not move.
    assert_eq!(
        sheet.value(CellRef::new(0, 1)),
        &CellValue::Number(44_834.0)
    );
}
