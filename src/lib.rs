//! kam: key account management on a git repository of TOML files.
//!
//! Data flows through the modules in this order:
//!
//! * `context` — flags, environment and clock resolved once (the only reader of either).
//! * `source` — where files come from: the working tree or a git revision.
//! * `load` — files to a `model::Book`, with per-file diagnostics (syntax, types, fields).
//! * `model` — the data format of SPEC section 1 as Rust types.
//! * `check` — rules across files (references, dates, duplicates, policy) and the code registry.
//! * `fields` — the listable fields of every entity, stored and derived.
//! * `query` — the `--where` language and sorting.
//! * `render` — rows and diagnostics to table, TSV, CSV, JSON, NDJSON, Markdown.
//! * `write` — atomic, never-clobbering writes.
//! * `import` — CRM exports (CSV) to new entity files, duplicates and rejections per row.
//! * `schema` — JSON Schemas generated from the model.
//! * `score` — every figure of SPEC section 4 (ABC, RFM, value matrix, CLV, health, …).
//! * `agenda` — what needs doing, by whom, by when (next steps, plan actions, cadence,
//!   complaints, birthdays and key dates).
//! * `report` — reports built from the book and its scores, as rows.
//! * `history` — what git knows: an entity's history and blame field by field, and the
//!   semantic diff of two states of the book.
//! * `export` — the book for other tools: JSON, CSV, SQLite (and `kam sql`), vCard, iCalendar.
//! * `generate` — deterministic example and benchmark books.
//! * `progress` — progress on stderr for long work, when the command line turns it on.
//! * `cli` — the commands; the only module that knows clap.

pub mod agenda;
pub mod cache;
pub mod check;
pub mod cli;
pub mod context;
pub mod diag;
pub mod edit;
pub mod error;
pub mod export;
pub mod fields;
pub mod generate;
pub mod handover;
pub mod history;
pub mod import;
pub mod load;
pub mod model;
pub mod progress;
pub mod query;
pub mod render;
pub mod report;
pub mod schema;
pub mod score;
pub mod source;
pub mod value;
pub mod verify;
pub mod write;
