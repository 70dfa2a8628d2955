//! Stage 8: write what the run found: the annotated copy of each workbook,
//! the batch summary and the JSON report.

pub mod atomic;
pub mod scored_workbook;
pub mod style;

use crate::model::{CellRef, CellValue, Severity};

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
    /// formula: the cached result written with the (unchanged) formula.
    pub new_value: Option<CellValue>,
}
pub mod edits;
pub mod recalc;
pub mod report;
pub mod summary;
pub mod teams;
