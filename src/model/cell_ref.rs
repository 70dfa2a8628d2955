//! A1-style cell addresses, zero-based internally.

use std::fmt;

use serde::Serialize;

/// The last row and column of Excel's grid (1,048,576 and XFD), zero-based.
pub const LAST_ROW: u32 = 1_048_575;
pub const LAST_COL: u32 = 16_383;

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

    /// Parses "G16" or "$G$16"; `None` for anything else.
    pub fn parse_a1(text: &str) -> Option<Self> {
        let text = text.trim().replace('$', "");
        let letters: String = text
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let digits = &text[letters.len()..];
        if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
            return None;
        }
        let row: u32 = digits.parse().ok()?;
        let col = letters
            .to_ascii_uppercase()
            .bytes()
            .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
        (row >= 1).then(|| Self::new(row - 1, col - 1))
    }
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
    }
}
