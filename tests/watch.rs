//! `kpi-audit watch`: a workbook copied into the hot folder while it runs
//! is scored once completely written, a changed one again; lock files are
//! left alone; the summary follows.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Kills the watcher however the test ends.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a watcher polling every 100 ms; its console lines go to `log`.
fn start_watch(input: &Path, out: &Path, log: &Path) -> Watcher {
    let child = Command::new(env!("CARGO_BIN_EXE_kpi-audit"))
        .args(["watch", "--interval", "100ms", "--out"])
        .arg(out)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Watcher(child)
}

/// Waits up to 20 s for the report to say what `done` looks for.
fn wait_for_report(out: &Path, watcher: &mut Watcher, done: impl Fn(&serde_json::Value) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let report = std::fs::read(out.join("report.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
        if report.as_ref().is_some_and(&done) {
            return;
        }
        assert!(
            watcher.0.try_wait().unwrap().is_none(),
            "the watcher stopped"
        );
        assert!(
            Instant::now() < deadline,
            "not seen within 20 s; report: {report:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn people(report: &serde_json::Value) -> Vec<String> {
    report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|file| file["people"].as_array().into_iter().flatten())
        .filter_map(|person| person["name"].as_str().map(str::to_string))
        .collect()
}

fn files(report: &serde_json::Value) -> Vec<String> {
    report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|file| file["file"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_workbook_dropped_in_is_scored_and_a_changed_one_scored_again() {
    let input = temp_dir("watch-in");
    let out = temp_dir("watch-out");
    let samples = project_dir().join("samples/售前客服部");
    let log_dir = temp_dir("watch-log");
    let log = log_dir.join("stdout.txt");
    let mut watcher = start_watch(&input, &out, &log);

    // Excel's lock file beside the workbook it guards.
    std::fs::write(input.join("~$01_张伟.xlsx"), b"lock").unwrap();
    std::fs::copy(samples.join("01_张伟.xlsx"), input.join("01_张伟.xlsx")).unwrap();
    wait_for_report(&out, &mut watcher, |report| people(report) == ["张伟"]);
    let copy = out.join("01_张伟.scored.xlsx");
    assert!(copy.is_file());
    assert_eq!(cell_text(&copy, "绩效考核表", "B2"), "张伟");
    assert_eq!(
        rows(&out.join("summary.xlsx"), "汇总")[1][2],
        "张伟",
        "the summary follows"
    );

    // A second person joins the team; then the first file is replaced.
    std::fs::copy(samples.join("06_杨磊.xlsx"), input.join("06_杨磊.xlsx")).unwrap();
    wait_for_report(&out, &mut watcher, |report| {
        people(report) == ["张伟", "杨磊"]
    });
    std::fs::copy(samples.join("02_王芳.xlsx"), input.join("01_张伟.xlsx")).unwrap();
    wait_for_report(&out, &mut watcher, |report| {
        people(report) == ["王芳", "杨磊"]
    });
    assert_eq!(cell_text(&copy, "绩效考核表", "B2"), "王芳");

    // A file taken away leaves the summary, and its copy goes with it.
    std::fs::remove_file(input.join("06_杨磊.xlsx")).unwrap();
    wait_for_report(&out, &mut watcher, |report| {
        files(report) == ["01_张伟.xlsx"]
    });
    assert!(!out.join("06_杨磊.scored.xlsx").exists());
}

#[test]
fn a_workbook_still_being_written_is_not_taken_until_complete() {
    let input = temp_dir("watch-slow-in");
    let out = temp_dir("watch-slow-out");
    let log_dir = temp_dir("watch-slow-log");
    let log = log_dir.join("stdout.txt");
    let bytes = std::fs::read(project_dir().join("samples/售前客服部/03_李娜.xlsx")).unwrap();
    let mut watcher = start_watch(&input, &out, &log);
    // Written in pieces, as a slow network copy would. The pauses are well
    // inside the three polls an unopenable file must stay unchanged for,
    // so a loaded machine does not make a piece look like the whole file.
    let path = input.join("03_李娜.xlsx");
    let pieces = bytes.chunks(bytes.len() / 5 + 1);
    let mut written = Vec::new();
    for piece in pieces {
        written.extend_from_slice(piece);
        std::fs::write(&path, &written).unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    wait_for_report(&out, &mut watcher, |report| people(report) == ["李娜"]);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(
        report["files"][0]["status"], "errors",
        "scored, not damaged"
    );
    // One update only: no half-written state was ever read. The update's
    // line is printed once its outputs are synced, after report.json
    // appears; a few more polls show that no second update follows.
    let updates = || {
        let lines = std::fs::read_to_string(&log).unwrap_or_default();
        lines.lines().filter(|l| l.contains(" read, ")).count()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while updates() == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    drop(watcher);
    let lines = std::fs::read_to_string(&log).unwrap();
    assert_eq!(updates(), 1, "{lines}");
}

#[cfg(unix)]
#[test]
fn a_pipe_in_the_hot_folder_does_not_freeze_it() {
    let input = temp_dir("watch-fifo-in");
    let out = temp_dir("watch-fifo-out");
    let log_dir = temp_dir("watch-fifo-log");
    hostile::fifo(&input.join("管道.xlsx"));
    let mut watcher = start_watch(&input, &out, &log_dir.join("stdout.txt"));
    std::fs::copy(hostile::sample("01_张伟.xlsx"), input.join("01_张伟.xlsx")).unwrap();
    wait_for_report(&out, &mut watcher, |report| {
        people(report) == ["张伟"] && files(report) == ["01_张伟.xlsx", "管道.xlsx"]
    });
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(
        report["files"][1]["findings"][0]["message"]["en"],
        "not a regular file (a pipe, device or folder)"
    );
}

#[test]
fn a_half_copied_xls_is_not_taken() {
    let input = temp_dir("watch-xls-in");
    let out = temp_dir("watch-xls-out");
    let log_dir = temp_dir("watch-xls-log");
    let log = log_dir.join("stdout.txt");
    let bytes = std::fs::read(hostile::sample("08_黄强.xls")).unwrap();
    let mut watcher = start_watch(&input, &out, &log);
    // In sector-sized pieces, as a copy in blocks would leave it; the pauses
    // are well inside the polls a file that is not whole waits for.
    let path = input.join("08_黄强.xls");
    let piece = (bytes.len() / 4).div_ceil(512) * 512;
    for end in (piece..bytes.len()).step_by(piece).chain([bytes.len()]) {
        std::fs::write(&path, &bytes[..end]).unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }
    wait_for_report(&out, &mut watcher, |report| people(report) == ["黄强"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    let updates = || {
        let lines = std::fs::read_to_string(&log).unwrap_or_default();
        lines.lines().filter(|l| l.contains(" read, ")).count()
    };
    while updates() == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    drop(watcher);
    let lines = std::fs::read_to_string(&log).unwrap();
    assert_eq!(updates(), 1, "no part of the file was read: {lines}");
}

#[test]
fn a_replacement_of_the_same_size_and_time_is_scored_again() {
    let input = temp_dir("watch-same-in");
    let out = temp_dir("watch-same-out");
    let log_dir = temp_dir("watch-same-log");
    let first = std::fs::read(hostile::sample("01_张伟.xlsx")).unwrap();
    let second = std::fs::read(hostile::sample("02_王芳.xlsx")).unwrap();
    let len = first.len().max(second.len()) + 1;
    let (first, second) = (
        hostile::zip_padded_to(first, len),
        hostile::zip_padded_to(second, len),
    );
    let path = input.join("考核.xlsx");
    std::fs::write(&path, &first).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let mut watcher = start_watch(&input, &out, &log_dir.join("stdout.txt"));
    wait_for_report(&out, &mut watcher, |report| people(report) == ["张伟"]);
    std::fs::write(&path, &second).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    let metadata = std::fs::metadata(&path).unwrap();
    assert_eq!(
        (metadata.len(), metadata.modified().unwrap()),
        (len as u64, modified)
    );
    wait_for_report(&out, &mut watcher, |report| people(report) == ["王芳"]);
}
