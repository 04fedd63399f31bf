//! The proxy: its status and counts, a queued purge of its cache, frozen public
//! packages, upstream alerts, and the upstream repositories (mirrors) behind it.
//!
//! Answers are the proxy service's views serialized as they are (the CLI's `--json`
//! prints the same); the schemas below only document them, field for field (a test
//! checks that they name the same fields).

use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde::Serialize;

use super::support::{
    AdminAuth, ApiError, ApiResult, Doc, Tag, Text, ok, page_schema, paging, text,
};
use crate::domain::package_name::PackageName;
use crate::service::Services;
use crate::service::jobs::Job;
use crate::service::page::{Page, PageRequest};
use crate::service::proxy::{
    AlertView, MirrorAuth, NewMirror, ProxyStatus, UpstreamStats, UpstreamView,
};

/// An upstream Composer repository behind the proxy. Its secret is never shown.
#[derive(Object)]
#[oai(rename = "Upstream")]
pub struct UpstreamSchema {
    pub id: i64,
    pub name: String,
    /// The repository's URL (where its `packages.json` is).
    pub url: String,
    /// Lower is asked first; the first upstream that has a name owns it.
    pub priority: i32,
    /// Packagist, configured by `PROXY_PACKAGIST_URL`.
    pub builtin: bool,
    /// `basic` or `bearer`; left out without credentials.
    pub auth: Option<String>,
    /// The HTTP Basic user name.
    pub username: Option<String>,
    /// Where a package's metadata is (`%package%` stands for its name).
    pub metadata_url: Option<String>,
    /// The upstream's `metadata-changes-url` feed, when it has one.
    pub changes_url: Option<String>,
    /// The upstream's security advisories API, when it has one.
    pub advisories_url: Option<String>,
}

/// What the proxy holds and whether it serves.
#[derive(Object)]
#[oai(rename = "ProxyStatus")]
pub struct ProxyStatusSchema {
    /// Whether public packages are served (`PROXY_ENABLED`).
    pub enabled: bool,
    /// By priority.
    pub upstreams: Vec<UpstreamSchema>,
    /// Cached files (metadata and archives).
    pub entries: u64,
    pub stored_bytes: u64,
    /// `PROXY_MAX_CACHE_SIZE`.
    pub max_cache_size: u64,
    /// Public packages kept at their cached metadata.
    pub frozen: Vec<String>,
    pub open_alerts: u64,
}

/// One upstream's cache, and what the server answering counted for it since it
/// started.
#[derive(Object)]
#[oai(rename = "UpstreamStats")]
pub struct UpstreamStatsSchema {
    pub upstream: String,
    pub metadata_entries: u64,
    pub archive_entries: u64,
    pub stored_bytes: u64,
    pub hits: u64,
    pub misses: u64,
    pub bytes_served: u64,
    pub upstream_errors: u64,
}

/// An upstream failure (unreachable, timeout, an HTTP error, an unusable answer, a
/// refused URL), counted while it lasts and resolved when the upstream answers again.
#[derive(Object)]
#[oai(rename = "ProxyAlert")]
pub struct ProxyAlertSchema {
    pub id: i64,
    pub upstream: Option<String>,
    /// `unreachable`, `timeout`, `http_error`, `bad_answer` or `refused_url`.
    pub kind: String,
    pub package: Option<String>,
    pub message: String,
    pub occurrences: i64,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// Left out while open.
    pub resolved_at: Option<DateTime<Utc>>,
}

page_schema!(UpstreamPage, UpstreamSchema, "A page of upstreams.");
page_schema!(
    UpstreamStatsPage,
    UpstreamStatsSchema,
    "A page of per-upstream counts."
);
page_schema!(ProxyAlertPage, ProxyAlertSchema, "A page of proxy alerts.");

/// A public package to freeze or unfreeze.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct ProxyPackageInput {
    /// `vendor/package`.
    pub package: Text,
}

/// A public package's frozen state after the change.
#[derive(Object, Serialize)]
pub struct ProxyPackage {
    pub package: String,
    pub frozen: bool,
}

/// An upstream Composer repository to add. It must answer as one (its
/// `packages.json`) with the credentials given before it is stored; credentials are
/// `username` with `password`, or `bearer`, or none.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct MirrorInput {
    /// The repository's http(s) URL.
    pub url: Text,
    /// Letters, digits, `-`, `_` or `.` (default: the URL's host).
    pub name: Option<Text>,
    /// Lower is asked first; Packagist has 100 (default: 10).
    pub priority: Option<i32>,
    /// HTTP Basic user name (with `password`).
    pub username: Option<Text>,
    /// HTTP Basic password. Stored encrypted; never shown again.
    pub password: Option<Text>,
    /// A bearer token. Stored encrypted; never shown again.
    pub bearer: Option<Text>,
}

impl MirrorInput {
    fn into_new_mirror(self) -> ApiResult<NewMirror> {
        let auth = match (text(self.username), text(self.password), text(self.bearer)) {
            (None, None, None) => MirrorAuth::None,
            (Some(username), Some(password), None) => MirrorAuth::Basic { username, password },
            (None, None, Some(token)) => MirrorAuth::Bearer(token),
            (_, _, Some(_)) => {
                return Err(ApiError::invalid(
                    "give either a bearer token or a username and password",
                    Some("bearer"),
                ));
            }
            (None, Some(_), None) => {
                return Err(ApiError::invalid(
                    "a password goes with a username",
                    Some("username"),
                ));
            }
            (Some(_), None, None) => {
                return Err(ApiError::invalid(
                    "a username goes with a password",
                    Some("password"),
                ));
            }
        };
        Ok(NewMirror {
            url: self.url.0,
            name: text(self.name),
            priority: self.priority,
            auth,
        })
    }
}

#[derive(ApiResponse)]
pub enum Queued {
    /// The purge is queued (follow it at `/tasks/{id}`; a purge already waiting is that
    /// task).
    #[oai(status = 202)]
    Accepted(Json<Doc<Job>>),
}

#[derive(ApiResponse)]
pub enum Added {
    /// The upstream answered and was stored.
    #[oai(status = 201)]
    Created(Json<Doc<UpstreamView, UpstreamSchema>>),
}

#[derive(ApiResponse)]
pub enum Removed {
    /// The upstream and its cached files are gone.
    #[oai(status = 204)]
    NoContent,
}

pub struct Api {
    pub s: Services,
}

#[OpenApi(tag = "Tag::Proxy")]
impl Api {
    /// Show the proxy's status
    ///
    /// Whether it serves, its upstreams, cache use, frozen packages and open alerts.
    #[oai(
        path = "/proxy/status",
        method = "get",
        operation_id = "getProxyStatus"
    )]
    async fn status(
        &self,
        auth: AdminAuth,
    ) -> ApiResult<Json<Doc<ProxyStatus, ProxyStatusSchema>>> {
        ok(self.s.proxy().status(&auth.0).await?)
    }

    /// Show the proxy's counts per upstream
    ///
    /// Cached files and bytes, and the hits, misses, bytes served and upstream errors
    /// the answering server counted since it started.
    #[oai(path = "/proxy/stats", method = "get", operation_id = "getProxyStats")]
    async fn stats(
        &self,
        auth: AdminAuth,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<UpstreamStats>, UpstreamStatsPage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(page_of(self.s.proxy().stats(&auth.0).await?, req))
    }

    /// Queue a purge of the proxy cache
    ///
    /// Every cached file, frozen packages' too; clients fetch them from upstream again.
    #[oai(
        path = "/proxy/purge",
        method = "post",
        operation_id = "purgeProxyCache"
    )]
    async fn purge(&self, auth: AdminAuth) -> ApiResult<Queued> {
        let job = self.s.jobs().queue_proxy_purge(&auth.0).await?;
        Ok(Queued::Accepted(Json(Doc::new(job))))
    }

    /// Freeze a public package
    ///
    /// It stays at its cached metadata, never refreshed from upstream, until unfrozen.
    #[oai(
        path = "/proxy/freeze",
        method = "post",
        operation_id = "freezeProxyPackage"
    )]
    async fn freeze(
        &self,
        auth: AdminAuth,
        input: Json<ProxyPackageInput>,
    ) -> ApiResult<Json<Doc<ProxyPackage>>> {
        self.set_frozen(auth, input.0.package.0, true).await
    }

    /// Unfreeze a public package
    #[oai(
        path = "/proxy/unfreeze",
        method = "post",
        operation_id = "unfreezeProxyPackage"
    )]
    async fn unfreeze(
        &self,
        auth: AdminAuth,
        input: Json<ProxyPackageInput>,
    ) -> ApiResult<Json<Doc<ProxyPackage>>> {
        self.set_frozen(auth, input.0.package.0, false).await
    }

    /// List upstream alerts
    ///
    /// Open ones first, then the latest resolved.
    #[oai(
        path = "/proxy/alerts",
        method = "get",
        operation_id = "listProxyAlerts"
    )]
    async fn alerts(
        &self,
        auth: AdminAuth,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<AlertView>, ProxyAlertPage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(page_of(self.s.proxy().alerts(&auth.0).await?, req))
    }

    /// List upstreams
    ///
    /// By priority (lower first), the built-in Packagist included.
    #[oai(
        path = "/proxy/upstreams",
        method = "get",
        operation_id = "listProxyUpstreams"
    )]
    async fn upstreams(
        &self,
        auth: AdminAuth,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<UpstreamView>, UpstreamPage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(page_of(self.s.proxy().list_upstreams(&auth.0).await?, req))
    }

    /// Add an upstream
    ///
    /// The repository is asked for its `packages.json` with the credentials given
    /// before anything is stored. A URL that reaches this server or its private network
    /// is refused unless `REPOSITORY_ALLOW_LOCAL` is set.
    #[oai(
        path = "/proxy/upstreams",
        method = "post",
        operation_id = "addProxyUpstream"
    )]
    async fn add_upstream(&self, auth: AdminAuth, input: Json<MirrorInput>) -> ApiResult<Added> {
        let new = input.0.into_new_mirror()?;
        let added = self.s.proxy().add_upstream(&auth.0, new).await?;
        Ok(Added::Created(Json(Doc::new(added))))
    }

    /// Remove an upstream
    ///
    /// With everything cached from it. The built-in Packagist cannot be removed.
    #[oai(
        path = "/proxy/upstreams/:name",
        method = "delete",
        operation_id = "removeProxyUpstream"
    )]
    async fn remove_upstream(&self, auth: AdminAuth, name: Path<String>) -> ApiResult<Removed> {
        self.s.proxy().remove_upstream(&auth.0, &name.0).await?;
        Ok(Removed::NoContent)
    }
}

impl Api {
    async fn set_frozen(
        &self,
        auth: AdminAuth,
        package: String,
        frozen: bool,
    ) -> ApiResult<Json<Doc<ProxyPackage>>> {
        self.s.proxy().set_frozen(&auth.0, &package, frozen).await?;
        // The name as stored (Composer names are lower case).
        let package = PackageName::parse_lenient(&package)
            .map(|n| n.as_str().to_string())
            .unwrap_or(package);
        ok(ProxyPackage { package, frozen })
    }
}

/// Page `req` of a list the service answers whole (a tenant's upstreams, its latest
/// alerts: short lists).
fn page_of<T>(all: Vec<T>, req: PageRequest) -> Page<T> {
    let total = all.len() as u64;
    let per_page = req.per_page.unwrap_or(total.max(1));
    let skip = (req.page - 1).saturating_mul(per_page);
    let data = all
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .collect();
    Page::new(data, req, total)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::Utc;
    use poem_openapi::registry::Registry;
    use poem_openapi::types::Type;

    use super::*;
    use crate::service::proxy::Counters;

    /// The property names of schema `S`. (Views leave unset fields out: the samples
    /// below set every one.)
    fn documented<S: Type>() -> BTreeSet<String> {
        let mut registry = Registry::new();
        S::register(&mut registry);
        let schema = &registry.schemas[S::name().as_ref()];
        schema
            .properties
            .iter()
            .map(|(k, _)| k.to_string())
            .collect()
    }

    fn serialized(value: impl Serialize) -> BTreeSet<String> {
        let v = serde_json::to_value(value).unwrap();
        v.as_object().unwrap().keys().cloned().collect()
    }

    fn upstream() -> UpstreamView {
        UpstreamView {
            id: 1,
            name: "packagist".into(),
            url: "https://repo.packagist.org".into(),
            priority: 100,
            builtin: true,
            auth: Some("basic".into()),
            username: Some("alice".into()),
            metadata_url: Some("https://repo.packagist.org/p2/%package%.json".into()),
            changes_url: Some("https://repo.packagist.org/metadata/changes.json".into()),
            advisories_url: Some("https://packagist.org/api/security-advisories/".into()),
        }
    }

    #[test]
    fn schemas_name_every_field_the_views_serialize() {
        assert_eq!(documented::<UpstreamSchema>(), serialized(upstream()));
        let status = ProxyStatus {
            enabled: true,
            upstreams: vec![upstream()],
            entries: 0,
            stored_bytes: 0,
            max_cache_size: 1,
            frozen: Vec::new(),
            open_alerts: 0,
        };
        assert_eq!(documented::<ProxyStatusSchema>(), serialized(status));
        let stats = UpstreamStats {
            upstream: "packagist".into(),
            metadata_entries: 0,
            archive_entries: 0,
            stored_bytes: 0,
            counters: Counters::default(),
        };
        assert_eq!(documented::<UpstreamStatsSchema>(), serialized(stats));
        let alert = AlertView {
            id: 1,
            upstream: Some("packagist".into()),
            kind: "timeout".into(),
            package: Some("psr/log".into()),
            message: "m".into(),
            occurrences: 1,
            first_seen_at: Utc::now(),
            last_seen_at: Utc::now(),
            resolved_at: Some(Utc::now()),
        };
        assert_eq!(documented::<ProxyAlertSchema>(), serialized(alert));
    }

    #[test]
    fn whole_lists_are_paged() {
        let req = PageRequest::new(Some(2), Some(2)).unwrap();
        let page = page_of(vec![1, 2, 3, 4, 5], req);
        assert_eq!(page.data, vec![3, 4]);
        assert_eq!(page.pagination.total, 5);
        assert_eq!(page.pagination.total_pages, 3);
        let beyond = page_of(vec![1], PageRequest::new(Some(9), None).unwrap());
        assert!(beyond.data.is_empty());
    }
}
