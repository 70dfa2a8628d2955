//! FONT, FORMAT, XF and PALETTE records, and the table of cell styles they
//! make: one [`CellStyle`] per XF, so that a cell record's XF index is its
//! index into the table.

use std::collections::HashMap;
use std::sync::Arc;

use super::records::{read_characters, read_string, read_u8, read_u16, read_u32};
use crate::model::style::{
    Alignment, Border, BorderStyle, CellStyle, Fill, FillPattern, Font, HorizontalAlignment,
    Protection, Rgb, Underline, VerticalAlignment,
};
use crate::read::xlsx::color::{DEFAULT_INDEXED, Palette};
use crate::read::xlsx::styles::{borders, number_format};

/// BIFF8 has no number for more (XF indexes are 16-bit): a longer list is
/// garbage and must not grow the table without bound.
const MAX_ENTRIES: usize = 1 << 16;
/// Palette indexes from 64 up are the system's window colours: "automatic".
const FIRST_SYSTEM_COLOR: u16 = 64;
/// XF parent index of a style XF, which has none.
const NO_PARENT: u16 = 0x0FFF;

/// The style records of the workbook globals, as they come.
#[derive(Debug, Default)]
pub struct StyleRecords {
    fonts: Vec<FontRecord>,
    formats: HashMap<u32, String>,
    xfs: Vec<XfRecord>,
    palette: Option<Vec<Rgb>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct FontRecord {
    font: Font,
    color: u16,
}

/// An XF as stored: indexes and palette numbers not yet resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct XfRecord {
    font: u16,
    format: u16,
    parent: Option<u16>,
    /// Which groups a cell XF sets itself rather than taking from its
    /// parent style, in [`Group`] bit order.
    own_groups: u8,
    alignment: Alignment,
    protection: Protection,
    /// Left, right, top, bottom, diagonal down, diagonal up: line style
    /// and palette index.
    borders: [(BorderStyle, u16); 6],
    pattern: FillPattern,
    foreground: u16,
    background: u16,
}

/// The attribute groups of an XF, by their "used" bit in byte 9.
#[derive(Debug, Clone, Copy)]
enum Group {
    Format = 0x04,
    Font = 0x08,
    Alignment = 0x10,
    Border = 0x20,
    Fill = 0x40,
    Protection = 0x80,
}

impl StyleRecords {
    pub fn add_font(&mut self, data: &[u8]) {
        if self.fonts.len() < MAX_ENTRIES
            && let Some(font) = read_font(data)
        {
            self.fonts.push(font);
        }
    }

    pub fn add_format(&mut self, data: &[u8]) {
        if self.formats.len() < MAX_ENTRIES
            && let (Some(id), Some(code)) = (read_u16(data, 0), read_string(data, 2))
        {
            self.formats.insert(u32::from(id), code);
        }
    }

    /// A damaged XF still takes its place, so that later XFs keep their
    /// indexes.
    pub fn add_xf(&mut self, data: &[u8]) {
        if self.xfs.len() < MAX_ENTRIES {
            self.xfs.push(read_xf(data).unwrap_or_default());
        }
    }

    /// PALETTE: colours 8 to 63; 0 to 7 are fixed.
    pub fn set_palette(&mut self, data: &[u8]) {
        let Some(count) = read_u16(data, 0) else {
            return;
        };
        let mut colors = DEFAULT_INDEXED.to_vec();
        let stored = data.get(2..).unwrap_or_default().chunks_exact(4);
        for (slot, rgb) in colors[8..].iter_mut().zip(stored.take(usize::from(count))) {
            *slot = Rgb(u32::from(rgb[0]) << 16 | u32::from(rgb[1]) << 8 | u32::from(rgb[2]));
        }
        self.palette = Some(colors);
    }

    pub fn build(&self) -> Arc<[CellStyle]> {
        let mut palette = Palette::default();
        if let Some(colors) = &self.palette {
            palette.set_indexed(colors.clone());
        }
        let color = |index: u16| {
            let index = u8::try_from(index)
                .ok()
                .filter(|i| u16::from(*i) < FIRST_SYSTEM_COLOR)?;
            Some(palette.indexed_color(index))
        };
        self.xfs
            .iter()
            .map(|xf| self.resolve(&self.inherited(xf), &color))
            .collect()
    }

    /// A cell XF with the groups it does not set taken from its parent
    /// style, as Excel shows it.
    fn inherited(&self, xf: &XfRecord) -> XfRecord {
        let Some(parent) = xf.parent.and_then(|p| self.xfs.get(usize::from(p))) else {
            return *xf;
        };
        let own = |group: Group| xf.own_groups & group as u8 != 0;
        let mut merged = *xf;
        if !own(Group::Format) {
            merged.format = parent.format;
        }
        if !own(Group::Font) {
            merged.font = parent.font;
        }
        if !own(Group::Alignment) {
            merged.alignment = parent.alignment;
        }
        if !own(Group::Border) {
            merged.borders = parent.borders;
        }
        if !own(Group::Fill) {
            (merged.pattern, merged.foreground, merged.background) =
                (parent.pattern, parent.foreground, parent.background);
        }
        if !own(Group::Protection) {
            merged.protection = parent.protection;
        }
        merged
    }

    fn resolve(&self, xf: &XfRecord, color: &impl Fn(u16) -> Option<Rgb>) -> CellStyle {
        let sides = xf.borders.map(|(style, index)| Border {
            style,
            // A side without a line has no colour to show.
            color: color(index).filter(|_| style != BorderStyle::None),
        });
        CellStyle {
            font: self.font(xf.font, color),
            fill: Fill {
                pattern: xf.pattern,
                foreground: color(xf.foreground),
                background: color(xf.background),
            },
            borders: borders(sides),
            alignment: xf.alignment,
            number_format: number_format(
                u32::from(xf.format),
                self.formats.get(&u32::from(xf.format)),
            ),
            protection: xf.protection,
        }
    }

    /// Font indexes skip 4: the fifth FONT record is number 5.
    fn font(&self, index: u16, color: &impl Fn(u16) -> Option<Rgb>) -> Font {
        let position = match index {
            0..4 => usize::from(index),
            4 => return Font::default(),
            _ => usize::from(index) - 1,
        };
        self.fonts
            .get(position)
            .map_or_else(Font::default, |f| Font {
                color: color(f.color),
                ..f.font.clone()
            })
    }
}

fn read_font(data: &[u8]) -> Option<FontRecord> {
    let height = read_u16(data, 0)?;
    let flags = read_u16(data, 2)?;
    let color = read_u16(data, 4)?;
    let weight = read_u16(data, 6)?;
    let underline = read_u8(data, 10)?;
    let family = read_u8(data, 11)?;
    let name_length = usize::from(read_u8(data, 14)?);
    let font = Font {
        name: read_characters(data, 15, name_length).filter(|name| !name.is_empty()),
        size: (height > 0).then(|| f64::from(height) / 20.0),
        family: (family > 0).then_some(family),
        bold: weight >= 600,
        italic: flags & 0x0002 != 0,
        underline: match underline {
            0x01 => Underline::Single,
            0x02 => Underline::Double,
            0x21 => Underline::SingleAccounting,
            0x22 => Underline::DoubleAccounting,
            _ => Underline::None,
        },
        strikethrough: flags & 0x0008 != 0,
        color: None,
    };
    Some(FontRecord { font, color })
}

fn read_xf(data: &[u8]) -> Option<XfRecord> {
    let font = read_u16(data, 0)?;
    let format = read_u16(data, 2)?;
    let kind = read_u16(data, 4)?;
    let align = read_u8(data, 6)?;
    let rotation = read_u8(data, 7)?;
    let indent = read_u8(data, 8)?;
    let own_groups = read_u8(data, 9)?;
    let lines = read_u32(data, 10)?;
    let more_lines = read_u32(data, 14)?;
    let colors = read_u16(data, 18)?;
    let is_style = kind & 0x0004 != 0;
    let parent = kind >> 4;
    let bits = |value: u32, shift: u32, width: u32| (value >> shift) & ((1 << width) - 1);
    // Truncations are exact: each field is at most 7 bits wide.
    let index = |value: u32, shift: u32| bits(value, shift, 7) as u16;
    let line = |value: u32, shift: u32| border_style(bits(value, shift, 4));
    let diagonal = (line(more_lines, 21), index(more_lines, 14));
    let (down, up) = (lines & 0x4000_0000 != 0, lines & 0x8000_0000 != 0);
    let none = (BorderStyle::None, 0);
    Some(XfRecord {
        font,
        format,
        parent: (!is_style && parent != NO_PARENT).then_some(parent),
        own_groups,
        alignment: Alignment {
            horizontal: horizontal(align & 0x07),
            vertical: vertical((align >> 4) & 0x07),
            wrap_text: align & 0x08 != 0,
            indent: indent & 0x0F,
            rotation: u16::from(rotation),
            shrink_to_fit: indent & 0x10 != 0,
        },
        protection: Protection {
            locked: kind & 0x0001 != 0,
            hidden: kind & 0x0002 != 0,
        },
        borders: [
            (line(lines, 0), index(lines, 16)),
            (line(lines, 4), index(lines, 23)),
            (line(lines, 8), index(more_lines, 0)),
            (line(lines, 12), index(more_lines, 7)),
            if down { diagonal } else { none },
            if up { diagonal } else { none },
        ],
        pattern: fill_pattern(bits(more_lines, 26, 6)),
        foreground: colors & 0x7F,
        background: (colors >> 7) & 0x7F,
    })
}

fn horizontal(code: u8) -> HorizontalAlignment {
    match code {
        1 => HorizontalAlignment::Left,
        2 => HorizontalAlignment::Center,
        3 => HorizontalAlignment::Right,
        4 => HorizontalAlignment::Fill,
        5 => HorizontalAlignment::Justify,
        6 => HorizontalAlignment::CenterContinuous,
        7 => HorizontalAlignment::Distributed,
        _ => HorizontalAlignment::General,
    }
}

fn vertical(code: u8) -> VerticalAlignment {
    match code {
        0 => VerticalAlignment::Top,
        1 => VerticalAlignment::Center,
        3 => VerticalAlignment::Justify,
        4 => VerticalAlignment::Distributed,
        _ => VerticalAlignment::Bottom,
    }
}

/// BIFF8 numbers the line styles in the order OOXML lists them.
fn border_style(code: u32) -> BorderStyle {
    match code {
        1 => BorderStyle::Thin,
        2 => BorderStyle::Medium,
        3 => BorderStyle::Dashed,
        4 => BorderStyle::Dotted,
        5 => BorderStyle::Thick,
        6 => BorderStyle::Double,
        7 => BorderStyle::Hair,
        8 => BorderStyle::MediumDashed,
        9 => BorderStyle::DashDot,
        10 => BorderStyle::MediumDashDot,
        11 => BorderStyle::DashDotDot,
        12 => BorderStyle::MediumDashDotDot,
        13 => BorderStyle::SlantDashDot,
        _ => BorderStyle::None,
    }
}

fn fill_pattern(code: u32) -> FillPattern {
    match code {
        1 => FillPattern::Solid,
        2 => FillPattern::MediumGray,
        3 => FillPattern::DarkGray,
        4 => FillPattern::LightGray,
        5 => FillPattern::DarkHorizontal,
        6 => FillPattern::DarkVertical,
        7 => FillPattern::DarkDown,
        8 => FillPattern::DarkUp,
        9 => FillPattern::DarkGrid,
        10 => FillPattern::DarkTrellis,
        11 => FillPattern::LightHorizontal,
        12 => FillPattern::LightVertical,
        13 => FillPattern::LightDown,
        14 => FillPattern::LightUp,
        15 => FillPattern::LightGrid,
        16 => FillPattern::LightTrellis,
        17 => FillPattern::Gray125,
        18 => FillPattern::Gray0625,
        _ => FillPattern::None,
    }
}
