//! Grants: which packages a customer may install, with a Composer constraint on the
//! versions; and the reverse, who was granted a package.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::support::{AdminAuth, ApiResult, Doc, Tag, Text, ok, page_schema, paging, text};
use crate::service::Services;
use crate::service::grants::{Grant, Grantee};
use crate::service::page::Page;

page_schema!(GrantPage, Grant, "A page of a customer's grants.");
page_schema!(
    GranteePage,
    Grantee,
    "A page of the customers granted a package."
);

/// The versions a grant allows.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct GrantInput {
    /// A Composer constraint (`^2.0`, `~1.2`, `>=1.0 <3.0`, `dev-main`…); default `*`.
    pub constraint: Option<Text>,
}

/// One grant of a list that replaces them all.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct GrantItem {
    /// `vendor/package`.
    pub package: Text,
    pub constraint: Option<Text>,
}

/// Every grant the customer is to have (the others are revoked).
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct GrantList {
    pub grants: Vec<GrantItem>,
}

pub struct Api {
    pub s: Services,
}

#[OpenApi(tag = "Tag::Grants")]
impl Api {
    /// List a customer's grants
    #[oai(
        path = "/customers/:customer/grants",
        method = "get",
        operation_id = "listGrants"
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
    ) -> ApiResult<Json<Doc<Page<Grant>, GrantPage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(self.s.grants().page(&auth.0, &customer.0, req).await?)
    }

    /// Replace a customer's grants
    ///
    /// In one change: grants not listed are revoked (on every server before this
    /// answers).
    #[oai(
        path = "/customers/:customer/grants",
        method = "put",
        operation_id = "replaceGrants"
    )]
    async fn replace(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        input: Json<GrantList>,
    ) -> ApiResult<Json<Doc<Vec<Grant>>>> {
        let list: Vec<(String, Option<String>)> = input
            .0
            .grants
            .into_iter()
            .map(|g| (g.package.0, text(g.constraint)))
            .collect();
        ok(self.s.grants().replace(&auth.0, &customer.0, &list).await?)
    }

    /// Grant a package
    ///
    /// Or change the constraint of an existing grant.
    #[oai(
        path = "/customers/:customer/grants/:vendor/:package",
        method = "put",
        operation_id = "grantPackage"
    )]
    async fn grant(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        vendor: Path<String>,
        package: Path<String>,
        input: Json<GrantInput>,
    ) -> ApiResult<Json<Doc<Grant>>> {
        let name = format!("{}/{}", vendor.0, package.0);
        let constraint = text(input.0.constraint);
        ok(self
            .s
            .grants()
            .grant(&auth.0, &customer.0, &name, constraint.as_deref())
            .await?)
    }

    /// Revoke a grant
    ///
    /// The customer's Composer is refused the package by every server before this
    /// answers.
    #[oai(
        path = "/customers/:customer/grants/:vendor/:package",
        method = "delete",
        operation_id = "revokeGrant"
    )]
    async fn revoke(
        &self,
        auth: AdminAuth,
        customer: Path<String>,
        vendor: Path<String>,
        package: Path<String>,
    ) -> ApiResult<Json<Doc<Grant>>> {
        let name = format!("{}/{}", vendor.0, package.0);
        ok(self.s.grants().revoke(&auth.0, &customer.0, &name).await?)
    }

    /// List who was granted a package
    #[oai(
        path = "/packages/:vendor/:package/grantees",
        method = "get",
        operation_id = "listGrantees"
    )]
    async fn grantees(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<Grantee>, GranteePage>>> {
        let req = paging(page.0, per_page.0)?;
        let name = format!("{}/{}", vendor.0, package.0);
        ok(self.s.grants().grantees_page(&auth.0, &name, req).await?)
    }
}
