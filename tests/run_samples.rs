//! The README's main job: `kpi-audit run samples --out DIR`, checked by
//! reading what it wrote.

mod common;
#[path = "run_samples/recognition.rs"]
mod recognition;
#[path = "run_samples/seed_000.rs"]
mod seed_000;
#[path = "run_samples/seed_002.rs"]
mod seed_002;
#[path = "run_samples/seed_003.rs"]
mod seed_003;
#[path = "run_samples/seed_004.rs"]
mod seed_004;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// Runs the shipped samples once for all tests in this file (a static is
/// never dropped: this folder stays after the run).
fn outputs() -> &'static TempDir {
    static OUT: OnceLock<TempDir> = OnceLock::new();
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
/// The 售前客服绩效量化考核表 form's sample folder and sheet.
const QUANTIFIED: (&str, &str) = ("网店客服部", "量化考核表");
/// The 售前岗位月度绩效考核表格 rosters: their folders, file and sheet.
const SALES_ROSTER: (&str, &str) = ("销售部", "月度考核");
const SOLUTIONS_ROSTER: (&str, &str) = ("解决方案部", "月度考核");
const ROSTER_FILE: &str = "售前岗位月度绩效考核_2026年10月";

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
    assert_eq!(
        rows.len(),
        82,
        "a header and one row per person: 69 forms, and 8 + 4 roster rows"
    );
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
fn quantified_totals_blend_self_and_supervisor_scores() {
    // 考核得分 is E42 = 总分 of 员工自评 × 0.2 + 总分 of 上级评分 × 0.8 (A3).
    let expected = [
        ("01_林晓_2026年第1季度", "85.8"),
        ("02_林晓_2026年第2季度", "64.4"),
        ("03_林晓_2026年第3季度", "78.4"),
        ("04_林晓_2026年第4季度", "93.4"),
        ("05_陈雨", "89.6"),
        ("06_吴昊", "88.4"),
        ("07_郑琳", "75.4"),
    ];
    for (name, total) in expected {
        assert_eq!(cell_in(QUANTIFIED, name, "E42"), total, "{name}");
    }
    let blend = formula(
        &scored_in(QUANTIFIED, "02_林晓_2026年第2季度"),
        QUANTIFIED.1,
        "E42",
    );
    assert_eq!(blend, "D41*0.2+E41*0.8");
    // The supervisor's "3分" is written back as 3; the supervisor's 5 on a
    // 4-point item as 4.
    assert_eq!(cell_in(QUANTIFIED, "02_林晓_2026年第2季度", "E8"), "3");
    assert_eq!(cell_in(QUANTIFIED, "06_吴昊", "E11"), "4");
    // 03: 沟通解释's 上级评分 is blank; by the rater policy the self score 2
    // stands in and is written there (78.4, not the form's 76.8).
    assert_eq!(cell_in(QUANTIFIED, "03_林晓_2026年第3季度", "E17"), "2");
    let notes = notes_text(&scored_in(QUANTIFIED, "03_林晓_2026年第3季度"));
    assert!(notes.contains("[needs-judgement]"), "{notes}");
    assert!(notes.contains("应为:78.4"), "{notes}");
}

#[test]
fn quantified_summary_has_the_mean_of_four_quarters_grades_and_the_flag() {
    let rows = rows(&outputs().join("summary.xlsx"), "汇总");
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let of = |file: &str| {
        let row = rows
            .iter()
            .find(|r| r[0] == format!("{}/{file}", QUANTIFIED.0))
            .unwrap_or_else(|| panic!("no summary row for {file}"));
        [
            "考核月份",
            "重新计算总分",
            "等级",
            "绩效奖金",
            "期间平均分",
            "预警",
        ]
        .map(|name| row[column(name)].clone())
    };
    // M1: (85.8 + 64.4 + 78.4 + 93.4) / 4 = 80.5 on each of 林晓's rows.
    // Grades: 一 < 70 ≤ 二 < 80 ≤ 三 (60% of 月工资 6000) < 90 ≤ 四 (100%).
    // M2: 64.4 is below 70 in 第2季度 only (one quarter = three months).
    let expected = [
        (
            "01_林晓_2026年第1季度.xlsx",
            ["2026年第1季度", "85.8", "三", "3600", "80.5", ""],
        ),
        (
            "02_林晓_2026年第2季度.xlsx",
            ["2026年第2季度", "64.4", "一", "0", "80.5", "调岗预警"],
        ),
        (
            "03_林晓_2026年第3季度.xls",
            ["2026年第3季度", "78.4", "二", "0", "80.5", ""],
        ),
        (
            "04_林晓_2026年第4季度.xlsx",
            ["2026年第4季度", "93.4", "四", "6000", "80.5", ""],
        ),
        (
            "05_陈雨.xlsx",
            ["2026年第4季度", "89.6", "三", "3300", "89.6", ""],
        ),
    ];
    for (file, values) in expected {
        assert_eq!(of(file), values.map(String::from), "{file}");
    }
    let wu = rows
        .iter()
        .find(|r| r[0] == format!("{}/06_吴昊.ods", QUANTIFIED.0))
        .unwrap();
    assert_eq!(wu[column("团队排名")], "3", "third of four in 第4季度");
}

#[test]
fn roster_rows_are_people_scored_from_words_and_marked_in_place() {
    let path = outputs()
        .join(SALES_ROSTER.0)
        .join(format!("{ROSTER_FILE}.scored.xlsx"));
    let cell = |a1: &str| cell_text(&path, SALES_ROSTER.1, a1);
    // 综合评分 (I) of each row, recomputed: 客户接洽数量 25 × n / 30 (at most
    // 25) + 优秀 25 / 良好 20 / 一般 15 + 非常满意 25 / 满意 20 / 一般 15.
    let totals = [
        ("I4", "95"),
        ("I5", "85.83"),
        ("I6", "66.67"),
        ("I7", "88.33"),
        ("I8", "75"),
        ("I9", "68.33"),
        ("I10", "100"),
        ("I11", "70"),
    ];
    for (at, total) in totals {
        assert_eq!(cell(at), total, "{at}");
    }
    // 赵磊's 客户接洽数量 "28" is written back as a number; 钱悦's 较好 stays.
    assert_eq!(cell("E7"), "28");
    assert_eq!(cell("G8"), "较好");
    let findings = rows(&path, "核查结果");
    let marked: Vec<[&str; 3]> = findings[1..]
        .iter()
        .map(|r| [r[1].as_str(), r[2].as_str(), r[3].as_str()])
        .collect();
    assert_eq!(
        marked,
        [
            ["E7", "客户接洽数量", "number-stored-as-text"],
            ["G8", "产品知识掌握", "unknown-label"],
            ["I8", "", "total-mismatch"],
            ["I11", "", "total-mismatch"],
        ]
    );
    let notes = notes_text(&path);
    assert!(notes.contains("原值:较好"), "{notes}");
    assert!(notes.contains("原值:95"), "{notes}");

    let summary = rows(&outputs().join("summary.xlsx"), "汇总");
    let header = &summary[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let people: Vec<(&str, &str, &str)> = summary
        .iter()
        .filter(|r| r[0].starts_with(SALES_ROSTER.0))
        .map(|r| {
            (
                r[column("被考核人")].as_str(),
                r[column("考核月份")].as_str(),
                r[column("团队排名")].as_str(),
            )
        })
        .collect();
    assert_eq!(people.len(), 8, "one summary row per roster row");
    assert_eq!(people[0], ("张晨", "2026年10月", "2"));
    assert_eq!(people[6], ("周敏", "2026年10月", "1"));
}

#[test]
fn a_roster_saved_as_ods_is_read_row_by_row() {
    let path = outputs()
        .join(SOLUTIONS_ROSTER.0)
        .join(format!("{ROSTER_FILE}.scored.xlsx"));
    let cell = |a1: &str| cell_text(&path, SOLUTIONS_ROSTER.1, a1);
    assert_eq!(
        [cell("I4"), cell("I5"), cell("I6"), cell("I7")],
        ["81.67", "95", "42.5", "90"]
    );
    // 褚琳's 项目跟进 is blank: counts 0, marked on its cell.
    let notes = notes_text(&path);
    assert!(notes.contains("[missing-score]"), "{notes}");
    assert_eq!(rows(&path, "核查结果")[1][1], "F6");
}

#[test]
fn inputs_are_never_modified() {
    outputs();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(project_dir().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
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

#[test]
fn summary_has_team_unreadable_and_chart_sheets() {
    let path = outputs().join("summary.xlsx");
    let names = sheet_names(&path);
    for sheet in ["汇总", "团队", "等级分布", "全部问题", "未处理文件"] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    const FORM: &str = "售前客服岗位月度绩效考核表";
    let people = rows(&path, "汇总");
    let column = |name: &str| people[0].iter().position(|h| h == name).unwrap();
    let totals: Vec<f64> = people
        .iter()
        .filter(|r| r[1] == FORM && r[3] == "售前客服部" && r[4] == "2026年10月")
        .map(|r| r[column("重新计算总分")].parse().unwrap())
        .collect();
    let expected_mean = totals.iter().sum::<f64>() / totals.len() as f64;

    let teams = rows(&path, "团队");
    let header = &teams[0];
    assert_eq!(
        header[..6],
        ["考核表", "团队", "人数", "平均总分", "最低总分", "最高总分"]
    );
    let team = teams
        .iter()
        .find(|r| r[0] == FORM && r[1] == "售前客服部/2026年10月")
        .unwrap();
    assert_eq!(team[2], "10");
    assert_eq!(totals.len(), 10);
    let mean: f64 = team[3].parse().unwrap();
    assert!(
        (mean - expected_mean).abs() < 0.005,
        "{mean} vs {expected_mean}"
    );
    let grade = |name: &str| {
        let col = header.iter().position(|h| h == name).unwrap();
        team[col].parse::<u32>().unwrap()
    };
    assert_eq!(
        [grade("A"), grade("B"), grade("C"), grade("D")],
        [1, 7, 1, 1]
    );
    let counted: u32 = team[6..].iter().filter_map(|c| c.parse::<u32>().ok()).sum();
    assert_eq!(counted, 10, "the grade counts add up to the people");

    let unreadable = rows(&path, "未处理文件");
    assert_eq!(
        unreadable,
        [["文件", "原因", "代码"]],
        "every sample is scored"
    );

    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut chart = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/charts/chart1.xml").unwrap(),
        &mut chart,
    )
    .unwrap();
    assert!(chart.contains("<c:barChart>") && chart.contains(r#"<c:barDir val="col"/>"#));
    assert!(chart.contains(r#"<c:grouping val="clustered"/>"#));
    assert!(chart.contains("售前客服部/2026年10月"), "{chart}");
}

/// Every scored copy, read back: each formula evaluated with the project's
/// evaluator (as the sheet recalculates) equals the result the copy caches
/// for it, and each total cell computes the recomputed total. A correction
/// only cached as a formula's result would be undone by recalculation.
#[test]
fn every_copy_recalculates_to_its_cached_values_and_the_recomputed_totals() {
    let (problems, totals) = recalculation_problems(outputs());
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(totals, 81, "one total per person of the samples");
}
