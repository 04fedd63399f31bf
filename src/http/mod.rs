//! The HTTP server: assembly of the routes, and running it on a listener until a
//! shutdown future resolves (tests pass a listener on port 0).

pub mod access_log;
pub mod api;
pub mod client;
pub mod composer;
pub mod error;
pub mod graphql;
pub mod guard;
pub mod ops;
pub mod ratelimit;
pub mod server;
pub mod webhooks;

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use poem::http::HeaderMap;
use poem::{EndpointExt, Request, Route, get, post};
use tokio::net::TcpListener;

use crate::service::Services;
use crate::service::composer::{Base, ComposerError};
use client::TrustedProxies;
use ratelimit::FailedAuthLimiter;

/// What every handler shares.
pub struct HttpState {
    pub services: Services,
    pub trusted: TrustedProxies,
    pub limiter: FailedAuthLimiter,
    /// Requests per minute of each caller of the management APIs.
    pub api_limiter: ratelimit::RequestLimiter,
    default_tenant: i64,
    /// `BASE_URL`, when configured.
    fixed_base: Option<Arc<str>>,
    /// Base URLs derived from requests whose rendered files are cached.
    bases: BaseSlots,
}

impl HttpState {
    pub async fn new(services: Services) -> anyhow::Result<Arc<Self>> {
        let settings = services.settings();
        let trusted = TrustedProxies::parse(&settings.server.trusted_proxies);
        let limit = settings.security.auth_failures_per_minute.unwrap_or(120);
        let api_limit = settings.security.api_requests_per_minute.unwrap_or(1200);
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
            api_limiter: ratelimit::RequestLimiter::new(api_limit),
            default_tenant,
            fixed_base,
            bases: BaseSlots::new(),
        }))
    }

    /// The tenant a request is for (single mode: the default one).
    pub fn tenant_id(&self, _headers: &HeaderMap) -> Result<i64, ComposerError> {
        Ok(self.default_tenant)
    }

    /// The client's address: the peer, or whom a trusted proxy forwarded for.
    pub fn client_ip(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        client::client_ip(peer, headers, &self.trusted)
    }

    /// The public base URL for a request: `BASE_URL`, else the origin it was made to.
    pub fn base_url(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Base {
        if let Some(base) = &self.fixed_base {
            return Base::cached(base.clone());
        }
        let (scheme, host) = client::origin(peer, headers, self.services.settings(), &self.trusted);
        self.bases.get(scheme, &host)
    }

    /// [`HttpState::client_ip`] of a poem request.
    pub fn client_ip_of(&self, req: &Request) -> Option<IpAddr> {
        self.client_ip(peer_of(req), req.headers())
    }

    /// [`HttpState::base_url`] of a poem request.
    pub fn base_url_of(&self, req: &Request) -> Base {
        self.base_url(peer_of(req), req.headers())
    }
}

fn peer_of(req: &Request) -> Option<IpAddr> {
    req.remote_addr().as_socket_addr().map(|a| a.ip())
}

/// Rendered files carry absolute URLs, so without `BASE_URL` they are rendered per base
/// URL the clients use. Only a few bases get cached files (first come; a slot unused for
/// a while goes to the next one): requests with made-up Host headers are answered, but
/// can neither grow memory nor push other callers' files out.
struct BaseSlots {
    /// Host[:port] → slot, for `http` and for `https`.
    http: std::sync::RwLock<SlotMap>,
    https: std::sync::RwLock<SlotMap>,
}

type SlotMap = std::collections::HashMap<Box<str>, BaseSlot, foldhash::fast::RandomState>;

struct BaseSlot {
    url: Arc<str>,
    /// Seconds since `BaseSlots::epoch()` of the last request with this base.
    used: std::sync::atomic::AtomicU64,
}

/// Bases with cached files at once.
const BASE_SLOTS: usize = 16;
/// A slot unused this long goes to the next new base.
const BASE_IDLE_SECS: u64 = 600;

impl BaseSlots {
    fn new() -> Self {
        Self {
            http: Default::default(),
            https: Default::default(),
        }
    }

    fn now() -> u64 {
        static EPOCH: std::sync::LazyLock<std::time::Instant> =
            std::sync::LazyLock::new(std::time::Instant::now);
        EPOCH.elapsed().as_secs()
    }

    fn get(&self, scheme: &'static str, host: &str) -> Base {
        self.get_at(scheme, host, Self::now())
    }

    fn get_at(&self, scheme: &'static str, host: &str, now: u64) -> Base {
        use std::sync::atomic::Ordering;
        let map = if scheme == "https" {
            &self.https
        } else {
            &self.http
        };
        if let Ok(m) = map.read()
            && let Some(slot) = m.get(host)
        {
            if slot.used.load(Ordering::Relaxed) != now {
                slot.used.store(now, Ordering::Relaxed);
            }
            return Base::cached(slot.url.clone());
        }
        let url: Arc<str> = Arc::from(format!("{scheme}://{host}"));
        let Ok(mut m) = map.write() else {
            return Base { url, cached: false };
        };
        if m.len() >= BASE_SLOTS {
            let idle = m
                .iter()
                .find(|(_, s)| now.saturating_sub(s.used.load(Ordering::Relaxed)) >= BASE_IDLE_SECS)
                .map(|(k, _)| k.clone());
            match idle {
                Some(k) => {
                    m.remove(&k);
                }
                None => return Base { url, cached: false },
            }
        }
        let slot = BaseSlot {
            url: url.clone(),
            used: std::sync::atomic::AtomicU64::new(now),
        };
        m.insert(Box::from(host), slot);
        Base::cached(url)
    }
}

/// All routes of the server.
pub fn app(state: Arc<HttpState>) -> impl poem::Endpoint {
    Route::new()
        .at("/health", get(ops::health))
        .at("/ready", get(ops::ready))
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
    let ep = app(state.clone());
    let result = server::run(listener, state, ep, shutdown, Duration::from_secs(30)).await;
    let _ = stop_follower.send(());
    let _ = following.await;
    if let Err(e) = services.composer().flush_last_used().await {
        tracing::warn!(error = %e, "cannot record token use at shutdown");
    }
    result?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_few_bases_get_cached_files_and_idle_slots_are_reused() {
        let slots = BaseSlots::new();
        for n in 0..BASE_SLOTS {
            assert!(slots.get_at("http", &format!("h{n}"), 0).cached);
        }
        // Made-up hosts are answered, but without cached files...
        let extra = slots.get_at("http", "evil", 1);
        assert!(!extra.cached);
        assert_eq!(&*extra.url, "http://evil");
        // ...and do not push out the bases in use.
        assert!(slots.get_at("http", "h0", 2).cached);
        assert!(slots.get_at("http", "h0", BASE_IDLE_SECS + 5).cached);
        // A slot unused for long goes to the next new base; h0 stayed in use.
        assert!(slots.get_at("http", "new", BASE_IDLE_SECS + 5).cached);
        assert!(slots.get_at("http", "h0", BASE_IDLE_SECS + 6).cached);
        assert_eq!(slots.http.read().unwrap().len(), BASE_SLOTS);
        let secure = slots.get_at("https", "h0", 7);
        assert_eq!((&*secure.url, secure.cached), ("https://h0", true));
    }
}
