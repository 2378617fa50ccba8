//! The walk on repositories built with git2: a pure rename of an account directory (the
//! same tree under a new name), merged with a branch that edited the old directory.

use crate::history::target::Target;
use crate::history::{People, blame, log};
use git2::{IndexAddOption, Oid, Repository, Signature, Time};
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Stages the whole working tree and commits it at `day` (days after 2026-01-01 00:00 UTC).
fn commit(repo: &Repository, message: &str, day: i64, parents: &[Oid], head: bool) -> Oid {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new("Kam Test", "kam-test@example.com", &Time::new(1_767_225_600 + day * 86_400, 0)).unwrap();
    let parents: Vec<git2::Commit<'_>> = parents.iter().map(|p| repo.find_commit(*p).unwrap()).collect();
    let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
    repo.commit(head.then_some("HEAD"), &sig, &sig, message, &tree, &parents).unwrap()
}

/// c1 creates `old`; c2 renames it to `new` unchanged; c3, on a branch from c1, raises the
/// tier under the old name; c4 merges both: `new` with the raised tier.
fn renamed_and_merged() -> (tempfile::TempDir, Repository, [Oid; 4]) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let repo = Repository::init(root).unwrap();
    write(root, "kam.toml", "[kam]\nschema = 1\n");
    write(root, "accounts/old/account.toml", "name = \"Old\"\ntier = \"B\"\n");
    write(root, "accounts/old/contacts/x.toml", "name = \"X\"\n");
    let c1 = commit(&repo, "create", 1, &[], true);
    std::fs::rename(root.join("accounts/old"), root.join("accounts/new")).unwrap();
    let c2 = commit(&repo, "rename", 3, &[c1], true);
    std::fs::rename(root.join("accounts/new"), root.join("accounts/old")).unwrap();
    write(root, "accounts/old/account.toml", "name = \"Old\"\ntier = \"A\"\n");
    let c3 = commit(&repo, "raise", 2, &[c1], false);
    std::fs::rename(root.join("accounts/old"), root.join("accounts/new")).unwrap();
    let c4 = commit(&repo, "merge", 4, &[c2, c3], true);
    (dir, repo, [c1, c2, c3, c4])
}

fn account(file: Option<&str>) -> Target {
    Target { account: "new".into(), file: file.map(str::to_string) }
}

#[test]
fn the_history_continues_under_the_old_name_on_both_sides_of_a_merge() {
    let (_dir, repo, [c1, c2, c3, c4]) = renamed_and_merged();
    let entries = log::log(&repo, "", c4, &account(None), &People::default(), None).unwrap();
    let got: Vec<(Oid, Vec<String>)> =
        entries.iter().map(|e| (e.commit.id, e.changes.iter().map(|c| c.text()).collect())).collect();
    let texts = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        [
            // The merge differs from c2 (the tier) and from c3 (the name): shown, against c2.
            (c4, texts(&["tier: B → A"])),
            (c2, texts(&["renamed: old → new"])),
            (c3, texts(&["tier: B → A"])),
            (c1, texts(&["+ account old", "+ contact x"])),
        ]
    );
}

#[test]
fn blame_passes_a_field_to_the_parent_that_has_it_under_its_old_name() {
    let (_dir, repo, [c1, _, c3, c4]) = renamed_and_merged();
    let lines = blame::blame(&repo, "", (c4, "HEAD"), &account(Some("account.toml")), &People::default()).unwrap();
    let got: Vec<(&str, Oid)> = lines.iter().map(|l| (l.field.as_str(), l.commit.id)).collect();
    assert_eq!(got, [("name", c1), ("tier", c3)]);
}

#[test]
fn a_file_s_history_follows_the_directory() {
    let (_dir, repo, [c1, c2, _, c4]) = renamed_and_merged();
    let entries = log::log(&repo, "", c4, &account(Some("contacts/x.toml")), &People::default(), None).unwrap();
    let got: Vec<(Oid, Vec<String>)> =
        entries.iter().map(|e| (e.commit.id, e.changes.iter().map(|c| c.text()).collect())).collect();
    // The merge has the very file of its first parent under the same name: not shown; c3
    // did not touch the contact.
    assert_eq!(got, [(c2, vec!["renamed: old → new".to_string()]), (c1, vec!["+ contact x".to_string()])]);
}
