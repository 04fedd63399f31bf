//! `POST /api/webhooks/{github|gitlab|bitbucket}`: verify the delivery, then queue a
//! sync of the matching packages.

use std::sync::Arc;

use poem::error::ReadBodyError;
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::{Data, Path};
use poem::{Body, Request, Response, handler};
use serde_json::json;

use super::HttpState;
use super::composer::json_response;
use crate::domain::webhook::{self, Provider};

/// Largest delivery accepted (GitHub caps payloads at 25 MB; pushes are far smaller).
const MAX_BODY: usize = 5 * 1024 * 1024;

#[handler]
pub async fn receive(
    req: &Request,
    state: Data<&Arc<HttpState>>,
    Path(provider): Path<String>,
    body: Body,
) -> Response {
    let Some(provider) = Provider::parse(&provider) else {
        return message(
            StatusCode::NOT_FOUND,
            "unknown webhook provider (github, gitlab, bitbucket)",
        );
    };
    // Counted and sized before anything is looked up or read: a flood of deliveries
    // costs neither database queries nor memory.
    let caller = state
        .client_ip_of(req)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let quota = state.webhook_limiter.check(caller.as_bytes());
    if !quota.allowed {
        let mut resp = message(
            StatusCode::TOO_MANY_REQUESTS,
            "too many webhook deliveries from this address; try again later",
        );
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(quota.reset));
        return resp;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return too_large();
    }
    // Each tenant verifies deliveries with its own secret: one tenant's is worth
    // nothing on another's host.
    let tenant = match state.tenant_of(req).await {
        Ok(t) => t.id,
        Err(refused) => return refused,
    };
    let secret = match state.services.tenant_webhook_secret(tenant, provider).await {
        Ok(Some(secret)) => secret,
        Ok(None) => {
            return message(
                StatusCode::FORBIDDEN,
                &format!(
                    "no webhook secret is configured for this registry ({}_WEBHOOK_SECRET, or the tenant's own): deliveries cannot be verified",
                    provider.as_str().to_uppercase()
                ),
            );
        }
        Err(e) => return super::error::service_error(&e),
    };
    // An undeclared (chunked) body is read up to the bound and no further.
    let bytes = match body.into_bytes_limit(MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(ReadBodyError::PayloadTooLarge) => return too_large(),
        Err(_) => {
            return message(
                StatusCode::BAD_REQUEST,
                "the delivery was not received whole",
            );
        }
    };
    let proof = req
        .headers()
        .get(provider.proof_header())
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !webhook::verify(provider, &secret, proof, &bytes) {
        return message(StatusCode::UNAUTHORIZED, "invalid or missing signature");
    }
    if req
        .headers()
        .get("x-github-event")
        .is_some_and(|e| e == "ping")
    {
        return json_response(StatusCode::OK, &json!({"message": "pong"}));
    }
    let Ok(payload) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return message(StatusCode::BAD_REQUEST, "the delivery is not JSON");
    };
    let urls = webhook::repository_urls(provider, &payload);
    match state.services.queue_webhook_syncs(tenant, &urls).await {
        Ok(queued) if queued.is_empty() => json_response(
            StatusCode::ACCEPTED,
            &json!({"message": "no package uses this repository", "queued": []}),
        ),
        Ok(queued) => json_response(StatusCode::ACCEPTED, &json!({"queued": queued})),
        Err(e) => super::error::service_error(&e),
    }
}

fn message(status: StatusCode, text: &str) -> Response {
    json_response(status, &json!({"message": text}))
}

fn too_large() -> Response {
    message(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("the delivery is larger than {MAX_BODY} bytes"),
    )
}
