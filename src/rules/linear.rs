//! `linear`: a score at a reference value, moved by a fixed number of points
//! per step away from it ("按每+-1%,+-3.3分的比例计算,加分至200分为止";
//! "超过32秒,超过每秒扣2分"). Rubric cases L1, L2.
//!
//! ```yaml
//! rule:
//!   linear:
//!     at: 100%          # the reference value
//!     score: 100        # the score there (default: full marks)
//!     per: 1%           # one step of the input
//!     points: 3.3       # points per step: added when better, taken when worse
//!     better: higher    # or `lower` (response times)
//!     cap: 200          # highest score: a number, `full_marks` (default) or `none`
//!     floor: 0          # lowest score: a number (default 0) or `none`
//! ```

use rust_decimal::Decimal;
use serde::Deserialize;

use super::limit::Limit;
use super::{Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, Shape, input, number};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    at: Spanned<RawNumber>,
    #[serde(default)]
    score: Option<Spanned<RawNumber>>,
    per: Spanned<RawNumber>,
    points: Spanned<RawNumber>,
    #[serde(default)]
    better: Option<Better>,
    #[serde(default)]
    cap: Option<Spanned<RawNumber>>,
    #[serde(default)]
    floor: Option<Spanned<RawNumber>>,
    #[serde(default)]
    input: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    #[default]
    Higher,
    Lower,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    at: Decimal,
    score: Option<Decimal>,
    per: Decimal,
    points: Decimal,
    better: Better,
    cap: Limit,
    floor: Limit,
    input: String,
}

impl Shape for Linear {
    type Raw = Raw;

    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        let input = context.resolve_input(raw.input.as_ref(), at, diagnostics)?;
        let per = number(&raw.per, "per", diagnostics)?;
        if per <= Decimal::ZERO {
            diagnostics.error(
                position_of(&raw.per),
                format!("`per` must be above zero, found {per}"),
            );
            return None;
        }
        let score = match &raw.score {
            Some(score) => Some(number(score, "score", diagnostics)?),
            None => None,
        };
        Some(Linear {
            at: number(&raw.at, "at", diagnostics)?,
            score,
            per,
            points: number(&raw.points, "points", diagnostics)?,
            better: raw.better.unwrap_or_default(),
            cap: Limit::read(&raw.cap, Limit::FullMarks, "cap", diagnostics)?,
            floor: Limit::read(&raw.floor, Limit::At(Decimal::ZERO), "floor", diagnostics)?,
            input,
        })
    }
}

impl Kind for Linear {
    fn evaluate(&self, inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError> {
        let value = input(inputs, &self.input)?;
        let distance = match self.better {
            Better::Higher => value - self.at,
            Better::Lower => self.at - value,
        };
        let change = distance
            .checked_div(self.per)
            .and_then(|steps| steps.checked_mul(self.points))
            .ok_or(RuleError::Overflow)?;
        let score = self.score.unwrap_or(full_marks) + change;
        let capped = self.cap.cap(score, full_marks);
        Ok(Outcome::Score(self.floor.floor(capped, full_marks)))
    }

    fn bounds(&self, full_marks: Decimal) -> ScoreBounds {
        ScoreBounds::between(self.floor.value(full_marks), self.cap.value(full_marks))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn l1_sales_plan_3_3_points_per_percent_up_to_200() {
        let yaml = "linear: { at: 100%, score: 100, per: 1%, points: 3.3, cap: 200, floor: 0 }";
        let cases = [
            ("1", "100"),
            ("1.1", "133"),
            ("0.9", "67"),
            ("1.3", "199"),
            ("1.31", "200"),
            ("0.69", "0"),
        ];
        check(yaml, 100, &cases);
    }

    #[test]
    fn l2_response_time_two_points_per_second_over_32_without_floor() {
        let yaml = "linear: { at: 32, per: 1, points: 2, better: lower, floor: none }";
        check(
            yaml,
            20,
            &[("30", "20"), ("32", "20"), ("35", "14"), ("45", "-6")],
        );
    }

    #[test]
    fn a_zero_step_is_reported() {
        let found = problems("linear: { at: 32, per: 0, points: 2 }", 20, false);
        assert_eq!(found, ["1:24: `per` must be above zero, found 0"]);
    }
}
