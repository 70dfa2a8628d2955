//! Stage 3: locate. Finds the form in a workbook by its labels, never by
//! fixed coordinates: the sheet, the header row and its columns, each
//! indicator's rows, the total row and the head fields.

mod form;
pub mod recognise;
mod roster;

pub use recognise::{Difference, Nearest, Recognised, Recognition, recognise};

use crate::mapping::{HeadField, Layout, Mapping};
use crate::model::label::normalise;
use crate::model::{CellRef, Sheet, Workbook};

/// The cells of one indicator, in the order of the mapping's inputs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndicatorCells {
    pub label: CellRef,
    pub first_row: u32,
    pub last_row: u32,
    pub inputs: Vec<Option<CellRef>>,
    pub full_marks: Option<CellRef>,
    pub weight: Option<CellRef>,
    pub self_score: Option<CellRef>,
    /// The supervisor's score, where the layout has one per indicator.
    pub score: Option<CellRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TotalCells {
    pub row: u32,
    pub score: CellRef,
    pub self_score: Option<CellRef>,
    pub rank: Option<CellRef>,
    /// The sum of the weights (权重), where the form has the column.
    pub weight: Option<CellRef>,
}

/// A head field's label and the cell that holds (or should hold) its value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FieldCell {
    pub label: CellRef,
    pub value_cell: CellRef,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub sheet: usize,
    pub header_row: u32,
    pub title_found: bool,
    /// One entry per mapping indicator, `None` where its row is missing.
    pub indicators: Vec<Option<IndicatorCells>>,
    pub total: Option<TotalCells>,
    pub person: Option<FieldCell>,
    pub department: Option<FieldCell>,
    pub period: Option<FieldCell>,
    pub reviewer: Option<FieldCell>,
    /// How much of the mapping the workbook holds, and what differs.
    pub recognition: Recognition,
    /// Other sheets that also hold the form.
    pub other_sheets: Vec<String>,
}

impl Located {
    pub fn field(&self, field: HeadField) -> Option<&FieldCell> {
        match field {
            HeadField::Person => self.person.as_ref(),
            HeadField::Department => self.department.as_ref(),
            HeadField::Period => self.period.as_ref(),
            HeadField::Reviewer => self.reviewer.as_ref(),
        }
    }

    pub fn indicators_found(&self) -> usize {
        self.indicators.iter().filter(|i| i.is_some()).count()
    }

    /// Whether the column the mapping labels `label` was not found.
    pub fn column_missing(&self, label: &str) -> bool {
        self.recognition
            .differences
            .iter()
            .any(|difference| matches!(difference, Difference::Column(missing) if missing == label))
    }
}

/// A head field the mapping names outside the fixed ones (月工资, 月销售额),
/// found above the header like them.
pub fn head_field(
    sheet: &Sheet,
    located: &Located,
    label: &str,
    mapping: &Mapping,
) -> Option<FieldCell> {
    form::find_field(sheet, label, located.header_row, mapping)
}

/// Every person the mapping finds in the workbook: one for a form, one per
/// row for a roster. `None` when the layout is not there.
pub fn locate(workbook: &Workbook, mapping: &Mapping) -> Option<Vec<Located>> {
    match &mapping.layout {
        Layout::Form(columns) => form::locate(workbook, mapping, columns),
        Layout::Roster(columns) => roster::locate(workbook, mapping, columns),
    }
}

fn title_found(sheet: &Sheet, header_row: u32, titles: &[String]) -> bool {
    let wanted: Vec<String> = titles.iter().map(|t| normalise(t)).collect();
    sheet
        .cells
        .iter()
        .take_while(|(at, _)| at.row <= header_row)
        .any(|(_, cell)| {
            let text = normalise(&cell.value.display());
            wanted.iter().any(|title| text.contains(title.as_str()))
        })
}
