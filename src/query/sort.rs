//! `--sort` keys: parsing `-revenue_12m,name` and ordering two entities by them. Nulls go
//! last whichever the direction, because a missing value is never the "top" of a list.

use super::QueryError;
use super::fields::{is_valid_field_name, unknown_fields_error};
use crate::value::Value;
use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKey {
    pub field: String,
    pub descending: bool,
}

/// Parse comma-separated keys; `-field` sorts descending, `+field` or `field` ascending.
/// Spaces around keys are ignored.
pub fn parse_sort(spec: &str) -> Result<Vec<SortKey>, QueryError> {
    if spec.trim().is_empty() {
        return Err(QueryError::at(0, "the sort spec is empty"));
    }
    let mut keys = Vec::new();
    let mut key_position = 0;
    for piece in spec.split(',') {
        let leading_spaces = piece.chars().take_while(|c| c.is_whitespace()).count();
        let position = key_position + leading_spaces;
        key_position += piece.chars().count() + 1;
        let key = piece.trim();
        let (descending, field) = match key.strip_prefix('-') {
            Some(field) => (true, field),
            None => (false, key.strip_prefix('+').unwrap_or(key)),
        };
        if field.is_empty() {
            return Err(QueryError::at(position, "empty sort key: expected a field name"));
        }
        if !is_valid_field_name(field) {
            return Err(QueryError::at(
                position,
                format!(
                    "`{field}` is not a field name: field names are lowercase letters, \
                     digits and `_`, with `.` between nested names"
                ),
            ));
        }
        keys.push(SortKey { field: field.to_string(), descending });
    }
    Ok(keys)
}

/// Err when a key names a field not in `known`, with the same message as
/// [`Expr::check_fields`](super::Expr::check_fields). Sort keys keep no positions, so the
/// error has none.
pub fn check_sort_fields(keys: &[SortKey], known: &[&str]) -> Result<(), QueryError> {
    let mut unknown: Vec<&str> = Vec::new();
    for key in keys {
        let name = key.field.as_str();
        if !known.contains(&name) && !unknown.contains(&name) {
            unknown.push(name);
        }
    }
    if unknown.is_empty() {
        return Ok(());
    }
    Err(unknown_fields_error(&unknown, known, None))
}

/// Order `a` and `b` by each key in turn with [`Value::sort_cmp`], reversed for descending
/// keys; a null value sorts after any other in both directions; ties go to the next key.
pub fn compare(keys: &[SortKey], a: &dyn Fn(&str) -> Value, b: &dyn Fn(&str) -> Value) -> Ordering {
    for key in keys {
        let (left, right) = (a(&key.field), b(&key.field));
        let ordering = match (left.is_null(), right.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) if key.descending => left.sort_cmp(&right).reverse(),
            (false, false) => left.sort_cmp(&right),
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}
