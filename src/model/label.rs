//! Label comparison that survives how people type headers: line breaks
//! inside cells ("自我\n评价"), spaces, full-width colons and spaces.

/// Removes white space of every kind and a trailing colon.
pub fn normalise(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.trim_end_matches([':', ':']).to_string()
}

/// A cell carries a label when it is the label, or contains it (a header
/// such as "分值(100)" or a label with scraped noise after it).
pub fn matches_label(cell_text: &str, label: &str) -> bool {
    let cell = normalise(cell_text);
    let label = normalise(label);
    !label.is_empty() && cell.contains(label.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_spaces_and_colons_do_not_matter() {
        assert_eq!(normalise("自我\n评价"), "自我评价");
        assert_eq!(normalise(" 被考核人:"), "被考核人");
        assert_eq!(normalise("考核\u{3000}月份:"), "考核月份");
        assert!(matches_label("分值\n(100)", "分值"));
        assert!(matches_label("团队配合Байду номын сангаас", "团队配合"));
        assert!(!matches_label("实际完成", "实际得分"));
        assert!(!matches_label("任何", ""));
    }
}
