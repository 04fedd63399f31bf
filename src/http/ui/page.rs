//! What every page shares: the layout's data ([`Chrome`]), rendering a template into a
//! response with the UI's security headers, the pages for refusals and failures, and
//! flash messages carried across a redirect.

use askama::Template;
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Request, Response};

use super::assets;
use super::session::{Admin, Customer, FLASH_COOKIE, redirect, set_cookie};
use crate::service::ServiceError;
use crate::service::page::{MAX_PAGE, Pagination};

/// Where the layout's navigation marks the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Overview,
    Packages,
    Customers,
    Audit,
    Team,
    Proxy,
    Tenants,
    Portal,
    None,
}

/// The layout's data: title, navigation, who is signed in, the session's anti-forgery
/// token and a one-time message.
pub struct Chrome {
    pub title: String,
    pub nav: Nav,
    /// Empty when nobody is signed in (sign-in pages).
    pub csrf: String,
    /// e.g. "owner", "viewer", or the customer's name on the portal.
    pub who: String,
    pub can_write: bool,
    pub owner: bool,
    pub operator: bool,
    pub portal: bool,
    /// The tenant's slug in a multi-tenant deployment.
    pub tenant: Option<String>,
    pub flash: Option<String>,
    pub assets: &'static str,
}

impl Chrome {
    /// A page of the dashboard.
    pub fn admin(admin: &Admin, title: impl Into<String>, nav: Nav) -> Self {
        let multi = admin.services().directory().multi();
        Self {
            title: title.into(),
            nav,
            csrf: admin.csrf(),
            who: admin.ctx.level.as_str().to_string(),
            can_write: admin.can_write(),
            owner: admin.is_owner(),
            operator: admin.is_operator() && multi,
            portal: false,
            tenant: multi.then(|| admin.tenant.slug.to_string()),
            flash: admin.flash.clone(),
            assets: assets::VERSION.as_str(),
        }
    }

    /// A page of the portal.
    pub fn portal(customer: &Customer, title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            nav: Nav::Portal,
            csrf: customer.csrf(),
            who: customer.caller.customer.name.clone(),
            can_write: false,
            owner: false,
            operator: false,
            portal: true,
            tenant: None,
            flash: customer.flash.clone(),
            assets: assets::VERSION.as_str(),
        }
    }

    /// A page before signing in.
    pub fn anonymous(title: impl Into<String>, portal: bool) -> Self {
        Self {
            title: title.into(),
            nav: Nav::None,
            csrf: String::new(),
            who: String::new(),
            can_write: false,
            owner: false,
            operator: false,
            portal,
            tenant: None,
            flash: None,
            assets: assets::VERSION.as_str(),
        }
    }

    /// `aria-current` of the navigation link to `name` ("page" on the current one).
    pub fn here(&self, name: &str) -> &'static str {
        let current = match self.nav {
            Nav::Overview => "overview",
            Nav::Packages => "packages",
            Nav::Customers => "customers",
            Nav::Audit => "audit",
            Nav::Team => "team",
            Nav::Proxy => "proxy",
            Nav::Tenants => "tenants",
            Nav::Portal => "portal",
            Nav::None => "",
        };
        if current == name { "page" } else { "false" }
    }
}

/// Renders `page` with the UI's headers: no caching of pages that show account data,
/// no framing, scripts and styles only from this origin.
pub fn render(page: &impl Template, status: StatusCode) -> Response {
    match page.render() {
        Ok(html) => {
            let mut resp = Response::builder()
                .status(status)
                .content_type("text/html; charset=utf-8")
                .body(html);
            secure_headers(&mut resp);
            resp
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot render a page");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "Internal error")
        }
    }
}

/// [`render`] with 200, dropping the flash message the page showed.
pub fn ok(page: &impl Template, chrome: &Chrome, req: &Request) -> Response {
    let mut resp = render(page, StatusCode::OK);
    if chrome.flash.is_some() {
        clear_flash(&mut resp, req);
    }
    resp
}

fn clear_flash(resp: &mut Response, req: &Request) {
    if let Ok(v) = HeaderValue::from_str(&set_cookie(req, FLASH_COOKIE, "", None)) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub fn secure_headers(resp: &mut Response) {
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
}

/// A redirect after a successful post, with a message for the next page.
pub fn done(req: &Request, to: &str, message: &str) -> Response {
    let mut resp = redirect(to);
    let value = encode(&message.chars().take(300).collect::<String>());
    if let Ok(v) = HeaderValue::from_str(&set_cookie(req, FLASH_COOKIE, &value, Some(60))) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

fn plain(status: StatusCode, text: &str) -> Response {
    Response::builder()
        .status(status)
        .content_type("text/plain; charset=utf-8")
        .body(text.to_string())
}

#[derive(Template)]
#[template(path = "ui/message.html")]
struct MessagePage<'a> {
    chrome: Chrome,
    heading: &'a str,
    detail: &'a str,
}

/// A page that only says what happened (refusals, failures).
pub fn message_page(status: StatusCode, heading: &str, detail: &str) -> Response {
    let page = MessagePage {
        chrome: Chrome::anonymous(heading, false),
        heading,
        detail,
    };
    render(&page, status)
}

/// 403 for a form that did not come from a page of this session.
pub fn forged() -> Response {
    message_page(
        StatusCode::FORBIDDEN,
        "This form cannot be accepted",
        "It did not come from a page of your session (it may have expired, or another site sent it). Nothing was changed: go back, reload the page and try again.",
    )
}

/// The page for a service error outside a form (not found, refused, failed).
pub fn service_failure(e: &ServiceError) -> Response {
    let (status, heading) = match e {
        ServiceError::NotFound(_) => (StatusCode::NOT_FOUND, "Not found"),
        ServiceError::Forbidden(_) => (StatusCode::FORBIDDEN, "Not allowed"),
        ServiceError::Invalid { .. } => (StatusCode::BAD_REQUEST, "Invalid request"),
        ServiceError::Conflict(_) | ServiceError::State(_) => {
            (StatusCode::CONFLICT, "Cannot do that now")
        }
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong"),
    };
    let detail = if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(error = %e, "UI request failed");
        "The server could not complete the request; the log says why.".to_string()
    } else {
        e.to_string()
    };
    message_page(status, heading, &detail)
}

/// A form's error: the message, and the field it belongs next to (None: the whole form).
#[derive(Debug, Clone, Default)]
pub struct FormError {
    pub field: Option<String>,
    pub message: String,
}

impl FormError {
    /// Validation and state errors belong on the form; others (database down …) are not
    /// the user's to fix, and get the failure page.
    // The error is the page a handler returns at once: boxing it would buy nothing.
    #[allow(clippy::result_large_err)]
    pub fn from_service(e: ServiceError) -> Result<Self, Response> {
        match &e {
            ServiceError::Invalid { field, message } => Ok(Self {
                field: field.map(str::to_string),
                message: message.clone(),
            }),
            ServiceError::Conflict(m) | ServiceError::State(m) | ServiceError::NotFound(m) => {
                Ok(Self {
                    field: None,
                    message: m.clone(),
                })
            }
            ServiceError::Forbidden(_) => Ok(Self {
                field: None,
                message: e.to_string(),
            }),
            _ => Err(service_failure(&e)),
        }
    }

    /// The message when it belongs to `field`.
    pub fn on(&self, field: &str) -> Option<&str> {
        (self.field.as_deref() == Some(field)).then_some(self.message.as_str())
    }

    /// The message when it belongs to no field.
    pub fn general(&self) -> Option<&str> {
        self.field.is_none().then_some(self.message.as_str())
    }
}

/// Percent-encodes a query or cookie value.
pub fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Decodes a percent-encoded value.
pub fn decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("v={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Dates as the UI shows them.
pub fn date(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// Dates as the UI shows them, or a dash.
pub fn maybe_date(at: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.as_ref().map(date).unwrap_or_else(|| "—".into())
}

/// Previous and next links of a paginated list, shown by `ui/pager.html`.
pub struct Pager {
    pub page: u64,
    pub total_pages: u64,
    pub total: u64,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// What the list counts ("customers", "entries" …).
    pub noun: &'static str,
    /// Newest first: the links say "Newer" and "Older".
    pub chronological: bool,
}

impl Pager {
    /// Links to the pages around `p`; `base` is the list's URL with its filters, ending
    /// in `?` or `&` (see [`filter_base`]).
    pub fn new(p: &Pagination, base: &str, noun: &'static str) -> Self {
        let link = |n: u64| format!("{base}page={n}");
        Self {
            page: p.page,
            total_pages: p.total_pages,
            total: p.total,
            prev: (p.page > 1).then(|| link((p.page - 1).min(p.total_pages.max(1)))),
            next: (p.page < p.total_pages).then(|| link(p.page + 1)),
            noun,
            chronological: false,
        }
    }

    /// The same, for a list newest first.
    pub fn chronological(mut self) -> Self {
        self.chronological = true;
        self
    }

    /// Whether there is more than one page (or the page asked is past the end).
    pub fn shown(&self) -> bool {
        self.prev.is_some() || self.next.is_some()
    }
}

/// A page number from a query string: 1 and up, within what the services accept.
pub fn page_number(page: Option<u64>) -> u64 {
    page.unwrap_or(1).clamp(1, MAX_PAGE)
}

/// `path` with the non-empty filters, as the start of a link to another page of a list.
pub fn filter_base(path: &str, filters: &[(&str, &str)]) -> String {
    let mut out = format!("{path}?");
    for (k, v) in filters {
        if !v.is_empty() {
            out.push_str(&format!("{k}={}&", encode(v)));
        }
    }
    out
}
