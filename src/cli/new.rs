//! `kam new <account|contact|opportunity|interaction>` and `kam log`: create entity files.
//! Ids come from names (`model::id::derive`) unless given; an id that is taken gets a
//! numeric suffix; a file is never overwritten. The new file is checked with the whole
//! book before it is written.

use super::write::{FileChange, land};
use super::{CmdResult, Out, session};
use crate::context::Context;
use crate::edit::{self, Kind};
use crate::error::KamError;
use crate::model::id;
use chrono::NaiveDate;
use clap::Subcommand;
use toml_edit::{DocumentMut, InlineTable, Item, Value};

/// Create an account, contact, opportunity or interaction file
///
/// The id is derived from the name (Latin letters and digits; a name without any gets a
/// stable `acct-`, `contact-` or `opp-` id with a hash: pass --id for a readable one). Any other field can be given
/// with --set KEY=VALUE. The new file is checked with the whole book before it is written.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// A new account: accounts/<id>/account.toml
    Account(AccountArgs),
    /// A new contact of an account
    Contact(ContactArgs),
    /// A new opportunity of an account
    Opportunity(OpportunityArgs),
    /// A new interaction of an account
    Interaction(InteractionArgs),
}

/// Flags every kind shares.
#[derive(Debug, clap::Args)]
struct Common {
    /// The id (default: derived from the name)
    #[arg(long)]
    id: Option<String>,
    /// Any other field: KEY=VALUE (dotted keys, typed like `kam set`)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Commit the new file
    #[arg(long)]
    commit: bool,
}

#[derive(Debug, clap::Args)]
struct AccountArgs {
    /// The account's name
    name: String,
    #[arg(long)]
    owner: Option<String>,
    #[arg(long)]
    tier: Option<String>,
    #[arg(long)]
    segment: Option<String>,
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    industry: Option<String>,
    #[arg(long)]
    region: Option<String>,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, clap::Args)]
struct ContactArgs {
    /// The account
    account: String,
    /// The contact's name
    name: String,
    #[arg(long)]
    title: Option<String>,
    /// A role in the decision chain (repeatable)
    #[arg(long = "role")]
    roles: Vec<String>,
    #[arg(long)]
    stance: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    /// Our person who covers this contact
    #[arg(long)]
    covered_by: Option<String>,
    #[command(flatten)]
    common: Common,
}

#[derive(Debug, clap::Args)]
struct OpportunityArgs {
    /// The account
    account: String,
    /// The opportunity's name
    name: String,
    #[arg(long)]
    stage: String,
    #[arg(long)]
    amount: String,
    /// Expected close date
    #[arg(long)]
    close: String,
    #[arg(long)]
    owner: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// What an interaction records; shared by `new interaction` and `log`.
#[derive(Debug, clap::Args)]
pub struct Happened {
    /// visit, meeting, call, email, message, event, order, payment, complaint, survey, note
    #[arg(long)]
    kind: Option<String>,
    /// The day (default: today)
    #[arg(long)]
    date: Option<String>,
    /// Our participants (default: the person whose email is git's user.email)
    #[arg(long = "by", value_name = "PERSON")]
    by: Vec<String>,
    /// Their participants: contact ids of the account
    #[arg(long = "with", value_name = "CONTACT")]
    with: Vec<String>,
    #[arg(long)]
    sentiment: Option<String>,
    /// The amount of an order or payment
    #[arg(long)]
    amount: Option<String>,
    /// The agreed next step
    #[arg(long, value_name = "WHAT")]
    next: Option<String>,
    /// When the next step is due
    #[arg(long, requires = "next")]
    due: Option<String>,
    /// Who does the next step
    #[arg(long, requires = "next", value_name = "PERSON")]
    who: Option<String>,
}

#[derive(Debug, clap::Args)]
struct InteractionArgs {
    /// The account
    account: String,
    /// What happened
    #[arg(long)]
    summary: Option<String>,
    #[command(flatten)]
    happened: Happened,
    #[command(flatten)]
    common: Common,
}

/// Record an interaction: `kam log anji --with wang-jun --next "send quote" --due 2026-11-27 "QBR went well"`
///
/// Short for `kam new interaction`: the kind defaults to visit, the date to today, `--by`
/// to the person whose email is git's user.email.
#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// The account
    account: String,
    /// What happened
    summary: String,
    #[command(flatten)]
    happened: Happened,
    #[command(flatten)]
    common: Common,
}

/// A document under construction: fields set in order, each typed by the schema.
struct Draft {
    kind: Kind,
    doc: DocumentMut,
}

impl Draft {
    fn new(kind: Kind) -> Self {
        Draft { kind, doc: DocumentMut::new() }
    }

    fn set(&mut self, key: &str, raw: &str) -> Result<(), KamError> {
        let schema = edit::field_schema(self.kind, key)
            .ok_or_else(|| KamError::usage(format!("`{key}` is not a field of this kind of file")))?;
        let value = edit::typed_value(Some(&schema), raw).map_err(|e| KamError::usage(format!("{key}: {e}")))?;
        edit::set(&mut self.doc, key, Some(value));
        Ok(())
    }

    fn opt(&mut self, key: &str, raw: &Option<String>) -> Result<(), KamError> {
        raw.as_deref().map_or(Ok(()), |r| self.set(key, r))
    }

    fn list(&mut self, key: &str, items: &[String]) {
        if !items.is_empty() {
            let array: toml_edit::Array = items.iter().map(String::as_str).collect();
            edit::set(&mut self.doc, key, Some(Value::Array(array)));
        }
    }

    fn extra(&mut self, assignments: &[String]) -> Result<(), KamError> {
        for a in assignments {
            let (key, raw) = a.split_once('=').ok_or_else(|| KamError::usage(format!("`{a}` is not KEY=VALUE")))?;
            self.set(key.trim(), raw)?;
        }
        Ok(())
    }
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let session = session::open(ctx)?;
    let book = &session.loaded.book;
    let taken_on_disk = |rel: &str| session.root.join(rel).exists();
    let (path, account, draft, common) = match args.what {
        What::Account(a) => {
            let base = a.common.id.clone().unwrap_or_else(|| id::from_name("acct", &a.name));
            check_id(&base)?;
            let id = if a.common.id.is_some() {
                base
            } else {
                id::unique(&base, |c| book.account(c).is_some() || taken_on_disk(&format!("accounts/{c}")))
            };
            let mut d = Draft::new(Kind::Account);
            d.set("name", &a.name)?;
            d.opt("segment", &a.segment)?;
            d.opt("industry", &a.industry)?;
            d.opt("region", &a.region)?;
            d.opt("tier", &a.tier)?;
            d.opt("status", &a.status)?;
            d.opt("owner", &a.owner)?;
            (format!("accounts/{id}/account.toml"), id, d, a.common)
        }
        What::Contact(c) => {
            let account = edit::resolve(book, &c.account)?.account;
            let path = new_path(&session.root, &account, "contacts", c.common.id.clone(), &c.name, "contact")?;
            let mut d = Draft::new(Kind::Contact);
            d.set("name", &c.name)?;
            d.opt("title", &c.title)?;
            d.list("roles", &c.roles);
            d.opt("stance", &c.stance)?;
            d.opt("covered_by", &c.covered_by)?;
            d.opt("email", &c.email)?;
            d.opt("phone", &c.phone)?;
            (path, account, d, c.common)
        }
        What::Opportunity(o) => {
            let account = edit::resolve(book, &o.account)?.account;
            let path = new_path(&session.root, &account, "opportunities", o.common.id.clone(), &o.name, "opp")?;
            let mut d = Draft::new(Kind::Opportunity);
            d.set("name", &o.name)?;
            d.set("stage", &o.stage)?;
            d.set("amount", &o.amount)?;
            d.set("close", &o.close)?;
            d.opt("owner", &o.owner)?;
            (path, account, d, o.common)
        }
        What::Interaction(i) => {
            let (path, account, d) = interaction(&session, &i.account, i.summary.as_deref(), &i.happened, &i.common)?;
            (path, account, d, i.common)
        }
    };
    create(ctx, &session, path, account, draft, &common, stdout, stderr)
}

/// `kam log`: a new interaction, a visit by default.
pub fn log(ctx: &Context, args: LogArgs, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let session = session::open(ctx)?;
    let mut happened = args.happened;
    happened.kind.get_or_insert_with(|| "visit".to_string());
    let (path, account, draft) = interaction(&session, &args.account, Some(&args.summary), &happened, &args.common)?;
    create(ctx, &session, path, account, draft, &args.common, stdout, stderr)
}

fn check_id(id: &str) -> Result<(), KamError> {
    if id::is_valid(id) {
        Ok(())
    } else {
        Err(KamError::usage(format!("`{id}` is not a valid id: {}", id::problem(id))))
    }
}

/// `accounts/<account>/<dir>/<id>.toml` for a new member file, the id given or derived
/// from `name` and made unique among the files on disk.
fn new_path(
    root: &std::path::Path,
    account: &str,
    dir: &str,
    given: Option<String>,
    name: &str,
    kind: &str,
) -> Result<String, KamError> {
    let path = |id: &str| format!("accounts/{account}/{dir}/{id}.toml");
    match given {
        Some(id) => {
            check_id(&id)?;
            Ok(path(&id))
        }
        None => {
            let base = id::from_name(kind, name);
            Ok(path(&id::unique(&base, |c| root.join(path(c)).exists())))
        }
    }
}

/// The person whose email is git's `user.email` (the repository's config, else the
/// user's).
fn git_user(session: &session::Session) -> Option<String> {
    let config = match crate::source::git::open(&session.root) {
        Ok((repo, _)) => repo.config().ok()?,
        Err(_) => git2::Config::open_default().ok()?,
    };
    let email = config.get_string("user.email").ok()?;
    crate::history::People::new(&session.loaded.book.config).find(&email).map(String::from)
}

fn interaction(
    session: &session::Session,
    account: &str,
    summary: Option<&str>,
    h: &Happened,
    common: &Common,
) -> Result<(String, String, Draft), KamError> {
    let account = edit::resolve(&session.loaded.book, account)?.account;
    let kind = h.kind.clone().ok_or_else(|| KamError::usage("--kind is required"))?;
    let date = match &h.date {
        Some(d) => {
            crate::context::parse_date(d).map_err(|_| KamError::usage(format!("`{d}` is not a date (YYYY-MM-DD)")))?
        }
        None => session.today,
    };
    let by = if h.by.is_empty() {
        vec![git_user(session).ok_or_else(|| {
            KamError::usage("say who took part with --by PERSON (git's user.email matches nobody in kam.toml)")
        })?]
    } else {
        h.by.clone()
    };
    // The file name: the date and a slug of the summary (the kind when it has no Latin
    // letters), at most 40 characters.
    let mut slug = summary.and_then(id::slug).unwrap_or_else(|| id::slug(&kind).unwrap_or_else(|| "note".into()));
    if slug.len() > 40 {
        let cut = slug[..40].rfind('-').unwrap_or(40);
        slug.truncate(cut);
    }
    let base = common.id.clone().unwrap_or(format!("{date}-{slug}"));
    check_id(&base)?;
    let path = |id: &str| format!("accounts/{account}/interactions/{id}.toml");
    let id = if common.id.is_some() { base } else { id::unique(&base, |c| session.root.join(path(c)).exists()) };
    let mut d = Draft::new(Kind::Interaction);
    d.set("date", &date.to_string())?;
    d.set("kind", &kind)?;
    d.list("by", &by);
    d.list("with", &h.with);
    if let Some(s) = summary {
        d.set("summary", s)?;
    }
    d.opt("sentiment", &h.sentiment)?;
    d.opt("amount", &h.amount)?;
    if let Some(what) = &h.next {
        let mut next = InlineTable::new();
        next.insert("what", Value::from(what.as_str()));
        if let Some(due) = &h.due {
            let due: NaiveDate = crate::context::parse_date(due)
                .map_err(|_| KamError::usage(format!("`{due}` is not a date (YYYY-MM-DD)")))?;
            next.insert(
                "due",
                edit::typed_value(edit::field_schema(Kind::Interaction, "next.due").as_ref(), &due.to_string())
                    .map_err(KamError::usage)?,
            );
        }
        if let Some(who) = &h.who {
            next.insert("who", Value::from(who.as_str()));
        }
        next.fmt();
        d.doc.insert("next", Item::Value(Value::InlineTable(next)));
    }
    Ok((path(&id), account, d))
}

#[allow(clippy::too_many_arguments)]
fn create(
    ctx: &Context,
    session: &session::Session,
    path: String,
    account: String,
    mut draft: Draft,
    common: &Common,
    stdout: Out<'_>,
    stderr: Out<'_>,
) -> CmdResult {
    if ctx.as_of.is_some() {
        return Err(KamError::usage("kam writes the working tree; it cannot run --as-of a revision").into());
    }
    draft.extra(&common.set)?;
    if session.root.join(&path).exists() {
        return Err(KamError::usage(format!("{path} already exists; kam does not overwrite it")).into());
    }
    let file = FileChange {
        path: path.clone(),
        account,
        old: None,
        new: Some(draft.doc.to_string().into_bytes()),
        changes: vec!["created".into()],
    };
    let subject = format!("Add {path}");
    let outcome = land(ctx, session, &[file], common.commit.then_some(subject.as_str()), stderr)?;
    writeln!(stdout, "{path}")?;
    Ok(outcome)
}
