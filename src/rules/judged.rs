//! `judged`: the score is a person's call within [0, full marks]
//! (团队配合, 总结与计划: no measurable result on the form).
//!
//! ```yaml
//! rule: judged
//! ```

use rust_decimal::Decimal;

use super::{
    Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, ScoreRange, Shape, Source,
};
use crate::yaml::{Diagnostics, Position};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judged;

impl Shape for Judged {
    /// `judged` says nothing but its name.
    type Raw = ();
    const SOURCE: Source = Source::Judgement;

    fn validate(
        _raw: &(),
        _at: Position,
        _context: &RuleContext,
        _diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        Some(Judged)
    }
}

impl Kind for Judged {
    fn evaluate(&self, _inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError> {
        Ok(Outcome::Judged(ScoreRange {
            low: Decimal::ZERO,
            high: full_marks,
        }))
    }

    fn bounds(&self, full_marks: Decimal) -> ScoreBounds {
        ScoreBounds::between(Some(Decimal::ZERO), Some(full_marks))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn accepts_any_score_up_to_full_marks() {
        let rule = rule("judged", 5);
        assert_eq!(points(score(&rule, 5, "0")), "judged [0, 5]");
    }
}
