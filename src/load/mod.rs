//! Loading: from a `Source`'s files to a `Book` plus the diagnostics found on the way.
//!
//! Each file is classified by its path (SPEC section 1's layout), decoded (binary and
//! UTF-8 guards, byte-order mark), parsed with positions, and read into its model type —
//! in parallel, since files are independent. Nothing here needs `today` or the whole
//! book: cross-file checks live in `check`.

pub mod reader;

use crate::diag::{Diagnostic, LineIndex};
use crate::error::{KamError, Result};
use crate::model::config::SCHEMA_VERSION;
use crate::model::{Account, Book, Config, Contact, FilePath, Interaction, Opportunity, Plan, Symbol, id};
use crate::progress::Progress;
use crate::source::{RawFile, Source};
use chrono::NaiveDate;
use rayon::prelude::*;
use reader::{FileCtx, TableReader};
use std::collections::{BTreeMap, HashMap};

/// What a path is, by SPEC section 1's layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    Config,
    Account {
        account: String,
    },
    Plan {
        account: String,
    },
    Contact {
        account: String,
        id: String,
    },
    Interaction {
        account: String,
        id: String,
        date: Option<NaiveDate>,
    },
    Opportunity {
        account: String,
        id: String,
    },
    /// A `.toml` file where the layout has none.
    Misplaced,
    /// Any other file under `accounts/`.
    Stray,
}

impl FileKind {
    pub fn account(&self) -> Option<&str> {
        match self {
            FileKind::Account { account }
            | FileKind::Plan { account }
            | FileKind::Contact { account, .. }
            | FileKind::Interaction { account, .. }
            | FileKind::Opportunity { account, .. } => Some(account),
            _ => None,
        }
    }
}

pub fn classify(path: &str) -> FileKind {
    if path == "kam.toml" {
        return FileKind::Config;
    }
    let parts: Vec<&str> = path.split('/').collect();
    let Some(stem) = parts.last().and_then(|f| f.strip_suffix(".toml")) else {
        return FileKind::Stray;
    };
    let account = parts.get(1).map(|a| a.to_string()).unwrap_or_default();
    match parts.as_slice() {
        ["accounts", _, "account.toml"] => FileKind::Account { account },
        ["accounts", _, "plan.toml"] => FileKind::Plan { account },
        ["accounts", _, "contacts", _] => FileKind::Contact { account, id: stem.to_string() },
        ["accounts", _, "opportunities", _] => FileKind::Opportunity { account, id: stem.to_string() },
        ["accounts", _, "interactions", _] => {
            let date = stem.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            FileKind::Interaction { account, id: stem.to_string(), date }
        }
        _ => FileKind::Misplaced,
    }
}

/// The result of loading: the book, every diagnostic met while reading files, and how
/// many files could not be used at all.
pub struct Loaded {
    pub book: Book,
    pub diags: Vec<Diagnostic>,
    pub skipped: usize,
    pub files: usize,
}

enum Parsed {
    Config(Box<Config>),
    Account(Box<Account>),
    Plan(String, Plan),
    Contact(Contact),
    Interaction(Interaction),
    Opportunity(Opportunity),
    Nothing,
}

impl Parsed {
    /// Gives the entity its file's path, kept as a `FilePath` that shares the entity's id.
    fn set_path(&mut self, path: String) {
        match self {
            Parsed::Account(a) => a.path = FilePath::new(&path, &a.id),
            Parsed::Plan(_, p) => p.path = FilePath::new(&path, &Symbol::default()),
            Parsed::Contact(c) => c.path = FilePath::new(&path, &c.id),
            Parsed::Interaction(i) => i.path = FilePath::new(&path, &i.id),
            Parsed::Opportunity(o) => o.path = FilePath::new(&path, &o.id),
            Parsed::Config(_) | Parsed::Nothing => {}
        }
    }

    /// The account of a contact, interaction or opportunity, and which of the three it is.
    fn member_of(&self) -> Option<(&str, usize)> {
        match self {
            Parsed::Contact(c) => Some((&c.account, 0)),
            Parsed::Interaction(i) => Some((&i.account, 1)),
            Parsed::Opportunity(o) => Some((&o.account, 2)),
            _ => None,
        }
    }
}

struct FileResult {
    parsed: Parsed,
    diags: Vec<Diagnostic>,
    /// The file could not be parsed at all (encoding, syntax).
    unusable: bool,
}

/// Decodes a file's bytes: refuses binary files and invalid UTF-8, drops a byte-order mark.
fn decode(file: &RawFile) -> std::result::Result<&str, Diagnostic> {
    let bytes = &file.bytes;
    if bytes.contains(&0) {
        return Err(Diagnostic::new("E004", &file.path, None, "binary file (contains NUL bytes); skipped"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            // The prefix is valid UTF-8 by definition of `valid_up_to`. A byte-order mark is
            // not a column, as for every other diagnostic.
            let text = std::str::from_utf8(valid).unwrap_or_default();
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let pos = LineIndex::new(text).pos(text, text.len());
            let byte = bytes.get(err.valid_up_to()).copied().unwrap_or(0);
            let msg = format!("file is not valid UTF-8 (invalid byte 0x{byte:02X}); save it as UTF-8");
            Err(Diagnostic::new("E002", &file.path, Some(pos), msg))
        }
    }
}

fn parse_file(file: &RawFile, kind: &FileKind) -> FileResult {
    let nothing = |diags, unusable| FileResult { parsed: Parsed::Nothing, diags, unusable };
    match kind {
        FileKind::Stray => {
            let msg = "stray file ignored: only .toml files in the layout of SPEC section 1 belong under accounts/";
            return nothing(vec![Diagnostic::new("W401", &file.path, None, msg)], false);
        }
        FileKind::Misplaced => {
            let msg = "file in the wrong place: an account directory holds account.toml, plan.toml, and contacts/, interactions/, opportunities/ with one .toml file per entity";
            return nothing(vec![Diagnostic::new("E301", &file.path, None, msg)], true);
        }
        _ => {}
    }
    let text = match decode(file) {
        Ok(t) => t,
        Err(d) => return nothing(vec![d], true),
    };
    let mut ctx = FileCtx::new(&file.path, text);
    let table = match toml::de::DeTable::parse(text) {
        Ok(t) => t,
        Err(err) => {
            let pos = err.span().map(|s| ctx.pos(s));
            let message = err.message().trim().replace('\n', "; ");
            ctx.report("E001", pos, format!("invalid TOML: {message}"));
            return nothing(ctx.diags, true);
        }
    };
    let span = table.span();
    let mut r = TableReader::new(table.get_ref(), span, String::new(), &mut ctx);
    let parsed = match kind {
        FileKind::Config => Parsed::Config(Box::new(Config::read(&mut r))),
        FileKind::Account { account } => {
            let mut a = Account::read(&mut r);
            a.id = account.into();
            Parsed::Account(Box::new(a))
        }
        FileKind::Plan { account } => {
            let p = Plan::read(&mut r);
            Parsed::Plan(account.clone(), p)
        }
        FileKind::Contact { account, id } => {
            let mut c = Contact::read(&mut r);
            c.id = id.into();
            c.account = account.into();
            Parsed::Contact(c)
        }
        FileKind::Interaction { account, id, date } => match Interaction::read(&mut r, *date) {
            Some(mut i) => {
                i.id = Symbol::new(id);
                i.account = account.into();
                Parsed::Interaction(i)
            }
            None => Parsed::Nothing,
        },
        FileKind::Opportunity { account, id } => {
            let mut o = Opportunity::read(&mut r);
            o.id = id.into();
            o.account = account.into();
            Parsed::Opportunity(o)
        }
        FileKind::Stray | FileKind::Misplaced => Parsed::Nothing,
    };
    r.finish();
    FileResult { parsed, diags: ctx.diags, unusable: false }
}

/// Layout checks that need only the path: ids and interaction file names.
fn layout_diags(path: &str, kind: &FileKind, out: &mut Vec<Diagnostic>) {
    let check_id = |what: &str, id: &str, out: &mut Vec<Diagnostic>| {
        if !id::is_valid(id) {
            let msg = format!("invalid {what} id `{id}`: {}", id::problem(id));
            out.push(Diagnostic::new("E302", path, None, msg));
        }
    };
    match kind {
        FileKind::Account { account } | FileKind::Plan { account } => check_id("account", account, out),
        FileKind::Contact { id, .. } => check_id("contact", id, out),
        FileKind::Opportunity { id, .. } => check_id("opportunity", id, out),
        FileKind::Interaction { id, date, .. } => {
            let slug = id.get(11..).unwrap_or("");
            if date.is_none() || id.as_bytes().get(10) != Some(&b'-') || !id::is_valid(slug) {
                let msg = format!("interaction file name `{id}.toml` must be `<YYYY-MM-DD>-<slug>.toml`");
                out.push(Diagnostic::new("E302", path, None, msg));
            }
        }
        _ => {}
    }
}

/// Loads a book from `source`. Fails only when the repository itself cannot be read (no
/// `kam.toml`, a schema newer than this kam); problems in files become diagnostics and
/// the rest of the book still loads.
pub fn load(source: &dyn Source) -> Result<Loaded> {
    let snap = source.snapshot()?;
    let mut diags = snap.diags;
    let mut skipped = snap.skipped;
    let files = snap.files.len() + skipped;
    if !snap.files.iter().any(|f| classify(&f.path) == FileKind::Config) {
        // A kam.toml that is there but could not be read says why.
        if let Some(d) = diags.iter().find(|d| d.path == "kam.toml") {
            return Err(KamError::env(format!("kam.toml: {}", d.message)));
        }
        return Err(KamError::env(format!("no kam.toml in the {}", source.describe())));
    }
    // Each file's bytes are dropped as soon as it is parsed, and its entity keeps the path
    // as parts it shares: a large book's memory is mostly its entities, so nothing is held
    // twice.
    let progress = Progress::start("parsing files", Some(snap.files.len() as u64), "files");
    let mut results: Vec<(FileKind, FileResult)> = snap
        .files
        .into_par_iter()
        .map(|file| {
            let kind = classify(&file.path);
            let mut r = parse_file(&file, &kind);
            layout_diags(&file.path, &kind, &mut r.diags);
            r.parsed.set_path(file.path);
            progress.inc(1);
            (kind, r)
        })
        .collect();
    drop(progress);

    let mut config = None;
    let mut accounts: BTreeMap<Symbol, Account> = BTreeMap::new();
    let mut seen_accounts: std::collections::BTreeSet<String> = Default::default();
    for (kind, result) in &mut results {
        if let Some(a) = kind.account()
            && !seen_accounts.contains(a)
        {
            seen_accounts.insert(a.to_string());
        }
        if result.unusable {
            skipped += 1;
        }
        diags.append(&mut result.diags);
        match std::mem::replace(&mut result.parsed, Parsed::Nothing) {
            Parsed::Config(c) => config = Some(*c),
            Parsed::Account(a) => {
                accounts.insert(a.id.clone(), *a);
            }
            other => result.parsed = other,
        }
    }
    // Each account's contacts, interactions and opportunities go straight into it, in the
    // order read, into vectors sized first.
    let mut sizes: HashMap<String, [usize; 3]> = HashMap::new();
    for (_, result) in &results {
        if let Some((account, slot)) = result.parsed.member_of() {
            match sizes.get_mut(account) {
                Some(size) => size[slot] += 1,
                None => {
                    let mut size = [0; 3];
                    size[slot] = 1;
                    sizes.insert(account.to_string(), size);
                }
            }
        }
    }
    for (id, a) in &mut accounts {
        if let Some([contacts, interactions, opportunities]) = sizes.get(id.as_str()) {
            a.contacts.reserve_exact(*contacts);
            a.interactions.reserve_exact(*interactions);
            a.opportunities.reserve_exact(*opportunities);
        }
    }
    for (_, result) in results {
        match result.parsed {
            Parsed::Plan(account, plan) => {
                if let Some(a) = accounts.get_mut(account.as_str()) {
                    a.plan = Some(plan);
                }
            }
            Parsed::Contact(c) => {
                if let Some(a) = accounts.get_mut(&c.account) {
                    a.contacts.push(c);
                }
            }
            Parsed::Interaction(i) => {
                if let Some(a) = accounts.get_mut(&i.account) {
                    a.interactions.push(i);
                }
            }
            Parsed::Opportunity(o) => {
                if let Some(a) = accounts.get_mut(&o.account) {
                    a.opportunities.push(o);
                }
            }
            Parsed::Config(_) | Parsed::Account(_) | Parsed::Nothing => {}
        }
    }
    let config = config.unwrap_or_default();
    if config.kam.schema > SCHEMA_VERSION {
        let pos = Some(config.kam.schema_pos);
        let d = Diagnostic::new(
            "E007",
            "kam.toml",
            pos,
            format!("schema {} is newer than this kam understands ({SCHEMA_VERSION}); upgrade kam", config.kam.schema),
        );
        return Err(KamError::env(d.to_string()));
    }
    let orphans: Vec<&String> = seen_accounts.iter().filter(|a| !accounts.contains_key(a.as_str())).collect();
    if !orphans.is_empty() {
        let reported: std::collections::HashSet<&str> = diags.iter().map(|d| d.path.as_str()).collect();
        let msg = "account directory has no account.toml; its files are not read";
        let found: Vec<Diagnostic> = orphans
            .into_iter()
            .filter(|account| !reported.contains(format!("accounts/{account}/account.toml").as_str()))
            .map(|account| Diagnostic::new("E305", format!("accounts/{account}"), None, msg))
            .collect();
        diags.extend(found);
    }
    let book = Book::new(config, accounts.into_values().collect());
    Ok(Loaded { book, diags, skipped, files })
}
