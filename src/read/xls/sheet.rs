//! A worksheet substream: which XF each cell has, the column widths, row
//! heights and the page and view settings.

use std::collections::BTreeMap;

use super::records::{Records, read_f64, read_string, read_u16};
use crate::model::CellRef;
use crate::model::workbook::{FitToPages, Margins, Orientation, PageSetup};
use crate::read::xlsx::page_setup::{MAX_MARGIN_INCHES, PERCENT_RANGE};

/// Records of a worksheet substream that this reader uses.
mod id {
    pub const EOF: u16 = 0x000A;
    pub const HEADER: u16 = 0x0014;
    pub const FOOTER: u16 = 0x0015;
    pub const LEFT_MARGIN: u16 = 0x0026;
    pub const RIGHT_MARGIN: u16 = 0x0027;
    pub const TOP_MARGIN: u16 = 0x0028;
    pub const BOTTOM_MARGIN: u16 = 0x0029;
    pub const PRINT_GRIDLINES: u16 = 0x002B;
    pub const PANE: u16 = 0x0041;
    pub const DEFCOLWIDTH: u16 = 0x0055;
    pub const COLINFO: u16 = 0x007D;
    pub const WSBOOL: u16 = 0x0081;
    pub const HCENTER: u16 = 0x0083;
    pub const VCENTER: u16 = 0x0084;
    pub const STANDARDWIDTH: u16 = 0x0099;
    pub const SCL: u16 = 0x00A0;
    pub const SETUP: u16 = 0x00A1;
    pub const MULRK: u16 = 0x00BD;
    pub const MULBLANK: u16 = 0x00BE;
    pub const RSTRING: u16 = 0x00D6;
    pub const LABELSST: u16 = 0x00FD;
    pub const FORMULA: u16 = 0x0006;
    pub const BLANK: u16 = 0x0201;
    pub const NUMBER: u16 = 0x0203;
    pub const LABEL: u16 = 0x0204;
    pub const BOOLERR: u16 = 0x0205;
    pub const ROW: u16 = 0x0208;
    pub const WINDOW2: u16 = 0x023E;
    pub const RK: u16 = 0x027E;
}

/// A BIFF8 sheet has 256 columns.
const COLUMNS: u16 = 256;
/// Excel's tallest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.5;
/// The model's column width unit is pixels / 7 (see the ods reader); a
/// default width in characters gets Excel's 5 pixels of padding and is
/// rounded up to a multiple of 8 pixels, as Excel lays it out.
const PIXELS_PER_CHARACTER: f64 = 7.0;
const PADDING_PIXELS: f64 = 5.0;

/// What a worksheet substream holds for the model.
#[derive(Debug, Default, PartialEq)]
pub struct SheetLayout {
    /// XF index per cell, in stream order.
    pub cell_xfs: Vec<(CellRef, u32)>,
    pub column_widths: BTreeMap<u32, f64>,
    pub row_heights: BTreeMap<u32, f64>,
    pub page_setup: PageSetup,
}

/// Collects the records of one substream.
#[derive(Debug, Default)]
struct SheetReader {
    layout: SheetLayout,
    default_width: Option<f64>,
    standard_width: Option<f64>,
    fit_to_page: bool,
    fit: Option<FitToPages>,
    margins: Option<Margins>,
    frozen: bool,
    pane: Option<CellRef>,
}

/// Reads the substream whose BOF is at `offset`, up to its EOF or the end of
/// `stream`.
pub fn read_sheet(stream: &[u8], offset: usize) -> SheetLayout {
    let mut reader = SheetReader::default();
    // The first record is the substream's own BOF.
    for record in Records::new(stream, offset).skip(1) {
        if record.id == id::EOF {
            break;
        }
        reader.record(record.id, record.data);
    }
    reader.finish()
}

impl SheetReader {
    fn record(&mut self, id: u16, data: &[u8]) {
        match id {
            id::LABELSST
            | id::LABEL
            | id::RSTRING
            | id::NUMBER
            | id::RK
            | id::BLANK
            | id::FORMULA
            | id::BOOLERR => self.cell(data),
            id::MULRK => self.cells(data, 6),
            id::MULBLANK => self.cells(data, 2),
            id::COLINFO => self.column(data),
            id::ROW => self.row(data),
            id::DEFCOLWIDTH => {
                self.default_width = read_u16(data, 0).map(|c| default_column_width(c.into()));
            }
            id::STANDARDWIDTH => {
                self.standard_width = read_u16(data, 0).map(|w| f64::from(w) / 256.0);
            }
            _ => self.page_record(id, data),
        }
    }

    fn page_record(&mut self, id: u16, data: &[u8]) {
        let setup = &mut self.layout.page_setup;
        let flag = || read_u16(data, 0).is_some_and(|value| value & 1 != 0);
        match id {
            id::SETUP => self.setup(data),
            id::WSBOOL => self.fit_to_page = read_u16(data, 0).is_some_and(|v| v & 0x0100 != 0),
            id::LEFT_MARGIN | id::RIGHT_MARGIN | id::TOP_MARGIN | id::BOTTOM_MARGIN => {
                self.margin(id, data);
            }
            id::HCENTER => setup.center_horizontally = flag(),
            id::VCENTER => setup.center_vertically = flag(),
            id::PRINT_GRIDLINES => setup.print_gridlines = flag(),
            id::HEADER => setup.header = read_string(data, 0).filter(|t| !t.is_empty()),
            id::FOOTER => setup.footer = read_string(data, 0).filter(|t| !t.is_empty()),
            id::WINDOW2 => self.window(data),
            id::SCL => self.zoom(data),
            id::PANE => {
                self.pane = read_u16(data, 0)
                    .zip(read_u16(data, 2))
                    .map(|(cols, rows)| CellRef::new(rows.into(), cols.into()))
                    .filter(|at| (at.row, at.col) != (0, 0));
            }
            _ => {}
        }
    }

    /// A record of one cell: row, column, XF index.
    fn cell(&mut self, data: &[u8]) {
        if let (Some(row), Some(col), Some(xf)) =
            (read_u16(data, 0), read_u16(data, 2), read_u16(data, 4))
        {
            self.place(row, col, xf);
        }
    }

    /// MULRK and MULBLANK: a run of cells from a first column, each with an
    /// XF index every `stride` bytes, then the last column.
    fn cells(&mut self, data: &[u8], stride: usize) {
        let (Some(row), Some(first)) = (read_u16(data, 0), read_u16(data, 2)) else {
            return;
        };
        let Some(entries) = data.get(4..data.len().saturating_sub(2)) else {
            return;
        };
        for (col, entry) in (first..COLUMNS).zip(entries.chunks_exact(stride)) {
            if let Some(xf) = read_u16(entry, 0) {
                self.place(row, col, xf);
            }
        }
    }

    fn place(&mut self, row: u16, col: u16, xf: u16) {
        if col < COLUMNS {
            let at = CellRef::new(row.into(), col.into());
            self.layout.cell_xfs.push((at, xf.into()));
        }
    }

    /// COLINFO: a width in 1/256 of a character, the unit an xlsx width is
    /// in, padding included.
    fn column(&mut self, data: &[u8]) {
        let (Some(first), Some(last), Some(width)) =
            (read_u16(data, 0), read_u16(data, 2), read_u16(data, 4))
        else {
            return;
        };
        let width = f64::from(width) / 256.0;
        for col in first..=last.min(COLUMNS - 1) {
            self.layout.column_widths.insert(col.into(), width);
        }
    }

    /// ROW: every row record states the height the row shows at, custom or
    /// fitted to its contents; both are kept, as the copy must look the
    /// same. Bit 15 is not part of the height.
    fn row(&mut self, data: &[u8]) {
        let (Some(row), Some(height)) = (read_u16(data, 0), read_u16(data, 6)) else {
            return;
        };
        let points = f64::from(height & 0x7FFF) / 20.0;
        if points > 0.0 && points <= MAX_ROW_HEIGHT {
            self.layout.row_heights.insert(row.into(), points);
        }
    }

    /// SETUP: when `fNoPls` is set, paper, scale and orientation were never
    /// chosen and hold garbage; `fNoOrient` marks the orientation alone.
    fn setup(&mut self, data: &[u8]) {
        let field = |at| read_u16(data, at);
        let (Some(paper), Some(scale), Some(width), Some(height), Some(flags)) =
            (field(0), field(2), field(6), field(8), field(10))
        else {
            return;
        };
        self.fit = Some(FitToPages { width, height });
        let setup = &mut self.layout.page_setup;
        if flags & 0x0004 == 0 {
            setup.paper_size = u8::try_from(paper).ok().filter(|size| *size > 0);
            setup.scale = Some(scale).filter(|percent| PERCENT_RANGE.contains(percent));
            if flags & 0x0040 == 0 {
                setup.orientation = Some(if flags & 0x0002 != 0 {
                    Orientation::Portrait
                } else {
                    Orientation::Landscape
                });
            }
        }
        let margins = self.margins.get_or_insert_with(biff_margins);
        if let Some(header) = read_f64(data, 16).filter(|m| sensible_margin(*m)) {
            margins.header = header;
        }
        if let Some(footer) = read_f64(data, 24).filter(|m| sensible_margin(*m)) {
            margins.footer = footer;
        }
    }

    fn margin(&mut self, id: u16, data: &[u8]) {
        let Some(inches) = read_f64(data, 0).filter(|m| sensible_margin(*m)) else {
            return;
        };
        let margins = self.margins.get_or_insert_with(biff_margins);
        match id {
            id::LEFT_MARGIN => margins.left = inches,
            id::RIGHT_MARGIN => margins.right = inches,
            id::TOP_MARGIN => margins.top = inches,
            _ => margins.bottom = inches,
        }
    }

    /// WINDOW2 of the sheet: gridlines on screen and frozen panes.
    fn window(&mut self, data: &[u8]) {
        if let Some(flags) = read_u16(data, 0) {
            self.layout.page_setup.screen_gridlines = Some(flags & 0x0002 != 0);
            self.frozen = flags & 0x0008 != 0;
        }
    }

    /// SCL: the zoom as a fraction.
    fn zoom(&mut self, data: &[u8]) {
        if let (Some(numerator), Some(denominator)) = (read_u16(data, 0), read_u16(data, 2))
            && denominator > 0
        {
            let percent = u32::from(numerator) * 100 / u32::from(denominator);
            self.layout.page_setup.zoom = u16::try_from(percent)
                .ok()
                .filter(|percent| PERCENT_RANGE.contains(percent));
        }
    }

    fn finish(mut self) -> SheetLayout {
        let setup = &mut self.layout.page_setup;
        if self.fit_to_page {
            setup.fit_to_pages = Some(self.fit.unwrap_or(FitToPages {
                width: 1,
                height: 1,
            }));
        }
        setup.margins = self.margins;
        if self.frozen {
            setup.freeze_panes = self.pane;
        }
        if let Some(width) = self.standard_width.or(self.default_width) {
            self.fill_default_widths(width);
        }
        self.layout
    }

    /// Columns without a width of their own, up to the last one in use,
    /// get the sheet's default width: the copy's default is Excel's, which
    /// may not be this sheet's.
    fn fill_default_widths(&mut self, width: f64) {
        let last_used = self.layout.cell_xfs.iter().map(|(at, _)| at.col).max();
        for col in 0..=last_used.unwrap_or(0) {
            self.layout.column_widths.entry(col).or_insert(width);
        }
    }
}

fn default_column_width(characters: f64) -> f64 {
    let pixels = characters * PIXELS_PER_CHARACTER + PADDING_PIXELS;
    (pixels / 8.0).ceil() * 8.0 / PIXELS_PER_CHARACTER
}

/// The margins BIFF8 means when a sheet has no margin record.
fn biff_margins() -> Margins {
    Margins {
        left: 0.75,
        right: 0.75,
        top: 1.0,
        bottom: 1.0,
        header: 0.5,
        footer: 0.5,
    }
}

fn sensible_margin(inches: f64) -> bool {
    inches.is_finite() && (0.0..MAX_MARGIN_INCHES).contains(&inches)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::xls::records::tests::{record, string};

    fn xf_at(layout: &SheetLayout, row: u32, col: u32) -> Option<u32> {
        let at = CellRef::new(row, col);
        layout
            .cell_xfs
            .iter()
            .find(|(cell, _)| *cell == at)
            .map(|(_, xf)| *xf)
    }

    fn stream(records: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut bytes = record(0x0809, &[0, 6, 0x10, 0]);
        for (id, body) in records {
            bytes.extend(record(*id, body));
        }
        bytes
    }

    fn words(values: &[u16]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[test]
    fn cells_get_their_xf_indexes() {
        let mut mulblank = words(&[2, 1, 20, 21, 22]);
        mulblank.extend(words(&[3]));
        let mut mulrk = words(&[3, 254, 30, 0, 0, 31, 0, 0, 32, 0, 0]);
        mulrk.extend(words(&[256]));
        let layout = read_sheet(
            &stream(&[
                (id::LABELSST, words(&[0, 0, 17, 0, 0])),
                (id::NUMBER, words(&[1, 4, 18, 0, 0, 0, 0])),
                (id::MULBLANK, mulblank),
                (id::MULRK, mulrk),
                (id::BLANK, words(&[9, 300, 19])),
                (id::BLANK, words(&[9])),
                (id::EOF, vec![]),
                (id::BLANK, words(&[10, 0, 19])),
            ]),
            0,
        );
        assert_eq!(xf_at(&layout, 0, 0), Some(17));
        assert_eq!(xf_at(&layout, 1, 4), Some(18));
        assert_eq!(
            [1, 2, 3].map(|col| xf_at(&layout, 2, col)),
            [Some(20), Some(21), Some(22)]
        );
        assert_eq!(xf_at(&layout, 3, 254), Some(30));
        assert_eq!(xf_at(&layout, 3, 255), Some(31));
        assert_eq!(layout.cell_xfs.len(), 7, "nothing past column IV or EOF");
    }

    #[test]
    fn widths_and_heights() {
        let layout = read_sheet(
            &stream(&[
                (id::DEFCOLWIDTH, words(&[10])),
                (id::COLINFO, words(&[1, 2, 4096, 15, 2, 0])),
                (id::COLINFO, words(&[250, 300, 512, 15, 0, 0])),
                (id::ROW, words(&[0, 0, 3, 720, 0, 0, 0x0140, 0x000F])),
                (id::ROW, words(&[1, 0, 3, 0x8000 | 270, 0, 0, 0, 0])),
                (id::ROW, words(&[2, 0, 3, 0x7FFF, 0, 0, 0, 0])),
                (id::BLANK, words(&[0, 3, 15])),
            ]),
            0,
        );
        let widths = &layout.column_widths;
        assert_eq!(widths.get(&1), Some(&16.0));
        assert_eq!(widths.get(&2), Some(&16.0));
        assert_eq!(widths.get(&255), Some(&2.0));
        assert_eq!(widths.len(), 2 + 6 + 2, "columns 0 and 3 at the default");
        assert!((widths[&0] - 80.0 / 7.0).abs() < 1e-9, "{}", widths[&0]);
        assert_eq!(
            layout.row_heights,
            BTreeMap::from([(0, 36.0), (1, 13.5)]),
            "a 1638 pt row is garbage"
        );
    }

    #[test]
    fn page_setup_records() {
        let mut setup = words(&[9, 85, 1, 1, 0, 0x0000, 600, 600]);
        setup.extend(0.3f64.to_le_bytes());
        setup.extend(0.4f64.to_le_bytes());
        setup.extend(words(&[1]));
        let layout = read_sheet(
            &stream(&[
                (id::SETUP, setup),
                (id::WSBOOL, words(&[0x05C1])),
                (id::LEFT_MARGIN, 0.5f64.to_le_bytes().to_vec()),
                (id::TOP_MARGIN, f64::NAN.to_le_bytes().to_vec()),
                (id::HCENTER, words(&[1])),
                (id::HEADER, string("&C考核表", 2)),
                (id::WINDOW2, words(&[0x06BE, 0, 0])),
                (id::PANE, words(&[1, 3, 3, 1, 0])),
                (id::SCL, words(&[3, 4])),
            ]),
            0,
        );
        let page = &layout.page_setup;
        assert_eq!(page.orientation, Some(Orientation::Landscape));
        assert_eq!((page.paper_size, page.scale), (Some(9), Some(85)));
        assert_eq!(
            page.fit_to_pages,
            Some(FitToPages {
                width: 1,
                height: 0
            })
        );
        let margins = page.margins.expect("margins");
        assert_eq!((margins.left, margins.right, margins.top), (0.5, 0.75, 1.0));
        assert_eq!((margins.header, margins.footer), (0.3, 0.4));
        assert!(page.center_horizontally && !page.center_vertically);
        assert_eq!(page.header.as_deref(), Some("&C考核表"));
        assert_eq!(page.screen_gridlines, Some(true));
        assert_eq!(page.freeze_panes, Some(CellRef::new(3, 1)));
        assert_eq!(page.zoom, Some(75));
    }

    #[test]
    fn unset_page_fields_stay_unset() {
        let no_printer = words(&[9, 85, 1, 1, 0, 0x0006, 600, 600]);
        let layout = read_sheet(&stream(&[(id::SETUP, no_printer)]), 0);
        let page = &layout.page_setup;
        assert_eq!(
            (page.orientation, page.paper_size, page.scale),
            (None, None, None)
        );
        assert_eq!(page.fit_to_pages, None, "WSBOOL does not ask to fit");
        assert_eq!(read_sheet(&[], 0), SheetLayout::default());
    }
}
