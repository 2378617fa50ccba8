//! `kam verify [RANGE]`: the ownership guard for CI.

use super::{CmdResult, Out, Outcome};
use crate::context::Context;
use crate::render::Rows;
use crate::value::Value;
use crate::verify;

/// Check that every commit changing an account comes from its owner, its team, a manager or a handover
///
/// RANGE is `BASE..HEAD` (what a pull request adds), or one revision (everything reachable
/// from it); by default the commits of HEAD its upstream does not have, or all of HEAD's.
/// Exits 1 when any commit breaks the rule.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Commits to check: BASE..HEAD, or a revision
    #[arg(value_name = "RANGE")]
    range: Option<String>,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let root = ctx.find_root()?;
    let (repo, prefix) = crate::source::git::open(&root)?;
    let oids = verify::commits(&repo, args.range.as_deref())?;
    let report = verify::verify(&repo, &prefix, &oids)?;
    let mut rows = Rows::new(&["commit", "date", "author", "email", "person", "account", "files", "reason"]);
    for v in &report.violations {
        rows.push(vec![
            v.commit.to_string()[..7].into(),
            v.date.as_str().into(),
            v.author.as_str().into(),
            v.email.as_str().into(),
            v.person.clone().into(),
            v.account.as_str().into(),
            Value::List(v.files.iter().map(|f| f.as_str().into()).collect()),
            v.reason.as_str().into(),
        ]);
    }
    if !report.violations.is_empty() {
        rows.write(stdout, ctx.format(), ctx.color)?;
    }
    if !ctx.quiet {
        writeln!(
            stderr,
            "kam: {} commit{} checked, {} changing accounts: {} violation{}",
            report.commits,
            if report.commits == 1 { "" } else { "s" },
            report.checked,
            report.violations.len(),
            if report.violations.len() == 1 { "" } else { "s" }
        )?;
    }
    Ok(if report.violations.is_empty() { Outcome::Ok } else { Outcome::DataProblems })
}
