//! A finding as a row of a findings table, the same in the copy's 核查结果 /
//! Findings sheet and in summary.xlsx's 全部问题 / All findings (which puts
//! the file in front).

use crate::model::{Finding, Lang, Severity};

/// The columns of a findings table.
pub const COLUMNS: usize = 8;

/// The column holding the severity, filled with its colour.
pub const SEVERITY_COLUMN: usize = 4;

/// The column holding the message, which is wide and wraps.
pub const MESSAGE_COLUMN: usize = 5;

/// The headings of the columns.
pub fn headings(lang: Lang) -> [&'static str; COLUMNS] {
    match lang {
        Lang::Zh => [
            "工作表",
            "单元格",
            "指标",
            "代码",
            "严重程度",
            "说明",
            "原值",
            "应为",
        ],
        Lang::En => [
            "Sheet",
            "Cell",
            "Indicator",
            "Code",
            "Severity",
            "Message",
            "Found",
            "Expected",
        ],
    }
}

/// What each column shows of `finding` (empty where it says nothing):
/// sheet, cell, indicator, code, severity, message, found, expected.
pub fn cells(finding: &Finding, lang: Lang) -> [String; COLUMNS] {
    [
        finding.sheet.clone().unwrap_or_default(),
        finding
            .cell
            .map(|cell| cell.to_string())
            .unwrap_or_default(),
        finding.indicator.clone().unwrap_or_default(),
        finding.code.as_str().to_string(),
        severity_name(finding.severity, lang).to_string(),
        finding.message.get(lang).to_string(),
        finding.found.clone().unwrap_or_default(),
        finding.expected.clone().unwrap_or_default(),
    ]
}

pub fn severity_name(severity: Severity, lang: Lang) -> &'static str {
    match (lang, severity) {
        (Lang::Zh, Severity::Error) => "错误",
        (Lang::Zh, Severity::Warning) => "警告",
        (Lang::Zh, Severity::Info) => "提示",
        (Lang::En, severity) => severity.as_str(),
    }
}
