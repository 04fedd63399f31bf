//! The Composer repository endpoints (composer-protocol.md): `packages.json`, `p2` and
//! `p` files, dists, notify-batch and the security-advisories API. Plain poem handlers:
//! authenticate, call the Composer service, render the answer.

mod dist;
mod paths;

use std::sync::Arc;

use chrono::DateTime;
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::Data;
use poem::{Body, IntoResponse, Request, Response, handler};

use super::HttpState;
use super::error::composer_error;
use crate::service::composer::Served;
use crate::service::composer::{Caller, ComposerError};

/// Largest request body read from a client (notify-batch, advisory queries).
const MAX_BODY: usize = 1024 * 1024;

/// Authenticates the request as a customer, counting failures per client address.
async fn caller(state: &HttpState, req: &Request) -> Result<Caller, Response> {
    let ip = state.client_ip(req);
    if ip.is_some_and(|ip| state.limiter.is_blocked(ip)) {
        return Err(super::error::rate_limited());
    }
    let Some(token) = super::client::presented_token(req) else {
        return Err(composer_error(ComposerError::Unauthorized));
    };
    let tenant = state.tenant_id(req).await.map_err(composer_error)?;
    match state
        .services
        .composer()
        .authenticate(tenant, &token, ip)
        .await
    {
        Ok(c) => Ok(c),
        Err(e) => {
            if matches!(e, ComposerError::Unauthorized)
                && let Some(ip) = ip
            {
                state.limiter.record_failure(ip);
            }
            Err(composer_error(e))
        }
    }
}

#[handler]
pub async fn packages_json(req: &Request, state: Data<&Arc<HttpState>>) -> Response {
    let caller = match caller(&state, req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let base = state.base_url(req);
    match state.services.composer().root(&caller, &base).await {
        Ok(r) => metadata(req, &r),
        Err(e) => composer_error(e),
    }
}

/// The path after `prefix` exactly as the client sent it. The router's wildcard
/// is percent-decoded already: `acme%2Flib.json` would become a valid name and a
/// version holding `%` would be decoded twice, so [`paths`] parses the raw text.
fn raw_tail<'r>(req: &'r Request, prefix: &str) -> &'r str {
    req.uri().path().strip_prefix(prefix).unwrap_or_default()
}

/// `/p2/{vendor}/{package}.json` and `~dev.json`.
#[handler]
pub async fn metadata_v2(req: &Request, state: Data<&Arc<HttpState>>) -> Response {
    package_file(req, &state, raw_tail(req, "/p2/"), false).await
}

/// Composer 1's `/p/{vendor}/{package}.json`.
#[handler]
pub async fn metadata_v1(req: &Request, state: Data<&Arc<HttpState>>) -> Response {
    package_file(req, &state, raw_tail(req, "/p/"), true).await
}

async fn package_file(req: &Request, state: &HttpState, path: &str, v1: bool) -> Response {
    // Authentication comes first: an unauthenticated caller never learns what exists.
    let caller = match caller(state, req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some((name, dev)) = paths::metadata_path(path) else {
        return composer_error(ComposerError::NotFound);
    };
    if v1 && dev {
        return composer_error(ComposerError::NotFound);
    }
    let base = state.base_url(req);
    match state
        .services
        .composer()
        .package_file(&caller, &name, dev, v1, &base)
        .await
    {
        Ok(r) => metadata(req, &r),
        Err(e) => composer_error(e),
    }
}

/// `/dist/{vendor}/{package}/{version}/{reference}.zip`.
#[handler]
pub async fn dist_file(req: &Request, state: Data<&Arc<HttpState>>) -> Response {
    let caller = match caller(&state, req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some(d) = paths::dist_path(raw_tail(req, "/dist/")) else {
        return composer_error(ComposerError::NotFound);
    };
    let key = match state
        .services
        .composer()
        .dist(&caller, &d.package, &d.version, &d.reference)
        .await
    {
        Ok(k) => k,
        Err(e) => return composer_error(e),
    };
    dist::serve(&state, &key).await
}

/// notify-batch: `{"downloads": [{"name": "acme/lib", "version": "2.1.0.0"}]}`.
#[handler]
pub async fn downloads(req: &Request, state: Data<&Arc<HttpState>>, body: Body) -> Response {
    let caller = match caller(&state, req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(bytes) = body.into_bytes_limit(MAX_BODY).await else {
        return super::error::bad_request("the body is too large or unreadable");
    };
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return super::error::bad_request(
            "expected {\"downloads\": [{\"name\": …, \"version\": …}]}",
        );
    };
    let items: Vec<(String, String)> = doc
        .get("downloads")
        .and_then(|d| d.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|d| {
                    Some((
                        d.get("name")?.as_str()?.to_ascii_lowercase(),
                        d.get("version")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let ip = state.client_ip(req).map(|i| i.to_string());
    let ua = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    match state
        .services
        .composer()
        .record_downloads(&caller, &items, ip.as_deref(), ua)
        .await
    {
        Ok(_) => json_response(StatusCode::OK, &serde_json::json!({"status": "success"})),
        Err(e) => composer_error(e.into()),
    }
}

/// The security-advisories `api-url`: `packages[]=a/b&packages[]=c/d` (form POST or
/// query string).
#[handler]
pub async fn advisories(req: &Request, state: Data<&Arc<HttpState>>, body: Body) -> Response {
    let caller = match caller(&state, req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(bytes) = body.into_bytes_limit(MAX_BODY).await else {
        return super::error::bad_request("the body is too large or unreadable");
    };
    let query = req.uri().query().unwrap_or_default().as_bytes();
    let names: Vec<String> = url::form_urlencoded::parse(&bytes)
        .chain(url::form_urlencoded::parse(query))
        .filter(|(k, _)| k.starts_with("packages"))
        .map(|(_, v)| v.to_ascii_lowercase())
        .collect();
    let base = state.base_url(req);
    match state
        .services
        .composer()
        .advisories(&caller, &names, &base.url)
        .await
    {
        Ok(doc) => json_response(StatusCode::OK, &doc),
        Err(e) => composer_error(e.into()),
    }
}

/// A metadata file with `Last-Modified`, or `304` with an empty body when the client's
/// `If-Modified-Since` is not older than it.
///
/// A file that changed during the current second could change again within it, and a
/// client holding the earlier bytes would then be told "not modified": so such a file
/// says it was modified in the previous second (never later than `Date`, never the
/// second of the change), and gets no 304 until that second has passed.
fn metadata(req: &Request, r: &Served) -> Response {
    let lm = r.last_modified.secs();
    let now = chrono::Utc::now().timestamp();
    let not_modified = req
        .headers()
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
        .is_some_and(|ims| lm <= ims.timestamp());
    let mut resp = if not_modified {
        Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
    } else {
        Response::builder()
            .status(StatusCode::OK)
            .content_type("application/json")
            .body(r.body.clone())
    };
    // Formatted once per change, shared by every response.
    let date = if lm < now {
        HeaderValue::from_maybe_shared(r.last_modified.http_date.clone())
    } else {
        let previous = DateTime::from_timestamp(now - 1, 0).unwrap_or_default();
        HeaderValue::from_str(&previous.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
    };
    if let Ok(v) = date {
        resp.headers_mut().insert(header::LAST_MODIFIED, v);
    }
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    resp
}

pub(super) fn json_response(status: StatusCode, doc: &serde_json::Value) -> Response {
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(serde_json::to_vec(doc).unwrap_or_default())
        .into_response()
}
