//! `cargoman token …` through the real binary, on both databases, and token
//! verification in the service layer.

use sea_orm::{ConnectionTrait, Statement};

use crate::db_tests;
use crate::support::TestDb;

db_tests!(
    issue_prints_secret_once_and_stores_only_its_hash,
    list_show_rotate_revoke,
    bad_token_input_is_refused,
    revocation_and_expiry_take_effect_immediately,
);

async fn issue_prints_secret_once_and_stores_only_its_hash(db: TestDb) {
    db.json(&["customer", "add", "acme"]);
    let out = db.json(&[
        "token",
        "issue",
        "--customer",
        "acme",
        "--name",
        "ci",
        "--scope",
        "download",
        "--packages",
        "acme/*",
        "--packages",
        "acme/*",
        "--expires-in-days",
        "30",
    ]);
    let plain = out["plain_token"].as_str().unwrap().to_string();
    assert!(plain.starts_with("cmt_") && plain.len() == 47, "{plain}");
    assert_eq!(out["composer_auth"]["username"], "token");
    assert_eq!(out["composer_auth"]["password"], plain.as_str());
    assert!(
        out["composer_auth"]["repository_url"]
            .as_str()
            .unwrap()
            .starts_with("http")
    );
    let token = &out["token"];
    assert!(token["id"].as_i64().is_some());
    assert_eq!(token["customer"], "acme");
    assert_eq!(token["scope"], "download");
    assert_eq!(token["package_globs"], serde_json::json!(["acme/*"]));
    assert_eq!(token["prefix"].as_str().unwrap(), &plain[..12]);
    assert!(token["expires_at"].is_string());

    // At rest only the SHA-256 exists; no column holds the secret.
    let conn = db.connect().await;
    let rows = conn
        .query_all(Statement::from_string(
            conn.get_database_backend(),
            "SELECT * FROM customer_tokens",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let hash: String = rows[0].try_get("", "token_hash").unwrap();
    assert_eq!(
        hash,
        cargoman::domain::token::TokenHash::of(&plain).as_str()
    );
    let dump = format!("{:?}", rows[0]);
    assert!(
        !dump.contains(&plain[12..]),
        "secret stored in clear: {dump}"
    );

    // Never shown again, and never in the audit log.
    let listed = db.run(&["--json", "token", "list", "acme"]).ok();
    assert!(!listed.stdout.contains(&plain[12..]));
    let audit = db.run(&["--json", "audit", "list"]).ok();
    assert!(!audit.stdout.contains(&plain[12..]));

    // The human form tells the customer how to configure Composer.
    let text = db
        .run(&["token", "issue", "--customer", "acme"])
        .ok()
        .stdout;
    assert!(
        text.contains("composer config --global --auth http-basic."),
        "{text}"
    );
}

async fn list_show_rotate_revoke(db: TestDb) {
    db.json(&["customer", "add", "acme"]);
    let a = db.json(&["token", "create", "--customer", "acme", "--name", "laptop"]);
    let id = a["token"]["id"].as_i64().unwrap().to_string();
    db.json(&[
        "token",
        "issue",
        "--customer",
        "acme",
        "--scope",
        "metadata",
    ]);
    let list = db.json(&["token", "list", "acme"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["scope"], "metadata", "newest first");

    let shown = db.json(&["token", "show", &id]);
    assert_eq!(shown["name"], "laptop");
    assert_eq!(shown["status"], "active");

    let rotated = db.json(&["token", "rotate", &id]);
    assert_ne!(rotated["plain_token"], a["plain_token"]);
    assert_eq!(rotated["token"]["id"], a["token"]["id"]);
    assert_eq!(rotated["composer_auth"]["password"], rotated["plain_token"]);

    let revoked = db.json(&["token", "revoke", &id]);
    assert_eq!(revoked["status"], "revoked");
    db.run(&["token", "revoke", &id])
        .fails_with(1, "already revoked");
    db.run(&["token", "rotate", &id])
        .fails_with(1, "cannot be rotated");
    db.run(&["token", "show", "999"]).fails_with(1, "not found");
    db.run(&["token", "show", "abc"]).fails_with(2, "not an id");

    let audit = db.json(&["audit", "list", "--action", "token"]);
    let actions: Vec<_> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["token.revoke", "token.rotate", "token.issue", "token.issue"]
    );
}

async fn bad_token_input_is_refused(db: TestDb) {
    db.json(&["customer", "add", "acme"]);
    db.run(&["token", "issue", "--customer", "nobody"])
        .fails_with(1, "not found");
    db.run(&["token", "issue", "--customer", "acme", "--scope", "write"])
        .fails_with(2, "accepted: download");
    db.run(&[
        "token",
        "issue",
        "--customer",
        "acme",
        "--packages",
        "Acme/[x]",
    ])
    .fails_with(2, "invalid package glob");
    db.run(&[
        "token",
        "issue",
        "--customer",
        "acme",
        "--expires-in-days",
        "0",
    ])
    .fails_with(2, "between 1 and");
    db.run(&[
        "token",
        "issue",
        "--customer",
        "acme",
        "--expires-at",
        "2001-01-01",
    ])
    .fails_with(2, "in the past");
    db.run(&[
        "token",
        "issue",
        "--customer",
        "acme",
        "--expires-at",
        "soon",
    ])
    .fails_with(2, "YYYY-MM-DD");
    db.run(&["token", "issue"]).fails_with(2, "--customer");
    assert_eq!(
        db.json(&["token", "list", "acme"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

async fn revocation_and_expiry_take_effect_immediately(db: TestDb) {
    use cargoman::service::tokens::TokenRequest;

    let s = db.services().await;
    let ctx = db.ctx(&s).await;
    s.customers()
        .create(
            &ctx,
            cargoman::service::customers::NewCustomer {
                name: "acme".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let issued = s
        .tokens()
        .issue(
            &ctx,
            TokenRequest {
                customer: "acme".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // The one rule production uses: the Composer endpoints' check.
    let valid = |t: String| {
        let s = s.clone();
        let tenant = ctx.tenant_id;
        async move {
            s.composer()
                .authenticate(tenant, &t, None)
                .await
                .ok()
                .map(|c| c.token.id)
        }
    };
    assert_eq!(
        valid(issued.plain_token.clone()).await,
        Some(issued.token.id)
    );
    assert_eq!(valid("cmt_wrong".into()).await, None);
    assert_eq!(valid(issued.plain_token[..46].to_string()).await, None);

    let rotated = s.tokens().rotate(&ctx, issued.token.id).await.unwrap();
    assert_eq!(
        valid(issued.plain_token.clone()).await,
        None,
        "old secret dies on rotate"
    );
    assert_eq!(
        valid(rotated.plain_token.clone()).await,
        Some(issued.token.id)
    );
    s.tokens().revoke(&ctx, issued.token.id).await.unwrap();
    assert_eq!(valid(rotated.plain_token.clone()).await, None);

    // Expiry: a token whose time has passed stops at once (its cached entry too), with
    // no job involved.
    let short = s
        .tokens()
        .issue(
            &ctx,
            TokenRequest {
                customer: "acme".into(),
                expires_at: Some(chrono::Utc::now() + chrono::Duration::milliseconds(1500)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(valid(short.plain_token.clone()).await, Some(short.token.id));
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(valid(short.plain_token.clone()).await, None);
    assert_eq!(
        s.tokens().show(&ctx, short.token.id).await.unwrap().status,
        "expired"
    );
}
