//! Formula text to an expression tree, with Excel's operator precedence:
//! negation, then `%`, then `^`, then `* /`, then `+ -`, then `&`, then
//! comparisons, each level left-associative (`2^3^2` is 64, `-2^2` is 4).

use rust_decimal::Decimal;

use super::lexer::{Op, Token, tokenize};
use super::reference::Reference;

/// Deeper nesting of parentheses and calls than this is refused; Excel's
/// own limit is 64, and the bound keeps every recursion over the tree far
/// from the stack's end.
const MAX_NESTING: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    Number(Decimal),
    Text(String),
    Bool(bool),
    Error(String),
    Ref(Reference),
    /// A defined name (possibly sheet-level, `Sheet1!Name`).
    Name(String),
    /// An external, 3-D or structured reference, as written.
    External(String),
    /// An omitted argument, as in `ROUND(A1,)`.
    Missing,
    Unary(UnaryOp, Box<Expr>),
    /// Operands joined by operators of one precedence level, applied left
    /// to right. A flat list keeps a long `H4+H5+…+H99` shallow.
    Chain(Box<Expr>, Vec<(BinOp, Expr)>),
    /// A function call; the name is upper-cased.
    Call(String, Vec<Expr>),
    /// Syntax outside what is evaluated (array constants, the range
    /// operator between expressions, implicit intersection, spills); the
    /// operands are kept so their references are still seen.
    Unsupported(Vec<Expr>),
}

impl Expr {
    /// Whether the expression may hand a function a reference rather than
    /// a value (IF and IFERROR return their chosen argument as written):
    /// functions skip text in references but convert typed text.
    pub(super) fn may_pass_reference(&self) -> bool {
        match self {
            Expr::Call(name, _) => matches!(name.as_str(), "IF" | "IFERROR"),
            Expr::Unary(UnaryOp::Plus, inner) => {
                matches!(**inner, Expr::Ref(_)) || inner.may_pass_reference()
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnaryOp {
    Neg,
    /// Unary plus does nothing in Excel, not even convert text.
    Plus,
    Percent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Concat,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinOp {
    pub(super) fn is_arithmetic(self) -> bool {
        matches!(
            self,
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Pow
        )
    }
}

/// Binary operator levels, loosest first.
#[derive(Debug, Clone, Copy)]
enum Level {
    Comparison,
    Concat,
    Additive,
    Multiplicative,
    Power,
}

impl Level {
    fn tighter(self) -> Option<Level> {
        match self {
            Level::Comparison => Some(Level::Concat),
            Level::Concat => Some(Level::Additive),
            Level::Additive => Some(Level::Multiplicative),
            Level::Multiplicative => Some(Level::Power),
            Level::Power => None,
        }
    }

    fn operator(self, op: Op) -> Option<BinOp> {
        match (self, op) {
            (Level::Comparison, Op::Eq) => Some(BinOp::Eq),
            (Level::Comparison, Op::Ne) => Some(BinOp::Ne),
            (Level::Comparison, Op::Lt) => Some(BinOp::Lt),
            (Level::Comparison, Op::Le) => Some(BinOp::Le),
            (Level::Comparison, Op::Gt) => Some(BinOp::Gt),
            (Level::Comparison, Op::Ge) => Some(BinOp::Ge),
            (Level::Concat, Op::Amp) => Some(BinOp::Concat),
            (Level::Additive, Op::Plus) => Some(BinOp::Add),
            (Level::Additive, Op::Minus) => Some(BinOp::Sub),
            (Level::Multiplicative, Op::Star) => Some(BinOp::Mul),
            (Level::Multiplicative, Op::Slash) => Some(BinOp::Div),
            (Level::Power, Op::Caret) => Some(BinOp::Pow),
            _ => None,
        }
    }
}

/// The expression tree of a formula (with or without a leading `=`);
/// `None` when it is not a well-formed formula. Unqualified references
/// belong to `sheet`.
pub(super) fn parse(formula: &str, sheet: &str) -> Option<Expr> {
    let body = formula.trim_start();
    let body = body.strip_prefix('=').unwrap_or(body);
    let tokens = tokenize(body)?;
    let mut parser = Parser {
        tokens: &tokens,
        pos: 0,
        nesting: 0,
        sheet,
    };
    let expr = parser.expression()?;
    (parser.pos == tokens.len()).then_some(expr)
}

struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
    nesting: usize,
    sheet: &'t str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.pos);
        self.pos += 1;
        token
    }

    fn consume(&mut self, expected: &Token) -> Option<()> {
        (self.next()? == expected).then_some(())
    }

    /// Runs `inner` one nesting level deeper, refusing past the limit.
    fn nested(&mut self, inner: impl FnOnce(&mut Self) -> Option<Expr>) -> Option<Expr> {
        if self.nesting >= MAX_NESTING {
            return None;
        }
        self.nesting += 1;
        let expr = inner(self);
        self.nesting -= 1;
        expr
    }

    fn expression(&mut self) -> Option<Expr> {
        self.chain(Level::Comparison)
    }

    fn chain(&mut self, level: Level) -> Option<Expr> {
        let first = self.operand(level)?;
        let mut rest = Vec::new();
        while let Some(op) = self.peek_operator(level) {
            self.pos += 1;
            rest.push((op, self.operand(level)?));
        }
        Some(if rest.is_empty() {
            first
        } else {
            Expr::Chain(Box::new(first), rest)
        })
    }

    fn peek_operator(&self, level: Level) -> Option<BinOp> {
        match self.peek()? {
            Token::Op(op) => level.operator(*op),
            _ => None,
        }
    }

    fn operand(&mut self, level: Level) -> Option<Expr> {
        match level.tighter() {
            Some(tighter) => self.chain(tighter),
            None => self.percent(),
        }
    }

    /// `50%`, `A1%%`: percent binds looser than negation.
    fn percent(&mut self) -> Option<Expr> {
        let mut expr = self.unary()?;
        let mut count = 0;
        while self.peek() == Some(&Token::Op(Op::Percent)) {
            count += 1;
            if count > 8 {
                return None;
            }
            self.pos += 1;
            expr = Expr::Unary(UnaryOp::Percent, Box::new(expr));
        }
        Some(expr)
    }

    /// Leading signs. Pairs of minus signs cancel except for the
    /// conversion to a number they force (`--"4"` is 4), so at most two
    /// negations are kept however many signs are written.
    fn unary(&mut self) -> Option<Expr> {
        let mut minus = 0usize;
        let mut plus = false;
        while let Some(Token::Op(op @ (Op::Minus | Op::Plus))) = self.peek() {
            if *op == Op::Minus {
                minus += 1;
            } else {
                plus = true;
            }
            self.pos += 1;
        }
        let expr = self.ranged()?;
        let neg = |expr| Expr::Unary(UnaryOp::Neg, Box::new(expr));
        Some(match minus {
            0 if plus => Expr::Unary(UnaryOp::Plus, Box::new(expr)),
            0 => expr,
            odd if odd % 2 == 1 => neg(expr),
            _ => neg(neg(expr)),
        })
    }

    /// The range operator between expressions (`A1:INDEX(…)`) and the
    /// spill operator (`A1#`), which are not evaluated.
    fn ranged(&mut self) -> Option<Expr> {
        let mut parts = vec![self.primary()?];
        while self.peek() == Some(&Token::Colon) {
            self.pos += 1;
            parts.push(self.primary()?);
        }
        let mut expr = if parts.len() == 1 {
            parts.pop()?
        } else {
            Expr::Unsupported(parts)
        };
        if self.peek() == Some(&Token::Hash) {
            self.pos += 1;
            expr = Expr::Unsupported(vec![expr]);
        }
        Some(expr)
    }

    fn primary(&mut self) -> Option<Expr> {
        let sheet = self.sheet;
        let expr = match self.next()?.clone() {
            Token::Number(value) => Expr::Number(value),
            Token::Text(text) => Expr::Text(text),
            Token::Bool(value) => Expr::Bool(value),
            Token::Error(code) => Expr::Error(code),
            Token::Area {
                sheet: named,
                target,
            } => Expr::Ref(Reference {
                sheet: named.unwrap_or_else(|| sheet.to_string()),
                target,
            }),
            Token::Name(name) => Expr::Name(name),
            Token::Opaque(text) => Expr::External(text),
            Token::Func(name) => self.nested(|p| p.call(name))?,
            Token::LParen => self.nested(|p| {
                let inner = p.expression()?;
                p.consume(&Token::RParen)?;
                Some(inner)
            })?,
            Token::LBrace => self.array()?,
            Token::At => self.nested(|p| Some(Expr::Unsupported(vec![p.unary()?])))?,
            _ => return None,
        };
        Some(expr)
    }

    fn call(&mut self, name: String) -> Option<Expr> {
        self.consume(&Token::LParen)?;
        let mut args = Vec::new();
        if self.peek() == Some(&Token::RParen) {
            self.pos += 1;
            return Some(Expr::Call(name, args));
        }
        loop {
            let arg = match self.peek()? {
                Token::Comma | Token::RParen => Expr::Missing,
                _ => self.expression()?,
            };
            args.push(arg);
            match self.next()? {
                Token::Comma => {}
                Token::RParen => return Some(Expr::Call(name, args)),
                _ => return None,
            }
        }
    }

    /// An array constant `{1,2;3,4}`: skipped, as arrays are not evaluated.
    fn array(&mut self) -> Option<Expr> {
        loop {
            match self.next()? {
                Token::RBrace => return Some(Expr::Unsupported(Vec::new())),
                Token::LBrace => return None,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(n: i64) -> Expr {
        Expr::Number(Decimal::from(n))
    }

    #[test]
    fn precedence_and_associativity() {
        // 1+2*3 is 1 + (2*3): the product is one operand of the sum.
        let Some(Expr::Chain(first, rest)) = parse("1+2*3", "S") else {
            panic!("not a chain");
        };
        assert_eq!(*first, number(1));
        assert!(matches!(&rest[..], [(BinOp::Add, Expr::Chain(_, _))]));
        // -2^2 negates first.
        let Some(Expr::Chain(first, _)) = parse("-2^2", "S") else {
            panic!("not a chain");
        };
        assert_eq!(*first, Expr::Unary(UnaryOp::Neg, Box::new(number(2))));
    }

    #[test]
    fn omitted_arguments() {
        assert_eq!(
            parse("ROUND(1,)", "S"),
            Some(Expr::Call("ROUND".into(), vec![number(1), Expr::Missing]))
        );
        assert_eq!(parse("PI()", "S"), Some(Expr::Call("PI".into(), vec![])));
    }

    #[test]
    fn many_signs_stay_shallow() {
        let formula = format!("{}1", "-".repeat(10_001));
        assert_eq!(
            parse(&formula, "S"),
            Some(Expr::Unary(UnaryOp::Neg, Box::new(number(1))))
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let ok = format!("{}1{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert_eq!(parse(&ok, "S"), Some(number(1)));
        let deep = format!(
            "{}1{}",
            "(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        assert_eq!(parse(&deep, "S"), None);
    }

    #[test]
    fn unsupported_syntax_keeps_its_references() {
        assert!(matches!(
            parse("SUM({1,2;3,4})", "S"),
            Some(Expr::Call(_, _))
        ));
        assert!(
            matches!(parse("A1:INDEX(B:B,2)", "S"), Some(Expr::Unsupported(parts)) if parts.len() == 2)
        );
        assert!(matches!(parse("A1#", "S"), Some(Expr::Unsupported(_))));
        assert!(matches!(parse("@A1:A3", "S"), Some(Expr::Unsupported(_))));
    }

    #[test]
    fn trailing_tokens_are_refused() {
        for bad in ["1 2", "SUM(1))", "(1", "1+", "A1:", "SUM(1,2", "{1,2"] {
            assert_eq!(parse(bad, "S"), None, "{bad}");
        }
    }
}
