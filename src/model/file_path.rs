//! `FilePath`: where an entity was read from, `<dir>/<stem>.toml`, kept as its two parts
//! so that it costs no memory of its own: the directory (`accounts/anji/interactions`) is
//! a symbol shared by every file in it, the stem is the entity's id (or `account`, `plan`,
//! shared by every account). A large book has as many paths as files; spelled out, they
//! would take more memory than the interactions' summaries.

use crate::model::Symbol;
use std::fmt;

#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FilePath {
    /// Empty when the path is not `<dir>/<stem>.toml`; `stem` then holds all of it.
    dir: Symbol,
    stem: Symbol,
}

impl FilePath {
    /// The path `path` of the entity `id`, sharing `id`'s memory when it is the file's stem.
    pub fn new(path: &str, id: &Symbol) -> Self {
        let parts = path.strip_suffix(".toml").and_then(|p| p.rsplit_once('/'));
        match parts {
            Some((dir, stem)) if !dir.is_empty() => {
                let stem = if *id == stem { id.clone() } else { Symbol::intern(stem) };
                FilePath { dir: Symbol::intern(dir), stem }
            }
            _ => FilePath { dir: Symbol::default(), stem: Symbol::new(path) },
        }
    }
}

impl fmt::Display for FilePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dir.is_empty() { f.write_str(&self.stem) } else { write!(f, "{}/{}.toml", self.dir, self.stem) }
    }
}

impl fmt::Debug for FilePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl PartialEq<str> for FilePath {
    fn eq(&self, other: &str) -> bool {
        match other.strip_suffix(".toml").and_then(|p| p.rsplit_once('/')) {
            _ if self.dir.is_empty() => self.stem == other,
            Some((dir, stem)) => self.dir == dir && self.stem == stem,
            None => false,
        }
    }
}

impl PartialEq<&str> for FilePath {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_prints_as_it_was_read() {
        let id = Symbol::new("2026-03-14-visit");
        for path in [
            "accounts/anji/interactions/2026-03-14-visit.toml",
            "accounts/anji/account.toml",
            "kam.toml",
            "accounts/anji/notes.txt",
            "/x.toml",
            "",
        ] {
            let p = FilePath::new(path, &id);
            assert_eq!(p.to_string(), path);
            assert_eq!(p, path);
        }
        let p = FilePath::new("accounts/anji/interactions/2026-03-14-visit.toml", &id);
        assert_ne!(p, "accounts/anji/interactions/2026-03-14-visit.txt");
        assert_ne!(p, "accounts/anji/2026-03-14-visit.toml");
    }
}
