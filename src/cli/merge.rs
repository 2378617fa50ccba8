//! `kam merge <account>/<contact> <account>/<into>`: fold a duplicate contact into the
//! one kept — fields combined, references in interactions and opportunities rewritten,
//! the duplicate removed — as one all-or-nothing change.

use super::write::{FileChange, land};
use super::{CmdResult, Out, session};
use crate::context::Context;
use crate::edit::{self, Kind};
use crate::error::KamError;
use toml_edit::{DocumentMut, Item, Value};

/// Merge a duplicate contact into another of the same account
///
/// Fields only the duplicate has are added to the kept contact; lists (roles,
/// preferences) are joined; a field both have with different values is a conflict: the
/// kept value stays (or the duplicate's with --prefer other) and the conflict is listed.
/// Every `with` of the account's interactions and `contacts` of its opportunities that
/// names the duplicate is rewritten, and the duplicate's file is removed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The duplicate: account/contact
    #[arg(value_name = "DUPLICATE")]
    duplicate: String,
    /// The contact to keep: account/contact
    #[arg(value_name = "INTO")]
    into: String,
    /// Whose value wins a conflict
    #[arg(long, value_enum, default_value_t = Prefer::Kept)]
    prefer: Prefer,
    /// Commit the change
    #[arg(long)]
    commit: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Prefer {
    Kept,
    Other,
}

fn read(session: &session::Session, path: &str) -> Result<(Vec<u8>, DocumentMut), KamError> {
    let bytes =
        std::fs::read(session.root.join(path)).map_err(|e| KamError::env(format!("cannot read {path}: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| KamError::data(format!("{path}: not UTF-8")))?;
    let doc = text.parse().map_err(|e| KamError::data(format!("{path}: cannot be edited: {e}")))?;
    Ok((bytes, doc))
}

fn bare(value: &Value) -> String {
    let mut v = value.clone();
    v.decor_mut().clear();
    v.to_string()
}

pub fn run(ctx: &Context, args: Args, _stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let session = session::open(ctx)?;
    let book = &session.loaded.book;
    let dup = edit::resolve(book, &args.duplicate)?;
    let into = edit::resolve(book, &args.into)?;
    if dup.kind != Kind::Contact || into.kind != Kind::Contact {
        return Err(KamError::usage("kam merge merges two contacts: account/contact account/contact").into());
    }
    if dup.account != into.account {
        return Err(KamError::usage(format!(
            "{} and {} belong to different accounts; only contacts of one account can be merged",
            args.duplicate, args.into
        ))
        .into());
    }
    if dup.path == into.path {
        return Err(KamError::usage("a contact cannot be merged into itself").into());
    }
    let dup_id = dup.path.rsplit('/').next().unwrap_or("").trim_end_matches(".toml").to_string();
    let into_id = into.path.rsplit('/').next().unwrap_or("").trim_end_matches(".toml").to_string();

    let (dup_bytes, dup_doc) = read(&session, &dup.path)?;
    let (kept_bytes, mut kept) = read(&session, &into.path)?;
    let mut changes = Vec::new();
    let mut conflicts = Vec::new();
    for (key, item) in dup_doc.iter() {
        let Some(theirs) = item.as_value() else { continue };
        match kept.get_mut(key).and_then(Item::as_value_mut) {
            None => {
                kept.insert(key, Item::Value(theirs.clone()));
                changes.push(format!("{key}: (new) {}", bare(theirs)));
            }
            Some(Value::Array(ours)) if theirs.is_array() => {
                let have: Vec<String> = ours.iter().map(bare).collect();
                for v in theirs.as_array().into_iter().flatten() {
                    if !have.contains(&bare(v)) {
                        let mut v = v.clone();
                        v.decor_mut().clear();
                        ours.push(v.clone());
                        changes.push(format!("{key}: + {}", bare(&v)));
                    }
                }
            }
            Some(ours) if bare(ours) != bare(theirs) => {
                let (kept_value, other) = (bare(ours), bare(theirs));
                if args.prefer == Prefer::Other {
                    let decor = ours.decor().clone();
                    *ours = theirs.clone();
                    *ours.decor_mut() = decor;
                    changes.push(format!("{key}: {kept_value} → {other}"));
                }
                conflicts.push(format!("conflict: {key}: kept {kept_value}, duplicate {other}"));
            }
            Some(_) => {}
        }
    }
    let mut files = Vec::new();
    let new_kept = kept.to_string().into_bytes();
    if new_kept != kept_bytes {
        files.push(FileChange {
            path: into.path.clone(),
            account: into.account.clone(),
            old: Some(kept_bytes),
            new: Some(new_kept),
            changes,
        });
    }
    let account = book.account(&dup.account).ok_or_else(|| KamError::usage("no such account"))?;
    let interactions =
        account.interactions.iter().filter(|i| i.with.iter().any(|w| w.value == dup_id)).map(|i| &i.path);
    let opportunities =
        account.opportunities.iter().filter(|o| o.contacts.iter().any(|c| c.value == dup_id)).map(|o| &o.path);
    for (path, key) in interactions.map(|p| (p, "with")).chain(opportunities.map(|p| (p, "contacts"))) {
        let (old, mut doc) = read(&session, &path.to_string())?;
        if let Some(list) = doc.get_mut(key).and_then(Item::as_array_mut) {
            let has_into = list.iter().any(|v| v.as_str() == Some(into_id.as_str()));
            let at = list.iter().position(|v| v.as_str() == Some(dup_id.as_str()));
            if let Some(at) = at {
                if has_into {
                    list.remove(at);
                } else if let Some(v) = list.get_mut(at) {
                    let decor = v.decor().clone();
                    *v = Value::from(into_id.as_str());
                    *v.decor_mut() = decor;
                }
            }
        }
        files.push(FileChange {
            path: path.to_string(),
            account: dup.account.to_string(),
            old: Some(old),
            new: Some(doc.to_string().into_bytes()),
            changes: vec![format!("{key}: {dup_id} → {into_id}")],
        });
    }
    files.push(FileChange {
        path: dup.path.clone(),
        account: dup.account.clone(),
        old: Some(dup_bytes),
        new: None,
        changes: vec![format!("removed: merged into {into_id}")],
    });
    if !ctx.quiet {
        for c in &conflicts {
            writeln!(stderr, "{}: {c}", into.path)?;
        }
    }
    let subject = format!("Merge contact {} into {}", args.duplicate, args.into);
    land(ctx, &session, &files, args.commit.then_some(subject.as_str()), stderr)
}
