//! `proportional`: full marks at the target, the same share of full marks
//! below it ("达到75%为满分,否则根据实际情况折算评定"). Rubric cases P1–P4.
//!
//! ```yaml
//! rule:
//!   proportional:
//!     target: 75%
//!     cap: full_marks   # the default; `none` lets the score pass full marks
//! ```

use rust_decimal::Decimal;
use serde::Deserialize;

use super::limit::Limit;
use super::{Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, Shape, input, number};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    target: Spanned<RawNumber>,
    #[serde(default)]
    cap: Option<Spanned<RawNumber>>,
    #[serde(default)]
    input: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Proportional {
    target: Decimal,
    cap: Limit,
    input: String,
}

impl Shape for Proportional {
    type Raw = Raw;

    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        let target = number(&raw.target, "target", diagnostics)?;
        if target <= Decimal::ZERO {
            diagnostics.error(
                position_of(&raw.target),
                format!("target must be above zero, found {target}"),
            );
            return None;
        }
        let input = context.resolve_input(raw.input.as_ref(), at, diagnostics)?;
        Some(Proportional {
            target,
            cap: Limit::read(&raw.cap, Limit::FullMarks, "cap", diagnostics)?,
            input,
        })
    }
}

impl Kind for Proportional {
    fn evaluate(&self, inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError> {
        let achieved = input(inputs, &self.input)?.max(Decimal::ZERO);
        // Targets are at least 10^-28 apart from zero; checked division keeps
        // a tiny target from overflowing instead of panicking.
        let score = (full_marks * achieved)
            .checked_div(self.target)
            .ok_or(RuleError::Overflow)?;
        Ok(Outcome::Score(self.cap.cap(score, full_marks)))
    }

    fn bounds(&self, full_marks: Decimal) -> ScoreBounds {
        ScoreBounds::between(Some(Decimal::ZERO), self.cap.value(full_marks))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn p1_sales_completion_capped_at_full_marks() {
        let cases = [("0.85", "25.5"), ("1", "30"), ("1.2", "30"), ("0", "0")];
        check("proportional: { target: 100% }", 30, &cases);
    }

    #[test]
    fn p2_conversion_rate_target_75_percent() {
        let cases = [
            ("0.6", "12"),
            ("0.75", "15"),
            ("0.9", "15"),
            ("0.375", "7.5"),
        ];
        check("proportional: { target: 75% }", 15, &cases);
    }

    #[test]
    fn p3_average_order_value_target_200() {
        check(
            "proportional: { target: 200 }",
            5,
            &[("170", "4.25"), ("230", "5")],
        );
    }

    #[test]
    fn p4_items_per_order_target_1_8() {
        check(
            "proportional: { target: 1.8 }",
            10,
            &[("1.5", "8.33"), ("1.2", "6.67")],
        );
    }

    #[test]
    fn uncapped_score_passes_full_marks() {
        check(
            "proportional: { target: 100, cap: none }",
            10,
            &[("120", "12")],
        );
    }

    #[test]
    fn zero_or_text_target_is_reported() {
        assert_eq!(
            problems("proportional: { target: 0 }", 10, false),
            ["1:25: target must be above zero, found 0"]
        );
        assert!(
            problems("proportional: { target: abc }", 10, false)[0].contains("expected a number")
        );
        assert!(
            problems("proportional: { goal: 5 }", 10, false)[0].contains("unknown field `goal`")
        );
    }
}
