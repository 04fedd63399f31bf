//! One memory bound over the Composer cache of every tenant: the bytes of rendered files
//! of all tenants together (`CACHE_MAX_BYTES`), and the number of tenants held
//! (`CACHE_MAX_TENANTS`). Past either bound the tenants served least recently give way
//! first — their rendered files for the byte bound, their whole state for the tenant
//! bound — and the tenant being served never does, unless it is the only one left. What
//! gave way is loaded or rendered again by its next request, like a first one.
//!
//! The serving path pays one relaxed load per request for this (the recency stamp,
//! written at most once a second); the bounds are enforced where memory grows: when a
//! file is rendered and when a tenant is loaded.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};

use super::state::{Flight, Rendered, TenantState};

/// Bytes of rendered files alive in every tenant, and what keeping them bounded cost.
#[derive(Default)]
pub(crate) struct Budget {
    bytes: AtomicUsize,
    /// Set while one caller trims; the others carry on (one trim frees enough for all).
    trimming: AtomicBool,
    /// Tenants whose rendered files were dropped for the byte bound.
    trimmed: AtomicU64,
    /// Tenants whose whole state was dropped for the tenant bound.
    evicted: AtomicU64,
}

/// One tenant's part of the budget: the bytes of its rendered files, and the last
/// second it was served in.
pub(crate) struct Share {
    bytes: AtomicUsize,
    last_used: AtomicI64,
    budget: Arc<Budget>,
}

impl Share {
    pub(crate) fn new(budget: Arc<Budget>, now: i64) -> Self {
        Self {
            bytes: AtomicUsize::new(0),
            last_used: AtomicI64::new(now),
            budget,
        }
    }

    /// Records a request in `second` (Unix time). Written once a second at most, so a
    /// busy tenant's cache line stays shared between the threads that serve it.
    #[inline]
    pub(crate) fn touch(&self, second: i64) {
        if self.last_used.load(Ordering::Relaxed) != second {
            self.last_used.store(second, Ordering::Relaxed);
        }
    }

    pub(crate) fn last_used(&self) -> i64 {
        self.last_used.load(Ordering::Relaxed)
    }

    pub(crate) fn bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Counts a rendered file of `len` bytes, in the tenant and in the whole cache.
    pub(crate) fn hold(&self, len: usize) {
        self.bytes.fetch_add(len, Ordering::Relaxed);
        self.budget.bytes.fetch_add(len, Ordering::Relaxed);
    }

    /// Gives back what [`Share::hold`] counted (the file was dropped).
    pub(crate) fn release(&self, len: usize) {
        self.bytes.fetch_sub(len, Ordering::Relaxed);
        self.budget.bytes.fetch_sub(len, Ordering::Relaxed);
    }
}

/// What the bounds hold and cost, for tests and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemoryStats {
    /// Bytes of rendered files alive, every tenant together.
    pub rendered_bytes: u64,
    /// Tenants whose state is held.
    pub tenants: u64,
    /// Times a tenant's rendered files were dropped to stay under the byte bound.
    pub trimmed_tenants: u64,
    /// Times a tenant's whole state was dropped to stay under the tenant bound.
    pub evicted_tenants: u64,
}

/// The states of the tenants held in memory, within the bounds.
#[derive(Default)]
pub(crate) struct Tenants {
    states: Flight<i64, Arc<TenantState>>,
    budget: Arc<Budget>,
}

impl Tenants {
    /// The budget every state of this cache counts its files against.
    pub(crate) fn budget(&self) -> Arc<Budget> {
        self.budget.clone()
    }

    /// A tenant's state, when it is loaded.
    #[inline]
    pub(crate) fn get(&self, id: i64) -> Option<Arc<TenantState>> {
        self.states.get(&id)
    }

    /// A tenant's state, loaded by `load` unless another caller is loading it already;
    /// a load beyond `max_tenants` drops the states served least recently.
    pub(crate) async fn load<F, Fut, E>(
        &self,
        id: i64,
        max_tenants: usize,
        load: F,
    ) -> Result<Arc<TenantState>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Arc<TenantState>, E>>,
    {
        let state = self.states.load(id, load).await?;
        if self.states.len() > max_tenants.max(1) {
            self.evict(id, max_tenants.max(1));
        }
        Ok(state)
    }

    pub(crate) fn remove(&self, id: i64) {
        self.states.remove(&id);
    }

    pub(crate) fn clear(&self) {
        self.states.clear();
    }

    /// Drops the least recently served states (never `keep`'s) until `max` are held;
    /// their files go at once, whoever still holds the state.
    fn evict(&self, keep: i64, max: usize) {
        let mut held = Vec::new();
        self.states
            .for_each(|t| held.push((t.id, t.share().last_used())));
        let excess = held.len().saturating_sub(max);
        for id in least_recent(held, keep).into_iter().take(excess) {
            if let Some(t) = self.states.get(&id) {
                t.drop_files();
            }
            self.states.remove(&id);
            self.budget.evicted.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Wraps a body rendered for `current`, and keeps every tenant's files together
    /// within `limit` bytes: past it, the files of the tenants served least recently go
    /// first, down to three quarters of the limit; `current` trims its own files only
    /// when the others have nothing left to give.
    pub(crate) fn rendered(
        &self,
        current: &TenantState,
        body: bytes::Bytes,
        limit: usize,
    ) -> Arc<Rendered> {
        let file = current.rendered(body);
        if self.budget.bytes.load(Ordering::Relaxed) > limit {
            self.trim(current, limit);
        }
        file
    }

    fn trim(&self, current: &TenantState, limit: usize) {
        let budget = &self.budget;
        if budget.trimming.swap(true, Ordering::AcqRel) {
            return;
        }
        let target = limit / 4 * 3;
        let mut others = Vec::new();
        self.states.for_each(|t| {
            if t.id != current.id && t.share().bytes() > 0 {
                others.push((t.id, t.share().last_used()));
            }
        });
        for id in least_recent(others, current.id) {
            if budget.bytes.load(Ordering::Relaxed) <= target {
                break;
            }
            if let Some(t) = self.states.get(&id) {
                t.drop_files();
                budget.trimmed.fetch_add(1, Ordering::Relaxed);
            }
        }
        if budget.bytes.load(Ordering::Relaxed) > limit {
            current.trim(|| budget.bytes.load(Ordering::Relaxed) > target);
        }
        budget.trimming.store(false, Ordering::Release);
    }

    pub(crate) fn stats(&self) -> MemoryStats {
        let b = &self.budget;
        MemoryStats {
            rendered_bytes: b.bytes.load(Ordering::Relaxed) as u64,
            tenants: self.states.len() as u64,
            trimmed_tenants: b.trimmed.load(Ordering::Relaxed),
            evicted_tenants: b.evicted.load(Ordering::Relaxed),
        }
    }
}

/// The ids of `(id, last used)` pairs, least recently used first, without `keep`.
fn least_recent(mut tenants: Vec<(i64, i64)>, keep: i64) -> Vec<i64> {
    tenants.retain(|(id, _)| *id != keep);
    tenants.sort_unstable_by_key(|&(id, used)| (used, id));
    tenants.into_iter().map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::composer::state::{FileKey, Stamp, ViewKey};

    fn key(n: usize) -> FileKey {
        FileKey {
            dev: false,
            v1: false,
            view: ViewKey::Constraint(Arc::from(format!("^{n}.0"))),
            base: Arc::from("http://x"),
        }
    }

    async fn tenant(cache: &Tenants, id: i64, used: i64, max: usize) -> Arc<TenantState> {
        let budget = cache.budget();
        let t = cache
            .load(id, max, || async move {
                let t =
                    TenantState::new(id, Stamp::new(Default::default()), Arc::default(), budget);
                Ok::<_, ()>(Arc::new(t))
            })
            .await
            .unwrap();
        t.share().touch(used);
        t
    }

    /// Renders `n` files of `size` bytes into a package of `t`, as a request would.
    async fn render(cache: &Tenants, t: &TenantState, n: usize, size: usize, limit: usize) {
        let pkg = t.test_package().await;
        for i in 0..n {
            let body = bytes::Bytes::from(vec![b'x'; size]);
            pkg.files
                .load(key(i), || async {
                    Ok::<_, ()>(cache.rendered(t, body, limit))
                })
                .await
                .unwrap();
        }
    }

    #[test]
    fn least_recent_orders_by_last_use_and_skips_the_kept_one() {
        let order = least_recent(vec![(1, 30), (2, 10), (3, 20), (4, 10)], 3);
        assert_eq!(order, [2, 4, 1]);
    }

    #[tokio::test]
    async fn the_least_recently_used_tenants_give_their_files_first() {
        let cache = Tenants::default();
        let limit = 10_000;
        let a = tenant(&cache, 1, 100, 10).await;
        let b = tenant(&cache, 2, 200, 10).await;
        let c = tenant(&cache, 3, 300, 10).await;
        render(&cache, &a, 3, 1000, limit).await;
        render(&cache, &b, 3, 1000, limit).await;
        render(&cache, &c, 3, 1000, limit).await;
        assert_eq!(cache.stats().rendered_bytes, 9000);
        // The newest tenant pushes the total past the bound: the oldest gives way first.
        // Down to three quarters of the bound: the oldest's files are enough.
        let d = tenant(&cache, 4, 400, 10).await;
        render(&cache, &d, 1, 1500, limit).await;
        let held = |t: &TenantState| t.share().bytes();
        assert_eq!(
            (held(&a), held(&b), held(&c), held(&d)),
            (0, 3000, 3000, 1500)
        );
        assert!(cache.stats().rendered_bytes <= limit as u64);
        assert_eq!(cache.stats().trimmed_tenants, 1);
    }

    #[tokio::test]
    async fn the_tenant_being_served_keeps_its_files_unless_it_is_alone() {
        let cache = Tenants::default();
        let limit = 10_000;
        let old = tenant(&cache, 1, 100, 10).await;
        let current = tenant(&cache, 2, 200, 10).await;
        render(&cache, &old, 2, 1000, limit).await;
        // Far past the bound with the other's files gone: `current` trims its own.
        render(&cache, &current, 20, 1000, limit).await;
        assert_eq!(old.share().bytes(), 0);
        let total = cache.stats().rendered_bytes;
        assert!(total <= limit as u64, "{total}");
        assert_eq!(total as usize, current.share().bytes());
        assert!(total > 0, "the served tenant keeps what fits");
    }

    #[tokio::test]
    async fn past_the_tenant_bound_the_least_recently_served_state_goes() {
        let cache = Tenants::default();
        let a = tenant(&cache, 1, 100, 2).await;
        let _b = tenant(&cache, 2, 300, 2).await;
        render(&cache, &a, 2, 1000, usize::MAX).await;
        a.share().touch(200);
        let _c = tenant(&cache, 3, 50, 2).await; // just loaded: never the one to go
        assert!(cache.get(1).is_none(), "a was served before b");
        assert!(cache.get(2).is_some() && cache.get(3).is_some());
        assert_eq!(a.share().bytes(), 0, "its files went with it");
        let stats = cache.stats();
        assert_eq!((stats.tenants, stats.evicted_tenants), (2, 1));
        assert_eq!(stats.rendered_bytes, 0);
    }
}
