//! The team pass, run once every file of the batch is scored: the scores
//! that need the whole team (share of its total, ratio to its average) and
//! the reviews that appear twice in the batch. It changes no result: what
//! it finds is data, which finishing each person applies.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Seat, person, team_seats};
use crate::mapping::{Indicator, Mapping};
use crate::results::{FileResult, Outcome};
use crate::score::Basis;

/// A score the team pass gives an indicator that needs the whole team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamScore {
    Score(Decimal),
    /// The team's values give no score (all zero, a negative amount).
    Unavailable,
}

/// What the team pass found for one person.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonTeam {
    /// The scores of the indicators that need the team, by the indicator's
    /// position in the mapping.
    pub scores: Vec<(usize, TeamScore)>,
    /// The other files of the batch holding this person's review for the
    /// same period.
    pub also_in: Option<Vec<String>>,
}

/// What the team pass found, per result of the batch and per person.
#[derive(Debug, Default)]
pub struct TeamPass {
    people: BTreeMap<Seat, PersonTeam>,
}

impl TeamPass {
    /// What was found for the person at `seat` (nothing for most people).
    pub fn take(&mut self, seat: Seat) -> PersonTeam {
        self.people.remove(&seat).unwrap_or_default()
    }

    fn at(&mut self, seat: Seat) -> &mut PersonTeam {
        self.people.entry(seat).or_default()
    }
}

pub fn team_pass(results: &[FileResult], mappings: &[Mapping]) -> TeamPass {
    let mut found = TeamPass::default();
    score_team_indicators(results, mappings, &mut found);
    find_duplicates(results, &mut found);
    found
}

fn score_team_indicators(results: &[FileResult], mappings: &[Mapping], found: &mut TeamPass) {
    for ((form, _), seats) in team_seats(results) {
        let Some(mapping) = mappings.iter().find(|m| m.form == form) else {
            continue;
        };
        let needing_team = mapping.indicators.iter().enumerate();
        for (index, indicator) in needing_team.filter(|(_, i)| i.rule.needs_team()) {
            score_one_indicator(results, &seats, index, indicator, found);
        }
    }
}

/// Scores one team-dependent indicator for every member of a team that has
/// its input.
fn score_one_indicator(
    results: &[FileResult],
    seats: &[Seat],
    index: usize,
    indicator: &Indicator,
    found: &mut TeamPass,
) {
    let waiting: Vec<(Seat, Decimal)> = seats
        .iter()
        .filter_map(
            |&seat| match person(results, seat)?.scored.indicators.get(index)?.basis {
                Basis::AwaitingTeam(value) => Some((seat, value)),
                _ => None,
            },
        )
        .collect();
    let values: Vec<Decimal> = waiting.iter().map(|(_, value)| *value).collect();
    let scores: Vec<TeamScore> = match indicator.rule.team_scores(&values) {
        Some(scores) => scores.into_iter().map(TeamScore::Score).collect(),
        None => vec![TeamScore::Unavailable; waiting.len()],
    };
    for ((seat, _), score) in waiting.into_iter().zip(scores) {
        found.at(seat).scores.push((index, score));
    }
}

/// The same person and period in two places of the batch: each place is
/// told the other files.
fn find_duplicates(results: &[FileResult], found: &mut TeamPass) {
    let mut seen: BTreeMap<(&str, &str, &str), Vec<Seat>> = BTreeMap::new();
    for (result_index, result) in results.iter().enumerate() {
        let Outcome::Scored(file) = &result.outcome else {
            continue;
        };
        for (person_index, person) in file.people.iter().enumerate() {
            if let (Some(name), Some(period)) = (&person.name, &person.period) {
                let key = (file.form.as_str(), name.as_str(), period.as_str());
                seen.entry(key)
                    .or_default()
                    .push((result_index, person_index));
            }
        }
    }
    let file_of = |(result, _): Seat| {
        results
            .get(result)
            .map(|r| r.input.relative.display().to_string())
            .unwrap_or_default()
    };
    for places in seen.into_values().filter(|places| places.len() > 1) {
        let files: Vec<String> = places.iter().map(|seat| file_of(*seat)).collect();
        for &seat in &places {
            let this_file = file_of(seat);
            let others = files.iter().filter(|f| **f != this_file).cloned();
            found.at(seat).also_in = Some(others.collect());
        }
    }
}
