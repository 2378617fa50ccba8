//! `kam import csv FILE --entity E`: bring in a CRM export as new files, all or nothing.

use super::{CmdResult, Out, Outcome, session};
use crate::context::Context;
use crate::diag::Diagnostic;
use crate::error::KamError;
use crate::import::{self, Entity, Plan, Request, Status, columns};
use crate::render::Rows;
use crate::source::worktree::Worktree;
use crate::value::Value;
use crate::write::{commit, transaction, validate};
use clap::ValueEnum;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Import entities from a file exported by a CRM or a spreadsheet
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
enum Format {
    Csv(CsvArgs),
}

/// Import a CSV file: one new account, contact, interaction or opportunity per row
///
/// Columns are mapped to kam fields by --map, then by the --preset's knowledge of the
/// CRM's export, then by headers that are field names. Each cell is converted (dates such
/// as 2026-03-12, 2026/3/12 or 3/12/2026 (month first); numbers with thousands
/// separators; the model's words; our people by id, name or email). Rows that duplicate
/// what the book has (accounts: same name; contacts: same email; opportunities: same
/// name in the account; interactions: same date, kind and summary) or an earlier row are
/// skipped and reported. Any other problem rejects the row, and one rejected row, or an
/// error `kam check` would find in the new files, writes nothing at all.
///
/// Ids are slugs of the names (`Anji Logistics` → anji-logistics); a name without a Latin
/// letter (上海安吉物流) gets a derived id: `acct-`, `contact-` or `opp-` and 8 hex digits
/// of its FNV-1a hash (a contact first tries the part of its email before the @). An id
/// already used gets -2, -3, …; interactions are <date>-<kind>.
///
/// The file may be UTF-8 (with or without a byte-order mark) or GBK, as Chinese Excel
/// saves CSV; the encoding is detected unless --encoding names it.
#[derive(Debug, clap::Args)]
struct CsvArgs {
    /// The CSV file (the first row is the header)
    file: PathBuf,
    /// What each row is
    #[arg(long, value_enum)]
    entity: EntityArg,
    /// Read COLUMN as kam FIELD (e.g. "Region=region", "credit.limit"); FIELD - ignores the column (can be repeated)
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    maps: Vec<String>,
    /// The CRM whose export layout the file has (default: none; columns are mapped by --map and field names)
    #[arg(long, value_enum)]
    preset: Option<PresetArg>,
    /// The account of every row, by id (contacts, interactions, opportunities; default: from the file)
    #[arg(long, value_name = "ID")]
    account: Option<String>,
    /// The file's encoding (default: detected; UTF-8, else GBK)
    #[arg(long, value_enum)]
    encoding: Option<EncodingArg>,
    /// Print what each row would become (row, id, path, status, reason) and write nothing
    #[arg(long)]
    dry_run: bool,
    /// Commit exactly the new files, with a Kam-Account trailer per account
    #[arg(long)]
    commit: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum EntityArg {
    Accounts,
    Contacts,
    Interactions,
    Opportunities,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum PresetArg {
    Salesforce,
    Hubspot,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    Gbk,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let Format::Csv(args) = args.format;
    if ctx.as_of.is_some() {
        return Err(KamError::usage("import writes to the working tree; it cannot run --as-of a revision").into());
    }
    let maps = args.maps.iter().map(|m| columns::parse_map(m)).collect::<Result<Vec<_>, _>>()?;
    let bytes =
        std::fs::read(&args.file).map_err(|e| KamError::usage(format!("cannot read {}: {e}", args.file.display())))?;
    let file_name =
        args.file.file_name().map_or_else(|| args.file.display().to_string(), |n| n.to_string_lossy().into());
    let session = session::open(ctx)?;
    let request = Request {
        entity: match args.entity {
            EntityArg::Accounts => Entity::Accounts,
            EntityArg::Contacts => Entity::Contacts,
            EntityArg::Interactions => Entity::Interactions,
            EntityArg::Opportunities => Entity::Opportunities,
        },
        preset: args.preset.map(|p| match p {
            PresetArg::Salesforce => import::Preset::Salesforce,
            PresetArg::Hubspot => import::Preset::Hubspot,
        }),
        maps: &maps,
        account: args.account.as_deref(),
        encoding: args.encoding.map(|e| match e {
            EncodingArg::Utf8 => import::Encoding::Utf8,
            EncodingArg::Gbk => import::Encoding::Gbk,
        }),
        file_name: &file_name,
    };
    let root = &session.root;
    let mut plan = import::plan(&session.loaded.book, &bytes, &request, &|path| root.join(path).exists())?;

    let repo = commit::repository(root);
    if args.commit && repo.is_none() && !args.dry_run {
        return Err(KamError::env("--commit needs the book to be in a git repository").into());
    }

    // Validate the book as it would be after the import: an error in a new file rejects
    // its row; an error elsewhere (a clash between files) rejects the import.
    let changes: BTreeMap<String, Option<Vec<u8>>> =
        plan.files().map(|(path, content)| (path.to_string(), Some(content.as_bytes().to_vec()))).collect();
    let mut introduced = Vec::new();
    if !changes.is_empty() {
        let after = validate::load_after(&Worktree::new(root), &changes)?;
        introduced = validate::introduced(&session.loaded, &after, session.today);
        plan.reject_introduced(&introduced);
    }
    let refused = plan.count(Status::Rejected) > 0 || !introduced.is_empty();

    if args.dry_run {
        rows(&plan).write(stdout, ctx.format(), ctx.color)?;
    }
    // A problem in a row's new file is that row's reason in the summary; the others (a
    // clash with files already there) are printed here, once.
    let elsewhere: Vec<Diagnostic> = introduced
        .iter()
        .filter(|d| !plan.rows.iter().any(|r| r.path.as_deref() == Some(d.path.as_str())))
        .cloned()
        .collect();
    if !elsewhere.is_empty() {
        crate::render::diagnostics::write_lines(stderr, &elsewhere, ctx.color_stderr)?;
    }
    let written = !args.dry_run && !refused && plan.count(Status::New) > 0;
    let mut committed = String::new();
    if written {
        let files: Vec<transaction::Change> = plan
            .files()
            .map(|(path, content)| transaction::Change {
                path: root.join(path),
                old: None,
                new: Some(content.as_bytes().to_vec()),
            })
            .collect();
        transaction::apply(&files)?;
        if args.commit
            && let Some((repo, prefix)) = &repo
        {
            let paths: Vec<&str> = plan.files().map(|(path, _)| path).collect();
            let oid = commit::commit_files(repo, prefix, root, &paths, &import::commit_message(&plan, &file_name))?;
            committed = format!("; committed {}", &oid.to_string()[..7]);
        }
    }
    summary(ctx, &plan, &file_name, !args.dry_run && !refused, &committed, stderr)?;
    if refused {
        let rejected = plan.count(Status::Rejected);
        let what = if rejected > 0 {
            format!("{rejected} row{} rejected", if rejected == 1 { "" } else { "s" })
        } else {
            "the new files would make the book invalid".to_string()
        };
        let tail = if args.dry_run { "the import would write nothing" } else { "nothing was written" };
        return Err(KamError::data(format!("{what}; {tail}")).into());
    }
    Ok(Outcome::Ok)
}

/// The dry run's table: one row per data row of the file.
fn rows(plan: &Plan) -> Rows {
    let mut rows = Rows::new(&["row", "id", "path", "status", "reason"]);
    for r in &plan.rows {
        let text = |s: &Option<String>| s.as_deref().map_or(Value::Null, |s| Value::Text(s.to_string()));
        let reason = if r.reasons.is_empty() { Value::Null } else { Value::Text(r.reasons.join("; ")) };
        rows.push(vec![Value::Int(r.line as i64), text(&r.id), text(&r.path), r.status.as_str().into(), reason]);
    }
    rows
}

/// The summary on stderr: counts (of files `done`, or only planned), then each skipped or
/// rejected row with its reasons. Rejections are printed even under `-q`: they are why
/// the command failed.
fn summary(
    ctx: &Context,
    plan: &Plan,
    file: &str,
    done: bool,
    committed: &str,
    stderr: Out<'_>,
) -> std::io::Result<()> {
    let new = plan.count(Status::New);
    if !ctx.quiet {
        let encoding = plan.encoding.map_or(String::new(), |e| format!(" ({e})"));
        let verb = if done { "created" } else { "to create" };
        writeln!(
            stderr,
            "kam: import {file}{encoding}: {} {verb}, {} skipped as duplicate, {} rejected{committed}",
            plan.entity.count(new),
            plan.count(Status::Duplicate),
            plan.count(Status::Rejected),
        )?;
    }
    for r in &plan.rows {
        let label = match r.status {
            Status::New => continue,
            Status::Duplicate if ctx.quiet => continue,
            Status::Duplicate => "skipped",
            Status::Rejected => "rejected",
        };
        writeln!(stderr, "  row {}: {label}: {}", r.line, r.reasons.join("; "))?;
    }
    if !ctx.quiet && !plan.ignored.is_empty() {
        writeln!(stderr, "  ignored columns: {}", plan.ignored.join(", "))?;
    }
    Ok(())
}
