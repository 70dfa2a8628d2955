//! `schedule`: a commission schedule over an amount (monthly sales): the
//! amount falls in one piece, and the piece pays `(amount − over) × rate +
//! plus`. Rubric case C1, "<15000 → 1.5%; 15000~20000 → (sales−15000)×2%+150;
//! 20001~25000 → (sales−20000)×4%+250; >25000 → 2%" (淘宝客服人员绩效考核管理办法).
//!
//! ```yaml
//! schedule:
//!   - { below: 15000, rate: 1.5% }
//!   - { from: 15000, to: 20000, over: 15000, rate: 2%, plus: 150 }
//!   - { above: 20000, to: 25000, over: 20000, rate: 4%, plus: 250 }
//!   - { above: 25000, rate: 2% }
//! ```
//!
//! Bounds as in tiers: `from` (≥), `above` (>), `to` (≤), `below` (<); the
//! pieces must cover every amount once. `over` and `plus` default to 0, so a
//! piece with only `rate` pays that share of the whole amount.
//!
//! Besides gaps and overlaps, validation reports every *jump*: where one
//! piece ends and the next begins, both are worked out at the boundary, and
//! if they differ the pay leaps there (selling one more yuan at 15000 costs
//! 75 in the seed). [`Schedule::jumps`] gives the same as data. The schedule
//! is still returned whenever every piece reads: the form really pays so, and
//! the jumps are for a person to confirm.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::rules::bands::{Bound, Domain, Interval, RawBounds, check_coverage, interval};
use crate::rules::number;
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

pub type Raw = Vec<Spanned<RawPiece>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPiece {
    from: Option<Spanned<RawNumber>>,
    above: Option<Spanned<RawNumber>>,
    to: Option<Spanned<RawNumber>>,
    below: Option<Spanned<RawNumber>>,
    rate: Spanned<RawNumber>,
    over: Option<Spanned<RawNumber>>,
    plus: Option<Spanned<RawNumber>>,
}

/// One piece: the amounts it holds and how it pays them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub values: Interval,
    pub rate: Decimal,
    pub over: Decimal,
    pub plus: Decimal,
}

impl Piece {
    /// What the piece's formula gives for an amount, held or not (a jump
    /// compares the formula of the piece below at its limit); `None` if the
    /// arithmetic leaves the decimal range.
    fn formula(&self, amount: Decimal) -> Option<Decimal> {
        amount
            .checked_sub(self.over)?
            .checked_mul(self.rate)?
            .checked_add(self.plus)
    }
}

/// Where the pay leaps: the piece ending at `at` gives `below` there, the
/// piece starting at `at` gives `above`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump {
    pub at: Decimal,
    pub below: Decimal,
    pub above: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pieces: Vec<Piece>,
}

impl Schedule {
    /// The pay for an amount; `None` when no piece holds it (a gap a mapping
    /// check already reported) or the arithmetic overflows. Where pieces
    /// overlap, the first listed wins.
    pub fn pay(&self, amount: Decimal) -> Option<Decimal> {
        self.pieces
            .iter()
            .find(|piece| piece.values.holds(amount))?
            .formula(amount)
    }

    /// Every boundary where the pay leaps, lowest first.
    pub fn jumps(&self) -> Vec<Jump> {
        let tagged: Vec<((), Piece)> = self.pieces.iter().map(|piece| ((), *piece)).collect();
        jumps_of(&tagged)
            .into_iter()
            .map(|(_, jump)| jump)
            .collect()
    }
}

pub fn validate(raw: &Raw, at: Position, diagnostics: &mut Diagnostics) -> Option<Schedule> {
    if raw.is_empty() {
        diagnostics.error(at, "`schedule` needs at least one piece");
        return None;
    }
    let pieces: Vec<(Position, Piece)> = raw
        .iter()
        .filter_map(|piece| Some((position_of(piece), validate_piece(piece, diagnostics)?)))
        .collect();
    // The coverage and jumps of a partial list would mislead.
    if pieces.len() != raw.len() {
        return None;
    }
    let intervals: Vec<(Position, Interval)> = pieces
        .iter()
        .map(|(position, piece)| (*position, piece.values))
        .collect();
    let show = |value: Decimal| value.normalize().to_string();
    check_coverage(&intervals, at, Domain::Everything, &show, diagnostics);
    for (position, jump) in jumps_of(&pieces) {
        diagnostics.error(
            position,
            format!(
                "the schedule jumps at {}: the piece below gives {}, the piece above gives {}",
                jump.at.normalize(),
                jump.below.normalize(),
                jump.above.normalize()
            ),
        );
    }
    Some(Schedule {
        pieces: pieces.into_iter().map(|(_, piece)| piece).collect(),
    })
}

fn validate_piece(raw: &Spanned<RawPiece>, diagnostics: &mut Diagnostics) -> Option<Piece> {
    let piece = &raw.value;
    let bounds = RawBounds {
        from: &piece.from,
        above: &piece.above,
        to: &piece.to,
        below: &piece.below,
    };
    // Each part is checked before any `?`, so all of a piece's problems show.
    let values = interval(bounds, position_of(raw), diagnostics);
    let rate = number(&piece.rate, "rate", diagnostics);
    let over = optional_number(&piece.over, "over", diagnostics);
    let plus = optional_number(&piece.plus, "plus", diagnostics);
    Some(Piece {
        values: values?,
        rate: rate?,
        over: over?,
        plus: plus?,
    })
}

/// A number that is 0 when not written.
fn optional_number(
    raw: &Option<Spanned<RawNumber>>,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Decimal> {
    match raw {
        None => Some(Decimal::ZERO),
        Some(value) => number(value, what, diagnostics),
    }
}

/// Every jump, tagged with the piece above it (where a diagnostic points),
/// lowest boundary first. Pieces meet where one's upper bound and another's
/// lower bound are the same value; the order they are written in is free.
fn jumps_of<T: Copy>(pieces: &[(T, Piece)]) -> Vec<(T, Jump)> {
    let mut found: Vec<(T, Jump)> = pieces
        .iter()
        .flat_map(|(tag, above)| {
            pieces
                .iter()
                .filter_map(move |(_, below)| jump(below, above))
                .map(move |jump| (*tag, jump))
        })
        .collect();
    found.sort_by_key(|(_, jump)| jump.at);
    found
}

fn jump(below: &Piece, above: &Piece) -> Option<Jump> {
    let at = finite(below.values.upper)?;
    if finite(above.values.lower) != Some(at) {
        return None;
    }
    let (low_side, high_side) = (below.formula(at)?, above.formula(at)?);
    (low_side != high_side).then_some(Jump {
        at,
        below: low_side,
        above: high_side,
    })
}

fn finite(bound: Bound) -> Option<Decimal> {
    match bound {
        Bound::Open => None,
        Bound::Inclusive(value) | Bound::Exclusive(value) => Some(value),
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::rules::test_support::validated;

    fn schedule(yaml: &str) -> (Option<Schedule>, Vec<String>) {
        validated(yaml, validate)
    }

    /// C1 as the form says, with "20001~25000" read as above 20000.
    const C1: &str = "schedule:
  - { below: 15000, rate: 1.5% }
  - { from: 15000, to: 20000, over: 15000, rate: 2%, plus: 150 }
  - { above: 20000, to: 25000, over: 20000, rate: 4%, plus: 250 }
  - { above: 25000, rate: 2% }";

    #[test]
    fn c1_commission_on_monthly_sales() {
        let (Some(schedule), _) = schedule(C1) else {
            panic!("C1 does not read");
        };
        assert_eq!(schedule.pay(dec!(10000)), Some(dec!(150)));
        assert_eq!(schedule.pay(dec!(18000)), Some(dec!(210)));
        assert_eq!(schedule.pay(dec!(22000)), Some(dec!(330)));
        assert_eq!(schedule.pay(dec!(15000)), Some(dec!(150)));
        assert_eq!(schedule.pay(dec!(20000)), Some(dec!(250)));
        assert_eq!(schedule.pay(dec!(25000)), Some(dec!(450)));
        assert_eq!(schedule.pay(dec!(26000)), Some(dec!(520)));
    }

    #[test]
    fn c1_check_reports_the_jumps_at_15000_and_25000() {
        let (schedule, problems) = schedule(C1);
        assert_eq!(
            problems,
            [
                "3:5: the schedule jumps at 15000: the piece below gives 225, the piece above gives 150",
                "5:5: the schedule jumps at 25000: the piece below gives 450, the piece above gives 500"
            ]
        );
        let jumps = schedule.map(|schedule| schedule.jumps());
        let expected = [
            Jump {
                at: dec!(15000),
                below: dec!(225),
                above: dec!(150),
            },
            Jump {
                at: dec!(25000),
                below: dec!(450),
                above: dec!(500),
            },
        ];
        assert_eq!(jumps.as_deref(), Some(&expected[..]));
    }

    #[test]
    fn c1_with_20001_written_as_from_leaves_a_gap_and_check_says_so() {
        let yaml = "schedule:
  - { below: 15000, rate: 1.5% }
  - { from: 15000, to: 20000, over: 15000, rate: 2%, plus: 150 }
  - { from: 20001, to: 25000, over: 20000, rate: 4%, plus: 250 }
  - { above: 25000, rate: 2% }";
        let (schedule, problems) = schedule(yaml);
        assert_eq!(problems[0], "4:5: no band holds values in (20000, 20001)");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(schedule.and_then(|s| s.pay(dec!(20000.5))), None);
    }

    #[test]
    fn a_continuous_schedule_written_in_any_order_is_clean() {
        let yaml = "schedule:
  - { above: 20000, over: 20000, rate: 4%, plus: 250 }
  - { below: 15000, rate: 1% }
  - { from: 15000, to: 20000, over: 15000, rate: 2%, plus: 150 }";
        let (schedule, problems) = schedule(yaml);
        assert_eq!(problems, Vec::<String>::new());
        let schedule = schedule.unwrap();
        assert!(schedule.jumps().is_empty());
        assert_eq!(schedule.pay(dec!(21000)), Some(dec!(290)));
    }

    #[test]
    fn every_unreadable_value_is_reported_at_its_line() {
        let yaml = "schedule:
  - { below: 100, rate: some }
  - { from: 100, to: 50, rate: 1%, over: x, plus: lots }";
        let (built, problems) = schedule(yaml);
        assert!(built.is_none());
        assert_eq!(
            problems,
            [
                "2:25: expected a number for `rate`, found Text(\"some\")",
                "3:5: this band holds no value: its lower bound is not below its upper bound",
                "3:42: expected a number for `over`, found Text(\"x\")",
                "3:51: expected a number for `plus`, found Text(\"lots\")"
            ]
        );
    }

    #[test]
    fn a_piece_without_a_rate_is_a_parse_error_with_its_position() {
        let (built, problems) = schedule("schedule:\n  - { below: 100, plus: 5 }");
        assert!(built.is_none());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("2:"), "{problems:?}");
        assert!(problems[0].contains("rate"), "{problems:?}");
    }
}
