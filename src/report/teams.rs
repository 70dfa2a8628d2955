//! The teams of a batch as the outputs show them: one per form, team key
//! and period (the people of one form with the same team key), each
//! member's total as the summary shows it and grade, the mean, and how the
//! team stands against the form's target grade distribution. The team sheet
//! and chart of summary.xlsx and the `teams` of report.json render them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::mapping::Mapping;
use crate::policy::grades::Grades;
use crate::policy::quota::QuotaCheck;
use crate::results::{FileResult, Outcome, Person};
use crate::score::round;

/// Decimals of a team's mean total.
const MEAN_DECIMALS: u32 = 2;

/// One person's part in a team: the total as the summary shows it (rounded
/// to the form's decimals; none where it is not recomputed) and the grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub total: Option<Decimal>,
    pub grade: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team<'a> {
    pub form: &'a str,
    /// The team key's values joined with "/", e.g. 售前客服部/2026年10月.
    pub name: String,
    pub members: Vec<Member<'a>>,
}

impl<'a> Team<'a> {
    pub fn people(&self) -> usize {
        self.members.len()
    }

    /// The mean of the totals recomputed, to two decimals (Excel ROUND).
    pub fn mean(&self) -> Option<Decimal> {
        let totals: Vec<Decimal> = self.totals().collect();
        let sum = totals
            .iter()
            .try_fold(Decimal::ZERO, |sum, total| sum.checked_add(*total))?;
        let mean = sum.checked_div(Decimal::from(totals.len()))?;
        Some(round(mean, MEAN_DECIMALS))
    }

    pub fn lowest(&self) -> Option<Decimal> {
        self.totals().min()
    }

    pub fn highest(&self) -> Option<Decimal> {
        self.totals().max()
    }

    fn totals(&self) -> impl Iterator<Item = Decimal> + '_ {
        self.members.iter().filter_map(|member| member.total)
    }

    /// How many members got `grade`.
    pub fn count(&self, grade: &str) -> usize {
        self.members
            .iter()
            .filter(|m| m.grade == Some(grade))
            .count()
    }

    /// How many members got no grade.
    pub fn ungraded(&self) -> usize {
        self.members.iter().filter(|m| m.grade.is_none()).count()
    }

    /// How many members got each grade, for the grades someone got.
    pub fn grade_counts(&self) -> BTreeMap<&'a str, usize> {
        let mut counts = BTreeMap::new();
        for grade in self.members.iter().filter_map(|m| m.grade) {
            *counts.entry(grade).or_default() += 1;
        }
        counts
    }

    /// The team against each quota of its form's target distribution, in
    /// the mapping's order; empty when the form sets none. Every member
    /// counts towards the team's size, graded or not.
    pub fn quotas(&self, mappings: &[Mapping]) -> Vec<QuotaCheck> {
        let Some(grades) = grades_of(mappings, self.form) else {
            return Vec::new();
        };
        grades
            .distribution()
            .iter()
            .map(|quota| quota.check(self.people(), self.count(&quota.grade)))
            .collect()
    }
}

/// A team's row: the team and what is worked out of it once.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRow<'a> {
    pub team: Team<'a>,
    /// The mean total, to two decimals.
    pub mean: Option<Decimal>,
    /// Whether the team's form has grades.
    pub graded: bool,
    /// The team against each quota of its form's target distribution.
    pub quotas: Vec<QuotaCheck>,
}

impl<'a> TeamRow<'a> {
    pub fn of(team: Team<'a>, mappings: &[Mapping]) -> Self {
        TeamRow {
            mean: team.mean(),
            graded: grades_of(mappings, team.form).is_some(),
            quotas: team.quotas(mappings),
            team,
        }
    }
}

/// The rows of the batch's teams, in the order their first member appears.
pub fn team_rows<'a>(results: &'a [FileResult], mappings: &[Mapping]) -> Vec<TeamRow<'a>> {
    teams(results)
        .into_iter()
        .map(|team| TeamRow::of(team, mappings))
        .collect()
}

/// A team in report.json.
#[derive(Debug, Serialize)]
struct TeamReport<'r, 'a> {
    form: &'a str,
    /// The team key's values and the period, joined with "/".
    team: &'r str,
    people: usize,
    #[serde(with = "rust_decimal::serde::str_option")]
    mean: Option<Decimal>,
    /// People per grade someone got; left out for a form without grades.
    #[serde(skip_serializing_if = "Option::is_none")]
    grades: Option<BTreeMap<&'a str, usize>>,
    /// People whose total no band holds; left out for a form without grades.
    #[serde(skip_serializing_if = "Option::is_none")]
    ungraded: Option<usize>,
    /// The team against each quota of the form's target distribution.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    quotas: Vec<QuotaReport>,
}

impl Serialize for TeamRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let team = &self.team;
        TeamReport {
            form: team.form,
            team: &team.name,
            people: team.people(),
            mean: self.mean,
            grades: self.graded.then(|| team.grade_counts()),
            ungraded: self.graded.then(|| team.ungraded()),
            quotas: self.quotas.iter().cloned().map(QuotaReport::from).collect(),
        }
        .serialize(serializer)
    }
}

/// One grade's quota: `at_most` (the share, "0.2" for 20%), the most people
/// it `allowed` and how many are `over`; `at_least`, the fewest `needed`
/// and how many are `short`. A bound the mapping does not set is left out.
#[derive(Debug, PartialEq, Eq, Serialize)]
struct QuotaReport {
    grade: String,
    count: usize,
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    at_most: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    over: Option<usize>,
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    at_least: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    needed: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short: Option<usize>,
}

impl From<QuotaCheck> for QuotaReport {
    fn from(check: QuotaCheck) -> Self {
        QuotaReport {
            grade: check.grade,
            count: check.count,
            at_most: check.at_most.map(|limit| limit.share.normalize()),
            allowed: check.at_most.map(|limit| limit.people),
            over: check.at_most.map(|limit| limit.off),
            at_least: check.at_least.map(|limit| limit.share.normalize()),
            needed: check.at_least.map(|limit| limit.people),
            short: check.at_least.map(|limit| limit.off),
        }
    }
}

/// The grades of `form`'s mapping, if it has any.
pub fn grades_of<'m>(mappings: &'m [Mapping], form: &str) -> Option<&'m Grades> {
    mappings
        .iter()
        .find(|mapping| mapping.form == form)
        .and_then(|mapping| mapping.grades.as_ref())
}

/// The teams of the batch, in the order their first member appears.
fn teams(results: &[FileResult]) -> Vec<Team<'_>> {
    let mut teams: Vec<Team> = Vec::new();
    let mut index: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for result in results {
        let Outcome::Scored(file) = &result.outcome else {
            continue;
        };
        for person in &file.people {
            let name = team_name(person);
            let slot = *index
                .entry((file.form.as_str(), name.clone()))
                .or_insert_with(|| {
                    teams.push(Team {
                        form: &file.form,
                        name,
                        members: Vec::new(),
                    });
                    teams.len() - 1
                });
            if let Some(team) = teams.get_mut(slot) {
                team.members.push(Member {
                    total: person
                        .scored
                        .total
                        .recomputed
                        .map(|total| round(total, file.decimals)),
                    grade: person.grade.as_ref().map(|g| g.name.as_str()),
                });
            }
        }
    }
    teams
}

/// The team key's values, and the period when the key leaves it out, so a
/// row is always one team in one period.
fn team_name(person: &Person) -> String {
    let mut parts: Vec<&str> = person
        .team
        .iter()
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
        .collect();
    if let Some(period) = person.period.as_deref().map(str::trim)
        && !period.is_empty()
        && !parts.contains(&period)
    {
        parts.push(period);
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::mapping::parse_mapping_text;

    fn member(total: i64, grade: Option<&str>) -> Member<'_> {
        Member {
            total: Some(Decimal::from(total)),
            grade,
        }
    }

    #[test]
    fn a_team_has_its_mean_range_and_counts() {
        let team = Team {
            form: "表",
            name: "部/月".into(),
            members: vec![
                member(90, Some("A")),
                member(80, Some("B")),
                member(81, Some("B")),
            ],
        };
        assert_eq!(team.mean(), Some(Decimal::new(8367, 2)));
        assert_eq!(team.lowest(), Some(Decimal::from(80)));
        assert_eq!(team.highest(), Some(Decimal::from(90)));
        assert_eq!(
            (team.count("A"), team.count("B"), team.ungraded()),
            (1, 2, 0)
        );
        assert_eq!(team.grade_counts(), BTreeMap::from([("A", 1), ("B", 2)]));
    }

    #[test]
    fn a_team_of_12_with_3_a_is_1_over_a_20_percent_quota() {
        let mapping = parse_mapping_text(
            Path::new("t.yaml"),
            "form: 表
recognise: { title_contains: [表] }
columns: { indicator: 指标, score: 得分 }
grades:
  bands:
    - { grade: A, from: 90 }
    - { grade: B, from: 60, below: 90 }
    - { grade: C, below: 60 }
  distribution:
    - { grade: A, at_most: 20% }
    - { grade: C, at_least: 10% }
indicators:
  - { label: a, full_marks: 100, rule: judged }
",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut members = vec![member(95, Some("A")); 3];
        members.extend(vec![member(70, Some("B")); 8]);
        members.push(member(59, None));
        let team = Team {
            form: "表",
            name: "月".into(),
            members,
        };
        let checks = team.quotas(std::slice::from_ref(&mapping));
        let pair = |l: Option<crate::policy::quota::Limit>| l.map(|l| (l.people, l.off));
        let shown: Vec<_> = checks
            .iter()
            .map(|c| (c.grade.as_str(), c.count, pair(c.at_most), pair(c.at_least)))
            .collect();
        assert_eq!(
            shown,
            [("A", 3, Some((2, 1)), None), ("C", 0, None, Some((2, 2)))],
            "12 people, the ungraded one among them: ⌊2.4⌋ A allowed, ⌈1.2⌉ C needed"
        );
        let other = Team {
            form: "别的表",
            name: "月".into(),
            members: vec![member(95, Some("A"))],
        };
        assert_eq!(other.quotas(&[mapping]), []);
    }
}
