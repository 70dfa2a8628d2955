//! Where each finished person stands in the batch: ranks within the team,
//! shares of the team's money, the mean and flags over their periods. Run
//! once every person is finished, since all of them read final totals and
//! grades.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Member, Seat, person, person_mut, rank_within_teams, team_seats};
use crate::mapping::Mapping;
use crate::policy::periods::Period;
use crate::policy::pool::Standing;
use crate::results::{FileResult, Outcome, Person};

pub fn standings(results: &mut [FileResult], mappings: &[Mapping]) {
    assign_ranks(results);
    share_team_money(results, mappings);
    across_periods(results, mappings);
}

fn assign_ranks(results: &mut [FileResult]) {
    let mut people: Vec<(&str, &mut Person)> = results
        .iter_mut()
        .filter_map(|result| match &mut result.outcome {
            Outcome::Scored(file) => Some(file.as_mut()),
            Outcome::Failed(_) => None,
        })
        .flat_map(|file| {
            let form = file.form.as_str();
            file.people.iter_mut().map(move |person| (form, person))
        })
        .collect();
    // A person whose total is not recomputed (template drift) has no rank.
    people.retain(|(_, person)| person.scored.total.recomputed.is_some());
    let members: Vec<Member> = people
        .iter()
        .map(|(form, person)| Member {
            team: std::iter::once(form.to_string())
                .chain(person.team.iter().cloned())
                .collect(),
            total: person.scored.total.recomputed.unwrap_or_default(),
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
    for ((form, _), seats) in team_seats(results) {
        let Some(mapping) = mappings.iter().find(|m| m.form == form) else {
            continue;
        };
        if mapping.pool.is_none() && mapping.split_evenly.is_none() {
            continue;
        }
        let members: Vec<&Person> = seats
            .iter()
            .filter_map(|&seat| person(results, seat))
            .collect();
        let team_value = |name: &str| {
            members
                .iter()
                .find_map(|p| p.stated.team_values.get(name).copied())
        };
        let mut money = vec![Decimal::ZERO; members.len()];
        let mut any = false;
        // Places go by total: a member whose total is not recomputed leaves
        // them unknown, so the pool is not shared.
        let standings: Option<Vec<Standing>> = mapping.pool.as_ref().and_then(|pool| {
            members
                .iter()
                .map(|p| {
                    Some(Standing {
                        score: p.scored.total.recomputed?,
                        tie_break: pool
                            .tie_break
                            .as_deref()
                            .and_then(|name| p.stated.team_values.get(name).copied()),
                    })
                })
                .collect()
        });
        if let (Some(pool), Some(standings)) = (&mapping.pool, standings) {
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
                if let Some(person) = person_mut(results, seat) {
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
    let mut histories: BTreeMap<(String, String), Vec<Seat>> = BTreeMap::new();
    for (result_index, result) in results.iter().enumerate() {
        let Outcome::Scored(file) = &result.outcome else {
            continue;
        };
        for (person_index, person) in file.people.iter().enumerate() {
            if let Some(name) = &person.name {
                let key = (file.form.clone(), name.clone());
                histories
                    .entry(key)
                    .or_default()
                    .push((result_index, person_index));
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
        seats.sort_by_key(|seat| {
            person(results, *seat).map(|p| period_order(p.period.as_deref().unwrap_or("")))
        });
        let periods: Vec<Period> = seats
            .iter()
            .filter_map(|seat| person(results, *seat))
            .map(|person| Period {
                label: person.period.clone().unwrap_or_default(),
                total: person.scored.total.recomputed,
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
        for (position, seat) in seats.into_iter().enumerate() {
            let Some(person) = person_mut(results, seat) else {
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
