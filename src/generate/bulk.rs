//! Generated accounts in any number, for benchmark books and to fill the example book
//! around its story accounts.
//!
//! Every generated account is kept free of `kam check` findings, warnings included: A
//! accounts meet their `require` list, teams meet `min_team`, the last interaction is
//! within the tier's cadence, complaints older than a few days are confirmed, lost deals
//! say why, and orders are paid within terms under a credit limit with headroom. The
//! example book's warnings therefore all come from `story`.

use super::contacts::decision_chain;
use super::deals::{opportunities, plan};
use super::history::{Buying, Mood, OrderShape, add_orders, add_payments, order, order_dates, touches};
use super::model::{Account, Competitor, Credit, KeyDate, Kind, Member, Potential, shift, tier_policy};
use super::names::{
    AGENCIES, CITIES, COMPETITOR_NOTES, COMPETITORS, CORES, DEALER_KINDS, DISTRICTS, ENTERPRISE_KINDS, GROUP_BUY_KINDS,
    LATIN_ACCOUNTS, OTHER_KINDS, RATINGS, TAGS, model_price,
};
use super::rng::{Rng, apportion};
use super::roster::Registry;
use chrono::NaiveDate;

/// How many entities of each kind the generated accounts share.
pub(crate) struct Budget {
    pub accounts: usize,
    pub contacts: usize,
    pub interactions: usize,
    pub opportunities: usize,
}

/// An account's identity before it has people and history.
struct Identity {
    name: String,
    id: String,
    industry: &'static str,
    model: &'static str,
    region: &'static str,
}

pub(crate) fn accounts(registry: &mut Registry, seed: &Rng, budget: &Budget) -> Vec<Account> {
    let mut drafts: Vec<(Account, Buying)> = Vec::with_capacity(budget.accounts);
    for index in 0..budget.accounts {
        let mut rng = seed.derive("bulk-profile", index as u64);
        let parents: Vec<String> = drafts
            .iter()
            .filter(|(a, _)| a.segment == "enterprise" && a.parent.is_none() && !a.name.is_ascii())
            .map(|(a, _)| a.id.clone())
            .collect();
        drafts.push(profile(registry, &mut rng, &parents));
    }
    let mut jitter = seed.derive("bulk-weights", 0);
    let mut weights = |per_tier: [u64; 3], dormant: u64| -> Vec<u64> {
        drafts
            .iter()
            .map(|(a, _)| {
                let base = match a.tier {
                    "A" => per_tier[0],
                    "B" => per_tier[1],
                    _ => per_tier[2],
                };
                let quiet = if matches!(a.status, "prospect" | "target") { dormant } else { 100 };
                base * quiet * (80 + jitter.below(41))
            })
            .collect()
    };
    let contact_shares = apportion(budget.contacts, &weights([8, 5, 3], 70), 2);
    let interaction_shares = apportion(budget.interactions, &weights([10, 5, 2], 40), 2);
    let opportunity_shares = apportion(budget.opportunities, &weights([4, 2, 1], 100), 0);
    let mut accounts = Vec::with_capacity(drafts.len());
    for (index, (mut account, buying)) in drafts.into_iter().enumerate() {
        let mut rng = seed.derive("bulk-account", index as u64);
        account.contacts = decision_chain(&account, contact_shares[index], registry, &mut rng);
        history(&mut account, registry, &mut rng, &buying, interaction_shares[index], opportunity_shares[index]);
        if account.tier == "A" || (account.tier == "B" && rng.chance(0.3)) {
            account.plan = Some(plan(&account, registry, &mut rng));
        }
        accounts.push(account);
    }
    accounts
}

fn profile(registry: &mut Registry, rng: &mut Rng, parents: &[String]) -> (Account, Buying) {
    let segment = ["enterprise", "government", "dealer", "group-buy", "other"][rng.weighted(&[57, 14, 12, 11, 6])];
    let tier = match segment {
        "group-buy" => ["B", "C"][rng.weighted(&[25, 75])],
        _ => ["A", "B", "C"][rng.weighted(&[10, 30, 60])],
    };
    let status = match tier {
        "A" => "active",
        "B" => ["active", "at-risk"][rng.weighted(&[9, 1])],
        _ => ["active", "prospect", "target", "at-risk", "dormant", "churned"][rng.weighted(&[62, 8, 10, 6, 8, 6])],
    };
    let identity = identity(registry, rng, segment);
    let owner = registry.choose_owner(tier);
    registry.add_load(&owner, tier);
    let mut account = Account::new(&identity.id, &identity.name, segment, tier, &owner);
    account.industry = identity.industry.to_string();
    account.region = identity.region;
    account.status = status;
    account.team =
        registry.choose_team(rng, &owner, tier).into_iter().map(|(who, role)| Member { who, role }).collect();
    if segment == "enterprise" && rng.chance(0.06) {
        account.parent = rng.pick_from(parents).cloned();
    }
    if !matches!(status, "prospect" | "target") {
        account.since = Some(shift(registry.today, -rng.range(200, 4000)));
    }
    let usual = match segment {
        "government" => "public-sector",
        "dealer" => "financing",
        "group-buy" => "group-buy",
        _ => "fleet",
    };
    let mut tags = vec![usual.to_string()];
    if rng.chance(0.5) {
        let extra = rng.pick(&TAGS).to_string();
        if !tags.contains(&extra) {
            tags.push(extra);
        }
    }
    account.tags = tags;

    let (low, high) = match tier {
        "A" => (60, 300),
        "B" => (15, 80),
        _ => (3, 20),
    };
    let annual_units = rng.range(low, high) as u32;
    let list_price = model_price(identity.model);
    let unit_price = (list_price * rng.range(92, 108) as u64 / 100) / 1000 * 1000;
    let max_units = match segment {
        "group-buy" => rng.range(8, 25),
        "dealer" => i64::from(annual_units / 4).max(2),
        _ => i64::from(annual_units / 8).max(1),
    } as u32;
    let terms_days = match segment {
        "enterprise" => 60,
        "group-buy" => 0,
        "other" => 45,
        _ => 30,
    };
    let has_credit = segment != "group-buy" && (tier == "A" || rng.chance(if tier == "B" { 0.8 } else { 0.3 }));
    if has_credit {
        // The limit is set in `history` once the account's orders are known.
        account.credit = Some(Credit { limit: 0, terms_days, rating: rng.choose(&RATINGS) });
    }
    if tier == "A" || rng.chance(if tier == "B" { 0.8 } else { 0.4 }) {
        let wallet = u64::from(annual_units) * unit_price / 100_000 * 100_000;
        account.potential = Some(Potential { annual_units, wallet });
    }
    let rivals = rng.range(if tier == "A" { 1 } else { 0 }, 2) as usize;
    for _ in 0..rivals {
        let name = rng.pick(&COMPETITORS).to_string();
        if !account.competitors.iter().any(|c| c.name == name) {
            let position = ["incumbent", "challenger", "minor"][rng.weighted(&[3, 4, 3])];
            let notes = rng.chance(0.5).then(|| rng.pick(&COMPETITOR_NOTES).to_string());
            account.competitors.push(Competitor { name, position, notes });
        }
    }
    if segment != "government" && rng.chance(0.15) {
        let what = if segment == "group-buy" { "车友会成立纪念日" } else { "公司成立纪念日" };
        let on = shift(registry.today, -rng.range(3650, 12000));
        account.dates.push(KeyDate { what: what.to_string(), on });
    }
    let buying = Buying { model: identity.model.to_string(), unit_price, max_units, terms_days };
    (account, buying)
}

fn identity(registry: &mut Registry, rng: &mut Rng, segment: &str) -> Identity {
    for attempt in 0..40 {
        let candidate = candidate_identity(rng, segment);
        if registry.claim_account(&candidate.id, &candidate.name) {
            return candidate;
        }
        if attempt == 39 {
            // The name pools are exhausted for this combination: number the branch.
            let mut serial = 2;
            loop {
                let name = format!("{}（{serial}）", candidate.name);
                let id = format!("{}-{serial}", candidate.id);
                if registry.claim_account(&id, &name) {
                    return Identity { name, id, ..candidate };
                }
                serial += 1;
            }
        }
    }
    candidate_identity(rng, segment)
}

fn candidate_identity(rng: &mut Rng, segment: &str) -> Identity {
    let (city, city_id, region, _) = rng.choose(&CITIES);
    let (core, core_id) = rng.choose(&CORES);
    match segment {
        "government" => {
            let (agency, agency_id, model) = rng.choose(&AGENCIES);
            let (name, id) = if rng.chance(0.4) {
                let (district, district_id) = rng.choose(&DISTRICTS);
                let office = agency.trim_start_matches('市');
                (format!("{city}市{district}{office}"), format!("{city_id}-{district_id}-{agency_id}"))
            } else {
                (format!("{city}{agency}"), format!("{city_id}-{agency_id}"))
            };
            Identity { name, id, industry: "public-sector", model, region }
        }
        "dealer" => {
            let (ending, kind_id) = rng.choose(&DEALER_KINDS);
            let name = format!("{city}{core}{ending}");
            Identity {
                name,
                id: format!("{city_id}-{core_id}-{kind_id}"),
                industry: "auto-retail",
                model: "多品牌整车",
                region,
            }
        }
        "group-buy" => {
            let (ending, kind_id) = rng.choose(&GROUP_BUY_KINDS);
            let name = format!("{city}{core}{ending}");
            Identity {
                name,
                id: format!("{city_id}-{core_id}-{kind_id}"),
                industry: "consumer",
                model: "家用SUV",
                region,
            }
        }
        "other" => {
            let (ending, kind_id, model) = rng.choose(&OTHER_KINDS);
            let name = format!("{city}{core}{ending}");
            Identity { name, id: format!("{city_id}-{core_id}-{kind_id}"), industry: "institution", model, region }
        }
        _ if rng.chance(0.05) => {
            let (name, id) = rng.choose(&LATIN_ACCOUNTS);
            let (_, _, industry, model) = rng.choose(&ENTERPRISE_KINDS);
            Identity { name: name.to_string(), id: id.to_string(), industry, model, region: "east" }
        }
        _ => {
            let (ending, kind_id, industry, model) = rng.choose(&ENTERPRISE_KINDS);
            let name = format!("{city}{core}{ending}");
            let id =
                if rng.chance(0.5) { format!("{core_id}-{kind_id}") } else { format!("{city_id}-{core_id}-{kind_id}") };
            Identity { name, id, industry, model, region }
        }
    }
}

/// Opportunities, orders, payments and touches for one account, `total` interactions in all.
fn history(account: &mut Account, registry: &Registry, rng: &mut Rng, buying: &Buying, total: usize, deals: usize) {
    let today = registry.today;
    let cadence = tier_policy(account.tier).cadence_days;
    let last = shift(today, -rng.range(0, cadence * 6 / 10));
    let from = match account.since {
        Some(since) => shift(since, -60).max(registry.start),
        None => shift(today, -rng.range(60, 300)),
    };
    let (order_until, steady) = match account.status {
        "prospect" | "target" => (None, false),
        "dormant" => (Some(shift(today, -rng.range(150, 400))), false),
        "churned" => (Some(shift(today, -rng.range(400, 800))), false),
        "at-risk" => (Some(shift(last, -rng.range(10, 60))), false),
        _ => (Some(shift(last, -rng.range(0, 10))), true),
    };
    let order_from = account.since.unwrap_or(from).max(from);
    let order_until = order_until.filter(|until| *until > shift(order_from, 30));
    account.opportunities = opportunities(account, registry, rng, buying, deals, from, order_until);

    let touches_needed = if tier_policy(account.tier).min_team > 1 { 2 } else { 1 }.min(total);
    let share = match account.segment {
        "dealer" => 40,
        "enterprise" => 28,
        "group-buy" => 20,
        "other" => 22,
        _ => 18,
    };
    let max_orders = ((total - touches_needed) / 2).min(total * share / 200 + 1);
    if let Some(until) = order_until
        && max_orders > 0
    {
        let won: Vec<(String, NaiveDate, u64)> = account
            .opportunities
            .iter()
            .filter(|o| o.stage == "won" && o.close >= order_from && o.close <= until)
            .map(|o| (o.id.clone(), o.close, o.amount))
            .take(max_orders)
            .collect();
        let regular = max_orders - won.len();
        for (id, close, amount) in &won {
            let units = (amount / buying.unit_price.max(1)) as u32;
            let delivery = order(account, registry, rng, buying, *close, units, Some(id.clone()));
            account.interactions.push(delivery);
        }
        if regular > 0 {
            let period = (until - order_from).num_days().max(1);
            let shape = OrderShape {
                from: order_from,
                until,
                every_days: (period / regular as i64).max(5),
                pay_until: today,
                last,
                steady,
            };
            let mut dates = order_dates(rng, &shape, today);
            // Keep the latest ones: the budget is what it is, and recent orders are what
            // keeps `order-trend` quiet.
            let surplus = dates.len().saturating_sub(regular);
            dates.drain(..surplus);
            add_orders(account, registry, rng, buying, &dates);
        }
        let shape = OrderShape { from: order_from, until, every_days: 30, pay_until: today, last, steady };
        add_payments(account, registry, rng, buying, &shape);
    }
    let remaining = total.saturating_sub(account.interactions.len());
    touches(account, registry, rng, remaining, from, last, Mood::Normal);
    set_credit_limit(account);
}

/// A limit with headroom over what the account owes today, in round half-millions.
fn set_credit_limit(account: &mut Account) {
    let mut ordered: u64 = 0;
    let mut paid: u64 = 0;
    let mut orders: u64 = 0;
    for interaction in &account.interactions {
        match &interaction.kind {
            Kind::Order(order) => {
                ordered += order.amount;
                orders += 1;
            }
            Kind::Payment { amount } => paid += amount,
            _ => {}
        }
    }
    let outstanding = ordered.saturating_sub(paid);
    let typical = ordered / orders.max(1);
    let floor = if account.tier == "A" { 2_000_000 } else { 500_000 };
    let wanted = (outstanding * 3 / 2).max(typical * 2).max(floor);
    if let Some(credit) = &mut account.credit {
        credit.limit = wanted.div_ceil(500_000) * 500_000;
    }
}
