//! `kam init`: a new repository with its settings, editor schemas and git, which checks
//! clean; a second init is refused.

use crate::support::Book;

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
