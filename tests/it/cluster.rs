//! R7 and R9: two `cargoman serve` processes over one database and one S3 bucket (moto),
//! each with its own data folder (as on two machines: own git mirrors, nothing shared
//! but the database and the bucket), each with job workers.
//!
//! R7: syncs queued through both servers' APIs, webhooks and sync-all all at once run
//! once each (jobs table, the workers' own log lines, versions and audit rows, archives
//! in the bucket); notify-batch posts split across both servers add up exactly; a grant
//! changed through one server's API is served by the other at once.
//! Subscribers of one server hear syncs, changes to customers and installs done through
//! the other server or the CLI; both servers' rate limits count against one budget.
//! R9: 200 rounds of issue → warm both servers → revoke the token or suspend the
//! customer (API of either server, or the CLI) → the very next request on both is
//! refused (401 / 403).
//!
//! On PostgreSQL (the deployment section 9 describes) and on SQLite (two servers on one
//! machine sharing the file).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cargoman::db::entities::{audit_log, job, package, package_version};
use cargoman::domain::webhook::sign;
use cargoman::service::jobs::sync_package_id;
use cargoman::storage::Storage;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::graphql::client::Subscriber;
use crate::support::TestDb;
use crate::support::git_http::GitHttpServer;
use crate::support::git_repo::git;
use crate::support::registry::lib_repo;
use crate::support::server::ServeProcess;

macro_rules! cluster_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                use crate::support::{Backend, Store, TestDb};

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(TestDb::with_store(Backend::Sqlite, Store::S3).await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name(TestDb::with_store(Backend::Postgres, Store::S3).await).await;
                }
            }
        )+
    };
}

cluster_tests!(
    jobs_run_once_and_counters_add_up_across_two_servers,
    revocations_reach_both_servers_every_time,
    subscribers_hear_work_done_on_the_other_server,
    rate_limits_are_shared_by_both_servers,
);

const OWNER: &str = "test-owner-token-0123456789";
const HOOK_SECRET: &str = "cluster-hook-secret";
const PACKAGES: usize = 20;
const DOWNLOADS: usize = 200;

/// Two servers of one deployment: own data folders, one database, one bucket.
async fn two_servers(db: &TestDb) -> [ServeProcess; 2] {
    two_servers_with(
        db,
        "[security]\nauth_failures_per_minute = 100000\napi_requests_per_minute = 100000\n",
    )
    .await
}

async fn two_servers_with(db: &TestDb, config: &str) -> [ServeProcess; 2] {
    let mut out = Vec::new();
    for name in ["a", "b"] {
        let data = db.path().join(format!("server-{name}"));
        std::fs::create_dir_all(&data).unwrap();
        let env = [
            ("CARGOMAN_DATA_DIR", data.to_str().unwrap()),
            // SQLite: the shared file (by default each would open its own data folder's).
            ("DATABASE_URL", db.url.as_str()),
            ("TASK_NUM_WORKERS", "2"),
            ("REPOSITORY_ALLOW_LOCAL", "true"),
            ("GITHUB_WEBHOOK_SECRET", HOOK_SECRET),
            ("LOG_FORMAT", "json"),
            ("RUST_LOG", "warn,cargoman::tasks=info"),
        ];
        out.push(ServeProcess::start_env(db, name, config, &env).await);
    }
    let [a, b]: [ServeProcess; 2] = out.try_into().ok().unwrap();
    [a, b]
}

/// A bare repository `root/<short>.git` of package `name`: one commit per tag (one
/// `git fast-import`).
fn bare_package(root: &Path, short: &str, name: &str, tags: &[&str]) {
    let dir = root.join(format!("{short}.git"));
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "--bare"]);
    let manifest = format!(r#"{{"name":"{name}","type":"library","license":"proprietary"}}"#);
    let mut stream = String::new();
    for (i, tag) in tags.iter().enumerate() {
        let lib = format!("<?php\n// {name} {tag}\nclass Lib {{}}\n");
        stream.push_str(&format!(
            "commit refs/heads/main\nmark :{}\ncommitter Test <test@example.com> {} +0000\n\
             data 3\ntag\nM 100644 inline composer.json\ndata {}\n{manifest}\n\
             M 100644 inline src/Lib.php\ndata {}\n{lib}\n\nreset refs/tags/{tag}\nfrom :{}\n\n",
            i + 1,
            1_704_067_200 + i,
            manifest.len(),
            lib.len(),
            i + 1
        ));
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(&dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success(), "fast-import {short}");
}

fn versions_of(body: &str, name: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    doc["packages"][name]
        .as_array()
        .unwrap_or_else(|| panic!("no {name} in {body}"))
        .iter()
        .filter_map(|v| v["version"].as_str().map(String::from))
        .collect()
}

/// The package of every "sync finished" a server's workers logged (JSON logs).
fn syncs_logged(server: &ServeProcess) -> Vec<String> {
    server
        .log()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["message"] == "sync finished")
        .filter_map(|v| v["package"].as_str().map(String::from))
        .collect()
}

async fn jobs_run_once_and_counters_add_up_across_two_servers(db: TestDb) {
    let root = db.path().join("git");
    std::fs::create_dir_all(&root).unwrap();
    let names: Vec<String> = (0..PACKAGES).map(|i| format!("acme/p{i:02}")).collect();
    for (i, name) in names.iter().enumerate() {
        bare_package(&root, &format!("p{i:02}"), name, &["1.0.0", "1.1.0"]);
    }
    let git_server = GitHttpServer::start(&root, None);
    let urls: Vec<String> = (0..PACKAGES)
        .map(|i| git_server.url(&format!("p{i:02}.git")))
        .collect();
    for (name, url) in names.iter().zip(&urls) {
        db.run(&["package", "add", url, "--name", name, "--no-sync"])
            .ok();
    }
    db.run(&["customer", "add", "acme"]).ok();
    let token = db.json(&["token", "issue", "--customer", "acme"])["plain_token"]
        .as_str()
        .unwrap()
        .to_string();
    let servers = two_servers(&db).await;
    let client = reqwest::Client::new();
    let api = |s: &ServeProcess, method: reqwest::Method, path: &str| {
        client
            .request(method, format!("{}/api/v1{path}", s.url))
            .bearer_auth(OWNER)
    };

    // Everything at once: a sync of each package through A and B in turn, webhooks for
    // every third repository through the other server, and sync-all on both.
    let mut calls = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let s = &servers[i % 2];
        calls.push(api(s, reqwest::Method::POST, &format!("/packages/{name}/sync")).send());
        if i % 3 == 0 {
            let body =
                json!({"ref": "refs/heads/main", "repository": {"clone_url": urls[i]}}).to_string();
            calls.push(
                client
                    .post(format!("{}/api/webhooks/github", servers[(i + 1) % 2].url))
                    .header("x-github-event", "push")
                    .header("x-hub-signature-256", sign(HOOK_SECRET, body.as_bytes()))
                    .body(body)
                    .send(),
            );
        }
    }
    for s in &servers {
        calls.push(api(s, reqwest::Method::POST, "/packages/sync").send());
    }
    for resp in futures::future::join_all(calls).await {
        let resp = resp.unwrap();
        let status = resp.status();
        let body = resp.text().await.unwrap_or_default();
        assert_eq!(status, 202, "{body}");
    }

    // Wait for the queue to drain.
    let conn = db.connect().await;
    let deadline = Instant::now() + Duration::from_secs(180);
    let jobs = loop {
        let jobs = job::Entity::find()
            .filter(job::Column::Kind.eq("sync_package"))
            .all(&conn)
            .await
            .unwrap();
        if jobs
            .iter()
            .all(|j| j.status != "queued" && j.status != "running")
        {
            break jobs;
        }
        assert!(
            Instant::now() < deadline,
            "jobs still waiting or running after 3 minutes: {:?}\nA:\n{}\nB:\n{}",
            jobs.iter()
                .map(|j| (j.id, &j.status, j.attempts))
                .collect::<Vec<_>>(),
            servers[0].log(),
            servers[1].log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let packages: HashMap<i64, String> = package::Entity::find()
        .all(&conn)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();

    // Every job ran once, to completion, on its first claim.
    let mut per_package: BTreeMap<String, usize> = BTreeMap::new();
    let mut bad = Vec::new();
    let mut by_worker: BTreeMap<String, usize> = BTreeMap::new();
    for j in &jobs {
        let name = sync_package_id(&j.payload)
            .and_then(|id| packages.get(&id).cloned())
            .unwrap_or_else(|| format!("? {}", j.payload));
        if j.status != "done" || j.attempts != 1 || j.last_error.is_some() {
            bad.push(format!(
                "job {} ({name}): status {}, attempts {}, locked_by {:?}, error {:?}",
                j.id, j.status, j.attempts, j.locked_by, j.last_error
            ));
        }
        *per_package.entry(name).or_default() += 1;
        *by_worker
            .entry(j.locked_by.clone().unwrap_or_default())
            .or_default() += 1;
    }
    assert!(
        bad.is_empty(),
        "jobs that did not run exactly once:\n{}\nA:\n{}\nB:\n{}",
        bad.join("\n"),
        servers[0].log(),
        servers[1].log()
    );
    assert_eq!(
        per_package.keys().cloned().collect::<Vec<_>>(),
        names,
        "every package was synced"
    );
    // The workers' own account: one "sync finished" per done job, package by package.
    let mut logged: BTreeMap<String, usize> = BTreeMap::new();
    let mut logged_by = [0usize; 2];
    for (n, s) in servers.iter().enumerate() {
        for name in syncs_logged(s) {
            *logged.entry(name).or_default() += 1;
            logged_by[n] += 1;
        }
    }
    assert_eq!(logged, per_package, "syncs run (logged) vs sync jobs");

    // Each package's versions were stored once, by one sync; every archive is there.
    let versions = package_version::Entity::find().all(&conn).await.unwrap();
    let mut version_count: BTreeMap<i64, usize> = BTreeMap::new();
    for v in &versions {
        *version_count.entry(v.package_id).or_default() += 1;
    }
    for (id, name) in &packages {
        assert_eq!(
            version_count.get(id),
            Some(&3),
            "{name}: two tags and dev-main"
        );
    }
    let audits = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("package.sync"))
        .all(&conn)
        .await
        .unwrap();
    let mut audited: BTreeMap<String, usize> = BTreeMap::new();
    for a in &audits {
        *audited.entry(a.target.clone()).or_default() += 1;
    }
    assert_eq!(
        audited,
        names
            .iter()
            .map(|n| (n.clone(), 1))
            .collect::<BTreeMap<String, usize>>(),
        "one sync per package changed something"
    );
    let storage = Storage::from_settings(&db.settings()).unwrap();
    let stored: HashSet<String> = storage
        .list("t")
        .await
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| k.contains("/dist/"))
        .collect();
    let referenced: HashSet<String> = versions
        .iter()
        .filter_map(|v| v.dist_path.clone())
        .collect();
    assert_eq!(
        stored, referenced,
        "the bucket holds exactly the referenced archives"
    );

    // Download counters: notify-batch posts split across both servers add up.
    let resp = api(&servers[0], reqwest::Method::PUT, "/customers/acme/grants")
        .json(&json!({"grants": names.iter().map(|n| json!({"package": n})).collect::<Vec<_>>()}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for chunk in (0..DOWNLOADS).collect::<Vec<_>>().chunks(25) {
        let posts = chunk.iter().map(|&i| {
            let name = &names[i % PACKAGES];
            *expected.entry(name.clone()).or_default() += 1;
            client
                .post(format!("{}/downloads", servers[i % 2].url))
                .basic_auth("token", Some(&token))
                .json(&json!({"downloads": [{"name": name, "version": "1.0.0.0"}]}))
                .send()
        });
        for resp in futures::future::join_all(posts.collect::<Vec<_>>()).await {
            assert_eq!(resp.unwrap().status(), 200);
        }
    }
    for s in &servers {
        let stats: Value = api(s, reqwest::Method::GET, "/stats")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(stats["downloads_total"], DOWNLOADS, "{stats}");
    }
    for (name, count) in expected.iter().take(3) {
        let days: Value = api(
            &servers[1],
            reqwest::Method::GET,
            &format!("/stats/downloads?package={name}&days=2"),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        let sum: u64 = days
            .as_array()
            .unwrap_or_else(|| panic!("{days}"))
            .iter()
            .filter_map(|d| d["downloads"].as_u64())
            .sum();
        assert_eq!(sum, *count, "{name}: {days}");
    }

    // A grant made through A is served by B at once, and its revocation too.
    db.run(&["customer", "add", "late"]).ok();
    let late = db.json(&["token", "issue", "--customer", "late"])["plain_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(servers[1].get("/p2/acme/p00.json", &late).await.0, 403);
    let grant = |constraint: &str| {
        api(
            &servers[0],
            reqwest::Method::PUT,
            "/customers/late/grants/acme/p00",
        )
        .json(&json!({"constraint": constraint}))
        .send()
    };
    assert_eq!(grant("^1.1").await.unwrap().status(), 200);
    let (status, body) = servers[1].get("/p2/acme/p00.json", &late).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(versions_of(&body, "acme/p00"), ["1.1.0"]);
    assert_eq!(grant("~1.0.0").await.unwrap().status(), 200);
    let (_, body) = servers[1].get("/p2/acme/p00.json", &late).await;
    assert_eq!(versions_of(&body, "acme/p00"), ["1.0.0"]);
    let revoked = api(
        &servers[0],
        reqwest::Method::DELETE,
        "/customers/late/grants/acme/p00",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(revoked.status(), 200);
    assert_eq!(servers[1].get("/p2/acme/p00.json", &late).await.0, 403);

    for s in &servers {
        assert!(!s.log().contains("panicked"), "{}", s.log());
    }
    eprintln!(
        "R7 ({:?}): {} sync jobs for {PACKAGES} packages, run by server A {} / B {} \
         (workers {by_worker:?}); {DOWNLOADS} downloads counted exactly",
        db.backend,
        jobs.len(),
        logged_by[0],
        logged_by[1]
    );
}

/// R9 on a deployment of two servers: the first request after the revoking call or
/// command returns is refused by both, 200 times.
async fn revocations_reach_both_servers_every_time(db: TestDb) {
    let rounds: usize = std::env::var("CARGOMAN_R9_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let repo = db.path().join("acme-lib");
    lib_repo(&repo, &["1.0.0"]);
    db.json(&["package", "add", repo.to_str().unwrap()]);
    db.run(&["customer", "add", "acme"]).ok();
    db.run(&["customer", "grant", "acme", "acme/lib"]).ok();
    let servers = two_servers(&db).await;
    let client = reqwest::Client::new();
    let post = |s: &ServeProcess, path: String, body: Value| {
        client
            .post(format!("{}/api/v1{path}", s.url))
            .bearer_auth(OWNER)
            .json(&body)
            .send()
    };
    let started = Instant::now();
    let mut accepted = Vec::new();
    for round in 0..rounds {
        let issued: Value = post(
            &servers[round % 2],
            "/customers/acme/tokens".into(),
            json!({}),
        )
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        let token = issued["plain_token"].as_str().unwrap().to_string();
        let id = issued["token"]["id"].as_i64().unwrap();
        for s in &servers {
            let (status, body) = s.get("/p2/acme/lib.json", &token).await;
            assert_eq!(
                status, 200,
                "round {round}: a new token works at once: {body}"
            );
        }
        // Revoke through B's API, the CLI; suspend through A's API, the CLI.
        let (expected, how) = match round % 4 {
            0 => {
                let r = post(&servers[1], format!("/tokens/{id}/revoke"), Value::Null).await;
                assert_eq!(r.unwrap().status(), 200);
                (401, "token revoked (API of B)")
            }
            1 => {
                db.run(&["token", "revoke", &id.to_string()]).ok();
                (401, "token revoked (CLI)")
            }
            2 => {
                let r = post(
                    &servers[0],
                    "/customers/acme/suspend".into(),
                    json!({"reason": "unpaid"}),
                )
                .await;
                assert_eq!(r.unwrap().status(), 200);
                (403, "customer suspended (API of A)")
            }
            _ => {
                db.run(&["customer", "suspend", "acme", "--reason", "unpaid"])
                    .ok();
                (403, "customer suspended (CLI)")
            }
        };
        for (n, s) in servers.iter().enumerate() {
            let (status, _) = s.get("/p2/acme/lib.json", &token).await;
            if status != expected {
                accepted.push(format!(
                    "round {round}: {how}, server {}: {status}",
                    ["A", "B"][n]
                ));
            }
        }
        if expected == 403 {
            let r = post(
                &servers[1],
                "/customers/acme/reactivate".into(),
                Value::Null,
            )
            .await;
            assert_eq!(r.unwrap().status(), 200);
        }
    }
    let took = started.elapsed();
    assert!(
        accepted.is_empty(),
        "answered after the revoking call returned:\n{}\nA:\n{}\nB:\n{}",
        accepted.join("\n"),
        servers[0].log(),
        servers[1].log()
    );
    eprintln!(
        "R9 ({:?}): {rounds} rounds on two servers in {took:?} ({:?} per round)",
        db.backend,
        took / rounds.max(1) as u32
    );
}

/// The next subscription event on `sub` that is not a probe's (customers `probe-…`),
/// within `wait`.
async fn next_event(sub: &mut Subscriber, wait: Duration) -> Option<Value> {
    let deadline = Instant::now() + wait;
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        let msg = tokio::time::timeout(left, sub.recv()).await.ok()??;
        assert_eq!(msg["type"], "next", "{msg}");
        assert!(msg["payload"].get("errors").is_none(), "{msg}");
        let data = msg["payload"]["data"].clone();
        let probe = data["customerActivity"]["customer"]
            .as_str()
            .is_some_and(|c| c.starts_with("probe-"));
        if !probe {
            return Some(data);
        }
    }
}

async fn subscribers_hear_work_done_on_the_other_server(db: TestDb) {
    let root = db.path().join("git");
    std::fs::create_dir_all(&root).unwrap();
    bare_package(&root, "lib", "acme/lib", &["1.0.0", "1.1.0"]);
    let git_server = GitHttpServer::start(&root, None);
    db.run(&[
        "package",
        "add",
        &git_server.url("lib.git"),
        "--name",
        "acme/lib",
        "--no-sync",
    ])
    .ok();
    db.run(&["customer", "add", "acme"]).ok();
    let [a, b] = two_servers(&db).await;
    let client = reqwest::Client::new();
    let on_b = |method: reqwest::Method, path: &str| {
        client
            .request(method, format!("{}/api/v1{path}", b.url))
            .bearer_auth(OWNER)
    };
    let subscribe = |query: &'static str| {
        let url = a.url.clone();
        async move {
            let mut sub = Subscriber::connect(&url, None).await;
            sub.init(json!({"Authorization": format!("Bearer {OWNER}")}))
                .await;
            sub.expect_ack().await;
            sub.start(query).await;
            sub
        }
    };
    let mut activity = subscribe("subscription { customerActivity { customer action } }").await;
    let mut synced = subscribe("subscription { packageSynced { package added ok } }").await;

    // A subscription listens a moment after it is sent: create customers through B
    // until A's subscriber hears one.
    let mut heard = false;
    for i in 0..100 {
        let name = format!("probe-{i}");
        let resp = on_b(reqwest::Method::POST, "/customers")
            .json(&json!({"name": name}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
        let wait = Instant::now() + Duration::from_millis(1500);
        while let Some(left) = wait.checked_duration_since(Instant::now()) {
            let Ok(Some(msg)) = tokio::time::timeout(left, activity.recv()).await else {
                break;
            };
            if msg["payload"]["data"]["customerActivity"]["customer"] == name.as_str() {
                heard = true;
                break;
            }
        }
        if heard {
            break;
        }
    }
    assert!(
        heard,
        "A's subscriber never heard a customer created through B\nA:\n{}",
        a.log()
    );

    // A grant through B's API, a token issued by the CLI, installs reported to B: each
    // heard on A, once, in order.
    let resp = on_b(reqwest::Method::PUT, "/customers/acme/grants/acme/lib")
        .json(&json!({"constraint": "*"}))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.text().await.unwrap());
    let token = db.json(&["token", "issue", "--customer", "acme"])["plain_token"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = client
        .post(format!("{}/downloads", b.url))
        .basic_auth("token", Some(&token))
        .json(&json!({"downloads": [{"name": "acme/lib", "version": "1.0.0.0"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let mut got = Vec::new();
    for _ in 0..3 {
        match next_event(&mut activity, Duration::from_secs(10)).await {
            Some(e) => got.push(e["customerActivity"].clone()),
            None => break,
        }
    }
    assert_eq!(
        got,
        vec![
            json!({"customer": "acme", "action": "grant.create"}),
            json!({"customer": "acme", "action": "token.issue"}),
            json!({"customer": "acme", "action": "download"}),
        ],
        "A:\n{}",
        a.log()
    );
    assert_eq!(
        next_event(&mut activity, Duration::from_millis(500)).await,
        None,
        "an event heard twice"
    );

    // A sync queued through B and run by whichever server's worker claims it.
    let resp = on_b(reqwest::Method::POST, "/packages/acme/lib/sync")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    let event = next_event(&mut synced, Duration::from_secs(60))
        .await
        .unwrap_or_else(|| panic!("no packageSynced on A\nA:\n{}\nB:\n{}", a.log(), b.log()));
    let mut added: Vec<String> = event["packageSynced"]["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    added.sort();
    assert_eq!(event["packageSynced"]["package"], "acme/lib", "{event}");
    assert_eq!(event["packageSynced"]["ok"], true, "{event}");
    assert_eq!(added, ["1.0.0", "1.1.0", "dev-main"], "{event}");
    assert_eq!(
        next_event(&mut synced, Duration::from_millis(500)).await,
        None,
        "a sync heard twice"
    );
}

/// Requests alternate between the two servers, one every 300 ms; returns the status of
/// each. A server learns the other's count within about two seconds (its own share after
/// the other's), so together they grant at most a budget plus some four requests; alone,
/// each would grant the whole budget.
async fn alternate(
    servers: &[ServeProcess; 2],
    n: usize,
    request: impl Fn(&ServeProcess) -> reqwest::RequestBuilder,
) -> Vec<u16> {
    crate::support::clear_of_minute_end(n as u64 / 3 + 5).await;
    let mut out = Vec::new();
    for i in 0..n {
        out.push(
            request(&servers[i % 2])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    out
}

async fn rate_limits_are_shared_by_both_servers(db: TestDb) {
    db.run(&["customer", "add", "acme"]).ok();
    let servers = two_servers_with(
        &db,
        "[security]\nauth_failures_per_minute = 6\napi_requests_per_minute = 10\n",
    )
    .await;
    let client = reqwest::Client::new();

    // One admin token, 10 requests a minute in all: each server alone would grant 10.
    let statuses = alternate(&servers, 30, |s| {
        client
            .get(format!("{}/api/v1/customers", s.url))
            .bearer_auth(OWNER)
    })
    .await;
    let granted = statuses.iter().filter(|&&s| s == 200).count();
    assert!(
        (10..=14).contains(&granted),
        "{granted} of 30 granted for a budget of 10: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|&s| s == 200 || s == 429),
        "{statuses:?}"
    );
    assert!(
        statuses[statuses.len() - 6..].iter().all(|&s| s == 429),
        "both servers refuse once the budget is spent: {statuses:?}"
    );

    // Failed authentications from one address, 6 a minute in all.
    let statuses = alternate(&servers, 24, |s| {
        client
            .get(format!("{}/packages.json", s.url))
            .basic_auth("token", Some("not-a-token"))
    })
    .await;
    let refused = statuses.iter().filter(|&&s| s == 401).count();
    assert!(
        (6..=10).contains(&refused),
        "{refused} of 24 failures allowed for a budget of 6: {statuses:?}"
    );
    assert!(
        statuses[statuses.len() - 6..].iter().all(|&s| s == 429),
        "both servers block the address: {statuses:?}"
    );
}
