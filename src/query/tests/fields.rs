//! Checking the fields an expression uses against the known ones.

use crate::query::{did_you_mean, parse};

const KNOWN: &[&str] = &["name", "tier", "status", "last_touch", "credit.limit"];

#[test]
fn known_fields_pass() {
    let parsed = parse("tier:A not:status:churned has:credit.limit last_touch>30d").unwrap();
    assert_eq!(parsed.check_fields(KNOWN), Ok(()));
}

#[test]
fn misspelt_field_gets_a_suggestion_and_the_valid_list() {
    let error = parse("status:active teir:A").unwrap().check_fields(KNOWN).unwrap_err();
    assert_eq!(
        error.message,
        "unknown field `teir` (did you mean `tier`?); valid fields: name, tier, status, \
         last_touch, credit.limit"
    );
    assert_eq!(error.position, Some(14));
}

#[test]
fn far_off_field_gets_no_suggestion() {
    let error = parse("zzz:1").unwrap().check_fields(KNOWN).unwrap_err();
    assert!(error.message.starts_with("unknown field `zzz`; valid fields: "));
    assert!(!error.message.contains("did you mean"));
}

#[test]
fn every_unknown_field_is_named_once_and_the_first_is_located() {
    let parsed = parse("tier:A (lst_touch>3d or zzz:1) zzz:2 has:credit.limt").unwrap();
    let error = parsed.check_fields(KNOWN).unwrap_err();
    assert!(
        error.message.starts_with(
            "unknown fields `lst_touch` (did you mean `last_touch`?), `zzz`, \
             `credit.limt` (did you mean `credit.limit`?); valid fields: "
        ),
        "{}",
        error.message
    );
    assert_eq!(error.position, Some(8));
}

#[test]
fn has_field_is_checked_and_located_at_the_field() {
    let error = parse("has:emial").unwrap().check_fields(&["email"]).unwrap_err();
    assert_eq!(error.position, Some(4));
    assert!(error.message.contains("did you mean `email`?"));
}

#[test]
fn suggestion_is_the_closest_known_field() {
    let known = ["revenue_12m", "revenue_prev_12m", "rfm_segment"];
    assert_eq!(did_you_mean("revenue_12", &known), Some("revenue_12m"));
    assert_eq!(did_you_mean("rfm_segmnt", &known), Some("rfm_segment"));
    assert_eq!(did_you_mean("owner", &known), None);
    assert_eq!(did_you_mean("x", &[]), None);
}
