//! `choice`: the input is a label or level, each worth a score
//! ("1级5分;2级10分;3级15分"; 优秀/良好/一般). Rubric cases V1, V3.
//!
//! ```yaml
//! unit: label              # the input cell holds words, not numbers
//! rule:
//!   choice:
//!     - { label: 优秀, score: 5 }
//!     - { label: 良好, score: 4 }
//!     - { label: 一般, score: 2 }
//! ```
//!
//! A level written as a bare number matches the label that starts with it
//! (3 matches "3级"). A label the rule does not list is a finding.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{
    Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, Shape, label_input, number,
};
use crate::model::label::normalise;
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

pub type Raw = Vec<Spanned<RawOption>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    label: Spanned<String>,
    score: Spanned<RawNumber>,
    #[serde(default)]
    input: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    options: Vec<(String, Decimal)>,
    input: String,
}

impl Shape for Choice {
    type Raw = Raw;

    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        let named = raw.iter().find_map(|option| option.value.input.as_ref());
        let input = context.listed_input(raw.len(), named, ("choice", "label"), at, diagnostics)?;
        let mut seen = BTreeSet::new();
        let mut options = Vec::new();
        for option in raw {
            let label = &option.value.label;
            if !seen.insert(normalise(&label.value)) {
                diagnostics.error(
                    position_of(label),
                    format!("label `{}` is listed twice", label.value),
                );
            }
            options.push((
                label.value.clone(),
                number(&option.value.score, "score", diagnostics)?,
            ));
        }
        (options.len() == raw.len()).then_some(Choice { options, input })
    }
}

impl Kind for Choice {
    fn evaluate(&self, inputs: &Inputs, _full_marks: Decimal) -> Result<Outcome, RuleError> {
        let written = label_input(inputs, &self.input)?;
        let wanted = normalise(written);
        let exact = self
            .options
            .iter()
            .find(|(label, _)| normalise(label) == wanted);
        let by_level = || {
            wanted.parse::<Decimal>().ok().and_then(|level| {
                self.options
                    .iter()
                    .find(|(label, _)| leading_number(label) == Some(level))
            })
        };
        exact
            .or_else(by_level)
            .map(|(_, score)| Outcome::Score(*score))
            .ok_or_else(|| RuleError::UnknownLabel(written.to_string()))
    }

    fn bounds(&self, _full_marks: Decimal) -> ScoreBounds {
        ScoreBounds::spanning(self.options.iter().map(|(_, score)| *score))
    }
}

fn leading_number(label: &str) -> Option<Decimal> {
    let digits: String = label
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::super::RuleError;
    use super::super::test_support::*;

    const V1: &str = "choice:
  - { label: 1级, score: 5 }
  - { label: 2级, score: 10 }
  - { label: 3级, score: 15 }
  - { label: 4级, score: 20 }
  - { label: 5级, score: 25 }";

    #[test]
    fn v1_levels_by_label_or_bare_number() {
        let rule = rule(V1, 25);
        assert_eq!(points(score_label(&rule, 25, "3级").unwrap()), "15");
        assert_eq!(points(score_label(&rule, 25, "3").unwrap()), "15");
        assert_eq!(points(score_label(&rule, 25, " 5 级").unwrap()), "25");
        assert_eq!(
            score_label(&rule, 25, "6级"),
            Err(RuleError::UnknownLabel("6级".into()))
        );
    }

    #[test]
    fn v3_words_mapped_to_points_and_unknown_words_are_errors_not_crashes() {
        let yaml = "choice:
  - { label: 优秀, score: 10 }
  - { label: 良好, score: 8 }
  - { label: 一般, score: 5 }";
        let rule = rule(yaml, 10);
        assert_eq!(points(score_label(&rule, 10, "良好").unwrap()), "8");
        assert_eq!(
            score_label(&rule, 10, "较好"),
            Err(RuleError::UnknownLabel("较好".into()))
        );
    }

    #[test]
    fn a_label_listed_twice_is_reported() {
        let yaml = "choice:\n  - { label: 优秀, score: 10 }\n  - { label: 优秀, score: 8 }";
        assert_eq!(
            problems(yaml, 10, false),
            ["3:14: label `优秀` is listed twice"]
        );
    }
}
