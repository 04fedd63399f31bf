//! Request logging: every request at `debug` (turn on with `RUST_LOG=cargoman=debug`),
//! server errors at `warn`. Composer endpoints answer tens of thousands of requests a
//! second; an `info` line each would cost more than the request.

use std::time::Instant;

use poem::{Endpoint, IntoResponse, Middleware, Request, Response, Result};

pub struct AccessLog;

impl<E: Endpoint> Middleware<E> for AccessLog {
    type Output = AccessLogEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        AccessLogEndpoint(ep)
    }
}

pub struct AccessLogEndpoint<E>(E);

impl<E: Endpoint> Endpoint for AccessLogEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Self::Output> {
        let started = Instant::now();
        // Kept only when a line may be written for every request.
        let seen = tracing::enabled!(tracing::Level::DEBUG)
            .then(|| (req.method().clone(), req.uri().clone()));
        let result = self.0.call(req).await.map(IntoResponse::into_response);
        let status = match &result {
            Ok(r) => r.status(),
            Err(e) => e.status(),
        };
        let micros = started.elapsed().as_micros() as u64;
        match seen {
            Some((method, uri)) if !status.is_server_error() => {
                tracing::debug!(%method, path = uri.path(), status = status.as_u16(), micros, "request");
            }
            Some((method, uri)) => {
                tracing::warn!(%method, path = uri.path(), status = status.as_u16(), micros, "request failed");
            }
            None if status.is_server_error() => {
                tracing::warn!(status = status.as_u16(), micros, "request failed");
            }
            None => {}
        }
        result
    }
}
