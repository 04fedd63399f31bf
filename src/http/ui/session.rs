//! Who is signed in to the UI: the extractors that turn a session cookie into a service
//! principal (or send the browser to the sign-in page), and the forms that only a page of
//! the same session can post (anti-forgery token, same-origin check).

use std::net::IpAddr;
use std::sync::Arc;

use poem::http::{Method, StatusCode, header};
use poem::{FromRequest, Request, RequestBody, Response};
use serde::de::DeserializeOwned;

use crate::domain::customer::AdminLevel;
use crate::http::HttpState;
use crate::service::composer::access::Caller;
use crate::service::directory::Resident;
use crate::service::sessions::{csrf_matches, csrf_token};
use crate::service::{Ctx, Services};

/// The dashboard's session cookie.
pub const ADMIN_COOKIE: &str = "cargoman_session";
/// The portal's session cookie (a browser may hold both, for different people).
pub const PORTAL_COOKIE: &str = "cargoman_portal";
/// A one-time message for the next page, after a redirect.
pub const FLASH_COOKIE: &str = "cargoman_flash";
/// Largest form a page may post.
const MAX_FORM: usize = 256 * 1024;

/// The value of cookie `name` on a request.
pub fn cookie<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Secure when the request came over
/// HTTPS; `max_age` None deletes it.
pub fn set_cookie(req: &Request, name: &str, value: &str, max_age: Option<i64>) -> String {
    let secure = if is_https(req) { "; Secure" } else { "" };
    match max_age {
        Some(age) => {
            format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={age}{secure}")
        }
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

fn is_https(req: &Request) -> bool {
    let Some(state) = req.data::<Arc<HttpState>>() else {
        return false;
    };
    state.base_url_of(req).url.starts_with("https://")
}

fn state(req: &Request) -> poem::Result<Arc<HttpState>> {
    req.data::<Arc<HttpState>>()
        .cloned()
        .ok_or_else(|| poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))
}

fn client_ip(state: &HttpState, req: &Request) -> Option<IpAddr> {
    state.client_ip_of(req)
}

/// A `303 See Other` to `to`.
pub fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, to)
        .header(header::CACHE_CONTROL, "no-store")
        .finish()
}

/// To the sign-in page at `login`, coming back to this page afterwards; the stale cookie
/// is dropped.
fn to_sign_in(req: &Request, login: &str, cookie_name: &str) -> poem::Error {
    // The whole path, also under a nested route (`/portal/…`).
    let back = req
        .original_uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let target = if req.method() == Method::GET {
        format!("{login}?next={}", super::page::encode(back))
    } else {
        login.to_string()
    };
    let mut resp = redirect(&target);
    if cookie(req, cookie_name).is_some()
        && let Ok(v) = set_cookie(req, cookie_name, "", None).parse()
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    poem::Error::from_response(resp)
}

/// A signed-in dashboard user: the principal every service call of the page runs as.
pub struct Admin {
    pub ctx: Ctx,
    pub tenant: Arc<Resident>,
    pub state: Arc<HttpState>,
    secret: String,
    pub flash: Option<String>,
}

impl Admin {
    pub fn services(&self) -> &Services {
        &self.state.services
    }

    /// The anti-forgery token every form of the session carries.
    pub fn csrf(&self) -> String {
        csrf_token(&self.secret)
    }

    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Admins and owners see write actions; viewers do not (and the services refuse
    /// them anyway).
    pub fn can_write(&self) -> bool {
        self.ctx.level >= AdminLevel::Admin
    }

    pub fn is_owner(&self) -> bool {
        self.ctx.level == AdminLevel::Owner
    }

    pub fn is_operator(&self) -> bool {
        self.ctx.require_operator().is_ok()
    }
}

/// What both doors check first: the request's tenant and the session cookie's secret,
/// or the way to the sign-in page at `login`.
async fn presented(
    req: &Request,
    cookie_name: &str,
    login: &str,
) -> poem::Result<(Arc<HttpState>, Arc<Resident>, String)> {
    let state = state(req)?;
    let tenant = state
        .tenant_of(req)
        .await
        .map_err(poem::Error::from_response)?;
    match cookie(req, cookie_name) {
        Some(secret) => Ok((state, tenant, secret.to_string())),
        None => Err(to_sign_in(req, login, cookie_name)),
    }
}

fn failed(e: crate::service::ServiceError) -> poem::Error {
    poem::Error::from_response(super::page::service_failure(&e))
}

impl<'a> FromRequest<'a> for Admin {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let (state, tenant, secret) = presented(req, ADMIN_COOKIE, "/login").await?;
        let ip = client_ip(&state, req).map(|i| i.to_string());
        let sessions = state.services.sessions();
        let Some(ctx) = sessions
            .admin(tenant.id, &secret, ip)
            .await
            .map_err(failed)?
        else {
            return Err(to_sign_in(req, "/login", ADMIN_COOKIE));
        };
        Ok(Admin {
            ctx,
            tenant,
            state,
            secret,
            flash: flash(req),
        })
    }
}

/// A signed-in customer of the portal: exactly what Composer sees for their token.
pub struct Customer {
    pub caller: Caller,
    pub tenant: Arc<Resident>,
    pub state: Arc<HttpState>,
    secret: String,
    pub flash: Option<String>,
}

impl Customer {
    pub fn services(&self) -> &Services {
        &self.state.services
    }

    pub fn csrf(&self) -> String {
        csrf_token(&self.secret)
    }

    pub fn secret(&self) -> &str {
        &self.secret
    }
}

impl<'a> FromRequest<'a> for Customer {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let (state, tenant, secret) = presented(req, PORTAL_COOKIE, "/portal/login").await?;
        let ip = client_ip(&state, req);
        let sessions = state.services.sessions();
        let Some(caller) = sessions
            .customer(tenant.id, &secret, ip)
            .await
            .map_err(failed)?
        else {
            return Err(to_sign_in(req, "/portal/login", PORTAL_COOKIE));
        };
        Ok(Customer {
            caller,
            tenant,
            state,
            secret,
            flash: flash(req),
        })
    }
}

fn flash(req: &Request) -> Option<String> {
    let raw = cookie(req, FLASH_COOKIE)?;
    let text = super::page::decode(raw);
    (!text.is_empty()).then(|| text.chars().take(300).collect())
}

/// A form posted by a page of the session: refused (403, nothing changed) unless it
/// carries the session's anti-forgery token and comes from this origin.
pub struct Posted<S, T> {
    pub session: S,
    pub form: T,
}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

impl<'a, T: DeserializeOwned> FromRequest<'a> for Posted<Admin, T> {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let session = Admin::from_request(req, body).await?;
        let form = checked_form(req, body.take()?, &session.secret).await?;
        Ok(Posted { session, form })
    }
}

impl<'a, T: DeserializeOwned> FromRequest<'a> for Posted<Customer, T> {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let session = Customer::from_request(req, body).await?;
        let form = checked_form(req, body.take()?, &session.secret).await?;
        Ok(Posted { session, form })
    }
}

/// The form in `body`, when it carries the anti-forgery token of the session of `secret`
/// and comes from this origin.
async fn checked_form<T: DeserializeOwned>(
    req: &Request,
    body: poem::Body,
    secret: &str,
) -> poem::Result<T> {
    let bytes = read_form(req, body).await?;
    let CsrfField { csrf } = serde_urlencoded::from_bytes(&bytes).unwrap_or(CsrfField {
        csrf: String::new(),
    });
    if !same_origin(req) || !csrf_matches(secret, &csrf) {
        return Err(poem::Error::from_response(super::page::forged()));
    }
    serde_urlencoded::from_bytes(&bytes).map_err(|e| {
        poem::Error::from_response(super::page::message_page(
            StatusCode::BAD_REQUEST,
            "The form could not be read",
            &e.to_string(),
        ))
    })
}

/// The body of a posted form, bounded before it is buffered.
pub async fn read_form(req: &Request, body: poem::Body) -> poem::Result<bytes::Bytes> {
    let too_large = || {
        poem::Error::from_response(super::page::message_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The form is too large",
            "Shorten the values and try again.",
        ))
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_FORM as u64) {
        return Err(too_large());
    }
    body.into_bytes_limit(MAX_FORM)
        .await
        .map_err(|_| too_large())
}

/// A browser's form post names its origin; one from another site is refused. (Requests
/// without `Origin`, from old browsers or tools, still need the anti-forgery token.)
pub fn same_origin(req: &Request) -> bool {
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    // Scheme aside, the origin is the host the browser asked for: the Host header, or
    // the public base URL when a proxy in front rewrites it.
    let authority = |u: &str| {
        u.split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/').to_ascii_lowercase())
    };
    let Some(origin) = authority(origin) else {
        return false;
    };
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    if host.as_deref() == Some(origin.as_str()) {
        return true;
    }
    req.data::<Arc<HttpState>>()
        .and_then(|state| authority(&state.base_url_of(req).url))
        .is_some_and(|base| base == origin)
}
