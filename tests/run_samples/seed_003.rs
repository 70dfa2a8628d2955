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

/// 客户考核评分表(月度)'s folder and sheet.
const CLIENT: (&str, &str) = ("客户关系部", "考核评分表");

#[test]
fn client_totals_weigh_results_80_and_behaviour_20() {
    // A2: 总分 (J20) = 业绩 加权合计 (J12) × 80% + 行为 加权合计 (J19) × 20%.
    let expected = [
        ("01_程远", "90", "80", "88"),
        ("02_江南", "91.67", "80", "89.33"),
        ("03_董洁", "56.67", "68", "58.93"),
        ("04_谭亮", "61", "64", "61.6"),
        ("05_邱实", "73.33", "72", "73.07"),
        ("06_温馨", "100", "92", "98.4"),
    ];
    for (name, results, behaviour, total) in expected {
        let cells = ["J12", "J19", "J20"].map(|at| cell_in(CLIENT, name, at));
        assert_eq!(cells, [results, behaviour, total], "{name}");
    }
    assert_eq!(
        formula(&scored_in(CLIENT, "03_董洁"), CLIENT.1, "J20"),
        "J12*0.8+J19*0.2"
    );
    assert_eq!(
        formula(&scored_in(CLIENT, "03_董洁"), CLIENT.1, "J12"),
        "J5+J6+J7+J8+J9+J10*10/30+J11*10/5"
    );
}

#[test]
fn client_tiers_levels_and_judged_bands_correct_the_scores() {
    // 满意度 87 is "85分以上10分"; 指挥 at 3级 is 12.
    assert_eq!(cell_in(CLIENT, "03_董洁", "J9"), "10");
    assert_eq!(cell_in(CLIENT, "03_董洁", "J16"), "12");
    // 信息利用率 83%: the seed is silent between 80% and 85%, judged within
    // [0, 10]; the 15 written counts as 10, the 6 beside it stands.
    assert_eq!(cell_in(CLIENT, "04_谭亮", "J6"), "10");
    assert_eq!(cell_in(CLIENT, "04_谭亮", "J5"), "6");
    // "20分" as text broke the 加权合计 and the total (#VALUE!): both
    // compute again once it is a number.
    assert_eq!(cell_in(CLIENT, "02_江南", "J9"), "20");
    // 孤儿客户流失数 is worth 5 points.
    assert_eq!(cell_in(CLIENT, "06_温馨", "J11"), "5");
}
