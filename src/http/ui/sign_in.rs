//! Signing in and out of the dashboard and the portal. The sign-in form carries a nonce
//! that must match a cookie it set (so no other site can sign a browser in to an account
//! of its choosing); failures count against the client address like the APIs' do.

use askama::Template;
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Body, Request, Response, handler};
use serde::Deserialize;

use super::page::{Chrome, message_page, render};
use super::session::{
    ADMIN_COOKIE, Admin, PORTAL_COOKIE, Posted, cookie, read_form, redirect, same_origin,
    set_cookie,
};
use crate::domain::token::TokenKind;
use crate::http::HttpState;

const LOGIN_COOKIE: &str = "cargoman_login";

#[derive(Template)]
#[template(path = "ui/login.html")]
struct LoginPage {
    chrome: Chrome,
    action: &'static str,
    login_nonce: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    next: String,
    #[serde(default, rename = "_login")]
    nonce: String,
}

/// Which sign-in: the dashboard's or the portal's.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Door {
    Dashboard,
    Portal,
}

impl Door {
    fn action(self) -> &'static str {
        match self {
            Door::Dashboard => "/login",
            Door::Portal => "/portal/login",
        }
    }

    fn home(self) -> &'static str {
        match self {
            Door::Dashboard => "/",
            Door::Portal => "/portal",
        }
    }

    fn cookie(self) -> &'static str {
        match self {
            Door::Dashboard => ADMIN_COOKIE,
            Door::Portal => PORTAL_COOKIE,
        }
    }
}

/// Only a path of this door's own pages is a place to go back to after signing in.
fn safe_next(door: Door, next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && match door {
            Door::Dashboard => !next.starts_with("/portal"),
            Door::Portal => next.starts_with("/portal"),
        };
    if ok {
        next.to_string()
    } else {
        door.home().to_string()
    }
}

fn login_page(
    req: &Request,
    door: Door,
    next: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let nonce = hex::encode(rand::random::<[u8; 16]>());
    let title = match door {
        Door::Dashboard => "Sign in",
        Door::Portal => "Customer portal",
    };
    let page = LoginPage {
        chrome: Chrome::anonymous(title, door == Door::Portal),
        action: door.action(),
        login_nonce: nonce.clone(),
        next: safe_next(door, next),
        error,
    };
    let mut resp = render(&page, status);
    if let Ok(v) = HeaderValue::from_str(&set_cookie(req, LOGIN_COOKIE, &nonce, Some(3600))) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

#[derive(Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

fn next_of(req: &Request) -> String {
    req.params::<NextQuery>()
        .map(|q| q.next)
        .unwrap_or_default()
}

pub async fn show_form(req: &Request, door: Door) -> Response {
    login_page(req, door, &next_of(req), None, StatusCode::OK)
}

pub async fn take_form(req: &Request, body: Body, door: Door) -> Response {
    let Some(state) = req.data::<std::sync::Arc<HttpState>>().cloned() else {
        return super::page::message_page(StatusCode::INTERNAL_SERVER_ERROR, "Internal error", "");
    };
    let bytes = match read_form(req, body).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let form: LoginForm = match serde_urlencoded::from_bytes(&bytes) {
        Ok(f) => f,
        Err(_) => {
            return login_page(
                req,
                door,
                "",
                Some("The form could not be read".into()),
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let expected = cookie(req, LOGIN_COOKIE).unwrap_or_default();
    if !same_origin(req) || expected.is_empty() || expected != form.nonce {
        return login_page(
            req,
            door,
            &form.next,
            Some("The sign-in form expired; please sign in again.".into()),
            StatusCode::FORBIDDEN,
        );
    }
    let tenant = match state.tenant_of(req).await {
        Ok(t) => t,
        Err(resp) => return resp,
    };
    let ip = state.client_ip_of(req);
    if ip.is_some_and(|ip| state.limiter.is_blocked(ip)) {
        return message_page(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many attempts",
            "Too many failed sign-ins from this address; try again in a minute.",
        );
    }
    let token = form.token.trim();
    let sessions = state.services.sessions();
    let signed_in = match door {
        Door::Dashboard => sessions
            .sign_in_admin(tenant.id, token, ip.map(|i| i.to_string()))
            .await
            .map(|o| o.map(|(s, _)| s)),
        Door::Portal => sessions
            .sign_in_customer(tenant.id, token, ip)
            .await
            .map(|o| o.map(|(s, _)| s)),
    };
    let session = match signed_in {
        Ok(Some(s)) => s,
        Ok(None) => {
            crate::metrics::metrics().auth_failure(crate::metrics::Door::Ui);
            if let Some(ip) = ip {
                state.limiter.record_failure(ip);
            }
            return login_page(
                req,
                door,
                &form.next,
                Some(refusal(door, token)),
                StatusCode::UNAUTHORIZED,
            );
        }
        Err(e) => return super::page::service_failure(&e),
    };
    // A new session replaces the browser's old one (no session outlives a sign-in).
    if let Some(old) = cookie(req, door.cookie())
        && let Err(e) = sessions.sign_out(old).await
    {
        tracing::warn!(error = %e, "cannot end the replaced session");
    }
    let age = (session.expires_at - chrono::Utc::now())
        .num_seconds()
        .max(1);
    let mut resp = redirect(&safe_next(door, &form.next));
    let headers = resp.headers_mut();
    for c in [
        set_cookie(req, door.cookie(), &session.secret, Some(age)),
        set_cookie(req, LOGIN_COOKIE, "", None),
    ] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// Why a token does not open this door, with the other door when it is the other kind.
fn refusal(door: Door, token: &str) -> String {
    match door {
        Door::Dashboard if token.starts_with(TokenKind::Customer.prefix()) => {
            "This is a customer token: it opens the customer portal (/portal), not the dashboard.".into()
        }
        Door::Portal if token.starts_with(TokenKind::Admin.prefix()) => {
            "This is an admin token: it opens the dashboard (/), not the customer portal.".into()
        }
        Door::Dashboard => "This token is not a valid admin token of this registry (unknown, revoked or expired).".into(),
        Door::Portal => "This token is not a valid customer token of this registry (unknown, revoked or expired).".into(),
    }
}

/// Ends the session of `secret` and drops its cookie.
pub async fn end(req: &Request, secret: &str, door: Door) -> Response {
    if let Some(state) = req.data::<std::sync::Arc<HttpState>>()
        && let Err(e) = state.services.sessions().sign_out(secret).await
    {
        return super::page::service_failure(&e);
    }
    let mut resp = redirect(door.action());
    if let Ok(v) = HeaderValue::from_str(&set_cookie(req, door.cookie(), "", None)) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// A form with nothing but the anti-forgery token (signing out, for one: no other site
/// may sign a user out).
#[derive(Deserialize)]
pub struct Nothing {}

#[handler]
pub async fn login_form(req: &Request) -> Response {
    show_form(req, Door::Dashboard).await
}

#[handler]
pub async fn login_submit(req: &Request, body: Body) -> Response {
    take_form(req, body, Door::Dashboard).await
}

#[handler]
pub async fn sign_out(req: &Request, posted: Posted<Admin, Nothing>) -> Response {
    end(req, posted.session.secret(), Door::Dashboard).await
}
