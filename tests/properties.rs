//! Property tests (issue 5 item 7): the value parser, the mapping loader
//! and the date display (format codes come from files) take arbitrary input
//! without panicking, and give the right answer where there is one.
//!
//! Case counts are modest so that `cargo test` stays fast; for a longer hunt:
//! `PROPTEST_CASES=20000 cargo test --release --test properties`.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use kpi_audit::mapping::{LoadError, parse_mapping_text};
use kpi_audit::model::number::{TypedText, decimal_from_f64, parse_typed_number};
use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;

/// `n` cases, unless PROPTEST_CASES says otherwise.
fn cases(n: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    Config {
        cases,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// parse_typed_number

/// Text people could type into a cell, and text nobody would: full-width
/// forms, CJK, control characters, digit strings far beyond any decimal.
fn any_cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        // full-width ASCII, CJK punctuation and ideographs, digits and signs
        "[\u{FF00}-\u{FFEF}\u{3000}-\u{303F}\u{4E00}-\u{4E2F}分元件次%％.．,，+\\-'0-9 ]{0,24}",
        // control characters mixed with digits
        "[\u{0}-\u{1F}\u{7F}-\u{9F}0-9.%]{0,24}",
        // huge digit strings, with and without a point, a sign, a unit
        "[+\\-]?[0-9]{15,400}(\\.[0-9]{0,400})?(%|分|万元)?",
        "[+\\-]?0\\.[0-9]{20,200}%?",
        // near misses: several points, signs, exponents, separators
        "[0-9.,eE+\\-xX%]{1,30}",
    ]
}

/// The parser's unit suffixes and what each multiplies the number by.
const UNITS: &[(&str, i64)] = &[
    ("字/分", 1),
    ("字/分钟", 1),
    ("分钟", 1),
    ("万元", 10_000),
    ("元", 1),
    ("分", 1),
    ("件", 1),
    ("次", 1),
    ("个", 1),
    ("项", 1),
    ("单", 1),
    ("秒", 1),
    ("人", 1),
    ("天", 1),
];

/// A decimal number as a person types it: optional minus, up to 14 integer
/// digits (optionally grouped with commas), up to 6 decimals.
fn typed_decimal() -> impl Strategy<Value = (String, String)> {
    (
        any::<bool>(),
        "[1-9][0-9]{0,13}|0",
        proptest::option::of("[0-9]{1,6}"),
        any::<bool>(),
    )
        .prop_map(|(negative, int, frac, group)| {
            let plain = format!(
                "{}{int}{}",
                if negative { "-" } else { "" },
                frac.as_ref().map(|f| format!(".{f}")).unwrap_or_default()
            );
            let int_typed = if group {
                with_commas(&int)
            } else {
                int.clone()
            };
            let typed = format!(
                "{}{int_typed}{}",
                if negative { "-" } else { "" },
                frac.map(|f| format!(".{f}")).unwrap_or_default()
            );
            (plain, typed)
        })
}

fn with_commas(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Full-width digits, point and percent, as a Chinese IME types them.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | '.' | '%' | ',' | '-' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            _ => c,
        })
        .collect()
}

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn value_parser_never_panics(text in any_cell_text()) {
        if let TypedText::Number { value, .. } = parse_typed_number(&text) {
            // Numbers past Excel's 15 digits are refused before any scaling.
            prop_assert!(value.abs() < Decimal::from(10_000_000_000_000_000_000u64));
        }
    }

    #[test]
    fn value_parser_reads_a_decimal_with_a_unit(
        (plain, typed) in typed_decimal(),
        unit in proptest::option::of(0..UNITS.len()),
        space_before_unit in any::<bool>(),
        padding in "[ \u{3000}]{0,2}",
        full in any::<bool>(),
    ) {
        let (suffix, factor) = unit.map_or(("", 1), |i| UNITS[i]);
        let gap = if space_before_unit && !suffix.is_empty() { " " } else { "" };
        let mut text = format!("{padding}{typed}{gap}{suffix}{padding}");
        if full {
            text = full_width(&text);
        }
        let expected = Decimal::from_str(&plain).unwrap() * Decimal::from(factor);
        match parse_typed_number(&text) {
            TypedText::Number { value, percent } => {
                prop_assert_eq!(value, expected, "{:?}", text);
                prop_assert!(!percent);
            }
            other => prop_assert!(false, "{:?} read as {:?}, expected {}", text, other, expected),
        }
    }

    #[test]
    fn value_parser_reads_a_percentage(
        (plain, typed) in typed_decimal(),
        space in any::<bool>(),
        full in any::<bool>(),
    ) {
        let mut text = format!("{typed}{}%", if space { " " } else { "" });
        if full {
            text = full_width(&text);
        }
        let expected = Decimal::from_str(&plain).unwrap() / Decimal::ONE_HUNDRED;
        match parse_typed_number(&text) {
            TypedText::Number { value, percent } => {
                prop_assert_eq!(value, expected, "{:?}", text);
                prop_assert!(percent);
            }
            other => prop_assert!(false, "{:?} read as {:?}, expected {}", text, other, expected),
        }
    }
}

// ---------------------------------------------------------------------------
// decimal_from_f64

/// A number of 1 to 15 significant digits, between 1e-12 and 1e15, as text.
fn up_to_15_digits() -> impl Strategy<Value = String> {
    (any::<bool>(), 1u64..1_000_000_000_000_000, 0u32..=12).prop_map(
        |(negative, mantissa, scale)| {
            let value = Decimal::from_i128_with_scale(mantissa as i128, scale);
            format!("{}{value}", if negative { "-" } else { "" })
        },
    )
}

proptest! {
    #![proptest_config(cases(2000))]

    #[test]
    fn float_conversion_never_panics(value in any::<f64>()) {
        if let Some(decimal) = decimal_from_f64(value) {
            prop_assert!(value.is_finite());
            // what comes back is the float to Excel's 15 significant digits
            let back: f64 = decimal.to_string().parse().unwrap();
            prop_assert!((back - value).abs() <= value.abs() * 1e-14, "{} became {}", value, decimal);
        }
    }

    #[test]
    fn float_conversion_never_panics_on_raw_bits(bits in any::<u64>()) {
        let _ = decimal_from_f64(f64::from_bits(bits));
    }

    #[test]
    fn float_conversion_round_trips_15_digits(text in up_to_15_digits()) {
        let float: f64 = text.parse().unwrap();
        let expected = Decimal::from_str(&text).unwrap().normalize();
        prop_assert_eq!(decimal_from_f64(float), Some(expected), "{}", text);
    }
}

// ---------------------------------------------------------------------------
// parse_mapping_text

fn shipped_mappings() -> Vec<(PathBuf, String)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings");
    let mut found: Vec<(PathBuf, String)> = std::fs::read_dir(&folder)
        .expect("mappings/")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            let text = std::fs::read_to_string(&path).ok()?;
            yaml.then_some((path, text))
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no mappings in {}", folder.display());
    found
}

/// The loader's contract: a mapping, or diagnostics that point into the file.
fn check_loader(path: &Path, text: &str) -> Result<(), TestCaseError> {
    match parse_mapping_text(path, text) {
        Ok(_) => Ok(()),
        Err(LoadError::Invalid(diagnostics)) => {
            prop_assert!(!diagnostics.is_empty(), "an error without diagnostics");
            for d in &diagnostics {
                prop_assert!(d.line >= 1, "diagnostic without a line: {}", d);
            }
            Ok(())
        }
        Err(other) => Err(TestCaseError::fail(format!("unexpected error: {other}"))),
    }
}

/// Byte ranges of the scalars of a YAML text (keys, values, list items):
/// runs of text between the YAML indicators, without surrounding spaces.
fn scalar_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start: Option<usize> = None;
    let push = |from: usize, to: usize, ranges: &mut Vec<(usize, usize)>| {
        let run = &text[from..to];
        let left = run.len() - run.trim_start().len();
        let right = run.len() - run.trim_end().len();
        if from + left < to - right {
            ranges.push((from + left, to - right));
        }
    };
    for (i, c) in text.char_indices() {
        if matches!(c, '\n' | ':' | ',' | '{' | '}' | '[' | ']' | '#') {
            if let Some(s) = start.take() {
                push(s, i, &mut ranges);
            }
        } else if start.is_none() && c != '-' {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut ranges);
    }
    ranges
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    ReplaceScalar(usize, String),
}

/// Text to put where a scalar was: anything, YAML syntax included.
fn replacement() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z_]{0,12}",
        "-?[0-9]{0,30}(\\.[0-9]{0,30})?%?",
        "[\\[\\]{}:,#&*!|>'\"%@`\\- \n\t]{0,12}",
        Just(String::new()),
        Just("~".to_string()),
        Just("null".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("*anchor".to_string()),
        Just("1e400".to_string()),
        Just("-0".to_string()),
        Just("99999999999999999999999999999999".to_string()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), replacement()).prop_map(|(at, with)| Mutation::ReplaceScalar(at, with)),
    ]
}

fn mutate(text: &str, mutation: &Mutation) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match mutation {
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            let at = at % lines.len();
            lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, l)| *l)
                .collect()
        }
        Mutation::DuplicateLine(at) if !lines.is_empty() => {
            let at = at % lines.len();
            let mut out: Vec<&str> = lines.clone();
            out.insert(at, lines[at]);
            out.concat()
        }
        Mutation::ReplaceScalar(at, with) => {
            let ranges = scalar_ranges(text);
            if ranges.is_empty() {
                return text.to_string();
            }
            let (from, to) = ranges[at % ranges.len()];
            format!("{}{with}{}", &text[..from], &text[to..])
        }
        _ => text.to_string(),
    }
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn mapping_loader_never_panics_on_arbitrary_text(text in prop_oneof![
        any::<String>(),
        // YAML-shaped noise: keys, indicators, indentation
        "([a-z_]{1,10}|[-:{}\\[\\],#&*!|>'\"]| |\n  |\n- ){0,60}",
    ]) {
        check_loader(Path::new("mappings/arbitrary.yaml"), &text)?;
    }

    #[test]
    fn mapping_loader_never_panics_on_mutated_shipped_mappings(
        which in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let shipped = shipped_mappings();
        let (path, text) = &shipped[which % shipped.len()];
        let mut mutated = text.clone();
        for m in &mutations {
            mutated = mutate(&mutated, m);
        }
        check_loader(path, &mutated)?;
    }
}

#[test]
fn shipped_mappings_load() {
    for (path, text) in shipped_mappings() {
        if let Err(e) = parse_mapping_text(&path, &text) {
            panic!("{}: {e}", path.display());
        }
    }
}

#[test]
fn scalar_ranges_find_keys_values_and_items() {
    let text = "form: 表\nrecognise: { title_contains: [甲, 乙] }\n- { a: 1 }\n";
    let scalars: Vec<&str> = scalar_ranges(text)
        .iter()
        .map(|&(a, b)| &text[a..b])
        .collect();
    assert_eq!(
        scalars,
        [
            "form",
            "表",
            "recognise",
            "title_contains",
            "甲",
            "乙",
            "a",
            "1"
        ]
    );
}

#[test]
fn mapping_loader_survives_an_alias_bomb() {
    // "billion laughs": each level refers to the one above ten times.
    let mut text = String::from("a0: &a0 [x]\n");
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    text.push_str("form: t\n");
    let started = std::time::Instant::now();
    let result = parse_mapping_text(Path::new("bomb.yaml"), &text);
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    match result {
        Ok(_) => panic!("an alias bomb is not a mapping"),
        Err(LoadError::Invalid(d)) => assert!(d.iter().all(|d| d.line >= 1), "{d:?}"),
        Err(e) => panic!("{e}"),
    }
}

// ---------------------------------------------------------------------------
// dates: a number format code comes from the file, a serial from any cell

proptest! {
    #![proptest_config(cases(512))]

    /// Any format code and any serial show as some text, never a panic; a
    /// date within Excel's range under a code naming its year shows that
    /// year.
    #[test]
    fn any_format_code_and_serial_show_without_panicking(
        code in prop_oneof![
            any::<String>(),
            "[yYmMdDhHsSeE\"\\\\\\[\\];@_* 年月日/:.0#-]{0,24}",
        ],
        serial in any::<f64>(),
    ) {
        let _ = kpi_audit::model::date::show_date(serial, &code);
    }

    #[test]
    fn a_year_format_shows_the_serials_year(days in 61u32..2_958_465) {
        let shown = kpi_audit::model::date::show_date(f64::from(days), "yyyy");
        let year: i64 = shown.parse().unwrap();
        prop_assert!((1900..=9999).contains(&year), "{shown}");
        let back = kpi_audit::model::date::serial_of_iso(&kpi_audit::model::date::show_date(
            f64::from(days),
            "yyyy-mm-dd",
        ));
        prop_assert_eq!(back, Some(f64::from(days)));
    }

    #[test]
    fn any_text_is_an_iso_date_or_not_without_panicking(text in any::<String>()) {
        let _ = kpi_audit::model::date::serial_of_iso(&text);
    }
}
