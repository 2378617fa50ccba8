//! `kam done <account>/<interaction>`: mark an interaction's next step done.

use super::write::{FileChange, land};
use super::{CmdResult, Out, session};
use crate::context::Context;
use crate::edit::{self, Kind};
use crate::error::KamError;

/// Mark the next step of an interaction done: `kam done anji/2026-11-20-qbr`
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The interaction: account/interaction-id
    #[arg(value_name = "ACCOUNT/INTERACTION")]
    id: String,
    /// Commit the edited file
    #[arg(long)]
    commit: bool,
}

pub fn run(ctx: &Context, args: Args, _stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let session = session::open(ctx)?;
    let target = edit::resolve(&session.loaded.book, &args.id)?;
    if target.kind != Kind::Interaction {
        return Err(KamError::usage(format!("`{}` is not an interaction", args.id)).into());
    }
    let old = std::fs::read(session.root.join(&target.path))
        .map_err(|e| KamError::env(format!("cannot read {}: {e}", target.path)))?;
    let text = std::str::from_utf8(&old).map_err(|_| KamError::data(format!("{}: not UTF-8", target.path)))?;
    let mut doc: toml_edit::DocumentMut =
        text.parse().map_err(|e| KamError::data(format!("{}: cannot be edited: {e}", target.path)))?;
    if doc.get("next").is_none() {
        return Err(KamError::usage(format!("`{}` has no next step", args.id)).into());
    }
    let changes: Vec<String> =
        edit::set(&mut doc, "next.done", Some(toml_edit::Value::from(true))).into_iter().collect();
    if changes.is_empty() {
        if !ctx.quiet {
            writeln!(stderr, "kam: the next step of {} is already done", args.id)?;
        }
        return Ok(super::Outcome::Ok);
    }
    let files = vec![FileChange {
        path: target.path.clone(),
        account: target.account.clone(),
        old: Some(old),
        new: Some(doc.to_string().into_bytes()),
        changes,
    }];
    let subject = format!("Done: next step of {}", args.id);
    land(ctx, &session, &files, args.commit.then_some(subject.as_str()), stderr)
}
