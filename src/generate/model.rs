//! The generator's own picture of a book: plain data that `story` and `bulk` build and
//! `render` turns into TOML text.
//!
//! It is deliberately not kam's loading model: the generator is a test instrument for the
//! loader and the checks, so it must not share their types (a bug there would hide here).
//! It also holds the book-wide policy (tiers, stages) the generator writes into `kam.toml`
//! and must itself obey.

use chrono::{NaiveDate, TimeDelta};

/// Policy of one declared tier, as written to `kam.toml`.
pub(crate) struct TierPolicy {
    pub name: &'static str,
    pub cadence_days: i64,
    pub min_team: usize,
    pub require: &'static [&'static str],
}

pub(crate) const TIERS: [TierPolicy; 3] = [
    TierPolicy {
        name: "A",
        cadence_days: 14,
        min_team: 2,
        require: &["credit.limit", "potential.wallet", "plan", "role:decision-maker"],
    },
    TierPolicy { name: "B", cadence_days: 30, min_team: 2, require: &[] },
    TierPolicy { name: "C", cadence_days: 90, min_team: 1, require: &[] },
];

/// The default pipeline with its win probabilities, written as literal text so the file
/// shows `0.05`, not a float's shortest round-trip form.
pub(crate) const STAGES: [(&str, &str); 7] = [
    ("lead", "0.05"),
    ("qualified", "0.15"),
    ("proposal", "0.35"),
    ("negotiation", "0.6"),
    ("commit", "0.85"),
    ("won", "1.0"),
    ("lost", "0.0"),
];

pub(crate) fn tier_policy(tier: &str) -> &'static TierPolicy {
    TIERS.iter().find(|policy| policy.name == tier).unwrap_or(&TIERS[2])
}

/// `date` moved by `days` (negative = earlier). Generated dates stay within a few decades
/// of `today`, far inside chrono's range, so the arithmetic cannot overflow.
pub(crate) fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    date + TimeDelta::days(days)
}

/// Whole days from `earlier` to `later`.
pub(crate) fn days_between(earlier: NaiveDate, later: NaiveDate) -> i64 {
    (later - earlier).num_days()
}

pub(crate) struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
    pub emails: Vec<String>,
    pub role: &'static str,
    pub capacity: u32,
    pub left: Option<NaiveDate>,
}

impl Person {
    /// Whether the person still worked here on `date` (the day they leave is their first
    /// day gone, so the generator never lets them act on it).
    pub fn present_on(&self, date: NaiveDate) -> bool {
        self.left.is_none_or(|left| date < left)
    }
}

pub(crate) struct Member {
    pub who: String,
    pub role: String,
}

pub(crate) struct Credit {
    pub limit: u64,
    pub terms_days: i64,
    pub rating: &'static str,
}

pub(crate) struct Potential {
    pub annual_units: u32,
    pub wallet: u64,
}

pub(crate) struct Competitor {
    pub name: String,
    pub position: &'static str,
    pub notes: Option<String>,
}

pub(crate) struct Snooze {
    pub until: NaiveDate,
    pub reason: String,
}

pub(crate) struct KeyDate {
    pub what: String,
    pub on: NaiveDate,
}

pub(crate) struct Strategy {
    pub kind: &'static str,
    pub text: String,
}

pub(crate) struct Action {
    pub what: String,
    pub who: String,
    pub due: NaiveDate,
    pub done: bool,
}

pub(crate) struct Plan {
    pub objective: String,
    pub review_by: NaiveDate,
    pub strategies: Vec<Strategy>,
    pub actions: Vec<Action>,
}

pub(crate) struct Contact {
    pub id: String,
    pub name: String,
    pub title: String,
    pub roles: Vec<&'static str>,
    pub stance: &'static str,
    pub influence: u8,
    pub covered_by: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub preferences: Vec<String>,
    pub left: Option<NaiveDate>,
}

impl Contact {
    pub fn present_on(&self, date: NaiveDate) -> bool {
        self.left.is_none_or(|left| date < left)
    }
}

pub(crate) struct Order {
    pub amount: u64,
    pub units: u32,
    pub margin: u64,
    pub opportunity: Option<String>,
}

pub(crate) struct Complaint {
    pub severity: &'static str,
    pub status: &'static str,
    pub resolved_on: Option<NaiveDate>,
}

/// What an interaction was, with the fields only that kind carries.
pub(crate) enum Kind {
    Visit,
    Meeting,
    Call,
    Email,
    Message,
    Event,
    Order(Order),
    Payment { amount: u64 },
    Complaint(Complaint),
    Survey { score: u8 },
    Note,
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Visit => "visit",
            Kind::Meeting => "meeting",
            Kind::Call => "call",
            Kind::Email => "email",
            Kind::Message => "message",
            Kind::Event => "event",
            Kind::Order(_) => "order",
            Kind::Payment { .. } => "payment",
            Kind::Complaint(_) => "complaint",
            Kind::Survey { .. } => "survey",
            Kind::Note => "note",
        }
    }
}

pub(crate) struct Next {
    pub what: String,
    pub due: NaiveDate,
    pub who: String,
    pub done: bool,
}

pub(crate) struct Interaction {
    pub date: NaiveDate,
    /// Local time of day in China (+08:00), written as an offset datetime when present.
    pub at: Option<(u32, u32)>,
    /// The file name after the date; `render` adds `-2`, `-3` when a day repeats it.
    pub slug: String,
    pub kind: Kind,
    pub by: Vec<String>,
    pub with: Vec<String>,
    pub summary: String,
    pub sentiment: Option<&'static str>,
    pub next: Option<Next>,
}

pub(crate) struct Opportunity {
    pub id: String,
    pub name: String,
    pub stage: &'static str,
    pub amount: u64,
    pub close: NaiveDate,
    pub owner: String,
    pub contacts: Vec<String>,
    pub competitors: Vec<String>,
    pub lost_reason: Option<String>,
}

pub(crate) struct Account {
    pub id: String,
    pub name: String,
    pub segment: &'static str,
    pub industry: String,
    pub region: &'static str,
    pub tier: &'static str,
    pub status: &'static str,
    pub owner: String,
    pub parent: Option<String>,
    pub since: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub team: Vec<Member>,
    pub credit: Option<Credit>,
    pub potential: Option<Potential>,
    pub competitors: Vec<Competitor>,
    pub snooze: Option<Snooze>,
    pub dates: Vec<KeyDate>,
    pub plan: Option<Plan>,
    pub contacts: Vec<Contact>,
    pub interactions: Vec<Interaction>,
    pub opportunities: Vec<Opportunity>,
}

impl Account {
    /// An account with its identity and nothing else; callers fill in the rest.
    pub fn new(id: &str, name: &str, segment: &'static str, tier: &'static str, owner: &str) -> Self {
        Account {
            id: id.to_string(),
            name: name.to_string(),
            segment,
            industry: String::new(),
            region: "east",
            tier,
            status: "active",
            owner: owner.to_string(),
            parent: None,
            since: None,
            tags: Vec::new(),
            team: Vec::new(),
            credit: None,
            potential: None,
            competitors: Vec::new(),
            snooze: None,
            dates: Vec::new(),
            plan: None,
            contacts: Vec::new(),
            interactions: Vec::new(),
            opportunities: Vec::new(),
        }
    }

    /// Owner first, then the team: everyone who may appear in `by` for this account.
    pub fn crew(&self) -> Vec<String> {
        let mut crew = vec![self.owner.clone()];
        for member in &self.team {
            if !crew.contains(&member.who) {
                crew.push(member.who.clone());
            }
        }
        crew
    }
}
