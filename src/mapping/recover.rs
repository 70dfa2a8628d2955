//! Reading a mapping file past its first shape error, so `check` reports
//! every problem in one pass: serde stops at the first entry that does not
//! parse (a missing `rule`, an unknown key), which would hide the problems
//! of every other entry. The entry holding the error is blanked out — its
//! lines become empty, so every other position stays where it was — and
//! the file is parsed again, until it parses or the error lies somewhere
//! that cannot be left out.
//!
//! What can be left out: one indicator (an entry of an `indicators` list,
//! at the top or in a section), one section, or a top-level block that the
//! rest of the mapping does not need (`grades`, `pool`, `fields`, …).

use std::path::Path;

use super::raw::RawMapping;
use crate::yaml::Diagnostic;

/// Top-level keys whose block is left out when an error lies in it; the
/// others (form, recognise, columns, roster, indicators, sections) are what
/// every other check stands on.
const OPTIONAL_BLOCKS: [&str; 13] = [
    "template",
    "fields",
    "team",
    "total",
    "decimals",
    "tolerance",
    "raters",
    "grades",
    "commission",
    "pool",
    "split_evenly",
    "severity",
    "periods",
];

/// A mapping read as far as it goes.
pub struct Recovered {
    /// The mapping without the parts left out; `None` when an error lies
    /// where nothing can be left out.
    pub raw: Option<RawMapping>,
    /// One problem per part left out (and the one that stopped reading).
    pub problems: Vec<Diagnostic>,
    /// Indicators or sections were left out: sums over them (full marks,
    /// weights adding up to 100) cannot be checked.
    pub entries_left_out: bool,
}

pub fn parse_recovering(file: &Path, text: &str) -> Recovered {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut recovered = Recovered {
        raw: None,
        problems: Vec::new(),
        entries_left_out: false,
    };
    // Each round blanks at least one line, so this ends.
    loop {
        let current = lines.join("\n");
        let problem = match crate::yaml::parse::<RawMapping>(file, &current) {
            Ok(raw) => {
                recovered.raw = Some(raw);
                return recovered;
            }
            Err(problem) => problem,
        };
        let part = usize::try_from(problem.line)
            .ok()
            .and_then(|line| line.checked_sub(1))
            .and_then(|index| part_to_leave_out(&lines, index));
        recovered.problems.push(problem);
        let Some(part) = part else {
            return recovered;
        };
        recovered.entries_left_out |= part.is_entry;
        let blank = lines.get_mut(part.first..=part.last).unwrap_or_default();
        if blank.iter().all(String::is_empty) {
            return recovered;
        }
        blank.iter_mut().for_each(String::clear);
    }
}

/// Lines (0-based, inclusive) of a part of the mapping that may be left out.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Part {
    first: usize,
    last: usize,
    is_entry: bool,
}

/// One open node of the block structure while scanning lines.
#[derive(Debug, Clone)]
struct Node {
    indent: usize,
    /// `Some(key)` for `key:`, `None` for a sequence entry `- `.
    key: Option<String>,
    first: usize,
}

/// The innermost part holding line `at` that may be left out.
fn part_to_leave_out(lines: &[String], at: usize) -> Option<Part> {
    let chain = chain_at(lines, at)?;
    let innermost_entry = chain.iter().enumerate().rev().find(|(depth, node)| {
        node.key.is_none()
            && depth
                .checked_sub(1)
                .and_then(|parent| chain.get(parent))
                .and_then(|parent| parent.key.as_deref())
                .is_some_and(|key| key == "indicators" || key == "sections")
    });
    if let Some((_, entry)) = innermost_entry {
        return Some(Part {
            first: entry.first,
            last: block_end(lines, entry),
            is_entry: true,
        });
    }
    let top = chain.first()?;
    let optional = top
        .key
        .as_deref()
        .is_some_and(|key| OPTIONAL_BLOCKS.contains(&key));
    optional.then(|| Part {
        first: top.first,
        last: block_end(lines, top),
        is_entry: false,
    })
}

/// The nodes open at line `at`, outermost first.
fn chain_at(lines: &[String], at: usize) -> Option<Vec<Node>> {
    let mut stack: Vec<Node> = Vec::new();
    for (index, line) in lines.iter().enumerate().take(at + 1) {
        let Some((indent, content)) = significant(line) else {
            continue;
        };
        close(&mut stack, indent, content.starts_with('-'));
        open(&mut stack, index, indent, content);
    }
    (!stack.is_empty()).then_some(stack)
}

/// The last line of `node`'s block: up to the next line that closes it.
fn block_end(lines: &[String], node: &Node) -> usize {
    let mut last = node.first;
    for (index, line) in lines.iter().enumerate().skip(node.first + 1) {
        let Some((indent, content)) = significant(line) else {
            continue;
        };
        if closes(node, indent, content.starts_with('-')) {
            break;
        }
        last = index;
    }
    last
}

/// A line's indentation and content, or `None` for a blank or comment line.
fn significant(line: &str) -> Option<(usize, &str)> {
    let content = line.trim_start_matches(' ');
    let indent = line.len() - content.len();
    let content = content.trim_end();
    (!content.is_empty() && !content.starts_with('#')).then_some((indent, content))
}

/// Whether a line at `indent` ends `node`. A sequence may sit at its key's
/// own indentation (`key:` then `- item` below it, unindented).
fn closes(node: &Node, indent: usize, is_entry: bool) -> bool {
    indent < node.indent || (indent == node.indent && !(is_entry && node.key.is_some()))
}

fn close(stack: &mut Vec<Node>, indent: usize, is_entry: bool) {
    while stack
        .last()
        .is_some_and(|node| closes(node, indent, is_entry))
    {
        stack.pop();
    }
}

/// Opens the nodes a line starts: a sequence entry, and a key (also the
/// one right after a `- `).
fn open(stack: &mut Vec<Node>, index: usize, indent: usize, content: &str) {
    let (indent, content) = match content.strip_prefix('-') {
        Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
            stack.push(Node {
                indent,
                key: None,
                first: index,
            });
            let after = rest.trim_start_matches(' ');
            (indent + content.len() - after.len(), after)
        }
        _ => (indent, content),
    };
    if let Some(key) = key_of(content) {
        stack.push(Node {
            indent,
            key: Some(key),
            first: index,
        });
    }
}

/// The key of a `key: value` line (plain keys only).
fn key_of(content: &str) -> Option<String> {
    let (key, _) = content.split_once(':')?;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    plain.then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "form: t
recognise: { title_contains: [t] }
columns: { indicator: 指标, score: 得分 }
grades:
  bands:
    - { grade: A, from: 50 }
    - { grade: B, below: 50, pays: x, oops: 1 }
indicators:
  - label: a
    full_marks: 50
    rule: judged
  - label: b
    full_marks: 50
  - { label: c, full_marks: 50, rule: judged, extra: 1 }
";

    fn lines(text: &str) -> Vec<String> {
        text.split('\n').map(str::to_string).collect()
    }

    #[test]
    fn the_entry_holding_an_error_is_what_is_left_out() {
        let text = lines(BASE);
        let part = |line: usize| part_to_leave_out(&text, line - 1);
        let lines_of = |part: Option<Part>| part.map(|p| (p.first + 1, p.last + 1, p.is_entry));
        assert_eq!(lines_of(part(12)), Some((12, 13, true)), "indicator b");
        assert_eq!(lines_of(part(13)), Some((12, 13, true)));
        assert_eq!(lines_of(part(14)), Some((14, 14, true)), "flow entry c");
        assert_eq!(lines_of(part(7)), Some((4, 7, false)), "the grades block");
        assert_eq!(part(1), None, "form is needed");
        assert_eq!(part(3), None, "columns are needed");
    }

    #[test]
    fn unindented_sequences_and_sections_are_followed() {
        let text = lines(
            "sections:\n- name: s\n  weight: 100%\n  indicators:\n  - label: a\n    rule: judged\n  - label: b\n",
        );
        let part =
            |line: usize| part_to_leave_out(&text, line - 1).map(|p| (p.first + 1, p.last + 1));
        assert_eq!(part(6), Some((5, 6)), "indicator a inside the section");
        assert_eq!(part(3), Some((2, 7)), "the section itself");
    }

    #[test]
    fn every_entry_that_fails_is_reported_and_the_rest_is_read() {
        let recovered = parse_recovering(Path::new("m.yaml"), BASE);
        let problems: Vec<String> = recovered.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            problems,
            [
                "m.yaml:7:9: unknown field `oops`, expected one of grade, from, above, to, below, pays",
                "m.yaml:12:5: missing field `rule`",
                "m.yaml:14:7: unknown field `extra`, expected one of label, full_marks, weight, unit, inputs, rule"
            ]
        );
        let raw = recovered.raw.expect("the rest reads");
        assert!(raw.grades.is_none());
        assert_eq!(raw.indicators.map(|list| list.value.len()), Some(1));
        assert!(recovered.entries_left_out);
    }

    #[test]
    fn an_error_where_nothing_can_be_left_out_stops_reading() {
        let recovered = parse_recovering(Path::new("m.yaml"), "form: [\n");
        assert_eq!(recovered.problems.len(), 1);
        assert!(recovered.raw.is_none());
    }
}
