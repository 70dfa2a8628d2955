//! `share_of_team`: each member scores in proportion to their part of the
//! team's total. Rubric case A5, "业务成果得分=(个人年度销售额/团队年度销售总额)x 35"
//! (售前工程师绩效考核表).
//!
//! ```yaml
//! share_of_team: { points: 35 }
//! share_of_team: { points: 35, input: 年度销售额 }   # an indicator with several inputs
//! ```
//!
//! A member's score is `points × own amount ÷ the team's total`, so the
//! scores of a team add up to `points`. When the team's total is 0 nobody
//! sold anything and everyone scores 0. Amounts are sales: a negative amount
//! is an error, as a share of a total that contains one has no meaning.
//!
//! The caller passes one team's amounts (grouped by the mapping's team key,
//! as the team pass groups them) and gets the scores back in the
//! same order.

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{
    Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, Shape, Source, input, number,
};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raw {
    points: Spanned<RawNumber>,
    input: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareOfTeam {
    /// What the whole team's total is worth (35 in A5).
    pub points: Decimal,
    /// The input whose values the team's members share.
    pub input: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareError {
    /// The member at this index (in input order) has a negative amount.
    Negative { member: usize },
    /// The arithmetic left the decimal range.
    Overflow,
}

impl Shape for ShareOfTeam {
    type Raw = Raw;
    const SOURCE: Source = Source::Team;

    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        let input = context.resolve_input(raw.input.as_ref(), at, diagnostics);
        let points = number(&raw.points, "points", diagnostics)?;
        if points <= Decimal::ZERO {
            diagnostics.error(
                position_of(&raw.points),
                format!("`points` is {points}; the team's total must be worth more than 0 points"),
            );
            return None;
        }
        Some(ShareOfTeam {
            points,
            input: input?,
        })
    }
}

impl Kind for ShareOfTeam {
    /// The input must be there now; the score comes with the team.
    fn evaluate(&self, inputs: &Inputs, _full_marks: Decimal) -> Result<Outcome, RuleError> {
        input(inputs, &self.input).map(Outcome::Team)
    }

    fn bounds(&self, full_marks: Decimal) -> ScoreBounds {
        ScoreBounds::between(Some(Decimal::ZERO), Some(full_marks))
    }

    fn team_scores(&self, values: &[Decimal]) -> Option<Vec<Decimal>> {
        self.share(values).ok()
    }
}

impl ShareOfTeam {
    /// Each member's score, in the order of `amounts`.
    pub fn share(&self, amounts: &[Decimal]) -> Result<Vec<Decimal>, ShareError> {
        if let Some(member) = amounts.iter().position(|a| *a < Decimal::ZERO) {
            return Err(ShareError::Negative { member });
        }
        let total = amounts
            .iter()
            .try_fold(Decimal::ZERO, |sum, amount| sum.checked_add(*amount))
            .ok_or(ShareError::Overflow)?;
        if total.is_zero() {
            return Ok(vec![Decimal::ZERO; amounts.len()]);
        }
        // Multiply before dividing: 35 × 1 ÷ 3 is closer to 35/3 than
        // (1 ÷ 3) × 35, whose quotient was already cut to 28 digits.
        amounts
            .iter()
            .map(|amount| {
                amount
                    .checked_mul(self.points)
                    .and_then(|product| product.checked_div(total))
                    .ok_or(ShareError::Overflow)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::rules::test_support::{rule_with_inputs, validated_in_context as validated};
    use crate::rules::{InputValue, Outcome};

    fn share(yaml: &str) -> ShareOfTeam {
        match validated(yaml, ShareOfTeam::validate) {
            (Some(share), problems) if problems.is_empty() => share,
            (_, problems) => panic!("does not validate: {problems:?}"),
        }
    }

    fn shown(scores: Vec<Decimal>) -> Vec<String> {
        scores
            .into_iter()
            .map(|score| score.round_dp(2).normalize().to_string())
            .collect()
    }

    #[test]
    fn a5_annual_sales_share_of_35_points() {
        let rule = share("share_of_team: { points: 35 }");
        // 甲 300万, 乙 500万, 丙 200万
        let amounts = [dec!(3000000), dec!(5000000), dec!(2000000)];
        assert_eq!(shown(rule.share(&amounts).unwrap()), ["10.5", "17.5", "7"]);
    }

    #[test]
    fn a5_amounts_written_in_wan_give_the_same_scores() {
        let rule = share("share_of_team: { points: 35 }");
        let amounts = [dec!(300), dec!(500), dec!(200)];
        assert_eq!(
            rule.share(&amounts).unwrap(),
            [dec!(10.5), dec!(17.5), dec!(7)]
        );
    }

    #[test]
    fn a_team_total_of_zero_gives_everyone_zero() {
        let rule = share("share_of_team: { points: 35 }");
        let amounts = [dec!(0), dec!(0)];
        assert_eq!(rule.share(&amounts).unwrap(), [dec!(0), dec!(0)]);
        assert_eq!(rule.share(&[]).unwrap(), []);
    }

    #[test]
    fn thirds_multiply_before_dividing() {
        let rule = share("share_of_team: { points: 35 }");
        let scores = rule.share(&[dec!(1), dec!(1), dec!(1)]).unwrap();
        assert_eq!(scores[0], dec!(35) / dec!(3));
        assert_eq!(shown(scores), ["11.67", "11.67", "11.67"]);
    }

    #[test]
    fn a_negative_amount_is_an_error_naming_the_member() {
        let rule = share("share_of_team: { points: 35 }");
        assert_eq!(
            rule.share(&[dec!(100), dec!(-5)]),
            Err(ShareError::Negative { member: 1 })
        );
    }

    #[test]
    fn points_must_be_a_positive_number_and_keys_are_known() {
        let (_, problems) = validated("share_of_team: { points: 0 }", ShareOfTeam::validate);
        assert_eq!(
            problems,
            ["1:26: `points` is 0; the team's total must be worth more than 0 points"]
        );
        let (_, problems) = validated(
            "share_of_team: { points: 35, of: 销售额 }",
            ShareOfTeam::validate,
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("unknown field `of`"), "{problems:?}");
    }

    #[test]
    fn the_input_is_the_one_named_or_the_only_one() {
        let several = |yaml: &str| {
            let fragment = format!("share_of_team: {yaml}");
            rule_with_inputs(&fragment, dec!(35), &["件数", "年度销售额"], false)
        };
        let rule = several("{ points: 35, input: 年度销售额 }").unwrap();
        let inputs = crate::rules::Inputs::from([
            ("件数".to_string(), InputValue::Number(dec!(5))),
            ("年度销售额".to_string(), InputValue::Number(dec!(300))),
        ]);
        assert_eq!(
            rule.evaluate(&inputs, dec!(35)),
            Ok(Outcome::Team(dec!(300)))
        );
        let problems = several("{ points: 35 }").unwrap_err();
        assert!(
            problems[0].message.contains("say which one with `input:`"),
            "{problems:?}"
        );
        assert_eq!(share("share_of_team: { points: 35 }").input, "value");
    }
}
