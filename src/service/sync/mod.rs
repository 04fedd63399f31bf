//! Package sync: fetch the repository into a bare mirror, turn refs into versions as
//! Composer does, build one deterministic zip per new or moved version, store it, and
//! switch the database over in one transaction.
//!
//! Nothing is half-stored: archives are uploaded under keys that carry the commit, rows
//! change only after every upload finished, and replaced archives are deleted only
//! after the commit. A failed sync leaves the previous versions serving.

mod build;
pub(crate) mod plan;
mod store;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde::Serialize;

pub use plan::Skipped;

use super::jobs::{JobKind, sync_key};
use super::{Ctx, ServiceError, ServiceResult, Services};
use crate::db::entities::{job, package, package_version};
use crate::domain::package_name::PackageName;
use crate::git::{GitAuth, Mirror};
use plan::{Candidate, Manifest, Plan};

/// Largest composer.json read from a commit.
const MAX_MANIFEST: u64 = 1024 * 1024;

/// Progress of a sync, for the CLI's bars (workers and the API pass [`NoProgress`]).
pub trait SyncObserver: Send + Sync {
    fn fetching(&self, _package: &str) {}
    fn planned(&self, _package: &str, _refs: usize, _to_build: usize) {}
    fn built(&self, _package: &str, _version: &str) {}
    fn finished(&self, _package: &str) {}
}

pub struct NoProgress;
impl SyncObserver for NoProgress {}

/// What a sync did (the `--json` summary of `package sync`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct SyncReport {
    pub package: String,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Skipped>,
    pub default_branch: Option<String>,
    pub duration_ms: u64,
}

impl SyncReport {
    pub fn changed(&self) -> bool {
        !(self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty())
    }
}

/// What the sync will do with each version.
#[derive(Debug, Default)]
pub(super) struct Diff {
    /// New versions, and versions whose commit moved (with the row they replace): need
    /// an archive.
    pub build: Vec<(Option<package_version::Model>, Candidate)>,
    /// Same commit, other details changed (e.g. default branch): row update only.
    pub refresh: Vec<(package_version::Model, Candidate)>,
    pub remove: Vec<package_version::Model>,
    pub unchanged: usize,
}

pub struct Syncer<'a> {
    s: &'a Services,
}

impl Services {
    pub fn sync(&self) -> Syncer<'_> {
        Syncer { s: self }
    }
}

impl<'a> Syncer<'a> {
    /// Syncs the package named `name`.
    pub async fn package(
        &self,
        ctx: &Ctx,
        name: &str,
        obs: &dyn SyncObserver,
    ) -> ServiceResult<SyncReport> {
        ctx.may_change()?;
        let pkg = super::grants::find_package(self.s.db(), ctx, name).await?;
        self.run(ctx, pkg, obs).await
    }

    /// Queues a sync of a package and returns its task (a sync already waiting for the
    /// package is that task).
    pub async fn queue(
        &self,
        ctx: &Ctx,
        name: &str,
        reason: &str,
    ) -> ServiceResult<super::jobs::Job> {
        ctx.may_change()?;
        let pkg = super::grants::find_package(self.s.db(), ctx, name).await?;
        let id = self
            .s
            .jobs()
            .queue_sync(ctx.tenant_id, pkg.id, reason)
            .await?;
        self.s.jobs().get(ctx, id).await
    }

    /// Queues a sync of every package of the tenant; returns the tasks.
    pub async fn queue_all(&self, ctx: &Ctx, reason: &str) -> ServiceResult<Vec<super::jobs::Job>> {
        ctx.may_change()?;
        let ids: Vec<i64> = {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
            crate::db::entities::package::Entity::find()
                .select_only()
                .column(crate::db::entities::package::Column::Id)
                .filter(crate::db::entities::package::Column::TenantId.eq(ctx.tenant_id))
                .into_tuple()
                .all(self.s.db())
                .await?
        };
        let mut jobs = Vec::with_capacity(ids.len());
        for id in ids {
            let job = self.s.jobs().queue_sync(ctx.tenant_id, id, reason).await?;
            jobs.push(self.s.jobs().get(ctx, job).await?);
        }
        Ok(jobs)
    }

    /// Syncs a package by id (background jobs).
    pub async fn package_id(
        &self,
        ctx: &Ctx,
        id: i64,
        obs: &dyn SyncObserver,
    ) -> ServiceResult<SyncReport> {
        let pkg = package::Entity::find_by_id(id)
            .filter(package::Column::TenantId.eq(ctx.tenant_id))
            .one(self.s.db())
            .await?
            .ok_or_else(|| ServiceError::not_found("package id", id))?;
        self.run(ctx, pkg, obs).await
    }

    async fn run(
        &self,
        ctx: &Ctx,
        pkg: package::Model,
        obs: &dyn SyncObserver,
    ) -> ServiceResult<SyncReport> {
        let started = Instant::now();
        obs.fetching(&pkg.name);
        let _lock = lock_mirror(self.s.mirror_path(pkg.tenant_id, pkg.id)).await?;
        // Read the row again under the lock: a sync that held it may have changed the
        // package (its warnings are carried forward from here).
        let pkg = package::Entity::find_by_id(pkg.id)
            .one(self.s.db())
            .await?
            .ok_or_else(|| ServiceError::not_found("package", &pkg.name))?;
        let result = self.sync_locked(ctx, &pkg, obs).await;
        obs.finished(&pkg.name);
        crate::metrics::metrics().sync(result.is_ok(), started.elapsed());
        match result {
            Ok(mut report) => {
                report.duration_ms = started.elapsed().as_millis() as u64;
                publish_synced(self.s, &pkg, Ok(&report)).await;
                Ok(report)
            }
            Err(e) => {
                // The previous versions keep serving; only the status records the failure.
                let _ = record_failure(self.s, &pkg, &e).await;
                publish_synced(self.s, &pkg, Err(&e)).await;
                Err(e)
            }
        }
    }

    async fn sync_locked(
        &self,
        ctx: &Ctx,
        pkg: &package::Model,
        obs: &dyn SyncObserver,
    ) -> ServiceResult<SyncReport> {
        let auth =
            self.s
                .open_credentials(pkg.tenant_id, pkg.id, pkg.credentials_encrypted.as_deref())?;
        let mirror_path = self.s.mirror_path(pkg.tenant_id, pkg.id);
        let (mirror, default_branch, plan) = fetch_and_plan(
            mirror_path,
            pkg.repository_url.clone(),
            auth,
            self.s.settings().tasks.fetch_limits(),
            pkg.name.clone(),
        )
        .await?;
        check_root_name(pkg, &plan, default_branch.as_deref())?;
        let existing = package_version::Entity::find()
            .filter(package_version::Column::PackageId.eq(pkg.id))
            .all(self.s.db())
            .await?;
        let diff = diff(existing, &plan.candidates);
        obs.planned(&pkg.name, plan.candidates.len(), diff.build.len());
        if !diff.build.is_empty() {
            // Building again is the sign of a sync that did not finish: what it uploaded
            // goes before this one uploads (a no-op sync lists nothing).
            sweep_unreferenced(self.s, pkg).await;
        }
        let mut report = SyncReport {
            package: pkg.name.clone(),
            unchanged: diff.unchanged,
            skipped: plan.skipped,
            warnings: plan.warnings,
            default_branch: default_branch.clone(),
            ..Default::default()
        };
        let uploads =
            build::build_and_upload(self.s, pkg, &mirror, &diff.build, obs, &mut report).await?;
        keep_archive_notes(pkg, &plan.candidates, &diff, &uploads, &mut report);
        let stale = match store::apply(self.s, ctx, pkg, &diff, &uploads, &mut report).await {
            Ok(stale) => stale,
            Err(e) => {
                // The versions were not switched over: the archives just uploaded serve
                // nothing (unless a row already used the same key) and go again.
                discard_uploads(self.s, pkg, &uploads).await;
                return Err(e);
            }
        };
        for key in stale {
            if let Err(e) = self.s.storage().delete(&key).await {
                tracing::warn!(package = %pkg.name, key, error = %e, "could not delete a replaced archive");
            }
        }
        Ok(report)
    }
}

/// Deletes the archives of `pkg` that no version row names and that were written more
/// than `tasks.orphan_grace` ago: left by a sync killed between its uploads and its
/// commit, or after its commit and before it deleted the archives it replaced. Newer ones
/// are kept, as a sync of the same package on another server may have uploaded them and
/// not committed yet. Errors are logged: the sync goes on.
async fn sweep_unreferenced(s: &Services, pkg: &package::Model) {
    let prefix = crate::storage::dist_prefix(&pkg.tenant_id.to_string(), &pkg.name);
    let listed = match s.storage().list(&prefix).await {
        Ok(listed) => listed,
        Err(e) => {
            tracing::warn!(package = %pkg.name, error = %e, "cannot list the stored archives");
            return;
        }
    };
    if listed.is_empty() {
        return;
    }
    let used: std::collections::HashSet<String> = match package_version::Entity::find()
        .filter(package_version::Column::PackageId.eq(pkg.id))
        .all(s.db())
        .await
    {
        Ok(rows) => rows.into_iter().filter_map(|v| v.dist_path).collect(),
        Err(e) => {
            tracing::warn!(package = %pkg.name, error = %e, "cannot tell which stored archives are in use");
            return;
        }
    };
    let grace = std::time::Duration::from_secs(s.settings().tasks.orphan_grace);
    let mut removed = 0;
    for (key, _) in listed.iter().filter(|(k, _)| !used.contains(k)) {
        let old_enough = match s.storage().modified(key).await {
            Ok(Some(at)) => at.elapsed().is_ok_and(|age| age >= grace),
            // Gone meanwhile, or a backend that does not say: nothing to decide on.
            Ok(None) => false,
            Err(e) => {
                tracing::warn!(package = %pkg.name, key, error = %e, "cannot read an archive's age");
                false
            }
        };
        if !old_enough {
            continue;
        }
        match s.storage().delete(key).await {
            Ok(()) => removed += 1,
            Err(e) => {
                tracing::warn!(package = %pkg.name, key, error = %e, "could not delete an unreferenced archive");
            }
        }
    }
    if removed > 0 {
        tracing::info!(package = %pkg.name, removed, "deleted archives an unfinished sync left behind");
    }
}

/// Deletes the archives of a sync that failed after uploading them, except any that a
/// version row still names (an archive rebuilt under the key it already had).
async fn discard_uploads(
    s: &Services,
    pkg: &package::Model,
    uploads: &HashMap<String, build::Upload>,
) {
    let keys: Vec<String> = uploads.values().map(|u| u.key.clone()).collect();
    if keys.is_empty() {
        return;
    }
    let used: std::collections::HashSet<String> = match package_version::Entity::find()
        .filter(package_version::Column::DistPath.is_in(keys.iter().map(String::as_str)))
        .all(s.db())
        .await
    {
        Ok(rows) => rows.into_iter().filter_map(|v| v.dist_path).collect(),
        Err(e) => {
            tracing::warn!(package = %pkg.name, error = %e, "cannot tell which uploaded archives are in use; keeping them");
            return;
        }
    };
    for key in keys.iter().filter(|k| !used.contains(*k)) {
        if let Err(e) = s.storage().delete(key).await {
            tracing::warn!(package = %pkg.name, key, error = %e, "could not delete the archive of a failed sync");
        }
    }
}

/// Archives that were not replaced keep the notes about the files they leave out,
/// from the sync that built them (a failed rebuild leaves the old archive serving, so
/// its note too); the notes come out sorted by ref.
fn keep_archive_notes(
    pkg: &package::Model,
    candidates: &[Candidate],
    diff: &Diff,
    uploads: &HashMap<String, build::Upload>,
    report: &mut SyncReport,
) {
    let replaced: std::collections::HashSet<&str> = diff
        .build
        .iter()
        .filter(|(_, c)| uploads.contains_key(&c.version))
        .map(|(_, c)| c.ref_name.as_str())
        .collect();
    let present: std::collections::HashSet<&str> =
        candidates.iter().map(|c| c.ref_name.as_str()).collect();
    let previous: Vec<Skipped> = serde_json::from_str(&pkg.warnings).unwrap_or_default();
    let (mut notes, other): (Vec<Skipped>, Vec<Skipped>) = std::mem::take(&mut report.warnings)
        .into_iter()
        .partition(|w| w.archive);
    notes.extend(previous.into_iter().filter(|w| {
        w.archive
            && present.contains(w.ref_name.as_str())
            && !replaced.contains(w.ref_name.as_str())
    }));
    notes.sort_by(|a, b| a.ref_name.cmp(&b.ref_name));
    report.warnings = other;
    report.warnings.extend(notes);
}

impl Syncer<'_> {
    /// Fetches a repository that is not registered yet and reads the package name from
    /// its default branch's composer.json (None when it has none). Returns the name and
    /// the fetched mirror, which [`Syncer::adopt_mirror`] then keeps.
    pub async fn probe(
        &self,
        url: &str,
        auth: GitAuth,
    ) -> ServiceResult<(Option<PackageName>, PathBuf)> {
        let pending = self
            .s
            .settings()
            .data_dir
            .join("mirrors")
            .join("pending")
            .join(format!("{}.git", uuid_like()));
        let url = url.to_string();
        let path = pending.clone();
        let limits = self.s.settings().tasks.fetch_limits();
        let cancel = CancelOnDrop::default();
        let flag = cancel.0.clone();
        let found =
            tokio::task::spawn_blocking(move || read_root_name(&path, &url, &auth, &limits, &flag))
                .await
                .map_err(|e| ServiceError::Internal(format!("discovery task failed: {e}")))?;
        match found {
            Ok(name) => Ok((name, pending)),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&pending);
                Err(e)
            }
        }
    }

    /// Moves a mirror fetched by discovery to the package's place.
    pub fn adopt_mirror(&self, from: PathBuf, tenant_id: i64, package_id: i64) {
        let to = self.s.mirror_path(tenant_id, package_id);
        let moved = to.parent().map(std::fs::create_dir_all).transpose().is_ok()
            && std::fs::rename(&from, &to).is_ok();
        if !moved {
            let _ = std::fs::remove_dir_all(&from);
        }
    }

    /// Packages (tenant id, package id) not synced for `interval_secs`, never-synced ones
    /// included, and not being synced right now.
    pub async fn due(&self, interval_secs: u64) -> ServiceResult<Vec<(i64, i64)>> {
        let cutoff = Utc::now()
            - chrono::Duration::seconds(i64::try_from(interval_secs).unwrap_or(i64::MAX / 2));
        // A failed package waits a whole interval after its last attempt (`updated_at`)
        // too, so a broken repository is not fetched every minute.
        let rows = package::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(package::Column::LastSyncedAt.is_null())
                    .add(package::Column::LastSyncedAt.lt(cutoff)),
            )
            .filter(
                sea_orm::Condition::any()
                    .add(package::Column::SyncStatus.ne("failed"))
                    .add(package::Column::UpdatedAt.lt(cutoff)),
            )
            .all(self.s.db())
            .await?;
        // A sync waiting or running now covers the package (the queue's dedupe only
        // absorbs waiting ones, and a slow sync outlasts a scheduler tick).
        let busy: std::collections::HashSet<String> = job::Entity::find()
            .filter(job::Column::Kind.eq(JobKind::SyncPackage.as_str()))
            .filter(job::Column::Status.is_in(["queued", "running"]))
            .all(self.s.db())
            .await?
            .into_iter()
            .filter_map(|j| j.dedupe_key)
            .collect();
        Ok(rows
            .into_iter()
            .filter(|p| !busy.contains(&sync_key(p.id)))
            .map(|p| (p.tenant_id, p.id))
            .collect())
    }

    /// Removes the mirror of a deleted package.
    pub async fn drop_mirror(&self, tenant_id: i64, package_id: i64) {
        let path = self.s.mirror_path(tenant_id, package_id);
        let _ = tokio::task::spawn_blocking(move || {
            let _ = std::fs::remove_dir_all(&path);
            let _ = std::fs::remove_file(path.with_extension("lock"));
        })
        .await;
    }
}

fn read_root_name(
    path: &std::path::Path,
    url: &str,
    auth: &GitAuth,
    limits: &crate::git::FetchLimits,
    cancel: &AtomicBool,
) -> ServiceResult<Option<PackageName>> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            ServiceError::Internal(format!("cannot create {}: {e}", parent.display()))
        })?;
    }
    let mirror = Mirror::open_or_init(path).map_err(remote)?;
    let outcome = mirror
        .fetch_cancellable(url, auth, limits, cancel, &|_| {})
        .map_err(remote)?;
    let refs = mirror.refs().map_err(remote)?;
    let branch = outcome
        .default_branch
        .or(mirror.default_branch().map_err(remote)?);
    let head = refs
        .iter()
        .find(|r| r.kind == crate::git::RefKind::Branch && Some(&r.name) == branch.as_ref());
    let manifest = match head {
        Some(h) => mirror
            .read_file_limited(&h.commit, "composer.json", MAX_MANIFEST)
            .map_err(remote)?,
        None => None,
    };
    let name = manifest
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|v| v.get("name").and_then(|n| n.as_str()).map(String::from));
    name.map(|n| {
        PackageName::parse_lenient(&n)
            .map_err(|e| ServiceError::invalid(format!("the repository's composer.json: {e}")))
    })
    .transpose()
}

/// A random file-name-safe id.
fn uuid_like() -> String {
    use rand::Rng;
    let n: u128 = rand::thread_rng().r#gen();
    format!("{n:032x}")
}

impl Services {
    /// Where the bare mirror of a package lives.
    pub(crate) fn mirror_path(&self, tenant_id: i64, package_id: i64) -> PathBuf {
        self.settings()
            .data_dir
            .join("mirrors")
            .join(format!("t{tenant_id}"))
            .join(format!("{package_id}.git"))
    }
}

/// Raised when dropped: a blocking fetch handed its flag stops when the async work
/// waiting for it is dropped (a job whose lease was lost, a shutdown), instead of going
/// on in the background until its own time-out.
#[derive(Default)]
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Fetch and plan off the async runtime (git is blocking work).
async fn fetch_and_plan(
    path: PathBuf,
    url: String,
    auth: GitAuth,
    limits: crate::git::FetchLimits,
    package: String,
) -> ServiceResult<(Mirror, Option<String>, Plan)> {
    let cancel = CancelOnDrop::default();
    let flag = cancel.0.clone();
    tokio::task::spawn_blocking(move || {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                ServiceError::Internal(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        let mirror = Mirror::open_or_init(&path).map_err(remote)?;
        let outcome = mirror
            .fetch_cancellable(&url, &auth, &limits, &flag, &|_| {})
            .map_err(remote)?;
        let refs = mirror.refs().map_err(remote)?;
        let default_branch = outcome
            .default_branch
            .or(mirror.default_branch().map_err(remote)?);
        // One reader for every ref: gix's object caches carry across the manifests.
        let reader = mirror.reader();
        let read =
            |commit: &str| match reader.read_file_limited(commit, "composer.json", MAX_MANIFEST) {
                Ok(Some(bytes)) => match String::from_utf8(bytes) {
                    Ok(text) => Manifest::Found(text),
                    Err(_) => Manifest::Invalid("composer.json is not UTF-8".into()),
                },
                Ok(None) => Manifest::Missing,
                Err(e) => Manifest::Invalid(e.to_string()),
            };
        let plan = plan::plan(&package, &refs, default_branch.as_deref(), &read);
        Ok((mirror, default_branch, plan))
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("sync task failed: {e}")))?
}

fn remote(e: crate::git::GitError) -> ServiceError {
    ServiceError::Remote(e.to_string())
}

/// The default branch's composer.json must name the registered package: anything else
/// means the wrong repository (or a rename the operator must confirm).
fn check_root_name(
    pkg: &package::Model,
    plan: &Plan,
    default_branch: Option<&str>,
) -> ServiceResult<()> {
    let root = plan
        .candidates
        .iter()
        .find(|c| c.is_default_branch && Some(c.ref_name.as_str()) == default_branch);
    let named = root
        .and_then(|c| c.manifest.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_ascii_lowercase);
    match named {
        Some(n) if n != pkg.name => Err(ServiceError::invalid(format!(
            "the repository's composer.json (branch {}) names the package {n}, but it is registered as {}: register it as {n}, or fix composer.json",
            default_branch.unwrap_or("?"),
            pkg.name
        ))),
        _ => Ok(()),
    }
}

/// Compares planned versions with stored ones.
fn diff(existing: Vec<package_version::Model>, candidates: &[Candidate]) -> Diff {
    let mut by_version: HashMap<String, package_version::Model> = existing
        .into_iter()
        .map(|v| (v.version.clone(), v))
        .collect();
    let mut out = Diff::default();
    for c in candidates {
        match by_version.remove(&c.version) {
            Some(row) if row.reference == c.commit && row.dist_path.is_some() => {
                let same = row.version_normalized == c.version_normalized
                    && row.is_default_branch == c.is_default_branch
                    && row.composer_json == c.composer_json
                    && row.source_ref.as_deref() == Some(c.full_ref().as_str());
                if same {
                    out.unchanged += 1;
                } else {
                    out.refresh.push((row, c.clone()));
                }
            }
            // Moved tag or new branch head: a new archive under a new key.
            Some(row) => out.build.push((Some(row), c.clone())),
            None => out.build.push((None, c.clone())),
        }
    }
    let mut remove: Vec<_> = by_version.into_values().collect();
    remove.sort_by(|a, b| a.version.cmp(&b.version));
    out.remove = remove;
    out
}

/// Tells subscribers on every server that a sync of `pkg` finished, with what it
/// changed or why it failed.
async fn publish_synced(
    s: &Services,
    pkg: &package::Model,
    result: Result<&SyncReport, &ServiceError>,
) {
    let (added, updated, removed, error) = match result {
        Ok(r) => (r.added.clone(), r.updated.clone(), r.removed.clone(), None),
        Err(e) => (Vec::new(), Vec::new(), Vec::new(), Some(e.to_string())),
    };
    s.announce(super::events::Event::PackageSynced(
        super::events::PackageSynced {
            tenant_id: pkg.tenant_id,
            package: pkg.name.clone(),
            added,
            updated,
            removed,
            error,
            at: super::now(),
        },
    ))
    .await;
}

async fn record_failure(s: &Services, pkg: &package::Model, e: &ServiceError) -> ServiceResult<()> {
    let mut row = pkg.clone().into_active_model();
    row.sync_status = Set("failed".into());
    row.last_sync_error = Set(Some(e.to_string()));
    row.updated_at = Set(Utc::now());
    row.update(s.db()).await?;
    Ok(())
}

/// Serialises syncs of one mirror across tasks and processes (a lock file beside it).
async fn lock_mirror(path: PathBuf) -> ServiceResult<std::fs::File> {
    tokio::task::spawn_blocking(move || {
        let lock_path = path.with_extension("lock");
        if let Some(parent) = lock_path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                ServiceError::Internal(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| {
                ServiceError::Internal(format!("cannot open {}: {e}", lock_path.display()))
            })?;
        file.lock().map_err(|e| {
            ServiceError::Internal(format!("cannot lock {}: {e}", lock_path.display()))
        })?;
        Ok(file)
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("lock task failed: {e}")))?
}
