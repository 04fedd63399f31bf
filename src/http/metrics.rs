//! `GET /metrics`: the Prometheus text exposition of [`crate::metrics`]. Open unless
//! `METRICS_TOKEN` (`[metrics] token`) is set; then only `Authorization: Bearer <token>`
//! or HTTP Basic with the token as password is answered, compared in constant time, and
//! wrong tokens count against the client address like every failed authentication.

use std::sync::Arc;

use poem::http::{StatusCode, header};
use poem::web::Data;
use poem::{IntoResponse, Request, Response, handler};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::HttpState;

/// The content type of the text format, version 0.0.4.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

#[handler]
pub async fn metrics(state: Data<&Arc<HttpState>>, req: &Request) -> Response {
    if let Some(expected) = &state.services.settings().metrics.token {
        let ip = state.client_ip_of(req);
        if ip.is_some_and(|ip| state.limiter.is_blocked(ip)) {
            return super::error::rate_limited();
        }
        match super::client::presented_token(req.headers()) {
            Some(presented) if same_token(&presented, expected.expose()) => {}
            presented => {
                if presented.is_some()
                    && let Some(ip) = ip
                {
                    state.limiter.record_failure(ip);
                }
                return "a valid metrics token is required\n"
                    .with_status(StatusCode::UNAUTHORIZED)
                    .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")
                    .into_response();
            }
        }
    }
    let body = state.metrics.render(&state.services).await;
    Response::builder()
        .content_type(CONTENT_TYPE)
        .header(header::CACHE_CONTROL, "no-store")
        .body(body)
}

/// Compares digests, so neither the content nor the length of the token leaks through
/// timing.
fn same_token(presented: &str, expected: &str) -> bool {
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    a.ct_eq(&b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_by_content() {
        assert!(same_token("s3cret-token", "s3cret-token"));
        assert!(!same_token("s3cret-tokem", "s3cret-token"));
        assert!(!same_token("s3cret", "s3cret-token"));
        assert!(!same_token("", "s3cret-token"));
    }
}
