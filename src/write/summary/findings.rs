//! The 全部问题 / All findings sheet, and the 未处理文件 / Files not scored
//! sheet: each file that could not be scored, and why.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::table::Table;
use super::{severity_format, severity_name, words};
use crate::model::{Finding, Lang};
use crate::results::{FileResult, Outcome};

/// The widest a message column grows; longer messages run on.
const MESSAGE_WIDTH: f64 = 60.0;

pub(super) fn write_findings(
    sheet: &mut Worksheet,
    results: &[FileResult],
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    let mut table = Table::new(sheet, words.findings_sheet, &words.finding_columns)?;
    table.widest(6, MESSAGE_WIDTH);
    let mut row = 1;
    for result in results {
        let file = result.input.relative.to_string_lossy();
        for finding in result.findings() {
            write_finding(&mut table, row, &file, finding, lang)?;
            row += 1;
        }
    }
    table.finish()?;
    Ok(())
}

fn write_finding(
    table: &mut Table,
    row: u32,
    file: &str,
    finding: &Finding,
    lang: Lang,
) -> Result<(), XlsxError> {
    let cell = finding.cell.map(|c| c.to_string());
    let code = finding.code.to_string();
    let texts = [
        Some(file),
        finding.sheet.as_deref(),
        cell.as_deref(),
        finding.indicator.as_deref(),
        Some(code.as_str()),
    ];
    for (col, text) in texts.into_iter().enumerate() {
        table.text(row, col, text.unwrap_or(""), None)?;
    }
    let severity = severity_name(finding.severity, lang);
    table.text(row, 5, severity, Some(&severity_format(finding.severity)))?;
    table.text(row, 6, finding.message.get(lang), None)?;
    table.text(row, 7, finding.found.as_deref().unwrap_or(""), None)?;
    table.text(row, 8, finding.expected.as_deref().unwrap_or(""), None)
}

/// One row per file that could not be scored: the file, the reason in the
/// output language (filled with its severity's colour), and its code.
pub(super) fn write_unreadable(
    sheet: &mut Worksheet,
    results: &[FileResult],
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    let mut table = Table::new(sheet, words.unreadable_sheet, &words.unreadable_columns)?;
    table.widest(1, MESSAGE_WIDTH);
    let failed = results.iter().filter_map(|result| match &result.outcome {
        Outcome::Failed(finding) => Some((result, finding)),
        Outcome::Scored(_) => None,
    });
    for (row, (result, finding)) in (1..).zip(failed) {
        let file = result.input.relative.to_string_lossy();
        table.text(row, 0, &file, None)?;
        let format = severity_format(finding.severity);
        table.text(row, 1, finding.message.get(lang), Some(&format))?;
        table.text(row, 2, &finding.code.to_string(), None)?;
    }
    table.finish()?;
    Ok(())
}
