//! `report.json`: the summary, machine-readable, with every finding.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{Finding, Severity};
use crate::pipeline::{FileResult, Outcome, Person};
use crate::score::round;

#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub files: Vec<FileReport<'a>>,
    pub errors: usize,
    pub warnings: usize,
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

pub fn build_report(results: &[FileResult]) -> Report<'_> {
    let files: Vec<FileReport> = results.iter().map(file_report).collect();
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
