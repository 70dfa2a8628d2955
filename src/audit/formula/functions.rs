//! The worksheet functions evaluated here, with Excel's rules for what each
//! does with text, blanks, booleans and errors. Any other function is
//! unsupported rather than approximated.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::CellRef;

use super::eval::{DIV0, Evaluator, NUM, VALUE, Value, to_logical, to_number};
use super::parser::Expr;
use super::reference::{Reference, sheet_index};
use super::text::{Coerced, coerce_text};

/// SUMPRODUCT over more cells than this is not evaluated.
const MAX_PRODUCT_CELLS: u64 = 100_000;

/// What a numeric aggregate does with its numbers.
#[derive(Clone, Copy)]
enum Aggregate {
    Sum,
    Average,
    Min,
    Max,
}

impl Evaluator<'_> {
    pub(super) fn call(&mut self, name: &str, args: &[Expr]) -> Value {
        match name {
            "SUM" => self.aggregate(args, Aggregate::Sum),
            "AVERAGE" => self.aggregate(args, Aggregate::Average),
            "MIN" => self.aggregate(args, Aggregate::Min),
            "MAX" => self.aggregate(args, Aggregate::Max),
            "COUNT" => self.count(args),
            "SUMPRODUCT" => self.sumproduct(args),
            "ROUND" => self.round(args, RoundingStrategy::MidpointAwayFromZero),
            "ROUNDUP" => self.round(args, RoundingStrategy::AwayFromZero),
            "ROUNDDOWN" => self.round(args, RoundingStrategy::ToZero),
            "INT" => self.one_number(args, |x| x.floor()),
            "ABS" => self.one_number(args, |x| x.abs()),
            "IF" => self.if_(args),
            "AND" => self.logic(args, true),
            "OR" => self.logic(args, false),
            "IFERROR" => self.iferror(args),
            _ => Value::Unsupported,
        }
    }

    fn aggregate(&mut self, args: &[Expr], kind: Aggregate) -> Value {
        let numbers = match self.numbers(args) {
            Ok(numbers) => numbers,
            Err(failure) => return failure,
        };
        let total = || {
            numbers
                .iter()
                .try_fold(Decimal::ZERO, |acc, n| acc.checked_add(*n))
                .map_or(Value::error(NUM), Value::Number)
        };
        match kind {
            Aggregate::Sum => total(),
            Aggregate::Average if numbers.is_empty() => Value::error(DIV0),
            Aggregate::Average => match total() {
                Value::Number(sum) => Value::Number(sum / Decimal::from(numbers.len())),
                failure => failure,
            },
            // With no numbers at all MIN and MAX are 0.
            Aggregate::Min => Value::Number(numbers.iter().copied().min().unwrap_or_default()),
            Aggregate::Max => Value::Number(numbers.iter().copied().max().unwrap_or_default()),
        }
    }

    /// The numbers SUM, AVERAGE, MIN and MAX use: from references only the
    /// cells holding numbers (text, booleans and blanks are skipped); typed
    /// arguments converted, so `SUM("4",1)` is 5 and `SUM("4分",1)` is
    /// `#VALUE!`. The first error met is the result.
    fn numbers(&mut self, args: &[Expr]) -> Result<Vec<Decimal>, Value> {
        let mut numbers = Vec::new();
        for arg in args {
            match arg {
                Expr::Ref(reference) => {
                    for value in self.stored_values(reference)? {
                        match value {
                            Value::Number(number) => numbers.push(number),
                            Value::Error(_) | Value::Unsupported => return Err(value),
                            Value::Text(_) | Value::Bool(_) | Value::Blank => {}
                        }
                    }
                }
                // What Excel makes of an omitted argument here is not
                // worth guessing.
                Expr::Missing => return Err(Value::Unsupported),
                _ => {
                    let value = self.typed_argument(arg);
                    numbers.push(to_number(&value)?);
                }
            }
        }
        Ok(numbers)
    }

    /// A non-reference argument's value. IF and IFERROR may hand a
    /// function a reference, whose text and booleans it would skip rather
    /// than convert; anything but a number from them is not decided.
    fn typed_argument(&mut self, arg: &Expr) -> Value {
        let value = self.eval(arg);
        let settled = matches!(
            value,
            Value::Number(_) | Value::Error(_) | Value::Unsupported
        );
        if !settled && arg.may_pass_reference() {
            return Value::Unsupported;
        }
        value
    }

    fn count(&mut self, args: &[Expr]) -> Value {
        let mut count = 0usize;
        for arg in args {
            match arg {
                Expr::Ref(reference) => match self.stored_values(reference) {
                    Ok(values) => {
                        if values.contains(&Value::Unsupported) {
                            return Value::Unsupported;
                        }
                        count += values
                            .iter()
                            .filter(|v| matches!(v, Value::Number(_)))
                            .count();
                    }
                    Err(failure) => return failure,
                },
                Expr::Missing => return Value::Unsupported,
                _ => match self.typed_argument(arg) {
                    Value::Number(_) | Value::Bool(_) => count += 1,
                    Value::Text(text) => match coerce_text(&text) {
                        Coerced::Number(_) => count += 1,
                        Coerced::NotNumber => {}
                        Coerced::Unknown => return Value::Unsupported,
                    },
                    // COUNT skips errors instead of passing them on.
                    Value::Error(_) => {}
                    Value::Blank | Value::Unsupported => return Value::Unsupported,
                },
            }
        }
        Value::Number(Decimal::from(count))
    }

    /// SUMPRODUCT of same-shaped ranges; entries that are not numbers count
    /// as 0, errors are the result, differing shapes are `#VALUE!`.
    fn sumproduct(&mut self, args: &[Expr]) -> Value {
        let mut references: Vec<(usize, &Reference)> = Vec::new();
        for arg in args {
            let Expr::Ref(reference) = arg else {
                return Value::Unsupported;
            };
            let Some(index) = sheet_index(self.workbook, &reference.sheet) else {
                return Value::Unsupported;
            };
            references.push((index, reference));
        }
        let Some((_, first)) = references.first() else {
            return Value::Unsupported;
        };
        let shape = |reference: &Reference| {
            let range = reference.range();
            (
                range.last.row - range.first.row + 1,
                range.last.col - range.first.col + 1,
            )
        };
        let (rows, cols) = shape(first);
        if references.iter().any(|(_, r)| shape(r) != (rows, cols)) {
            return Value::error(VALUE);
        }
        if u64::from(rows) * u64::from(cols) > MAX_PRODUCT_CELLS {
            return Value::Unsupported;
        }
        let mut total = Decimal::ZERO;
        for row in 0..rows {
            for col in 0..cols {
                let product = match self.product_at(&references, row, col) {
                    Ok(product) => product,
                    Err(failure) => return failure,
                };
                match total.checked_add(product) {
                    Some(sum) => total = sum,
                    None => return Value::error(NUM),
                }
            }
        }
        Value::Number(total)
    }

    fn product_at(
        &mut self,
        references: &[(usize, &Reference)],
        row: u32,
        col: u32,
    ) -> Result<Decimal, Value> {
        let mut product = Decimal::ONE;
        for (index, reference) in references {
            let first = reference.range().first;
            let at = CellRef::new(first.row + row, first.col + col);
            let factor = match self.cell(*index, at) {
                Value::Number(number) => number,
                failure @ (Value::Error(_) | Value::Unsupported) => return Err(failure),
                Value::Text(_) | Value::Bool(_) | Value::Blank => Decimal::ZERO,
            };
            product = product
                .checked_mul(factor)
                .ok_or_else(|| Value::error(NUM))?;
        }
        Ok(product)
    }

    /// ROUND, ROUNDUP, ROUNDDOWN: `digits` is truncated to a whole number
    /// and may be negative (ROUND(1234,-2) is 1200).
    fn round(&mut self, args: &[Expr], strategy: RoundingStrategy) -> Value {
        let [value, digits] = args else {
            return Value::Unsupported;
        };
        let value = match to_number(&self.eval(value)) {
            Ok(value) => value,
            Err(failure) => return failure,
        };
        let digits = match to_number(&self.eval(digits)) {
            Ok(digits) => digits.trunc().to_i64(),
            Err(failure) => return failure,
        };
        match digits {
            Some(digits) => round_to(value, digits, strategy),
            None => Value::Unsupported,
        }
    }

    fn one_number(&mut self, args: &[Expr], apply: impl Fn(Decimal) -> Decimal) -> Value {
        let [arg] = args else {
            return Value::Unsupported;
        };
        match to_number(&self.eval(arg)) {
            Ok(number) => Value::Number(apply(number)),
            Err(failure) => failure,
        }
    }

    /// IF evaluates only the branch it takes; an omitted branch value is 0
    /// and an omitted "else" is FALSE.
    fn if_(&mut self, args: &[Expr]) -> Value {
        let (condition, then, otherwise) = match args {
            [condition, then] => (condition, then, None),
            [condition, then, otherwise] => (condition, then, Some(otherwise)),
            _ => return Value::Unsupported,
        };
        match to_logical(&self.eval(condition)) {
            Ok(true) => self.branch(then),
            Ok(false) => match otherwise {
                Some(otherwise) => self.branch(otherwise),
                None => Value::Bool(false),
            },
            Err(failure) => failure,
        }
    }

    fn branch(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::Missing => Value::Number(Decimal::ZERO),
            _ => self.eval(expr),
        }
    }

    /// AND (`all`) or OR: references contribute their numbers and booleans
    /// (text and blanks skipped); with no truth value at all, `#VALUE!`.
    fn logic(&mut self, args: &[Expr], all: bool) -> Value {
        let mut seen = false;
        let mut result = all;
        let mut fold = |value: bool| {
            seen = true;
            result = if all {
                result && value
            } else {
                result || value
            };
        };
        for arg in args {
            match arg {
                Expr::Ref(reference) => {
                    let values = match self.stored_values(reference) {
                        Ok(values) => values,
                        Err(failure) => return failure,
                    };
                    for value in values {
                        match value {
                            Value::Number(number) => fold(!number.is_zero()),
                            Value::Bool(value) => fold(value),
                            Value::Error(_) | Value::Unsupported => return value,
                            Value::Text(_) | Value::Blank => {}
                        }
                    }
                }
                Expr::Missing => return Value::Unsupported,
                _ => match to_logical(&self.typed_argument(arg)) {
                    Ok(value) => fold(value),
                    Err(failure) => return failure,
                },
            }
        }
        if seen {
            Value::Bool(result)
        } else {
            Value::error(VALUE)
        }
    }

    fn iferror(&mut self, args: &[Expr]) -> Value {
        let [value, fallback] = args else {
            return Value::Unsupported;
        };
        match self.eval(value) {
            Value::Error(_) => self.branch(fallback),
            value => value,
        }
    }
}

/// Rounds to `digits` decimals (negative: to tens, hundreds…) as Excel
/// does on decimal values: ROUND halves away from zero, so 2.675 → 2.68.
fn round_to(value: Decimal, digits: i64, strategy: RoundingStrategy) -> Value {
    if digits >= 0 {
        let digits = u32::try_from(digits.min(28)).unwrap_or(28);
        return Value::Number(value.round_dp_with_strategy(digits, strategy));
    }
    let Some(factor) = u32::try_from(-digits)
        .ok()
        .filter(|places| *places <= 15)
        .and_then(|places| 10i64.checked_pow(places))
        .map(Decimal::from)
    else {
        return Value::Unsupported;
    };
    value
        .checked_div(factor)
        .map(|scaled| scaled.round_dp_with_strategy(0, strategy))
        .and_then(|rounded| rounded.checked_mul(factor))
        .map_or(Value::error(NUM), Value::Number)
}

#[cfg(test)]
mod tests {
    use super::super::eval::{Evaluated, evaluate};
    use super::super::test_support::{b, book, err, f, n, sheet, t};
    use crate::model::{CellValue, Workbook};
    use rust_decimal_macros::dec;

    /// Column A: 1, 2, "3", "4分", TRUE, blank (A6), 6; column B: 10, 20,
    /// 30, 40, 50, 60, 70; C1 #DIV/0!; D1 a formula = A1+A2 saved as 0.
    fn table() -> Workbook {
        book(vec![sheet(
            "S",
            vec![
                ("A1", n(1.0)),
                ("A2", n(2.0)),
                ("A3", t("3")),
                ("A4", t("4分")),
                ("A5", b(true)),
                ("A7", n(6.0)),
                ("B1", n(10.0)),
                ("B2", n(20.0)),
                ("B3", n(30.0)),
                ("B4", n(40.0)),
                ("B5", n(50.0)),
                ("B6", n(60.0)),
                ("B7", n(70.0)),
                ("C1", err("#DIV/0!")),
                ("D1", f("A1+A2", CellValue::Number(0.0))),
            ],
        )])
    }

    fn eval(formula: &str) -> Evaluated {
        evaluate(&table(), "S", formula)
    }

    fn num(value: rust_decimal::Decimal) -> Evaluated {
        Evaluated::Number(value)
    }

    #[test]
    fn sum_skips_text_booleans_and_blanks_in_ranges() {
        assert_eq!(eval("SUM(A1:A7)"), num(dec!(9)));
        assert_eq!(eval("SUM(A3)"), num(dec!(0)));
        assert_eq!(eval("SUM(A1:A7,B1,D1)"), num(dec!(22)));
    }

    #[test]
    fn sum_converts_typed_arguments() {
        assert_eq!(eval("SUM(\"4\",1)"), num(dec!(5)));
        assert_eq!(eval("SUM(\"4分\",1)"), Evaluated::Error("#VALUE!".into()));
        assert_eq!(eval("SUM(TRUE,1)"), num(dec!(2)));
        assert_eq!(eval("SUM(A3*1,A1)"), num(dec!(4)));
    }

    #[test]
    fn sum_passes_errors_on() {
        assert_eq!(eval("SUM(B1:C1)"), Evaluated::Error("#DIV/0!".into()));
    }

    #[test]
    fn average_min_max_count() {
        assert_eq!(eval("AVERAGE(A1:A7)"), num(dec!(3)));
        assert_eq!(eval("AVERAGE(A3:A6)"), Evaluated::Error("#DIV/0!".into()));
        assert_eq!(eval("MIN(B1:B7)"), num(dec!(10)));
        assert_eq!(eval("MAX(B1:B7,100)"), num(dec!(100)));
        assert_eq!(eval("MAX(A3:A6)"), num(dec!(0)));
        assert_eq!(eval("COUNT(A1:A7)"), num(dec!(3)));
        assert_eq!(eval("COUNT(A1:C1)"), num(dec!(2)));
        assert_eq!(eval("COUNT(\"3\",\"x\",TRUE,1/0)"), num(dec!(2)));
    }

    #[test]
    fn sumproduct_of_ranges() {
        assert_eq!(eval("SUMPRODUCT(A1:A2,B1:B2)"), num(dec!(50)));
        // Text, booleans and blanks count as 0.
        assert_eq!(eval("SUMPRODUCT(A1:A7,B1:B7)"), num(dec!(470)));
        assert_eq!(
            eval("SUMPRODUCT(A1:A2,B1:B3)"),
            Evaluated::Error("#VALUE!".into())
        );
        assert_eq!(eval("SUMPRODUCT(A1:A2*2)"), Evaluated::Unsupported);
    }

    #[test]
    fn rounding() {
        assert_eq!(eval("ROUND(2.675,2)"), num(dec!(2.68)));
        // The same from a cell's binary float, which is just below 2.675.
        let stored = book(vec![sheet("S", vec![("A1", n(2.675)), ("A2", n(1.005))])]);
        assert_eq!(evaluate(&stored, "S", "ROUND(A1,2)"), num(dec!(2.68)));
        assert_eq!(evaluate(&stored, "S", "ROUND(A2,2)"), num(dec!(1.01)));
        assert_eq!(eval("ROUND(-2.5,0)"), num(dec!(-3)));
        assert_eq!(eval("ROUND(1234.5,-2)"), num(dec!(1200)));
        assert_eq!(eval("ROUND(1250,-2)"), num(dec!(1300)));
        assert_eq!(eval("ROUNDUP(2.11,1)"), num(dec!(2.2)));
        assert_eq!(eval("ROUNDUP(-2.11,1)"), num(dec!(-2.2)));
        assert_eq!(eval("ROUNDDOWN(2.19,1)"), num(dec!(2.1)));
        assert_eq!(eval("ROUNDDOWN(-2.19,1)"), num(dec!(-2.1)));
        assert_eq!(eval("ROUND(2.5,0.9)"), num(dec!(3)));
        assert_eq!(eval("ROUND(A1/3,)"), num(dec!(0)));
        assert_eq!(eval("ROUND(SUM(B1:B3)*0.8,2)"), num(dec!(48)));
        assert_eq!(eval("ROUND(A4,2)"), Evaluated::Error("#VALUE!".into()));
        assert_eq!(eval("ROUND(1)"), Evaluated::Unsupported);
    }

    #[test]
    fn int_and_abs() {
        assert_eq!(eval("INT(2.7)"), num(dec!(2)));
        assert_eq!(eval("INT(-2.5)"), num(dec!(-3)));
        assert_eq!(eval("ABS(-4.5)"), num(dec!(4.5)));
        assert_eq!(eval("ABS(\"-3\")"), num(dec!(3)));
    }

    #[test]
    fn if_takes_one_branch() {
        assert_eq!(eval("IF(A1>0,\"正\",\"负\")"), Evaluated::Text("正".into()));
        assert_eq!(eval("IF(A1>5,1/0,7)"), num(dec!(7)));
        assert_eq!(eval("IF(FALSE,1)"), Evaluated::Bool(false));
        assert_eq!(eval("IF(TRUE,,1)"), num(dec!(0)));
        assert_eq!(eval("IF(A6,1,2)"), num(dec!(2)));
        assert_eq!(eval("IF(\"是\",1,2)"), Evaluated::Error("#VALUE!".into()));
        assert_eq!(eval("IF(C1,1,2)"), Evaluated::Error("#DIV/0!".into()));
    }

    #[test]
    fn if_with_text_comparison() {
        let workbook = book(vec![sheet("S", vec![("A1", t("优秀")), ("A2", t("Yes"))])]);
        let eval = |formula| evaluate(&workbook, "S", formula);
        assert_eq!(eval("IF(A1=\"优秀\",5,3)"), num(dec!(5)));
        assert_eq!(eval("IF(A1=\"良好\",5,3)"), num(dec!(3)));
        assert_eq!(eval("IF(A2=\"YES\",1,0)"), num(dec!(1)));
        assert_eq!(
            eval("IF(A9=\"\",\"空\",\"有\")"),
            Evaluated::Text("空".into())
        );
    }

    #[test]
    fn and_or() {
        assert_eq!(eval("AND(A1>0,B1>5)"), Evaluated::Bool(true));
        assert_eq!(eval("AND(A1>0,B1>50)"), Evaluated::Bool(false));
        assert_eq!(eval("OR(A1>5,B1>5)"), Evaluated::Bool(true));
        assert_eq!(eval("OR(FALSE,0)"), Evaluated::Bool(false));
        // Ranges: numbers and booleans count, text is skipped.
        assert_eq!(eval("AND(A1:A5)"), Evaluated::Bool(true));
        assert_eq!(eval("AND(A3:A4)"), Evaluated::Error("#VALUE!".into()));
        assert_eq!(eval("OR(\"x\")"), Evaluated::Error("#VALUE!".into()));
        assert_eq!(eval("AND(FALSE,1/0)"), Evaluated::Error("#DIV/0!".into()));
    }

    #[test]
    fn iferror() {
        assert_eq!(eval("IFERROR(1/0,0)"), num(dec!(0)));
        assert_eq!(
            eval("IFERROR(A4+1,\"文本\")"),
            Evaluated::Text("文本".into())
        );
        assert_eq!(eval("IFERROR(A1+1,0)"), num(dec!(2)));
        assert_eq!(
            eval("IFERROR(VLOOKUP(1,A1:B2,2),0)"),
            Evaluated::Unsupported
        );
    }

    #[test]
    fn references_through_if_are_not_converted() {
        // SUM(IF(…,A3)) hands SUM a reference whose text it would skip.
        assert_eq!(eval("SUM(IF(TRUE,A3),1)"), Evaluated::Unsupported);
        assert_eq!(eval("SUM(IF(TRUE,A1),1)"), num(dec!(2)));
    }

    #[test]
    fn unknown_functions_are_unsupported() {
        assert_eq!(eval("SUMIF(A1:A7,\">1\")"), Evaluated::Unsupported);
        assert_eq!(eval("_xlfn.IFS(TRUE,1)"), Evaluated::Unsupported);
        assert_eq!(eval("SUM(A1,VLOOKUP(1,A1:B2,2))"), Evaluated::Unsupported);
        assert_eq!(eval("SUM(A1,)"), Evaluated::Unsupported);
    }
}
