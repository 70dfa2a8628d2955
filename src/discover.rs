//! Input discovery: the spreadsheets a run is given, as files or folders
//! to walk, and the names their copies get under the output folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::read::format_of;

/// One input file and where it sits below the folder it was found in.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path below the input root, used to lay out the outputs alike.
    pub relative: PathBuf,
}

/// Finds the spreadsheets under each argument: a file as given, a folder
/// walked in name order. Office lock files (~$x.xlsx), hidden files and
/// anything under `skip` (the output folder) are left out.
pub fn collect_inputs(arguments: &[PathBuf], skip: &Path) -> std::io::Result<Vec<InputFile>> {
    let mut found = Vec::new();
    for argument in arguments {
        if argument.is_dir() {
            walk(argument, argument, skip, &mut found)?;
        } else {
            let name = argument.file_name().map(PathBuf::from).unwrap_or_default();
            found.push(InputFile {
                path: argument.clone(),
                relative: name,
            });
        }
    }
    Ok(found)
}

fn walk(
    root: &Path,
    folder: &Path,
    skip: &Path,
    found: &mut Vec<InputFile>,
) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") || is_within(&path, skip) {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, skip, found)?;
        } else if format_of(&path).is_some() || is_csv(&path) {
            let relative = path
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            found.push(InputFile { path, relative });
        }
    }
    Ok(())
}

/// CSV exports sit beside workbooks in HR folders; they are taken so that
/// each gets a row saying its format is not supported, not silently left out.
fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"))
}

fn is_within(path: &Path, folder: &Path) -> bool {
    match (path.canonicalize(), folder.canonicalize()) {
        (Ok(path), Ok(folder)) => path.starts_with(folder),
        _ => false,
    }
}

/// Output file names: `<stem>.scored.xlsx` beside the input's relative
/// folder; where two inputs share a stem, the extension keeps them apart.
pub fn output_names(inputs: &[InputFile]) -> Vec<PathBuf> {
    let key = |input: &InputFile| {
        let stem = input
            .relative
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        (input.relative.parent().map(Path::to_path_buf), stem)
    };
    let mut seen = BTreeSet::new();
    let clashing: BTreeSet<_> = inputs
        .iter()
        .map(key)
        .filter(|k| !seen.insert(k.clone()))
        .collect();
    inputs
        .iter()
        .map(|input| {
            let name = if clashing.contains(&key(input)) {
                input.relative.file_name()
            } else {
                input.relative.file_stem()
            };
            let name = format!("{}.scored.xlsx", name.unwrap_or_default().to_string_lossy());
            input.relative.with_file_name(name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(relative: &str) -> InputFile {
        InputFile {
            path: PathBuf::from("in").join(relative),
            relative: PathBuf::from(relative),
        }
    }

    #[test]
    fn outputs_keep_the_relative_folder_and_avoid_clashes() {
        let names = output_names(&[input("a/张伟.xlsx"), input("b.xls"), input("b.ods")]);
        assert_eq!(
            names,
            [
                PathBuf::from("a/张伟.scored.xlsx"),
                PathBuf::from("b.xls.scored.xlsx"),
                PathBuf::from("b.ods.scored.xlsx")
            ]
        );
    }
}
