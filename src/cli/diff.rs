//! `kam diff [REV[..REV]]`: the semantic difference between two states of the book.

use super::{CmdResult, Out, Outcome};
use crate::context::Context;
use crate::error::{KamError, Result};
use crate::history::bookdiff::{self, BookDiff, Derived, FileDiff, FileOp};
use crate::history::fielddiff::{self, Change, Op};
use crate::render::{Format, Rows};
use crate::source::Source;
use crate::source::git::{self, GitRevision};
use crate::source::worktree::Worktree;
use crate::value::Value;
use std::collections::BTreeMap;

/// Show what changed between two states of the book, field by field, and what it does to the scores
///
/// With no argument: HEAD → the working tree. `REV`: that revision → the working tree.
/// `A..B`: revision A → revision B (an empty side is HEAD). `A...B`: from where B left A
/// (their merge base) → B, as a pull request shows it. Lists the files added, removed and
/// changed (field by field), then per account the derived figures that differ: tier, ABC
/// class, health and its status, priority score, owner — both states scored on the same
/// today. `--format markdown` writes a pull-request comment; `--format json` is stable.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `REV`, `A..B` or `A...B` (default: HEAD → working tree)
    #[arg(value_name = "REV[..REV]")]
    range: Option<String>,
}

/// One side of the comparison.
enum State {
    Revision(String, git2::Oid),
    WorkingTree,
}

impl State {
    fn label(&self) -> &str {
        match self {
            State::Revision(label, _) => label,
            State::WorkingTree => "working tree",
        }
    }
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, _stderr: Out<'_>) -> CmdResult {
    if ctx.as_of.is_some() {
        return Err(KamError::usage("kam diff compares the revisions it is given; --as-of does not apply")
            .with_hint("write `kam diff A..B`")
            .into());
    }
    let root = ctx.find_root()?;
    let (repo, prefix) = git::open(&root)?;
    let (from, to) = states(&repo, args.range.as_deref())?;
    let source = |state: &State| -> Box<dyn Source> {
        match state {
            State::Revision(_, oid) => Box::new(GitRevision::new(&repo, *oid, prefix.clone())),
            State::WorkingTree => Box::new(Worktree::new(&root)),
        }
    };
    let (old, new) = (source(&from), source(&to));
    // Both states are scored on the same day, so only the data makes a figure differ: the
    // later state's kam.toml `today`, else --today / KAM_TODAY / the clock, as usual.
    let diff = bookdiff::diff(old.as_ref(), new.as_ref(), |book| ctx.today(book.config.kam.today))?;
    let (from, to) = (from.label(), to.label());
    match ctx.format() {
        Format::Json | Format::Ndjson => {
            let value = json(&diff, from, to);
            if ctx.format() == Format::Json {
                serde_json::to_writer_pretty(&mut *stdout, &value).map_err(std::io::Error::from)?;
            } else {
                serde_json::to_writer(&mut *stdout, &value).map_err(std::io::Error::from)?;
            }
            writeln!(stdout)?;
        }
        Format::Markdown => markdown(stdout, &diff, from, to)?,
        Format::Table => text(stdout, &diff, ctx.color)?,
        format => rows(&diff).write(stdout, format, ctx.color)?,
    }
    Ok(Outcome::Ok)
}

/// The two states a range names.
fn states(repo: &git2::Repository, range: Option<&str>) -> Result<(State, State)> {
    let rev = |text: &str| -> Result<(String, git2::Oid)> {
        let label = if text.is_empty() { "HEAD" } else { text };
        Ok((label.to_string(), git::resolve(repo, label)?))
    };
    let revision = |text: &str| rev(text).map(|(label, oid)| State::Revision(label, oid));
    let Some(range) = range else { return Ok((revision("HEAD")?, State::WorkingTree)) };
    if let Some((a, b)) = range.split_once("...") {
        let ((a, x), (b, y)) = (rev(a)?, rev(b)?);
        let base = repo
            .merge_base(x, y)
            .map_err(|_| KamError::usage(format!("`{range}`: the two revisions have no common ancestor")))?;
        return Ok((State::Revision(format!("merge base of {a} and {b}"), base), State::Revision(b, y)));
    }
    if let Some((a, b)) = range.split_once("..") {
        return Ok((revision(a)?, revision(b)?));
    }
    Ok((revision(range)?, State::WorkingTree))
}

/// `{from, to, files: [{path, entity, account, id, op, changes: [{field, op, before, after,
/// text}]}], derived: [{account, figure, before, after}]}`, written as it is built: one
/// file's or figure's object at a time, never the whole document as a tree of values.
fn json<'a>(diff: &'a BookDiff, from: &'a str, to: &'a str) -> impl serde::Serialize + 'a {
    #[derive(serde::Serialize)]
    struct Document<'a> {
        from: &'a str,
        to: &'a str,
        files: Each<'a, FileDiff>,
        derived: Each<'a, Derived>,
    }
    Document { from, to, files: Each(&diff.files, file_json), derived: Each(&diff.derived, derived_json) }
}

/// A list written item by item, each through its own small JSON value.
struct Each<'a, T>(&'a [T], fn(&T) -> serde_json::Value);

impl<T> serde::Serialize for Each<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(self.1))
    }
}

fn file_json(f: &FileDiff) -> serde_json::Value {
    let change = |c: &Change| {
        let (field, before, after) = c.json_parts();
        serde_json::json!({ "field": field, "op": c.op_name(), "before": before, "after": after, "text": c.text() })
    };
    serde_json::json!({
        "path": f.path,
        "entity": f.entity,
        "account": f.account,
        "id": f.id,
        "op": f.op.as_str(),
        "changes": f.changes.iter().map(change).collect::<Vec<_>>(),
    })
}

fn derived_json(d: &Derived) -> serde_json::Value {
    serde_json::json!({ "account": d.account, "figure": d.figure, "before": d.before.to_json(), "after": d.after.to_json() })
}

/// The files grouped by account (`None`: kam.toml and files outside accounts), in order.
fn by_account(diff: &BookDiff) -> BTreeMap<Option<&str>, Vec<&FileDiff>> {
    let mut groups: BTreeMap<Option<&str>, Vec<&FileDiff>> = BTreeMap::new();
    for f in &diff.files {
        groups.entry(f.account.as_deref()).or_default().push(f);
    }
    groups
}

fn title(f: &FileDiff) -> String {
    if f.op == FileOp::Modified && f.changes.is_empty() {
        format!("{} (no field changed)", f.title())
    } else {
        f.title()
    }
}

fn derived_rows(diff: &BookDiff) -> Rows {
    let mut rows = Rows::new(&["account", "figure", "before", "after"]);
    for d in &diff.derived {
        rows.push(vec![d.account.as_str().into(), d.figure.into(), d.before.clone(), d.after.clone()]);
    }
    rows
}

/// For a terminal: the files under their account, the changes indented, then the table of
/// derived figures.
fn text(out: Out<'_>, diff: &BookDiff, color: bool) -> std::io::Result<()> {
    if diff.files.is_empty() {
        writeln!(out, "no changes")?;
        return Ok(());
    }
    for (account, files) in by_account(diff) {
        writeln!(out, "{}", account.unwrap_or("(repository)"))?;
        for f in files {
            writeln!(out, "  {}", title(f))?;
            for c in &f.changes {
                writeln!(out, "      {}", c.text())?;
            }
        }
    }
    if !diff.derived.is_empty() {
        writeln!(out)?;
        derived_rows(diff).write(out, Format::Table, color)?;
    }
    Ok(())
}

/// For TSV and CSV: one row per change, derived figures last with `op` = `derived`.
fn rows(diff: &BookDiff) -> Rows {
    let mut rows = Rows::new(&["account", "path", "op", "field", "before", "after"]);
    let shown = |v: &Option<toml::Value>| v.as_ref().map_or(Value::Null, |v| fielddiff::render(v).into());
    for f in &diff.files {
        let account: Value = f.account.clone().into();
        if f.changes.is_empty() {
            rows.push(vec![
                account,
                f.path.as_str().into(),
                f.op.as_str().into(),
                Value::Null,
                Value::Null,
                Value::Null,
            ]);
            continue;
        }
        for c in &f.changes {
            let (field, before, after) = match &c.op {
                Op::Unparseable { before, after } => (Value::Null, before.as_str().into(), after.as_str().into()),
                _ => (c.field.as_str().into(), shown(&c.before), shown(&c.after)),
            };
            rows.push(vec![account.clone(), f.path.as_str().into(), c.op_name().into(), field, before, after]);
        }
    }
    for d in &diff.derived {
        rows.push(vec![
            d.account.as_str().into(),
            Value::Null,
            "derived".into(),
            d.figure.into(),
            d.before.clone(),
            d.after.clone(),
        ]);
    }
    rows
}

/// A pull-request comment: a summary, the table of derived changes, then the changes per
/// account as lists (words, not `+`/`-`, which Markdown would read as nested lists).
fn markdown(out: Out<'_>, diff: &BookDiff, from: &str, to: &str) -> std::io::Result<()> {
    writeln!(out, "## kam diff: {from} → {to}\n")?;
    if diff.files.is_empty() {
        writeln!(out, "No changes.")?;
        return Ok(());
    }
    let count = |op| diff.files.iter().filter(|f| f.op == op).count();
    let accounts = by_account(diff).keys().filter(|a| a.is_some()).count();
    writeln!(
        out,
        "{} file{} changed in {accounts} account{}: {} added, {} removed, {} modified.\n",
        diff.files.len(),
        if diff.files.len() == 1 { "" } else { "s" },
        if accounts == 1 { "" } else { "s" },
        count(FileOp::Added),
        count(FileOp::Removed),
        count(FileOp::Modified),
    )?;
    if !diff.derived.is_empty() {
        writeln!(out, "### Derived changes\n")?;
        derived_rows(diff).write(out, Format::Markdown, false)?;
        writeln!(out)?;
    }
    writeln!(out, "### Changes")?;
    for (account, files) in by_account(diff) {
        match account {
            Some(id) => match diff.names.get(id) {
                Some(name) => writeln!(out, "\n#### {id} — {name}\n")?,
                None => writeln!(out, "\n#### {id}\n")?,
            },
            None => writeln!(out, "\n#### Repository\n")?,
        }
        for f in files {
            let verb = match f.op {
                FileOp::Added => "added",
                FileOp::Removed => "removed",
                FileOp::Modified if f.changes.is_empty() => "reformatted (no field changed)",
                FileOp::Modified => "changed",
            };
            let what = match f.entity {
                "plan" | "config" => f.entity.to_string(),
                entity => format!("{entity} `{}`", f.id),
            };
            writeln!(out, "- {verb} {what}")?;
            for c in &f.changes {
                let text = c.text();
                let line = match text.strip_prefix(c.field.as_str()).filter(|_| !c.field.is_empty()) {
                    Some(rest) => format!("`{}`{rest}", c.field),
                    None => text,
                };
                writeln!(out, "  - {line}")?;
            }
        }
    }
    Ok(())
}
