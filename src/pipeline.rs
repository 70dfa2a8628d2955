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

use std::path::Path;

use crate::audit::audit_form;
use crate::audit::formula::fill_uncalculated;
use crate::discover::InputFile;
use crate::extract::read_number;
use crate::locate::{Located, best_match, head_field};
use crate::mapping::{HeadField, Mapping, Unit};
use crate::model::{CellValue, Code, Finding, Lang, Message, Workbook};
use crate::read::{ReadError, read_workbook};
use crate::results::{FileResult, GradeResult, Outcome, Person, ScoredFile};
use crate::score::score_form;
pub use crate::team::pass::team_pass;
use crate::write::edits::CopyPlan;
use crate::write::scored_workbook::render_scored_workbook;
use crate::write::{CellEdit, recalc};

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

/// The workbook as office software shows it: formulas saved without a
/// result (files written by scripts) get the one they will show.
fn read_calculated(path: &Path) -> Result<Workbook, ReadError> {
    let mut workbook = read_workbook(path)?;
    fill_uncalculated(&mut workbook);
    Ok(workbook)
}

fn analyse(input: &InputFile, mappings: &[Mapping]) -> Result<ScoredFile, Box<Finding>> {
    let workbook = read_calculated(&input.path).map_err(|error| Box::new(unreadable(&error)))?;
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

/// The annotated copy of one file, marked as `plan` says. The workbook is
/// read again rather than kept, so memory stays flat.
pub fn render_scored_copy(
    input: &InputFile,
    plan: &CopyPlan,
    lang: Lang,
) -> Result<Vec<u8>, RenderError> {
    let workbook = read_calculated(&input.path)
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
        ReadError::NotAFile => "不是普通文件(管道、设备或文件夹)".to_string(),
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
