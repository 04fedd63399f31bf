//! Customer tokens: issue (the secret is answered once, with the Composer set-up for the
//! URL the registry is reached at), list, show, rotate and revoke.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem::Request;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::support::{AdminAuth, ApiResult, Doc, Tag, Text, ok, page_schema, paging, text};
use crate::http::HttpState;
use crate::service::Services;
use crate::service::page::Page;
use crate::service::tokens::{IssuedSetup, TokenInfo, TokenRequest};

page_schema!(TokenPage, TokenInfo, "A page of customer tokens.");

/// A token to issue.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct TokenInput {
    /// A label for the customer's records (`ci`, `laptop`…).
    pub name: Option<Text>,
    /// `download` (default): metadata and archives; `metadata`: metadata only.
    pub scope: Option<Text>,
    /// Limits the token to package names matching one of these globs (`acme/*`);
    /// none: every package granted to the customer.
    #[oai(default)]
    pub package_globs: Vec<Text>,
    /// The token stops working this many days from now (1 to 36500).
    pub expires_in_days: Option<u32>,
    /// Or at this time.
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(ApiResponse)]
pub enum Issued {
    /// The token, its secret (shown only now) and the Composer set-up.
    #[oai(status = 201)]
    Created(Json<Doc<IssuedSetup>>),
}

pub struct Api {
    pub s: Services,
}

/// The repository URL of the registry as this request reached it.
fn repository_url(req: &Request, s: &Services) -> String {
    match req.data::<Arc<HttpState>>() {
        Some(state) => state.base_url_of(req).url.to_string(),
        None => s.repository_url(),
    }
}

#[OpenApi(tag = "Tag::Tokens")]
impl Api {
    /// List a customer's tokens
    ///
    /// Newest first, revoked and expired ones included; secrets are never shown again.
    #[oai(
        path = "/customers/:customer/tokens",
        method = "get",
        operation_id = "listCustomerTokens"
    )]
    async fn list(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<TokenInfo>, TokenPage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(self.s.tokens().page(&auth.0, &customer.0, req).await?)
    }

    /// Issue a customer token
    #[oai(
        path = "/customers/:customer/tokens",
        method = "post",
        operation_id = "issueCustomerToken"
    )]
    async fn issue(
        &self,
        req: &Request,
        auth: AdminAuth,
        customer: Path<String>,
        input: Json<TokenInput>,
    ) -> ApiResult<Issued> {
        let input = input.0;
        let request = TokenRequest {
            customer: customer.0,
            name: text(input.name),
            scope: text(input.scope),
            package_globs: input.package_globs.into_iter().map(String::from).collect(),
            expires_in_days: input.expires_in_days,
            expires_at: input.expires_at,
        };
        let issued = self.s.tokens().issue(&auth.0, request).await?;
        let setup = issued.with_setup(&repository_url(req, &self.s));
        Ok(Issued::Created(Json(Doc::new(setup))))
    }

    /// Show a customer token
    #[oai(
        path = "/tokens/:id",
        method = "get",
        operation_id = "getCustomerToken"
    )]
    async fn get(&self, auth: AdminAuth, id: Path<i64>) -> ApiResult<Json<Doc<TokenInfo>>> {
        ok(self.s.tokens().show(&auth.0, id.0).await?)
    }

    /// Rotate a customer token
    ///
    /// A new secret for the same token; the old secret is refused by every server
    /// before this answers.
    #[oai(
        path = "/tokens/:id/rotate",
        method = "post",
        operation_id = "rotateCustomerToken"
    )]
    async fn rotate(
        &self,
        req: &Request,
        auth: AdminAuth,
        id: Path<i64>,
    ) -> ApiResult<Json<Doc<IssuedSetup>>> {
        let issued = self.s.tokens().rotate(&auth.0, id.0).await?;
        ok(issued.with_setup(&repository_url(req, &self.s)))
    }

    /// Revoke a customer token
    ///
    /// Refused by every server before this answers.
    #[oai(
        path = "/tokens/:id/revoke",
        method = "post",
        operation_id = "revokeCustomerToken"
    )]
    async fn revoke(&self, auth: AdminAuth, id: Path<i64>) -> ApiResult<Json<Doc<TokenInfo>>> {
        ok(self.s.tokens().revoke(&auth.0, id.0).await?)
    }
}
