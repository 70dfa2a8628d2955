//! The cells a formula names: single cells, ranges, whole columns and rows,
//! on the formula's own sheet or another one.

use std::fmt;

use crate::model::cell_ref::{LAST_COL, LAST_ROW, column_index, row_index, split_letters};
use crate::model::{CellRange, CellRef, Sheet, Workbook, column_letters};

use super::parser::{Expr, parse};

/// What a reference covers. Whole columns (`A:A`) and rows (`3:3`) are
/// ranges reaching the grid's last row or column; callers clip them to the
/// cells a sheet uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Cell(CellRef),
    Range(CellRange),
}

/// A cell or range a formula refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The sheet as the formula names it, or the formula's own sheet when
    /// the reference is unqualified.
    pub sheet: String,
    pub target: Target,
}

impl Reference {
    /// The block of cells covered; a single cell is a one-cell block.
    pub fn range(&self) -> CellRange {
        match self.target {
            Target::Cell(cell) => CellRange {
                first: cell,
                last: cell,
            },
            Target::Range(range) => range,
        }
    }

    /// Whether the reference covers a cell of the named sheet.
    pub fn covers(&self, sheet: &str, cell: CellRef) -> bool {
        same_sheet(&self.sheet, sheet) && self.range().contains(cell)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Cell(cell) => write!(f, "{cell}"),
            Target::Range(range) if range.first.row == 0 && range.last.row == LAST_ROW => write!(
                f,
                "{}:{}",
                column_letters(range.first.col),
                column_letters(range.last.col)
            ),
            Target::Range(range) if range.first.col == 0 && range.last.col == LAST_COL => {
                write!(f, "{}:{}", range.first.row + 1, range.last.row + 1)
            }
            Target::Range(range) => write!(f, "{range}"),
        }
    }
}

impl fmt::Display for Reference {
    /// As Excel writes it, quoting sheet names that need it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self.sheet.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !self.sheet.starts_with(|c: char| c.is_ascii_digit())
            && !self.sheet.is_empty();
        if plain {
            write!(f, "{}!{}", self.sheet, self.target)
        } else {
            write!(f, "'{}'!{}", self.sheet.replace('\'', "''"), self.target)
        }
    }
}

/// Everything a formula names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scanned {
    /// Cells and ranges, in order of first appearance, without repeats.
    pub references: Vec<Reference>,
    /// Names that stand for cells this module cannot resolve: defined
    /// names, external workbooks, 3-D and structured (table) references.
    pub unresolved: Vec<String>,
}

/// The cells and ranges a formula refers to; empty when it does not parse.
pub fn references(formula: &str, current_sheet: &str) -> Vec<Reference> {
    scan(formula, current_sheet).references
}

/// The references and the unresolvable names of a formula; empty when it
/// does not parse.
pub fn scan(formula: &str, current_sheet: &str) -> Scanned {
    let mut scanned = Scanned::default();
    if let Some(expr) = parse(formula, current_sheet) {
        collect(&expr, &mut scanned);
    }
    scanned
}

fn collect(expr: &Expr, scanned: &mut Scanned) {
    match expr {
        Expr::Ref(reference) => {
            if !scanned.references.contains(reference) {
                scanned.references.push(reference.clone());
            }
        }
        Expr::Name(name) | Expr::External(name) => {
            if !scanned.unresolved.contains(name) {
                scanned.unresolved.push(name.clone());
            }
        }
        Expr::Unary(_, operand) => collect(operand, scanned),
        Expr::Chain(first, rest) => {
            collect(first, scanned);
            rest.iter()
                .for_each(|(_, operand)| collect(operand, scanned));
        }
        Expr::Call(_, args) | Expr::Unsupported(args) => {
            args.iter().for_each(|arg| collect(arg, scanned));
        }
        Expr::Number(_) | Expr::Text(_) | Expr::Bool(_) | Expr::Error(_) | Expr::Missing => {}
    }
}

/// One side of an A1 area: `B3`, a column `B` or a row `3`.
#[derive(Clone, Copy)]
enum Part {
    Cell(CellRef),
    Column(u32),
    Row(u32),
}

/// Reads `first` or `first:second` (each like `$B$3`, `B` or `3`) as a
/// reference target; `None` when it is not one (a lone column or row is a
/// name or a number, not a reference).
pub(super) fn area(first: &str, second: Option<&str>) -> Option<Target> {
    let first = part(first)?;
    let Some(second) = second else {
        return match first {
            Part::Cell(cell) => Some(Target::Cell(cell)),
            Part::Column(_) | Part::Row(_) => None,
        };
    };
    let (a, b) = match (first, part(second)?) {
        (Part::Cell(a), Part::Cell(b)) => (a, b),
        (Part::Column(a), Part::Column(b)) => (CellRef::new(0, a), CellRef::new(LAST_ROW, b)),
        (Part::Row(a), Part::Row(b)) => (CellRef::new(a, 0), CellRef::new(b, LAST_COL)),
        _ => return None,
    };
    // Excel stores B3:A1 as A1:B3; normalising keeps every range's corners
    // ordered, which range scans rely on.
    Some(Target::Range(CellRange {
        first: CellRef::new(a.row.min(b.row), a.col.min(b.col)),
        last: CellRef::new(a.row.max(b.row), a.col.max(b.col)),
    }))
}

fn part(word: &str) -> Option<Part> {
    let rest = word.strip_prefix('$').unwrap_or(word);
    let (letters, rest) = split_letters(rest);
    let (row_dollar, digits) = match rest.strip_prefix('$') {
        Some(digits) => (true, digits),
        None => (false, rest),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) || (row_dollar && letters.is_empty()) {
        return None;
    }
    match (letters.is_empty(), digits.is_empty()) {
        (false, false) => Some(Part::Cell(CellRef::new(
            row_index(digits)?,
            column_index(letters)?,
        ))),
        (false, true) if !row_dollar => column_index(letters).map(Part::Column),
        (true, false) => row_index(digits).map(Part::Row),
        _ => None,
    }
}

/// Sheet names compare without regard to case, as in Excel.
pub(super) fn same_sheet(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// The index of the named sheet, preferring an exact match.
pub(super) fn sheet_index(workbook: &Workbook, name: &str) -> Option<usize> {
    let sheets = &workbook.sheets;
    sheets
        .iter()
        .position(|sheet| sheet.name == name)
        .or_else(|| {
            sheets
                .iter()
                .position(|sheet| same_sheet(&sheet.name, name))
        })
}

/// The cells of a range that the sheet stores, in row-major order; cells
/// it does not store are blank, and whole columns stay cheap this way.
pub(super) fn stored_cells(sheet: &Sheet, range: CellRange) -> Vec<CellRef> {
    if range.first.row > range.last.row || range.first.col > range.last.col {
        return Vec::new();
    }
    sheet
        .cells
        .range(CellRef::new(range.first.row, 0)..=CellRef::new(range.last.row, u32::MAX))
        .map(|(at, _)| *at)
        .filter(|at| (range.first.col..=range.last.col).contains(&at.col))
        .collect()
}

/// A range cut down to the rows and columns the sheet uses where it runs
/// to the sheet's edge (whole columns and rows); other ranges stay as
/// written, blank cells included.
pub(super) fn clip_to_used(sheet: &Sheet, range: CellRange) -> CellRange {
    let mut clipped = range;
    if range.last.row == LAST_ROW {
        clipped.last.row = sheet.last_row();
    }
    if range.last.col == LAST_COL {
        clipped.last.col = sheet.cells.keys().map(|at| at.col).max().unwrap_or(0);
    }
    clipped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(a1: &str) -> CellRef {
        CellRef::parse_a1(a1).unwrap()
    }

    fn range(a: &str, b: &str) -> Target {
        Target::Range(CellRange {
            first: cell(a),
            last: cell(b),
        })
    }

    fn on(sheet: &str, target: Target) -> Reference {
        Reference {
            sheet: sheet.to_string(),
            target,
        }
    }

    #[test]
    fn sum_of_a_range() {
        assert_eq!(
            references("SUM(H4:H16)", "表1"),
            vec![on("表1", range("H4", "H16"))]
        );
    }

    #[test]
    fn added_cells_in_order() {
        assert_eq!(
            references("=H4+H5+H6", "S"),
            vec![
                on("S", Target::Cell(cell("H4"))),
                on("S", Target::Cell(cell("H5"))),
                on("S", Target::Cell(cell("H6"))),
            ]
        );
    }

    #[test]
    fn nested_functions_and_numbers() {
        assert_eq!(
            references("ROUND(SUM(G4:G15)*0.8,2)", "S"),
            vec![on("S", range("G4", "G15"))]
        );
    }

    #[test]
    fn quoted_sheet_names() {
        assert_eq!(
            references("'My sheet'!A1", "S"),
            vec![on("My sheet", Target::Cell(cell("A1")))]
        );
        assert_eq!(
            references("SUM('My sheet'!$A$1:$B$3)", "S"),
            vec![on("My sheet", range("A1", "B3"))]
        );
        assert_eq!(
            references("'It''s'!B2", "S"),
            vec![on("It's", Target::Cell(cell("B2")))]
        );
    }

    #[test]
    fn cjk_and_spaced_sheet_names() {
        assert_eq!(
            references("汇总!B2+'绩效 考核'!C3+Sheet2!D4", "S"),
            vec![
                on("汇总", Target::Cell(cell("B2"))),
                on("绩效 考核", Target::Cell(cell("C3"))),
                on("Sheet2", Target::Cell(cell("D4"))),
            ]
        );
    }

    #[test]
    fn text_inside_strings_is_not_a_reference() {
        assert_eq!(
            references("IF(A1=\"B2\",1,0)", "S"),
            vec![on("S", Target::Cell(cell("A1")))]
        );
        assert_eq!(references("IF(A1=\"say \"\"B2\"\"\",1,0)", "S").len(), 1);
    }

    #[test]
    fn absolute_and_mixed_references() {
        assert_eq!(
            references("$A$1+A$2+$A3", "S"),
            vec![
                on("S", Target::Cell(cell("A1"))),
                on("S", Target::Cell(cell("A2"))),
                on("S", Target::Cell(cell("A3"))),
            ]
        );
    }

    #[test]
    fn whole_columns_and_rows() {
        let found = references("SUM(A:B)+SUM($3:$4)", "S");
        assert_eq!(
            found[0].target,
            Target::Range(CellRange {
                first: CellRef::new(0, 0),
                last: CellRef::new(LAST_ROW, 1),
            })
        );
        assert_eq!(
            found[1].target,
            Target::Range(CellRange {
                first: CellRef::new(2, 0),
                last: CellRef::new(3, LAST_COL),
            })
        );
        assert_eq!(found[0].to_string(), "S!A:B");
        assert_eq!(found[1].to_string(), "S!3:4");
    }

    #[test]
    fn reversed_ranges_are_normalised() {
        assert_eq!(
            references("SUM(B3:A1)", "S"),
            vec![on("S", range("A1", "B3"))]
        );
    }

    #[test]
    fn function_names_and_names_are_not_cells() {
        let scanned = scan("LOG10(A1)+TAX2019+税率*_xlfn.IFS(TRUE,1)", "S");
        // TAX2019 is a cell in Excel (column TAX exists), so it is one here.
        assert_eq!(
            scanned.references,
            vec![
                on("S", Target::Cell(cell("A1"))),
                on("S", Target::Cell(cell("TAX2019"))),
            ]
        );
        assert_eq!(scanned.unresolved, vec!["税率".to_string()]);
    }

    #[test]
    fn external_and_3d_references_are_unresolved() {
        let scanned = scan("[1]Sheet1!A1+'[Book.xlsx]S'!B2+Jan:Dec!C3+Table1[Col]", "S");
        assert!(scanned.references.is_empty());
        assert_eq!(scanned.unresolved.len(), 4);
    }

    #[test]
    fn repeats_are_listed_once() {
        assert_eq!(references("A1+A1*2", "S").len(), 1);
    }

    #[test]
    fn display_quotes_when_needed() {
        let reference = on("My sheet", range("A1", "B3"));
        assert_eq!(reference.to_string(), "'My sheet'!A1:B3");
        assert_eq!(on("汇总", Target::Cell(cell("C2"))).to_string(), "汇总!C2");
    }

    #[test]
    fn out_of_grid_addresses_are_not_cells() {
        assert!(area("XFE1", None).is_none());
        assert!(area("A1048577", None).is_none());
        assert!(area("A0", None).is_none());
        assert!(area("A", None).is_none());
        assert!(area("$A$", None).is_none());
        assert!(area("A1", Some("B")).is_none());
    }
}
