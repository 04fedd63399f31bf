//! The proxy (product.md section 7) against local upstreams speaking Packagist's format
//! (support::upstream), driven with the real composer client through cargoman on both
//! databases: public and private packages together, a private name shadowing a public
//! one, a second upstream behind Basic auth, an upstream going down with a warm cache,
//! names never seen while it is down, the changes feed, freeze, eviction under a small
//! cap, the Time Machine, and upstreams answering badly.

use std::time::Duration;

use cargoman::config::Settings;
use cargoman::service::proxy::{MirrorAuth, NewMirror};
use serde_json::Value;

use crate::support::TestDb;
use crate::support::registry::Registry;
use crate::support::upstream::{FakeUpstream, Mode, UpstreamVersion};
use crate::{db_tests, matrix_tests};

db_tests!(
    public_and_private_packages_install_together,
    a_private_name_is_never_answered_from_upstream,
    second_upstream_with_credentials,
    upstream_down_keeps_cached_packages_installing,
    changes_feed_refreshes_only_what_changed,
    frozen_package_keeps_its_metadata,
    cache_stays_under_its_cap,
    time_machine_shows_the_repository_as_of_a_date,
    bad_upstream_answers_are_refused_and_nothing_is_stored,
    advisories_of_public_names_come_from_upstream,
);

// Archives go through the storage backend: on the filesystem and on S3.
matrix_tests!(archives_are_fetched_once_and_never_change);

fn settings(db: &TestDb, upstream: &FakeUpstream) -> Settings {
    let mut s = db.settings();
    s.proxy.enabled = true;
    s.proxy.packagist_url = upstream.url();
    s.proxy.upstream_timeout = 3;
    // The upstreams of these tests live on loopback.
    s.security.repository_allow_local = true;
    s
}

fn psr_log(up: &FakeUpstream) {
    for (v, t) in [
        ("1.0.0", "2012-12-21T11:40:51+00:00"),
        ("1.1.4", "2021-05-03T11:20:27+00:00"),
        ("2.0.0", "2021-07-14T16:41:46+00:00"),
        ("3.0.0", "2021-07-14T16:46:02+00:00"),
    ] {
        up.publish_version(
            "psr/log",
            UpstreamVersion::new(v).time(t).file(
                "src/LoggerInterface.php",
                &format!("<?php // psr/log {v}\n"),
            ),
        );
    }
}

async fn get(r: &Registry, path: &str, token: &str) -> (u16, String) {
    let resp = r.get(path, Some(token)).await;
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap_or_default())
}

async fn public_and_private_packages_install_together(db: TestDb) {
    let up = FakeUpstream::start();
    psr_log(&up);
    let s = settings(&db, &up);
    let r = Registry::start_with(db, &["1.0.0", "1.1.0"], s).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let project = r.project(&token);
    project
        .require(&["acme/lib:^1.0", "psr/log:^1.1"])
        .await
        .assert_ok();
    assert_eq!(
        project.installed_version("psr/log").as_deref(),
        Some("1.1.4")
    );
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.1.0")
    );
    assert!(
        project
            .vendor_file("psr/log/src/LoggerInterface.php")
            .unwrap()
            .contains("psr/log 1.1.4")
    );
    // The lock names cargoman's URL, with the upstream's reference.
    let locked = project.locked("psr/log").unwrap();
    let url = locked["dist"]["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/dist-proxy/psr/log/1.1.4.0/", r.url)),
        "{url}"
    );
    assert_eq!(
        locked["dist"]["reference"].as_str(),
        Some(up.reference("psr/log", "1.1.4").as_str())
    );
    // The root lets Composer ask for any name.
    let (status, root) = get(&r, "/packages.json", &token).await;
    assert_eq!(status, 200);
    let root: Value = serde_json::from_str(&root).unwrap();
    assert!(root.get("available-packages").is_none(), "{root}");
    // A customer without proxy access sees private packages only.
    r.services
        .customers()
        .update(
            &r.ctx,
            "acme",
            cargoman::service::customers::CustomerUpdate {
                proxy_access: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let (status, _) = get(&r, "/p2/psr/log.json", &token).await;
    assert_eq!(status, 404);
    let (status, root) = get(&r, "/packages.json", &token).await;
    assert_eq!(status, 200);
    assert!(root.contains("available-packages"), "{root}");
}

async fn a_private_name_is_never_answered_from_upstream(db: TestDb) {
    let up = FakeUpstream::start();
    // The same name upstream, with a version the private package does not have.
    up.publish("acme/lib", "9.0.0", "2024-01-01T00:00:00+00:00");
    let s = settings(&db, &up);
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    r.add_package().await;
    let granted = r.customer("granted", Some("*")).await;
    let other = r.customer("other", None).await;
    let (status, body) = get(&r, "/p2/acme/lib.json", &granted).await;
    assert_eq!(status, 200);
    assert!(!body.contains("9.0.0"), "{body}");
    // Not granted: 403, never the upstream's package of the same name.
    let (status, _) = get(&r, "/p2/acme/lib.json", &other).await;
    assert_eq!(status, 403);
    let project = r.project(&other);
    project
        .require(&["acme/lib"])
        .await
        .assert_fails_with("acme/lib");
    assert_eq!(up.count("/p2/acme/lib"), 0, "{:?}", up.requests());
    let dist = format!(
        "/dist-proxy/acme/lib/9.0.0.0/{}.zip",
        up.reference("acme/lib", "9.0.0")
    );
    let (status, _) = get(&r, &dist, &granted).await;
    assert_eq!(status, 404);
}

async fn second_upstream_with_credentials(db: TestDb) {
    let packagist = FakeUpstream::start();
    psr_log(&packagist);
    let partner = FakeUpstream::start();
    partner.publish_version(
        "partner/tool",
        UpstreamVersion::new("1.2.0").file("src/Tool.php", "<?php // partner tool\n"),
    );
    // Packagist has a package of the same name: the mirror (asked first) owns it.
    packagist.publish("partner/tool", "7.0.0", "2024-01-01T00:00:00+00:00");
    partner.require_basic("vendor", "s3cret");
    let s = settings(&db, &packagist);
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    let wrong = NewMirror {
        url: partner.url(),
        name: Some("partner".into()),
        priority: Some(10),
        auth: MirrorAuth::Basic {
            username: "vendor".into(),
            password: "wrong".into(),
        },
    };
    let err = r
        .services
        .proxy()
        .add_upstream(&r.ctx, wrong)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("401"), "{err}");
    let right = NewMirror {
        url: partner.url(),
        name: Some("partner".into()),
        priority: Some(10),
        auth: MirrorAuth::Basic {
            username: "vendor".into(),
            password: "s3cret".into(),
        },
    };
    r.services
        .proxy()
        .add_upstream(&r.ctx, right)
        .await
        .unwrap();
    let token = r.customer("acme", None).await;
    let project = r.project(&token);
    project
        .require(&["partner/tool", "psr/log:^3.0"])
        .await
        .assert_ok();
    assert_eq!(
        project.installed_version("partner/tool").as_deref(),
        Some("1.2.0")
    );
    assert!(project.vendor_file("partner/tool/src/Tool.php").is_some());
    // The archive came from the mirror, with its credentials.
    let zip = partner
        .requests()
        .into_iter()
        .find(|q| q.path.starts_with("/zipball/"))
        .expect("the mirror served the archive");
    assert!(zip.header("authorization").is_some());
    // Credentials never go to another origin, and Packagist never was asked for it.
    assert_eq!(packagist.count("/p2/partner/tool"), 0);
    assert!(
        packagist
            .requests()
            .iter()
            .all(|q| q.header("authorization").is_none())
    );
}

async fn upstream_down_keeps_cached_packages_installing(db: TestDb) {
    let up = FakeUpstream::start();
    psr_log(&up);
    up.without_changes_feed();
    let mut s = settings(&db, &up);
    // Revalidate on every request: the failure is seen at once.
    s.proxy.metadata_ttl = 0;
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    let token = r.customer("acme", None).await;
    let warm = r.project(&token);
    warm.require(&["psr/log:^2.0"]).await.assert_ok();
    for mode in [Mode::Refuse, Mode::Error500, Mode::Garbage] {
        up.set_mode(mode);
        let cold = r.project(&token);
        cold.require(&["psr/log:^2.0"]).await.assert_ok();
        assert_eq!(
            cold.installed_version("psr/log").as_deref(),
            Some("2.0.0"),
            "{mode:?}"
        );
        // A name never seen: a clear JSON error, not a hang.
        let (status, body) = get(&r, "/p2/psr/cache.json", &token).await;
        assert_eq!(status, 502, "{mode:?}: {body}");
        let body: Value = serde_json::from_str(&body).unwrap();
        let message = body["message"].as_str().unwrap();
        assert!(message.contains("upstream packagist"), "{message}");
    }
    up.set_mode(Mode::Hang);
    let started = std::time::Instant::now();
    let (status, _) = get(&r, "/p2/psr/cache.json", &token).await;
    assert_eq!(status, 504);
    assert!(started.elapsed() < Duration::from_secs(15));
    let alerts = r.services.proxy().alerts(&r.ctx).await.unwrap();
    assert!(alerts.iter().any(|a| a.resolved_at.is_none()), "{alerts:?}");
    // Recovery is automatic and clears the alerts.
    up.set_mode(Mode::Normal);
    up.publish("psr/cache", "1.0.0", "2016-08-06T20:24:11+00:00");
    let (status, _) = get(&r, "/p2/psr/cache.json", &token).await;
    // Remembered as failing for a moment at most; a retry gets it.
    let status = if status == 200 {
        status
    } else {
        tokio::time::sleep(Duration::from_secs(1)).await;
        get(&r, "/p2/psr/cache.json", &token).await.0
    };
    assert_eq!(status, 200);
    let alerts = r.services.proxy().alerts(&r.ctx).await.unwrap();
    assert!(alerts.iter().all(|a| a.resolved_at.is_some()), "{alerts:?}");
}

/// The background tasks of `serve` (the changes feed), stopped when dropped.
struct Tasks(Option<cargoman::tasks::Background>);

impl Drop for Tasks {
    fn drop(&mut self) {
        if let Some(b) = self.0.take() {
            tokio::spawn(b.stop());
        }
    }
}

/// Polls until `check` holds (at most 15 s).
async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..150 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn changes_feed_refreshes_only_what_changed(db: TestDb) {
    let up = FakeUpstream::start();
    psr_log(&up);
    up.publish("psr/container", "2.0.0", "2021-11-05T16:47:00+00:00");
    let mut s = settings(&db, &up);
    s.proxy.changes_interval = 1;
    // Only the feed refreshes files.
    s.proxy.metadata_ttl = 86_400;
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    let _tasks = Tasks(Some(cargoman::tasks::start(r.services.clone())));
    let token = r.customer("acme", None).await;
    for path in ["/p2/psr/log.json", "/p2/psr/container.json"] {
        assert_eq!(get(&r, path, &token).await.0, 200);
    }
    // The feed's cursor is taken.
    eventually("the feed cursor", async || {
        up.count("/metadata/changes.json") >= 2
    })
    .await;
    up.clear_log();
    up.publish("psr/log", "3.0.2", "2024-09-11T13:17:53+00:00");
    eventually("the update", async || {
        get(&r, "/p2/psr/log.json", &token)
            .await
            .1
            .contains("3.0.2")
    })
    .await;
    // One request for the changed name; none for the unchanged one.
    assert_eq!(up.count("/p2/psr/log.json"), 1, "{:?}", up.requests());
    assert_eq!(up.count("/p2/psr/container.json"), 0);
    up.delete_package("psr/container");
    eventually("the delete", async || {
        get(&r, "/p2/psr/container.json", &token).await.0 == 404
    })
    .await;
    // A resync makes cached files revalidate (If-Modified-Since) on next use.
    up.clear_log();
    up.force_resync();
    eventually("the resync", async || {
        let _ = get(&r, "/p2/psr/log.json", &token).await;
        up.requests()
            .iter()
            .any(|q| q.path == "/p2/psr/log.json" && q.header("if-modified-since").is_some())
    })
    .await;
}

async fn frozen_package_keeps_its_metadata(db: TestDb) {
    let up = FakeUpstream::start();
    psr_log(&up);
    let mut s = settings(&db, &up);
    s.proxy.changes_interval = 1;
    s.proxy.metadata_ttl = 0;
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    let _tasks = Tasks(Some(cargoman::tasks::start(r.services.clone())));
    let token = r.customer("acme", None).await;
    let project = r.project(&token);
    project.require(&["psr/log:^3.0"]).await.assert_ok();
    r.services
        .proxy()
        .set_frozen(&r.ctx, "psr/log", true)
        .await
        .unwrap();
    up.clear_log();
    up.publish("psr/log", "3.0.2", "2024-09-11T13:17:53+00:00");
    // Several feed rounds and a TTL of 0: never refreshed.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (status, body) = get(&r, "/p2/psr/log.json", &token).await;
    assert_eq!(status, 200);
    assert!(!body.contains("3.0.2"));
    assert_eq!(up.count("/p2/psr/log.json"), 0);
    // Its archives stay too, with the upstream gone.
    up.set_mode(Mode::Refuse);
    let cold = r.project(&token);
    cold.require(&["psr/log:^3.0"]).await.assert_ok();
    up.set_mode(Mode::Normal);
    r.services
        .proxy()
        .set_frozen(&r.ctx, "psr/log", false)
        .await
        .unwrap();
    eventually("the refresh after unfreeze", async || {
        get(&r, "/p2/psr/log.json", &token)
            .await
            .1
            .contains("3.0.2")
    })
    .await;
}

async fn cache_stays_under_its_cap(db: TestDb) {
    let up = FakeUpstream::start();
    let names: Vec<String> = (0..6).map(|i| format!("big/pkg{i}")).collect();
    let filler = "x".repeat(20_000);
    for n in &names {
        up.publish_version(
            n,
            UpstreamVersion::new("1.0.0").file("src/Big.php", &format!("<?php // {n} {filler}\n")),
        );
    }
    let mut s = settings(&db, &up);
    let cap = 12_000;
    s.proxy.max_cache_size = cap;
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    let token = r.customer("acme", None).await;
    for n in &names {
        let project = r.project(&token);
        project.require(&[n.as_str()]).await.assert_ok();
        let status = r.services.proxy().status(&r.ctx).await.unwrap();
        assert!(
            status.stored_bytes <= cap,
            "{} > {cap} after {n}",
            status.stored_bytes
        );
    }
    // The oldest went first; the newest is still cached.
    let stats = r.services.proxy().stats(&r.ctx).await.unwrap();
    assert!(stats.iter().any(|s| s.archive_entries >= 1), "{stats:?}");
}

async fn time_machine_shows_the_repository_as_of_a_date(db: TestDb) {
    let up = FakeUpstream::start();
    psr_log(&up);
    let s = settings(&db, &up);
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let base = format!("{}/time-machine/2021-07-14", r.url);
    let project = crate::support::composer::ComposerProject::new(&base)
        .with_credentials(crate::support::composer::Credentials::Token(token.clone()));
    project.require(&["psr/log"]).await.assert_ok();
    // 3.0.0 was released that day (16:46 UTC): the date itself is included.
    assert_eq!(
        project.installed_version("psr/log").as_deref(),
        Some("3.0.0")
    );
    let (status, body) = get(&r, "/time-machine/2021-05-03/p2/psr/log.json", &token).await;
    assert_eq!(status, 200);
    assert!(body.contains("1.1.4") && !body.contains("2.0.0"), "{body}");
    // The private package was tagged today: not there in 2021.
    let (status, body) = get(&r, "/time-machine/2021-05-03/p2/acme/lib.json", &token).await;
    assert_eq!(status, 200);
    assert!(!body.contains("1.0.0"), "{body}");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let (_, body) = get(
        &r,
        &format!("/time-machine/{today}/p2/acme/lib.json"),
        &token,
    )
    .await;
    assert!(body.contains("1.0.0"), "{body}");
    // Every URL of its root is absolute and under the date.
    let (_, root) = get(&r, "/time-machine/2021-05-03/packages.json", &token).await;
    let root: Value = serde_json::from_str(&root).unwrap();
    assert_eq!(
        root["metadata-url"],
        format!("{}/time-machine/2021-05-03/p2/%package%.json", r.url)
    );
    // A version after the date cannot be downloaded through it.
    let dist = format!(
        "/time-machine/2021-05-03/dist-proxy/psr/log/3.0.0.0/{}.zip",
        up.reference("psr/log", "3.0.0")
    );
    assert_eq!(get(&r, &dist, &token).await.0, 404);
    for bad in ["2021-13-01", "2021-5-3", "yesterday!"] {
        assert_eq!(
            get(&r, &format!("/time-machine/{bad}/packages.json"), &token)
                .await
                .0,
            404,
            "{bad}"
        );
    }
    // Archives served through it are kept whatever their age.
    let stats = r.services.proxy().stats(&r.ctx).await.unwrap();
    assert!(stats.iter().any(|s| s.archive_entries == 1), "{stats:?}");
}

async fn bad_upstream_answers_are_refused_and_nothing_is_stored(db: TestDb) {
    let up = FakeUpstream::start();
    psr_log(&up);
    up.publish("evil/redirect", "1.0.0", "2024-01-01T00:00:00+00:00");
    up.redirect_loop("evil/redirect", "1.0.0");
    up.publish("evil/huge", "1.0.0", "2024-01-01T00:00:00+00:00");
    up.huge_archive("evil/huge", "1.0.0", 2 * 1024 * 1024 * 1024);
    up.publish("evil/local", "1.0.0", "2024-01-01T00:00:00+00:00");
    up.set_dist_url("evil/local", "1.0.0", "http://127.0.0.2:9/secret.zip");
    up.publish("evil/metadata", "1.0.0", "2024-01-01T00:00:00+00:00");
    let mut s = settings(&db, &up);
    // Only the upstream's own origin is trusted; dist URLs elsewhere are checked.
    s.security.repository_allow_local = false;
    s.proxy.max_archive_size = 1024 * 1024;
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    let token = r.customer("acme", None).await;
    for name in ["evil/redirect", "evil/huge", "evil/local"] {
        let (status, _) = get(&r, &format!("/p2/{name}.json"), &token).await;
        assert_eq!(status, 200, "{name}");
        let dist = format!(
            "/dist-proxy/{name}/1.0.0.0/{}.zip",
            up.reference(name, "1.0.0")
        );
        let started = std::time::Instant::now();
        let (status, body) = get(&r, &dist, &token).await;
        assert_eq!(status, 502, "{name}: {body}");
        let body: Value = serde_json::from_str(&body).unwrap();
        assert!(!body["message"].as_str().unwrap().is_empty());
        assert!(started.elapsed() < Duration::from_secs(10), "{name}");
    }
    // Garbage metadata: 502, nothing cached.
    up.set_mode(Mode::Garbage);
    let (status, _) = get(&r, "/p2/evil/metadata.json", &token).await;
    assert_eq!(status, 502);
    up.set_mode(Mode::Normal);
    let stats = r.services.proxy().stats(&r.ctx).await.unwrap();
    assert!(stats.iter().all(|s| s.archive_entries == 0), "{stats:?}");
    let status = r.services.proxy().status(&r.ctx).await.unwrap();
    // Three metadata files (the evil ones that parsed), no archive, no garbage.
    assert_eq!(status.entries, 3, "{status:?}");
    // A slow drip is abandoned rather than holding the request for ever.
    up.set_mode(Mode::SlowDrip);
    let started = std::time::Instant::now();
    let (status, _) = get(&r, "/p2/psr/log.json", &token).await;
    assert!(status == 504 || status == 502, "{status}");
    assert!(started.elapsed() < Duration::from_secs(20));
    up.set_mode(Mode::Normal);
}

async fn archives_are_fetched_once_and_never_change(db: TestDb) {
    let up = FakeUpstream::start();
    psr_log(&up);
    let s = settings(&db, &up);
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    let token = r.customer("acme", None).await;
    let (status, _) = get(&r, "/p2/psr/log.json", &token).await;
    assert_eq!(status, 200);
    let dist = format!(
        "/dist-proxy/psr/log/2.0.0.0/{}.zip",
        up.reference("psr/log", "2.0.0")
    );
    // Many first requests at once: one upstream fetch, the same bytes for all.
    let answers = futures::future::join_all((0..16).map(|_| async {
        let resp = r.get(&dist, Some(&token)).await;
        assert_eq!(resp.status(), 200);
        resp.bytes().await.unwrap()
    }))
    .await;
    assert_eq!(up.count(&up.zipball_path("psr/log", "2.0.0")), 1);
    let expected = up.zip_bytes("psr/log", "2.0.0");
    for a in &answers {
        assert_eq!(a.as_ref(), expected.as_slice());
    }
    // The upstream changes what it serves at that URL: the stored bytes stay.
    up.set_mode(Mode::Garbage);
    let again = r.get(&dist, Some(&token)).await.bytes().await.unwrap();
    assert_eq!(again.as_ref(), expected.as_slice());
    up.set_mode(Mode::Normal);
    // Without a token: 401; a reference that does not exist: 404.
    assert_eq!(r.get(&dist, None).await.status(), 401);
    let wrong = "/dist-proxy/psr/log/2.0.0.0/0000000000000000000000000000000000000000.zip";
    assert_eq!(r.get(wrong, Some(&token)).await.status(), 404);
}

async fn advisories_of_public_names_come_from_upstream(db: TestDb) {
    let up = FakeUpstream::start();
    psr_log(&up);
    let id = up.add_advisory("psr/log", ">=1.0.0,<1.1.0");
    let s = settings(&db, &up);
    let r = Registry::start_with(db, &["1.0.0"], s).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let project = r.project(&token);
    project.require(&["psr/log:1.0.0"]).await.assert_ok();
    let audit = project.audit().await;
    assert!(audit.contains(&id), "{}", audit.output());
    // Only the names asked.
    let resp = reqwest::Client::new()
        .post(format!("{}/api/security-advisories", r.url))
        .basic_auth("token", Some(&token))
        .form(&[("packages[]", "acme/lib")])
        .send()
        .await
        .unwrap();
    let doc: Value = resp.json().await.unwrap();
    assert!(doc["advisories"].get("psr/log").is_none(), "{doc}");
}
