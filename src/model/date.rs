//! A date cell shown as a person sees it. HR types 考核月份 as "2026/10"
//! and Excel turns it into a date; kept as its serial (46296), the period
//! would read "46296" in every summary and never match a form where the
//! same month was typed as text ("2026年10月").
//!
//! Serials are Excel's 1900 system (the reader moves 1904-system workbooks
//! onto it), with its fictitious 1900-02-29 (serial 60).

use super::style::is_general_code;

/// Shows a date serial with its number format's date and time parts
/// (`yyyy"年"m"月"` → 2026年10月); a format with none, or a serial outside
/// Excel's dates, gives the ISO form (2026-10-01, 2026-10-01 08:30).
pub fn show_date(serial: f64, format_code: &str) -> String {
    let Some(moment) = Moment::of(serial) else {
        return crate::model::CellValue::Number(serial).display();
    };
    let tokens = tokenize(first_section(format_code));
    if is_general_code(format_code) || !tokens.iter().any(|token| matches!(token, Token::Part(..)))
    {
        return moment.iso();
    }
    render(&tokens, &moment)
}

/// The serial of an ISO date or date-time (`2026-10-01`,
/// `2026-10-01T08:30:00`), as ods files store dates; `None` for text that
/// is not one or a date before 1900-03-01 (where Excel's serials are off by
/// its fictitious leap day).
pub fn serial_of_iso(text: &str) -> Option<f64> {
    let (date, time) = text.split_once('T').unwrap_or((text, ""));
    let mut parts = date.splitn(3, '-').map(str::parse::<i64>);
    let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if !(1900..=9999).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day) + 25_569;
    if days < 61 {
        return None;
    }
    Some(days as f64 + day_fraction(time)?)
}

/// `08:30:00`, `08:30:00.5` as a fraction of a day; blank is midnight.
fn day_fraction(time: &str) -> Option<f64> {
    if time.is_empty() {
        return Some(0.0);
    }
    let mut parts = time.splitn(3, ':');
    let hours: f64 = parts.next()?.parse().ok()?;
    let minutes: f64 = parts.next().map_or(Ok(0.0), str::parse).ok()?;
    let seconds: f64 = parts.next().map_or(Ok(0.0), str::parse).ok()?;
    Some((hours * 3600.0 + minutes * 60.0 + seconds) / SECONDS_PER_DAY)
}

/// A calendar date to days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date and time formats Excel's built-in ids 27–36 and 50–58 stand
/// for in a Chinese (zh-CN) Excel, where the file stores only the id.
pub fn zh_cn_builtin_code(id: u32) -> Option<&'static str> {
    Some(match id {
        27 | 36 | 50 | 52 | 57 => r#"yyyy"年"m"月""#,
        28 | 29 | 51 | 53 | 54 | 58 => r#"m"月"d"日""#,
        30 => "m-d-yy",
        31 => r#"yyyy"年"m"月"d"日""#,
        32 | 55 => r#"h"时"mm"分""#,
        33 | 34 | 35 | 56 => r#"h"时"mm"分"ss"秒""#,
        _ => return None,
    })
}

/// A serial as calendar date and time of day.
#[derive(Debug, PartialEq, Eq)]
struct Moment {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

/// Excel's last date, 9999-12-31.
const LAST_SERIAL: f64 = 2_958_466.0;
const SECONDS_PER_DAY: f64 = 86_400.0;

impl Moment {
    fn of(serial: f64) -> Option<Self> {
        if !(0.0..LAST_SERIAL).contains(&serial) {
            return None;
        }
        let days = serial.floor() as i64;
        // A time that rounds up to midnight stays on its day, as 23:59:59.
        let seconds = (((serial - serial.floor()) * SECONDS_PER_DAY).round() as u32).min(86_399);
        let (year, month, day) = match days {
            0 => (1900, 1, 0),
            60 => (1900, 2, 29),
            // Before the fictitious leap day, serial 1 is 1900-01-01.
            1..=59 => civil_from_days(days - 25_568),
            _ => civil_from_days(days - 25_569),
        };
        Some(Self {
            year,
            month,
            day,
            hour: seconds / 3600,
            minute: seconds / 60 % 60,
            second: seconds % 60,
        })
    }

    fn iso(&self) -> String {
        let date = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        if (self.hour, self.minute, self.second) == (0, 0, 0) {
            date
        } else {
            format!("{date} {:02}:{:02}", self.hour, self.minute)
        }
    }
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The section for positive numbers: dates are never negative.
fn first_section(code: &str) -> &str {
    let mut quoted = false;
    let mut escaped = false;
    for (index, c) in code.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => return &code[..index],
            _ => {}
        }
    }
    code
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(String),
    /// A run of one date/time letter (`yyyy`, `m`, `dd`, `hh`, `ss`).
    Part(char, usize),
}

fn tokenize(code: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c.to_ascii_lowercase() {
            '"' => {
                let text: String = chars.by_ref().take_while(|&c| c != '"').collect();
                tokens.push(Token::Literal(text));
            }
            '\\' => tokens.extend(chars.next().map(|c| Token::Literal(c.to_string()))),
            // Locale, colour and elapsed-time brackets show nothing themselves.
            '[' => chars.by_ref().take_while(|&c| c != ']').for_each(drop),
            // Padding and fill: a width, not a character to show.
            '_' | '*' => {
                chars.next();
            }
            'e' => tokens.push(Token::Part('y', 4)),
            letter @ ('y' | 'm' | 'd' | 'h' | 's') => {
                let mut run = 1;
                while chars
                    .next_if(|c| c.to_ascii_lowercase() == letter)
                    .is_some()
                {
                    run += 1;
                }
                tokens.push(Token::Part(letter, run));
            }
            _ => tokens.push(Token::Literal(c.to_string())),
        }
    }
    tokens
}

fn render(tokens: &[Token], moment: &Moment) -> String {
    let mut text = String::new();
    for (index, token) in tokens.iter().enumerate() {
        match token {
            Token::Literal(literal) => text.push_str(literal),
            Token::Part('y', run) if *run <= 2 => {
                text.push_str(&format!("{:02}", moment.year.rem_euclid(100)));
            }
            Token::Part('y', _) => text.push_str(&moment.year.to_string()),
            Token::Part('m', run) if is_minutes(tokens, index) => {
                text.push_str(&two_digits(moment.minute, *run));
            }
            Token::Part('m', run) => text.push_str(&two_digits(moment.month, (*run).min(2))),
            Token::Part('d', run) => text.push_str(&two_digits(moment.day, (*run).min(2))),
            Token::Part('h', run) => text.push_str(&two_digits(moment.hour, *run)),
            Token::Part('s', run) => text.push_str(&two_digits(moment.second, *run)),
            Token::Part(_, _) => {}
        }
    }
    text
}

/// `m` after an hour or before a second is minutes, as in Excel.
fn is_minutes(tokens: &[Token], index: usize) -> bool {
    let before = tokens[..index].iter().rev().find_map(part_letter);
    let after = tokens[index + 1..].iter().find_map(part_letter);
    before == Some('h') || after == Some('s')
}

fn part_letter(token: &Token) -> Option<char> {
    match token {
        Token::Part(letter, _) => Some(*letter),
        Token::Literal(_) => None,
    }
}

fn two_digits(value: u32, run: usize) -> String {
    if run >= 2 {
        format!("{value:02}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-10-01, as Excel stores it.
    const OCTOBER_FIRST: f64 = 46_296.0;

    #[test]
    fn chinese_month_and_day_formats_read_as_typed() {
        assert_eq!(show_date(OCTOBER_FIRST, r#"yyyy"年"m"月""#), "2026年10月");
        assert_eq!(show_date(OCTOBER_FIRST, "yyyy年m月d日"), "2026年10月1日");
        assert_eq!(
            show_date(OCTOBER_FIRST, r#"[$-804]yyyy"年"mm"月"dd"日";@"#),
            "2026年10月01日"
        );
        assert_eq!(show_date(OCTOBER_FIRST, "yyyy/m/d"), "2026/10/1");
        assert_eq!(show_date(OCTOBER_FIRST, "yy-mm"), "26-10");
        assert_eq!(show_date(OCTOBER_FIRST, "e年m月"), "2026年10月");
    }

    #[test]
    fn minutes_and_months_are_told_apart() {
        let half_past_eight = OCTOBER_FIRST + 8.5 / 24.0;
        assert_eq!(
            show_date(half_past_eight, "yyyy-mm-dd hh:mm"),
            "2026-10-01 08:30"
        );
        assert_eq!(show_date(half_past_eight, "m/d h:mm:ss"), "10/1 8:30:00");
    }

    #[test]
    fn without_a_date_format_the_iso_form() {
        assert_eq!(show_date(OCTOBER_FIRST, "General"), "2026-10-01");
        assert_eq!(show_date(OCTOBER_FIRST, ""), "2026-10-01");
        assert_eq!(show_date(OCTOBER_FIRST + 0.75, "0.00"), "2026-10-01 18:00");
    }

    #[test]
    fn chinese_built_in_ids_read_as_a_chinese_excel_shows_them() {
        let shown = |id| show_date(OCTOBER_FIRST, zh_cn_builtin_code(id).unwrap_or_default());
        assert_eq!(shown(57), "2026年10月");
        assert_eq!(shown(58), "10月1日");
        assert_eq!(shown(31), "2026年10月1日");
        assert_eq!(shown(14), "2026-10-01");
    }

    #[test]
    fn ods_iso_dates_become_serials() {
        assert_eq!(serial_of_iso("2026-10-01"), Some(OCTOBER_FIRST));
        assert_eq!(
            serial_of_iso("2026-10-01T18:00:00"),
            Some(OCTOBER_FIRST + 0.75)
        );
        assert_eq!(serial_of_iso("1900-03-01"), Some(61.0));
        for not_a_date in [
            "1900-02-28",
            "2026-13-01",
            "2026-10",
            "十月",
            "",
            "2026-10-01T8:xx",
        ] {
            assert_eq!(serial_of_iso(not_a_date), None, "{not_a_date}");
        }
    }

    #[test]
    fn excels_first_dates_and_its_fictitious_leap_day() {
        assert_eq!(show_date(1.0, "yyyy-mm-dd"), "1900-01-01");
        assert_eq!(show_date(59.0, "yyyy-mm-dd"), "1900-02-28");
        assert_eq!(show_date(60.0, "yyyy-mm-dd"), "1900-02-29");
        assert_eq!(show_date(61.0, "yyyy-mm-dd"), "1900-03-01");
        assert_eq!(show_date(2_958_465.0, "yyyy-mm-dd"), "9999-12-31");
    }

    #[test]
    fn serials_outside_excels_dates_stay_numbers() {
        assert_eq!(show_date(-1.0, "yyyy-mm-dd"), "-1");
        assert_eq!(show_date(3e6, "yyyy-mm-dd"), "3000000");
        assert_eq!(show_date(f64::NAN, "yyyy"), "NaN");
    }
}
