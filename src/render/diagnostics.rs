//! Printing diagnostics: rustc-style lines (coloured on a terminal), JSON, and the
//! summary that counts them by code.

use crate::diag::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub fn write_lines(out: &mut dyn Write, diags: &[Diagnostic], color: bool) -> io::Result<()> {
    for d in diags {
        if color {
            let (paint, reset) = match d.severity {
                Severity::Error => ("\x1b[1;31m", "\x1b[0m"),
                Severity::Warning => ("\x1b[1;33m", "\x1b[0m"),
            };
            let location = d.to_string();
            let head = format!("{}[{}]", d.severity, d.code);
            writeln!(out, "{}", location.replacen(&head, &format!("{paint}{head}{reset}"), 1))?;
        } else {
            writeln!(out, "{d}")?;
        }
    }
    Ok(())
}

pub fn write_json(out: &mut dyn Write, diags: &[Diagnostic]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, diags)?;
    writeln!(out)
}

/// `2 errors (E102 ×1, E210 ×1), 3 warnings (W301 ×2, W304 ×1)`.
pub fn summary(diags: &[Diagnostic]) -> String {
    let mut parts = Vec::new();
    for (severity, word) in [(Severity::Error, "error"), (Severity::Warning, "warning")] {
        let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
        for d in diags.iter().filter(|d| d.severity == severity) {
            *by_code.entry(d.code).or_default() += 1;
        }
        let total: usize = by_code.values().sum();
        if total > 0 {
            let codes: Vec<String> = by_code.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
            parts.push(format!("{total} {word}{} ({})", if total == 1 { "" } else { "s" }, codes.join(", ")));
        }
    }
    parts.join(", ")
}
