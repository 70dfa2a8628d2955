//! Before a run: the inputs found, the output folder apart from them, and
//! nothing of the user's in the way of an output. Each refusal is a
//! sentence for the console; the run stops with status 2 before anything
//! is written.

use std::path::{Path, PathBuf};

use kpi_audit::discover::{self, Discovery, InputFile, Search};

use super::outputs::OutputFolder;

/// The outputs of a round besides the copies.
pub const SUMMARIES: [&str; 2] = ["summary.xlsx", "report.json"];

/// The inputs of a run, and its output folder, created.
pub struct Prepared {
    pub discovery: Discovery,
    pub outputs: OutputFolder,
}

/// Finds the inputs and readies the output folder, or says why the run
/// cannot go on.
pub fn prepare(arguments: &[PathBuf], out: &Path, follow_links: bool) -> Result<Prepared, String> {
    if let Some(input) = arguments.iter().find(|input| same_folder(input, out)) {
        return Err(format!(
            "the output folder {} is the input folder {}: the results would be mixed \
             with the workbooks (and read back as inputs); choose another --out",
            out.display(),
            input.display()
        ));
    }
    let search = Search {
        output: Some(out),
        follow_links,
    };
    let discovery = discover::discover(arguments, &search).map_err(|error| error.to_string())?;
    if discovery.inputs.is_empty() {
        return Err(nothing_found(arguments, &discovery));
    }
    for argument in arguments.iter().filter(|a| a.is_dir()) {
        if !discovery
            .inputs
            .iter()
            .any(|i| i.path.starts_with(argument))
        {
            tracing::warn!("{}: no spreadsheets found", argument.display());
        }
    }
    std::fs::create_dir_all(out)
        .map_err(|error| format!("cannot use the output folder {}: {error}", out.display()))?;
    let outputs = OutputFolder::open(out)
        .map_err(|error| format!("cannot read the output folder {}: {error}", out.display()))?;
    refuse_workbooks_in_the_output(arguments, &outputs)?;
    Ok(Prepared { discovery, outputs })
}

/// Lists every output the run may write as ours, once none of them would
/// overwrite a file the tool did not write.
pub fn claim_outputs(outputs: &mut OutputFolder, inputs: &[InputFile]) -> Result<(), String> {
    let copies = discover::output_names(inputs);
    let targets: Vec<&Path> = SUMMARIES
        .iter()
        .map(Path::new)
        .chain(copies.iter().map(PathBuf::as_path))
        .collect();
    let foreign = outputs.foreign(targets.iter().copied());
    if !foreign.is_empty() {
        return Err(format!(
            "{} holds {} that kpi-audit did not write (or wrote before it kept a list \
             of its outputs): move {} or choose another --out",
            outputs.path().display(),
            some_names(&foreign),
            if foreign.len() == 1 { "it" } else { "them" }
        ));
    }
    outputs.claim(targets).map_err(|error| {
        format!(
            "cannot write in the output folder {}: {error}",
            outputs.path().display()
        )
    })
}

/// An output folder inside an input folder is left out of the walk: the
/// workbooks in it that are not the tool's would go unread.
fn refuse_workbooks_in_the_output(
    arguments: &[PathBuf],
    outputs: &OutputFolder,
) -> Result<(), String> {
    let out = outputs.path();
    let Ok(resolved) = out.canonicalize() else {
        return Ok(());
    };
    let inside = arguments
        .iter()
        .filter_map(|argument| argument.canonicalize().ok())
        .any(|argument| argument.is_dir() && resolved.starts_with(argument));
    if !inside {
        return Ok(());
    }
    let found = discover::discover(&[out.to_path_buf()], &Search::default())
        .map(|found| found.inputs)
        .unwrap_or_default();
    let theirs: Vec<PathBuf> = found
        .into_iter()
        .map(|input| {
            input
                .path
                .strip_prefix(out)
                .map(Path::to_path_buf)
                .unwrap_or(input.relative)
        })
        .filter(|relative| !outputs.is_ours(relative))
        .collect();
    if theirs.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the output folder {} is inside the inputs and holds {} that kpi-audit did not \
         write: they would not be read; choose an output folder outside the inputs, or \
         move them",
        out.display(),
        some_names(&theirs)
    ))
}

fn nothing_found(arguments: &[PathBuf], discovery: &Discovery) -> String {
    let inputs: Vec<String> = arguments.iter().map(|a| a.display().to_string()).collect();
    let mut message = format!(
        "no spreadsheets (xlsx, xlsm, xlsb, xls, ods) found in {}",
        inputs.join(", ")
    );
    if !discovery.skipped.is_empty() {
        message.push_str(&format!(
            "; skipped: {}",
            some_names(
                &discovery
                    .skipped
                    .iter()
                    .map(|s| s.path.clone())
                    .collect::<Vec<_>>()
            )
        ));
    }
    message
}

/// Up to three names, then how many more.
fn some_names(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|path| path.display().to_string())
        .collect();
    if paths.len() > SHOWN {
        names.push(format!("{} more", paths.len() - SHOWN));
    }
    names.join(", ")
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b && a.is_dir(),
        _ => false,
    }
}
