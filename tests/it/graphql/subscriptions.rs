//! GraphQL subscriptions over a WebSocket (graphql-transport-ws) on both databases:
//! syncs queued by mutations and run by the background workers, changes made to
//! customers, and the credential a connection needs.

use std::path::Path;

use serde_json::{Value, json};

use super::client::{Gql, OWNER, Subscriber};
use super::deep_query;
use crate::db_tests;
use crate::support::TestDb;

db_tests!(
    subscriptions_hear_finished_syncs,
    subscriptions_hear_changes_to_customers,
    subscriptions_need_an_admin_credential,
);

async fn subscriptions_hear_finished_syncs(db: TestDb) {
    let g = Gql::start(db, &["1.0.0", "1.1.0"]).await;
    let workers = cargoman::tasks::start(g.services.clone());
    let mut synced = g
        .subscribe(
            &g.viewer,
            "subscription { packageSynced { package added updated removed ok error } }",
        )
        .await;
    g.listening(&mut synced, 0).await;
    // Another tenant's events never reach this subscriber.
    let other = cargoman::service::events::PackageSynced {
        tenant_id: g.ctx.tenant_id + 1000,
        package: "other/tenant".into(),
        added: vec!["9.9.9".into()],
        updated: Vec::new(),
        removed: Vec::new(),
        error: None,
        at: chrono::Utc::now(),
    };
    g.services
        .events()
        .publish(cargoman::service::events::Event::PackageSynced(other));

    let add = r#"mutation($url: String!) { addPackage(input: {url: $url, name: "acme/lib"}) { package { name syncStatus } task { id kind status } } }"#;
    let added = g.data(&g.admin, add, json!({"url": g.repo})).await["addPackage"].clone();
    assert_eq!(added["package"]["name"], "acme/lib");
    assert_eq!(added["task"]["kind"], "sync_package");
    let event = synced.next().await["packageSynced"].clone();
    let expected = json!({"package": "acme/lib", "added": ["1.0.0", "1.1.0", "dev-main"], "updated": [], "removed": [], "ok": true, "error": null});
    let mut got = event.clone();
    got["added"]
        .as_array_mut()
        .unwrap()
        .sort_by_key(|v| v.as_str().unwrap().to_string());
    assert_eq!(got, expected, "{event}");

    // A sync queued by a mutation that finds a new tag.
    crate::support::registry::commit_and_tag(Path::new(&g.repo), "1.2.0", "1.2.0");
    let task = g
        .data(
            &g.admin,
            r#"mutation { syncPackage(name: "acme/lib") { id kind } }"#,
            json!({}),
        )
        .await;
    let event = synced.next().await["packageSynced"].clone();
    assert_eq!(event["added"], json!(["1.2.0"]), "{event}");
    assert_eq!(event["ok"], true);
    // The worker marks its task done just after the sync finished.
    let id = task["syncPackage"]["id"].as_str().unwrap();
    let status = format!(r#"{{ task(id: "{id}") {{ status }} }}"#);
    let mut state = Value::Null;
    for _ in 0..100 {
        state = g.data(&g.viewer, &status, json!({})).await["task"]["status"].clone();
        if state != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(state, "done");

    // A sync queued over REST is heard the same way.
    crate::support::registry::commit_and_tag(Path::new(&g.repo), "1.3.0", "1.3.0");
    let resp = reqwest::Client::new()
        .post(format!("{}/api/v1/packages/acme/lib/sync", g.url))
        .bearer_auth(&g.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    let event = synced.next().await["packageSynced"].clone();
    assert_eq!(event["added"], json!(["1.3.0"]), "{event}");

    // A failed sync is heard too, with its error.
    std::fs::remove_dir_all(Path::new(&g.repo).join(".git")).unwrap();
    g.data(
        &g.admin,
        r#"mutation { syncPackage(name: "acme/lib") { id } }"#,
        json!({}),
    )
    .await;
    let event = synced.next().await["packageSynced"].clone();
    assert_eq!(event["ok"], false, "{event}");
    assert!(
        event["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{event}"
    );

    workers.stop().await;
}

/// Every change made to a customer, each followed by the action it is heard as.
const CUSTOMER_CHANGES: &[(&str, &str)] = &[
    (
        r#"createCustomer(input: {name: "acme"}) { id }"#,
        "customer.create",
    ),
    (
        r#"updateCustomer(customer: "acme", input: {email: "a@acme.test"}) { id }"#,
        "customer.update",
    ),
    (
        r#"grantPackage(customer: "acme", package: "acme/lib") { constraint }"#,
        "grant.create",
    ),
    (
        r#"grantPackage(customer: "acme", package: "acme/lib", constraint: "^1.0") { constraint }"#,
        "grant.update",
    ),
    (
        r#"createToken(input: {customer: "acme"}) { token { id } }"#,
        "token.issue",
    ),
    (
        r#"rotateToken(id: "{token}") { plainToken }"#,
        "token.rotate",
    ),
    (r#"revokeToken(id: "{token}") { status }"#, "token.revoke"),
    (
        r#"suspendCustomer(customer: "acme") { status }"#,
        "customer.suspend",
    ),
    (
        r#"reactivateCustomer(customer: "acme") { status }"#,
        "customer.reactivate",
    ),
    (
        r#"freezeCustomer(customer: "acme") { frozen { version } }"#,
        "customer.freeze",
    ),
    (
        r#"expireCustomer(customer: "acme") { status }"#,
        "customer.expire",
    ),
    (
        r#"revokePackageAccess(customer: "acme", package: "acme/lib") { package }"#,
        "grant.revoke",
    ),
    (
        r#"deleteCustomer(customer: "acme") { name }"#,
        "customer.delete",
    ),
];

async fn subscriptions_hear_changes_to_customers(db: TestDb) {
    let g = Gql::start(db, &["1.0.0"]).await;
    g.add_package().await;
    let query = "subscription { customerActivity { customer action } }";
    let mut activity = g.subscribe(OWNER, query).await;
    g.listening(&mut activity, 0).await;
    let mut token = String::new();
    for (change, action) in CUSTOMER_CHANGES {
        let doc = format!("mutation {{ {} }}", change.replace("{token}", &token));
        let data = g.data(&g.admin, &doc, json!({})).await;
        if let Some(id) = data["createToken"]["token"]["id"].as_str() {
            token = id.to_string();
        }
        let event = activity.next().await;
        let expected = json!({"customer": "acme", "action": action});
        assert_eq!(event["customerActivity"], expected, "{doc}");
    }
    // A refused change is not heard.
    let refused = r#"mutation { createCustomer(input: {name: "x"}) { id } }"#;
    assert_eq!(g.error(&g.viewer, refused, json!({})).await.0, "FORBIDDEN");
    g.data(
        &g.admin,
        r#"mutation { createCustomer(input: {name: "y"}) { id } }"#,
        json!({}),
    )
    .await;
    let next = activity.next().await;
    assert_eq!(next["customerActivity"]["customer"], "y", "{next}");
}

async fn subscriptions_need_an_admin_credential(db: TestDb) {
    let g = Gql::start(db, &["1.0.0"]).await;
    // A wrong credential on the upgrade request: 401 before any upgrade.
    assert_eq!(
        Subscriber::try_connect(&g.url, Some("adm_wrong"))
            .await
            .err(),
        Some(401)
    );
    // No credential anywhere, or a wrong one in connection_init: closed without an ack.
    for payload in [json!({}), json!({"Authorization": "Bearer adm_wrong"})] {
        let mut ws = Subscriber::connect(&g.url, None).await;
        ws.init(payload.clone()).await;
        assert_eq!(ws.recv().await, None, "{payload}");
    }
    // A customer token is no admin credential.
    let req = cargoman::service::tokens::TokenRequest {
        customer: "c".into(),
        ..Default::default()
    };
    let c = cargoman::service::customers::NewCustomer {
        name: "c".into(),
        ..Default::default()
    };
    g.services.customers().create(&g.ctx, c).await.unwrap();
    let cmt = g
        .services
        .tokens()
        .issue(&g.ctx, req)
        .await
        .unwrap()
        .plain_token;
    assert_eq!(
        Subscriber::try_connect(&g.url, Some(&cmt)).await.err(),
        Some(401)
    );
    // A valid credential on the upgrade request needs nothing in connection_init.
    let mut ws = Subscriber::connect(&g.url, Some(&g.viewer)).await;
    ws.init(json!({})).await;
    ws.expect_ack().await;
    // Over the socket, a viewer's mutation is refused like over POST.
    ws.start(r#"mutation { createCustomer(input: {name: "x"}) { id } }"#)
        .await;
    let msg = ws.recv().await.unwrap();
    assert_eq!(
        msg["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{msg}"
    );
    // Documents are checked and limited as over POST.
    for (id, doc, code) in [
        (
            "2",
            "subscription { nothing }".to_string(),
            "VALIDATION_ERROR",
        ),
        ("3", deep_query(), "QUERY_TOO_COMPLEX"),
    ] {
        let msg = json!({"id": id, "type": "subscribe", "payload": {"query": doc}});
        ws.send(msg).await;
        let answer = loop {
            let m = ws.recv().await.expect("an answer");
            if m["id"] == id {
                break m;
            }
        };
        assert_eq!(answer["payload"]["data"], Value::Null, "{answer}");
        let error = &answer["payload"]["errors"][0];
        assert_eq!(error["extensions"]["code"], code, "{answer}");
    }
}
