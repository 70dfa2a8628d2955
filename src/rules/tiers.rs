//! `tiers`: the value falls in one band, the band gives the score or leaves
//! it to judgement within a range. Rubric cases T1–T8.
//!
//! ```yaml
//! rule:
//!   tiers:
//!     - { below: 5%, score: 5 }
//!     - { from: 5%, below: 7%, score: 4 }
//!     - { from: 9%, to: 15%, judged: [0, 2] }
//! ```
//!
//! Bounds: `from` (≥), `above` (>), `to` (≤), `below` (<); a band without a
//! lower or upper bound is open on that side. Together the bands must cover
//! every value exactly once: gaps and overlaps are mapping errors.

use rust_decimal::Decimal;
use serde::Deserialize;

use super::bands::{Domain, Interval, RawBounds, check_coverage, interval};
use super::{
    Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, ScoreRange, Shape, input, number,
};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

pub type Raw = Vec<Spanned<RawTier>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTier {
    from: Option<Spanned<RawNumber>>,
    above: Option<Spanned<RawNumber>>,
    to: Option<Spanned<RawNumber>>,
    below: Option<Spanned<RawNumber>>,
    score: Option<Spanned<RawNumber>>,
    judged: Option<Spanned<(RawNumber, RawNumber)>>,
    input: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Award {
    Points(Decimal),
    Judged(ScoreRange),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub values: Interval,
    pub award: Award,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tiers {
    pub tiers: Vec<Tier>,
    input: String,
}

impl Shape for Tiers {
    type Raw = Raw;

    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        let named = raw.iter().find_map(|tier| tier.value.input.as_ref());
        let input = context.listed_input(raw.len(), named, ("tiers", "band"), at, diagnostics)?;
        let tiers: Vec<(Position, Tier)> = raw
            .iter()
            .filter_map(|tier| {
                Some((
                    position_of(tier),
                    validate_tier(tier, context, diagnostics)?,
                ))
            })
            .collect();
        if tiers.len() != raw.len() {
            return None;
        }
        let before = diagnostics.count();
        let intervals: Vec<(Position, Interval)> = tiers
            .iter()
            .map(|(position, tier)| (*position, tier.values))
            .collect();
        let show = |value: Decimal| context.show(value);
        check_coverage(&intervals, at, Domain::Everything, &show, diagnostics);
        (diagnostics.count() == before).then(|| Tiers {
            tiers: tiers.into_iter().map(|(_, tier)| tier).collect(),
            input,
        })
    }
}

impl Kind for Tiers {
    fn evaluate(&self, inputs: &Inputs, _full_marks: Decimal) -> Result<Outcome, RuleError> {
        let value = input(inputs, &self.input)?;
        let tier = self
            .tiers
            .iter()
            .find(|tier| tier.values.holds(value))
            .ok_or(RuleError::NoTier(value))?;
        Ok(match tier.award {
            Award::Points(points) => Outcome::Score(points),
            Award::Judged(range) => Outcome::Judged(range),
        })
    }

    fn bounds(&self, _full_marks: Decimal) -> ScoreBounds {
        let ends = self.tiers.iter().flat_map(|tier| match tier.award {
            Award::Points(points) => [points, points],
            Award::Judged(range) => [range.low, range.high],
        });
        ScoreBounds::spanning(ends)
    }
}

fn validate_tier(
    raw: &Spanned<RawTier>,
    context: &RuleContext,
    diagnostics: &mut Diagnostics,
) -> Option<Tier> {
    let tier = &raw.value;
    let at = position_of(raw);
    let bounds = RawBounds {
        from: &tier.from,
        above: &tier.above,
        to: &tier.to,
        below: &tier.below,
    };
    let values = interval(bounds, at, diagnostics)?;
    let award = award(tier, at, context, diagnostics)?;
    Some(Tier { values, award })
}

fn award(
    tier: &RawTier,
    at: Position,
    context: &RuleContext,
    diagnostics: &mut Diagnostics,
) -> Option<Award> {
    match (&tier.score, &tier.judged) {
        (Some(score), None) => number(score, "score", diagnostics).map(Award::Points),
        (None, Some(range)) => {
            let (low, high) = (range.value.0.to_decimal(), range.value.1.to_decimal());
            match (low, high) {
                (Some(low), Some(high)) if low <= high && high <= context.full_marks => {
                    Some(Award::Judged(ScoreRange { low, high }))
                }
                _ => {
                    diagnostics.error(
                        position_of(range),
                        format!(
                            "`judged` takes [low, high] with low ≤ high ≤ full marks ({})",
                            context.full_marks
                        ),
                    );
                    None
                }
            }
        }
        _ => {
            diagnostics.error(at, "a band gives either `score` or `judged: [low, high]`");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    const T1: &str = "tiers:
  - { from: 95, score: 15 }
  - { from: 90, below: 95, score: 12 }
  - { from: 85, below: 90, score: 10 }
  - { from: 80, below: 85, score: 5 }
  - { below: 80, score: 0 }";

    #[test]
    fn t1_satisfaction_higher_is_better() {
        let cases = [
            ("96", "15"),
            ("95", "15"),
            ("94.9", "12"),
            ("90", "12"),
            ("85", "10"),
            ("80", "5"),
            ("79.9", "0"),
        ];
        check(T1, 15, &cases);
    }

    #[test]
    fn t2_projects_not_revisited_fewer_is_better() {
        let yaml = "tiers:
  - { to: 0, score: 15 }
  - { above: 0, to: 3, score: 12 }
  - { above: 3, to: 5, score: 10 }
  - { above: 5, to: 10, score: 5 }
  - { above: 10, score: 0 }";
        let cases = [
            ("0", "15"),
            ("1", "12"),
            ("3", "12"),
            ("4", "10"),
            ("10", "5"),
            ("11", "0"),
        ];
        check(yaml, 15, &cases);
    }

    #[test]
    fn t3_customers_not_solved_on_time() {
        let yaml = "tiers:
  - { to: 0, score: 35 }
  - { above: 0, to: 3, score: 30 }
  - { above: 3, to: 5, score: 25 }
  - { above: 5, to: 10, score: 20 }
  - { above: 10, score: 10 }";
        let cases = [
            ("0", "35"),
            ("3", "30"),
            ("5", "25"),
            ("6", "20"),
            ("11", "10"),
        ];
        check(yaml, 35, &cases);
    }

    #[test]
    fn t5_inquiry_conversion_x_percent_reached_means_at_least_x() {
        let yaml = "tiers:
  - { from: 18%, score: 30 }
  - { from: 16%, below: 18%, score: 25 }
  - { from: 13%, below: 16%, score: 20 }
  - { from: 10%, below: 13%, score: 10 }
  - { below: 10%, score: 0 }";
        let cases = [
            ("0.18", "30"),
            ("0.179", "25"),
            ("0.13", "20"),
            ("0.12", "10"),
            ("0.0999", "0"),
        ];
        check(yaml, 30, &cases);
    }

    #[test]
    fn t7_first_response_minutes_lower_is_better_once_the_overlap_is_settled() {
        let yaml = "tiers:
  - { to: 1, score: 100 }
  - { above: 1, to: 3, score: 90 }
  - { above: 3, to: 5, score: 80 }
  - { above: 5, below: 10, score: 70 }
  - { from: 10, score: 0 }";
        let cases = [
            ("0.5", "100"),
            ("1", "100"),
            ("1.01", "90"),
            ("3", "90"),
            ("4", "80"),
            ("7", "70"),
        ];
        check(yaml, 100, &cases);
    }

    #[test]
    fn t8_plan_completion_x_percent_done_means_at_least_x() {
        let yaml = "tiers:
  - { from: 90%, score: 10 }
  - { from: 80%, below: 90%, score: 8 }
  - { from: 70%, below: 80%, score: 7 }
  - { from: 60%, below: 70%, score: 6 }
  - { from: 50%, below: 60%, score: 5 }
  - { below: 50%, score: 2 }";
        let cases = [("0.95", "10"), ("0.85", "8"), ("0.5", "5"), ("0.49", "2")];
        check(yaml, 10, &cases);
    }

    const T6: &str = "tiers:
  - { below: 5%, score: 5 }
  - { from: 5%, below: 7%, score: 4 }
  - { from: 7%, below: 9%, score: 3 }
  - { from: 9%, to: 15%, judged: [0, 2] }
  - { above: 15%, score: 0 }";

    #[test]
    fn t6_refund_ratio_lower_is_better_with_a_judged_band() {
        let cases = [
            ("0.049", "5"),
            ("0.05", "4"),
            ("0.0699", "4"),
            ("0.07", "3"),
            ("0.085", "3"),
            ("0.09", "judged [0, 2]"),
            ("0.15", "judged [0, 2]"),
            ("0.16", "0"),
        ];
        check(T6, 5, &cases);
    }

    #[test]
    fn t6_without_a_band_above_15_percent_reports_the_uncovered_range() {
        let yaml = "tiers:
  - { below: 5%, score: 5 }
  - { from: 5%, below: 7%, score: 4 }
  - { from: 7%, below: 9%, score: 3 }
  - { from: 9%, to: 15%, judged: [0, 2] }";
        assert_eq!(
            problems(yaml, 5, true),
            ["1:1: no band holds values in (15%, +∞)"]
        );
    }

    #[test]
    fn t7_bands_that_both_claim_ten_are_an_overlap() {
        let yaml = "tiers:
  - { above: 0, to: 1, score: 100 }
  - { above: 1, to: 3, score: 90 }
  - { above: 3, to: 5, score: 80 }
  - { above: 5, to: 10, score: 70 }
  - { from: 10, score: 0 }
  - { to: 0, score: 100 }";
        let found = problems(yaml, 100, false);
        assert_eq!(
            found,
            ["6:5: two bands hold exactly 10: say which one with `above`/`below`"]
        );
    }

    #[test]
    fn gaps_and_missing_ends_are_reported_with_their_range() {
        let yaml = "tiers:
  - { from: 95, to: 100, score: 5 }
  - { from: 85, to: 94, score: 4 }";
        let found = problems(yaml, 5, false);
        assert_eq!(
            found,
            [
                "1:1: no band holds values in (-∞, 85)",
                "2:5: no band holds values in (94, 95)",
                "1:1: no band holds values in (100, +∞)"
            ]
        );
    }

    #[test]
    fn a_band_with_both_score_and_judged_is_rejected() {
        let yaml = "tiers:\n  - { score: 1, judged: [0, 1] }";
        let found = problems(yaml, 5, false);
        assert_eq!(
            found,
            ["2:5: a band gives either `score` or `judged: [low, high]`"]
        );
    }
}
