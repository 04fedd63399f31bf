//! `cargoman migrate [--status]`: schema migrations.

use clap::Args;
use serde_json::json;

use super::App;
use crate::db;

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Only show applied and pending migrations
    #[arg(long)]
    pub status: bool,
}

pub async fn run(app: &App, args: MigrateArgs) -> anyhow::Result<()> {
    let conn = db::connect(&app.settings).await?;
    if args.status {
        let (applied, pending) = db::migration_status(&conn).await?;
        app.ui
            .emit(&json!({"applied": applied, "pending": pending}), |ui| {
                for m in &applied {
                    ui.line(format!("applied  {m}"));
                }
                for m in &pending {
                    ui.line(format!("pending  {m}"));
                }
            });
        return Ok(());
    }
    let n = db::migrate(&conn).await?;
    app.ui.emit(&json!({"applied": n}), |ui| {
        if n == 0 {
            ui.line("The database is up to date.");
        } else {
            ui.line(format!("Applied {n} migration(s)."));
        }
    });
    Ok(())
}
