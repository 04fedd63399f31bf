//! `POST /api/webhooks/{github|gitlab|bitbucket}`: verify the delivery, then queue a
//! sync of the matching packages.

use std::sync::Arc;

use poem::http::StatusCode;
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
    let Ok(bytes) = body.into_bytes_limit(MAX_BODY).await else {
        return message(StatusCode::PAYLOAD_TOO_LARGE, "the delivery is too large");
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
