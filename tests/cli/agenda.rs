//! `kam agenda`, `kam report dates` and `kam report complaints` on a small book. Today is
//! Monday 2026-11-23.

use crate::support::{Book, KAM_TOML};

/// `zhang-min` owns `anji` (tier A, cadence 14 days) with `li-qiang` on the team;
/// `li-qiang` owns `wuxi` (no tier) with one open and two confirmed complaints;
/// `zhao-lei` has left.
fn book() -> Book {
    let kam_toml = format!(
        "{KAM_TOML}\n[[people]]\nid = \"li-qiang\"\nname = \"李强\"\n\n\
         [[people]]\nid = \"zhao-lei\"\nname = \"赵磊\"\nleft = 2026-08-31\n\n\
         [tiers.A]\ncadence_days = 14\nmin_team = 1\n"
    );
    Book::new(&[
        ("kam.toml", &kam_toml),
        (
            "accounts/anji/account.toml",
            "name = \"上海安吉物流\"\ntier = \"A\"\nowner = \"zhang-min\"\nteam = [{ who = \"li-qiang\" }]\n",
        ),
        (
            "accounts/anji/plan.toml",
            "[[action]]\nwhat = \"site visit\"\nwho = \"li-qiang\"\ndue = 2026-12-07\n\n\
             [[action]]\nwhat = \"prepare demo\"\nwho = \"zhang-min\"\ndue = 2026-11-27\n",
        ),
        ("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\nbirthday = 1980-11-23\ncovered_by = \"li-qiang\"\n"),
        (
            "accounts/anji/interactions/2026-11-02-visit.toml",
            "date = 2026-11-02\nkind = \"visit\"\nby = [\"zhang-min\", \"li-qiang\"]\n\
             next = { what = \"send quote\", due = 2026-11-27 }\n",
        ),
        (
            "accounts/wuxi/account.toml",
            "name = \"无锡惠通客运\"\nowner = \"li-qiang\"\n\n[[dates]]\nwhat = \"founding day\"\non = 2000-11-30\n",
        ),
        (
            "accounts/wuxi/interactions/2026-10-14-ac-fault.toml",
            "date = 2026-10-14\nkind = \"complaint\"\nby = [\"zhang-min\"]\nseverity = \"high\"\nsummary = \"AC fault\"\n",
        ),
        (
            "accounts/wuxi/interactions/2026-11-20-late.toml",
            "date = 2026-11-20\nkind = \"complaint\"\nby = [\"li-qiang\"]\nseverity = \"low\"\nstatus = \"decided\"\n",
        ),
        (
            "accounts/wuxi/interactions/2026-09-01-noise.toml",
            "date = 2026-09-01\nkind = \"complaint\"\nby = [\"li-qiang\"]\nstatus = \"confirmed\"\nresolved_on = 2026-09-05\n",
        ),
        (
            "accounts/wuxi/interactions/2026-08-01-paint.toml",
            "date = 2026-08-01\nkind = \"complaint\"\nby = [\"li-qiang\"]\nstatus = \"confirmed\"\nresolved_on = 2026-08-11\n",
        ),
    ])
}

/// Overdue first (the complaint: 2026-10-14 + 14 days; the cadence: 2026-11-02 + 14
/// days), then today, then each day to 2026-12-07 (today + 14, included). The date shows
/// once per day; the second item of 2026-11-27 leaves it blank.
#[test]
fn agenda_table_groups_by_day() {
    let run = book().kam(&["agenda", "--format", "table"]);
    assert_eq!((run.stderr.as_str(), run.code), ("", 0));
    assert_eq!(
        run.stdout,
        "\
DATE            DAYS  KIND       ACCOUNT  WHO                  WHAT
2026-10-28 Wed   -26  complaint  wuxi     li-qiang, zhang-min  follow up the high complaint of 2026-10-14 (open, 40 days): AC fault
2026-11-16 Mon    -7  cadence    anji     zhang-min            get in touch: last interaction 2026-11-02, 21 days ago; tier A cadence 14 days
2026-11-23 Mon     0  birthday   anji     li-qiang             王军 (wang-jun) turns 46
2026-11-27 Fri     4  next-step  anji     zhang-min, li-qiang  send quote (visit 2026-11-02)
                   4  action     anji     zhang-min            prepare demo
2026-11-30 Mon     7  date       wuxi     li-qiang             founding day (26 years since 2000-11-30)
2026-12-04 Fri    11  complaint  wuxi     li-qiang             follow up the low complaint of 2026-11-20 (decided, 3 days)
2026-12-07 Mon    14  action     anji     li-qiang             site visit
"
    );
}

/// Flat rows with stable keys; `who` is an array, `days` negative when overdue. Only
/// zhang-min's items, each still naming everyone it is for.
#[test]
fn agenda_json_for_one_person() {
    let run = book().kam(&["agenda", "--who", "zhang-min", "--format", "json"]);
    assert_eq!((run.stderr.as_str(), run.code), ("", 0));
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"date": "2026-10-28", "days": -26, "kind": "complaint", "account": "wuxi", "who": ["li-qiang", "zhang-min"],
             "what": "follow up the high complaint of 2026-10-14 (open, 40 days): AC fault"},
            {"date": "2026-11-16", "days": -7, "kind": "cadence", "account": "anji", "who": ["zhang-min"],
             "what": "get in touch: last interaction 2026-11-02, 21 days ago; tier A cadence 14 days"},
            {"date": "2026-11-27", "days": 4, "kind": "next-step", "account": "anji", "who": ["zhang-min", "li-qiang"],
             "what": "send quote (visit 2026-11-02)"},
            {"date": "2026-11-27", "days": 4, "kind": "action", "account": "anji", "who": ["zhang-min"],
             "what": "prepare demo"},
        ])
    );
}

/// `--days 4` stops at 2026-11-27 (included); TSV repeats the date on every row.
#[test]
fn agenda_days_and_tsv() {
    let run = book().kam(&["agenda", "--who", "li-qiang", "--days", "4"]);
    assert_eq!((run.stderr.as_str(), run.code), ("", 0));
    assert_eq!(
        run.stdout,
        "date\tdays\tkind\taccount\twho\twhat\n\
         2026-10-28\t-26\tcomplaint\twuxi\tli-qiang, zhang-min\tfollow up the high complaint of 2026-10-14 (open, 40 days): AC fault\n\
         2026-11-23\t0\tbirthday\tanji\tli-qiang\t王军 (wang-jun) turns 46\n\
         2026-11-27\t4\tnext-step\tanji\tzhang-min, li-qiang\tsend quote (visit 2026-11-02)\n"
    );
}

/// zhao-lei has left and is named on nothing here: asking for him is valid and empty.
#[test]
fn agenda_for_someone_with_nothing_to_do() {
    let run = book().kam(&["agenda", "--who", "zhao-lei"]);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str(), run.code), ("date\tdays\tkind\taccount\twho\twhat\n", "", 0));
}

#[test]
fn agenda_unknown_person_is_a_usage_error() {
    let run = book().kam(&["agenda", "--who", "zhang-mn"]);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "kam: error: no person `zhang-mn` in kam.toml (did you mean `zhang-min`?)\nhint: `kam ls people` lists them\n"
    );
    assert_eq!(run.code, 2);
    let run = book().kam(&["agenda", "--days", "-1"]);
    assert_eq!(run.code, 2);
}

/// The birthday today and the founding day in 7 days; with `--days 6` only the birthday.
#[test]
fn report_dates() {
    let run = book().kam(&["report", "dates"]);
    assert_eq!((run.stderr.as_str(), run.code), ("", 0));
    assert_eq!(
        run.stdout,
        "date\tdays\tkind\taccount\tcontact\twhat\ton\tyears\twho\n\
         2026-11-23\t0\tbirthday\tanji\twang-jun\t王军\t1980-11-23\t46\tli-qiang\n\
         2026-11-30\t7\tdate\twuxi\t\tfounding day\t2000-11-30\t26\tli-qiang\n"
    );
    let run = book().kam(&["report", "dates", "--days", "6", "--format", "csv"]);
    assert_eq!(
        run.stdout,
        "date,days,kind,account,contact,what,on,years,who\n2026-11-23,0,birthday,anji,wang-jun,王军,1980-11-23,46,li-qiang\n"
    );
    let run = book().kam(&["report", "health", "--days", "6"]);
    assert_eq!(
        (run.stderr.as_str(), run.code),
        ("kam: error: `--days` applies to `report dates`, not `report health`\n", 2)
    );
}

/// Open complaints oldest first; the note under the table: the confirmed complaints took
/// 4 (2026-09-01 → 09-05) and 10 (2026-08-01 → 08-11) days, median (4 + 10) / 2 = 7. The
/// note is for people: JSON carries the rows only.
#[test]
fn report_complaints() {
    let run = book().kam(&["report", "complaints", "--format", "json"]);
    assert_eq!((run.stderr.as_str(), run.code), ("", 0));
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"account": "wuxi", "complaint": "2026-10-14-ac-fault", "date": "2026-10-14", "days_open": 40,
             "severity": "high", "status": "open", "owner": "li-qiang", "by": ["zhang-min"], "summary": "AC fault"},
            {"account": "wuxi", "complaint": "2026-11-20-late", "date": "2026-11-20", "days_open": 3,
             "severity": "low", "status": "decided", "owner": "li-qiang", "by": ["li-qiang"], "summary": null},
        ])
    );
    let run = book().kam(&["report", "complaints", "--format", "table"]);
    assert!(
        run.stdout.ends_with("\nmedian days from complaint to confirmed resolution: 7 over 2 confirmed complaints\n"),
        "{}",
        run.stdout
    );
}
