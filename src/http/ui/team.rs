//! The team: the admin tokens of the registry (owner only): list, issue (the secret is
//! shown once), revoke.

use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Request, Response, Route, get, handler, post};
use serde::Deserialize;

use super::page::{Chrome, FormError, Nav, done, maybe_date, ok, render, service_failure};
use super::page::{Pager, page_number};
use super::session::{Admin, Posted};
use super::sign_in::Nothing;
use crate::service::ServiceError;
use crate::service::admin_tokens::{AdminTokenInfo, IssuedAdminToken};
use crate::service::page::PageRequest;

/// Tokens per page.
const PER_PAGE: u64 = 100;

/// Adds this page group's routes.
pub fn routes(r: Route) -> Route {
    r.at("/team", get(list))
        .at("/team/tokens", post(issue))
        .at("/team/tokens/:id/revoke", post(revoke))
}

/// The issue form's fields, as typed.
#[derive(Deserialize)]
pub struct IssueForm {
    #[serde(default = "default_level")]
    level: String,
    #[serde(default)]
    name: String,
}

fn default_level() -> String {
    "admin".into()
}

impl Default for IssueForm {
    fn default() -> Self {
        Self {
            level: default_level(),
            name: String::new(),
        }
    }
}

/// One token as the table shows it.
struct Row {
    id: i64,
    name: String,
    level: &'static str,
    prefix: String,
    platform: bool,
    status: String,
    badge: &'static str,
    last_used: String,
    created: String,
}

impl Row {
    fn new(t: &AdminTokenInfo) -> Self {
        Self {
            id: t.id,
            name: t.name.clone().unwrap_or_default(),
            level: t.level.as_str(),
            prefix: t.prefix.clone(),
            platform: t.platform,
            badge: match t.status.as_str() {
                "active" => "good",
                "revoked" => "bad",
                _ => "warn",
            },
            status: t.status.clone(),
            last_used: maybe_date(&t.last_used_at),
            created: maybe_date(&Some(t.created_at)),
        }
    }
}

#[derive(Template)]
#[template(path = "ui/team.html")]
struct TeamPage {
    chrome: Chrome,
    rows: Vec<Row>,
    pager: Pager,
    form: IssueForm,
    error: Option<FormError>,
}

#[derive(Template)]
#[template(path = "ui/team_new.html")]
struct IssuePage {
    chrome: Chrome,
    form: IssueForm,
    error: Option<FormError>,
}

#[derive(Template)]
#[template(path = "ui/team_issued.html")]
struct IssuedPage {
    chrome: Chrome,
    token: Row,
    secret: String,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    page: Option<u64>,
}

#[handler]
pub async fn list(admin: Admin, req: &Request) -> Response {
    let q = req.params::<ListQuery>().unwrap_or_default();
    let page_req = PageRequest {
        page: page_number(q.page),
        per_page: Some(PER_PAGE),
    };
    // Only an owner may see the team: the service refuses anyone else (403 page).
    let found = match admin
        .services()
        .admin_tokens()
        .page(&admin.ctx, page_req)
        .await
    {
        Ok(p) => p,
        Err(e) => return service_failure(&e),
    };
    let page = TeamPage {
        chrome: Chrome::admin(&admin, "Team", Nav::Team),
        rows: found.data.iter().map(Row::new).collect(),
        pager: Pager::new(&found.pagination, "/team?", "tokens"),
        form: IssueForm::default(),
        error: None,
    };
    ok(&page, &page.chrome, req)
}

#[handler]
pub async fn issue(posted: Posted<Admin, IssueForm>) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    let name = Some(form.name.trim()).filter(|n| !n.is_empty());
    let issued = admin
        .services()
        .admin_tokens()
        .issue(&admin.ctx, form.level.trim(), name)
        .await;
    match issued {
        Ok(IssuedAdminToken { token, plain_token }) => {
            let page = IssuedPage {
                chrome: Chrome::admin(&admin, "Admin token issued", Nav::Team),
                token: Row::new(&token),
                secret: plain_token,
            };
            render(&page, StatusCode::OK)
        }
        Err(e @ ServiceError::Forbidden(_)) => service_failure(&e),
        Err(e) => match FormError::from_service(e) {
            Ok(error) => {
                let page = IssuePage {
                    chrome: Chrome::admin(&admin, "Issue an admin token", Nav::Team),
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
pub async fn revoke(
    req: &Request,
    Path(id): Path<i64>,
    posted: Posted<Admin, Nothing>,
) -> Response {
    let admin = posted.session;
    match admin.services().admin_tokens().revoke(&admin.ctx, id).await {
        Ok(t) => done(
            req,
            "/team",
            &format!("Admin token {} ({}…) revoked.", t.id, t.prefix),
        ),
        Err(e) => service_failure(&e),
    }
}
