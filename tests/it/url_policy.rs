//! What a repository URL may reach and which credentials go with it (product.md section
//! 8): URLs given over REST or GraphQL may not reach the server or its private network
//! (the CLI may, and so may the APIs with `REPOSITORY_ALLOW_LOCAL`), a new URL drops the
//! stored credentials, ssh without a key offers neither the server's keys nor its agent,
//! and stored credentials open only for the package (and tenant) they were given for.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cargoman::service::audit::AuditFilter;
use cargoman::service::credentials::RepoCredentials;
use cargoman::service::packages::NewPackage;
use cargoman::service::sync::NoProgress;
use cargoman::service::tenants::NewTenant;
use cargoman::service::{Actor, Ctx};
use reqwest::Method;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::db_tests;
use crate::support::git_http::GitHttpServer;
use crate::support::git_repo::bare_repo;
use crate::support::registry::Registry;
use crate::support::sshd::{Sshd, keygen};
use crate::support::{Backend, TestDb};

db_tests!(
    network_callers_may_not_register_urls_that_reach_the_server,
    network_callers_may_not_move_a_package_to_such_a_url,
    local_urls_are_accepted_over_the_network_when_allowed,
    a_new_url_drops_the_stored_credentials,
    credentials_copied_to_another_package_or_tenant_do_not_open,
    credentials_sealed_before_binding_are_bound_at_start_up,
);

const ADD_PACKAGE: &str = "mutation($input: AddPackageInput!) { addPackage(input: $input) { package { name hasCredentials } task { id } } }";
const UPDATE_PACKAGE: &str = "mutation($name: String!, $input: UpdatePackageInput!) { updatePackage(name: $name, input: $input) { name repositoryUrl hasCredentials } }";

/// URLs that reach this server or its network, each in another form.
fn refused_urls(r: &Registry) -> Vec<String> {
    let port = url::Url::parse(&r.url).unwrap().port().unwrap();
    vec![
        format!("file://{}", r.repo.display()),
        "/tmp/x".into(),
        format!("http://127.0.0.1:{port}/x.git"),
        "http://169.254.169.254/latest".into(),
        "http://[::1]/x".into(),
        format!("http://localhost:{port}/x.git"),
    ]
}

async fn admin_token(r: &Registry) -> String {
    r.services
        .admin_tokens()
        .issue(&r.ctx, "admin", Some("admin"))
        .await
        .expect("admin token")
        .plain_token
}

/// One REST call: the status and the JSON body (Null when empty).
async fn rest(
    r: &Registry,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .request(method, format!("{}/api/v1{path}", r.url))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
    };
    (status, body)
}

/// One GraphQL call: the whole answer (`data`, `errors`).
async fn graphql(r: &Registry, token: &str, query: &str, variables: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{}/graphql", r.url))
        .bearer_auth(token)
        .json(&json!({"query": query, "variables": variables}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[track_caller]
fn assert_refused_url(status: u16, body: &Value, url: &str) {
    assert_eq!(
        (status, body["code"].as_str(), body["field"].as_str()),
        (400, Some("VALIDATION_ERROR"), Some("url")),
        "{url}: {body}"
    );
}

async fn audited(r: &Registry, action: &str) -> Vec<cargoman::service::audit::AuditEntry> {
    let filter = AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    r.services.audit().list(&r.ctx, &filter).await.unwrap()
}

async fn network_callers_may_not_register_urls_that_reach_the_server(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    let admin = admin_token(&r).await;
    let urls = refused_urls(&r);
    for (i, url) in urls.iter().enumerate() {
        let input = json!({"url": url, "name": format!("acme/p{i}")});
        let (status, body) = rest(&r, &admin, Method::POST, "/packages", Some(input.clone())).await;
        assert_refused_url(status, &body, url);
        let answer = graphql(&r, &admin, ADD_PACKAGE, json!({"input": input})).await;
        let error = &answer["errors"][0]["extensions"];
        assert_eq!(
            (error["code"].as_str(), error["field"].as_str()),
            (Some("VALIDATION_ERROR"), Some("url")),
            "{url}: {answer}"
        );
        assert!(answer["data"].is_null(), "{url}: {answer}");
    }
    // Nothing stored, nothing audited, no sync queued.
    assert!(r.services.packages().list(&r.ctx).await.unwrap().is_empty());
    assert!(audited(&r, "package.").await.is_empty());
    let (_, tasks) = rest(&r, &admin, Method::GET, "/tasks", None).await;
    assert_eq!(tasks["pagination"]["total"], 0, "{tasks}");

    // The operator's CLI runs on the machine already: it may use every one of them.
    let out = r.db.json(&["package", "add", &urls[0]]);
    assert_eq!(out["package"]["name"], "acme/lib");
    assert_eq!(out["sync"]["added"], json!(["1.0.0", "dev-main"]));
    for (i, url) in urls.iter().enumerate().skip(1) {
        let name = format!("acme/p{i}");
        let out =
            r.db.json(&["package", "add", url, "--name", &name, "--no-sync"]);
        assert_eq!(out["repository_url"], json!(url));
    }
    assert_eq!(
        r.services.packages().list(&r.ctx).await.unwrap().len(),
        urls.len()
    );
}

async fn network_callers_may_not_move_a_package_to_such_a_url(db: TestDb) {
    let r = Registry::start(db, &["1.0.0"]).await;
    r.add_package().await;
    let admin = admin_token(&r).await;
    let before = r
        .services
        .packages()
        .show(&r.ctx, "acme/lib")
        .await
        .unwrap();
    let urls = refused_urls(&r);
    for url in &urls {
        let patch = json!({"url": url});
        let (status, body) =
            rest(&r, &admin, Method::PATCH, "/packages/acme/lib", Some(patch)).await;
        assert_refused_url(status, &body, url);
        let vars = json!({"name": "acme/lib", "input": {"url": url}});
        let answer = graphql(&r, &admin, UPDATE_PACKAGE, vars).await;
        let error = &answer["errors"][0]["extensions"];
        assert_eq!(
            (error["code"].as_str(), error["field"].as_str()),
            (Some("VALIDATION_ERROR"), Some("url")),
            "GraphQL updatePackage {url}: {answer}"
        );
    }
    let after = r
        .services
        .packages()
        .show(&r.ctx, "acme/lib")
        .await
        .unwrap();
    assert_eq!(after.repository_url, before.repository_url);
    assert_eq!(after.updated_at, before.updated_at);
    assert!(audited(&r, "package.update").await.is_empty());
    // The CLI may.
    let out =
        r.db.json(&["package", "update", "acme/lib", "--url", &urls[2]]);
    assert_eq!(out["repository_url"], json!(urls[2]));
}

async fn local_urls_are_accepted_over_the_network_when_allowed(db: TestDb) {
    let mut settings = db.settings();
    settings.security.repository_allow_local = true;
    let r = Registry::start_with(db, &["1.0.0"], settings).await;
    let admin = admin_token(&r).await;
    let urls = refused_urls(&r);
    let local = r.repo.to_str().unwrap();
    let (status, body) = rest(
        &r,
        &admin,
        Method::POST,
        "/packages",
        Some(json!({"url": local, "name": "acme/lib"})),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["package"]["repository_url"], local);
    for (i, url) in urls.iter().enumerate() {
        let input = json!({"url": url, "name": format!("acme/p{i}")});
        let answer = graphql(&r, &admin, ADD_PACKAGE, json!({"input": input})).await;
        assert!(answer["errors"].is_null(), "{url}: {answer}");
        let patch = json!({"url": url});
        let (status, body) =
            rest(&r, &admin, Method::PATCH, "/packages/acme/lib", Some(patch)).await;
        assert_eq!(
            (status, &body["repository_url"]),
            (200, &json!(url)),
            "{body}"
        );
    }
}

/// A package registered over REST with a token, then moved.
async fn a_new_url_drops_the_stored_credentials(db: TestDb) {
    let mut settings = db.settings();
    // The URLs below need not resolve.
    settings.security.repository_allow_local = true;
    let r = Registry::start_with(db, &[], settings).await;
    let admin = admin_token(&r).await;
    let patch = |body: Value| {
        let (r, admin) = (&r, &admin);
        async move {
            let (status, body) =
                rest(r, admin, Method::PATCH, "/packages/acme/lib", Some(body)).await;
            assert_eq!(status, 200, "{body}");
            body["has_credentials"].as_bool().unwrap()
        }
    };
    let last_change = || async {
        audited(&r, "package.update").await[0]
            .details
            .clone()
            .unwrap()
    };
    let add = json!({
        "url": "https://git.example.invalid/one.git",
        "name": "acme/lib",
        "credentials": {"token": "t0ken-for-one"},
    });
    let (status, body) = rest(&r, &admin, Method::POST, "/packages", Some(add)).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["package"]["has_credentials"], true);

    // Another URL without credentials: the token was meant for the old one.
    assert!(!patch(json!({"url": "https://git.example.invalid/two.git"})).await);
    assert_eq!(
        last_change().await["credentials"],
        "dropped: the URL changed"
    );
    // With credentials given again, they are kept.
    let both = json!({"url": "https://git.example.invalid/three.git", "credentials": {"token": "t0ken-for-three"}});
    assert!(patch(both).await);
    assert_eq!(last_change().await["credentials"], "replaced");
    // The same URL again, or only another type, is no move.
    assert!(patch(json!({"url": "https://git.example.invalid/three.git"})).await);
    assert!(last_change().await.get("credentials").is_none());
    assert!(patch(json!({"type": "gitlab"})).await);
    // The CLI's `package update --url` likewise.
    let token = r.db.path().join("token");
    std::fs::write(&token, "t0ken-for-four\n").unwrap();
    let four = "https://git.example.invalid/four.git";
    let out = r.db.json(&["package", "update", "acme/lib", "--url", four]);
    assert_eq!(
        (&out["repository_url"], &out["has_credentials"]),
        (&json!(four), &json!(false))
    );
    assert_eq!(
        last_change().await["credentials"],
        "dropped: the URL changed"
    );
    let token = token.to_str().unwrap();
    let five = "https://git.example.invalid/five.git";
    let out = r.db.json(&[
        "package",
        "update",
        "acme/lib",
        "--url",
        five,
        "--token-file",
        token,
    ]);
    assert_eq!(
        (&out["repository_url"], &out["has_credentials"]),
        (&json!(five), &json!(true))
    );
    // GraphQL's updatePackage likewise.
    let vars = json!({"name": "acme/lib", "input": {"url": "https://git.example.invalid/g.git"}});
    let answer = graphql(&r, &admin, UPDATE_PACKAGE, vars).await;
    assert_eq!(
        answer["data"]["updatePackage"]["repositoryUrl"], "https://git.example.invalid/g.git",
        "{answer}"
    );
    assert_eq!(
        last_change().await["credentials"],
        "dropped: the URL changed"
    );
}

/// `acme/lib` behind HTTP Basic with the token `s3cr3t-token`.
fn private_repo(r: &Registry) -> (GitHttpServer, String, RepoCredentials) {
    let root = r.db.path().join("git");
    std::fs::create_dir_all(&root).unwrap();
    bare_repo(&root, "private.git");
    let server = GitHttpServer::start(&root, Some(("x-access-token", "s3cr3t-token")));
    let url = server.url("private.git");
    let token = RepoCredentials::Token {
        username: None,
        token: "s3cr3t-token".into(),
    };
    (server, url, token)
}

async fn add(
    r: &Registry,
    ctx: &Ctx,
    name: &str,
    url: &str,
    creds: Option<RepoCredentials>,
) -> i64 {
    let input = NewPackage {
        url: url.into(),
        name: Some(name.into()),
        credentials: creds,
        ..Default::default()
    };
    r.services.packages().add(ctx, input).await.unwrap().id
}

async fn sync(r: &Registry, ctx: &Ctx, name: &str) -> Result<(), String> {
    r.services
        .sync()
        .package(ctx, name, &NoProgress)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

async fn sql(r: &Registry, statement: &str) {
    r.services
        .db()
        .execute_unprepared(statement)
        .await
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

async fn credentials_copied_to_another_package_or_tenant_do_not_open(db: TestDb) {
    let r = Registry::start(db, &[]).await;
    let (_server, url, token) = private_repo(&r);
    let a = add(&r, &r.ctx, "acme/lib", &url, Some(token.clone())).await;
    let b = add(&r, &r.ctx, "acme/copy", &url, None).await;
    let other = r
        .services
        .tenants()
        .add(
            &r.ctx,
            NewTenant {
                slug: "other".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .tenant
        .id;
    let other = Ctx::new(other, Actor::system());
    let c = add(&r, &other, "acme/lib", &url, Some(token)).await;
    sync(&r, &r.ctx, "acme/lib").await.expect("A opens its own");
    sync(&r, &other, "acme/lib").await.expect("C opens its own");

    sql(
        &r,
        &format!(
            "UPDATE packages SET credentials_encrypted = \
             (SELECT p.credentials_encrypted FROM packages p WHERE p.id = {a}) WHERE id IN ({b}, {c})"
        ),
    )
    .await;
    for (ctx, name) in [(&r.ctx, "acme/copy"), (&other, "acme/lib")] {
        let err = sync(&r, ctx, name).await.unwrap_err();
        assert!(err.contains("cannot decrypt"), "{name}: {err}");
    }
    r.db.run(&["package", "sync", "acme/copy"])
        .fails_with(1, "cannot decrypt the stored repository credentials");
    sync(&r, &r.ctx, "acme/lib").await.expect("A still opens");
}

async fn credentials_sealed_before_binding_are_bound_at_start_up(db: TestDb) {
    let r = Registry::start(db, &[]).await;
    let (_server, url, token) = private_repo(&r);
    let a = add(&r, &r.ctx, "acme/lib", &url, Some(token.clone())).await;
    // What earlier versions stored: sealed for the column alone.
    let secrets = cargoman::crypto::SecretBox::from_settings(&r.db.settings()).unwrap();
    let plain = serde_json::to_vec(&token).unwrap();
    let legacy = secrets.encrypt(&plain, "package-credentials").unwrap();
    let store_legacy =
        format!("UPDATE packages SET credentials_encrypted = '{legacy}' WHERE id = {a}");
    sql(&r, &store_legacy).await;
    // Only the bound form opens...
    let err = sync(&r, &r.ctx, "acme/lib").await.unwrap_err();
    assert!(err.contains("cannot decrypt"), "{err}");
    // ...and every start binds the old ones: the CLI's…
    r.db.json(&["package", "sync", "acme/lib"]);
    sync(&r, &r.ctx, "acme/lib")
        .await
        .expect("bound by the CLI");
    assert_eq!(r.services.upgrade_legacy_credentials().await.unwrap(), 0);
    // …and the server's (the same call).
    sql(&r, &store_legacy).await;
    assert_eq!(r.services.upgrade_legacy_credentials().await.unwrap(), 1);
    sync(&r, &r.ctx, "acme/lib").await.expect("bound");
}

/// An ssh-agent holding one key, stopped when dropped.
struct Agent {
    child: std::process::Child,
    socket: PathBuf,
}

impl Agent {
    fn start(socket: &Path, key: &Path) -> Agent {
        let child = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(socket)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("ssh-agent (Debian: openssh-client)");
        let agent = Agent {
            child,
            socket: socket.to_owned(),
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while !socket.exists() {
            assert!(Instant::now() < deadline, "ssh-agent did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        let added = Command::new("ssh-add")
            .arg("-q")
            .arg(key)
            .env("SSH_AUTH_SOCK", socket)
            .status()
            .unwrap();
        assert!(added.success(), "ssh-add failed");
        agent
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Binds `$1` over the home folder the passwd database gives this user (ssh finds its
/// default keys and configuration there, not through `$HOME`) in a mount namespace of
/// its own, then runs the rest of the arguments.
const IN_HOME: &str = r#"real=$(getent passwd "$(id -u)" | cut -d: -f6) && mount --bind "$1" "$real" && shift && exec "$@""#;

/// `program args…` as the service user with `home` as its home and `agent` as its
/// agent, and the environment of `db.command()` (the test's database).
fn as_service_user(db: &TestDb, home: &Path, agent: Option<&Agent>, program: &str) -> Command {
    let base = db.command();
    let mut cmd = Command::new("unshare");
    cmd.args(["--mount", "sh", "-c", IN_HOME, "sh"])
        .arg(home)
        .arg(program)
        .env_clear();
    for (key, value) in base.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.env("HOME", home);
    if let Some(agent) = agent {
        cmd.env("SSH_AUTH_SOCK", &agent.socket);
    }
    if let Some(dir) = base.get_current_dir() {
        cmd.current_dir(dir);
    }
    cmd
}

/// Whether a plain `ssh` run as the service user gets in.
fn plain_ssh_gets_in(db: &TestDb, home: &Path, agent: Option<&Agent>, port: u16) -> bool {
    let mut cmd = as_service_user(db, home, agent, "ssh");
    cmd.args([
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-p",
        &port.to_string(),
        &format!("{}@127.0.0.1", user()),
        "true",
    ]);
    let out = cmd.output().unwrap();
    out.status.success()
}

fn user() -> String {
    std::env::var("USER").unwrap_or_else(|_| "root".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ssh_without_a_key_offers_neither_the_servers_keys_nor_its_agent() {
    assert!(
        Sshd::available(),
        "sshd is not installed (Debian: openssh-server); run ./scripts/test.sh"
    );
    let db = TestDb::new(Backend::Sqlite).await;
    let root = db.path().join("git");
    std::fs::create_dir_all(&root).unwrap();
    let bare = bare_repo(&root, "lib.git");
    let keys = db.path().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    let deploy = keys.join("deploy");
    let (_, public) = keygen(&deploy, "");
    let sshd = Sshd::start(&public).expect("a usable sshd");
    let url = format!("ssh://{}@127.0.0.1:{}{}", user(), sshd.port, bare.display());

    // The service user's home holds the key sshd accepts (and its ssh configuration
    // names it), and so does its agent.
    let home = db.path().join("home");
    let empty_home = db.path().join("empty-home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::create_dir_all(&empty_home).unwrap();
    let id = home.join(".ssh/id_ed25519");
    std::fs::copy(&deploy, &id).unwrap();
    std::fs::copy(deploy.with_extension("pub"), id.with_extension("pub")).unwrap();
    std::fs::write(
        home.join(".ssh/config"),
        "Host *\n  IdentityFile ~/.ssh/id_ed25519\n",
    )
    .unwrap();
    let agent = Agent::start(&db.path().join("agent.sock"), &deploy);
    // Either would let a plain ssh in.
    assert!(
        plain_ssh_gets_in(&db, &home, None, sshd.port),
        "the home's key"
    );
    assert!(
        plain_ssh_gets_in(&db, &empty_home, Some(&agent), sshd.port),
        "the agent's key"
    );

    let cargoman = |args: &[&str]| {
        let cmd = as_service_user(&db, &home, Some(&agent), crate::support::bin());
        db.run_with(cmd, args)
    };
    // Without a key of its own, the package gets nothing from either.
    cargoman(&["package", "add", &url, "--name", "acme/lib", "--no-sync"]).ok();
    cargoman(&["package", "sync", "acme/lib"])
        .fails_with(1, "authentication failed")
        .fails_with(1, "none is configured");
    cargoman(&["package", "add", &url]).fails_with(1, "authentication failed");
    // With the key as its credential, it syncs.
    let key_file = deploy.to_str().unwrap();
    cargoman(&["package", "update", "acme/lib", "--ssh-key", key_file]).ok();
    let out = cargoman(&["--json", "package", "sync", "acme/lib"])
        .ok()
        .json();
    let added = out["added"].as_array().unwrap();
    assert!(added.contains(&json!("v1.1.0")), "{out}");
}
