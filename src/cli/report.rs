//! `kam report <name>`: one report of the book.

use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::diag::suggestion;
use crate::error::KamError;
use crate::report::{self, ReportOptions};
use crate::score::{self, Options};

/// Print a report: abc, rfm, matrix, pipeline, forecast, cadence, health, coverage, credit, portfolio,
/// dates, complaints, loyalty
///
/// Every report prints as a table, TSV, CSV, JSON, NDJSON or Markdown (`--format`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The report
    #[arg(value_name = "NAME")]
    name: String,
    /// See group accounts as one: fold every account into the top of its `parent` chain
    #[arg(long)]
    rollup: bool,
    /// Days ahead to look, today included (`dates` only; default 30)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=36_500))]
    days: Option<u64>,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    if !report::NAMES.contains(&args.name.as_str()) {
        let msg = format!("no report `{}`{}", args.name, suggestion(&args.name, report::NAMES.iter().copied()));
        return Err(KamError::usage(msg).with_hint(format!("reports: {}", report::NAMES.join(", "))).into());
    }
    if args.days.is_some() && args.name != "dates" {
        return Err(KamError::usage(format!("`--days` applies to `report dates`, not `report {}`", args.name)).into());
    }
    let session = session::open(ctx)?;
    session::warn_skipped(ctx, &session, stderr);
    let rolled = args.rollup.then(|| session.loaded.book.rolled_up());
    let book = rolled.as_ref().unwrap_or(&session.loaded.book);
    let scores = score::score_book(book, session.today, Options::default());
    let options = ReportOptions { days: args.days };
    let rows = report::build(&args.name, book, &scores, session.today, options)
        .ok_or_else(|| KamError::usage(format!("no report `{}`", args.name)))?;
    rows.write(stdout, ctx.format(), ctx.color)?;
    Ok(Outcome::Ok)
}
