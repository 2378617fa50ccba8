//! Generate a deterministic kam book into a directory.
//!
//! `cargo run --release --example generate -- --size S --out examples/dealer` writes the
//! example book; `--size M` and `--size L` write benchmark books. Explicit counts override
//! the preset's. The generator itself lives in `kam::generate`; this is only its CLI.

use chrono::NaiveDate;
use clap::{Parser, ValueEnum};
use kam::generate::{GenSpec, generate, scripted, write_book};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Clone, Copy, ValueEnum)]
enum Size {
    /// The example book: 30 accounts with planted situations
    S,
    /// 2 000 accounts, 100 000 interactions
    M,
    /// 10 000 accounts, 500 000 interactions
    L,
}

/// Generate a deterministic kam book
#[derive(Parser)]
struct Args {
    /// Preset to start from
    #[arg(long, value_enum, ignore_case = true, default_value = "s")]
    size: Size,
    /// Number of accounts (default: the preset's)
    #[arg(long)]
    accounts: Option<usize>,
    /// Number of contacts (default: the preset's)
    #[arg(long)]
    contacts: Option<usize>,
    /// Number of interactions (default: the preset's)
    #[arg(long)]
    interactions: Option<usize>,
    /// Number of opportunities (default: the preset's)
    #[arg(long)]
    opportunities: Option<usize>,
    /// Number of our people (default: the preset's; the stories' roster is fixed at 10)
    #[arg(long)]
    people: Option<usize>,
    /// Random seed (default: the preset's)
    #[arg(long)]
    seed: Option<u64>,
    /// The book's today, YYYY-MM-DD (default: 2026-11-23)
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Years of history (default: 3)
    #[arg(long)]
    years: Option<u32>,
    /// Leave out the hand-written story accounts (default: only S has them)
    #[arg(long, conflicts_with = "stories")]
    no_stories: bool,
    /// Include the hand-written story accounts in an M or L book
    #[arg(long)]
    stories: bool,
    /// Directory to write the book into
    #[arg(long)]
    out: PathBuf,
    /// Write into a non-empty directory, first removing only its kam.toml and accounts/
    /// (with --history, also its .git)
    #[arg(long)]
    force: bool,
    /// Make DIR a git repository whose history builds up the book, and check it out
    #[arg(long)]
    history: bool,
    /// Commits of the history (default: S one per event, M 2 000, L 20 000)
    #[arg(long, requires = "history", value_parser = clap::value_parser!(u64).range(2..))]
    commits: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    kam::progress::enable(std::io::stderr().is_terminal());
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let mut spec = match args.size {
        Size::S => GenSpec::dealer(),
        Size::M => GenSpec::medium(),
        Size::L => GenSpec::large(),
    };
    spec.accounts = args.accounts.unwrap_or(spec.accounts);
    spec.contacts = args.contacts.unwrap_or(spec.contacts);
    spec.interactions = args.interactions.unwrap_or(spec.interactions);
    spec.opportunities = args.opportunities.unwrap_or(spec.opportunities);
    spec.people = args.people.unwrap_or(spec.people);
    spec.seed = args.seed.unwrap_or(spec.seed);
    spec.today = args.today.unwrap_or(spec.today);
    spec.years = args.years.unwrap_or(spec.years);
    spec.stories = (spec.stories || args.stories) && !args.no_stories;

    prepare(&args.out, args.force, args.history)?;
    let started = Instant::now();
    let files = generate(&spec);
    let generated = started.elapsed();
    if args.history {
        let max_commits = args.commits.map(|n| n as usize).or(match args.size {
            Size::S => None,
            Size::M => Some(2_000),
            Size::L => Some(20_000),
        });
        history(&args.out, &spec, &files, max_commits)?;
    } else {
        write_book(&files, &args.out).map_err(|e| format!("cannot write to {}: {e}", args.out.display()))?;
    }
    let count = |part: &str| files.iter().filter(|f| f.path.contains(part)).count();
    eprintln!(
        "wrote {} files to {} ({} accounts, {} contacts, {} interactions, {} opportunities) \
         in {:.1?} (generating {:.1?})",
        files.len(),
        args.out.display(),
        count("/account.toml"),
        count("/contacts/"),
        count("/interactions/"),
        count("/opportunities/"),
        started.elapsed(),
        generated,
    );
    Ok(())
}

/// Builds the scripted history in a new repository at `out` and checks out its last commit;
/// returns the number of commits.
fn history(
    out: &Path,
    spec: &GenSpec,
    files: &[kam::generate::GeneratedFile],
    max_commits: Option<usize>,
) -> Result<usize, String> {
    let repo =
        git2::Repository::init(out).map_err(|e| format!("cannot create a repository in {}: {e}", out.display()))?;
    let start = spec.today.checked_sub_months(chrono::Months::new(12 * spec.years)).unwrap_or(spec.today);
    let history = scripted::HistorySpec { start, max_commits, extra: Vec::new() };
    let started = Instant::now();
    let commits =
        scripted::build(&repo, files, &history).map_err(|e| format!("cannot build the history: {}", e.message))?;
    let built = started.elapsed();
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force();
    repo.checkout_head(Some(&mut checkout)).map_err(|e| format!("cannot check out {}: {e}", out.display()))?;
    eprintln!("built {commits} commits in {built:.1?}, checked out in {:.1?}", started.elapsed() - built);
    Ok(commits)
}

/// Refuse a non-empty directory unless `force`, which removes only what a book consists of
/// (and the repository, when a history is to be made).
fn prepare(out: &Path, force: bool, history: bool) -> Result<(), String> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(format!("{} is not a directory", out.display()));
    }
    let mut entries = std::fs::read_dir(out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    if entries.next().is_none() {
        return Ok(());
    }
    if !force {
        return Err(format!(
            "{} is not empty; --force replaces its kam.toml and accounts/ (and .git with --history)",
            out.display()
        ));
    }
    let settings = out.join("kam.toml");
    if settings.is_file() {
        std::fs::remove_file(&settings).map_err(|e| format!("cannot remove {}: {e}", settings.display()))?;
    }
    let accounts = out.join("accounts");
    if accounts.is_dir() {
        std::fs::remove_dir_all(&accounts).map_err(|e| format!("cannot remove {}: {e}", accounts.display()))?;
    }
    let git = out.join(".git");
    if history && git.is_dir() {
        std::fs::remove_dir_all(&git).map_err(|e| format!("cannot remove {}: {e}", git.display()))?;
    }
    Ok(())
}
