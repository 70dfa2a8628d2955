//! Stage 7: audit. Turns what scoring saw into findings (what is wrong,
//! where, what was there, what it should be) and corrections (the values the
//! annotated copy writes instead). Only what is certainly wrong is an error.

mod drift;
pub mod formula;
mod messages;
mod total_formula;
mod total_repair;

use rust_decimal::Decimal;

use crate::extract::Reading;
use crate::locate::{FieldCell, Located, Nearest};
use crate::mapping::{Indicator, Mapping, Unit};
use crate::model::{CellRef, CellValue, Code, Finding, Workbook};
use crate::read::ReadError;
use crate::rules::Rule;
use crate::rules::letters::{LetterCheck, Letters};
use crate::score::total::{WEIGHT_TOLERANCE, share_of_total, stated_weight_differs};
use crate::score::{Basis, IndicatorScore, ReadCell, ScoredForm, TotalScore, round};
pub use drift::recognition_findings;
use messages as say;
pub use total_formula::ErrorCauses;
pub use total_repair::TotalRepair;
use total_repair::total_formula;

/// A value the annotated copy writes into a cell instead of what was there
/// (for a formula: its cached result).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    pub cell: CellRef,
    pub value: CellValue,
}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Audit {
    pub findings: Vec<Finding>,
    pub corrections: Vec<Correction>,
}

impl Audit {
    fn shrink_to_fit(&mut self) {
        self.findings.shrink_to_fit();
        self.corrections.shrink_to_fit();
    }
}

/// One person's findings and corrections, by what they are about.
/// [`PersonAudit::findings`] lists them in the order of the fields.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct PersonAudit {
    /// Head fields, and the indicators scored from the form alone.
    pub cells: Audit,
    /// Indicators the team pass scored.
    pub team: Audit,
    /// The total cell against the recomputed total.
    pub total: Audit,
    /// The workbook against its template, and the total formula.
    pub form: Vec<Finding>,
    /// Found across the batch: the grade the form states, the same review
    /// twice.
    pub batch: Vec<Finding>,
    /// Why the total cell shows an error value, worked out while the
    /// workbook was open, for the total's finding.
    pub total_error_causes: Option<ErrorCauses>,
    /// A formula over the indicator score cells that computes the total,
    /// worked out while the cells are known, for the total's repair.
    pub total_formula: Option<String>,
    /// What the copy's total cell must show, where the form has one.
    pub total_repair: Option<TotalRepair>,
}

impl PersonAudit {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        let audits = [&self.cells, &self.team, &self.total];
        audits
            .into_iter()
            .flat_map(|audit| &audit.findings)
            .chain(&self.form)
            .chain(&self.batch)
    }

    pub fn findings_mut(&mut self) -> impl Iterator<Item = &mut Finding> {
        let audits = [&mut self.cells, &mut self.team, &mut self.total];
        audits
            .into_iter()
            .flat_map(|audit| &mut audit.findings)
            .chain(&mut self.form)
            .chain(&mut self.batch)
    }

    pub fn corrections(&self) -> impl Iterator<Item = &Correction> {
        [&self.cells, &self.team, &self.total]
            .into_iter()
            .flat_map(|audit| &audit.corrections)
    }

    pub fn shrink_to_fit(&mut self) {
        self.cells.shrink_to_fit();
        self.team.shrink_to_fit();
        self.total.shrink_to_fit();
        self.form.shrink_to_fit();
        self.batch.shrink_to_fit();
    }
}

struct Auditor<'a> {
    sheet: &'a str,
    mapping: &'a Mapping,
    audit: Audit,
}

/// What one person's form shows while its workbook is open: the cells and
/// how the form differs from its template. The team score, total and batch
/// findings come when the person is finished.
pub fn audit_form(
    workbook: &Workbook,
    mapping: &Mapping,
    located: &Located,
    scored: &ScoredForm,
) -> PersonAudit {
    let sheet = workbook
        .sheets
        .get(located.sheet)
        .map_or("", |s| s.name.as_str());
    let mut cells = audit_cells(sheet, mapping, located, scored);
    total_formula::explain_errors(workbook, sheet, &mut cells.findings);
    let form = total_formula::check_total(workbook, mapping, located, !scored.total.withheld);
    let total_error_causes = scored
        .total
        .hand_cell
        .as_ref()
        .filter(|hand| matches!(hand.reading, Reading::ExcelError(_)))
        .and_then(|hand| ErrorCauses::of(workbook, sheet, hand.cell));
    PersonAudit {
        cells,
        form,
        total_error_causes,
        total_formula: total_formula(mapping, &scored.indicators),
        ..PersonAudit::default()
    }
}

fn audit_cells(sheet: &str, mapping: &Mapping, located: &Located, scored: &ScoredForm) -> Audit {
    let mut auditor = Auditor {
        sheet,
        mapping,
        audit: Audit::default(),
    };
    auditor.head_field(
        located.person.as_ref(),
        mapping.fields.person.as_deref(),
        Code::PersonMissing,
    );
    auditor.head_field(
        located.period.as_ref(),
        mapping.fields.period.as_deref(),
        Code::PeriodMissing,
    );
    for (index, (indicator, mapped)) in scored
        .indicators
        .iter()
        .zip(&mapping.indicators)
        .enumerate()
    {
        auditor.indicator(indicator, mapped);
        if let Some(weight) = &indicator.weight_cell {
            auditor.weight(weight, indicator, index);
        }
    }
    auditor.weights_add_up(located, &scored.indicators);
    auditor.audit
}

/// The letter written in an indicator's first input cell, if any.
fn written_letter(indicator: &IndicatorScore) -> Option<&str> {
    match &indicator.inputs.first()?.as_ref()?.reading {
        Reading::Label(text) if !text.trim().is_empty() => Some(text),
        _ => None,
    }
}

/// The audit of an indicator the team pass has just scored.
pub fn audit_team_score(sheet: &str, mapping: &Mapping, indicator: &IndicatorScore) -> Audit {
    let mut auditor = Auditor {
        sheet,
        mapping,
        audit: Audit::default(),
    };
    if let Some(cells) = &indicator.cells {
        let anchor = cells
            .inputs
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(cells.label);
        let hand = indicator.hand_score.as_ref();
        auditor.computed(indicator, hand, cells.score.unwrap_or(anchor), false);
    }
    auditor.audit
}

/// A file that cannot be read at all, and why.
pub fn unreadable_file(error: &ReadError) -> Finding {
    Finding::new(Code::UnreadableFile, say::unreadable_file(error))
}

/// A workbook no mapping recognises.
/// No mapping recognises the workbook; the nearest one is named with its
/// score.
pub fn no_mapping_matched(nearest: Option<&Nearest>) -> Finding {
    let finding = Finding::new(Code::NoMappingMatched, say::no_mapping_matched(nearest));
    match nearest {
        Some(nearest) => finding.found(format!("{} {}%", nearest.form, nearest.score)),
        None => finding,
    }
}

/// The team's values give no score (all zero, a negative amount): the
/// hand score stands, unverified, with a warning saying why.
pub fn team_score_unavailable(sheet: &str, indicator: &IndicatorScore) -> Finding {
    let at = indicator
        .cells
        .as_ref()
        .and_then(|c| c.inputs.iter().flatten().next().copied());
    let finding = Finding::new(Code::TeamScoreUnavailable, say::team_score_unavailable())
        .indicator(&indicator.label);
    match at {
        Some(at) => finding.at(sheet, at),
        None => finding,
    }
}

/// The audit of a total once every indicator of the form has its score;
/// `causes` say why the total cell shows an error value, where it does.
pub fn audit_total(
    sheet: &str,
    mapping: &Mapping,
    scored: &ScoredForm,
    causes: Option<&ErrorCauses>,
    formula: Option<&str>,
) -> (Audit, Option<TotalRepair>) {
    let mut auditor = Auditor {
        sheet,
        mapping,
        audit: Audit::default(),
    };
    let repair = auditor.total(&scored.total, &scored.indicators, formula);
    let mut audit = auditor.audit;
    if let Some(causes) = causes {
        let hand = scored.total.hand_cell.as_ref().map(|hand| hand.cell);
        audit
            .findings
            .iter_mut()
            .filter(|f| f.code == Code::ExcelError && f.cell.is_some() && f.cell == hand)
            .for_each(|finding| causes.explain(finding));
    }
    (audit, repair)
}

/// A grade stated on the form that is not the grade its total falls in.
pub fn grade_mismatch(sheet: &str, stated: &FieldCell, grade: &str) -> Option<Finding> {
    let written = stated.value.as_deref()?.trim();
    if written.eq_ignore_ascii_case(grade.trim()) {
        return None;
    }
    let finding = Finding::new(Code::GradeMismatch, say::grade_mismatch(written, grade))
        .found(written)
        .expected(grade.to_string())
        .at(sheet, stated.value_cell);
    Some(finding)
}

/// The same person and period in other files of the batch (`others`).
pub fn duplicate_person(sheet: &str, name: &str, period: &str, others: &[&str]) -> Finding {
    let mut finding = Finding::new(
        Code::DuplicatePerson,
        say::duplicate_person(name, period, others),
    );
    finding.sheet = Some(sheet.to_string());
    finding
}

impl Auditor<'_> {
    fn show(&self, value: Decimal) -> String {
        round(value, self.mapping.decimals).to_string()
    }

    fn push(&mut self, finding: Finding) {
        self.audit.findings.push(finding);
    }

    fn correct(&mut self, cell: CellRef, value: Decimal) {
        let number = round(value, self.mapping.decimals);
        let as_f64 = number.to_string().parse::<f64>().unwrap_or_default();
        self.audit.corrections.push(Correction {
            cell,
            value: CellValue::Number(as_f64),
        });
    }

    /// The self score that stands in for a missing supervisor's score, where
    /// the mapping's rater policy says the other rater's score stands in.
    fn stand_in(&self, indicator: &IndicatorScore) -> Option<Decimal> {
        let raters = self.mapping.raters?;
        (raters.when_missing == crate::mapping::WhenMissing::Other)
            .then(|| indicator.self_score.as_ref()?.reading.number())
            .flatten()
    }

    /// Writes a corrected score, where the layout has a score cell.
    fn correct_score(&mut self, indicator: &IndicatorScore, value: Decimal) {
        if let Some(cell) = indicator.cells.as_ref().and_then(|c| c.score) {
            self.correct(cell, value);
        }
    }

    fn finding(
        &self,
        code: Code,
        cell: CellRef,
        indicator: Option<&str>,
        message: crate::model::Message,
    ) -> Finding {
        let finding = Finding::new(code, message).at(self.sheet, cell);
        match indicator {
            Some(label) => finding.indicator(label),
            None => finding,
        }
    }

    fn head_field(&mut self, field: Option<&FieldCell>, label: Option<&str>, code: Code) {
        let (Some(label), Some(field)) = (label, field) else {
            return;
        };
        if field.value.is_none() {
            let finding = self.finding(code, field.value_cell, None, say::head_field_blank(label));
            self.push(finding);
        }
    }

    fn indicator(&mut self, indicator: &IndicatorScore, mapped: &Indicator) {
        let label = indicator.label.as_str();
        // An indicator not found is the template drift's to name.
        let Some(cells) = &indicator.cells else {
            return;
        };
        for input in indicator.inputs.iter().flatten() {
            self.reading(input, Some(label), mapped.unit == Unit::Percent, true);
        }
        if let Some(self_score) = &indicator.self_score {
            self.reading(self_score, Some(label), false, true);
            self.out_of_range(self_score, indicator, None);
        }
        if let Some(full_marks) = &indicator.full_marks_cell {
            self.full_marks(full_marks, indicator);
        }
        let hand = indicator.hand_score.as_ref();
        let hand_repaired = hand.is_some_and(|h| self.reading(h, Some(label), false, false));
        // Where a roster has no score column, findings about the score
        // go on the raw result it comes from.
        let anchor = cells
            .inputs
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(cells.label);
        let score_cell = cells.score.unwrap_or(anchor);
        let letter_band = match &mapped.rule {
            Rule::Letters(letters) => written_letter(indicator)
                .and_then(|letter| letters.band_of(letter, indicator.full_marks)),
            _ => None,
        };
        self.basis(indicator, hand, score_cell, hand_repaired, letter_band);
        if let (Rule::Letters(letters), Basis::Judged(_)) = (&mapped.rule, &indicator.basis) {
            self.letter(indicator, letters);
        }
    }

    /// Checks the letter written beside a judged score against the score's
    /// band; a blank letter is filled in.
    fn letter(&mut self, indicator: &IndicatorScore, letters: &Letters) {
        let (Some(Some(letter_cell)), Some(score)) = (indicator.inputs.first(), indicator.hand())
        else {
            return;
        };
        let written = match &letter_cell.reading {
            Reading::Label(text) => Some(text.as_str()),
            Reading::Blank => None,
            _ => return,
        };
        let shown = self.show(score);
        let label = Some(indicator.label.as_str());
        let by_score = match letters.check(None, score) {
            LetterCheck::Derived { letter } => Some(letter),
            _ => None,
        };
        match letters.check(written, score) {
            LetterCheck::OutsideLetter { letter, allowed } => {
                let message = say::letter_mismatch(&letter, &allowed, &shown, by_score.as_deref());
                let mut finding = self
                    .finding(Code::LetterMismatch, letter_cell.cell, label, message)
                    .found(letter);
                if let Some(by_score) = by_score {
                    finding = finding.expected(by_score);
                }
                self.push(finding);
            }
            LetterCheck::Derived { letter } => {
                let message = say::letter_derived(&letter, &shown);
                let finding = self
                    .finding(Code::LetterDerived, letter_cell.cell, label, message)
                    .expected(letter.clone());
                self.push(finding);
                self.audit.corrections.push(Correction {
                    cell: letter_cell.cell,
                    value: CellValue::Text(letter),
                });
            }
            LetterCheck::Accepted { .. } | LetterCheck::UnknownLetter(_) | LetterCheck::NoBand => {}
        }
    }

    /// Reports how a cell was written; returns whether a text number was
    /// repaired (so the caller can write the number back).
    fn reading(
        &mut self,
        read: &ReadCell,
        label: Option<&str>,
        percent: bool,
        write_repair: bool,
    ) -> bool {
        match &read.reading {
            Reading::ExcelError(code) => {
                let finding = self
                    .finding(Code::ExcelError, read.cell, label, say::excel_error(code))
                    .found(code.clone());
                self.push(finding);
                false
            }
            Reading::NotANumber(text) => {
                let finding = self
                    .finding(Code::NotANumber, read.cell, label, say::not_a_number(text))
                    .found(text.clone());
                self.push(finding);
                false
            }
            Reading::Number {
                value,
                typed_as_text: Some(text),
                ..
            } => {
                let shown = if percent {
                    show_percent(*value)
                } else {
                    value.normalize().to_string()
                };
                let finding = self
                    .finding(
                        Code::NumberStoredAsText,
                        read.cell,
                        label,
                        say::number_as_text(text, &shown),
                    )
                    .found(text.clone())
                    .expected(shown);
                self.push(finding);
                if write_repair {
                    self.audit.corrections.push(Correction {
                        cell: read.cell,
                        value: CellValue::Number(value.to_string().parse().unwrap_or_default()),
                    });
                }
                true
            }
            Reading::Number {
                value,
                percent_without_sign: true,
                ..
            } => {
                let shown = show_percent(*value);
                let written = (*value * Decimal::ONE_HUNDRED).normalize().to_string();
                let finding = self
                    .finding(
                        Code::PercentWithoutSign,
                        read.cell,
                        label,
                        say::percent_without_sign(&written, &shown),
                    )
                    .found(written)
                    .expected(shown);
                self.push(finding);
                false
            }
            Reading::Number { .. } | Reading::Blank | Reading::Label(_) => false,
        }
    }

    fn out_of_range(
        &mut self,
        read: &ReadCell,
        indicator: &IndicatorScore,
        expected: Option<Decimal>,
    ) -> bool {
        let Some(value) = read.reading.number() else {
            return false;
        };
        if indicator.bounds.holds(value) {
            return false;
        }
        let show_end = |end: Option<Decimal>, infinite: &str| {
            end.map_or(infinite.to_string(), |end| self.show(end))
        };
        let lowest = show_end(indicator.bounds.lowest, "-∞");
        let highest = show_end(indicator.bounds.highest, "+∞");
        let mut finding = self
            .finding(
                Code::ScoreOutOfRange,
                read.cell,
                Some(&indicator.label),
                say::score_out_of_range(&self.show(value), &lowest, &highest),
            )
            .found(self.show(value));
        if let Some(expected) = expected {
            finding = finding.expected(self.show(expected));
        }
        self.push(finding);
        true
    }

    /// A weight (权重) as the form states it: repaired where typed as text,
    /// against the share of the total the mapping gives the indicator.
    fn weight(&mut self, read: &ReadCell, indicator: &IndicatorScore, index: usize) {
        self.reading(read, Some(&indicator.label), true, true);
        let (Some(found), Some(share)) =
            (read.reading.number(), share_of_total(self.mapping, index))
        else {
            return;
        };
        if stated_weight_differs(self.mapping, index, indicator) {
            let (found, expected) = (show_percent(found), show_percent(share.round_dp(4)));
            let finding = self
                .finding(
                    Code::WeightMismatch,
                    read.cell,
                    Some(&indicator.label),
                    say::weight_mismatch(&found, &expected),
                )
                .found(found)
                .expected(expected);
            self.push(finding);
        }
    }

    /// The form's weights must add up to 100%: the finding goes on the
    /// total row's weight cell, or the last weight where there is none.
    fn weights_add_up(&mut self, located: &Located, indicators: &[IndicatorScore]) {
        let weights: Option<Vec<&ReadCell>> =
            indicators.iter().map(|i| i.weight_cell.as_ref()).collect();
        let Some(weights) = weights.filter(|w| !w.is_empty()) else {
            return;
        };
        let Some(sum) = weights
            .iter()
            .map(|w| w.reading.number())
            .sum::<Option<Decimal>>()
        else {
            return;
        };
        if (sum - Decimal::ONE).abs() <= WEIGHT_TOLERANCE {
            return;
        }
        let at = located
            .total
            .as_ref()
            .and_then(|total| total.weight)
            .or_else(|| weights.last().map(|w| w.cell));
        let Some(at) = at else { return };
        let shown = show_percent(sum);
        let finding = self
            .finding(
                Code::WeightsDoNotAddUp,
                at,
                None,
                say::weights_do_not_add_up(&shown),
            )
            .found(shown)
            .expected("100%");
        self.push(finding);
    }

    fn full_marks(&mut self, read: &ReadCell, indicator: &IndicatorScore) {
        self.reading(read, Some(&indicator.label), false, true);
        let Some(found) = read.reading.number() else {
            return;
        };
        if found != indicator.full_marks {
            let message =
                say::full_marks_mismatch(&self.show(found), &self.show(indicator.full_marks));
            let finding = self
                .finding(
                    Code::FullMarksMismatch,
                    read.cell,
                    Some(&indicator.label),
                    message,
                )
                .found(self.show(found))
                .expected(self.show(indicator.full_marks));
            self.push(finding);
        }
    }

    /// `letter_band`: where a letter is written beside a judged score still
    /// to give, the band it stands for ("[18, 20]"), which narrows what
    /// the reviewer is asked for.
    fn basis(
        &mut self,
        indicator: &IndicatorScore,
        hand: Option<&ReadCell>,
        score_cell: CellRef,
        hand_repaired: bool,
        letter_band: Option<String>,
    ) {
        let label = indicator.label.as_str();
        let hand_value = indicator.hand();
        match &indicator.basis {
            Basis::Computed => self.computed(indicator, hand, score_cell, hand_repaired),
            // The supervisor's cell gets the supervisor's score; a blend of
            // raters counts in the total but is nobody's judgement.
            Basis::Judged(_) => {
                if let (true, Some(hand)) = (hand_repaired, hand_value) {
                    self.correct_score(indicator, hand);
                }
            }
            Basis::JudgedOutOfRange(range) => {
                let found = hand_value.map(|v| self.show(v)).unwrap_or_default();
                let allowed = format!("[{}, {}]", self.show(range.low), self.show(range.high));
                let nearest = hand_value.map_or(range.low, |v| v.clamp(range.low, range.high));
                let counted = self.show(nearest);
                let message = say::judgement_out_of_range(&found, &allowed, &counted);
                let finding = self
                    .finding(Code::JudgementOutOfRange, score_cell, Some(label), message)
                    .found(found)
                    .expected(counted);
                self.push(finding);
                self.correct_score(indicator, nearest);
            }
            Basis::AwaitingJudgement(range) => {
                let allowed = letter_band.unwrap_or_else(|| {
                    format!("[{}, {}]", self.show(range.low), self.show(range.high))
                });
                let stand_in = self.stand_in(indicator);
                let message = match stand_in {
                    Some(own) => say::self_score_stands_in(&allowed, &self.show(own)),
                    None => say::needs_judgement(&allowed),
                };
                let finding = self
                    .finding(Code::NeedsJudgement, score_cell, Some(label), message)
                    .expected(allowed);
                self.push(finding);
                if let Some(own) = stand_in {
                    self.correct_score(indicator, own);
                }
            }
            Basis::HandUnverified => {
                let blank_input = indicator
                    .inputs
                    .iter()
                    .flatten()
                    .find(|input| input.reading.number().is_none())
                    .map_or(score_cell, |input| input.cell);
                let finding = self.finding(
                    Code::MissingInput,
                    blank_input,
                    Some(label),
                    say::missing_input(),
                );
                self.push(finding);
                if let Some(hand) = hand {
                    self.out_of_range(hand, indicator, None);
                }
                if hand_repaired {
                    self.correct_score(indicator, indicator.score);
                }
            }
            Basis::Missing => {
                let finding = self.finding(
                    Code::MissingScore,
                    score_cell,
                    Some(label),
                    say::missing_score(),
                );
                self.push(finding);
            }
            Basis::AwaitingTeam(_) | Basis::NotFound => {}
            Basis::AsWritten => {
                if let (true, Some(hand)) = (hand_repaired, hand_value) {
                    self.correct_score(indicator, hand);
                }
            }
            Basis::UnknownLabel(written) => {
                let at = indicator
                    .inputs
                    .iter()
                    .flatten()
                    .find(|input| matches!(&input.reading, Reading::Label(text) if text == written))
                    .map_or(score_cell, |input| input.cell);
                let finding = self
                    .finding(
                        Code::UnknownLabel,
                        at,
                        Some(label),
                        say::unknown_label(written),
                    )
                    .found(written.clone());
                self.push(finding);
            }
        }
    }

    fn computed(
        &mut self,
        indicator: &IndicatorScore,
        hand: Option<&ReadCell>,
        score_cell: CellRef,
        hand_repaired: bool,
    ) {
        let label = indicator.label.as_str();
        let expected = indicator.score;
        let Some(hand_value) = indicator.hand() else {
            if hand.is_some_and(|h| h.reading == Reading::Blank) {
                let finding = self
                    .finding(
                        Code::ScoreBlank,
                        score_cell,
                        Some(label),
                        say::score_blank(&self.show(expected)),
                    )
                    .expected(self.show(expected));
                self.push(finding);
            }
            self.correct_score(indicator, expected);
            return;
        };
        let out_of_range = hand.is_some_and(|h| self.out_of_range(h, indicator, Some(expected)));
        let disagrees = (hand_value - expected).abs() > self.mapping.tolerance;
        if disagrees && !out_of_range {
            let message = say::score_mismatch(&self.show(hand_value), &self.show(expected));
            let finding = self
                .finding(Code::ScoreMismatch, score_cell, Some(label), message)
                .found(self.show(hand_value))
                .expected(self.show(expected));
            self.push(finding);
        }
        if disagrees || out_of_range || hand_repaired {
            self.correct_score(indicator, expected);
        }
    }

    /// Checks the total cell; returns what the copy's total cell must show.
    fn total(
        &mut self,
        total: &TotalScore,
        indicators: &[IndicatorScore],
        formula: Option<&str>,
    ) -> Option<TotalRepair> {
        let hand = total.hand_cell.as_ref()?;
        let expected = total.recomputed?;
        let expects_formula = self
            .mapping
            .total
            .as_ref()
            .is_some_and(|t| t.expects_formula);
        let repair = TotalRepair {
            cell: hand.cell,
            total: expected,
            decimals: self.mapping.decimals,
            tolerance: self.mapping.tolerance,
            formula: formula.map(str::to_string),
            expects_formula,
        };
        if total.hand_not_calculated {
            return Some(repair);
        }
        match &hand.reading {
            Reading::ExcelError(code) => {
                let finding = self
                    .finding(
                        Code::ExcelError,
                        hand.cell,
                        None,
                        say::total_error(code, &self.show(expected)),
                    )
                    .found(code.clone())
                    .expected(self.show(expected));
                self.push(finding);
            }
            Reading::Number { value, .. } => {
                self.reading(hand, None, false, false);
                if !total.hand_is_formula && expects_formula {
                    let finding = self
                        .finding(
                            Code::TotalHandEntered,
                            hand.cell,
                            None,
                            say::total_hand_entered(),
                        )
                        .found(self.show(*value));
                    self.push(finding);
                }
                if (*value - expected).abs() > self.mapping.tolerance {
                    let finding = self
                        .finding(
                            Code::TotalMismatch,
                            hand.cell,
                            None,
                            say::total_mismatch(&self.show(*value), &self.show(expected)),
                        )
                        .found(self.show(*value))
                        .expected(self.show(expected));
                    self.push(finding);
                }
            }
            Reading::NotANumber(_) => {
                self.reading(hand, None, false, false);
            }
            Reading::Blank | Reading::Label(_) => {}
        }
        self.self_total(total, indicators);
        Some(repair)
    }

    /// A self-score total formula recomputes once text numbers are repaired:
    /// its cached result must say what it will then show.
    fn self_total(&mut self, total: &TotalScore, indicators: &[IndicatorScore]) {
        let Some(cell) = total
            .self_total_cell
            .filter(|_| total.self_total_is_formula)
        else {
            return;
        };
        let repaired = indicators
            .iter()
            .filter_map(|i| i.self_score.as_ref())
            .any(|read| {
                matches!(
                    read.reading,
                    Reading::Number {
                        typed_as_text: Some(_),
                        ..
                    }
                )
            });
        if repaired {
            let sum = indicators
                .iter()
                .filter_map(|i| i.self_score.as_ref()?.reading.number())
                .sum();
            self.correct(cell, sum);
        }
    }
}

fn show_percent(value: Decimal) -> String {
    format!("{}%", (value * Decimal::ONE_HUNDRED).normalize())
}
