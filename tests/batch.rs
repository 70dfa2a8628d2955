//! The batch engine: the same outputs whatever the number of workers or
//! the isolation, limits that turn a runaway file into a reason, an output
//! folder inside the inputs, and runs killed midway.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{Reader, Xlsx, open_workbook};
use common::*;

/// Every file under `folder`, by relative path, with its bytes.
fn tree(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn visit(root: &Path, folder: &Path, found: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(root, &path, found);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_path_buf();
                found.push((relative, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut found = Vec::new();
    visit(folder, folder, &mut found);
    found.sort();
    found
}

fn run_samples(name: &str, extra: &[&str]) -> TempDir {
    let out = temp_dir(name);
    let mut args = vec!["run", "samples", "--out", out.to_str().unwrap(), "-q"];
    args.extend_from_slice(extra);
    let result = kpi_audit(&args);
    assert_eq!(
        result.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

#[test]
fn outputs_are_the_same_bytes_whatever_the_workers_and_the_isolation() {
    let started = Instant::now();
    let one = run_samples("jobs-1", &["--jobs", "1"]);
    let after_one = started.elapsed();
    let four = run_samples("jobs-4", &["--jobs", "4"]);
    let after_four = started.elapsed() - after_one;
    let threads = run_samples("threads-4", &["--jobs", "4", "--isolation", "none"]);
    eprintln!("samples: --jobs 1 {after_one:?}, --jobs 4 {after_four:?}");
    let expected = tree(&one);
    assert!(expected.len() > 20, "{} outputs", expected.len());
    for other in [&four, &threads] {
        let found = tree(other);
        let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&found), names(&expected), "{}", other.display());
        for ((name, bytes), (_, expected)) in found.iter().zip(&expected) {
            assert!(
                bytes == expected,
                "{} differs in {}",
                name.display(),
                other.display()
            );
        }
    }
}

#[test]
fn an_output_folder_inside_the_inputs_is_not_read_back() {
    let input = temp_dir("nested-in");
    let form = project_dir().join("samples/售前客服部");
    for name in ["01_张伟.xlsx", "03_李娜.xlsx"] {
        std::fs::copy(form.join(name), input.join(name)).unwrap();
    }
    let out = input.join("results");
    for _ in 0..2 {
        let result = kpi_audit(&[
            "run",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert_eq!(result.status.code(), Some(1));
    }
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["01_张伟.xlsx", "03_李娜.xlsx"]);
    assert!(!out.join("results").exists());
}

#[test]
fn csv_files_in_a_folder_are_reported_as_unsupported() {
    let input = temp_dir("csv-in");
    std::fs::write(input.join("名单.csv"), "姓名,得分\n张伟,90\n").unwrap();
    let out = temp_dir("csv-out");
    let result = kpi_audit(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let report = std::fs::read_to_string(out.join("report.json")).unwrap();
    assert!(report.contains("unsupported format: csv"), "{report}");
}

/// A compound file (the container of .xls) whose directory sector chain
/// points back at itself: a reader that follows the chain without a bound
/// allocates until it is stopped, as calamine 0.38 does.
fn looping_compound_file() -> Vec<u8> {
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;
    let mut file = vec![0u8; 512 * 3];
    let put = |file: &mut [u8], at: usize, value: u32| {
        file[at..at + 4].copy_from_slice(&value.to_le_bytes());
    };
    file[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    file[26] = 3; // version
    file[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes()); // byte order
    file[30] = 9; // 512-byte sectors
    file[32] = 6; // 64-byte mini sectors
    put(&mut file, 44, 1); // one FAT sector
    put(&mut file, 48, 1); // the directory starts at sector 1
    put(&mut file, 60, END_OF_CHAIN); // no mini FAT
    put(&mut file, 68, END_OF_CHAIN); // no DIFAT sectors
    put(&mut file, 76, 0); // the FAT is sector 0
    for at in (80..512).step_by(4) {
        put(&mut file, at, FREE);
    }
    // Sector 0, the FAT: itself, then sector 1 pointing to itself.
    let fat = 512;
    put(&mut file, fat, FAT_SECTOR);
    put(&mut file, fat + 4, 1);
    for at in (fat + 8..fat + 512).step_by(4) {
        put(&mut file, at, FREE);
    }
    file
}

fn reason_of(report: &serde_json::Value, file: &str) -> String {
    let found = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == file)
        .unwrap_or_else(|| panic!("{file} not in the report"));
    found["findings"][0]["message"]["en"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_reader_that_allocates_without_bound_costs_its_file_only() {
    let input = temp_dir("runaway-in");
    std::fs::write(input.join("失控.xls"), looping_compound_file()).unwrap();
    let sample = project_dir().join("samples/售前客服部/01_张伟.xlsx");
    std::fs::copy(sample, input.join("01_张伟.xlsx")).unwrap();
    let out = temp_dir("runaway-out");
    let result = kpi_audit(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--memory-limit",
        "512M",
        "-q",
    ]);
    assert_eq!(
        result.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(
        reason_of(&report, "失控.xls"),
        "ran out of memory while reading this file (limit 512 MiB)"
    );
    assert!(report.to_string().contains("读取此文件时内存超限"));
    assert!(out.join("01_张伟.scored.xlsx").is_file());
}

#[test]
fn a_worker_over_time_is_killed_and_its_file_reported() {
    let input = temp_dir("time-in");
    let sample = project_dir().join("samples/售前客服部/08_黄强.xls");
    std::fs::copy(sample, input.join("08_黄强.xls")).unwrap();
    let out = temp_dir("time-out");
    // No worker starts and reads a file within a millisecond.
    let result = kpi_audit(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--time-limit",
        "1ms",
        "-q",
    ]);
    assert_eq!(result.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(
        reason_of(&report, "08_黄强.xls"),
        "took too long to read this file (limit 1 ms)"
    );
    assert!(report.to_string().contains("读取此文件时超时"));
}

#[test]
fn jobs_must_be_at_least_one() {
    let out = temp_dir("jobs-0");
    let result = kpi_audit(&["run", "samples", "--out", out.to_str().unwrap(), "-j", "0"]);
    assert_eq!(result.status.code(), Some(2));
}

/// A folder of a few hundred copies of one sample: long enough a run to
/// stop midway.
fn many_copies(name: &str) -> TempDir {
    let input = temp_dir(name);
    let sample = project_dir().join("samples/售前客服部/03_李娜.xlsx");
    for index in 0..300 {
        std::fs::copy(&sample, input.join(format!("{index:03}.xlsx"))).unwrap();
    }
    input
}

fn start_run(input: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kpi-audit"))
        .args(["run", "-q", "--jobs", "2", "--out"])
        .arg(out)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits (bounded) until some annotated copies are there.
fn wait_for_copies(out: &Path, run: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while count_copies(out) < 5 {
        assert!(Instant::now() < deadline, "no copies appeared");
        assert!(run.try_wait().unwrap().is_none(), "the run ended too soon");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn count_copies(out: &Path) -> usize {
    std::fs::read_dir(out).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".scored.xlsx"))
            .count()
    })
}

/// No temporary left, and every workbook there opens whole.
fn assert_no_partial_outputs(out: &Path) {
    // Workers stop when their parent dies, after a write under way: give
    // them that moment.
    std::thread::sleep(Duration::from_millis(500));
    let mut workbooks = 0;
    for entry in std::fs::read_dir(out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.ends_with(".partial"), "left behind: {name}");
        if name.ends_with(".xlsx") {
            let mut workbook: Xlsx<_> =
                open_workbook(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            for sheet in workbook.sheet_names() {
                workbook
                    .worksheet_range(&sheet)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            workbooks += 1;
        }
    }
    assert!(workbooks >= 5, "{workbooks} workbooks");
}

#[test]
fn a_run_killed_midway_leaves_no_partial_outputs() {
    let input = many_copies("killed-in");
    let out = temp_dir("killed-out");
    let mut run = start_run(&input, &out);
    wait_for_copies(&out, &mut run);
    run.kill().unwrap();
    run.wait().unwrap();
    assert_no_partial_outputs(&out);
}

#[test]
fn a_run_stopped_by_a_signal_finishes_its_write_and_exits() {
    let input = many_copies("stopped-in");
    let out = temp_dir("stopped-out");
    let mut run = start_run(&input, &out);
    wait_for_copies(&out, &mut run);
    let sent = Command::new("kill")
        .args(["-TERM", &run.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = run.wait().unwrap();
    assert_eq!(status.code(), Some(128 + 15), "{status:?}");
    assert_no_partial_outputs(&out);
}
