//! Cell styles of an ods workbook: fonts, fills, borders, alignment, number
//! formats and protection, as the model's [`CellStyle`]. calamine reads
//! none of them, and a copy of a 绩效考核表 without its bold, filled header
//! row and its bordered grid is hard to recognise as the form.
//!
//! A cell names an automatic style of `content.xml` (`ce1`), which inherits
//! from a common style of `styles.xml` (`Default`), which inherits from the
//! default cell style. Both parts list their styles before any cell, so a
//! style is resolved — inheritance flattened, data style turned into an
//! Excel number format code — the first time a cell names it, and cells
//! only carry an index into the workbook's table of styles. Properties the
//! model cannot express (gradients, shadows, indents in cm) are left out.

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::layout::{attribute, length_points};
use super::number_format::{DataKind, DataStyle, Token};
use crate::model::CellRef;
use crate::model::cell_ref::{COLUMNS, ROWS};
use crate::model::style::{
    Alignment, Border, BorderStyle, CellStyle, Fill, Font, HorizontalAlignment, NumberFormat,
    Protection, Rgb, Underline, VerticalAlignment,
};
use crate::read::xlsx::styles::borders;

/// The common style LibreOffice gives every cell without a style of its
/// own; it is entry 0 of the table, the style [`SheetStyles`] assumes.
///
/// [`SheetStyles`]: crate::model::style::SheetStyles
const DEFAULT_STYLE_NAME: &str = "Default";
/// A damaged file may make `style:parent-style-name` a cycle.
const MAX_INHERITANCE_DEPTH: usize = 16;
/// LibreOffice's hairline (0.05pt) and its thin line (0.74pt) both show as
/// Excel's thin line; Excel's medium is 1.75pt and its thick 2.5pt.
const THIN_MAX_POINTS: f64 = 1.0;
const MEDIUM_MAX_POINTS: f64 = 2.0;
/// Styled cells kept per sheet, as many as the writer scans: a styled
/// block that outgrows this is whole-row or whole-column formatting.
const MAX_STYLED_CELLS: usize = 2_000_000;

/// The part of the package being read: the same element means different
/// things in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Part {
    #[default]
    Styles,
    Content,
}

/// Where in the part the reader is: cells name the common styles of
/// `styles.xml` and the automatic ones of `content.xml`; the automatic
/// styles of `styles.xml` belong to headers and footers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    #[default]
    Elsewhere,
    Common,
    Automatic,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum StyleSlot {
    Default,
    Common(String),
    Automatic(String),
}

/// The workbook's cell styles as read, and the table of resolved ones.
#[derive(Debug, Default)]
pub(super) struct OdsStyles {
    part: Part,
    section: Section,
    /// `style:font-face` name → the font family it stands for.
    font_families: HashMap<String, String>,
    default_style: StyleProps,
    common: HashMap<String, StyleProps>,
    automatic: HashMap<String, StyleProps>,
    data_styles: HashMap<String, DataStyle>,
    open_style: Option<(StyleSlot, StyleProps)>,
    open_data_style: Option<(String, DataStyle)>,
    table: Vec<CellStyle>,
    /// Style name → index into `table`.
    resolved: HashMap<String, u32>,
}

impl OdsStyles {
    pub(super) fn begin_part(&mut self, part: Part) {
        self.part = part;
        self.section = Section::Elsewhere;
    }

    /// An element just opened; `has_children` when it is a start tag. The
    /// text of number format literals is read here, up to their end tag.
    pub(super) fn open<B: BufRead>(
        &mut self,
        xml: &mut quick_xml::Reader<B>,
        element: &BytesStart<'_>,
        has_children: bool,
    ) -> Result<(), quick_xml::Error> {
        match element.name().as_ref() {
            "office:styles" if self.part == Part::Styles => self.section = Section::Common,
            "office:automatic-styles" if self.part == Part::Content => {
                self.section = Section::Automatic;
            }
            "style:font-face" => self.font_face(element),
            "style:default-style" => self.open_default_style(element),
            "style:style" => self.open_cell_style(element),
            "style:table-cell-properties" => {
                if let Some((_, props)) = &mut self.open_style {
                    props.read_cell_properties(element);
                }
            }
            "style:paragraph-properties" => {
                if let Some((_, props)) = &mut self.open_style {
                    props.read_paragraph_properties(element);
                }
            }
            "style:text-properties" => self.text_properties(element),
            "style:map" => {
                if let Some((_, data)) = &mut self.open_data_style {
                    data.read_map(element);
                }
            }
            name if name.starts_with("number:") => {
                self.number_element(xml, element, has_children)?;
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn close(&mut self, name: &str) {
        match name {
            "office:styles" | "office:automatic-styles" => self.section = Section::Elsewhere,
            "style:style" | "style:default-style" => self.store_open_style(),
            name if DataKind::of(name).is_some() => {
                if let Some((name, data)) = self.open_data_style.take() {
                    self.data_styles.insert(name, data);
                }
            }
            _ => {}
        }
    }

    fn font_face(&mut self, element: &BytesStart<'_>) {
        let name = attribute(element, "style:name");
        let family = attribute(element, "svg:font-family").map(|f| unquote_family(&f));
        if let (Some(name), Some(family)) = (name, family) {
            self.font_families.insert(name, family);
        }
    }

    fn open_default_style(&mut self, element: &BytesStart<'_>) {
        let is_cell = attribute(element, "style:family").as_deref() == Some("table-cell");
        if is_cell && self.section == Section::Common {
            self.open_style = Some((StyleSlot::Default, StyleProps::default()));
        }
    }

    fn open_cell_style(&mut self, element: &BytesStart<'_>) {
        if attribute(element, "style:family").as_deref() != Some("table-cell") {
            return;
        }
        let Some(name) = attribute(element, "style:name") else {
            return;
        };
        let slot = match self.section {
            Section::Common => StyleSlot::Common(name),
            Section::Automatic => StyleSlot::Automatic(name),
            Section::Elsewhere => return,
        };
        let props = StyleProps {
            parent: attribute(element, "style:parent-style-name"),
            data_style: attribute(element, "style:data-style-name"),
            ..StyleProps::default()
        };
        self.open_style = Some((slot, props));
    }

    fn store_open_style(&mut self) {
        match self.open_style.take() {
            Some((StyleSlot::Default, props)) => self.default_style = props,
            Some((StyleSlot::Common(name), props)) => {
                self.common.insert(name, props);
            }
            Some((StyleSlot::Automatic(name), props)) => {
                self.automatic.insert(name, props);
            }
            None => {}
        }
    }

    fn text_properties(&mut self, element: &BytesStart<'_>) {
        if let Some((_, props)) = &mut self.open_style {
            props.font.read(element, &self.font_families);
        } else if let Some((_, data)) = &mut self.open_data_style {
            data.read_text_properties(element);
        }
    }

    fn number_element<B: BufRead>(
        &mut self,
        xml: &mut quick_xml::Reader<B>,
        element: &BytesStart<'_>,
        has_children: bool,
    ) -> Result<(), quick_xml::Error> {
        let name = element.name();
        if let Some(kind) = DataKind::of(name.as_ref()) {
            if let Some(style_name) = attribute(element, "style:name") {
                self.open_data_style = Some((style_name, DataStyle::new(kind, element)));
            }
            return Ok(());
        }
        let Some((_, data)) = &mut self.open_data_style else {
            return Ok(());
        };
        let literal = matches!(name.as_ref(), "number:text" | "number:currency-symbol");
        let text = if literal && has_children {
            read_element_text(xml, name)?
        } else {
            String::new()
        };
        if let Some(token) = Token::read(element, text) {
            data.tokens.push(token);
        }
        Ok(())
    }

    /// The index into [`Self::table`] of the style with this name; a name
    /// no style has leaves the cell with the default style.
    pub(super) fn index_of(&mut self, name: &str) -> u32 {
        self.ensure_default_entry();
        if let Some(index) = self.resolved.get(name) {
            return *index;
        }
        let index = match self.flattened(name) {
            Some(props) => {
                let style = self.cell_style(&props);
                self.table.push(style);
                u32::try_from(self.table.len() - 1).unwrap_or(0)
            }
            None => 0,
        };
        self.resolved.insert(name.to_string(), index);
        index
    }

    pub(super) fn shows_when_blank(&self, index: u32) -> bool {
        self.table
            .get(index as usize)
            .is_some_and(CellStyle::shows_when_blank)
    }

    /// The table every sheet's cells index into.
    pub(super) fn table(&mut self) -> Arc<[CellStyle]> {
        self.ensure_default_entry();
        self.table.clone().into()
    }

    fn ensure_default_entry(&mut self) {
        if !self.table.is_empty() {
            return;
        }
        let props = self
            .flattened(DEFAULT_STYLE_NAME)
            .unwrap_or_else(|| self.default_style.clone());
        let style = self.cell_style(&props);
        self.table.push(style);
        self.resolved.insert(DEFAULT_STYLE_NAME.to_string(), 0);
    }

    /// The named style with what it inherits filled in.
    fn flattened(&self, name: &str) -> Option<StyleProps> {
        let mut props = self
            .automatic
            .get(name)
            .or_else(|| self.common.get(name))?
            .clone();
        let mut parent = props.parent.clone();
        for _ in 0..MAX_INHERITANCE_DEPTH {
            let Some(ancestor) = parent.as_deref().and_then(|p| self.common.get(p)) else {
                break;
            };
            props.inherit(ancestor);
            parent = ancestor.parent.clone();
        }
        props.inherit(&self.default_style);
        Some(props)
    }

    fn cell_style(&self, props: &StyleProps) -> CellStyle {
        let number_format = props
            .data_style
            .as_deref()
            .and_then(|name| self.data_styles.get(name))
            .and_then(|data| data.excel_code(&self.data_styles))
            .map(|code| NumberFormat { id: None, code })
            .unwrap_or_default();
        props.to_cell_style(number_format)
    }
}

/// `'DejaVu Sans'` → `DejaVu Sans`: a family name may be quoted as in CSS.
fn unquote_family(family: &str) -> String {
    let first = family.split(',').next().unwrap_or(family).trim();
    first.trim_matches(|c| c == '\'' || c == '"').to_string()
}

/// The text of the element just opened, up to its end tag; entity and
/// character references resolved, unknown entities left out.
fn read_element_text<B: BufRead>(
    xml: &mut quick_xml::Reader<B>,
    end: QName<'_>,
) -> Result<String, quick_xml::Error> {
    let end = end.as_ref().to_string();
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Text(chunk) => text.push_str(&chunk.xml10_content()),
            Event::GeneralRef(reference) => {
                if let Ok(Some(c)) = reference.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&reference) {
                    text.push_str(s);
                }
            }
            Event::End(element) if element.name().as_ref() == end => return Ok(text),
            Event::Eof => return Ok(text),
            _ => {}
        }
        buf.clear();
    }
}

// ---------------------------------------------------------------------------
// Style properties
// ---------------------------------------------------------------------------

/// What one `style:style` sets; `None` is "as the parent has it".
#[derive(Debug, Clone, Default, PartialEq)]
struct StyleProps {
    parent: Option<String>,
    data_style: Option<String>,
    /// `Some(None)` is an explicit `transparent`.
    background: Option<Option<Rgb>>,
    /// Left, right, top, bottom, diagonal down, diagonal up.
    borders: [Option<Border>; 6],
    wrap: Option<bool>,
    shrink_to_fit: Option<bool>,
    /// Whether `fo:text-align` applies; `value-dependent` aligns numbers
    /// right and text left, as Excel's General does.
    fixed_alignment: Option<bool>,
    horizontal: Option<HorizontalAlignment>,
    vertical: Option<VerticalAlignment>,
    rotation: Option<u16>,
    protection: Option<Protection>,
    font: FontProps,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct FontProps {
    name: Option<String>,
    size: Option<f64>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<Underline>,
    strikethrough: Option<bool>,
    color: Option<Rgb>,
}

impl StyleProps {
    fn inherit(&mut self, parent: &StyleProps) {
        self.data_style = self.data_style.take().or_else(|| parent.data_style.clone());
        self.background = self.background.or(parent.background);
        for (side, inherited) in self.borders.iter_mut().zip(parent.borders) {
            *side = side.or(inherited);
        }
        self.wrap = self.wrap.or(parent.wrap);
        self.shrink_to_fit = self.shrink_to_fit.or(parent.shrink_to_fit);
        self.fixed_alignment = self.fixed_alignment.or(parent.fixed_alignment);
        self.horizontal = self.horizontal.or(parent.horizontal);
        self.vertical = self.vertical.or(parent.vertical);
        self.rotation = self.rotation.or(parent.rotation);
        self.protection = self.protection.or(parent.protection);
        self.font.inherit(&parent.font);
    }

    fn read_cell_properties(&mut self, element: &BytesStart<'_>) {
        let value = |name| attribute(element, name);
        if let Some(color) = value("fo:background-color") {
            self.background = Some(hex_color(&color));
        }
        self.read_borders(element);
        if let Some(wrap) = value("fo:wrap-option") {
            self.wrap = Some(wrap == "wrap");
        }
        if let Some(shrink) = value("style:shrink-to-fit") {
            self.shrink_to_fit = Some(shrink == "true");
        }
        if let Some(source) = value("style:text-align-source") {
            self.fixed_alignment = Some(source != "value-dependent");
        }
        if let Some(vertical) = value("style:vertical-align") {
            self.vertical = vertical_alignment(&vertical).or(self.vertical);
        }
        if value("style:direction").as_deref() == Some("ttb") {
            self.rotation = Some(STACKED);
        } else if let Some(angle) = value("style:rotation-angle") {
            self.rotation = rotation(&angle).or(self.rotation);
        }
        if let Some(protect) = value("style:cell-protect") {
            self.protection = Some(protection(&protect));
        }
    }

    /// `fo:border` sets all four sides and `fo:border-left` … one, in
    /// whatever order the attributes come.
    fn read_borders(&mut self, element: &BytesStart<'_>) {
        if let Some(all) = attribute(element, "fo:border").and_then(|b| border(&b)) {
            self.borders[..4].fill(Some(all));
        }
        let sides = [
            "fo:border-left",
            "fo:border-right",
            "fo:border-top",
            "fo:border-bottom",
            "style:diagonal-tl-br",
            "style:diagonal-bl-tr",
        ];
        for (slot, name) in self.borders.iter_mut().zip(sides) {
            if let Some(side) = attribute(element, name).and_then(|b| border(&b)) {
                *slot = Some(side);
            }
        }
    }

    fn read_paragraph_properties(&mut self, element: &BytesStart<'_>) {
        if let Some(align) = attribute(element, "fo:text-align") {
            self.horizontal = horizontal_alignment(&align).or(self.horizontal);
        }
    }

    fn to_cell_style(&self, number_format: NumberFormat) -> CellStyle {
        let fixed = self.fixed_alignment.unwrap_or(true);
        CellStyle {
            font: self.font.to_font(),
            fill: self
                .background
                .flatten()
                .map(Fill::solid)
                .unwrap_or_default(),
            borders: borders(self.borders.map(Option::unwrap_or_default)),
            alignment: Alignment {
                horizontal: self.horizontal.filter(|_| fixed).unwrap_or_default(),
                vertical: self.vertical.unwrap_or_default(),
                wrap_text: self.wrap.unwrap_or(false),
                indent: 0,
                rotation: self.rotation.unwrap_or(0),
                shrink_to_fit: self.shrink_to_fit.unwrap_or(false),
            },
            number_format,
            protection: self.protection.unwrap_or_default(),
        }
    }
}

impl FontProps {
    fn inherit(&mut self, parent: &FontProps) {
        self.name = self.name.take().or_else(|| parent.name.clone());
        self.size = self.size.or(parent.size);
        self.bold = self.bold.or(parent.bold);
        self.italic = self.italic.or(parent.italic);
        self.underline = self.underline.or(parent.underline);
        self.strikethrough = self.strikethrough.or(parent.strikethrough);
        self.color = self.color.or(parent.color);
    }

    /// The Asian variant of a property wins over the Western one set on the
    /// same element: the forms are Chinese, and LibreOffice shows CJK text
    /// in the Asian font. A Western font set on a more specific style still
    /// wins over an Asian one inherited (LibreOffice's default style names a
    /// CJK font the form's own styles never mention).
    fn read(&mut self, element: &BytesStart<'_>, font_families: &HashMap<String, String>) {
        let either = |asian: &str, western: &str| {
            attribute(element, asian).or_else(|| attribute(element, western))
        };
        let face = |name: String| font_families.get(&name).cloned().unwrap_or(name);
        let name = either("style:font-name-asian", "style:font-name")
            .map(face)
            .or_else(|| {
                either("style:font-family-asian", "fo:font-family").map(|f| unquote_family(&f))
            });
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            self.name = Some(name);
        }
        if let Some(size) =
            either("style:font-size-asian", "fo:font-size").and_then(|s| length_points(&s))
        {
            self.size = Some(size);
        }
        if let Some(weight) = either("style:font-weight-asian", "fo:font-weight") {
            self.bold = Some(is_bold(&weight));
        }
        if let Some(style) = either("style:font-style-asian", "fo:font-style") {
            self.italic = Some(matches!(style.as_str(), "italic" | "oblique"));
        }
        if let Some(underline) = attribute(element, "style:text-underline-style") {
            let double =
                attribute(element, "style:text-underline-type").as_deref() == Some("double");
            self.underline = Some(match (underline.as_str(), double) {
                ("none", _) => Underline::None,
                (_, true) => Underline::Double,
                (_, false) => Underline::Single,
            });
        }
        if let Some(strike) = attribute(element, "style:text-line-through-style") {
            self.strikethrough = Some(strike != "none");
        }
        if let Some(color) = attribute(element, "fo:color").and_then(|c| hex_color(&c)) {
            self.color = Some(color);
        }
    }

    fn to_font(&self) -> Font {
        Font {
            name: self.name.clone(),
            size: self.size,
            family: None,
            bold: self.bold.unwrap_or(false),
            italic: self.italic.unwrap_or(false),
            underline: self.underline.unwrap_or_default(),
            strikethrough: self.strikethrough.unwrap_or(false),
            color: self.color,
        }
    }
}

/// Excel's rotation value for letters stacked top to bottom.
const STACKED: u16 = 255;

/// `#d9d9d9` → 0xD9D9D9; `transparent` and anything else → `None`.
pub(super) fn hex_color(text: &str) -> Option<Rgb> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    u32::from_str_radix(hex, 16).ok().map(Rgb)
}

/// `0.74pt solid #000000`: a width, a line style and a colour, in any
/// order; `none` and `hidden` are no line.
fn border(text: &str) -> Option<Border> {
    let mut width = None;
    let mut line = None;
    let mut color = None;
    for token in text.split_whitespace() {
        match token {
            "thin" => width = Some(0.75),
            "medium" => width = Some(1.75),
            "thick" => width = Some(2.5),
            token if token.starts_with('#') => color = hex_color(token),
            token => match length_points(token) {
                Some(points) => width = Some(points),
                None => line = Some(token),
            },
        }
    }
    let style = border_style(line?, width.unwrap_or(0.75))?;
    Some(Border {
        style,
        color: color.filter(|_| style != BorderStyle::None),
    })
}

fn border_style(line: &str, width: f64) -> Option<BorderStyle> {
    let heavy = width > THIN_MAX_POINTS;
    Some(match line {
        "none" | "hidden" => BorderStyle::None,
        "solid" if width > MEDIUM_MAX_POINTS => BorderStyle::Thick,
        "solid" if heavy => BorderStyle::Medium,
        "solid" => BorderStyle::Thin,
        "double" | "double-thin" => BorderStyle::Double,
        "dotted" => BorderStyle::Dotted,
        "dashed" | "fine-dashed" | "long-dash" if heavy => BorderStyle::MediumDashed,
        "dashed" | "fine-dashed" | "long-dash" => BorderStyle::Dashed,
        "dot-dash" | "dash-dot" if heavy => BorderStyle::MediumDashDot,
        "dot-dash" | "dash-dot" => BorderStyle::DashDot,
        "dot-dot-dash" | "dash-dot-dot" if heavy => BorderStyle::MediumDashDotDot,
        "dot-dot-dash" | "dash-dot-dot" => BorderStyle::DashDotDot,
        _ => return None,
    })
}

fn horizontal_alignment(text: &str) -> Option<HorizontalAlignment> {
    Some(match text {
        "start" | "left" => HorizontalAlignment::Left,
        "center" => HorizontalAlignment::Center,
        "end" | "right" => HorizontalAlignment::Right,
        "justify" => HorizontalAlignment::Justify,
        _ => return None,
    })
}

fn vertical_alignment(text: &str) -> Option<VerticalAlignment> {
    Some(match text {
        "top" => VerticalAlignment::Top,
        "middle" => VerticalAlignment::Center,
        "bottom" | "automatic" => VerticalAlignment::Bottom,
        _ => return None,
    })
}

/// An ODF angle (degrees counter-clockwise, `90`, `90deg`) as Excel stores
/// it: 1–90 counter-clockwise, 91–180 for 1–90 clockwise. Angles Excel
/// cannot show (upside down) are left out.
fn rotation(text: &str) -> Option<u16> {
    let degrees: f64 = text.trim().trim_end_matches("deg").trim().parse().ok()?;
    if !degrees.is_finite() {
        return None;
    }
    // Whole degrees in 0..360, so the conversions below are exact.
    let degrees = degrees.round().rem_euclid(360.0) as u16;
    match degrees {
        0..=90 => Some(degrees),
        270..=359 => Some(90 + (360 - degrees)),
        _ => None,
    }
}

/// `none`, `hidden-and-protected`, or a list of `protected` and
/// `formula-hidden`.
fn protection(text: &str) -> Protection {
    let words: Vec<&str> = text.split_whitespace().collect();
    let all = words.contains(&"hidden-and-protected");
    Protection {
        locked: all || words.contains(&"protected"),
        hidden: all || words.contains(&"formula-hidden"),
    }
}

/// `bold`, or a numeric weight of 600 and above (CSS's semi-bold and up,
/// which Excel can only show as bold).
fn is_bold(weight: &str) -> bool {
    weight == "bold" || weight.parse::<u16>().is_ok_and(|w| w >= 600)
}

// ---------------------------------------------------------------------------
// Which cells have which style
// ---------------------------------------------------------------------------

/// A block of cells with one style, as the repeats of `content.xml` give
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StyleRun {
    first_row: u32,
    rows: u32,
    first_col: u32,
    cols: u32,
    index: u32,
}

/// The styles of one table's cells, as runs until the area in use is
/// known.
#[derive(Debug, Default)]
pub(super) struct StyledCells {
    runs: Vec<StyleRun>,
    /// (first column, count, style) of `table:default-cell-style-name`.
    column_defaults: Vec<(u32, u32, u32)>,
}

impl StyledCells {
    pub(super) fn column_default(&mut self, first: u32, count: u32, index: u32) {
        if index != 0 {
            self.column_defaults.push((first, count, index));
        }
    }

    /// Records the style of `cols` cells from `first_col` in `rows` rows
    /// from `first_row`: `own` (the cell's or its row's) or else each
    /// column's default. Returns one past the last row and column of the
    /// cells whose style shows when blank (borders, fills) when they stop
    /// short of the grid's end: formatting that runs to the last row or
    /// column is whole-row or whole-column formatting, not the form.
    pub(super) fn cells(
        &mut self,
        (first_row, rows): (u32, u32),
        (first_col, cols): (u32, u32),
        own: Option<u32>,
        styles: &OdsStyles,
    ) -> Option<(u32, u32)> {
        let runs: Vec<(u32, u32, u32)> = match own {
            Some(index) => vec![(first_col, cols, index)],
            None => self.column_defaults_over(first_col, cols),
        };
        let mut visible_end: Option<(u32, u32)> = None;
        let end_row = first_row.saturating_add(rows);
        for (first_col, cols, index) in runs {
            if index == 0 || cols == 0 {
                continue;
            }
            self.runs.push(StyleRun {
                first_row,
                rows,
                first_col,
                cols,
                index,
            });
            let end_col = first_col.saturating_add(cols);
            let bounded = end_row < ROWS && end_col < COLUMNS;
            if bounded && styles.shows_when_blank(index) {
                let (rows_end, cols_end) = visible_end.unwrap_or_default();
                visible_end = Some((rows_end.max(end_row), cols_end.max(end_col)));
            }
        }
        visible_end
    }

    /// The column defaults over `cols` columns from `first_col`, split where
    /// they change.
    fn column_defaults_over(&self, first_col: u32, cols: u32) -> Vec<(u32, u32, u32)> {
        let end = first_col.saturating_add(cols);
        self.column_defaults
            .iter()
            .filter_map(|&(start, count, index)| {
                let from = start.max(first_col);
                let to = start.saturating_add(count).min(end);
                (from < to).then(|| (from, to - from, index))
            })
            .collect()
    }

    /// One entry per styled cell within the area in use.
    pub(super) fn expand(&self, used_rows: u32, used_cols: u32) -> Vec<(CellRef, u32)> {
        let mut cells = Vec::new();
        for run in &self.runs {
            let rows = run.first_row..run.first_row.saturating_add(run.rows).min(used_rows);
            let cols = run.first_col..run.first_col.saturating_add(run.cols).min(used_cols);
            for row in rows {
                for col in cols.clone() {
                    if cells.len() >= MAX_STYLED_CELLS {
                        return cells;
                    }
                    cells.push((CellRef::new(row, col), run.index));
                }
            }
        }
        cells
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::path::Path;

    use calamine::Reader;

    use super::*;
    use crate::model::style::SheetStyles;
    use crate::read::ods::layout::{read_ods_layout, read_ods_layout_from};
    use crate::read::test_support::zip_of;

    fn at(a1: &str) -> CellRef {
        CellRef::parse_a1(a1).unwrap()
    }

    /// Feeds one part to the style reader as the layout reader does.
    fn read_part(styles: &mut OdsStyles, part: Part, text: &str) {
        styles.begin_part(part);
        let mut xml = quick_xml::Reader::from_reader(text.as_bytes());
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(element)) => styles.open(&mut xml, &element, true).unwrap(),
                Ok(Event::Empty(element)) => {
                    styles.open(&mut xml, &element, false).unwrap();
                    styles.close(element.name().as_ref());
                }
                Ok(Event::End(element)) => styles.close(element.name().as_ref()),
                Ok(Event::Eof) | Err(_) => return,
                Ok(_) => {}
            }
            buf.clear();
        }
    }

    fn solid(rgb: u32) -> Fill {
        Fill::solid(Rgb(rgb))
    }

    fn thin_black() -> Border {
        Border {
            style: BorderStyle::Thin,
            color: Some(Rgb(0)),
        }
    }

    /// The styles of the sample's first sheet.
    fn sample(relative: &str) -> SheetStyles {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        let layouts = read_ods_layout(&path).unwrap();
        let names = calamine::open_workbook::<calamine::Ods<_>, _>(&path)
            .unwrap()
            .sheet_names();
        layouts[&names[0]].styles.clone()
    }

    #[test]
    fn sample_09_header_title_and_grid_look_as_in_the_file() {
        let styles = sample("samples/售前客服部/09_周婷.ods");
        let style = |a1| styles.get(at(a1)).unwrap().clone();

        // ce1: the title, 宋体 16pt bold, centred, no border.
        let title = style("A1");
        assert_eq!(title.font.name.as_deref(), Some("宋体"));
        assert_eq!(title.font.size, Some(16.0));
        assert!(title.font.bold);
        assert_eq!(title.alignment.horizontal, HorizontalAlignment::Center);
        assert_eq!(title.alignment.vertical, VerticalAlignment::Center);
        assert!(!title.borders.has_visible() && !title.fill.is_visible());

        // ce3: the header row, grey, bold, bordered, wrapped.
        for a1 in ["A3", "E3", "I3"] {
            let header = style(a1);
            assert_eq!(header.fill, solid(0xD9D9D9), "{a1}");
            assert!(header.font.bold && header.alignment.wrap_text, "{a1}");
            for side in [
                header.borders.left,
                header.borders.right,
                header.borders.top,
                header.borders.bottom,
            ] {
                assert_eq!(side, thin_black(), "{a1}");
            }
        }

        // ce4 sets no font: 宋体 11pt comes from the Default style, not the
        // CJK font of LibreOffice's default cell style.
        let name = style("B2");
        assert!(!name.font.bold && !name.fill.is_visible());
        assert_eq!(name.font.name.as_deref(), Some("宋体"));
        assert_eq!(name.font.size, Some(11.0));
        assert_eq!(name.borders.left, thin_black());
        assert_eq!(style("C4").alignment.horizontal, HorizontalAlignment::Left);

        let code = |a1| style(a1).number_format.code;
        assert_eq!(code("F4"), "0%"); // N10
        assert_eq!(code("F5"), "0.0%"); // N144, in styles.xml
        assert_eq!(code("G4"), "0.00"); // N2
        assert_eq!(code("F8"), "0"); // N1
        assert!(style("F15").number_format.is_general()); // N0, General

        // The signature line has no border; nothing past A1:I18 is styled.
        assert!(!style("A18").borders.has_visible());
        assert!(
            styles
                .styled_cells()
                .all(|(at, _)| at.row < 18 && at.col < 9)
        );
        assert_eq!(styles.table()[0].font.name.as_deref(), Some("宋体"));
    }

    #[test]
    fn every_sample_form_keeps_a_grey_bold_bordered_header() {
        for relative in [
            "samples/网店客服部/06_吴昊.ods",
            "samples/客户服务部/06_林涛.ods",
            "samples/解决方案部/售前岗位月度绩效考核_2026年10月.ods",
        ] {
            let styles = sample(relative);
            let header = styles
                .styled_cells()
                .find(|(_, style)| style.fill.is_visible())
                .map(|(_, style)| style.clone());
            let header = header.unwrap_or_else(|| panic!("{relative}: no filled cell"));
            assert_eq!(header.fill, solid(0xD9D9D9), "{relative}");
            assert!(header.font.bold, "{relative}");
            assert_eq!(header.borders.top, thin_black(), "{relative}");
        }
    }

    const STYLES_XML: &str = r##"<office:document-styles>
        <office:font-face-decls>
          <style:font-face style:name="Song" svg:font-family="&apos;宋体&apos;"/>
          <style:font-face style:name="Hei" svg:font-family="黑体"/>
        </office:font-face-decls>
        <office:styles>
          <style:default-style style:family="table-cell">
            <style:text-properties style:font-name="Liberation Sans" fo:font-size="10pt" style:font-name-asian="Hei"/>
          </style:default-style>
          <number:date-style style:name="N80">
            <number:year number:style="long"/><number:text>年</number:text>
            <number:month/><number:text>月</number:text><number:day/><number:text>日</number:text>
          </number:date-style>
          <style:style style:name="Default" style:family="table-cell">
            <style:text-properties style:font-name="Song" fo:font-size="11pt"/>
          </style:style>
          <style:style style:name="Header" style:family="table-cell" style:parent-style-name="Default">
            <style:table-cell-properties fo:border-bottom="2.5pt double #0000ff" fo:background-color="#d9d9d9" fo:border="0.06pt solid #000000"/>
            <style:text-properties fo:font-weight="bold"/>
          </style:style>
          <style:style style:name="Loop" style:family="table-cell" style:parent-style-name="Loop"/>
        </office:styles>
        <office:automatic-styles>
          <style:style style:name="ce1" style:family="table-cell">
            <style:table-cell-properties fo:background-color="#ff0000"/>
          </style:style>
        </office:automatic-styles>
        </office:document-styles>"##;

    const CONTENT_XML: &str = r##"<office:document-content>
        <office:automatic-styles>
          <number:number-style style:name="N4">
            <number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>
          </number:number-style>
          <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Header">
            <style:table-cell-properties style:vertical-align="middle" fo:wrap-option="wrap" style:text-align-source="fix"/>
            <style:paragraph-properties fo:text-align="center"/>
            <style:text-properties fo:font-style="italic" fo:color="#ff0000"/>
          </style:style>
          <style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N4">
            <style:table-cell-properties fo:border="0.74pt solid #000000" style:rotation-angle="270"/>
          </style:style>
          <style:style style:name="ce3" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N80"/>
          <style:style style:name="ce4" style:family="table-cell" style:parent-style-name="Loop">
            <style:text-properties fo:font-weight="bold"/>
          </style:style>
        </office:automatic-styles>
        <office:body><office:spreadsheet><table:table table:name="T">
          <table:table-column table:default-cell-style-name="ce2" table:number-columns-repeated="2"/>
          <table:table-column table:default-cell-style-name="Default" table:number-columns-repeated="16382"/>
          <table:table-row>
            <table:table-cell table:style-name="ce1" table:number-columns-repeated="3" office:value-type="string"><text:p>h</text:p></table:table-cell>
            <table:table-cell table:number-columns-repeated="16381"/>
          </table:table-row>
          <table:table-row table:default-cell-style-name="ce3">
            <table:table-cell/><table:table-cell table:style-name="ce4" office:value-type="float" office:value="1"/>
          </table:table-row>
          <table:table-row><table:table-cell office:value-type="float" office:value="2"/></table:table-row>
          <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/></table:table-row>
          <table:table-row table:number-rows-repeated="1048571"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        </table:table></office:spreadsheet></office:body></office:document-content>"##;

    fn synthetic() -> SheetStyles {
        let bytes = zip_of(&[("styles.xml", STYLES_XML), ("content.xml", CONTENT_XML)]);
        let mut layouts = read_ods_layout_from(Cursor::new(bytes)).unwrap();
        layouts.remove("T").unwrap().styles
    }

    #[test]
    fn automatic_styles_inherit_from_common_styles_and_the_default_style() {
        let styles = synthetic();
        let header = styles.get(at("C1")).unwrap();
        assert_eq!(
            header.fill,
            solid(0xD9D9D9),
            "styles.xml's own ce1 is not the cells'"
        );
        assert_eq!(header.borders.left, thin_black());
        assert_eq!(
            header.borders.bottom,
            Border {
                style: BorderStyle::Double,
                color: Some(Rgb(0x0000FF)),
            }
        );
        let font = &header.font;
        assert!(font.bold && font.italic);
        assert_eq!(font.color, Some(Rgb(0xFF0000)));
        assert_eq!(font.name.as_deref(), Some("宋体"));
        assert_eq!(font.size, Some(11.0));
        let alignment = header.alignment;
        assert_eq!(alignment.horizontal, HorizontalAlignment::Center);
        assert_eq!(alignment.vertical, VerticalAlignment::Center);
        assert!(alignment.wrap_text);
        assert!(
            styles.get(at("B2")).unwrap().font.bold,
            "a parent cycle ends"
        );
    }

    #[test]
    fn cells_without_a_style_take_the_row_then_the_column_default() {
        let styles = synthetic();
        let date = styles.get(at("A2")).unwrap();
        assert_eq!(date.number_format.code, r#"yyyy"年"m"月"d"日""#);
        let column = styles.get(at("A3")).unwrap();
        assert_eq!(column.number_format.code, "#,##0.00");
        assert_eq!(column.borders.bottom, thin_black());
        assert_eq!(column.alignment.rotation, 180, "270° is 90° clockwise");
        // The bordered blank rows 4–5 are part of the form; the column's
        // style over the million rows after them is not.
        assert!(styles.get(at("B5")).unwrap().borders.has_visible());
        assert!(!styles.get(at("B6")).unwrap().borders.has_visible());
        assert_eq!(styles.styled_cells().count(), 3 + 2 + 1 + 4);
        assert_eq!(styles.table()[0].font.name.as_deref(), Some("宋体"));
    }

    /// The Excel code each data style in `data_styles` becomes, in order.
    fn excel_codes(data_styles: &str) -> Vec<String> {
        let names: Vec<&str> = data_styles
            .split("style:name=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let cell_styles: String = names
            .iter()
            .map(|name| {
                format!(
                    r#"<style:style style:name="cell-{name}" style:family="table-cell" style:data-style-name="{name}"/>"#
                )
            })
            .collect();
        let mut styles = OdsStyles::default();
        let part = format!(
            "<office:automatic-styles>{data_styles}{cell_styles}</office:automatic-styles>"
        );
        read_part(&mut styles, Part::Content, &part);
        names
            .iter()
            .map(|name| {
                let index = styles.index_of(&format!("cell-{name}"));
                styles.table[index as usize].number_format.code.clone()
            })
            .collect()
    }

    #[test]
    fn data_styles_become_excel_codes() {
        let codes = excel_codes(
            r##"<number:number-style style:name="General"><number:number number:min-integer-digits="1"/></number:number-style>
            <number:number-style style:name="N1"><number:number number:decimal-places="0" number:min-integer-digits="1"/></number:number-style>
            <number:number-style style:name="N3"><number:number number:decimal-places="3" number:min-decimal-places="1" number:min-integer-digits="0"/></number:number-style>
            <number:percentage-style style:name="N10"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
            <number:date-style style:name="N36"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
            <number:time-style style:name="N41" number:truncate-on-overflow="false"><number:hours/><number:text>:</number:text><number:minutes number:style="long"/></number:time-style>
            <number:boolean-style style:name="N99"><number:boolean/></number:boolean-style>
            <number:text-style style:name="N100"><number:text-content/></number:text-style>
            <number:currency-style style:name="C0" style:volatile="true"><number:currency-symbol>¥</number:currency-symbol><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:currency-style>
            <number:currency-style style:name="C"><style:text-properties fo:color="#ff0000"/><number:text>(</number:text><number:currency-symbol>¥</number:currency-symbol><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/><number:text>)</number:text><style:map style:condition="value() &gt;= 0" style:apply-style-name="C0"/></number:currency-style>
            <number:number-style style:name="Odd"><number:number number:decimal-places="1" number:min-integer-digits="1"/><style:map style:condition="value()&gt;100" style:apply-style-name="N1"/></number:number-style>"##,
        );
        let expected = [
            "",
            "0",
            "#.0##",
            "0.00%",
            "yyyy-mm-dd",
            "[h]:mm",
            "",
            "@",
            r##""¥"#,##0"##,
            r##""¥"#,##0;[Red]("¥"#,##0)"##,
            "0.0",
        ];
        assert_eq!(codes, expected);
    }

    #[test]
    fn border_values_map_to_excel_line_styles() {
        let side = |text| border(text).map(|b| (b.style, b.color));
        let black = Some(Rgb(0));
        assert_eq!(
            side("0.06pt solid #000000"),
            Some((BorderStyle::Thin, black))
        );
        assert_eq!(
            side("#000000 solid 0.74pt"),
            Some((BorderStyle::Thin, black))
        );
        assert_eq!(
            side("1.76pt solid #000000"),
            Some((BorderStyle::Medium, black))
        );
        assert_eq!(
            side("0.088cm solid #000000"),
            Some((BorderStyle::Thick, black))
        );
        assert_eq!(
            side("thick dashed"),
            Some((BorderStyle::MediumDashed, None))
        );
        assert_eq!(
            side("0.5pt dotted #ff0000"),
            Some((BorderStyle::Dotted, Some(Rgb(0xFF0000))))
        );
        assert_eq!(side("none"), Some((BorderStyle::None, None)));
        for garbage in ["", "0.5pt", "1pt wavy #000000", "#zzzzzz"] {
            assert_eq!(side(garbage), None, "{garbage}");
        }
        assert_eq!(rotation("90"), Some(90));
        assert_eq!(rotation("315deg"), Some(135));
        assert_eq!(rotation("180"), None);
        assert_eq!(rotation("NaN"), None);
    }

    #[test]
    fn damaged_style_parts_keep_what_was_read() {
        let truncated_styles =
            &STYLES_XML[..STYLES_XML.find("<style:style style:name=\"Loop\"").unwrap()];
        let cut_content =
            &CONTENT_XML[..CONTENT_XML.find("<table:table-row table:default").unwrap()];
        let bytes = zip_of(&[
            ("styles.xml", truncated_styles),
            ("content.xml", cut_content),
        ]);
        let mut layouts = read_ods_layout_from(Cursor::new(bytes)).unwrap();
        let styles = layouts.remove("T").unwrap().styles;
        assert_eq!(styles.get(at("A1")).unwrap().fill, solid(0xD9D9D9));

        for garbage in [
            "<office:styles><style:style style:family=\"table-cell\"><style:text-properties fo:font-size=\"-3pt\" fo:color=\"red\"/>",
            "<office:styles><number:date-style style:name=\"N\"><number:text>年",
            "<office:styles><style:default-style style:family=\"table-cell\"><style:style>&bogus;</office:styles>",
        ] {
            let bytes = zip_of(&[("styles.xml", garbage), ("content.xml", CONTENT_XML)]);
            let layouts = read_ods_layout_from(Cursor::new(bytes)).unwrap();
            assert!(layouts["T"].styles.get(at("A1")).is_some(), "{garbage}");
        }
    }
}
