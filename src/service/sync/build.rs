//! Building the archives of a sync in parallel (blocking work, one thread per core) and
//! uploading them; a version whose archive cannot be built is skipped with its reason.

use std::collections::HashMap;
use std::io::BufWriter;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::{StreamExt, TryStreamExt};

use super::plan::{Candidate, Skipped};
use super::{SyncObserver, SyncReport};
use crate::archive::{ArchiveInfo, ArchiveOptions, EntryCache, build_zip_cached};
use crate::db::entities::{package, package_version};
use crate::git::{Mirror, MirrorReader, SkippedEntry};
use crate::service::{ServiceError, ServiceResult, Services};
use crate::storage::dist_key;

/// Uploads that may run at once.
const UPLOADS: usize = 4;
/// Memory for compressed file bodies shared between the archives of one sync.
const ENTRY_CACHE_BYTES: usize = 192 * 1024 * 1024;

/// An archive stored for a version.
#[derive(Debug, Clone)]
pub(super) struct Upload {
    pub key: String,
    pub sha1: String,
    pub size: u64,
}

/// Builds and uploads the archives of `items`, keyed by version. Versions that could
/// not be archived are reported as skipped and left out.
pub(super) async fn build_and_upload(
    s: &Services,
    pkg: &package::Model,
    mirror: &Mirror,
    items: &[(Option<package_version::Model>, Candidate)],
    obs: &dyn SyncObserver,
    report: &mut SyncReport,
) -> ServiceResult<HashMap<String, Upload>> {
    if items.is_empty() {
        return Ok(HashMap::new());
    }
    let tmp = s.settings().data_dir.join("tmp");
    std::fs::create_dir_all(&tmp)
        .map_err(|e| ServiceError::Internal(format!("cannot create {}: {e}", tmp.display())))?;
    let candidates: Vec<Candidate> = items.iter().map(|(_, c)| c.clone()).collect();
    let limits = (
        s.settings().archive.max_file_size,
        s.settings().archive.max_size,
    );
    let built = build_all(
        mirror.clone(),
        pkg.name.clone(),
        candidates,
        tmp,
        limits,
        obs,
    )
    .await?;
    let mut ready = Vec::new();
    for (c, result) in built {
        match result {
            Ok(b) => {
                if let Some(note) = archive_note(&c.ref_name, &b.info.skipped) {
                    report.warnings.push(note);
                }
                ready.push((c, b));
            }
            Err(message) => report.skipped.push(Skipped {
                ref_name: c.ref_name.clone(),
                message: format!("cannot build the archive: {message}"),
                ..Default::default()
            }),
        }
    }
    upload_all(s, pkg, ready).await
}

/// One warning per version naming the files its archive leaves out (at most five, then
/// a count), or None when nothing was left out.
fn archive_note(ref_name: &str, skipped: &[SkippedEntry]) -> Option<Skipped> {
    const SHOWN: usize = 5;
    if skipped.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = skipped
        .iter()
        .take(SHOWN)
        .map(|e| format!("{} ({})", e.path, e.reason))
        .collect();
    if skipped.len() > SHOWN {
        parts.push(format!("and {} more", skipped.len() - SHOWN));
    }
    Some(Skipped {
        ref_name: ref_name.to_string(),
        message: format!("left out of the archive: {}", parts.join(", ")),
        archive: true,
    })
}

struct Built {
    file: tempfile::TempPath,
    info: ArchiveInfo,
}

/// One zip per candidate into temp files, spread over the cores.
async fn build_all(
    mirror: Mirror,
    package: String,
    candidates: Vec<Candidate>,
    tmp: std::path::PathBuf,
    limits: (u64, u64),
    obs: &dyn SyncObserver,
) -> ServiceResult<Vec<(Candidate, Result<Built, String>)>> {
    let name = package.clone();
    let done = std::sync::Arc::new(Mutex::new(Vec::<String>::new()));
    let done_writer = done.clone();
    let task = tokio::task::spawn_blocking(move || {
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let next = AtomicUsize::new(0);
        let results = Mutex::new(Vec::with_capacity(candidates.len()));
        let cache = EntryCache::new(ENTRY_CACHE_BYTES);
        std::thread::scope(|scope| {
            for _ in 0..workers.min(candidates.len()) {
                scope.spawn(|| {
                    // One reader per thread keeps gix's delta caches across versions.
                    let reader = mirror.reader();
                    while let Some(c) = candidates.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let out = build_one(&reader, &package, c, &tmp, limits, &cache);
                        if let Ok(mut d) = done_writer.lock() {
                            d.push(c.version.clone());
                        }
                        if let Ok(mut r) = results.lock() {
                            r.push((c.clone(), out));
                        }
                    }
                });
            }
        });
        results.into_inner().unwrap_or_default()
    });
    // Report progress while the threads work.
    let mut task = task;
    let mut reported = 0;
    let results = loop {
        tokio::select! {
            r = &mut task => break r,
            _ = tokio::time::sleep(std::time::Duration::from_millis(100)) => {}
        }
        reported = report_built(&done, reported, obs, &name);
    };
    report_built(&done, reported, obs, &name);
    results.map_err(|e| ServiceError::Internal(format!("archive task failed: {e}")))
}

fn report_built(
    done: &Mutex<Vec<String>>,
    from: usize,
    obs: &dyn SyncObserver,
    package: &str,
) -> usize {
    let Ok(d) = done.lock() else { return from };
    for v in d.iter().skip(from) {
        obs.built(package, v);
    }
    d.len()
}

fn build_one(
    reader: &MirrorReader,
    package: &str,
    c: &Candidate,
    tmp: &Path,
    (max_file_size, max_total_size): (u64, u64),
    cache: &EntryCache,
) -> Result<Built, String> {
    let listing = reader.files(&c.commit).map_err(|e| e.to_string())?;
    let short = c.commit.get(..7).unwrap_or(&c.commit);
    let mut opts = ArchiveOptions::new(
        format!("{}-{short}", package.replace('/', "-")),
        c.commit_time,
    );
    opts.exclude = c.archive_excludes();
    opts.max_file_size = max_file_size;
    opts.max_total_size = max_total_size.min(u64::from(u32::MAX));
    opts.spill_dir = Some(tmp.to_path_buf());
    let file = tempfile::NamedTempFile::new_in(tmp).map_err(|e| e.to_string())?;
    let (handle, path) = file.into_parts();
    let info = build_zip_cached(&listing, reader, &opts, BufWriter::new(handle), Some(cache))
        .map_err(|e| e.to_string())?;
    Ok(Built { file: path, info })
}

/// Uploads every built archive; on any failure the new objects are removed again and
/// the sync fails, leaving the old versions as they were.
async fn upload_all(
    s: &Services,
    pkg: &package::Model,
    ready: Vec<(Candidate, Built)>,
) -> ServiceResult<HashMap<String, Upload>> {
    let tenant = pkg.tenant_id.to_string();
    let jobs = ready.into_iter().map(|(c, b)| {
        let key = dist_key(&tenant, &pkg.name, &c.version_normalized, &c.commit);
        async move {
            s.storage()
                .put_file(&key, &b.file)
                .await
                .map_err(|e| (key.clone(), e.to_string()))?;
            let up = Upload {
                key,
                sha1: b.info.sha1.clone(),
                size: b.info.size,
            };
            Ok::<_, (String, String)>((c.version, up))
        }
    });
    let mut stream = futures::stream::iter(jobs).buffer_unordered(UPLOADS);
    let mut done = HashMap::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok((version, up)) => {
                done.insert(version, up);
            }
            Err((key, message)) => {
                drop(stream);
                let keys: Vec<String> = done.values().map(|u: &Upload| u.key.clone()).collect();
                futures::stream::iter(keys)
                    .map(|k| async move { s.storage().delete(&k).await })
                    .buffer_unordered(UPLOADS)
                    .try_collect::<Vec<_>>()
                    .await
                    .ok();
                return Err(ServiceError::Storage(format!(
                    "cannot store {key}: {message}"
                )));
            }
        }
    }
    Ok(done)
}
