//! `kam init`: create a data repository.

use super::{CmdResult, Out, Outcome};
use crate::context::Context;
use crate::error::KamError;
use crate::write::create_new;
use std::path::PathBuf;

/// Create a kam repository: git init, kam.toml, .taplo.toml with the schemas, .gitattributes
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create it (default: the current directory)
    // Not named `dir`: that is the id of the global `-C DIR`, and clap would fill both.
    #[arg(value_name = "DIR")]
    target: Option<PathBuf>,
    /// Fill it with the example book and three years of scripted git history
    #[arg(long)]
    example: bool,
}

const KAM_TOML: &str = r#"# kam repository settings: see `kam schema kam` for every field.
[kam]
schema = 1
currency = "CNY"
window_days = 365

# Our side: everyone who can own or work an account.
# [[people]]
# id = "zhang-min"
# name = "张敏"
# email = "zhang.min@example.com"
# role = "rep"
# capacity = 12

[tiers.A]
cadence_days = 14
min_team = 2
require = ["credit.limit", "potential.wallet", "plan", "role:decision-maker"]

[tiers.B]
cadence_days = 30
min_team = 2

[tiers.C]
cadence_days = 90
min_team = 1
"#;

const GITATTRIBUTES: &str =
    "# kam data: text, LF line endings, so diffs and reviews stay clean on every platform.\n*.toml text eol=lf\n";

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    let _ = stdout;
    let dir = match args.target {
        Some(d) if d.is_absolute() => d,
        Some(d) => ctx.start_dir.join(d),
        None => ctx.start_dir.clone(),
    };
    std::fs::create_dir_all(&dir).map_err(|e| KamError::env(format!("cannot create {}: {e}", dir.display())))?;
    if dir.join("kam.toml").exists() {
        return Err(
            KamError::usage(format!("{} already holds a kam repository (kam.toml exists)", dir.display())).into()
        );
    }
    if args.example {
        return example(ctx, &dir, stderr);
    }
    let in_repo = git2::Repository::discover(&dir).is_ok();
    if !in_repo {
        git2::Repository::init(&dir).map_err(KamError::from)?;
    }
    create_new(&dir.join("kam.toml"), KAM_TOML.as_bytes())?;
    if !dir.join(".gitattributes").exists() {
        create_new(&dir.join(".gitattributes"), GITATTRIBUTES.as_bytes())?;
    }
    super::schema::write_schemas(&dir)?;
    if !ctx.quiet {
        writeln!(stderr, "created a kam repository in {}", dir.display())?;
        writeln!(stderr, "next: add people to kam.toml, then accounts under accounts/<id>/account.toml")?;
    }
    Ok(Outcome::Ok)
}

/// The README of the example book, committed with it.
const EXAMPLE_README: &str = include_str!("../../examples/dealer/README.md");

/// `kam init DIR --example`: a new repository whose history builds up the example book.
fn example(ctx: &Context, dir: &std::path::Path, stderr: Out<'_>) -> CmdResult {
    use crate::generate::{GenSpec, generate, scripted};
    if std::fs::read_dir(dir)
        .map_err(|e| KamError::env(format!("cannot read {}: {e}", dir.display())))?
        .next()
        .is_some()
    {
        return Err(KamError::usage(format!(
            "{} is not empty; --example needs a new or empty directory",
            dir.display()
        ))
        .into());
    }
    let repo = git2::Repository::init(dir).map_err(KamError::from)?;
    let spec = GenSpec::dealer();
    let files = generate(&spec);
    let mut extra = vec![
        ("README.md".to_string(), EXAMPLE_README.to_string()),
        (".gitattributes".to_string(), GITATTRIBUTES.to_string()),
        (".taplo.toml".to_string(), crate::schema::taplo_config(".kam/schema")),
    ];
    extra.extend(crate::schema::all().into_iter().map(|(name, text)| (format!(".kam/schema/{name}"), text)));
    let start = spec.today.checked_sub_months(chrono::Months::new(12 * spec.years)).unwrap_or(spec.today);
    let history = scripted::HistorySpec { start, max_commits: None, extra };
    let commits = scripted::build(&repo, &files, &history)?;
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force();
    repo.checkout_head(Some(&mut checkout)).map_err(KamError::from)?;
    if !ctx.quiet {
        writeln!(stderr, "created the example book in {} with {commits} commits", dir.display())?;
        writeln!(stderr, "try: kam -C {} history hutong-taxi; kam -C {0} report velocity", dir.display())?;
    }
    Ok(Outcome::Ok)
}
