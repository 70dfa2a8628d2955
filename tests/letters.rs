//! Rubric case V2 end to end: 工作态度 is judged within 20 points and
//! graded A–D by bands ("A(得18-20分) B(得15-18分) C(得12-15分) D(12分以下)").
//! The letter written beside the score is checked against it; a blank one is
//! filled in on the copy. Forms built in code, run through the binary, the
//! copies read back.

mod common;

use std::path::Path;

use common::{cell_text, kpi_audit, notes_text, temp_dir};
use rust_xlsxwriter::Workbook;

const MAPPING: &str = "
form: 售前工程师绩效考核表(高级)
recognise: { title_contains: [售前工程师绩效考核表] }
fields: { person: 被考核人, period: 考核月份 }
columns:
  indicator: 指标项
  input: 等级
  self_score: 自评分
  score: 考评分
total: { label: 总分, formula: false }
indicators:
  - label: 业绩完成情况
    full_marks: 60
    rule: judged
  - label: 工作态度
    full_marks: 20
    rule:
      letters:
        - { letter: A, from: 18, to: 20 }
        - { letter: B, from: 15, below: 18 }
        - { letter: C, from: 12, below: 15 }
        - { letter: D, below: 12 }
  - label: 团队协作
    full_marks: 20
    rule: judged
";

/// One form: 工作态度's letter (blank when empty) and score (blank when
/// `None`), the other two indicators 50 and 18, and the total typed as
/// their sum.
fn build(path: &Path, person: &str, letter: &str, attitude: Option<f64>) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let texts = [
        (0, 0, "售前工程师绩效考核表(高级)"),
        (1, 0, &*format!("被考核人:{person}")),
        (1, 3, "考核月份:2026年10月"),
    ];
    for (row, col, text) in texts {
        sheet.write_string(row, col, text).unwrap();
    }
    let header = ["序号", "指标项", "权重", "自评分", "等级", "考评分"];
    for (col, text) in header.iter().enumerate() {
        sheet.write_string(2, col as u16, *text).unwrap();
    }
    let rows = [
        ("业绩完成情况", 60.0, "", Some(50.0)),
        ("工作态度", 20.0, letter, attitude),
        ("团队协作", 20.0, "", Some(18.0)),
    ];
    for (index, (label, weight, letter, score)) in rows.iter().enumerate() {
        let row = 3 + index as u32;
        sheet.write_number(row, 0, index as f64 + 1.0).unwrap();
        sheet.write_string(row, 1, *label).unwrap();
        sheet.write_number(row, 2, *weight).unwrap();
        if !letter.is_empty() {
            sheet.write_string(row, 4, *letter).unwrap();
        }
        if let Some(score) = score {
            sheet.write_number(row, 5, *score).unwrap();
        }
    }
    sheet.write_string(6, 1, "总分").unwrap();
    sheet
        .write_number(6, 5, 68.0 + attitude.unwrap_or_default())
        .unwrap();
    workbook.save(path).unwrap();
}

#[test]
fn letters_are_checked_against_scores_and_a_blank_letter_is_filled_in() {
    let input = temp_dir("letters-in");
    let out = temp_dir("letters-out");
    let mapping = input.join("v2.yaml");
    std::fs::write(&mapping, MAPPING).unwrap();
    let forms = input.join("forms");
    std::fs::create_dir_all(&forms).unwrap();
    build(&forms.join("01_甲.xlsx"), "甲", "A", Some(19.0));
    build(&forms.join("02_乙.xlsx"), "乙", "A", Some(17.0));
    build(&forms.join("03_丙.xlsx"), "丙", "", Some(16.0));
    build(&forms.join("04_丁.xlsx"), "丁", "E", Some(10.0));
    build(&forms.join("05_戊.xlsx"), "戊", "B", None);
    let result = kpi_audit(&[
        "run",
        forms.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(result.status.code(), Some(1), "{result:?}");

    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let findings = |file: &str| -> Vec<(String, String, String)> {
        let file = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == file)
            .unwrap();
        file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let text = |key: &str| f[key].as_str().unwrap_or_default().to_string();
                (text("code"), text("cell"), text("expected"))
            })
            .collect()
    };
    let one = |code: &str, expected: &str| vec![(code.into(), "E5".into(), expected.into())];
    // A, 19: accepted.
    assert_eq!(findings("01_甲.xlsx"), []);
    // A, 17: outside A's [18, 20]; the score gives B.
    assert_eq!(findings("02_乙.xlsx"), one("letter-mismatch", "B"));
    // No letter, 16: B.
    assert_eq!(findings("03_丙.xlsx"), one("letter-derived", "B"));
    // E is no letter of the rule.
    assert_eq!(findings("04_丁.xlsx"), one("unknown-label", ""));
    // B and no score yet: the reviewer is asked for a score within B's band.
    let waiting = vec![("needs-judgement".into(), "F5".into(), "[15, 18)".into())];
    assert_eq!(findings("05_戊.xlsx"), waiting);

    // The score counts as written, whatever the letter: the totals hold.
    let totals: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["people"][0]["total"].as_str().unwrap())
        .collect();
    assert_eq!(totals, ["87", "85", "84", "78", "68"]);

    let copy = |name: &str| out.join(name);
    assert_eq!(cell_text(&copy("03_丙.scored.xlsx"), "Sheet1", "E5"), "B");
    assert_eq!(cell_text(&copy("02_乙.scored.xlsx"), "Sheet1", "E5"), "A");
    let notes = notes_text(&copy("02_乙.scored.xlsx"));
    assert!(
        notes.contains("等级 A 对应 [18, 20] 分,得分 17 不在其中,按得分应为 B"),
        "{notes}"
    );
}

#[test]
fn check_reports_the_forms_own_wording_where_two_letters_share_a_score() {
    let dir = temp_dir("letters-check");
    let mapping = dir.join("v2.yaml");
    let as_the_form_says = MAPPING
        .replace("from: 15, below: 18", "from: 15, to: 18")
        .replace("from: 12, below: 15", "from: 12, to: 15")
        .replace("letter: D, below: 12", "letter: D, to: 12");
    std::fs::write(&mapping, as_the_form_says).unwrap();
    let result = kpi_audit(&["check", mapping.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&result.stdout).into_owned()
        + &String::from_utf8_lossy(&result.stderr);
    assert_ne!(result.status.code(), Some(0), "{said}");
    for boundary in ["12", "15", "18"] {
        let expected = format!("two bands hold exactly {boundary}");
        assert!(said.contains(&expected), "{said}");
    }
    assert!(said.contains("v2.yaml:"), "{said}");
}

#[test]
fn a_letters_rule_on_a_number_unit_is_reported_at_the_rule() {
    let dir = temp_dir("letters-unit");
    let mapping = dir.join("v2.yaml");
    let on_percent = MAPPING.replace(
        "    full_marks: 20\n    rule:\n      letters:",
        "    full_marks: 20\n    unit: percent\n    rule:\n      letters:",
    );
    std::fs::write(&mapping, on_percent).unwrap();
    let result = kpi_audit(&["check", mapping.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&result.stderr).into_owned()
        + &String::from_utf8_lossy(&result.stdout);
    assert!(
        said.contains(
            "v2.yaml:19:7: `letters` reads a letter: leave out `unit` or write `unit: label`"
        ),
        "{said}"
    );
}
