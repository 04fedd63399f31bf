//! Queries: reads of customers, tokens, grants, packages, versions, tasks, downloads,
//! the audit log and the registry's counts. Each resolver reshapes its arguments, asks
//! the backend once with the caller's principal, and converts the answer.

use std::marker::PhantomData;

use async_graphql::{Context, ID, Object, Result};

use super::backend::Backend;
use super::error::{Gql, invalid};
use super::inputs::{AuditFilter, CustomerFilter, numeric_id, page_cost, paging};
use super::parts;
use super::types::{
    AuditEntry, Customer, DailyDownloads, Grant, Package, Paged, Stats, Task, Token, Version,
};

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
    #[graphql(complexity = "page_cost(per_page, child_complexity)")]
    async fn customers(
        &self,
        ctx: &Context<'_>,
        filter: Option<CustomerFilter>,
        page: Option<i64>,
        per_page: Option<i64>,
    ) -> Result<Paged<Customer>> {
        let (b, p) = parts::<B>(ctx)?;
        let req = paging(page, per_page)?;
        let filter = filter.unwrap_or_default().into();
        b.customers(p, &filter, req)
            .await
            .gql()
            .map(Paged::from_page)
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
    #[graphql(complexity = "page_cost(per_page, child_complexity)")]
    async fn customer_tokens(
        &self,
        ctx: &Context<'_>,
        customer: String,
        page: Option<i64>,
        per_page: Option<i64>,
    ) -> Result<Paged<Token>> {
        let (b, p) = parts::<B>(ctx)?;
        let req = paging(page, per_page)?;
        b.tokens(p, &customer, req)
            .await
            .gql()
            .map(Paged::from_page)
    }

    /// A customer's grants (`customer`: its id or unique name), by package name.
    #[graphql(complexity = "page_cost(per_page, child_complexity)")]
    async fn customer_grants(
        &self,
        ctx: &Context<'_>,
        customer: String,
        page: Option<i64>,
        per_page: Option<i64>,
    ) -> Result<Paged<Grant>> {
        let (b, p) = parts::<B>(ctx)?;
        let req = paging(page, per_page)?;
        b.grants(p, &customer, req)
            .await
            .gql()
            .map(Paged::from_page)
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
    #[graphql(complexity = "page_cost(per_page, child_complexity)")]
    async fn packages(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        page: Option<i64>,
        per_page: Option<i64>,
    ) -> Result<Paged<Package>> {
        let (b, p) = parts::<B>(ctx)?;
        let req = paging(page, per_page)?;
        b.packages(p, search.as_deref(), req)
            .await
            .gql()
            .map(Paged::from_page)
    }

    /// A package's versions, newest release first.
    #[graphql(complexity = "page_cost(per_page, child_complexity)")]
    async fn package_versions(
        &self,
        ctx: &Context<'_>,
        name: String,
        page: Option<i64>,
        per_page: Option<i64>,
    ) -> Result<Paged<Version>> {
        let (b, p) = parts::<B>(ctx)?;
        let req = paging(page, per_page)?;
        b.versions(p, &name, req).await.gql().map(Paged::from_page)
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
    #[graphql(complexity = "page_cost(per_page, child_complexity)")]
    async fn audit_logs(
        &self,
        ctx: &Context<'_>,
        filter: Option<AuditFilter>,
        page: Option<i64>,
        per_page: Option<i64>,
    ) -> Result<Paged<AuditEntry>> {
        let (b, p) = parts::<B>(ctx)?;
        let req = paging(page, per_page)?;
        let filter = filter.unwrap_or_default().into();
        b.audit(p, &filter, req).await.gql().map(Paged::from_page)
    }

    /// What the registry holds, and its downloads.
    async fn stats(&self, ctx: &Context<'_>) -> Result<Stats> {
        let (b, p) = parts::<B>(ctx)?;
        b.stats(p).await.gql().map(Into::into)
    }
}
