//! `kam show <account>`: the account card.

use super::{CmdResult, Out, Outcome, session};
use crate::check;
use crate::context::Context;
use crate::diag::suggestion;
use crate::error::KamError;
use crate::fields;
use crate::model::words::Word;
use crate::model::{Account, Book};
use crate::query;
use crate::render::{Format, Rows};
use crate::score::AccountScore;
use crate::score::facts::Facts;
use crate::value::Value;
use chrono::NaiveDate;

/// Show the account card: profile, team, decision chain, open opportunities, recent interactions, warnings
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The account id
    account: String,
    /// How many of the latest interactions to show
    #[arg(long, default_value_t = 10, value_name = "N")]
    last: usize,
}

/// The card as named sections of rows, built once and rendered in any format.
struct Card {
    title: String,
    profile: Vec<(&'static str, Value)>,
    sections: Vec<(&'static str, Rows)>,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let session = session::open(ctx)?;
    let book = &session.loaded.book;
    let account = book.account(&args.account).ok_or_else(|| {
        KamError::usage(format!("no account `{}`{}", args.account, suggestion(&args.account, book.account_ids())))
    })?;
    session::warn_skipped(ctx, &session, stderr);
    let scores = crate::score::score_book(book, session.today, crate::score::Options::default());
    let card = build(book, account, scores.get(&account.id), session.today, args.last);
    match ctx.format() {
        Format::Json | Format::Ndjson => {
            let mut obj = serde_json::Map::new();
            obj.insert(
                "account".into(),
                serde_json::Value::Object(card.profile.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect()),
            );
            for (name, rows) in &card.sections {
                obj.insert(name.replace(' ', "_"), rows.to_json());
            }
            let value = serde_json::Value::Object(obj);
            if ctx.format() == Format::Json {
                serde_json::to_writer_pretty(&mut *stdout, &value).map_err(std::io::Error::from)?;
            } else {
                serde_json::to_writer(&mut *stdout, &value).map_err(std::io::Error::from)?;
            }
            writeln!(stdout)?;
        }
        Format::Markdown => {
            writeln!(stdout, "# {}\n", card.title)?;
            for (k, v) in card.profile.iter().filter(|(_, v)| !is_empty(v)) {
                writeln!(stdout, "- **{k}**: {v}")?;
            }
            for (name, rows) in &card.sections {
                writeln!(stdout, "\n## {}\n", capitalise(name))?;
                rows.write(stdout, Format::Markdown, false)?;
            }
        }
        format => {
            let bold = |s: &str| if ctx.color { format!("\x1b[1m{s}\x1b[0m") } else { s.to_string() };
            writeln!(stdout, "{}", bold(&card.title))?;
            let width = card.profile.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            for (k, v) in card.profile.iter().filter(|(_, v)| !is_empty(v)) {
                writeln!(stdout, "  {k:<width$}  {v}")?;
            }
            for (name, rows) in &card.sections {
                writeln!(stdout, "\n{}", bold(&capitalise(name)))?;
                if rows.rows.is_empty() {
                    writeln!(stdout, "  (none)")?;
                    continue;
                }
                let mut text = Vec::new();
                let inner = if format == Format::Table { Format::Table } else { format };
                rows.write(&mut text, inner, ctx.color)?;
                for line in String::from_utf8_lossy(&text).lines() {
                    writeln!(stdout, "  {line}")?;
                }
            }
        }
    }
    Ok(Outcome::Ok)
}

fn is_empty(v: &Value) -> bool {
    matches!(v, Value::Null)
        || matches!(v, Value::List(l) if l.is_empty())
        || matches!(v, Value::Text(t) if t.is_empty())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn build(book: &Book, a: &Account, score: Option<&AccountScore>, today: NaiveDate, last: usize) -> Card {
    let facts = Facts::of(a, today, book.config.kam.window_days);
    let record = fields::account(a, &facts, score);
    let keep = [
        "id",
        "segment",
        "industry",
        "region",
        "tier",
        "status",
        "owner",
        "parent",
        "since",
        "tags",
        "credit.limit",
        "credit.terms_days",
        "credit.rating",
        "potential.annual_units",
        "potential.wallet",
        "competitors",
        "snooze.until",
        "last_touch",
        "last_order",
        "revenue_12m",
        "margin_12m",
        "collected_12m",
        "orders_12m",
        "abc",
        "rfm_segment",
        "value_matrix",
        "clv",
        "p_alive",
        "health",
        "health_status",
        "score",
        "outstanding",
        "overdue",
        "over_limit",
    ];
    let mut profile: Vec<(&'static str, Value)> = keep.iter().map(|k| (*k, record.get(k))).collect();
    profile.insert(1, ("name", a.name.as_str().into()));
    if let Some(plan) = &a.plan {
        profile.push(("objective", plan.objective.clone().into()));
        profile.push(("review_by", plan.review_by.into()));
    }
    let person_name = |id: &str| book.config.person(id).map_or(id.to_string(), |p| p.name.clone());

    let mut team = Rows::new(&["who", "name", "role", "left"]);
    if let Some(owner) = a.owner_id() {
        team.push(vec![
            owner.into(),
            person_name(owner).into(),
            "owner".into(),
            book.config.person(owner).and_then(|p| p.left).into(),
        ]);
    }
    for m in a.team.iter().filter(|m| Some(m.who.as_str()) != a.owner_id()) {
        let role = m.role.map(Word::as_str).unwrap_or("");
        team.push(vec![
            m.who.as_str().into(),
            person_name(&m.who).into(),
            role.into(),
            book.config.person(&m.who).and_then(|p| p.left).into(),
        ]);
    }

    let mut chain =
        Rows::new(&["contact", "name", "title", "roles", "stance", "influence", "covered_by", "last_touch", "left"]);
    let mut contacts: Vec<_> = a.contacts.iter().map(|c| fields::contact(a, c)).collect();
    // Most influential first; contacts without an influence last (as `--sort -influence,id`).
    let by_influence = [
        query::SortKey { field: "influence".into(), descending: true },
        query::SortKey { field: "id".into(), descending: false },
    ];
    contacts.sort_by(|x, y| query::compare(&by_influence, &|f| x.get(f), &|f| y.get(f)));
    for c in &contacts {
        chain.push(
            ["id", "name", "title", "roles", "stance", "influence", "covered_by", "last_touch", "left"]
                .iter()
                .map(|f| c.get(f))
                .collect(),
        );
    }

    let mut opps = Rows::new(&["opportunity", "name", "stage", "probability", "amount", "close", "owner"]);
    for o in &a.opportunities {
        let stage = book.config.stage(&o.stage);
        if stage.is_some_and(|s| s.is_closed()) {
            continue;
        }
        opps.push(vec![
            o.id.as_str().into(),
            (&*o.name).into(),
            o.stage.as_str().into(),
            stage.map(|s| s.probability).into(),
            o.amount.into(),
            o.close.into(),
            o.owner.as_ref().map(|w| w.value.clone()).into(),
        ]);
    }

    let mut recent = Rows::new(&["date", "kind", "by", "with", "amount", "summary", "next"]);
    for i in a.interactions.iter().rev().take(last) {
        let next = i.next.as_ref().filter(|n| !n.done).map(|n| match n.due {
            Some(d) => format!("{} (due {d})", n.what),
            None => n.what.to_string(),
        });
        recent.push(vec![
            i.date.value.into(),
            i.kind.as_str().into(),
            Value::List(i.by.iter().map(|b| b.as_str().into()).collect()),
            Value::List(i.with.iter().map(|w| w.as_str().into()).collect()),
            i.amount.into(),
            i.summary.clone().into(),
            next.into(),
        ]);
    }

    let mut health = Rows::new(&["term", "points", "detail"]);
    for t in score.iter().flat_map(|s| &s.health.terms).filter(|t| t.points != 0.0) {
        health.push(vec![t.name.into(), Value::Num(-t.points), t.detail.as_str().into()]);
    }

    let mut warnings = Rows::new(&["severity", "code", "path", "message"]);
    let prefix = format!("accounts/{}/", a.id);
    let mut diags = check::check_book(book, today);
    diags.retain(|d| d.path.starts_with(&prefix));
    crate::diag::sort(&mut diags);
    for d in &diags {
        warnings.push(vec![
            d.severity.to_string().into(),
            d.code.into(),
            d.path.as_str().into(),
            d.message.as_str().into(),
        ]);
    }

    Card {
        title: format!("{} ({})", a.name.value, a.id),
        profile,
        sections: vec![
            ("team", team),
            ("decision chain", chain),
            ("open opportunities", opps),
            ("last interactions", recent),
            ("warnings", warnings),
        ],
    }
}
