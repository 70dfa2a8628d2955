//! Results as data: what the batch found in each file, person by person.
//! The stages fill them in (score and audit per file, the team pass and the
//! finishing step across the batch); the writers only read them.

use rust_decimal::Decimal;

use crate::audit::PersonAudit;
use crate::discover::InputFile;
use crate::extract::stated::Stated;
use crate::locate::Recognition;
use crate::model::{Finding, Severity};
use crate::score::{Basis, ScoredForm};

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
    /// How well the mapping recognises the workbook (100: everything it
    /// describes is there, and nothing else).
    pub recognition: Recognition,
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
    pub audit: PersonAudit,
    pub rank: Option<u32>,
    /// The grade band the total falls in, and what it pays.
    pub grade: Option<GradeResult>,
    /// What the form states in head fields for the steps after scoring.
    pub stated: Stated,
    /// Commission on the amount the form states, where the mapping has a schedule.
    pub commission: Option<Decimal>,
    /// The mean total over this person's periods in the batch, where the
    /// mapping asks for it.
    pub period_average: Option<Decimal>,
    /// Flags raised over consecutive periods that include this one.
    pub flags: Vec<String>,
    /// This person's part of the team pool and of evenly split team money.
    pub team_money: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GradeResult {
    pub name: String,
    pub pays: Option<Decimal>,
}

impl Person {
    pub fn count(&self, severity: Severity) -> usize {
        self.audit
            .findings()
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
        self.people.iter().flat_map(|p| p.audit.findings())
    }

    /// Keeps what the rest of the batch needs, for a parent holding the
    /// results of thousands of files until the summary: the cells an
    /// indicator read are dropped (its readings are audited already; the
    /// cells of an indicator the team pass scores stay, for its findings),
    /// and every list's spare room is freed (results parsed from a worker's
    /// answer have lists grown by doubling, a third of their size).
    pub fn compact(&mut self) {
        self.people.shrink_to_fit();
        for person in &mut self.people {
            person.scored.indicators.shrink_to_fit();
            for indicator in &mut person.scored.indicators {
                indicator.inputs = Vec::new();
                if !matches!(indicator.basis, Basis::AwaitingTeam(_)) {
                    indicator.cells = None;
                    indicator.full_marks_cell = None;
                    indicator.weight_cell = None;
                }
            }
            person.audit.shrink_to_fit();
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
    /// Why the file's annotated copy was not written, when it was not
    /// (`copy-not-written`).
    pub not_copied: Option<Finding>,
}

impl FileResult {
    /// The file's findings: its people's, or why it was not scored; then
    /// why its copy was not written.
    pub fn findings(&self) -> Vec<&Finding> {
        let mut findings: Vec<&Finding> = match &self.outcome {
            Outcome::Scored(file) => file.findings().collect(),
            Outcome::Failed(finding) => vec![finding],
        };
        findings.extend(&self.not_copied);
        findings
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    fn scored_sample() -> ScoredFile {
        let mappings = crate::mapping::shipped::shipped_mappings().unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/售前客服部/01_张伟.xlsx");
        let input = InputFile {
            relative: PathBuf::from("01_张伟.xlsx"),
            path,
        };
        match crate::pipeline::process_file(&input, &mappings) {
            Outcome::Scored(scored) => *scored,
            Outcome::Failed(finding) => panic!("{finding:?}"),
        }
    }

    #[test]
    fn compact_results_keep_scores_and_the_cells_of_team_scores_only() {
        let mut scored = scored_sample();
        let indicators = &mut scored.people[0].scored.indicators;
        indicators[1].basis = Basis::AwaitingTeam(Decimal::ONE);
        let before = scored.clone();
        scored.compact();
        let pairs = before.people[0].scored.indicators.iter();
        for (was, now) in pairs.zip(&scored.people[0].scored.indicators) {
            assert_eq!(
                (&now.label, now.score, now.hand()),
                (&was.label, was.score, was.hand())
            );
            assert_eq!((&now.self_score, &now.basis), (&was.self_score, &was.basis));
            assert!(now.inputs.is_empty(), "{}", now.label);
            if matches!(now.basis, Basis::AwaitingTeam(_)) {
                assert_eq!(now.cells, was.cells);
            } else {
                assert!(now.cells.is_none(), "{}", now.label);
            }
        }
        assert!(!before.people[0].scored.indicators[0].inputs.is_empty());
        assert_eq!(scored.people[0].audit, before.people[0].audit);
    }
}
