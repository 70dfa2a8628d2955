//! Stage 4: extract. Turns the cells the locate stage found into numbers,
//! remembering how each was written so the audit can say what it repaired.

pub mod stated;

use rust_decimal::Decimal;

use crate::mapping::Unit;
use crate::model::CellValue;
use crate::model::number::{TypedText, decimal_from_f64, parse_typed_number};

/// What a cell that should hold a number holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Reading {
    Blank,
    Number {
        value: Decimal,
        /// The text it was typed as, when it was not stored as a number.
        typed_as_text: Option<String>,
        /// A percent written as a whole number (90 for 90%), read as a percent.
        percent_without_sign: bool,
    },
    ExcelError(String),
    NotANumber(String),
    /// A word or level in a label column, as written.
    Label(String),
}

impl Reading {
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Reading::Number { value, .. } => Some(*value),
            _ => None,
        }
    }
}

/// A plain number above this in a percent column was meant as a percent
/// (90 for 90%); at or below it, as a ratio (1.2 for 120%).
const WHOLE_PERCENT_ABOVE: Decimal = Decimal::TWO;

pub fn read_number(value: &CellValue, unit: Unit) -> Reading {
    if unit == Unit::Label {
        return read_label(value);
    }
    match value {
        CellValue::Empty => Reading::Blank,
        CellValue::Number(n) | CellValue::DateTime(n) => match decimal_from_f64(*n) {
            Some(number) => in_unit(number, None, false, unit),
            None => Reading::NotANumber(value.display()),
        },
        CellValue::Text(text) => match parse_typed_number(text) {
            TypedText::Blank => Reading::Blank,
            TypedText::Number { value, percent } => {
                in_unit(value, Some(text.clone()), percent, unit)
            }
            TypedText::NotANumber => Reading::NotANumber(text.clone()),
        },
        CellValue::Bool(_) => Reading::NotANumber(value.display()),
        CellValue::Error(code) => Reading::ExcelError(code.clone()),
    }
}

fn read_label(value: &CellValue) -> Reading {
    match value {
        CellValue::Error(code) => Reading::ExcelError(code.clone()),
        _ if value.is_empty() => Reading::Blank,
        _ => Reading::Label(value.display().trim().to_string()),
    }
}

fn in_unit(value: Decimal, typed_as_text: Option<String>, has_sign: bool, unit: Unit) -> Reading {
    let whole_percent = unit == Unit::Percent && !has_sign && value > WHOLE_PERCENT_ABOVE;
    Reading::Number {
        value: if whole_percent {
            value / Decimal::ONE_HUNDRED
        } else {
            value
        },
        typed_as_text,
        percent_without_sign: whole_percent,
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn stored_numbers_need_no_repair() {
        let reading = read_number(&CellValue::Number(0.85), Unit::Percent);
        assert_eq!(
            reading,
            Reading::Number {
                value: dec!(0.85),
                typed_as_text: None,
                percent_without_sign: false
            }
        );
    }

    #[test]
    fn text_numbers_keep_what_was_typed() {
        let reading = read_number(&CellValue::Text("９０%".into()), Unit::Percent);
        assert_eq!(
            reading,
            Reading::Number {
                value: dec!(0.9),
                typed_as_text: Some("９０%".into()),
                percent_without_sign: false
            }
        );
    }

    #[test]
    fn whole_numbers_in_percent_columns_are_read_as_percent() {
        let reading = read_number(&CellValue::Number(90.0), Unit::Percent);
        assert_eq!(reading.number(), Some(dec!(0.9)));
        assert!(matches!(
            reading,
            Reading::Number {
                percent_without_sign: true,
                ..
            }
        ));
        let ratio = read_number(&CellValue::Number(1.2), Unit::Percent);
        assert!(matches!(
            ratio,
            Reading::Number {
                percent_without_sign: false,
                ..
            }
        ));
        let count = read_number(&CellValue::Number(90.0), Unit::Number);
        assert_eq!(count.number(), Some(dec!(90)));
    }

    #[test]
    fn label_columns_keep_words_and_levels_as_written() {
        let read = |value| read_number(&value, Unit::Label);
        assert_eq!(
            read(CellValue::Text(" 优秀 ".into())),
            Reading::Label("优秀".into())
        );
        assert_eq!(read(CellValue::Number(3.0)), Reading::Label("3".into()));
        assert_eq!(read(CellValue::Text("".into())), Reading::Blank);
    }

    #[test]
    fn errors_blanks_and_words() {
        assert_eq!(
            read_number(&CellValue::Error("#VALUE!".into()), Unit::Number),
            Reading::ExcelError("#VALUE!".into())
        );
        assert_eq!(
            read_number(&CellValue::Text(" ".into()), Unit::Number),
            Reading::Blank
        );
        assert_eq!(
            read_number(&CellValue::Text("良好".into()), Unit::Number),
            Reading::NotANumber("良好".into())
        );
    }
}
