//! Ownership from git: `kam verify` (who may change an account) and `kam codeowners`.

use crate::support::{Book, git};

const KAM: &str = r#"[kam]
schema = 1

[[people]]
id = "zhang-min"
name = "张敏"
email = "zhang.min@example.com"

[[people]]
id = "li-qiang"
name = "李强"
email = "li.qiang@example.com"
role = "gm"

[[people]]
id = "wang-fang"
name = "王芳"
email = "wang.fang@example.com"
emails = ["WF@home.example"]

[[people]]
id = "chen-jing"
name = "陈静"
email = "chen.jing@example.com"

[[people]]
id = "zhao-lei"
name = "赵磊"
email = "zhao.lei@example.com"
left = 2026-08-31
"#;

const ZHANG: (&str, &str) = ("张敏", "zhang.min@example.com");
const LI: (&str, &str) = ("李强", "li.qiang@example.com");
const WANG: (&str, &str) = ("王芳", "wf@home.example");
const CHEN: (&str, &str) = ("陈静", "chen.jing@example.com");
const STRANGER: (&str, &str) = ("Somebody", "somebody@elsewhere.example");

/// One day, in seconds; commit k is made on 2025-11-(12 + k) at +08:00.
const DAY: i64 = 86_400;
const T0: i64 = 1_763_000_000;

/// Seven commits, each changing account files:
/// 1. li-qiang (gm) creates `east` (owner zhang-min, team wang-fang) and `west` (chen-jing): a manager, fine;
/// 2. zhang-min edits east: the owner, fine;
/// 3. wang-fang (by her second email, in another case) edits west: not on west's team;
/// 4. an unknown author edits east: not a person;
/// 5. chen-jing edits east in a handover commit (`Kam-Handover:` trailer): fine;
/// 6. zhang-min renames accounts/east to accounts/orient: owner of both;
/// 7. li-qiang edits west: a manager, fine.
fn book() -> Book {
    let east = "name = \"East\"\nowner = \"zhang-min\"\nteam = [{ who = \"wang-fang\" }]\n";
    let book = Book::new(&[
        ("kam.toml", KAM),
        ("accounts/east/account.toml", east),
        ("accounts/west/account.toml", "name = \"West\"\nowner = \"chen-jing\"\n"),
    ]);
    let repo = git::init(&book.root());
    git::commit_all_as(&repo, LI, "Start the book", T0);
    book.write("accounts/east/account.toml", format!("{east}region = \"east\"\n"));
    git::commit_all_as(&repo, ZHANG, "East is in the east", T0 + DAY);
    book.write("accounts/west/account.toml", "name = \"West\"\nowner = \"chen-jing\"\ntier = \"A\"\n");
    git::commit_all_as(&repo, WANG, "West to tier A", T0 + 2 * DAY);
    book.write("accounts/east/contacts/wang-jun.toml", "name = \"王军\"\n");
    git::commit_all_as(&repo, STRANGER, "Add a contact", T0 + 3 * DAY);
    book.write("accounts/east/account.toml", format!("{east}region = \"north\"\n"));
    git::commit_all_as(
        &repo,
        CHEN,
        "Hand over\n\nKam-Account: east\nKam-Handover: zhang-min -> chen-jing\n",
        T0 + 4 * DAY,
    );
    std::fs::rename(book.path("accounts/east"), book.path("accounts/orient")).unwrap();
    git::commit_all_as(&repo, ZHANG, "Rename east", T0 + 5 * DAY);
    book.write("accounts/west/account.toml", "name = \"West\"\nowner = \"chen-jing\"\ntier = \"B\"\n");
    git::commit_all_as(&repo, LI, "West back to B", T0 + 6 * DAY);
    book
}

#[test]
fn verify_reports_commits_by_people_outside_the_account_team() {
    let book = book();
    let run = book.kam(&["--format", "tsv", "verify"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert_eq!(lines[0], "commit\tdate\tauthor\temail\tperson\taccount\tfiles\treason");
    let cells: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(
        cells[1..],
        [
            "2025-11-15",
            "王芳",
            "wf@home.example",
            "wang-fang",
            "west",
            "accounts/west/account.toml",
            "wang-fang is not the owner or on the team of west"
        ]
    );
    let cells: Vec<&str> = lines[2].split('\t').collect();
    assert_eq!(
        cells[1..],
        [
            "2025-11-16",
            "Somebody",
            "somebody@elsewhere.example",
            "",
            "east",
            "accounts/east/contacts/wang-jun.toml",
            "author email somebody@elsewhere.example is not a person in kam.toml"
        ]
    );
    assert_eq!(run.stderr, "kam: 7 commits checked, 7 changing accounts: 2 violations\n");
}

/// A pull request's range: the last two commits (the rename by the owner, the gm's edit).
#[test]
fn verify_a_range_with_no_violation_exits_zero() {
    let run = book().kam(&["verify", "HEAD~2..HEAD"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    assert_eq!(run.stderr, "kam: 2 commits checked, 2 changing accounts: 0 violations\n");
}

#[test]
fn verify_outside_a_git_repository_is_an_environment_error() {
    let book = Book::new(&[("kam.toml", KAM)]);
    let run = book.kam(&["verify"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not inside a git repository"), "{}", run.stderr);
}

/// Owner and team emails per account directory; people who left are left out; kam.toml
/// belongs to the gm.
#[test]
fn codeowners_maps_account_directories_to_their_team() {
    let book = Book::new(&[
        ("kam.toml", KAM),
        ("accounts/east/account.toml", "name = \"East\"\nowner = \"zhang-min\"\nteam = [{ who = \"wang-fang\" }]\n"),
        ("accounts/west/account.toml", "name = \"West\"\nowner = \"zhao-lei\"\n"),
    ]);
    let expected = "# Generated by `kam codeowners` from kam.toml and the account files: regenerate it\n\
                    # after ownership changes instead of editing it.\n";
    let run = book.kam(&["codeowners"]);
    assert_eq!(
        run.stdout,
        format!(
            "{expected}\n/kam.toml li.qiang@example.com\n\n\
             /accounts/east/ zhang.min@example.com wang.fang@example.com\n\
             # /accounts/west/: no owner or team member with an email\n"
        )
    );
    let run = book.kam(&["codeowners", "--syntax", "gitlab"]);
    assert_eq!(
        run.stdout,
        format!(
            "{expected}\n[kam settings]\n/kam.toml li.qiang@example.com\n\n[accounts]\n\
             /accounts/east/ zhang.min@example.com wang.fang@example.com\n\
             # /accounts/west/: no owner or team member with an email\n"
        )
    );
}
