//! The `kam` binary: parse flags, run, exit. Everything else is in the library.

use clap::Parser;
use std::io::BufWriter;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = kam::cli::Cli::parse();
    // SAFETY: nothing has touched libgit2 yet, and no other thread runs.
    unsafe { kam::source::git::limit_pack_windows(cli.pack_windows()) };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // Not locked for the whole run: a progress bar draws on stderr from other threads.
    let code = kam::cli::run(cli, &mut out, &mut std::io::stderr());
    ExitCode::from(code)
}
