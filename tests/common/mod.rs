//! Helpers shared by the integration tests: run the binary, read outputs
//! back with calamine and as text.

#![allow(dead_code)]

pub mod hostile;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder under the system's temporary folder, removed when the test
/// is done with it; kept when the test fails, to look at what it wrote.
pub fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("kpi-audit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

pub struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = PathBuf;

    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl AsRef<std::path::Path> for TempDir {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub fn kpi_audit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpi-audit"))
        .args(args)
        .current_dir(project_dir())
        .output()
        .expect("the binary runs")
}

/// Runs the binary as [`kpi_audit`] does, killing it if it has not ended
/// within `limit`: a hang fails the test instead of stopping the suite.
/// The limit is generous, for a loaded machine; it bounds, it does not time.
pub fn kpi_audit_within(args: &[&std::ffi::OsStr], limit: std::time::Duration) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpi-audit"))
        .args(args)
        .current_dir(project_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let drain = |stream: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut stream) = stream {
                let _ = stream.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("kpi-audit {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// The run's report.json.
pub fn report(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

/// The `file` of each file in a report.json.
pub fn report_files(report: &serde_json::Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect()
}

/// A cell's value as text, the way a person reads it ("" when empty).
pub fn cell_text(path: &Path, sheet: &str, a1: &str) -> String {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    let (row, col) = a1_position(a1);
    match range.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::Float(f)) => format!("{}", (f * 100.0).round() / 100.0),
        Some(other) => other.to_string(),
    }
}

pub fn formula(path: &Path, sheet: &str, a1: &str) -> String {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_formula(sheet).unwrap();
    range
        .get_value(a1_position(a1))
        .cloned()
        .unwrap_or_default()
}

pub fn rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| row.iter().map(|d| d.to_string()).collect())
        .collect()
}

pub fn sheet_names(path: &Path) -> Vec<String> {
    let workbook: Xlsx<_> = open_workbook(path).unwrap();
    workbook.sheet_names()
}

/// The text of every note (comment) in an xlsx, read from its XML parts.
pub fn notes_text(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).unwrap();
        if entry.name().unwrap().starts_with("xl/comments") {
            entry.read_to_string(&mut text).unwrap();
        }
    }
    text
}

fn a1_position(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let row: u32 = a1[letters.len()..].parse().unwrap();
    let col = letters
        .bytes()
        .fold(0, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    (row - 1, col - 1)
}

/// One file through the whole batch, team pass and finishing included.
pub fn run_one(
    input: &kpi_audit::discover::InputFile,
    mappings: &[kpi_audit::mapping::Mapping],
) -> kpi_audit::results::Outcome {
    let mut results = kpi_audit::pipeline::run_batch(std::slice::from_ref(input), mappings);
    results.remove(0).outcome
}

/// Rewrites the parts of an xlsx package in place, each through `change`
/// (its name, its text).
pub fn rewrite_parts(path: &Path, mut change: impl FnMut(&str, String) -> String) {
    use std::io::Write;
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut output = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        let text = change(&name, text);
        output
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        output.write_all(text.as_bytes()).unwrap();
    }
    std::fs::write(path, output.finish().unwrap().into_inner()).unwrap();
}

/// Replaces cells of the first worksheet, each `(address, <c>…</c>)`.
pub fn replace_cells(path: &Path, cells: &[(&str, &str)]) {
    rewrite_parts(path, |name, mut xml| {
        if name != "xl/worksheets/sheet1.xml" {
            return xml;
        }
        for (address, replacement) in cells {
            let start = xml
                .find(&format!("<c r=\"{address}\""))
                .unwrap_or_else(|| panic!("no cell {address}"));
            let open_end = start + xml[start..].find('>').unwrap();
            let end = if xml[..open_end].ends_with('/') {
                open_end + 1
            } else {
                start + xml[start..].find("</c>").unwrap() + "</c>".len()
            };
            xml.replace_range(start..end, replacement);
        }
        xml
    });
}

/// Reads back every scored copy of a run's output folder and evaluates each
/// formula with the project's evaluator, as the sheet recalculates: what
/// differs from the result the copy caches, and each person's total cell
/// that does not compute the recomputed total of report.json; and how many
/// totals were checked.
pub fn recalculation_problems(out: &Path) -> (Vec<String>, usize) {
    use kpi_audit::audit::formula::{Evaluated, evaluate_cell};
    use kpi_audit::model::{CellRef, CellValue};
    use rust_decimal::Decimal;

    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let mut problems = Vec::new();
    let mut totals_checked = 0;
    for file in report["files"].as_array().unwrap() {
        let Some(sheet) = file["sheet"].as_str() else {
            continue;
        };
        let relative = Path::new(file["file"].as_str().unwrap());
        let stem = relative.file_stem().unwrap().to_string_lossy();
        let copy = out.join(relative.with_file_name(format!("{stem}.scored.xlsx")));
        let workbook = kpi_audit::read::read_workbook(&copy).unwrap();
        for formula_sheet in &workbook.sheets {
            let formulas = formula_sheet
                .cells
                .iter()
                .filter(|(_, c)| c.formula.is_some());
            for (at, cell) in formulas {
                let shown = evaluate_cell(&workbook, &formula_sheet.name, *at);
                let agrees = match (&shown, &cell.value) {
                    (Evaluated::Number(value), CellValue::Number(cached)) => {
                        let cached = Decimal::try_from(*cached).unwrap();
                        (*value - cached).abs() < Decimal::new(1, 9)
                    }
                    (Evaluated::Text(text), CellValue::Text(cached)) => text == cached,
                    (Evaluated::Text(text), CellValue::Empty) => text.is_empty(),
                    (Evaluated::Bool(value), CellValue::Bool(cached)) => value == cached,
                    (Evaluated::Error(code), CellValue::Error(cached)) => code == cached,
                    _ => false,
                };
                if !agrees {
                    problems.push(format!(
                        "{}!{at} ={}: recalculates to {shown:?}, caches {:?}",
                        copy.display(),
                        cell.formula.as_deref().unwrap_or_default(),
                        cell.value
                    ));
                }
            }
        }
        for person in file["people"].as_array().unwrap() {
            let (Some(cell), Some(total)) =
                (person["total_cell"].as_str(), person["total"].as_str())
            else {
                continue;
            };
            let total: Decimal = total.parse().unwrap();
            let at = CellRef::parse_a1(cell).unwrap();
            match evaluate_cell(&workbook, sheet, at) {
                Evaluated::Number(value) if (value - total).abs() <= Decimal::new(1, 2) => {
                    totals_checked += 1;
                }
                other => problems.push(format!(
                    "{}!{cell}: the total recalculates to {other:?}, recomputed {total}",
                    copy.display()
                )),
            }
        }
    }
    (problems, totals_checked)
}
