//! The audit log: who changed what, when, from where, and why.

use poem_openapi::OpenApi;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;

use super::support::{AdminAuth, ApiResult, Doc, Tag, ok, page_schema, paging};
use crate::service::Services;
use crate::service::audit::{AuditEntry, AuditFilter};
use crate::service::page::Page;

page_schema!(AuditPage, AuditEntry, "A page of the audit log.");

pub struct Api {
    pub s: Services,
}

#[OpenApi(tag = "Tag::Audit")]
impl Api {
    /// List audit entries
    ///
    /// Newest first. `action` keeps actions starting with it (`customer.`), `target`
    /// and `actor` exact matches.
    #[oai(path = "/audit", method = "get", operation_id = "listAuditLog")]
    async fn list(
        &self,
        auth: AdminAuth,
        action: Query<Option<String>>,
        target: Query<Option<String>>,
        actor: Query<Option<String>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<AuditEntry>, AuditPage>>> {
        let req = paging(page.0, per_page.0)?;
        let filter = AuditFilter {
            action: action.0,
            target: target.0,
            actor: actor.0,
            limit: None,
        };
        ok(self.s.audit().page(&auth.0, &filter, req).await?)
    }
}
