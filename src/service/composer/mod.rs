//! The Composer repository as each caller sees it: token verification, the access rules
//! of product.md section 4, and the rendered files (`packages.json`, `p2`, `p`), built
//! once per change and served from memory.

pub mod access;
mod downloads;
pub mod render;
pub mod state;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{EntityTrait, QuerySelect};

pub use access::{Caller, ComposerError};
use state::{RenderKey, Rendered, TenantState, ViewKey};

use super::{ServiceResult, Services};
use crate::db::entities::tenant;
use sha2::Digest;

/// When and from where a token was last used.
type LastUse = (DateTime<Utc>, Option<String>);

/// In-memory state of every tenant, and the batched `last_used` of tokens.
#[derive(Default)]
pub struct ComposerCache {
    tenants: RwLock<HashMap<i64, Arc<TenantState>>>,
    /// Token id → its latest use, written to the database in batches.
    last_used: Mutex<HashMap<i64, LastUse>>,
}

impl ComposerCache {
    /// Drops what is known of a tenant; the next request loads it again.
    pub fn invalidate(&self, tenant_id: i64) {
        if let Ok(mut t) = self.tenants.write() {
            t.remove(&tenant_id);
        }
    }

    fn get(&self, tenant_id: i64) -> Option<Arc<TenantState>> {
        self.tenants.read().ok()?.get(&tenant_id).cloned()
    }

    fn put(&self, state: Arc<TenantState>) {
        if let Ok(mut t) = self.tenants.write() {
            t.insert(state.id, state);
        }
    }
}

pub struct Composer<'a> {
    s: &'a Services,
}

impl Services {
    pub fn composer(&self) -> Composer<'_> {
        Composer { s: self }
    }

    /// Tells this process's caches that a tenant changed (other processes notice the
    /// generation through [`Composer::watch`]).
    pub(crate) fn changed(&self, tenant_id: i64) {
        self.composer_cache().invalidate(tenant_id);
    }
}

impl<'a> Composer<'a> {
    async fn tenant(&self, tenant_id: i64) -> ServiceResult<Arc<TenantState>> {
        let cache = self.s.composer_cache();
        if let Some(t) = cache.get(tenant_id) {
            return Ok(t);
        }
        let state = Arc::new(TenantState::load(self.s.db(), tenant_id).await?);
        cache.put(state.clone());
        Ok(state)
    }

    /// Verifies a token presented to the Composer endpoints: unknown, revoked and expired
    /// tokens are all `Unauthorized`.
    pub async fn authenticate(
        &self,
        tenant_id: i64,
        presented: &str,
        ip: Option<std::net::IpAddr>,
    ) -> Result<Caller, ComposerError> {
        if !crate::domain::token::looks_like_token(presented) {
            return Err(ComposerError::Unauthorized);
        }
        let tenant = self.tenant(tenant_id).await?;
        let digest: [u8; 32] = sha2::Sha256::digest(presented.as_bytes()).into();
        let db = self.s.db();
        let token = tenant
            .token(db, &digest)
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
        let recorded = token
            .last_recorded
            .swap(second, std::sync::atomic::Ordering::Relaxed);
        if recorded != second
            && let Ok(mut used) = self.s.composer_cache().last_used.lock()
        {
            used.insert(token.id, (now, ip.map(|i| i.to_string())));
        }
        Ok(Caller {
            tenant,
            token,
            customer,
        })
    }

    /// `packages.json` for the caller.
    pub async fn root(&self, caller: &Caller, base: &Arc<str>) -> Result<Rendered, ComposerError> {
        caller.check_active(Utc::now())?;
        let globs = &caller.token.globs;
        let key = RenderKey::Root {
            customer: caller.customer.id,
            token: (!globs.is_empty()).then_some(caller.token.id),
            base: base.clone(),
        };
        if let Some(hit) = caller.tenant.rendered.get(&key) {
            return Ok((*hit).clone());
        }
        let available: Vec<String> = caller
            .customer
            .granted_names
            .iter()
            .filter(|n| crate::domain::glob::any_matches(globs, n))
            .cloned()
            .collect();
        let doc = render::root_document(base, &available);
        let rendered = Rendered {
            body: exact_bytes(serde_json::to_vec(&doc).unwrap_or_default()),
            last_modified: caller.customer.updated_at.clone(),
        };
        caller.tenant.rendered.put(key, Arc::new(rendered.clone()));
        Ok(rendered)
    }

    /// A package file: `p2/{name}.json` (`dev`: `~dev.json`) or Composer 1's `p/{name}.json`.
    pub async fn package_file(
        &self,
        caller: &Caller,
        name: &str,
        dev: bool,
        v1: bool,
        base: &Arc<str>,
    ) -> Result<Rendered, ComposerError> {
        let pkg = self.granted(caller, name).await?;
        let view = caller.view(&pkg)?;
        let key = RenderKey::Package {
            id: pkg.id,
            dev,
            v1,
            view: view.key(caller.customer.id),
            base: base.clone(),
        };
        // The file's content changes with the package; this caller's view of it also
        // with its grant and status.
        let last_modified = pkg.changed_at.max(&caller.customer.updated_at).clone();
        if let Some(hit) = caller.tenant.rendered.get(&key) {
            return Ok(Rendered {
                body: hit.body.clone(),
                last_modified,
            });
        }
        let shown = pkg
            .versions
            .iter()
            .filter(|d| v1 || d.is_dev == dev)
            .filter(|d| view.shows(d));
        let text = if v1 {
            let versions: Vec<_> = shown
                .map(|d| (d.version.as_str(), d.expand(&pkg.texts, base, &pkg.name)))
                .collect();
            render::p1_document(&pkg.name, &versions)
        } else {
            let versions: Vec<_> = shown
                .map(|d| d.expand(&pkg.texts, base, &pkg.name))
                .collect();
            render::p2_document(&pkg.name, &versions)
        };
        let body = exact_bytes(text.into_bytes());
        let cached = Rendered {
            body: body.clone(),
            last_modified: pkg.changed_at.clone(),
        };
        caller.tenant.rendered.put(key, Arc::new(cached));
        Ok(Rendered {
            body,
            last_modified,
        })
    }

    /// The archive a caller may download: checks the package, the token's scope and
    /// that this exact version and reference are visible to the caller.
    pub async fn dist(
        &self,
        caller: &Caller,
        name: &str,
        version_normalized: &str,
        reference: &str,
    ) -> Result<String, ComposerError> {
        let pkg = self.granted(caller, name).await?;
        let view = caller.view(&pkg)?;
        if !caller.token.scope.allows_download() {
            return Err(ComposerError::ScopeDenied);
        }
        let doc = pkg
            .versions
            .iter()
            .find(|d| d.version_normalized == version_normalized && d.reference == reference)
            .ok_or(ComposerError::NotFound)?;
        if !view.shows(doc) {
            return Err(ComposerError::VersionDenied(format!(
                "{name} {}",
                doc.version
            )));
        }
        doc.dist_path.clone().ok_or(ComposerError::NotFound)
    }

    /// A hosted package the caller may see: the customer is active, the name is hosted
    /// here (else 404) and granted to the customer and the token (else 403).
    async fn granted(
        &self,
        caller: &Caller,
        name: &str,
    ) -> Result<Arc<state::PackageEntry>, ComposerError> {
        caller.check_active(Utc::now())?;
        let pkg = caller
            .tenant
            .package(self.s.db(), name)
            .await?
            .ok_or(ComposerError::NotFound)?;
        caller.view(&pkg)?;
        Ok(pkg)
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

    /// Keeps this process's caches in step with changes made by other processes (the
    /// CLI, other servers): polls every tenant's generation. Also flushes `last_used`.
    pub async fn watch(&self, interval: Duration) {
        let mut ticks: u64 = 0;
        loop {
            tokio::time::sleep(interval).await;
            ticks += 1;
            if let Err(e) = self.check_generations().await {
                tracing::warn!(error = %e, "cannot check for changes");
            }
            if ticks.is_multiple_of(250)
                && let Err(e) = self.flush_last_used().await
            {
                tracing::warn!(error = %e, "cannot record token use");
            }
        }
    }

    async fn check_generations(&self) -> ServiceResult<()> {
        let cache = self.s.composer_cache();
        let known: Vec<(i64, i64)> = match cache.tenants.read() {
            Ok(t) => t.values().map(|s| (s.id, s.generation)).collect(),
            Err(_) => return Ok(()),
        };
        if known.is_empty() {
            return Ok(());
        }
        let rows: Vec<(i64, i64)> = tenant::Entity::find()
            .select_only()
            .column(tenant::Column::Id)
            .column(tenant::Column::Generation)
            .into_tuple()
            .all(self.s.db())
            .await?;
        let current: HashMap<i64, i64> = rows.into_iter().collect();
        for (id, generation) in known {
            if current.get(&id) != Some(&generation) {
                cache.invalidate(id);
            }
        }
        Ok(())
    }
}

/// Views are keyed so callers with the same grant share a rendered file.
impl access::View<'_> {
    fn key(&self, customer_id: i64) -> ViewKey {
        match self {
            access::View::Constraint(text, _) => ViewKey::Constraint((*text).clone()),
            access::View::Frozen(_) => ViewKey::Frozen(customer_id),
        }
    }
}

/// Bytes that hold no spare capacity: a rendered file stays cached, and a vector grown
/// by doubling can be twice its length.
fn exact_bytes(v: Vec<u8>) -> bytes::Bytes {
    bytes::Bytes::from(v.into_boxed_slice())
}
