//! Recursive-descent parser for the `--where` language: structure (`or`, juxtaposition,
//! `not:`, parentheses) and terms. Reading operands (numbers, dates, ages, ranges) lives in
//! `operand.rs`. Positions are char offsets, so errors point at the right column in CJK input.
//!
//! Grammar:
//! ```text
//! expr  = and ( "or" and )*
//! and   = unary unary*                    (juxtaposition: AND)
//! unary = "not:" unary | "(" expr ")" | term
//! term  = "has:" field | field ( ":" value | ":~" value | cmp value )
//! cmp   = ">" | ">=" | "<" | "<="
//! ```

use super::QueryError;
use super::ast::{CompareOp, Expr, Term, Test};
use super::fields::is_valid_field_name;
use super::operand::{self, RawValue};

/// Parse a `--where` expression. Field names are not checked here; see
/// [`Expr::check_fields`].
pub fn parse(input: &str) -> Result<Expr, QueryError> {
    let mut parser = Parser { chars: input.chars().collect(), pos: 0 };
    parser.skip_whitespace();
    if parser.at_end() {
        return Err(QueryError::at(0, "the expression is empty"));
    }
    let expr = parser.parse_or()?;
    parser.skip_whitespace();
    if !parser.at_end() {
        // parse_or stops only at the end or at a `)` that no group opened.
        return Err(QueryError::at(parser.pos, "unbalanced `)`: no `(` opens it"));
    }
    Ok(expr)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_second(&self) -> Option<char> {
        self.chars.get(self.pos + 1).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn starts_with(&self, word: &str) -> bool {
        word.chars().enumerate().all(|(offset, c)| self.chars.get(self.pos + offset) == Some(&c))
    }

    /// Whether the char at `index` ends a word: the end, whitespace or a parenthesis.
    fn is_boundary(&self, index: usize) -> bool {
        self.chars.get(index).is_none_or(|&c| c.is_whitespace() || c == '(' || c == ')')
    }

    fn at_or(&self) -> bool {
        self.starts_with("or") && self.is_boundary(self.pos + 2)
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    fn parse_or(&mut self) -> Result<Expr, QueryError> {
        let mut alternatives = vec![self.parse_and()?];
        loop {
            self.skip_whitespace();
            if !self.at_or() {
                break;
            }
            let or_at = self.pos;
            self.pos += 2;
            self.skip_whitespace();
            if self.at_end() || self.peek() == Some(')') || self.at_or() {
                return Err(QueryError::at(or_at, "`or` needs a term after it"));
            }
            alternatives.push(self.parse_and()?);
        }
        Ok(if alternatives.len() == 1 { alternatives.remove(0) } else { Expr::Or(alternatives) })
    }

    fn parse_and(&mut self) -> Result<Expr, QueryError> {
        let mut operands = Vec::new();
        loop {
            self.skip_whitespace();
            if self.at_end() || self.peek() == Some(')') || self.at_or() {
                break;
            }
            operands.push(self.parse_unary()?);
        }
        match operands.len() {
            0 if self.at_or() => Err(QueryError::at(self.pos, "`or` needs a term before it")),
            0 if self.at_end() => Err(QueryError::at(self.pos, "expected a term")),
            0 => Err(QueryError::at(self.pos, "unbalanced `)`: no `(` opens it")),
            1 => Ok(operands.remove(0)),
            _ => Ok(Expr::And(operands)),
        }
    }

    fn parse_unary(&mut self) -> Result<Expr, QueryError> {
        if self.starts_with("not:") {
            let not_at = self.pos;
            self.pos += 4;
            if (self.is_boundary(self.pos) && self.peek() != Some('(')) || self.at_or() {
                return Err(QueryError::at(not_at, "`not:` needs a term or a parenthesised group right after it"));
            }
            return Ok(Expr::Not(Box::new(self.parse_unary()?)));
        }
        if self.peek() == Some('(') {
            return self.parse_group();
        }
        self.parse_term()
    }

    fn parse_group(&mut self) -> Result<Expr, QueryError> {
        let open_at = self.pos;
        self.pos += 1;
        self.skip_whitespace();
        match self.peek() {
            None => return Err(unclosed_group(open_at)),
            Some(')') => return Err(QueryError::at(open_at, "empty group `()`")),
            Some(_) => {}
        }
        let inner = self.parse_or()?;
        self.skip_whitespace();
        if self.peek() != Some(')') {
            return Err(unclosed_group(open_at));
        }
        self.pos += 1;
        Ok(inner)
    }

    fn parse_term(&mut self) -> Result<Expr, QueryError> {
        let field_at = self.pos;
        let field = self.read_field_name()?;
        if field == "has" && self.peek() == Some(':') {
            self.pos += 1;
            let target_at = self.pos;
            if self.is_boundary(self.pos) {
                return Err(QueryError::at(field_at, "`has:` needs a field name"));
            }
            let target = self.read_field_name()?;
            self.expect_term_end(&format!("has:{target}"))?;
            return Ok(term(target, target_at, Test::Present));
        }
        let test = match (self.peek(), self.peek_second()) {
            (Some(':'), Some('~')) => {
                self.pos += 2;
                let pattern = self.read_value(&format!("`{field}:~` needs a regex"))?;
                operand::regex(&pattern)?
            }
            (Some(':'), _) => {
                self.pos += 1;
                let value = self.read_value(&format!("`{field}:` needs a value"))?;
                if !value.quoted && value.text.contains("..") {
                    operand::range(&value)?
                } else {
                    Test::Equals(operand::literal(&value.text))
                }
            }
            (Some('>' | '<'), _) => {
                let op = self.read_compare_op();
                let value = self.read_value(&operand::compare_operand_help(op))?;
                Test::Compare(op, operand::compare_operand(op, &value)?)
            }
            (Some('='), _) => {
                return Err(QueryError::at(self.pos, format!("use `:` for equality: `{field}:value`")));
            }
            _ => {
                return Err(QueryError::at(
                    self.pos,
                    format!("expected `:`, `:~`, `>`, `>=`, `<` or `<=` after `{field}`"),
                ));
            }
        };
        Ok(term(field, field_at, test))
    }

    fn read_compare_op(&mut self) -> CompareOp {
        let op = match (self.peek(), self.peek_second()) {
            (Some('>'), Some('=')) => CompareOp::GreaterOrEqual,
            (Some('>'), _) => CompareOp::Greater,
            (Some('<'), Some('=')) => CompareOp::LessOrEqual,
            _ => CompareOp::Less,
        };
        self.pos += op.symbol().len();
        op
    }

    /// Read a field name: the run of chars up to an operator, whitespace, a parenthesis or
    /// a quote, which must then be `[a-z0-9_.]+` with dots only between names.
    fn read_field_name(&mut self) -> Result<String, QueryError> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| !(c.is_whitespace() || matches!(c, '(' | ')' | ':' | '<' | '>' | '=' | '"' | '\'')))
        {
            self.pos += 1;
        }
        let word = self.text(start, self.pos);
        if word.is_empty() {
            let found = self.peek().map_or(String::new(), String::from);
            return Err(QueryError::at(start, format!("expected a term like `field:value`, found `{found}`")));
        }
        let stands_alone = self.is_boundary(self.pos);
        if stands_alone && word.eq_ignore_ascii_case("or") {
            return Err(QueryError::at(start, "write `or` in lowercase"));
        }
        if stands_alone && word.eq_ignore_ascii_case("and") {
            return Err(QueryError::at(start, "terms separated by spaces are already ANDed: drop the `and`"));
        }
        if !is_valid_field_name(&word) {
            return Err(QueryError::at(
                start,
                format!(
                    "`{word}` is not a field name: field names are lowercase letters, digits \
                     and `_`, with `.` between nested names"
                ),
            ));
        }
        Ok(word)
    }

    /// After a quoted value or `has:field`, the term must end.
    fn expect_term_end(&self, term_text: &str) -> Result<(), QueryError> {
        if self.is_boundary(self.pos) {
            return Ok(());
        }
        let found = self.peek().map_or(String::new(), String::from);
        Err(QueryError::at(self.pos, format!("expected a space or `)` after `{term_text}`, found `{found}`")))
    }

    /// Read a quoted or unquoted value. An empty unquoted value is an error with
    /// `missing_message`; `""` is a deliberate empty string and allowed.
    fn read_value(&mut self, missing_message: &str) -> Result<RawValue, QueryError> {
        let start = self.pos;
        if let Some(quote @ ('"' | '\'')) = self.peek() {
            let Some(length) = self.chars[start + 1..].iter().position(|&c| c == quote) else {
                return Err(QueryError::at(start, format!("unclosed quote `{quote}`")));
            };
            let text = self.text(start + 1, start + 1 + length);
            self.pos = start + length + 2;
            self.expect_term_end(&format!("{quote}{text}{quote}"))?;
            return Ok(RawValue { text, position: start + 1, quoted: true });
        }
        // Parentheses balanced inside the value belong to it (`name:~(east|west)`); an
        // unbalanced `)` closes the enclosing group.
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                break;
            }
            if c == '(' {
                depth += 1;
            } else if c == ')' {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Err(QueryError::at(start, missing_message));
        }
        Ok(RawValue { text: self.text(start, self.pos), position: start, quoted: false })
    }
}

fn term(field: String, position: usize, test: Test) -> Expr {
    Expr::Term(Term { field, position, test })
}

fn unclosed_group(open_at: usize) -> QueryError {
    QueryError::at(open_at, "unbalanced `(`: no `)` closes it")
}
