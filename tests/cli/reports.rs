//! Every report on the example book, in every human and machine format, compared with the
//! snapshots in `tests/snapshots/reports/` (`<report>.<format>`). After a deliberate change
//! of a report, regenerate them with `KAM_BLESS=1 cargo test reports` and review the diff.

use crate::support::run_kam;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The formats snapshot for every report, with the file extension each is kept under.
const FORMATS: [(&str, &str); 4] = [("table", "txt"), ("json", "json"), ("markdown", "md"), ("tsv", "tsv")];

/// A copy of the example book outside any git repository, made once: the reports must not
/// depend on the history of kam's own repository (`pipeline` reads history when it has one).
fn dealer() -> &'static Path {
    static COPY: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    COPY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        for (path, bytes) in crate::support::snapshot(&root().join("examples/dealer")) {
            let target = dir.path().join(&path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
        dir
    })
    .path()
}

/// The reports that need no git history.
fn book_reports() -> impl Iterator<Item = &'static str> {
    kam::report::NAMES.iter().copied().filter(|n| !kam::report::FROM_HISTORY.contains(n))
}

fn report(name: &str, format: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let args = ["--color", "never", "--today", "2026-11-23", "--format", format, "report", name];
    let run = run_kam(dealer(), home.path(), &args);
    assert_eq!(run.code, 0, "kam report {name} --format {format}: {}", run.stderr);
    assert_eq!(run.stderr, "", "kam report {name} --format {format}");
    run.stdout
}

#[test]
fn every_report_matches_its_snapshot_in_every_format() {
    let bless = std::env::var_os("KAM_BLESS").is_some();
    let dir: PathBuf = root().join("tests/snapshots/reports");
    let mut stale = Vec::new();
    for name in book_reports() {
        for (format, ext) in FORMATS {
            let actual = report(name, format);
            let path = dir.join(format!("{name}.{ext}"));
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if actual != expected {
                stale.push(format!("{} differs:\n{actual}", path.display()));
            }
        }
    }
    assert!(stale.is_empty(), "{}\n(rerun with KAM_BLESS=1 after reviewing)", stale.join("\n"));
}

/// JSON rows carry exactly the columns of the table, whatever the report: the bar chart
/// and the notes are for people and never reach the machine formats.
#[test]
fn machine_formats_have_no_bars_or_notes() {
    for name in book_reports() {
        let json = report(name, "json");
        assert!(!json.contains('█'), "{name}");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        let tsv = report(name, "tsv");
        let header: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
        assert_eq!(tsv.lines().count(), rows.len() + 1, "{name}: one TSV line per JSON row");
        for row in &rows {
            let keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, header, "{name}");
        }
    }
}

/// A small book for the pipeline, forecast and portfolio figures, computed by hand.
/// Default stages: lead .05, qualified .15, proposal .35, negotiation .6, commit .85.
/// zhang-min (capacity 4) owns tier-A `north` (3 points); li-qiang (capacity 2, left
/// 2026-10-01) owns tier-B `south` (2 points).
fn pipeline_book() -> crate::support::Book {
    let opp = |stage: &str, amount: u32, close: &str| {
        format!("name = \"deal\"\nstage = \"{stage}\"\namount = {amount}\nclose = {close}\nlost_reason = \"price\"\n")
    };
    crate::support::Book::new(&[
        (
            "kam.toml",
            "[kam]\nschema = 1\n\n[[people]]\nid = \"zhang-min\"\nname = \"张敏\"\ncapacity = 4\n\n\
             [[people]]\nid = \"li-qiang\"\nname = \"李强\"\ncapacity = 2\nleft = 2026-10-01\n",
        ),
        ("accounts/north/account.toml", "name = \"North\"\ntier = \"A\"\nowner = \"zhang-min\"\n"),
        ("accounts/north/opportunities/o1.toml", &opp("negotiation", 1000, "2026-12-10")),
        ("accounts/north/opportunities/o2.toml", &opp("lead", 500, "2027-01-05")),
        ("accounts/north/opportunities/o3.toml", &opp("won", 300, "2026-11-02")),
        ("accounts/north/opportunities/o4.toml", &opp("lost", 200, "2026-06-01")),
        ("accounts/south/account.toml", "name = \"South\"\ntier = \"B\"\nowner = \"li-qiang\"\n"),
        ("accounts/south/opportunities/o5.toml", &opp("proposal", 2000, "2026-11-01")),
        ("accounts/south/opportunities/o6.toml", &opp("commit", 400, "2027-05-31")),
    ])
}

/// Open per stage: lead o2 500 (×.05 = 25); proposal o5 2000 (×.35 = 700, closed
/// 2026-11-01 < today: past close); negotiation o1 1000 (600); commit o6 400 (340).
/// Open total 3 900, weighted 25 + 700 + 600 + 340 = 1 665. In the window: o3 won 300,
/// o4 lost 200: win rate 1/2. Bars: proposal's 2 000 is the full 24 cells; negotiation
/// 12; lead 6; commit 400/2000 × 24 = 4.8 cells = 38.4 eighths → 4 cells and ▊ (6/8).
#[test]
fn pipeline_per_stage_with_funnel_and_win_rate() {
    let book = pipeline_book();
    let run = book.kam(&["--format", "table", "report", "pipeline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "STAGE        PROBABILITY  OPPORTUNITIES  AMOUNT                            WEIGHTED  PAST_CLOSE  STALE\n\
         lead                0.05              1     500  ██████                          25           0\n\
         qualified           0.15              0       0                                   0           0\n\
         proposal            0.35              1    2000  ████████████████████████       700           1\n\
         negotiation          0.6              1    1000  ████████████                   600           0\n\
         commit              0.85              1     400  ████▊                          340           0\n\
         \n\
         open: 4 opportunities, amount 3900, weighted 1665\n\
         closed in the last 365 days: 1 won (300), 1 lost (200); win rate 50 %\n"
    );
}

/// Months 2026-11 … 2027-04. November: o5 is past its close date, so not forecast; o3
/// was won there (300). December: o1 1 000 × .6 = 600. January: o2 500 × .05 = 25.
/// o6 closes in May 2027, beyond the six months. Bars on the weighted amount: December's
/// 600 is the full 24 cells, January's 25 is 25/600 × 24 = 1 cell.
#[test]
fn forecast_by_close_month_with_past_close_dates_in_a_note() {
    let run = pipeline_book().kam(&["--format", "markdown", "report", "forecast"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "| month | opportunities | amount | weighted |  | won |\n\
         | --- | ---: | ---: | ---: | --- | ---: |\n\
         | 2026-11 | 0 | 0 | 0 |  | 300 |\n\
         | 2026-12 | 1 | 1000 | 600 | ████████████████████████ | 0 |\n\
         | 2027-01 | 1 | 500 | 25 | █ | 0 |\n\
         | 2027-02 | 0 | 0 | 0 |  | 0 |\n\
         | 2027-03 | 0 | 0 | 0 |  | 0 |\n\
         | 2027-04 | 0 | 0 | 0 |  | 0 |\n\
         \n\
         - not forecast: 1 open opportunities with a past or missing close date (amount 2000); update their `close`\n"
    );
}

/// zhang-min: 1 account (A), load 3 of 4 = 75 %. li-qiang left but still owns South
/// (B, 2 points of 2 = 100 %): flagged for reassignment. South is red: no interaction
/// (cadence 30), no decision-maker (10), single-threaded (10), owner left (20) leave 30.
/// North loses 50 of the same terms but the owner's and stays yellow.
#[test]
fn portfolio_load_against_capacity_flags_leavers() {
    let run = pipeline_book().kam(&["--format", "tsv", "report", "portfolio"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "person\tname\trole\towned\ttier_a\ttier_b\ttier_c\tteam\tload\tcapacity\tutilisation\trevenue_12m\toverdue\tred\tflag\n\
         zhang-min\t张敏\t\t1\t1\t0\t0\t0\t3\t4\t75\t0\t0\t0\t\n\
         li-qiang\t李强\t\t1\t0\t1\t0\t0\t2\t2\t100\t0\t0\t1\tleft 2026-10-01; reassign\n"
    );
}

/// `--rollup` folds anji-logistics and anji-leasing (parent anji-group) into the group:
/// 2 706 000 + 14 740 000 + 3 198 000 = 20 644 000 of the book's 103 169 000 in the
/// window = 20.0 %, now the largest account; 30 accounts become 27 (jiaxing-huitong-pharma
/// folds into its parent xingye-pharma too).
#[test]
fn rollup_sees_group_accounts_as_one() {
    let home = tempfile::tempdir().unwrap();
    let args = ["--today", "2026-11-23", "--format", "json", "report", "abc", "--rollup"];
    let run = run_kam(dealer(), home.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows.len(), 27);
    assert_eq!(rows[0]["account"], "anji-group");
    assert_eq!(rows[0]["revenue_12m"], 20_644_000);
    assert_eq!(rows[0]["share"], 20.0);
    assert!(rows.iter().all(|r| r["account"] != "anji-logistics" && r["account"] != "jiaxing-huitong-pharma"));
}
