//! Which cells a total formula adds up, so the audit can compare them with
//! the indicator rows (Excel's "formula omits adjacent cells").

use crate::model::{CellRange, CellRef, Workbook};

use super::parser::{BinOp, Expr, UnaryOp, parse};
use super::reference::{Reference, Target, clip_to_used, same_sheet, sheet_index};

/// More cells than this in one total is not a form's total; refused
/// rather than listed.
const MAX_CELLS: u64 = 100_000;

/// The cells a total formula on `sheet` adds, in the order written,
/// repeats kept (a cell added twice is listed twice): for a formula made
/// only of SUM over ranges or cells and `+` between cells or SUMs, all on
/// the same sheet. `None` for anything else (ROUND, `-`, constants, other
/// sheets), as its cells are not simply added. Whole columns and rows are
/// clipped to the cells the sheet uses; written ranges keep their blanks.
pub fn summed_cells(workbook: &Workbook, sheet: &str, formula: &str) -> Option<Vec<CellRef>> {
    let expr = parse(formula, sheet)?;
    let mut cells = Vec::new();
    let walker = Walker { workbook, sheet };
    walker.sum(&expr, false, &mut cells)?;
    Some(cells)
}

struct Walker<'a> {
    workbook: &'a Workbook,
    sheet: &'a str,
}

impl Walker<'_> {
    /// Adds the cells `expr` sums; `in_sum` allows ranges (inside SUM).
    fn sum(&self, expr: &Expr, in_sum: bool, cells: &mut Vec<CellRef>) -> Option<()> {
        match expr {
            Expr::Ref(reference) => self.reference(reference, in_sum, cells),
            Expr::Unary(UnaryOp::Plus, inner) => self.sum(inner, in_sum, cells),
            Expr::Chain(first, rest) => {
                if rest.iter().any(|(op, _)| *op != BinOp::Add) {
                    return None;
                }
                self.sum(first, false, cells)?;
                rest.iter()
                    .try_for_each(|(_, operand)| self.sum(operand, false, cells))
            }
            Expr::Call(name, args) if name == "SUM" && !args.is_empty() => {
                args.iter().try_for_each(|arg| self.sum(arg, true, cells))
            }
            _ => None,
        }
    }

    fn reference(
        &self,
        reference: &Reference,
        in_sum: bool,
        cells: &mut Vec<CellRef>,
    ) -> Option<()> {
        if !same_sheet(&reference.sheet, self.sheet) {
            return None;
        }
        match reference.target {
            Target::Cell(cell) => cells.push(cell),
            Target::Range(range) if in_sum => cells.extend(self.range_cells(range)?),
            Target::Range(_) => return None,
        }
        Some(())
    }

    fn range_cells(&self, range: CellRange) -> Option<Vec<CellRef>> {
        let range = match sheet_index(self.workbook, self.sheet) {
            Some(index) => clip_to_used(self.workbook.sheets.get(index)?, range),
            None => range,
        };
        if range.first.row > range.last.row || range.first.col > range.last.col {
            return Some(Vec::new());
        }
        let rows = u64::from(range.last.row - range.first.row) + 1;
        let cols = u64::from(range.last.col - range.first.col) + 1;
        if rows * cols > MAX_CELLS {
            return None;
        }
        Some(
            (range.first.row..=range.last.row)
                .flat_map(|row| {
                    (range.first.col..=range.last.col).map(move |col| CellRef::new(row, col))
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{book, n, sheet};
    use super::*;

    fn cells(list: &[&str]) -> Vec<CellRef> {
        list.iter()
            .map(|a1| CellRef::parse_a1(a1).unwrap())
            .collect()
    }

    fn column_h() -> Workbook {
        book(vec![sheet(
            "表1",
            (4..=16).map(|row| (format!("H{row}"), n(5.0))).collect(),
        )])
    }

    #[test]
    fn sum_of_a_range_lists_every_cell() {
        let found = summed_cells(&column_h(), "表1", "SUM(H4:H16)").unwrap();
        assert_eq!(found.len(), 13);
        assert_eq!(found.first(), Some(&CellRef::new(3, 7)));
        assert_eq!(found.last(), Some(&CellRef::new(15, 7)));
    }

    #[test]
    fn added_cells() {
        assert_eq!(
            summed_cells(&column_h(), "表1", "H4+H5+H7"),
            Some(cells(&["H4", "H5", "H7"]))
        );
    }

    #[test]
    fn sum_plus_cell() {
        assert_eq!(
            summed_cells(&column_h(), "表1", "=SUM(H4:H8)+H10"),
            Some(cells(&["H4", "H5", "H6", "H7", "H8", "H10"]))
        );
        assert_eq!(
            summed_cells(&column_h(), "表1", "SUM(H4:H5,H7)+SUM(H9)"),
            Some(cells(&["H4", "H5", "H7", "H9"]))
        );
    }

    #[test]
    fn anything_but_plain_adding_is_none() {
        for formula in [
            "ROUND(SUM(H4:H16),2)",
            "SUM(H4:H8)-H10",
            "H4+1",
            "H4:H8",
            "SUM(H4:H8)*0.8",
            "Sheet2!H4+H5",
            "SUM(Sheet2!H4:H8)",
            "AVERAGE(H4:H8)",
            "SUM()",
            "SUM(H4,)",
            "SUM(",
        ] {
            assert_eq!(summed_cells(&column_h(), "表1", formula), None, "{formula}");
        }
    }

    #[test]
    fn qualified_with_its_own_sheet_counts() {
        assert_eq!(
            summed_cells(&column_h(), "表1", "表1!H4+'表1'!H5"),
            Some(cells(&["H4", "H5"]))
        );
    }

    #[test]
    fn whole_columns_are_clipped_to_used_rows() {
        let found = summed_cells(&column_h(), "表1", "SUM(H:H)").unwrap();
        assert_eq!(found.len(), 16);
        assert_eq!(found.last(), Some(&CellRef::new(15, 7)));
    }

    #[test]
    fn repeats_are_kept() {
        assert_eq!(
            summed_cells(&column_h(), "表1", "H4+H4"),
            Some(cells(&["H4", "H4"]))
        );
    }
}
