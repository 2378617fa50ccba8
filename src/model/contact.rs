//! `accounts/<account>/contacts/<id>.toml`: a person at the customer, with their part in
//! the decision chain.

use crate::load::reader::TableReader;
use crate::model::words::{ContactRole, Stance};
use crate::model::{FilePath, Located, ShortList, Symbol};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
#[schemars(title = "contact", description = "A contact at a kam account", deny_unknown_fields)]
pub struct Contact {
    #[schemars(skip)]
    pub id: Symbol,
    #[schemars(skip)]
    pub account: Symbol,
    #[serde(skip)]
    #[schemars(skip)]
    pub path: FilePath,
    pub name: Box<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Symbol>,
    #[serde(default)]
    pub roles: ShortList<ContactRole>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
    /// 1 (little) to 5 (decisive).
    #[serde(skip_serializing_if = "Option::is_none")]
    // An `i8` holds every valid influence; the schema stays that of an integer.
    #[schemars(with = "Option<i64>", range(min = 1, max = 5))]
    pub influence: Option<i8>,
    /// Our counterpart: a person id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covered_by: Option<Located<Symbol>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Located<Box<str>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Located<Box<str>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday: Option<NaiveDate>,
    #[serde(default)]
    pub preferences: Box<[Box<str>]>,
    /// The date the person left the customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<NaiveDate>,
}

impl Contact {
    pub fn read(r: &mut TableReader<'_, '_, '_>) -> Self {
        let name = r.req_string("name").map(|s| s.value).unwrap_or_default();
        Contact {
            name,
            title: r.string("title").map(|s| s.value),
            roles: r.words("roles").into_iter().map(|w| w.value).collect(),
            stance: r.word("stance").map(|w| w.value),
            influence: r.int("influence", 1, 5).and_then(|i| i8::try_from(i).ok()),
            covered_by: r.string("covered_by"),
            email: r.string("email"),
            phone: r.string("phone"),
            birthday: r.date("birthday").map(|d| d.value),
            preferences: r.strings("preferences").into_iter().map(|s| s.value).collect(),
            left: r.date("left").map(|d| d.value),
            ..Contact::default()
        }
    }

    pub fn has_left(&self, today: NaiveDate) -> bool {
        self.left.is_some_and(|d| d <= today)
    }

    pub fn has_role(&self, role: ContactRole) -> bool {
        self.roles.contains(&role)
    }
}
