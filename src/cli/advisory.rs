//! `cargoman advisory …`: security advisories of the vendor's own packages, which
//! `composer audit` reports to customers.

use clap::{Args, Subcommand};

use super::App;
use crate::domain::time::parse_datetime;
use crate::service::ServiceError;
use crate::service::advisories::{Advisory, NewAdvisory};
use crate::ui::{self, Ui};

#[derive(Debug, Subcommand)]
pub enum AdvisoryCmd {
    /// Record an advisory for a package
    Add(AddArgs),
    /// List advisories (of one package, or all)
    List {
        /// vendor/package
        package: Option<String>,
    },
    /// Delete an advisory by its id
    Delete { advisory_id: String },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// vendor/package
    pub package: String,
    #[arg(long)]
    pub title: String,
    /// Composer constraint of the affected versions, e.g. ">=1.0,<1.4.2"
    #[arg(long, value_name = "CONSTRAINT")]
    pub affected: String,
    /// Advisory id (default: a generated CMSA-… id)
    #[arg(long)]
    pub id: Option<String>,
    #[arg(long)]
    pub cve: Option<String>,
    #[arg(long)]
    pub link: Option<String>,
    /// low, medium, high or critical
    #[arg(long)]
    pub severity: Option<String>,
    /// When it was reported (YYYY-MM-DD or RFC 3339; default now)
    #[arg(long, value_name = "DATE")]
    pub reported_at: Option<String>,
}

pub async fn run(app: &App, cmd: AdvisoryCmd) -> anyhow::Result<()> {
    let ui = &app.ui;
    match cmd {
        AdvisoryCmd::Add(a) => {
            let reported_at = a
                .reported_at
                .as_deref()
                .map(|d| parse_datetime(d).map_err(ServiceError::invalid))
                .transpose()?;
            let (s, ctx) = app.connect().await?;
            let input = NewAdvisory {
                package: a.package,
                title: a.title,
                affected_versions: a.affected,
                advisory_id: a.id,
                cve: a.cve,
                link: a.link,
                severity: a.severity,
                reported_at,
            };
            let adv = s.advisories().add(&ctx, input).await?;
            ui.emit(&adv, |ui| {
                ui.line(format!(
                    "Recorded advisory {} for {}.",
                    adv.advisory_id, adv.package
                ))
            });
        }
        AdvisoryCmd::List { package } => {
            let (s, ctx) = app.connect().await?;
            let list = s.advisories().list(&ctx, package.as_deref()).await?;
            ui.emit(&list, |ui| print_list(ui, &list));
        }
        AdvisoryCmd::Delete { advisory_id } => {
            let (s, ctx) = app.connect().await?;
            let adv = s.advisories().delete(&ctx, &advisory_id).await?;
            ui.emit(&adv, |ui| {
                ui.line(format!("Deleted advisory {}.", adv.advisory_id))
            });
        }
    }
    Ok(())
}

fn print_list(ui: &Ui, list: &[Advisory]) {
    let rows: Vec<_> = list
        .iter()
        .map(|a| {
            vec![
                a.advisory_id.clone(),
                a.package.clone(),
                a.affected_versions.clone(),
                ui::opt(&a.severity),
                ui::opt(&a.cve),
                a.title.clone(),
            ]
        })
        .collect();
    ui.table(
        &["id", "package", "affected", "severity", "cve", "title"],
        &rows,
    );
}
