//! A corrected total must stay correct when the sheet recalculates: writing
//! the right figure as the cached result of a wrong formula lasts until
//! Excel or LibreOffice computes it again. So the audit hands the copy
//! writer, with the recomputed total, a formula over the indicator score
//! cells that computes it; the writer keeps the form's own formula where
//! that one, once every correction is in, gives the total, and writes this
//! one where it does not (see `write::recalc::settle_totals`).

use rust_decimal::Decimal;

use crate::mapping::{Combine, Mapping, WhenMissing};
use crate::model::CellRef;
use crate::score::{Basis, IndicatorScore};

/// What the copy's total cell must show, and how to compute it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TotalRepair {
    pub cell: CellRef,
    /// The recomputed total, unrounded.
    pub total: Decimal,
    pub decimals: u32,
    /// How far what the cell computes may be from `total`.
    pub tolerance: Decimal,
    /// A formula over the indicator score cells that computes `total` once
    /// the corrections are written; none where the layout has no score
    /// cells (a roster).
    pub formula: Option<String>,
    /// The template computes the total with a formula.
    pub expects_formula: bool,
}

/// The formula adding up the indicator score cells as the mapping combines
/// them: `SUM(H4:H16)` for points; with weights, sections or blended
/// raters, each cell times its factor, runs of cells with one factor summed
/// (`ROUND(J4*0.6+J5*0.15+SUM(J6:J7)*0.05+…,2)`,
/// `ROUND(SUM(D5:D39)*0.2+SUM(E5:E39)*0.8,2)`). None where the layout has
/// no score cell per indicator (a roster).
pub fn total_formula(mapping: &Mapping, indicators: &[IndicatorScore]) -> Option<String> {
    let mut terms = Vec::new();
    for section in &mapping.sections {
        let count = Decimal::from(section.indicators.len().max(1));
        for index in section.indicators.clone() {
            let (mapped, indicator) = (mapping.indicators.get(index)?, indicators.get(index)?);
            let scale = match (section.combine, mapped.weight) {
                (Combine::Sum, Some(weight)) => Factor::new(weight * HUNDRED, mapped.full_marks),
                (Combine::Sum, None) => Factor::ONE,
                (Combine::Average, _) => Factor::new(HUNDRED, mapped.full_marks * count),
            }
            .times(Factor::new(section.weight, Decimal::ONE));
            let cells = indicator.cells.as_ref()?;
            for (cell, factor) in score_cells(mapping, indicator)? {
                terms.push(Term {
                    cell,
                    last_row: cells.last_row,
                    factor: factor.times(scale),
                });
            }
        }
    }
    terms.sort_by_key(|term| (term.cell.col, term.cell.row));
    let runs = runs(&terms);
    if runs.is_empty() {
        return None;
    }
    if runs.iter().all(|run| run.factor.is_one()) {
        let ranges: Vec<String> = runs.iter().map(Run::range).collect();
        return Some(format!("SUM({})", ranges.join(",")));
    }
    let parts: Vec<String> = runs.iter().map(Run::expression).collect();
    Some(format!("ROUND({},{})", parts.join("+"), mapping.decimals))
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// The cells an indicator's score is read from, each with its share of the
/// score: the score cell, or, where the form blends raters, the self and
/// supervisor cells as they will read once corrected.
fn score_cells(mapping: &Mapping, indicator: &IndicatorScore) -> Option<Vec<(CellRef, Factor)>> {
    let cells = indicator.cells.as_ref()?;
    let score = cells.score?;
    let blended = matches!(
        indicator.basis,
        Basis::Judged(_) | Basis::JudgedOutOfRange(_) | Basis::AwaitingJudgement(_)
    );
    let Some(raters) = mapping.raters.filter(|_| blended) else {
        return Some(vec![(score, Factor::ONE)]);
    };
    let own = indicator
        .self_score
        .as_ref()
        .and_then(|read| read.reading.number());
    let own_weight = Factor::new(raters.self_weight, Decimal::ONE);
    let boss_weight = Factor::new(raters.supervisor_weight, Decimal::ONE);
    Some(match (raters.when_missing, cells.self_score, own) {
        // The other rater stands in: a blank supervisor's score gets the
        // self score written in, so both cells blend; with the self score
        // blank, the supervisor's counts alone.
        (WhenMissing::Other, Some(own_cell), Some(_)) => {
            vec![(own_cell, own_weight), (score, boss_weight)]
        }
        (WhenMissing::Other, _, _) => vec![(score, Factor::ONE)],
        // A blank counts 0.
        (WhenMissing::Zero, Some(own_cell), _) => {
            vec![(own_cell, own_weight), (score, boss_weight)]
        }
        (WhenMissing::Zero, None, _) => vec![(score, boss_weight)],
    })
}

/// An exact factor `numerator / denominator`.
#[derive(Debug, Clone, Copy)]
struct Factor {
    numerator: Decimal,
    denominator: Decimal,
}

impl Factor {
    const ONE: Factor = Factor {
        numerator: Decimal::ONE,
        denominator: Decimal::ONE,
    };

    fn new(numerator: Decimal, denominator: Decimal) -> Self {
        Self {
            numerator,
            denominator,
        }
    }

    fn times(self, other: Factor) -> Factor {
        Factor::new(
            self.numerator * other.numerator,
            self.denominator * other.denominator,
        )
    }

    fn equals(self, other: Factor) -> bool {
        self.numerator * other.denominator == other.numerator * self.denominator
    }

    fn is_one(self) -> bool {
        self.equals(Factor::ONE)
    }

    /// `0.6`, or `100/3` where the quotient is no short exact decimal.
    fn text(self) -> String {
        if !self.denominator.is_zero() {
            let quotient = self.numerator / self.denominator;
            let exact = quotient * self.denominator == self.numerator;
            if exact && quotient.normalize().scale() <= 10 {
                return quotient.normalize().to_string();
            }
        }
        format!(
            "{}/{}",
            self.numerator.normalize(),
            self.denominator.normalize()
        )
    }
}

/// A cell of the total and its factor; `last_row` is the last row of its
/// indicator (the rows below a merged score cell belong to it).
struct Term {
    cell: CellRef,
    last_row: u32,
    factor: Factor,
}

/// Cells of one column, one after another, with one factor.
struct Run {
    first: CellRef,
    last: CellRef,
    factor: Factor,
}

impl Run {
    fn range(&self) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{}:{}", self.first, self.last)
        }
    }

    fn expression(&self) -> String {
        let cells = if self.first == self.last {
            self.first.to_string()
        } else {
            format!("SUM({})", self.range())
        };
        if self.factor.is_one() {
            cells
        } else {
            format!("{cells}*{}", self.factor.text())
        }
    }
}

/// Terms (sorted by column, then row) joined into runs.
fn runs(terms: &[Term]) -> Vec<Run> {
    let mut runs: Vec<(Run, u32)> = Vec::new();
    for term in terms {
        if let Some((run, last_row)) = runs.last_mut() {
            let follows = term.cell.col == run.last.col && term.cell.row == *last_row + 1;
            if follows && term.factor.equals(run.factor) {
                run.last = term.cell;
                *last_row = term.last_row;
                continue;
            }
        }
        let run = Run {
            first: term.cell,
            last: term.cell,
            factor: term.factor,
        };
        runs.push((run, term.last_row.max(term.cell.row)));
    }
    runs.into_iter().map(|(run, _)| run).collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::extract::Reading;
    use crate::locate::IndicatorCells;
    use crate::mapping::parse_mapping_text;
    use crate::rules::{ScoreBounds, ScoreRange};
    use crate::score::ReadCell;

    const HEAD: &str =
        "form: t\nrecognise: { title_contains: [t] }\ncolumns: { indicator: 指标, score: 得分 }\n";

    fn mapping(body: &str) -> Mapping {
        parse_mapping_text(Path::new("t.yaml"), &format!("{HEAD}{body}"))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn number(value: i64, cell: CellRef) -> ReadCell {
        ReadCell {
            cell,
            reading: Reading::Number {
                value: Decimal::from(value),
                typed_as_text: None,
                percent_without_sign: false,
            },
        }
    }

    /// An indicator on rows `first..=last`, its score in column `col`, a
    /// self score in column `col - 1` (blank where `own` is none).
    fn scored(first: u32, last: u32, col: u32, own: Option<i64>, basis: Basis) -> IndicatorScore {
        let score = CellRef::new(first, col);
        let own_cell = CellRef::new(first, col - 1);
        IndicatorScore {
            label: String::new(),
            full_marks: Decimal::ONE_HUNDRED,
            bounds: ScoreBounds::between(None, None),
            cells: Some(IndicatorCells {
                label: CellRef::new(first, 0),
                first_row: first,
                last_row: last,
                inputs: Vec::new(),
                full_marks: None,
                weight: None,
                self_score: Some(own_cell),
                score: Some(score),
            }),
            inputs: Vec::new(),
            full_marks_cell: None,
            weight_cell: None,
            self_score: Some(match own {
                Some(own) => number(own, own_cell),
                None => ReadCell {
                    cell: own_cell,
                    reading: Reading::Blank,
                },
            }),
            hand_score: Some(number(8, score)),
            score: Decimal::from(8),
            basis,
        }
    }

    fn computed(first: u32, last: u32) -> IndicatorScore {
        scored(first, last, 7, None, Basis::Computed)
    }

    #[test]
    fn points_add_up_over_one_range_where_the_scores_fill_the_column() {
        let points = mapping(
            "indicators:
  - { label: a, full_marks: 50, rule: judged }
  - { label: b, full_marks: 30, rule: judged }
  - { label: c, full_marks: 20, rule: judged }
",
        );
        // b takes rows 5 and 6 (H6 lies under its merged score).
        let rows = [computed(3, 3), computed(4, 5), computed(6, 6)];
        assert_eq!(total_formula(&points, &rows).as_deref(), Some("SUM(H4:H7)"));
        let gap = [computed(3, 3), computed(4, 4), computed(6, 6)];
        assert_eq!(
            total_formula(&points, &gap).as_deref(),
            Some("SUM(H4:H5,H7)")
        );
    }

    #[test]
    fn weights_multiply_and_runs_of_one_weight_are_summed() {
        let weighted = mapping(
            "indicators:
  - { label: a, full_marks: 100, weight: 60%, rule: judged }
  - { label: b, full_marks: 100, weight: 15%, rule: judged }
  - { label: c, full_marks: 100, weight: 5%, rule: judged }
  - { label: d, full_marks: 10, weight: 5%, rule: judged }
  - { label: e, full_marks: 100, weight: 15%, rule: judged }
",
        );
        let rows: Vec<IndicatorScore> = (3..8).map(|row| computed(row, row)).collect();
        assert_eq!(
            total_formula(&weighted, &rows).as_deref(),
            Some("ROUND(H4*0.6+H5*0.15+H6*0.05+H7*0.5+H8*0.15,2)")
        );
    }

    #[test]
    fn averaged_sections_keep_exact_fractions() {
        let sections = mapping(
            "sections:
  - name: 业绩
    weight: 50%
    combine: average
    indicators:
      - { label: a, full_marks: 100, rule: judged }
      - { label: b, full_marks: 100, rule: judged }
      - { label: c, full_marks: 100, rule: judged }
  - name: 态度
    weight: 50%
    indicators:
      - { label: d, full_marks: 100, rule: judged }
",
        );
        let rows: Vec<IndicatorScore> = (3..7).map(|row| computed(row, row)).collect();
        assert_eq!(
            total_formula(&sections, &rows).as_deref(),
            Some("ROUND(SUM(H4:H6)*50/300+H7*0.5,2)")
        );
    }

    #[test]
    fn blended_raters_add_up_the_self_and_the_supervisor_columns() {
        let raters = mapping(
            "raters: { self: 20%, supervisor: 80% }
indicators:
  - { label: a, full_marks: 25, rule: judged }
  - { label: b, full_marks: 25, rule: judged }
  - { label: c, full_marks: 25, rule: judged }
  - { label: d, full_marks: 25, rule: judged }
",
        );
        let range = ScoreRange {
            low: Decimal::ZERO,
            high: Decimal::from(50),
        };
        let judged = || Basis::Judged(range);
        let both = |row| scored(row, row, 7, Some(9), judged());
        let rows = [both(3), both(4), both(5), scored(6, 6, 7, None, judged())];
        // The last has no self score: its supervisor's score counts alone.
        assert_eq!(
            total_formula(&raters, &rows).as_deref(),
            Some("ROUND(SUM(G4:G6)*0.2+SUM(H4:H6)*0.8+H7,2)")
        );
    }

    #[test]
    fn a_roster_has_no_score_cells_to_add_up() {
        let points = mapping("indicators:\n  - { label: a, full_marks: 100, rule: judged }\n");
        let mut row = computed(3, 3);
        if let Some(cells) = row.cells.as_mut() {
            cells.score = None;
        }
        assert_eq!(total_formula(&points, &[row]), None);
    }
}
