//! The bundled example book: it checks clean but for its planted warnings, and the
//! scores surface the planted stories (see examples/dealer/README.md).

use crate::support::run_kam;
use std::path::{Path, PathBuf};

fn dealer() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dealer")
}

fn kam(args: &[&str]) -> crate::support::Run {
    let home = tempfile::tempdir().unwrap();
    let mut all = vec!["--color", "never", "--today", "2026-11-23"];
    all.extend_from_slice(args);
    run_kam(&dealer(), home.path(), &all)
}

#[test]
fn example_book_checks_with_exactly_the_planted_warnings() {
    let run = kam(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "accounts/hangzhou-chengtou/account.toml: warning[W304]: last interaction 2026-10-09 is 45 days ago; tier A cadence is 14 days\n\
         accounts/kunshan-express/account.toml:7:9: warning[W303]: owner `zhao-lei` left on 2026-08-31; hand the account over: kam handover --from zhao-lei --to <person>\n\
         accounts/ningbo-port-logistics/account.toml: warning[W304]: last interaction 2026-10-18 is 36 days ago; tier B cadence is 30 days\n\
         accounts/suzhou-dmv/account.toml: warning[W302]: tier A needs a team of 2; the team has 1 (wang-fang)\n\
         accounts/wuxi-huitong-coach/interactions/2026-10-14-complaint-ac-fault.toml: warning[W305]: complaint open for 40 days (status open)\n\
         accounts/wuxi-huitong-coach/opportunities/shuttle-buses-2026.toml: warning[W306]: opportunity is lost but has no `lost_reason`\n"
    );
    assert_eq!(kam(&["check", "--deny", "warnings"]).code, 1);
    let json: serde_json::Value = serde_json::from_str(&kam(&["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 6);
}

/// Every key of SPEC section 4 on every account, and the planted stories where they belong.
/// Regression: accounts that never ordered once made the CLV fit subtract with overflow.
#[test]
fn example_book_scores_show_the_planted_stories() {
    let run = kam(&["score", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scores: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(scores.len(), 30);
    let keys = [
        "account",
        "tier",
        "status",
        "owner",
        "revenue_12m",
        "margin_12m",
        "collected_12m",
        "orders_12m",
        "abc",
        "rfm",
        "value_matrix",
        "clv",
        "health",
        "coverage",
        "credit",
        "score",
    ];
    for s in &scores {
        for k in keys {
            assert!(s.get(k).is_some(), "{} lacks {k}", s["account"]);
        }
        for k in ["recency_days", "frequency", "monetary", "r", "f", "m", "segment"] {
            assert!(s["rfm"].get(k).is_some(), "rfm.{k}");
        }
        for k in ["method", "p_alive", "expected_orders", "expected_value", "value"] {
            assert!(s["clv"].get(k).is_some(), "clv.{k}");
        }
        assert_eq!(s["clv"]["method"], "bgnbd-gg");
    }
    let get = |id: &str| scores.iter().find(|s| s["account"] == id).unwrap();
    let falling = get("hutong-taxi");
    assert_ne!(falling["health"]["status"], "green");
    let trend = falling["health"]["terms"].as_array().unwrap().iter().find(|t| t["name"] == "order-trend").unwrap();
    assert_eq!(trend["points"], 20.0);
    assert_eq!(get("kunshan-express")["coverage"]["owner_left"], true);
    assert_eq!(get("suzhou-dmv")["coverage"]["single_threaded"], true);
    assert_eq!(get("jiaxing-autotrade")["credit"]["over_limit"], true);
    assert_eq!(get("changzhou-newmaterials")["coverage"]["decision_maker"], false);
    assert_eq!(get("anji-logistics")["health"]["status"], "green");
}

/// The cadence report lists exactly the planted breaches, most overdue first; the
/// snoozed account (pudong-sanitation, 48 days quiet) is not among them.
#[test]
fn example_cadence_and_credit_reports() {
    let run = kam(&["report", "cadence", "--format", "tsv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "account\tname\ttier\towner\tlast_touch\tdays_since\tcadence_days\tdays_overdue\n\
         hangzhou-chengtou\t杭州城投建设集团\tA\tchen-jing\t2026-10-09\t45\t14\t31\n\
         ningbo-port-logistics\t宁波港联物流有限公司\tB\tliu-yang\t2026-10-18\t36\t30\t6\n"
    );
    let run = kam(&["report", "credit", "--format", "csv"]);
    let first = run.stdout.lines().nth(1).unwrap();
    assert_eq!(first, "jiaxing-autotrade,嘉兴联众汽车贸易有限公司,liu-yang,4952000,3000000,4208000,true");
    let run = kam(&["report", "helth"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no report `helth` (did you mean `health`?)"), "{}", run.stderr);
}

/// The agenda surfaces the planted stories: the stale complaint at wuxi-huitong-coach, the
/// two cadence breaches and nothing for the snoozed pudong-sanitation; kunshan-express's
/// open promise of zhao-lei (left) falls to the team that stayed.
#[test]
fn example_agenda() {
    let run = kam(&["agenda", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let find = |kind: &str, account: &str| items.iter().find(|i| i["kind"] == kind && i["account"] == account);
    let cadence: Vec<(&str, &str)> = items
        .iter()
        .filter(|i| i["kind"] == "cadence")
        .map(|i| (i["account"].as_str().unwrap(), i["date"].as_str().unwrap()))
        .collect();
    // 2026-10-09 + 14 days and 2026-10-18 + 30 days.
    assert_eq!(cadence, [("hangzhou-chengtou", "2026-10-23"), ("ningbo-port-logistics", "2026-11-17")]);
    let complaint = find("complaint", "wuxi-huitong-coach").unwrap();
    assert_eq!((complaint["date"].as_str(), complaint["days"].as_i64()), (Some("2026-10-28"), Some(-26)));
    assert_eq!(find("next-step", "kunshan-express").unwrap()["who"], serde_json::json!(["chen-jing", "zhou-hao"]));
    assert!(items.iter().all(|i| i["account"] != "pudong-sanitation"));
    let dates = kam(&["report", "dates", "--format", "json"]);
    let dates: Vec<serde_json::Value> = serde_json::from_str(&dates.stdout).unwrap();
    assert!(!dates.is_empty() && dates.iter().all(|d| (0..=30).contains(&d["days"].as_i64().unwrap())));
    let complaints = kam(&["report", "complaints", "--format", "tsv"]);
    let first = complaints.stdout.lines().nth(1).unwrap();
    assert!(first.starts_with("wuxi-huitong-coach\t2026-10-14-complaint-ac-fault\t2026-10-14\t40\thigh\topen\t"));
}
