//! The report model: what the outputs show of a batch, built once from the
//! results. A row per file and per person — scores and totals rounded to
//! the form's decimals, the difference from the total in the form, the
//! counts of errors and warnings and the status — and a row per team
//! ([`teams`]). summary.xlsx, the console and report.json (this model,
//! serialised) render it; the copies' findings sheets and summary.xlsx
//! show findings as [`findings`] lays them out.

pub mod findings;
pub mod teams;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::locate::Difference;
use crate::mapping::Mapping;
use crate::model::{Finding, Lang, Severity};
use crate::results::{FileResult, Outcome, Person};
use crate::score::round;
use teams::TeamRow;

#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub files: Vec<FileRow<'a>>,
    /// One per form, team and period, in the order their first member appears.
    pub teams: Vec<TeamRow<'a>>,
    pub errors: usize,
    pub warnings: usize,
}

/// How a file or a person came out: the worst of their findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Clean,
    Warnings,
    Errors,
    /// The file could not be scored.
    Unreadable,
}

impl Status {
    fn of(errors: usize, warnings: usize) -> Self {
        if errors > 0 {
            Status::Errors
        } else if warnings > 0 {
            Status::Warnings
        } else {
            Status::Clean
        }
    }

    /// The status as people read it (有错误, warnings …).
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Status::Errors => ("有错误", "errors"),
            Status::Warnings => ("有警告", "warnings"),
            Status::Clean => ("无问题", "clean"),
            Status::Unreadable => ("未处理", "not scored"),
        };
        if lang == Lang::Zh { zh } else { en }
    }

    /// The severity whose colour marks the status, if any.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Status::Errors | Status::Unreadable => Some(Severity::Error),
            Status::Warnings => Some(Severity::Warning),
            Status::Clean => None,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct FileRow<'a> {
    /// The path below the input folder.
    pub file: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<&'a str>,
    /// How well the form's mapping recognises the workbook.
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub matched: Option<MatchRow<'a>>,
    pub people: Vec<PersonRow<'a>>,
    pub findings: Vec<&'a Finding>,
    /// Why the file could not be scored.
    #[serde(skip)]
    pub failure: Option<&'a Finding>,
}

/// The share of the mapping's parts found (100: all, and nothing else), and
/// what differs.
#[derive(Debug, Serialize)]
pub struct MatchRow<'a> {
    pub score: u32,
    pub differences: &'a [Difference],
}

#[derive(Debug, Serialize)]
pub struct PersonRow<'a> {
    pub name: Option<&'a str>,
    pub department: Option<&'a str>,
    pub period: Option<&'a str>,
    pub reviewer: Option<&'a str>,
    pub indicators: Vec<IndicatorRow<'a>>,
    /// The recomputed total, rounded as the form shows scores; none where
    /// the workbook is not the mapping's form in what the total adds up
    /// (template drift).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// Where the form holds its total ("H17"), if it has one.
    pub total_cell: Option<String>,
    /// The total as the form states it.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub hand_total: Option<Decimal>,
    /// The form's total less the recomputed one, rounded.
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
    #[serde(skip)]
    pub errors: usize,
    #[serde(skip)]
    pub warnings: usize,
    #[serde(skip)]
    pub status: Status,
    /// The decimals the form shows scores with.
    #[serde(skip)]
    pub decimals: u32,
}

impl PersonRow<'_> {
    /// An amount rounded as the form shows scores (Excel ROUND).
    pub fn rounded(&self, value: Decimal) -> Decimal {
        round(value, self.decimals)
    }
}

#[derive(Debug, Serialize)]
pub struct IndicatorRow<'a> {
    pub label: &'a str,
    #[serde(with = "rust_decimal::serde::str")]
    pub full_marks: Decimal,
    /// The score that counts, rounded as the form shows scores.
    #[serde(with = "rust_decimal::serde::str")]
    pub score: Decimal,
    /// The score as the form states it.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub hand_score: Option<Decimal>,
}

impl<'a> Report<'a> {
    /// The report of a batch's results; `mappings` give the forms' grades
    /// and target distributions.
    pub fn build(results: &'a [FileResult], mappings: &[Mapping]) -> Self {
        let files: Vec<FileRow> = results.iter().map(file_row).collect();
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
            teams: teams::team_rows(results, mappings),
            files,
        }
    }

    /// Every person of the batch with the file they are in.
    pub fn people(&self) -> impl Iterator<Item = (&FileRow<'a>, &PersonRow<'a>)> {
        self.files
            .iter()
            .flat_map(|file| file.people.iter().map(move |person| (file, person)))
    }
}

fn file_row(result: &FileResult) -> FileRow<'_> {
    let findings = result.findings();
    let worst = findings.iter().map(|f| f.severity).max();
    let file = result.input.relative.to_string_lossy().into_owned();
    match &result.outcome {
        Outcome::Scored(scored) => FileRow {
            file,
            status: Status::of(
                usize::from(worst == Some(Severity::Error)),
                usize::from(worst == Some(Severity::Warning)),
            ),
            form: Some(&scored.form),
            sheet: Some(&scored.sheet),
            matched: Some(MatchRow {
                score: scored.recognition.score(),
                differences: &scored.recognition.differences,
            }),
            people: scored
                .people
                .iter()
                .map(|person| person_row(person, scored.decimals))
                .collect(),
            findings,
            failure: None,
        },
        Outcome::Failed(failure) => FileRow {
            file,
            status: Status::Unreadable,
            form: None,
            sheet: None,
            matched: None,
            people: Vec::new(),
            findings,
            failure: Some(failure),
        },
    }
}

fn person_row(person: &Person, decimals: u32) -> PersonRow<'_> {
    let hand_total = person.hand_total();
    let recomputed = person.scored.total.recomputed;
    let (errors, warnings) = (
        person.count(Severity::Error),
        person.count(Severity::Warning),
    );
    PersonRow {
        name: person.name.as_deref(),
        department: person.department.as_deref(),
        period: person.period.as_deref(),
        reviewer: person.reviewer.as_deref(),
        indicators: person
            .scored
            .indicators
            .iter()
            .map(|i| IndicatorRow {
                label: &i.label,
                full_marks: i.full_marks,
                score: round(i.score, decimals),
                hand_score: i.hand(),
            })
            .collect(),
        total: recomputed.map(|total| round(total, decimals)),
        total_cell: person
            .scored
            .total
            .hand_cell
            .as_ref()
            .map(|read| read.cell.to_string()),
        hand_total,
        difference: hand_total
            .zip(recomputed)
            .map(|(hand, total)| round(hand - total, decimals)),
        rank: person.rank,
        grade: person.grade.as_ref().map(|g| g.name.as_str()),
        grade_pays: person.grade.as_ref().and_then(|g| g.pays),
        commission: person.commission,
        team_money: person.team_money,
        period_average: person.period_average,
        flags: &person.flags,
        errors,
        warnings,
        status: Status::of(errors, warnings),
        decimals,
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use rust_decimal_macros::dec;

    use super::*;
    use crate::discover::InputFile;

    fn samples(names: &[&str]) -> Vec<FileResult> {
        let mappings = crate::mapping::shipped::shipped_mappings().unwrap();
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/售前客服部");
        let inputs: Vec<InputFile> = names
            .iter()
            .map(|name| InputFile {
                path: folder.join(name),
                relative: PathBuf::from(name),
            })
            .collect();
        crate::pipeline::run_batch(&inputs, &mappings)
    }

    #[test]
    fn rows_carry_rounded_totals_the_difference_and_the_status() {
        let results = samples(&["01_张伟.xlsx", "03_李娜.xlsx", "07_赵敏.xlsx", "缺.xlsx"]);
        let report = Report::build(&results, &[]);
        let statuses: Vec<Status> = report.files.iter().map(|f| f.status).collect();
        assert_eq!(
            statuses,
            [
                Status::Clean,
                Status::Errors,
                Status::Warnings,
                Status::Unreadable
            ]
        );
        let li_na = &report.files[1].people[0];
        assert_eq!(
            (li_na.total, li_na.hand_total, li_na.difference),
            (Some(dec!(85.2)), Some(dec!(81.2)), Some(dec!(-4)))
        );
        assert_eq!(
            (li_na.errors, li_na.warnings, li_na.status),
            (1, 2, Status::Errors)
        );
        assert_eq!(li_na.status.label(Lang::Zh), "有错误");
        assert_eq!(
            report.files[3].failure.map(|f| f.code),
            Some(crate::model::Code::UnreadableFile)
        );
        assert_eq!(report.people().count(), 3);
        assert_eq!((report.errors, report.warnings), (2, 4));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["files"][1]["status"], "errors");
        assert_eq!(json["files"][1]["people"][0]["difference"], "-4");
        assert!(json["files"][1]["people"][0].get("errors").is_none());
    }
}
