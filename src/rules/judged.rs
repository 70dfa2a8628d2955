//! `judged`: the score is a person's call within [0, full marks]
//! (团队配合, 总结与计划: no measurable result on the form).
//!
//! ```yaml
//! rule: judged
//! ```

use rust_decimal::Decimal;

use super::{Outcome, ScoreRange};

pub fn evaluate(full_marks: Decimal) -> Outcome {
    Outcome::Judged(ScoreRange {
        low: Decimal::ZERO,
        high: full_marks,
    })
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
