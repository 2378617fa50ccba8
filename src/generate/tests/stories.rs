//! Each planted situation of the example book (see `story.rs`), checked as a fact
//! computed from the generated files with SPEC section 4's definitions.

use super::book::{
    Acct, Book, Fields, active_people, days_since_last_touch, has_decision_maker, open_complaint_ages, order_trend,
    outstanding, team_size, trend_fires,
};
use super::dealer;

fn account<'a>(book: &'a Book, id: &str) -> &'a Acct {
    match book.accounts.get(id) {
        Some(acct) => acct,
        None => panic!("story account {id} is missing"),
    }
}

#[test]
fn falling_orders_fire_order_trend_for_hutong_taxi_only_among_active_accounts() {
    let book = dealer();
    let hutong = account(book, "hutong-taxi");
    assert_eq!(hutong.account.text("tier"), "A");
    let (prior, recent) = order_trend(book, hutong);
    assert!(prior >= 8 && recent <= 1, "prior {prior}, recent {recent}");
    assert!(trend_fires(prior, recent));
    let steady: Vec<&String> = book
        .accounts
        .iter()
        .filter(|(_, a)| a.account.text("status") == "active")
        .filter(|(_, a)| {
            let (prior, recent) = order_trend(book, a);
            trend_fires(prior, recent)
        })
        .map(|(id, _)| id)
        .collect();
    assert_eq!(steady, ["hutong-taxi"]);
}

#[test]
fn cadence_is_breached_where_planted() {
    let book = dealer();
    let silent = account(book, "hangzhou-chengtou");
    assert_eq!(silent.account.text("tier"), "A");
    assert!(days_since_last_touch(book, silent).is_some_and(|gap| gap > 2 * 14), "A account not silent enough");
    let (prior, recent) = order_trend(book, silent);
    assert!(!trend_fires(prior, recent), "the silent account should not also be falling");
    let late = account(book, "ningbo-port-logistics");
    assert_eq!(late.account.text("tier"), "B");
    assert!(days_since_last_touch(book, late).is_some_and(|gap| gap > 30 && gap <= 40));
    let snoozed = account(book, "pudong-sanitation");
    assert!(days_since_last_touch(book, snoozed).is_some_and(|gap| gap > 30));
    let until = snoozed.account.get("snooze").and_then(|s| s.as_table()).and_then(|s| s.day("until"));
    assert!(until.is_some_and(|until| until >= book.today));
}

#[test]
fn an_open_complaint_is_older_than_a_month() {
    let book = dealer();
    let coach = account(book, "wuxi-huitong-coach");
    let open: Vec<_> =
        coach.interactions.iter().filter(|i| i.text("kind") == "complaint" && i.text("status") == "open").collect();
    assert_eq!(open.len(), 1);
    assert!((book.today - open[0].date()).num_days() > 30);
    // Complaints still in flight elsewhere are younger than the 14-day warning.
    for (id, acct) in &book.accounts {
        if id != "wuxi-huitong-coach" {
            assert!(open_complaint_ages(book, acct).iter().all(|age| *age <= 14), "{id}");
        }
    }
}

#[test]
fn kunshan_express_is_owned_by_someone_who_left() {
    let book = dealer();
    let orphan = account(book, "kunshan-express");
    let owner = orphan.account.text("owner");
    let left = book.person(owner).and_then(|p| p.left);
    assert!(left.is_some_and(|left| left <= book.today), "{owner} has not left");
    assert!(team_size(book, orphan) >= 2, "the team should still meet min_team");
    assert!(orphan.interactions.iter().any(|i| {
        i.open_next_due().is_some()
            && i.table.get("next").and_then(|n| n.as_table()).is_some_and(|n| n.text("who") == owner)
    }));
    assert!(orphan.interactions.iter().any(|i| left.is_some_and(|left| i.date() >= left)), "nobody kept in touch");
    let others_owned_by_leaver =
        book.accounts.iter().filter(|(id, a)| *id != "kunshan-express" && a.account.text("owner") == owner).count();
    assert_eq!(others_owned_by_leaver, 0);
}

#[test]
fn suzhou_dmv_is_single_threaded() {
    let book = dealer();
    let dmv = account(book, "suzhou-dmv");
    assert_eq!(dmv.account.text("tier"), "A");
    assert_eq!(active_people(book, dmv, 180).len(), 1);
    assert!(team_size(book, dmv) < 2);
    for (id, acct) in &book.accounts {
        if acct.account.text("tier") == "A" && id != "suzhou-dmv" {
            assert!(active_people(book, acct, 180).len() >= 2, "{id} is single-threaded too");
        }
    }
}

#[test]
fn jiaxing_autotrade_is_the_one_account_over_its_credit_limit() {
    let book = dealer();
    let over: Vec<&String> = book
        .accounts
        .iter()
        .filter(|(_, a)| {
            let limit = a.account.get("credit").and_then(|c| c.as_table()).and_then(|c| c.int("limit"));
            limit.is_some_and(|limit| outstanding(a) > limit)
        })
        .map(|(id, _)| id)
        .collect();
    assert_eq!(over, ["jiaxing-autotrade"]);
}

#[test]
fn changzhou_newmaterials_is_the_one_account_without_a_decision_maker() {
    let book = dealer();
    let missing: Vec<&String> =
        book.accounts.iter().filter(|(_, a)| !has_decision_maker(book, a)).map(|(id, _)| id).collect();
    assert_eq!(missing, ["changzhou-newmaterials"]);
    assert_ne!(account(book, "changzhou-newmaterials").account.text("tier"), "A");
}

#[test]
fn exactly_one_lost_opportunity_has_no_reason() {
    let book = dealer();
    let mut lost_without_reason = Vec::new();
    for (id, acct) in &book.accounts {
        for (oid, o) in &acct.opportunities {
            if o.text("stage") == "lost" && o.get("lost_reason").is_none() {
                lost_without_reason.push(format!("{id}/{oid}"));
            }
        }
    }
    assert_eq!(lost_without_reason, ["wuxi-huitong-coach/shuttle-buses-2026"]);
}

#[test]
fn anji_logistics_is_a_healthy_champion() {
    let book = dealer();
    let champion = account(book, "anji-logistics");
    assert_eq!(champion.account.text("tier"), "A");
    assert_eq!(champion.account.text("parent"), "anji-group");
    // Every SPEC 4.6 term except p-alive is zero.
    assert!(days_since_last_touch(book, champion).is_some_and(|gap| gap <= 14));
    let (prior, recent) = order_trend(book, champion);
    assert!(prior >= 10 && !trend_fires(prior, recent), "prior {prior}, recent {recent}");
    assert!(open_complaint_ages(book, champion).is_empty());
    let mut dated: Vec<_> = champion.interactions.iter().collect();
    dated.sort_by(|a, b| a.date().cmp(&b.date()).then(a.stem.cmp(&b.stem)));
    let last_sentiments: Vec<&str> =
        dated.iter().rev().map(|i| i.text("sentiment")).filter(|s| !s.is_empty()).take(3).collect();
    assert!(!last_sentiments.contains(&"negative"), "{last_sentiments:?}");
    let latest_survey = dated.iter().rev().find(|i| i.text("kind") == "survey").and_then(|i| i.table.int("score"));
    assert!(latest_survey.is_some_and(|score| score >= 9), "{latest_survey:?}");
    assert!(has_decision_maker(book, champion));
    assert!(active_people(book, champion, 180).len() >= 2 && team_size(book, champion) >= 2);
    assert!(champion.contacts.values().any(|c| c.text("stance") == "champion"));
}
