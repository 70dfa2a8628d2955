//! `per_item`: points for each item counted, up to a cap ("一项为1分,5项或
//! 以上为满分,无提出此项者,分数记0"). Rubric case B1.
//!
//! ```yaml
//! rule:
//!   per_item: { points: 1 }   # capped at full marks; `cap: 5` or `cap: none`
//! ```

use rust_decimal::Decimal;
use serde::Deserialize;

use super::limit::Limit;
use super::{Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, Shape, input, number};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    points: Spanned<RawNumber>,
    #[serde(default)]
    cap: Option<Spanned<RawNumber>>,
    #[serde(default)]
    input: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PerItem {
    points: Decimal,
    cap: Limit,
    input: String,
}

impl Shape for PerItem {
    type Raw = Raw;

    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        let input = context.resolve_input(raw.input.as_ref(), at, diagnostics)?;
        Some(PerItem {
            points: number(&raw.points, "points", diagnostics)?,
            cap: Limit::read(&raw.cap, Limit::FullMarks, "cap", diagnostics)?,
            input,
        })
    }
}

impl Kind for PerItem {
    fn evaluate(&self, inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError> {
        let score = self.points * input(inputs, &self.input)?.max(Decimal::ZERO);
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
    fn b1_one_point_per_item_capped_at_full_marks() {
        let rule = rule("per_item: { points: 1 }", 5);
        for (count, expected) in [("0", "0"), ("3", "3"), ("5", "5"), ("8", "5")] {
            assert_eq!(points(score(&rule, 5, count)), expected, "count {count}");
        }
    }
}
