//! Interactions over time: regular orders with their payments, and the visits, calls,
//! messages, events, complaints and surveys between them.
//!
//! Every interaction respects the book's rules as it is made: nothing after `today`, `by`
//! only names colleagues still employed on that day, `with` only contacts of the account
//! who had not left, confirmed complaints are resolved on or after they were raised and
//! by today. What the accounts' stories need beyond that (a quiet spell, falling orders)
//! is expressed through `OrderShape` and the date range given to `touches`.

use super::model::{Account, Complaint, Interaction, Kind, Next, Order, days_between, shift, tier_policy};
use super::names::{CALLS, COMPLAINTS, EMAILS, EVENTS, MEETINGS, MESSAGES, NEXT_STEPS, NOTES, VISITS};
use super::rng::Rng;
use super::roster::Registry;
use chrono::NaiveDate;

/// How an account buys vehicles from us.
pub(crate) struct Buying {
    pub model: String,
    pub unit_price: u64,
    pub max_units: u32,
    /// Days until an order is paid; 0 for customers who pay on order (group buys).
    pub terms_days: i64,
}

/// The tone of an account's random interactions.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Mood {
    /// No negative sentiment, surveys 8–10: the showcase account.
    Bright,
    Normal,
}

/// When and how often an account orders.
pub(crate) struct OrderShape {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub every_days: i64,
    /// Payments dated after this day are not (yet) made: the account stopped paying.
    pub pay_until: NaiveDate,
    /// The latest day anything may happen; payments due later are paid early on this day.
    pub last: NaiveDate,
    /// Move early orders into the last 90 days when needed so that `order-trend`
    /// (SPEC 4.6) does not fire for an account that is meant to be buying steadily.
    pub steady: bool,
}

/// Order days in the 365 days before the last 90, and in the last 90 (SPEC 4.6).
pub(crate) fn order_trend(dates: &[NaiveDate], today: NaiveDate) -> (usize, usize) {
    let mut days: Vec<NaiveDate> = dates.to_vec();
    days.sort();
    days.dedup();
    let age = |date: &NaiveDate| days_between(*date, today);
    let prior = days.iter().filter(|d| (90..455).contains(&age(d))).count();
    let recent = days.iter().filter(|d| (0..90).contains(&age(d))).count();
    (prior, recent)
}

/// Whether SPEC 4.6's `order-trend` term fires: recent < 0.5 × prior × 90/365, computed
/// in integers (73 × recent < 9 × prior).
pub(crate) fn trend_falls(prior: usize, recent: usize) -> bool {
    prior > 0 && 73 * recent < 9 * prior
}

/// Order dates every `every_days` (± a quarter) going back from `until` to `from`.
pub(crate) fn order_dates(rng: &mut Rng, shape: &OrderShape, today: NaiveDate) -> Vec<NaiveDate> {
    let every = shape.every_days.max(5);
    let mut dates = Vec::new();
    let mut date = shape.until;
    while date >= shape.from {
        dates.push(date);
        date = shift(date, -(every + rng.range(-every / 4, every / 4)));
    }
    dates.reverse();
    if shape.steady {
        keep_steady(&mut dates, rng, shape, today);
    }
    dates
}

fn keep_steady(dates: &mut Vec<NaiveDate>, rng: &mut Rng, shape: &OrderShape, today: NaiveDate) {
    let latest = shape.until.min(shape.last);
    let window_start = shift(today, -89);
    if latest < window_start {
        return;
    }
    for _ in 0..64 {
        let (prior, recent) = order_trend(dates, today);
        if !trend_falls(prior, recent) || dates.is_empty() {
            break;
        }
        let moved = shift(window_start, rng.range(0, days_between(window_start, latest)));
        if !dates.contains(&moved) {
            dates.remove(0);
            dates.push(moved);
            dates.sort();
        }
    }
}

/// Who among the account's crew can act on `date`: the owner when still here, sometimes
/// with a colleague; otherwise whoever of the team is.
fn crew_on(account: &Account, registry: &Registry, rng: &mut Rng, date: NaiveDate, pair: bool) -> Vec<String> {
    let present: Vec<String> = account.crew().into_iter().filter(|who| registry.present(who, date)).collect();
    let mut by: Vec<String> = Vec::new();
    if present.is_empty() {
        // Nobody of the crew is here any more: a colleague still here steps in.
        let fallback = registry.people.iter().find(|p| p.present_on(date) && p.role != "finance");
        by.extend(fallback.map(|p| p.id.clone()));
    } else if present[0] == account.owner && (present.len() == 1 || rng.chance(0.7)) {
        by.push(account.owner.clone());
    } else {
        by.extend(rng.pick_from(&present).cloned());
    }
    if pair
        && let Some(second) = rng.pick_from(&present)
        && !by.contains(second)
    {
        by.push(second.clone());
    }
    by
}

/// Up to `count` contacts of the account still at the customer on `date`, preferring `roles`.
fn contacts_on(account: &Account, rng: &mut Rng, date: NaiveDate, count: usize, roles: &[&str]) -> Vec<String> {
    let present: Vec<&String> = account.contacts.iter().filter(|c| c.present_on(date)).map(|c| &c.id).collect();
    let preferred: Vec<&String> = account
        .contacts
        .iter()
        .filter(|c| c.present_on(date) && c.roles.iter().any(|r| roles.contains(r)))
        .map(|c| &c.id)
        .collect();
    let mut with: Vec<String> = Vec::new();
    if let Some(first) = rng.pick_from(&preferred).or_else(|| rng.pick_from(&present)) {
        with.push((*first).clone());
    }
    while with.len() < count.min(present.len()) {
        if let Some(next) = rng.pick_from(&present)
            && !with.contains(next)
        {
            with.push((*next).clone());
        }
    }
    with.truncate(count);
    with
}

/// Orders on the given days, each sized within the account's usual range.
pub(crate) fn add_orders(
    account: &mut Account,
    registry: &Registry,
    rng: &mut Rng,
    buying: &Buying,
    dates: &[NaiveDate],
) {
    for date in dates {
        let units = rng.range(1, i64::from(buying.max_units.max(1))) as u32;
        let interaction = order(account, registry, rng, buying, *date, units, None);
        account.interactions.push(interaction);
    }
}

/// One order of `units` vehicles, optionally delivering a won opportunity.
pub(crate) fn order(
    account: &Account,
    registry: &Registry,
    rng: &mut Rng,
    buying: &Buying,
    date: NaiveDate,
    units: u32,
    opportunity: Option<String>,
) -> Interaction {
    let amount = u64::from(units) * buying.unit_price;
    // Dealer margins on fleet deals run 3–8 %, rounded to hundreds as invoices are.
    let margin = amount * rng.range(30, 80) as u64 / 1000 / 100 * 100;
    Interaction {
        date,
        at: None,
        slug: format!("order-{units}-units"),
        kind: Kind::Order(Order { amount, units, margin, opportunity }),
        by: crew_on(account, registry, rng, date, false),
        with: contacts_on(account, rng, date, 1, &["purchaser"]),
        summary: format!("订购 {units} 辆{}", buying.model),
        sentiment: None,
        next: None,
    }
}

/// One payment per order once its terms have run, as long as it falls by `pay_until`;
/// payments that would fall after `last` are made early on `last` (the account went quiet
/// but paid). Payments not yet due stay open: they are never overdue.
pub(crate) fn add_payments(
    account: &mut Account,
    registry: &Registry,
    rng: &mut Rng,
    buying: &Buying,
    shape: &OrderShape,
) {
    let mut orders: Vec<(NaiveDate, u64)> = account
        .interactions
        .iter()
        .filter_map(|i| match &i.kind {
            Kind::Order(order) => Some((i.date, order.amount)),
            _ => None,
        })
        .collect();
    orders.sort();
    let finance_person =
        account.crew().into_iter().find(|who| registry.person(who).is_some_and(|p| p.role == "finance"));
    for (date, amount) in orders {
        let slack = rng.range(0, buying.terms_days.min(10));
        let natural = shift(date, buying.terms_days - slack);
        if natural > registry.today || natural > shape.pay_until {
            continue;
        }
        let paid = natural.min(shape.last).max(date);
        let by = match &finance_person {
            Some(who) if registry.present(who, paid) => vec![who.clone()],
            _ => crew_on(account, registry, rng, paid, false),
        };
        let payment = Interaction {
            date: paid,
            at: None,
            slug: "payment".to_string(),
            kind: Kind::Payment { amount },
            by,
            with: contacts_on(account, rng, paid, 1, &["finance"])
                .into_iter()
                .take(usize::from(rng.chance(0.4)))
                .collect(),
            summary: "收到货款".to_string(),
            sentiment: None,
            next: None,
        };
        account.interactions.push(payment);
    }
}

/// `count` interactions between orders, dated at random in `from..=last`, the final one
/// exactly on `last` (by two colleagues where the tier needs a team) so the account's
/// cadence is set by `last`.
pub(crate) fn touches(
    account: &mut Account,
    registry: &Registry,
    rng: &mut Rng,
    count: usize,
    from: NaiveDate,
    last: NaiveDate,
    mood: Mood,
) {
    if count == 0 {
        return;
    }
    let span = days_between(from, last).max(0);
    for _ in 1..count {
        let date = shift(from, rng.range(0, span));
        let interaction = touch(account, registry, rng, date, mood);
        account.interactions.push(interaction);
    }
    let mut closing = touch(account, registry, rng, last, mood);
    if tier_policy(account.tier).min_team > 1 {
        // Two of us on the latest touch, so a tier that needs a team shows one.
        let colleague = account.crew().into_iter().find(|who| !closing.by.contains(who) && registry.present(who, last));
        closing.by.extend(colleague);
    }
    account.interactions.push(closing);
}

/// One interaction that is neither an order nor a payment.
pub(crate) fn touch(account: &Account, registry: &Registry, rng: &mut Rng, date: NaiveDate, mood: Mood) -> Interaction {
    let today = registry.today;
    // A complaint needs time to be confirmed by today, so only older days may have one.
    let complaint_weight = if date <= shift(today, -30) { 3 } else { 0 };
    let group_buy = account.segment == "group-buy";
    let weights = [
        if group_buy { 6 } else { 16 },  // visit
        8,                               // meeting
        20,                              // call
        if group_buy { 4 } else { 12 },  // email
        if group_buy { 30 } else { 14 }, // message
        if group_buy { 10 } else { 4 },  // event
        complaint_weight,
        3, // survey
        8, // note
    ];
    let (kind, slug, summary, with_count, pair) = match rng.weighted(&weights) {
        0 => pool_entry(rng.pick(&VISITS), Kind::Visit, rng.range(1, 2), rng.chance(0.3)),
        1 => pool_entry(rng.pick(&MEETINGS), Kind::Meeting, rng.range(1, 3), rng.chance(0.4)),
        2 => pool_entry(rng.pick(&CALLS), Kind::Call, 1, false),
        3 => pool_entry(rng.pick(&EMAILS), Kind::Email, 1, false),
        4 => pool_entry(rng.pick(&MESSAGES), Kind::Message, 1, false),
        5 => pool_entry(rng.pick(&EVENTS), Kind::Event, rng.range(1, 2), rng.chance(0.5)),
        6 => {
            let (slug, summary, severity) = rng.choose(&COMPLAINTS);
            let resolved_on = Some(shift(date, rng.range(1, 21)));
            let kind = Kind::Complaint(Complaint { severity, status: "confirmed", resolved_on });
            (kind, slug.to_string(), summary.to_string(), 1, false)
        }
        7 => {
            let score = survey_score(rng, mood);
            (Kind::Survey { score }, "nps-survey".to_string(), format!("年度满意度调查，NPS 打分 {score}"), 1, false)
        }
        _ => pool_entry(rng.pick(&NOTES), Kind::Note, 0, false),
    };
    let with = contacts_on(account, rng, date, with_count as usize, &["liaison", "purchaser", "opinion-leader"]);
    let by = crew_on(account, registry, rng, date, pair);
    let sentiment = sentiment(&kind, rng, mood);
    let next = next_step(&kind, rng, registry, date, by.first());
    let at = (matches!(kind, Kind::Visit | Kind::Meeting) && rng.chance(0.06))
        .then(|| (rng.range(9, 17) as u32, if rng.chance(0.5) { 0 } else { 30 }));
    Interaction { date, at, slug, kind, by, with, summary, sentiment, next }
}

fn pool_entry(entry: &(&str, &str), kind: Kind, with: i64, pair: bool) -> (Kind, String, String, i64, bool) {
    (kind, entry.0.to_string(), entry.1.to_string(), with, pair)
}

fn survey_score(rng: &mut Rng, mood: Mood) -> u8 {
    match mood {
        Mood::Bright => rng.range(8, 10) as u8,
        Mood::Normal => [10u8, 10, 10, 9, 9, 9, 9, 8, 8, 8, 7, 7, 6, 5, 3][rng.below(15) as usize],
    }
}

fn sentiment(kind: &Kind, rng: &mut Rng, mood: Mood) -> Option<&'static str> {
    let (chance, weights): (f64, [u32; 3]) = match kind {
        Kind::Visit | Kind::Meeting | Kind::Call => (0.55, [6, 4, 1]),
        Kind::Email | Kind::Message => (0.25, [4, 5, 0]),
        Kind::Event => (0.6, [1, 0, 0]),
        Kind::Complaint(_) => (1.0, [0, 1, 3]),
        Kind::Survey { score } => {
            return Some(match score {
                9.. => "positive",
                7..=8 => "neutral",
                _ => "negative",
            });
        }
        _ => return None,
    };
    if !rng.chance(chance) {
        return None;
    }
    let mut weights = weights;
    if mood == Mood::Bright && !matches!(kind, Kind::Complaint(_)) {
        weights[2] = 0;
    }
    Some(["positive", "neutral", "negative"][rng.weighted(&weights)])
}

/// A next step on about a third of conversations. Old ones are done; recent ones may be
/// open, some already overdue, some upcoming — only for colleagues still here.
fn next_step(kind: &Kind, rng: &mut Rng, registry: &Registry, date: NaiveDate, who: Option<&String>) -> Option<Next> {
    if !matches!(kind, Kind::Visit | Kind::Meeting | Kind::Call | Kind::Email) || !rng.chance(0.35) {
        return None;
    }
    let who = who?.clone();
    let today = registry.today;
    let due = shift(date, rng.range(2, 14));
    let done = if due < shift(today, -14) {
        true
    } else if due < today {
        rng.chance(0.5)
    } else {
        false
    };
    let done = done || !registry.present(&who, today);
    Some(Next { what: rng.pick(&NEXT_STEPS).to_string(), due, who, done })
}
