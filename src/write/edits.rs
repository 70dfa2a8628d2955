//! What the annotated copy changes: a mark and a note on every cell with a
//! finding, the corrected values, and the ranks.

use super::CellEdit;
use crate::audit::TotalRepair;
use crate::model::{CellValue, Code, Finding, Lang};
use crate::results::{Person, ScoredFile};

/// What a file's annotated copy is marked with: the cell edits and the
/// findings of its people as the team pass left them (team scores, ranks,
/// findings across the batch). Much smaller than the results it comes from,
/// so it is what travels to the worker that renders the copy.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CopyPlan {
    pub edits: Vec<CellEdit>,
    pub findings: Vec<Finding>,
    /// The corrected totals, settled into edits once the workbook is read
    /// again (`recalc::settle_totals`).
    pub totals: Vec<TotalCell>,
}

/// A total cell the copy corrects.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TotalCell {
    pub sheet: String,
    pub repair: TotalRepair,
    /// The form's total is wrong whatever it gives now: its formula leaves
    /// out scores or adds other cells, or it is typed where the template
    /// computes it. It is replaced by the repair's formula.
    pub replace: bool,
}

impl CopyPlan {
    pub fn of(scored: &ScoredFile, lang: Lang) -> Self {
        Self {
            edits: edits_for(scored, lang),
            findings: scored.findings().cloned().collect(),
            totals: scored
                .people
                .iter()
                .filter_map(|person| total_cell(&scored.sheet, person))
                .collect(),
        }
    }
}

fn total_cell(sheet: &str, person: &Person) -> Option<TotalCell> {
    let repair = person.audit.total_repair.clone()?;
    let wrong_formula = person.audit.findings().any(|finding| {
        finding.cell == Some(repair.cell)
            && matches!(
                finding.code,
                Code::TotalOmitsIndicators | Code::TotalIncludesOtherCells
            )
    });
    let typed = repair.expects_formula && !person.scored.total.hand_is_formula;
    Some(TotalCell {
        sheet: sheet.to_string(),
        replace: wrong_formula || typed,
        repair,
    })
}

pub fn edits_for(file: &ScoredFile, lang: Lang) -> Vec<CellEdit> {
    file.people
        .iter()
        .flat_map(|person| person_edits(&file.sheet, person, lang))
        .collect()
}

fn person_edits(sheet: &str, person: &Person, lang: Lang) -> Vec<CellEdit> {
    let edit = |cell, mark, note, new_value| CellEdit {
        sheet: sheet.to_string(),
        cell,
        mark,
        note,
        new_value,
        formula: None,
    };
    let marks = person.audit.findings().filter_map(|finding| {
        let mut marked = edit(
            finding.cell?,
            Some(finding.severity),
            Some(note_text(finding, lang)),
            None,
        );
        if let Some(other) = &finding.sheet {
            marked.sheet = other.clone();
        }
        Some(marked)
    });
    let corrections = person
        .audit
        .corrections()
        .map(|correction| edit(correction.cell, None, None, Some(correction.value.clone())));
    let rank = person
        .scored
        .total
        .rank_cell
        .zip(person.rank)
        .map(|(cell, rank)| edit(cell, None, None, Some(CellValue::Number(f64::from(rank)))));
    marks.chain(corrections).chain(rank).collect()
}

/// What is wrong, what was there, what it should be.
pub fn note_text(finding: &Finding, lang: Lang) -> String {
    let (found_label, expected_label) = match lang {
        Lang::Zh => ("原值:", "应为:"),
        Lang::En => ("Found: ", "Expected: "),
    };
    let mut lines = vec![format!("[{}] {}", finding.code, finding.message.get(lang))];
    if let Some(found) = &finding.found {
        lines.push(format!("{found_label}{found}"));
    }
    if let Some(expected) = &finding.expected {
        lines.push(format!("{expected_label}{expected}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellRef, Code, Message};

    #[test]
    fn notes_say_what_was_there_and_what_it_should_be() {
        let finding = Finding::new(Code::ScoreMismatch, Message::new("不符", "disagrees"))
            .at("表", CellRef::new(4, 7))
            .found("15")
            .expected("12");
        assert_eq!(
            note_text(&finding, Lang::Zh),
            "[score-mismatch] 不符\n原值:15\n应为:12"
        );
        assert_eq!(
            note_text(&finding, Lang::En),
            "[score-mismatch] disagrees\nFound: 15\nExpected: 12"
        );
    }
}
