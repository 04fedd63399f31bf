//! The job queue: background work (package syncs, clean-ups) kept in the database so
//! it survives a restart, and claimed atomically so that several `serve` processes on
//! one PostgreSQL never run the same job twice.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, Set, Statement,
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
    pub async fn enqueue(
        &self,
        tenant_id: i64,
        kind: JobKind,
        payload: serde_json::Value,
        dedupe_key: Option<String>,
    ) -> ServiceResult<i64> {
        let txn = self.s.begin().await?;
        if let Some(key) = &dedupe_key {
            let waiting = job::Entity::find()
                .filter(job::Column::DedupeKey.eq(key.as_str()))
                .filter(job::Column::Status.eq("queued"))
                .one(&txn)
                .await?;
            if let Some(j) = waiting {
                return Ok(j.id);
            }
        }
        let at = now();
        let row = job::ActiveModel {
            tenant_id: Set(tenant_id),
            kind: Set(kind.as_str().into()),
            payload: Set(payload.to_string()),
            dedupe_key: Set(dedupe_key),
            status: Set("queued".into()),
            attempts: Set(0),
            max_attempts: Set(3),
            run_at: Set(at),
            locked_by: Set(None),
            locked_until: Set(None),
            last_error: Set(None),
            created_at: Set(at),
            started_at: Set(None),
            finished_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        self.s.notify_jobs();
        Ok(row.id)
    }

    /// Takes the next due job (or one whose lease ran out because its worker died) for
    /// `worker`, leasing it for `lease`. The claim is one statement, so two processes
    /// can never take the same job.
    pub async fn claim(&self, worker: &str, lease: Duration) -> ServiceResult<Option<job::Model>> {
        let db = self.s.db();
        let backend = db.get_database_backend();
        let at = now();
        let until = at + lease;
        let (sql, values): (&str, Vec<sea_orm::Value>) = match backend {
            DatabaseBackend::Postgres => (
                "UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2, \
                 attempts = attempts + 1, started_at = $3 \
                 WHERE id = (SELECT id FROM jobs \
                   WHERE (status = 'queued' AND run_at <= $3) OR (status = 'running' AND locked_until < $3) \
                   ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING *",
                vec![worker.into(), until.into(), at.into()],
            ),
            _ => (
                "UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, \
                 attempts = attempts + 1, started_at = ? \
                 WHERE id = (SELECT id FROM jobs \
                   WHERE (status = 'queued' AND run_at <= ?) OR (status = 'running' AND locked_until < ?) \
                   ORDER BY run_at, id LIMIT 1) \
                 RETURNING *",
                vec![worker.into(), until.into(), at.into(), at.into(), at.into()],
            ),
        };
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
    /// used its attempts, then it stays `failed` with the error.
    pub async fn fail(&self, job: &job::Model, worker: &str, error: &str) -> ServiceResult<()> {
        let at = now();
        let retry = job.attempts < job.max_attempts;
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
        update.exec(self.s.db()).await?;
        Ok(())
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
