//! The audit log: one row per change (actor, action, target, reason, time), written in
//! the same transaction as the change itself.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::page::{Page, PageRequest};
use super::{Ctx, ServiceResult, Services, now};
use crate::db::entities::audit_log;

/// One change to record.
pub struct Entry<'a> {
    pub action: &'a str,
    pub target_type: &'a str,
    pub target: String,
    pub reason: Option<String>,
    pub details: Option<serde_json::Value>,
}

impl<'a> Entry<'a> {
    pub fn new(action: &'a str, target_type: &'a str, target: impl Into<String>) -> Self {
        Self {
            action,
            target_type,
            target: target.into(),
            reason: None,
            details: None,
        }
    }

    pub fn reason(mut self, reason: Option<String>) -> Self {
        self.reason = reason;
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }
}

/// Writes `entry` on `conn` (the caller's transaction).
pub async fn record(conn: &impl ConnectionTrait, ctx: &Ctx, entry: Entry<'_>) -> ServiceResult<()> {
    audit_log::ActiveModel {
        tenant_id: Set(Some(ctx.tenant_id)),
        actor: Set(ctx.actor.name.clone()),
        action: Set(entry.action.to_string()),
        target_type: Set(entry.target_type.to_string()),
        target: Set(entry.target),
        reason: Set(entry.reason),
        ip: Set(ctx.actor.ip.clone()),
        details: Set(entry.details.map(|d| d.to_string())),
        at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target_type: String,
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub details: Option<serde_json::Value>,
}

impl From<audit_log::Model> for AuditEntry {
    fn from(m: audit_log::Model) -> Self {
        Self {
            id: m.id,
            at: m.at,
            actor: m.actor,
            action: m.action,
            target_type: m.target_type,
            target: m.target,
            reason: m.reason,
            ip: m.ip,
            details: m.details.and_then(|d| serde_json::from_str(&d).ok()),
        }
    }
}

/// Filters of [`Audit::list`].
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub target: Option<String>,
    pub actor: Option<String>,
    pub limit: Option<u64>,
}

pub struct Audit<'a> {
    s: &'a Services,
}

impl<'a> Audit<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    /// Newest first, at most `filter.limit` (100 by default).
    pub async fn list(&self, ctx: &Ctx, filter: &AuditFilter) -> ServiceResult<Vec<AuditEntry>> {
        let req = PageRequest {
            page: 1,
            per_page: Some(filter.limit.unwrap_or(100).clamp(1, 10_000)),
        };
        Ok(self.page(ctx, filter, req).await?.data)
    }

    /// A page of the entries `filter` selects (its `limit` is not used), newest first.
    pub async fn page(
        &self,
        ctx: &Ctx,
        filter: &AuditFilter,
        req: PageRequest,
    ) -> ServiceResult<Page<AuditEntry>> {
        let mut q = audit_log::Entity::find().filter(audit_log::Column::TenantId.eq(ctx.tenant_id));
        if let Some(a) = &filter.action {
            q = q.filter(audit_log::Column::Action.starts_with(a.as_str()));
        }
        if let Some(t) = &filter.target {
            q = q.filter(audit_log::Column::Target.eq(t.as_str()));
        }
        if let Some(a) = &filter.actor {
            q = q.filter(audit_log::Column::Actor.eq(a.as_str()));
        }
        let q = q.order_by_desc(audit_log::Column::Id);
        let page = super::page::fetch(self.s.db(), q, req).await?;
        Ok(page.map(AuditEntry::from))
    }

    /// Deletes rows older than the retention; returns how many went.
    pub async fn purge_expired(&self, retention_days: u32) -> ServiceResult<u64> {
        if retention_days == 0 {
            return Ok(0);
        }
        let cutoff = now() - chrono::Duration::days(i64::from(retention_days));
        let res = audit_log::Entity::delete_many()
            .filter(audit_log::Column::At.lt(cutoff))
            .exec(self.s.db())
            .await?;
        Ok(res.rows_affected)
    }
}
