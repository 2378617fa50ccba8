//! A deterministic generator of kam books: the example book of a dealership's fleet and
//! key-account department (with planted situations for the reports to find), and large
//! books for benchmarks.
//!
//! `generate` returns the files in memory, sorted by path, so callers can write them to a
//! directory (`write_book`) or straight into git objects. The same `GenSpec` always gives
//! byte-identical files on every machine: one seeded SplitMix64 stream per part of the
//! book, integer arithmetic for everything that reaches the output, and no hash-map order.
//! This module does not validate books; `kam check` does, and the tests hold the
//! generator to it.

mod bulk;
mod cast;
mod contacts;
mod deals;
mod history;
mod model;
mod names;
mod render;
mod risks;
mod rng;
mod roster;
mod scene;
pub mod scripted;
mod story;
#[cfg(test)]
mod tests;

use chrono::{Months, NaiveDate};
use rng::Rng;
use roster::Registry;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What to generate. Counts are exact totals for the whole book; with `stories` the
/// hand-written accounts of the example book count towards them and generated accounts
/// fill the rest (if a count is below what the stories need, the stories win).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenSpec {
    pub accounts: usize,
    pub contacts: usize,
    pub interactions: usize,
    pub opportunities: usize,
    /// Our people in `kam.toml`. With `stories` the example book's fixed roster of 10 is
    /// used instead.
    pub people: usize,
    pub seed: u64,
    /// The book's `today`, written to `kam.toml` so its figures never drift.
    pub today: NaiveDate,
    /// Years of interaction history before `today`.
    pub years: u32,
    /// Include the example book's hand-written accounts and roster.
    pub stories: bool,
}

/// The day the example book is pinned to.
fn example_today() -> NaiveDate {
    // A literal valid date; `unwrap_or_default` is never taken.
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

impl GenSpec {
    /// Size S: the example book (`examples/dealer/`), with its stories.
    pub fn dealer() -> Self {
        GenSpec {
            accounts: 30,
            contacts: 110,
            interactions: 1_200,
            opportunities: 42,
            people: 10,
            seed: 20_261_123,
            today: example_today(),
            years: 3,
            stories: true,
        }
    }

    /// Size M: 2 000 accounts for benchmarks.
    pub fn medium() -> Self {
        GenSpec {
            accounts: 2_000,
            contacts: 10_000,
            interactions: 100_000,
            opportunities: 5_000,
            people: 80,
            seed: 2_000,
            today: example_today(),
            years: 3,
            stories: false,
        }
    }

    /// Size L: 10 000 accounts for benchmarks.
    pub fn large() -> Self {
        GenSpec {
            accounts: 10_000,
            contacts: 50_000,
            interactions: 500_000,
            opportunities: 20_000,
            people: 300,
            seed: 10_000,
            today: example_today(),
            years: 3,
            stories: false,
        }
    }
}

/// One file of a book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative to the book's root, with `/` separators.
    pub path: String,
    pub contents: String,
}

/// Generate a whole book: `kam.toml` first, then every account's files sorted by path.
pub fn generate(spec: &GenSpec) -> Vec<GeneratedFile> {
    let seed = Rng::new(spec.seed);
    let start = spec
        .today
        .checked_sub_months(Months::new(12 * spec.years))
        .unwrap_or_else(|| model::shift(spec.today, -365 * i64::from(spec.years)));
    let people = if spec.stories {
        roster::dealer_people(spec.today)
    } else {
        roster::generated_people(spec.people, spec.accounts, spec.today, &mut seed.derive("people", 0))
    };
    let mut registry = Registry::new(spec.today, start, &people);
    let mut accounts = if spec.stories { story::accounts(&mut registry, &seed) } else { Vec::new() };
    let budget = bulk::Budget {
        accounts: spec.accounts.saturating_sub(accounts.len()),
        contacts: spec.contacts.saturating_sub(accounts.iter().map(|a| a.contacts.len()).sum()),
        interactions: spec.interactions.saturating_sub(accounts.iter().map(|a| a.interactions.len()).sum()),
        opportunities: spec.opportunities.saturating_sub(accounts.iter().map(|a| a.opportunities.len()).sum()),
    };
    accounts.extend(bulk::accounts(&mut registry, &seed, &budget));
    render::book(&settings(spec), &people, &accounts)
}

/// The comment and `[kam]` table that open `kam.toml`.
fn settings(spec: &GenSpec) -> String {
    let mut doc = render::TomlText::default();
    if spec.stories {
        doc.comment(
            "Pujiang Motors (浦江汽车) — fleet and key-account department.\n\
             The example book of kam: see README.md for the situations planted in it.",
        );
    } else {
        doc.comment(&format!("A generated kam book for benchmarks: {} accounts, seed {}.", spec.accounts, spec.seed));
    }
    doc.header("[kam]");
    doc.number("schema", 1);
    doc.string("currency", "CNY");
    doc.number("window_days", 365);
    doc.date("today", spec.today);
    doc.finish()
}

/// Write the files under `out`, creating directories as needed. Existing files with the
/// same paths are overwritten; nothing else is touched.
pub fn write_book(files: &[GeneratedFile], out: &Path) -> std::io::Result<()> {
    let mut created: BTreeSet<PathBuf> = BTreeSet::new();
    for file in files {
        let mut path = out.to_path_buf();
        path.extend(file.path.split('/'));
        if let Some(parent) = path.parent()
            && !created.contains(parent)
        {
            std::fs::create_dir_all(parent)?;
            created.insert(parent.to_path_buf());
        }
        std::fs::write(&path, &file.contents)?;
    }
    Ok(())
}
