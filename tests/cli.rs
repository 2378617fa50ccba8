//! The one integration test binary: every test drives the real `kam` binary hermetically
//! (empty environment but PATH and a temporary HOME, `--today 2026-11-23`,
//! `--color never`) on a temporary book, and compares stdout, stderr and the exit status.
//!
//! * `errors` — `tests/errors/<CODE>/`: a repro book and exact output for every code.
//! * `bad_input` — each kind of bad file, reported at its position while the rest of the
//!   book is still checked; never a panic.
//! * `json` — the JSON contract of `kam check --format json`.
//! * `history` — `--as-of` and `check --changed-since` on git repositories built with git2.
//! * `edit` — `set` and `done`: in-place, validated edits.
//! * `guard` — `verify` and `codeowners`: ownership from git.
//! * `handover` — moving accounts between people, all files or none.
//! * `gitlog` — `kam history`, `kam blame` and `kam diff` on a scripted history (rename,
//!   merge, authors mapped to people and not).
//! * `import` — CRM exports (CSV) into a book: duplicates, rejections, all or nothing.
//! * `ls`, `show`, `init` — the read commands and repository creation.
//! * `agenda` — `kam agenda` and the date and complaint reports.
//! * `score` — every health term on and off, the window edges, the CLV fit on CDNOW as a
//!   kam book, and the numbers in score JSON.
//! * `example` — the bundled example book and its planted stories.
//! * `export` — `kam export` in every format, `--redact`, and the read-only `kam sql`.
//! * `meta` — shell completions and the man page.
//! * `velocity` — reports from git history: stage velocity, handovers, stale deals.
//! * `reports` — every report on the example book against its snapshots.
//! * `cache` — the parse cache never changes an answer: edits, renames, branch switches,
//!   revisions, a damaged cache.
//!
//! The modules live in `tests/cli/` (a crate root resolves `mod` beside itself, hence
//! the `#[path]`s); `tests/errors/` holds the repro books.

#[path = "cli/support.rs"]
mod support;

#[path = "cli/agenda.rs"]
mod agenda;
#[path = "cli/bad_input.rs"]
mod bad_input;
#[path = "cli/cache.rs"]
mod cache;
#[path = "cli/edit.rs"]
mod edit;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/example.rs"]
mod example;
#[path = "cli/export.rs"]
mod export;
#[path = "cli/gitlog.rs"]
mod gitlog;
#[path = "cli/guard.rs"]
mod guard;
#[path = "cli/handover.rs"]
mod handover;
#[path = "cli/history.rs"]
mod history;
#[path = "cli/import.rs"]
mod import;
#[path = "cli/init.rs"]
mod init;
#[path = "cli/json.rs"]
mod json;
#[path = "cli/ls.rs"]
mod ls;
#[path = "cli/meta.rs"]
mod meta;
#[path = "cli/reports.rs"]
mod reports;
#[path = "cli/score.rs"]
mod score;
#[path = "cli/show.rs"]
mod show;
#[path = "cli/velocity.rs"]
mod velocity;
