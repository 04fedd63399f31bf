//! `cargoman package …`: packages backed by git repositories, their sync and versions.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use clap::{Args, Subcommand};
use futures::StreamExt;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use super::App;
use crate::service::credentials::RepoCredentials;
use crate::service::packages::{NewPackage, Package, PackageUpdate, VersionFlag, VersionInfo};
use crate::service::sync::{SyncObserver, SyncReport};
use crate::ui::{self, Ui, UsageError};

#[derive(Debug, Subcommand)]
pub enum PackageCmd {
    /// Register a git repository as a package (and sync it)
    Add(AddArgs),
    /// Change a package's repository URL, type or credentials
    Update(UpdateArgs),
    /// List packages
    List,
    /// Show a package, with the warnings of its last sync
    Show {
        /// vendor/package
        package: String,
    },
    /// List a package's versions
    Versions { package: String },
    /// Fetch the repository and update versions and archives
    Sync(SyncArgs),
    /// Delete a package with its versions, archives and grants
    Delete {
        package: String,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Hide a version from every customer
    Yank { package: String, version: String },
    /// Make a yanked version visible again
    Unyank { package: String, version: String },
    /// Mark a version as deprecated (still installable)
    Deprecate { package: String, version: String },
    /// Remove the deprecation mark of a version
    Undeprecate { package: String, version: String },
}

#[derive(Debug, Args)]
pub struct CredentialArgs {
    /// HTTPS token for a private repository (prefer --token-file: arguments are visible to other users)
    #[arg(long, conflicts_with_all = ["token_file", "ssh_key"])]
    pub token: Option<String>,
    /// File holding the HTTPS token
    #[arg(long, value_name = "FILE", conflicts_with = "ssh_key")]
    pub token_file: Option<PathBuf>,
    /// User name sent with the token (default per host: x-access-token, oauth2, x-token-auth)
    #[arg(long)]
    pub username: Option<String>,
    /// SSH private key file for ssh:// or git@host:path URLs
    #[arg(long, value_name = "FILE")]
    pub ssh_key: Option<PathBuf>,
    /// File holding the SSH key's passphrase
    #[arg(long, value_name = "FILE", requires = "ssh_key")]
    pub ssh_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Repository URL: https://…, ssh://…, git@host:path, file://… or a local path
    pub url: String,
    /// Package name (vendor/package); read from composer.json when missing
    #[arg(long)]
    pub name: Option<String>,
    /// github, gitlab, bitbucket or git (guessed from the URL when missing)
    #[arg(long = "type", value_name = "TYPE")]
    pub repo_type: Option<String>,
    /// Register only; do not fetch or sync now
    #[arg(long)]
    pub no_sync: bool,
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    pub package: String,
    #[arg(long)]
    pub url: Option<String>,
    #[arg(long = "type", value_name = "TYPE")]
    pub repo_type: Option<String>,
    /// Remove stored credentials
    #[arg(long, conflicts_with_all = ["token", "token_file", "ssh_key"])]
    pub no_credentials: bool,
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// vendor/package (or --all)
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub package: Option<String>,
    /// Sync every package
    #[arg(long)]
    pub all: bool,
    /// Packages synced at once with --all
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub concurrency: usize,
}

pub async fn run(app: &App, cmd: PackageCmd) -> anyhow::Result<()> {
    let ui = &app.ui;
    match cmd {
        PackageCmd::Add(a) => add(app, a).await?,
        PackageCmd::Update(a) => {
            let credentials = if a.no_credentials {
                Some(None)
            } else {
                read_credentials(&a.credentials)?.map(Some)
            };
            let (s, ctx) = app.connect().await?;
            let update = PackageUpdate {
                url: a.url,
                repo_type: a.repo_type,
                credentials,
            };
            let p = s.packages().update(&ctx, &a.package, update).await?;
            ui.emit(&p, |ui| print_package(ui, &p));
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
        PackageCmd::Versions { package } => {
            let (s, ctx) = app.connect().await?;
            let list = s.packages().versions(&ctx, &package).await?;
            ui.emit(&list, |ui| print_versions(ui, &list));
        }
        PackageCmd::Sync(a) => sync(app, a).await?,
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
        PackageCmd::Yank { package, version } => {
            flag(app, &package, &version, VersionFlag::Yank).await?
        }
        PackageCmd::Unyank { package, version } => {
            flag(app, &package, &version, VersionFlag::Unyank).await?
        }
        PackageCmd::Deprecate { package, version } => {
            flag(app, &package, &version, VersionFlag::Deprecate).await?
        }
        PackageCmd::Undeprecate { package, version } => {
            flag(app, &package, &version, VersionFlag::Undeprecate).await?
        }
    }
    Ok(())
}

async fn add(app: &App, a: AddArgs) -> anyhow::Result<()> {
    let credentials = read_credentials(&a.credentials)?;
    let (s, ctx) = app.connect().await?;
    let input = NewPackage {
        url: a.url,
        name: a.name,
        repo_type: a.repo_type,
        credentials,
        probe: !a.no_sync,
    };
    let p = s.packages().add(&ctx, input).await?;
    if a.no_sync {
        app.ui.emit(&p, |ui| {
            ui.line(format!("Registered package {} (id {}).", p.name, p.id))
        });
        return Ok(());
    }
    let bars = Bars::new(&app.ui);
    let report = s.sync().package(&ctx, &p.name, &bars).await;
    let p = s.packages().show(&ctx, &p.name).await?;
    let report = report
        .map_err(|e| anyhow::anyhow!("registered {} but its first sync failed: {e}", p.name))?;
    app.ui.emit(&json!({"package": p, "sync": report}), |ui| {
        ui.line(format!("Registered package {} (id {}).", p.name, p.id));
        print_report(ui, &report);
    });
    Ok(())
}

async fn sync(app: &App, a: SyncArgs) -> anyhow::Result<()> {
    let (s, ctx) = app.connect().await?;
    let bars = Bars::new(&app.ui);
    let Some(name) = a.package else {
        let names: Vec<String> = s
            .packages()
            .list(&ctx)
            .await?
            .into_iter()
            .map(|p| p.name)
            .collect();
        let results: Vec<(String, Result<SyncReport, String>)> = futures::stream::iter(names)
            .map(|name| {
                let (s, ctx, bars) = (&s, &ctx, &bars);
                async move {
                    let r = s
                        .sync()
                        .package(ctx, &name, bars)
                        .await
                        .map_err(|e| e.to_string());
                    (name, r)
                }
            })
            .buffer_unordered(a.concurrency.max(1))
            .collect()
            .await;
        let reports: Vec<_> = results
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .collect();
        let failed: Vec<_> = results
            .iter()
            .filter_map(|(n, r)| r.as_ref().err().map(|e| json!({"package": n, "error": e})))
            .collect();
        app.ui
            .emit(&json!({"packages": reports, "failed": failed}), |ui| {
                for r in &reports {
                    print_report(ui, r);
                }
                for (n, r) in &results {
                    if let Err(e) = r {
                        ui.error(format!("{n}: {e}"));
                    }
                }
            });
        if !failed.is_empty() {
            let msg = format!(
                "{} of {} package(s) failed to sync",
                failed.len(),
                results.len()
            );
            return Err(crate::ui::Reported(msg).into());
        }
        return Ok(());
    };
    let report = s.sync().package(&ctx, &name, &bars).await?;
    app.ui.emit(&report, |ui| print_report(ui, &report));
    Ok(())
}

async fn flag(app: &App, package: &str, version: &str, f: VersionFlag) -> anyhow::Result<()> {
    let (s, ctx) = app.connect().await?;
    let v = s.packages().flag_version(&ctx, package, version, f).await?;
    let what = match f {
        VersionFlag::Yank => "yanked",
        VersionFlag::Unyank => "unyanked",
        VersionFlag::Deprecate => "deprecated",
        VersionFlag::Undeprecate => "undeprecated",
    };
    app.ui.emit(&v, |ui| {
        ui.line(format!("{package} {} is {what}.", v.version))
    });
    Ok(())
}

/// Reads credentials from flags and files (files keep secrets out of `ps`).
fn read_credentials(a: &CredentialArgs) -> anyhow::Result<Option<RepoCredentials>> {
    let read = |p: &PathBuf, what: &str| {
        std::fs::read_to_string(p)
            .map_err(|e| UsageError(format!("cannot read the {what} file {}: {e}", p.display())))
    };
    if let Some(key) = &a.ssh_key {
        let passphrase = a
            .ssh_passphrase_file
            .as_ref()
            .map(|p| read(p, "passphrase").map(|s| s.trim_end_matches(['\n', '\r']).to_string()))
            .transpose()?;
        return Ok(Some(RepoCredentials::SshKey {
            private_key: read(key, "SSH key")?,
            passphrase,
        }));
    }
    let token = match (&a.token, &a.token_file) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(f)) => Some(read(f, "token")?.trim().to_string()),
        (None, None) => None,
    };
    Ok(token.map(|token| RepoCredentials::Token {
        username: a.username.clone(),
        token,
    }))
}

/// Progress bars per package on a terminal; nothing otherwise.
struct Bars {
    multi: Option<MultiProgress>,
    bars: Mutex<HashMap<String, ProgressBar>>,
}

impl Bars {
    fn new(ui: &Ui) -> Self {
        let multi = ui
            .shows_progress()
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Self {
            multi,
            bars: Mutex::new(HashMap::new()),
        }
    }

    fn bar(&self, package: &str) -> Option<ProgressBar> {
        let multi = self.multi.as_ref()?;
        let mut bars = self.bars.lock().ok()?;
        Some(
            bars.entry(package.to_string())
                .or_insert_with(|| {
                    let b = multi.add(ProgressBar::new_spinner());
                    b.set_style(
                        ProgressStyle::with_template(
                            "{spinner} {prefix:30} {msg} [{bar:25}] {pos}/{len}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                    );
                    b.set_prefix(package.to_string());
                    b.enable_steady_tick(std::time::Duration::from_millis(120));
                    b
                })
                .clone(),
        )
    }
}

impl SyncObserver for Bars {
    fn fetching(&self, package: &str) {
        if let Some(b) = self.bar(package) {
            b.set_message("fetching");
        }
    }

    fn planned(&self, package: &str, refs: usize, to_build: usize) {
        if let Some(b) = self.bar(package) {
            b.set_message(format!("{refs} refs, building"));
            b.set_length(to_build as u64);
        }
    }

    fn built(&self, package: &str, _version: &str) {
        if let Some(b) = self.bar(package) {
            b.inc(1);
        }
    }

    fn finished(&self, package: &str) {
        if let Some(b) = self.bar(package) {
            b.finish_and_clear();
        }
    }
}

fn print_report(ui: &Ui, r: &SyncReport) {
    ui.line(format!(
        "{}: {} added, {} updated, {} removed, {} unchanged, {} skipped ({} ms)",
        r.package,
        r.added.len(),
        r.updated.len(),
        r.removed.len(),
        r.unchanged,
        r.skipped.len(),
        r.duration_ms
    ));
    // The same message for many refs (a symlink in every tag) is one line.
    let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in r.skipped.iter().chain(r.warnings.iter()) {
        match grouped.iter_mut().find(|(m, _)| *m == s.message) {
            Some((_, refs)) => refs.push(&s.ref_name),
            None => grouped.push((&s.message, vec![&s.ref_name])),
        }
    }
    for (message, refs) in grouped {
        let refs = match refs.len() {
            0..=3 => refs.join(", "),
            n => format!("{} and {} more", refs[..2].join(", "), n - 2),
        };
        ui.warn(format!("{} {refs}: {message}", r.package));
    }
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
        ("description", ui::opt(&p.description)),
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
            let r = w.get("ref").and_then(|r| r.as_str()).unwrap_or("-");
            let m = w
                .get("message")
                .and_then(|m| m.as_str())
                .unwrap_or_default();
            ui.line(format!("  {r}: {m}"));
        }
    }
}

fn print_versions(ui: &Ui, list: &[VersionInfo]) {
    let rows: Vec<_> = list
        .iter()
        .map(|v| {
            let mut flags = Vec::new();
            if v.yanked {
                flags.push("yanked");
            }
            if v.deprecated {
                flags.push("deprecated");
            }
            if v.is_default_branch {
                flags.push("default");
            }
            vec![
                v.version.clone(),
                v.reference.get(..10).unwrap_or(&v.reference).to_string(),
                ui::opt_time(&v.released_at),
                v.size.map_or("-".into(), |s| s.to_string()),
                flags.join(","),
            ]
        })
        .collect();
    ui.table(
        &["version", "reference", "released", "size", "flags"],
        &rows,
    );
}
