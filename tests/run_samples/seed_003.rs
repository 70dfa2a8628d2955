//! The forms of seed 003, read back from the scored samples.

use super::{cell_in, formula, outputs, rows, scored_in};

/// 售后服务考核评分表's folder and sheet.
const AFTER_SALES: (&str, &str) = ("售后服务部", "评分表");
/// 月度绩效考核评分表's folder and sheet.
const MONTHLY: (&str, &str) = ("综合管理部", "考核评分表");

#[test]
fn after_sales_totals_are_the_judged_points() {
    // 合计 is E9: 专业知识 30 + 客户满意度 30 + 工作效率 20 + 团队合作 10 + 改进意见 10.
    let expected = [
        ("01_冯磊", "88"),
        ("02_蒋欣", "83"),
        ("03_韩梅", "87"),
        ("04_曹颖", "78"),
        ("05_彭涛", "94"),
    ];
    for (name, total) in expected {
        assert_eq!(cell_in(AFTER_SALES, name, "E9"), total, "{name}");
    }
    // "28分" is written back as 28; 22 on a 20-point part as 20.
    assert_eq!(cell_in(AFTER_SALES, "02_蒋欣", "E5"), "28");
    assert_eq!(cell_in(AFTER_SALES, "03_韩梅", "E6"), "20");
    // The total added term by term, #VALUE! over the text, keeps its terms,
    // now over numbers.
    assert_eq!(
        formula(&scored_in(AFTER_SALES, "05_彭涛"), AFTER_SALES.1, "E9"),
        "E4+E5+E6+E7+E8"
    );
}

#[test]
fn monthly_totals_are_scores_on_100_times_their_weights() {
    // 绩效考核总分 is F10 = 得分 × 权重 over the six items (30/20/15/15/10/10).
    let expected = [
        ("01_田甜", "85.2"),
        ("02_邵峰", "81.45"),
        ("03_白雪", "92.7"),
        ("04_汪洋", "76.45"),
        ("05_尹卓", "79.95"),
        ("06_邹凯", "85.7"),
    ];
    for (name, total) in expected {
        assert_eq!(cell_in(MONTHLY, name, "F10"), total, "{name}");
    }
    assert_eq!(cell_in(MONTHLY, "02_邵峰", "F5"), "78");
    assert_eq!(cell_in(MONTHLY, "03_白雪", "F6"), "100");
    assert_eq!(
        formula(&scored_in(MONTHLY, "02_邵峰"), MONTHLY.1, "F10"),
        "SUMPRODUCT(F4:F9,C4:C9)"
    );
    let summary = rows(&outputs().join("summary.xlsx"), "汇总");
    let column = |name: &str| summary[0].iter().position(|h| h == name).unwrap();
    let yin = summary.iter().find(|r| r[2] == "尹卓").unwrap();
    assert_eq!(
        yin[column("创新能力")],
        "0",
        "a blank judged score counts 0"
    );
    assert_eq!(yin[column("团队排名")], "5", "fifth of six in 综合管理部");
}
