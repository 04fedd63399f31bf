//! The database job queue: dedupe, claim, lease expiry, retry and failure, and
//! concurrent claimers never taking one job twice; on both databases.

use std::collections::HashSet;

use cargoman::service::jobs::JobKind;
use chrono::Duration;
use serde_json::json;

use crate::db_tests;
use crate::support::TestDb;

db_tests!(
    queue_dedupes_claims_and_retries,
    concurrent_claimers_take_each_job_once,
    concurrent_enqueues_queue_one_job,
    unique_index_refuses_duplicate_queued_rows,
    renewed_lease_keeps_a_long_job,
    dedupe_migration_merges_existing_duplicates,
    a_package_syncs_on_one_worker_at_a_time
);

async fn queue_dedupes_claims_and_retries(db: TestDb) {
    let s = db.services().await;
    let ctx = db.ctx(&s).await;
    let jobs = s.jobs();
    let a = jobs
        .enqueue(
            ctx.tenant_id,
            JobKind::SyncPackage,
            json!({"package_id": 1}),
            Some("sync:1".into()),
        )
        .await
        .unwrap();
    let b = jobs
        .enqueue(
            ctx.tenant_id,
            JobKind::SyncPackage,
            json!({"package_id": 1}),
            Some("sync:1".into()),
        )
        .await
        .unwrap();
    assert_eq!(a, b, "a waiting job with the same key is reused");
    let c = jobs
        .enqueue(ctx.tenant_id, JobKind::AuditCleanup, json!({}), None)
        .await
        .unwrap();
    assert_ne!(a, c);

    let first = jobs
        .claim("w1", Duration::seconds(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.id, a);
    assert_eq!(first.attempts, 1);
    assert_eq!(first.status, "running");
    let second = jobs
        .claim("w2", Duration::seconds(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.id, c);
    assert!(
        jobs.claim("w3", Duration::seconds(60))
            .await
            .unwrap()
            .is_none()
    );

    // Once running, the same key may be queued again (a newer push arrived).
    let d = jobs
        .enqueue(
            ctx.tenant_id,
            JobKind::SyncPackage,
            json!({"package_id": 1}),
            Some("sync:1".into()),
        )
        .await
        .unwrap();
    assert_ne!(d, a);

    jobs.complete(first.id, "w1").await.unwrap();
    assert_eq!(jobs.get(&ctx, a).await.unwrap().status, "done");

    // A failure is retried later, then given up after max_attempts.
    jobs.fail(&second, "w2", "boom").await.unwrap();
    let j = jobs.get(&ctx, c).await.unwrap();
    assert_eq!(
        (j.status.as_str(), j.last_error.as_deref()),
        ("queued", Some("boom"))
    );
    assert!(j.run_at > chrono::Utc::now(), "backoff");

    // A lease that ran out (worker died) makes the job claimable again.
    let claimed = jobs
        .claim("w4", Duration::seconds(-1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, d);
    let again = jobs
        .claim("w5", Duration::seconds(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.id, d, "expired lease is taken over");
    assert_eq!(again.attempts, 2);
    // The dead worker's late completion does not clobber the new owner's lease.
    jobs.complete(d, "w4").await.unwrap();
    assert_eq!(jobs.get(&ctx, d).await.unwrap().status, "running");

    let mut exhausted = again.clone();
    exhausted.attempts = exhausted.max_attempts;
    jobs.fail(&exhausted, "w5", "gave up").await.unwrap();
    assert_eq!(jobs.get(&ctx, d).await.unwrap().status, "failed");
    assert_eq!(jobs.list(&ctx, Some("failed"), 10).await.unwrap().len(), 1);
    assert!(jobs.list(&ctx, Some("weird"), 10).await.is_err());
}

async fn concurrent_claimers_take_each_job_once(db: TestDb) {
    let s = db.services().await;
    let ctx = db.ctx(&s).await;
    for i in 0..40 {
        s.jobs()
            .enqueue(
                ctx.tenant_id,
                JobKind::SyncPackage,
                json!({"package_id": i}),
                None,
            )
            .await
            .unwrap();
    }
    let mut handles = Vec::new();
    for w in 0..4 {
        let s = s.clone();
        handles.push(tokio::spawn(async move {
            let name = format!("w{w}");
            let mut got = Vec::new();
            loop {
                match s.jobs().claim(&name, Duration::seconds(60)).await {
                    Ok(Some(j)) => got.push(j.id),
                    Ok(None) => break,
                    // SQLite may report a busy database under contention: try again.
                    Err(_) => tokio::task::yield_now().await,
                }
            }
            got
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    let unique: HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), 40, "every job claimed");
    assert_eq!(unique.len(), 40, "no job claimed twice");
}

/// Many enqueues of the same sync at once (tasks sharing a pool, and on PostgreSQL
/// also separate pools, as separate servers would be) leave exactly one queued row,
/// and every caller is told its id.
async fn concurrent_enqueues_queue_one_job(db: TestDb) {
    let s = db.services().await;
    let ctx = db.ctx(&s).await;
    let mut pools = vec![s.clone()];
    if db.backend == crate::support::Backend::Postgres {
        for _ in 0..3 {
            pools.push(db.services().await);
        }
    }
    for round in 0..3 {
        let key = format!("sync:{}", 1000 + round);
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(24));
        let mut handles = Vec::new();
        for n in 0..24 {
            let s = pools[n % pools.len()].clone();
            let key = key.clone();
            let start = start.clone();
            let tenant = ctx.tenant_id;
            handles.push(tokio::spawn(async move {
                start.wait().await;
                s.jobs()
                    .enqueue(
                        tenant,
                        JobKind::SyncPackage,
                        json!({"package_id": 1000 + round}),
                        Some(key),
                    )
                    .await
            }));
        }
        let mut ids = HashSet::new();
        for h in handles {
            ids.insert(h.await.unwrap().expect("every enqueue succeeds"));
        }
        let queued: Vec<i64> = s
            .jobs()
            .list(&ctx, Some("queued"), 1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|j| j.payload["package_id"] == json!(1000 + round))
            .map(|j| j.id)
            .collect();
        assert_eq!(queued.len(), 1, "one queued row for {key}: {queued:?}");
        assert_eq!(
            ids.into_iter().collect::<Vec<_>>(),
            queued,
            "every caller got the queued job's id"
        );
    }
}

/// The database refuses a second queued row with the same key, whoever inserts it.
async fn unique_index_refuses_duplicate_queued_rows(db: TestDb) {
    use sea_orm::ConnectionTrait;
    let s = db.services().await;
    let ctx = db.ctx(&s).await;
    s.jobs()
        .enqueue(
            ctx.tenant_id,
            JobKind::SyncPackage,
            json!({"package_id": 7}),
            Some("sync:7".into()),
        )
        .await
        .unwrap();
    let insert = format!(
        "INSERT INTO jobs (tenant_id, kind, payload, dedupe_key, status, attempts, max_attempts, run_at, created_at) \
         VALUES ({}, 'sync_package', '{{}}', 'sync:7', 'queued', 0, 3, '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')",
        ctx.tenant_id
    );
    assert!(
        s.db().execute_unprepared(&insert).await.is_err(),
        "a duplicate queued row is refused"
    );
    // Not queued (running, done): any number may share the key.
    let done = insert.replace("'queued'", "'done'");
    s.db().execute_unprepared(&done).await.unwrap();
    s.db().execute_unprepared(&done).await.unwrap();

    // A retry of a failed run that meets a newer queued job with its key ends failed
    // instead of queueing a twin.
    let running = s
        .jobs()
        .claim("w1", Duration::seconds(60))
        .await
        .unwrap()
        .unwrap();
    let newer = s
        .jobs()
        .enqueue(
            ctx.tenant_id,
            JobKind::SyncPackage,
            json!({"package_id": 7}),
            Some("sync:7".into()),
        )
        .await
        .unwrap();
    assert_ne!(newer, running.id);
    s.jobs().fail(&running, "w1", "boom").await.unwrap();
    let old = s.jobs().get(&ctx, running.id).await.unwrap();
    assert_eq!(
        (old.status.as_str(), old.last_error.as_deref()),
        ("failed", Some("boom"))
    );
    assert_eq!(s.jobs().get(&ctx, newer).await.unwrap().status, "queued");
}

/// A job whose lease is renewed is never taken by another worker, however long it
/// runs; once its worker stops renewing (killed), the job is taken after the lease.
async fn renewed_lease_keeps_a_long_job(db: TestDb) {
    let s = db.services().await;
    let ctx = db.ctx(&s).await;
    let lease = Duration::milliseconds(600);
    let id = s
        .jobs()
        .enqueue(ctx.tenant_id, JobKind::AuditCleanup, json!({}), None)
        .await
        .unwrap();
    let job = s.jobs().claim("w1", lease).await.unwrap().unwrap();
    assert_eq!(job.id, id);
    let held = s.jobs().hold(job.id, "w1", lease);
    // Five lease periods of a second worker polling.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(3);
    let mut polls = 0;
    while std::time::Instant::now() < until {
        let got = s.jobs().claim("w2", lease).await.unwrap();
        assert!(got.is_none(), "a renewed job was taken over: {got:?}");
        polls += 1;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(polls > 20);
    // The worker dies: no more renewals.
    drop(held);
    let died = std::time::Instant::now();
    let taken = loop {
        if let Some(j) = s.jobs().claim("w2", lease).await.unwrap() {
            break j;
        }
        assert!(
            died.elapsed() < std::time::Duration::from_secs(5),
            "the job was never taken over"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!((taken.id, taken.attempts), (id, 2));
    assert!(
        died.elapsed() < std::time::Duration::from_millis(1500),
        "taken about one lease after the renewals stopped, not later: {:?}",
        died.elapsed()
    );
    // The dead worker's lease cannot be renewed any more.
    assert!(!s.jobs().renew(id, "w1", lease).await.unwrap());
    assert!(s.jobs().renew(id, "w2", lease).await.unwrap());
}

/// The migration that adds the unique index merges queued duplicates made before it
/// (the oldest stays), and leaves other rows alone.
async fn dedupe_migration_merges_existing_duplicates(db: TestDb) {
    use cargoman_migrations::{Migrator, MigratorTrait};
    use sea_orm::ConnectionTrait;
    let s = db.services().await;
    let ctx = db.ctx(&s).await;
    // Back to just before the dedupe migration (it and every later one undone).
    let all = Migrator::migrations();
    let at = all
        .iter()
        .position(|m| m.name() == "m20261126_000007_queued_job_dedupe")
        .expect("the dedupe migration");
    Migrator::down(s.db(), Some((all.len() - at) as u32))
        .await
        .unwrap();
    let row = |key: &str, status: &str| {
        format!(
            "INSERT INTO jobs (tenant_id, kind, payload, dedupe_key, status, attempts, max_attempts, run_at, created_at) \
             VALUES ({}, 'sync_package', '{{}}', {key}, '{status}', 0, 3, '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')",
            ctx.tenant_id
        )
    };
    for (key, status) in [
        ("'sync:1'", "queued"),
        ("'sync:1'", "queued"),
        ("'sync:1'", "running"),
        ("'sync:1'", "queued"),
        ("'sync:2'", "queued"),
        ("NULL", "queued"),
        ("NULL", "queued"),
    ] {
        s.db().execute_unprepared(&row(key, status)).await.unwrap();
    }
    Migrator::up(s.db(), None).await.unwrap();
    let all = s.jobs().list(&ctx, None, 100).await.unwrap();
    let ids: Vec<i64> = all.iter().map(|j| j.id).collect();
    assert_eq!(all.len(), 5, "{all:?}");
    // The first sync:1 (oldest) and the running one stay, with sync:2 and both keyless.
    assert!(ids.contains(&1) && !ids.contains(&2) && ids.contains(&3) && !ids.contains(&4));
    assert!(
        s.db()
            .execute_unprepared(&row("'sync:2'", "queued"))
            .await
            .is_err(),
        "the index holds after the merge"
    );
}

/// A sync queued while the same package's sync runs (a push during a sync) waits for
/// it, rather than running beside it on another worker or server; other work goes on.
async fn a_package_syncs_on_one_worker_at_a_time(db: TestDb) {
    let s = db.services().await;
    let ctx = db.ctx(&s).await;
    let jobs = s.jobs();
    let sync = |id: i64| {
        jobs.enqueue(
            ctx.tenant_id,
            JobKind::SyncPackage,
            json!({"package_id": id}),
            Some(format!("sync:{id}")),
        )
    };
    let a = sync(7).await.unwrap();
    let running = jobs
        .claim("w1", Duration::seconds(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(running.id, a);
    let b = sync(7).await.unwrap();
    assert_ne!(a, b, "queued again while it runs");
    let c = sync(8).await.unwrap();
    let next = jobs
        .claim("w2", Duration::seconds(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next.id, c, "another package's sync goes first");
    assert!(
        jobs.claim("w3", Duration::seconds(60))
            .await
            .unwrap()
            .is_none(),
        "package 7's second sync waits for its first"
    );
    jobs.complete(a, "w1").await.unwrap();
    let after = jobs
        .claim("w3", Duration::seconds(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.id, b, "then it runs");
    assert_eq!(after.attempts, 1);
}
