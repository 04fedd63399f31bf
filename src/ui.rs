//! Everything the CLI prints: `--json` documents, tables, messages, progress bars and
//! prompts. With `--json`, stdout carries exactly one JSON document; messages,
//! progress and logs go to stderr. Prompts appear only on a terminal.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

/// Raised when a value is missing and no terminal is there to ask for it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A failure whose details the command already printed (its `--json` document holds
/// them): the process exits with 1 without printing a second document.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Reported(pub String);

#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub json: bool,
    pub quiet: bool,
    interactive: bool,
}

impl Ui {
    pub fn new(json: bool, quiet: bool) -> Self {
        Self {
            json,
            quiet,
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        }
    }

    /// True when prompts and progress bars can be shown.
    pub fn is_interactive(&self) -> bool {
        self.interactive
    }

    /// Prints `value` as the command's one JSON document.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        let text = serde_json::to_string_pretty(value)
            .unwrap_or_else(|e| format!("{{\"error\":\"cannot render output: {e}\"}}"));
        out(&text);
    }

    /// Prints `value` as JSON with `--json`, else runs `human`.
    pub fn emit<T: Serialize + ?Sized>(&self, value: &T, human: impl FnOnce(&Ui)) {
        if self.json {
            self.json(value);
        } else {
            human(self);
        }
    }

    /// A line of normal output (stdout, human mode only).
    pub fn line(&self, text: impl AsRef<str>) {
        if !self.json {
            out(text.as_ref());
        }
    }

    /// A status message on stderr (suppressed by `-q`).
    pub fn note(&self, text: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", text.as_ref());
        }
    }

    pub fn warn(&self, text: impl AsRef<str>) {
        eprintln!(
            "{} {}",
            console::style("warning:").yellow().bold(),
            text.as_ref()
        );
    }

    pub fn error(&self, text: impl AsRef<str>) {
        eprintln!(
            "{} {}",
            console::style("error:").red().bold(),
            text.as_ref()
        );
    }

    /// `key: value` lines, aligned.
    pub fn fields(&self, rows: &[(&str, String)]) {
        let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in rows {
            out(&format!(
                "{:width$}  {v}",
                format!("{k}:"),
                width = width + 1
            ));
        }
    }

    /// A plain aligned table with a header row.
    pub fn table(&self, headers: &[&str], rows: &[Vec<String>]) {
        if rows.is_empty() {
            self.note("(none)");
            return;
        }
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let render = |cells: Vec<String>| {
            let last = cells.len().saturating_sub(1);
            cells
                .into_iter()
                .enumerate()
                .map(|(i, c)| if i == last { c } else { pad(&c, widths[i]) })
                .collect::<Vec<_>>()
                .join("  ")
        };
        let header = render(headers.iter().map(|h| h.to_uppercase()).collect());
        out(&console::style(header).bold().to_string());
        for row in rows {
            out(&render(row.clone()));
        }
    }

    /// True when progress bars are drawn: on a terminal, without `--json` or `-q`.
    pub fn shows_progress(&self) -> bool {
        !(self.json || self.quiet) && std::io::stderr().is_terminal()
    }

    /// A progress bar on stderr, hidden unless [`Ui::shows_progress`].
    pub fn progress(&self, len: u64, what: &str) -> ProgressBar {
        if !self.shows_progress() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg:20} [{bar:30}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    /// A spinner on stderr for work whose length is unknown, hidden unless
    /// [`Ui::shows_progress`].
    pub fn spinner(&self, what: &str) -> ProgressBar {
        if !self.shows_progress() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    /// Asks for a missing value on a terminal; fails with a usage error otherwise.
    pub fn ask(&self, label: &str, flag: &str) -> Result<String, UsageError> {
        if !self.interactive || self.json {
            return Err(UsageError(format!("missing {label}: give it as {flag}")));
        }
        dialoguer::Input::<String>::new()
            .with_prompt(label)
            .interact_text()
            .map_err(|e| UsageError(format!("cannot read {label}: {e}")))
    }

    /// Asks for a secret on a terminal without echoing it (the prompt goes to stderr, so
    /// `--json` output stays clean); fails with a usage error without a terminal.
    pub fn ask_secret(&self, label: &str, flag: &str) -> Result<String, UsageError> {
        if !self.interactive {
            return Err(UsageError(format!("missing {label}: give it as {flag}")));
        }
        let term = console::Term::stderr();
        term.write_str(&format!("{label}: "))
            .and_then(|_| term.read_secure_line())
            .map_err(|e| UsageError(format!("cannot read {label}: {e}")))
    }

    /// Confirms a destructive action: `--yes` skips the question; without a terminal
    /// the action is refused.
    pub fn confirm(&self, question: &str, yes: bool) -> Result<(), UsageError> {
        if yes {
            return Ok(());
        }
        if !self.interactive || self.json {
            return Err(UsageError(format!(
                "{question} — this cannot be undone: pass --yes to confirm"
            )));
        }
        match dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
        {
            Ok(true) => Ok(()),
            Ok(false) => Err(UsageError("cancelled".into())),
            Err(e) => Err(UsageError(format!("cannot read the answer: {e}"))),
        }
    }
}

/// Writes a line to stdout. A closed pipe (`cargoman … | head`) ends the process
/// quietly instead of panicking.
fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{line}")
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

/// An optional value for tables: `-` when unset.
pub fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// A time for tables, to the second, in UTC.
pub fn time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%SZ").to_string()
}

pub fn opt_time(t: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.as_ref().map_or_else(|| "-".to_string(), time)
}
