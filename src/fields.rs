//! The listable fields of each entity kind, stored and derived, as `Value`s by name:
//! what `kam ls` shows, filters (`--where`), sorts and selects (`--columns`).

use crate::model::words::Word;
use crate::model::{Account, Book, Contact, Interaction, Opportunity, config::Person};
use crate::score::facts::Facts;
use crate::score::{AccountScore, Scores};
use crate::value::Value;
use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    Accounts,
    Contacts,
    Interactions,
    Opportunities,
    People,
}

/// One entity as named values, in the kind's field order.
pub struct Record {
    pub fields: Vec<(&'static str, Value)>,
}

impl Record {
    pub fn get(&self, name: &str) -> Value {
        self.fields.iter().find(|(n, _)| *n == name).map_or(Value::Null, |(_, v)| v.clone())
    }
}

/// The stored and per-account fields of accounts, before the score fields.
const ACCOUNT_STORED_FIELDS: &[&str] = &[
    "id",
    "name",
    "segment",
    "industry",
    "region",
    "tier",
    "status",
    "owner",
    "parent",
    "since",
    "tags",
    "team",
    "credit.limit",
    "credit.terms_days",
    "credit.rating",
    "potential.annual_units",
    "potential.wallet",
    "competitors",
    "snooze.until",
    "contacts",
    "interactions",
    "opportunities",
    "plan",
    "last_touch",
    "last_order",
    "revenue_12m",
    "margin_12m",
    "collected_12m",
    "orders_12m",
];

/// Every account field: the stored ones, then those the scoring engine computes.
static ACCOUNT_FIELDS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| ACCOUNT_STORED_FIELDS.iter().chain(SCORE_FIELDS).copied().collect());

impl Entity {
    /// Every field of the kind, in display order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Entity::Accounts => &ACCOUNT_FIELDS,
            Entity::Contacts => &[
                "account",
                "id",
                "name",
                "title",
                "roles",
                "stance",
                "influence",
                "covered_by",
                "email",
                "phone",
                "birthday",
                "preferences",
                "left",
                "last_touch",
            ],
            Entity::Interactions => &[
                "account",
                "id",
                "date",
                "kind",
                "by",
                "with",
                "summary",
                "sentiment",
                "amount",
                "units",
                "margin",
                "opportunity",
                "severity",
                "status",
                "resolved_on",
                "score",
                "next.what",
                "next.due",
                "next.who",
                "next.done",
            ],
            Entity::Opportunities => &[
                "account",
                "id",
                "name",
                "stage",
                "probability",
                "amount",
                "weighted",
                "close",
                "owner",
                "contacts",
                "competitors",
                "lost_reason",
                "open",
            ],
            Entity::People => &["id", "name", "email", "emails", "role", "capacity", "left", "accounts", "load"],
        }
    }

    /// The columns shown when `--columns` is not given.
    pub fn default_columns(self) -> &'static [&'static str] {
        match self {
            Entity::Accounts => &["id", "name", "tier", "status", "owner", "last_touch", "revenue_12m"],
            Entity::Contacts => &["account", "id", "name", "title", "roles", "stance", "influence", "covered_by"],
            Entity::Interactions => &["account", "date", "kind", "by", "with", "amount", "summary"],
            Entity::Opportunities => &["account", "id", "name", "stage", "amount", "close", "owner"],
            Entity::People => &["id", "name", "role", "email", "capacity", "left", "accounts"],
        }
    }

    /// Every entity of the kind, as records, in the book's order. Account records carry
    /// the score fields when `scores` (of the same book) are given, else nulls there.
    pub fn records(self, book: &Book, today: NaiveDate, scores: Option<&Scores>) -> Vec<Record> {
        let window = book.config.kam.window_days;
        match self {
            Entity::Accounts => book
                .accounts
                .iter()
                .enumerate()
                .map(|(i, a)| account(a, &Facts::of(a, today, window), scores.map(|s| &s.accounts[i])))
                .collect(),
            Entity::Contacts => book.contacts().map(|(a, c)| contact(a, c)).collect(),
            Entity::Interactions => book.interactions().map(|(_, i)| interaction(i)).collect(),
            Entity::Opportunities => book.opportunities().map(|(_, o)| opportunity(book, o)).collect(),
            Entity::People => book.config.people.iter().map(|p| person(book, p)).collect(),
        }
    }
}

fn text<S: AsRef<str>>(s: Option<S>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.as_ref().to_string()))
}

fn list<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> Value {
    Value::List(items.into_iter().map(|s| Value::Text(s.as_ref().to_string())).collect())
}

fn word<W: Word>(w: Option<W>) -> Value {
    text(w.map(W::as_str))
}

fn num(n: Option<f64>) -> Value {
    n.map_or(Value::Null, Value::Num)
}

fn int(n: Option<i64>) -> Value {
    n.map_or(Value::Null, Value::Int)
}

fn date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, Value::Date)
}

/// Fields computed by the scoring engine: asking for any of them makes `ls` score the book.
pub const SCORE_FIELDS: &[&str] = &[
    "abc",
    "rfm_segment",
    "value_matrix",
    "health",
    "health_status",
    "score",
    "p_alive",
    "clv",
    "outstanding",
    "overdue",
    "over_limit",
    "single_threaded",
    "decision_maker",
];

pub fn account(a: &Account, f: &Facts, s: Option<&AccountScore>) -> Record {
    let opportunity_count = a.opportunities.len() as i64;
    let score = |get: fn(&AccountScore) -> Value| s.map_or(Value::Null, get);
    Record {
        fields: vec![
            ("id", a.id.as_str().into()),
            ("name", a.name.as_str().into()),
            ("segment", word(a.segment)),
            ("industry", text(a.industry.as_ref())),
            ("region", text(a.region.as_ref())),
            ("tier", text(a.tier.as_ref().map(|t| t.as_str()))),
            ("status", word(a.status)),
            ("owner", text(a.owner.as_ref().map(|o| o.as_str()))),
            ("parent", text(a.parent.as_ref().map(|p| p.as_str()))),
            ("since", date(a.since)),
            ("tags", list(&a.tags)),
            ("team", list(a.team.iter().map(|m| m.who.as_str()))),
            ("credit.limit", num(a.credit.as_ref().and_then(|c| c.limit))),
            ("credit.terms_days", int(a.credit.as_ref().and_then(|c| c.terms_days))),
            ("credit.rating", text(a.credit.as_ref().and_then(|c| c.rating.as_ref()))),
            ("potential.annual_units", num(a.potential.as_ref().and_then(|p| p.annual_units))),
            ("potential.wallet", num(a.potential.as_ref().and_then(|p| p.wallet))),
            ("competitors", list(a.competitors.iter().map(|c| c.name.as_str()))),
            ("snooze.until", date(a.snooze.as_ref().map(|s| s.until))),
            ("contacts", Value::Int(a.contacts.len() as i64)),
            ("interactions", Value::Int(a.interactions.len() as i64)),
            ("opportunities", Value::Int(opportunity_count)),
            ("plan", Value::Bool(a.plan.is_some())),
            ("last_touch", date(f.last_touch)),
            ("last_order", date(f.order_days.last().map(|o| o.date))),
            ("revenue_12m", Value::Num(f.revenue_12m)),
            ("margin_12m", Value::Num(f.margin_12m)),
            ("collected_12m", Value::Num(f.collected_12m)),
            ("orders_12m", Value::Int(f.orders_12m)),
            ("abc", score(|s| s.abc.into())),
            ("rfm_segment", score(|s| s.rfm.segment.into())),
            ("value_matrix", score(|s| s.value_matrix.into())),
            ("health", score(|s| Value::Int(s.health.score))),
            ("health_status", score(|s| s.health.status.into())),
            ("score", score(|s| Value::Int(s.score))),
            ("p_alive", score(|s| num(s.clv.p_alive))),
            ("clv", score(|s| Value::Num(s.clv.value))),
            ("outstanding", score(|s| Value::Num(s.credit.outstanding))),
            ("overdue", score(|s| Value::Num(s.credit.overdue))),
            ("over_limit", score(|s| Value::Bool(s.credit.over_limit))),
            ("single_threaded", score(|s| Value::Bool(s.coverage.single_threaded))),
            ("decision_maker", score(|s| Value::Bool(s.coverage.decision_maker))),
        ],
    }
}

pub fn contact(a: &Account, c: &Contact) -> Record {
    let last_touch = a.interactions.iter().rev().find(|i| i.with.iter().any(|w| w.value == c.id)).map(|i| i.date.value);
    Record {
        fields: vec![
            ("account", a.id.as_str().into()),
            ("id", c.id.as_str().into()),
            ("name", (&*c.name).into()),
            ("title", text(c.title.as_ref())),
            ("roles", list(c.roles.iter().map(|r| r.as_str()))),
            ("stance", word(c.stance)),
            ("influence", int(c.influence.map(i64::from))),
            ("covered_by", text(c.covered_by.as_ref().map(|p| p.as_str()))),
            ("email", text(c.email.as_deref().map(|e| &**e))),
            ("phone", text(c.phone.as_deref().map(|p| &**p))),
            ("birthday", date(c.birthday)),
            ("preferences", list(&c.preferences)),
            ("left", date(c.left)),
            ("last_touch", date(last_touch)),
        ],
    }
}

fn interaction(i: &Interaction) -> Record {
    let next = i.next.as_ref();
    Record {
        fields: vec![
            ("account", i.account.as_str().into()),
            ("id", i.id.as_str().into()),
            ("date", Value::Date(i.date.value)),
            ("kind", i.kind.as_str().into()),
            ("by", list(i.by.iter().map(|b| b.as_str()))),
            ("with", list(i.with.iter().map(|w| w.as_str()))),
            ("summary", text(i.summary.as_ref())),
            ("sentiment", word(i.sentiment)),
            ("amount", num(i.amount.map(f64::from))),
            ("units", num(i.units.map(f64::from))),
            ("margin", num(i.margin.map(f64::from))),
            ("opportunity", text(i.opportunity.as_ref().map(|o| o.as_str()))),
            ("severity", word(i.severity)),
            ("status", word(i.status)),
            ("resolved_on", date(i.resolved_on)),
            ("score", int(i.score.map(i64::from))),
            ("next.what", text(next.map(|n| &*n.what))),
            ("next.due", date(next.and_then(|n| n.due))),
            ("next.who", text(next.and_then(|n| n.who.as_ref()).map(|w| w.as_str()))),
            ("next.done", next.map_or(Value::Null, |n| Value::Bool(n.done))),
        ],
    }
}

fn opportunity(book: &Book, o: &Opportunity) -> Record {
    let stage = book.config.stage(&o.stage);
    let probability = stage.map(|s| s.probability);
    Record {
        fields: vec![
            ("account", o.account.as_str().into()),
            ("id", o.id.as_str().into()),
            ("name", (&*o.name).into()),
            ("stage", o.stage.as_str().into()),
            ("probability", num(probability)),
            ("amount", num(o.amount)),
            ("weighted", num(o.amount.zip(probability).map(|(a, p)| a * p))),
            ("close", date(o.close)),
            ("owner", text(o.owner.as_ref().map(|p| p.as_str()))),
            ("contacts", list(o.contacts.iter().map(|c| c.as_str()))),
            ("competitors", list(&o.competitors)),
            ("lost_reason", text(o.lost_reason.as_ref())),
            ("open", Value::Bool(stage.is_none_or(|s| !s.is_closed()))),
        ],
    }
}

fn person(book: &Book, p: &Person) -> Record {
    let owned: Vec<&Account> = book.accounts.iter().filter(|a| a.owner_id() == Some(p.id.as_str())).collect();
    let load: i64 = owned.iter().map(|a| book.config.tier_points(a.tier_name().unwrap_or(""))).sum();
    Record {
        fields: vec![
            ("id", p.id.as_str().into()),
            ("name", p.name.as_str().into()),
            ("email", text(p.email.as_ref())),
            ("emails", list(&p.emails)),
            ("role", word(p.role)),
            ("capacity", int(p.capacity)),
            ("left", date(p.left)),
            ("accounts", Value::Int(owned.len() as i64)),
            ("load", Value::Int(load)),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind's record builder yields exactly the fields its registry lists.
    #[test]
    fn records_match_the_registry() {
        let mut book_accounts = vec![Account { id: "a".into(), ..Account::default() }];
        book_accounts[0].contacts.push(Contact { id: "c".into(), ..Contact::default() });
        book_accounts[0].opportunities.push(Opportunity { id: "o".into(), ..Opportunity::default() });
        let mut config = crate::model::Config::default();
        config.people.push(Person {
            id: crate::model::Located::new("p".into(), Default::default()),
            name: "P".into(),
            email: None,
            emails: vec![],
            role: None,
            capacity: None,
            left: None,
        });
        let book = Book::new(config, book_accounts);
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for kind in [Entity::Accounts, Entity::Contacts, Entity::Opportunities, Entity::People] {
            let records = kind.records(&book, today, None);
            let names: Vec<&str> = records[0].fields.iter().map(|(n, _)| *n).collect();
            assert_eq!(names, kind.fields(), "{kind:?}");
        }
    }
}
