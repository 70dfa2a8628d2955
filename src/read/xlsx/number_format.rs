//! Which number formats show a date or time: a number in a cell with such a
//! format is a date serial, read as [`CellValue::DateTime`]. The rules are
//! calamine 0.38's (`formats.rs`), so values read as before.
//!
//! [`CellValue::DateTime`]: crate::model::CellValue::DateTime

/// Built-in ids that are dates, times or durations, including the East Asian
/// date formats (27–36, 50–58) whose codes depend on the locale.
pub fn is_builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// Whether a format code shows a date, a time or a duration (`[h]:mm`).
/// Only the first section counts; quoted text, escaped and fill characters
/// and bracketed colours or conditions are not date tokens.
pub fn is_date_code(code: &str) -> bool {
    let mut escaped = false;
    let mut quoted = false;
    let mut brackets = 0u8;
    let mut previous = ' ';
    let mut elapsed = false;
    let mut am_pm = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
        } else if matches!(c, '_' | '\\' | '*') {
            escaped = true;
        } else if quoted {
            quoted = c != '"';
        } else {
            match c {
                '"' => quoted = true,
                ';' => return false,
                '[' => brackets = brackets.saturating_add(1),
                // `[h]`, `[mm]`, `[ss]`: elapsed time.
                ']' if brackets == 1 && elapsed => return true,
                ']' => brackets = brackets.saturating_sub(1),
                'a' | 'A' if !am_pm && brackets == 0 => am_pm = true,
                'p' | 'm' | '/' | 'P' | 'M' if am_pm && brackets == 0 => return true,
                'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S'
                    if !am_pm && brackets == 0 =>
                {
                    return true;
                }
                _ => {
                    if !(elapsed && c.eq_ignore_ascii_case(&previous)) {
                        elapsed = previous == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                    }
                }
            }
        }
        previous = c;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// calamine's own cases (ported from openpyxl), plus Chinese formats.
    #[test]
    fn date_codes_are_recognised() {
        for date in [
            "DD/MM/YY",
            "H:MM:SS;@",
            "m\"M\"d\"D\";@",
            "[h]:mm:ss",
            "[$-404]e\"\\xfc\"m\"\\xfc\"d\"\\xfc\"",
            "[h]",
            "[ss]",
            "[s].000",
            "[m]",
            "[mm]",
            "[Blue]\\+[h]:mm;[Red]\\-[h]:mm;[Green][h]:mm",
            "[>=100][Magenta][s].00",
            "[h]:mm;[=0]\\-",
            "ha/p\\\\m",
            "*-yyyy-mm-dd",
            "yyyy\"年\"m\"月\"d\"日\"",
            "[DBNum1][$-804]yyyy\"年\"m\"月\"",
        ] {
            assert!(is_date_code(date), "{date}");
        }
        for other in [
            "#,##0\\ [$\\u20bd-46D]",
            "\"Y: \"0.00\"m\";\"Y: \"-0.00\"m\";\"Y: <num>m\";@",
            "#,##0\\ [$''u20bd-46D]",
            "\"$\"#,##0_);[Red](\"$\"#,##0)",
            "0_ ;[Red]\\-0\\ ",
            "\\Y000000",
            "#,##0.0####\" YMD\"",
            "[>=100][Magenta].00",
            "[>=100][Magenta]General",
            "#,##0.00\\ _M\"H\"_);[Red]#,##0.00\\ _M\"S\"_)",
            "#,##0*y",
            "0\"x\"*d",
            "*-#,##0",
            "0.0\"分\"",
            "General",
        ] {
            assert!(!is_date_code(other), "{other}");
        }
    }

    #[test]
    fn builtin_dates() {
        assert!(is_builtin_date(14) && is_builtin_date(31) && is_builtin_date(46));
        assert!(!is_builtin_date(0) && !is_builtin_date(49) && !is_builtin_date(164));
    }
}
