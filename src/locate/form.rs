//! Locating a form with one person per sheet: indicators down the rows,
//! found by the labels in the indicator column.

use super::{Drift, FieldCell, IndicatorCells, Located, TotalCells};
use crate::mapping::{Columns, Mapping};
use crate::model::label::{matches_label, normalise};
use crate::model::{CellRef, CellValue, Sheet, Workbook};

/// Where the header columns of the indicator table are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnPositions {
    pub indicator: u32,
    pub score: u32,
    pub full_marks: Option<u32>,
    pub weight: Option<u32>,
    pub input_label: Option<u32>,
    pub input: Option<u32>,
    pub self_score: Option<u32>,
    pub rank: Option<u32>,
}

/// Locates the form in the first sheet that has its header row, preferring
/// a sheet that also carries the form's title.
pub fn locate(workbook: &Workbook, mapping: &Mapping, columns: &Columns) -> Option<Vec<Located>> {
    let candidates: Vec<Located> = workbook
        .sheets
        .iter()
        .enumerate()
        .filter_map(|(index, sheet)| locate_in_sheet(index, sheet, mapping, columns))
        .collect();
    let best = candidates
        .iter()
        .max_by_key(|found| {
            (
                found.title_found,
                found.indicators_found(),
                usize::MAX - found.sheet,
            )
        })?
        .clone();
    let mut best = best;
    best.drift.other_sheets = candidates
        .iter()
        .filter(|found| found.sheet != best.sheet && found.indicators_found() > 0)
        .filter_map(|found| workbook.sheets.get(found.sheet).map(|s| s.name.clone()))
        .collect();
    Some(vec![best])
}

fn locate_in_sheet(
    index: usize,
    sheet: &Sheet,
    mapping: &Mapping,
    labels: &Columns,
) -> Option<Located> {
    let (header_row, columns) = find_header(sheet, labels)?;
    let total = mapping
        .total
        .as_ref()
        .and_then(|total| find_total(sheet, header_row, &total.label, &columns));
    let table_end = total
        .as_ref()
        .map_or(sheet.last_row(), |t| t.row.saturating_sub(1));
    let indicators: Vec<Option<IndicatorCells>> = mapping
        .indicators
        .iter()
        .map(|indicator| find_indicator(sheet, indicator, header_row + 1..=table_end, &columns))
        .collect();
    let drift = drift(
        sheet,
        mapping,
        &indicators,
        header_row + 1..=table_end,
        &columns,
    );
    let field = |label: &Option<String>| {
        label
            .as_ref()
            .and_then(|label| find_field(sheet, label, header_row, mapping))
    };
    Some(Located {
        sheet: index,
        header_row,
        title_found: super::title_found(sheet, header_row, &mapping.title_contains),
        indicators,
        total,
        person: field(&mapping.fields.person),
        department: field(&mapping.fields.department),
        period: field(&mapping.fields.period),
        reviewer: field(&mapping.fields.reviewer),
        drift,
    })
}

/// Rows that repeat an indicator's label, and rows with a label and a score
/// that no indicator of the mapping claims.
fn drift(
    sheet: &Sheet,
    mapping: &Mapping,
    found: &[Option<IndicatorCells>],
    rows: std::ops::RangeInclusive<u32>,
    columns: &ColumnPositions,
) -> Drift {
    let claimed = |row: u32| {
        found
            .iter()
            .flatten()
            .any(|cells| (cells.first_row..=cells.last_row).contains(&row))
    };
    let mut drift = Drift::default();
    for row in rows {
        let label_at = CellRef::new(row, columns.indicator);
        let label = sheet.text(label_at);
        if claimed(row)
            || label.trim().is_empty()
            || sheet
                .merge_containing(label_at)
                .is_some_and(|m| m.first.row != row)
        {
            continue;
        }
        let repeats = mapping
            .indicators
            .iter()
            .position(|indicator| normalise(&label) == normalise(&indicator.label));
        let score_at = CellRef::new(row, columns.score);
        match repeats {
            Some(index) => drift.duplicated.push((index, label_at)),
            None if matches!(sheet.value(score_at), CellValue::Number(_)) => {
                drift.unknown_scored.push((label_at, score_at))
            }
            None => {}
        }
    }
    drift
}

/// The first row that holds both the indicator and the score column labels.
fn find_header(sheet: &Sheet, columns: &Columns) -> Option<(u32, ColumnPositions)> {
    let mut rows: Vec<u32> = sheet.cells.keys().map(|at| at.row).collect();
    rows.dedup();
    rows.into_iter().find_map(|row| {
        let find = |label: &str| column_with_label(sheet, row, label);
        let optional = |label: &Option<String>| label.as_deref().and_then(find);
        Some((
            row,
            ColumnPositions {
                indicator: find(&columns.indicator)?,
                score: find(&columns.score)?,
                full_marks: optional(&columns.full_marks),
                weight: optional(&columns.weight),
                input_label: optional(&columns.input_label),
                input: optional(&columns.input),
                self_score: optional(&columns.self_score),
                rank: optional(&columns.rank),
            },
        ))
    })
}

/// The column of the cell in `row` that carries `label`, an exact match
/// winning over a cell that merely contains it.
pub(super) fn column_with_label(sheet: &Sheet, row: u32, label: &str) -> Option<u32> {
    let wanted = normalise(label);
    let texts: Vec<(u32, String)> = sheet
        .row_cells(row)
        .map(|(at, cell)| (at.col, normalise(&cell.value.display())))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    texts
        .iter()
        .find(|(_, text)| *text == wanted)
        .or_else(|| {
            texts
                .iter()
                .find(|(_, text)| text.contains(wanted.as_str()))
        })
        .map(|(col, _)| *col)
}

fn find_total(
    sheet: &Sheet,
    header_row: u32,
    label: &str,
    columns: &ColumnPositions,
) -> Option<TotalCells> {
    let row = sheet
        .cells
        .iter()
        .filter(|(at, _)| at.row > header_row && at.col < columns.score)
        .find(|(_, cell)| matches_label(&cell.value.display(), label))
        .map(|(at, _)| at.row)?;
    Some(TotalCells {
        row,
        score: CellRef::new(row, columns.score),
        self_score: columns.self_score.map(|col| CellRef::new(row, col)),
        rank: columns.rank.map(|col| CellRef::new(row, col)),
        weight: columns.weight.map(|col| CellRef::new(row, col)),
    })
}

fn find_indicator(
    sheet: &Sheet,
    indicator: &crate::mapping::Indicator,
    rows: std::ops::RangeInclusive<u32>,
    columns: &ColumnPositions,
) -> Option<IndicatorCells> {
    let label_at = rows
        .clone()
        .map(|row| CellRef::new(row, columns.indicator))
        .find(|at| normalise(&sheet.text(*at)) == normalise(&indicator.label))
        .or_else(|| {
            rows.clone()
                .map(|row| CellRef::new(row, columns.indicator))
                .find(|at| matches_label(&sheet.text(*at), &indicator.label))
        })?;
    let (first_row, last_row) = match sheet.merge_containing(label_at) {
        Some(merge) => (merge.first.row, merge.last.row),
        None => (
            label_at.row,
            unmerged_block_end(sheet, label_at, *rows.end(), columns),
        ),
    };
    let at = |col: Option<u32>| col.map(|col| CellRef::new(first_row, col));
    let inputs = indicator
        .inputs
        .iter()
        .map(
            |input| match (&input.row_label, columns.input_label, columns.input) {
                (None, _, Some(col)) => Some(CellRef::new(first_row, col)),
                (Some(row_label), Some(label_col), Some(col)) => (first_row..=last_row)
                    .find(|row| {
                        matches_label(&sheet.text(CellRef::new(*row, label_col)), row_label)
                    })
                    .map(|row| CellRef::new(row, col)),
                _ => None,
            },
        )
        .collect();
    Some(IndicatorCells {
        label: label_at,
        first_row,
        last_row,
        inputs,
        full_marks: at(columns.full_marks),
        weight: at(columns.weight),
        self_score: at(columns.self_score),
        score: Some(CellRef::new(first_row, columns.score)),
    })
}

/// Where an indicator spans several rows but its label is not merged (ODS
/// files, hand-made forms), the rows below with a blank indicator cell and a
/// filled input-label cell still belong to it.
fn unmerged_block_end(
    sheet: &Sheet,
    label_at: CellRef,
    table_end: u32,
    columns: &ColumnPositions,
) -> u32 {
    let Some(label_col) = columns.input_label else {
        return label_at.row;
    };
    (label_at.row + 1..=table_end)
        .take_while(|row| {
            sheet
                .value(CellRef::new(*row, columns.indicator))
                .is_empty()
                && !sheet.value(CellRef::new(*row, label_col)).is_empty()
        })
        .last()
        .unwrap_or(label_at.row)
}

/// A head field is a label cell followed by its value, either in the same
/// cell ("被考核人:张伟") or in the next cell to the right.
pub(super) fn find_field(
    sheet: &Sheet,
    label: &str,
    header_row: u32,
    mapping: &Mapping,
) -> Option<FieldCell> {
    let wanted = normalise(label);
    let (label_at, text) = sheet
        .cells
        .iter()
        .filter(|(at, _)| at.row < header_row)
        .map(|(at, cell)| (*at, normalise(&cell.value.display())))
        .find(|(_, text)| text.starts_with(wanted.as_str()))?;
    let inline = text[wanted.len()..]
        .trim_start_matches([':', ':'])
        .to_string();
    if !inline.is_empty() {
        return Some(FieldCell {
            label: label_at,
            value_cell: label_at,
            value: Some(inline),
        });
    }
    let after = sheet
        .merge_containing(label_at)
        .map_or(label_at.col, |merge| merge.last.col);
    let value_cell = CellRef::new(label_at.row, after + 1);
    let value = sheet.text(value_cell).trim().to_string();
    let is_other_label = is_field_label(&value, mapping);
    Some(FieldCell {
        label: label_at,
        value_cell,
        value: (!value.is_empty() && !is_other_label).then_some(value),
    })
}

fn is_field_label(text: &str, mapping: &Mapping) -> bool {
    let fields = &mapping.fields;
    [
        &fields.person,
        &fields.department,
        &fields.period,
        &fields.reviewer,
    ]
    .into_iter()
    .flatten()
    .any(|label| normalise(text).starts_with(normalise(label).as_str()))
}
