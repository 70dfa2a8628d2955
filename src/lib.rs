//! kpi-audit: recompute and audit performance-review workbooks (绩效考核表).
//!
//! The pipeline, one module per stage, in the order data flows:
//! [`mapping`] (load and validate YAML) → [`read`] (workbook cells, styles,
//! merges) → [`locate`] (header, columns and indicator rows by label) →
//! [`extract`] (cell text to numbers) → [`score`] (apply [`rules`]) →
//! [`team`] (ranks within team and period) → [`audit`] (findings) →
//! [`write`] (annotated workbooks, summary, JSON). [`discover`] finds the
//! input files; [`pipeline`] runs the stages over a batch. The library never prints.

pub mod audit;
pub mod discover;
pub mod extract;
pub mod locate;
pub mod mapping;
pub mod model;
pub mod pipeline;
pub mod read;
pub mod rules;
pub mod score;
pub mod team;
pub mod write;
