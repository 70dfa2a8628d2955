//! The 汇总 / Summary sheet: one row per person, or per file that could not
//! be scored.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::table::{Style, Table};
use super::{severity_format, to_f64, words};
use crate::model::{Lang, Severity};
use crate::report::{FileRow, PersonRow, Report};

/// Columns before the indicators: file, form, person, department, period.
const LEADING: usize = 5;

pub(super) fn write_people(
    sheet: &mut Worksheet,
    report: &Report,
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    let indicators = indicator_columns(report);
    let headers: Vec<&str> = words
        .leading
        .iter()
        .copied()
        .chain(indicators.iter().copied())
        .chain(words.trailing.iter().copied())
        .collect();
    let mut table = Table::new(sheet, words.people_sheet, &headers)?;
    let status_col = headers.len() - 1;
    let mut row = 0;
    for file in &report.files {
        if let Some(failure) = file.failure {
            row += 1;
            table.text(row, 0, &file.file, None)?;
            let format = severity_format(failure.severity);
            table.text(row, status_col, failure.message.get(lang), Some(&format))?;
        }
        for person in &file.people {
            row += 1;
            table.text(row, 0, &file.file, None)?;
            let line = Line {
                row,
                file,
                indicators: &indicators,
            };
            write_person(&mut table, &line, person, lang)?;
        }
    }
    table.finish()?;
    Ok(())
}

/// Indicator labels of every form in the batch, in mapping order.
fn indicator_columns<'a>(report: &Report<'a>) -> Vec<&'a str> {
    let mut labels: Vec<&str> = Vec::new();
    for (_, person) in report.people() {
        for indicator in &person.indicators {
            if !labels.contains(&indicator.label) {
                labels.push(indicator.label);
            }
        }
    }
    labels
}

/// Where one person's row goes and what its columns are.
struct Line<'a> {
    row: u32,
    file: &'a FileRow<'a>,
    indicators: &'a [&'a str],
}

fn write_person(
    table: &mut Table,
    line: &Line,
    person: &PersonRow,
    lang: Lang,
) -> Result<(), XlsxError> {
    let row = line.row;
    let texts = [
        line.file.form,
        person.name,
        person.department,
        person.period,
    ];
    for (offset, text) in texts.into_iter().enumerate() {
        table.text(row, 1 + offset, text.unwrap_or(""), None)?;
    }
    for indicator in &person.indicators {
        if let Some(col) = line.indicators.iter().position(|l| *l == indicator.label) {
            table.number(row, LEADING + col, to_f64(indicator.score), Style::Score)?;
        }
    }
    let col = LEADING + line.indicators.len();
    write_totals(table, row, person, col)?;
    write_money(table, row, person, col + 3)?;
    write_status(table, line, person, col + 9, lang)
}

/// Recomputed total, total in form, difference.
fn write_totals(
    table: &mut Table,
    row: u32,
    person: &PersonRow,
    col: usize,
) -> Result<(), XlsxError> {
    if let Some(total) = person.total {
        table.number(row, col, to_f64(total), Style::Score)?;
    }
    if let Some(hand) = person.hand_total {
        table.number(row, col + 1, shown(person, hand), Style::Score)?;
    }
    if let Some(difference) = person.difference {
        table.number(row, col + 2, to_f64(difference), Style::Score)?;
    }
    Ok(())
}

/// An amount as the form shows scores.
fn shown(person: &PersonRow, value: Decimal) -> f64 {
    to_f64(person.rounded(value))
}

/// Rank, grade, what it pays, commission, team money, mean over periods.
fn write_money(
    table: &mut Table,
    row: u32,
    person: &PersonRow,
    col: usize,
) -> Result<(), XlsxError> {
    if let Some(rank) = person.rank {
        table.number(row, col, f64::from(rank), Style::Count)?;
    }
    if let Some(grade) = person.grade {
        table.text(row, col + 1, grade, None)?;
        if let Some(pays) = person.grade_pays {
            table.number(row, col + 2, shown(person, pays), Style::Money)?;
        }
    }
    let amounts = [
        (col + 3, person.commission, Style::Money),
        (col + 4, person.team_money, Style::Money),
        (col + 5, person.period_average, Style::Score),
    ];
    for (col, amount, style) in amounts {
        if let Some(amount) = amount {
            table.number(row, col, shown(person, amount), style)?;
        }
    }
    Ok(())
}

/// Flags, how well the form's mapping recognises the file, errors,
/// warnings, status.
fn write_status(
    table: &mut Table,
    line: &Line,
    person: &PersonRow,
    col: usize,
    lang: Lang,
) -> Result<(), XlsxError> {
    let row = line.row;
    if !person.flags.is_empty() {
        let flags = person.flags.join("、");
        table.text(row, col, &flags, Some(&severity_format(Severity::Warning)))?;
    }
    if let Some(matched) = &line.file.matched {
        let partial = (matched.score < 100).then(|| severity_format(Severity::Warning));
        table.text(
            row,
            col + 1,
            &format!("{}%", matched.score),
            partial.as_ref(),
        )?;
    }
    table.number(row, col + 2, person.errors as f64, Style::Count)?;
    table.number(row, col + 3, person.warnings as f64, Style::Count)?;
    let format = person.status.severity().map(severity_format);
    table.text(row, col + 4, person.status.label(lang), format.as_ref())
}
