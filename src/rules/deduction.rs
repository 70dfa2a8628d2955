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
//!
//! Judged deductions (issue 11, construct 6): `points: [1, 2]` leaves the
//! points per occurrence to the supervisor ("扣1-2分/次"), so the score is
//! judged within a range that widens with the count; `discretionary` lets
//! the supervisor take more off on top of the counted deductions
//! ("记录的不全面,视情况酌情扣分"): `rest` down to the floor, or a number
//! of points at most.
//!
//! ```yaml
//! rule:
//!   deduction: { points: [1, 2] }         # 扣1-2分/次: 2 times → [1, 3] of 5
//! rule:
//!   deduction:                            # 发现一处扣5分…视情况酌情扣分
//!     terms:
//!       - { input: false_records, points: 5 }
//!       - { input: unrecorded, points: 5 }
//!     discretionary: rest
//! ```

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{
    Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, ScoreRange, Shape, input, number,
};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    #[serde(default)]
    input: Option<Spanned<String>>,
    #[serde(default)]
    points: Option<Spanned<RawPoints>>,
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
    /// More off at the supervisor's discretion: `rest` or a number.
    #[serde(default)]
    discretionary: Option<Spanned<RawNumber>>,
}

/// `points: 5` or `points: [1, 2]` (the supervisor picks within).
/// Untagged, so serde-saphyr cannot place the numbers inside; problems
/// point at `points` itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawPoints {
    Fixed(RawNumber),
    Judged(Vec<RawNumber>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    #[serde(default)]
    input: Option<Spanned<String>>,
    #[serde(default)]
    points: Option<Spanned<RawPoints>>,
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
    /// Points off per occurrence: fewest and most (equal unless judged).
    points: ScoreRange,
    free: Decimal,
    zero_from: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deduction {
    terms: Vec<Term>,
    base: Option<Decimal>,
    floor: Option<Decimal>,
    discretionary: Option<Discretion>,
}

/// What the supervisor may take off beyond the counted deductions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discretion {
    /// Down to the floor (视情况酌情扣分).
    Rest,
    /// At most this many points.
    UpTo(Decimal),
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
        let floor = raw.floor_value(diagnostics)?;
        Some(Deduction {
            terms,
            base,
            floor,
            discretionary: raw.discretion(floor, diagnostics)?,
        })
    }
}

impl Kind for Deduction {
    fn evaluate(&self, inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError> {
        let base = self.base.unwrap_or(full_marks);
        // The most the counted occurrences leave, and the least.
        let (mut most, mut least) = (base, base);
        for term in &self.terms {
            let count = input(inputs, &term.input)?;
            if term.zero_from.is_some_and(|zero_from| count >= zero_from) {
                return Ok(Outcome::Score(
                    Decimal::ZERO.max(self.floor.unwrap_or(Decimal::ZERO)),
                ));
            }
            let occurrences = (count - term.free).max(Decimal::ZERO);
            most -= term.points.low * occurrences;
            least -= term.points.high * occurrences;
        }
        least = match self.discretionary {
            Some(Discretion::Rest) => self.floor.unwrap_or(least),
            Some(Discretion::UpTo(points)) => least - points,
            None => least,
        };
        let floored = |score: Decimal| self.floor.map_or(score, |floor| score.max(floor));
        let (high, low) = (floored(most), floored(least));
        Ok(if low == high {
            Outcome::Score(high)
        } else {
            Outcome::Judged(ScoreRange { low, high })
        })
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

    fn discretion(
        &self,
        floor: Option<Decimal>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Option<Discretion>> {
        let Some(raw) = &self.discretionary else {
            return Some(None);
        };
        let discretion = match &raw.value {
            RawNumber::Text(word) if word == "rest" => Discretion::Rest,
            RawNumber::Text(word) if raw.value.to_decimal().is_none() => {
                diagnostics.error(
                    position_of(raw),
                    format!(
                        "`discretionary` takes `rest` (down to the floor) or the most points \
                         the supervisor may take off, found `{word}`"
                    ),
                );
                return None;
            }
            _ => match number(raw, "discretionary", diagnostics)? {
                points if points > Decimal::ZERO => Discretion::UpTo(points),
                points => {
                    diagnostics.error(
                        position_of(raw),
                        format!(
                            "`discretionary` is {points}; the points taken off are more than 0"
                        ),
                    );
                    return None;
                }
            },
        };
        if discretion == Discretion::Rest && floor.is_none() {
            diagnostics.error(
                position_of(raw),
                "`discretionary: rest` takes off down to the floor, and `floor: none` sets \
                 none: give the most points it may take off",
            );
            return None;
        }
        Some(Some(discretion))
    }
}

/// Points off per occurrence: `5`, or `[1, 2]` for the supervisor to pick.
fn points_per_occurrence(
    raw: &Spanned<RawPoints>,
    diagnostics: &mut Diagnostics,
) -> Option<ScoreRange> {
    // Values inside an untagged enum carry no position: place them at `points`.
    let placed = |value: &RawNumber| Spanned::new(value.clone(), raw.referenced, raw.defined);
    match &raw.value {
        RawPoints::Fixed(points) => {
            let points = number(&placed(points), "points", diagnostics)?;
            Some(ScoreRange {
                low: points,
                high: points,
            })
        }
        RawPoints::Judged(range) => {
            let numbers: Option<Vec<Decimal>> = range
                .iter()
                .map(|value| number(&placed(value), "points", diagnostics))
                .collect();
            match numbers?.as_slice() {
                [low, high] if Decimal::ZERO <= *low && low < high => Some(ScoreRange {
                    low: *low,
                    high: *high,
                }),
                _ => {
                    diagnostics.error(
                        position_of(raw),
                        "`points` takes one number, or [fewest, most] points per occurrence \
                         with 0 ≤ fewest < most (扣1-2分/次 is [1, 2])",
                    );
                    None
                }
            }
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
    let points = match &term.points {
        Some(points) => Some(points_per_occurrence(points, diagnostics)?),
        None => None,
    };
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
        points: points.unwrap_or(ScoreRange {
            low: Decimal::ZERO,
            high: Decimal::ZERO,
        }),
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

    /// The outcome for each count of the sole input, as text.
    fn outcomes(yaml: &str, full_marks: i64, counts: &[(&str, &str)]) {
        let rule = rule(yaml, full_marks);
        for (count, expected) in counts {
            assert_eq!(
                points(score(&rule, full_marks, count)),
                *expected,
                "count {count}"
            );
        }
    }

    #[test]
    fn missed_customers_cost_one_to_two_points_each_at_the_supervisors_choice() {
        // 装饰公司客户经理绩效考核表, 意向客户跟进 (5): "未积极跟进导致错失客户的,扣1-2分/次"
        outcomes(
            "deduction: { points: [1, 2] }",
            5,
            &[
                ("0", "5"),
                ("1", "judged [3, 4]"),
                ("2", "judged [1, 3]"),
                ("3", "judged [0, 2]"),
                ("5", "0"),
            ],
        );
    }

    #[test]
    fn an_unmet_sales_quota_costs_one_to_three_points_each_time() {
        // 装饰公司客户经理绩效考核表, 任务量的完成 (5): "未完成的扣1-3分/次"
        outcomes(
            "deduction: { points: [1, 3] }",
            5,
            &[("0", "5"), ("1", "judged [2, 4]"), ("2", "judged [0, 3]")],
        );
    }

    #[test]
    fn a_verified_complaint_about_service_costs_two_to_three_points() {
        // 售前售后技术支持绩效考核模板, 服务态度 (5): "经核实是服务态度服务意识问题,酬情扣2-3分"
        outcomes(
            "deduction: { points: [2, 3] }",
            5,
            &[
                ("0", "5"),
                ("1", "judged [2, 3]"),
                ("2", "judged [0, 1]"),
                ("3", "0"),
            ],
        );
    }

    #[test]
    fn false_or_missing_records_cost_five_each_and_incomplete_ones_more_at_discretion() {
        // 售前售后技术支持绩效考核模板, 售后跟踪记录完整性 (40): "发现一处扣5分…主管发现一次
        // 扣5分,记录的不全面,视情况酬情扣分"
        let yaml = "deduction:
  terms:
    - { input: false_records, points: 5 }
    - { input: unrecorded, points: 5 }
  discretionary: rest";
        let names = ["false_records", "unrecorded"];
        let rule = rule_with_inputs(yaml, Decimal::from(40), &names, false).unwrap();
        for ((false_records, unrecorded), expected) in [
            ((0, 0), "judged [0, 40]"),
            ((1, 1), "judged [0, 30]"),
            ((8, 0), "0"),
        ] {
            let inputs: Inputs = [("false_records", false_records), ("unrecorded", unrecorded)]
                .into_iter()
                .map(|(name, n)| (name.to_string(), InputValue::Number(Decimal::from(n))))
                .collect();
            let outcome = rule.evaluate(&inputs, Decimal::from(40)).unwrap();
            assert_eq!(points(outcome), expected);
        }
        let at_most = "deduction: { points: 5, discretionary: 3 }";
        outcomes(
            at_most,
            40,
            &[("0", "judged [37, 40]"), ("2", "judged [27, 30]")],
        );
    }

    #[test]
    fn misconduct_costs_one_to_fifty_points_each_below_the_total() {
        // 鸿数-技术支持绩效考核, 违纪: "视情节扣(1~50分/次)"; "出现涉密事件,视情节轻重,
        // 一般扣(10分~20分/次)" — taken off the total, as D5's team deductions
        let yaml = "deduction: { points: [1, 50], base: 0, floor: none }";
        outcomes(
            yaml,
            0,
            &[
                ("0", "0"),
                ("1", "judged [-50, -1]"),
                ("2", "judged [-100, -2]"),
            ],
        );
        let secrets = "deduction: { points: [10, 20], base: 0, floor: none }";
        outcomes(secrets, 0, &[("1", "judged [-20, -10]")]);
    }

    #[test]
    fn judged_points_and_discretion_are_checked_at_their_line() {
        let found = problems("deduction:\n  points: [2, 1]", 5, false);
        assert_eq!(
            found,
            [
                "2:11: `points` takes one number, or [fewest, most] points per occurrence with 0 ≤ fewest < most (扣1-2分/次 is [1, 2])"
            ]
        );
        assert_eq!(
            problems("deduction: { points: [1, 2, 3] }", 5, false).len(),
            1
        );
        assert_eq!(
            problems(
                "deduction: { points: [1, 2], floor: none, discretionary: rest }",
                5,
                false
            ),
            [
                "1:58: `discretionary: rest` takes off down to the floor, and `floor: none` sets none: give the most points it may take off"
            ]
        );
        assert_eq!(
            problems("deduction: { points: 1, discretionary: some }", 5, false),
            [
                "1:40: `discretionary` takes `rest` (down to the floor) or the most points the supervisor may take off, found `some`"
            ]
        );
        assert_eq!(
            problems("deduction: { points: 1, discretionary: 0 }", 5, false),
            ["1:40: `discretionary` is 0; the points taken off are more than 0"]
        );
        let misspelt = problems("deduction: { points: 1, discretion: rest }", 5, false);
        assert!(
            misspelt[0].contains("unknown field `discretion`"),
            "{misspelt:?}"
        );
    }
}
