//! Tenants over GraphQL (the deployment's operator only): the `tenants` connection,
//! `tenant` and `tenantUsage`, and mutations to add, rename, suspend, reactivate and
//! delete tenants, map and unmap their domains and rotate their webhook secrets. The
//! root types declare these fields (in `query.rs` and `mutation.rs`) and call the
//! resolvers here, with the tenants' output and input types.

use async_graphql::{Context, Enum, ID, InputObject, Result, SimpleObject};
use chrono::{DateTime, Utc};

use super::backend::TenantBackend;
use super::connection::{Connection, connection, window};
use super::error::Gql;
use super::parts;
use crate::service::{tenants, usage};

/// `tenants`: by slug.
pub async fn list<B: TenantBackend>(
    ctx: &Context<'_>,
    first: Option<i64>,
    after: Option<String>,
) -> Result<Connection<Tenant>> {
    let (b, p) = parts::<B>(ctx)?;
    let w = window(first, after.as_deref())?;
    b.tenants(p, w.request())
        .await
        .gql()
        .map(|page| connection(w, page))
}

pub async fn get<B: TenantBackend>(ctx: &Context<'_>, slug: &str) -> Result<Tenant> {
    let (b, p) = parts::<B>(ctx)?;
    b.tenant(p, slug).await.gql().map(Into::into)
}

pub async fn usage<B: TenantBackend>(ctx: &Context<'_>, slug: &str) -> Result<TenantUsage> {
    let (b, p) = parts::<B>(ctx)?;
    b.tenant_usage(p, slug).await.gql().map(Into::into)
}

pub async fn add<B: TenantBackend>(
    ctx: &Context<'_>,
    input: AddTenantInput,
) -> Result<TenantWithSecret> {
    let (b, p) = parts::<B>(ctx)?;
    let new = tenants::NewTenant {
        slug: input.slug,
        name: input.name,
        domains: input.domains,
    };
    b.add_tenant(p, new).await.gql().map(Into::into)
}

/// What a mutation does to one tenant.
pub enum Change<'a> {
    Rename(&'a str),
    Suspend(Option<String>),
    Reactivate,
    Delete,
    AddDomain(&'a str),
    RemoveDomain(&'a str),
}

pub async fn change<B: TenantBackend>(
    ctx: &Context<'_>,
    slug: &str,
    change: Change<'_>,
) -> Result<Tenant> {
    let (b, p) = parts::<B>(ctx)?;
    let done = match change {
        Change::Rename(name) => b.rename_tenant(p, slug, name).await,
        Change::Suspend(reason) => b.suspend_tenant(p, slug, reason).await,
        Change::Reactivate => b.reactivate_tenant(p, slug).await,
        Change::Delete => b.delete_tenant(p, slug).await,
        Change::AddDomain(domain) => b.add_tenant_domain(p, slug, domain).await,
        Change::RemoveDomain(domain) => b.remove_tenant_domain(p, slug, domain).await,
    };
    done.gql().map(Into::into)
}

pub async fn rotate_webhook_secret<B: TenantBackend>(
    ctx: &Context<'_>,
    slug: &str,
) -> Result<TenantWithSecret> {
    let (b, p) = parts::<B>(ctx)?;
    b.rotate_tenant_webhook_secret(p, slug)
        .await
        .gql()
        .map(Into::into)
}

/// A tenant to add.
#[derive(InputObject, Debug, Clone)]
pub struct AddTenantInput {
    /// A DNS label (a-z, 0-9 and `-`): the tenant answers at
    /// `{slug}{TENANT_SUBDOMAIN_SUFFIX}`.
    pub slug: String,
    /// Display name (default: the slug).
    pub name: Option<String>,
    /// Custom domains that select the tenant by Host.
    #[graphql(default)]
    pub domains: Vec<String>,
}

/// Whether a tenant's registry serves.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::domain::tenant::TenantStatus")]
pub enum TenantStatus {
    Active,
    /// Every request to the tenant is refused.
    Suspended,
}

/// One registry of the deployment.
#[derive(SimpleObject, Debug, Clone)]
pub struct Tenant {
    pub id: ID,
    /// Its DNS label: the tenant answers at `{slug}{TENANT_SUBDOMAIN_SUFFIX}`.
    pub slug: String,
    pub name: String,
    pub status: TenantStatus,
    pub status_reason: Option<String>,
    /// Custom domains that select the tenant by Host.
    pub domains: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<tenants::Tenant> for Tenant {
    fn from(t: tenants::Tenant) -> Self {
        Self {
            id: t.id.into(),
            slug: t.slug,
            name: t.name,
            status: t.status.into(),
            status_reason: t.status_reason,
            domains: t.domains,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// A tenant with its webhook secret, answered only when created or rotated.
#[derive(SimpleObject, Debug, Clone)]
pub struct TenantWithSecret {
    pub tenant: Tenant,
    /// Verifies the tenant's GitHub, GitLab and Bitbucket deliveries. Shown only now.
    pub webhook_secret: String,
}

impl From<tenants::TenantWithSecret> for TenantWithSecret {
    fn from(t: tenants::TenantWithSecret) -> Self {
        Self {
            tenant: t.tenant.into(),
            webhook_secret: t.webhook_secret,
        }
    }
}

/// What one tenant uses.
#[derive(SimpleObject, Debug, Clone)]
pub struct TenantUsage {
    /// The tenant's slug.
    pub tenant: String,
    pub packages: u64,
    pub versions: u64,
    pub customers: u64,
    /// Archives built here plus the proxy's cached files, in bytes.
    pub storage_bytes: u64,
    /// Archive bytes served, as flushed by the servers (every minute).
    pub bandwidth_bytes: u64,
    /// The same over the last 30 days, today included (UTC).
    #[graphql(name = "bandwidthBytes30Days")]
    pub bandwidth_bytes_30_days: u64,
    /// Installs reported by Composer.
    pub downloads: u64,
    #[graphql(name = "downloads30Days")]
    pub downloads_30_days: u64,
}

impl From<usage::TenantUsage> for TenantUsage {
    fn from(u: usage::TenantUsage) -> Self {
        Self {
            tenant: u.tenant,
            packages: u.packages,
            versions: u.versions,
            customers: u.customers,
            storage_bytes: u.storage_bytes,
            bandwidth_bytes: u.bandwidth_bytes,
            bandwidth_bytes_30_days: u.bandwidth_bytes_30_days,
            downloads: u.downloads,
            downloads_30_days: u.downloads_30_days,
        }
    }
}
