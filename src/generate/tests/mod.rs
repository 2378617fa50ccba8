//! Tests of the generator, reading its output back as TOML the way a user's tools would:
//! the facts are computed from the files, not from the generator's own model.

mod book;
mod stories;

use super::render::{number, quote};
use super::rng::apportion;
use super::{GenSpec, generate, write_book};
use book::{Book, Fields, parse, policy_warnings, problems};
use std::sync::OnceLock;

/// The example book, generated and parsed once for all tests.
pub(super) fn dealer() -> &'static Book {
    static BOOK: OnceLock<Book> = OnceLock::new();
    BOOK.get_or_init(|| parse(&generate(&GenSpec::dealer())))
}

#[test]
fn dealer_book_is_deterministic() {
    let first = generate(&GenSpec::dealer());
    let second = generate(&GenSpec::dealer());
    assert!(first == second, "two runs of the same spec differ");
    let mut other = GenSpec::dealer();
    other.seed += 1;
    assert!(generate(&other) != first, "the seed has no effect");
}

#[test]
fn dealer_book_has_the_requested_counts() {
    let spec = GenSpec::dealer();
    let book = dealer();
    assert_eq!(book.accounts.len(), spec.accounts);
    assert_eq!(book.accounts.values().map(|a| a.contacts.len()).sum::<usize>(), spec.contacts);
    assert_eq!(book.accounts.values().map(|a| a.interactions.len()).sum::<usize>(), spec.interactions);
    assert_eq!(book.accounts.values().map(|a| a.opportunities.len()).sum::<usize>(), spec.opportunities);
    assert_eq!(book.people.len(), spec.people);
    assert!(spec.accounts >= 25 && spec.contacts >= 80 && spec.interactions >= 400 && spec.opportunities >= 30);
    assert!(book.accounts.values().filter(|a| a.plan.is_some()).count() >= 5);
}

#[test]
fn files_are_sorted_with_kam_toml_first() {
    let files = generate(&GenSpec::dealer());
    assert_eq!(files[0].path, "kam.toml");
    assert!(files[1..].windows(2).all(|pair| pair[0].path < pair[1].path));
}

#[test]
fn dealer_book_has_no_errors() {
    let found = problems(dealer());
    assert!(found.is_empty(), "problems:\n{}", found.join("\n"));
}

#[test]
fn dealer_book_warns_only_about_its_stories() {
    let mut found = policy_warnings(dealer());
    found.sort();
    let expected = [
        "cadence hangzhou-chengtou",
        "cadence ningbo-port-logistics",
        "lost-without-reason wuxi-huitong-coach/shuttle-buses-2026",
        "min-team suzhou-dmv",
        "open-complaint wuxi-huitong-coach",
        "owner-left kunshan-express",
    ];
    assert_eq!(found, expected);
}

#[test]
fn dealer_book_uses_every_enum_value_that_matters() {
    let book = dealer();
    let interactions = || book.accounts.values().flat_map(|a| a.interactions.iter());
    for kind in
        ["visit", "meeting", "call", "email", "message", "event", "order", "payment", "complaint", "survey", "note"]
    {
        assert!(interactions().any(|i| i.text("kind") == kind), "no {kind}");
    }
    for status in ["open", "decided", "communicated", "following-up", "confirmed"] {
        assert!(interactions().any(|i| i.text("status") == status), "no complaint {status}");
    }
    for stage in ["lead", "qualified", "proposal", "negotiation", "commit", "won", "lost"] {
        let found = book.accounts.values().flat_map(|a| a.opportunities.values()).any(|o| o.text("stage") == stage);
        assert!(found, "no {stage} opportunity");
    }
    for segment in ["enterprise", "government", "dealer", "group-buy"] {
        assert!(book.accounts.values().any(|a| a.account.text("segment") == segment), "no {segment}");
    }
    for tier in ["A", "B", "C"] {
        assert!(book.accounts.values().any(|a| a.account.text("tier") == tier), "no tier {tier}");
    }
    assert!(interactions().any(|i| i.raw_date().contains('T')), "no offset datetime");
    assert!(interactions().any(|i| i.orders_opportunity().is_some()), "no order names its opportunity");
    let today = book.today;
    let open_next: Vec<_> = interactions().filter_map(|i| i.open_next_due()).collect();
    assert!(open_next.iter().any(|due| *due < today), "no overdue next step");
    assert!(open_next.iter().any(|due| *due >= today), "no upcoming next step");
    assert!(
        interactions()
            .any(|i| { i.table.get("next").is_some_and(|n| n.get("done").and_then(|d| d.as_bool()) == Some(true)) })
    );
    assert!(book.people.iter().any(|p| p.left.is_some()), "nobody has left");
    assert!(book.accounts.values().any(|a| a.account.get("parent").is_some()));
    assert!(book.accounts.values().any(|a| a.account.get("snooze").is_some()));
    assert!(book.accounts.values().any(|a| a.account.get("dates").is_some()));
    let contacts = || book.accounts.values().flat_map(|a| a.contacts.values());
    assert!(contacts().filter(|c| c.get("left").is_some()).count() >= 2, "fewer than two contacts left");
    assert!(contacts().any(|c| c.get("birthday").is_some()));
    assert!(contacts().any(|c| c.get("preferences").is_some()));
    assert!(contacts().any(|c| c.list("roles").contains(&"opinion-leader".to_string())));
}

#[test]
fn medium_code_path_is_valid_at_reduced_size() {
    let spec = GenSpec {
        accounts: 60,
        contacts: 300,
        interactions: 3_000,
        opportunities: 150,
        people: 8,
        ..GenSpec::medium()
    };
    let files = generate(&spec);
    let book = parse(&files);
    assert_eq!(book.accounts.len(), 60);
    assert_eq!(book.accounts.values().map(|a| a.contacts.len()).sum::<usize>(), 300);
    assert_eq!(book.accounts.values().map(|a| a.interactions.len()).sum::<usize>(), 3_000);
    assert_eq!(book.accounts.values().map(|a| a.opportunities.len()).sum::<usize>(), 150);
    assert_eq!(book.people.len(), 8);
    let found = problems(&book);
    assert!(found.is_empty(), "problems:\n{}", found.join("\n"));
    let warned = policy_warnings(&book);
    assert!(warned.is_empty(), "warnings:\n{}", warned.join("\n"));
    assert!(generate(&spec) == files);
}

#[test]
fn write_book_creates_the_tree() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let files = generate(&GenSpec::dealer());
    write_book(&files, dir.path())?;
    for file in files.iter().step_by(97) {
        let written = std::fs::read_to_string(dir.path().join(&file.path))?;
        assert_eq!(written, file.contents);
    }
    Ok(())
}

#[test]
fn strings_are_escaped_for_toml() {
    for text in [
        "plain",
        "上海安吉物流",
        "say \"hi\"",
        "C:\\fleet\\tco.xlsx",
        "tab\there",
        "line\nbreak",
        "bell\u{7}",
        "O'Brien",
    ] {
        let parsed: toml::Table = toml::from_str(&format!("v = {}", quote(text))).unwrap_or_default();
        assert_eq!(parsed.get("v").and_then(|v| v.as_str()), Some(text), "{text:?}");
    }
}

#[test]
fn amounts_get_thousands_separators() {
    assert_eq!(number(0), "0");
    assert_eq!(number(9_999), "9999");
    assert_eq!(number(12_000), "12_000");
    assert_eq!(number(5_000_000), "5_000_000");
    assert_eq!(number(123_456_789), "123_456_789");
}

#[test]
fn apportion_gives_the_exact_total() {
    assert_eq!(apportion(10, &[1, 1, 1], 0), vec![4, 3, 3]);
    assert_eq!(apportion(100, &[5, 3, 2], 10).iter().sum::<usize>(), 100);
    assert_eq!(apportion(3, &[1, 1, 1, 1, 1], 2).iter().sum::<usize>(), 3);
}
