//! Security advisories that `composer audit` is answered with.

use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::support::{AdminAuth, ApiResult, Doc, Tag, Text, ok, page_schema, paging, text};
use crate::service::Services;
use crate::service::advisories::{Advisory, NewAdvisory};
use crate::service::page::Page;

page_schema!(AdvisoryPage, Advisory, "A page of advisories.");

/// An advisory to record.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct AdvisoryInput {
    /// `vendor/package`, hosted here.
    pub package: Text,
    pub title: Text,
    /// Composer constraint of the affected versions, e.g. `>=1.0,<1.4.2`.
    pub affected_versions: Text,
    /// Your id for it; generated (`CMSA-…`) when missing.
    pub advisory_id: Option<Text>,
    pub cve: Option<Text>,
    pub link: Option<Text>,
    /// `low`, `medium`, `high` or `critical`.
    pub severity: Option<Text>,
    pub reported_at: Option<DateTime<Utc>>,
}

#[derive(ApiResponse)]
pub enum Created {
    /// The advisory was recorded.
    #[oai(status = 201)]
    Created(Json<Doc<Advisory>>),
}

pub struct Api {
    pub s: Services,
}

#[OpenApi(tag = "Tag::Advisories")]
impl Api {
    /// List advisories
    ///
    /// Newest first; `package` keeps those of one package.
    #[oai(path = "/advisories", method = "get", operation_id = "listAdvisories")]
    async fn list(
        &self,
        auth: AdminAuth,
        package: Query<Option<String>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<Advisory>, AdvisoryPage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(self
            .s
            .advisories()
            .page(&auth.0, package.0.as_deref(), req)
            .await?)
    }

    /// Record an advisory
    #[oai(path = "/advisories", method = "post", operation_id = "addAdvisory")]
    async fn add(&self, auth: AdminAuth, input: Json<AdvisoryInput>) -> ApiResult<Created> {
        let i = input.0;
        let new = NewAdvisory {
            package: i.package.0,
            title: i.title.0,
            affected_versions: i.affected_versions.0,
            advisory_id: text(i.advisory_id),
            cve: text(i.cve),
            link: text(i.link),
            severity: text(i.severity),
            reported_at: i.reported_at,
        };
        let a = self.s.advisories().add(&auth.0, new).await?;
        Ok(Created::Created(Json(Doc::new(a))))
    }

    /// Delete an advisory
    #[oai(
        path = "/advisories/:advisory_id",
        method = "delete",
        operation_id = "deleteAdvisory"
    )]
    async fn delete(
        &self,
        auth: AdminAuth,
        advisory_id: Path<String>,
    ) -> ApiResult<Json<Doc<Advisory>>> {
        ok(self.s.advisories().delete(&auth.0, &advisory_id.0).await?)
    }
}
