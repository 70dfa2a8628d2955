//! Data shared by every pipeline stage.

pub mod cell_ref;
pub mod date;
pub mod finding;
pub mod label;
pub mod number;
pub mod style;
pub mod workbook;

pub use cell_ref::{CellRange, CellRef, column_letters};
pub use finding::{Code, Finding, Lang, Message, Severity, quote};
pub use workbook::{Cell, CellValue, FileFormat, Sheet, Workbook};
