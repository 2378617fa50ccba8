//! `kam check`: validate the whole book and print every finding.

use super::{CmdResult, Out, Outcome, session};
use crate::check::{self, Filter, codes};
use crate::context::Context;
use crate::diag::Severity;
use crate::render::{Format, Rows, diagnostics};
use crate::source::git;

/// Validate every file of the book: syntax, fields, layout, references, dates, duplicates and tier policy
///
/// Prints one line per finding (`path:line:col: severity[CODE]: message`) and a summary on
/// stderr. Exits 1 when any error (or, with `--deny warnings`, any warning) was found.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Check only entities whose files changed since REV (references still resolve against the whole book)
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Treat warnings as errors for the exit code
    #[arg(long, value_name = "warnings", value_parser = ["warnings"])]
    deny: Option<String>,
    /// Report only these codes or code prefixes, e.g. `E2` (can be repeated)
    #[arg(long, value_name = "CODE", num_args = 1.., value_delimiter = ',')]
    select: Vec<String>,
    /// Do not report these codes or code prefixes (can be repeated)
    #[arg(long, value_name = "CODE", num_args = 1.., value_delimiter = ',')]
    ignore: Vec<String>,
    /// List every diagnostic code with its description instead of checking
    #[arg(long)]
    list_codes: bool,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    if args.list_codes {
        if ctx.format() == Format::Markdown {
            stdout.write_all(codes::markdown_table().as_bytes())?;
            return Ok(Outcome::Ok);
        }
        let mut rows = Rows::new(&["code", "name", "severity", "description", "example"]);
        for c in codes::CODES {
            rows.push(vec![
                c.code.into(),
                c.name.into(),
                c.severity.to_string().into(),
                c.summary.into(),
                c.example.into(),
            ]);
        }
        rows.write(stdout, ctx.format(), ctx.color)?;
        return Ok(Outcome::Ok);
    }
    let session = session::open(ctx)?;
    let mut diags = session.loaded.diags.clone();
    diags.extend(check::check_book(&session.loaded.book, session.today));
    let paths = match &args.changed_since {
        Some(rev) => {
            let (repo, prefix) = git::open(&session.root)?;
            Some(changed_entities(git::changed_since(&repo, &prefix, rev)?))
        }
        None => None,
    };
    let filter = Filter { select: args.select, ignore: args.ignore, paths };
    let diags = filter.apply(diags);
    match ctx.explicit_format() {
        Some(Format::Json) => diagnostics::write_json(stdout, &diags)?,
        Some(Format::Ndjson) => {
            for d in &diags {
                serde_json::to_writer(&mut *stdout, d).map_err(std::io::Error::from)?;
                writeln!(stdout)?;
            }
        }
        _ => diagnostics::write_lines(stdout, &diags, ctx.color)?,
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    if !ctx.quiet && !diags.is_empty() {
        let _ = writeln!(stderr, "kam check: {}", diagnostics::summary(&diags));
    }
    let deny_warnings = args.deny.is_some();
    if errors > 0 || (deny_warnings && warnings > 0) { Ok(Outcome::DataProblems) } else { Ok(Outcome::Ok) }
}

/// A changed file stands for its entity; a changed account.toml also for the account's
/// own findings. Paths are kept as given: a diagnostic matches by exact path.
fn changed_entities(paths: Vec<String>) -> Vec<String> {
    paths.into_iter().filter(|p| crate::source::is_book_path(p)).collect()
}
