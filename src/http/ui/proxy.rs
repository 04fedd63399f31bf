//! The proxy: whether it serves, its cache, upstreams and their counts, alerts; purge
//! the cache (queued, as over REST), freeze and unfreeze public packages.

use askama::Template;
use poem::http::StatusCode;
use poem::{Request, Response, Route, get, handler, post};
use serde::Deserialize;

use super::page::{Chrome, FormError, Nav, date, done, ok, render, service_failure};
use super::session::{Admin, Posted};
use super::sign_in::Nothing;
use crate::service::ServiceError;
use crate::service::proxy::{AlertView, UpstreamStats, UpstreamView};

/// Adds this page group's routes.
pub fn routes(r: Route) -> Route {
    r.at("/proxy", get(show))
        .at("/proxy/purge", post(purge))
        .at("/proxy/frozen", post(freeze))
}

/// Bytes as people read them.
fn bytes(n: u64) -> String {
    let n = n as f64;
    let (k, m, g) = (1024.0, 1024.0 * 1024.0, 1024.0 * 1024.0 * 1024.0);
    if n < k {
        format!("{n} B")
    } else if n < m {
        format!("{:.1} KiB", n / k)
    } else if n < g {
        format!("{:.1} MiB", n / m)
    } else {
        format!("{:.2} GiB", n / g)
    }
}

/// An upstream with its counts.
struct Upstream {
    name: String,
    url: String,
    priority: i32,
    builtin: bool,
    auth: String,
    feed: bool,
    metadata_entries: u64,
    archive_entries: u64,
    stored: String,
    hits: u64,
    misses: u64,
    served: String,
    errors: u64,
}

impl Upstream {
    fn new(u: UpstreamView, stats: &[UpstreamStats]) -> Self {
        let s = stats.iter().find(|s| s.upstream == u.name);
        Self {
            feed: u.changes_url.is_some(),
            auth: u.auth.unwrap_or_default(),
            metadata_entries: s.map_or(0, |s| s.metadata_entries),
            archive_entries: s.map_or(0, |s| s.archive_entries),
            stored: bytes(s.map_or(0, |s| s.stored_bytes)),
            hits: s.map_or(0, |s| s.counters.hits),
            misses: s.map_or(0, |s| s.counters.misses),
            served: bytes(s.map_or(0, |s| s.counters.bytes_served)),
            errors: s.map_or(0, |s| s.counters.upstream_errors),
            name: u.name,
            url: u.url,
            priority: u.priority,
            builtin: u.builtin,
        }
    }
}

/// An alert as the table shows it.
struct Alert {
    upstream: String,
    kind: String,
    package: String,
    message: String,
    occurrences: i64,
    first_seen: String,
    last_seen: String,
    resolved: Option<String>,
}

impl From<AlertView> for Alert {
    fn from(a: AlertView) -> Self {
        Self {
            upstream: a.upstream.unwrap_or_default(),
            kind: a.kind,
            package: a.package.unwrap_or_default(),
            message: a.message,
            occurrences: a.occurrences,
            first_seen: date(&a.first_seen_at),
            last_seen: date(&a.last_seen_at),
            resolved: a.resolved_at.as_ref().map(date),
        }
    }
}

/// The freeze form's fields, as typed.
#[derive(Deserialize, Default)]
pub struct FreezeForm {
    #[serde(default)]
    package: String,
    /// `freeze` (default) or `unfreeze`.
    #[serde(default)]
    action: String,
}

#[derive(Template)]
#[template(path = "ui/proxy.html")]
struct ProxyPage {
    chrome: Chrome,
    enabled: bool,
    entries: u64,
    stored: String,
    max_cache: String,
    open_alerts: u64,
    frozen: Vec<String>,
    upstreams: Vec<Upstream>,
    alerts: Vec<Alert>,
    form: FreezeForm,
    error: Option<FormError>,
}

#[derive(Template)]
#[template(path = "ui/proxy_freeze.html")]
struct FreezePage {
    chrome: Chrome,
    form: FreezeForm,
    error: Option<FormError>,
}

#[handler]
pub async fn show(admin: Admin, req: &Request) -> Response {
    let o = match admin.services().proxy().overview(&admin.ctx).await {
        Ok(o) => o,
        Err(e) => return service_failure(&e),
    };
    let stats = o.stats;
    let page = ProxyPage {
        chrome: Chrome::admin(&admin, "Proxy", Nav::Proxy),
        enabled: o.status.enabled,
        entries: o.status.entries,
        stored: bytes(o.status.stored_bytes),
        max_cache: bytes(o.status.max_cache_size),
        open_alerts: o.status.open_alerts,
        frozen: o.status.frozen,
        upstreams: o
            .status
            .upstreams
            .into_iter()
            .map(|u| Upstream::new(u, &stats))
            .collect(),
        alerts: o.alerts.into_iter().map(Alert::from).collect(),
        form: FreezeForm::default(),
        error: None,
    };
    ok(&page, &page.chrome, req)
}

#[handler]
pub async fn purge(req: &Request, posted: Posted<Admin, Nothing>) -> Response {
    let admin = posted.session;
    match admin.services().jobs().queue_proxy_purge(&admin.ctx).await {
        Ok(job) => done(
            req,
            "/proxy",
            &format!("A purge of the proxy cache is queued (task {}).", job.id),
        ),
        Err(e) => service_failure(&e),
    }
}

#[handler]
pub async fn freeze(req: &Request, posted: Posted<Admin, FreezeForm>) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    let frozen = form.action != "unfreeze";
    let result = admin
        .services()
        .proxy()
        .set_frozen(&admin.ctx, &form.package, frozen)
        .await;
    match result {
        Ok(()) => {
            let name = form.package.trim().to_ascii_lowercase();
            let message = if frozen {
                format!("{name} is frozen at what is cached.")
            } else {
                format!("{name} is no longer frozen.")
            };
            done(req, "/proxy", &message)
        }
        Err(e @ ServiceError::Forbidden(_)) => service_failure(&e),
        Err(e) => match FormError::from_service(e) {
            Ok(error) => {
                let page = FreezePage {
                    chrome: Chrome::admin(&admin, "Freeze a public package", Nav::Proxy),
                    form,
                    error: Some(error),
                };
                render(&page, StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(resp) => resp,
        },
    }
}
