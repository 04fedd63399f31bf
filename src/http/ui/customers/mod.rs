//! Customers: search and status filter, lifecycle, grants with a live preview, tokens,
//! audit trail, and the view as the customer.
//!
//! Pages: `/customers` ([`list`]: search, filter, add), `/customers/:id` (details, lifecycle, grants,
//! tokens, audit trail), the grant preview ([`grants`]), tokens ([`tokens`]) and "view as
//! customer" ([`view`]). `:id` is the customer's id (its unique name works too).

mod grants;
mod list;
mod tokens;
mod view;

use askama::Template;
use chrono::Utc;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Request, Response, Route, get, handler, post};
use serde::Deserialize;

use super::page::{Chrome, FormError, Nav, date, done, maybe_date, ok, render, service_failure};
use super::session::{Admin, Posted};
use crate::domain::customer::{CustomerStatus, Transition};
use crate::service::ServiceError;
use crate::service::audit::AuditEntry;
use crate::service::customers::{Customer, CustomerDetail};
use crate::service::grants::Grant;
use crate::service::tokens::TokenInfo;

/// Adds this page group's routes.
pub fn routes(r: Route) -> Route {
    r.at("/customers", get(list::list).post(list::add))
        .at("/customers/:id", get(show))
        .at("/customers/:id/lifecycle", post(lifecycle))
        .at("/customers/:id/grants", post(grants::save))
        .at("/customers/:id/grants/revoke", post(grants::revoke))
        .at("/customers/:id/preview", get(grants::fragment))
        .at(
            "/customers/:id/grant-preview",
            get(grants::full).post(grants::full_posted),
        )
        .at("/customers/:id/tokens", post(tokens::issue))
        .at("/customers/:id/tokens/:token/rotate", post(tokens::rotate))
        .at("/customers/:id/tokens/:token/revoke", post(tokens::revoke))
        .at("/customers/:id/view", get(view::show))
}

/// The page of customer `id`.
fn customer_url(id: i64) -> String {
    format!("/customers/{id}")
}

/// A status as a badge class.
fn badge(status: CustomerStatus) -> &'static str {
    match status {
        CustomerStatus::Active => "good",
        CustomerStatus::Frozen => "warn",
        CustomerStatus::Suspended | CustomerStatus::Expired => "bad",
    }
}

/// Why the customer has the status it has: the reason given, or the expiry date that
/// passed.
fn status_note(c: &Customer) -> Option<String> {
    if let Some(r) = &c.status_reason {
        return Some(r.clone());
    }
    match (c.status, c.expires_at) {
        (CustomerStatus::Expired, Some(at)) if at <= Utc::now() => {
            Some(format!("access ended on {} UTC", date(&at)))
        }
        _ => None,
    }
}

/// The error of one form of a page, shown next to its field (or on top of the form
/// when the field is not one the form shows).
pub struct Failed {
    pub form: &'static str,
    pub fields: &'static [&'static str],
    pub error: FormError,
}

/// At most one failed form per page.
#[derive(Default)]
pub struct Errors(pub Option<Failed>);

impl Errors {
    pub fn of(form: &'static str, fields: &'static [&'static str], error: FormError) -> Self {
        Self(Some(Failed {
            form,
            fields,
            error,
        }))
    }

    /// The message for `field` of `form`.
    pub fn on(&self, form: &str, field: &str) -> Option<&str> {
        let f = self.0.as_ref().filter(|f| f.form == form)?;
        f.error.on(field)
    }

    /// The message for `form` as a whole.
    pub fn top(&self, form: &str) -> Option<&str> {
        let f = self.0.as_ref().filter(|f| f.form == form)?;
        match f.error.field.as_deref() {
            Some(field) if f.fields.contains(&field) => None,
            _ => Some(f.error.message.as_str()),
        }
    }

    /// `aria-invalid`/`aria-describedby` of an input whose error has the id `error_id`.
    pub fn aria(&self, form: &str, field: &str, error_id: &str) -> String {
        match self.on(form, field) {
            Some(_) => format!(" aria-invalid=\"true\" aria-describedby=\"{error_id}\""),
            None => String::new(),
        }
    }
}

/// A service error as the error of `form`, or the failure page when it is not the
/// user's to fix. A refusal (a viewer's post) gets the 403 page: viewers are shown no
/// forms to put the message on.
fn form_error(
    e: ServiceError,
    form: &'static str,
    fields: &'static [&'static str],
) -> Result<Errors, Box<Response>> {
    if matches!(e, ServiceError::Forbidden(_)) {
        return Err(Box::new(service_failure(&e)));
    }
    FormError::from_service(e)
        .map(|err| Errors::of(form, fields, err))
        .map_err(Box::new)
}

/// What a form's optional text field holds: None when blank.
fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

// ---------------------------------------------------------------------------------
// One customer
// ---------------------------------------------------------------------------------

/// A lifecycle button valid for the customer's status.
pub struct Action {
    pub verb: &'static str,
    pub label: &'static str,
    pub class: &'static str,
}

fn actions(status: CustomerStatus) -> Vec<Action> {
    [
        (Transition::Suspend, "Suspend", "danger"),
        (
            Transition::Freeze,
            "Freeze at current versions",
            "secondary",
        ),
        (Transition::Expire, "Expire", "danger"),
        (Transition::Reactivate, "Reactivate", ""),
    ]
    .into_iter()
    .filter(|(t, _, _)| t.apply(status).is_ok())
    .map(|(t, label, class)| Action {
        verb: t.verb(),
        label,
        class,
    })
    .collect()
}

pub struct GrantRow {
    pub package: String,
    pub constraint: String,
    pub frozen: String,
}

impl GrantRow {
    fn of(g: Grant) -> Self {
        Self {
            frozen: g.frozen_versions.join(", "),
            package: g.package,
            constraint: g.constraint,
        }
    }
}

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub scope: &'static str,
    pub globs: Vec<String>,
    pub expires: String,
    pub last_used: String,
    pub status: String,
    pub active: bool,
}

impl TokenRow {
    fn of(t: TokenInfo) -> Self {
        let last_used = match (&t.last_used_at, &t.last_used_ip) {
            (Some(at), Some(ip)) => format!("{} from {ip}", date(at)),
            (at, _) => maybe_date(at),
        };
        Self {
            id: t.id,
            name: t.name.unwrap_or_default(),
            prefix: t.prefix,
            scope: t.scope.as_str(),
            globs: t.package_globs,
            expires: maybe_date(&t.expires_at),
            last_used,
            active: t.status == "active",
            status: t.status,
        }
    }
}

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub reason: String,
    pub details: String,
}

impl AuditRow {
    fn of(e: AuditEntry) -> Self {
        let details = e
            .details
            .map(|d| {
                let text = d.to_string();
                if text.chars().count() > 240 {
                    format!("{}…", text.chars().take(240).collect::<String>())
                } else {
                    text
                }
            })
            .unwrap_or_default();
        let target = if e.target_type == "customer_token" {
            format!("token {}", e.target)
        } else {
            format!("{} {}", e.target_type.replace('_', " "), e.target)
        };
        Self {
            at: date(&e.at),
            actor: e.actor,
            action: e.action,
            target,
            reason: e.reason.unwrap_or_default(),
            details,
        }
    }
}

/// What the forms of the customer's page hold (kept when one fails).
#[derive(Default)]
pub struct Forms {
    pub reason: String,
    pub package: String,
    pub constraint: String,
    pub token_name: String,
    pub token_scope: String,
    pub token_globs: String,
    pub token_days: String,
}

#[derive(Template)]
#[template(path = "ui/customer.html")]
struct DetailPage {
    chrome: Chrome,
    id: i64,
    name: String,
    email: String,
    external_id: String,
    status: &'static str,
    badge: &'static str,
    note: Option<String>,
    expires: String,
    created: String,
    proxy_access: bool,
    actions: Vec<Action>,
    grants: Vec<GrantRow>,
    tokens: Vec<TokenRow>,
    audit: Vec<AuditRow>,
    packages: Vec<String>,
    f: Forms,
    errors: Errors,
}

impl DetailPage {
    fn new(admin: &Admin, d: CustomerDetail, f: Forms, errors: Errors) -> Self {
        let c = d.customer;
        Self {
            chrome: Chrome::admin(admin, c.name.clone(), Nav::Customers),
            id: c.id,
            status: c.status.as_str(),
            badge: badge(c.status),
            note: status_note(&c),
            expires: maybe_date(&c.expires_at),
            created: date(&c.created_at),
            proxy_access: c.proxy_access,
            actions: actions(c.status),
            email: c.email.unwrap_or_default(),
            external_id: c.external_id.unwrap_or_default(),
            name: c.name,
            grants: d.grants.into_iter().map(GrantRow::of).collect(),
            tokens: d.tokens.into_iter().map(TokenRow::of).collect(),
            audit: d.audit.into_iter().map(AuditRow::of).collect(),
            packages: d.packages,
            f,
            errors,
        }
    }

    fn selected(&self, package: &str) -> bool {
        self.f.package == package
    }
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    /// Preselects a package in the grant form (with its current constraint).
    #[serde(default)]
    package: String,
}

/// The customer's page; with `errors` (status 422) after a form of it failed, keeping
/// what the user typed in `f`.
async fn detail_page(
    admin: &Admin,
    req: &Request,
    id: &str,
    f: Forms,
    errors: Errors,
    status: StatusCode,
) -> Response {
    let detail = match admin.services().customers().detail(&admin.ctx, id).await {
        Ok(d) => d,
        Err(e) => return service_failure(&e),
    };
    let mut page = DetailPage::new(admin, detail, f, errors);
    if status == StatusCode::OK {
        ok(&page, &page.chrome, req)
    } else {
        page.chrome.flash = None;
        render(&page, status)
    }
}

#[handler]
async fn show(admin: Admin, req: &Request, Path(id): Path<String>) -> Response {
    let query = req.params::<ShowQuery>().unwrap_or_default();
    let detail = match admin.services().customers().detail(&admin.ctx, &id).await {
        Ok(d) => d,
        Err(e) => return service_failure(&e),
    };
    let package = query.package.trim().to_string();
    let constraint = detail
        .grants
        .iter()
        .find(|g| g.package == package)
        .map(|g| g.constraint.clone())
        .unwrap_or_default();
    let f = Forms {
        package,
        constraint,
        ..Forms::default()
    };
    let page = DetailPage::new(&admin, detail, f, Errors::default());
    ok(&page, &page.chrome, req)
}

#[derive(Deserialize)]
struct LifecycleForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
}

#[handler]
async fn lifecycle(
    req: &Request,
    Path(id): Path<String>,
    posted: Posted<Admin, LifecycleForm>,
) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    let reason = optional(&form.reason);
    let s = admin.services();
    let result = match form.action.as_str() {
        "suspend" => {
            let t = Transition::Suspend;
            s.customers().transition(&admin.ctx, &id, t, reason).await
        }
        "reactivate" => {
            let t = Transition::Reactivate;
            s.customers().transition(&admin.ctx, &id, t, reason).await
        }
        "expire" => {
            let t = Transition::Expire;
            s.customers().transition(&admin.ctx, &id, t, reason).await
        }
        "freeze" => s
            .grants()
            .freeze(&admin.ctx, &id, &[], reason)
            .await
            .map(|o| o.customer),
        other => Err(ServiceError::invalid(format!(
            "unknown action \"{other}\" (accepted: suspend, reactivate, freeze, expire)"
        ))),
    };
    match result {
        Ok(c) => done(
            req,
            &customer_url(c.id),
            &format!("{} is now {}.", c.name, c.status.as_str()),
        ),
        Err(e) => match form_error(e, "lifecycle", &["reason"]) {
            Ok(errors) => {
                let f = Forms {
                    reason: form.reason,
                    ..Forms::default()
                };
                detail_page(
                    &admin,
                    req,
                    &id,
                    f,
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            Err(resp) => *resp,
        },
    }
}

/// The customer's page from the path's `:id` (an id, or a name), for redirects.
fn back(id: &str) -> String {
    match id.trim().parse::<i64>() {
        Ok(n) => customer_url(n),
        Err(_) => {
            let segment: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
            format!("/customers/{}", segment.replace('+', "%20"))
        }
    }
}
