//! The batch: every input file through every stage, then the team pass,
//! each person finished, where everyone stands, then the outputs. One bad
//! file becomes a row with its reason; the batch goes on. This module only
//! sequences: each step is its stage's.
//!
//! Two units of work run per file: [`process_file`] (read, locate, score,
//! audit) gives a small, serialisable [`FileResult`]; after
//! [`finish_batch`],
//! [`render_scored_copy`] reads the file again and renders its annotated
//! copy as the file's [`CopyPlan`] (edits and findings from the final
//! results) says. Reading twice keeps memory flat however large the batch,
//! and lets each unit run wherever the batch engine puts it.

use std::path::Path;

use crate::audit::formula::fill_uncalculated;
use crate::audit::{audit_form, no_mapping_matched, recognition_findings, unreadable_file};
use crate::discover::InputFile;
use crate::extract::stated::stated;
use crate::finish;
use crate::locate::{Located, Recognised, Recognition, recognise};
use crate::mapping::{HeadField, Mapping};
use crate::model::{Finding, Lang, Workbook};
use crate::read::{ReadError, read_workbook};
use crate::results::{FileResult, Outcome, Person, ScoredFile};
use crate::score::score_form;
use crate::score::total::stated_differences;
use crate::team::pass::team_pass;
use crate::team::standings::standings;
use crate::write::edits::CopyPlan;
use crate::write::scored_workbook::render_scored_workbook;
use crate::write::{CellEdit, recalc};

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
    let workbook =
        read_calculated(&input.path).map_err(|error| Box::new(unreadable_file(&error)))?;
    let (mapping, located, runner_up) = match recognise(&workbook, mappings) {
        Recognised::Matched {
            mapping,
            located,
            runner_up,
        } => (mapping, located, runner_up),
        Recognised::Unmatched { nearest } => {
            return Err(Box::new(no_mapping_matched(nearest.as_ref())));
        }
    };
    let sheet_index = located.first().map_or(0, |found| found.sheet);
    let sheet = workbook
        .sheets
        .get(sheet_index)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let mut people = score_people(&workbook, mapping, &located);
    let mut recognition = Recognition::default();
    // The match is the file's: its findings go to the first person.
    if let (Some(first), Some(found)) = (people.first_mut(), located.first()) {
        recognition = found.recognition.clone();
        for difference in stated_differences(mapping, &first.scored.indicators) {
            recognition.extra(difference);
        }
        let findings = recognition_findings(
            &sheet,
            mapping,
            &recognition,
            found,
            &first.scored,
            runner_up.as_ref(),
        );
        first.audit.form.splice(0..0, findings);
    }
    Ok(ScoredFile {
        form: mapping.form.clone(),
        decimals: mapping.decimals,
        sheet,
        people,
        recognition,
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
        .map_err(|error| RenderError::Unreadable(Box::new(unreadable_file(&error))))?;
    let totals = recalc::settle_totals(&workbook, &plan.edits, &plan.totals, lang);
    let mut edits: Vec<CellEdit> = plan.edits.iter().cloned().chain(totals).collect();
    let recalculated = recalc::recalculated(&workbook, &edits);
    edits.extend(recalculated);
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
        stated: stated(workbook, mapping, located),
        rank: None,
        grade: None,
        commission: None,
        period_average: None,
        flags: Vec::new(),
        team_money: None,
    }
}

/// What follows once every file is scored: the team pass, each person
/// finished with what it found, then where everyone stands.
pub fn finish_batch(results: &mut [FileResult], mappings: &[Mapping]) {
    let team = team_pass(results, mappings);
    finish::finish_batch(results, team, mappings);
    standings(results, mappings);
}

/// Runs the whole batch in this process: every file, then
/// [`finish_batch`].
pub fn run_batch(inputs: &[InputFile], mappings: &[Mapping]) -> Vec<FileResult> {
    let mut results: Vec<FileResult> = inputs
        .iter()
        .map(|input| FileResult {
            input: input.clone(),
            outcome: process_file(input, mappings),
            not_copied: None,
        })
        .collect();
    finish_batch(&mut results, mappings);
    results
}
