//! The one place where errors become HTTP responses (status and JSON body).

use poem::Response;
use poem::http::{HeaderValue, StatusCode, header};
use serde_json::json;

use super::composer::json_response;
use crate::service::ServiceError;
use crate::service::composer::ComposerError;

/// A refused Composer request. Bodies are JSON with `warning`, which Composer prints
/// as "Warning from host: …".
pub fn composer_error(e: ComposerError) -> Response {
    match e {
        ComposerError::Unauthorized => {
            let mut r = json_response(
                StatusCode::UNAUTHORIZED,
                &json!({"message": "Authentication required: use your token as the password of HTTP Basic auth (user name \"token\")"}),
            );
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Composer repository\""),
            );
            r
        }
        ComposerError::Inactive { message } => forbidden(&message),
        e @ (ComposerError::AccessDenied(_)
        | ComposerError::ScopeDenied
        | ComposerError::VersionDenied(_)) => forbidden(&e.to_string()),
        ComposerError::NotFound => not_found(),
        ComposerError::Upstream { message, timeout } => json_response(
            if timeout {
                StatusCode::GATEWAY_TIMEOUT
            } else {
                StatusCode::BAD_GATEWAY
            },
            &json!({"code": "UPSTREAM_UNAVAILABLE", "message": message}),
        ),
        ComposerError::Service(e) => service_error(&e),
    }
}

fn forbidden(message: &str) -> Response {
    json_response(
        StatusCode::FORBIDDEN,
        &json!({"warning": message, "message": message}),
    )
}

/// 500 with the one JSON error shape (the details are in the log).
pub fn internal() -> Response {
    json_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        &json!({"code": "INTERNAL_ERROR", "message": "Internal error"}),
    )
}

pub fn not_found() -> Response {
    json_response(StatusCode::NOT_FOUND, &json!({"message": "Not found"}))
}

pub fn bad_request(message: &str) -> Response {
    json_response(StatusCode::BAD_REQUEST, &json!({"message": message}))
}

pub fn rate_limited() -> Response {
    let mut r = json_response(
        StatusCode::TOO_MANY_REQUESTS,
        &json!({"message": "Too many failed authentication attempts from this address; try again in a minute"}),
    );
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    r
}

pub fn storage_unavailable(detail: &str) -> Response {
    tracing::error!(error = %detail, "archive storage failed");
    json_response(
        StatusCode::SERVICE_UNAVAILABLE,
        &json!({"message": "The archive storage is unavailable; try again shortly"}),
    )
}

/// The status of a service failure, as the CLI's exit codes classify them: the
/// caller's mistakes are 4xx with their message; database and storage trouble is 503
/// (temporary); anything else 500. Details of server-side failures go to the log only.
pub fn service_error(e: &ServiceError) -> Response {
    let said = |status: StatusCode, m: &str| json_response(status, &json!({"message": m}));
    match e {
        ServiceError::Invalid { message, .. } => said(StatusCode::BAD_REQUEST, message),
        ServiceError::Conflict(m) | ServiceError::State(m) => said(StatusCode::CONFLICT, m),
        ServiceError::Forbidden(m) => said(StatusCode::FORBIDDEN, m),
        ServiceError::Storage(m) => storage_unavailable(m),
        ServiceError::Database(_) => {
            tracing::error!(error = %e, "database error");
            json_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &json!({"message": "The database is unavailable; try again shortly"}),
            )
        }
        ServiceError::NotFound(m) => said(StatusCode::NOT_FOUND, m),
        _ => {
            tracing::error!(error = %e, "request failed");
            json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &json!({"message": "Internal error"}),
            )
        }
    }
}
