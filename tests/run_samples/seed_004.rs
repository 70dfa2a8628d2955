//! The forms of seed 004 shipped after the first ones, read back from the
//! scored samples.

use super::{cell_in, formula, outputs, rows, scored_in};

/// 高级售前技术工程师绩效考核表's folder and sheet.
const SENIOR_TECH: (&str, &str) = ("售前技术部", "绩效考核表");

#[test]
fn senior_tech_totals_are_scores_out_of_ten_weighted_on_a_100_scale() {
    // 总评分 is F9 = ∑ 确认得分 / 10 × 权重 × 100 (30/25/20/15/10).
    let expected = [
        ("01_石磊", "82"),
        ("02_龙飞", "90.75"),
        ("03_夏琪", "81.75"),
        ("04_苏航", "59.75"),
        ("05_顾晨", "56.25"),
        ("06_方圆", "85"),
    ];
    for (name, total) in expected {
        assert_eq!(cell_in(SENIOR_TECH, name, "F9"), total, "{name}");
    }
    assert_eq!(cell_in(SENIOR_TECH, "02_龙飞", "F5"), "9");
    assert_eq!(cell_in(SENIOR_TECH, "03_夏琪", "F6"), "10");
    assert_eq!(
        formula(&scored_in(SENIOR_TECH, "02_龙飞"), SENIOR_TECH.1, "F9"),
        "SUMPRODUCT(F4:F8,C4:C8)*10"
    );
    assert_eq!(
        formula(&scored_in(SENIOR_TECH, "06_方圆"), SENIOR_TECH.1, "F9"),
        "(F4*C4+F5*C5+F6*C6+F7*C7+F8*C8)*10"
    );
}

#[test]
fn senior_tech_grades_are_on_the_100_scale() {
    // A1: (9, 8, 7, 10, 6) → 8.2 of 10 → 82, 良好 (80 to below 90).
    let summary = rows(&outputs().join("summary.xlsx"), "汇总");
    let column = |name: &str| summary[0].iter().position(|h| h == name).unwrap();
    let grade = |person: &str| {
        let row = summary.iter().find(|r| r[2] == person).unwrap();
        (
            row[column("重新计算总分")].clone(),
            row[column("等级")].clone(),
        )
    };
    assert_eq!(grade("石磊"), ("82".into(), "良好".into()));
    assert_eq!(grade("龙飞"), ("90.75".into(), "优秀".into()));
    assert_eq!(grade("苏航"), ("59.75".into(), "需改进".into()));
}
