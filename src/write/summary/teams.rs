//! The 团队 / Teams sheet: one row per team and period (the people of one
//! form with the same team key), with how many they are, their mean, lowest
//! and highest recomputed totals, how many got each grade, and — where the
//! form's mapping sets a target distribution — each constrained grade's
//! quota and how far the team is off it.
//!
//! Grades have a column each, named as the mapping names them; a form's
//! grades stand best first (the band of the highest totals first, whatever
//! order the mapping lists them in), forms in the order they first appear.
//! A grade has a column when someone got it or the distribution constrains
//! it (a 0 is what a quota is about). A team's row fills only its own
//! form's grade columns.
//!
//! After the grade counts, each grade a distribution bounds gets two
//! columns per bound: for `at_most`, the most people allowed (上限人数) and
//! how many are over (超出人数); for `at_least`, the fewest people needed
//! (下限人数) and how many are missing (缺少人数). A team over or short has
//! that cell filled with the warning colour.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::table::{Style, Table};
use super::{to_f64, warning_format, words};
use crate::mapping::Mapping;
use crate::model::Lang;
use crate::policy::quota::{Limit, QuotaCheck};
use crate::report::teams::{TeamRow, grades_of};

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
    pub(super) fn of(teams: &[TeamRow<'a>], mappings: &'a [Mapping]) -> Self {
        let mut best: Vec<FormGrades> = Vec::new();
        for team in teams.iter().map(|row| &row.team) {
            for member in &team.members {
                let Some(grade) = member.grade else { continue };
                raise(&mut best, team.form, grade, member.total);
            }
            let constrained = grades_of(mappings, team.form)
                .map(|grades| grades.distribution())
                .unwrap_or_default();
            for quota in constrained {
                raise(&mut best, team.form, &quota.grade, None);
            }
        }
        let forms: Vec<(&str, Vec<&str>)> = best
            .into_iter()
            .map(|(form, mut grades)| {
                // The mapping's bands order the grades; without it (a form
                // graded by a mapping not given) the totals that earned them do.
                let order = grades_of(mappings, form).map(|g| g.best_first());
                let place = |name: &str| {
                    order
                        .as_ref()
                        .and_then(|order| order.iter().position(|o| *o == name))
                        .unwrap_or(usize::MAX)
                };
                grades.sort_by_key(|(name, best)| (place(name), std::cmp::Reverse(*best)));
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
            .map(|row| &row.team)
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

/// A form and its grades, each with the best total that earned it (none
/// for a bounded grade nobody got).
type FormGrades<'a> = (&'a str, Vec<(&'a str, Option<Decimal>)>);

/// Notes `total` as earning `grade` in `form`, keeping each grade's best; a
/// grade with no total (constrained, nobody got it) still gets its place.
fn raise<'a>(
    best: &mut Vec<FormGrades<'a>>,
    form: &'a str,
    grade: &'a str,
    total: Option<Decimal>,
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

/// Which bound of a quota a pair of columns shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    AtMost,
    AtLeast,
}

impl Bound {
    fn of(self, check: &QuotaCheck) -> Option<Limit> {
        match self {
            Bound::AtMost => check.at_most,
            Bound::AtLeast => check.at_least,
        }
    }
}

/// The quota columns of the batch: each bounded grade and bound, in the
/// order of the grade columns; two columns each.
fn quota_columns<'a>(
    teams: &[TeamRow],
    grades: &GradeColumns<'a>,
    mappings: &[Mapping],
) -> Vec<(&'a str, Bound)> {
    let mut forms: Vec<&str> = teams.iter().map(|row| row.team.form).collect();
    forms.dedup();
    let quotas: Vec<_> = forms
        .iter()
        .filter_map(|form| grades_of(mappings, form))
        .flat_map(|grades| grades.distribution())
        .collect();
    let mut columns = Vec::new();
    for name in &grades.names {
        for bound in [Bound::AtMost, Bound::AtLeast] {
            let bounded = quotas.iter().any(|quota| {
                quota.grade == *name
                    && match bound {
                        Bound::AtMost => quota.at_most.is_some(),
                        Bound::AtLeast => quota.at_least.is_some(),
                    }
            });
            if bounded {
                columns.push((*name, bound));
            }
        }
    }
    columns
}

pub(super) fn write_teams(
    sheet: &mut Worksheet,
    teams: &[TeamRow],
    grades: &GradeColumns,
    mappings: &[Mapping],
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    let quotas = quota_columns(teams, grades, mappings);
    let mut headers: Vec<String> = words.team_columns.iter().map(|h| h.to_string()).collect();
    headers.extend(grades.names.iter().map(|name| name.to_string()));
    if grades.ungraded {
        headers.push(words.ungraded.to_string());
    }
    for (name, bound) in &quotas {
        let pair = match bound {
            Bound::AtMost => words.at_most_columns,
            Bound::AtLeast => words.at_least_columns,
        };
        headers.extend(pair.iter().map(|word| format!("{name} {word}")));
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new(sheet, words.teams_sheet, &headers)?;
    let columns = Columns {
        grades,
        quotas: &quotas,
        off_quota: warning_format(Style::Count),
    };
    for (row, team) in (1..).zip(teams) {
        write_team(&mut table, row, team, &columns)?;
    }
    table.finish()?;
    Ok(())
}

/// What the columns after the totals hold.
struct Columns<'c, 'a> {
    grades: &'c GradeColumns<'a>,
    quotas: &'c [(&'a str, Bound)],
    /// A count over or short of its quota.
    off_quota: Format,
}

fn write_team(
    table: &mut Table,
    row: u32,
    team_row: &TeamRow,
    columns: &Columns,
) -> Result<(), XlsxError> {
    let team = &team_row.team;
    table.text(row, 0, team.form, None)?;
    table.text(row, 1, &team.name, None)?;
    table.number(row, 2, team.people() as f64, Style::Count)?;
    let totals = [team_row.mean, team.lowest(), team.highest()];
    for (col, total) in (3..).zip(totals) {
        if let Some(total) = total {
            table.number(row, col, to_f64(total), Style::Score)?;
        }
    }
    let grades = columns.grades;
    let Some(own) = grades.of_form(team.form) else {
        return Ok(());
    };
    let first = 6;
    for grade in own {
        if let Some(col) = grades.names.iter().position(|name| name == grade) {
            table.number(row, first + col, team.count(grade) as f64, Style::Count)?;
        }
    }
    let mut next = first + grades.names.len();
    if grades.ungraded {
        table.number(row, next, team.ungraded() as f64, Style::Count)?;
        next += 1;
    }
    for (index, (name, bound)) in columns.quotas.iter().enumerate() {
        let limit = team_row
            .quotas
            .iter()
            .find(|check| check.grade == *name)
            .and_then(|check| bound.of(check));
        let Some(limit) = limit else { continue };
        let col = next + 2 * index;
        table.number(row, col, limit.people as f64, Style::Count)?;
        let off = limit.off as f64;
        if limit.off > 0 {
            table.number_with_format(row, col + 1, off, Style::Count, &columns.off_quota)?;
        } else {
            table.number(row, col + 1, off, Style::Count)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::mapping::parse_mapping_text;
    use crate::report::teams::{Member, Team};

    fn member(total: i64, grade: Option<&str>) -> Member<'_> {
        Member {
            total: Some(Decimal::from(total)),
            grade,
        }
    }

    fn team<'a>(form: &'a str, members: Vec<Member<'a>>) -> TeamRow<'a> {
        let team = Team {
            form,
            name: "部/月".into(),
            members,
        };
        TeamRow::of(team, &[])
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
        let columns = GradeColumns::of(&teams, &[]);
        assert_eq!(columns.names, ["四", "一", "A", "C"]);
        assert_eq!(columns.of_form("乙"), None);
        assert!(
            columns.ungraded,
            "丙 has a member without a grade; 乙 has no grades"
        );
    }

    #[test]
    fn a_constrained_grade_nobody_got_has_its_column_in_band_order() {
        let mapping = parse_mapping_text(
            Path::new("t.yaml"),
            "form: 丙
recognise: { title_contains: [丙] }
columns: { indicator: 指标, score: 得分 }
grades:
  bands:
    - { grade: C, below: 80 }
    - { grade: B, from: 80, below: 90 }
    - { grade: A, from: 90 }
  distribution:
    - { grade: C, at_least: 10% }
    - { grade: A, at_most: 20%, at_least: 5% }
indicators:
  - { label: a, full_marks: 100, rule: judged }
",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mappings = [mapping];
        let teams = [team(
            "丙",
            vec![member(85, Some("B")), member(99, Some("A"))],
        )];
        let columns = GradeColumns::of(&teams, &mappings);
        assert_eq!(columns.names, ["A", "B", "C"], "C: nobody, but bounded");
        assert_eq!(
            quota_columns(&teams, &columns, &mappings),
            [
                ("A", Bound::AtMost),
                ("A", Bound::AtLeast),
                ("C", Bound::AtLeast)
            ]
        );
    }
}
