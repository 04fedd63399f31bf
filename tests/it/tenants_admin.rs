//! Managing tenants on both databases: `cargoman tenant …` through a tenant's life,
//! validation with the field at fault, the REST operations under /api/v1/tenants and
//! the GraphQL fields by credential (only the deployment's operator), deleting a tenant
//! down to its last row and stored file while another keeps everything, and usage.
//! Host routing is not used: the API's host is the default tenant.

use cargoman::config::Secret;
use cargoman::domain::webhook::Provider;
use cargoman::service::Services;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::db_tests;
use crate::support::registry::{Registry, lib_repo};
use crate::support::{Run, TestDb};

db_tests!(
    tenant_lifecycle_over_the_cli,
    invalid_input_names_the_field,
    rest_and_graphql_are_for_the_operator_only,
    delete_removes_every_row_of_the_tenant_and_nothing_else,
    usage_counts_what_each_tenant_uses,
);

/// The configured `ADMIN_TOKEN` of the API tests: the deployment's operator.
const OPERATOR: &str = "cma_operator_secret_for_tenant_tests";

fn cli_json(db: &TestDb, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    db.run(&all).ok().json()
}

/// A failed `--json` command: its exit code and error document.
#[track_caller]
fn cli_error(db: &TestDb, args: &[&str], code: i32) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let run: Run = db.run(&all);
    assert_eq!(run.code, code, "{args:?}:\n{}\n{}", run.stdout, run.stderr);
    run.json()["error"].clone()
}

async fn tenant_id(s: &Services, slug: &str) -> i64 {
    s.tenants().by_slug(slug).await.unwrap().id
}

async fn tenant_lifecycle_over_the_cli(db: TestDb) {
    let created = cli_json(
        &db,
        &[
            "tenant",
            "add",
            "Acme",
            "--name",
            "Acme Corp",
            "--domain",
            "Composer.Acme.test.",
        ],
    );
    let t = &created["tenant"];
    assert_eq!(t["slug"], "acme");
    assert_eq!(t["name"], "Acme Corp");
    assert_eq!(t["status"], "active");
    assert_eq!(t["domains"], json!(["composer.acme.test"]));
    let secret = created["webhook_secret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 64, "{secret}");

    // Lists and shows never carry the secret.
    let list = cli_json(&db, &["tenant", "list"]);
    let slugs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["acme", "default"]);
    let shown = db.run(&["--json", "tenant", "show", "acme"]).ok();
    assert!(!shown.stdout.contains(&secret));
    assert_eq!(shown.json()["name"], "Acme Corp");
    let human = db.run(&["tenant", "list"]).ok();
    assert!(
        human.stdout.contains("composer.acme.test"),
        "{}",
        human.stdout
    );

    // The tenant's secret verifies its webhooks; the default tenant uses the
    // configured ones.
    let s = db.services().await;
    let acme = tenant_id(&s, "acme").await;
    let stored = s.tenant_webhook_secret(acme, Provider::Github).await;
    assert_eq!(stored.unwrap().as_deref(), Some(secret.as_str()));
    let mut settings = db.settings();
    settings.webhooks.github_secret = Some(Secret::new("configured-github-secret"));
    let with_env = db.services_with(settings).await;
    let default = tenant_id(&with_env, "default").await;
    let env = with_env
        .tenant_webhook_secret(default, Provider::Github)
        .await;
    assert_eq!(env.unwrap().as_deref(), Some("configured-github-secret"));
    let none = with_env
        .tenant_webhook_secret(default, Provider::Gitlab)
        .await;
    assert_eq!(none.unwrap(), None);

    // A new secret replaces the old one; it is shown only when made.
    db.run(&["tenant", "webhook-secret", "acme"])
        .fails_with(2, "--rotate");
    let rotated = cli_json(&db, &["tenant", "webhook-secret", "acme", "--rotate"]);
    let new_secret = rotated["webhook_secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    let stored = s.tenant_webhook_secret(acme, Provider::Bitbucket).await;
    assert_eq!(stored.unwrap().as_deref(), Some(new_secret));
    db.run(&["tenant", "webhook-secret", "default", "--rotate"])
        .fails_with(1, "configured secrets");

    // Suspend and reactivate, with the reason; the default tenant is never suspended.
    let t = cli_json(&db, &["tenant", "suspend", "acme", "--reason", "unpaid"]);
    assert_eq!(
        (&t["status"], &t["status_reason"]),
        (&json!("suspended"), &json!("unpaid"))
    );
    db.run(&["tenant", "suspend", "acme"])
        .fails_with(1, "already suspended");
    let t = cli_json(&db, &["tenant", "reactivate", "acme"]);
    assert_eq!(t["status"], "active");
    assert!(t.get("status_reason").is_none(), "{t}");
    db.run(&["tenant", "reactivate", "acme"])
        .fails_with(1, "already active");
    db.run(&["tenant", "suspend", "default"])
        .fails_with(1, "default tenant cannot be suspended");

    // Rename, domains.
    let t = cli_json(&db, &["tenant", "update", "acme", "--name", "Acme"]);
    assert_eq!(t["name"], "Acme");
    let t = cli_json(&db, &["tenant", "domain", "add", "acme", "pkgs.acme.test"]);
    assert_eq!(
        t["domains"],
        json!(["composer.acme.test", "pkgs.acme.test"])
    );
    let t = cli_json(
        &db,
        &["tenant", "domain", "remove", "acme", "Composer.Acme.Test"],
    );
    assert_eq!(t["domains"], json!(["pkgs.acme.test"]));
    db.run(&["tenant", "domain", "remove", "acme", "composer.acme.test"])
        .fails_with(1, "not a domain of tenant");

    // Every change is in the tenant's audit log.
    let audit = cli_json(
        &db,
        &["--tenant", "acme", "audit", "list", "--action", "tenant."],
    );
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "tenant.create",
        "tenant.webhook_secret_rotate",
        "tenant.suspend",
        "tenant.reactivate",
        "tenant.update",
        "tenant.domain_add",
        "tenant.domain_remove",
    ] {
        assert!(actions.contains(&action), "{action} missing in {actions:?}");
    }

    // CARGOMAN_TENANT selects the tenant as --tenant does.
    let mut cmd = db.command();
    cmd.env("CARGOMAN_TENANT", "acme");
    db.run_with(cmd, &["customer", "add", "bob"]).ok();
    let in_acme = cli_json(&db, &["--tenant", "acme", "customer", "list"]);
    assert_eq!(in_acme[0]["name"], "bob");
    assert_eq!(cli_json(&db, &["customer", "list"]), json!([]));
    let mut cmd = db.command();
    cmd.env("CARGOMAN_TENANT", "nowhere");
    db.run_with(cmd, &["customer", "list"])
        .fails_with(1, "tenant \"nowhere\" not found");

    // Admin tokens: --tenant binds one to that tenant, --platform to none.
    let issued = cli_json(
        &db,
        &[
            "--tenant",
            "acme",
            "admin-token",
            "issue",
            "--level",
            "owner",
        ],
    );
    assert_eq!(issued["token"]["platform"], false);
    let plain = issued["plain_token"].as_str().unwrap();
    let who = s.admin_tokens().authenticate(plain).await.unwrap().unwrap();
    assert_eq!(who.tenant_id, Some(acme));
    let issued = cli_json(
        &db,
        &["admin-token", "issue", "--level", "owner", "--platform"],
    );
    assert_eq!(issued["token"]["platform"], true);
    let plain = issued["plain_token"].as_str().unwrap();
    let who = s.admin_tokens().authenticate(plain).await.unwrap().unwrap();
    assert_eq!(who.tenant_id, None);

    // Delete: confirmed, once, never the default tenant.
    db.run(&["tenant", "delete", "acme"]).fails_with(2, "--yes");
    cli_json(&db, &["tenant", "delete", "acme", "--yes"]);
    db.run(&["tenant", "show", "acme"])
        .fails_with(1, "tenant \"acme\" not found");
    db.run(&["tenant", "delete", "default", "--yes"])
        .fails_with(1, "default tenant cannot be deleted");
    let audit = cli_json(&db, &["audit", "list", "--action", "tenant.delete"]);
    assert_eq!(audit[0]["target"], "acme", "{audit}");
}

async fn invalid_input_names_the_field(db: TestDb) {
    for slug in ["-acme", "acme-", "ac_me", "ac.me", &"x".repeat(64)] {
        let e = cli_error(&db, &["tenant", "add", "--", slug], 2);
        assert_eq!(
            (&e["code"], &e["field"]),
            (&json!("VALIDATION_ERROR"), &json!("slug")),
            "{slug}: {e}"
        );
    }
    cli_json(
        &db,
        &["tenant", "add", "acme", "--domain", "composer.acme.test"],
    );
    let e = cli_error(&db, &["tenant", "add", "ACME"], 1);
    assert_eq!(e["code"], "CONFLICT", "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("already exists"),
        "{e}"
    );
    let e = cli_error(&db, &["tenant", "add", "default"], 1);
    assert_eq!(e["code"], "CONFLICT", "{e}");

    // A domain selects one tenant: taken by another (in any spelling), refused and
    // nothing of the new tenant stored.
    let e = cli_error(
        &db,
        &["tenant", "add", "other", "--domain", "COMPOSER.acme.test."],
        1,
    );
    assert_eq!(e["code"], "CONFLICT", "{e}");
    assert!(e["message"].as_str().unwrap().contains("\"acme\""), "{e}");
    cli_error(&db, &["tenant", "show", "other"], 1);
    cli_json(&db, &["tenant", "add", "other"]);
    let e = cli_error(
        &db,
        &["tenant", "domain", "add", "other", "composer.acme.test"],
        1,
    );
    assert_eq!(e["code"], "CONFLICT", "{e}");
    let e = cli_error(
        &db,
        &["tenant", "domain", "add", "acme", "composer.acme.test"],
        1,
    );
    assert!(
        e["message"].as_str().unwrap().contains("already a domain"),
        "{e}"
    );

    for (domain, why) in [
        ("composer.acme.test:8080", "port"),
        ("10.1.2.3", "IP address"),
        ("[::1]", "IP address"),
        ("localhost", "two labels"),
        ("https://x.acme.test", "scheme"),
        ("bad_name.acme.test", "letters"),
    ] {
        let e = cli_error(&db, &["tenant", "domain", "add", "other", domain], 2);
        assert_eq!(e["field"], "domain", "{domain}: {e}");
        assert!(
            e["message"].as_str().unwrap().contains(why),
            "{domain}: {e}"
        );
    }
    // Under the subdomain suffix, hosts name tenants by slug.
    let mut cmd = db.command();
    cmd.env("TENANT_SUBDOMAIN_SUFFIX", ".composer.example.com");
    let run = db.run_with(
        cmd,
        &[
            "--json",
            "tenant",
            "domain",
            "add",
            "other",
            "acme.composer.example.com",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.json()["error"]["field"], "domain");
    let e = cli_error(&db, &["tenant", "suspend", "other", "--reason", "\u{7}"], 2);
    assert_eq!(e["field"], "reason", "{e}");
    cli_error(&db, &["tenant", "suspend", "nowhere"], 1);
    let t = cli_json(&db, &["tenant", "show", "other"]);
    assert_eq!(t["domains"], json!([]));

    // The same over REST: 400 with the field, 409 for what is taken.
    let r = operator_registry(db).await;
    let base = r.url.as_str();
    let (status, body) = call(
        base,
        Method::POST,
        "/tenants",
        Some(OPERATOR),
        Some(json!({"slug": "-x"})),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        (&body["code"], &body["field"]),
        (&json!("VALIDATION_ERROR"), &json!("slug"))
    );
    let bad_domain = json!({"slug": "x", "domains": ["x.acme.test:443"]});
    let (status, body) = call(
        base,
        Method::POST,
        "/tenants",
        Some(OPERATOR),
        Some(bad_domain),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &body["field"]),
        (400, &json!("domain")),
        "{body}"
    );
    let (status, body) = call(
        base,
        Method::POST,
        "/tenants",
        Some(OPERATOR),
        Some(json!({"slug": "acme"})),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &body["code"]),
        (409, &json!("CONFLICT")),
        "{body}"
    );
    let taken = json!({"domain": "composer.acme.test"});
    let (status, body) = call(
        base,
        Method::POST,
        "/tenants/other/domains",
        Some(OPERATOR),
        Some(taken),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &body["code"]),
        (409, &json!("CONFLICT")),
        "{body}"
    );
    let ip = json!({"domain": "192.168.1.1"});
    let (status, body) = call(
        base,
        Method::POST,
        "/tenants/other/domains",
        Some(OPERATOR),
        Some(ip),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &body["field"]),
        (400, &json!("domain")),
        "{body}"
    );
    let (status, _) = call(base, Method::GET, "/tenants/nowhere", Some(OPERATOR), None).await;
    assert_eq!(status, 404);
}

/// The server over `db`, with [`OPERATOR`] as its `ADMIN_TOKEN`.
async fn operator_registry(db: TestDb) -> Registry {
    let mut settings = db.settings();
    settings.admin.token = Some(Secret::new(OPERATOR));
    Registry::start_with(db, &[], settings).await
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

/// `POST /graphql` on the server at `base`: the body.
async fn graphql(base: &str, token: &str, query: &str) -> Value {
    let resp = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(token)
        .json(&json!({"query": query}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

#[track_caller]
fn gql_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error: {body}"))
}

async fn rest_and_graphql_are_for_the_operator_only(db: TestDb) {
    let r = operator_registry(db).await;
    let (s, ctx) = (&r.services, &r.ctx);
    let base = r.url.as_str();
    let issue = |level: &'static str| async move {
        s.admin_tokens()
            .issue(ctx, level, None)
            .await
            .unwrap()
            .plain_token
    };
    // The default tenant's own tokens, at every level.
    let (owner, admin, viewer) = (
        issue("owner").await,
        issue("admin").await,
        issue("viewer").await,
    );
    let platform = s
        .admin_tokens()
        .issue_platform(ctx, "owner", Some("ops"))
        .await
        .unwrap();
    let platform_admin = s
        .admin_tokens()
        .issue_platform(ctx, "admin", None)
        .await
        .unwrap();

    let (status, body) = call(base, Method::GET, "/tenants", None, None).await;
    assert_eq!(
        (status.as_u16(), &body["code"]),
        (401, &json!("UNAUTHORIZED"))
    );
    for (who, token) in [
        ("tenant owner", owner.as_str()),
        ("tenant admin", admin.as_str()),
        ("tenant viewer", viewer.as_str()),
        ("platform admin", platform_admin.plain_token.as_str()),
    ] {
        for (method, path, input) in [
            (Method::GET, "/tenants", None),
            (Method::GET, "/tenants/default", None),
            (Method::GET, "/tenants/default/usage", None),
            (Method::POST, "/tenants", Some(json!({"slug": "sneaky"}))),
            (Method::DELETE, "/tenants/default", None),
        ] {
            let (status, body) = call(base, method, path, Some(token), input).await;
            assert_eq!(
                (status.as_u16(), &body["code"]),
                (403, &json!("FORBIDDEN")),
                "{path} by {who}: {body}"
            );
        }
        let body = graphql(base, token, "{ tenants { totalCount } }").await;
        assert_eq!(gql_code(&body), "FORBIDDEN", "{who}: {body}");
        let body = graphql(
            base,
            token,
            r#"mutation { addTenant(input: {slug: "sneaky"}) { webhookSecret } }"#,
        )
        .await;
        assert_eq!(gql_code(&body), "FORBIDDEN", "{who}: {body}");
    }
    // A tenant's owner neither sees nor revokes platform tokens, nor issues them.
    let (_, mine) = call(base, Method::GET, "/admin-tokens", Some(&owner), None).await;
    assert!(
        mine["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["platform"] == false),
        "{mine}"
    );
    let revoke = format!("/admin-tokens/{}/revoke", platform.token.id);
    let (status, _) = call(base, Method::POST, &revoke, Some(&owner), None).await;
    assert_eq!(status, 404);
    let wide = json!({"level": "owner", "platform": true});
    let (status, _) = call(
        base,
        Method::POST,
        "/admin-tokens",
        Some(&owner),
        Some(wide.clone()),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = call(
        base,
        Method::POST,
        "/admin-tokens",
        Some(OPERATOR),
        Some(wide),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &body["token"]["platform"]),
        (201, &json!(true)),
        "{body}"
    );
    let (_, all) = call(base, Method::GET, "/admin-tokens", Some(OPERATOR), None).await;
    assert!(
        all["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["platform"] == true),
        "{all}"
    );

    // The operator: ADMIN_TOKEN, and a platform-wide owner token.
    for token in [OPERATOR, platform.plain_token.as_str()] {
        let (status, list) =
            call(base, Method::GET, "/tenants?per_page=1", Some(token), None).await;
        assert_eq!(status, 200, "{list}");
        assert_eq!(list["data"][0]["slug"], "default");
        assert_eq!(list["pagination"]["per_page"], 1);
    }
    let input = json!({"slug": "acme", "name": "Acme", "domains": ["composer.acme.test"]});
    let (status, created) = call(base, Method::POST, "/tenants", Some(OPERATOR), Some(input)).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["tenant"]["domains"], json!(["composer.acme.test"]));
    assert_eq!(created["webhook_secret"].as_str().unwrap().len(), 64);
    let (_, list) = call(base, Method::GET, "/tenants", Some(OPERATOR), None).await;
    assert_eq!(list["pagination"]["total"], 2);
    let (status, got) = call(base, Method::GET, "/tenants/acme", Some(OPERATOR), None).await;
    assert_eq!((status.as_u16(), &got["name"]), (200, &json!("Acme")));
    assert!(got.get("webhook_secret").is_none());
    // The same representation as the CLI's --json.
    assert_eq!(cli_json(&r.db, &["tenant", "show", "acme"]), got);
    let (_, t) = call(
        base,
        Method::PATCH,
        "/tenants/acme",
        Some(OPERATOR),
        Some(json!({"name": "Acme Inc"})),
    )
    .await;
    assert_eq!(t["name"], "Acme Inc");
    let (_, t) = call(
        base,
        Method::POST,
        "/tenants/acme/suspend",
        Some(OPERATOR),
        Some(json!({"reason": "unpaid"})),
    )
    .await;
    assert_eq!(
        (&t["status"], &t["status_reason"]),
        (&json!("suspended"), &json!("unpaid"))
    );
    let (status, _) = call(
        base,
        Method::POST,
        "/tenants/acme/suspend",
        Some(OPERATOR),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 409);
    let (_, t) = call(
        base,
        Method::POST,
        "/tenants/acme/reactivate",
        Some(OPERATOR),
        None,
    )
    .await;
    assert_eq!(t["status"], "active");
    let (status, t) = call(
        base,
        Method::POST,
        "/tenants/acme/domains",
        Some(OPERATOR),
        Some(json!({"domain": "pkgs.acme.test"})),
    )
    .await;
    assert_eq!(
        (status.as_u16(), &t["domains"]),
        (201, &json!(["composer.acme.test", "pkgs.acme.test"]))
    );
    let (status, t) = call(
        base,
        Method::DELETE,
        "/tenants/acme/domains/composer.acme.test",
        Some(OPERATOR),
        None,
    )
    .await;
    assert_eq!(
        (status.as_u16(), &t["domains"]),
        (200, &json!(["pkgs.acme.test"]))
    );
    let (status, usage) = call(
        base,
        Method::GET,
        "/tenants/acme/usage",
        Some(OPERATOR),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        usage,
        json!({
            "tenant": "acme", "packages": 0, "versions": 0, "customers": 0, "storage_bytes": 0,
            "bandwidth_bytes": 0, "bandwidth_bytes_30_days": 0, "downloads": 0, "downloads_30_days": 0,
        })
    );
    let (status, rotated) = call(
        base,
        Method::POST,
        "/tenants/acme/webhook-secret/rotate",
        Some(OPERATOR),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_ne!(rotated["webhook_secret"], created["webhook_secret"]);
    let (status, _) = call(
        base,
        Method::DELETE,
        "/tenants/default",
        Some(OPERATOR),
        None,
    )
    .await;
    assert_eq!(status, 409);
    let (status, gone) = call(base, Method::DELETE, "/tenants/acme", Some(OPERATOR), None).await;
    assert_eq!((status.as_u16(), &gone["slug"]), (200, &json!("acme")));
    let (status, _) = call(base, Method::GET, "/tenants/acme", Some(OPERATOR), None).await;
    assert_eq!(status, 404);

    // GraphQL, as the operator.
    let add = r#"mutation { addTenant(input: {slug: "beta", name: "Beta", domains: ["beta.example.org"]}) {
        webhookSecret tenant { slug name status domains } } }"#;
    let body = graphql(base, OPERATOR, add).await;
    let t = &body["data"]["addTenant"];
    assert_eq!(
        t["tenant"],
        json!({"slug": "beta", "name": "Beta", "status": "ACTIVE", "domains": ["beta.example.org"]}),
        "{body}"
    );
    assert_eq!(t["webhookSecret"].as_str().unwrap().len(), 64);
    let body = graphql(
        base,
        OPERATOR,
        "{ tenants(first: 1) { totalCount pageInfo { hasNextPage } nodes { slug } } }",
    )
    .await;
    let list = &body["data"]["tenants"];
    assert_eq!(
        (&list["totalCount"], &list["nodes"][0]["slug"]),
        (&json!(2), &json!("beta")),
        "{body}"
    );
    assert_eq!(list["pageInfo"]["hasNextPage"], true);
    let body = graphql(base, &platform.plain_token, r#"{ tenant(slug: "beta") { name } tenantUsage(slug: "beta") { tenant packages storageBytes bandwidthBytes30Days downloads30Days } }"#).await;
    assert_eq!(body["data"]["tenant"]["name"], "Beta", "{body}");
    assert_eq!(
        body["data"]["tenantUsage"],
        json!({"tenant": "beta", "packages": 0, "storageBytes": 0, "bandwidthBytes30Days": 0, "downloads30Days": 0})
    );
    let steps = [
        (
            r#"mutation { renameTenant(slug: "beta", name: "B") { name } }"#,
            "renameTenant",
            json!({"name": "B"}),
        ),
        (
            r#"mutation { suspendTenant(slug: "beta", reason: "audit") { status statusReason } }"#,
            "suspendTenant",
            json!({"status": "SUSPENDED", "statusReason": "audit"}),
        ),
        (
            r#"mutation { reactivateTenant(slug: "beta") { status } }"#,
            "reactivateTenant",
            json!({"status": "ACTIVE"}),
        ),
        (
            r#"mutation { addTenantDomain(slug: "beta", domain: "b.example.org") { domains } }"#,
            "addTenantDomain",
            json!({"domains": ["b.example.org", "beta.example.org"]}),
        ),
        (
            r#"mutation { removeTenantDomain(slug: "beta", domain: "beta.example.org") { domains } }"#,
            "removeTenantDomain",
            json!({"domains": ["b.example.org"]}),
        ),
        (
            r#"mutation { deleteTenant(slug: "beta") { slug } }"#,
            "deleteTenant",
            json!({"slug": "beta"}),
        ),
    ];
    for (query, field, want) in steps {
        let body = graphql(base, OPERATOR, query).await;
        assert_eq!(body["data"][field], want, "{query}: {body}");
    }
    let body = graphql(
        base,
        OPERATOR,
        r#"mutation { addTenant(input: {slug: "Bad_Slug"}) { webhookSecret } }"#,
    )
    .await;
    assert_eq!(gql_code(&body), "VALIDATION_ERROR");
    assert_eq!(body["errors"][0]["extensions"]["field"], "slug");
    let body = graphql(base, OPERATOR, r#"{ tenant(slug: "beta") { slug } }"#).await;
    assert_eq!(gql_code(&body), "NOT_FOUND");
}

/// Rows per table of tenant `id`, for every table that holds tenant rows.
async fn rows_of(s: &Services, id: i64) -> Vec<(&'static str, i64)> {
    const TABLES: [&str; 19] = [
        "customers",
        "customer_tokens",
        "admin_tokens",
        "packages",
        "package_versions",
        "grants",
        "frozen_versions",
        "download_events",
        "download_counters",
        "security_advisories",
        "audit_log",
        "jobs",
        "proxy_cache",
        "proxy_frozen",
        "proxy_alerts",
        "proxy_upstreams",
        "tenant_domains",
        "tenant_bandwidth",
        "tenants",
    ];
    let db = s.db();
    let mut out = Vec::new();
    for table in TABLES {
        let col = if table == "tenants" {
            "id"
        } else {
            "tenant_id"
        };
        let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table} WHERE {col} = {id}");
        let row = db
            .query_one(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        out.push((table, row.try_get::<i64>("", "n").unwrap()));
    }
    out
}

/// A customer with a grant, a token, a synced package, an advisory, a frozen version,
/// an admin token and bandwidth in tenant `slug` (through the CLI, as an operator would).
async fn populate(db: &TestDb, s: &Services, slug: &str) {
    let repo = db.path().join(format!("repo-{slug}"));
    lib_repo(&repo, &["1.0.0", "1.1.0"]);
    let t = ["--tenant", slug];
    let run = |args: &[&str]| {
        let mut all = t.to_vec();
        all.extend_from_slice(args);
        db.run(&all).ok()
    };
    run(&["package", "add", repo.to_str().unwrap()]);
    run(&["customer", "add", "shared-name"]);
    run(&[
        "customer",
        "grant",
        "shared-name",
        "acme/lib",
        "--constraint",
        "^1.0",
    ]);
    run(&["token", "issue", "--customer", "shared-name"]);
    run(&["customer", "add", "frozen"]);
    run(&["customer", "grant", "frozen", "acme/lib"]);
    run(&[
        "customer",
        "freeze",
        "frozen",
        "--version",
        "acme/lib=1.0.0",
    ]);
    run(&[
        "advisory",
        "add",
        "acme/lib",
        "--title",
        "XSS",
        "--affected",
        "<1.1",
    ]);
    run(&["admin-token", "issue", "--level", "admin"]);
    run(&[
        "tenant",
        "domain",
        "add",
        slug,
        &format!("{slug}.example.org"),
    ]);
    let id = tenant_id(s, slug).await;
    s.record_bandwidth(id, 4096);
    s.flush_bandwidth().await.unwrap();
}

async fn delete_removes_every_row_of_the_tenant_and_nothing_else(db: TestDb) {
    cli_json(&db, &["tenant", "add", "acme"]);
    cli_json(&db, &["tenant", "add", "keep"]);
    let s = db.services().await;
    populate(&db, &s, "acme").await;
    populate(&db, &s, "keep").await;
    let (acme, keep) = (tenant_id(&s, "acme").await, tenant_id(&s, "keep").await);
    let default = tenant_id(&s, "default").await;
    let before_keep = rows_of(&s, keep).await;
    let before_default = rows_of(&s, default).await;
    for (table, n) in rows_of(&s, acme).await {
        let expected_empty = ["download_events", "download_counters", "jobs"]
            .into_iter()
            .chain([
                "proxy_cache",
                "proxy_frozen",
                "proxy_alerts",
                "proxy_upstreams",
            ]);
        if !expected_empty.clone().any(|t| t == table) {
            assert!(n > 0, "the test stores nothing in {table}");
        }
    }
    let stored = |id: i64| {
        let s = s.clone();
        async move { s.storage().list(&format!("t/{id}/")).await.unwrap() }
    };
    assert!(!stored(acme).await.is_empty());
    let keep_files = stored(keep).await;
    assert!(!keep_files.is_empty());
    let mirrors = |id: i64| db.data_dir().join("mirrors").join(format!("t{id}"));
    assert!(mirrors(acme).exists());

    cli_json(&db, &["tenant", "delete", "acme", "--yes"]);

    for (table, n) in rows_of(&s, acme).await {
        assert_eq!(n, 0, "{table} keeps rows of the deleted tenant");
    }
    assert_eq!(rows_of(&s, keep).await, before_keep);
    // The default tenant gains the deletion's audit entry, nothing else.
    let mut after_default = rows_of(&s, default).await;
    for (table, n) in &mut after_default {
        if *table == "audit_log" {
            *n -= 1;
        }
    }
    assert_eq!(after_default, before_default);
    assert!(stored(acme).await.is_empty());
    assert_eq!(stored(keep).await, keep_files);
    assert!(!mirrors(acme).exists());
    assert!(mirrors(keep).exists());
    // The other tenant still works: its customer sees its package.
    let packages = cli_json(
        &db,
        &["--tenant", "keep", "customer", "packages", "shared-name"],
    );
    assert_eq!(packages[0]["package"], "acme/lib");
    // Bandwidth of a tenant deleted before the flush is dropped, not an error.
    s.record_bandwidth(acme, 10);
    s.record_bandwidth(keep, 6);
    assert_eq!(s.flush_bandwidth().await.unwrap(), 6);
}

async fn usage_counts_what_each_tenant_uses(db: TestDb) {
    let r = Registry::start(db, &["1.0.0", "1.1.0"]).await;
    r.add_package().await;
    let token = r.customer("buyer", Some("*")).await;
    r.customer("other", None).await;
    cli_json(&r.db, &["tenant", "add", "acme"]);
    let s = &r.services;
    let (default, acme) = (tenant_id(s, "default").await, tenant_id(s, "acme").await);

    // Installs reported by Composer (notify-batch), through the service.
    let body = json!({"downloads": [
        {"name": "acme/lib", "version": "1.0.0.0"},
        {"name": "acme/lib", "version": "1.1.0.0"},
        {"name": "acme/lib", "version": "1.1.0.0"},
    ]});
    let resp = reqwest::Client::new()
        .post(format!("{}/downloads", r.url))
        .basic_auth("token", Some(&token))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    // Bandwidth: counted in memory, written by a flush; two servers add up.
    s.record_bandwidth(default, 1000);
    s.record_bandwidth(default, 24);
    s.record_bandwidth(acme, 7);
    let before = s.tenants().usage(&r.ctx, "default").await.unwrap();
    assert_eq!(
        before.bandwidth_bytes, 0,
        "nothing is written before a flush"
    );
    assert_eq!(s.flush_bandwidth().await.unwrap(), 1031);
    assert_eq!(s.flush_bandwidth().await.unwrap(), 0);
    let other_server = r.db.services().await;
    other_server.record_bandwidth(default, 2000);
    other_server.flush_bandwidth().await.unwrap();

    let usage = s.tenants().usage(&r.ctx, "default").await.unwrap();
    let stats = s.stats().summary(&r.ctx).await.unwrap();
    let stored: u64 = s
        .storage()
        .list(&format!("t/{default}/"))
        .await
        .unwrap()
        .iter()
        .map(|(_, size)| size)
        .sum();
    assert_eq!(usage.tenant, "default");
    assert_eq!((usage.packages, usage.customers), (1, 2));
    assert_eq!(usage.versions, stats.versions);
    assert!(usage.versions >= 2, "{usage:?}");
    assert!(stored > 0);
    assert_eq!(usage.storage_bytes, stored, "every archive built, in bytes");
    assert_eq!(
        (usage.bandwidth_bytes, usage.bandwidth_bytes_30_days),
        (3024, 3024)
    );
    assert_eq!((usage.downloads, usage.downloads_30_days), (3, 3));

    // Every tenant, each with its own figures; the CLI prints the same.
    let all = s.tenants().usage_all(&r.ctx).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].tenant, "acme");
    assert_eq!(
        (
            all[0].packages,
            all[0].storage_bytes,
            all[0].bandwidth_bytes,
            all[0].downloads
        ),
        (0, 0, 7, 0)
    );
    assert_eq!(all[1], usage);
    let cli = cli_json(&r.db, &["tenant", "usage"]);
    assert_eq!(cli, serde_json::to_value(&all).unwrap());
    let one = cli_json(&r.db, &["tenant", "usage", "default"]);
    assert_eq!(one["bandwidth_bytes"], 3024);
    let human = r.db.run(&["tenant", "usage"]).ok();
    assert!(human.stdout.contains("BANDWIDTH"), "{}", human.stdout);
}
