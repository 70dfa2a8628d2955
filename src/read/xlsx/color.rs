//! Colours as styles.xml refers to them (RGB, a theme slot or a palette
//! index, each with an optional tint), resolved to RGB the way calamine
//! 0.38 resolves them, except that a workbook's own `<indexedColors>`
//! replaces the default palette, as it does in Excel.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use super::xml::{self, XmlReader};
use crate::model::style::Rgb;

/// A colour reference before the theme and palette are known: styles.xml
/// defines its palette after the fonts, fills and borders that use it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColorSpec {
    base: Base,
    tint: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Base {
    Rgb(Rgb),
    Theme(u8),
    Indexed(u8),
}

impl ColorSpec {
    /// The colour of an element such as `<color>`, `<fgColor>` or
    /// `<bgColor>`; `None` for an automatic colour or one that cannot be
    /// read. Like calamine, an unreadable `rgb` is not rescued by a `theme`
    /// or `indexed` attribute.
    pub fn of(element: &BytesStart<'_>) -> Option<Self> {
        let base = if let Some(rgb) = xml::raw_attribute(element, "rgb") {
            Base::Rgb(parse_hex(&rgb)?)
        } else if let Some(theme) = xml::raw_attribute(element, "theme") {
            Base::Theme(theme.parse().ok()?)
        } else {
            Base::Indexed(xml::raw_attribute(element, "indexed")?.parse().ok()?)
        };
        let tint = xml::raw_attribute(element, "tint")
            .and_then(|tint| tint.parse().ok())
            .unwrap_or(0.0);
        Some(Self { base, tint })
    }

    pub fn resolve(&self, palette: &Palette) -> Rgb {
        let color = match self.base {
            Base::Rgb(rgb) => rgb,
            Base::Theme(slot) => palette.theme_color(slot),
            Base::Indexed(index) => palette.indexed_color(index),
        };
        if self.tint == 0.0 || self.tint.is_nan() {
            color
        } else {
            apply_tint(color, self.tint)
        }
    }
}

/// The colours a workbook's styles can refer to by number.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// By `theme` attribute value.
    theme: Vec<Rgb>,
    /// The workbook's `<indexedColors>`, when it has them.
    indexed: Option<Vec<Rgb>>,
}

impl Default for Palette {
    fn default() -> Self {
        Self {
            theme: default_theme_colors(),
            indexed: None,
        }
    }
}

impl Palette {
    pub fn with_theme(theme: Vec<Rgb>) -> Self {
        Self {
            theme,
            indexed: None,
        }
    }

    pub fn set_indexed(&mut self, indexed: Vec<Rgb>) {
        if !indexed.is_empty() {
            self.indexed = Some(indexed);
        }
    }

    /// A slot the theme does not have is black.
    fn theme_color(&self, slot: u8) -> Rgb {
        self.theme.get(usize::from(slot)).copied().unwrap_or(Rgb(0))
    }

    /// ECMA-376 §18.8.27: 64 is the system foreground (black), 65 the
    /// system background (white); anything else outside the palette is
    /// black.
    pub(in crate::read) fn indexed_color(&self, index: u8) -> Rgb {
        let palette = self.indexed.as_deref().unwrap_or(&DEFAULT_INDEXED);
        match palette.get(usize::from(index)) {
            Some(color) => *color,
            None if index == 65 => Rgb(0xFFFFFF),
            None => Rgb(0),
        }
    }
}

pub(in crate::read) const DEFAULT_INDEXED: [Rgb; 64] = {
    const HEX: [u32; 64] = [
        0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x000000,
        0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0x800000, 0x008000,
        0x000080, 0x808000, 0x800080, 0x008080, 0xC0C0C0, 0x808080, 0x9999FF, 0x993366, 0xFFFFCC,
        0xCCFFFF, 0x660066, 0xFF8080, 0x0066CC, 0xCCCCFF, 0x000080, 0xFF00FF, 0xFFFF00, 0x00FFFF,
        0x800080, 0x800000, 0x008080, 0x0000FF, 0x00CCFF, 0xCCFFFF, 0xCCFFCC, 0xFFFF99, 0x99CCFF,
        0xFF99CC, 0xCC99FF, 0xFFCC99, 0x3366FF, 0x33CCCC, 0x99CC00, 0xFFCC00, 0xFF9900, 0xFF6600,
        0x666699, 0x969696, 0x003366, 0x339966, 0x003300, 0x333300, 0x993300, 0x993366, 0x333399,
        0x333333,
    ];
    let mut colors = [Rgb(0); 64];
    let mut i = 0;
    while i < 64 {
        colors[i] = Rgb(HEX[i]);
        i += 1;
    }
    colors
};

/// The default Office theme, by `theme` attribute value: Excel swaps the
/// first two pairs of the scheme's order (`theme="0"` is lt1, `1` is dk1,
/// `2` is lt2, `3` is dk2).
fn default_theme_colors() -> Vec<Rgb> {
    [
        0xFFFFFF, 0x000000, 0xEEECE1, 0x1F497D, 0x4F81BD, 0xC0504D, 0x9BBB59, 0x8064A2, 0x4BACC6,
        0xF79646, 0x0000FF, 0x800080,
    ]
    .map(Rgb)
    .to_vec()
}

/// The colour scheme of a theme part (`<a:clrScheme>`), by `theme`
/// attribute value; the default theme when the scheme has fewer than four
/// colours. A slot without a readable colour is black, so later slots keep
/// their numbers.
pub fn read_theme_colors<B: BufRead>(xml: &mut XmlReader<B>) -> Result<Vec<Rgb>, quick_xml::Error> {
    const SLOTS: [&str; 12] = [
        "dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5",
        "accent6", "hlink", "folHlink",
    ];
    let mut colors = Vec::new();
    let mut buf = Vec::new();
    let mut in_scheme = false;
    let mut slot_open = false;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) | Event::Empty(element) => {
                let name = element.local_name();
                let name = name.as_ref();
                if name == "clrScheme" {
                    in_scheme = true;
                } else if in_scheme && SLOTS.contains(&name) {
                    slot_open = true;
                } else if in_scheme && slot_open && matches!(name, "srgbClr" | "sysClr") {
                    let last = xml::raw_attribute(&element, "lastClr").and_then(|c| parse_hex(&c));
                    let value = || xml::raw_attribute(&element, "val").and_then(|c| parse_hex(&c));
                    if let Some(color) = last.or_else(value) {
                        colors.push(color);
                        slot_open = false;
                    }
                }
            }
            Event::End(element) => {
                let name = element.local_name();
                if name.as_ref() == "clrScheme" {
                    break;
                }
                if slot_open && SLOTS.contains(&name.as_ref()) {
                    colors.push(Rgb(0));
                    slot_open = false;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if colors.len() < 4 {
        return Ok(default_theme_colors());
    }
    colors.swap(0, 1);
    colors.swap(2, 3);
    Ok(colors)
}

/// The `<rgbColor rgb>` entries of `<indexedColors>`, read from inside it
/// up to its end.
pub fn read_indexed_colors<B: BufRead>(
    xml: &mut XmlReader<B>,
) -> Result<Vec<Rgb>, quick_xml::Error> {
    let mut colors = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "rgbColor" =>
            {
                let rgb = xml::raw_attribute(&element, "rgb").and_then(|c| parse_hex(&c));
                colors.push(rgb.unwrap_or(Rgb(0)));
            }
            Event::End(element) if element.local_name().as_ref() == "indexedColors" => {
                return Ok(colors);
            }
            Event::Eof => return Err(xml::unexpected_eof("indexedColors")),
            _ => {}
        }
    }
}

/// `RRGGBB` or `AARRGGBB`; the alpha is dropped, as Excel ignores it in
/// cell styles.
fn parse_hex(text: &str) -> Option<Rgb> {
    let rgb = match text.len() {
        6 => text,
        8 => text.get(2..)?,
        _ => return None,
    };
    if !rgb.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(rgb, 16).ok().map(Rgb)
}

/// ECMA-376 §18.8.19: the tint moves the luminance in HSL space, darker
/// for a negative tint, lighter for a positive one, keeping the hue.
fn apply_tint(color: Rgb, tint: f64) -> Rgb {
    let (hue, saturation, luminance) = rgb_to_hsl(color);
    let luminance = if tint < 0.0 {
        luminance * (1.0 + tint)
    } else {
        luminance * (1.0 - tint) + tint
    };
    hsl_to_rgb(hue, saturation, luminance.clamp(0.0, 1.0))
}

fn rgb_to_hsl(color: Rgb) -> (f64, f64, f64) {
    let channel = |shift: u32| f64::from((color.0 >> shift) as u8) / 255.0;
    let (r, g, b) = (channel(16), channel(8), channel(0));
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let luminance = (max + min) / 2.0;
    if max == min {
        return (0.0, 0.0, luminance);
    }
    let delta = max - min;
    let saturation = if luminance > 0.5 {
        delta / (2.0 - max - min)
    } else {
        delta / (max + min)
    };
    let hue = if max == r {
        (g - b) / delta + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / delta + 2.0
    } else {
        (r - g) / delta + 4.0
    };
    (hue / 6.0, saturation, luminance)
}

fn hsl_to_rgb(hue: f64, saturation: f64, luminance: f64) -> Rgb {
    // Truncation is exact: the value is rounded and clamped to 0..=255.
    let to_channel = |value: f64| (value * 255.0).round().clamp(0.0, 255.0) as u32;
    if saturation == 0.0 {
        let grey = to_channel(luminance);
        return Rgb(grey << 16 | grey << 8 | grey);
    }
    let q = if luminance < 0.5 {
        luminance * (1.0 + saturation)
    } else {
        luminance + saturation - luminance * saturation
    };
    let p = 2.0 * luminance - q;
    let channel = |hue: f64| {
        let hue = hue.rem_euclid(1.0);
        let value = if hue < 1.0 / 6.0 {
            p + (q - p) * 6.0 * hue
        } else if hue < 0.5 {
            q
        } else if hue < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - hue) * 6.0
        } else {
            p
        };
        to_channel(value)
    };
    Rgb(channel(hue + 1.0 / 3.0) << 16 | channel(hue) << 8 | channel(hue - 1.0 / 3.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(element: &str) -> Option<ColorSpec> {
        let mut xml = xml::reader(element.as_bytes());
        let mut buf = Vec::new();
        match xml.read_event_into(&mut buf).unwrap() {
            Event::Empty(element) => ColorSpec::of(&element),
            other => panic!("{other:?}"),
        }
    }

    fn resolve(element: &str, palette: &Palette) -> Option<u32> {
        spec(element).map(|spec| spec.resolve(palette).0)
    }

    #[test]
    fn colours_resolve_like_calamine() {
        let palette = Palette::default();
        assert_eq!(
            resolve(r#"<color rgb="FFC00000"/>"#, &palette),
            Some(0xC00000)
        );
        assert_eq!(
            resolve(r#"<color rgb="123456"/>"#, &palette),
            Some(0x123456)
        );
        assert_eq!(resolve(r#"<color rgb="zz" theme="1"/>"#, &palette), None);
        assert_eq!(resolve(r#"<color auto="1"/>"#, &palette), None);
        assert_eq!(resolve(r#"<color theme="1"/>"#, &palette), Some(0));
        assert_eq!(resolve(r#"<color theme="4"/>"#, &palette), Some(0x4F81BD));
        assert_eq!(resolve(r#"<color theme="40"/>"#, &palette), Some(0));
        assert_eq!(
            resolve(r#"<color indexed="10"/>"#, &palette),
            Some(0xFF0000)
        );
        assert_eq!(resolve(r#"<color indexed="64"/>"#, &palette), Some(0));
        assert_eq!(
            resolve(r#"<color indexed="65"/>"#, &palette),
            Some(0xFFFFFF)
        );
        // Excel's "white, darker 15%" and "blue, lighter 80%".
        assert_eq!(
            resolve(r#"<color theme="0" tint="-0.1499984740745262"/>"#, &palette),
            Some(0xD9D9D9)
        );
        assert_eq!(
            resolve(r#"<color theme="4" tint="0.7999816888943144"/>"#, &palette),
            Some(0xDCE6F2)
        );
    }

    #[test]
    fn a_workbook_palette_replaces_the_default_one() {
        let mut palette = Palette::default();
        let mut xml = xml::reader(
            &br#"<indexedColors><rgbColor rgb="FF010203"/><rgbColor rgb="bad"/></indexedColors>"#[..],
        );
        xml.read_event_into(&mut Vec::new()).unwrap();
        palette.set_indexed(read_indexed_colors(&mut xml).unwrap());
        assert_eq!(resolve(r#"<color indexed="0"/>"#, &palette), Some(0x010203));
        assert_eq!(resolve(r#"<color indexed="1"/>"#, &palette), Some(0));
        assert_eq!(
            resolve(r#"<color indexed="65"/>"#, &palette),
            Some(0xFFFFFF)
        );
    }

    #[test]
    fn theme_colours_come_in_excel_order() {
        let theme = r#"<a:theme xmlns:a="a"><a:themeElements><a:clrScheme name="Office">
            <a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>
            <a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
            <a:dk2><a:srgbClr val="44546A"/></a:dk2>
            <a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>
            <a:accent1><a:schemeClr val="x"/></a:accent1>
            <a:accent2><a:srgbClr val="ED7D31"/></a:accent2>
            </a:clrScheme></a:themeElements></a:theme>"#;
        let colors = read_theme_colors(&mut xml::reader(theme.as_bytes())).unwrap();
        let hex: Vec<u32> = colors.iter().map(|c| c.0).collect();
        assert_eq!(hex, vec![0xFFFFFF, 0, 0xE7E6E6, 0x44546A, 0, 0xED7D31]);
        let short = r#"<clrScheme><dk1><srgbClr val="000000"/></dk1></clrScheme>"#;
        let colors = read_theme_colors(&mut xml::reader(short.as_bytes())).unwrap();
        assert_eq!(colors, default_theme_colors());
    }
}
