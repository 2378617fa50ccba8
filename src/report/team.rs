//! Reports on our side of the relationship: coverage of each account (decision chain,
//! threads, people who left) and the portfolio of each person (load against capacity).

use super::{money, rank};
use crate::model::words::{AccountStatus, ContactRole, Word};
use crate::model::{Account, Book};
use crate::render::Rows;
use crate::score::{AccountScore, Scores};
use crate::value::Value;
use chrono::{Duration, NaiveDate};

/// The coverage gaps of one account, worst first, in words.
fn gaps(book: &Book, a: &Account, s: &AccountScore, today: NaiveDate) -> Vec<String> {
    let config = &book.config;
    let left = |id: &str| config.person(id).and_then(|p| p.left).filter(|d| *d <= today);
    let mut out = Vec::new();
    if let Some(owner) = a.owner_id()
        && let Some(date) = left(owner)
    {
        out.push(format!("owner {owner} left {date}"));
    }
    if !s.coverage.decision_maker {
        out.push("no decision-maker".into());
    }
    let min_team = a.tier_name().and_then(|t| config.tier(t)).map_or(0, |p| p.min_team);
    if s.coverage.team_size < min_team {
        out.push(format!("team of {} below the tier minimum {min_team}", s.coverage.team_size));
    }
    if s.coverage.active_people_180d < 2 {
        out.push(format!("{} of our people active in 180 days", s.coverage.active_people_180d));
    }
    for c in a.contacts.iter().filter(|c| !c.has_left(today)) {
        let key = c.has_role(ContactRole::DecisionMaker) || c.has_role(ContactRole::EconomicBuyer);
        match c.covered_by.as_ref().map(|p| p.value.as_str()) {
            None if key => out.push(format!("{} ({}) not covered by anyone", c.id, c.name)),
            Some(p) if left(p).is_some() => out.push(format!("{} covered by {p}, who left", c.id)),
            _ => {}
        }
    }
    let window = Duration::days(config.kam.window_days);
    for c in a.contacts.iter().filter(|c| c.has_left(today)) {
        if let Some(date) = c.left.filter(|d| *d > today - window) {
            let roles: Vec<&str> = c.roles.iter().map(|r| r.as_str()).collect();
            let roles = if roles.is_empty() { String::new() } else { format!(", {}", roles.join("/")) };
            out.push(format!("contact {} ({}{roles}) left {date}", c.id, c.name));
        }
    }
    out
}

/// Accounts with a coverage gap (churned ones aside): owner left first, then no
/// decision-maker, then single-threaded; by tier and id within each.
pub fn coverage(book: &Book, scores: &Scores, today: NaiveDate) -> Rows {
    let mut found: Vec<(&AccountScore, Vec<String>)> = book
        .accounts
        .iter()
        .zip(&scores.accounts)
        .filter(|(a, _)| a.status != Some(AccountStatus::Churned))
        .map(|(a, s)| (s, gaps(book, a, s, today)))
        .filter(|(_, g)| !g.is_empty())
        .collect();
    let severity = |s: &AccountScore| (!s.coverage.owner_left, s.coverage.decision_maker, !s.coverage.single_threaded);
    found.sort_by(|(a, _), (b, _)| {
        severity(a)
            .cmp(&severity(b))
            .then_with(|| tier_rank(a).cmp(&tier_rank(b)))
            .then_with(|| a.account.cmp(&b.account))
    });
    let mut rows = Rows::new(&[
        "account",
        "name",
        "tier",
        "owner",
        "team_size",
        "active_people_180d",
        "decision_maker",
        "single_threaded",
        "owner_left",
        "gaps",
    ]);
    for (s, gaps) in found {
        rows.push(vec![
            s.account.as_str().into(),
            s.name.as_str().into(),
            s.tier.clone().into(),
            s.owner.clone().into(),
            Value::Int(s.coverage.team_size),
            Value::Int(s.coverage.active_people_180d),
            Value::Bool(s.coverage.decision_maker),
            Value::Bool(s.coverage.single_threaded),
            Value::Bool(s.coverage.owner_left),
            Value::List(gaps.into_iter().map(Value::Text).collect()),
        ]);
    }
    rows
}

fn tier_rank(s: &AccountScore) -> u8 {
    s.tier.as_deref().and_then(rank).unwrap_or(u8::MAX)
}

/// Open next steps and plan actions that are past due, as (who, count) per person: a
/// next step belongs to its `who`, else to everyone in the interaction's `by`.
fn overdue_work(book: &Book, today: NaiveDate) -> std::collections::HashMap<&str, i64> {
    let mut counts = std::collections::HashMap::new();
    for (_, i) in book.interactions() {
        let Some(next) = i.next.as_ref().filter(|n| !n.done && n.due.is_some_and(|d| d < today)) else { continue };
        match &next.who {
            Some(who) => *counts.entry(who.value.as_str()).or_insert(0) += 1,
            None => i.by.iter().for_each(|b| *counts.entry(b.value.as_str()).or_insert(0) += 1),
        }
    }
    for a in &book.accounts {
        let actions = a.plan.iter().flat_map(|p| &p.action);
        for action in actions.filter(|x| !x.done && x.due.is_some_and(|d| d < today)) {
            if let Some(who) = &action.who {
                *counts.entry(who.value.as_str()).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Per person: the accounts they own by tier, the load in tier points against their
/// capacity, the accounts they serve on a team, revenue, overdue work and red accounts.
/// People who left appear while they still own accounts. Churned accounts carry no load.
pub fn portfolio(book: &Book, scores: &Scores, today: NaiveDate) -> Rows {
    let config = &book.config;
    let tiers = &config.tier_order;
    let mut columns = vec!["person".to_string(), "name".into(), "role".into(), "owned".into()];
    columns.extend(tiers.iter().map(|t| format!("tier_{}", t.to_lowercase())));
    columns.extend(["team".into(), "load".into(), "capacity".into(), "utilisation".into()]);
    columns.extend(["revenue_12m".into(), "overdue".into(), "red".into(), "flag".into()]);
    let mut rows = Rows { columns, ..Rows::default() }.with_bar("utilisation");
    let overdue = overdue_work(book, today);
    let live = |a: &&Account| a.status != Some(AccountStatus::Churned);
    let (mut total_load, mut total_capacity) = (0, 0);
    for person in &config.people {
        let id = person.id.as_str();
        let owned: Vec<(&Account, &AccountScore)> =
            book.accounts.iter().zip(&scores.accounts).filter(|(a, _)| live(a) && a.owner_id() == Some(id)).collect();
        let left = person.has_left(today);
        if left && owned.is_empty() {
            continue;
        }
        let team = book.accounts.iter().filter(live).filter(|a| a.owner_id() != Some(id) && a.members().contains(&id));
        let load: i64 = owned.iter().map(|(a, _)| a.tier_name().map_or(1, |t| config.tier_points(t))).sum();
        let capacity = person.capacity;
        total_load += load;
        total_capacity += capacity.unwrap_or(0);
        let mut row: Vec<Value> = vec![
            id.into(),
            person.name.as_str().into(),
            person.role.map(|r| r.as_str()).into(),
            Value::Int(owned.len() as i64),
        ];
        for tier in tiers {
            row.push(Value::Int(owned.iter().filter(|(a, _)| a.tier_name() == Some(tier)).count() as i64));
        }
        let utilisation = capacity.filter(|c| *c > 0).map(|c| (1000.0 * load as f64 / c as f64).round() / 10.0);
        let flag = if left {
            Some(format!("left {}; reassign", person.left.map(|d| d.to_string()).unwrap_or_default()))
        } else if capacity.is_some_and(|c| load > c) {
            Some("over capacity".to_string())
        } else if capacity.is_none() && load > 0 {
            Some("no capacity set".to_string())
        } else {
            None
        };
        row.extend([
            Value::Int(team.count() as i64),
            Value::Int(load),
            capacity.into(),
            utilisation.into(),
            Value::Num(money(owned.iter().map(|(_, s)| s.revenue_12m).sum())),
            Value::Int(overdue.get(id).copied().unwrap_or(0)),
            Value::Int(owned.iter().filter(|(_, s)| s.health.status == "red").count() as i64),
            flag.into(),
        ]);
        rows.push(row);
    }
    if total_capacity > 0 {
        rows.note(format!(
            "book load {total_load} points of {total_capacity} capacity ({} %); tier points: {}",
            Value::Num((1000.0 * total_load as f64 / total_capacity as f64).round() / 10.0),
            tiers.iter().map(|t| format!("{t} {}", config.tier_points(t))).collect::<Vec<_>>().join(", ")
        ));
    }
    rows
}
