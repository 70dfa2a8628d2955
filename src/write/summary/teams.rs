//! The 团队 / Teams sheet: one row per team and period (the people of one
//! form with the same team key), with how many they are, their mean, lowest
//! and highest recomputed totals, and how many got each grade.
//!
//! Grades have a column each, named as the mapping names them; a form's
//! grades stand best first (ordered by the totals that earned them, which
//! is the bands' order from the top, whatever order the mapping lists them
//! in), forms in the order they first appear. A team's row fills only its
//! own form's grade columns.
//!
//! A target distribution ("A at most 20%") belongs after the grade counts:
//! the mapping language has none yet. When it gains one, pass the mappings
//! in, and write "over quota" per grade from [`Team::count`] and
//! [`Team::people`] against it in [`write_team`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::table::{Style, Table};
use super::{to_f64, words};
use crate::model::Lang;
use crate::pipeline::{FileResult, Outcome, Person};
use crate::score::round;

/// Decimals of a team's mean total.
const MEAN_DECIMALS: u32 = 2;

/// One person's part in a team: the total as the summary shows it (rounded
/// to the form's decimals) and the grade.
pub(super) struct Member<'a> {
    total: Decimal,
    grade: Option<&'a str>,
}

pub(super) struct Team<'a> {
    pub form: &'a str,
    /// The team key's values joined with "/", e.g. 售前客服部/2026年10月.
    pub name: String,
    members: Vec<Member<'a>>,
}

impl Team<'_> {
    pub(super) fn people(&self) -> usize {
        self.members.len()
    }

    /// The mean total, to two decimals (Excel ROUND).
    pub(super) fn mean(&self) -> Option<Decimal> {
        let sum = self
            .members
            .iter()
            .try_fold(Decimal::ZERO, |sum, m| sum.checked_add(m.total))?;
        let mean = sum.checked_div(Decimal::from(self.people()))?;
        Some(round(mean, MEAN_DECIMALS))
    }

    pub(super) fn lowest(&self) -> Option<Decimal> {
        self.members.iter().map(|m| m.total).min()
    }

    pub(super) fn highest(&self) -> Option<Decimal> {
        self.members.iter().map(|m| m.total).max()
    }

    /// How many members got `grade`.
    pub(super) fn count(&self, grade: &str) -> usize {
        self.members
            .iter()
            .filter(|m| m.grade == Some(grade))
            .count()
    }

    /// How many members got no grade.
    pub(super) fn ungraded(&self) -> usize {
        self.members.iter().filter(|m| m.grade.is_none()).count()
    }
}

/// The teams of the batch, in the order their first member appears.
pub(super) fn teams(results: &[FileResult]) -> Vec<Team<'_>> {
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

/// The grade columns of the batch.
pub(super) struct GradeColumns<'a> {
    /// Each graded form and its grades, best first.
    pub forms: Vec<(&'a str, Vec<&'a str>)>,
    /// Every grade name once: the team sheet's columns.
    pub names: Vec<&'a str>,
    /// Whether a team of a graded form has members without a grade.
    pub ungraded: bool,
}

impl<'a> GradeColumns<'a> {
    pub(super) fn of(teams: &[Team<'a>]) -> Self {
        let mut best: Vec<(&str, Vec<(&str, Decimal)>)> = Vec::new();
        for team in teams {
            for member in &team.members {
                let Some(grade) = member.grade else { continue };
                raise(&mut best, team.form, grade, member.total);
            }
        }
        let forms: Vec<(&str, Vec<&str>)> = best
            .into_iter()
            .map(|(form, mut grades)| {
                grades.sort_by_key(|(_, best)| std::cmp::Reverse(*best));
                (form, grades.into_iter().map(|(name, _)| name).collect())
            })
            .collect();
        let mut names: Vec<&str> = Vec::new();
        for name in forms.iter().flat_map(|(_, grades)| grades) {
            if !names.contains(name) {
                names.push(name);
            }
        }
        let mut columns = GradeColumns {
            forms,
            names,
            ungraded: false,
        };
        columns.ungraded = teams
            .iter()
            .any(|team| columns.of_form(team.form).is_some() && team.ungraded() > 0);
        columns
    }

    /// The grades of `form`, best first; `None` for a form without grades.
    pub(super) fn of_form(&self, form: &str) -> Option<&[&'a str]> {
        self.forms
            .iter()
            .find(|(name, _)| *name == form)
            .map(|(_, grades)| grades.as_slice())
    }
}

/// Notes `total` as earning `grade` in `form`, keeping each grade's best.
fn raise<'a>(
    best: &mut Vec<(&'a str, Vec<(&'a str, Decimal)>)>,
    form: &'a str,
    grade: &'a str,
    total: Decimal,
) {
    let slot = match best.iter().position(|(name, _)| *name == form) {
        Some(slot) => slot,
        None => {
            best.push((form, Vec::new()));
            best.len() - 1
        }
    };
    let Some((_, grades)) = best.get_mut(slot) else {
        return;
    };
    match grades.iter_mut().find(|(name, _)| *name == grade) {
        Some((_, top)) => *top = (*top).max(total),
        None => grades.push((grade, total)),
    }
}

pub(super) fn write_teams(
    sheet: &mut Worksheet,
    teams: &[Team],
    grades: &GradeColumns,
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    let mut headers: Vec<&str> = words.team_columns.to_vec();
    headers.extend(grades.names.iter().copied());
    if grades.ungraded {
        headers.push(words.ungraded);
    }
    let mut table = Table::new(sheet, words.teams_sheet, &headers)?;
    for (row, team) in (1..).zip(teams) {
        write_team(&mut table, row, team, grades)?;
    }
    table.finish()?;
    Ok(())
}

fn write_team(
    table: &mut Table,
    row: u32,
    team: &Team,
    grades: &GradeColumns,
) -> Result<(), XlsxError> {
    table.text(row, 0, team.form, None)?;
    table.text(row, 1, &team.name, None)?;
    table.number(row, 2, team.people() as f64, Style::Count)?;
    let totals = [team.mean(), team.lowest(), team.highest()];
    for (col, total) in (3..).zip(totals) {
        if let Some(total) = total {
            table.number(row, col, to_f64(total), Style::Score)?;
        }
    }
    let Some(own) = grades.of_form(team.form) else {
        return Ok(());
    };
    let first = 6;
    for grade in own {
        if let Some(col) = grades.names.iter().position(|name| name == grade) {
            table.number(row, first + col, team.count(grade) as f64, Style::Count)?;
        }
    }
    if grades.ungraded {
        let col = first + grades.names.len();
        table.number(row, col, team.ungraded() as f64, Style::Count)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(total: i64, grade: Option<&str>) -> Member<'_> {
        Member {
            total: Decimal::from(total),
            grade,
        }
    }

    fn team<'a>(form: &'a str, members: Vec<Member<'a>>) -> Team<'a> {
        Team {
            form,
            name: "部/月".into(),
            members,
        }
    }

    #[test]
    fn a_team_has_its_mean_range_and_counts() {
        let team = team(
            "表",
            vec![
                member(90, Some("A")),
                member(80, Some("B")),
                member(81, Some("B")),
            ],
        );
        assert_eq!(team.mean(), Some(Decimal::new(8367, 2)));
        assert_eq!(team.lowest(), Some(Decimal::from(80)));
        assert_eq!(team.highest(), Some(Decimal::from(90)));
        assert_eq!(
            (team.count("A"), team.count("B"), team.ungraded()),
            (1, 2, 0)
        );
    }

    #[test]
    fn grades_stand_best_first_per_form() {
        let teams = [
            team("甲", vec![member(60, Some("一")), member(95, Some("四"))]),
            team("乙", vec![member(70, None)]),
            team(
                "丙",
                vec![
                    member(70, Some("C")),
                    member(99, Some("A")),
                    member(60, None),
                ],
            ),
        ];
        let columns = GradeColumns::of(&teams);
        assert_eq!(columns.names, ["四", "一", "A", "C"]);
        assert_eq!(columns.of_form("乙"), None);
        assert!(
            columns.ungraded,
            "丙 has a member without a grade; 乙 has no grades"
        );
    }
}
