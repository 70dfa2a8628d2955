//! Locating a roster: one person per row, one indicator per column, each
//! column found by its header label.

use super::form::{column_with_label, find_field};
use super::recognise::{Difference, Recognition};
use super::{FieldCell, IndicatorCells, Located, TotalCells};
use crate::mapping::{Indicator, Mapping, RosterColumns};
use crate::model::{CellRef, Sheet, Workbook};

pub fn locate(
    workbook: &Workbook,
    mapping: &Mapping,
    columns: &RosterColumns,
) -> Option<Vec<Located>> {
    workbook
        .sheets
        .iter()
        .enumerate()
        .filter_map(|(index, sheet)| locate_in_sheet(index, sheet, mapping, columns))
        .max_by_key(|people| {
            let first = people.first();
            (
                first.map_or(0, |p| p.recognition.score()),
                first.is_some_and(|p| p.title_found),
                first.map_or(0, Located::indicators_found),
                people.len(),
            )
        })
}

/// The header: the first row with the person column and at least one
/// indicator column.
fn find_header(sheet: &Sheet, mapping: &Mapping, person: &str) -> Option<(u32, u32)> {
    let mut rows: Vec<u32> = sheet.cells.keys().map(|at| at.row).collect();
    rows.dedup();
    rows.into_iter().find_map(|row| {
        let person_col = column_with_label(sheet, row, person)?;
        let has_indicator = mapping
            .indicators
            .iter()
            .any(|indicator| column_with_label(sheet, row, &indicator.label).is_some());
        has_indicator.then_some((row, person_col))
    })
}

fn locate_in_sheet(
    index: usize,
    sheet: &Sheet,
    mapping: &Mapping,
    columns: &RosterColumns,
) -> Option<Vec<Located>> {
    let (header_row, person_col) = find_header(sheet, mapping, &columns.person)?;
    let column = |label: &str| column_with_label(sheet, header_row, label);
    let optional = |label: &Option<String>| label.as_deref().and_then(column);
    let department_col = optional(&columns.department);
    let rank_col = optional(&columns.rank);
    let total_col = mapping
        .total
        .as_ref()
        .and_then(|total| column(&total.label));
    let indicator_cols: Vec<Vec<Option<u32>>> = mapping
        .indicators
        .iter()
        .map(|indicator| input_columns(indicator, &column))
        .collect();
    let title_found = super::title_found(sheet, header_row, &mapping.title_contains);
    let shared_field = |label: &Option<String>| {
        label
            .as_deref()
            .and_then(|label| find_field(sheet, label, header_row, mapping))
    };
    let period = shared_field(&mapping.fields.period);
    let reviewer = shared_field(&mapping.fields.reviewer);
    let department_above = shared_field(&mapping.fields.department);
    let recognition = recognition(
        sheet,
        mapping,
        columns,
        header_row,
        &indicator_cols,
        title_found,
    );
    let people = person_rows(sheet, header_row, person_col)
        .map(|row| {
            let in_row = |col: u32| CellRef::new(row, col);
            let cell_field = |col: u32| FieldCell {
                label: CellRef::new(header_row, col),
                value_cell: in_row(col),
                value: Some(sheet.text(in_row(col)).trim().to_string()).filter(|v| !v.is_empty()),
            };
            Located {
                sheet: index,
                header_row,
                title_found,
                indicators: indicator_cols
                    .iter()
                    .map(|cols| indicator_cells(header_row, row, cols))
                    .collect(),
                total: total_col.map(|col| TotalCells {
                    row,
                    score: in_row(col),
                    self_score: None,
                    rank: rank_col.map(in_row),
                    weight: None,
                }),
                person: Some(cell_field(person_col)),
                department: department_col
                    .map(cell_field)
                    .or_else(|| department_above.clone()),
                period: period.clone(),
                reviewer: reviewer.clone(),
                recognition: recognition.clone(),
                other_sheets: Vec::new(),
            }
        })
        .collect();
    Some(people)
}

/// How much of the mapping the roster's header and the rows above it hold.
fn recognition(
    sheet: &Sheet,
    mapping: &Mapping,
    columns: &RosterColumns,
    header_row: u32,
    indicator_cols: &[Vec<Option<u32>>],
    title_found: bool,
) -> Recognition {
    let column = |label: &str| column_with_label(sheet, header_row, label).is_some();
    let mut recognition = Recognition::default();
    if let Some(title) = mapping.title_contains.first() {
        recognition.expect(title_found, || Difference::Title(title.clone()));
    }
    let named = [&columns.id, &columns.department, &columns.rank];
    let labels = std::iter::once(columns.person.as_str())
        .chain(named.into_iter().filter_map(|label| label.as_deref()));
    for label in labels {
        recognition.expect(column(label), || Difference::Column(label.to_string()));
    }
    for (indicator, cols) in mapping.indicators.iter().zip(indicator_cols) {
        let any = cols.iter().any(Option::is_some);
        recognition.expect(any, || Difference::Indicator(indicator.label.clone()));
        for (input, col) in indicator.inputs.iter().zip(cols) {
            match &input.row_label {
                Some(label) if any => recognition.expect(col.is_some(), || Difference::Input {
                    indicator: indicator.label.clone(),
                    input: label.clone(),
                }),
                _ => {}
            }
        }
    }
    if let Some(total) = &mapping.total {
        recognition.expect(column(&total.label), || {
            Difference::Total(total.label.clone())
        });
    }
    for label in mapping.fields.labels() {
        let found = find_field(sheet, label, header_row, mapping).is_some() || column(label);
        recognition.expect(found, || Difference::Field(label.to_string()));
    }
    recognition
}

/// The columns of an indicator's inputs: each named input by its own
/// header, a sole input by the indicator's label.
fn input_columns(indicator: &Indicator, column: &dyn Fn(&str) -> Option<u32>) -> Vec<Option<u32>> {
    indicator
        .inputs
        .iter()
        .map(|input| column(input.row_label.as_deref().unwrap_or(&indicator.label)))
        .collect()
}

fn indicator_cells(header_row: u32, row: u32, cols: &[Option<u32>]) -> Option<IndicatorCells> {
    let first = cols.iter().flatten().next()?;
    Some(IndicatorCells {
        label: CellRef::new(header_row, *first),
        first_row: row,
        last_row: row,
        inputs: cols
            .iter()
            .map(|col| col.map(|col| CellRef::new(row, col)))
            .collect(),
        full_marks: None,
        weight: None,
        self_score: None,
        score: None,
    })
}

/// Rows below the header with a name in the person column, up to the first
/// blank row after them (notes below a roster are not people).
fn person_rows(sheet: &Sheet, header_row: u32, person_col: u32) -> impl Iterator<Item = u32> + '_ {
    let end = sheet.last_row();
    (header_row + 1..=end)
        .skip_while(move |row| sheet.value(CellRef::new(*row, person_col)).is_empty())
        .take_while(move |row| {
            sheet
                .row_cells(*row)
                .any(|(_, cell)| !cell.value.is_empty())
        })
        .filter(move |row| !sheet.value(CellRef::new(*row, person_col)).is_empty())
}
