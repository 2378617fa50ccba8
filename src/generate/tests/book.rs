//! A small reader of generated books for the tests, and the checks of SPEC section 3
//! written independently of kam's own checker: errors (`problems`) and the policy
//! warnings (`policy_warnings`), plus the facts of SPEC section 4 the stories rely on.

use super::super::GeneratedFile;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use toml::{Table, Value};

pub(crate) struct Person {
    pub id: String,
    pub left: Option<NaiveDate>,
}

pub(crate) struct Entry {
    pub stem: String,
    pub table: Table,
}

pub(crate) struct Acct {
    pub account: Table,
    pub plan: Option<Table>,
    pub contacts: BTreeMap<String, Table>,
    pub interactions: Vec<Entry>,
    pub opportunities: BTreeMap<String, Table>,
}

pub(crate) struct Book {
    pub today: NaiveDate,
    pub kam: Table,
    pub people: Vec<Person>,
    pub accounts: BTreeMap<String, Acct>,
}

fn to_date(value: &Value) -> Option<NaiveDate> {
    let text = value.as_datetime()?.to_string();
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// Typed reads of a TOML table that default to empty.
pub(crate) trait Fields {
    fn text(&self, key: &str) -> &str;
    fn list(&self, key: &str) -> Vec<String>;
    fn day(&self, key: &str) -> Option<NaiveDate>;
    fn int(&self, key: &str) -> Option<i64>;
}

impl Fields for Table {
    fn text(&self, key: &str) -> &str {
        self.get(key).and_then(Value::as_str).unwrap_or("")
    }
    fn list(&self, key: &str) -> Vec<String> {
        let items = self.get(key).and_then(Value::as_array);
        items.map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
    }
    fn day(&self, key: &str) -> Option<NaiveDate> {
        self.get(key).and_then(to_date)
    }
    fn int(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(Value::as_integer)
    }
}

impl Entry {
    pub fn text(&self, key: &str) -> &str {
        self.table.text(key)
    }
    pub fn date(&self) -> NaiveDate {
        self.table.day("date").unwrap_or_default()
    }
    pub fn raw_date(&self) -> String {
        self.table.get("date").map(|v| v.to_string()).unwrap_or_default()
    }
    pub fn open_next_due(&self) -> Option<NaiveDate> {
        let next = self.table.get("next")?.as_table()?;
        (next.get("done")?.as_bool() == Some(false)).then(|| next.day("due")).flatten()
    }
    pub fn orders_opportunity(&self) -> Option<&str> {
        (self.text("kind") == "order").then(|| self.table.get("opportunity").and_then(Value::as_str)).flatten()
    }
}

pub(crate) fn parse(files: &[GeneratedFile]) -> Book {
    let mut kam = Table::new();
    let mut accounts: BTreeMap<String, Acct> = BTreeMap::new();
    for file in files {
        let table: Table = match toml::from_str(&file.contents) {
            Ok(table) => table,
            Err(error) => panic!("{} does not parse: {error}", file.path),
        };
        if file.path == "kam.toml" {
            kam = table;
            continue;
        }
        let parts: Vec<&str> = file.path.split('/').collect();
        assert!(parts[0] == "accounts" && parts.len() >= 3, "stray file {}", file.path);
        let acct = accounts.entry(parts[1].to_string()).or_insert_with(|| Acct {
            account: Table::new(),
            plan: None,
            contacts: BTreeMap::new(),
            interactions: Vec::new(),
            opportunities: BTreeMap::new(),
        });
        let stem = parts.last().and_then(|name| name.strip_suffix(".toml")).unwrap_or("").to_string();
        match (parts.len(), parts[2]) {
            (3, "account.toml") => acct.account = table,
            (3, "plan.toml") => acct.plan = Some(table),
            (4, "contacts") => _ = acct.contacts.insert(stem, table),
            (4, "interactions") => acct.interactions.push(Entry { stem, table }),
            (4, "opportunities") => _ = acct.opportunities.insert(stem, table),
            _ => panic!("stray file {}", file.path),
        }
    }
    let today = kam.get("kam").and_then(Value::as_table).and_then(|k| k.day("today")).unwrap_or_default();
    let people = kam
        .get("people")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_table)
                .map(|p| Person { id: p.text("id").to_string(), left: p.day("left") })
                .collect()
        })
        .unwrap_or_default();
    Book { today, kam, people, accounts }
}

fn is_slug(id: &str) -> bool {
    crate::model::id::is_valid(id)
}

const ACCOUNT_KEYS: &[&str] = &[
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
    "credit",
    "potential",
    "competitors",
    "snooze",
    "dates",
];
const CONTACT_KEYS: &[&str] = &[
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
];
const INTERACTION_KEYS: &[&str] = &[
    "date",
    "kind",
    "by",
    "with",
    "summary",
    "sentiment",
    "next",
    "amount",
    "units",
    "margin",
    "opportunity",
    "severity",
    "status",
    "resolved_on",
    "score",
];
const OPPORTUNITY_KEYS: &[&str] =
    &["name", "stage", "amount", "close", "owner", "contacts", "competitors", "lost_reason"];
const PLAN_KEYS: &[&str] = &["objective", "review_by", "strategy", "action"];
const ROLES: &[&str] = &[
    "decision-maker",
    "economic-buyer",
    "purchaser",
    "technical",
    "user",
    "influencer",
    "coach",
    "finance",
    "liaison",
    "opinion-leader",
];

impl Book {
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn tier(&self, name: &str) -> Option<&Table> {
        self.kam.get("tiers")?.as_table()?.get(name)?.as_table()
    }

    fn has_left(&self, id: &str, on: NaiveDate) -> bool {
        self.person(id).and_then(|p| p.left).is_some_and(|left| left <= on)
    }
}

/// Everything SPEC section 3 calls an error.
pub(crate) fn problems(book: &Book) -> Vec<String> {
    let mut found = Vec::new();
    let mut bad = |what: String| found.push(what);
    let stages: BTreeSet<String> = book
        .kam
        .get("stages")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(Value::as_table).map(|t| t.text("id").to_string()).collect())
        .unwrap_or_default();
    let is_person = |id: &str| book.person(id).is_some();
    let mut emails = BTreeSet::new();
    let mut phones = BTreeSet::new();
    let mut names = BTreeSet::new();
    for (id, acct) in &book.accounts {
        let a = &acct.account;
        let unknown = |table: &Table, keys: &[&str]| {
            table.keys().filter(|k| !keys.contains(&k.as_str())).cloned().collect::<Vec<_>>()
        };
        for key in unknown(a, ACCOUNT_KEYS) {
            bad(format!("{id}: unknown key {key}"));
        }
        if !is_slug(id) {
            bad(format!("{id}: bad id"));
        }
        if !names.insert(a.text("name").to_string()) || a.text("name").is_empty() {
            bad(format!("{id}: duplicate or empty name"));
        }
        if !["enterprise", "government", "dealer", "group-buy", "individual", "other"].contains(&a.text("segment")) {
            bad(format!("{id}: segment"));
        }
        if !["prospect", "target", "active", "at-risk", "dormant", "churned"].contains(&a.text("status")) {
            bad(format!("{id}: status"));
        }
        if book.tier(a.text("tier")).is_none() {
            bad(format!("{id}: tier"));
        }
        if !is_person(a.text("owner")) {
            bad(format!("{id}: owner"));
        }
        for member in a.get("team").and_then(Value::as_array).into_iter().flatten() {
            if !member.as_table().is_some_and(|m| is_person(m.text("who"))) {
                bad(format!("{id}: team member"));
            }
        }
        let mut seen = BTreeSet::new();
        let mut cursor = id.clone();
        while let Some(parent) =
            book.accounts.get(&cursor).and_then(|acc| acc.account.get("parent")).and_then(Value::as_str)
        {
            if !book.accounts.contains_key(parent) || !seen.insert(parent.to_string()) {
                bad(format!("{id}: parent chain"));
                break;
            }
            cursor = parent.to_string();
        }
        for (cid, c) in &acct.contacts {
            for key in unknown(c, CONTACT_KEYS) {
                bad(format!("{id}/{cid}: unknown key {key}"));
            }
            let roles = c.list("roles");
            if !is_slug(cid) || roles.is_empty() || !roles.iter().all(|r| ROLES.contains(&r.as_str())) {
                bad(format!("{id}/{cid}: id or roles"));
            }
            if !["champion", "supporter", "neutral", "skeptic", "opponent"].contains(&c.text("stance")) {
                bad(format!("{id}/{cid}: stance"));
            }
            if !(1..=5).contains(&c.int("influence").unwrap_or(0)) {
                bad(format!("{id}/{cid}: influence"));
            }
            if c.get("covered_by").is_some() && !is_person(c.text("covered_by")) {
                bad(format!("{id}/{cid}: covered_by"));
            }
            if c.get("email").is_some() && !emails.insert(c.text("email").to_lowercase()) {
                bad(format!("{id}/{cid}: duplicate email"));
            }
            let digits: String = c.text("phone").chars().filter(char::is_ascii_digit).collect();
            if !digits.is_empty() && !phones.insert(digits) {
                bad(format!("{id}/{cid}: duplicate phone"));
            }
        }
        for entry in &acct.interactions {
            let i = &entry.table;
            let at = format!("{id}/{}", entry.stem);
            for key in unknown(i, INTERACTION_KEYS) {
                bad(format!("{at}: unknown key {key}"));
            }
            let date = entry.date();
            if !is_slug(&entry.stem) || entry.stem.get(..10) != Some(date.to_string().as_str()) {
                bad(format!("{at}: file name does not match date {date}"));
            }
            if date > book.today {
                bad(format!("{at}: after today"));
            }
            let by = i.list("by");
            if by.is_empty() {
                bad(format!("{at}: nobody in by"));
            }
            for who in &by {
                if !is_person(who) || book.has_left(who, date) {
                    bad(format!("{at}: by {who}"));
                }
            }
            for with in i.list("with") {
                let contact = acct.contacts.get(&with);
                if contact.is_none_or(|c| c.day("left").is_some_and(|left| left <= date)) {
                    bad(format!("{at}: with {with}"));
                }
            }
            if !["", "positive", "neutral", "negative"].contains(&i.text("sentiment")) {
                bad(format!("{at}: sentiment"));
            }
            let amount_ok = i.int("amount").is_some_and(|a| a >= 0);
            match i.text("kind") {
                "order" => {
                    if !amount_ok || i.orders_opportunity_missing(acct) {
                        bad(format!("{at}: order"));
                    }
                }
                "payment" if !amount_ok => bad(format!("{at}: payment")),
                "complaint" => {
                    let status = i.text("status");
                    if !["low", "medium", "high"].contains(&i.text("severity"))
                        || !["open", "decided", "communicated", "following-up", "confirmed"].contains(&status)
                        || (status == "confirmed" && i.day("resolved_on").is_none_or(|r| r < date || r > book.today))
                    {
                        bad(format!("{at}: complaint"));
                    }
                }
                "survey" if !(0..=10).contains(&i.int("score").unwrap_or(-1)) => bad(format!("{at}: score")),
                "visit" | "meeting" | "call" | "email" | "message" | "event" | "note" | "payment" | "survey" => {}
                other => bad(format!("{at}: kind {other}")),
            }
            if let Some(next) = i.get("next").and_then(Value::as_table)
                && (!is_person(next.text("who")) || next.day("due").is_none())
            {
                bad(format!("{at}: next"));
            }
        }
        for (oid, o) in &acct.opportunities {
            for key in unknown(o, OPPORTUNITY_KEYS) {
                bad(format!("{id}/{oid}: unknown key {key}"));
            }
            if !is_slug(oid)
                || !stages.contains(o.text("stage"))
                || !is_person(o.text("owner"))
                || o.int("amount").is_none_or(|a| a < 0)
            {
                bad(format!("{id}/{oid}: opportunity"));
            }
            if o.list("contacts").iter().any(|c| !acct.contacts.contains_key(c)) {
                bad(format!("{id}/{oid}: contacts"));
            }
        }
        if let Some(plan) = &acct.plan {
            for key in unknown(plan, PLAN_KEYS) {
                bad(format!("{id}/plan: unknown key {key}"));
            }
            for strategy in
                plan.get("strategy").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_table)
            {
                if !["information", "decision-chain", "competition", "team"].contains(&strategy.text("kind")) {
                    bad(format!("{id}/plan: strategy kind"));
                }
            }
            for action in plan.get("action").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_table)
            {
                if !is_person(action.text("who")) || action.day("due").is_none() {
                    bad(format!("{id}/plan: action"));
                }
            }
        }
    }
    found
}

trait OrderChecks {
    fn orders_opportunity_missing(&self, acct: &Acct) -> bool;
}

impl OrderChecks for Table {
    fn orders_opportunity_missing(&self, acct: &Acct) -> bool {
        self.get("opportunity").and_then(Value::as_str).is_some_and(|o| !acct.opportunities.contains_key(o))
    }
}

/// SPEC section 3's policy warnings, one `"<check> <where>"` line each.
pub(crate) fn policy_warnings(book: &Book) -> Vec<String> {
    let mut found = Vec::new();
    for (id, acct) in &book.accounts {
        let a = &acct.account;
        let Some(tier) = book.tier(a.text("tier")) else {
            continue;
        };
        for requirement in tier.list("require") {
            let met = match requirement.as_str() {
                "plan" => acct.plan.is_some(),
                role if role.starts_with("role:") => decision_maker_like(acct, &role[5..]),
                path => {
                    let (section, key) = path.split_once('.').unwrap_or((path, ""));
                    a.get(section).and_then(Value::as_table).is_some_and(|t| t.contains_key(key))
                }
            };
            if !met {
                found.push(format!("require {id} {requirement}"));
            }
        }
        if team_size(book, acct) < tier.int("min_team").unwrap_or(1) as usize {
            found.push(format!("min-team {id}"));
        }
        if book.has_left(a.text("owner"), book.today) {
            found.push(format!("owner-left {id}"));
        }
        let snoozed =
            a.get("snooze").and_then(Value::as_table).and_then(|s| s.day("until")).is_some_and(|u| u >= book.today);
        let cadence = tier.int("cadence_days").unwrap_or(i64::MAX);
        if !snoozed && days_since_last_touch(book, acct).is_none_or(|gap| gap > cadence) {
            found.push(format!("cadence {id}"));
        }
        if open_complaint_ages(book, acct).iter().any(|age| *age > 14) {
            found.push(format!("open-complaint {id}"));
        }
        for (oid, o) in &acct.opportunities {
            if o.text("stage") == "lost" && o.get("lost_reason").is_none() {
                found.push(format!("lost-without-reason {id}/{oid}"));
            }
        }
    }
    found
}

fn decision_maker_like(acct: &Acct, role: &str) -> bool {
    acct.contacts.values().any(|c| c.list("roles").iter().any(|r| r == role))
}

/// SPEC 4.5 `team_size`: owner and team who have not left.
pub(crate) fn team_size(book: &Book, acct: &Acct) -> usize {
    let mut team: BTreeSet<String> = BTreeSet::new();
    team.insert(acct.account.text("owner").to_string());
    for member in acct.account.get("team").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_table) {
        team.insert(member.text("who").to_string());
    }
    team.iter().filter(|who| !book.has_left(who, book.today)).count()
}

/// SPEC 4.5 `active_people_180d`.
pub(crate) fn active_people(book: &Book, acct: &Acct, days: i64) -> BTreeSet<String> {
    acct.interactions
        .iter()
        .filter(|i| (book.today - i.date()).num_days() < days)
        .flat_map(|i| i.table.list("by"))
        .collect()
}

/// SPEC 4.5 `decision_maker`: still there and not an opponent.
pub(crate) fn has_decision_maker(book: &Book, acct: &Acct) -> bool {
    acct.contacts.values().any(|c| {
        c.list("roles").iter().any(|r| r == "decision-maker")
            && c.day("left").is_none_or(|left| left > book.today)
            && c.text("stance") != "opponent"
    })
}

pub(crate) fn days_since_last_touch(book: &Book, acct: &Acct) -> Option<i64> {
    acct.interactions.iter().map(|i| (book.today - i.date()).num_days()).min()
}

pub(crate) fn open_complaint_ages(book: &Book, acct: &Acct) -> Vec<i64> {
    acct.interactions
        .iter()
        .filter(|i| i.text("kind") == "complaint" && i.text("status") != "confirmed")
        .map(|i| (book.today - i.date()).num_days())
        .collect()
}

/// SPEC 4.6 `order-trend` inputs: (prior, recent) order days.
pub(crate) fn order_trend(book: &Book, acct: &Acct) -> (usize, usize) {
    let days: BTreeSet<NaiveDate> =
        acct.interactions.iter().filter(|i| i.text("kind") == "order").map(Entry::date).collect();
    let age = |d: &&NaiveDate| (book.today - **d).num_days();
    let prior = days.iter().filter(|d| (90..455).contains(&age(d))).count();
    let recent = days.iter().filter(|d| (0..90).contains(&age(d))).count();
    (prior, recent)
}

pub(crate) fn trend_fires(prior: usize, recent: usize) -> bool {
    prior > 0 && (recent as f64) < 0.5 * prior as f64 * 90.0 / 365.0
}

/// SPEC 4.8 `outstanding`: all orders − all payments (never below 0).
pub(crate) fn outstanding(acct: &Acct) -> i64 {
    let sum = |kind: &str| {
        acct.interactions.iter().filter(|i| i.text("kind") == kind).filter_map(|i| i.table.int("amount")).sum::<i64>()
    };
    (sum("order") - sum("payment")).max(0)
}
