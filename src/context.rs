//! `Context`: the settings every command runs with, resolved once from flags, the
//! environment and the clock. This is the only module that reads environment variables
//! or the system date; everything else takes `today` and the rest as arguments.

use crate::error::{KamError, Result};
use crate::render::Format;
use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Flags as given, before resolution.
#[derive(Clone, Debug, Default)]
pub struct GlobalOptions {
    pub dir: Option<PathBuf>,
    pub today: Option<NaiveDate>,
    pub as_of: Option<String>,
    pub format: Option<Format>,
    pub color: Option<ColorChoice>,
    pub quiet: bool,
    pub verbose: bool,
    /// `--no-cache`.
    pub no_cache: bool,
}

#[derive(Clone, Debug)]
pub struct Context {
    /// Where to look for the repository: `-C`, `KAM_DIR`, or the current directory.
    pub start_dir: PathBuf,
    /// `--today` or `KAM_TODAY`; `kam.toml`'s `today` and the clock come after.
    today_override: Option<NaiveDate>,
    system_today: NaiveDate,
    pub as_of: Option<String>,
    explicit_format: Option<Format>,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    pub color: bool,
    pub color_stderr: bool,
    pub quiet: bool,
    pub verbose: bool,
    /// Whether loading may use the parse cache under `.git/kam/`: not with `--no-cache`
    /// or `KAM_NO_CACHE` set to anything but empty or `0`.
    pub cache: bool,
}

impl Context {
    pub fn from_options(opts: GlobalOptions) -> Result<Self> {
        let start_dir = match opts.dir.or_else(|| std::env::var_os("KAM_DIR").map(PathBuf::from)) {
            Some(d) => d,
            None => {
                std::env::current_dir().map_err(|e| KamError::env(format!("cannot read the current directory: {e}")))?
            }
        };
        let today_override = match opts.today {
            Some(d) => Some(d),
            None => match std::env::var("KAM_TODAY") {
                Ok(s) if !s.trim().is_empty() => Some(
                    parse_date(s.trim())
                        .map_err(|_| KamError::usage(format!("KAM_TODAY=`{s}` is not a date (YYYY-MM-DD)")))?,
                ),
                _ => None,
            },
        };
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let stderr_is_terminal = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let (color, color_stderr) = match opts.color.unwrap_or(ColorChoice::Auto) {
            ColorChoice::Always => (true, true),
            ColorChoice::Never => (false, false),
            ColorChoice::Auto => (stdout_is_terminal && !no_color, stderr_is_terminal && !no_color),
        };
        Ok(Context {
            start_dir,
            today_override,
            system_today: chrono::Local::now().date_naive(),
            as_of: opts.as_of,
            explicit_format: opts.format,
            stdout_is_terminal,
            stderr_is_terminal,
            color,
            color_stderr,
            quiet: opts.quiet,
            verbose: opts.verbose,
            cache: uses_cache(opts.no_cache),
        })
    }

    /// "today": `--today`, else `KAM_TODAY`, else `kam.toml`'s `today`, else the system date.
    pub fn today(&self, configured: Option<NaiveDate>) -> NaiveDate {
        self.today_override.or(configured).unwrap_or(self.system_today)
    }

    /// The output format: the flag, else a table on a terminal and TSV on a pipe.
    pub fn format(&self) -> Format {
        self.explicit_format.unwrap_or(if self.stdout_is_terminal { Format::Table } else { Format::Tsv })
    }

    /// Whether to draw progress on stderr for long work: only on a terminal, never with `-q`.
    pub fn progress(&self) -> bool {
        self.stderr_is_terminal && !self.quiet
    }

    pub fn explicit_format(&self) -> Option<Format> {
        self.explicit_format
    }

    /// The repository root: the nearest directory at or above the start that holds
    /// `kam.toml`, as git finds `.git`.
    pub fn find_root(&self) -> Result<PathBuf> {
        find_root(&self.start_dir)
    }
}

pub fn find_root(start: &Path) -> Result<PathBuf> {
    let start =
        std::fs::canonicalize(start).map_err(|e| KamError::env(format!("cannot open {}: {e}", start.display())))?;
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        if d.join("kam.toml").is_file() {
            return Ok(d.to_path_buf());
        }
        dir = d.parent();
    }
    Err(KamError::env(format!("no kam repository (kam.toml) in {} or any parent directory", start.display()))
        .with_hint("run `kam init` to create one, or pass -C DIR"))
}

pub fn parse_date(s: &str) -> std::result::Result<NaiveDate, chrono::ParseError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
}

/// Whether a command uses the parse cache: not with `--no-cache` (`no_cache`), nor with
/// `KAM_NO_CACHE` set to anything but empty or `0`.
pub fn uses_cache(no_cache: bool) -> bool {
    !no_cache && std::env::var("KAM_NO_CACHE").map_or(true, |v| v.is_empty() || v == "0")
}
