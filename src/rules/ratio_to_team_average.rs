//! `ratio_to_team_average`: a member's amount over the team's average for
//! the period picks a band, and the band gives the score. Rubric case A6,
//! 成交金额 30 pts, ">150% → 30; 120–150% → 25; 110–120% → 20; 100–110% → 15;
//! 90–100% → 8; <90% → 5" (淘宝售前kpi考核).
//!
//! ```yaml
//! ratio_to_team_average:
//!   - { above: 150%, score: 30 }
//!   - { from: 120%, to: 150%, score: 25 }
//!   - { from: 110%, below: 120%, score: 20 }
//!   - { from: 100%, below: 110%, score: 15 }
//!   - { from: 90%, below: 100%, score: 8 }
//!   - { below: 90%, score: 5 }
//! ```
//!
//! An indicator with several inputs names the one compared with the team's
//! average on any band, as in tiers: `- { above: 150%, score: 30, input: 成交金额 }`.
//!
//! Bounds as in tiers: `from` (≥), `above` (>), `to` (≤), `below` (<); the
//! bands must cover every ratio exactly once (checked with
//! [`check_coverage`]), so the lowest band is written without a lower bound.
//!
//! The caller passes one team's amounts for one period (grouped by the
//! mapping's team key) and gets each member's ratio and score back in the
//! same order. The ratio is worked out as `own × members ÷ team total`, which
//! equals own ÷ average without first cutting the average to 28 digits.
//! Amounts are sales, so a negative one is an error; when every amount is 0
//! the average is 0, no ratio exists and the form does not say what anyone
//! scores: that is [`RatioError::ZeroAverage`], for a person to judge.

use rust_decimal::Decimal;
use serde::Deserialize;

use super::bands::{Domain, Interval, RawBounds, check_coverage, interval};
use super::{
    Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, Shape, Source, input, number,
};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

pub type Raw = Vec<Spanned<RawBand>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    from: Option<Spanned<RawNumber>>,
    above: Option<Spanned<RawNumber>>,
    to: Option<Spanned<RawNumber>>,
    below: Option<Spanned<RawNumber>>,
    score: Spanned<RawNumber>,
    input: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// The ratios the band holds (1.5 for 150%).
    pub ratios: Interval,
    pub score: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatioToTeamAverage {
    pub bands: Vec<Band>,
    /// The input whose value is compared with the team's average.
    pub input: String,
}

/// One member's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatioScore {
    /// Own amount over the team's average (1.5 for 150%).
    pub ratio: Decimal,
    pub score: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatioError {
    /// The member at this index (in input order) has a negative amount.
    Negative { member: usize },
    /// Every amount is 0: there is no ratio to the average.
    ZeroAverage,
    /// No band holds the ratio (only possible if validation was bypassed).
    NoBand(Decimal),
    /// The arithmetic left the decimal range.
    Overflow,
}

impl Shape for RatioToTeamAverage {
    type Raw = Raw;
    const SOURCE: Source = Source::Team;

    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        let named = raw.iter().find_map(|band| band.value.input.as_ref());
        let input = context.listed_input(
            raw.len(),
            named,
            ("ratio_to_team_average", "band"),
            at,
            diagnostics,
        )?;
        let bands: Vec<(Position, Band)> = raw
            .iter()
            .filter_map(|band| Some((position_of(band), validate_band(band, diagnostics)?)))
            .collect();
        if bands.len() != raw.len() {
            return None;
        }
        let before = diagnostics.count();
        let intervals: Vec<(Position, Interval)> = bands
            .iter()
            .map(|(position, band)| (*position, band.ratios))
            .collect();
        check_coverage(&intervals, at, Domain::Everything, &percent, diagnostics);
        (diagnostics.count() == before).then(|| RatioToTeamAverage {
            bands: bands.into_iter().map(|(_, band)| band).collect(),
            input,
        })
    }
}

impl Kind for RatioToTeamAverage {
    /// The input must be there now; the score comes with the team.
    fn evaluate(&self, inputs: &Inputs, _full_marks: Decimal) -> Result<Outcome, RuleError> {
        input(inputs, &self.input).map(Outcome::Team)
    }

    fn bounds(&self, full_marks: Decimal) -> ScoreBounds {
        ScoreBounds::between(Some(Decimal::ZERO), Some(full_marks))
    }

    fn team_scores(&self, values: &[Decimal]) -> Option<Vec<Decimal>> {
        let scored = self.ratios(values).ok()?;
        Some(scored.into_iter().map(|s| s.score).collect())
    }
}

fn validate_band(raw: &Spanned<RawBand>, diagnostics: &mut Diagnostics) -> Option<Band> {
    let band = &raw.value;
    let bounds = RawBounds {
        from: &band.from,
        above: &band.above,
        to: &band.to,
        below: &band.below,
    };
    // Both parts are read before any `?`, so all of a band's problems show.
    let ratios = interval(bounds, position_of(raw), diagnostics);
    let score = number(&band.score, "score", diagnostics);
    Some(Band {
        ratios: ratios?,
        score: score?,
    })
}

/// Ratios are shown as the form writes them: 150%.
fn percent(ratio: Decimal) -> String {
    format!("{}%", (ratio * Decimal::ONE_HUNDRED).normalize())
}

impl RatioToTeamAverage {
    /// Each member's ratio and score, in the order of `amounts`. An empty
    /// team gives an empty list.
    pub fn ratios(&self, amounts: &[Decimal]) -> Result<Vec<RatioScore>, RatioError> {
        if amounts.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(member) = amounts.iter().position(|a| *a < Decimal::ZERO) {
            return Err(RatioError::Negative { member });
        }
        let total = amounts
            .iter()
            .try_fold(Decimal::ZERO, |sum, amount| sum.checked_add(*amount))
            .ok_or(RatioError::Overflow)?;
        if total.is_zero() {
            return Err(RatioError::ZeroAverage);
        }
        let members = Decimal::from(amounts.len());
        amounts
            .iter()
            .map(|amount| {
                let ratio = amount
                    .checked_mul(members)
                    .and_then(|product| product.checked_div(total))
                    .ok_or(RatioError::Overflow)?;
                let band = self
                    .bands
                    .iter()
                    .find(|band| band.ratios.holds(ratio))
                    .ok_or(RatioError::NoBand(ratio))?;
                Ok(RatioScore {
                    ratio,
                    score: band.score,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::rules::test_support::validated_in_context as validated;

    const A6: &str = "ratio_to_team_average:
  - { above: 150%, score: 30 }
  - { from: 120%, to: 150%, score: 25 }
  - { from: 110%, below: 120%, score: 20 }
  - { from: 100%, below: 110%, score: 15 }
  - { from: 90%, below: 100%, score: 8 }
  - { below: 90%, score: 5 }";

    fn rule(yaml: &str) -> RatioToTeamAverage {
        match validated(yaml, RatioToTeamAverage::validate) {
            (Some(rule), problems) if problems.is_empty() => rule,
            (_, problems) => panic!("does not validate: {problems:?}"),
        }
    }

    /// (ratio as a percentage, score) per member.
    fn results(rule: &RatioToTeamAverage, amounts: &[Decimal]) -> Vec<(String, String)> {
        rule.ratios(amounts)
            .unwrap()
            .into_iter()
            .map(|r| (percent(r.ratio.round_dp(4)), r.score.to_string()))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(ratio, score)| (ratio.to_string(), score.to_string()))
            .collect()
    }

    #[test]
    fn a6_150_percent_is_not_above_150_percent() {
        let rule = rule(A6);
        let found = results(&rule, &[dec!(100), dec!(200), dec!(300)]);
        assert_eq!(
            found,
            pairs(&[("50%", "5"), ("100%", "15"), ("150%", "25")])
        );
    }

    #[test]
    fn a6_every_band_and_its_edges() {
        let rule = rule(A6);
        // Average 100: each amount is its own percentage of the average.
        let amounts = [
            dec!(151),
            dec!(120),
            dec!(119.99),
            dec!(110),
            dec!(100),
            dec!(90),
            dec!(89.99),
            dec!(19.02),
        ];
        assert_eq!(amounts.iter().sum::<Decimal>(), dec!(800));
        let found = results(&rule, &amounts);
        let expected = [
            ("151%", "30"),
            ("120%", "25"),
            ("119.99%", "20"),
            ("110%", "20"),
            ("100%", "15"),
            ("90%", "8"),
            ("89.99%", "5"),
            ("19.02%", "5"),
        ];
        assert_eq!(found, pairs(&expected));
    }

    #[test]
    fn an_average_that_does_not_divide_evenly_still_hits_100_percent() {
        // Average 100/3 repeats; 1 × 3 ÷ 3 is exactly 100%.
        let rule = rule(A6);
        let found = rule.ratios(&[dec!(1), dec!(1), dec!(1)]).unwrap();
        assert_eq!(found[0].ratio, dec!(1));
        assert_eq!(found[0].score, dec!(15));
    }

    #[test]
    fn all_zero_amounts_have_no_ratio_and_negatives_are_errors() {
        let rule = rule(A6);
        assert_eq!(
            rule.ratios(&[dec!(0), dec!(0)]),
            Err(RatioError::ZeroAverage)
        );
        assert_eq!(
            rule.ratios(&[dec!(5), dec!(-1)]),
            Err(RatioError::Negative { member: 1 })
        );
        assert_eq!(rule.ratios(&[]), Ok(Vec::new()));
    }

    #[test]
    fn a6_as_first_read_leaves_150_percent_to_two_bands() {
        // "120–150% → 25" read as [120%, 150%] and ">150%" written `from`.
        let yaml = "ratio_to_team_average:
  - { from: 150%, score: 30 }
  - { from: 120%, to: 150%, score: 25 }
  - { from: 110%, below: 120%, score: 20 }
  - { from: 100%, below: 110%, score: 15 }
  - { from: 90%, below: 100%, score: 8 }
  - { below: 90%, score: 5 }";
        let (built, problems) = validated(yaml, RatioToTeamAverage::validate);
        assert_eq!(built, None);
        assert_eq!(
            problems,
            ["2:5: two bands hold exactly 150%: say which one with `above`/`below`"]
        );
    }

    #[test]
    fn gaps_are_reported_with_their_range() {
        let yaml = "ratio_to_team_average:
  - { above: 150%, score: 30 }
  - { from: 100%, below: 110%, score: 15 }
  - { below: 90%, score: 5 }";
        let (built, problems) = validated(yaml, RatioToTeamAverage::validate);
        assert_eq!(built, None);
        assert_eq!(
            problems,
            [
                "3:5: no band holds values in [90%, 100%)",
                "2:5: no band holds values in [110%, 150%]"
            ]
        );
    }

    #[test]
    fn a_band_needs_a_score_and_known_keys() {
        let (_, problems) = validated(
            "ratio_to_team_average:\n  - { below: 90% }",
            RatioToTeamAverage::validate,
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("score"), "{problems:?}");
        let (_, problems) = validated(
            "ratio_to_team_average:\n  - { under: 90%, score: 5 }",
            RatioToTeamAverage::validate,
        );
        assert!(
            problems[0].contains("unknown field `under`"),
            "{problems:?}"
        );
        let (_, problems) = validated("ratio_to_team_average: []", RatioToTeamAverage::validate);
        assert_eq!(
            problems,
            ["1:24: `ratio_to_team_average` needs at least one band"]
        );
    }
}
