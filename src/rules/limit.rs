//! Caps and floors as written in mappings: a number, `full_marks`, or
//! `none`. Shared by every rule kind that bounds its score.

use rust_decimal::Decimal;

use super::number;
use crate::yaml::{Diagnostics, RawNumber, Spanned, position_of};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    FullMarks,
    At(Decimal),
    None,
}

impl Limit {
    /// Reads an optional limit key, `default` when absent.
    pub fn read(
        raw: &Option<Spanned<RawNumber>>,
        default: Limit,
        what: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<Limit> {
        match raw {
            None => Some(default),
            Some(value) => match &value.value {
                RawNumber::Text(word) if word == "none" => Some(Limit::None),
                RawNumber::Text(word) if word == "full_marks" => Some(Limit::FullMarks),
                RawNumber::Text(word) if value.value.to_decimal().is_none() => {
                    diagnostics.error(
                        position_of(value),
                        format!("`{what}` takes a number, `full_marks` or `none`, found `{word}`"),
                    );
                    None
                }
                _ => number(value, what, diagnostics).map(Limit::At),
            },
        }
    }

    pub fn value(self, full_marks: Decimal) -> Option<Decimal> {
        match self {
            Limit::FullMarks => Some(full_marks),
            Limit::At(value) => Some(value),
            Limit::None => None,
        }
    }

    /// `score` held at or below this limit, taken as a cap.
    pub fn cap(self, score: Decimal, full_marks: Decimal) -> Decimal {
        self.value(full_marks).map_or(score, |cap| score.min(cap))
    }

    /// `score` held at or above this limit, taken as a floor.
    pub fn floor(self, score: Decimal, full_marks: Decimal) -> Decimal {
        self.value(full_marks)
            .map_or(score, |floor| score.max(floor))
    }
}
