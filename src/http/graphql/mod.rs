//! The GraphQL API at `/graphql` (product.md section 5): async-graphql over the same
//! services as the CLI and the REST API. The schema is generic over the narrow backend
//! traits of [`backend`] (as lldap's is), and built for [`Services`]; `schema.graphql`
//! at the repository root is generated from it ([`sdl`]) and committed (a test fails
//! when it drifts).
//!
//! Requests carry an admin credential exactly as on the REST API; the services decide
//! what its level allows. Depth and complexity are limited (`[graphql]` settings), and
//! introspection and the playground are switched there too.

mod backend;
mod connection;
mod endpoint;
mod error;
mod inputs;
mod mutation;
mod preview;
mod proxy;
mod query;
mod subscription;
mod tenants;
mod types;

use async_graphql::{Context, Schema};

pub use backend::{
    AccessBackend, Backend, CustomerBackend, EventBackend, PackageBackend, PreviewBackend,
    ProxyBackend, ReportBackend, TenantBackend,
};
pub use endpoint::routes;
pub use mutation::Mutation;
pub use query::Query;
pub use subscription::Subscription;

use crate::service::{Ctx, ServiceError, Services};

/// The schema served.
pub type AppSchema = Schema<Query<Services>, Mutation<Services>, Subscription<Services>>;

/// Who runs a request: its principal, and the registry's URL as the request reached
/// it (for the Composer set-up of new tokens).
#[derive(Debug, Clone)]
pub struct Caller {
    pub ctx: Ctx,
    pub repository_url: String,
}

/// The schema over `services`, with the limits and switches of its settings.
pub fn schema(services: Services) -> AppSchema {
    let settings = services.settings().graphql.clone();
    let mut builder = Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .data(services)
    .extension(error::ErrorCodes)
    .limit_depth(settings.max_depth)
    .limit_complexity(settings.max_complexity);
    if !settings.introspection {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// The schema in GraphQL SDL: what `schema.graphql` holds.
pub fn sdl() -> String {
    AppSchema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .finish()
    .sdl()
}

/// The backend and the caller's principal, for a resolver.
fn parts<'c, B: Send + Sync + 'static>(
    ctx: &Context<'c>,
) -> async_graphql::Result<(&'c B, &'c Ctx)> {
    let backend = ctx.data::<B>().map_err(|_| missing("backend"))?;
    Ok((backend, &caller(ctx)?.ctx))
}

/// The caller of the request (every request and connection has one).
fn caller<'c>(ctx: &Context<'c>) -> async_graphql::Result<&'c Caller> {
    ctx.data::<Caller>().map_err(|_| missing("caller"))
}

fn missing(what: &str) -> async_graphql::Error {
    error::service(ServiceError::Internal(format!(
        "no {what} in the GraphQL context"
    )))
}
