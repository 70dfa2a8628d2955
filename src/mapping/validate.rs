//! Raw YAML shape → validated [`Mapping`], collecting every problem.

use std::path::Path;

use rust_decimal::Decimal;

use super::raw::{RawCommission, RawIndicator, RawMapping, RawRaters, RawUnit, RawWhenMissing};
use super::sections;
use super::{
    Columns, Commission, HeadField, HeadFields, Indicator, Input, Layout, Mapping, Periods, Raters,
    RosterColumns, TotalRow, Unit, WhenMissing,
};
use crate::rules::{InputUnit, RuleContext, SOLE_INPUT};
use crate::yaml::{Diagnostic, Diagnostics, Spanned, position_of};

const DEFAULT_DECIMALS: u32 = 2;
const DEFAULT_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// `check_sums`: whether the indicators and sections are all there, so
/// their full marks and weights must add up (not when some were left out
/// because they did not parse).
pub fn validate(
    file: &Path,
    raw: &RawMapping,
    check_sums: bool,
) -> Result<Mapping, Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::new(file);
    let scored = sections::validate(raw, check_sums, &mut diagnostics);
    let raters = raw
        .raters
        .as_ref()
        .and_then(|raters| validate_raters(raters, &mut diagnostics));
    let team_key = validate_team(raw, &mut diagnostics);
    let tolerance = match &raw.tolerance {
        Some(tolerance) => crate::rules::number(tolerance, "tolerance", &mut diagnostics),
        None => Some(DEFAULT_TOLERANCE),
    };
    if raw.recognise.value.title_contains.is_empty() {
        diagnostics.error(
            position_of(&raw.recognise),
            "`recognise.title_contains` needs at least one text that identifies the form",
        );
    }
    let layout = validate_layout(raw, &mut diagnostics);
    let grades = raw.grades.as_ref().and_then(|grades| {
        crate::policy::grades::validate(&grades.value, position_of(grades), &mut diagnostics)
    });
    let periods = validate_periods(raw, &mut diagnostics);
    let pool = raw.pool.as_ref().and_then(|pool| {
        crate::policy::pool::validate(&pool.value, position_of(pool), &mut diagnostics)
    });
    let split_evenly = raw.split_evenly.as_ref().and_then(|split| {
        crate::policy::pool::validate_split_evenly(
            &split.value,
            position_of(split),
            &mut diagnostics,
        )
    });
    let commission = raw
        .commission
        .as_ref()
        .and_then(|commission| validate_commission(commission, &mut diagnostics));
    if !diagnostics.is_empty() {
        return Err(diagnostics.into_vec());
    }
    let Some(layout) = layout else {
        return Err(diagnostics.into_vec());
    };
    Ok(Mapping {
        source: file.to_path_buf(),
        form: raw.form.value.clone(),
        template: raw
            .template
            .as_ref()
            .map(|t| super::relative_to(file, &t.value)),
        title_contains: strings(&raw.recognise.value.title_contains),
        fields: HeadFields {
            person: text(&raw.fields.person),
            department: text(&raw.fields.department),
            period: text(&raw.fields.period),
            reviewer: text(&raw.fields.reviewer),
            base_pay: text(&raw.fields.base_pay),
            grade: text(&raw.fields.grade),
        },
        team_key: team_key.unwrap_or_default(),
        layout,
        total: raw.total.as_ref().map(|total| TotalRow {
            label: total.value.label.value.clone(),
            expects_formula: total.value.formula,
        }),
        decimals: raw.decimals.as_ref().map_or(DEFAULT_DECIMALS, |d| d.value),
        tolerance: tolerance.unwrap_or(DEFAULT_TOLERANCE),
        raters,
        grades,
        commission,
        periods,
        pool,
        split_evenly,
        severity: raw
            .severity
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_default(),
        indicators: scored.indicators,
        sections: scored.sections,
    })
}

fn validate_raters(raw: &Spanned<RawRaters>, diagnostics: &mut Diagnostics) -> Option<Raters> {
    let raters = &raw.value;
    let self_weight = crate::rules::number(&raters.self_weight, "self", diagnostics)?;
    let supervisor_weight = crate::rules::number(&raters.supervisor, "supervisor", diagnostics)?;
    if self_weight + supervisor_weight != Decimal::ONE {
        diagnostics.error(
            position_of(raw),
            format!(
                "rater weights add up to {}%, not 100%",
                ((self_weight + supervisor_weight) * Decimal::ONE_HUNDRED).normalize()
            ),
        );
        return None;
    }
    Some(Raters {
        self_weight,
        supervisor_weight,
        when_missing: match raters.when_missing {
            Some(RawWhenMissing::Zero) => WhenMissing::Zero,
            Some(RawWhenMissing::Other) | None => WhenMissing::Other,
        },
    })
}

fn validate_periods(raw: &RawMapping, diagnostics: &mut Diagnostics) -> Periods {
    let Some(periods) = &raw.periods else {
        return Periods::default();
    };
    let periods = &periods.value;
    Periods {
        average: periods.average_of.as_ref().and_then(|average| {
            crate::policy::periods::validate_average(
                &average.value,
                position_of(average),
                diagnostics,
            )
        }),
        flags: periods.flags.as_ref().and_then(|flags| {
            crate::policy::periods::validate_flags(&flags.value, position_of(flags), diagnostics)
        }),
    }
}

fn validate_commission(
    raw: &Spanned<RawCommission>,
    diagnostics: &mut Diagnostics,
) -> Option<Commission> {
    let schedule = &raw.value.schedule;
    Some(Commission {
        amount_label: raw.value.amount.value.clone(),
        schedule: crate::policy::schedule::validate(
            &schedule.value,
            position_of(schedule),
            diagnostics,
        )?,
    })
}

fn validate_layout(raw: &RawMapping, diagnostics: &mut Diagnostics) -> Option<Layout> {
    match (&raw.columns, &raw.roster) {
        (Some(columns), None) => {
            let columns = &columns.value;
            Some(Layout::Form(Columns {
                indicator: columns.indicator.value.clone(),
                score: columns.score.value.clone(),
                full_marks: text(&columns.full_marks),
                weight: text(&columns.weight),
                input_label: text(&columns.input_label),
                input: text(&columns.input),
                self_score: text(&columns.self_score),
                rank: text(&columns.rank),
            }))
        }
        (None, Some(roster)) => {
            let roster = &roster.value;
            Some(Layout::Roster(RosterColumns {
                person: roster.person.value.clone(),
                id: text(&roster.id),
                department: text(&roster.department),
                rank: text(&roster.rank),
            }))
        }
        (Some(columns), Some(_)) => {
            diagnostics.error(
                position_of(columns),
                "give either `columns` (a form) or `roster`, not both",
            );
            None
        }
        (None, None) => {
            diagnostics.error(
                position_of(&raw.form),
                "the mapping needs `columns` (one person per sheet) or `roster` (one person per row)",
            );
            None
        }
    }
}

fn text(value: &Option<Spanned<String>>) -> Option<String> {
    value.as_ref().map(|v| v.value.clone())
}

fn strings(values: &[Spanned<String>]) -> Vec<String> {
    values.iter().map(|v| v.value.clone()).collect()
}

fn validate_team(raw: &RawMapping, diagnostics: &mut Diagnostics) -> Option<Vec<HeadField>> {
    let team = raw.team.as_ref()?;
    let mut key = Vec::new();
    for name in &team.value {
        match HeadField::from_name(&name.value) {
            Some(field) => key.push(field),
            None => diagnostics.error(
                position_of(name),
                format!(
                    "unknown head field `{}` in `team`; expected person, department, period or reviewer",
                    name.value
                ),
            ),
        }
    }
    Some(key)
}

pub(super) fn validate_indicator(
    raw: &RawIndicator,
    diagnostics: &mut Diagnostics,
) -> Option<Indicator> {
    let full_marks = crate::rules::number(&raw.full_marks, "full_marks", diagnostics)?;
    if full_marks <= Decimal::ZERO {
        diagnostics.error(
            position_of(&raw.full_marks),
            format!("full marks must be above zero, found {full_marks}"),
        );
        return None;
    }
    let inputs: Vec<Input> = match &raw.inputs {
        Some(named) => named
            .value
            .iter()
            .map(|(name, row_label)| Input {
                name: name.clone(),
                row_label: Some(row_label.value.clone()),
            })
            .collect(),
        None => vec![Input {
            name: SOLE_INPUT.to_string(),
            row_label: None,
        }],
    };
    let input_names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    let unit = match raw.unit {
        Some(RawUnit::Percent) => Unit::Percent,
        Some(RawUnit::Label) => Unit::Label,
        Some(RawUnit::Number) | None => Unit::Number,
    };
    let context = RuleContext {
        full_marks,
        input_names: &input_names,
        percent: unit == Unit::Percent,
    };
    let rule = raw
        .rule
        .value
        .validate(position_of(&raw.rule), &context, diagnostics)?;
    let unit = match (rule.input_unit(), raw.unit) {
        (InputUnit::Declared, _) => unit,
        (InputUnit::Label(_), None | Some(RawUnit::Label)) => Unit::Label,
        (InputUnit::Label(reads), Some(_)) => {
            let message = format!(
                "`{}` reads {reads}: leave out `unit` or write `unit: label`",
                rule.name()
            );
            diagnostics.error(position_of(&raw.rule), message);
            return None;
        }
    };
    let weight = match &raw.weight {
        Some(weight) => Some(crate::rules::number(weight, "weight", diagnostics)?),
        None => None,
    };
    Some(Indicator {
        label: raw.label.value.clone(),
        full_marks,
        weight,
        unit,
        inputs,
        rule,
    })
}
