//! The CLV model fits of recent runs, kept beside the parse cache. Fitting the model is
//! most of what `score` costs once the files come from the cache, and a book whose
//! purchase histories have not changed fits to the same parameters: the fit is a pure
//! function of them, and each stored fit is kept with the exact inputs it was made from
//! (and kam's build), so a stored fit is used only for those very inputs.

use super::codec::{Input, put_bytes, put_varint};
use super::{checksum, fingerprint, write_atomically};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

const MAGIC: &[u8; 8] = b"KAMFITS1";
/// The file under the git directory.
pub const FILE: &str = "kam/fits";
/// How many fits are kept (the book now, and a few revisions read with `--as-of`).
const KEPT: usize = 4;
/// A file larger than this is not read (it would not be ours).
const MAX_BYTES: u64 = 64 << 20;

/// Stored fits: (inputs, fit), most recent first.
type Entries = Vec<(Vec<u8>, Vec<u8>)>;

struct Fits {
    file: PathBuf,
    /// Read when first needed.
    entries: Mutex<Option<Entries>>,
}

static FITS: OnceLock<Fits> = OnceLock::new();

/// Keeps fits in the repository whose git directory is `git_dir`, for the rest of this
/// process (the first call wins). Without it, every fit is computed.
pub fn keep_in(git_dir: &Path) {
    let _ = FITS.set(Fits { file: git_dir.join(FILE), entries: Mutex::new(None) });
}

/// The fit of `inputs`: stored, or computed by `fit` (and stored when fits are kept).
pub fn remember(inputs: &[u8], fit: impl FnOnce() -> Vec<u8>) -> Vec<u8> {
    let Some(fits) = FITS.get() else { return fit() };
    // The lock is not held while fitting: the fit runs on the thread pool, whose threads
    // may take up another fit meanwhile.
    {
        let Ok(mut entries) = fits.entries.lock() else { return fit() };
        let entries = entries.get_or_insert_with(|| read(&fits.file).unwrap_or_default());
        if let Some((_, stored)) = entries.iter().find(|(key, _)| key == inputs) {
            return stored.clone();
        }
    }
    let fitted = fit();
    if let Ok(mut entries) = fits.entries.lock() {
        let entries = entries.get_or_insert_with(Vec::new);
        entries.retain(|(key, _)| key != inputs);
        entries.insert(0, (inputs.to_vec(), fitted.clone()));
        entries.truncate(KEPT);
        // Best effort, like the parse cache.
        let _ = write(&fits.file, entries);
    }
    fitted
}

/// Stores `entries` in `file`.
fn write(file: &Path, entries: &[(Vec<u8>, Vec<u8>)]) -> std::io::Result<()> {
    write_atomically(file, |out| {
        out.write(MAGIC)?;
        let mut buf = Vec::new();
        put_bytes(&mut buf, &fingerprint());
        put_varint(&mut buf, entries.len() as u64);
        for (key, value) in entries {
            put_bytes(&mut buf, key);
            put_bytes(&mut buf, value);
        }
        out.write(&buf)
    })
}

/// The fits stored in `file`, when it is whole and of this build.
fn read(file: &Path) -> Option<Entries> {
    let meta = fs::metadata(file).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let data = fs::read(file).ok()?;
    let (body, sum) = data.split_at(data.len().checked_sub(8)?);
    if checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut input = Input::new(body);
    if input.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let n = input.len()?;
    if input.take(n)? != fingerprint() {
        return None;
    }
    let count = usize::try_from(input.varint()?).ok()?.min(KEPT);
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let n = input.len()?;
        let key = input.take(n)?.to_vec();
        let n = input.len()?;
        entries.push((key, input.take(n)?.to_vec()));
    }
    input.is_empty().then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::read;

    /// What `remember` writes reads back; a damaged file reads as none.
    #[test]
    fn stored_fits_read_back_and_a_damaged_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("fits");
        let entries = vec![(b"inputs one".to_vec(), b"fit one".to_vec()), (b"two".to_vec(), b"fit two".to_vec())];
        super::write(&file, &entries).unwrap();
        assert_eq!(read(&file), Some(entries));
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 10;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(read(&file), None);
    }
}
