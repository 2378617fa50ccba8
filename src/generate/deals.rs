//! Opportunities and account plans for generated accounts.
//!
//! Won opportunities are closed on a day the account could order, because `bulk` turns
//! each of them into an order that names it; open ones close in the coming months.

use super::history::Buying;
use super::model::{Account, Action, Opportunity, Plan, Strategy, shift};
use super::names::{LOST_REASONS, PLAN_ACTIONS, PLAN_OBJECTIVES};
use super::rng::Rng;
use super::roster::Registry;
use chrono::{Datelike, NaiveDate};

/// Opportunity kinds per segment: (id stem, name with `{year}` and `{units}`).
fn templates(segment: &str) -> &'static [(&'static str, &'static str)] {
    match segment {
        "government" => &[
            ("annual-tender", "{year} 年度集中采购 ({units} 辆)"),
            ("ev-replacement", "{year} 新能源替换 ({units} 辆)"),
        ],
        "dealer" => {
            &[("stock-order", "{year} 备货订单 ({units} 辆)"), ("quarter-push", "{year} 季度冲量 ({units} 辆)")]
        }
        "group-buy" => &[("group-buy", "{year} 团购 ({units} 辆)")],
        _ => &[
            ("fleet-renewal", "{year} 车队更新 ({units} 辆)"),
            ("ev-pilot", "{year} 新能源车试点 ({units} 辆)"),
            ("fleet-expansion", "{year} 车队扩充 ({units} 辆)"),
        ],
    }
}

/// `count` opportunities. `won_until` is the last day a won deal can be delivered (None:
/// the account never bought, so nothing is won).
pub(crate) fn opportunities(
    account: &Account,
    registry: &Registry,
    rng: &mut Rng,
    buying: &Buying,
    count: usize,
    from: NaiveDate,
    won_until: Option<NaiveDate>,
) -> Vec<Opportunity> {
    let today = registry.today;
    let closed_from = shift(from, 20);
    let lost_until = shift(today, -5);
    let won_until = won_until.map(|until| until.min(lost_until)).filter(|until| *until >= closed_from);
    let can_lose = lost_until >= closed_from;
    let mut list: Vec<Opportunity> = Vec::with_capacity(count);
    for _ in 0..count {
        let weights = [8, 10, 12, 10, 8, if won_until.is_some() { 30 } else { 0 }, if can_lose { 22 } else { 0 }];
        let stage = ["lead", "qualified", "proposal", "negotiation", "commit", "won", "lost"][rng.weighted(&weights)];
        let close = match (stage, won_until) {
            ("won", Some(until)) => shift(closed_from, rng.range(0, (until - closed_from).num_days())),
            ("lost", _) => shift(closed_from, rng.range(0, (lost_until - closed_from).num_days())),
            _ => shift(today, rng.range(10, 240)),
        };
        let pool = templates(account.segment);
        let (stem, pattern) = rng.pick_from(pool).copied().unwrap_or(("deal", "{year} 采购 ({units} 辆)"));
        let units = rng.range(2, i64::from(buying.max_units.max(2)) * 3) as u32;
        let base_id = format!("{stem}-{}", close.year());
        let mut id = base_id.clone();
        let mut suffix = 2;
        while list.iter().any(|o| o.id == id) {
            id = format!("{base_id}-{suffix}");
            suffix += 1;
        }
        let name = pattern.replace("{year}", &close.year().to_string()).replace("{units}", &units.to_string());
        let on = if close > today { today } else { close };
        let mut contacts: Vec<String> = Vec::new();
        for contact in account.contacts.iter().filter(|c| c.present_on(on)) {
            let buying_role =
                contact.roles.iter().any(|r| ["decision-maker", "purchaser", "opinion-leader"].contains(r));
            if contacts.len() < 3 && (buying_role || rng.chance(0.3)) {
                contacts.push(contact.id.clone());
            }
        }
        let competitors: Vec<String> = account
            .competitors
            .iter()
            .filter(|_| rng.chance(if stage == "lost" { 0.8 } else { 0.4 }))
            .map(|c| c.name.clone())
            .take(2)
            .collect();
        list.push(Opportunity {
            id,
            name,
            stage,
            amount: u64::from(units) * buying.unit_price,
            close,
            owner: account.owner.clone(),
            contacts,
            competitors,
            lost_reason: (stage == "lost").then(|| rng.pick(&LOST_REASONS).to_string()),
        });
    }
    list
}

/// An account plan with one strategy of each kind and a few actions, some done.
pub(crate) fn plan(account: &Account, registry: &Registry, rng: &mut Rng) -> Plan {
    let today = registry.today;
    let name_of = |id: &str| registry.person(id).map_or_else(|| id.to_string(), |p| p.name.clone());
    let crew = account.crew();
    let by_role = |role: &str| {
        crew.iter()
            .find(|who| registry.person(who).is_some_and(|p| p.role == role))
            .map_or_else(|| name_of(&account.owner), |who| name_of(who))
    };
    let decider = account
        .contacts
        .iter()
        .find(|c| c.roles.contains(&"decision-maker") && c.present_on(today))
        .map_or("客户决策人", |c| c.name.as_str());
    let competition = match account.competitors.first() {
        Some(rival) => format!("跟踪{}的报价与服务承诺，突出我们的交付速度和维保网络", rival.name),
        None => "关注新进入的竞争对手，每季度复核价格竞争力".to_string(),
    };
    let strategies = vec![
        Strategy {
            kind: "information", text: "每月收集车队里程、故障与保养数据，每季度确认采购预算".to_string()
        },
        Strategy {
            kind: "decision-chain", text: format!("由{}对接{decider}，每季度至少一次高层拜访", by_role("gm"))
        },
        Strategy { kind: "competition", text: competition },
        Strategy {
            kind: "team",
            text: format!("{}负责技术方案，{}负责售后回访", by_role("presales"), by_role("service")),
        },
    ];
    let present: Vec<String> = crew.into_iter().filter(|who| registry.present(who, today)).collect();
    let mut actions = Vec::new();
    for _ in 0..rng.range(2, 4) {
        let due = shift(today, rng.range(-60, 75));
        let done = if due < shift(today, -7) { rng.chance(0.9) } else { due < today && rng.chance(0.3) };
        actions.push(Action {
            what: rng.pick(&PLAN_ACTIONS).to_string(),
            who: rng.pick_from(&present).cloned().unwrap_or_else(|| account.owner.clone()),
            due,
            done,
        });
    }
    actions.sort_by_key(|action| action.due);
    Plan {
        objective: rng.pick(&PLAN_OBJECTIVES).to_string(),
        review_by: shift(today, rng.range(14, 120)),
        strategies,
        actions,
    }
}
