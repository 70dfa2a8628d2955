//! The forms of seed 002, read back from the scored samples.

use super::{cell_in, notes_text, scored_in};

/// 淘宝绩效考核表(员工)'s folder and sheet.
const TAOBAO_STAFF: (&str, &str) = ("电商部", "员工绩效考核表");

#[test]
fn taobao_staff_totals_are_points_from_counts_and_judgements() {
    // 最终得分 is H20: thirteen items whose 权重 X% is worth X points.
    let expected = [
        ("01_柳青", "87"),
        ("02_萧然", "81"),
        ("03_叶子", "68"),
        ("04_聂远", "100"),
        ("05_岳琦", "57"),
        ("06_齐悦", "93"),
    ];
    for (name, total) in expected {
        assert_eq!(cell_in(TAOBAO_STAFF, name, "H20"), total, "{name}");
    }
}

#[test]
fn taobao_staff_rules_correct_the_supervisors_points() {
    // "2笔" wrong shipments is read as 2 and written back as a number.
    assert_eq!(cell_in(TAOBAO_STAFF, "02_萧然", "F4"), "2");
    // 团队协作: one occurrence "扣除该项5分", so 0, not the 4 written.
    assert_eq!(cell_in(TAOBAO_STAFF, "03_叶子", "H9"), "0");
    // 员工出勤率: 5 late arrivals, the first 3 free: 5 − 2 = 3, not 5.
    assert_eq!(cell_in(TAOBAO_STAFF, "03_叶子", "H17"), "3");
    let notes = notes_text(&scored_in(TAOBAO_STAFF, "03_叶子"));
    assert!(notes.contains("[score-mismatch]"), "{notes}");
    // 表现记事: 2 deeds × 4 + 1 suggestion × 3 = 11, held at the item's 7.
    assert_eq!(cell_in(TAOBAO_STAFF, "04_聂远", "H11"), "7");
    // 旷工 once zeroes 员工出勤率, as written.
    assert_eq!(cell_in(TAOBAO_STAFF, "05_岳琦", "H17"), "0");
}
