//! Stage 4: extract values from located cells.

pub mod value;
