//! Packages: register a git repository (its first sync is queued), list, show, change
//! and delete packages, their versions, queued syncs, and per-version flags.

use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::support::{
    AdminAuth, ApiError, ApiResult, Doc, Tag, Text, ok, page_schema, paging, text,
};
use crate::service::Services;
use crate::service::credentials::RepoCredentials;
use crate::service::jobs::Job;
use crate::service::packages::{NewPackage, Package, PackageUpdate, VersionFlag, VersionInfo};
use crate::service::page::Page;

page_schema!(PackagePage, Package, "A page of packages.");
page_schema!(VersionPage, VersionInfo, "A page of a package's versions.");

/// Credentials of a private repository: an HTTPS token (with a user name for servers
/// that want one), or an SSH private key. Stored encrypted; never shown again.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct CredentialsInput {
    pub token: Option<Text>,
    pub username: Option<Text>,
    /// PEM or OpenSSH private key text.
    pub ssh_key: Option<Text>,
    pub passphrase: Option<Text>,
}

impl CredentialsInput {
    fn into_credentials(self) -> ApiResult<RepoCredentials> {
        match (self.token, self.ssh_key) {
            (Some(token), None) => Ok(RepoCredentials::Token {
                username: text(self.username),
                token: token.0,
            }),
            (None, Some(key)) => Ok(RepoCredentials::SshKey {
                private_key: key.0,
                passphrase: text(self.passphrase),
            }),
            _ => Err(ApiError::invalid(
                "give either a token or an SSH key",
                Some("credentials"),
            )),
        }
    }
}

/// A git repository to register.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct PackageInput {
    /// `https://…`, `ssh://…` or `git@host:path`.
    pub url: Text,
    /// `vendor/package`, as the repository's composer.json names it.
    pub name: Text,
    /// `github`, `gitlab`, `bitbucket` or `git` (detected from the URL by default).
    #[oai(rename = "type")]
    pub repo_type: Option<Text>,
    pub credentials: Option<CredentialsInput>,
}

/// Changes to a package: a field left out stays as it is; `credentials: null` drops
/// the stored credentials.
#[derive(Object)]
#[oai(deny_unknown_fields)]
pub struct PackagePatch {
    pub url: Option<Text>,
    #[oai(rename = "type")]
    pub repo_type: Option<Text>,
    pub credentials: MaybeUndefined<CredentialsInput>,
}

/// A package just registered and the task of its first sync.
#[derive(Object, serde::Serialize)]
pub struct Registered {
    pub package: Package,
    pub task: Job,
}

#[derive(ApiResponse)]
pub enum Accepted {
    /// Registered; the first sync is queued (follow it at `/tasks/{id}`).
    #[oai(status = 202)]
    Accepted(Json<Doc<Registered>>),
}

#[derive(ApiResponse)]
pub enum Queued {
    /// The sync is queued (follow it at `/tasks/{id}`).
    #[oai(status = 202)]
    Accepted(Json<Doc<Job>>),
}

#[derive(ApiResponse)]
pub enum QueuedAll {
    /// A sync of every package is queued.
    #[oai(status = 202)]
    Accepted(Json<Doc<Vec<Job>>>),
}

pub struct Api {
    pub s: Services,
}

fn full_name(vendor: Path<String>, package: Path<String>) -> String {
    format!("{}/{}", vendor.0, package.0)
}

#[OpenApi(tag = "Tag::Packages")]
impl Api {
    /// List packages
    ///
    /// By name; `search` keeps those whose name contains the text.
    #[oai(path = "/packages", method = "get", operation_id = "listPackages")]
    async fn list(
        &self,
        auth: AdminAuth,
        search: Query<Option<String>>,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<Package>, PackagePage>>> {
        let req = paging(page.0, per_page.0)?;
        ok(self
            .s
            .packages()
            .page(&auth.0, search.0.as_deref(), req)
            .await?)
    }

    /// Register a package
    ///
    /// Nothing is fetched during the call: the first sync is queued and its task
    /// answered.
    #[oai(path = "/packages", method = "post", operation_id = "addPackage")]
    async fn add(&self, auth: AdminAuth, input: Json<PackageInput>) -> ApiResult<Accepted> {
        let input = input.0;
        let credentials = input
            .credentials
            .map(CredentialsInput::into_credentials)
            .transpose()?;
        let new = NewPackage {
            url: input.url.0,
            name: Some(input.name.0),
            repo_type: text(input.repo_type),
            credentials,
            probe: false,
        };
        let (package, task) = self.s.packages().add_and_queue_sync(&auth.0, new).await?;
        Ok(Accepted::Accepted(Json(Doc::new(Registered {
            package,
            task,
        }))))
    }

    /// Queue a sync of every package
    #[oai(
        path = "/packages/sync",
        method = "post",
        operation_id = "syncAllPackages"
    )]
    async fn sync_all(&self, auth: AdminAuth) -> ApiResult<QueuedAll> {
        let jobs = self.s.sync().queue_all(&auth.0, "api").await?;
        Ok(QueuedAll::Accepted(Json(Doc::new(jobs))))
    }

    /// Show a package
    #[oai(
        path = "/packages/:vendor/:package",
        method = "get",
        operation_id = "getPackage"
    )]
    async fn get(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
    ) -> ApiResult<Json<Doc<Package>>> {
        ok(self
            .s
            .packages()
            .show(&auth.0, &full_name(vendor, package))
            .await?)
    }

    /// Change a package's repository
    #[oai(
        path = "/packages/:vendor/:package",
        method = "patch",
        operation_id = "updatePackage"
    )]
    async fn update(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
        patch: Json<PackagePatch>,
    ) -> ApiResult<Json<Doc<Package>>> {
        let p = patch.0;
        let credentials = match p.credentials {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(c) => Some(Some(c.into_credentials()?)),
        };
        let update = PackageUpdate {
            url: text(p.url),
            repo_type: text(p.repo_type),
            credentials,
        };
        ok(self
            .s
            .packages()
            .update(&auth.0, &full_name(vendor, package), update)
            .await?)
    }

    /// Delete a package
    ///
    /// With its versions, archives and every grant of it.
    #[oai(
        path = "/packages/:vendor/:package",
        method = "delete",
        operation_id = "deletePackage"
    )]
    async fn delete(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
    ) -> ApiResult<Json<Doc<Package>>> {
        ok(self
            .s
            .packages()
            .delete(&auth.0, &full_name(vendor, package))
            .await?)
    }

    /// Queue a sync of a package
    #[oai(
        path = "/packages/:vendor/:package/sync",
        method = "post",
        operation_id = "syncPackage"
    )]
    async fn sync(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
    ) -> ApiResult<Queued> {
        let name = full_name(vendor, package);
        let job = self.s.sync().queue(&auth.0, &name, "api").await?;
        Ok(Queued::Accepted(Json(Doc::new(job))))
    }

    /// List a package's versions
    ///
    /// Newest release first.
    #[oai(
        path = "/packages/:vendor/:package/versions",
        method = "get",
        operation_id = "listVersions"
    )]
    async fn versions(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
        #[oai(validator(minimum(value = "1"), maximum(value = "10000000")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<Json<Doc<Page<VersionInfo>, VersionPage>>> {
        let req = paging(page.0, per_page.0)?;
        let name = full_name(vendor, package);
        ok(self.s.packages().versions_page(&auth.0, &name, req).await?)
    }

    /// Yank a version
    ///
    /// It disappears from every customer's metadata and cannot be downloaded.
    #[oai(
        path = "/packages/:vendor/:package/versions/:version/yank",
        method = "post",
        operation_id = "yankVersion"
    )]
    async fn yank(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
        version: Path<String>,
    ) -> ApiResult<Json<Doc<VersionInfo>>> {
        self.flag(auth, full_name(vendor, package), version, VersionFlag::Yank)
            .await
    }

    /// Unyank a version
    #[oai(
        path = "/packages/:vendor/:package/versions/:version/unyank",
        method = "post",
        operation_id = "unyankVersion"
    )]
    async fn unyank(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
        version: Path<String>,
    ) -> ApiResult<Json<Doc<VersionInfo>>> {
        self.flag(
            auth,
            full_name(vendor, package),
            version,
            VersionFlag::Unyank,
        )
        .await
    }

    /// Deprecate a version
    ///
    /// Composer warns about it (as "abandoned") but still installs it.
    #[oai(
        path = "/packages/:vendor/:package/versions/:version/deprecate",
        method = "post",
        operation_id = "deprecateVersion"
    )]
    async fn deprecate(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
        version: Path<String>,
    ) -> ApiResult<Json<Doc<VersionInfo>>> {
        let name = full_name(vendor, package);
        self.flag(auth, name, version, VersionFlag::Deprecate).await
    }

    /// Undeprecate a version
    #[oai(
        path = "/packages/:vendor/:package/versions/:version/undeprecate",
        method = "post",
        operation_id = "undeprecateVersion"
    )]
    async fn undeprecate(
        &self,
        auth: AdminAuth,
        vendor: Path<String>,
        package: Path<String>,
        version: Path<String>,
    ) -> ApiResult<Json<Doc<VersionInfo>>> {
        let name = full_name(vendor, package);
        self.flag(auth, name, version, VersionFlag::Undeprecate)
            .await
    }
}

impl Api {
    async fn flag(
        &self,
        auth: AdminAuth,
        name: String,
        version: Path<String>,
        flag: VersionFlag,
    ) -> ApiResult<Json<Doc<VersionInfo>>> {
        ok(self
            .s
            .packages()
            .flag_version(&auth.0, &name, &version.0, flag)
            .await?)
    }
}
