//! `/tenants`: the registries of a multi-tenant deployment — add, list, show, rename,
//! suspend, reactivate, delete, their custom domains, webhook secrets and usage. Only
//! the deployment's operator (`ADMIN_TOKEN`, a platform-wide owner token) may call
//! these; a tenant's own credentials get 403.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::support::{AdminAuth, ApiResult, Doc, Tag, Text, ok, page_schema, paging, text};
use crate::service::Services;
use crate::service::page::Page;
use crate::service::tenants::{NewTenant, Tenant, TenantWithSecret};
use crate::service::usage::TenantUsage;

page_schema!(TenantPage, Tenant, "A page of tenants.");

/// A tenant to add.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct TenantInput {
    /// A DNS label (a-z, 0-9 and `-`): the tenant answers at
    /// `{slug}{TENANT_SUBDOMAIN_SUFFIX}`.
    pub slug: Text,
    /// Display name (default: the slug).
    pub name: Option<Text>,
    /// Custom domains that select the tenant by Host.
    #[oai(default)]
    pub domains: Vec<Text>,
}

/// Changes to a tenant.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct TenantPatch {
    pub name: Text,
}

/// Why a tenant is suspended (kept in the audit log, shown to its clients).
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct SuspendInput {
    pub reason: Option<Text>,
}

/// A custom domain to map to a tenant.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct DomainInput {
    /// A host name, without scheme or port (e.g. `composer.acme.com`).
    pub domain: Text,
}

#[derive(ApiResponse)]
pub enum Created {
    /// The tenant, with its webhook secret (shown only now).
    #[oai(status = 201)]
    Created(Json<Doc<TenantWithSecret>>),
}

#[derive(ApiResponse)]
pub enum DomainAdded {
    /// The tenant with the domain.
    #[oai(status = 201)]
    Created(Json<Doc<Tenant>>),
}

pub struct Api {
    pub s: Services,
}

#[OpenApi(tag = "Tag::Tenants")]
impl Api {
    /// List tenants
    ///
    /// By slug, with their domains.
    #[oai(path = "/tenants", method = "get", operation_id = "listTenants")]
    async fn list(
        &self,
        auth: AdminAuth,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<Tenant>, TenantPage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(self.s.tenants().page(&auth.0, req).await?)
    }

    /// Add a tenant
    ///
    /// Answers its webhook secret, which is shown only now.
    #[oai(path = "/tenants", method = "post", operation_id = "createTenant")]
    async fn create(&self, auth: AdminAuth, input: Json<TenantInput>) -> ApiResult<Created> {
        let i = input.0;
        let new = NewTenant {
            slug: i.slug.0,
            name: text(i.name),
            domains: i.domains.into_iter().map(String::from).collect(),
        };
        let created = self.s.tenants().add(&auth.0, new).await?;
        Ok(Created::Created(Json(Doc::new(created))))
    }

    /// Show a tenant
    #[oai(path = "/tenants/:slug", method = "get", operation_id = "getTenant")]
    async fn get(&self, auth: AdminAuth, slug: Path<String>) -> ApiResult<Json<Doc<Tenant>>> {
        ok(self.s.tenants().show(&auth.0, &slug.0).await?)
    }

    /// Rename a tenant
    ///
    /// Its slug, which hosts name, stays.
    #[oai(
        path = "/tenants/:slug",
        method = "patch",
        operation_id = "updateTenant"
    )]
    async fn update(
        &self,
        auth: AdminAuth,
        slug: Path<String>,
        patch: Json<TenantPatch>,
    ) -> ApiResult<Json<Doc<Tenant>>> {
        ok(self
            .s
            .tenants()
            .rename(&auth.0, &slug.0, &patch.0.name.0)
            .await?)
    }

    /// Delete a tenant
    ///
    /// With every row it owns (customers, tokens, packages, grants, its admin tokens,
    /// its audit log…) and its stored archives. The default tenant cannot be deleted.
    #[oai(
        path = "/tenants/:slug",
        method = "delete",
        operation_id = "deleteTenant"
    )]
    async fn delete(&self, auth: AdminAuth, slug: Path<String>) -> ApiResult<Json<Doc<Tenant>>> {
        ok(self.s.tenants().delete(&auth.0, &slug.0).await?)
    }

    /// Suspend a tenant
    ///
    /// Every request to it is refused (403, with the reason) by every server before
    /// this answers. The default tenant cannot be suspended.
    #[oai(
        path = "/tenants/:slug/suspend",
        method = "post",
        operation_id = "suspendTenant"
    )]
    async fn suspend(
        &self,
        auth: AdminAuth,
        slug: Path<String>,
        input: Json<SuspendInput>,
    ) -> ApiResult<Json<Doc<Tenant>>> {
        let reason = text(input.0.reason);
        ok(self.s.tenants().suspend(&auth.0, &slug.0, reason).await?)
    }

    /// Reactivate a tenant
    #[oai(
        path = "/tenants/:slug/reactivate",
        method = "post",
        operation_id = "reactivateTenant"
    )]
    async fn reactivate(
        &self,
        auth: AdminAuth,
        slug: Path<String>,
    ) -> ApiResult<Json<Doc<Tenant>>> {
        ok(self.s.tenants().reactivate(&auth.0, &slug.0).await?)
    }

    /// Add a custom domain
    ///
    /// A domain selects one tenant only.
    #[oai(
        path = "/tenants/:slug/domains",
        method = "post",
        operation_id = "addTenantDomain"
    )]
    async fn add_domain(
        &self,
        auth: AdminAuth,
        slug: Path<String>,
        input: Json<DomainInput>,
    ) -> ApiResult<DomainAdded> {
        let t = self
            .s
            .tenants()
            .domain_add(&auth.0, &slug.0, &input.0.domain.0)
            .await?;
        Ok(DomainAdded::Created(Json(Doc::new(t))))
    }

    /// Remove a custom domain
    #[oai(
        path = "/tenants/:slug/domains/:domain",
        method = "delete",
        operation_id = "removeTenantDomain"
    )]
    async fn remove_domain(
        &self,
        auth: AdminAuth,
        slug: Path<String>,
        domain: Path<String>,
    ) -> ApiResult<Json<Doc<Tenant>>> {
        ok(self
            .s
            .tenants()
            .domain_remove(&auth.0, &slug.0, &domain.0)
            .await?)
    }

    /// Show what a tenant uses
    ///
    /// Packages, versions, customers, stored bytes, archive bytes served and installs.
    #[oai(
        path = "/tenants/:slug/usage",
        method = "get",
        operation_id = "getTenantUsage"
    )]
    async fn usage(
        &self,
        auth: AdminAuth,
        slug: Path<String>,
    ) -> ApiResult<Json<Doc<TenantUsage>>> {
        ok(self.s.tenants().usage(&auth.0, &slug.0).await?)
    }

    /// Rotate a tenant's webhook secret
    ///
    /// Answers the new secret, shown only now; the old one stops verifying deliveries.
    #[oai(
        path = "/tenants/:slug/webhook-secret/rotate",
        method = "post",
        operation_id = "rotateTenantWebhookSecret"
    )]
    async fn rotate_webhook_secret(
        &self,
        auth: AdminAuth,
        slug: Path<String>,
    ) -> ApiResult<Json<Doc<TenantWithSecret>>> {
        ok(self
            .s
            .tenants()
            .rotate_webhook_secret(&auth.0, &slug.0)
            .await?)
    }
}
