//! `summary.xlsx`: one row per person (or per file that could not be
//! scored), and every finding of the batch.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::scored_workbook::{fixed_properties, severity_rgb};
use crate::model::{Finding, Lang, Severity};
use crate::pipeline::{FileResult, Outcome, Person, ScoredFile};
use crate::score::round;

struct Words {
    people_sheet: &'static str,
    findings_sheet: &'static str,
    leading: [&'static str; 5],
    trailing: [&'static str; 13],
    finding_columns: [&'static str; 9],
}

const ZH: Words = Words {
    people_sheet: "汇总",
    findings_sheet: "全部问题",
    leading: ["文件", "考核表", "被考核人", "部门", "考核月份"],
    trailing: [
        "重新计算总分",
        "表中总分",
        "差额",
        "团队排名",
        "等级",
        "绩效奖金",
        "提成",
        "团队奖金",
        "期间平均分",
        "预警",
        "错误",
        "警告",
        "状态",
    ],
    finding_columns: [
        "文件",
        "工作表",
        "单元格",
        "指标",
        "代码",
        "严重程度",
        "说明",
        "原值",
        "应为",
    ],
};

const EN: Words = Words {
    people_sheet: "Summary",
    findings_sheet: "All findings",
    leading: ["File", "Form", "Person", "Department", "Period"],
    trailing: [
        "Recomputed total",
        "Total in form",
        "Difference",
        "Rank in team",
        "Grade",
        "Grade pays",
        "Commission",
        "Team money",
        "Mean over periods",
        "Flags",
        "Errors",
        "Warnings",
        "Status",
    ],
    finding_columns: [
        "File",
        "Sheet",
        "Cell",
        "Indicator",
        "Code",
        "Severity",
        "Message",
        "Found",
        "Expected",
    ],
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

pub fn render_summary(results: &[FileResult], lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&fixed_properties()?);
    let indicators = indicator_columns(results);
    let people = workbook.add_worksheet();
    write_people(people, results, &indicators, lang)?;
    let findings = workbook.add_worksheet();
    write_findings(findings, results, lang)?;
    workbook.save_to_buffer()
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

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
}

fn write_header(sheet: &mut Worksheet, headers: &[&str]) -> Result<(), XlsxError> {
    let format = header_format();
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &format)?;
        sheet.set_column_width(col as u16, column_width(header))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last = headers.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, 0, last)?;
    Ok(())
}

fn column_width(header: &str) -> f64 {
    (header.chars().count() as f64 * 2.2).clamp(8.0, 40.0)
}

fn write_people(
    sheet: &mut Worksheet,
    results: &[FileResult],
    indicators: &[String],
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    sheet.set_name(words.people_sheet)?;
    let headers: Vec<&str> = words
        .leading
        .iter()
        .copied()
        .chain(indicators.iter().map(String::as_str))
        .chain(words.trailing.iter().copied())
        .collect();
    write_header(sheet, &headers)?;
    sheet.set_column_width(0, 32)?;
    let mut row = 0;
    for result in results {
        let file_name = result.input.relative.to_string_lossy();
        match &result.outcome {
            Outcome::Scored(file) => {
                for person in &file.people {
                    row += 1;
                    sheet.write_string(row, 0, file_name.as_ref())?;
                    write_person(sheet, row, file, person, indicators, lang)?;
                }
            }
            Outcome::Failed(finding) => {
                row += 1;
                sheet.write_string(row, 0, file_name.as_ref())?;
                let status_col = (headers.len() - 1) as u16;
                let format = severity_format(finding.severity);
                sheet.write_string_with_format(
                    row,
                    status_col,
                    finding.message.get(lang),
                    &format,
                )?;
            }
        }
    }
    Ok(())
}

fn write_person(
    sheet: &mut Worksheet,
    row: u32,
    file: &ScoredFile,
    person: &Person,
    indicators: &[String],
    lang: Lang,
) -> Result<(), XlsxError> {
    let texts = [
        &Some(file.form.clone()),
        &person.name,
        &person.department,
        &person.period,
    ];
    for (offset, text) in texts.into_iter().enumerate() {
        sheet.write_string(row, 1 + offset as u16, text.as_deref().unwrap_or(""))?;
    }
    let decimals = file.decimals;
    let number = |value: Decimal| {
        round(value, decimals)
            .to_string()
            .parse::<f64>()
            .unwrap_or_default()
    };
    for indicator in &person.scored.indicators {
        if let Some(col) = indicators
            .iter()
            .position(|label| *label == indicator.label)
        {
            sheet.write_number(row, 5 + col as u16, number(indicator.score))?;
        }
    }
    let mut col = 5 + indicators.len() as u16;
    let recomputed = person.scored.total.recomputed;
    sheet.write_number(row, col, number(recomputed))?;
    if let Some(hand) = person.hand_total() {
        sheet.write_number(row, col + 1, number(hand))?;
        sheet.write_number(row, col + 2, number(hand - recomputed))?;
    }
    col += 3;
    if let Some(rank) = person.rank {
        sheet.write_number(row, col, f64::from(rank))?;
    }
    if let Some(grade) = &person.grade {
        sheet.write_string(row, col + 1, &grade.name)?;
        if let Some(pays) = grade.pays {
            sheet.write_number(row, col + 2, number(pays))?;
        }
    }
    if let Some(commission) = person.commission {
        sheet.write_number(row, col + 3, number(commission))?;
    }
    if let Some(money) = person.team_money {
        sheet.write_number(row, col + 4, number(money))?;
    }
    if let Some(average) = person.period_average {
        sheet.write_number(row, col + 5, number(average))?;
    }
    if !person.flags.is_empty() {
        let flags = person.flags.join("、");
        sheet.write_string_with_format(row, col + 6, flags, &severity_format(Severity::Warning))?;
    }
    col += 6;
    let (errors, warnings) = (
        person.count(Severity::Error),
        person.count(Severity::Warning),
    );
    sheet.write_number(row, col + 1, errors as f64)?;
    sheet.write_number(row, col + 2, warnings as f64)?;
    let (status, severity) = status(errors, warnings, lang);
    match severity {
        Some(severity) => {
            sheet.write_string_with_format(row, col + 3, status, &severity_format(severity))?
        }
        None => sheet.write_string(row, col + 3, status)?,
    };
    Ok(())
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

fn severity_format(severity: Severity) -> Format {
    Format::new().set_background_color(Color::RGB(severity_rgb(severity)))
}

pub fn severity_name(severity: Severity, lang: Lang) -> &'static str {
    match (lang, severity) {
        (Lang::Zh, Severity::Error) => "错误",
        (Lang::Zh, Severity::Warning) => "警告",
        (Lang::Zh, Severity::Info) => "提示",
        (Lang::En, severity) => severity.as_str(),
    }
}

fn write_findings(
    sheet: &mut Worksheet,
    results: &[FileResult],
    lang: Lang,
) -> Result<(), XlsxError> {
    let words = words(lang);
    sheet.set_name(words.findings_sheet)?;
    write_header(sheet, &words.finding_columns)?;
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(6, 60)?;
    let mut row = 1;
    for result in results {
        for finding in result.findings() {
            write_finding(
                sheet,
                row,
                &result.input.relative.to_string_lossy(),
                finding,
                lang,
            )?;
            row += 1;
        }
    }
    Ok(())
}

fn write_finding(
    sheet: &mut Worksheet,
    row: u32,
    file: &str,
    finding: &Finding,
    lang: Lang,
) -> Result<(), XlsxError> {
    let cell = finding.cell.map(|c| c.to_string());
    let texts = [
        Some(file.to_string()),
        finding.sheet.clone(),
        cell,
        finding.indicator.clone(),
        Some(finding.code.to_string()),
    ];
    for (col, text) in texts.iter().enumerate() {
        sheet.write_string(row, col as u16, text.as_deref().unwrap_or(""))?;
    }
    let severity = severity_name(finding.severity, lang);
    sheet.write_string_with_format(row, 5, severity, &severity_format(finding.severity))?;
    sheet.write_string(row, 6, finding.message.get(lang))?;
    sheet.write_string(row, 7, finding.found.as_deref().unwrap_or(""))?;
    sheet.write_string(row, 8, finding.expected.as_deref().unwrap_or(""))?;
    Ok(())
}
