//! `kam.toml`: repository settings, our team roster, tier policies, ABC thresholds,
//! pipeline stages, saved queries and score weights. Every section has defaults.

use crate::load::reader::TableReader;
use crate::model::Located;
use crate::model::words::PersonRole;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// The newest `[kam] schema` this kam understands.
pub const SCHEMA_VERSION: i64 = 1;

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(title = "kam.toml", description = "kam repository settings", deny_unknown_fields)]
pub struct Config {
    pub kam: Settings,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub tiers: BTreeMap<String, TierPolicy>,
    #[serde(default)]
    pub abc: AbcThresholds,
    #[serde(default)]
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub queries: BTreeMap<String, String>,
    #[serde(default)]
    pub health: HealthWeights,
    #[serde(default)]
    pub score: ScoreWeights,
    #[serde(default)]
    pub clv: ClvSettings,
    /// Tier names in the order they were declared (A, B, C unless configured).
    #[serde(skip)]
    #[schemars(skip)]
    pub tier_order: Vec<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Settings {
    /// Format version of the repository.
    #[schemars(range(min = 1))]
    pub schema: i64,
    #[serde(skip)]
    #[schemars(skip)]
    pub schema_pos: crate::diag::Pos,
    /// Currency code, for display only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The trailing window, in days, for revenue and frequency figures (365 when not given).
    #[serde(default = "default_window_days")]
    #[schemars(range(min = 1))]
    pub window_days: i64,
    /// A fixed "today" (tests, demos); `--today` and `KAM_TODAY` override it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub today: Option<NaiveDate>,
}

fn default_window_days() -> i64 {
    365
}

/// Someone on our side who can own or work an account.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Person {
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"), length(max = 64))]
    pub id: Located<String>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<PersonRole>,
    /// Account points this person can carry (tier A = 3, B = 2, C = 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub capacity: Option<i64>,
    /// The date this person left the company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<NaiveDate>,
}

impl Person {
    /// Whether the person has left by `today` (a `left` date on or before it).
    pub fn has_left(&self, today: NaiveDate) -> bool {
        self.left.is_some_and(|d| d <= today)
    }

    /// Every email this person commits with.
    pub fn all_emails(&self) -> impl Iterator<Item = &str> {
        self.email.iter().chain(self.emails.iter()).map(String::as_str)
    }
}

/// The policy of one declared tier.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct TierPolicy {
    /// Maximum days between our interactions with the account.
    #[schemars(range(min = 1))]
    pub cadence_days: i64,
    /// At least this many of our people on the account team.
    #[schemars(range(min = 0))]
    pub min_team: i64,
    /// Information that must exist: dotted account fields, `plan`, or `role:<contact role>`.
    #[serde(default)]
    pub require: Vec<String>,
    /// Load points an account of this tier costs its owner (A 3, B 2, C 1 by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub points: Option<i64>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct AbcThresholds {
    #[schemars(range(min = 0.0, max = 1.0))]
    pub a: f64,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub b: f64,
}

impl Default for AbcThresholds {
    fn default() -> Self {
        AbcThresholds { a: 0.80, b: 0.95 }
    }
}

/// One stage of the opportunity pipeline.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Stage {
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub id: Located<String>,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub probability: f64,
    /// Whether the stage ends the opportunity (default: true for `won` and `lost`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed: Option<bool>,
    /// Days after which an opportunity in this stage counts as stale (default 45).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub stale_days: Option<i64>,
}

impl Stage {
    pub fn is_closed(&self) -> bool {
        self.closed.unwrap_or(matches!(self.id.as_str(), "won" | "lost"))
    }

    pub fn is_won(&self) -> bool {
        self.is_closed() && self.probability >= 1.0
    }
}

macro_rules! weights {
    ($(#[$doc:meta])* $name:ident { $($field:ident : $key:literal = $default:expr),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Serialize, JsonSchema)]
        #[serde(default)]
        #[schemars(deny_unknown_fields)]
        pub struct $name {
            $(#[serde(rename = $key)] #[schemars(range(min = 0.0))] pub $field: f64,)*
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $($field: $default),* }
            }
        }

        impl $name {
            fn read(r: &mut TableReader<'_, '_, '_>) -> Self {
                let d = $name::default();
                $name { $($field: r.number($key, 0.0, f64::MAX).unwrap_or(d.$field)),* }
            }
        }
    };
}

weights!(
    /// Points each health term subtracts (SPEC 4.6).
    HealthWeights {
        cadence: "cadence" = 30.0,
        order_trend: "order-trend" = 20.0,
        complaint: "complaint" = 10.0,
        complaint_stale: "complaint-stale" = 5.0,
        complaints_max: "complaints-max" = 25.0,
        sentiment: "sentiment" = 5.0,
        survey: "survey" = 10.0,
        decision_maker: "decision-maker" = 10.0,
        single_threaded: "single-threaded" = 10.0,
        owner_left: "owner-left" = 20.0,
        p_alive: "p-alive" = 20.0,
    }
);

weights!(
    /// Weights of the priority score's terms (SPEC 4.7).
    ScoreWeights { value: "value" = 0.4, potential: "potential" = 0.2, health: "health" = 0.25, relationship: "relationship" = 0.15 }
);

/// Settings of the customer-lifetime-value model (SPEC 4.4).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct ClvSettings {
    #[schemars(range(min = 1))]
    pub min_repeat_buyers: i64,
    #[schemars(range(min = 0.0))]
    pub discount_rate: f64,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub retention: f64,
}

impl Default for ClvSettings {
    fn default() -> Self {
        ClvSettings { min_repeat_buyers: 20, discount_rate: 0.10, retention: 0.8 }
    }
}

impl Default for TierPolicy {
    fn default() -> Self {
        TierPolicy { cadence_days: 30, min_team: 1, require: Vec::new(), points: None }
    }
}

fn default_tiers() -> Vec<(String, TierPolicy)> {
    let tier = |cadence_days, min_team| TierPolicy { cadence_days, min_team, require: Vec::new(), points: None };
    vec![("A".into(), tier(14, 2)), ("B".into(), tier(30, 2)), ("C".into(), tier(90, 1))]
}

fn default_stages() -> Vec<Stage> {
    [
        ("lead", 0.05),
        ("qualified", 0.15),
        ("proposal", 0.35),
        ("negotiation", 0.6),
        ("commit", 0.85),
        ("won", 1.0),
        ("lost", 0.0),
    ]
    .into_iter()
    .map(|(id, probability)| Stage {
        id: Located::new(id.into(), Default::default()),
        probability,
        closed: None,
        stale_days: None,
    })
    .collect()
}

impl Default for Config {
    fn default() -> Self {
        let tiers = default_tiers();
        Config {
            kam: Settings {
                schema: SCHEMA_VERSION,
                schema_pos: Default::default(),
                currency: None,
                window_days: 365,
                today: None,
            },
            people: Vec::new(),
            tier_order: tiers.iter().map(|(n, _)| n.clone()).collect(),
            tiers: tiers.into_iter().collect(),
            abc: AbcThresholds::default(),
            stages: default_stages(),
            queries: BTreeMap::new(),
            health: HealthWeights::default(),
            score: ScoreWeights::default(),
            clv: ClvSettings::default(),
        }
    }
}

impl Config {
    pub fn read(r: &mut TableReader<'_, '_, '_>) -> Self {
        let mut config = Config::default();
        let settings = r.table("kam", |r| {
            let schema_pos = r.raw("schema").map(|v| r.ctx.pos(v.span())).unwrap_or_default();
            let schema = r.int("schema", 1, i64::MAX);
            if !r.has("schema") {
                r.missing("schema");
            }
            Settings {
                schema: schema.unwrap_or(SCHEMA_VERSION),
                schema_pos,
                currency: r.string("currency").map(|s| s.value),
                window_days: r.int("window_days", 1, 36_500).unwrap_or(365),
                today: r.date("today").map(|d| d.value),
            }
        });
        match settings {
            Some(s) => config.kam = s,
            None if !r.has("kam") => r.missing("kam"),
            None => {}
        }
        config.people = r.tables("people", Person::read).into_iter().flatten().collect();
        let tiers = r.entries("tiers", |name, pos, value, r| {
            let toml::de::DeValue::Table(t) = value.get_ref() else {
                r.ctx.report("E101", Some(pos), format!("`tiers.{name}` must be a table"));
                return None;
            };
            let mut sub = TableReader::new(t, value.span(), format!("tiers.{name}."), r.ctx);
            let policy = TierPolicy {
                cadence_days: sub.int("cadence_days", 1, 36_500).unwrap_or(TierPolicy::default().cadence_days),
                min_team: sub.int("min_team", 0, 1_000).unwrap_or(TierPolicy::default().min_team),
                require: sub.strings("require").into_iter().map(|s| s.value).collect(),
                points: sub.int("points", 0, 1_000),
            };
            sub.finish();
            Some((name.to_string(), policy))
        });
        if r.has("tiers") {
            config.tier_order = tiers.iter().map(|(n, _)| n.clone()).collect();
            config.tiers = tiers.into_iter().collect();
        }
        if let Some(abc) = r.table("abc", |r| AbcThresholds {
            a: r.number("a", 0.0, 1.0).unwrap_or(0.80),
            b: r.number("b", 0.0, 1.0).unwrap_or(0.95),
        }) {
            config.abc = abc;
        }
        if r.has("stages") {
            config.stages = r.tables("stages", Stage::read).into_iter().flatten().collect();
        } else {
            r.raw("stages");
        }
        config.queries = r
            .entries("queries", |name, pos, value, r| match value.get_ref() {
                toml::de::DeValue::String(s) => Some((name.to_string(), s.to_string())),
                _ => {
                    r.ctx.report("E101", Some(pos), format!("`queries.{name}` must be a string"));
                    None
                }
            })
            .into_iter()
            .collect();
        if let Some(h) = r.table("health", HealthWeights::read) {
            config.health = h;
        }
        if let Some(s) = r.table("score", ScoreWeights::read) {
            config.score = s;
        }
        if let Some(c) = r.table("clv", |r| {
            let d = ClvSettings::default();
            ClvSettings {
                min_repeat_buyers: r.int("min_repeat_buyers", 1, i64::MAX).unwrap_or(d.min_repeat_buyers),
                discount_rate: r.number("discount_rate", 0.0, f64::MAX).unwrap_or(d.discount_rate),
                retention: r.number("retention", 0.0, 1.0).unwrap_or(d.retention),
            }
        }) {
            config.clv = c;
        }
        config
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id.value == id)
    }

    pub fn tier(&self, name: &str) -> Option<&TierPolicy> {
        self.tiers.get(name)
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id.value == id)
    }

    /// Load points of an account of `tier`: its `points`, else A 3, B 2, C 1, others 1.
    pub fn tier_points(&self, tier: &str) -> i64 {
        self.tier(tier).and_then(|t| t.points).unwrap_or(match tier {
            "A" => 3,
            "B" => 2,
            _ => 1,
        })
    }
}

impl Person {
    fn read(r: &mut TableReader<'_, '_, '_>) -> Option<Self> {
        // Every field is read before deciding, so that none is reported as unknown.
        let id = r.req_string("id");
        let name = r.req_string("name");
        let email = r.string("email").map(|s| s.value);
        let emails = r.strings("emails").into_iter().map(|s| s.value).collect();
        let role = r.word("role").map(|w| w.value);
        let capacity = r.int("capacity", 0, 100_000);
        let left = r.date("left").map(|d| d.value);
        Some(Person { id: id?, name: name.map(|n| n.value).unwrap_or_default(), email, emails, role, capacity, left })
    }
}

impl Stage {
    fn read(r: &mut TableReader<'_, '_, '_>) -> Option<Self> {
        let id = r.req_string("id");
        let had_probability = r.has("probability");
        let probability = r.number("probability", 0.0, 1.0);
        if !had_probability {
            r.missing("probability");
        }
        let closed = r.boolean("closed");
        let stale_days = r.int("stale_days", 1, 36_500);
        Some(Stage { id: id?, probability: probability.unwrap_or(0.0), closed, stale_days })
    }
}
