//! `kam history`, `kam blame` and `kam diff` on a repository built commit by commit with git2: a
//! rename of the account directory, a side branch merged back, authors mapped to people
//! (by `email` and, case-insensitively, by `emails`) and one who is not.

use crate::support::{Book, snapshot};
use git2::{IndexAddOption, Oid, Repository, Signature, Time};

/// 10:00 +08:00 on each day.
const JAN_10: i64 = 1_768_010_400;
const FEB_01: i64 = 1_769_911_200;
const MAR_15: i64 = 1_773_540_000;
const APR_01: i64 = 1_775_008_800;
const APR_02: i64 = 1_775_095_200;
const APR_05: i64 = 1_775_354_400;
const MAY_01: i64 = 1_777_600_800;

const KAM_TOML: &str = r#"[kam]
schema = 1

[[people]]
id = "zhang-min"
name = "张敏"
email = "zhang.min@example.com"

[[people]]
id = "li-qiang"
name = "李强"
email = "li.qiang@example.com"
emails = ["lq@home.example"]
"#;

/// Authors: two of our people (li-qiang commits with a second address, in other case) and
/// a contractor who is not in kam.toml.
const ZHANG: (&str, &str) = ("Zhang Min", "zhang.min@example.com");
const LI_HOME: (&str, &str) = ("Li Qiang", "LQ@Home.example");
const LI: (&str, &str) = ("Li Qiang", "li.qiang@example.com");
const CONTRACTOR: (&str, &str) = ("Outside Contractor", "contractor@agency.example");

const ACCOUNT_1: &str = r#"name = "上海安吉物流"
tier = "B"
owner = "zhang-min"
tags = ["fleet"]

[credit]
limit = 5_000_000
"#;

const ACCOUNT_3: &str = r#"name = "上海安吉物流"
tier = "A"
owner = "zhang-min"
tags = ["fleet", "strategic"]

[credit]
limit = 5_000_000
"#;

const ACCOUNT_4: &str = r#"name = "上海安吉物流"
tier = "A"
owner = "zhang-min"
tags = ["fleet", "strategic"]
team = [{ who = "li-qiang", role = "gm" }]

[credit]
limit = 6_000_000
"#;

/// ACCOUNT_4 with a comment and other spacing: not a change of any field.
const ACCOUNT_6: &str = r#"# Our largest fleet customer.
name = "上海安吉物流"
tier = "A"
owner = "zhang-min"
tags = [ "fleet", "strategic" ]
team = [ { who = "li-qiang", role = "gm" } ]

[credit]
limit = 6000000
"#;

const PLAN: &str = r#"objective = "Sole fleet supplier by 2027"

[[action]]
what = "Site visit"
who = "li-qiang"
done = false
"#;

const VISIT: &str = r#"date = 2026-03-14
kind = "visit"
by = ["zhang-min"]
summary = "Fleet review"
"#;

/// Stages the whole working tree and commits it as `author` at `seconds` (+08:00) with
/// these parents; moves HEAD only when `head`.
fn commit(repo: &Repository, message: &str, author: (&str, &str), seconds: i64, parents: &[Oid], head: bool) -> Oid {
    let mut index = repo.index().expect("index");
    index.add_all(["*"], IndexAddOption::DEFAULT, None).expect("add");
    index.update_all(["*"], None).expect("update");
    index.write().expect("write index");
    let tree = repo.find_tree(index.write_tree().expect("write tree")).expect("tree");
    let sig = Signature::new(author.0, author.1, &Time::new(seconds, 8 * 60)).expect("signature");
    let parents: Vec<git2::Commit<'_>> = parents.iter().map(|p| repo.find_commit(*p).expect("parent")).collect();
    let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
    repo.commit(head.then_some("HEAD"), &sig, &sig, message, &tree, &parents).expect("commit")
}

/// The scripted history, and each commit's short id (c1 … c6; c4a is on a side branch).
struct Story {
    book: Book,
    c1: String,
    c2: String,
    c3: String,
    c4a: String,
    c4b: String,
    c5: String,
    c6: String,
}

fn short(oid: Oid) -> String {
    oid.to_string()[..7].to_string()
}

fn story() -> Story {
    let book = Book::new(&[
        ("kam.toml", KAM_TOML),
        ("accounts/anji-old/account.toml", ACCOUNT_1),
        ("accounts/anji-old/contacts/wang-jun.toml", "name = \"王军\"\nstance = \"neutral\"\n"),
    ]);
    let repo = Repository::init(book.root()).expect("git init");
    let c1 = commit(&repo, "Add anji", ZHANG, JAN_10, &[], true);
    // The directory is renamed, and one of its files edited in the same commit.
    std::fs::rename(book.path("accounts/anji-old"), book.path("accounts/anji")).expect("rename");
    book.write("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\nstance = \"supporter\"\n");
    let c2 = commit(&repo, "Rename anji-old to anji", LI_HOME, FEB_01, &[c1], true);
    book.write("accounts/anji/account.toml", ACCOUNT_3);
    book.write("accounts/anji/interactions/2026-03-14-visit.toml", VISIT);
    let c3 = commit(&repo, "Raise anji to tier A", CONTRACTOR, MAR_15, &[c2], true);
    // A side branch raises the credit limit while the main line adds the plan.
    book.write("accounts/anji/account.toml", ACCOUNT_4);
    let c4a = commit(&repo, "Raise the credit limit", LI, APR_01, &[c3], false);
    book.write("accounts/anji/account.toml", ACCOUNT_3);
    book.write("accounts/anji/plan.toml", PLAN);
    let c4b = commit(&repo, "Add the account plan", ZHANG, APR_02, &[c3], true);
    book.write("accounts/anji/account.toml", ACCOUNT_4);
    let c5 = commit(&repo, "Merge the credit review", ZHANG, APR_05, &[c4b, c4a], true);
    book.write("accounts/anji/account.toml", ACCOUNT_6);
    book.write("accounts/anji/plan.toml", PLAN.replace("done = false", "done = true"));
    std::fs::remove_file(book.path("accounts/anji/contacts/wang-jun.toml")).expect("remove");
    book.write(
        "accounts/anji/interactions/2026-03-14-visit.toml",
        VISIT.replace("Fleet review", "Fleet review, 80 units"),
    );
    let c6 = commit(&repo, "Tidy anji", ZHANG, MAY_01, &[c5], true);
    let [c1, c2, c3, c4a, c4b, c5, c6] = [c1, c2, c3, c4a, c4b, c5, c6].map(short);
    Story { book, c1, c2, c3, c4a, c4b, c5, c6 }
}

fn ok(book: &Book, args: &[&str]) -> String {
    let run = book.kam(args);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
    run.stdout
}

#[test]
fn history_of_an_account_follows_the_rename_and_shows_the_merge_once() {
    let s = story();
    let table = ok(&s.book, &["history", "anji", "--format", "table"]);
    let expected = format!(
        "COMMIT   DATE        AUTHOR              SUBJECT                  CHANGE
{c6}  2026-05-01  zhang-min           Tidy anji                ~ account anji (no field changed)
                                                                  plan.action[Site visit].done: false → true
                                                                  - contact wang-jun
                                                                  ~ interaction 2026-03-14-visit
{c5}  2026-04-05  zhang-min           Merge the credit review  team: + li-qiang (gm)
                                                                  credit.limit: 5000000 → 6000000
{c4b}  2026-04-02  zhang-min           Add the account plan     + plan
{c4a}  2026-04-01  li-qiang            Raise the credit limit   team: + li-qiang (gm)
                                                                  credit.limit: 5000000 → 6000000
{c3}  2026-03-15  Outside Contractor  Raise anji to tier A     tier: B → A
                                                                  tags: + strategic
                                                                  + interaction 2026-03-14-visit
{c2}  2026-02-01  li-qiang            Rename anji-old to anji  renamed: anji-old → anji
                                                                  ~ contact wang-jun
{c1}  2026-01-10  zhang-min           Add anji                 + account anji-old
                                                                  + contact wang-jun
",
        c1 = s.c1,
        c2 = s.c2,
        c3 = s.c3,
        c4a = s.c4a,
        c4b = s.c4b,
        c5 = s.c5,
        c6 = s.c6
    );
    assert_eq!(table, expected);
}

#[test]
fn history_of_account_toml_alone_skips_the_merge_that_took_it_from_a_parent() {
    let s = story();
    let tsv = ok(&s.book, &["history", "anji/account"]);
    // TSV repeats the commit columns on every row, for cut and grep.
    let expected = format!(
        "commit\tdate\tauthor\tsubject\tchange
{c6}\t2026-05-01\tzhang-min\tTidy anji\t~ account anji (no field changed)
{c4a}\t2026-04-01\tli-qiang\tRaise the credit limit\tteam: + li-qiang (gm)
{c4a}\t2026-04-01\tli-qiang\tRaise the credit limit\tcredit.limit: 5000000 → 6000000
{c3}\t2026-03-15\tOutside Contractor\tRaise anji to tier A\ttier: B → A
{c3}\t2026-03-15\tOutside Contractor\tRaise anji to tier A\ttags: + strategic
{c2}\t2026-02-01\tli-qiang\tRename anji-old to anji\trenamed: anji-old → anji
{c1}\t2026-01-10\tzhang-min\tAdd anji\t+ account anji-old
",
        c1 = s.c1,
        c2 = s.c2,
        c3 = s.c3,
        c4a = s.c4a,
        c6 = s.c6
    );
    assert_eq!(tsv, expected);
}

#[test]
fn history_of_a_deleted_contact_is_found_in_history() {
    let s = story();
    let tsv = ok(&s.book, &["history", "anji/wang-jun"]);
    let expected = format!(
        "commit\tdate\tauthor\tsubject\tchange
{c6}\t2026-05-01\tzhang-min\tTidy anji\t- contact wang-jun
{c2}\t2026-02-01\tli-qiang\tRename anji-old to anji\trenamed: anji-old → anji
{c2}\t2026-02-01\tli-qiang\tRename anji-old to anji\tstance: neutral → supporter
{c1}\t2026-01-10\tzhang-min\tAdd anji\t+ contact wang-jun
",
        c1 = s.c1,
        c2 = s.c2,
        c6 = s.c6
    );
    assert_eq!(tsv, expected);
}

#[test]
fn history_field_keeps_only_the_commits_that_changed_it() {
    let s = story();
    // The creation sets the field too; the merge brings the side branch's change in.
    let tsv = ok(&s.book, &["history", "anji", "--field", "credit"]);
    let expected = format!(
        "commit\tdate\tauthor\tsubject\tchange
{c5}\t2026-04-05\tzhang-min\tMerge the credit review\tcredit.limit: 5000000 → 6000000
{c4a}\t2026-04-01\tli-qiang\tRaise the credit limit\tcredit.limit: 5000000 → 6000000
{c1}\t2026-01-10\tzhang-min\tAdd anji\tcredit.limit: (none) → 5000000
",
        c1 = s.c1,
        c4a = s.c4a,
        c5 = s.c5
    );
    assert_eq!(tsv, expected);
    let plan = ok(&s.book, &["history", "anji", "--field", "plan.action"]);
    assert_eq!(
        plan,
        format!(
            "commit\tdate\tauthor\tsubject\tchange
{c6}\t2026-05-01\tzhang-min\tTidy anji\tplan.action[Site visit].done: false → true
{c4b}\t2026-04-02\tzhang-min\tAdd the account plan\tplan.action: + Site visit (who = li-qiang, done = false)
",
            c4b = s.c4b,
            c6 = s.c6
        )
    );
}

#[test]
fn history_json_has_stable_keys() {
    let s = story();
    let json = ok(&s.book, &["history", "anji", "--field", "tier", "--format", "json"]);
    let c3 = git2::Repository::open(s.book.root()).unwrap().revparse_single(&s.c3).unwrap().id();
    let c1 = git2::Repository::open(s.book.root()).unwrap().revparse_single(&s.c1).unwrap().id();
    let expected = format!(
        r#"[
  {{
    "commit": "{c3}",
    "date": "2026-03-15T10:00:00+08:00",
    "author": "Outside Contractor",
    "email": "contractor@agency.example",
    "person": null,
    "subject": "Raise anji to tier A",
    "changes": [
      {{
        "path": "accounts/anji/account.toml",
        "entity": "account",
        "id": "anji",
        "op": "set",
        "field": "tier",
        "before": "B",
        "after": "A",
        "text": "tier: B → A"
      }}
    ]
  }},
  {{
    "commit": "{c1}",
    "date": "2026-01-10T10:00:00+08:00",
    "author": "Zhang Min",
    "email": "zhang.min@example.com",
    "person": "zhang-min",
    "subject": "Add anji",
    "changes": [
      {{
        "path": "accounts/anji-old/account.toml",
        "entity": "account",
        "id": "anji-old",
        "op": "set",
        "field": "tier",
        "before": null,
        "after": "B",
        "text": "tier: (none) → B"
      }}
    ]
  }}
]
"#
    );
    assert_eq!(json, expected);
    // NDJSON: one commit per line, the same objects.
    let ndjson = ok(&s.book, &["history", "anji", "--field", "tier", "--format", "ndjson"]);
    let lines: Vec<serde_json::Value> = ndjson.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(serde_json::Value::Array(lines), serde_json::from_str::<serde_json::Value>(&json).unwrap());
}

#[test]
fn blame_names_the_commit_that_set_each_field() {
    let s = story();
    let table = ok(&s.book, &["blame", "anji", "--format", "table"]);
    // tier and tags were set by the contractor; the team and the limit came in from the side
    // branch (blamed on its commit, not on the merge); the reformatting set nothing; name
    // and owner date from the first commit, under the directory's old name.
    let expected = format!(
        "FIELD                VALUE               COMMIT   DATE        AUTHOR              SUBJECT
name                 上海安吉物流        {c1}  2026-01-10  zhang-min           Add anji
tier                 A                   {c3}  2026-03-15  Outside Contractor  Raise anji to tier A
owner                zhang-min           {c1}  2026-01-10  zhang-min           Add anji
tags                 [fleet, strategic]  {c3}  2026-03-15  Outside Contractor  Raise anji to tier A
team[li-qiang]       li-qiang            {c4a}  2026-04-01  li-qiang            Raise the credit limit
team[li-qiang].role  gm                  {c4a}  2026-04-01  li-qiang            Raise the credit limit
credit.limit         6000000             {c4a}  2026-04-01  li-qiang            Raise the credit limit
",
        c1 = s.c1,
        c3 = s.c3,
        c4a = s.c4a
    );
    assert_eq!(table, expected);
}

#[test]
fn blame_json_of_the_plan() {
    let s = story();
    let json = ok(&s.book, &["blame", "anji/plan", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let brief: Vec<(String, String, String, String)> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["field"].as_str().unwrap().to_string(),
                l["value"].to_string(),
                l["commit"].as_str().unwrap()[..7].to_string(),
                l["person"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    let line = |f: &str, v: &str, c: &str| (f.to_string(), v.to_string(), c.to_string(), "zhang-min".to_string());
    assert_eq!(
        brief,
        [
            line("objective", "\"Sole fleet supplier by 2027\"", &s.c4b),
            line("action[Site visit]", "\"Site visit\"", &s.c4b),
            line("action[Site visit].who", "\"li-qiang\"", &s.c4b),
            line("action[Site visit].done", "true", &s.c6),
        ]
    );
    let keys: Vec<&str> = value[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["field", "value", "commit", "date", "author", "email", "person", "subject"]);
}

#[test]
fn blame_reads_head_and_warns_when_the_working_file_differs() {
    let s = story();
    s.book.write("accounts/anji/account.toml", ACCOUNT_6.replace("tier = \"A\"", "tier = \"C\""));
    let run = s.book.kam(&["blame", "anji"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "kam: warning: accounts/anji/account.toml has uncommitted changes; blame shows HEAD\n");
    assert!(run.stdout.contains(&format!("\ntier\tA\t{}\t", s.c3)), "{}", run.stdout);
    // --as-of blames another revision and does not compare with the working tree.
    let run = s.book.kam(&["blame", "anji", "--as-of", &s.c3, "--format", "tsv"]);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!(
            "field\tvalue\tcommit\tdate\tauthor\tsubject
name\t上海安吉物流\t{c1}\t2026-01-10\tzhang-min\tAdd anji
tier\tA\t{c3}\t2026-03-15\tOutside Contractor\tRaise anji to tier A
owner\tzhang-min\t{c1}\t2026-01-10\tzhang-min\tAdd anji
tags\t[fleet, strategic]\t{c3}\t2026-03-15\tOutside Contractor\tRaise anji to tier A
credit.limit\t5000000\t{c1}\t2026-01-10\tzhang-min\tAdd anji
",
            c1 = s.c1,
            c3 = s.c3
        )
    );
}

#[test]
fn history_and_blame_change_nothing_and_work_with_dash_c() {
    let s = story();
    let before = snapshot(&s.book.root());
    let elsewhere = tempfile::tempdir().unwrap();
    let root = s.book.root();
    let root = root.to_str().unwrap();
    for args in [
        &["-C", root, "history", "anji", "--field", "tier"][..],
        &["-C", root, "blame", "anji/plan"],
        &["-C", root, "history", "anji/2026-03-14-visit"],
    ] {
        let run = s.book.kam_in(elsewhere.path(), args);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
    }
    let run = s.book.kam_in(elsewhere.path(), &["-C", root, "history", "anji/2026-03-14-visit"]);
    assert_eq!(
        run.stdout,
        format!(
            "commit\tdate\tauthor\tsubject\tchange
{c6}\t2026-05-01\tzhang-min\tTidy anji\tsummary: Fleet review → Fleet review, 80 units
{c3}\t2026-03-15\tOutside Contractor\tRaise anji to tier A\t+ interaction 2026-03-14-visit
",
            c3 = s.c3,
            c6 = s.c6
        )
    );
    assert_eq!(snapshot(&s.book.root()), before);
}

#[test]
fn unknown_ids_are_usage_errors_with_a_suggestion() {
    let s = story();
    let cases: [(&[&str], &str); 5] = [
        (&["history", "anjj"], "kam: error: no account `anjj` (did you mean `anji`?)\n"),
        (
            &["history", "anji/2026-03-14-vist"],
            "kam: error: no contact, interaction or opportunity `2026-03-14-vist` in account `anji` (did you mean `2026-03-14-visit`?)\n",
        ),
        (
            &["blame", "anji/contacts/li-na"],
            "kam: error: no contact, interaction or opportunity `li-na` in account `anji`\n",
        ),
        (&["blame", "anji/wang-jun"], "kam: error: accounts/anji/contacts/wang-jun.toml does not exist at HEAD\n"),
        (
            &["history", "Anji"],
            "kam: error: `Anji` is not an entity id\nhint: give an account id (`anji`), `anji/plan`, `anji/account`, or `anji/<contact, interaction or opportunity id>`\n",
        ),
    ];
    for (args, stderr) in cases {
        let run = s.book.kam(args);
        assert_eq!((run.stdout.as_str(), run.stderr.as_str(), run.code), ("", stderr, 2), "{args:?}");
    }
}

#[test]
fn history_outside_a_git_repository_is_an_environment_error() {
    let book = Book::new(&[("kam.toml", KAM_TOML), ("accounts/anji/account.toml", ACCOUNT_1)]);
    for command in ["history", "blame"] {
        let run = book.kam(&[command, "anji"]);
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
    // A repository without commits.
    Repository::init(book.root()).unwrap();
    let run = book.kam(&["history", "anji"]);
    assert_eq!((run.stderr.as_str(), run.code), ("kam: error: the repository has no commits yet\n", 2));
}

#[test]
fn an_unparseable_version_shows_as_such() {
    let book = Book::new(&[("kam.toml", KAM_TOML), ("accounts/anji/account.toml", ACCOUNT_1)]);
    let repo = Repository::init(book.root()).unwrap();
    let c1 = commit(&repo, "Add anji", ZHANG, JAN_10, &[], true);
    book.write("accounts/anji/account.toml", "name = \"上海安吉物流\"\ntier = \n");
    let c2 = commit(&repo, "Break anji", ZHANG, FEB_01, &[c1], true);
    book.write("accounts/anji/account.toml", ACCOUNT_3);
    let c3 = commit(&repo, "Fix anji", LI, MAR_15, &[c2], true);
    let tsv = ok(&book, &["history", "anji"]);
    assert_eq!(
        tsv,
        format!(
            "commit\tdate\tauthor\tsubject\tchange
{c3}\t2026-03-15\tli-qiang\tFix anji\taccount.toml: (unparseable) → valid TOML
{c2}\t2026-02-01\tzhang-min\tBreak anji\taccount.toml: valid TOML → (unparseable)
{c1}\t2026-01-10\tzhang-min\tAdd anji\t+ account anji
",
            c1 = short(c1),
            c2 = short(c2),
            c3 = short(c3)
        )
    );
    // Blame cannot look through the broken version: the fix set every field.
    let blame = ok(&book, &["blame", "anji"]);
    assert_eq!(blame.lines().filter(|l| l.contains(&short(c3))).count(), 5, "{blame}");
    book.write("accounts/anji/account.toml", "tier = \n");
    commit(&repo, "Break it again", ZHANG, APR_01, &[c3], true);
    let run = book.kam(&["blame", "anji"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("kam: error: accounts/anji/account.toml is not valid TOML at "), "{}", run.stderr);
}

/// The story's HEAD edited in the working tree: anji goes to tier B under li-qiang with
/// zhang-min on the team, gains a champion decision-maker, and a fresh meeting replaces the
/// March visit.
fn edited_story() -> Story {
    let s = story();
    s.book.write(
        "accounts/anji/account.toml",
        ACCOUNT_6
            .replace("tier = \"A\"", "tier = \"B\"")
            .replace("owner = \"zhang-min\"", "owner = \"li-qiang\"")
            .replace("{ who = \"li-qiang\", role = \"gm\" }", "{ who = \"zhang-min\", role = \"sales-manager\" }"),
    );
    s.book.write(
        "accounts/anji/contacts/li-na.toml",
        "name = \"李娜\"\nroles = [\"decision-maker\"]\nstance = \"champion\"\n",
    );
    std::fs::remove_file(s.book.path("accounts/anji/interactions/2026-03-14-visit.toml")).unwrap();
    s.book.write(
        "accounts/anji/interactions/2026-11-20-qbr.toml",
        "date = 2026-11-20\nkind = \"meeting\"\nby = [\"zhang-min\", \"li-qiang\"]\nwith = [\"li-na\"]\n",
    );
    s
}

/// Today is 2026-11-23. Before (HEAD): tier A (cadence 14 days, min team 2), last touch
/// the 2026-03-14 visit, 254 days ago: cadence −30 (254/14 − 1 ≥ 1); no contact, so no
/// decision-maker: −10; nobody active in 180 days: single-threaded −10; no orders, so no
/// p_alive term. Health 100 − 50 = 50, yellow. Priority: value 1 (the only account),
/// potential 0 (no wallet), health 0.5, relationship 0 (no decision-maker, single-threaded,
/// no champion, cadence missed): 100 × (0.4 + 0.25 × 0.5) = 52.5 → 53.
/// After: tier B (cadence 30, min team 2), last touch 3 days ago: cadence 0; li-na is a
/// decision-maker: 0; zhang-min and li-qiang met her and are the team of two: not
/// single-threaded. Health 100, green; relationship 3/4 + champion = 1:
/// 100 × (0.4 + 0.25 + 0.15) = 80.
#[test]
fn diff_of_the_working_tree_as_a_pull_request_comment() {
    let s = edited_story();
    let markdown = ok(&s.book, &["diff", "--format", "markdown"]);
    assert_eq!(
        markdown,
        "## kam diff: HEAD → working tree

4 files changed in 1 account: 2 added, 1 removed, 1 modified.

### Derived changes

| account | figure | before | after |
| --- | --- | --- | --- |
| anji | tier | A | B |
| anji | health | 50 | 100 |
| anji | health_status | yellow | green |
| anji | score | 53 | 80 |
| anji | owner | zhang-min | li-qiang |

### Changes

#### anji — 上海安吉物流

- changed account `anji`
  - `tier`: A → B
  - `owner`: zhang-min → li-qiang
  - `team`: - li-qiang (gm)
  - `team`: + zhang-min (sales-manager)
- added contact `li-na`
- removed interaction `2026-03-14-visit`
- added interaction `2026-11-20-qbr`
"
    );
    let table = ok(&s.book, &["diff", "--format", "table"]);
    assert_eq!(
        table,
        "anji
  ~ account anji
      tier: A → B
      owner: zhang-min → li-qiang
      team: - li-qiang (gm)
      team: + zhang-min (sales-manager)
  + contact li-na
  - interaction 2026-03-14-visit
  + interaction 2026-11-20-qbr

ACCOUNT  FIGURE         BEFORE     AFTER
anji     tier           A          B
anji     health         50         100
anji     health_status  yellow     green
anji     score          53         80
anji     owner          zhang-min  li-qiang
"
    );
    // `HEAD` as the one revision means the same.
    assert_eq!(ok(&s.book, &["diff", "HEAD", "--format", "table"]), table);
}

#[test]
fn diff_json_is_stable() {
    let s = edited_story();
    let json: serde_json::Value = serde_json::from_str(&ok(&s.book, &["diff", "--format", "json"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "from": "HEAD",
            "to": "working tree",
            "files": [
                {
                    "path": "accounts/anji/account.toml", "entity": "account", "account": "anji", "id": "anji", "op": "modify",
                    "changes": [
                        { "field": "tier", "op": "set", "before": "A", "after": "B", "text": "tier: A → B" },
                        { "field": "owner", "op": "set", "before": "zhang-min", "after": "li-qiang", "text": "owner: zhang-min → li-qiang" },
                        { "field": "team", "op": "remove", "before": { "who": "li-qiang", "role": "gm" }, "after": null, "text": "team: - li-qiang (gm)" },
                        { "field": "team", "op": "add", "before": null, "after": { "who": "zhang-min", "role": "sales-manager" }, "text": "team: + zhang-min (sales-manager)" }
                    ]
                },
                { "path": "accounts/anji/contacts/li-na.toml", "entity": "contact", "account": "anji", "id": "li-na", "op": "add", "changes": [] },
                { "path": "accounts/anji/interactions/2026-03-14-visit.toml", "entity": "interaction", "account": "anji", "id": "2026-03-14-visit", "op": "remove", "changes": [] },
                { "path": "accounts/anji/interactions/2026-11-20-qbr.toml", "entity": "interaction", "account": "anji", "id": "2026-11-20-qbr", "op": "add", "changes": [] }
            ],
            "derived": [
                { "account": "anji", "figure": "tier", "before": "A", "after": "B" },
                { "account": "anji", "figure": "health", "before": 50, "after": 100 },
                { "account": "anji", "figure": "health_status", "before": "yellow", "after": "green" },
                { "account": "anji", "figure": "score", "before": 53, "after": 80 },
                { "account": "anji", "figure": "owner", "before": "zhang-min", "after": "li-qiang" }
            ]
        })
    );
}

#[test]
fn diff_between_revisions() {
    let s = story();
    // The last commit: a reformatting, a plan action done, a contact removed, an
    // interaction's summary. Removing wang-jun (neither decision-maker nor champion) and the
    // summary change no figure.
    let tsv = ok(&s.book, &["diff", "HEAD~1..HEAD"]);
    assert_eq!(
        tsv,
        "account\tpath\top\tfield\tbefore\tafter
anji\taccounts/anji/account.toml\tmodify\t\t\t
anji\taccounts/anji/plan.toml\tset\taction[Site visit].done\tfalse\ttrue
anji\taccounts/anji/contacts/wang-jun.toml\tremove\t\t\t
anji\taccounts/anji/interactions/2026-03-14-visit.toml\tset\tsummary\tFleet review\tFleet review, 80 units
"
    );
    // The rename: by path, one account removed and one added, with every figure. In both
    // states the account is alone, tier B, with no interaction (cadence −30) and a contact
    // with no role (no decision-maker −10, single-threaded −10): health 50, yellow; score
    // 100 × (0.4 × 1 + 0.25 × 0.5) = 52.5 → 53; no revenue: class C.
    let table = ok(&s.book, &["diff", &format!("{}..{}", s.c1, s.c2), "--format", "table"]);
    assert_eq!(
        table,
        "anji
  + account anji
  + contact wang-jun
anji-old
  - account anji-old
  - contact wang-jun

ACCOUNT   FIGURE         BEFORE     AFTER
anji      tier                      B
anji      abc                       C
anji      health                    50
anji      health_status             yellow
anji      score                     53
anji      owner                     zhang-min
anji-old  tier           B
anji-old  abc            C
anji-old  health         50
anji-old  health_status  yellow
anji-old  score          53
anji-old  owner          zhang-min
"
    );
    // A...B compares from the merge base: c4a is an ancestor of HEAD, so it is the base.
    let json: serde_json::Value =
        serde_json::from_str(&ok(&s.book, &["diff", &format!("{}...HEAD", s.c4a), "--format", "json"])).unwrap();
    assert_eq!(json["from"], format!("merge base of {} and HEAD", s.c4a));
    // From c4a to HEAD: account.toml reformatted, the plan added, wang-jun removed, the visit's
    // summary changed.
    let files: Vec<(&str, &str)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["op"].as_str().unwrap()))
        .collect();
    assert_eq!(
        files,
        [
            ("accounts/anji/account.toml", "modify"),
            ("accounts/anji/plan.toml", "add"),
            ("accounts/anji/contacts/wang-jun.toml", "remove"),
            ("accounts/anji/interactions/2026-03-14-visit.toml", "modify"),
        ]
    );
    assert_eq!(json["derived"], serde_json::json!([]));
}

#[test]
fn diff_errors() {
    let s = story();
    let run = s.book.kam(&["diff", "v9"]);
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str(), run.code),
        (
            "",
            "kam: error: unknown revision `v9`\nhint: give a commit, branch, tag, `HEAD~N`, or a date YYYY-MM-DD\n",
            2
        )
    );
    let run = s.book.kam(&["diff", "--as-of", "HEAD"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "kam: error: kam diff compares the revisions it is given; --as-of does not apply\nhint: write `kam diff A..B`\n"
    );
    // Nothing changed: an empty diff, exit 0.
    let run = s.book.kam(&["diff", "HEAD..HEAD", "--format", "markdown"]);
    assert_eq!((run.stdout.as_str(), run.code), ("## kam diff: HEAD → HEAD\n\nNo changes.\n", 0));
}

/// `diff` between two revisions compares their trees, never entering a directory that is
/// the same on both sides; it must still see exactly what loading each revision reads: not
/// hidden files, files outside `kam.toml` and `accounts/`, or a stray's new bytes, and a
/// link whose target changed while the link did not. Here the book is a subdirectory of
/// its repository.
#[test]
fn diff_between_revisions_sees_what_loading_reads() {
    let book = Book::new(&[
        ("README.md", "The CRM lives in crm/.\n"),
        ("crm/kam.toml", KAM_TOML),
        ("crm/notes.toml", "x = 1\n"),
        ("crm/accounts/anji/account.toml", ACCOUNT_1),
        ("crm/accounts/anji/.draft.toml", "name = 1\n"),
        ("crm/accounts/anji/photo.jpg", "JPEG 1"),
        ("crm/accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\nstance = \"neutral\"\n"),
    ]);
    let crm = book.path("crm");
    let diff = |range: &str| {
        let run = book.kam_in(&crm, &["diff", range]);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{range}");
        run.stdout
    };
    let repo = Repository::init(book.root()).expect("git init");
    commit(&repo, "Start", ZHANG, JAN_10, &[], true);
    // Outside the book, hidden, or a stray's bytes: none of it is in a diff.
    book.write("README.md", "The CRM lives in crm/, see kam.\n");
    book.write("crm/notes.toml", "x = 2\n");
    book.write("crm/accounts/anji/.draft.toml", "name = 2\n");
    book.write("crm/accounts/anji/photo.jpg", "JPEG 2");
    book.write("crm/accounts/anji/contacts/li-na.toml", "name = \"李娜\"\n");
    let c2 = commit(&repo, "Add li-na", ZHANG, FEB_01, &[repo.head().unwrap().target().unwrap()], true);
    assert_eq!(
        diff("HEAD~1..HEAD"),
        "account\tpath\top\tfield\tbefore\tafter\nanji\taccounts/anji/contacts/li-na.toml\tadd\t\t\t\n"
    );
    // A link to a contact: when only the target changes, the link's file changes too.
    crate::errors::symlink("wang-jun.toml", &book.path("crm/accounts/anji/contacts/jun.toml"));
    let c3 = commit(&repo, "Link jun", ZHANG, MAR_15, &[c2], true);
    book.write("crm/accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\nstance = \"supporter\"\n");
    commit(&repo, "wang-jun supports us", ZHANG, APR_01, &[c3], true);
    assert_eq!(
        diff("HEAD~1..HEAD"),
        "account\tpath\top\tfield\tbefore\tafter
anji\taccounts/anji/contacts/jun.toml\tset\tstance\tneutral\tsupporter
anji\taccounts/anji/contacts/wang-jun.toml\tset\tstance\tneutral\tsupporter
"
    );
}

/// Between two revisions, the earlier state is the later one with the accounts whose files
/// differ read again: an account whose files are the same on both sides still has its
/// figures computed with each side's kam.toml. Here the decision-maker weight doubles
/// (10 → 20) while only ningbo's file changes (its owner); both accounts are alone with
/// one contact without a role and no interaction: health 100 − 30 − 10 − 10 = 50 before,
/// 100 − 30 − 20 − 10 = 40 after (still yellow, ≥ 40). The priority score is 0.25 × health:
/// the two tie on revenue (value 0), have no potential, and no relationship term holds:
/// 12.5 → 13 before, 10 after.
#[test]
fn diff_between_revisions_scores_unchanged_accounts_with_each_sides_settings() {
    let ningbo = ACCOUNT_1.replace("上海安吉物流", "宁波港物流");
    let contact = "name = \"王军\"\nstance = \"neutral\"\n";
    let book = Book::new(&[
        ("kam.toml", KAM_TOML),
        ("accounts/anji/account.toml", ACCOUNT_1),
        ("accounts/anji/contacts/wang-jun.toml", contact),
        ("accounts/ningbo/account.toml", &ningbo),
        ("accounts/ningbo/contacts/wang-jun.toml", contact),
    ]);
    let repo = Repository::init(book.root()).expect("git init");
    let c1 = commit(&repo, "Start", ZHANG, JAN_10, &[], true);
    book.write("kam.toml", format!("{KAM_TOML}\n[health]\ndecision-maker = 20\n"));
    book.write("accounts/ningbo/account.toml", ningbo.replace("owner = \"zhang-min\"", "owner = \"li-qiang\""));
    commit(&repo, "Weigh decision-makers more; ningbo to li-qiang", ZHANG, FEB_01, &[c1], true);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&book, &["diff", "HEAD~1..HEAD", "--format", "json"])).unwrap();
    assert_eq!(
        json["derived"],
        serde_json::json!([
            { "account": "anji", "figure": "health", "before": 50, "after": 40 },
            { "account": "anji", "figure": "score", "before": 13, "after": 10 },
            { "account": "ningbo", "figure": "health", "before": 50, "after": 40 },
            { "account": "ningbo", "figure": "score", "before": 13, "after": 10 },
            { "account": "ningbo", "figure": "owner", "before": "zhang-min", "after": "li-qiang" }
        ])
    );
}
