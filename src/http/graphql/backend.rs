//! The narrow service traits the GraphQL resolvers are generic over (as lldap's GraphQL
//! layer is over its backend handler): one small trait per resource, with exactly the
//! operations the resolvers call, implemented here for [`Services`]. A resolver can be
//! read, and tested, against these few methods alone.
//!
//! Methods answer `impl Future + Send` rather than being `async fn`: resolvers run on
//! any runtime thread, so generic callers must know the futures are `Send`.

use std::future::Future;

use tokio::sync::broadcast;

use crate::domain::customer::Transition;
use crate::service::audit::{AuditEntry, AuditFilter};
use crate::service::customers::{Customer, CustomerFilter, CustomerUpdate, NewCustomer};
use crate::service::events::Event;
use crate::service::grants::{FreezeOutcome, Grant};
use crate::service::jobs::Job;
use crate::service::packages::{NewPackage, Package, PackageUpdate, VersionInfo};
use crate::service::page::{Page, PageRequest};
use crate::service::preview::{CustomerView, GrantPreview};
use crate::service::proxy::{AlertView, NewMirror, ProxyStatus, UpstreamStats, UpstreamView};
use crate::service::stats::{DailyDownloads, Stats};
use crate::service::tenants::{NewTenant, Tenant, TenantWithSecret};
use crate::service::tokens::{IssuedToken, TokenInfo, TokenRequest};
use crate::service::usage::TenantUsage;
use crate::service::{Ctx, ServiceResult, Services};

/// What a resolver awaits.
pub trait Answer<T>: Future<Output = ServiceResult<T>> + Send {}
impl<T, F: Future<Output = ServiceResult<T>> + Send> Answer<T> for F {}

/// Customers and their lifecycle. `reference` is an id or a unique name.
pub trait CustomerBackend: Send + Sync + 'static {
    fn customer(&self, ctx: &Ctx, reference: &str) -> impl Answer<Customer>;
    fn customer_by_external_id(&self, ctx: &Ctx, external_id: &str) -> impl Answer<Customer>;
    fn customers(
        &self,
        ctx: &Ctx,
        filter: &CustomerFilter,
        req: PageRequest,
    ) -> impl Answer<Page<Customer>>;
    fn create_customer(&self, ctx: &Ctx, input: NewCustomer) -> impl Answer<Customer>;
    fn update_customer(
        &self,
        ctx: &Ctx,
        reference: &str,
        input: CustomerUpdate,
    ) -> impl Answer<Customer>;
    fn delete_customer(&self, ctx: &Ctx, reference: &str) -> impl Answer<Customer>;
    fn transition_customer(
        &self,
        ctx: &Ctx,
        reference: &str,
        transition: Transition,
        reason: Option<String>,
    ) -> impl Answer<Customer>;
    /// `pins` are (package, version); none: what the customer can reach now.
    fn freeze_customer(
        &self,
        ctx: &Ctx,
        reference: &str,
        pins: &[(String, String)],
        reason: Option<String>,
    ) -> impl Answer<FreezeOutcome>;
}

/// What a customer may reach: its tokens and its grants.
pub trait AccessBackend: Send + Sync + 'static {
    fn tokens(&self, ctx: &Ctx, customer: &str, req: PageRequest) -> impl Answer<Page<TokenInfo>>;
    fn token(&self, ctx: &Ctx, id: i64) -> impl Answer<TokenInfo>;
    fn issue_token(&self, ctx: &Ctx, req: TokenRequest) -> impl Answer<IssuedToken>;
    fn rotate_token(&self, ctx: &Ctx, id: i64) -> impl Answer<IssuedToken>;
    fn revoke_token(&self, ctx: &Ctx, id: i64) -> impl Answer<TokenInfo>;
    fn grants(&self, ctx: &Ctx, customer: &str, req: PageRequest) -> impl Answer<Page<Grant>>;
    fn grant(
        &self,
        ctx: &Ctx,
        customer: &str,
        package: &str,
        constraint: Option<&str>,
    ) -> impl Answer<Grant>;
    fn revoke_grant(&self, ctx: &Ctx, customer: &str, package: &str) -> impl Answer<Grant>;
}

/// "View as customer": what a customer (or one of its tokens) sees and why, and what
/// a new constraint would change.
pub trait PreviewBackend: Send + Sync + 'static {
    fn customer_view(
        &self,
        ctx: &Ctx,
        customer: &str,
        token_id: Option<i64>,
    ) -> impl Answer<CustomerView>;
    fn grant_preview(
        &self,
        ctx: &Ctx,
        customer: &str,
        package: &str,
        constraint: &str,
        token_id: Option<i64>,
    ) -> impl Answer<GrantPreview>;
}

/// Packages, their versions and their syncs (queued as tasks).
pub trait PackageBackend: Send + Sync + 'static {
    fn package(&self, ctx: &Ctx, name: &str) -> impl Answer<Package>;
    fn packages(
        &self,
        ctx: &Ctx,
        search: Option<&str>,
        req: PageRequest,
    ) -> impl Answer<Page<Package>>;
    fn versions(&self, ctx: &Ctx, name: &str, req: PageRequest) -> impl Answer<Page<VersionInfo>>;
    /// Registers the package (nothing fetched) and queues its first sync.
    fn add_package(&self, ctx: &Ctx, input: NewPackage) -> impl Answer<(Package, Job)>;
    fn queue_sync(&self, ctx: &Ctx, name: &str) -> impl Answer<Job>;
    /// Changes a package's URL, type or credentials.
    fn update_package(&self, ctx: &Ctx, name: &str, input: PackageUpdate) -> impl Answer<Package>;
    fn delete_package(&self, ctx: &Ctx, name: &str) -> impl Answer<Package>;
    fn task(&self, ctx: &Ctx, id: i64) -> impl Answer<Job>;
}

/// Counts, downloads and the audit log.
pub trait ReportBackend: Send + Sync + 'static {
    fn stats(&self, ctx: &Ctx) -> impl Answer<Stats>;
    fn downloads(
        &self,
        ctx: &Ctx,
        package: Option<&str>,
        days: u32,
    ) -> impl Answer<Vec<DailyDownloads>>;
    fn audit(
        &self,
        ctx: &Ctx,
        filter: &AuditFilter,
        req: PageRequest,
    ) -> impl Answer<Page<AuditEntry>>;
}

/// The proxy: its status, counts and alerts, frozen public packages, a queued purge
/// of its cache, and the upstream repositories behind it.
pub trait ProxyBackend: Send + Sync + 'static {
    fn proxy_status(&self, ctx: &Ctx) -> impl Answer<ProxyStatus>;
    fn proxy_stats(&self, ctx: &Ctx) -> impl Answer<Vec<UpstreamStats>>;
    /// Open ones first, then the latest resolved.
    fn proxy_alerts(&self, ctx: &Ctx) -> impl Answer<Vec<AlertView>>;
    fn set_proxy_frozen(&self, ctx: &Ctx, package: &str, frozen: bool) -> impl Answer<()>;
    fn queue_proxy_purge(&self, ctx: &Ctx) -> impl Answer<Job>;
    fn add_mirror(&self, ctx: &Ctx, input: NewMirror) -> impl Answer<UpstreamView>;
    fn remove_mirror(&self, ctx: &Ctx, name: &str) -> impl Answer<()>;
}

/// The tenants of the deployment (its operator only), their domains and usage.
pub trait TenantBackend: Send + Sync + 'static {
    fn tenants(&self, ctx: &Ctx, req: PageRequest) -> impl Answer<Page<Tenant>>;
    fn tenant(&self, ctx: &Ctx, slug: &str) -> impl Answer<Tenant>;
    fn tenant_usage(&self, ctx: &Ctx, slug: &str) -> impl Answer<TenantUsage>;
    fn add_tenant(&self, ctx: &Ctx, input: NewTenant) -> impl Answer<TenantWithSecret>;
    fn rename_tenant(&self, ctx: &Ctx, slug: &str, name: &str) -> impl Answer<Tenant>;
    fn suspend_tenant(&self, ctx: &Ctx, slug: &str, reason: Option<String>) -> impl Answer<Tenant>;
    fn reactivate_tenant(&self, ctx: &Ctx, slug: &str) -> impl Answer<Tenant>;
    fn delete_tenant(&self, ctx: &Ctx, slug: &str) -> impl Answer<Tenant>;
    fn add_tenant_domain(&self, ctx: &Ctx, slug: &str, domain: &str) -> impl Answer<Tenant>;
    fn remove_tenant_domain(&self, ctx: &Ctx, slug: &str, domain: &str) -> impl Answer<Tenant>;
    fn rotate_tenant_webhook_secret(&self, ctx: &Ctx, slug: &str) -> impl Answer<TenantWithSecret>;
}

/// What subscriptions listen to.
pub trait EventBackend: Send + Sync + 'static {
    fn subscribe(&self) -> broadcast::Receiver<Event>;
}

/// Everything the schema needs.
pub trait Backend:
    CustomerBackend
    + AccessBackend
    + PreviewBackend
    + PackageBackend
    + ReportBackend
    + ProxyBackend
    + TenantBackend
    + EventBackend
{
}
impl<T> Backend for T where
    T: CustomerBackend
        + AccessBackend
        + PreviewBackend
        + PackageBackend
        + ReportBackend
        + ProxyBackend
        + TenantBackend
        + EventBackend
{
}

impl CustomerBackend for Services {
    async fn customer(&self, ctx: &Ctx, reference: &str) -> ServiceResult<Customer> {
        self.customers().get(ctx, reference).await
    }

    async fn customer_by_external_id(
        &self,
        ctx: &Ctx,
        external_id: &str,
    ) -> ServiceResult<Customer> {
        self.customers().by_external_id(ctx, external_id).await
    }

    async fn customers(
        &self,
        ctx: &Ctx,
        filter: &CustomerFilter,
        req: PageRequest,
    ) -> ServiceResult<Page<Customer>> {
        self.customers().page(ctx, filter, req).await
    }

    async fn create_customer(&self, ctx: &Ctx, input: NewCustomer) -> ServiceResult<Customer> {
        self.customers().create(ctx, input).await
    }

    async fn update_customer(
        &self,
        ctx: &Ctx,
        reference: &str,
        input: CustomerUpdate,
    ) -> ServiceResult<Customer> {
        self.customers().update(ctx, reference, input).await
    }

    async fn delete_customer(&self, ctx: &Ctx, reference: &str) -> ServiceResult<Customer> {
        self.customers().delete(ctx, reference).await
    }

    async fn transition_customer(
        &self,
        ctx: &Ctx,
        reference: &str,
        transition: Transition,
        reason: Option<String>,
    ) -> ServiceResult<Customer> {
        self.customers()
            .transition(ctx, reference, transition, reason)
            .await
    }

    async fn freeze_customer(
        &self,
        ctx: &Ctx,
        reference: &str,
        pins: &[(String, String)],
        reason: Option<String>,
    ) -> ServiceResult<FreezeOutcome> {
        self.grants().freeze(ctx, reference, pins, reason).await
    }
}

impl AccessBackend for Services {
    async fn tokens(
        &self,
        ctx: &Ctx,
        customer: &str,
        req: PageRequest,
    ) -> ServiceResult<Page<TokenInfo>> {
        self.tokens().page(ctx, customer, req).await
    }

    async fn token(&self, ctx: &Ctx, id: i64) -> ServiceResult<TokenInfo> {
        self.tokens().show(ctx, id).await
    }

    async fn issue_token(&self, ctx: &Ctx, req: TokenRequest) -> ServiceResult<IssuedToken> {
        self.tokens().issue(ctx, req).await
    }

    async fn rotate_token(&self, ctx: &Ctx, id: i64) -> ServiceResult<IssuedToken> {
        self.tokens().rotate(ctx, id).await
    }

    async fn revoke_token(&self, ctx: &Ctx, id: i64) -> ServiceResult<TokenInfo> {
        self.tokens().revoke(ctx, id).await
    }

    async fn grants(
        &self,
        ctx: &Ctx,
        customer: &str,
        req: PageRequest,
    ) -> ServiceResult<Page<Grant>> {
        self.grants().page(ctx, customer, req).await
    }

    async fn grant(
        &self,
        ctx: &Ctx,
        customer: &str,
        package: &str,
        constraint: Option<&str>,
    ) -> ServiceResult<Grant> {
        self.grants()
            .grant(ctx, customer, package, constraint)
            .await
    }

    async fn revoke_grant(&self, ctx: &Ctx, customer: &str, package: &str) -> ServiceResult<Grant> {
        self.grants().revoke(ctx, customer, package).await
    }
}

impl PreviewBackend for Services {
    async fn customer_view(
        &self,
        ctx: &Ctx,
        customer: &str,
        token_id: Option<i64>,
    ) -> ServiceResult<CustomerView> {
        self.preview().customer_view(ctx, customer, token_id).await
    }

    async fn grant_preview(
        &self,
        ctx: &Ctx,
        customer: &str,
        package: &str,
        constraint: &str,
        token_id: Option<i64>,
    ) -> ServiceResult<GrantPreview> {
        self.preview()
            .preview_grant(ctx, customer, package, constraint, token_id)
            .await
    }
}

impl PackageBackend for Services {
    async fn package(&self, ctx: &Ctx, name: &str) -> ServiceResult<Package> {
        self.packages().show(ctx, name).await
    }

    async fn packages(
        &self,
        ctx: &Ctx,
        search: Option<&str>,
        req: PageRequest,
    ) -> ServiceResult<Page<Package>> {
        self.packages().page(ctx, search, req).await
    }

    async fn versions(
        &self,
        ctx: &Ctx,
        name: &str,
        req: PageRequest,
    ) -> ServiceResult<Page<VersionInfo>> {
        self.packages().versions_page(ctx, name, req).await
    }

    async fn add_package(&self, ctx: &Ctx, input: NewPackage) -> ServiceResult<(Package, Job)> {
        self.packages().add_and_queue_sync(ctx, input).await
    }

    async fn queue_sync(&self, ctx: &Ctx, name: &str) -> ServiceResult<Job> {
        self.sync().queue(ctx, name, "graphql").await
    }

    async fn update_package(
        &self,
        ctx: &Ctx,
        name: &str,
        input: PackageUpdate,
    ) -> ServiceResult<Package> {
        self.packages().update(ctx, name, input).await
    }

    async fn delete_package(&self, ctx: &Ctx, name: &str) -> ServiceResult<Package> {
        self.packages().delete(ctx, name).await
    }

    async fn task(&self, ctx: &Ctx, id: i64) -> ServiceResult<Job> {
        self.jobs().get(ctx, id).await
    }
}

impl ReportBackend for Services {
    async fn stats(&self, ctx: &Ctx) -> ServiceResult<Stats> {
        self.stats().summary(ctx).await
    }

    async fn downloads(
        &self,
        ctx: &Ctx,
        package: Option<&str>,
        days: u32,
    ) -> ServiceResult<Vec<DailyDownloads>> {
        self.stats().downloads(ctx, package, days).await
    }

    async fn audit(
        &self,
        ctx: &Ctx,
        filter: &AuditFilter,
        req: PageRequest,
    ) -> ServiceResult<Page<AuditEntry>> {
        self.audit().page(ctx, filter, req).await
    }
}

impl ProxyBackend for Services {
    async fn proxy_status(&self, ctx: &Ctx) -> ServiceResult<ProxyStatus> {
        self.proxy().status(ctx).await
    }

    async fn proxy_stats(&self, ctx: &Ctx) -> ServiceResult<Vec<UpstreamStats>> {
        self.proxy().stats(ctx).await
    }

    async fn proxy_alerts(&self, ctx: &Ctx) -> ServiceResult<Vec<AlertView>> {
        self.proxy().alerts(ctx).await
    }

    async fn set_proxy_frozen(&self, ctx: &Ctx, package: &str, frozen: bool) -> ServiceResult<()> {
        self.proxy().set_frozen(ctx, package, frozen).await
    }

    async fn queue_proxy_purge(&self, ctx: &Ctx) -> ServiceResult<Job> {
        self.jobs().queue_proxy_purge(ctx).await
    }

    async fn add_mirror(&self, ctx: &Ctx, input: NewMirror) -> ServiceResult<UpstreamView> {
        self.proxy().add_upstream(ctx, input).await
    }

    async fn remove_mirror(&self, ctx: &Ctx, name: &str) -> ServiceResult<()> {
        self.proxy().remove_upstream(ctx, name).await
    }
}

impl TenantBackend for Services {
    async fn tenants(&self, ctx: &Ctx, req: PageRequest) -> ServiceResult<Page<Tenant>> {
        self.tenants().page(ctx, req).await
    }

    async fn tenant(&self, ctx: &Ctx, slug: &str) -> ServiceResult<Tenant> {
        self.tenants().show(ctx, slug).await
    }

    async fn tenant_usage(&self, ctx: &Ctx, slug: &str) -> ServiceResult<TenantUsage> {
        self.tenants().usage(ctx, slug).await
    }

    async fn add_tenant(&self, ctx: &Ctx, input: NewTenant) -> ServiceResult<TenantWithSecret> {
        self.tenants().add(ctx, input).await
    }

    async fn rename_tenant(&self, ctx: &Ctx, slug: &str, name: &str) -> ServiceResult<Tenant> {
        self.tenants().rename(ctx, slug, name).await
    }

    async fn suspend_tenant(
        &self,
        ctx: &Ctx,
        slug: &str,
        reason: Option<String>,
    ) -> ServiceResult<Tenant> {
        self.tenants().suspend(ctx, slug, reason).await
    }

    async fn reactivate_tenant(&self, ctx: &Ctx, slug: &str) -> ServiceResult<Tenant> {
        self.tenants().reactivate(ctx, slug).await
    }

    async fn delete_tenant(&self, ctx: &Ctx, slug: &str) -> ServiceResult<Tenant> {
        self.tenants().delete(ctx, slug).await
    }

    async fn add_tenant_domain(
        &self,
        ctx: &Ctx,
        slug: &str,
        domain: &str,
    ) -> ServiceResult<Tenant> {
        self.tenants().domain_add(ctx, slug, domain).await
    }

    async fn remove_tenant_domain(
        &self,
        ctx: &Ctx,
        slug: &str,
        domain: &str,
    ) -> ServiceResult<Tenant> {
        self.tenants().domain_remove(ctx, slug, domain).await
    }

    async fn rotate_tenant_webhook_secret(
        &self,
        ctx: &Ctx,
        slug: &str,
    ) -> ServiceResult<TenantWithSecret> {
        self.tenants().rotate_webhook_secret(ctx, slug).await
    }
}

impl EventBackend for Services {
    fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events().subscribe()
    }
}
