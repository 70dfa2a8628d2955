//! Stage 8: write what the run found: the annotated copy of each workbook,
//! the batch summary and the JSON report.

pub mod atomic;
pub mod scored_workbook;
pub mod style;

use std::borrow::Cow;

use crate::model::{CellRef, CellValue, Severity};

/// The most text a cell holds, in UTF-16 code units as Excel counts them.
pub const CELL_TEXT_LIMIT: usize = 32_767;
/// The most text of a note: the writer keeps room for the author's name.
pub const NOTE_TEXT_LIMIT: usize = CELL_TEXT_LIMIT - 54;
/// The longest formula Excel takes.
pub const FORMULA_LIMIT: usize = 8_192;

/// Text within `units` UTF-16 code units: a longer one cut, its last kept
/// character an ellipsis so that the cut shows. One overlong value (a name
/// of 40,000 characters) must cost that cell's tail, not the workbook.
pub fn fit_text(text: &str, units: usize) -> Cow<'_, str> {
    if text.len() <= units || text.encode_utf16().count() <= units {
        return Cow::Borrowed(text);
    }
    let mut cut = String::from(prefix_utf16(text, units.saturating_sub(1)));
    cut.push('…');
    Cow::Owned(cut)
}

/// The longest prefix of `text` within `units` UTF-16 code units.
pub(crate) fn prefix_utf16(text: &str, units: usize) -> &str {
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > units
        })
        .map_or(text.len(), |(at, _)| at);
    &text[..end]
}

/// One change the writer makes to a copied cell.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CellEdit {
    pub sheet: String,
    pub cell: CellRef,
    /// Fill the cell with this severity's colour.
    pub mark: Option<Severity>,
    /// A note (comment) on the cell, already in the output language.
    pub note: Option<String>,
    /// For a constant: the value written instead of the original. For a
    /// formula: the cached result written with the formula.
    pub new_value: Option<CellValue>,
    /// What becomes of the cell's formula; `None` keeps it as it is.
    pub formula: Option<FormulaEdit>,
}

/// A change to a cell's formula (a wrong total formula replaced).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FormulaEdit {
    /// This formula (without `=`) is written, `new_value` its result.
    Write(String),
    /// The formula is removed; `new_value` is written as a constant.
    Drop,
}

pub mod edits;
pub mod recalc;
pub mod summary;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_over_a_limit_is_cut_with_an_ellipsis_counting_as_excel_does() {
        assert_eq!(fit_text("张伟", 2), "张伟");
        let long = "张".repeat(40_000);
        let cut = fit_text(&long, CELL_TEXT_LIMIT);
        assert_eq!(cut.encode_utf16().count(), CELL_TEXT_LIMIT);
        assert!(cut.ends_with("张…"));
        // A character outside the BMP counts two units and is not split.
        assert_eq!(fit_text("😀😀😀", 5), "😀😀…");
        assert_eq!(prefix_utf16("😀😀", 3), "😀");
    }
}
