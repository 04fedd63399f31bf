//! Packages: list with search, versions with warnings, sync with live progress, yank/deprecate.

use askama::Template;
use poem::http::{StatusCode, header};
use poem::web::Path;
use poem::{Request, Response, Route, get, handler, post};
use serde::Deserialize;

use super::page::{
    Chrome, FormError, Nav, Pager, date, done, filter_base, maybe_date, ok, page_number, render,
    service_failure,
};
use super::session::{Admin, Posted};
use super::sign_in::Nothing;
use crate::service::ServiceError;
use crate::service::jobs::Job;
use crate::service::packages::{NewPackage, Package, VersionFlag, VersionInfo};
use crate::service::page::PageRequest;

/// Packages per page of the list.
const PER_PAGE: u64 = 50;
/// Versions per page of a package.
const VERSIONS_PER_PAGE: u64 = 100;

/// Adds this page group's routes.
pub fn routes(r: Route) -> Route {
    r.at("/packages", get(list).post(add))
        .at("/packages/:vendor/:name", get(show))
        .at("/packages/:vendor/:name/sync", post(sync))
        .at("/packages/:vendor/:name/versions", post(flag))
        .at("/packages/:vendor/:name/jobs/:id", get(job_progress))
}

/// `vendor/name` from a path.
fn full_name(vendor: &str, name: &str) -> String {
    format!("{vendor}/{name}")
}

fn package_url(name: &str) -> String {
    format!("/packages/{name}")
}

/// Bytes as people read them.
fn size(bytes: Option<i64>) -> String {
    let Some(b) = bytes.filter(|b| *b >= 0) else {
        return "—".into();
    };
    let b = b as f64;
    if b < 1024.0 {
        format!("{b} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    }
}

/// The badge class of a package's sync status (`ok`, `failed`, `never`).
fn status_badge(status: &str) -> &'static str {
    match status {
        "ok" => "good",
        "failed" => "bad",
        _ => "warn",
    }
}

/// A warning a sync recorded (a ref that gives no version, a note on an archive).
pub struct Warning {
    pub reference: String,
    pub message: String,
}

fn warnings(p: &Package) -> Vec<Warning> {
    p.warnings
        .iter()
        .map(|w| Warning {
            reference: w
                .get("ref")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
            message: w
                .get("message")
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| w.to_string()),
        })
        .collect()
}

// ---- the list ------------------------------------------------------------------

/// One row of the package list.
struct Row {
    name: String,
    status: String,
    badge: &'static str,
    versions: u64,
    warnings: usize,
    last_sync: String,
}

/// The add form's fields, as typed.
#[derive(Deserialize, Default)]
pub struct AddForm {
    #[serde(default)]
    url: String,
    #[serde(default)]
    name: String,
    #[serde(default, rename = "type")]
    repo_type: String,
}

#[derive(Template)]
#[template(path = "ui/packages.html")]
struct ListPage {
    chrome: Chrome,
    q: String,
    rows: Vec<Row>,
    pager: Pager,
    form: AddForm,
    error: Option<FormError>,
}

#[derive(Template)]
#[template(path = "ui/packages_new.html")]
struct AddPage {
    chrome: Chrome,
    form: AddForm,
    error: Option<FormError>,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<u64>,
}

#[handler]
pub async fn list(admin: Admin, req: &Request) -> Response {
    let query = req.params::<ListQuery>().unwrap_or_default();
    let q = query.q.trim().to_string();
    let page_req = PageRequest {
        page: page_number(query.page),
        per_page: Some(PER_PAGE),
    };
    let search = (!q.is_empty()).then_some(q.as_str());
    let found = match admin
        .services()
        .packages()
        .page(&admin.ctx, search, page_req)
        .await
    {
        Ok(p) => p,
        Err(e) => return service_failure(&e),
    };
    let rows = found
        .data
        .iter()
        .map(|p| Row {
            name: p.name.clone(),
            badge: status_badge(&p.sync_status),
            status: p.sync_status.clone(),
            versions: p.versions,
            warnings: p.warnings.len(),
            last_sync: maybe_date(&p.last_synced_at),
        })
        .collect();
    let page = ListPage {
        chrome: Chrome::admin(&admin, "Packages", Nav::Packages),
        pager: Pager::new(
            &found.pagination,
            &filter_base("/packages", &[("q", &q)]),
            "packages",
        ),
        q,
        rows,
        form: AddForm::default(),
        error: None,
    };
    ok(&page, &page.chrome, req)
}

/// The add form alone (with what was typed and why it was refused), 422.
fn add_refused(admin: &Admin, form: AddForm, error: FormError) -> Response {
    let page = AddPage {
        chrome: Chrome::admin(admin, "Add a package", Nav::Packages),
        form,
        error: Some(error),
    };
    render(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

#[handler]
pub async fn add(req: &Request, posted: Posted<Admin, AddForm>) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let input = NewPackage {
        url: form.url.trim().to_string(),
        name: given(&form.name),
        repo_type: given(&form.repo_type),
        credentials: None,
        probe: false,
    };
    match admin
        .services()
        .packages()
        .add_then_sync(&admin.ctx, input)
        .await
    {
        Ok((pkg, job)) => done(
            req,
            &format!("{}?job={}", package_url(&pkg.name), job.id),
            &format!("Registered {}; its first sync is queued.", pkg.name),
        ),
        Err(e @ ServiceError::Forbidden(_)) => service_failure(&e),
        Err(e) => match FormError::from_service(e) {
            Ok(error) => add_refused(&admin, form, error),
            Err(resp) => resp,
        },
    }
}

// ---- one package ---------------------------------------------------------------

/// One row of the versions table.
struct VersionRow {
    version: String,
    reference: String,
    released: String,
    size: String,
    yanked: bool,
    deprecated: bool,
    is_dev: bool,
    warned: bool,
}

impl VersionRow {
    fn new(v: &VersionInfo, warnings: &[Warning]) -> Self {
        let source = v.source_ref.as_deref().unwrap_or_default();
        let warned = warnings.iter().any(|w| {
            !w.reference.is_empty()
                && (source == w.reference || source.ends_with(&format!("/{}", w.reference)))
        });
        Self {
            version: v.version.clone(),
            reference: v.reference.chars().take(10).collect(),
            released: maybe_date(&v.released_at),
            size: size(v.size),
            yanked: v.yanked,
            deprecated: v.deprecated,
            is_dev: v.is_dev,
            warned,
        }
    }
}

/// Where a sync job stands, as the page and its JSON say it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Queued,
    Running,
    /// Failed; queued again for a later attempt.
    Retrying,
    Done,
    Failed,
}

impl Phase {
    fn of(job: &Job) -> Self {
        match job.status.as_str() {
            "running" => Phase::Running,
            "done" => Phase::Done,
            "failed" => Phase::Failed,
            _ if job.attempts > 0 && job.last_error.is_some() => Phase::Retrying,
            _ => Phase::Queued,
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "queued" => Phase::Queued,
            "running" => Phase::Running,
            "retrying" => Phase::Retrying,
            "done" => Phase::Done,
            "failed" => Phase::Failed,
            _ => return None,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            Phase::Queued => "queued",
            Phase::Running => "running",
            Phase::Retrying => "retrying",
            Phase::Done => "done",
            Phase::Failed => "failed",
        }
    }

    fn finished(self) -> bool {
        matches!(self, Phase::Retrying | Phase::Done | Phase::Failed)
    }

    fn percent(self) -> u8 {
        match self {
            Phase::Queued => 10,
            Phase::Running => 50,
            _ => 100,
        }
    }

    fn label(self, job: &Job) -> String {
        let error = job.last_error.as_deref().unwrap_or("unknown error");
        match self {
            Phase::Queued => "Queued".into(),
            Phase::Running => "Syncing…".into(),
            Phase::Retrying => format!(
                "Failed (attempt {} of {}), will retry at {}: {error}",
                job.attempts,
                job.max_attempts,
                date(&job.run_at)
            ),
            Phase::Done => "Synced".into(),
            Phase::Failed => format!("Failed: {error}"),
        }
    }
}

/// The sync job a package's page shows.
struct JobView {
    id: i64,
    /// The JSON the page polls (once only, when the job had finished already).
    url: String,
    label: String,
    badge: &'static str,
}

#[derive(Template)]
#[template(path = "ui/package.html")]
struct PackagePage {
    chrome: Chrome,
    package: Package,
    last_sync: String,
    warnings: Vec<Warning>,
    versions: Vec<VersionRow>,
    pager: Pager,
    job: Option<JobView>,
    grantees: Vec<crate::service::grants::Grantee>,
    grantees_total: u64,
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    #[serde(default)]
    page: Option<u64>,
    #[serde(default)]
    job: Option<i64>,
}

#[handler]
pub async fn show(
    admin: Admin,
    req: &Request,
    Path((vendor, name)): Path<(String, String)>,
) -> Response {
    let query = req.params::<ShowQuery>().unwrap_or_default();
    let name = full_name(&vendor, &name);
    let versions_req = PageRequest {
        page: page_number(query.page),
        per_page: Some(VERSIONS_PER_PAGE),
    };
    let detail = match admin
        .services()
        .packages()
        .detail(&admin.ctx, &name, versions_req)
        .await
    {
        Ok(d) => d,
        Err(e) => return service_failure(&e),
    };
    let warnings = warnings(&detail.package);
    let versions = detail
        .versions
        .data
        .iter()
        .map(|v| VersionRow::new(v, &warnings))
        .collect();
    // A job still running is followed live; a finished one only when the page was
    // asked for it (after "Sync now"), without polling or reloading again.
    let job = detail.latest_sync.as_ref().and_then(|j| {
        let phase = Phase::of(j);
        let asked = query.job == Some(j.id);
        (!phase.finished() || asked).then(|| JobView {
            id: j.id,
            url: format!(
                "{}/jobs/{}?shown={}",
                package_url(&detail.package.name),
                j.id,
                phase.as_str()
            ),
            label: phase.label(j),
            badge: match phase {
                Phase::Done => "good",
                Phase::Failed | Phase::Retrying => "bad",
                _ => "warn",
            },
        })
    });
    let page = PackagePage {
        chrome: Chrome::admin(&admin, detail.package.name.clone(), Nav::Packages),
        last_sync: maybe_date(&detail.package.last_synced_at),
        pager: Pager::new(
            &detail.versions.pagination,
            &format!("{}?", package_url(&detail.package.name)),
            "versions",
        )
        .chronological(),
        package: detail.package,
        warnings,
        versions,
        job,
        grantees_total: detail.grantees.pagination.total,
        grantees: detail.grantees.data,
    };
    ok(&page, &page.chrome, req)
}

#[handler]
pub async fn sync(
    req: &Request,
    Path((vendor, name)): Path<(String, String)>,
    posted: Posted<Admin, Nothing>,
) -> Response {
    let admin = posted.session;
    let name = full_name(&vendor, &name);
    match admin.services().sync().queue(&admin.ctx, &name, "ui").await {
        Ok(job) => done(
            req,
            &format!("{}?job={}", package_url(&name), job.id),
            &format!("Sync of {name} queued."),
        ),
        Err(e) => service_failure(&e),
    }
}

#[derive(Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    action: String,
}

#[handler]
pub async fn flag(
    req: &Request,
    Path((vendor, name)): Path<(String, String)>,
    posted: Posted<Admin, FlagForm>,
) -> Response {
    let Posted {
        session: admin,
        form,
    } = posted;
    let name = full_name(&vendor, &name);
    let (flag, did) = match form.action.as_str() {
        "yank" => (VersionFlag::Yank, "yanked"),
        "unyank" => (VersionFlag::Unyank, "unyanked"),
        "deprecate" => (VersionFlag::Deprecate, "deprecated"),
        "undeprecate" => (VersionFlag::Undeprecate, "undeprecated"),
        other => {
            return service_failure(&ServiceError::field(
                "action",
                format!(
                    "unknown action \"{other}\" (accepted: yank, unyank, deprecate, undeprecate)"
                ),
            ));
        }
    };
    match admin
        .services()
        .packages()
        .flag_version(&admin.ctx, &name, &form.version, flag)
        .await
    {
        Ok(v) => done(
            req,
            &package_url(&name),
            &format!("{name} {} {did}.", v.version),
        ),
        Err(e) => service_failure(&e),
    }
}

#[derive(Deserialize, Default)]
struct JobQuery {
    /// The phase the page showed when it was made: it reloads only when the job
    /// finished since.
    #[serde(default)]
    shown: String,
}

/// The live progress of a package's sync job, polled by the page.
#[handler]
pub async fn job_progress(
    admin: Admin,
    req: &Request,
    Path((_vendor, _name, id)): Path<(String, String, i64)>,
) -> Response {
    let shown = req
        .params::<JobQuery>()
        .ok()
        .and_then(|q| Phase::parse(&q.shown));
    let body = match admin.services().jobs().get(&admin.ctx, id).await {
        Ok(job) if job.kind == "sync_package" => {
            let phase = Phase::of(&job);
            let finished = phase.finished();
            serde_json::json!({
                "state": phase.as_str(),
                "label": phase.label(&job),
                "percent": phase.percent(),
                "finished": finished,
                "reload": finished && !shown.is_some_and(Phase::finished),
            })
        }
        Ok(_) | Err(ServiceError::NotFound(_)) => serde_json::json!({
            "state": "missing",
            "label": "This sync is no longer known.",
            "percent": 0,
            "finished": true,
            "reload": false,
        }),
        Err(e) => return service_failure(&e),
    };
    Response::builder()
        .content_type("application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(body.to_string())
}
