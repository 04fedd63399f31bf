//! The database side of a sync: every version change of one sync in one transaction,
//! with the package's status, warnings and change stamp, and one audit row.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;

use super::build::Upload;
use super::plan::Candidate;
use super::{Diff, SyncReport};
use crate::db::entities::{package, package_version};
use crate::service::audit::{self, Entry};
use crate::service::{ChangeSet, Ctx, ServiceResult, Services, now};

/// Writes the sync's result; returns the storage keys no row uses any more (to delete
/// after the commit).
pub(super) async fn apply(
    s: &Services,
    ctx: &Ctx,
    pkg: &package::Model,
    diff: &Diff,
    uploads: &HashMap<String, Upload>,
    report: &mut SyncReport,
) -> ServiceResult<Vec<String>> {
    let txn = s.begin().await?;
    let changes = uploads.len() + diff.refresh.len() + diff.remove.len();
    let stamp = now();
    let mut stale = Vec::new();
    for (existing, c) in &diff.build {
        let Some(up) = uploads.get(&c.version) else {
            continue;
        };
        match existing {
            Some(row) => {
                let mut active = row.clone().into_active_model();
                fill(&mut active, c, Some(up), stamp);
                active.update(&txn).await?;
                stale.extend(row.dist_path.clone().filter(|p| p != &up.key));
                report.updated.push(c.version.clone());
            }
            None => {
                let mut active = package_version::ActiveModel {
                    tenant_id: Set(pkg.tenant_id),
                    package_id: Set(pkg.id),
                    yanked: Set(false),
                    deprecated: Set(false),
                    created_at: Set(stamp),
                    ..Default::default()
                };
                fill(&mut active, c, Some(up), stamp);
                active.insert(&txn).await?;
                report.added.push(c.version.clone());
            }
        }
    }
    for (row, c) in &diff.refresh {
        let mut active = row.clone().into_active_model();
        fill(&mut active, c, None, stamp);
        active.update(&txn).await?;
        report.updated.push(c.version.clone());
    }
    for row in &diff.remove {
        package_version::Entity::delete_by_id(row.id)
            .exec(&txn)
            .await?;
        stale.extend(row.dist_path.clone());
        report.removed.push(row.version.clone());
    }
    update_package(&txn, pkg, diff, report, (changes > 0).then_some(stamp)).await?;
    if report.changed() {
        audit::record(
            &txn,
            ctx,
            Entry::new("package.sync", "package", &pkg.name).details(json!({
                "added": report.added, "updated": report.updated, "removed": report.removed,
            })),
        )
        .await?;
    }
    if changes > 0 {
        // A removed version or a moved tag takes something away.
        let mut change = ChangeSet::new(ctx.tenant_id).package(pkg.id);
        if !diff.remove.is_empty() || !report.updated.is_empty() {
            change = change.revoking();
        }
        s.commit_change(txn, change).await?;
    } else {
        // Nothing a client sees moved: the Composer caches stay warm.
        txn.commit().await?;
    }
    Ok(stale)
}

fn fill(
    active: &mut package_version::ActiveModel,
    c: &Candidate,
    up: Option<&Upload>,
    stamp: DateTime<Utc>,
) {
    active.version = Set(c.version.clone());
    active.version_normalized = Set(c.version_normalized.clone());
    active.reference = Set(c.commit.clone());
    active.source_ref = Set(Some(c.full_ref()));
    active.is_dev = Set(c.is_dev());
    active.is_default_branch = Set(c.is_default_branch);
    active.composer_json = Set(c.composer_json.clone());
    active.released_at = Set(Some(release_time(c)));
    active.updated_at = Set(stamp);
    if let Some(up) = up {
        active.dist_path = Set(Some(up.key.clone()));
        active.sha1 = Set(Some(up.sha1.clone()));
        active.size = Set(Some(i64::try_from(up.size).unwrap_or(i64::MAX)));
    }
}

async fn update_package(
    txn: &impl sea_orm::ConnectionTrait,
    pkg: &package::Model,
    diff: &Diff,
    report: &SyncReport,
    stamp: Option<DateTime<Utc>>,
) -> ServiceResult<()> {
    let mut row = pkg.clone().into_active_model();
    let notes: Vec<_> = report
        .skipped
        .iter()
        .chain(report.warnings.iter())
        .collect();
    row.warnings = Set(serde_json::to_string(&notes).unwrap_or_else(|_| "[]".into()));
    row.sync_status = Set("ok".into());
    row.last_sync_error = Set(None);
    row.last_synced_at = Set(Some(now()));
    row.default_branch = Set(report.default_branch.clone());
    let root = diff
        .build
        .iter()
        .map(|(_, c)| c)
        .chain(diff.refresh.iter().map(|(_, c)| c))
        .find(|c| c.is_default_branch);
    if let Some(desc) = root
        .and_then(|c| c.manifest.get("description"))
        .and_then(|d| d.as_str())
    {
        row.description = Set(Some(desc.chars().take(1000).collect()));
    }
    if let Some(stamp) = stamp {
        row.metadata_changed_at = Set(stamp);
    }
    row.updated_at = Set(now());
    row.update(txn).await?;
    Ok(())
}

/// composer.json `time` when it is a date Composer understands, else the commit time.
fn release_time(c: &Candidate) -> DateTime<Utc> {
    let from_manifest = c
        .manifest
        .get("time")
        .and_then(|t| t.as_str())
        .and_then(|t| {
            DateTime::parse_from_rfc3339(t)
                .map(|d| d.with_timezone(&Utc))
                .ok()
                .or_else(|| {
                    NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S")
                        .ok()
                        .map(|d| Utc.from_utc_datetime(&d))
                })
                .or_else(|| {
                    NaiveDate::parse_from_str(t, "%Y-%m-%d")
                        .ok()
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|d| Utc.from_utc_datetime(&d))
                })
        });
    from_manifest
        .or_else(|| DateTime::from_timestamp(c.commit_time, 0))
        .unwrap_or_else(now)
}
