//! Tenants: the default one of single mode, and lookup by slug for `--tenant`.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;

use super::{Actor, Ctx, ServiceError, ServiceResult, Services};
use crate::db::entities::tenant;

pub const DEFAULT_SLUG: &str = "default";

#[derive(Debug, Clone, Serialize)]
pub struct Tenant {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub status: String,
}

pub struct Tenants<'a> {
    s: &'a Services,
}

impl<'a> Tenants<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    pub async fn by_slug(&self, slug: &str) -> ServiceResult<Tenant> {
        let row = tenant::Entity::find()
            .filter(tenant::Column::Slug.eq(slug))
            .one(self.s.db())
            .await?
            .ok_or_else(|| ServiceError::not_found("tenant", slug))?;
        Ok(Tenant {
            id: row.id,
            slug: row.slug,
            name: row.name,
            status: row.status,
        })
    }

    /// The context for `actor` in the tenant named `slug` (the default one when None).
    pub async fn context(&self, slug: Option<&str>, actor: Actor) -> ServiceResult<Ctx> {
        let tenant = self.by_slug(slug.unwrap_or(DEFAULT_SLUG)).await?;
        Ok(Ctx::new(tenant.id, actor))
    }
}

/// Id of the default tenant (seeded by the first migration).
pub(crate) async fn default_id(conn: &impl ConnectionTrait) -> ServiceResult<i64> {
    tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(DEFAULT_SLUG))
        .one(conn)
        .await?
        .map(|t| t.id)
        .ok_or_else(|| {
            ServiceError::Internal("the default tenant is missing: run `cargoman migrate`".into())
        })
}
