//! Pipeline tests on workbooks built in code: each sets up one situation a
//! person filling the form creates and checks the findings and scores.

mod common;

use std::path::Path;

use kpi_audit::discover::InputFile;
use kpi_audit::mapping::shipped::shipped_mappings;
use kpi_audit::model::Code;
use kpi_audit::results::{Outcome, Person};
use rust_xlsxwriter::{Formula, Workbook};

/// One indicator row as a person fills it: raw results (one per input row)
/// and the supervisor's score, as typed.
struct Row {
    label: &'static str,
    full_marks: &'static str,
    inputs: Vec<(&'static str, Typed)>,
    score: Typed,
}

#[derive(Clone)]
enum Typed {
    Number(f64),
    Text(&'static str),
    Blank,
    /// A formula and the result Excel cached for it.
    Formula(&'static str, &'static str),
}

/// A clean 张伟 form: every score agrees with its rule (total 91.88).
fn clean_rows() -> Vec<Row> {
    use Typed::*;
    let row = |label, full_marks, inputs: Vec<(&'static str, Typed)>, score| Row {
        label,
        full_marks,
        inputs,
        score,
    };
    vec![
        row(
            "预期销售额完成度",
            "30",
            vec![("销售额完成率", Number(0.95))],
            Number(28.5),
        ),
        row(
            "询单转化率",
            "15",
            vec![("询单转化率", Number(0.72))],
            Number(14.4),
        ),
        row(
            "客单价",
            "5",
            vec![("客单价(元)", Number(186.0))],
            Number(4.65),
        ),
        row(
            "客件数",
            "10",
            vec![("客件数(件)", Number(1.5))],
            Number(8.33),
        ),
        row(
            "打字速度",
            "5",
            vec![("打字速度(字/分)", Number(72.0))],
            Number(5.0),
        ),
        row(
            "维权投诉、低质评价",
            "5",
            vec![("投诉次数", Number(0.0)), ("低质评价个数", Number(1.0))],
            Number(4.0),
        ),
        row("出错率", "5", vec![("出错次数", Number(2.0))], Number(4.0)),
        row(
            "退款比例",
            "5",
            vec![("退款比例", Number(0.043))],
            Number(5.0),
        ),
        row(
            "出勤状况",
            "5",
            vec![("迟到早退(分钟)", Number(5.0))],
            Number(5.0),
        ),
        row(
            "及时反馈和解决异常情况",
            "5",
            vec![("提出问题(项)", Number(4.0))],
            Number(4.0),
        ),
        row("团队配合", "5", vec![("主管评定", Blank)], Number(5.0)),
        row("总结与计划", "5", vec![("主管评定", Blank)], Number(4.0)),
    ]
}

fn write_typed(sheet: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, typed: &Typed) {
    match typed {
        Typed::Number(n) => sheet.write_number(row, col, *n).map(|_| ()),
        Typed::Text(t) => sheet.write_string(row, col, *t).map(|_| ()),
        Typed::Blank => Ok(()),
        Typed::Formula(formula, cached) => {
            let formula = Formula::new(*formula).set_result(*cached);
            sheet.write_formula(row, col, formula).map(|_| ())
        }
    }
    .unwrap();
}

/// Writes the form: title, head fields, header, indicator rows, total.
fn build(path: &Path, person: &str, period: &str, rows: &[Row], total: Option<Typed>) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_form(
        sheet,
        "售前客服岗位月度绩效考核表(KPI)",
        person,
        period,
        rows,
        total,
    );
    workbook.save(path).unwrap();
}

fn write_form(
    sheet: &mut rust_xlsxwriter::Worksheet,
    title: &str,
    person: &str,
    period: &str,
    rows: &[Row],
    total: Option<Typed>,
) {
    sheet.write_string(0, 0, title).unwrap();
    let head = [
        "被考核人",
        person,
        "部门",
        "售前客服部",
        "考核月份",
        period,
        "考核等级",
        "A",
        "考核人",
        "周主管",
    ];
    for (col, text) in head.iter().enumerate() {
        sheet.write_string(1, col as u16, *text).unwrap();
    }
    // A period typed as a date (2026-10-01) becomes a date cell, as Excel
    // makes it, shown by its format as a month.
    if let Ok(date) = rust_xlsxwriter::ExcelDateTime::parse_from_str(period) {
        let month = rust_xlsxwriter::Format::new().set_num_format(r#"yyyy"年"m"月""#);
        sheet
            .write_datetime_with_format(1, 5, &date, &month)
            .unwrap();
    }
    let header = [
        "序号",
        "考核指标",
        "考核标准",
        "分值",
        "考核数据",
        "实际完成",
        "自我评价",
        "实际得分",
        "排名",
    ];
    for (col, text) in header.iter().enumerate() {
        sheet.write_string(2, col as u16, *text).unwrap();
    }
    let mut at = 3;
    for (index, row) in rows.iter().enumerate() {
        sheet.write_number(at, 0, index as f64 + 1.0).unwrap();
        sheet.write_string(at, 1, row.label).unwrap();
        let full_marks: f64 = row.full_marks.parse().unwrap();
        sheet.write_number(at, 3, full_marks).unwrap();
        write_typed(sheet, at, 7, &row.score);
        for (offset, (label, value)) in row.inputs.iter().enumerate() {
            sheet.write_string(at + offset as u32, 4, *label).unwrap();
            write_typed(sheet, at + offset as u32, 5, value);
        }
        at += row.inputs.len() as u32;
    }
    sheet.write_string(at, 0, "总计").unwrap();
    match total {
        Some(typed) => write_typed(sheet, at, 7, &typed),
        None => {
            let formula = Formula::new(format!("SUM(H4:H{at})"));
            sheet.write_formula(at, 7, formula).unwrap();
        }
    }
}

fn score(name: &str, person: &str, period: &str, rows: &[Row], total: Option<Typed>) -> Person {
    let dir = common::temp_dir(name);
    let path = dir.join("form.xlsx");
    build(&path, person, period, rows, total);
    let input = InputFile {
        path,
        relative: "form.xlsx".into(),
    };
    match common::run_one(&input, &shipped_mappings().unwrap()) {
        Outcome::Scored(mut file) => {
            assert_eq!(file.people.len(), 1, "a form holds one person");
            file.people.remove(0)
        }
        Outcome::Failed(finding) => panic!("not scored: {finding:?}"),
    }
}

fn codes(file: &Person) -> Vec<(String, Code)> {
    file.audit
        .findings()
        .map(|f| (f.cell.map(|c| c.to_string()).unwrap_or_default(), f.code))
        .collect()
}

fn total(file: &Person) -> String {
    file.scored.total.recomputed.map_or("-".to_string(), |t| {
        kpi_audit::score::round(t, 2).to_string()
    })
}

fn with_row(label: &str, change: impl FnOnce(&mut Row)) -> Vec<Row> {
    let mut rows = clean_rows();
    change(rows.iter_mut().find(|r| r.label == label).unwrap());
    rows
}

#[test]
fn a_clean_form_built_in_code_has_no_findings() {
    let file = score("clean", "张伟", "2026年10月", &clean_rows(), None);
    assert_eq!(codes(&file), []);
    assert_eq!(total(&file), "91.88");
    assert_eq!(file.name.as_deref(), Some("张伟"));
}

#[test]
fn a_period_typed_as_a_date_reads_as_its_format_shows_it() {
    let file = score("date-period", "张伟", "2026-10-01", &clean_rows(), None);
    assert_eq!(file.period.as_deref(), Some("2026年10月"));
    assert_eq!(codes(&file), []);
}

#[test]
fn blank_name_and_period_are_warned() {
    let file = score("blank-head", "", "", &clean_rows(), None);
    assert_eq!(
        codes(&file),
        [
            ("B2".into(), Code::PersonMissing),
            ("F2".into(), Code::PeriodMissing)
        ]
    );
}

#[test]
fn words_where_a_number_is_required() {
    let rows = with_row("客单价", |row| row.inputs[0].1 = Typed::Text("良好"));
    let file = score("word", "张伟", "2026年10月", &rows, None);
    assert_eq!(
        codes(&file),
        [
            ("F6".into(), Code::NotANumber),
            ("F6".into(), Code::MissingInput)
        ]
    );
    assert_eq!(total(&file), "91.88", "the hand score 4.65 is taken");
}

#[test]
fn percent_typed_without_its_sign() {
    let rows = with_row("退款比例", |row| row.inputs[0].1 = Typed::Number(4.3));
    let file = score("percent", "张伟", "2026年10月", &rows, None);
    assert_eq!(codes(&file), [("F12".into(), Code::PercentWithoutSign)]);
    assert_eq!(total(&file), "91.88");
}

#[test]
fn no_raw_result_and_no_score() {
    let rows = with_row("客件数", |row| {
        row.inputs[0].1 = Typed::Blank;
        row.score = Typed::Blank;
    });
    let file = score("missing", "张伟", "2026年10月", &rows, None);
    assert_eq!(codes(&file), [("H7".into(), Code::MissingScore)]);
    assert_eq!(total(&file), "83.55");
}

#[test]
fn a_blank_score_is_filled_in_from_the_rule() {
    let rows = with_row("客单价", |row| row.score = Typed::Blank);
    let file = score("blank-score", "张伟", "2026年10月", &rows, None);
    // The total formula, saved without a result, is evaluated: it shows
    // the sum without the blank score.
    assert_eq!(
        codes(&file),
        [
            ("H6".into(), Code::ScoreBlank),
            ("H17".into(), Code::TotalMismatch)
        ]
    );
    assert_eq!(
        file.audit.findings().nth(1).unwrap().found.as_deref(),
        Some("87.23")
    );
    assert_eq!(total(&file), "91.88");
    let correction = &file.audit.corrections().next().unwrap();
    assert_eq!(
        (correction.cell.to_string(), correction.value.display()),
        ("H6".into(), "4.65".into())
    );
}

/// The template drift finding's message, in Chinese.
fn drift_message(person: &Person) -> String {
    person
        .audit
        .findings()
        .find(|f| f.code == Code::TemplateDrift)
        .map(|f| f.message.zh.clone())
        .unwrap_or_default()
}

#[test]
fn changed_full_marks_are_template_drift() {
    // 客件数 on 15 points: its rule (on 10) is not the form's, so its
    // score counts as written and the total still adds up.
    let rows = with_row("客件数", |row| {
        row.full_marks = "15";
        row.score = Typed::Number(12.5);
    });
    let file = score("drift", "张伟", "2026年10月", &rows, None);
    assert_eq!(
        codes(&file),
        [
            ("D7".into(), Code::FullMarksMismatch),
            ("".into(), Code::TemplateDrift)
        ]
    );
    let message = drift_message(&file);
    assert!(
        message.contains("“客件数”的分值为 15(方案为 10)"),
        "{message}"
    );
    assert_eq!(total(&file), "96.05", "91.88 - 8.33 + 12.5");
}

#[test]
fn a_deleted_indicator_row_is_drift_and_leaves_the_total_unchecked() {
    let mut rows = clean_rows();
    rows.retain(|row| row.label != "客单价");
    // The form's own total adds up its 11 rows: 87.23.
    let file = score("deleted", "张伟", "2026年10月", &rows, None);
    assert_eq!(codes(&file), [(String::new(), Code::TemplateDrift)]);
    let message = drift_message(&file);
    assert!(message.contains("未找到指标行“客单价”"), "{message}");
    assert!(message.contains("总分不按此方案重新计算"), "{message}");
    assert_eq!(total(&file), "-", "no total is claimed");
    assert!(file.grade.is_none() && file.audit.total_repair.is_none());
}

#[test]
fn a_typed_total_that_agrees_is_only_a_warning() {
    let file = score(
        "typed-total",
        "张伟",
        "2026年10月",
        &clean_rows(),
        Some(Typed::Number(91.88)),
    );
    assert_eq!(codes(&file), [("H17".into(), Code::TotalHandEntered)]);
}

#[test]
fn judged_bands_accept_scores_inside_and_flag_blanks() {
    let rows = with_row("出勤状况", |row| {
        row.inputs[0].1 = Typed::Number(25.0);
        row.score = Typed::Number(3.0);
    });
    let file = score("judged", "张伟", "2026年10月", &rows, None);
    assert_eq!(codes(&file), []);
    assert_eq!(total(&file), "89.88");
    let rows = with_row("出勤状况", |row| {
        row.inputs[0].1 = Typed::Number(25.0);
        row.score = Typed::Blank;
    });
    let file = score("judged-blank", "张伟", "2026年10月", &rows, None);
    assert_eq!(codes(&file), [("H13".into(), Code::NeedsJudgement)]);
}

#[test]
fn a_total_formula_that_leaves_out_an_indicator_row() {
    // SUM stops at H15: 总结与计划 (H16, 4 points) is left out.
    let total = Typed::Formula("SUM(H4:H15)", "87.88");
    let file = score("omits", "张伟", "2026年10月", &clean_rows(), Some(total));
    assert_eq!(
        codes(&file),
        [
            ("H17".into(), Code::TotalMismatch),
            ("H17".into(), Code::TotalOmitsIndicators)
        ]
    );
    assert!(
        file.audit
            .findings()
            .nth(1)
            .unwrap()
            .message
            .zh
            .contains("H16"),
        "{:?}",
        file.audit.findings().nth(1).unwrap().message
    );
}

#[test]
fn a_total_formula_that_adds_a_cell_that_is_not_a_score() {
    // F7 is 客件数's raw result (1.5), not a score.
    let total = Typed::Formula("SUM(H4:H16)+F7", "93.38");
    let file = score("includes", "张伟", "2026年10月", &clean_rows(), Some(total));
    assert_eq!(
        codes(&file),
        [
            ("H17".into(), Code::TotalMismatch),
            ("H17".into(), Code::TotalIncludesOtherCells)
        ]
    );
}

#[test]
fn a_cached_total_its_own_inputs_disagree_with() {
    // Saved without recalculation: the inputs add up to 91.88, the cell says 90.
    let total = Typed::Formula("SUM(H4:H16)", "90");
    let file = score("stale", "张伟", "2026年10月", &clean_rows(), Some(total));
    assert_eq!(
        codes(&file),
        [
            ("H17".into(), Code::TotalMismatch),
            ("H17".into(), Code::FormulaNotRecalculated)
        ]
    );
    let stale = &file.audit.findings().nth(1).unwrap();
    assert_eq!(
        (stale.found.as_deref(), stale.expected.as_deref()),
        (Some("90"), Some("91.88"))
    );
}

/// The package as openpyxl writes it: formulas without a cached result,
/// and no request to recalculate on load.
fn without_cached_results(path: &Path) {
    common::rewrite_parts(path, |name, xml| {
        if !name.starts_with("xl/worksheets/") {
            return xml.replace(" fullCalcOnLoad=\"1\"", "");
        }
        let mut kept = String::new();
        let mut rest = xml.as_str();
        while let Some(start) = rest.find("</f><v>") {
            let end = rest[start..].find("</v>").unwrap() + start;
            kept.push_str(&rest[..start + "</f>".len()]);
            rest = &rest[end + "</v>".len()..];
        }
        kept.push_str(rest);
        kept
    });
}

#[test]
fn a_total_formula_without_a_cached_result_is_evaluated_and_audited() {
    let dir = common::temp_dir("uncached");
    let path = dir.join("form.xlsx");
    let total = Typed::Formula("SUM(H4:H15)", "0");
    build(&path, "张伟", "2026年10月", &clean_rows(), Some(total));
    without_cached_results(&path);
    let workbook = kpi_audit::read::read_workbook(&path).unwrap();
    let total_cell = kpi_audit::model::CellRef::parse_a1("H17").unwrap();
    assert_eq!(
        workbook.sheets[0].value(total_cell),
        &kpi_audit::model::CellValue::Empty,
        "saved without a result"
    );
    let input = InputFile {
        path,
        relative: "form.xlsx".into(),
    };
    let Outcome::Scored(file) = common::run_one(&input, &shipped_mappings().unwrap()) else {
        panic!("not scored");
    };
    let person = &file.people[0];
    assert_eq!(
        codes(person),
        [
            ("H17".into(), Code::TotalMismatch),
            ("H17".into(), Code::TotalOmitsIndicators)
        ]
    );
    let mismatch = person.audit.findings().next().unwrap();
    assert_eq!(
        (mismatch.found.as_deref(), mismatch.expected.as_deref()),
        (Some("87.88"), Some("91.88")),
        "the formula's own result, 4 points short"
    );
}

#[test]
fn an_error_total_names_the_cell_that_causes_it() {
    let rows = with_row("出错率", |row| row.score = Typed::Text("4分"));
    let total = Typed::Formula("H4+H5+H6+H7+H8+H9+H11+H12+H13+H14+H15+H16", "#VALUE!");
    let file = score("causes", "张伟", "2026年10月", &rows, Some(total));
    let error = file
        .audit
        .findings()
        .find(|f| f.code == Code::ExcelError)
        .unwrap();
    assert_eq!(error.cell.unwrap().to_string(), "H17");
    assert_eq!(error.causes, ["H11"]);
    assert!(
        error.message.zh.contains("H11 填写的是文本“4分”"),
        "{}",
        error.message.zh
    );
    assert!(
        error
            .message
            .en
            .contains("because H11 holds the text “4分”"),
        "{}",
        error.message.en
    );
}

#[test]
fn a_repeated_indicator_row_and_a_row_the_rubric_does_not_know() {
    let mut rows = clean_rows();
    rows.push(Row {
        label: "客单价",
        full_marks: "5",
        inputs: vec![("客单价(元)", Typed::Number(186.0))],
        score: Typed::Number(4.65),
    });
    rows.push(Row {
        label: "额外加分",
        full_marks: "5",
        inputs: vec![("主管评定", Typed::Blank)],
        score: Typed::Number(2.0),
    });
    let file = score("drift-rows", "张伟", "2026年10月", &rows, None);
    assert_eq!(codes(&file), [("".into(), Code::TemplateDrift)]);
    let message = drift_message(&file);
    assert!(message.contains("指标“客单价”在 B17 重复出现"), "{message}");
    assert!(
        message.contains("B18 行“额外加分”不是方案中的指标"),
        "{message}"
    );
    assert_eq!(
        total(&file),
        "-",
        "the form's total adds rows the mapping does not know"
    );
}

#[test]
fn a_second_sheet_holding_the_form_is_noted_with_the_one_used() {
    let dir = common::temp_dir("two-sheets");
    let path = dir.join("form.xlsx");
    let mut workbook = Workbook::new();
    for (name, title) in [
        ("草稿", "草稿"),
        ("正式", "售前客服岗位月度绩效考核表(KPI)"),
    ] {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        write_form(sheet, title, "张伟", "2026年10月", &clean_rows(), None);
    }
    workbook.save(&path).unwrap();
    let input = InputFile {
        path,
        relative: "form.xlsx".into(),
    };
    let Outcome::Scored(file) = common::run_one(&input, &shipped_mappings().unwrap()) else {
        panic!("not scored");
    };
    assert_eq!(file.sheet, "正式");
    let note = file
        .findings()
        .find(|f| f.code == Code::SeveralCandidateSheets)
        .unwrap();
    assert_eq!(note.severity, kpi_audit::model::Severity::Info);
    assert!(note.message.zh.contains("草稿"), "{}", note.message.zh);
}

#[test]
fn a_grade_written_on_the_form_is_checked_against_the_total() {
    let shipped = std::fs::read_to_string(
        common::project_dir().join("mappings/售前客服岗位月度绩效考核表.yaml"),
    )
    .unwrap();
    let text = shipped.replace(
        "  reviewer: 考核人\n",
        "  reviewer: 考核人\n  grade: 考核等级\n",
    );
    let mapping = kpi_audit::mapping::parse_mapping_text(Path::new("graded.yaml"), &text)
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = common::temp_dir("graded");
    let path = dir.join("form.xlsx");
    build(&path, "张伟", "2026年10月", &clean_rows(), None);
    let input = InputFile {
        path,
        relative: "form.xlsx".into(),
    };
    let Outcome::Scored(file) = common::run_one(&input, &[mapping]) else {
        panic!("not scored")
    };
    let person = &file.people[0];
    assert_eq!(person.grade.as_ref().map(|g| g.name.as_str()), Some("B"));
    assert_eq!(codes(person), [("H2".into(), Code::GradeMismatch)]);
}

/// The 客服经理 sample 01_周杰 (weights 60/15/5/5/10/5% in E4:E9, their
/// sum in E10) with some of its cells replaced, scored.
fn manager_with(name: &str, cells: &[(&str, &str)]) -> Person {
    let dir = common::temp_dir(name);
    let path = dir.join("01_周杰.xlsx");
    std::fs::copy(
        common::project_dir().join("samples/客户服务部/01_周杰.xlsx"),
        &path,
    )
    .unwrap();
    common::replace_cells(&path, cells);
    let input = InputFile {
        path,
        relative: "01_周杰.xlsx".into(),
    };
    match common::run_one(&input, &shipped_mappings().unwrap()) {
        Outcome::Scored(mut file) => file.people.remove(0),
        Outcome::Failed(finding) => panic!("not scored: {finding:?}"),
    }
}

fn weight_findings(person: &Person) -> Vec<(String, Code, Option<String>, Option<String>)> {
    person
        .audit
        .findings()
        .filter(|f| {
            matches!(
                f.code,
                Code::WeightMismatch | Code::WeightsDoNotAddUp | Code::NumberStoredAsText
            )
        })
        .map(|f| {
            let cell = f.cell.map(|c| c.to_string()).unwrap_or_default();
            (cell, f.code, f.found.clone(), f.expected.clone())
        })
        .collect()
}

#[test]
fn weights_on_the_form_are_checked_against_the_mapping_and_their_sum() {
    let clean = manager_with("weights-clean", &[]);
    assert_eq!(weight_findings(&clean), []);

    let moved = manager_with(
        "weights-moved",
        &[
            ("E4", r#"<c r="E4" s="6"><v>0.5</v></c>"#),
            ("E8", r#"<c r="E8" s="6"><v>0.2</v></c>"#),
        ],
    );
    let some = |text: &str| Some(text.to_string());
    assert_eq!(
        weight_findings(&moved),
        [
            ("E4".into(), Code::WeightMismatch, some("50%"), some("60%")),
            ("E8".into(), Code::WeightMismatch, some("20%"), some("10%")),
        ]
    );

    let dropped = manager_with(
        "weights-dropped",
        &[("E9", r#"<c r="E9" s="6"><v>0</v></c>"#)],
    );
    assert_eq!(
        weight_findings(&dropped),
        [
            ("E9".into(), Code::WeightMismatch, some("0%"), some("5%")),
            (
                "E10".into(),
                Code::WeightsDoNotAddUp,
                some("95%"),
                some("100%")
            ),
        ]
    );
}

#[test]
fn a_weight_typed_as_text_is_written_back_as_a_number() {
    let person = manager_with(
        "weights-text",
        &[(
            "E9",
            r#"<c r="E9" s="6" t="inlineStr"><is><t>5%</t></is></c>"#,
        )],
    );
    let some = |text: &str| Some(text.to_string());
    assert_eq!(
        weight_findings(&person),
        [(
            "E9".into(),
            Code::NumberStoredAsText,
            some("5%"),
            some("5%")
        )]
    );
    let written = person
        .audit
        .corrections()
        .find(|c| c.cell.to_string() == "E9")
        .map(|c| c.value.clone());
    assert_eq!(written, Some(kpi_audit::model::CellValue::Number(0.05)));
}

/// The form built with this total, scored and its copy rendered: the
/// copy's total cell as (formula, cached value, note).
fn copied_total(name: &str, rows: &[Row], total: Typed) -> (String, String, String) {
    use kpi_audit::model::Lang;
    use kpi_audit::pipeline::render_scored_copy;
    use kpi_audit::write::edits::CopyPlan;
    let dir = common::temp_dir(name);
    let path = dir.join("form.xlsx");
    build(&path, "张伟", "2026年10月", rows, Some(total));
    let input = InputFile {
        path,
        relative: "form.xlsx".into(),
    };
    let Outcome::Scored(file) = common::run_one(&input, &shipped_mappings().unwrap()) else {
        panic!("not scored");
    };
    let copy = dir.join("form.scored.xlsx");
    let bytes = render_scored_copy(&input, &CopyPlan::of(&file, Lang::Zh), Lang::Zh).unwrap();
    std::fs::write(&copy, bytes).unwrap();
    let sheet = &file.sheet;
    (
        common::formula(&copy, sheet, "H17"),
        common::cell_text(&copy, sheet, "H17"),
        common::notes_text(&copy),
    )
}

#[test]
fn a_total_formula_that_leaves_out_a_row_is_replaced_in_the_copy() {
    let (formula, value, notes) = copied_total(
        "omits-copy",
        &clean_rows(),
        Typed::Formula("SUM(H4:H15)", "87.88"),
    );
    assert_eq!((formula.as_str(), value.as_str()), ("SUM(H4:H16)", "91.88"));
    assert!(
        notes.contains("总分公式 =SUM(H4:H15) 已改为 =SUM(H4:H16)"),
        "{notes}"
    );
}

#[test]
fn a_total_formula_that_adds_a_raw_result_is_replaced_in_the_copy() {
    let total = Typed::Formula("SUM(H4:H16)+F7", "93.38");
    let (formula, value, _) = copied_total("includes-copy", &clean_rows(), total);
    assert_eq!((formula.as_str(), value.as_str()), ("SUM(H4:H16)", "91.88"));
}

#[test]
fn a_total_formula_that_recomputes_once_a_text_score_is_repaired_is_kept() {
    let rows = with_row("打字速度", |row| row.score = Typed::Text("5分"));
    let (formula, value, notes) =
        copied_total("text-copy", &rows, Typed::Formula("SUM(H4:H16)", "86.88"));
    assert_eq!((formula.as_str(), value.as_str()), ("SUM(H4:H16)", "91.88"));
    assert!(!notes.contains("总分公式"), "{notes}");
}

/// The shipped 售前客服岗位月度绩效考核表 mapping with its text changed.
fn presales_mapping(name: &str, change: impl Fn(String) -> String) -> kpi_audit::mapping::Mapping {
    let shipped = std::fs::read_to_string(
        common::project_dir().join("mappings/售前客服岗位月度绩效考核表.yaml"),
    )
    .unwrap();
    kpi_audit::mapping::parse_mapping_text(Path::new(name), &change(shipped))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn scored_with(name: &str, rows: &[Row], mappings: &[kpi_audit::mapping::Mapping]) -> Outcome {
    let dir = common::temp_dir(name);
    let path = dir.join("form.xlsx");
    build(&path, "张伟", "2026年10月", rows, None);
    let input = InputFile {
        path,
        relative: "form.xlsx".into(),
    };
    common::run_one(&input, mappings)
}

#[test]
fn a_second_mapping_nearly_as_good_is_named_beside_the_one_used() {
    let shipped = presales_mapping("shipped.yaml", |text| text);
    // A sibling form: the same table, 客单价 called 平均客单价.
    let sibling = presales_mapping("sibling.yaml", |text| {
        text.replace(
            "form: 售前客服岗位月度绩效考核表",
            "form: 售前客服考核表(旧版)",
        )
        .replace("- label: 客单价", "- label: 平均客单价")
    });
    let Outcome::Scored(file) = scored_with("near-tie", &clean_rows(), &[sibling, shipped]) else {
        panic!("not scored");
    };
    assert_eq!(
        file.form, "售前客服岗位月度绩效考核表",
        "the better match wins"
    );
    assert_eq!(file.recognition.score(), 100);
    let note = file
        .findings()
        .find(|f| f.code == Code::SeveralMappingsMatch)
        .unwrap();
    assert!(
        note.message.zh.contains("“售前客服考核表(旧版)”相符(92%)"),
        "{}",
        note.message.zh
    );
}

#[test]
fn below_the_threshold_nothing_matches_and_the_nearest_mapping_is_named() {
    // Three of the twelve indicators under three of the seven columns; no
    // title, head fields or total.
    let dir = common::temp_dir("nearest");
    let path = dir.join("form.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let table = [
        ["考核指标", "分值", "实际得分"],
        ["预期销售额完成度", "30", "28"],
        ["询单转化率", "15", "14"],
        ["客单价", "5", "5"],
    ];
    for (row, cells) in (0..).zip(table) {
        for (col, text) in (0..).zip(cells) {
            sheet.write_string(row, col, text).unwrap();
        }
    }
    workbook.save(&path).unwrap();
    let input = InputFile {
        path,
        relative: "form.xlsx".into(),
    };
    let Outcome::Failed(finding) = common::run_one(&input, &shipped_mappings().unwrap()) else {
        panic!("a partial form this small is not scored");
    };
    assert_eq!(finding.code, Code::NoMappingMatched);
    assert!(
        finding
            .message
            .zh
            .contains("最接近的是“售前客服岗位月度绩效考核表”,只相符 22%"),
        "{}",
        finding.message.zh
    );
}
