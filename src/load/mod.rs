//! Loading: from a `Source`'s files to a `Book` plus the diagnostics found on the way.
//!
//! Each file is classified by its path (SPEC section 1's layout), decoded (binary and
//! UTF-8 guards, byte-order mark), parsed with positions, and read into its model type —
//! in parallel, since files are independent. Nothing here needs `today` or the whole
//! book: cross-file checks live in `check`.

pub mod reader;

use crate::cache::codec::{Codec, Input};
use crate::cache::{Cache, Record, Shelf};
use crate::diag::{Diagnostic, LineIndex};
use crate::error::{KamError, Result};
use crate::model::config::SCHEMA_VERSION;
use crate::model::{Account, Book, Config, Contact, FilePath, Interaction, Opportunity, Plan, Symbol, id};
use crate::progress::Progress;
use crate::source::{At, Entry, RawFile, Source};
use chrono::NaiveDate;
use rayon::prelude::*;
use reader::{FileCtx, TableReader};
use std::collections::HashMap;

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
            let date = stem.get(..10).and_then(iso_date);
            FileKind::Interaction { account, id: stem.to_string(), date }
        }
        _ => FileKind::Misplaced,
    }
}

/// A `YYYY-MM-DD` date, read by hand: every interaction's file name starts with one, and
/// chrono's format-string parser costs more than the rest of classifying the path.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(digits(0..4)?).ok()?, digits(5..7)?, digits(8..10)?)
}

/// The result of loading: the book, every diagnostic met while reading files, and how
/// many files could not be used at all.
pub struct Loaded {
    pub book: Book,
    pub diags: Vec<Diagnostic>,
    pub skipped: usize,
    pub files: usize,
    /// Files whose result came from the parse cache, without parsing.
    pub from_cache: usize,
}

enum Parsed {
    Config(Box<Config>),
    Account(Box<Account>),
    Plan(Plan),
    Contact(Contact),
    Interaction(Interaction),
    Opportunity(Opportunity),
    Nothing,
}

impl Parsed {
    /// Gives the entity its file's path, kept as a `FilePath` that shares the entity's id.
    fn set_path(&mut self, path: &str) {
        match self {
            Parsed::Account(a) => a.path = FilePath::new(path, &a.id),
            Parsed::Plan(p) => p.path = FilePath::new(path, &Symbol::default()),
            Parsed::Contact(c) => c.path = FilePath::new(path, &c.id),
            Parsed::Interaction(i) => i.path = FilePath::new(path, &i.id),
            Parsed::Opportunity(o) => o.path = FilePath::new(path, &o.id),
            Parsed::Config(_) | Parsed::Nothing => {}
        }
    }
}

struct FileResult {
    parsed: Parsed,
    diags: Vec<Diagnostic>,
    /// The file could not be parsed at all (encoding, syntax), or not even read.
    unusable: bool,
    /// The file could not be read.
    unread: bool,
}

/// Reads and parses one file, or takes its result from the cache; with the cache, also
/// what the next cache holds for it.
fn load_file(
    source: &dyn Source,
    entry: Entry,
    kind: &FileKind,
    cache: Option<(&Cache, &Shelf)>,
    read_ahead: Option<Bytes>,
) -> (FileResult, Option<Record>) {
    let Entry { path, at } = entry;
    let read = |path: &str, at: At| read_ahead.unwrap_or_else(|| source.read(path, at));
    let cacheable = kind.account().is_some();
    let Some((cache, shelf)) = cache.filter(|_| cacheable && matches!(at, At::Disk { .. } | At::Blob(_))) else {
        let result = match read(&path, at) {
            Ok(bytes) => parse_raw(RawFile { path, bytes }, kind),
            Err(d) => unread(d),
        };
        return (result, None);
    };
    // Known by its metadata (the working tree) or by its blob id (a revision).
    let (known_oid, stat) = match &at {
        At::Disk { stat, .. } => (None, cache.trusted(*stat)),
        At::Blob(oid) => (Some(*oid), None),
        _ => (None, None),
    };
    for hit in shelf.lookup(&path) {
        let same = match known_oid {
            Some(oid) => hit.oid == oid,
            None => stat.is_some() && hit.stat == stat,
        };
        if same && let Some(result) = decode_cached(hit.payload, &path, kind) {
            let keep_stat = if known_oid.is_some() { hit.stat } else { stat };
            return (result, cache.keep(&hit, keep_stat));
        }
    }
    let bytes = match read(&path, at) {
        Ok(bytes) => bytes,
        Err(d) => return (unread(d), None),
    };
    let Some(oid) = known_oid.or_else(|| git2::Oid::hash_object(git2::ObjectType::Blob, &bytes).ok()) else {
        return (parse_raw(RawFile { path, bytes }, kind), None);
    };
    // Read again, the same content: the metadata changed, not the file (a checkout, a touch).
    let known = shelf.lookup(&path).find(|hit| hit.oid == oid);
    if let Some(hit) = known
        && let Some(result) = decode_cached(hit.payload, &path, kind)
    {
        return (result, cache.keep(&hit, stat));
    }
    let key = path.clone();
    let result = parse_raw(RawFile { path, bytes }, kind);
    // Encoded in a buffer kept by the thread, then copied into the entry.
    let record = SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        scratch.clear();
        encode(&result, &mut scratch);
        Record::new(&key, oid, stat, &scratch)
    });
    (result, Some(record))
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A file's result in the cache: what it parsed to (without its path, which is the
/// cache's key, nor the ids that come from the path), its diagnostics and whether it was
/// usable.
fn encode(result: &FileResult, out: &mut Vec<u8>) {
    match &result.parsed {
        Parsed::Account(a) => {
            out.push(1);
            a.put(out);
        }
        Parsed::Plan(p) => {
            out.push(2);
            p.put(out);
        }
        Parsed::Contact(c) => {
            out.push(3);
            c.put(out);
        }
        Parsed::Interaction(i) => {
            out.push(4);
            i.put(out);
        }
        Parsed::Opportunity(o) => {
            out.push(5);
            o.put(out);
        }
        // kam.toml is never cached; anything else parsed to nothing.
        Parsed::Config(_) | Parsed::Nothing => out.push(0),
    }
    crate::cache::codec::put_varint(out, result.diags.len() as u64);
    for d in &result.diags {
        crate::cache::codec::put_bytes(out, d.code.as_bytes());
        d.line.put(out);
        d.column.put(out);
        (d.severity == crate::diag::Severity::Error).put(out);
        d.message.put(out);
    }
    result.unusable.put(out);
}

/// The result stored by `encode`, given back its path; `None` when the bytes are not one.
fn decode_cached(bytes: &[u8], path: &str, kind: &FileKind) -> Option<FileResult> {
    let input = &mut Input::new(bytes);
    // The ids come from the path, as when the file is parsed.
    let mut parsed = match (input.byte()?, kind) {
        (0, _) => Parsed::Nothing,
        (1, FileKind::Account { account }) => {
            let mut a = Box::<Account>::get(input)?;
            a.id = account.into();
            Parsed::Account(a)
        }
        (2, FileKind::Plan { .. }) => Parsed::Plan(Codec::get(input)?),
        (3, FileKind::Contact { account, id }) => {
            let mut c = Contact::get(input)?;
            (c.id, c.account) = (id.into(), account.into());
            Parsed::Contact(c)
        }
        (4, FileKind::Interaction { account, id, .. }) => {
            let mut i = Interaction::get(input)?;
            (i.id, i.account) = (Symbol::new(id), account.into());
            Parsed::Interaction(i)
        }
        (5, FileKind::Opportunity { account, id }) => {
            let mut o = Opportunity::get(input)?;
            (o.id, o.account) = (id.into(), account.into());
            Parsed::Opportunity(o)
        }
        _ => return None,
    };
    let count = input.len()?;
    let mut diags = Vec::with_capacity(count);
    for _ in 0..count {
        let n = input.len()?;
        let code = crate::check::codes::info(std::str::from_utf8(input.take(n)?).ok()?)?.code;
        let (line, column) = (Codec::get(input)?, Codec::get(input)?);
        let severity = if bool::get(input)? { crate::diag::Severity::Error } else { crate::diag::Severity::Warning };
        let message = String::get(input)?;
        diags.push(Diagnostic { path: path.to_string(), line, column, severity, code, message });
    }
    let unusable = bool::get(input)?;
    if !input.is_empty() {
        return None;
    }
    parsed.set_path(path);
    Some(FileResult { parsed, diags, unusable, unread: false })
}

fn unread(d: Diagnostic) -> FileResult {
    FileResult { parsed: Parsed::Nothing, diags: vec![d], unusable: true, unread: true }
}

/// Parses a file read whole, adds the checks of its path, and gives the entity its path.
fn parse_raw(file: RawFile, kind: &FileKind) -> FileResult {
    let mut r = parse_file(&file, kind);
    layout_diags(&file.path, kind, &mut r.diags);
    r.parsed.set_path(&file.path);
    r
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
    let nothing = |diags, unusable| FileResult { parsed: Parsed::Nothing, diags, unusable, unread: false };
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
        FileKind::Plan { .. } => Parsed::Plan(Plan::read(&mut r)),
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
    FileResult { parsed, diags: ctx.diags, unusable: false, unread: false }
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
    load_cached(source, None)
}

/// Loads a book, taking what `cache` knows of unchanged files instead of reading and
/// parsing them, and storing what it did not know for the next time.
pub fn load_cached(source: &dyn Source, cache: Option<&Cache>) -> Result<Loaded> {
    // Listed on a worker thread: the listing's memory, freed as loading takes it, is then
    // reused by the entities parsed there instead of staying with the main thread.
    let mut listing = rayon::scope(|_| source.list())?;
    let mut diags = std::mem::take(&mut listing.diags);
    let mut skipped = listing.skipped;
    let files = listing.len() + skipped;
    if !listing.entries().any(|e| e.path == "kam.toml") {
        // A kam.toml that is there but could not be listed says why.
        if let Some(d) = diags.iter().find(|d| d.path == "kam.toml") {
            return Err(KamError::env(format!("kam.toml: {}", d.message)));
        }
        return Err(KamError::env(format!("no kam.toml in the {}", source.describe())));
    }
    // Files are grouped by account directory, and the groups loaded in parallel: each file
    // is parsed as soon as it is read (a revision's, on one thread a few groups ahead of
    // the parsing) and its bytes dropped at once, and each entity moves straight into its
    // account, so a large book is never held twice (as bytes and entities, or as parsed
    // files and accounts).
    let progress = Progress::start("loading files", Some(listing.len() as u64), "files");
    let groups = group_by_account(listing.runs);
    let groups: Vec<Group> = if source.reads_ahead() {
        load_read_ahead(source, groups, cache, &progress)
    } else {
        groups
            .into_par_iter()
            .map(|(account, entries)| load_group(source, account, entries, Vec::new(), cache, None, &progress))
            .collect()
    };
    drop(progress);
    let mut config = None;
    let mut accounts: Vec<Account> = Vec::with_capacity(groups.len());
    let mut orphans: Vec<String> = Vec::new();
    let mut records: Vec<Record> = Vec::new();
    for group in groups {
        diags.extend(group.diags);
        skipped += group.unusable;
        if let Some(d) = group.config_unread {
            return Err(KamError::env(format!("kam.toml: {}", d.message)));
        }
        if group.config.is_some() {
            config = group.config;
        }
        match (group.account, group.id) {
            (Some(a), _) => accounts.push(*a),
            (None, Some(id)) => orphans.push(id),
            (None, None) => {}
        }
        records.extend(group.records);
    }
    let mut from_cache = 0;
    if let Some(cache) = cache {
        from_cache = cache.kept();
        cache.save(records);
    }
    let config = config.map_or_else(Config::default, |c| *c);
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
    orphans.sort();
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
    let book = Book::new(config, accounts);
    Ok(Loaded { book, diags, skipped, files, from_cache })
}

/// The files of one account directory (`Some(id)`), or the others (`kam.toml`, strays
/// directly under `accounts/`), in the order listed. A run of the listing whose files are
/// all of one account (as a walk of its directory gives) becomes its group as it is.
fn group_by_account(runs: Vec<Vec<Entry>>) -> Vec<(Option<String>, Vec<Entry>)> {
    let mut groups: Vec<(Option<String>, Vec<Entry>)> = Vec::new();
    let mut index: HashMap<Option<String>, usize> = HashMap::new();
    let account = |entry: &Entry| classify(&entry.path).account().map(str::to_string);
    let mut add = |account: Option<String>, mut files: Vec<Entry>| match index.get(&account) {
        Some(&i) => groups[i].1.append(&mut files),
        None => {
            index.insert(account.clone(), groups.len());
            groups.push((account, files));
        }
    };
    for run in runs {
        let first = run.first().map(account);
        if let Some(first) = first
            && run.iter().skip(1).all(|e| account(e) == first)
        {
            add(first, run);
            continue;
        }
        let mut current: Option<(Option<String>, Vec<Entry>)> = None;
        for entry in run {
            let of = account(&entry);
            match &mut current {
                // A directory's files are listed together: the current group is nearly always it.
                Some((last, files)) if *last == of => files.push(entry),
                _ => {
                    if let Some((last, files)) = current.take() {
                        add(last, files);
                    }
                    current = Some((of, vec![entry]));
                }
            }
        }
        if let Some((last, files)) = current {
            add(last, files);
        }
    }
    groups
}

/// A file's bytes, or why it cannot be read.
type Bytes = std::result::Result<Vec<u8>, Diagnostic>;

/// Loads the groups with one thread reading every group's blobs (those the cache does not
/// answer for) in order, while the pool parses the groups already read. At most
/// `READ_AHEAD` groups wait as bytes between the two.
fn load_read_ahead(
    source: &dyn Source,
    groups: Vec<(Option<String>, Vec<Entry>)>,
    cache: Option<&Cache>,
    progress: &Progress,
) -> Vec<Group> {
    const READ_AHEAD: usize = 8;
    let (tx, rx) = std::sync::mpsc::sync_channel(READ_AHEAD);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for (i, (account, entries)) in groups.into_iter().enumerate() {
                let shelf = cache.zip(account.as_deref()).map(|(cache, account)| cache.shelf(account));
                let bytes: Vec<Option<Bytes>> = entries
                    .iter()
                    .map(|Entry { path, at }| {
                        let known = |oid| shelf.as_ref().is_some_and(|s| s.lookup(path).any(|hit| hit.oid == oid));
                        match at {
                            At::Blob(oid) if !known(*oid) => Some(source.read(path, At::Blob(*oid))),
                            _ => None,
                        }
                    })
                    .collect();
                if tx.send((i, account, entries, bytes, shelf)).is_err() {
                    return;
                }
            }
        });
        let mut loaded: Vec<(usize, Group)> = rx
            .into_iter()
            .par_bridge()
            .map(|(i, account, entries, bytes, shelf)| {
                (i, load_group(source, account, entries, bytes, cache, shelf, progress))
            })
            .collect();
        loaded.sort_unstable_by_key(|(i, _)| *i);
        loaded.into_iter().map(|(_, group)| group).collect()
    })
}

/// What one group of files loaded to. Its parts are boxed: there is a group per account,
/// collected before the accounts are, and most groups hold no configuration.
#[derive(Default)]
struct Group {
    /// The account directory's id.
    id: Option<String>,
    /// The account with its plan, contacts, interactions and opportunities; `None` when
    /// its `account.toml` is missing or unusable (the other files are then not used).
    account: Option<Box<Account>>,
    config: Option<Box<Config>>,
    /// Why `kam.toml` could not be read, when it could not.
    config_unread: Option<Box<Diagnostic>>,
    diags: Vec<Diagnostic>,
    /// Files that could not be used at all.
    unusable: usize,
    /// What the next cache keeps of the old one with new metadata.
    records: Vec<Record>,
}

/// Loads one group's files; `read_ahead` holds, for each of them, its bytes when they were
/// read already (empty: none was), and `shelf` the cache's entries of its directory when
/// they were read already.
fn load_group(
    source: &dyn Source,
    id: Option<String>,
    entries: Vec<Entry>,
    read_ahead: Vec<Option<Bytes>>,
    cache: Option<&Cache>,
    shelf: Option<Shelf>,
    progress: &Progress,
) -> Group {
    let shelf = match (cache, shelf, &id) {
        (Some(_), Some(shelf), _) => shelf,
        (Some(cache), None, Some(id)) => cache.shelf(id),
        _ => Shelf::default(),
    };
    let cache = cache.map(|cache| (cache, &shelf));
    let mut group = Group { id, ..Group::default() };
    let kinds: Vec<FileKind> = entries.iter().map(|e| classify(&e.path)).collect();
    let count = |f: fn(&FileKind) -> bool| kinds.iter().filter(|k| f(k)).count();
    let mut contacts = Vec::with_capacity(count(|k| matches!(k, FileKind::Contact { .. })));
    let mut interactions = Vec::with_capacity(count(|k| matches!(k, FileKind::Interaction { .. })));
    let mut opportunities = Vec::with_capacity(count(|k| matches!(k, FileKind::Opportunity { .. })));
    let mut plan = None;
    let mut read_ahead = read_ahead.into_iter();
    let mut records = Vec::new();
    for (entry, kind) in entries.into_iter().zip(&kinds) {
        let (result, record) = load_file(source, entry, kind, cache, read_ahead.next().flatten());
        progress.inc(1);
        if *kind == FileKind::Config && result.unread {
            group.config_unread = result.diags.into_iter().next().map(Box::new);
            continue;
        }
        records.extend(record);
        group.unusable += usize::from(result.unusable);
        group.diags.extend(result.diags);
        match result.parsed {
            Parsed::Config(c) => group.config = Some(c),
            Parsed::Account(a) => group.account = Some(a),
            Parsed::Plan(p) => plan = Some(p),
            Parsed::Contact(c) => contacts.push(c),
            Parsed::Interaction(i) => interactions.push(i),
            Parsed::Opportunity(o) => opportunities.push(o),
            Parsed::Nothing => {}
        }
    }
    // The directory's new cache entries are written aside now, not held to the end.
    if let Some((cache, _)) = cache {
        group.records = cache.stash(records);
    }
    if let Some(a) = &mut group.account {
        a.plan = plan;
        a.contacts = contacts;
        a.interactions = interactions;
        a.opportunities = opportunities;
    }
    group
}

#[cfg(test)]
mod tests {
    use super::iso_date;
    use chrono::NaiveDate;

    /// As chrono's `%Y-%m-%d` reads them, except that a year is four digits, no sign: SPEC's
    /// `<YYYY-MM-DD>-<slug>.toml` (chrono reads `+026-11-23` as the year 26).
    #[test]
    fn iso_dates_read_as_chrono_reads_them() {
        for text in [
            "2026-11-23",
            "2028-02-29",
            "2027-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-05x",
            "2026/11/23",
            "20261123--",
            "2026-11-2x",
            "+026-11-23",
            " 026-11-23",
            "0000-01-01",
            "9999-12-31",
            "2026-11-23x",
            "2026-11-2",
            "",
        ] {
            let four_digit_year = text.get(..4).is_some_and(|y| y.bytes().all(|c| c.is_ascii_digit()));
            let chrono = if text.len() == 10 && four_digit_year {
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
            } else {
                None
            };
            assert_eq!(iso_date(text), chrono, "{text:?}");
        }
    }
}
