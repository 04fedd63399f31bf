//! `cargoman tenant …`: the registries of a multi-tenant deployment (TENANT_MODE=multi),
//! their custom domains, webhook secrets and usage. The CLI runs as the deployment's
//! operator.

use clap::{Args, Subcommand};

use super::App;
use crate::config::TenantMode;
use crate::service::tenants::{NewTenant, Tenant, TenantWithSecret};
use crate::service::usage::TenantUsage;
use crate::ui::{self, Ui, UsageError};

#[derive(Debug, Subcommand)]
pub enum TenantCmd {
    /// Add a tenant; prints its webhook secret once
    #[command(visible_alias = "create")]
    Add(AddArgs),
    /// List tenants
    List,
    /// Show a tenant with its domains
    Show { slug: String },
    /// Rename a tenant (its slug stays)
    Update {
        slug: String,
        #[arg(long, value_name = "N")]
        name: String,
    },
    /// Suspend a tenant: every request to it is refused with the reason
    Suspend {
        slug: String,
        /// Why (recorded in the audit log; shown to the tenant's clients)
        #[arg(long, short = 'r')]
        reason: Option<String>,
    },
    /// Make a suspended tenant serve again
    Reactivate { slug: String },
    /// Delete a tenant with everything it holds: customers, tokens, packages, archives…
    Delete {
        slug: String,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Custom domains that select a tenant by Host
    #[command(subcommand)]
    Domain(DomainCmd),
    /// What each tenant uses: packages, versions, customers, storage, bandwidth, installs
    Usage {
        /// One tenant (default: every tenant)
        slug: Option<String>,
    },
    /// Replace a tenant's webhook secret; prints the new one once
    #[command(name = "webhook-secret")]
    WebhookSecret {
        slug: String,
        /// Generate a new secret (the old one stops verifying deliveries at once)
        #[arg(long)]
        rotate: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// DNS label of the tenant (a-z, 0-9, '-'): it answers at {slug}{TENANT_SUBDOMAIN_SUFFIX}
    pub slug: String,
    /// Display name (default: the slug)
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
    /// Custom domain that selects the tenant by Host (repeatable)
    #[arg(long = "domain", value_name = "D")]
    pub domains: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum DomainCmd {
    /// Map a custom domain to a tenant
    Add { slug: String, domain: String },
    /// Unmap a custom domain
    #[command(visible_alias = "rm")]
    Remove { slug: String, domain: String },
}

pub async fn run(app: &App, cmd: TenantCmd) -> anyhow::Result<()> {
    let ui = &app.ui;
    let (s, ctx) = app.connect().await?;
    let tenants = s.tenants();
    match cmd {
        TenantCmd::Add(args) => {
            let new = NewTenant {
                slug: args.slug,
                name: args.name,
                domains: args.domains,
            };
            let created = tenants.add(&ctx, new).await?;
            ui.emit(&created, |ui| {
                ui.line(format!(
                    "Created tenant {} (id {}).",
                    created.tenant.slug, created.tenant.id
                ));
                print_secret(ui, &created);
            });
            if app.settings.tenant.mode == TenantMode::Single {
                ui.warn(
                    "TENANT_MODE is single: only the default tenant is served until it is multi",
                );
            }
        }
        TenantCmd::List => {
            let list = tenants.list(&ctx).await?;
            ui.emit(&list, |ui| print_list(ui, &list));
        }
        TenantCmd::Show { slug } => {
            let t = tenants.show(&ctx, &slug).await?;
            ui.emit(&t, |ui| print_tenant(ui, &t));
        }
        TenantCmd::Update { slug, name } => {
            let t = tenants.rename(&ctx, &slug, &name).await?;
            ui.emit(&t, |ui| print_tenant(ui, &t));
        }
        TenantCmd::Suspend { slug, reason } => {
            let t = tenants.suspend(&ctx, &slug, reason).await?;
            ui.emit(&t, |ui| {
                ui.line(format!("Tenant {} is now {}.", t.slug, t.status))
            });
        }
        TenantCmd::Reactivate { slug } => {
            let t = tenants.reactivate(&ctx, &slug).await?;
            ui.emit(&t, |ui| {
                ui.line(format!("Tenant {} is now {}.", t.slug, t.status))
            });
        }
        TenantCmd::Delete { slug, yes } => {
            let t = tenants.show(&ctx, &slug).await?;
            ui.confirm(
                &format!(
                    "Delete tenant {} with its customers, tokens, packages and stored archives?",
                    t.slug
                ),
                yes,
            )?;
            let t = tenants.delete(&ctx, &slug).await?;
            ui.emit(&t, |ui| {
                ui.line(format!("Deleted tenant {} (id {}).", t.slug, t.id))
            });
        }
        TenantCmd::Domain(DomainCmd::Add { slug, domain }) => {
            let t = tenants.domain_add(&ctx, &slug, &domain).await?;
            ui.emit(&t, |ui| print_tenant(ui, &t));
        }
        TenantCmd::Domain(DomainCmd::Remove { slug, domain }) => {
            let t = tenants.domain_remove(&ctx, &slug, &domain).await?;
            ui.emit(&t, |ui| print_tenant(ui, &t));
        }
        TenantCmd::Usage { slug: Some(slug) } => {
            let u = tenants.usage(&ctx, &slug).await?;
            ui.emit(&u, |ui| print_usage(ui, std::slice::from_ref(&u)));
        }
        TenantCmd::Usage { slug: None } => {
            let list = tenants.usage_all(&ctx).await?;
            ui.emit(&list, |ui| print_usage(ui, &list));
        }
        TenantCmd::WebhookSecret { slug, rotate } => {
            if !rotate {
                return Err(UsageError(
                    "a webhook secret is shown only when it is made: pass --rotate for a new one"
                        .into(),
                )
                .into());
            }
            let rotated = tenants.rotate_webhook_secret(&ctx, &slug).await?;
            ui.emit(&rotated, |ui| {
                ui.line(format!(
                    "New webhook secret for tenant {}; the old one no longer verifies deliveries.",
                    rotated.tenant.slug
                ));
                print_secret(ui, &rotated);
            });
        }
    }
    Ok(())
}

fn print_secret(ui: &Ui, t: &TenantWithSecret) {
    ui.line(format!(
        "Webhook secret (shown only now): {}",
        t.webhook_secret
    ));
    ui.line("Use it as the secret of the tenant's GitHub, GitLab and Bitbucket webhooks.");
}

fn print_list(ui: &Ui, list: &[Tenant]) {
    let rows: Vec<_> = list
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                t.slug.clone(),
                t.name.clone(),
                t.status.to_string(),
                if t.domains.is_empty() {
                    "-".into()
                } else {
                    t.domains.join(", ")
                },
            ]
        })
        .collect();
    ui.table(&["id", "slug", "name", "status", "domains"], &rows);
}

fn print_tenant(ui: &Ui, t: &Tenant) {
    ui.fields(&[
        ("id", t.id.to_string()),
        ("slug", t.slug.clone()),
        ("name", t.name.clone()),
        ("status", t.status.to_string()),
        ("reason", ui::opt(&t.status_reason)),
        (
            "domains",
            if t.domains.is_empty() {
                "-".into()
            } else {
                t.domains.join(", ")
            },
        ),
        ("created", ui::time(&t.created_at)),
    ]);
}

fn print_usage(ui: &Ui, list: &[TenantUsage]) {
    let rows: Vec<_> = list
        .iter()
        .map(|u| {
            vec![
                u.tenant.clone(),
                u.packages.to_string(),
                u.versions.to_string(),
                u.customers.to_string(),
                bytes(u.storage_bytes),
                bytes(u.bandwidth_bytes),
                bytes(u.bandwidth_bytes_30_days),
                u.downloads.to_string(),
                u.downloads_30_days.to_string(),
            ]
        })
        .collect();
    ui.table(
        &[
            "tenant",
            "packages",
            "versions",
            "customers",
            "storage",
            "bandwidth",
            "bandwidth 30d",
            "installs",
            "installs 30d",
        ],
        &rows,
    );
}

/// Bytes for people: `1.5 MiB`.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bytes_for_people() {
        assert_eq!(super::bytes(0), "0 B");
        assert_eq!(super::bytes(1023), "1023 B");
        assert_eq!(super::bytes(1536), "1.5 KiB");
        assert_eq!(super::bytes(5 * 1024 * 1024 * 1024), "5.0 GiB");
    }
}
