//! The GraphQL API at `/graphql` on both databases: credentials and levels for every
//! operation family, a customer set up over GraphQL installing with the real Composer,
//! refused queries and bodies, and the committed `schema.graphql` (connections:
//! `graphql/connections.rs`; subscriptions: `graphql/subscriptions.rs`).

pub(crate) mod client;
mod connections;
mod subscriptions;

use std::path::Path;

use serde_json::{Value, json};

use crate::db_tests;
use crate::support::TestDb;
use crate::support::composer::{ComposerProject, Credentials};
use client::{Gql, OWNER};

db_tests!(
    without_an_admin_credential_nothing_runs,
    viewers_read_and_are_refused_changes,
    admins_and_owners_make_every_change,
    a_customer_set_up_over_graphql_installs_with_composer,
    errors_carry_the_service_code_and_field,
    refused_queries_and_bodies_are_never_server_errors,
);

/// Reads: every admin level may run them.
const READS: &[&str] = &[
    r#"{ customers(filter: {search: "base"}) { totalCount nodes { id name status } } }"#,
    r#"{ customer(name: "base") { id name email externalId } }"#,
    r#"{ customerByExternalId(externalId: "ext-base") { name } }"#,
    r#"{ customerTokens(customer: "base", first: 5) { totalCount nodes { prefix scope status } }
         customerGrants(customer: "base") { edges { cursor node { package constraint } } } }"#,
    r#"{ package(name: "acme/lib") { name type versionCount syncStatus }
         packages { totalCount pageInfo { hasNextPage endCursor } }
         packageVersions(name: "acme/lib") { nodes { version } } }"#,
    r#"{ stats { packages versions activeTokens downloads30Days customers { active } }
         downloadStats(days: 7) { day downloads } }"#,
    r#"{ auditLogs(filter: {action: "customer."}) { totalCount nodes { action actor } } }"#,
];

/// Changes, in an order that works for one customer `c-{n}`: admins and owners may make
/// them, viewers are refused. `{token}` is the token the third one issues.
const WRITES: &[&str] = &[
    r#"mutation { createCustomer(input: {name: "c-{n}", externalId: "x-{n}"}) { id status } }"#,
    r#"mutation { updateCustomer(customer: "c-{n}", input: {email: "{n}@x.test"}) { email } }"#,
    r#"mutation { createToken(input: {customer: "c-{n}", name: "ci"}) { plainToken token { id } } }"#,
    r#"mutation { rotateToken(id: "{token}") { plainToken } }"#,
    r#"mutation { revokeToken(id: "{token}") { status } }"#,
    r#"mutation { grantPackage(customer: "c-{n}", package: "acme/lib", constraint: "^1.0") { constraint } }"#,
    r#"mutation { suspendCustomer(customer: "c-{n}", reason: "unpaid") { status statusReason } }"#,
    r#"mutation { reactivateCustomer(customer: "c-{n}") { status } }"#,
    r#"mutation { freezeCustomer(customer: "c-{n}") { customer { status } frozen { version } } }"#,
    r#"mutation { expireCustomer(customer: "c-{n}") { status } }"#,
    r#"mutation { revokePackageAccess(customer: "c-{n}", package: "acme/lib") { package } }"#,
    r#"mutation { addPackage(input: {url: "{repo}", name: "acme/p-{n}"}) { package { name } task { id status } } }"#,
    r#"mutation { syncPackage(name: "acme/p-{n}") { id kind } }"#,
    r#"mutation { deletePackage(name: "acme/p-{n}") { name } }"#,
    r#"mutation { deleteCustomer(customer: "c-{n}") { name } }"#,
];

fn fill(doc: &str, n: &str, token: &str, repo: &str) -> String {
    doc.replace("{n}", n)
        .replace("{token}", token)
        .replace("{repo}", repo)
}

/// A server with `acme/lib` and a customer `base` with a token, for reads and for the
/// token mutations of those who may not change anything: the token's id and secret.
async fn with_base_customer(db: TestDb) -> (Gql, String, String) {
    let g = Gql::start(db, &["1.0.0", "1.1.0"]).await;
    g.add_package().await;
    let c = cargoman::service::customers::NewCustomer {
        name: "base".into(),
        external_id: Some("ext-base".into()),
        ..Default::default()
    };
    g.services.customers().create(&g.ctx, c).await.unwrap();
    let req = cargoman::service::tokens::TokenRequest {
        customer: "base".into(),
        ..Default::default()
    };
    let issued = g.services.tokens().issue(&g.ctx, req).await.unwrap();
    (g, issued.token.id.to_string(), issued.plain_token)
}

async fn without_an_admin_credential_nothing_runs(db: TestDb) {
    let (g, base_token, cmt) = with_base_customer(db).await;
    assert!(cmt.starts_with("cmt_"), "{cmt}");
    // A customer token, a wrong one, none: 401 in the REST error shape, before anything
    // is executed.
    for token in [Some(cmt.as_str()), Some("adm_not_a_token"), None] {
        for doc in READS.iter().chain(WRITES) {
            let doc = fill(doc, "nobody", &base_token, &g.repo);
            let (status, body) = g.post(token, &doc, json!({})).await;
            assert_eq!(status, 401, "{token:?} {doc}: {body}");
            assert_eq!(body["code"], "UNAUTHORIZED", "{body}");
            let message = body["message"].as_str().unwrap();
            assert!(message.contains("Bearer"), "{body}");
        }
    }
    let customers = g.services.customers().list(&g.ctx, None).await.unwrap();
    assert_eq!(customers.len(), 1);
    let id = base_token.parse().unwrap();
    let token = g.services.tokens().show(&g.ctx, id).await.unwrap();
    assert_eq!(token.status, "active");
}

async fn viewers_read_and_are_refused_changes(db: TestDb) {
    let (g, base_token, _) = with_base_customer(db).await;
    for token in [OWNER, g.admin.as_str(), g.viewer.as_str()] {
        for doc in READS {
            let data = g.data(token, doc, json!({})).await;
            assert!(!data.is_null(), "{doc}");
        }
    }
    let data = g.data(&g.viewer, READS[0], json!({})).await;
    assert_eq!(data["customers"]["totalCount"], 1);
    assert_eq!(data["customers"]["nodes"][0]["status"], "ACTIVE");
    // A viewer's changes are refused by the services: FORBIDDEN, and nothing changed.
    for doc in WRITES {
        let doc = fill(doc, "viewer", &base_token, &g.repo);
        let (code, _, body) = g.error(&g.viewer, &doc, json!({})).await;
        assert_eq!(code, "FORBIDDEN", "{doc}: {body}");
        assert!(body["data"].is_null(), "{body}");
    }
    let id = base_token.parse().unwrap();
    let token = g.services.tokens().show(&g.ctx, id).await.unwrap();
    assert_eq!(token.status, "active");
    let packages = g.services.packages().list(&g.ctx).await.unwrap();
    assert_eq!(packages.len(), 1);
}

async fn admins_and_owners_make_every_change(db: TestDb) {
    let (g, _, _) = with_base_customer(db).await;
    for (n, token) in [("admin", g.admin.as_str()), ("owner", OWNER)] {
        let mut issued = String::new();
        for doc in WRITES {
            let doc = fill(doc, n, &issued, &g.repo);
            let data = g.data(token, &doc, json!({})).await;
            if let Some(id) = data["createToken"]["token"]["id"].as_str() {
                issued = id.to_string();
                let secret = data["createToken"]["plainToken"].as_str().unwrap();
                assert!(secret.starts_with("cmt_"), "{data}");
            }
        }
        // The audit log names the credential and where the call came from.
        let audit = g.services.audit().list(&g.ctx, &Default::default()).await;
        let audit = audit.unwrap();
        let entry = audit.iter().find(|a| a.target == format!("c-{n}")).unwrap();
        match n {
            "owner" => assert_eq!(entry.actor, "admin-token:configured"),
            _ => assert!(entry.actor.starts_with("admin-token:"), "{entry:?}"),
        }
        assert_eq!(entry.ip.as_deref(), Some("127.0.0.1"));
    }
    // Each made its customer and package, then deleted them.
    let customers = g.services.customers().list(&g.ctx, None).await.unwrap();
    assert_eq!(customers.len(), 1);
    assert_eq!(g.services.packages().list(&g.ctx).await.unwrap().len(), 1);
}

async fn a_customer_set_up_over_graphql_installs_with_composer(db: TestDb) {
    let g = Gql::start(db, &["1.0.0", "1.1.0", "2.0.0"]).await;
    g.add_package().await;
    let created = g
        .data(
            &g.admin,
            "mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id name status } }",
            json!({"input": {"name": "acme", "email": "ops@acme.test"}}),
        )
        .await;
    let id = created["createCustomer"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut activity = g
        .subscribe(
            &g.viewer,
            &format!(
                r#"subscription {{ customerActivity(customerId: "{id}") {{ customer action }} }}"#
            ),
        )
        .await;
    g.listening(&mut activity, id.parse().unwrap()).await;
    let grant = r#"mutation { grantPackage(customer: "acme", package: "acme/lib", constraint: "^1.0") { package constraint } }"#;
    let data = g.data(&g.admin, grant, json!({})).await;
    assert_eq!(
        data["grantPackage"],
        json!({"package": "acme/lib", "constraint": "^1.0"})
    );
    let issue = r#"mutation { createToken(input: {customer: "acme", name: "ci", scope: DOWNLOAD}) {
        plainToken token { customer scope status } composerAuth { username password repositoryUrl commands } } }"#;
    let issued = g.data(&g.admin, issue, json!({})).await["createToken"].clone();
    let secret = issued["plainToken"].as_str().unwrap().to_string();
    assert_eq!(
        issued["token"],
        json!({"customer": "acme", "scope": "DOWNLOAD", "status": "active"})
    );
    let auth = &issued["composerAuth"];
    assert_eq!(
        (auth["username"].as_str(), auth["password"].as_str()),
        (Some("token"), Some(secret.as_str()))
    );
    // The set-up names the URL this request reached the registry at.
    assert_eq!(auth["repositoryUrl"], g.url.as_str());
    let host = g.url.trim_start_matches("http://");
    let commands: Vec<&str> = auth["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        commands.contains(
            &format!("composer config --global --auth http-basic.{host} token {secret}").as_str()
        ),
        "{commands:?}"
    );

    let project = ComposerProject::new(&g.url).with_credentials(Credentials::Token(secret));
    project.require(&["acme/lib:^1.0"]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.1.0")
    );

    // Each change, then the install Composer reported, reached the subscriber.
    for action in ["grant.create", "token.issue", "download"] {
        let event = activity.next().await;
        assert_eq!(
            event["customerActivity"],
            json!({"customer": "acme", "action": action})
        );
    }
    let stats = g.data(&g.viewer, "{ stats { downloadsTotal } downloadStats(package: \"acme/lib\", days: 1) { downloads } }", json!({})).await;
    assert_eq!(stats["stats"]["downloadsTotal"], 1);
    assert_eq!(stats["downloadStats"][0]["downloads"], 1);
}

/// Errors of the services keep their code, and invalid input names its argument the
/// schema's way.
async fn errors_carry_the_service_code_and_field(db: TestDb) {
    let g = Gql::start(db, &["1.0.0"]).await;
    g.add_package().await;
    let c = cargoman::service::customers::NewCustomer {
        name: "anna".into(),
        ..Default::default()
    };
    g.services.customers().create(&g.ctx, c).await.unwrap();
    for (doc, field) in [
        ("{ downloadStats(days: 0) { day } }", "days"),
        (r#"{ customer(id: "1", name: "anna") { id } }"#, "id"),
        (r#"{ token(id: "abc") { id } }"#, "id"),
        (
            r#"mutation { createToken(input: {customer: "anna", expiresInDays: -1}) { plainToken } }"#,
            "expiresInDays",
        ),
        (
            r#"mutation { createCustomer(input: {name: "bob", email: "not-an-address"}) { id } }"#,
            "email",
        ),
        (
            r#"mutation { grantPackage(customer: "anna", package: "acme/lib", constraint: "^^1") { constraint } }"#,
            "constraint",
        ),
        (
            r#"mutation { freezeCustomer(customer: "anna", versions: ["acme/lib"]) { frozen { version } } }"#,
            "versions",
        ),
    ] {
        let (code, f, body) = g.error(&g.admin, doc, json!({})).await;
        assert_eq!(
            (code.as_str(), f.as_deref()),
            ("VALIDATION_ERROR", Some(field)),
            "{body}"
        );
    }
    for (doc, code) in [
        (r#"{ customer(name: "nobody") { id } }"#, "NOT_FOUND"),
        (r#"{ package(name: "acme/none") { id } }"#, "NOT_FOUND"),
        (
            r#"mutation { createCustomer(input: {name: "anna"}) { id } }"#,
            "CONFLICT",
        ),
        (
            r#"mutation { reactivateCustomer(customer: "anna") { id } }"#,
            "CONFLICT",
        ),
    ] {
        assert_eq!(g.error(&g.admin, doc, json!({})).await.0, code, "{doc}");
    }
}

async fn refused_queries_and_bodies_are_never_server_errors(db: TestDb) {
    let g = Gql::start(db, &["1.0.0"]).await;
    // Deeper than `max_depth` (12): refused before anything runs.
    let (code, _, body) = g.error(&g.viewer, &deep_query(), json!({})).await;
    assert_eq!(code, "QUERY_TOO_COMPLEX", "{body}");
    assert_eq!(body["errors"][0]["message"], "Query is nested too deep.");
    // Wider than `max_complexity` (2000): many fields, or pages of many items.
    let wide: String = (0..2100)
        .map(|i| format!("a{i}: stats {{ packages }} "))
        .collect();
    let (code, _, _) = g
        .error(&g.viewer, &format!("{{ {wide} }}"), json!({}))
        .await;
    assert_eq!(code, "QUERY_TOO_COMPLEX");
    let pages: String = (0..3).map(|i| format!("p{i}: customers(first: 100) {{ nodes {{ id name email externalId status statusReason expiresAt createdAt }} }} ")).collect();
    assert_eq!(
        g.error(&g.viewer, &format!("{{ {pages} }}"), json!({}))
            .await
            .0,
        "QUERY_TOO_COMPLEX"
    );
    assert!(
        g.post(
            Some(&g.viewer),
            "{ customers(first: 100) { nodes { id name } } }",
            json!({})
        )
        .await
        .1
        .get("errors")
        .is_none()
    );
    // Documents that are not valid GraphQL.
    for doc in [
        "{ nothing }",
        "{ customers { nodes ",
        "query { stats { packages } } mutation { x }",
    ] {
        let (status, body) = g.post(Some(&g.viewer), doc, json!({})).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "VALIDATION_ERROR",
            "{doc}: {body}"
        );
    }
    // Bodies that are not one GraphQL request.
    for (content_type, body, status) in [
        ("application/json", "{not json".to_string(), 400),
        ("application/json", "[]".to_string(), 400),
        ("application/json", "{\"variables\": {}}".to_string(), 400),
        ("text/plain", "{ stats { packages } }".to_string(), 415),
    ] {
        let (got, answer) = g.post_raw(Some(&g.viewer), content_type, body).await;
        assert_eq!(got, status, "{content_type}: {answer}");
        assert_eq!(answer["code"], "VALIDATION_ERROR", "{answer}");
    }
    // A body over 1 MiB is refused before it is read.
    let head = too_large_head(&g, 2 * 1024 * 1024).await;
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert!(head.contains("VALIDATION_ERROR"), "{head}");
    // Without the playground, GET answers JSON errors.
    let get = |path: &str| reqwest::get(format!("{}{path}", g.url));
    let resp = get("/graphql").await.unwrap();
    assert_eq!(resp.status(), 405);
    assert_eq!(resp.json::<Value>().await.unwrap()["code"], "NOT_FOUND");
    assert_eq!(get("/graphql/playground").await.unwrap().status(), 404);
}

/// A query nested deeper than the default `max_depth` (12).
pub fn deep_query() -> String {
    format!(
        "{{ __schema {{ types {{ fields {{ type {} name {} }} }} }} }}",
        "{ ofType ".repeat(12),
        "}".repeat(12)
    )
}

/// Announces a body of `len` bytes, sends none of it, and answers what the server
/// says (a client that sent it all could see the connection closed before the answer).
async fn too_large_head(g: &Gql, len: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = g.url.trim_start_matches("http://");
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n",
        g.viewer
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), conn.read(&mut answer))
        .await
        .expect("an answer without the body")
        .unwrap();
    String::from_utf8_lossy(&answer[..n]).into_owned()
}

/// The playground and introspection follow their settings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn playground_and_introspection_follow_the_settings() {
    let db = TestDb::new(crate::support::Backend::Sqlite).await;
    let g = Gql::start_with(db, &["1.0.0"], |s| {
        s.graphql.playground = true;
        s.graphql.introspection = false;
    })
    .await;
    for path in ["/graphql", "/graphql/playground"] {
        let resp = reqwest::get(format!("{}{path}", g.url)).await.unwrap();
        assert_eq!(resp.status(), 200);
        assert!(resp.text().await.unwrap().contains("graphiql"), "{path}");
    }
    let (status, body) = g
        .post(
            Some(&g.viewer),
            "{ __schema { types { name } } }",
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["data"]["__schema"],
        Value::Null,
        "introspection is off: {body}"
    );
    let ok = g.data(&g.viewer, "{ stats { packages } }", json!({})).await;
    assert_eq!(ok["stats"]["packages"], 0);
}

/// `schema.graphql` is generated from the code and committed; this fails when it
/// drifts. `CARGOMAN_BLESS=1 cargo test contracts` rewrites it.
#[test]
fn graphql_schema_contracts_are_committed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    let sdl = cargoman::http::graphql::sdl();
    if std::env::var_os("CARGOMAN_BLESS").is_some() {
        std::fs::write(&path, &sdl).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == sdl,
        "schema.graphql drifted from the code (run `CARGOMAN_BLESS=1 cargo test contracts` and commit)"
    );
}

db_tests!(proxy_access_is_read_and_changed_over_graphql);

/// `proxyAccess`: on by default, set on create and update (left out: unchanged), read
/// back, and audited; a viewer may not change it.
async fn proxy_access_is_read_and_changed_over_graphql(db: TestDb) {
    let g = Gql::start(db, &["1.0.0"]).await;
    let created = g
        .data(
            &g.admin,
            r#"mutation { a: createCustomer(input: {name: "open"}) { proxyAccess }
                          b: createCustomer(input: {name: "closed", proxyAccess: false}) { proxyAccess } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        created,
        json!({"a": {"proxyAccess": true}, "b": {"proxyAccess": false}})
    );

    let update = r#"mutation($c: String!, $input: UpdateCustomerInput!) {
        updateCustomer(customer: $c, input: $input) { name email proxyAccess } }"#;
    let vars = |c: &str, input: Value| json!({"c": c, "input": input});
    let closed = g
        .data(
            &g.admin,
            update,
            vars("open", json!({"proxyAccess": false})),
        )
        .await;
    assert_eq!(closed["updateCustomer"]["proxyAccess"], false);
    let other = g
        .data(
            &g.admin,
            update,
            vars("open", json!({"email": "o@open.test"})),
        )
        .await;
    assert_eq!(
        other["updateCustomer"],
        json!({"name": "open", "email": "o@open.test", "proxyAccess": false})
    );
    let (code, _, _) = g
        .error(
            &g.viewer,
            update,
            vars("open", json!({"proxyAccess": true})),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    g.data(
        &g.admin,
        update,
        vars("closed", json!({"proxyAccess": true})),
    )
    .await;
    let read = g
        .data(
            &g.viewer,
            r#"{ a: customer(name: "open") { proxyAccess } b: customer(name: "closed") { proxyAccess } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        read,
        json!({"a": {"proxyAccess": false}, "b": {"proxyAccess": true}})
    );

    let filter = cargoman::service::audit::AuditFilter {
        action: Some("customer.update".into()),
        ..Default::default()
    };
    let audit = g.services.audit().list(&g.ctx, &filter).await.unwrap();
    let details: Vec<_> = audit
        .iter()
        .map(|a| (a.target.as_str(), a.details.clone().unwrap()))
        .collect();
    assert_eq!(
        details,
        [
            (
                "closed",
                json!({"proxy_access": {"from": false, "to": true}})
            ),
            (
                "open",
                json!({"email": {"from": null, "to": "o@open.test"}})
            ),
            ("open", json!({"proxy_access": {"from": true, "to": false}})),
        ]
    );
}
