//! Errors that stop a command, and the exit codes they map to — in one place.
//!
//! Data problems found by `check` are not errors here: they are diagnostics, and the
//! command decides the exit code (1) from them.

use std::fmt;

/// Exit codes of SPEC section 2.
pub mod exit {
    pub const OK: u8 = 0;
    /// The data has errors, or a query matched nothing under `--fail-empty`.
    pub const DATA: u8 = 1;
    /// Usage or environment error: bad flag, no repository, unreadable revision.
    pub const USAGE: u8 = 2;
}

#[derive(Debug)]
pub struct KamError {
    pub message: String,
    pub hint: Option<String>,
    pub code: u8,
}

impl KamError {
    /// A bad flag or argument.
    pub fn usage(message: impl Into<String>) -> Self {
        KamError { message: message.into(), hint: None, code: exit::USAGE }
    }

    /// Something about the environment: no repository, an unreadable revision, I/O.
    pub fn env(message: impl Into<String>) -> Self {
        KamError { message: message.into(), hint: None, code: exit::USAGE }
    }

    /// The data itself stands in the way (a file that cannot be edited, a change that
    /// would make the book invalid): exit 1.
    pub fn data(message: impl Into<String>) -> Self {
        KamError { message: message.into(), hint: None, code: exit::DATA }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for KamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KamError {}

impl From<git2::Error> for KamError {
    fn from(e: git2::Error) -> Self {
        KamError::env(format!("git: {}", e.message()))
    }
}

pub type Result<T> = std::result::Result<T, KamError>;
