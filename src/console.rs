//! The console reporter: a line per person (or per file not scored) and a
//! closing summary.

use std::path::Path;

use kpi_audit::model::Severity;
use kpi_audit::pipeline::{FileResult, Outcome};
use kpi_audit::score::round;

pub fn print_results(results: &[FileResult], out: &Path) {
    let (mut people, mut errors, mut warnings, mut unreadable) = (0, 0, 0, 0);
    for result in results {
        let file = result.input.relative.display();
        match &result.outcome {
            Outcome::Scored(scored) => {
                for person in &scored.people {
                    let (e, w) = (
                        person.count(Severity::Error),
                        person.count(Severity::Warning),
                    );
                    people += 1;
                    errors += e;
                    warnings += w;
                    let total = round(person.scored.total.recomputed, scored.decimals);
                    let name = person.name.as_deref().unwrap_or("?");
                    println!("{file}  {name}  total {total}  {e} errors, {w} warnings");
                }
            }
            Outcome::Failed(finding) => {
                unreadable += 1;
                println!("{file}  not scored: {}", finding.message.en);
            }
        }
    }
    println!(
        "{} files, {people} people scored, {unreadable} files not scored; {errors} errors, {warnings} warnings. Results in {}",
        results.len(),
        out.display()
    );
}
