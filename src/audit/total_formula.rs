//! Checks on formulas the reviewer relies on: why a cell shows an error
//! value, whether the total formula adds exactly the indicator scores
//! (Excel's "formula omits adjacent cells"), and whether a cached result
//! still matches its own inputs (saved without recalculation).

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::formula::{
    Cause, CauseKind, Evaluated, error_causes, evaluate_with_cached_inputs, summed_cells,
};
use crate::locate::Located;
use crate::mapping::Mapping;
use crate::model::number::decimal_from_f64;
use crate::model::{CellRef, CellValue, Code, Finding, Message, Workbook, quote};
use crate::score::round;

/// Causes an error's message names; the rest are counted (all are listed
/// in `causes`).
const CAUSES_TOLD: usize = 5;

/// Adds to every error-value finding on a formula cell the cells that cause
/// it: "H17 is #VALUE! because H11 holds the text “4.5分”".
pub fn explain_errors(workbook: &Workbook, sheet: &str, findings: &mut [Finding]) {
    for finding in findings.iter_mut().filter(|f| f.code == Code::ExcelError) {
        let Some(cell) = finding.cell else { continue };
        if let Some(causes) = ErrorCauses::of(workbook, sheet, cell) {
            causes.explain(finding);
        }
    }
}

/// Why a formula cell shows an error value: the cells that cause it, in
/// both languages and as addresses. Data, so that a finding made once the
/// workbook is closed (the total's) can still say it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ErrorCauses {
    zh: Vec<String>,
    en: Vec<String>,
    cells: Vec<String>,
}

impl ErrorCauses {
    /// The causes of the error value in `cell`; `None` when none is found.
    pub fn of(workbook: &Workbook, sheet: &str, cell: CellRef) -> Option<Self> {
        let causes = error_causes(workbook, sheet, cell);
        if causes.is_empty() {
            return None;
        }
        let (mut zh, mut en): (Vec<String>, Vec<String>) = causes
            .iter()
            .take(CAUSES_TOLD)
            .map(|c| describe(c, sheet))
            .unzip();
        if causes.len() > CAUSES_TOLD {
            let more = causes.len() - CAUSES_TOLD;
            zh.push(format!("另有 {more} 处"));
            en.push(format!("{more} more"));
        }
        Some(Self {
            zh,
            en,
            cells: causes.iter().map(|c| address(c, sheet)).collect(),
        })
    }

    /// Adds the causes to a finding about the cell.
    pub fn explain(&self, finding: &mut Finding) {
        finding.message.zh = format!("{};原因:{}", finding.message.zh, self.zh.join(";"));
        finding.message.en = format!("{}; because {}", finding.message.en, self.en.join("; "));
        finding.causes.clone_from(&self.cells);
    }
}

fn address(cause: &Cause, sheet: &str) -> String {
    if cause.sheet == sheet {
        cause.cell.to_string()
    } else {
        format!("{}!{}", cause.sheet, cause.cell)
    }
}

fn describe(cause: &Cause, sheet: &str) -> (String, String) {
    let at = address(cause, sheet);
    let holds = quote(&cause.holds);
    match &cause.kind {
        CauseKind::TextInArithmetic => (
            format!("{at} 填写的是文本“{holds}”,无法参与计算"),
            format!("{at} holds the text “{holds}”"),
        ),
        CauseKind::ErrorValue(code) => (
            format!("{at} 本身是错误值 {code}"),
            format!("{at} is {code} itself"),
        ),
        CauseKind::DivisionByZero => (
            format!("{at} 为空或为 0,被用作除数"),
            format!("{at} is blank or 0 and divides"),
        ),
        CauseKind::BrokenReference => (
            format!("{at} 的公式 {holds} 引用了已删除的单元格"),
            format!("{at}'s formula {holds} refers to deleted cells"),
        ),
    }
}

/// The total formula against the indicator score cells, and its cached
/// result against its inputs.
/// `judge_coverage`: whether the form is the mapping's in what the total
/// adds up, so the cells the formula adds can be held against it.
pub fn check_total(
    workbook: &Workbook,
    mapping: &Mapping,
    located: &Located,
    judge_coverage: bool,
) -> Vec<Finding> {
    let Some(sheet) = workbook.sheets.get(located.sheet) else {
        return Vec::new();
    };
    let Some(total) = &located.total else {
        return Vec::new();
    };
    let Some(formula) = sheet.cell(total.score).and_then(|c| c.formula.clone()) else {
        return Vec::new();
    };
    let mut findings = if judge_coverage {
        coverage(workbook, &sheet.name, located, total.score, &formula)
    } else {
        Vec::new()
    };
    findings.extend(stale_result(
        workbook,
        mapping,
        &sheet.name,
        total.score,
        &formula,
        sheet.value(total.score),
    ));
    findings
}

fn coverage(
    workbook: &Workbook,
    sheet: &str,
    located: &Located,
    at: CellRef,
    formula: &str,
) -> Vec<Finding> {
    let Some(summed) = summed_cells(workbook, sheet, formula) else {
        return Vec::new();
    };
    let summed: BTreeSet<CellRef> = summed.into_iter().collect();
    let scores: BTreeSet<CellRef> = located
        .indicators
        .iter()
        .flatten()
        .filter_map(|cells| cells.score)
        .collect();
    let holds_number = |cell: &CellRef| {
        workbook
            .sheets
            .get(located.sheet)
            .is_some_and(|s| matches!(s.value(*cell), CellValue::Number(n) if *n != 0.0))
    };
    let omitted: Vec<String> = scores.difference(&summed).map(CellRef::to_string).collect();
    let extra: Vec<String> = summed
        .difference(&scores)
        .filter(|cell| holds_number(cell))
        .map(CellRef::to_string)
        .collect();
    let mut findings = Vec::new();
    let formula = quote(formula);
    if !omitted.is_empty() {
        let cells = omitted.join(", ");
        let cells = quote(&cells);
        let message = Message::new(
            format!("总分公式 ={formula} 漏掉了指标得分 {cells}"),
            format!("the total formula ={formula} omits the indicator scores {cells}"),
        );
        findings.push(
            Finding::new(Code::TotalOmitsIndicators, message)
                .at(sheet, at)
                .found(format!("={formula}")),
        );
    }
    if !extra.is_empty() {
        let cells = extra.join(", ");
        let cells = quote(&cells);
        let message = Message::new(
            format!("总分公式 ={formula} 加入了不是指标得分的单元格 {cells}"),
            format!(
                "the total formula ={formula} also adds {cells}, which are not indicator scores"
            ),
        );
        findings.push(
            Finding::new(Code::TotalIncludesOtherCells, message)
                .at(sheet, at)
                .found(format!("={formula}")),
        );
    }
    findings
}

/// A formula whose cached number differs from what its inputs give was
/// saved without recalculation; a library that cannot calculate leaves no
/// result (or 0 with recalculate-on-load), which is not stale.
fn stale_result(
    workbook: &Workbook,
    mapping: &Mapping,
    sheet: &str,
    at: CellRef,
    formula: &str,
    cached: &CellValue,
) -> Option<Finding> {
    let CellValue::Number(cached) = cached else {
        return None;
    };
    if workbook.recalculates_on_load && *cached == 0.0 {
        return None;
    }
    let cached = decimal_from_f64(*cached)?;
    let Evaluated::Number(computed) = evaluate_with_cached_inputs(workbook, sheet, formula) else {
        return None;
    };
    if (computed - cached).abs() <= mapping.tolerance {
        return None;
    }
    let show = |value: Decimal| round(value, mapping.decimals).to_string();
    let formula = quote(formula);
    let message = Message::new(
        format!(
            "公式 ={formula} 保存的结果 {} 与其引用的单元格不符(未重新计算),按引用应为 {}",
            show(cached),
            show(computed)
        ),
        format!(
            "the formula ={formula} was saved showing {} but its inputs give {} (not recalculated)",
            show(cached),
            show(computed)
        ),
    );
    Some(
        Finding::new(Code::FormulaNotRecalculated, message)
            .at(sheet, at)
            .found(show(cached))
            .expected(show(computed)),
    )
}
