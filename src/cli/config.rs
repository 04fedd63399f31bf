//! `cargoman config …`: the configuration in effect, secrets redacted.

use clap::Subcommand;

use super::App;

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Print the merged configuration (defaults, file, .env, environment) as TOML
    Show,
}

pub fn run(app: &App, cmd: ConfigCmd) -> anyhow::Result<()> {
    match cmd {
        ConfigCmd::Show => {
            let s = &app.settings;
            app.ui.emit(s.as_ref(), |ui| {
                ui.line(format!(
                    "# database: {}",
                    if s.is_embedded_database() {
                        format!("embedded SQLite at {}", s.sqlite_path().display())
                    } else {
                        "configured DATABASE_URL".to_string()
                    }
                ));
                ui.line(format!("# storage folder: {}", s.storage_path().display()));
                ui.line(s.to_redacted_toml());
            });
        }
    }
    Ok(())
}
