//! From CSV records to rows with an outcome: each cell converted, the row's account and
//! references resolved, duplicates found (against the book and the rows before), ids
//! chosen, and the new file rendered.
//!
//! A duplicate is skipped whatever else is wrong with the row, so importing the same
//! export twice creates nothing the second time. Every other problem rejects the row,
//! and a rejected row makes the command refuse the whole import.

use super::columns::{Columns, Kind};
use super::convert::{Cell, convert};
use super::document::{Values, render};
use super::preset::translate;
use super::{Entity, Request, Row, Status};
use crate::diag::suggestion;
use crate::error::KamError;
use crate::model::id::{self, normalise_space};
use crate::model::words::Word;
use crate::model::{Account, Book};
use std::collections::{HashMap, HashSet};

/// One CSV record and the line it starts on.
#[derive(Debug)]
pub struct Record {
    pub line: u64,
    pub cells: Vec<String>,
}

/// The records of `text`, header included. Quoted fields may hold commas, quotes and line
/// breaks; a record's line is the line it starts on, counting those breaks.
pub fn records(text: &str, file_name: &str) -> Result<Vec<Record>, KamError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| KamError::data(format!("{file_name}: cannot read the CSV: {e}")))?;
        // csv's own line count lags behind quoted line breaks; count from the byte offset,
        // past any blank lines the reader skipped.
        let start = record.position().map_or(0, |p| p.byte() as usize).min(text.len());
        let start = start + text.as_bytes()[start..].iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        let line = text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        out.push(Record { line, cells: record.iter().map(str::to_string).collect() });
    }
    Ok(out)
}

/// The comparison form of a name: trimmed, whitespace runs as one space, lowercase.
fn name_key(name: &str) -> String {
    normalise_space(name).to_lowercase()
}

/// What is known about a row once its values are read, before its id is chosen.
struct Draft {
    values: Values,
    /// The row's account (for accounts: none yet).
    account: Option<String>,
    /// The duplicate key and how to say what matched ("same name").
    dup_key: Option<(String, &'static str)>,
    /// The id asked for by an `id` column, or the id to derive one from.
    explicit_id: Option<String>,
    base_id: String,
}

/// Plans every data record.
pub fn plan_rows(
    book: &Book,
    req: &Request<'_>,
    columns: &Columns,
    header_len: usize,
    records: &[Record],
    exists: &dyn Fn(&str) -> bool,
) -> Vec<Row> {
    let existing = existing_keys(book, req.entity);
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut rows = Vec::new();
    let mut drafts: Vec<Option<Values>> = Vec::new();
    for record in records {
        if record.cells.iter().all(|c| c.trim().is_empty()) {
            continue; // blank lines and the `,,,,` rows spreadsheets leave at the end
        }
        let mut reasons = Vec::new();
        if record.cells.len() > header_len && record.cells[header_len..].iter().any(|c| !c.trim().is_empty()) {
            reasons.push(format!("{} cells, but the header has {header_len} columns", record.cells.len()));
        }
        let before = reasons.len();
        let values = read_values(book, columns, &record.cells, &mut reasons);
        let unreadable = reasons.len() > before;
        let draft = draft(book, req, values, unreadable, &mut reasons);
        let mut row = Row {
            line: record.line,
            status: Status::Rejected,
            id: None,
            path: None,
            account: None,
            content: None,
            reasons: Vec::new(),
        };
        if let Some((key, what)) = draft.as_ref().and_then(|d| d.dup_key.as_ref()) {
            let earlier = existing.get(key).map(|e| format!("{what} as {e}"));
            let earlier = earlier.or_else(|| seen.get(key).map(|line| format!("{what} as row {line}")));
            if let Some(reason) = earlier {
                row.status = Status::Duplicate;
                row.reasons.push(reason);
                rows.push(row);
                drafts.push(None);
                continue;
            }
        }
        let Some(draft) = draft.filter(|_| reasons.is_empty()) else {
            row.reasons = reasons;
            rows.push(row);
            drafts.push(None);
            continue;
        };
        let account = draft.account.as_deref();
        let place = |id: &str| match (req.entity, account) {
            (Entity::Accounts, _) => (format!("accounts/{id}"), format!("accounts/{id}/account.toml")),
            (Entity::Contacts, Some(a)) => (String::new(), format!("accounts/{a}/contacts/{id}.toml")),
            (Entity::Interactions, Some(a)) => (String::new(), format!("accounts/{a}/interactions/{id}.toml")),
            (_, a) => (String::new(), format!("accounts/{}/opportunities/{id}.toml", a.unwrap_or_default())),
        };
        let taken = |id: &str| {
            let (dir, path) = place(id);
            used.contains(&path) || exists(&path) || (!dir.is_empty() && (exists(&dir) || book.account(id).is_some()))
        };
        let id = match &draft.explicit_id {
            Some(id) if taken(id) => {
                row.reasons.push(format!("id `{id}` is already used ({})", place(id).1));
                rows.push(row);
                drafts.push(None);
                continue;
            }
            Some(id) => id.clone(),
            None => id::unique(&draft.base_id, taken),
        };
        let path = place(&id).1;
        used.insert(path.clone());
        if let Some((key, _)) = &draft.dup_key {
            seen.insert(key.clone(), record.line);
        }
        row.status = Status::New;
        row.account = Some(draft.account.clone().unwrap_or_else(|| id.clone()));
        row.id = Some(id);
        row.path = Some(path);
        rows.push(row);
        drafts.push(Some(draft.values));
    }
    if req.entity == Entity::Accounts {
        resolve_parents(book, &mut rows, &mut drafts);
    }
    for (row, values) in rows.iter_mut().zip(drafts) {
        if let (Status::New, Some(values)) = (row.status, values) {
            row.content = Some(render(req.entity, &values));
        }
    }
    rows
}

/// Converts the mapped cells of a record. A single-valued field takes its first
/// non-empty column; a list field collects every column's items.
fn read_values(book: &Book, columns: &Columns, cells: &[String], reasons: &mut Vec<String>) -> Values {
    let mut values = Values::default();
    for m in &columns.mappings {
        let raw = cells.get(m.column).map_or("", |c| c.trim());
        if raw.is_empty() {
            continue;
        }
        let raw = match m.translation.and_then(|t| translate(t, raw)) {
            Some(Some(word)) => word,
            Some(None) => continue,
            None => raw,
        };
        let list = matches!(m.field.kind, Kind::Texts | Kind::Words(_) | Kind::People | Kind::References);
        if !list && values.get(m.field.name).is_some() {
            continue;
        }
        match convert(m.field.kind, raw, &book.config) {
            Ok(Cell::List(items)) => {
                let mut all = values.list(m.field.name).to_vec();
                all.extend(items.into_iter().filter(|i| !values.list(m.field.name).contains(i)));
                values.set(m.field.name, Cell::List(all));
            }
            Ok(cell) => values.set(m.field.name, cell),
            Err(reason) => reasons.push(format!("{}: {reason}", m.header)),
        }
    }
    values
}

/// The duplicate keys of what the book already has, with how to name each.
fn existing_keys(book: &Book, entity: Entity) -> HashMap<String, String> {
    let mut out = HashMap::new();
    match entity {
        Entity::Accounts => {
            for a in &book.accounts {
                out.entry(name_key(&a.name)).or_insert_with(|| format!("account `{}`", a.id));
            }
        }
        Entity::Contacts => {
            for (a, c) in book.contacts() {
                if let Some(email) = &c.email {
                    out.entry(email.trim().to_lowercase()).or_insert_with(|| format!("contact `{}/{}`", a.id, c.id));
                }
            }
        }
        Entity::Interactions => {
            for (a, i) in book.interactions() {
                let key = interaction_key(&a.id, &i.date.value.to_string(), i.kind.as_str(), i.summary.as_deref());
                out.entry(key).or_insert_with(|| format!("interaction `{}/{}`", a.id, i.id));
            }
        }
        Entity::Opportunities => {
            for (a, o) in book.opportunities() {
                out.entry(format!("{}|{}", a.id, name_key(&o.name)))
                    .or_insert_with(|| format!("opportunity `{}/{}`", a.id, o.id));
            }
        }
    }
    out
}

fn interaction_key(account: &str, date: &str, kind: &str, summary: Option<&str>) -> String {
    format!("{account}|{date}|{kind}|{}", name_key(summary.unwrap_or_default()))
}

/// Works out the row's account, name, duplicate key and id; `None` when the row cannot
/// get as far (the reasons say why). After `unreadable` cells, a missing value is not
/// reported again: it is most likely the cell that could not be read.
fn draft(
    book: &Book,
    req: &Request<'_>,
    mut values: Values,
    unreadable: bool,
    reasons: &mut Vec<String>,
) -> Option<Draft> {
    let explicit_id = values.remove("id").and_then(|c| match c {
        Cell::Text(s) => Some(s),
        _ => None,
    });
    if req.entity == Entity::Contacts {
        join_name(&mut values);
    }
    let name = values.text("name").map(str::to_string);
    let needs_name = req.entity != Entity::Interactions;
    if needs_name && name.is_none() && !unreadable {
        reasons.push("no name".to_string());
    }
    let account = match req.entity {
        Entity::Accounts => None,
        _ => Some(row_account(book, req, &mut values, reasons)?),
    };
    let account_ref = account.and_then(|id| book.account(id));
    let (dup_key, base_id) = match req.entity {
        Entity::Accounts => {
            let name = name?;
            if values.text("owner").is_none() && values.text("status") != Some("prospect") && !unreadable {
                reasons.push("no owner: an account needs one unless its status is prospect".to_string());
            }
            (Some((name_key(&name), "same name")), id::from_name("acct", &name))
        }
        Entity::Contacts => {
            let name = name?;
            let email = values.text("email").map(|e| e.trim().to_lowercase());
            let from_email = email.as_deref().and_then(|e| id::slug(e.split('@').next().unwrap_or_default()));
            let base = id::slug(&name).or(from_email).unwrap_or_else(|| id::from_name("contact", &name));
            (email.map(|e| (e, "same email")), base)
        }
        Entity::Interactions => {
            let a = account_ref?;
            interaction_checks(&mut values, a, unreadable, reasons);
            let date = values.get("date").and_then(|c| match c {
                Cell::Date(d) => Some(d.to_string()),
                _ => None,
            });
            let kind = values.text("kind").map(str::to_string);
            let (date, kind) = (date?, kind?);
            let key = interaction_key(&a.id, &date, &kind, values.text("summary"));
            (Some((key, "same date, kind and summary")), format!("{date}-{kind}"))
        }
        Entity::Opportunities => {
            let (a, name) = (account_ref?, name?);
            if values.text("stage").is_none() && !unreadable {
                reasons.push("no stage".to_string());
            }
            resolve_contacts(&mut values, "contacts", a, reasons);
            (Some((format!("{}|{}", a.id, name_key(&name)), "same name")), id::from_name("opp", &name))
        }
    };
    Some(Draft { values, account: account.map(str::to_string), dup_key, explicit_id, base_id })
}

/// `first_name` and `last_name` into `name` when there is none: "Jun Wang", but "王军"
/// (family name first, no space) when neither part has a Latin letter.
fn join_name(values: &mut Values) {
    let first = values.remove("first_name");
    let last = values.remove("last_name");
    if values.text("name").is_some() {
        return;
    }
    let text = |c: Option<Cell>| match c {
        Some(Cell::Text(s)) => Some(s),
        _ => None,
    };
    let name = match (text(first), text(last)) {
        (Some(f), Some(l)) if !f.chars().chain(l.chars()).any(|c| c.is_ascii_alphabetic()) => format!("{l}{f}"),
        (Some(f), Some(l)) => format!("{f} {l}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => return,
    };
    values.set("name", Cell::Text(name));
}

/// The account of a contact, interaction or opportunity row: `--account`, else the
/// `account_id` column, else the account whose name is the `account` column's (case and
/// spacing aside).
fn row_account<'b>(
    book: &'b Book,
    req: &Request<'_>,
    values: &mut Values,
    reasons: &mut Vec<String>,
) -> Option<&'b str> {
    let by_id = values.remove("account_id");
    let by_name = values.remove("account");
    if let Some(id) = req.account {
        return book.account(id).map(|a| a.id.as_str());
    }
    if let Some(Cell::Text(id)) = by_id {
        if let Some(a) = book.account(&id) {
            return Some(&a.id);
        }
        reasons.push(format!("no account `{id}`{}", suggestion(&id, book.account_ids())));
        return None;
    }
    let Some(Cell::Text(name)) = by_name else {
        reasons.push("no account name".to_string());
        return None;
    };
    let key = name_key(&name);
    let matches: Vec<&Account> = book.accounts.iter().filter(|a| name_key(&a.name) == key).collect();
    match matches.as_slice() {
        [one] => Some(&one.id),
        [] => {
            let names = book.accounts.iter().map(|a| a.name.value.as_str());
            reasons.push(format!("no account named `{name}`{}", suggestion(&name, names)));
            None
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|a| a.id.as_str()).collect();
            reasons.push(format!("{} accounts are named `{name}` ({}); give --account ID", many.len(), ids.join(", ")));
            None
        }
    }
}

/// Contacts of `account` named in the list field `field`, by id, name or email, as ids.
fn resolve_contacts(values: &mut Values, field: &'static str, account: &Account, reasons: &mut Vec<String>) {
    let names = values.list(field).to_vec();
    if names.is_empty() {
        return;
    }
    let mut ids = Vec::new();
    for n in names {
        let key = name_key(&n);
        let found = account.contacts.iter().find(|c| {
            c.id == n || name_key(&c.name) == key || c.email.as_ref().is_some_and(|e| e.trim().to_lowercase() == key)
        });
        match found {
            Some(c) => ids.push(c.id.to_string()),
            None => {
                let candidates = account.contacts.iter().map(|c| c.id.as_str());
                reasons.push(format!("`{n}` is not a contact of `{}`{}", account.id, suggestion(&n, candidates)));
            }
        }
    }
    values.set(field, Cell::List(ids));
}

/// What an interaction row needs beyond its cells: date, kind and `by`; an amount on
/// orders and payments, a score on surveys; its contacts and opportunity resolved.
fn interaction_checks(values: &mut Values, account: &Account, unreadable: bool, reasons: &mut Vec<String>) {
    for required in ["date", "kind", "by"] {
        if values.get(required).is_none() && !unreadable {
            reasons.push(format!("no `{required}`"));
        }
    }
    match values.text("kind") {
        Some("order" | "payment") if values.get("amount").is_none() => {
            reasons.push("an order or payment needs an amount".to_string());
        }
        Some("survey") if values.get("score").is_none() => reasons.push("a survey needs a score".to_string()),
        _ => {}
    }
    let next_without_what = ["next.due", "next.who", "next.done"].iter().any(|k| values.get(k).is_some());
    if next_without_what && values.get("next.what").is_none() {
        reasons.push("a next step needs `next.what`".to_string());
    }
    resolve_contacts(values, "with", account, reasons);
    if let Some(name) = values.text("opportunity").map(str::to_string) {
        let key = name_key(&name);
        match account.opportunities.iter().find(|o| o.id == name || name_key(&o.name) == key) {
            Some(o) => values.set("opportunity", Cell::Text(o.id.to_string())),
            None => {
                let ids = account.opportunities.iter().map(|o| o.id.as_str());
                reasons.push(format!("`{name}` is not an opportunity of `{}`{}", account.id, suggestion(&name, ids)));
            }
        }
    }
}

/// `parent` of new accounts: an existing account by id or name, or an account of this
/// import by name. A parent that is nowhere rejects its row.
fn resolve_parents(book: &Book, rows: &mut [Row], drafts: &mut [Option<Values>]) {
    let mut new_by_name: HashMap<String, String> = HashMap::new();
    for (row, values) in rows.iter().zip(drafts.iter()) {
        if let (Some(id), Some(name)) = (&row.id, values.as_ref().and_then(|v| v.text("name"))) {
            new_by_name.entry(name_key(name)).or_insert_with(|| id.clone());
        }
    }
    for (row, values) in rows.iter_mut().zip(drafts.iter_mut()) {
        let Some(values) = values else { continue };
        let Some(parent) = values.text("parent").map(str::to_string) else { continue };
        let key = name_key(&parent);
        let found = book
            .account(&parent)
            .map(|a| a.id.to_string())
            .or_else(|| book.accounts.iter().find(|a| name_key(&a.name) == key).map(|a| a.id.to_string()))
            .or_else(|| new_by_name.get(&key).cloned());
        match found {
            Some(id) => values.set("parent", Cell::Text(id)),
            None => {
                row.status = Status::Rejected;
                row.reasons.push(format!("parent `{parent}` is no account of the book or of this file"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines count from the header (line 1); a quoted line break moves the next record
    /// down; CRLF is one line end.
    #[test]
    fn records_start_on_their_own_lines() {
        let text = "name,notes\r\nA,\"one\r\ntwo\"\r\nB,x\r\n\r\nC,\"a,b\"\n";
        let got: Vec<(u64, Vec<String>)> = records(text, "f").unwrap().into_iter().map(|r| (r.line, r.cells)).collect();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            got,
            vec![(1, s(&["name", "notes"])), (2, s(&["A", "one\r\ntwo"])), (4, s(&["B", "x"])), (6, s(&["C", "a,b"])),]
        );
    }

    #[test]
    fn names_from_their_parts() {
        let joined = |first: &str, last: &str| {
            let mut v = Values::default();
            v.set("first_name", Cell::Text(first.into()));
            v.set("last_name", Cell::Text(last.into()));
            join_name(&mut v);
            v.text("name").map(str::to_string)
        };
        assert_eq!(joined("Jun", "Wang").as_deref(), Some("Jun Wang"));
        assert_eq!(joined("军", "王").as_deref(), Some("王军"));
    }
}
