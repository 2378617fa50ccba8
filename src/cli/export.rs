//! `kam export <format>`: the whole book for other tools.

use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::error::KamError;
use crate::export::{self, Export, tables};
use crate::score::{self, Options};
use crate::write::{self, transaction};
use std::path::{Path, PathBuf};

/// Export the book: JSON, NDJSON, CSV, SQLite, vCard or iCalendar
///
/// json: one object {today, accounts, contacts, interactions, opportunities, people};
/// accounts carry their `plan` and `scores`, children their `account`. ndjson: one object
/// per line with an `entity` key. csv: one file per table into the --out directory. sqlite: a
/// database with the tables accounts, contacts, interactions, opportunities, people and
/// scores (the ones `kam sql` queries). vcard: a vCard 4.0 per contact. ics: an iCalendar
/// of open next steps, open plan actions, close dates of open opportunities, birthdays and
/// account dates (yearly).
///
/// json, ndjson, vcard and ics go to stdout unless --out is given. Files are written
/// atomically. The global --format does not apply.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to export
    #[arg(value_enum, value_name = "FORMAT")]
    kind: Kind,
    /// Write to this file (for csv: this directory, created if missing); required for csv and sqlite
    #[arg(long, short, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Leave out personal fields: phone, email, birthday and preferences (and birthday events)
    #[arg(long)]
    redact: bool,
    /// Replace an existing SQLite file (kam does not overwrite one otherwise)
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Json,
    Ndjson,
    Csv,
    Sqlite,
    Vcard,
    Ics,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let out = args.out.as_ref().map(|p| ctx.start_dir.join(p));
    if out.is_none() && matches!(args.kind, Kind::Csv | Kind::Sqlite) {
        let what = if args.kind == Kind::Csv { "a directory" } else { "a file" };
        return Err(KamError::usage(format!("this export needs --out PATH ({what} to write)")).into());
    }
    let session = session::open(ctx)?;
    session::warn_skipped(ctx, &session, stderr);
    let scores = score::score_book(&session.loaded.book, session.today, Options::default());
    let redacted = args.redact.then(|| export::redacted(&session.loaded.book));
    let book = redacted.as_ref().unwrap_or(&session.loaded.book);
    let export = Export { book, scores: &scores, today: session.today, redact: args.redact };

    let bytes = match args.kind {
        Kind::Json | Kind::Ndjson => {
            let mut bytes = Vec::new();
            let write = if args.kind == Kind::Json { export::json::write_json } else { export::json::write_ndjson };
            write(&mut bytes, &export)?;
            bytes
        }
        Kind::Vcard => export::vcard::cards(book).into_bytes(),
        Kind::Ics => export::ics::calendar(book, session.today).into_bytes(),
        Kind::Csv => {
            let dir = out.as_deref().unwrap_or(Path::new("."));
            write_csv(dir, &tables::tables(&export))?;
            return Ok(Outcome::Ok);
        }
        Kind::Sqlite => {
            let path = out.as_deref().unwrap_or(Path::new("kam.db"));
            let bytes = export::sqlite::file_bytes(&tables::tables(&export))?;
            if args.force {
                write::atomic_write(path, &bytes)?;
            } else {
                write::create_new(path, &bytes)
                    .map_err(|e| if path.exists() { e.with_hint("pass --force to replace it") } else { e })?;
            }
            return Ok(Outcome::Ok);
        }
    };
    match &out {
        Some(path) => write::atomic_write(path, &bytes)?,
        None => stdout.write_all(&bytes)?,
    }
    Ok(Outcome::Ok)
}

/// Writes one CSV file per table into `dir`: all of them or, on any failure, none.
fn write_csv(dir: &Path, tables: &[tables::Table]) -> Result<(), KamError> {
    if dir.exists() && !dir.is_dir() {
        return Err(KamError::usage(format!(
            "{} is not a directory; csv writes one file per table into one",
            dir.display()
        )));
    }
    let files = export::csv::files(tables).map_err(|e| KamError::env(format!("cannot write CSV: {e}")))?;
    let mut changes = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let path = dir.join(name);
        let old = match std::fs::read(&path) {
            Ok(old) => Some(old),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(KamError::env(format!("cannot read {}: {e}", path.display()))),
        };
        changes.push(transaction::Change { path, old, new: Some(bytes) });
    }
    transaction::apply(&changes)
}
