//! The REST API under /api/v1 over HTTP, on both databases: the credential matrix of
//! every operation family, a customer made over REST installing with the real composer,
//! pagination edges, bad input, the request limit, the URL policy for network callers,
//! queued syncs, the one JSON representation shared with the CLI, and the committed
//! OpenAPI document.

use std::path::Path;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::db_tests;
use crate::support::TestDb;
use crate::support::registry::Registry;

db_tests!(
    every_operation_family_answers_by_credential,
    a_customer_made_over_rest_installs_with_composer,
    pagination_edges,
    bad_input_gets_json_errors_and_writes_nothing,
    repository_urls_from_the_network_may_not_reach_the_server,
    a_queued_sync_runs_and_its_task_says_so,
    rest_and_cli_json_are_one_representation,
    callers_past_the_request_limit_get_429,
    schemathesis_finds_no_server_error_and_every_answer_matches_the_document,
    proxy_access_round_trips_over_rest,
);

/// Admin tokens of each level, issued through the service layer.
struct Keys {
    owner: String,
    admin: String,
    viewer: String,
}

async fn keys(r: &Registry) -> Keys {
    let issue = |level: &'static str| async move {
        r.services
            .admin_tokens()
            .issue(&r.ctx, level, Some(level))
            .await
            .unwrap()
            .plain_token
    };
    Keys {
        owner: issue("owner").await,
        admin: issue("admin").await,
        viewer: issue("viewer").await,
    }
}

/// One API call: status, headers and the JSON body (Null when empty).
async fn call(
    r: &Registry,
    method: Method,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut req = reqwest::Client::new().request(method, format!("{}/api/v1{path}", r.url));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    let json = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
    };
    (status, headers, json)
}

async fn every_operation_family_answers_by_credential(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let customer_token = r.customer("acme", Some("*")).await;
    let k = keys(&r).await;
    let mut n = 0;
    // (family, read call, write call); writes make each call unique so they can repeat.
    let mut write = |family: &str| -> (Method, String, Value) {
        n += 1;
        match family {
            "customers" => (
                Method::POST,
                "/customers".into(),
                json!({"name": format!("c{n}")}),
            ),
            "tokens" => (
                Method::POST,
                "/customers/acme/tokens".into(),
                json!({"name": format!("t{n}")}),
            ),
            "grants" => (
                Method::PUT,
                "/customers/acme/grants/acme/lib".into(),
                json!({"constraint": format!("^1.{n}")}),
            ),
            "packages" => (Method::POST, "/packages/acme/lib/sync".into(), Value::Null),
            "advisories" => (
                Method::POST,
                "/advisories".into(),
                json!({"package": "acme/lib", "title": format!("a{n}"), "affected_versions": "<1.0"}),
            ),
            "admin-tokens" => (
                Method::POST,
                "/admin-tokens".into(),
                json!({"level": "viewer"}),
            ),
            _ => unreachable!(),
        }
    };
    let reads = [
        ("customers", "/customers"),
        ("tokens", "/customers/acme/tokens"),
        ("grants", "/customers/acme/grants"),
        ("packages", "/packages"),
        ("advisories", "/advisories"),
        ("stats", "/stats"),
        ("audit", "/audit"),
        ("tasks", "/tasks"),
        ("admin-tokens", "/admin-tokens"),
    ];
    for (family, path) in reads {
        for (who, token) in [
            ("none", None),
            ("wrong", Some("cma_not_a_real_token")),
            ("customer token", Some(customer_token.as_str())),
        ] {
            let (status, headers, body) = call(&r, Method::GET, path, token, None).await;
            assert_eq!(status, 401, "{family} read by {who}: {body}");
            assert_eq!(body["code"], "UNAUTHORIZED");
            assert!(
                headers.contains_key("x-ratelimit-remaining"),
                "{family}: {headers:?}"
            );
        }
        let owner_only = family == "admin-tokens";
        for (who, token, allowed) in [
            ("viewer", &k.viewer, !owner_only),
            ("admin", &k.admin, !owner_only),
            ("owner", &k.owner, true),
        ] {
            let (status, headers, body) = call(&r, Method::GET, path, Some(token), None).await;
            let want = if allowed { 200 } else { 403 };
            assert_eq!(status, want, "{family} read by {who}: {body}");
            if allowed {
                assert!(
                    body["pagination"]["total"].is_u64() || family == "stats",
                    "{body}"
                );
            } else {
                assert_eq!(body["code"], "FORBIDDEN");
            }
            for h in [
                "x-ratelimit-limit",
                "x-ratelimit-remaining",
                "x-ratelimit-reset",
            ] {
                assert!(headers.contains_key(h), "{family}/{who}: no {h}");
            }
        }
        if family == "stats" || family == "audit" || family == "tasks" {
            continue;
        }
        for (who, token, allowed) in [
            ("none", None, None),
            ("customer token", Some(customer_token.as_str()), None),
            ("viewer", Some(k.viewer.as_str()), Some(false)),
            ("admin", Some(k.admin.as_str()), Some(!owner_only)),
            ("owner", Some(k.owner.as_str()), Some(true)),
        ] {
            let (method, path, body) = write(family);
            let body = (!body.is_null()).then_some(body);
            let (status, _, answer) = call(&r, method, &path, token, body).await;
            match allowed {
                None => assert_eq!(status, 401, "{family} write by {who}: {answer}"),
                Some(false) => {
                    assert_eq!(status, 403, "{family} write by {who}: {answer}");
                    assert_eq!(answer["code"], "FORBIDDEN");
                }
                Some(true) => assert!(
                    [200, 201, 202].contains(&status.as_u16()),
                    "{family} write by {who}: {status} {answer}"
                ),
            }
        }
    }
}

async fn a_customer_made_over_rest_installs_with_composer(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "1.1.0", "2.0.0"]).await;
    r.add_package().await;
    let k = keys(&r).await;
    let admin = Some(k.admin.as_str());
    let (status, _, c) = call(
        &r,
        Method::POST,
        "/customers",
        admin,
        Some(json!({"name": "shop", "email": "ops@shop.test", "external_id": "cus_123"})),
    )
    .await;
    assert_eq!(status, 201, "{c}");
    assert_eq!(c["status"], "active");
    let (status, _, g) = call(
        &r,
        Method::PUT,
        "/customers/cus_123/grants/acme/lib",
        admin,
        Some(json!({"constraint": "^1.0"})),
    )
    .await;
    // Customers are named by id or name; an external id has its own lookup.
    assert_eq!(status, 404, "{g}");
    let (_, _, found) = call(
        &r,
        Method::GET,
        "/customers/by-external-id/cus_123",
        admin,
        None,
    )
    .await;
    let id = found["id"].as_i64().unwrap().to_string();
    let (status, _, g) = call(
        &r,
        Method::PUT,
        &format!("/customers/{id}/grants/acme/lib"),
        admin,
        Some(json!({"constraint": "^1.0"})),
    )
    .await;
    assert_eq!(
        (status.as_u16(), g["constraint"].as_str()),
        (200, Some("^1.0"))
    );
    let (status, _, issued) = call(
        &r,
        Method::POST,
        "/customers/shop/tokens",
        admin,
        Some(json!({"name": "ci"})),
    )
    .await;
    assert_eq!(status, 201, "{issued}");
    let secret = issued["plain_token"].as_str().unwrap();
    let setup = &issued["composer_auth"];
    assert_eq!(setup["repository_url"], r.url);
    let commands: Vec<&str> = setup["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        commands[0], "composer config secure-http false",
        "{commands:?}"
    );
    assert!(commands.iter().any(|c| c.contains(secret)));
    let project = r.project(secret);
    project.require(&["acme/lib"]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.1.0")
    );
    // Revoked over REST: refused at once.
    let token_id = issued["token"]["id"].as_i64().unwrap();
    let (status, _, _) = call(
        &r,
        Method::POST,
        &format!("/tokens/{token_id}/revoke"),
        admin,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(r.get("/packages.json", Some(secret)).await.status(), 401);
}

async fn pagination_edges(db: TestDb) {
    let r = Registry::start(db, &[]).await;
    let k = keys(&r).await;
    let owner = Some(k.owner.as_str());
    for name in ["a", "b", "c"] {
        let (status, _, _) = call(
            &r,
            Method::POST,
            "/customers",
            owner,
            Some(json!({"name": name})),
        )
        .await;
        assert_eq!(status, 201);
    }
    let (status, _, body) = call(&r, Method::GET, "/customers?page=0", owner, None).await;
    assert_eq!(
        (status.as_u16(), &body["field"]),
        (400, &json!("page")),
        "{body}"
    );
    let (status, _, body) = call(&r, Method::GET, "/customers?per_page=1000", owner, None).await;
    assert_eq!(
        (status.as_u16(), &body["field"]),
        (400, &json!("per_page")),
        "{body}"
    );
    let (status, _, body) = call(&r, Method::GET, "/customers?page=x", owner, None).await;
    assert_eq!(
        (status.as_u16(), &body["code"]),
        (400, &json!("VALIDATION_ERROR")),
        "{body}"
    );
    let (_, _, body) = call(&r, Method::GET, "/customers?per_page=2&page=2", owner, None).await;
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    assert_eq!(body["data"][0]["name"], "c");
    assert_eq!(
        body["pagination"],
        json!({"page": 2, "per_page": 2, "total": 3, "total_pages": 2})
    );
    let (status, _, body) = call(&r, Method::GET, "/customers?page=99", owner, None).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"], json!([]));
    assert_eq!(body["pagination"]["total"], 3);
}

async fn bad_input_gets_json_errors_and_writes_nothing(db: TestDb) {
    let r = Registry::start(db, &[]).await;
    let k = keys(&r).await;
    let client = reqwest::Client::new();
    let post = |body: Vec<u8>| {
        client
            .post(format!("{}/api/v1/customers", r.url))
            .bearer_auth(&k.admin)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let cases: Vec<(&str, Vec<u8>, u16, Option<&str>)> = vec![
        ("malformed JSON", b"{\"name\": ".to_vec(), 400, None),
        ("wrong type", br#"{"name": 5}"#.to_vec(), 400, None),
        (
            "unknown field",
            br#"{"name": "x", "colour": "red"}"#.to_vec(),
            400,
            Some("colour"),
        ),
        (
            "invalid value",
            br#"{"name": "x", "email": "nope"}"#.to_vec(),
            400,
            Some("email"),
        ),
        (
            "empty name",
            br#"{"name": "  "}"#.to_vec(),
            400,
            Some("name"),
        ),
    ];
    for (what, body, status, field) in cases {
        let resp = post(body).await.unwrap();
        assert_eq!(resp.status().as_u16(), status, "{what}");
        let doc: Value = resp.json().await.unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(doc["code"], "VALIDATION_ERROR", "{what}: {doc}");
        assert!(doc["message"].as_str().is_some_and(|m| !m.is_empty()));
        if let Some(f) = field {
            assert_eq!(doc["field"], f, "{what}: {doc}");
        }
    }
    // A body declared larger than the bound is refused before it is read (the client
    // is still sending it, so this speaks HTTP by hand: a client library would see
    // the connection close under its upload).
    let oversized = raw_request(
        &r.url,
        &format!(
            "POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\n\r\n{{\"name\": \"",
            k.admin
        ),
    )
    .await;
    assert!(oversized.starts_with("HTTP/1.1 413"), "{oversized}");
    assert!(oversized.contains("VALIDATION_ERROR"), "{oversized}");
    let wrong_content = client
        .post(format!("{}/api/v1/customers", r.url))
        .bearer_auth(&k.admin)
        .header("content-type", "text/plain")
        .body("name=x")
        .send()
        .await
        .unwrap();
    assert!(wrong_content.status().is_client_error());
    let (_, _, list) = call(&r, Method::GET, "/customers", Some(&k.admin), None).await;
    assert_eq!(
        list["pagination"]["total"], 0,
        "nothing was written: {list}"
    );
    // An unknown route of the API answers the same error shape.
    let (status, _, body) = call(&r, Method::GET, "/nothing-here", Some(&k.admin), None).await;
    assert_eq!((status.as_u16(), &body["code"]), (404, &json!("NOT_FOUND")));
}

/// Sends `request` as is and reads what comes back until the server closes or a second
/// passes.
async fn raw_request(base: &str, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

async fn repository_urls_from_the_network_may_not_reach_the_server(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    let k = keys(&r).await;
    let admin = Some(k.admin.as_str());
    let local = r.repo.to_str().unwrap().to_string();
    for url in [
        local.clone(),
        format!("file://{local}"),
        "https://127.0.0.1/acme/lib.git".to_string(),
        "https://10.1.2.3/acme/lib.git".to_string(),
        "http://[::1]:8080/acme/lib.git".to_string(),
        "git@localhost:acme/lib.git".to_string(),
    ] {
        let (status, _, body) = call(
            &r,
            Method::POST,
            "/packages",
            admin,
            Some(json!({"url": url, "name": "acme/lib"})),
        )
        .await;
        assert_eq!(
            (status.as_u16(), &body["field"]),
            (400, &json!("url")),
            "{url}: {body}"
        );
    }
    let (_, _, list) = call(&r, Method::GET, "/packages", admin, None).await;
    assert_eq!(list["pagination"]["total"], 0);
    // The operator's CLI may use local repositories.
    assert!(
        r.db.run(&["package", "add", &local, "--no-sync"]).code == 0,
        "the CLI may register a local path"
    );
}

async fn a_queued_sync_runs_and_its_task_says_so(db: TestDb) {
    let mut settings = db.settings();
    settings.security.repository_allow_local = true;
    let services = db.services_with(settings).await;
    let r = Registry::start(db, &["1.0.0", "1.1.0"]).await;
    let background = cargoman::tasks::start(services.clone());
    let k = keys(&r).await;
    // The Registry's own server does not allow local URLs; a second one does.
    let (url, stop, _) = crate::serve::start(services).await;
    let call_at = |method: Method, path: String, body: Option<Value>| {
        let mut req = reqwest::Client::new()
            .request(method, format!("{url}/api/v1{path}"))
            .bearer_auth(&k.admin);
        if let Some(b) = body {
            req = req.json(&b);
        }
        async move {
            let resp = req.send().await.unwrap();
            (resp.status().as_u16(), resp.json::<Value>().await.unwrap())
        }
    };
    let (status, registered) = call_at(
        Method::POST,
        "/packages".into(),
        Some(json!({"url": r.repo.to_str().unwrap(), "name": "acme/lib"})),
    )
    .await;
    assert_eq!(status, 202, "{registered}");
    assert_eq!(registered["package"]["name"], "acme/lib");
    let task = registered["task"]["id"].as_i64().unwrap();
    let mut state = Value::Null;
    for _ in 0..200 {
        let (_, t) = call_at(Method::GET, format!("/tasks/{task}"), None).await;
        state = t["status"].clone();
        if state == "done" || state == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(state, "done");
    let (_, versions) = call_at(Method::GET, "/packages/acme/lib/versions".into(), None).await;
    assert_eq!(
        versions["pagination"]["total"], 3,
        "1.0.0, 1.1.0 and dev-main: {versions}"
    );
    let (status, queued) = call_at(Method::POST, "/packages/acme/lib/sync".into(), None).await;
    assert_eq!((status, &queued["kind"]), (202, &json!("sync_package")));
    let _ = stop.send(());
    background.stop().await;
}

async fn rest_and_cli_json_are_one_representation(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let k = keys(&r).await;
    let admin = Some(k.admin.as_str());
    call(
        &r,
        Method::POST,
        "/customers",
        admin,
        Some(json!({
            "name": "acme", "email": "a@acme.test", "expires_at": "2099-01-01T00:00:00Z",
            "proxy_access": false,
        })),
    )
    .await;
    call(
        &r,
        Method::PUT,
        "/customers/acme/grants/acme/lib",
        admin,
        Some(json!({"constraint": "^1.0"})),
    )
    .await;
    // `customer show` prints the customer with its grants and tokens.
    let (_, _, from_api) = call(&r, Method::GET, "/customers/acme", admin, None).await;
    let from_cli = r.db.json(&["customer", "show", "acme"]);
    assert_eq!(from_api["proxy_access"], false, "{from_api}");
    assert_eq!(from_api, from_cli["customer"]);
    let (_, _, from_api) = call(&r, Method::GET, "/packages/acme/lib", admin, None).await;
    assert_eq!(from_api, r.db.json(&["package", "show", "acme/lib"]));
    let (_, _, grants) = call(&r, Method::GET, "/customers/acme/grants", admin, None).await;
    let cli = r.db.json(&["customer", "packages", "acme"]);
    assert_eq!(grants["data"], cli);
}

/// openapi.json is generated from the code and committed; this fails when it drifts.
/// `CARGOMAN_BLESS=1 cargo test contracts` rewrites it.
#[tokio::test]
async fn contracts_openapi_document_is_committed() {
    let db = cargoman::db::connect_url("sqlite::memory:", 1, 5)
        .await
        .unwrap();
    let settings = std::sync::Arc::new(cargoman::config::Settings::default());
    let services = cargoman::service::Services::new(db, settings).unwrap();
    let doc = cargoman::http::api::document(services);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    if std::env::var_os("CARGOMAN_BLESS").is_some() {
        std::fs::write(&path, &doc).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == doc,
        "openapi.json drifted from the code (run `CARGOMAN_BLESS=1 cargo test contracts` and commit)"
    );
    // Every operation has a stable id and a summary.
    let parsed: Value = serde_json::from_str(&doc).unwrap();
    let mut ids = Vec::new();
    for (path, ops) in parsed["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(op["summary"].is_string(), "{id} has no summary");
            ids.push(id.to_string());
        }
    }
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "operation ids are unique");
    assert!(count >= 30, "{count} operations");
}

async fn callers_past_the_request_limit_get_429(db: TestDb) {
    let mut settings = db.settings();
    settings.security.api_requests_per_minute = Some(5);
    let services = db.services_with(settings).await;
    let ctx = db.ctx(&services).await;
    let owner = services
        .admin_tokens()
        .issue(&ctx, "owner", None)
        .await
        .unwrap()
        .plain_token;
    let (url, stop, _) = crate::serve::start(services).await;
    crate::support::clear_of_minute_end(10).await;
    let client = reqwest::Client::new();
    let get = |token: Option<&str>| {
        let mut req = client.get(format!("{url}/api/v1/customers"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    for n in 1..=5u32 {
        let resp = get(Some(&owner)).await.unwrap();
        assert_eq!(resp.status(), 200);
        let h = resp.headers();
        assert_eq!(h["x-ratelimit-limit"], "5");
        assert_eq!(h["x-ratelimit-remaining"], (5 - n).to_string().as_str());
    }
    let resp = get(Some(&owner)).await.unwrap();
    assert_eq!(resp.status(), 429);
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["code"], "RATE_LIMITED");
    // Another caller (here: no credential, by address) has its own count.
    assert_eq!(get(None).await.unwrap().status(), 401);
    let _ = stop.send(());
}

/// The schemathesis CLI: `CARGOMAN_SCHEMATHESIS` (set by scripts/test.sh, which installs
/// it), else `schemathesis` on the PATH.
fn schemathesis() -> String {
    if let Ok(p) = std::env::var("CARGOMAN_SCHEMATHESIS") {
        return p;
    }
    let cached = std::env::var("HOME").unwrap_or_default()
        + "/.cache/cargoman-test/st-venv/bin/schemathesis";
    if Path::new(&cached).exists() {
        return cached;
    }
    "schemathesis".into()
}

/// R5: schemathesis generates requests from the served document (fuzzing and stateful
/// phases) and checks every answer: no 5xx, status codes, content types, headers and
/// bodies as documented, and schema-invalid input refused.
async fn schemathesis_finds_no_server_error_and_every_answer_matches_the_document(db: TestDb) {
    use crate::support::server::ServeProcess;
    let repo = db.path().join("acme-lib");
    crate::support::registry::lib_repo(&repo, &["1.0.0", "1.1.0"]);
    db.json(&["package", "add", repo.to_str().unwrap()]);
    db.run(&["customer", "add", "acme"]).ok();
    db.run(&["customer", "grant", "acme", "acme/lib"]).ok();
    let config =
        "[security]\nauth_failures_per_minute = 100000\napi_requests_per_minute = 1000000\n";
    let server = ServeProcess::start_with(&db, "st", config).await;
    let bin = schemathesis();
    let out = tokio::process::Command::new(&bin)
        .current_dir(db.path())
        .args([
            "run",
            &format!("{}/api/v1/openapi.json", server.url),
            "-H",
            "Authorization: Bearer test-owner-token-0123456789",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,\
             response_schema_conformance,response_headers_conformance,negative_data_rejection",
            // The coverage phase crashes inside schemathesis 4.32 itself (a hypothesis
            // SystemError while describing lambdas), whatever the API answers.
            "--phases",
            "examples,fuzzing,stateful",
            "-n",
            "25",
            "--seed",
            "7",
            "--workers",
            "2",
            "--output-truncate",
            "true",
        ])
        .env("SCHEMATHESIS_HOOKS", "")
        .output()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {bin} ({e}): ./scripts/test.sh installs it (pip, schemathesis>=4,<5)"
            )
        });
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found failures:\n{report}\n{}\nserver log:\n{}",
        String::from_utf8_lossy(&out.stderr),
        server.log()
    );
    assert!(report.contains("passed"), "{report}");
    assert!(!server.log().contains("panicked"), "{}", server.log());
}

/// `proxy_access` on create (on by default) and update (left out: unchanged), in every
/// answer, refused when it is not a boolean, and audited.
async fn proxy_access_round_trips_over_rest(db: TestDb) {
    let r = Registry::start(db, &[]).await;
    let k = keys(&r).await;
    let admin = Some(k.admin.as_str());
    let (status, _, open) = call(
        &r,
        Method::POST,
        "/customers",
        admin,
        Some(json!({"name": "open"})),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &open["proxy_access"]),
        (201, &json!(true))
    );
    let (status, _, closed) = call(
        &r,
        Method::POST,
        "/customers",
        admin,
        Some(json!({"name": "closed", "proxy_access": false})),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &closed["proxy_access"]),
        (201, &json!(false))
    );

    let patch = |c: &'static str, body: Value| call(&r, Method::PATCH, c, admin, Some(body));
    let (status, _, c) = patch("/customers/open", json!({"proxy_access": false})).await;
    assert_eq!((status.as_u16(), &c["proxy_access"]), (200, &json!(false)));
    let (_, _, c) = patch("/customers/open", json!({"email": "o@open.test"})).await;
    assert_eq!(c["proxy_access"], false, "left out: unchanged: {c}");
    let (_, _, c) = patch("/customers/closed", json!({"proxy_access": true})).await;
    assert_eq!(c["proxy_access"], true);
    let (_, _, c) = call(&r, Method::GET, "/customers/closed", admin, None).await;
    assert_eq!(c["proxy_access"], true);
    let (_, _, list) = call(&r, Method::GET, "/customers", admin, None).await;
    let flags: Vec<_> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].clone(), c["proxy_access"].clone()))
        .collect();
    assert_eq!(
        flags,
        [
            (json!("closed"), json!(true)),
            (json!("open"), json!(false))
        ]
    );

    let (status, _, err) = patch("/customers/open", json!({"proxy_access": "off"})).await;
    assert_eq!(
        (status.as_u16(), &err["code"]),
        (400, &json!("VALIDATION_ERROR")),
        "{err}"
    );
    let viewer = Some(k.viewer.as_str());
    let body = Some(json!({"proxy_access": true}));
    let (status, _, _) = call(&r, Method::PATCH, "/customers/open", viewer, body).await;
    assert_eq!(status.as_u16(), 403);
    let (_, _, c) = call(&r, Method::GET, "/customers/open", admin, None).await;
    assert_eq!(c["proxy_access"], false, "refused changes wrote nothing");

    let (_, _, audit) = call(
        &r,
        Method::GET,
        "/audit?action=customer.update",
        admin,
        None,
    )
    .await;
    let details: Vec<_> = audit["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{audit}"))
        .iter()
        .map(|a| (a["target"].clone(), a["details"].clone()))
        .collect();
    assert_eq!(
        details,
        [
            (
                json!("closed"),
                json!({"proxy_access": {"from": false, "to": true}})
            ),
            (
                json!("open"),
                json!({"email": {"from": null, "to": "o@open.test"}})
            ),
            (
                json!("open"),
                json!({"proxy_access": {"from": true, "to": false}})
            ),
        ]
    );
}
