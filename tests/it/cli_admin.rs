//! `cargoman admin-token …` and admin credential verification, on both databases.

use cargoman::config::Secret;
use cargoman::domain::customer::AdminLevel;

use crate::db_tests;
use crate::support::TestDb;

db_tests!(
    admin_tokens_issue_list_revoke,
    configured_admin_token_and_bootstrap
);

async fn admin_tokens_issue_list_revoke(db: TestDb) {
    let out = db.json(&[
        "admin-token",
        "issue",
        "--level",
        "admin",
        "--name",
        "billing",
    ]);
    let plain = out["plain_token"].as_str().unwrap().to_string();
    assert!(plain.starts_with("cma_"));
    assert_eq!(out["token"]["level"], "admin");
    let id = out["token"]["id"].as_i64().unwrap();
    db.json(&["admin-token", "issue", "--level", "viewer"]);
    db.run(&["admin-token", "issue", "--level", "god"])
        .fails_with(2, "accepted: owner, admin, viewer");
    let list = db.json(&["admin-token", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        !db.run(&["--json", "admin-token", "list"])
            .stdout
            .contains(&plain[12..])
    );

    let s = db.services().await;
    let who = s
        .admin_tokens()
        .authenticate(&plain)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(who.level, AdminLevel::Admin);
    assert_eq!(who.token_id, Some(id));

    db.json(&["admin-token", "revoke", &id.to_string()]);
    assert!(
        s.admin_tokens()
            .authenticate(&plain)
            .await
            .unwrap()
            .is_none()
    );
    db.run(&["admin-token", "revoke", &id.to_string()])
        .fails_with(1, "already revoked");
}

async fn configured_admin_token_and_bootstrap(db: TestDb) {
    // No credential anywhere: bootstrap creates one owner token, once.
    let s = db.services().await;
    let first = s
        .admin_tokens()
        .bootstrap()
        .await
        .unwrap()
        .expect("bootstrap token");
    assert_eq!(first.token.level, AdminLevel::Owner);
    assert!(
        s.admin_tokens().bootstrap().await.unwrap().is_none(),
        "only once"
    );
    assert!(
        s.admin_tokens()
            .authenticate(&first.plain_token)
            .await
            .unwrap()
            .is_some()
    );

    // ADMIN_TOKEN is an owner credential and suppresses bootstrap.
    let mut settings = db.settings();
    settings.admin.token = Some(Secret::new("cma_configured_secret_value"));
    let s2 = db.services_with(settings).await;
    assert!(s2.admin_tokens().bootstrap().await.unwrap().is_none());
    let who = s2
        .admin_tokens()
        .authenticate("cma_configured_secret_value")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(who.level, AdminLevel::Owner);
    assert_eq!(who.token_id, None);
    assert!(
        s2.admin_tokens()
            .authenticate("cma_configured_secret_valuX")
            .await
            .unwrap()
            .is_none()
    );

    // ADMIN_TOKEN_HASH: the same without the plain value in the configuration.
    let mut settings = db.settings();
    settings.admin.token_hash = Some(
        cargoman::domain::token::TokenHash::of("hashed-owner")
            .as_str()
            .to_string(),
    );
    let s3 = db.services_with(settings).await;
    assert!(
        s3.admin_tokens()
            .authenticate("hashed-owner")
            .await
            .unwrap()
            .is_some()
    );
}
