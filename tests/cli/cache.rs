//! The parse cache under `.git/kam/` never changes an answer: after edits (even one that
//! keeps a file's size and modification time), renames, branch switches, a damaged cache
//! and at other revisions, every output with the cache equals the output without it.

use crate::support::{Book, git, snapshot};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// The example book in a fresh git repository, with one commit.
fn example_repo() -> (Book, git2::Repository) {
    let book = Book::empty();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dealer");
    for (path, bytes) in snapshot(&example) {
        book.write(&path, bytes);
    }
    let repo = git::init(&book.root());
    git::commit_all(&repo, "the example book", 1_790_000_000);
    (book, repo)
}

/// Sets every file of the book an hour back, so that the cache trusts their metadata
/// (files modified in the last two seconds are always read).
fn age(book: &Book) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for rel in snapshot(&book.root()).into_keys().filter(|p| p == "kam.toml" || p.starts_with("accounts/")) {
        let file = std::fs::File::options().write(true).open(book.path(&rel)).unwrap();
        file.set_modified(old).unwrap();
    }
}

/// What kam answers: every diagnostic with its position, every entity with every field,
/// and every score.
fn answers(book: &Book, extra: &[&str]) -> Vec<String> {
    let commands: [&[&str]; 3] = [&["check", "--format", "json"], &["export", "json"], &["score", "--format", "json"]];
    commands
        .iter()
        .map(|args| {
            let mut full = args.to_vec();
            full.extend_from_slice(extra);
            let run = book.kam(&full);
            format!("{args:?} exit {}\n{}{}", run.code, run.stdout, run.stderr)
        })
        .collect()
}

/// How many files the cache answered for on one run (`-v` says).
fn unchanged(book: &Book, extra: &[&str]) -> (usize, usize) {
    let mut args = vec!["-v", "ls", "accounts"];
    args.extend_from_slice(extra);
    let run = book.kam(&args);
    let line = run.stderr.lines().find(|l| l.starts_with("kam: parse cache: ")).expect("a parse cache line with -v");
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[3].parse().unwrap(), words[5].parse().unwrap())
}

/// Cached answers, twice (the first run fills the cache, the second reads it), equal the
/// answers read without the cache.
fn assert_same(book: &Book, extra: &[&str], why: &str) {
    let mut uncached = extra.to_vec();
    uncached.push("--no-cache");
    let expected = answers(book, &uncached);
    assert_eq!(answers(book, extra), expected, "{why}: first cached run");
    assert_eq!(answers(book, extra), expected, "{why}: second cached run");
}

#[test]
fn a_repeated_run_answers_from_the_cache() {
    let (book, _repo) = example_repo();
    age(&book);
    let (known, files) = unchanged(&book, &[]);
    assert_eq!(known, 0, "the first run has no cache");
    assert!(book.path(".git/kam/parse-cache").is_file());
    // Every file but kam.toml (always parsed) is known by the second run.
    let (known, files_again) = unchanged(&book, &[]);
    assert_eq!((known, files_again), (files - 1, files));
    assert_same(&book, &[], "unchanged book");
    // --no-cache neither reads nor writes it.
    let before = std::fs::read(book.path(".git/kam/parse-cache")).unwrap();
    book.write("accounts/anji-logistics/contacts/new-person.toml", "name = \"新人\"\n");
    let run = book.kam(&["--no-cache", "-v", "ls", "contacts"]);
    assert!(!run.stderr.contains("parse cache"), "{}", run.stderr);
    assert_eq!(std::fs::read(book.path(".git/kam/parse-cache")).unwrap(), before);
}

#[test]
fn an_edit_that_keeps_size_and_time_is_seen() {
    let (book, _repo) = example_repo();
    age(&book);
    assert_same(&book, &[], "before the edit");
    // The same number of bytes, and the modification time put back: only the change time
    // and the content tell.
    let rel = "accounts/anji-logistics/opportunities/fleet-renewal-2027.toml";
    let text = String::from_utf8(book.read(rel)).unwrap();
    let modified = std::fs::metadata(book.path(rel)).unwrap().modified().unwrap();
    let edited = text.replace("stage = \"commit\"", "stage = \"won\"   ");
    assert_ne!(edited, text, "the example's stage line changed");
    assert_eq!(edited.len(), text.len());
    book.write(rel, &edited);
    std::fs::File::options().write(true).open(book.path(rel)).unwrap().set_modified(modified).unwrap();
    assert_same(&book, &[], "after an edit keeping size and mtime");
    let run = book.kam(&[
        "ls",
        "opportunities",
        "--where",
        "account:anji-logistics id:fleet-renewal-2027",
        "--columns",
        "id,stage",
    ]);
    assert_eq!(run.stdout, "id\tstage\nfleet-renewal-2027\twon\n");
}

#[test]
fn errors_and_positions_come_back_from_the_cache() {
    let (book, _repo) = example_repo();
    book.write("accounts/anji-logistics/contacts/broken.toml", "name = \"x\"\nstance = \"fan\"\nteir = 1\n");
    book.write(
        "accounts/anji-logistics/interactions/2026-11-01-bad.toml",
        "date = 2026-11-01\nkind = \"visit\nby = [\"zhang-min\"]\n",
    );
    age(&book);
    assert_same(&book, &[], "files with errors");
    let run = book.kam(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("accounts/anji-logistics/contacts/broken.toml:2:10: error[E104]"), "{}", run.stdout);
}

#[test]
fn renames_and_removals_are_seen() {
    let (book, _repo) = example_repo();
    age(&book);
    assert_same(&book, &[], "before");
    std::fs::rename(book.path("accounts/lumen-medical"), book.path("accounts/lumen-medtech")).unwrap();
    std::fs::remove_file(book.path("accounts/anji-logistics/plan.toml")).unwrap();
    assert_same(&book, &[], "after renaming an account and removing a plan");
    let run = book.kam(&["ls", "accounts", "--where", "id:lumen-medtech", "--columns", "id"]);
    assert_eq!(run.stdout, "id\nlumen-medtech\n");
}

#[test]
fn branch_switches_and_revisions_are_seen() {
    let (book, repo) = example_repo();
    let main = repo.head().unwrap().peel_to_commit().unwrap();
    let main_branch = repo.head().unwrap().name().unwrap().to_string();
    repo.branch("other", &main, false).unwrap();
    repo.set_head("refs/heads/other").unwrap();
    let rel = "accounts/anji-logistics/account.toml";
    let text = String::from_utf8(book.read(rel)).unwrap().replace("tier = \"A\"", "tier = \"B\"");
    book.write(rel, text);
    book.write(
        "accounts/lumen-medical/interactions/2026-11-20-order.toml",
        "date = 2026-11-20\nkind = \"order\"\nby = [\"zhang-min\"]\namount = 123456\n",
    );
    std::fs::remove_file(book.path("accounts/anji-logistics/plan.toml")).unwrap();
    git::commit_all(&repo, "other", 1_790_100_000);
    age(&book);
    assert_same(&book, &[], "on branch other");
    assert_same(&book, &["--as-of", "HEAD~1"], "other, as of its parent");
    let checkout = |name: &str| {
        let commit = repo.revparse_single(name).unwrap();
        repo.checkout_tree(&commit, Some(git2::build::CheckoutBuilder::new().force())).unwrap();
        repo.set_head(name).unwrap();
    };
    checkout(&main_branch);
    assert_same(&book, &[], "back on the main branch");
    assert_same(&book, &["--as-of", "other"], "the other branch as of its tip");
    checkout("refs/heads/other");
    assert_same(&book, &[], "on branch other again");
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored() {
    let (book, _repo) = example_repo();
    age(&book);
    let expected = answers(&book, &["--no-cache"]);
    assert_eq!(answers(&book, &[]), expected);
    let file = book.path(".git/kam/parse-cache");
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 64] {
        *b ^= 0x5a;
    }
    std::fs::write(&file, &bytes).unwrap();
    assert_eq!(answers(&book, &[]), expected, "a damaged cache");
    std::fs::write(&file, &bytes[..middle]).unwrap();
    assert_eq!(answers(&book, &[]), expected, "a cut cache");
    std::fs::write(&file, b"not a cache").unwrap();
    assert_eq!(answers(&book, &[]), expected, "a foreign file");
    // And it is whole again afterwards.
    let (known, files) = unchanged(&book, &[]);
    assert_eq!(known, files - 1);
}

/// Reading one revision, then another, keeps both revisions' entries; a run that finds
/// every file it reads in the cache and nothing to drop leaves the file as it is, instead
/// of writing the same entries again.
#[cfg(unix)]
#[test]
fn a_run_with_nothing_new_leaves_the_cache_file_alone() {
    use std::os::unix::fs::MetadataExt;
    let (book, repo) = example_repo();
    age(&book);
    book.write("accounts/anji-logistics/contacts/new-person.toml", "name = \"新人\"\n");
    git::commit_all(&repo, "a new contact", 1_790_086_400);
    let file = book.path(".git/kam/parse-cache");
    let inode = || std::fs::metadata(&file).unwrap().ino();
    unchanged(&book, &["--as-of", "HEAD~1"]);
    unchanged(&book, &["--as-of", "HEAD"]);
    let written = inode();
    // Both revisions are now known, kam.toml aside (always parsed).
    for rev in ["HEAD~1", "HEAD", "HEAD~1"] {
        let (known, files) = unchanged(&book, &["--as-of", rev]);
        assert_eq!(known, files - 1, "{rev}");
        assert_eq!(inode(), written, "{rev}: the cache was written again");
    }
    assert_same(&book, &["--as-of", "HEAD~1"], "the earlier revision");
}

/// The CLV fit is kept with the purchase histories it was made from: an edit that leaves
/// them as they are fits nothing again (the file of fits is not rewritten), one that adds
/// an order fits again, and every score equals the one computed without any cache.
#[test]
fn the_clv_fit_is_kept_for_the_same_purchase_histories_only() {
    let (book, _repo) = example_repo();
    age(&book);
    assert_same(&book, &[], "the first fit");
    let fits = book.path(".git/kam/fits");
    let first = std::fs::read(&fits).expect("a file of fits");
    book.write("accounts/ningbo-port-logistics/contacts/new-person.toml", "name = \"新人\"\n");
    assert_same(&book, &[], "a contact added");
    assert_eq!(std::fs::read(&fits).unwrap(), first, "the same histories fit once");
    book.write(
        "accounts/ningbo-port-logistics/interactions/2026-11-02-order-2-units.toml",
        "date = 2026-11-02\nkind = \"order\"\nby = [\"liu-yang\"]\nwith = [\"xie-juan\"]\namount = 236_000\nunits = 2\n",
    );
    assert_same(&book, &[], "an order added");
    assert_ne!(std::fs::read(&fits).unwrap(), first, "new histories fit again");
}
