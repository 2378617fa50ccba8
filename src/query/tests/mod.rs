//! Behaviour tests for the query module, split by concern. All use a fixed `today`.

mod errors;
mod fields;
mod matching;
mod sorting;

use super::{QueryError, parse};
use crate::value::Value;
use chrono::NaiveDate;

/// A fixed reference day: 30 days before it is 2026-10-24.
fn today() -> NaiveDate {
    day("2026-11-23")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|item| text(item)).collect())
}

/// A field lookup over a fixed set of fields; anything else is null.
fn row(fields: &[(&str, Value)]) -> impl Fn(&str) -> Value + use<> {
    let fields: Vec<(String, Value)> = fields.iter().map(|(name, value)| (name.to_string(), value.clone())).collect();
    move |name: &str| fields.iter().find(|(field, _)| field == name).map_or(Value::Null, |(_, value)| value.clone())
}

fn matches(expr: &str, fields: &[(&str, Value)]) -> bool {
    let parsed = parse(expr).unwrap_or_else(|error| panic!("`{expr}` should parse: {error}"));
    parsed.matches(&row(fields), today())
}

fn parse_error(expr: &str) -> QueryError {
    match parse(expr) {
        Ok(parsed) => panic!("`{expr}` should not parse, got {parsed:?}"),
        Err(error) => error,
    }
}
