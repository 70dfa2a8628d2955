//! Stage 6: the team-level pass, run once every file of a batch is scored:
//! ranks within each team and period.

pub mod periods;
pub mod pool;
pub mod quota;
pub mod ratio;
pub mod share;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

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
    for indices in teams.values() {
        for &index in indices {
            let better = indices
                .iter()
                .filter(|&&other| members[other].total > members[index].total)
                .count();
            ranks[index] = better as u32 + 1;
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
}
pub mod pass;
