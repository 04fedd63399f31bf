//! Counts of a registry (packages, versions, customers by status, tokens) and its
//! downloads per day, as Composer reported them (notify-batch).

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use super::{Ctx, ServiceError, ServiceResult, Services};
use crate::db::entities::{customer, customer_token, download_counter, package, package_version};
use crate::domain::customer::CustomerStatus;

/// `SUM(count)` as a BIGINT (PostgreSQL sums bigints into numeric).
fn total() -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Alias, Func};
    Func::cast_as(
        Func::sum(Expr::col(download_counter::Column::Count)),
        Alias::new("BIGINT"),
    )
    .into()
}

/// The most days a download history covers.
const MAX_DAYS: u32 = 366;

/// What a registry holds.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct Stats {
    pub packages: u64,
    pub versions: u64,
    pub customers: CustomerCounts,
    /// Tokens neither revoked nor expired.
    pub active_tokens: u64,
    /// Installs reported in the last 30 days (today included).
    pub downloads_30_days: u64,
    pub downloads_total: u64,
}

/// Customers by the status in effect now.
#[derive(Debug, Clone, Default, Serialize, poem_openapi::Object)]
pub struct CustomerCounts {
    pub active: u64,
    pub suspended: u64,
    pub expired: u64,
    pub frozen: u64,
}

/// Installs on one day.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct DailyDownloads {
    pub day: NaiveDate,
    pub downloads: u64,
}

pub struct StatsService<'a> {
    s: &'a Services,
}

impl Services {
    pub fn stats(&self) -> StatsService<'_> {
        StatsService { s: self }
    }
}

impl StatsService<'_> {
    pub async fn summary(&self, ctx: &Ctx) -> ServiceResult<Stats> {
        let db = self.s.db();
        let t = ctx.tenant_id;
        let packages = package::Entity::find()
            .filter(package::Column::TenantId.eq(t))
            .count(db)
            .await?;
        let versions = package_version::Entity::find()
            .filter(package_version::Column::TenantId.eq(t))
            .count(db)
            .await?;
        let now = super::now();
        let rows: Vec<(String, Option<chrono::DateTime<Utc>>)> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Status)
            .column(customer::Column::ExpiresAt)
            .filter(customer::Column::TenantId.eq(t))
            .into_tuple()
            .all(db)
            .await?;
        let mut customers = CustomerCounts::default();
        for (status, expires_at) in rows {
            let stored = CustomerStatus::parse(&status).unwrap_or(CustomerStatus::Suspended);
            match stored.effective(expires_at, now) {
                CustomerStatus::Active => customers.active += 1,
                CustomerStatus::Suspended => customers.suspended += 1,
                CustomerStatus::Expired => customers.expired += 1,
                CustomerStatus::Frozen => customers.frozen += 1,
            }
        }
        let active_tokens = customer_token::Entity::find()
            .filter(customer_token::Column::TenantId.eq(t))
            .filter(customer_token::Column::RevokedAt.is_null())
            .filter(
                sea_orm::Condition::any()
                    .add(customer_token::Column::ExpiresAt.is_null())
                    .add(customer_token::Column::ExpiresAt.gt(now)),
            )
            .count(db)
            .await?;
        let since = now.date_naive() - Duration::days(29);
        let downloads_30_days = self.sum(ctx, None, Some(since)).await?;
        let downloads_total = self.sum(ctx, None, None).await?;
        Ok(Stats {
            packages,
            versions,
            customers,
            active_tokens,
            downloads_30_days,
            downloads_total,
        })
    }

    /// Installs per day over the last `days` days (today included, days without any
    /// answered as 0), of one package or of all.
    pub async fn downloads(
        &self,
        ctx: &Ctx,
        package_name: Option<&str>,
        days: u32,
    ) -> ServiceResult<Vec<DailyDownloads>> {
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(ServiceError::field(
                "days",
                format!("days must be between 1 and {MAX_DAYS}"),
            ));
        }
        let name = match package_name {
            Some(n) => Some(super::grants::find_package(self.s.db(), ctx, n).await?.name),
            None => None,
        };
        let today = Utc::now().date_naive();
        let first = today - Duration::days(i64::from(days) - 1);
        let mut q = download_counter::Entity::find()
            .select_only()
            .column(download_counter::Column::Day)
            .column_as(total(), "n")
            .filter(download_counter::Column::TenantId.eq(ctx.tenant_id))
            .filter(download_counter::Column::Day.gte(first));
        if let Some(n) = &name {
            q = q.filter(download_counter::Column::PackageName.eq(n.as_str()));
        }
        let rows: Vec<(NaiveDate, Option<i64>)> = q
            .group_by(download_counter::Column::Day)
            .order_by_asc(download_counter::Column::Day)
            .into_tuple()
            .all(self.s.db())
            .await?;
        let by_day: std::collections::HashMap<NaiveDate, i64> =
            rows.into_iter().map(|(d, n)| (d, n.unwrap_or(0))).collect();
        Ok((0..days)
            .map(|i| {
                let day = first + Duration::days(i64::from(i));
                let n = by_day.get(&day).copied().unwrap_or(0);
                DailyDownloads {
                    day,
                    downloads: u64::try_from(n).unwrap_or(0),
                }
            })
            .collect())
    }

    async fn sum(
        &self,
        ctx: &Ctx,
        package_name: Option<&str>,
        since: Option<NaiveDate>,
    ) -> ServiceResult<u64> {
        let mut q = download_counter::Entity::find()
            .select_only()
            .column_as(total(), "n")
            .filter(download_counter::Column::TenantId.eq(ctx.tenant_id));
        if let Some(n) = package_name {
            q = q.filter(download_counter::Column::PackageName.eq(n));
        }
        if let Some(d) = since {
            q = q.filter(download_counter::Column::Day.gte(d));
        }
        let n: Option<Option<i64>> = q.into_tuple().one(self.s.db()).await?;
        Ok(u64::try_from(n.flatten().unwrap_or(0)).unwrap_or(0))
    }
}

/// What the dashboard's first page shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub stats: Stats,
    /// Installs per day, the last 30 days.
    pub daily: Vec<DailyDownloads>,
    /// Packages whose last sync failed.
    pub failing: Vec<super::packages::Package>,
    /// The newest audit entries.
    pub recent: Vec<super::audit::AuditEntry>,
}

impl StatsService<'_> {
    /// The registry at a glance: counts, downloads over 30 days, failing syncs and the
    /// latest changes.
    pub async fn overview(&self, ctx: &Ctx) -> ServiceResult<Overview> {
        let stats = self.summary(ctx).await?;
        let daily = self.downloads(ctx, None, 30).await?;
        let failing = self
            .s
            .packages()
            .list(ctx)
            .await?
            .into_iter()
            .filter(|p| p.sync_status == "failed")
            .collect();
        let filter = super::audit::AuditFilter {
            limit: Some(10),
            ..Default::default()
        };
        let recent = self.s.audit().list(ctx, &filter).await?;
        Ok(Overview {
            stats,
            daily,
            failing,
            recent,
        })
    }
}
