//! Evaluating formulas as Excel would, in decimal: what a formula will show
//! once recalculated, and what it computes from the values its inputs hold.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use crate::model::number::decimal_from_f64;
use crate::model::{CellRef, CellValue, Workbook};

use super::parser::{BinOp, Expr, UnaryOp, parse};
use super::reference::{Reference, Target, sheet_index, stored_cells};
use super::text::{Coerced, Truth, coerce_text, number_text, text_order, truth_of_text};

pub(super) const DIV0: &str = "#DIV/0!";
pub(super) const VALUE: &str = "#VALUE!";
pub(super) const NUM: &str = "#NUM!";

/// Formula cells followed into other formula cells at most this deep.
const MAX_CELL_DEPTH: usize = 64;
/// Nested evaluations (within and across cells) at most this deep, which
/// keeps recursion far from the end of the stack.
const MAX_FRAMES: usize = 400;
/// Expressions and cells visited per evaluation at most, so a workbook of
/// huge interlinked ranges cannot stall the audit.
const MAX_STEPS: usize = 2_000_000;

/// The result of evaluating a formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Evaluated {
    Number(Decimal),
    Text(String),
    Bool(bool),
    /// An Excel error value such as `#VALUE!`.
    Error(String),
    /// Beyond what is evaluated here (unknown function, defined name,
    /// external or circular reference, text that might be a date): Excel's
    /// result is not known, and is not guessed.
    Unsupported,
}

/// A value during evaluation; unlike [`Evaluated`] it keeps blank apart
/// from zero, as functions and comparisons treat them differently.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Number(Decimal),
    Text(String),
    Bool(bool),
    Blank,
    Error(String),
    Unsupported,
}

impl Value {
    pub(super) fn error(code: &str) -> Self {
        Value::Error(code.to_string())
    }

    fn into_evaluated(self) -> Evaluated {
        match self {
            Value::Number(value) => Evaluated::Number(value.normalize()),
            // A formula pointing at a blank cell shows 0.
            Value::Blank => Evaluated::Number(Decimal::ZERO),
            Value::Text(text) => Evaluated::Text(text),
            Value::Bool(value) => Evaluated::Bool(value),
            Value::Error(code) => Evaluated::Error(code),
            Value::Unsupported => Evaluated::Unsupported,
        }
    }
}

/// A cell's stored value as an evaluation value.
pub(super) fn from_cell_value(value: &CellValue) -> Value {
    match value {
        CellValue::Empty => Value::Blank,
        CellValue::Number(n) | CellValue::DateTime(n) => {
            decimal_from_f64(*n).map_or(Value::Unsupported, Value::Number)
        }
        CellValue::Text(text) => Value::Text(text.clone()),
        CellValue::Bool(value) => Value::Bool(*value),
        CellValue::Error(code) => Value::Error(code.to_ascii_uppercase()),
    }
}

/// What referenced formula cells contribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Inputs {
    /// Their formulas, evaluated in turn: the workbook fully recalculated.
    Recalculate,
    /// The values they hold, as saved.
    Cached,
}

/// What `formula`, written on `sheet`, shows once the workbook is
/// recalculated: referenced formula cells are evaluated in turn.
pub fn evaluate(workbook: &Workbook, sheet: &str, formula: &str) -> Evaluated {
    run(workbook, sheet, formula, Inputs::Recalculate)
}

/// What `formula` computes from the values its inputs hold as saved. A
/// formula cell whose cached value differs from this was saved without
/// recalculation (its inputs changed after it was last computed).
pub fn evaluate_with_cached_inputs(workbook: &Workbook, sheet: &str, formula: &str) -> Evaluated {
    run(workbook, sheet, formula, Inputs::Cached)
}

/// What a cell shows once the workbook is recalculated: its formula
/// evaluated (a formula reaching back to its own cell is circular and
/// unsupported), or the value it holds.
pub fn evaluate_cell(workbook: &Workbook, sheet: &str, cell: CellRef) -> Evaluated {
    let Some(index) = sheet_index(workbook, sheet) else {
        return Evaluated::Unsupported;
    };
    let mut evaluator = Evaluator::new(workbook, Inputs::Recalculate);
    evaluator.cell(index, cell).into_evaluated()
}

/// Formula cells saved without a result — written by a program that does
/// not calculate (openpyxl leaves none; rust_xlsxwriter and others leave 0
/// and ask for recalculation on load) — with the result Excel will show,
/// as (sheet index, cell, value). Formulas beyond the evaluator are left
/// out. One evaluation for the whole workbook, so shared inputs are
/// computed once and the work stays bounded.
pub fn uncalculated_results(workbook: &Workbook) -> Vec<(usize, CellRef, CellValue)> {
    let mut evaluator = Evaluator::new(workbook, Inputs::Recalculate);
    let mut results = Vec::new();
    for (index, sheet) in workbook.sheets.iter().enumerate() {
        for (at, cell) in &sheet.cells {
            let no_result = match cell.value {
                CellValue::Empty => true,
                CellValue::Number(cached) => workbook.recalculates_on_load && cached == 0.0,
                _ => false,
            };
            let has_formula = cell.formula.as_ref().is_some_and(|f| !f.trim().is_empty());
            if !no_result || !has_formula {
                continue;
            }
            let value = match evaluator.cell(index, *at).into_evaluated() {
                Evaluated::Number(number) => match number.to_string().parse::<f64>() {
                    Ok(number) => CellValue::Number(number),
                    Err(_) => continue,
                },
                Evaluated::Text(text) => CellValue::Text(text),
                Evaluated::Bool(value) => CellValue::Bool(value),
                Evaluated::Error(code) => CellValue::Error(code),
                Evaluated::Unsupported => continue,
            };
            results.push((index, *at, value));
        }
    }
    results
}

/// Gives every formula saved without a result the result Excel will show
/// (see [`uncalculated_results`]), so it is read and audited like any
/// other.
pub fn fill_uncalculated(workbook: &mut Workbook) {
    for (index, at, value) in uncalculated_results(workbook) {
        if let Some(cell) = workbook
            .sheets
            .get_mut(index)
            .and_then(|sheet| sheet.cells.get_mut(&at))
        {
            cell.value = value;
        }
    }
}

fn run(workbook: &Workbook, sheet: &str, formula: &str, inputs: Inputs) -> Evaluated {
    // The workbook's own spelling of the sheet, so that references the
    // formula leaves unqualified find it; an unknown sheet still evaluates
    // formulas that need no cell of it.
    let sheet = sheet_index(workbook, sheet)
        .and_then(|index| workbook.sheets.get(index))
        .map_or(sheet, |found| found.name.as_str());
    let Some(expr) = parse(formula, sheet) else {
        return Evaluated::Unsupported;
    };
    Evaluator::new(workbook, inputs)
        .eval(&expr)
        .into_evaluated()
}

pub(super) struct Evaluator<'a> {
    pub(super) workbook: &'a Workbook,
    inputs: Inputs,
    /// Formula cells being evaluated, to detect circular references.
    in_progress: HashSet<(usize, CellRef)>,
    /// Formula cells already evaluated, so shared inputs are computed once.
    memo: HashMap<(usize, CellRef), Value>,
    frames: usize,
    steps: usize,
}

impl<'a> Evaluator<'a> {
    pub(super) fn new(workbook: &'a Workbook, inputs: Inputs) -> Self {
        Self {
            workbook,
            inputs,
            in_progress: HashSet::new(),
            memo: HashMap::new(),
            frames: 0,
            steps: 0,
        }
    }

    /// Counts one unit of work; false once the budget is spent.
    pub(super) fn tick(&mut self) -> bool {
        self.steps += 1;
        self.steps <= MAX_STEPS
    }

    pub(super) fn eval(&mut self, expr: &Expr) -> Value {
        if self.frames >= MAX_FRAMES || !self.tick() {
            return Value::Unsupported;
        }
        self.frames += 1;
        let value = self.eval_inner(expr);
        self.frames -= 1;
        value
    }

    fn eval_inner(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::Number(value) => Value::Number(*value),
            Expr::Text(text) => Value::Text(text.clone()),
            Expr::Bool(value) => Value::Bool(*value),
            Expr::Error(code) => Value::Error(code.clone()),
            Expr::Missing => Value::Blank,
            Expr::Ref(reference) => self.scalar_reference(reference),
            Expr::Name(_) | Expr::External(_) | Expr::Unsupported(_) => Value::Unsupported,
            Expr::Unary(op, operand) => {
                let value = self.eval(operand);
                unary(*op, value)
            }
            Expr::Chain(first, rest) => self.chain(first, rest),
            Expr::Call(name, args) => self.call(name, args),
        }
    }

    fn chain(&mut self, first: &Expr, rest: &[(BinOp, Expr)]) -> Value {
        let mut acc = self.eval(first);
        for (op, operand) in rest {
            // An error on the left is the result whatever the right holds.
            if matches!(acc, Value::Error(_) | Value::Unsupported) {
                return acc;
            }
            let right = self.eval(operand);
            acc = binary(*op, acc, right);
        }
        acc
    }

    /// A reference where one value is needed. A multi-cell range there
    /// means implicit intersection or a spilled array: not evaluated.
    fn scalar_reference(&mut self, reference: &Reference) -> Value {
        let cell = match reference.target {
            Target::Cell(cell) => cell,
            Target::Range(range) if range.first == range.last => range.first,
            Target::Range(_) => return Value::Unsupported,
        };
        match sheet_index(self.workbook, &reference.sheet) {
            Some(index) => self.cell(index, cell),
            None => Value::Unsupported,
        }
    }

    /// The values of the cells a reference covers that the sheet stores,
    /// in row-major order (blank cells left out).
    pub(super) fn stored_values(&mut self, reference: &Reference) -> Result<Vec<Value>, Value> {
        let index = sheet_index(self.workbook, &reference.sheet).ok_or(Value::Unsupported)?;
        let sheet = self.workbook.sheets.get(index).ok_or(Value::Unsupported)?;
        let cells = stored_cells(sheet, reference.range());
        let mut values = Vec::with_capacity(cells.len());
        for cell in cells {
            if !self.tick() {
                return Err(Value::Unsupported);
            }
            values.push(self.cell(index, cell));
        }
        Ok(values)
    }

    /// A cell's value: its formula's result when recalculating, else the
    /// value it holds.
    pub(super) fn cell(&mut self, index: usize, at: CellRef) -> Value {
        let Some(cell) = self.workbook.sheets.get(index).and_then(|s| s.cell(at)) else {
            return Value::Blank;
        };
        match (&cell.formula, self.inputs) {
            (Some(formula), Inputs::Recalculate) if !formula.trim().is_empty() => {
                self.formula_cell(index, at, formula)
            }
            _ => from_cell_value(&cell.value),
        }
    }

    fn formula_cell(&mut self, index: usize, at: CellRef, formula: &str) -> Value {
        if let Some(value) = self.memo.get(&(index, at)) {
            return value.clone();
        }
        if self.in_progress.len() >= MAX_CELL_DEPTH || !self.in_progress.insert((index, at)) {
            return Value::Unsupported;
        }
        let sheet_name = self
            .workbook
            .sheets
            .get(index)
            .map_or("", |sheet| sheet.name.as_str());
        let value = match parse(formula, sheet_name) {
            // A formula showing a blank cell's value shows 0, and other
            // formulas then see a number.
            Some(expr) => match self.eval(&expr) {
                Value::Blank => Value::Number(Decimal::ZERO),
                value => value,
            },
            None => Value::Unsupported,
        };
        self.in_progress.remove(&(index, at));
        self.memo.insert((index, at), value.clone());
        value
    }
}

fn unary(op: UnaryOp, value: Value) -> Value {
    if op == UnaryOp::Plus {
        return value;
    }
    match to_number(&value) {
        Ok(number) if op == UnaryOp::Neg => Value::Number(-number),
        Ok(number) => Value::Number(number / Decimal::ONE_HUNDRED),
        Err(failure) => failure,
    }
}

/// A value as a number in arithmetic: blank is 0, TRUE is 1, text is
/// converted as Excel does; the error (or unsupported) otherwise.
pub(super) fn to_number(value: &Value) -> Result<Decimal, Value> {
    match value {
        Value::Number(number) => Ok(*number),
        Value::Blank => Ok(Decimal::ZERO),
        Value::Bool(value) => Ok(Decimal::from(u8::from(*value))),
        Value::Text(text) => match coerce_text(text) {
            Coerced::Number(number) => Ok(number),
            Coerced::NotNumber => Err(Value::error(VALUE)),
            Coerced::Unknown => Err(Value::Unsupported),
        },
        Value::Error(_) | Value::Unsupported => Err(value.clone()),
    }
}

/// A value as TRUE or FALSE: non-zero numbers are TRUE, blank is FALSE,
/// only the words TRUE and FALSE are read from text.
pub(super) fn to_logical(value: &Value) -> Result<bool, Value> {
    match value {
        Value::Number(number) => Ok(!number.is_zero()),
        Value::Bool(value) => Ok(*value),
        Value::Blank => Ok(false),
        Value::Text(text) => match truth_of_text(text) {
            Truth::Bool(value) => Ok(value),
            Truth::NotBool => Err(Value::error(VALUE)),
            Truth::Unknown => Err(Value::Unsupported),
        },
        Value::Error(_) | Value::Unsupported => Err(value.clone()),
    }
}

fn binary(op: BinOp, left: Value, right: Value) -> Value {
    match op {
        BinOp::Concat => concat(&left, &right),
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            compare(op, &left, &right)
        }
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow => {
            arithmetic(op, &left, &right)
        }
    }
}

fn arithmetic(op: BinOp, left: &Value, right: &Value) -> Value {
    match (to_number(left), to_number(right)) {
        (Ok(a), Ok(b)) => compute(op, a, b),
        (Err(failure), Ok(_)) | (Ok(_), Err(failure)) => failure,
        // Both fail: which error Excel shows is only certain when they agree.
        (Err(a), Err(b)) if a == b => a,
        (Err(_), Err(_)) => Value::Unsupported,
    }
}

fn compute(op: BinOp, a: Decimal, b: Decimal) -> Value {
    let result = match op {
        BinOp::Add => a.checked_add(b),
        BinOp::Sub => a.checked_sub(b),
        BinOp::Mul => a.checked_mul(b),
        BinOp::Div if b.is_zero() => return Value::error(DIV0),
        BinOp::Div => a.checked_div(b),
        BinOp::Pow => return power(a, b),
        _ => return Value::Unsupported,
    };
    result.map_or(Value::error(NUM), Value::Number)
}

/// `a^b` for whole exponents; others would need binary floating point.
fn power(base: Decimal, exponent: Decimal) -> Value {
    use rust_decimal::prelude::ToPrimitive;
    if !exponent.fract().is_zero() {
        return Value::Unsupported;
    }
    let Some(n) = exponent.to_i64().filter(|n| n.unsigned_abs() <= 1024) else {
        return Value::Unsupported;
    };
    if base.is_zero() {
        return match n.cmp(&0) {
            Ordering::Equal => Value::error(NUM),
            Ordering::Less => Value::error(DIV0),
            Ordering::Greater => Value::Number(Decimal::ZERO),
        };
    }
    let mut result = Decimal::ONE;
    let mut square = base;
    let mut remaining = n.unsigned_abs();
    while remaining > 0 {
        if remaining & 1 == 1 {
            let Some(product) = result.checked_mul(square) else {
                return Value::error(NUM);
            };
            result = product;
        }
        remaining >>= 1;
        if remaining > 0 {
            let Some(next) = square.checked_mul(square) else {
                return Value::error(NUM);
            };
            square = next;
        }
    }
    if n < 0 {
        return Decimal::ONE
            .checked_div(result)
            .map_or(Value::error(NUM), Value::Number);
    }
    Value::Number(result)
}

fn concat(left: &Value, right: &Value) -> Value {
    let text = |value: &Value| match value {
        Value::Number(number) => number_text(*number).ok_or(Value::Unsupported),
        Value::Text(text) => Ok(text.clone()),
        Value::Bool(true) => Ok("TRUE".to_string()),
        Value::Bool(false) => Ok("FALSE".to_string()),
        Value::Blank => Ok(String::new()),
        Value::Error(_) | Value::Unsupported => Err(value.clone()),
    };
    match (text(left), text(right)) {
        (Ok(a), Ok(b)) => Value::Text(a + &b),
        (Err(failure), _) | (_, Err(failure)) => failure,
    }
}

/// Excel's comparison: numbers sort before text before booleans, text
/// ignores case, and a blank is the empty value of the other side's type.
fn compare(op: BinOp, left: &Value, right: &Value) -> Value {
    for side in [left, right] {
        if matches!(side, Value::Error(_) | Value::Unsupported) {
            return side.clone();
        }
    }
    let left = blank_as(left, right);
    let right = blank_as(right, &left);
    let rank = |value: &Value| match value {
        Value::Number(_) | Value::Blank => 0,
        Value::Text(_) => 1,
        _ => 2,
    };
    let ordering = match (&left, &right) {
        (Value::Number(a), Value::Number(b)) => Some(a.cmp(b)),
        (Value::Blank, Value::Blank) => Some(Ordering::Equal),
        (Value::Text(a), Value::Text(b)) => text_order(a, b),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        _ => Some(rank(&left).cmp(&rank(&right))),
    };
    let Some(ordering) = ordering else {
        // Unequal texts Excel's collation orders; only (in)equality is known.
        return match op {
            BinOp::Eq => Value::Bool(false),
            BinOp::Ne => Value::Bool(true),
            _ => Value::Unsupported,
        };
    };
    Value::Bool(match op {
        BinOp::Eq => ordering == Ordering::Equal,
        BinOp::Ne => ordering != Ordering::Equal,
        BinOp::Lt => ordering == Ordering::Less,
        BinOp::Le => ordering != Ordering::Greater,
        BinOp::Gt => ordering == Ordering::Greater,
        _ => ordering != Ordering::Less,
    })
}

/// A blank compared with a value of another type acts as that type's
/// empty value: 0, "" or FALSE.
fn blank_as(value: &Value, other: &Value) -> Value {
    match (value, other) {
        (Value::Blank, Value::Number(_)) => Value::Number(Decimal::ZERO),
        (Value::Blank, Value::Text(_)) => Value::Text(String::new()),
        (Value::Blank, Value::Bool(_)) => Value::Bool(false),
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{at, b, book, err, f, n, sample_scores, sheet, t};
    use super::*;
    use crate::model::Cell;
    use rust_decimal_macros::dec;

    /// A sheet "S" with A1=2, A2=3, A3="4", A4="4分", A5 TRUE, A6 #N/A,
    /// A7 "abc", B1 = A1*10 saved as 20.
    fn numbers() -> Workbook {
        book(vec![sheet(
            "S",
            vec![
                ("A1", n(2.0)),
                ("A2", n(3.0)),
                ("A3", t("4")),
                ("A4", t("4分")),
                ("A5", b(true)),
                ("A6", err("#N/A")),
                ("A7", t("abc")),
                ("B1", f("A1*10", CellValue::Number(20.0))),
            ],
        )])
    }

    fn eval(formula: &str) -> Evaluated {
        evaluate(&numbers(), "S", formula)
    }

    fn num(value: Decimal) -> Evaluated {
        Evaluated::Number(value)
    }

    fn error(code: &str) -> Evaluated {
        Evaluated::Error(code.to_string())
    }

    #[test]
    fn arithmetic_operators() {
        assert_eq!(eval("1+2*3"), num(dec!(7)));
        assert_eq!(eval("(1+2)*3"), num(dec!(9)));
        assert_eq!(eval("10-4-3"), num(dec!(3)));
        assert_eq!(eval("7/2"), num(dec!(3.5)));
        assert_eq!(eval("2^10"), num(dec!(1024)));
        assert_eq!(eval("2^-2"), num(dec!(0.25)));
        assert_eq!(eval("2^3^2"), num(dec!(64)));
        assert_eq!(eval("-2^2"), num(dec!(4)));
        assert_eq!(eval("-A1+-(-1)"), num(dec!(-1)));
        assert_eq!(eval("0.1+0.2"), num(dec!(0.3)));
        assert_eq!(eval("1E3+1"), num(dec!(1001)));
    }

    #[test]
    fn percent_literal() {
        assert_eq!(eval("50%"), num(dec!(0.5)));
        assert_eq!(eval("200*15%"), num(dec!(30)));
        assert_eq!(eval("-50%"), num(dec!(-0.5)));
    }

    #[test]
    fn powers_beyond_whole_exponents_are_unsupported() {
        assert_eq!(eval("4^0.5"), Evaluated::Unsupported);
        assert_eq!(eval("0^0"), error(NUM));
        assert_eq!(eval("0^-1"), error(DIV0));
        assert_eq!(eval("10^1000"), error(NUM));
    }

    #[test]
    fn division_by_zero_and_blank() {
        assert_eq!(eval("1/0"), error(DIV0));
        assert_eq!(eval("A1/Z99"), error(DIV0));
    }

    #[test]
    fn blank_is_zero() {
        assert_eq!(eval("Z99+1"), num(dec!(1)));
        assert_eq!(eval("Z99"), num(dec!(0)));
        assert_eq!(eval("Z99=0"), Evaluated::Bool(true));
        assert_eq!(eval("Z99=\"\""), Evaluated::Bool(true));
    }

    #[test]
    fn text_converts_only_when_plainly_a_number() {
        assert_eq!(eval("\"4\"+1"), num(dec!(5)));
        assert_eq!(eval("A3+1"), num(dec!(5)));
        assert_eq!(eval("\"4分\"+1"), error(VALUE));
        assert_eq!(eval("A4+1"), error(VALUE));
        assert_eq!(eval("A7*2"), error(VALUE));
        assert_eq!(eval("\"2024/1/1\"+1"), Evaluated::Unsupported);
        assert_eq!(eval("--\"4\""), num(dec!(4)));
        // Unary plus does not convert.
        assert_eq!(eval("+A3"), Evaluated::Text("4".into()));
    }

    #[test]
    fn booleans_in_arithmetic() {
        assert_eq!(eval("A5+1"), num(dec!(2)));
        assert_eq!(eval("TRUE*5"), num(dec!(5)));
    }

    #[test]
    fn errors_propagate_left_first() {
        assert_eq!(eval("A6+1"), error("#N/A"));
        assert_eq!(eval("A6+1/0"), error("#N/A"));
        assert_eq!(eval("1/0+A6"), error(DIV0));
        assert_eq!(eval("#REF!+1"), error("#REF!"));
        // Which of two different errors Excel shows is not certain.
        assert_eq!(eval("A7+A6"), Evaluated::Unsupported);
    }

    #[test]
    fn comparisons() {
        assert_eq!(eval("1<2"), Evaluated::Bool(true));
        assert_eq!(eval("2<=2"), Evaluated::Bool(true));
        assert_eq!(eval("3>4"), Evaluated::Bool(false));
        assert_eq!(eval("3>=4"), Evaluated::Bool(false));
        assert_eq!(eval("1=1"), Evaluated::Bool(true));
        assert_eq!(eval("1<>1"), Evaluated::Bool(false));
        assert_eq!(eval("\"abc\"=\"ABC\""), Evaluated::Bool(true));
        // Numbers sort before text, text before booleans.
        assert_eq!(eval("\"1\"=1"), Evaluated::Bool(false));
        assert_eq!(eval("9<\"1\""), Evaluated::Bool(true));
        assert_eq!(eval("\"z\"<TRUE"), Evaluated::Bool(true));
        assert_eq!(eval("\"优秀\"=\"优秀\""), Evaluated::Bool(true));
        assert_eq!(eval("\"优秀\"<>\"良好\""), Evaluated::Bool(true));
        assert_eq!(eval("\"优秀\"<\"良好\""), Evaluated::Unsupported);
    }

    #[test]
    fn concatenation() {
        assert_eq!(eval("A1&\"分\""), Evaluated::Text("2分".into()));
        assert_eq!(eval("\"x\"&TRUE&Z99"), Evaluated::Text("xTRUE".into()));
        assert_eq!(eval("1/3&\"\""), Evaluated::Unsupported);
    }

    #[test]
    fn nested_references_are_recalculated() {
        let workbook = book(vec![
            sheet(
                "S",
                vec![
                    ("A1", n(2.0)),
                    // Saved stale: A1*10 is 20 now.
                    ("B1", f("A1*10", CellValue::Number(5.0))),
                    ("C1", f("B1+Other!A1", CellValue::Number(0.0))),
                ],
            ),
            sheet("Other", vec![("A1", f("1+1", CellValue::Empty))]),
        ]);
        assert_eq!(evaluate(&workbook, "S", "C1*2"), num(dec!(44)));
        assert_eq!(evaluate_cell(&workbook, "S", at("C1")), num(dec!(22)));
        // On saved values, C1 shows what B1 and Other!A1 hold.
        assert_eq!(
            evaluate_with_cached_inputs(&workbook, "S", "B1+Other!A1"),
            num(dec!(5))
        );
        assert_eq!(
            evaluate_with_cached_inputs(&workbook, "S", "A1*10"),
            num(dec!(20))
        );
    }

    #[test]
    fn cycles_are_unsupported() {
        let workbook = book(vec![sheet(
            "S",
            vec![
                ("A1", f("B1+1", CellValue::Number(0.0))),
                ("B1", f("A1+1", CellValue::Number(0.0))),
                ("C1", f("C1", CellValue::Number(0.0))),
            ],
        )]);
        assert_eq!(evaluate(&workbook, "S", "A1"), Evaluated::Unsupported);
        assert_eq!(
            evaluate_cell(&workbook, "S", at("C1")),
            Evaluated::Unsupported
        );
        assert_eq!(
            evaluate(&workbook, "S", "SUM(A1:B1)"),
            Evaluated::Unsupported
        );
    }

    #[test]
    fn long_reference_chains_stop_without_overflowing() {
        // A1 = A2+1, A2 = A3+1, … A500 = 1: deeper than followed.
        let mut cells: Vec<(String, Cell)> = (1..500)
            .map(|row| {
                (
                    format!("A{row}"),
                    f(&format!("A{}+1", row + 1), CellValue::Empty),
                )
            })
            .collect();
        cells.push(("A500".into(), n(1.0)));
        let workbook = book(vec![sheet("S", cells)]);
        assert_eq!(evaluate(&workbook, "S", "A1"), Evaluated::Unsupported);
        assert_eq!(evaluate(&workbook, "S", "A460"), num(dec!(41)));
    }

    #[test]
    fn deep_formulas_in_deep_chains_stop_without_overflowing() {
        // Each cell nests 60 calls around the next cell: the frame budget,
        // not the stack, ends it.
        let wrap = |inner: String| format!("{}{inner}{}", "ABS(".repeat(60), ")".repeat(60));
        let mut cells: Vec<(String, Cell)> = (1..100)
            .map(|row| {
                (
                    format!("A{row}"),
                    f(&wrap(format!("A{}", row + 1)), CellValue::Empty),
                )
            })
            .collect();
        cells.push(("A100".into(), n(1.0)));
        let workbook = book(vec![sheet("S", cells)]);
        assert_eq!(evaluate(&workbook, "S", "A1"), Evaluated::Unsupported);
        assert_eq!(evaluate(&workbook, "S", "A98"), num(dec!(1)));
    }

    #[test]
    fn long_formulas_evaluate() {
        let formula = vec!["1"; 5000].join("+");
        assert_eq!(eval(&formula), num(dec!(5000)));
        let nested = format!("{}1{}", "ABS(".repeat(60), ")".repeat(60));
        assert_eq!(eval(&nested), num(dec!(1)));
    }

    #[test]
    fn names_functions_and_other_books_are_unsupported() {
        assert_eq!(eval("VLOOKUP(A1,A1:B2,2,FALSE)"), Evaluated::Unsupported);
        assert_eq!(eval("税率*A1"), Evaluated::Unsupported);
        assert_eq!(eval("[1]Sheet1!A1+1"), Evaluated::Unsupported);
        assert_eq!(eval("NoSuchSheet!A1+1"), Evaluated::Unsupported);
        assert_eq!(eval("A1:A2+1"), Evaluated::Unsupported);
        assert_eq!(eval("SUM({1,2})"), Evaluated::Unsupported);
    }

    #[test]
    fn sample_total_shows_value_error_and_its_sum_does_not() {
        let workbook = sample_scores();
        assert_eq!(evaluate_cell(&workbook, "考核表", at("H17")), error(VALUE));
        // SUM skips the text: 4..16 without 11.
        assert_eq!(
            evaluate(&workbook, "考核表", "SUM(H4:H16)"),
            num(Decimal::from((4..=16).filter(|r| *r != 11).sum::<i32>()))
        );
    }

    #[test]
    fn formula_on_an_unknown_sheet_still_evaluates_constants() {
        assert_eq!(evaluate(&numbers(), "Nowhere", "1+1"), num(dec!(2)));
        assert_eq!(evaluate(&numbers(), "s", "A1"), num(dec!(2)));
    }

    #[test]
    fn formulas_saved_without_a_result_get_the_one_excel_will_show() {
        let mut workbook = book(vec![sheet(
            "S",
            vec![
                ("A1", n(2.0)),
                ("A2", f("A1*3", CellValue::Empty)),
                ("A3", f("SUM(A1:A2)", CellValue::Empty)),
                ("A4", f("A1&\"分\"", CellValue::Empty)),
                ("A5", f("FOO(A1)", CellValue::Empty)),
                ("A6", f("A1", CellValue::Number(0.0))),
                ("A7", f("A1", CellValue::Number(5.0))),
            ],
        )]);
        fill_uncalculated(&mut workbook);
        let value = |a1: &str| workbook.sheets[0].value(at(a1)).clone();
        assert_eq!(value("A2"), CellValue::Number(6.0));
        assert_eq!(value("A3"), CellValue::Number(8.0));
        assert_eq!(value("A4"), CellValue::Text("2分".into()));
        assert_eq!(value("A5"), CellValue::Empty, "beyond the evaluator");
        assert_eq!(value("A6"), CellValue::Number(0.0), "a result saved as 0");
        assert_eq!(value("A7"), CellValue::Number(5.0), "a saved result stays");
        workbook.recalculates_on_load = true;
        fill_uncalculated(&mut workbook);
        assert_eq!(
            workbook.sheets[0].value(at("A6")),
            &CellValue::Number(2.0),
            "0 from a writer that asks for recalculation on load"
        );
    }
}
