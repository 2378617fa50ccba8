//! What git knows about the book: an entity's history field by field (`log`), who last set
//! each field (`blame`), the semantic difference of two states of the book (`bookdiff`),
//! and the field-level diff engine they all use (`fielddiff`).
//!
//! Everything here reads git objects through git2 — never the `git` binary, never the
//! working tree (callers compare with it). `walk` is the one traversal: newest first, all
//! parents, following renames of account directories. Output is data; `cli` renders it.

pub mod blame;
pub mod bookdiff;
pub mod fielddiff;
pub mod log;
pub mod target;
pub mod timeline;
pub mod walk;

use crate::model::Config;
use chrono::{DateTime, FixedOffset, Offset, Utc};
use git2::{Commit, Oid};
use std::collections::HashMap;

/// Who and when of one commit, with the author mapped to a person of `kam.toml`.
#[derive(Clone, Debug)]
pub struct CommitInfo {
    pub id: Oid,
    /// The author's date, in the author's own time zone.
    pub time: DateTime<FixedOffset>,
    pub author: String,
    pub email: String,
    /// The `kam.toml` person whose `email`/`emails` include the author's email.
    pub person: Option<String>,
    pub subject: String,
}

impl CommitInfo {
    pub fn new(commit: &Commit<'_>, people: &People) -> Self {
        let author = commit.author();
        let email = String::from_utf8_lossy(author.email_bytes()).into_owned();
        let when = author.when();
        // An offset git2 reports beyond ±24 h (a corrupt commit) reads as UTC.
        let offset = FixedOffset::east_opt(when.offset_minutes() * 60).unwrap_or_else(|| Utc.fix());
        let time = DateTime::from_timestamp(when.seconds(), 0).unwrap_or_default().with_timezone(&offset);
        CommitInfo {
            id: commit.id(),
            time,
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            person: people.find(&email).map(str::to_string),
            email,
            subject: commit.summary_bytes().map_or(String::new(), |s| String::from_utf8_lossy(s).into_owned()),
        }
    }

    /// The first seven hex digits of the commit id.
    pub fn short(&self) -> String {
        crate::source::git::short(self.id)
    }

    /// `YYYY-MM-DD` in the author's time zone.
    pub fn day(&self) -> String {
        self.time.format("%Y-%m-%d").to_string()
    }

    /// The person id when known, else the author's name: the author column of tables.
    pub fn who(&self) -> &str {
        self.person.as_deref().unwrap_or(&self.author)
    }

    /// The commit's keys of the JSON contract: `commit, date, author, email, person, subject`.
    pub fn json(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut obj = serde_json::Map::new();
        obj.insert("commit".into(), self.id.to_string().into());
        obj.insert("date".into(), self.time.to_rfc3339().into());
        obj.insert("author".into(), self.author.clone().into());
        obj.insert("email".into(), self.email.clone().into());
        obj.insert("person".into(), self.person.clone().into());
        obj.insert("subject".into(), self.subject.clone().into());
        obj
    }
}

/// Git author emails to person ids, from `kam.toml`'s `email` and `emails` (case-insensitive).
#[derive(Clone, Debug, Default)]
pub struct People {
    by_email: HashMap<String, String>,
}

impl People {
    pub fn new(config: &Config) -> Self {
        let mut by_email = HashMap::new();
        for person in &config.people {
            for email in person.all_emails() {
                by_email.entry(email.trim().to_lowercase()).or_insert_with(|| person.id.value.clone());
            }
        }
        People { by_email }
    }

    pub fn find(&self, email: &str) -> Option<&str> {
        self.by_email.get(&email.trim().to_lowercase()).map(String::as_str)
    }
}

#[cfg(test)]
mod tests;
