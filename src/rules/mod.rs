//! Scoring rules. Each kind lives in its own file with its YAML shape, its
//! validation, its evaluation and its tests, behind one interface
//! ([`Shape`], [`Kind`]); one table lists them all and makes [`RawRule`]
//! and [`Rule`].

pub mod bands;
pub mod choice;
pub mod deduction;
pub mod judged;
pub mod letters;
pub mod limit;
pub mod linear;
pub mod per_item;
pub mod proportional;
pub mod ratio_to_team_average;
pub mod share_of_team;
pub mod sum;
pub mod tiers;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::yaml::{Diagnostics, Position, RawNumber, Spanned, position_of};

/// The name of an indicator's input when it has only one.
pub const SOLE_INPUT: &str = "value";

/// Every rule kind, one line each: the kind's type in its own file, whose
/// name is the rule's YAML key (`tiers`, `share_of_team`). [`RawRule`]
/// (the YAML shapes), [`Rule`] (the validated rules), their dispatch and
/// [`KINDS`] are made from this one table; a kind is a type implementing
/// [`Shape`] and [`Kind`].
macro_rules! rule_kinds {
    (
        kinds { $($(#[$doc:meta])* $variant:ident => $module:ident::$kind:ident,)* }
        // Kinds written as a bare name (`rule: judged`), which YAML reads
        // as a unit variant; their shape is `()`.
        bare { $($(#[$bare_doc:meta])* $bare:ident => $bare_module:ident::$bare_kind:ident,)* }
    ) => {
        /// A rule as written in YAML, before validation.
        // Read once per mapping file and dropped after validation: its size
        // costs nothing, and boxing each variant would only clutter the
        // YAML shapes.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        pub enum RawRule {
            $($variant(<$module::$kind as Shape>::Raw),)*
            $($bare,)*
        }

        /// A validated rule: everything it refers to exists and its ranges
        /// are sound.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Rule {
            $($(#[$doc])* $variant($module::$kind),)*
            $($(#[$bare_doc])* $bare($bare_module::$bare_kind),)*
        }

        /// The YAML key of every rule kind, in the table's order.
        pub const KINDS: &[&str] = &[$(stringify!($module),)* $(stringify!($bare_module),)*];

        impl RawRule {
            /// Where the rule's score comes from, known before validation.
            pub fn source(&self) -> Source {
                match self {
                    $(RawRule::$variant(_) => <$module::$kind as Shape>::SOURCE,)*
                    $(RawRule::$bare => <$bare_module::$bare_kind as Shape>::SOURCE,)*
                }
            }

            pub fn validate(
                &self,
                at: Position,
                context: &RuleContext,
                diagnostics: &mut Diagnostics,
            ) -> Option<Rule> {
                match self {
                    $(RawRule::$variant(raw) => {
                        <$module::$kind as Shape>::validate(raw, at, context, diagnostics)
                            .map(Rule::$variant)
                    })*
                    $(RawRule::$bare => {
                        <$bare_module::$bare_kind as Shape>::validate(&(), at, context, diagnostics)
                            .map(Rule::$bare)
                    })*
                }
            }
        }

        impl Rule {
            /// The rule's kind, for what every kind does.
            fn kind(&self) -> &dyn Kind {
                match self {
                    $(Rule::$variant(rule) => rule,)*
                    $(Rule::$bare(rule) => rule,)*
                }
            }

            /// Where the rule's score comes from.
            pub fn source(&self) -> Source {
                match self {
                    $(Rule::$variant(_) => <$module::$kind as Shape>::SOURCE,)*
                    $(Rule::$bare(_) => <$bare_module::$bare_kind as Shape>::SOURCE,)*
                }
            }

            /// The rule's YAML key.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Rule::$variant(_) => stringify!($module),)*
                    $(Rule::$bare(_) => stringify!($bare_module),)*
                }
            }
        }
    };
}

rule_kinds! {
    kinds {
        Proportional => proportional::Proportional,
        Tiers => tiers::Tiers,
        Deduction => deduction::Deduction,
        PerItem => per_item::PerItem,
        Linear => linear::Linear,
        Choice => choice::Choice,
        /// Judged within full marks, with a letter band checked against it.
        Letters => letters::Letters,
        Sum => sum::Sum,
        /// Needs the whole team: scored in the team pass.
        ShareOfTeam => share_of_team::ShareOfTeam,
        /// Needs the whole team: scored in the team pass.
        RatioToTeamAverage => ratio_to_team_average::RatioToTeamAverage,
    }
    bare {
        Judged => judged::Judged,
    }
}

/// A rule kind's YAML shape and its validation, with one call shape for
/// every kind.
pub trait Shape: Kind + Sized {
    type Raw: DeserializeOwned;

    /// Where the kind's score comes from.
    const SOURCE: Source = Source::Inputs;

    fn validate(
        raw: &Self::Raw,
        at: Position,
        context: &RuleContext,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self>;
}

/// What every validated rule kind does.
pub trait Kind {
    /// The score for one person's inputs.
    fn evaluate(&self, inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError>;

    /// The scores the rule can give, for telling a wrong hand score from
    /// one the rule simply allows (139.6 on a 100 scale capped at 200).
    fn bounds(&self, full_marks: Decimal) -> ScoreBounds;

    /// A team kind's scores for a whole team from each member's value, in
    /// order; `None` for a team it cannot score (all zero, negative
    /// amounts).
    fn team_scores(&self, _values: &[Decimal]) -> Option<Vec<Decimal>> {
        None
    }

    /// How the kind reads its input.
    fn input_unit(&self) -> InputUnit {
        InputUnit::Declared
    }
}

/// Where a rule kind's score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Worked out from the person's raw results.
    Inputs,
    /// A person's judgement, within a range the rule gives.
    Judgement,
    /// The whole team's values: the team pass gives it.
    Team,
}

/// How a rule kind reads its input cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputUnit {
    /// As the indicator's `unit` says.
    Declared,
    /// Always as a label, naming what it reads ("a letter"); an indicator
    /// may only say `unit: label`.
    Label(&'static str),
}

/// What a rule says the score is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Score(Decimal),
    /// The rule leaves the score to a person's judgement within this range.
    Judged(ScoreRange),
    /// The score depends on the whole team (share of its total, ratio to its
    /// average): the team pass gives it from this member's value of the
    /// input the rule names.
    Team(Decimal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScoreRange {
    pub low: Decimal,
    pub high: Decimal,
}

impl ScoreRange {
    pub fn contains(&self, score: Decimal) -> bool {
        self.low <= score && score <= self.high
    }
}

/// What a rule reads from one input cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputValue {
    Number(Decimal),
    /// A word or level as written (优秀, 3级), for rules that choose by label.
    Label(String),
}

/// The scores a rule can give; `None` where it sets no bound (no floor,
/// no cap). A hand score outside them is certainly wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScoreBounds {
    pub lowest: Option<Decimal>,
    pub highest: Option<Decimal>,
}

impl ScoreBounds {
    pub fn between(lowest: Option<Decimal>, highest: Option<Decimal>) -> Self {
        Self { lowest, highest }
    }

    /// The bounds of a rule whose scores are these values.
    pub fn spanning(scores: impl Iterator<Item = Decimal> + Clone) -> Self {
        Self {
            lowest: scores.clone().min(),
            highest: scores.max(),
        }
    }

    pub fn holds(&self, score: Decimal) -> bool {
        self.lowest.is_none_or(|low| score >= low) && self.highest.is_none_or(|high| score <= high)
    }
}

/// The values a rule reads, by input name.
pub type Inputs = BTreeMap<String, InputValue>;

/// What validation of a rule may consult about its indicator.
pub struct RuleContext<'a> {
    pub full_marks: Decimal,
    pub input_names: &'a [String],
    pub percent: bool,
}

impl RuleContext<'_> {
    /// Checks that a rule's reference to an input names one the indicator
    /// has; a rule that names none reads the sole input.
    pub fn resolve_input(
        &self,
        named: Option<&Spanned<String>>,
        at: Position,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        match named {
            Some(name) if self.input_names.contains(&name.value) => Some(name.value.clone()),
            Some(name) => {
                diagnostics.error(
                    position_of(name),
                    format!(
                        "unknown input `{}`; this indicator's inputs are: {}",
                        name.value,
                        self.input_names.join(", ")
                    ),
                );
                None
            }
            None if self.input_names.len() == 1 => Some(self.input_names[0].clone()),
            None => {
                diagnostics.error(
                    at,
                    format!(
                        "this indicator has several inputs ({}); say which one with `input:`",
                        self.input_names.join(", ")
                    ),
                );
                None
            }
        }
    }

    /// The input a rule written as a list of `entries` reads, which any
    /// entry may name (`- { below: 5%, score: 5, input: 退款率 }`): `named`,
    /// the first name given. `None`, reported, for an empty list (`kind`
    /// needs at least one `entry`) or an input the indicator does not have.
    pub fn listed_input(
        &self,
        entries: usize,
        named: Option<&Spanned<String>>,
        (kind, entry): (&str, &str),
        at: Position,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        if entries == 0 {
            diagnostics.error(at, format!("`{kind}` needs at least one {entry}"));
            return None;
        }
        self.resolve_input(named, at, diagnostics)
    }

    /// Shows a threshold the way the form writes it (15% for a percent input).
    pub fn show(&self, value: Decimal) -> String {
        if self.percent {
            format!("{}%", (value * Decimal::ONE_HUNDRED).normalize())
        } else {
            value.normalize().to_string()
        }
    }
}

/// Keeps mapping constants times sheet values (< 10^15) far inside the
/// decimal type's range, so rule arithmetic cannot overflow.
const LARGEST_MAPPING_NUMBER: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// Reads a required number, reporting text that is not one.
pub fn number(
    raw: &Spanned<RawNumber>,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Decimal> {
    let value = raw.value.to_decimal();
    match value {
        None => diagnostics.error(
            position_of(raw),
            format!("expected a number for `{what}`, found {:?}", raw.value),
        ),
        Some(number) if number.abs() > LARGEST_MAPPING_NUMBER => diagnostics.error(
            position_of(raw),
            format!(
                "`{what}` is {number}; numbers in a mapping stay within ±{LARGEST_MAPPING_NUMBER}"
            ),
        ),
        Some(_) => return value,
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    /// An input the rule reads was not supplied.
    MissingInput(String),
    /// No tier holds the value (only possible if validation was bypassed).
    NoTier(Decimal),
    /// The arithmetic left the decimal range.
    Overflow,
    /// A label the rule does not list (较好 where 优秀/良好/一般 are expected).
    UnknownLabel(String),
}

impl Rule {
    pub fn evaluate(&self, inputs: &Inputs, full_marks: Decimal) -> Result<Outcome, RuleError> {
        self.kind().evaluate(inputs, full_marks)
    }

    /// The scores the rule can give: see [`Kind::bounds`].
    pub fn bounds(&self, full_marks: Decimal) -> ScoreBounds {
        self.kind().bounds(full_marks)
    }

    /// Whether the score needs the whole team (given by the team pass).
    pub fn needs_team(&self) -> bool {
        self.source() == Source::Team
    }

    /// Scores for a whole team: see [`Kind::team_scores`]; `None` too for a
    /// rule that does not need the team.
    pub fn team_scores(&self, values: &[Decimal]) -> Option<Vec<Decimal>> {
        self.kind().team_scores(values)
    }

    pub fn input_unit(&self) -> InputUnit {
        self.kind().input_unit()
    }
}

/// Reads one numeric input by name.
pub fn input(inputs: &Inputs, name: &str) -> Result<Decimal, RuleError> {
    match inputs.get(name) {
        Some(InputValue::Number(value)) => Ok(*value),
        _ => Err(RuleError::MissingInput(name.to_string())),
    }
}

/// Reads one label input by name.
pub fn label_input<'a>(inputs: &'a Inputs, name: &str) -> Result<&'a str, RuleError> {
    match inputs.get(name) {
        Some(InputValue::Label(text)) => Ok(text),
        _ => Err(RuleError::MissingInput(name.to_string())),
    }
}

#[cfg(test)]
pub mod test_support {
    //! Rule tests go through YAML: a mapping snippet in, a score out.

    use std::path::Path;

    use rust_decimal::Decimal;

    use super::*;
    use crate::yaml::{Diagnostic, parse};

    pub fn rule_with_inputs(
        yaml: &str,
        full_marks: Decimal,
        input_names: &[&str],
        percent: bool,
    ) -> Result<Rule, Vec<Diagnostic>> {
        let path = Path::new("rule.yaml");
        let raw: Spanned<RawRule> = parse(path, yaml).map_err(|d| vec![d])?;
        let names: Vec<String> = input_names.iter().map(|s| s.to_string()).collect();
        let context = RuleContext {
            full_marks,
            input_names: &names,
            percent,
        };
        let mut diagnostics = Diagnostics::new(path);
        let rule = raw
            .value
            .validate(position_of(&raw), &context, &mut diagnostics);
        match rule {
            Some(rule) if diagnostics.is_empty() => Ok(rule),
            _ => Err(diagnostics.into_vec()),
        }
    }

    pub fn rule(yaml: &str, full_marks: i64) -> Rule {
        match rule_with_inputs(yaml, Decimal::from(full_marks), &[SOLE_INPUT], false) {
            Ok(rule) => rule,
            Err(problems) => panic!("rule does not validate: {problems:?}"),
        }
    }

    /// The score for one value of the sole input.
    pub fn score(rule: &Rule, full_marks: i64, value: &str) -> Outcome {
        let mut inputs = Inputs::new();
        let number = value.parse().unwrap_or_default();
        inputs.insert(SOLE_INPUT.into(), InputValue::Number(number));
        rule.evaluate(&inputs, Decimal::from(full_marks)).unwrap()
    }

    /// Asserts the score of each value of the sole input.
    pub fn check(yaml: &str, full_marks: i64, cases: &[(&str, &str)]) {
        let rule = rule(yaml, full_marks);
        for (value, expected) in cases {
            assert_eq!(
                points(score(&rule, full_marks, value)),
                *expected,
                "value {value}"
            );
        }
    }

    /// The outcome for one label of the sole input.
    pub fn score_label(rule: &Rule, full_marks: i64, label: &str) -> Result<Outcome, RuleError> {
        let mut inputs = Inputs::new();
        inputs.insert(SOLE_INPUT.into(), InputValue::Label(label.to_string()));
        rule.evaluate(&inputs, Decimal::from(full_marks))
    }

    pub fn points(outcome: Outcome) -> String {
        match outcome {
            Outcome::Score(score) => score.round_dp(2).normalize().to_string(),
            Outcome::Judged(range) => format!("judged [{}, {}]", range.low, range.high),
            Outcome::Team(value) => format!("team {value}"),
        }
    }

    /// Problems reported when validating, as "line:column: message".
    pub fn problems(yaml: &str, full_marks: i64, percent: bool) -> Vec<String> {
        match rule_with_inputs(yaml, Decimal::from(full_marks), &[SOLE_INPUT], percent) {
            Ok(rule) => panic!("expected problems, got {rule:?}"),
            Err(found) => found
                .iter()
                .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
                .collect(),
        }
    }

    /// [`validated`] for a rule kind whose validation consults its
    /// indicator: one input, named [`SOLE_INPUT`], full marks 100.
    pub fn validated_in_context<Raw, T>(
        yaml: &str,
        validate: impl FnOnce(&Raw, Position, &RuleContext, &mut Diagnostics) -> Option<T>,
    ) -> (Option<T>, Vec<String>)
    where
        Raw: serde::de::DeserializeOwned,
    {
        let names = [SOLE_INPUT.to_string()];
        let context = RuleContext {
            full_marks: Decimal::ONE_HUNDRED,
            input_names: &names,
            percent: false,
        };
        validated(yaml, |raw, at, diagnostics| {
            validate(raw, at, &context, diagnostics)
        })
    }

    /// Validates the value under a fragment's one key (`grades:`,
    /// `schedule:` …) with a rule kind's own `validate`: what it built, and
    /// every problem (parse errors included) as "line:column: message".
    pub fn validated<Raw, T>(
        yaml: &str,
        validate: impl FnOnce(&Raw, Position, &mut Diagnostics) -> Option<T>,
    ) -> (Option<T>, Vec<String>)
    where
        Raw: serde::de::DeserializeOwned,
    {
        let path = Path::new("rule.yaml");
        let mut diagnostics = Diagnostics::new(path);
        let parsed: Result<std::collections::BTreeMap<String, Spanned<Raw>>, _> = parse(path, yaml);
        let built = match parsed {
            Ok(fragment) => fragment
                .values()
                .next()
                .and_then(|raw| validate(&raw.value, position_of(raw), &mut diagnostics)),
            Err(problem) => {
                let at = Position {
                    line: problem.line,
                    column: problem.column,
                };
                diagnostics.error(at, problem.message);
                None
            }
        };
        let problems = diagnostics
            .into_vec()
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        (built, problems)
    }
}
