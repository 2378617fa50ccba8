//! The parsed form of a `--where` expression. Operands are interpreted once at parse time
//! (numbers, dates, ages, compiled regexes) so evaluation per row does no parsing.

use chrono::NaiveDate;
use regex::Regex;
use std::cmp::Ordering;

/// A `--where` expression. `And` and `Or` hold at least two operands; a single term or a
/// parenthesised group is returned as itself.
#[derive(Clone, Debug)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Term(Term),
}

/// One `field<op>value` or `has:field`.
#[derive(Clone, Debug)]
pub struct Term {
    pub field: String,
    /// Char offset of the field name in the input, for errors about the field.
    pub position: usize,
    pub test: Test,
}

#[derive(Clone, Debug)]
pub enum Test {
    /// `field:value`
    Equals(Literal),
    /// `field:~regex`
    Matches(Regex),
    /// `field>N` and friends.
    Compare(CompareOp, Operand),
    /// `field:A..B`, inclusive; `None` is an open end.
    Range(Option<RangeBound>, Option<RangeBound>),
    /// `has:field`
    Present,
}

/// The value of `field:value`, with every reading that equality may need.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub text: String,
    /// `text` lowercased once, for case-insensitive comparison with text fields.
    pub folded: String,
    pub number: Option<f64>,
    pub date: Option<NaiveDate>,
    pub boolean: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

impl CompareOp {
    /// Whether `left <op> right` holds, given `left.cmp(right)`.
    pub fn accepts(self, ordering: Ordering) -> bool {
        match self {
            CompareOp::Greater => ordering == Ordering::Greater,
            CompareOp::GreaterOrEqual => ordering != Ordering::Less,
            CompareOp::Less => ordering == Ordering::Less,
            CompareOp::LessOrEqual => ordering != Ordering::Greater,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Greater => ">",
            CompareOp::GreaterOrEqual => ">=",
            CompareOp::Less => "<",
            CompareOp::LessOrEqual => "<=",
        }
    }
}

/// The right-hand side of a comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Operand {
    Number(f64),
    Date(NaiveDate),
    /// A relative age in days (`30d`, `2w`, `3m`, `1y` already converted).
    AgeDays(u64),
}

/// One end of a `A..B` range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RangeBound {
    Number(f64),
    Date(NaiveDate),
}

impl Expr {
    /// Every field name the expression uses, once each, in order of first appearance.
    pub fn fields(&self) -> Vec<&str> {
        let mut names = Vec::new();
        for term in self.terms() {
            if !names.contains(&term.field.as_str()) {
                names.push(term.field.as_str());
            }
        }
        names
    }

    /// Every term, left to right.
    pub fn terms(&self) -> Vec<&Term> {
        let mut terms = Vec::new();
        self.collect_terms(&mut terms);
        terms
    }

    fn collect_terms<'a>(&'a self, terms: &mut Vec<&'a Term>) {
        match self {
            Expr::And(operands) | Expr::Or(operands) => {
                for operand in operands {
                    operand.collect_terms(terms);
                }
            }
            Expr::Not(inner) => inner.collect_terms(terms),
            Expr::Term(term) => terms.push(term),
        }
    }
}
