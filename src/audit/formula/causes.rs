//! Why a formula cell shows an error: the cells whose contents produce it,
//! found by following the formula's references (through other formula
//! cells) the way Excel's functions and operators use them.
//!
//! The trace reads the workbook as saved (cached values), since that is
//! what the reviewer sees. It names a cell only where Excel certainly
//! turns what it holds into the error shown, so SUM's range holding text
//! is no cause (SUM skips text), and a cause whose error differs from the
//! one shown is dropped.

use std::collections::{HashMap, HashSet};

use crate::model::number::decimal_from_f64;
use crate::model::{CellRef, CellValue, Workbook};

use super::eval::{DIV0, Evaluator, Inputs, VALUE, to_logical};
use super::parser::{BinOp, Expr, UnaryOp, parse};
use super::reference::{Reference, Target, clip_to_used, sheet_index, stored_cells};
use super::text::{Coerced, Truth, coerce_text, truth_of_text};

/// Formula cells followed at most this deep.
const MAX_CELL_DEPTH: usize = 32;
/// Nested walks (within and across formulas) at most this deep.
const MAX_FRAMES: usize = 400;

/// A cell that makes a formula show an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    /// The sheet's name as the workbook spells it.
    pub sheet: String,
    pub cell: CellRef,
    /// What the cell holds, as displayed (empty for a blank cell; for
    /// [`CauseKind::BrokenReference`], the formula with its `=`).
    pub holds: String,
    pub kind: CauseKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CauseKind {
    /// Text where a number (or TRUE/FALSE) is needed: `#VALUE!`.
    TextInArithmetic,
    /// The cell holds an error value itself, typed or from a formula this
    /// trace could not explain further.
    ErrorValue(String),
    /// A divisor that is blank or zero: `#DIV/0!`.
    DivisionByZero,
    /// The cell's own formula refers to deleted cells (`#REF!` in it).
    BrokenReference,
}

impl CauseKind {
    /// The error value this cause produces.
    pub fn error_code(&self) -> &str {
        match self {
            CauseKind::TextInArithmetic => VALUE,
            CauseKind::ErrorValue(code) => code,
            CauseKind::DivisionByZero => DIV0,
            CauseKind::BrokenReference => "#REF!",
        }
    }
}

/// The cells that make the formula cell at `cell` show the error it holds,
/// in the order its formula meets them, each once. Empty when the cell
/// holds no error, has no formula, or no cause is certain.
pub fn error_causes(workbook: &Workbook, sheet: &str, cell: CellRef) -> Vec<Cause> {
    let Some(index) = sheet_index(workbook, sheet) else {
        return Vec::new();
    };
    let mut tracer = Tracer {
        workbook,
        evaluator: Evaluator::new(workbook, Inputs::Cached),
        traced: HashMap::new(),
        in_progress: HashSet::new(),
        frames: 0,
    };
    tracer.formula_causes(index, cell).unwrap_or_default()
}

/// How a formula uses a value, which decides what in a cell is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Passed on as is (comparison, `&`): only errors matter.
    Any,
    /// An operand of `+ - * / ^` or a number argument: text fails.
    Arithmetic,
    /// The right side of `/`: text fails, blank and zero divide by zero.
    Divisor,
    /// A condition: text other than TRUE/FALSE fails.
    Logical,
    /// A reference SUM-like functions read: text is skipped, errors pass.
    Aggregate,
}

/// The formula cell whose formula is being walked.
#[derive(Clone, Copy)]
struct Host<'f> {
    sheet: usize,
    cell: CellRef,
    formula: &'f str,
}

struct Tracer<'a> {
    workbook: &'a Workbook,
    /// Evaluates IF conditions on saved values to know the branch taken.
    evaluator: Evaluator<'a>,
    traced: HashMap<(usize, CellRef), Vec<Cause>>,
    in_progress: HashSet<(usize, CellRef)>,
    frames: usize,
}

impl Tracer<'_> {
    /// The causes of a formula cell's error; `None` when it is not an error
    /// formula cell or cannot be traced (unparsable, circular, too deep).
    fn formula_causes(&mut self, index: usize, at: CellRef) -> Option<Vec<Cause>> {
        if let Some(causes) = self.traced.get(&(index, at)) {
            return Some(causes.clone());
        }
        let workbook = self.workbook;
        let sheet = workbook.sheets.get(index)?;
        let cell = sheet.cell(at)?;
        let formula = cell.formula.as_deref()?;
        let CellValue::Error(code) = &cell.value else {
            return None;
        };
        let expr = parse(formula, &sheet.name)?;
        if self.in_progress.len() >= MAX_CELL_DEPTH || !self.in_progress.insert((index, at)) {
            return None;
        }
        let host = Host {
            sheet: index,
            cell: at,
            formula,
        };
        let mut causes = Vec::new();
        self.walk(&expr, Use::Any, host, &mut causes);
        self.in_progress.remove(&(index, at));
        causes.retain(|cause| cause.kind.error_code().eq_ignore_ascii_case(code));
        let mut unique = Vec::with_capacity(causes.len());
        for cause in causes {
            if !unique.contains(&cause) {
                unique.push(cause);
            }
        }
        self.traced.insert((index, at), unique.clone());
        Some(unique)
    }

    fn walk(&mut self, expr: &Expr, use_: Use, host: Host, out: &mut Vec<Cause>) {
        if self.frames >= MAX_FRAMES {
            return;
        }
        self.frames += 1;
        self.walk_inner(expr, use_, host, out);
        self.frames -= 1;
    }

    fn walk_inner(&mut self, expr: &Expr, use_: Use, host: Host, out: &mut Vec<Cause>) {
        match expr {
            Expr::Ref(reference) => self.reference(reference, use_, out),
            Expr::Error(code) if code == "#REF!" => out.push(self.broken(host)),
            Expr::Unary(UnaryOp::Plus, operand) => self.walk(operand, use_, host, out),
            Expr::Unary(_, operand) => self.walk(operand, Use::Arithmetic, host, out),
            Expr::Chain(first, rest) => self.chain(first, rest, host, out),
            Expr::Call(name, args) => self.call(name, args, use_, host, out),
            // Unsupported syntax and unknown names: nothing is certain.
            _ => {}
        }
    }

    fn broken(&self, host: Host) -> Cause {
        Cause {
            sheet: self.sheet_name(host.sheet),
            cell: host.cell,
            holds: format!("={}", host.formula),
            kind: CauseKind::BrokenReference,
        }
    }

    fn sheet_name(&self, index: usize) -> String {
        self.workbook
            .sheets
            .get(index)
            .map(|sheet| sheet.name.clone())
            .unwrap_or_default()
    }

    fn chain(&mut self, first: &Expr, rest: &[(BinOp, Expr)], host: Host, out: &mut Vec<Cause>) {
        let operand_use = |op: BinOp| match op {
            BinOp::Div => Use::Divisor,
            op if op.is_arithmetic() => Use::Arithmetic,
            _ => Use::Any,
        };
        // All operators of a chain share a level: the first operand is used
        // like the others, except that it is never a divisor.
        let first_use = match rest.first() {
            Some((op, _)) if op.is_arithmetic() => Use::Arithmetic,
            _ => Use::Any,
        };
        self.walk(first, first_use, host, out);
        for (op, operand) in rest {
            self.walk(operand, operand_use(*op), host, out);
        }
    }

    fn call(&mut self, name: &str, args: &[Expr], use_: Use, host: Host, out: &mut Vec<Cause>) {
        match name {
            "SUM" | "AVERAGE" | "MIN" | "MAX" => {
                for arg in args {
                    let arg_use = match arg {
                        Expr::Ref(_) => Use::Aggregate,
                        arg if arg.may_pass_reference() => Use::Aggregate,
                        _ => Use::Arithmetic,
                    };
                    self.walk(arg, arg_use, host, out);
                }
            }
            "SUMPRODUCT" => {
                for arg in args.iter().filter(|arg| matches!(arg, Expr::Ref(_))) {
                    self.walk(arg, Use::Aggregate, host, out);
                }
            }
            "ROUND" | "ROUNDUP" | "ROUNDDOWN" | "INT" | "ABS" => {
                for arg in args {
                    self.walk(arg, Use::Arithmetic, host, out);
                }
            }
            "AND" | "OR" => {
                for arg in args {
                    let arg_use = match arg {
                        Expr::Ref(_) => Use::Aggregate,
                        arg if arg.may_pass_reference() => Use::Aggregate,
                        _ => Use::Logical,
                    };
                    self.walk(arg, arg_use, host, out);
                }
            }
            "IF" => self.if_(args, use_, host, out),
            // IFERROR shows its fallback's error, never its value's.
            "IFERROR" => {
                if let [_, fallback] = args {
                    self.walk(fallback, use_, host, out);
                }
            }
            // Other functions may skip or swallow errors (COUNT, ISERROR,
            // lookups): no cause is certain.
            _ => {}
        }
    }

    /// The condition, and the branch taken when the saved values decide
    /// it; with an undecided condition neither branch is blamed.
    fn if_(&mut self, args: &[Expr], use_: Use, host: Host, out: &mut Vec<Cause>) {
        let Some(condition) = args.first() else {
            return;
        };
        self.walk(condition, Use::Logical, host, out);
        let value = self.evaluator.eval(condition);
        let taken = match to_logical(&value) {
            Ok(true) => args.get(1),
            Ok(false) => args.get(2),
            Err(_) => None,
        };
        if let Some(branch) = taken {
            self.walk(branch, use_, host, out);
        }
    }

    fn reference(&mut self, reference: &Reference, use_: Use, out: &mut Vec<Cause>) {
        let Some(index) = sheet_index(self.workbook, &reference.sheet) else {
            return;
        };
        let cell = match reference.target {
            Target::Cell(cell) => cell,
            Target::Range(range) if range.first == range.last => range.first,
            Target::Range(range) if use_ == Use::Aggregate => {
                let Some(sheet) = self.workbook.sheets.get(index) else {
                    return;
                };
                for cell in stored_cells(sheet, clip_to_used(sheet, range)) {
                    self.cell(index, cell, use_, out);
                }
                return;
            }
            // A range where one value is needed: which cell Excel takes
            // depends on where the formula stands; nothing is certain.
            Target::Range(_) => return,
        };
        self.cell(index, cell, use_, out);
    }

    fn cell(&mut self, index: usize, at: CellRef, use_: Use, out: &mut Vec<Cause>) {
        let workbook = self.workbook;
        let sheet = workbook.sheets.get(index);
        let value = sheet
            .map(|sheet| sheet.value(at))
            .unwrap_or(&CellValue::Empty);
        let cause = |kind| Cause {
            sheet: sheet.map(|s| s.name.clone()).unwrap_or_default(),
            cell: at,
            holds: value.display(),
            kind,
        };
        if let CellValue::Error(code) = value {
            // A formula reaching back into one being traced adds nothing:
            // the cell that closes the loop is the one to name.
            if self.in_progress.contains(&(index, at)) {
                return;
            }
            match self.formula_causes(index, at) {
                Some(causes) if !causes.is_empty() => out.extend(causes),
                _ => out.push(cause(CauseKind::ErrorValue(code.to_ascii_uppercase()))),
            }
            return;
        }
        if let Some(kind) = value_cause(value, use_) {
            out.push(cause(kind));
        }
    }
}

/// What a (non-error) value causes where it is used as `use_`.
fn value_cause(value: &CellValue, use_: Use) -> Option<CauseKind> {
    let divisor = use_ == Use::Divisor;
    match value {
        CellValue::Text(text) if matches!(use_, Use::Arithmetic | Use::Divisor) => {
            match coerce_text(text) {
                Coerced::NotNumber => Some(CauseKind::TextInArithmetic),
                Coerced::Number(number) if divisor && number.is_zero() => {
                    Some(CauseKind::DivisionByZero)
                }
                _ => None,
            }
        }
        CellValue::Text(text) if use_ == Use::Logical => {
            (truth_of_text(text) == Truth::NotBool).then_some(CauseKind::TextInArithmetic)
        }
        CellValue::Empty | CellValue::Bool(false) if divisor => Some(CauseKind::DivisionByZero),
        CellValue::Number(n) | CellValue::DateTime(n)
            if divisor && decimal_from_f64(*n).is_some_and(|d| d.is_zero()) =>
        {
            Some(CauseKind::DivisionByZero)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{at, book, err, f, n, sample_scores, sheet, t};
    use super::*;

    fn value_error() -> CellValue {
        CellValue::Error(VALUE.into())
    }

    fn cause(sheet: &str, a1: &str, holds: &str, kind: CauseKind) -> Cause {
        Cause {
            sheet: sheet.into(),
            cell: at(a1),
            holds: holds.into(),
            kind,
        }
    }

    #[test]
    fn text_added_cell_by_cell() {
        let workbook = sample_scores();
        assert_eq!(
            error_causes(&workbook, "考核表", at("H17")),
            vec![cause("考核表", "H11", "4.5分", CauseKind::TextInArithmetic)]
        );
    }

    #[test]
    fn every_text_cell_is_named_once() {
        let mut workbook = sample_scores();
        let sheet = &mut workbook.sheets[0];
        sheet.cells.insert(at("H5"), t("优秀"));
        sheet
            .cells
            .insert(at("H18"), f("H5*2+H11+H5", value_error()));
        assert_eq!(
            error_causes(&workbook, "考核表", at("H18")),
            vec![
                cause("考核表", "H5", "优秀", CauseKind::TextInArithmetic),
                cause("考核表", "H11", "4.5分", CauseKind::TextInArithmetic),
            ]
        );
    }

    #[test]
    fn sum_skips_text_so_text_is_no_cause() {
        let mut workbook = sample_scores();
        let sheet = &mut workbook.sheets[0];
        // A number: nothing to explain.
        sheet
            .cells
            .insert(at("H18"), f("SUM(H4:H16)", CellValue::Number(100.0)));
        // An error, from H12: H11's text is not part of it.
        sheet.cells.insert(at("H12"), err("#DIV/0!"));
        sheet
            .cells
            .insert(at("H19"), f("SUM(H4:H16)", CellValue::Error(DIV0.into())));
        assert_eq!(error_causes(&workbook, "考核表", at("H18")), vec![]);
        assert_eq!(
            error_causes(&workbook, "考核表", at("H19")),
            vec![cause(
                "考核表",
                "H12",
                "#DIV/0!",
                CauseKind::ErrorValue(DIV0.into())
            )]
        );
    }

    #[test]
    fn chain_through_formula_cells() {
        let mut workbook = sample_scores();
        let sheet = &mut workbook.sheets[0];
        sheet.cells.insert(at("H17"), f("H18*2", value_error()));
        sheet.cells.insert(at("H18"), f("H4+H11", value_error()));
        assert_eq!(
            error_causes(&workbook, "考核表", at("H17")),
            vec![cause("考核表", "H11", "4.5分", CauseKind::TextInArithmetic)]
        );
    }

    #[test]
    fn an_unexplained_error_cell_is_the_cause() {
        let workbook = book(vec![sheet(
            "S",
            vec![
                (
                    "A1",
                    f("VLOOKUP(9,B1:C2,2,FALSE)", CellValue::Error("#N/A".into())),
                ),
                ("A2", f("A1+1", CellValue::Error("#N/A".into()))),
                ("A3", err("#REF!")),
                ("A4", f("SUM(A3,1)", CellValue::Error("#REF!".into()))),
            ],
        )]);
        assert_eq!(
            error_causes(&workbook, "S", at("A2")),
            vec![cause(
                "S",
                "A1",
                "#N/A",
                CauseKind::ErrorValue("#N/A".into())
            )]
        );
        assert_eq!(
            error_causes(&workbook, "S", at("A4")),
            vec![cause(
                "S",
                "A3",
                "#REF!",
                CauseKind::ErrorValue("#REF!".into())
            )]
        );
        // VLOOKUP's own error: no cell is certainly to blame.
        assert_eq!(error_causes(&workbook, "S", at("A1")), vec![]);
    }

    #[test]
    fn division_by_blank_or_zero() {
        let workbook = book(vec![sheet(
            "S",
            vec![
                ("A1", n(10.0)),
                ("B1", n(0.0)),
                ("C1", f("A1/B1", CellValue::Error(DIV0.into()))),
                ("C2", f("A1/B2", CellValue::Error(DIV0.into()))),
                ("C3", f("A1/(B1+B2)", CellValue::Error(DIV0.into()))),
            ],
        )]);
        assert_eq!(
            error_causes(&workbook, "S", at("C1")),
            vec![cause("S", "B1", "0", CauseKind::DivisionByZero)]
        );
        assert_eq!(
            error_causes(&workbook, "S", at("C2")),
            vec![cause("S", "B2", "", CauseKind::DivisionByZero)]
        );
        // A computed divisor is zero, but no single cell is.
        assert_eq!(error_causes(&workbook, "S", at("C3")), vec![]);
    }

    #[test]
    fn causes_of_another_error_are_dropped() {
        let workbook = book(vec![sheet(
            "S",
            vec![("A1", t("abc")), ("C1", f("A1/B1", value_error()))],
        )]);
        // B1 is blank, but the cell shows #VALUE!, which A1 causes.
        assert_eq!(
            error_causes(&workbook, "S", at("C1")),
            vec![cause("S", "A1", "abc", CauseKind::TextInArithmetic)]
        );
    }

    #[test]
    fn other_sheets_are_followed() {
        let workbook = book(vec![
            sheet("汇总", vec![("B2", f("'明细 表'!C3+1", value_error()))]),
            sheet("明细 表", vec![("C3", t("4分"))]),
        ]);
        assert_eq!(
            error_causes(&workbook, "汇总", at("B2")),
            vec![cause("明细 表", "C3", "4分", CauseKind::TextInArithmetic)]
        );
    }

    #[test]
    fn deleted_references() {
        let workbook = book(vec![sheet(
            "S",
            vec![
                ("A1", f("SUM(#REF!)", CellValue::Error("#REF!".into()))),
                ("A2", f("A1*2", CellValue::Error("#REF!".into()))),
            ],
        )]);
        let broken = cause("S", "A1", "=SUM(#REF!)", CauseKind::BrokenReference);
        assert_eq!(error_causes(&workbook, "S", at("A1")), vec![broken.clone()]);
        assert_eq!(error_causes(&workbook, "S", at("A2")), vec![broken]);
    }

    #[test]
    fn if_blames_only_the_branch_taken() {
        let workbook = book(vec![sheet(
            "S",
            vec![
                ("A1", n(1.0)),
                ("B1", t("x")),
                ("B2", t("y")),
                ("C1", f("IF(A1>0,B1*2,B2*2)", value_error())),
                ("C2", f("IF(B1,1,2)", value_error())),
                ("C3", f("IFERROR(B2*1,B1+1)", value_error())),
            ],
        )]);
        assert_eq!(
            error_causes(&workbook, "S", at("C1")),
            vec![cause("S", "B1", "x", CauseKind::TextInArithmetic)]
        );
        assert_eq!(
            error_causes(&workbook, "S", at("C2")),
            vec![cause("S", "B1", "x", CauseKind::TextInArithmetic)]
        );
        assert_eq!(
            error_causes(&workbook, "S", at("C3")),
            vec![cause("S", "B1", "x", CauseKind::TextInArithmetic)]
        );
    }

    #[test]
    fn references_passed_through_if_to_sum_are_skipped() {
        let workbook = book(vec![sheet(
            "S",
            vec![
                ("A1", t("4分")),
                ("B1", err("#N/A")),
                (
                    "C1",
                    f("SUM(IF(TRUE,A1),B1)", CellValue::Error("#N/A".into())),
                ),
                (
                    "C2",
                    f("SUM(IF(TRUE,A1),1/0)", CellValue::Error(DIV0.into())),
                ),
            ],
        )]);
        assert_eq!(
            error_causes(&workbook, "S", at("C1")),
            vec![cause(
                "S",
                "B1",
                "#N/A",
                CauseKind::ErrorValue("#N/A".into())
            )]
        );
        assert_eq!(error_causes(&workbook, "S", at("C2")), vec![]);
    }

    #[test]
    fn deep_formulas_in_deep_chains_end() {
        let wrap = |inner: String| format!("{}{inner}{}", "ABS(".repeat(60), ")".repeat(60));
        let mut cells: Vec<(String, crate::model::Cell)> = (1..100)
            .map(|row| {
                (
                    format!("A{row}"),
                    f(&wrap(format!("A{}", row + 1)), value_error()),
                )
            })
            .collect();
        cells.push(("A100".into(), t("x")));
        let workbook = book(vec![sheet("S", cells)]);
        // Too deep to reach A100: the deepest error cell reached is named.
        let causes = error_causes(&workbook, "S", at("A1"));
        assert_eq!(causes.len(), 1);
        assert!(matches!(causes[0].kind, CauseKind::ErrorValue(_)));
        assert_eq!(
            error_causes(&workbook, "S", at("A98")),
            vec![cause("S", "A100", "x", CauseKind::TextInArithmetic)]
        );
    }

    #[test]
    fn numbers_as_text_and_dates_are_no_cause() {
        let workbook = book(vec![sheet(
            "S",
            vec![
                ("A1", t("4")),
                ("A2", t("2024/1/1")),
                ("C1", f("A1+A2", value_error())),
            ],
        )]);
        assert_eq!(error_causes(&workbook, "S", at("C1")), vec![]);
    }

    #[test]
    fn cycles_end() {
        let workbook = book(vec![sheet(
            "S",
            vec![
                ("A1", f("B1+1", value_error())),
                ("B1", f("A1+1", value_error())),
            ],
        )]);
        // B1 cannot be explained further than being an error itself.
        assert_eq!(
            error_causes(&workbook, "S", at("A1")),
            vec![cause(
                "S",
                "B1",
                "#VALUE!",
                CauseKind::ErrorValue(VALUE.into())
            )]
        );
    }

    #[test]
    fn not_an_error_formula_cell() {
        let workbook = sample_scores();
        assert_eq!(error_causes(&workbook, "考核表", at("H11")), vec![]);
        assert_eq!(error_causes(&workbook, "考核表", at("Z1")), vec![]);
        assert_eq!(error_causes(&workbook, "无此表", at("H17")), vec![]);
    }
}
