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
//!
//! The file is never held in memory whole: opening it reads it through once, to check it
//! and to note where each account directory's entries lie, and loading then reads one
//! directory's entries when it reaches that directory.

pub mod codec;
pub mod fits;

use crate::source::Stat;
use codec::{Codec, Input, put_bytes, put_varint};
use git2::Oid;
use std::collections::HashMap;
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

const MAGIC: &[u8; 8] = b"KAMCACHE";
/// Bumped whenever the layout of the file changes.
const FORMAT: u32 = 2;
/// The file under the git directory.
pub const FILE: &str = "kam/parse-cache";
/// A cache larger than this is not read (it would not be ours).
const MAX_BYTES: u64 = 4 << 30;
/// How recent a modification makes metadata untrustworthy.
const RACY_NS: i64 = 2_000_000_000;
/// How much of the file opening reads at once.
const CHUNK: usize = 1 << 20;
/// More than one entry ever takes: its file is at most `MAX_FILE_BYTES` (1 MiB), its
/// result and diagnostics a few times that.
const MAX_ENTRY: usize = 64 << 20;

/// One stored entry, by ranges into the bytes it was read from.
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

/// Where the entries of one account directory (or of one file outside them) lie in the
/// cache file.
struct Dir {
    /// `accounts/<id>/`, or the path of a file outside any account directory.
    key: Box<[u8]>,
    bytes: Range<u64>,
    /// The index of its first entry among all the file's entries, and how many it has.
    first: usize,
    count: usize,
}

/// The stored entries of one account directory, as loading reads them.
#[derive(Default)]
pub struct Shelf {
    bytes: Vec<u8>,
    /// Sorted by path, then blob id, as in the file.
    entries: Vec<Meta>,
    first: usize,
}

impl Shelf {
    /// The entries in `bytes`, the first being entry `first` of its file (`None`: they are
    /// not all whole, or not `count` of them when that is known).
    fn parse(bytes: Vec<u8>, first: usize, count: Option<usize>) -> Option<Shelf> {
        let mut entries = Vec::with_capacity(count.unwrap_or(0));
        let mut at = 0;
        while at < bytes.len() {
            let (meta, end) = entry_at(&bytes, at)?;
            entries.push(meta);
            at = end;
        }
        count.is_none_or(|n| n == entries.len()).then_some(Shelf { bytes, entries, first })
    }

    /// The entry `m` of this shelf as it is written, with the metadata `stat`.
    fn stored(&self, m: &Meta, stat: Option<Stat>) -> Stored<'_> {
        (&self.bytes[m.path.clone()], m.oid, stat, &self.bytes[m.payload.clone()])
    }

    /// The entries stored for `path`.
    pub fn lookup<'a>(&'a self, path: &'a str) -> impl Iterator<Item = Hit<'a>> + 'a {
        let start = self.entries.partition_point(|m| &self.bytes[m.path.clone()] < path.as_bytes());
        self.entries[start..].iter().enumerate().map_while(move |(i, m)| {
            (&self.bytes[m.path.clone()] == path.as_bytes()).then(|| Hit {
                oid: m.oid,
                stat: m.stat,
                payload: &self.bytes[m.payload.clone()],
                index: self.first + start + i,
            })
        })
    }
}

/// The cache as it was when loading began, and what loading will store in its place.
pub struct Cache {
    file: PathBuf,
    fingerprint: Vec<u8>,
    /// The cache file as it was opened and checked. kam replaces the file by renaming a
    /// new one into place, never by writing into it, so this handle keeps reading the
    /// bytes that were checked.
    opened: Option<Mutex<fs::File>>,
    /// Sorted by key, as the entries are.
    dirs: Vec<Dir>,
    /// When the listing began, in nanoseconds since the epoch.
    now_ns: i64,
    /// The entries this load used as they were (no record needed for them), by index.
    used: Vec<AtomicBool>,
    spill: Mutex<Spill>,
}

/// What one file of this load puts in the next cache, besides the old entries it used as
/// they were.
pub enum Record {
    /// The old entry of this index, with other metadata than it has.
    Restat { index: usize, stat: Option<Stat> },
    /// A new entry, encoded as the file holds it.
    New(Vec<u8>),
}

impl Record {
    /// A new entry: the result `payload` of the file at `path`, blob `oid`.
    pub fn new(path: &str, oid: Oid, stat: Option<Stat>, payload: &[u8]) -> Record {
        let mut entry = Vec::with_capacity(path.len() + payload.len() + 64);
        put_entry(&mut entry, (path.as_bytes(), oid, stat, payload));
        Record::New(entry)
    }
}

/// The new entries of this load, written aside directory by directory as loading goes (a
/// first run would otherwise hold every payload until the end).
#[derive(Default)]
struct Spill {
    /// Created with the first new entry, under the cache's directory; gone when closed.
    file: Option<fs::File>,
    len: u64,
    /// Each a directory's new entries, in order.
    runs: Vec<Run>,
    entries: usize,
    /// Something could not be written aside: no cache is saved.
    failed: bool,
}

struct Run {
    key: Box<[u8]>,
    bytes: Range<u64>,
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
            opened: None,
            dirs: Vec::new(),
            now_ns,
            used: Vec::new(),
            spill: Mutex::default(),
        };
        if let Some((file, dirs)) = index(&cache.file, &cache.fingerprint) {
            let count = dirs.last().map_or(0, |d| d.first + d.count);
            cache.used = (0..count).map(|_| AtomicBool::new(false)).collect();
            cache.opened = Some(Mutex::new(file));
            cache.dirs = dirs;
        }
        cache
    }

    /// The stored entries of the account directory `account` (none when it has none, or
    /// they cannot be read).
    pub fn shelf(&self, account: &str) -> Shelf {
        let key = format!("accounts/{account}/");
        match self.dirs.binary_search_by(|d| (*d.key).cmp(key.as_bytes())) {
            Ok(i) => self.read_dir(&self.dirs[i]).unwrap_or_default(),
            Err(_) => Shelf::default(),
        }
    }

    /// The entries of `dir`, read from the file as it was opened.
    fn read_dir(&self, dir: &Dir) -> Option<Shelf> {
        let bytes = read_range(&mut *self.opened.as_ref()?.lock().ok()?, &dir.bytes).ok()?;
        Shelf::parse(bytes, dir.first, Some(dir.count))
    }

    /// The metadata worth storing for a file listed with `stat`: none when it is unknown
    /// or the file was modified too recently to trust it.
    pub fn trusted(&self, stat: Stat) -> Option<Stat> {
        (stat != Stat::default() && stat.mtime_ns < self.now_ns - RACY_NS).then_some(stat)
    }

    /// Keeps the old entry `hit` for the next cache: a record only when the metadata now
    /// known of its file differs from the entry's.
    pub fn keep(&self, hit: &Hit<'_>, stat: Option<Stat>) -> Option<Record> {
        if let Some(used) = self.used.get(hit.index) {
            used.store(true, Ordering::Relaxed);
        }
        (stat != hit.stat).then_some(Record::Restat { index: hit.index, stat })
    }

    /// How many entries this load took from the cache.
    pub fn kept(&self) -> usize {
        self.used.iter().filter(|u| u.load(Ordering::Relaxed)).count()
    }

    /// Writes aside the new entries among `records`, those of one directory that loading
    /// finished; gives back the others.
    pub fn stash(&self, records: Vec<Record>) -> Vec<Record> {
        let (new, others): (Vec<Record>, Vec<Record>) = records.into_iter().partition(|r| matches!(r, Record::New(_)));
        let mut entries: Vec<(Meta, Vec<u8>)> = new
            .into_iter()
            .filter_map(|r| match r {
                Record::New(bytes) => Some((entry_at(&bytes, 0)?.0, bytes)),
                Record::Restat { .. } => None,
            })
            .collect();
        if entries.is_empty() {
            return others;
        }
        let key = |(m, bytes): &(Meta, Vec<u8>)| (bytes[m.path.clone()].to_vec(), m.oid);
        entries.sort_by_cached_key(key);
        // The same file twice (read twice in one load): one entry.
        entries.dedup_by(|a, b| key(a) == key(b));
        let Ok(mut spill) = self.spill.lock() else { return others };
        if spill.failed {
            return others;
        }
        let write = |spill: &mut Spill| -> std::io::Result<()> {
            if spill.file.is_none() {
                let dir = self.file.parent().unwrap_or(Path::new("."));
                fs::create_dir_all(dir)?;
                spill.file = Some(tempfile::tempfile_in(dir)?);
            }
            let mut at = 0;
            while at < entries.len() {
                let run_key = dir_key(&entries[at].1[entries[at].0.path.clone()]).to_vec();
                let start = spill.len;
                let mut run = Vec::new();
                while let Some((m, bytes)) = entries.get(at)
                    && dir_key(&bytes[m.path.clone()]) == run_key.as_slice()
                {
                    run.extend_from_slice(bytes);
                    at += 1;
                }
                spill.file.as_mut().map_or(Ok(()), |f| f.write_all(&run))?;
                spill.len += run.len() as u64;
                spill.runs.push(Run { key: run_key.into(), bytes: start..spill.len });
            }
            Ok(())
        };
        match write(&mut spill) {
            Ok(()) => spill.entries += entries.len(),
            Err(_) => spill.failed = true,
        }
        others
    }

    /// Stores the entries of this load, when they differ from those read, with the old
    /// entries of other revisions while they are no more than this load's. `restats` are
    /// the records `stash` gave back. Best effort: a repository that cannot be written to
    /// keeps no cache. Directory by directory, the old entries kept are read again from
    /// the old file and merged in order with the new ones written aside.
    pub fn save(&self, restats: Vec<Record>) {
        let Ok(mut spill) = self.spill.lock() else { return };
        let spill = std::mem::take(&mut *spill);
        if spill.failed {
            return;
        }
        let used: Vec<bool> = self.used.iter().map(|u| u.load(Ordering::Relaxed)).collect();
        let unused = used.iter().filter(|u| !**u).count();
        let keep_unused = unused <= used.len() - unused + restats.len() + spill.entries;
        // Nothing new and nothing to drop: the file would be written again as it is (a
        // revision read after another keeps the other's entries).
        if restats.is_empty() && spill.entries == 0 && (unused == 0 || keep_unused) {
            return;
        }
        let restat: HashMap<usize, Option<Stat>> = restats
            .into_iter()
            .filter_map(|r| match r {
                Record::Restat { index, stat } => Some((index, stat)),
                Record::New(_) => None,
            })
            .collect();
        let Spill { file: mut spilled, mut runs, .. } = spill;
        runs.sort_by(|a, b| a.key.cmp(&b.key));
        // The metadata an old entry is kept with, when it is kept.
        let kept = |index: usize, stat: Option<Stat>| match restat.get(&index) {
            Some(restat) => Some(*restat),
            None => (used[index] || keep_unused).then_some(stat),
        };
        let _ = write_atomically(&self.file, |out| {
            out.write(MAGIC)?;
            let mut buf = Vec::with_capacity(4096);
            put_bytes(&mut buf, &self.fingerprint);
            out.write(&buf)?;
            let (mut dirs, mut runs) = (self.dirs.iter().peekable(), runs.iter().peekable());
            loop {
                // The next directory in order, from the old file, the new entries, or both.
                let key = match (dirs.peek(), runs.peek()) {
                    (Some(d), Some(r)) => d.key.clone().min(r.key.clone()),
                    (Some(d), None) => d.key.clone(),
                    (None, Some(r)) => r.key.clone(),
                    (None, None) => break,
                };
                let old = dirs.next_if(|d| d.key == key);
                let mut new: Vec<Shelf> = Vec::new();
                while let Some(run) = runs.next_if(|r| r.key == key) {
                    new.push(read_run(spilled.as_mut(), run)?);
                }
                let old = match old {
                    Some(dir) if (dir.first..dir.first + dir.count).any(|i| kept(i, None).is_some()) => {
                        // The old file cannot be read as it was checked: no new cache rather
                        // than a wrong one.
                        Some(self.read_dir(dir).ok_or_else(|| std::io::Error::other("the cache changed"))?)
                    }
                    _ => None,
                };
                // Every entry of the directory, new ones first where both have a file.
                let mut all: Vec<Stored<'_>> = Vec::new();
                for shelf in &new {
                    all.extend(shelf.entries.iter().map(|m| shelf.stored(m, m.stat)));
                }
                if let Some(shelf) = &old {
                    for (i, m) in shelf.entries.iter().enumerate() {
                        if let Some(stat) = kept(shelf.first + i, m.stat) {
                            all.push(shelf.stored(m, stat));
                        }
                    }
                }
                // Stable: of a file parsed again (its old entry could not be decoded), the
                // new entry stays.
                all.sort_by(|a, b| a.0.cmp(b.0).then_with(|| a.1.cmp(&b.1)));
                all.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
                for entry in all {
                    buf.clear();
                    put_entry(&mut buf, entry);
                    out.write(&buf)?;
                }
            }
            Ok(())
        });
    }
}

/// The new entries of one directory, read back from where they were written aside.
fn read_run(file: Option<&mut fs::File>, run: &Run) -> std::io::Result<Shelf> {
    let file = file.ok_or_else(|| std::io::Error::other("nothing was written aside"))?;
    Shelf::parse(read_range(file, &run.bytes)?, 0, None)
        .ok_or_else(|| std::io::Error::other("entries written aside do not read back"))
}

/// The bytes of `file` in `range`.
fn read_range(file: &mut fs::File, range: &Range<u64>) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; usize::try_from(range.end - range.start).map_err(std::io::Error::other)?];
    file.seek(SeekFrom::Start(range.start))?;
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// An entry as it is written: path, blob id, metadata, payload.
type Stored<'a> = (&'a [u8], Oid, Option<Stat>, &'a [u8]);

/// Appends one entry, as the file holds it, to `buf`.
fn put_entry(buf: &mut Vec<u8>, (path, oid, stat, payload): Stored<'_>) {
    put_bytes(buf, path);
    buf.extend_from_slice(oid.as_bytes());
    match stat {
        None => buf.push(0),
        Some(s) => {
            buf.push(1);
            s.size.put(buf);
            s.mtime_ns.put(buf);
            s.ctime_ns.put(buf);
            s.inode.put(buf);
        }
    }
    put_varint(buf, payload.len() as u64);
    buf.extend_from_slice(payload);
}

/// The account directory of a stored path (`accounts/<id>/`), or the path itself.
fn dir_key(path: &[u8]) -> &[u8] {
    const ACCOUNTS: &[u8] = b"accounts/";
    match path.strip_prefix(ACCOUNTS).and_then(|rest| rest.iter().position(|&c| c == b'/')) {
        Some(slash) => &path[..ACCOUNTS.len() + slash + 1],
        None => path,
    }
}

/// Reads the cache file at `path` through once: the open file and where each directory's
/// entries lie, or `None` when it is not a whole, intact cache of this build with its
/// entries in order.
fn index(path: &Path, fingerprint: &[u8]) -> Option<(fs::File, Vec<Dir>)> {
    let mut file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let body_len = meta.len().checked_sub(8)?;
    let mut body = Body { file: &mut file, left: body_len, buf: Vec::new(), base: 0, sum: Checksum::new() };
    body.fill()?;
    let mut at = {
        let mut input = Input::new(&body.buf);
        if input.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let n = input.len()?;
        if input.take(n)? != fingerprint {
            return None;
        }
        body.buf.len() - input.remaining()
    };
    let mut dirs: Vec<Dir> = Vec::new();
    let mut last: Option<(Vec<u8>, Oid)> = None;
    let mut count = 0usize;
    loop {
        if at == body.buf.len() && body.left == 0 {
            break;
        }
        let Some((meta, end)) = entry_at(&body.buf, at) else {
            // An entry cut by the end of what was read: read on (at the end, or past what
            // any one file's entry takes: not a cache).
            if body.buf.len() - at > MAX_ENTRY {
                return None;
            }
            at = body.fill_keeping(at)?;
            continue;
        };
        let path = &body.buf[meta.path.clone()];
        if let Some((last_path, last_oid)) = &last
            && (last_path.as_slice(), *last_oid) >= (path, meta.oid)
        {
            return None;
        }
        let bytes = body.base + at as u64..body.base + end as u64;
        let key = dir_key(path);
        match dirs.last_mut() {
            Some(dir) if *dir.key == *key => {
                dir.bytes.end = bytes.end;
                dir.count += 1;
            }
            _ => dirs.push(Dir { key: key.into(), bytes, first: count, count: 1 }),
        }
        match &mut last {
            Some((last_path, last_oid)) => {
                last_path.clear();
                last_path.extend_from_slice(path);
                *last_oid = meta.oid;
            }
            None => last = Some((path.to_vec(), meta.oid)),
        }
        count += 1;
        at = end;
    }
    u32::try_from(count).ok()?;
    let Body { sum, .. } = body;
    let mut stored = [0u8; 8];
    file.read_exact(&mut stored).ok()?;
    (sum.finish() == u64::from_le_bytes(stored)).then_some((file, dirs))
}

/// The body of a cache file (all but its checksum) as it is read through, chunk by chunk.
struct Body<'a> {
    file: &'a mut fs::File,
    /// How much of the body is not yet read.
    left: u64,
    buf: Vec<u8>,
    /// Where `buf` starts in the file.
    base: u64,
    sum: Checksum,
}

impl Body<'_> {
    /// Appends the next chunk to `buf` (`None`: the body is all read, or cannot be).
    fn fill(&mut self) -> Option<()> {
        if self.left == 0 {
            return None;
        }
        let n = usize::try_from(self.left.min(CHUNK.max(self.buf.len()) as u64)).ok()?;
        let start = self.buf.len();
        self.buf.resize(start + n, 0);
        self.file.read_exact(&mut self.buf[start..]).ok()?;
        self.sum.update(&self.buf[start..]);
        self.left -= n as u64;
        Some(())
    }

    /// Drops what comes before `at` from `buf`, then reads the next chunk; where `at` is
    /// now.
    fn fill_keeping(&mut self, at: usize) -> Option<usize> {
        self.buf.drain(..at);
        self.base += at as u64;
        self.fill()?;
        Some(0)
    }
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
    use super::{Cache, Checksum, Record, checksum};
    use git2::Oid;

    fn oid(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).unwrap()
    }

    fn new(path: &str, n: u8, payload: &[u8]) -> Record {
        Record::new(path, oid(n), None, payload)
    }

    /// Every entry of `path`: its blob id's first byte and its payload.
    fn stored(cache: &Cache, account: &str, path: &str) -> Vec<(u8, Vec<u8>)> {
        cache.shelf(account).lookup(path).map(|hit| (hit.oid.as_bytes()[0], hit.payload.to_vec())).collect()
    }

    /// Entries come back by account directory, from a file read through in chunks (one
    /// payload is larger than a chunk); a later load's new entries are merged in order with
    /// the old ones it kept, and a file parsed again replaces its old entry.
    #[test]
    fn entries_are_read_back_by_directory_and_merged_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..(5 << 19) as u32).map(|i| (i % 251) as u8).collect();
        let first = Cache::open(dir.path());
        assert!(first.dirs.is_empty());
        first.save(first.stash(vec![
            new("accounts/b/x.toml", 1, b"b-x"),
            new("accounts/c/account.toml", 2, b"c"),
            new("accounts/b/big.toml", 3, &big),
            new("accounts/a/account.toml", 4, b"a"),
            new("accounts/b/account.toml", 5, b"b"),
            new("accounts/b/x.toml", 6, b"b-x at another revision"),
            new("accounts/a/account.toml", 4, b"a"),
        ]));
        let second = Cache::open(dir.path());
        let keys: Vec<&[u8]> = second.dirs.iter().map(|d| &*d.key).collect();
        assert_eq!(keys, [&b"accounts/a/"[..], b"accounts/b/", b"accounts/c/"]);
        assert_eq!(second.used.len(), 6);
        assert_eq!(stored(&second, "a", "accounts/a/account.toml"), [(4, b"a".to_vec())]);
        assert_eq!(stored(&second, "b", "accounts/b/big.toml"), [(3, big.clone())]);
        assert_eq!(
            stored(&second, "b", "accounts/b/x.toml"),
            [(1, b"b-x".to_vec()), (6, b"b-x at another revision".to_vec())]
        );
        assert!(stored(&second, "bb", "accounts/bb/account.toml").is_empty());
        assert!(stored(&second, "b", "accounts/b/y.toml").is_empty());

        // A later load keeps a's and c's entries, parses b/x.toml of blob 1 again, and finds
        // two new files.
        for (account, path) in [("a", "accounts/a/account.toml"), ("c", "accounts/c/account.toml")] {
            let shelf = second.shelf(account);
            let hit = shelf.lookup(path).next().unwrap();
            assert!(second.keep(&hit, None).is_none());
        }
        let restats = second.stash(vec![new("accounts/bb/account.toml", 7, b"bb")]);
        assert!(restats.is_empty());
        let restats =
            second.stash(vec![new("accounts/b/x.toml", 1, b"b-x parsed again"), new("accounts/b/y.toml", 8, b"b-y")]);
        second.save(restats);
        let third = Cache::open(dir.path());
        assert_eq!(third.used.len(), 8);
        assert_eq!(stored(&third, "a", "accounts/a/account.toml"), [(4, b"a".to_vec())]);
        assert_eq!(stored(&third, "b", "accounts/b/account.toml"), [(5, b"b".to_vec())]);
        assert_eq!(stored(&third, "b", "accounts/b/big.toml"), [(3, big)]);
        assert_eq!(
            stored(&third, "b", "accounts/b/x.toml"),
            [(1, b"b-x parsed again".to_vec()), (6, b"b-x at another revision".to_vec())]
        );
        assert_eq!(stored(&third, "b", "accounts/b/y.toml"), [(8, b"b-y".to_vec())]);
        assert_eq!(stored(&third, "bb", "accounts/bb/account.toml"), [(7, b"bb".to_vec())]);
        assert_eq!(stored(&third, "c", "accounts/c/account.toml"), [(2, b"c".to_vec())]);
    }

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
