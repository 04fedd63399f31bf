//! The real `composer` client (Debian's 2.5.5) against `cargoman serve` on a loopback
//! port, each test with its own COMPOSER_HOME and cache, Packagist disabled, on SQLite
//! and PostgreSQL.

use cargoman::domain::customer::Transition;
use cargoman::service::advisories::NewAdvisory;

use crate::db_tests;
use crate::support::TestDb;
use crate::support::composer::ComposerProject;
use crate::support::git_repo::git;
use crate::support::registry::Registry;
use crate::support::static_repo::{StaticPackage, StaticServer, write_static_repo};

db_tests!(
    install_within_the_grant_and_refuse_outside,
    credentials_revocation_and_rotation,
    suspend_then_reactivate,
    freeze_holds_versions,
    new_tag_is_seen_by_the_next_update,
    moved_tag_gets_its_new_archive,
    dev_branch_and_branch_alias,
    hosted_name_never_falls_through_to_another_repository,
    audit_reports_recorded_advisories,
    installs_are_counted,
);

async fn install_within_the_grant_and_refuse_outside(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "1.1.0", "2.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("^1.0")).await;
    let project = r.project(&token);
    project.require(&["acme/lib"]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.1.0")
    );
    assert!(
        project
            .vendor_file("acme/lib/src/Lib.php")
            .unwrap()
            .contains("// 1.1.0")
    );
    // 2.0.0 exists, but not for this customer: Composer sees exactly the granted ones.
    project
        .require(&["acme/lib:^2.0"])
        .await
        .assert_fails_with("found acme/lib[1.0.0, 1.1.0] but it does not match the constraint");
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.1.0")
    );
}

async fn credentials_revocation_and_rotation(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let none = ComposerProject::new(&r.url);
    none.require(&["acme/lib"])
        .await
        .assert_fails_with("required authentication (HTTP 401)");
    let wrong = r.project("cmt_not-a-real-token-at-all");
    wrong
        .require(&["acme/lib"])
        .await
        .assert_fails_with("required authentication (HTTP 401)");

    let project = r.project(&token);
    project.require(&["acme/lib"]).await.assert_ok();
    // Revoked from the CLI (another process): the server follows at once.
    let id = r.services.tokens().list(&r.ctx, "acme").await.unwrap()[0].id;
    r.db.run(&["token", "revoke", &id.to_string()]).ok();
    project.clear_cache();
    project
        .update(&[])
        .await
        .assert_fails_with("required authentication (HTTP 401)");

    // A rotated token: the old secret is dead, the new one works.
    let second = r.token("acme").await;
    let id2 = r.services.tokens().list(&r.ctx, "acme").await.unwrap()[0].id;
    let rotated = r.services.tokens().rotate(&r.ctx, id2).await.unwrap();
    project.set_token(Some(&second));
    project
        .update(&[])
        .await
        .assert_fails_with("required authentication (HTTP 401)");
    project.set_token(Some(&rotated.plain_token));
    project.update(&[]).await.assert_ok();
}

async fn suspend_then_reactivate(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let project = r.project(&token);
    project.require(&["acme/lib"]).await.assert_ok();
    r.services
        .customers()
        .transition(
            &r.ctx,
            "acme",
            Transition::Suspend,
            Some("invoice 42 is unpaid".into()),
        )
        .await
        .unwrap();
    project.clear_cache();
    let run = project.update(&[]).await;
    run.assert_fails_with("HTTP 403");
    // Composer prints the JSON body's warning: the customer learns why.
    run.assert_fails_with("invoice 42 is unpaid");
    r.services
        .customers()
        .transition(&r.ctx, "acme", Transition::Reactivate, None)
        .await
        .unwrap();
    project.update(&[]).await.assert_ok();
}

async fn freeze_holds_versions(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "1.1.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let project = r.project(&token);
    project.require(&["acme/lib:^1.0"]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.1.0")
    );
    // Frozen at 1.0.0 explicitly: downgrades on update, and a new tag stays invisible.
    r.services
        .grants()
        .freeze(&r.ctx, "acme", &[("acme/lib".into(), "1.0.0".into())], None)
        .await
        .unwrap();
    r.tag("1.2.0", "1.2.0");
    r.sync().await;
    project.update(&[]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.0.0")
    );
    r.services
        .customers()
        .transition(&r.ctx, "acme", Transition::Reactivate, None)
        .await
        .unwrap();
    project.update(&[]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.2.0")
    );
}

async fn new_tag_is_seen_by_the_next_update(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let project = r.project(&token);
    project.require(&["acme/lib:^1.0"]).await.assert_ok();
    // Same second, cache warm: Composer revalidates with If-Modified-Since and must get
    // a 200, not a 304, after the tag.
    r.tag("1.0.1", "1.0.1");
    r.sync().await;
    project.update(&[]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.0.1")
    );
    // And again right away.
    r.tag("1.0.2", "1.0.2");
    r.sync().await;
    project.update(&[]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.0.2")
    );
    // No change: still fine from 304s.
    project.update(&[]).await.assert_ok();
}

async fn moved_tag_gets_its_new_archive(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let project = r.project(&token);
    project.require(&["acme/lib:1.0.0"]).await.assert_ok();
    let before = project.lock()["packages"][0]["dist"]["reference"].clone();
    r.tag("1.0.0", "moved");
    r.sync().await;
    project.update(&[]).await.assert_ok();
    let lock = project.lock();
    let after = &lock["packages"][0]["dist"]["reference"];
    assert_ne!(
        &before, after,
        "the moved tag's new commit reaches the lock"
    );
    assert_eq!(
        after.as_str().unwrap(),
        git(&r.repo, &["rev-parse", "1.0.0^{commit}"])
    );
    assert!(
        project
            .vendor_file("acme/lib/src/Lib.php")
            .unwrap()
            .contains("// moved")
    );
}

async fn dev_branch_and_branch_alias(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let project = r.project(&token).with_minimum_stability("dev");
    // main is aliased to 2.x-dev through extra.branch-alias.
    project.require(&["acme/lib:2.x-dev"]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("dev-main")
    );
    project.require(&["acme/lib:dev-main"]).await.assert_ok();

    // A grant of ^1.0 does not reach the dev branch, alias or not.
    r.services
        .grants()
        .grant(&r.ctx, "acme", "acme/lib", Some("^1.0"))
        .await
        .unwrap();
    let other = r.project(&token).with_minimum_stability("dev");
    other
        .require(&["acme/lib:2.x-dev"])
        .await
        .assert_fails_with("but it does not match the constraint");
    other.require(&["acme/lib:^1.0"]).await.assert_ok();
    assert_eq!(
        other.installed_version("acme/lib").as_deref(),
        Some("1.0.0")
    );
}

async fn hosted_name_never_falls_through_to_another_repository(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("^9.0")).await;
    // A second repository offers a stranger's acme/lib 9.0.0.
    let dir = tempfile::tempdir().unwrap();
    let server = StaticServer::start(dir.path());
    write_static_repo(
        dir.path(),
        &server.url(),
        &[StaticPackage::new("acme/lib").version(
            "9.0.0",
            &[("src/Evil.php", "<?php // stranger\n")],
            serde_json::json!({}),
        )],
    );
    let project = r.project(&token);
    project.edit_composer_json(|doc| {
        let repos = doc["repositories"].as_array_mut().unwrap();
        repos.insert(
            1,
            serde_json::json!({"type": "composer", "url": server.url()}),
        );
    });
    // cargoman answers acme/lib with an empty list (every version hidden): Composer must
    // not take the name from the next repository.
    project
        .require(&["acme/lib:^9.0"])
        .await
        .assert_fails_with("could not be found in any version");
    assert!(!project.vendor_file_exists("acme/lib/src/Evil.php"));
}

async fn audit_reports_recorded_advisories(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "1.0.5"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let project = r.project(&token);
    project.require(&["acme/lib:1.0.0"]).await.assert_ok();
    let clean = project.audit().await;
    assert_eq!(clean.code, 0, "{clean}");
    r.services
        .advisories()
        .add(
            &r.ctx,
            NewAdvisory {
                package: "acme/lib".into(),
                title: "Remote code execution in Lib".into(),
                affected_versions: ">=1.0,<1.0.5".into(),
                cve: Some("CVE-2026-1234".into()),
                link: Some("https://acme.test/advisories/1".into()),
                severity: Some("critical".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    project.clear_cache();
    let run = project.audit().await;
    assert_ne!(run.code, 0, "vulnerable: {run}");
    let report = run.json();
    let found = &report["advisories"]["acme/lib"];
    let first = found
        .as_array()
        .map(|a| a[0].clone())
        .or_else(|| found.as_object().and_then(|o| o.values().next().cloned()))
        .unwrap();
    assert_eq!(first["cve"], "CVE-2026-1234");
    assert_eq!(first["title"], "Remote code execution in Lib");
    // The fixed version passes.
    project.require(&["acme/lib:1.0.5"]).await.assert_ok();
    project.clear_cache();
    assert_eq!(project.audit().await.code, 0);
}

async fn installs_are_counted(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let project = r.project(&token);
    project.require(&["acme/lib"]).await.assert_ok();
    // An install from the lock file in a fresh vendor folder reports again.
    std::fs::remove_dir_all(project.project_dir().join("vendor")).unwrap();
    project.install().await.assert_ok();
    use cargoman::db::entities::{download_counter, download_event};
    use sea_orm::EntityTrait;
    let conn = r.db.connect().await;
    let counters = download_counter::Entity::find().all(&conn).await.unwrap();
    assert_eq!(counters.len(), 1);
    assert_eq!(counters[0].package_name, "acme/lib");
    assert_eq!(counters[0].version, "1.0.0.0");
    assert_eq!(counters[0].count, 2);
    let events = download_event::Entity::find().all(&conn).await.unwrap();
    assert_eq!(events.len(), 2, "one event per install");
    assert!(events.iter().all(|e| {
        e.user_agent
            .as_deref()
            .is_some_and(|u| u.starts_with("Composer/"))
    }));
    assert!(events.iter().all(|e| e.ip.as_deref() == Some("127.0.0.1")));
    // And the token's last use was recorded (in a batch).
    r.services.composer().flush_last_used().await.unwrap();
    let t = &r.services.tokens().list(&r.ctx, "acme").await.unwrap()[0];
    assert!(t.last_used_at.is_some());
    assert_eq!(t.last_used_ip.as_deref(), Some("127.0.0.1"));
}
