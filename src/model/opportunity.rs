//! `accounts/<account>/opportunities/<id>.toml`: a deal in the pipeline.

use crate::load::reader::TableReader;
use crate::model::{FilePath, Located, Symbol};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
#[schemars(title = "opportunity", description = "An opportunity of a kam account", deny_unknown_fields)]
pub struct Opportunity {
    #[schemars(skip)]
    pub id: Symbol,
    #[schemars(skip)]
    pub account: Symbol,
    #[serde(skip)]
    #[schemars(skip)]
    pub path: FilePath,
    pub name: Box<str>,
    /// A kam.toml [[stages]] id.
    pub stage: Located<Symbol>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "crate::score::json::optional_number")]
    #[schemars(range(min = 0.0))]
    pub amount: Option<f64>,
    /// Expected close date (or actual, once won or lost).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Located<Symbol>>,
    #[serde(default)]
    pub contacts: Box<[Located<Symbol>]>,
    #[serde(default)]
    pub competitors: Box<[Symbol]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost_reason: Option<Box<str>>,
}

impl Opportunity {
    pub fn read(r: &mut TableReader<'_, '_, '_>) -> Self {
        Opportunity {
            name: r.req_string("name").map(|s| s.value).unwrap_or_default(),
            stage: r.req_string("stage").unwrap_or_default(),
            amount: r.number("amount", 0.0, f64::MAX),
            close: r.date("close").map(|d| d.value),
            owner: r.string("owner"),
            contacts: r.strings("contacts").into(),
            competitors: r.strings("competitors").into_iter().map(|s| s.value).collect(),
            lost_reason: r.string("lost_reason").map(|s| s.value),
            ..Opportunity::default()
        }
    }
}
