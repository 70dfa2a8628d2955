//! The README's main job: `kpi-audit run samples --out DIR`, checked by
//! reading what it wrote.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// Runs the shipped samples once for all tests in this file.
fn outputs() -> &'static PathBuf {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = temp_dir("samples");
        let result = kpi_audit(&["run", "samples", "--out", out.to_str().unwrap()]);
        assert_eq!(
            result.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        out
    })
}

fn scored(name: &str) -> PathBuf {
    outputs()
        .join("售前客服部")
        .join(format!("{name}.scored.xlsx"))
}

const SHEET: &str = "绩效考核表";

/// The 售前技术支持工程师 form's sample folder and sheet.
const TECH: (&str, &str) = ("技术支持部", "KPI考核表");
/// The 客服经理 form's sample folder and sheet.
const MANAGER: (&str, &str) = ("客户服务部", "月度考核表");

fn scored_in(form: (&str, &str), name: &str) -> PathBuf {
    outputs().join(form.0).join(format!("{name}.scored.xlsx"))
}

/// A cell of a scored sample of the form, as text.
fn cell_in(form: (&str, &str), name: &str, cell: &str) -> String {
    cell_text(&scored_in(form, name), form.1, cell)
}

#[test]
fn every_sample_gives_exactly_the_findings_in_its_golden_file() {
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outputs().join("report.json")).unwrap()).unwrap();
    let mut lines = Vec::new();
    for file in report["files"].as_array().unwrap() {
        lines.push(format!(
            "{} [{}]",
            file["file"].as_str().unwrap(),
            file["status"].as_str().unwrap()
        ));
        for finding in file["findings"].as_array().unwrap() {
            lines.push(format!(
                "  {} {} {} {}",
                finding["cell"].as_str().unwrap_or("-"),
                finding["code"].as_str().unwrap(),
                finding["severity"].as_str().unwrap(),
                finding["indicator"].as_str().unwrap_or("-"),
            ));
        }
    }
    let golden = std::fs::read_to_string(project_dir().join("tests/golden/samples.txt")).unwrap();
    assert_eq!(lines.join("\n").trim(), golden.trim());
}

#[test]
fn recomputed_totals_are_written_into_the_total_cell() {
    let expected = [
        ("01_张伟", "H17", "91.88"),
        ("02_王芳", "H17", "93.5"),
        ("03_李娜", "H17", "85.2"),
        ("04_刘洋", "H17", "79.31"),
        ("05_陈静", "H17", "85.5"),
        ("06_杨磊", "H17", "98.8"),
        ("07_赵敏", "H17", "65.15"),
        ("08_黄强", "H17", "85.74"),
        ("09_周婷", "H17", "93.12"),
        ("10_孙丽", "I18", "92.26"),
    ];
    for (name, cell, total) in expected {
        assert_eq!(
            cell_text(&scored(name), SHEET, cell),
            total,
            "{name} {cell}"
        );
    }
}

#[test]
fn total_formulas_are_kept_with_their_corrected_cached_result() {
    assert_eq!(formula(&scored("03_李娜"), SHEET, "H17"), "SUM(H4:H16)");
    let plus = formula(&scored("04_刘洋"), SHEET, "H17");
    assert!(plus.starts_with("H4+H5"), "{plus}");
    assert_eq!(cell_text(&scored("04_刘洋"), SHEET, "H17"), "79.31");
    assert_eq!(formula(&scored("09_周婷"), SHEET, "H17"), "SUM(H4:H16)");
}

#[test]
fn wrong_scores_and_text_numbers_are_replaced() {
    assert_eq!(cell_text(&scored("03_李娜"), SHEET, "H8"), "4");
    assert_eq!(cell_text(&scored("03_李娜"), SHEET, "F5"), "0.9");
    assert_eq!(cell_text(&scored("06_杨磊"), SHEET, "H6"), "5");
    assert_eq!(cell_text(&scored("08_黄强"), SHEET, "H5"), "12");
    assert_eq!(cell_text(&scored("09_周婷"), SHEET, "H12"), "2");
    assert_eq!(cell_text(&scored("05_陈静"), SHEET, "H17"), "85.5");
}

#[test]
fn notes_keep_the_original_value_and_say_what_it_should_be() {
    let notes = notes_text(&scored("08_黄强"));
    assert!(notes.contains("[score-mismatch]"), "{notes}");
    assert!(notes.contains("原值:15"), "{notes}");
    assert!(notes.contains("应为:12"), "{notes}");
    let notes = notes_text(&scored("03_李娜"));
    assert!(notes.contains("原值:4分"), "{notes}");
    assert!(notes_text(&scored("01_张伟")).is_empty());
}

#[test]
fn ranks_within_the_team_are_written_in_the_rank_cell() {
    assert_eq!(cell_text(&scored("06_杨磊"), SHEET, "I17"), "1");
    assert_eq!(cell_text(&scored("07_赵敏"), SHEET, "I17"), "10");
    assert_eq!(cell_text(&scored("10_孙丽"), SHEET, "J18"), "4");
}

#[test]
fn the_scored_copy_keeps_the_form_and_adds_a_findings_sheet() {
    let path = scored("06_杨磊");
    assert_eq!(sheet_names(&path), [SHEET, "核查结果"]);
    assert_eq!(
        cell_text(&path, SHEET, "A1"),
        "售前客服岗位月度绩效考核表(KPI)"
    );
    assert_eq!(cell_text(&path, SHEET, "B2"), "杨磊");
    let findings = rows(&path, "核查结果");
    assert_eq!(
        findings[0][..5],
        ["工作表", "单元格", "指标", "代码", "严重程度"]
    );
    assert_eq!(
        findings[1][1..5],
        ["H6", "客单价", "score-out-of-range", "错误"]
    );
}

#[test]
fn summary_has_one_row_per_person_with_scores_and_status() {
    let rows = rows(&outputs().join("summary.xlsx"), "汇总");
    assert_eq!(rows.len(), 24, "a header and one row per sample");
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let lina = rows.iter().find(|r| r[2] == "李娜").unwrap();
    assert_eq!(lina[column("重新计算总分")], "85.2");
    assert_eq!(lina[column("表中总分")], "81.2");
    assert_eq!(lina[column("差额")], "-4");
    assert_eq!(lina[column("询单转化率")], "15");
    assert_eq!(lina[column("状态")], "有错误");
    let zhang = rows.iter().find(|r| r[2] == "张伟").unwrap();
    assert_eq!(zhang[column("状态")], "无问题");
    assert_eq!(
        (
            zhang[column("等级")].as_str(),
            zhang[column("绩效奖金")].as_str()
        ),
        ("B", "200")
    );
    let yang = rows.iter().find(|r| r[2] == "杨磊").unwrap();
    assert_eq!(
        (
            yang[column("等级")].as_str(),
            yang[column("绩效奖金")].as_str()
        ),
        ("A", "300")
    );
    let zhao = rows.iter().find(|r| r[2] == "赵敏").unwrap();
    assert_eq!(
        (
            zhao[column("等级")].as_str(),
            zhao[column("绩效奖金")].as_str()
        ),
        ("D", "-200")
    );
}

#[test]
fn tech_support_totals_are_recomputed_in_points() {
    // 总分 is J13: the six items' points (35 + 15 + 15 + 15 + 10 + 10).
    let expected = [
        ("01_李明", "94"),
        ("02_王磊", "78"),
        ("03_张强", "84"),
        ("04_刘芳", "89"),
        ("05_陈晨", "65"),
        ("06_赵雪", "92"),
    ];
    for (name, total) in expected {
        assert_eq!(cell_in(TECH, name, "J13"), total, "{name}");
    }
}

#[test]
fn service_manager_totals_are_scores_on_100_times_their_weights() {
    // 本次考核得分合计 is J10 = ∑ 考核人评分 × 权重.
    let expected = [
        ("01_周杰", "92.08"),
        ("02_吴敏", "121.01"),
        ("03_郑浩", "84.14"),
        ("04_孙悦", "98"),
        ("05_马丽", "71.99"),
        ("06_林涛", "99.75"),
        ("07_何静", "90.06"),
    ];
    for (name, total) in expected {
        assert_eq!(cell_in(MANAGER, name, "J10"), total, "{name}");
    }
    // L1: 112% of plan scores 100 + 12 × 3.3 = 139.6 on the 100 scale and
    // counts 139.6 × 60% = 83.76 of the 121.01.
    assert_eq!(cell_in(MANAGER, "02_吴敏", "J4"), "139.6");
}

#[test]
fn other_forms_keep_their_total_formulas_with_corrected_results() {
    let sumproduct = formula(&scored_in(MANAGER, "03_郑浩"), MANAGER.1, "J10");
    assert_eq!(sumproduct, "SUMPRODUCT(J4:J9,E4:E9)");
    let products = formula(&scored_in(MANAGER, "06_林涛"), MANAGER.1, "J10");
    assert!(products.starts_with("J4*E4+J5*E5"), "{products}");
    let plus = formula(&scored_in(TECH, "06_赵雪"), TECH.1, "J13");
    assert_eq!(plus, "J4+J5+J6+J7+J8+J10");
    let sum = formula(&scored_in(TECH, "02_王磊"), TECH.1, "J13");
    assert_eq!(sum, "SUM(J4:J12)");
}

#[test]
fn other_forms_wrong_scores_and_text_numbers_are_replaced() {
    // T2: 4 projects not revisited give 10, not 12.
    assert_eq!(cell_in(TECH, "03_张强", "J6"), "10");
    // B2: 85 and 3 shared cases is 6 + 5, capped at the item's 10.
    assert_eq!(cell_in(TECH, "05_陈晨", "J8"), "10");
    assert_eq!(cell_in(TECH, "02_王磊", "J4"), "25");
    // T4: 95% resolved gives 90, not 100.
    assert_eq!(cell_in(MANAGER, "04_孙悦", "J5"), "90");
    // 15 months of service is held at the 100 scale.
    assert_eq!(cell_in(MANAGER, "05_马丽", "J9"), "100");
    assert_eq!(cell_in(MANAGER, "03_郑浩", "J7"), "90");
}

#[test]
fn inputs_are_never_modified() {
    outputs();
    let folders = ["售前客服部", TECH.0, MANAGER.0].map(|d| project_dir().join("samples").join(d));
    let digest = || folders.iter().map(|f| digest_folder(f)).collect::<Vec<_>>();
    let before = digest();
    let out = temp_dir("untouched");
    kpi_audit(&["run", "samples", "--out", out.to_str().unwrap()]);
    assert_eq!(digest(), before);
}

fn digest_folder(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}
