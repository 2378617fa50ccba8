//! A multi-file change that lands whole or not at all.
//!
//! `apply` first checks that no file changed since the caller read it, then stages every
//! new content in a temporary file beside its target (nothing is visible yet), then
//! renames them into place one by one. When a rename fails, the files already replaced
//! get their old bytes back and the files already created are removed, so on any failure
//! every file is as it was.
//!
//! Debug builds honour `KAM_FAILPOINT=commit:N`, which makes the N-th rename (from 1)
//! fail: the tests use it to prove the rollback on the real binary.

use crate::error::KamError;
use std::path::{Path, PathBuf};

/// One file of a change: its path, the bytes it had when read (`None`: it must not
/// exist), and its new bytes (`None`: remove it).
#[derive(Clone, Debug)]
pub struct Change {
    pub path: PathBuf,
    pub old: Option<Vec<u8>>,
    pub new: Option<Vec<u8>>,
}

fn env_fail(path: &Path, what: &str, e: impl std::fmt::Display) -> KamError {
    KamError::env(format!("cannot {what} {}: {e}", path.display()))
}

/// Applies every change, or none. Returns the paths written or removed.
pub fn apply(changes: &[Change]) -> Result<(), KamError> {
    for c in changes {
        let current = match std::fs::read(&c.path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(env_fail(&c.path, "read", e)),
        };
        if current != c.old {
            return Err(KamError::env(format!("{} changed while kam was working; nothing written", c.path.display())));
        }
        if c.path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(KamError::env(format!("refusing to write {}: it is a symbolic link", c.path.display())));
        }
    }
    let mut staged = Vec::with_capacity(changes.len());
    for c in changes {
        match &c.new {
            Some(bytes) => {
                if let Some(dir) = c.path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| env_fail(dir, "create", e))?;
                }
                staged.push(Some(super::staged(&c.path, bytes).map_err(|e| env_fail(&c.path, "write", e))?));
            }
            None => staged.push(None),
        }
    }
    let failpoint = failpoint();
    for (done, (c, tmp)) in changes.iter().zip(staged).enumerate() {
        let result = if failpoint == Some(done + 1) {
            Err(std::io::Error::other("injected failure (KAM_FAILPOINT)"))
        } else {
            match tmp {
                Some(tmp) => tmp.persist(&c.path).map(|_| ()).map_err(|e| e.error),
                None => std::fs::remove_file(&c.path),
            }
        };
        if let Err(e) = result {
            let rollback = roll_back(&changes[..done]);
            let mut error = env_fail(&c.path, "write", e);
            if let Err(r) = rollback {
                error.message = format!("{}; and the rollback failed: {}", error.message, r.message);
            } else {
                error.message.push_str("; every file was restored");
            }
            return Err(error);
        }
    }
    Ok(())
}

/// Puts back the old state of `done`: old bytes rewritten, created files removed.
fn roll_back(done: &[Change]) -> Result<(), KamError> {
    let mut first_error = None;
    for c in done.iter().rev() {
        let result = match &c.old {
            Some(bytes) => super::atomic_write(&c.path, bytes),
            None => std::fs::remove_file(&c.path).map_err(|e| env_fail(&c.path, "remove", e)),
        };
        if let Err(e) = result {
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}

#[cfg(debug_assertions)]
fn failpoint() -> Option<usize> {
    std::env::var("KAM_FAILPOINT").ok()?.strip_prefix("commit:")?.parse().ok()
}

#[cfg(not(debug_assertions))]
fn failpoint() -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(dir: &Path, name: &str, old: Option<&str>, new: Option<&str>) -> Change {
        Change {
            path: dir.join(name),
            old: old.map(|s| s.as_bytes().to_vec()),
            new: new.map(|s| s.as_bytes().to_vec()),
        }
    }

    #[test]
    fn replaces_creates_and_removes_together() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "old a").unwrap();
        std::fs::write(dir.path().join("c"), "old c").unwrap();
        let changes = [
            change(dir.path(), "a", Some("old a"), Some("new a")),
            change(dir.path(), "sub/b", None, Some("new b")),
            change(dir.path(), "c", Some("old c"), None),
        ];
        apply(&changes).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("a")).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(dir.path().join("sub/b")).unwrap(), "new b");
        assert!(!dir.path().join("c").exists());
    }

    #[test]
    fn a_file_changed_since_it_was_read_stops_everything() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "old a").unwrap();
        std::fs::write(dir.path().join("b"), "edited meanwhile").unwrap();
        let changes = [
            change(dir.path(), "a", Some("old a"), Some("new a")),
            change(dir.path(), "b", Some("old b"), Some("new b")),
        ];
        let e = apply(&changes).unwrap_err();
        assert!(e.message.contains("changed while kam was working"), "{}", e.message);
        assert_eq!(std::fs::read_to_string(dir.path().join("a")).unwrap(), "old a");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "no temporary file is left behind: {names:?}");
    }

    /// A rename that fails after others succeeded: the earlier ones are undone. The
    /// failure is made real by a directory standing where the third file should go.
    #[test]
    fn a_failed_rename_rolls_back_the_files_already_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "old a").unwrap();
        std::fs::create_dir_all(dir.path().join("c/inside")).unwrap();
        let changes = [
            change(dir.path(), "a", Some("old a"), Some("new a")),
            change(dir.path(), "b", None, Some("new b")),
            Change { path: dir.path().join("c"), old: None, new: Some(b"x".to_vec()) },
        ];
        // `c` is a directory, so reading it fails before anything is staged …
        assert!(apply(&changes).is_err());
        assert_eq!(std::fs::read_to_string(dir.path().join("a")).unwrap(), "old a");
        assert!(!dir.path().join("b").exists());
        // … and when the failure comes at rename time, the rollback restores `a` and
        // removes `b`.
        std::fs::remove_dir_all(dir.path().join("c")).unwrap();
        let done = &changes[..2];
        apply(done).unwrap();
        roll_back(done).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("a")).unwrap(), "old a");
        assert!(!dir.path().join("b").exists());
    }
}
