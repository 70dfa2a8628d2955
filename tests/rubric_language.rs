//! The mapping language's second edition (issue 11) through the whole
//! pipeline: seed forms' rules, built in code as the forms word them, with
//! mappings given as text.

mod common;

use std::path::Path;

use kpi_audit::discover::{Search, discover};
use kpi_audit::mapping::parse_mapping_text;
use kpi_audit::model::Code;
use kpi_audit::pipeline::run_batch;
use kpi_audit::results::{Outcome, Person};
use kpi_audit::score::round;
use rust_xlsxwriter::Workbook;

/// One person's form: head fields on row 2, the table's header on row 3,
/// a row per indicator below. A cell that reads as a number is written as
/// one; an empty one is left blank.
struct Form {
    file: String,
    head: Vec<(String, String)>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Form {
    fn new(file: &str, head: &[(&str, &str)], header: &[&str], rows: &[&[&str]]) -> Self {
        let owned = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect();
        Form {
            file: file.to_string(),
            head: head
                .iter()
                .map(|(label, value)| (label.to_string(), value.to_string()))
                .collect(),
            header: owned(header),
            rows: rows.iter().map(|row| owned(row)).collect(),
        }
    }
}

fn write_form(dir: &Path, title: &str, form: &Form) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, title).unwrap();
    for (index, (label, value)) in form.head.iter().enumerate() {
        let col = 2 * index as u16;
        sheet.write_string(1, col, label).unwrap();
        sheet.write_string(1, col + 1, value).unwrap();
    }
    let table = std::iter::once(&form.header).chain(&form.rows);
    for (row, cells) in table.enumerate() {
        for (col, text) in cells.iter().enumerate() {
            let (row, col) = (2 + row as u32, col as u16);
            match text.parse::<f64>() {
                Ok(number) => sheet.write_number(row, col, number).unwrap(),
                Err(_) if text.is_empty() => sheet,
                Err(_) => sheet.write_string(row, col, text).unwrap(),
            };
        }
    }
    workbook.save(dir.join(&form.file)).unwrap();
}

/// Every form scored with the mapping, people in file-name order.
fn scored(name: &str, mapping: &str, title: &str, forms: &[Form]) -> Vec<Person> {
    let mapping =
        parse_mapping_text(Path::new("mapping.yaml"), mapping).unwrap_or_else(|e| panic!("{e}"));
    let dir = common::temp_dir(name);
    for form in forms {
        write_form(&dir, title, form);
    }
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

/// Each indicator's score as shown (2 decimals).
fn scores(person: &Person) -> Vec<String> {
    person
        .scored
        .indicators
        .iter()
        .map(|indicator| round(indicator.score, 2).to_string())
        .collect()
}

/// Each finding as (cell, code, expected).
fn findings(person: &Person) -> Vec<(String, Code, Option<String>)> {
    person
        .audit
        .findings()
        .map(|f| {
            let cell = f.cell.map(|c| c.to_string()).unwrap_or_default();
            (cell, f.code, f.expected.clone())
        })
        .collect()
}

const DECORATION: &str = "
form: 装饰公司客户经理绩效考核表
recognise: { title_contains: [客户经理绩效考核表] }
fields: { person: 姓名, period: 月份 }
columns: { indicator: 项目, input: 次数, score: 领导评分 }
indicators:
  - label: 意向客户跟进
    full_marks: 5
    rule: { deduction: { points: [1, 2] } }     # 未积极跟进导致错失客户的,扣1-2分/次
  - label: 老客户的维护
    full_marks: 5
    rule: { deduction: { points: 1 } }          # 未回访的扣1分/次
  - label: 任务量的完成
    full_marks: 90
    rule: { deduction: { points: [1, 3] } }     # 未完成的扣1-3分/次
";

#[test]
fn missed_customers_cost_one_to_two_points_each_as_the_leader_judges() {
    let form = |file, name, followed, quota| {
        Form::new(
            file,
            &[("姓名", name), ("月份", "2026年10月")],
            &["项目", "次数", "领导评分"],
            &[
                &["意向客户跟进", "2", followed],
                &["老客户的维护", "1", "4"],
                &["任务量的完成", "1", quota],
            ],
        )
    };
    let people = scored(
        "judged-deduction",
        DECORATION,
        "佳家装饰 客户经理绩效考核表",
        &[
            form("1.xlsx", "甲", "2", "88"),
            form("2.xlsx", "乙", "4", ""),
        ],
    );
    // 2 missed customers allow [5 − 2×2, 5 − 2×1] = [1, 3]: 2 stands; one
    // unmet quota allows [87, 89]: 88 stands.
    assert_eq!(scores(&people[0]), ["2", "4", "88"]);
    assert_eq!(findings(&people[0]), []);
    assert_eq!(
        people[0]
            .scored
            .total
            .recomputed
            .map_or("-".to_string(), |t| round(t, 2).to_string()),
        "94"
    );
    // 4 is above what 2 misses allow: 3 counts; a blank quota score is a
    // judgement to make within [87, 89].
    assert_eq!(scores(&people[1]), ["3", "4", "0"]);
    assert_eq!(
        findings(&people[1]),
        [
            (
                "C4".to_string(),
                Code::JudgementOutOfRange,
                Some("3".into())
            ),
            (
                "C6".to_string(),
                Code::NeedsJudgement,
                Some("[87, 89]".into())
            ),
        ]
    );
}
