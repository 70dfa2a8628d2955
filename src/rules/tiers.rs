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

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{Inputs, Outcome, RuleContext, RuleError, ScoreRange, input, number};
use crate::mapping::diagnostic::{Diagnostics, Position};
use crate::mapping::yaml::{RawNumber, Spanned, position_of};

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
pub enum Bound {
    Open,
    Inclusive(Decimal),
    Exclusive(Decimal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Award {
    Points(Decimal),
    Judged(ScoreRange),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub lower: Bound,
    pub upper: Bound,
    pub award: Award,
}

impl Tier {
    fn holds(&self, value: Decimal) -> bool {
        let above_lower = match self.lower {
            Bound::Open => true,
            Bound::Inclusive(low) => value >= low,
            Bound::Exclusive(low) => value > low,
        };
        let below_upper = match self.upper {
            Bound::Open => true,
            Bound::Inclusive(high) => value <= high,
            Bound::Exclusive(high) => value < high,
        };
        above_lower && below_upper
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tiers {
    pub tiers: Vec<Tier>,
    input: String,
}

pub fn validate(
    raw: &Raw,
    at: Position,
    context: &RuleContext,
    diagnostics: &mut Diagnostics,
) -> Option<Tiers> {
    if raw.is_empty() {
        diagnostics.error(at, "`tiers` needs at least one band");
        return None;
    }
    let named = raw.iter().find_map(|tier| tier.value.input.as_ref());
    let input = context.resolve_input(named, at, diagnostics)?;
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
    check_coverage(&tiers, at, context, diagnostics);
    (diagnostics.count() == before).then(|| Tiers {
        tiers: tiers.into_iter().map(|(_, tier)| tier).collect(),
        input,
    })
}

fn validate_tier(
    raw: &Spanned<RawTier>,
    context: &RuleContext,
    diagnostics: &mut Diagnostics,
) -> Option<Tier> {
    let tier = &raw.value;
    let at = position_of(raw);
    let lower = bound(&tier.from, &tier.above, "from", "above", at, diagnostics)?;
    let upper = bound(&tier.to, &tier.below, "to", "below", at, diagnostics)?;
    let award = award(tier, at, context, diagnostics)?;
    if let (Some(low), Some(high)) = (bound_value(lower), bound_value(upper)) {
        let empty = low > high
            || (low == high
                && !(matches!(lower, Bound::Inclusive(_)) && matches!(upper, Bound::Inclusive(_))));
        if empty {
            diagnostics.error(
                at,
                "this band holds no value: its lower bound is not below its upper bound",
            );
            return None;
        }
    }
    Some(Tier {
        lower,
        upper,
        award,
    })
}

fn bound(
    inclusive: &Option<Spanned<RawNumber>>,
    exclusive: &Option<Spanned<RawNumber>>,
    inclusive_name: &str,
    exclusive_name: &str,
    at: Position,
    diagnostics: &mut Diagnostics,
) -> Option<Bound> {
    match (inclusive, exclusive) {
        (Some(_), Some(_)) => {
            diagnostics.error(
                at,
                format!("a band takes `{inclusive_name}` or `{exclusive_name}`, not both"),
            );
            None
        }
        (Some(value), None) => number(value, inclusive_name, diagnostics).map(Bound::Inclusive),
        (None, Some(value)) => number(value, exclusive_name, diagnostics).map(Bound::Exclusive),
        (None, None) => Some(Bound::Open),
    }
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

fn bound_value(bound: Bound) -> Option<Decimal> {
    match bound {
        Bound::Open => None,
        Bound::Inclusive(value) | Bound::Exclusive(value) => Some(value),
    }
}

/// Orders lower bounds: open first, then by value, `from` before `above`.
fn compare_lower(a: Bound, b: Bound) -> Ordering {
    match (a, b) {
        (Bound::Open, Bound::Open) => Ordering::Equal,
        (Bound::Open, _) => Ordering::Less,
        (_, Bound::Open) => Ordering::Greater,
        (a, b) => {
            let by_value = bound_value(a).cmp(&bound_value(b));
            let inclusive_first =
                matches!(b, Bound::Inclusive(_)).cmp(&matches!(a, Bound::Inclusive(_)));
            by_value.then(inclusive_first)
        }
    }
}

/// Walks the bands in order of their lower bounds and reports every stretch
/// of values that no band or two bands hold.
fn check_coverage(
    tiers: &[(Position, Tier)],
    at: Position,
    context: &RuleContext,
    diagnostics: &mut Diagnostics,
) {
    let mut ordered: Vec<&(Position, Tier)> = tiers.iter().collect();
    ordered.sort_by(|a, b| compare_lower(a.1.lower, b.1.lower));
    let show = |value: Decimal| context.show(value);
    let first = &ordered[0].1;
    if first.lower != Bound::Open {
        let (low, bracket) = match first.lower {
            Bound::Inclusive(value) => (value, ")"),
            Bound::Exclusive(value) => (value, "]"),
            Bound::Open => (Decimal::ZERO, ""),
        };
        diagnostics.error(
            at,
            format!("no band holds values in (-∞, {}{bracket}", show(low)),
        );
    }
    let mut reach = first.upper;
    for window in ordered.windows(2) {
        let (position, next) = (window[1].0, &window[1].1);
        report_seam(reach, next.lower, position, &show, diagnostics);
        reach = furthest(reach, next.upper);
    }
    if let Some(end) = bound_value(reach) {
        let bracket = if matches!(reach, Bound::Inclusive(_)) {
            "("
        } else {
            "["
        };
        diagnostics.error(
            at,
            format!("no band holds values in {bracket}{}, +∞)", show(end)),
        );
    }
}

/// Compares where covered values end (`reach`) with where the next band
/// starts, and reports a gap or an overlap between them.
fn report_seam(
    reach: Bound,
    next_lower: Bound,
    at: Position,
    show: &dyn Fn(Decimal) -> String,
    diagnostics: &mut Diagnostics,
) {
    let (Some(end), Some(start)) = (bound_value(reach), bound_value(next_lower)) else {
        if reach == Bound::Open || next_lower == Bound::Open {
            diagnostics.error(at, "this band overlaps an open-ended band before it");
        }
        return;
    };
    let end_inclusive = matches!(reach, Bound::Inclusive(_));
    let start_inclusive = matches!(next_lower, Bound::Inclusive(_));
    match end.cmp(&start) {
        Ordering::Less => {
            let open = if end_inclusive { "(" } else { "[" };
            let close = if start_inclusive { ")" } else { "]" };
            diagnostics.error(
                at,
                format!(
                    "no band holds values in {open}{}, {}{close}",
                    show(end),
                    show(start)
                ),
            );
        }
        Ordering::Equal if end_inclusive && start_inclusive => diagnostics.error(
            at,
            format!(
                "two bands hold exactly {}: say which one with `above`/`below`",
                show(end)
            ),
        ),
        Ordering::Equal if !end_inclusive && !start_inclusive => {
            diagnostics.error(at, format!("no band holds exactly {}", show(end)))
        }
        Ordering::Equal => {}
        Ordering::Greater => diagnostics.error(
            at,
            format!(
                "this band overlaps the one before it between {} and {}",
                show(start),
                show(end)
            ),
        ),
    }
}

fn furthest(a: Bound, b: Bound) -> Bound {
    match (a, b) {
        (Bound::Open, _) | (_, Bound::Open) => Bound::Open,
        (a, b) => match bound_value(a).cmp(&bound_value(b)) {
            Ordering::Less => b,
            Ordering::Greater => a,
            Ordering::Equal if matches!(a, Bound::Inclusive(_)) => a,
            Ordering::Equal => b,
        },
    }
}

impl Tiers {
    pub fn evaluate(&self, inputs: &Inputs) -> Result<Outcome, RuleError> {
        let value = input(inputs, &self.input)?;
        let tier = self
            .tiers
            .iter()
            .find(|tier| tier.holds(value))
            .ok_or(RuleError::NoTier(value))?;
        Ok(match tier.award {
            Award::Points(points) => Outcome::Score(points),
            Award::Judged(range) => Outcome::Judged(range),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    fn check(yaml: &str, full_marks: i64, cases: &[(&str, &str)]) {
        let rule = rule(yaml, full_marks);
        for (value, expected) in cases {
            assert_eq!(
                points(score(&rule, full_marks, value)),
                *expected,
                "value {value}"
            );
        }
    }

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
