//! The forms of seed 000 shipped after the first ones, read back from the
//! scored samples.

use super::{cell_in, formula, scored_in};

/// 售前部员工考核表's folder and sheet.
const PRESALES_STAFF: (&str, &str) = ("售前部", "员工考核表");

#[test]
fn presales_staff_totals_are_the_reviewers_points() {
    // 总分 is G12: the eight items' 上级审核 points (30/10/15/10/5/10/10/10).
    let expected = [
        ("01_严浩", "89"),
        ("02_华倩", "83"),
        ("03_金鹏", "97"),
        ("04_魏琳", "64"),
        ("05_陶然", "90"),
    ];
    for (name, total) in expected {
        assert_eq!(cell_in(PRESALES_STAFF, name, "G12"), total, "{name}");
    }
    // "12分" is written back as 12; 6 on the 5-point 职业道德 as 5; the
    // blank 客户沟通 stays blank (nothing to write until it is judged).
    assert_eq!(cell_in(PRESALES_STAFF, "02_华倩", "G6"), "12");
    assert_eq!(cell_in(PRESALES_STAFF, "03_金鹏", "G8"), "5");
    assert_eq!(cell_in(PRESALES_STAFF, "04_魏琳", "G9"), "");
    assert_eq!(
        formula(
            &scored_in(PRESALES_STAFF, "02_华倩"),
            PRESALES_STAFF.1,
            "G12"
        ),
        "SUM(G4:G11)"
    );
}
