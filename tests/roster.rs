//! A roster: one person per row, indicators across. Built in code, scored
//! with a mapping given as text (rubric case V3).

mod common;

use std::path::Path;

use kpi_audit::discover::{InputFile, Search, discover};
use kpi_audit::mapping::{Mapping, parse_mapping_text};
use kpi_audit::model::Code;
use kpi_audit::results::{Outcome, ScoredFile};
use kpi_audit::score::round;
use rust_xlsxwriter::Workbook;

const MAPPING: &str = "
form: 售前岗位月度绩效考核表格
recognise: { title_contains: [售前岗位月度绩效考核表格] }
fields: { period: 考核月份 }
roster: { person: 姓名, id: 员工编号, department: 部门 }
team: [department, period]
total: { label: 综合评分, formula: false }
indicators:
  - label: 客户接洽数量
    full_marks: 25
    rule: { proportional: { target: 30 } }
  - label: 项目跟进
    full_marks: 25
    unit: label
    rule:
      choice:
        - { label: 优秀, score: 25 }
        - { label: 良好, score: 20 }
        - { label: 一般, score: 15 }
  - label: 产品知识掌握
    full_marks: 25
    unit: label
    rule:
      choice:
        - { label: 优秀, score: 25 }
        - { label: 良好, score: 20 }
        - { label: 一般, score: 15 }
  - label: 客户反馈
    full_marks: 25
    unit: label
    rule:
      choice:
        - { label: 非常满意, score: 25 }
        - { label: 满意, score: 20 }
        - { label: 一般, score: 15 }
";

fn mapping() -> Mapping {
    parse_mapping_text(Path::new("roster.yaml"), MAPPING).unwrap_or_else(|e| panic!("{e}"))
}

fn build(path: &Path) {
    build_repeated(path, 1);
}

/// The four rows, `times` over; names after the first four get a number.
fn build_repeated(path: &Path, times: usize) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .write_string(0, 0, "售前岗位月度绩效考核表格")
        .unwrap();
    sheet.write_string(1, 0, "考核月份:2026年10月").unwrap();
    let header = [
        "员工编号",
        "姓名",
        "部门",
        "职位",
        "客户接洽数量",
        "项目跟进",
        "产品知识掌握",
        "客户反馈",
        "综合评分",
        "备注",
    ];
    for (col, text) in header.iter().enumerate() {
        sheet.write_string(2, col as u16, *text).unwrap();
    }
    let rows: [[&str; 9]; 4] = [
        [
            "001",
            "张三",
            "销售部",
            "售前工程师",
            "30",
            "优秀",
            "良好",
            "非常满意",
            "95",
        ],
        [
            "002",
            "李四",
            "销售部",
            "售前顾问",
            "24",
            "良好",
            "优秀",
            "满意",
            "85",
        ],
        [
            "003",
            "王五",
            "销售部",
            "售前工程师",
            "18",
            "一般",
            "较好",
            "一般",
            "60",
        ],
        [
            "004",
            "赵六",
            "销售部",
            "售前顾问",
            "36",
            "优秀",
            "优秀",
            "非常满意",
            "100",
        ],
    ];
    let rows = rows.iter().cycle().take(rows.len() * times);
    for (index, row) in rows.enumerate() {
        let at = 3 + index as u32;
        for (col, text) in row.iter().enumerate() {
            match text.parse::<f64>() {
                Ok(n) if col == 4 || col == 8 => sheet.write_number(at, col as u16, n).unwrap(),
                _ if col == 1 && index >= 4 => {
                    sheet.write_string(at, 1, format!("{text}{index}")).unwrap()
                }
                _ => sheet.write_string(at, col as u16, *text).unwrap(),
            };
        }
    }
    sheet
        .write_string(4 + 4 * times as u32, 0, "考核指标说明:")
        .unwrap();
    workbook.save(path).unwrap();
}

fn scored(name: &str) -> ScoredFile {
    scored_repeated(name, 1)
}

fn scored_repeated(name: &str, times: usize) -> ScoredFile {
    let dir = common::temp_dir(name);
    let path = dir.join("roster.xlsx");
    build_repeated(&path, times);
    let input = InputFile {
        path,
        relative: "roster.xlsx".into(),
    };
    match common::run_one(&input, &[mapping()]) {
        Outcome::Scored(file) => *file,
        Outcome::Failed(finding) => panic!("not scored: {finding:?}"),
    }
}

#[test]
fn every_row_is_a_person_with_scores_from_words() {
    let file = scored("roster-rows");
    let people: Vec<(String, String)> = file
        .people
        .iter()
        .map(|p| {
            (
                p.name.clone().unwrap(),
                p.scored
                    .total
                    .recomputed
                    .map_or("-".to_string(), |t| round(t, 2).to_string()),
            )
        })
        .collect();
    let expected = [
        ("张三", "95"),
        ("李四", "85"),
        ("王五", "45"),
        ("赵六", "100"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(people, expected);
    assert_eq!(file.people[0].period.as_deref(), Some("2026年10月"));
    assert_eq!(file.people[0].department.as_deref(), Some("销售部"));
}

/// A long roster is scored on several threads: people stay in row order,
/// each with the scores and findings of their own row.
#[test]
fn a_long_roster_keeps_every_row_in_order() {
    let file = scored_repeated("roster-long", 2_500);
    assert_eq!(file.people.len(), 10_000);
    for (index, person) in file.people.iter().enumerate() {
        let name = person.name.as_deref().unwrap_or_default();
        assert!(
            name.ends_with(&index.to_string()) || index < 4,
            "{index}: {name}"
        );
        let total = person
            .scored
            .total
            .recomputed
            .map_or("-".to_string(), |t| round(t, 2).to_string());
        assert_eq!(total, ["95", "85", "45", "100"][index % 4], "row of {name}");
        let cells: Vec<String> = person
            .audit
            .findings()
            .map(|f| f.cell.unwrap().to_string())
            .collect();
        let expected = if index % 4 == 2 {
            vec![format!("G{}", index + 4), format!("I{}", index + 4)]
        } else {
            Vec::new()
        };
        assert_eq!(cells, expected, "row of {name}");
    }
}

#[test]
fn an_unknown_word_is_a_finding_on_its_cell_and_totals_are_checked_per_row() {
    let file = scored("roster-findings");
    let findings = |index: usize| -> Vec<(String, Code)> {
        file.people[index]
            .audit
            .findings()
            .map(|f| (f.cell.unwrap().to_string(), f.code))
            .collect()
    };
    assert_eq!(findings(0), []);
    assert_eq!(findings(1), []);
    assert_eq!(
        findings(2),
        [
            ("G6".to_string(), Code::UnknownLabel),
            ("I6".to_string(), Code::TotalMismatch)
        ]
    );
    assert_eq!(findings(3), []);
}

#[test]
fn ranks_are_within_the_roster_team() {
    let input = common::temp_dir("roster-rank");
    build(&input.join("roster.xlsx"));
    let files = discover(&[input.to_path_buf()], &Search::default())
        .unwrap()
        .inputs;
    let results = kpi_audit::pipeline::run_batch(&files, &[mapping()]);
    let Outcome::Scored(file) = &results[0].outcome else {
        panic!("not scored");
    };
    let ranks: Vec<Option<u32>> = file.people.iter().map(|p| p.rank).collect();
    assert_eq!(ranks, [Some(2), Some(3), Some(4), Some(1)]);
}
