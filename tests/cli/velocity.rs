//! Reports from git history: stage velocity, owner changes with health around them, and
//! stale opportunities in the pipeline — on a scripted repository with known dates.

use crate::support::{Book, git};

const KAM: &str = "[kam]\nschema = 1\n\n[[people]]\nid = \"zhang-min\"\nname = \"张敏\"\nemail = \"zhang@example.com\"\n\
                   left = 2025-12-31\n\n[[people]]\nid = \"li-qiang\"\nname = \"李强\"\nemail = \"li@example.com\"\n";

/// Commit k is made on day k after 2025-11-13 (10:13 at +08:00).
const T0: i64 = 1_763_000_000;
const DAY: i64 = 86_400;

fn opp(stage: &str) -> String {
    let reason = if stage == "lost" { "lost_reason = \"price\"\n" } else { "" };
    format!("name = \"Deal\"\nstage = \"{stage}\"\namount = 100\nclose = 2026-12-31\n{reason}")
}

/// Day 0: east (owner zhang-min) with o1 and o2 in `lead`. Day 10: o1 → qualified.
/// Day 30: o1 → proposal, o2 → lost. Day 50 (2026-01-02): o1 → won, and east handed over
/// to li-qiang (zhang-min left on 2025-12-31). Day 60: o3 opened in `negotiation`.
fn book() -> Book {
    let book = Book::new(&[
        ("kam.toml", KAM),
        ("accounts/east/account.toml", "name = \"East\"\nowner = \"zhang-min\"\n"),
        ("accounts/east/opportunities/o1.toml", &opp("lead")),
        ("accounts/east/opportunities/o2.toml", &opp("lead")),
    ]);
    let repo = git::init(&book.root());
    let zhang = ("张敏", "zhang@example.com");
    git::commit_all_as(&repo, zhang, "Start", T0);
    book.write("accounts/east/opportunities/o1.toml", opp("qualified"));
    git::commit_all_as(&repo, zhang, "o1 qualified", T0 + 10 * DAY);
    book.write("accounts/east/opportunities/o1.toml", opp("proposal"));
    book.write("accounts/east/opportunities/o2.toml", opp("lost"));
    git::commit_all_as(&repo, zhang, "o1 proposal, o2 lost", T0 + 30 * DAY);
    book.write("accounts/east/opportunities/o1.toml", opp("won"));
    book.write("accounts/east/account.toml", "name = \"East\"\nowner = \"li-qiang\"\n");
    let message =
        "Hand over 1 account from zhang-min to li-qiang\n\nKam-Account: east\nKam-Handover: zhang-min -> li-qiang\n";
    git::commit_all_as(&repo, ("李强", "li@example.com"), message, T0 + 50 * DAY);
    book.write("accounts/east/opportunities/o3.toml", opp("negotiation"));
    git::commit_all_as(&repo, ("李强", "li@example.com"), "o3", T0 + 60 * DAY);
    book
}

/// lead: o1 and o2 entered (day 0); o1 moved on after 10 days, o2 was lost after 30:
/// median (10 + 30) / 2 = 20, conversion 1/2. qualified: o1, 20 days, on to proposal.
/// proposal: o1, 20 days, on to won. negotiation: o3 is there now (no finished stay).
#[test]
fn velocity_counts_stage_moves_from_history() {
    let run = book().kam(&["--format", "tsv", "report", "velocity"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "stage\tentered\tmoved_forward\tlost\tin_stage_now\tmedian_days\tconversion\n\
         lead\t2\t1\t1\t0\t20\t50\n\
         qualified\t1\t1\t0\t0\t20\t100\n\
         proposal\t1\t1\t0\t0\t20\t100\n\
         negotiation\t1\t0\t0\t1\t\t0\n\
         commit\t0\t0\t0\t0\t\t\n"
    );
}

/// The handover of 2026-01-02: the day before, zhang-min had left, so east lost 20 for
/// owner-left on top of 10 for no decision-maker and 10 for single-threaded: 60 yellow.
/// 90 days later (2026-04-02) li-qiang owns it: 80 green.
#[test]
fn handovers_show_health_before_and_after() {
    let run = book().kam(&["--format", "json", "report", "handovers"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let row = &rows[0];
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(row["date"], "2026-01-02");
    assert_eq!(
        (row["account"].as_str(), row["from"].as_str(), row["to"].as_str()),
        (Some("east"), Some("zhang-min"), Some("li-qiang"))
    );
    assert_eq!(row["kam_handover"], true);
    assert_eq!((row["health_before"].as_i64(), row["status_before"].as_str()), (Some(60), Some("yellow")));
    assert_eq!(row["after_on"], "2026-04-02");
    assert_eq!((row["health_after"].as_i64(), row["status_after"].as_str()), (Some(80), Some("green")));
}

/// o3 entered `negotiation` on 2026-01-12: 315 days before 2026-11-23, past the default
/// 45. Outside git the column is empty.
#[test]
fn pipeline_flags_opportunities_stale_in_their_stage() {
    let book = book();
    let run = book.kam(&["--format", "table", "report", "pipeline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\nstale: east/o3 in negotiation for 315 days (since 2026-01-12; limit 45)\n"),
        "{}",
        run.stdout
    );
    let tsv = book.kam(&["--format", "tsv", "report", "pipeline"]).stdout;
    assert!(tsv.contains("\nnegotiation\t0.6\t1\t100\t60\t0\t1\n"), "{tsv}");
    let deals = book.kam(&["--format", "tsv", "report", "pipeline", "--deals"]).stdout;
    assert_eq!(
        deals,
        "account\topportunity\tname\tstage\towner\tamount\tweighted\tclose\tin_stage_since\tdays_in_stage\tstale\n\
         east\to3\tDeal\tnegotiation\t\t100\t60\t2026-12-31\t2026-01-12\t315\ttrue\n"
    );
    std::fs::remove_dir_all(book.path(".git")).unwrap();
    let tsv = book.kam(&["--format", "tsv", "report", "pipeline"]).stdout;
    assert!(tsv.contains("\nnegotiation\t0.6\t1\t100\t60\t0\t\n"), "{tsv}");
    let run = book.kam(&["report", "velocity"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "kam: error: `report velocity` reads git history; the book is not in a git repository\n");
}

/// Day 0: east with o1 in `lead`. Day 10: east's directory becomes far-east and o2 is
/// renamed o2b with its stage moved in the same commit, while west is added with o9 in
/// `lead`. Day 20: o1 → qualified. The renames carry each value across: o1 entered `lead`
/// on day 0 (20 days, not 10), and o2b's move counts as a move, not a new deal.
#[test]
fn velocity_follows_renamed_directories_and_files() {
    let book = Book::new(&[
        ("kam.toml", KAM),
        ("accounts/east/account.toml", "name = \"East\"\nowner = \"li-qiang\"\n"),
        ("accounts/east/opportunities/o1.toml", &opp("lead")),
        ("accounts/east/opportunities/o2.toml", &format!("{}notes = \"{}\"\n", opp("lead"), "x".repeat(400))),
    ]);
    let repo = git::init(&book.root());
    let li = ("李强", "li@example.com");
    git::commit_all_as(&repo, li, "Start", T0);
    std::fs::rename(book.path("accounts/east"), book.path("accounts/far-east")).unwrap();
    std::fs::remove_file(book.path("accounts/far-east/opportunities/o2.toml")).unwrap();
    book.write(
        "accounts/far-east/opportunities/o2b.toml",
        format!("{}notes = \"{}\"\n", opp("qualified"), "x".repeat(400)),
    );
    book.write("accounts/west/account.toml", "name = \"West\"\nowner = \"li-qiang\"\n");
    book.write("accounts/west/opportunities/o9.toml", opp("lead"));
    git::commit_all_as(&repo, li, "Rename east, o2 qualified, add west", T0 + 10 * DAY);
    book.write("accounts/far-east/opportunities/o1.toml", opp("qualified"));
    git::commit_all_as(&repo, li, "o1 qualified", T0 + 20 * DAY);
    let run = book.kam(&["--format", "tsv", "report", "velocity"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "stage\tentered\tmoved_forward\tlost\tin_stage_now\tmedian_days\tconversion",
            "lead\t3\t2\t0\t1\t15\t66.7",
            "qualified\t2\t0\t0\t2\t\t0",
        ]
    );
}
