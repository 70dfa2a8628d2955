//! The 汇总 / Summary sheet: one row per person, or per file that could not
//! be scored.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::table::{Style, Table};
use super::{severity_format, to_f64, words};
use crate::model::{Lang, Severity};
use crate::results::{FileResult, Outcome, Person, ScoredFile};
use crate::score::round;

/// Columns before the indicators: file, form, person, department, period.
const LEADING: usize = 5;

pub(super) fn write_people(
    sheet: &mut Worksheet,
    results: &[FileResult],
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    let indicators = indicator_columns(results);
    let headers: Vec<&str> = words
        .leading
        .iter()
        .copied()
        .chain(indicators.iter().map(String::as_str))
        .chain(words.trailing.iter().copied())
        .collect();
    let mut table = Table::new(sheet, words.people_sheet, &headers)?;
    let status_col = headers.len() - 1;
    let mut row = 0;
    for result in results {
        let file_name = result.input.relative.to_string_lossy();
        match &result.outcome {
            Outcome::Scored(file) => {
                for person in &file.people {
                    row += 1;
                    table.text(row, 0, &file_name, None)?;
                    let line = Line {
                        row,
                        file,
                        indicators: &indicators,
                    };
                    write_person(&mut table, &line, person, lang)?;
                }
            }
            Outcome::Failed(finding) => {
                row += 1;
                table.text(row, 0, &file_name, None)?;
                let format = severity_format(finding.severity);
                table.text(row, status_col, finding.message.get(lang), Some(&format))?;
            }
        }
    }
    table.finish()?;
    Ok(())
}

/// Indicator labels of every form in the batch, in mapping order.
fn indicator_columns(results: &[FileResult]) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for result in results {
        if let Outcome::Scored(file) = &result.outcome {
            for indicator in file.people.iter().flat_map(|p| &p.scored.indicators) {
                if !labels.contains(&indicator.label) {
                    labels.push(indicator.label.clone());
                }
            }
        }
    }
    labels
}

/// Where one person's row goes and what its columns are.
struct Line<'a> {
    row: u32,
    file: &'a ScoredFile,
    indicators: &'a [String],
}

impl Line<'_> {
    /// A score as the form shows it (the mapping's decimals).
    fn score(&self, value: Decimal) -> f64 {
        to_f64(round(value, self.file.decimals))
    }
}

fn write_person(
    table: &mut Table,
    line: &Line,
    person: &Person,
    lang: Lang,
) -> Result<(), XlsxError> {
    let row = line.row;
    let texts = [
        Some(line.file.form.as_str()),
        person.name.as_deref(),
        person.department.as_deref(),
        person.period.as_deref(),
    ];
    for (offset, text) in texts.into_iter().enumerate() {
        table.text(row, 1 + offset, text.unwrap_or(""), None)?;
    }
    for indicator in &person.scored.indicators {
        if let Some(col) = line.indicators.iter().position(|l| *l == indicator.label) {
            table.number(
                row,
                LEADING + col,
                line.score(indicator.score),
                Style::Score,
            )?;
        }
    }
    let col = LEADING + line.indicators.len();
    write_totals(table, line, person, col)?;
    write_money(table, line, person, col + 3)?;
    write_status(table, row, person, col + 9, lang)
}

/// Recomputed total, total in form, difference.
fn write_totals(
    table: &mut Table,
    line: &Line,
    person: &Person,
    col: usize,
) -> Result<(), XlsxError> {
    let recomputed = person.scored.total.recomputed;
    table.number(line.row, col, line.score(recomputed), Style::Score)?;
    if let Some(hand) = person.hand_total() {
        table.number(line.row, col + 1, line.score(hand), Style::Score)?;
        table.number(
            line.row,
            col + 2,
            line.score(hand - recomputed),
            Style::Score,
        )?;
    }
    Ok(())
}

/// Rank, grade, what it pays, commission, team money, mean over periods.
fn write_money(
    table: &mut Table,
    line: &Line,
    person: &Person,
    col: usize,
) -> Result<(), XlsxError> {
    let row = line.row;
    if let Some(rank) = person.rank {
        table.number(row, col, f64::from(rank), Style::Count)?;
    }
    if let Some(grade) = &person.grade {
        table.text(row, col + 1, &grade.name, None)?;
        if let Some(pays) = grade.pays {
            table.number(row, col + 2, line.score(pays), Style::Money)?;
        }
    }
    let amounts = [
        (col + 3, person.commission, Style::Money),
        (col + 4, person.team_money, Style::Money),
        (col + 5, person.period_average, Style::Score),
    ];
    for (col, amount, style) in amounts {
        if let Some(amount) = amount {
            table.number(row, col, line.score(amount), style)?;
        }
    }
    Ok(())
}

/// Flags, errors, warnings, status.
fn write_status(
    table: &mut Table,
    row: u32,
    person: &Person,
    col: usize,
    lang: Lang,
) -> Result<(), XlsxError> {
    if !person.flags.is_empty() {
        let flags = person.flags.join("、");
        table.text(row, col, &flags, Some(&severity_format(Severity::Warning)))?;
    }
    let (errors, warnings) = (
        person.count(Severity::Error),
        person.count(Severity::Warning),
    );
    table.number(row, col + 1, errors as f64, Style::Count)?;
    table.number(row, col + 2, warnings as f64, Style::Count)?;
    let (status, severity) = status(errors, warnings, lang);
    let format = severity.map(severity_format);
    table.text(row, col + 3, status, format.as_ref())
}

fn status(errors: usize, warnings: usize, lang: Lang) -> (&'static str, Option<Severity>) {
    let (zh, en, severity) = if errors > 0 {
        ("有错误", "errors", Some(Severity::Error))
    } else if warnings > 0 {
        ("有警告", "warnings", Some(Severity::Warning))
    } else {
        ("无问题", "clean", None)
    };
    (if lang == Lang::Zh { zh } else { en }, severity)
}
