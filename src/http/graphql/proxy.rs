//! The proxy over GraphQL: `proxyStatus` (status, per-upstream counts and open
//! alerts), and mutations to freeze and unfreeze public packages, queue a purge of the
//! cache (a task, as over REST) and add or remove mirrors. The root types declare
//! these fields (in `query.rs` and `mutation.rs`) and call the resolvers here, with
//! the proxy's output and input types.

use async_graphql::{Context, ID, InputObject, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::backend::ProxyBackend;
use super::error::{Gql, invalid};
use super::parts;
use super::types::Task;
use crate::domain::package_name::PackageName;
use crate::service::proxy::{self, MirrorAuth, NewMirror};

/// `proxyStatus`: the status, with per-upstream counts and open alerts read only when
/// selected.
pub async fn status<B: ProxyBackend>(ctx: &Context<'_>) -> Result<ProxyStatus> {
    let (b, p) = parts::<B>(ctx)?;
    let look = ctx.look_ahead();
    let mut status: ProxyStatus = b.proxy_status(p).await.gql()?.into();
    if look.field("stats").exists() {
        let stats = b.proxy_stats(p).await.gql()?;
        status.stats = stats.into_iter().map(Into::into).collect();
    }
    if look.field("openAlerts").exists() {
        let alerts = b.proxy_alerts(p).await.gql()?;
        let open = alerts.into_iter().filter(|a| a.resolved_at.is_none());
        status.open_alerts = open.map(Into::into).collect();
    }
    Ok(status)
}

/// `freezeProxyPackage` and `unfreezeProxyPackage`.
pub async fn set_frozen<B: ProxyBackend>(
    ctx: &Context<'_>,
    package: String,
    frozen: bool,
) -> Result<ProxyPackage> {
    let (b, p) = parts::<B>(ctx)?;
    b.set_proxy_frozen(p, &package, frozen).await.gql()?;
    // The name as stored (Composer names are lower case).
    let package = PackageName::parse_lenient(&package)
        .map(|n| n.as_str().to_string())
        .unwrap_or(package);
    Ok(ProxyPackage { package, frozen })
}

/// `purgeProxyCache`: queued, as over REST.
pub async fn purge<B: ProxyBackend>(ctx: &Context<'_>) -> Result<Task> {
    let (b, p) = parts::<B>(ctx)?;
    b.queue_proxy_purge(p).await.gql().map(Into::into)
}

/// `addMirror`.
pub async fn add_mirror<B: ProxyBackend>(
    ctx: &Context<'_>,
    input: AddMirrorInput,
) -> Result<Upstream> {
    let (b, p) = parts::<B>(ctx)?;
    b.add_mirror(p, input.into_new_mirror()?)
        .await
        .gql()
        .map(Into::into)
}

/// `removeMirror`: true once it is gone.
pub async fn remove_mirror<B: ProxyBackend>(ctx: &Context<'_>, name: &str) -> Result<bool> {
    let (b, p) = parts::<B>(ctx)?;
    b.remove_mirror(p, name).await.gql().map(|()| true)
}

/// An upstream Composer repository to add: credentials are `username` with
/// `password`, or `bearer`, or none. Stored encrypted; never shown again.
#[derive(InputObject, Clone)]
pub struct AddMirrorInput {
    /// The repository's http(s) URL (where its `packages.json` is).
    pub url: String,
    /// Letters, digits, `-`, `_` or `.` (default: the URL's host).
    pub name: Option<String>,
    /// Lower is asked first; Packagist has 100 (default: 10).
    pub priority: Option<i32>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub bearer: Option<String>,
}

impl AddMirrorInput {
    fn into_new_mirror(self) -> Result<NewMirror> {
        let auth = match (self.username, self.password, self.bearer) {
            (None, None, None) => MirrorAuth::None,
            (Some(username), Some(password), None) => MirrorAuth::Basic { username, password },
            (None, None, Some(token)) => MirrorAuth::Bearer(token),
            (_, _, Some(_)) => {
                return Err(invalid(
                    "bearer",
                    "give either a bearer token or a username and password",
                ));
            }
            (None, Some(_), None) => {
                return Err(invalid("username", "a password goes with a username"));
            }
            (Some(_), None, None) => {
                return Err(invalid("password", "a username goes with a password"));
            }
        };
        Ok(NewMirror {
            url: self.url,
            name: self.name,
            priority: self.priority,
            auth,
        })
    }
}

/// A public package's frozen state after the change.
#[derive(SimpleObject, Debug, Clone)]
pub struct ProxyPackage {
    pub package: String,
    pub frozen: bool,
}

/// What the proxy holds and whether it serves.
#[derive(SimpleObject, Debug, Clone)]
pub struct ProxyStatus {
    /// Whether public packages are served (`PROXY_ENABLED`).
    pub enabled: bool,
    /// By priority.
    pub upstreams: Vec<Upstream>,
    /// Cached files (metadata and archives).
    pub entries: u64,
    pub stored_bytes: u64,
    /// `PROXY_MAX_CACHE_SIZE`.
    pub max_cache_size: u64,
    /// Public packages kept at their cached metadata.
    pub frozen: Vec<String>,
    pub open_alert_count: u64,
    /// Per upstream: its cache, and what the answering server counted since it started.
    pub stats: Vec<UpstreamStats>,
    /// Upstream failures not resolved yet, latest first.
    pub open_alerts: Vec<ProxyAlert>,
}

impl From<proxy::ProxyStatus> for ProxyStatus {
    fn from(s: proxy::ProxyStatus) -> Self {
        Self {
            enabled: s.enabled,
            upstreams: s.upstreams.into_iter().map(Into::into).collect(),
            entries: s.entries,
            stored_bytes: s.stored_bytes,
            max_cache_size: s.max_cache_size,
            frozen: s.frozen,
            open_alert_count: s.open_alerts,
            stats: Vec::new(),
            open_alerts: Vec::new(),
        }
    }
}

/// An upstream Composer repository behind the proxy (never its secret).
#[derive(SimpleObject, Debug, Clone)]
pub struct Upstream {
    pub id: ID,
    pub name: String,
    pub url: String,
    /// Lower is asked first; the first upstream that has a name owns it.
    pub priority: i32,
    /// Packagist, configured by `PROXY_PACKAGIST_URL`.
    pub builtin: bool,
    /// `basic`, `bearer`, or null without credentials.
    pub auth: Option<String>,
    pub username: Option<String>,
    pub metadata_url: Option<String>,
    /// The upstream's `metadata-changes-url` feed, when it has one.
    pub changes_url: Option<String>,
    pub advisories_url: Option<String>,
}

impl From<proxy::UpstreamView> for Upstream {
    fn from(u: proxy::UpstreamView) -> Self {
        Self {
            id: u.id.into(),
            name: u.name,
            url: u.url,
            priority: u.priority,
            builtin: u.builtin,
            auth: u.auth,
            username: u.username,
            metadata_url: u.metadata_url,
            changes_url: u.changes_url,
            advisories_url: u.advisories_url,
        }
    }
}

/// One upstream's cache, and what the answering server counted for it.
#[derive(SimpleObject, Debug, Clone)]
pub struct UpstreamStats {
    pub upstream: String,
    pub metadata_entries: u64,
    pub archive_entries: u64,
    pub stored_bytes: u64,
    pub hits: u64,
    pub misses: u64,
    pub bytes_served: u64,
    pub upstream_errors: u64,
}

impl From<proxy::UpstreamStats> for UpstreamStats {
    fn from(s: proxy::UpstreamStats) -> Self {
        let c = s.counters;
        Self {
            upstream: s.upstream,
            metadata_entries: s.metadata_entries,
            archive_entries: s.archive_entries,
            stored_bytes: s.stored_bytes,
            hits: c.hits,
            misses: c.misses,
            bytes_served: c.bytes_served,
            upstream_errors: c.upstream_errors,
        }
    }
}

/// An upstream failure, counted while it lasts.
#[derive(SimpleObject, Debug, Clone)]
pub struct ProxyAlert {
    pub id: ID,
    pub upstream: Option<String>,
    /// `unreachable`, `timeout`, `http_error`, `bad_answer` or `refused_url`.
    pub kind: String,
    pub package: Option<String>,
    pub message: String,
    pub occurrences: i64,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl From<proxy::AlertView> for ProxyAlert {
    fn from(a: proxy::AlertView) -> Self {
        Self {
            id: a.id.into(),
            upstream: a.upstream,
            kind: a.kind,
            package: a.package,
            message: a.message,
            occurrences: a.occurrences,
            first_seen_at: a.first_seen_at,
            last_seen_at: a.last_seen_at,
            resolved_at: a.resolved_at,
        }
    }
}
