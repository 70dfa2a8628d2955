//! YAML primitives: values with the position they were written at, numbers
//! as a mapping writes them, and problems reported as `file:line:column`.
//! Mapping loading and the YAML shapes of rules use them; nothing after
//! loading does. A leaf: it builds on the model's number reading only.

pub mod diagnostic;

use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;
pub use serde_saphyr::Spanned;

pub use diagnostic::{Diagnostic, Diagnostics, Position};

use crate::model::number::{TypedText, decimal_from_f64, parse_typed_number};

pub fn position_of<T>(spanned: &Spanned<T>) -> Position {
    Position {
        line: spanned.referenced.line(),
        column: spanned.referenced.column(),
    }
}

/// A number as written in a mapping: `15`, `0.5`, or text such as `75%`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawNumber {
    Integer(i64),
    Float(f64),
    Text(String),
}

impl RawNumber {
    /// The exact value, or `None` when the text is not a number.
    pub fn to_decimal(&self) -> Option<Decimal> {
        match self {
            RawNumber::Integer(n) => Some(Decimal::from(*n)),
            RawNumber::Float(f) => decimal_from_f64(*f),
            RawNumber::Text(text) => match parse_typed_number(text) {
                TypedText::Number { value, .. } => Some(value),
                _ => None,
            },
        }
    }
}

/// Parses YAML text into `T`; a syntax or shape error becomes one diagnostic.
pub fn parse<T: serde::de::DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|error| to_diagnostic(file, &error))
}

fn to_diagnostic(file: &Path, error: &serde_saphyr::Error) -> Diagnostic {
    let (line, column) = error
        .location()
        .map_or((1, 1), |at| (at.line(), at.column()));
    Diagnostic {
        file: file.to_path_buf(),
        line,
        column,
        message: bare_message(&error.to_string()),
    }
}

/// serde-saphyr's message carries the position and a source snippet; the
/// diagnostic states the position itself, so keep only what is wrong.
fn bare_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or(rendered);
    let without_prefix = first
        .strip_prefix("error: ")
        .unwrap_or(first)
        .split_once(": ")
        .filter(|(head, _)| head.starts_with("line "))
        .map_or(first, |(_, rest)| rest);
    match without_prefix.rfind(" at line ") {
        Some(cut) => without_prefix[..cut].to_string(),
        None => without_prefix.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_exactly_in_every_spelling() {
        let read = |text: &str| parse::<RawNumber>(Path::new("t"), text).unwrap();
        assert_eq!(read("15").to_decimal(), Some(Decimal::from(15)));
        assert_eq!(read("0.005").to_decimal(), Some(Decimal::new(5, 3)));
        assert_eq!(read("75%").to_decimal(), Some(Decimal::new(75, 2)));
        assert_eq!(read("200元").to_decimal(), Some(Decimal::from(200)));
        assert_eq!(read("abc").to_decimal(), None);
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let error = parse::<RawNumber>(Path::new("m.yaml"), "[1, 2").unwrap_err();
        assert_eq!((error.line, error.column), (1, 1));
        assert!(error.message.contains("unclosed"), "{}", error.message);
        assert!(!error.message.contains("line 1"), "{}", error.message);
    }
}
