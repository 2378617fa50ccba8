//! Diagnostics: what `kam check` reports and what loading collects on the way.
//!
//! A diagnostic stays data (path, position, code, message) until `render` prints it; the
//! code's severity and documentation live in `check::codes`.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// One finding, in the JSON shape of SPEC section 3.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic with the severity its code is registered with.
    /// `path` is anything that prints as the path: a `&str`, an entity's `FilePath`.
    pub fn new(code: &'static str, path: impl fmt::Display, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
            severity: crate::check::codes::severity_of(code),
            code,
            message: message.into(),
        }
    }

    fn sort_key(&self) -> (&str, u32, u32, &str) {
        (&self.path, self.line.unwrap_or(0), self.column.unwrap_or(0), self.code)
    }
}

/// Sort diagnostics by file, then position, then code: the order `check` prints them in.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then_with(|| a.message.cmp(&b.message)));
}

/// `path:line:col: severity[CODE]: message`, rustc style; without a position, `path: …`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{}:{}: ", self.path, l, c)?,
            (Some(l), None) => write!(f, "{}:{}: ", self.path, l)?,
            _ => write!(f, "{}: ", self.path)?,
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
    }
}

/// Maps byte offsets of one file to line and column.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` in `text` (the text this index was built from).
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        Pos { line: line as u32, column: column as u32 }
    }
}

/// How similar (Jaro-Winkler, 0..1) a candidate must be to be suggested. 0.8 catches
/// transpositions and one-letter slips in short names (`teir` → `tier` scores 0.93)
/// without pairing unrelated names.
pub const SUGGESTION_THRESHOLD: f64 = 0.8;

/// The closest candidate to `word`, when one is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score >= SUGGESTION_THRESHOLD && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// ` (did you mean `x`?)` or nothing.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates).map_or(String::new(), |c| format!(" (did you mean `{c}`?)"))
}
