//! Bands of values (`from`/`above` … `to`/`below`), shared by everything
//! that picks a row by where a value falls: tiers, grade bands, commission
//! schedules. Checks that bands cover their domain once, without gaps or
//! overlaps, and says which values are uncovered or doubly covered.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::number;
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Open,
    Inclusive(Decimal),
    Exclusive(Decimal),
}

impl Bound {
    fn value(self) -> Option<Decimal> {
        match self {
            Bound::Open => None,
            Bound::Inclusive(value) | Bound::Exclusive(value) => Some(value),
        }
    }

    fn is_inclusive(self) -> bool {
        matches!(self, Bound::Inclusive(_))
    }
}

/// The values a band holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lower: Bound,
    pub upper: Bound,
}

impl Interval {
    pub fn holds(&self, value: Decimal) -> bool {
        let above_lower = match self.lower {
            Bound::Open => true,
            Bound::Inclusive(low) => value >= low,
            Bound::Exclusive(low) => value > low,
        };
        let below_upper = match self.upper {
            Bound::Open => true,
            Bound::Inclusive(high) => value <= high,
            Bound::Exclusive(high) => value < high,
        };
        above_lower && below_upper
    }
}

/// The four bound keys of a band as written.
pub struct RawBounds<'a> {
    pub from: &'a Option<Spanned<RawNumber>>,
    pub above: &'a Option<Spanned<RawNumber>>,
    pub to: &'a Option<Spanned<RawNumber>>,
    pub below: &'a Option<Spanned<RawNumber>>,
}

pub fn interval(raw: RawBounds, at: Position, diagnostics: &mut Diagnostics) -> Option<Interval> {
    let lower = bound(raw.from, raw.above, "from", "above", at, diagnostics)?;
    let upper = bound(raw.to, raw.below, "to", "below", at, diagnostics)?;
    if let (Some(low), Some(high)) = (lower.value(), upper.value()) {
        let empty = low > high || (low == high && !(lower.is_inclusive() && upper.is_inclusive()));
        if empty {
            diagnostics.error(
                at,
                "this band holds no value: its lower bound is not below its upper bound",
            );
            return None;
        }
    }
    Some(Interval { lower, upper })
}

fn bound(
    inclusive: &Option<Spanned<RawNumber>>,
    exclusive: &Option<Spanned<RawNumber>>,
    inclusive_name: &str,
    exclusive_name: &str,
    at: Position,
    diagnostics: &mut Diagnostics,
) -> Option<Bound> {
    match (inclusive, exclusive) {
        (Some(_), Some(_)) => {
            diagnostics.error(
                at,
                format!("a band takes `{inclusive_name}` or `{exclusive_name}`, not both"),
            );
            None
        }
        (Some(value), None) => number(value, inclusive_name, diagnostics).map(Bound::Inclusive),
        (None, Some(value)) => number(value, exclusive_name, diagnostics).map(Bound::Exclusive),
        (None, None) => Some(Bound::Open),
    }
}

/// The values bands must cover: every value, or a closed range such as
/// [0, 100] for totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    Everything,
    Between(Decimal, Decimal),
}

/// Orders lower bounds: open first, then by value, `from` before `above`.
pub fn compare_lower(a: Bound, b: Bound) -> Ordering {
    match (a, b) {
        (Bound::Open, Bound::Open) => Ordering::Equal,
        (Bound::Open, _) => Ordering::Less,
        (_, Bound::Open) => Ordering::Greater,
        (a, b) => a
            .value()
            .cmp(&b.value())
            .then(b.is_inclusive().cmp(&a.is_inclusive())),
    }
}

/// Walks the bands in order of their lower bounds and reports every stretch
/// of the domain that no band or two bands hold.
pub fn check_coverage(
    bands: &[(Position, Interval)],
    at: Position,
    domain: Domain,
    show: &dyn Fn(Decimal) -> String,
    diagnostics: &mut Diagnostics,
) {
    let mut ordered: Vec<&(Position, Interval)> = bands.iter().collect();
    ordered.sort_by(|a, b| compare_lower(a.1.lower, b.1.lower));
    let Some(first) = ordered.first() else {
        return;
    };
    report_start(first.1.lower, at, domain, show, diagnostics);
    let mut reach = first.1.upper;
    for window in ordered.windows(2) {
        let (position, next) = (window[1].0, &window[1].1);
        report_seam(reach, next.lower, position, domain, show, diagnostics);
        reach = furthest(reach, next.upper);
    }
    report_end(reach, at, domain, show, diagnostics);
}

fn report_start(
    lower: Bound,
    at: Position,
    domain: Domain,
    show: &dyn Fn(Decimal) -> String,
    diagnostics: &mut Diagnostics,
) {
    let Some(low) = lower.value() else {
        return;
    };
    let close = if lower.is_inclusive() { ")" } else { "]" };
    match domain {
        Domain::Everything => diagnostics.error(
            at,
            format!("no band holds values in (-∞, {}{close}", show(low)),
        ),
        Domain::Between(start, _) if start < low || (start == low && !lower.is_inclusive()) => {
            let close = if start == low { "" } else { close };
            let range = if start == low {
                format!("exactly {}", show(low))
            } else {
                format!("[{}, {}{close}", show(start), show(low))
            };
            diagnostics.error(at, format!("no band holds values in {range}"));
        }
        Domain::Between(..) => {}
    }
}

fn report_end(
    reach: Bound,
    at: Position,
    domain: Domain,
    show: &dyn Fn(Decimal) -> String,
    diagnostics: &mut Diagnostics,
) {
    let Some(high) = reach.value() else {
        return;
    };
    let open = if reach.is_inclusive() { "(" } else { "[" };
    match domain {
        Domain::Everything => diagnostics.error(
            at,
            format!("no band holds values in {open}{}, +∞)", show(high)),
        ),
        Domain::Between(_, end) if end > high || (end == high && !reach.is_inclusive()) => {
            let range = if end == high {
                format!("exactly {}", show(high))
            } else {
                format!("{open}{}, {}]", show(high), show(end))
            };
            diagnostics.error(at, format!("no band holds values in {range}"));
        }
        Domain::Between(..) => {}
    }
}

/// Compares where covered values end (`reach`) with where the next band
/// starts, and reports a gap or an overlap between them.
fn report_seam(
    reach: Bound,
    next_lower: Bound,
    at: Position,
    domain: Domain,
    show: &dyn Fn(Decimal) -> String,
    diagnostics: &mut Diagnostics,
) {
    let (Some(end), Some(start)) = (reach.value(), next_lower.value()) else {
        if reach == Bound::Open || next_lower == Bound::Open {
            diagnostics.error(at, "this band overlaps an open-ended band before it");
        }
        return;
    };
    if let Domain::Between(low, high) = domain
        && (start < low || end > high)
    {
        return;
    }
    let (end_inclusive, start_inclusive) = (reach.is_inclusive(), next_lower.is_inclusive());
    match end.cmp(&start) {
        Ordering::Less => {
            let open = if end_inclusive { "(" } else { "[" };
            let close = if start_inclusive { ")" } else { "]" };
            let range = format!("{open}{}, {}{close}", show(end), show(start));
            diagnostics.error(at, format!("no band holds values in {range}"));
        }
        Ordering::Equal if end_inclusive && start_inclusive => diagnostics.error(
            at,
            format!(
                "two bands hold exactly {}: say which one with `above`/`below`",
                show(end)
            ),
        ),
        Ordering::Equal if !end_inclusive && !start_inclusive => {
            diagnostics.error(at, format!("no band holds exactly {}", show(end)))
        }
        Ordering::Equal => {}
        Ordering::Greater => diagnostics.error(
            at,
            format!(
                "this band overlaps the one before it between {} and {}",
                show(start),
                show(end)
            ),
        ),
    }
}

fn furthest(a: Bound, b: Bound) -> Bound {
    match (a, b) {
        (Bound::Open, _) | (_, Bound::Open) => Bound::Open,
        (a, b) => match a.value().cmp(&b.value()) {
            Ordering::Less => b,
            Ordering::Greater => a,
            Ordering::Equal if a.is_inclusive() => a,
            Ordering::Equal => b,
        },
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rust_decimal::Decimal;

    use super::*;

    fn band(lower: Bound, upper: Bound) -> (Position, Interval) {
        (Position::default(), Interval { lower, upper })
    }

    fn problems(bands: &[(Position, Interval)], domain: Domain) -> Vec<String> {
        let mut diagnostics = Diagnostics::new(Path::new("m.yaml"));
        check_coverage(
            bands,
            Position::default(),
            domain,
            &|v| v.to_string(),
            &mut diagnostics,
        );
        diagnostics
            .into_vec()
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn g2_integer_looking_bands_leave_fractional_gaps_within_0_to_100() {
        let n = Decimal::from;
        let bands = [
            band(Bound::Inclusive(n(95)), Bound::Inclusive(n(100))),
            band(Bound::Inclusive(n(85)), Bound::Inclusive(n(94))),
            band(Bound::Inclusive(n(75)), Bound::Inclusive(n(84))),
            band(Bound::Inclusive(n(65)), Bound::Inclusive(n(74))),
            band(Bound::Open, Bound::Exclusive(n(65))),
        ];
        let domain = Domain::Between(n(0), n(100));
        assert_eq!(
            problems(&bands, domain),
            [
                "no band holds values in (74, 75)",
                "no band holds values in (84, 85)",
                "no band holds values in (94, 95)"
            ]
        );
        assert_eq!(
            problems(&bands, Domain::Everything).last().unwrap(),
            "no band holds values in (100, +∞)"
        );
    }

    #[test]
    fn a_domain_start_left_uncovered_is_reported() {
        let n = Decimal::from;
        let bands = [band(Bound::Exclusive(n(60)), Bound::Open)];
        assert_eq!(
            problems(&bands, Domain::Between(n(0), n(100))),
            ["no band holds values in [0, 60]"]
        );
    }
}
