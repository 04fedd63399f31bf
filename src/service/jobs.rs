//! The job queue: background work (package syncs, clean-ups) kept in the database so
//! it survives a restart, and claimed atomically so that several `serve` processes on
//! one PostgreSQL never run the same job twice.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, Statement,
};
use serde::Serialize;

use super::page::{Page, PageRequest};
use super::{Ctx, ServiceError, ServiceResult, Services, now};
use crate::db::entities::job;

/// The dedupe key of a package's sync jobs.
pub(crate) fn sync_key(package_id: i64) -> String {
    format!("sync:{package_id}")
}

/// The package a sync job's payload names.
pub fn sync_package_id(payload: &str) -> Option<i64> {
    serde_json::from_str::<serde_json::Value>(payload)
        .ok()?
        .get("package_id")?
        .as_i64()
}

/// What a job does; stored as text in `jobs.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    SyncPackage,
    AuditCleanup,
    ProxyCleanup,
    /// Every cached proxy file of the job's tenant (`POST /proxy/purge`).
    ProxyPurge,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::SyncPackage => "sync_package",
            JobKind::AuditCleanup => "audit_cleanup",
            JobKind::ProxyCleanup => "proxy_cleanup",
            JobKind::ProxyPurge => "proxy_purge",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sync_package" => Some(JobKind::SyncPackage),
            "audit_cleanup" => Some(JobKind::AuditCleanup),
            "proxy_cleanup" => Some(JobKind::ProxyCleanup),
            "proxy_purge" => Some(JobKind::ProxyPurge),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct Job {
    pub id: i64,
    pub tenant_id: i64,
    pub kind: String,
    pub payload: serde_json::Value,
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<job::Model> for Job {
    fn from(m: job::Model) -> Self {
        Self {
            id: m.id,
            tenant_id: m.tenant_id,
            payload: serde_json::from_str(&m.payload).unwrap_or(serde_json::Value::Null),
            kind: m.kind,
            status: m.status,
            attempts: m.attempts,
            max_attempts: m.max_attempts,
            run_at: m.run_at,
            last_error: m.last_error,
            created_at: m.created_at,
            started_at: m.started_at,
            finished_at: m.finished_at,
        }
    }
}

/// A lease kept alive in the background (see [`Jobs::hold`]); renewal stops when it is
/// dropped.
pub struct Lease {
    task: tokio::task::JoinHandle<()>,
    lost: tokio::sync::watch::Receiver<bool>,
}

impl Lease {
    /// Resolves when the worker no longer holds the job (another took it over).
    pub async fn lost(&mut self) {
        let _ = self.lost.wait_for(|lost| *lost).await;
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub struct Jobs<'a> {
    s: &'a Services,
}

impl<'a> Jobs<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    /// Queues a sync of a package (once: a sync already waiting absorbs this one).
    /// `reason` is kept in the payload for the logs ("webhook", "schedule").
    pub async fn queue_sync(
        &self,
        tenant_id: i64,
        package_id: i64,
        reason: &str,
    ) -> ServiceResult<i64> {
        self.enqueue(
            tenant_id,
            JobKind::SyncPackage,
            serde_json::json!({"package_id": package_id, "reason": reason}),
            Some(sync_key(package_id)),
        )
        .await
    }

    /// Queues a purge of the caller's proxy cache (once: a purge already waiting absorbs
    /// this one). Purging touches every cached file, so it runs as a job, not in the
    /// request; the worker runs it as the system, the caller's level is checked here.
    pub async fn queue_proxy_purge(&self, ctx: &Ctx) -> ServiceResult<Job> {
        ctx.may_change()?;
        let id = self
            .enqueue(
                ctx.tenant_id,
                JobKind::ProxyPurge,
                serde_json::json!({"requested_by": ctx.actor.name}),
                Some(format!("proxy_purge:{}", ctx.tenant_id)),
            )
            .await?;
        self.get(ctx, id).await
    }

    /// Queues a job unless one with the same `dedupe_key` is already waiting (then that
    /// job's id is returned): a burst of webhooks for one repository syncs it once.
    ///
    /// Holds under concurrency: the unique index on the queued rows' `dedupe_key` lets
    /// one insert through, and the others (`ON CONFLICT DO NOTHING`) read that row's id.
    pub async fn enqueue(
        &self,
        tenant_id: i64,
        kind: JobKind,
        payload: serde_json::Value,
        dedupe_key: Option<String>,
    ) -> ServiceResult<i64> {
        let db = self.s.db();
        let backend = db.get_database_backend();
        let payload = payload.to_string();
        // The waiting job found may be claimed before it is read back; then the next
        // insert goes through. A handful of rounds is plenty.
        for _ in 0..8 {
            let at = now();
            let insert = Query::insert()
                .into_table(job::Entity)
                .columns([
                    job::Column::TenantId,
                    job::Column::Kind,
                    job::Column::Payload,
                    job::Column::DedupeKey,
                    job::Column::Status,
                    job::Column::Attempts,
                    job::Column::MaxAttempts,
                    job::Column::RunAt,
                    job::Column::CreatedAt,
                ])
                .values([
                    tenant_id.into(),
                    kind.as_str().into(),
                    payload.as_str().into(),
                    dedupe_key.clone().into(),
                    "queued".into(),
                    0i32.into(),
                    3i32.into(),
                    at.into(),
                    at.into(),
                ])
                .map_err(|e| ServiceError::Internal(format!("building the job insert: {e}")))?
                .on_conflict(OnConflict::new().do_nothing().to_owned())
                .returning_col(job::Column::Id)
                .to_owned();
            if let Some(row) = db.query_one(backend.build(&insert)).await? {
                let id: i64 = row.try_get("", "id")?;
                self.s.notify_jobs();
                return Ok(id);
            }
            let Some(key) = &dedupe_key else {
                return Err(ServiceError::Internal(
                    "the job insert was refused without a dedupe key".into(),
                ));
            };
            let waiting = job::Entity::find()
                .filter(job::Column::DedupeKey.eq(key.as_str()))
                .filter(job::Column::Status.eq("queued"))
                .one(db)
                .await?;
            if let Some(j) = waiting {
                return Ok(j.id);
            }
        }
        Err(ServiceError::Internal(
            "cannot queue the job: the waiting one kept changing".into(),
        ))
    }

    /// Takes the next due job (or one whose lease ran out because its worker died) for
    /// `worker`, leasing it for `lease`, fairly between tenants (see [`CLAIM_POSTGRES`]).
    /// The claim is one statement, so two processes can never take the same job.
    pub async fn claim(&self, worker: &str, lease: Duration) -> ServiceResult<Option<job::Model>> {
        let db = self.s.db();
        let backend = db.get_database_backend();
        let at = now();
        let until = at + lease;
        let sql = match backend {
            DatabaseBackend::Postgres => CLAIM_POSTGRES,
            _ => CLAIM_SQLITE,
        };
        let values: Vec<sea_orm::Value> = vec![worker.into(), until.into(), at.into()];
        let stmt = Statement::from_sql_and_values(backend, sql, values);
        Ok(job::Model::find_by_statement(stmt).one(db).await?)
    }

    pub async fn complete(&self, id: i64, worker: &str) -> ServiceResult<()> {
        let at = now();
        job::Entity::update_many()
            .col_expr(job::Column::Status, "done".into())
            .col_expr(job::Column::FinishedAt, at.into())
            .col_expr(
                job::Column::LockedUntil,
                Option::<DateTime<Utc>>::None.into(),
            )
            .col_expr(job::Column::LastError, Option::<String>::None.into())
            .filter(job::Column::Id.eq(id))
            .filter(job::Column::LockedBy.eq(worker))
            .exec(self.s.db())
            .await?;
        Ok(())
    }

    /// Records a failure: the job is retried later (exponential backoff) until it has
    /// used its attempts, then it stays `failed` with the error. A retry that would
    /// queue the job beside a newer one with the same dedupe key (queued while this one
    /// ran) is not kept: the newer one does the same work, and this one ends `failed`.
    pub async fn fail(&self, job: &job::Model, worker: &str, error: &str) -> ServiceResult<()> {
        let retry = job.attempts < job.max_attempts;
        if retry {
            match self.finish_failed(job, worker, error, true).await {
                Err(e)
                    if matches!(
                        e.sql_err(),
                        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                    ) => {}
                other => return Ok(other?),
            }
        }
        Ok(self.finish_failed(job, worker, error, false).await?)
    }

    async fn finish_failed(
        &self,
        job: &job::Model,
        worker: &str,
        error: &str,
        retry: bool,
    ) -> Result<(), sea_orm::DbErr> {
        let at = now();
        let backoff = Duration::seconds(30 * 2i64.pow(job.attempts.clamp(0, 10) as u32));
        let mut update = job::Entity::update_many()
            .col_expr(job::Column::LastError, Some(truncate(error, 2000)).into())
            .col_expr(
                job::Column::LockedUntil,
                Option::<DateTime<Utc>>::None.into(),
            )
            .filter(job::Column::Id.eq(job.id))
            .filter(job::Column::LockedBy.eq(worker));
        update = if retry {
            update
                .col_expr(job::Column::Status, "queued".into())
                .col_expr(job::Column::RunAt, (at + backoff).into())
        } else {
            update
                .col_expr(job::Column::Status, "failed".into())
                .col_expr(job::Column::FinishedAt, at.into())
        };
        update.exec(self.s.db()).await.map(drop)
    }

    /// Extends the lease of a running job that `worker` holds to `lease` from now.
    /// False when the worker no longer holds it (its lease ran out and another worker
    /// took the job, or the job finished).
    pub async fn renew(&self, id: i64, worker: &str, lease: Duration) -> ServiceResult<bool> {
        let res = job::Entity::update_many()
            .col_expr(job::Column::LockedUntil, (now() + lease).into())
            .filter(job::Column::Id.eq(id))
            .filter(job::Column::LockedBy.eq(worker))
            .filter(job::Column::Status.eq("running"))
            .exec(self.s.db())
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Keeps renewing the lease of job `id` (every third of `lease`) until the returned
    /// [`Lease`] is dropped, so a sync that runs for longer than one lease is never
    /// taken over while its worker lives; a worker that dies stops renewing, and the
    /// job can be claimed again once its lease runs out.
    pub fn hold(&self, id: i64, worker: &str, lease: Duration) -> Lease {
        let services = self.s.clone();
        let worker = worker.to_string();
        let (lost_tx, lost) = tokio::sync::watch::channel(false);
        let every = lease
            .to_std()
            .unwrap_or(std::time::Duration::from_secs(60))
            .div_f64(3.0)
            .max(std::time::Duration::from_millis(10));
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await;
            loop {
                tick.tick().await;
                match services.jobs().renew(id, &worker, lease).await {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!(job = id, worker = %worker, "the job's lease was lost");
                        let _ = lost_tx.send(true);
                        return;
                    }
                    // Tried again at the next tick; the lease outlasts two misses.
                    Err(e) => {
                        tracing::warn!(job = id, error = %e, "cannot renew the job's lease")
                    }
                }
            }
        });
        Lease { task, lost }
    }

    /// Recent jobs of a tenant, newest first.
    pub async fn list(
        &self,
        ctx: &Ctx,
        status: Option<&str>,
        limit: u64,
    ) -> ServiceResult<Vec<Job>> {
        let req = PageRequest {
            page: 1,
            per_page: Some(limit.clamp(1, 1000)),
        };
        Ok(self.page(ctx, status, req).await?.data)
    }

    /// A page of the jobs (with `status` only, when given), newest first.
    pub async fn page(
        &self,
        ctx: &Ctx,
        status: Option<&str>,
        req: PageRequest,
    ) -> ServiceResult<Page<Job>> {
        if let Some(st) = status
            && !["queued", "running", "done", "failed"].contains(&st)
        {
            return Err(ServiceError::field(
                "status",
                format!("unknown job status \"{st}\" (accepted: queued, running, done, failed)"),
            ));
        }
        let mut q = job::Entity::find().filter(job::Column::TenantId.eq(ctx.tenant_id));
        if let Some(st) = status {
            q = q.filter(job::Column::Status.eq(st));
        }
        let page = super::page::fetch(self.s.db(), q.order_by_desc(job::Column::Id), req).await?;
        Ok(page.map(Job::from))
    }

    pub async fn get(&self, ctx: &Ctx, id: i64) -> ServiceResult<Job> {
        job::Entity::find_by_id(id)
            .filter(job::Column::TenantId.eq(ctx.tenant_id))
            .one(self.s.db())
            .await?
            .map(Job::from)
            .ok_or_else(|| ServiceError::not_found("job", id))
    }

    /// Deletes finished jobs older than `days`.
    pub async fn purge_finished(&self, days: i64) -> ServiceResult<u64> {
        let cutoff = now() - Duration::days(days);
        let res = job::Entity::delete_many()
            .filter(job::Column::Status.is_in(["done", "failed"]))
            .filter(job::Column::FinishedAt.lt(cutoff))
            .exec(self.s.db())
            .await?;
        Ok(res.rows_affected)
    }
}

/// The claim on PostgreSQL (`$1` worker, `$2` lease end, `$3` now). One tenant's
/// hundreds of queued syncs must not hold back another tenant's one, so the job is
/// chosen by its tenant first: the fewest jobs running (live leases), then the least
/// recently claimed from (without this, a lone worker that finishes each job before it
/// claims the next would never see a tenant running anything, and would serve the
/// oldest queue whole first); then the oldest due job.
///
/// Cheap with long queues: `heads` walks the index on `(status, tenant_id, run_at, id)`
/// from one tenant to the next, one probe each finding the tenant's oldest queued job
/// (due or not), rather than reading the queue; only the 32 most deserving tenants
/// then contribute their 16 oldest due jobs. Each such job counts the ones before it in
/// its tenant as running: a claimer that finds the first taken by another claimer at
/// this very moment (SKIP LOCKED) takes another tenant's job when one is as deserving,
/// rather than the same tenant's next. Jobs whose lease ran out compete like due ones.
/// A queued job whose dedupe key has a job running under a live lease (a package's
/// sync queued again while it syncs) waits for it: two workers, on one server or two,
/// never sync one package at once.
const CLAIM_POSTGRES: &str = "\
UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2, \
  attempts = attempts + 1, started_at = $3 \
WHERE id = ( \
  WITH RECURSIVE heads(tenant_id, run_at, id) AS ( \
      (SELECT tenant_id, run_at, id FROM jobs g WHERE status = 'queued' AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.dedupe_key = g.dedupe_key \
         AND r.status = 'running' AND r.locked_until >= $3) \
       ORDER BY tenant_id, run_at, id LIMIT 1) \
    UNION ALL \
      SELECT n.tenant_id, n.run_at, n.id FROM heads h CROSS JOIN LATERAL ( \
        SELECT j.tenant_id, j.run_at, j.id FROM jobs j \
        WHERE j.status = 'queued' AND j.tenant_id > h.tenant_id AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.dedupe_key = j.dedupe_key \
         AND r.status = 'running' AND r.locked_until >= $3) \
        ORDER BY j.tenant_id, j.run_at, j.id LIMIT 1) n \
  ), \
  busy AS ( \
    SELECT tenant_id, count(*) AS n FROM jobs \
    WHERE status = 'running' AND locked_until >= $3 GROUP BY tenant_id \
  ), \
  tenants AS MATERIALIZED ( \
    SELECT h.tenant_id, coalesce(b.n, 0) AS busy, \
      (SELECT max(s.started_at) FROM jobs s \
        WHERE s.tenant_id = h.tenant_id AND s.started_at IS NOT NULL) AS last_claim, \
      h.run_at, h.id \
    FROM heads h LEFT JOIN busy b ON b.tenant_id = h.tenant_id \
    WHERE h.run_at <= $3 \
    ORDER BY busy, last_claim NULLS FIRST, h.run_at, h.id LIMIT 32 \
  ), \
  candidates AS ( \
      SELECT d.id, t.busy + d.k AS load, t.last_claim, d.run_at \
      FROM tenants t CROSS JOIN LATERAL ( \
        SELECT q.id, q.run_at, row_number() OVER (ORDER BY q.run_at, q.id) - 1 AS k \
        FROM jobs q \
        WHERE q.status = 'queued' AND q.tenant_id = t.tenant_id AND q.run_at <= $3 \
          AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.dedupe_key = q.dedupe_key \
         AND r.status = 'running' AND r.locked_until >= $3) \
        ORDER BY q.run_at, q.id LIMIT 16) d \
    UNION ALL \
      SELECT e.id, coalesce(b.n, 0), \
        (SELECT max(s.started_at) FROM jobs s \
          WHERE s.tenant_id = e.tenant_id AND s.started_at IS NOT NULL), \
        e.run_at \
      FROM jobs e LEFT JOIN busy b ON b.tenant_id = e.tenant_id \
      WHERE e.status = 'running' AND e.locked_until < $3 \
  ), \
  ranked AS ( \
    SELECT * FROM candidates ORDER BY load, last_claim NULLS FIRST, run_at, id LIMIT 32 \
  ) \
  SELECT j.id FROM ranked r JOIN jobs j ON j.id = r.id \
  WHERE (j.status = 'queued' AND j.run_at <= $3) \
     OR (j.status = 'running' AND j.locked_until < $3) \
  ORDER BY r.load, r.last_claim NULLS FIRST, r.run_at, r.id \
  LIMIT 1 FOR UPDATE OF j SKIP LOCKED \
) \
RETURNING *";

/// The claim on SQLite (`?1` worker, `?2` lease end, `?3` now): the same choice as
/// [`CLAIM_POSTGRES`]. SQLite runs one writer at a time, so no claim is in progress
/// elsewhere and each tenant's oldest due job (that is not waiting for a running job of
/// its key) is candidate enough.
const CLAIM_SQLITE: &str = "\
UPDATE jobs SET status = 'running', locked_by = ?1, locked_until = ?2, \
  attempts = attempts + 1, started_at = ?3 \
WHERE id = ( \
  WITH RECURSIVE heads(id, tenant_id, run_at) AS ( \
      SELECT id, tenant_id, run_at FROM jobs WHERE id = ( \
        SELECT id FROM jobs g WHERE status = 'queued' AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.dedupe_key = g.dedupe_key \
         AND r.status = 'running' AND r.locked_until >= ?3) \
        ORDER BY tenant_id, run_at, id LIMIT 1) \
    UNION ALL \
      SELECT n.id, n.tenant_id, n.run_at FROM heads h JOIN jobs n ON n.id = ( \
        SELECT j.id FROM jobs j WHERE j.status = 'queued' AND j.tenant_id > h.tenant_id \
          AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.dedupe_key = j.dedupe_key \
         AND r.status = 'running' AND r.locked_until >= ?3) \
        ORDER BY j.tenant_id, j.run_at, j.id LIMIT 1) \
  ), \
  candidates(id, tenant_id, run_at) AS ( \
      SELECT id, tenant_id, run_at FROM heads WHERE run_at <= ?3 \
    UNION ALL \
      SELECT id, tenant_id, run_at FROM jobs WHERE status = 'running' AND locked_until < ?3 \
  ) \
  SELECT c.id FROM candidates c \
  ORDER BY \
    (SELECT count(*) FROM jobs b WHERE b.status = 'running' \
       AND b.tenant_id = c.tenant_id AND b.locked_until >= ?3), \
    (SELECT max(s.started_at) FROM jobs s \
       WHERE s.tenant_id = c.tenant_id AND s.started_at IS NOT NULL), \
    c.run_at, c.id \
  LIMIT 1 \
) \
RETURNING *";

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

impl Jobs<'_> {
    /// The newest sync job of a package (the one a package's page follows), if any.
    pub async fn latest_sync(&self, ctx: &Ctx, package_id: i64) -> ServiceResult<Option<Job>> {
        Ok(job::Entity::find()
            .filter(job::Column::TenantId.eq(ctx.tenant_id))
            .filter(job::Column::DedupeKey.eq(sync_key(package_id)))
            .order_by_desc(job::Column::Id)
            .one(self.s.db())
            .await?
            .map(Job::from))
    }
}
