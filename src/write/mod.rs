//! Writing files safely: every write goes to a temporary file in the same directory and
//! is renamed into place, so a reader never sees half a file and a failure leaves the
//! old content. Never writes through a symbolic link.

pub mod commit;
pub mod transaction;
pub mod validate;

use crate::error::KamError;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), KamError> {
    let fail = |e: std::io::Error| KamError::env(format!("cannot write {}: {e}", path.display()));
    if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(KamError::env(format!("refusing to write {}: it is a symbolic link", path.display())));
    }
    let tmp = staged(path, bytes).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Creates `path` with `bytes`, failing when it already exists: kam never overwrites an
/// entity it creates.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), KamError> {
    let fail = |e: std::io::Error| KamError::env(format!("cannot create {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = staged(path, bytes).map_err(fail)?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            KamError::env(format!("{} already exists; kam does not overwrite it", path.display()))
        } else {
            fail(e.error)
        }
    })?;
    Ok(())
}

/// `bytes` in a temporary file beside `path`, with `path`'s permissions, synced to disk:
/// ready to be renamed into place.
fn staged(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".kam-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    set_permissions(tmp.as_file(), path)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Temporary files are created private (0600); the file that replaces `path` keeps the
/// permissions `path` had, or gets the usual 0644 when it is new.
fn set_permissions(file: &std::fs::File, path: &Path) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) => file.set_permissions(m.permissions()),
        Err(_) => set_new_file_permissions(file),
    }
}

#[cfg(unix)]
fn set_new_file_permissions(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_new_file_permissions(_: &std::fs::File) -> std::io::Result<()> {
    Ok(()) // elsewhere a new file's permissions only say whether it is read-only: it is not
}
