//! What stands in front of the management APIs (`/api/v1`, `/graphql`): a bound on
//! request bodies (before they are buffered), the per-caller request limit with its
//! headers on every answer, and CORS for the configured origins.

use std::sync::Arc;

use poem::http::{HeaderValue, StatusCode, header};
use poem::{Body, Endpoint, IntoResponse, Middleware, Request, Response, Result};

use super::HttpState;
use super::ratelimit::Quota;

/// Largest request body of the management APIs.
pub const MAX_BODY: usize = 1024 * 1024;

pub struct ApiGuard;

impl<E: Endpoint> Middleware<E> for ApiGuard {
    type Output = ApiGuardEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        ApiGuardEndpoint(ep)
    }
}

pub struct ApiGuardEndpoint<E>(E);

impl<E: Endpoint> Endpoint for ApiGuardEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> Result<Self::Output> {
        let Some(state) = req.data::<Arc<HttpState>>().cloned() else {
            return Ok(self.0.call(req).await?.into_response());
        };
        let caller = match req.headers().get(header::AUTHORIZATION) {
            Some(v) => v.as_bytes().to_vec(),
            None => state
                .client_ip_of(&req)
                .map(|ip| ip.to_string().into_bytes())
                .unwrap_or_default(),
        };
        let quota = state.api_limiter.check(&caller);
        if !quota.allowed {
            let mut resp = error(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                "Too many requests; try again when the window starts over",
            );
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(quota.reset));
            return Ok(with_quota(resp, quota));
        }
        if let Err(resp) = bound_body(&mut req).await {
            return Ok(with_quota(resp, quota));
        }
        let resp = match self.0.call(req).await {
            Ok(r) => r.into_response(),
            Err(e) => e.into_response(),
        };
        Ok(with_quota(resp, quota))
    }
}

/// Refuses a declared body over [`MAX_BODY`]; reads an undeclared (chunked) one up to
/// the bound, so no handler ever buffers more.
async fn bound_body(req: &mut Request) -> std::result::Result<(), Response> {
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "VALIDATION_ERROR",
            &format!("the request body is larger than {MAX_BODY} bytes"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > MAX_BODY as u64 => Err(too_large()),
        Some(_) => Ok(()),
        None if req.headers().contains_key(header::TRANSFER_ENCODING) => {
            match req.take_body().into_bytes_limit(MAX_BODY).await {
                Ok(bytes) => {
                    req.set_body(Body::from(bytes));
                    Ok(())
                }
                Err(_) => Err(too_large()),
            }
        }
        None => Ok(()),
    }
}

fn with_quota(mut resp: Response, q: Quota) -> Response {
    let h = resp.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from(q.limit));
    h.insert("x-ratelimit-remaining", HeaderValue::from(q.remaining));
    h.insert("x-ratelimit-reset", HeaderValue::from(q.reset));
    resp
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(serde_json::json!({"code": code, "message": message}).to_string())
}

/// `ep` behind the guard, and behind CORS when origins are configured.
pub fn wrap(
    ep: impl Endpoint + 'static,
    state: &HttpState,
) -> poem::endpoint::BoxEndpoint<'static> {
    use poem::EndpointExt;
    let guarded = ep.with(ApiGuard);
    match cors(&state.services.settings().server.cors_origins) {
        Some(c) => guarded.with(c).boxed(),
        None => guarded.boxed(),
    }
}

/// CORS for the origins of `CORS_ORIGINS` (none: no CORS headers at all).
fn cors(origins: &[String]) -> Option<poem::middleware::Cors> {
    if origins.is_empty() {
        return None;
    }
    let mut cors = poem::middleware::Cors::new()
        .allow_methods(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        .allow_headers(["authorization", "content-type"])
        .expose_headers([
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
        ])
        .max_age(600);
    for o in origins {
        cors = cors.allow_origin(o.as_str());
    }
    Some(cors)
}
