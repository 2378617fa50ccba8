//! Editing entity files in place: finding the file an id names, typing a `key=value`
//! by the field's JSON Schema, and setting or removing dotted keys with `toml_edit`, so
//! that comments, key order and spacing of every other line survive.

use crate::diag::suggestion;
use crate::error::{KamError, Result};
use crate::model::{Book, FilePath};
use serde_json::Value as Json;
use toml_edit::{DocumentMut, Item, Table, Value};

/// The kinds of entity file `kam set` edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Account,
    Plan,
    Contact,
    Interaction,
    Opportunity,
}

impl Kind {
    fn schema_name(self) -> &'static str {
        match self {
            Kind::Account => "account.schema.json",
            Kind::Plan => "plan.schema.json",
            Kind::Contact => "contact.schema.json",
            Kind::Interaction => "interaction.schema.json",
            Kind::Opportunity => "opportunity.schema.json",
        }
    }
}

/// The file an id names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub account: String,
    pub kind: Kind,
    /// Relative to the book's root.
    pub path: String,
}

/// Resolves `account`, `account/plan`, `account/<contact|interaction|opportunity>` or
/// `account/<contacts|interactions|opportunities>/<id>`.
pub fn resolve(book: &Book, id: &str) -> Result<Target> {
    let parts: Vec<&str> = id.split('/').collect();
    let account = book.account(parts[0]).ok_or_else(|| {
        KamError::usage(format!("no account `{}`{}", parts[0], suggestion(parts[0], book.account_ids())))
    })?;
    let target = |kind, path: &FilePath| Target { account: account.id.to_string(), kind, path: path.to_string() };
    let members = || {
        let contacts = account.contacts.iter().map(|c| (Kind::Contact, "contacts", c.id.as_str(), &c.path));
        let interactions =
            account.interactions.iter().map(|i| (Kind::Interaction, "interactions", i.id.as_str(), &i.path));
        let opportunities =
            account.opportunities.iter().map(|o| (Kind::Opportunity, "opportunities", o.id.as_str(), &o.path));
        contacts.chain(interactions).chain(opportunities)
    };
    match parts[1..] {
        [] => Ok(target(Kind::Account, &account.path)),
        ["plan"] => match &account.plan {
            Some(plan) => Ok(target(Kind::Plan, &plan.path)),
            None => Err(KamError::usage(format!("account `{}` has no plan.toml", account.id))),
        },
        [dir, member] => members()
            .find(|(_, d, m, _)| *d == dir && *m == member)
            .map(|(kind, _, _, path)| target(kind, path))
            .ok_or_else(|| KamError::usage(format!("no `{dir}/{member}` in account `{}`", account.id))),
        [member] => {
            let found: Vec<_> = members().filter(|(_, _, m, _)| *m == member).collect();
            match found.as_slice() {
                [(kind, _, _, path)] => Ok(target(*kind, path)),
                [] => Err(KamError::usage(format!(
                    "no contact, interaction or opportunity `{member}` in account `{}`{}",
                    account.id,
                    suggestion(member, members().map(|(_, _, m, _)| m))
                ))),
                _ => Err(KamError::usage(format!(
                    "`{member}` names several files of `{}`; say which: {}",
                    account.id,
                    found.iter().map(|(_, d, m, _)| format!("{}/{d}/{m}", account.id)).collect::<Vec<_>>().join(", ")
                ))),
            }
        }
        _ => Err(KamError::usage(format!("`{id}` is not an entity id (account, account/member, account/plan)"))),
    }
}

/// The JSON Schema of a field of `kind` at a dotted key, references resolved; `None` when
/// the schema has no such field.
pub fn field_schema(kind: Kind, dotted: &str) -> Option<Json> {
    let (_, _, make) = crate::schema::KINDS.iter().find(|(name, _, _)| *name == kind.schema_name())?;
    let root = make();
    let mut at = root.clone();
    for key in dotted.split('.') {
        at = resolved(&root, &at);
        at = match at.get("items") {
            // An array of tables: `action.who` is the field of its items.
            Some(items) if at.get("type") == Some(&Json::from("array")) => resolved(&root, items),
            _ => at,
        };
        at = at.get("properties")?.get(key)?.clone();
    }
    Some(resolved(&root, &at))
}

/// Follows `$ref` and single-branch `allOf`/`anyOf` wrappers of a schema node.
fn resolved(root: &Json, node: &Json) -> Json {
    let mut node = node.clone();
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(Json::as_str) {
            let path = r.trim_start_matches("#/").split('/').try_fold(root, |n, k| n.get(k));
            match path {
                Some(target) => node = target.clone(),
                None => break,
            }
        } else if let Some(one) = node.get("allOf").and_then(Json::as_array).filter(|a| a.len() == 1) {
            node = one[0].clone();
        } else {
            break;
        }
    }
    node
}

fn types(schema: &Json) -> Vec<String> {
    match schema.get("type") {
        Some(Json::String(t)) => vec![t.clone()],
        Some(Json::Array(ts)) => ts.iter().filter_map(|t| t.as_str().map(String::from)).collect(),
        _ => Vec::new(),
    }
}

fn is_date(schema: &Json) -> bool {
    schema.get("format").and_then(Json::as_str) == Some("date")
        || schema.get("anyOf").and_then(Json::as_array).is_some_and(|a| a.iter().any(is_date))
}

/// A command-line value typed by the field's schema: dates, integers, numbers, booleans,
/// lists (`a,b` or a TOML array), plain text otherwise.
pub fn typed_value(schema: Option<&Json>, raw: &str) -> std::result::Result<Value, String> {
    let as_toml = || raw.parse::<Value>().ok();
    let Some(schema) = schema else { return Ok(as_toml().unwrap_or_else(|| Value::from(raw))) };
    let t = types(schema);
    let has = |name: &str| t.iter().any(|x| x == name);
    if is_date(schema) {
        return match raw.parse::<toml_edit::Datetime>() {
            Ok(d) if d.date.is_some() => Ok(Value::from(d)),
            _ => Err(format!("`{raw}` is not a date (YYYY-MM-DD)")),
        };
    }
    if has("integer") {
        return raw
            .replace('_', "")
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("`{raw}` is not a whole number"));
    }
    if has("number") {
        let clean = raw.replace('_', "");
        if let Ok(n) = clean.parse::<i64>() {
            return Ok(Value::from(n));
        }
        return clean.parse::<f64>().map(Value::from).map_err(|_| format!("`{raw}` is not a number"));
    }
    if has("boolean") {
        return match raw {
            "true" | "yes" => Ok(Value::from(true)),
            "false" | "no" => Ok(Value::from(false)),
            _ => Err(format!("`{raw}` is not true or false")),
        };
    }
    if has("array") {
        if raw.trim_start().starts_with('[') {
            return as_toml().filter(Value::is_array).ok_or_else(|| format!("`{raw}` is not a TOML array"));
        }
        let items: toml_edit::Array = raw.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        return Ok(Value::Array(items));
    }
    if has("string") {
        return Ok(Value::from(raw));
    }
    Ok(as_toml().unwrap_or_else(|| Value::from(raw)))
}

/// Sets (or with `None` removes) a dotted key; returns the change in words, or `None`
/// when nothing changed. Missing tables on the way are created.
pub fn set(doc: &mut DocumentMut, dotted: &str, value: Option<Value>) -> Option<String> {
    let keys: Vec<&str> = dotted.split('.').collect();
    let (last, parents) = keys.split_last()?;
    let mut table: &mut dyn toml_edit::TableLike = doc.as_table_mut();
    let mut inline = false;
    for key in parents {
        if table.get(key).is_none() {
            value.as_ref()?;
            table.insert(key, Item::Table(Table::new()));
        }
        inline = table.get(key).and_then(Item::as_inline_table).is_some();
        table = table.get_mut(key)?.as_table_like_mut()?;
    }
    let old = table.get(last).and_then(Item::as_value).map(shown);
    match value {
        None => {
            table.remove(last)?;
            Some(format!("{dotted}: {} → (removed)", old.unwrap_or_default()))
        }
        Some(new) => {
            let shown = shown(&new);
            if old.as_deref() == Some(shown.as_str()) {
                return None;
            }
            match table.get_mut(last).and_then(Item::as_value_mut) {
                Some(existing) => {
                    let decor = existing.decor().clone();
                    *existing = new;
                    *existing.decor_mut() = decor;
                }
                None if inline => {
                    // `{ a = 1 }` + b → `{ a = 1, b = 2 }`: the space before the brace
                    // moves to the new last pair.
                    if let Some(previous) = table.iter_mut().last().and_then(|(_, item)| item.as_value_mut()) {
                        previous.decor_mut().set_suffix("");
                    }
                    table.insert(last, Item::Value(new.decorated(" ", " ")));
                }
                None => {
                    table.insert(last, Item::Value(new));
                }
            }
            Some(match old {
                Some(old) => format!("{dotted}: {old} → {shown}"),
                None => format!("{dotted}: (new) {shown}"),
            })
        }
    }
}

/// A value as a change line shows it: text without quotes, others as TOML, no comments.
fn shown(value: &Value) -> String {
    match value.as_str() {
        Some(text) => text.to_string(),
        None => {
            let mut bare = value.clone();
            bare.decor_mut().clear();
            bare.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> DocumentMut {
        text.parse().unwrap()
    }

    #[test]
    fn values_are_typed_by_the_schema() {
        let account = |key| field_schema(Kind::Account, key);
        assert_eq!(typed_value(account("tier").as_ref(), "A").unwrap().to_string(), "\"A\"");
        // A string field keeps digits as text.
        assert_eq!(
            typed_value(field_schema(Kind::Contact, "phone").as_ref(), "12345").unwrap().to_string(),
            "\"12345\""
        );
        assert_eq!(typed_value(account("since").as_ref(), "2019-04-01").unwrap().to_string(), "2019-04-01");
        assert!(typed_value(account("since").as_ref(), "April").is_err());
        assert_eq!(typed_value(account("credit.limit").as_ref(), "5_000_000").unwrap().to_string(), "5000000");
        assert_eq!(typed_value(account("credit.limit").as_ref(), "2.5").unwrap().to_string(), "2.5");
        assert!(typed_value(account("credit.terms_days").as_ref(), "2.5").is_err());
        assert_eq!(
            typed_value(account("tags").as_ref(), "fleet, strategic").unwrap().to_string(),
            "[\"fleet\", \"strategic\"]"
        );
        assert_eq!(typed_value(field_schema(Kind::Plan, "action.done").as_ref(), "yes").unwrap().to_string(), "true");
        assert!(field_schema(Kind::Account, "teir").is_none());
    }

    #[test]
    fn setting_keeps_every_other_byte() {
        let mut d = doc("# card\nname = \"Anji\"   # the name\ntier = \"B\" # was C\n\n[credit]\nlimit = 5\n");
        assert_eq!(set(&mut d, "tier", Some(Value::from("A"))), Some("tier: B → A".into()));
        assert_eq!(set(&mut d, "credit.limit", Some(Value::from(6))), Some("credit.limit: 5 → 6".into()));
        assert_eq!(set(&mut d, "credit.rating", Some(Value::from("AA"))), Some("credit.rating: (new) AA".into()));
        assert_eq!(
            d.to_string(),
            "# card\nname = \"Anji\"   # the name\ntier = \"A\" # was C\n\n[credit]\nlimit = 6\nrating = \"AA\"\n"
        );
        assert_eq!(set(&mut d, "tier", Some(Value::from("A"))), None);
        assert_eq!(set(&mut d, "credit.rating", None), Some("credit.rating: AA → (removed)".into()));
        assert_eq!(set(&mut d, "potential.wallet", None), None);
        set(&mut d, "potential.wallet", Some(Value::from(9)));
        assert!(d.to_string().ends_with("limit = 6\n\n[potential]\nwallet = 9\n"), "{d}");
    }
}
