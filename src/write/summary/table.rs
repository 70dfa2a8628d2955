//! A sheet written as one table: a bold header row that stays in view, an
//! autofilter over the rows written, number formats for scores, money and
//! counts, and column widths fitted to what the columns hold (CJK text
//! counting double).

use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet, XlsxError};

use crate::write::{CELL_TEXT_LIMIT, fit_text};

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// Scores and totals: 0.00.
    Score,
    /// Money: #,##0.00.
    Money,
    /// Counts and ranks: 0.
    Count,
}

impl Style {
    /// The format that shows a number this way.
    pub(super) fn format(self) -> Format {
        Format::new().set_num_format(match self {
            Style::Score => "0.00",
            Style::Money => "#,##0.00",
            Style::Count => "0",
        })
    }
}

/// Header text wider than this wraps onto a second line.
const HEADER_WRAP: f64 = 14.0;
/// Room for the autofilter button beside a header.
const FILTER_BUTTON: f64 = 3.0;
const NARROWEST: f64 = 6.0;
/// Tables up to this wide print one page wide; wider ones (the summary
/// with every form's indicators) print at full size across pages.
const FIT_TO_PAGE: f64 = 220.0;
/// Points per line of header text.
const LINE_HEIGHT: f64 = 15.0;

pub(super) struct Table<'a> {
    sheet: &'a mut Worksheet,
    headers: Vec<f64>,
    widths: Vec<f64>,
    widest: Vec<f64>,
    last_row: u32,
    formats: [Format; 3],
    /// The number style each column shows by default: a number in that
    /// style is written without a format of its own, because the writer
    /// hashes every format it is given, which took most of the time of a
    /// summary with 100,000 rows.
    column_styles: Vec<Option<Style>>,
}

impl<'a> Table<'a> {
    /// Names the sheet and writes its header row.
    pub(super) fn new(
        sheet: &'a mut Worksheet,
        name: &str,
        headers: &[&str],
    ) -> Result<Self, XlsxError> {
        sheet.set_name(name)?;
        let format = header_format();
        for (col, header) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, column(col), *header, &format)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let headers: Vec<f64> = headers.iter().map(|h| display_width(h)).collect();
        let widths = headers
            .iter()
            .map(|width| width.min(HEADER_WRAP) + FILTER_BUTTON)
            .collect();
        Ok(Table {
            column_styles: vec![None; headers.len()],
            widest: vec![50.0; headers.len()],
            widths,
            headers,
            sheet,
            last_row: 0,
            formats: [Style::Score, Style::Money, Style::Count].map(Style::format),
        })
    }

    /// Caps how wide a column may grow (long messages wrap instead).
    pub(super) fn widest(&mut self, col: usize, width: f64) {
        if let Some(widest) = self.widest.get_mut(col) {
            *widest = width;
        }
    }

    pub(super) fn text(
        &mut self,
        row: u32,
        col: usize,
        text: &str,
        format: Option<&Format>,
    ) -> Result<(), XlsxError> {
        let text = fit_text(text, CELL_TEXT_LIMIT);
        let text = text.as_ref();
        match format {
            Some(format) => self
                .sheet
                .write_string_with_format(row, column(col), text, format)?,
            None => self.sheet.write_string(row, column(col), text)?,
        };
        self.fit(row, col, display_width(text));
        Ok(())
    }

    pub(super) fn number(
        &mut self,
        row: u32,
        col: usize,
        value: f64,
        style: Style,
    ) -> Result<(), XlsxError> {
        let format = &self.formats[style as usize];
        match self.column_styles.get_mut(col) {
            Some(Some(default)) if *default == style => {
                self.sheet.write_number(row, column(col), value)?;
            }
            Some(default @ None) => {
                self.sheet.set_column_format(column(col), format)?;
                *default = Some(style);
                self.sheet.write_number(row, column(col), value)?;
            }
            _ => {
                self.sheet
                    .write_number_with_format(row, column(col), value, format)?;
            }
        }
        self.fit(row, col, number_width(value, style));
        Ok(())
    }

    /// A number in its own format (one that shows it as `style` does, with
    /// a fill, say); `style` sizes the column.
    pub(super) fn number_with_format(
        &mut self,
        row: u32,
        col: usize,
        value: f64,
        style: Style,
        format: &Format,
    ) -> Result<(), XlsxError> {
        self.sheet
            .write_number_with_format(row, column(col), value, format)?;
        self.fit(row, col, number_width(value, style));
        Ok(())
    }

    fn fit(&mut self, row: u32, col: usize, width: f64) {
        self.last_row = self.last_row.max(row);
        if let Some(current) = self.widths.get_mut(col) {
            *current = current.max(width + 1.0);
        }
    }

    /// Sets the widths, the header row's height and the autofilter over
    /// every row written; gives the sheet back for anything more.
    pub(super) fn finish(self) -> Result<&'a mut Worksheet, XlsxError> {
        let mut lines = 1.0_f64;
        let mut total = 0.0;
        for (col, width) in self.widths.iter().enumerate() {
            let widest = self.widest.get(col).copied().unwrap_or(50.0);
            let width = width.clamp(NARROWEST, widest.max(NARROWEST));
            self.sheet.set_column_width(column(col), width)?;
            total += width;
            let header = self.headers.get(col).copied().unwrap_or_default();
            let room = (width - FILTER_BUTTON).max(1.0);
            lines = lines.max((header / room).ceil());
        }
        self.sheet.set_row_height(0, LINE_HEIGHT * lines)?;
        let last_col = column(self.widths.len().saturating_sub(1));
        self.sheet.autofilter(0, 0, self.last_row, last_col)?;
        self.sheet.set_landscape().set_repeat_rows(0, 0)?;
        if total <= FIT_TO_PAGE {
            self.sheet.set_print_fit_to_pages(1, 0);
        }
        Ok(self.sheet)
    }
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
}

/// A column index as the writer takes it; sheets never reach 16,384
/// columns, and past that the writer reports the error.
pub(super) fn column(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// How many Latin-digit widths a text takes: CJK and full-width characters
/// count two. The widest line of a text with line breaks.
pub(super) fn display_width(text: &str) -> f64 {
    text.lines()
        .map(|line| line.chars().map(char_width).sum::<f64>())
        .fold(0.0, f64::max)
}

fn char_width(c: char) -> f64 {
    let wide = matches!(
        u32::from(c),
        0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD
    );
    if wide { 2.0 } else { 1.0 }
}

/// The width of a number as its format shows it.
fn number_width(value: f64, style: Style) -> f64 {
    let shown = match style {
        Style::Count => format!("{value:.0}"),
        Style::Score | Style::Money => format!("{value:.2}"),
    };
    let digits = shown
        .trim_start_matches('-')
        .split('.')
        .next()
        .map_or(0, str::len);
    let separators = match style {
        Style::Money => digits.saturating_sub(1) / 3,
        Style::Score | Style::Count => 0,
    };
    (shown.len() + separators) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(display_width("张伟"), 4.0);
        assert_eq!(display_width("A 组"), 4.0);
        assert_eq!(display_width("ab\n张伟张"), 6.0);
    }

    #[test]
    fn money_counts_its_separators() {
        assert_eq!(number_width(1234567.5, Style::Money), 12.0);
        assert_eq!(number_width(-200.0, Style::Money), 7.0);
        assert_eq!(number_width(12.0, Style::Count), 2.0);
    }
}
