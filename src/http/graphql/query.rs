//! Queries: reads of customers, tokens, grants, packages, versions, tasks, downloads,
//! the audit log, the registry's counts, the proxy's status (its resolver in
//! `proxy.rs`), the deployment's tenants (in `tenants.rs`) and what a customer sees
//! (in `preview.rs`). Each resolver reshapes
//! its arguments, asks the backend once with the caller's principal, and converts the
//! answer; lists answer Relay connections read with `first`/`after`
//! ([`super::connection`]).

use std::marker::PhantomData;

use async_graphql::{Context, ID, Object, Result};

use super::backend::Backend;
use super::connection::{Connection, connection, page_cost, window};
use super::error::{Gql, invalid};
use super::inputs::{AuditFilter, CustomerFilter, numeric_id};
use super::types::{
    AuditEntry, Customer, DailyDownloads, Grant, Package, Stats, Task, Token, Version,
};
use super::{parts, preview, proxy, tenants};

/// Days of download history answered when none are asked for.
const DEFAULT_DAYS: i64 = 30;

pub struct Query<B>(PhantomData<fn() -> B>);

impl<B> Default for Query<B> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

#[Object]
impl<B: Backend> Query<B> {
    /// A customer by id or by name (give one).
    async fn customer(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        name: Option<String>,
    ) -> Result<Customer> {
        let (b, p) = parts::<B>(ctx)?;
        let reference = match (id, name) {
            (Some(id), None) => numeric_id("id", &id)?.to_string(),
            (None, Some(name)) => name,
            _ => return Err(invalid("id", "give either the customer's id or its name")),
        };
        b.customer(p, &reference).await.gql().map(Into::into)
    }

    /// Customers by name; `filter` selects by status or text.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn customers(
        &self,
        ctx: &Context<'_>,
        filter: Option<CustomerFilter>,
        first: Option<i64>,
        after: Option<String>,
    ) -> Result<Connection<Customer>> {
        let (b, p) = parts::<B>(ctx)?;
        let w = window(first, after.as_deref())?;
        let filter = filter.unwrap_or_default().into();
        b.customers(p, &filter, w.request())
            .await
            .gql()
            .map(|page| connection(w, page))
    }

    /// The customer with this id in your billing system.
    async fn customer_by_external_id(
        &self,
        ctx: &Context<'_>,
        external_id: String,
    ) -> Result<Customer> {
        let (b, p) = parts::<B>(ctx)?;
        b.customer_by_external_id(p, &external_id)
            .await
            .gql()
            .map(Into::into)
    }

    /// A customer's tokens (`customer`: its id or unique name), newest first, revoked
    /// and expired ones included.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn customer_tokens(
        &self,
        ctx: &Context<'_>,
        customer: String,
        first: Option<i64>,
        after: Option<String>,
    ) -> Result<Connection<Token>> {
        let (b, p) = parts::<B>(ctx)?;
        let w = window(first, after.as_deref())?;
        b.tokens(p, &customer, w.request())
            .await
            .gql()
            .map(|page| connection(w, page))
    }

    /// A customer's grants (`customer`: its id or unique name), by package name.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn customer_grants(
        &self,
        ctx: &Context<'_>,
        customer: String,
        first: Option<i64>,
        after: Option<String>,
    ) -> Result<Connection<Grant>> {
        let (b, p) = parts::<B>(ctx)?;
        let w = window(first, after.as_deref())?;
        b.grants(p, &customer, w.request())
            .await
            .gql()
            .map(|page| connection(w, page))
    }

    /// What the customer sees: every granted package with each of its versions (newest
    /// first) visible or not, and why not, exactly as its Composer is served; with
    /// `tokenId`, that token's package globs apply too.
    async fn customer_view(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        token_id: Option<ID>,
    ) -> Result<preview::CustomerView> {
        preview::customer_view::<B>(ctx, customer_id, token_id).await
    }

    /// Which versions of `package` would appear or disappear for the customer if it
    /// were granted with `constraint`; nothing is saved.
    async fn grant_preview(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        package: String,
        constraint: String,
        token_id: Option<ID>,
    ) -> Result<preview::GrantPreview> {
        preview::grant_preview::<B>(ctx, customer_id, package, constraint, token_id).await
    }

    /// A customer token by id.
    async fn token(&self, ctx: &Context<'_>, id: ID) -> Result<Token> {
        let (b, p) = parts::<B>(ctx)?;
        let id = numeric_id("id", &id)?;
        b.token(p, id).await.gql().map(Into::into)
    }

    /// A package by name (`vendor/package`).
    async fn package(&self, ctx: &Context<'_>, name: String) -> Result<Package> {
        let (b, p) = parts::<B>(ctx)?;
        b.package(p, &name).await.gql().map(Into::into)
    }

    /// Packages by name; `search` keeps those whose name contains the text.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn packages(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        first: Option<i64>,
        after: Option<String>,
    ) -> Result<Connection<Package>> {
        let (b, p) = parts::<B>(ctx)?;
        let w = window(first, after.as_deref())?;
        b.packages(p, search.as_deref(), w.request())
            .await
            .gql()
            .map(|page| connection(w, page))
    }

    /// A package's versions, newest release first.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn package_versions(
        &self,
        ctx: &Context<'_>,
        name: String,
        first: Option<i64>,
        after: Option<String>,
    ) -> Result<Connection<Version>> {
        let (b, p) = parts::<B>(ctx)?;
        let w = window(first, after.as_deref())?;
        b.versions(p, &name, w.request())
            .await
            .gql()
            .map(|page| connection(w, page))
    }

    /// A queued task (a sync) by id.
    async fn task(&self, ctx: &Context<'_>, id: ID) -> Result<Task> {
        let (b, p) = parts::<B>(ctx)?;
        let id = numeric_id("id", &id)?;
        b.task(p, id).await.gql().map(Into::into)
    }

    /// Installs per day over the last `days` days (1 to 366, today included), of one
    /// package or of all.
    async fn download_stats(
        &self,
        ctx: &Context<'_>,
        package: Option<String>,
        days: Option<i64>,
    ) -> Result<Vec<DailyDownloads>> {
        let (b, p) = parts::<B>(ctx)?;
        // Out of range becomes 0, which the service refuses with the field named.
        let days = u32::try_from(days.unwrap_or(DEFAULT_DAYS)).unwrap_or(0);
        let list = b.downloads(p, package.as_deref(), days).await.gql()?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// Audit entries, newest first.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn audit_logs(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilter>,
        first: Option<i64>,
        after: Option<String>,
    ) -> Result<Connection<AuditEntry>> {
        let (b, p) = parts::<B>(ctx)?;
        let w = window(first, after.as_deref())?;
        let filter = filter.unwrap_or_default().into();
        b.audit(p, &filter, w.request())
            .await
            .gql()
            .map(|page| connection(w, page))
    }

    /// What the registry holds, and its downloads.
    async fn stats(&self, ctx: &Context<'_>) -> Result<Stats> {
        let (b, p) = parts::<B>(ctx)?;
        b.stats(p).await.gql().map(Into::into)
    }

    /// Whether the proxy serves public packages, its upstreams, cache use and frozen
    /// packages; with per-upstream counts (`stats`) and the open alerts (`openAlerts`).
    async fn proxy_status(&self, ctx: &Context<'_>) -> Result<proxy::ProxyStatus> {
        proxy::status::<B>(ctx).await
    }

    /// The deployment's tenants by slug (its operator only).
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn tenants(
        &self,
        ctx: &Context<'_>,
        first: Option<i64>,
        after: Option<String>,
    ) -> Result<Connection<tenants::Tenant>> {
        tenants::list::<B>(ctx, first, after).await
    }

    /// A tenant by slug (the deployment's operator only).
    async fn tenant(&self, ctx: &Context<'_>, slug: String) -> Result<tenants::Tenant> {
        tenants::get::<B>(ctx, &slug).await
    }

    /// What a tenant uses: packages, versions, customers, storage, bandwidth and
    /// installs (the deployment's operator only).
    async fn tenant_usage(&self, ctx: &Context<'_>, slug: String) -> Result<tenants::TenantUsage> {
        tenants::usage::<B>(ctx, &slug).await
    }
}
