//! The Composer repository endpoints (composer-protocol.md): `packages.json`, `p2` and
//! `p` files ([`metadata`], answered on hyper's request directly), dists, notify-batch
//! and the security-advisories API (plain poem handlers): authenticate, call the
//! Composer service, render the answer.

mod dist;
pub mod metadata;
pub(crate) mod paths;

use std::net::IpAddr;
use std::sync::Arc;

use poem::http::{HeaderMap, StatusCode, header};
use poem::web::Data;
use poem::{Body, IntoResponse, Request, Response, handler};

use super::HttpState;
use super::error::composer_error;
use crate::service::composer::{Caller, Composer, ComposerError};
use crate::service::proxy::Archive;

/// Largest request body read from a client (notify-batch, advisory queries).
const MAX_BODY: usize = 1024 * 1024;

/// What a connection remembers of the credentials it presented last. Composer sends the
/// same `Authorization` header with every request of a connection, so decoding it and
/// hashing the token happen once per connection rather than once per request; the
/// token itself is still looked up (and may be revoked) on every request.
#[derive(Default)]
pub struct ConnAuth(std::sync::Mutex<Option<SeenHeader>>);

/// An `Authorization` header's bytes and the SHA-256 of the token in it.
type SeenHeader = (Box<[u8]>, [u8; 32]);

/// What a request's `Authorization` header holds.
enum Credential {
    Missing,
    /// Present, but cannot be a token.
    Malformed,
    /// The token's SHA-256.
    Token([u8; 32]),
}

impl ConnAuth {
    fn credential(&self, headers: &HeaderMap) -> Credential {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return Credential::Missing;
        };
        if let Ok(last) = self.0.lock()
            && let Some((seen, digest)) = &*last
            && **seen == *value.as_bytes()
        {
            return Credential::Token(*digest);
        }
        let found = credential(headers);
        if let Credential::Token(digest) = &found
            && let Ok(mut last) = self.0.lock()
        {
            *last = Some((Box::from(value.as_bytes()), *digest));
        }
        found
    }
}

fn credential(headers: &HeaderMap) -> Credential {
    match super::client::presented_token(headers) {
        None => Credential::Missing,
        Some(t) => Composer::digest(&t).map_or(Credential::Malformed, Credential::Token),
    }
}

/// Authenticates a request as a customer, counting failures per client address.
async fn authenticate(
    state: &HttpState,
    tenant: i64,
    headers: &HeaderMap,
    ip: Option<IpAddr>,
    conn: Option<&ConnAuth>,
) -> Result<Caller, Response> {
    if ip.is_some_and(|ip| state.limiter.is_blocked(ip)) {
        return Err(super::error::rate_limited());
    }
    let found = match conn {
        Some(c) => c.credential(headers),
        None => credential(headers),
    };
    let result = match found {
        Credential::Missing => return Err(composer_error(ComposerError::Unauthorized)),
        Credential::Malformed => Err(ComposerError::Unauthorized),
        Credential::Token(digest) => {
            let composer = state.services.composer();
            composer.authenticate_digest(tenant, &digest, ip).await
        }
    };
    result.map_err(|e| {
        if matches!(e, ComposerError::Unauthorized) {
            crate::metrics::metrics().auth_failure(crate::metrics::Door::Composer);
            if let Some(ip) = ip {
                state.limiter.record_failure(ip);
            }
        }
        composer_error(e)
    })
}

/// [`authenticate`] for the poem handlers.
async fn caller(state: &HttpState, req: &Request) -> Result<Caller, Response> {
    let tenant = state.tenant_of(req).await?;
    authenticate(
        state,
        tenant.id,
        req.headers(),
        state.client_ip_of(req),
        None,
    )
    .await
}

/// The end of the day `YYYY-MM-DD` (UTC): what the Time Machine shows is released on or
/// before it.
pub fn time_machine_until(date: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if date.len() != 10 {
        return None;
    }
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(23, 59, 59)?.and_utc())
}

/// Splits `/time-machine/{date}/rest` into the Time Machine's date and `/rest`. The
/// path is the raw one the client sent: the router's wildcard is percent-decoded
/// already, so `acme%2Flib.json` would become a valid name and a version holding `%`
/// would be decoded twice; [`paths`] parses the raw text.
/// None: a Time Machine path with an invalid date.
type Dated<'r> = (Option<chrono::DateTime<chrono::Utc>>, &'r str);

fn time_machine(req: &Request) -> Option<Dated<'_>> {
    let path = req.uri().path();
    match path.strip_prefix("/time-machine/") {
        None => Some((None, path)),
        Some(rest) => {
            let (date, tail) = rest.split_at_checked(10)?;
            Some((Some(time_machine_until(date)?), tail))
        }
    }
}

/// `/dist/{vendor}/{package}/{version}/{reference}.zip` (also under the Time Machine).
#[handler]
pub async fn dist_file(req: &Request, state: Data<&Arc<HttpState>>) -> Response {
    let caller = match caller(&state, req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some((until, path)) = time_machine(req) else {
        return composer_error(ComposerError::NotFound);
    };
    let Some(d) = path.strip_prefix("/dist/").and_then(paths::dist_path) else {
        return composer_error(ComposerError::NotFound);
    };
    let key = match state
        .services
        .composer()
        .dist(&caller, &d.package, &d.version, &d.reference, until)
        .await
    {
        Ok(k) => k,
        Err(e) => return composer_error(e),
    };
    counted(&state, caller.tenant.id, dist::serve(&state, &key).await)
}

/// Counts an archive answer's bytes in its tenant's bandwidth (when this server sends
/// them: a redirect to presigned storage is not counted).
fn counted(state: &HttpState, tenant: i64, resp: Response) -> Response {
    if resp.status() == StatusCode::OK
        && let Some(len) = resp
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
    {
        state.services.record_bandwidth(tenant, len);
    }
    resp
}

/// `/dist-proxy/{vendor}/{package}/{version}/{reference}.zip`: a public package's
/// archive, from the proxy's cache or streamed from upstream while it is stored.
#[handler]
pub async fn dist_proxy_file(req: &Request, state: Data<&Arc<HttpState>>) -> Response {
    let caller = match caller(&state, req).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some((until, path)) = time_machine(req) else {
        return composer_error(ComposerError::NotFound);
    };
    let Some(d) = path.strip_prefix("/dist-proxy/").and_then(paths::dist_path) else {
        return composer_error(ComposerError::NotFound);
    };
    let archive = state
        .services
        .composer()
        .dist_proxy(&caller, &d.package, &d.version, &d.reference, until)
        .await;
    match archive {
        Ok(Archive::Stored(key)) => {
            counted(&state, caller.tenant.id, dist::serve(&state, &key).await)
        }
        Ok(Archive::Streaming { size, body }) => {
            let stream = futures::stream::unfold(body, |mut rx| async move {
                rx.recv().await.map(|item| (item, rx))
            });
            let resp = dist::zip_response(Body::from_bytes_stream(stream), size);
            counted(&state, caller.tenant.id, resp)
        }
        Err(e) => composer_error(e),
    }
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
    let ip = state.client_ip_of(req).map(|i| i.to_string());
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
    let base = state.base_url_of(req);
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

pub(crate) fn json_response(status: StatusCode, doc: &serde_json::Value) -> Response {
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(serde_json::to_vec(doc).unwrap_or_default())
        .into_response()
}
