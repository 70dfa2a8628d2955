//! How Excel reads text where it needs a number or a truth value, and
//! writes numbers as text. Only forms whose reading is certain are
//! decided; a text Excel might read as a date, a time or an amount of
//! money is "unknown", never a guessed number or a claimed `#VALUE!`.

use std::cmp::Ordering;
use std::str::FromStr;

use rust_decimal::Decimal;

/// What a text becomes where Excel needs a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Coerced {
    Number(Decimal),
    /// Excel gives `#VALUE!` (`"4分"`, `"优秀"`, `""`).
    NotNumber,
    /// Excel may read it as a date, time or currency (`"2024/1/1"`, `"$5"`).
    Unknown,
}

/// Characters of dates, times and money amounts as Excel parses them.
const DATE_OR_MONEY: &str = " .,+-/:$()%¥￥年月日时秒aApPmM";

pub(super) fn coerce_text(text: &str) -> Coerced {
    let trimmed = text.trim_matches(' ');
    if let Some(number) = plain_number(trimmed) {
        return Coerced::Number(number);
    }
    let has_digit = trimmed
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let date_like = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || DATE_OR_MONEY.contains(c));
    // "8时30分" is a time; a lone "4分" is a score with a unit.
    let time_like = trimmed.contains('时')
        && trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || c == '分' || DATE_OR_MONEY.contains(c));
    if has_digit && (date_like || time_like) {
        Coerced::Unknown
    } else {
        Coerced::NotNumber
    }
}

/// `12`, `-1,200.5`, `.5`, `1e3`, `45%`: a number without any unit.
fn plain_number(text: &str) -> Option<Decimal> {
    let (body, percent) = match text.strip_suffix('%') {
        Some(body) => (body.trim_end_matches(' '), true),
        None => (text, false),
    };
    let (negative, unsigned) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body.strip_prefix('+').unwrap_or(body)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let digits = mantissa_digits(mantissa)?;
    let mut value = match exponent {
        Some(exponent) => {
            let unsigned_exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if unsigned_exponent.is_empty()
                || !unsigned_exponent.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            Decimal::from_scientific(&format!("{digits}e{exponent}")).ok()?
        }
        None => Decimal::from_str(&digits).ok()?,
    };
    if negative {
        value = -value;
    }
    if percent {
        value /= Decimal::ONE_HUNDRED;
    }
    Some(value.normalize())
}

/// The digits of `1,200.50` as `1200.50`; thousands separators only in
/// groups of three, as anything else is not certainly a number.
fn mantissa_digits(mantissa: &str) -> Option<String> {
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped = groups.len() == 1
        || groups.iter().enumerate().all(|(i, group)| {
            let len_ok = if i == 0 {
                (1..=3).contains(&group.len())
            } else {
                group.len() == 3
            };
            len_ok && all_digits(group)
        });
    if !grouped || !all_digits(whole.replace(',', "").as_str()) {
        return None;
    }
    let fraction = fraction.unwrap_or("");
    if !all_digits(fraction) || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    let whole = whole.replace(',', "");
    let whole = if whole.is_empty() {
        "0"
    } else {
        whole.as_str()
    };
    Some(if fraction.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{fraction}")
    })
}

/// What a text becomes where Excel needs TRUE or FALSE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Truth {
    Bool(bool),
    /// Excel gives `#VALUE!`.
    NotBool,
    /// Not certain (padded words, numbers written as text).
    Unknown,
}

pub(super) fn truth_of_text(text: &str) -> Truth {
    let word = |t: &str| match t.to_ascii_uppercase().as_str() {
        "TRUE" => Some(true),
        "FALSE" => Some(false),
        _ => None,
    };
    if let Some(value) = word(text) {
        return Truth::Bool(value);
    }
    if word(text.trim()).is_some() || !matches!(coerce_text(text), Coerced::NotNumber) {
        return Truth::Unknown;
    }
    Truth::NotBool
}

/// A number as Excel writes it into text (`&`), when that is certain:
/// up to 15 significant digits and no exponent notation.
pub(super) fn number_text(value: Decimal) -> Option<String> {
    let value = value.normalize();
    if value.is_zero() {
        return Some("0".into());
    }
    let abs = value.abs();
    if abs >= Decimal::from(1_000_000_000_000_000i64) || abs < Decimal::new(1, 4) {
        return None;
    }
    let significant = value
        .mantissa()
        .unsigned_abs()
        .to_string()
        .trim_end_matches('0')
        .len();
    (significant <= 15).then(|| value.to_string())
}

/// The order of two texts, ignoring case as Excel does. Excel sorts by
/// its own collation; only equality and plain ASCII letters, digits and
/// spaces are certain to agree with a byte comparison.
pub(super) fn text_order(a: &str, b: &str) -> Option<Ordering> {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    if a == b {
        return Some(Ordering::Equal);
    }
    let plain = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
    (plain(&a) && plain(&b)).then(|| a.cmp(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn plain_numbers_coerce() {
        assert_eq!(coerce_text("4"), Coerced::Number(dec!(4)));
        assert_eq!(coerce_text(" 4.5 "), Coerced::Number(dec!(4.5)));
        assert_eq!(coerce_text("-1,200.5"), Coerced::Number(dec!(-1200.5)));
        assert_eq!(coerce_text(".5"), Coerced::Number(dec!(0.5)));
        assert_eq!(coerce_text("45%"), Coerced::Number(dec!(0.45)));
        assert_eq!(coerce_text("1e3"), Coerced::Number(dec!(1000)));
        assert_eq!(coerce_text("1E-2"), Coerced::Number(dec!(0.01)));
    }

    #[test]
    fn units_and_words_do_not() {
        for text in ["4分", "4.5分", "优秀", "", " ", "TRUE", "1e", "4 5分"] {
            assert_eq!(coerce_text(text), Coerced::NotNumber, "{text}");
        }
    }

    #[test]
    fn dates_and_money_are_not_decided() {
        for text in [
            "2024/1/1",
            "2024-01-01",
            "8:30",
            "$5",
            "1,2",
            "(5)",
            "４",
            "3月1日",
        ] {
            assert_eq!(coerce_text(text), Coerced::Unknown, "{text}");
        }
    }

    #[test]
    fn truth_words() {
        assert_eq!(truth_of_text("true"), Truth::Bool(true));
        assert_eq!(truth_of_text("FALSE"), Truth::Bool(false));
        assert_eq!(truth_of_text("是"), Truth::NotBool);
        assert_eq!(truth_of_text(" TRUE"), Truth::Unknown);
        assert_eq!(truth_of_text("1"), Truth::Unknown);
    }

    #[test]
    fn numbers_as_text() {
        assert_eq!(number_text(dec!(4.50)), Some("4.5".into()));
        assert_eq!(number_text(dec!(-12)), Some("-12".into()));
        assert_eq!(number_text(dec!(0)), Some("0".into()));
        assert_eq!(number_text(dec!(1) / dec!(3)), None);
        assert_eq!(number_text(dec!(0.00001)), None);
    }

    #[test]
    fn text_ordering() {
        assert_eq!(text_order("abc", "ABC"), Some(Ordering::Equal));
        assert_eq!(text_order("a", "b"), Some(Ordering::Less));
        assert_eq!(text_order("优秀", "良好"), None);
        assert_eq!(text_order("优秀", "优秀"), Some(Ordering::Equal));
    }
}
