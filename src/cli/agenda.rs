//! `kam agenda`: what needs doing, grouped by day, for one person or everyone.

use super::{CmdResult, Out, Outcome, session};
use crate::agenda::{self, DEFAULT_DAYS, Item, Options};
use crate::context::Context;
use crate::diag::suggestion;
use crate::error::KamError;
use crate::render::{Format, Rows};
use crate::value::Value;
use chrono::NaiveDate;

/// Show what needs doing: next steps, plan actions, cadence breaches, complaints to follow up, birthdays and key dates
///
/// Overdue items come first (oldest first), then today, then each day up to today + N.
/// Every format but the table prints flat rows with the keys date, days (negative when
/// overdue), kind (next-step, action, cadence, complaint, birthday, date), account, who, what.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the items of this person (a people id of kam.toml), who is listed even after leaving
    #[arg(long, value_name = "PERSON")]
    who: Option<String>,
    /// Days ahead to look, today included; overdue items are always shown
    #[arg(long, default_value_t = DEFAULT_DAYS, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=36_500))]
    days: u64,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let session = session::open(ctx)?;
    let book = &session.loaded.book;
    if let Some(who) = &args.who
        && book.config.person(who).is_none()
    {
        let ids = book.config.people.iter().map(|p| p.id.as_str());
        return Err(KamError::usage(format!("no person `{who}` in kam.toml{}", suggestion(who, ids)))
            .with_hint("`kam ls people` lists them")
            .into());
    }
    session::warn_skipped(ctx, &session, stderr);
    let items = agenda::agenda(book, session.today, Options { days: args.days, who: args.who.as_deref() });
    let format = ctx.format();
    rows(&items, session.today, format == Format::Table).write(stdout, format, ctx.color)?;
    Ok(Outcome::Ok)
}

/// One row per item. For the table, the date shows once per day with its weekday; other
/// formats repeat it on every row, as ISO dates.
fn rows(items: &[Item], today: NaiveDate, grouped: bool) -> Rows {
    let mut rows = Rows::new(&["date", "days", "kind", "account", "who", "what"]);
    let mut previous = None;
    for item in items {
        let date = if !grouped {
            Value::Date(item.date)
        } else if previous == Some(item.date) {
            Value::Null
        } else {
            Value::Text(item.date.format("%Y-%m-%d %a").to_string())
        };
        previous = Some(item.date);
        rows.push(vec![
            date,
            Value::Int((item.date - today).num_days()),
            item.kind.as_str().into(),
            item.account.as_str().into(),
            Value::List(item.who.iter().map(|w| w.as_str().into()).collect()),
            item.what.as_str().into(),
        ]);
    }
    rows
}
