//! `kam set <id> key=value…`: edit fields in place.

use super::write::{FileChange, land};
use super::{CmdResult, Out, session};
use crate::context::Context;
use crate::edit;
use crate::error::KamError;

/// Set fields of an entity: `kam set anji tier=A credit.limit=6000000`
///
/// The id is an account, `account/plan`, or `account/<contact|interaction|opportunity>`.
/// Keys are dotted (`credit.limit`, `next.done`); values are typed by the field (numbers,
/// dates, `true`/`false`, lists as `a,b` or a TOML array). Comments and layout of the file
/// are kept; the book is checked as it would be after the edit, and an edit that would
/// add an error writes nothing.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The entity
    #[arg(value_name = "ID")]
    id: String,
    /// Assignments
    #[arg(value_name = "KEY=VALUE")]
    assignments: Vec<String>,
    /// Remove a key
    #[arg(long, value_name = "KEY")]
    unset: Vec<String>,
    /// Commit the edited file
    #[arg(long)]
    commit: bool,
}

pub fn run(ctx: &Context, args: Args, _stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    if ctx.as_of.is_some() {
        return Err(KamError::usage("set edits the working tree; it cannot run --as-of a revision").into());
    }
    if args.assignments.is_empty() && args.unset.is_empty() {
        return Err(KamError::usage("nothing to set: give KEY=VALUE or --unset KEY").into());
    }
    let session = session::open(ctx)?;
    let target = edit::resolve(&session.loaded.book, &args.id)?;
    let old = std::fs::read(session.root.join(&target.path))
        .map_err(|e| KamError::env(format!("cannot read {}: {e}", target.path)))?;
    let text = std::str::from_utf8(&old).map_err(|_| KamError::data(format!("{}: not UTF-8", target.path)))?;
    let mut doc: toml_edit::DocumentMut =
        text.parse().map_err(|e| KamError::data(format!("{}: cannot be edited: {e}", target.path)))?;
    let mut changes = Vec::new();
    for assignment in &args.assignments {
        let (key, raw) =
            assignment.split_once('=').ok_or_else(|| KamError::usage(format!("`{assignment}` is not KEY=VALUE")))?;
        let key = key.trim();
        let schema = edit::field_schema(target.kind, key);
        if schema.is_none() {
            return Err(KamError::usage(format!("`{key}` is not a field of {}", target.path)).into());
        }
        let value = edit::typed_value(schema.as_ref(), raw).map_err(|e| KamError::usage(format!("{key}: {e}")))?;
        changes.extend(edit::set(&mut doc, key, Some(value)));
    }
    for key in &args.unset {
        changes.extend(edit::set(&mut doc, key, None));
    }
    let new = doc.to_string().into_bytes();
    let files: Vec<FileChange> = if new == old {
        Vec::new()
    } else {
        vec![FileChange {
            path: target.path.clone(),
            account: target.account.clone(),
            old: Some(old),
            new: Some(new),
            changes,
        }]
    };
    let subject = format!("Set {} of {}", keys(&args), args.id);
    land(ctx, &session, &files, args.commit.then_some(subject.as_str()), stderr)
}

fn keys(args: &Args) -> String {
    let keys: Vec<&str> = args
        .assignments
        .iter()
        .filter_map(|a| a.split_once('=').map(|(k, _)| k.trim()))
        .chain(args.unset.iter().map(String::as_str))
        .collect();
    keys.join(", ")
}
