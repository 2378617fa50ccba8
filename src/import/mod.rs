//! Importing a CRM export (CSV) as new entity files: every row becomes one new account,
//! contact, interaction or opportunity file, is skipped as a duplicate of one that exists,
//! or is rejected with its reasons.
//!
//! `plan` does everything but write: it decodes the file (`decode`), maps its columns to
//! kam fields (`columns`, with the CRM layouts of `preset`), converts each cell
//! (`convert`), resolves references and duplicates and chooses ids (`rows`), and renders
//! each new file with `toml_edit` (`document`). The command validates the book as it
//! would be after the import and writes all files or none; this module never touches the
//! disk (it is told which paths exist).

pub mod columns;
pub mod convert;
pub mod decode;
pub mod document;
pub mod preset;
pub mod rows;

use crate::diag::Diagnostic;
use crate::error::KamError;
use crate::model::Book;
pub use decode::Encoding;
pub use preset::Preset;
use std::fmt;

/// The kind of entity a file holds, one per import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    Accounts,
    Contacts,
    Interactions,
    Opportunities,
}

impl Entity {
    /// "3 accounts", "1 opportunity".
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            Entity::Accounts => ("account", "accounts"),
            Entity::Contacts => ("contact", "contacts"),
            Entity::Interactions => ("interaction", "interactions"),
            Entity::Opportunities => ("opportunity", "opportunities"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Entity::Accounts => "accounts",
            Entity::Contacts => "contacts",
            Entity::Interactions => "interactions",
            Entity::Opportunities => "opportunities",
        })
    }
}

/// What to import and how.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub entity: Entity,
    pub preset: Option<Preset>,
    /// `--map COLUMN=FIELD`, parsed (`None`: ignore the column).
    pub maps: &'a [(String, Option<String>)],
    /// `--account ID`: the account of every row (contacts, interactions, opportunities).
    pub account: Option<&'a str>,
    pub encoding: Option<Encoding>,
    /// The file's name, for messages.
    pub file_name: &'a str,
}

/// What becomes of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    New,
    Duplicate,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Duplicate => "duplicate",
            Status::Rejected => "rejected",
        }
    }
}

/// One data row of the file: its line (the header is line 1; a row spanning lines counts
/// from its first), and what becomes of it.
#[derive(Clone, Debug)]
pub struct Row {
    pub line: u64,
    pub status: Status,
    /// The new entity's id and file (for new rows).
    pub id: Option<String>,
    pub path: Option<String>,
    /// The account the new file belongs to (for new rows).
    pub account: Option<String>,
    /// The new file's content (for new rows).
    pub content: Option<String>,
    /// Why a row is a duplicate or rejected.
    pub reasons: Vec<String>,
}

/// The outcome of an import, before anything is written.
#[derive(Debug)]
pub struct Plan {
    pub entity: Entity,
    pub rows: Vec<Row>,
    /// Headers that feed no field.
    pub ignored: Vec<String>,
    /// The encoding the file was read with, when not UTF-8.
    pub encoding: Option<&'static str>,
}

impl Plan {
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// The new files: (path, content), in row order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.rows
            .iter()
            .filter(|r| r.status == Status::New)
            .filter_map(|r| Some((r.path.as_deref()?, r.content.as_deref()?)))
    }

    /// The accounts that get new files, sorted, once each.
    pub fn accounts(&self) -> Vec<&str> {
        let mut out: Vec<&str> =
            self.rows.iter().filter(|r| r.status == Status::New).filter_map(|r| r.account.as_deref()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Rejects the new rows whose files `diags` (the errors the import would introduce)
    /// are about, with each diagnostic as a reason.
    pub fn reject_introduced(&mut self, diags: &[Diagnostic]) {
        for row in &mut self.rows {
            let Some(path) = &row.path else { continue };
            for d in diags.iter().filter(|d| &d.path == path) {
                row.status = Status::Rejected;
                row.reasons.push(format!("{}[{}]: {}", d.severity, d.code, d.message));
            }
        }
    }
}

/// Works out what importing `bytes` would do to `book`. `exists` says whether a path
/// (relative to the book's root, file or directory) exists, so new ids never land on
/// something already there.
pub fn plan(book: &Book, bytes: &[u8], req: &Request<'_>, exists: &dyn Fn(&str) -> bool) -> Result<Plan, KamError> {
    if req.preset.is_some() && req.entity == Entity::Interactions {
        return Err(KamError::usage("the presets know no interaction export; map the columns with --map COLUMN=FIELD"));
    }
    if req.account.is_some() && req.entity == Entity::Accounts {
        return Err(KamError::usage("--account names the account of contacts, interactions or opportunities"));
    }
    if let Some(account) = req.account
        && book.account(account).is_none()
    {
        return Err(KamError::usage(format!(
            "no account `{account}`{}",
            crate::diag::suggestion(account, book.account_ids())
        )));
    }
    let decoded = decode::decode(bytes, req.encoding, req.file_name)?;
    let records = rows::records(&decoded.text, req.file_name)?;
    let Some((header, data)) = records.split_first() else {
        return Err(KamError::data(format!("{} is empty: it has no header row", req.file_name)));
    };
    let columns = columns::resolve(req.entity, &header.cells, req.maps, req.preset)?;
    if req.entity != Entity::Accounts
        && req.account.is_none()
        && !columns.mappings.iter().any(|m| matches!(m.field.name, "account" | "account_id"))
    {
        return Err(KamError::usage("the rows need an account: no column feeds `account` or `account_id`")
            .with_hint("map the account name column (--map \"Company=account\") or give --account ID for every row"));
    }
    let rows = rows::plan_rows(book, req, &columns, header.cells.len(), data, exists);
    Ok(Plan { entity: req.entity, rows, ignored: columns.ignored, encoding: decoded.encoding })
}

/// `Import 3 accounts from FILE` with a `Kam-Account:` trailer per account touched.
pub fn commit_message(plan: &Plan, file_name: &str) -> String {
    let mut message = format!("Import {} from {file_name}\n\n", plan.entity.count(plan.count(Status::New)));
    for account in plan.accounts() {
        message.push_str(&format!("Kam-Account: {account}\n"));
    }
    message
}
