//! What each operator matches, and how terms combine.

use super::{day, list, matches, parse, row, text, today};
use crate::query::Expr;
use crate::value::Value;

#[test]
fn equality_on_text_ignores_case() {
    assert!(matches("tier:a", &[("tier", text("A"))]));
    assert!(matches("status:CHURNED", &[("status", text("churned"))]));
    assert!(!matches("tier:b", &[("tier", text("A"))]));
    assert!(!matches("tier:a", &[("tier", text("AA"))]));
}

#[test]
fn quoted_values_hold_cjk_spaces_colons_and_parentheses() {
    let fields = [("name", text("上海 安吉")), ("note", text("a:b (c)"))];
    assert!(matches(r#"name:"上海 安吉""#, &fields));
    assert!(matches("name:'上海 安吉'", &fields));
    assert!(!matches(r#"name:"上海""#, &fields));
    assert!(matches(r#"note:"A:B (C)""#, &fields));
    assert!(matches(r#"(note:"a:b (c)")"#, &fields));
    assert!(matches(r#"name:'say "hi"'"#, &[("name", text(r#"say "hi""#))]));
}

#[test]
fn unquoted_cjk_value() {
    assert!(matches("city:上海", &[("city", text("上海"))]));
    assert!(!matches("city:上海", &[("city", text("北京"))]));
}

#[test]
fn quoted_empty_string_matches_only_empty_text() {
    assert!(matches(r#"note:"""#, &[("note", text(""))]));
    assert!(!matches(r#"note:"""#, &[("note", text("x"))]));
    assert!(!matches(r#"note:"""#, &[]));
}

#[test]
fn quoted_range_is_literal_text() {
    assert!(matches(r#"code:"a..b""#, &[("code", text("A..B"))]));
}

#[test]
fn equality_on_numbers_is_numeric() {
    assert!(matches("influence:3", &[("influence", Value::Int(3))]));
    assert!(matches("influence:3.0", &[("influence", Value::Int(3))]));
    assert!(matches("revenue:1200.5", &[("revenue", Value::Num(1200.5))]));
    assert!(matches("revenue:-2", &[("revenue", Value::Num(-2.0))]));
    assert!(!matches("influence:4", &[("influence", Value::Int(3))]));
    assert!(!matches("influence:three", &[("influence", Value::Int(3))]));
}

#[test]
fn equality_on_dates() {
    let fields = [("since", Value::Date(day("2020-01-01")))];
    assert!(matches("since:2020-01-01", &fields));
    assert!(!matches("since:2020-01-02", &fields));
    assert!(!matches("since:2020", &fields));
}

#[test]
fn equality_on_booleans_accepts_true_false_yes_no() {
    let yes = [("active", Value::Bool(true))];
    let no = [("active", Value::Bool(false))];
    for word in ["true", "yes", "YES", "True"] {
        assert!(matches(&format!("active:{word}"), &yes), "{word}");
        assert!(!matches(&format!("active:{word}"), &no), "{word}");
    }
    for word in ["false", "no", "No"] {
        assert!(matches(&format!("active:{word}"), &no), "{word}");
        assert!(!matches(&format!("active:{word}"), &yes), "{word}");
    }
    assert!(!matches("active:1", &yes));
}

#[test]
fn equality_on_a_list_is_membership() {
    let fields = [("tags", list(&["fleet", "export"])), ("roles", list(&["Decision-Maker", "user"]))];
    assert!(matches("tags:fleet", &fields));
    assert!(matches("tags:EXPORT", &fields));
    assert!(!matches("tags:retail", &fields));
    assert!(!matches("tags:fleet,export", &fields));
    assert!(matches("roles:decision-maker", &fields));
    assert!(!matches("tags:fleet", &[("tags", Value::List(vec![]))]));
}

#[test]
fn membership_in_a_list_of_numbers() {
    let fields = [("years", Value::List(vec![Value::Int(2024), Value::Int(2025)]))];
    assert!(matches("years:2025", &fields));
    assert!(!matches("years:2026", &fields));
    assert!(matches("years>2024", &fields));
    assert!(!matches("years>2025", &fields));
}

#[test]
fn regex_is_a_case_insensitive_search() {
    let fields = [("name", text("Shanghai Anji Logistics"))];
    assert!(matches("name:~anji", &fields));
    assert!(matches("name:~^shanghai", &fields));
    assert!(!matches("name:~^anji", &fields));
    assert!(!matches("name:~(?-i)anji", &fields));
    assert!(matches(r#"name:~"anji log""#, &fields));
}

#[test]
fn regex_keeps_balanced_parentheses_in_an_unquoted_value() {
    let east = [("region", text("East China"))];
    assert!(matches("region:~(east|west)", &east));
    assert!(matches("(region:~(east|west))", &east));
    assert!(!matches("region:~(north|south)", &east));
}

#[test]
fn regex_uses_the_text_form_and_any_list_element() {
    assert!(matches("revenue:~^12", &[("revenue", Value::Num(1200.0))]));
    assert!(matches("since:~^2020-", &[("since", Value::Date(day("2020-05-01")))]));
    assert!(matches("tags:~^fl", &[("tags", list(&["export", "fleet"]))]));
    assert!(!matches("tags:~^ex$", &[("tags", list(&["export", "fleet"]))]));
}

#[test]
fn greater_than_on_numbers() {
    let fields = [("revenue", Value::Num(100.0)), ("count", Value::Int(5))];
    assert!(matches("revenue>99.5", &fields));
    assert!(!matches("revenue>100", &fields));
    assert!(matches("count>4", &fields));
    assert!(!matches("count>5", &fields));
}

#[test]
fn greater_or_equal_on_numbers() {
    let fields = [("revenue", Value::Num(100.0))];
    assert!(matches("revenue>=100", &fields));
    assert!(!matches("revenue>=100.01", &fields));
}

#[test]
fn less_than_on_numbers() {
    let fields = [("revenue", Value::Num(100.0))];
    assert!(matches("revenue<100.5", &fields));
    assert!(!matches("revenue<100", &fields));
    assert!(matches("revenue<-0", &[("revenue", Value::Num(-1.0))]));
}

#[test]
fn less_or_equal_on_numbers() {
    let fields = [("count", Value::Int(5))];
    assert!(matches("count<=5", &fields));
    assert!(!matches("count<=4", &fields));
}

#[test]
fn comparisons_on_dates_are_chronological() {
    let fields = [("since", Value::Date(day("2020-06-15")))];
    assert!(matches("since>2020-06-14", &fields));
    assert!(!matches("since>2020-06-15", &fields));
    assert!(matches("since>=2020-06-15", &fields));
    assert!(!matches("since>=2020-06-16", &fields));
    assert!(matches("since<2020-06-16", &fields));
    assert!(!matches("since<2020-06-15", &fields));
    assert!(matches("since<=2020-06-15", &fields));
    assert!(!matches("since<=2020-06-14", &fields));
}

#[test]
fn comparisons_never_match_another_kind() {
    assert!(!matches("tier>1", &[("tier", text("2"))]));
    assert!(!matches("since>2020", &[("since", Value::Date(day("2021-01-01")))]));
    assert!(!matches("revenue>2020-01-01", &[("revenue", Value::Int(5))]));
    assert!(!matches("revenue>30d", &[("revenue", Value::Int(5))]));
}

#[test]
fn more_than_an_age_ago() {
    let touched = |date: &str| [("last_touch", Value::Date(day(date)))];
    // today is 2026-11-23; 30 days ago is 2026-10-24.
    assert!(matches("last_touch>30d", &touched("2026-10-23")));
    assert!(!matches("last_touch>30d", &touched("2026-10-24")));
    assert!(matches("last_touch>=30d", &touched("2026-10-24")));
    assert!(!matches("last_touch>=30d", &touched("2026-10-25")));
}

#[test]
fn within_an_age() {
    let touched = |date: &str| [("last_touch", Value::Date(day(date)))];
    assert!(matches("last_touch<30d", &touched("2026-10-25")));
    assert!(!matches("last_touch<30d", &touched("2026-10-24")));
    assert!(matches("last_touch<=30d", &touched("2026-10-24")));
    assert!(!matches("last_touch<=30d", &touched("2026-10-23")));
    assert!(matches("last_touch<30d", &touched("2026-11-23")));
    assert!(matches("last_touch<30d", &touched("2026-12-25")));
    assert!(!matches("last_touch<0d", &touched("2026-11-23")));
    assert!(matches("last_touch<=0d", &touched("2026-11-23")));
}

#[test]
fn age_units_are_days_weeks_months_and_years() {
    let touched = |date: &str| [("last_touch", Value::Date(day(date)))];
    // 2w = 14 days: 2026-11-09.
    assert!(!matches("last_touch>2w", &touched("2026-11-09")));
    assert!(matches("last_touch>2w", &touched("2026-11-08")));
    // 1m = 30 days: 2026-10-24.
    assert!(!matches("last_touch>1m", &touched("2026-10-24")));
    assert!(matches("last_touch>1m", &touched("2026-10-23")));
    // 1y = 365 days: 2025-11-23.
    assert!(!matches("last_touch>1y", &touched("2025-11-23")));
    assert!(matches("last_touch>1y", &touched("2025-11-22")));
}

#[test]
fn a_huge_age_is_older_than_every_date() {
    let fields = [("since", Value::Date(day("1900-01-01")))];
    assert!(!matches("since>99999999d", &fields));
    assert!(matches("since<99999999d", &fields));
}

#[test]
fn age_uses_the_today_passed_in() {
    let parsed = parse("last_touch>30d").unwrap();
    let fields = row(&[("last_touch", Value::Date(day("2026-10-23")))]);
    assert!(parsed.matches(&fields, today()));
    assert!(!parsed.matches(&fields, day("2026-11-22")));
}

#[test]
fn number_range_is_inclusive_at_both_ends() {
    let influence = |n: i64| [("influence", Value::Int(n))];
    assert!(!matches("influence:3..5", &influence(2)));
    assert!(matches("influence:3..5", &influence(3)));
    assert!(matches("influence:3..5", &influence(4)));
    assert!(matches("influence:3..5", &influence(5)));
    assert!(!matches("influence:3..5", &influence(6)));
    assert!(!matches("influence:3..5", &[("influence", Value::Num(5.5))]));
    assert!(matches("score:1.5..2.5", &[("score", Value::Num(2.5))]));
    assert!(matches("delta:-5..-1", &[("delta", Value::Int(-5))]));
}

#[test]
fn date_range_is_inclusive_at_both_ends() {
    let since = |date: &str| [("since", Value::Date(day(date)))];
    let expr = "since:2020-01-01..2021-12-31";
    assert!(!matches(expr, &since("2019-12-31")));
    assert!(matches(expr, &since("2020-01-01")));
    assert!(matches(expr, &since("2021-06-30")));
    assert!(matches(expr, &since("2021-12-31")));
    assert!(!matches(expr, &since("2022-01-01")));
}

#[test]
fn ranges_may_be_open_at_one_end() {
    let influence = |n: i64| [("influence", Value::Int(n))];
    assert!(matches("influence:..3", &influence(3)));
    assert!(!matches("influence:..3", &influence(4)));
    assert!(matches("influence:3..", &influence(3)));
    assert!(!matches("influence:3..", &influence(2)));
    let since = [("since", Value::Date(day("2020-01-01")))];
    assert!(matches("since:2020-01-01..", &since));
    assert!(!matches("since:..2019-12-31", &since));
}

#[test]
fn range_of_one_kind_never_matches_another() {
    assert!(!matches("since:1..5", &[("since", Value::Date(day("2020-01-01")))]));
    assert!(!matches("influence:..2020-01-01", &[("influence", Value::Int(3))]));
    assert!(!matches("influence:3..", &[("influence", text("4"))]));
}

#[test]
fn has_means_not_null_not_empty_text_not_empty_list() {
    assert!(!matches("has:email", &[]));
    assert!(!matches("has:email", &[("email", Value::Null)]));
    assert!(!matches("has:email", &[("email", text(""))]));
    assert!(!matches("has:tags", &[("tags", Value::List(vec![]))]));
    assert!(matches("has:email", &[("email", text("a@b.cn"))]));
    assert!(matches("has:tags", &[("tags", list(&["fleet"]))]));
    assert!(matches("has:limit", &[("limit", Value::Int(0))]));
    assert!(matches("has:active", &[("active", Value::Bool(false))]));
    assert!(matches("not:has:email", &[]));
}

#[test]
fn null_matches_no_test_and_not_of_it_does() {
    let tests = [
        "tier:a",
        "tier:~^$",
        "tier:~.*",
        "tier>1",
        "tier<=2020-01-01",
        "tier>30d",
        "tier<30d",
        "tier:1..5",
        "tier:..2020-01-01",
    ];
    for test in tests {
        assert!(!matches(test, &[]), "{test} on null");
        assert!(matches(&format!("not:{test}"), &[]), "not:{test} on null");
    }
    assert!(!matches("tags:a", &[("tags", Value::List(vec![Value::Null]))]));
}

#[test]
fn juxtaposition_is_and() {
    let fields = [("tier", text("A")), ("status", text("active"))];
    assert!(matches("tier:A status:active", &fields));
    assert!(matches("  tier:A \t status:active  ", &fields));
    assert!(!matches("tier:A status:churned", &fields));
    assert!(!matches("tier:B status:active", &fields));
}

#[test]
fn or_is_or() {
    let fields = [("tier", text("A"))];
    assert!(matches("tier:B or tier:A", &fields));
    assert!(matches("tier:A or tier:B", &fields));
    assert!(!matches("tier:B or tier:C", &fields));
}

#[test]
fn and_binds_tighter_than_or() {
    for bits in 0..8 {
        let (a, b, c) = (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0);
        let fields = [
            ("a", Value::Int(if a { 1 } else { 0 })),
            ("b", Value::Int(if b { 2 } else { 0 })),
            ("c", Value::Int(if c { 3 } else { 0 })),
        ];
        assert_eq!(matches("a:1 b:2 or c:3", &fields), (a && b) || c, "{a} {b} {c}");
        assert_eq!(matches("c:3 or a:1 b:2", &fields), c || (a && b), "{a} {b} {c}");
        assert_eq!(matches("a:1 (b:2 or c:3)", &fields), a && (b || c), "{a} {b} {c}");
    }
}

#[test]
fn precedence_shows_in_the_tree() {
    let parsed = parse("a:1 b:2 or c:3").unwrap();
    let Expr::Or(alternatives) = parsed else {
        panic!("expected Or, got {parsed:?}");
    };
    assert_eq!(alternatives.len(), 2);
    assert!(matches!(&alternatives[0], Expr::And(terms) if terms.len() == 2));
    assert!(matches!(&alternatives[1], Expr::Term(term) if term.field == "c"));
}

#[test]
fn not_negates_one_term_only() {
    let fields = |a: i64, b: i64| [("a", Value::Int(a)), ("b", Value::Int(b))];
    assert!(matches("not:a:1 b:2", &fields(0, 2)));
    assert!(!matches("not:a:1 b:2", &fields(1, 2)));
    assert!(!matches("not:a:1 b:2", &fields(0, 0)));
}

#[test]
fn not_negates_a_group() {
    for bits in 0..4 {
        let (a, b) = (bits & 1 != 0, bits & 2 != 0);
        let fields = [("a", Value::Int(if a { 1 } else { 0 })), ("b", Value::Int(if b { 2 } else { 0 }))];
        assert_eq!(matches("not:(a:1 or b:2)", &fields), !(a || b), "{a} {b}");
        assert_eq!(matches("not:(a:1 b:2)", &fields), !(a && b), "{a} {b}");
        assert_eq!(matches("not:not:a:1", &fields), a, "{a}");
    }
}

#[test]
fn spec_example() {
    let expr = "tier:A not:status:churned last_touch>30d";
    let account = |status: &str, last_touch: &str| {
        [("tier", text("A")), ("status", text(status)), ("last_touch", Value::Date(day(last_touch)))]
    };
    assert!(matches(expr, &account("active", "2026-09-01")));
    assert!(!matches(expr, &account("churned", "2026-09-01")));
    assert!(!matches(expr, &account("active", "2026-11-01")));
}

#[test]
fn groups_may_touch_or_and_each_other() {
    let fields = [("a", Value::Int(1)), ("b", Value::Int(2))];
    assert!(matches("(a:0)or(b:2)", &fields));
    assert!(matches("(a:1)(b:2)", &fields));
    assert!(matches("((a:1))", &fields));
}

#[test]
fn dotted_fields_are_looked_up_whole() {
    let fields = [("credit.limit", Value::Num(50000.0))];
    assert!(matches("credit.limit>=50000", &fields));
    assert!(!matches("credit.limit>50000", &fields));
}

#[test]
fn fields_lists_each_name_once_in_order() {
    let parsed = parse("tier:A not:(has:email or credit.limit>3) tier:B last_touch<30d").unwrap();
    assert_eq!(parsed.fields(), ["tier", "email", "credit.limit", "last_touch"]);
}

#[test]
fn field_named_like_a_keyword_still_works() {
    assert!(matches("or:x", &[("or", text("x"))]));
    assert!(matches("and:x", &[("and", text("x"))]));
    assert!(matches("has.x:1", &[("has.x", Value::Int(1))]));
}
