//! `kam sql "SELECT …"`: one read-only SQL statement over the book's tables.

use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::export::{self, Export, tables};
use crate::score::{self, Options};

/// Run one read-only SQL statement over the book
///
/// The book and its scores are loaded into an in-memory SQLite database with the tables of
/// `kam export sqlite`: accounts, contacts, interactions, opportunities, people and scores.
/// Lists are JSON text (use json_each), dates are ISO-8601 text. See the columns with
/// `kam sql "SELECT * FROM pragma_table_info('accounts')"`, every table with
/// `kam sql "SELECT sql FROM sqlite_schema"`.
///
/// Writes, schema changes, ATTACH, transactions, extensions and setting PRAGMAs are refused
/// (exit 2), and so is more than one statement.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The statement, e.g. "SELECT owner, count(*) FROM accounts GROUP BY owner"
    #[arg(value_name = "SQL")]
    query: String,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let session = session::open(ctx)?;
    session::warn_skipped(ctx, &session, stderr);
    let book = &session.loaded.book;
    let scores = score::score_book(book, session.today, Options::default());
    let export = Export { book, scores: &scores, today: session.today, redact: false };
    let conn = export::sqlite::in_memory(&tables::tables(&export))?;
    let rows = export::sql::query(conn, &args.query)?;
    rows.write(stdout, ctx.format(), ctx.color)?;
    Ok(Outcome::Ok)
}
