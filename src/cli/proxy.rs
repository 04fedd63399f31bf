//! `cargoman proxy …` and `cargoman mirror …`: the Packagist proxy (its cache, frozen
//! packages, alerts) and the upstream Composer repositories behind it. Both groups
//! drive the one proxy service, so they share this file.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use indicatif::HumanBytes;
use serde_json::json;

use super::App;
use crate::domain::package_name::PackageName;
use crate::service::proxy::{
    AlertView, MirrorAuth, NewMirror, ProxyStatus, UpstreamStats, UpstreamView,
};
use crate::ui::{self, Ui, UsageError};

#[derive(Debug, Subcommand)]
pub enum ProxyCmd {
    /// Show whether the proxy serves, its upstreams, cache use, frozen packages and alerts
    Status,
    /// Show per upstream what is cached, and what this process counted
    Stats,
    /// Delete every cached proxy file (metadata and archives), frozen packages' too
    Purge {
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Keep a public package at its cached metadata (never refreshed from upstream)
    Freeze {
        /// vendor/package
        package: String,
    },
    /// Let a frozen public package follow its upstream again
    Unfreeze {
        /// vendor/package
        package: String,
    },
    /// List upstream failures: open ones first, then the latest resolved
    Alerts,
}

#[derive(Debug, Subcommand)]
pub enum MirrorCmd {
    /// Add an upstream Composer repository (it must answer with the credentials given)
    Add(MirrorAddArgs),
    /// List the upstreams by priority, the built-in Packagist included
    List,
    /// Remove an upstream and everything cached from it
    Remove {
        name: String,
        /// Do not ask for confirmation
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

/// Secrets come only from files or standard input: arguments are visible to every
/// user of the machine (`ps`).
#[derive(Debug, Args)]
pub struct MirrorAddArgs {
    /// The repository's http(s) URL (where its packages.json is)
    pub url: String,
    /// Name of the mirror (default: the URL's host)
    #[arg(long)]
    pub name: Option<String>,
    /// Lower is asked first; Packagist has 100 (default: 10)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub priority: Option<i32>,
    /// User name for HTTP Basic (with --password-file)
    #[arg(long, requires = "password_file")]
    pub username: Option<String>,
    /// File holding the HTTP Basic password ("-": standard input)
    #[arg(long, value_name = "FILE", requires = "username")]
    pub password_file: Option<PathBuf>,
    /// File holding a bearer token ("-": standard input)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["username", "password_file"])]
    pub bearer_file: Option<PathBuf>,
}

pub async fn run(app: &App, cmd: ProxyCmd) -> anyhow::Result<()> {
    let ui = &app.ui;
    let (s, ctx) = app.connect().await?;
    let proxy = s.proxy();
    match cmd {
        ProxyCmd::Status => {
            let status = proxy.status(&ctx).await?;
            ui.emit(&status, |ui| print_status(ui, &status));
        }
        ProxyCmd::Stats => {
            let stats = proxy.stats(&ctx).await?;
            ui.emit(&stats, |ui| print_stats(ui, &stats));
        }
        ProxyCmd::Purge { yes } => {
            let status = proxy.status(&ctx).await?;
            ui.confirm(
                &format!(
                    "Purge {} cached proxy file(s) ({})? Clients fetch them from upstream again",
                    status.entries,
                    HumanBytes(status.stored_bytes)
                ),
                yes,
            )?;
            let spinner = ui.spinner("purging the proxy cache");
            let purged = proxy.purge(&ctx).await;
            spinner.finish_and_clear();
            let purged = purged?;
            ui.emit(&json!({ "purged": purged }), |ui| {
                ui.line(format!("Purged {purged} cached file(s)."))
            });
        }
        ProxyCmd::Freeze { package } => {
            proxy.set_frozen(&ctx, &package, true).await?;
            let package = normalized(&package);
            ui.emit(&json!({"package": package, "frozen": true}), |ui| {
                ui.line(format!(
                    "{package} is frozen: it stays at its cached metadata until unfrozen."
                ))
            });
        }
        ProxyCmd::Unfreeze { package } => {
            proxy.set_frozen(&ctx, &package, false).await?;
            let package = normalized(&package);
            ui.emit(&json!({"package": package, "frozen": false}), |ui| {
                ui.line(format!("{package} follows its upstream again."))
            });
        }
        ProxyCmd::Alerts => {
            let alerts = proxy.alerts(&ctx).await?;
            ui.emit(&alerts, |ui| print_alerts(ui, &alerts));
        }
    }
    Ok(())
}

pub async fn run_mirror(app: &App, cmd: MirrorCmd) -> anyhow::Result<()> {
    let ui = &app.ui;
    match cmd {
        MirrorCmd::Add(a) => {
            // Read before connecting: a missing file fails before anything is asked.
            let auth = read_auth(ui, &a)?;
            let (s, ctx) = app.connect().await?;
            let new = NewMirror {
                url: a.url,
                name: a.name,
                priority: a.priority,
                auth,
            };
            let m = s.proxy().add_upstream(&ctx, new).await?;
            ui.emit(&m, |ui| {
                ui.line(format!(
                    "Added mirror {} ({}) with priority {}.",
                    m.name, m.url, m.priority
                ))
            });
        }
        MirrorCmd::List => {
            let (s, ctx) = app.connect().await?;
            let list = s.proxy().list_upstreams(&ctx).await?;
            ui.emit(&list, |ui| print_upstreams(ui, &list));
        }
        MirrorCmd::Remove { name, yes } => {
            let (s, ctx) = app.connect().await?;
            let proxy = s.proxy();
            let found = proxy
                .list_upstreams(&ctx)
                .await?
                .into_iter()
                .find(|u| u.name == name);
            // Unknown or built-in: the service says why, without a question first.
            if let Some(m) = found.as_ref().filter(|m| !m.builtin) {
                ui.confirm(
                    &format!(
                        "Remove mirror {} ({}) and everything cached from it?",
                        m.name, m.url
                    ),
                    yes,
                )?;
            }
            proxy.remove_upstream(&ctx, &name).await?;
            // As `package delete`: the resource as it was.
            let removed = found.map_or_else(|| json!({ "name": name }), |m| json!(m));
            ui.emit(&removed, |ui| ui.line(format!("Removed mirror {name}.")));
        }
    }
    Ok(())
}

/// The name as the service stores it (Composer names are lower case).
fn normalized(package: &str) -> String {
    PackageName::parse_lenient(package)
        .map(|n| n.as_str().to_string())
        .unwrap_or_else(|_| package.trim().to_string())
}

fn read_auth(ui: &Ui, a: &MirrorAddArgs) -> anyhow::Result<MirrorAuth> {
    if let Some(file) = &a.bearer_file {
        let token = read_secret(ui, file, "bearer token", "--bearer-file")?;
        return Ok(MirrorAuth::Bearer(token.trim().to_string()));
    }
    // clap lets --username and --password-file come only together.
    match (&a.username, &a.password_file) {
        (Some(username), Some(file)) => Ok(MirrorAuth::Basic {
            username: username.clone(),
            password: read_secret(ui, file, "password", "--password-file")?,
        }),
        _ => Ok(MirrorAuth::None),
    }
}

/// A secret from a file, or from standard input for `-` (asked without echo on a
/// terminal). One trailing line break, as `echo` writes, is not part of it.
fn read_secret(ui: &Ui, path: &Path, what: &str, flag: &str) -> anyhow::Result<String> {
    let text = if path == Path::new("-") {
        if ui.is_interactive() {
            ui.ask_secret(what, flag)?
        } else {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).map_err(|e| {
                UsageError(format!("cannot read the {what} from standard input: {e}"))
            })?;
            text
        }
    } else {
        std::fs::read_to_string(path).map_err(|e| {
            UsageError(format!(
                "cannot read the {what} file {}: {e}",
                path.display()
            ))
        })?
    };
    let secret = text.strip_suffix('\n').unwrap_or(&text);
    let secret = secret.strip_suffix('\r').unwrap_or(secret);
    if secret.is_empty() {
        return Err(UsageError(format!("the {what} given with {flag} is empty")).into());
    }
    Ok(secret.to_string())
}

fn auth_label(u: &UpstreamView) -> String {
    match (u.auth.as_deref(), &u.username) {
        (Some("basic"), Some(user)) => format!("basic ({user})"),
        (Some(kind), _) => kind.to_string(),
        (None, _) => "-".into(),
    }
}

fn print_status(ui: &Ui, s: &ProxyStatus) {
    let serving = if s.enabled {
        "on".to_string()
    } else {
        "off (PROXY_ENABLED=true serves public packages)".to_string()
    };
    let frozen = if s.frozen.is_empty() {
        "-".to_string()
    } else {
        s.frozen.join(", ")
    };
    ui.fields(&[
        ("proxy", serving),
        (
            "cache",
            format!(
                "{} file(s), {} of {}",
                s.entries,
                HumanBytes(s.stored_bytes),
                HumanBytes(s.max_cache_size)
            ),
        ),
        ("frozen", frozen),
        ("open alerts", s.open_alerts.to_string()),
    ]);
    ui.line("");
    print_upstreams(ui, &s.upstreams);
}

fn print_upstreams(ui: &Ui, list: &[UpstreamView]) {
    let rows: Vec<_> = list
        .iter()
        .map(|u| {
            let name = if u.builtin {
                format!("{} (built-in)", u.name)
            } else {
                u.name.clone()
            };
            let feed = if u.changes_url.is_some() { "yes" } else { "no" };
            vec![
                name,
                u.priority.to_string(),
                auth_label(u),
                feed.into(),
                u.url.clone(),
            ]
        })
        .collect();
    ui.table(&["name", "priority", "auth", "feed", "url"], &rows);
}

fn print_stats(ui: &Ui, list: &[UpstreamStats]) {
    let rows: Vec<_> = list
        .iter()
        .map(|s| {
            let c = &s.counters;
            vec![
                s.upstream.clone(),
                s.metadata_entries.to_string(),
                s.archive_entries.to_string(),
                HumanBytes(s.stored_bytes).to_string(),
                c.hits.to_string(),
                c.misses.to_string(),
                HumanBytes(c.bytes_served).to_string(),
                c.upstream_errors.to_string(),
            ]
        })
        .collect();
    ui.table(
        &[
            "upstream", "metadata", "archives", "stored", "hits", "misses", "served", "errors",
        ],
        &rows,
    );
    ui.note(
        "hits, misses, served and errors are counted by each server process since it started; \
         ask a running server for its own (GET /api/v1/proxy/stats)",
    );
}

fn print_alerts(ui: &Ui, list: &[AlertView]) {
    let rows: Vec<_> = list
        .iter()
        .map(|a| {
            let state = if a.resolved_at.is_some() {
                "resolved"
            } else {
                "open"
            };
            vec![
                state.into(),
                ui::opt(&a.upstream),
                a.kind.clone(),
                ui::opt(&a.package),
                a.occurrences.to_string(),
                ui::time(&a.last_seen_at),
                a.message.clone(),
            ]
        })
        .collect();
    ui.table(
        &[
            "state",
            "upstream",
            "kind",
            "package",
            "count",
            "last seen",
            "message",
        ],
        &rows,
    );
}
