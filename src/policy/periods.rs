//! Across the periods of one person: a final score that averages several
//! periods (`average_of_periods`), and flags raised by runs of consecutive
//! periods (`flags`).
//!
//! # `average_of_periods` — rubric case M1
//!
//! "该评分为每季度一次,最终得分为四季度的平均分" (售前客服绩效量化考核表).
//!
//! ```yaml
//! average_of_periods: 4
//! ```
//!
//! The final score is the average of the periods' totals. **When fewer
//! periods have a result than the rule averages over** (the year is not
//! over, or a quarter's form is missing), the average is that of the periods
//! present, and [`PeriodAverage::missing`] says how many are missing, so the
//! score can be shown as provisional; with no period at all there is no
//! average. More periods than the rule averages over means the caller put
//! two years (or one quarter twice) together: that is an error, not a guess
//! at which to drop.
//!
//! # `flags` — rubric case M2
//!
//! "绩效考核连续3个月在70分以下的,调离工作岗位或建议离职" (000);
//! "连续2个月综合考评'不合格'的客服按辞退或者调岗处理",
//! "连续3个月考核排名第一的,将给予一次性200元的奖励" (002).
//!
//! ```yaml
//! flags:
//!   - { name: 调岗预警, consecutive: 3, below: 70 }
//!   - { name: 连续第一奖励, consecutive: 3, rank_at_most: 1 }
//!   - { name: 不合格, consecutive: 2, grade: 不合格 }
//! ```
//!
//! Each flag has a name, a number of consecutive periods, and one
//! condition: bounds on the period's total as in tiers (`from` ≥, `above` >,
//! `to` ≤, `below` <; "70分以下" is `below: 70`, so 70 itself does not count),
//! `rank_at_most` (the rank within the team, 1 best; members sharing first
//! place are all first), or `grade` (compared trimmed and case-blind).
//!
//! Periods are given in order, one per period with none left out: a period
//! without a result is given with its values missing, so that a run does not
//! bridge it. A flag is raised once per maximal run of at least
//! `consecutive` periods meeting its condition, naming every period of the
//! run (five months below 70 raise 调岗预警 once, for all five). A period that
//! lacks the value a flag reads (no rank, say) ends any run and is listed in
//! [`FlagReport::undetermined`]. Results come in the order of the flags,
//! then of the periods.

use std::collections::BTreeSet;
use std::ops::Range;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::rules::bands::{Interval, RawBounds, interval};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

/// `average_of_periods: 4`.
pub type RawAverage = RawNumber;

pub type RawFlags = Vec<Spanned<RawFlag>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlag {
    name: Spanned<String>,
    consecutive: Spanned<RawNumber>,
    from: Option<Spanned<RawNumber>>,
    above: Option<Spanned<RawNumber>>,
    to: Option<Spanned<RawNumber>>,
    below: Option<Spanned<RawNumber>>,
    rank_at_most: Option<Spanned<RawNumber>>,
    grade: Option<Spanned<String>>,
}

/// One period of one person, as the team pass knows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Period {
    /// How the period is named (2026年10月, 2026年Q3).
    pub label: String,
    /// The period's total; `None` when it has no result.
    pub total: Option<Decimal>,
    /// The rank within the team that period, 1 best.
    pub rank: Option<u32>,
    /// The grade given that period (优秀, 不合格).
    pub grade: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AverageOfPeriods {
    /// How many periods the final score averages (4 quarters).
    pub periods: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodAverage {
    /// The average of the periods with a total; `None` when none has one.
    pub average: Option<Decimal>,
    /// How many periods had a total.
    pub present: usize,
    /// How many of the periods averaged over had no total, or were not
    /// given at all; 0 when the average is final.
    pub missing: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodsError {
    /// More periods were given than the rule averages over.
    TooMany { expected: usize, found: usize },
    /// The arithmetic left the decimal range.
    Overflow,
}

/// What a flag looks for in each period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The total falls within these bounds.
    Total(Interval),
    /// The rank is this or better (1 best).
    RankAtMost(u32),
    /// The grade is this one.
    Grade(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub consecutive: usize,
    pub condition: Condition,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flags {
    pub flags: Vec<Flag>,
}

/// A flag raised by a run of periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    pub flag: String,
    /// The run, as indices into the periods given.
    pub periods: Range<usize>,
    /// The labels of the run's periods.
    pub labels: Vec<String>,
}

/// A period a flag could not judge: it lacks the value the flag reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undetermined {
    pub flag: String,
    pub period: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlagReport {
    pub raised: Vec<Raised>,
    pub undetermined: Vec<Undetermined>,
}

pub fn validate_average(
    raw: &RawAverage,
    at: Position,
    diagnostics: &mut Diagnostics,
) -> Option<AverageOfPeriods> {
    let periods = count(raw, at, "average_of_periods", diagnostics)?;
    Some(AverageOfPeriods { periods })
}

pub fn validate_flags(
    raw: &RawFlags,
    at: Position,
    diagnostics: &mut Diagnostics,
) -> Option<Flags> {
    if raw.is_empty() {
        diagnostics.error(at, "`flags` needs at least one flag");
        return None;
    }
    let flags: Vec<Option<Flag>> = raw
        .iter()
        .map(|flag| validate_flag(flag, diagnostics))
        .collect();
    let mut seen = BTreeSet::new();
    let mut unique = true;
    for flag in raw {
        let name = &flag.value.name;
        let key = name.value.trim().to_lowercase();
        if !key.is_empty() && !seen.insert(key) {
            diagnostics.error(
                position_of(name),
                format!("flag `{}` is listed twice", name.value.trim()),
            );
            unique = false;
        }
    }
    let flags: Option<Vec<Flag>> = flags.into_iter().collect();
    Some(Flags { flags: flags? }).filter(|_| unique)
}

fn validate_flag(raw: &Spanned<RawFlag>, diagnostics: &mut Diagnostics) -> Option<Flag> {
    let flag = &raw.value;
    let at = position_of(raw);
    // Every part is read before any `?`, so all of a flag's problems show.
    let name = match flag.name.value.trim() {
        "" => {
            diagnostics.error(position_of(&flag.name), "a flag needs a name");
            None
        }
        name => Some(name.to_string()),
    };
    let consecutive = count(
        &flag.consecutive.value,
        position_of(&flag.consecutive),
        "consecutive",
        diagnostics,
    );
    let condition = condition(flag, at, diagnostics);
    Some(Flag {
        name: name?,
        consecutive: consecutive?,
        condition: condition?,
    })
}

fn condition(flag: &RawFlag, at: Position, diagnostics: &mut Diagnostics) -> Option<Condition> {
    let bounded = [&flag.from, &flag.above, &flag.to, &flag.below]
        .iter()
        .any(|bound| bound.is_some());
    let written = usize::from(bounded)
        + usize::from(flag.rank_at_most.is_some())
        + usize::from(flag.grade.is_some());
    if written != 1 {
        let problem = if written == 0 {
            "a flag needs a condition: `below`/`above`/`from`/`to` a total, `rank_at_most` or `grade`"
        } else {
            "a flag takes one condition: bounds on the total, `rank_at_most` or `grade`"
        };
        diagnostics.error(at, problem);
        return None;
    }
    if let Some(rank) = &flag.rank_at_most {
        let rank = count(&rank.value, position_of(rank), "rank_at_most", diagnostics)?;
        return u32::try_from(rank).ok().map(Condition::RankAtMost);
    }
    if let Some(grade) = &flag.grade {
        let name = grade.value.trim();
        if name.is_empty() {
            diagnostics.error(position_of(grade), "`grade` needs the name of a grade");
            return None;
        }
        return Some(Condition::Grade(name.to_string()));
    }
    let bounds = RawBounds {
        from: &flag.from,
        above: &flag.above,
        to: &flag.to,
        below: &flag.below,
    };
    interval(bounds, at, diagnostics).map(Condition::Total)
}

/// More periods (or a worse rank) than any form has: a slip.
const LARGEST_COUNT: usize = 10_000;

/// A count of periods or a rank: a whole number of at least 1.
fn count(
    raw: &RawNumber,
    at: Position,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let Some(value) = raw.to_decimal() else {
        diagnostics.error(at, format!("expected a number for `{what}`, found {raw:?}"));
        return None;
    };
    let whole = Some(value)
        .filter(|value| value.fract().is_zero() && *value >= Decimal::ONE)
        .and_then(|value| usize::try_from(value).ok())
        .filter(|value| *value <= LARGEST_COUNT);
    if whole.is_none() {
        diagnostics.error(
            at,
            format!(
                "`{what}` is {}; it takes a whole number from 1 to {LARGEST_COUNT}",
                value.normalize()
            ),
        );
    }
    whole
}

impl AverageOfPeriods {
    /// The average over one person's periods, given in order.
    pub fn evaluate(&self, periods: &[Period]) -> Result<PeriodAverage, PeriodsError> {
        if periods.len() > self.periods {
            return Err(PeriodsError::TooMany {
                expected: self.periods,
                found: periods.len(),
            });
        }
        let totals: Vec<Decimal> = periods.iter().filter_map(|period| period.total).collect();
        let present = totals.len();
        let missing = self.periods - present;
        if totals.is_empty() {
            return Ok(PeriodAverage {
                average: None,
                present,
                missing,
            });
        }
        let sum = totals
            .iter()
            .try_fold(Decimal::ZERO, |sum, total| sum.checked_add(*total))
            .ok_or(PeriodsError::Overflow)?;
        let average = sum
            .checked_div(Decimal::from(present))
            .ok_or(PeriodsError::Overflow)?;
        Ok(PeriodAverage {
            average: Some(average),
            present,
            missing,
        })
    }
}

impl Condition {
    /// Whether the period meets the condition; `None` when it lacks the
    /// value the condition reads.
    fn holds(&self, period: &Period) -> Option<bool> {
        match self {
            Condition::Total(values) => period.total.map(|total| values.holds(total)),
            Condition::RankAtMost(best) => period.rank.map(|rank| rank <= *best),
            Condition::Grade(grade) => period
                .grade
                .as_ref()
                .map(|given| given.trim().to_lowercase() == grade.to_lowercase()),
        }
    }
}

impl Flags {
    /// The flags one person's periods raise; periods in order, none left out.
    pub fn evaluate(&self, periods: &[Period]) -> FlagReport {
        let mut report = FlagReport::default();
        for flag in &self.flags {
            let mut run_start = 0;
            for (index, period) in periods.iter().enumerate() {
                let holds = flag.condition.holds(period);
                if holds.is_none() {
                    report.undetermined.push(Undetermined {
                        flag: flag.name.clone(),
                        period: index,
                    });
                }
                if holds != Some(true) {
                    flag.raise_if_long(run_start..index, periods, &mut report);
                    run_start = index + 1;
                }
            }
            flag.raise_if_long(run_start..periods.len(), periods, &mut report);
        }
        report
    }
}

impl Flag {
    fn raise_if_long(&self, run: Range<usize>, periods: &[Period], report: &mut FlagReport) {
        if run.len() >= self.consecutive {
            report.raised.push(Raised {
                flag: self.name.clone(),
                labels: periods[run.clone()]
                    .iter()
                    .map(|period| period.label.clone())
                    .collect(),
                periods: run,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::rules::test_support::validated;

    fn months(totals: &[Option<Decimal>]) -> Vec<Period> {
        totals
            .iter()
            .enumerate()
            .map(|(index, total)| Period {
                label: format!("{}月", index + 1),
                total: *total,
                ..Period::default()
            })
            .collect()
    }

    fn average(yaml: &str) -> AverageOfPeriods {
        match validated(yaml, validate_average) {
            (Some(rule), problems) if problems.is_empty() => rule,
            (_, problems) => panic!("does not validate: {problems:?}"),
        }
    }

    fn flags(yaml: &str) -> Flags {
        match validated(yaml, validate_flags) {
            (Some(flags), problems) if problems.is_empty() => flags,
            (_, problems) => panic!("does not validate: {problems:?}"),
        }
    }

    /// (flag, labels of the run) for each flag raised.
    fn raised(report: &FlagReport) -> Vec<(String, Vec<String>)> {
        report
            .raised
            .iter()
            .map(|raised| (raised.flag.clone(), raised.labels.clone()))
            .collect()
    }

    fn run(flag: &str, labels: &[&str]) -> (String, Vec<String>) {
        (
            flag.to_string(),
            labels.iter().map(|label| label.to_string()).collect(),
        )
    }

    #[test]
    fn m1_final_score_is_the_average_of_four_quarters() {
        let rule = average("average_of_periods: 4");
        let quarters = months(&[
            Some(dec!(80)),
            Some(dec!(90)),
            Some(dec!(85)),
            Some(dec!(75)),
        ]);
        assert_eq!(
            rule.evaluate(&quarters),
            Ok(PeriodAverage {
                average: Some(dec!(82.5)),
                present: 4,
                missing: 0
            })
        );
    }

    #[test]
    fn m1_with_quarters_missing_averages_those_present_and_counts_the_rest() {
        let rule = average("average_of_periods: 4");
        let two = months(&[Some(dec!(80)), Some(dec!(90))]);
        assert_eq!(
            rule.evaluate(&two),
            Ok(PeriodAverage {
                average: Some(dec!(85)),
                present: 2,
                missing: 2
            })
        );
        // A quarter given without a result counts as missing too.
        let gap = months(&[Some(dec!(80)), None, Some(dec!(90)), Some(dec!(70))]);
        let found = rule.evaluate(&gap).unwrap();
        assert_eq!((found.average, found.missing), (Some(dec!(80)), 1));
        assert_eq!(
            rule.evaluate(&[]),
            Ok(PeriodAverage {
                average: None,
                present: 0,
                missing: 4
            })
        );
    }

    #[test]
    fn m1_more_periods_than_averaged_is_an_error() {
        let rule = average("average_of_periods: 4");
        let five = months(&[Some(dec!(80)); 5]);
        assert_eq!(
            rule.evaluate(&five),
            Err(PeriodsError::TooMany {
                expected: 4,
                found: 5
            })
        );
    }

    #[test]
    fn m1_the_count_is_a_whole_number_of_periods() {
        for (yaml, shown) in [
            (
                "average_of_periods: 0",
                "`average_of_periods` is 0; it takes a whole number from 1 to 10000",
            ),
            (
                "average_of_periods: 2.5",
                "`average_of_periods` is 2.5; it takes a whole number from 1 to 10000",
            ),
            (
                "average_of_periods: 四",
                "expected a number for `average_of_periods`, found Text(\"四\")",
            ),
        ] {
            let (built, problems) = validated(yaml, validate_average);
            assert_eq!(built, None);
            assert_eq!(problems, [format!("1:21: {shown}")]);
        }
    }

    const M2: &str = "flags:
  - { name: 调岗预警, consecutive: 3, below: 70 }
  - { name: 连续第一奖励, consecutive: 3, rank_at_most: 1 }
  - { name: 不合格, consecutive: 2, grade: 不合格 }";

    #[test]
    fn m2_three_months_below_70_raise_the_flag_with_those_months() {
        let flags = flags(M2);
        let report = flags.evaluate(&months(&[Some(dec!(68)), Some(dec!(65)), Some(dec!(69))]));
        assert_eq!(raised(&report), [run("调岗预警", &["1月", "2月", "3月"])]);
        assert_eq!(report.raised[0].periods, 0..3);
    }

    #[test]
    fn m2_a_month_at_or_above_70_breaks_the_run() {
        let flags = flags(M2);
        let broken = months(&[Some(dec!(68)), Some(dec!(72)), Some(dec!(65))]);
        assert_eq!(raised(&flags.evaluate(&broken)), []);
        // "70分以下" is `below: 70`: 70 itself is not below.
        let at_70 = months(&[Some(dec!(68)), Some(dec!(70)), Some(dec!(65))]);
        assert_eq!(raised(&flags.evaluate(&at_70)), []);
    }

    #[test]
    fn m2_a_longer_run_is_raised_once_naming_all_its_months() {
        let flags = flags(M2);
        let totals = [75, 68, 65, 69, 60, 80, 50, 55, 40].map(|t| Some(Decimal::from(t)));
        let report = flags.evaluate(&months(&totals));
        assert_eq!(
            raised(&report),
            [
                run("调岗预警", &["2月", "3月", "4月", "5月"]),
                run("调岗预警", &["7月", "8月", "9月"])
            ]
        );
        assert_eq!(report.raised[0].periods, 1..5);
    }

    #[test]
    fn m2_first_place_three_months_running_and_shared_first_counts() {
        let flags = flags(M2);
        let ranked = |ranks: &[u32]| -> Vec<Period> {
            ranks
                .iter()
                .enumerate()
                .map(|(index, rank)| Period {
                    label: format!("{}月", index + 1),
                    total: Some(dec!(95)),
                    rank: Some(*rank),
                    grade: None,
                })
                .collect()
        };
        let report = flags.evaluate(&ranked(&[2, 1, 1, 1]));
        assert_eq!(
            raised(&report),
            [run("连续第一奖励", &["2月", "3月", "4月"])]
        );
        assert_eq!(raised(&flags.evaluate(&ranked(&[1, 2, 1, 1]))), []);
    }

    #[test]
    fn m2_two_failing_grades_in_a_row() {
        let flags = flags(M2);
        let graded: Vec<Period> = ["合格", "不合格", " 不合格 "]
            .iter()
            .enumerate()
            .map(|(index, grade)| Period {
                label: format!("{}月", index + 1),
                total: Some(dec!(75)),
                rank: Some(3),
                grade: Some(grade.to_string()),
            })
            .collect();
        let report = flags.evaluate(&graded);
        assert_eq!(raised(&report), [run("不合格", &["2月", "3月"])]);
        assert_eq!(report.undetermined, []);
    }

    #[test]
    fn a_period_without_the_value_read_ends_the_run_and_is_listed() {
        let flags = flags("flags:\n  - { name: 调岗预警, consecutive: 3, below: 70 }");
        let report = flags.evaluate(&months(&[
            Some(dec!(68)),
            Some(dec!(65)),
            None,
            Some(dec!(69)),
        ]));
        assert_eq!(raised(&report), []);
        assert_eq!(
            report.undetermined,
            [Undetermined {
                flag: "调岗预警".into(),
                period: 2
            }]
        );
    }

    #[test]
    fn above_and_closed_bounds_on_the_total() {
        let flags = flags(
            "flags:
  - { name: 持续优秀, consecutive: 2, above: 95 }
  - { name: 及格边缘, consecutive: 2, from: 60, to: 70 }",
        );
        let totals = [96, 97, 95, 70, 60].map(|t| Some(Decimal::from(t)));
        let report = flags.evaluate(&months(&totals));
        assert_eq!(
            raised(&report),
            [
                run("持续优秀", &["1月", "2月"]),
                run("及格边缘", &["4月", "5月"])
            ]
        );
    }

    #[test]
    fn flags_need_one_condition_a_count_and_distinct_names() {
        let yaml = "flags:
  - { name: 甲, consecutive: 3 }
  - { name: 乙, consecutive: 3, below: 70, rank_at_most: 1 }
  - { name: 丙, consecutive: 0, grade: 不合格 }
  - { name: 丁, consecutive: 2, rank_at_most: 1.5 }
  - { name: 甲, consecutive: 2, from: 80, below: 70 }";
        let (built, problems) = validated(yaml, validate_flags);
        assert_eq!(built, None);
        assert_eq!(
            problems,
            [
                "2:5: a flag needs a condition: `below`/`above`/`from`/`to` a total, `rank_at_most` or `grade`",
                "3:5: a flag takes one condition: bounds on the total, `rank_at_most` or `grade`",
                "4:29: `consecutive` is 0; it takes a whole number from 1 to 10000",
                "5:46: `rank_at_most` is 1.5; it takes a whole number from 1 to 10000",
                "6:5: this band holds no value: its lower bound is not below its upper bound",
                "6:13: flag `甲` is listed twice"
            ]
        );
    }

    #[test]
    fn unknown_keys_in_a_flag_are_rejected() {
        let (built, problems) = validated(
            "flags:\n  - { name: 甲, consecutive: 3, under: 70 }",
            validate_flags,
        );
        assert_eq!(built, None);
        assert!(
            problems[0].contains("unknown field `under`"),
            "{problems:?}"
        );
    }
}
