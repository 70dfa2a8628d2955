//! kpi-audit: recompute and audit performance-review workbooks (绩效考核表).
//!
//! The pipeline, one module per stage, in the order data flows:
//! [`discover`] (the input files) → [`mapping`] (load and validate YAML) →
//! [`read`] (workbook cells, styles, merges) → [`locate`] (header, columns
//! and indicator rows by label) → [`extract`] (cell text to numbers) →
//! [`score`] (apply [`rules`]) → [`audit`] (findings) → [`team`] (scores
//! that need the whole team) → [`finish`] (total, grade, pay, severities,
//! once per person) → [`team`] again (ranks, team money, periods) →
//! [`report`] (the rows every output shows, built once) → [`write`]
//! (annotated workbooks, summary, JSON). [`results`] holds what
//! the stages found, as data the later stages and the writers read;
//! [`pipeline`] sequences the stages over a batch. [`model`] (the
//! workbook, cells, findings), [`yaml`] (values with their positions in a
//! mapping file), [`rules`] (the rule kinds) and [`policy`] (what follows
//! from totals) are the vocabulary below them. A module imports only those
//! below it (`tests/layers.rs`). The library never prints.

pub mod audit;
pub mod discover;
pub mod extract;
pub mod finish;
pub mod locate;
pub mod mapping;
pub mod model;
pub mod pipeline;
pub mod policy;
pub mod read;
pub mod report;
pub mod results;
pub mod rules;
pub mod score;
pub mod team;
pub mod write;
pub mod yaml;
