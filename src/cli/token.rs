//! `cargoman token …`: customer tokens. The secret is printed once, with the
//! Composer configuration that uses it.

use clap::{Args, Subcommand};

use super::{App, parse_id};
use crate::domain::time::parse_datetime;
use crate::service::ServiceError;
use crate::service::tokens::{IssuedToken, TokenInfo, TokenRequest};
use crate::ui::{self, Ui};

#[derive(Debug, Subcommand)]
pub enum TokenCmd {
    /// Issue a token for a customer; prints the secret once
    #[command(visible_alias = "create")]
    Issue(IssueArgs),
    /// List a customer's tokens
    List {
        /// Customer id or name
        customer: String,
    },
    /// Show one token
    Show { id: String },
    /// Replace a token's secret; the old one stops working at once
    Rotate { id: String },
    /// Revoke a token; it stops working at once
    Revoke { id: String },
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// Customer id or name
    #[arg(long, short = 'c')]
    pub customer: String,
    /// A label, e.g. "CI" or "laptop"
    #[arg(long)]
    pub name: Option<String>,
    /// download (metadata and archives, default) or metadata (metadata only)
    #[arg(long)]
    pub scope: Option<String>,
    /// Limit the token to packages matching GLOB, e.g. acme/* (repeatable)
    #[arg(long = "packages", value_name = "GLOB")]
    pub packages: Vec<String>,
    /// The token stops working after N days
    #[arg(long, value_name = "N", conflicts_with = "expires_at")]
    pub expires_in_days: Option<u32>,
    /// The token stops working at DATE (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub expires_at: Option<String>,
}

pub async fn run(app: &App, cmd: TokenCmd) -> anyhow::Result<()> {
    let ui = &app.ui;
    match cmd {
        TokenCmd::Issue(a) => {
            let expires_at = a
                .expires_at
                .as_deref()
                .map(|d| parse_datetime(d).map_err(ServiceError::invalid))
                .transpose()?;
            let (s, ctx) = app.connect().await?;
            let issued = s
                .tokens()
                .issue(
                    &ctx,
                    TokenRequest {
                        customer: a.customer,
                        name: a.name,
                        scope: a.scope,
                        package_globs: a.packages,
                        expires_in_days: a.expires_in_days,
                        expires_at,
                    },
                )
                .await?;
            print_issued(app, &s.tenant_repository_url(&ctx).await?, &issued);
        }
        TokenCmd::List { customer } => {
            let (s, ctx) = app.connect().await?;
            let list = s.tokens().list(&ctx, &customer).await?;
            ui.emit(&list, |ui| print_tokens(ui, &list));
        }
        TokenCmd::Show { id } => {
            let id = parse_id(&id)?;
            let (s, ctx) = app.connect().await?;
            let t = s.tokens().show(&ctx, id).await?;
            ui.emit(&t, |ui| print_token(ui, &t));
        }
        TokenCmd::Rotate { id } => {
            let id = parse_id(&id)?;
            let (s, ctx) = app.connect().await?;
            let issued = s.tokens().rotate(&ctx, id).await?;
            print_issued(app, &s.tenant_repository_url(&ctx).await?, &issued);
        }
        TokenCmd::Revoke { id } => {
            let id = parse_id(&id)?;
            let (s, ctx) = app.connect().await?;
            let t = s.tokens().revoke(&ctx, id).await?;
            ui.emit(&t, |ui| {
                ui.line(format!("Revoked token {} ({}).", t.id, t.prefix))
            });
        }
    }
    Ok(())
}

fn print_issued(app: &App, repository_url: &str, issued: &IssuedToken) {
    let issued = issued.clone().with_setup(repository_url);
    app.ui.emit(&issued, |ui| {
        let t = &issued.token;
        ui.line(format!(
            "Token {} for customer {} (scope {}, expires {}).",
            t.id,
            t.customer,
            t.scope.as_str(),
            ui::opt_time(&t.expires_at)
        ));
        ui.line(format!("Secret (shown only now): {}", issued.plain_token));
        ui.line("");
        ui.line("Configure Composer:");
        for command in &issued.composer_auth.commands {
            ui.line(format!("  {command}"));
        }
    });
}

pub fn print_tokens(ui: &Ui, list: &[TokenInfo]) {
    let rows: Vec<_> = list
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                t.prefix.clone(),
                ui::opt(&t.name),
                t.scope.as_str().into(),
                t.status.clone(),
                if t.package_globs.is_empty() {
                    "*".into()
                } else {
                    t.package_globs.join(",")
                },
                ui::opt_time(&t.expires_at),
                ui::opt_time(&t.last_used_at),
            ]
        })
        .collect();
    ui.table(
        &[
            "id",
            "prefix",
            "name",
            "scope",
            "status",
            "packages",
            "expires",
            "last used",
        ],
        &rows,
    );
}

fn print_token(ui: &Ui, t: &TokenInfo) {
    ui.fields(&[
        ("id", t.id.to_string()),
        ("customer", format!("{} (id {})", t.customer, t.customer_id)),
        ("name", ui::opt(&t.name)),
        ("prefix", t.prefix.clone()),
        ("scope", t.scope.as_str().into()),
        ("status", t.status.clone()),
        (
            "packages",
            if t.package_globs.is_empty() {
                "*".into()
            } else {
                t.package_globs.join(", ")
            },
        ),
        ("expires", ui::opt_time(&t.expires_at)),
        ("revoked", ui::opt_time(&t.revoked_at)),
        (
            "last used",
            format!(
                "{} {}",
                ui::opt_time(&t.last_used_at),
                t.last_used_ip.clone().unwrap_or_default()
            ),
        ),
        ("created", ui::time(&t.created_at)),
    ]);
}
