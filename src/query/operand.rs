//! Reading the value side of a term once, at parse time: equality literals, regexes,
//! comparison operands (number, date, age) and ranges. Errors point at the value.

use super::QueryError;
use super::ast::{CompareOp, Literal, Operand, RangeBound, Test};
use chrono::NaiveDate;
use regex::RegexBuilder;

/// A value as written, before interpretation.
pub(super) struct RawValue {
    pub text: String,
    /// Char offset of the value's first char (inside the quotes when quoted).
    pub position: usize,
    pub quoted: bool,
}

pub(super) fn literal(text: &str) -> Literal {
    let boolean = match text.to_ascii_lowercase().as_str() {
        "true" | "yes" => Some(true),
        "false" | "no" => Some(false),
        _ => None,
    };
    Literal {
        text: text.to_string(),
        folded: text.to_lowercase(),
        number: parse_number(text),
        date: match parse_date(text) {
            DateReading::Date(date) => Some(date),
            DateReading::NotADate | DateReading::NotOnTheCalendar => None,
        },
        boolean,
    }
}

pub(super) fn regex(pattern: &RawValue) -> Result<Test, QueryError> {
    RegexBuilder::new(&pattern.text).case_insensitive(true).build().map(Test::Matches).map_err(|error| {
        // The syntax error's Display repeats the pattern with a caret over several
        // lines; the caller shows its own caret, so keep only the reason.
        let text = error.to_string();
        let reason = text.lines().find_map(|line| line.strip_prefix("error: ")).unwrap_or(&text);
        QueryError::at(pattern.position, format!("invalid regex `{}`: {reason}", pattern.text))
    })
}

pub(super) fn compare_operand_help(op: CompareOp) -> String {
    format!("`{}` needs a number, a date (YYYY-MM-DD) or an age (like `30d`; units d, w, m, y)", op.symbol())
}

pub(super) fn compare_operand(op: CompareOp, value: &RawValue) -> Result<Operand, QueryError> {
    if let Some(number) = parse_number(&value.text) {
        return Ok(Operand::Number(number));
    }
    match parse_date(&value.text) {
        DateReading::Date(date) => return Ok(Operand::Date(date)),
        DateReading::NotOnTheCalendar => return Err(not_on_the_calendar(value)),
        DateReading::NotADate => {}
    }
    if let Some(days) = parse_age_days(&value.text) {
        return Ok(Operand::AgeDays(days));
    }
    Err(QueryError::at(value.position, format!("{}, found `{}`", compare_operand_help(op), value.text)))
}

/// `A..B`, `..B` or `A..`: both ends numbers or both dates, start not after end.
pub(super) fn range(value: &RawValue) -> Result<Test, QueryError> {
    let Some((start_text, end_text)) = value.text.split_once("..") else {
        return Err(QueryError::at(value.position, "expected a range `A..B`"));
    };
    let end_position = value.position + start_text.chars().count() + 2;
    let start = range_bound(start_text, value.position)?;
    let end = range_bound(end_text, end_position)?;
    match (start, end) {
        (None, None) => Err(QueryError::at(value.position, "a range needs at least one end: `A..B`, `A..` or `..B`")),
        (Some(RangeBound::Number(low)), Some(RangeBound::Number(high))) if low > high => Err(empty_range(value)),
        (Some(RangeBound::Date(low)), Some(RangeBound::Date(high))) if low > high => Err(empty_range(value)),
        (Some(RangeBound::Number(_)), Some(RangeBound::Date(_)))
        | (Some(RangeBound::Date(_)), Some(RangeBound::Number(_))) => {
            Err(QueryError::at(end_position, "both ends of a range must be numbers, or both dates"))
        }
        (start, end) => Ok(Test::Range(start, end)),
    }
}

fn range_bound(text: &str, position: usize) -> Result<Option<RangeBound>, QueryError> {
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(number) = parse_number(text) {
        return Ok(Some(RangeBound::Number(number)));
    }
    let raw = RawValue { text: text.to_string(), position, quoted: false };
    match parse_date(text) {
        DateReading::Date(date) => Ok(Some(RangeBound::Date(date))),
        DateReading::NotOnTheCalendar => Err(not_on_the_calendar(&raw)),
        DateReading::NotADate => Err(QueryError::at(
            position,
            format!(
                "a range end must be a number or a date (YYYY-MM-DD), found `{text}` \
                 (quote the value to match it as text)"
            ),
        )),
    }
}

fn empty_range(value: &RawValue) -> QueryError {
    QueryError::at(value.position, format!("the range `{}` is empty: its start is after its end", value.text))
}

fn not_on_the_calendar(value: &RawValue) -> QueryError {
    QueryError::at(value.position, format!("`{}` is not a date on the calendar", value.text))
}

/// A plain decimal: optional sign, digits, optional fraction. Stricter than `f64::from_str`,
/// which would also read `inf`, `NaN` and `1e5` as numbers.
fn parse_number(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|part| !all_digits(part)) {
        return None;
    }
    text.parse().ok()
}

enum DateReading {
    Date(NaiveDate),
    NotADate,
    /// Shaped like `YYYY-MM-DD` but not a real day (`2021-02-30`): worth its own error.
    NotOnTheCalendar,
}

fn parse_date(text: &str) -> DateReading {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !shaped {
        return DateReading::NotADate;
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) => DateReading::Date(date),
        Err(_) => DateReading::NotOnTheCalendar,
    }
}

/// `30d`, `2w`, `3m`, `1y` in days; months are 30 days and years 365, so ages are exact
/// counts of days and never depend on the calendar month `today` falls in.
fn parse_age_days(text: &str) -> Option<u64> {
    let unit = text.chars().last()?;
    let days_per_unit = match unit {
        'd' => 1,
        'w' => 7,
        'm' => 30,
        'y' => 365,
        _ => return None,
    };
    let count = &text[..text.len() - unit.len_utf8()];
    if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    count.parse::<u64>().ok()?.checked_mul(days_per_unit)
}
