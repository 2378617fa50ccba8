//! The JSON contract of `kam check --format json`: an array of objects with exactly the
//! keys path, line, column, severity, code, message — checked against a struct of this
//! test, not kam's own type, so a renamed or added key fails here.

use crate::support::{ACCOUNT, Book, KAM_TOML};
use serde::Deserialize;

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDiagnostic {
    path: String,
    line: Option<u64>,
    column: Option<u64>,
    severity: String,
    code: String,
    message: String,
}

const KEYS: [&str; 6] = ["path", "line", "column", "severity", "code", "message"];

/// Parses check's JSON, insisting that every object has all six keys (serde would accept
/// a missing `line` as None) and no other.
fn parse(stdout: &str) -> Vec<JsonDiagnostic> {
    let raw: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(stdout).expect("an array of objects");
    for object in &raw {
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, KEYS, "keys of {object:?}");
    }
    serde_json::from_str(stdout).expect("the diagnostic shape")
}

fn diag(path: &str, pos: Option<(u64, u64)>, severity: &str, code: &str, message: &str) -> JsonDiagnostic {
    JsonDiagnostic {
        path: path.into(),
        line: pos.map(|p| p.0),
        column: pos.map(|p| p.1),
        severity: severity.into(),
        code: code.into(),
        message: message.into(),
    }
}

#[test]
fn check_json_has_exactly_the_documented_keys() {
    let book = Book::new(&[
        ("kam.toml", KAM_TOML),
        ("accounts/anji/account.toml", "owner = \"zhang-min\"\ntier = \"B\"\n"),
        ("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\nstance = \"fan\"\n"),
    ]);
    let run = book.kam(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        parse(&run.stdout),
        vec![
            diag("accounts/anji/account.toml", None, "error", "E103", "missing required field `name`"),
            diag(
                "accounts/anji/account.toml",
                None,
                "warning",
                "W302",
                "tier B needs a team of 2; the team has 1 (zhang-min)"
            ),
            diag(
                "accounts/anji/account.toml",
                None,
                "warning",
                "W304",
                "no interaction recorded; tier B cadence is 30 days"
            ),
            diag(
                "accounts/anji/contacts/wang-jun.toml",
                Some((2, 10)),
                "error",
                "E104",
                "`stance` must be one of champion, supporter, neutral, skeptic, opponent; found `fan`"
            ),
        ]
    );
    // Null, not absent, where there is no position.
    assert!(run.stdout.contains("\"line\": null,\n    \"column\": null,"), "{}", run.stdout);
}

#[test]
fn check_json_of_a_clean_book_is_an_empty_array() {
    let book = Book::new(&[("kam.toml", KAM_TOML), ("accounts/anji/account.toml", ACCOUNT)]);
    let run = book.kam(&["check", "--format", "json"]);
    assert_eq!(parse(&run.stdout), vec![]);
    assert_eq!(run.stdout.trim(), "[]");
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, 0);
}

#[test]
fn check_ndjson_is_one_object_per_line() {
    let book = Book::new(&[
        ("kam.toml", KAM_TOML),
        ("accounts/anji/account.toml", "name = \"上海安吉物流\"\nowner = \"zhang-mn\"\nteir = \"A\"\n"),
    ]);
    let run = book.kam(&["check", "--format", "ndjson"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let parsed: Vec<JsonDiagnostic> = lines.iter().map(|l| parse(&format!("[{l}]")).remove(0)).collect();
    assert_eq!(
        parsed,
        vec![
            diag(
                "accounts/anji/account.toml",
                Some((2, 9)),
                "error",
                "E201",
                "unknown person `zhang-mn` (did you mean `zhang-min`?)"
            ),
            diag(
                "accounts/anji/account.toml",
                Some((3, 1)),
                "error",
                "E102",
                "unknown field `teir` (did you mean `tier`?)"
            ),
        ]
    );
}
