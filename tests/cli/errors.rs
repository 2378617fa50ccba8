//! `tests/errors/<CODE>/`: one tiny repro book per diagnostic code, with the exact stdout
//! of `kam check` in `expected.txt` (hledger's `test/errors/`).
//!
//! A directory holds the book (`kam.toml`, `accounts/…`) and `expected.txt`. Files that
//! cannot sensibly be committed (non-UTF-8, 20 MiB, binary, symbolic links) are created
//! here at run time, and the directory's README says so. When `expected-stderr.txt` exists
//! kam must refuse the book: exit 2 with exactly that on stderr.

use crate::support::{Book, run_kam};
use std::fs;
use std::path::{Path, PathBuf};

fn errors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("errors")
}

/// The repro directories, sorted by code.
fn repro_codes() -> Vec<String> {
    let mut codes: Vec<String> = fs::read_dir(errors_dir())
        .expect("tests/errors")
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    codes.sort();
    codes
}

/// Every code in kam's registry, from the binary itself.
fn registered_codes() -> Vec<String> {
    let home = tempfile::tempdir().expect("home");
    let run = run_kam(home.path(), home.path(), &["check", "--list-codes", "--format", "tsv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next().map(|h| h.split('\t').next()), Some(Some("code")), "{}", run.stdout);
    lines.map(|l| l.split('\t').next().unwrap_or_default().to_string()).collect()
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Copies the book of `code` into a fresh temporary book and adds the files that are
/// created at run time. `outside` is a directory beside (not inside) the book.
fn repro_book(code: &str, outside: &Path) -> Book {
    let book = Book::empty();
    let dir = errors_dir().join(code);
    fs::copy(dir.join("kam.toml"), book.path("kam.toml")).expect("kam.toml");
    if dir.join("accounts").is_dir() {
        copy_tree(&dir.join("accounts"), &book.path("accounts"));
    }
    let contact = "accounts/anji/contacts/wang-jun.toml";
    match code {
        // `name = "王军"` in GBK: 0xCD is the first byte that is not UTF-8.
        "E002" => book.write(contact, b"name = \"\xCD\xF5\xBE\xFC\"\n"),
        "E003" => {
            book.write("accounts/anji/contacts/dump.toml", "");
            let file = fs::OpenOptions::new().write(true).open(book.path("accounts/anji/contacts/dump.toml"));
            file.expect("open").set_len(20 * 1024 * 1024).expect("grow to 20 MiB");
        }
        // `name = "王军"` in UTF-16LE with its byte-order mark.
        "E004" => {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend("name = \"王军\"\n".encode_utf16().flat_map(u16::to_le_bytes));
            book.write(contact, bytes);
        }
        "E005" => {
            fs::create_dir_all(book.path("accounts/anji/contacts")).expect("mkdir");
            symlink("li-na.toml", &book.path(contact));
        }
        "E006" => {
            fs::write(outside.join("secret.toml"), "name = \"OUTSIDE-SECRET-7f3a\"\n").expect("outside file");
            fs::create_dir_all(book.path("accounts/anji/contacts")).expect("mkdir");
            symlink(outside.join("secret.toml"), &book.path("accounts/anji/contacts/x.toml"));
        }
        _ => {}
    }
    book
}

#[cfg(unix)]
pub fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[cfg(not(unix))]
pub fn symlink(_target: impl AsRef<Path>, _link: &Path) {
    panic!("these tests create symbolic links and run on unix only");
}

/// Every repro book gives exactly its expected stdout, the exit status its severities
/// call for (1 with an error, else 0), and 1 with `--deny warnings` when anything is found.
#[test]
fn every_repro_book_gives_its_expected_output() {
    let mut failures = Vec::new();
    for code in repro_codes() {
        let dir = errors_dir().join(&code);
        let outside = tempfile::tempdir().expect("outside dir");
        let outside_path = fs::canonicalize(outside.path()).expect("canonical");
        let read = |name: &str| {
            fs::read_to_string(dir.join(name)).ok().map(|s| s.replace("{outside}", &outside_path.to_string_lossy()))
        };
        let expected = read("expected.txt").unwrap_or_else(|| panic!("tests/errors/{code}/expected.txt is missing"));
        let expected_stderr = read("expected-stderr.txt");
        let book = repro_book(&code, outside.path());
        for deny in [false, true] {
            let mut args = vec!["check"];
            if deny {
                args.extend(["--deny", "warnings"]);
            }
            let run = book.kam(&args);
            let status = match &expected_stderr {
                Some(_) => 2,
                None if expected.contains("error[") => 1,
                None if deny && !expected.is_empty() => 1,
                None => 0,
            };
            let mut problems = Vec::new();
            if run.stdout != expected {
                problems.push(format!("stdout:\n{}\nexpected:\n{expected}", run.stdout));
            }
            if run.code != status {
                problems.push(format!("exit status {} (expected {status})", run.code));
            }
            if let Some(err) = &expected_stderr
                && &run.stderr != err
            {
                problems.push(format!("stderr:\n{}\nexpected:\n{err}", run.stderr));
            }
            if !problems.is_empty() {
                failures.push(format!("tests/errors/{code} ({args:?}):\n{}", problems.join("\n")));
            }
        }
        // The repro shows its own code, with a position where expected.txt has one.
        let shown = expected_stderr.as_deref().unwrap_or(&expected);
        if !shown.contains(&format!("[{code}]: ")) {
            failures.push(format!("tests/errors/{code}: expected output does not show {code}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A new code without a repro book fails here, and so does a repro of a code that no
/// longer exists.
#[test]
fn every_registered_code_has_a_repro_book() {
    let registered = registered_codes();
    assert!(registered.len() >= 30, "the registry looks empty: {registered:?}");
    let repros = repro_codes();
    let missing: Vec<&String> = registered.iter().filter(|c| !repros.contains(c)).collect();
    let stale: Vec<&String> = repros.iter().filter(|c| !registered.contains(c)).collect();
    assert!(missing.is_empty(), "codes without tests/errors/<CODE>/: {missing:?}");
    assert!(stale.is_empty(), "tests/errors/ directories of unregistered codes: {stale:?}");
}

/// The escaping link of E006 is never followed: the outside file's content appears in no
/// output, not even of a listing that would show it as a contact.
#[test]
fn symlink_repro_never_shows_the_outside_content() {
    let outside = tempfile::tempdir().expect("outside dir");
    let book = repro_book("E006", outside.path());
    for args in [&["check"][..], &["ls", "contacts"], &["show", "anji"], &["ls", "contacts", "--format", "json"]] {
        let run = book.kam(args);
        assert!(!run.stdout.contains("OUTSIDE-SECRET-7f3a"), "{args:?} showed the outside file:\n{}", run.stdout);
        assert!(!run.stderr.contains("OUTSIDE-SECRET-7f3a"), "{args:?} showed the outside file:\n{}", run.stderr);
    }
}
