//! The console reporter: a line per file and a closing summary.

use std::path::Path;

use kpi_audit::model::Severity;
use kpi_audit::pipeline::{FileResult, Outcome};
use kpi_audit::score::round;

pub fn print_results(results: &[FileResult], out: &Path) {
    let (mut errors, mut warnings, mut unreadable) = (0, 0, 0);
    for result in results {
        let file = result.input.relative.display();
        match &result.outcome {
            Outcome::Scored(scored) => {
                let (e, w) = (
                    scored.count(Severity::Error),
                    scored.count(Severity::Warning),
                );
                errors += e;
                warnings += w;
                let total = round(scored.scored.total.recomputed, scored.mapping.decimals);
                let name = scored.person.as_deref().unwrap_or("?");
                println!("{file}  {name}  total {total}  {e} errors, {w} warnings");
            }
            Outcome::Failed(finding) => {
                unreadable += 1;
                println!("{file}  not scored: {}", finding.message.en);
            }
        }
    }
    println!(
        "{} files, {} scored, {unreadable} not scored; {errors} errors, {warnings} warnings. Results in {}",
        results.len(),
        results.len() - unreadable,
        out.display()
    );
}
