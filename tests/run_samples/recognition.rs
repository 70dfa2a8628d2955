//! Every sample is recognised as its own form when all shipped mappings
//! compete for it (`kpi-audit run samples` loads them all).

use super::outputs;

/// Each sample folder and the form (the mapping's `form:`) of the
/// workbooks in it.
const FOLDERS: [(&str, &str); 13] = [
    ("售前客服部", "售前客服岗位月度绩效考核表"),
    ("技术支持部", "售前技术支持工程师岗位绩效考核指标"),
    ("客户服务部", "客服经理岗位月度绩效考核表"),
    ("网店客服部", "售前客服绩效量化考核表"),
    ("销售部", "售前岗位月度绩效考核表格"),
    ("解决方案部", "售前岗位月度绩效考核表格"),
    ("售前工程部", "售前工程师绩效考核表(高级)"),
    ("售后服务部", "售后服务考核评分表"),
    ("综合管理部", "月度绩效考核评分表"),
    ("售前部", "售前部员工考核表"),
    ("电商部", "淘宝绩效考核表(员工)"),
    ("售前技术部", "高级售前技术工程师绩效考核表"),
    ("客户关系部", "客户考核评分表(月度)"),
];

#[test]
fn every_sample_is_recognised_as_its_own_form() {
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outputs().join("report.json")).unwrap()).unwrap();
    let mut wrong = Vec::new();
    let mut forms_seen = std::collections::BTreeSet::new();
    for file in report["files"].as_array().unwrap() {
        let name = file["file"].as_str().unwrap();
        let folder = name.split('/').next().unwrap();
        let expected = FOLDERS
            .iter()
            .find(|(f, _)| *f == folder)
            .unwrap_or_else(|| panic!("{name}: add its folder to FOLDERS"))
            .1;
        let recognised = file["form"].as_str().unwrap_or("(none)");
        if recognised != expected {
            wrong.push(format!("{name}: {recognised}, not {expected}"));
        }
        forms_seen.insert(recognised.to_string());
    }
    assert_eq!(wrong, Vec::<String>::new());
    let shipped: std::collections::BTreeSet<String> =
        kpi_audit::mapping::shipped::shipped_mappings()
            .unwrap()
            .into_iter()
            .map(|mapping| mapping.form)
            .collect();
    assert_eq!(forms_seen, shipped, "every shipped form has samples");
}
