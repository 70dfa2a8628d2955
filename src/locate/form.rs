//! Locating a form with one person per sheet: indicators down the rows,
//! found by the labels in the indicator column.

use super::recognise::{Difference, Recognition};
use super::{FieldCell, IndicatorCells, Located, TotalCells};
use crate::mapping::{Columns, Mapping};
use crate::model::label::{matches_label, normalise};
use crate::model::{CellRef, CellValue, Sheet, Workbook};

/// Where the header columns of the indicator table are. The indicator
/// column is found by its header label or, where that is renamed, as the
/// column holding the indicators' labels.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ColumnPositions {
    pub indicator: u32,
    pub score: Option<u32>,
    pub full_marks: Option<u32>,
    pub weight: Option<u32>,
    pub input_label: Option<u32>,
    pub input: Option<u32>,
    pub self_score: Option<u32>,
    pub rank: Option<u32>,
}

/// Locates the form in every sheet that has a header row for it, and takes
/// the sheet that holds most of it (the one with the title on a tie, then
/// the first).
pub fn locate(workbook: &Workbook, mapping: &Mapping, columns: &Columns) -> Option<Vec<Located>> {
    let candidates: Vec<Located> = workbook
        .sheets
        .iter()
        .enumerate()
        .filter_map(|(index, sheet)| locate_in_sheet(index, sheet, mapping, columns))
        .collect();
    let mut best = candidates
        .iter()
        .max_by_key(|found| {
            (
                found.recognition.score(),
                found.title_found,
                found.indicators_found(),
                usize::MAX - found.sheet,
            )
        })?
        .clone();
    best.other_sheets = candidates
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
    let (header_row, columns) = find_header(sheet, mapping, labels)?;
    let total_row = mapping
        .total
        .as_ref()
        .and_then(|total| find_total_row(sheet, header_row, &total.label, &columns));
    let moved = total_row.and_then(|row| total_elsewhere(sheet, row, &columns));
    let total = total_row.filter(|_| moved.is_none()).and_then(|row| {
        let score = columns.score?;
        Some(TotalCells {
            row,
            score: CellRef::new(row, score),
            self_score: columns.self_score.map(|col| CellRef::new(row, col)),
            rank: columns.rank.map(|col| CellRef::new(row, col)),
            weight: columns.weight.map(|col| CellRef::new(row, col)),
        })
    });
    let table_end = total_row.map_or(sheet.last_row(), |row| row.saturating_sub(1));
    let rows = header_row + 1..=table_end;
    let indicators: Vec<Option<IndicatorCells>> = mapping
        .indicators
        .iter()
        .map(|indicator| find_indicator(sheet, indicator, rows.clone(), &columns))
        .collect();
    let field = |label: &Option<String>| {
        label
            .as_ref()
            .and_then(|label| find_field(sheet, label, header_row, mapping))
    };
    let title_found = super::title_found(sheet, header_row, &mapping.title_contains);
    let mut recognition = Recognition::default();
    if let Some(title) = mapping.title_contains.first() {
        recognition.expect(title_found, || Difference::Title(title.clone()));
    }
    for (label, found) in column_parts(labels, &columns) {
        recognition.expect(found, || Difference::Column(label.to_string()));
    }
    for (indicator, cells) in mapping.indicators.iter().zip(&indicators) {
        recognition.expect(cells.is_some(), || {
            Difference::Indicator(indicator.label.clone())
        });
    }
    for (indicator, cells) in mapping.indicators.iter().zip(&indicators) {
        for (position, input) in indicator.inputs.iter().enumerate() {
            let Some(row_label) = &input.row_label else {
                continue;
            };
            let found = cells
                .as_ref()
                .is_some_and(|cells| cells.inputs.get(position).is_some_and(Option::is_some));
            // Named inputs of an indicator not found, or without the columns
            // naming and holding them, are that indicator's or those
            // columns' difference.
            let columns_missing = columns.input_label.is_none() || columns.input.is_none();
            if found || cells.is_none() || columns_missing {
                recognition.parts += 1;
                recognition.found += usize::from(found);
            } else {
                recognition.expect(false, || Difference::Input {
                    indicator: indicator.label.clone(),
                    input: row_label.clone(),
                });
            }
        }
    }
    if let Some(total) = &mapping.total {
        recognition.expect(total_row.is_some() && moved.is_none(), || match moved {
            Some(found) => Difference::TotalMoved {
                label: total.label.clone(),
                column: labels.score.clone(),
                found,
            },
            None => Difference::Total(total.label.clone()),
        });
    }
    for label in mapping.fields.labels() {
        let found = find_field(sheet, label, header_row, mapping).is_some();
        recognition.expect(found, || Difference::Field(label.to_string()));
    }
    for extra in extra_rows(sheet, mapping, &indicators, rows, &columns) {
        recognition.extra(extra);
    }
    Some(Located {
        sheet: index,
        header_row,
        title_found,
        indicators,
        total,
        person: field(&mapping.fields.person),
        department: field(&mapping.fields.department),
        period: field(&mapping.fields.period),
        reviewer: field(&mapping.fields.reviewer),
        recognition,
        other_sheets: Vec::new(),
    })
}

/// Where the total row's score cell is empty but the row holds a figure in
/// a column that holds no other sum (not 分值, 权重 or the self scores):
/// the total has moved there.
fn total_elsewhere(sheet: &Sheet, row: u32, columns: &ColumnPositions) -> Option<CellRef> {
    let score = columns.score?;
    if !sheet.value(CellRef::new(row, score)).is_empty() {
        return None;
    }
    let sums = [columns.full_marks, columns.weight, columns.self_score];
    sheet
        .row_cells(row)
        .filter(|(at, _)| at.col > columns.indicator && at.col != score)
        .filter(|(at, _)| !sums.contains(&Some(at.col)))
        .find(|(_, cell)| cell.formula.is_some() || matches!(cell.value, CellValue::Number(_)))
        .map(|(at, _)| at)
}

/// Each column label the mapping names, and whether the header has it.
fn column_parts<'a>(labels: &'a Columns, found: &ColumnPositions) -> Vec<(&'a str, bool)> {
    let mut parts = vec![
        (labels.indicator.as_str(), true),
        (labels.score.as_str(), found.score.is_some()),
    ];
    let optional = [
        (&labels.full_marks, found.full_marks),
        (&labels.weight, found.weight),
        (&labels.input_label, found.input_label),
        (&labels.input, found.input),
        (&labels.self_score, found.self_score),
        (&labels.rank, found.rank),
    ];
    parts.extend(
        optional
            .into_iter()
            .filter_map(|(label, col)| Some((label.as_deref()?, col.is_some()))),
    );
    parts
}

/// Rows of the table the mapping does not describe: a second row carrying
/// an indicator's label, and rows with a label and a score that no
/// indicator claims.
fn extra_rows(
    sheet: &Sheet,
    mapping: &Mapping,
    found: &[Option<IndicatorCells>],
    rows: std::ops::RangeInclusive<u32>,
    columns: &ColumnPositions,
) -> Vec<Difference> {
    let claimed = |row: u32| {
        found
            .iter()
            .flatten()
            .any(|cells| (cells.first_row..=cells.last_row).contains(&row))
    };
    let mut extra = Vec::new();
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
            .find(|indicator| normalise(&label) == normalise(&indicator.label));
        let scored = columns
            .score
            .is_some_and(|col| !sheet.value(CellRef::new(row, col)).is_empty());
        match repeats {
            Some(indicator) => extra.push(Difference::Repeated {
                indicator: indicator.label.clone(),
                cell: label_at,
            }),
            None if scored => extra.push(Difference::Unclaimed {
                label: label.trim().to_string(),
                cell: label_at,
            }),
            None => {}
        }
    }
    extra
}

/// The header row: of the rows holding the mapping's column labels, the
/// one with most of them and most of the indicators below it (the first
/// on a tie). Where the indicator column's label is not there, the column
/// holding most indicator labels below the row stands for it.
fn find_header(
    sheet: &Sheet,
    mapping: &Mapping,
    labels: &Columns,
) -> Option<(u32, ColumnPositions)> {
    let named: Vec<String> = column_labels(labels).into_iter().map(normalise).collect();
    // Built only where a header row lacks the indicator column's label.
    let indicator_cells = std::cell::OnceCell::new();
    let indicator_cells = || indicator_cells.get_or_init(|| IndicatorLabels::of(sheet, mapping));
    let mut best: Option<(usize, u32, ColumnPositions)> = None;
    let mut rows: Vec<u32> = sheet.cells.keys().map(|at| at.row).collect();
    rows.dedup();
    for row in rows {
        let texts = row_texts(sheet, row);
        let find = |label: &str| column_in(&texts, label);
        let optional = |label: &Option<String>| label.as_deref().and_then(find);
        let found = named
            .iter()
            .filter(|label| column_in(&texts, label).is_some())
            .count();
        if found == 0 {
            continue;
        }
        let Some(indicator) =
            find(&labels.indicator).or_else(|| indicator_cells().best_column_below(row))
        else {
            continue;
        };
        let positions = ColumnPositions {
            indicator,
            score: find(&labels.score),
            full_marks: optional(&labels.full_marks),
            weight: optional(&labels.weight),
            input_label: optional(&labels.input_label),
            input: optional(&labels.input),
            self_score: optional(&labels.self_score),
            rank: optional(&labels.rank),
        };
        let weight = found + indicator_cells().count_below(indicator, row);
        if best
            .as_ref()
            .is_none_or(|(best_weight, _, _)| weight > *best_weight)
        {
            best = Some((weight, row, positions));
        }
        if found == named.len() {
            // A full header: no later row can hold more of it.
            break;
        }
    }
    best.map(|(_, row, positions)| (row, positions))
}

fn column_labels(labels: &Columns) -> Vec<&str> {
    let optional = [
        &labels.full_marks,
        &labels.weight,
        &labels.input_label,
        &labels.input,
        &labels.self_score,
        &labels.rank,
    ];
    [labels.indicator.as_str(), labels.score.as_str()]
        .into_iter()
        .chain(optional.into_iter().filter_map(|label| label.as_deref()))
        .collect()
}

/// Where the indicators' labels stand in a sheet, by column: (row,
/// indicator position) of each cell carrying one.
struct IndicatorLabels {
    by_column: std::collections::BTreeMap<u32, Vec<(u32, usize)>>,
}

impl IndicatorLabels {
    fn of(sheet: &Sheet, mapping: &Mapping) -> Self {
        let wanted: Vec<String> = mapping
            .indicators
            .iter()
            .map(|i| normalise(&i.label))
            .collect();
        let mut by_column: std::collections::BTreeMap<u32, Vec<(u32, usize)>> = Default::default();
        for (at, cell) in &sheet.cells {
            let CellValue::Text(text) = &cell.value else {
                continue;
            };
            if text.len() > LONGEST_INDICATOR_CELL {
                continue;
            }
            let text = normalise(text);
            if text.is_empty() {
                continue;
            }
            if let Some(index) = wanted
                .iter()
                .position(|label| !label.is_empty() && text.contains(label.as_str()))
            {
                by_column.entry(at.col).or_default().push((at.row, index));
            }
        }
        Self { by_column }
    }

    /// Distinct indicators labelled in `column` below `row`.
    fn count_below(&self, column: u32, row: u32) -> usize {
        let Some(cells) = self.by_column.get(&column) else {
            return 0;
        };
        let found: std::collections::BTreeSet<usize> = cells
            .iter()
            .filter(|(at, _)| *at > row)
            .map(|(_, index)| *index)
            .collect();
        found.len()
    }

    /// The column with most indicators labelled below `row`, if any.
    fn best_column_below(&self, row: u32) -> Option<u32> {
        self.by_column
            .keys()
            .map(|column| (self.count_below(*column, row), std::cmp::Reverse(*column)))
            .filter(|(count, _)| *count > 0)
            .max()
            .map(|(_, std::cmp::Reverse(column))| column)
    }
}

/// The non-empty texts of a row, normalised, by column.
fn row_texts(sheet: &Sheet, row: u32) -> Vec<(u32, String)> {
    sheet
        .row_cells(row)
        .filter_map(|(at, cell)| match &cell.value {
            CellValue::Text(text) if text.len() <= LONGEST_HEADER_CELL => {
                Some((at.col, normalise(text)))
            }
            _ => None,
        })
        .filter(|(_, text)| !text.is_empty())
        .collect()
}

/// Bytes of the longest cell read as a column header ("分值(100)", a header
/// with a note): longer text is content, not a label.
const LONGEST_HEADER_CELL: usize = 300;

/// Bytes of the longest cell read for an indicator's label: forms put a
/// whole description after it (售前客服绩效量化考核表), not pages of text.
const LONGEST_INDICATOR_CELL: usize = 3_000;

/// The column whose text is `label`, or else the first that contains it.
fn column_in(texts: &[(u32, String)], label: &str) -> Option<u32> {
    let wanted = normalise(label);
    if wanted.is_empty() {
        return None;
    }
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

/// The column of the cell in `row` that carries `label`, an exact match
/// winning over a cell that merely contains it.
pub(super) fn column_with_label(sheet: &Sheet, row: u32, label: &str) -> Option<u32> {
    column_in(&row_texts(sheet, row), label)
}

/// The total row: the first row below the header carrying the total's
/// label left of the score column (anywhere, where that column is not
/// found).
fn find_total_row(
    sheet: &Sheet,
    header_row: u32,
    label: &str,
    columns: &ColumnPositions,
) -> Option<u32> {
    sheet
        .cells
        .iter()
        .filter(|(at, _)| at.row > header_row && columns.score.is_none_or(|score| at.col < score))
        .find(|(_, cell)| matches_label(&cell.value.display(), label))
        .map(|(at, _)| at.row)
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
        score: columns.score.map(|col| CellRef::new(first_row, col)),
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
