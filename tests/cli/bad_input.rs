//! Bad input, one kind per test: the exact code, position and exit status, and proof that
//! the other files are still checked — every book also holds `accounts/bosch/account.toml`
//! with an unknown owner, whose E201 must appear too. None may panic (`support::run_kam`
//! fails any run that exits 101).

use crate::errors::symlink;
use crate::support::{ACCOUNT, Book, KAM_TOML, git};

/// The other file of every book, and the line it must produce.
const BOSCH: (&str, &str) = ("accounts/bosch/account.toml", "name = \"Bosch\"\nowner = \"zhang-mn\"\n");
const BOSCH_E201: &str =
    "accounts/bosch/account.toml:2:9: error[E201]: unknown person `zhang-mn` (did you mean `zhang-min`?)\n";

/// A book of kam.toml, anji's account.toml, bosch's account.toml and `files`.
fn book_with(files: &[(&str, &str)]) -> Book {
    let mut all = vec![("kam.toml", KAM_TOML), ("accounts/anji/account.toml", ACCOUNT), BOSCH];
    all.extend_from_slice(files);
    Book::new(&all)
}

/// Runs `kam check` and asserts stdout, the stderr summary and exit 1 exactly.
fn assert_check(book: &Book, stdout: &str, summary: &str) {
    let run = book.kam(&["check"]);
    assert_eq!(run.stdout, stdout);
    assert_eq!(run.stderr, format!("kam check: {summary}\n"));
    assert_eq!(run.code, 1);
}

#[test]
fn malformed_toml() {
    let book = book_with(&[("accounts/anji/contacts/li-na.toml", "name = \"李娜\"\ntitle = 采购总监\n")]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/li-na.toml:2:9: error[E001]: invalid TOML: string values must be quoted, expected literal string\n{BOSCH_E201}"
        ),
        "2 errors (E001 ×1, E201 ×1)",
    );
}

#[test]
fn malformed_toml_does_not_stop_read_commands() {
    let book = book_with(&[
        ("accounts/anji/contacts/li-na.toml", "name = \"李娜\"\ntitle = 采购总监\n"),
        ("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\n"),
    ]);
    let run = book.kam(&["ls", "contacts", "--columns", "account,id,name"]);
    assert_eq!(run.stdout, "account\tid\tname\nanji\twang-jun\t王军\n");
    assert_eq!(run.stderr, "kam: warning: 1 of 5 files skipped, 2 errors in the book; run `kam check` for details\n");
    assert_eq!(run.code, 0);
}

#[test]
fn wrong_type() {
    let book = book_with(&[(
        "accounts/anji/contacts/wang-jun.toml",
        "name = \"王军\"\ninfluence = \"4\"\nbirthday = \"1975-03-12\"\n",
    )]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/wang-jun.toml:2:13: error[E101]: `influence` must be an integer, found string\n\
             accounts/anji/contacts/wang-jun.toml:3:12: error[E101]: `birthday` must be a date, found string (write dates without quotes: `birthday = 1975-03-12`)\n\
             {BOSCH_E201}"
        ),
        "3 errors (E101 ×2, E201 ×1)",
    );
}

#[test]
fn wrong_type_in_a_sub_table_names_the_dotted_field() {
    let book = book_with(&[(
        "accounts/anji/account.toml",
        "name = \"上海安吉物流\"\nowner = \"zhang-min\"\n\n[credit]\nlimit = \"5_000_000\"\n",
    )]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/account.toml:5:9: error[E101]: `credit.limit` must be a number, found string\n{BOSCH_E201}"
        ),
        "2 errors (E101 ×1, E201 ×1)",
    );
}

#[test]
fn two_unknown_fields_in_one_file_are_both_reported() {
    let book = book_with(&[(
        "accounts/anji/account.toml",
        "name = \"上海安吉物流\"\nowner = \"zhang-min\"\nteir = \"A\"\nregoin = \"east\"\n",
    )]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/account.toml:3:1: error[E102]: unknown field `teir` (did you mean `tier`?)\n\
             accounts/anji/account.toml:4:1: error[E102]: unknown field `regoin` (did you mean `region`?)\n\
             {BOSCH_E201}"
        ),
        "3 errors (E102 ×2, E201 ×1)",
    );
}

#[test]
fn missing_required_field() {
    let book = book_with(&[("accounts/anji/contacts/wang-jun.toml", "title = \"采购总监\"\n")]);
    assert_check(
        &book,
        &format!("accounts/anji/contacts/wang-jun.toml: error[E103]: missing required field `name`\n{BOSCH_E201}"),
        "2 errors (E103 ×1, E201 ×1)",
    );
}

#[test]
fn out_of_range_number() {
    let book = book_with(&[("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\ninfluence = 7\n")]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/wang-jun.toml:2:13: error[E105]: `influence` must be between 1 and 5, found 7\n{BOSCH_E201}"
        ),
        "2 errors (E105 ×1, E201 ×1)",
    );
}

/// Regression: `nan` and `inf` were reported as "must be a number, found float".
#[test]
fn not_a_number_is_out_of_range() {
    let book = book_with(&[(
        "accounts/anji/interactions/2026-11-20-order.toml",
        "date = 2026-11-20\nkind = \"order\"\nby = [\"zhang-min\"]\namount = nan\nmargin = -inf\n",
    )]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/interactions/2026-11-20-order.toml:4:10: error[E105]: `amount` must be at least 0, found NaN\n\
             accounts/anji/interactions/2026-11-20-order.toml:5:10: error[E105]: `margin` must be a finite number, found -inf\n\
             {BOSCH_E201}"
        ),
        "3 errors (E105 ×2, E201 ×1)",
    );
}

/// Regression: `stage = ""` passed every check (only a missing stage was reported).
#[test]
fn empty_stage_is_an_unknown_stage() {
    let book = book_with(&[("accounts/anji/opportunities/renewal.toml", "name = \"Renewal\"\nstage = \"\"\n")]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/opportunities/renewal.toml:2:9: error[E203]: unknown stage ``; stages: lead, qualified, proposal, negotiation, commit, won, lost\n{BOSCH_E201}"
        ),
        "2 errors (E201 ×1, E203 ×1)",
    );
}

#[test]
fn file_in_the_wrong_place() {
    let book = book_with(&[("accounts/anji/contacts/old/wang-jun.toml", "name = \"王军\"\n")]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/old/wang-jun.toml: error[E301]: file in the wrong place: an account directory holds account.toml, plan.toml, and contacts/, interactions/, opportunities/ with one .toml file per entity\n{BOSCH_E201}"
        ),
        "2 errors (E201 ×1, E301 ×1)",
    );
}

#[test]
fn covered_by_names_nobody() {
    let book = book_with(&[("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\ncovered_by = \"wang-fang\"\n")]);
    assert_check(
        &book,
        &format!("accounts/anji/contacts/wang-jun.toml:2:14: error[E201]: unknown person `wang-fang`\n{BOSCH_E201}"),
        "2 errors (E201 ×2)",
    );
}

#[test]
fn interaction_file_name_date_differs_from_date() {
    // An offset datetime counts by its own calendar date.
    let book = book_with(&[(
        "accounts/anji/interactions/2026-11-21-qbr.toml",
        "date = 2026-11-20T23:30:00+08:00\nkind = \"visit\"\nby = [\"zhang-min\"]\n",
    )]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/interactions/2026-11-21-qbr.toml:1:8: error[E303]: file name date 2026-11-21 differs from `date` 2026-11-20; rename the file or fix the date\n{BOSCH_E201}"
        ),
        "2 errors (E201 ×1, E303 ×1)",
    );
}

#[test]
fn duplicate_emails_across_contacts() {
    let book = book_with(&[
        ("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\nemail = \"wangjun@anji.example\"\n"),
        ("accounts/bosch/contacts/jun-wang.toml", "name = \"Jun Wang\"\nemail = \"WangJun@Anji.example\"\n"),
    ]);
    assert_check(
        &book,
        &format!(
            "{BOSCH_E201}accounts/bosch/contacts/jun-wang.toml:2:9: warning[W501]: email WangJun@Anji.example is also on anji/wang-jun of account anji\n"
        ),
        "1 error (E201 ×1), 1 warning (W501 ×1)",
    );
}

#[test]
fn non_utf8_file() {
    let book = book_with(&[]);
    // `王军` in GBK on the second line.
    book.write("accounts/anji/contacts/wang-jun.toml", b"title = \"x\"\nname = \"\xCD\xF5\xBE\xFC\"\n");
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/wang-jun.toml:2:9: error[E002]: file is not valid UTF-8 (invalid byte 0xCD); save it as UTF-8\n{BOSCH_E201}"
        ),
        "2 errors (E002 ×1, E201 ×1)",
    );
}

/// Regression: a byte-order mark (accepted by SPEC 1) was counted as a column of line 1.
#[test]
fn byte_order_mark_is_not_a_column_of_a_non_utf8_error() {
    let book = book_with(&[]);
    book.write("accounts/anji/contacts/wang-jun.toml", b"\xEF\xBB\xBFname = \"\xCD\xF5\xBE\xFC\"\n");
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/wang-jun.toml:1:9: error[E002]: file is not valid UTF-8 (invalid byte 0xCD); save it as UTF-8\n{BOSCH_E201}"
        ),
        "2 errors (E002 ×1, E201 ×1)",
    );
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let book = book_with(&[]);
    book.write("accounts/anji/contacts/wang-jun.toml", "\u{feff}name = \"王军\"\r\ninfluence = 9\r\n");
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/wang-jun.toml:2:13: error[E105]: `influence` must be between 1 and 5, found 9\n{BOSCH_E201}"
        ),
        "2 errors (E105 ×1, E201 ×1)",
    );
}

#[test]
fn twenty_megabyte_file() {
    let book = book_with(&[]);
    let mut big = b"name = \"dump\"\n".to_vec();
    big.resize(20 * 1024 * 1024, b'#');
    book.write("accounts/anji/contacts/dump.toml", &big);
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/dump.toml: error[E003]: file is 20971520 bytes, more than the 1048576 kam reads; skipped\n{BOSCH_E201}"
        ),
        "2 errors (E003 ×1, E201 ×1)",
    );
}

/// Regression: stray files were read (and size-checked) although only their name matters,
/// so a large photo under accounts/ was an error instead of a stray-file warning.
#[test]
fn large_stray_file_is_a_warning_not_an_error() {
    let book = book_with(&[]);
    book.write("accounts/anji/card.jpg", vec![0xFFu8; 2 * 1024 * 1024]);
    assert_check(
        &book,
        &format!(
            "accounts/anji/card.jpg: warning[W401]: stray file ignored: only .toml files in the layout of SPEC section 1 belong under accounts/\n{BOSCH_E201}"
        ),
        "1 error (E201 ×1), 1 warning (W401 ×1)",
    );
}

#[test]
fn binary_file() {
    let book = book_with(&[]);
    book.write("accounts/anji/contacts/wang-jun.toml", b"name = \"\x00\x01\x02\"\n");
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/wang-jun.toml: error[E004]: binary file (contains NUL bytes); skipped\n{BOSCH_E201}"
        ),
        "2 errors (E004 ×1, E201 ×1)",
    );
}

#[test]
fn symlink_pointing_outside_the_repository_is_not_followed() {
    let outside = tempfile::tempdir().expect("outside");
    let secret = std::fs::canonicalize(outside.path()).expect("canonical").join("passwd.toml");
    std::fs::write(&secret, "name = \"SECRET-b9d1\"\nemail = \"secret-b9d1@example.com\"\n").expect("write");
    let book = book_with(&[("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\n")]);
    std::fs::create_dir_all(book.path("accounts/anji/contacts")).expect("mkdir");
    symlink(&secret, &book.path("accounts/anji/contacts/x.toml"));
    // A relative link that climbs out of the repository is no better.
    let climb = format!("{}{}", "../".repeat(40), secret.display().to_string().trim_start_matches('/'));
    symlink(&climb, &book.path("accounts/anji/contacts/y.toml"));
    let line = |name: &str| {
        format!(
            "accounts/anji/contacts/{name}.toml: error[E006]: symbolic link to `{}` points outside the repository; not followed\n",
            secret.display()
        )
    };
    assert_check(&book, &format!("{}{}{BOSCH_E201}", line("x"), line("y")), "3 errors (E006 ×2, E201 ×1)");
    for args in [
        &["check", "--format", "json"][..],
        &["ls", "contacts", "--columns", "account,id,name,email"],
        &["ls", "contacts", "--format", "json"],
        &["show", "anji"],
    ] {
        let run = book.kam(args);
        for output in [&run.stdout, &run.stderr] {
            assert!(!output.contains("SECRET-b9d1"), "{args:?} followed the link:\n{output}");
        }
    }
    let run = book.kam(&["ls", "contacts", "--columns", "account,id,name"]);
    assert_eq!(run.stdout, "account\tid\tname\nanji\twang-jun\t王军\n");
}

#[test]
fn broken_symlink_is_unreadable_not_fatal() {
    let book = book_with(&[]);
    std::fs::create_dir_all(book.path("accounts/anji/contacts")).expect("mkdir");
    symlink("li-na.toml", &book.path("accounts/anji/contacts/wang-jun.toml"));
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/wang-jun.toml: error[E005]: symbolic link to `li-na.toml` is broken\n{BOSCH_E201}"
        ),
        "2 errors (E005 ×1, E201 ×1)",
    );
}

/// Regression: opening a named pipe blocks until a writer comes, so a FIFO under
/// accounts/ hung `kam check` forever.
#[cfg(unix)]
#[test]
fn named_pipe_does_not_hang_check() {
    let book = book_with(&[]);
    std::fs::create_dir_all(book.path("accounts/anji/contacts")).expect("mkdir");
    let fifo = book.path("accounts/anji/contacts/wang-jun.toml");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    assert_check(
        &book,
        &format!(
            "accounts/anji/contacts/wang-jun.toml: error[E005]: cannot read: not a regular file (a pipe, socket or device)\n{BOSCH_E201}"
        ),
        "2 errors (E005 ×1, E201 ×1)",
    );
}

#[test]
fn newer_schema_is_refused_naming_kam_toml() {
    let book = book_with(&[("kam.toml", "[kam]\nschema = 99\n")]);
    for args in [&["check"][..], &["check", "--format", "json"], &["ls", "accounts"], &["show", "anji"]] {
        let run = book.kam(args);
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(
            run.stderr,
            "kam: error: kam.toml:2:10: error[E007]: schema 99 is newer than this kam understands (1); upgrade kam\n",
            "{args:?}"
        );
        assert_eq!(run.code, 2, "{args:?}");
    }
}

#[test]
fn as_of_a_revision_that_does_not_exist() {
    let book = book_with(&[]);
    let repo = git::init(&book.root());
    git::commit_all(&repo, "Add the book", 1_768_010_400);
    let run = book.kam(&["--as-of", "no-such-rev", "ls", "accounts"]);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "kam: error: unknown revision `no-such-rev`\nhint: give a commit, branch, tag, `HEAD~N`, or a date YYYY-MM-DD\n"
    );
    assert_eq!(run.code, 2);
    let run = book.kam(&["check", "--as-of", "HEAD~5"]);
    assert_eq!(
        run.stderr,
        "kam: error: unknown revision `HEAD~5`\nhint: give a commit, branch, tag, `HEAD~N`, or a date YYYY-MM-DD\n"
    );
    assert_eq!(run.code, 2);
    let run = book.kam(&["check", "--as-of", "2020-01-01"]);
    assert_eq!(run.stderr, "kam: error: no commit on HEAD's first-parent line is on or before 2020-01-01\n");
    assert_eq!(run.code, 2);
}

#[test]
fn as_of_outside_a_git_repository() {
    let book = book_with(&[]);
    let run = book.kam(&["check", "--as-of", "HEAD"]);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "kam: error: {} is not inside a git repository; --as-of, --changed-since and history need one\n",
            book.root().display()
        )
    );
    assert_eq!(run.code, 2);
}

#[test]
fn no_repository_at_all() {
    let book = Book::empty();
    let run = book.kam(&["check"]);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "kam: error: no kam repository (kam.toml) in {} or any parent directory\nhint: run `kam init` to create one, or pass -C DIR\n",
            book.root().display()
        )
    );
    assert_eq!(run.code, 2);
}

/// Regression: an account with neither owner nor team was told "the team has 0 ()".
#[test]
fn team_size_warning_of_an_account_without_owner_or_team() {
    let book = book_with(&[
        ("accounts/cosco/account.toml", "name = \"中远海运\"\ntier = \"C\"\nstatus = \"prospect\"\n"),
        (
            "accounts/cosco/interactions/2026-11-20-call.toml",
            "date = 2026-11-20\nkind = \"call\"\nby = [\"zhang-min\"]\n",
        ),
    ]);
    assert_check(
        &book,
        &format!(
            "{BOSCH_E201}accounts/cosco/account.toml: warning[W302]: tier C needs a team of 1; the account has no owner or team\n"
        ),
        "1 error (E201 ×1), 1 warning (W302 ×1)",
    );
}

/// `kam.toml` goes through the same guard as the files under `accounts/`: a link to a
/// file outside the repository is not followed, and the error says why.
#[test]
fn kam_toml_linking_outside_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("kam.toml"), "[kam]\nschema = 1\n").unwrap();
    let book = Book::empty();
    symlink(outside.path().join("kam.toml"), &book.path("kam.toml"));
    let run = book.kam(&["check"]);
    assert_eq!(run.code, 2);
    let target = std::fs::canonicalize(outside.path().join("kam.toml")).unwrap();
    assert_eq!(
        run.stderr,
        format!(
            "kam: error: kam.toml: symbolic link to `{}` points outside the repository; not followed\n",
            target.display()
        )
    );
}
