//! Reading the numbers people type: "4分", "９０%", " 85 ", "1,200元", "'85".

use std::str::FromStr;

use rust_decimal::Decimal;

/// What a typed text turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedText {
    /// Nothing that counts as a value: blank, or a dash meaning "none".
    Blank,
    /// A number, possibly with a percent sign (already divided by 100).
    Number { value: Decimal, percent: bool },
    /// Text that is not a number.
    NotANumber,
}

/// Units people append to numbers in these forms; stripped before parsing.
const UNIT_SUFFIXES: &[&str] = &[
    "字/分",
    "字/分钟",
    "分钟",
    "万元",
    "元",
    "分",
    "件",
    "次",
    "个",
    "项",
    "单",
    "笔",
    "条",
    "秒",
    "人",
    "天",
];

/// Beyond Excel's 15 significant digits a typed "number" is an ID or a slip
/// of the keyboard, and keeping values below it keeps all score arithmetic
/// far from the decimal type's limits.
const LARGEST_PLAUSIBLE: Decimal = Decimal::from_parts(0xA4C6_8000, 0x38D7E, 0, false, 0);

const DASHES: &[&str] = &["-", "—", "——", "–", "/", "无", "N/A", "n/a"];

pub fn parse_typed_number(text: &str) -> TypedText {
    let normalised = to_half_width(text);
    let trimmed = normalised
        .trim()
        .trim_start_matches('\'')
        .trim()
        .to_string();
    if trimmed.is_empty() || DASHES.contains(&trimmed.as_str()) {
        return TypedText::Blank;
    }
    let (body, percent) = match trimmed.strip_suffix('%') {
        Some(body) => (body.trim_end(), true),
        None => (strip_unit(&trimmed), false),
    };
    let is_ten_thousands = !percent && trimmed.ends_with("万元");
    let digits: String = body.chars().filter(|c| *c != ',' && *c != ' ').collect();
    if !looks_numeric(&digits) {
        return TypedText::NotANumber;
    }
    match Decimal::from_str(&digits) {
        Ok(value) if value.abs() >= LARGEST_PLAUSIBLE => TypedText::NotANumber,
        Ok(mut value) => {
            if percent {
                value /= Decimal::ONE_HUNDRED;
            }
            if is_ten_thousands {
                value *= Decimal::from(10_000);
            }
            TypedText::Number {
                value: value.normalize(),
                percent,
            }
        }
        Err(_) => TypedText::NotANumber,
    }
}

fn strip_unit(text: &str) -> &str {
    UNIT_SUFFIXES
        .iter()
        .find_map(|unit| text.strip_suffix(unit))
        .map_or(text, str::trim_end)
}

/// Only an optional sign, digits and at most one decimal point, so that
/// "1e5" or "0x10" are not taken for numbers a person meant.
fn looks_numeric(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut seen_digit = false;
    let mut seen_point = false;
    for c in unsigned.chars() {
        match c {
            '0'..='9' => seen_digit = true,
            '.' if !seen_point => seen_point = true,
            _ => return false,
        }
    }
    seen_digit
}

/// Full-width digits, signs and punctuation (as typed with a Chinese IME)
/// become their ASCII forms; the ideographic space becomes a space.
fn to_half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '。' => '.',
            _ => c,
        })
        .collect()
}

/// A number read from a binary float, rounded to the 15 significant digits
/// Excel shows, so 0.85 stays 0.85 and 0.1+0.2 becomes 0.3.
pub fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() || value.abs() >= 1e15 {
        return None;
    }
    if value.fract() == 0.0 {
        // Whole numbers (most scores and counts) are exact: no formatting.
        return Some(Decimal::from(value as i64));
    }
    let scientific = format!("{value:.14e}");
    Decimal::from_scientific(&scientific)
        .ok()
        .map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn number(text: &str) -> Option<Decimal> {
        match parse_typed_number(text) {
            TypedText::Number { value, .. } => Some(value),
            _ => None,
        }
    }

    #[test]
    fn units_spaces_and_separators_are_stripped() {
        assert_eq!(number("4分"), Some(dec!(4)));
        assert_eq!(number(" 85 "), Some(dec!(85)));
        assert_eq!(number("85.0"), Some(dec!(85)));
        assert_eq!(number("1,200元"), Some(dec!(1200)));
        assert_eq!(number("4.5 分"), Some(dec!(4.5)));
        assert_eq!(number("'85"), Some(dec!(85)));
        assert_eq!(number("3次"), Some(dec!(3)));
        assert_eq!(number("2笔"), Some(dec!(2)));
        assert_eq!(number("1条"), Some(dec!(1)));
        assert_eq!(number("72字/分"), Some(dec!(72)));
        assert_eq!(number("1.5万元"), Some(dec!(15000)));
        assert_eq!(number("-2"), Some(dec!(-2)));
    }

    #[test]
    fn percent_sign_divides_by_hundred() {
        assert_eq!(
            parse_typed_number("90%"),
            TypedText::Number {
                value: dec!(0.9),
                percent: true
            }
        );
        assert_eq!(number("37.5%"), Some(dec!(0.375)));
    }

    #[test]
    fn full_width_digits_are_read() {
        assert_eq!(number("９０"), Some(dec!(90)));
        assert_eq!(number("９０%"), Some(dec!(0.9)));
        assert_eq!(number("９０％"), Some(dec!(0.9)));
        assert_eq!(number("８５．５"), Some(dec!(85.5)));
        assert_eq!(number("\u{3000}85\u{3000}"), Some(dec!(85)));
    }

    #[test]
    fn blanks_and_dashes_are_blank() {
        for text in ["", "   ", "—", "-", "无", "\u{3000}"] {
            assert_eq!(parse_typed_number(text), TypedText::Blank, "{text:?}");
        }
    }

    #[test]
    fn words_are_not_numbers() {
        for text in [
            "优秀",
            "85分以上",
            "1e5",
            "0x10",
            "1.2.3",
            "%",
            "分",
            "1000000000000000",
        ] {
            assert_eq!(parse_typed_number(text), TypedText::NotANumber, "{text:?}");
        }
    }

    #[test]
    fn floats_become_the_decimals_excel_shows() {
        assert_eq!(decimal_from_f64(0.85), Some(dec!(0.85)));
        assert_eq!(decimal_from_f64(0.1 + 0.2), Some(dec!(0.3)));
        assert_eq!(decimal_from_f64(85.0), Some(dec!(85)));
        assert_eq!(decimal_from_f64(1.0 / 3.0), Some(dec!(0.333333333333333)));
        assert_eq!(decimal_from_f64(f64::NAN), None);
        assert_eq!(decimal_from_f64(1e300), None);
        assert_eq!(
            decimal_from_f64(999_999_999_999_999.0),
            Some(dec!(999999999999999))
        );
    }
}
