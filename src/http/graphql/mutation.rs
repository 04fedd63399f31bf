//! Mutations: customers and their lifecycle, tokens, grants, packages, the proxy (its
//! resolvers in `proxy.rs`) and the deployment's tenants (in `tenants.rs`). Each
//! resolver reshapes its arguments, calls one backend operation with the caller's
//! principal (the services refuse viewers: `FORBIDDEN`), and converts the answer.

use std::marker::PhantomData;

use async_graphql::{Context, ID, Object, Result};

use super::backend::Backend;
use super::error::{Gql, invalid};
use super::inputs::{
    AddPackageInput, CreateCustomerInput, CreateTokenInput, UpdateCustomerInput,
    UpdatePackageInput, numeric_id,
};
use super::tenants::{self, Change};
use super::types::{
    Customer, FreezeOutcome, Grant, IssuedToken, Package, RegisteredPackage, Task, Token,
};
use super::{caller, parts, proxy};
use crate::domain::customer::Transition;

pub struct Mutation<B>(PhantomData<fn() -> B>);

impl<B> Default for Mutation<B> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

#[Object]
impl<B: Backend> Mutation<B> {
    async fn create_customer(
        &self,
        ctx: &Context<'_>,
        input: CreateCustomerInput,
    ) -> Result<Customer> {
        let (b, p) = parts::<B>(ctx)?;
        b.create_customer(p, input.into())
            .await
            .gql()
            .map(Into::into)
    }

    /// Changes a customer (by id or unique name).
    async fn update_customer(
        &self,
        ctx: &Context<'_>,
        customer: String,
        input: UpdateCustomerInput,
    ) -> Result<Customer> {
        let (b, p) = parts::<B>(ctx)?;
        b.update_customer(p, &customer, input.into())
            .await
            .gql()
            .map(Into::into)
    }

    /// Deletes a customer with its tokens and grants.
    async fn delete_customer(&self, ctx: &Context<'_>, customer: String) -> Result<Customer> {
        let (b, p) = parts::<B>(ctx)?;
        b.delete_customer(p, &customer).await.gql().map(Into::into)
    }

    /// Takes access away until reactivated; Composer shows the reason.
    async fn suspend_customer(
        &self,
        ctx: &Context<'_>,
        customer: String,
        reason: Option<String>,
    ) -> Result<Customer> {
        transition::<B>(ctx, &customer, Transition::Suspend, reason).await
    }

    /// Gives a suspended, expired or frozen customer its access back.
    async fn reactivate_customer(&self, ctx: &Context<'_>, customer: String) -> Result<Customer> {
        transition::<B>(ctx, &customer, Transition::Reactivate, None).await
    }

    /// Ends a customer's access now.
    async fn expire_customer(
        &self,
        ctx: &Context<'_>,
        customer: String,
        reason: Option<String>,
    ) -> Result<Customer> {
        transition::<B>(ctx, &customer, Transition::Expire, reason).await
    }

    /// Freezes a customer at `versions` (`vendor/package=1.2.0`), or without any at
    /// every version it can reach now.
    async fn freeze_customer(
        &self,
        ctx: &Context<'_>,
        customer: String,
        #[graphql(default)] versions: Vec<String>,
        reason: Option<String>,
    ) -> Result<FreezeOutcome> {
        let (b, p) = parts::<B>(ctx)?;
        let pins = versions
            .iter()
            .map(|v| match v.split_once('=') {
                Some((name, version)) => Ok((name.trim().to_string(), version.trim().to_string())),
                None => Err(invalid(
                    "versions",
                    format!("\"{v}\" is not vendor/package=version"),
                )),
            })
            .collect::<Result<Vec<_>>>()?;
        b.freeze_customer(p, &customer, &pins, reason)
            .await
            .gql()
            .map(Into::into)
    }

    /// Issues a customer token: its secret is answered only now, with the Composer
    /// set-up for the URL this request reached the registry at.
    async fn create_token(
        &self,
        ctx: &Context<'_>,
        input: CreateTokenInput,
    ) -> Result<IssuedToken> {
        let (b, p) = parts::<B>(ctx)?;
        let issued = b.issue_token(p, input.into()).await.gql()?;
        Ok(issued.with_setup(&caller(ctx)?.repository_url).into())
    }

    /// A new secret for a token; the old one stops working at once.
    async fn rotate_token(&self, ctx: &Context<'_>, id: ID) -> Result<IssuedToken> {
        let (b, p) = parts::<B>(ctx)?;
        let id = numeric_id("id", &id)?;
        let issued = b.rotate_token(p, id).await.gql()?;
        Ok(issued.with_setup(&caller(ctx)?.repository_url).into())
    }

    async fn revoke_token(&self, ctx: &Context<'_>, id: ID) -> Result<Token> {
        let (b, p) = parts::<B>(ctx)?;
        let id = numeric_id("id", &id)?;
        b.revoke_token(p, id).await.gql().map(Into::into)
    }

    /// Grants a package in the versions `constraint` allows (`*` by default), or
    /// changes the constraint of an existing grant.
    async fn grant_package(
        &self,
        ctx: &Context<'_>,
        customer: String,
        package: String,
        constraint: Option<String>,
    ) -> Result<Grant> {
        let (b, p) = parts::<B>(ctx)?;
        b.grant(p, &customer, &package, constraint.as_deref())
            .await
            .gql()
            .map(Into::into)
    }

    async fn revoke_package_access(
        &self,
        ctx: &Context<'_>,
        customer: String,
        package: String,
    ) -> Result<Grant> {
        let (b, p) = parts::<B>(ctx)?;
        b.revoke_grant(p, &customer, &package)
            .await
            .gql()
            .map(Into::into)
    }

    /// Registers a git repository and queues its first sync (follow it with `task`
    /// or the `packageSynced` subscription).
    async fn add_package(
        &self,
        ctx: &Context<'_>,
        input: AddPackageInput,
    ) -> Result<RegisteredPackage> {
        let (b, p) = parts::<B>(ctx)?;
        let (package, task) = b.add_package(p, input.into_new_package()?).await.gql()?;
        Ok(RegisteredPackage {
            package: package.into(),
            task: task.into(),
        })
    }

    /// Queues a sync of a package (a sync already waiting is that task).
    async fn sync_package(&self, ctx: &Context<'_>, name: String) -> Result<Task> {
        let (b, p) = parts::<B>(ctx)?;
        b.queue_sync(p, &name).await.gql().map(Into::into)
    }

    /// Changes a package's URL, type or credentials (a new URL drops the stored
    /// credentials unless new ones come with it).
    async fn update_package(
        &self,
        ctx: &Context<'_>,
        name: String,
        input: UpdatePackageInput,
    ) -> Result<Package> {
        let (b, p) = parts::<B>(ctx)?;
        b.update_package(p, &name, input.into_update()?)
            .await
            .gql()
            .map(Into::into)
    }

    /// Deletes a package, its versions and every grant of it.
    async fn delete_package(&self, ctx: &Context<'_>, name: String) -> Result<Package> {
        let (b, p) = parts::<B>(ctx)?;
        b.delete_package(p, &name).await.gql().map(Into::into)
    }

    /// Keeps a public package (`vendor/package`) at its cached metadata, never
    /// refreshed from upstream, until unfrozen.
    async fn freeze_proxy_package(
        &self,
        ctx: &Context<'_>,
        package: String,
    ) -> Result<proxy::ProxyPackage> {
        proxy::set_frozen::<B>(ctx, package, true).await
    }

    /// Lets a frozen public package follow its upstream again.
    async fn unfreeze_proxy_package(
        &self,
        ctx: &Context<'_>,
        package: String,
    ) -> Result<proxy::ProxyPackage> {
        proxy::set_frozen::<B>(ctx, package, false).await
    }

    /// Queues a purge of every cached proxy file, frozen packages' too (a purge
    /// already waiting is that task); follow it with `task`.
    async fn purge_proxy_cache(&self, ctx: &Context<'_>) -> Result<Task> {
        proxy::purge::<B>(ctx).await
    }

    /// Adds an upstream Composer repository behind the proxy; it must answer (its
    /// `packages.json`) with the credentials given before it is stored.
    async fn add_mirror(
        &self,
        ctx: &Context<'_>,
        input: proxy::AddMirrorInput,
    ) -> Result<proxy::Upstream> {
        proxy::add_mirror::<B>(ctx, input).await
    }

    /// Removes an upstream and everything cached from it; true once it is gone.
    async fn remove_mirror(&self, ctx: &Context<'_>, name: String) -> Result<bool> {
        proxy::remove_mirror::<B>(ctx, &name).await
    }

    /// Adds a tenant (the deployment's operator only); its webhook secret is answered
    /// only now.
    async fn add_tenant(
        &self,
        ctx: &Context<'_>,
        input: tenants::AddTenantInput,
    ) -> Result<tenants::TenantWithSecret> {
        tenants::add::<B>(ctx, input).await
    }

    /// Renames a tenant (its slug stays).
    async fn rename_tenant(
        &self,
        ctx: &Context<'_>,
        slug: String,
        name: String,
    ) -> Result<tenants::Tenant> {
        tenants::change::<B>(ctx, &slug, Change::Rename(&name)).await
    }

    /// Refuses every request to a tenant, with the reason, until reactivated.
    async fn suspend_tenant(
        &self,
        ctx: &Context<'_>,
        slug: String,
        reason: Option<String>,
    ) -> Result<tenants::Tenant> {
        tenants::change::<B>(ctx, &slug, Change::Suspend(reason)).await
    }

    async fn reactivate_tenant(&self, ctx: &Context<'_>, slug: String) -> Result<tenants::Tenant> {
        tenants::change::<B>(ctx, &slug, Change::Reactivate).await
    }

    /// Deletes a tenant with everything it holds (customers, tokens, packages,
    /// archives…).
    async fn delete_tenant(&self, ctx: &Context<'_>, slug: String) -> Result<tenants::Tenant> {
        tenants::change::<B>(ctx, &slug, Change::Delete).await
    }

    /// Maps a custom domain to a tenant (a domain selects one tenant only).
    async fn add_tenant_domain(
        &self,
        ctx: &Context<'_>,
        slug: String,
        domain: String,
    ) -> Result<tenants::Tenant> {
        tenants::change::<B>(ctx, &slug, Change::AddDomain(&domain)).await
    }

    async fn remove_tenant_domain(
        &self,
        ctx: &Context<'_>,
        slug: String,
        domain: String,
    ) -> Result<tenants::Tenant> {
        tenants::change::<B>(ctx, &slug, Change::RemoveDomain(&domain)).await
    }

    /// A new webhook secret for a tenant, answered only now; the old one stops
    /// verifying deliveries.
    async fn rotate_tenant_webhook_secret(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> Result<tenants::TenantWithSecret> {
        tenants::rotate_webhook_secret::<B>(ctx, &slug).await
    }
}

async fn transition<B: Backend>(
    ctx: &Context<'_>,
    customer: &str,
    transition: Transition,
    reason: Option<String>,
) -> Result<Customer> {
    let (b, p) = parts::<B>(ctx)?;
    b.transition_customer(p, customer, transition, reason)
        .await
        .gql()
        .map(Into::into)
}
