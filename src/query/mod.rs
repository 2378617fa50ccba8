//! The `--where` language and `--sort` keys: parse once into a pure AST, then evaluate it
//! against any entity that exposes its fields as [`Value`](crate::value::Value)s by name.
//!
//! This module knows nothing about entities, which fields exist, or the clock: the caller
//! passes the list of valid fields to [`Expr::check_fields`] and `today` to
//! [`Expr::matches`]. It never prints.
//!
//! # The language (SPEC 2.1)
//!
//! * Terms separated by whitespace are ANDed; the word `or` between terms means OR, and AND
//!   binds tighter: `a:1 b:2 or c:3` is `(a:1 AND b:2) OR c:3`. Parentheses group.
//! * `not:` negates the term or parenthesised group right after it (`not:(a:1 or b:2)`);
//!   it may be repeated.
//! * `field:value`: equality. Text compares case-insensitively; a list matches when any
//!   element does; numbers compare numerically when `value` is a number, dates when it is a
//!   `YYYY-MM-DD` date, booleans accept `true`/`false`/`yes`/`no`.
//! * `field:~regex`: case-insensitive regex search over the value's text form (any element
//!   of a list). `(?-i)` inside the regex makes it case-sensitive.
//! * `field>N`, `field>=N`, `field<N`, `field<=N`: numeric on numbers, chronological on dates
//!   when the operand is `YYYY-MM-DD`.
//! * Relative age on dates: `field>30d` means "more than 30 days before today" (the date is
//!   earlier than today − 30 days), `field<30d` "within the last 30 days" (later than
//!   today − 30 days; future dates count), and `>=`/`<=` include the boundary day.
//!   Units: `d` days, `w` weeks (7 days), `m` months (30 days), `y` years (365 days).
//! * `field:A..B`: inclusive range of numbers or of dates; either end may be left open
//!   (`..B`, `A..`).
//! * `has:field`: the field is not null, not an empty string and not an empty list.
//!
//! A null field matches no test, so `not:` of any test on it is true. Comparisons, ranges
//! and ages never match a value of another kind (a text field against a number, say).
//!
//! Values may be quoted with `"..."` or `'...'` to hold spaces, colons and parentheses
//! (`name:"上海 安吉"`); there are no escapes, so use the other quote to include a quote. A
//! quoted value is always literal: `name:"a..b"` is equality, not a range. An unquoted value
//! ends at whitespace or at a `)` that closes a group; parentheses balanced inside the value
//! stay in it (`name:~(east|west)`).
//!
//! Field names are `[a-z0-9_.]+`, dotted for nested fields (`credit.limit`).
//!
//! # Sort keys
//!
//! `-revenue_12m,name`: comma-separated field names, each optionally prefixed with `-`
//! (descending) or `+` (ascending, the default). Nulls sort last in both directions.

mod ast;
mod eval;
mod fields;
mod operand;
mod parse;
mod sort;

#[cfg(test)]
mod tests;

pub use ast::{CompareOp, Expr, Literal, Operand, RangeBound, Term, Test};
pub use fields::did_you_mean;
pub use parse::parse;
pub use sort::{SortKey, check_sort_fields, compare, parse_sort};

/// A malformed expression or sort spec, or an unknown field. `position` is the char (not
/// byte) offset in the input of the thing that is wrong, for callers that show a caret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    pub message: String,
    pub position: Option<usize>,
}

impl QueryError {
    pub(crate) fn at(position: usize, message: impl Into<String>) -> Self {
        QueryError { message: message.into(), position: Some(position) }
    }
}
