//! `kam score`: every score of SPEC section 4 per account.

use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::diag::suggestion;
use crate::error::KamError;
use crate::render::{Format, Rows};
use crate::score::{self, AccountScore, Options};
use crate::value::Value;

/// Compute every score per account: revenue, ABC, RFM, value matrix, CLV, health, coverage, credit, priority
///
/// `--format json` prints one object per account with the keys of SPEC section 4. With
/// `-v`, the fitted CLV model (its parameters and sample) is printed on stderr.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Accounts to show (default: all)
    #[arg(value_name = "ACCOUNT")]
    accounts: Vec<String>,
    /// Show every health and priority term with its points and the facts behind it
    #[arg(long)]
    explain: bool,
    /// Days ahead for the CLV expectation
    #[arg(long, default_value_t = 365, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(1..=36_500))]
    horizon: i64,
    /// See group accounts as one: fold every account into the top of its `parent` chain
    #[arg(long)]
    rollup: bool,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let mut session = session::open(ctx)?;
    // The warning is about the book as stored: worked out before a rollup replaces it.
    let warning = session::skipped_warning(ctx, &session);
    if args.rollup {
        session.loaded.book = std::mem::take(&mut session.loaded.book).rolled_up();
    }
    let book = &session.loaded.book;
    for id in &args.accounts {
        if book.account(id).is_none() {
            return Err(KamError::usage(format!("no account `{id}`{}", suggestion(id, book.account_ids()))).into());
        }
    }
    if let Some(warning) = warning {
        let _ = writeln!(stderr, "{warning}");
    }
    let scores = score::score_book(book, session.today, Options { horizon_days: args.horizon });
    if ctx.verbose && !ctx.quiet {
        for line in scores.model.describe() {
            writeln!(stderr, "kam: {line}")?;
        }
    }
    let selected: Vec<&AccountScore> =
        scores.accounts.iter().filter(|s| args.accounts.is_empty() || args.accounts.contains(&s.account)).collect();
    match ctx.format() {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *stdout, &selected).map_err(std::io::Error::from)?;
            writeln!(stdout)?;
        }
        Format::Ndjson => {
            for s in &selected {
                serde_json::to_writer(&mut *stdout, s).map_err(std::io::Error::from)?;
                writeln!(stdout)?;
            }
        }
        format if args.explain => explain(stdout, &selected, format, ctx.color)?,
        format => summary_rows(&selected).write(stdout, format, ctx.color)?,
    }
    Ok(Outcome::Ok)
}

/// One flat row per account, for tables and TSV/CSV.
pub fn summary_rows(scores: &[&AccountScore]) -> Rows {
    let mut rows = Rows::new(&[
        "account",
        "tier",
        "abc",
        "revenue_12m",
        "collected_12m",
        "rfm_segment",
        "value_matrix",
        "clv",
        "p_alive",
        "health",
        "health_status",
        "score",
        "owner",
    ]);
    for s in scores {
        rows.push(vec![
            s.account.as_str().into(),
            s.tier.clone().into(),
            s.abc.into(),
            Value::Num(s.revenue_12m),
            Value::Num(s.collected_12m),
            s.rfm.segment.map(Value::from).unwrap_or(Value::Null),
            s.value_matrix.into(),
            Value::Num(s.clv.value.round()),
            s.clv.p_alive.map_or(Value::Null, |p| Value::Num((p * 100.0).round() / 100.0)),
            Value::Int(s.health.score),
            s.health.status.into(),
            Value::Int(s.score),
            s.owner.clone().into(),
        ]);
    }
    rows
}

fn explain(out: Out<'_>, scores: &[&AccountScore], format: Format, color: bool) -> std::io::Result<()> {
    for (i, s) in scores.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let heading = format!(
            "{} ({}): health {} ({}), priority score {}",
            s.name, s.account, s.health.score, s.health.status, s.score
        );
        if format == Format::Markdown {
            writeln!(out, "## {heading}\n")?;
        } else {
            writeln!(out, "{heading}")?;
        }
        let mut rows = Rows::new(&["term", "points", "detail"]);
        for t in &s.health.terms {
            let points = if t.points == 0.0 { Value::Num(0.0) } else { Value::Num(-t.points) };
            rows.push(vec![t.name.into(), points, t.detail.as_str().into()]);
        }
        for t in &s.priority {
            rows.push(vec![format!("priority:{}", t.name).into(), Value::Num(t.points), t.detail.as_str().into()]);
        }
        rows.write(out, format, color)?;
    }
    Ok(())
}
