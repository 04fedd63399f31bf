//! The HTTP server: assembly of the routes, and running it on a listener until a
//! shutdown future resolves (tests pass a listener on port 0).

pub mod access_log;
pub mod api;
pub mod client;
pub mod composer;
pub mod error;
pub mod graphql;
pub mod guard;
pub mod metrics;
pub mod ops;
pub mod ratelimit;
pub mod server;
pub mod timed_body;
pub mod ui;
pub mod webhooks;

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;

use poem::http::{HeaderMap, StatusCode};
use poem::{EndpointExt, Request, Response, Route, get, post};
use tokio::net::TcpListener;

use crate::service::Services;
use crate::service::composer::Base;
use crate::service::directory::{HostError, Resident};
use client::TrustedProxies;
use ratelimit::FailedAuthLimiter;

/// What every handler shares.
pub struct HttpState {
    pub services: Services,
    pub trusted: TrustedProxies,
    pub limiter: FailedAuthLimiter,
    /// Requests per minute of each caller of the management APIs.
    pub api_limiter: ratelimit::RequestLimiter,
    /// Webhook deliveries per minute of each client address.
    pub webhook_limiter: ratelimit::RequestLimiter,
    /// `BASE_URL`, when configured (single mode: the base of every absolute URL; multi
    /// mode: only its scheme, as each tenant is reached at its own host).
    fixed_base: Option<Arc<str>>,
    /// What `/metrics` reads besides the process-wide counters.
    pub metrics: crate::metrics::Scrape,
}

/// The tenant a request is for, resolved once before any handler runs.
#[derive(Clone)]
pub struct TenantOf(pub Arc<Resident>);

impl HttpState {
    pub async fn new(services: Services) -> anyhow::Result<Arc<Self>> {
        let settings = services.settings();
        let trusted = TrustedProxies::parse(&settings.server.trusted_proxies);
        let limit = settings.security.auth_failures_per_minute.unwrap_or(120);
        let api_limit = settings.security.api_requests_per_minute.unwrap_or(1200);
        let webhook_limit = settings.security.webhook_requests_per_minute.unwrap_or(120);
        // Fails early when the database has no default tenant.
        services.directory().default_tenant(&services).await?;
        let fixed_base = settings
            .server
            .base_url
            .as_deref()
            .map(|b| Arc::from(b.trim_end_matches('/')));
        Ok(Arc::new(Self {
            services,
            trusted,
            limiter: FailedAuthLimiter::new(limit),
            api_limiter: ratelimit::RequestLimiter::new("api", api_limit),
            webhook_limiter: ratelimit::RequestLimiter::new("webhook", webhook_limit),
            fixed_base,
            metrics: crate::metrics::Scrape::new(),
        }))
    }

    /// The tenant a request for `host` is for (single mode: the default one), or the
    /// answer refusing it: 404 `tenant_not_found`, 403 `tenant_suspended`.
    pub async fn resolve_tenant(&self, host: Option<&str>) -> Result<Arc<Resident>, Response> {
        let s = &self.services;
        match s.directory().resolve(s, host).await {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(HostError::NotFound(host))) => Err(tenant_refusal(
                StatusCode::NOT_FOUND,
                "tenant_not_found",
                format!("no registry is served at the host \"{host}\""),
            )),
            Ok(Err(HostError::Suspended(reason))) => Err(tenant_refusal(
                StatusCode::FORBIDDEN,
                "tenant_suspended",
                match reason {
                    Some(r) => format!("this registry is suspended: {r}"),
                    None => "this registry is suspended".into(),
                },
            )),
            Err(e) => Err(error::service_error(&e)),
        }
    }

    /// The tenant of a poem request: the one resolved before routing, or resolved now.
    pub async fn tenant_of(&self, req: &Request) -> Result<Arc<Resident>, Response> {
        if let Some(TenantOf(r)) = req.extensions().get::<TenantOf>() {
            return Ok(r.clone());
        }
        let peer = peer_of(req);
        self.resolve_tenant(client::request_host(peer, req.headers(), &self.trusted))
            .await
    }

    /// The client's address: the peer, or whom a trusted proxy forwarded for.
    pub fn client_ip(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        client::client_ip(peer, headers, &self.trusted)
    }

    /// Where a request came from and what it names ([`client::Origin`]), read once.
    pub fn origin<'h>(&self, peer: Option<IpAddr>, headers: &'h HeaderMap) -> client::Origin<'h> {
        client::Origin::of(peer, headers, &self.trusted)
    }

    /// The public base URL for a request to `tenant`: `BASE_URL` in single mode, else the
    /// origin it was made to (with `BASE_URL`'s scheme when one is set).
    pub fn base_url(&self, peer: Option<IpAddr>, headers: &HeaderMap, tenant: &Resident) -> Base {
        self.base_url_at(&self.origin(peer, headers), tenant)
    }

    /// [`HttpState::base_url`] of a request whose origin was read already.
    pub fn base_url_at(&self, origin: &client::Origin<'_>, tenant: &Resident) -> Base {
        let multi = self.services.directory().multi();
        if let Some(base) = &self.fixed_base
            && !multi
        {
            return Base::cached(base.clone());
        }
        let (mut scheme, host) = origin.url_parts(self.services.settings());
        if let Some(base) = &self.fixed_base
            && base.starts_with("https://")
        {
            scheme = "https";
        }
        tenant.bases.get(scheme, &host)
    }

    /// [`HttpState::client_ip`] of a poem request.
    pub fn client_ip_of(&self, req: &Request) -> Option<IpAddr> {
        self.client_ip(peer_of(req), req.headers())
    }

    /// [`HttpState::base_url`] of a poem request, for the tenant resolved before routing
    /// (a request without one gets an uncached base).
    pub fn base_url_of(&self, req: &Request) -> Base {
        match req.extensions().get::<TenantOf>() {
            Some(TenantOf(tenant)) => self.base_url(peer_of(req), req.headers(), tenant),
            None => {
                let (scheme, host) = client::origin(
                    peer_of(req),
                    req.headers(),
                    self.services.settings(),
                    &self.trusted,
                );
                Base {
                    url: format!("{scheme}://{host}").into(),
                    cached: false,
                }
            }
        }
    }
}

fn peer_of(req: &Request) -> Option<IpAddr> {
    req.remote_addr().as_socket_addr().map(|a| a.ip())
}

/// All routes of the server.
pub fn app(state: Arc<HttpState>) -> impl poem::Endpoint {
    Route::new()
        .at("/health", get(ops::health))
        .at("/ready", get(ops::ready))
        .at("/metrics", get(metrics::metrics))
        .at("/dist/*path", get(composer::dist_file))
        .at("/dist-proxy/*path", get(composer::dist_proxy_file))
        .at("/downloads", post(composer::downloads))
        .at(
            "/api/security-advisories",
            post(composer::advisories).get(composer::advisories),
        )
        // The Time Machine: the same repository as of a date.
        .at("/time-machine/:date/dist/*path", get(composer::dist_file))
        .at(
            "/time-machine/:date/dist-proxy/*path",
            get(composer::dist_proxy_file),
        )
        .at("/time-machine/:date/downloads", post(composer::downloads))
        .at(
            "/time-machine/:date/api/security-advisories",
            post(composer::advisories).get(composer::advisories),
        )
        .at("/api/webhooks/:provider", post(webhooks::receive))
        .nest(
            "/api/v1",
            guard::wrap(api::v1(state.services.clone()), &state),
        )
        .nest("/api/docs", api::docs(state.services.clone()))
        .nest(
            "/graphql",
            guard::wrap(graphql::routes(state.services.clone()), &state),
        )
        .nest("/", ui::routes())
        .data(state.services.clone())
        .data(state)
        .with(access_log::AccessLog)
        // A bug must not drop a connection without an answer: 500, and the log says why.
        .with(poem::middleware::CatchPanic::new().with_handler(|_| error::internal()))
}

/// Serves on `listener` until `shutdown` resolves, then lets in-flight requests finish
/// (at most 30 seconds). Background work (cache watcher, job workers) runs alongside.
pub async fn serve(
    listener: TcpListener,
    services: Services,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let state = HttpState::new(services.clone()).await?;
    let address = listener.local_addr().ok();
    if let Some(addr) = address {
        tracing::info!(address = %addr, "listening");
    }
    // Changes made by other processes (the CLI, other servers) reach this process's
    // caches through the change log; registering first means that everything cached
    // from here on includes every change before it.
    let follower = services
        .follow_changes(address.map(|a| a.to_string()))
        .await?;
    services.composer().adopt_render_fingerprint().await?;
    let (stop_follower, follower_stopped) = tokio::sync::oneshot::channel::<()>();
    let following = tokio::spawn(follower.run(async {
        let _ = follower_stopped.await;
    }));
    // Rate limits count against the deployment's budget, not this process's.
    let sharing = tokio::spawn(ratelimit::share(state.clone()));
    let ep = app(state.clone());
    let limits = server::Limits::of(&services.settings().server);
    // Start-up is over: the code only it ran need not stay resident.
    tokio::task::spawn_blocking(|| {
        let released = crate::memory::release_startup_code();
        tracing::debug!(bytes = released, "start-up code given back to the kernel");
    });
    let result = server::run(listener, state, ep, shutdown, limits).await;
    sharing.abort();
    let _ = stop_follower.send(());
    let _ = following.await;
    if let Err(e) = services.composer().flush_last_used().await {
        tracing::warn!(error = %e, "cannot record token use at shutdown");
    }
    result?;
    Ok(())
}

/// 404 `tenant_not_found` or 403 `tenant_suspended`.
fn tenant_refusal(status: StatusCode, code: &str, message: String) -> Response {
    composer::json_response(
        status,
        &serde_json::json!({"code": code, "message": message}),
    )
}

/// Operations endpoints answer for the deployment, whatever the host.
pub fn tenant_free(path: &str) -> bool {
    matches!(path, "/health" | "/ready" | "/metrics")
}
