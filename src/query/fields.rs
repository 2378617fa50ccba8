//! Field names: their syntax, and checking the names a query uses against the fields an
//! entity has, with a "did you mean" for near misses. Which fields exist is the caller's
//! business (the field registries); this module only compares names.

use super::QueryError;
use super::ast::Expr;

/// `[a-z0-9_]+` segments joined by single dots.
pub(super) fn is_valid_field_name(name: &str) -> bool {
    name.split('.').all(|segment| {
        !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    })
}

impl Expr {
    /// Err when the expression uses a field not in `known`. The message names every
    /// unknown field (with a suggestion when one is close) and lists the valid fields; the
    /// position is that of the first unknown field.
    pub fn check_fields(&self, known: &[&str]) -> Result<(), QueryError> {
        let mut unknown: Vec<&str> = Vec::new();
        let mut first_position = None;
        for term in self.terms() {
            let name = term.field.as_str();
            if !known.contains(&name) && !unknown.contains(&name) {
                unknown.push(name);
                first_position.get_or_insert(term.position);
            }
        }
        if unknown.is_empty() {
            return Ok(());
        }
        Err(unknown_fields_error(&unknown, known, first_position))
    }
}

pub(super) fn unknown_fields_error(unknown: &[&str], known: &[&str], position: Option<usize>) -> QueryError {
    let named: Vec<String> = unknown
        .iter()
        .map(|name| match did_you_mean(name, known) {
            Some(suggestion) => format!("`{name}` (did you mean `{suggestion}`?)"),
            None => format!("`{name}`"),
        })
        .collect();
    let noun = if unknown.len() == 1 { "field" } else { "fields" };
    let valid = if known.is_empty() { "none".to_string() } else { known.join(", ") };
    QueryError { message: format!("unknown {noun} {}; valid fields: {valid}", named.join(", ")), position }
}

/// The known field most similar to `name`, when it is similar enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    crate::diag::did_you_mean(name, known.iter().copied())
}
