//! Generates the test fixtures: for every form in [`forms::FORMS`], its empty
//! template under `templates/` and its filled-in samples under
//! `samples/<department>/`, most of them with deliberate mistakes (see
//! `samples/README.md`); likewise for every roster (one person per row) in
//! [`forms::ROSTERS`], written by `roster.rs`.
//!
//! Everything form-specific — titles, columns, indicators, scoring rules,
//! samples and their mistakes — is data in `forms.rs` (the first forms
//! shipped) and `forms_<seed>.rs` (the others, by seed file); this file holds the
//! model those tables are written in and the code that scores and writes them.
//!
//! Run it through `scripts/make-fixtures.sh`, which also converts the
//! workbooks staged under `target/make_fixtures/{xls,ods}/<department>/` with
//! LibreOffice. The output is deterministic: re-running gives byte-identical
//! xlsx files.
//!
//! rust_xlsxwriter does not calculate formulas, so every formula gets the
//! cached result Excel would store for it, computed here from the cell values
//! (SUM and SUMPRODUCT skip text cells, `+` and `*` over a text cell give
//! `#VALUE!`).

mod forms;
mod forms_000;
mod forms_002;
mod forms_003;
mod forms_004;
mod roster;
mod variants;

use std::error::Error;
use std::fs;
use std::path::Path;

use rust_xlsxwriter::utility::{cell_range, row_col_to_cell};
use rust_xlsxwriter::{
    ColNum, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, RowNum,
    Workbook, Worksheet, XlsxError,
};

const FONT: &str = "宋体";
const GB2312_CHARSET: u8 = 134;
const SCORE_FORMAT: &str = "0.00";
const WEIGHT_FORMAT: &str = "0%";

// ---------------------------------------------------------------------------
// The model the form tables are written in.
// ---------------------------------------------------------------------------

/// One form: its look, its indicators and rules, and its samples.
pub struct Form {
    pub title: &'static str,
    pub sheet: &'static str,
    /// Where the empty form is written, relative to the crate root.
    pub template: &'static str,
    /// The samples' 部门, also the folder under `samples/` they go to.
    pub department: &'static str,
    pub month: &'static str,
    pub reviewer: &'static str,
    pub head: Head,
    /// The note row a [`Layout::Shifted`] sample has above its header.
    pub note: &'static str,
    pub columns: &'static [Column],
    pub indicators: &'static [Indicator],
    pub total: TotalRow,
    /// Signature blocks under the table, each as wide as its share of it.
    pub signatures: &'static [&'static str],
    /// Full-width text rows under the signatures (a grade table, 考核说明).
    pub footnotes: &'static [&'static str],
    /// Where every judged score blends the employee's own score and the
    /// supervisor's ("自评和上级评分分别占20%和80%").
    pub raters: Option<Raters>,
    pub samples: &'static [Sample],
}

/// The weights of the self score and the supervisor's score in a judged
/// score. A blank score lets the other one stand for both.
#[derive(Clone, Copy)]
pub struct Raters {
    pub own: f64,
    pub supervisor: f64,
}

impl Raters {
    fn blend(self, own: Option<f64>, supervisor: Option<f64>) -> Option<f64> {
        match (own, supervisor) {
            (Some(own), Some(boss)) => Some(own * self.own + boss * self.supervisor),
            (Some(only), None) | (None, Some(only)) => Some(only),
            (None, None) => None,
        }
    }
}

/// The head fields between the title and the table.
pub enum Head {
    /// A bold label cell, then its value in the next cell; the last value is
    /// merged to the right edge of the table.
    Pairs(&'static [(&'static str, Field)]),
    /// `label:value` in one cell merged over the given number of columns.
    Inline(&'static [(&'static str, Field, ColNum)]),
    /// As [`Head::Inline`], on several rows.
    InlineRows(&'static [&'static [(&'static str, Field, ColNum)]]),
}

impl Head {
    fn rows(&self) -> RowNum {
        match self {
            Head::InlineRows(rows) => rows.len() as RowNum,
            Head::Pairs(_) | Head::Inline(_) => 1,
        }
    }
}

/// The value of a head field.
#[derive(Clone, Copy)]
pub enum Field {
    Person,
    Department,
    /// The form's 考核月份, or the sample's own period.
    Month,
    Reviewer,
    /// The sample's 月工资.
    BasePay,
    /// Printed on the template as well (e.g. 岗位名称).
    Fixed(&'static str),
}

pub struct Column {
    pub header: &'static str,
    pub width: f64,
    pub kind: Col,
}

/// What a column of the indicator table holds.
#[derive(Clone, Copy, PartialEq)]
pub enum Col {
    /// 序号.
    No,
    Name,
    /// The indicator's group (考核项目), merged over indicators of one group.
    Group,
    /// The indicator's text number `i`, wrapped and left-aligned.
    Wrap(usize),
    /// The indicator's text number `i`, centred.
    Center(usize),
    /// Full marks in points (分值).
    MaxPoints,
    /// The indicator's weight (权重), as a percentage.
    Weight,
    /// One label per row naming the raw result (考核数据).
    DataLabel,
    /// The raw result, one per row (实际完成).
    Raw,
    SelfScore,
    /// The letter graded from the score (等级), for indicators with a
    /// [`Rule::Letters`]; blank on other rows.
    Letter,
    /// The supervisor's score; the total row holds the total here.
    Score,
    /// Empty on indicator rows; the tool writes the rank on the total row.
    Rank,
    /// Left empty (备注, HR复核).
    Blank,
}

pub struct TotalRow {
    pub label: &'static str,
    /// The column the total is written in: the score column, unless a
    /// variant moves it.
    pub column: Col,
    /// Columns the label is merged over, from the first.
    pub label_span: ColNum,
    pub formula: TotalFormula,
    /// Label-only rows between the indicators and the total
    /// (增加扣分或加分项目).
    pub extra: &'static [&'static str],
    /// A row above the total adding up 分值, the self scores and the
    /// supervisor's scores, its label merged over this many columns; the
    /// total row then holds only the total.
    pub subtotal: Option<(&'static str, ColNum)>,
}

/// What the total of the score column adds up.
#[derive(Clone, Copy)]
pub enum TotalFormula {
    /// Points: `=SUM(H4:H16)`.
    Sum,
    /// Scores times weights: `=SUMPRODUCT(J5:J10,E5:E10)` for scores on a
    /// 100 scale, `=SUMPRODUCT(F4:F8,C4:C8)*10` for scores out of 10.
    Weighted,
    /// The subtotals of the self and the supervisor's scores blended by the
    /// form's [`Raters`]: `=D41*0.2+E41*0.8`.
    Blend,
    /// Parts, each with a title row above its indicators and a row under
    /// them adding up their scores on a 100 scale (加权合计); the total
    /// weighs the parts: `=J13*0.8+J20*0.2`.
    Sections(&'static [Section]),
}

/// One part of a [`TotalFormula::Sections`] form.
pub struct Section {
    /// The title row above the part's indicators (一、业绩考核(80%)).
    pub title: &'static str,
    /// How many of the form's indicators, in order, the part holds.
    pub items: usize,
    /// The label of the row adding them up (加权合计).
    pub subtotal: &'static str,
    pub weight: f64,
}

#[derive(Clone, Copy)]
pub struct Indicator {
    pub name: &'static str,
    /// 考核项目, for forms with a [`Col::Group`] column.
    pub group: &'static str,
    /// Descriptive texts, in the order the form's columns refer to them.
    pub texts: &'static [&'static str],
    /// Full marks: points, or the scale a weighted score is given on.
    pub max: f64,
    /// Share of the total for forms that weigh 100-scale scores.
    pub weight: Option<f64>,
    /// Labels in 考核数据, one per sheet row the indicator takes.
    pub data: &'static [&'static str],
    /// Number format of the raw results.
    pub raw_format: &'static str,
    pub rule: Rule,
}

impl Indicator {
    /// Defaults for the fields most indicators leave alone.
    pub const BASE: Indicator = Indicator {
        name: "",
        group: "",
        texts: &[],
        max: 0.0,
        weight: None,
        data: &["主管评定"],
        raw_format: "General",
        rule: Rule::Judged,
    };

    /// What the score adds to the total: points, or on a 100 scale times
    /// the weight.
    fn contribution(&self, score: f64) -> f64 {
        match self.weight {
            Some(weight) => score * 100.0 / self.max * weight,
            None => score,
        }
    }
}

/// How raw results (实际完成) become a score. Each rule reads as many raw
/// results as [`Rule::inputs`] says, in sheet-row order.
#[derive(Clone, Copy)]
pub enum Rule {
    /// `max × min(raw / target, 1)`.
    Proportional(f64),
    /// The first step whose threshold the raw result meets gives its score;
    /// past the last step `otherwise` does (`None`: the supervisor judges).
    Steps {
        cmp: Cmp,
        steps: &'static [(f64, f64)],
        otherwise: Option<f64>,
    },
    /// From full marks, per raw result in turn: `points` off each beyond
    /// `free`, or 0 from `zero_from` on; never below 0.
    Deduction(&'static [Term]),
    /// `points` per item, up to `cap`.
    PerItem { points: f64, cap: f64 },
    /// Full marks at `at`, `points` more per `per` above it (fewer below),
    /// between 0 and `cap`.
    Linear {
        at: f64,
        per: f64,
        points: f64,
        cap: f64,
    },
    /// The parts' scores added up, capped at full marks.
    Sum(&'static [Rule]),
    /// Bands by their lower bound, highest first, the last one open
    /// below (`f64::NEG_INFINITY`): the first the raw result reaches gives
    /// its score, or (`None`) leaves it to the supervisor's judgement.
    Bands(&'static [(f64, Option<f64>)]),
    /// No raw result: the supervisor judges a score in [0, max].
    Judged,
    /// Judged as [`Rule::Judged`], and graded by a letter: each letter with
    /// the lowest score it holds, best first ("A(得18-20分) B(得15-18分)…"
    /// read as A from 18, B from 15 below 18, …).
    Letters(&'static [(&'static str, f64)]),
}

/// How a raw result is compared with a step's threshold.
#[derive(Clone, Copy)]
pub enum Cmp {
    AtLeast,
    Above,
    AtMost,
    Below,
}

impl Rule {
    /// The letter whose band holds `score`, for a [`Rule::Letters`].
    fn letter_for(&self, score: f64) -> Option<&'static str> {
        match *self {
            Rule::Letters(bands) => bands
                .iter()
                .find(|(_, lowest)| score >= *lowest)
                .map(|(letter, _)| *letter),
            _ => None,
        }
    }
}

impl Cmp {
    fn holds(self, raw: f64, threshold: f64) -> bool {
        match self {
            Cmp::AtLeast => raw >= threshold,
            Cmp::Above => raw > threshold,
            Cmp::AtMost => raw <= threshold,
            Cmp::Below => raw < threshold,
        }
    }
}

/// One counted input of a [`Rule::Deduction`].
#[derive(Clone, Copy)]
pub struct Term {
    pub points: f64,
    /// Occurrences that cost nothing.
    pub free: f64,
    pub zero_from: Option<f64>,
}

impl Rule {
    /// Raw results the rule reads.
    fn inputs(&self) -> usize {
        match self {
            Rule::Deduction(terms) => terms.len(),
            Rule::Sum(parts) => parts.iter().map(Rule::inputs).sum(),
            Rule::Judged | Rule::Letters(_) => 0,
            _ => 1,
        }
    }

    /// The unrounded score, or `None` when the supervisor judges it.
    fn score(&self, max: f64, raw: &[f64]) -> Option<f64> {
        let score = match *self {
            Rule::Proportional(target) => max * (raw[0] / target).min(1.0),
            Rule::Steps {
                cmp,
                steps,
                otherwise,
            } => match steps.iter().find(|(at, _)| cmp.holds(raw[0], *at)) {
                Some((_, score)) => *score,
                None => otherwise?,
            },
            Rule::Deduction(terms) => {
                let mut score = max;
                for (term, &count) in terms.iter().zip(raw) {
                    if term.zero_from.is_some_and(|zero| count >= zero) {
                        return Some(0.0);
                    }
                    score -= term.points * (count - term.free).max(0.0);
                }
                score.max(0.0)
            }
            Rule::PerItem { points, cap } => (points * raw[0]).min(cap),
            Rule::Linear {
                at,
                per,
                points,
                cap,
            } => (max + (raw[0] - at) / per * points).clamp(0.0, cap),
            Rule::Sum(parts) => {
                let mut rest = raw;
                let mut total = 0.0;
                for part in parts {
                    let (own, tail) = rest.split_at(part.inputs());
                    rest = tail;
                    total += part.score(max, own)?;
                }
                total.min(max)
            }
            Rule::Bands(bands) => bands.iter().find(|(from, _)| raw[0] >= *from)?.1?,
            Rule::Judged | Rule::Letters(_) => return None,
        };
        Some(score)
    }
}

/// A cell as someone typed it.
#[derive(Clone, Copy)]
pub enum Entry {
    Blank,
    Number(f64),
    Text(&'static str),
}

use Entry::{Blank, Number};

/// A mistake planted in a sample. Indicators are numbered from 1 as in 序号.
pub enum Fault {
    /// The indicator's first raw result typed as this text instead of the
    /// number.
    RawAsText(usize, &'static str),
    /// The indicator's first raw result left empty (the score is still
    /// filled in).
    RawMissing(usize),
    /// The score typed as this text (e.g. `4分`) instead of the number.
    ScoreAsText(usize, &'static str),
    /// The score typed as this number instead of the correct score.
    WrongScore(usize, f64),
    /// The score left empty.
    ScoreMissing(usize),
    /// The total typed as this constant instead of a formula.
    TotalTyped(f64),
    /// The total written term by term (`H4+H5+…`, `J5*E5+J6*E6+…`) instead
    /// of `SUM`/`SUMPRODUCT`.
    TotalAdded,
    /// The total's `SUM` stops a row short, leaving out the last indicator.
    TotalOmitsLast,
    /// The indicator's weight (权重) typed as this text (`5%`).
    WeightAsText(usize, &'static str),
}

/// Where the table sits on the sheet.
#[derive(Clone, Copy)]
pub enum Layout {
    /// As in the template: table from column A, header on row 3.
    Standard,
    /// One column right, with a note row above the header (header on row 4).
    Shifted,
}

/// Which file the sample ends up as.
#[derive(Clone, Copy)]
pub enum Output {
    Xlsx,
    /// Staged as xlsx, converted by LibreOffice to this extension.
    Convert(&'static str),
}

pub struct Sample {
    pub id: u8,
    pub name: &'static str,
    /// Raw results in sheet order: each indicator's, one per row it reads.
    pub raw: &'static [f64],
    /// Correct scores the rules leave to the supervisor, by indicator; an
    /// indicator missing here has no correct score (counts 0 in the total).
    pub judged: &'static [(usize, f64)],
    /// 自我评价 where it differs from the correct score, by indicator.
    pub self_scores: &'static [(usize, Entry)],
    pub faults: &'static [Fault],
    pub layout: Layout,
    pub output: Output,
    /// The sample's own 考核月份/考核时间 instead of the form's; it is also
    /// added to the file name (one person over several periods).
    pub period: Option<&'static str>,
    /// 月工资, as typed in its head field.
    pub base_pay: Option<&'static str>,
    /// The letter (等级) as typed where it is not the one the correct score
    /// gives, by indicator: a wrong letter, a blank, an unknown one.
    pub letters: &'static [(usize, Entry)],
}

impl Sample {
    /// Defaults for samples: nothing left to judgement, self scores as
    /// correct, no mistakes, the template's layout, saved as xlsx, the
    /// form's period.
    pub const CLEAN: Sample = Sample {
        id: 0,
        name: "",
        raw: &[],
        judged: &[],
        self_scores: &[],
        faults: &[],
        layout: Layout::Standard,
        output: Output::Xlsx,
        period: None,
        base_pay: None,
        letters: &[],
    };
}

// ---------------------------------------------------------------------------
// Scoring a sample and filling in its form.
// ---------------------------------------------------------------------------

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Form {
    /// Sheet rows the indicators take.
    fn indicator_rows(&self) -> usize {
        self.indicators.iter().map(|ind| ind.data.len()).sum()
    }

    /// The position of the first column of this kind.
    fn column(&self, kind: Col) -> Option<ColNum> {
        (0..)
            .zip(self.columns)
            .find(|(_, c)| c.kind == kind)
            .map(|(i, _)| i)
    }

    fn score_column(&self) -> ColNum {
        self.column(Col::Score)
            .expect("every form has a score column")
    }

    /// What a weighted total multiplies score × weight by to be on a 100
    /// scale: 1 for scores out of 100, 10 for scores out of 10.
    fn weighted_scale(&self) -> f64 {
        let max = self.indicators.first().map_or(100.0, |ind| ind.max);
        assert!(
            self.indicators.iter().all(|ind| ind.max == max),
            "a weighted form scores every item on one scale"
        );
        100.0 / max
    }

    fn weight_column(&self) -> ColNum {
        self.column(Col::Weight)
            .expect("a weighted total needs a weight column")
    }

    /// The total of these scores, by indicator.
    fn total_of(&self, scores: &[Option<f64>]) -> f64 {
        self.indicators
            .iter()
            .zip(scores)
            .enumerate()
            .filter_map(|(index, (ind, score))| {
                score.map(|s| ind.contribution(s) * self.section_weight(index))
            })
            .sum()
    }

    fn sections(&self) -> &'static [Section] {
        match self.total.formula {
            TotalFormula::Sections(sections) => sections,
            _ => &[],
        }
    }

    /// The indicators of each section, as positions.
    fn section_spans(&self) -> Vec<std::ops::Range<usize>> {
        let mut start = 0;
        let spans: Vec<_> = self
            .sections()
            .iter()
            .map(|section| {
                let span = start..start + section.items;
                start = span.end;
                span
            })
            .collect();
        assert!(
            spans.is_empty() || start == self.indicators.len(),
            "the sections hold every indicator"
        );
        spans
    }

    /// The weight of the section holding the indicator at `index` (1 on a
    /// form without sections).
    fn section_weight(&self, index: usize) -> f64 {
        self.section_spans()
            .iter()
            .zip(self.sections())
            .find(|(span, _)| span.contains(&index))
            .map_or(1.0, |(_, section)| section.weight)
    }
}

impl Sample {
    fn file_stem(&self) -> String {
        match self.period {
            Some(period) => format!("{:02}_{}_{period}", self.id, self.name),
            None => format!("{:02}_{}", self.id, self.name),
        }
    }

    /// Raw results of each indicator, in order.
    fn raw_by_indicator(&self, form: &Form) -> Vec<&[f64]> {
        let mut rest = self.raw;
        form.indicators
            .iter()
            .map(|ind| {
                let (own, tail) = rest.split_at(ind.rule.inputs());
                rest = tail;
                own
            })
            .collect()
    }

    /// The score the rule gives, rounded to 2 decimals, or else the
    /// supervisor's judgement (blended with the self score where the form
    /// has raters).
    fn correct_score(
        &self,
        form: &Form,
        ind: &Indicator,
        number: usize,
        raw: &[f64],
    ) -> Option<f64> {
        if let (Some(raters), Rule::Judged) = (form.raters, ind.rule) {
            let (own, boss) = self.rater_scores(ind, number);
            return raters.blend(own, boss).map(round2);
        }
        let ruled = ind.rule.score(ind.max, raw).map(round2);
        ruled.or_else(|| lookup(self.judged, number))
    }

    /// The supervisor's correct score of a judged indicator on a form with
    /// raters: as listed in `judged`, full marks if not.
    fn supervisor_score(&self, ind: &Indicator, number: usize) -> f64 {
        lookup(self.judged, number).unwrap_or(ind.max)
    }

    /// The self and supervisor scores a blend counts: the supervisor's
    /// (none where the cell is left blank), and the self score as typed
    /// (the supervisor's where `self_scores` does not list it).
    fn rater_scores(&self, ind: &Indicator, number: usize) -> (Option<f64>, Option<f64>) {
        let judged = self.supervisor_score(ind, number);
        let blank = self
            .faults
            .iter()
            .any(|fault| matches!(*fault, Fault::ScoreMissing(n) if n == number));
        let boss = (!blank).then_some(judged);
        let own = match lookup(self.self_scores, number) {
            None => Some(judged),
            Some(Number(value)) => Some(value),
            Some(Blank) => None,
            Some(Entry::Text(text)) => text.trim_end_matches('分').parse().ok(),
        };
        (own, boss)
    }

    /// The correct score of each indicator (`None`: no correct score known).
    fn expected_scores(&self, form: &Form) -> Vec<Option<f64>> {
        let raws = self.raw_by_indicator(form);
        (1..)
            .zip(form.indicators)
            .zip(raws)
            .map(|((n, ind), raw)| self.correct_score(form, ind, n, raw))
            .collect()
    }

    /// What the supervisor typed as the score.
    fn hand_score(&self, number: usize, correct: Entry) -> Entry {
        let planted = self.faults.iter().find_map(|fault| match *fault {
            Fault::ScoreAsText(n, text) if n == number => Some(Entry::Text(text)),
            Fault::WrongScore(n, score) if n == number => Some(Number(score)),
            Fault::ScoreMissing(n) if n == number => Some(Blank),
            _ => None,
        });
        planted.unwrap_or(correct)
    }

    /// What the employee typed as raw results, one per row.
    fn raw_entries(&self, ind: &Indicator, number: usize, raw: &[f64]) -> Vec<Entry> {
        let planted = self.faults.iter().find_map(|fault| match *fault {
            Fault::RawAsText(n, text) if n == number => Some(Entry::Text(text)),
            Fault::RawMissing(n) if n == number => Some(Blank),
            _ => None,
        });
        let mut typed: Vec<Entry> = raw.iter().map(|&value| Number(value)).collect();
        if let (Some(entry), Some(first)) = (planted, typed.first_mut()) {
            *first = entry;
        }
        pad_rows(typed, ind.data.len())
    }

    fn total(&self) -> Total {
        let planted = self.faults.iter().find_map(|fault| match *fault {
            Fault::TotalTyped(total) => Some(Total::Typed(total)),
            Fault::TotalAdded => Some(Total::Added),
            Fault::TotalOmitsLast => Some(Total::OmitsLast),
            _ => None,
        });
        planted.unwrap_or(Total::Formula)
    }

    fn fill(&self, form: &Form) -> Filled {
        let raws = self.raw_by_indicator(form);
        let scores = self.expected_scores(form);
        let items = (1..)
            .zip(form.indicators)
            .zip(raws.into_iter().zip(scores))
            .map(|((n, ind), (raw, score))| {
                // On a form with raters the score cell is the supervisor's
                // own score, not the blend that counts.
                let correct = match (form.raters, ind.rule) {
                    (Some(_), Rule::Judged) => Number(self.supervisor_score(ind, n)),
                    _ => score.map_or(Blank, Number),
                };
                let graded = score.and_then(|s| ind.rule.letter_for(s));
                let letter =
                    lookup(self.letters, n).unwrap_or_else(|| graded.map_or(Blank, Entry::Text));
                let weight = self
                    .faults
                    .iter()
                    .find_map(|fault| match *fault {
                        Fault::WeightAsText(at, text) if at == n => Some(Entry::Text(text)),
                        _ => None,
                    })
                    .unwrap_or(ind.weight.map_or(Blank, Number));
                Item {
                    raw: self.raw_entries(ind, n, raw),
                    weight,
                    letter,
                    self_score: lookup(self.self_scores, n).unwrap_or(correct),
                    score: self.hand_score(n, correct),
                }
            })
            .collect();
        Filled {
            person: Some(self.name),
            period: Some(self.period.unwrap_or(form.month)),
            base_pay: self.base_pay,
            layout: self.layout,
            items,
            total: self.total(),
        }
    }
}

fn lookup<T: Copy>(table: &[(usize, T)], number: usize) -> Option<T> {
    table.iter().find(|(n, _)| *n == number).map(|(_, v)| *v)
}

/// Fills up `entries` with blanks to one per row.
fn pad_rows(mut entries: Vec<Entry>, rows: usize) -> Vec<Entry> {
    entries.resize(rows, Blank);
    entries
}

// ---------------------------------------------------------------------------
// A filled-in form and the cached results of its formulas.
// ---------------------------------------------------------------------------

/// How the score total is filled in.
#[derive(Clone, Copy)]
enum Total {
    /// The form's own formula ([`TotalFormula`]).
    Formula,
    /// Written term by term, one term per indicator.
    Added,
    /// A typed constant.
    Typed(f64),
    /// The form's `SUM` a row short: the last indicator left out.
    OmitsLast,
}

/// The cells one indicator fills in.
struct Item {
    /// Raw results, one per row of the indicator.
    raw: Vec<Entry>,
    /// The weight (权重) as typed.
    weight: Entry,
    self_score: Entry,
    /// The letter (等级) graded from the score; blank where none.
    letter: Entry,
    score: Entry,
}

struct Filled {
    person: Option<&'static str>,
    period: Option<&'static str>,
    base_pay: Option<&'static str>,
    layout: Layout,
    items: Vec<Item>,
    total: Total,
}

impl Filled {
    fn template(form: &Form) -> Filled {
        let items = form
            .indicators
            .iter()
            .map(|ind| Item {
                raw: pad_rows(Vec::new(), ind.data.len()),
                weight: ind.weight.map_or(Blank, Number),
                self_score: Blank,
                letter: Blank,
                score: Blank,
            })
            .collect();
        Filled {
            person: None,
            period: None,
            base_pay: None,
            layout: Layout::Standard,
            items,
            total: Total::Formula,
        }
    }

    /// The score cells as the total formula sees them: times the weight for
    /// a weighted total (text stays text, so it is skipped or gives
    /// `#VALUE!` just the same).
    fn score_terms<'a>(&'a self, form: &'a Form) -> impl Iterator<Item = Entry> + 'a {
        self.items.iter().map(
            move |item| match (form.total.formula, item.score, item.weight) {
                (TotalFormula::Weighted, Number(score), Number(weight)) => {
                    Number(score * weight * form.weighted_scale())
                }
                // SUMPRODUCT takes a text weight as 0.
                (TotalFormula::Weighted, Number(_), _) => Blank,
                (_, entry, _) => entry,
            },
        )
    }

    /// What Excel caches for the blended total: the subtotals of the self
    /// and the supervisor's scores (text skipped), weighted.
    fn cached_blend(&self, raters: Raters) -> String {
        let own = sum_of(self.items.iter().map(|item| item.self_score));
        let boss = sum_of(self.items.iter().map(|item| item.score));
        show(own * raters.own + boss * raters.supervisor)
    }
}

impl Filled {
    /// What Excel caches for a section's subtotal (`J5+J6+J10*10/30`):
    /// `None` for `#VALUE!`, when a score is text.
    fn cached_subtotal(&self, form: &Form, span: std::ops::Range<usize>) -> Option<f64> {
        span.map(|index| {
            let ind = &form.indicators[index];
            match self.items[index].score {
                Number(score) => Some(ind.contribution(score)),
                Blank => Some(0.0),
                Entry::Text(_) => None,
            }
        })
        .sum()
    }

    /// What Excel caches for the total of the sections' subtotals, each
    /// times its weight.
    fn cached_sections(&self, form: &Form) -> Option<f64> {
        form.section_spans()
            .into_iter()
            .zip(form.sections())
            .map(|(span, section)| Some(self.cached_subtotal(form, span)? * section.weight))
            .sum()
    }
}

/// `SUM` over these cells: text is skipped.
fn sum_of(entries: impl Iterator<Item = Entry>) -> f64 {
    entries
        .map(|entry| match entry {
            Number(value) => value,
            Blank | Entry::Text(_) => 0.0,
        })
        .sum()
}

/// What Excel caches for `SUM`/`SUMPRODUCT` over these cells: text is
/// skipped.
fn cached_sum(entries: impl Iterator<Item = Entry>) -> String {
    show(sum_of(entries))
}

/// What Excel caches for `a+b+…`: a text operand gives `#VALUE!`.
fn cached_addition(entries: impl Iterator<Item = Entry>) -> String {
    let mut sum = 0.0;
    for entry in entries {
        match entry {
            Number(value) => sum += value,
            Blank => {}
            Entry::Text(_) => return "#VALUE!".to_string(),
        }
    }
    show(sum)
}

/// A numeric cached result, rounded to the 2 decimals scores have, in its
/// shortest form: `88`, `85.5`, `8.33`.
fn show(value: f64) -> String {
    round2(value).to_string()
}

// ---------------------------------------------------------------------------
// Writing the sheet.
// ---------------------------------------------------------------------------

/// Sheet coordinates of the table.
struct Grid<'a> {
    form: &'a Form,
    first_col: ColNum,
    header_row: RowNum,
}

impl Grid<'_> {
    fn new(form: &Form, layout: Layout) -> Grid<'_> {
        let below_head = Self::HEAD_ROW + form.head.rows();
        match layout {
            Layout::Standard => Grid {
                form,
                first_col: 0,
                header_row: below_head,
            },
            Layout::Shifted => Grid {
                form,
                first_col: 1,
                header_row: below_head + 1,
            },
        }
    }

    const TITLE_ROW: RowNum = 0;
    const HEAD_ROW: RowNum = 1;

    fn col(&self, col: ColNum) -> ColNum {
        self.first_col + col
    }

    fn last_col(&self) -> ColNum {
        self.col(self.form.columns.len() as ColNum - 1)
    }

    fn note_row(&self) -> Option<RowNum> {
        (self.header_row > Self::HEAD_ROW + self.form.head.rows()).then_some(self.header_row - 1)
    }

    fn first_item_row(&self) -> RowNum {
        self.header_row + 1
    }

    /// The last row of the indicator table: the last indicator's, or on a
    /// form with sections the last section's subtotal row.
    fn last_item_row(&self) -> RowNum {
        let section_rows = 2 * self.form.sections().len() as RowNum;
        self.first_item_row() + self.form.indicator_rows() as RowNum + section_rows - 1
    }

    /// The label-only rows after the indicators.
    fn extra_rows(&self) -> impl Iterator<Item = (RowNum, &'static str)> {
        (self.last_item_row() + 1..).zip(self.form.total.extra.iter().copied())
    }

    fn subtotal_row(&self) -> Option<RowNum> {
        let row = self.last_item_row() + 1 + self.form.total.extra.len() as RowNum;
        self.form.total.subtotal.map(|_| row)
    }

    fn total_row(&self) -> RowNum {
        let subtotal = RowNum::from(self.form.total.subtotal.is_some());
        self.last_item_row() + 1 + self.form.total.extra.len() as RowNum + subtotal
    }

    fn signature_row(&self) -> RowNum {
        self.total_row() + 1
    }

    fn last_row(&self) -> RowNum {
        self.signature_row() + self.form.footnotes.len() as RowNum
    }

    /// `first:last` of a column over the indicator rows, e.g. `H4:H16`.
    fn item_range(&self, col: ColNum) -> String {
        let col = self.col(col);
        cell_range(self.first_item_row(), col, self.last_item_row(), col)
    }

    /// The first sheet row of each indicator: on a form with sections,
    /// past each section's title row and the previous one's subtotal row.
    fn indicator_first_rows(&self) -> impl Iterator<Item = RowNum> + '_ {
        let spans = self.form.section_spans();
        (0..)
            .zip(self.form.indicators)
            .scan(self.first_item_row(), move |row, (index, ind)| {
                let ends = spans.iter().any(|span| span.end == index);
                let starts = spans.iter().any(|span| span.start == index);
                *row += RowNum::from(ends) + RowNum::from(starts);
                let first = *row;
                *row += ind.data.len() as RowNum;
                Some(first)
            })
    }

    /// Each section's title row and subtotal row, with its indicators.
    fn section_rows(&self) -> Vec<(RowNum, RowNum, std::ops::Range<usize>)> {
        let firsts: Vec<RowNum> = self.indicator_first_rows().collect();
        self.form
            .section_spans()
            .into_iter()
            .map(|span| {
                let last = &self.form.indicators[span.end - 1];
                let subtotal = firsts[span.end - 1] + last.data.len() as RowNum;
                (firsts[span.start] - 1, subtotal, span)
            })
            .collect()
    }
}

struct Styles {
    title: Format,
    note: Format,
    section: Format,
    label: Format,
    value: Format,
    inline: Format,
    header: Format,
    center: Format,
    wrap: Format,
    score: Format,
    weight: Format,
    total: Format,
    total_weight: Format,
    signature: Format,
    footnote: Format,
}

impl Styles {
    fn new() -> Styles {
        let plain = Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_font_charset(GB2312_CHARSET)
            .set_align(FormatAlign::VerticalCenter);
        let boxed = plain.clone().set_border(FormatBorder::Thin);
        let center = boxed.clone().set_align(FormatAlign::Center).set_text_wrap();
        let bold_center = center.clone().set_bold();
        Styles {
            title: plain
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            note: plain.clone().set_font_size(10).set_align(FormatAlign::Left),
            section: boxed.clone().set_bold().set_align(FormatAlign::Left),
            label: bold_center.clone(),
            value: center.clone(),
            inline: boxed.clone().set_align(FormatAlign::Left),
            header: bold_center.clone().set_background_color("#D9D9D9"),
            center: center.clone(),
            wrap: boxed.set_align(FormatAlign::Left).set_text_wrap(),
            score: center.clone().set_num_format(SCORE_FORMAT),
            weight: center.set_num_format(WEIGHT_FORMAT),
            total_weight: bold_center.clone().set_num_format(WEIGHT_FORMAT),
            total: bold_center,
            footnote: plain.clone().set_align(FormatAlign::Left).set_text_wrap(),
            signature: plain.set_align(FormatAlign::Left),
        }
    }
}

fn write_entry(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    entry: Entry,
    format: &Format,
) -> Result<(), XlsxError> {
    match entry {
        Blank => ws.write_blank(row, col, format)?,
        Number(value) => ws.write_number_with_format(row, col, value, format)?,
        Entry::Text(text) => ws.write_string_with_format(row, col, text, format)?,
    };
    Ok(())
}

/// Writes `entry` into `col` over `rows`, merging the cells if more than one.
fn write_span(
    ws: &mut Worksheet,
    rows: (RowNum, RowNum),
    col: ColNum,
    entry: Entry,
    format: &Format,
) -> Result<(), XlsxError> {
    if rows.0 < rows.1 {
        ws.merge_range(rows.0, col, rows.1, col, "", format)?;
    }
    write_entry(ws, rows.0, col, entry, format)
}

/// Approximate display width: CJK characters are two columns wide.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Height in points for wrapped `text` in a column `width` characters wide.
/// (A column is `width` digits of 8 px plus padding; a 宋体 11 half-width
/// character is about 7.3 px, so a line holds a little more than `width`.)
fn wrapped_height(text: &str, width: f64) -> f64 {
    const LINE: f64 = 14.25;
    let lines = (display_width(text) as f64 / (width + 2.0)).ceil().max(1.0);
    lines * LINE + 8.0
}

fn write_title(ws: &mut Worksheet, grid: &Grid, styles: &Styles) -> Result<(), XlsxError> {
    let row = Grid::TITLE_ROW;
    let title = grid.form.title;
    ws.merge_range(row, grid.col(0), row, grid.last_col(), title, &styles.title)?;
    ws.set_row_height(row, 36)?;
    Ok(())
}

fn write_head(
    ws: &mut Worksheet,
    grid: &Grid,
    styles: &Styles,
    filled: &Filled,
) -> Result<(), XlsxError> {
    let form = grid.form;
    let value = |field| match (field, filled.person) {
        (Field::Fixed(text), _) => text,
        (_, None) => "",
        (Field::Person, Some(name)) => name,
        (Field::Department, Some(_)) => form.department,
        (Field::Month, Some(_)) => filled.period.unwrap_or(form.month),
        (Field::Reviewer, Some(_)) => form.reviewer,
        (Field::BasePay, Some(_)) => filled.base_pay.unwrap_or(""),
    };
    let row = Grid::HEAD_ROW;
    let inline = |ws: &mut Worksheet, row, fields: &[(&str, Field, ColNum)]| {
        let mut col = grid.col(0);
        for (label, field, span) in fields {
            let text = format!("{label}:{}", value(*field));
            let last = col + span - 1;
            if last > col {
                ws.merge_range(row, col, row, last, &text, &styles.inline)?;
            } else {
                ws.write_string_with_format(row, col, &text, &styles.inline)?;
            }
            col = last + 1;
        }
        ws.set_row_height(row, 24)?;
        Ok::<(), XlsxError>(())
    };
    match form.head {
        Head::Pairs(fields) => {
            for (i, (label, field)) in fields.iter().enumerate() {
                let col = grid.col(2 * i as ColNum);
                ws.write_string_with_format(row, col, *label, &styles.label)?;
                if i + 1 == fields.len() && col + 1 < grid.last_col() {
                    let text = value(*field);
                    ws.merge_range(row, col + 1, row, grid.last_col(), text, &styles.value)?;
                } else {
                    ws.write_string_with_format(row, col + 1, value(*field), &styles.value)?;
                }
            }
        }
        Head::Inline(fields) => inline(ws, row, fields)?,
        Head::InlineRows(rows) => {
            for (at, fields) in (row..).zip(rows.iter()) {
                inline(ws, at, fields)?;
            }
        }
    }
    ws.set_row_height(row, 24)?;
    Ok(())
}

fn write_note(ws: &mut Worksheet, grid: &Grid, styles: &Styles) -> Result<(), XlsxError> {
    if let Some(row) = grid.note_row() {
        let note = grid.form.note;
        ws.merge_range(row, grid.col(0), row, grid.last_col(), note, &styles.note)?;
        ws.set_row_height(row, 20)?;
    }
    Ok(())
}

fn write_header(ws: &mut Worksheet, grid: &Grid, styles: &Styles) -> Result<(), XlsxError> {
    for (col, column) in (0..).zip(grid.form.columns) {
        let at = grid.col(col);
        ws.write_string_with_format(grid.header_row, at, column.header, &styles.header)?;
    }
    ws.set_row_height(grid.header_row, 30)?;
    Ok(())
}

/// Rows of the run of indicators sharing `index`'s group, if it starts one.
fn group_run(form: &Form, index: usize) -> Option<usize> {
    let group = form.indicators[index].group;
    if index > 0 && form.indicators[index - 1].group == group {
        return None;
    }
    let run = form.indicators[index..]
        .iter()
        .take_while(|ind| ind.group == group);
    Some(run.map(|ind| ind.data.len()).sum())
}

/// Row height of one sheet row of an indicator: room for its longest
/// wrapped text, shared by its rows.
fn row_height(form: &Form, ind: &Indicator) -> f64 {
    let tallest = form
        .columns
        .iter()
        .filter_map(|column| match column.kind {
            Col::Wrap(i) => Some(wrapped_height(ind.texts[i], column.width)),
            _ => None,
        })
        .fold(0.0, f64::max);
    (tallest / ind.data.len() as f64).max(24.0)
}

fn write_items(
    ws: &mut Worksheet,
    grid: &Grid,
    styles: &Styles,
    items: &[Item],
) -> Result<(), XlsxError> {
    let form = grid.form;
    let rows = grid.indicator_first_rows();
    for (index, ((ind, item), row)) in form.indicators.iter().zip(items).zip(rows).enumerate() {
        let last = row + ind.data.len() as RowNum - 1;
        for (col, column) in (0..).zip(form.columns) {
            let at = grid.col(col);
            let (entry, format) = match column.kind {
                Col::No => (Number(index as f64 + 1.0), &styles.center),
                Col::Name => (Entry::Text(ind.name), &styles.center),
                Col::Group => {
                    if let Some(rows) = group_run(form, index) {
                        let group_last = row + rows as RowNum - 1;
                        let text = Entry::Text(ind.group);
                        write_span(ws, (row, group_last), at, text, &styles.center)?;
                    }
                    continue;
                }
                Col::Wrap(i) => (Entry::Text(ind.texts[i]), &styles.wrap),
                Col::Center(i) => (Entry::Text(ind.texts[i]), &styles.center),
                Col::MaxPoints => (Number(ind.max), &styles.center),
                Col::Weight => (item.weight, &styles.weight),
                Col::SelfScore => (item.self_score, &styles.score),
                Col::Letter => (item.letter, &styles.center),
                Col::Score => (item.score, &styles.score),
                Col::Blank => (Blank, &styles.center),
                Col::DataLabel | Col::Raw | Col::Rank => continue,
            };
            write_span(ws, (row, last), at, entry, format)?;
        }

        let raw_format = styles.center.clone().set_num_format(ind.raw_format);
        let height = row_height(form, ind);
        for ((r, &label), raw) in (row..).zip(ind.data).zip(&item.raw) {
            for (col, column) in (0..).zip(form.columns) {
                let at = grid.col(col);
                match column.kind {
                    Col::DataLabel => write_entry(ws, r, at, Entry::Text(label), &styles.center)?,
                    Col::Raw => write_entry(ws, r, at, *raw, &raw_format)?,
                    Col::Rank => write_entry(ws, r, at, Blank, &styles.center)?,
                    _ => {}
                }
            }
            ws.set_row_height(r, height)?;
        }
    }
    Ok(())
}

/// The total written term by term: `H4+H5+…`, or `J5*E5+J6*E6+…` for a
/// weighted total; one term per indicator, on its first row.
fn addition_formula(grid: &Grid) -> String {
    let form = grid.form;
    let score = grid.col(form.score_column());
    let terms: Vec<String> = grid
        .indicator_first_rows()
        .map(|row| match form.total.formula {
            TotalFormula::Sum => row_col_to_cell(row, score),
            TotalFormula::Blend | TotalFormula::Sections(_) => {
                panic!("this total is not written term by term")
            }
            TotalFormula::Weighted => {
                let weight = grid.col(form.weight_column());
                format!(
                    "{}*{}",
                    row_col_to_cell(row, score),
                    row_col_to_cell(row, weight)
                )
            }
        })
        .collect();
    scaled(form, terms.join("+"))
}

/// A weighted total of scores not on a 100 scale, brought to it:
/// `(…)*10`, `SUMPRODUCT(…)*10`.
fn scaled(form: &Form, sum: String) -> String {
    match form.total.formula {
        TotalFormula::Weighted if form.weighted_scale() != 1.0 => {
            let sum = if sum.contains('+') {
                format!("({sum})")
            } else {
                sum
            };
            format!("{sum}*{}", form.weighted_scale())
        }
        _ => sum,
    }
}

/// The form's own total formula.
fn total_formula(grid: &Grid) -> String {
    let form = grid.form;
    let scores = grid.item_range(form.score_column());
    match form.total.formula {
        TotalFormula::Sum => format!("SUM({scores})"),
        TotalFormula::Weighted => {
            let weights = grid.item_range(form.weight_column());
            scaled(form, format!("SUMPRODUCT({scores},{weights})"))
        }
        TotalFormula::Blend => {
            let raters = form.raters.expect("a blended total needs raters");
            let subtotal = grid
                .subtotal_row()
                .expect("a blended total needs a subtotal");
            let own = form
                .column(Col::SelfScore)
                .expect("a blended total needs a self-score column");
            format!(
                "{}*{}+{}*{}",
                row_col_to_cell(subtotal, grid.col(own)),
                raters.own,
                row_col_to_cell(subtotal, grid.col(form.score_column())),
                raters.supervisor
            )
        }
        TotalFormula::Sections(sections) => {
            let score = grid.col(form.score_column());
            let terms: Vec<String> = grid
                .section_rows()
                .iter()
                .zip(sections)
                .map(|((_, subtotal, _), section)| {
                    format!("{}*{}", row_col_to_cell(*subtotal, score), section.weight)
                })
                .collect();
            terms.join("+")
        }
    }
}

/// A section's subtotal: each score on a 100 scale times its weight within
/// the section, term by term (`J5+J6+J10*10/30`); points count as they are.
fn subtotal_formula(grid: &Grid, span: std::ops::Range<usize>) -> String {
    let form = grid.form;
    let score = grid.col(form.score_column());
    let firsts: Vec<RowNum> = grid.indicator_first_rows().collect();
    let terms: Vec<String> = span
        .map(|index| {
            let cell = row_col_to_cell(firsts[index], score);
            let ind = &form.indicators[index];
            match ind.weight.map(|weight| weight * 100.0) {
                Some(points) if points != ind.max => format!("{cell}*{}/{}", show(points), ind.max),
                _ => cell,
            }
        })
        .collect();
    terms.join("+")
}

/// The title row and the subtotal row of each section.
fn write_sections(
    ws: &mut Worksheet,
    grid: &Grid,
    styles: &Styles,
    filled: &Filled,
) -> Result<(), XlsxError> {
    let form = grid.form;
    let score = form.score_column();
    for ((title, subtotal, span), section) in grid.section_rows().into_iter().zip(form.sections()) {
        let (first, last) = (grid.col(0), grid.last_col());
        ws.merge_range(title, first, title, last, section.title, &styles.section)?;
        ws.set_row_height(title, 24)?;
        let label_end = grid.col(score - 1);
        ws.merge_range(
            subtotal,
            first,
            subtotal,
            label_end,
            section.subtotal,
            &styles.total,
        )?;
        let cached = filled
            .cached_subtotal(form, span.clone())
            .map_or("#VALUE!".to_string(), show);
        let formula = Formula::new(subtotal_formula(grid, span)).set_result(cached);
        ws.write_formula_with_format(subtotal, grid.col(score), formula, &styles.score)?;
        for col in score + 1..form.columns.len() as ColNum {
            ws.write_blank(subtotal, grid.col(col), &styles.center)?;
        }
        ws.set_row_height(subtotal, 24)?;
    }
    Ok(())
}

fn write_total(
    ws: &mut Worksheet,
    grid: &Grid,
    styles: &Styles,
    filled: &Filled,
) -> Result<(), XlsxError> {
    let form = grid.form;
    let label_only = |ws: &mut Worksheet, row, span: ColNum, label: &str| {
        ws.merge_range(
            row,
            grid.col(0),
            row,
            grid.col(span - 1),
            label,
            &styles.total,
        )?;
        for col in span..form.columns.len() as ColNum {
            ws.write_blank(row, grid.col(col), &styles.center)?;
        }
        ws.set_row_height(row, 24)?;
        Ok::<(), XlsxError>(())
    };
    let extra_span = form
        .total
        .subtotal
        .map_or(form.total.label_span, |(_, span)| span);
    for (row, label) in grid.extra_rows() {
        label_only(ws, row, extra_span, label)?;
    }
    let row = grid.total_row();
    match (form.total.subtotal, grid.subtotal_row()) {
        (Some((label, span)), Some(subtotal)) => {
            label_only(ws, subtotal, span, label)?;
            write_sums(ws, grid, styles, filled, subtotal, span)?;
            label_only(ws, row, form.total.label_span, form.total.label)?;
        }
        _ if !form.sections().is_empty() => {
            label_only(ws, row, form.total.label_span, form.total.label)?;
        }
        _ => {
            label_only(ws, row, form.total.label_span, form.total.label)?;
            write_sums(ws, grid, styles, filled, row, form.total.label_span)?;
        }
    }
    let at = grid.col(
        form.column(form.total.column)
            .unwrap_or(form.score_column()),
    );
    let terms = || filled.score_terms(form);
    match filled.total {
        Total::Formula => {
            let cached = match (form.total.formula, form.raters) {
                (TotalFormula::Blend, Some(raters)) => filled.cached_blend(raters),
                (TotalFormula::Sections(_), _) => filled
                    .cached_sections(form)
                    .map_or("#VALUE!".to_string(), show),
                _ => cached_sum(terms()),
            };
            let formula = Formula::new(total_formula(grid)).set_result(cached);
            ws.write_formula_with_format(row, at, formula, &styles.score)?;
        }
        Total::Added => {
            let formula = Formula::new(addition_formula(grid)).set_result(cached_addition(terms()));
            ws.write_formula_with_format(row, at, formula, &styles.score)?;
        }
        Total::Typed(total) => {
            ws.write_number_with_format(row, at, total, &styles.score)?;
        }
        Total::OmitsLast => {
            let score = grid.col(form.score_column());
            let last = grid
                .indicator_first_rows()
                .last()
                .unwrap_or(grid.first_item_row());
            let range = cell_range(grid.first_item_row(), score, last - 1, score);
            let count = form.indicators.len().saturating_sub(1);
            let cached = cached_sum(terms().take(count));
            let formula = Formula::new(format!("SUM({range})")).set_result(cached);
            ws.write_formula_with_format(row, at, formula, &styles.score)?;
        }
    }
    Ok(())
}

/// The sums of 分值, 权重 and the self scores on `row`, after its label; on
/// a subtotal row the supervisor's scores too.
fn write_sums(
    ws: &mut Worksheet,
    grid: &Grid,
    styles: &Styles,
    filled: &Filled,
    row: RowNum,
    span: ColNum,
) -> Result<(), XlsxError> {
    let form = grid.form;
    let sum = |col| Formula::new(format!("SUM({})", grid.item_range(col)));
    let subtotal = grid.subtotal_row() == Some(row);
    for (col, column) in (0..).zip(form.columns).skip(span as usize) {
        let at = grid.col(col);
        match column.kind {
            Col::MaxPoints => {
                let max_total = cached_sum(form.indicators.iter().map(|ind| Number(ind.max)));
                let formula = sum(col).set_result(max_total);
                ws.write_formula_with_format(row, at, formula, &styles.total)?;
            }
            Col::Weight => {
                let weights = filled.items.iter().map(|item| item.weight);
                let formula = sum(col).set_result(cached_sum(weights));
                ws.write_formula_with_format(row, at, formula, &styles.total_weight)?;
            }
            Col::SelfScore => {
                let self_total = cached_sum(filled.items.iter().map(|item| item.self_score));
                let formula = sum(col).set_result(self_total);
                ws.write_formula_with_format(row, at, formula, &styles.score)?;
            }
            Col::Score if subtotal => {
                let scores = cached_sum(filled.items.iter().map(|item| item.score));
                let formula = sum(col).set_result(scores);
                ws.write_formula_with_format(row, at, formula, &styles.score)?;
            }
            // The total itself is written by the caller.
            Col::Score => {}
            _ => {
                ws.write_blank(row, at, &styles.center)?;
            }
        }
    }
    Ok(())
}

fn write_signatures(ws: &mut Worksheet, grid: &Grid, styles: &Styles) -> Result<(), XlsxError> {
    let row = grid.signature_row();
    let signatures = grid.form.signatures;
    let width = (grid.form.columns.len() / signatures.len()) as ColNum;
    for (i, text) in (0..).zip(signatures) {
        let first = grid.col(width * i);
        ws.merge_range(row, first, row, first + width - 1, text, &styles.signature)?;
    }
    ws.set_row_height(row, 32)?;
    Ok(())
}

fn write_footnotes(ws: &mut Worksheet, grid: &Grid, styles: &Styles) -> Result<(), XlsxError> {
    let width: f64 = grid.form.columns.iter().map(|c| c.width).sum();
    for (row, text) in (grid.signature_row() + 1..).zip(grid.form.footnotes) {
        ws.merge_range(
            row,
            grid.col(0),
            row,
            grid.last_col(),
            text,
            &styles.footnote,
        )?;
        ws.set_row_height(row, wrapped_height(text, width))?;
    }
    Ok(())
}

fn set_columns(ws: &mut Worksheet, grid: &Grid) -> Result<(), XlsxError> {
    if grid.first_col > 0 {
        ws.set_column_width(0, 3)?;
    }
    for (col, column) in (0..).zip(grid.form.columns) {
        ws.set_column_width(grid.col(col), column.width)?;
    }
    Ok(())
}

/// Tables wider than this (in column-width units) print on A4 landscape,
/// narrower ones portrait.
const PORTRAIT_WIDTH: f64 = 120.0;

fn set_print(ws: &mut Worksheet, grid: &Grid) -> Result<(), XlsxError> {
    let width: f64 = grid.form.columns.iter().map(|c| c.width).sum();
    if width > PORTRAIT_WIDTH {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_paper_size(9) // A4
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_area(0, 0, grid.last_row(), grid.last_col())?;
    Ok(())
}

fn write_form(ws: &mut Worksheet, form: &Form, filled: &Filled) -> Result<(), XlsxError> {
    let grid = Grid::new(form, filled.layout);
    let styles = Styles::new();
    ws.set_name(form.sheet)?;
    set_columns(ws, &grid)?;
    write_title(ws, &grid, &styles)?;
    write_head(ws, &grid, &styles, filled)?;
    write_note(ws, &grid, &styles)?;
    write_header(ws, &grid, &styles)?;
    write_items(ws, &grid, &styles, &filled.items)?;
    write_sections(ws, &grid, &styles, filled)?;
    write_total(ws, &grid, &styles, filled)?;
    write_signatures(ws, &grid, &styles)?;
    write_footnotes(ws, &grid, &styles)?;
    set_print(ws, &grid)
}

fn save(form: &Form, filled: &Filled, path: &Path) -> Result<(), Box<dyn Error>> {
    let mut workbook = Workbook::new();
    let default_font = Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(GB2312_CHARSET);
    workbook.set_default_format(&default_font, 18, 72)?;
    let created = ExcelDateTime::from_ymd(2026, 11, 2)?.and_hms(9, 0, 0)?;
    let properties = DocProperties::new()
        .set_title(form.title)
        .set_author("人力资源部")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    write_form(workbook.add_worksheet(), form, filled)?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    workbook.save(path)?;
    Ok(())
}

/// `28.5 + 14.4 + … = 91.88`, or for a weighted form
/// `86.8×60% + 90×15% + … = 91.23`.
fn explain(form: &Form, scores: &[Option<f64>]) -> String {
    let terms: Vec<String> = form
        .indicators
        .iter()
        .zip(scores)
        .map(|(ind, score)| {
            let shown = score.map_or("-".into(), show);
            match (form.total.formula, ind.weight) {
                (TotalFormula::Weighted, Some(weight)) => {
                    format!("{shown}×{}%", show(weight * 100.0))
                }
                _ => shown,
            }
        })
        .collect();
    format!("{} = {}", terms.join(" + "), show(form.total_of(scores)))
}

/// Every form: the first ones shipped, then the rest by seed file.
fn all_forms() -> impl Iterator<Item = &'static Form> {
    forms::FORMS
        .into_iter()
        .chain(forms_000::FORMS)
        .chain(forms_002::FORMS)
        .chain(forms_003::FORMS)
        .chain(forms_004::FORMS)
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let staging = root.join("target").join("make_fixtures");
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }

    for form in all_forms() {
        save(form, &Filled::template(form), &root.join(form.template))?;
        println!("{}", form.template);
        let samples = root.join("samples").join(form.department);
        for sample in form.samples {
            let file = format!("{}.xlsx", sample.file_stem());
            let path = match sample.output {
                Output::Xlsx => samples.join(&file),
                Output::Convert(ext) => staging.join(ext).join(form.department).join(&file),
            };
            save(form, &sample.fill(form), &path)?;
            let shown = path.strip_prefix(root).unwrap_or(&path);
            let scores = sample.expected_scores(form);
            println!("{}\texpected {}", shown.display(), explain(form, &scores));
        }
    }
    for roster in forms::ROSTERS {
        roster::generate(roster, root, &staging)?;
    }
    let variants = root.join("tests").join("fixtures").join("variants");
    for variant in variants::VARIANTS {
        let path = variants.join(format!("{}.xlsx", variant.file));
        save(variant.form, &variant.sample.fill(variant.form), &path)?;
        let shown = path.strip_prefix(root).unwrap_or(&path);
        let scores = variant.sample.expected_scores(variant.form);
        println!(
            "{}\ton the form {}",
            shown.display(),
            explain(variant.form, &scores)
        );
    }
    Ok(())
}
