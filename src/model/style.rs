//! Cell styles: what the annotated copy reproduces of how a cell looks
//! (font, fill, borders, alignment, number format, protection), with every
//! colour already resolved to RGB.
//!
//! A workbook has few distinct styles and many cells, so the styles live in
//! one table per workbook, shared by its sheets, and a cell only names the
//! entry it uses. Every field's default means "not set": a default
//! [`CellStyle`] asks the writer for nothing.

use std::sync::Arc;

use super::cell_ref::CellRef;

/// An RGB colour as `0xRRGGBB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u32);

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellStyle {
    pub font: Font,
    pub fill: Fill,
    pub borders: Borders,
    pub alignment: Alignment,
    pub number_format: NumberFormat,
    pub protection: Protection,
}

impl CellStyle {
    /// Whether the style shows on a cell without a value: a blank cell
    /// with a fill or a border is part of the form's layout.
    pub fn shows_when_blank(&self) -> bool {
        self.fill.is_visible() || self.borders.has_visible()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Font {
    pub name: Option<String>,
    /// In points.
    pub size: Option<f64>,
    pub family: Option<u8>,
    pub bold: bool,
    pub italic: bool,
    pub underline: Underline,
    pub strikethrough: bool,
    pub color: Option<Rgb>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Underline {
    #[default]
    None,
    Single,
    Double,
    SingleAccounting,
    DoubleAccounting,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fill {
    pub pattern: FillPattern,
    pub foreground: Option<Rgb>,
    pub background: Option<Rgb>,
}

impl Fill {
    /// A solid fill of one colour, as the audit marks cells.
    pub fn solid(color: Rgb) -> Self {
        Self {
            pattern: FillPattern::Solid,
            foreground: Some(color),
            background: None,
        }
    }

    /// Colours without a pattern do not show in Excel.
    pub fn is_visible(&self) -> bool {
        self.pattern != FillPattern::None
    }
}

/// The pattern types of ECMA-376 §18.18.55; gradients are not read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FillPattern {
    #[default]
    None,
    Solid,
    DarkGray,
    MediumGray,
    LightGray,
    Gray125,
    Gray0625,
    DarkHorizontal,
    DarkVertical,
    DarkDown,
    DarkUp,
    DarkGrid,
    DarkTrellis,
    LightHorizontal,
    LightVertical,
    LightDown,
    LightUp,
    LightGrid,
    LightTrellis,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Borders {
    pub left: Border,
    pub right: Border,
    pub top: Border,
    pub bottom: Border,
    pub diagonal_down: Border,
    pub diagonal_up: Border,
}

impl Borders {
    pub fn has_visible(&self) -> bool {
        [
            &self.left,
            &self.right,
            &self.top,
            &self.bottom,
            &self.diagonal_down,
            &self.diagonal_up,
        ]
        .iter()
        .any(|border| border.is_visible())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Border {
    pub style: BorderStyle,
    pub color: Option<Rgb>,
}

impl Border {
    pub fn is_visible(&self) -> bool {
        self.style != BorderStyle::None
    }
}

/// The line styles of ECMA-376 §18.18.3.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BorderStyle {
    #[default]
    None,
    Thin,
    Medium,
    Thick,
    Double,
    Hair,
    Dashed,
    Dotted,
    MediumDashed,
    DashDot,
    MediumDashDot,
    DashDotDot,
    MediumDashDotDot,
    SlantDashDot,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Alignment {
    pub horizontal: HorizontalAlignment,
    pub vertical: VerticalAlignment,
    pub wrap_text: bool,
    /// Indent level; 0 is none.
    pub indent: u8,
    /// As OOXML stores it: 1–90 degrees counter-clockwise, 91–180 are
    /// 1–90 degrees clockwise, 255 is stacked letters, 0 is none.
    pub rotation: u16,
    pub shrink_to_fit: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HorizontalAlignment {
    #[default]
    General,
    Left,
    Center,
    CenterContinuous,
    Right,
    Justify,
    Distributed,
    Fill,
}

/// Bottom is Excel's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum VerticalAlignment {
    #[default]
    Bottom,
    Top,
    Center,
    Justify,
    Distributed,
}

/// A number format: the built-in id the file refers to, if any, and the
/// code it stands for (the file's own definition, else the standard one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberFormat {
    pub id: Option<u32>,
    pub code: String,
}

impl NumberFormat {
    /// Whether the format shows numbers as Excel's "General" does, which
    /// leaves a date as a bare serial number.
    pub fn is_general(&self) -> bool {
        self.id == Some(0) || is_general_code(&self.code)
    }
}

pub fn is_general_code(code: &str) -> bool {
    code.is_empty() || code.eq_ignore_ascii_case("general")
}

/// The standard code of a built-in number format id (ECMA-376 §18.8.30);
/// `None` for custom ids and for the locale-dependent built-ins (27–36,
/// 50–58) that have no single code.
pub fn builtin_number_format(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
        42 => "_($* #,##0_);_($* (#,##0);_($* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
        44 => "_($* #,##0.00_);_($* (#,##0.00);_($* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// Cells are locked and their formulas visible unless the style says
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Protection {
    pub locked: bool,
    pub hidden: bool,
}

impl Default for Protection {
    fn default() -> Self {
        Self {
            locked: true,
            hidden: false,
        }
    }
}

/// The styles of one sheet: the workbook's table of styles and, for each
/// cell that names an entry other than the first, which one. The first
/// entry is the workbook's default style, which every other cell has.
#[derive(Debug, Clone, Default)]
pub struct SheetStyles {
    table: Arc<[CellStyle]>,
    /// Sorted by cell, one entry per cell.
    cells: Vec<(CellRef, u32)>,
}

impl SheetStyles {
    /// `cells` in any order; an index outside the table is left out (the
    /// cell keeps the default style), and of two entries for one cell the
    /// first wins.
    pub fn new(table: Arc<[CellStyle]>, mut cells: Vec<(CellRef, u32)>) -> Self {
        cells.retain(|(_, index)| *index != 0 && (*index as usize) < table.len());
        // Stream order is nearly always row-major already.
        if !cells.is_sorted_by_key(|(at, _)| *at) {
            cells.sort_by_key(|(at, _)| *at);
        }
        cells.dedup_by_key(|(at, _)| *at);
        cells.shrink_to_fit();
        Self { table, cells }
    }

    /// The index into [`Self::table`] of the style the cell has; `None`
    /// when the workbook has no styles (formats whose styles are not read).
    pub fn index_at(&self, at: CellRef) -> Option<usize> {
        if self.table.is_empty() {
            return None;
        }
        let index = self
            .cells
            .binary_search_by_key(&at, |(cell, _)| *cell)
            .map_or(0, |found| self.cells[found].1 as usize);
        Some(index)
    }

    pub fn get(&self, at: CellRef) -> Option<&CellStyle> {
        self.index_at(at).and_then(|index| self.table.get(index))
    }

    pub fn table(&self) -> &[CellStyle] {
        &self.table
    }

    /// Cells with a style other than the default, in row-major order.
    pub fn styled_cells(&self) -> impl Iterator<Item = (CellRef, &CellStyle)> {
        self.cells
            .iter()
            .filter_map(|(at, index)| Some((*at, self.table.get(*index as usize)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold() -> CellStyle {
        CellStyle {
            font: Font {
                bold: true,
                ..Font::default()
            },
            ..CellStyle::default()
        }
    }

    #[test]
    fn cells_without_an_entry_have_the_default_style() {
        let table: Arc<[CellStyle]> = vec![CellStyle::default(), bold()].into();
        let at = |row, col| CellRef::new(row, col);
        let styles = SheetStyles::new(
            table,
            vec![(at(2, 0), 1), (at(0, 1), 1), (at(0, 1), 0), (at(5, 5), 9)],
        );
        assert_eq!(styles.index_at(at(0, 1)), Some(1));
        assert_eq!(styles.index_at(at(2, 0)), Some(1));
        assert_eq!(styles.index_at(at(5, 5)), Some(0), "outside the table");
        assert_eq!(styles.get(at(9, 9)), Some(&CellStyle::default()));
        let styled: Vec<CellRef> = styles.styled_cells().map(|(at, _)| at).collect();
        assert_eq!(styled, vec![at(0, 1), at(2, 0)]);
        assert_eq!(SheetStyles::default().get(at(0, 0)), None);
    }
}
