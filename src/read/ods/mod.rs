//! Our own reader of what calamine does not read from an ods file: merges,
//! column widths, row heights, page setup and cell styles from its XML
//! ([`layout`], [`styles`], [`number_format`]); values and formulas come from
//! calamine, formulas turned into Excel's syntax ([`formula`]).

mod formula;
mod layout;
mod number_format;
mod styles;

use std::path::Path;

use calamine::Ods;

use super::{ReadError, open, read_each};
use crate::model::Sheet;

pub(super) fn read_ods(path: &Path) -> Result<Vec<Sheet>, ReadError> {
    let mut layouts = layout::read_ods_layout(path).unwrap_or_default();
    read_each(&mut open::<Ods<_>>(path)?, |_, sheet| {
        for cell in sheet.cells.values_mut() {
            if let Some(formula) = &cell.formula {
                cell.formula = Some(formula::to_excel_syntax(formula));
                cell.value = formula::error_result(&cell.value);
            }
        }
        // calamine reads no merges, sizes, page setup or styles from ods.
        if let Some(layout) = layouts.remove(&sheet.name) {
            sheet.merges = layout.merges;
            sheet.column_widths = layout.column_widths;
            sheet.row_heights = layout.row_heights;
            sheet.page_setup = layout.page_setup;
            sheet.styles = layout.styles;
        }
    })
}
