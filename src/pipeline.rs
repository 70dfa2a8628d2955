//! The batch: every input file through every stage, then the team pass,
//! then the outputs. One bad file becomes a row with its reason; the batch
//! goes on.
//!
//! Two units of work run per file: [`process_file`] (read, locate, score,
//! audit) gives a small, serialisable [`FileResult`]; after the team pass,
//! [`render_scored_copy`] reads the file again and renders its annotated
//! copy as the file's [`CopyPlan`] (edits and findings from the final
//! results) says. Reading twice keeps memory flat however large the batch,
//! and lets each unit run wherever the batch engine puts it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::audit::{Audit, audit_form};
use crate::discover::InputFile;
use crate::extract::read_number;
use crate::locate::{Located, best_match, head_field};
use crate::mapping::{HeadField, Mapping, Unit};
use crate::model::{CellValue, Code, Finding, Lang, Message, Severity, Workbook};
use crate::read::{ReadError, read_workbook};
use crate::score::{Basis, ScoredForm, score_form};
pub use crate::team::pass::team_pass;
use crate::write::scored_workbook::render_scored_workbook;
use crate::write::{CellEdit, edits, recalc};

/// A workbook's people, scored and audited.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScoredFile {
    /// The mapping's form name.
    pub form: String,
    /// Decimals the mapping shows scores with.
    pub decimals: u32,
    pub sheet: String,
    /// One for a form, one per row for a roster.
    pub people: Vec<Person>,
}

/// One person's scores and findings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub name: Option<String>,
    pub department: Option<String>,
    pub period: Option<String>,
    pub reviewer: Option<String>,
    pub team: Vec<String>,
    pub scored: ScoredForm,
    pub audit: Audit,
    pub rank: Option<u32>,
    /// The grade band the total falls in, and what it pays.
    pub grade: Option<GradeResult>,
    /// Commission on the amount the form states, where the mapping has a schedule.
    pub commission: Option<Decimal>,
    /// The mean total over this person's periods in the batch, where the
    /// mapping asks for it.
    pub period_average: Option<Decimal>,
    /// Flags raised over consecutive periods that include this one.
    pub flags: Vec<String>,
    /// This person's part of the team pool and of evenly split team money.
    pub team_money: Option<Decimal>,
    /// Team values the mapping's pool or split reads (静默下单销售额,
    /// 个人销售额), as this person's form states them.
    pub team_values: BTreeMap<String, Decimal>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GradeResult {
    pub name: String,
    pub pays: Option<Decimal>,
}

impl Person {
    pub fn count(&self, severity: Severity) -> usize {
        self.audit
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The total as written in the workbook, where it is a number.
    pub fn hand_total(&self) -> Option<Decimal> {
        self.scored.total.hand_cell.as_ref()?.reading.number()
    }
}

impl ScoredFile {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.people.iter().flat_map(|p| &p.audit.findings)
    }

    /// Keeps what the rest of the batch needs, for a parent holding the
    /// results of thousands of files until the summary: the cells an
    /// indicator read are dropped once it is scored (only the team pass
    /// reads them again, for the indicators it scores), and every list's
    /// spare room is freed (results parsed from a worker's answer have lists
    /// grown by doubling, a third of their size).
    pub fn compact(&mut self) {
        self.people.shrink_to_fit();
        for person in &mut self.people {
            person.scored.indicators.shrink_to_fit();
            for indicator in &mut person.scored.indicators {
                if indicator.basis == Basis::AwaitingTeam {
                    indicator.inputs.shrink_to_fit();
                } else {
                    indicator.inputs = Vec::new();
                    indicator.cells = None;
                    indicator.full_marks_cell = None;
                }
            }
            person.audit.findings.shrink_to_fit();
            person.audit.corrections.shrink_to_fit();
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    Scored(Box<ScoredFile>),
    /// The file could not be scored; the finding says why.
    Failed(Finding),
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileResult {
    pub input: InputFile,
    pub outcome: Outcome,
}

impl FileResult {
    pub fn findings(&self) -> Vec<&Finding> {
        match &self.outcome {
            Outcome::Scored(file) => file.findings().collect(),
            Outcome::Failed(finding) => vec![finding],
        }
    }
}

/// A grade written on the form that is not the grade its total falls in.
fn grade_mismatch(
    field: &crate::locate::FieldCell,
    grade: &GradeResult,
    sheet: Option<&crate::model::Sheet>,
) -> Option<Finding> {
    let written = field.value.as_deref()?.trim();
    if written.eq_ignore_ascii_case(grade.name.trim()) {
        return None;
    }
    let finding = Finding::new(
        Code::GradeMismatch,
        Message::new(
            format!("表中等级为“{written}”,按总分应为“{}”", grade.name),
            format!(
                "the form says grade “{written}”; the total gives “{}”",
                grade.name
            ),
        ),
    )
    .found(written)
    .expected(grade.name.clone());
    Some(match sheet {
        Some(sheet) => finding.at(&sheet.name, field.value_cell),
        None => finding,
    })
}

/// Head fields whose values the team pass needs from every member.
fn team_value_names(mapping: &Mapping) -> impl Iterator<Item = &str> {
    let pool = mapping.pool.as_ref();
    let base = pool.and_then(|pool| pool.base_name());
    let tie_break = pool.and_then(|pool| pool.tie_break.as_deref());
    let split = mapping
        .split_evenly
        .as_ref()
        .and_then(|split| split.of.as_deref());
    [base, tie_break, split].into_iter().flatten()
}

/// Reads, scores and audits one file.
pub fn process_file(input: &InputFile, mappings: &[Mapping]) -> Outcome {
    match analyse(input, mappings) {
        Ok(scored) => Outcome::Scored(Box::new(scored)),
        Err(finding) => Outcome::Failed(*finding),
    }
}

fn analyse(input: &InputFile, mappings: &[Mapping]) -> Result<ScoredFile, Box<Finding>> {
    let workbook = read_workbook(&input.path).map_err(|error| Box::new(unreadable(&error)))?;
    let Some((mapping, located)) = best_match(&workbook, mappings) else {
        return Err(Box::new(Finding::new(
            Code::NoMappingMatched,
            Message::new(
                "没有任何考核方案(mapping)能识别此表",
                "no mapping recognises this workbook",
            ),
        )));
    };
    let sheet_index = located.first().map_or(0, |found| found.sheet);
    let sheet = workbook
        .sheets
        .get(sheet_index)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let people = score_people(&workbook, mapping, &located);
    Ok(ScoredFile {
        form: mapping.form.clone(),
        decimals: mapping.decimals,
        sheet,
        people,
    })
}

/// What a file's annotated copy is marked with: the cell edits and the
/// findings of its people as the team pass left them (team scores, ranks,
/// findings across the batch). Much smaller than the results it comes from,
/// so it is what travels to the worker that renders the copy.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CopyPlan {
    pub edits: Vec<CellEdit>,
    pub findings: Vec<Finding>,
}

impl CopyPlan {
    pub fn of(scored: &ScoredFile, lang: Lang) -> Self {
        Self {
            edits: edits::edits_for(scored, lang),
            findings: scored.findings().cloned().collect(),
        }
    }
}

/// The annotated copy of one file, marked as `plan` says. The workbook is
/// read again rather than kept, so memory stays flat.
pub fn render_scored_copy(
    input: &InputFile,
    plan: &CopyPlan,
    lang: Lang,
) -> Result<Vec<u8>, RenderError> {
    let workbook = read_workbook(&input.path)
        .map_err(|error| RenderError::Unreadable(Box::new(unreadable(&error))))?;
    let recalculated = recalc::recalculated(&workbook, &plan.edits);
    let edits: Vec<CellEdit> = plan.edits.iter().cloned().chain(recalculated).collect();
    render_scored_workbook(&workbook, &edits, &plan.findings, lang).map_err(RenderError::Write)
}

#[derive(Debug)]
pub enum RenderError {
    /// The file no longer reads as it did (changed since it was scored).
    Unreadable(Box<Finding>),
    Write(rust_xlsxwriter::XlsxError),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Unreadable(finding) => f.write_str(&finding.message.en),
            RenderError::Write(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// Rows scored per thread at the least: below that, starting a thread
/// costs more than it saves.
const ROWS_PER_THREAD: usize = 2_000;

/// Scores every person found, a roster's rows split over the cores (a
/// roster of 100,000 people takes seconds on one). People stay in the
/// order they were found.
fn score_people(workbook: &Workbook, mapping: &Mapping, located: &[Located]) -> Vec<Person> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let threads = cores.min(located.len() / ROWS_PER_THREAD).max(1);
    if threads == 1 {
        return located
            .iter()
            .map(|found| score_person(workbook, mapping, found))
            .collect();
    }
    let rows_per_thread = located.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = located
            .chunks(rows_per_thread)
            .map(|rows| {
                scope.spawn(move || {
                    rows.iter()
                        .map(|found| score_person(workbook, mapping, found))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut people = Vec::with_capacity(located.len());
        for part in parts {
            // A panic in a part is this file's, as it would be on one thread.
            match part.join() {
                Ok(scored) => people.extend(scored),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        people
    })
}

fn score_person(workbook: &Workbook, mapping: &Mapping, located: &Located) -> Person {
    let scored = score_form(workbook, mapping, located);
    let audit = audit_form(workbook, mapping, located, &scored);
    let field = |field: HeadField| located.field(field).and_then(|f| f.value.clone());
    let amount = |label: &str| {
        let sheet = workbook.sheets.get(located.sheet)?;
        let found = head_field(sheet, located, label, mapping)?;
        read_number(&CellValue::Text(found.value?), Unit::Number).number()
    };
    let base_pay = mapping.fields.base_pay.as_deref().and_then(amount);
    let grade = mapping.grades.as_ref().and_then(|grades| {
        let grade = grades.grade_of(scored.total.recomputed)?;
        Some(GradeResult {
            name: grade.name.clone(),
            pays: grade
                .pays
                .as_ref()
                .and_then(|pay| pay.amount(base_pay))
                .map(|pays| pays.normalize()),
        })
    });
    let mut audit = audit;
    if let (Some(label), Some(grade)) = (mapping.fields.grade.as_deref(), &grade) {
        let sheet = workbook.sheets.get(located.sheet);
        let written = sheet.and_then(|sheet| head_field(sheet, located, label, mapping));
        if let Some(finding) = written.and_then(|field| grade_mismatch(&field, grade, sheet)) {
            audit.findings.push(finding);
        }
    }
    let commission = mapping
        .commission
        .as_ref()
        .and_then(|commission| commission.schedule.pay(amount(&commission.amount_label)?));
    Person {
        name: field(HeadField::Person),
        department: field(HeadField::Department),
        period: field(HeadField::Period),
        reviewer: field(HeadField::Reviewer),
        team: mapping
            .team_key
            .iter()
            .map(|key| field(*key).unwrap_or_default())
            .collect(),
        scored,
        audit,
        rank: None,
        grade,
        commission,
        period_average: None,
        flags: Vec::new(),
        team_money: None,
        team_values: team_value_names(mapping)
            .filter_map(|name| Some((name.to_string(), amount(name)?)))
            .collect(),
    }
}

fn unreadable(error: &ReadError) -> Finding {
    let zh = match error {
        ReadError::UnsupportedFormat(ext) => format!("不支持的文件格式:{ext}"),
        ReadError::Encrypted => "文件有密码保护或已加密".to_string(),
        ReadError::Damaged(_) => "文件已损坏或不是电子表格".to_string(),
        ReadError::NoWorksheet => "文件中没有工作表".to_string(),
        ReadError::ReaderCrashed(_) => "读取此文件时读取器崩溃".to_string(),
    };
    Finding::new(Code::UnreadableFile, Message::new(zh, error.to_string()))
}

/// Runs the whole batch: every file, then ranks within teams.
pub fn run_batch(inputs: &[InputFile], mappings: &[Mapping]) -> Vec<FileResult> {
    let mut results: Vec<FileResult> = inputs
        .iter()
        .map(|input| FileResult {
            input: input.clone(),
            outcome: process_file(input, mappings),
        })
        .collect();
    team_pass(&mut results, mappings);
    results
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn scored_sample() -> ScoredFile {
        let mappings = crate::mapping::shipped::shipped_mappings().unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/售前客服部/01_张伟.xlsx");
        let input = InputFile {
            relative: PathBuf::from("01_张伟.xlsx"),
            path,
        };
        match process_file(&input, &mappings) {
            Outcome::Scored(scored) => *scored,
            Outcome::Failed(finding) => panic!("{finding:?}"),
        }
    }

    #[test]
    fn compact_results_keep_scores_and_drop_readings_only_the_team_pass_would_read() {
        let mut scored = scored_sample();
        let indicators = &mut scored.people[0].scored.indicators;
        indicators[1].basis = Basis::AwaitingTeam;
        let before = scored.clone();
        scored.compact();
        let pairs = before.people[0].scored.indicators.iter();
        for (was, now) in pairs.zip(&scored.people[0].scored.indicators) {
            assert_eq!(
                (&now.label, now.score, now.hand()),
                (&was.label, was.score, was.hand())
            );
            assert_eq!(now.self_score, was.self_score);
            if now.basis == Basis::AwaitingTeam {
                assert_eq!((&now.inputs, &now.cells), (&was.inputs, &was.cells));
            } else {
                assert!(
                    now.inputs.is_empty() && now.cells.is_none(),
                    "{}",
                    now.label
                );
            }
        }
        assert!(!before.people[0].scored.indicators[0].inputs.is_empty());
        assert_eq!(scored.people[0].audit, before.people[0].audit);
    }
}
