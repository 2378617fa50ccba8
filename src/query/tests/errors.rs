//! Malformed expressions: each is an error at the char offset of what is wrong.

use super::parse_error;

/// The error's position and message, for asserting both.
fn error_at(expr: &str) -> (Option<usize>, String) {
    let error = parse_error(expr);
    (error.position, error.message)
}

#[test]
fn empty_expression() {
    assert_eq!(error_at(""), (Some(0), "the expression is empty".into()));
    assert_eq!(error_at("   "), (Some(0), "the expression is empty".into()));
}

#[test]
fn unbalanced_open_parenthesis_points_at_it() {
    let message = "unbalanced `(`: no `)` closes it".to_string();
    assert_eq!(error_at("(a:1 b:2"), (Some(0), message.clone()));
    assert_eq!(error_at("a:1 (b:2"), (Some(4), message.clone()));
    assert_eq!(error_at("a:1 ("), (Some(4), message.clone()));
    assert_eq!(error_at("((a:1)"), (Some(0), message));
}

#[test]
fn unbalanced_close_parenthesis_points_at_it() {
    let message = "unbalanced `)`: no `(` opens it".to_string();
    assert_eq!(error_at("a:1)"), (Some(3), message.clone()));
    assert_eq!(error_at(")"), (Some(0), message.clone()));
    assert_eq!(error_at("(a:1) b:2)"), (Some(9), message));
}

#[test]
fn empty_group() {
    assert_eq!(error_at("()"), (Some(0), "empty group `()`".into()));
    assert_eq!(error_at("a:1 (  )"), (Some(4), "empty group `()`".into()));
}

#[test]
fn dangling_or() {
    let after = "`or` needs a term after it".to_string();
    let before = "`or` needs a term before it".to_string();
    assert_eq!(error_at("a:1 or"), (Some(4), after.clone()));
    assert_eq!(error_at("a:1 or "), (Some(4), after.clone()));
    assert_eq!(error_at("a:1 or or b:2"), (Some(4), after.clone()));
    assert_eq!(error_at("(a:1 or)"), (Some(5), after));
    assert_eq!(error_at("or a:1"), (Some(0), before.clone()));
    assert_eq!(error_at("(or a:1)"), (Some(1), before));
}

#[test]
fn dangling_not() {
    let message = "`not:` needs a term or a parenthesised group right after it".to_string();
    assert_eq!(error_at("not:"), (Some(0), message.clone()));
    assert_eq!(error_at("a:1 not: b:2"), (Some(4), message.clone()));
    assert_eq!(error_at("(not:)"), (Some(1), message.clone()));
    assert_eq!(error_at("not:or a:1"), (Some(0), message));
}

#[test]
fn missing_value() {
    assert_eq!(error_at("tier:"), (Some(5), "`tier:` needs a value".into()));
    assert_eq!(error_at("a:1 tier: b:2"), (Some(9), "`tier:` needs a value".into()));
    assert_eq!(error_at("(tier:)"), (Some(6), "`tier:` needs a value".into()));
    assert_eq!(error_at("name:~"), (Some(6), "`name:~` needs a regex".into()));
}

#[test]
fn missing_or_wrong_operator() {
    let (position, message) = error_at("a:1 tier");
    assert_eq!(position, Some(8));
    assert_eq!(message, "expected `:`, `:~`, `>`, `>=`, `<` or `<=` after `tier`");
    assert_eq!(error_at("tier=A"), (Some(4), "use `:` for equality: `tier:value`".into()));
}

#[test]
fn bad_regex_points_at_the_pattern() {
    let (position, message) = error_at("name:~(ab");
    assert_eq!(position, Some(6));
    assert!(message.starts_with("invalid regex `(ab`: "), "{message}");
    assert!(!message.contains('\n'), "{message}");
    let (position, _) = error_at(r#"a:1 name:~"[ab""#);
    assert_eq!(position, Some(11));
}

#[test]
fn comparison_needs_a_number_date_or_age() {
    let help = "`>` needs a number, a date (YYYY-MM-DD) or an age (like `30d`; units d, w, m, y)";
    assert_eq!(error_at("revenue>abc"), (Some(8), format!("{help}, found `abc`")));
    assert_eq!(error_at("revenue>"), (Some(8), help.to_string()));
    assert_eq!(error_at("last_touch<=30x").0, Some(12));
    assert_eq!(error_at("last_touch>d").0, Some(11));
    assert_eq!(error_at("revenue>1e5").0, Some(8));
    assert_eq!(error_at("revenue>inf").0, Some(8));
    assert_eq!(error_at("since>2021-02-30"), (Some(6), "`2021-02-30` is not a date on the calendar".into()));
}

#[test]
fn malformed_ranges() {
    assert_eq!(error_at("x:a..b").0, Some(2));
    assert_eq!(error_at("x:1..b").0, Some(5));
    assert_eq!(error_at("x:1..2..3").0, Some(5));
    assert_eq!(error_at("x:.."), (Some(2), "a range needs at least one end: `A..B`, `A..` or `..B`".into()));
    assert_eq!(error_at("x:1..2020-01-01"), (Some(5), "both ends of a range must be numbers, or both dates".into()));
    assert_eq!(error_at("x:5..3"), (Some(2), "the range `5..3` is empty: its start is after its end".into()));
    assert_eq!(error_at("x:2021-01-01..2020-01-01").0, Some(2));
    assert_eq!(error_at("x:2021-01-01..2021-02-30").0, Some(14));
}

#[test]
fn positions_count_chars_not_bytes() {
    // `name:"上海" ` is 10 chars but 14 bytes.
    assert_eq!(error_at(r#"name:"上海" tier>abc"#).0, Some(15));
    assert_eq!(error_at("城市:上海").0, Some(0));
}

#[test]
fn quotes_must_close_and_end_the_term() {
    assert_eq!(error_at(r#"name:"上海"#), (Some(5), "unclosed quote `\"`".into()));
    assert_eq!(error_at("name:'a b").0, Some(5));
    assert_eq!(error_at(r#"name:"a"b"#), (Some(8), r#"expected a space or `)` after `"a"`, found `b`"#.into()));
}

#[test]
fn field_names_are_lowercase_with_dots_between_names() {
    for expr in ["Tier:A", "credit..limit>3", ".limit>3", "limit.>3", "last-touch>3"] {
        let (position, message) = error_at(expr);
        assert_eq!(position, Some(0), "{expr}");
        assert!(message.contains("is not a field name"), "{expr}: {message}");
    }
    assert_eq!(error_at(":A").0, Some(0));
    assert_eq!(error_at("a:1 >3").0, Some(4));
}

#[test]
fn keywords_in_the_wrong_case_or_redundant() {
    assert_eq!(error_at("a:1 OR b:2"), (Some(4), "write `or` in lowercase".into()));
    assert_eq!(
        error_at("a:1 and b:2"),
        (Some(4), "terms separated by spaces are already ANDed: drop the `and`".into())
    );
}

#[test]
fn has_needs_one_valid_field_name() {
    assert_eq!(error_at("has:"), (Some(0), "`has:` needs a field name".into()));
    assert_eq!(error_at("a:1 has: b:2").0, Some(4));
    assert_eq!(error_at("has:Email").0, Some(4));
    assert_eq!(error_at("has:email:x").0, Some(9));
}
