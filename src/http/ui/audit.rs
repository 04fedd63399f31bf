//! The audit log: who changed what, when and why, filtered by action, target and actor,
//! newest first, 50 entries a page.

use askama::Template;
use poem::{Request, Response, Route, get, handler};
use serde::Deserialize;

use super::page::{Chrome, Nav, date, ok, service_failure};
use super::page::{Pager, filter_base, page_number};
use super::session::Admin;
use crate::service::audit::AuditFilter;
use crate::service::page::PageRequest;

/// Entries per page.
const PER_PAGE: u64 = 50;

/// Adds this page group's routes.
pub fn routes(r: Route) -> Route {
    r.at("/audit", get(list))
}

#[derive(Deserialize, Default)]
struct AuditQuery {
    #[serde(default)]
    action: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    page: Option<u64>,
}

/// One entry as the table shows it.
struct Row {
    id: i64,
    at: String,
    actor: String,
    action: String,
    target_type: String,
    target: String,
    reason: Option<String>,
    ip: Option<String>,
    details: Option<String>,
}

#[derive(Template)]
#[template(path = "ui/audit.html")]
struct AuditPage {
    chrome: Chrome,
    action: String,
    target: String,
    actor: String,
    rows: Vec<Row>,
    pager: Pager,
    filtered: bool,
}

#[handler]
pub async fn list(admin: Admin, req: &Request) -> Response {
    let q = req.params::<AuditQuery>().unwrap_or_default();
    let (action, target, actor) = (
        q.action.trim().to_string(),
        q.target.trim().to_string(),
        q.actor.trim().to_string(),
    );
    let given = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    let filter = AuditFilter {
        action: given(&action),
        target: given(&target),
        actor: given(&actor),
        limit: None,
    };
    let page_req = PageRequest {
        page: page_number(q.page),
        per_page: Some(PER_PAGE),
    };
    let found = match admin
        .services()
        .audit()
        .page(&admin.ctx, &filter, page_req)
        .await
    {
        Ok(p) => p,
        Err(e) => return service_failure(&e),
    };
    let rows = found
        .data
        .into_iter()
        .map(|e| Row {
            id: e.id,
            at: date(&e.at),
            actor: e.actor,
            action: e.action,
            target_type: e.target_type,
            target: e.target,
            reason: e.reason,
            ip: e.ip,
            details: e.details.map(|d| shorten(&d.to_string(), 300)),
        })
        .collect();
    let base = filter_base(
        "/audit",
        &[("action", &action), ("target", &target), ("actor", &actor)],
    );
    let page = AuditPage {
        chrome: Chrome::admin(&admin, "Audit log", Nav::Audit),
        pager: Pager::new(&found.pagination, &base, "entries").chronological(),
        filtered: filter.action.is_some() || filter.target.is_some() || filter.actor.is_some(),
        action,
        target,
        actor,
        rows,
    };
    ok(&page, &page.chrome, req)
}

/// `s` cut to `max` characters.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_string(),
    }
}
