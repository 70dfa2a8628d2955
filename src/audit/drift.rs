//! How the workbook matches its mapping, as findings for the whole file:
//! template drift — one finding naming every part that differs, each by
//! the mapping's own label — a second mapping recognising it nearly as
//! well, and other sheets holding the form.

use rust_decimal::Decimal;

use crate::locate::{Difference, Located, Nearest, Recognition};
use crate::mapping::Mapping;
use crate::model::{Code, Finding, Message};
use crate::score::{Basis, ScoredForm, round};

/// The findings about the match, for the file's first person:
/// `recognition` is the file's, stated full marks and weights included.
pub fn recognition_findings(
    sheet: &str,
    mapping: &Mapping,
    recognition: &Recognition,
    located: &Located,
    scored: &ScoredForm,
    runner_up: Option<&Nearest>,
) -> Vec<Finding> {
    let on_sheet = |mut finding: Finding| {
        finding.sheet = Some(sheet.to_string());
        finding
    };
    let mut findings = Vec::new();
    if let Some(drift) = template_drift(mapping, recognition, scored) {
        findings.push(on_sheet(drift));
    }
    if let Some(other) = runner_up {
        let score = recognition.score();
        let message = Message::new(
            format!(
                "此表也与考核方案“{}”相符({}%),已按“{}”({score}%)评分",
                other.form, other.score, mapping.form
            ),
            format!(
                "the workbook also matches the mapping “{}” ({}%); scored with “{}” ({score}%)",
                other.form, other.score, mapping.form
            ),
        );
        findings.push(on_sheet(Finding::new(Code::SeveralMappingsMatch, message)));
    }
    if !located.other_sheets.is_empty() {
        let others = located.other_sheets.join("、");
        let message = Message::new(
            format!("工作表“{others}”也像是这张考核表;本次使用的是“{sheet}”"),
            format!("the sheets “{others}” also look like this form; “{sheet}” was used"),
        );
        findings.push(on_sheet(Finding::new(
            Code::SeveralCandidateSheets,
            message,
        )));
    }
    findings
}

/// One finding naming what differs from the mapping, where anything does.
fn template_drift(
    mapping: &Mapping,
    recognition: &Recognition,
    scored: &ScoredForm,
) -> Option<Finding> {
    if recognition.is_full() {
        return None;
    }
    let show = |value| round(value, mapping.decimals).to_string();
    let parts: Vec<(String, String)> = recognition
        .differences
        .iter()
        .map(|difference| describe(difference, &show))
        .collect();
    let score = recognition.score();
    let (zh, en): (Vec<String>, Vec<String>) = parts.into_iter().unzip();
    let as_written = scored
        .indicators
        .iter()
        .any(|i| i.basis == Basis::AsWritten);
    let (then_zh, then_en) = match (scored.total.withheld, as_written) {
        (true, _) => (
            "总分不按此方案重新计算,也不核对",
            "the total is not recomputed or checked",
        ),
        (false, true) => (
            "相关指标按表中得分计,未核对",
            "those indicators count as scored on the form, unchecked",
        ),
        (false, false) => ("其余部分照常核对", "the rest is checked as usual"),
    };
    let message = Message::new(
        format!(
            "与考核方案“{}”部分相符({score}%):{};{then_zh}",
            mapping.form,
            zh.join(";")
        ),
        format!(
            "partly matches the mapping “{}” ({score}%): {}; {then_en}",
            mapping.form,
            en.join("; ")
        ),
    );
    Some(Finding::new(Code::TemplateDrift, message).found(format!("{score}%")))
}

fn describe(difference: &Difference, show: &dyn Fn(Decimal) -> String) -> (String, String) {
    let percent = |value: Decimal| {
        format!(
            "{}%",
            (value * Decimal::ONE_HUNDRED).round_dp(2).normalize()
        )
    };
    match difference {
        Difference::Title(title) => (
            format!("未找到标题“{title}”"),
            format!("title “{title}” not found"),
        ),
        Difference::Column(label) => (
            format!("未找到列“{label}”"),
            format!("column “{label}” not found"),
        ),
        Difference::Indicator(label) => (
            format!("未找到指标行“{label}”"),
            format!("indicator row “{label}” not found"),
        ),
        Difference::Input { indicator, input } => (
            format!("未找到指标“{indicator}”的“{input}”行"),
            format!("input “{input}” of “{indicator}” not found"),
        ),
        Difference::Total(label) => (
            format!("未找到总分行“{label}”"),
            format!("total row “{label}” not found"),
        ),
        Difference::TotalMoved {
            label,
            column,
            found,
        } => (
            format!("总分行“{label}”的“{column}”列为空,总分在 {found}"),
            format!(
                "the total row “{label}” has no total under “{column}”; there is one at {found}"
            ),
        ),
        Difference::Field(label) => (
            format!("未找到表头字段“{label}”"),
            format!("head field “{label}” not found"),
        ),
        Difference::Unclaimed { label, cell } => (
            format!("{cell} 行“{label}”不是方案中的指标"),
            format!("row “{label}” ({cell}) is no indicator of the mapping"),
        ),
        Difference::Repeated { indicator, cell } => (
            format!("指标“{indicator}”在 {cell} 重复出现"),
            format!("indicator “{indicator}” repeated at {cell}"),
        ),
        Difference::FullMarks {
            indicator,
            stated,
            mapped,
        } => {
            let (stated, mapped) = (show(*stated), show(*mapped));
            (
                format!("“{indicator}”的分值为 {stated}(方案为 {mapped})"),
                format!("full marks of “{indicator}” are {stated} (the mapping says {mapped})"),
            )
        }
        Difference::Weight {
            indicator,
            stated,
            mapped,
        } => {
            let (stated, mapped) = (percent(*stated), percent(*mapped));
            (
                format!("“{indicator}”的权重为 {stated}(方案为 {mapped})"),
                format!("weight of “{indicator}” is {stated} (the mapping says {mapped})"),
            )
        }
    }
}
