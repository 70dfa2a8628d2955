//! Converts the cell styles calamine reads into rust_xlsxwriter formats, so
//! the annotated copy of a workbook looks like the original: reviewers find
//! their way around a 绩效考核表 by its borders, fills and fonts.
//!
//! calamine has already resolved theme and indexed colours to RGB, so every
//! colour is written as an explicit RGB value; the look is kept even though
//! the link to the theme is not.

use calamine::{
    Alignment, Border, BorderStyle, Borders, Color, Fill, FillPattern, Font, HorizontalAlignment,
    NumberFormat, Protection, Style, TextRotation, UnderlineStyle, VerticalAlignment,
};
use rust_xlsxwriter::{
    Format, FormatAlign, FormatBorder, FormatDiagonalBorder, FormatPattern, FormatUnderline,
};

/// Number formats below this id are Excel built-ins; writing them by id keeps
/// the locale-dependent ones (dates, CJK currency) locale-dependent.
const FIRST_CUSTOM_NUMBER_FORMAT: u32 = 164;

/// The rust_xlsxwriter format that reproduces a calamine style.
pub fn to_format(style: &Style) -> Format {
    let mut format = Format::new();
    if let Some(font) = &style.font {
        format = with_font(format, font);
    }
    if let Some(fill) = &style.fill {
        format = with_fill(format, fill);
    }
    if let Some(borders) = &style.borders {
        format = with_borders(format, borders);
    }
    if let Some(alignment) = &style.alignment {
        format = with_alignment(format, alignment);
    }
    if let Some(number_format) = &style.number_format {
        format = with_number_format(format, number_format);
    }
    if let Some(protection) = &style.protection {
        format = with_protection(format, protection);
    }
    format
}

/// The RGB colour rust_xlsxwriter writes; calamine's alpha is dropped since
/// Excel ignores it in cell styles.
pub fn xlsx_color(color: Color) -> rust_xlsxwriter::Color {
    rust_xlsxwriter::Color::RGB(color.to_argb() & 0x00FF_FFFF)
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
    if font.is_bold() {
        format = format.set_bold();
    }
    if font.is_italic() {
        format = format.set_italic();
    }
    if let Some(underline) = underline(font.underline) {
        format = format.set_underline(underline);
    }
    if font.has_strikethrough() {
        format = format.set_font_strikethrough();
    }
    if let Some(color) = font.color {
        format = format.set_font_color(xlsx_color(color));
    }
    format
}

fn underline(underline: UnderlineStyle) -> Option<FormatUnderline> {
    match underline {
        UnderlineStyle::Single => Some(FormatUnderline::Single),
        UnderlineStyle::Double => Some(FormatUnderline::Double),
        UnderlineStyle::SingleAccounting => Some(FormatUnderline::SingleAccounting),
        UnderlineStyle::DoubleAccounting => Some(FormatUnderline::DoubleAccounting),
        _ => None,
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
        return match fill.foreground_color.or(fill.background_color) {
            Some(color) => format.set_foreground_color(xlsx_color(color)),
            None => format,
        };
    }
    let format = match fill.foreground_color {
        Some(color) => format.set_foreground_color(xlsx_color(color)),
        None => format,
    };
    match fill.background_color {
        Some(color) => format.set_background_color(xlsx_color(color)),
        None => format,
    }
}

fn pattern(pattern: FillPattern) -> Option<FormatPattern> {
    Some(match pattern {
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
        _ => return None,
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
        _ => return None,
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
    if let Some(indent) = alignment.indent.filter(|indent| *indent > 0) {
        format = format.set_indent(indent);
    }
    if let Some(rotation) = rotation(alignment.text_rotation) {
        format = format.set_rotation(rotation);
    }
    if alignment.shrink_to_fit {
        format = format.set_shrink();
    }
    format
}

fn horizontal(alignment: HorizontalAlignment) -> Option<FormatAlign> {
    match alignment {
        HorizontalAlignment::Left => Some(FormatAlign::Left),
        HorizontalAlignment::Center => Some(FormatAlign::Center),
        HorizontalAlignment::CenterContinuous => Some(FormatAlign::CenterAcross),
        HorizontalAlignment::Right => Some(FormatAlign::Right),
        HorizontalAlignment::Justify => Some(FormatAlign::Justify),
        HorizontalAlignment::Distributed => Some(FormatAlign::Distributed),
        HorizontalAlignment::Fill => Some(FormatAlign::Fill),
        _ => None,
    }
}

/// Bottom is Excel's default and is left implicit, as Excel does.
fn vertical(alignment: VerticalAlignment) -> Option<FormatAlign> {
    match alignment {
        VerticalAlignment::Top => Some(FormatAlign::Top),
        VerticalAlignment::Center => Some(FormatAlign::VerticalCenter),
        VerticalAlignment::Justify => Some(FormatAlign::VerticalJustify),
        VerticalAlignment::Distributed => Some(FormatAlign::VerticalDistributed),
        _ => None,
    }
}

/// OOXML stores 1–90 as counter-clockwise degrees, 91–180 as 1–90 degrees
/// clockwise and 255 as stacked letters; rust_xlsxwriter takes -90..=90 and
/// 270 and prints to stderr on anything else, so out-of-range values are
/// dropped here.
fn rotation(rotation: TextRotation) -> Option<i16> {
    match rotation {
        TextRotation::Degrees(degrees @ 1..=90) => i16::try_from(degrees).ok(),
        TextRotation::Degrees(degrees @ 91..=180) => i16::try_from(degrees).ok().map(|d| 90 - d),
        TextRotation::Stacked => Some(270),
        _ => None,
    }
}

/// A built-in id is kept as an id when its code is the standard one (or
/// unknown to calamine, which then says "General"), so locale-dependent
/// formats such as 14 (a short date) keep following the reader's locale. A
/// different code under a built-in id means the file redefined it, as
/// Chinese Excel does for 41–44 with ¥ accounting formats: then the code is
/// what the cells look like, and it is written out in full.
fn with_number_format(format: Format, number_format: &NumberFormat) -> Format {
    let code = number_format.format_code.as_str();
    let builtin_id = number_format
        .format_id
        .filter(|id| *id < FIRST_CUSTOM_NUMBER_FORMAT && is_standard_code(*id, code))
        .and_then(|id| u8::try_from(id).ok());
    match builtin_id {
        Some(0) => format,
        Some(id) => format.set_num_format_index(id),
        None if is_general(code) => format,
        None => format.set_num_format(code),
    }
}

fn is_general(code: &str) -> bool {
    code.is_empty() || code.eq_ignore_ascii_case("general")
}

fn is_standard_code(id: u32, code: &str) -> bool {
    is_general(code)
        || BUILTIN_CODES
            .iter()
            .any(|(builtin, standard)| *builtin == id && *standard == code)
}

/// ECMA-376 §18.8.30 codes of the built-in ids, as calamine fills them in
/// for an id the file does not define.
const BUILTIN_CODES: [(u32, &str); 31] = [
    (1, "0"),
    (2, "0.00"),
    (3, "#,##0"),
    (4, "#,##0.00"),
    (9, "0%"),
    (10, "0.00%"),
    (11, "0.00E+00"),
    (12, "# ?/?"),
    (13, "# ??/??"),
    (14, "mm-dd-yy"),
    (15, "d-mmm-yy"),
    (16, "d-mmm"),
    (17, "mmm-yy"),
    (18, "h:mm AM/PM"),
    (19, "h:mm:ss AM/PM"),
    (20, "h:mm"),
    (21, "h:mm:ss"),
    (22, "m/d/yy h:mm"),
    (37, "#,##0 ;(#,##0)"),
    (38, "#,##0 ;[Red](#,##0)"),
    (39, "#,##0.00;(#,##0.00)"),
    (40, "#,##0.00;[Red](#,##0.00)"),
    (41, "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)"),
    (42, "_($* #,##0_);_($* (#,##0);_($* \"-\"_);_(@_)"),
    (43, "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)"),
    (44, "_($* #,##0.00_);_($* (#,##0.00);_($* \"-\"??_);_(@_)"),
    (45, "mm:ss"),
    (46, "[h]:mm:ss"),
    (47, "mmss.0"),
    (48, "##0.0E+0"),
    (49, "@"),
];

/// Cells are locked and visible unless the style says otherwise.
fn with_protection(mut format: Format, protection: &Protection) -> Format {
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
    use calamine::{Xlsx, open_workbook};
    use rust_xlsxwriter::Color as XColor;

    use super::*;

    fn temp_path(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("kpi-style-{}-{name}", std::process::id()))
    }

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

    /// Writes one cell per format and returns the styles calamine reads back.
    fn round_trip(formats: &[Format], name: &str) -> Vec<Style> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (row, format) in (0u32..).zip(formats) {
            sheet.write_number_with_format(row, 0, 1.0, format).unwrap();
        }
        let path = temp_path(name);
        workbook.save(&path).unwrap();
        let mut xlsx: Xlsx<_> = open_workbook(&path).unwrap();
        let styles = xlsx.worksheet_style("Sheet1").unwrap();
        std::fs::remove_file(&path).unwrap();
        (0u32..)
            .take(formats.len())
            .map(|row| styles.get((row, 0)).cloned().unwrap_or_default())
            .collect()
    }

    #[test]
    fn styles_survive_a_second_round_trip() {
        let first = round_trip(&sample_formats(), "first.xlsx");
        let converted: Vec<Format> = first.iter().map(to_format).collect();
        let second = round_trip(&converted, "second.xlsx");
        for (row, (before, after)) in first.iter().zip(&second).enumerate() {
            assert_eq!(before, after, "style of row {row} changed");
        }
    }

    #[test]
    fn individual_properties_map_as_expected() {
        let styles = round_trip(&sample_formats(), "props.xlsx");
        let copied = round_trip(&styles.iter().map(to_format).collect::<Vec<_>>(), "p2.xlsx");

        let font = copied[0].font.as_ref().unwrap();
        assert_eq!(font.name.as_deref(), Some("宋体"));
        assert_eq!(font.size, Some(14.0));
        assert!(font.is_bold() && font.is_italic() && font.has_strikethrough());
        assert_eq!(font.underline, UnderlineStyle::Double);
        assert_eq!(font.color, Some(Color::rgb(0xC0, 0, 0)));

        let fill = copied[1].fill.as_ref().unwrap();
        assert_eq!(fill.pattern, FillPattern::Solid);
        assert_eq!(fill.foreground_color, Some(Color::rgb(0xFF, 0xEB, 0x9C)));

        let fill = copied[2].fill.as_ref().unwrap();
        assert_eq!(fill.pattern, FillPattern::DarkTrellis);
        assert_eq!(fill.foreground_color, Some(Color::rgb(0x11, 0x22, 0x33)));
        assert_eq!(fill.background_color, Some(Color::rgb(0x44, 0x55, 0x66)));

        let borders = copied[3].borders.as_ref().unwrap();
        assert_eq!(borders.left.style, BorderStyle::Thin);
        assert_eq!(borders.right.style, BorderStyle::Medium);
        assert_eq!(borders.right.color, Some(Color::rgb(0, 0, 0xFF)));
        assert_eq!(borders.top.style, BorderStyle::Dashed);
        assert_eq!(borders.bottom.color, Some(Color::rgb(0xFF, 0, 0)));
        assert_eq!(borders.diagonal_up.style, BorderStyle::Thin);
        assert_eq!(borders.diagonal_down.style, BorderStyle::Thin);

        let alignment = copied[4].alignment.as_ref().unwrap();
        assert_eq!(alignment.horizontal, HorizontalAlignment::Center);
        assert_eq!(alignment.vertical, VerticalAlignment::Center);
        assert!(alignment.wrap_text);
        let alignment = copied[5].alignment.as_ref().unwrap();
        assert_eq!(alignment.indent, Some(2));
        assert!(alignment.shrink_to_fit);

        let rotation = |row: usize| copied[row].alignment.as_ref().unwrap().text_rotation;
        assert_eq!(rotation(6), TextRotation::Degrees(45));
        assert_eq!(rotation(7), TextRotation::Degrees(120));
        assert_eq!(rotation(8), TextRotation::Stacked);

        let code = |row: usize| copied[row].number_format.as_ref().unwrap();
        assert_eq!(code(9).format_code, "0.00%");
        assert_eq!(code(10).format_code, "yyyy\"年\"m\"月\"d\"日\"");
        assert_eq!(code(11).format_id, Some(14));

        let protection = copied[12].protection.as_ref().unwrap();
        assert!(!protection.locked && protection.hidden);
    }

    #[test]
    fn the_default_style_gives_the_default_format() {
        assert_eq!(to_format(&Style::default()), Format::new());
    }

    #[test]
    fn redefined_builtin_number_formats_are_written_as_codes() {
        let number_format = |id: u32, code: &str| {
            let mut number_format = NumberFormat::default();
            number_format.format_id = Some(id);
            number_format.format_code = code.to_string();
            number_format
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
        // A CJK built-in calamine has no code for stays a built-in.
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
        assert_eq!(rotation(TextRotation::Degrees(0)), None);
        assert_eq!(rotation(TextRotation::Degrees(90)), Some(90));
        assert_eq!(rotation(TextRotation::Degrees(91)), Some(-1));
        assert_eq!(rotation(TextRotation::Degrees(180)), Some(-90));
        assert_eq!(rotation(TextRotation::Degrees(200)), None);
    }
}
