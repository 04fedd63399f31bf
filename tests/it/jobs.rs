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
    concurrent_claimers_take_each_job_once
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
