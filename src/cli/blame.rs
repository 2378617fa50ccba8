//! `kam blame <id>`: for each field of an entity's file at HEAD, the commit that set it.

use super::history::Git;
use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::history::{People, blame, fielddiff};
use crate::render::{Format, Rows};
use crate::value::Value;

/// Show, for each field of an entity's file, the commit, author and date that last set it
///
/// Reads the file as committed at HEAD (or `--as-of`), not the working tree: a warning says
/// when the working file differs. Fields are dotted (`credit.limit`), entries of lists of
/// tables are named by their key (`team[li-qiang].role`), other lists are one field. ID is
/// as for `kam history`; for an account it is account.toml (`ACCOUNT/plan` for the plan).
/// Follows renames of the account directory; a merge is blamed only for what no parent had.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The account, `ACCOUNT/plan` or `ACCOUNT/<contact|interaction|opportunity>`
    id: String,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let session = session::open_settings(ctx)?;
    let git = Git::open(ctx, &session.root)?;
    let target = git.resolve(ctx, &session.root, false, &args.id)?.blamed_file();
    let people = People::new(&session.loaded.book.config);
    let at = ctx.as_of.as_deref().unwrap_or("HEAD");
    let lines = blame::blame(&git.repo, &git.root, (git.start, at), &target, &people)?;
    if ctx.as_of.is_none() && !ctx.quiet {
        let path = target.path();
        let committed = crate::history::walk::object_at(&git.repo, &git.root, git.start, &target)?
            .and_then(|blob| git.repo.find_blob(blob).ok().map(|b| b.content().to_vec()));
        match std::fs::read(session.root.join(&path)) {
            Ok(bytes) if Some(&bytes) == committed.as_ref() => {}
            Ok(_) => writeln!(stderr, "kam: warning: {path} has uncommitted changes; blame shows HEAD")?,
            Err(_) => writeln!(stderr, "kam: warning: {path} is not in the working tree; blame shows HEAD")?,
        }
    }
    match ctx.format() {
        Format::Json => {
            let all: Vec<serde_json::Value> = lines.iter().map(blame::Line::json).collect();
            serde_json::to_writer_pretty(&mut *stdout, &all).map_err(std::io::Error::from)?;
            writeln!(stdout)?;
        }
        Format::Ndjson => {
            for line in &lines {
                serde_json::to_writer(&mut *stdout, &line.json()).map_err(std::io::Error::from)?;
                writeln!(stdout)?;
            }
        }
        format => {
            let short = matches!(format, Format::Table | Format::Markdown);
            let mut rows = Rows::new(&["field", "value", "commit", "date", "author", "subject"]);
            for line in &lines {
                let c = &line.commit;
                let value = if short { fielddiff::shown(&line.value) } else { fielddiff::render(&line.value) };
                rows.push(vec![
                    line.field.as_str().into(),
                    value.into(),
                    c.short().into(),
                    c.day().into(),
                    c.who().into(),
                    Value::from(c.subject.as_str()),
                ]);
            }
            rows.write(stdout, format, ctx.color)?;
        }
    }
    Ok(Outcome::Ok)
}
