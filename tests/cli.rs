//! The one integration test binary: every test drives the real `kam` binary hermetically
//! (empty environment but PATH and a temporary HOME, `--today 2026-11-23`,
//! `--color never`) on a temporary book, and compares stdout, stderr and the exit status.
//!
//! * `errors` — `tests/errors/<CODE>/`: a repro book and exact output for every code.
//! * `bad_input` — each kind of bad file, reported at its position while the rest of the
//!   book is still checked; never a panic.
//! * `json` — the JSON contract of `kam check --format json`.
//! * `history` — `--as-of` and `check --changed-since` on git repositories built with git2.
//! * `gitlog` — `kam history`, `kam blame` and `kam diff` on a scripted history (rename,
//!   merge, authors mapped to people and not).
//! * `ls`, `show`, `init` — the read commands and repository creation.
//! * `example` — the bundled example book and its planted stories.
//!
//! The modules live in `tests/cli/` (a crate root resolves `mod` beside itself, hence
//! the `#[path]`s); `tests/errors/` holds the repro books.

#[path = "cli/support.rs"]
mod support;

#[path = "cli/bad_input.rs"]
mod bad_input;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/example.rs"]
mod example;
#[path = "cli/gitlog.rs"]
mod gitlog;
#[path = "cli/history.rs"]
mod history;
#[path = "cli/init.rs"]
mod init;
#[path = "cli/json.rs"]
mod json;
#[path = "cli/ls.rs"]
mod ls;
#[path = "cli/show.rs"]
mod show;
