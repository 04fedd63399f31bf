//! The Composer endpoints at the HTTP level, on both databases: the 401/403/404 matrix,
//! Last-Modified and 304, visibility rules, dists, notify-batch, advisories, and
//! hostile input.

use sha1::{Digest, Sha1};

use crate::db_tests;
use crate::support::TestDb;
use crate::support::registry::Registry;

db_tests!(
    unauthenticated_callers_get_401_everywhere,
    status_and_grants_decide_403_and_404,
    versions_follow_the_grant_and_yanks,
    last_modified_moves_forward_and_304_is_empty,
    a_new_base_url_moves_last_modified,
    dists_obey_the_same_rules,
    notify_batch_counts_and_advisories_answer_only_hosted_names,
    hostile_requests_get_clean_4xx,
);

async fn unauthenticated_callers_get_401_everywhere(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let revoked = r.token("acme").await;
    let id = r.services.tokens().list(&r.ctx, "acme").await.unwrap()[0].id;
    r.services.tokens().revoke(&r.ctx, id).await.unwrap();
    let paths = [
        "/packages.json",
        "/p2/acme/lib.json",
        "/p2/acme/lib~dev.json",
        "/p2/nobody/nothing.json",
        "/p/acme/lib.json",
        "/dist/acme/lib/1.0.0.0/0000000000000000000000000000000000000000.zip",
    ];
    for path in paths {
        for t in [None, Some("cmt_wrong"), Some(revoked.as_str())] {
            let resp = r.get(path, t).await;
            assert_eq!(resp.status(), 401, "{path} with {t:?}");
            assert!(resp.headers().contains_key("www-authenticate"));
        }
    }
    let client = reqwest::Client::new();
    for path in ["/downloads", "/api/security-advisories"] {
        let resp = client
            .post(format!("{}{path}", r.url))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401, "{path}");
    }
    // Expired tokens too, the moment they expire (no job involved).
    let soon = chrono::Utc::now() + chrono::Duration::milliseconds(1500);
    let expiring = r
        .services
        .tokens()
        .issue(
            &r.ctx,
            cargoman::service::tokens::TokenRequest {
                customer: "acme".into(),
                expires_at: Some(soon),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        r.get("/packages.json", Some(&expiring.plain_token))
            .await
            .status(),
        200
    );
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(
        r.get("/packages.json", Some(&expiring.plain_token))
            .await
            .status(),
        401
    );
    // Revoked by another process (the CLI): refused on the very next request, however
    // soon it comes (the server follows other processes' changes within one poll).
    let fresh = r.token("acme").await;
    assert_eq!(r.get("/packages.json", Some(&fresh)).await.status(), 200);
    let id = r.services.tokens().list(&r.ctx, "acme").await.unwrap()[0].id;
    r.db.run(&["token", "revoke", &id.to_string()]).ok();
    let mut refused = false;
    for _ in 0..100 {
        if r.get("/packages.json", Some(&fresh)).await.status() == 401 {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert!(refused, "a token revoked from the CLI is refused");
    // Bearer works like Basic.
    let resp = client
        .get(format!("{}/packages.json", r.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

async fn status_and_grants_decide_403_and_404(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let granted = r.customer("acme", Some("*")).await;
    let ungranted = r.customer("beta", None).await;

    let root: serde_json::Value = r
        .get("/packages.json", Some(&granted))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(root["available-packages"], serde_json::json!(["acme/lib"]));
    assert!(root["metadata-url"].as_str().unwrap().starts_with(&r.url));
    let root: serde_json::Value = r
        .get("/packages.json", Some(&ungranted))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(root["available-packages"], serde_json::json!([]));

    let denied = r.get("/p2/acme/lib.json", Some(&ungranted)).await;
    assert_eq!(denied.status(), 403);
    let body: serde_json::Value = denied.json().await.unwrap();
    assert_eq!(body["warning"], "Access denied to package acme/lib");
    assert_eq!(
        r.get("/p2/nobody/nothing.json", Some(&granted))
            .await
            .status(),
        404
    );

    // Suspended: 403 everywhere, with the reason for the customer.
    r.services
        .customers()
        .transition(
            &r.ctx,
            "acme",
            cargoman::domain::customer::Transition::Suspend,
            Some("invoice 42 is unpaid".into()),
        )
        .await
        .unwrap();
    for path in ["/packages.json", "/p2/acme/lib.json"] {
        let resp = r.get(path, Some(&granted)).await;
        assert_eq!(resp.status(), 403, "{path}");
        assert_eq!(resp.headers()["content-type"], "application/json");
        let body: serde_json::Value = resp.json().await.unwrap();
        assert!(
            body["warning"]
                .as_str()
                .unwrap()
                .contains("invoice 42 is unpaid"),
            "{body}"
        );
    }
    r.services
        .customers()
        .transition(
            &r.ctx,
            "acme",
            cargoman::domain::customer::Transition::Reactivate,
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        r.get("/p2/acme/lib.json", Some(&granted)).await.status(),
        200
    );

    // Expiry by date takes effect by itself, with a message saying so.
    let update = cargoman::service::customers::CustomerUpdate {
        expires_at: Some(Some(chrono::Utc::now() - chrono::Duration::seconds(1))),
        ..Default::default()
    };
    r.services
        .customers()
        .update(&r.ctx, "acme", update)
        .await
        .unwrap();
    let resp = r.get("/packages.json", Some(&granted)).await;
    assert_eq!(resp.status(), 403);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(
        body["warning"].as_str().unwrap().contains("expired"),
        "{body}"
    );

    // Token globs limit the packages a token reaches.
    let c = cargoman::service::customers::NewCustomer {
        name: "gamma".into(),
        ..Default::default()
    };
    r.services.customers().create(&r.ctx, c).await.unwrap();
    r.services
        .grants()
        .grant(&r.ctx, "gamma", "acme/lib", None)
        .await
        .unwrap();
    let globbed = r
        .services
        .tokens()
        .issue(
            &r.ctx,
            cargoman::service::tokens::TokenRequest {
                customer: "gamma".into(),
                package_globs: vec!["other/*".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .plain_token;
    assert_eq!(
        r.get("/p2/acme/lib.json", Some(&globbed)).await.status(),
        403
    );
    let root: serde_json::Value = r
        .get("/packages.json", Some(&globbed))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(root["available-packages"], serde_json::json!([]));
}

async fn versions_follow_the_grant_and_yanks(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "1.1.0-beta1", "1.1.0", "2.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("^1.0")).await;
    let versions = |doc: serde_json::Value| -> Vec<String> {
        doc["packages"]["acme/lib"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.get("version").and_then(|v| v.as_str()).map(String::from))
            .collect()
    };
    let doc: serde_json::Value = r
        .get("/p2/acme/lib.json", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(doc["minified"], "composer/2.0");
    assert_eq!(
        versions(doc),
        ["1.1.0", "1.1.0-beta1", "1.0.0"],
        "pre-releases inside the range are visible"
    );
    // The constraint does not match dev-main (aliases do not widen it): empty ~dev file.
    let dev: serde_json::Value = r
        .get("/p2/acme/lib~dev.json", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(dev["packages"]["acme/lib"], serde_json::json!([]));

    r.services
        .packages()
        .flag_version(
            &r.ctx,
            "acme/lib",
            "1.1.0",
            cargoman::service::packages::VersionFlag::Yank,
        )
        .await
        .unwrap();
    let doc: serde_json::Value = r
        .get("/p2/acme/lib.json", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(versions(doc), ["1.1.0-beta1", "1.0.0"]);

    // Every version hidden: the file still answers 200 with an empty list, never 404.
    r.services
        .grants()
        .grant(&r.ctx, "acme", "acme/lib", Some("^9.0"))
        .await
        .unwrap();
    let resp = r.get("/p2/acme/lib.json", Some(&token)).await;
    assert_eq!(resp.status(), 200);
    let doc: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(doc["packages"]["acme/lib"], serde_json::json!([]));

    // "*" shows the dev branch with its default-branch flag and alias metadata.
    r.services
        .grants()
        .grant(&r.ctx, "acme", "acme/lib", Some("*"))
        .await
        .unwrap();
    let dev: serde_json::Value = r
        .get("/p2/acme/lib~dev.json", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    let main = &dev["packages"]["acme/lib"][0];
    assert_eq!(main["version"], "dev-main");
    assert_eq!(main["default-branch"], true);
    assert_eq!(main["extra"]["branch-alias"]["dev-main"], "2.x-dev");
    assert!(
        main.get("source").is_none(),
        "the git URL is never disclosed"
    );

    // Frozen: exactly the frozen versions.
    r.services
        .grants()
        .freeze(&r.ctx, "acme", &[("acme/lib".into(), "1.0.0".into())], None)
        .await
        .unwrap();
    let doc: serde_json::Value = r
        .get("/p2/acme/lib.json", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(versions(doc), ["1.0.0"]);
    // Composer 1 clients get all visible versions keyed by version.
    let v1: serde_json::Value = r
        .get("/p/acme/lib.json", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        v1["packages"]["acme/lib"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["1.0.0"]
    );
}

async fn last_modified_moves_forward_and_304_is_empty(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let client = reqwest::Client::new();
    let fetch = |ims: Option<String>| {
        let mut req = client
            .get(format!("{}/p2/acme/lib.json", r.url))
            .basic_auth("token", Some(&token));
        if let Some(ims) = ims {
            req = req.header("if-modified-since", ims);
        }
        req.send()
    };
    let stamp = |resp: &reqwest::Response, h: &str| {
        chrono::DateTime::parse_from_rfc2822(resp.headers()[h].to_str().unwrap()).unwrap()
    };
    // Once the last change is a second old, revalidation gets an empty 304.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let first = fetch(None).await.unwrap();
    let lm = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_string();
    let again = fetch(Some(lm.clone())).await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.bytes().await.unwrap().len(), 0);

    // A burst of changes within a second: no answer is a stale 304, Last-Modified never
    // goes back, and it is never later than the answer's Date.
    let mut previous = stamp(&first, "last-modified");
    for n in 1..=3 {
        r.tag(&format!("1.0.{n}"), &format!("patch {n}"));
        r.sync().await;
        let resp = fetch(Some(previous.to_rfc2822())).await.unwrap();
        assert_eq!(resp.status(), 200, "change {n} must not be a 304");
        let now = stamp(&resp, "last-modified");
        assert!(now >= previous, "Last-Modified went back");
        assert!(
            now <= stamp(&resp, "date"),
            "Last-Modified is later than Date"
        );
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(
            body["packages"]["acme/lib"][0]["version"],
            format!("1.0.{n}")
        );
        previous = now;
    }
    // A grant change is a change of this caller's view too.
    r.services
        .grants()
        .grant(&r.ctx, "acme", "acme/lib", Some("^1.0"))
        .await
        .unwrap();
    assert_eq!(
        fetch(Some(previous.to_rfc2822())).await.unwrap().status(),
        200
    );
    // Once things settle, Last-Modified has moved past everything before the burst.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let settled = fetch(None).await.unwrap();
    let lm = stamp(&settled, "last-modified");
    assert!(lm > stamp(&first, "last-modified"));
    assert_eq!(fetch(Some(lm.to_rfc2822())).await.unwrap().status(), 304);
    let root = client
        .get(format!("{}/packages.json", r.url))
        .basic_auth("token", Some(&token))
        .send()
        .await
        .unwrap();
    assert!(root.headers().contains_key("last-modified"));
}

/// The bytes of every file change with `BASE_URL` although no data does: a server
/// started with a new one moves Last-Modified, so no client keeps stale dist URLs; a
/// restart with the same one does not.
async fn a_new_base_url_moves_last_modified(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let fetch = |url: String, ims: Option<String>| {
        let mut req = reqwest::Client::new()
            .get(format!("{url}/p2/acme/lib.json"))
            .basic_auth("token", Some(token.clone()));
        if let Some(ims) = ims {
            req = req.header("if-modified-since", ims);
        }
        req.send()
    };
    let lm = |resp: &reqwest::Response| {
        resp.headers()["last-modified"]
            .to_str()
            .unwrap()
            .to_string()
    };
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let before = fetch(r.url.clone(), None).await.unwrap();
    assert_eq!(before.status(), 200);
    let before_lm = lm(&before);

    // The operator sets BASE_URL and restarts: another server on the same database.
    let start = |base: &str| {
        let mut settings = r.db.settings();
        settings.server.base_url = Some(base.to_string());
        let db = &r.db;
        async move { crate::serve::start(db.services_with(settings).await).await }
    };
    let (url, stop, _) = start("https://composer.example.com").await;
    let after = fetch(url.clone(), Some(before_lm.clone())).await.unwrap();
    assert_eq!(
        after.status(),
        200,
        "a stale 304 would keep the old dist URLs"
    );
    let body = after.text().await.unwrap();
    assert!(
        body.contains("https://composer.example.com/dist/"),
        "{body}"
    );
    let _ = stop.send(());

    // Once settled, a restart with the same BASE_URL keeps the stamp: 304.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (url, stop, _) = start("https://composer.example.com").await;
    let settled = fetch(url.clone(), None).await.unwrap();
    let settled_lm = lm(&settled);
    let _ = stop.send(());
    let (url, stop, _) = start("https://composer.example.com").await;
    assert_eq!(fetch(url, Some(settled_lm)).await.unwrap().status(), 304);
    let _ = stop.send(());
}

async fn dists_obey_the_same_rules(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "2.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("^1.0")).await;
    let doc: serde_json::Value = r
        .get("/p2/acme/lib.json", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    let dist = &doc["packages"]["acme/lib"][0]["dist"];
    let url = dist["url"].as_str().unwrap();
    let path = url.strip_prefix(&r.url).unwrap();
    let resp = r.get(path, Some(&token)).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/zip");
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(
        hex::encode(Sha1::digest(&bytes)),
        dist["shasum"].as_str().unwrap()
    );

    // 2.0.0 exists but is outside ^1.0: whatever URL is guessed, no download.
    let versions = r
        .services
        .packages()
        .versions(&r.ctx, "acme/lib")
        .await
        .unwrap();
    let v2 = versions.iter().find(|v| v.version == "2.0.0").unwrap();
    let guessed = format!("/dist/acme/lib/2.0.0.0/{}.zip", v2.reference);
    assert_eq!(r.get(&guessed, Some(&token)).await.status(), 403);
    // A wrong reference is not found; another customer's package is denied.
    assert_eq!(
        r.get("/dist/acme/lib/1.0.0.0/deadbeef.zip", Some(&token))
            .await
            .status(),
        404
    );
    let other = r.customer("beta", None).await;
    assert_eq!(r.get(path, Some(&other)).await.status(), 403);
    // A metadata-only token reads metadata but downloads nothing.
    let meta = r
        .services
        .tokens()
        .issue(
            &r.ctx,
            cargoman::service::tokens::TokenRequest {
                customer: "acme".into(),
                scope: Some("metadata".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .plain_token;
    assert_eq!(r.get("/p2/acme/lib.json", Some(&meta)).await.status(), 200);
    assert_eq!(r.get(path, Some(&meta)).await.status(), 403);

    // A yanked version's archive is gone with its metadata, and back when unyanked.
    use cargoman::service::packages::VersionFlag;
    for (flag, status) in [(VersionFlag::Yank, 403), (VersionFlag::Unyank, 200)] {
        r.services
            .packages()
            .flag_version(&r.ctx, "acme/lib", "1.0.0", flag)
            .await
            .unwrap();
        assert_eq!(r.get(path, Some(&token)).await.status(), status);
    }
    // A suspended customer downloads nothing.
    r.services
        .customers()
        .transition(
            &r.ctx,
            "acme",
            cargoman::domain::customer::Transition::Suspend,
            None,
        )
        .await
        .unwrap();
    let resp = r.get(path, Some(&token)).await;
    assert_eq!(resp.status(), 403);
    assert!(resp.text().await.unwrap().contains("suspended"));
}

async fn notify_batch_counts_and_advisories_answer_only_hosted_names(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let client = reqwest::Client::new();
    let body = serde_json::json!({"downloads": [
        {"name": "acme/lib", "version": "1.0.0.0"},
        {"name": "acme/lib", "version": "1.0.0.0"},
        {"name": "symfony/console", "version": "6.0.0.0"},
    ]});
    let resp = client
        .post(format!("{}/downloads", r.url))
        .basic_auth("token", Some(&token))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let conn = r.db.connect().await;
    use cargoman::db::entities::download_counter;
    use sea_orm::EntityTrait;
    let counters = download_counter::Entity::find().all(&conn).await.unwrap();
    assert_eq!(counters.len(), 1, "only hosted, visible packages count");
    assert_eq!(
        (
            counters[0].package_name.as_str(),
            counters[0].version.as_str(),
            counters[0].count
        ),
        ("acme/lib", "1.0.0.0", 2)
    );

    r.services
        .advisories()
        .add(
            &r.ctx,
            cargoman::service::advisories::NewAdvisory {
                package: "acme/lib".into(),
                title: "SQL injection in Lib::query".into(),
                affected_versions: ">=1.0,<1.0.5".into(),
                cve: Some("CVE-2026-0001".into()),
                severity: Some("high".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let resp = client
        .post(format!("{}/api/security-advisories", r.url))
        .basic_auth("token", Some(&token))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("packages%5B0%5D=acme%2Flib&packages%5B1%5D=symfony%2Fconsole")
        .send()
        .await
        .unwrap();
    let doc: serde_json::Value = resp.json().await.unwrap();
    let names: Vec<&String> = doc["advisories"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["acme/lib"], "unknown names are left for Packagist");
    let adv = &doc["advisories"]["acme/lib"][0];
    assert_eq!(adv["cve"], "CVE-2026-0001");
    assert_eq!(adv["affectedVersions"], ">=1.0,<1.0.5");
    assert_eq!(
        adv["composerRepository"], r.url,
        "the repository URL the caller uses"
    );
    for key in [
        "advisoryId",
        "packageName",
        "title",
        "link",
        "reportedAt",
        "sources",
    ] {
        assert!(adv.get(key).is_some(), "{key} in {adv}");
    }
}

async fn hostile_requests_get_clean_4xx(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let client = reqwest::Client::new();
    for auth in [
        "Basic",
        "Basic !!!notbase64",
        "Basic dG9rZW4=",
        "Bearer",
        "Digest abc",
        &format!("Basic {}", "A".repeat(10_000)),
    ] {
        let resp = client
            .get(format!("{}/packages.json", r.url))
            .header("authorization", auth)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401, "{auth:?}");
    }
    // Bytes no HTTP client library would send: a control byte is refused by the HTTP
    // parser, bytes that are not UTF-8 reach authentication and fail there.
    let (status, _) = raw_get(&r.url, "/packages.json", b"Basic \x7f").await;
    assert_eq!(status, 400);
    let (status, _) = raw_get(&r.url, "/packages.json", b"Basic \xff\xfe").await;
    assert_eq!(status, 401);

    // Paths go out exactly as written (a client library would resolve `..` first).
    let long = "a".repeat(20_000);
    let long_query = format!("/p2/acme/lib.json?x={long}");
    for path in [
        "/p2/acme/../lib.json",
        "/p2/acme%2Flib.json",
        "/p2/acme%2flib.json",
        "/p2/ACME/LIB.json",
        "/p2/acme/lib.json.json",
        "/p2/acme/lib",
        "/p2/../../etc/passwd",
        "/p2/acme/lib~dev~dev.json",
        "/p2/acme/%2e%2e/lib.json",
        "/dist/acme/lib/..%2F..%2F..%2Fetc%2Fpasswd/abc.zip",
        "/dist/acme/lib/1.0.0.0/../../../../etc/passwd.zip",
        "/dist/acme/lib/99999999999999999999999.0.0.0/abc.zip",
        "/dist/acme/lib/%00/abc.zip",
        "/dist/acme/lib/%zz/abc.zip",
        "/p/acme/lib~dev.json",
    ] {
        let auth = format!("Bearer {token}");
        let (status, body) = raw_get(&r.url, path, auth.as_bytes()).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(!body.contains("root:"), "{path} leaked a file");
    }
    let (status, _) = raw_get(&r.url, &long_query, format!("Bearer {token}").as_bytes()).await;
    assert_eq!(status, 200, "a long query string is ignored");
    let junk = client
        .post(format!("{}/downloads", r.url))
        .basic_auth("token", Some(&token))
        .body("{{{ not json")
        .send()
        .await
        .unwrap();
    assert_eq!(junk.status(), 400);
    let huge = client
        .post(format!("{}/downloads", r.url))
        .basic_auth("token", Some(&token))
        .body(vec![b'['; 3 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert!(huge.status().is_client_error());
}

db_tests!(urls_come_from_base_url_or_trusted_forwarded_headers);

async fn urls_come_from_base_url_or_trusted_forwarded_headers(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let token = r.customer("acme", Some("*")).await;
    let client = reqwest::Client::new();
    let root = |headers: Vec<(&'static str, &'static str)>| {
        let mut req = client
            .get(format!("{}/packages.json", r.url))
            .basic_auth("token", Some(&token));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        async move {
            req.send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    // From the Host the client used (so its credentials reach the dists).
    let doc = root(vec![]).await;
    assert_eq!(doc["metadata-url"], format!("{}/p2/%package%.json", r.url));
    // Loopback is a trusted proxy by default: its forwarded headers count.
    let doc = root(vec![
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "composer.example.com"),
    ])
    .await;
    assert_eq!(
        doc["notify-batch"],
        "https://composer.example.com/downloads"
    );
    let p2: serde_json::Value = client
        .get(format!("{}/p2/acme/lib.json", r.url))
        .basic_auth("token", Some(&token))
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "composer.example.com")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = p2["packages"]["acme/lib"][0]["dist"]["url"]
        .as_str()
        .unwrap();
    assert!(
        url.starts_with("https://composer.example.com/dist/acme/lib/"),
        "{url}"
    );
    // RFC 7239 `Forwarded`, read before X-Forwarded-*: the element the proxy appended.
    let doc = root(vec![
        (
            "forwarded",
            "for=198.51.100.1;host=spoofed.example, for=192.0.2.1;proto=https;host=\"fwd.example.com\"",
        ),
        ("x-forwarded-host", "composer.example.com"),
    ])
    .await;
    assert_eq!(doc["notify-batch"], "https://fwd.example.com/downloads");
    // A Host that could bend URLs is ignored.
    let doc = root(vec![("x-forwarded-host", "evil.com/steal?")]).await;
    assert!(!doc["notify-batch"].as_str().unwrap().contains("evil"));
    let doc = root(vec![("forwarded", "host=\"evil.com/steal?\"")]).await;
    assert!(!doc["notify-batch"].as_str().unwrap().contains("evil"));

    // BASE_URL wins over everything.
    let mut settings = r.db.settings();
    settings.server.base_url = Some("https://repo.vendor.test".into());
    let services = r.db.services_with(settings).await;
    let (url, stop, _h) = crate::serve::start(services).await;
    let doc: serde_json::Value = client
        .get(format!("{url}/packages.json"))
        .basic_auth("token", Some(&token))
        .header("x-forwarded-host", "composer.example.com")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        doc["metadata-url"],
        "https://repo.vendor.test/p2/%package%.json"
    );
    let _ = stop.send(());
}

/// `GET path` sent byte for byte over a new connection: (status, body).
async fn raw_get(base: &str, path: &str, authorization: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: ").into_bytes();
    request.extend_from_slice(authorization);
    request.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    stream.write_all(&request).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line for {path}: {text}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}
