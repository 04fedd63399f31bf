//! `cargoman customer …`: customers, their lifecycle and their package grants.

use clap::{Args, Subcommand};
use serde_json::json;

use super::App;
use crate::domain::customer::{CustomerStatus, Transition};
use crate::domain::time::parse_datetime;
use crate::service::ServiceError;
use crate::service::customers::{Customer, CustomerUpdate, NewCustomer};
use crate::service::grants::Grant;
use crate::ui::{self, Ui, UsageError};

#[derive(Debug, Subcommand)]
pub enum CustomerCmd {
    /// Add a customer
    #[command(visible_alias = "create")]
    Add(AddArgs),
    /// List customers
    List {
        /// Only customers with this status (active, suspended, expired, frozen)
        #[arg(long, value_name = "S")]
        status: Option<String>,
    },
    /// Show a customer with its grants and tokens
    Show {
        /// Customer id or name
        customer: String,
    },
    /// Change a customer's name, email, external id, expiry or proxy access
    Update(UpdateArgs),
    /// Delete a customer with its tokens and grants
    Delete {
        customer: String,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Suspend a customer: Composer answers 403 with the reason
    Suspend(ReasonArgs),
    /// Make a suspended, expired or frozen customer active again
    Reactivate(ReasonArgs),
    /// Expire a customer now
    Expire(ReasonArgs),
    /// Freeze a customer at explicit versions, or at what it can reach now
    Freeze(FreezeArgs),
    /// Grant a package, limited by a Composer constraint (changes an existing grant)
    Grant {
        customer: String,
        /// vendor/package
        package: String,
        /// Composer constraint of the versions granted (default: *)
        #[arg(long, short = 'c', value_name = "CONSTRAINT")]
        constraint: Option<String>,
    },
    /// Take a package away
    Revoke { customer: String, package: String },
    /// List the packages granted to a customer
    Packages { customer: String },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Unique name of the customer (asked for on a terminal when missing)
    pub name: Option<String>,
    #[arg(long, value_name = "E")]
    pub email: Option<String>,
    /// Id of the customer in your billing system
    #[arg(long, value_name = "X")]
    pub external_id: Option<String>,
    /// YYYY-MM-DD (valid through that day, UTC) or RFC 3339
    #[arg(long, value_name = "DATE")]
    pub expires_at: Option<String>,
    /// Whether the customer's tokens may fetch public packages through the Packagist
    /// proxy (default: on)
    #[arg(long, value_name = "on|off", value_parser = parse_switch)]
    pub proxy_access: Option<bool>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Customer id or name
    pub customer: String,
    #[arg(long)]
    pub name: Option<String>,
    /// New email ("" clears it)
    #[arg(long)]
    pub email: Option<String>,
    /// New external id ("" clears it)
    #[arg(long)]
    pub external_id: Option<String>,
    /// New expiry: YYYY-MM-DD, RFC 3339, or "never"
    #[arg(long, value_name = "DATE")]
    pub expires_at: Option<String>,
    /// Whether the customer's tokens may fetch public packages through the Packagist
    /// proxy
    #[arg(long, value_name = "on|off", value_parser = parse_switch)]
    pub proxy_access: Option<bool>,
}

#[derive(Debug, Args)]
pub struct ReasonArgs {
    /// Customer id or name
    pub customer: String,
    /// Why (recorded in the audit log; shown to a suspended customer by Composer)
    #[arg(long, short = 'r')]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct FreezeArgs {
    /// Customer id or name
    pub customer: String,
    /// vendor/package=VERSION to keep (repeatable); none: everything reachable now
    #[arg(long = "version", value_name = "PKG=VERSION", value_parser = super::parse_pin)]
    pub versions: Vec<(String, String)>,
    #[arg(long, short = 'r')]
    pub reason: Option<String>,
}

pub async fn run(app: &App, cmd: CustomerCmd) -> anyhow::Result<()> {
    let ui = &app.ui;
    match cmd {
        CustomerCmd::Add(args) => {
            let name = match args.name {
                Some(n) => n,
                None => ui.ask("Customer name", "NAME")?,
            };
            let expires_at = args.expires_at.as_deref().map(parse_date).transpose()?;
            let (s, ctx) = app.connect().await?;
            let c = s
                .customers()
                .create(
                    &ctx,
                    NewCustomer {
                        name,
                        email: args.email,
                        external_id: args.external_id,
                        expires_at,
                        proxy_access: args.proxy_access,
                    },
                )
                .await?;
            ui.emit(&c, |ui| {
                ui.line(format!("Created customer {} (id {}).", c.name, c.id));
            });
        }
        CustomerCmd::List { status } => {
            let status = status
                .as_deref()
                .map(CustomerStatus::parse)
                .transpose()
                .map_err(UsageError)?;
            let (s, ctx) = app.connect().await?;
            let list = s.customers().list(&ctx, status).await?;
            ui.emit(&list, |ui| print_list(ui, &list));
        }
        CustomerCmd::Show { customer } => {
            let (s, ctx) = app.connect().await?;
            let c = s.customers().get(&ctx, &customer).await?;
            let grants = s.grants().list(&ctx, &customer).await?;
            let tokens = s.tokens().list(&ctx, &customer).await?;
            let doc = json!({"customer": c, "packages": grants, "tokens": tokens});
            ui.emit(&doc, |ui| {
                print_customer(ui, &c);
                ui.line("");
                print_grants(ui, &grants);
                ui.line("");
                super::token::print_tokens(ui, &tokens);
            });
        }
        CustomerCmd::Update(args) => {
            let update = CustomerUpdate {
                name: args.name,
                email: args.email.map(|e| Some(e).filter(|e| !e.trim().is_empty())),
                external_id: args
                    .external_id
                    .map(|e| Some(e).filter(|e| !e.trim().is_empty())),
                expires_at: match args.expires_at.as_deref().map(str::trim) {
                    None => None,
                    Some("never" | "") => Some(None),
                    Some(d) => Some(Some(parse_date(d)?)),
                },
                proxy_access: args.proxy_access,
            };
            let (s, ctx) = app.connect().await?;
            let c = s.customers().update(&ctx, &args.customer, update).await?;
            ui.emit(&c, |ui| print_customer(ui, &c));
        }
        CustomerCmd::Delete { customer, yes } => {
            let (s, ctx) = app.connect().await?;
            let c = s.customers().get(&ctx, &customer).await?;
            ui.confirm(
                &format!("Delete customer {} with its tokens and grants?", c.name),
                yes,
            )?;
            let c = s.customers().delete(&ctx, &customer).await?;
            ui.emit(&c, |ui| {
                ui.line(format!("Deleted customer {} (id {}).", c.name, c.id))
            });
        }
        CustomerCmd::Suspend(a) => transition(app, a, Transition::Suspend).await?,
        CustomerCmd::Reactivate(a) => transition(app, a, Transition::Reactivate).await?,
        CustomerCmd::Expire(a) => transition(app, a, Transition::Expire).await?,
        CustomerCmd::Freeze(a) => {
            let (s, ctx) = app.connect().await?;
            let out = s
                .grants()
                .freeze(&ctx, &a.customer, &a.versions, a.reason)
                .await?;
            ui.emit(&out, |ui| {
                ui.line(format!(
                    "Froze customer {} at {} version(s).",
                    out.customer.name,
                    out.frozen.len()
                ));
                let rows: Vec<_> = out
                    .frozen
                    .iter()
                    .map(|f| vec![f.package.clone(), f.version.clone()])
                    .collect();
                ui.table(&["package", "version"], &rows);
            });
        }
        CustomerCmd::Grant {
            customer,
            package,
            constraint,
        } => {
            let (s, ctx) = app.connect().await?;
            let g = s
                .grants()
                .grant(&ctx, &customer, &package, constraint.as_deref())
                .await?;
            ui.emit(&g, |ui| {
                ui.line(format!(
                    "Granted {} ({}) to {customer}.",
                    g.package, g.constraint
                ));
            });
        }
        CustomerCmd::Revoke { customer, package } => {
            let (s, ctx) = app.connect().await?;
            let g = s.grants().revoke(&ctx, &customer, &package).await?;
            ui.emit(&g, |ui| {
                ui.line(format!("Revoked {} from {customer}.", g.package))
            });
        }
        CustomerCmd::Packages { customer } => {
            let (s, ctx) = app.connect().await?;
            let grants = s.grants().list(&ctx, &customer).await?;
            ui.emit(&grants, |ui| print_grants(ui, &grants));
        }
    }
    Ok(())
}

async fn transition(app: &App, a: ReasonArgs, t: Transition) -> anyhow::Result<()> {
    let (s, ctx) = app.connect().await?;
    let c = s
        .customers()
        .transition(&ctx, &a.customer, t, a.reason)
        .await?;
    app.ui.emit(&c, |ui| {
        ui.line(format!("Customer {} is now {}.", c.name, c.status));
    });
    Ok(())
}

/// Reads an on/off switch: on, off, true, false, yes, no (any case).
fn parse_switch(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(format!(
            "\"{s}\" is not on or off (accepted: on, off, true, false, yes, no)"
        )),
    }
}

fn parse_date(s: &str) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    Ok(parse_datetime(s).map_err(ServiceError::invalid)?)
}

fn print_list(ui: &Ui, list: &[Customer]) {
    let rows: Vec<_> = list
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.name.clone(),
                c.status.to_string(),
                ui::opt(&c.email),
                ui::opt(&c.external_id),
                ui::opt_time(&c.expires_at),
            ]
        })
        .collect();
    ui.table(
        &["id", "name", "status", "email", "external id", "expires"],
        &rows,
    );
}

pub fn print_customer(ui: &Ui, c: &Customer) {
    ui.fields(&[
        ("id", c.id.to_string()),
        ("name", c.name.clone()),
        ("status", c.status.to_string()),
        ("reason", ui::opt(&c.status_reason)),
        ("email", ui::opt(&c.email)),
        ("external id", ui::opt(&c.external_id)),
        ("expires", ui::opt_time(&c.expires_at)),
        ("proxy access", on_off(c.proxy_access)),
        ("created", ui::time(&c.created_at)),
    ]);
}

fn on_off(on: bool) -> String {
    if on { "on" } else { "off" }.into()
}

fn print_grants(ui: &Ui, grants: &[Grant]) {
    let rows: Vec<_> = grants
        .iter()
        .map(|g| {
            vec![
                g.package.clone(),
                g.constraint.clone(),
                if g.frozen_versions.is_empty() {
                    "-".into()
                } else {
                    g.frozen_versions.join(", ")
                },
            ]
        })
        .collect();
    ui.table(&["package", "constraint", "frozen at"], &rows);
}
