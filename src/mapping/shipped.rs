//! The mappings shipped in `mappings/`, built into the binary so that
//! `kpi-audit run` recognises the shipped forms from any folder.

use std::path::Path;

use super::{LoadError, Mapping, parse_mapping_text};

const SHIPPED: &[(&str, &str)] = &[
    (
        "mappings/售前客服岗位月度绩效考核表.yaml",
        include_str!("../../mappings/售前客服岗位月度绩效考核表.yaml"),
    ),
    (
        "mappings/售前技术支持工程师岗位绩效考核指标.yaml",
        include_str!("../../mappings/售前技术支持工程师岗位绩效考核指标.yaml"),
    ),
    (
        "mappings/客服经理岗位月度绩效考核表.yaml",
        include_str!("../../mappings/客服经理岗位月度绩效考核表.yaml"),
    ),
    (
        "mappings/售前客服绩效量化考核表.yaml",
        include_str!("../../mappings/售前客服绩效量化考核表.yaml"),
    ),
    (
        "mappings/售前岗位月度绩效考核表格.yaml",
        include_str!("../../mappings/售前岗位月度绩效考核表格.yaml"),
    ),
    (
        "mappings/售前工程师绩效考核表(高级).yaml",
        include_str!("../../mappings/售前工程师绩效考核表(高级).yaml"),
    ),
    (
        "mappings/售后服务考核评分表.yaml",
        include_str!("../../mappings/售后服务考核评分表.yaml"),
    ),
    (
        "mappings/月度绩效考核评分表.yaml",
        include_str!("../../mappings/月度绩效考核评分表.yaml"),
    ),
    (
        "mappings/售前部员工考核表.yaml",
        include_str!("../../mappings/售前部员工考核表.yaml"),
    ),
    (
        "mappings/淘宝绩效考核表(员工).yaml",
        include_str!("../../mappings/淘宝绩效考核表(员工).yaml"),
    ),
    (
        "mappings/高级售前技术工程师绩效考核表.yaml",
        include_str!("../../mappings/高级售前技术工程师绩效考核表.yaml"),
    ),
    (
        "mappings/客户考核评分表(月度).yaml",
        include_str!("../../mappings/客户考核评分表(月度).yaml"),
    ),
];

pub fn shipped_mappings() -> Result<Vec<Mapping>, LoadError> {
    SHIPPED
        .iter()
        .map(|(file, text)| parse_mapping_text(Path::new(file), text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_mapping_is_valid_and_listed() {
        let mappings = shipped_mappings().unwrap_or_else(|e| panic!("{e}"));
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/mappings"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "yaml")
            })
            .count();
        assert_eq!(
            mappings.len(),
            on_disk,
            "a mapping in mappings/ is not listed in SHIPPED"
        );
    }
}
