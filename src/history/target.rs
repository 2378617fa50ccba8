//! What `history` and `blame` are asked about: an account directory or one file in it,
//! named as on the command line.
//!
//! Accepted forms: `anji` (the account: its whole directory), `anji/account`
//! (account.toml alone), `anji/plan`, `anji/<id>` (a contact, interaction or opportunity
//! — whichever exists), `anji/contacts/<id>` (and `interactions/`, `opportunities/`) when
//! ids clash, and the file's path itself (`accounts/anji/contacts/wang-jun.toml`).

use crate::error::{KamError, Result};
use crate::model::id;

/// An account directory, or one file in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The account directory's name at the revision the walk starts from.
    pub account: String,
    /// The file inside the account directory (`account.toml`, `contacts/wang-jun.toml`);
    /// `None` for the whole directory.
    pub file: Option<String>,
}

impl Target {
    /// The path relative to the book's root: `accounts/anji/` or `accounts/anji/plan.toml`.
    pub fn path(&self) -> String {
        match &self.file {
            Some(file) => format!("accounts/{}/{file}", self.account),
            None => format!("accounts/{}/", self.account),
        }
    }

    /// The file whose fields `blame` lists: the file itself, or account.toml for an account.
    pub fn blamed_file(&self) -> Target {
        Target { account: self.account.clone(), file: Some(self.file.clone().unwrap_or_else(|| "account.toml".into())) }
    }
}

/// The kinds of member files, by directory, as `anji/<id>` tries them.
pub const MEMBER_DIRS: &[&str] = &["contacts", "interactions", "opportunities"];

/// The targets `input` may mean, in the order to try them: one, except for `anji/<id>`,
/// which may be a contact, an interaction or an opportunity.
pub fn candidates(input: &str) -> Result<Vec<Target>> {
    let trimmed = input.trim_end_matches('/');
    let trimmed = trimmed.strip_prefix("accounts/").unwrap_or(trimmed);
    let trimmed = trimmed.strip_suffix(".toml").unwrap_or(trimmed);
    let parts: Vec<&str> = trimmed.split('/').collect();
    let bad = || {
        KamError::usage(format!("`{input}` is not an entity id"))
            .with_hint("give an account id (`anji`), `anji/plan`, `anji/account`, or `anji/<contact, interaction or opportunity id>`")
    };
    if parts.iter().any(|p| !id::is_valid(p)) {
        return Err(bad());
    }
    let file = |account: &str, file: String| Target { account: account.to_string(), file: Some(file) };
    Ok(match parts.as_slice() {
        [account] => vec![Target { account: account.to_string(), file: None }],
        [account, "account"] => vec![file(account, "account.toml".into())],
        [account, "plan"] => vec![file(account, "plan.toml".into())],
        [account, member] => MEMBER_DIRS.iter().map(|dir| file(account, format!("{dir}/{member}.toml"))).collect(),
        [account, dir, member] if MEMBER_DIRS.contains(dir) => vec![file(account, format!("{dir}/{member}.toml"))],
        _ => return Err(bad()),
    })
}

/// What a file of an account directory is, for change lines: (`contact`, `wang-jun`) for
/// `contacts/wang-jun.toml`; (`account`, the account) and (`plan`, the account) for the two
/// files of the account itself; (`file`, the path) for anything else.
pub fn describe(account: &str, file: &str) -> (&'static str, String) {
    match file {
        "account.toml" => return ("account", account.to_string()),
        "plan.toml" => return ("plan", account.to_string()),
        _ => {}
    }
    if let Some((dir, name)) = file.split_once('/')
        && let Some(stem) = name.strip_suffix(".toml")
        && !stem.contains('/')
    {
        let kind = match dir {
            "contacts" => Some("contact"),
            "interactions" => Some("interaction"),
            "opportunities" => Some("opportunity"),
            _ => None,
        };
        if let Some(kind) = kind {
            return (kind, stem.to_string());
        }
    }
    ("file", file.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(input: &str) -> Vec<String> {
        candidates(input).unwrap().iter().map(Target::path).collect()
    }

    #[test]
    fn every_form_names_its_files() {
        assert_eq!(paths("anji"), ["accounts/anji/"]);
        assert_eq!(paths("accounts/anji/"), ["accounts/anji/"]);
        assert_eq!(paths("anji/plan"), ["accounts/anji/plan.toml"]);
        assert_eq!(paths("anji/account"), ["accounts/anji/account.toml"]);
        assert_eq!(
            paths("anji/wang-jun"),
            [
                "accounts/anji/contacts/wang-jun.toml",
                "accounts/anji/interactions/wang-jun.toml",
                "accounts/anji/opportunities/wang-jun.toml"
            ]
        );
        assert_eq!(paths("anji/contacts/plan"), ["accounts/anji/contacts/plan.toml"]);
        assert_eq!(
            paths("accounts/anji/interactions/2026-11-20-qbr.toml"),
            ["accounts/anji/interactions/2026-11-20-qbr.toml"]
        );
    }

    #[test]
    fn anything_else_is_a_usage_error() {
        for input in ["", "Anji", "anji/../bosch", "anji/x/y", "/etc/passwd", "anji/contacts/x/y"] {
            assert!(candidates(input).is_err(), "{input}");
        }
    }

    #[test]
    fn files_are_described_by_kind_and_id() {
        assert_eq!(describe("anji", "account.toml"), ("account", "anji".to_string()));
        assert_eq!(describe("anji", "plan.toml"), ("plan", "anji".to_string()));
        assert_eq!(describe("anji", "contacts/wang-jun.toml"), ("contact", "wang-jun".to_string()));
        assert_eq!(describe("anji", "opportunities/renewal.toml"), ("opportunity", "renewal".to_string()));
        assert_eq!(describe("anji", "notes.md"), ("file", "notes.md".to_string()));
        assert_eq!(describe("anji", "contacts/a/b.toml"), ("file", "contacts/a/b.toml".to_string()));
    }
}
