//! Managing the proxy on both databases: `cargoman mirror …` against a small local
//! Composer repository (credentials checked before anything is stored, secrets never
//! shown again), `cargoman proxy …` as JSON, the REST operations under /api/v1/proxy by
//! credential level, a queued purge running to its end, and the proxy over GraphQL.
//! The built-in Packagist points at a closed local port: nothing here leaves the machine.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use cargoman::config::Settings;
use cargoman::service::Services;
use cargoman::service::proxy::{MirrorAuth, NewMirror};
use reqwest::{Method, StatusCode};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::db_tests;
use crate::support::registry::Registry;
use crate::support::static_repo::{StaticPackage, StaticServer, write_static_repo};
use crate::support::{Run, TestDb};

db_tests!(
    mirror_add_checks_credentials_and_never_shows_the_secret,
    proxy_status_freeze_alerts_and_purge_over_the_cli,
    rest_operations_by_credential,
    rest_mirrors_purge_and_the_url_policy,
    graphql_proxy_status_and_mutations,
);

/// Where the built-in upstream points: a closed port, so a name no mirror has fails
/// fast (and is recorded as an alert) instead of reaching the real Packagist.
const NO_PACKAGIST: &str = "http://127.0.0.1:1";
const USER: &str = "alice";
const PASSWORD: &str = "correct-horse-battery-staple-42";

/// A Composer repository with `vendor/widget` 1.0.0, served from the test's folder.
fn widget_repo(db: &TestDb) -> StaticServer {
    let root = db.path().join("upstream");
    std::fs::create_dir_all(&root).unwrap();
    let server = StaticServer::start(&root);
    let widget = StaticPackage::new("vendor/widget").version(
        "1.0.0",
        &[("src/Widget.php", "<?php\nclass Widget {}\n")],
        json!({"description": "A widget"}),
    );
    write_static_repo(&root, &server.url(), &[widget]);
    server
}

fn settings(db: &TestDb) -> Settings {
    let mut s = db.settings();
    s.proxy.packagist_url = NO_PACKAGIST.into();
    s.proxy.upstream_timeout = 5;
    s
}

/// `cargoman ARGS…` with the test's Packagist URL, `input` on its standard input.
fn cli_with_input(db: &TestDb, args: &[&str], input: Option<&str>) -> Run {
    let mut cmd = db.command();
    cmd.env("PROXY_PACKAGIST_URL", NO_PACKAGIST)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run cargoman");
    let mut stdin = child.stdin.take().unwrap();
    if let Some(text) = input {
        stdin.write_all(text.as_bytes()).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn cli(db: &TestDb, args: &[&str]) -> Run {
    cli_with_input(db, args, None)
}

fn cli_json(db: &TestDb, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    cli(db, &all).ok().json()
}

fn names(list: &Value) -> Vec<String> {
    let items = list
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"));
    items
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect()
}

fn write_file(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_string()
}

async fn mirror_add_checks_credentials_and_never_shows_the_secret(db: TestDb) {
    let server = widget_repo(&db);
    server.require_basic(USER, PASSWORD);
    let url = server.url();
    let wrong = write_file(db.path(), "wrong.txt", "not-the-password\n");
    let right = write_file(db.path(), "right.txt", &format!("{PASSWORD}\n"));

    // Wrong credentials, or none: refused with what to check, and nothing stored.
    let add = ["mirror", "add", &url, "--name", "corp", "--username", USER];
    let mut with_wrong = add.to_vec();
    with_wrong.extend(["--password-file", &wrong]);
    let failed = cli(&db, &with_wrong).fails_with(2, "HTTP 401");
    assert!(
        failed.stderr.contains("credentials given") && failed.stderr.contains("repository URL"),
        "{}",
        failed.stderr
    );
    cli(&db, &["mirror", "add", &url, "--name", "corp"]).fails_with(2, "HTTP 401");
    let failed = cli(&db, &["--json", "mirror", "add", &url, "--name", "corp"]);
    assert_eq!(failed.code, 2);
    assert_eq!(failed.json()["error"]["field"], "url", "{}", failed.stdout);
    assert_eq!(names(&cli_json(&db, &["mirror", "list"])), ["packagist"]);
    let audit = cli_json(&db, &["audit", "list", "--action", "mirror"]);
    assert_eq!(audit.as_array().unwrap().len(), 0, "{audit}");

    // Secrets never come from arguments; a username needs its password file.
    cli(&db, &["mirror", "add", &url, "--password", PASSWORD]).fails_with(2, "--password");
    cli(&db, &["mirror", "add", &url, "--username", USER]).fails_with(2, "--password-file");
    let empty = write_file(db.path(), "empty.txt", "\n");
    let mut with_empty = add.to_vec();
    with_empty.extend(["--password-file", &empty]);
    cli(&db, &with_empty).fails_with(2, "empty");

    // The right password, from standard input.
    let mut from_stdin = add.to_vec();
    from_stdin.extend(["--priority", "5", "--password-file", "-", "--json"]);
    let added = cli_with_input(&db, &from_stdin, Some(&format!("{PASSWORD}\n")))
        .ok()
        .json();
    assert_eq!(added["name"], "corp");
    assert_eq!(added["url"], url.as_str());
    assert_eq!(added["priority"], 5);
    assert_eq!(added["auth"], "basic");
    assert_eq!(added["username"], USER);
    assert!(
        added["metadata_url"]
            .as_str()
            .unwrap()
            .contains("%package%")
    );
    // The same name again is a conflict; a file works as well as stdin.
    let mut again = add.to_vec();
    again.extend(["--password-file", &right]);
    cli(&db, &again).fails_with(1, "exists already");

    let listed = cli(&db, &["--json", "mirror", "list"]).ok();
    assert!(!listed.stdout.contains(PASSWORD), "{}", listed.stdout);
    let list = listed.json();
    assert_eq!(names(&list), ["corp", "packagist"], "by priority");
    assert_eq!(list[1]["builtin"], true);
    let text = cli(&db, &["mirror", "list"]).ok().stdout;
    assert!(
        text.contains("corp") && text.contains("basic (alice)") && text.contains("(built-in)"),
        "{text}"
    );
    assert!(!text.contains(PASSWORD));
    let audit = cli(&db, &["--json", "audit", "list"]).ok();
    assert!(audit.stdout.contains("mirror.add"), "{}", audit.stdout);
    assert!(!audit.stdout.contains(PASSWORD), "{}", audit.stdout);
    // Stored encrypted: the database never holds the password itself.
    let services = db.services().await;
    let rows = cargoman::db::entities::proxy_upstream::Entity::find()
        .all(services.db())
        .await
        .unwrap();
    let corp = rows.iter().find(|r| r.name == "corp").unwrap();
    let sealed = corp.secret_encrypted.as_ref().expect("a stored secret");
    assert!(!sealed.contains(PASSWORD));

    // A bearer token from a file.
    server.require_bearer("tok-123");
    let bearer = write_file(db.path(), "bearer.txt", "tok-123\n");
    let added = cli_json(
        &db,
        &[
            "mirror",
            "add",
            &url,
            "--name",
            "tok",
            "--bearer-file",
            &bearer,
        ],
    );
    assert_eq!(
        (&added["auth"], &added["username"]),
        (&json!("bearer"), &Value::Null)
    );
    let mut both = add.to_vec();
    both.extend(["--password-file", &right, "--bearer-file", &bearer]);
    cli(&db, &both).fails_with(2, "cannot be used with");

    // Removing asks for --yes without a terminal; Packagist cannot be removed.
    cli(&db, &["mirror", "remove", "corp"]).fails_with(2, "--yes");
    let removed = cli_json(&db, &["mirror", "remove", "corp", "--yes"]);
    assert_eq!(removed["name"], "corp");
    assert_eq!(
        names(&cli_json(&db, &["mirror", "list"])),
        ["tok", "packagist"]
    );
    cli(&db, &["mirror", "remove", "corp", "--yes"]).fails_with(1, "corp");
    cli(&db, &["mirror", "remove", "packagist", "--yes"]).fails_with(2, "built-in");
}

/// Caches `vendor/widget` from the mirror, and records an alert: a name no mirror has
/// goes on to the built-in upstream, which is down.
async fn warm_cache_and_alert(services: &Services, tenant_id: i64) {
    let proxy = services.proxy();
    let base = "http://registry.test";
    proxy
        .file(tenant_id, "vendor/widget", false, base, true, None)
        .await
        .unwrap_or_else(|e| panic!("vendor/widget through the mirror: {e}"));
    let missing = proxy
        .file(tenant_id, "nobody/missing", false, base, true, None)
        .await;
    assert!(missing.is_err(), "Packagist is down");
}

async fn proxy_status_freeze_alerts_and_purge_over_the_cli(db: TestDb) {
    let server = widget_repo(&db);
    let url = server.url();
    cli_json(&db, &["mirror", "add", &url, "--name", "corp"]);
    let services = db.services_with(settings(&db)).await;
    let ctx = db.ctx(&services).await;
    warm_cache_and_alert(&services, ctx.tenant_id).await;

    let status = cli_json(&db, &["proxy", "status"]);
    assert_eq!(status["enabled"], false, "{status}");
    assert!(status["entries"].as_u64().unwrap() >= 1, "{status}");
    assert!(status["stored_bytes"].as_u64().unwrap() > 0, "{status}");
    assert_eq!(status["open_alerts"], 1, "{status}");
    assert_eq!(names(&status["upstreams"]), ["corp", "packagist"]);
    let text = cli(&db, &["proxy", "status"]).ok().stdout;
    assert!(
        text.contains("PROXY_ENABLED") && text.contains("corp"),
        "{text}"
    );

    let stats = cli_json(&db, &["proxy", "stats"]);
    let corp = &stats.as_array().unwrap()[0];
    assert_eq!(corp["upstream"], "corp", "{stats}");
    assert!(corp["metadata_entries"].as_u64().unwrap() >= 1, "{stats}");
    for counter in ["hits", "misses", "bytes_served", "upstream_errors"] {
        assert!(corp[counter].is_u64(), "{counter}: {stats}");
    }

    let alerts = cli_json(&db, &["proxy", "alerts"]);
    let open = &alerts.as_array().unwrap()[0];
    assert_eq!(open["upstream"], "packagist", "{alerts}");
    assert_eq!(open["kind"], "unreachable", "{alerts}");
    assert_eq!(open["resolved_at"], Value::Null);
    let text = cli(&db, &["proxy", "alerts"]).ok().stdout;
    assert!(
        text.contains("open") && text.contains("unreachable"),
        "{text}"
    );

    // Freeze and unfreeze: the name as stored, shown in the status, audited.
    let frozen = cli_json(&db, &["proxy", "freeze", "Vendor/Widget"]);
    assert_eq!(frozen, json!({"package": "vendor/widget", "frozen": true}));
    assert_eq!(
        cli_json(&db, &["proxy", "status"])["frozen"],
        json!(["vendor/widget"])
    );
    let thawed = cli_json(&db, &["proxy", "unfreeze", "vendor/widget"]);
    assert_eq!(thawed["frozen"], false);
    assert_eq!(cli_json(&db, &["proxy", "status"])["frozen"], json!([]));
    let failed = cli(&db, &["--json", "proxy", "freeze", "not a name"]);
    assert_eq!(failed.code, 2, "{}", failed.stderr);
    assert_eq!(failed.json()["error"]["field"], "package");
    let audit = cli_json(&db, &["audit", "list", "--action", "proxy."]);
    let actions: Vec<_> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["proxy.unfreeze", "proxy.freeze"]);

    // Purging asks for --yes without a terminal, then empties the cache.
    cli(&db, &["proxy", "purge"]).fails_with(2, "--yes");
    let purged = cli_json(&db, &["proxy", "purge", "--yes"]);
    assert!(purged["purged"].as_u64().unwrap() >= 1, "{purged}");
    let status = cli_json(&db, &["proxy", "status"]);
    assert_eq!(
        (&status["entries"], &status["stored_bytes"]),
        (&json!(0), &json!(0))
    );
}

/// Admin tokens of each level, issued through the service layer.
struct Keys {
    owner: String,
    admin: String,
    viewer: String,
}

async fn keys(services: &Services, ctx: &cargoman::service::Ctx) -> Keys {
    let issue = |level: &'static str| async move {
        let issued = services.admin_tokens().issue(ctx, level, Some(level)).await;
        issued.unwrap().plain_token
    };
    Keys {
        owner: issue("owner").await,
        admin: issue("admin").await,
        viewer: issue("viewer").await,
    }
}

/// One API call on the server at `base`: status and the JSON body (Null when empty).
async fn call(
    base: &str,
    method: Method,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new().request(method, format!("{base}/api/v1{path}"));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
    };
    (status, json)
}

async fn rest_operations_by_credential(db: TestDb) {
    let server = widget_repo(&db);
    let s = settings(&db);
    let r = Registry::start_with(db, &[], s).await;
    let k = keys(&r.services, &r.ctx).await;
    r.services
        .proxy()
        .add_upstream(&r.ctx, corp_at(server.url()))
        .await
        .unwrap();
    warm_cache_and_alert(&r.services, r.ctx.tenant_id).await;
    let base = r.url.as_str();

    for path in [
        "/proxy/status",
        "/proxy/stats",
        "/proxy/alerts",
        "/proxy/upstreams",
    ] {
        let (status, body) = call(base, Method::GET, path, None, None).await;
        assert_eq!(
            (status.as_u16(), &body["code"]),
            (401, &json!("UNAUTHORIZED"))
        );
        for (who, token) in [
            ("viewer", &k.viewer),
            ("admin", &k.admin),
            ("owner", &k.owner),
        ] {
            let (status, body) = call(base, Method::GET, path, Some(token), None).await;
            assert_eq!(status, 200, "{path} by {who}: {body}");
            if path != "/proxy/status" {
                assert!(body["pagination"]["total"].as_u64().unwrap() >= 1, "{body}");
            }
        }
    }
    let (_, status) = call(base, Method::GET, "/proxy/status", Some(&k.viewer), None).await;
    assert_eq!(names(&status["upstreams"]), ["corp", "packagist"]);
    assert!(status["entries"].as_u64().unwrap() >= 1, "{status}");
    assert_eq!(status["open_alerts"], 1);
    let (_, alerts) = call(base, Method::GET, "/proxy/alerts", Some(&k.viewer), None).await;
    assert_eq!(alerts["data"][0]["upstream"], "packagist", "{alerts}");
    let (_, page) = call(
        base,
        Method::GET,
        "/proxy/upstreams?page=2&per_page=1",
        Some(&k.viewer),
        None,
    )
    .await;
    assert_eq!(names(&page["data"]), ["packagist"]);
    assert_eq!(page["pagination"]["total_pages"], 2);
    let (status, body) = call(
        base,
        Method::GET,
        "/proxy/alerts?per_page=101",
        Some(&k.viewer),
        None,
    )
    .await;
    assert_eq!(status, 400, "{body}");

    // Changes: none → 401, viewer → 403, admin and owner → done.
    let package = Some(json!({"package": "vendor/widget"}));
    let writes: [(Method, &str, Option<Value>); 4] = [
        (Method::POST, "/proxy/freeze", package.clone()),
        (Method::POST, "/proxy/unfreeze", package.clone()),
        (Method::POST, "/proxy/purge", None),
        (Method::DELETE, "/proxy/upstreams/corp", None),
    ];
    for (method, path, body) in &writes {
        let (status, answer) = call(base, method.clone(), path, None, body.clone()).await;
        assert_eq!(status, 401, "{path}: {answer}");
        let (status, answer) =
            call(base, method.clone(), path, Some(&k.viewer), body.clone()).await;
        assert_eq!(
            (status.as_u16(), &answer["code"]),
            (403, &json!("FORBIDDEN")),
            "{path}"
        );
    }
    let (status, _) = call(
        base,
        Method::POST,
        "/proxy/upstreams",
        Some(&k.viewer),
        Some(json!({"url": "https://repo.example.com", "name": "viewer"})),
    )
    .await;
    assert_eq!(status, 403);
    let (_, list) = call(base, Method::GET, "/proxy/upstreams", Some(&k.viewer), None).await;
    assert_eq!(list["pagination"]["total"], 2, "nothing removed: {list}");

    let (status, frozen) = call(
        base,
        Method::POST,
        "/proxy/freeze",
        Some(&k.admin),
        package.clone(),
    )
    .await;
    assert_eq!(status, 200, "{frozen}");
    assert_eq!(frozen, json!({"package": "vendor/widget", "frozen": true}));
    let (_, status_doc) = call(base, Method::GET, "/proxy/status", Some(&k.admin), None).await;
    assert_eq!(status_doc["frozen"], json!(["vendor/widget"]));
    let (status, thawed) = call(
        base,
        Method::POST,
        "/proxy/unfreeze",
        Some(&k.owner),
        package,
    )
    .await;
    assert_eq!((status.as_u16(), &thawed["frozen"]), (200, &json!(false)));
    let (status, bad) = call(
        base,
        Method::POST,
        "/proxy/freeze",
        Some(&k.admin),
        Some(json!({"package": "no"})),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &bad["field"]),
        (400, &json!("package")),
        "{bad}"
    );
    let (status, bad) = call(
        base,
        Method::POST,
        "/proxy/freeze",
        Some(&k.admin),
        Some(json!({"package": "a/b", "extra": 1})),
    )
    .await;
    assert_eq!(status, 400, "{bad}");

    let (status, removed) = call(
        base,
        Method::DELETE,
        "/proxy/upstreams/corp",
        Some(&k.admin),
        None,
    )
    .await;
    assert_eq!((status.as_u16(), &removed), (204, &Value::Null));
    let (status, _) = call(
        base,
        Method::DELETE,
        "/proxy/upstreams/corp",
        Some(&k.admin),
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, body) = call(
        base,
        Method::DELETE,
        "/proxy/upstreams/packagist",
        Some(&k.owner),
        None,
    )
    .await;
    assert_eq!(status, 400, "{body}");
}

/// A mirror named `corp` without credentials at `url`, as the services take it.
fn corp_at(url: String) -> NewMirror {
    NewMirror {
        url,
        name: Some("corp".into()),
        priority: None,
        auth: MirrorAuth::None,
    }
}

async fn rest_mirrors_purge_and_the_url_policy(db: TestDb) {
    let server = widget_repo(&db);
    server.require_basic(USER, PASSWORD);
    let url = server.url();
    let plain = settings(&db);
    let mut local = plain.clone();
    local.security.repository_allow_local = true;
    let services = db.services_with(local).await;
    let r = Registry::start_with(db, &[], plain).await;
    let k = keys(&r.services, &r.ctx).await;
    let mirror =
        json!({"url": url, "name": "corp", "priority": 3, "username": USER, "password": PASSWORD});

    // This server refuses URLs on loopback (REPOSITORY_ALLOW_LOCAL is off).
    let (status, body) = call(
        &r.url,
        Method::POST,
        "/proxy/upstreams",
        Some(&k.admin),
        Some(mirror.clone()),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &body["field"]),
        (400, &json!("url")),
        "{body}"
    );
    assert_eq!(body["code"], "VALIDATION_ERROR");

    // One that allows them checks the credentials before storing anything.
    let background = cargoman::tasks::start(services.clone());
    let (local_url, stop, _) = crate::serve::start(services.clone()).await;
    let base = local_url.as_str();
    let mut wrong = mirror.clone();
    wrong["password"] = json!("wrong");
    let (status, body) = call(
        base,
        Method::POST,
        "/proxy/upstreams",
        Some(&k.admin),
        Some(wrong),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &body["field"]),
        (400, &json!("url")),
        "{body}"
    );
    assert!(body["message"].as_str().unwrap().contains("401"), "{body}");
    for (input, field) in [
        (json!({"url": url, "username": USER}), "password"),
        (json!({"url": url, "password": PASSWORD}), "username"),
        (
            json!({"url": url, "bearer": "t", "username": USER, "password": PASSWORD}),
            "bearer",
        ),
        (
            json!({"url": url, "name": "no spaces please", "username": USER, "password": PASSWORD}),
            "name",
        ),
        (json!({"url": "ftp://example.com"}), "url"),
    ] {
        let (status, body) = call(
            base,
            Method::POST,
            "/proxy/upstreams",
            Some(&k.admin),
            Some(input.clone()),
        )
        .await;
        assert_eq!(
            (status.as_u16(), &body["field"]),
            (400, &json!(field)),
            "{input}: {body}"
        );
    }
    let (_, list) = call(base, Method::GET, "/proxy/upstreams", Some(&k.admin), None).await;
    assert_eq!(names(&list["data"]), ["packagist"]);

    let (status, added) = call(
        base,
        Method::POST,
        "/proxy/upstreams",
        Some(&k.admin),
        Some(mirror.clone()),
    )
    .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(
        (&added["name"], &added["priority"], &added["auth"]),
        (&json!("corp"), &json!(3), &json!("basic"))
    );
    let (status, _) = call(
        base,
        Method::POST,
        "/proxy/upstreams",
        Some(&k.admin),
        Some(mirror),
    )
    .await;
    assert_eq!(status, 409);
    let (_, list) = call(base, Method::GET, "/proxy/upstreams", Some(&k.viewer), None).await;
    assert_eq!(names(&list["data"]), ["corp", "packagist"]);
    assert!(!list.to_string().contains(PASSWORD), "{list}");
    // The API and the CLI show one representation.
    let cli_list = cli_json(&r.db, &["mirror", "list"]);
    assert_eq!(list["data"], cli_list);

    // A purge is queued (202 with its task) and runs to its end.
    warm_cache_and_alert(&services, r.ctx.tenant_id).await;
    let (status, task) = call(base, Method::POST, "/proxy/purge", Some(&k.admin), None).await;
    assert_eq!(status, 202, "{task}");
    assert_eq!(task["kind"], "proxy_purge");
    let id = task["id"].as_i64().unwrap();
    let mut state = Value::Null;
    for _ in 0..200 {
        let (_, t) = call(
            base,
            Method::GET,
            &format!("/tasks/{id}"),
            Some(&k.viewer),
            None,
        )
        .await;
        state = t["status"].clone();
        if state == "done" || state == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(state, "done");
    let (_, status_doc) = call(base, Method::GET, "/proxy/status", Some(&k.viewer), None).await;
    assert_eq!(status_doc["entries"], 0, "{status_doc}");
    let _ = stop.send(());
    background.stop().await;
}

/// `POST /graphql` on the server at `base`: the body.
async fn graphql(base: &str, token: Option<&str>, query: &str) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": query }));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

async fn graphql_proxy_status_and_mutations(db: TestDb) {
    let server = widget_repo(&db);
    let s = settings(&db);
    let r = Registry::start_with(db, &[], s).await;
    let k = keys(&r.services, &r.ctx).await;
    r.services
        .proxy()
        .add_upstream(&r.ctx, corp_at(server.url()))
        .await
        .unwrap();
    warm_cache_and_alert(&r.services, r.ctx.tenant_id).await;
    let base = r.url.as_str();
    let status_query = r#"{ proxyStatus { enabled entries storedBytes maxCacheSize frozen openAlertCount
        upstreams { name priority builtin auth }
        stats { upstream metadataEntries archiveEntries hits bytesServed }
        openAlerts { upstream kind message resolvedAt } } }"#;

    let (code, body) = graphql(base, None, status_query).await;
    assert_eq!(
        (code, &body["code"]),
        (401, &json!("UNAUTHORIZED")),
        "{body}"
    );
    let (code, body) = graphql(base, Some(&k.viewer), status_query).await;
    assert_eq!(code, 200);
    assert!(body.get("errors").is_none(), "{body}");
    let p = &body["data"]["proxyStatus"];
    assert_eq!(p["enabled"], false);
    assert!(p["entries"].as_u64().unwrap() >= 1, "{p}");
    assert_eq!(names(&p["upstreams"]), ["corp", "packagist"]);
    assert_eq!(p["stats"][0]["upstream"], "corp");
    assert!(
        p["stats"][0]["metadataEntries"].as_u64().unwrap() >= 1,
        "{p}"
    );
    assert_eq!(p["openAlertCount"], 1);
    assert_eq!(p["openAlerts"][0]["upstream"], "packagist");
    assert_eq!(p["openAlerts"][0]["resolvedAt"], Value::Null);

    // A viewer's changes are refused.
    let freeze = r#"mutation { freezeProxyPackage(package: "Vendor/Widget") { package frozen } }"#;
    let (_, body) = graphql(base, Some(&k.viewer), freeze).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    let (_, body) = graphql(base, Some(&k.viewer), "mutation { purgeProxyCache { id } }").await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );

    // An admin's are made.
    let (_, body) = graphql(base, Some(&k.admin), freeze).await;
    assert_eq!(
        body["data"]["freezeProxyPackage"],
        json!({"package": "vendor/widget", "frozen": true}),
        "{body}"
    );
    let (_, body) = graphql(base, Some(&k.admin), "{ proxyStatus { frozen } }").await;
    assert_eq!(
        body["data"]["proxyStatus"]["frozen"],
        json!(["vendor/widget"])
    );
    let unfreeze = r#"mutation { unfreezeProxyPackage(package: "vendor/widget") { frozen } }"#;
    let (_, body) = graphql(base, Some(&k.owner), unfreeze).await;
    assert_eq!(
        body["data"]["unfreezeProxyPackage"]["frozen"], false,
        "{body}"
    );
    let (_, body) = graphql(
        base,
        Some(&k.admin),
        "mutation { purgeProxyCache { id kind status } }",
    )
    .await;
    let task = &body["data"]["purgeProxyCache"];
    assert_eq!(
        (&task["kind"], &task["status"]),
        (&json!("proxy_purge"), &json!("queued")),
        "{body}"
    );

    // Mirrors: refused on loopback (REPOSITORY_ALLOW_LOCAL is off), bad credentials
    // named, removal of an unknown one NOT_FOUND, of a known one true.
    let add = format!(
        r#"mutation {{ addMirror(input: {{url: "{}", name: "other"}}) {{ name }} }}"#,
        server.url()
    );
    let (_, body) = graphql(base, Some(&k.admin), &add).await;
    let ext = &body["errors"][0]["extensions"];
    assert_eq!(
        (&ext["code"], &ext["field"]),
        (&json!("VALIDATION_ERROR"), &json!("url")),
        "{body}"
    );
    let both = r#"mutation { addMirror(input: {url: "https://repo.example.com", bearer: "t", username: "u", password: "p"}) { name } }"#;
    let (_, body) = graphql(base, Some(&k.admin), both).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "bearer", "{body}");
    let (_, body) = graphql(
        base,
        Some(&k.admin),
        r#"mutation { removeMirror(name: "nope") }"#,
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "{body}"
    );
    let (_, body) = graphql(
        base,
        Some(&k.admin),
        r#"mutation { removeMirror(name: "corp") }"#,
    )
    .await;
    assert_eq!(body["data"]["removeMirror"], true, "{body}");
    let (_, body) = graphql(
        base,
        Some(&k.viewer),
        "{ proxyStatus { upstreams { name } } }",
    )
    .await;
    assert_eq!(
        names(&body["data"]["proxyStatus"]["upstreams"]),
        ["packagist"]
    );
}
