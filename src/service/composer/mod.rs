//! The Composer repository as each caller sees it: token verification, the access rules
//! of product.md section 4, and the rendered files (`packages.json`, `p2`, `p`), built
//! once per change and served from memory.

pub mod access;
mod downloads;
mod memory;
pub mod render;
pub mod state;

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Set};
use sha2::Digest;

pub use access::{Caller, ComposerError, View};
pub use memory::MemoryStats;
use state::{CacheStats, FileKey, PackageEntry, Rendered, RootKey, Stamp, Stats, TenantState};

use super::changes::Target;
use super::{ServiceResult, Services};
use crate::db::entities::render_state;

/// When and from where a token was last used.
type LastUse = (DateTime<Utc>, Option<String>);

/// Bumped when a change of cargoman changes the bytes of rendered files: with it, the
/// render fingerprint moves and so does every Last-Modified.
const RENDER_FORMAT: u32 = 1;

/// In-memory state of every tenant (within the bounds of [`memory`]), and the batched
/// `last_used` of tokens.
pub struct ComposerCache {
    tenants: memory::Tenants,
    /// Token id → its latest use, written to the database in batches.
    last_used: Mutex<HashMap<i64, LastUse>>,
    /// Since when the render fingerprint of this deployment holds (microseconds).
    render_since: AtomicI64,
    stats: Arc<Stats>,
}

impl Default for ComposerCache {
    fn default() -> Self {
        Self {
            tenants: memory::Tenants::default(),
            last_used: Mutex::default(),
            render_since: AtomicI64::new(0),
            stats: Arc::default(),
        }
    }
}

impl ComposerCache {
    /// Drops what a committed change touched.
    pub(crate) fn apply(&self, tenant_id: i64, target: Target) {
        match target {
            Target::Tenant => self.tenants.remove(tenant_id),
            _ => {
                if let Some(t) = self.tenants.get(tenant_id) {
                    t.apply(target);
                }
            }
        }
    }

    /// Drops everything (the render fingerprint moved).
    fn reset(&self) {
        self.tenants.clear();
    }
}

/// The base URL of a request: what dist and root URLs start with. Files are cached
/// per base only for a bounded set of bases (see the HTTP layer); others are rendered
/// for the one answer.
#[derive(Clone)]
pub struct Base {
    pub url: Arc<str>,
    pub cached: bool,
}

impl Base {
    pub fn cached(url: Arc<str>) -> Self {
        Self { url, cached: true }
    }
}

/// A metadata file for one caller, with the time its content last changed for them.
pub struct Served {
    pub body: bytes::Bytes,
    pub last_modified: Stamp,
}

pub struct Composer<'a> {
    s: &'a Services,
}

impl Services {
    pub fn composer(&self) -> Composer<'_> {
        Composer { s: self }
    }
}

impl<'a> Composer<'a> {
    /// The tenant's state as the Composer endpoints hold it (loaded now if it is not).
    pub(crate) async fn tenant(&self, tenant_id: i64) -> ServiceResult<Arc<TenantState>> {
        if !self.s.freshness().trusted() {
            // This server may be missing others' changes (its heartbeat is late, so their
            // writers no longer wait for it): answer from the database until it is back.
            self.s.composer_cache().reset();
        }
        if let Some(t) = self.s.composer_cache().tenants.get(tenant_id) {
            return Ok(t);
        }
        // Boxed: the rare load does not weigh on every request's future.
        Box::pin(self.load_tenant(tenant_id)).await
    }

    async fn load_tenant(&self, tenant_id: i64) -> ServiceResult<Arc<TenantState>> {
        let cache = self.s.composer_cache();
        let since = cache.render_since.load(Ordering::SeqCst);
        let max_tenants = self.s.settings().cache.max_tenants;
        cache
            .tenants
            .load(tenant_id, max_tenants, || async {
                let (stats, budget) = (cache.stats.clone(), cache.tenants.budget());
                let state = TenantState::load(self.s.db(), tenant_id, since, stats, budget);
                Ok(Arc::new(state.await?))
            })
            .await
    }

    /// A body rendered for `tenant`, cached within the memory bound of every tenant.
    fn rendered(&self, tenant: &TenantState, body: bytes::Bytes) -> Arc<Rendered> {
        let limit = self.s.settings().cache.max_rendered_bytes;
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        self.s
            .composer_cache()
            .tenants
            .rendered(tenant, body, limit)
    }

    /// How often entries were loaded and files rendered in this process.
    pub fn stats(&self) -> CacheStats {
        self.s.composer_cache().stats.snapshot()
    }

    /// What the cache holds of every tenant, and what its bounds cost.
    pub fn memory(&self) -> MemoryStats {
        self.s.composer_cache().tenants.stats()
    }

    /// The SHA-256 of a presented token, which is how tokens are known (None: it
    /// cannot be a token at all).
    pub fn digest(presented: &str) -> Option<[u8; 32]> {
        crate::domain::token::looks_like_token(presented)
            .then(|| sha2::Sha256::digest(presented.as_bytes()).into())
    }

    /// Verifies a token presented to the Composer endpoints: unknown, revoked and expired
    /// tokens are all `Unauthorized`.
    pub async fn authenticate(
        &self,
        tenant_id: i64,
        presented: &str,
        ip: Option<std::net::IpAddr>,
    ) -> Result<Caller, ComposerError> {
        let digest = Self::digest(presented).ok_or(ComposerError::Unauthorized)?;
        self.authenticate_digest(tenant_id, &digest, ip).await
    }

    /// [`Composer::authenticate`] by the token's SHA-256 (see [`Composer::digest`]).
    pub async fn authenticate_digest(
        &self,
        tenant_id: i64,
        digest: &[u8; 32],
        ip: Option<std::net::IpAddr>,
    ) -> Result<Caller, ComposerError> {
        let tenant = self.tenant(tenant_id).await?;
        let db = self.s.db();
        let token = tenant
            .token(db, digest)
            .await?
            .ok_or(ComposerError::Unauthorized)?;
        let now = Utc::now();
        if token.expires_at.is_some_and(|e| e <= now) {
            return Err(ComposerError::Unauthorized);
        }
        let customer = tenant
            .customer(db, token.customer_id)
            .await?
            .ok_or(ComposerError::Unauthorized)?;
        let second = now.timestamp();
        let recorded = token.last_recorded.swap(second, Ordering::Relaxed);
        if recorded != second {
            // The token's first use in this second: so the tenant's too, for the cache's
            // recency, at no cost to the other requests of the second.
            tenant.touch(second);
            if let Ok(mut used) = self.s.composer_cache().last_used.lock() {
                used.insert(token.id, (now, ip.map(|i| i.to_string())));
            }
        }
        Ok(Caller {
            tenant,
            token,
            customer,
            at: now,
        })
    }

    /// `packages.json` for the caller.
    pub async fn root(&self, caller: &Caller, base: &Base) -> Result<Served, ComposerError> {
        caller.check_active_now()?;
        let last_modified = caller.customer.stamp.later(&caller.tenant.stamp).clone();
        let globs = &caller.token.globs;
        let render = || {
            let available: Vec<String> = caller
                .customer
                .granted_names
                .iter()
                .filter(|n| crate::domain::glob::any_matches(globs, n))
                .cloned()
                .collect();
            let proxied = self.s.settings().proxy.enabled && caller.customer.proxy_access;
            let doc = render::root_document(&base.url, &available, proxied);
            let body = exact_bytes(serde_json::to_vec(&doc).unwrap_or_default());
            self.rendered(&caller.tenant, body)
        };
        let file = if base.cached {
            let key = RootKey {
                token: (!globs.is_empty()).then_some(caller.token.id),
                base: base.url.clone(),
            };
            match caller.customer.roots.get(&key) {
                Some(hit) => {
                    crate::metrics::metrics().composer_lookup(true);
                    hit
                }
                None => {
                    crate::metrics::metrics().composer_lookup(false);
                    let loaded = caller
                        .customer
                        .roots
                        .load(key, || async { Ok::<_, ComposerError>(render()) });
                    loaded.await?
                }
            }
        } else {
            crate::metrics::metrics().composer_lookup(false);
            render()
        };
        Ok(Served {
            body: file.body.clone(),
            last_modified,
        })
    }

    /// A package file: `p2/{name}.json` (`dev`: `~dev.json`) or Composer 1's `p/{name}.json`;
    /// with `until` (the Time Machine), only versions released by then. A name not
    /// hosted here is asked of the proxy when it is on for the caller.
    pub async fn package_file(
        &self,
        caller: &Caller,
        name: &str,
        dev: bool,
        v1: bool,
        base: &Base,
        until: Option<DateTime<Utc>>,
    ) -> Result<Served, ComposerError> {
        let (pkg, view) = match self.granted(caller, name).await {
            Ok(found) => found,
            Err(ComposerError::NotFound) if !v1 && self.proxied(caller) => {
                // Boxed, as the other paths that may wait on more than a cache: their
                // state would otherwise be part of every request's future.
                let (body, stamp) = Box::pin(self.s.proxy().file(
                    caller.tenant.id,
                    name,
                    dev,
                    &base.url,
                    base.cached,
                    until,
                ))
                .await?;
                return Ok(Served {
                    body,
                    last_modified: stamp.later(&caller.tenant.stamp).clone(),
                });
            }
            Err(e) => return Err(e),
        };
        let last_modified = caller.last_modified(&pkg);
        if let Some(until) = until {
            let text = Box::pin(state::cpu_work(pkg.versions.len(), {
                let (pkg, base) = (pkg.clone(), base.url.clone());
                move || render_package(&pkg, &view, dev, v1, &base, Some(until))
            }))
            .await?;
            return Ok(Served {
                body: bytes::Bytes::from(text),
                last_modified,
            });
        }
        let key = FileKey {
            dev,
            v1,
            view: view.key(),
            base: base.url.clone(),
        };
        if let Some(hit) = pkg.files.get(&key) {
            crate::metrics::metrics().composer_lookup(true);
            return Ok(Served {
                body: hit.body.clone(),
                last_modified,
            });
        }
        crate::metrics::metrics().composer_lookup(false);
        let tenant = caller.tenant.clone();
        let render = {
            let (pkg, base) = (pkg.clone(), base.url.clone());
            // Rendering a package of many versions is CPU work: off the serving threads.
            move || async move {
                let text = state::cpu_work(pkg.versions.len(), move || {
                    render_package(&pkg, &view, dev, v1, &base, None)
                })
                .await?;
                // Copied here, on a serving thread: a file that outlives the render is
                // not left in the allocator pages of a blocking thread that may sit idle
                // (memory freed into them would not be reused until it works again).
                let body = bytes::Bytes::copy_from_slice(text.as_bytes());
                drop(text);
                Ok::<_, ComposerError>(self.rendered(&tenant, body))
            }
        };
        let file = if base.cached {
            Box::pin(pkg.files.load(key, render)).await?
        } else {
            Box::pin(render()).await?
        };
        Ok(Served {
            body: file.body.clone(),
            last_modified,
        })
    }

    /// Whether public names are proxied for this caller.
    fn proxied(&self, caller: &Caller) -> bool {
        self.s.settings().proxy.enabled && caller.customer.proxy_access
    }

    /// The archive of a public package's version through the proxy (`until`: asked
    /// through the Time Machine, which keeps what it serves).
    pub async fn dist_proxy(
        &self,
        caller: &Caller,
        name: &str,
        version_normalized: &str,
        reference: &str,
        until: Option<DateTime<Utc>>,
    ) -> Result<crate::service::proxy::Archive, ComposerError> {
        caller.check_active_now()?;
        if !self.proxied(caller) {
            return Err(ComposerError::NotFound);
        }
        // A private name is never answered from upstream.
        if caller.tenant.package(self.s.db(), name).await?.is_some() {
            return Err(ComposerError::NotFound);
        }
        if !caller.token.scope.allows_download() {
            return Err(ComposerError::ScopeDenied);
        }
        Ok(self
            .s
            .proxy()
            .archive(
                caller.tenant.id,
                name,
                version_normalized,
                reference,
                until,
                until.is_some(),
            )
            .await?)
    }

    /// The archive a caller may download: checks the package, the token's scope and
    /// that this exact version and reference are visible to the caller.
    pub async fn dist(
        &self,
        caller: &Caller,
        name: &str,
        version_normalized: &str,
        reference: &str,
        until: Option<DateTime<Utc>>,
    ) -> Result<String, ComposerError> {
        let (pkg, view) = self.granted(caller, name).await?;
        if !caller.token.scope.allows_download() {
            return Err(ComposerError::ScopeDenied);
        }
        let doc = pkg
            .versions
            .iter()
            .find(|d| d.version_normalized == version_normalized && d.reference == reference)
            .ok_or(ComposerError::NotFound)?;
        if until.is_some_and(|u| doc.released_at.is_none_or(|t| t > u)) {
            return Err(ComposerError::NotFound);
        }
        if !view.shows(doc) {
            return Err(ComposerError::VersionDenied(format!(
                "{name} {}",
                doc.version
            )));
        }
        doc.dist_path.clone().ok_or(ComposerError::NotFound)
    }

    /// A hosted package the caller may see, with the caller's view of it: the customer
    /// is active, the name is hosted here (else 404) and granted to the customer and the
    /// token (else 403).
    async fn granted(
        &self,
        caller: &Caller,
        name: &str,
    ) -> Result<(Arc<state::PackageEntry>, View), ComposerError> {
        caller.check_active_now()?;
        let pkg = caller
            .tenant
            .package(self.s.db(), name)
            .await?
            .ok_or(ComposerError::NotFound)?;
        let view = caller.view(&pkg)?;
        Ok((pkg, view))
    }

    /// Writes the batched `last_used_at`/`last_used_ip` of tokens, in one transaction
    /// (a thousand tokens in rotation would otherwise be a thousand commits).
    pub async fn flush_last_used(&self) -> ServiceResult<usize> {
        use crate::db::entities::customer_token as ct;
        use sea_orm::{ColumnTrait, QueryFilter, TransactionTrait};
        let batch: Vec<_> = match self.s.composer_cache().last_used.lock() {
            Ok(mut m) => m.drain().collect(),
            Err(_) => return Ok(0),
        };
        if batch.is_empty() {
            return Ok(0);
        }
        let txn = self.s.db().begin().await?;
        for (id, (at, ip)) in &batch {
            ct::Entity::update_many()
                .col_expr(ct::Column::LastUsedAt, (*at).into())
                .col_expr(ct::Column::LastUsedIp, ip.clone().into())
                .filter(ct::Column::Id.eq(*id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(batch.len())
    }

    /// Takes this server's render fingerprint (what shapes the bytes of rendered files:
    /// cargoman's render format and `BASE_URL`). When it differs from the one recorded,
    /// it is recorded with the time now, and Last-Modified of every file moves there: a
    /// client must refetch bytes that changed although no data did.
    pub async fn adopt_render_fingerprint(&self) -> ServiceResult<DateTime<Utc>> {
        let settings = self.s.settings();
        let mut h = sha2::Sha256::new();
        h.update(format!(
            "{}\n{RENDER_FORMAT}\n{}\n{}",
            env!("CARGO_PKG_VERSION"),
            settings.server.base_url.as_deref().unwrap_or(""),
            // The proxy changes the root document.
            settings.proxy.enabled
        ));
        let fingerprint = hex::encode(h.finalize());
        let db = self.s.db();
        let row = render_state::Entity::find_by_id(1).one(db).await?;
        let since = match row {
            Some(r) if r.fingerprint == fingerprint => r.since,
            _ => {
                let since = super::now();
                let row = render_state::ActiveModel {
                    id: Set(1),
                    fingerprint: Set(fingerprint),
                    since: Set(since),
                };
                render_state::Entity::insert(row)
                    .on_conflict(
                        OnConflict::column(render_state::Column::Id)
                            .update_columns([
                                render_state::Column::Fingerprint,
                                render_state::Column::Since,
                            ])
                            .to_owned(),
                    )
                    .exec(db)
                    .await?;
                since
            }
        };
        let cache = self.s.composer_cache();
        if cache
            .render_since
            .swap(since.timestamp_micros(), Ordering::SeqCst)
            != since.timestamp_micros()
        {
            cache.reset();
        }
        Ok(since)
    }
}

/// The versions of `pkg` that `view` shows, as a `p2` (`dev`: the `~dev` file) or a
/// Composer 1 `p` document.
fn render_package(
    pkg: &PackageEntry,
    view: &View,
    dev: bool,
    v1: bool,
    base: &str,
    until: Option<DateTime<Utc>>,
) -> String {
    let shown = pkg
        .versions
        .iter()
        .filter(|d| v1 || d.is_dev == dev)
        .filter(|d| view.shows(d))
        .filter(|d| until.is_none_or(|u| d.released_at.is_some_and(|t| t <= u)));
    if v1 {
        let versions: Vec<_> = shown
            .map(|d| (d.version.as_str(), d.expand(&pkg.texts, base, &pkg.name)))
            .collect();
        render::p1_document(&pkg.name, &versions)
    } else {
        let versions: Vec<_> = shown
            .map(|d| d.expand(&pkg.texts, base, &pkg.name))
            .collect();
        render::p2_document(&pkg.name, &versions)
    }
}

/// Bytes that hold no spare capacity: a rendered file stays cached, and a vector grown
/// by doubling can be twice its length.
fn exact_bytes(v: Vec<u8>) -> bytes::Bytes {
    bytes::Bytes::from(v.into_boxed_slice())
}
