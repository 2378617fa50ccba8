//! `kam handover`: what moves, byte-exact edits that keep comments, the commit with its
//! trailers, and all-or-nothing writes (an injected failure restores every file).

use crate::support::{Book, git, snapshot};

const KAM: &str = r#"[kam]
schema = 1

[[people]]
id = "zhao-lei"
name = "赵磊"
left = 2026-08-31

[[people]]
id = "liu-yang"
name = "刘洋"

[[people]]
id = "chen-jing"
name = "陈静"
role = "sales-manager"
"#;

/// `east` is zhao-lei's: owner, an open and a closed opportunity, a covered contact, an
/// open plan action and a done one, an open next step naming nobody (zhao-lei took part).
/// `west` seats zhao-lei on its `[[team]]`; `south` seats him beside its owner liu-yang;
/// `north` has nothing of his.
const EAST: &str = "# East — reviewed quarterly\nname = \"华东物流\"\ntier = \"B\"\nowner = \"zhao-lei\"   # since 2024\n\
                    team = [\n  { who = \"chen-jing\", role = \"sales-manager\" },\n]\n";
const PLAN: &str = "objective = \"Renew the fleet\"\n\n[[action]]\nwhat = \"Send the quote\"\nwho = \"zhao-lei\"\n\
                    due = 2026-12-01\n\n[[action]]\nwhat = \"Old visit\"\nwho = \"zhao-lei\"\ndue = 2026-01-10\ndone = true\n";
const VISIT: &str = "date = 2026-11-01\nkind = \"visit\"\nby = [\"zhao-lei\"]\n\
                     next = { what = \"call back\", due = 2026-11-30 }\n";

fn book() -> Book {
    let book = Book::new(&[
        ("kam.toml", KAM),
        ("accounts/east/account.toml", EAST),
        ("accounts/east/plan.toml", PLAN),
        (
            "accounts/east/opportunities/renewal.toml",
            "name = \"Renewal\"\nstage = \"proposal\"\nowner = \"zhao-lei\"\n",
        ),
        ("accounts/east/opportunities/old.toml", "name = \"Old\"\nstage = \"won\"\nowner = \"zhao-lei\"\n"),
        ("accounts/east/contacts/wang.toml", "name = \"王军\"\ncovered_by = \"zhao-lei\"\n"),
        ("accounts/east/interactions/2026-11-01-visit.toml", VISIT),
        (
            "accounts/west/account.toml",
            "name = \"West\"\nowner = \"chen-jing\"\n\n[[team]]\nwho = \"zhao-lei\"\nrole = \"rep\"\n",
        ),
        ("accounts/south/account.toml", "name = \"South\"\nowner = \"liu-yang\"\nteam = [{ who = \"zhao-lei\" }]\n"),
        ("accounts/north/account.toml", "name = \"North\"\nowner = \"chen-jing\"\n"),
    ]);
    let repo = git::init(&book.root());
    git::commit_all(&repo, "Start the book", 1_763_000_000);
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "陈静").unwrap();
    config.set_str("user.email", "chen.jing@example.com").unwrap();
    book
}

#[test]
fn dry_run_lists_every_change_and_writes_nothing() {
    let book = book();
    let before = snapshot(&book.root());
    let run = book.kam(&["--format", "tsv", "handover", "--from", "zhao-lei", "--to", "liu-yang", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "account\tpath\tchange\n\
         east\taccounts/east/account.toml\towner: zhao-lei → liu-yang\n\
         east\taccounts/east/plan.toml\taction \"Send the quote\": who zhao-lei → liu-yang\n\
         east\taccounts/east/opportunities/renewal.toml\towner: zhao-lei → liu-yang\n\
         east\taccounts/east/contacts/wang.toml\tcovered_by: zhao-lei → liu-yang\n\
         east\taccounts/east/interactions/2026-11-01-visit.toml\tnext \"call back\": who liu-yang (was zhao-lei's as a participant)\n\
         south\taccounts/south/account.toml\t- team zhao-lei (liu-yang is already on the account)\n\
         west\taccounts/west/account.toml\tteam: zhao-lei → liu-yang\n"
    );
    assert_eq!(snapshot(&book.root()), before);
}

#[test]
fn handover_edits_in_place_commits_with_trailers_and_prints_the_brief() {
    let book = book();
    let run = book.kam(&["handover", "--from", "zhao-lei", "--to", "liu-yang", "--commit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("kam: handed over 3 accounts from zhao-lei to liu-yang: 7 files changed; committed ")
    );
    // Comments, spacing and the untouched lines stay byte for byte.
    let text = |p: &str| String::from_utf8(book.read(p)).unwrap();
    assert_eq!(text("accounts/east/account.toml"), EAST.replace("owner = \"zhao-lei\"", "owner = \"liu-yang\""));
    assert_eq!(text("accounts/east/plan.toml"), PLAN.replacen("who = \"zhao-lei\"", "who = \"liu-yang\"", 1));
    assert_eq!(
        text("accounts/east/interactions/2026-11-01-visit.toml"),
        VISIT.replace("due = 2026-11-30 }", "due = 2026-11-30, who = \"liu-yang\" }")
    );
    assert_eq!(text("accounts/east/opportunities/old.toml"), "name = \"Old\"\nstage = \"won\"\nowner = \"zhao-lei\"\n");
    assert_eq!(
        text("accounts/west/account.toml"),
        "name = \"West\"\nowner = \"chen-jing\"\n\n[[team]]\nwho = \"liu-yang\"\nrole = \"rep\"\n"
    );
    assert_eq!(text("accounts/south/account.toml"), "name = \"South\"\nowner = \"liu-yang\"\nteam = []\n");
    // The commit holds exactly the 7 files, with the trailers, by git's configured user.
    let repo = git2::Repository::open(book.root()).unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        head.message().unwrap(),
        "Hand over 3 accounts from zhao-lei to liu-yang\n\nKam-Account: east\nKam-Account: south\nKam-Account: west\n\
         Kam-Handover: zhao-lei -> liu-yang\n"
    );
    assert_eq!(head.author().email().ok(), Some("chen.jing@example.com"));
    let diff = repo
        .diff_tree_to_tree(Some(&head.parent(0).unwrap().tree().unwrap()), Some(&head.tree().unwrap()), None)
        .unwrap();
    assert_eq!(diff.deltas().count(), 7);
    let statuses = repo.statuses(None).unwrap();
    assert_eq!(statuses.len(), 0, "the working tree and index are clean after the commit");
    // The brief, from the book as the successor takes it over.
    assert!(
        run.stdout
            .starts_with("# Handover: 华东物流 (`east`)\n\nFrom 赵磊 (zhao-lei) to 刘洋 (liu-yang), 2026-11-23.\n")
    );
    assert!(run.stdout.contains("| 王军 (`wang`) |  |  |  |  | liu-yang |  |\n"), "{}", run.stdout);
    assert!(run.stdout.contains("- **Renewal** (`renewal`): proposal, -, closes no close date\n"), "{}", run.stdout);
    assert!(run.stdout.contains("- due 2026-11-30: call back — liu-yang (from 2026-11-01 `2026-11-01-visit`)\n"));
    assert!(run.stdout.contains("- due 2026-12-01: Send the quote — liu-yang (plan action)\n"));
    assert!(run.stdout.contains("# Handover: West (`west`)\n"));
}

/// The third of seven renames fails (KAM_FAILPOINT, debug builds): the two files already
/// replaced get their old bytes back, and nothing is committed.
#[test]
fn an_injected_write_failure_leaves_every_file_byte_identical() {
    let book = book();
    let before = snapshot(&book.root());
    let run = book
        .kam_env(&[("KAM_FAILPOINT", "commit:3")], &["handover", "--from", "zhao-lei", "--to", "liu-yang", "--commit"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("injected failure (KAM_FAILPOINT); every file was restored"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(snapshot(&book.root()), before);
}

#[test]
fn files_with_uncommitted_changes_are_refused() {
    let book = book();
    book.write(
        "accounts/west/account.toml",
        "name = \"West\"\nowner = \"chen-jing\"\n\n[[team]]\nwho = \"zhao-lei\"\nrole = \"gm\"\n",
    );
    let before = snapshot(&book.root());
    let run = book.kam(&["handover", "--from", "zhao-lei", "--to", "liu-yang"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "kam: error: uncommitted changes in accounts/west/account.toml; handover touches only committed files\n\
         hint: commit or stash them first\n"
    );
    assert_eq!(snapshot(&book.root()), before);
}

#[test]
fn unknown_and_departed_people_are_usage_errors() {
    let book = book();
    let run = book.kam(&["handover", "--from", "zhao-le", "--to", "liu-yang"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "kam: error: no person `zhao-le` in kam.toml (did you mean `zhao-lei`?)\n")
    );
    let run = book.kam(&["handover", "--from", "liu-yang", "--to", "zhao-lei"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "kam: error: `zhao-lei` has left; hand over to someone who has not\n")
    );
}

/// `--account` limits the handover; the brief goes to a file, written with the rest.
#[test]
fn one_account_with_the_brief_in_a_file() {
    let book = book();
    let run =
        book.kam(&["handover", "--from", "zhao-lei", "--to", "liu-yang", "--account", "west", "--brief", "brief.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "kam: handed over 1 account from zhao-lei to liu-yang: 1 file changed\n");
    let brief = String::from_utf8(book.read("brief.md")).unwrap();
    assert!(brief.starts_with("# Handover: West (`west`)\n"), "{brief}");
    assert_eq!(String::from_utf8(book.read("accounts/east/account.toml")).unwrap(), EAST);
}
