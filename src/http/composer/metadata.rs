//! `packages.json`, `p2` and `p` files: nearly all of a registry's traffic. They are
//! answered on hyper's request directly, before poem: moving poem's request, its boxed
//! futures and its response through the router and middleware cost more instructions
//! than everything else a cached file needs. The rules are the same as everywhere
//! (authenticate, call the Composer service, render); errors are poem's responses.

use bytes::Bytes;
use chrono::DateTime;
use http_body_util::{Either, Full};
use hyper::body::Incoming;
use poem::http::{HeaderValue, Method, StatusCode, header};

use super::super::HttpState;
use super::super::client::Origin;
use super::super::error::composer_error;
use super::super::server::ResponseBody;
use super::{ConnAuth, authenticate, paths};
use crate::service::composer::{Base, ComposerError, Served};
use crate::service::directory::Resident;

/// Which file a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File<'a> {
    /// `/packages.json`.
    Root,
    /// `/p2/{tail}`: `vendor/name.json` or `vendor/name~dev.json`.
    V2(&'a str),
    /// `/p/{tail}`: Composer 1's `vendor/name.json`.
    V1(&'a str),
}

/// A request for a file, at the repository's root or through the Time Machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'a> {
    pub file: File<'a>,
    /// `/time-machine/{YYYY-MM-DD}`: the date as written.
    pub date: Option<&'a str>,
}

/// The file a GET asks for, if it is one of these.
pub fn route(req: &hyper::Request<Incoming>) -> Option<Route<'_>> {
    if req.method() != Method::GET {
        return None;
    }
    // The raw path as sent: `acme%2Flib.json` must not become a name.
    route_path(req.uri().path())
}

/// The file a GET of `path` (the raw, undecoded request path) asks for.
pub fn route_path(path: &str) -> Option<Route<'_>> {
    if let Some(rest) = path.strip_prefix("/time-machine/") {
        let (date, tail) = rest.split_at_checked(10)?;
        let file = file_of(tail)?;
        return Some(Route {
            file,
            date: Some(date),
        });
    }
    file_of(path).map(|file| Route { file, date: None })
}

fn file_of(path: &str) -> Option<File<'_>> {
    if path == "/packages.json" {
        return Some(File::Root);
    }
    if let Some(tail) = path.strip_prefix("/p2/") {
        return Some(File::V2(tail));
    }
    path.strip_prefix("/p/").map(File::V1)
}

/// Answers a request for `file`.
pub async fn answer(
    state: &HttpState,
    conn: &ConnAuth,
    req: &hyper::Request<Incoming>,
    origin: &Origin<'_>,
    tenant: &Resident,
    route: Route<'_>,
) -> hyper::Response<ResponseBody> {
    let file = route.file;
    let headers = req.headers();
    let ip = origin.client;
    // Authentication comes first: an unauthenticated caller never learns what exists.
    let caller = match authenticate(state, tenant.id, headers, ip, Some(conn)).await {
        Ok(c) => c,
        Err(r) => return poem_response(r),
    };
    let composer = state.services.composer();
    let mut base = state.base_url_at(origin, tenant);
    let until = match route.date {
        None => None,
        Some(date) => match super::time_machine_until(date) {
            Some(until) => {
                base = Base {
                    url: format!("{}/time-machine/{date}", base.url).into(),
                    cached: false,
                };
                Some(until)
            }
            None => return poem_response(composer_error(ComposerError::NotFound)),
        },
    };
    let served = match file {
        File::Root => composer.root(&caller, &base).await,
        File::V2(tail) | File::V1(tail) => {
            let v1 = matches!(file, File::V1(_));
            match paths::metadata_path(tail) {
                // Composer 1 has no ~dev files.
                Some((name, dev)) if !(v1 && dev) => {
                    composer
                        .package_file(&caller, name, dev, v1, &base, until)
                        .await
                }
                _ => Err(ComposerError::NotFound),
            }
        }
    };
    match served {
        Ok(s) => respond(req, &s),
        Err(e) => poem_response(composer_error(e)),
    }
}

/// A metadata file with `Last-Modified`, or `304` with an empty body when the client's
/// `If-Modified-Since` is not older than it.
///
/// A file that changed during the current second could change again within it, and a
/// client holding the earlier bytes would then be told "not modified": so such a file
/// says it was modified in the previous second (never later than `Date`, never the
/// second of the change), and gets no 304 until that second has passed.
fn respond(req: &hyper::Request<Incoming>, served: &Served) -> hyper::Response<ResponseBody> {
    let lm = served.last_modified.secs();
    let now = chrono::Utc::now().timestamp();
    let not_modified = req
        .headers()
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
        .is_some_and(|ims| lm <= ims.timestamp());
    let (status, body) = if not_modified {
        (StatusCode::NOT_MODIFIED, Bytes::new())
    } else {
        (StatusCode::OK, served.body.clone())
    };
    let mut resp = hyper::Response::new(Either::Left(Full::new(body)));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    if !not_modified {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    // Formatted once per change, shared by every response.
    let date = if lm < now {
        HeaderValue::from_maybe_shared(served.last_modified.http_date.clone())
    } else {
        let previous = DateTime::from_timestamp(now - 1, 0).unwrap_or_default();
        HeaderValue::from_str(&previous.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
    };
    if let Ok(v) = date {
        h.insert(header::LAST_MODIFIED, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    resp
}

fn poem_response(r: poem::Response) -> hyper::Response<ResponseBody> {
    if r.status().is_server_error() {
        tracing::warn!(status = r.status().as_u16(), "request failed");
    }
    hyper::Response::from(r).map(Either::Right)
}
