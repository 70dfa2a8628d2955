//! Stage 6: the team-level pass, run once every file of a batch is scored:
//! scores that need the whole team ([`pass`]), then, once every person is
//! finished, where each stands: ranks within each team and period, team
//! money, the mean and flags over periods ([`standings`]).

pub mod pass;
pub mod standings;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::results::{FileResult, Outcome, Person};

/// A person's place in the batch: the positions of their file's result and
/// of them among its people.
pub type Seat = (usize, usize);

/// The members of each team (same form and team key), in batch order.
fn team_seats(results: &[FileResult]) -> BTreeMap<(String, Vec<String>), Vec<Seat>> {
    let mut teams: BTreeMap<(String, Vec<String>), Vec<Seat>> = BTreeMap::new();
    for (result_index, result) in results.iter().enumerate() {
        let Outcome::Scored(file) = &result.outcome else {
            continue;
        };
        for (person_index, person) in file.people.iter().enumerate() {
            let key = (file.form.clone(), person.team.clone());
            teams
                .entry(key)
                .or_default()
                .push((result_index, person_index));
        }
    }
    teams
}

fn person(results: &[FileResult], (result, person): Seat) -> Option<&Person> {
    match &results.get(result)?.outcome {
        Outcome::Scored(file) => file.people.get(person),
        Outcome::Failed(_) => None,
    }
}

fn person_mut(results: &mut [FileResult], (result, person): Seat) -> Option<&mut Person> {
    match &mut results.get_mut(result)?.outcome {
        Outcome::Scored(file) => file.people.get_mut(person),
        Outcome::Failed(_) => None,
    }
}

/// One scored person as the team pass sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The values of the mapping's team key (e.g. 部门, 考核月份).
    pub team: Vec<String>,
    pub total: Decimal,
}

/// Ranks each member within their team by total, highest first. Equal
/// totals share a rank and the next rank is skipped (1, 2, 2, 4), as
/// Excel's RANK does.
pub fn rank_within_teams(members: &[Member]) -> Vec<u32> {
    let mut teams: BTreeMap<&[String], Vec<usize>> = BTreeMap::new();
    for (index, member) in members.iter().enumerate() {
        teams.entry(member.team.as_slice()).or_default().push(index);
    }
    let mut ranks = vec![0; members.len()];
    for indices in teams.values_mut() {
        // Sorted highest first, a member's rank is one more than the number
        // of members before the first one with the same total.
        indices.sort_by(|&a, &b| members[b].total.cmp(&members[a].total));
        let mut rank = 1;
        for (position, &member) in indices.iter().enumerate() {
            if position > 0 && members[indices[position - 1]].total != members[member].total {
                rank = position as u32 + 1;
            }
            ranks[member] = rank;
        }
    }
    ranks
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn member(team: &str, total: Decimal) -> Member {
        Member {
            team: vec![team.to_string(), "2026年10月".to_string()],
            total,
        }
    }

    #[test]
    fn ranks_are_per_team_and_ties_share_a_rank() {
        let members = [
            member("售前", dec!(85.5)),
            member("售前", dec!(92)),
            member("售后", dec!(70)),
            member("售前", dec!(85.5)),
            member("售前", dec!(60)),
        ];
        assert_eq!(rank_within_teams(&members), [2, 1, 1, 2, 4]);
    }

    #[test]
    fn a_large_team_ranks_like_counting_the_better_totals() {
        let members: Vec<Member> = (0..2000)
            .map(|i| member("售前", Decimal::from((i * 7919) % 101)))
            .collect();
        let counted: Vec<u32> = members
            .iter()
            .map(|m| members.iter().filter(|o| o.total > m.total).count() as u32 + 1)
            .collect();
        assert_eq!(rank_within_teams(&members), counted);
    }
}
