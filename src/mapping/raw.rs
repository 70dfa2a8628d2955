//! The raw, unvalidated shape of a mapping file as serde sees it, with the
//! position of every value that a later check may need to point at. Nothing
//! outside the mapping module sees these types.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::rules::RawRule;
use crate::yaml::{RawNumber, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMapping {
    pub form: Spanned<String>,
    #[serde(default)]
    pub template: Option<Spanned<String>>,
    pub recognise: Spanned<RawRecognise>,
    #[serde(default)]
    pub fields: RawFields,
    #[serde(default)]
    pub team: Option<Spanned<Vec<Spanned<String>>>>,
    /// A form with one person per sheet, indicators down the rows…
    #[serde(default)]
    pub columns: Option<Spanned<RawColumns>>,
    /// …or a roster with one person per row, indicators across.
    #[serde(default)]
    pub roster: Option<Spanned<RawRoster>>,
    #[serde(default)]
    pub total: Option<Spanned<RawTotal>>,
    #[serde(default)]
    pub decimals: Option<Spanned<u32>>,
    #[serde(default)]
    pub tolerance: Option<Spanned<RawNumber>>,
    #[serde(default)]
    pub raters: Option<Spanned<RawRaters>>,
    /// Grade bands over the total and what each pays.
    #[serde(default)]
    pub grades: Option<Spanned<crate::policy::grades::Raw>>,
    /// A commission schedule over an amount read from a head field.
    #[serde(default)]
    pub commission: Option<Spanned<RawCommission>>,
    /// A team bonus pool split by rank (C2).
    #[serde(default)]
    pub pool: Option<Spanned<crate::policy::pool::Raw>>,
    /// A team amount split evenly among its members (C3).
    #[serde(default)]
    pub split_evenly: Option<Spanned<crate::policy::pool::RawSplitEvenly>>,
    /// Severities changed from their defaults for this form.
    #[serde(default)]
    pub severity:
        Option<Spanned<std::collections::BTreeMap<crate::model::Code, crate::model::Severity>>>,
    /// Across the periods of one person in the batch.
    #[serde(default)]
    pub periods: Option<Spanned<RawPeriods>>,
    /// A form scored as one list of indicators…
    #[serde(default)]
    pub indicators: Option<Spanned<Vec<Spanned<RawIndicator>>>>,
    /// …or in weighted sections (总分=业绩×80%+行为×20%).
    #[serde(default)]
    pub sections: Option<Spanned<Vec<Spanned<RawSection>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriods {
    /// The final score is the mean of this many periods (四季度的平均分).
    #[serde(default)]
    pub average_of: Option<Spanned<crate::policy::periods::RawAverage>>,
    /// Flags for N consecutive periods meeting a condition.
    #[serde(default)]
    pub flags: Option<Spanned<crate::policy::periods::RawFlags>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommission {
    /// The head field label of the amount (月销售额).
    pub amount: Spanned<String>,
    pub schedule: Spanned<crate::policy::schedule::Raw>,
}

/// Self and supervisor scores blended ("上级评分80%+自评分20%").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRaters {
    #[serde(rename = "self")]
    pub self_weight: Spanned<RawNumber>,
    pub supervisor: Spanned<RawNumber>,
    #[serde(default)]
    pub when_missing: Option<RawWhenMissing>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawWhenMissing {
    Other,
    Zero,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawCombine {
    #[default]
    Sum,
    Average,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub name: Spanned<String>,
    pub weight: Spanned<RawNumber>,
    #[serde(default)]
    pub combine: Option<RawCombine>,
    pub indicators: Spanned<Vec<Spanned<RawIndicator>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecognise {
    #[serde(default)]
    pub title_contains: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFields {
    pub person: Option<Spanned<String>>,
    pub department: Option<Spanned<String>>,
    pub period: Option<Spanned<String>>,
    pub reviewer: Option<Spanned<String>>,
    /// The pay a grade's ratio applies to (月工资).
    pub base_pay: Option<Spanned<String>>,
    /// Where the form states the grade by hand (考核等级).
    pub grade: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColumns {
    pub indicator: Spanned<String>,
    pub score: Spanned<String>,
    pub full_marks: Option<Spanned<String>>,
    /// The share of the total each indicator weighs (权重), as the form states it.
    pub weight: Option<Spanned<String>>,
    pub input_label: Option<Spanned<String>>,
    pub input: Option<Spanned<String>>,
    pub self_score: Option<Spanned<String>>,
    pub rank: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoster {
    pub person: Spanned<String>,
    pub id: Option<Spanned<String>>,
    pub department: Option<Spanned<String>>,
    pub rank: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTotal {
    pub label: Spanned<String>,
    #[serde(default = "yes")]
    pub formula: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawUnit {
    Number,
    Percent,
    Label,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub label: Spanned<String>,
    pub full_marks: Spanned<RawNumber>,
    /// Share of the total (15%); the score then counts as score / full
    /// marks × weight × 100.
    #[serde(default)]
    pub weight: Option<Spanned<RawNumber>>,
    #[serde(default)]
    pub unit: Option<RawUnit>,
    /// Named inputs, each found by the text of the input-label column
    /// inside the indicator's rows.
    #[serde(default)]
    pub inputs: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    pub rule: Spanned<RawRule>,
}
