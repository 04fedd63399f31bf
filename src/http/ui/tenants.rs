//! Tenants (the deployment's operator, in a multi-tenant deployment): list, add (the
//! webhook secret is shown once), suspend with a reason, reactivate.

use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Request, Response, Route, get, handler, post};
use serde::Deserialize;

use super::page::{Chrome, FormError, Nav, date, done, message_page, ok, render, service_failure};
use super::page::{Pager, page_number};
use super::session::{Admin, Posted};
use super::sign_in::Nothing;
use crate::domain::tenant::TenantStatus;
use crate::service::ServiceError;
use crate::service::page::PageRequest;
use crate::service::tenants::{NewTenant, Tenant};

/// Tenants per page.
const PER_PAGE: u64 = 50;

/// Adds this page group's routes.
pub fn routes(r: Route) -> Route {
    r.at("/tenants", get(list).post(add))
        .at("/tenants/:slug/suspend", post(suspend))
        .at("/tenants/:slug/reactivate", post(reactivate))
}

/// The 403 page unless the session is the deployment's operator in a multi-tenant
/// deployment (the services refuse anyone else too).
fn refused(admin: &Admin) -> Option<Response> {
    if admin.is_operator() && admin.services().directory().multi() {
        return None;
    }
    let detail = if admin.services().directory().multi() {
        "Tenants are managed by the deployment's operator only (ADMIN_TOKEN or a platform-wide owner token)."
    } else {
        "This deployment serves one registry: there are no tenants to manage."
    };
    Some(message_page(StatusCode::FORBIDDEN, "Not allowed", detail))
}

/// One tenant as the table shows it.
struct Row {
    slug: String,
    name: String,
    active: bool,
    default: bool,
    reason: Option<String>,
    domains: Vec<String>,
    created: String,
}

impl Row {
    fn new(t: Tenant) -> Self {
        Self {
            active: t.status == TenantStatus::Active,
            default: t.slug == crate::service::tenants::DEFAULT_SLUG,
            slug: t.slug,
            name: t.name,
            reason: t.status_reason,
            domains: t.domains,
            created: date(&t.created_at),
        }
    }
}

/// The add form's fields, as typed.
#[derive(Deserialize, Default)]
pub struct AddForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    /// Separated by commas, spaces or lines.
    #[serde(default)]
    domains: String,
}

#[derive(Deserialize, Default)]
pub struct SuspendForm {
    #[serde(default)]
    reason: String,
}

#[derive(Template)]
#[template(path = "ui/tenants.html")]
struct TenantsPage {
    chrome: Chrome,
    rows: Vec<Row>,
    pager: Pager,
    form: AddForm,
    error: Option<FormError>,
}

#[derive(Template)]
#[template(path = "ui/tenants_new.html")]
struct AddPage {
    chrome: Chrome,
    form: AddForm,
    error: Option<FormError>,
}

#[derive(Template)]
#[template(path = "ui/tenants_created.html")]
struct CreatedPage {
    chrome: Chrome,
    tenant: Row,
    secret: String,
}

#[derive(Template)]
#[template(path = "ui/tenants_suspend.html")]
struct SuspendPage {
    chrome: Chrome,
    slug: String,
    reason: String,
    error: FormError,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    page: Option<u64>,
}

#[handler]
pub async fn list(admin: Admin, req: &Request) -> Response {
    if let Some(no) = refused(&admin) {
        return no;
    }
    let q = req.params::<ListQuery>().unwrap_or_default();
    let page_req = PageRequest {
        page: page_number(q.page),
        per_page: Some(PER_PAGE),
    };
    let found = match admin.services().tenants().page(&admin.ctx, page_req).await {
        Ok(p) => p,
        Err(e) => return service_failure(&e),
    };
    let page = TenantsPage {
        chrome: Chrome::admin(&admin, "Tenants", Nav::Tenants),
        pager: Pager::new(&found.pagination, "/tenants?", "tenants"),
        rows: found.data.into_iter().map(Row::new).collect(),
        form: AddForm::default(),
        error: None,
    };
    ok(&page, &page.chrome, req)
}

#[handler]
pub async fn add(posted: Posted<Admin, AddForm>) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    if let Some(no) = refused(&admin) {
        return no;
    }
    let new = NewTenant {
        slug: form.slug.trim().to_string(),
        name: Some(form.name.trim().to_string()).filter(|n| !n.is_empty()),
        domains: form
            .domains
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect(),
    };
    match admin.services().tenants().add(&admin.ctx, new).await {
        Ok(created) => {
            let page = CreatedPage {
                chrome: Chrome::admin(&admin, "Tenant added", Nav::Tenants),
                tenant: Row::new(created.tenant),
                secret: created.webhook_secret,
            };
            render(&page, StatusCode::OK)
        }
        Err(e @ ServiceError::Forbidden(_)) => service_failure(&e),
        Err(e) => match FormError::from_service(e) {
            Ok(error) => {
                let page = AddPage {
                    chrome: Chrome::admin(&admin, "Add a tenant", Nav::Tenants),
                    form,
                    error: Some(error),
                };
                render(&page, StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(resp) => resp,
        },
    }
}

#[handler]
pub async fn suspend(
    req: &Request,
    Path(slug): Path<String>,
    posted: Posted<Admin, SuspendForm>,
) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    if let Some(no) = refused(&admin) {
        return no;
    }
    let reason = Some(form.reason.trim().to_string()).filter(|r| !r.is_empty());
    match admin
        .services()
        .tenants()
        .suspend(&admin.ctx, &slug, reason)
        .await
    {
        Ok(t) => done(req, "/tenants", &format!("Tenant {} is suspended.", t.slug)),
        Err(e @ ServiceError::Invalid { .. }) => {
            let error = FormError::from_service(e).unwrap_or_default();
            let page = SuspendPage {
                chrome: Chrome::admin(&admin, "Suspend a tenant", Nav::Tenants),
                slug,
                reason: form.reason,
                error,
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => service_failure(&e),
    }
}

#[handler]
pub async fn reactivate(
    req: &Request,
    Path(slug): Path<String>,
    posted: Posted<Admin, Nothing>,
) -> Response {
    let admin = posted.session;
    if let Some(no) = refused(&admin) {
        return no;
    }
    match admin
        .services()
        .tenants()
        .reactivate(&admin.ctx, &slug)
        .await
    {
        Ok(t) => done(
            req,
            "/tenants",
            &format!("Tenant {} is active again.", t.slug),
        ),
        Err(e) => service_failure(&e),
    }
}
