//! Splits a formula into tokens. References are recognised here, whole,
//! because only the characters around them tell `A1` (a cell), `A1(` (a
//! function), `A1B` (a name) and `Sheet1!A1` apart.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::reference::{Target, area};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Number(Decimal),
    Text(String),
    Bool(bool),
    /// An error literal such as `#REF!`, upper-cased.
    Error(String),
    /// A cell or range; `sheet` is `None` for the formula's own sheet.
    Area {
        sheet: Option<String>,
        target: Target,
    },
    /// A function name (upper-cased); the `(` follows as its own token.
    Func(String),
    Name(String),
    /// A reference this module cannot resolve (external workbook, 3-D,
    /// structured), kept as written.
    Opaque(String),
    Op(Op),
    LParen,
    RParen,
    Comma,
    Colon,
    Semicolon,
    LBrace,
    RBrace,
    At,
    Hash,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Amp,
    Percent,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Every error value Excel displays; longer codes first is unnecessary as
/// none is a prefix of another.
const ERROR_CODES: &[&str] = &[
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#UNKNOWN!",
    "#BUSY!",
    "#EXTERNAL!",
    "#PYTHON!",
];

/// The tokens of a formula, or `None` when it cannot be tokenised (an
/// unterminated string or sheet name, a stray character).
pub(super) fn tokenize(formula: &str) -> Option<Vec<Token>> {
    let mut lexer = Lexer {
        chars: formula.chars().collect(),
        pos: 0,
        tokens: Vec::new(),
    };
    while lexer.pos < lexer.chars.len() {
        lexer.next_token()?;
    }
    Some(lexer.tokens)
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    tokens: Vec<Token>,
}

/// Characters of names, function names and unquoted sheet names. `$`
/// belongs too, so that `A1$` is not read as the cell `A1`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '\\' | '?' | '$')
}

impl Lexer {
    fn peek_at(&self, pos: usize) -> Option<char> {
        self.chars.get(pos).copied()
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    fn push(&mut self, token: Token, end: usize) -> Option<()> {
        self.tokens.push(token);
        self.pos = end;
        Some(())
    }

    fn next_token(&mut self) -> Option<()> {
        let c = self.peek_at(self.pos)?;
        let single = match c {
            '(' => Some(Token::LParen),
            ')' => Some(Token::RParen),
            ',' => Some(Token::Comma),
            ':' => Some(Token::Colon),
            ';' => Some(Token::Semicolon),
            '{' => Some(Token::LBrace),
            '}' => Some(Token::RBrace),
            '@' => Some(Token::At),
            '+' => Some(Token::Op(Op::Plus)),
            '-' => Some(Token::Op(Op::Minus)),
            '*' => Some(Token::Op(Op::Star)),
            '/' => Some(Token::Op(Op::Slash)),
            '^' => Some(Token::Op(Op::Caret)),
            '&' => Some(Token::Op(Op::Amp)),
            '%' => Some(Token::Op(Op::Percent)),
            '=' => Some(Token::Op(Op::Eq)),
            _ => None,
        };
        if let Some(token) = single {
            return self.push(token, self.pos + 1);
        }
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                self.pos += 1;
                Some(())
            }
            '<' | '>' => self.comparison(c),
            '"' => self.string(),
            '#' => self.error_or_hash(),
            '\'' => self.quoted_sheet(),
            '[' => self.external(self.pos),
            _ if c.is_ascii_digit() || c == '.' => self.number_or_rows(),
            _ if is_word_char(c) => self.word(),
            _ => None,
        }
    }

    fn comparison(&mut self, c: char) -> Option<()> {
        let next = self.peek_at(self.pos + 1);
        let (op, len) = match (c, next) {
            ('<', Some('=')) => (Op::Le, 2),
            ('<', Some('>')) => (Op::Ne, 2),
            ('<', _) => (Op::Lt, 1),
            ('>', Some('=')) => (Op::Ge, 2),
            _ => (Op::Gt, 1),
        };
        self.push(Token::Op(op), self.pos + len)
    }

    /// A string literal; `""` inside stands for one quote.
    fn string(&mut self) -> Option<()> {
        let (text, end) = self.quoted(self.pos, '"')?;
        self.push(Token::Text(text), end)
    }

    /// Text between `quote`s starting at `start`, with doubled quotes
    /// unescaped; returns it and the position after the closing quote.
    fn quoted(&self, start: usize, quote: char) -> Option<(String, usize)> {
        let mut text = String::new();
        let mut pos = start + 1;
        loop {
            let c = self.peek_at(pos)?;
            if c == quote {
                if self.peek_at(pos + 1) == Some(quote) {
                    text.push(quote);
                    pos += 2;
                    continue;
                }
                return Some((text, pos + 1));
            }
            text.push(c);
            pos += 1;
        }
    }

    fn error_or_hash(&mut self) -> Option<()> {
        match self.error_literal(self.pos) {
            Some((code, end)) => self.push(Token::Error(code), end),
            // A `#` after a reference is the spill operator (A1#).
            None => self.push(Token::Hash, self.pos + 1),
        }
    }

    fn error_literal(&self, start: usize) -> Option<(String, usize)> {
        ERROR_CODES.iter().find_map(|code| {
            let len = code.chars().count();
            let written = self.text(start, start + len);
            written
                .eq_ignore_ascii_case(code)
                .then(|| (code.to_string(), start + len))
        })
    }

    /// `'My sheet'!A1`; a quoted name with `[` is another workbook and one
    /// with `:` spans sheets (neither can appear in a sheet's own name).
    fn quoted_sheet(&mut self) -> Option<()> {
        let (sheet, end) = self.quoted(self.pos, '\'')?;
        if self.peek_at(end) != Some('!') {
            return None;
        }
        if sheet.contains('[') || sheet.contains(':') {
            let stop = self.reference_tail(end + 1);
            return self.push(Token::Opaque(self.text(self.pos, stop)), stop);
        }
        self.after_sheet(sheet, end + 1)
    }

    /// What follows `Sheet!`: an area, an error literal (`Sheet1!#REF!`)
    /// or a sheet-level defined name.
    fn after_sheet(&mut self, sheet: String, start: usize) -> Option<()> {
        if self.peek_at(start) == Some('#') {
            let (code, end) = self.error_literal(start)?;
            return self.push(Token::Error(code), end);
        }
        if let Some((target, end)) = self.area_at(start) {
            let token = Token::Area {
                sheet: Some(sheet),
                target,
            };
            return self.push(token, end);
        }
        let end = self.word_end(start);
        if end == start {
            return None;
        }
        let name = format!("{sheet}!{}", self.text(start, end));
        self.push(Token::Name(name), end)
    }

    /// `[1]Sheet1!A1` or `[Book.xlsx]Sheet1!A1`: another workbook.
    fn external(&mut self, start: usize) -> Option<()> {
        let close = (start..self.chars.len()).find(|&pos| self.chars.get(pos) == Some(&']'))?;
        let stop = self.reference_tail(close + 1);
        // A workbook alone names nothing: a sheet, cell or name follows.
        if stop == close + 1 {
            return None;
        }
        self.push(Token::Opaque(self.text(start, stop)), stop)
    }

    /// The end of the sheet name, `!` and area after an unresolvable
    /// reference's start.
    fn reference_tail(&self, start: usize) -> usize {
        let mut pos = start;
        while self
            .peek_at(pos)
            .is_some_and(|c| is_word_char(c) || c == '!' || c == ':')
        {
            pos += 1;
        }
        pos
    }

    fn word_end(&self, start: usize) -> usize {
        let mut pos = start;
        while self.peek_at(pos).is_some_and(is_word_char) {
            pos += 1;
        }
        pos
    }

    /// An A1 area starting at `start` (`B3`, `$B$3:C4`, `A:A`, `3:3`) and
    /// the position after it, if one stands there on its own.
    fn area_at(&self, start: usize) -> Option<(Target, usize)> {
        let first_end = self.address_end(start);
        if first_end == start {
            return None;
        }
        let first = self.text(start, first_end);
        if self.peek_at(first_end) == Some(':') {
            let second_end = self.address_end(first_end + 1);
            let second = self.text(first_end + 1, second_end);
            if second_end > first_end + 1
                && self.ends_reference(second_end)
                && let Some(target) = area(&first, Some(&second))
            {
                return Some((target, second_end));
            }
        }
        if !self.ends_reference(first_end) {
            return None;
        }
        area(&first, None).map(|target| (target, first_end))
    }

    fn address_end(&self, start: usize) -> usize {
        let mut pos = start;
        while self
            .peek_at(pos)
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '$')
        {
            pos += 1;
        }
        pos
    }

    /// Whether an address may end at `pos`: `A1B`, `LOG10(`, `A1!` and
    /// `Table1[` are something else.
    fn ends_reference(&self, pos: usize) -> bool {
        self.peek_at(pos)
            .is_none_or(|c| !(is_word_char(c) || matches!(c, '(' | '!' | '[')))
    }

    /// A number literal, or a range of whole rows (`3:5`).
    fn number_or_rows(&mut self) -> Option<()> {
        if let Some((target @ Target::Range(_), end)) = self.area_at(self.pos) {
            let token = Token::Area {
                sheet: None,
                target,
            };
            return self.push(token, end);
        }
        let start = self.pos;
        let mut pos = self.digits_end(start);
        if self.peek_at(pos) == Some('.') {
            pos = self.digits_end(pos + 1);
        }
        let mantissa_end = pos;
        if matches!(self.peek_at(pos), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek_at(pos + 1), Some('+' | '-')));
            let exponent_end = self.digits_end(pos + 1 + sign);
            if exponent_end > pos + 1 + sign {
                pos = exponent_end;
            }
        }
        if self.peek_at(pos).is_some_and(is_word_char) {
            return None;
        }
        let written = self.text(start, pos);
        let value = if pos > mantissa_end {
            Decimal::from_scientific(&written).ok()?
        } else {
            Decimal::from_str(&written).ok()?
        };
        self.push(Token::Number(value), pos)
    }

    fn digits_end(&self, start: usize) -> usize {
        let mut pos = start;
        while self.peek_at(pos).is_some_and(|c| c.is_ascii_digit()) {
            pos += 1;
        }
        pos
    }

    /// A word: sheet name, function, structured reference, area, boolean or
    /// defined name, told apart by what follows it.
    fn word(&mut self) -> Option<()> {
        let start = self.pos;
        let end = self.word_end(start);
        let word = self.text(start, end);
        match self.peek_at(end) {
            Some('!') => return self.after_sheet(word, end + 1),
            Some('(') => return self.push(Token::Func(word.to_uppercase()), end),
            Some('[') => return self.structured(start, end),
            Some(':') if self.spans_sheets(end) => {
                let stop = self.reference_tail(end);
                return self.push(Token::Opaque(self.text(start, stop)), stop);
            }
            _ => {}
        }
        if let Some((target, area_end)) = self.area_at(start) {
            return self.push(
                Token::Area {
                    sheet: None,
                    target,
                },
                area_end,
            );
        }
        let token = match word.to_uppercase().as_str() {
            "TRUE" => Token::Bool(true),
            "FALSE" => Token::Bool(false),
            _ => Token::Name(word),
        };
        self.push(token, end)
    }

    /// `Jan:Dec!A1`: the colon after a word joins two sheet names.
    fn spans_sheets(&self, colon: usize) -> bool {
        let end = self.word_end(colon + 1);
        end > colon + 1 && self.peek_at(end) == Some('!')
    }

    /// `Table1[Column]`, brackets possibly nested (`Table1[[#Data],[A]]`).
    fn structured(&mut self, start: usize, open: usize) -> Option<()> {
        let mut depth = 0usize;
        let mut pos = open;
        loop {
            match self.peek_at(pos)? {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            pos += 1;
        }
        self.push(Token::Opaque(self.text(start, pos + 1)), pos + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_literals() {
        let tokens = tokenize("1.5E+2<>\"a\"&TRUE%").unwrap();
        assert_eq!(
            tokens,
            vec![
                Token::Number(Decimal::from(150)),
                Token::Op(Op::Ne),
                Token::Text("a".into()),
                Token::Op(Op::Amp),
                Token::Bool(true),
                Token::Op(Op::Percent),
            ]
        );
    }

    #[test]
    fn error_literals_are_one_token() {
        assert_eq!(
            tokenize("#div/0!+Sheet1!#REF!").unwrap(),
            vec![
                Token::Error("#DIV/0!".into()),
                Token::Op(Op::Plus),
                Token::Error("#REF!".into()),
            ]
        );
    }

    #[test]
    fn malformed_input_does_not_tokenize() {
        for bad in ["\"open", "'open", "'sheet'A1", "1A", "€", "[1", "Table[["] {
            assert_eq!(tokenize(bad), None, "{bad}");
        }
    }
}
