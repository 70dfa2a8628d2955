//! Names: each input's relative name made unique within a run, and the
//! names of the copies under the output folder.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{OsStr, OsString};
use std::path::{Component, Path, PathBuf};

use super::InputFile;

/// The longest file name most file systems take, in bytes.
const LONGEST_NAME: usize = 255;
const COPY_SUFFIX: &str = ".scored.xlsx";

/// Gives inputs that share a relative name (two `张伟.xlsx` from different
/// folders named on the command line) one more folder of their path each,
/// until they differ: `a/张伟.xlsx`, `b/张伟.xlsx`.
pub(super) fn tell_apart(inputs: &mut [InputFile]) {
    let full: Vec<Vec<OsString>> = inputs.iter().map(|i| full_names(&i.path)).collect();
    loop {
        let clashing = clashing(inputs.iter().map(|i| i.relative.clone()));
        if clashing.is_empty() {
            return;
        }
        let mut grew = false;
        for index in clashing {
            let depth = inputs[index].relative.components().count();
            let names = &full[index];
            if depth < names.len() {
                inputs[index].relative = names[names.len() - depth - 1..].iter().collect();
                grew = true;
            }
        }
        if !grew {
            // Only paths that differ in what cannot name a folder (`..`)
            // are left: number them.
            number_clashes(inputs);
            return;
        }
    }
}

/// The indices of the items that share their value with another.
fn clashing(items: impl Iterator<Item = PathBuf>) -> Vec<usize> {
    let mut by_value: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (index, item) in items.enumerate() {
        by_value.entry(item).or_default().push(index);
    }
    let mut indices: Vec<usize> = by_value
        .into_values()
        .filter(|group| group.len() > 1)
        .flatten()
        .collect();
    indices.sort_unstable();
    indices
}

/// The folder names down to the file, from the file system's root: its
/// folder resolved (so `..` and links name real folders), then its name.
fn full_names(path: &Path) -> Vec<OsString> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = folder
        .map_or_else(|| Path::new(".").canonicalize(), Path::canonicalize)
        .or_else(|_| std::path::absolute(folder.unwrap_or(Path::new("."))))
        .unwrap_or_default();
    folder
        .join(path.file_name().unwrap_or_default())
        .components()
        .filter_map(|part| match part {
            Component::Normal(name) => Some(name.to_os_string()),
            _ => None,
        })
        .collect()
}

fn number_clashes(inputs: &mut [InputFile]) {
    let mut taken: BTreeSet<PathBuf> = BTreeSet::new();
    for input in inputs.iter_mut() {
        let mut candidate = input.relative.clone();
        let mut number = 2;
        while !taken.insert(candidate.clone()) {
            candidate = numbered(&input.relative, number);
            number += 1;
        }
        input.relative = candidate;
    }
}

/// `a/张伟.xlsx` as `a/张伟 (2).xlsx`.
fn numbered(path: &Path, number: u32) -> PathBuf {
    let mut name = path.file_stem().unwrap_or_default().to_os_string();
    name.push(format!(" ({number})"));
    if let Some(extension) = path.extension() {
        name.push(".");
        name.push(extension);
    }
    path.with_file_name(name)
}

/// Output file names: `<stem>.scored.xlsx` beside the input's relative
/// folder; where two inputs share a stem, the extension keeps them apart.
/// A name too long for the file system is shortened, and a name that two
/// inputs would still share is numbered.
pub fn output_names(inputs: &[InputFile]) -> Vec<PathBuf> {
    let key = |input: &InputFile| {
        let stem = input.relative.file_stem().map(OsStr::to_os_string);
        (input.relative.parent().map(Path::to_path_buf), stem)
    };
    let mut seen = BTreeSet::new();
    let clashing: BTreeSet<_> = inputs
        .iter()
        .map(key)
        .filter(|k| !seen.insert(k.clone()))
        .collect();
    let mut taken = BTreeSet::new();
    inputs
        .iter()
        .map(|input| {
            let base = if clashing.contains(&key(input)) {
                input.relative.file_name()
            } else {
                input.relative.file_stem()
            };
            let base = base.unwrap_or_default();
            (1u32..)
                .map(|number| copy_name(base, number))
                .map(|name| input.relative.with_file_name(name))
                .find(|path| taken.insert(path.clone()))
                .unwrap_or_default()
        })
        .collect()
}

/// `<base>.scored.xlsx` (`<base> (2).scored.xlsx` for a second one), with
/// `base` shortened to keep the name within [`LONGEST_NAME`] bytes.
fn copy_name(base: &OsStr, number: u32) -> OsString {
    let tail = match number {
        1 => COPY_SUFFIX.to_string(),
        n => format!(" ({n}){COPY_SUFFIX}"),
    };
    let mut name = shortened(base, LONGEST_NAME - tail.len());
    name.push(tail);
    name
}

/// At most `bytes` bytes of `name`, cut between characters.
fn shortened(name: &OsStr, bytes: usize) -> OsString {
    let encoded = name.as_encoded_bytes();
    if encoded.len() <= bytes {
        return name.to_os_string();
    }
    match name.to_str() {
        Some(text) => {
            let end = (0..=bytes)
                .rev()
                .find(|&at| text.is_char_boundary(at))
                .unwrap_or(0);
            OsString::from(&text[..end])
        }
        None => shortened_bytes(name, bytes),
    }
}

#[cfg(unix)]
fn shortened_bytes(name: &OsStr, bytes: usize) -> OsString {
    use std::os::unix::ffi::OsStrExt;
    OsStr::from_bytes(&name.as_bytes()[..bytes]).to_os_string()
}

#[cfg(not(unix))]
fn shortened_bytes(name: &OsStr, bytes: usize) -> OsString {
    let text = name.to_string_lossy();
    let end = (0..=bytes.min(text.len()))
        .rev()
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(0);
    OsString::from(&text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, relative: &str) -> InputFile {
        InputFile {
            path: PathBuf::from(path),
            relative: PathBuf::from(relative),
        }
    }

    #[test]
    fn outputs_keep_the_relative_folder_and_avoid_clashes() {
        let names = output_names(&[
            input("in/a/张伟.xlsx", "a/张伟.xlsx"),
            input("in/b.xls", "b.xls"),
            input("in/b.ods", "b.ods"),
        ]);
        assert_eq!(
            names,
            [
                PathBuf::from("a/张伟.scored.xlsx"),
                PathBuf::from("b.xls.scored.xlsx"),
                PathBuf::from("b.ods.scored.xlsx")
            ]
        );
    }

    #[test]
    fn same_names_from_different_folders_get_their_folder() {
        let mut inputs = [
            input("/hr/march/张伟.xlsx", "张伟.xlsx"),
            input("/hr/april/张伟.xlsx", "张伟.xlsx"),
            input("/hr/april/王芳.xlsx", "王芳.xlsx"),
            input("/x/team/a.xlsx", "a.xlsx"),
            input("/y/team/a.xlsx", "a.xlsx"),
        ];
        tell_apart(&mut inputs);
        let relatives: Vec<&Path> = inputs.iter().map(|i| i.relative.as_path()).collect();
        assert_eq!(
            relatives,
            [
                Path::new("march/张伟.xlsx"),
                Path::new("april/张伟.xlsx"),
                Path::new("王芳.xlsx"),
                Path::new("x/team/a.xlsx"),
                Path::new("y/team/a.xlsx"),
            ]
        );
    }

    #[test]
    fn a_copy_name_too_long_for_the_file_system_is_shortened_and_kept_apart() {
        let long = "考".repeat(85); // 255 bytes
        let inputs = [
            input("in/x", &format!("{long}一.xlsx")),
            input("in/y", &format!("{long}二.xlsx")),
        ];
        let names = output_names(&inputs);
        for name in &names {
            let bytes = name.file_name().unwrap().len();
            assert!(bytes <= LONGEST_NAME, "{bytes} bytes");
            assert!(name.to_str().unwrap().ends_with(".scored.xlsx"));
        }
        assert_ne!(names[0], names[1]);
        assert!(names[1].to_str().unwrap().ends_with(" (2).scored.xlsx"));
    }
}
