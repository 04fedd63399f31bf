//! A customer's tokens: issuing one (the secret shown once, with the Composer set-up
//! lines for this registry's host), rotating and revoking.

use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Request, Response, handler};
use serde::Deserialize;

use super::{Forms, customer_url, detail_page, form_error};
use crate::http::ui::page::{Chrome, Nav, done, render};
use crate::http::ui::session::{Admin, Posted};
use crate::http::ui::sign_in::Nothing;
use crate::service::ServiceError;
use crate::service::tokens::{IssuedSetup, IssuedToken, TokenRequest};

const TOKEN_FIELDS: &[&str] = &["name", "scope", "package_globs", "expires_in_days"];

#[derive(Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    /// Comma or space separated.
    #[serde(default)]
    package_globs: String,
    #[serde(default)]
    expires_in_days: String,
}

impl IssueForm {
    fn request(&self, customer: &str) -> Result<TokenRequest, ServiceError> {
        let days = match self.expires_in_days.trim() {
            "" => None,
            d => Some(d.parse::<u32>().map_err(|_| {
                ServiceError::field(
                    "expires_in_days",
                    format!("\"{d}\" is not a number of days; leave it empty for a token that does not expire"),
                )
            })?),
        };
        Ok(TokenRequest {
            customer: customer.to_string(),
            name: Some(self.name.trim().to_string()).filter(|n| !n.is_empty()),
            scope: Some(self.scope.trim().to_string()).filter(|s| !s.is_empty()),
            package_globs: self
                .package_globs
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|g| !g.is_empty())
                .map(str::to_string)
                .collect(),
            expires_in_days: days,
            expires_at: None,
        })
    }
}

#[derive(Template)]
#[template(path = "ui/customer_token.html")]
struct SecretPage {
    chrome: Chrome,
    back: String,
    rotated: bool,
    issued: IssuedSetup,
}

/// The page that shows a new secret, once (never cached: `render` says `no-store`).
fn secret_page(admin: &Admin, req: &Request, issued: IssuedToken, rotated: bool) -> Response {
    let url = admin.state.base_url_of(req).url.to_string();
    let issued = issued.with_setup(&url);
    let mut chrome = Chrome::admin(admin, "New token secret", Nav::Customers);
    chrome.flash = None;
    let page = SecretPage {
        chrome,
        back: customer_url(issued.token.customer_id),
        rotated,
        issued,
    };
    render(&page, StatusCode::OK)
}

#[handler]
pub async fn issue(
    req: &Request,
    Path(id): Path<String>,
    posted: Posted<Admin, IssueForm>,
) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    let issued = match form.request(&id) {
        Ok(r) => admin.services().tokens().issue(&admin.ctx, r).await,
        Err(e) => Err(e),
    };
    match issued {
        Ok(issued) => secret_page(&admin, req, issued, false),
        Err(e) => {
            // Both ways of giving an expiry are the one field here.
            let e = match e {
                ServiceError::Invalid {
                    field: Some("expires_at"),
                    message,
                } => ServiceError::field("expires_in_days", message),
                e => e,
            };
            match form_error(e, "token", TOKEN_FIELDS) {
                Ok(errors) => {
                    let f = Forms {
                        token_name: form.name,
                        token_scope: form.scope,
                        token_globs: form.package_globs,
                        token_days: form.expires_in_days,
                        ..Forms::default()
                    };
                    let status = StatusCode::UNPROCESSABLE_ENTITY;
                    detail_page(&admin, req, &id, f, errors, status).await
                }
                Err(resp) => *resp,
            }
        }
    }
}

/// A token action's failure: on top of the tokens table.
async fn token_failure(admin: &Admin, req: &Request, id: &str, e: ServiceError) -> Response {
    match form_error(e, "tokens", &[]) {
        Ok(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            detail_page(admin, req, id, Forms::default(), errors, status).await
        }
        Err(resp) => *resp,
    }
}

#[handler]
pub async fn rotate(
    req: &Request,
    Path((id, token)): Path<(String, i64)>,
    posted: Posted<Admin, Nothing>,
) -> Response {
    let admin = posted.session;
    match admin.services().tokens().rotate(&admin.ctx, token).await {
        Ok(issued) => secret_page(&admin, req, issued, true),
        Err(e) => token_failure(&admin, req, &id, e).await,
    }
}

#[handler]
pub async fn revoke(
    req: &Request,
    Path((id, token)): Path<(String, i64)>,
    posted: Posted<Admin, Nothing>,
) -> Response {
    let admin = posted.session;
    match admin.services().tokens().revoke(&admin.ctx, token).await {
        Ok(t) => done(
            req,
            &customer_url(t.customer_id),
            &format!(
                "Token {}… revoked: Composer no longer accepts it.",
                t.prefix
            ),
        ),
        Err(e) => token_failure(&admin, req, &id, e).await,
    }
}
