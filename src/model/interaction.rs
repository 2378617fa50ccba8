//! `accounts/<account>/interactions/<YYYY-MM-DD>-<slug>.toml`: something that happened
//! with the customer — a visit, a call, an order, a payment, a complaint, a survey.

use crate::load::reader::TableReader;
use crate::model::words::{ComplaintSeverity, ComplaintStatus, InteractionKind, Sentiment};
use crate::model::{FilePath, Finite, Located, ShortList, Symbol};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(title = "interaction", description = "An interaction with a kam account", deny_unknown_fields)]
pub struct Interaction {
    /// The file stem: `2026-11-20-qbr`.
    #[schemars(skip)]
    pub id: Symbol,
    #[schemars(skip)]
    pub account: Symbol,
    #[serde(skip)]
    #[schemars(skip)]
    pub path: FilePath,
    /// A local date, or an offset datetime (its calendar date counts).
    #[schemars(schema_with = "date_or_datetime")]
    pub date: Located<NaiveDate>,
    pub kind: InteractionKind,
    /// Our participants (people ids); at least one.
    #[schemars(length(min = 1))]
    pub by: ShortList<Located<Symbol>>,
    /// Contact ids of this account.
    #[serde(default)]
    pub with: ShortList<Located<Symbol>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<Sentiment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Box<NextStep>>,
    /// Order or payment amount (required for those kinds).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub amount: Option<Finite>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub units: Option<Finite>,
    /// Margin of an order (counts as 0 when missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<Finite>,
    /// The opportunity an order belongs to.
    // Boxed: few interactions name one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opportunity: Option<Box<Located<Symbol>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<ComplaintSeverity>,
    /// Complaint handling status (open when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ComplaintStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_on: Option<NaiveDate>,
    /// Survey score, NPS-style.
    #[serde(skip_serializing_if = "Option::is_none")]
    // An `i8` holds every valid score; the schema stays that of an integer.
    #[schemars(with = "Option<i64>", range(min = 0, max = 10))]
    pub score: Option<i8>,
}

/// The agreed next step of an interaction.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct NextStep {
    pub what: Box<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<Located<Symbol>>,
    #[serde(default)]
    pub done: bool,
}

fn date_or_datetime(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "anyOf": [{ "format": "date" }, { "format": "date-time" }]
    })
}

impl Interaction {
    /// Reads an interaction; `file_date` (from the file name) stands in for a missing or
    /// unreadable `date` so that the rest of the checks still run.
    pub fn read(r: &mut TableReader<'_, '_, '_>, file_date: Option<NaiveDate>) -> Option<Self> {
        let had_date = r.has("date");
        let date = r.date_value("date", true);
        if !had_date {
            r.missing("date");
        }
        let had_kind = r.has("kind");
        let kind = r.word::<InteractionKind>("kind").map(|w| w.value);
        if !had_kind {
            r.missing("kind");
        }
        let had_by = r.has("by");
        let by = r.strings("by");
        if !had_by {
            r.missing("by");
        } else if by.is_empty() {
            let pos = r.raw("by").map(|v| r.ctx.pos(v.span()));
            r.ctx.report("E106", pos, "`by` must name at least one person");
        }
        let with = r.strings("with");
        let summary = r.string("summary").map(|s| s.value);
        let sentiment = r.word("sentiment").map(|w| w.value);
        let next = r
            .table("next", |r| {
                let what = r.req_string("what");
                let due = r.date("due").map(|d| d.value);
                let who = r.string("who");
                let done = r.boolean("done").unwrap_or(false);
                Some(Box::new(NextStep { what: what?.value, due, who, done }))
            })
            .flatten();
        let had_amount = r.has("amount");
        let amount = r.number("amount", 0.0, f64::MAX).and_then(Finite::new);
        let units = r.number("units", 0.0, f64::MAX).and_then(Finite::new);
        let margin = r.number("margin", f64::MIN, f64::MAX).and_then(Finite::new);
        let opportunity = r.string("opportunity").map(Box::new);
        let severity = r.word("severity").map(|w| w.value);
        let status = r.word("status").map(|w| w.value);
        let resolved_on = r.date("resolved_on").map(|d| d.value);
        let had_score = r.has("score");
        // 0..=10: an `i8` holds every valid score.
        let score = r.int("score", 0, 10).and_then(|s| i8::try_from(s).ok());
        match kind {
            Some(InteractionKind::Order | InteractionKind::Payment) if !had_amount => r.missing("amount"),
            Some(InteractionKind::Survey) if !had_score => r.missing("score"),
            _ => {}
        }
        let date = date.or_else(|| file_date.map(|d| Located::new(d, Default::default())))?;
        Some(Interaction {
            id: Symbol::default(),
            account: Symbol::default(),
            path: FilePath::default(),
            date,
            kind: kind?,
            by: by.into(),
            with: with.into(),
            summary,
            sentiment,
            next,
            amount,
            units,
            margin,
            opportunity,
            severity,
            status,
            resolved_on,
            score,
        })
    }

    pub fn is_order(&self) -> bool {
        self.kind == InteractionKind::Order
    }

    /// Whether this is a complaint not yet confirmed as resolved.
    pub fn is_open_complaint(&self) -> bool {
        self.kind == InteractionKind::Complaint && self.status != Some(ComplaintStatus::Confirmed)
    }
}
