//! What the parent and a worker say to each other: one JSON object per line,
//! a job on the worker's stdin, its answer on the worker's stdout. JSON lines
//! keep the protocol readable when debugging a worker by hand
//! (`echo '{"analyse":{...}}' | kpi-audit worker`).

use std::path::PathBuf;

use kpi_audit::model::Lang;
use kpi_audit::pipeline::{CopyPlan, InputFile, Outcome};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Job {
    /// Read, score and audit one file.
    Analyse { input: InputFile },
    /// Render one file's annotated copy, marked as the plan made from its
    /// final results says, and write it to `out`.
    Render {
        input: InputFile,
        plan: CopyPlan,
        out: PathBuf,
        lang: WireLang,
    },
}

impl Job {
    /// The input file the job reads, for messages.
    pub fn input(&self) -> &InputFile {
        match self {
            Job::Analyse { input } | Job::Render { input, .. } => input,
        }
    }
}

/// The jobs of one round, each made when it is handed out: a copy's plan is
/// built only when its file's turn comes, so the parent never holds every
/// plan at once.
#[derive(Clone, Copy)]
pub struct Jobs<'a> {
    pub count: usize,
    pub make: &'a (dyn Fn(usize) -> Job + Sync),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Analysed(Outcome),
    Rendered(Result<(), CopyProblem>),
}

/// Why an annotated copy was not written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyProblem {
    pub kind: CopyProblemKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyProblemKind {
    /// The file's copy could not be made: it no longer reads as it did, or
    /// the reader failed on it. The batch goes on.
    Input,
    /// The copy could not be written: the output folder is unusable.
    Output,
}

/// [`Lang`] on the wire (the model type is not serialisable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WireLang {
    Zh,
    En,
}

impl From<Lang> for WireLang {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Zh => WireLang::Zh,
            Lang::En => WireLang::En,
        }
    }
}

impl From<WireLang> for Lang {
    fn from(lang: WireLang) -> Self {
        match lang {
            WireLang::Zh => Lang::Zh,
            WireLang::En => Lang::En,
        }
    }
}
