//! Many registries in one deployment (TENANT_MODE=multi): the Host a client uses picks
//! the tenant, and two tenants holding the same package, customer and token names never
//! see or touch each other's anything — on the Composer endpoints, the REST API, GraphQL,
//! webhooks and the proxy, with the real composer client, and in the database itself.
//!
//! Host names under `.localhost` reach 127.0.0.1 without DNS: curl (so composer)
//! resolves them itself, and reqwest is told to.

use std::net::SocketAddr;

use cargoman::config::{Secret, TenantMode};
use cargoman::domain::customer::Transition;
use cargoman::domain::webhook::sign;
use cargoman::service::customers::NewCustomer;
use cargoman::service::packages::NewPackage;
use cargoman::service::sync::NoProgress;
use cargoman::service::tenants::NewTenant;
use cargoman::service::tokens::TokenRequest;
use cargoman::service::{Actor, Ctx, Services};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::db_tests;
use crate::support::composer::ComposerProject;
use crate::support::registry::{commit_and_tag, lib_repo};
use crate::support::{TestDb, basic_auth};

db_tests!(
    every_endpoint_family_refuses_the_other_tenants_credentials,
    composer_installs_from_two_tenants_on_their_own_host_names,
    host_headers_resolve_consistently,
    suspension_and_domains_take_effect_at_once,
    the_database_refuses_rows_that_join_two_tenants,
    the_cli_acts_on_the_tenant_it_names,
    ui_sessions_stay_in_their_tenant,
);

/// Custom domain of globex (a name under `.localhost`, so it reaches loopback).
const GLOBEX_DOMAIN: &str = "registry.globex-corp.localhost";

struct Side {
    slug: &'static str,
    /// `http://{slug}.cargoman.localhost:{port}` (globex: its custom domain).
    url: String,
    ctx: Ctx,
    /// Customer `shop`'s token (every tenant has a customer of that name).
    token: String,
    /// An admin-level admin token of the tenant.
    admin: String,
    webhook_secret: String,
    /// The versions of `acme/lib` the tenant holds.
    versions: &'static [&'static str],
}

struct Deployment {
    db: TestDb,
    settings: cargoman::config::Settings,
    services: Services,
    addr: SocketAddr,
    acme: Side,
    globex: Side,
    client: reqwest::Client,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Deployment {
    fn port(&self) -> u16 {
        self.addr.port()
    }

    fn sides(&self) -> [(&Side, &Side); 2] {
        [(&self.acme, &self.globex), (&self.globex, &self.acme)]
    }
}

/// Two tenants, `acme` (at acme.cargoman.localhost) and `globex` (at globex.cargoman.localhost and its
/// custom domain), each with its own `acme/lib` (different versions and content), a
/// customer `shop` granted it, a token and an admin token.
async fn deployment(db: TestDb) -> Deployment {
    let mut settings = db.settings();
    settings.tenant.mode = TenantMode::Multi;
    settings.tenant.subdomain_suffix = Some(".cargoman.localhost".into());
    settings.webhooks.github_secret = Some(Secret::new("deployment-secret"));
    // Loopback is trusted by default (a reverse proxy on the same machine): here the
    // clients are not proxies, so their forwarded headers must count for nothing.
    settings.server.trusted_proxies = vec!["192.0.2.1".into()];
    let services = db.services_with(settings.clone()).await;
    let operator = db.ctx(&services).await;
    let (url, stop, _handle) = crate::serve::start(services.clone()).await;
    let addr: SocketAddr = url.trim_start_matches("http://").parse().unwrap();
    let mut sides = Vec::new();
    for (slug, domains, versions) in [
        ("acme", vec![], &["1.0.0", "1.1.0"][..]),
        ("globex", vec![GLOBEX_DOMAIN.to_string()], &["2.0.0"][..]),
    ] {
        let added = services
            .tenants()
            .add(
                &operator,
                NewTenant {
                    slug: slug.into(),
                    name: Some(format!("{slug} Inc.")),
                    domains,
                },
            )
            .await
            .expect("tenant add");
        let ctx = services
            .tenants()
            .context(Some(slug), Actor::cli())
            .await
            .expect("tenant context");
        let repo = db.path().join(format!("{slug}-lib"));
        lib_repo(&repo, &[]);
        for v in versions {
            commit_and_tag(&repo, v, &format!("{slug}-{v}"));
        }
        let input = NewPackage {
            url: repo.to_str().unwrap().into(),
            probe: true,
            ..Default::default()
        };
        services.packages().add(&ctx, input).await.expect("package");
        services
            .sync()
            .package(&ctx, "acme/lib", &NoProgress)
            .await
            .expect("sync");
        let customer = NewCustomer {
            name: "shop".into(),
            ..Default::default()
        };
        services
            .customers()
            .create(&ctx, customer)
            .await
            .expect("customer");
        services
            .grants()
            .grant(&ctx, "shop", "acme/lib", Some("*"))
            .await
            .expect("grant");
        let token = services
            .tokens()
            .issue(
                &ctx,
                TokenRequest {
                    customer: "shop".into(),
                    ..Default::default()
                },
            )
            .await
            .expect("token")
            .plain_token;
        let admin = services
            .admin_tokens()
            .issue(&ctx, "admin", Some("ci"))
            .await
            .expect("admin token")
            .plain_token;
        let host = if slug == "globex" {
            GLOBEX_DOMAIN.to_string()
        } else {
            format!("{slug}.cargoman.localhost")
        };
        sides.push(Side {
            slug,
            url: format!("http://{host}:{}", addr.port()),
            ctx,
            token,
            admin,
            webhook_secret: added.webhook_secret,
            versions,
        });
    }
    let mut client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    for name in [
        "acme.cargoman.localhost",
        "globex.cargoman.localhost",
        GLOBEX_DOMAIN,
        "nobody.cargoman.localhost",
        "cargoman.localhost",
    ] {
        client = client.resolve(name, addr);
    }
    let globex = sides.pop().unwrap();
    let acme = sides.pop().unwrap();
    Deployment {
        db,
        settings,
        services,
        addr,
        acme,
        globex,
        client: client.build().unwrap(),
        _stop: stop,
    }
}

async fn get(d: &Deployment, url: &str, token: &str) -> (u16, String) {
    let r = d
        .client
        .get(url)
        .basic_auth("token", Some(token))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn api(d: &Deployment, side: &Side, path: &str, bearer: &str) -> (u16, Value) {
    let r = d
        .client
        .get(format!("{}/api/v1{path}", side.url))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn graphql(d: &Deployment, side: &Side, bearer: &str) -> (u16, Value) {
    let r = d
        .client
        .post(format!("{}/graphql", side.url))
        .bearer_auth(bearer)
        .json(&json!({"query": "{ customers { totalCount edges { node { name } } } packages { totalCount } }"}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn webhook(d: &Deployment, side: &Side, secret: &str) -> (u16, Value) {
    let clone_url = format!("https://git.example.invalid/{}/lib.git", side.slug);
    let body =
        json!({"ref": "refs/heads/main", "repository": {"clone_url": clone_url}}).to_string();
    let r = d
        .client
        .post(format!("{}/api/webhooks/github", side.url))
        .header("x-github-event", "push")
        .header("x-hub-signature-256", sign(secret, body.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The isolation matrix: every endpoint family × own / other tenant's credentials ×
/// customer token / admin token / webhook secret.
async fn every_endpoint_family_refuses_the_other_tenants_credentials(db: TestDb) {
    let d = deployment(db).await;
    for (own, other) in d.sides() {
        let who = own.slug;
        // Composer: the root, the package's p2 file, its archives, notify-batch, the
        // advisories API and a proxied archive URL.
        let (status, root) = get(&d, &format!("{}/packages.json", own.url), &own.token).await;
        assert_eq!(status, 200, "{who}: {root}");
        assert!(
            root.contains(&format!("{}/p2/%package%.json", own.url)),
            "{who}: the root names the host the client used: {root}"
        );
        let (status, p2) = get(&d, &format!("{}/p2/acme/lib.json", own.url), &own.token).await;
        assert_eq!(status, 200, "{who}: {p2}");
        let doc: Value = serde_json::from_str(&p2).unwrap();
        let versions: Vec<&str> = doc["packages"]["acme/lib"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["version"].as_str().unwrap())
            .collect();
        let mut want = own.versions.to_vec();
        want.reverse();
        assert_eq!(versions, want, "{who} sees exactly its own versions");
        let dist = doc["packages"]["acme/lib"][0]["dist"]["url"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(dist.starts_with(&format!("{}/dist/", own.url)), "{dist}");
        let (status, _) = get(&d, &dist, &own.token).await;
        assert_eq!(status, 200, "{who}: own archive");

        for path in [
            "/packages.json".to_string(),
            "/p2/acme/lib.json".into(),
            "/p2/acme/lib~dev.json".into(),
            "/p/acme/lib.json".into(),
            dist.trim_start_matches(&own.url).to_string(),
            "/dist-proxy/psr/log/3.0.0/0123456789abcdef0123456789abcdef01234567.zip".into(),
            "/api/security-advisories?packages[]=acme/lib".into(),
            "/time-machine/2030-01-01/p2/acme/lib.json".into(),
        ] {
            let (status, body) = get(&d, &format!("{}{path}", own.url), &other.token).await;
            assert_eq!(
                status, 401,
                "{who} {path} with {}'s token: {body}",
                other.slug
            );
            // An admin token is no customer token either.
            let (status, _) = get(&d, &format!("{}{path}", own.url), &own.admin).await;
            assert_eq!(status, 401, "{who} {path} with an admin token");
        }
        let r = d
            .client
            .post(format!("{}/downloads", own.url))
            .basic_auth("token", Some(&other.token))
            .json(&json!({"downloads": [{"name": "acme/lib", "version": "1.0.0.0"}]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{who} notify-batch with the other's token");

        // REST: own admin token sees its own rows only; the other's is worth nothing.
        let (status, customers) = api(&d, own, "/customers", &own.admin).await;
        assert_eq!(status, 200, "{who}: {customers}");
        assert_eq!(customers["pagination"]["total"], 1, "{who}: {customers}");
        let (status, packages) = api(&d, own, "/packages/acme/lib/versions", &own.admin).await;
        assert_eq!(status, 200, "{who}: {packages}");
        assert_eq!(
            packages["pagination"]["total"],
            own.versions.len() + 1,
            "{who}: its versions and dev-main: {packages}"
        );
        for path in ["/customers", "/packages", "/audit", "/tasks", "/stats"] {
            let (status, body) = api(&d, own, path, &other.admin).await;
            assert_eq!(
                status, 401,
                "{who} REST {path} with {}'s admin token: {body}",
                other.slug
            );
            let (status, _) = api(&d, own, path, &own.token).await;
            assert_eq!(status, 401, "{who} REST {path} with a customer token");
        }
        // A tenant's admin token does not manage tenants, even its own.
        let (status, body) = api(&d, own, "/tenants", &own.admin).await;
        assert_eq!(status, 403, "{who}: {body}");

        // GraphQL.
        let (status, body) = graphql(&d, own, &own.admin).await;
        assert_eq!(status, 200, "{who}: {body}");
        assert_eq!(body["data"]["customers"]["totalCount"], 1, "{body}");
        assert_eq!(body["data"]["packages"]["totalCount"], 1, "{body}");
        let (status, body) = graphql(&d, own, &other.admin).await;
        assert_eq!(
            status, 401,
            "{who} GraphQL with the other's admin token: {body}"
        );
        let (status, _) = graphql(&d, own, &own.token).await;
        assert_eq!(status, 401, "{who} GraphQL with a customer token");

        // Webhooks: each tenant's own secret, and no other.
        let (status, body) = webhook(&d, own, &own.webhook_secret).await;
        assert_eq!(status, 202, "{who}: {body}");
        let (status, body) = webhook(&d, own, &other.webhook_secret).await;
        assert_eq!(
            status, 401,
            "{who} webhook signed with the other's secret: {body}"
        );
        let (status, body) = webhook(&d, own, "deployment-secret").await;
        assert_eq!(
            status, 401,
            "{who} webhook signed with the default tenant's: {body}"
        );
    }

    // Each tenant's archive bytes count in its own usage, and only what was served.
    d.services.flush_bandwidth().await.expect("flush bandwidth");
    let operator = d.db.ctx(&d.services).await;
    for side in [&d.acme, &d.globex] {
        let usage = d
            .services
            .tenants()
            .usage(&operator, side.slug)
            .await
            .expect("usage");
        let served = d
            .services
            .packages()
            .versions(&side.ctx, "acme/lib")
            .await
            .unwrap()
            .iter()
            .find(|v| v.version == *side.versions.last().unwrap())
            .and_then(|v| v.size)
            .expect("archive size");
        assert_eq!(
            usage.bandwidth_bytes, served as u64,
            "{}: {usage:?}",
            side.slug
        );
        assert_eq!((usage.packages, usage.customers), (1, 1), "{usage:?}");
    }

    // Same names, distinct rows: a change in one tenant leaves the other alone.
    d.services
        .customers()
        .transition(
            &d.acme.ctx,
            "shop",
            Transition::Suspend,
            Some("unpaid".into()),
        )
        .await
        .expect("suspend acme's shop");
    let (status, _) = get(&d, &format!("{}/packages.json", d.acme.url), &d.acme.token).await;
    assert_eq!(status, 403);
    let (status, _) = get(
        &d,
        &format!("{}/packages.json", d.globex.url),
        &d.globex.token,
    )
    .await;
    assert_eq!(status, 200, "globex's shop is another customer");
}

/// The real composer client, one project per tenant, each on its tenant's host name.
async fn composer_installs_from_two_tenants_on_their_own_host_names(db: TestDb) {
    let d = deployment(db).await;
    for side in [&d.acme, &d.globex] {
        let project = ComposerProject::new(&side.url).with_token(&side.token);
        project.require(&["acme/lib"]).await.assert_ok();
        let newest = side.versions.last().unwrap();
        assert_eq!(
            project.installed_version("acme/lib").as_deref(),
            Some(*newest),
            "{}",
            side.slug
        );
        let lib = project.vendor_file("acme/lib/src/Lib.php").unwrap();
        assert!(
            lib.contains(&format!("{}-{newest}", side.slug)),
            "{}'s own archive: {lib}",
            side.slug
        );
    }
    // The other tenant's token on acme's host: composer is refused.
    let project = ComposerProject::new(&d.acme.url).with_token(&d.globex.token);
    let run = project.require(&["acme/lib"]).await;
    assert_ne!(run.code, 0, "{run}");
    assert!(run.to_string().contains("401"), "{run}");
    // globex is reachable at its slug's name too.
    let url = format!("http://globex.cargoman.localhost:{}", d.port());
    let project = ComposerProject::new(&url).with_token(&d.globex.token);
    project.require(&["acme/lib:^2.0"]).await.assert_ok();
}

/// One request over a fresh connection, with exactly these header lines.
async fn raw(addr: SocketAddr, request_line: &str, headers: &[String]) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut text = format!("{request_line}\r\n");
    for h in headers {
        text.push_str(h);
        text.push_str("\r\n");
    }
    text.push_str("Connection: close\r\n\r\n");
    stream.write_all(text.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    let out = String::from_utf8_lossy(&out).into_owned();
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string());
    (status, body.unwrap_or_default())
}

/// Host headers with ports, upper case, trailing dots, IP addresses, none at all and
/// spoofed forwarded headers: resolved or refused consistently, never another tenant.
async fn host_headers_resolve_consistently(db: TestDb) {
    let d = deployment(db).await;
    let port = d.port();
    let acme_auth = format!("Authorization: {}", basic_auth("token", &d.acme.token));
    let globex_auth = format!("Authorization: {}", basic_auth("token", &d.globex.token));
    let get11 = "GET /p2/acme/lib.json HTTP/1.1";
    let acme_versions = "\"1.1.0\"";
    for (host, status) in [
        (format!("acme.cargoman.localhost:{port}"), 200),
        ("acme.cargoman.localhost".into(), 200),
        (format!("ACME.Cargoman.LocalHost:{port}"), 200),
        (format!("acme.cargoman.localhost.:{port}"), 200),
        ("acme.cargoman.localhost.".into(), 200),
        ("acme.cargoman.localhost:1".into(), 200),
        // Not acme's: acme's token is worth nothing there, or no tenant is there at all.
        (format!("globex.cargoman.localhost:{port}"), 401),
        (format!("{GLOBEX_DOMAIN}:{port}"), 401),
        // The suffix's apex is the default tenant's.
        (format!("cargoman.localhost:{port}"), 401),
        (format!("localhost:{port}"), 404),
        (format!("127.0.0.1:{port}"), 404),
        (format!("[::1]:{port}"), 404),
        ("2130706433".into(), 404),
        (format!("nobody.cargoman.localhost:{port}"), 404),
        (format!("globex.acme.cargoman.localhost:{port}"), 404),
        (format!("acme.cargoman.localhost:{port}x"), 404),
        ("acme.cargoman.localhost:".into(), 404),
        ("acme_x.cargoman.localhost".into(), 404),
        ("".into(), 404),
    ] {
        let (got, body) = raw(d.addr, get11, &[format!("Host: {host}"), acme_auth.clone()]).await;
        assert_eq!(got, status, "Host: {host:?} → {body}");
        match status {
            200 => assert!(body.contains(acme_versions), "Host: {host:?} → {body}"),
            404 => {
                let doc: Value = serde_json::from_str(&body).expect("a JSON body");
                assert_eq!(doc["code"], "tenant_not_found", "Host: {host:?}");
            }
            _ => assert!(!body.contains(acme_versions)),
        }
    }
    // No Host at all (HTTP/1.0).
    let (got, body) = raw(
        d.addr,
        "GET /p2/acme/lib.json HTTP/1.0",
        std::slice::from_ref(&acme_auth),
    )
    .await;
    assert_eq!(got, 404, "{body}");
    assert!(body.contains("tenant_not_found"), "{body}");
    // Two Host headers are no way in either.
    let (got, body) = raw(
        d.addr,
        get11,
        &[
            format!("Host: globex.cargoman.localhost:{port}"),
            format!("Host: acme.cargoman.localhost:{port}"),
            acme_auth.clone(),
        ],
    )
    .await;
    assert!(got == 400 || got == 401, "two Host headers: {got} {body}");
    assert!(!body.contains(acme_versions));

    // Forwarded headers from a peer that is not a trusted proxy change nothing.
    for spoof in ["X-Forwarded-Host", "Forwarded"] {
        let value = if spoof == "Forwarded" {
            format!("host=globex.cargoman.localhost:{port}")
        } else {
            format!("globex.cargoman.localhost:{port}")
        };
        let (got, body) = raw(
            d.addr,
            get11,
            &[
                format!("Host: acme.cargoman.localhost:{port}"),
                format!("{spoof}: {value}"),
                globex_auth.clone(),
            ],
        )
        .await;
        assert_eq!(got, 401, "{spoof} from an untrusted peer: {body}");
        let (got, body) = raw(
            d.addr,
            get11,
            &[
                format!("Host: acme.cargoman.localhost:{port}"),
                format!("{spoof}: {value}"),
                acme_auth.clone(),
            ],
        )
        .await;
        assert_eq!(got, 200, "{body}");
        assert!(
            body.contains(&format!("http://acme.cargoman.localhost:{port}/dist/")),
            "URLs name the host the client used: {body}"
        );
    }
    // Operations endpoints answer whatever the host.
    let (got, _) = raw(d.addr, "GET /health HTTP/1.0", &[]).await;
    assert_eq!(got, 200);
    let (got, _) = raw(d.addr, "GET /ready HTTP/1.1", &["Host: 10.0.0.1".into()]).await;
    assert_eq!(got, 200);
}

/// A suspended tenant answers 403 `tenant_suspended` on all its hosts at once, and
/// domains added or removed route at once.
async fn suspension_and_domains_take_effect_at_once(db: TestDb) {
    let d = deployment(db).await;
    // A second server on the same database: it learns of the change from the log.
    let second = d.db.services_with(d.settings.clone()).await;
    let (second_url, _stop_second, _h) = crate::serve::start(second).await;
    let second_port = second_url.rsplit(':').next().unwrap().to_string();
    let on_second = format!("http://globex.cargoman.localhost:{second_port}/packages.json");
    let (status, body) = get(&d, &on_second, &d.globex.token).await;
    assert_eq!(status, 200, "{body}");
    let operator = d.db.ctx(&d.services).await;
    let tenants = d.services.tenants();
    tenants
        .suspend(&operator, "globex", Some("invoice 42 unpaid".into()))
        .await
        .expect("suspend");
    // The suspension returned once every live server applied it.
    let (status, body) = get(&d, &on_second, &d.globex.token).await;
    assert_eq!(status, 403, "the second server: {body}");
    for url in [
        d.globex.url.clone(),
        format!("http://globex.cargoman.localhost:{}", d.port()),
    ] {
        for path in ["/packages.json", "/api/v1/customers", "/graphql"] {
            let (status, body) = get(&d, &format!("{url}{path}"), &d.globex.token).await;
            assert_eq!(status, 403, "{url}{path}: {body}");
            let doc: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(doc["code"], "tenant_suspended");
            assert!(
                doc["message"]
                    .as_str()
                    .unwrap()
                    .contains("invoice 42 unpaid")
            );
        }
    }
    let (status, _) = get(&d, &format!("{}/packages.json", d.acme.url), &d.acme.token).await;
    assert_eq!(status, 200, "acme is not suspended");
    tenants
        .reactivate(&operator, "globex")
        .await
        .expect("reactivate");
    let (status, _) = get(
        &d,
        &format!("{}/packages.json", d.globex.url),
        &d.globex.token,
    )
    .await;
    assert_eq!(status, 200);

    // A new custom domain routes at once (here: acme's), a removed one no longer does.
    let domain = "packages.acme-shop.localhost";
    let client = reqwest::Client::builder()
        .resolve(domain, d.addr)
        .build()
        .unwrap();
    let url = format!("http://{domain}:{}/packages.json", d.port());
    let fetch = |token: String| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let r = client
                .get(url)
                .basic_auth("token", Some(token))
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    assert_eq!(fetch(d.acme.token.clone()).await.0, 404);
    tenants
        .domain_add(&operator, "acme", domain)
        .await
        .expect("domain add");
    let (status, body) = fetch(d.acme.token.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(&format!("http://{domain}:{}/", d.port())),
        "{body}"
    );
    assert_eq!(fetch(d.globex.token.clone()).await.0, 401);
    tenants
        .domain_remove(&operator, "acme", domain)
        .await
        .expect("domain remove");
    let (status, body) = fetch(d.acme.token.clone()).await;
    assert_eq!(status, 404, "{body}");
}

/// Rows joining a customer or a package of one tenant to another tenant are refused by
/// the database itself, whatever code writes them.
async fn the_database_refuses_rows_that_join_two_tenants(db: TestDb) {
    let d = deployment(db).await;
    let conn = d.db.connect().await;
    let backend = conn.get_database_backend();
    let one = |sql: String| Statement::from_string(backend, sql);
    let id_of = |table: &str, tenant: &str| {
        format!(
            "(SELECT x.id FROM {table} x JOIN tenants t ON t.id = x.tenant_id WHERE t.slug = '{tenant}')"
        )
    };
    let tenant_id = |slug: &str| format!("(SELECT id FROM tenants WHERE slug = '{slug}')");
    let now = "CURRENT_TIMESTAMP";
    // A grant in acme joining acme's customer to globex's package, and the reverse.
    for (customer_of, package_of) in [("acme", "globex"), ("globex", "acme")] {
        let sql = format!(
            "INSERT INTO grants (tenant_id, customer_id, package_id, version_constraint, created_at, updated_at) \
             VALUES ({}, {}, {}, '*', {now}, {now})",
            tenant_id(customer_of),
            id_of("customers", customer_of),
            id_of("packages", package_of),
        );
        let err = conn
            .execute(one(sql))
            .await
            .expect_err("a cross-tenant grant");
        assert!(
            err.to_string().to_lowercase().contains("foreign key"),
            "{err}"
        );
    }
    // A token of acme's customer filed under globex.
    let sql = format!(
        "UPDATE customer_tokens SET tenant_id = {} WHERE customer_id = {}",
        tenant_id("globex"),
        id_of("customers", "acme"),
    );
    let err = conn
        .execute(one(sql))
        .await
        .expect_err("a token moved to another tenant");
    assert!(
        err.to_string().to_lowercase().contains("foreign key"),
        "{err}"
    );
    // A customer moved under its grants and tokens.
    let sql = format!(
        "UPDATE customers SET tenant_id = {}, name = 'moved' WHERE id = {}",
        tenant_id("globex"),
        id_of("customers", "acme"),
    );
    let err = conn.execute(one(sql)).await.expect_err("a customer moved");
    assert!(
        err.to_string().to_lowercase().contains("foreign key"),
        "{err}"
    );
    // Rows within one tenant are still fine.
    let sql = format!(
        "UPDATE grants SET version_constraint = '^1.0' WHERE customer_id = {}",
        id_of("customers", "acme"),
    );
    conn.execute(one(sql)).await.expect("a same-tenant update");
}

/// `--tenant SLUG` / `CARGOMAN_TENANT` select the tenant of every CLI command, and the
/// set-up lines a token prints name that tenant's host.
async fn the_cli_acts_on_the_tenant_it_names(db: TestDb) {
    let cli = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = db.command();
        cmd.env("TENANT_MODE", "multi")
            .env("TENANT_SUBDOMAIN_SUFFIX", ".cargoman.localhost")
            .env("PORT", "8443");
        for (k, v) in env {
            cmd.env(k, v);
        }
        db.run_with(cmd, args)
    };
    cli(&[], &["tenant", "add", "acme"]).ok();
    cli(&[], &["tenant", "add", "globex", "--domain", GLOBEX_DOMAIN]).ok();
    for slug in ["acme", "globex"] {
        cli(&[], &["--tenant", slug, "customer", "add", "shop"]).ok();
    }
    let issued = cli(
        &[],
        &[
            "--json",
            "--tenant",
            "acme",
            "token",
            "issue",
            "--customer",
            "shop",
        ],
    )
    .ok()
    .json();
    assert_eq!(
        issued["composer_auth"]["repository_url"],
        "http://acme.cargoman.localhost:8443"
    );
    let issued = cli(
        &[("CARGOMAN_TENANT", "globex")],
        &["--json", "token", "issue", "--customer", "shop"],
    )
    .ok()
    .json();
    assert_eq!(
        issued["composer_auth"]["repository_url"],
        format!("http://{GLOBEX_DOMAIN}:8443")
    );
    // Each tenant has its own shop; the default tenant has none.
    let listed = cli(&[], &["--json", "--tenant", "acme", "customer", "list"])
        .ok()
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    let listed = cli(&[], &["--json", "customer", "list"]).ok().json();
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");
    cli(&[], &["--tenant", "nobody", "customer", "list"]).fails_with(1, "nobody");
}

/// The web UI in the isolation matrix: a tenant's admin and customer tokens sign in only
/// at its own host, and a session cookie taken to another tenant's host opens nothing.
async fn ui_sessions_stay_in_their_tenant(db: TestDb) {
    use crate::support::ui::UiClient;
    let d = deployment(db).await;
    let hosts: Vec<(&str, SocketAddr)> = [
        "acme.cargoman.localhost",
        "globex.cargoman.localhost",
        GLOBEX_DOMAIN,
    ]
    .into_iter()
    .map(|h| (h, d.addr))
    .collect();
    for (own, other) in d.sides() {
        let who = own.slug;
        // Own credentials at the own host: a dashboard and a portal naming the tenant.
        let mut mine = UiClient::with_resolve(&own.url, &hosts);
        mine.sign_in_dashboard(&own.admin).await;
        let page = mine.get("/").await;
        assert!(page.body.contains("Overview"), "{who}");
        let mut portal = UiClient::with_resolve(&own.url, &hosts);
        portal.sign_in_portal(&own.token).await;
        // The other tenant's credentials at this host: refused, no session.
        let mut foreign = UiClient::with_resolve(&own.url, &hosts);
        let r = foreign.sign_in("/login", &other.admin).await;
        assert_eq!(r.status, 401, "{who}: another tenant's admin token");
        let r = foreign.sign_in("/portal/login", &other.token).await;
        assert_eq!(r.status, 401, "{who}: another tenant's customer token");
        assert!(!foreign.cookies.contains_key("cargoman_session"));
        assert!(!foreign.cookies.contains_key("cargoman_portal"));
        // This tenant's session cookies at the other tenant's host: sign-in pages.
        let mut stolen = UiClient::with_resolve(&other.url, &hosts);
        stolen.cookies = mine.cookies.clone();
        stolen
            .cookies
            .extend(portal.cookies.iter().map(|(k, v)| (k.clone(), v.clone())));
        let r = stolen.get("/").await;
        assert_eq!(r.status, 303, "{who}: dashboard session at the other host");
        assert!(r.location().unwrap().starts_with("/login"));
        let r = stolen.get("/portal").await;
        assert_eq!(r.status, 303, "{who}: portal session at the other host");
        // At an unknown host, no sign-in page at all.
        let mut nobody = UiClient::with_resolve(
            &format!("http://nobody.cargoman.localhost:{}", d.port()),
            &[("nobody.cargoman.localhost", d.addr)],
        );
        assert_eq!(nobody.get("/login").await.status, 404);
    }
}
