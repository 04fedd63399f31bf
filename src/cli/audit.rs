//! `cargoman audit …`: who changed what, when, and why.

use clap::Subcommand;

use super::App;
use crate::service::audit::AuditFilter;
use crate::ui;

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Newest entries first
    List {
        /// At most N entries (default 100)
        #[arg(long, short = 'n', value_name = "N")]
        limit: Option<u64>,
        /// Only actions starting with this, e.g. customer or token.revoke
        #[arg(long)]
        action: Option<String>,
        /// Only entries about this target (customer name, token id, package name)
        #[arg(long)]
        target: Option<String>,
        /// Only entries by this actor, e.g. cli:alice or admin-token:3
        #[arg(long)]
        actor: Option<String>,
    },
}

pub async fn run(app: &App, cmd: AuditCmd) -> anyhow::Result<()> {
    let AuditCmd::List {
        limit,
        action,
        target,
        actor,
    } = cmd;
    let (s, ctx) = app.connect().await?;
    let filter = AuditFilter {
        action,
        target,
        actor,
        limit,
    };
    let rows = s.audit().list(&ctx, &filter).await?;
    app.ui.emit(&rows, |u| {
        let table: Vec<_> = rows
            .iter()
            .map(|r| {
                vec![
                    ui::time(&r.at),
                    r.actor.clone(),
                    r.action.clone(),
                    format!("{} {}", r.target_type, r.target),
                    ui::opt(&r.reason),
                ]
            })
            .collect();
        u.table(&["at", "actor", "action", "target", "reason"], &table);
    });
    Ok(())
}
