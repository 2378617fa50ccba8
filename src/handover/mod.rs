//! Handing accounts over from one person to another (防止"人走客户走"): the owner, the
//! person's seats on account teams, their open opportunities, the contacts they cover,
//! and the `who` of open next steps and plan actions all move to the successor, in one
//! all-or-nothing change, with a brief per account of what the successor takes on.
//!
//! Edits go through `toml_edit`, so comments, key order and spacing of every untouched
//! line survive; only the changed values are rewritten (keeping their own decoration).

pub mod brief;

use crate::error::KamError;
use crate::model::{Account, Book, FilePath};
use chrono::NaiveDate;
use std::path::Path;
use toml_edit::{DocumentMut, Item, Value};

/// One file of a handover: its path (relative to the book's root), its account, what
/// changes in words, and the bytes before and after.
#[derive(Clone, Debug)]
pub struct FileEdit {
    pub path: String,
    pub account: String,
    pub changes: Vec<String>,
    pub old: Vec<u8>,
    pub new: Vec<u8>,
}

/// What a handover does: the accounts it touches and the edit of each file.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub accounts: Vec<String>,
    pub edits: Vec<FileEdit>,
}

/// Who hands over to whom, and which accounts (all of `from`'s when empty).
pub struct Request<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub accounts: &'a [String],
    pub today: NaiveDate,
}

/// Whether `from` has anything on `account` to hand over: ownership, a team seat, an
/// open opportunity, a covered contact, an open next step or plan action.
fn involved(book: &Book, a: &Account, from: &str) -> bool {
    let open_stage = |stage: &str| book.config.stage(stage).is_none_or(|s| !s.is_closed());
    a.members().contains(&from)
        || a.opportunities.iter().any(|o| o.owner.as_ref().is_some_and(|w| w.value == from) && open_stage(&o.stage))
        || a.contacts.iter().any(|c| c.covered_by.as_ref().is_some_and(|w| w.value == from))
        || a.interactions.iter().any(|i| {
            i.next.as_ref().is_some_and(|n| {
                !n.done && n.who.as_ref().map_or(i.by.iter().any(|b| b.value == from), |w| w.value == from)
            })
        })
        || a.plan.iter().flat_map(|p| &p.action).any(|x| !x.done && x.who.as_ref().is_some_and(|w| w.value == from))
}

/// Works out every edit of a handover, reading the files under `root`. Nothing is written.
pub fn plan(root: &Path, book: &Book, req: &Request<'_>) -> Result<Plan, KamError> {
    plan_with(
        &|path| std::fs::read(root.join(path)).map_err(|e| KamError::env(format!("cannot read {path}: {e}"))),
        book,
        req,
    )
}

/// `plan`, reading each file (by its path relative to the book's root) with `read`.
pub fn plan_with(
    read: &dyn Fn(&str) -> Result<Vec<u8>, KamError>,
    book: &Book,
    req: &Request<'_>,
) -> Result<Plan, KamError> {
    let person = |id: &str| {
        book.config.person(id).ok_or_else(|| {
            let ids = book.config.people.iter().map(|p| p.id.as_str());
            KamError::usage(format!("no person `{id}` in kam.toml{}", crate::diag::suggestion(id, ids)))
        })
    };
    person(req.from)?;
    let to = person(req.to)?;
    if req.from == req.to {
        return Err(KamError::usage("--from and --to are the same person"));
    }
    if to.has_left(req.today) {
        return Err(KamError::usage(format!("`{}` has left; hand over to someone who has not", req.to)));
    }
    let accounts: Vec<&Account> = if req.accounts.is_empty() {
        book.accounts.iter().filter(|a| involved(book, a, req.from)).collect()
    } else {
        let mut chosen = Vec::new();
        for id in req.accounts {
            let a = book.account(id).ok_or_else(|| {
                KamError::usage(format!("no account `{id}`{}", crate::diag::suggestion(id, book.account_ids())))
            })?;
            chosen.push(a);
        }
        chosen
    };
    let mut plan = Plan::default();
    for a in accounts {
        let before = plan.edits.len();
        let mut edit = |path: &FilePath, f: &dyn Fn(&mut DocumentMut) -> Vec<String>| -> Result<(), KamError> {
            let path = path.to_string();
            let old = read(&path)?;
            let text = std::str::from_utf8(&old).map_err(|_| KamError::data(format!("{path}: not UTF-8")))?;
            let mut doc: DocumentMut =
                text.parse().map_err(|e| KamError::data(format!("{path}: cannot be edited: {e}")))?;
            let changes = f(&mut doc);
            if !changes.is_empty() {
                let new = doc.to_string().into_bytes();
                plan.edits.push(FileEdit { path, account: a.id.to_string(), changes, old, new });
            }
            Ok(())
        };
        let (from, to) = (req.from, req.to);
        edit(&a.path, &|doc| edit_account(doc, from, to))?;
        if let Some(p) = &a.plan {
            edit(&p.path, &|doc| edit_actions(doc, from, to))?;
        }
        for o in &a.opportunities {
            let open = book.config.stage(&o.stage).is_none_or(|s| !s.is_closed());
            if open && o.owner.as_ref().is_some_and(|w| w.value == from) {
                edit(&o.path, &|doc| set_person(doc.as_table_mut(), "owner", from, to).into_iter().collect())?;
            }
        }
        for c in a.contacts.iter().filter(|c| c.covered_by.as_ref().is_some_and(|w| w.value == from)) {
            edit(&c.path, &|doc| set_person(doc.as_table_mut(), "covered_by", from, to).into_iter().collect())?;
        }
        for i in &a.interactions {
            let Some(next) = i.next.as_ref().filter(|n| !n.done) else { continue };
            let by_from = i.by.iter().any(|b| b.value == from);
            if next.who.as_ref().map_or(by_from, |w| w.value == from) {
                edit(&i.path, &|doc| edit_next(doc, from, to))?;
            }
        }
        if plan.edits.len() > before || req.accounts.iter().any(|id| *id == a.id) {
            plan.accounts.push(a.id.to_string());
        }
    }
    Ok(plan)
}

/// Replaces a string value, keeping the whitespace and comment around it.
fn replace_string(value: &mut Value, new: &str) {
    let decor = value.decor().clone();
    *value = Value::from(new);
    *value.decor_mut() = decor;
}

/// `key = from` → `key = to` in `table`; the change in words when there was one.
fn set_person(table: &mut dyn toml_edit::TableLike, key: &str, from: &str, to: &str) -> Option<String> {
    let value = table.get_mut(key)?.as_value_mut()?;
    (value.as_str() == Some(from)).then(|| {
        replace_string(value, to);
        format!("{key}: {from} → {to}")
    })
}

/// The account file: owner, and `from`'s seat on the team (renamed to `to`, or dropped
/// when `to` is already on the account).
fn edit_account(doc: &mut DocumentMut, from: &str, to: &str) -> Vec<String> {
    let mut changes: Vec<String> = set_person(doc.as_table_mut(), "owner", from, to).into_iter().collect();
    let owner_is_to = doc.get("owner").and_then(Item::as_str) == Some(to);
    let Some(team) = doc.get_mut("team") else { return changes };
    let who = |t: &dyn toml_edit::TableLike| t.get("who").and_then(Item::as_str).map(String::from);
    let mut seats: Vec<Option<String>> = Vec::new();
    if let Some(array) = team.as_array() {
        seats = array.iter().map(|v| v.as_inline_table().and_then(|t| who(t))).collect();
    } else if let Some(tables) = team.as_array_of_tables() {
        seats = tables.iter().map(|t| who(t)).collect();
    }
    let to_present = owner_is_to || seats.iter().any(|s| s.as_deref() == Some(to));
    let Some(index) = seats.iter().position(|s| s.as_deref() == Some(from)) else { return changes };
    if to_present {
        if let Some(array) = team.as_array_mut() {
            array.remove(index);
        } else if let Some(tables) = team.as_array_of_tables_mut() {
            tables.remove(index);
        }
        changes.push(format!("- team {from} ({to} is already on the account)"));
    } else {
        let seat: Option<&mut dyn toml_edit::TableLike> = match team {
            Item::Value(Value::Array(array)) => {
                array.get_mut(index).and_then(Value::as_inline_table_mut).map(|t| t as &mut dyn toml_edit::TableLike)
            }
            Item::ArrayOfTables(tables) => tables.get_mut(index).map(|t| t as &mut dyn toml_edit::TableLike),
            _ => None,
        };
        if let Some(seat) = seat
            && set_person(seat, "who", from, to).is_some()
        {
            changes.push(format!("team: {from} → {to}"));
        }
    }
    changes
}

/// The plan: `who` of open actions.
fn edit_actions(doc: &mut DocumentMut, from: &str, to: &str) -> Vec<String> {
    let mut changes = Vec::new();
    if let Some(actions) = doc.get_mut("action").and_then(Item::as_array_of_tables_mut) {
        for action in actions.iter_mut() {
            if action.get("done").and_then(Item::as_bool) == Some(true) {
                continue;
            }
            let what = action.get("what").and_then(Item::as_str).unwrap_or("").to_string();
            if set_person(action, "who", from, to).is_some() {
                changes.push(format!("action \"{what}\": who {from} → {to}"));
            }
        }
    }
    changes
}

/// An interaction's open next step: its `who`, or, when it names nobody and `from` took
/// part, a `who = to` added so the promise has an owner.
fn edit_next(doc: &mut DocumentMut, from: &str, to: &str) -> Vec<String> {
    let (what, change) = match doc.get_mut("next") {
        Some(Item::Table(t)) => (title(t), next_who(t, from, to)),
        Some(Item::Value(Value::InlineTable(t))) => {
            if t.get("who").is_none() {
                // The new pair goes last: the space before the closing brace moves with it.
                if let Some((_, last)) = t.iter_mut().last() {
                    last.decor_mut().set_suffix("");
                }
                t.insert("who", Value::from(to).decorated(" ", " "));
                (title(t), Some(format!("who {to} (was {from}'s as a participant)")))
            } else {
                let change = next_who(t, from, to);
                (title(t), change)
            }
        }
        _ => return Vec::new(),
    };
    change.map(|c| format!("next \"{what}\": {c}")).into_iter().collect()
}

fn title(t: &dyn toml_edit::TableLike) -> String {
    t.get("what").and_then(Item::as_str).unwrap_or("").to_string()
}

fn next_who(t: &mut dyn toml_edit::TableLike, from: &str, to: &str) -> Option<String> {
    if t.get("who").is_some() {
        return set_person(t, "who", from, to).map(|_| format!("who {from} → {to}"));
    }
    t.insert("who", Item::Value(Value::from(to)));
    Some(format!("who {to} (was {from}'s as a participant)"))
}

/// The commit message of a handover, with the trailers of SPEC section 5.
pub fn commit_message(from: &str, to: &str, accounts: &[String]) -> String {
    let mut message = format!(
        "Hand over {} account{} from {from} to {to}\n\n",
        accounts.len(),
        if accounts.len() == 1 { "" } else { "s" }
    );
    for a in accounts {
        message.push_str(&format!("Kam-Account: {a}\n"));
    }
    message.push_str(&format!("Kam-Handover: {from} -> {to}\n"));
    message
}
