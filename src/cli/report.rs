//! `kam report <name>`: one report of the book.

use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::diag::suggestion;
use crate::error::KamError;
use crate::history::People;
use crate::history::timeline::{Files, timeline};
use crate::report::velocity;
use crate::report::{self, ReportOptions};
use crate::score::{self, Options};
use crate::source::git::{self, GitRevision};
use chrono::NaiveDate;
use git2::Oid;
use std::collections::HashMap;

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
    /// One row per open opportunity instead of per stage (`pipeline` only)
    #[arg(long)]
    deals: bool,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    if !report::NAMES.contains(&args.name.as_str()) {
        let msg = format!("no report `{}`{}", args.name, suggestion(&args.name, report::NAMES.iter().copied()));
        return Err(KamError::usage(msg).with_hint(format!("reports: {}", report::NAMES.join(", "))).into());
    }
    if args.deals && args.name != "pipeline" {
        return Err(
            KamError::usage(format!("`--deals` applies to `report pipeline`, not `report {}`", args.name)).into()
        );
    }
    if args.days.is_some() && args.name != "dates" {
        return Err(KamError::usage(format!("`--days` applies to `report dates`, not `report {}`", args.name)).into());
    }
    let mut session = session::open(ctx)?;
    session::warn_skipped(ctx, &session, stderr);
    if args.rollup {
        session.loaded.book = std::mem::take(&mut session.loaded.book).rolled_up();
    }
    let book = &session.loaded.book;
    let scores = score::score_book(book, session.today, Options::default());
    let history = History::open(ctx, &session)?;
    let rows = match (args.name.as_str(), &history) {
        ("velocity" | "handovers", None) => {
            return Err(KamError::env(format!(
                "`report {}` reads git history; the book is not in a git repository",
                args.name
            ))
            .into());
        }
        ("velocity", Some(h)) => {
            let stages = timeline(&h.repo, &h.prefix, h.head, Files::Opportunities, "stage", &h.people)?;
            velocity::velocity(book, &stages, session.today)
        }
        ("handovers", Some(h)) => {
            let owners = timeline(&h.repo, &h.prefix, h.head, Files::Accounts, "owner", &h.people)?;
            let mut cache: HashMap<Oid, Option<crate::score::Scores>> = HashMap::new();
            let mut health = |account: &str, day: NaiveDate| h.health(&mut cache, account, day);
            velocity::handovers(&owners, session.today, &mut health)
        }
        (name, history) => {
            let stage_since = match history {
                Some(h) if name == "pipeline" => Some(velocity::stage_since(&timeline(
                    &h.repo,
                    &h.prefix,
                    h.head,
                    Files::Opportunities,
                    "stage",
                    &h.people,
                )?)),
                _ => None,
            };
            let options = ReportOptions { days: args.days, stage_since, deals: args.deals };
            report::build(name, book, &scores, session.today, &options)
                .ok_or_else(|| KamError::usage(format!("no report `{name}`")))?
        }
    };
    rows.write(stdout, ctx.format(), ctx.color)?;
    Ok(Outcome::Ok)
}

/// The git history a report reads: the repository, the book's place in it, the commit the
/// book was read at (HEAD, or `--as-of`), and who is who.
struct History {
    repo: git2::Repository,
    prefix: String,
    head: Oid,
    people: People,
    /// HEAD's first-parent line, newest first, with each commit's day.
    days: Vec<(NaiveDate, Oid)>,
}

impl History {
    /// The history of the session's book, when it is in a git repository with commits.
    fn open(ctx: &Context, session: &session::Session) -> Result<Option<History>, KamError> {
        let Ok((repo, prefix)) = git::open(&session.root) else { return Ok(None) };
        let head = match &ctx.as_of {
            Some(rev) => git::resolve(&repo, rev)?,
            None => match repo.head().ok().and_then(|h| h.peel_to_commit().ok()) {
                Some(c) => c.id(),
                None => return Ok(None),
            },
        };
        let people = People::new(&session.loaded.book.config);
        let days = git::first_parent_days(&repo.find_commit(head)?).collect();
        Ok(Some(History { repo, prefix, head, people, days }))
    }

    /// An account's health as the book stood on `day` (its last commit on HEAD's
    /// first-parent line that day or before), scored with `day` as today.
    fn health(
        &self,
        cache: &mut HashMap<Oid, Option<crate::score::Scores>>,
        account: &str,
        day: NaiveDate,
    ) -> Option<(i64, &'static str)> {
        let (_, commit) = *self.days.iter().find(|(d, _)| *d <= day)?;
        let scores = cache.entry(commit).or_insert_with(|| {
            let source = GitRevision::new(&self.repo, commit, self.prefix.clone());
            let loaded = crate::load::load(&source).ok()?;
            Some(score::score_book(&loaded.book, day, Options::default()))
        });
        scores.as_ref()?.get(account).map(|s| (s.health.score, s.health.status))
    }
}
