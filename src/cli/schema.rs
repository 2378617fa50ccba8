//! `kam schema`: print the JSON Schemas of the file kinds, or refresh a repository's copy.

use super::{CmdResult, Out, Outcome};
use crate::context::Context;
use crate::error::KamError;
use crate::schema;
use crate::write::atomic_write;

/// Print the JSON Schema of each file kind, or write them into the repository
///
/// `--write` refreshes `.kam/schema/` and `.taplo.toml` of the current repository after
/// an upgrade of kam, so editors validate against the schemas of this version.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the schemas to .kam/schema/ and .taplo.toml of the repository
    #[arg(long)]
    write: bool,
    /// Print only this schema (e.g. `account`)
    #[arg(value_name = "KIND")]
    kind: Option<String>,
}

pub fn run(ctx: &Context, args: Args, stdout: Out<'_>, stderr: Out<'_>) -> CmdResult {
    if args.write {
        let root = ctx.find_root()?;
        write_schemas(&root)?;
        if !ctx.quiet {
            writeln!(stderr, "wrote {} schemas to .kam/schema/ and .taplo.toml", schema::KINDS.len())?;
        }
        return Ok(Outcome::Ok);
    }
    let all = schema::all();
    match &args.kind {
        Some(kind) => {
            let file = format!("{kind}.schema.json");
            let (_, text) = all.iter().find(|(n, _)| *n == file).ok_or_else(|| {
                let kinds: Vec<&str> =
                    schema::KINDS.iter().map(|(n, _, _)| n.trim_end_matches(".schema.json")).collect();
                KamError::usage(format!("no schema `{kind}`; kinds: {}", kinds.join(", ")))
            })?;
            stdout.write_all(text.as_bytes())?;
        }
        None => {
            let map: serde_json::Map<String, serde_json::Value> =
                schema::KINDS.iter().map(|(name, _, make)| (name.to_string(), make())).collect();
            serde_json::to_writer_pretty(&mut *stdout, &map).map_err(std::io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    Ok(Outcome::Ok)
}

/// Writes `.kam/schema/*.schema.json` and `.taplo.toml` under `root`.
pub fn write_schemas(root: &std::path::Path) -> Result<(), KamError> {
    let dir = root.join(".kam").join("schema");
    std::fs::create_dir_all(&dir).map_err(|e| KamError::env(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in schema::all() {
        atomic_write(&dir.join(name), text.as_bytes())?;
    }
    atomic_write(&root.join(".taplo.toml"), schema::taplo_config(".kam/schema").as_bytes())?;
    Ok(())
}
