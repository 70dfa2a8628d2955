//! Stage 1: load mappings. A mapping binds a form's cells to rubric
//! indicators and their rules. YAML becomes a validated [`Mapping`] once,
//! here; nothing after loading sees raw types.

mod raw;
mod recover;
mod sections;
pub mod shipped;
pub mod template;
mod validate;

use std::fs;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::policy::grades::Grades;
use crate::policy::periods::{AverageOfPeriods, Flags};
use crate::policy::pool::{Pool, SplitEvenly};
use crate::policy::schedule::Schedule;
use crate::rules::Rule;
use crate::yaml::Diagnostic;

#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// The mapping file, for messages.
    pub source: PathBuf,
    /// The form's name, e.g. 售前客服岗位月度绩效考核表.
    pub form: String,
    /// The template the mapping was written against, if given.
    pub template: Option<PathBuf>,
    /// Text whose presence near the top of a sheet recognises the form.
    pub title_contains: Vec<String>,
    pub fields: HeadFields,
    /// The head fields whose values together name a team (e.g. 部门 + 考核月份).
    pub team_key: Vec<HeadField>,
    pub layout: Layout,
    pub total: Option<TotalRow>,
    /// Decimals of displayed and written scores (Excel ROUND, half away from zero).
    pub decimals: u32,
    /// How far a hand-entered score may be from the recomputed one.
    pub tolerance: Decimal,
    /// Blend of self and supervisor scores for judged indicators, if the
    /// form has one.
    pub raters: Option<Raters>,
    pub grades: Option<Grades>,
    pub commission: Option<Commission>,
    /// The mean over periods and the flags over consecutive periods.
    pub periods: Periods,
    /// A team bonus pool split by rank, its base and tie-break read from
    /// head fields of the members' forms.
    pub pool: Option<Pool>,
    /// A team amount split evenly among its members.
    pub split_evenly: Option<SplitEvenly>,
    /// Severities this form's users set for finding codes.
    pub severity: std::collections::BTreeMap<crate::model::Code, crate::model::Severity>,
    pub indicators: Vec<Indicator>,
    /// How indicator scores combine into the total; a form without sections
    /// has one, weighing 100%, that adds its indicators up.
    pub sections: Vec<Section>,
}

/// What is computed across one person's periods in the batch.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Periods {
    pub average: Option<AverageOfPeriods>,
    pub flags: Option<Flags>,
}

/// Commission on an amount written in a head field.
#[derive(Debug, Clone, PartialEq)]
pub struct Commission {
    /// The head field label of the amount.
    pub amount_label: String,
    pub schedule: Schedule,
}

/// How a judged indicator's self and supervisor scores make its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raters {
    pub self_weight: Decimal,
    pub supervisor_weight: Decimal,
    pub when_missing: WhenMissing,
}

/// The stated policy when one rater's score is blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenMissing {
    /// The other rater's score stands for both (the default).
    Other,
    /// The blank score counts as 0.
    Zero,
}

impl Raters {
    /// The blended score, or `None` when neither rater scored.
    pub fn blend(
        &self,
        self_score: Option<Decimal>,
        supervisor: Option<Decimal>,
    ) -> Option<Decimal> {
        let (own, boss) = match (self_score, supervisor, self.when_missing) {
            (None, None, _) => return None,
            (Some(own), Some(boss), _) => (own, boss),
            (own, boss, WhenMissing::Zero) => (own.unwrap_or_default(), boss.unwrap_or_default()),
            (Some(only), None, WhenMissing::Other) | (None, Some(only), WhenMissing::Other) => {
                (only, only)
            }
        };
        Some(own * self.self_weight + boss * self.supervisor_weight)
    }
}

/// A weighted group of indicators whose score, on a 100 scale, counts
/// `weight` of the total.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub name: Option<String>,
    pub weight: Decimal,
    pub combine: Combine,
    /// Positions of its indicators in [`Mapping::indicators`].
    pub indicators: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Combine {
    /// Points add up (or, with indicator weights, weighted shares do).
    #[default]
    Sum,
    /// The mean of the indicators on a 100 scale ("多考核项取平均值").
    Average,
}

/// Labels of the form's head fields (被考核人, 部门, ...).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeadFields {
    pub person: Option<String>,
    pub department: Option<String>,
    pub period: Option<String>,
    pub reviewer: Option<String>,
    pub base_pay: Option<String>,
    pub grade: Option<String>,
}

impl HeadFields {
    /// The labels of the head fields the mapping names.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        [
            &self.person,
            &self.department,
            &self.period,
            &self.reviewer,
            &self.base_pay,
            &self.grade,
        ]
        .into_iter()
        .filter_map(|label| label.as_deref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadField {
    Person,
    Department,
    Period,
    Reviewer,
}

impl HeadField {
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "person" => Some(Self::Person),
            "department" => Some(Self::Department),
            "period" => Some(Self::Period),
            "reviewer" => Some(Self::Reviewer),
            _ => None,
        }
    }
}

/// How people and indicators are laid out in the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Layout {
    /// One person per sheet, one indicator per row (or block of rows).
    Form(Columns),
    /// One person per row, one indicator per column, found by its label.
    Roster(RosterColumns),
}

/// Header labels of a roster's person columns.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterColumns {
    pub person: String,
    pub id: Option<String>,
    pub department: Option<String>,
    pub rank: Option<String>,
}

/// Header labels of the indicator table's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub indicator: String,
    pub score: String,
    pub full_marks: Option<String>,
    /// 权重: each indicator's share of the total, as the form states it.
    pub weight: Option<String>,
    pub input_label: Option<String>,
    pub input: Option<String>,
    pub self_score: Option<String>,
    pub rank: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TotalRow {
    /// The total row's label (a form) or the total column's header (a roster).
    pub label: String,
    /// The template computes the total with a formula; a typed constant there
    /// is worth a warning.
    pub expects_formula: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    #[default]
    Number,
    /// Ratios: 0.85, "85%"; a plain 85 is read as 85% with a warning.
    Percent,
    /// Words or levels (优秀, 3级) read by a `choice` rule.
    Label,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub label: String,
    pub full_marks: Decimal,
    /// Share of its section when the section weighs its indicators.
    pub weight: Option<Decimal>,
    pub unit: Unit,
    pub inputs: Vec<Input>,
    pub rule: Rule,
}

/// One raw result a rule reads: its name in the rule, and the text of the
/// input-label column that marks its row when the indicator has several.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub name: String,
    pub row_label: Option<String>,
}

#[derive(Debug)]
pub enum LoadError {
    Io {
        file: PathBuf,
        error: std::io::Error,
    },
    Invalid(Vec<Diagnostic>),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io { file, error } => write!(f, "{}: cannot read: {error}", file.display()),
            LoadError::Invalid(diagnostics) => {
                let lines: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
                f.write_str(&lines.join("\n"))
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads and validates one mapping file, reporting every problem at once.
pub fn load_mapping(file: &Path) -> Result<Mapping, LoadError> {
    let text = fs::read_to_string(file).map_err(|error| LoadError::Io {
        file: file.to_path_buf(),
        error,
    })?;
    parse_mapping_text(file, &text)
}

pub fn parse_mapping_text(file: &Path, text: &str) -> Result<Mapping, LoadError> {
    let checked = check_mapping_text(file, text);
    match checked.mapping {
        Some(mapping) if checked.problems.is_empty() => Ok(mapping),
        _ => Err(LoadError::Invalid(checked.problems)),
    }
}

/// A mapping file checked as a whole: every problem, in line order, even
/// where an entry does not parse (the rest is still validated).
pub struct CheckedText {
    /// The mapping, where there is no problem.
    pub mapping: Option<Mapping>,
    pub problems: Vec<Diagnostic>,
    /// The template the file names, resolved against its folder.
    pub template: Option<PathBuf>,
}

pub fn check_mapping_text(file: &Path, text: &str) -> CheckedText {
    let recovered = recover::parse_recovering(file, text);
    let mut problems = recovered.problems;
    let mut mapping = None;
    let mut template = None;
    if let Some(raw) = &recovered.raw {
        template = raw.template.as_ref().map(|t| relative_to(file, &t.value));
        match validate::validate(file, raw, !recovered.entries_left_out) {
            Ok(valid) => mapping = Some(valid),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        mapping = None;
    }
    problems.sort_by_key(|problem| (problem.line, problem.column));
    CheckedText {
        mapping,
        problems,
        template,
    }
}

/// A path written in a mapping, relative to the mapping's folder.
fn relative_to(file: &Path, written: &str) -> PathBuf {
    file.parent().unwrap_or_else(|| Path::new("")).join(written)
}

/// The mapping files named: a file as given, a folder as its `.yaml`/`.yml`
/// files in name order (`--mapping mappings/`). A folder without any is an
/// error, not an empty set of forms.
pub fn mapping_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let io_error = |error| LoadError::Io {
            file: path.clone(),
            error,
        };
        let mut found: Vec<PathBuf> = fs::read_dir(path)
            .map_err(io_error)?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|file| file.is_file() && is_yaml(file))
            .collect();
        if found.is_empty() {
            let error = std::io::Error::other("the folder holds no .yaml mapping");
            return Err(io_error(error));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn is_yaml(file: &Path) -> bool {
    file.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml")
        })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rust_decimal::Decimal;

    use super::*;

    fn raters_of(yaml: &str) -> Raters {
        let text = format!(
            "form: t\nrecognise: {{ title_contains: [t] }}\ncolumns: {{ indicator: 指标, score: 得分 }}\n{yaml}\nindicators:\n  - {{ label: a, full_marks: 100, rule: judged }}\n"
        );
        let mapping =
            parse_mapping_text(Path::new("t.yaml"), &text).unwrap_or_else(|e| panic!("{e}"));
        mapping.raters.unwrap()
    }

    #[test]
    fn a3_supervisor_80_percent_self_20_percent() {
        let raters = raters_of("raters: { self: 20%, supervisor: 80% }");
        let blend = |own: Option<i64>, boss: Option<i64>| {
            raters
                .blend(own.map(Decimal::from), boss.map(Decimal::from))
                .map(|d| d.normalize().to_string())
        };
        assert_eq!(blend(Some(10), Some(8)).as_deref(), Some("8.4"));
        assert_eq!(
            blend(None, Some(8)).as_deref(),
            Some("8"),
            "the other rater stands in"
        );
        assert_eq!(blend(None, None), None);
        let zero = raters_of("raters: { self: 20%, supervisor: 80%, when_missing: zero }");
        assert_eq!(
            zero.blend(None, Some(Decimal::from(8))),
            Some(Decimal::new(64, 1))
        );
    }

    #[test]
    fn rater_weights_must_add_up() {
        let text = "form: t\nrecognise: { title_contains: [t] }\ncolumns: { indicator: 指标, score: 得分 }\nraters: { self: 30%, supervisor: 80% }\nindicators:\n  - { label: a, full_marks: 100, rule: judged }\n";
        let error = parse_mapping_text(Path::new("t.yaml"), text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.yaml:4:9: rater weights add up to 110%, not 100%"
        );
    }

    #[test]
    fn a_target_distribution_is_checked_with_file_line_and_column() {
        let text = "form: t
recognise: { title_contains: [t] }
columns: { indicator: 指标, score: 得分 }
grades:
  bands:
    - { grade: A, from: 90 }
    - { grade: B, below: 90 }
  distribution:
    - { grade: A, at_most: 20%, at_least: 30% }
    - { grade: C, at_least: 10% }
    - { grade: B, at_least: 120% }
    - { grade: B, most: 10% }
indicators:
  - { label: a, full_marks: 100, rule: judged }
";
        let error = parse_mapping_text(Path::new("t.yaml"), text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.yaml:12:9: unknown field `most`, expected one of grade, at_most, at_least"
        );
        let text = text.replace("    - { grade: B, most: 10% }\n", "");
        let error = parse_mapping_text(Path::new("t.yaml"), &text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.yaml:9:7: `at_least` (30%) is above `at_most` (20%): no team can meet both
t.yaml:10:16: unknown grade `C` in `distribution`; the bands name A, B
t.yaml:11:29: `at_least` is 1.2; a share of the team is between 0% and 100%, written like 20%"
        );
        let fixed = text
            .replace("at_least: 30%", "at_least: 10%")
            .replace("grade: C", "grade: b")
            .replace("120%", "5%");
        let error = parse_mapping_text(Path::new("t.yaml"), &fixed).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.yaml:11:16: grade `B` is listed twice in `distribution`"
        );
    }
}
