//! Stage 7: finish each person, once the team pass is in. One step, the
//! same for everyone whether their form has team scores or not: the team
//! scores go in, then the total, the grade it falls in and what that pays
//! (and the commission on the amount the form states), the grade the form
//! states against it, and last the severities the
//! mapping sets for its findings. Nothing of this is worked out anywhere
//! else, so nothing can be left from before the team's scores.

use rust_decimal::Decimal;

use crate::audit::{
    Audit, audit_team_score, audit_total, duplicate_person, grade_mismatch, team_score_unavailable,
};
use crate::mapping::Mapping;
use crate::results::{FileResult, GradeResult, Outcome, Person};
use crate::score::total::combine_total;
use crate::score::{Basis, IndicatorScore};
use crate::team::pass::{PersonTeam, TeamPass, TeamScore};

/// Finishes every person of the batch with what the team pass found.
pub fn finish_batch(results: &mut [FileResult], mut team: TeamPass, mappings: &[Mapping]) {
    for (result_index, result) in results.iter_mut().enumerate() {
        let Outcome::Scored(file) = &mut result.outcome else {
            continue;
        };
        let Some(mapping) = mappings.iter().find(|m| m.form == file.form) else {
            continue;
        };
        for (person_index, person) in file.people.iter_mut().enumerate() {
            let found = team.take((result_index, person_index));
            finish_person(person, &file.sheet, mapping, found);
        }
    }
}

/// total → grade → pay → grade audit → severities, once.
pub fn finish_person(person: &mut Person, sheet: &str, mapping: &Mapping, team: PersonTeam) {
    let mut team_audit = Audit::default();
    for (index, score) in team.scores {
        if let Some(indicator) = person.scored.indicators.get_mut(index) {
            let audit = apply_team_score(indicator, sheet, mapping, score);
            team_audit.findings.extend(audit.findings);
            team_audit.corrections.extend(audit.corrections);
        }
    }
    person.audit.team = team_audit;
    let scores: Vec<Decimal> = person.scored.indicators.iter().map(|i| i.score).collect();
    let total = &mut person.scored.total;
    total.recomputed = (!total.withheld).then(|| combine_total(mapping, &scores));
    let causes = person.audit.total_error_causes.as_ref();
    let formula = person.audit.total_formula.as_deref();
    let (total, repair) = audit_total(sheet, mapping, &person.scored, causes, formula);
    person.audit.total = total;
    person.audit.total_repair = repair;
    person.grade = mapping.grades.as_ref().and_then(|grades| {
        let grade = grades.grade_of(person.scored.total.recomputed?)?;
        Some(GradeResult {
            name: grade.name.clone(),
            pays: grade
                .pays
                .as_ref()
                .and_then(|pay| pay.amount(person.stated.base_pay))
                .map(|pays| pays.normalize()),
        })
    });
    person.commission = mapping
        .commission
        .as_ref()
        .and_then(|commission| commission.schedule.pay(person.stated.commission_amount?));
    let mut batch = Vec::new();
    if let (Some(stated), Some(grade)) = (&person.stated.grade, &person.grade) {
        batch.extend(grade_mismatch(sheet, stated, &grade.name));
    }
    if let (Some(others), Some(name), Some(period)) = (&team.also_in, &person.name, &person.period)
    {
        let others: Vec<&str> = others.iter().map(String::as_str).collect();
        batch.push(duplicate_person(sheet, name, period, &others));
    }
    person.audit.batch = batch;
    for finding in person.audit.findings_mut() {
        if let Some(severity) = mapping.severity.get(&finding.code) {
            finding.severity = *severity;
        }
    }
}

/// Gives an indicator its score from the team pass; its audit.
fn apply_team_score(
    indicator: &mut IndicatorScore,
    sheet: &str,
    mapping: &Mapping,
    score: TeamScore,
) -> Audit {
    match score {
        TeamScore::Score(score) => {
            indicator.score = score;
            indicator.basis = Basis::Computed;
            audit_team_score(sheet, mapping, indicator)
        }
        TeamScore::Unavailable => {
            indicator.score = indicator.hand().unwrap_or_default();
            indicator.basis = Basis::HandUnverified;
            Audit {
                findings: vec![team_score_unavailable(sheet, indicator)],
                corrections: Vec::new(),
            }
        }
    }
}
