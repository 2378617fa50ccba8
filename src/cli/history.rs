//! `kam history <id> [--field F]`: the commits that changed an entity, field by field.

use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::diag::suggestion;
use crate::error::{KamError, Result};
use crate::history::target::{self, Target};
use crate::history::{People, log, walk};
use crate::model::Book;
use crate::render::{Format, Rows};
use crate::source::git;
use crate::value::Value;
use git2::{Oid, Repository};

/// Show every commit that changed an account, contact, interaction, opportunity or plan
///
/// Newest first: commit, date, author (the kam.toml person whose `email`/`emails` match,
/// else the author's name), subject, and the changes — field by field for account.toml
/// and plan.toml (`tier: B → A`, `tags: + strategic`, `team: + li-qiang (gm)`,
/// `credit.limit: 5000000 → 6000000`, plan fields as `plan.objective`), one line per
/// contact, interaction or opportunity file (`+ contact wang-jun`, `~ interaction
/// 2026-11-20-qbr`, `- opportunity renewal`; a table counts more than 10 files of one kind
/// added or removed at once: `+ 117 interactions`). TSV, CSV and JSON list every change.
///
/// ID is an account (`anji`: the whole account directory), `anji/account` (account.toml
/// alone), `anji/plan`, or `anji/<id>` for a contact, interaction or opportunity (write
/// `anji/contacts/<id>` when ids clash; the file's path works too). The history follows
/// renames of the account directory. A merge is listed only when it differs from every
/// parent, with its changes against the first parent. Starts at HEAD (or `--as-of`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The account, `ACCOUNT/plan`, `ACCOUNT/account` or `ACCOUNT/<contact|interaction|opportunity>`
    id: String,
    /// Only commits that changed this field (dotted: `credit.limit`; a table or list matches its parts)
    #[arg(long, value_name = "F")]
    field: Option<String>,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    // The settings are enough: the whole book is read only to say what an unknown id meant.
    let session = session::open_settings(ctx)?;
    let git = Git::open(ctx, &session.root)?;
    let target = git.resolve(ctx, &session.root, ctx.as_of.is_none(), &args.id)?;
    let people = People::new(&session.loaded.book.config);
    let entries = log::log(&git.repo, &git.root, git.start, &target, &people, args.field.as_deref())?;
    if entries.is_empty() && !ctx.quiet {
        let what = args.field.as_ref().map_or(String::new(), |f| format!("field `{f}` of "));
        writeln!(stderr, "kam: note: no commit changed {what}{}", target.path())?;
    }
    match ctx.format() {
        Format::Json => {
            let all: Vec<serde_json::Value> = entries.iter().map(log::Entry::json).collect();
            serde_json::to_writer_pretty(&mut *stdout, &all).map_err(std::io::Error::from)?;
            writeln!(stdout)?;
        }
        Format::Ndjson => {
            for entry in &entries {
                serde_json::to_writer(&mut *stdout, &entry.json()).map_err(std::io::Error::from)?;
                writeln!(stdout)?;
            }
        }
        format => {
            rows(&entries, matches!(format, Format::Table | Format::Markdown)).write(stdout, format, ctx.color)?
        }
    }
    Ok(Outcome::Ok)
}

/// One row per change. For people (`for_people`: table, Markdown) a commit's columns are
/// only on its first row, and more than `MANY` files of one kind added or removed in one
/// commit (an import) are one line: `+ 117 interactions`.
fn rows(entries: &[log::Entry], for_people: bool) -> Rows {
    let mut rows = Rows::new(&["commit", "date", "author", "subject", "change"]);
    for entry in entries {
        let c = &entry.commit;
        let texts =
            if for_people { summarised(&entry.changes) } else { entry.changes.iter().map(|c| c.text()).collect() };
        for (i, text) in texts.into_iter().enumerate() {
            let mut row: Vec<Value> = if i > 0 && for_people {
                vec![Value::Null; 4]
            } else {
                vec![c.short().into(), c.day().into(), c.who().into(), c.subject.as_str().into()]
            };
            row.push(text.into());
            rows.push(row);
        }
    }
    rows
}

/// Beyond this many files of one kind added or removed in one commit, tables count them.
const MANY: usize = 10;

fn summarised(changes: &[log::LogChange]) -> Vec<String> {
    use log::What;
    let sign = |c: &log::LogChange| match c.what {
        What::Added => Some('+'),
        What::Removed => Some('-'),
        _ => None,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < changes.len() {
        let c = &changes[i];
        let run =
            changes[i..].iter().take_while(|d| d.entity == c.entity && sign(d).is_some() && sign(d) == sign(c)).count();
        if let Some(sign) = sign(c).filter(|_| run > MANY && !matches!(c.entity, "account" | "plan")) {
            let plural = match c.entity {
                "opportunity" => "opportunities".to_string(),
                entity => format!("{entity}s"),
            };
            out.push(format!("{sign} {run} {plural}"));
            i += run;
        } else {
            out.push(c.text());
            i += 1;
        }
    }
    out
}

/// The git side of `history` and `blame`: the repository, the book's root inside it, and
/// the commit to start from (HEAD, or `--as-of`).
pub(super) struct Git {
    pub repo: Repository,
    pub root: String,
    pub start: Oid,
}

impl Git {
    pub fn open(ctx: &Context, root: &std::path::Path) -> Result<Git> {
        let (repo, prefix) = git::open(root)?;
        let start = match &ctx.as_of {
            Some(rev) => git::resolve(&repo, rev)?,
            None => repo
                .head()
                .and_then(|h| h.peel_to_commit())
                .map_err(|_| KamError::env("the repository has no commits yet"))?
                .id(),
        };
        Ok(Git { repo, root: prefix, start })
    }

    /// What `id` names: the first of its candidates that exists in the working tree (when
    /// `worktree`), else at the start commit, else anywhere in history (a deleted entity).
    /// When it names nothing, the book is loaded to suggest the closest id.
    pub fn resolve(&self, ctx: &Context, book_root: &std::path::Path, worktree: bool, id: &str) -> Result<Target> {
        let candidates = target::candidates(id)?;
        let on_disk = |t: &Target| {
            let path = book_root.join(t.path());
            worktree && if t.file.is_some() { path.is_file() } else { path.is_dir() }
        };
        for t in &candidates {
            if on_disk(t) || walk::object_at(&self.repo, &self.root, self.start, t)?.is_some() {
                return Ok(t.clone());
            }
        }
        if let Some(i) = walk::first_existing(&self.repo, &self.root, self.start, &candidates)? {
            return Ok(candidates[i].clone());
        }
        Err(unknown(&session::open(ctx)?.loaded.book, &candidates[0]))
    }
}

/// The error for an id found nowhere, with the closest existing one.
fn unknown(book: &Book, target: &Target) -> KamError {
    let Some(account) = book.account(&target.account) else {
        return KamError::usage(format!(
            "no account `{}`{}",
            target.account,
            suggestion(&target.account, book.account_ids())
        ));
    };
    let file = target.file.as_deref().unwrap_or("");
    if file == "plan.toml" {
        return KamError::usage(format!("account `{}` has no plan", account.id));
    }
    let id = file.rsplit('/').next().and_then(|f| f.strip_suffix(".toml")).unwrap_or(file);
    let members = account
        .contacts
        .iter()
        .map(|c| c.id.as_str())
        .chain(account.interactions.iter().map(|i| i.id.as_str()))
        .chain(account.opportunities.iter().map(|o| o.id.as_str()));
    KamError::usage(format!(
        "no contact, interaction or opportunity `{id}` in account `{}`{}",
        account.id,
        suggestion(id, members)
    ))
}
