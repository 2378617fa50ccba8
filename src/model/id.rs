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

/// An id derived from a display name: ASCII letters and digits lowercased, every run of
/// anything else a single `-`, at most 64 characters (cut at a `-` where possible).
/// A name with no ASCII letter or digit (上海安吉物流) gets `<kind>-` and eight hex digits
/// of the name's FNV-1a hash (`account-5e0c5d43`): stable for the same name, and a hint
/// to pass `--id` for a readable one.
pub fn derive(name: &str, kind: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    if slug.len() > MAX_LEN {
        let cut = slug[..MAX_LEN].rfind('-').filter(|&i| i >= MAX_LEN / 2).unwrap_or(MAX_LEN);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        let hash =
            name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        return format!("{kind}-{:08x}", hash >> 32);
    }
    slug
}

/// `id`, or `id-2`, `id-3`… : the first that `taken` does not reject.
pub fn unique(id: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(id) {
        return id.to_string();
    }
    (2..).map(|n| format!("{}-{n}", &id[..id.len().min(MAX_LEN - 4)])).find(|c| !taken(c)).unwrap_or_default()
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

    #[test]
    fn derived_ids() {
        assert_eq!(derive("Nordwind Logistics (Shanghai) Co., Ltd.", "account"), "nordwind-logistics-shanghai-co-ltd");
        assert_eq!(derive("  --Anji  Group!  ", "account"), "anji-group");
        assert_eq!(derive("王军 Wang Jun", "contact"), "wang-jun");
        let cjk = derive("上海安吉物流", "account");
        assert!(cjk.starts_with("account-") && cjk.len() == 16 && is_valid(&cjk), "{cjk}");
        assert_eq!(derive("上海安吉物流", "account"), cjk, "stable");
        assert_ne!(derive("上海安吉集团", "account"), cjk);
        let long = derive(&"word ".repeat(30), "x");
        assert!(long.len() <= MAX_LEN && is_valid(&long) && !long.ends_with('-'), "{long}");
        assert_eq!(unique("anji", |c| c == "anji" || c == "anji-2"), "anji-3");
        assert_eq!(unique("anji", |_| false), "anji");
    }
}
