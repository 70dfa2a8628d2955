//! The 全部问题 / All findings sheet, and the 未处理文件 / Files not scored
//! sheet: each file that could not be scored, and why.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::table::Table;
use super::{severity_format, words};
use crate::model::Lang;
use crate::report::Report;
use crate::report::findings::{self, MESSAGE_COLUMN, SEVERITY_COLUMN};

/// The widest a message column grows; longer messages run on.
const MESSAGE_WIDTH: f64 = 60.0;

/// Every finding of the batch: the file, then the findings table's columns.
pub(super) fn write_findings(
    sheet: &mut Worksheet,
    report: &Report,
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    let headers: Vec<&str> = std::iter::once(words.file_column)
        .chain(findings::headings(lang))
        .collect();
    let mut table = Table::new(sheet, words.findings_sheet, &headers)?;
    table.widest(1 + MESSAGE_COLUMN, MESSAGE_WIDTH);
    let mut row = 1;
    for file in &report.files {
        for finding in &file.findings {
            table.text(row, 0, &file.file, None)?;
            for (col, text) in (1..).zip(findings::cells(finding, lang)) {
                let format =
                    (col == 1 + SEVERITY_COLUMN).then(|| severity_format(finding.severity));
                table.text(row, col, &text, format.as_ref())?;
            }
            row += 1;
        }
    }
    table.finish()?;
    Ok(())
}

/// One row per file that could not be scored: the file, the reason in the
/// output language (filled with its severity's colour), and its code.
pub(super) fn write_unreadable(
    sheet: &mut Worksheet,
    report: &Report,
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    let mut table = Table::new(sheet, words.unreadable_sheet, &words.unreadable_columns)?;
    table.widest(1, MESSAGE_WIDTH);
    let failed = report
        .files
        .iter()
        .filter_map(|file| Some((file, file.failure?)));
    for (row, (file, failure)) in (1..).zip(failed) {
        table.text(row, 0, &file.file, None)?;
        let format = severity_format(failure.severity);
        table.text(row, 1, failure.message.get(lang), Some(&format))?;
        table.text(row, 2, failure.code.as_str(), None)?;
    }
    table.finish()?;
    Ok(())
}
