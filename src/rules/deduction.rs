//! `deduction`: start from full marks and take points off per occurrence,
//! with a free allowance, a count that zeroes the score, and a floor.
//! Rubric cases D1–D5.
//!
//! ```yaml
//! rule:
//!   deduction: { points: 0.5 }            # 扣0.5分/次
//! rule:
//!   deduction:                            # 投诉一次为0分,低质评价1个扣1分
//!     terms:
//!       - { input: complaints, zero_from: 1 }
//!       - { input: low_quality, points: 1 }
//! ```
//!
//! `free` occurrences cost nothing; `zero_from: N` gives 0 from N
//! occurrences on; `base` (default full marks) is where deductions start;
//! `floor` (default 0, or `none`) is the lowest score.

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, Shape, input, number};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    #[serde(default)]
    input: Option<Spanned<String>>,
    #[serde(default)]
    points: Option<Spanned<RawNumber>>,
    #[serde(default)]
    free: Option<Spanned<RawNumber>>,
    #[serde(default)]
    zero_from: Option<Spanned<RawNumber>>,
    #[serde(default)]
    terms: Option<Spanned<Vec<Spanned<RawTerm>>>>,
    #[serde(default)]
    base: Option<Spanned<RawNumber>>,
    #[serde(default)]
    floor: Option<Spanned<RawNumber>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    #[serde(default)]
    input: Option<Spanned<String>>,
    #[serde(default)]
    points: Option<Spanned<RawNumber>>,
    #[serde(default)]
    free: Option<Spanned<RawNumber>>,
    #[serde(default)]
    zero_from: Option<Spanned<RawNumber>>,
}

impl RawTerm {
    fn is_empty(&self) -> bool {
        self.input.is_none()
            && self.points.is_none()
            && self.free.is_none()
            && self.zero_from.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    input: String,
    points: Decimal,
    free: Decimal,
    zero_from: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deduction {
    terms: Vec<Term>,
    base: Option<Decimal>,
    floor: Option<Decimal>,
}

impl Shape for Deduction {
    type Raw = Raw;

    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        let single = RawTerm {
            input: raw.input.clone(),
            points: raw.points.clone(),
            free: raw.free.clone(),
            zero_from: raw.zero_from.clone(),
        };
        let terms = match (&raw.terms, single.is_empty()) {
            (Some(_), false) => {
                diagnostics.error(at, "give either `terms:` or one term's keys, not both");
                return None;
            }
            (Some(terms), true) => terms
                .value
                .iter()
                .map(|term| validate_term(&term.value, position_of(term), context, diagnostics))
                .collect::<Option<Vec<_>>>()?,
            (None, _) => vec![validate_term(&single, at, context, diagnostics)?],
        };
        let base = match &raw.base {
            Some(base) => Some(number(base, "base", diagnostics)?),
            None => None,
        };
        Some(Deduction {
            terms,
            base,
            floor: raw.floor_value(diagnostics)?,
        })
    }
}

impl Kind for Deduction {
    fn evaluate(&self, inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError> {
        let mut score = self.base.unwrap_or(full_marks);
        for term in &self.terms {
            let count = input(inputs, &term.input)?;
            if term.zero_from.is_some_and(|zero_from| count >= zero_from) {
                return Ok(Outcome::Score(
                    Decimal::ZERO.max(self.floor.unwrap_or(Decimal::ZERO)),
                ));
            }
            score -= term.points * (count - term.free).max(Decimal::ZERO);
        }
        Ok(Outcome::Score(match self.floor {
            Some(floor) => score.max(floor),
            None => score,
        }))
    }

    fn bounds(&self, full_marks: Decimal) -> ScoreBounds {
        ScoreBounds::between(self.floor, Some(self.base.unwrap_or(full_marks)))
    }
}

impl Raw {
    fn floor_value(&self, diagnostics: &mut Diagnostics) -> Option<Option<Decimal>> {
        match &self.floor {
            None => Some(Some(Decimal::ZERO)),
            Some(floor) if matches!(&floor.value, RawNumber::Text(t) if t == "none") => Some(None),
            Some(floor) => number(floor, "floor", diagnostics).map(Some),
        }
    }
}

fn validate_term(
    term: &RawTerm,
    at: Position,
    context: &RuleContext,
    diagnostics: &mut Diagnostics,
) -> Option<Term> {
    let input = context.resolve_input(term.input.as_ref(), at, diagnostics)?;
    let optional = |value: &Option<Spanned<RawNumber>>,
                    what: &str,
                    diagnostics: &mut Diagnostics| match value {
        Some(value) => number(value, what, diagnostics).map(Some),
        None => Some(None),
    };
    let points = optional(&term.points, "points", diagnostics)?;
    let zero_from = optional(&term.zero_from, "zero_from", diagnostics)?;
    if points.is_none() && zero_from.is_none() {
        diagnostics.error(
            at,
            "a deduction term needs `points` per occurrence, `zero_from`, or both",
        );
        return None;
    }
    Some(Term {
        input,
        points: points.unwrap_or_default(),
        free: optional(&term.free, "free", diagnostics)?.unwrap_or_default(),
        zero_from,
    })
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::super::test_support::*;
    use super::super::{InputValue, Inputs, Outcome};

    #[test]
    fn d1_five_points_per_complaint() {
        check(
            "deduction: { points: 5 }",
            15,
            &[("0", "15"), ("1", "10"), ("3", "0"), ("5", "0")],
        );
    }

    #[test]
    fn d2_one_point_each_and_zero_above_five() {
        let cases = [("0", "10"), ("3", "7"), ("5", "5"), ("6", "0")];
        check("deduction: { points: 1, zero_from: 6 }", 10, &cases);
    }

    #[test]
    fn d3_half_a_point_per_error() {
        check(
            "deduction: { points: 0.5 }",
            5,
            &[("3", "3.5"), ("10", "0"), ("11", "0")],
        );
    }

    #[test]
    fn d5_free_allowance_without_floor() {
        let yaml = "deduction: { points: 3, free: 2, base: 0, floor: none }";
        check(yaml, 0, &[("2", "0"), ("3", "-3"), ("5", "-9")]);
    }

    #[test]
    fn d4_two_inputs_complaint_zeroes_low_quality_costs_one() {
        let yaml = "deduction:
  terms:
    - { input: complaints, zero_from: 1 }
    - { input: low_quality, points: 1 }";
        let names = ["complaints", "low_quality"];
        let rule = rule_with_inputs(yaml, Decimal::from(5), &names, false).unwrap();
        for ((complaints, low), expected) in [((0, 2), 3), ((1, 0), 0), ((0, 6), 0)] {
            let inputs: Inputs = [("complaints", complaints), ("low_quality", low)]
                .into_iter()
                .map(|(name, n)| (name.to_string(), InputValue::Number(Decimal::from(n))))
                .collect();
            let outcome = rule.evaluate(&inputs, Decimal::from(5)).unwrap();
            assert_eq!(outcome, Outcome::Score(Decimal::from(expected)));
        }
    }

    #[test]
    fn a_term_naming_an_unknown_input_is_reported() {
        let yaml = "deduction:\n  terms:\n    - { input: complains, points: 1 }";
        let found = rule_with_inputs(
            yaml,
            Decimal::from(5),
            &["complaints", "low_quality"],
            false,
        )
        .unwrap_err();
        assert_eq!(found[0].line, 3);
        assert!(
            found[0].message.contains("unknown input `complains`"),
            "{}",
            found[0].message
        );
    }
}
