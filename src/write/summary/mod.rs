//! `summary.xlsx`, the workbook HR works from: one row per person (or per
//! file that could not be scored), one per team and period with its grade
//! distribution (against the target one, where the mapping sets it) and a
//! chart of it, every finding of the batch, and the files that could not be
//! scored.

mod chart;
mod findings;
mod people;
mod table;
mod teams;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};

use super::scored_workbook::{FAST_COMPRESSION, fixed_properties, severity_rgb};
use crate::mapping::Mapping;
use crate::model::{Lang, Severity};
use crate::report::Report;
use table::Style;

struct Words {
    people_sheet: &'static str,
    findings_sheet: &'static str,
    teams_sheet: &'static str,
    chart_sheet: &'static str,
    unreadable_sheet: &'static str,
    leading: [&'static str; 5],
    trailing: [&'static str; 14],
    /// The findings sheet's first column; the rest are the findings
    /// table's ([`crate::report::findings::headings`]).
    file_column: &'static str,
    team_columns: [&'static str; 6],
    /// The column of people a graded form gave no grade (a total in a gap
    /// between bands).
    ungraded: &'static str,
    /// After a grade's name, the columns of an `at_most` quota: the most
    /// people allowed, and how many are over.
    at_most_columns: [&'static str; 2],
    /// After a grade's name, the columns of an `at_least` quota: the fewest
    /// people needed, and how many are missing.
    at_least_columns: [&'static str; 2],
    unreadable_columns: [&'static str; 3],
    /// The chart's axes: grades across, people up.
    chart_axes: [&'static str; 2],
}

const ZH: Words = Words {
    people_sheet: "汇总",
    findings_sheet: "全部问题",
    teams_sheet: "团队",
    chart_sheet: "等级分布",
    unreadable_sheet: "未处理文件",
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
        "识别",
        "错误",
        "警告",
        "状态",
    ],
    file_column: "文件",
    team_columns: ["考核表", "团队", "人数", "平均总分", "最低总分", "最高总分"],
    ungraded: "未定级",
    at_most_columns: ["上限人数", "超出人数"],
    at_least_columns: ["下限人数", "缺少人数"],
    unreadable_columns: ["文件", "原因", "代码"],
    chart_axes: ["等级", "人数"],
};

const EN: Words = Words {
    people_sheet: "Summary",
    findings_sheet: "All findings",
    teams_sheet: "Teams",
    chart_sheet: "Grade distribution",
    unreadable_sheet: "Files not scored",
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
        "Match",
        "Errors",
        "Warnings",
        "Status",
    ],
    file_column: "File",
    team_columns: ["Form", "Team", "People", "Mean total", "Lowest", "Highest"],
    ungraded: "No grade",
    at_most_columns: ["at most", "over quota"],
    at_least_columns: ["at least", "short"],
    unreadable_columns: ["File", "Reason", "Code"],
    chart_axes: ["Grade", "People"],
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The summary workbook of a batch's report; `mappings` give the order of
/// the forms' grades and which grades their distributions bound.
pub fn render_summary(
    report: &Report,
    mappings: &[Mapping],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&fixed_properties()?);
    workbook.set_zip_compression_level(FAST_COMPRESSION);
    people::write_people(workbook.add_worksheet(), report, lang)?;
    let grades = teams::GradeColumns::of(&report.teams, mappings);
    teams::write_teams(
        workbook.add_worksheet(),
        &report.teams,
        &grades,
        mappings,
        lang,
    )?;
    chart::write_grade_charts(workbook.add_worksheet(), &report.teams, &grades, lang)?;
    findings::write_findings(workbook.add_worksheet(), report, lang)?;
    findings::write_unreadable(workbook.add_worksheet(), report, lang)?;
    workbook.save_to_buffer()
}

/// A decimal as the number written to a cell.
fn to_f64(value: Decimal) -> f64 {
    value.to_string().parse::<f64>().unwrap_or_default()
}

fn severity_format(severity: Severity) -> Format {
    Format::new().set_background_color(Color::RGB(severity_rgb(severity)))
}

/// A number shown as `style` shows it, filled with the warning colour.
fn warning_format(style: Style) -> Format {
    style
        .format()
        .set_background_color(Color::RGB(severity_rgb(Severity::Warning)))
}
