//! `cargoman init`: an annotated config file, the data folder, a migrated database and
//! a fresh owner token printed once.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use super::App;
use crate::config::DEFAULT_CONFIG_FILE;
use crate::ui::UsageError;

/// The annotated configuration written by `init` (also `examples/cargoman.toml`).
pub const CONFIG_TEMPLATE: &str = include_str!("../../examples/cargoman.toml");

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the config file (default: ./cargoman.toml)
    #[arg(long, value_name = "FILE")]
    pub path: Option<PathBuf>,
    /// Overwrite an existing config file
    #[arg(long)]
    pub force: bool,
}

pub async fn run(app: &App, args: InitArgs) -> anyhow::Result<()> {
    let path = args
        .path
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG_FILE));
    if path.exists() && !args.force {
        return Err(UsageError(format!(
            "{} already exists: pass --force to overwrite it",
            path.display()
        ))
        .into());
    }
    std::fs::write(&path, CONFIG_TEMPLATE)?;
    std::fs::create_dir_all(&app.settings.data_dir)?;
    std::fs::create_dir_all(app.settings.storage_path())?;
    let services = app.services_migrated().await?;
    let ctx = app.ctx(&services).await?;
    let issued = services
        .admin_tokens()
        // The deployment's first credential: valid in every tenant, and it manages them.
        .issue_platform(&ctx, "owner", Some("init"))
        .await?;
    let doc = json!({
        "config_file": path,
        "data_dir": app.settings.data_dir,
        "admin_token": issued,
    });
    app.ui.emit(&doc, |ui| {
        ui.line(format!("Wrote {}.", path.display()));
        ui.line(format!("Data folder: {}", app.settings.data_dir.display()));
        ui.line(format!(
            "Owner admin token (shown only now): {}",
            issued.plain_token
        ));
        ui.line("Next: `cargoman serve`, then `cargoman customer add NAME`.");
    });
    Ok(())
}
