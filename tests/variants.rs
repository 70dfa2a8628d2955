//! The variant workbooks of `tests/fixtures/variants/` (made by the fixtures
//! generator, `examples/make_fixtures/variants.rs`; their README says what
//! differs in each): shipped forms as other companies keep them must give a
//! template-drift finding naming each difference, and never a total
//! claimed wrong or an error that is not true; forms whose total is wrong
//! get a copy that stays correct when it recalculates.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// The variants scored once for every test of this file.
fn outputs() -> &'static TempDir {
    static OUT: OnceLock<TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = temp_dir("variants");
        let result = kpi_audit(&[
            "run",
            "tests/fixtures/variants",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(
            result.status.code(),
            Some(1),
            "the correction variants have errors: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        out
    })
}

fn report() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(outputs().join("report.json")).unwrap()).unwrap()
}

fn file_report(name: &str) -> serde_json::Value {
    report()["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|file| file["file"] == name)
        .unwrap_or_else(|| panic!("{name} is not in report.json"))
        .clone()
}

fn codes(file: &serde_json::Value) -> Vec<&str> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

fn copy_of(name: &str) -> PathBuf {
    let stem = Path::new(name).file_stem().unwrap().to_string_lossy();
    outputs().join(format!("{stem}.scored.xlsx"))
}

/// Each drift variant, and what its template-drift finding must name.
const DRIFT: [(&str, &[&str]); 7] = [
    (
        "renamed-columns.xlsx",
        &["未找到列“实际完成”", "未找到列“自我评价”"],
    ),
    (
        "one-indicator-more.xlsx",
        &["B17 行“服务规范”不是方案中的指标"],
    ),
    ("one-indicator-fewer.xlsx", &["未找到指标行“客单价”"]),
    (
        "renamed-indicator.xlsx",
        &[
            "未找到指标行“询单转化率”",
            "B5 行“咨询转化率”不是方案中的指标",
        ],
    ),
    (
        "moved-total.xlsx",
        &["总分行“总计”的“实际得分”列为空,总分在 I17"],
    ),
    (
        "different-weight.xlsx",
        &[
            "“销售收入计划完成率”的权重为 50%(方案为 60%)",
            "“培训计划完成率”的权重为 20%(方案为 10%)",
        ],
    ),
    (
        "淘宝售前绩效分数表格.xlsx",
        &[
            "未找到标题“售前客服岗位月度绩效考核表”",
            "未找到列“考核数据”",
            "未找到列“实际完成”",
            "未找到指标行“询单转化率”",
            "B5 行“咨询转化率”不是方案中的指标",
            "未找到表头字段“部门”",
            "未找到表头字段“考核人”",
        ],
    ),
];

#[test]
fn each_difference_is_named_in_one_template_drift_finding() {
    for (name, differences) in DRIFT {
        let file = file_report(name);
        let drift: Vec<&serde_json::Value> = file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "template-drift")
            .collect();
        assert_eq!(drift.len(), 1, "{name}: {:?}", file["findings"]);
        let message = drift[0]["message"]["zh"].as_str().unwrap();
        for difference in differences {
            assert!(message.contains(difference), "{name}: {message}");
        }
        let listed = file["match"]["differences"].as_array().unwrap().len();
        assert_eq!(
            message.matches(';').count(),
            listed,
            "{name}: one part per difference, then what follows: {message}"
        );
        assert!(file["match"]["score"].as_u64().unwrap() < 100, "{name}");
    }
}

#[test]
fn drift_claims_no_wrong_total_and_no_error_that_is_not_true() {
    for (name, _) in DRIFT {
        let file = file_report(name);
        let findings = file["findings"].as_array().unwrap();
        let errors: Vec<&serde_json::Value> = findings
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert_eq!(errors, Vec::<&serde_json::Value>::new(), "{name}");
        assert!(
            findings.iter().all(|f| {
                let code = f["code"].as_str().unwrap();
                !code.starts_with("total-") && code != "missing-input"
            }),
            "{name}: {findings:?}"
        );
        assert_ne!(file["status"], "errors", "{name}");
    }
}

#[test]
fn the_taobao_form_keeps_its_total_of_87_04() {
    const NAME: &str = "淘宝售前绩效分数表格.xlsx";
    let file = file_report(NAME);
    let person = &file["people"][0];
    assert_eq!(person["hand_total"], "87.04");
    assert_eq!(person["total"], serde_json::Value::Null, "no total claimed");
    assert_eq!(person["difference"], serde_json::Value::Null);
    assert_eq!(person["grade"], serde_json::Value::Null);
    let everything = std::fs::read_to_string(outputs().join("report.json")).unwrap();
    assert!(
        !everything.contains("72.33"),
        "the total counting 咨询转化率 as 0"
    );
    let cell = person["total_cell"].as_str().unwrap();
    let copy = copy_of(NAME);
    assert_eq!(cell_text(&copy, "绩效分数", cell), "87.04");
    assert_eq!(formula(&copy, "绩效分数", cell), "SUM(F4:F15)");
}

#[test]
fn a_total_not_claimed_is_left_as_the_form_has_it() {
    for (name, sheet, cell, total) in [
        ("one-indicator-more.xlsx", "绩效考核表", "H18", "95.88"),
        ("one-indicator-fewer.xlsx", "绩效考核表", "H16", "87.23"),
        ("renamed-indicator.xlsx", "绩效考核表", "H17", "91.88"),
        ("different-weight.xlsx", "月度考核表", "J10", "93.4"),
        ("moved-total.xlsx", "绩效考核表", "I17", "91.88"),
    ] {
        let copy = copy_of(name);
        assert_eq!(cell_text(&copy, sheet, cell), total, "{name}");
    }
    let moved = copy_of("moved-total.xlsx");
    assert_eq!(
        cell_text(&moved, "绩效考核表", "H17"),
        "",
        "no total written where the form has none"
    );
}

#[test]
fn columns_named_otherwise_leave_the_scores_as_written_and_the_total_checked() {
    let file = file_report("renamed-columns.xlsx");
    let person = &file["people"][0];
    assert_eq!(
        (&person["total"], &person["hand_total"]),
        (&"91.88".into(), &"91.88".into())
    );
    assert_eq!(
        codes(&file),
        ["template-drift"],
        "no 实际完成未填写 on every row"
    );
}

#[test]
fn a_total_formula_that_leaves_out_a_row_is_replaced_in_the_copy() {
    let file = file_report("total-leaves-out-a-row.xlsx");
    assert_eq!(codes(&file), ["total-mismatch", "total-omits-indicators"]);
    let copy = copy_of("total-leaves-out-a-row.xlsx");
    assert_eq!(formula(&copy, "绩效考核表", "H17"), "SUM(H4:H16)");
    assert_eq!(cell_text(&copy, "绩效考核表", "H17"), "91.88");
    assert!(
        notes_text(&copy).contains("总分公式 =SUM(H4:H15) 已改为 =SUM(H4:H16)"),
        "the original formula in the note"
    );
}

#[test]
fn a_weight_typed_as_text_is_made_a_number_so_the_forms_own_total_recomputes() {
    let copy = copy_of("weight-typed-as-text.xlsx");
    assert_eq!(cell_text(&copy, "月度考核表", "E6"), "0.05");
    assert_eq!(
        formula(&copy, "月度考核表", "J10"),
        "SUMPRODUCT(J4:J9,E4:E9)",
        "the form's own formula is kept: it adds the weight now"
    );
    assert_eq!(cell_text(&copy, "月度考核表", "J10"), "92.08");
}

#[test]
fn every_variant_copy_recalculates_to_its_cached_values_and_the_recomputed_totals() {
    let (problems, totals) = recalculation_problems(outputs());
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        totals, 3,
        "the totals claimed: renamed columns and the two corrections"
    );
}
