//! The content lines that vCard (RFC 6350 §3.2–3.4) and iCalendar (RFC 5545 §3.1, §3.3.11)
//! share: `NAME;PARAM=x:value`, ended by CRLF, folded so that no physical line is longer
//! than 75 octets, and text values escaped.
//!
//! Folding counts octets, not characters, and never splits a UTF-8 sequence: a line of
//! Chinese text folds every 25 characters (3 octets each), not in the middle of one.

/// The longest physical line, in octets, without its CRLF.
const MAX_OCTETS: usize = 75;

/// A vCard or iCalendar document being written.
#[derive(Debug, Default)]
pub struct Lines {
    text: String,
}

impl Lines {
    pub fn new() -> Self {
        Lines::default()
    }

    /// Appends `name:value` (the value already escaped as its type needs), folded.
    pub fn line(&mut self, name: &str, value: &str) {
        self.fold(&format!("{name}:{value}"));
    }

    /// Appends a property whose value is text, escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.line(name, &escape(value));
    }

    /// Appends `line` folded: cut before the 76th octet at a character boundary, each
    /// continuation starting with one space (which counts towards its 75).
    fn fold(&mut self, line: &str) {
        let mut rest = line;
        let mut limit = MAX_OCTETS;
        while rest.len() > limit {
            let mut cut = limit;
            // A UTF-8 character is at most 4 octets, so this stops well above 0.
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            self.text.push_str(&rest[..cut]);
            self.text.push_str("\r\n ");
            rest = &rest[cut..];
            limit = MAX_OCTETS - 1;
        }
        self.text.push_str(rest);
        self.text.push_str("\r\n");
    }

    pub fn into_string(self) -> String {
        self.text
    }
}

/// Escapes a text value: backslash, comma and semicolon get a backslash, a line break
/// (LF, CRLF or CR) becomes `\n`, and other control characters (not allowed in either
/// format) become spaces.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The components of a structured value (vCard `N`, `ORG`), each escaped, joined by `;`.
pub fn structured(components: &[&str]) -> String {
    components.iter().map(|c| escape(c)).collect::<Vec<_>>().join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_rfcs() {
        assert_eq!(escape(r"a\b,c;d"), r"a\\b\,c\;d");
        assert_eq!(escape("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape("tab\there\u{7}"), "tab here ");
        assert_eq!(escape("王军: 茶"), "王军: 茶");
        assert_eq!(structured(&["王;军", "", "a,b"]), r"王\;军;;a\,b");
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut lines = Lines::new();
        lines.line("FN", &"x".repeat(72)); // 3 + 72 = 75 octets: fits exactly
        assert_eq!(lines.into_string(), format!("FN:{}\r\n", "x".repeat(72)));
    }

    #[test]
    fn ascii_folds_at_75_octets_then_74_plus_the_space() {
        let mut lines = Lines::new();
        lines.line("NOTE", &"x".repeat(200)); // 205 octets = 75 + 74 + 56
        let text = lines.into_string();
        let physical: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(physical.len(), 4); // three lines and the empty rest after the last CRLF
        assert_eq!(physical[0], format!("NOTE:{}", "x".repeat(70)));
        assert_eq!(physical[1], format!(" {}", "x".repeat(74)));
        assert_eq!(physical[2], format!(" {}", "x".repeat(56)));
        assert_eq!(physical[3], "");
    }

    #[test]
    fn cjk_folds_between_characters() {
        let mut lines = Lines::new();
        // "NOTE:" is 5 octets; each 中 is 3. The first line takes 5 + 23 × 3 = 74 octets
        // (a 24th would make 77); continuations take 1 + 24 × 3 = 73 (a 25th: 76).
        lines.text("NOTE", &"中".repeat(60));
        let text = lines.into_string();
        let physical: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(
            physical,
            [format!("NOTE:{}", "中".repeat(23)), format!(" {}", "中".repeat(24)), format!(" {}", "中".repeat(13))]
        );
        assert!(physical.iter().all(|l| l.len() <= 75));
        // Unfolding (drop each CRLF + space) gives the line back.
        assert_eq!(text.replace("\r\n ", ""), format!("NOTE:{}\r\n", "中".repeat(60)));
    }
}
