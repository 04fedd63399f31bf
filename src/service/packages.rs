//! Packages: registered git repositories and their versions.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Entry};
use super::credentials::RepoCredentials;
use super::grants::find_package;
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

#[derive(Debug, Clone, Serialize)]
pub struct Package {
    pub id: i64,
    pub name: String,
    pub repository_url: String,
    #[serde(rename = "type")]
    pub repo_type: String,
    pub description: Option<String>,
    pub default_branch: Option<String>,
    pub sync_status: String,
    pub last_synced_at: Option<DateTime<Utc>>,
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
#[derive(Debug, Clone, Serialize)]
pub struct VersionInfo {
    pub version: String,
    pub version_normalized: String,
    pub reference: String,
    pub source_ref: Option<String>,
    pub is_dev: bool,
    pub is_default_branch: bool,
    pub sha1: Option<String>,
    pub size: Option<i64>,
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
        let url = validate_url(&input.url)?;
        let repo_type = match input.repo_type.as_deref() {
            Some(t) => RepoType::parse(t).map_err(ServiceError::Invalid)?,
            None => RepoType::detect(&url),
        };
        let sealed = input
            .credentials
            .as_ref()
            .map(|c| self.s.seal_credentials(c))
            .transpose()?;
        let given = input
            .name
            .as_deref()
            .map(|n| PackageName::parse(n.trim()).map_err(|e| ServiceError::Invalid(e.to_string())))
            .transpose()?;
        let (name, fetched) = match (given, input.probe) {
            (Some(name), false) => (name, None),
            (given, _) => {
                let auth = self.s.open_credentials(sealed.as_deref())?;
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
        let at = now();
        let txn = self.s.begin().await?;
        let inserted = package::ActiveModel {
            tenant_id: Set(ctx.tenant_id),
            name: Set(name.to_string()),
            repository_url: Set(url.clone()),
            repo_type: Set(repo_type.as_str().into()),
            credentials_encrypted: Set(sealed),
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
        .await;
        let row = match inserted {
            Ok(row) => row,
            Err(e) => {
                if let Some(m) = &fetched {
                    let _ = std::fs::remove_dir_all(m);
                }
                return Err(ServiceError::on_conflict(
                    e,
                    format!("package {name} is already registered"),
                ));
            }
        };
        audit::record(
            &txn,
            ctx,
            Entry::new("package.add", "package", name.as_str()).details(json!({
                "url": url, "type": repo_type.as_str(), "credentials": row.credentials_encrypted.is_some(),
            })),
        )
        .await?;
        // The name may be cached as "not hosted here" (404): make it known at once.
        self.s
            .commit_change(txn, ChangeSet::new(ctx.tenant_id).package(row.id))
            .await?;
        if let Some(mirror) = fetched {
            // Keep what discovery fetched: the first sync then only checks for news.
            self.s.sync().adopt_mirror(mirror, row.tenant_id, row.id);
        }
        Ok(Package::from_model(row, 0))
    }

    pub async fn update(
        &self,
        ctx: &Ctx,
        name: &str,
        input: PackageUpdate,
    ) -> ServiceResult<Package> {
        if input.url.is_none() && input.repo_type.is_none() && input.credentials.is_none() {
            return Err(ServiceError::Invalid(
                "nothing to update: give --url, --type, credentials or --no-credentials".into(),
            ));
        }
        let sealed = match &input.credentials {
            Some(Some(c)) => Some(Some(self.s.seal_credentials(c)?)),
            Some(None) => Some(None),
            None => None,
        };
        let txn = self.s.begin().await?;
        let row = find_package(&txn, ctx, name).await?;
        let mut details = serde_json::Map::new();
        let mut active = row.clone().into_active_model();
        if let Some(url) = &input.url {
            let url = validate_url(url)?;
            details.insert("url".into(), json!({"from": row.repository_url, "to": url}));
            active.repository_url = Set(url);
        }
        if let Some(t) = &input.repo_type {
            let t = RepoType::parse(t).map_err(ServiceError::Invalid)?;
            details.insert(
                "type".into(),
                json!({"from": row.repo_type, "to": t.as_str()}),
            );
            active.repo_type = Set(t.as_str().into());
        }
        if let Some(sealed) = sealed {
            details.insert(
                "credentials".into(),
                json!(if sealed.is_some() {
                    "replaced"
                } else {
                    "removed"
                }),
            );
            active.credentials_encrypted = Set(sealed);
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
        let db = self.s.db();
        let pkg = find_package(db, ctx, name).await?;
        let mut rows = package_version::Entity::find()
            .filter(package_version::Column::PackageId.eq(pkg.id))
            .all(db)
            .await?;
        rows.sort_by(|a, b| {
            b.released_at
                .cmp(&a.released_at)
                .then_with(|| b.version.cmp(&a.version))
        });
        Ok(rows.into_iter().map(VersionInfo::from).collect())
    }

    /// Yanks (hides from every customer), unyanks, deprecates or undeprecates a version.
    pub async fn flag_version(
        &self,
        ctx: &Ctx,
        name: &str,
        version: &str,
        flag: VersionFlag,
    ) -> ServiceResult<VersionInfo> {
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

    pub async fn list(&self, ctx: &Ctx) -> ServiceResult<Vec<Package>> {
        let db = self.s.db();
        let rows = package::Entity::find()
            .filter(package::Column::TenantId.eq(ctx.tenant_id))
            .order_by_asc(package::Column::Name)
            .all(db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let n = count_versions(db, row.id).await?;
            out.push(Package::from_model(row, n));
        }
        Ok(out)
    }

    pub async fn show(&self, ctx: &Ctx, name: &str) -> ServiceResult<Package> {
        let db = self.s.db();
        let row = find_package(db, ctx, name).await?;
        let n = count_versions(db, row.id).await?;
        Ok(Package::from_model(row, n))
    }

    /// Deletes the package, its versions and every grant of it.
    pub async fn delete(&self, ctx: &Ctx, name: &str) -> ServiceResult<Package> {
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
        (Some(g), Some(f)) if g != f => Err(ServiceError::Invalid(format!(
            "the repository's composer.json names the package {f}, not {g}: register it as {f}, or fix composer.json"
        ))),
        (Some(g), _) => Ok(g),
        (None, Some(f)) => Ok(f),
        (None, None) => Err(ServiceError::Invalid(format!(
            "cannot tell the package name: the default branch of {} has no composer.json with a \"name\"; give it with --name vendor/package",
            crate::git::redact_url(url)
        ))),
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
        .map_err(|e| ServiceError::Invalid(format!("version \"{version}\": {e}")))?;
    base()
        .filter(package_version::Column::VersionNormalized.eq(normalized))
        .one(conn)
        .await?
        .ok_or_else(|| {
            ServiceError::NotFound(format!(
                "{} has no version {version} (`cargoman package versions {}` lists them)",
                pkg.name, pkg.name
            ))
        })
}

async fn count_versions(db: &impl sea_orm::ConnectionTrait, package_id: i64) -> ServiceResult<u64> {
    Ok(package_version::Entity::find()
        .filter(package_version::Column::PackageId.eq(package_id))
        .count(db)
        .await?)
}

/// Accepts the repository URL forms git understands and sync supports.
pub fn validate_url(url: &str) -> ServiceResult<String> {
    let url = url.trim();
    let accepted = "accepted: https://host/path.git, ssh://git@host/path.git, git@host:path.git, file:///path or an absolute local path";
    if url.is_empty() || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(ServiceError::Invalid(format!(
            "invalid repository URL \"{url}\" ({accepted})"
        )));
    }
    if let Some((scheme, _)) = url.split_once("://") {
        return match scheme {
            "https" | "http" | "ssh" | "git" | "file" => match url::Url::parse(url) {
                Ok(u) if u.password().is_some() => Err(ServiceError::Invalid(
                    "do not put credentials in the repository URL: give them with --token or --ssh-key so they are stored encrypted".into(),
                )),
                Ok(_) => Ok(url.to_string()),
                Err(e) => Err(ServiceError::Invalid(format!("invalid repository URL \"{url}\": {e}"))),
            },
            _ => Err(ServiceError::Invalid(format!(
                "unsupported URL scheme \"{scheme}\" ({accepted})"
            ))),
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
    Err(ServiceError::Invalid(format!(
        "invalid repository URL \"{url}\" ({accepted})"
    )))
}
