//! Changes reach every server (product.md section 9): two `serve` processes beside the
//! CLI on one database see a grant, a sync and a revocation the moment the command
//! returns (R9: 200 rounds of issue → request → revoke → request); inside a server a
//! change rebuilds only what it touched, and concurrent first requests load once.

use std::sync::Arc;

use serde_json::Value;

use crate::db_tests;
use crate::support::TestDb;
use crate::support::registry::{Registry, commit_and_tag, lib_repo};
use crate::support::server::ServeProcess;

db_tests!(
    cli_changes_reach_every_server_when_the_command_returns,
    revocations_hold_on_every_server_when_the_command_returns,
    a_grant_change_rebuilds_only_that_customer,
    concurrent_first_requests_load_once,
    other_processes_changes_arrive_without_polling_each_request,
    one_connection_presenting_several_tokens_sees_each_and_their_revocation,
    api_revocations_hold_on_every_server_when_the_call_returns,
);

/// Versions of `name` in a p2 body.
fn versions(body: &str, name: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    doc["packages"][name]
        .as_array()
        .unwrap_or_else(|| panic!("no {name} in {body}"))
        .iter()
        .filter_map(|v| v["version"].as_str().map(String::from))
        .collect()
}

async fn cli_changes_reach_every_server_when_the_command_returns(db: TestDb) {
    let repo = db.path().join("acme-lib");
    lib_repo(&repo, &["1.0.0", "1.1.0"]);
    db.json(&["package", "add", repo.to_str().unwrap()]);
    db.run(&["customer", "add", "acme"]).ok();
    let issued = db.json(&["token", "issue", "--customer", "acme"]);
    let token = issued["plain_token"].as_str().unwrap().to_string();
    let servers = [
        ServeProcess::start(&db, "a").await,
        ServeProcess::start(&db, "b").await,
    ];
    for s in &servers {
        // Warm every cache: token, customer, package; and a name hosted nowhere.
        assert_eq!(s.get("/p2/acme/lib.json", &token).await.0, 403);
        assert_eq!(s.get("/p2/acme/other.json", &token).await.0, 404);
        assert_eq!(s.get("/packages.json", &token).await.0, 200);
    }

    // A grant: served by both at once.
    db.run(&[
        "customer",
        "grant",
        "acme",
        "acme/lib",
        "--constraint",
        "^1.0",
    ])
    .ok();
    for s in &servers {
        let (status, body) = s.get("/p2/acme/lib.json", &token).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(versions(&body, "acme/lib"), ["1.1.0", "1.0.0"]);
    }

    // A sync that adds a version.
    commit_and_tag(&repo, "1.2.0", "1.2.0");
    db.run(&["package", "sync", "acme/lib"]).ok();
    for s in &servers {
        let (_, body) = s.get("/p2/acme/lib.json", &token).await;
        assert_eq!(versions(&body, "acme/lib"), ["1.2.0", "1.1.0", "1.0.0"]);
    }

    // A package registered after its name was asked for (cached as "not here").
    let other = db.path().join("acme-other");
    lib_repo(&other, &["3.0.0"]);
    std::fs::write(other.join("composer.json"), r#"{"name":"acme/other"}"#).unwrap();
    crate::support::git_repo::git(&other, &["commit", "-qam", "rename"]);
    crate::support::git_repo::git(&other, &["tag", "-f", "3.0.0"]);
    db.json(&["package", "add", other.to_str().unwrap()]);
    for s in &servers {
        assert_eq!(s.get("/p2/acme/other.json", &token).await.0, 403);
    }

    // A narrower grant takes versions away at once.
    db.run(&[
        "customer",
        "grant",
        "acme",
        "acme/lib",
        "--constraint",
        "~1.1.0",
    ])
    .ok();
    for s in &servers {
        let (_, body) = s.get("/p2/acme/lib.json", &token).await;
        assert_eq!(versions(&body, "acme/lib"), ["1.1.0"]);
    }

    // A revocation: refused by both at once.
    let id = issued["token"]["id"].as_i64().unwrap().to_string();
    db.run(&["token", "revoke", &id]).ok();
    for s in &servers {
        assert_eq!(s.get("/packages.json", &token).await.0, 401, "{}", s.log());
    }
    for s in &servers {
        assert!(!s.log().contains("ERROR"), "{}", s.log());
    }
}

/// R9: after `token revoke` (or `customer suspend`) returns, the very next request to
/// every server is refused, every time.
async fn revocations_hold_on_every_server_when_the_command_returns(db: TestDb) {
    let rounds: usize = std::env::var("CARGOMAN_R9_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    db.run(&["customer", "add", "acme"]).ok();
    // Every round ends with refused requests: more than the default failed-auth limit.
    let config = "[security]\nauth_failures_per_minute = 100000\n";
    let servers = [
        ServeProcess::start_with(&db, "a", config).await,
        ServeProcess::start_with(&db, "b", config).await,
    ];
    let mut accepted_after_revoke = Vec::new();
    for round in 0..rounds {
        let issued = db.json(&["token", "issue", "--customer", "acme"]);
        let token = issued["plain_token"].as_str().unwrap();
        let id = issued["token"]["id"].as_i64().unwrap().to_string();
        for s in &servers {
            let (status, body) = s.get("/packages.json", token).await;
            assert_eq!(
                status, 200,
                "round {round}: a new token works at once: {body}"
            );
        }
        // Every fourth round suspends the customer instead of revoking the token.
        let suspend = round % 4 == 3;
        if suspend {
            db.run(&["customer", "suspend", "acme", "--reason", "unpaid"])
                .ok();
        } else {
            db.run(&["token", "revoke", &id]).ok();
        }
        let expected = if suspend { 403 } else { 401 };
        for (n, s) in servers.iter().enumerate() {
            let (status, _) = s.get("/packages.json", token).await;
            if status != expected {
                accepted_after_revoke.push((round, n, status));
            }
        }
        if suspend {
            db.run(&["customer", "reactivate", "acme"]).ok();
            db.run(&["token", "revoke", &id]).ok();
        }
    }
    assert!(
        accepted_after_revoke.is_empty(),
        "(round, server, status) answered after the command returned: {accepted_after_revoke:?}\n{}\n{}",
        servers[0].log(),
        servers[1].log()
    );
}

/// Inside one server: a grant change of customer A rebuilds A's entry and A's changed
/// views only; B's cached files keep being served without a load or a render, and A's
/// new view is right. The change is made by another process's service layer, so it
/// reaches the server through the change log.
async fn a_grant_change_rebuilds_only_that_customer(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "1.1.0", "1.2.0"]).await;
    r.add_package().await;
    let a = r.customer("a", Some("*")).await;
    let b = r.customer("b", Some("*")).await;
    let writer = r.db.services().await;
    let composer = r.services.composer();
    for t in [&a, &b] {
        assert_eq!(r.get("/p2/acme/lib.json", Some(t)).await.status(), 200);
        assert_eq!(r.get("/packages.json", Some(t)).await.status(), 200);
    }
    let before = composer.stats();
    writer
        .grants()
        .grant(&r.ctx, "a", "acme/lib", Some("~1.1.0"))
        .await
        .unwrap();

    // B: everything still cached — no load, no render.
    for path in ["/p2/acme/lib.json", "/packages.json"] {
        assert_eq!(r.get(path, Some(&b)).await.status(), 200);
    }
    let body = r
        .get("/p2/acme/lib.json", Some(&b))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(versions(&body, "acme/lib"), ["1.2.0", "1.1.0", "1.0.0"]);
    assert_eq!(
        composer.stats(),
        before,
        "B's requests loaded or rendered something"
    );

    // A: its entry alone is reloaded, its new view rendered once.
    let body = r
        .get("/p2/acme/lib.json", Some(&a))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(versions(&body, "acme/lib"), ["1.1.0"]);
    assert_eq!(r.get("/packages.json", Some(&a)).await.status(), 200);
    let after = composer.stats();
    assert_eq!(after.customer_loads, before.customer_loads + 1);
    assert_eq!(after.package_loads, before.package_loads);
    assert_eq!(after.token_loads, before.token_loads);
    assert_eq!(after.tenant_loads, before.tenant_loads);
    assert_eq!(
        after.renders,
        before.renders + 2,
        "A's p2 view and A's packages.json"
    );

    // A customer with A's old constraint shares the view that is still cached.
    let c = r.customer("c", Some("*")).await;
    let before = composer.stats();
    assert_eq!(r.get("/p2/acme/lib.json", Some(&c)).await.status(), 200);
    assert_eq!(composer.stats().renders, before.renders);
}

/// 64 concurrent first requests for one package: one token load, one customer load, one
/// package load, one render.
async fn concurrent_first_requests_load_once(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "1.1.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let before = r.services.composer().stats();
    let client = reqwest::Client::new();
    let url = Arc::new(format!("{}/p2/acme/lib.json", r.url));
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let resp = client
                .get(url.as_str())
                .basic_auth("token", Some(token))
                .send()
                .await
                .unwrap();
            (resp.status().as_u16(), resp.text().await.unwrap())
        }));
    }
    let mut bodies = Vec::new();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, 200, "{body}");
        bodies.push(body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    let after = r.services.composer().stats();
    assert_eq!(after.token_loads - before.token_loads, 1, "{after:?}");
    assert_eq!(after.customer_loads - before.customer_loads, 1, "{after:?}");
    assert_eq!(after.package_loads - before.package_loads, 1, "{after:?}");
    assert_eq!(after.renders - before.renders, 1, "{after:?}");
}

/// Requests do not reach the database once everything is cached, even while another
/// process writes: only the changed entries are loaded again.
async fn other_processes_changes_arrive_without_polling_each_request(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let other = r.customer("other", Some("*")).await;
    assert_eq!(r.get("/p2/acme/lib.json", Some(&token)).await.status(), 200);
    let writer = r.db.services().await;
    let before = r.services.composer().stats();
    for n in 0..20 {
        // Another customer's grant changes, again and again.
        let c = if n % 2 == 0 { "^1.0" } else { "*" };
        writer
            .grants()
            .grant(&r.ctx, "other", "acme/lib", Some(c))
            .await
            .unwrap();
        for _ in 0..5 {
            assert_eq!(r.get("/p2/acme/lib.json", Some(&token)).await.status(), 200);
        }
    }
    assert_eq!(r.services.composer().stats(), before);
    assert_eq!(r.get("/p2/acme/lib.json", Some(&other)).await.status(), 200);
}

/// A keep-alive connection remembers the credentials it presented last (so a token is
/// decoded and hashed once per connection): other tokens on the same connection are
/// still told apart, and a revocation still reaches it.
async fn one_connection_presenting_several_tokens_sees_each_and_their_revocation(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "2.0.0"]).await;
    r.add_package().await;
    let a = r.customer("a", Some("^1.0")).await;
    let b = r.customer("b", Some("^2.0")).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    let get = |token: String| {
        let req = client
            .get(format!("{}/p2/acme/lib.json", r.url))
            .basic_auth("token", Some(token));
        async move {
            let resp = req.send().await.unwrap();
            (resp.status().as_u16(), resp.text().await.unwrap())
        }
    };
    for _ in 0..2 {
        let (status, body) = get(a.clone()).await;
        assert_eq!(
            (status, versions(&body, "acme/lib")),
            (200, vec!["1.0.0".into()])
        );
        let (status, body) = get(b.clone()).await;
        assert_eq!(
            (status, versions(&body, "acme/lib")),
            (200, vec!["2.0.0".into()])
        );
        assert_eq!(get(format!("{a}x")).await.0, 401);
    }
    let id = r.services.tokens().list(&r.ctx, "a").await.unwrap()[0].id;
    r.db.services()
        .await
        .tokens()
        .revoke(&r.ctx, id)
        .await
        .unwrap();
    assert_eq!(get(a.clone()).await.0, 401);
    assert_eq!(get(b.clone()).await.0, 200);
    assert_eq!(get(a).await.0, 401);
}

/// R9 over the REST API: a token revoked (or a customer suspended) through one server is
/// refused by every server when the call returns.
async fn api_revocations_hold_on_every_server_when_the_call_returns(db: TestDb) {
    let rounds: usize = std::env::var("CARGOMAN_R9_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200)
        / 4;
    db.run(&["customer", "add", "acme"]).ok();
    let config =
        "[security]\nauth_failures_per_minute = 100000\napi_requests_per_minute = 100000\n";
    let servers = [
        ServeProcess::start_with(&db, "a", config).await,
        ServeProcess::start_with(&db, "b", config).await,
    ];
    let owner = "test-owner-token-0123456789";
    let api = reqwest::Client::new();
    let post = |server: &ServeProcess, path: String, body: serde_json::Value| {
        api.post(format!("{}/api/v1{path}", server.url))
            .bearer_auth(owner)
            .json(&body)
            .send()
    };
    let mut accepted = Vec::new();
    for round in 0..rounds {
        let issued: Value = post(
            &servers[0],
            "/customers/acme/tokens".into(),
            serde_json::json!({}),
        )
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        let token = issued["plain_token"].as_str().unwrap().to_string();
        let id = issued["token"]["id"].as_i64().unwrap();
        for s in &servers {
            assert_eq!(
                s.get("/packages.json", &token).await.0,
                200,
                "round {round}"
            );
        }
        let suspend = round % 4 == 3;
        let (path, body) = if suspend {
            (
                "/customers/acme/suspend".to_string(),
                serde_json::json!({"reason": "unpaid"}),
            )
        } else {
            (format!("/tokens/{id}/revoke"), serde_json::Value::Null)
        };
        let resp = post(&servers[1], path, body).await.unwrap();
        assert_eq!(
            resp.status(),
            200,
            "{}",
            resp.text().await.unwrap_or_default()
        );
        let expected = if suspend { 403 } else { 401 };
        for (n, s) in servers.iter().enumerate() {
            let (status, _) = s.get("/packages.json", &token).await;
            if status != expected {
                accepted.push((round, n, status));
            }
        }
        if suspend {
            let resp = post(
                &servers[0],
                "/customers/acme/reactivate".into(),
                serde_json::Value::Null,
            )
            .await
            .unwrap();
            assert_eq!(resp.status(), 200);
        }
    }
    assert!(
        accepted.is_empty(),
        "(round, server, status) after the call returned: {accepted:?}"
    );
}
