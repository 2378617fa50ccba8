//! The command line: clap definitions, global flags resolved into a `Context`, one file
//! per command, and the single place where results become exit codes. No clap type goes
//! below this module.

mod agenda;
mod blame;
mod check;
mod codeowners;
mod completions;
mod diff;
mod done;
mod export;
mod handover;
mod history;
mod import;
mod init;
mod ls;
mod merge;
mod new;
mod report;
mod schema;
mod score;
mod session;
mod set;
mod show;
mod sql;
mod verify;
mod write;

use crate::context::{ColorChoice, Context, GlobalOptions};
use crate::error::{KamError, exit};
use crate::render::Format;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// Key account management on a git repository of TOML files.
#[derive(Debug, Parser)]
#[command(name = "kam", version, about, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// How much of a pack the command maps at once (see `PackWindows`).
    pub fn pack_windows(&self) -> crate::source::git::PackWindows {
        use crate::source::git::PackWindows;
        match self.command {
            Command::Diff(_) => PackWindows::Compare,
            // A revision read through the parse cache is mostly its trees: small windows
            // keep its pages out of memory for a little remapping (see `PackWindows`).
            _ if self.global.as_of.is_some() && crate::context::uses_cache(self.global.no_cache) => {
                PackWindows::Compare
            }
            _ => PackWindows::Read,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Run as if started in DIR (default: KAM_DIR, else the current directory)
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The date to treat as today (default: KAM_TODAY, kam.toml's `today`, the system date)
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Read the data as of a git revision, or the last commit on or before a date
    #[arg(long, global = true, value_name = "REV|DATE")]
    pub as_of: Option<String>,
    /// Output format (default: table on a terminal, tsv on a pipe)
    #[arg(long, global = true, value_enum)]
    pub format: Option<FormatArg>,
    /// When to use colours (NO_COLOR is respected under auto)
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Print less: no summaries or notes on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more about what kam is doing
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Read and parse every file, without the parse cache under .git/kam/ (also KAM_NO_CACHE=1)
    #[arg(long, global = true)]
    pub no_cache: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Ndjson,
    Csv,
    Tsv,
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Ndjson => Format::Ndjson,
            FormatArg::Csv => Format::Csv,
            FormatArg::Tsv => Format::Tsv,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::context::parse_date(s).map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Check(check::Args),
    Ls(ls::Args),
    Show(show::Args),
    Score(score::Args),
    Report(report::Args),
    Agenda(agenda::Args),
    History(history::Args),
    Blame(blame::Args),
    Diff(diff::Args),
    Handover(handover::Args),
    Verify(verify::Args),
    Codeowners(codeowners::Args),
    New(new::Args),
    Log(new::LogArgs),
    Set(set::Args),
    Done(done::Args),
    Merge(merge::Args),
    Import(import::Args),
    Export(export::Args),
    Sql(sql::Args),
    Schema(schema::Args),
    Completions(completions::CompletionsArgs),
    Man(completions::ManArgs),
}

/// What a command reports back: success, or "the data has problems" (exit 1).
pub enum Outcome {
    Ok,
    DataProblems,
}

pub type Out<'a> = &'a mut dyn Write;

/// Runs the command line and returns the process exit code. A broken pipe on stdout
/// (`kam ls | head`) is success.
pub fn run(cli: Cli, stdout: Out<'_>, stderr: Out<'_>) -> u8 {
    let options = GlobalOptions {
        dir: cli.global.dir,
        today: cli.global.today,
        as_of: cli.global.as_of,
        format: cli.global.format.map(Format::from),
        color: Some(match cli.global.color {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }),
        quiet: cli.global.quiet,
        verbose: cli.global.verbose,
        no_cache: cli.global.no_cache,
    };
    let ctx = match Context::from_options(options) {
        Ok(ctx) => ctx,
        Err(error) => return report(Failure::from(error), stderr),
    };
    crate::progress::enable(ctx.progress());
    let result = match cli.command {
        Command::Init(args) => init::run(&ctx, args, stdout, stderr),
        Command::Check(args) => check::run(&ctx, args, stdout, stderr),
        Command::Ls(args) => ls::run(&ctx, args, stdout, stderr),
        Command::Show(args) => show::run(&ctx, args, stdout, stderr),
        Command::Report(args) => report::run(&ctx, args, stdout, stderr),
        Command::Agenda(args) => agenda::run(&ctx, args, stdout, stderr),
        Command::Score(args) => score::run(&ctx, args, stdout, stderr),
        Command::Schema(args) => schema::run(&ctx, args, stdout, stderr),
        Command::Handover(args) => handover::run(&ctx, args, stdout, stderr),
        Command::Codeowners(args) => codeowners::run(&ctx, args, stdout, stderr),
        Command::Verify(args) => verify::run(&ctx, args, stdout, stderr),
        Command::Completions(args) => completions::completions(args, stdout),
        Command::Man(args) => completions::man(args, stdout),
        Command::Set(args) => set::run(&ctx, args, stdout, stderr),
        Command::Done(args) => done::run(&ctx, args, stdout, stderr),
        Command::Merge(args) => merge::run(&ctx, args, stdout, stderr),
        Command::New(args) => new::run(&ctx, args, stdout, stderr),
        Command::Log(args) => new::log(&ctx, args, stdout, stderr),
        Command::History(args) => history::run(&ctx, args, stdout, stderr),
        Command::Blame(args) => blame::run(&ctx, args, stdout, stderr),
        Command::Diff(args) => diff::run(&ctx, args, stdout, stderr),
        Command::Import(args) => import::run(&ctx, args, stdout, stderr),
        Command::Export(args) => export::run(&ctx, args, stdout, stderr),
        Command::Sql(args) => sql::run(&ctx, args, stdout, stderr),
    };
    let result = result.and_then(|outcome| stdout.flush().map(|_| outcome).map_err(Failure::from));
    match result {
        Ok(Outcome::Ok) => exit::OK,
        Ok(Outcome::DataProblems) => exit::DATA,
        Err(failure) => report(failure, stderr),
    }
}

fn report(failure: Failure, stderr: Out<'_>) -> u8 {
    if failure.broken_pipe {
        return exit::OK;
    }
    let _ = writeln!(stderr, "kam: error: {}", failure.error.message);
    if let Some(hint) = &failure.error.hint {
        let _ = writeln!(stderr, "hint: {hint}");
    }
    failure.error.code
}

/// A command failure: a `KamError`, or a write to stdout that failed.
pub struct Failure {
    pub error: KamError,
    pub broken_pipe: bool,
}

impl From<KamError> for Failure {
    fn from(error: KamError) -> Self {
        Failure { error, broken_pipe: false }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        let broken_pipe = e.kind() == std::io::ErrorKind::BrokenPipe;
        Failure { error: KamError::env(format!("cannot write output: {e}")), broken_pipe }
    }
}

pub type CmdResult = Result<Outcome, Failure>;
