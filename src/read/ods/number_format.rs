//! ODS data styles (`number:number-style`, `number:date-style` …) as Excel
//! number format codes, so a copy shows `98%`, `29.40` and `2026年10月1日`
//! as the form did rather than `0.98`, `29.4` and a serial number.
//! Elements Excel has no code for (eras, quarters, week numbers) are left
//! out of the code; a style that is LibreOffice's General stays General.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::layout::attribute;
use super::styles::hex_color;
use crate::model::style::Rgb;

/// Excel shows at most 30 decimals.
const MAX_DECIMALS: u8 = 30;
const RED: Rgb = Rgb(0xFF_00_00);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DataKind {
    Number,
    Percentage,
    Currency,
    Date,
    Time,
    Boolean,
    Text,
}

impl DataKind {
    pub(super) fn of(name: &str) -> Option<Self> {
        Some(match name {
            "number:number-style" => Self::Number,
            "number:percentage-style" => Self::Percentage,
            "number:currency-style" => Self::Currency,
            "number:date-style" => Self::Date,
            "number:time-style" => Self::Time,
            "number:boolean-style" => Self::Boolean,
            "number:text-style" => Self::Text,
            _ => return None,
        })
    }
}

/// One `number:*-style`: its parts in order and the styles it switches to
/// by value (`style:map`), which are Excel's format sections.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DataStyle {
    kind: DataKind,
    /// `number:truncate-on-overflow="false"`: hours beyond 24 are shown.
    elapsed_hours: bool,
    red: bool,
    pub(super) tokens: Vec<Token>,
    /// (condition without spaces, style applied).
    maps: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Number {
        /// `None` is LibreOffice's "General": as many as the value needs.
        decimals: Option<u8>,
        min_decimals: u8,
        min_integer: u8,
        grouping: bool,
    },
    Scientific {
        decimals: u8,
        min_integer: u8,
        min_exponent: u8,
    },
    Fraction {
        numerator: u8,
        denominator: u8,
    },
    Literal(String),
    Currency(String),
    Year {
        long: bool,
    },
    Month {
        long: bool,
        textual: bool,
    },
    Day {
        long: bool,
    },
    Weekday {
        long: bool,
    },
    Hours {
        long: bool,
    },
    Minutes {
        long: bool,
    },
    Seconds {
        long: bool,
        decimals: u8,
    },
    AmPm,
    TextContent,
}

impl Token {
    pub(super) fn read(element: &BytesStart<'_>, text: String) -> Option<Self> {
        let long = attribute(element, "number:style").as_deref() == Some("long");
        let count = |name| {
            attribute(element, name)
                .and_then(|v| v.trim().parse::<u8>().ok())
                .map(|n| n.min(MAX_DECIMALS))
        };
        Some(match element.name().as_ref() {
            "number:number" => Token::Number {
                decimals: count("number:decimal-places"),
                min_decimals: count("number:min-decimal-places")
                    .or(count("number:decimal-places"))
                    .unwrap_or(0),
                min_integer: count("number:min-integer-digits").unwrap_or(1),
                grouping: attribute(element, "number:grouping").as_deref() == Some("true"),
            },
            "number:scientific-number" => Token::Scientific {
                decimals: count("number:decimal-places").unwrap_or(2),
                min_integer: count("number:min-integer-digits").unwrap_or(1),
                min_exponent: count("number:min-exponent-digits").unwrap_or(2),
            },
            "number:fraction" => Token::Fraction {
                numerator: count("number:min-numerator-digits").unwrap_or(1),
                denominator: count("number:min-denominator-digits").unwrap_or(1),
            },
            "number:text" => Token::Literal(text),
            "number:currency-symbol" => Token::Currency(text),
            "number:year" => Token::Year { long },
            "number:month" => Token::Month {
                long,
                textual: attribute(element, "number:textual").as_deref() == Some("true"),
            },
            "number:day" => Token::Day { long },
            "number:day-of-week" => Token::Weekday { long },
            "number:hours" => Token::Hours { long },
            "number:minutes" => Token::Minutes { long },
            "number:seconds" => Token::Seconds {
                long,
                decimals: count("number:decimal-places").unwrap_or(0),
            },
            "number:am-pm" => Token::AmPm,
            "number:text-content" => Token::TextContent,
            _ => return None,
        })
    }
}

impl DataStyle {
    pub(super) fn new(kind: DataKind, element: &BytesStart<'_>) -> Self {
        Self {
            kind,
            elapsed_hours: attribute(element, "number:truncate-on-overflow").as_deref()
                == Some("false"),
            red: false,
            tokens: Vec::new(),
            maps: Vec::new(),
        }
    }

    /// A red colour on the style is Excel's `[Red]`; other colours have
    /// no code.
    pub(super) fn read_text_properties(&mut self, element: &BytesStart<'_>) {
        self.red = attribute(element, "fo:color").and_then(|c| hex_color(&c)) == Some(RED);
    }

    pub(super) fn read_map(&mut self, element: &BytesStart<'_>) {
        let condition = attribute(element, "style:condition");
        let applied = attribute(element, "style:apply-style-name");
        if let (Some(condition), Some(applied)) = (condition, applied) {
            let condition = condition.chars().filter(|c| !c.is_whitespace()).collect();
            self.maps.push((condition, applied));
        }
    }

    /// The Excel code for this style and the styles its maps apply, as
    /// Excel's sections; `None` when it is General.
    pub(super) fn excel_code(&self, data_styles: &HashMap<String, DataStyle>) -> Option<String> {
        let own = self.own_code();
        let sections = self.mapped_sections(data_styles);
        if sections.is_empty() {
            return own;
        }
        let own = own.unwrap_or_else(|| "General".to_string());
        Some(format!("{};{own}", sections.join(";")))
    }

    /// The sections the maps stand for, when they are the shapes Excel has:
    /// positive (or not negative), then negative, then zero, the style
    /// itself being the rest. Other conditions keep the style's own code.
    fn mapped_sections(&self, data_styles: &HashMap<String, DataStyle>) -> Vec<String> {
        let is_positive = |condition: &str| matches!(condition, "value()>=0" | "value()>0");
        let conditions: Vec<&str> = self.maps.iter().map(|(c, _)| c.as_str()).collect();
        let excel_shape = match conditions.as_slice() {
            [positive] | [positive, "value()<0"] => is_positive(positive),
            [positive, "value()<0", "value()=0"] => {
                is_positive(positive) && self.kind == DataKind::Text
            }
            _ => false,
        };
        if !excel_shape {
            return Vec::new();
        }
        let code_of = |name: &str| {
            data_styles
                .get(name)
                .and_then(DataStyle::own_code)
                .unwrap_or_else(|| "General".to_string())
        };
        self.maps.iter().map(|(_, name)| code_of(name)).collect()
    }

    /// The code of this style alone; `None` when it is General.
    fn own_code(&self) -> Option<String> {
        if self.kind == DataKind::Boolean || self.is_general_number() {
            return None;
        }
        let mut code = String::new();
        if self.red {
            code.push_str("[Red]");
        }
        for token in &self.tokens {
            self.push_token(&mut code, token);
        }
        let empty = code.is_empty() || code == "[Red]";
        (!empty).then_some(code)
    }

    /// LibreOffice writes its General format as a number without a count
    /// of decimals.
    fn is_general_number(&self) -> bool {
        self.tokens
            .iter()
            .any(|token| matches!(token, Token::Number { decimals: None, .. }))
    }

    fn push_token(&self, code: &mut String, token: &Token) {
        match token {
            Token::Number {
                decimals,
                min_decimals,
                min_integer,
                grouping,
            } => push_number(code, *decimals, *min_decimals, *min_integer, *grouping),
            Token::Scientific {
                decimals,
                min_integer,
                min_exponent,
            } => {
                push_number(code, Some(*decimals), *decimals, *min_integer, false);
                code.push_str("E+");
                code.push_str(&"0".repeat(usize::from((*min_exponent).max(1))));
            }
            Token::Fraction {
                numerator,
                denominator,
            } => {
                let places = |n: u8| "?".repeat(usize::from(n.max(1)));
                code.push_str(&format!(
                    "# {}/{}",
                    places(*numerator),
                    places(*denominator)
                ));
            }
            Token::Literal(text) if self.kind == DataKind::Percentage && text.trim() == "%" => {
                code.push_str(text);
            }
            Token::Literal(text) | Token::Currency(text) => push_literal(code, text),
            Token::Year { long } => code.push_str(if *long { "yyyy" } else { "yy" }),
            Token::Month { long, textual } => code.push_str(match (textual, long) {
                (true, true) => "mmmm",
                (true, false) => "mmm",
                (false, true) => "mm",
                (false, false) => "m",
            }),
            Token::Day { long } => code.push_str(if *long { "dd" } else { "d" }),
            Token::Weekday { long } => code.push_str(if *long { "dddd" } else { "ddd" }),
            Token::Hours { long } => {
                let hours = if *long { "hh" } else { "h" };
                if self.elapsed_hours {
                    code.push_str(&format!("[{hours}]"));
                } else {
                    code.push_str(hours);
                }
            }
            Token::Minutes { long } => code.push_str(if *long { "mm" } else { "m" }),
            Token::Seconds { long, decimals } => {
                code.push_str(if *long { "ss" } else { "s" });
                if *decimals > 0 {
                    code.push('.');
                    code.push_str(&"0".repeat(usize::from(*decimals)));
                }
            }
            Token::AmPm => code.push_str("AM/PM"),
            Token::TextContent => code.push('@'),
        }
    }
}

/// `0`, `0.00`, `#,##0.0#`: `decimals` places of which `min_decimals`
/// always shown, at least `min_integer` integer digits.
fn push_number(
    code: &mut String,
    decimals: Option<u8>,
    min_decimals: u8,
    min_integer: u8,
    grouping: bool,
) {
    let min_integer = usize::from(min_integer);
    let integer = if grouping {
        let digits = format!(
            "{}{}",
            "#".repeat(4usize.saturating_sub(min_integer)),
            "0".repeat(min_integer)
        );
        let split = digits.len() - 3;
        format!("{},{}", &digits[..split], &digits[split..])
    } else if min_integer == 0 {
        "#".to_string()
    } else {
        "0".repeat(min_integer)
    };
    code.push_str(&integer);
    let decimals = decimals.unwrap_or(0);
    if decimals > 0 {
        let shown = min_decimals.min(decimals);
        code.push('.');
        code.push_str(&"0".repeat(usize::from(shown)));
        code.push_str(&"#".repeat(usize::from(decimals - shown)));
    }
}

/// Text in a format code: characters Excel shows as themselves stay bare,
/// anything else (年, 月, letters that would be codes) is quoted.
fn push_literal(code: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    let bare = text.chars().all(|c| " -/:.,()".contains(c));
    if bare {
        code.push_str(text);
    } else {
        code.push('"');
        code.push_str(&text.replace('"', ""));
        code.push('"');
    }
}
