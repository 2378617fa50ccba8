//! The parse cache: what loading made of each file, kept under `.git/kam/` and keyed by
//! the file's path and git blob id, so that a repeated command on an unchanged book skips
//! reading and parsing.
//!
//! An entry is used only when its content is known to be the file's: for a revision, the
//! blob id says so; for the working tree, either the file's metadata (size, times, inode)
//! is what it was when the entry was stored, or the file is read and its blob id computed.
//! Metadata is stored only for files not modified in the two seconds before they were
//! listed, so a file changed again within the clock's resolution is never taken for
//! unchanged (git's "racy clean" rule). Entries also carry kam's build: a new kam
//! starts afresh. The whole file is checksummed; a damaged or foreign cache is ignored,
//! and one that cannot be written is simply not written. The cache never changes an
//! answer, only how soon it comes.

pub mod codec;

use crate::source::Stat;
use codec::{Codec, Input, put_bytes, put_varint};
use git2::Oid;
use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

const MAGIC: &[u8; 8] = b"KAMCACHE";
/// Bumped whenever the layout of the file changes.
const FORMAT: u32 = 1;
/// The file under the git directory.
pub const FILE: &str = "kam/parse-cache";
/// A cache larger than this is not read (it would not be ours).
const MAX_BYTES: u64 = 4 << 30;
/// How recent a modification makes metadata untrustworthy.
const RACY_NS: i64 = 2_000_000_000;

/// One stored entry, by ranges into the cache's bytes (decoded where the entry starts
/// whenever it is needed: the cache keeps only that offset of each, 4 bytes, not this).
struct Meta {
    path: Range<usize>,
    oid: Oid,
    stat: Option<Stat>,
    payload: Range<usize>,
}

/// A cached entry of one path.
pub struct Hit<'a> {
    pub oid: Oid,
    pub stat: Option<Stat>,
    pub payload: &'a [u8],
    index: usize,
}

/// The cache as it was when loading began, and what loading will store in its place.
pub struct Cache {
    file: PathBuf,
    fingerprint: Vec<u8>,
    data: Vec<u8>,
    /// Where each entry starts in `data`, sorted by path, then blob id.
    entries: Vec<u32>,
    /// When the listing began, in nanoseconds since the epoch.
    now_ns: i64,
    /// The entries this load used as they were (no record needed for them).
    used: Vec<AtomicBool>,
}

/// What one file of this load puts in the next cache.
pub struct Record {
    /// The path, when not the kept entry's.
    pub path: Option<String>,
    pub oid: Oid,
    pub stat: Option<Stat>,
    pub payload: Payload,
}

pub enum Payload {
    /// The entry of the old cache, unchanged (by its index).
    Kept(usize),
    New(Vec<u8>),
}

impl Cache {
    /// Opens the cache of the repository whose git directory is `git_dir` (missing,
    /// damaged or from another build: empty).
    pub fn open(git_dir: &Path) -> Cache {
        let now_ns = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        let mut cache = Cache {
            file: git_dir.join(FILE),
            fingerprint: fingerprint(),
            data: Vec::new(),
            entries: Vec::new(),
            now_ns,
            used: Vec::new(),
        };
        let data = match fs::metadata(&cache.file) {
            Ok(meta) if meta.is_file() && meta.len() <= MAX_BYTES => fs::read(&cache.file).unwrap_or_default(),
            _ => Vec::new(),
        };
        if let Some(entries) = parse(&data, &cache.fingerprint)
            && u32::try_from(entries.len()).is_ok()
        {
            cache.used = (0..entries.len()).map(|_| AtomicBool::new(false)).collect();
            cache.data = data;
            cache.entries = entries;
        }
        cache
    }

    /// The entry that starts at `at` (one of `entries`, all decoded once already).
    fn meta(&self, at: u32) -> Option<Meta> {
        entry_at(&self.data, at as usize).map(|(m, _)| m)
    }

    /// The path of the entry that starts at `at`.
    fn path_at(&self, at: u32) -> &[u8] {
        self.meta(at).map_or(&[][..], |m| &self.data[m.path])
    }

    /// The entries stored for `path`.
    pub fn lookup<'a>(&'a self, path: &'a str) -> impl Iterator<Item = Hit<'a>> + 'a {
        let start = self.entries.partition_point(|&at| self.path_at(at) < path.as_bytes());
        self.entries[start..].iter().enumerate().map_while(move |(i, &at)| {
            let m = self.meta(at).filter(|m| &self.data[m.path.clone()] == path.as_bytes())?;
            Some(Hit { oid: m.oid, stat: m.stat, payload: &self.data[m.payload], index: start + i })
        })
    }

    /// The metadata worth storing for a file listed with `stat`: none when it is unknown
    /// or the file was modified too recently to trust it.
    pub fn trusted(&self, stat: Stat) -> Option<Stat> {
        (stat != Stat::default() && stat.mtime_ns < self.now_ns - RACY_NS).then_some(stat)
    }

    /// A record keeping the old entry `hit` (with the metadata now known of its file).
    /// Keeps the old entry `hit` for the next cache: a record only when the metadata now
    /// known of its file differs from the entry's.
    pub fn keep(&self, hit: &Hit<'_>, stat: Option<Stat>) -> Option<Record> {
        if let Some(used) = self.used.get(hit.index) {
            used.store(true, Ordering::Relaxed);
        }
        (stat != hit.stat).then_some(Record { path: None, oid: hit.oid, stat, payload: Payload::Kept(hit.index) })
    }

    /// How many entries this load took from the cache.
    pub fn kept(&self) -> usize {
        self.used.iter().filter(|u| u.load(Ordering::Relaxed)).count()
    }

    /// Stores the entries of this load, when they differ from those read, with the old
    /// entries of other revisions while they are no more than this load's. Best effort:
    /// a repository that cannot be written to keeps no cache.
    pub fn save(&self, records: Vec<Record>) {
        let used: Vec<bool> = self.used.iter().map(|u| u.load(Ordering::Relaxed)).collect();
        let unused = used.iter().filter(|u| !**u).count();
        let keep_unused = unused <= self.entries.len() - unused + records.len();
        // Nothing new and nothing to drop: the file would be written again as it is (a
        // revision read after another keeps the other's entries).
        if records.is_empty() && (unused == 0 || keep_unused) {
            return;
        }
        // The entries kept as they were, those kept with new metadata, the new ones.
        let restat: HashMap<usize, Option<Stat>> = records
            .iter()
            .filter_map(|r| match r.payload {
                Payload::Kept(i) => Some((i, r.stat)),
                Payload::New(_) => None,
            })
            .collect();
        let old =
            |m: Meta, stat: Option<Stat>| -> Stored<'_> { (&self.data[m.path], m.oid, stat, &self.data[m.payload]) };
        let mut all: Vec<Stored<'_>> = Vec::with_capacity(self.entries.len() + records.len());
        for (i, m) in self.entries.iter().enumerate().filter_map(|(i, &at)| Some((i, self.meta(at)?))) {
            match restat.get(&i) {
                Some(stat) => all.push(old(m, *stat)),
                None if used[i] || keep_unused => {
                    let stat = m.stat;
                    all.push(old(m, stat));
                }
                None => {}
            }
        }
        for r in &records {
            if let (Some(path), Payload::New(bytes)) = (&r.path, &r.payload) {
                all.push((path.as_bytes(), r.oid, r.stat, bytes.as_slice()));
            }
        }
        all.sort_by(|a, b| a.0.cmp(b.0).then_with(|| a.1.cmp(&b.1)));
        // The same file twice (read twice in one load): one entry.
        all.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let _ = write_atomically(&self.file, |out| {
            out.write(MAGIC)?;
            let mut buf = Vec::with_capacity(4096);
            put_bytes(&mut buf, &self.fingerprint);
            put_varint(&mut buf, all.len() as u64);
            out.write(&buf)?;
            for (path, oid, stat, payload) in all {
                buf.clear();
                put_bytes(&mut buf, path);
                buf.extend_from_slice(oid.as_bytes());
                match stat {
                    None => buf.push(0),
                    Some(s) => {
                        buf.push(1);
                        s.size.put(&mut buf);
                        s.mtime_ns.put(&mut buf);
                        s.ctime_ns.put(&mut buf);
                        s.inode.put(&mut buf);
                    }
                }
                put_varint(&mut buf, payload.len() as u64);
                out.write(&buf)?;
                out.write(payload)?;
            }
            Ok(())
        });
    }
}

/// An entry as it is written: path, blob id, metadata, payload.
type Stored<'a> = (&'a [u8], Oid, Option<Stat>, &'a [u8]);

/// Where each entry of a cache file starts, or `None` when it is not a whole, intact cache
/// of this build with its entries in order.
fn parse(data: &[u8], fingerprint: &[u8]) -> Option<Vec<u32>> {
    let body_len = data.len().checked_sub(8)?;
    let (body, sum) = data.split_at(body_len);
    if checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut input = Input::new(body);
    let offset = |input: &Input<'_>| body_len - input.remaining();
    if input.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let n = input.len()?;
    if input.take(n)? != fingerprint {
        return None;
    }
    let count = usize::try_from(input.varint()?).ok()?;
    let mut entries: Vec<u32> = Vec::with_capacity(count.min(body_len));
    let mut at = offset(&input);
    let mut last: Option<Meta> = None;
    for _ in 0..count {
        // Past the body (into the checksum) is not an entry.
        let (meta, end) = entry_at(body, at)?;
        if let Some(last) = &last
            && (&data[last.path.clone()], last.oid) >= (&data[meta.path.clone()], meta.oid)
        {
            return None;
        }
        entries.push(u32::try_from(at).ok()?);
        last = Some(meta);
        at = end;
    }
    input.take(at - offset(&input))?;
    input.is_empty().then_some(entries)
}

/// The entry that starts at `at` in `data`, and where it ends.
fn entry_at(data: &[u8], at: usize) -> Option<(Meta, usize)> {
    let mut input = Input::new(data.get(at..)?);
    let offset = |input: &Input<'_>| data.len() - input.remaining();
    let n = input.len()?;
    let start = offset(&input);
    input.take(n)?;
    let path = start..start + n;
    let oid = Oid::from_bytes(input.take(20)?).ok()?;
    let stat = match input.byte()? {
        0 => None,
        1 => Some(Stat {
            size: u64::get(&mut input)?,
            mtime_ns: i64::get(&mut input)?,
            ctime_ns: i64::get(&mut input)?,
            inode: u64::get(&mut input)?,
        }),
        _ => return None,
    };
    let n = input.len()?;
    let start = offset(&input);
    input.take(n)?;
    Some((Meta { path, oid, stat, payload: start..start + n }, offset(&input)))
}

/// What identifies this build of kam: its version, the cache format and the executable
/// itself (its size and modification time), so that a rebuilt kam never reads entries
/// written by another.
fn fingerprint() -> Vec<u8> {
    let exe = std::env::current_exe().ok().and_then(|p| fs::metadata(p).ok()).map(|m| Stat::of(&m));
    let exe = exe.map_or_else(|| "unknown".to_string(), |s| format!("{} {}", s.size, s.mtime_ns));
    format!("kam {} format {FORMAT} exe {exe}", env!("CARGO_PKG_VERSION")).into_bytes()
}

/// A fast 64-bit checksum (FNV-1a over 8-byte words), to tell a damaged file; fed in
/// pieces as the file is written.
struct Checksum {
    h: u64,
    pending: Vec<u8>,
    len: u64,
}

impl Checksum {
    fn new() -> Self {
        Checksum { h: 0xcbf2_9ce4_8422_2325, pending: Vec::with_capacity(8), len: 0 }
    }

    fn word(&mut self, c: &[u8]) {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        self.h = (self.h ^ w).wrapping_mul(0x0100_0000_01b3);
        self.h ^= self.h >> 29;
    }

    fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if !self.pending.is_empty() {
            let take = (8 - self.pending.len()).min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() < 8 {
                return;
            }
            let word = std::mem::take(&mut self.pending);
            self.word(&word);
            self.pending = word;
            self.pending.clear();
        }
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.word(c);
        }
        self.pending.extend_from_slice(chunks.remainder());
    }

    fn finish(mut self) -> u64 {
        for &b in &self.pending {
            self.h = (self.h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.h ^ self.len
    }
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut sum = Checksum::new();
    sum.update(bytes);
    sum.finish()
}

/// The file being written, checksummed on the way.
struct Out {
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    sum: Checksum,
}

impl Out {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.sum.update(bytes);
        self.file.write_all(bytes)
    }
}

/// Writes a temporary file beside `file`, ends it with the checksum of what was written,
/// and renames it into place.
fn write_atomically(target: &Path, write: impl FnOnce(&mut Out) -> std::io::Result<()>) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = Out { file: std::io::BufWriter::with_capacity(1 << 16, tmp), sum: Checksum::new() };
    write(&mut out)?;
    let Out { mut file, sum } = out;
    file.write_all(&sum.finish().to_le_bytes())?;
    let tmp = file.into_inner().map_err(|e| e.into_error())?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Checksum, checksum};

    #[test]
    fn the_checksum_is_the_same_however_the_bytes_are_fed() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 + i / 3) as u8).collect();
        let whole = checksum(&bytes);
        for cut in [1, 3, 7, 8, 9, 13, 64, 999] {
            let mut sum = Checksum::new();
            for piece in bytes.chunks(cut) {
                sum.update(piece);
            }
            assert_eq!(sum.finish(), whole, "pieces of {cut}");
        }
        assert_ne!(checksum(&bytes[..999]), whole);
        let mut flipped = bytes.clone();
        flipped[500] ^= 1;
        assert_ne!(checksum(&flipped), whole);
    }
}
