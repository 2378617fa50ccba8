//! `kam init`: a new repository with its settings, editor schemas and git, which checks
//! clean; a second init is refused.

use crate::support::{Book, run_kam};

const SCHEMAS: [&str; 6] = [
    "account.schema.json",
    "contact.schema.json",
    "interaction.schema.json",
    "kam.schema.json",
    "opportunity.schema.json",
    "plan.schema.json",
];

#[test]
fn init_creates_a_repository_that_checks_clean() {
    let home = Book::empty();
    let run = home.kam(&["init", "book"]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = home.path("book");
    // Regression: the positional DIR shared clap's id with the global `-C DIR`, so
    // `kam init book` ran "in" book/ and created book/book.
    assert!(!root.join("book").exists(), "created a nested book/book");
    assert_eq!(
        run.stderr,
        format!(
            "created a kam repository in {}\nnext: add people to kam.toml, then accounts under accounts/<id>/account.toml\n",
            home.root().join("book").display()
        )
    );
    for file in ["kam.toml", ".taplo.toml", ".gitattributes"] {
        assert!(root.join(file).is_file(), "{file} was not created");
    }
    assert!(root.join(".git").is_dir(), "no .git directory");
    let mut schemas: Vec<String> = std::fs::read_dir(root.join(".kam/schema"))
        .expect(".kam/schema")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    schemas.sort();
    assert_eq!(schemas, SCHEMAS);
    for name in SCHEMAS {
        let text = std::fs::read_to_string(root.join(".kam/schema").join(name)).expect("schema");
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(schema.is_object(), "{name}");
    }
    // Every schema is wired to its files for Taplo.
    let taplo = std::fs::read_to_string(root.join(".taplo.toml")).expect(".taplo.toml");
    for name in SCHEMAS {
        assert!(taplo.contains(&format!("path = \".kam/schema/{name}\"")), "{name} missing from .taplo.toml");
    }

    let check = home.kam_in(&root, &["check"]);
    assert_eq!((check.stdout.as_str(), check.stderr.as_str(), check.code), ("", "", 0));
    let check = home.kam_in(&root, &["check", "--deny", "warnings"]);
    assert_eq!((check.stdout.as_str(), check.code), ("", 0));
}

#[test]
fn init_in_the_current_directory() {
    let book = Book::empty();
    let run = book.kam(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(book.path("kam.toml").is_file() && book.path(".git").is_dir());
    let ls = book.kam(&["ls", "accounts"]);
    assert_eq!((ls.stdout.as_str(), ls.code), ("id\tname\ttier\tstatus\towner\tlast_touch\trevenue_12m\n", 0));
}

#[test]
fn second_init_is_refused_and_changes_nothing() {
    let home = Book::empty();
    assert_eq!(home.kam(&["init", "book"]).code, 0);
    home.write("book/kam.toml", "[kam]\nschema = 1\n# edited\n");
    let run = home.kam(&["init", "book"]);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "kam: error: {} already holds a kam repository (kam.toml exists)\n",
            home.root().join("book").display()
        )
    );
    assert_eq!(run.code, 2);
    assert_eq!(home.read("book/kam.toml"), b"[kam]\nschema = 1\n# edited\n");
}

/// `kam init DIR --example`: a repository whose scripted history ends exactly in the
/// example book, made by its people over three years, with tier changes, handovers (one
/// by kam's handover code, with its trailers) and a person leaving — and in which every
/// commit passes the ownership guard.
#[test]
fn init_example_builds_the_example_book_with_its_history() {
    let home = Book::empty();
    let run = home.kam(&["init", "demo", "--example"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let demo = home.root().join("demo");
    let book_files = |root: &std::path::Path| {
        let mut files = crate::support::snapshot(root);
        files.retain(|path, _| path == "kam.toml" || path.starts_with("accounts/"));
        files
    };
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dealer");
    assert!(book_files(&demo) == book_files(&example), "HEAD is the example book, byte for byte");

    let repo = git2::Repository::open(&demo).unwrap();
    assert_eq!(repo.statuses(None).unwrap().len(), 0, "checked out clean");
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    let commits: Vec<git2::Commit<'_>> = walk.map(|oid| repo.find_commit(oid.unwrap()).unwrap()).collect();
    assert!(commits.len() > 1_000, "{} commits", commits.len());
    let first = commits.last().unwrap();
    assert_eq!(first.summary().ok().flatten(), Some("Import the key-account book"));
    assert_eq!(first.time().seconds(), 1_700_701_200, "2023-11-23 09:00 +08:00");
    let messages: Vec<&str> = commits.iter().filter_map(|c| c.message().ok()).collect();
    assert_eq!(messages.iter().filter(|m| m.contains("\nKam-Handover: ")).count(), 2);
    assert!(messages.contains(&"zhao-lei has left"));
    assert_eq!(messages.iter().filter(|m| m.starts_with("Raise ")).count(), 3);
    let authors: std::collections::BTreeSet<String> =
        commits.iter().map(|c| c.author().email().unwrap_or("").to_string()).collect();
    assert!(authors.len() >= 9, "{authors:?}");
    // zhao-lei left on 2026-08-31: nothing is committed in his name from the next day on
    // (2026-09-01 00:00 +08:00).
    let after_leaving = commits
        .iter()
        .filter(|c| c.author().email().ok() == Some("zhao.lei@pujiang-motors.example"))
        .filter(|c| c.time().seconds() >= 1_788_192_000)
        .count();
    assert_eq!(after_leaving, 0);

    let verify = run_kam(&demo, home.root().as_path(), &["verify"]);
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    let refused = home.kam(&["init", "demo", "--example"]);
    assert_eq!(refused.code, 2);
}
