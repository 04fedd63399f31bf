//! `cargoman package …`: packages backed by git repositories.

use clap::{Args, Subcommand};

use super::App;
use crate::service::packages::{NewPackage, Package};
use crate::ui::{self, Ui};

#[derive(Debug, Subcommand)]
pub enum PackageCmd {
    /// Register a git repository as a package
    Add(AddArgs),
    /// List packages
    List,
    /// Show a package
    Show {
        /// vendor/package
        package: String,
    },
    /// Delete a package with its versions and grants
    Delete {
        package: String,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Repository URL: https://…, ssh://…, git@host:path, file://… or a local path
    pub url: String,
    /// Package name (vendor/package)
    #[arg(long)]
    pub name: Option<String>,
    /// github, gitlab, bitbucket or git (guessed from the URL when missing)
    #[arg(long = "type", value_name = "TYPE")]
    pub repo_type: Option<String>,
    /// Register only; do not sync now
    #[arg(long)]
    pub no_sync: bool,
}

pub async fn run(app: &App, cmd: PackageCmd) -> anyhow::Result<()> {
    let ui = &app.ui;
    match cmd {
        PackageCmd::Add(a) => {
            let (s, ctx) = app.connect().await?;
            let p = s
                .packages()
                .add(
                    &ctx,
                    NewPackage {
                        url: a.url,
                        name: a.name,
                        repo_type: a.repo_type,
                    },
                )
                .await?;
            ui.emit(&p, |ui| {
                ui.line(format!("Registered package {} (id {}).", p.name, p.id))
            });
        }
        PackageCmd::List => {
            let (s, ctx) = app.connect().await?;
            let list = s.packages().list(&ctx).await?;
            ui.emit(&list, |ui| print_list(ui, &list));
        }
        PackageCmd::Show { package } => {
            let (s, ctx) = app.connect().await?;
            let p = s.packages().show(&ctx, &package).await?;
            ui.emit(&p, |ui| print_package(ui, &p));
        }
        PackageCmd::Delete { package, yes } => {
            let (s, ctx) = app.connect().await?;
            let p = s.packages().show(&ctx, &package).await?;
            ui.confirm(
                &format!(
                    "Delete package {} with {} version(s) and every grant of it?",
                    p.name, p.versions
                ),
                yes,
            )?;
            let p = s.packages().delete(&ctx, &package).await?;
            ui.emit(&p, |ui| ui.line(format!("Deleted package {}.", p.name)));
        }
    }
    Ok(())
}

fn print_list(ui: &Ui, list: &[Package]) {
    let rows: Vec<_> = list
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.versions.to_string(),
                p.sync_status.clone(),
                ui::opt_time(&p.last_synced_at),
                p.repository_url.clone(),
            ]
        })
        .collect();
    ui.table(
        &["name", "versions", "sync", "last synced", "repository"],
        &rows,
    );
}

fn print_package(ui: &Ui, p: &Package) {
    ui.fields(&[
        ("name", p.name.clone()),
        ("id", p.id.to_string()),
        ("repository", p.repository_url.clone()),
        ("type", p.repo_type.clone()),
        (
            "credentials",
            if p.has_credentials {
                "stored (encrypted)".into()
            } else {
                "none".into()
            },
        ),
        ("versions", p.versions.to_string()),
        ("default branch", ui::opt(&p.default_branch)),
        ("sync", p.sync_status.clone()),
        ("last synced", ui::opt_time(&p.last_synced_at)),
        ("last error", ui::opt(&p.last_sync_error)),
    ]);
    if !p.warnings.is_empty() {
        ui.line("warnings:");
        for w in &p.warnings {
            ui.line(format!(
                "  - {}",
                w.as_str()
                    .map(String::from)
                    .unwrap_or_else(|| w.to_string())
            ));
        }
    }
}
