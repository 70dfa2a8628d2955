//! Mapping problems, reported the way a compiler reports them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Where a mapping value stands in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

/// Collects every problem of one mapping file, so all are reported at once.
#[derive(Debug)]
pub struct Diagnostics<'a> {
    file: &'a Path,
    found: Vec<Diagnostic>,
}

impl<'a> Diagnostics<'a> {
    pub fn new(file: &'a Path) -> Self {
        Self {
            file,
            found: Vec::new(),
        }
    }

    pub fn error(&mut self, at: Position, message: impl Into<String>) {
        self.found.push(Diagnostic {
            file: self.file.to_path_buf(),
            line: at.line,
            column: at.column,
            message: message.into(),
        });
    }

    pub fn count(&self) -> usize {
        self.found.len()
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.found
    }
}
