//! What the parent and a worker say to each other: a job on the worker's
//! stdin, its answer on the worker's stdout, each a message framed by its
//! length. Messages are postcard: the results of a roster of 100,000 people
//! took seconds to write and parse as JSON (300 MB of it), a fraction of
//! that in binary.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use kpi_audit::discover::InputFile;
use kpi_audit::model::{Lang, Message};
use kpi_audit::results::Outcome;
use kpi_audit::write::edits::CopyPlan;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// One message as sent: its length (8 bytes, little-endian), then its
/// bytes. A value the format cannot carry is an error of kind `InvalidData`.
pub fn encode(message: &impl Serialize) -> io::Result<Vec<u8>> {
    let mut framed = postcard::to_extend(message, vec![0; 8])
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
    let length = (framed.len() - 8) as u64;
    framed[..8].copy_from_slice(&length.to_le_bytes());
    Ok(framed)
}

/// Writes one message ([`encode`]); nothing when it cannot be encoded.
pub fn write_message(writer: &mut impl Write, message: &impl Serialize) -> io::Result<()> {
    writer.write_all(&encode(message)?)?;
    writer.flush()
}

/// Reads one message; `None` when the stream ends between messages. A
/// message that does not decode is an error of kind `InvalidData`; a stream
/// that ends inside one, `UnexpectedEof`.
pub fn read_message<T: DeserializeOwned>(reader: &mut impl Read) -> io::Result<Option<T>> {
    let mut length = [0; 8];
    match reader.read(&mut length[..1])? {
        0 => return Ok(None),
        _ => reader.read_exact(&mut length[1..])?,
    }
    let length = usize::try_from(u64::from_le_bytes(length))
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "message too long"))?;
    // The length comes from another process: a wrong one must fail here,
    // not abort on an allocation of exabytes.
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(length)
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
    reader.take(length as u64).read_to_end(&mut bytes)?;
    if bytes.len() < length {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    postcard::from_bytes(&bytes)
        .map(Some)
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
}

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
        #[serde(with = "kpi_audit::discover::wire")]
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
    pub message: Message,
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

#[cfg(test)]
mod tests {
    use super::*;
    use kpi_audit::model::{Code, Finding, Message};

    fn job() -> Job {
        Job::Render {
            input: InputFile {
                path: "in/张三.xlsx".into(),
                relative: "张三.xlsx".into(),
            },
            plan: CopyPlan {
                edits: Vec::new(),
                findings: vec![Finding::new(
                    Code::TotalMismatch,
                    Message::new("总分不符", "total differs"),
                )],
                totals: vec![kpi_audit::write::edits::TotalCell {
                    sheet: "考核表".into(),
                    repair: kpi_audit::audit::TotalRepair {
                        cell: kpi_audit::model::CellRef::new(16, 7),
                        total: rust_decimal::Decimal::new(9188, 2),
                        decimals: 2,
                        tolerance: rust_decimal::Decimal::new(1, 2),
                        formula: Some("SUM(H4:H16)".into()),
                        expects_formula: true,
                    },
                    replace: false,
                }],
            },
            out: "out/张三.xlsx".into(),
            lang: WireLang::En,
        }
    }

    #[test]
    fn messages_come_back_as_sent_one_after_another() {
        let mut pipe = Vec::new();
        write_message(&mut pipe, &job()).unwrap();
        write_message(&mut pipe, &Answer::Rendered(Ok(()))).unwrap();
        let mut reader = pipe.as_slice();
        let Some(Job::Render { input, plan, .. }) = read_message::<Job>(&mut reader).unwrap()
        else {
            panic!("not the render job");
        };
        assert_eq!(input.relative, PathBuf::from("张三.xlsx"));
        assert_eq!(plan.findings[0].message.en, "total differs");
        let answer = read_message::<Answer>(&mut reader).unwrap();
        assert!(matches!(answer, Some(Answer::Rendered(Ok(())))));
        assert!(read_message::<Answer>(&mut reader).unwrap().is_none());
    }

    #[test]
    fn a_cut_message_is_an_error_not_a_message() {
        let mut pipe = Vec::new();
        write_message(&mut pipe, &job()).unwrap();
        let mut cut = &pipe[..pipe.len() - 3];
        let error = read_message::<Job>(&mut cut).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn an_absurd_length_fails_without_allocating_it() {
        let mut pipe = u64::MAX.to_le_bytes().to_vec();
        pipe.extend_from_slice(b"garbage");
        let error = read_message::<Job>(&mut pipe.as_slice()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }
}
