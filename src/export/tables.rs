//! The book as flat tables — `accounts`, `contacts`, `interactions`, `opportunities`,
//! `people`, `scores` — shared by the CSV and SQLite exports and `kam sql`, so the three
//! always have the same columns.
//!
//! One row per entity; nested TOML tables become prefixed columns (`credit.limit` →
//! `credit_limit`, `next.due` → `next_due`), lists and lists of tables become JSON text.
//! Children carry their `account`, and are keyed by (`account`, `id`).

use super::Export;
use crate::model::words::Word;
use crate::model::{Account, Book, Contact, Interaction, Opportunity, config::Person};
use crate::score::AccountScore;
use chrono::NaiveDate;
use serde::Serialize;

/// What a column holds, which decides its SQLite type and its text form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    Real,
    /// 0 or 1 in SQLite, `true`/`false` in CSV.
    Bool,
    /// An ISO-8601 date (`YYYY-MM-DD`), TEXT in SQLite.
    Date,
    /// JSON text (lists, lists of tables), TEXT in SQLite.
    Json,
}

impl Kind {
    /// The column's SQLite type.
    pub fn sql_type(self) -> &'static str {
        match self {
            Kind::Text | Kind::Date | Kind::Json => "TEXT",
            Kind::Integer | Kind::Bool => "INTEGER",
            Kind::Real => "REAL",
        }
    }
}

/// One column of a table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// Never null.
    pub required: bool,
    /// A personal field: left out by `--redact`.
    pub personal: bool,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind, required: false, personal: false }
}

const fn key(name: &'static str) -> Column {
    Column { name, kind: Kind::Text, required: true, personal: false }
}

const fn personal(name: &'static str, kind: Kind) -> Column {
    Column { name, kind, required: false, personal: true }
}

/// One cell. `Null` is an absent optional field.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Integer(i64),
    Real(f64),
    Bool(bool),
    Date(NaiveDate),
    Json(serde_json::Value),
}

impl Cell {
    /// The cell as text for CSV: empty for null, numbers in full precision (whole numbers
    /// without a fraction), dates ISO-8601, JSON compact.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Integer(n) => n.to_string(),
            Cell::Real(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => (*x as i64).to_string(),
            Cell::Real(x) => x.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Json(v) => v.to_string(),
        }
    }
}

fn text(s: impl AsRef<str>) -> Cell {
    Cell::Text(s.as_ref().to_string())
}

fn opt_text<S: AsRef<str>>(s: Option<S>) -> Cell {
    s.map_or(Cell::Null, text)
}

fn opt_word<W: crate::model::words::Word>(w: Option<W>) -> Cell {
    w.map_or(Cell::Null, |w| text(w.as_str()))
}

fn opt_real(x: Option<f64>) -> Cell {
    x.map_or(Cell::Null, Cell::Real)
}

fn opt_int(n: Option<i64>) -> Cell {
    n.map_or(Cell::Null, Cell::Integer)
}

fn opt_date(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Null, Cell::Date)
}

/// Any serialisable value as JSON text; `null` when it cannot be (it always can: these
/// are the model's own types).
fn json(value: &impl Serialize) -> Cell {
    serde_json::to_value(value).map_or(Cell::Null, Cell::Json)
}

/// A foreign key: these columns reference those of another table.
#[derive(Clone, Copy, Debug)]
pub struct ForeignKey {
    pub columns: &'static [&'static str],
    pub table: &'static str,
    pub references: &'static [&'static str],
}

const fn fk(columns: &'static [&'static str], table: &'static str, references: &'static [&'static str]) -> ForeignKey {
    ForeignKey { columns, table, references }
}

/// A table: its columns, keys and indexes, and its rows.
#[derive(Clone, Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
    /// Indexes beyond the primary key, each a list of columns.
    pub indexes: &'static [&'static [&'static str]],
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(name: &'static str, columns: &[Column], primary_key: &'static [&'static str]) -> Table {
        Table { name, columns: columns.to_vec(), primary_key, foreign_keys: &[], indexes: &[], rows: Vec::new() }
    }

    fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "a row of table {} has the wrong width", self.name);
        self.rows.push(row);
    }

    /// The table without its personal columns.
    fn without_personal(mut self) -> Table {
        let keep: Vec<bool> = self.columns.iter().map(|c| !c.personal).collect();
        self.columns.retain(|c| !c.personal);
        for row in &mut self.rows {
            let mut i = 0;
            row.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        self
    }
}

const ACCOUNTS: &[Column] = &[
    key("id"),
    key("name"),
    col("segment", Kind::Text),
    col("industry", Kind::Text),
    col("region", Kind::Text),
    col("tier", Kind::Text),
    col("status", Kind::Text),
    col("owner", Kind::Text),
    col("parent", Kind::Text),
    col("since", Kind::Date),
    col("tags", Kind::Json),
    col("team", Kind::Json),
    col("credit_limit", Kind::Real),
    col("credit_terms_days", Kind::Integer),
    col("credit_rating", Kind::Text),
    col("potential_annual_units", Kind::Real),
    col("potential_wallet", Kind::Real),
    col("competitors", Kind::Json),
    col("snooze_until", Kind::Date),
    col("snooze_reason", Kind::Text),
    col("dates", Kind::Json),
    col("plan", Kind::Json),
];

fn account_row(a: &Account) -> Vec<Cell> {
    let credit = a.credit.as_ref();
    let potential = a.potential.as_ref();
    vec![
        text(&a.id),
        text(&a.name.value),
        opt_word(a.segment),
        opt_text(a.industry.as_ref()),
        opt_text(a.region.as_ref()),
        opt_text(a.tier_name()),
        opt_word(a.status),
        opt_text(a.owner_id()),
        opt_text(a.parent.as_ref().map(|p| p.as_str())),
        opt_date(a.since),
        json(&a.tags),
        json(&a.team),
        opt_real(credit.and_then(|c| c.limit)),
        opt_int(credit.and_then(|c| c.terms_days)),
        opt_text(credit.and_then(|c| c.rating.as_ref())),
        opt_real(potential.and_then(|p| p.annual_units)),
        opt_real(potential.and_then(|p| p.wallet)),
        json(&a.competitors),
        opt_date(a.snooze.as_ref().map(|s| s.until)),
        opt_text(a.snooze.as_ref().and_then(|s| s.reason.as_ref())),
        json(&a.dates),
        a.plan.as_ref().map_or(Cell::Null, json),
    ]
}

const CONTACTS: &[Column] = &[
    key("account"),
    key("id"),
    key("name"),
    col("title", Kind::Text),
    col("roles", Kind::Json),
    col("stance", Kind::Text),
    col("influence", Kind::Integer),
    col("covered_by", Kind::Text),
    personal("email", Kind::Text),
    personal("phone", Kind::Text),
    personal("birthday", Kind::Date),
    personal("preferences", Kind::Json),
    col("left", Kind::Date),
];

fn contact_row(c: &Contact) -> Vec<Cell> {
    vec![
        text(&c.account),
        text(&c.id),
        text(&c.name),
        opt_text(c.title.as_ref()),
        json(&c.roles),
        opt_word(c.stance),
        opt_int(c.influence.map(i64::from)),
        opt_text(c.covered_by.as_ref().map(|p| p.as_str())),
        opt_text(c.email.as_deref().map(|e| &**e)),
        opt_text(c.phone.as_deref().map(|p| &**p)),
        opt_date(c.birthday),
        json(&c.preferences),
        opt_date(c.left),
    ]
}

const INTERACTIONS: &[Column] = &[
    key("account"),
    key("id"),
    Column { required: true, ..col("date", Kind::Date) },
    key("kind"),
    col("by", Kind::Json),
    col("with", Kind::Json),
    col("summary", Kind::Text),
    col("sentiment", Kind::Text),
    col("next_what", Kind::Text),
    col("next_due", Kind::Date),
    col("next_who", Kind::Text),
    col("next_done", Kind::Bool),
    col("amount", Kind::Real),
    col("units", Kind::Real),
    col("margin", Kind::Real),
    col("opportunity", Kind::Text),
    col("severity", Kind::Text),
    col("status", Kind::Text),
    col("resolved_on", Kind::Date),
    col("score", Kind::Integer),
];

fn interaction_row(i: &Interaction) -> Vec<Cell> {
    let next = i.next.as_ref();
    vec![
        text(&i.account),
        text(&i.id),
        Cell::Date(i.date.value),
        text(i.kind.as_str()),
        json(&i.by),
        json(&i.with),
        opt_text(i.summary.as_ref()),
        opt_word(i.sentiment),
        opt_text(next.map(|n| &n.what)),
        opt_date(next.and_then(|n| n.due)),
        opt_text(next.and_then(|n| n.who.as_ref()).map(|w| w.as_str())),
        next.map_or(Cell::Null, |n| Cell::Bool(n.done)),
        opt_real(i.amount.map(f64::from)),
        opt_real(i.units.map(f64::from)),
        opt_real(i.margin.map(f64::from)),
        opt_text(i.opportunity.as_ref().map(|o| o.as_str())),
        opt_word(i.severity),
        opt_word(i.status),
        opt_date(i.resolved_on),
        opt_int(i.score.map(i64::from)),
    ]
}

const OPPORTUNITIES: &[Column] = &[
    key("account"),
    key("id"),
    key("name"),
    key("stage"),
    col("amount", Kind::Real),
    col("close", Kind::Date),
    col("owner", Kind::Text),
    col("contacts", Kind::Json),
    col("competitors", Kind::Json),
    col("lost_reason", Kind::Text),
];

fn opportunity_row(o: &Opportunity) -> Vec<Cell> {
    vec![
        text(&o.account),
        text(&o.id),
        text(&o.name),
        text(&o.stage.value),
        opt_real(o.amount),
        opt_date(o.close),
        opt_text(o.owner.as_ref().map(|p| p.as_str())),
        json(&o.contacts),
        json(&o.competitors),
        opt_text(o.lost_reason.as_ref()),
    ]
}

const PEOPLE: &[Column] = &[
    key("id"),
    key("name"),
    personal("email", Kind::Text),
    personal("emails", Kind::Json),
    col("role", Kind::Text),
    col("capacity", Kind::Integer),
    col("left", Kind::Date),
];

fn person_row(p: &Person) -> Vec<Cell> {
    vec![
        text(&p.id.value),
        text(&p.name),
        opt_text(p.email.as_ref()),
        json(&p.emails),
        opt_word(p.role),
        opt_int(p.capacity),
        opt_date(p.left),
    ]
}

const SCORES: &[Column] = &[
    key("account"),
    key("abc"),
    col("revenue_12m", Kind::Real),
    col("margin_12m", Kind::Real),
    col("collected_12m", Kind::Real),
    col("orders_12m", Kind::Integer),
    col("last_touch", Kind::Date),
    col("rfm_recency_days", Kind::Integer),
    col("rfm_frequency", Kind::Integer),
    col("rfm_monetary", Kind::Real),
    col("rfm_r", Kind::Integer),
    col("rfm_f", Kind::Integer),
    col("rfm_m", Kind::Integer),
    col("rfm_segment", Kind::Text),
    key("value_matrix"),
    key("clv_method"),
    col("clv_p_alive", Kind::Real),
    col("clv_expected_orders", Kind::Real),
    col("clv_expected_value", Kind::Real),
    col("clv_value", Kind::Real),
    col("health", Kind::Integer),
    key("health_status"),
    col("health_terms", Kind::Json),
    col("team_size", Kind::Integer),
    col("active_people_180d", Kind::Integer),
    col("decision_maker", Kind::Bool),
    col("single_threaded", Kind::Bool),
    col("owner_left", Kind::Bool),
    col("credit_outstanding", Kind::Real),
    col("credit_limit", Kind::Real),
    col("credit_over_limit", Kind::Bool),
    col("credit_overdue", Kind::Real),
    col("score", Kind::Integer),
    col("priority", Kind::Json),
];

fn score_row(s: &AccountScore) -> Vec<Cell> {
    let small = |n: Option<u8>| n.map_or(Cell::Null, |n| Cell::Integer(i64::from(n)));
    vec![
        text(&s.account),
        text(s.abc),
        Cell::Real(s.revenue_12m),
        Cell::Real(s.margin_12m),
        Cell::Real(s.collected_12m),
        Cell::Integer(s.orders_12m),
        opt_date(s.last_touch),
        opt_int(s.rfm.recency_days),
        opt_int(s.rfm.frequency),
        opt_real(s.rfm.monetary),
        small(s.rfm.r),
        small(s.rfm.f),
        small(s.rfm.m),
        opt_text(s.rfm.segment),
        text(s.value_matrix),
        text(s.clv.method),
        opt_real(s.clv.p_alive),
        Cell::Real(s.clv.expected_orders),
        opt_real(s.clv.expected_value),
        Cell::Real(s.clv.value),
        Cell::Integer(s.health.score),
        text(s.health.status),
        json(&s.health.terms),
        Cell::Integer(s.coverage.team_size),
        Cell::Integer(s.coverage.active_people_180d),
        Cell::Bool(s.coverage.decision_maker),
        Cell::Bool(s.coverage.single_threaded),
        Cell::Bool(s.coverage.owner_left),
        Cell::Real(s.credit.outstanding),
        opt_real(s.credit.limit),
        Cell::Bool(s.credit.over_limit),
        Cell::Real(s.credit.overdue),
        Cell::Integer(s.score),
        json(&s.priority),
    ]
}

/// Every table of the export, in dependency order (referenced tables first): `people`,
/// `accounts`, `contacts`, `opportunities`, `interactions`, `scores`. Without the
/// personal columns when redacting.
pub fn tables(export: &Export<'_>) -> Vec<Table> {
    let book: &Book = export.book;
    let mut people = Table::new("people", PEOPLE, &["id"]);
    book.config.people.iter().for_each(|p| people.push(person_row(p)));

    let mut accounts = Table::new("accounts", ACCOUNTS, &["id"]);
    accounts.foreign_keys = const { &[fk(&["owner"], "people", &["id"]), fk(&["parent"], "accounts", &["id"])] };
    accounts.indexes = &[&["owner"]];
    book.accounts.iter().for_each(|a| accounts.push(account_row(a)));

    let mut contacts = Table::new("contacts", CONTACTS, &["account", "id"]);
    contacts.foreign_keys = const { &[fk(&["account"], "accounts", &["id"]), fk(&["covered_by"], "people", &["id"])] };
    book.contacts().for_each(|(_, c)| contacts.push(contact_row(c)));

    let mut opportunities = Table::new("opportunities", OPPORTUNITIES, &["account", "id"]);
    opportunities.foreign_keys = const { &[fk(&["account"], "accounts", &["id"]), fk(&["owner"], "people", &["id"])] };
    opportunities.indexes = &[&["stage"], &["close"]];
    book.opportunities().for_each(|(_, o)| opportunities.push(opportunity_row(o)));

    let mut interactions = Table::new("interactions", INTERACTIONS, &["account", "id"]);
    interactions.foreign_keys = const {
        &[
            fk(&["account"], "accounts", &["id"]),
            fk(&["account", "opportunity"], "opportunities", &["account", "id"]),
            fk(&["next_who"], "people", &["id"]),
        ]
    };
    interactions.indexes = &[&["account", "date"], &["kind"], &["date"]];
    book.interactions().for_each(|(_, i)| interactions.push(interaction_row(i)));

    let mut scores = Table::new("scores", SCORES, &["account"]);
    scores.foreign_keys = const { &[fk(&["account"], "accounts", &["id"])] };
    export.scores.accounts.iter().for_each(|s| scores.push(score_row(s)));

    let all = vec![people, accounts, contacts, opportunities, interactions, scores];
    if export.redact { all.into_iter().map(Table::without_personal).collect() } else { all }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_text() {
        assert_eq!(Cell::Null.to_text(), "");
        assert_eq!(Cell::Real(1_200_000.0).to_text(), "1200000");
        // Full precision, unlike the two decimals of a table cell.
        assert_eq!(Cell::Real(0.123_456).to_text(), "0.123456");
        assert_eq!(Cell::Integer(-3).to_text(), "-3");
        assert_eq!(Cell::Bool(false).to_text(), "false");
        assert_eq!(Cell::Date(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()).to_text(), "2026-01-02");
        assert_eq!(Cell::Json(serde_json::json!(["a", "b"])).to_text(), r#"["a","b"]"#);
    }

    #[test]
    fn redaction_drops_the_personal_columns_and_their_cells() {
        let mut t = Table::new("contacts", CONTACTS, &["account", "id"]);
        let c = Contact {
            account: "anji".into(),
            id: "wang-jun".into(),
            name: "王军".into(),
            email: Some(crate::model::Located::new("w@x".into(), Default::default())),
            ..Contact::default()
        };
        t.push(contact_row(&c));
        let t = t.without_personal();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
        assert_eq!(names, ["account", "id", "name", "title", "roles", "stance", "influence", "covered_by", "left"]);
        assert_eq!(t.rows[0].len(), 9);
        assert!(!t.rows[0].contains(&text("w@x")));
    }
}
