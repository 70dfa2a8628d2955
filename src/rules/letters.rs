//! `letters`: letter bands over an indicator's score, so a letter written on
//! the form can be checked against the score, or derived from it. Rubric case
//! V2, "A(得18-20分) B(得15-18分) C(得12-15分) D(12分以下)" (工作态度).
//!
//! ```yaml
//! unit: label              # the input cell holds the letter (may be blank)
//! rule:
//!   letters:
//!     - { letter: A, from: 18, to: 20 }
//!     - { letter: B, from: 15, below: 18 }
//!     - { letter: C, from: 12, below: 15 }
//!     - { letter: D, below: 12 }
//! ```
//!
//! The score is the reviewer's judgement within full marks; the audit then
//! checks the letter against it ([`Letters::check`]): a letter whose band
//! does not hold the score is an error, a blank letter is filled in from
//! the score, a letter the mapping does not list is an unknown label.
//!
//! Bounds as in tiers: `from` (≥), `above` (>), `to` (≤), `below` (<). The
//! form's own wording gives 18, 15 and 12 to two letters each; the mapping
//! says which with `below`/`above`, and validation reports it until it does.
//!
//! Coverage is checked between the lowest and the highest bound the letters
//! name (12 and 20 above): what lies beyond is the indicator's full marks'
//! business, and a score no letter holds is [`LetterCheck::NoBand`].
//! Letters match trimmed and case-blind (` a` is A). Validation still
//! returns the letters whenever every band reads.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::bands::{Bound, Domain, Interval, RawBounds, check_coverage, interval};
use super::{
    InputUnit, InputValue, Inputs, Kind, Outcome, RuleContext, RuleError, ScoreBounds, ScoreRange,
    Shape, Source,
};
use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

pub type Raw = Vec<Spanned<RawLetter>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLetter {
    letter: Spanned<String>,
    from: Option<Spanned<RawNumber>>,
    above: Option<Spanned<RawNumber>>,
    to: Option<Spanned<RawNumber>>,
    below: Option<Spanned<RawNumber>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Letters {
    bands: Vec<(String, Interval)>,
    /// The input holding the letter.
    input: String,
}

/// What a letter and a score say together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterCheck {
    /// The letter's band holds the score.
    Accepted { letter: String },
    /// No letter was written; the score's band gives this one.
    Derived { letter: String },
    /// The letter's band does not hold the score; `allowed` is that band,
    /// written as an interval ("[18, 20]", "(-∞, 12)").
    OutsideLetter { letter: String, allowed: String },
    /// A letter the mapping does not list, as written.
    UnknownLetter(String),
    /// No letter was written and no band holds the score.
    NoBand,
}

impl Kind for Letters {
    /// The score is judged within full marks; a letter the bands do not
    /// name makes the indicator's label unknown. A blank letter is allowed:
    /// the audit derives it.
    fn evaluate(&self, inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError> {
        if let Some(InputValue::Label(written)) = inputs.get(&self.input)
            && !written.trim().is_empty()
            && !self.names(written)
        {
            return Err(RuleError::UnknownLabel(written.clone()));
        }
        Ok(Outcome::Judged(ScoreRange {
            low: Decimal::ZERO,
            high: full_marks,
        }))
    }

    fn bounds(&self, full_marks: Decimal) -> ScoreBounds {
        ScoreBounds::between(Some(Decimal::ZERO), Some(full_marks))
    }

    /// A letter is a label whatever `unit` says by default; a number unit
    /// would read every letter as "not a number".
    fn input_unit(&self) -> InputUnit {
        InputUnit::Label("a letter")
    }
}

impl Letters {
    /// The scores a written letter stands for within full marks, as an
    /// interval ("[18, 20]", "[0, 12)"); `None` for a letter the bands do
    /// not name.
    pub fn band_of(&self, written: &str, full_marks: Decimal) -> Option<String> {
        let wanted = key(written);
        let (_, values) = self
            .bands
            .iter()
            .find(|(letter, _)| key(letter) == wanted)?;
        let within = |bound, end| match bound {
            Bound::Open => Bound::Inclusive(end),
            bound => bound,
        };
        Some(show_interval(Interval {
            lower: within(values.lower, Decimal::ZERO),
            upper: within(values.upper, full_marks),
        }))
    }

    fn names(&self, written: &str) -> bool {
        let wanted = key(written);
        self.bands.iter().any(|(letter, _)| key(letter) == wanted)
    }

    /// Checks a written letter (or, when blank, derives one) against the
    /// score. Letters are reported as the mapping spells them.
    pub fn check(&self, letter: Option<&str>, score: Decimal) -> LetterCheck {
        match letter.map(str::trim).filter(|written| !written.is_empty()) {
            None => self.derive(score),
            Some(written) => self.check_written(written, score),
        }
    }

    fn derive(&self, score: Decimal) -> LetterCheck {
        self.bands
            .iter()
            .find(|(_, values)| values.holds(score))
            .map_or(LetterCheck::NoBand, |(letter, _)| LetterCheck::Derived {
                letter: letter.clone(),
            })
    }

    fn check_written(&self, written: &str, score: Decimal) -> LetterCheck {
        let wanted = key(written);
        // A letter listed twice is a reported mapping error; accept if any
        // of its bands holds the score rather than guess which was meant.
        let named: Vec<&(String, Interval)> = self
            .bands
            .iter()
            .filter(|(letter, _)| key(letter) == wanted)
            .collect();
        let Some((letter, values)) = named.first() else {
            return LetterCheck::UnknownLetter(written.to_string());
        };
        if named.iter().any(|(_, values)| values.holds(score)) {
            LetterCheck::Accepted {
                letter: letter.clone(),
            }
        } else {
            LetterCheck::OutsideLetter {
                letter: letter.clone(),
                allowed: show_interval(*values),
            }
        }
    }
}

fn key(letter: &str) -> String {
    letter.trim().to_lowercase()
}

fn show_interval(values: Interval) -> String {
    let lower = match values.lower {
        Bound::Open => "(-∞".to_string(),
        Bound::Inclusive(low) => format!("[{}", low.normalize()),
        Bound::Exclusive(low) => format!("({}", low.normalize()),
    };
    let upper = match values.upper {
        Bound::Open => "+∞)".to_string(),
        Bound::Inclusive(high) => format!("{}]", high.normalize()),
        Bound::Exclusive(high) => format!("{})", high.normalize()),
    };
    format!("{lower}, {upper}")
}

impl Shape for Letters {
    type Raw = Raw;
    const SOURCE: Source = Source::Judgement;

    /// The bands, and the input that holds the letter.
    fn validate(
        raw: &Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
        let input = context.resolve_input(None, at, diagnostics);
        let bands = validate_bands(raw, at, diagnostics)?;
        Some(Letters {
            bands,
            input: input?,
        })
    }
}

fn validate_bands(
    raw: &Raw,
    at: Position,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<(String, Interval)>> {
    if raw.is_empty() {
        diagnostics.error(at, "`letters` needs at least one letter");
        return None;
    }
    let bands: Vec<(Position, String, Interval)> = raw
        .iter()
        .filter_map(|band| validate_band(band, diagnostics))
        .collect();
    report_letters_twice(raw, diagnostics);
    // The coverage of a partial list would mislead.
    if bands.len() != raw.len() {
        return None;
    }
    let intervals: Vec<(Position, Interval)> = bands
        .iter()
        .map(|(position, _, values)| (*position, *values))
        .collect();
    let show = |value: Decimal| value.normalize().to_string();
    check_coverage(&intervals, at, span(&intervals), &show, diagnostics);
    Some(
        bands
            .into_iter()
            .map(|(_, letter, values)| (letter, values))
            .collect(),
    )
}

fn validate_band(
    raw: &Spanned<RawLetter>,
    diagnostics: &mut Diagnostics,
) -> Option<(Position, String, Interval)> {
    let band = &raw.value;
    let at = position_of(raw);
    let letter = band.letter.value.trim();
    if letter.is_empty() {
        diagnostics.error(position_of(&band.letter), "a band needs its letter");
    }
    let bounds = RawBounds {
        from: &band.from,
        above: &band.above,
        to: &band.to,
        below: &band.below,
    };
    let values = interval(bounds, at, diagnostics)?;
    (!letter.is_empty()).then(|| (at, letter.to_string(), values))
}

fn report_letters_twice(raw: &Raw, diagnostics: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for band in raw {
        let letter = &band.value.letter;
        let wanted = key(&letter.value);
        if !wanted.is_empty() && !seen.insert(wanted) {
            diagnostics.error(
                position_of(letter),
                format!("letter `{}` is listed twice", letter.value.trim()),
            );
        }
    }
}

/// From the lowest to the highest bound the bands name: letters grade a
/// score within full marks, which the bands themselves set out.
fn span(intervals: &[(Position, Interval)]) -> Domain {
    let values: Vec<Decimal> = intervals
        .iter()
        .flat_map(|(_, values)| [values.lower, values.upper])
        .filter_map(|bound| match bound {
            Bound::Open => None,
            Bound::Inclusive(value) | Bound::Exclusive(value) => Some(value),
        })
        .collect();
    match (values.iter().min(), values.iter().max()) {
        (Some(low), Some(high)) => Domain::Between(*low, *high),
        _ => Domain::Everything,
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::super::test_support::validated_in_context as validated;
    use super::*;

    fn letters(yaml: &str) -> (Option<Letters>, Vec<String>) {
        validated(yaml, Letters::validate)
    }

    const V2: &str = "letters:
  - { letter: A, from: 18, to: 20 }
  - { letter: B, from: 15, below: 18 }
  - { letter: C, from: 12, below: 15 }
  - { letter: D, below: 12 }";

    fn v2() -> Letters {
        match letters(V2) {
            (Some(letters), problems) if problems.is_empty() => letters,
            (_, problems) => panic!("V2 does not validate: {problems:?}"),
        }
    }

    #[test]
    fn v2_a_letter_whose_band_holds_the_score_is_accepted() {
        let accepted = |letter: &str| LetterCheck::Accepted {
            letter: letter.into(),
        };
        let letters = v2();
        assert_eq!(letters.check(Some("A"), dec!(19)), accepted("A"));
        assert_eq!(letters.check(Some(" a "), dec!(18)), accepted("A"));
        assert_eq!(letters.check(Some("B"), dec!(17.5)), accepted("B"));
        assert_eq!(letters.check(Some("D"), dec!(3)), accepted("D"));
    }

    #[test]
    fn v2_a_score_outside_its_letter_is_flagged_with_the_letters_band() {
        let letters = v2();
        assert_eq!(
            letters.check(Some("A"), dec!(17)),
            LetterCheck::OutsideLetter {
                letter: "A".into(),
                allowed: "[18, 20]".into()
            }
        );
        assert_eq!(
            letters.check(Some("d"), dec!(12)),
            LetterCheck::OutsideLetter {
                letter: "D".into(),
                allowed: "(-∞, 12)".into()
            }
        );
    }

    #[test]
    fn v2_without_a_letter_the_score_gives_one() {
        let letters = v2();
        let derived = |letter: &str| LetterCheck::Derived {
            letter: letter.into(),
        };
        assert_eq!(letters.check(None, dec!(16)), derived("B"));
        assert_eq!(letters.check(Some("  "), dec!(12)), derived("C"));
        assert_eq!(letters.check(None, dec!(21)), LetterCheck::NoBand);
    }

    #[test]
    fn a_letters_band_within_full_marks() {
        let letters = v2();
        let band = |letter| letters.band_of(letter, dec!(20));
        assert_eq!(band("a").as_deref(), Some("[18, 20]"));
        assert_eq!(band("B").as_deref(), Some("[15, 18)"));
        assert_eq!(band("D").as_deref(), Some("[0, 12)"));
        assert_eq!(band("E"), None);
    }

    #[test]
    fn v2_a_letter_the_mapping_does_not_list_is_unknown() {
        assert_eq!(
            v2().check(Some("E"), dec!(10)),
            LetterCheck::UnknownLetter("E".into())
        );
    }

    /// V2 as the form says: "A(得18-20分) B(得15-18分) C(得12-15分)
    /// D(12分以下)", reading 以下 as "12 or less" as Chinese forms do.
    #[test]
    fn v2_as_the_form_says_gives_18_15_and_12_to_two_letters_each() {
        let yaml = "letters:
  - { letter: A, from: 18, to: 20 }
  - { letter: B, from: 15, to: 18 }
  - { letter: C, from: 12, to: 15 }
  - { letter: D, to: 12 }";
        let (letters, problems) = letters(yaml);
        assert_eq!(
            problems,
            [
                "4:5: two bands hold exactly 12: say which one with `above`/`below`",
                "3:5: two bands hold exactly 15: say which one with `above`/`below`",
                "2:5: two bands hold exactly 18: say which one with `above`/`below`"
            ]
        );
        // As written, both letters at a shared boundary are accepted.
        let letters = letters.unwrap();
        for letter in ["A", "B"] {
            assert_eq!(
                letters.check(Some(letter), dec!(18)),
                LetterCheck::Accepted {
                    letter: letter.into()
                }
            );
        }
    }

    #[test]
    fn a_gap_between_letters_is_reported_and_the_top_mark_must_have_a_letter() {
        let yaml = "letters:
  - { letter: A, from: 18, below: 20 }
  - { letter: B, from: 15, below: 17 }
  - { letter: C, below: 15 }";
        let (_, problems) = letters(yaml);
        assert_eq!(
            problems,
            [
                "2:5: no band holds values in [17, 18)",
                "2:3: no band holds values in exactly 20"
            ]
        );
    }

    #[test]
    fn a_letter_listed_twice_or_blank_is_reported() {
        let yaml = "letters:
  - { letter: A, from: 15 }
  - { letter: ' a', from: 10, below: 15 }
  - { letter: '', below: 10 }";
        let (built, problems) = letters(yaml);
        assert!(built.is_none());
        assert_eq!(
            problems,
            [
                "4:15: a band needs its letter",
                "3:15: letter `a` is listed twice"
            ]
        );
    }

    #[test]
    fn as_a_rule_the_score_is_judged_within_full_marks_and_the_letter_must_be_listed() {
        use super::super::test_support::{points, rule, score_label};
        use super::super::{Inputs, Rule};
        let rule = rule(V2, 20);
        assert!(matches!(rule, Rule::Letters(_)));
        let judged = "judged [0, 20]";
        assert_eq!(points(score_label(&rule, 20, "A").unwrap()), judged);
        assert_eq!(points(score_label(&rule, 20, " b").unwrap()), judged);
        assert_eq!(
            points(rule.evaluate(&Inputs::new(), dec!(20)).unwrap()),
            judged
        );
        assert_eq!(
            score_label(&rule, 20, "E"),
            Err(RuleError::UnknownLabel("E".into()))
        );
    }

    #[test]
    fn an_unknown_key_is_a_parse_error_with_its_position() {
        let (built, problems) = letters("letters:\n  - { letter: A, score: 20 }");
        assert!(built.is_none());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("2:"), "{problems:?}");
        assert!(
            problems[0].contains("unknown field `score`"),
            "{problems:?}"
        );
    }
}
