//! How indicators make the total: one list, or weighted sections. Checks
//! that labels are unique, that weights or full marks add up to 100 (rubric
//! case A7) and that sections' weights do.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::raw::{RawCombine, RawIndicator, RawMapping, RawSection};
use super::validate::validate_indicator;
use super::{Combine, Indicator, Section};
use crate::yaml::{Diagnostics, Position, Spanned, position_of};

pub struct Scored {
    pub indicators: Vec<Indicator>,
    pub sections: Vec<Section>,
}

type RawList = Spanned<Vec<Spanned<RawIndicator>>>;

pub fn validate(raw: &RawMapping, check_sums: bool, diagnostics: &mut Diagnostics) -> Scored {
    let mut scored = Scored {
        indicators: Vec::new(),
        sections: Vec::new(),
    };
    let mut seen = BTreeSet::new();
    match (&raw.indicators, &raw.sections) {
        (Some(list), None) => {
            let indicators = indicator_list(list, &mut seen, &mut scored.indicators, diagnostics);
            if check_sums {
                check_shares(list, Combine::Sum, diagnostics);
            }
            scored.sections.push(Section {
                name: None,
                weight: Decimal::ONE,
                combine: Combine::Sum,
                indicators,
            });
        }
        (None, Some(sections)) => {
            for section in &sections.value {
                scored.sections.extend(validate_section(
                    section,
                    &mut seen,
                    &mut scored.indicators,
                    check_sums,
                    diagnostics,
                ));
            }
            if check_sums {
                check_section_weights(sections, &scored.sections, diagnostics);
            }
        }
        (Some(list), Some(_)) => diagnostics.error(
            position_of(list),
            "give either `indicators` or `sections`, not both",
        ),
        (None, None) => diagnostics.error(
            Position { line: 1, column: 1 },
            "the mapping needs `indicators` (or `sections` of indicators)",
        ),
    }
    scored
}

fn validate_section(
    raw: &Spanned<RawSection>,
    seen: &mut BTreeSet<String>,
    all: &mut Vec<Indicator>,
    check_sums: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Section> {
    let section = &raw.value;
    let combine = match section.combine.unwrap_or_default() {
        RawCombine::Sum => Combine::Sum,
        RawCombine::Average => Combine::Average,
    };
    let indicators = indicator_list(&section.indicators, seen, all, diagnostics);
    if check_sums {
        check_shares(&section.indicators, combine, diagnostics);
    }
    Some(Section {
        name: Some(section.name.value.clone()),
        weight: crate::rules::number(&section.weight, "weight", diagnostics)?,
        combine,
        indicators,
    })
}

/// Validates a list of indicators into `all`; returns their positions.
fn indicator_list(
    list: &RawList,
    seen: &mut BTreeSet<String>,
    all: &mut Vec<Indicator>,
    diagnostics: &mut Diagnostics,
) -> std::ops::Range<usize> {
    let start = all.len();
    if list.value.is_empty() {
        diagnostics.error(position_of(list), "this list of indicators is empty");
    }
    for indicator in &list.value {
        let label = &indicator.value.label;
        if !seen.insert(label.value.clone()) {
            diagnostics.error(
                position_of(label),
                format!("indicator `{}` is listed twice", label.value),
            );
        }
        if let Some(valid) = validate_indicator(&indicator.value, diagnostics) {
            all.push(valid);
        }
    }
    start..all.len()
}

/// Indicators that weigh themselves must all do so and add up to 100%;
/// otherwise, in a summed list, their full marks must add up to 100.
/// Read from the raw values, so the sums are checked even where a rule is
/// wrong.
fn check_shares(list: &RawList, combine: Combine, diagnostics: &mut Diagnostics) {
    let weights: Vec<Option<Decimal>> = list
        .value
        .iter()
        .map(|i| i.value.weight.as_ref().and_then(|w| w.value.to_decimal()))
        .collect();
    let weighted = weights.iter().filter(|w| w.is_some()).count();
    if weighted > 0 && weighted < weights.len() {
        diagnostics.error(
            position_of(list),
            "either every indicator of this list has a `weight` or none has",
        );
        return;
    }
    if weighted > 0 {
        let sum: Decimal = weights.iter().flatten().sum();
        if sum != Decimal::ONE {
            diagnostics.error(
                position_of(list),
                format!(
                    "weights of the indicators add up to {}%, not 100%",
                    percent(sum)
                ),
            );
        }
        return;
    }
    let marks: Option<Vec<Decimal>> = list
        .value
        .iter()
        .map(|i| i.value.full_marks.value.to_decimal())
        .collect();
    if let (Combine::Sum, Some(marks)) = (combine, marks) {
        let sum: Decimal = marks.into_iter().sum();
        if sum != Decimal::ONE_HUNDRED {
            diagnostics.error(
                position_of(list),
                format!("full marks of the indicators add up to {sum}, not 100"),
            );
        }
    }
}

fn check_section_weights(
    raw: &Spanned<Vec<Spanned<RawSection>>>,
    sections: &[Section],
    diagnostics: &mut Diagnostics,
) {
    if sections.len() != raw.value.len() {
        return;
    }
    let sum: Decimal = sections.iter().map(|s| s.weight).sum();
    if sum != Decimal::ONE {
        diagnostics.error(
            position_of(raw),
            format!(
                "weights of the sections add up to {}%, not 100%",
                percent(sum)
            ),
        );
    }
}

fn percent(ratio: Decimal) -> Decimal {
    (ratio * Decimal::ONE_HUNDRED).normalize()
}
