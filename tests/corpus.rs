//! The robustness corpus (../shared/corpus, 1,394 real spreadsheets:
//! encrypted, truncated, fuzzing crashers, files that panic calamine 0.38
//! and two on which it allocates without bound): the batch never crashes
//! and gives every file exactly one outcome, with a clear reason for each
//! file it cannot score.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use common::*;

fn corpus() -> Option<PathBuf> {
    let corpus = project_dir().join("../shared/corpus");
    corpus.join("MANIFEST.tsv").is_file().then_some(corpus)
}

/// The corpus's own list of its files, relative to the corpus folder.
fn manifest(corpus: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let mut files: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter(|file| !file.is_empty())
        .map(str::to_string)
        .collect();
    files.sort();
    files
}

/// Outcome per file: (status, English reason, Chinese reason).
type Outcomes = BTreeMap<String, (String, String, String)>;

fn outcomes(report: &serde_json::Value) -> (Outcomes, Vec<String>) {
    let mut outcomes = Outcomes::new();
    let mut duplicates = Vec::new();
    for file in report["files"].as_array().unwrap() {
        let name = file["file"].as_str().unwrap().to_string();
        let message = &file["findings"][0]["message"];
        let text = |lang: &str| message[lang].as_str().unwrap_or_default().to_string();
        let status = file["status"].as_str().unwrap().to_string();
        if outcomes
            .insert(name.clone(), (status, text("en"), text("zh")))
            .is_some()
        {
            duplicates.push(name);
        }
    }
    (outcomes, duplicates)
}

#[test]
fn every_corpus_file_ends_as_a_result_or_a_clear_reason() {
    let Some(corpus) = corpus() else {
        eprintln!("note: ../shared/corpus is absent here; the corpus test is skipped (CI has it)");
        return;
    };
    let out = temp_dir("corpus");
    let started = Instant::now();
    // Limits that a debug build reads every ordinary file within, yet stop
    // the runaway ones quickly.
    let run = Command::new(env!("CARGO_BIN_EXE_kpi-audit"))
        .args(["run", "-q", "--time-limit", "10s", "--memory-limit", "1G"])
        .arg("--out")
        .arg(&out)
        .arg(&corpus)
        .output()
        .unwrap();
    eprintln!("corpus run: {:.1?}", started.elapsed());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{:?}\n{stderr}",
        run.status
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let (outcomes, duplicates) = outcomes(&report);
    assert!(
        duplicates.is_empty(),
        "more than one outcome: {duplicates:?}"
    );
    let listed: Vec<&String> = outcomes.keys().collect();
    let expected = manifest(&corpus);
    assert_eq!(listed.len(), expected.len());
    assert_eq!(listed, expected.iter().collect::<Vec<_>>());

    for (file, (status, en, zh)) in &outcomes {
        if status == "unreadable" {
            assert!(!en.is_empty() && !zh.is_empty(), "{file}: no reason");
        }
    }
    let reason = |file: &str| outcomes[file].1.clone();
    for runaway in [
        "broken/exceldatareader__src__TestData__Test_git_issue_382_oom.xls",
        "broken/phpspreadsheet__tests__data__Reader__XLS__oleloop.xls",
    ] {
        let reason = reason(runaway);
        assert!(
            reason.starts_with("ran out of memory") || reason.starts_with("took too long"),
            "{runaway}: {reason}"
        );
    }
    for panicking in [
        "xls/exceldatareader__src__TestData__Test_git_issue_467_empty_continue_leftoverbytes.xls",
        "xlsb/poi__test-data__spreadsheet__Simple.xlsb",
        "broken/exceldatareader__src__TestData__Test_Issue_12556_corrupt.xls",
    ] {
        let reason = reason(panicking);
        assert!(reason.contains("crashed"), "{panicking}: {reason}");
    }
    for (file, (status, en, _)) in &outcomes {
        if file.starts_with("csv/") {
            assert_eq!(en, "unsupported format: csv", "{file}");
        }
        if file.starts_with("encrypted/") {
            assert_eq!(status, "unreadable", "{file}");
        }
    }
    assert!(out.join("summary.xlsx").is_file());
}
