//! Team money in the team pass: a pool shared by rank with ties broken by
//! sales (C2) and team money split evenly (C3), with their bases read from
//! the members' forms.

mod common;

use std::path::Path;

use kpi_audit::discover::{Search, discover};
use kpi_audit::mapping::{Mapping, parse_mapping_text};
use kpi_audit::pipeline::run_batch;
use kpi_audit::results::Outcome;
use rust_xlsxwriter::Workbook;

const MAPPING: &str = "
form: 售前客服绩效KPI考核表
recognise: { title_contains: [售前客服绩效KPI考核表] }
fields: { person: 姓名, period: 月份 }
team: [period]
columns: { indicator: 考核项目, score: 得分 }
indicators:
  - { label: 综合, full_marks: 100, rule: judged }
pool:
  amount: { of: 静默下单销售额, rate: 0.6% }
  places:
    - { share: 40%, plus: 200 }
    - { share: 30%, plus: 100 }
  rest: { share: 30%, split: evenly }
  tie_break: 个人销售额
split_evenly: { rate: 0.5%, of: 公共销售业绩总额 }
";

fn mapping() -> Mapping {
    parse_mapping_text(Path::new("money.yaml"), MAPPING).unwrap_or_else(|e| panic!("{e}"))
}

fn build(path: &Path, name: &str, score: f64, sales: f64) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "售前客服绩效KPI考核表").unwrap();
    let head = [
        ("姓名", name.to_string()),
        ("月份", "2026年10月".to_string()),
        ("静默下单销售额", "1000000".to_string()),
        ("个人销售额", sales.to_string()),
        ("公共销售业绩总额", "200000".to_string()),
    ];
    for (col, (label, value)) in head.iter().enumerate() {
        sheet.write_string(1, 2 * col as u16, *label).unwrap();
        sheet.write_string(1, 2 * col as u16 + 1, value).unwrap();
    }
    sheet.write_string(2, 0, "考核项目").unwrap();
    sheet.write_string(2, 1, "得分").unwrap();
    sheet.write_string(3, 0, "综合").unwrap();
    sheet.write_number(3, 1, score).unwrap();
    workbook.save(path).unwrap();
}

fn money(name: &str, people: &[(&str, f64, f64)]) -> Vec<String> {
    let dir = common::temp_dir(name);
    for (index, (person, score, sales)) in people.iter().enumerate() {
        build(
            &dir.join(format!("{index}_{person}.xlsx")),
            person,
            *score,
            *sales,
        );
    }
    let inputs = discover(&[dir.to_path_buf()], &Search::default())
        .unwrap()
        .inputs;
    run_batch(&inputs, &[mapping()])
        .into_iter()
        .map(|result| match result.outcome {
            Outcome::Scored(file) => file.people[0].team_money.unwrap().normalize().to_string(),
            Outcome::Failed(finding) => panic!("{finding:?}"),
        })
        .collect()
}

#[test]
fn c2_pool_by_rank_plus_c3_even_split() {
    // Pool 1,000,000 × 0.6% = 6000; public money 200,000 × 0.5% ÷ 4 = 250 each.
    let people = [
        ("甲", 92.0, 1.0),
        ("乙", 88.0, 1.0),
        ("丙", 75.0, 1.0),
        ("丁", 70.0, 1.0),
    ];
    assert_eq!(money("c2", &people), ["2850", "2150", "1150", "1150"]);
}

#[test]
fn c2_equal_scores_are_ordered_by_personal_sales() {
    // Three people: public money 200,000 × 0.5% ÷ 3 each on top of the pool.
    let people = [
        ("甲", 90.0, 50000.0),
        ("乙", 90.0, 60000.0),
        ("丙", 80.0, 70000.0),
    ];
    let third = "333.33333333333333333333333333";
    let expected: Vec<String> = [1900, 2600, 1800]
        .iter()
        .map(|pool| {
            (rust_decimal::Decimal::from(*pool) + third.parse::<rust_decimal::Decimal>().unwrap())
                .normalize()
                .to_string()
        })
        .collect();
    assert_eq!(money("c2-ties", &people), expected);
}
