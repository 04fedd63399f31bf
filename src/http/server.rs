//! Accepting connections and driving hyper directly: Composer metadata files are
//! answered on hyper's request ([`super::composer::metadata`]), everything else by the
//! poem endpoint.
//!
//! poem's own `Server` boxes every connection into a split reader and writer: each read
//! and write takes the split's lock, and vectored writes are lost, so hyper copies every
//! response body into its buffer first. Composer metadata is served at nginx-like rates,
//! where that matters; here the stream goes to hyper as is, with TCP_NODELAY set.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{Either, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use poem::http::HeaderValue;
use poem::http::header::HOST;
use poem::http::uri::Scheme;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Addr, Endpoint, EndpointExt};
use tokio::net::TcpListener;

use super::composer::{ConnAuth, metadata};
use super::timed_body::TimedBody;
use super::{HttpState, TenantOf, tenant_free};
use crate::config::ServerSettings;

/// What one server lets its clients hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once; more wait in the kernel's accept backlog.
    pub max_connections: usize,
    /// Silence allowed while a client sends a request's headers or its body.
    pub read_timeout: Duration,
    /// Time open connections get to finish their requests at shutdown.
    pub grace: Duration,
}

impl Limits {
    pub fn of(settings: &ServerSettings) -> Self {
        Self {
            max_connections: settings.max_connections.max(1),
            read_timeout: Duration::from_secs(settings.request_read_timeout.max(1)),
            grace: Duration::from_secs(30),
        }
    }
}

/// Bodies of responses: a file in memory, or whatever poem answered.
pub type ResponseBody = Either<Full<Bytes>, BoxBody<Bytes, std::io::Error>>;

/// Serves `ep` (and the Composer metadata of `state`) on `listener` until `shutdown`
/// resolves, then gives open connections up to `limits.grace` to finish their requests.
pub async fn run<E>(
    listener: TcpListener,
    state: Arc<HttpState>,
    ep: E,
    shutdown: impl Future<Output = ()>,
    limits: Limits,
) -> std::io::Result<()>
where
    E: Endpoint + 'static,
{
    let ep = Arc::new(ep.map_to_response());
    let local = listener.local_addr()?;
    let graceful = GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    // Without a timer hyper drops its header-read timeout: a client that never finishes
    // its headers would hold a connection forever.
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.read_timeout);
    builder.http2().timer(TokioTimer::new());
    // One permit per open connection: at the cap, accepting waits for one to close.
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, keep serving.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let ep = ep.clone();
        let state = state.clone();
        let read_timeout = limits.read_timeout;
        let conn = Arc::new(ConnAuth::default());
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            let (ep, state, conn) = (ep.clone(), state.clone(), conn.clone());
            // Counted per endpoint family, whichever way the request is answered.
            let family = crate::metrics::Family::of(req.uri().path());
            crate::metrics::observe_request(family, async move {
                // HTTP/2 names the host in `:authority`, which hyper keeps in the URI.
                if let Some(authority) = req.uri().authority()
                    && !req.headers().contains_key(HOST)
                    && let Ok(v) = HeaderValue::from_str(authority.as_str())
                {
                    req.headers_mut().insert(HOST, v);
                }
                // Forwarded headers and the host are read once, for every use below.
                let origin = state.origin(Some(peer.ip()), req.headers());
                // The tenant is resolved once, before any handler.
                let tenant = if tenant_free(req.uri().path()) {
                    None
                } else {
                    match state.resolve_tenant(origin.host).await {
                        Ok(t) => Some(t),
                        Err(refused) => {
                            return Ok(hyper::Response::from(refused).map(Either::Right));
                        }
                    }
                };
                if let Some(route) = metadata::route(&req)
                    && let Some(tenant) = &tenant
                {
                    let resp = metadata::answer(&state, &conn, &req, &origin, tenant, route).await;
                    if tracing::enabled!(tracing::Level::DEBUG) {
                        let status = resp.status().as_u16();
                        tracing::debug!(method = "GET", path = req.uri().path(), status, "request");
                    }
                    return Ok::<_, Infallible>(resp);
                }
                if let Some(t) = tenant {
                    req.extensions_mut().insert(TenantOf(t));
                }
                // A GET carries no body: only bodies that may still be arriving are timed.
                let has_body = !hyper::body::Body::is_end_stream(req.body());
                let mut req: poem::Request = (
                    req,
                    LocalAddr(Addr::SocketAddr(local)),
                    RemoteAddr(Addr::SocketAddr(peer)),
                    Scheme::HTTP,
                )
                    .into();
                if has_body {
                    let body = BoxBody::from(req.take_body());
                    let timed = TimedBody::new(body, read_timeout);
                    req.set_body(poem::Body::from(BoxBody::new(timed)));
                }
                // Boxed: poem's routes and handlers are many, and their futures would
                // otherwise be part of the future of every request, the Composer files'
                // included, moved into hyper's connection on each.
                let resp: poem::Response = Box::pin(ep.get_response(req)).await;
                Ok(hyper::Response::from(resp).map(Either::Right))
            })
        });
        let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
        let conn = graceful.watch(conn.into_owned());
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some connections were still busy at shutdown");
    }
    Ok(())
}
