//! `report.json`: the summary, machine-readable, with every finding.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{Finding, Severity};
use crate::pipeline::{FileResult, Outcome};
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
    pub person: Option<PersonReport<'a>>,
    pub findings: Vec<&'a Finding>,
}

#[derive(Debug, Serialize)]
pub struct PersonReport<'a> {
    pub form: &'a str,
    pub sheet: &'a str,
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
    let person = match &result.outcome {
        Outcome::Scored(file) => {
            let decimals = file.mapping.decimals;
            let total = round(file.scored.total.recomputed, decimals);
            let hand_total = file.hand_total();
            Some(PersonReport {
                form: &file.mapping.form,
                sheet: &file.sheet,
                name: file.person.as_deref(),
                department: file.department.as_deref(),
                period: file.period.as_deref(),
                reviewer: file.reviewer.as_deref(),
                indicators: file
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
                total,
                hand_total,
                difference: hand_total
                    .map(|hand| round(hand - file.scored.total.recomputed, decimals)),
                rank: file.rank,
            })
        }
        Outcome::Failed(_) => None,
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
        person,
        findings,
    }
}
