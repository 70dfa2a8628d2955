//! Excel's grid and its A1-style cell addresses, zero-based internally.
//! Every reader, the formula tracer and the writers convert addresses and
//! check the grid's limits here.

use std::fmt;

use serde::Serialize;

/// How many rows and columns Excel's grid has (1,048,576 rows; columns A to
/// XFD).
pub const ROWS: u32 = 1_048_576;
pub const COLUMNS: u32 = 16_384;
/// The last row and column of the grid, zero-based.
pub const LAST_ROW: u32 = ROWS - 1;
pub const LAST_COL: u32 = COLUMNS - 1;

/// A cell position on a sheet: zero-based row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub const fn new(row: u32, col: u32) -> Self {
        Self { row, col }
    }

    /// Whether Excel's grid has this cell.
    pub const fn in_grid(self) -> bool {
        self.row <= LAST_ROW && self.col <= LAST_COL
    }

    /// Parses "G16" or "$G$16" within the grid; `None` for anything else.
    pub fn parse_a1(text: &str) -> Option<Self> {
        let text = text.trim().replace('$', "");
        let (letters, digits) = split_letters(&text);
        Some(Self::new(row_index(digits)?, column_index(letters)?))
    }

    /// Letters then digits, as a file's cell reference names its cell
    /// (`B3`, `xfe5`): beyond the grid too, which a reader drops later
    /// rather than lose track of where the following cells are. `None` for
    /// anything else or a number too large.
    pub fn parse_anywhere(text: &str) -> Option<Self> {
        let (letters, digits) = split_letters(text);
        let col = column_number(letters)?.checked_sub(1)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let row: u32 = digits.parse().ok()?;
        Some(Self::new(row.checked_sub(1)?, col))
    }
}

/// The leading ASCII letters of `text` (a column), and the rest (a row).
pub fn split_letters(text: &str) -> (&str, &str) {
    let split = text
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    text.split_at(split)
}

/// `A` → 1, `xfd` → 16384, `XFE` → 16385: column letters of either case as
/// a one-based number, however far; `None` for anything but letters or a
/// number too large.
fn column_number(letters: &str) -> Option<u32> {
    if letters.is_empty() {
        return None;
    }
    letters.bytes().try_fold(0u32, |number, b| {
        let digit = b
            .to_ascii_uppercase()
            .checked_sub(b'A')
            .filter(|d| *d < 26)?;
        number.checked_mul(26)?.checked_add(u32::from(digit) + 1)
    })
}

/// `A` → 0, `xfd` → 16383: column letters of either case as a zero-based
/// index; `None` for anything else or beyond the grid's last column.
pub fn column_index(letters: &str) -> Option<u32> {
    column_number(letters)?
        .checked_sub(1)
        .filter(|col| *col <= LAST_COL)
}

/// `1` → 0: a row number as a zero-based index; `None` for anything but
/// digits, row 0, or beyond the grid's last row.
pub fn row_index(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    row.checked_sub(1).filter(|row| *row <= LAST_ROW)
}

/// Column letters for a zero-based column index: 0 → "A", 27 → "AB".
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.col), self.row + 1)
    }
}

impl Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for CellRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CellRef::parse_a1(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a cell address: {text}")))
    }
}

/// A rectangular block of cells, both corners inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRange {
    pub first: CellRef,
    pub last: CellRef,
}

impl CellRange {
    pub fn contains(&self, cell: CellRef) -> bool {
        (self.first.row..=self.last.row).contains(&cell.row)
            && (self.first.col..=self.last.col).contains(&cell.col)
    }
}

impl fmt::Display for CellRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.first, self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_round_trips() {
        for text in ["A1", "G16", "Z9", "AA10", "XFD1048576"] {
            let cell = CellRef::parse_a1(text).unwrap();
            assert_eq!(cell.to_string(), text);
        }
        assert_eq!(CellRef::parse_a1("$G$16"), Some(CellRef::new(15, 6)));
        assert_eq!(CellRef::parse_a1("16"), None);
        assert_eq!(CellRef::parse_a1("G0"), None);
        assert_eq!(CellRef::parse_a1("总计"), None);
        assert_eq!(CellRef::parse_a1("XFE1"), None, "beyond the last column");
        assert_eq!(CellRef::parse_a1("A1048577"), None, "beyond the last row");
    }

    #[test]
    fn letters_and_digits_convert_within_the_grid() {
        assert_eq!(column_index("A"), Some(0));
        assert_eq!(column_index("ab"), Some(27));
        assert_eq!(column_index("XFD"), Some(LAST_COL));
        for beyond in ["XFE", "AAAA", "", "A1", "É"] {
            assert_eq!(column_index(beyond), None, "{beyond}");
        }
        assert_eq!(row_index("1"), Some(0));
        assert_eq!(row_index("1048576"), Some(LAST_ROW));
        for beyond in ["0", "1048577", "", "1a", "99999999999"] {
            assert_eq!(row_index(beyond), None, "{beyond}");
        }
    }

    #[test]
    fn a_files_reference_names_cells_beyond_the_grid_too() {
        assert_eq!(
            CellRef::parse_anywhere("xfe5"),
            Some(CellRef::new(4, COLUMNS))
        );
        assert_eq!(CellRef::parse_anywhere("B3"), Some(CellRef::new(2, 1)));
        assert_eq!(
            CellRef::parse_anywhere("xfd1048576"),
            Some(CellRef::new(LAST_ROW, LAST_COL))
        );
        let garbage = ["", "A", "1", "A0", "$A$1", "A1B", "A-1", "AAAAAAAAA1"];
        for garbage in garbage.into_iter().chain(["A99999999999", "张1"]) {
            assert_eq!(CellRef::parse_anywhere(garbage), None, "{garbage}");
        }
    }
}
