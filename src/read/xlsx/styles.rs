//! The cell styles of `styles.xml`: one [`CellStyle`] per `<xf>` of
//! `<cellXfs>` (the `s` attribute of a cell is an index into them), built
//! from the fonts, fills, borders and number formats the `<xf>` refers to,
//! as calamine 0.38 builds its styles.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use super::color::{self, ColorSpec, Palette};
use super::number_format::{is_builtin_date, is_date_code};
use super::xml::{self, XmlReader};
use crate::model::style::{
    Alignment, Border, BorderStyle, Borders, CellStyle, Fill, FillPattern, Font,
    HorizontalAlignment, NumberFormat, Protection, Underline, VerticalAlignment,
    builtin_number_format,
};

/// The workbook's styles, by `s` index.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    pub table: Arc<[CellStyle]>,
    /// Whether the style's number format shows a date or time.
    dates: Vec<bool>,
}

impl Styles {
    pub fn is_date(&self, index: usize) -> bool {
        self.dates.get(index).copied().unwrap_or(false)
    }
}

/// Reads `styles.xml`; `theme` is the workbook's theme colours.
pub fn read_styles<B: BufRead>(
    xml: &mut XmlReader<B>,
    theme: Palette,
) -> Result<Styles, quick_xml::Error> {
    let mut parts = StyleParts {
        palette: theme,
        ..StyleParts::default()
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) => match element.local_name().as_ref() {
                "styleSheet" | "colors" => {}
                "numFmts" => read_number_formats(xml, &mut parts.number_formats)?,
                "fonts" => read_list(xml, "fonts", "font", &mut parts.fonts, read_font)?,
                "fills" => read_list(xml, "fills", "fill", &mut parts.fills, read_fill)?,
                "borders" => read_list(xml, "borders", "border", &mut parts.borders, read_border)?,
                "cellXfs" => read_list(xml, "cellXfs", "xf", &mut parts.xfs, read_xf)?,
                "indexedColors" => parts.palette.set_indexed(color::read_indexed_colors(xml)?),
                // Other sections (cell style xfs, differential formats)
                // hold fonts and xfs of their own, which must not be taken
                // for the cells' ones.
                _ => xml::skip_element(xml, &element, &mut Vec::new())?,
            },
            Event::Eof => return Ok(parts.build()),
            _ => {}
        }
    }
}

/// What styles.xml lists, before its colours can be resolved: the palette
/// comes after the fonts, fills and borders that use it.
#[derive(Debug, Default)]
struct StyleParts {
    palette: Palette,
    number_formats: HashMap<u32, String>,
    fonts: Vec<FontPart>,
    fills: Vec<FillPart>,
    borders: Vec<BordersPart>,
    xfs: Vec<XfPart>,
}

#[derive(Debug, Default)]
struct FontPart {
    font: Font,
    color: Option<ColorSpec>,
}

#[derive(Debug, Default)]
struct FillPart {
    pattern: FillPattern,
    foreground: Option<ColorSpec>,
    background: Option<ColorSpec>,
}

#[derive(Debug, Default)]
struct BordersPart {
    /// Left, right, top, bottom, diagonal down, diagonal up.
    sides: [(BorderStyle, Option<ColorSpec>); 6],
}

#[derive(Debug, Default)]
struct XfPart {
    number_format: Option<u32>,
    font: Option<usize>,
    fill: Option<usize>,
    border: Option<usize>,
    alignment: Alignment,
    protection: Protection,
}

impl StyleParts {
    fn build(self) -> Styles {
        let fonts: Vec<Font> = self
            .fonts
            .iter()
            .map(|f| f.resolve(&self.palette))
            .collect();
        let fills: Vec<Fill> = self
            .fills
            .iter()
            .map(|f| f.resolve(&self.palette))
            .collect();
        let borders: Vec<Borders> = self
            .borders
            .iter()
            .map(|b| b.resolve(&self.palette))
            .collect();
        let mut table = Vec::with_capacity(self.xfs.len());
        let mut dates = Vec::with_capacity(self.xfs.len());
        for xf in &self.xfs {
            let custom_code = xf.number_format.and_then(|id| self.number_formats.get(&id));
            dates.push(match (xf.number_format, custom_code) {
                (_, Some(code)) => is_date_code(code),
                (Some(id), None) => is_builtin_date(id),
                (None, None) => false,
            });
            table.push(CellStyle {
                font: pick(&fonts, xf.font),
                fill: pick(&fills, xf.fill),
                borders: pick(&borders, xf.border),
                alignment: xf.alignment,
                number_format: xf
                    .number_format
                    .map(|id| number_format(id, custom_code))
                    .unwrap_or_default(),
                protection: xf.protection,
            });
        }
        Styles {
            table: table.into(),
            dates,
        }
    }
}

/// Format `id`: the workbook's own code for it, else the standard one, else
/// General.
pub(in crate::read) fn number_format(id: u32, custom_code: Option<&String>) -> NumberFormat {
    NumberFormat {
        id: Some(id),
        code: custom_code
            .cloned()
            .or_else(|| builtin_number_format(id).map(str::to_string))
            .unwrap_or_else(|| "General".to_string()),
    }
}

/// The item an xf refers to; none when the index is missing or beyond the
/// list.
fn pick<T: Clone + Default>(items: &[T], index: Option<usize>) -> T {
    index
        .and_then(|index| items.get(index))
        .cloned()
        .unwrap_or_default()
}

impl FontPart {
    fn resolve(&self, palette: &Palette) -> Font {
        Font {
            color: self.color.map(|c| c.resolve(palette)),
            ..self.font.clone()
        }
    }
}

impl FillPart {
    fn resolve(&self, palette: &Palette) -> Fill {
        Fill {
            pattern: self.pattern,
            foreground: self.foreground.map(|c| c.resolve(palette)),
            background: self.background.map(|c| c.resolve(palette)),
        }
    }
}

impl BordersPart {
    fn resolve(&self, palette: &Palette) -> Borders {
        borders(self.sides.map(|(style, color)| Border {
            style,
            color: color.map(|c| c.resolve(palette)),
        }))
    }
}

/// Left, right, top, bottom, diagonal down and diagonal up, in the order
/// both file formats list them.
pub(in crate::read) fn borders(sides: [Border; 6]) -> Borders {
    let [left, right, top, bottom, diagonal_down, diagonal_up] = sides;
    Borders {
        left,
        right,
        top,
        bottom,
        diagonal_down,
        diagonal_up,
    }
}

fn read_number_formats<B: BufRead>(
    xml: &mut XmlReader<B>,
    formats: &mut HashMap<u32, String>,
) -> Result<(), quick_xml::Error> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "numFmt" =>
            {
                let id = xml::numeric_attribute(&element, "numFmtId");
                let code = xml::attribute(&element, "formatCode");
                if let (Some(id), Some(code)) = (id, code) {
                    formats.insert(id, code.into_owned());
                }
            }
            Event::End(element) if element.local_name().as_ref() == "numFmts" => return Ok(()),
            Event::Eof => return Err(xml::unexpected_eof("numFmts")),
            _ => {}
        }
    }
}

/// Reads the items of a list section such as `<fonts>`, in order: `read`
/// gets each item's start element and, when the item is not empty, reads up
/// to its end.
fn read_list<B: BufRead, T: Default>(
    xml: &mut XmlReader<B>,
    list: &str,
    item: &str,
    items: &mut Vec<T>,
    read: fn(&mut XmlReader<B>, &BytesStart<'_>, bool) -> Result<T, quick_xml::Error>,
) -> Result<(), quick_xml::Error> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) if element.local_name().as_ref() == item => {
                items.push(read(xml, &element, true)?);
            }
            Event::Empty(element) if element.local_name().as_ref() == item => {
                items.push(read(xml, &element, false)?);
            }
            Event::End(element) if element.local_name().as_ref() == list => return Ok(()),
            Event::Eof => return Err(xml::unexpected_eof(list)),
            _ => {}
        }
    }
}

/// Calls `visit` with every element inside the item just opened, up to its
/// end; nothing when the item is empty.
fn for_each_child<B: BufRead>(
    xml: &mut XmlReader<B>,
    item: &BytesStart<'_>,
    has_children: bool,
    mut visit: impl FnMut(&mut XmlReader<B>, &BytesStart<'_>, bool) -> Result<(), quick_xml::Error>,
) -> Result<(), quick_xml::Error> {
    if !has_children {
        return Ok(());
    }
    let end = item.local_name().as_ref().to_string();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(child) => visit(xml, &child, true)?,
            Event::Empty(child) => visit(xml, &child, false)?,
            Event::End(element) if element.local_name().as_ref() == end => return Ok(()),
            Event::Eof => return Err(xml::unexpected_eof(&end)),
            _ => {}
        }
    }
}

fn read_font<B: BufRead>(
    xml: &mut XmlReader<B>,
    start: &BytesStart<'_>,
    has_children: bool,
) -> Result<FontPart, quick_xml::Error> {
    let mut part = FontPart::default();
    for_each_child(xml, start, has_children, |_, child, _| {
        let value = xml::attribute(child, "val");
        let value = value.as_deref();
        let font = &mut part.font;
        match child.local_name().as_ref() {
            "name" => {
                if let Some(name) = value {
                    font.name = Some(name.to_string());
                }
            }
            "sz" => {
                if let Some(size) = value.and_then(|v| v.parse().ok()) {
                    font.size = Some(size);
                }
            }
            "b" => font.bold = value.is_none_or(is_bold),
            "i" => {
                font.italic = value.is_none_or(|v| matches!(v, "italic" | "oblique" | "1" | "true"))
            }
            "u" => font.underline = value.map_or(Underline::Single, underline),
            "strike" => font.strikethrough = value.is_none_or(is_true),
            "color" => {
                if let Some(color) = ColorSpec::of(child) {
                    part.color = Some(color);
                }
            }
            "family" => {
                if let Some(family) = value.and_then(|v| v.parse().ok()) {
                    font.family = Some(family);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(part)
}

/// `<b val>`: an OOXML boolean, a CSS-like name or a numeric weight.
fn is_bold(value: &str) -> bool {
    match value {
        "bold" | "700" | "1" | "true" => true,
        "normal" | "400" | "0" | "false" => false,
        weight => weight.parse::<u16>().is_ok_and(|weight| weight >= 600),
    }
}

/// An OOXML boolean as calamine reads one: anything but `0` or `false`.
fn is_true(value: &str) -> bool {
    !matches!(value, "0" | "false")
}

fn underline(value: &str) -> Underline {
    match value {
        "single" => Underline::Single,
        "double" => Underline::Double,
        "singleAccounting" => Underline::SingleAccounting,
        "doubleAccounting" => Underline::DoubleAccounting,
        _ => Underline::None,
    }
}

/// A pattern fill; gradient fills are not read and leave the cell unfilled.
fn read_fill<B: BufRead>(
    xml: &mut XmlReader<B>,
    start: &BytesStart<'_>,
    has_children: bool,
) -> Result<FillPart, quick_xml::Error> {
    let mut part = FillPart::default();
    for_each_child(xml, start, has_children, |_, child, _| {
        match child.local_name().as_ref() {
            "patternFill" => {
                if let Some(pattern) = xml::raw_attribute(child, "patternType") {
                    part.pattern = fill_pattern(&pattern);
                }
            }
            "fgColor" => part.foreground = ColorSpec::of(child).or(part.foreground),
            "bgColor" => part.background = ColorSpec::of(child).or(part.background),
            _ => {}
        }
        Ok(())
    })?;
    Ok(part)
}

fn fill_pattern(value: &str) -> FillPattern {
    match value {
        "solid" => FillPattern::Solid,
        "darkGray" => FillPattern::DarkGray,
        "mediumGray" => FillPattern::MediumGray,
        "lightGray" => FillPattern::LightGray,
        "gray125" => FillPattern::Gray125,
        "gray0625" => FillPattern::Gray0625,
        "darkHorizontal" => FillPattern::DarkHorizontal,
        "darkVertical" => FillPattern::DarkVertical,
        "darkDown" => FillPattern::DarkDown,
        "darkUp" => FillPattern::DarkUp,
        "darkGrid" => FillPattern::DarkGrid,
        "darkTrellis" => FillPattern::DarkTrellis,
        "lightHorizontal" => FillPattern::LightHorizontal,
        "lightVertical" => FillPattern::LightVertical,
        "lightDown" => FillPattern::LightDown,
        "lightUp" => FillPattern::LightUp,
        "lightGrid" => FillPattern::LightGrid,
        "lightTrellis" => FillPattern::LightTrellis,
        _ => FillPattern::None,
    }
}

/// A `<border>`: its `diagonalUp`/`diagonalDown` attributes say which ways
/// the one `<diagonal>` line is drawn. Strict OOXML names the left and right
/// sides `start` and `end`.
fn read_border<B: BufRead>(
    xml: &mut XmlReader<B>,
    start: &BytesStart<'_>,
    has_children: bool,
) -> Result<BordersPart, quick_xml::Error> {
    let flag = |name| xml::attribute(start, name).is_some_and(|v| is_true(&v));
    let (down, up) = (flag("diagonalDown"), flag("diagonalUp"));
    let mut part = BordersPart::default();
    for_each_child(xml, start, has_children, |xml, side, side_has_children| {
        let sides: &[usize] = match side.local_name().as_ref() {
            "left" | "start" => &[0],
            "right" | "end" => &[1],
            "top" => &[2],
            "bottom" => &[3],
            "diagonal" => match (down, up) {
                (true, true) => &[4, 5],
                (true, false) => &[4],
                (false, true) => &[5],
                (false, false) => &[],
            },
            _ => return Ok(()),
        };
        let style =
            xml::raw_attribute(side, "style").map_or(BorderStyle::None, |s| border_style(&s));
        let mut color = None;
        for_each_child(xml, side, side_has_children, |_, child, _| {
            if child.local_name().as_ref() == "color" {
                color = ColorSpec::of(child).or(color);
            }
            Ok(())
        })?;
        for &index in sides {
            part.sides[index] = (style, color);
        }
        Ok(())
    })?;
    Ok(part)
}

fn border_style(value: &str) -> BorderStyle {
    match value {
        "thin" => BorderStyle::Thin,
        "medium" => BorderStyle::Medium,
        "thick" => BorderStyle::Thick,
        "double" => BorderStyle::Double,
        "hair" => BorderStyle::Hair,
        "dashed" => BorderStyle::Dashed,
        "dotted" => BorderStyle::Dotted,
        "mediumDashed" => BorderStyle::MediumDashed,
        "dashDot" => BorderStyle::DashDot,
        "mediumDashDot" => BorderStyle::MediumDashDot,
        "dashDotDot" => BorderStyle::DashDotDot,
        "mediumDashDotDot" => BorderStyle::MediumDashDotDot,
        "slantDashDot" => BorderStyle::SlantDashDot,
        _ => BorderStyle::None,
    }
}

fn read_xf<B: BufRead>(
    xml: &mut XmlReader<B>,
    start: &BytesStart<'_>,
    has_children: bool,
) -> Result<XfPart, quick_xml::Error> {
    let index = |name| xml::numeric_attribute::<usize>(start, name);
    let mut part = XfPart {
        number_format: xml::numeric_attribute(start, "numFmtId"),
        font: index("fontId"),
        fill: index("fillId"),
        border: index("borderId"),
        ..XfPart::default()
    };
    for_each_child(xml, start, has_children, |_, child, _| {
        match child.local_name().as_ref() {
            "alignment" => part.alignment = alignment(child),
            "protection" => part.protection = protection(child),
            _ => {}
        }
        Ok(())
    })?;
    Ok(part)
}

fn alignment(element: &BytesStart<'_>) -> Alignment {
    let value = |name| xml::attribute(element, name);
    let flag = |name| value(name).is_some_and(|v| is_true(&v));
    let rotation = value("textRotation").and_then(|v| v.parse().ok());
    Alignment {
        horizontal: value("horizontal").map_or(HorizontalAlignment::General, |v| {
            match v.as_ref() {
                "left" => HorizontalAlignment::Left,
                "center" => HorizontalAlignment::Center,
                "centerContinuous" => HorizontalAlignment::CenterContinuous,
                "right" => HorizontalAlignment::Right,
                "justify" => HorizontalAlignment::Justify,
                "distributed" => HorizontalAlignment::Distributed,
                "fill" => HorizontalAlignment::Fill,
                _ => HorizontalAlignment::General,
            }
        }),
        vertical: value("vertical").map_or(VerticalAlignment::Bottom, |v| match v.as_ref() {
            "top" => VerticalAlignment::Top,
            "center" => VerticalAlignment::Center,
            "justify" => VerticalAlignment::Justify,
            "distributed" => VerticalAlignment::Distributed,
            _ => VerticalAlignment::Bottom,
        }),
        wrap_text: flag("wrapText"),
        indent: value("indent").and_then(|v| v.parse().ok()).unwrap_or(0),
        rotation: rotation.unwrap_or(0),
        shrink_to_fit: flag("shrinkToFit"),
    }
}

fn protection(element: &BytesStart<'_>) -> Protection {
    let flag = |name| xml::attribute(element, name).map(|v| is_true(&v));
    Protection {
        locked: flag("locked").unwrap_or(true),
        hidden: flag("hidden").unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::style::Rgb;

    const STYLES: &str = r#"<styleSheet xmlns="x">
        <numFmts count="2"><numFmt numFmtId="176" formatCode="0.0&quot;分&quot;"/>
          <numFmt numFmtId="177" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>
        <fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="2"/></font>
          <font><b/><i val="0"/><u val="double"/><strike/><sz val="16"/><color theme="4" tint="0.5"/><name val="黑体"/></font>
          <font/></fonts>
        <fills count="3"><fill><patternFill patternType="none"/></fill>
          <fill><patternFill patternType="gray125"/></fill>
          <fill><patternFill patternType="solid"><fgColor indexed="13"/><bgColor indexed="64"/></patternFill></fill>
          <fill><gradientFill><stop position="0"><color rgb="FF0000FF"/></stop></gradientFill></fill></fills>
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>
          <border diagonalUp="1"><left style="thin"><color rgb="FFFF0000"/></left><end style="medium"/>
            <top style="bogus"/><bottom style="double"><color auto="1"/></bottom>
            <diagonal style="dashed"/></border></borders>
        <cellStyleXfs count="1"><xf numFmtId="14" fontId="1" fillId="2" borderId="1"/></cellStyleXfs>
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
          <xf numFmtId="176" fontId="1" fillId="2" borderId="1" applyFont="1">
            <alignment horizontal="center" vertical="center" wrapText="1" textRotation="255" indent="2"/>
            <protection locked="0" hidden="1"/></xf>
          <xf numFmtId="31" fontId="9"/><xf numFmtId="177"/><xf/></cellXfs>
        <dxfs count="1"><dxf><font><b/></font></dxf></dxfs>
        <colors><indexedColors><rgbColor rgb="FF000000"/><rgbColor rgb="FFFFFFFF"/>
          <rgbColor rgb="FFFF0000"/><rgbColor rgb="FF00FF00"/><rgbColor rgb="FF0000FF"/>
          <rgbColor rgb="FFFFFF00"/><rgbColor rgb="FFFF00FF"/><rgbColor rgb="FF00FFFF"/>
          <rgbColor rgb="FF000000"/><rgbColor rgb="FFFFFFFF"/><rgbColor rgb="FFFF0000"/>
          <rgbColor rgb="FF00FF00"/><rgbColor rgb="FF0000FF"/><rgbColor rgb="FF123456"/>
          </indexedColors></colors>
        </styleSheet>"#;

    fn styles() -> Styles {
        read_styles(&mut xml::reader(STYLES.as_bytes()), Palette::default()).unwrap()
    }

    #[test]
    fn xfs_combine_their_parts() {
        let styles = styles();
        assert_eq!(styles.table.len(), 5);
        let plain = &styles.table[0];
        assert_eq!(plain.font.name.as_deref(), Some("宋体"));
        assert_eq!((plain.font.size, plain.font.family), (Some(11.0), Some(2)));
        assert_eq!(plain.number_format.id, Some(0));
        assert!(!plain.fill.is_visible() && !plain.borders.has_visible());

        let marked = &styles.table[1];
        let font = &marked.font;
        assert!(font.bold && !font.italic && font.strikethrough);
        assert_eq!(font.underline, Underline::Double);
        assert_eq!(font.color, Some(Rgb(0xA7C0DE)), "accent 1, lighter 50%");
        assert_eq!(marked.fill.pattern, FillPattern::Solid);
        assert_eq!(
            marked.fill.foreground,
            Some(Rgb(0x123456)),
            "the file's palette"
        );
        assert_eq!(marked.fill.background, Some(Rgb(0)));
        let borders = &marked.borders;
        assert_eq!(
            (borders.left.style, borders.left.color),
            (BorderStyle::Thin, Some(Rgb(0xFF0000)))
        );
        assert_eq!(borders.right.style, BorderStyle::Medium);
        assert_eq!(borders.top.style, BorderStyle::None);
        assert_eq!(
            (borders.bottom.style, borders.bottom.color),
            (BorderStyle::Double, None)
        );
        assert_eq!(borders.diagonal_up.style, BorderStyle::Dashed);
        assert_eq!(borders.diagonal_down.style, BorderStyle::None);
        let alignment = marked.alignment;
        assert_eq!(alignment.horizontal, HorizontalAlignment::Center);
        assert_eq!(alignment.vertical, VerticalAlignment::Center);
        assert!(alignment.wrap_text && !alignment.shrink_to_fit);
        assert_eq!((alignment.rotation, alignment.indent), (255, 2));
        assert_eq!(
            marked.protection,
            Protection {
                locked: false,
                hidden: true
            }
        );
        assert_eq!(marked.number_format.code, "0.0\"分\"");
        assert_eq!(marked.number_format.id, Some(176));

        let cjk_date = &styles.table[2];
        assert_eq!(cjk_date.font, Font::default(), "font 9 does not exist");
        assert_eq!(cjk_date.number_format.code, "General");
        assert_eq!(styles.table[4], CellStyle::default());
    }

    #[test]
    fn date_formats_are_known_per_xf() {
        let styles = styles();
        let dates: Vec<bool> = (0..6).map(|i| styles.is_date(i)).collect();
        assert_eq!(dates, vec![false, false, true, true, false, false]);
    }

    #[test]
    fn damaged_styles_are_an_error() {
        let truncated = &STYLES[..STYLES.find("<cellXfs").unwrap() + 30];
        assert!(read_styles(&mut xml::reader(truncated.as_bytes()), Palette::default()).is_err());
    }
}
