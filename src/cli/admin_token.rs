//! `cargoman admin-token …`: API credentials at owner, admin or viewer level.

use clap::Subcommand;

use super::{App, parse_id};
use crate::service::admin_tokens::AdminTokenInfo;
use crate::ui::{self, Ui};

#[derive(Debug, Subcommand)]
pub enum AdminTokenCmd {
    /// Issue an API token for the tenant (see --tenant); prints the secret once
    #[command(visible_alias = "create")]
    Issue {
        /// owner (everything), admin (manage customers, tokens, packages) or viewer (read-only)
        #[arg(long, short = 'l')]
        level: String,
        #[arg(long)]
        name: Option<String>,
        /// Valid in every tenant instead of one; at owner level it manages tenants too
        #[arg(long)]
        platform: bool,
    },
    /// List API tokens
    List,
    /// Revoke an API token; it stops working at once
    Revoke { id: String },
}

pub async fn run(app: &App, cmd: AdminTokenCmd) -> anyhow::Result<()> {
    let ui = &app.ui;
    match cmd {
        AdminTokenCmd::Issue {
            level,
            name,
            platform,
        } => {
            let (s, ctx) = app.connect().await?;
            let tokens = s.admin_tokens();
            let issued = if platform {
                tokens.issue_platform(&ctx, &level, name.as_deref()).await?
            } else {
                tokens.issue(&ctx, &level, name.as_deref()).await?
            };
            ui.emit(&issued, |ui| {
                let scope = match (platform, &app.tenant) {
                    (true, _) => "every tenant".to_string(),
                    (false, Some(t)) => format!("tenant {t}"),
                    (false, None) => "the default tenant".to_string(),
                };
                ui.line(format!(
                    "Admin token {} ({}, valid in {scope}) issued.",
                    issued.token.id,
                    issued.token.level.as_str()
                ));
                ui.line(format!("Secret (shown only now): {}", issued.plain_token));
                ui.line("Use it as: Authorization: Bearer <secret>");
            });
        }
        AdminTokenCmd::List => {
            let (s, ctx) = app.connect().await?;
            let list = s.admin_tokens().list(&ctx).await?;
            ui.emit(&list, |ui| print_list(ui, &list));
        }
        AdminTokenCmd::Revoke { id } => {
            let id = parse_id(&id)?;
            let (s, ctx) = app.connect().await?;
            let t = s.admin_tokens().revoke(&ctx, id).await?;
            ui.emit(&t, |ui| {
                ui.line(format!("Revoked admin token {} ({}).", t.id, t.prefix))
            });
        }
    }
    Ok(())
}

fn print_list(ui: &Ui, list: &[AdminTokenInfo]) {
    let rows: Vec<_> = list
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                t.prefix.clone(),
                ui::opt(&t.name),
                t.level.as_str().into(),
                if t.platform {
                    "every tenant"
                } else {
                    "this tenant"
                }
                .into(),
                t.status.clone(),
                ui::time(&t.created_at),
                ui::opt_time(&t.last_used_at),
            ]
        })
        .collect();
    ui.table(
        &[
            "id",
            "prefix",
            "name",
            "level",
            "valid in",
            "status",
            "created",
            "last used",
        ],
        &rows,
    );
}
