//! A target grade distribution ("A 不超过 20%, D 不少于 10%") checked per
//! team and period: forms built here, the batch run by the binary, and the
//! team sheet of summary.xlsx and report.json read back.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use rust_xlsxwriter::{Formula, Workbook};

const MAPPING: &str = "
form: 月度综合考核表
recognise: { title_contains: [月度综合考核表] }
fields: { person: 姓名, department: 部门, period: 月份 }
team: [department, period]
columns: { indicator: 考核项目, score: 得分 }
total: { label: 合计 }
grades:
  range: [0, 100]
  bands:
    - { grade: A, from: 90, to: 100 }
    - { grade: B, from: 80, below: 90 }
    - { grade: C, from: 60, below: 80 }
    - { grade: D, below: 60 }
  distribution:
    - { grade: A, at_most: 20% }
    - { grade: D, at_least: 10% }
indicators:
  - label: 综合表现
    full_marks: 100
    rule: judged
";

/// One person's form: the judged score is the total.
fn build(path: &Path, name: &str, department: &str, score: f64) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "月度综合考核表").unwrap();
    let head = ["姓名", name, "部门", department, "月份", "2026年10月"];
    for (col, text) in head.iter().enumerate() {
        sheet.write_string(1, col as u16, *text).unwrap();
    }
    sheet.write_string(2, 0, "考核项目").unwrap();
    sheet.write_string(2, 1, "得分").unwrap();
    sheet.write_string(3, 0, "综合表现").unwrap();
    sheet.write_number(3, 1, score).unwrap();
    sheet.write_string(4, 0, "合计").unwrap();
    sheet
        .write_formula(4, 1, Formula::new("B4").set_result(score.to_string()))
        .unwrap();
    workbook.save(path).unwrap();
}

/// 销售一部: 12 people, 3 A (2 allowed: 1 over), no D (2 needed: 2 short).
/// 销售二部: 5 people, 1 A (1 allowed), 1 D (1 needed): within quota.
fn run() -> &'static PathBuf {
    // The folder is kept with the path: a static is never dropped.
    static OUT: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = temp_dir("quota");
        let input = dir.join("in");
        std::fs::create_dir_all(&input).unwrap();
        let first = [
            95.0, 92.0, 90.0, 85.0, 85.0, 84.0, 83.0, 82.0, 81.0, 80.0, 80.0, 70.0,
        ];
        for (index, score) in first.iter().enumerate() {
            let name = format!("一部{index:02}");
            build(
                &input.join(format!("{name}.xlsx")),
                &name,
                "销售一部",
                *score,
            );
        }
        for (index, score) in [91.0, 88.0, 75.0, 65.0, 50.0].iter().enumerate() {
            let name = format!("二部{index:02}");
            build(
                &input.join(format!("{name}.xlsx")),
                &name,
                "销售二部",
                *score,
            );
        }
        let mapping = dir.join("月度综合考核表.yaml");
        std::fs::write(&mapping, MAPPING).unwrap();
        let out = dir.join("out");
        let result = kpi_audit(&[
            "run",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
            "--isolation",
            "none",
        ]);
        assert_eq!(
            result.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        (dir, out)
    });
    out
}

#[test]
fn the_team_sheet_shows_each_quota_and_how_far_a_team_is_off_it() {
    let path = run().join("summary.xlsx");
    let teams = rows(&path, "团队");
    assert_eq!(
        teams[0],
        [
            "考核表",
            "团队",
            "人数",
            "平均总分",
            "最低总分",
            "最高总分",
            "A",
            "B",
            "C",
            "D",
            "A 上限人数",
            "A 超出人数",
            "D 下限人数",
            "D 缺少人数"
        ]
    );
    let row = |team: &str| -> Vec<String> {
        let found = teams.iter().find(|r| r[1] == team).unwrap();
        found[6..].to_vec()
    };
    assert_eq!(
        row("销售一部/2026年10月"),
        ["3", "8", "1", "0", "2", "1", "2", "2"],
        "12 people: ⌊12 × 20%⌋ = 2 A allowed, 3 given; ⌈12 × 10%⌉ = 2 D needed, none"
    );
    assert_eq!(
        row("销售二部/2026年10月"),
        ["1", "1", "2", "1", "1", "0", "1", "0"],
        "5 people: ⌊1⌋ A allowed, ⌈0.5⌉ D needed: within quota"
    );
    assert_eq!(cell_text(&path, "团队", "L2"), "1", "A over quota");
    assert_eq!(cell_text(&path, "团队", "N2"), "2", "D short");
}

#[test]
fn a_team_over_or_short_has_that_cell_filled_with_the_warning_colour() {
    let path = run().join("summary.xlsx");
    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    let style = |cell: &str| -> String {
        let at = sheet.find(&format!(r#"<c r="{cell}""#)).unwrap();
        let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
        tag.split(r#"s=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("0")
            .to_string()
    };
    // Row 2: 销售一部, over and short; row 3: 销售二部, within quota.
    assert_eq!(style("L2"), style("N2"));
    assert_ne!(style("L2"), style("L3"), "over quota is filled");
    assert_eq!(style("L3"), style("K3"), "within quota is a plain count");
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("FFEB9C"), "the warning colour: {styles}");
}

#[test]
fn report_json_gives_each_teams_quotas() {
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run().join("report.json")).unwrap()).unwrap();
    let teams = report["teams"].as_array().unwrap();
    let team = |name: &str| {
        teams
            .iter()
            .find(|t| t["team"] == name)
            .unwrap_or_else(|| panic!("{name} in {teams:?}"))
    };
    let first = team("销售一部/2026年10月");
    assert_eq!(first["form"], "月度综合考核表");
    assert_eq!(first["people"], 12);
    assert_eq!(
        first["grades"],
        serde_json::json!({ "A": 3, "B": 8, "C": 1 })
    );
    assert_eq!(first["ungraded"], 0);
    assert_eq!(
        first["quotas"],
        serde_json::json!([
            { "grade": "A", "count": 3, "at_most": "0.2", "allowed": 2, "over": 1 },
            { "grade": "D", "count": 0, "at_least": "0.1", "needed": 2, "short": 2 }
        ])
    );
    let second = team("销售二部/2026年10月");
    assert_eq!(
        second["quotas"],
        serde_json::json!([
            { "grade": "A", "count": 1, "at_most": "0.2", "allowed": 1, "over": 0 },
            { "grade": "D", "count": 1, "at_least": "0.1", "needed": 1, "short": 0 }
        ])
    );
}
