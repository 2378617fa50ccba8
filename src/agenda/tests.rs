//! The agenda and the yearly recurrence on hand-computed dates. Today is Monday 2026-11-23
//! throughout; 2026 and 2027 are common years, 2028 a leap year.

use super::dates::{next_yearly, upcoming};
use super::{Item, Kind, Options, agenda};
use crate::error::Result;
use crate::model::Book;
use crate::source::{At, Entry, Listing, Source};
use chrono::NaiveDate;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A book held in memory, for loading without a directory.
struct Files(&'static [(&'static str, &'static str)]);

impl Source for Files {
    fn list(&self) -> Result<Listing> {
        let entries = self.0.iter().map(|(p, t)| Entry { path: p.to_string(), at: At::Bytes(t.as_bytes().to_vec()) });
        Ok(Listing::of(entries.collect()))
    }
    fn describe(&self) -> String {
        "test files".into()
    }
}

const TODAY: &str = "2026-11-23";

/// `zhao-lei` has left; tier A has a cadence of 14 days.
const BOOK: &[(&str, &str)] = &[
    (
        "kam.toml",
        "[kam]\nschema = 1\n\n[[people]]\nid = \"zhang-min\"\nname = \"张敏\"\n\n[[people]]\nid = \"li-qiang\"\nname = \"李强\"\n\n\
         [[people]]\nid = \"zhao-lei\"\nname = \"赵磊\"\nleft = 2026-08-31\n\n[tiers.A]\ncadence_days = 14\nmin_team = 1\n",
    ),
    (
        "accounts/anji/account.toml",
        "name = \"安吉\"\ntier = \"A\"\nowner = \"zhang-min\"\nteam = [{ who = \"li-qiang\" }]\n\n\
         [[dates]]\nwhat = \"company anniversary\"\non = 1998-12-08\n",
    ),
    (
        "accounts/anji/plan.toml",
        "[[action]]\nwhat = \"site visit\"\nwho = \"li-qiang\"\ndue = 2026-12-07\n\n\
         [[action]]\nwhat = \"too far ahead\"\ndue = 2026-12-08\n\n\
         [[action]]\nwhat = \"already done\"\ndue = 2026-11-01\ndone = true\n\n\
         [[action]]\nwhat = \"update the decision chain\"\n",
    ),
    ("accounts/anji/contacts/wang-jun.toml", "name = \"王军\"\nbirthday = 1980-11-23\ncovered_by = \"li-qiang\"\n"),
    ("accounts/anji/contacts/chen-gong.toml", "name = \"陈工\"\nbirthday = 1990-12-07\n"),
    ("accounts/anji/contacts/gone.toml", "name = \"离职\"\nbirthday = 1985-11-24\nleft = 2026-11-23\n"),
    (
        "accounts/anji/interactions/2026-11-02-visit.toml",
        "date = 2026-11-02\nkind = \"visit\"\nby = [\"zhang-min\", \"li-qiang\"]\n\
         next = { what = \"send quote\", due = 2026-11-27 }\n",
    ),
    ("accounts/kunshan/account.toml", "name = \"昆山\"\nowner = \"zhao-lei\"\nteam = [{ who = \"li-qiang\" }]\n"),
    (
        "accounts/kunshan/interactions/2026-08-20-call.toml",
        "date = 2026-08-20\nkind = \"call\"\nby = [\"zhao-lei\"]\n\
         next = { what = \"send 2027 quote\", due = 2026-09-14, who = \"zhao-lei\" }\n",
    ),
    (
        "accounts/kunshan/interactions/2026-11-11-complaint.toml",
        "date = 2026-11-11\nkind = \"complaint\"\nby = [\"zhao-lei\"]\nseverity = \"medium\"\n\
         status = \"following-up\"\nsummary = \"service wait\"\n",
    ),
    (
        "accounts/pudong/account.toml",
        "name = \"浦东\"\ntier = \"A\"\nowner = \"zhang-min\"\n\n[snooze]\nuntil = 2027-01-10\n",
    ),
    (
        "accounts/pudong/interactions/2026-10-06-call.toml",
        "date = 2026-10-06\nkind = \"call\"\nby = [\"zhang-min\"]\nnext = { what = \"done\", due = 2026-10-10, done = true }\n",
    ),
    ("accounts/dormant/account.toml", "name = \"停业\"\ntier = \"A\"\nstatus = \"churned\"\nowner = \"zhang-min\"\n"),
    ("accounts/newco/account.toml", "name = \"新客户\"\ntier = \"A\"\nowner = \"li-qiang\"\n"),
    (
        "accounts/wuxi/account.toml",
        "name = \"无锡\"\nowner = \"li-qiang\"\n\n[[dates]]\nwhat = \"founding day\"\non = 2000-11-30\n",
    ),
    (
        "accounts/wuxi/interactions/2026-10-14-complaint.toml",
        "date = 2026-10-14\nkind = \"complaint\"\nby = [\"zhang-min\"]\nseverity = \"high\"\nsummary = \"AC fault\"\n",
    ),
    (
        "accounts/wuxi/interactions/2026-09-01-complaint.toml",
        "date = 2026-09-01\nkind = \"complaint\"\nby = [\"zhang-min\"]\nstatus = \"confirmed\"\nresolved_on = 2026-09-05\n",
    ),
];

fn book() -> Book {
    let loaded = crate::load::load(&Files(BOOK)).unwrap();
    assert!(loaded.diags.is_empty(), "{:?}", loaded.diags);
    loaded.book
}

fn item(day: &str, kind: Kind, account: &str, who: &[&str], what: &str) -> Item {
    Item {
        date: date(day),
        kind,
        account: account.into(),
        who: who.iter().map(|w| w.to_string()).collect(),
        what: what.into(),
    }
}

/// Every item of `BOOK`, for everyone, over the default 14 days (today ≤ d ≤ 2026-12-07).
fn everything() -> Vec<Item> {
    vec![
        // Due 2026-09-14; zhao-lei has left and also owned the account, so it falls to
        // the team that has not left: li-qiang.
        item("2026-09-14", Kind::NextStep, "kunshan", &["li-qiang"], "send 2027 quote (call 2026-08-20)"),
        // 2026-10-14 + 14 = 2026-10-28; owner li-qiang, then `by` zhang-min; 40 days old.
        item(
            "2026-10-28",
            Kind::Complaint,
            "wuxi",
            &["li-qiang", "zhang-min"],
            "follow up the high complaint of 2026-10-14 (open, 40 days): AC fault",
        ),
        // Last interaction 2026-11-02 + 14 = 2026-11-16; 21 days ago.
        item(
            "2026-11-16",
            Kind::Cadence,
            "anji",
            &["zhang-min"],
            "get in touch: last interaction 2026-11-02, 21 days ago; tier A cadence 14 days",
        ),
        // No `due`: listed today; no `who`: the owner.
        item("2026-11-23", Kind::Action, "anji", &["zhang-min"], "update the decision chain (no due date)"),
        // Never an interaction: the cadence is due today.
        item(
            "2026-11-23",
            Kind::Cadence,
            "newco",
            &["li-qiang"],
            "get in touch: no interaction recorded; tier A cadence 14 days",
        ),
        // Born 1980-11-23: 46 today; covered by li-qiang.
        item("2026-11-23", Kind::Birthday, "anji", &["li-qiang"], "王军 (wang-jun) turns 46"),
        // 2026-11-11 + 14 = 2026-11-25, 12 days old; owner and `by` both zhao-lei (left).
        item(
            "2026-11-25",
            Kind::Complaint,
            "kunshan",
            &["li-qiang"],
            "follow up the medium complaint of 2026-11-11 (following-up, 12 days): service wait",
        ),
        // No `who` on the next step: the interaction's `by`.
        item("2026-11-27", Kind::NextStep, "anji", &["zhang-min", "li-qiang"], "send quote (visit 2026-11-02)"),
        item("2026-11-30", Kind::Date, "wuxi", &["li-qiang"], "founding day (26 years since 2000-11-30)"),
        // Day 14 exactly is in.
        item("2026-12-07", Kind::Action, "anji", &["li-qiang"], "site visit"),
        // No `covered_by`: the owner. 2026 − 1990 = 36.
        item("2026-12-07", Kind::Birthday, "anji", &["zhang-min"], "陈工 (chen-gong) turns 36"),
    ]
}

/// Left out: the action due on day 15 and the anniversary on 2026-12-08 (day 15), done
/// steps and actions, the confirmed complaint, the contact who left today, the snoozed
/// account's 48-day gap, the churned account that never had an interaction.
#[test]
fn agenda_of_everyone_over_fourteen_days() {
    let items = agenda(&book(), date(TODAY), Options { days: 14, who: None });
    assert_eq!(items, everything());
}

#[test]
fn zero_days_is_overdue_and_today() {
    let items = agenda(&book(), date(TODAY), Options { days: 0, who: None });
    assert_eq!(items, everything()[..6].to_vec());
}

#[test]
fn one_person_only() {
    let items = agenda(&book(), date(TODAY), Options { days: 14, who: Some("zhang-min") });
    let all = everything();
    assert_eq!(items, vec![all[1].clone(), all[2].clone(), all[3].clone(), all[7].clone(), all[10].clone()]);
}

/// Asked for by name, someone who has left is listed on what names him, instead of the
/// people it fell to.
#[test]
fn a_person_who_left_when_asked_for() {
    let items = agenda(&book(), date(TODAY), Options { days: 14, who: Some("zhao-lei") });
    assert_eq!(
        items,
        vec![
            item("2026-09-14", Kind::NextStep, "kunshan", &["zhao-lei"], "send 2027 quote (call 2026-08-20)"),
            item(
                "2026-11-25",
                Kind::Complaint,
                "kunshan",
                &["zhao-lei"],
                "follow up the medium complaint of 2026-11-11 (following-up, 12 days): service wait",
            ),
        ]
    );
}

#[test]
fn yearly_recurrence() {
    let next = |on, from| next_yearly(date(on), date(from));
    // Today itself counts; yesterday's date recurs next year.
    assert_eq!(next("1975-11-23", TODAY), date("2026-11-23"));
    assert_eq!(next("1975-11-22", TODAY), date("2027-11-22"));
    // Year wrap: late December to early January.
    assert_eq!(next("1980-01-05", "2026-12-30"), date("2027-01-05"));
    assert_eq!(next("1980-12-31", "2026-12-31"), date("2026-12-31"));
    // February 29 falls on February 28 in a common year, on the 29th in a leap year.
    assert_eq!(next("2000-02-29", TODAY), date("2027-02-28"));
    assert_eq!(next("2000-02-29", "2027-02-28"), date("2027-02-28"));
    assert_eq!(next("2000-02-29", "2027-03-01"), date("2028-02-29"));
    assert_eq!(next("2000-02-29", "2028-02-29"), date("2028-02-29"));
    // A date still ahead first recurs on itself.
    assert_eq!(next("2027-05-01", TODAY), date("2027-05-01"));
}

/// The window is today ≤ d ≤ today + days: with 14 days, 2026-12-07 is in and the
/// anniversary on 2026-12-08 is out; with 15 it is in.
#[test]
fn upcoming_window_edges() {
    let book = book();
    let listed = |days| -> Vec<(String, i32)> {
        upcoming(&book, date(TODAY), days).iter().map(|u| (u.date.to_string(), u.years)).collect()
    };
    assert_eq!(listed(0), [("2026-11-23".to_string(), 46)]);
    assert_eq!(
        listed(14),
        [("2026-11-23".to_string(), 46), ("2026-11-30".to_string(), 26), ("2026-12-07".to_string(), 36)]
    );
    // 2026 − 1998 = 28 years on 2026-12-08.
    assert_eq!(listed(15).last(), Some(&("2026-12-08".to_string(), 28)));
}
