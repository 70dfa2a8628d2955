//! The A1-style references print areas and print titles are written in,
//! shared by the xlsx and ods readers.

use crate::model::cell_ref::{column_index, row_index, split_letters};
use crate::model::{CellRange, CellRef};

/// A reference a print name can hold: a block of cells, whole rows or whole
/// columns (zero-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Area {
    Cells(CellRange),
    Rows(u32, u32),
    Columns(u32, u32),
}

/// `$A$1:$I$18`, `A1`, `$1:$2` or `$A:$B`; `None` for anything else
/// (`#REF!`, a name, a formula).
pub(crate) fn parse_area(reference: &str) -> Option<Area> {
    let Some((first, last)) = reference.split_once(':') else {
        // Without a colon only a single cell is a reference; `A` or `3`
        // alone would be a name.
        let (row, col) = endpoint(reference)?;
        let at = CellRef::new(row?, col?);
        return Some(Area::Cells(CellRange {
            first: at,
            last: at,
        }));
    };
    match (endpoint(first)?, endpoint(last)?) {
        ((Some(r1), Some(c1)), (Some(r2), Some(c2))) => Some(Area::Cells(CellRange {
            first: CellRef::new(r1.min(r2), c1.min(c2)),
            last: CellRef::new(r1.max(r2), c1.max(c2)),
        })),
        ((Some(r1), None), (Some(r2), None)) => Some(Area::Rows(r1.min(r2), r1.max(r2))),
        ((None, Some(c1)), (None, Some(c2))) => Some(Area::Columns(c1.min(c2), c1.max(c2))),
        _ => None,
    }
}

/// One end of a reference as (row, column), zero-based, either of which may
/// be absent (`$3` is a row, `$C` a column); `None` when it is neither or
/// lies outside Excel's grid.
fn endpoint(text: &str) -> Option<(Option<u32>, Option<u32>)> {
    let text: String = text.trim().chars().filter(|c| *c != '$').collect();
    let (letters, digits) = split_letters(&text);
    let col = match letters {
        "" => None,
        letters => Some(column_index(letters)?),
    };
    let row = match digits {
        "" => None,
        digits => Some(row_index(digits)?),
    };
    if row.is_none() && col.is_none() {
        return None;
    }
    Some((row, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_parsed_or_left_out() {
        let cells = |a: &str, b: &str| {
            Area::Cells(CellRange {
                first: CellRef::parse_a1(a).unwrap(),
                last: CellRef::parse_a1(b).unwrap(),
            })
        };
        assert_eq!(parse_area("$I$18:$A$1"), Some(cells("A1", "I18")));
        assert_eq!(parse_area("B2"), Some(cells("B2", "B2")));
        assert_eq!(parse_area("$3:$1"), Some(Area::Rows(0, 2)));
        assert_eq!(parse_area("XFD:XFD"), Some(Area::Columns(16_383, 16_383)));
        for garbage in [
            "#REF!", "", "A", "XFE1", "A0", "A1:3", "A1048577", "名称", "$A$1B",
        ] {
            assert_eq!(parse_area(garbage), None, "{garbage}");
        }
    }
}
