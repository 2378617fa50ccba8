//! Ids: lowercase ASCII slugs `[a-z0-9][a-z0-9-]*` of at most 64 characters. An entity's
//! id is its file or directory name, so the path is its identity.

pub const MAX_LEN: usize = 64;

pub fn is_valid(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_LEN
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Why `id` is not valid, for a diagnostic.
pub fn problem(id: &str) -> &'static str {
    if id.is_empty() {
        "ids cannot be empty"
    } else if id.len() > MAX_LEN {
        "ids are at most 64 characters"
    } else {
        "ids are lowercase ASCII letters, digits and `-`, starting with a letter or digit"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_valid("anji-logistics"));
        assert!(is_valid("3m"));
        assert!(!is_valid("-anji"));
        assert!(!is_valid("Anji"));
        assert!(!is_valid("an_ji"));
        assert!(!is_valid("上海"));
        assert!(!is_valid(""));
        assert!(is_valid(&"a".repeat(64)));
        assert!(!is_valid(&"a".repeat(65)));
    }
}
