//! Findings are data: what is wrong (or worth a look) in a workbook, where,
//! what was there and what it should be. Reporters render them.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use super::cell_ref::CellRef;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Every finding the tool can report, one line each: its stable kebab-case
/// name (what users filter on and golden files list; `docs/findings.md`
/// documents each) and its default severity. [`Code`], [`Code::ALL`],
/// [`Code::as_str`] and [`Code::severity`] are made from this one table.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident;)*) => {
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize,
            serde::Deserialize,
        )]
        #[serde(rename_all = "kebab-case")]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity a finding has unless its mapping says otherwise.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    /// The file could not be read at all.
    UnreadableFile = "unreadable-file", Error;
    /// No shipped or given mapping recognises the workbook.
    NoMappingMatched = "no-mapping-matched", Error;
    /// The file was scored, but its annotated copy could not be written.
    CopyNotWritten = "copy-not-written", Error;
    /// The workbook is not quite the form the mapping describes: what
    /// differs, part by part.
    TemplateDrift = "template-drift", Warning;
    /// A second mapping recognises the workbook nearly as well.
    SeveralMappingsMatch = "several-mappings-match", Warning;
    /// More than one sheet holds the form; the finding names the one used.
    SeveralCandidateSheets = "several-candidate-sheets", Info;
    /// A cell the rubric reads holds an Excel error value.
    ExcelError = "excel-error", Error;
    /// A number typed as text ("4分", "９０%"), repaired.
    NumberStoredAsText = "number-stored-as-text", Warning;
    /// Text where a number is required, that cannot be read as one.
    NotANumber = "not-a-number", Error;
    /// A percentage written as a whole number (90 for 90%).
    PercentWithoutSign = "percent-without-sign", Warning;
    /// A raw result the rule needs is blank; the hand score is taken unverified.
    MissingInput = "missing-input", Warning;
    /// The hand score is blank; the rule's score is filled in.
    ScoreBlank = "score-blank", Warning;
    /// Neither a raw result nor a hand score: the indicator cannot be scored.
    MissingScore = "missing-score", Error;
    /// A label or level the rule does not list (较好 among 优秀/良好/一般).
    UnknownLabel = "unknown-label", Error;
    /// A hand or self score outside [0, full marks].
    ScoreOutOfRange = "score-out-of-range", Error;
    /// A hand score that disagrees with the rule applied to the raw result.
    ScoreMismatch = "score-mismatch", Error;
    /// The rule leaves the score to judgement within a range; none was given.
    NeedsJudgement = "needs-judgement", Warning;
    /// A judged score outside the range the rule allows.
    JudgementOutOfRange = "judgement-out-of-range", Error;
    /// Full marks in the workbook differ from the mapping.
    FullMarksMismatch = "full-marks-mismatch", Warning;
    /// A weight (权重) in the workbook differs from the mapping's.
    WeightMismatch = "weight-mismatch", Warning;
    /// The weights (权重) in the workbook do not add up to 100%.
    WeightsDoNotAddUp = "weights-do-not-add-up", Error;
    /// The total is a typed constant where the template has a formula.
    TotalHandEntered = "total-hand-entered", Warning;
    /// The total in the workbook disagrees with the recomputed total.
    TotalMismatch = "total-mismatch", Error;
    /// The total formula leaves out indicator score cells.
    TotalOmitsIndicators = "total-omits-indicators", Error;
    /// The total formula adds cells that are not indicator scores.
    TotalIncludesOtherCells = "total-includes-other-cells", Error;
    /// A formula's cached result disagrees with its own inputs.
    FormulaNotRecalculated = "formula-not-recalculated", Warning;
    /// A score that needs the whole team cannot be computed from its values.
    TeamScoreUnavailable = "team-score-unavailable", Warning;
    /// A grade written on the form that the total does not give.
    GradeMismatch = "grade-mismatch", Error;
    /// An indicator's letter whose band does not hold its score.
    LetterMismatch = "letter-mismatch", Error;
    /// A blank letter, filled in from the score's band.
    LetterDerived = "letter-derived", Info;
    /// The same person and period appear twice in the batch.
    DuplicatePerson = "duplicate-person", Error;
    /// The person's name is blank.
    PersonMissing = "person-missing", Warning;
    /// The review period is blank.
    PeriodMissing = "period-missing", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language of text written for people (workbook notes, sheet headings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// A message in both languages; reporters pick one.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

impl Message {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub sheet: Option<String>,
    pub cell: Option<CellRef>,
    pub indicator: Option<String>,
    pub message: Message,
    /// What the cell held, as displayed.
    pub found: Option<String>,
    /// What it should hold.
    pub expected: Option<String>,
    /// The cells that cause it, where the tool traced them (H11, Sheet2!A1).
    /// Always written, empty or not: the worker pipe's format has no
    /// optional fields.
    pub causes: Vec<String>,
}

impl Finding {
    pub fn new(code: Code, message: Message) -> Self {
        Self {
            code,
            severity: code.severity(),
            sheet: None,
            cell: None,
            indicator: None,
            message,
            found: None,
            expected: None,
            causes: Vec::new(),
        }
    }

    pub fn at(mut self, sheet: &str, cell: CellRef) -> Self {
        self.sheet = Some(sheet.to_string());
        self.cell = Some(cell);
        self
    }

    pub fn indicator(mut self, label: &str) -> Self {
        self.indicator = Some(label.to_string());
        self
    }

    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(kept(found.into()));
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(kept(expected.into()));
        self
    }
}

/// The most characters of a value that a message quotes.
pub const QUOTED_CHARS: usize = 60;
/// The most characters of a value kept as what a cell held or should hold.
pub const KEPT_CHARS: usize = 1_000;

/// A value from a workbook as a message quotes it: a cell holds up to
/// 32,767 characters and a formula many more, and a message needs only
/// enough of it to say what it is about.
pub fn quote(text: &str) -> Cow<'_, str> {
    shortened(text, QUOTED_CHARS)
}

fn kept(text: String) -> String {
    match shortened(&text, KEPT_CHARS) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => cut,
    }
}

/// At most `chars` characters, the last an ellipsis when cut.
fn shortened(text: &str, chars: usize) -> Cow<'_, str> {
    if text.len() <= chars || text.chars().nth(chars).is_none() {
        return Cow::Borrowed(text);
    }
    let end = text
        .char_indices()
        .nth(chars.saturating_sub(1))
        .map_or(text.len(), |(at, _)| at);
    Cow::Owned(format!("{}…", &text[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_named_as_it_serialises_and_once() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let serialised = serde_json::to_string(code).unwrap();
            assert_eq!(serialised, format!("\"{}\"", code.as_str()));
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
    }

    #[test]
    fn long_values_are_quoted_short_and_kept_bounded() {
        assert_eq!(quote("4.5分"), "4.5分");
        let name = "张".repeat(40_000);
        let quoted = quote(&name);
        assert_eq!(quoted.chars().count(), QUOTED_CHARS);
        assert!(quoted.ends_with('…'));
        let finding = Finding::new(Code::NotANumber, Message::new("", "")).found(name);
        assert_eq!(finding.found.unwrap().chars().count(), KEPT_CHARS);
    }
}
