//! Recognition with a confidence: every mapping is matched against the
//! workbook and scored by how much of what it looks for is found — the
//! title, the header columns, each indicator row, each named input, the
//! total row, the head fields — less what the table has that no part of the
//! mapping claims. The best match wins; a close second is reported; a
//! partial match is template drift, named part by part; below
//! [`MATCH_THRESHOLD`] nothing matches.

use rust_decimal::Decimal;

use super::{Located, locate};
use crate::mapping::Mapping;
use crate::model::{CellRef, Workbook};

/// The least score (in percent) at which a mapping recognises a workbook.
pub const MATCH_THRESHOLD: u32 = 50;

/// How close (in percentage points) a second mapping's score must come to
/// the best one's to be reported with it.
pub const NEAR_TIE: u32 = 10;

/// A part the mapping looks for that the workbook does not have as the
/// mapping describes it, with the mapping's own label; or a row of the
/// table that no part of the mapping claims.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Difference {
    Title(String),
    Column(String),
    Indicator(String),
    /// A named input of an indicator (投诉次数 of 维权投诉、低质评价).
    Input {
        indicator: String,
        input: String,
    },
    Total(String),
    /// The total row is there, but its score cell is empty while the row
    /// holds a figure elsewhere: the total row's label, the score column's
    /// label, and where the figure is.
    TotalMoved {
        label: String,
        column: String,
        found: CellRef,
    },
    Field(String),
    /// A row with a score that no indicator claims: its label and cell.
    Unclaimed {
        label: String,
        cell: CellRef,
    },
    /// An indicator's label on a second row.
    Repeated {
        indicator: String,
        cell: CellRef,
    },
    /// Full marks (分值) the form states otherwise than the mapping.
    FullMarks {
        indicator: String,
        stated: Decimal,
        mapped: Decimal,
    },
    /// A weight (权重) the form states otherwise than the mapping.
    Weight {
        indicator: String,
        stated: Decimal,
        mapped: Decimal,
    },
}

impl Difference {
    /// Whether this difference leaves the recomputed total unknown: an
    /// indicator not found, or a scored row the total would leave out.
    pub fn hides_total(&self) -> bool {
        matches!(
            self,
            Difference::Indicator(_)
                | Difference::Unclaimed { .. }
                | Difference::Repeated { .. }
                | Difference::Weight { .. }
        )
    }
}

/// How much of a mapping a workbook holds.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Recognition {
    /// Parts looked for, plus rows no part claims.
    pub parts: usize,
    pub found: usize,
    pub differences: Vec<Difference>,
}

impl Recognition {
    /// Counts a part looked for; records the difference where it is not found.
    pub fn expect(&mut self, found: bool, difference: impl FnOnce() -> Difference) {
        self.parts += 1;
        if found {
            self.found += 1;
        } else {
            self.differences.push(difference());
        }
    }

    /// Counts something the workbook has that the mapping does not claim.
    pub fn extra(&mut self, difference: Difference) {
        self.parts += 1;
        self.differences.push(difference);
    }

    /// The share of the parts found, in whole percent (rounded down).
    pub fn score(&self) -> u32 {
        if self.parts == 0 {
            return 0;
        }
        u32::try_from(self.found * 100 / self.parts).unwrap_or(0)
    }

    /// Everything the mapping describes is there, and nothing else.
    pub fn is_full(&self) -> bool {
        self.differences.is_empty()
    }
}

/// A mapping and how well it recognises the workbook.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Nearest {
    pub form: String,
    pub score: u32,
}

/// What matching every mapping against a workbook gave.
pub enum Recognised<'m> {
    Matched {
        mapping: &'m Mapping,
        /// Every person found (one for a form, one per row of a roster).
        located: Vec<Located>,
        /// Another mapping scoring within [`NEAR_TIE`] of this one.
        runner_up: Option<Nearest>,
    },
    /// No mapping reaches [`MATCH_THRESHOLD`]; the nearest, if any found
    /// anything.
    Unmatched { nearest: Option<Nearest> },
}

/// Matches every mapping against the workbook; the best score wins, the
/// mapping listed first on a tie.
pub fn recognise<'m>(workbook: &Workbook, mappings: &'m [Mapping]) -> Recognised<'m> {
    let mut candidates: Vec<(u32, &'m Mapping, Vec<Located>)> = mappings
        .iter()
        .filter_map(|mapping| {
            let located = locate(workbook, mapping)?;
            let score = located.first()?.recognition.score();
            Some((score, mapping, located))
        })
        .collect();
    // A stable sort keeps the mappings' order among equal scores.
    candidates.sort_by_key(|(score, _, _)| std::cmp::Reverse(*score));
    let mut ranked = candidates.into_iter();
    let Some((score, mapping, located)) = ranked.next() else {
        return Recognised::Unmatched { nearest: None };
    };
    let nearest = |score: u32, mapping: &Mapping| Nearest {
        form: mapping.form.clone(),
        score,
    };
    let any_indicator = located.iter().any(|found| found.indicators_found() > 0);
    if score < MATCH_THRESHOLD || !any_indicator {
        return Recognised::Unmatched {
            nearest: (score > 0).then(|| nearest(score, mapping)),
        };
    }
    let runner_up = ranked
        .next()
        .filter(|(second, _, _)| *second >= MATCH_THRESHOLD && second + NEAR_TIE >= score)
        .map(|(second, other, _)| nearest(second, other));
    Recognised::Matched {
        mapping,
        located,
        runner_up,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_is_the_share_of_parts_found_less_extra_rows() {
        let mut recognition = Recognition::default();
        for found in [true, true, true, false] {
            recognition.expect(found, || Difference::Indicator("客单价".into()));
        }
        assert_eq!(recognition.score(), 75);
        recognition.extra(Difference::Unclaimed {
            label: "额外加分".into(),
            cell: CellRef::new(17, 1),
        });
        assert_eq!(recognition.score(), 60);
        assert_eq!(recognition.differences.len(), 2);
        assert!(!recognition.is_full());
        assert_eq!(Recognition::default().score(), 0);
    }
}
