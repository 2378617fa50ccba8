//! `Value`: one field of one entity as the query language, sorting and the renderers see it.
//!
//! Every listable entity exposes its fields (stored and derived) as `Value`s by name, so
//! `--where`, `--sort`, `--columns` and every output format work from one representation.
//! This module does not know which fields exist; the field registries in `cli::ls` do.

use chrono::NaiveDate;
use std::cmp::Ordering;
use std::fmt;

/// A field value. Amounts and other numbers that may be fractional are `Num`; counts and
/// scores that are whole by definition are `Int`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Num(f64),
    Text(String),
    Date(NaiveDate),
    List(Vec<Value>),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as a number, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(n) => Some(*n as f64),
            Value::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// Ordering for `--sort`: numbers by value, text case-insensitively, dates
    /// chronologically, `false < true`, lists element-wise. Values of different kinds
    /// order by kind so that the order is total; `Null` sorts after everything (callers
    /// keep nulls last in descending sorts too).
    pub fn sort_cmp(&self, other: &Value) -> Ordering {
        use Value::*;
        match (self, other) {
            (Null, Null) => Ordering::Equal,
            (Null, _) => Ordering::Greater,
            (_, Null) => Ordering::Less,
            (Bool(a), Bool(b)) => a.cmp(b),
            (Int(a), Int(b)) => a.cmp(b),
            (a @ (Int(_) | Num(_)), b @ (Int(_) | Num(_))) => {
                let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
                x.total_cmp(&y)
            }
            (Text(a), Text(b)) => a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b)),
            (Date(a), Date(b)) => a.cmp(b),
            (List(a), List(b)) => {
                for (x, y) in a.iter().zip(b) {
                    let o = x.sort_cmp(y);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                a.len().cmp(&b.len())
            }
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Value::Bool(_) => 0,
            Value::Int(_) | Value::Num(_) => 1,
            Value::Date(_) => 2,
            Value::Text(_) => 3,
            Value::List(_) => 4,
            Value::Null => 5,
        }
    }

    /// The value as JSON: numbers stay numbers, dates are ISO-8601 strings.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(n) => J::from(*n),
            // Whole amounts print as integers (`1200000`, not `1200000.0`).
            Value::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => J::from(*n as i64),
            Value::Num(n) => serde_json::Number::from_f64(*n).map_or(J::Null, J::Number),
            Value::Text(s) => J::String(s.clone()),
            Value::Date(d) => J::String(d.format("%Y-%m-%d").to_string()),
            Value::List(items) => J::Array(items.iter().map(Value::to_json).collect()),
        }
    }
}

/// Plain text for tables, TSV and CSV: lists are joined with `, `, null is empty, whole
/// numbers print without a fractional part and others with at most two decimals.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Num(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    write!(f, "{}", *n as i64)
                } else {
                    let s = format!("{n:.2}");
                    let s = s.trim_end_matches('0').trim_end_matches('.');
                    write!(f, "{s}")
                }
            }
            Value::Text(s) => f.write_str(s),
            Value::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<Box<str>> for Value {
    fn from(s: Box<str>) -> Self {
        Value::Text(s.into())
    }
}

impl From<crate::model::Symbol> for Value {
    fn from(s: crate::model::Symbol) -> Self {
        Value::Text(s.into())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Self {
        Value::Date(d)
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::Num(n)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
