//! The copy's formulas must show what Excel will show once it recalculates.
//! A corrected total stays corrected: where the form's total formula, with
//! every correction in, does not compute the recomputed total, it is
//! replaced by one that does ([`settle_totals`]). Then every formula that
//! reads a corrected cell (a text "4分" made the number 4, a wrong score
//! fixed) gets a freshly computed cached result ([`recalculated`]).
//! Formulas the evaluator cannot compute keep their cached value.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::edits::TotalCell;
use super::{CellEdit, FormulaEdit};
use crate::audit::formula::{Evaluated, evaluate, evaluate_cell};
use crate::model::finding::quote;
use crate::model::number::decimal_from_f64;
use crate::model::{CellRef, CellValue, Lang, Sheet, Workbook};
use crate::score::round;

/// The edit of each total cell: the total it shows, and the formula that
/// computes it where the form's own does not.
pub fn settle_totals(
    workbook: &Workbook,
    edits: &[CellEdit],
    totals: &[TotalCell],
    lang: Lang,
) -> Vec<CellEdit> {
    if totals.is_empty() {
        return Vec::new();
    }
    let corrected: Vec<&CellEdit> = edits.iter().filter(|e| changes_content(e)).collect();
    let patched = with_corrections(workbook, &corrected);
    totals
        .iter()
        .map(|total| settle(&patched, total, lang))
        .collect()
}

fn settle(patched: &Workbook, total: &TotalCell, lang: Lang) -> CellEdit {
    let repair = &total.repair;
    let sheet = total.sheet.as_str();
    let original = patched
        .sheets
        .iter()
        .find(|s| s.name == sheet)
        .and_then(|s| s.cell(repair.cell))
        .and_then(|cell| cell.formula.clone())
        .filter(|formula| !formula.trim().is_empty());
    let close = |value: &Decimal| (*value - repair.total).abs() <= repair.tolerance;
    let mut edit = CellEdit {
        sheet: total.sheet.clone(),
        cell: repair.cell,
        mark: None,
        note: None,
        new_value: number(round(repair.total, repair.decimals)),
        formula: None,
    };
    if !total.replace {
        match original.as_deref().map(|f| evaluate(patched, sheet, f)) {
            Some(Evaluated::Number(shown)) if close(&shown) => {
                edit.new_value = number(shown);
                return edit;
            }
            // Beyond the evaluator, or a typed total on a form that types
            // it: the figure is written, the cell kept as it is.
            Some(Evaluated::Unsupported) | None => return edit,
            Some(_) => {}
        }
    }
    let computing =
        repair
            .formula
            .as_ref()
            .and_then(|formula| match evaluate(patched, sheet, formula) {
                Evaluated::Number(shown) if close(&shown) => Some((formula, shown)),
                _ => None,
            });
    match (computing, original) {
        (Some((formula, shown)), original) => {
            edit.new_value = number(shown);
            edit.formula = Some(FormulaEdit::Write(formula.clone()));
            edit.note = Some(replaced_note(original.as_deref(), formula, lang));
        }
        (None, Some(original)) => {
            edit.formula = Some(FormulaEdit::Drop);
            edit.note = Some(dropped_note(&original, lang));
        }
        (None, None) => {}
    }
    edit
}

/// What the copy's note says of a replaced total formula.
fn replaced_note(original: Option<&str>, formula: &str, lang: Lang) -> String {
    let original = original.map(quote);
    match (original.as_deref(), lang) {
        (Some(original), Lang::Zh) => format!("总分公式 ={original} 已改为 ={formula}"),
        (Some(original), Lang::En) => {
            format!("the total formula ={original} is replaced by ={formula}")
        }
        (None, Lang::Zh) => format!("总分已改为公式 ={formula}"),
        (None, Lang::En) => format!("the total is now the formula ={formula}"),
    }
}

fn dropped_note(original: &str, lang: Lang) -> String {
    let original = quote(original);
    match lang {
        Lang::Zh => format!("总分公式 ={original} 算不出正确总分,已改为数值"),
        Lang::En => {
            format!("the total formula ={original} cannot give the total; the figure is written")
        }
    }
}

fn number(value: Decimal) -> Option<CellValue> {
    let value: f64 = value.round_dp(12).to_string().parse().ok()?;
    Some(CellValue::Number(value))
}

/// Whether an edit changes what a cell holds (not only its look).
fn changes_content(edit: &CellEdit) -> bool {
    edit.new_value.is_some() || edit.formula.is_some()
}

/// Edits giving new cached results to the formulas of every sheet that
/// `edits` change, on top of those edits.
pub fn recalculated(workbook: &Workbook, edits: &[CellEdit]) -> Vec<CellEdit> {
    let corrected: Vec<&CellEdit> = edits.iter().filter(|e| changes_content(e)).collect();
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
        let Some(sheet) = patched.sheets.iter_mut().find(|s| s.name == edit.sheet) else {
            continue;
        };
        let cell = sheet.cells.entry(edit.cell).or_default();
        if let Some(value) = &edit.new_value {
            cell.value = value.clone();
        }
        match &edit.formula {
            Some(FormulaEdit::Write(formula)) => cell.formula = Some(formula.clone()),
            Some(FormulaEdit::Drop) => cell.formula = None,
            None => {}
        }
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
    Some(CellEdit {
        sheet: sheet.to_string(),
        cell: at,
        mark: None,
        note: None,
        new_value: Some(number(computed)?),
        formula: None,
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
            formula: None,
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

    /// H4 = 5, H5 the text "4分" (corrected to 4), H6 = 3, and the total
    /// cell H7 as given; the recomputed total is 12.
    fn form_with_total(total: Cell) -> (Workbook, Vec<CellEdit>) {
        let at = |a1: &str| CellRef::parse_a1(a1).unwrap();
        let cells: BTreeMap<CellRef, Cell> = [
            (at("H4"), cell(CellValue::Number(5.0), None)),
            (at("H5"), cell(CellValue::Text("4分".into()), None)),
            (at("H6"), cell(CellValue::Number(3.0), None)),
            (at("H7"), total),
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
            cell: at("H5"),
            mark: None,
            note: None,
            new_value: Some(CellValue::Number(4.0)),
            formula: None,
        };
        (workbook, vec![fix])
    }

    fn settled(total: Cell, formula: Option<&str>, replace: bool) -> CellEdit {
        let (workbook, edits) = form_with_total(total);
        let repair = crate::audit::TotalRepair {
            cell: CellRef::parse_a1("H7").unwrap(),
            total: Decimal::from(12),
            decimals: 2,
            tolerance: Decimal::new(1, 2),
            formula: formula.map(str::to_string),
            expects_formula: true,
        };
        let total = TotalCell {
            sheet: "表".into(),
            repair,
            replace,
        };
        let mut settled = settle_totals(&workbook, &edits, &[total], Lang::Zh);
        assert_eq!(settled.len(), 1);
        settled.remove(0)
    }

    fn shown(edit: &CellEdit) -> (Option<CellValue>, Option<FormulaEdit>) {
        (edit.new_value.clone(), edit.formula.clone())
    }

    #[test]
    fn a_total_formula_that_computes_the_total_once_corrected_is_kept() {
        // SUM skipped the text 4分; with 4 written it adds up.
        let total = cell(CellValue::Number(8.0), Some("SUM(H4:H6)"));
        let edit = settled(total, Some("SUM(H4:H6)"), false);
        assert_eq!(shown(&edit), (Some(CellValue::Number(12.0)), None));
        assert_eq!(edit.note, None);
    }

    #[test]
    fn a_total_formula_that_would_undo_the_correction_is_replaced() {
        // Leaves out H6: would show 9 as soon as the sheet recalculates.
        let total = cell(CellValue::Number(6.0), Some("H4+H5"));
        let edit = settled(total, Some("SUM(H4:H6)"), false);
        let write = FormulaEdit::Write("SUM(H4:H6)".into());
        assert_eq!(shown(&edit), (Some(CellValue::Number(12.0)), Some(write)));
        assert_eq!(
            edit.note.as_deref(),
            Some("总分公式 =H4+H5 已改为 =SUM(H4:H6)")
        );
    }

    #[test]
    fn a_total_found_wrong_is_replaced_even_where_it_happens_to_agree() {
        // Adds H6 twice and leaves out H4 (5 + 4 + 3 = 12 by chance).
        let total = cell(CellValue::Number(12.0), Some("H5+H6+H6+2"));
        let edit = settled(total, Some("SUM(H4:H6)"), true);
        assert_eq!(edit.formula, Some(FormulaEdit::Write("SUM(H4:H6)".into())));
    }

    #[test]
    fn a_typed_total_where_the_template_computes_it_becomes_the_formula() {
        let edit = settled(
            cell(CellValue::Number(10.0), None),
            Some("SUM(H4:H6)"),
            true,
        );
        let write = FormulaEdit::Write("SUM(H4:H6)".into());
        assert_eq!(shown(&edit), (Some(CellValue::Number(12.0)), Some(write)));
        assert_eq!(edit.note.as_deref(), Some("总分已改为公式 =SUM(H4:H6)"));
        let typed = settled(cell(CellValue::Number(10.0), None), None, false);
        assert_eq!(shown(&typed), (Some(CellValue::Number(12.0)), None));
    }

    #[test]
    fn without_a_formula_that_computes_it_the_figure_replaces_the_formula() {
        let total = cell(CellValue::Number(6.0), Some("H4+H5"));
        let wrong_candidate = settled(total.clone(), Some("SUM(H4:H5)"), false);
        assert_eq!(
            shown(&wrong_candidate),
            (Some(CellValue::Number(12.0)), Some(FormulaEdit::Drop))
        );
        let no_candidate = settled(total, None, false);
        assert_eq!(no_candidate.formula, Some(FormulaEdit::Drop));
        assert_eq!(
            no_candidate.note.as_deref(),
            Some("总分公式 =H4+H5 算不出正确总分,已改为数值")
        );
    }

    #[test]
    fn a_formula_beyond_the_evaluator_is_kept_with_the_total_as_its_result() {
        let total = cell(CellValue::Empty, Some("MYSUM(H4:H6)"));
        let edit = settled(total, Some("SUM(H4:H6)"), false);
        assert_eq!(shown(&edit), (Some(CellValue::Number(12.0)), None));
    }

    #[test]
    fn formulas_reading_a_replaced_total_follow_it() {
        let (mut workbook, edits) = form_with_total(cell(CellValue::Number(6.0), Some("H4+H5")));
        let at = CellRef::parse_a1("H8").unwrap();
        workbook.sheets[0]
            .cells
            .insert(at, cell(CellValue::Number(12.0), Some("H7*2")));
        let repair = crate::audit::TotalRepair {
            cell: CellRef::parse_a1("H7").unwrap(),
            total: Decimal::from(12),
            decimals: 2,
            tolerance: Decimal::new(1, 2),
            formula: Some("SUM(H4:H6)".into()),
            expects_formula: true,
        };
        let totals = [TotalCell {
            sheet: "表".into(),
            repair,
            replace: false,
        }];
        let mut all = edits.clone();
        all.extend(settle_totals(&workbook, &edits, &totals, Lang::Zh));
        let fresh: Vec<(String, Option<CellValue>)> = recalculated(&workbook, &all)
            .into_iter()
            .map(|edit| (edit.cell.to_string(), edit.new_value))
            .collect();
        assert_eq!(fresh, [("H8".to_string(), Some(CellValue::Number(24.0)))]);
    }
}
