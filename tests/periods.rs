//! Across periods of one person in the batch: the mean over quarters (M1)
//! and flags for consecutive periods below a threshold (M2).

mod common;

use std::path::Path;

use kpi_audit::discover::{Search, discover};
use kpi_audit::mapping::{Mapping, parse_mapping_text};
use kpi_audit::pipeline::run_batch;
use kpi_audit::results::{Outcome, Person};
use rust_xlsxwriter::Workbook;

const MAPPING: &str = "
form: 售前客服绩效量化考核表
recognise: { title_contains: [售前客服绩效量化考核表] }
fields: { person: 被考核人, period: 考核时间 }
team: [period]
columns: { indicator: 考核项目, score: 上级评分 }
indicators:
  - { label: 综合表现, full_marks: 100, rule: judged }
periods:
  average_of: 4
  flags:
    - { name: 调岗预警, consecutive: 3, below: 70 }
";

fn mapping() -> Mapping {
    parse_mapping_text(Path::new("periods.yaml"), MAPPING).unwrap_or_else(|e| panic!("{e}"))
}

fn build(path: &Path, name: &str, period: &str, score: f64) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "售前客服绩效量化考核表").unwrap();
    for (col, text) in ["被考核人", name, "考核时间", period].iter().enumerate() {
        sheet.write_string(1, col as u16, *text).unwrap();
    }
    sheet.write_string(2, 0, "考核项目").unwrap();
    sheet.write_string(2, 1, "上级评分").unwrap();
    sheet.write_string(3, 0, "综合表现").unwrap();
    sheet.write_number(3, 1, score).unwrap();
    workbook.save(path).unwrap();
}

fn people(name: &str, periods: &[(&str, f64)]) -> Vec<Person> {
    let dir = common::temp_dir(name);
    for (index, (period, score)) in periods.iter().enumerate() {
        // File names out of period order: the order comes from the labels.
        build(
            &dir.join(format!("{}_{name}.xlsx", 9 - index)),
            name,
            period,
            *score,
        );
    }
    let inputs = discover(&[dir.to_path_buf()], &Search::default())
        .unwrap()
        .inputs;
    let mut people: Vec<Person> = run_batch(&inputs, &[mapping()])
        .into_iter()
        .filter_map(|result| match result.outcome {
            Outcome::Scored(mut file) => Some(file.people.remove(0)),
            Outcome::Failed(_) => None,
        })
        .collect();
    people.sort_by_key(|p| p.period.clone());
    people
}

#[test]
fn m1_the_final_score_is_the_mean_of_four_quarters() {
    let quarters = [
        ("2026年第1季度", 80.0),
        ("2026年第2季度", 90.0),
        ("2026年第3季度", 85.0),
        ("2026年第4季度", 75.0),
    ];
    for person in people("m1", &quarters) {
        assert_eq!(
            person
                .period_average
                .map(|a| a.normalize().to_string())
                .as_deref(),
            Some("82.5")
        );
    }
}

#[test]
fn m2_three_months_below_70_are_flagged_and_a_month_above_breaks_the_run() {
    let flagged = people(
        "m2-flagged",
        &[
            ("2026年8月", 68.0),
            ("2026年9月", 65.0),
            ("2026年10月", 69.0),
        ],
    );
    assert!(
        flagged.iter().all(|p| p.flags == ["调岗预警"]),
        "{:?}",
        flagged.iter().map(|p| &p.flags).collect::<Vec<_>>()
    );
    let broken = people(
        "m2-broken",
        &[
            ("2026年8月", 68.0),
            ("2026年9月", 72.0),
            ("2026年10月", 65.0),
        ],
    );
    assert!(broken.iter().all(|p| p.flags.is_empty()));
}
