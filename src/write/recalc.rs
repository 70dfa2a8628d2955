//! The copy's formulas must show what Excel will show once it recalculates:
//! after corrections (a text "4分" made the number 4, a wrong score fixed),
//! every formula that reads a corrected cell gets a freshly computed cached
//! result. Formulas the evaluator cannot compute keep their cached value.

use std::collections::BTreeSet;

use super::CellEdit;
use crate::audit::formula::{Evaluated, evaluate_cell};
use crate::model::number::decimal_from_f64;
use crate::model::{CellRef, CellValue, Sheet, Workbook};

/// Edits giving new cached results to the formulas of every sheet that
/// `edits` change, on top of those edits.
pub fn recalculated(workbook: &Workbook, edits: &[CellEdit]) -> Vec<CellEdit> {
    let corrected: Vec<&CellEdit> = edits.iter().filter(|e| e.new_value.is_some()).collect();
    if corrected.is_empty() {
        return Vec::new();
    }
    let patched = with_corrections(workbook, &corrected);
    let sheets: BTreeSet<&str> = corrected.iter().map(|e| e.sheet.as_str()).collect();
    let explicit: BTreeSet<(&str, CellRef)> = corrected
        .iter()
        .map(|e| (e.sheet.as_str(), e.cell))
        .collect();
    patched
        .sheets
        .iter()
        .filter(|sheet| sheets.contains(sheet.name.as_str()))
        .flat_map(|sheet| {
            let patched = &patched;
            let explicit = &explicit;
            sheet
                .cells
                .iter()
                .filter(|(_, cell)| cell.formula.is_some())
                .filter(move |(at, _)| !explicit.contains(&(sheet.name.as_str(), **at)))
                .filter_map(move |(at, cell)| fresh_result(patched, &sheet.name, *at, &cell.value))
        })
        .collect()
}

/// The workbook's cells with the corrections in. Formulas read only cells,
/// so styles, merges and geometry are left out of the copy.
fn with_corrections(workbook: &Workbook, corrected: &[&CellEdit]) -> Workbook {
    let mut patched = Workbook {
        sheets: workbook
            .sheets
            .iter()
            .map(|sheet| Sheet {
                name: sheet.name.clone(),
                cells: sheet.cells.clone(),
                ..Sheet::default()
            })
            .collect(),
        path: workbook.path.clone(),
        ..*workbook
    };
    for edit in corrected {
        let (Some(sheet), Some(value)) = (
            patched.sheets.iter_mut().find(|s| s.name == edit.sheet),
            &edit.new_value,
        ) else {
            continue;
        };
        sheet.cells.entry(edit.cell).or_default().value = value.clone();
    }
    patched
}

fn fresh_result(
    workbook: &Workbook,
    sheet: &str,
    at: CellRef,
    cached: &CellValue,
) -> Option<CellEdit> {
    let Evaluated::Number(computed) = evaluate_cell(workbook, sheet, at) else {
        return None;
    };
    let unchanged = match cached {
        CellValue::Number(n) => decimal_from_f64(*n) == Some(computed.normalize()),
        _ => false,
    };
    if unchanged {
        return None;
    }
    let value: f64 = computed.round_dp(12).to_string().parse().ok()?;
    Some(CellEdit {
        sheet: sheet.to_string(),
        cell: at,
        mark: None,
        note: None,
        new_value: Some(CellValue::Number(value)),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::*;
    use crate::model::{Cell, FileFormat, Sheet};

    fn cell(value: CellValue, formula: Option<&str>) -> Cell {
        Cell {
            value,
            formula: formula.map(str::to_string),
        }
    }

    #[test]
    fn formulas_reading_a_corrected_cell_get_their_new_result() {
        let at = |a1: &str| CellRef::parse_a1(a1).unwrap();
        let cells: BTreeMap<CellRef, Cell> = [
            (at("A1"), cell(CellValue::Number(5.0), None)),
            (at("A2"), cell(CellValue::Text("4分".into()), None)),
            (at("A3"), cell(CellValue::Number(5.0), Some("SUM(A1:A2)"))),
            (at("A4"), cell(CellValue::Number(10.0), Some("A3*2"))),
            (at("B1"), cell(CellValue::Number(7.0), Some("1+6"))),
        ]
        .into_iter()
        .collect();
        let workbook = Workbook {
            path: PathBuf::from("t.xlsx"),
            format: FileFormat::Xlsx,
            sheets: vec![Sheet {
                name: "表".into(),
                cells,
                ..Sheet::default()
            }],
            recalculates_on_load: false,
        };
        let fix = CellEdit {
            sheet: "表".into(),
            cell: at("A2"),
            mark: None,
            note: None,
            new_value: Some(CellValue::Number(4.0)),
        };
        let fresh: Vec<(String, CellValue)> = recalculated(&workbook, &[fix])
            .into_iter()
            .map(|edit| (edit.cell.to_string(), edit.new_value.unwrap()))
            .collect();
        assert_eq!(
            fresh,
            [
                ("A3".to_string(), CellValue::Number(9.0)),
                ("A4".to_string(), CellValue::Number(18.0))
            ]
        );
    }
}
