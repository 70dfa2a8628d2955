//! `grades.distribution`: a target grade distribution (强制分布) for each
//! team and period — "A(优秀)不超过20%", "D 不少于 10%" — and how many of a
//! team's people are over a grade's quota or short of it.
//!
//! ```yaml
//! grades:
//!   range: [0, 100]
//!   bands:
//!     - { grade: A, above: 95, to: 100 }
//!     - { grade: B, above: 85, to: 95 }
//!     - { grade: C, above: 75, to: 85 }
//!     - { grade: D, to: 75 }
//!   distribution:
//!     - { grade: A, at_most: 20% }
//!     - { grade: B, at_most: 30% }
//!     - { grade: D, at_least: 10% }
//! ```
//!
//! - A share is written as a percentage (`20%`; `0.2` reads the same) and
//!   lies between 0% and 100%. A grade takes `at_most`, `at_least` or both.
//! - Quotas round the strict way, as HR practice does: `at_most: 20%` of n
//!   people allows ⌊n × 20%⌋ (12 people: ⌊2.4⌋ = 2), `at_least: 10%` needs
//!   ⌈n × 10%⌉ (12 people: ⌈1.2⌉ = 2). The product is exact (decimal), so
//!   30% of 10 is 3, never 3.0000000000000004 rounded up to 4.
//! - n is every member of the team in the period, graded or not; a grade
//!   counts the members whose recomputed total falls in its band.
//!
//! Validation reports, each at its line: a grade no band names, a grade
//! listed twice, a share outside 0–100%, an entry with neither bound,
//! `at_least` above `at_most`, and `at_least` shares adding up to more than
//! 100% (no team could meet them).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Deserialize;

use crate::rules::number;
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

/// The `distribution` list as written.
pub type Raw = Vec<Spanned<RawQuota>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuota {
    grade: Spanned<String>,
    at_most: Option<Spanned<RawNumber>>,
    at_least: Option<Spanned<RawNumber>>,
}

/// One grade's share of a team: at most and/or at least.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    /// The grade as its band names it.
    pub grade: String,
    /// The largest share (0.2 for 20%).
    pub at_most: Option<Decimal>,
    /// The smallest share.
    pub at_least: Option<Decimal>,
}

/// How one team stands against one grade's quota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaCheck {
    pub grade: String,
    /// Members with this grade.
    pub count: usize,
    /// `allowed`: the most people the share allows; `off`: how many over.
    pub at_most: Option<Limit>,
    /// `allowed`: the fewest people the share needs; `off`: how many short.
    pub at_least: Option<Limit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The share the mapping states (0.2 for 20%).
    pub share: Decimal,
    /// People the share allows (at most) or needs (at least) in this team.
    pub people: usize,
    /// People over the allowance, or short of the need; 0 when met.
    pub off: usize,
}

impl QuotaCheck {
    /// Whether the team is over or short on this grade.
    pub fn violated(&self) -> bool {
        [self.at_most, self.at_least]
            .iter()
            .flatten()
            .any(|limit| limit.off > 0)
    }
}

impl Quota {
    /// The team of `people` members, `count` of whom have this grade,
    /// against the quota.
    pub fn check(&self, people: usize, count: usize) -> QuotaCheck {
        QuotaCheck {
            grade: self.grade.clone(),
            count,
            at_most: self.at_most.map(|share| {
                let allowed = at_most(share, people);
                Limit {
                    share,
                    people: allowed,
                    off: count.saturating_sub(allowed),
                }
            }),
            at_least: self.at_least.map(|share| {
                let needed = at_least(share, people);
                Limit {
                    share,
                    people: needed,
                    off: needed.saturating_sub(count),
                }
            }),
        }
    }
}

/// The most people `share` of a team of `people` allows: rounded down.
pub fn at_most(share: Decimal, people: usize) -> usize {
    Decimal::from(people)
        .checked_mul(share)
        .and_then(|exact| exact.floor().to_usize())
        .unwrap_or(people)
}

/// The fewest people `share` of a team of `people` needs: rounded up.
pub fn at_least(share: Decimal, people: usize) -> usize {
    Decimal::from(people)
        .checked_mul(share)
        .and_then(|exact| exact.ceil().to_usize())
        .unwrap_or(people)
}

/// Validates the list against the grades the bands name (trimmed, as
/// written); names match trimmed and case-blind, and each quota takes its
/// band's spelling. `None` when anything in the list is wrong.
pub fn validate(
    raw: &Raw,
    at: Position,
    grades: &[&str],
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Quota>> {
    let before = diagnostics.count();
    if raw.is_empty() {
        diagnostics.error(
            at,
            "`distribution` needs at least one grade, e.g. `- { grade: A, at_most: 20% }`",
        );
        return None;
    }
    let mut quotas: Vec<Quota> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for entry in raw {
        let grade = known_grade(&entry.value.grade, grades, diagnostics);
        if let Some(name) = &grade {
            if seen.contains(name) {
                diagnostics.error(
                    position_of(&entry.value.grade),
                    format!(
                        "grade `{}` is listed twice in `distribution`",
                        entry.value.grade.value.trim()
                    ),
                );
            }
            seen.push(name.clone());
        }
        let bounds = validate_bounds(entry, diagnostics);
        if let (Some(grade), Some((at_most, at_least))) = (grade, bounds) {
            quotas.push(Quota {
                grade,
                at_most,
                at_least,
            });
        }
    }
    let least: Decimal = quotas.iter().filter_map(|q| q.at_least).sum();
    if least > Decimal::ONE {
        diagnostics.error(
            at,
            format!(
                "the `at_least` shares add up to {}, more than the whole team",
                percent(least)
            ),
        );
    }
    (diagnostics.count() == before).then_some(quotas)
}

/// An entry's `at_most` and `at_least`, each checked before either is
/// given up on, so all of an entry's problems show.
fn validate_bounds(
    raw: &Spanned<RawQuota>,
    diagnostics: &mut Diagnostics,
) -> Option<(Option<Decimal>, Option<Decimal>)> {
    let quota = &raw.value;
    let at_most = match &quota.at_most {
        None => Some(None),
        Some(share) => team_share(share, "at_most", diagnostics).map(Some),
    };
    let at_least = match &quota.at_least {
        None => Some(None),
        Some(share) => team_share(share, "at_least", diagnostics).map(Some),
    };
    if quota.at_most.is_none() && quota.at_least.is_none() {
        diagnostics.error(
            position_of(raw),
            "a grade of `distribution` takes `at_most`, `at_least` or both",
        );
        return None;
    }
    let (at_most, at_least) = (at_most?, at_least?);
    if let (Some(most), Some(least)) = (at_most, at_least)
        && least > most
    {
        diagnostics.error(
            position_of(raw),
            format!(
                "`at_least` ({}) is above `at_most` ({}): no team can meet both",
                percent(least),
                percent(most)
            ),
        );
        return None;
    }
    Some((at_most, at_least))
}

fn known_grade(
    raw: &Spanned<String>,
    grades: &[&str],
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let wanted = raw.value.trim().to_lowercase();
    let found = grades
        .iter()
        .find(|name| !name.is_empty() && name.to_lowercase() == wanted);
    if found.is_none() {
        let named: Vec<&str> = grades
            .iter()
            .copied()
            .filter(|name| !name.is_empty())
            .collect();
        diagnostics.error(
            position_of(raw),
            format!(
                "unknown grade `{}` in `distribution`; the bands name {}",
                raw.value.trim(),
                named.join(", ")
            ),
        );
    }
    found.map(|name| (*name).to_string())
}

/// A share of the team: between 0% and 100%.
fn team_share(
    raw: &Spanned<RawNumber>,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Decimal> {
    let value = number(raw, what, diagnostics)?;
    if value < Decimal::ZERO || value > Decimal::ONE {
        diagnostics.error(
            position_of(raw),
            format!(
                "`{what}` is {}; a share of the team is between 0% and 100%, written like 20%",
                value.normalize()
            ),
        );
        return None;
    }
    Some(value)
}

fn percent(ratio: Decimal) -> String {
    format!("{}%", (ratio * Decimal::ONE_HUNDRED).normalize())
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::rules::test_support::validated;

    const GRADES: [&str; 4] = ["A", "B", "C", "D"];

    fn quotas(yaml: &str) -> (Option<Vec<Quota>>, Vec<String>) {
        validated(yaml, |raw: &Raw, at, diagnostics| {
            validate(raw, at, &GRADES, diagnostics)
        })
    }

    fn quota(grade: &str, at_most: Option<Decimal>, at_least: Option<Decimal>) -> Quota {
        Quota {
            grade: grade.into(),
            at_most,
            at_least,
        }
    }

    #[test]
    fn a_at_most_20_percent_of_12_allows_2_and_3_are_1_over() {
        let a = quota("A", Some(dec!(0.2)), None);
        let check = a.check(12, 3);
        let limit = check.at_most.unwrap();
        assert_eq!((limit.people, limit.off), (2, 1));
        assert!(check.violated());
        assert_eq!(a.check(12, 2).at_most.unwrap().off, 0);
        assert!(!a.check(12, 2).violated());
    }

    #[test]
    fn at_most_rounds_down_and_at_least_rounds_up() {
        assert_eq!(at_most(dec!(0.2), 12), 2);
        assert_eq!(at_least(dec!(0.1), 12), 2, "⌈1.2⌉");
        assert_eq!(at_least(dec!(0.1), 10), 1, "exactly 1, not rounded up");
        assert_eq!(at_least(dec!(0.3), 10), 3, "decimal: 3, never 4");
        assert_eq!(at_most(dec!(0.3), 10), 3);
        assert_eq!(at_most(dec!(0.2), 4), 0, "a small team may have no A");
        assert_eq!(at_most(dec!(1), 7), 7);
        let d = quota("D", None, Some(dec!(0.1)));
        let check = d.check(12, 0);
        assert_eq!(check.at_least.map(|l| (l.people, l.off)), Some((2, 2)));
        assert_eq!(d.check(12, 5).at_least.unwrap().off, 0);
    }

    #[test]
    fn an_empty_team_has_no_quota_to_break() {
        let both = quota("B", Some(dec!(0.3)), Some(dec!(0.1)));
        let check = both.check(0, 0);
        assert_eq!(check.at_most.map(|l| (l.people, l.off)), Some((0, 0)));
        assert_eq!(check.at_least.map(|l| (l.people, l.off)), Some((0, 0)));
        assert!(!check.violated());
    }

    #[test]
    fn a_distribution_reads_names_as_the_bands_spell_them() {
        let yaml = "distribution:
  - { grade: a, at_most: 20% }
  - { grade: ' C ', at_least: 0.1, at_most: 50% }";
        let (built, problems) = quotas(yaml);
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(
            built.unwrap(),
            [
                quota("A", Some(dec!(0.2)), None),
                quota("C", Some(dec!(0.5)), Some(dec!(0.1)))
            ]
        );
    }

    #[test]
    fn every_problem_is_reported_at_its_line() {
        let yaml = "distribution:
  - { grade: E, at_most: 20% }
  - { grade: A, at_most: 20 }
  - { grade: B, at_least: -5% }
  - { grade: C, at_least: 30%, at_most: 20% }
  - { grade: D }
  - { grade: a, at_most: 10% }";
        let (built, problems) = quotas(yaml);
        assert!(built.is_none());
        assert_eq!(
            problems,
            [
                "2:14: unknown grade `E` in `distribution`; the bands name A, B, C, D",
                "3:26: `at_most` is 20; a share of the team is between 0% and 100%, written like 20%",
                "4:27: `at_least` is -0.05; a share of the team is between 0% and 100%, written like 20%",
                "5:5: `at_least` (30%) is above `at_most` (20%): no team can meet both",
                "6:5: a grade of `distribution` takes `at_most`, `at_least` or both",
                "7:14: grade `a` is listed twice in `distribution`"
            ]
        );
    }

    #[test]
    fn at_least_shares_over_the_whole_team_are_reported() {
        let yaml = "distribution:
  - { grade: A, at_least: 60% }
  - { grade: D, at_least: 50% }";
        let (built, problems) = quotas(yaml);
        assert!(built.is_none());
        assert_eq!(
            problems,
            ["2:3: the `at_least` shares add up to 110%, more than the whole team"]
        );
    }

    #[test]
    fn an_empty_list_and_an_unknown_key_are_reported() {
        let (_, problems) = quotas("distribution: []");
        assert_eq!(
            problems,
            ["1:15: `distribution` needs at least one grade, e.g. `- { grade: A, at_most: 20% }`"]
        );
        let (built, problems) = quotas("distribution:\n  - { grade: A, max: 20% }");
        assert!(built.is_none());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("2:"), "{problems:?}");
        assert!(problems[0].contains("unknown field `max`"), "{problems:?}");
    }
}
