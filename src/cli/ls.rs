//! `kam ls`: list entities with filters, sorting and chosen columns.

use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::error::KamError;
use crate::fields::{self, Entity, Record};
use crate::query;
use crate::render::Rows;

/// List accounts, contacts, interactions, opportunities or people
///
/// Fields are the TOML fields (dotted for nested ones: `credit.limit`) and derived ones
/// such as `last_touch` and `revenue_12m`; `kam ls accounts --columns help` lists them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to list
    #[arg(value_enum)]
    entity: EntityArg,
    /// Keep only entities matching the query, e.g. 'tier:A not:status:churned last_touch>30d'
    #[arg(long, short = 'w', value_name = "EXPR")]
    r#where: Option<String>,
    /// Use a saved query from kam.toml's [queries] (combined with --where by AND)
    #[arg(long, value_name = "NAME")]
    query: Option<String>,
    /// Sort by these fields; a leading `-` sorts descending (default: the natural order)
    #[arg(long, value_name = "KEY[,KEY]", allow_hyphen_values = true)]
    sort: Option<String>,
    /// Show at most N entities
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Show these fields, comma-separated (`help` lists them)
    #[arg(long, value_name = "a,b")]
    columns: Option<String>,
    /// Exit 1 when nothing matches
    #[arg(long)]
    fail_empty: bool,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum EntityArg {
    Accounts,
    Contacts,
    Interactions,
    Opportunities,
    People,
}

impl From<EntityArg> for Entity {
    fn from(e: EntityArg) -> Self {
        match e {
            EntityArg::Accounts => Entity::Accounts,
            EntityArg::Contacts => Entity::Contacts,
            EntityArg::Interactions => Entity::Interactions,
            EntityArg::Opportunities => Entity::Opportunities,
            EntityArg::People => Entity::People,
        }
    }
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let entity = Entity::from(args.entity);
    let known = entity.fields();
    if args.columns.as_deref() == Some("help") {
        let mut rows = Rows::new(&["field"]);
        for f in known {
            rows.push(vec![(*f).into()]);
        }
        rows.write(stdout, ctx.format(), ctx.color)?;
        return Ok(Outcome::Ok);
    }
    let columns: Vec<&str> = match &args.columns {
        Some(list) => {
            let cols: Vec<&str> = list.split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
            for c in &cols {
                if !known.contains(c) {
                    return Err(unknown_field(c, known).into());
                }
            }
            cols
        }
        None => entity.default_columns().to_vec(),
    };
    let session = session::open(ctx)?;
    let book = &session.loaded.book;
    let mut expr_text = args.r#where.clone().unwrap_or_default();
    if let Some(name) = &args.query {
        let saved = book.config.queries.get(name).ok_or_else(|| {
            let names: Vec<&str> = book.config.queries.keys().map(String::as_str).collect();
            KamError::usage(format!(
                "no saved query `{name}` in kam.toml [queries]{}",
                crate::diag::suggestion(name, names.iter().copied())
            ))
        })?;
        expr_text = if expr_text.is_empty() { saved.clone() } else { format!("({saved}) ({expr_text})") };
    }
    let expr = if expr_text.trim().is_empty() {
        None
    } else {
        let e = query::parse(&expr_text).map_err(|e| query_error(&expr_text, &e))?;
        e.check_fields(known).map_err(|e| query_error(&expr_text, &e))?;
        Some(e)
    };
    let sort = match &args.sort {
        Some(spec) => {
            let keys = query::parse_sort(spec).map_err(|e| query_error(spec, &e))?;
            for k in &keys {
                if !known.contains(&k.field.as_str()) {
                    return Err(unknown_field(&k.field, known).into());
                }
            }
            keys
        }
        None => Vec::new(),
    };
    session::warn_skipped(ctx, &session, stderr);
    let today = session.today;
    let used: Vec<&str> = columns
        .iter()
        .copied()
        .chain(sort.iter().map(|k| k.field.as_str()))
        .chain(expr.iter().flat_map(|e| e.fields()))
        .collect();
    let scores = (entity == Entity::Accounts && used.iter().any(|f| fields::SCORE_FIELDS.contains(f)))
        .then(|| crate::score::score_book(book, today, crate::score::Options::default()));
    let mut records: Vec<Record> = entity.records(book, today, scores.as_ref());
    if let Some(expr) = &expr {
        records.retain(|r| expr.matches(&|f| r.get(f), today));
    }
    if !sort.is_empty() {
        records.sort_by(|a, b| query::compare(&sort, &|f| a.get(f), &|f| b.get(f)));
    }
    if let Some(n) = args.limit {
        records.truncate(n);
    }
    let mut rows = Rows::new(&columns);
    for r in &records {
        rows.push(columns.iter().map(|c| r.get(c)).collect());
    }
    rows.write(stdout, ctx.format(), ctx.color)?;
    if args.fail_empty && records.is_empty() { Ok(Outcome::DataProblems) } else { Ok(Outcome::Ok) }
}

fn unknown_field(name: &str, known: &[&str]) -> KamError {
    KamError::usage(format!("unknown field `{name}`{}", crate::diag::suggestion(name, known.iter().copied())))
        .with_hint(format!("valid fields: {}", known.join(", ")))
}

fn query_error(input: &str, e: &query::QueryError) -> KamError {
    let mut msg = format!("invalid query: {}", e.message);
    if let Some(pos) = e.position {
        msg.push_str(&format!(
            "\n  {input}\n  {}^",
            " ".repeat(unicode_width::UnicodeWidthStr::width(input.chars().take(pos).collect::<String>().as_str()))
        ));
    }
    KamError::usage(msg)
}
