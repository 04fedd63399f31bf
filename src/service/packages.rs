//! Packages: registered git repositories and their versions.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;

use std::collections::HashMap;

use super::audit::{self, Entry};
use super::credentials::RepoCredentials;
use super::grants::find_package;
use super::page::{Page, PageRequest};
use super::{ChangeSet, Ctx, ServiceError, ServiceResult, Services, now};
use crate::db::entities::{package, package_version};
use crate::domain::package_name::PackageName;

/// Where a package's repository is hosted; decides how credentials are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RepoType {
    Git,
    Github,
    Gitlab,
    Bitbucket,
}

impl RepoType {
    pub fn as_str(self) -> &'static str {
        match self {
            RepoType::Git => "git",
            RepoType::Github => "github",
            RepoType::Gitlab => "gitlab",
            RepoType::Bitbucket => "bitbucket",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "git" | "vcs" => Ok(RepoType::Git),
            "github" => Ok(RepoType::Github),
            "gitlab" => Ok(RepoType::Gitlab),
            "bitbucket" => Ok(RepoType::Bitbucket),
            _ => Err(format!(
                "unknown repository type \"{s}\" (accepted: github, gitlab, bitbucket, git)"
            )),
        }
    }

    /// Guesses the type from the URL's host.
    pub fn detect(url: &str) -> Self {
        let lower = url.to_ascii_lowercase();
        if lower.contains("github.com") {
            RepoType::Github
        } else if lower.contains("gitlab.") {
            RepoType::Gitlab
        } else if lower.contains("bitbucket.org") {
            RepoType::Bitbucket
        } else {
            RepoType::Git
        }
    }
}

#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct Package {
    pub id: i64,
    pub name: String,
    pub repository_url: String,
    #[serde(rename = "type")]
    #[oai(rename = "type")]
    pub repo_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub default_branch: Option<String>,
    pub sync_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub last_synced_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub last_sync_error: Option<String>,
    pub warnings: Vec<serde_json::Value>,
    pub has_credentials: bool,
    pub versions: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Package {
    fn from_model(m: package::Model, versions: u64) -> Self {
        Self {
            id: m.id,
            has_credentials: m.credentials_encrypted.is_some(),
            warnings: serde_json::from_str(&m.warnings).unwrap_or_default(),
            name: m.name,
            repository_url: m.repository_url,
            repo_type: m.repo_type,
            description: m.description,
            default_branch: m.default_branch,
            sync_status: m.sync_status,
            last_synced_at: m.last_synced_at,
            last_sync_error: m.last_sync_error,
            versions,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct NewPackage {
    pub url: String,
    /// When missing, the name is read from the repository's composer.json.
    pub name: Option<String>,
    pub repo_type: Option<String>,
    pub credentials: Option<RepoCredentials>,
    /// Fetch the repository before registering it (to check it can be read and names
    /// the package); a name-less add always fetches.
    pub probe: bool,
}

/// Changes to a package; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct PackageUpdate {
    pub url: Option<String>,
    pub repo_type: Option<String>,
    /// `Some(None)` removes stored credentials.
    pub credentials: Option<Option<RepoCredentials>>,
}

/// One version of a package as operators see it.
#[derive(Debug, Clone, Serialize, poem_openapi::Object)]
pub struct VersionInfo {
    pub version: String,
    pub version_normalized: String,
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub source_ref: Option<String>,
    pub is_dev: bool,
    pub is_default_branch: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub sha1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[oai(skip_serializing_if_is_none)]
    pub released_at: Option<DateTime<Utc>>,
    pub yanked: bool,
    pub deprecated: bool,
}

impl From<package_version::Model> for VersionInfo {
    fn from(v: package_version::Model) -> Self {
        Self {
            version: v.version,
            version_normalized: v.version_normalized,
            reference: v.reference,
            source_ref: v.source_ref,
            is_dev: v.is_dev,
            is_default_branch: v.is_default_branch,
            sha1: v.sha1,
            size: v.size,
            released_at: v.released_at,
            yanked: v.yanked,
            deprecated: v.deprecated,
        }
    }
}

/// A per-version flag operators set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionFlag {
    Yank,
    Unyank,
    Deprecate,
    Undeprecate,
}

impl VersionFlag {
    fn action(self) -> &'static str {
        match self {
            VersionFlag::Yank => "package.yank",
            VersionFlag::Unyank => "package.unyank",
            VersionFlag::Deprecate => "package.deprecate",
            VersionFlag::Undeprecate => "package.undeprecate",
        }
    }
}

pub struct Packages<'a> {
    s: &'a Services,
}

impl<'a> Packages<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    /// Registers a repository. Without a name, the repository is fetched first and the
    /// name read from its default branch's composer.json.
    pub async fn add(&self, ctx: &Ctx, input: NewPackage) -> ServiceResult<Package> {
        ctx.may_change()?;
        let url = validate_url(&input.url)?;
        self.check_network_url(ctx, &url).await?;
        let repo_type = match input.repo_type.as_deref() {
            Some(t) => RepoType::parse(t).map_err(|e| ServiceError::field("type", e))?,
            None => RepoType::detect(&url),
        };
        if let Some(c) = &input.credentials {
            c.validate()?;
        }
        let given = input
            .name
            .as_deref()
            .map(|n| {
                PackageName::parse(n.trim()).map_err(|e| ServiceError::field("name", e.to_string()))
            })
            .transpose()?;
        let (name, fetched) = match (given, input.probe) {
            (Some(name), false) => (name, None),
            (given, _) => {
                let auth = input
                    .credentials
                    .as_ref()
                    .map(RepoCredentials::to_git_auth)
                    .unwrap_or_default();
                let (found, mirror) = self.s.sync().probe(&url, auth).await?;
                match checked_name(given, found, &url) {
                    Ok(name) => (name, Some(mirror)),
                    Err(e) => {
                        let _ = std::fs::remove_dir_all(&mirror);
                        return Err(e);
                    }
                }
            }
        };
        let stored = self
            .insert(ctx, &name, &url, repo_type, input.credentials.as_ref())
            .await;
        let row = match stored {
            Ok(row) => row,
            Err(e) => {
                if let Some(m) = &fetched {
                    let _ = std::fs::remove_dir_all(m);
                }
                return Err(e);
            }
        };
        if let Some(mirror) = fetched {
            // Keep what discovery fetched: the first sync then only checks for news.
            self.s.sync().adopt_mirror(mirror, row.tenant_id, row.id);
        }
        Ok(Package::from_model(row, 0))
    }

    /// The row of a new package, with its credentials sealed for its id (known only
    /// once inserted, so they are added in the same transaction), audited.
    async fn insert(
        &self,
        ctx: &Ctx,
        name: &PackageName,
        url: &str,
        repo_type: RepoType,
        credentials: Option<&RepoCredentials>,
    ) -> ServiceResult<package::Model> {
        let at = now();
        let txn = self.s.begin().await?;
        let inserted = package::ActiveModel {
            tenant_id: Set(ctx.tenant_id),
            name: Set(name.to_string()),
            repository_url: Set(url.to_string()),
            repo_type: Set(repo_type.as_str().into()),
            credentials_encrypted: Set(None),
            description: Set(None),
            default_branch: Set(None),
            sync_status: Set("never".into()),
            last_synced_at: Set(None),
            last_sync_error: Set(None),
            warnings: Set("[]".into()),
            abandoned: Set(None),
            metadata_changed_at: Set(at),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            ServiceError::on_conflict(e, format!("package {name} is already registered"))
        })?;
        let row = match credentials {
            Some(c) => {
                let sealed = self
                    .s
                    .seal_credentials(inserted.tenant_id, inserted.id, c)?;
                let mut active = inserted.into_active_model();
                active.credentials_encrypted = Set(Some(sealed));
                active.update(&txn).await?
            }
            None => inserted,
        };
        audit::record(
            &txn,
            ctx,
            Entry::new("package.add", "package", name.as_str()).details(json!({
                "url": url, "type": repo_type.as_str(), "credentials": credentials.is_some(),
            })),
        )
        .await?;
        // The name may be cached as "not hosted here" (404): make it known at once.
        self.s
            .commit_change(txn, ChangeSet::new(ctx.tenant_id).package(row.id))
            .await?;
        Ok(row)
    }

    /// Changes a package's URL, type or credentials. A new URL drops the stored
    /// credentials unless new ones are given with it: they were meant for the old
    /// repository, and must not be sent to wherever the URL now points.
    pub async fn update(
        &self,
        ctx: &Ctx,
        name: &str,
        input: PackageUpdate,
    ) -> ServiceResult<Package> {
        ctx.may_change()?;
        if input.url.is_none() && input.repo_type.is_none() && input.credentials.is_none() {
            return Err(ServiceError::invalid(
                "nothing to update: give a new URL, type or credentials (or drop the credentials)",
            ));
        }
        // Checked before the transaction: the URL check may wait for DNS.
        let url = match &input.url {
            Some(url) => {
                let url = validate_url(url)?;
                self.check_network_url(ctx, &url).await?;
                Some(url)
            }
            None => None,
        };
        let repo_type = input
            .repo_type
            .as_deref()
            .map(|t| RepoType::parse(t).map_err(|e| ServiceError::field("type", e)))
            .transpose()?;
        if let Some(Some(c)) = &input.credentials {
            c.validate()?;
        }
        let txn = self.s.begin().await?;
        let row = find_package(&txn, ctx, name).await?;
        let mut details = serde_json::Map::new();
        let mut active = row.clone().into_active_model();
        let url_changed = url.as_ref().is_some_and(|u| *u != row.repository_url);
        if let Some(url) = url {
            details.insert("url".into(), json!({"from": row.repository_url, "to": url}));
            active.repository_url = Set(url);
        }
        if let Some(t) = repo_type {
            details.insert(
                "type".into(),
                json!({"from": row.repo_type, "to": t.as_str()}),
            );
            active.repo_type = Set(t.as_str().into());
        }
        match &input.credentials {
            Some(Some(c)) => {
                let sealed = self.s.seal_credentials(row.tenant_id, row.id, c)?;
                details.insert("credentials".into(), json!("replaced"));
                active.credentials_encrypted = Set(Some(sealed));
            }
            Some(None) => {
                details.insert("credentials".into(), json!("removed"));
                active.credentials_encrypted = Set(None);
            }
            None if url_changed && row.credentials_encrypted.is_some() => {
                details.insert("credentials".into(), json!("dropped: the URL changed"));
                active.credentials_encrypted = Set(None);
            }
            None => {}
        }
        active.updated_at = Set(now());
        let updated = active.update(&txn).await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("package.update", "package", &row.name)
                .details(serde_json::Value::Object(details)),
        )
        .await?;
        txn.commit().await?;
        let n = count_versions(self.s.db(), updated.id).await?;
        Ok(Package::from_model(updated, n))
    }

    /// Every version, newest release first.
    pub async fn versions(&self, ctx: &Ctx, name: &str) -> ServiceResult<Vec<VersionInfo>> {
        Ok(self
            .versions_page(ctx, name, PageRequest::everything())
            .await?
            .data)
    }

    /// A page of [`Packages::versions`].
    pub async fn versions_page(
        &self,
        ctx: &Ctx,
        name: &str,
        req: PageRequest,
    ) -> ServiceResult<Page<VersionInfo>> {
        let db = self.s.db();
        let pkg = find_package(db, ctx, name).await?;
        let q = package_version::Entity::find()
            .filter(package_version::Column::PackageId.eq(pkg.id))
            .order_by_with_nulls(
                package_version::Column::ReleasedAt,
                sea_orm::Order::Desc,
                sea_orm::sea_query::NullOrdering::Last,
            )
            .order_by_desc(package_version::Column::Version);
        let page = super::page::fetch(db, q, req).await?;
        Ok(page.map(VersionInfo::from))
    }

    /// Yanks (hides from every customer), unyanks, deprecates or undeprecates a version.
    pub async fn flag_version(
        &self,
        ctx: &Ctx,
        name: &str,
        version: &str,
        flag: VersionFlag,
    ) -> ServiceResult<VersionInfo> {
        ctx.may_change()?;
        let txn = self.s.begin().await?;
        let pkg = find_package(&txn, ctx, name).await?;
        let row = find_version(&txn, &pkg, version).await?;
        let (current, wanted) = match flag {
            VersionFlag::Yank => (row.yanked, true),
            VersionFlag::Unyank => (row.yanked, false),
            VersionFlag::Deprecate => (row.deprecated, true),
            VersionFlag::Undeprecate => (row.deprecated, false),
        };
        if current == wanted {
            let state = match flag {
                VersionFlag::Yank | VersionFlag::Unyank => {
                    if wanted {
                        "yanked"
                    } else {
                        "not yanked"
                    }
                }
                _ => {
                    if wanted {
                        "deprecated"
                    } else {
                        "not deprecated"
                    }
                }
            };
            return Err(ServiceError::State(format!(
                "{} {} is already {state}",
                pkg.name, row.version
            )));
        }
        let stamp = now();
        let mut active = row.clone().into_active_model();
        match flag {
            VersionFlag::Yank | VersionFlag::Unyank => active.yanked = Set(wanted),
            _ => active.deprecated = Set(wanted),
        }
        active.updated_at = Set(stamp);
        let updated = active.update(&txn).await?;
        package::Entity::update_many()
            .col_expr(package::Column::MetadataChangedAt, stamp.into())
            .filter(package::Column::Id.eq(pkg.id))
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            ctx,
            Entry::new(flag.action(), "package", &pkg.name)
                .details(json!({"version": row.version})),
        )
        .await?;
        let mut change = ChangeSet::new(ctx.tenant_id).package(pkg.id);
        if flag == VersionFlag::Yank {
            change = change.revoking();
        }
        self.s.commit_change(txn, change).await?;
        Ok(VersionInfo::from(updated))
    }

    /// Registers a repository under the name given (nothing is fetched) and queues its
    /// first sync: what a network caller does, who gets the task rather than waiting
    /// for git.
    pub async fn add_and_queue_sync(
        &self,
        ctx: &Ctx,
        input: NewPackage,
    ) -> ServiceResult<(Package, super::jobs::Job)> {
        if input.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(ServiceError::field(
                "name",
                "give the package name (vendor/package): it is not read from the repository here",
            ));
        }
        let input = NewPackage {
            probe: false,
            ..input
        };
        let pkg = self.add(ctx, input).await?;
        let job = self.s.sync().queue(ctx, &pkg.name, "added").await?;
        Ok((pkg, job))
    }

    pub async fn list(&self, ctx: &Ctx) -> ServiceResult<Vec<Package>> {
        Ok(self.page(ctx, None, PageRequest::everything()).await?.data)
    }

    /// A page of the packages by name, optionally only those whose name contains
    /// `search`; version counts come from one grouped query.
    pub async fn page(
        &self,
        ctx: &Ctx,
        search: Option<&str>,
        req: PageRequest,
    ) -> ServiceResult<Page<Package>> {
        use sea_orm::QuerySelect;
        let db = self.s.db();
        let mut q = package::Entity::find().filter(package::Column::TenantId.eq(ctx.tenant_id));
        if let Some(text) = search.map(str::trim).filter(|t| !t.is_empty()) {
            let text: String = text
                .to_lowercase()
                .chars()
                .filter(|c| !matches!(c, '%' | '_' | '\\'))
                .collect();
            q = q.filter(package::Column::Name.contains(&text));
        }
        let page = super::page::fetch(db, q.order_by_asc(package::Column::Name), req).await?;
        let ids: Vec<i64> = page.data.iter().map(|p| p.id).collect();
        let counts: HashMap<i64, i64> = package_version::Entity::find()
            .select_only()
            .column(package_version::Column::PackageId)
            .column_as(package_version::Column::Id.count(), "n")
            .filter(package_version::Column::PackageId.is_in(ids))
            .group_by(package_version::Column::PackageId)
            .into_tuple::<(i64, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        Ok(page.map(|row| {
            let n = counts.get(&row.id).copied().unwrap_or(0);
            Package::from_model(row, u64::try_from(n).unwrap_or(0))
        }))
    }

    pub async fn show(&self, ctx: &Ctx, name: &str) -> ServiceResult<Package> {
        let db = self.s.db();
        let row = find_package(db, ctx, name).await?;
        let n = count_versions(db, row.id).await?;
        Ok(Package::from_model(row, n))
    }

    /// Deletes the package, its versions and every grant of it.
    pub async fn delete(&self, ctx: &Ctx, name: &str) -> ServiceResult<Package> {
        ctx.may_change()?;
        let txn = self.s.begin().await?;
        let row = find_package(&txn, ctx, name).await?;
        let n = count_versions(&txn, row.id).await?;
        let archives: Vec<String> = package_version::Entity::find()
            .filter(package_version::Column::PackageId.eq(row.id))
            .all(&txn)
            .await?
            .into_iter()
            .filter_map(|v| v.dist_path)
            .collect();
        // Its grantees' packages.json changes (the name leaves available-packages).
        let grantees = super::customers::touch_grantees(&txn, row.id, now()).await?;
        package::Entity::delete_by_id(row.id).exec(&txn).await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("package.delete", "package", &row.name).details(json!({"versions": n})),
        )
        .await?;
        let change = ChangeSet::new(ctx.tenant_id)
            .package(row.id)
            .customers(grantees)
            .revoking();
        self.s.commit_change(txn, change).await?;
        // After the commit, so a failed delete never leaves rows pointing at nothing.
        for key in archives {
            if let Err(e) = self.s.storage().delete(&key).await {
                tracing::warn!(key, error = %e, "could not delete an archive of a deleted package");
            }
        }
        self.s.sync().drop_mirror(row.tenant_id, row.id).await;
        Ok(Package::from_model(row, n))
    }
}

/// The name to register: the one given must match the repository's composer.json when
/// both exist; without one given, the repository's is used.
fn checked_name(
    given: Option<PackageName>,
    found: Option<PackageName>,
    url: &str,
) -> ServiceResult<PackageName> {
    match (given, found) {
        (Some(g), Some(f)) if g != f => Err(ServiceError::field(
            "name",
            format!(
                "the repository's composer.json names the package {f}, not {g}: register it as {f}, or fix composer.json"
            ),
        )),
        (Some(g), _) => Ok(g),
        (None, Some(f)) => Ok(f),
        (None, None) => Err(ServiceError::field(
            "name",
            format!(
                "cannot tell the package name: the default branch of {} has no composer.json with a \"name\"; give the name (vendor/package)",
                crate::git::redact_url(url)
            ),
        )),
    }
}

/// A version by its name as shown (`v1.2.0`, `dev-main`) or anything that normalizes to
/// the same version (`1.2`, `1.2.0.0`).
pub(crate) async fn find_version(
    conn: &impl sea_orm::ConnectionTrait,
    pkg: &package::Model,
    version: &str,
) -> ServiceResult<package_version::Model> {
    let version = version.trim();
    let base =
        || package_version::Entity::find().filter(package_version::Column::PackageId.eq(pkg.id));
    if let Some(v) = base()
        .filter(package_version::Column::Version.eq(version))
        .one(conn)
        .await?
    {
        return Ok(v);
    }
    let normalized = crate::domain::semver::normalize(version)
        .map_err(|e| ServiceError::field("version", format!("version \"{version}\": {e}")))?;
    base()
        .filter(package_version::Column::VersionNormalized.eq(normalized))
        .one(conn)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("{} has no version {version}", pkg.name)))
}

async fn count_versions(db: &impl sea_orm::ConnectionTrait, package_id: i64) -> ServiceResult<u64> {
    Ok(package_version::Entity::find()
        .filter(package_version::Column::PackageId.eq(package_id))
        .count(db)
        .await?)
}

impl Packages<'_> {
    /// A URL given over the network may not reach the server itself: no `file://` or
    /// local path, no host that resolves to a loopback, link-local, private or
    /// unspecified address, unless `REPOSITORY_ALLOW_LOCAL` says otherwise. (The check
    /// is made when the URL is given; the operator's CLI may always use such URLs.)
    pub(crate) async fn check_network_url(&self, ctx: &Ctx, url: &str) -> ServiceResult<()> {
        if !ctx.network || self.s.settings().security.repository_allow_local {
            return Ok(());
        }
        let refuse = |why: String| {
            ServiceError::field(
                "url",
                format!(
                    "{why}: repository URLs given over the network may not reach this server or its private network"
                ),
            )
        };
        let (host, port) = match url::Url::parse(url) {
            Ok(u) if u.scheme() == "file" => return Err(refuse("a file:// URL".into())),
            Ok(u) => match u.host_str() {
                Some(h) => (
                    h.trim_matches(['[', ']']).to_string(),
                    u.port_or_known_default(),
                ),
                None => return Err(refuse("a URL without a host".into())),
            },
            // scp-like `user@host:path`; anything else is a local path.
            Err(_) => match url.split_once(':') {
                Some((user_host, _)) if user_host.contains('@') && !url.starts_with('/') => {
                    let host = user_host.rsplit('@').next().unwrap_or_default();
                    (host.to_string(), Some(22))
                }
                _ => return Err(refuse("a local path".into())),
            },
        };
        let addrs: Vec<std::net::IpAddr> = match host.parse::<std::net::IpAddr>() {
            Ok(ip) => vec![ip],
            Err(_) => tokio::net::lookup_host((host.as_str(), port.unwrap_or(443)))
                .await
                .map_err(|e| refuse(format!("the host {host} does not resolve ({e})")))?
                .map(|a| a.ip())
                .collect(),
        };
        match addrs.iter().find(|ip| !is_public(**ip)) {
            Some(ip) => Err(refuse(format!("{host} is {ip}"))),
            None => Ok(()),
        }
    }
}

/// An address outside loopback, link-local, private, shared, unspecified and
/// multicast ranges (IPv4-mapped IPv6 addresses count as their IPv4 address).
pub(crate) fn is_public(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80)
            }
        },
    }
}

/// Accepts the repository URL forms git understands and sync supports.
pub fn validate_url(url: &str) -> ServiceResult<String> {
    let url = url.trim();
    let accepted = "accepted: https://host/path.git, ssh://git@host/path.git, git@host:path.git, file:///path or an absolute local path";
    if url.is_empty() || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(ServiceError::field(
            "url",
            format!("invalid repository URL \"{url}\" ({accepted})"),
        ));
    }
    if let Some((scheme, _)) = url.split_once("://") {
        return match scheme {
            "https" | "http" | "ssh" | "git" | "file" => match url::Url::parse(url) {
                Ok(u) if u.password().is_some() => Err(ServiceError::field(
                    "url",
                    "do not put credentials in the repository URL: give them separately so they are stored encrypted",
                )),
                Ok(_) => Ok(url.to_string()),
                Err(e) => Err(ServiceError::field(
                    "url",
                    format!("invalid repository URL \"{url}\": {e}"),
                )),
            },
            _ => Err(ServiceError::field(
                "url",
                format!("unsupported URL scheme \"{scheme}\" ({accepted})"),
            )),
        };
    }
    if url.starts_with('/') {
        return Ok(url.to_string());
    }
    // scp-like: user@host:path
    if let Some((host, path)) = url.split_once(':')
        && host.contains('@')
        && !path.is_empty()
        && !host.contains('/')
    {
        return Ok(url.to_string());
    }
    Err(ServiceError::field(
        "url",
        format!("invalid repository URL \"{url}\" ({accepted})"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_may_be_reached_from_the_network() {
        for private in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.1.1",
            "::",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "140.82.112.3",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }
}

/// Everything a package's page shows at once.
#[derive(Debug, Clone)]
pub struct PackageDetail {
    pub package: Package,
    /// A page of its versions, newest release first.
    pub versions: Page<VersionInfo>,
    /// Its newest sync job (queued, running or finished).
    pub latest_sync: Option<super::jobs::Job>,
    /// The first customers it is granted to, by name (the page says how many in all).
    pub grantees: Page<super::grants::Grantee>,
}

impl Packages<'_> {
    /// A package with a page of its versions, its latest sync job and its grantees.
    pub async fn detail(
        &self,
        ctx: &Ctx,
        name: &str,
        versions: PageRequest,
    ) -> ServiceResult<PackageDetail> {
        let package = self.show(ctx, name).await?;
        let versions = self.versions_page(ctx, name, versions).await?;
        let latest_sync = self.s.jobs().latest_sync(ctx, package.id).await?;
        let grantees = self
            .s
            .grants()
            .grantees_page(ctx, name, PageRequest::new(Some(1), Some(100))?)
            .await?;
        Ok(PackageDetail {
            package,
            versions,
            latest_sync,
            grantees,
        })
    }

    /// Registers a repository and queues its first sync, as
    /// [`Packages::add_and_queue_sync`] does; without a name, the repository is fetched
    /// now to read it from its composer.json (what discovery fetched is kept, so the
    /// sync only checks for news).
    pub async fn add_then_sync(
        &self,
        ctx: &Ctx,
        input: NewPackage,
    ) -> ServiceResult<(Package, super::jobs::Job)> {
        if input.name.as_deref().is_some_and(|n| !n.trim().is_empty()) {
            return self.add_and_queue_sync(ctx, input).await;
        }
        let input = NewPackage {
            name: None,
            probe: true,
            ..input
        };
        let pkg = self.add(ctx, input).await?;
        let job = self.s.sync().queue(ctx, &pkg.name, "added").await?;
        Ok((pkg, job))
    }
}
