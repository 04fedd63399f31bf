//! The proxy (product.md section 7): public packages from upstream Composer repositories
//! (Packagist first, then the vendor's mirrors), relayed faithfully behind the same
//! repository URL, cached in storage with an index in the database, refreshed from each
//! upstream's changes feed or by revalidation, and served stale while an upstream fails.
//!
//! A name belongs to the first upstream (by priority, lower first) that has it; nothing
//! is ever merged. Private names never reach this module: the Composer service asks it
//! only for names that are not hosted.

pub mod metadata;
pub mod upstream;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use self::metadata::Doc;
use self::upstream::{Auth, Metadata, Root, UpstreamClient, UpstreamError};
use super::audit::{self, Entry};
use super::changes::Target;
use super::composer::state::{Flight, Stamp};
use super::{ChangeSet, Ctx, ServiceError, ServiceResult, Services};
use crate::db::entities::{proxy_alert, proxy_cache, proxy_frozen, proxy_upstream};
use crate::storage::proxy_key;

/// How long a name that no upstream has is remembered as absent.
const ABSENT_FOR: std::time::Duration = std::time::Duration::from_secs(60);
/// `accessed_at` of a cached file is written at most this often (seconds).
const TOUCH_EVERY: i64 = 60;
/// Name of the built-in upstream configured by `PROXY_PACKAGIST_URL`.
pub const PACKAGIST: &str = "packagist";

/// The proxy's state in this process.
#[derive(Default)]
pub struct ProxyState {
    files: Flight<(i64, Box<str>), Arc<Cached>>,
    upstreams: Flight<i64, Arc<[Arc<UpstreamInfo>]>>,
    frozen: Flight<i64, Arc<HashSet<String>>>,
    /// Archives being fetched now: later requests for one wait for the first.
    fetching: Mutex<HashMap<(i64, String), Arc<tokio::sync::Notify>>>,
    counters: Mutex<HashMap<i64, HashMap<String, Counters>>>,
    client: OnceLock<UpstreamClient>,
    /// Upstreams with an alert recorded by this process, resolved on their next success.
    alerting: Mutex<HashSet<(i64, String)>>,
}

/// What this process counted for one upstream.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Counters {
    pub hits: u64,
    pub misses: u64,
    pub bytes_served: u64,
    pub upstream_errors: u64,
}

enum Cached {
    File(Box<ProxyFile>),
    Absent(std::time::Instant),
}

/// An upstream metadata file held in memory.
pub struct ProxyFile {
    row_id: i64,
    upstream: String,
    doc: Doc,
    /// The file for every caller, with a placeholder for the base URL.
    template: String,
    stamp: Stamp,
    /// When the file was last fetched or confirmed upstream (seconds).
    fetched_at: AtomicI64,
    upstream_last_modified: Option<String>,
    rendered: Flight<Arc<str>, Bytes>,
    touched: AtomicI64,
}

/// An upstream as the proxy uses it.
pub struct UpstreamInfo {
    pub id: i64,
    pub name: String,
    pub home: url::Url,
    pub priority: i32,
    auth: Auth,
    root: Mutex<Option<Root>>,
}

impl UpstreamInfo {
    /// Whether a changes feed keeps this upstream's files fresh (known once its root
    /// was read).
    pub fn has_feed(&self) -> bool {
        self.root
            .lock()
            .ok()
            .and_then(|r| r.as_ref().map(|r| r.changes_url.is_some()))
            .unwrap_or(false)
    }
}

/// One upstream as listed (`mirror list`, `/api/v1/proxy/upstreams`). Unset fields
/// are left out, as in every resource of the API (its documented schema has no nulls).
#[derive(Debug, Clone, Serialize)]
pub struct UpstreamView {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub priority: i32,
    pub builtin: bool,
    /// `basic`, `bearer` or none; the secret itself is never shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advisories_url: Option<String>,
}

/// Credentials given with `mirror add`.
#[derive(Clone)]
pub enum MirrorAuth {
    None,
    Basic { username: String, password: String },
    Bearer(String),
}

/// A new mirror.
pub struct NewMirror {
    pub url: String,
    pub name: Option<String>,
    pub priority: Option<i32>,
    pub auth: MirrorAuth,
}

/// Cache totals of one upstream.
#[derive(Debug, Clone, Serialize)]
pub struct UpstreamStats {
    pub upstream: String,
    pub metadata_entries: u64,
    pub archive_entries: u64,
    pub stored_bytes: u64,
    #[serde(flatten)]
    pub counters: Counters,
}

/// `proxy status`.
#[derive(Debug, Clone, Serialize)]
pub struct ProxyStatus {
    pub enabled: bool,
    pub upstreams: Vec<UpstreamView>,
    pub entries: u64,
    pub stored_bytes: u64,
    pub max_cache_size: u64,
    pub frozen: Vec<String>,
    pub open_alerts: u64,
}

/// An alert as listed (unset fields left out, as in [`UpstreamView`]).
#[derive(Debug, Clone, Serialize)]
pub struct AlertView {
    pub id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream: Option<String>,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    pub message: String,
    pub occurrences: i64,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
}

/// Why the proxy cannot answer.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// No upstream has the name (404).
    #[error("not found")]
    NotFound,
    /// 502 (504 when `timeout`): the owner could not be asked and nothing is cached.
    #[error("{message}")]
    Upstream { message: String, timeout: bool },
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<sea_orm::DbErr> for ProxyError {
    fn from(e: sea_orm::DbErr) -> Self {
        ProxyError::Service(e.into())
    }
}

impl From<UpstreamError> for ProxyError {
    fn from(e: UpstreamError) -> Self {
        ProxyError::Upstream {
            timeout: e.is_timeout(),
            message: e.to_string(),
        }
    }
}

/// The failure of upstream `name`, as the client reads it.
fn failed(name: &str, e: UpstreamError) -> ProxyError {
    ProxyError::Upstream {
        timeout: e.is_timeout(),
        message: format!("upstream {name} failed and nothing is cached for this package: {e}"),
    }
}

/// An archive to send: stored already, or coming in from upstream right now.
pub enum Archive {
    Stored(String),
    Streaming {
        size: Option<u64>,
        body: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
    },
}

impl ProxyState {
    /// Drops what a committed change touched.
    pub(crate) fn apply(&self, tenant_id: i64, target: Target) {
        match target {
            Target::Tenant => {
                self.upstreams.remove(&tenant_id);
                self.frozen.remove(&tenant_id);
                self.files.retain_loaded(|_| true);
                self.drop_tenant_files(tenant_id);
            }
            Target::Proxy(row) => self.files.retain_loaded(|c| match &**c {
                Cached::File(f) => f.row_id != row,
                Cached::Absent(_) => true,
            }),
            _ => {}
        }
    }

    fn drop_tenant_files(&self, tenant_id: i64) {
        // Flight has no key filter: rebuild without the tenant's entries.
        let mut keys = Vec::new();
        self.files.for_each_key(|k| {
            if k.0 == tenant_id {
                keys.push(k.clone());
            }
        });
        for k in keys {
            self.files.remove(&k);
        }
    }

    fn count(&self, tenant_id: i64, upstream: &str, f: impl FnOnce(&mut Counters)) {
        if let Ok(mut m) = self.counters.lock() {
            let tenant = m.entry(tenant_id).or_default();
            // No allocation on the hot path once the upstream is known.
            match tenant.get_mut(upstream) {
                Some(c) => f(c),
                None => f(tenant.entry(upstream.to_string()).or_default()),
            }
        }
    }
}

pub struct Proxy<'a> {
    s: &'a Services,
}

impl Services {
    pub fn proxy(&self) -> Proxy<'_> {
        Proxy { s: self }
    }
}

/// The key of a metadata file: `vendor/name` or `vendor/name~dev`.
fn file_key(name: &str, dev: bool) -> String {
    if dev {
        format!("{name}~dev")
    } else {
        name.to_string()
    }
}

fn now_secs() -> i64 {
    Utc::now().timestamp()
}

impl<'a> Proxy<'a> {
    fn state(&self) -> &ProxyState {
        self.s.proxy_state()
    }

    fn client(&self) -> ServiceResult<&UpstreamClient> {
        if let Some(c) = self.state().client.get() {
            return Ok(c);
        }
        let c = UpstreamClient::new(self.s.settings()).map_err(ServiceError::Internal)?;
        Ok(self.state().client.get_or_init(|| c))
    }

    pub fn enabled(&self) -> bool {
        self.s.settings().proxy.enabled
    }

    // ---- upstreams ----------------------------------------------------------------

    fn secret_context(tenant_id: i64, name: &str) -> String {
        format!("proxy-upstream/{tenant_id}/{name}")
    }

    /// The tenant's upstreams, Packagist's row created or brought in line with
    /// `PROXY_PACKAGIST_URL` first.
    async fn upstreams(&self, tenant_id: i64) -> ServiceResult<Arc<[Arc<UpstreamInfo>]>> {
        if let Some(u) = self.state().upstreams.get(&tenant_id) {
            return Ok(u);
        }
        self.state()
            .upstreams
            .load(tenant_id, || async {
                self.ensure_builtin(tenant_id).await?;
                let rows = proxy_upstream::Entity::find()
                    .filter(proxy_upstream::Column::TenantId.eq(tenant_id))
                    .order_by_asc(proxy_upstream::Column::Priority)
                    .order_by_asc(proxy_upstream::Column::Id)
                    .all(self.s.db())
                    .await?;
                let mut list = Vec::with_capacity(rows.len());
                for r in rows {
                    list.push(Arc::new(self.info(r)?));
                }
                Ok::<_, ServiceError>(Arc::from(list))
            })
            .await
    }

    fn info(&self, r: proxy_upstream::Model) -> ServiceResult<UpstreamInfo> {
        let home = url::Url::parse(&format!("{}/", r.url.trim_end_matches('/')))
            .map_err(|_| ServiceError::Internal(format!("upstream {} has a bad URL", r.name)))?;
        let secret = match &r.secret_encrypted {
            Some(sealed) => {
                let plain = self
                    .s
                    .secrets()?
                    .decrypt(sealed, &Self::secret_context(r.tenant_id, &r.name))
                    .map_err(|e| {
                        ServiceError::Internal(format!(
                            "cannot decrypt the credentials of upstream {} ({e}); add the mirror again",
                            r.name
                        ))
                    })?;
                Some(String::from_utf8_lossy(&plain).into_owned())
            }
            None => None,
        };
        let auth = match (r.auth_kind.as_deref(), secret) {
            (Some("basic"), Some(p)) => Auth::Basic(r.username.clone().unwrap_or_default(), p),
            (Some("bearer"), Some(t)) => Auth::Bearer(t),
            _ => Auth::None,
        };
        let root = r.metadata_url.clone().map(|metadata_url| Root {
            metadata_url,
            changes_url: r.changes_url.clone(),
            advisories_url: r.advisories_url.clone(),
        });
        Ok(UpstreamInfo {
            id: r.id,
            name: r.name,
            home,
            priority: r.priority,
            auth,
            root: Mutex::new(root),
        })
    }

    async fn ensure_builtin(&self, tenant_id: i64) -> ServiceResult<()> {
        let url = self
            .s
            .settings()
            .proxy
            .packagist_url
            .trim_end_matches('/')
            .to_string();
        let db = self.s.db();
        let existing = proxy_upstream::Entity::find()
            .filter(proxy_upstream::Column::TenantId.eq(tenant_id))
            .filter(proxy_upstream::Column::Builtin.eq(true))
            .one(db)
            .await?;
        let now = super::now();
        match existing {
            Some(row) if row.url == url => Ok(()),
            Some(row) => {
                // Another Packagist URL: what was learnt of the old one no longer holds.
                let mut a: proxy_upstream::ActiveModel = row.into();
                a.url = Set(url);
                a.metadata_url = Set(None);
                a.changes_url = Set(None);
                a.advisories_url = Set(None);
                a.changes_cursor = Set(None);
                a.updated_at = Set(now);
                a.update(db).await?;
                Ok(())
            }
            None => {
                let row = proxy_upstream::ActiveModel {
                    tenant_id: Set(tenant_id),
                    name: Set(PACKAGIST.into()),
                    url: Set(url),
                    priority: Set(100),
                    builtin: Set(true),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                };
                proxy_upstream::Entity::insert(row)
                    .on_conflict(
                        OnConflict::columns([
                            proxy_upstream::Column::TenantId,
                            proxy_upstream::Column::Name,
                        ])
                        .do_nothing()
                        .to_owned(),
                    )
                    .do_nothing()
                    .exec(db)
                    .await?;
                Ok(())
            }
        }
    }

    /// What the upstream's root advertises, read once and remembered.
    async fn root(&self, tenant_id: i64, up: &UpstreamInfo) -> Result<Root, ProxyError> {
        if let Ok(r) = up.root.lock()
            && let Some(root) = &*r
        {
            return Ok(root.clone());
        }
        let root = match self.client()?.root(up.home.as_str(), &up.auth).await {
            Ok(r) => r,
            Err(e) => {
                self.alert(tenant_id, &up.name, None, &e).await;
                return Err(failed(&up.name, e));
            }
        };
        proxy_upstream::Entity::update_many()
            .col_expr(
                proxy_upstream::Column::MetadataUrl,
                Expr::value(root.metadata_url.clone()),
            )
            .col_expr(
                proxy_upstream::Column::ChangesUrl,
                Expr::value(root.changes_url.clone()),
            )
            .col_expr(
                proxy_upstream::Column::AdvisoriesUrl,
                Expr::value(root.advisories_url.clone()),
            )
            .col_expr(
                proxy_upstream::Column::RootFetchedAt,
                Expr::value(super::now()),
            )
            .filter(proxy_upstream::Column::Id.eq(up.id))
            .exec(self.s.db())
            .await?;
        if let Ok(mut r) = up.root.lock() {
            *r = Some(root.clone());
        }
        Ok(root)
    }

    /// `mirror list`.
    pub async fn list_upstreams(&self, ctx: &Ctx) -> ServiceResult<Vec<UpstreamView>> {
        ctx.require(crate::domain::customer::AdminLevel::Viewer)?;
        self.ensure_builtin(ctx.tenant_id).await?;
        let rows = proxy_upstream::Entity::find()
            .filter(proxy_upstream::Column::TenantId.eq(ctx.tenant_id))
            .order_by_asc(proxy_upstream::Column::Priority)
            .order_by_asc(proxy_upstream::Column::Id)
            .all(self.s.db())
            .await?;
        Ok(rows.into_iter().map(view).collect())
    }

    /// `mirror add`: checks that the repository answers as a Composer repository with
    /// the credentials given before it is stored.
    pub async fn add_upstream(&self, ctx: &Ctx, new: NewMirror) -> ServiceResult<UpstreamView> {
        ctx.may_change()?;
        let url = new.url.trim().trim_end_matches('/').to_string();
        let parsed = url::Url::parse(&url).map_err(|_| {
            ServiceError::field("url", "not a URL: give the repository's http(s) URL")
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ServiceError::field("url", "an upstream is an http(s) URL"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(ServiceError::field(
                "url",
                "give credentials separately, not inside the URL",
            ));
        }
        if ctx.network {
            self.s.packages().check_network_url(ctx, &url).await?;
        }
        let name = match new.name {
            Some(n) => n.trim().to_string(),
            None => parsed.host_str().unwrap_or("mirror").to_string(),
        };
        if name.is_empty()
            || name.len() > 100
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        {
            return Err(ServiceError::field(
                "name",
                "a mirror name is 1 to 100 letters, digits, '-', '_' or '.'",
            ));
        }
        if name == PACKAGIST {
            return Err(ServiceError::field(
                "name",
                "\"packagist\" is the built-in upstream (PROXY_PACKAGIST_URL)",
            ));
        }
        let priority = new.priority.unwrap_or(10);
        let (kind, username, secret) = match &new.auth {
            MirrorAuth::None => (None, None, None),
            MirrorAuth::Basic { username, password } => (
                Some("basic"),
                Some(username.clone()),
                Some(password.clone()),
            ),
            MirrorAuth::Bearer(t) => (Some("bearer"), None, Some(t.clone())),
        };
        if secret.as_deref().is_some_and(str::is_empty) {
            return Err(ServiceError::field("password", "the secret is empty"));
        }
        let auth = match &new.auth {
            MirrorAuth::None => Auth::None,
            MirrorAuth::Basic { username, password } => {
                Auth::Basic(username.clone(), password.clone())
            }
            MirrorAuth::Bearer(t) => Auth::Bearer(t.clone()),
        };
        let root = self.client()?.root(&url, &auth).await.map_err(|e| {
            ServiceError::field(
                "url",
                format!("{e}: the URL must be a Composer repository (its packages.json) reachable with the credentials given"),
            )
        })?;
        let sealed = match &secret {
            Some(s) => Some(
                self.s
                    .secrets()?
                    .encrypt(s.as_bytes(), &Self::secret_context(ctx.tenant_id, &name))
                    .map_err(|e| ServiceError::Internal(e.to_string()))?,
            ),
            None => None,
        };
        let now = super::now();
        let txn = self.s.begin().await?;
        let taken = proxy_upstream::Entity::find()
            .filter(proxy_upstream::Column::TenantId.eq(ctx.tenant_id))
            .filter(proxy_upstream::Column::Name.eq(&name))
            .one(&txn)
            .await?;
        if taken.is_some() {
            return Err(ServiceError::Conflict(format!(
                "an upstream named {name} exists already"
            )));
        }
        let row = proxy_upstream::ActiveModel {
            tenant_id: Set(ctx.tenant_id),
            name: Set(name.clone()),
            url: Set(url.clone()),
            priority: Set(priority),
            builtin: Set(false),
            auth_kind: Set(kind.map(str::to_string)),
            username: Set(username),
            secret_encrypted: Set(sealed),
            metadata_url: Set(Some(root.metadata_url)),
            changes_url: Set(root.changes_url),
            advisories_url: Set(root.advisories_url),
            root_fetched_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("mirror.add", "upstream", &name)
                .details(serde_json::json!({"url": url, "priority": priority})),
        )
        .await?;
        self.s
            .commit_change(txn, ChangeSet::new(ctx.tenant_id).tenant())
            .await?;
        Ok(view(row))
    }

    /// `mirror remove`: the upstream and what is cached from it.
    pub async fn remove_upstream(&self, ctx: &Ctx, name: &str) -> ServiceResult<()> {
        ctx.may_change()?;
        if name == PACKAGIST {
            return Err(ServiceError::invalid(
                "packagist is the built-in upstream: set PROXY_PACKAGIST_URL or PROXY_ENABLED instead",
            ));
        }
        let txn = self.s.begin().await?;
        let row = proxy_upstream::Entity::find()
            .filter(proxy_upstream::Column::TenantId.eq(ctx.tenant_id))
            .filter(proxy_upstream::Column::Name.eq(name))
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::not_found("upstream", name))?;
        let entries = proxy_cache::Entity::find()
            .filter(proxy_cache::Column::TenantId.eq(ctx.tenant_id))
            .filter(proxy_cache::Column::Upstream.eq(name))
            .all(&txn)
            .await?;
        proxy_cache::Entity::delete_many()
            .filter(proxy_cache::Column::TenantId.eq(ctx.tenant_id))
            .filter(proxy_cache::Column::Upstream.eq(name))
            .exec(&txn)
            .await?;
        proxy_upstream::Entity::delete_by_id(row.id)
            .exec(&txn)
            .await?;
        audit::record(&txn, ctx, Entry::new("mirror.remove", "upstream", name)).await?;
        self.s
            .commit_change(txn, ChangeSet::new(ctx.tenant_id).tenant())
            .await?;
        for e in entries {
            if let Err(err) = self.s.storage().delete(&e.storage_path).await {
                tracing::warn!(key = %e.storage_path, error = %err, "cannot delete a cached proxy file");
            }
        }
        Ok(())
    }

    // ---- metadata -----------------------------------------------------------------

    async fn frozen(&self, tenant_id: i64) -> ServiceResult<Arc<HashSet<String>>> {
        if let Some(f) = self.state().frozen.get(&tenant_id) {
            return Ok(f);
        }
        self.state()
            .frozen
            .load(tenant_id, || async {
                let names = proxy_frozen::Entity::find()
                    .filter(proxy_frozen::Column::TenantId.eq(tenant_id))
                    .all(self.s.db())
                    .await?
                    .into_iter()
                    .map(|r| r.package_name)
                    .collect();
                Ok::<_, ServiceError>(Arc::new(names))
            })
            .await
    }

    /// The metadata file of a public name for a request, with the base URL its dist
    /// URLs start with (`cache`: keep the answer for this base), and with `until`, only
    /// versions released by then.
    pub async fn file(
        &self,
        tenant_id: i64,
        name: &str,
        dev: bool,
        base: &str,
        cache: bool,
        until: Option<DateTime<Utc>>,
    ) -> Result<(Bytes, Stamp), ProxyError> {
        let file = self.cached_file(tenant_id, name, dev, true).await?;
        let stamp = file.stamp.clone();
        if until.is_some() || !cache {
            let text = metadata::fill(&file.doc_template(until), base);
            return Ok((Bytes::from(text), stamp));
        }
        if let Some(b) = file.rendered.get(base) {
            self.state().count(tenant_id, &file.upstream, |c| {
                c.bytes_served += b.len() as u64
            });
            return Ok((b, stamp));
        }
        let body = file
            .rendered
            .load(Arc::from(base), || async {
                Ok::<_, ProxyError>(Bytes::from(metadata::fill(&file.template, base)))
            })
            .await?;
        self.state().count(tenant_id, &file.upstream, |c| {
            c.bytes_served += body.len() as u64
        });
        Ok((body, stamp))
    }

    /// The cached file of `name`, fetched when missing and revalidated when stale
    /// (`refresh`: allowed to ask the upstream).
    async fn cached_file(
        &self,
        tenant_id: i64,
        name: &str,
        dev: bool,
        refresh: bool,
    ) -> Result<Arc<ProxyFileRef>, ProxyError> {
        let key = (tenant_id, Box::<str>::from(file_key(name, dev)));
        let cached = match self.state().files.get(&key) {
            Some(c) => c,
            None => {
                self.state()
                    .files
                    .load(key.clone(), || {
                        self.load_file(tenant_id, name, dev, refresh)
                    })
                    .await?
            }
        };
        let file = match &*cached {
            Cached::Absent(at) if at.elapsed() < ABSENT_FOR => return Err(ProxyError::NotFound),
            Cached::Absent(_) => {
                self.state().files.remove(&key);
                return Box::pin(self.cached_file(tenant_id, name, dev, refresh)).await;
            }
            Cached::File(f) => f,
        };
        self.state()
            .count(tenant_id, &file.upstream, |c| c.hits += 1);
        self.touch(file);
        if refresh && !self.fresh(tenant_id, name, file).await? {
            match self.revalidate(tenant_id, name, dev, file).await {
                Ok(true) => {
                    // Replaced: read the new one.
                    return Box::pin(self.cached_file(tenant_id, name, dev, false)).await;
                }
                Ok(false) => {}
                Err(ProxyError::NotFound) => {
                    self.state().files.remove(&key);
                    return Err(ProxyError::NotFound);
                }
                // Served stale; the alert is recorded.
                Err(_) => {}
            }
        }
        Ok(Arc::new(ProxyFileRef(cached.clone())))
    }

    fn touch(&self, file: &ProxyFile) {
        let now = now_secs();
        if now - file.touched.swap(now, Ordering::Relaxed) < TOUCH_EVERY {
            return;
        }
        let db = self.s.db().clone();
        let row = file.row_id;
        tokio::spawn(async move {
            let _ = proxy_cache::Entity::update_many()
                .col_expr(proxy_cache::Column::AccessedAt, Expr::value(Utc::now()))
                .filter(proxy_cache::Column::Id.eq(row))
                .exec(&db)
                .await;
        });
    }

    async fn fresh(&self, tenant_id: i64, name: &str, file: &ProxyFile) -> ServiceResult<bool> {
        if self.frozen(tenant_id).await?.contains(name) {
            return Ok(true);
        }
        let fetched = file.fetched_at.load(Ordering::Relaxed);
        let feed = self
            .upstreams(tenant_id)
            .await?
            .iter()
            .find(|u| u.name == file.upstream)
            .is_some_and(|u| u.has_feed());
        if feed {
            // The feed says when it changes; a resync marks files stale (time 0).
            return Ok(fetched > 0);
        }
        Ok(now_secs() - fetched < self.s.settings().proxy.metadata_ttl as i64)
    }

    /// Loads a file from the cache index, or from the upstreams when it is not there.
    async fn load_file(
        &self,
        tenant_id: i64,
        name: &str,
        dev: bool,
        fetch: bool,
    ) -> Result<Arc<Cached>, ProxyError> {
        let key = file_key(name, dev);
        let row = proxy_cache::Entity::find()
            .filter(proxy_cache::Column::TenantId.eq(tenant_id))
            .filter(proxy_cache::Column::Kind.eq("p2"))
            .filter(proxy_cache::Column::CacheKey.eq(&key))
            .one(self.s.db())
            .await?;
        if let Some(row) = row {
            match self.s.storage().read(&row.storage_path).await {
                Ok(bytes) => match Doc::parse(name, &bytes) {
                    Ok(doc) => {
                        return Ok(Arc::new(Cached::File(Box::new(ProxyFile::new(&row, doc)))));
                    }
                    Err(e) => tracing::warn!(key, error = %e, "a cached proxy file is unreadable"),
                },
                Err(e) => tracing::warn!(key, error = %e, "a cached proxy file is missing"),
            }
        }
        if !fetch {
            return Err(ProxyError::NotFound);
        }
        match self.fetch_new(tenant_id, name, dev).await? {
            Some(file) => Ok(Arc::new(Cached::File(Box::new(file)))),
            None => Ok(Arc::new(Cached::Absent(std::time::Instant::now()))),
        }
    }

    /// Asks the upstreams in order for a name not cached yet; the first that has it
    /// owns it. An upstream that fails before one answers fails the request: asking the
    /// next could hand out another source's package of the same name.
    async fn fetch_new(
        &self,
        tenant_id: i64,
        name: &str,
        dev: bool,
    ) -> Result<Option<ProxyFile>, ProxyError> {
        let upstreams = self.upstreams(tenant_id).await?;
        // The ~dev file comes from the owner of the tagged one.
        let owner = if dev {
            proxy_cache::Entity::find()
                .filter(proxy_cache::Column::TenantId.eq(tenant_id))
                .filter(proxy_cache::Column::Kind.eq("p2"))
                .filter(proxy_cache::Column::CacheKey.eq(name))
                .one(self.s.db())
                .await?
                .and_then(|r| r.upstream)
        } else {
            None
        };
        for up in upstreams.iter() {
            if owner.as_ref().is_some_and(|o| *o != up.name) {
                continue;
            }
            self.state().count(tenant_id, &up.name, |c| c.misses += 1);
            let root = self.root(tenant_id, up).await?;
            let url = root.metadata_url.replace("%package%", &file_key(name, dev));
            let answer = self
                .client()?
                .metadata(&up.home, &url, &up.auth, None)
                .await;
            match answer {
                Ok(Metadata::Found {
                    body,
                    last_modified,
                }) => {
                    let doc = match Doc::parse(name, &body) {
                        Ok(d) => d,
                        Err(e) => {
                            let err = UpstreamError::Garbage(up.name.clone(), e.to_string());
                            self.alert(tenant_id, &up.name, Some(name), &err).await;
                            return Err(failed(&up.name, err));
                        }
                    };
                    self.resolved(tenant_id, &up.name).await;
                    let file = self
                        .store(tenant_id, &up.name, name, dev, &body, doc, last_modified)
                        .await?;
                    return Ok(Some(file));
                }
                Ok(_) => {
                    self.resolved(tenant_id, &up.name).await;
                }
                Err(e) => {
                    self.alert(tenant_id, &up.name, Some(name), &e).await;
                    return Err(failed(&up.name, e));
                }
            }
        }
        Ok(None)
    }

    /// Asks the owner whether a stale file changed (If-Modified-Since). True when a new
    /// version of the file was stored.
    async fn revalidate(
        &self,
        tenant_id: i64,
        name: &str,
        dev: bool,
        file: &ProxyFile,
    ) -> Result<bool, ProxyError> {
        let upstreams = self.upstreams(tenant_id).await?;
        let Some(up) = upstreams.iter().find(|u| u.name == file.upstream) else {
            return Ok(false);
        };
        let root = self.root(tenant_id, up).await?;
        let url = root.metadata_url.replace("%package%", &file_key(name, dev));
        let answer = self
            .client()?
            .metadata(
                &up.home,
                &url,
                &up.auth,
                file.upstream_last_modified.as_deref(),
            )
            .await;
        match answer {
            Ok(Metadata::NotModified) => {
                self.resolved(tenant_id, &up.name).await;
                let now = Utc::now();
                file.fetched_at.store(now.timestamp(), Ordering::Relaxed);
                proxy_cache::Entity::update_many()
                    .col_expr(proxy_cache::Column::FetchedAt, Expr::value(now))
                    .filter(proxy_cache::Column::Id.eq(file.row_id))
                    .exec(self.s.db())
                    .await?;
                Ok(false)
            }
            Ok(Metadata::Found {
                body,
                last_modified,
            }) => match Doc::parse(name, &body) {
                Ok(doc) => {
                    self.resolved(tenant_id, &up.name).await;
                    self.store(tenant_id, &up.name, name, dev, &body, doc, last_modified)
                        .await?;
                    Ok(true)
                }
                Err(e) => {
                    let err = UpstreamError::Garbage(up.name.clone(), e.to_string());
                    self.alert(tenant_id, &up.name, Some(name), &err).await;
                    Err(err.into())
                }
            },
            Ok(Metadata::NotFound) => {
                self.resolved(tenant_id, &up.name).await;
                self.forget(tenant_id, name, Some(dev)).await?;
                Err(ProxyError::NotFound)
            }
            Err(e) => {
                self.alert(tenant_id, &up.name, Some(name), &e).await;
                Err(e.into())
            }
        }
    }

    /// Stores an upstream file (bytes first, then its index row) and tells every
    /// server to drop its old copy.
    #[allow(clippy::too_many_arguments)]
    async fn store(
        &self,
        tenant_id: i64,
        upstream: &str,
        name: &str,
        dev: bool,
        body: &[u8],
        doc: Doc,
        upstream_last_modified: Option<String>,
    ) -> Result<ProxyFile, ProxyError> {
        let key = file_key(name, dev);
        let path = proxy_key(&tenant_id.to_string(), "p2", &key);
        self.make_room(body.len() as u64).await?;
        self.s
            .storage()
            .put_bytes(&path, Bytes::copy_from_slice(body))
            .await
            .map_err(|e| ServiceError::Storage(e.to_string()))?;
        let db = self.s.db();
        let now = super::now();
        let previous = proxy_cache::Entity::find()
            .filter(proxy_cache::Column::TenantId.eq(tenant_id))
            .filter(proxy_cache::Column::Kind.eq("p2"))
            .filter(proxy_cache::Column::CacheKey.eq(&key))
            .one(db)
            .await?;
        let txn = self.s.begin().await?;
        let row = match previous {
            Some(p) => {
                // Last-Modified moves only when the bytes did.
                let changed = p.size != body.len() as i64
                    || p.upstream_last_modified != upstream_last_modified;
                let mut a: proxy_cache::ActiveModel = p.clone().into();
                a.size = Set(body.len() as i64);
                a.upstream_last_modified = Set(upstream_last_modified);
                if changed {
                    a.last_modified = Set(now.max(p.last_modified + chrono::Duration::seconds(1)));
                }
                a.fetched_at = Set(now);
                a.accessed_at = Set(now);
                a.upstream = Set(Some(upstream.to_string()));
                a.update(&txn).await?
            }
            None => {
                proxy_cache::ActiveModel {
                    tenant_id: Set(tenant_id),
                    kind: Set("p2".into()),
                    cache_key: Set(key.clone()),
                    storage_path: Set(path),
                    size: Set(body.len() as i64),
                    upstream_last_modified: Set(upstream_last_modified),
                    last_modified: Set(now),
                    fetched_at: Set(now),
                    accessed_at: Set(now),
                    pinned: Set(false),
                    upstream: Set(Some(upstream.to_string())),
                    package_name: Set(Some(name.to_string())),
                    sha1: Set(None),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        };
        self.s
            .commit_change(txn, ChangeSet::new(tenant_id).proxy(row.id))
            .await?;
        Ok(ProxyFile::new(&row, doc))
    }

    /// Drops cached files of `name` (`dev`: only that one; None: both).
    async fn forget(&self, tenant_id: i64, name: &str, dev: Option<bool>) -> ServiceResult<()> {
        let keys: Vec<String> = match dev {
            Some(d) => vec![file_key(name, d)],
            None => vec![file_key(name, false), file_key(name, true)],
        };
        let rows = proxy_cache::Entity::find()
            .filter(proxy_cache::Column::TenantId.eq(tenant_id))
            .filter(proxy_cache::Column::Kind.eq("p2"))
            .filter(proxy_cache::Column::CacheKey.is_in(keys.clone()))
            .all(self.s.db())
            .await?;
        self.delete_rows(tenant_id, rows).await?;
        for k in keys {
            self.state().files.remove(&(tenant_id, Box::from(k)));
        }
        Ok(())
    }

    async fn delete_rows(
        &self,
        tenant_id: i64,
        rows: Vec<proxy_cache::Model>,
    ) -> ServiceResult<u64> {
        if rows.is_empty() {
            return Ok(0);
        }
        let mut freed = 0;
        let txn = self.s.begin().await?;
        let mut changes = ChangeSet::new(tenant_id);
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        for r in &rows {
            changes = changes.proxy(r.id);
            freed += r.size.max(0) as u64;
        }
        proxy_cache::Entity::delete_many()
            .filter(proxy_cache::Column::Id.is_in(ids))
            .exec(&txn)
            .await?;
        self.s.commit_change(txn, changes).await?;
        for r in rows {
            if let Err(e) = self.s.storage().delete(&r.storage_path).await {
                tracing::warn!(key = %r.storage_path, error = %e, "cannot delete a cached proxy file");
            }
        }
        Ok(freed)
    }

    // ---- archives -----------------------------------------------------------------

    /// The archive of a public package's version at `reference`: from the cache, or
    /// fetched from its upstream (one fetch however many ask at once), streamed to the
    /// first caller while stored. `pin`: kept whatever its age (Time Machine).
    pub async fn archive(
        &self,
        tenant_id: i64,
        name: &str,
        version_normalized: &str,
        reference: &str,
        until: Option<DateTime<Utc>>,
        pin: bool,
    ) -> Result<Archive, ProxyError> {
        let dev = version_normalized.starts_with("dev-") || version_normalized.ends_with("-dev");
        let file = self.cached_file(tenant_id, name, dev, true).await?;
        let source = file
            .file()
            .doc
            .dist_source(version_normalized, reference)
            .ok_or(ProxyError::NotFound)?;
        if let Some(u) = until
            && source.released_at.is_none_or(|t| t > u)
        {
            return Err(ProxyError::NotFound);
        }
        let upstream_name = file.file().upstream.clone();
        let cache_key = format!("{name}/{reference}");
        loop {
            if let Some(row) = self.archive_row(tenant_id, &cache_key).await? {
                self.used_archive(&row, pin);
                self.state().count(tenant_id, &upstream_name, |c| {
                    c.hits += 1;
                    c.bytes_served += row.size.max(0) as u64;
                });
                return Ok(Archive::Stored(row.storage_path));
            }
            // Someone else fetching it? Wait, then look again.
            let (notify, first) = {
                let mut m = self
                    .state()
                    .fetching
                    .lock()
                    .map_err(|_| ServiceError::Internal("proxy state poisoned".into()))?;
                match m.get(&(tenant_id, cache_key.clone())) {
                    Some(n) => (n.clone(), false),
                    None => {
                        let n = Arc::new(tokio::sync::Notify::new());
                        m.insert((tenant_id, cache_key.clone()), n.clone());
                        (n, true)
                    }
                }
            };
            if !first {
                let waiting = notify.notified();
                // The fetch may have ended between the check and here.
                if self.archive_row(tenant_id, &cache_key).await?.is_none()
                    && self.is_fetching(tenant_id, &cache_key)
                {
                    waiting.await;
                }
                if self.archive_row(tenant_id, &cache_key).await?.is_none() {
                    return Err(ProxyError::Upstream {
                        message: format!("fetching the archive of {name} failed; try again"),
                        timeout: false,
                    });
                }
                continue;
            }
            let guard = FetchGuard {
                state: self.s.clone(),
                key: (tenant_id, cache_key.clone()),
                notify,
            };
            return self
                .fetch_archive(
                    tenant_id,
                    &upstream_name,
                    name,
                    &cache_key,
                    &source.url,
                    pin,
                    guard,
                )
                .await;
        }
    }

    fn is_fetching(&self, tenant_id: i64, key: &str) -> bool {
        self.state()
            .fetching
            .lock()
            .map(|m| m.contains_key(&(tenant_id, key.to_string())))
            .unwrap_or(false)
    }

    async fn archive_row(
        &self,
        tenant_id: i64,
        cache_key: &str,
    ) -> ServiceResult<Option<proxy_cache::Model>> {
        Ok(proxy_cache::Entity::find()
            .filter(proxy_cache::Column::TenantId.eq(tenant_id))
            .filter(proxy_cache::Column::Kind.eq("dist"))
            .filter(proxy_cache::Column::CacheKey.eq(cache_key))
            .one(self.s.db())
            .await?)
    }

    fn used_archive(&self, row: &proxy_cache::Model, pin: bool) {
        let db = self.s.db().clone();
        let id = row.id;
        let pin = pin && !row.pinned;
        tokio::spawn(async move {
            let mut q = proxy_cache::Entity::update_many()
                .col_expr(proxy_cache::Column::AccessedAt, Expr::value(Utc::now()));
            if pin {
                q = q.col_expr(proxy_cache::Column::Pinned, Expr::value(true));
            }
            let _ = q.filter(proxy_cache::Column::Id.eq(id)).exec(&db).await;
        });
    }

    #[allow(clippy::too_many_arguments)]
    async fn fetch_archive(
        &self,
        tenant_id: i64,
        upstream_name: &str,
        name: &str,
        cache_key: &str,
        url: &str,
        pin: bool,
        guard: FetchGuard,
    ) -> Result<Archive, ProxyError> {
        let upstreams = self.upstreams(tenant_id).await?;
        let up = upstreams
            .iter()
            .find(|u| u.name == upstream_name)
            .ok_or(ProxyError::NotFound)?
            .clone();
        let settings = &self.s.settings().proxy;
        let max = settings.max_archive_size.min(settings.max_cache_size);
        self.state()
            .count(tenant_id, upstream_name, |c| c.misses += 1);
        let mut incoming = match self.client()?.archive(&up.home, url, &up.auth, max).await {
            Ok(s) => s,
            Err(e) => {
                self.alert(tenant_id, &up.name, Some(name), &e).await;
                return Err(e.into());
            }
        };
        if let Some(size) = incoming.size {
            self.make_room(size).await?;
        }
        let size = incoming.size;
        let (to_client, body) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(16);
        let s = self.s.clone();
        let (name, cache_key, upstream_name) = (
            name.to_string(),
            cache_key.to_string(),
            upstream_name.to_string(),
        );
        let path = proxy_key(&tenant_id.to_string(), "dist", &cache_key);
        tokio::spawn(async move {
            let _guard = guard;
            let (to_store, stored) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(16);
            let storage = s.storage().clone();
            let key = path.clone();
            let writer =
                tokio::spawn(
                    async move { storage.put_stream(&key, tokio_stream_from(stored)).await },
                );
            let mut hasher = <sha1::Sha1 as sha1::Digest>::new();
            let mut failure: Option<UpstreamError> = None;
            let mut client_gone = false;
            while let Some(chunk) = incoming.next().await {
                match chunk {
                    Ok(c) => {
                        sha1::Digest::update(&mut hasher, &c);
                        if !client_gone && to_client.send(Ok(c.clone())).await.is_err() {
                            // The first caller left: the archive is still stored.
                            client_gone = true;
                        }
                        if to_store.send(Ok(c)).await.is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
            if let Some(e) = &failure {
                let _ = to_store
                    .send(Err(std::io::Error::other(e.to_string())))
                    .await;
                let _ = to_client
                    .send(Err(std::io::Error::other(e.to_string())))
                    .await;
            }
            drop(to_store);
            let written = writer.await;
            let proxy = s.proxy();
            match (failure, written) {
                (None, Ok(Ok(bytes))) => {
                    let sha1 = hex::encode(sha1::Digest::finalize(hasher));
                    if let Err(e) = proxy
                        .index_archive(
                            tenant_id,
                            &upstream_name,
                            &name,
                            &cache_key,
                            &path,
                            bytes,
                            sha1,
                            pin,
                        )
                        .await
                    {
                        tracing::warn!(error = %e, "cannot record a proxied archive");
                        let _ = s.storage().delete(&path).await;
                    } else {
                        proxy.resolved(tenant_id, &upstream_name).await;
                    }
                }
                (Some(e), _) => {
                    proxy
                        .alert(tenant_id, &upstream_name, Some(&name), &e)
                        .await;
                }
                (None, Ok(Err(e))) => {
                    tracing::warn!(error = %e, "cannot store a proxied archive");
                }
                (None, Err(e)) => {
                    tracing::warn!(error = %e, "storing a proxied archive failed");
                }
            }
        });
        Ok(Archive::Streaming { size, body })
    }

    #[allow(clippy::too_many_arguments)]
    async fn index_archive(
        &self,
        tenant_id: i64,
        upstream: &str,
        name: &str,
        cache_key: &str,
        path: &str,
        size: u64,
        sha1: String,
        pin: bool,
    ) -> ServiceResult<()> {
        let now = super::now();
        proxy_cache::Entity::insert(proxy_cache::ActiveModel {
            tenant_id: Set(tenant_id),
            kind: Set("dist".into()),
            cache_key: Set(cache_key.to_string()),
            storage_path: Set(path.to_string()),
            size: Set(size as i64),
            upstream_last_modified: Set(None),
            last_modified: Set(now),
            fetched_at: Set(now),
            accessed_at: Set(now),
            pinned: Set(pin),
            upstream: Set(Some(upstream.to_string())),
            package_name: Set(Some(name.to_string())),
            sha1: Set(Some(sha1)),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                proxy_cache::Column::TenantId,
                proxy_cache::Column::Kind,
                proxy_cache::Column::CacheKey,
            ])
            .do_nothing()
            .to_owned(),
        )
        .do_nothing()
        .exec(self.s.db())
        .await?;
        self.make_room(0).await?;
        Ok(())
    }

    // ---- cache size ---------------------------------------------------------------

    /// Evicts least recently used entries (never pinned ones or frozen packages') until
    /// `incoming` more bytes fit under `PROXY_MAX_CACHE_SIZE`.
    pub async fn make_room(&self, incoming: u64) -> ServiceResult<u64> {
        let cap = self.s.settings().proxy.max_cache_size;
        let db = self.s.db();
        let mut total = self.stored_bytes(None).await?;
        let mut freed = 0;
        while total + incoming > cap {
            let frozen: Vec<(i64, String)> = proxy_frozen::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|f| (f.tenant_id, f.package_name))
                .collect();
            let victims: Vec<proxy_cache::Model> = proxy_cache::Entity::find()
                .filter(proxy_cache::Column::Pinned.eq(false))
                .order_by_asc(proxy_cache::Column::AccessedAt)
                .limit(200)
                .all(db)
                .await?
                .into_iter()
                .filter(|r| {
                    !r.package_name
                        .as_ref()
                        .is_some_and(|n| frozen.contains(&(r.tenant_id, n.clone())))
                })
                .collect();
            if victims.is_empty() {
                break;
            }
            let mut chosen = Vec::new();
            let mut need = (total + incoming).saturating_sub(cap);
            for v in victims {
                if need == 0 {
                    break;
                }
                need = need.saturating_sub(v.size.max(0) as u64);
                chosen.push(v);
            }
            let mut by_tenant: HashMap<i64, Vec<proxy_cache::Model>> = HashMap::new();
            for c in chosen {
                by_tenant.entry(c.tenant_id).or_default().push(c);
            }
            for (tenant, rows) in by_tenant {
                let n = self.delete_rows(tenant, rows).await?;
                total = total.saturating_sub(n);
                freed += n;
            }
        }
        Ok(freed)
    }

    async fn stored_bytes(&self, tenant_id: Option<i64>) -> ServiceResult<u64> {
        let mut q = proxy_cache::Entity::find()
            .select_only()
            .column_as(Expr::col(proxy_cache::Column::Size).sum(), "total");
        if let Some(t) = tenant_id {
            q = q.filter(proxy_cache::Column::TenantId.eq(t));
        }
        let total: Option<Option<i64>> = q.into_tuple().one(self.s.db()).await.or_else(|_| {
            // Some backends answer SUM with a decimal: fall back to counting rows.
            Ok::<_, sea_orm::DbErr>(None)
        })?;
        match total.flatten() {
            Some(t) => Ok(t.max(0) as u64),
            None => {
                let mut q = proxy_cache::Entity::find();
                if let Some(t) = tenant_id {
                    q = q.filter(proxy_cache::Column::TenantId.eq(t));
                }
                Ok(q.all(self.s.db())
                    .await?
                    .iter()
                    .map(|r| r.size.max(0) as u64)
                    .sum())
            }
        }
    }

    /// The periodic clean-up: archives unused for `PROXY_ARCHIVE_TTL` go (unless pinned
    /// or frozen), then the cache is brought under its cap.
    pub async fn cleanup(&self) -> ServiceResult<u64> {
        let ttl = self.s.settings().proxy.archive_ttl as i64;
        let before = Utc::now() - chrono::Duration::seconds(ttl);
        let frozen: Vec<(i64, String)> = proxy_frozen::Entity::find()
            .all(self.s.db())
            .await?
            .into_iter()
            .map(|f| (f.tenant_id, f.package_name))
            .collect();
        let old: Vec<proxy_cache::Model> = proxy_cache::Entity::find()
            .filter(proxy_cache::Column::Kind.eq("dist"))
            .filter(proxy_cache::Column::Pinned.eq(false))
            .filter(proxy_cache::Column::AccessedAt.lt(before))
            .all(self.s.db())
            .await?
            .into_iter()
            .filter(|r| {
                !r.package_name
                    .as_ref()
                    .is_some_and(|n| frozen.contains(&(r.tenant_id, n.clone())))
            })
            .collect();
        let mut by_tenant: HashMap<i64, Vec<proxy_cache::Model>> = HashMap::new();
        for r in old {
            by_tenant.entry(r.tenant_id).or_default().push(r);
        }
        let mut freed = 0;
        for (tenant, rows) in by_tenant {
            freed += self.delete_rows(tenant, rows).await?;
        }
        freed += self.make_room(0).await?;
        Ok(freed)
    }

    // ---- changes feed -------------------------------------------------------------

    /// Reads the changes feed of every upstream that has one: updated names that are
    /// cached are fetched again (one request each), deleted ones dropped, and a resync
    /// marks every file of the upstream for revalidation. Several servers may run this:
    /// the cursor moves by compare-and-swap, so each batch is handled once.
    pub async fn follow_changes(&self) -> ServiceResult<usize> {
        let rows = proxy_upstream::Entity::find()
            .filter(proxy_upstream::Column::ChangesUrl.is_not_null())
            .all(self.s.db())
            .await?;
        let mut handled = 0;
        for row in rows {
            match self.follow_one(&row).await {
                Ok(n) => handled += n,
                Err(e) => {
                    tracing::warn!(upstream = %row.name, error = %e, "cannot read the changes feed")
                }
            }
        }
        Ok(handled)
    }

    async fn follow_one(&self, row: &proxy_upstream::Model) -> ServiceResult<usize> {
        let tenant_id = row.tenant_id;
        let Some(changes_url) = &row.changes_url else {
            return Ok(0);
        };
        let upstreams = self.upstreams(tenant_id).await?;
        let Some(up) = upstreams.iter().find(|u| u.id == row.id).cloned() else {
            return Ok(0);
        };
        let url = match row.changes_cursor {
            Some(c) => format!("{changes_url}?since={c}"),
            None => changes_url.clone(),
        };
        let (status, doc) = match self.client()?.json(&up.home, &url, &up.auth, None).await {
            Ok(a) => a,
            Err(e) => {
                self.alert(tenant_id, &up.name, None, &e).await;
                return Ok(0);
            }
        };
        let Some(timestamp) = doc.get("timestamp").and_then(|t| t.as_i64()) else {
            let e = UpstreamError::Garbage(
                up.name.clone(),
                format!("its changes feed answered HTTP {status} without a timestamp"),
            );
            self.alert(tenant_id, &up.name, None, &e).await;
            return Ok(0);
        };
        // Claim this batch: only the server that moves the cursor handles it.
        let claimed = proxy_upstream::Entity::update_many()
            .col_expr(
                proxy_upstream::Column::ChangesCursor,
                Expr::value(timestamp),
            )
            .filter(proxy_upstream::Column::Id.eq(row.id))
            .filter(match row.changes_cursor {
                Some(c) => proxy_upstream::Column::ChangesCursor.eq(c),
                None => proxy_upstream::Column::ChangesCursor.is_null(),
            })
            .exec(self.s.db())
            .await?;
        if claimed.rows_affected == 0 || row.changes_cursor.is_none() {
            return Ok(0);
        }
        self.resolved(tenant_id, &up.name).await;
        let actions = doc
            .get("actions")
            .and_then(|a| a.as_array())
            .cloned()
            .unwrap_or_default();
        let frozen = self.frozen(tenant_id).await?;
        let mut handled = 0;
        let mut updated = HashSet::new();
        for a in actions {
            let kind = a.get("type").and_then(|t| t.as_str()).unwrap_or_default();
            let package = a
                .get("package")
                .and_then(|p| p.as_str())
                .unwrap_or_default();
            match kind {
                "resync" => {
                    proxy_cache::Entity::update_many()
                        .col_expr(
                            proxy_cache::Column::FetchedAt,
                            Expr::value(DateTime::<Utc>::UNIX_EPOCH),
                        )
                        .filter(proxy_cache::Column::TenantId.eq(tenant_id))
                        .filter(proxy_cache::Column::Kind.eq("p2"))
                        .filter(proxy_cache::Column::Upstream.eq(&up.name))
                        .exec(self.s.db())
                        .await?;
                    let txn = self.s.begin().await?;
                    self.s
                        .commit_change(txn, ChangeSet::new(tenant_id).tenant())
                        .await?;
                    handled += 1;
                }
                "update" | "delete" => {
                    let (name, dev) = match package.strip_suffix("~dev") {
                        Some(n) => (n, true),
                        None => (package, false),
                    };
                    if frozen.contains(name) || !updated.insert(package.to_string()) {
                        continue;
                    }
                    let key = file_key(name, dev);
                    let cached = proxy_cache::Entity::find()
                        .filter(proxy_cache::Column::TenantId.eq(tenant_id))
                        .filter(proxy_cache::Column::Kind.eq("p2"))
                        .filter(proxy_cache::Column::CacheKey.eq(&key))
                        .filter(proxy_cache::Column::Upstream.eq(&up.name))
                        .one(self.s.db())
                        .await?;
                    let Some(cached) = cached else { continue };
                    if kind == "delete" {
                        self.forget(
                            tenant_id,
                            name,
                            if package.ends_with("~dev") {
                                Some(true)
                            } else {
                                None
                            },
                        )
                        .await?;
                    } else {
                        let file = ProxyFile {
                            row_id: cached.id,
                            upstream: up.name.clone(),
                            doc: Doc::empty(name),
                            template: String::new(),
                            stamp: Stamp::new(cached.last_modified),
                            fetched_at: AtomicI64::new(0),
                            upstream_last_modified: cached.upstream_last_modified.clone(),
                            rendered: Flight::new(),
                            touched: AtomicI64::new(0),
                        };
                        match self.revalidate(tenant_id, name, dev, &file).await {
                            Ok(_) | Err(ProxyError::NotFound) => {}
                            Err(e) => {
                                tracing::warn!(package, error = %e, "cannot refresh a changed package")
                            }
                        }
                    }
                    handled += 1;
                }
                _ => {}
            }
        }
        Ok(handled)
    }

    // ---- alerts -------------------------------------------------------------------

    async fn alert(
        &self,
        tenant_id: i64,
        upstream: &str,
        package: Option<&str>,
        e: &UpstreamError,
    ) {
        self.state()
            .count(tenant_id, upstream, |c| c.upstream_errors += 1);
        tracing::warn!(upstream, package, error = %e, "upstream failed");
        if let Ok(mut a) = self.state().alerting.lock() {
            a.insert((tenant_id, upstream.to_string()));
        }
        let db = self.s.db();
        let now = super::now();
        let open = proxy_alert::Entity::find()
            .filter(proxy_alert::Column::TenantId.eq(tenant_id))
            .filter(proxy_alert::Column::Upstream.eq(upstream))
            .filter(proxy_alert::Column::Kind.eq(e.kind()))
            .filter(proxy_alert::Column::ResolvedAt.is_null())
            .one(db)
            .await;
        let result = match open {
            Ok(Some(row)) => {
                let mut a: proxy_alert::ActiveModel = row.clone().into();
                a.occurrences = Set(row.occurrences + 1);
                a.last_seen_at = Set(now);
                a.message = Set(e.to_string());
                a.package_name = Set(package.map(str::to_string).or(row.package_name));
                a.update(db).await.map(|_| ())
            }
            Ok(None) => proxy_alert::ActiveModel {
                tenant_id: Set(tenant_id),
                kind: Set(e.kind().to_string()),
                package_name: Set(package.map(str::to_string)),
                message: Set(e.to_string()),
                occurrences: Set(1),
                first_seen_at: Set(now),
                last_seen_at: Set(now),
                resolved_at: Set(None),
                upstream: Set(Some(upstream.to_string())),
                ..Default::default()
            }
            .insert(db)
            .await
            .map(|_| ()),
            Err(e) => Err(e),
        };
        if let Err(err) = result {
            tracing::warn!(error = %err, "cannot record a proxy alert");
        }
    }

    /// Closes the open alerts of an upstream that answered again.
    async fn resolved(&self, tenant_id: i64, upstream: &str) {
        let key = (tenant_id, upstream.to_string());
        let had = self
            .state()
            .alerting
            .lock()
            .map(|mut a| a.remove(&key))
            .unwrap_or(false);
        // Another server may have recorded it: check the database once in a while.
        if !had && !self.alerts_may_be_open(tenant_id, upstream) {
            return;
        }
        let _ = proxy_alert::Entity::update_many()
            .col_expr(proxy_alert::Column::ResolvedAt, Expr::value(Utc::now()))
            .filter(proxy_alert::Column::TenantId.eq(tenant_id))
            .filter(proxy_alert::Column::Upstream.eq(upstream))
            .filter(proxy_alert::Column::ResolvedAt.is_null())
            .exec(self.s.db())
            .await;
    }

    fn alerts_may_be_open(&self, _tenant_id: i64, _upstream: &str) -> bool {
        static LAST: AtomicI64 = AtomicI64::new(0);
        let now = now_secs();
        now - LAST.swap(now, Ordering::Relaxed) >= 30
    }

    /// `proxy alerts`: open ones first, then the latest resolved.
    pub async fn alerts(&self, ctx: &Ctx) -> ServiceResult<Vec<AlertView>> {
        ctx.require(crate::domain::customer::AdminLevel::Viewer)?;
        let rows = proxy_alert::Entity::find()
            .filter(proxy_alert::Column::TenantId.eq(ctx.tenant_id))
            .order_by_desc(proxy_alert::Column::LastSeenAt)
            .limit(200)
            .all(self.s.db())
            .await?;
        let mut list: Vec<AlertView> = rows
            .into_iter()
            .map(|r| AlertView {
                id: r.id,
                upstream: r.upstream,
                kind: r.kind,
                package: r.package_name,
                message: r.message,
                occurrences: r.occurrences,
                first_seen_at: r.first_seen_at,
                last_seen_at: r.last_seen_at,
                resolved_at: r.resolved_at,
            })
            .collect();
        list.sort_by_key(|a| a.resolved_at.is_some());
        Ok(list)
    }

    // ---- management ---------------------------------------------------------------

    /// `proxy status`.
    pub async fn status(&self, ctx: &Ctx) -> ServiceResult<ProxyStatus> {
        let upstreams = self.list_upstreams(ctx).await?;
        let entries = proxy_cache::Entity::find()
            .filter(proxy_cache::Column::TenantId.eq(ctx.tenant_id))
            .all(self.s.db())
            .await?;
        let mut frozen: Vec<String> = self.frozen(ctx.tenant_id).await?.iter().cloned().collect();
        frozen.sort();
        let open_alerts = self
            .alerts(ctx)
            .await?
            .iter()
            .filter(|a| a.resolved_at.is_none())
            .count() as u64;
        Ok(ProxyStatus {
            enabled: self.enabled(),
            upstreams,
            entries: entries.len() as u64,
            stored_bytes: entries.iter().map(|e| e.size.max(0) as u64).sum(),
            max_cache_size: self.s.settings().proxy.max_cache_size,
            frozen,
            open_alerts,
        })
    }

    /// `proxy stats`: per upstream, what is stored and what this process counted.
    pub async fn stats(&self, ctx: &Ctx) -> ServiceResult<Vec<UpstreamStats>> {
        let upstreams = self.list_upstreams(ctx).await?;
        let entries = proxy_cache::Entity::find()
            .filter(proxy_cache::Column::TenantId.eq(ctx.tenant_id))
            .all(self.s.db())
            .await?;
        let counters = self
            .state()
            .counters
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default();
        Ok(upstreams
            .into_iter()
            .map(|u| {
                let mine = entries
                    .iter()
                    .filter(|e| e.upstream.as_deref() == Some(u.name.as_str()));
                let (mut meta, mut dist, mut bytes) = (0, 0, 0);
                for e in mine {
                    if e.kind == "dist" {
                        dist += 1;
                    } else {
                        meta += 1;
                    }
                    bytes += e.size.max(0) as u64;
                }
                UpstreamStats {
                    counters: counters
                        .get(&ctx.tenant_id)
                        .and_then(|m| m.get(&u.name))
                        .cloned()
                        .unwrap_or_default(),
                    upstream: u.name,
                    metadata_entries: meta,
                    archive_entries: dist,
                    stored_bytes: bytes,
                }
            })
            .collect())
    }

    /// `proxy purge`: every cached file of the tenant (frozen packages' too).
    pub async fn purge(&self, ctx: &Ctx) -> ServiceResult<u64> {
        ctx.may_change()?;
        let rows = proxy_cache::Entity::find()
            .filter(proxy_cache::Column::TenantId.eq(ctx.tenant_id))
            .all(self.s.db())
            .await?;
        let n = rows.len() as u64;
        self.delete_rows(ctx.tenant_id, rows).await?;
        self.state().drop_tenant_files(ctx.tenant_id);
        Ok(n)
    }

    /// `proxy freeze P` / `unfreeze P`.
    pub async fn set_frozen(&self, ctx: &Ctx, name: &str, frozen: bool) -> ServiceResult<()> {
        ctx.may_change()?;
        let name = name.trim().to_ascii_lowercase();
        if !crate::domain::package_name::PackageName::is_valid(&name) {
            return Err(ServiceError::field("package", "expected vendor/name"));
        }
        let txn = self.s.begin().await?;
        let existing = proxy_frozen::Entity::find()
            .filter(proxy_frozen::Column::TenantId.eq(ctx.tenant_id))
            .filter(proxy_frozen::Column::PackageName.eq(&name))
            .one(&txn)
            .await?;
        match (frozen, existing) {
            (true, None) => {
                proxy_frozen::ActiveModel {
                    tenant_id: Set(ctx.tenant_id),
                    package_name: Set(name.clone()),
                    created_at: Set(super::now()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
            (false, Some(row)) => {
                proxy_frozen::Entity::delete_by_id(row.id)
                    .exec(&txn)
                    .await?;
                // Changes skipped while frozen: revalidate on next use.
                proxy_cache::Entity::update_many()
                    .col_expr(
                        proxy_cache::Column::FetchedAt,
                        Expr::value(DateTime::<Utc>::UNIX_EPOCH),
                    )
                    .filter(proxy_cache::Column::TenantId.eq(ctx.tenant_id))
                    .filter(proxy_cache::Column::Kind.eq("p2"))
                    .filter(proxy_cache::Column::PackageName.eq(&name))
                    .exec(&txn)
                    .await?;
            }
            (true, Some(_)) | (false, None) => {}
        }
        let action = if frozen {
            "proxy.freeze"
        } else {
            "proxy.unfreeze"
        };
        audit::record(&txn, ctx, Entry::new(action, "package", &name)).await?;
        self.s
            .commit_change(txn, ChangeSet::new(ctx.tenant_id).tenant())
            .await
    }

    /// Security advisories of public names from their owners' advisories APIs, for the
    /// names asked only. An upstream that fails is skipped (and alerted).
    pub async fn advisories(
        &self,
        tenant_id: i64,
        names: &[String],
    ) -> ServiceResult<serde_json::Map<String, serde_json::Value>> {
        let mut out = serde_json::Map::new();
        if names.is_empty() {
            return Ok(out);
        }
        let rows = proxy_cache::Entity::find()
            .filter(proxy_cache::Column::TenantId.eq(tenant_id))
            .filter(proxy_cache::Column::Kind.eq("p2"))
            .filter(proxy_cache::Column::CacheKey.is_in(names.to_vec()))
            .all(self.s.db())
            .await?;
        let mut by_upstream: HashMap<String, Vec<String>> = HashMap::new();
        for r in rows {
            if let Some(u) = r.upstream {
                by_upstream.entry(u).or_default().push(r.cache_key);
            }
        }
        let upstreams = self.upstreams(tenant_id).await?;
        for up in upstreams.iter() {
            let Some(asked) = by_upstream.get(&up.name) else {
                continue;
            };
            let root = match self.root(tenant_id, up).await {
                Ok(r) => r,
                Err(_) => continue,
            };
            let Some(api) = root.advisories_url else {
                continue;
            };
            let form: Vec<(String, String)> = asked
                .iter()
                .map(|n| ("packages[]".to_string(), n.clone()))
                .collect();
            match self
                .client()?
                .json(&up.home, &api, &up.auth, Some(&form))
                .await
            {
                Ok((200, doc)) => {
                    if let Some(map) = doc.get("advisories").and_then(|a| a.as_object()) {
                        for (name, list) in map {
                            if asked.contains(name) {
                                out.insert(name.clone(), list.clone());
                            }
                        }
                    }
                }
                Ok((status, _)) => {
                    let e = UpstreamError::Status(up.name.clone(), status);
                    self.alert(tenant_id, &up.name, None, &e).await;
                }
                Err(e) => self.alert(tenant_id, &up.name, None, &e).await,
            }
        }
        Ok(out)
    }
}

/// Wakes the requests waiting for an archive fetch when it ends, however it ends.
struct FetchGuard {
    state: Services,
    key: (i64, String),
    notify: Arc<tokio::sync::Notify>,
}

impl Drop for FetchGuard {
    fn drop(&mut self) {
        if let Ok(mut m) = self.state.proxy_state().fetching.lock() {
            m.remove(&self.key);
        }
        self.notify.notify_waiters();
    }
}

fn tokio_stream_from(
    rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Unpin {
    Box::pin(futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }))
}

/// A cached file handed to callers.
struct ProxyFileRef(Arc<Cached>);

impl ProxyFileRef {
    fn file(&self) -> &ProxyFile {
        match &*self.0 {
            Cached::File(f) => f,
            Cached::Absent(_) => unreachable!("absent entries are never handed out"),
        }
    }
}

impl std::ops::Deref for ProxyFileRef {
    type Target = ProxyFile;
    fn deref(&self) -> &ProxyFile {
        self.file()
    }
}

impl ProxyFile {
    fn new(row: &proxy_cache::Model, doc: Doc) -> Self {
        let template = doc.template(None);
        Self {
            row_id: row.id,
            upstream: row.upstream.clone().unwrap_or_default(),
            doc,
            template,
            stamp: Stamp::new(row.last_modified),
            fetched_at: AtomicI64::new(row.fetched_at.timestamp()),
            upstream_last_modified: row.upstream_last_modified.clone(),
            rendered: Flight::new(),
            touched: AtomicI64::new(now_secs()),
        }
    }

    fn doc_template(&self, until: Option<DateTime<Utc>>) -> String {
        match until {
            None => self.template.clone(),
            Some(_) => self.doc.template(until),
        }
    }
}

fn view(r: proxy_upstream::Model) -> UpstreamView {
    UpstreamView {
        id: r.id,
        name: r.name,
        url: r.url,
        priority: r.priority,
        builtin: r.builtin,
        auth: r.auth_kind,
        username: r.username,
        metadata_url: r.metadata_url,
        changes_url: r.changes_url,
        advisories_url: r.advisories_url,
    }
}

/// What the dashboard's proxy page shows at once.
#[derive(Debug, Clone)]
pub struct ProxyOverview {
    pub status: ProxyStatus,
    /// Per upstream, by priority.
    pub stats: Vec<UpstreamStats>,
    /// Open alerts first, then the latest resolved.
    pub alerts: Vec<AlertView>,
}

impl Proxy<'_> {
    /// `proxy status`, `proxy stats` and `proxy alerts` together.
    pub async fn overview(&self, ctx: &Ctx) -> ServiceResult<ProxyOverview> {
        Ok(ProxyOverview {
            status: self.status(ctx).await?,
            stats: self.stats(ctx).await?,
            alerts: self.alerts(ctx).await?,
        })
    }
}
