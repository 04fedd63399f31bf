//! The command line: clap definitions, dispatch, and the mapping of errors to exit
//! codes (0 success, 1 general error or not found, 2 configuration or usage error,
//! 3 database error).

pub mod admin_token;
pub mod advisory;
pub mod audit;
pub mod completions;
pub mod config;
pub mod customer;
pub mod init;
pub mod migrate;
pub mod package;
pub mod proxy;
pub mod serve;
pub mod tenant;
pub mod token;

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::config::{ConfigError, LoadOptions, Settings};
use crate::db::{self, DbError};
use crate::service::{Actor, Ctx, ServiceError, Services};
use crate::ui::{Ui, UsageError};

#[derive(Debug, Parser)]
#[command(
    name = "cargoman",
    version,
    about = "A private Composer (PHP) package registry in one binary",
    long_about = "A private Composer (PHP) package registry in one binary.\n\nEach customer gets tokens that see exactly the packages and versions granted to them; packages are synced from git; `composer require` just works.",
    after_help = "Configuration: defaults < --config FILE (or ./cargoman.toml) < .env < environment < flags. See `cargoman config show`."
)]
pub struct Cli {
    /// TOML configuration file (default: ./cargoman.toml when it exists; env CARGOMAN_CONFIG)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print one JSON document on stdout instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// More log output (-v, -vv, -vvv)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Tenant to act on in multi-tenant mode (its slug; env CARGOMAN_TENANT)
    #[arg(
        long,
        global = true,
        value_name = "SLUG",
        env = "CARGOMAN_TENANT",
        hide_env = true
    )]
    pub tenant: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write an annotated config file and the data folder; print a fresh admin token once
    Init(init::InitArgs),
    /// Apply pending database migrations (PostgreSQL or SQLite)
    Migrate(migrate::MigrateArgs),
    /// Start the HTTP server (Composer endpoints, APIs, webhooks, background jobs)
    Serve(serve::ServeArgs),
    /// Manage customers, their lifecycle and their package grants
    #[command(subcommand)]
    Customer(customer::CustomerCmd),
    /// Manage customer tokens (the credentials Composer uses)
    #[command(subcommand)]
    Token(token::TokenCmd),
    /// Manage packages synced from git repositories
    #[command(subcommand)]
    Package(package::PackageCmd),
    /// The Packagist proxy: its cache, frozen public packages and upstream alerts
    #[command(subcommand)]
    Proxy(proxy::ProxyCmd),
    /// Upstream Composer repositories behind the proxy (Packagist is the built-in one)
    #[command(subcommand)]
    Mirror(proxy::MirrorCmd),
    /// Record security advisories that `composer audit` reports to customers
    #[command(subcommand)]
    Advisory(advisory::AdvisoryCmd),
    /// Manage API credentials (owner, admin, viewer)
    #[command(subcommand, name = "admin-token")]
    AdminToken(admin_token::AdminTokenCmd),
    /// Manage the tenants of a multi-tenant deployment, their domains and usage
    #[command(subcommand)]
    Tenant(tenant::TenantCmd),
    /// Read the audit log
    #[command(subcommand)]
    Audit(audit::AuditCmd),
    /// Inspect the configuration in effect
    #[command(subcommand)]
    Config(config::ConfigCmd),
    /// Print shell completions
    Completions(completions::CompletionsArgs),
    /// Print or write man pages
    Man(completions::ManArgs),
}

/// What every command gets: output, settings, and how to reach the service layer.
pub struct App {
    pub ui: Ui,
    pub settings: Arc<Settings>,
    pub tenant: Option<String>,
}

impl App {
    /// Connects to the database. The embedded SQLite database migrates itself; a
    /// configured database must be migrated with `cargoman migrate` first.
    pub async fn services(&self) -> anyhow::Result<Services> {
        let db = db::connect(&self.settings).await?;
        if self.settings.is_embedded_database() {
            db::migrate(&db).await?;
        } else {
            db::ensure_migrated(&db).await?;
        }
        started(Services::new(db, self.settings.clone())?).await
    }

    /// Connects and applies pending migrations, whatever the database (`init`, `serve`;
    /// on PostgreSQL under an advisory lock).
    pub async fn services_migrated(&self) -> anyhow::Result<Services> {
        let db = db::connect(&self.settings).await?;
        let applied = db::migrate(&db).await?;
        if applied > 0 {
            tracing::info!(applied, "database migrated");
        }
        started(Services::new(db, self.settings.clone())?).await
    }

    /// The service context of the operator running this command.
    pub async fn ctx(&self, services: &Services) -> anyhow::Result<Ctx> {
        Ok(services
            .tenants()
            .context(self.tenant.as_deref(), Actor::cli())
            .await?)
    }

    pub async fn connect(&self) -> anyhow::Result<(Services, Ctx)> {
        let services = self.services().await?;
        let ctx = self.ctx(&services).await?;
        Ok((services, ctx))
    }
}

/// What every start does once the database is up to date: credentials stored before
/// they were bound to their package are bound now (a failure is logged, not fatal:
/// the sync of an affected package then says what is wrong).
async fn started(services: Services) -> anyhow::Result<Services> {
    if let Err(e) = services.upgrade_legacy_credentials().await {
        tracing::warn!(error = %e, "could not bind stored credentials to their packages");
    }
    Ok(services)
}

/// Loads settings and runs the command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let ui = Ui::new(cli.json, cli.quiet);
    // Commands that need no configuration work even when it is broken.
    match &cli.command {
        Command::Completions(args) => return completions::completions(args),
        Command::Man(args) => return completions::man(args),
        _ => {}
    }
    let settings = Settings::load(&LoadOptions::from_process(cli.config.clone()))?;
    let long_running = matches!(cli.command, Command::Serve(_));
    crate::logging::init(&settings.log, cli.verbose, cli.quiet, long_running);
    let app = App {
        ui,
        settings: Arc::new(settings),
        // An empty CARGOMAN_TENANT means none, as for the other variables.
        tenant: cli.tenant.clone().filter(|t| !t.trim().is_empty()),
    };
    match cli.command {
        Command::Init(args) => init::run(&app, args).await,
        Command::Migrate(args) => migrate::run(&app, args).await,
        Command::Serve(args) => serve::run(app, args).await,
        Command::Customer(cmd) => customer::run(&app, cmd).await,
        Command::Token(cmd) => token::run(&app, cmd).await,
        Command::Package(cmd) => package::run(&app, cmd).await,
        Command::Proxy(cmd) => proxy::run(&app, cmd).await,
        Command::Mirror(cmd) => proxy::run_mirror(&app, cmd).await,
        Command::AdminToken(cmd) => admin_token::run(&app, cmd).await,
        Command::Tenant(cmd) => tenant::run(&app, cmd).await,
        Command::Advisory(cmd) => advisory::run(&app, cmd).await,
        Command::Audit(cmd) => audit::run(&app, cmd).await,
        Command::Config(cmd) => config::run(&app, cmd),
        Command::Completions(_) | Command::Man(_) => Ok(()),
    }
}

/// The exit code for an error (see the module doc).
pub fn exit_code(err: &anyhow::Error) -> i32 {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<ServiceError>() {
            return match e {
                ServiceError::Invalid { .. } => 2,
                ServiceError::Database(_) => 3,
                _ => 1,
            };
        }
        if cause.downcast_ref::<ConfigError>().is_some()
            || cause.downcast_ref::<UsageError>().is_some()
        {
            return 2;
        }
        if cause.downcast_ref::<DbError>().is_some() {
            return 3;
        }
    }
    1
}

/// What to do about an error, in terms of this CLI's commands and flags (the services
/// say what is wrong without naming them).
pub fn hint(err: &anyhow::Error) -> Option<String> {
    let e = err.chain().find_map(|c| c.downcast_ref::<ServiceError>())?;
    let flag = match e.field_name()? {
        "expires_in_days" => "--expires-in-days",
        "expires_at" => "--expires-at",
        "package_globs" => "--packages",
        "scope" => "--scope",
        "constraint" => "--constraint",
        "versions" => "--version vendor/package=VERSION",
        "email" => "--email",
        "external_id" => "--external-id",
        "type" => "--type",
        "level" => "--level",
        "url" => "the repository URL",
        "token" => "--token-file",
        "severity" => "--severity",
        "affected_versions" => "--affected",
        "status" => "--status",
        "password" => "--password-file or --bearer-file",
        "slug" => "the tenant's slug",
        "domain" => "the domain",
        _ => return None,
    };
    Some(format!("check {flag}"))
}

/// A short machine-readable code for `--json` error documents.
pub fn error_code(err: &anyhow::Error) -> &'static str {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<ServiceError>() {
            return match e {
                ServiceError::Database(_) => "DATABASE_ERROR",
                e => e.code(),
            };
        }
        if cause.downcast_ref::<ConfigError>().is_some() {
            return "CONFIG_ERROR";
        }
        if cause.downcast_ref::<UsageError>().is_some() {
            return "USAGE_ERROR";
        }
        if cause.downcast_ref::<DbError>().is_some() {
            return "DATABASE_ERROR";
        }
    }
    "ERROR"
}

/// Parses `vendor/pkg=1.2.0` pins of `customer freeze --version`.
pub fn parse_pin(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((p, v)) if !p.trim().is_empty() && !v.trim().is_empty() => {
            Ok((p.trim().to_string(), v.trim().to_string()))
        }
        _ => Err(format!("expected vendor/package=VERSION, got \"{s}\"")),
    }
}

/// Reads an id argument, with a usage error naming what was expected.
pub fn parse_id(s: &str) -> anyhow::Result<i64> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| UsageError(format!("\"{s}\" is not an id (a positive whole number)")))
        .context("invalid id")
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
