//! `--sort` keys: parsing and ordering, nulls last both ways.

use super::row;
use crate::query::{SortKey, check_sort_fields, compare, parse_sort};
use crate::value::Value;
use std::cmp::Ordering;

fn key(field: &str, descending: bool) -> SortKey {
    SortKey { field: field.to_string(), descending }
}

/// Sort rows of (name, revenue) and return the names in order.
fn sorted_names(spec: &str, rows: &[(&str, Value)]) -> Vec<String> {
    let keys = parse_sort(spec).unwrap();
    let mut lookups: Vec<_> =
        rows.iter().map(|(name, revenue)| row(&[("name", Value::from(*name)), ("revenue", revenue.clone())])).collect();
    lookups.sort_by(|a, b| compare(&keys, a, b));
    lookups.iter().map(|lookup| lookup("name").to_string()).collect()
}

#[test]
fn parses_direction_and_fields() {
    assert_eq!(parse_sort("-revenue_12m,name").unwrap(), [key("revenue_12m", true), key("name", false)]);
    assert_eq!(parse_sort(" +name , -credit.limit ").unwrap(), [key("name", false), key("credit.limit", true)]);
}

#[test]
fn malformed_sort_specs_are_located() {
    let position = |spec: &str| parse_sort(spec).unwrap_err().position;
    assert_eq!(position(""), Some(0));
    assert_eq!(position(" "), Some(0));
    assert_eq!(position("a,,b"), Some(2));
    assert_eq!(position("a,"), Some(2));
    assert_eq!(position("name, -"), Some(6));
    assert_eq!(position("name,Revenue"), Some(5));
    assert_eq!(position("上海,x"), Some(0));
    // The ideographic space is one char but three bytes.
    assert_eq!(position("a,\u{3000}Y"), Some(3));
}

#[test]
fn ascending_puts_nulls_last() {
    let rows =
        [("none", Value::Null), ("big", Value::Num(300.0)), ("small", Value::Int(10)), ("mid", Value::Num(50.5))];
    assert_eq!(sorted_names("revenue", &rows), ["small", "mid", "big", "none"]);
}

#[test]
fn descending_also_puts_nulls_last() {
    let rows =
        [("none", Value::Null), ("big", Value::Num(300.0)), ("small", Value::Int(10)), ("mid", Value::Num(50.5))];
    assert_eq!(sorted_names("-revenue", &rows), ["big", "mid", "small", "none"]);
}

#[test]
fn ties_fall_to_the_next_key() {
    let rows = [
        ("beta", Value::Int(5)),
        ("Alpha", Value::Int(5)),
        ("gamma", Value::Int(9)),
        ("delta", Value::Null),
        ("charlie", Value::Null),
    ];
    assert_eq!(sorted_names("-revenue,name", &rows), ["gamma", "Alpha", "beta", "charlie", "delta"]);
    assert_eq!(sorted_names("-revenue,-name", &rows), ["gamma", "beta", "Alpha", "delta", "charlie"]);
}

#[test]
fn compare_with_no_keys_or_all_ties_is_equal() {
    let a = row(&[("name", Value::from("x"))]);
    let b = row(&[("name", Value::from("X"))]);
    assert_eq!(compare(&[], &a, &b), Ordering::Equal);
    assert_eq!(compare(&[key("missing", true)], &a, &b), Ordering::Equal);
}

#[test]
fn unknown_sort_field_gets_a_suggestion() {
    let keys = parse_sort("-revenue_12,name").unwrap();
    let error = check_sort_fields(&keys, &["name", "revenue_12m"]).unwrap_err();
    assert_eq!(
        error.message,
        "unknown field `revenue_12` (did you mean `revenue_12m`?); valid fields: name, revenue_12m"
    );
    assert_eq!(error.position, None);
    assert_eq!(check_sort_fields(&keys[1..], &["name"]), Ok(()));
}
