//! Admin tokens: the credentials of this API, at owner, admin or viewer level. Only an
//! owner may list, issue or revoke them.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::support::{AdminAuth, ApiResult, Doc, Tag, Text, ok, page_schema, paging, text};
use crate::service::Services;
use crate::service::admin_tokens::{AdminTokenInfo, IssuedAdminToken};
use crate::service::page::Page;

page_schema!(AdminTokenPage, AdminTokenInfo, "A page of admin tokens.");

/// An admin token to issue.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct AdminTokenInput {
    /// `owner`, `admin` or `viewer`.
    pub level: Text,
    pub name: Option<Text>,
    /// Valid in every tenant instead of the one called (the deployment's operator
    /// only); at owner level it manages tenants too. Default: false.
    pub platform: Option<bool>,
}

#[derive(ApiResponse)]
pub enum Issued {
    /// The token and its secret (shown only now).
    #[oai(status = 201)]
    Created(Json<Doc<IssuedAdminToken>>),
}

pub struct Api {
    pub s: Services,
}

#[OpenApi(tag = "Tag::AdminTokens")]
impl Api {
    /// List admin tokens
    #[oai(
        path = "/admin-tokens",
        method = "get",
        operation_id = "listAdminTokens"
    )]
    async fn list(
        &self,
        auth: AdminAuth,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<AdminTokenInfo>, AdminTokenPage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(self.s.admin_tokens().page(&auth.0, req).await?)
    }

    /// Issue an admin token
    #[oai(
        path = "/admin-tokens",
        method = "post",
        operation_id = "issueAdminToken"
    )]
    async fn issue(&self, auth: AdminAuth, input: Json<AdminTokenInput>) -> ApiResult<Issued> {
        let i = input.0;
        let name = text(i.name);
        let tokens = self.s.admin_tokens();
        let issued = if i.platform == Some(true) {
            tokens
                .issue_platform(&auth.0, &i.level.0, name.as_deref())
                .await?
        } else {
            tokens.issue(&auth.0, &i.level.0, name.as_deref()).await?
        };
        Ok(Issued::Created(Json(Doc::new(issued))))
    }

    /// Revoke an admin token
    #[oai(
        path = "/admin-tokens/:id/revoke",
        method = "post",
        operation_id = "revokeAdminToken"
    )]
    async fn revoke(&self, auth: AdminAuth, id: Path<i64>) -> ApiResult<Json<Doc<AdminTokenInfo>>> {
        ok(self.s.admin_tokens().revoke(&auth.0, id.0).await?)
    }
}
