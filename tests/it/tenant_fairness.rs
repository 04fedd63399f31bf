//! What one tenant does cannot starve the others (issue 11): a tenant's long queue of
//! syncs does not hold back another tenant's job, and the Composer cache stays within
//! one memory bound over every tenant, the tenants served least recently giving way
//! first; on both databases.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use cargoman::db::entities::tenant;
use cargoman::service::composer::Base;
use cargoman::service::customers::NewCustomer;
use cargoman::service::jobs::JobKind;
use cargoman::service::packages::NewPackage;
use cargoman::service::sync::NoProgress;
use cargoman::service::tokens::TokenRequest;
use cargoman::service::{Actor, Ctx, Services};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, Set, Statement, TransactionTrait,
};
use serde_json::json;

use crate::db_tests;
use crate::support::registry::lib_repo;
use crate::support::{Backend, TestDb};

db_tests!(
    one_claimer_takes_the_waiting_tenants_job_second,
    a_claimer_that_finishes_each_job_still_alternates_tenants,
    a_claim_in_progress_leaves_the_next_claimer_the_waiting_tenants_job,
    concurrent_claimers_over_several_tenants_take_each_job_once,
    the_cache_keeps_every_tenants_files_within_one_bound,
    the_cache_holds_a_bounded_number_of_tenants,
);

/// A second tenant, inserted directly (the tenants service is not what is tested).
async fn new_tenant(s: &Services, slug: &str) -> i64 {
    let at = Utc::now();
    let row = tenant::ActiveModel {
        slug: Set(slug.into()),
        name: Set(slug.into()),
        status: Set("active".into()),
        generation: Set(0),
        changed_at: Set(at),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(s.db())
    .await
    .expect("insert tenant");
    row.id
}

/// Tenant A (the default one) with 500 queued syncs, then tenant B with one.
async fn busy_and_waiting(db: &TestDb) -> (Services, i64, i64) {
    let s = db.services().await;
    let a = db.ctx(&s).await.tenant_id;
    let b = new_tenant(&s, "beta").await;
    for i in 0..500 {
        s.jobs()
            .enqueue(a, JobKind::SyncPackage, json!({"package_id": i}), None)
            .await
            .unwrap();
    }
    let waiting = s
        .jobs()
        .enqueue(b, JobKind::SyncPackage, json!({"package_id": 1}), None)
        .await
        .unwrap();
    (s, b, waiting)
}

async fn one_claimer_takes_the_waiting_tenants_job_second(db: TestDb) {
    let (s, b, waiting) = busy_and_waiting(&db).await;
    let lease = Duration::seconds(60);
    let first = s.jobs().claim("w1", lease).await.unwrap().unwrap();
    let second = s.jobs().claim("w1", lease).await.unwrap().unwrap();
    assert_ne!(first.tenant_id, b, "A's job is the older: it goes first");
    assert_eq!(
        (second.id, second.tenant_id),
        (waiting, b),
        "B waits for one claim"
    );
    let third = s.jobs().claim("w1", lease).await.unwrap().unwrap();
    assert_eq!(third.tenant_id, first.tenant_id, "then A's queue goes on");
    assert!(third.id > first.id, "A's jobs in order");
}

/// A lone worker finishes each job before it claims the next, so no tenant ever has a
/// job running when it claims: the tenant claimed from least recently goes first.
async fn a_claimer_that_finishes_each_job_still_alternates_tenants(db: TestDb) {
    let (s, b, waiting) = busy_and_waiting(&db).await;
    let lease = Duration::seconds(60);
    let mut claimed = Vec::new();
    for _ in 0..3 {
        let job = s.jobs().claim("w1", lease).await.unwrap().unwrap();
        s.jobs().complete(job.id, "w1").await.unwrap();
        claimed.push((job.id, job.tenant_id));
    }
    assert_ne!(claimed[0].1, b);
    assert_eq!(claimed[1], (waiting, b), "{claimed:?}");
    assert_ne!(claimed[2].1, b);
}

/// Two claimers at the same moment: whichever finds A's oldest job taken by the other
/// takes B's rather than A's next. On PostgreSQL the other claim is held open, so the
/// moment is certain; SQLite runs one claim at a time, so there two claimers race.
async fn a_claim_in_progress_leaves_the_next_claimer_the_waiting_tenants_job(db: TestDb) {
    let (s, b, waiting) = busy_and_waiting(&db).await;
    if db.backend == Backend::Postgres {
        // Deterministically: A's oldest job is being claimed elsewhere (locked by an
        // open transaction, not yet running) while this claimer looks.
        let other = db.connect().await;
        let txn = other.begin().await.unwrap();
        let sql =
            "SELECT id FROM jobs WHERE tenant_id <> $1 ORDER BY run_at, id LIMIT 1 FOR UPDATE";
        let values = vec![sea_orm::Value::from(b)];
        let stmt = Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values);
        let locked = txn.query_one(stmt).await.unwrap().unwrap();
        let locked: i64 = locked.try_get("", "id").unwrap();
        let job = s.jobs().claim("w2", Duration::seconds(60)).await;
        let job = job.unwrap().expect("a job");
        assert_eq!(
            (job.id, job.tenant_id),
            (waiting, b),
            "A's {locked} is locked"
        );
        txn.rollback().await.unwrap();
        return;
    }
    let start = Arc::new(tokio::sync::Barrier::new(2));
    let mut tasks = Vec::new();
    for w in ["w1", "w2"] {
        let (s, start) = (s.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            loop {
                match s.jobs().claim(w, Duration::seconds(60)).await {
                    Ok(job) => return job.expect("a job"),
                    // SQLite may report a busy database under contention: try again.
                    Err(_) => tokio::task::yield_now().await,
                }
            }
        }));
    }
    let mut round = Vec::new();
    for t in tasks {
        let job = t.await.unwrap();
        round.push((job.id, job.tenant_id));
    }
    assert!(round.contains(&(waiting, b)), "{round:?}");
    assert_ne!(round[0], round[1]);
}

async fn concurrent_claimers_over_several_tenants_take_each_job_once(db: TestDb) {
    let s = db.services().await;
    let tenants = [
        db.ctx(&s).await.tenant_id,
        new_tenant(&s, "beta").await,
        new_tenant(&s, "gamma").await,
    ];
    for i in 0..60 {
        let t = tenants[i % 3];
        s.jobs()
            .enqueue(t, JobKind::SyncPackage, json!({"package_id": i}), None)
            .await
            .unwrap();
    }
    // One lease ran out (its worker died): it is claimed again, once.
    let dead = s
        .jobs()
        .claim("dead", Duration::seconds(-1))
        .await
        .unwrap()
        .unwrap();
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
    assert_eq!(all.len(), 60, "every job claimed");
    assert_eq!(unique.len(), 60, "no job claimed twice");
    assert!(
        unique.contains(&dead.id),
        "the expired lease was taken over"
    );
}

/// Three tenants, each with `acme/lib` synced from one repository, a customer granted
/// it and a token; their ids and tokens.
async fn three_tenants(db: &TestDb) -> Vec<(i64, String)> {
    let repo = db.path().join("acme-lib");
    lib_repo(&repo, &["1.0.0", "1.1.0", "1.2.0"]);
    let s = db.services().await;
    let ids = [
        db.ctx(&s).await.tenant_id,
        new_tenant(&s, "beta").await,
        new_tenant(&s, "gamma").await,
    ];
    let mut out = Vec::new();
    for id in ids {
        let ctx = Ctx::new(id, Actor::cli());
        let package = NewPackage {
            url: repo.to_str().unwrap().to_string(),
            probe: true,
            ..Default::default()
        };
        s.packages().add(&ctx, package).await.expect("package");
        s.sync()
            .package(&ctx, "acme/lib", &NoProgress)
            .await
            .expect("sync");
        let customer = NewCustomer {
            name: "acme".into(),
            ..Default::default()
        };
        s.customers()
            .create(&ctx, customer)
            .await
            .expect("customer");
        s.grants()
            .grant(&ctx, "acme", "acme/lib", Some("*"))
            .await
            .expect("grant");
        let req = TokenRequest {
            customer: "acme".into(),
            ..Default::default()
        };
        let token = s.tokens().issue(&ctx, req).await.expect("token");
        out.push((id, token.plain_token));
    }
    out
}

/// The p2 file of `acme/lib` for a tenant's customer, through the Composer service as
/// a request gets it; the number of files rendered for it.
async fn serve(s: &Services, (tenant, token): &(i64, String)) -> u64 {
    let composer = s.composer();
    let before = composer.stats().renders;
    let caller = composer
        .authenticate(*tenant, token, None)
        .await
        .expect("token");
    let base = Base::cached(Arc::from("http://registry.test"));
    let file = composer
        .package_file(&caller, "acme/lib", false, false, &base, None)
        .await
        .expect("p2 file");
    assert!(file.body.len() > 100);
    composer.stats().renders - before
}

/// Waits into the next second: the cache knows when a tenant was last served to the
/// second.
async fn next_second() {
    tokio::time::sleep(StdDuration::from_millis(1100)).await;
}

async fn the_cache_keeps_every_tenants_files_within_one_bound(db: TestDb) {
    let tenants = three_tenants(&db).await;
    // The size of one tenant's p2 file (the same bytes in each tenant).
    let probe = db.services().await;
    assert_eq!(serve(&probe, &tenants[0]).await, 1);
    let file = probe.composer().memory().rendered_bytes;
    assert!(file > 0);

    // Room for two tenants' files, not three; two fit in the three quarters of the
    // bound that a trim comes down to.
    let bound = file * 14 / 5;
    let mut settings = db.settings();
    settings.cache.max_rendered_bytes = bound;
    let s = db.services_with(settings).await;
    for t in &tenants {
        assert_eq!(serve(&s, t).await, 1);
        let held = s.composer().memory().rendered_bytes;
        assert!(held <= bound, "{held} bytes held, bound {bound}");
        next_second().await;
    }
    let memory = s.composer().memory();
    assert_eq!(memory.rendered_bytes, 2 * file, "{memory:?}");
    assert_eq!(memory.trimmed_tenants, 1, "{memory:?}");
    // The tenant served last, and the one before it, kept their files; the first
    // gave way and renders again, which the least recent of the others pays for.
    assert_eq!(
        serve(&s, &tenants[2]).await,
        0,
        "the last one kept its file"
    );
    assert_eq!(serve(&s, &tenants[1]).await, 0, "so did the one before");
    next_second().await;
    assert_eq!(serve(&s, &tenants[2]).await, 0);
    assert_eq!(serve(&s, &tenants[0]).await, 1, "the first one gave way");
    assert_eq!(serve(&s, &tenants[2]).await, 0, "served after the other");
    assert_eq!(serve(&s, &tenants[1]).await, 1, "served least recently");
    let memory = s.composer().memory();
    assert!(memory.rendered_bytes <= bound, "{memory:?}");
    assert_eq!(memory.tenants, 3, "files go, the tenants' data stays");
}

async fn the_cache_holds_a_bounded_number_of_tenants(db: TestDb) {
    let tenants = three_tenants(&db).await;
    let mut settings = db.settings();
    settings.cache.max_tenants = 2;
    let s = db.services_with(settings).await;
    let mut file = 0;
    for t in &tenants {
        assert_eq!(serve(&s, t).await, 1);
        assert!(s.composer().memory().tenants <= 2);
        if file == 0 {
            file = s.composer().memory().rendered_bytes;
        }
        next_second().await;
    }
    let memory = s.composer().memory();
    assert_eq!(
        (memory.tenants, memory.evicted_tenants),
        (2, 1),
        "{memory:?}"
    );
    assert_eq!(
        memory.rendered_bytes,
        2 * file,
        "the evicted tenant's file went with it"
    );
    let loads = s.composer().stats().tenant_loads;
    assert_eq!(
        serve(&s, &tenants[2]).await,
        0,
        "the last one is still held"
    );
    assert_eq!(serve(&s, &tenants[1]).await, 0);
    assert_eq!(s.composer().stats().tenant_loads, loads);
    // The first one was dropped: it is loaded again, like a first request.
    assert_eq!(serve(&s, &tenants[0]).await, 1);
    assert_eq!(s.composer().stats().tenant_loads, loads + 1);
}
