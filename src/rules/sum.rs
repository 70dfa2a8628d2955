//! `sum`: the score is the sum of other rules' scores, capped as a whole
//! ("培训学习成绩>95得10分… 主动提供成功经验每例加2分,最高加5分").
//! Rubric case B2.
//!
//! ```yaml
//! inputs: { exam: 培训学习成绩, cases: 成功经验(例) }
//! rule:
//!   sum:
//!     cap: full_marks     # the default; `none` lets the item pass full marks
//!     of:
//!       - tiers: [...]                              # reads `exam`
//!       - per_item: { points: 2, cap: 5, input: cases }
//! ```

use rust_decimal::Decimal;
use serde::Deserialize;

use super::limit::Limit;
use super::{
    Inputs, Kind, Outcome, RawRule, Rule, RuleContext, RuleError, ScoreBounds, ScoreRange, Shape,
    Source,
};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    of: Spanned<Vec<Spanned<RawRule>>>,
    #[serde(default)]
    cap: Option<Spanned<RawNumber>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sum {
    parts: Vec<Rule>,
    cap: Limit,
}

impl Shape for Sum {
    type Raw = Raw;

    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        if raw.of.value.is_empty() {
            diagnostics.error(at, "`sum` needs the rules to add up under `of`");
            return None;
        }
        let mut parts = Vec::new();
        for part in &raw.of.value {
            if part.value.source() != Source::Inputs {
                let message = "a judged or team score cannot be part of a `sum`";
                diagnostics.error(position_of(part), message);
                continue;
            }
            parts.extend(part.value.validate(position_of(part), context, diagnostics));
        }
        let cap = Limit::read(&raw.cap, Limit::FullMarks, "cap", diagnostics)?;
        (parts.len() == raw.of.value.len()).then_some(Sum { parts, cap })
    }
}

impl Kind for Sum {
    fn evaluate(&self, inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError> {
        // A part judged within a range (a judged band, points per
        // occurrence at the supervisor's choice) leaves the sum judged
        // within the parts' ranges added up.
        let (mut low, mut high) = (Decimal::ZERO, Decimal::ZERO);
        for part in &self.parts {
            match part.evaluate(inputs, full_marks)? {
                Outcome::Score(score) => (low, high) = (low + score, high + score),
                Outcome::Judged(range) => (low, high) = (low + range.low, high + range.high),
                // Validation keeps team parts out.
                deferred @ Outcome::Team(_) => return Ok(deferred),
            }
        }
        let (low, high) = (
            self.cap.cap(low, full_marks),
            self.cap.cap(high, full_marks),
        );
        Ok(if low == high {
            Outcome::Score(high)
        } else {
            Outcome::Judged(ScoreRange { low, high })
        })
    }

    fn bounds(&self, full_marks: Decimal) -> ScoreBounds {
        let lowest: Option<Decimal> = self
            .parts
            .iter()
            .map(|part| part.bounds(full_marks).lowest)
            .sum();
        ScoreBounds::between(lowest, self.cap.value(full_marks))
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::super::test_support::*;
    use super::super::{InputValue, Inputs};

    fn b2(cap: &str) -> String {
        format!(
            "sum:
  cap: {cap}
  of:
    - tiers:
        - {{ above: 95, score: 10, input: exam }}
        - {{ above: 90, to: 95, score: 8 }}
        - {{ above: 80, to: 90, score: 6 }}
        - {{ to: 80, score: 5 }}
    - per_item: {{ points: 2, cap: 5, input: cases }}"
        )
    }

    fn score_of(yaml: &str, exam: i64, cases: i64) -> String {
        let rule = rule_with_inputs(yaml, Decimal::from(10), &["exam", "cases"], false).unwrap();
        let inputs: Inputs = [("exam", exam), ("cases", cases)]
            .into_iter()
            .map(|(name, n)| (name.to_string(), InputValue::Number(Decimal::from(n))))
            .collect();
        points(rule.evaluate(&inputs, Decimal::from(10)).unwrap())
    }

    #[test]
    fn b2_training_score_plus_two_per_shared_case_at_most_five() {
        let capped = b2("full_marks");
        assert_eq!(score_of(&capped, 96, 0), "10");
        assert_eq!(score_of(&capped, 95, 0), "8");
        assert_eq!(score_of(&capped, 92, 1), "10");
        assert_eq!(score_of(&capped, 85, 3), "10");
        assert_eq!(score_of(&b2("none"), 85, 3), "11");
    }

    #[test]
    fn b2_as_the_form_words_it_leaves_exactly_80_in_no_band() {
        let yaml = "sum:
  of:
    - tiers:
        - { above: 95, score: 10, input: exam }
        - { above: 90, to: 95, score: 8 }
        - { above: 80, to: 90, score: 6 }
        - { below: 80, score: 5 }
    - per_item: { points: 2, cap: 5, input: cases }";
        let found =
            rule_with_inputs(yaml, Decimal::from(10), &["exam", "cases"], false).unwrap_err();
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["no band holds exactly 80"]);
    }

    #[test]
    fn parts_may_not_be_judged() {
        let found = problems("sum:\n  of:\n    - judged", 10, false);
        assert_eq!(
            found,
            ["3:7: a judged or team score cannot be part of a `sum`"]
        );
    }

    #[test]
    fn a_judged_part_leaves_the_sum_judged_within_the_parts_ranges() {
        let yaml = "sum:
  of:
    - deduction: { points: [1, 2], input: missed, base: 3 }
    - per_item: { points: 1, cap: 2, input: referrals }";
        let names = ["missed", "referrals"];
        let rule = rule_with_inputs(yaml, Decimal::from(5), &names, false).unwrap();
        let outcome = |missed: i64, referrals: i64| {
            let inputs: Inputs = [("missed", missed), ("referrals", referrals)]
                .into_iter()
                .map(|(name, n)| (name.to_string(), InputValue::Number(Decimal::from(n))))
                .collect();
            points(rule.evaluate(&inputs, Decimal::from(5)).unwrap())
        };
        assert_eq!(outcome(0, 1), "4");
        assert_eq!(outcome(1, 2), "judged [3, 4]");
        assert_eq!(outcome(1, 5), "judged [3, 4]");
    }
}
