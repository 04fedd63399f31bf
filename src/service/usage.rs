//! What each tenant uses (product.md section 8): packages, versions, customers, stored
//! bytes (archives built here and the proxy's cache), archive bytes served (bandwidth)
//! and installs. Bandwidth is counted in memory on the request path — an atomic add,
//! no database write — and flushed periodically (and at shutdown) as `bytes = bytes + n`
//! on a per-tenant, per-day row, so several servers add up.
//!
//! Also here: the rows a tenant owns, for deleting a tenant, children first.

use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, Func, OnConflict, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select};
use serde::Serialize;

use super::tenants::{Tenant, Tenants};
use super::{Ctx, ServiceResult, Services};
use crate::db::entities::{
    admin_token, audit_log, customer, customer_token, download_counter, download_event,
    frozen_version, grant, job, package, package_version, proxy_alert, proxy_cache, proxy_frozen,
    proxy_upstream, security_advisory, tenant, tenant_bandwidth, tenant_domain, ui_session,
};

/// Days of the recent figures ("last 30 days", today included).
const RECENT_DAYS: i64 = 30;

/// What one tenant uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, poem_openapi::Object)]
pub struct TenantUsage {
    /// The tenant's slug.
    pub tenant: String,
    pub packages: u64,
    pub versions: u64,
    pub customers: u64,
    /// Archives built here plus the proxy's cached files, in bytes.
    pub storage_bytes: u64,
    /// Archive bytes served (`/dist` and `/dist-proxy`), as flushed by the servers
    /// (every minute).
    pub bandwidth_bytes: u64,
    /// The same over the last 30 days, today included (UTC).
    pub bandwidth_bytes_30_days: u64,
    /// Installs reported by Composer.
    pub downloads: u64,
    pub downloads_30_days: u64,
}

/// Archive bytes served per tenant since the last flush, in this process.
#[derive(Default)]
pub(crate) struct Bandwidth {
    pending: RwLock<HashMap<i64, AtomicU64, foldhash::fast::RandomState>>,
}

impl Bandwidth {
    fn add(&self, tenant_id: i64, bytes: u64) {
        if bytes == 0 {
            return;
        }
        // The common case: the tenant has a counter already, under a shared lock.
        if let Ok(map) = self.pending.read()
            && let Some(n) = map.get(&tenant_id)
        {
            n.fetch_add(bytes, Ordering::Relaxed);
            return;
        }
        if let Ok(mut map) = self.pending.write() {
            map.entry(tenant_id)
                .or_default()
                .fetch_add(bytes, Ordering::Relaxed);
        }
    }

    /// Takes every non-zero count (leaving zeros in place for the next adds).
    fn take(&self) -> Vec<(i64, u64)> {
        let Ok(map) = self.pending.read() else {
            return Vec::new();
        };
        map.iter()
            .filter_map(|(id, n)| {
                let taken = n.swap(0, Ordering::Relaxed);
                (taken > 0).then_some((*id, taken))
            })
            .collect()
    }
}

impl Services {
    /// Counts `bytes` of archive served to tenant `tenant_id` (the dist handlers call
    /// this as they stream). In memory only: [`Services::flush_bandwidth`] writes it.
    pub fn record_bandwidth(&self, tenant_id: i64, bytes: u64) {
        self.bandwidth().add(tenant_id, bytes);
    }

    /// Adds the bandwidth counted since the last flush to today's row of each tenant
    /// (`bytes = bytes + n`, so the servers of a deployment add up); returns the bytes
    /// written. On failure the counts are kept for the next flush.
    pub async fn flush_bandwidth(&self) -> ServiceResult<u64> {
        let mut batch = self.bandwidth().take();
        if batch.is_empty() {
            return Ok(0);
        }
        let result = self.write_bandwidth(&mut batch).await;
        if result.is_err() {
            for (id, n) in batch {
                self.bandwidth().add(id, n);
            }
        }
        result
    }

    async fn write_bandwidth(&self, batch: &mut Vec<(i64, u64)>) -> ServiceResult<u64> {
        // A tenant deleted since its bytes were served has no row to add to.
        let ids: Vec<i64> = batch.iter().map(|(id, _)| *id).collect();
        let live: Vec<i64> = tenant::Entity::find()
            .select_only()
            .column(tenant::Column::Id)
            .filter(tenant::Column::Id.is_in(ids))
            .into_tuple()
            .all(self.db())
            .await?;
        batch.retain(|(id, _)| live.contains(id));
        let day = Utc::now().date_naive();
        let txn = self.begin().await?;
        let backend = txn.get_database_backend();
        let mut written = 0;
        for (tenant_id, bytes) in batch.iter() {
            let n = i64::try_from(*bytes).unwrap_or(i64::MAX);
            let insert = Query::insert()
                .into_table(tenant_bandwidth::Entity)
                .columns([
                    tenant_bandwidth::Column::TenantId,
                    tenant_bandwidth::Column::Day,
                    tenant_bandwidth::Column::Bytes,
                ])
                .values_panic([(*tenant_id).into(), day.into(), n.into()])
                .on_conflict(
                    OnConflict::columns([
                        tenant_bandwidth::Column::TenantId,
                        tenant_bandwidth::Column::Day,
                    ])
                    .value(
                        tenant_bandwidth::Column::Bytes,
                        Expr::col((tenant_bandwidth::Entity, tenant_bandwidth::Column::Bytes)).add(
                            Expr::col((Alias::new("excluded"), tenant_bandwidth::Column::Bytes)),
                        ),
                    )
                    .to_owned(),
                )
                .to_owned();
            txn.execute(backend.build(&insert)).await?;
            written += bytes;
        }
        txn.commit().await?;
        Ok(written)
    }
}

impl Tenants<'_> {
    /// What the tenant `slug` uses.
    pub async fn usage(&self, ctx: &Ctx, slug: &str) -> ServiceResult<TenantUsage> {
        let t = self.show(ctx, slug).await?;
        let mut all = usage_of(self.s.db(), Some(t.id)).await?;
        Ok(named(&mut all, &t))
    }

    /// What every tenant uses, by slug.
    pub async fn usage_all(&self, ctx: &Ctx) -> ServiceResult<Vec<TenantUsage>> {
        let tenants = self.list(ctx).await?;
        let mut all = usage_of(self.s.db(), None).await?;
        Ok(tenants.iter().map(|t| named(&mut all, t)).collect())
    }
}

fn named(all: &mut HashMap<i64, TenantUsage>, t: &Tenant) -> TenantUsage {
    TenantUsage {
        tenant: t.slug.clone(),
        ..all.remove(&t.id).unwrap_or_default()
    }
}

/// Usage of tenant `only` (or of every tenant), by tenant id: one grouped query per
/// figure, however many tenants.
async fn usage_of(
    db: &impl ConnectionTrait,
    only: Option<i64>,
) -> ServiceResult<HashMap<i64, TenantUsage>> {
    let since = Utc::now().date_naive() - Duration::days(RECENT_DAYS - 1);
    let mut out: HashMap<i64, TenantUsage> = HashMap::new();
    let mut add = |figures: HashMap<i64, u64>, set: fn(&mut TenantUsage, u64)| {
        for (id, n) in figures {
            set(out.entry(id).or_default(), n);
        }
    };
    use customer::Column as C;
    use package::Column as P;
    use package_version::Column as V;
    add(
        per_tenant(db, package::Entity::find(), P::TenantId, count(P::Id), only).await?,
        |u, n| u.packages = n,
    );
    add(
        per_tenant(
            db,
            package_version::Entity::find(),
            V::TenantId,
            count(V::Id),
            only,
        )
        .await?,
        |u, n| u.versions = n,
    );
    add(
        per_tenant(
            db,
            customer::Entity::find(),
            C::TenantId,
            count(C::Id),
            only,
        )
        .await?,
        |u, n| u.customers = n,
    );
    add(
        per_tenant(
            db,
            package_version::Entity::find(),
            V::TenantId,
            sum(V::Size),
            only,
        )
        .await?,
        |u, n| u.storage_bytes += n,
    );
    let cached = proxy_cache::Entity::find();
    let pc = proxy_cache::Column::TenantId;
    add(
        per_tenant(db, cached, pc, sum(proxy_cache::Column::Size), only).await?,
        |u, n| u.storage_bytes += n,
    );
    use tenant_bandwidth::Column as B;
    let served = tenant_bandwidth::Entity::find();
    add(
        per_tenant(db, served.clone(), B::TenantId, sum(B::Bytes), only).await?,
        |u, n| u.bandwidth_bytes = n,
    );
    let recent = served.filter(B::Day.gte(since));
    add(
        per_tenant(db, recent, B::TenantId, sum(B::Bytes), only).await?,
        |u, n| u.bandwidth_bytes_30_days = n,
    );
    use download_counter::Column as D;
    let installs = download_counter::Entity::find();
    add(
        per_tenant(db, installs.clone(), D::TenantId, sum(D::Count), only).await?,
        |u, n| u.downloads = n,
    );
    let recent = installs.filter(D::Day.gte(since));
    add(
        per_tenant(db, recent, D::TenantId, sum(D::Count), only).await?,
        |u, n| u.downloads_30_days = n,
    );
    Ok(out)
}

/// `SELECT tenant_id, <value> … GROUP BY tenant_id` (for `only` alone when given).
async fn per_tenant<E: EntityTrait>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    tenant_col: E::Column,
    value: SimpleExpr,
    only: Option<i64>,
) -> ServiceResult<HashMap<i64, u64>> {
    let mut q = query
        .select_only()
        .column(tenant_col)
        .column_as(value, "n")
        .group_by(tenant_col);
    if let Some(id) = only {
        q = q.filter(tenant_col.eq(id));
    }
    let rows: Vec<(i64, Option<i64>)> = q.into_tuple().all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n.unwrap_or(0)).unwrap_or(0)))
        .collect())
}

/// `COUNT(col)` as a BIGINT on both databases.
fn count(col: impl sea_orm::sea_query::IntoColumnRef) -> SimpleExpr {
    Func::cast_as(Func::count(Expr::col(col)), Alias::new("BIGINT")).into()
}

/// `SUM(col)` as a BIGINT (PostgreSQL sums bigints into numeric).
fn sum(col: impl sea_orm::sea_query::IntoColumnRef) -> SimpleExpr {
    Func::cast_as(Func::sum(Expr::col(col)), Alias::new("BIGINT")).into()
}

/// Deletes every row tenant `tenant_id` owns, children before what they refer to, and
/// finally the tenant itself; returns how many rows went. (The change log keeps its
/// entries for the tenant until they are pruned: servers still need to apply them.)
pub(crate) async fn delete_rows(txn: &impl ConnectionTrait, tenant_id: i64) -> ServiceResult<u64> {
    macro_rules! delete_all {
        ($($entity:ident),+ $(,)?) => {{
            let mut n = 0;
            $(
                n += $entity::Entity::delete_many()
                    .filter($entity::Column::TenantId.eq(tenant_id))
                    .exec(txn)
                    .await?
                    .rows_affected;
            )+
            n
        }};
    }
    let rows = delete_all!(
        download_event,
        download_counter,
        frozen_version,
        grant,
        customer_token,
        customer,
        package_version,
        package,
        security_advisory,
        proxy_cache,
        proxy_frozen,
        proxy_alert,
        proxy_upstream,
        job,
        admin_token,
        audit_log,
        tenant_bandwidth,
        tenant_domain,
        ui_session,
    );
    let gone = tenant::Entity::delete_by_id(tenant_id).exec(txn).await?;
    Ok(rows + gone.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bandwidth_adds_up_and_is_taken_once() {
        let b = Bandwidth::default();
        b.add(1, 100);
        b.add(1, 23);
        b.add(2, 7);
        b.add(3, 0);
        let mut taken = b.take();
        taken.sort();
        assert_eq!(taken, vec![(1, 123), (2, 7)]);
        assert!(b.take().is_empty());
        b.add(2, 1);
        assert_eq!(b.take(), vec![(2, 1)]);
    }
}
