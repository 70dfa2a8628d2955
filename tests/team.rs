//! Scores that need the whole team, computed after every file of the team
//! is read (rubric A5, A6), through a mapping given as text.

mod common;

use std::path::Path;

use kpi_audit::discover::{Search, discover};
use kpi_audit::mapping::{Mapping, parse_mapping_text};
use kpi_audit::model::Code;
use kpi_audit::pipeline::run_batch;
use kpi_audit::results::{Outcome, Person};
use kpi_audit::score::round;
use rust_xlsxwriter::{Formula, Workbook};

const MAPPING: &str = "
form: 淘宝售前kpi考核
recognise: { title_contains: [淘宝售前kpi考核] }
fields: { person: 姓名, period: 月份 }
team: [period]
columns: { indicator: 考核项目, score: 得分, input: 完成值 }
total: { label: 合计 }
indicators:
  - label: 成交金额
    full_marks: 30
    rule:
      ratio_to_team_average:
        - { above: 150%, score: 30 }
        - { from: 120%, to: 150%, score: 25 }
        - { from: 110%, below: 120%, score: 20 }
        - { from: 100%, below: 110%, score: 15 }
        - { from: 90%, below: 100%, score: 8 }
        - { below: 90%, score: 5 }
  - label: 年度销售额
    full_marks: 35
    rule: { share_of_team: { points: 35 } }
  - label: 工作态度
    full_marks: 35
    rule: judged
";

fn mapping() -> Mapping {
    parse_mapping_text(Path::new("team.yaml"), MAPPING).unwrap_or_else(|e| panic!("{e}"))
}

/// A form for one person: amounts, the scores as typed, and the total.
fn build(path: &Path, name: &str, amount: f64, sales: f64, scores: [f64; 3], total: f64) {
    build_stating(path, name, (amount, sales), scores, total, None);
}

/// A form as [`build`] writes it, stating `grade` in a head field 等级.
fn build_stating(
    path: &Path,
    name: &str,
    (amount, sales): (f64, f64),
    scores: [f64; 3],
    total: f64,
    grade: Option<&str>,
) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "淘宝售前kpi考核").unwrap();
    sheet.write_string(1, 0, "姓名").unwrap();
    sheet.write_string(1, 1, name).unwrap();
    sheet.write_string(1, 2, "月份").unwrap();
    sheet.write_string(1, 3, "2026年10月").unwrap();
    if let Some(grade) = grade {
        sheet.write_string(1, 4, "等级").unwrap();
        sheet.write_string(1, 5, grade).unwrap();
    }
    for (col, text) in ["考核项目", "完成值", "得分"].iter().enumerate() {
        sheet.write_string(2, col as u16, *text).unwrap();
    }
    let rows = [
        ("成交金额", Some(amount)),
        ("年度销售额", Some(sales)),
        ("工作态度", None),
    ];
    for (index, (label, value)) in rows.iter().enumerate() {
        let row = 3 + index as u32;
        sheet.write_string(row, 0, *label).unwrap();
        if let Some(value) = value {
            sheet.write_number(row, 1, *value).unwrap();
        }
        sheet.write_number(row, 2, scores[index]).unwrap();
    }
    sheet.write_string(6, 0, "合计").unwrap();
    sheet
        .write_formula(
            6,
            2,
            Formula::new("SUM(C4:C6)").set_result(total.to_string()),
        )
        .unwrap();
    workbook.save(path).unwrap();
}

fn people(name: &str) -> Vec<Person> {
    let dir = common::temp_dir(name);
    build(
        &dir.join("1_甲.xlsx"),
        "甲",
        100.0,
        300.0,
        [5.0, 10.5, 30.0],
        45.5,
    );
    build(
        &dir.join("2_乙.xlsx"),
        "乙",
        200.0,
        500.0,
        [15.0, 17.5, 30.0],
        62.5,
    );
    build(
        &dir.join("3_丙.xlsx"),
        "丙",
        300.0,
        200.0,
        [30.0, 7.0, 30.0],
        67.0,
    );
    scored_people(dir)
}

fn scored_people(dir: common::TempDir) -> Vec<Person> {
    scored_people_with(dir, mapping())
}

fn scored_people_with(dir: common::TempDir, mapping: Mapping) -> Vec<Person> {
    let inputs = discover(&[dir.to_path_buf()], &Search::default())
        .unwrap()
        .inputs;
    run_batch(&inputs, &[mapping])
        .into_iter()
        .map(|result| match result.outcome {
            Outcome::Scored(mut file) => file.people.remove(0),
            Outcome::Failed(finding) => panic!("not scored: {finding:?}"),
        })
        .collect()
}

fn score_of(person: &Person, label: &str) -> String {
    let indicator = person
        .scored
        .indicators
        .iter()
        .find(|i| i.label == label)
        .unwrap();
    round(indicator.score, 2).to_string()
}

#[test]
fn a6_ratio_to_the_team_average_and_a5_share_of_the_team_total() {
    let people = people("team-scores");
    let ratio: Vec<String> = people.iter().map(|p| score_of(p, "成交金额")).collect();
    assert_eq!(ratio, ["5", "15", "25"]);
    let share: Vec<String> = people.iter().map(|p| score_of(p, "年度销售额")).collect();
    assert_eq!(share, ["10.5", "17.5", "7"]);
    let totals: Vec<String> = people
        .iter()
        .map(|p| {
            p.scored
                .total
                .recomputed
                .map_or("-".to_string(), |t| round(t, 2).to_string())
        })
        .collect();
    assert_eq!(totals, ["45.5", "62.5", "62"]);
}

#[test]
fn hand_scores_are_checked_against_team_scores_and_totals_after_them() {
    let people = people("team-findings");
    let codes = |person: &Person| -> Vec<(String, Code)> {
        person
            .audit
            .findings()
            .map(|f| (f.cell.map(|c| c.to_string()).unwrap_or_default(), f.code))
            .collect()
    };
    assert_eq!(codes(&people[0]), []);
    assert_eq!(codes(&people[1]), []);
    assert_eq!(
        codes(&people[2]),
        [
            ("C4".to_string(), Code::ScoreMismatch),
            ("C7".to_string(), Code::TotalMismatch)
        ]
    );
    let ranks: Vec<Option<u32>> = people.iter().map(|p| p.rank).collect();
    assert_eq!(ranks, [Some(3), Some(1), Some(2)]);
}

#[test]
fn a_team_whose_values_give_no_score_keeps_the_forms_score_with_a_warning() {
    let dir = common::temp_dir("team-zero");
    build(
        &dir.join("1_甲.xlsx"),
        "甲",
        0.0,
        300.0,
        [5.0, 21.0, 30.0],
        56.0,
    );
    build(
        &dir.join("2_乙.xlsx"),
        "乙",
        0.0,
        200.0,
        [5.0, 14.0, 30.0],
        49.0,
    );
    let people = scored_people(dir);
    for person in &people {
        let codes: Vec<Code> = person.audit.findings().map(|f| f.code).collect();
        assert_eq!(codes, [Code::TeamScoreUnavailable], "{:?}", person.name);
        assert_eq!(
            score_of(person, "成交金额"),
            "5",
            "the form's own score stands"
        );
    }
}

#[test]
fn grades_pay_and_stated_grades_follow_the_totals_the_team_scores_make() {
    // Before the team pass each total is 30 (工作态度 only): a C. The team
    // scores make them 45.5, 62.5 and 62, which are C, A and A.
    let graded = MAPPING.replace(
        "fields: { person: 姓名, period: 月份 }",
        "fields: { person: 姓名, period: 月份, grade: 等级 }",
    ) + "grades:
  range: [0, 100]
  bands:
    - { grade: A, from: 60, to: 100, pays: 300 }
    - { grade: B, from: 50, below: 60, pays: 100 }
    - { grade: C, below: 50, pays: 0 }
severity: { grade-mismatch: warning }
";
    let mapping =
        parse_mapping_text(Path::new("graded.yaml"), &graded).unwrap_or_else(|e| panic!("{e}"));
    let dir = common::temp_dir("team-grades");
    let forms = [
        ("1_甲.xlsx", "甲", (100.0, 300.0), [5.0, 10.5, 30.0], 45.5),
        ("2_乙.xlsx", "乙", (200.0, 500.0), [15.0, 17.5, 30.0], 62.5),
        ("3_丙.xlsx", "丙", (300.0, 200.0), [25.0, 7.0, 30.0], 62.0),
    ];
    for (file, name, amounts, scores, total) in forms {
        build_stating(&dir.join(file), name, amounts, scores, total, Some("C"));
    }
    let people = scored_people_with(dir, mapping);
    let graded: Vec<(String, &str, String)> = people
        .iter()
        .map(|p| {
            let grade = p.grade.as_ref().unwrap();
            let pays = grade.pays.unwrap_or_default().to_string();
            (
                p.scored
                    .total
                    .recomputed
                    .map_or("-".to_string(), |t| round(t, 2).to_string()),
                grade.name.as_str(),
                pays,
            )
        })
        .collect();
    assert_eq!(
        graded,
        [
            ("45.5".to_string(), "C", "0".to_string()),
            ("62.5".to_string(), "A", "300".to_string()),
            ("62".to_string(), "A", "300".to_string())
        ]
    );
    let stated: Vec<Vec<(Code, kpi_audit::model::Severity, Option<&str>)>> = people
        .iter()
        .map(|p| {
            p.audit
                .findings()
                .map(|f| (f.code, f.severity, f.expected.as_deref()))
                .collect()
        })
        .collect();
    let mismatch = (
        Code::GradeMismatch,
        kpi_audit::model::Severity::Warning,
        Some("A"),
    );
    assert_eq!(stated, [vec![], vec![mismatch], vec![mismatch]]);
}
