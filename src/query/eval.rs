//! Evaluating a parsed expression against one entity's fields. Pure: `today` comes from
//! the caller, and a field lookup that fails is simply `Value::Null`.

use super::ast::{Expr, Operand, RangeBound, Test};
use crate::value::Value;
use chrono::{Days, NaiveDate};
use std::cmp::Ordering;

impl Expr {
    /// Whether the entity whose fields `get` returns satisfies the expression. `today` is
    /// the reference day for relative ages (`last_touch>30d`).
    pub fn matches(&self, get: &dyn Fn(&str) -> Value, today: NaiveDate) -> bool {
        match self {
            Expr::And(operands) => operands.iter().all(|operand| operand.matches(get, today)),
            Expr::Or(operands) => operands.iter().any(|operand| operand.matches(get, today)),
            Expr::Not(inner) => !inner.matches(get, today),
            Expr::Term(term) => term.test.holds(&get(&term.field), today),
        }
    }
}

impl Test {
    /// Whether the test holds for one field value. A list holds when any element does,
    /// except for `has:`, which asks about the list itself.
    pub fn holds(&self, value: &Value, today: NaiveDate) -> bool {
        match self {
            Test::Present => is_present(value),
            _ => any_element(value, &|scalar| self.holds_for_scalar(scalar, today)),
        }
    }

    fn holds_for_scalar(&self, value: &Value, today: NaiveDate) -> bool {
        if value.is_null() {
            return false;
        }
        match self {
            Test::Present => is_present(value),
            Test::Equals(literal) => match value {
                Value::Bool(flag) => literal.boolean == Some(*flag),
                Value::Int(_) | Value::Num(_) => literal.number.is_some() && literal.number == value.as_f64(),
                Value::Text(text) => text.to_lowercase() == literal.folded,
                Value::Date(date) => literal.date == Some(*date),
                Value::Null | Value::List(_) => false,
            },
            Test::Matches(regex) => regex.is_match(&value.to_string()),
            Test::Compare(op, operand) => compare_to_operand(value, *operand, today).is_some_and(|o| op.accepts(o)),
            Test::Range(start, end) => {
                let at_or_after_start =
                    start.is_none_or(|bound| compare_to_bound(value, bound).is_some_and(|o| o != Ordering::Less));
                let at_or_before_end =
                    end.is_none_or(|bound| compare_to_bound(value, bound).is_some_and(|o| o != Ordering::Greater));
                at_or_after_start && at_or_before_end
            }
        }
    }
}

fn any_element(value: &Value, holds: &dyn Fn(&Value) -> bool) -> bool {
    match value {
        Value::List(items) => items.iter().any(|item| any_element(item, holds)),
        scalar => holds(scalar),
    }
}

fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Text(text) => !text.is_empty(),
        Value::List(items) => !items.is_empty(),
        _ => true,
    }
}

/// `value` compared with the operand, or `None` when they are of different kinds.
fn compare_to_operand(value: &Value, operand: Operand, today: NaiveDate) -> Option<Ordering> {
    match (operand, value) {
        (Operand::Number(number), Value::Int(_) | Value::Num(_)) => value.as_f64()?.partial_cmp(&number),
        (Operand::Date(day), Value::Date(date)) => Some(date.cmp(&day)),
        (Operand::AgeDays(days), Value::Date(date)) => {
            // Age is today − date, so `age > N` ⇔ `today − N > date`: comparing the
            // threshold day with the date gives the age's ordering. A threshold before the
            // calendar's start makes every date younger.
            let threshold = today.checked_sub_days(Days::new(days)).unwrap_or(NaiveDate::MIN);
            Some(threshold.cmp(date))
        }
        _ => None,
    }
}

fn compare_to_bound(value: &Value, bound: RangeBound) -> Option<Ordering> {
    match (bound, value) {
        (RangeBound::Number(number), Value::Int(_) | Value::Num(_)) => value.as_f64()?.partial_cmp(&number),
        (RangeBound::Date(day), Value::Date(date)) => Some(date.cmp(&day)),
        _ => None,
    }
}
