//! The docs must do what they say: the worked mapping in docs/mapping.md scores as
//! the page says, its rules table lists every rule kind, and docs/findings.md every code.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use kpi_audit::discover::{Search, discover};
use kpi_audit::mapping::parse_mapping_text;
use kpi_audit::pipeline::run_batch;
use kpi_audit::results::Outcome;
use kpi_audit::score::round;
use rust_xlsxwriter::{Formula, Workbook};

fn worked_mapping() -> String {
    let page = std::fs::read_to_string(common::project_dir().join("docs/mapping.md")).unwrap();
    let start = page
        .find("```yaml\nform: 客服绩效月度考核表")
        .expect("the worked mapping")
        + "```yaml\n".len();
    let end = start + page[start..].find("```").unwrap();
    page[start..end].to_string()
}

#[test]
fn the_worked_mapping_scores_the_example_form_as_the_page_says() {
    let mapping = parse_mapping_text(Path::new("worked.yaml"), &worked_mapping())
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = common::temp_dir("docs");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "客服绩效月度考核表").unwrap();
    for (col, text) in ["姓名", "王小明", "月份", "2026年10月"].iter().enumerate() {
        sheet.write_string(1, col as u16, *text).unwrap();
    }
    for (col, text) in ["考核项目", "评分标准", "分值", "完成情况", "得分"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, col as u16, *text).unwrap();
    }
    let rows: [(&str, f64, Option<f64>, f64); 4] = [
        ("响应时长(秒)", 20.0, Some(35.0), 14.0),
        ("好评率", 30.0, Some(0.95), 29.08),
        ("投诉", 20.0, Some(1.0), 15.0),
        ("服务态度", 30.0, None, 27.0),
    ];
    for (index, (label, full, done, score)) in rows.iter().enumerate() {
        let row = 3 + index as u32;
        sheet.write_string(row, 0, *label).unwrap();
        sheet.write_number(row, 2, *full).unwrap();
        if let Some(done) = done {
            sheet.write_number(row, 3, *done).unwrap();
        }
        sheet.write_number(row, 4, *score).unwrap();
    }
    sheet.write_string(7, 0, "合计").unwrap();
    sheet
        .write_formula(7, 4, Formula::new("SUM(E4:E7)").set_result("85.08"))
        .unwrap();
    workbook.save(dir.join("王小明.xlsx")).unwrap();
    let inputs = discover(&[dir.to_path_buf()], &Search::default())
        .unwrap()
        .inputs;
    let results = run_batch(&inputs, &[mapping]);
    let Outcome::Scored(file) = &results[0].outcome else {
        panic!("not scored: {:?}", results[0].outcome);
    };
    let person = &file.people[0];
    assert_eq!(
        person
            .scored
            .total
            .recomputed
            .map_or("-".to_string(), |t| round(t, 2).to_string()),
        "85.08"
    );
    assert_eq!(
        person.audit.findings().collect::<Vec<_>>(),
        Vec::<&kpi_audit::model::Finding>::new()
    );
    assert_eq!(person.grade.as_ref().map(|g| g.name.as_str()), Some("良好"));
}

#[test]
fn the_worked_distribution_allows_2_of_12_the_top_grade_and_needs_1_at_the_bottom() {
    let mapping = parse_mapping_text(Path::new("worked.yaml"), &worked_mapping())
        .unwrap_or_else(|e| panic!("{e}"));
    let grades = mapping.grades.expect("the worked mapping has grades");
    let [top, bottom] = grades.distribution() else {
        panic!("two quotas: {:?}", grades.distribution());
    };
    let top = top.check(12, 3);
    assert_eq!(top.grade, "优秀");
    assert_eq!(top.at_most.map(|l| (l.people, l.off)), Some((2, 1)));
    let bottom = bottom.check(12, 0);
    assert_eq!(bottom.grade, "不合格");
    assert_eq!(bottom.at_least.map(|l| (l.people, l.off)), Some((1, 1)));
}

/// The first cell of each row of the tables in `page` (the section under
/// `heading`, or the whole page), and the second.
fn table_rows(page: &str, heading: Option<&str>) -> Vec<(String, String)> {
    let section = match heading {
        Some(heading) => {
            let start = page.find(heading).expect("the section") + heading.len();
            let end = page[start..]
                .find("\n## ")
                .map_or(page.len(), |end| start + end);
            &page[start..end]
        }
        None => page,
    };
    section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let first = cells[0].trim_start_matches("| ");
            (first.to_string(), cells.get(1).unwrap_or(&"").to_string())
        })
        .collect()
}

/// `tiers: [bands]` → `tiers`: the YAML key a rules-table row starts with.
fn key(cell: &str) -> String {
    cell.trim_start_matches('`')
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || *c == '_' || *c == '-')
        .collect()
}

#[test]
fn the_rules_table_lists_every_rule_kind_of_the_registry_and_no_other() {
    let page = std::fs::read_to_string(common::project_dir().join("docs/mapping.md")).unwrap();
    let documented: BTreeSet<String> = table_rows(&page, Some("## Rules"))
        .iter()
        .map(|(rule, _)| key(rule))
        .collect();
    let registry: BTreeSet<String> = kpi_audit::rules::KINDS
        .iter()
        .map(|kind| kind.to_string())
        .collect();
    assert_eq!(documented, registry);
}

#[test]
fn the_findings_page_documents_every_code_with_its_default_severity() {
    let page = std::fs::read_to_string(common::project_dir().join("docs/findings.md")).unwrap();
    let documented: BTreeMap<String, String> = table_rows(&page, None)
        .into_iter()
        .map(|(code, severity)| (key(&code), severity))
        .collect();
    let codes: BTreeMap<String, String> = kpi_audit::model::Code::ALL
        .iter()
        .map(|code| {
            (
                code.as_str().to_string(),
                code.severity().as_str().to_string(),
            )
        })
        .collect();
    assert_eq!(documented, codes);
}
