//! Imports point only down the pipeline: a module of the library imports
//! (`crate::…`) only the modules listed before it in [`LAYERS`], so there are
//! no cycles between the stages and the folders read in the order data
//! flows. Test code is left out (a test may build its input with any stage);
//! the binary's modules (`main.rs`, `batch/`, `console.rs`, `check.rs`) sit
//! above them all.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules from the bottom up: the vocabulary every
/// stage shares (the workbook model, YAML primitives, the rule kinds and
/// what follows from totals), then the stages in the order data flows.
const LAYERS: &[&str] = &[
    "model", "yaml", "rules", "policy", "mapping", "read", "discover", "locate", "extract",
    "score", "audit", "results", "team", "finish", "report", "write", "pipeline",
];

/// The binary's modules, which may use any of the library.
const BINARY: &[&str] = &["main", "batch", "console", "check"];

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// `#[cfg(test)] mod name;` declarations: the files they name hold only
/// test code.
fn test_only_files(path: &Path, text: &str) -> Vec<PathBuf> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let folder = match path.file_name().and_then(|n| n.to_str()) {
        Some("mod.rs" | "lib.rs") => path.parent().unwrap().to_path_buf(),
        _ => path.with_extension(""),
    };
    lines
        .windows(2)
        .filter(|pair| pair[0] == "#[cfg(test)]")
        .filter_map(|pair| {
            let declared = pair[1]
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ");
            let name = declared.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.to_string())
        })
        .flat_map(|name| {
            [
                folder.join(format!("{name}.rs")),
                folder.join(&name).join("mod.rs"),
            ]
        })
        .collect()
}

/// The code of a file without its comments and its inline test module
/// (`#[cfg(test)] mod tests { … }`, at the end of the file).
fn code_of(text: &str) -> String {
    let mut code = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim().starts_with("mod ") && next.ends_with('{'))
        {
            break;
        }
        if !trimmed.starts_with("//") {
            code.push(line);
        }
    }
    code.join("\n")
}

/// The top-level modules `code` names as `crate::module`.
fn imported(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect()
        })
        .collect()
}

/// Every import of the library by its importing top-level module: the
/// imported module and the file that imports it.
fn imports() -> BTreeMap<String, BTreeSet<(String, String)>> {
    let src = common::project_dir().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let texts: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    let tests: BTreeSet<PathBuf> = texts
        .iter()
        .flat_map(|(path, text)| test_only_files(path, text))
        .collect();
    let mut imports: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for (path, text) in texts.iter().filter(|(path, _)| !tests.contains(path)) {
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
        if module == "lib" || BINARY.contains(&module.as_str()) {
            continue;
        }
        for target in imported(&code_of(text)) {
            if target != module {
                let file = relative.display().to_string();
                imports
                    .entry(module.clone())
                    .or_default()
                    .insert((target, file));
            }
        }
    }
    imports
}

#[test]
fn every_import_points_down_the_pipeline() {
    let layer = |module: &str| LAYERS.iter().position(|m| *m == module);
    let mut wrong = Vec::new();
    for (module, targets) in imports() {
        for (target, file) in targets {
            match (layer(&module), layer(&target)) {
                (Some(from), Some(to)) if to < from => {}
                (Some(_), Some(_)) => wrong.push(format!("{file}: {module} imports {target}")),
                _ => wrong.push(format!("{file}: {module} or {target} is not in LAYERS")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports up the pipeline:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_module_of_the_library_has_its_layer() {
    let lib = std::fs::read_to_string(common::project_dir().join("src/lib.rs")).unwrap();
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    assert_eq!(declared, LAYERS.iter().copied().collect());
}

#[test]
fn an_import_up_the_pipeline_is_found() {
    let code = code_of(
        "use crate::write::CellEdit;\n// crate::pipeline\n#[cfg(test)]\nmod tests {\n    use crate::finish;\n}\n",
    );
    assert_eq!(imported(&code), BTreeSet::from(["write".to_string()]));
}
