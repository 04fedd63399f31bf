//! What the Composer endpoints know of a tenant, held in memory: tokens, customers,
//! packages, and the files rendered from them. Each entry is loaded on first use, once
//! however many requests want it at the same time, and dropped alone when the change log
//! says it changed (a customer's grants, a token, a package); only a tenant-wide change
//! drops the tenant. Rendered files live inside the entry they were rendered from, so a
//! replaced entry takes its stale files with it, and a file can never outlive the data
//! it shows.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use tokio::sync::OnceCell;

use super::memory::{Budget, Share};
use super::render::{Texts, VersionDoc};
use crate::db::entities::{
    customer, customer_token, frozen_version, grant, package, package_version, tenant,
};
use crate::domain::customer::{CustomerStatus, TokenScope};
use crate::domain::glob::PackageGlob;
use crate::domain::semver::{self, Constraint};
use crate::service::changes::Target;
use crate::service::{ServiceError, ServiceResult};

/// Entries a map may hold before it is emptied (bounds memory under hostile input such
/// as random tokens; everything in it can be loaded again).
const MAP_LIMIT: usize = 50_000;

/// How often each kind of entry was loaded or rendered: what a change cost, for tests
/// and metrics.
#[derive(Default)]
pub struct Stats {
    pub tenant_loads: AtomicU64,
    pub token_loads: AtomicU64,
    pub customer_loads: AtomicU64,
    pub package_loads: AtomicU64,
    pub renders: AtomicU64,
}

/// A snapshot of [`Stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    pub tenant_loads: u64,
    pub token_loads: u64,
    pub customer_loads: u64,
    pub package_loads: u64,
    pub renders: u64,
}

impl Stats {
    pub fn snapshot(&self) -> CacheStats {
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        CacheStats {
            tenant_loads: get(&self.tenant_loads),
            token_loads: get(&self.token_loads),
            customer_loads: get(&self.customer_loads),
            package_loads: get(&self.package_loads),
            renders: get(&self.renders),
        }
    }

    pub(super) fn count(a: &AtomicU64) {
        a.fetch_add(1, Ordering::Relaxed);
    }
}

/// A map whose missing values are loaded once however many callers ask at once: the
/// first caller runs the load, the others wait for it. Removing a key also forgets a
/// load in flight, whose result then reaches only the callers already waiting — so a
/// load that read the database before a change can never be cached after it.
pub(crate) struct Flight<K, V>(RwLock<HashMap<K, Arc<OnceCell<V>>, foldhash::fast::RandomState>>);

impl<K: Eq + Hash, V: Clone> Default for Flight<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Eq + Hash, V: Clone> Flight<K, V> {
    pub(crate) fn new() -> Self {
        Self(RwLock::new(HashMap::default()))
    }

    /// The value, when it is loaded already.
    pub(crate) fn get<Q>(&self, k: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.0.read().ok()?.get(k)?.get().cloned()
    }

    /// The value of `k`, loaded by `load` unless another caller is loading it already.
    pub(crate) async fn load<F, Fut, E>(&self, k: K, load: F) -> Result<V, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        let cell = match self.0.write() {
            Ok(mut m) => {
                if m.len() >= MAP_LIMIT && !m.contains_key(&k) {
                    m.clear();
                }
                m.entry(k).or_default().clone()
            }
            // A poisoned lock (a panic elsewhere): load without sharing.
            Err(_) => Arc::new(OnceCell::new()),
        };
        cell.get_or_try_init(load).await.cloned()
    }

    pub(crate) fn remove<Q>(&self, k: &Q)
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let Ok(mut m) = self.0.write() {
            m.remove(k);
        }
    }

    /// Keeps the loaded values for which `keep` holds; loads in flight are forgotten.
    pub(crate) fn retain_loaded(&self, mut keep: impl FnMut(&V) -> bool) {
        if let Ok(mut m) = self.0.write() {
            m.retain(|_, cell| cell.get().is_some_and(&mut keep));
        }
    }

    pub(crate) fn clear(&self) {
        if let Ok(mut m) = self.0.write() {
            m.clear();
        }
    }

    /// Calls `f` on every key (under the read lock: keep `f` short).
    pub(crate) fn for_each_key(&self, mut f: impl FnMut(&K)) {
        if let Ok(m) = self.0.read() {
            m.keys().for_each(&mut f);
        }
    }

    /// Calls `f` on every loaded value (under the read lock: keep `f` short).
    pub(crate) fn for_each(&self, mut f: impl FnMut(&V)) {
        if let Ok(m) = self.0.read() {
            m.values().filter_map(|c| c.get()).for_each(&mut f);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.0.read().map(|m| m.len()).unwrap_or_default()
    }
}

/// A change time with its HTTP-date form (`Last-Modified`), formatted once.
#[derive(Clone, Debug)]
pub struct Stamp {
    /// Microseconds since the epoch.
    pub micros: i64,
    pub http_date: bytes::Bytes,
}

impl Stamp {
    pub fn new(at: DateTime<Utc>) -> Self {
        let text = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        Self {
            micros: at.timestamp_micros(),
            http_date: bytes::Bytes::from(text),
        }
    }

    fn from_micros(micros: i64) -> Self {
        Self::new(DateTime::from_timestamp_micros(micros).unwrap_or_default())
    }

    /// Whole seconds, as HTTP sees them.
    pub fn secs(&self) -> i64 {
        self.micros.div_euclid(1_000_000)
    }

    /// The later of two stamps.
    pub fn later<'a>(&'a self, other: &'a Stamp) -> &'a Stamp {
        if other.micros > self.micros {
            other
        } else {
            self
        }
    }
}

pub struct TokenEntry {
    pub id: i64,
    pub customer_id: i64,
    pub scope: TokenScope,
    pub globs: Vec<PackageGlob>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Unix second of the last use recorded for the batch writer; lets a busy token
    /// skip the shared batch (and its lock) for the rest of that second.
    pub last_recorded: AtomicI64,
}

/// A grant's constraint: its text (which names the shared view) and its parsed form.
pub struct GrantView {
    pub text: Arc<str>,
    pub constraint: Constraint,
}

/// The normalized versions a frozen customer keeps of one package, sorted. Customers
/// frozen at the same versions share the rendered files.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FrozenSet(Box<[Box<str>]>);

impl FrozenSet {
    pub fn new(mut versions: Vec<Box<str>>) -> Self {
        versions.sort_unstable();
        versions.dedup();
        Self(versions.into_boxed_slice())
    }

    pub fn contains(&self, version_normalized: &str) -> bool {
        self.0
            .binary_search_by(|v| (**v).cmp(version_normalized))
            .is_ok()
    }
}

pub struct CustomerEntry {
    pub id: i64,
    pub name: String,
    pub status: CustomerStatus,
    pub status_reason: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether the customer may fetch public packages through the proxy.
    pub proxy_access: bool,
    /// When what this customer sees last changed (grants, status, freeze).
    pub stamp: Stamp,
    /// Granted package id → constraint.
    pub grants: HashMap<i64, Arc<GrantView>, foldhash::fast::RandomState>,
    /// Package id → frozen versions (only when frozen).
    pub frozen: HashMap<i64, Arc<FrozenSet>, foldhash::fast::RandomState>,
    /// Granted package names, sorted.
    pub granted_names: Vec<String>,
    /// This customer's `packages.json`, per token with package globs and base URL.
    pub(super) roots: Flight<RootKey, Arc<Rendered>>,
}

pub struct PackageEntry {
    pub id: i64,
    pub name: String,
    pub stamp: Stamp,
    /// Newest first, as Composer sorts them.
    pub versions: Vec<VersionDoc>,
    /// The JSON texts the versions' fields point into.
    pub texts: Box<[Arc<str>]>,
    /// Rendered files of this package, per view.
    pub(super) files: Flight<FileKey, Arc<Rendered>>,
}

/// Which versions of a package a caller sees; callers with the same view share the
/// rendered file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ViewKey {
    Constraint(Arc<str>),
    Frozen(Arc<FrozenSet>),
}

/// One rendered file of a package: `~dev` or not, Composer 1 format or not, the view,
/// and the base URL its dist URLs start with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileKey {
    pub dev: bool,
    pub v1: bool,
    pub view: ViewKey,
    pub base: Arc<str>,
}

/// `packages.json` of a customer; `token` is set only for tokens with package globs
/// (the only thing a token changes in it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RootKey {
    pub token: Option<i64>,
    pub base: Arc<str>,
}

/// A rendered file; its bytes count against its tenant's share of the cache's budget
/// (see [`super::memory`]) while it lives.
pub struct Rendered {
    pub body: bytes::Bytes,
    share: Arc<Share>,
}

impl Drop for Rendered {
    fn drop(&mut self) {
        self.share.release(self.body.len());
    }
}

pub struct TenantState {
    pub id: i64,
    /// No file of the tenant is older: its last tenant-wide change, and the time the
    /// deployment's render fingerprint last changed.
    pub stamp: Stamp,
    tokens: Flight<[u8; 32], Option<Arc<TokenEntry>>>,
    customers: Flight<i64, Option<Arc<CustomerEntry>>>,
    packages: Flight<Box<str>, Option<Arc<PackageEntry>>>,
    /// When this process last applied a change here (microseconds): an entry loaded
    /// later is stamped no earlier, so a change read from the log late still moves
    /// Last-Modified past every answer given before it was applied.
    applied_at: AtomicI64,
    /// This tenant's rendered bytes and recency, within the whole cache's budget.
    share: Arc<Share>,
    /// Which entries the next trim takes (each trim takes the other half of the last).
    trims: AtomicU64,
    stats: Arc<Stats>,
}

impl TenantState {
    pub(super) async fn load(
        db: &impl ConnectionTrait,
        tenant_id: i64,
        render_since: i64,
        stats: Arc<Stats>,
        budget: Arc<Budget>,
    ) -> ServiceResult<Self> {
        Stats::count(&stats.tenant_loads);
        let row = tenant::Entity::find_by_id(tenant_id)
            .one(db)
            .await?
            .ok_or_else(|| ServiceError::not_found("tenant", tenant_id))?;
        let floor = row.changed_at.timestamp_micros().max(render_since);
        Ok(Self::new(row.id, Stamp::from_micros(floor), stats, budget))
    }

    pub(super) fn new(id: i64, stamp: Stamp, stats: Arc<Stats>, budget: Arc<Budget>) -> Self {
        Self {
            id,
            stamp,
            tokens: Flight::new(),
            customers: Flight::new(),
            packages: Flight::new(),
            applied_at: AtomicI64::new(0),
            share: Arc::new(Share::new(budget, Utc::now().timestamp())),
            trims: AtomicU64::new(0),
            stats,
        }
    }

    /// Records that the tenant is served in `second` (Unix time): the tenants served
    /// least recently give way first when the cache is full.
    #[inline]
    pub fn touch(&self, second: i64) {
        self.share.touch(second);
    }

    pub(super) fn share(&self) -> &Share {
        &self.share
    }

    /// Drops what `target` names (a tenant-wide change drops the whole state instead).
    pub(super) fn apply(&self, target: Target) {
        let now = Utc::now().timestamp_micros();
        self.applied_at.fetch_max(now, Ordering::SeqCst);
        match target {
            Target::Customer(id) => self.customers.remove(&id),
            // A new token may be cached as unknown, and a load in flight may have read
            // the token before it was revoked: both go with the changed one.
            Target::Token(id) => self
                .tokens
                .retain_loaded(|t| t.as_ref().is_some_and(|t| t.id != id)),
            // Likewise a new package may be cached as "not hosted here".
            Target::Package(id) => self
                .packages
                .retain_loaded(|p| p.as_ref().is_some_and(|p| p.id != id)),
            Target::Tenant => {
                self.tokens.clear();
                self.customers.clear();
                self.packages.clear();
            }
            // The proxy's own state (see `service::proxy`).
            Target::Proxy(_) => {}
        }
    }

    /// The lower bound for the stamp of an entry whose load starts now.
    fn floor(&self) -> i64 {
        self.applied_at.load(Ordering::SeqCst)
    }

    /// The token with this SHA-256, if it exists and is not revoked.
    pub async fn token(
        &self,
        db: &impl ConnectionTrait,
        digest: &[u8; 32],
    ) -> ServiceResult<Option<Arc<TokenEntry>>> {
        if let Some(hit) = self.tokens.get(digest) {
            return Ok(hit);
        }
        // Boxed, as every load below: a miss must not weigh on every request's future.
        Box::pin(self.tokens.load(*digest, || async {
            Stats::count(&self.stats.token_loads);
            load_token(db, self.id, digest).await
        }))
        .await
    }

    pub async fn customer(
        &self,
        db: &impl ConnectionTrait,
        id: i64,
    ) -> ServiceResult<Option<Arc<CustomerEntry>>> {
        if let Some(hit) = self.customers.get(&id) {
            return Ok(hit);
        }
        Box::pin(self.customers.load(id, || async {
            Stats::count(&self.stats.customer_loads);
            let floor = self.floor();
            let Some(row) = customer::Entity::find_by_id(id)
                .filter(customer::Column::TenantId.eq(self.id))
                .one(db)
                .await?
            else {
                return Ok(None);
            };
            Ok(Some(Arc::new(load_customer(db, row, floor).await?)))
        }))
        .await
    }

    /// A hosted package by name (None: not hosted here).
    pub async fn package(
        &self,
        db: &impl ConnectionTrait,
        name: &str,
    ) -> ServiceResult<Option<Arc<PackageEntry>>> {
        if let Some(hit) = self.packages.get(name) {
            return Ok(hit);
        }
        Box::pin(self.packages.load(Box::from(name), || async {
            Stats::count(&self.stats.package_loads);
            let floor = self.floor();
            let row = package::Entity::find()
                .filter(package::Column::TenantId.eq(self.id))
                .filter(package::Column::Name.eq(name))
                .one(db)
                .await?;
            match row {
                Some(p) => Ok(Some(Arc::new(load_package(db, p, floor).await?))),
                None => Ok(None),
            }
        }))
        .await
    }

    /// Wraps a freshly rendered body, which counts against the budget while it lives
    /// (callers go through [`super::memory::Tenants::rendered`], which keeps the
    /// budget).
    pub(super) fn rendered(&self, body: bytes::Bytes) -> Arc<Rendered> {
        Stats::count(&self.stats.renders);
        self.share.hold(body.len());
        Arc::new(Rendered {
            body,
            share: self.share.clone(),
        })
    }

    /// Drops the rendered files of every other package and customer entry (hash order
    /// is as good as random; each trim takes the other half of the last one), then of
    /// all of them while `over` holds; they render again when asked for.
    pub(super) fn trim(&self, over: impl Fn() -> bool) {
        let mut n = self.trims.fetch_add(1, Ordering::Relaxed);
        let mut half = || {
            n = n.wrapping_add(1);
            n.is_multiple_of(2)
        };
        self.packages.for_each(|p| {
            if let (true, Some(p)) = (half(), p) {
                p.files.clear();
            }
        });
        self.customers.for_each(|c| {
            if let (true, Some(c)) = (half(), c) {
                c.roots.clear();
            }
        });
        if over() {
            self.drop_files();
        }
    }

    /// Drops every rendered file of the tenant.
    pub(super) fn drop_files(&self) {
        self.packages
            .for_each(|p| p.iter().for_each(|p| p.files.clear()));
        self.customers
            .for_each(|c| c.iter().for_each(|c| c.roots.clear()));
    }

    /// Bytes of the tenant's rendered files alive.
    pub fn rendered_bytes(&self) -> usize {
        self.share.bytes()
    }
}

async fn load_token(
    db: &impl ConnectionTrait,
    tenant_id: i64,
    digest: &[u8; 32],
) -> ServiceResult<Option<Arc<TokenEntry>>> {
    let hash = hex::encode(digest);
    let row = customer_token::Entity::find()
        .filter(customer_token::Column::TenantId.eq(tenant_id))
        .filter(customer_token::Column::TokenHash.eq(hash.as_str()))
        .filter(customer_token::Column::RevokedAt.is_null())
        .one(db)
        .await?;
    Ok(row.map(|t| {
        Arc::new(TokenEntry {
            id: t.id,
            customer_id: t.customer_id,
            scope: TokenScope::parse(&t.scope).unwrap_or(TokenScope::Metadata),
            globs: crate::domain::glob::from_stored(&crate::service::tokens::decode_globs(
                &t.package_globs,
            )),
            expires_at: t.expires_at,
            last_recorded: AtomicI64::new(0),
        })
    }))
}

async fn load_customer(
    db: &impl ConnectionTrait,
    row: customer::Model,
    floor: i64,
) -> ServiceResult<CustomerEntry> {
    let grants = grant::Entity::find()
        .filter(grant::Column::CustomerId.eq(row.id))
        .find_also_related(package::Entity)
        .all(db)
        .await?;
    let mut granted = HashMap::default();
    let mut names = Vec::with_capacity(grants.len());
    for (g, p) in grants {
        let Some(p) = p else { continue };
        // A constraint that no longer parses grants nothing rather than everything.
        if let Ok(c) = Constraint::parse(&g.version_constraint) {
            let view = GrantView {
                text: Arc::from(g.version_constraint.as_str()),
                constraint: c,
            };
            granted.insert(p.id, Arc::new(view));
            names.push(p.name);
        }
    }
    names.sort();
    let mut frozen: HashMap<i64, Vec<Box<str>>> = HashMap::new();
    for f in frozen_version::Entity::find()
        .filter(frozen_version::Column::CustomerId.eq(row.id))
        .all(db)
        .await?
    {
        frozen
            .entry(f.package_id)
            .or_default()
            .push(f.version_normalized.into_boxed_str());
    }
    Ok(CustomerEntry {
        id: row.id,
        status: CustomerStatus::parse(&row.status).unwrap_or(CustomerStatus::Suspended),
        name: row.name,
        status_reason: row.status_reason,
        expires_at: row.expires_at,
        proxy_access: row.proxy_access,
        stamp: Stamp::from_micros(row.updated_at.timestamp_micros().max(floor)),
        grants: granted,
        frozen: frozen
            .into_iter()
            .map(|(id, v)| (id, Arc::new(FrozenSet::new(v))))
            .collect(),
        granted_names: names,
        roots: Flight::new(),
    })
}

/// Reads a package's versions; parsing their composer.json and sorting them is CPU
/// work, done off the threads that serve requests.
async fn load_package(
    db: &impl ConnectionTrait,
    p: package::Model,
    floor: i64,
) -> ServiceResult<PackageEntry> {
    let rows = package_version::Entity::find()
        .filter(package_version::Column::PackageId.eq(p.id))
        .all(db)
        .await?;
    let versions = rows.len();
    cpu_work(versions, move || build_package(p, rows, floor)).await
}

/// Versions up to which a package is parsed or rendered on the serving thread: below
/// this, handing the work to another thread costs about as much as doing it.
const INLINE_VERSIONS: usize = 40;

/// Runs CPU work (parsing, rendering) proportional to `versions`: small jobs inline;
/// larger ones on a few threads of their own, so they do not stall the threads that
/// serve cached files. Not tokio's blocking pool: a burst of misses would start dozens
/// of threads there, each keeping its own allocator caches, which doubled peak memory
/// under a cold walk; here a burst queues.
pub(super) async fn cpu_work<T: Send + 'static>(
    versions: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ServiceError> {
    if versions <= INLINE_VERSIONS {
        return Ok(work());
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(work());
    });
    WORKERS
        .send(job)
        .map_err(|_| ServiceError::Internal("the render threads are gone".into()))?;
    rx.await
        .map_err(|_| ServiceError::Internal("a render thread failed".into()))
}

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the render threads (one per core, started on first use).
static WORKERS: std::sync::LazyLock<std::sync::mpsc::Sender<Job>> =
    std::sync::LazyLock::new(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = Arc::new(std::sync::Mutex::new(rx));
        let n = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..n {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("cargoman-render-{i}"))
                .spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A panicking job drops its sender: its caller gets an error.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "cannot start a render thread");
            }
        }
        tx
    });

fn build_package(p: package::Model, rows: Vec<package_version::Model>, floor: i64) -> PackageEntry {
    let normalized: Vec<&str> = rows.iter().map(|v| v.version_normalized.as_str()).collect();
    let order: HashMap<String, usize> = semver::rsort(&normalized)
        .into_iter()
        .enumerate()
        .map(|(i, v)| (v, i))
        .rev()
        .collect();
    let mut texts = Texts::default();
    let mut docs: Vec<VersionDoc> = rows
        .iter()
        .map(|v| VersionDoc::from_row(&p.name, v, &mut texts))
        .collect();
    // Newest first, as Composer's own sort puts them.
    docs.sort_by_key(|d| {
        order
            .get(&d.version_normalized)
            .copied()
            .unwrap_or(usize::MAX)
    });
    PackageEntry {
        id: p.id,
        stamp: Stamp::from_micros(p.metadata_changed_at.timestamp_micros().max(floor)),
        name: p.name,
        versions: docs,
        texts: texts.finish(),
        files: Flight::new(),
    }
}

#[cfg(test)]
impl TenantState {
    /// A package entry of this tenant with no versions, for tests of its files.
    pub(super) async fn test_package(&self) -> Arc<PackageEntry> {
        let load = || async { Ok::<_, ()>(Some(tests::package(0))) };
        let found = self.packages.load(Box::from("acme/p0"), load).await;
        found.ok().flatten().expect("a test package")
    }
}

#[cfg(test)]
mod tests {
    use super::super::memory::Tenants;
    use super::*;

    #[tokio::test]
    async fn concurrent_loads_of_one_key_run_once() {
        let flight: Arc<Flight<u32, u32>> = Arc::new(Flight::new());
        let runs = Arc::new(AtomicU64::new(0));
        let mut tasks = Vec::new();
        for _ in 0..64 {
            let (flight, runs) = (flight.clone(), runs.clone());
            tasks.push(tokio::spawn(async move {
                flight
                    .load(7, || async {
                        runs.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        Ok::<_, ()>(42)
                    })
                    .await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), Ok(42));
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(flight.get(&7), Some(42));
    }

    #[tokio::test]
    async fn a_removed_key_forgets_the_load_in_flight() {
        let flight: Arc<Flight<u32, u32>> = Arc::new(Flight::new());
        let (started_tx, started_rx) = tokio::sync::oneshot::channel();
        let (release_tx, release_rx) = tokio::sync::oneshot::channel::<()>();
        let f = flight.clone();
        let stale = tokio::spawn(async move {
            f.load(1, || async move {
                started_tx.send(()).unwrap();
                release_rx.await.unwrap();
                Ok::<_, ()>(1) // read before the change
            })
            .await
        });
        started_rx.await.unwrap();
        flight.remove(&1); // the change is applied while the load is in flight
        release_tx.send(()).unwrap();
        assert_eq!(stale.await.unwrap(), Ok(1), "its own caller still gets it");
        assert_eq!(flight.get(&1), None, "but it is not cached");
        let fresh = flight.load(1, || async { Ok::<_, ()>(2) }).await;
        assert_eq!(fresh, Ok(2));
        assert_eq!(flight.get(&1), Some(2));
    }

    #[tokio::test]
    async fn a_failed_load_is_retried_by_the_next_caller() {
        let flight: Flight<u32, u32> = Flight::new();
        assert_eq!(
            flight.load(1, || async { Err::<u32, _>("down") }).await,
            Err("down")
        );
        assert_eq!(flight.load(1, || async { Ok::<_, &str>(3) }).await, Ok(3));
    }

    #[test]
    fn retain_loaded_forgets_loads_in_flight_and_unwanted_values() {
        let flight: Flight<u32, Option<u32>> = Flight::new();
        {
            let mut m = flight.0.write().unwrap();
            m.insert(1, Arc::new(OnceCell::new_with(Some(Some(10)))));
            m.insert(2, Arc::new(OnceCell::new_with(Some(None))));
            m.insert(3, Arc::new(OnceCell::new()));
            m.insert(4, Arc::new(OnceCell::new_with(Some(Some(40)))));
        }
        flight.retain_loaded(|v| v.is_some_and(|v| v != 40));
        assert_eq!(flight.len(), 1);
        assert_eq!(flight.get(&1), Some(Some(10)));
    }

    pub(super) fn package(id: i64) -> Arc<PackageEntry> {
        Arc::new(PackageEntry {
            id,
            name: format!("acme/p{id}"),
            stamp: Stamp::from_micros(0),
            versions: Vec::new(),
            texts: Box::new([]),
            files: Flight::new(),
        })
    }

    fn file_key(n: usize) -> FileKey {
        FileKey {
            dev: false,
            v1: false,
            view: ViewKey::Constraint(Arc::from(format!("^{n}.0"))),
            base: Arc::from("http://x"),
        }
    }

    #[tokio::test]
    async fn rendered_files_stay_within_the_budget() {
        // A tenant alone in the cache trims its own files.
        let cache = Tenants::default();
        let budget = cache.budget();
        let tenant = cache
            .load(1, 10, || async {
                let t = TenantState::new(1, Stamp::from_micros(0), Arc::default(), budget);
                Ok::<_, ()>(Arc::new(t))
            })
            .await
            .unwrap();
        let mut packages = Vec::new();
        for id in 0..50 {
            let p = tenant
                .packages
                .load(Box::from(format!("acme/p{id}")), || async move {
                    Ok::<_, ()>(Some(package(id)))
                })
                .await
                .unwrap()
                .unwrap();
            packages.push(p);
        }
        for n in 0..1000 {
            let p = &packages[n % packages.len()];
            let body = bytes::Bytes::from(vec![b'x'; 1000]);
            let file = p
                .files
                .load(file_key(n), || async {
                    Ok::<_, ()>(cache.rendered(&tenant, body, 100_000))
                })
                .await
                .unwrap();
            drop(file);
            assert!(
                tenant.rendered_bytes() <= 100_000,
                "{} bytes held after {n} files",
                tenant.rendered_bytes()
            );
        }
        // What is held is exactly what the entries hold, in the tenant and in all.
        let held: usize = packages.iter().map(|p| p.files.len() * 1000).sum();
        assert_eq!(tenant.rendered_bytes(), held);
        assert_eq!(cache.stats().rendered_bytes, held as u64);
        assert!(held >= 40_000, "eviction keeps a good share: {held}");
        // A replaced entry gives its files' bytes back.
        tenant.apply(Target::Tenant);
        drop(packages);
        assert_eq!(tenant.rendered_bytes(), 0);
        assert_eq!(cache.stats().rendered_bytes, 0);
    }

    #[test]
    fn frozen_sets_are_sorted_and_compare_by_content() {
        let a = FrozenSet::new(vec!["2.0.0.0".into(), "1.0.0.0".into(), "1.0.0.0".into()]);
        let b = FrozenSet::new(vec!["1.0.0.0".into(), "2.0.0.0".into()]);
        assert_eq!(a, b);
        assert!(a.contains("1.0.0.0") && a.contains("2.0.0.0"));
        assert!(!a.contains("1.5.0.0"));
    }

    #[test]
    fn stamps_compare_by_microseconds_and_format_whole_seconds() {
        let a = Stamp::from_micros(1_700_000_000_100_000);
        let b = Stamp::from_micros(1_700_000_000_900_000);
        assert_eq!(b.later(&a).micros, b.micros);
        assert_eq!(a.secs(), b.secs());
        assert_eq!(&a.http_date[..], b"Tue, 14 Nov 2023 22:13:20 GMT");
    }
}
