//! The team pass, run once every file of the batch is scored: scores that
//! need the whole team (share of its total, ratio to its average), the
//! totals and checks that wait for them, then ranks.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Member, rank_within_teams};
use crate::audit::{Audit, audit_team_score, audit_total};
use crate::mapping::Mapping;
use crate::model::{Code, Finding, Message};
use crate::results::{FileResult, Outcome, Person, ScoredFile};
use crate::score::total::combine_total;
use crate::score::{Basis, IndicatorScore};
use crate::team::periods::Period;
use crate::team::pool::Standing;

pub fn team_pass(results: &mut [FileResult], mappings: &[Mapping]) {
    score_team_indicators(results, mappings);
    assign_ranks(results);
    share_team_money(results, mappings);
    across_periods(results, mappings);
    flag_duplicates(results);
    apply_severities(results, mappings);
}

/// Severities a mapping sets for its form replace the defaults.
fn apply_severities(results: &mut [FileResult], mappings: &[Mapping]) {
    for file in scored_files(results) {
        let Some(mapping) = mappings.iter().find(|m| m.form == file.form) else {
            continue;
        };
        if mapping.severity.is_empty() {
            continue;
        }
        let findings = file
            .people
            .iter_mut()
            .flat_map(|p| p.audit.findings.iter_mut());
        for finding in findings {
            if let Some(severity) = mapping.severity.get(&finding.code) {
                finding.severity = *severity;
            }
        }
    }
}

/// The same person and period in two places of the batch: both are
/// flagged, each naming the other files.
fn flag_duplicates(results: &mut [FileResult]) {
    let mut seen: BTreeMap<(String, String, String), Vec<(usize, usize)>> = BTreeMap::new();
    for (result_index, result) in results.iter().enumerate() {
        let Outcome::Scored(file) = &result.outcome else {
            continue;
        };
        for (person_index, person) in file.people.iter().enumerate() {
            if let (Some(name), Some(period)) = (&person.name, &person.period) {
                let key = (file.form.clone(), name.clone(), period.clone());
                seen.entry(key)
                    .or_default()
                    .push((result_index, person_index));
            }
        }
    }
    for ((_, name, period), places) in seen.into_iter().filter(|(_, places)| places.len() > 1) {
        let files: Vec<String> = places
            .iter()
            .filter_map(|(result, _)| results.get(*result))
            .map(|result| result.input.relative.display().to_string())
            .collect();
        for &(result_index, person_index) in &places {
            let Some(result) = results.get_mut(result_index) else {
                continue;
            };
            let this_file = result.input.relative.display().to_string();
            let Outcome::Scored(file) = &mut result.outcome else {
                continue;
            };
            let others: Vec<&str> = files
                .iter()
                .map(String::as_str)
                .filter(|f| *f != this_file)
                .collect();
            let mut finding = Finding::new(
                Code::DuplicatePerson,
                Message::new(
                    format!(
                        "{name} 的 {period} 考核在本批中出现不止一次(另见 {})",
                        others.join("、")
                    ),
                    format!(
                        "{name}'s review for {period} appears more than once in the batch (also in {})",
                        others.join(", ")
                    ),
                ),
            );
            finding.sheet = Some(file.sheet.clone());
            if let Some(person) = file.people.get_mut(person_index) {
                person.audit.findings.push(finding);
            }
        }
    }
}

fn scored_files(results: &mut [FileResult]) -> impl Iterator<Item = &mut ScoredFile> {
    results
        .iter_mut()
        .filter_map(|result| match &mut result.outcome {
            Outcome::Scored(file) => Some(file.as_mut()),
            Outcome::Failed(_) => None,
        })
}

/// A person's place in the batch: (file, person) positions among scored files.
type Seat = (usize, usize);

/// The members of each team (same form and team key), in batch order.
fn teams(files: &[&mut ScoredFile]) -> BTreeMap<(String, Vec<String>), Vec<Seat>> {
    let mut teams: BTreeMap<(String, Vec<String>), Vec<Seat>> = BTreeMap::new();
    for (file_index, file) in files.iter().enumerate() {
        for (person_index, person) in file.people.iter().enumerate() {
            let key = (file.form.clone(), person.team.clone());
            teams
                .entry(key)
                .or_default()
                .push((file_index, person_index));
        }
    }
    teams
}

fn person_mut<'a>(
    files: &'a mut [&mut ScoredFile],
    (file, person): Seat,
) -> Option<&'a mut Person> {
    files.get_mut(file)?.people.get_mut(person)
}

fn score_team_indicators(results: &mut [FileResult], mappings: &[Mapping]) {
    let mut files: Vec<&mut ScoredFile> = scored_files(results).collect();
    let teams = teams(&files);
    for ((form, _), seats) in &teams {
        let Some(mapping) = mappings.iter().find(|m| &m.form == form) else {
            continue;
        };
        for (index, indicator) in mapping.indicators.iter().enumerate() {
            score_one_indicator(&mut files, seats, mapping, index, indicator);
        }
    }
    for file in files {
        let Some(mapping) = mappings.iter().find(|m| m.form == file.form) else {
            continue;
        };
        for person in &mut file.people {
            settle_total(&file.sheet, mapping, person);
        }
    }
}

/// Scores one team-dependent indicator for every member of a team that has
/// its input, and audits each member's hand score against it.
fn score_one_indicator(
    files: &mut [&mut ScoredFile],
    seats: &[Seat],
    mapping: &Mapping,
    index: usize,
    indicator: &crate::mapping::Indicator,
) {
    let waiting: Vec<(Seat, Decimal)> = seats
        .iter()
        .filter_map(|&(file, person)| {
            let scored = files
                .get(file)?
                .people
                .get(person)?
                .scored
                .indicators
                .get(index)?;
            (scored.basis == Basis::AwaitingTeam).then_some(((file, person), team_input(scored)?))
        })
        .collect();
    let values: Vec<Decimal> = waiting.iter().map(|(_, value)| *value).collect();
    let Some(scores) = indicator.rule.team_scores(&values) else {
        for ((file, person), _) in waiting {
            unavailable(files, file, person, index);
        }
        return;
    };
    for (((file, person), _), score) in waiting.into_iter().zip(scores) {
        let Some(file) = files.get_mut(file) else {
            continue;
        };
        let sheet = file.sheet.clone();
        let Some(person) = file.people.get_mut(person) else {
            continue;
        };
        let Some(scored) = person.scored.indicators.get_mut(index) else {
            continue;
        };
        scored.score = score;
        scored.basis = Basis::Computed;
        let audit = audit_team_score(&sheet, mapping, scored);
        merge(&mut person.audit, audit);
    }
}

/// The team's values give no score (all zero, a negative amount): the hand
/// score stands, unverified, with a warning saying why.
fn unavailable(files: &mut [&mut ScoredFile], file: usize, person: usize, index: usize) {
    let Some(file) = files.get_mut(file) else {
        return;
    };
    let sheet = file.sheet.clone();
    let Some(person) = file.people.get_mut(person) else {
        return;
    };
    let Some(scored) = person.scored.indicators.get_mut(index) else {
        return;
    };
    scored.score = scored.hand().unwrap_or_default();
    scored.basis = Basis::HandUnverified;
    let at = scored
        .cells
        .as_ref()
        .and_then(|c| c.inputs.iter().flatten().next().copied());
    let mut finding = Finding::new(
        Code::TeamScoreUnavailable,
        Message::new(
            "团队数据无法计算此项(如团队合计为0或有负数),暂按表中得分计",
            "the team's values cannot score this indicator (a zero team total or a negative amount); the form's score is taken",
        ),
    )
    .indicator(&scored.label);
    if let Some(at) = at {
        finding = finding.at(&sheet, at);
    }
    person.audit.findings.push(finding);
}

fn team_input(indicator: &IndicatorScore) -> Option<Decimal> {
    indicator
        .inputs
        .iter()
        .flatten()
        .find_map(|read| read.reading.number())
}

/// Once a person's team scores are in, the total is recomputed and
/// checked; a form without team scores had its total checked already.
fn settle_total(sheet: &str, mapping: &Mapping, person: &mut Person) {
    if !mapping.indicators.iter().any(|i| i.rule.needs_team()) {
        return;
    }
    let scores: Vec<Decimal> = person.scored.indicators.iter().map(|i| i.score).collect();
    person.scored.total.recomputed = combine_total(mapping, &scores);
    let audit = audit_total(sheet, mapping, &person.scored);
    merge(&mut person.audit, audit);
}

fn merge(into: &mut Audit, from: Audit) {
    into.findings.extend(from.findings);
    into.corrections.extend(from.corrections);
}

fn assign_ranks(results: &mut [FileResult]) {
    let mut people: Vec<(&str, &mut Person)> = scored_files(results)
        .flat_map(|file| {
            let form = file.form.as_str();
            file.people.iter_mut().map(move |person| (form, person))
        })
        .collect();
    let members: Vec<Member> = people
        .iter()
        .map(|(form, person)| Member {
            team: std::iter::once(form.to_string())
                .chain(person.team.iter().cloned())
                .collect(),
            total: person.scored.total.recomputed,
        })
        .collect();
    for ((_, person), rank) in people.iter_mut().zip(rank_within_teams(&members)) {
        person.rank = Some(rank);
    }
}

/// The team's bonus pool shared by rank (ties broken by the mapping's
/// `tie_break` value) and team money split evenly. A team value such as
/// 静默下单销售额 is read from the members' forms: the first member in batch
/// order that states it gives it.
fn share_team_money(results: &mut [FileResult], mappings: &[Mapping]) {
    let mut files: Vec<&mut ScoredFile> = scored_files(results).collect();
    for ((form, _), seats) in teams(&files) {
        let Some(mapping) = mappings.iter().find(|m| m.form == form) else {
            continue;
        };
        if mapping.pool.is_none() && mapping.split_evenly.is_none() {
            continue;
        }
        let members: Vec<&Person> = seats
            .iter()
            .filter_map(|&(file, person)| files.get(file)?.people.get(person))
            .collect();
        let team_value = |name: &str| {
            members
                .iter()
                .find_map(|p| p.team_values.get(name).copied())
        };
        let mut money = vec![Decimal::ZERO; members.len()];
        let mut any = false;
        if let Some(pool) = &mapping.pool {
            let standings: Vec<Standing> = members
                .iter()
                .map(|p| Standing {
                    score: p.scored.total.recomputed,
                    tie_break: pool
                        .tie_break
                        .as_deref()
                        .and_then(|name| p.team_values.get(name).copied()),
                })
                .collect();
            match pool.evaluate(pool.base_name().and_then(team_value), &standings) {
                Ok(distribution) => {
                    any = true;
                    for (sum, payout) in money.iter_mut().zip(distribution.payouts) {
                        *sum += payout.amount;
                    }
                }
                Err(error) => tracing::warn!("{form}: the team pool cannot be shared: {error:?}"),
            }
        }
        if let Some(split) = &mapping.split_evenly {
            let total = split.of.as_deref().and_then(team_value).unwrap_or_default();
            match split.evaluate(total, members.len()) {
                Ok(parts) => {
                    any = true;
                    for (sum, part) in money.iter_mut().zip(parts) {
                        *sum += part;
                    }
                }
                Err(error) => tracing::warn!("{form}: team money cannot be split: {error:?}"),
            }
        }
        if any {
            for (seat, amount) in seats.into_iter().zip(money) {
                if let Some(person) = person_mut(&mut files, seat) {
                    person.team_money = Some(amount);
                }
            }
        }
    }
}

/// The mean over each person's periods and the flags for consecutive
/// periods, with a person known by form and name and periods ordered by the
/// numbers in their labels (2026年9月 before 2026年10月).
fn across_periods(results: &mut [FileResult], mappings: &[Mapping]) {
    let mut files: Vec<&mut ScoredFile> = scored_files(results).collect();
    let mut histories: BTreeMap<(String, String), Vec<Seat>> = BTreeMap::new();
    for (file_index, file) in files.iter().enumerate() {
        for (person_index, person) in file.people.iter().enumerate() {
            if let Some(name) = &person.name {
                let key = (file.form.clone(), name.clone());
                histories
                    .entry(key)
                    .or_default()
                    .push((file_index, person_index));
            }
        }
    }
    for ((form, _), mut seats) in histories {
        let Some(mapping) = mappings.iter().find(|m| m.form == form) else {
            continue;
        };
        if mapping.periods.average.is_none() && mapping.periods.flags.is_none() {
            continue;
        }
        let person_at = |files: &[&mut ScoredFile], (file, person): Seat| -> Option<Person> {
            files.get(file)?.people.get(person).cloned()
        };
        seats.sort_by_key(|seat| {
            person_at(&files, *seat).map(|p| period_order(p.period.as_deref().unwrap_or("")))
        });
        let periods: Vec<Period> = seats
            .iter()
            .filter_map(|seat| person_at(&files, *seat))
            .map(|person| Period {
                label: person.period.clone().unwrap_or_default(),
                total: Some(person.scored.total.recomputed),
                rank: person.rank,
                grade: person.grade.as_ref().map(|g| g.name.clone()),
            })
            .collect();
        let average = mapping
            .periods
            .average
            .as_ref()
            .and_then(|average| average.evaluate(&periods).ok())
            .and_then(|found| found.average);
        let raised = mapping
            .periods
            .flags
            .as_ref()
            .map(|flags| flags.evaluate(&periods).raised)
            .unwrap_or_default();
        for (position, (file, person)) in seats.into_iter().enumerate() {
            let Some(person) = files.get_mut(file).and_then(|f| f.people.get_mut(person)) else {
                continue;
            };
            person.period_average = average;
            person.flags = raised
                .iter()
                .filter(|flag| flag.periods.contains(&position))
                .map(|flag| flag.flag.clone())
                .collect();
        }
    }
}

/// The numbers in a period's label, in order: 2026年10月 → [2026, 10].
fn period_order(label: &str) -> Vec<u64> {
    label
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|digits| digits.parse().ok())
        .collect()
}
