//! `kam export json` and `ndjson`: every entity as it is in its TOML file, plus its id,
//! the `account` of children, an account's `plan` and `scores` (the object of
//! `kam score --format json`).
//!
//! JSON is one object `{today, accounts, contacts, interactions, opportunities, people}`;
//! NDJSON is one object per line, each starting with its `entity` (`account`, `contact`,
//! `interaction`, `opportunity`, `person`), in that order of kinds.

use super::{Export, PERSONAL_FIELDS};
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::{self, Write};

/// The entities of one kind: the plural JSON key, the singular NDJSON `entity`, and the
/// objects.
type Group = (&'static str, &'static str, Vec<Map<String, Value>>);

/// The entities of an export as JSON objects, grouped by kind, in the book's order.
fn entities(export: &Export<'_>) -> io::Result<Vec<Group>> {
    let book = export.book;
    let mut accounts = Vec::with_capacity(book.accounts.len());
    for a in &book.accounts {
        let mut object = object(a, export.redact)?;
        if let Some(plan) = &a.plan {
            object.insert("plan".into(), to_value(plan)?);
        }
        if let Some(scores) = export.scores.get(&a.id) {
            object.insert("scores".into(), to_value(scores)?);
        }
        accounts.push(object);
    }
    let contacts = book.contacts().map(|(_, c)| object(c, export.redact)).collect::<io::Result<_>>()?;
    let interactions = book.interactions().map(|(_, i)| object(i, export.redact)).collect::<io::Result<_>>()?;
    let opportunities = book.opportunities().map(|(_, o)| object(o, export.redact)).collect::<io::Result<_>>()?;
    let people = book.config.people.iter().map(|p| object(p, export.redact)).collect::<io::Result<_>>()?;
    Ok(vec![
        ("accounts", "account", accounts),
        ("contacts", "contact", contacts),
        ("interactions", "interaction", interactions),
        ("opportunities", "opportunity", opportunities),
        ("people", "person", people),
    ])
}

fn to_value(value: &impl Serialize) -> io::Result<Value> {
    serde_json::to_value(value).map_err(io::Error::from)
}

/// An entity as a JSON object, without the personal keys when redacting.
fn object(entity: &impl Serialize, redact: bool) -> io::Result<Map<String, Value>> {
    let Value::Object(mut map) = to_value(entity)? else {
        return Err(io::Error::other("an entity did not serialise to a JSON object"));
    };
    if redact {
        for key in PERSONAL_FIELDS {
            map.shift_remove(*key);
        }
    }
    Ok(map)
}

/// Writes the whole book as one pretty-printed JSON object.
pub fn write_json(out: &mut dyn Write, export: &Export<'_>) -> io::Result<()> {
    let mut root = Map::new();
    root.insert("today".into(), Value::String(export.today.format("%Y-%m-%d").to_string()));
    for (plural, _, objects) in entities(export)? {
        root.insert(plural.into(), Value::Array(objects.into_iter().map(Value::Object).collect()));
    }
    serde_json::to_writer_pretty(&mut *out, &Value::Object(root))?;
    writeln!(out)
}

/// Writes one JSON object per line, `entity` first (not `kind`: interactions have a `kind`).
pub fn write_ndjson(out: &mut dyn Write, export: &Export<'_>) -> io::Result<()> {
    for (_, entity, objects) in entities(export)? {
        for object in objects {
            let mut line = Map::with_capacity(object.len() + 1);
            line.insert("entity".into(), Value::String(entity.into()));
            line.extend(object);
            serde_json::to_writer(&mut *out, &Value::Object(line))?;
            writeln!(out)?;
        }
    }
    Ok(())
}
