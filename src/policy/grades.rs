//! `grades`: bands over an employee's total, each naming a grade and what it
//! pays. Rubric cases G1–G3, e.g. "A 95<x≤100 → 300; B 85<x≤95 → 200;
//! C 75<x≤85 → 0; D ≤75 → −200" (售前绩效奖金评定标准) or "卓越95~100 → 1800
//! … 不及格65以下 → 1400 (岗位工资)".
//!
//! ```yaml
//! grades:
//!   range: [0, 100]        # optional: the totals possible; coverage is checked within it
//!   bands:
//!     - { grade: A, above: 95, to: 100, pays: 300 }
//!     - { grade: B, above: 85, to: 95, pays: 200 }
//!     - { grade: C, above: 75, to: 85, pays: 0 }
//!     - { grade: D, to: 75, pays: -200 }
//!   distribution:          # optional: a target share of each team (强制分布)
//!     - { grade: A, at_most: 20% }
//! ```
//!
//! Bounds as in tiers: `from` (≥), `above` (>), `to` (≤), `below` (<).
//! `pays` is optional: an amount, or `{ ratio: 120% }` for that share of a
//! base pay the caller supplies (岗位工资). Without `range` the bands must
//! cover every total. `distribution` names grades of the bands; its shares,
//! rounding and checks are [`crate::policy::quota`]'s.
//!
//! Validation reports gaps, overlaps and grade names listed twice, yet still
//! returns the grades whenever every band reads: the form as written defines
//! a grade for most totals, and a total in a gap simply has none.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::quota::{self, Quota};
use crate::rules::bands::{Domain, Interval, RawBounds, check_coverage, compare_lower, interval};
use crate::rules::number;
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    range: Option<Spanned<(Spanned<RawNumber>, Spanned<RawNumber>)>>,
    bands: Spanned<Vec<Spanned<RawGrade>>>,
    /// A target share of each team per grade (强制分布), see
    /// [`crate::policy::quota`].
    distribution: Option<Spanned<crate::policy::quota::Raw>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    grade: Spanned<String>,
    from: Option<Spanned<RawNumber>>,
    above: Option<Spanned<RawNumber>>,
    to: Option<Spanned<RawNumber>>,
    below: Option<Spanned<RawNumber>>,
    pays: Option<Spanned<RawPay>>,
}

/// `pays: 300` or `pays: { ratio: 120% }`. Untagged, so serde-saphyr cannot
/// place the number inside; problems point at `pays` itself.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawPay {
    Amount(RawNumber),
    Ratio(RawRatio),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRatio {
    ratio: RawNumber,
}

/// What a grade pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pay {
    /// A fixed sum (a bonus, or a deduction when negative).
    Amount(Decimal),
    /// This ratio of a base pay the caller knows (1.2 for 120%).
    RatioOfBase(Decimal),
}

impl Pay {
    /// The sum paid; `None` for a ratio when no base pay is known, or when
    /// the product leaves the decimal range.
    pub fn amount(&self, base_pay: Option<Decimal>) -> Option<Decimal> {
        match self {
            Pay::Amount(amount) => Some(*amount),
            Pay::RatioOfBase(ratio) => base_pay?.checked_mul(*ratio),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    pub name: String,
    pub pays: Option<Pay>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grades {
    bands: Vec<(Interval, Grade)>,
    range: Option<(Decimal, Decimal)>,
    /// The target distribution per team and period; empty without one.
    distribution: Vec<Quota>,
}

impl Grades {
    /// The grade whose band holds the total; where bands overlap (a mapping
    /// check already reported), the first listed wins.
    pub fn grade_of(&self, total: Decimal) -> Option<&Grade> {
        self.bands
            .iter()
            .find(|(values, _)| values.holds(total))
            .map(|(_, grade)| grade)
    }

    /// The totals the mapping says are possible, if it says.
    pub fn range(&self) -> Option<(Decimal, Decimal)> {
        self.range
    }

    /// The quotas of the target distribution, in the mapping's order; empty
    /// when the mapping sets none.
    pub fn distribution(&self) -> &[Quota] {
        &self.distribution
    }

    /// Grade names best first: the band of the highest totals first,
    /// whatever order the mapping lists them in.
    pub fn best_first(&self) -> Vec<&str> {
        let mut bands: Vec<&(Interval, Grade)> = self.bands.iter().collect();
        bands.sort_by(|(a, _), (b, _)| compare_lower(b.lower, a.lower));
        bands
            .into_iter()
            .map(|(_, grade)| grade.name.as_str())
            .collect()
    }
}

pub fn validate(raw: &Raw, at: Position, diagnostics: &mut Diagnostics) -> Option<Grades> {
    // Outer `None`: a range written but unreadable; inner: no range written.
    let range = match &raw.range {
        None => Some(None),
        Some(range) => validate_range(range, diagnostics).map(Some),
    };
    let bands = validate_bands(&raw.bands, diagnostics);
    report_names_twice(&raw.bands.value, diagnostics);
    let distribution = match &raw.distribution {
        None => Some(Vec::new()),
        Some(distribution) => {
            let names: Vec<&str> = raw
                .bands
                .value
                .iter()
                .map(|band| band.value.grade.value.trim())
                .collect();
            quota::validate(
                &distribution.value,
                position_of(distribution),
                &names,
                diagnostics,
            )
        }
    };
    let (range, bands, distribution) = (range?, bands?, distribution?);
    let intervals: Vec<(Position, Interval)> = bands
        .iter()
        .map(|(position, values, _)| (*position, *values))
        .collect();
    let domain = range.map_or(Domain::Everything, |(low, high)| Domain::Between(low, high));
    let show = |value: Decimal| value.normalize().to_string();
    check_coverage(&intervals, at, domain, &show, diagnostics);
    Some(Grades {
        bands: bands
            .into_iter()
            .map(|(_, values, grade)| (values, grade))
            .collect(),
        range,
        distribution,
    })
}

fn validate_range(
    range: &Spanned<(Spanned<RawNumber>, Spanned<RawNumber>)>,
    diagnostics: &mut Diagnostics,
) -> Option<(Decimal, Decimal)> {
    let low = number(&range.value.0, "range", diagnostics);
    let high = number(&range.value.1, "range", diagnostics);
    let (low, high) = (low?, high?);
    if low >= high {
        diagnostics.error(
            position_of(range),
            "`range` takes [lowest, highest] with the lowest total below the highest",
        );
        return None;
    }
    Some((low, high))
}

/// Every band with its position, or `None` if any band does not read (its
/// problems are reported; the coverage of a partial list would mislead).
fn validate_bands(
    raw: &Spanned<Vec<Spanned<RawGrade>>>,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<(Position, Interval, Grade)>> {
    if raw.value.is_empty() {
        diagnostics.error(position_of(raw), "`bands` needs at least one grade");
        return None;
    }
    let bands: Vec<_> = raw
        .value
        .iter()
        .filter_map(|band| validate_band(band, diagnostics))
        .collect();
    (bands.len() == raw.value.len()).then_some(bands)
}

fn validate_band(
    raw: &Spanned<RawGrade>,
    diagnostics: &mut Diagnostics,
) -> Option<(Position, Interval, Grade)> {
    let band = &raw.value;
    let at = position_of(raw);
    // Each part is checked before any `?`, so all of a band's problems show.
    let name = grade_name(&band.grade, diagnostics);
    let bounds = RawBounds {
        from: &band.from,
        above: &band.above,
        to: &band.to,
        below: &band.below,
    };
    let values = interval(bounds, at, diagnostics);
    let pays = match &band.pays {
        None => Some(None),
        Some(pays) => validate_pay(pays, diagnostics).map(Some),
    };
    let grade = Grade {
        name: name?,
        pays: pays?,
    };
    Some((at, values?, grade))
}

fn grade_name(raw: &Spanned<String>, diagnostics: &mut Diagnostics) -> Option<String> {
    let name = raw.value.trim();
    if name.is_empty() {
        diagnostics.error(position_of(raw), "a grade needs a name");
        return None;
    }
    Some(name.to_string())
}

fn validate_pay(raw: &Spanned<RawPay>, diagnostics: &mut Diagnostics) -> Option<Pay> {
    match &raw.value {
        RawPay::Amount(amount) => pay_number(amount, "pays", raw, diagnostics).map(Pay::Amount),
        RawPay::Ratio(RawRatio { ratio }) => {
            let value = pay_number(ratio, "ratio", raw, diagnostics)?;
            // A grade that takes away a share of base pay writes a negative
            // amount instead; a negative ratio is a slip.
            if value < Decimal::ZERO {
                diagnostics.error(
                    position_of(raw),
                    format!("`ratio` is {value}; a share of base pay is not negative"),
                );
                return None;
            }
            Some(Pay::RatioOfBase(value))
        }
    }
}

/// Reads a number of `pays` with the shared [`number`] check, placed at
/// `pays`: inside an untagged value serde-saphyr records no position.
fn pay_number(
    raw: &RawNumber,
    what: &str,
    pays: &Spanned<RawPay>,
    diagnostics: &mut Diagnostics,
) -> Option<Decimal> {
    let placed = Spanned::new(raw.clone(), pays.referenced, pays.defined);
    number(&placed, what, diagnostics)
}

/// Names compare trimmed and case-blind: `a` and `A ` are the same grade.
fn report_names_twice(bands: &[Spanned<RawGrade>], diagnostics: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for band in bands {
        let name = &band.value.grade;
        let key = name.value.trim().to_lowercase();
        if !key.is_empty() && !seen.insert(key) {
            diagnostics.error(
                position_of(name),
                format!("grade `{}` is listed twice", name.value.trim()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::rules::test_support::validated;

    fn grades(yaml: &str) -> (Option<Grades>, Vec<String>) {
        validated(yaml, validate)
    }

    /// Grades that validate without a problem.
    fn clean(yaml: &str) -> Grades {
        match grades(yaml) {
            (Some(grades), problems) if problems.is_empty() => grades,
            (_, problems) => panic!("grades do not validate: {problems:?}"),
        }
    }

    /// Grades as the form writes them, with the problems check reports.
    fn with_problems(yaml: &str) -> (Grades, Vec<String>) {
        match grades(yaml) {
            (Some(grades), problems) => (grades, problems),
            (None, problems) => panic!("grades do not read: {problems:?}"),
        }
    }

    /// "name pays" for a total, or "none" when no band holds it.
    fn outcome(grades: &Grades, total: Decimal) -> String {
        match grades.grade_of(total) {
            None => "none".into(),
            Some(grade) => match grade.pays.and_then(|pays| pays.amount(None)) {
                Some(amount) => format!("{} {}", grade.name, amount.normalize()),
                None => grade.name.clone(),
            },
        }
    }

    const G1: &str = "grades:
  range: [0, 100]
  bands:
    - { grade: A, above: 95, to: 100, pays: 300 }
    - { grade: B, above: 85, to: 95, pays: 200 }
    - { grade: C, above: 75, to: 85, pays: 0 }
    - { grade: D, to: 75, pays: -200 }";

    #[test]
    fn g1_bonus_by_grade_boundaries_belong_to_the_lower_grade() {
        let grades = clean(G1);
        let cases = [
            (dec!(100), "A 300"),
            (dec!(95.01), "A 300"),
            (dec!(95), "B 200"),
            (dec!(85.5), "B 200"),
            (dec!(85), "C 0"),
            (dec!(75), "D -200"),
        ];
        for (total, expected) in cases {
            assert_eq!(outcome(&grades, total), expected, "total {total}");
        }
        assert_eq!(grades.range(), Some((dec!(0), dec!(100))));
    }

    /// G2 written as the form says: "卓越95~100 优秀85~94 良好75~84 一般65~74
    /// 不及格65以下".
    const G2: &str = "grades:
  range: [0, 100]
  bands:
    - { grade: 卓越, from: 95, to: 100, pays: 1800 }
    - { grade: 优秀, from: 85, to: 94, pays: 1700 }
    - { grade: 良好, from: 75, to: 84, pays: 1600 }
    - { grade: 一般, from: 65, to: 74, pays: 1500 }
    - { grade: 不及格, below: 65, pays: 1400 }";

    #[test]
    fn g2_whole_number_bands_leave_fractional_totals_uncovered() {
        let (grades, problems) = with_problems(G2);
        assert_eq!(
            problems,
            [
                "6:7: no band holds values in (74, 75)",
                "5:7: no band holds values in (84, 85)",
                "4:7: no band holds values in (94, 95)"
            ]
        );
        assert_eq!(outcome(&grades, dec!(96)), "卓越 1800");
        assert_eq!(outcome(&grades, dec!(85)), "优秀 1700");
        assert_eq!(outcome(&grades, dec!(64)), "不及格 1400");
        assert_eq!(outcome(&grades, dec!(94.5)), "none");
    }

    #[test]
    fn g2_with_below_bounds_is_clean() {
        let yaml = "grades:
  range: [0, 100]
  bands:
    - { grade: 卓越, from: 95, to: 100, pays: 1800 }
    - { grade: 优秀, from: 85, below: 95, pays: 1700 }
    - { grade: 良好, from: 75, below: 85, pays: 1600 }
    - { grade: 一般, from: 65, below: 75, pays: 1500 }
    - { grade: 不及格, below: 65, pays: 1400 }";
        let grades = clean(yaml);
        assert_eq!(outcome(&grades, dec!(94.5)), "优秀 1700");
    }

    /// G3 as the form says: "A杰出 110分以上; B优秀 101~110; C称职 80~100;
    /// D基本称职 60~79; E不称职 60分以下"; totals may exceed 100.
    const G3: &str = "grades:
  bands:
    - { grade: A杰出, above: 110 }
    - { grade: B优秀, from: 101, to: 110 }
    - { grade: C称职, from: 80, to: 100 }
    - { grade: D基本称职, from: 60, to: 79 }
    - { grade: E不称职, below: 60 }";

    #[test]
    fn g3_a_total_of_100_5_falls_in_a_gap_and_check_reports_it() {
        let (grades, problems) = with_problems(G3);
        assert_eq!(
            problems,
            [
                "5:7: no band holds values in (79, 80)",
                "4:7: no band holds values in (100, 101)"
            ]
        );
        assert_eq!(outcome(&grades, dec!(115)), "A杰出");
        assert_eq!(outcome(&grades, dec!(100)), "C称职");
        assert_eq!(outcome(&grades, dec!(59)), "E不称职");
        assert_eq!(outcome(&grades, dec!(100.5)), "none");
    }

    #[test]
    fn a_ratio_pays_that_share_of_the_base_pay_the_caller_supplies() {
        let yaml = "grades:
  bands:
    - { grade: A, from: 90, pays: { ratio: 120% } }
    - { grade: B, below: 90 }";
        let grades = clean(yaml);
        let pays = grades.grade_of(dec!(95)).and_then(|grade| grade.pays);
        assert_eq!(pays, Some(Pay::RatioOfBase(dec!(1.2))));
        let pays = pays.unwrap();
        assert_eq!(pays.amount(Some(dec!(1500))), Some(dec!(1800)));
        assert_eq!(pays.amount(None), None);
        assert_eq!(grades.grade_of(dec!(80)).unwrap().pays, None);
    }

    #[test]
    fn a_grade_listed_twice_and_an_overlap_are_reported() {
        let yaml = "grades:
  range: [0, 100]
  bands:
    - { grade: A, from: 90, to: 100 }
    - { grade: a, from: 60, to: 90 }
    - { grade: C, below: 60 }";
        let (_, problems) = grades(yaml);
        assert_eq!(
            problems,
            [
                "5:16: grade `a` is listed twice",
                "4:7: two bands hold exactly 90: say which one with `above`/`below`"
            ]
        );
    }

    #[test]
    fn totals_of_the_range_no_band_holds_are_reported() {
        let yaml = "grades:
  range: [0, 100]
  bands:
    - { grade: A, from: 60, below: 90 }";
        let (_, problems) = grades(yaml);
        assert_eq!(
            problems,
            [
                "2:3: no band holds values in [0, 60)",
                "2:3: no band holds values in [90, 100]"
            ]
        );
    }

    #[test]
    fn every_unreadable_value_is_reported_at_its_line() {
        let yaml = "grades:
  range: [100, 0]
  bands:
    - { grade: ' ', from: 90, pays: { ratio: -10% } }
    - { grade: B, from: lots, above: 5, pays: much }";
        let (built, problems) = grades(yaml);
        assert!(built.is_none());
        assert_eq!(
            problems,
            [
                "2:10: `range` takes [lowest, highest] with the lowest total below the highest",
                "4:16: a grade needs a name",
                "4:37: `ratio` is -0.1; a share of base pay is not negative",
                "5:7: a band takes `from` or `above`, not both",
                "5:47: expected a number for `pays`, found Text(\"much\")"
            ]
        );
    }

    #[test]
    fn an_unknown_key_is_a_parse_error_with_its_position() {
        let yaml = "grades:\n  bands:\n    - { grade: A, from: 90, pay: 300 }";
        let (built, problems) = grades(yaml);
        assert!(built.is_none());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("3:"), "{problems:?}");
        assert!(problems[0].contains("unknown field `pay`"), "{problems:?}");
    }

    #[test]
    fn grades_stand_best_first_whatever_order_the_mapping_lists_them_in() {
        let yaml = "grades:
  bands:
    - { grade: C, above: 75, to: 85 }
    - { grade: D, to: 75 }
    - { grade: A, above: 95 }
    - { grade: B, above: 85, to: 95 }";
        assert_eq!(clean(yaml).best_first(), ["A", "B", "C", "D"]);
    }

    #[test]
    fn a_distribution_is_read_against_the_bands_names() {
        let yaml = "grades:
  bands:
    - { grade: 优秀, from: 90 }
    - { grade: 合格, from: 60, below: 90 }
    - { grade: 不合格, below: 60 }
  distribution:
    - { grade: 优秀, at_most: 20% }
    - { grade: 不合格, at_least: 5% }";
        let grades = clean(yaml);
        let read: Vec<(&str, Option<Decimal>, Option<Decimal>)> = grades
            .distribution()
            .iter()
            .map(|q| (q.grade.as_str(), q.at_most, q.at_least))
            .collect();
        assert_eq!(
            read,
            [
                ("优秀", Some(dec!(0.2)), None),
                ("不合格", None, Some(dec!(0.05)))
            ]
        );
        assert!(clean(G1).distribution().is_empty());
    }

    #[test]
    fn a_distribution_naming_a_grade_no_band_has_is_an_error_at_its_line() {
        let yaml = "grades:
  bands:
    - { grade: A, from: 90 }
    - { grade: B, below: 90 }
  distribution:
    - { grade: S, at_most: 10% }";
        let (built, problems) = grades(yaml);
        assert!(built.is_none());
        assert_eq!(
            problems,
            ["6:16: unknown grade `S` in `distribution`; the bands name A, B"]
        );
    }
}
