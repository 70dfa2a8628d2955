//! `kpi-audit check`: validates mapping files, and the labels they look for
//! against the template they were written for, reporting every problem as
//! `file:line:column: message`.

use std::path::{Path, PathBuf};

use kpi_audit::mapping::{check_mapping_text, template};
use kpi_audit::read::read_workbook;
use kpi_audit::yaml::Diagnostic;

pub enum Checked {
    Clean,
    Problems,
    Unreadable,
}

pub fn check(files: &[PathBuf], template_override: Option<&Path>) -> Checked {
    let mut problems = Vec::new();
    for file in files {
        match check_file(file, template_override) {
            Ok(found) if found.is_empty() => println!("{}: ok", file.display()),
            Ok(found) => problems.extend(found),
            Err(message) => {
                eprintln!("{message}");
                return Checked::Unreadable;
            }
        }
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    if problems.is_empty() {
        Checked::Clean
    } else {
        Checked::Problems
    }
}

fn check_file(file: &Path, template_override: Option<&Path>) -> Result<Vec<Diagnostic>, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|error| format!("{}: cannot read: {error}", file.display()))?;
    let checked = check_mapping_text(file, &text);
    let mut problems = checked.problems;
    let template_path = template_override
        .map(Path::to_path_buf)
        .or(checked.template);
    let Some(template_path) = template_path else {
        return Ok(problems);
    };
    let workbook = read_workbook(&template_path).map_err(|error| {
        format!(
            "{}: cannot read the template: {error}",
            template_path.display()
        )
    })?;
    problems.extend(template::check_against_template(file, &text, &workbook));
    problems.sort_by_key(|problem| (problem.line, problem.column));
    Ok(problems)
}
