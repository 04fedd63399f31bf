//! The customer portal (`/portal`): signed in with a customer token, a customer sees the
//! packages and versions they may install (exactly what Composer shows their token), the
//! Composer set-up lines, their tokens, downloads and advisories, and may rotate or
//! revoke their own tokens.

use askama::Template;
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::Path;
use poem::{Body, Request, Response, Route, get, handler, post};

use super::page::{Chrome, date, done, maybe_date, ok, render, service_failure};
use super::session::{Customer, PORTAL_COOKIE, Posted, redirect, set_cookie};
use super::sign_in::{Door, Nothing, end, show_form, take_form};
use crate::service::portal::PortalHome;
use crate::service::tokens::IssuedSetup;

pub fn routes() -> Route {
    Route::new()
        .at("/", get(index))
        .at("/login", get(login_form).post(login_submit))
        .at("/logout", post(sign_out))
        .at("/tokens/:id/rotate", post(rotate))
        .at("/tokens/:id/revoke", post(revoke))
}

#[handler]
async fn login_form(req: &Request) -> Response {
    show_form(req, Door::Portal).await
}

#[handler]
async fn login_submit(req: &Request, body: Body) -> Response {
    take_form(req, body, Door::Portal).await
}

#[handler]
async fn sign_out(req: &Request, posted: Posted<Customer, Nothing>) -> Response {
    end(req, posted.session.secret(), Door::Portal).await
}

/// The repository URL the customer reaches this registry at.
fn repository_url(customer: &Customer, req: &Request) -> String {
    customer.state.base_url_of(req).url.to_string()
}

#[derive(Template)]
#[template(path = "ui/portal.html")]
struct PortalPage {
    chrome: Chrome,
    home: PortalHome,
}

impl PortalPage {
    fn date(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        date(at)
    }

    fn maybe_date(&self, at: &Option<chrono::DateTime<chrono::Utc>>) -> String {
        maybe_date(at)
    }
}

#[handler]
async fn index(customer: Customer, req: &Request) -> Response {
    let url = repository_url(&customer, req);
    let home = match customer
        .services()
        .portal()
        .home(&customer.caller, &url)
        .await
    {
        Ok(h) => h,
        Err(e) => return service_failure(&e),
    };
    let page = PortalPage {
        chrome: Chrome::portal(&customer, "My packages"),
        home,
    };
    ok(&page, &page.chrome, req)
}

#[derive(Template)]
#[template(path = "ui/portal_rotated.html")]
struct RotatedPage {
    chrome: Chrome,
    issued: IssuedSetup,
    /// The rotated token was the one of this session (which now runs on the new one).
    current: bool,
}

#[handler]
async fn rotate(req: &Request, Path(id): Path<i64>, posted: Posted<Customer, Nothing>) -> Response {
    let customer = posted.session;
    let ip = customer.state.client_ip_of(req);
    let url = repository_url(&customer, req);
    let rotated = customer
        .services()
        .portal()
        .rotate_token(&customer.caller, customer.secret(), id, ip, &url)
        .await;
    let rotated = match rotated {
        Ok(r) => r,
        Err(e) => return service_failure(&e),
    };
    let mut chrome = Chrome::portal(&customer, "New token secret");
    chrome.flash = None;
    let renewed = rotated.session;
    if let Some(s) = &renewed {
        // The session's token changed: later pages belong to the new session.
        chrome.csrf = crate::service::sessions::csrf_token(&s.secret);
    }
    let page = RotatedPage {
        chrome,
        current: renewed.is_some(),
        issued: rotated.issued,
    };
    let mut resp = render(&page, StatusCode::OK);
    if let Some(s) = renewed {
        let age = (s.expires_at - chrono::Utc::now()).num_seconds().max(1);
        if let Ok(v) = HeaderValue::from_str(&set_cookie(req, PORTAL_COOKIE, &s.secret, Some(age)))
        {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

#[handler]
async fn revoke(req: &Request, Path(id): Path<i64>, posted: Posted<Customer, Nothing>) -> Response {
    let customer = posted.session;
    let ip = customer.state.client_ip_of(req);
    let revoked = customer
        .services()
        .portal()
        .revoke_token(&customer.caller, customer.secret(), id, ip)
        .await;
    match revoked {
        Ok(r) if r.signed_out => {
            // The session ended with its token: back to the sign-in page.
            let mut resp = redirect("/portal/login");
            if let Ok(v) = HeaderValue::from_str(&set_cookie(req, PORTAL_COOKIE, "", None)) {
                resp.headers_mut().append(header::SET_COOKIE, v);
            }
            resp
        }
        Ok(r) => done(
            req,
            "/portal",
            &format!("Token {} revoked: it no longer works.", r.token.prefix),
        ),
        Err(e) => service_failure(&e),
    }
}
