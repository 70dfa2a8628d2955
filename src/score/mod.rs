//! Stage 5: score. Applies each indicator's rule to its extracted inputs
//! and adds up the total. Arithmetic is decimal; rounding happens only where
//! a score is shown or written.

pub mod total;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::extract::{Reading, read_number};
use crate::locate::{IndicatorCells, Located};
use crate::mapping::{Indicator, Layout, Mapping, Unit};
use crate::model::{CellRef, Sheet, Workbook};
use crate::rules::{InputValue, Inputs, Outcome, RuleError, ScoreBounds, ScoreRange};

/// A cell the rubric reads, and what it held.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReadCell {
    pub cell: CellRef,
    pub reading: Reading,
}

/// How an indicator's score was arrived at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Basis {
    /// The rule computed it from the raw results.
    Computed,
    /// The rule leaves it to judgement and the hand score is within range.
    Judged(ScoreRange),
    /// Judged, but the hand score is outside the allowed range: the nearest
    /// allowed score counts.
    JudgedOutOfRange(ScoreRange),
    /// Judged, and nobody gave a score: counts as 0 until someone does.
    AwaitingJudgement(ScoreRange),
    /// Raw results are missing; the hand score is taken unverified.
    HandUnverified,
    /// The input is a label the rule does not list; the hand score, if
    /// any, is taken unverified.
    UnknownLabel(String),
    /// Nothing to score from: counts as 0.
    Missing,
    /// The rule needs the whole team; the team pass scores it from this
    /// member's value of the input the rule names.
    AwaitingTeam(Decimal),
    /// The form differs from the mapping where the rule reads (a raw-result
    /// column not found, other full marks): the hand score counts as
    /// written, unverified, without a finding of its own — the template
    /// drift names the difference.
    AsWritten,
    /// Not on the form as the mapping describes it (the row, or its score
    /// and everything to score it from, not found): no score, and the
    /// total is not recomputed.
    NotFound,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndicatorScore {
    pub label: String,
    pub full_marks: Decimal,
    /// The scores the rule can give; a hand score outside is wrong.
    pub bounds: ScoreBounds,
    pub cells: Option<IndicatorCells>,
    pub inputs: Vec<Option<ReadCell>>,
    pub full_marks_cell: Option<ReadCell>,
    /// The form's 权重 cell, where the mapping names the column.
    pub weight_cell: Option<ReadCell>,
    pub self_score: Option<ReadCell>,
    pub hand_score: Option<ReadCell>,
    /// The score that counts in the total, unrounded.
    pub score: Decimal,
    pub basis: Basis,
}

impl IndicatorScore {
    pub fn hand(&self) -> Option<Decimal> {
        self.hand_score
            .as_ref()
            .and_then(|read| read.reading.number())
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TotalScore {
    /// The total of the indicator scores, unrounded. Set when the person is
    /// finished, once the team pass has given every score; none until then,
    /// and none where the total is withheld.
    pub recomputed: Option<Decimal>,
    /// The form differs from the mapping in what the total adds up (an
    /// indicator not found, a scored row no indicator claims, other
    /// weights): the total is not recomputed, and not checked.
    pub withheld: bool,
    pub hand_cell: Option<ReadCell>,
    pub hand_is_formula: bool,
    /// The total formula carries no calculated result (none cached, or a
    /// zero from a writer that cannot calculate).
    pub hand_not_calculated: bool,
    pub self_total_cell: Option<CellRef>,
    pub self_total_is_formula: bool,
    pub rank_cell: Option<CellRef>,
}

/// One person's form, scored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScoredForm {
    pub indicators: Vec<IndicatorScore>,
    pub total: TotalScore,
}

/// Rounds as Excel's ROUND does: half away from zero.
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value
        .round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

pub fn score_form(workbook: &Workbook, mapping: &Mapping, located: &Located) -> ScoredForm {
    let sheet = &workbook.sheets[located.sheet];
    let score_column_missing = match &mapping.layout {
        Layout::Form(columns) => located.column_missing(&columns.score),
        Layout::Roster(_) => false,
    };
    let indicators: Vec<IndicatorScore> = mapping
        .indicators
        .iter()
        .zip(&located.indicators)
        .map(|(indicator, cells)| {
            score_indicator(
                sheet,
                indicator,
                cells.as_ref(),
                mapping,
                score_column_missing,
            )
        })
        .collect();
    let weights_differ = indicators
        .iter()
        .enumerate()
        .any(|(index, indicator)| total::stated_weight_differs(mapping, index, indicator));
    let withheld = weights_differ
        || indicators.iter().any(|i| i.basis == Basis::NotFound)
        || located
            .recognition
            .differences
            .iter()
            .any(|difference| difference.hides_total());
    let total = located.total.as_ref();
    let cell_is_formula = |at: Option<CellRef>| {
        at.and_then(|at| sheet.cell(at))
            .is_some_and(|cell| cell.formula.is_some())
    };
    let hand_cell = total.map(|t| read_cell(sheet, t.score, Unit::Number));
    let hand_is_formula = cell_is_formula(total.map(|t| t.score));
    let hand_not_calculated = hand_is_formula
        && hand_cell.as_ref().is_some_and(|read| match &read.reading {
            Reading::Blank => true,
            Reading::Number { value, .. } => workbook.recalculates_on_load && value.is_zero(),
            _ => false,
        });
    ScoredForm {
        total: TotalScore {
            recomputed: None,
            withheld,
            hand_cell,
            hand_is_formula,
            hand_not_calculated,
            self_total_cell: total.and_then(|t| t.self_score),
            self_total_is_formula: cell_is_formula(total.and_then(|t| t.self_score)),
            rank_cell: total.and_then(|t| t.rank),
        },
        indicators,
    }
}

fn read_cell(sheet: &Sheet, cell: CellRef, unit: Unit) -> ReadCell {
    ReadCell {
        cell,
        reading: read_number(sheet.value(cell), unit),
    }
}

fn score_indicator(
    sheet: &Sheet,
    indicator: &Indicator,
    cells: Option<&IndicatorCells>,
    mapping: &Mapping,
    score_column_missing: bool,
) -> IndicatorScore {
    let read = |at: Option<CellRef>, unit| at.map(|at| read_cell(sheet, at, unit));
    let full_marks_cell = read(cells.and_then(|c| c.full_marks), Unit::Number);
    let inputs: Vec<Option<ReadCell>> = match cells {
        Some(cells) => cells
            .inputs
            .iter()
            .map(|at| read(*at, indicator.unit))
            .collect(),
        None => vec![None; indicator.inputs.len()],
    };
    let hand_score = read(cells.and_then(|c| c.score), Unit::Number);
    let hand = hand_score.as_ref().and_then(|r| r.reading.number());
    let unverified = |basis| match hand {
        Some(hand) => (hand, basis),
        None => (Decimal::ZERO, Basis::Missing),
    };
    // Where the form is not the mapping's in what the rule reads (other
    // full marks, a raw result it needs not found), the rule is not
    // applied; where there is no score column, nothing is scored from the
    // hand.
    let other_full_marks = full_marks_cell
        .as_ref()
        .and_then(|read| read.reading.number())
        .is_some_and(|stated| stated != indicator.full_marks);
    let input_not_found = cells.is_some_and(|cells| cells.inputs.iter().any(Option::is_none));
    let as_written = || match hand {
        Some(hand) => (hand, Basis::AsWritten),
        None => (Decimal::ZERO, Basis::NotFound),
    };
    let (score, basis) = match apply_rule(indicator, &inputs) {
        _ if cells.is_none() => (Decimal::ZERO, Basis::NotFound),
        _ if other_full_marks => as_written(),
        Applied::NoInput if input_not_found => as_written(),
        Applied::Outcome(Outcome::Score(score)) => (score, Basis::Computed),
        Applied::Outcome(Outcome::Team(value)) => (Decimal::ZERO, Basis::AwaitingTeam(value)),
        _ if score_column_missing => (Decimal::ZERO, Basis::NotFound),
        Applied::Outcome(Outcome::Judged(range)) => judged(range, hand, mapping.tolerance),
        Applied::NoInput => unverified(Basis::HandUnverified),
        Applied::UnknownLabel(label) => (hand.unwrap_or_default(), Basis::UnknownLabel(label)),
    };
    let self_score = read(cells.and_then(|c| c.self_score), Unit::Number);
    let own = self_score.as_ref().and_then(|r| r.reading.number());
    let score = blend_judged(mapping, &basis, own, hand).unwrap_or(score);
    IndicatorScore {
        label: indicator.label.clone(),
        full_marks: indicator.full_marks,
        bounds: indicator.rule.bounds(indicator.full_marks),
        full_marks_cell,
        weight_cell: read(cells.and_then(|c| c.weight), Unit::Percent),
        self_score,
        cells: cells.cloned(),
        inputs,
        hand_score,
        score,
        basis,
    }
}

/// Where the form blends raters, a judged score is the blend of the self
/// score and the supervisor's (as judged, within its allowed range).
fn blend_judged(
    mapping: &Mapping,
    basis: &Basis,
    own: Option<Decimal>,
    hand: Option<Decimal>,
) -> Option<Decimal> {
    let raters = mapping.raters?;
    let supervisor = match basis {
        Basis::Judged(_) => hand,
        Basis::JudgedOutOfRange(range) => hand.map(|h| h.clamp(range.low, range.high)),
        Basis::AwaitingJudgement(_) => None,
        _ => return None,
    };
    raters.blend(own, supervisor)
}

/// What applying the rule gave.
enum Applied {
    Outcome(Outcome),
    /// An input the rule reads is blank or not usable.
    NoInput,
    UnknownLabel(String),
}

fn apply_rule(indicator: &Indicator, inputs: &[Option<ReadCell>]) -> Applied {
    let values: Inputs = indicator
        .inputs
        .iter()
        .zip(inputs)
        .filter_map(|(input, read)| {
            let value = match &read.as_ref()?.reading {
                Reading::Number { value, .. } => InputValue::Number(*value),
                Reading::Label(text) => InputValue::Label(text.clone()),
                _ => return None,
            };
            Some((input.name.clone(), value))
        })
        .collect();
    match indicator.rule.evaluate(&values, indicator.full_marks) {
        Ok(outcome) => Applied::Outcome(outcome),
        Err(RuleError::UnknownLabel(label)) => Applied::UnknownLabel(label),
        Err(_) => Applied::NoInput,
    }
}

fn judged(range: ScoreRange, hand: Option<Decimal>, tolerance: Decimal) -> (Decimal, Basis) {
    match hand {
        None => (Decimal::ZERO, Basis::AwaitingJudgement(range)),
        Some(hand) if hand >= range.low - tolerance && hand <= range.high + tolerance => {
            (hand, Basis::Judged(range))
        }
        Some(hand) => (
            hand.clamp(range.low, range.high),
            Basis::JudgedOutOfRange(range),
        ),
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_like_excel() {
        assert_eq!(round(dec!(2.675), 2), dec!(2.68));
        assert_eq!(round(dec!(-2.675), 2), dec!(-2.68));
        assert_eq!(round(dec!(8.3333), 2), dec!(8.33));
        assert_eq!(round(dec!(0.125), 2), dec!(0.13));
        assert_eq!(round(dec!(85.50), 2), dec!(85.5));
    }
}
