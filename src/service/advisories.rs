//! Security advisories recorded by the vendor for its own packages, answered to
//! `composer audit` through the repository's security-advisories API.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Entry};
use super::grants::find_package;
use super::page::{Page, PageRequest};
use super::{Ctx, ServiceError, ServiceResult, Services, clean_optional, clean_text, now};
use crate::db::entities::security_advisory;
use crate::domain::semver::Constraint;

#[derive(Debug, Clone, Default)]
pub struct NewAdvisory {
    pub package: String,
    pub title: String,
    /// Composer constraint of the affected versions, e.g. `>=1.0,<1.4.2`.
    pub affected_versions: String,
    /// Own id; generated (`CMSA-…`) when missing.
    pub advisory_id: Option<String>,
    pub cve: Option<String>,
    pub link: Option<String>,
    pub severity: Option<String>,
    pub reported_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct Advisory {
    pub advisory_id: String,
    pub package: String,
    pub title: String,
    pub affected_versions: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub cve: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub severity: Option<String>,
    pub reported_at: DateTime<Utc>,
}

impl From<security_advisory::Model> for Advisory {
    fn from(a: security_advisory::Model) -> Self {
        Self {
            advisory_id: a.advisory_id,
            package: a.package_name,
            title: a.title,
            affected_versions: a.affected_versions,
            cve: a.cve,
            link: a.link,
            severity: a.severity,
            reported_at: a.reported_at,
        }
    }
}

const SEVERITIES: [&str; 4] = ["low", "medium", "high", "critical"];

pub struct Advisories<'a> {
    s: &'a Services,
}

impl Services {
    pub fn advisories(&self) -> Advisories<'_> {
        Advisories { s: self }
    }
}

impl Advisories<'_> {
    pub async fn add(&self, ctx: &Ctx, input: NewAdvisory) -> ServiceResult<Advisory> {
        ctx.may_change()?;
        let title = clean_text("title", &input.title, 500)?;
        let affected = input.affected_versions.trim().to_string();
        Constraint::parse(&affected).map_err(|e| {
            ServiceError::field(
                "affected_versions",
                format!(
                    "invalid affected versions \"{affected}\": {e} (e.g. >=1.0,<1.4.2 or <2.0|>=3.0,<3.1)"
                ),
            )
        })?;
        let severity =
            clean_optional("severity", input.severity.as_deref(), 20)?.map(|s| s.to_lowercase());
        if let Some(sev) = &severity
            && !SEVERITIES.contains(&sev.as_str())
        {
            return Err(ServiceError::field(
                "severity",
                format!("unknown severity \"{sev}\" (accepted: low, medium, high, critical)"),
            ));
        }
        let id = match clean_optional("advisory_id", input.advisory_id.as_deref(), 100)? {
            Some(id) => id,
            None => format!("CMSA-{}", now().format("%Y%m%d%H%M%S%6f")),
        };
        let txn = self.s.begin().await?;
        let pkg = find_package(&txn, ctx, &input.package).await?;
        let row = security_advisory::ActiveModel {
            tenant_id: Set(ctx.tenant_id),
            advisory_id: Set(id.clone()),
            package_name: Set(pkg.name.clone()),
            title: Set(title),
            link: Set(clean_optional("link", input.link.as_deref(), 1000)?),
            cve: Set(clean_optional("cve", input.cve.as_deref(), 50)?),
            affected_versions: Set(affected),
            severity: Set(severity),
            sources: Set(json!([{"name": "cargoman", "remoteId": id}]).to_string()),
            reported_at: Set(input.reported_at.unwrap_or_else(now)),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| ServiceError::on_conflict(e, format!("advisory {id} already exists")))?;
        audit::record(
            &txn,
            ctx,
            Entry::new("advisory.add", "package", &pkg.name).details(json!({"advisory": id})),
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn list(&self, ctx: &Ctx, package: Option<&str>) -> ServiceResult<Vec<Advisory>> {
        Ok(self
            .page(ctx, package, PageRequest::everything())
            .await?
            .data)
    }

    /// A page of the advisories (of `package` only, when given), newest first.
    pub async fn page(
        &self,
        ctx: &Ctx,
        package: Option<&str>,
        req: PageRequest,
    ) -> ServiceResult<Page<Advisory>> {
        let mut q = security_advisory::Entity::find()
            .filter(security_advisory::Column::TenantId.eq(ctx.tenant_id));
        if let Some(p) = package {
            let pkg = find_package(self.s.db(), ctx, p).await?;
            q = q.filter(security_advisory::Column::PackageName.eq(pkg.name));
        }
        let q = q
            .order_by_desc(security_advisory::Column::ReportedAt)
            .order_by_desc(security_advisory::Column::Id);
        let page = super::page::fetch(self.s.db(), q, req).await?;
        Ok(page.map(Advisory::from))
    }

    pub async fn delete(&self, ctx: &Ctx, advisory_id: &str) -> ServiceResult<Advisory> {
        ctx.may_change()?;
        let txn = self.s.begin().await?;
        let row = security_advisory::Entity::find()
            .filter(security_advisory::Column::TenantId.eq(ctx.tenant_id))
            .filter(security_advisory::Column::AdvisoryId.eq(advisory_id))
            .one(&txn)
            .await?
            .ok_or_else(|| ServiceError::not_found("advisory", advisory_id))?;
        security_advisory::Entity::delete_by_id(row.id)
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("advisory.delete", "package", &row.package_name)
                .details(json!({"advisory": advisory_id})),
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }
}
