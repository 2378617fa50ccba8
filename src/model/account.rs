//! `accounts/<id>/account.toml` (one key account) and `plan.toml` (its account plan).

use crate::load::reader::TableReader;
use crate::model::words::{AccountStatus, CompetitorPosition, PersonRole, Segment, StrategyKind};
use crate::model::{Contact, FilePath, Interaction, Located, Opportunity, Symbol};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
#[schemars(title = "account.toml", description = "A key account of kam", deny_unknown_fields)]
pub struct Account {
    #[schemars(skip)]
    pub id: Symbol,
    #[serde(skip)]
    #[schemars(skip)]
    pub path: FilePath,
    pub name: Located<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<Segment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The declared tier; must exist in kam.toml's [tiers].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<Located<Symbol>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AccountStatus>,
    /// The owning person's id; required unless status is prospect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Located<Symbol>>,
    /// The group account this one belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Located<Symbol>>,
    /// Date of the first deal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Our account team; the owner is implicitly a member.
    #[serde(default)]
    pub team: Vec<TeamMember>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit: Option<Credit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub potential: Option<Potential>,
    #[serde(default)]
    pub competitors: Vec<Competitor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snooze: Option<Snooze>,
    #[serde(default)]
    pub dates: Vec<KeyDate>,
    #[serde(skip)]
    #[schemars(skip)]
    pub plan: Option<Plan>,
    #[serde(skip)]
    #[schemars(skip)]
    pub contacts: Vec<Contact>,
    /// Sorted by date, then file name.
    #[serde(skip)]
    #[schemars(skip)]
    pub interactions: Vec<Interaction>,
    #[serde(skip)]
    #[schemars(skip)]
    pub opportunities: Vec<Opportunity>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TeamMember {
    pub who: Located<Symbol>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<PersonRole>,
}

#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Credit {
    /// The credit line.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::score::json::optional_number")]
    #[schemars(range(min = 0.0))]
    pub limit: Option<f64>,
    /// Payment terms in days (30 when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub terms_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Potential {
    /// Units a year the customer buys in our category.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::score::json::optional_number")]
    #[schemars(range(min = 0.0))]
    pub annual_units: Option<f64>,
    /// The customer's total annual spend in our category (share-of-wallet base).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::score::json::optional_number")]
    #[schemars(range(min = 0.0))]
    pub wallet: Option<f64>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Competitor {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<CompetitorPosition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A known quiet period: cadence warnings and the cadence health term pause until `until`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Snooze {
    pub until: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A date that matters to the relationship, recurring yearly by month and day.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct KeyDate {
    pub what: String,
    pub on: NaiveDate,
}

impl Account {
    pub fn read(r: &mut TableReader<'_, '_, '_>) -> Self {
        let name = r.req_string("name").unwrap_or_default();
        let segment = r.word("segment").map(|w| w.value);
        let industry = r.string("industry").map(|s| s.value);
        let region = r.string("region").map(|s| s.value);
        let tier = r.string("tier");
        let status = r.word("status").map(|w| w.value);
        let had_owner = r.has("owner");
        let owner = r.string("owner");
        if !had_owner && status != Some(AccountStatus::Prospect) {
            r.missing("owner");
        }
        let parent = r.string("parent");
        let since = r.date("since").map(|d| d.value);
        let tags = r.strings("tags").into_iter().map(|s| s.value).collect();
        let team = r
            .tables("team", |r| {
                let who = r.req_string("who");
                let role = r.word("role").map(|w| w.value);
                Some(TeamMember { who: who?, role })
            })
            .into_iter()
            .flatten()
            .collect();
        let credit = r.table("credit", |r| Credit {
            limit: r.number("limit", 0.0, f64::MAX),
            terms_days: r.int("terms_days", 0, 36_500),
            rating: r.string("rating").map(|s| s.value),
        });
        let potential = r.table("potential", |r| Potential {
            annual_units: r.number("annual_units", 0.0, f64::MAX),
            wallet: r.number("wallet", 0.0, f64::MAX),
        });
        let competitors = r
            .tables("competitors", |r| {
                let name = r.req_string("name");
                let position = r.word("position").map(|w| w.value);
                let notes = r.string("notes").map(|s| s.value);
                Some(Competitor { name: name?.value, position, notes })
            })
            .into_iter()
            .flatten()
            .collect();
        let snooze = r
            .table("snooze", |r| {
                let until = r.date("until");
                if until.is_none() && !r.has("until") {
                    r.missing("until");
                }
                let reason = r.string("reason").map(|s| s.value);
                Some(Snooze { until: until?.value, reason })
            })
            .flatten();
        let dates = r
            .tables("dates", |r| {
                let what = r.req_string("what");
                let had_on = r.has("on");
                let on = r.date("on");
                if !had_on {
                    r.missing("on");
                }
                Some(KeyDate { what: what?.value, on: on?.value })
            })
            .into_iter()
            .flatten()
            .collect();
        Account {
            name,
            segment,
            industry,
            region,
            tier,
            status,
            owner,
            parent,
            since,
            tags,
            team,
            credit,
            potential,
            competitors,
            snooze,
            dates,
            ..Account::default()
        }
    }

    /// Owner and team, without duplicates, owner first.
    pub fn members(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.owner.iter().map(|o| o.value.as_str()).collect();
        for m in &self.team {
            if !out.contains(&m.who.as_str()) {
                out.push(&m.who);
            }
        }
        out
    }

    pub fn tier_name(&self) -> Option<&str> {
        self.tier.as_ref().map(|t| t.value.as_str())
    }

    pub fn owner_id(&self) -> Option<&str> {
        self.owner.as_ref().map(|o| o.value.as_str())
    }

    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }
}

/// `plan.toml`: the account plan, the file changed by review.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
#[schemars(title = "plan.toml", description = "The account plan of a kam account", deny_unknown_fields)]
pub struct Plan {
    #[serde(skip)]
    #[schemars(skip)]
    pub path: FilePath,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_by: Option<NaiveDate>,
    #[serde(default)]
    pub strategy: Vec<Strategy>,
    #[serde(default)]
    pub action: Vec<Action>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Strategy {
    pub kind: StrategyKind,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Action {
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<Located<Symbol>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub done: bool,
}

impl Plan {
    pub fn read(r: &mut TableReader<'_, '_, '_>) -> Self {
        let objective = r.string("objective").map(|s| s.value);
        let review_by = r.date("review_by").map(|d| d.value);
        let strategy = r
            .tables("strategy", |r| {
                let kind = r.word("kind");
                if !r.has("kind") {
                    r.missing("kind");
                }
                let text = r.req_string("text");
                Some(Strategy { kind: kind?.value, text: text?.value })
            })
            .into_iter()
            .flatten()
            .collect();
        let action = r
            .tables("action", |r| {
                let what = r.req_string("what");
                let who = r.string("who");
                let due = r.date("due").map(|d| d.value);
                let done = r.boolean("done").unwrap_or(false);
                Some(Action { what: what?.value, who, due, done })
            })
            .into_iter()
            .flatten()
            .collect();
        Plan { path: FilePath::default(), objective, review_by, strategy, action }
    }
}
