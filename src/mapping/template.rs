//! `check --template`: every label a mapping looks for must be somewhere in
//! the template it was written against, or the mapping can never match.

use std::path::Path;

use super::raw::{RawIndicator, RawMapping};
use super::recover::parse_recovering;
use crate::model::Workbook;
use crate::model::label::normalise;
use crate::yaml::{Diagnostic, Diagnostics, Spanned, position_of};

/// Labels of the mapping that no cell of the template contains.
pub fn check_against_template(file: &Path, text: &str, template: &Workbook) -> Vec<Diagnostic> {
    // Shape problems are the loader's to report; the labels of whatever
    // parses are checked.
    let Some(raw) = parse_recovering(file, text).raw else {
        return Vec::new();
    };
    let texts: Vec<String> = template
        .sheets
        .iter()
        .flat_map(|sheet| sheet.cells.values())
        .map(|cell| normalise(&cell.value.display()))
        .filter(|text| !text.is_empty())
        .collect();
    let mut diagnostics = Diagnostics::new(file);
    for label in labels(&raw) {
        let wanted = normalise(&label.value);
        if !texts.iter().any(|text| text.contains(wanted.as_str())) {
            diagnostics.error(
                position_of(label),
                format!("the template has no cell with the label `{}`", label.value),
            );
        }
    }
    diagnostics.into_vec()
}

fn labels(raw: &RawMapping) -> Vec<&Spanned<String>> {
    let mut labels: Vec<&Spanned<String>> = raw.recognise.value.title_contains.iter().collect();
    let fields = &raw.fields;
    labels.extend(
        [
            &fields.person,
            &fields.department,
            &fields.period,
            &fields.reviewer,
            &fields.base_pay,
        ]
        .into_iter()
        .flatten(),
    );
    if let Some(columns) = &raw.columns {
        let c = &columns.value;
        labels.extend([Some(&c.indicator), Some(&c.score)].into_iter().flatten());
        labels.extend(
            [
                &c.full_marks,
                &c.weight,
                &c.input_label,
                &c.input,
                &c.self_score,
                &c.rank,
            ]
            .into_iter()
            .flatten(),
        );
    }
    if let Some(roster) = &raw.roster {
        let r = &roster.value;
        labels.push(&r.person);
        labels.extend([&r.id, &r.department, &r.rank].into_iter().flatten());
    }
    if let Some(total) = &raw.total {
        labels.push(&total.value.label);
    }
    for indicator in all_indicators(raw) {
        labels.push(&indicator.value.label);
        if let Some(inputs) = &indicator.value.inputs {
            labels.extend(inputs.value.values());
        }
    }
    labels
}

fn all_indicators(raw: &RawMapping) -> Vec<&Spanned<RawIndicator>> {
    let listed = raw.indicators.iter().flat_map(|list| &list.value);
    let in_sections = raw
        .sections
        .iter()
        .flat_map(|sections| &sections.value)
        .flat_map(|section| &section.value.indicators.value);
    listed.chain(in_sections).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::*;
    use crate::model::{Cell, CellRef, CellValue, FileFormat, Sheet};

    fn template(texts: &[&str]) -> Workbook {
        let cells: BTreeMap<CellRef, Cell> = texts
            .iter()
            .enumerate()
            .map(|(col, text)| {
                let cell = Cell {
                    value: CellValue::Text(text.to_string()),
                    formula: None,
                };
                (CellRef::new(0, col as u32), cell)
            })
            .collect();
        Workbook {
            path: PathBuf::from("t.xlsx"),
            format: FileFormat::Xlsx,
            sheets: vec![Sheet {
                name: "表".into(),
                cells,
                ..Sheet::default()
            }],
            recalculates_on_load: false,
        }
    }

    #[test]
    fn labels_missing_from_the_template_are_reported_at_their_line() {
        let text = "form: t
recognise: { title_contains: [考核表] }
columns: { indicator: 考核指标, score: 实际得分, self_score: 自评 }
indicators:
  - { label: 客单价, full_marks: 100, rule: judged }
";
        let found = check_against_template(
            Path::new("m.yaml"),
            text,
            &template(&["售前考核表", "考核\n指标", "实际得分", "客单价"]),
        );
        let messages: Vec<String> = found
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(
            messages,
            ["3:54: the template has no cell with the label `自评`"]
        );
    }
}
