//! The teams of a batch as the outputs show them: one per form, team key
//! and period (the people of one form with the same team key), each
//! member's total as the summary shows it and grade, and how the team
//! stands against the form's target grade distribution. The team sheet of
//! summary.xlsx and the `teams` of report.json read them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::mapping::Mapping;
use crate::policy::grades::Grades;
use crate::policy::quota::QuotaCheck;
use crate::results::{FileResult, Outcome, Person};
use crate::score::round;

/// Decimals of a team's mean total.
const MEAN_DECIMALS: u32 = 2;

/// One person's part in a team: the total as the summary shows it (rounded
/// to the form's decimals) and the grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub total: Decimal,
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

    /// The mean total, to two decimals (Excel ROUND).
    pub fn mean(&self) -> Option<Decimal> {
        let sum = self
            .members
            .iter()
            .try_fold(Decimal::ZERO, |sum, m| sum.checked_add(m.total))?;
        let mean = sum.checked_div(Decimal::from(self.people()))?;
        Some(round(mean, MEAN_DECIMALS))
    }

    pub fn lowest(&self) -> Option<Decimal> {
        self.members.iter().map(|m| m.total).min()
    }

    pub fn highest(&self) -> Option<Decimal> {
        self.members.iter().map(|m| m.total).max()
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

/// The grades of `form`'s mapping, if it has any.
pub fn grades_of<'m>(mappings: &'m [Mapping], form: &str) -> Option<&'m Grades> {
    mappings
        .iter()
        .find(|mapping| mapping.form == form)
        .and_then(|mapping| mapping.grades.as_ref())
}

/// The teams of the batch, in the order their first member appears.
pub fn teams(results: &[FileResult]) -> Vec<Team<'_>> {
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
                    total: round(person.scored.total.recomputed, file.decimals),
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
            total: Decimal::from(total),
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
