//! Reading the book from git: `--as-of REV|DATE` and `check --changed-since REV`, on
//! repositories built with git2 (fixed author and commit times, no `git` binary).

use crate::errors::symlink;
use crate::support::{Book, KAM_TOML, git, snapshot};

/// 2026-01-10 10:00 +08:00 and 2026-03-15 10:00 +08:00.
const JAN_10: i64 = 1_768_010_400;
const MAR_15: i64 = 1_773_540_000;

const ANJI_B: &str = "name = \"上海安吉物流\"\ntier = \"B\"\nstatus = \"active\"\nowner = \"zhang-min\"\n";
const ANJI_A: &str = "name = \"上海安吉物流\"\ntier = \"A\"\nstatus = \"active\"\nowner = \"zhang-min\"\n";
const BOSCH: &str = "name = \"Bosch Rexroth\"\ntier = \"A\"\nstatus = \"active\"\nowner = \"zhang-min\"\n";

/// A repository with two commits: anji is tier B on 2026-01-10 and tier A from 2026-03-15.
fn two_states() -> Book {
    let book = Book::new(&[
        ("kam.toml", KAM_TOML),
        ("accounts/anji/account.toml", ANJI_B),
        ("accounts/bosch/account.toml", BOSCH),
    ]);
    let repo = git::init(&book.root());
    git::commit_all(&repo, "Add anji and bosch", JAN_10);
    book.write("accounts/anji/account.toml", ANJI_A);
    git::commit_all(&repo, "Raise anji to tier A", MAR_15);
    book
}

const ONLY_BOSCH: &str = r#"[
  {
    "id": "bosch",
    "name": "Bosch Rexroth",
    "tier": "A",
    "status": "active",
    "owner": "zhang-min",
    "last_touch": null,
    "revenue_12m": 0
  }
]
"#;

const ANJI_AND_BOSCH: &str = r#"[
  {
    "id": "anji",
    "name": "上海安吉物流",
    "tier": "A",
    "status": "active",
    "owner": "zhang-min",
    "last_touch": null,
    "revenue_12m": 0
  },
  {
    "id": "bosch",
    "name": "Bosch Rexroth",
    "tier": "A",
    "status": "active",
    "owner": "zhang-min",
    "last_touch": null,
    "revenue_12m": 0
  }
]
"#;

fn tier_a(book: &Book, as_of: Option<&str>) -> String {
    let mut args = vec!["ls", "accounts", "--where", "tier:A", "--format", "json"];
    if let Some(rev) = as_of {
        args.extend(["--as-of", rev]);
    }
    let run = book.kam(&args);
    assert_eq!(run.stderr, "", "{args:?}");
    assert_eq!(run.code, 0, "{args:?}");
    run.stdout
}

#[test]
fn as_of_reads_each_state_of_the_history() {
    let book = two_states();
    assert_eq!(tier_a(&book, None), ANJI_AND_BOSCH, "working tree");
    assert_eq!(tier_a(&book, Some("HEAD")), ANJI_AND_BOSCH, "HEAD");
    assert_eq!(tier_a(&book, Some("HEAD~1")), ONLY_BOSCH, "HEAD~1");
    assert_eq!(tier_a(&book, Some("2026-01-10")), ONLY_BOSCH, "the day of the first commit");
    assert_eq!(tier_a(&book, Some("2026-03-14")), ONLY_BOSCH, "the day before the second commit");
    assert_eq!(tier_a(&book, Some("2026-03-15")), ANJI_AND_BOSCH, "the day of the second commit");
}

#[test]
fn as_of_before_the_first_commit_is_an_error() {
    let book = two_states();
    let run = book.kam(&["ls", "accounts", "--as-of", "2026-01-09"]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "kam: error: no commit on HEAD's first-parent line is on or before 2026-01-09\n");
    assert_eq!(run.code, 2);
}

#[test]
fn as_of_does_not_touch_the_working_tree() {
    let book = two_states();
    // Uncommitted work: an edited file and an untracked one.
    let edited = "name = \"上海安吉物流（集团）\"\ntier = \"C\"\nstatus = \"active\"\nowner = \"zhang-min\"\n";
    book.write("accounts/anji/account.toml", edited);
    book.write("accounts/cosco/account.toml", "name = \"中远海运\"\nowner = \"zhang-min\"\n");
    let before = snapshot(&book.root());
    assert!(before.contains_key(".git/index") && before.contains_key(".git/HEAD"));
    assert_eq!(tier_a(&book, Some("HEAD")), ANJI_AND_BOSCH);
    assert_eq!(tier_a(&book, Some("HEAD~1")), ONLY_BOSCH);
    for args in [&["check", "--as-of", "HEAD~1"][..], &["show", "anji", "--as-of", "HEAD"]] {
        let run = book.kam(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let run = book.kam(&["ls", "accounts", "--as-of", "HEAD", "--columns", "id,name,tier"]);
    assert_eq!(run.stdout, "id\tname\ttier\nanji\t上海安吉物流\tA\nbosch\tBosch Rexroth\tA\n");
    assert_eq!(snapshot(&book.root()), before, "--as-of changed files in the repository");
    assert_eq!(book.read("accounts/anji/account.toml"), edited.as_bytes());
    // And the working tree still reads as edited.
    let run = book.kam(&["ls", "accounts", "--columns", "id,name,tier"]);
    assert_eq!(
        run.stdout,
        "id\tname\ttier\nanji\t上海安吉物流（集团）\tC\nbosch\tBosch Rexroth\tA\ncosco\t中远海运\t\n"
    );
}

#[test]
fn as_of_reads_a_book_in_a_subdirectory_of_the_repository() {
    let book = Book::new(&[
        ("README.md", "the book lives in crm/\n"),
        ("crm/kam.toml", KAM_TOML),
        ("crm/accounts/anji/account.toml", ANJI_B),
    ]);
    let repo = git::init(&book.root());
    git::commit_all(&repo, "Add anji", JAN_10);
    book.write("crm/accounts/anji/account.toml", ANJI_A);
    git::commit_all(&repo, "Raise anji", MAR_15);
    let run = book.kam_in(&book.path("crm"), &["ls", "accounts", "--as-of", "HEAD~1", "--columns", "id,tier"]);
    assert_eq!(run.stdout, "id\ttier\nanji\tB\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A committed book with a known error in an unchanged file (bosch's unknown owner),
/// then an edit that adds an error to one contact and a new opportunity whose references
/// point into unchanged files.
#[test]
fn changed_since_reports_only_changed_files_but_resolves_against_the_whole_book() {
    let kam_toml = format!("{KAM_TOML}\n[[people]]\nid = \"li-qiang\"\nname = \"李强\"\n");
    let book = Book::new(&[
        ("kam.toml", &kam_toml),
        ("accounts/anji/account.toml", "name = \"上海安吉物流\"\nowner = \"zhang-min\"\n"),
        ("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\ninfluence = 4\n"),
        ("accounts/anji/contacts/li-na.toml", "name = \"李娜\"\n"),
        ("accounts/bosch/account.toml", "name = \"Bosch\"\nowner = \"zhang-mn\"\n"),
    ]);
    let repo = git::init(&book.root());
    git::commit_all(&repo, "Add the book", JAN_10);
    book.write("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\ninfluence = 9\ncovered_by = \"li-qiang\"\n");
    book.write(
        "accounts/anji/opportunities/renewal.toml",
        "name = \"Renewal\"\nstage = \"proposal\"\nowner = \"li-qiang\"\ncontacts = [\"li-na\"]\n",
    );

    let all = book.kam(&["check"]);
    assert_eq!(
        all.stdout,
        "accounts/anji/contacts/wang-jun.toml:2:13: error[E105]: `influence` must be between 1 and 5, found 9\n\
         accounts/bosch/account.toml:2:9: error[E201]: unknown person `zhang-mn` (did you mean `zhang-min`?)\n"
    );
    assert_eq!(all.code, 1);

    let changed = book.kam(&["check", "--changed-since", "HEAD"]);
    assert_eq!(
        changed.stdout,
        "accounts/anji/contacts/wang-jun.toml:2:13: error[E105]: `influence` must be between 1 and 5, found 9\n"
    );
    assert_eq!(changed.stderr, "kam check: 1 error (E105 ×1)\n");
    assert_eq!(changed.code, 1);

    // With the bad edit fixed, the unchanged file's error does not fail the check.
    book.write("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\ninfluence = 5\ncovered_by = \"li-qiang\"\n");
    let changed = book.kam(&["check", "--changed-since", "HEAD"]);
    assert_eq!((changed.stdout.as_str(), changed.code), ("", 0), "{}", changed.stderr);

    // A changed file's reference to something that does not exist is still reported.
    book.write("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\ncovered_by = \"li-qaing\"\n");
    let changed = book.kam(&["check", "--changed-since", "HEAD"]);
    assert_eq!(
        changed.stdout,
        "accounts/anji/contacts/wang-jun.toml:2:14: error[E201]: unknown person `li-qaing` (did you mean `li-qiang`?)\n"
    );
    assert_eq!(changed.code, 1);
}

/// Regression: E305 sits on the account directory, not on a file, so it was filtered out
/// although the new directory is exactly what changed.
#[test]
fn changed_since_reports_a_new_account_directory_without_account_toml() {
    let book = two_states();
    book.write("accounts/newco/contacts/wang-jun.toml", "name = \"王军\"\n");
    let run = book.kam(&["check", "--changed-since", "HEAD"]);
    assert_eq!(
        run.stdout,
        "accounts/newco: error[E305]: account directory has no account.toml; its files are not read\n"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn changed_since_an_unknown_revision_is_a_usage_error() {
    let book = two_states();
    let run = book.kam(&["check", "--changed-since", "v9.9"]);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "kam: error: unknown revision `v9.9`\nhint: give a commit, branch, tag, `HEAD~N`, or a date YYYY-MM-DD\n"
    );
    assert_eq!(run.code, 2);
}

/// The git source guards links as the working tree does: a committed link that leaves
/// the repository is reported, never read; a link inside it reads its target.
#[test]
fn as_of_does_not_follow_a_committed_symlink_out_of_the_repository() {
    let outside = tempfile::tempdir().expect("outside");
    let secret = std::fs::canonicalize(outside.path()).expect("canonical").join("secret.toml");
    std::fs::write(&secret, "name = \"SECRET-4c2e\"\n").expect("write");
    let book = two_states();
    book.write("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\n");
    symlink(&secret, &book.path("accounts/anji/contacts/x.toml"));
    symlink("../../../../etc/passwd", &book.path("accounts/anji/contacts/y.toml"));
    symlink("wang-jun.toml", &book.path("accounts/anji/contacts/jun.toml"));
    let repo = git2::Repository::open(book.root()).expect("open");
    git::commit_all(&repo, "Add contacts and links", MAR_15 + 3600);
    std::fs::remove_file(&secret).expect("remove the target: only the commit has the link now");

    let run = book.kam(&["check", "--as-of", "HEAD", "--select", "E"]);
    assert_eq!(
        run.stdout,
        format!(
            "accounts/anji/contacts/x.toml: error[E006]: symbolic link to `{}` points outside the repository or to nothing kam reads; not followed\n\
             accounts/anji/contacts/y.toml: error[E006]: symbolic link to `../../../../etc/passwd` points outside the repository or to nothing kam reads; not followed\n",
            secret.display()
        )
    );
    assert_eq!(run.code, 1);
    std::fs::write(&secret, "name = \"SECRET-4c2e\"\n").expect("write again");
    let run = book.kam(&["ls", "contacts", "--as-of", "HEAD", "--columns", "id,name"]);
    assert_eq!(run.stdout, "id\tname\njun\t王军\nwang-jun\t王军\n");
    assert!(!run.stderr.contains("SECRET-4c2e"), "{}", run.stderr);
}

#[test]
fn as_of_in_a_repository_without_commits_says_so() {
    let book = Book::new(&[("kam.toml", KAM_TOML)]);
    git::init(&book.root());
    let run = book.kam(&["--as-of", "HEAD", "check"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "kam: error: cannot read `HEAD`: the repository has no commits yet\n")
    );
}
