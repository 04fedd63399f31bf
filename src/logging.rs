//! Structured logs on stderr through `tracing`, as text or JSON (`LOG_FORMAT`).

use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, LogSettings};

/// Installs the global subscriber. `verbose` (-v…) and `quiet` (-q) override the
/// configured filter. Short CLI commands log only warnings unless asked for more
/// (`-v` or an explicit `RUST_LOG`), so their output stays readable.
pub fn init(settings: &LogSettings, verbose: u8, quiet: bool, long_running: bool) {
    let explicit = std::env::var_os("RUST_LOG").is_some();
    let filter = match (quiet, verbose) {
        (true, _) => "error".to_string(),
        (_, 0) if !long_running && !explicit => "warn".to_string(),
        (_, 0) => settings.filter.clone(),
        (_, 1) => "info,cargoman=debug".to_string(),
        (_, 2) => "debug,sqlx=info,hyper=info".to_string(),
        _ => "trace".to_string(),
    };
    let filter = EnvFilter::try_new(&filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match settings.format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.compact().try_init(),
    };
}
