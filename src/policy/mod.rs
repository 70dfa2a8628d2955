//! What a mapping says follows from the totals, beyond each indicator's
//! rule: grade bands and what they pay ([`grades`]), target grade
//! distributions ([`quota`]), commission schedules ([`schedule`]), a team's
//! bonus pool and money split evenly ([`pool`]), the mean and flags over a
//! person's periods ([`periods`]). Each with its YAML shape, its validation,
//! its evaluation and its tests; finishing each person and the team's
//! standings apply them.

pub mod grades;
pub mod periods;
pub mod pool;
pub mod quota;
pub mod schedule;
