//! `kam handover --from P --to Q`: move ownership and open work, all files or none, with
//! a brief per account.

use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::error::KamError;
use crate::handover::{self, Request, brief};
use crate::render::Rows;
use crate::source::worktree::Worktree;
use crate::write::{commit, transaction, validate};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Hand accounts over: owner, team seats, open opportunities, covered contacts and open next steps and actions
///
/// Every file changes or none does; comments and layout of the files are kept. The
/// handover brief (Markdown, one section per account) goes to stdout, or to --brief PATH.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The person handing over
    #[arg(long, value_name = "PERSON")]
    from: String,
    /// The person taking over
    #[arg(long, value_name = "PERSON")]
    to: String,
    /// Only these accounts (default: every account the person owns or works on)
    #[arg(long = "account", value_name = "ID")]
    accounts: Vec<String>,
    /// Print what would change and write nothing
    #[arg(long)]
    dry_run: bool,
    /// Commit exactly the changed files, with Kam-Account and Kam-Handover trailers
    #[arg(long)]
    commit: bool,
    /// Write the handover brief to this file instead of stdout
    #[arg(long, value_name = "PATH")]
    brief: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    if ctx.as_of.is_some() {
        return Err(KamError::usage("handover changes the working tree; it cannot run --as-of a revision").into());
    }
    let session = session::open(ctx)?;
    let book = &session.loaded.book;
    let request = Request { from: &args.from, to: &args.to, accounts: &args.accounts, today: session.today };
    let plan = handover::plan(&session.root, book, &request)?;
    if plan.accounts.is_empty() {
        if !ctx.quiet {
            writeln!(stderr, "kam: {} has no accounts or open work to hand over", args.from)?;
        }
        return Ok(Outcome::Ok);
    }
    if args.dry_run {
        let mut rows = Rows::new(&["account", "path", "change"]);
        for e in &plan.edits {
            for c in &e.changes {
                rows.push(vec![e.account.as_str().into(), e.path.as_str().into(), c.as_str().into()]);
            }
        }
        rows.write(stdout, ctx.format(), ctx.color)?;
        return Ok(Outcome::Ok);
    }

    let paths: Vec<&str> = plan.edits.iter().map(|e| e.path.as_str()).collect();
    let repo = commit::repository(&session.root);
    if let Some((repo, prefix)) = &repo {
        let dirty = commit::dirty(repo, prefix, &paths)?;
        if !dirty.is_empty() {
            return Err(KamError::usage(format!(
                "uncommitted changes in {}; handover touches only committed files",
                dirty.join(", ")
            ))
            .with_hint("commit or stash them first")
            .into());
        }
    } else if args.commit {
        return Err(KamError::env("--commit needs the book to be in a git repository").into());
    }

    let changes: BTreeMap<String, Option<Vec<u8>>> =
        plan.edits.iter().map(|e| (e.path.clone(), Some(e.new.clone()))).collect();
    let after = validate::load_after(&Worktree::new(&session.root), &changes)?;
    let introduced = validate::introduced(&session.loaded, &after, session.today);
    if !introduced.is_empty() {
        crate::render::diagnostics::write_lines(stderr, &introduced, false)?;
        return Err(KamError::data("the handover would make the book invalid; nothing was written").into());
    }

    // The brief describes the accounts as the successor takes them over.
    let book = &after.book;
    let scores = crate::score::score_book(book, session.today, crate::score::Options::default());
    let briefs: Vec<String> = plan
        .accounts
        .iter()
        .filter_map(|id| book.account(id))
        .map(|a| brief::brief(book, a, scores.get(&a.id), &args.from, &args.to, session.today))
        .collect();
    let briefs = briefs.join("\n");

    let mut files: Vec<transaction::Change> = plan
        .edits
        .iter()
        .map(|e| transaction::Change {
            path: session.root.join(&e.path),
            old: Some(e.old.clone()),
            new: Some(e.new.clone()),
        })
        .collect();
    // A relative path is read from where kam runs (`-C` included), as `export --out` is.
    let brief_path = args.brief.as_ref().map(|p| if p.is_absolute() { p.clone() } else { ctx.start_dir.join(p) });
    if let Some(path) = &brief_path {
        if path.exists() {
            return Err(KamError::usage(format!("{} already exists; kam does not overwrite it", path.display())).into());
        }
        files.push(transaction::Change { path: path.clone(), old: None, new: Some(briefs.clone().into_bytes()) });
    }
    transaction::apply(&files)?;

    let mut committed = String::new();
    if args.commit
        && let Some((repo, prefix)) = &repo
    {
        let message = handover::commit_message(&args.from, &args.to, &plan.accounts);
        let oid = commit::commit_files(repo, prefix, &session.root, &paths, &message)?;
        committed = format!("; committed {}", &oid.to_string()[..7]);
    }
    if args.brief.is_none() {
        write!(stdout, "{briefs}")?;
    }
    if !ctx.quiet {
        writeln!(
            stderr,
            "kam: handed over {} account{} from {} to {}: {} file{} changed{committed}",
            plan.accounts.len(),
            if plan.accounts.len() == 1 { "" } else { "s" },
            args.from,
            args.to,
            plan.edits.len(),
            if plan.edits.len() == 1 { "" } else { "s" },
        )?;
    }
    Ok(Outcome::Ok)
}
