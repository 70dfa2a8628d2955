//! OpenDocument formulas ("of:=SUM([.D4:.D16];2)") in the Excel syntax the
//! rest of the pipeline and the xlsx writer use ("SUM(D4:D16,2)").

use crate::model::CellValue;

pub fn to_excel_syntax(formula: &str) -> String {
    let body = formula
        .strip_prefix("of:=")
        .or_else(|| formula.strip_prefix('='))
        .unwrap_or(formula);
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            _ if in_string => out.push(c),
            '[' => {
                let reference: String = chars.by_ref().take_while(|&c| c != ']').collect();
                out.push_str(&reference_to_excel(&reference));
            }
            ';' => out.push(','),
            _ => out.push(c),
        }
    }
    out
}

/// LibreOffice stores a formula's error result (#VALUE!) as text, which
/// calamine hands over as a string: the result of a formula that reads as
/// one of the error values is that error.
pub fn error_result(value: &CellValue) -> CellValue {
    const ERRORS: [&str; 8] = [
        "#VALUE!", "#DIV/0!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "Err:502",
    ];
    match value {
        CellValue::Text(text) if ERRORS.contains(&text.trim()) => {
            let code = if text.trim() == "Err:502" {
                "#NUM!"
            } else {
                text.trim()
            };
            CellValue::Error(code.to_string())
        }
        other => other.clone(),
    }
}

/// ".D4:.D16" → "D4:D16"; "$Sheet2.A1" → "Sheet2!A1"; "'My sheet'.A1" →
/// "'My sheet'!A1".
fn reference_to_excel(reference: &str) -> String {
    reference
        .split(':')
        .map(|part| match part.strip_prefix('.') {
            Some(cell) => cell.to_string(),
            None => match part.rfind('.') {
                Some(dot) => {
                    let sheet = part[..dot].trim_start_matches('$');
                    format!("{sheet}!{}", &part[dot + 1..])
                }
                None => part.to_string(),
            },
        })
        .collect::<Vec<_>>()
        .join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_results_stored_as_text_are_errors() {
        let value = CellValue::Text("#VALUE!".into());
        assert_eq!(error_result(&value), CellValue::Error("#VALUE!".into()));
        let text = CellValue::Text("4分".into());
        assert_eq!(error_result(&text), text);
    }

    #[test]
    fn references_and_separators_become_excel_syntax() {
        assert_eq!(to_excel_syntax("of:=SUM([.D4:.D16])"), "SUM(D4:D16)");
        assert_eq!(to_excel_syntax("of:=[.H4]+[.H5]"), "H4+H5");
        assert_eq!(
            to_excel_syntax("of:=ROUND([$Sheet2.A1];2)"),
            "ROUND(Sheet2!A1,2)"
        );
        assert_eq!(
            to_excel_syntax("of:=IF([.A1]=\"a;[b]\";1;0)"),
            "IF(A1=\"a;[b]\",1,0)"
        );
        assert_eq!(
            to_excel_syntax("of:=SUM([.$D$4:.$D$16])"),
            "SUM($D$4:$D$16)"
        );
    }
}
