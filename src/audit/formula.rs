//! Excel formulas, read far enough to audit them: which cells a formula
//! refers to, which cells make it show an error, what it will show once
//! recalculated, and which cells a total adds up.
//!
//! Arithmetic is decimal. Whatever this module cannot be sure Excel would
//! compute the same way (an unknown function, a defined name, an external
//! workbook, a date typed as text) comes back as "unsupported" or "no
//! cause": an audit that guesses would raise false alarms.
//!
//! Formulas are taken as the read stage stores them, without the leading
//! `=` (one is tolerated). Nothing here panics on malformed input; a
//! formula that does not parse has no references, no causes and evaluates
//! to [`Evaluated::Unsupported`].

mod causes;
mod coverage;
mod eval;
mod functions;
mod lexer;
mod parser;
mod reference;
mod text;

pub use causes::{Cause, CauseKind, error_causes};
pub use coverage::summed_cells;
pub use eval::{
    Evaluated, evaluate, evaluate_cell, evaluate_with_cached_inputs, fill_uncalculated,
    uncalculated_results,
};
pub use reference::{Reference, Scanned, Target, references, scan};

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::{at, book, f, n, sheet, t};
    use super::*;
    use crate::model::{CellValue, Workbook};

    fn workbook_with(formula: &str) -> Workbook {
        book(vec![sheet(
            "S",
            vec![
                ("A1", n(1.0)),
                ("A2", t("4分")),
                ("B1", f(formula, CellValue::Error("#VALUE!".into()))),
            ],
        )])
    }

    /// Every entry point on one formula: none may panic, and a formula that
    /// does not parse must give nothing.
    fn exercise(formula: &str) -> bool {
        let workbook = workbook_with(formula);
        let scanned = scan(formula, "S");
        let evaluated = evaluate(&workbook, "S", formula);
        let _ = evaluate_with_cached_inputs(&workbook, "S", formula);
        let _ = evaluate_cell(&workbook, "S", at("B1"));
        let _ = error_causes(&workbook, "S", at("B1"));
        let summed = summed_cells(&workbook, "S", formula);
        let parses = parser::parse(formula, "S").is_some();
        if !parses {
            assert_eq!(scanned, Scanned::default(), "{formula}");
            assert_eq!(evaluated, Evaluated::Unsupported, "{formula}");
            assert_eq!(summed, None, "{formula}");
        }
        parses
    }

    #[test]
    fn garbage_gives_nothing() {
        for garbage in [
            "",
            "SUM(",
            "((((",
            "))))",
            "A1:",
            "=+",
            "'unterminated",
            "\"open",
            "=",
            "+",
            "-",
            "*2",
            "1+*2",
            "SUM(,",
            "SUM(A1:)",
            ":A1",
            "A1::B2",
            "!A1",
            "Sheet1!",
            "'s'!",
            "#",
            "#VALUE",
            "{",
            "{1,2",
            "[1]",
            "A1 B1",
            "1..2",
            "SUM(1)(2)",
            "%",
            "1%%%%%%%%%%",
            "@",
            "(",
            ")",
            ",",
            "A1!B2!C3",
            "'It''s",
            "ROUND(1,2",
            "IF(1,,",
            "汇总!",
            "XFE1+1E",
        ] {
            assert!(!exercise(garbage), "{garbage} parsed");
        }
    }

    #[test]
    fn every_prefix_of_real_formulas_is_safe() {
        for formula in [
            "ROUND(SUM(G4:G15)*0.8,2)",
            "IF(A1=\"B2\",1,0)",
            "SUMPRODUCT('My sheet'!$A$1:$B$3,Sheet2!C1:D3)",
            "IFERROR(H4/H5,\"-\")&\"分\"",
            "-2^-2%+{1,2;3,4}",
            "[1]Book!A1+Table1[[#Data],[分]]+Jan:Dec!A1",
        ] {
            let chars: Vec<char> = formula.chars().collect();
            for end in 0..=chars.len() {
                let prefix: String = chars[..end].iter().collect();
                exercise(&prefix);
            }
            assert!(exercise(formula), "{formula}");
        }
    }

    #[test]
    fn random_formulas_are_safe() {
        let alphabet: Vec<char> = "AH1$:!'\"()+-*/^&%=<>,;{}#@[]. 0E5SUMIFRO汇总分\u{3000}"
            .chars()
            .collect();
        // A fixed linear congruential sequence: reproducible, no dependency.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0)
        };
        for _ in 0..3000 {
            let len = next() % 24;
            let formula: String = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            exercise(&formula);
        }
    }
}
