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
