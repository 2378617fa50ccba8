//! Progress on stderr for long work: reading a large book, walking its history, writing a
//! generated history. Shown only once the command has been at work for more than about a
//! second (so quick commands never flicker), only when the command line turned it on (`Context::progress`: stderr is a terminal and no
//! `-q`), and always cleared when the work ends — it never reaches stdout and never stays
//! in what a user copies from the terminal.
//!
//! The switch is one process-wide flag set by `cli::run`, so library code can report
//! progress without every function taking a handle: with the flag off (library callers,
//! tests, pipes) a `Progress` is inert and costs one atomic load.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// When progress was turned on: the start of the command.
static STARTED: OnceLock<Instant> = OnceLock::new();

/// How long a command works before progress is drawn.
const DELAY: Duration = Duration::from_secs(1);

/// Turns progress on or off for the rest of the process (the command line decides, once,
/// as the command starts).
pub fn enable(on: bool) {
    STARTED.get_or_init(Instant::now);
    ENABLED.store(on, Ordering::Relaxed);
}

/// The progress of one piece of work: a bar when its total is known, else a counter.
pub struct Progress {
    bar: Option<ProgressBar>,
    shown: AtomicBool,
}

impl Progress {
    /// Starts reporting `what` (`reading files`), out of `total` steps when known, counting
    /// `unit`s (`files`, `commits`).
    pub fn start(what: &str, total: Option<u64>, unit: &'static str) -> Progress {
        let bar = ENABLED.load(Ordering::Relaxed).then(|| {
            let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
            let template = match total {
                Some(_) => format!("{{spinner}} {{msg}} [{{bar:30}}] {{human_pos}}/{{human_len}} {unit} ({{elapsed}})"),
                None => format!("{{spinner}} {{msg}}: {{human_pos}} {unit} ({{elapsed}})"),
            };
            // The templates are literals known to parse; a bar without a style still counts.
            if let Ok(style) = ProgressStyle::with_template(&template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(what.to_string());
            bar
        });
        Progress { bar, shown: AtomicBool::new(false) }
    }

    /// Counts `n` more steps done (from any thread).
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
            self.reveal(bar);
        }
    }

    /// Sets the total once it is known.
    pub fn set_total(&self, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        }
    }

    /// Draws the bar from now on once the command has run longer than `DELAY`.
    fn reveal(&self, bar: &ProgressBar) {
        if !self.shown.load(Ordering::Relaxed)
            && STARTED.get().is_some_and(|t| t.elapsed() >= DELAY)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
