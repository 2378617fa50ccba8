//! Shared helpers: temporary books built from (path, content) pairs, a hermetic way to run
//! the real `kam` binary, and git commits with a fixed author and clock.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The fixed "today" of every test.
pub const TODAY: &str = "2026-11-23";

/// The smallest useful `kam.toml`: the schema and one person.
pub const KAM_TOML: &str = r#"[kam]
schema = 1

[[people]]
id = "zhang-min"
name = "张敏"
"#;

/// An account owned by the one person of `KAM_TOML`, with no tier (so no tier policy).
pub const ACCOUNT: &str = r#"name = "上海安吉物流"
owner = "zhang-min"
"#;

/// What one run of kam produced.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// A data repository in a temporary directory, plus an empty temporary HOME so that no
/// user configuration (git's included) reaches kam.
pub struct Book {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Book {
    /// A book holding exactly these files (paths relative to the root, `/`-separated).
    pub fn new(files: &[(&str, &str)]) -> Book {
        let book = Book::empty();
        for (path, content) in files {
            book.write(path, content);
        }
        book
    }

    /// An empty directory (no `kam.toml`).
    pub fn empty() -> Book {
        Book { dir: tempfile::tempdir().expect("temp dir"), home: tempfile::tempdir().expect("temp home") }
    }

    /// The root, canonical (so it compares equal to paths kam prints).
    pub fn root(&self) -> PathBuf {
        std::fs::canonicalize(self.dir.path()).expect("canonical root")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes (or overwrites) a file, creating its directories.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dirs");
        std::fs::write(&path, content).expect("write file");
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).expect("read file")
    }

    /// Runs `kam --color never --today 2026-11-23 ARGS…` in the book's root.
    pub fn kam(&self, args: &[&str]) -> Run {
        self.kam_in(self.dir.path(), args)
    }

    /// Runs kam like `kam`, with some environment variables set.
    pub fn kam_env(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        let mut full = vec!["--color", "never", "--today", TODAY];
        full.extend_from_slice(args);
        run_kam_env(self.dir.path(), self.home.path(), env, &full)
    }

    /// Runs kam in `cwd` with the book's HOME.
    pub fn kam_in(&self, cwd: &Path, args: &[&str]) -> Run {
        let mut full = vec!["--color", "never", "--today", TODAY];
        full.extend_from_slice(args);
        run_kam(cwd, self.home.path(), &full)
    }
}

/// Runs the kam binary hermetically: an empty environment but PATH and HOME, and a time
/// limit so that a hang fails the test instead of the whole suite. Every run is checked
/// for a panic: a panic is always a bug (exit 101).
pub fn run_kam(cwd: &Path, home: &Path, args: &[&str]) -> Run {
    run_kam_env(cwd, home, &[], args)
}

/// `run_kam` with some environment variables set.
pub fn run_kam_env(cwd: &Path, home: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("kam").expect("the kam binary");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .args(args)
        // Generous: a loaded CI machine runs debug builds slowly; a hang still fails.
        .timeout(Duration::from_secs(120));
    let output = cmd.output().expect("run kam");
    let run = Run {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        // No exit code: killed by the time limit (or a signal).
        code: output.status.code().unwrap_or(-1),
    };
    assert_ne!(run.code, 101, "kam panicked on {args:?}:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "kam panicked on {args:?}:\n{}", run.stderr);
    assert_ne!(run.code, -1, "kam was killed (time limit?) on {args:?}:\n{}", run.stderr);
    run
}

/// Every file under `root` (except inside `.git/objects`, which only grows, and kam's
/// parse cache `.git/kam/`, which is kam's own and never changes an answer), by relative
/// path: to prove a command changed nothing.
pub fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let entry = entry.expect("dir entry");
            let path = entry.path();
            let rel = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
            if rel == ".git/objects" || rel == ".git/kam" {
                continue;
            }
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                walk(root, &path, out);
            } else if kind.is_file() {
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Git with a fixed author and clock, through git2 (no `git` binary, no user config).
pub mod git {
    use git2::{IndexAddOption, Oid, Repository, Signature, Time};
    use std::path::Path;

    /// China Standard Time, the offset of every test commit.
    const OFFSET_MINUTES: i32 = 8 * 60;

    pub fn init(root: &Path) -> Repository {
        Repository::init(root).expect("git init")
    }

    /// Stages every change of the working tree (additions, edits, deletions) and commits
    /// it as "Kam Test <kam-test@example.com>" at `unix_seconds` (+08:00).
    pub fn commit_all(repo: &Repository, message: &str, unix_seconds: i64) -> Oid {
        commit_all_as(repo, ("Kam Test", "kam-test@example.com"), message, unix_seconds)
    }

    /// `commit_all` by another author (name, email).
    pub fn commit_all_as(repo: &Repository, author: (&str, &str), message: &str, unix_seconds: i64) -> Oid {
        let mut index = repo.index().expect("index");
        index.add_all(["*"], IndexAddOption::DEFAULT, None).expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("write index");
        let tree = repo.find_tree(index.write_tree().expect("write tree")).expect("tree");
        let sig = Signature::new(author.0, author.1, &Time::new(unix_seconds, OFFSET_MINUTES)).expect("signature");
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents).expect("commit")
    }
}
