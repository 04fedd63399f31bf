//! Entry points for the fuzz targets in `fuzz/` (see `fuzz/README.md`): thin wrappers
//! over functions that are private to their modules, so the targets drive exactly the
//! code the server runs. Not an API: nothing here is stable.

use crate::git::{GitRef, RefKind};
use crate::service::sync::plan::{self, Manifest};

/// Why `path` (a path inside a repository) must never become a zip entry, if it must not.
pub fn unsafe_archive_path(path: &str) -> Option<String> {
    crate::archive::unsafe_path_reason(path)
}

/// `/p2/…` and `/p/…` tails: `vendor/name.json` → (`vendor/name`, is `~dev`).
pub fn metadata_path(tail: &str) -> Option<(&str, bool)> {
    crate::http::composer::paths::metadata_path(tail)
}

/// A `/dist/…` tail: (package, version, reference).
pub fn dist_path(tail: &str) -> Option<(String, String, String)> {
    crate::http::composer::paths::dist_path(tail).map(|d| (d.package, d.version, d.reference))
}

/// One version that sync would publish.
#[derive(Debug, Clone)]
pub struct PlannedVersion {
    pub ref_name: String,
    pub is_tag: bool,
    pub is_default_branch: bool,
    pub commit: String,
    pub version: String,
    pub version_normalized: String,
    pub composer_json: String,
    pub archive_excludes: Vec<String>,
}

/// What sync's planner decides for `package` when every ref's commit holds `manifest`
/// as its composer.json bytes (read the way sync reads them: non-UTF-8 is refused).
/// Returns the versions and the number of refs skipped.
pub fn plan_versions(
    package: &str,
    tags: &[&str],
    branches: &[&str],
    default_branch: Option<&str>,
    manifest: &[u8],
) -> (Vec<PlannedVersion>, usize) {
    let refs: Vec<GitRef> = tags
        .iter()
        .map(|t| (RefKind::Tag, *t))
        .chain(branches.iter().map(|b| (RefKind::Branch, *b)))
        .enumerate()
        .map(|(i, (kind, name))| GitRef {
            kind,
            name: name.to_string(),
            commit: format!("{i:040x}"),
            commit_time: 1_700_000_000 + i as i64,
        })
        .collect();
    let read = |_: &str| match std::str::from_utf8(manifest) {
        Ok(text) => Manifest::Found(text.to_string()),
        Err(_) => Manifest::Invalid("composer.json is not UTF-8".into()),
    };
    let planned = plan::plan(package, &refs, default_branch, &read);
    let versions = planned
        .candidates
        .iter()
        .map(|c| PlannedVersion {
            ref_name: c.ref_name.clone(),
            is_tag: c.kind == RefKind::Tag,
            is_default_branch: c.is_default_branch,
            commit: c.commit.clone(),
            version: c.version.clone(),
            version_normalized: c.version_normalized.clone(),
            composer_json: c.composer_json.clone(),
            archive_excludes: c.archive_excludes(),
        })
        .collect();
    (versions, planned.skipped.len())
}
