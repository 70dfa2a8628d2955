//! Command-line cases: exit statuses, bad input, languages, mapping errors.

mod common;

use common::*;

fn copy_sample(name: &str, into: &std::path::Path) {
    let from = project_dir().join("samples/售前客服部").join(name);
    std::fs::copy(from, into.join(name)).unwrap();
}

#[test]
fn clean_inputs_exit_zero() {
    let input = temp_dir("clean-in");
    copy_sample("01_张伟.xlsx", &input);
    let out = temp_dir("clean-out");
    let result = kpi_audit(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(0));
    assert!(out.join("01_张伟.scored.xlsx").is_file());
    assert!(out.join("summary.xlsx").is_file());
    assert!(out.join("report.json").is_file());
}

#[test]
fn unreadable_files_get_a_summary_row_and_the_batch_goes_on() {
    let input = temp_dir("bad-in");
    copy_sample("02_王芳.xlsx", &input);
    std::fs::write(input.join("损坏.xlsx"), b"PK\x03\x04 truncated").unwrap();
    std::fs::write(input.join("~$02_王芳.xlsx"), b"lock file").unwrap();
    std::fs::write(input.join("notes.txt"), b"not a spreadsheet").unwrap();
    let out = temp_dir("bad-out");
    let result = kpi_audit(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let rows = rows(&out.join("summary.xlsx"), "汇总");
    assert_eq!(
        rows.len(),
        3,
        "header, the sample and the damaged file: {rows:?}"
    );
    let damaged = rows.iter().find(|r| r[0] == "损坏.xlsx").unwrap();
    assert_eq!(damaged.last().unwrap(), "文件已损坏或不是电子表格");
    assert!(out.join("02_王芳.scored.xlsx").is_file());
    assert!(!out.join("损坏.scored.xlsx").exists());
}

#[test]
fn a_workbook_no_mapping_recognises_is_reported() {
    let input = temp_dir("nomatch-in");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook
        .add_worksheet()
        .write_string(0, 0, "员工通讯录")
        .unwrap();
    workbook.save(input.join("通讯录.xlsx")).unwrap();
    let out = temp_dir("nomatch-out");
    let result = kpi_audit(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let report = std::fs::read_to_string(out.join("report.json")).unwrap();
    assert!(report.contains("no-mapping-matched"), "{report}");
}

#[test]
fn english_output_with_lang_en() {
    let input = temp_dir("en-in");
    copy_sample("06_杨磊.xlsx", &input);
    let out = temp_dir("en-out");
    kpi_audit(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let scored = out.join("06_杨磊.scored.xlsx");
    assert_eq!(sheet_names(&scored)[1], "Findings");
    let notes = notes_text(&scored);
    assert!(notes.contains("score 6 is outside 0–5"), "{notes}");
    assert!(notes.contains("Expected: 5"), "{notes}");
    assert_eq!(rows(&out.join("summary.xlsx"), "Summary")[0][0], "File");
}

#[test]
fn a_bad_mapping_stops_the_run_with_its_position() {
    let dir = temp_dir("badmap");
    let mapping = dir.join("bad.yaml");
    std::fs::write(&mapping, "form: x\nrecognise: { title_contains: [x] }\ncolumns: { indicator: 指标, score: 得分 }\nindicators:\n  - { label: a, full_marks: 100, rule: { proportional: { target: 1, cap: al } } }\n").unwrap();
    let out = dir.join("out");
    let result = kpi_audit(&[
        "run",
        "samples",
        "--out",
        out.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("bad.yaml:5:"), "{stderr}");
    assert!(
        stderr.contains("`cap` takes a number, `full_marks` or `none`, found `al`"),
        "{stderr}"
    );
}

#[test]
fn check_reports_every_problem_with_file_line_and_column() {
    let dir = temp_dir("check");
    let mapping = dir.join("gaps.yaml");
    std::fs::write(
        &mapping,
        "form: x
recognise: { title_contains: [x] }
columns: { indicator: 指标, score: 得分 }
indicators:
  - label: 退款比例
    full_marks: 50
    unit: percent
    rule:
      tiers:
        - { below: 5%, score: 5 }
        - { from: 5%, below: 7%, score: 4 }
        - { from: 9%, to: 15%, judged: [0, 2] }
  - label: 出错率
    full_marks: 45
    rule: { deduction: { points: 0.5 } }
",
    )
    .unwrap();
    let result = kpi_audit(&["check", mapping.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    let file = mapping.display();
    assert!(
        stderr.contains(&format!("{file}:12:11: no band holds values in [7%, 9%)")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:9:7: no band holds values in (15%, +∞)")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{file}:5:3: full marks of the indicators add up to 95, not 100"
        )),
        "{stderr}"
    );
}

#[test]
fn check_reports_every_problem_in_one_pass_when_an_entry_does_not_parse() {
    let dir = temp_dir("check-one-pass");
    let mapping = dir.join("broken.yaml");
    std::fs::write(
        &mapping,
        "form: x
recognise: { title_contains: [x] }
columns: { indicator: 指标, score: 得分 }
grades:
  bands:
    - { grade: A, from: 90 }
    - { grade: B, below: 80 }
indicators:
  - label: 客单价
    full_marks: 50
  - label: 退款比例
    full_marks: 50
    unit: percent
    rule:
      tiers:
        - { below: 5%, score: 5 }
        - { from: 9%, score: 0 }
  - { label: 出错率, full_marks: 10, rule: judged, wieght: 10% }
",
    )
    .unwrap();
    let result = kpi_audit(&["check", mapping.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    let file = mapping.display().to_string();
    let problems: Vec<&str> = stderr
        .lines()
        .map(|line| line.strip_prefix(file.as_str()).unwrap_or(line))
        .collect();
    // In line order; the entry without `rule` and the one with a typo do
    // not hide the gaps of the grade bands and of the tiers between them.
    // The full marks are not summed: two indicators could not be read.
    assert_eq!(
        problems,
        [
            ":6:7: no band holds values in [80, 90)",
            ":9:5: missing field `rule`",
            ":17:11: no band holds values in [5%, 9%)",
            ":18:7: unknown field `wieght`, expected one of label, full_marks, weight, unit, inputs, rule",
        ],
        "{stderr}"
    );
}

#[test]
fn check_accepts_the_shipped_mapping() {
    let result = kpi_audit(&["check", "mappings/售前客服岗位月度绩效考核表.yaml"]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn a_mapping_folder_stands_for_every_yaml_file_in_it() {
    let result = kpi_audit(&["check", "mappings"]);
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert_eq!(result.status.code(), Some(0), "{stdout}");
    let checked: Vec<&str> = stdout.lines().collect();
    let yaml_files = std::fs::read_dir(project_dir().join("mappings"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert_eq!(checked.len(), yaml_files, "{stdout}");
    assert!(
        checked
            .iter()
            .all(|line| line.starts_with("mappings/") && line.ends_with(".yaml: ok")),
        "{stdout}"
    );

    let input = temp_dir("mapping-folder-in");
    copy_sample("04_刘洋.xlsx", &input);
    let report = |mapping: &[&str]| {
        let out = temp_dir("mapping-folder-out");
        let mut args = vec![
            "run",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(mapping);
        let result = kpi_audit(&args);
        assert_eq!(result.status.code(), Some(1), "{result:?}");
        std::fs::read_to_string(out.join("report.json")).unwrap()
    };
    assert_eq!(report(&["--mapping", "mappings"]), report(&[]));
}

#[test]
fn a_mapping_folder_without_mappings_exits_two() {
    let empty = temp_dir("no-mappings");
    let result = kpi_audit(&["check", empty.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("the folder holds no .yaml mapping"),
        "{stderr}"
    );
}

#[test]
fn an_unusable_output_folder_exits_two() {
    let dir = temp_dir("blocked");
    let blocker = dir.join("file");
    std::fs::write(&blocker, b"x").unwrap();
    let out = blocker.join("out");
    let result = kpi_audit(&["run", "samples", "--out", out.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
}

#[test]
fn check_reports_labels_the_template_does_not_contain() {
    let dir = temp_dir("check-template");
    let shipped =
        std::fs::read_to_string(project_dir().join("mappings/售前客服岗位月度绩效考核表.yaml"))
            .unwrap();
    let renamed = shipped.replace("  - label: 客单价\n", "  - label: 平均客单价\n");
    let mapping = dir.join("renamed.yaml");
    std::fs::write(&mapping, renamed).unwrap();
    let template = project_dir().join("templates/售前客服岗位月度绩效考核表.xlsx");
    let result = kpi_audit(&[
        "check",
        mapping.to_str().unwrap(),
        "--template",
        template.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    let line = shipped
        .lines()
        .position(|l| l == "  - label: 客单价")
        .unwrap()
        + 1;
    let expected =
        format!("renamed.yaml:{line}:12: the template has no cell with the label `平均客单价`");
    assert!(stderr.contains(&expected), "{stderr}");
}

#[test]
fn the_same_person_and_period_twice_in_a_batch_is_an_error_on_both() {
    let input = temp_dir("dup-in");
    copy_sample("01_张伟.xlsx", &input);
    std::fs::copy(input.join("01_张伟.xlsx"), input.join("01_张伟(1).xlsx")).unwrap();
    let out = temp_dir("dup-out");
    let result = kpi_audit(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    for file in report["files"].as_array().unwrap() {
        let codes: Vec<&str> = file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["duplicate-person"], "{}", file["file"]);
    }
}

#[test]
fn a_mapping_can_change_a_codes_severity_and_unknown_codes_are_errors() {
    let dir = temp_dir("severity");
    let shipped =
        std::fs::read_to_string(project_dir().join("mappings/售前客服岗位月度绩效考核表.yaml"))
            .unwrap();
    let template = project_dir().join("templates/售前客服岗位月度绩效考核表.xlsx");
    let stricter = shipped
        .replace(
            "template: ../templates/",
            &format!("template: {}/", template.parent().unwrap().display()),
        )
        .replace(
            "decimals: 2\n",
            "decimals: 2\nseverity: { total-hand-entered: error }\n",
        );
    let mapping = dir.join("stricter.yaml");
    std::fs::write(&mapping, &stricter).unwrap();
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    copy_sample("05_陈静.xlsx", &input);
    let out = dir.join("out");
    kpi_audit(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
    ]);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let hand_entered = findings
        .iter()
        .find(|f| f["code"] == "total-hand-entered")
        .unwrap();
    assert_eq!(hand_entered["severity"], "error");

    let unknown = dir.join("unknown.yaml");
    std::fs::write(
        &unknown,
        stricter.replace("total-hand-entered: error", "total-typed: error"),
    )
    .unwrap();
    let result = kpi_audit(&["check", unknown.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("unknown variant `total-typed`"), "{stderr}");
}
