//! Team money shared out among members: a bonus pool paid by place
//! (`pool`), and a team commission split evenly (`split_evenly`).
//!
//! # `pool` — rubric case C2
//!
//! "静默下单销售额 × 0.6% 作为奖金池; 第一名 奖金池40% + 200; 第二名 30% + 100;
//! 剩余30%由其余人员平分; 同分按个人销售额排名" (售前客服绩效KPI考核表(细则)).
//!
//! ```yaml
//! pool:
//!   amount: { of: 静默下单销售额, rate: 0.6% }   # or a fixed amount: `amount: 6000`
//!   places:
//!     - { share: 40%, plus: 200 }
//!     - { share: 30%, plus: 100 }
//!   rest: { share: 30%, split: evenly }
//!   tie_break: 销售额          # optional: a member value, higher ranks first
//! ```
//!
//! - `amount` is a fixed sum, or `rate` × a team value named by `of` that
//!   the caller supplies ([`Pool::base_name`]).
//! - Members are put in order by score, highest first; equal scores by the
//!   `tie_break` value, highest first; what is still equal by input order,
//!   and [`Distribution::order_decided_by_input`] says when that decided who
//!   gets what. With `tie_break` set, a member in a tie who lacks the value
//!   is an error ([`PoolError::MissingTieBreak`]), not a guess.
//! - Place *n* pays its `share` of the pool plus `plus` (default 0). `rest`
//!   (optional) is split evenly among everyone after the places; without it,
//!   they get nothing.
//! - The shares of the places and the rest must add up to 100%.
//! - **Fewer members than places:** a place nobody fills pays nobody; its
//!   share stays in the pool, as does the rest's share when nobody is left
//!   for it. Both are reported in [`Distribution::undistributed`]. The
//!   `plus` of an unfilled place is not paid and not counted there: it is
//!   paid on top of the pool, never out of it.
//!
//! # `split_evenly` — rubric case C3
//!
//! "公共销售绩效提成=公共销售业绩总额×0.5%÷客服人数" (淘宝客服人员绩效考核管理办法).
//!
//! ```yaml
//! split_evenly: { rate: 0.5%, of: 公共销售业绩总额 }   # `of` is optional
//! ```
//!
//! Everyone gets `rate` × the team total ÷ the number of people; `of`, when
//! written, names the team value the caller supplies.
//!
//! Team values (the pool's base, a team total) are sales: a negative one is
//! an error. All money is kept unrounded; rounding is for display.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::rules::number;
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    amount: Spanned<RawAmount>,
    #[serde(default)]
    places: Vec<Spanned<RawPlace>>,
    rest: Option<Spanned<RawRest>>,
    tie_break: Option<Spanned<String>>,
}

/// `amount: 6000` or `amount: { of: 静默下单销售额, rate: 0.6% }`.
/// Untagged, so serde-saphyr cannot place the values inside; problems point
/// at `amount` itself.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawAmount {
    Fixed(RawNumber),
    Rate(RawRate),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRate {
    of: String,
    rate: RawNumber,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    share: Spanned<RawNumber>,
    plus: Option<Spanned<RawNumber>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRest {
    share: Spanned<RawNumber>,
    split: RawSplit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawSplit {
    Evenly,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSplitEvenly {
    rate: Spanned<RawNumber>,
    of: Option<Spanned<String>>,
}

/// How big the pool is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    Fixed(Decimal),
    /// `rate` × the team value named `of` (0.006 × 静默下单销售额).
    RateOf {
        of: String,
        rate: Decimal,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Share of the pool (0.4 for 40%).
    pub share: Decimal,
    /// Paid on top of the share.
    pub plus: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    pub amount: Amount,
    /// First place first.
    pub places: Vec<Place>,
    /// The share split evenly among everyone after the places, if any.
    pub rest: Option<Decimal>,
    /// The member value that orders equal scores, higher first.
    pub tie_break: Option<String>,
}

/// One member as the pool sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub score: Decimal,
    /// The member's `tie_break` value (their sales), if known.
    pub tie_break: Option<Decimal>,
}

/// Why a member is paid what they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Award {
    /// The n-th place, from 1.
    Place(usize),
    /// An even part of the rest's share.
    Rest,
    /// Past the places, and the pool has no rest.
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payout {
    /// Where the member stands after tie-breaking, from 1.
    pub position: usize,
    pub award: Award,
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    pub pool: Decimal,
    /// One per member, in input order.
    pub payouts: Vec<Payout>,
    /// The shares of places nobody fills, and the rest's share when nobody
    /// is left for it: money that stays in the pool.
    pub undistributed: Decimal,
    /// Two members with equal scores (and equal or no tie-break values) were
    /// paid differently, and only their input order decided which got more.
    pub order_decided_by_input: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PoolError {
    /// The team value the pool is a rate of was not supplied.
    MissingBase(String),
    /// The pool's base, or the team total, is negative.
    NegativeBase(Decimal),
    /// The member at this index (input order) ties with another on score
    /// and has no tie-break value.
    MissingTieBreak { member: usize },
    /// The arithmetic left the decimal range.
    Overflow,
}

pub fn validate(raw: &Raw, at: Position, diagnostics: &mut Diagnostics) -> Option<Pool> {
    // Every part is read before any `?`, so all problems show at once.
    let amount = validate_amount(&raw.amount, diagnostics);
    let places: Vec<Option<Place>> = raw
        .places
        .iter()
        .map(|place| validate_place(&place.value, diagnostics))
        .collect();
    let rest = match &raw.rest {
        None => Some(None),
        Some(rest) => match rest.value.split {
            RawSplit::Evenly => share(&rest.value.share, diagnostics).map(Some),
        },
    };
    let tie_break = match &raw.tie_break {
        None => Some(None),
        Some(name) => value_name(name, "tie_break", diagnostics).map(Some),
    };
    let places: Option<Vec<Place>> = places.into_iter().collect();
    let (amount, places, rest, tie_break) = (amount?, places?, rest?, tie_break?);
    let total = places
        .iter()
        .map(|place| place.share)
        .chain(rest)
        .fold(Decimal::ZERO, |sum, share| sum + share);
    if total != Decimal::ONE {
        diagnostics.error(
            at,
            format!(
                "the shares of the places and the rest add up to {}, not 100%",
                percent(total)
            ),
        );
        return None;
    }
    Some(Pool {
        amount,
        places,
        rest,
        tie_break,
    })
}

pub fn validate_split_evenly(
    raw: &RawSplitEvenly,
    _at: Position,
    diagnostics: &mut Diagnostics,
) -> Option<SplitEvenly> {
    let rate = rate(&raw.rate, diagnostics);
    let of = match &raw.of {
        None => Some(None),
        Some(name) => value_name(name, "of", diagnostics).map(Some),
    };
    Some(SplitEvenly {
        rate: rate?,
        of: of?,
    })
}

fn validate_amount(raw: &Spanned<RawAmount>, diagnostics: &mut Diagnostics) -> Option<Amount> {
    // Values inside an untagged enum carry no position: place them at `amount`.
    let placed = |value: &RawNumber| Spanned::new(value.clone(), raw.referenced, raw.defined);
    match &raw.value {
        RawAmount::Fixed(amount) => {
            let value = number(&placed(amount), "amount", diagnostics)?;
            if value < Decimal::ZERO {
                diagnostics.error(
                    position_of(raw),
                    format!("`amount` is {value}; a pool is not negative"),
                );
                return None;
            }
            Some(Amount::Fixed(value))
        }
        RawAmount::Rate(RawRate { of, rate: raw_rate }) => {
            let of = value_name(
                &Spanned::new(of.clone(), raw.referenced, raw.defined),
                "of",
                diagnostics,
            );
            let rate = rate(&placed(raw_rate), diagnostics);
            Some(Amount::RateOf {
                of: of?,
                rate: rate?,
            })
        }
    }
}

fn validate_place(raw: &RawPlace, diagnostics: &mut Diagnostics) -> Option<Place> {
    let share = share(&raw.share, diagnostics);
    let plus = match &raw.plus {
        None => Some(Decimal::ZERO),
        Some(plus) => number(plus, "plus", diagnostics),
    };
    Some(Place {
        share: share?,
        plus: plus?,
    })
}

/// A share of the pool: between 0 and 100%.
fn share(raw: &Spanned<RawNumber>, diagnostics: &mut Diagnostics) -> Option<Decimal> {
    let value = number(raw, "share", diagnostics)?;
    if value < Decimal::ZERO || value > Decimal::ONE {
        diagnostics.error(
            position_of(raw),
            format!(
                "`share` is {}; a share of the pool is between 0% and 100%, written like 40%",
                value.normalize()
            ),
        );
        return None;
    }
    Some(value)
}

fn rate(raw: &Spanned<RawNumber>, diagnostics: &mut Diagnostics) -> Option<Decimal> {
    let value = number(raw, "rate", diagnostics)?;
    if value < Decimal::ZERO {
        diagnostics.error(
            position_of(raw),
            format!("`rate` is {}; a rate is not negative", value.normalize()),
        );
        return None;
    }
    Some(value)
}

fn value_name(raw: &Spanned<String>, what: &str, diagnostics: &mut Diagnostics) -> Option<String> {
    let name = raw.value.trim();
    if name.is_empty() {
        diagnostics.error(
            position_of(raw),
            format!("`{what}` needs the name of a value"),
        );
        return None;
    }
    Some(name.to_string())
}

fn percent(ratio: Decimal) -> String {
    format!("{}%", (ratio * Decimal::ONE_HUNDRED).normalize())
}

impl Pool {
    /// The name of the team value the pool is a rate of, if it is one.
    pub fn base_name(&self) -> Option<&str> {
        match &self.amount {
            Amount::Fixed(_) => None,
            Amount::RateOf { of, .. } => Some(of),
        }
    }

    /// The size of the pool; `base` is the team value [`Pool::base_name`]
    /// names (ignored for a fixed amount).
    pub fn amount(&self, base: Option<Decimal>) -> Result<Decimal, PoolError> {
        match &self.amount {
            Amount::Fixed(amount) => Ok(*amount),
            Amount::RateOf { of, rate } => {
                let base = base.ok_or_else(|| PoolError::MissingBase(of.clone()))?;
                if base < Decimal::ZERO {
                    return Err(PoolError::NegativeBase(base));
                }
                base.checked_mul(*rate).ok_or(PoolError::Overflow)
            }
        }
    }

    /// Works out the pool from `base`, then shares it out.
    pub fn evaluate(
        &self,
        base: Option<Decimal>,
        members: &[Standing],
    ) -> Result<Distribution, PoolError> {
        self.distribute(self.amount(base)?, members)
    }

    /// Shares a pool of `pool` out among one team's members.
    pub fn distribute(
        &self,
        pool: Decimal,
        members: &[Standing],
    ) -> Result<Distribution, PoolError> {
        let order = self.order(members)?;
        let rest_count = members.len().saturating_sub(self.places.len());
        let award = |position: usize| match self.places.get(position) {
            Some(_) => Award::Place(position + 1),
            None if self.rest.is_some() => Award::Rest,
            None => Award::Nothing,
        };
        let rest_each = match self.rest {
            Some(share) if rest_count > 0 => pool
                .checked_mul(share)
                .and_then(|rest| rest.checked_div(Decimal::from(rest_count)))
                .ok_or(PoolError::Overflow)?,
            _ => Decimal::ZERO,
        };
        let mut payouts = vec![
            Payout {
                position: 0,
                award: Award::Nothing,
                amount: Decimal::ZERO,
            };
            members.len()
        ];
        for (position, &member) in order.iter().enumerate() {
            let award = award(position);
            let amount = match (award, self.places.get(position)) {
                (Award::Place(_), Some(Place { share, plus })) => pool
                    .checked_mul(*share)
                    .and_then(|part| part.checked_add(*plus))
                    .ok_or(PoolError::Overflow)?,
                (Award::Rest, _) => rest_each,
                _ => Decimal::ZERO,
            };
            payouts[member] = Payout {
                position: position + 1,
                award,
                amount,
            };
        }
        let unfilled = self
            .places
            .iter()
            .skip(members.len())
            .map(|place| place.share)
            .chain(self.rest.filter(|_| rest_count == 0))
            .fold(Decimal::ZERO, |sum, share| sum + share);
        let undistributed = pool.checked_mul(unfilled).ok_or(PoolError::Overflow)?;
        let order_decided_by_input = order.windows(2).enumerate().any(|(position, pair)| {
            let (a, b) = (&members[pair[0]], &members[pair[1]]);
            self.compare(a, b) == Ordering::Equal && award(position) != award(position + 1)
        });
        Ok(Distribution {
            pool,
            payouts,
            undistributed,
            order_decided_by_input,
        })
    }

    /// Member indices, best first: score, then tie-break value, both
    /// higher first, then input order.
    fn order(&self, members: &[Standing]) -> Result<Vec<usize>, PoolError> {
        if self.tie_break.is_some() {
            for (index, member) in members.iter().enumerate() {
                let tied = members
                    .iter()
                    .enumerate()
                    .any(|(other, them)| other != index && them.score == member.score);
                if tied && member.tie_break.is_none() {
                    return Err(PoolError::MissingTieBreak { member: index });
                }
            }
        }
        let mut order: Vec<usize> = (0..members.len()).collect();
        // A stable sort keeps input order among members that compare equal.
        order.sort_by(|&a, &b| self.compare(&members[a], &members[b]));
        Ok(order)
    }

    /// Better first: `Less` when `a` ranks ahead of `b`.
    fn compare(&self, a: &Standing, b: &Standing) -> Ordering {
        let by_score = b.score.cmp(&a.score);
        if self.tie_break.is_none() {
            return by_score;
        }
        by_score.then(b.tie_break.cmp(&a.tie_break))
    }
}

/// A team total times a rate, split evenly among the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitEvenly {
    /// 0.005 for 0.5%.
    pub rate: Decimal,
    /// The team value the rate applies to, when the mapping names it.
    pub of: Option<String>,
}

impl SplitEvenly {
    /// What each of `people` gets: `rate × team_total ÷ people`. Nobody in
    /// the team gives an empty list.
    pub fn evaluate(&self, team_total: Decimal, people: usize) -> Result<Vec<Decimal>, PoolError> {
        if team_total < Decimal::ZERO {
            return Err(PoolError::NegativeBase(team_total));
        }
        if people == 0 {
            return Ok(Vec::new());
        }
        let each = team_total
            .checked_mul(self.rate)
            .and_then(|commission| commission.checked_div(Decimal::from(people)))
            .ok_or(PoolError::Overflow)?;
        Ok(vec![each; people])
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::rules::test_support::validated;

    const C2: &str = "pool:
  amount: { of: 静默下单销售额, rate: 0.6% }
  places:
    - { share: 40%, plus: 200 }
    - { share: 30%, plus: 100 }
  rest: { share: 30%, split: evenly }
  tie_break: 销售额";

    const C2_FIXED: &str = "pool:
  amount: 6000
  places:
    - { share: 40%, plus: 200 }
    - { share: 30%, plus: 100 }
  rest: { share: 30%, split: evenly }
  tie_break: 销售额";

    fn pool(yaml: &str) -> Pool {
        match validated(yaml, validate) {
            (Some(pool), problems) if problems.is_empty() => pool,
            (_, problems) => panic!("does not validate: {problems:?}"),
        }
    }

    fn standings(scores: &[Decimal], sales: &[Decimal]) -> Vec<Standing> {
        scores
            .iter()
            .zip(sales)
            .map(|(&score, &sales)| Standing {
                score,
                tie_break: Some(sales),
            })
            .collect()
    }

    fn amounts(distribution: &Distribution) -> Vec<Decimal> {
        distribution.payouts.iter().map(|p| p.amount).collect()
    }

    #[test]
    fn c2_pool_of_6000_first_second_and_the_rest() {
        let pool = pool(C2);
        assert_eq!(pool.base_name(), Some("静默下单销售额"));
        let members = standings(
            &[dec!(92), dec!(88), dec!(75), dec!(70)],
            &[dec!(1), dec!(1), dec!(1), dec!(1)],
        );
        // 静默下单销售额 1,000,000 × 0.6% = 6000.
        let paid = pool.evaluate(Some(dec!(1000000)), &members).unwrap();
        assert_eq!(paid.pool, dec!(6000));
        assert_eq!(
            amounts(&paid),
            [dec!(2600), dec!(1900), dec!(900), dec!(900)]
        );
        let awards: Vec<Award> = paid.payouts.iter().map(|p| p.award).collect();
        assert_eq!(
            awards,
            [Award::Place(1), Award::Place(2), Award::Rest, Award::Rest]
        );
        assert_eq!(paid.undistributed, dec!(0));
        assert!(!paid.order_decided_by_input);
    }

    #[test]
    fn c2_equal_scores_are_ordered_by_personal_sales() {
        let pool = pool(C2_FIXED);
        let members = standings(
            &[dec!(90), dec!(90), dec!(80)],
            &[dec!(50000), dec!(60000), dec!(70000)],
        );
        let paid = pool.evaluate(None, &members).unwrap();
        assert_eq!(amounts(&paid), [dec!(1900), dec!(2600), dec!(1800)]);
        let positions: Vec<usize> = paid.payouts.iter().map(|p| p.position).collect();
        assert_eq!(positions, [2, 1, 3]);
        assert!(!paid.order_decided_by_input);
    }

    #[test]
    fn c2_fewer_members_than_places_leave_their_shares_in_the_pool() {
        let pool = pool(C2_FIXED);
        let one = pool
            .distribute(dec!(6000), &standings(&[dec!(80)], &[dec!(0)]))
            .unwrap();
        // 40% + 200 paid; second place's 30% and the rest's 30% stay.
        assert_eq!(amounts(&one), [dec!(2600)]);
        assert_eq!(one.undistributed, dec!(3600));
        let two = pool
            .distribute(
                dec!(6000),
                &standings(&[dec!(70), dec!(80)], &[dec!(0), dec!(0)]),
            )
            .unwrap();
        assert_eq!(amounts(&two), [dec!(1900), dec!(2600)]);
        assert_eq!(two.undistributed, dec!(1800));
        let nobody = pool.distribute(dec!(6000), &[]).unwrap();
        assert_eq!(nobody.payouts, []);
        assert_eq!(nobody.undistributed, dec!(6000));
    }

    #[test]
    fn a_rest_that_does_not_divide_evenly_is_kept_unrounded() {
        let pool = pool(C2_FIXED);
        let scores: Vec<Decimal> = (1..=9).rev().map(Decimal::from).collect();
        let paid = pool
            .distribute(dec!(1000), &standings(&scores, &[dec!(0); 9]))
            .unwrap();
        // Seven people share 30% of 1000.
        assert_eq!(paid.payouts[8].amount, dec!(300) / dec!(7));
        assert_eq!(paid.payouts[8].amount.round_dp(2), dec!(42.86));
    }

    #[test]
    fn a_tie_nothing_breaks_is_decided_by_input_order_and_said_so() {
        let pool = pool(C2_FIXED);
        let members = standings(
            &[dec!(90), dec!(90), dec!(80)],
            &[dec!(5), dec!(5), dec!(1)],
        );
        let paid = pool.distribute(dec!(6000), &members).unwrap();
        assert_eq!(amounts(&paid), [dec!(2600), dec!(1900), dec!(1800)]);
        assert!(paid.order_decided_by_input);
        // Tied members who are both in the rest are paid alike: no flag.
        let members = standings(&[dec!(90), dec!(80), dec!(70), dec!(70)], &[dec!(0); 4]);
        let paid = pool.distribute(dec!(6000), &members).unwrap();
        assert!(!paid.order_decided_by_input);
    }

    #[test]
    fn a_tied_member_without_a_tie_break_value_is_an_error() {
        let pool = pool(C2_FIXED);
        let members = [
            Standing {
                score: dec!(90),
                tie_break: Some(dec!(1)),
            },
            Standing {
                score: dec!(90),
                tie_break: None,
            },
            Standing {
                score: dec!(80),
                tie_break: None,
            },
        ];
        assert_eq!(
            pool.distribute(dec!(6000), &members),
            Err(PoolError::MissingTieBreak { member: 1 })
        );
        // The third, tied with nobody, needs no value.
        assert!(pool.distribute(dec!(6000), &members[2..]).is_ok());
    }

    #[test]
    fn a_rate_needs_its_base_and_a_base_is_not_negative() {
        let pool = pool(C2);
        assert_eq!(
            pool.evaluate(None, &[]),
            Err(PoolError::MissingBase("静默下单销售额".into()))
        );
        assert_eq!(
            pool.evaluate(Some(dec!(-1)), &[]),
            Err(PoolError::NegativeBase(dec!(-1)))
        );
    }

    #[test]
    fn shares_that_do_not_add_up_to_100_percent_are_reported() {
        let yaml = "pool:
  amount: 6000
  places:
    - { share: 40%, plus: 200 }
    - { share: 30%, plus: 100 }
  rest: { share: 20%, split: evenly }";
        let (built, problems) = validated(yaml, validate);
        assert_eq!(built, None);
        assert_eq!(
            problems,
            ["2:3: the shares of the places and the rest add up to 90%, not 100%"]
        );
    }

    #[test]
    fn shares_rates_and_names_are_checked_where_written() {
        let yaml = "pool:
  amount: { of: ' ', rate: -1% }
  places:
    - { share: 40 }
  rest: { share: 30%, split: evenly }
  tie_break: ''";
        let (built, problems) = validated(yaml, validate);
        assert_eq!(built, None);
        assert_eq!(
            problems,
            [
                "2:11: `of` needs the name of a value",
                "2:11: `rate` is -0.01; a rate is not negative",
                "4:16: `share` is 40; a share of the pool is between 0% and 100%, written like 40%",
                "6:14: `tie_break` needs the name of a value"
            ]
        );
    }

    #[test]
    fn unknown_keys_and_splits_are_rejected() {
        let (_, problems) = validated(
            "pool:\n  amount: 6000\n  rest: { share: 100%, split: by_score }",
            validate,
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("by_score"), "{problems:?}");
        let (_, problems) = validated(
            "pool:\n  amount: 6000\n  rest: { share: 100%, split: evenly }\n  order: desc",
            validate,
        );
        assert!(
            problems[0].contains("unknown field `order`"),
            "{problems:?}"
        );
        let (_, problems) = validated(
            "pool:\n  amount: { of: 销售额, rate: 1%, cap: 500 }\n  rest: { share: 100%, split: evenly }",
            validate,
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("2:11: "), "{problems:?}");
    }

    #[test]
    fn a_pool_with_only_a_rest_is_an_even_split() {
        let pool = pool("pool:\n  amount: 900\n  rest: { share: 100%, split: evenly }");
        let members = [Standing {
            score: dec!(1),
            tie_break: None,
        }; 3];
        let paid = pool.distribute(dec!(900), &members).unwrap();
        assert_eq!(amounts(&paid), [dec!(300); 3]);
        assert!(!paid.order_decided_by_input);
    }

    fn split(yaml: &str) -> SplitEvenly {
        match validated(yaml, validate_split_evenly) {
            (Some(split), problems) if problems.is_empty() => split,
            (_, problems) => panic!("does not validate: {problems:?}"),
        }
    }

    #[test]
    fn c3_public_sales_commission_split_among_four() {
        let split = split("split_evenly: { rate: 0.5% }");
        assert_eq!(split.of, None);
        assert_eq!(split.evaluate(dec!(200000), 4).unwrap(), [dec!(250); 4]);
        assert_eq!(split.evaluate(dec!(200000), 0).unwrap(), []);
        assert_eq!(
            split.evaluate(dec!(-1), 4),
            Err(PoolError::NegativeBase(dec!(-1)))
        );
    }

    #[test]
    fn c3_names_the_team_total_it_applies_to() {
        let split = split("split_evenly: { rate: 0.5%, of: 公共销售业绩总额 }");
        assert_eq!(split.of.as_deref(), Some("公共销售业绩总额"));
        assert_eq!(
            split.evaluate(dec!(200000), 3).unwrap()[0].round_dp(2),
            dec!(333.33)
        );
        let (_, problems) = validated("split_evenly: { rate: -0.5% }", validate_split_evenly);
        assert_eq!(problems, ["1:23: `rate` is -0.005; a rate is not negative"]);
    }
}
