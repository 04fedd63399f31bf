//! Packages: registered git repositories and their versions.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;

use super::audit::{self, Entry};
use super::grants::find_package;
use super::{Ctx, ServiceError, ServiceResult, Services, bump_generation, now};
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
    pub name: Option<String>,
    pub repo_type: Option<String>,
}

pub struct Packages<'a> {
    s: &'a Services,
}

impl<'a> Packages<'a> {
    pub(super) fn new(s: &'a Services) -> Self {
        Self { s }
    }

    /// Registers a repository. The name is required until sync can read it from the
    /// repository's composer.json.
    pub async fn add(&self, ctx: &Ctx, input: NewPackage) -> ServiceResult<Package> {
        let url = validate_url(&input.url)?;
        let repo_type = match input.repo_type.as_deref() {
            Some(t) => RepoType::parse(t).map_err(ServiceError::Invalid)?,
            None => RepoType::detect(&url),
        };
        let name = match input.name.as_deref() {
            Some(n) => {
                PackageName::parse(n.trim()).map_err(|e| ServiceError::Invalid(e.to_string()))?
            }
            None => {
                return Err(ServiceError::Invalid(
                    "give the package name with --name vendor/package".into(),
                ));
            }
        };
        let at = now();
        let txn = self.s.begin().await?;
        let row = package::ActiveModel {
            tenant_id: Set(ctx.tenant_id),
            name: Set(name.to_string()),
            repository_url: Set(url.clone()),
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
        audit::record(
            &txn,
            ctx,
            Entry::new("package.add", "package", name.as_str())
                .details(json!({"url": url, "type": repo_type.as_str()})),
        )
        .await?;
        txn.commit().await?;
        Ok(Package::from_model(row, 0))
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
        package::Entity::delete_by_id(row.id).exec(&txn).await?;
        audit::record(
            &txn,
            ctx,
            Entry::new("package.delete", "package", &row.name).details(json!({"versions": n})),
        )
        .await?;
        bump_generation(&txn, ctx.tenant_id).await?;
        txn.commit().await?;
        Ok(Package::from_model(row, n))
    }
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
