//! The HTTP server: assembly of the routes, and running it on a listener until a
//! shutdown future resolves (tests pass a listener on port 0).

pub mod access_log;
pub mod client;
pub mod composer;
pub mod error;
pub mod ops;
pub mod ratelimit;
pub mod server;
pub mod webhooks;

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use poem::{EndpointExt, Request, Route, get, post};
use tokio::net::TcpListener;

use crate::service::Services;
use crate::service::composer::ComposerError;
use client::TrustedProxies;
use ratelimit::FailedAuthLimiter;

/// What every handler shares.
pub struct HttpState {
    pub services: Services,
    pub trusted: TrustedProxies,
    pub limiter: FailedAuthLimiter,
    default_tenant: i64,
    /// `BASE_URL`, when configured.
    fixed_base: Option<Arc<str>>,
    /// Base URLs derived from requests, kept so each is allocated once (bounded).
    bases: std::sync::RwLock<std::collections::HashMap<String, Arc<str>>>,
}

impl HttpState {
    pub async fn new(services: Services) -> anyhow::Result<Arc<Self>> {
        let settings = services.settings();
        let trusted = TrustedProxies::parse(&settings.server.trusted_proxies);
        let limit = settings.security.auth_failures_per_minute.unwrap_or(120);
        let default_tenant = services
            .tenants()
            .by_slug(crate::service::tenants::DEFAULT_SLUG)
            .await?
            .id;
        let fixed_base = settings
            .server
            .base_url
            .as_deref()
            .map(|b| Arc::from(b.trim_end_matches('/')));
        Ok(Arc::new(Self {
            services,
            trusted,
            limiter: FailedAuthLimiter::new(limit),
            default_tenant,
            fixed_base,
            bases: Default::default(),
        }))
    }

    /// The tenant a request is for (single mode: the default one).
    pub async fn tenant_id(&self, _req: &Request) -> Result<i64, ComposerError> {
        Ok(self.default_tenant)
    }

    pub fn client_ip(&self, req: &Request) -> Option<IpAddr> {
        client::client_ip(req, &self.trusted)
    }

    /// The public base URL for this request (shared, allocated once per distinct value).
    pub fn base_url(&self, req: &Request) -> Arc<str> {
        if let Some(base) = &self.fixed_base {
            return base.clone();
        }
        let base = client::base_url(req, self.services.settings(), &self.trusted);
        if let Some(hit) = self.bases.read().ok().and_then(|m| m.get(&base).cloned()) {
            return hit;
        }
        let shared: Arc<str> = Arc::from(base.as_str());
        if let Ok(mut m) = self.bases.write()
            && m.len() < 1024
        {
            m.insert(base, shared.clone());
        }
        shared
    }
}

/// All routes of the server.
pub fn app(state: Arc<HttpState>) -> impl poem::Endpoint {
    Route::new()
        .at("/health", get(ops::health))
        .at("/ready", get(ops::ready))
        .at("/packages.json", get(composer::packages_json))
        .at("/p2/*path", get(composer::metadata_v2))
        .at("/p/*path", get(composer::metadata_v1))
        .at("/dist/*path", get(composer::dist_file))
        .at("/downloads", post(composer::downloads))
        .at(
            "/api/security-advisories",
            post(composer::advisories).get(composer::advisories),
        )
        .at("/api/webhooks/:provider", post(webhooks::receive))
        .data(state.services.clone())
        .data(state)
        .with(access_log::AccessLog)
}

/// Serves on `listener` until `shutdown` resolves, then lets in-flight requests finish
/// (at most 30 seconds). Background work (cache watcher, job workers) runs alongside.
pub async fn serve(
    listener: TcpListener,
    services: Services,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let state = HttpState::new(services.clone()).await?;
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(address = %addr, "listening");
    }
    // Changes made by other processes (the CLI, other servers) reach this process's
    // caches within one poll: a token revoked elsewhere stops working within ~20 ms.
    let watcher = {
        let s = services.clone();
        tokio::spawn(async move { s.composer().watch(Duration::from_millis(20)).await })
    };
    let result = server::run(listener, app(state), shutdown, Duration::from_secs(30)).await;
    watcher.abort();
    if let Err(e) = services.composer().flush_last_used().await {
        tracing::warn!(error = %e, "cannot record token use at shutdown");
    }
    result?;
    Ok(())
}
