//! Ids: lowercase ASCII slugs `[a-z0-9][a-z0-9-]*` of at most 64 characters. An entity's
//! id is its file or directory name, so the path is its identity.
//!
//! Ids made from names follow one rule (`from_name`): the name's Latin letters and digits,
//! lowercased, with common accents dropped (`é` → `e`, `ß` → `ss`), every other run of
//! characters becoming one `-`. A name without a Latin letter (`上海安吉物流`) has no
//! readable slug — kam ships no transliteration — so it gets a *derived* id: a prefix
//! naming the kind and the FNV-1a (32-bit) hash of the name, in 8 hex digits
//! (`acct-5c1d2f0e`). The hash is of the trimmed name with runs of whitespace made one
//! space, so the same name always gives the same id.

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

/// The slug of `name`, or `None` when the name has no Latin letter to make one from.
pub fn slug(name: &str) -> Option<String> {
    let mut out = String::new();
    let mut gap = false;
    for c in name.chars() {
        let folded = fold(c);
        if folded.is_empty() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('-');
        }
        gap = false;
        out.push_str(folded);
    }
    if !out.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some(truncate(&out, MAX_LEN).to_string())
}

/// A slug for `name`, or, when it has no Latin letter, `prefix-` and the 8-hex-digit
/// FNV-1a hash of the whitespace-normalised name.
pub fn from_name(prefix: &str, name: &str) -> String {
    slug(name).unwrap_or_else(|| format!("{prefix}-{:08x}", fnv1a(&normalise_space(name))))
}

/// `base` with the numeric suffix `-n` (n ≥ 2), shortened so the result stays a valid id.
pub fn with_suffix(base: &str, n: usize) -> String {
    let suffix = format!("-{n}");
    format!("{}{suffix}", truncate(base, MAX_LEN - suffix.len()))
}

/// The first of `base`, `base-2`, `base-3`, … that `taken` refuses.
pub fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|n| with_suffix(base, n)).find(|id| !taken(id)).unwrap_or_default()
}

/// `s` trimmed and with every run of whitespace made one space.
pub fn normalise_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 32-bit FNV-1a hash: tiny, specified, and stable across versions and platforms.
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// At most `max` bytes of the ASCII slug `s`, without a trailing `-`.
fn truncate(s: &str, max: usize) -> &str {
    s.get(..max.min(s.len())).unwrap_or(s).trim_end_matches('-')
}

/// A letter or digit as slug text: ASCII lowercased, common accented Latin letters
/// without their accents; anything else is a separator (empty).
fn fold(c: char) -> &'static str {
    const ASCII: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
    if c.is_ascii_alphanumeric() {
        let i = ASCII.find(c.to_ascii_lowercase()).unwrap_or(0);
        return &ASCII[i..i + 1];
    }
    match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_names() {
        assert_eq!(slug("Anji Logistics, Ltd.").as_deref(), Some("anji-logistics-ltd"));
        assert_eq!(slug("  3M China ").as_deref(), Some("3m-china"));
        assert_eq!(slug("Société Générale").as_deref(), Some("societe-generale"));
        assert_eq!(slug("Straße & Söhne").as_deref(), Some("strasse-sohne"));
        assert_eq!(slug("上海ABC物流").as_deref(), Some("abc"));
        assert_eq!(slug("上海安吉物流"), None);
        assert_eq!(slug("2026"), None, "digits alone do not name anything");
        let long = slug(&"word ".repeat(20)).unwrap();
        assert!(long.len() <= MAX_LEN && is_valid(&long), "{long}");
    }

    /// The derived id is FNV-1a 32 of the UTF-8 bytes; the values were computed
    /// independently (Python: `h = 0x811c9dc5; for b in s.encode(): h = ((h ^ b) *
    /// 0x01000193) & 0xffffffff`): "" → 811c9dc5, "a" → e40c292c, 上海安吉物流 → 7c6c5d22.
    #[test]
    fn derived_ids() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(from_name("acct", "上海安吉物流"), "acct-7c6c5d22");
        assert_eq!(from_name("acct", " 上海安吉物流\t"), "acct-7c6c5d22", "whitespace does not change the id");
        assert_eq!(from_name("acct", "Anji"), "anji");
        assert!(is_valid(&from_name("contact", "王军")));
    }

    #[test]
    fn suffixes() {
        assert_eq!(with_suffix("anji", 2), "anji-2");
        let long = "a".repeat(64);
        assert_eq!(with_suffix(&long, 12).len(), 64);
        let taken = ["anji", "anji-2"];
        assert_eq!(unique("anji", |id| taken.contains(&id)), "anji-3");
        assert_eq!(unique("west", |id| taken.contains(&id)), "west");
    }

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
