//! Workbooks built in code for the formula tests.

use std::path::PathBuf;

use crate::model::{Cell, CellRef, CellValue, FileFormat, Sheet, Workbook};

pub(super) fn book(sheets: Vec<Sheet>) -> Workbook {
    Workbook {
        path: PathBuf::from("test.xlsx"),
        format: FileFormat::Xlsx,
        sheets,
        recalculates_on_load: false,
    }
}

pub(super) fn sheet<S: AsRef<str>>(name: &str, cells: Vec<(S, Cell)>) -> Sheet {
    Sheet {
        name: name.to_string(),
        cells: cells
            .into_iter()
            .map(|(a1, cell)| (at(a1.as_ref()), cell))
            .collect(),
        ..Sheet::default()
    }
}

pub(super) fn at(a1: &str) -> CellRef {
    CellRef::parse_a1(a1).unwrap_or_else(|| panic!("bad address {a1}"))
}

pub(super) fn n(value: f64) -> Cell {
    Cell {
        value: CellValue::Number(value),
        formula: None,
    }
}

pub(super) fn t(text: &str) -> Cell {
    Cell {
        value: CellValue::Text(text.to_string()),
        formula: None,
    }
}

pub(super) fn b(value: bool) -> Cell {
    Cell {
        value: CellValue::Bool(value),
        formula: None,
    }
}

pub(super) fn err(code: &str) -> Cell {
    Cell {
        value: CellValue::Error(code.to_string()),
        formula: None,
    }
}

/// A formula cell with the value it was saved with.
pub(super) fn f(formula: &str, cached: CellValue) -> Cell {
    Cell {
        value: cached,
        formula: Some(formula.to_string()),
    }
}

/// The sample form's score column: H4..H16 numbers, H11 the text "4.5分",
/// H17 their total written cell by cell, saved showing `#VALUE!`.
pub(super) fn sample_scores() -> Workbook {
    let mut cells: Vec<(String, Cell)> = (4..=16)
        .filter(|row| *row != 11)
        .map(|row| (format!("H{row}"), n(f64::from(row))))
        .collect();
    cells.push(("H11".into(), t("4.5分")));
    let added: Vec<String> = (4..=16).map(|row| format!("H{row}")).collect();
    cells.push((
        "H17".into(),
        f(&added.join("+"), CellValue::Error("#VALUE!".into())),
    ));
    book(vec![sheet("考核表", cells)])
}
