//! Converts the cell styles the reader reads into rust_xlsxwriter formats,
//! so the annotated copy of a workbook looks like the original: reviewers
//! find their way around a 绩效考核表 by its borders, fills and fonts.
//!
//! The reader has already resolved theme and indexed colours to RGB, so
//! every colour is written as an explicit RGB value; the look is kept even
//! though the link to the theme is not.

use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, FormatDiagonalBorder, FormatPattern, FormatUnderline,
};

use crate::model::style::{
    Alignment, Border, BorderStyle, Borders, CellStyle, Fill, FillPattern, Font,
    HorizontalAlignment, NumberFormat, Protection, Rgb, Underline, VerticalAlignment,
    builtin_number_format, is_general_code,
};

/// Number formats below this id are Excel built-ins; writing them by id keeps
/// the locale-dependent ones (dates, CJK currency) locale-dependent.
const FIRST_CUSTOM_NUMBER_FORMAT: u32 = 164;

/// The rust_xlsxwriter format that reproduces a cell style.
pub fn to_format(style: &CellStyle) -> Format {
    let format = with_font(Format::new(), &style.font);
    let format = with_fill(format, &style.fill);
    let format = with_borders(format, &style.borders);
    let format = with_alignment(format, &style.alignment);
    let format = with_number_format(format, &style.number_format);
    with_protection(format, style.protection)
}

fn xlsx_color(color: Rgb) -> rust_xlsxwriter::Color {
    rust_xlsxwriter::Color::RGB(color.0)
}

fn with_font(mut format: Format, font: &Font) -> Format {
    if let Some(name) = font.name.as_deref().filter(|name| !name.is_empty()) {
        format = format.set_font_name(name);
    }
    if let Some(size) = font.size.filter(|size| size.is_finite() && *size > 0.0) {
        format = format.set_font_size(size);
    }
    if let Some(family) = font.family {
        format = format.set_font_family(family);
    }
    if font.bold {
        format = format.set_bold();
    }
    if font.italic {
        format = format.set_italic();
    }
    if let Some(underline) = underline(font.underline) {
        format = format.set_underline(underline);
    }
    if font.strikethrough {
        format = format.set_font_strikethrough();
    }
    if let Some(color) = font.color {
        format = format.set_font_color(xlsx_color(color));
    }
    format
}

fn underline(underline: Underline) -> Option<FormatUnderline> {
    match underline {
        Underline::Single => Some(FormatUnderline::Single),
        Underline::Double => Some(FormatUnderline::Double),
        Underline::SingleAccounting => Some(FormatUnderline::SingleAccounting),
        Underline::DoubleAccounting => Some(FormatUnderline::DoubleAccounting),
        Underline::None => None,
    }
}

fn with_fill(format: Format, fill: &Fill) -> Format {
    let Some(pattern) = pattern(fill.pattern) else {
        // Colours without a pattern are invisible in Excel, but
        // rust_xlsxwriter would turn them into a solid fill.
        return format;
    };
    let format = format.set_pattern(pattern);
    if pattern == FormatPattern::Solid {
        // A solid fill shows its foreground colour; rust_xlsxwriter swaps
        // the two colours of a solid fill when both are set, so set one.
        return match fill.foreground.or(fill.background) {
            Some(color) => format.set_foreground_color(xlsx_color(color)),
            None => format,
        };
    }
    let format = match fill.foreground {
        Some(color) => format.set_foreground_color(xlsx_color(color)),
        None => format,
    };
    match fill.background {
        Some(color) => format.set_background_color(xlsx_color(color)),
        None => format,
    }
}

fn pattern(pattern: FillPattern) -> Option<FormatPattern> {
    Some(match pattern {
        FillPattern::None => return None,
        FillPattern::Solid => FormatPattern::Solid,
        FillPattern::DarkGray => FormatPattern::DarkGray,
        FillPattern::MediumGray => FormatPattern::MediumGray,
        FillPattern::LightGray => FormatPattern::LightGray,
        FillPattern::Gray125 => FormatPattern::Gray125,
        FillPattern::Gray0625 => FormatPattern::Gray0625,
        FillPattern::DarkHorizontal => FormatPattern::DarkHorizontal,
        FillPattern::DarkVertical => FormatPattern::DarkVertical,
        FillPattern::DarkDown => FormatPattern::DarkDown,
        FillPattern::DarkUp => FormatPattern::DarkUp,
        FillPattern::DarkGrid => FormatPattern::DarkGrid,
        FillPattern::DarkTrellis => FormatPattern::DarkTrellis,
        FillPattern::LightHorizontal => FormatPattern::LightHorizontal,
        FillPattern::LightVertical => FormatPattern::LightVertical,
        FillPattern::LightDown => FormatPattern::LightDown,
        FillPattern::LightUp => FormatPattern::LightUp,
        FillPattern::LightGrid => FormatPattern::LightGrid,
        FillPattern::LightTrellis => FormatPattern::LightTrellis,
    })
}

fn with_borders(mut format: Format, borders: &Borders) -> Format {
    if let Some((style, color)) = side(&borders.left) {
        format = format.set_border_left(style);
        if let Some(color) = color {
            format = format.set_border_left_color(color);
        }
    }
    if let Some((style, color)) = side(&borders.right) {
        format = format.set_border_right(style);
        if let Some(color) = color {
            format = format.set_border_right_color(color);
        }
    }
    if let Some((style, color)) = side(&borders.top) {
        format = format.set_border_top(style);
        if let Some(color) = color {
            format = format.set_border_top_color(color);
        }
    }
    if let Some((style, color)) = side(&borders.bottom) {
        format = format.set_border_bottom(style);
        if let Some(color) = color {
            format = format.set_border_bottom_color(color);
        }
    }
    with_diagonal(format, borders)
}

/// Excel has one diagonal line style per cell, drawn up, down or both ways.
fn with_diagonal(format: Format, borders: &Borders) -> Format {
    let down = side(&borders.diagonal_down);
    let up = side(&borders.diagonal_up);
    let (kind, line) = match (down, up) {
        (Some(down), Some(_)) => (FormatDiagonalBorder::BorderUpDown, down),
        (Some(down), None) => (FormatDiagonalBorder::BorderDown, down),
        (None, Some(up)) => (FormatDiagonalBorder::BorderUp, up),
        (None, None) => return format,
    };
    let (style, color) = line;
    let format = format
        .set_border_diagonal(style)
        .set_border_diagonal_type(kind);
    match color {
        Some(color) => format.set_border_diagonal_color(color),
        None => format,
    }
}

/// A visible border side as rust_xlsxwriter wants it; `None` when absent.
fn side(border: &Border) -> Option<(FormatBorder, Option<rust_xlsxwriter::Color>)> {
    let style = match border.style {
        BorderStyle::None => return None,
        BorderStyle::Thin => FormatBorder::Thin,
        BorderStyle::Medium => FormatBorder::Medium,
        BorderStyle::Thick => FormatBorder::Thick,
        BorderStyle::Double => FormatBorder::Double,
        BorderStyle::Hair => FormatBorder::Hair,
        BorderStyle::Dashed => FormatBorder::Dashed,
        BorderStyle::Dotted => FormatBorder::Dotted,
        BorderStyle::MediumDashed => FormatBorder::MediumDashed,
        BorderStyle::DashDot => FormatBorder::DashDot,
        BorderStyle::MediumDashDot => FormatBorder::MediumDashDot,
        BorderStyle::DashDotDot => FormatBorder::DashDotDot,
        BorderStyle::MediumDashDotDot => FormatBorder::MediumDashDotDot,
        BorderStyle::SlantDashDot => FormatBorder::SlantDashDot,
    };
    Some((style, border.color.map(xlsx_color)))
}

fn with_alignment(mut format: Format, alignment: &Alignment) -> Format {
    if let Some(horizontal) = horizontal(alignment.horizontal) {
        format = format.set_align(horizontal);
    }
    if let Some(vertical) = vertical(alignment.vertical) {
        format = format.set_align(vertical);
    }
    if alignment.wrap_text {
        format = format.set_text_wrap();
    }
    if alignment.indent > 0 {
        format = format.set_indent(alignment.indent);
    }
    if let Some(rotation) = rotation(alignment.rotation) {
        format = format.set_rotation(rotation);
    }
    if alignment.shrink_to_fit {
        format = format.set_shrink();
    }
    format
}

fn horizontal(alignment: HorizontalAlignment) -> Option<FormatAlign> {
    match alignment {
        HorizontalAlignment::General => None,
        HorizontalAlignment::Left => Some(FormatAlign::Left),
        HorizontalAlignment::Center => Some(FormatAlign::Center),
        HorizontalAlignment::CenterContinuous => Some(FormatAlign::CenterAcross),
        HorizontalAlignment::Right => Some(FormatAlign::Right),
        HorizontalAlignment::Justify => Some(FormatAlign::Justify),
        HorizontalAlignment::Distributed => Some(FormatAlign::Distributed),
        HorizontalAlignment::Fill => Some(FormatAlign::Fill),
    }
}

/// Bottom is Excel's default and is left implicit, as Excel does.
fn vertical(alignment: VerticalAlignment) -> Option<FormatAlign> {
    match alignment {
        VerticalAlignment::Bottom => None,
        VerticalAlignment::Top => Some(FormatAlign::Top),
        VerticalAlignment::Center => Some(FormatAlign::VerticalCenter),
        VerticalAlignment::Justify => Some(FormatAlign::VerticalJustify),
        VerticalAlignment::Distributed => Some(FormatAlign::VerticalDistributed),
    }
}

/// Stacked text (255 in OOXML) is 270 to rust_xlsxwriter, degrees
/// clockwise (91–180) are negative; rust_xlsxwriter prints to stderr on
/// anything outside -90..=90 and 270, so out-of-range values are dropped.
fn rotation(rotation: u16) -> Option<i16> {
    match rotation {
        degrees @ 1..=90 => i16::try_from(degrees).ok(),
        degrees @ 91..=180 => i16::try_from(degrees).ok().map(|d| 90 - d),
        255 => Some(270),
        _ => None,
    }
}

/// A built-in id is kept as an id when its code is the standard one (or
/// has none, which the reader gives as "General"), so locale-dependent
/// formats such as 14 (a short date) keep following the reader's locale. A
/// different code under a built-in id means the file redefined it, as
/// Chinese Excel does for 41–44 with ¥ accounting formats: then the code is
/// what the cells look like, and it is written out in full.
fn with_number_format(format: Format, number_format: &NumberFormat) -> Format {
    let code = number_format.code.as_str();
    let builtin_id = number_format
        .id
        .filter(|id| *id < FIRST_CUSTOM_NUMBER_FORMAT && is_standard_code(*id, code))
        .and_then(|id| u8::try_from(id).ok());
    match builtin_id {
        Some(0) => format,
        Some(id) => format.set_num_format_index(id),
        None if is_general_code(code) => format,
        None => format.set_num_format(code),
    }
}

fn is_standard_code(id: u32, code: &str) -> bool {
    is_general_code(code) || builtin_number_format(id) == Some(code)
}

/// Cells are locked and visible unless the style says otherwise.
fn with_protection(mut format: Format, protection: Protection) -> Format {
    if !protection.locked {
        format = format.set_unlocked();
    }
    if protection.hidden {
        format = format.set_hidden();
    }
    format
}

#[cfg(test)]
mod tests {
    use rust_xlsxwriter::Color as XColor;

    use super::*;
    use crate::model::CellRef;
    use crate::read::xlsx::read_xlsx_from;

    /// Formats exercising every group of properties, one per row of column A.
    fn sample_formats() -> Vec<Format> {
        vec![
            Format::new()
                .set_font_name("宋体")
                .set_font_size(14)
                .set_bold()
                .set_italic()
                .set_underline(FormatUnderline::Double)
                .set_font_strikethrough()
                .set_font_color(XColor::RGB(0xC00000)),
            Format::new().set_background_color(XColor::RGB(0xFFEB9C)),
            Format::new()
                .set_pattern(FormatPattern::DarkTrellis)
                .set_foreground_color(XColor::RGB(0x112233))
                .set_background_color(XColor::RGB(0x445566)),
            Format::new()
                .set_border_left(FormatBorder::Thin)
                .set_border_right(FormatBorder::Medium)
                .set_border_right_color(XColor::RGB(0x0000FF))
                .set_border_top(FormatBorder::Dashed)
                .set_border_bottom(FormatBorder::Double)
                .set_border_bottom_color(XColor::RGB(0xFF0000))
                .set_border_diagonal(FormatBorder::Thin)
                .set_border_diagonal_type(FormatDiagonalBorder::BorderUpDown),
            Format::new()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            Format::new()
                .set_align(FormatAlign::Left)
                .set_indent(2)
                .set_shrink(),
            Format::new().set_rotation(45),
            Format::new().set_rotation(-30),
            Format::new().set_rotation(270),
            Format::new().set_num_format("0.00%"),
            Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\""),
            Format::new().set_num_format_index(14),
            Format::new().set_unlocked().set_hidden(),
        ]
    }

    /// Writes one cell per format and returns the styles read back.
    fn round_trip(formats: &[Format]) -> Vec<CellStyle> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (row, format) in (0u32..).zip(formats) {
            sheet.write_number_with_format(row, 0, 1.0, format).unwrap();
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let contents = read_xlsx_from(std::io::Cursor::new(bytes)).unwrap();
        let sheet = &contents.sheets[0];
        (0u32..)
            .take(formats.len())
            .map(|row| sheet.style(CellRef::new(row, 0)).cloned().unwrap())
            .collect()
    }

    #[test]
    fn styles_survive_a_second_round_trip() {
        let first = round_trip(&sample_formats());
        let converted: Vec<Format> = first.iter().map(to_format).collect();
        let second = round_trip(&converted);
        for (row, (before, after)) in first.iter().zip(&second).enumerate() {
            assert_eq!(before, after, "style of row {row} changed");
        }
    }

    #[test]
    fn individual_properties_map_as_expected() {
        let styles = round_trip(&sample_formats());
        let copied = round_trip(&styles.iter().map(to_format).collect::<Vec<_>>());

        let font = &copied[0].font;
        assert_eq!(font.name.as_deref(), Some("宋体"));
        assert_eq!(font.size, Some(14.0));
        assert!(font.bold && font.italic && font.strikethrough);
        assert_eq!(font.underline, Underline::Double);
        assert_eq!(font.color, Some(Rgb(0xC00000)));

        let fill = &copied[1].fill;
        assert_eq!(fill.pattern, FillPattern::Solid);
        assert_eq!(fill.foreground, Some(Rgb(0xFFEB9C)));

        let fill = &copied[2].fill;
        assert_eq!(fill.pattern, FillPattern::DarkTrellis);
        assert_eq!(fill.foreground, Some(Rgb(0x112233)));
        assert_eq!(fill.background, Some(Rgb(0x445566)));

        let borders = &copied[3].borders;
        assert_eq!(borders.left.style, BorderStyle::Thin);
        assert_eq!(borders.right.style, BorderStyle::Medium);
        assert_eq!(borders.right.color, Some(Rgb(0x0000FF)));
        assert_eq!(borders.top.style, BorderStyle::Dashed);
        assert_eq!(borders.bottom.color, Some(Rgb(0xFF0000)));
        assert_eq!(borders.diagonal_up.style, BorderStyle::Thin);
        assert_eq!(borders.diagonal_down.style, BorderStyle::Thin);

        let alignment = copied[4].alignment;
        assert_eq!(alignment.horizontal, HorizontalAlignment::Center);
        assert_eq!(alignment.vertical, VerticalAlignment::Center);
        assert!(alignment.wrap_text);
        let alignment = copied[5].alignment;
        assert_eq!(alignment.indent, 2);
        assert!(alignment.shrink_to_fit);

        let rotation = |row: usize| copied[row].alignment.rotation;
        assert_eq!(rotation(6), 45);
        assert_eq!(rotation(7), 120);
        assert_eq!(rotation(8), 255);

        let code = |row: usize| &copied[row].number_format;
        assert_eq!(code(9).code, "0.00%");
        assert_eq!(code(10).code, "yyyy\"年\"m\"月\"d\"日\"");
        assert_eq!(code(11).id, Some(14));

        assert_eq!(
            copied[12].protection,
            Protection {
                locked: false,
                hidden: true
            }
        );
    }

    #[test]
    fn the_default_style_gives_the_default_format() {
        assert_eq!(to_format(&CellStyle::default()), Format::new());
    }

    #[test]
    fn redefined_builtin_number_formats_are_written_as_codes() {
        let number_format = |id: u32, code: &str| NumberFormat {
            id: Some(id),
            code: code.to_string(),
        };
        let yuan = "_ \"¥\"* #,##0.00_ ;_ \"¥\"* \\-#,##0.00_ ;_ \"¥\"* \"-\"??_ ;_ @_ ";
        assert_eq!(
            with_number_format(Format::new(), &number_format(44, yuan)),
            Format::new().set_num_format(yuan)
        );
        assert_eq!(
            with_number_format(Format::new(), &number_format(14, "mm-dd-yy")),
            Format::new().set_num_format_index(14)
        );
        // A CJK built-in without a standard code stays a built-in.
        assert_eq!(
            with_number_format(Format::new(), &number_format(31, "General")),
            Format::new().set_num_format_index(31)
        );
        assert_eq!(
            with_number_format(Format::new(), &number_format(0, "General")),
            Format::new()
        );
        assert_eq!(
            with_number_format(Format::new(), &number_format(176, "0.0分")),
            Format::new().set_num_format("0.0分")
        );
    }

    #[test]
    fn rotations_outside_excel_range_are_dropped() {
        assert_eq!(rotation(0), None);
        assert_eq!(rotation(90), Some(90));
        assert_eq!(rotation(91), Some(-1));
        assert_eq!(rotation(180), Some(-90));
        assert_eq!(rotation(200), None);
    }
}
