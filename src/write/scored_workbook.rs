//! The annotated copy of a workbook: every sheet reproduced (values, cached
//! formula results, merges, styles, widths and heights, page setup, print
//! area and titles, frozen panes, zoom), the cells the audit
//! points at filled with their severity colour and given a note, and a last
//! sheet listing every finding so a reviewer can filter them.
//!
//! The copy is rebuilt from the model rather than patched, so anything the
//! model does not carry (images, charts, data validation, conditional
//! formats, defined names) is not in it; the original is never modified.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Worksheet,
    XlsxError,
};
use tracing::warn;

use super::style::to_format;
use super::{
    CELL_TEXT_LIMIT, CellEdit, FORMULA_LIMIT, FormulaEdit, NOTE_TEXT_LIMIT, fit_text, prefix_utf16,
};
use crate::model::cell_ref::{LAST_COL, LAST_ROW};
use crate::model::style::{CellStyle, Fill, NumberFormat, Rgb, SheetStyles};
use crate::model::workbook::{Orientation, PageSetup};
use crate::model::{CellRange, CellRef, CellValue, Finding, Lang, Severity, Sheet, Workbook};
use crate::report::findings;

/// Every copy claims the same creation time so that the same input always
/// gives the same bytes (golden tests, unchanged files in version control).
const FIXED_CREATION_DATE: (u16, u8, u8) = (2000, 1, 1);

const NOTE_AUTHOR: &str = "kpi-audit";

/// rust_xlsxwriter writes `<col width>` as pixels / 7 (the maximum digit
/// width of its default font), so pixels = width × 7 reproduces the width
/// the original file stored, padding included.
const PIXELS_PER_WIDTH_UNIT: f64 = 7.0;
/// Excel's widest column, 255 characters, in those pixels.
const MAX_COLUMN_PIXELS: f64 = 1790.0;

/// Excel's paper size code for A4, the paper of the workplaces the tool is
/// for; the findings sheet uses it when no sheet of the workbook names one.
const PAPER_A4: u8 = 9;
/// Excel's limit for a header or footer, in UTF-16 code units.
const MAX_HEADER_FOOTER_UNITS: usize = 255;
/// Excel's limits for print scale and zoom, in percent.
const PERCENT_RANGE: std::ops::RangeInclusive<u16> = 10..=400;

/// A box of styled cells larger than this is clipped to the cells in use: a
/// stray styled cell at XFD1048576 must not spread the copy's blank cells
/// over 17 billion positions.
const MAX_STYLE_SCAN_CELLS: u64 = 2_000_000;
/// Styled blank cells (a bordered empty table) often extend past the last
/// value; this much of them is kept when the box has to be clipped.
const STYLE_SCAN_MARGIN: u32 = 200;

/// Renders the annotated copy of `workbook` as xlsx bytes.
pub fn render_scored_workbook(
    workbook: &Workbook,
    edits: &[CellEdit],
    findings: &[Finding],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut output = rust_xlsxwriter::Workbook::new();
    output.set_properties(&fixed_properties()?);
    output.set_zip_compression_level(FAST_COMPRESSION);

    let mut annotations = annotate(workbook, edits);
    let mut names: Vec<String> = Vec::with_capacity(workbook.sheets.len() + 1);
    let mut text_results = TextResults::new();
    for (index, sheet) in workbook.sheets.iter().enumerate() {
        let sheet_annotations = annotations.remove(&sheet.name).unwrap_or_default();
        let name = writable_sheet_name(&sheet.name, &names);
        let worksheet = output.add_worksheet();
        worksheet.set_name(&name)?;
        names.push(name);
        let mistyped = write_sheet(worksheet, sheet, &sheet_annotations)?;
        if !mistyped.is_empty() {
            text_results.insert(index, mistyped);
        }
    }

    let worksheet = output.add_worksheet();
    worksheet.set_name(findings_sheet_name(&names, lang))?;
    write_findings(worksheet, findings, lang)?;
    set_findings_page(worksheet, workbook_paper_size(workbook))?;

    retype_text_results(output.save_to_buffer()?, &text_results)
}

/// Deflate level for every workbook the tool writes: level 6 (the default)
/// spent a tenth of a batch's CPU for files a few percent smaller.
pub(crate) const FAST_COMPRESSION: u8 = 1;

/// Document properties with [`FIXED_CREATION_DATE`]; every workbook the tool
/// writes uses them, for the same reason.
pub(crate) fn fixed_properties() -> Result<DocProperties, XlsxError> {
    let (year, month, day) = FIXED_CREATION_DATE;
    let created = ExcelDateTime::from_ymd(year, month, day)?;
    Ok(DocProperties::new().set_creation_datetime(&created))
}

/// The colour a marked cell and a finding's severity cell are filled with:
/// Excel's own "bad", "neutral" and a light blue.
pub(crate) fn severity_rgb(severity: Severity) -> u32 {
    match severity {
        Severity::Error => 0xFFC7CE,
        Severity::Warning => 0xFFEB9C,
        Severity::Info => 0xDDEBF7,
    }
}

fn severity_fill(severity: Severity) -> Fill {
    Fill::solid(Rgb(severity_rgb(severity)))
}

// ---------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------

/// What the copy changes on one cell, after all edits for it are combined.
#[derive(Debug, Default, Clone, PartialEq)]
struct Annotation {
    mark: Option<Severity>,
    notes: Vec<String>,
    new_value: Option<CellValue>,
    formula: Option<FormulaEdit>,
}

type SheetAnnotations = BTreeMap<CellRef, Annotation>;

/// Combines the edits per sheet and cell: the highest severity wins, notes
/// accumulate in order, the last new value wins. Marks and notes on a cell
/// covered by a merge move to the merge's top-left cell, the only one Excel
/// shows; a new value stays on its own cell.
fn annotate(workbook: &Workbook, edits: &[CellEdit]) -> BTreeMap<String, SheetAnnotations> {
    let mut annotations: BTreeMap<String, SheetAnnotations> = BTreeMap::new();
    for edit in edits {
        let Some(sheet) = workbook.sheets.iter().find(|s| s.name == edit.sheet) else {
            warn!(
                "edit for {}!{} dropped: no such sheet",
                edit.sheet, edit.cell
            );
            continue;
        };
        let sheet_annotations = annotations.entry(sheet.name.clone()).or_default();
        let shown_at = sheet
            .merge_containing(edit.cell)
            .map_or(edit.cell, |range| range.first);
        let shown = sheet_annotations.entry(shown_at).or_default();
        shown.mark = shown.mark.max(edit.mark);
        shown.notes.extend(edit.note.iter().cloned());
        if edit.new_value.is_some() || edit.formula.is_some() {
            let own = sheet_annotations.entry(edit.cell).or_default();
            if let Some(value) = &edit.new_value {
                own.new_value = Some(value.clone());
            }
            if let Some(formula) = &edit.formula {
                own.formula = Some(formula.clone());
            }
        }
    }
    annotations
}

// ---------------------------------------------------------------------------
// Reproducing a sheet
// ---------------------------------------------------------------------------

/// Writes one sheet; returns the formula cells whose cached text result
/// rust_xlsxwriter mistypes (see [`retype_text_results`]).
fn write_sheet(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    annotations: &SheetAnnotations,
) -> Result<Vec<(CellRef, String)>, XlsxError> {
    // rust_xlsxwriter writes 0 for a formula without a result; a formula
    // whose cached result is an empty string must stay empty.
    worksheet.set_formula_result_default("");
    write_geometry(worksheet, sheet)?;
    write_page_setup(worksheet, &sheet.page_setup, &sheet.name);

    let styled = styled_blanks(sheet);
    let merges = writable_merges(sheet, used_corner(sheet, &styled));
    for range in &merges {
        // The blank string and format are overwritten below, cell by cell,
        // so each cell of the merge keeps its own borders.
        worksheet.merge_range(
            range.first.row,
            col_num(range.first.col)?,
            range.last.row,
            col_num(range.last.col)?,
            "",
            &Format::new(),
        )?;
    }

    let mut formats = Formats::new(&sheet.styles);
    let mut mistyped = Vec::new();
    for at in positions_to_write(sheet, styled, &merges, annotations) {
        let annotation = annotations.get(&at);
        if let Some(text) = write_cell(worksheet, sheet, &mut formats, at, annotation)? {
            mistyped.push((at, text));
        }
    }
    for (at, annotation) in annotations {
        if !annotation.notes.is_empty() {
            let note = audit_note(&annotation.notes.join("\n"));
            worksheet.insert_note(at.row, col_num(at.col)?, &note)?;
        }
    }
    Ok(mistyped)
}

/// The sheet's own name when Excel accepts it; names from xls or ods files
/// can be longer than 31 characters or hold `/`, and must not cost the copy.
fn writable_sheet_name(name: &str, taken: &[String]) -> String {
    let is_free = |candidate: &str| !taken.iter().any(|t| same_sheet_name(t, candidate));
    if rust_xlsxwriter::utility::check_sheet_name(name).is_ok() && is_free(name) {
        return name.to_string();
    }
    let cleaned: String = name
        .chars()
        .map(|c| if "*?:[]\\/".contains(c) { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim_matches('\'');
    let base = if cleaned.is_empty() { "Sheet" } else { cleaned };
    let renamed = (1u32..)
        .map(|n| match n {
            1 => truncate_utf16(base, 31),
            n => {
                let suffix = format!(" ({n})");
                format!(
                    "{}{suffix}",
                    truncate_utf16(base, 31 - suffix.len()).trim_end()
                )
            }
        })
        .find(|candidate| is_free(candidate))
        .unwrap_or_else(|| base.to_string());
    warn!("sheet {name} is written as {renamed}: Excel does not accept its name");
    renamed
}

/// Excel compares sheet names case-insensitively.
fn same_sheet_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// The longest prefix of `text` within `units` UTF-16 code units, which is
/// how Excel counts the 31-character limit.
fn truncate_utf16(text: &str, units: usize) -> String {
    prefix_utf16(text, units).trim_end_matches('\'').to_string()
}

fn col_num(col: u32) -> Result<u16, XlsxError> {
    u16::try_from(col).map_err(|_| XlsxError::RowColumnLimitError)
}

fn write_geometry(worksheet: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    for (&col, &width) in &sheet.column_widths {
        if col > LAST_COL || !width.is_finite() || width < 0.0 {
            continue;
        }
        let pixels = (width * PIXELS_PER_WIDTH_UNIT)
            .round()
            .min(MAX_COLUMN_PIXELS);
        // Truncation is exact: the value is rounded and within 0..=1790.
        worksheet.set_column_width_pixels(col_num(col)?, pixels as u32)?;
    }
    for (&row, &height) in &sheet.row_heights {
        if row > LAST_ROW || !height.is_finite() || height < 0.0 {
            continue;
        }
        worksheet.set_row_height(row, height)?;
    }
    Ok(())
}

/// Reproduces the print and view settings. A setting rust_xlsxwriter
/// rejects (a print area outside the grid) is logged and left out: it must
/// not cost the rest of the copy.
fn write_page_setup(worksheet: &mut Worksheet, setup: &PageSetup, sheet_name: &str) {
    write_page_layout(worksheet, setup);
    write_print_options(worksheet, setup);
    write_view(worksheet, setup, sheet_name);
    write_print_names(worksheet, setup, sheet_name);
}

/// Orientation, paper, scaling and margins.
fn write_page_layout(worksheet: &mut Worksheet, setup: &PageSetup) {
    match setup.orientation {
        Some(Orientation::Landscape) => {
            worksheet.set_landscape();
        }
        Some(Orientation::Portrait) => {
            worksheet.set_portrait();
        }
        None => {}
    }
    if let Some(paper) = setup.paper_size {
        worksheet.set_paper_size(paper);
    }
    // Excel ignores the scale while fitting to pages, and rust_xlsxwriter
    // treats the two as exclusive, so only the one in force is written.
    if let Some(fit) = setup.fit_to_pages {
        worksheet.set_print_fit_to_pages(fit.width, fit.height);
    } else if let Some(scale) = setup.scale.filter(|s| PERCENT_RANGE.contains(s)) {
        worksheet.set_print_scale(scale);
    }
    if let Some(m) = setup.margins {
        worksheet.set_margins(m.left, m.right, m.top, m.bottom, m.header, m.footer);
    }
}

fn write_print_options(worksheet: &mut Worksheet, setup: &PageSetup) {
    if setup.center_horizontally {
        worksheet.set_print_center_horizontally(true);
    }
    if setup.center_vertically {
        worksheet.set_print_center_vertically(true);
    }
    if setup.print_gridlines {
        worksheet.set_print_gridlines(true);
    }
    if let Some(header) = setup.header.as_deref().and_then(writable_header_footer) {
        worksheet.set_header(header);
    }
    if let Some(footer) = setup.footer.as_deref().and_then(writable_header_footer) {
        worksheet.set_footer(footer);
    }
}

/// Header or footer text without picture codes (`&G`): the copy has no
/// header images, and a code without its image is an error to Excel. Text
/// over Excel's limit is dropped (rust_xlsxwriter would refuse it noisily).
fn writable_header_footer(text: &str) -> Option<String> {
    let mut kept = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '&' {
            kept.push(c);
            continue;
        }
        // `&&` is a literal ampersand and must not start a code.
        match chars.next() {
            Some('G') => {}
            Some(next) => {
                kept.push('&');
                kept.push(next);
            }
            None => kept.push('&'),
        }
    }
    let units: usize = kept.chars().map(char::len_utf16).sum();
    (!kept.is_empty() && units <= MAX_HEADER_FOOTER_UNITS).then_some(kept)
}

fn write_view(worksheet: &mut Worksheet, setup: &PageSetup, sheet_name: &str) {
    if let Some(show) = setup.screen_gridlines {
        worksheet.set_screen_gridlines(show);
    }
    if let Some(zoom) = setup.zoom.filter(|z| PERCENT_RANGE.contains(z)) {
        worksheet.set_zoom(zoom);
    }
    if let Some(at) = setup.freeze_panes {
        let result = col_num(at.col).and_then(|col| worksheet.set_freeze_panes(at.row, col));
        skip_on_error(result, "frozen panes", sheet_name);
    }
}

fn write_print_names(worksheet: &mut Worksheet, setup: &PageSetup, sheet_name: &str) {
    if let Some(area) = setup.print_area {
        skip_on_error(set_print_area(worksheet, area), "print area", sheet_name);
    }
    if let Some((first, last)) = setup.repeat_rows {
        let result = worksheet.set_repeat_rows(first, last);
        skip_on_error(result, "print title rows", sheet_name);
    }
    if let Some((first, last)) = setup.repeat_columns {
        let result = set_repeat_columns(worksheet, first, last);
        skip_on_error(result, "print title columns", sheet_name);
    }
}

fn set_print_area(worksheet: &mut Worksheet, area: CellRange) -> Result<(), XlsxError> {
    let (first_col, last_col) = (col_num(area.first.col)?, col_num(area.last.col)?);
    worksheet.set_print_area(area.first.row, first_col, area.last.row, last_col)?;
    Ok(())
}

fn set_repeat_columns(worksheet: &mut Worksheet, first: u32, last: u32) -> Result<(), XlsxError> {
    worksheet.set_repeat_columns(col_num(first)?, col_num(last)?)?;
    Ok(())
}

fn skip_on_error<T>(result: Result<T, XlsxError>, what: &str, sheet_name: &str) {
    if let Err(error) = result {
        warn!("{what} of sheet {sheet_name} not reproduced: {error}");
    }
}

/// The merges rust_xlsxwriter (and Excel) accept: more than one cell, inside
/// the grid, not overlapping an earlier one. A damaged file can break any of
/// these, and one bad merge should not cost the whole copy. Each is clipped
/// to `used`, the corner of the cells the copy writes: every cell of a merge
/// is written, and a merge from J20 to XFD1048576 holds 17 billion.
fn writable_merges(sheet: &Sheet, used: CellRef) -> Vec<CellRange> {
    let mut accepted: Vec<CellRange> = Vec::new();
    for range in &sheet.merges {
        let clipped = CellRange {
            first: range.first,
            last: CellRef::new(range.last.row.min(used.row), range.last.col.min(used.col)),
        };
        let ordered =
            clipped.first.row <= clipped.last.row && clipped.first.col <= clipped.last.col;
        let in_grid = clipped.last.row <= LAST_ROW && clipped.last.col <= LAST_COL;
        let single = clipped.first == clipped.last;
        let overlaps = accepted.iter().any(|other| overlap(other, &clipped));
        if ordered && in_grid && !single && !overlaps {
            if clipped != *range {
                warn!(
                    "merge {range} on sheet {} clipped to {clipped}, the cells in use",
                    sheet.name
                );
            }
            accepted.push(clipped);
        } else {
            warn!("merge {range} on sheet {} not reproduced", sheet.name);
        }
    }
    accepted
}

/// The bottom-right corner of the cells with a value and the styled blanks
/// the copy writes.
fn used_corner(sheet: &Sheet, styled: &[CellRef]) -> CellRef {
    sheet
        .cells
        .keys()
        .chain(styled)
        .fold(CellRef::new(0, 0), |corner, at| {
            CellRef::new(corner.row.max(at.row), corner.col.max(at.col))
        })
}

fn overlap(a: &CellRange, b: &CellRange) -> bool {
    a.first.row <= b.last.row
        && b.first.row <= a.last.row
        && a.first.col <= b.last.col
        && b.first.col <= a.last.col
}

/// Every cell the copy writes, in row-major order: cells with values, blank
/// cells whose style shows (borders, fills), every cell of a merge (so its
/// pieces keep their own borders) and every marked or changed cell.
fn positions_to_write(
    sheet: &Sheet,
    styled: Vec<CellRef>,
    merges: &[CellRange],
    annotations: &SheetAnnotations,
) -> BTreeSet<CellRef> {
    let mut positions: BTreeSet<CellRef> = sheet.cells.keys().copied().collect();
    positions.extend(styled);
    for range in merges {
        for row in range.first.row..=range.last.row {
            for col in range.first.col..=range.last.col {
                positions.insert(CellRef::new(row, col));
            }
        }
    }
    positions.extend(
        annotations
            .iter()
            .filter(|(_, a)| a.mark.is_some() || a.new_value.is_some() || a.formula.is_some())
            .map(|(at, _)| *at),
    );
    positions.retain(|at| at.row <= LAST_ROW && at.col <= LAST_COL);
    positions
}

/// Positions whose style is visible even without a value.
fn styled_blanks(sheet: &Sheet) -> Vec<CellRef> {
    let Some((start, end)) = styled_box(&sheet.styles) else {
        return Vec::new();
    };
    let end = clipped_style_end(sheet, start, end);
    sheet
        .styles
        .styled_cells()
        .filter(|(at, style)| at.row <= end.0 && at.col <= end.1 && style.shows_when_blank())
        .map(|(at, _)| at)
        .collect()
}

/// The top-left and bottom-right corners, as (row, column), of the box
/// around the cells with a style of their own.
fn styled_box(styles: &SheetStyles) -> Option<((u32, u32), (u32, u32))> {
    styles.styled_cells().fold(None, |corners, (at, _)| {
        let (start, end) = corners.unwrap_or(((at.row, at.col), (at.row, at.col)));
        let start = (start.0.min(at.row), start.1.min(at.col));
        let end = (end.0.max(at.row), end.1.max(at.col));
        Some((start, end))
    })
}

/// The bottom-right corner of the box of styled cells to copy: the whole box
/// when it is of reasonable size, else the part near the cells and merges
/// in use (a stray styled cell at XFD1048576 is not part of the form).
fn clipped_style_end(sheet: &Sheet, start: (u32, u32), end: (u32, u32)) -> (u32, u32) {
    let area = |end: (u32, u32)| {
        u64::from(end.0.saturating_sub(start.0) + 1) * u64::from(end.1.saturating_sub(start.1) + 1)
    };
    if area(end) <= MAX_STYLE_SCAN_CELLS {
        return end;
    }
    let used_row = used_extent(sheet, |at| at.row);
    let used_col = used_extent(sheet, |at| at.col);
    let mut clipped = (
        end.0
            .min(used_row.saturating_add(STYLE_SCAN_MARGIN))
            .max(start.0),
        end.1
            .min(used_col.saturating_add(STYLE_SCAN_MARGIN))
            .max(start.1),
    );
    let width = u64::from(clipped.1 - start.1 + 1);
    let max_rows = (MAX_STYLE_SCAN_CELLS / width).max(1);
    let max_last_row = u64::from(start.0) + max_rows - 1;
    clipped.0 = clipped
        .0
        .min(u32::try_from(max_last_row).unwrap_or(u32::MAX));
    warn!(
        "styles of sheet {} scanned only up to row {} column {}",
        sheet.name,
        clipped.0 + 1,
        clipped.1 + 1
    );
    clipped
}

fn used_extent(sheet: &Sheet, coordinate: impl Fn(&CellRef) -> u32) -> u32 {
    let from_cells = sheet.cells.keys().map(&coordinate);
    let from_merges = sheet.merges.iter().map(|range| coordinate(&range.last));
    from_cells.chain(from_merges).max().unwrap_or(0)
}

/// Writes one cell; returns the cached text of a formula whose result
/// rust_xlsxwriter would mistype, for [`retype_text_results`] to correct.
fn write_cell(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    formats: &mut Formats<'_>,
    at: CellRef,
    annotation: Option<&Annotation>,
) -> Result<Option<String>, XlsxError> {
    let cell = sheet.cell(at);
    let value = annotation
        .and_then(|a| a.new_value.as_ref())
        .or(cell.map(|c| &c.value))
        .unwrap_or(&CellValue::Empty);
    let mark = annotation.and_then(|a| a.mark);
    let format = formats.cell_format(at, value, mark);
    let (row, col) = (at.row, col_num(at.col)?);
    let formula = match annotation.and_then(|a| a.formula.as_ref()) {
        Some(FormulaEdit::Write(formula)) => Some(formula.as_str()),
        Some(FormulaEdit::Drop) => None,
        None => cell.and_then(|c| c.formula.as_deref()),
    };
    let formula = formula
        .filter(|f| !f.trim().is_empty())
        .filter(|f| fits_excel(f, at, &sheet.name));
    let Some(text) = formula else {
        write_constant(worksheet, row, col, value, &format)?;
        return Ok(None);
    };
    let formula = Formula::new(formula_text(text)).set_result(cached_result(value));
    worksheet.write_formula_with_format(row, col, formula, &format)?;
    Ok(match value {
        CellValue::Text(text) if writer_mistypes(text) => Some(text.clone()),
        _ => None,
    })
}

/// Whether Excel takes the formula: a longer one (only a damaged or
/// hand-crafted file has it) is written as its cached result, since a cut
/// formula would compute something else.
fn fits_excel(formula: &str, at: CellRef, sheet_name: &str) -> bool {
    let fits = formula.len() <= FORMULA_LIMIT || formula.chars().count() <= FORMULA_LIMIT;
    if !fits {
        warn!("{sheet_name}!{at}: a formula longer than Excel takes is written as its result");
    }
    fits
}

/// `Formula::new` strips a leading `{` and a trailing `}` (it expects
/// `{=...}` array syntax), which would cut an array constant such as
/// `{1,2,3}` short; parentheses keep the formula's meaning.
fn formula_text(text: &str) -> String {
    let text = text.trim();
    if text.starts_with('{') || text.ends_with('}') {
        format!("({text})")
    } else {
        text.to_string()
    }
}

/// The cached result as rust_xlsxwriter wants it: a string from which it
/// infers the type (number, `TRUE`/`FALSE`, an error literal, else text).
fn cached_result(value: &CellValue) -> String {
    match value {
        CellValue::Empty => String::new(),
        CellValue::Number(n) | CellValue::DateTime(n) if n.is_finite() => n.to_string(),
        CellValue::Number(_) | CellValue::DateTime(_) => "#NUM!".to_string(),
        CellValue::Text(text) => fit_text(text, CELL_TEXT_LIMIT).into_owned(),
        CellValue::Bool(true) => "TRUE".to_string(),
        CellValue::Bool(false) => "FALSE".to_string(),
        CellValue::Error(code) => error_literal(code).unwrap_or(code).to_string(),
    }
}

const ERROR_LITERALS: [&str; 8] = [
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#GETTING_DATA",
];

/// The error literals rust_xlsxwriter writes as `t="e"`; calamine shows
/// `#GETTING_DATA` as `#DATA!`.
fn error_literal(code: &str) -> Option<&'static str> {
    let code = code.trim();
    if code.eq_ignore_ascii_case("#DATA!") {
        return Some("#GETTING_DATA");
    }
    ERROR_LITERALS
        .into_iter()
        .find(|literal| literal.eq_ignore_ascii_case(code))
}

fn write_constant(
    worksheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &CellValue,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        CellValue::Empty => worksheet.write_blank(row, col, format)?,
        CellValue::Number(n) | CellValue::DateTime(n) if n.is_finite() => {
            worksheet.write_number_with_format(row, col, *n, format)?
        }
        CellValue::Number(_) | CellValue::DateTime(_) => {
            write_error(worksheet, row, col, "#NUM!", format)?
        }
        CellValue::Text(text) => {
            worksheet.write_string_with_format(row, col, fit_text(text, CELL_TEXT_LIMIT), format)?
        }
        CellValue::Bool(b) => worksheet.write_boolean_with_format(row, col, *b, format)?,
        CellValue::Error(code) => match error_literal(code) {
            Some(literal) => write_error(worksheet, row, col, literal, format)?,
            None => worksheet.write_string_with_format(
                row,
                col,
                fit_text(code, CELL_TEXT_LIMIT),
                format,
            )?,
        },
    };
    Ok(())
}

/// rust_xlsxwriter cannot write an error constant (`<c t="e">` without a
/// formula); a formula that is the error literal, cached as that error,
/// displays and reads back as the same error.
fn write_error<'a>(
    worksheet: &'a mut Worksheet,
    row: u32,
    col: u16,
    literal: &str,
    format: &Format,
) -> Result<&'a mut Worksheet, XlsxError> {
    let formula = Formula::new(literal).set_result(literal);
    worksheet.write_formula_with_format(row, col, formula, format)
}

/// The formats of one sheet's cells. A workbook has few distinct styles,
/// so each is converted once, when a cell first needs it.
struct Formats<'a> {
    styles: &'a SheetStyles,
    converted: Vec<Option<Format>>,
    default: Format,
}

impl<'a> Formats<'a> {
    fn new(styles: &'a SheetStyles) -> Self {
        Self {
            styles,
            converted: vec![None; styles.table().len()],
            default: Format::new(),
        }
    }

    /// The cell's own format, with the severity fill when marked and a date
    /// format when a date would otherwise show as a bare serial number.
    fn cell_format(
        &mut self,
        at: CellRef,
        value: &CellValue,
        mark: Option<Severity>,
    ) -> Cow<'_, Format> {
        let index = self.styles.index_at(at);
        let style = index.and_then(|index| self.styles.table().get(index));
        let date_format = date_format_needed(style, value);
        if mark.is_none() && date_format.is_none() {
            return Cow::Borrowed(self.converted(index));
        }
        let mut style = style.cloned().unwrap_or_default();
        if let Some(code) = date_format {
            style.number_format = NumberFormat {
                id: None,
                code: code.to_string(),
            };
        }
        if let Some(severity) = mark {
            // Only the fill changes: font, borders, alignment and number format
            // are what the reviewer recognises the cell by.
            style.fill = severity_fill(severity);
        }
        Cow::Owned(to_format(&style))
    }

    fn converted(&mut self, index: Option<usize>) -> &Format {
        let (Some(index), Some(style)) = (index, index.and_then(|i| self.styles.table().get(i)))
        else {
            return &self.default;
        };
        self.converted[index].get_or_insert_with(|| to_format(style))
    }
}

fn date_format_needed(style: Option<&CellStyle>, value: &CellValue) -> Option<&'static str> {
    let CellValue::DateTime(serial) = value else {
        return None;
    };
    let has_format = style.is_some_and(|style| !style.number_format.is_general());
    match (has_format, serial.fract() == 0.0) {
        (true, _) => None,
        (false, true) => Some("yyyy-mm-dd"),
        (false, false) => Some("yyyy-mm-dd hh:mm:ss"),
    }
}

// ---------------------------------------------------------------------------
// Cached text results
// ---------------------------------------------------------------------------

/// Formula cells with a mistyped cached text, by sheet index.
type TextResults = BTreeMap<usize, Vec<(CellRef, String)>>;

/// rust_xlsxwriter infers a formula result's type from its text: anything
/// `f64` parses ("070202", "1.", "inf") becomes a number, `TRUE`/`FALSE` a
/// boolean and an error literal an error. A text result that looks like one
/// of these would read back changed (a 工号 losing its leading zero), or, for
/// "inf"/"NaN", make a cell Excel rejects.
fn writer_mistypes(text: &str) -> bool {
    text.parse::<f64>().is_ok()
        || matches!(text, "TRUE" | "FALSE")
        || ERROR_LITERALS.contains(&text)
}

/// rust_xlsxwriter has no way to type a formula result, so the worksheet XML
/// of the affected cells is corrected after the fact: `t="str"` and the
/// original text as the value. Parts that cannot be corrected (should
/// rust_xlsxwriter's output change shape) are kept as written.
fn retype_text_results(bytes: Vec<u8>, results: &TextResults) -> Result<Vec<u8>, XlsxError> {
    if results.is_empty() {
        return Ok(bytes);
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice()))?;
    let mut output = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(bytes.len())));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        let name = entry.name()?.into_owned();
        let Some(cells) = worksheet_index(&name).and_then(|i| results.get(&i)) else {
            output.raw_copy_file(entry)?;
            continue;
        };
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml)?;
        let patched = retype_cells(&xml, cells).unwrap_or_else(|| {
            warn!("cached text results in {name} left as numbers: unexpected XML");
            xml
        });
        output.start_file(name, patched_part_options())?;
        std::io::Write::write_all(&mut output, patched.as_bytes())?;
    }
    Ok(output.finish()?.into_inner())
}

/// The options rust_xlsxwriter itself uses, so the bytes stay deterministic.
fn patched_part_options() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(FAST_COMPRESSION.into()))
        .unix_permissions(0o600)
        .last_modified_time(zip::DateTime::default())
}

/// rust_xlsxwriter names the n-th worksheet (1-based) `xl/worksheets/sheetN.xml`.
fn worksheet_index(part: &str) -> Option<usize> {
    let number: usize = part
        .strip_prefix("xl/worksheets/sheet")?
        .strip_suffix(".xml")?
        .parse()
        .ok()?;
    number.checked_sub(1)
}

/// Rewrites each listed `<c r="…">` element (in row-major order, as
/// rust_xlsxwriter writes them) to `t="str"` with the text as its value.
fn retype_cells(xml: &str, cells: &[(CellRef, String)]) -> Option<String> {
    let mut output = String::with_capacity(xml.len() + cells.len() * 32);
    let mut rest = xml;
    for (at, text) in cells {
        let start = rest.find(&format!("<c r=\"{at}\""))?;
        let tag_end = start + rest[start..].find('>')?;
        let close = tag_end + rest[tag_end..].find("</c>")?;
        let tag = rest[start..tag_end].trim_end();
        if tag.ends_with('/') {
            return None;
        }
        let content = &rest[tag_end + 1..close];
        output.push_str(&rest[..start]);
        output.push_str(&without_type_attribute(tag));
        output.push_str(" t=\"str\">");
        output.push_str(&with_value(content, text)?);
        output.push_str("</c>");
        rest = &rest[close + "</c>".len()..];
    }
    output.push_str(rest);
    Some(output)
}

fn without_type_attribute(tag: &str) -> String {
    let Some(start) = tag.find(" t=\"") else {
        return tag.to_string();
    };
    let value_start = start + " t=\"".len();
    match tag[value_start..].find('"') {
        Some(end) => format!("{}{}", &tag[..start], &tag[value_start + end + 1..]),
        None => tag.to_string(),
    }
}

fn with_value(content: &str, text: &str) -> Option<String> {
    let open = content.find("<v>")?;
    let close = open + content[open..].find("</v>")?;
    Some(format!(
        "{}<v>{}</v>{}",
        &content[..open],
        escape_xml_text(text),
        &content[close + "</v>".len()..]
    ))
}

fn escape_xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A note big enough to read a few lines of Chinese without resizing.
fn audit_note(text: &str) -> Note {
    let text = fit_text(text, NOTE_TEXT_LIMIT);
    Note::new(text.as_ref())
        .set_author(NOTE_AUTHOR)
        .set_font_size(10)
        .set_width(NOTE_WIDTH_PX)
        .set_height(note_height(&text))
}

const NOTE_WIDTH_PX: u32 = 300;
/// Half-width characters per line at 10 pt in a 300 px note; a CJK character
/// counts as two.
const NOTE_LINE_UNITS: usize = 42;
const NOTE_LINE_PX: u32 = 17;
const NOTE_MIN_HEIGHT_PX: u32 = 120;
const NOTE_MAX_HEIGHT_PX: u32 = 480;

/// Grows with the wrapped line count (plus the author line) so long notes
/// are not cut off behind the box edge.
fn note_height(text: &str) -> u32 {
    let wrapped_lines: usize = text
        .lines()
        .map(|line| {
            let units: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            units.div_ceil(NOTE_LINE_UNITS).max(1)
        })
        .sum();
    let lines = u32::try_from(wrapped_lines + 1).unwrap_or(u32::MAX);
    lines
        .saturating_mul(NOTE_LINE_PX)
        .saturating_add(20)
        .clamp(NOTE_MIN_HEIGHT_PX, NOTE_MAX_HEIGHT_PX)
}

// ---------------------------------------------------------------------------
// The findings sheet
// ---------------------------------------------------------------------------

const FINDINGS_WIDTHS: [f64; findings::COLUMNS] = [16.0, 9.0, 24.0, 24.0, 10.0, 60.0, 16.0, 16.0];
const HEADER_FILL: u32 = 0xD9E1F2;

/// `核查结果` / `Findings`, with ` (2)`, ` (3)`… when the workbook already
/// has a sheet of that name (Excel compares sheet names case-insensitively).
fn findings_sheet_name(existing: &[impl AsRef<str>], lang: Lang) -> String {
    let base = match lang {
        Lang::Zh => "核查结果",
        Lang::En => "Findings",
    };
    let taken = |name: &str| existing.iter().any(|e| same_sheet_name(e.as_ref(), name));
    if !taken(base) {
        return base.to_string();
    }
    (2u32..)
        .map(|n| format!("{base} ({n})"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_string())
}

fn write_findings(
    worksheet: &mut Worksheet,
    findings: &[Finding],
    lang: Lang,
) -> Result<(), XlsxError> {
    let headers = findings::headings(lang);
    let header_format = Format::new()
        .set_bold()
        .set_background_color(rust_xlsxwriter::Color::RGB(HEADER_FILL))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    for ((col, title), width) in (0u16..).zip(headers).zip(FINDINGS_WIDTHS) {
        worksheet.write_string_with_format(0, col, title, &header_format)?;
        worksheet.set_column_width(col, width)?;
    }

    let mut last_row = 0;
    for (row, finding) in (1u32..).zip(findings) {
        write_finding(worksheet, row, finding, lang)?;
        last_row = row;
    }
    worksheet.set_freeze_panes(1, 0)?;
    worksheet.autofilter(0, 0, last_row, (headers.len() - 1) as u16)?;
    Ok(())
}

/// The paper the workbook's own sheets print on, for the findings sheet.
fn workbook_paper_size(workbook: &Workbook) -> Option<u8> {
    workbook
        .sheets
        .iter()
        .find_map(|sheet| sheet.page_setup.paper_size)
}

/// The findings list is wide (eight columns, one of them 60 characters):
/// landscape, as many pages down as it takes but one across, with the
/// header row on every page and gridlines since the body has no borders.
fn set_findings_page(worksheet: &mut Worksheet, paper_size: Option<u8>) -> Result<(), XlsxError> {
    worksheet
        .set_landscape()
        .set_paper_size(paper_size.unwrap_or(PAPER_A4))
        .set_print_fit_to_pages(1, 0)
        .set_print_gridlines(true)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

fn write_finding(
    worksheet: &mut Worksheet,
    row: u32,
    finding: &Finding,
    lang: Lang,
) -> Result<(), XlsxError> {
    let body = Format::new().set_align(FormatAlign::Top);
    for (col, text) in (0u16..).zip(findings::cells(finding, lang)) {
        let format = match usize::from(col) {
            findings::SEVERITY_COLUMN => body
                .clone()
                .set_background_color(rust_xlsxwriter::Color::RGB(severity_rgb(finding.severity))),
            findings::MESSAGE_COLUMN => body.clone().set_text_wrap(),
            _ => body.clone(),
        };
        if text.is_empty() {
            worksheet.write_blank(row, col, &format)?;
        } else {
            worksheet.write_string_with_format(
                row,
                col,
                fit_text(&text, CELL_TEXT_LIMIT),
                &format,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::path::PathBuf;

    use calamine::{Data, Dimensions, Reader, Xlsx, open_workbook};

    use super::*;
    use crate::model::style::{Alignment, Border, BorderStyle, Borders, Font, HorizontalAlignment};
    use crate::model::{Cell, Code, FileFormat, Message};
    use crate::read::xlsx::read_xlsx_from;

    fn temp_path(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("kpi-scored-{}-{name}", std::process::id()))
    }

    fn at(a1: &str) -> CellRef {
        CellRef::parse_a1(a1).unwrap()
    }

    /// The styles of the test workbook: a bold centred title over A1:D1, a
    /// bordered number format on B3 and C3, a date format on A5.
    fn styles_for_test() -> SheetStyles {
        let title = CellStyle {
            font: Font {
                bold: true,
                size: Some(16.0),
                ..Font::default()
            },
            alignment: Alignment {
                horizontal: HorizontalAlignment::Center,
                ..Alignment::default()
            },
            ..CellStyle::default()
        };
        let thin = Border {
            style: BorderStyle::Thin,
            color: None,
        };
        let bordered = CellStyle {
            borders: Borders {
                left: thin,
                right: thin,
                top: thin,
                bottom: thin,
                ..Borders::default()
            },
            number_format: NumberFormat {
                id: Some(164),
                code: "0.0".into(),
            },
            ..CellStyle::default()
        };
        let date = CellStyle {
            number_format: NumberFormat {
                id: Some(165),
                code: "yyyy\"年\"m\"月\"d\"日\"".into(),
            },
            ..CellStyle::default()
        };
        let table = vec![CellStyle::default(), title, bordered, date];
        let mut cells: Vec<(CellRef, u32)> = ["A1", "B1", "C1", "D1"]
            .into_iter()
            .map(|a1| (at(a1), 1))
            .collect();
        cells.extend([(at("B3"), 2), (at("C3"), 2), (at("A5"), 3)]);
        SheetStyles::new(table.into(), cells)
    }

    /// The sheets of an xlsx written in memory, by name.
    fn read_back(bytes: Vec<u8>) -> BTreeMap<String, Sheet> {
        let contents = read_xlsx_from(std::io::Cursor::new(bytes)).unwrap();
        contents
            .sheets
            .into_iter()
            .map(|sheet| (sheet.name.clone(), sheet))
            .collect()
    }

    fn cell(value: CellValue) -> Cell {
        Cell {
            value,
            formula: None,
        }
    }

    fn sample_workbook() -> Workbook {
        let mut cells = BTreeMap::new();
        cells.insert(at("A1"), cell(CellValue::Text("2024年绩效考核表".into())));
        cells.insert(at("A2"), cell(CellValue::Text("指标".into())));
        cells.insert(at("B2"), cell(CellValue::Text("得分".into())));
        cells.insert(at("A3"), cell(CellValue::Text("出勤".into())));
        cells.insert(at("B3"), cell(CellValue::Number(90.0)));
        cells.insert(
            at("D3"),
            Cell {
                value: CellValue::Number(95.0),
                formula: Some("SUM(B3:B4)".into()),
            },
        );
        cells.insert(
            at("D4"),
            Cell {
                value: CellValue::Text(String::new()),
                formula: Some("IF(B4=\"\",\"\",B4)".into()),
            },
        );
        cells.insert(at("B4"), cell(CellValue::Error("#DIV/0!".into())));
        cells.insert(at("A5"), cell(CellValue::DateTime(45292.0)));
        cells.insert(at("B6"), cell(CellValue::Bool(true)));
        let main = Sheet {
            name: "考核表".into(),
            cells,
            merges: vec![CellRange {
                first: at("A1"),
                last: at("D1"),
            }],
            styles: styles_for_test(),
            column_widths: BTreeMap::from([(0, 20.7109375)]),
            row_heights: BTreeMap::from([(0, 30.0)]),
            page_setup: PageSetup::default(),
        };
        let mut second = Sheet {
            name: "第二页".into(),
            ..Sheet::default()
        };
        second
            .cells
            .insert(at("A1"), cell(CellValue::Text("x".into())));
        Workbook {
            path: PathBuf::from("考核表.xlsx"),
            format: FileFormat::Xlsx,
            sheets: vec![main, second],
            recalculates_on_load: false,
        }
    }

    fn edit(sheet: &str, a1: &str) -> CellEdit {
        CellEdit {
            sheet: sheet.into(),
            cell: at(a1),
            mark: None,
            note: None,
            new_value: None,
            formula: None,
        }
    }

    fn sample_edits() -> Vec<CellEdit> {
        vec![
            CellEdit {
                mark: Some(Severity::Warning),
                note: Some("得分超出满分".into()),
                new_value: Some(CellValue::Number(8.0)),
                ..edit("考核表", "B3")
            },
            CellEdit {
                mark: Some(Severity::Error),
                note: Some("第二条说明".into()),
                new_value: Some(CellValue::Number(10.0)),
                ..edit("考核表", "B3")
            },
            CellEdit {
                new_value: Some(CellValue::Number(100.0)),
                ..edit("考核表", "D3")
            },
            CellEdit {
                mark: Some(Severity::Info),
                ..edit("考核表", "C1")
            },
            CellEdit {
                mark: Some(Severity::Error),
                ..edit("没有这个表", "A1")
            },
        ]
    }

    fn sample_findings() -> Vec<Finding> {
        vec![
            Finding::new(
                Code::ScoreOutOfRange,
                Message::new("得分超出满分", "score above full marks"),
            )
            .at("考核表", at("B3"))
            .indicator("出勤")
            .found("90")
            .expected("10"),
            Finding::new(
                Code::PeriodMissing,
                Message::new("考核期间为空", "the review period is blank"),
            ),
        ]
    }

    fn render_to_file(workbook: &Workbook, lang: Lang, name: &str) -> PathBuf {
        let bytes =
            render_scored_workbook(workbook, &sample_edits(), &sample_findings(), lang).unwrap();
        let path = temp_path(name);
        crate::write::atomic::write_atomically(&path, &bytes).unwrap();
        path
    }

    fn text_rows(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
        range
            .rows()
            .map(|row| row.iter().map(|d| d.to_string()).collect())
            .collect()
    }

    #[test]
    fn copy_keeps_values_formulas_merges_styles_and_geometry() {
        let path = render_to_file(&sample_workbook(), Lang::Zh, "copy.xlsx");
        let mut xlsx: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(xlsx.sheet_names(), vec!["考核表", "第二页", "核查结果"]);

        let values = xlsx.worksheet_range("考核表").unwrap();
        let value = |a1: &str| {
            let c = at(a1);
            values
                .get_value((c.row, c.col))
                .cloned()
                .unwrap_or(Data::Empty)
        };
        assert_eq!(value("A1"), Data::String("2024年绩效考核表".into()));
        assert_eq!(value("B3"), Data::Float(10.0), "last new value wins");
        assert_eq!(value("D3"), Data::Float(100.0), "new cached result");
        assert_eq!(value("D4"), Data::String(String::new()));
        assert_eq!(value("B4"), Data::Error(calamine::CellErrorType::Div0));
        assert_eq!(value("B6"), Data::Bool(true));
        assert!(matches!(value("A5"), Data::DateTime(d) if d.as_f64() == 45292.0));

        let formulas = xlsx.worksheet_formula("考核表").unwrap();
        assert_eq!(
            formulas.get_value((2, 3)).map(String::as_str),
            Some("SUM(B3:B4)")
        );

        let merges = xlsx.merge_cells_by_sheet_name("考核表").unwrap();
        assert_eq!(
            merges,
            vec![Dimensions {
                start: (0, 0),
                end: (0, 3)
            }]
        );

        let copy = read_back(std::fs::read(&path).unwrap());
        let main = &copy["考核表"];
        let style = |a1: &str| main.style(at(a1)).unwrap();
        let fill = |a1: &str| style(a1).fill.foreground;
        // B3: two marks, the error wins; its border and number format stay.
        assert_eq!(fill("B3"), Some(Rgb(0xFFC7CE)));
        assert!(style("B3").borders.left.is_visible());
        assert_eq!(style("B3").number_format.code, "0.0");
        // C3 is blank but bordered; the border must survive.
        assert!(style("C3").borders.bottom.is_visible());
        // The mark on C1 went to the merge's top-left cell, whose font stays.
        assert_eq!(fill("A1"), Some(Rgb(0xDDEBF7)));
        assert!(style("A1").font.bold);
        assert_eq!(fill("C1"), None);

        let findings = xlsx.worksheet_range("核查结果").unwrap();
        assert_eq!(
            text_rows(&findings),
            vec![
                vec![
                    "工作表",
                    "单元格",
                    "指标",
                    "代码",
                    "严重程度",
                    "说明",
                    "原值",
                    "应为"
                ],
                vec![
                    "考核表",
                    "B3",
                    "出勤",
                    "score-out-of-range",
                    "错误",
                    "得分超出满分",
                    "90",
                    "10"
                ],
                vec!["", "", "", "period-missing", "警告", "考核期间为空", "", ""],
            ]
        );
        let findings = &copy["核查结果"];
        let severity_fill = &findings.style(at("E3")).unwrap().fill;
        assert_eq!(severity_fill.foreground, Some(Rgb(0xFFEB9C)));
        assert!(findings.style(at("A1")).unwrap().font.bold);

        assert!((main.column_widths[&0] - 20.7109375).abs() < 0.01);
        assert_eq!(main.row_heights.get(&0), Some(&30.0));

        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn notes_are_written_as_comments() {
        let path = render_to_file(&sample_workbook(), Lang::Zh, "notes.xlsx");
        let file = std::fs::File::open(&path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut comments = String::new();
        zip.by_name("xl/comments1.xml")
            .unwrap()
            .read_to_string(&mut comments)
            .unwrap();
        assert!(comments.contains("得分超出满分\n第二条说明"));
        assert!(comments.contains("kpi-audit"));
        assert!(comments.contains(r#"ref="B3""#));
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn same_input_gives_identical_bytes() {
        let workbook = sample_workbook();
        let render =
            || render_scored_workbook(&workbook, &sample_edits(), &sample_findings(), Lang::Zh);
        assert_eq!(render().unwrap(), render().unwrap());
    }

    #[test]
    fn english_findings_sheet_gets_a_free_name() {
        let mut workbook = sample_workbook();
        workbook.sheets[1].name = "findings".into();
        let path = render_to_file(&workbook, Lang::En, "english.xlsx");
        let mut xlsx: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(xlsx.sheet_names()[2], "Findings (2)");
        let rows = text_rows(&xlsx.worksheet_range("Findings (2)").unwrap());
        assert_eq!(rows[0][0], "Sheet");
        assert_eq!(rows[0][7], "Expected");
        assert_eq!(rows[1][4], "error");
        assert_eq!(rows[1][5], "score above full marks");
        assert_eq!(rows[2][4], "warning");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn edits_combine_per_cell() {
        let workbook = sample_workbook();
        let annotations = annotate(&workbook, &sample_edits());
        assert_eq!(annotations.len(), 1, "edits for unknown sheets are dropped");
        let sheet = &annotations["考核表"];
        assert_eq!(sheet[&at("B3")].mark, Some(Severity::Error));
        assert_eq!(sheet[&at("B3")].notes, vec!["得分超出满分", "第二条说明"]);
        assert_eq!(sheet[&at("B3")].new_value, Some(CellValue::Number(10.0)));
        assert_eq!(sheet[&at("A1")].mark, Some(Severity::Info));
        assert!(!sheet.contains_key(&at("C1")));
    }

    #[test]
    fn small_helpers() {
        assert_eq!(
            findings_sheet_name(&["核查结果", "核查结果 (2)"], Lang::Zh),
            "核查结果 (3)"
        );
        assert_eq!(findings_sheet_name(&["Sheet1"], Lang::En), "Findings");
        assert_eq!(formula_text("{1,2,3}"), "({1,2,3})");
        assert_eq!(formula_text("A1+1"), "A1+1");
        assert_eq!(
            cached_result(&CellValue::Error("#DATA!".into())),
            "#GETTING_DATA"
        );
        assert_eq!(cached_result(&CellValue::Number(0.5)), "0.5");
        assert_eq!(note_height("短"), NOTE_MIN_HEIGHT_PX);
        assert!(note_height(&"很长的说明".repeat(40)) > NOTE_MIN_HEIGHT_PX);
    }

    #[test]
    fn text_results_that_look_like_numbers_stay_text() {
        let texts = ["070202", "TRUE", "#N/A", "inf", "1.", "a<b&c"];
        let mut sheet = Sheet {
            name: "工号".into(),
            ..Sheet::default()
        };
        for (row, text) in (0u32..).zip(texts) {
            sheet.cells.insert(
                CellRef::new(row, 1),
                Cell {
                    value: CellValue::Text(text.into()),
                    formula: Some(format!("RIGHT(A{},6)", row + 1)),
                },
            );
        }
        sheet.cells.insert(
            CellRef::new(0, 2),
            Cell {
                value: CellValue::Number(7.0),
                formula: Some("1+6".into()),
            },
        );
        let mut workbook = sample_workbook();
        workbook.sheets.push(sheet);
        let edits = vec![CellEdit {
            mark: Some(Severity::Error),
            ..edit("工号", "B1")
        }];
        let render = || render_scored_workbook(&workbook, &edits, &[], Lang::Zh).unwrap();
        let bytes = render();
        assert_eq!(bytes, render(), "the corrected copy is deterministic too");

        let mut xlsx = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let values = xlsx.worksheet_range("工号").unwrap();
        for (row, text) in (0u32..).zip(texts) {
            assert_eq!(
                values.get_value((row, 1)),
                Some(&Data::String(text.into())),
                "row {row}"
            );
        }
        assert_eq!(values.get_value((0, 2)), Some(&Data::Float(7.0)));
        let formulas = xlsx.worksheet_formula("工号").unwrap();
        assert_eq!(
            formulas.get_value((0, 1)).map(String::as_str),
            Some("RIGHT(A1,6)")
        );
        // The other sheets are copied untouched.
        assert!(xlsx.worksheet_range("考核表").is_ok());
        let copy = read_back(bytes);
        let fill = &copy["工号"].style(at("B1")).unwrap().fill;
        assert_eq!(fill.foreground, Some(Rgb(0xFFC7CE)));
    }

    #[test]
    fn retyping_rewrites_only_the_listed_cells() {
        let xml = concat!(
            r#"<row r="1"><c r="A1"><f>1</f><v>1</v></c>"#,
            r#"<c r="A10" s="2" t="b"><f>A</f><v>1</v></c>"#,
            r#"<c r="B10"><f>B</f><v>5</v></c></row>"#
        );
        let cells = vec![(at("A10"), "TRUE".to_string())];
        assert_eq!(
            retype_cells(xml, &cells).unwrap(),
            concat!(
                r#"<row r="1"><c r="A1"><f>1</f><v>1</v></c>"#,
                r#"<c r="A10" s="2" t="str"><f>A</f><v>TRUE</v></c>"#,
                r#"<c r="B10"><f>B</f><v>5</v></c></row>"#
            )
        );
        assert_eq!(retype_cells(xml, &[(at("C1"), "1".into())]), None);
        assert_eq!(worksheet_index("xl/worksheets/sheet3.xml"), Some(2));
        assert_eq!(worksheet_index("xl/worksheets/_rels/sheet3.xml.rels"), None);
        assert!(writer_mistypes("070202") && writer_mistypes("NaN"));
        assert!(!writer_mistypes("85分") && !writer_mistypes(""));
    }

    #[test]
    fn sheet_names_excel_rejects_are_repaired() {
        let taken = vec!["考核表".to_string()];
        assert_eq!(writable_sheet_name("考核表2", &taken), "考核表2");
        assert_eq!(writable_sheet_name("考核表", &[]), "考核表");
        assert_eq!(writable_sheet_name("考核表", &taken), "考核表 (2)");
        assert_eq!(writable_sheet_name("2024/01 'A'", &taken), "2024_01 'A");
        assert_eq!(writable_sheet_name("''", &taken), "Sheet");
        let long = "301. exposures by cpty and agreement_301_NTTX_EXCEL.rpt";
        let repaired = writable_sheet_name(long, &taken);
        assert_eq!(repaired, "301. exposures by cpty and agre");
        let again = writable_sheet_name(long, &[repaired]);
        assert_eq!(again, "301. exposures by cpty and (2)");
        assert!(rust_xlsxwriter::utility::check_sheet_name(&again).is_ok());
    }

    #[test]
    fn a_merge_reaching_the_grids_end_is_clipped_to_the_cells_in_use() {
        let mut workbook = sample_workbook();
        let range = |a: &str, b: &str| CellRange {
            first: at(a),
            last: at(b),
        };
        let sheet = &mut workbook.sheets[0];
        sheet.merges.push(range("J20", "XFD1048576"));
        sheet.merges.push(range("A3", "XFD3"));
        let corner = used_corner(sheet, &styled_blanks(sheet));
        let merges = writable_merges(sheet, corner);
        assert!(!merges.iter().any(|m| m.first == at("J20")), "{merges:?}");
        assert!(merges.contains(&CellRange {
            first: at("A3"),
            last: CellRef::new(2, corner.col),
        }));
        // Every cell of a merge is written: unclipped, this would not end.
        let copy = render_scored_workbook(&workbook, &[], &[], Lang::Zh).unwrap();
        let form = &read_back(copy)["考核表"];
        assert!(
            form.cells
                .keys()
                .all(|c| c.col <= corner.col && c.row <= corner.row)
        );
    }

    #[test]
    fn overlapping_and_single_cell_merges_are_skipped() {
        let mut workbook = sample_workbook();
        let range = |a: &str, b: &str| CellRange {
            first: at(a),
            last: at(b),
        };
        workbook.sheets[0].merges.push(range("B1", "C2"));
        workbook.sheets[0].merges.push(range("F6", "F6"));
        let merges = writable_merges(&workbook.sheets[0], CellRef::new(LAST_ROW, LAST_COL));
        assert_eq!(merges, vec![range("A1", "D1")]);
        assert!(render_scored_workbook(&workbook, &[], &[], Lang::Zh).is_ok());
    }

    fn zip_part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    /// The page setup of a sheet written with every setting the copy keeps.
    fn page_setup_from_an_xlsx() -> PageSetup {
        let mut source = rust_xlsxwriter::Workbook::new();
        let sheet = source.add_worksheet().set_name("考核表").unwrap();
        sheet
            .set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(1, 0)
            .set_margins(0.5, 0.4, 0.6, 0.7, 0.2, 0.1)
            .set_print_center_horizontally(true)
            .set_print_center_vertically(true)
            .set_print_gridlines(true)
            .set_header("&C&\"宋体,加粗\"绩效 & 考核")
            .set_footer("&R第 &P 页")
            .set_screen_gridlines(false)
            .set_zoom(85);
        sheet.set_freeze_panes(3, 2).unwrap();
        sheet.set_print_area(0, 0, 17, 8).unwrap();
        sheet.set_repeat_rows(0, 2).unwrap();
        sheet.set_repeat_columns(0, 1).unwrap();
        let bytes = source.save_to_buffer().unwrap();
        read_back(bytes)["考核表"].page_setup.clone()
    }

    #[test]
    fn page_setup_survives_the_copy() {
        let mut workbook = sample_workbook();
        workbook.sheets[0].page_setup = page_setup_from_an_xlsx();
        let bytes =
            render_scored_workbook(&workbook, &sample_edits(), &sample_findings(), Lang::Zh)
                .unwrap();

        let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
        for expected in [
            r#"<pageSetUpPr fitToPage="1"/>"#,
            r#"<sheetView showGridLines="0" tabSelected="1" zoomScale="85""#,
            r#"<pane xSplit="2" ySplit="3" topLeftCell="C4" activePane="bottomRight" state="frozen"/>"#,
            r#"<printOptions horizontalCentered="1" verticalCentered="1" gridLines="1"/>"#,
            r#"<pageMargins left="0.5" right="0.4" top="0.6" bottom="0.7" header="0.2" footer="0.1"/>"#,
            r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#,
            r#"<oddHeader>&amp;C&amp;"宋体,加粗"绩效 &amp; 考核</oddHeader>"#,
            r#"<oddFooter>&amp;R第 &amp;P 页</oddFooter>"#,
        ] {
            assert!(sheet.contains(expected), "{expected} not in {sheet}");
        }
        let book = zip_part(&bytes, "xl/workbook.xml");
        for expected in [
            r#"<definedName name="_xlnm.Print_Area" localSheetId="0">考核表!$A$1:$I$18</definedName>"#,
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">考核表!$A:$B,考核表!$1:$3</definedName>"#,
        ] {
            assert!(book.contains(expected), "{expected} not in {book}");
        }

        // Read back, the copy states exactly what the original stated.
        let copy = read_back(bytes);
        assert_eq!(copy["考核表"].page_setup, workbook.sheets[0].page_setup);
        // A sheet without settings gains none but the writer's margins.
        let second = &copy["第二页"].page_setup;
        assert_eq!((second.orientation, second.fit_to_pages), (None, None));
    }

    #[test]
    fn findings_sheet_prints_landscape_one_page_wide() {
        let mut workbook = sample_workbook();
        workbook.sheets[1].page_setup.paper_size = Some(8);
        let bytes = render_scored_workbook(&workbook, &[], &sample_findings(), Lang::Zh).unwrap();
        let copy = read_back(bytes);
        let findings = &copy["核查结果"].page_setup;
        assert_eq!(findings.orientation, Some(Orientation::Landscape));
        assert_eq!(findings.paper_size, Some(8), "the workbook's own paper");
        let fit = findings.fit_to_pages.unwrap();
        assert_eq!((fit.width, fit.height), (1, 0));
        assert_eq!(findings.repeat_rows, Some((0, 0)));
        assert_eq!(findings.freeze_panes, Some(at("A2")));

        let bytes = render_scored_workbook(&sample_workbook(), &[], &[], Lang::En).unwrap();
        let copy = read_back(bytes);
        assert_eq!(copy["Findings"].page_setup.paper_size, Some(PAPER_A4));
    }

    #[test]
    fn page_settings_the_writer_rejects_are_left_out() {
        let mut workbook = sample_workbook();
        workbook.sheets[0].page_setup = PageSetup {
            orientation: Some(Orientation::Portrait),
            scale: Some(1000),
            zoom: Some(5),
            header: Some("长".repeat(300)),
            footer: Some("&L&G&&Logo".into()),
            freeze_panes: Some(CellRef::new(0, 70_000)),
            print_area: Some(CellRange {
                first: at("A1"),
                last: CellRef::new(2_000_000, 3),
            }),
            repeat_rows: Some((5, 2)),
            repeat_columns: Some((0, 99_999)),
            ..PageSetup::default()
        };
        let bytes = render_scored_workbook(&workbook, &[], &[], Lang::Zh).unwrap();
        let copy = read_back(bytes);
        let setup = &copy["考核表"].page_setup;
        assert_eq!(setup.orientation, Some(Orientation::Portrait));
        assert_eq!(
            (setup.scale, setup.zoom, setup.header.as_deref()),
            (None, None, None)
        );
        assert_eq!(setup.footer.as_deref(), Some("&L&&Logo"));
        assert_eq!(setup.freeze_panes, None);
        assert_eq!(setup.print_area, None);
        assert_eq!((setup.repeat_rows, setup.repeat_columns), (None, None));
        assert!(writable_header_footer("&G").is_none());
        assert_eq!(writable_header_footer("a&").as_deref(), Some("a&"));
    }

    fn project_file(relative: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
    }

    #[test]
    fn template_copy_prints_like_the_original() {
        let path = project_file("templates/售前客服岗位月度绩效考核表.xlsx");
        let original = read_back(std::fs::read(&path).unwrap());
        let workbook = crate::read::read_workbook(&path).unwrap();
        let bytes = render_scored_workbook(&workbook, &[], &[], Lang::Zh).unwrap();
        let copy = read_back(bytes);
        let setup = &copy["绩效考核表"].page_setup;
        assert_eq!(*setup, original["绩效考核表"].page_setup);
        // One landscape A4 page wide, centred, printing A1:I18.
        assert_eq!(setup.orientation, Some(Orientation::Landscape));
        assert_eq!(setup.paper_size, Some(9));
        let fit = setup.fit_to_pages.unwrap();
        assert_eq!((fit.width, fit.height), (1, 0));
        assert!(setup.center_horizontally);
        assert_eq!(
            setup.print_area.map(|a| a.to_string()).as_deref(),
            Some("A1:I18")
        );
    }

    #[test]
    fn ods_copy_keeps_merges_sizes_and_page_setup() {
        let path = project_file("samples/售前客服部/09_周婷.ods");
        let workbook = crate::read::read_workbook(&path).unwrap();
        let bytes = render_scored_workbook(&workbook, &[], &[], Lang::Zh).unwrap();

        let mut xlsx = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let merges = xlsx.merge_cells_by_sheet_name("绩效考核表").unwrap();
        for (first, last) in [
            ("A1", "I1"),
            ("A9", "A10"),
            ("D9", "D10"),
            ("G9", "G10"),
            ("H9", "H10"),
        ] {
            let (first, last) = (at(first), at(last));
            let wanted = Dimensions {
                start: (first.row, first.col),
                end: (last.row, last.col),
            };
            assert!(merges.contains(&wanted), "{wanted:?} not in {merges:?}");
        }
        let copy = read_back(bytes);
        let sheet = &copy["绩效考核表"];
        assert_eq!(sheet.column_widths.len(), 9);
        assert_eq!(sheet.row_heights.len(), 18);
        assert_eq!(sheet.row_heights[&0], 36.0);
        assert_eq!(sheet.page_setup.orientation, Some(Orientation::Landscape));
        assert!(sheet.page_setup.fit_to_pages.is_some());
    }
}
