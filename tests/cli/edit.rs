//! `kam set` and `kam done`: edits in place that keep every untouched byte, typed by the
//! schema, validated against the whole book before anything is written.

use crate::support::{Book, git, snapshot};

const KAM: &str = "[kam]\nschema = 1\n\n[[people]]\nid = \"zhang-min\"\nname = \"张敏\"\n";

/// A file with comments, odd spacing and a table, as people write them.
const ANJI: &str = "# 上海安吉物流 — key account\nname   = \"上海安吉物流\"   # the legal name\ntier = \"B\"  # raised in 2025?\n\
                    owner = \"zhang-min\"\n\n[credit]\n# agreed with finance\nlimit = 5_000_000\n";

fn book() -> Book {
    Book::new(&[
        ("kam.toml", KAM),
        ("accounts/anji/account.toml", ANJI),
        (
            "accounts/anji/interactions/2026-11-20-qbr.toml",
            "date = 2026-11-20\nkind = \"visit\"\nby = [\"zhang-min\"]\nnext = { what = \"send quote\", due = 2026-11-27 }\n",
        ),
        ("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\nphone = \"+86 21 5555 0101\"\n"),
    ])
}

#[test]
fn set_changes_only_the_values_it_names() {
    let book = book();
    let run =
        book.kam(&["set", "anji", "tier=A", "credit.limit=6_000_000", "tags=fleet, strategic", "since=2019-04-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "accounts/anji/account.toml: tier: B → A\n\
         accounts/anji/account.toml: credit.limit: 5_000_000 → 6000000\n\
         accounts/anji/account.toml: tags: (new) [\"fleet\", \"strategic\"]\n\
         accounts/anji/account.toml: since: (new) 2019-04-01\n"
    );
    assert_eq!(
        String::from_utf8(book.read("accounts/anji/account.toml")).unwrap(),
        "# 上海安吉物流 — key account\nname   = \"上海安吉物流\"   # the legal name\ntier = \"A\"  # raised in 2025?\n\
         owner = \"zhang-min\"\ntags = [\"fleet\", \"strategic\"]\nsince = 2019-04-01\n\n[credit]\n# agreed with finance\n\
         limit = 6000000\n"
    );
    assert_eq!(book.kam(&["check"]).code, 0);
}

/// A phone of digits stays text (the schema says string); `--unset` removes a key.
#[test]
fn values_follow_the_field_type() {
    let book = book();
    let run = book.kam(&["set", "anji/wang-jun", "phone=12345", "--unset", "name"]);
    // Removing `name` would make the contact invalid (E103): nothing is written.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E103]: missing required field `name`"), "{}", run.stderr);
    assert!(run.stderr.ends_with("kam: error: the change would make the book invalid; nothing was written\n"));
    assert_eq!(
        book.read("accounts/anji/contacts/wang-jun.toml"),
        b"name = \"\xe7\x8e\x8b\xe5\x86\x9b\"\nphone = \"+86 21 5555 0101\"\n"
    );
    let run = book.kam(&["set", "anji/wang-jun", "phone=12345"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        String::from_utf8(book.read("accounts/anji/contacts/wang-jun.toml")).unwrap(),
        "name = \"王军\"\nphone = \"12345\"\n"
    );
}

/// An edit that would add an error (a tier kam.toml does not define, an owner who does not
/// exist) or a value of the wrong type writes nothing.
#[test]
fn invalid_edits_write_nothing() {
    let book = book();
    let before = snapshot(&book.root());
    let run = book.kam(&["set", "anji", "tier=Z"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("accounts/anji/account.toml:3:8: error[E205]: unknown tier `Z`"), "{}", run.stderr);
    let run = book.kam(&["set", "anji", "owner=zhang-mn"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("(did you mean `zhang-min`?)"), "{}", run.stderr);
    let run = book.kam(&["set", "anji", "since=March"]);
    assert_eq!((run.code, run.stderr.as_str()), (2, "kam: error: since: `March` is not a date (YYYY-MM-DD)\n"));
    let run = book.kam(&["set", "anji", "teir=A"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "kam: error: `teir` is not a field of accounts/anji/account.toml\n")
    );
    let run = book.kam(&["set", "anj", "tier=A"]);
    assert_eq!((run.code, run.stderr.as_str()), (2, "kam: error: no account `anj` (did you mean `anji`?)\n"));
    assert_eq!(snapshot(&book.root()), before);
}

#[test]
fn done_marks_the_next_step_and_commits_with_the_trailer() {
    let book = book();
    let repo = git::init(&book.root());
    git::commit_all(&repo, "Start", 1_763_000_000);
    repo.config().unwrap().set_str("user.name", "张敏").unwrap();
    repo.config().unwrap().set_str("user.email", "zhang.min@example.com").unwrap();
    let run = book.kam(&["done", "anji/2026-11-20-qbr", "--commit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        String::from_utf8(book.read("accounts/anji/interactions/2026-11-20-qbr.toml")).unwrap(),
        "date = 2026-11-20\nkind = \"visit\"\nby = [\"zhang-min\"]\nnext = { what = \"send quote\", due = 2026-11-27, done = true }\n"
    );
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.message().unwrap(), "Done: next step of anji/2026-11-20-qbr\n\nKam-Account: anji\n");
    assert_eq!(repo.statuses(None).unwrap().len(), 0);
    let again = book.kam(&["done", "anji/2026-11-20-qbr"]);
    assert_eq!((again.code, again.stderr.as_str()), (0, "kam: the next step of anji/2026-11-20-qbr is already done\n"));
}

/// `kam new`: ids from names (a suffix when taken; kind plus a stable hash for names
/// without Latin letters), fields typed by the schema, the path on stdout.
#[test]
fn new_files_get_derived_ids_and_never_overwrite() {
    let book = book();
    let run = book.kam(&[
        "new",
        "account",
        "Acme Fleet (Shanghai) Co.",
        "--owner",
        "zhang-min",
        "--set",
        "credit.limit=1_000",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "accounts/acme-fleet-shanghai-co/account.toml\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        String::from_utf8(book.read("accounts/acme-fleet-shanghai-co/account.toml")).unwrap(),
        "name = \"Acme Fleet (Shanghai) Co.\"\nowner = \"zhang-min\"\n\n[credit]\nlimit = 1000\n"
    );
    let again = book.kam(&["new", "account", "Acme Fleet (Shanghai) Co!", "--owner", "zhang-min"]);
    assert_eq!(again.stdout, "accounts/acme-fleet-shanghai-co-2/account.toml\n");
    let cjk = book.kam(&["new", "account", "上海安吉物流二厂", "--owner", "zhang-min"]);
    assert!(
        cjk.stdout.starts_with("accounts/acct-") && cjk.stdout.len() == "accounts/acct-12345678/account.toml\n".len()
    );
    let given = book.kam(&["new", "account", "上海安吉物流", "--id", "anji", "--owner", "zhang-min"]);
    assert_eq!(
        (given.code, given.stderr.as_str()),
        (2, "kam: error: accounts/anji/account.toml already exists; kam does not overwrite it\n")
    );
    let run = book.kam(&[
        "new",
        "contact",
        "anji",
        "Wang Jun",
        "--role",
        "decision-maker",
        "--role",
        "purchaser",
        "--stance",
        "champion",
    ]);
    assert_eq!(run.stdout, "accounts/anji/contacts/wang-jun-2.toml\n", "wang-jun.toml exists: {}", run.stderr);
    assert_eq!(
        String::from_utf8(book.read("accounts/anji/contacts/wang-jun-2.toml")).unwrap(),
        "name = \"Wang Jun\"\nroles = [\"decision-maker\", \"purchaser\"]\nstance = \"champion\"\n"
    );
    let bad = book.kam(&[
        "new",
        "opportunity",
        "anji",
        "Renewal",
        "--stage",
        "won-ish",
        "--amount",
        "10",
        "--close",
        "2027-01-31",
    ]);
    assert_eq!(bad.code, 1, "an unknown stage is a check error: nothing written");
    assert!(bad.stderr.contains("error[E2"), "{}", bad.stderr);
    assert!(!book.path("accounts/anji/opportunities/renewal.toml").exists());
    assert_eq!(book.kam(&["check"]).code, 0);
}

/// `kam log`: a visit today by default, with the next step inline; the file name is the
/// date and a slug of the summary.
#[test]
fn log_records_an_interaction() {
    let book = book();
    let run = book.kam(&[
        "log",
        "anji",
        "--by",
        "zhang-min",
        "--with",
        "wang-jun",
        "--next",
        "send quote",
        "--due",
        "2026-11-30",
        "QBR: renewal timing",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "accounts/anji/interactions/2026-11-23-qbr-renewal-timing.toml\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        String::from_utf8(book.read("accounts/anji/interactions/2026-11-23-qbr-renewal-timing.toml")).unwrap(),
        "date = 2026-11-23\nkind = \"visit\"\nby = [\"zhang-min\"]\nwith = [\"wang-jun\"]\nsummary = \"QBR: renewal timing\"\n\
         next = { what = \"send quote\", due = 2026-11-30 }\n"
    );
    let cjk = book.kam(&["log", "anji", "--kind", "call", "--by", "zhang-min", "--amount", "5", "电话回访"]);
    assert_eq!(cjk.stdout, "accounts/anji/interactions/2026-11-23-call.toml\n", "{}", cjk.stderr);
    let nobody = book.kam(&["log", "anji", "visit"]);
    assert_eq!(nobody.code, 2);
    assert!(nobody.stderr.contains("--by PERSON"), "{}", nobody.stderr);
}

/// The duplicate `wang-jun-2` (same email) folds into `wang-jun`: its phone is added, its
/// role joins the list, its title conflicts (the kept one stays); the interactions and the
/// opportunity that name it are rewritten; its file is removed. All in one change.
#[test]
fn merge_folds_a_duplicate_contact_and_rewrites_references() {
    let book = Book::new(&[
        ("kam.toml", KAM),
        ("accounts/anji/account.toml", "name = \"Anji\"\nowner = \"zhang-min\"\n"),
        (
            "accounts/anji/contacts/wang-jun.toml",
            "name = \"王军\"\ntitle = \"采购总监\"\nroles = [\"purchaser\"]\nemail = \"wj@anji.example\"\n",
        ),
        (
            "accounts/anji/contacts/wang-jun-2.toml",
            "name = \"王军\"\ntitle = \"采购经理\"\nroles = [\"decision-maker\"]\nemail = \"WJ@anji.example\"\nphone = \"+86 21 5555 0101\"\n",
        ),
        (
            "accounts/anji/interactions/2026-11-01-call.toml",
            "date = 2026-11-01\nkind = \"call\"\nby = [\"zhang-min\"]\nwith = [\"wang-jun-2\"]  # the new number\n",
        ),
        (
            "accounts/anji/interactions/2026-11-02-visit.toml",
            "date = 2026-11-02\nkind = \"visit\"\nby = [\"zhang-min\"]\nwith = [\"wang-jun\", \"wang-jun-2\"]\n",
        ),
        (
            "accounts/anji/opportunities/renewal.toml",
            "name = \"Renewal\"\nstage = \"lead\"\ncontacts = [\"wang-jun-2\"]\n",
        ),
    ]);
    let check = book.kam(&["check"]);
    assert!(
        check
            .stdout
            .contains("is also on anji/wang-jun; if they are one person: kam merge anji/wang-jun-2 anji/wang-jun\n"),
        "{}",
        check.stdout
    );
    let before = snapshot(&book.root());
    let failed = book.kam_env(&[("KAM_FAILPOINT", "commit:3")], &["merge", "anji/wang-jun-2", "anji/wang-jun"]);
    assert_eq!(failed.code, 2);
    assert_eq!(snapshot(&book.root()), before, "a failed write restores every file");

    let run = book.kam(&["merge", "anji/wang-jun-2", "anji/wang-jun"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "accounts/anji/contacts/wang-jun.toml: conflict: title: kept \"采购总监\", duplicate \"采购经理\"\n"
        ),
        "{}",
        run.stderr
    );
    let text = |p: &str| String::from_utf8(book.read(p)).unwrap();
    assert_eq!(
        text("accounts/anji/contacts/wang-jun.toml"),
        "name = \"王军\"\ntitle = \"采购总监\"\nroles = [\"purchaser\", \"decision-maker\"]\nemail = \"wj@anji.example\"\nphone = \"+86 21 5555 0101\"\n"
    );
    assert_eq!(
        text("accounts/anji/interactions/2026-11-01-call.toml"),
        "date = 2026-11-01\nkind = \"call\"\nby = [\"zhang-min\"]\nwith = [\"wang-jun\"]  # the new number\n"
    );
    assert_eq!(
        text("accounts/anji/interactions/2026-11-02-visit.toml"),
        "date = 2026-11-02\nkind = \"visit\"\nby = [\"zhang-min\"]\nwith = [\"wang-jun\"]\n"
    );
    assert_eq!(
        text("accounts/anji/opportunities/renewal.toml"),
        "name = \"Renewal\"\nstage = \"lead\"\ncontacts = [\"wang-jun\"]\n"
    );
    assert!(!book.path("accounts/anji/contacts/wang-jun-2.toml").exists());
    assert_eq!(book.kam(&["check"]).stdout, "");
}
