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
