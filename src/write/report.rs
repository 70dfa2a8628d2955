//! `report.json`: the summary, machine-readable, with every finding, and
//! the teams as the summary's team sheet shows them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::teams::{Team, grades_of, teams};
use crate::mapping::Mapping;
use crate::model::{Finding, Severity};
use crate::policy::quota::QuotaCheck;
use crate::results::{FileResult, Outcome, Person};
use crate::score::round;

#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub files: Vec<FileReport<'a>>,
    /// One per form, team and period, in the order their first member appears.
    pub teams: Vec<TeamReport<'a>>,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Serialize)]
pub struct TeamReport<'a> {
    pub form: &'a str,
    /// The team key's values and the period, joined with "/".
    pub team: String,
    pub people: usize,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub mean: Option<Decimal>,
    /// People per grade someone got; left out for a form without grades.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grades: Option<BTreeMap<&'a str, usize>>,
    /// People whose total no band holds; left out for a form without grades.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ungraded: Option<usize>,
    /// The team against each quota of the form's target distribution.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotas: Vec<QuotaReport>,
}

/// One grade's quota: `at_most` (the share, "0.2" for 20%), the most people
/// it `allowed` and how many are `over`; `at_least`, the fewest `needed`
/// and how many are `short`. A bound the mapping does not set is left out.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct QuotaReport {
    pub grade: String,
    pub count: usize,
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub at_most: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over: Option<usize>,
    #[serde(
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub at_least: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<usize>,
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

#[derive(Debug, Serialize)]
pub struct FileReport<'a> {
    pub file: String,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<&'a str>,
    pub people: Vec<PersonReport<'a>>,
    pub findings: Vec<&'a Finding>,
}

#[derive(Debug, Serialize)]
pub struct PersonReport<'a> {
    pub name: Option<&'a str>,
    pub department: Option<&'a str>,
    pub period: Option<&'a str>,
    pub reviewer: Option<&'a str>,
    pub indicators: Vec<IndicatorReport<'a>>,
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// Where the form holds its total ("H17"), if it has one.
    pub total_cell: Option<String>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub hand_total: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub difference: Option<Decimal>,
    pub rank: Option<u32>,
    pub grade: Option<&'a str>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub grade_pays: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub commission: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub team_money: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub period_average: Option<Decimal>,
    pub flags: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct IndicatorReport<'a> {
    pub label: &'a str,
    #[serde(with = "rust_decimal::serde::str")]
    pub full_marks: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub score: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub hand_score: Option<Decimal>,
}

/// The report of a batch's results; `mappings` give the forms' grades and
/// target distributions.
pub fn build_report<'a>(results: &'a [FileResult], mappings: &[Mapping]) -> Report<'a> {
    let files: Vec<FileReport> = results.iter().map(file_report).collect();
    let teams = teams(results)
        .iter()
        .map(|team| team_report(team, mappings))
        .collect();
    let count = |severity| {
        files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.severity == severity)
            .count()
    };
    Report {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        files,
        teams,
    }
}

fn team_report<'a>(team: &Team<'a>, mappings: &[Mapping]) -> TeamReport<'a> {
    let graded = grades_of(mappings, team.form).is_some();
    TeamReport {
        form: team.form,
        team: team.name.clone(),
        people: team.people(),
        mean: team.mean(),
        grades: graded.then(|| team.grade_counts()),
        ungraded: graded.then(|| team.ungraded()),
        quotas: team
            .quotas(mappings)
            .into_iter()
            .map(QuotaReport::from)
            .collect(),
    }
}

fn file_report(result: &FileResult) -> FileReport<'_> {
    let findings = result.findings();
    let worst = findings.iter().map(|f| f.severity).max();
    let (form, sheet, people) = match &result.outcome {
        Outcome::Scored(file) => {
            let decimals = file.decimals;
            let people = file
                .people
                .iter()
                .map(|person| person_report(person, decimals))
                .collect();
            (Some(file.form.as_str()), Some(file.sheet.as_str()), people)
        }
        Outcome::Failed(_) => (None, None, Vec::new()),
    };
    let status = match (&result.outcome, worst) {
        (Outcome::Failed(_), _) => "unreadable",
        (_, Some(Severity::Error)) => "errors",
        (_, Some(Severity::Warning)) => "warnings",
        _ => "clean",
    };
    FileReport {
        file: result.input.relative.to_string_lossy().into_owned(),
        status,
        form,
        sheet,
        people,
        findings,
    }
}

fn person_report(person: &Person, decimals: u32) -> PersonReport<'_> {
    let hand_total = person.hand_total();
    let recomputed = person.scored.total.recomputed;
    PersonReport {
        name: person.name.as_deref(),
        department: person.department.as_deref(),
        period: person.period.as_deref(),
        reviewer: person.reviewer.as_deref(),
        indicators: person
            .scored
            .indicators
            .iter()
            .map(|i| IndicatorReport {
                label: &i.label,
                full_marks: i.full_marks,
                score: round(i.score, decimals),
                hand_score: i.hand(),
            })
            .collect(),
        total: round(recomputed, decimals),
        total_cell: person
            .scored
            .total
            .hand_cell
            .as_ref()
            .map(|read| read.cell.to_string()),
        hand_total,
        difference: hand_total.map(|hand| round(hand - recomputed, decimals)),
        rank: person.rank,
        grade: person.grade.as_ref().map(|g| g.name.as_str()),
        grade_pays: person.grade.as_ref().and_then(|g| g.pays),
        commission: person.commission,
        team_money: person.team_money,
        period_average: person.period_average,
        flags: &person.flags,
    }
}
