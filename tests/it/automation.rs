//! Private repositories behind credentials, webhooks from GitHub, GitLab and Bitbucket,
//! background workers and the periodic scheduler; on both databases.

use std::time::Duration;

use cargoman::config::Secret;
use cargoman::domain::webhook::sign;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::db_tests;
use crate::serve::start;
use crate::support::TestDb;
use crate::support::git_http::GitHttpServer;
use crate::support::git_repo::{git, write};

db_tests!(
    private_repository_over_ssh_with_a_key,
    private_repository_with_token_credentials,
    webhooks_verify_and_queue_syncs,
    workers_run_queued_syncs_and_scheduler_resyncs,
);

/// A bare repository `name` under `root` holding acme/lib with tag 1.0.0; returns
/// the work tree (to add tags and push).
fn served_repo(root: &std::path::Path, name: &str) -> std::path::PathBuf {
    let bare = root.join(name);
    std::fs::create_dir_all(&bare).unwrap();
    git(&bare, &["init", "-q", "--bare"]);
    let work = root.join(format!("{name}-work"));
    std::fs::create_dir_all(&work).unwrap();
    git(&work, &["init", "-q"]);
    write(&work, "composer.json", r#"{"name":"acme/lib"}"#);
    write(&work, "src/Lib.php", "<?php\n");
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "one"]);
    git(&work, &["tag", "1.0.0"]);
    push(&work, root, name);
    work
}

fn push(work: &std::path::Path, root: &std::path::Path, name: &str) {
    let bare = root.join(name);
    git(
        work,
        &[
            "push",
            "-q",
            "--force",
            bare.to_str().unwrap(),
            "main",
            "--tags",
        ],
    );
}

async fn private_repository_with_token_credentials(db: TestDb) {
    let root = db.path().join("git");
    std::fs::create_dir_all(&root).unwrap();
    served_repo(&root, "private.git");
    let server = GitHttpServer::start(&root, Some(("x-access-token", "s3cr3t-token")));
    let url = server.url("private.git");

    // Without credentials, or with wrong ones: a clear refusal, nothing registered, and
    // the secret appears nowhere.
    db.run(&["package", "add", &url])
        .fails_with(1, "authentication");
    let wrong = db.path().join("wrong-token");
    std::fs::write(&wrong, "not-the-token\n").unwrap();
    let run = db.run(&[
        "package",
        "add",
        &url,
        "--token-file",
        wrong.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("authentication failed"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("not-the-token"));
    assert_eq!(db.json(&["package", "list"]), serde_json::json!([]));

    let good = db.path().join("token");
    std::fs::write(&good, "s3cr3t-token\n").unwrap();
    let out = db.json(&[
        "package",
        "add",
        &url,
        "--token-file",
        good.to_str().unwrap(),
    ]);
    assert_eq!(out["package"]["name"], "acme/lib");
    assert_eq!(out["package"]["has_credentials"], true);
    assert_eq!(out["sync"]["added"], json!(["1.0.0", "dev-main"]));
    let shown = db.run(&["--json", "package", "show", "acme/lib"]).ok();
    assert!(!shown.stdout.contains("s3cr3t"));

    // At rest the credential is encrypted: no column holds the token.
    let conn = db.connect().await;
    let rows = conn
        .query_all(Statement::from_string(
            conn.get_database_backend(),
            "SELECT credentials_encrypted FROM packages",
        ))
        .await
        .unwrap();
    let sealed: String = rows[0].try_get("", "credentials_encrypted").unwrap();
    assert!(
        sealed.starts_with("v1:") && !sealed.contains("s3cr3t"),
        "{sealed}"
    );
    let audit = db.run(&["--json", "audit", "list"]).ok();
    assert!(!audit.stdout.contains("s3cr3t"));

    // Changing the credentials to wrong ones makes syncs fail clearly; removing the
    // failure restores them.
    db.json(&[
        "package",
        "update",
        "acme/lib",
        "--token-file",
        wrong.to_str().unwrap(),
    ]);
    db.run(&["package", "sync", "acme/lib"])
        .fails_with(1, "authentication failed");
    db.json(&[
        "package",
        "update",
        "acme/lib",
        "--token-file",
        good.to_str().unwrap(),
    ]);
    db.json(&["package", "sync", "acme/lib"]);
}

async fn private_repository_over_ssh_with_a_key(db: TestDb) {
    use crate::support::sshd::{Sshd, keygen};
    assert!(
        Sshd::available(),
        "sshd is not installed (Debian: openssh-server); run ./scripts/test.sh"
    );
    let root = db.path().join("git");
    std::fs::create_dir_all(&root).unwrap();
    served_repo(&root, "lib.git");
    let keys = db.path().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    let (_, public) = keygen(&keys.join("deploy"), "");
    let (_, _) = keygen(&keys.join("stranger"), "");
    let (_, locked_public) = keygen(&keys.join("locked"), "open sesame");
    let sshd = Sshd::start(&format!("{public}{locked_public}")).expect("a usable sshd");
    let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
    let url = format!(
        "ssh://{user}@127.0.0.1:{}{}",
        sshd.port,
        root.join("lib.git").display()
    );
    let key = |name: &str| keys.join(name).to_str().unwrap().to_string();

    // A key the server does not know: refused clearly, nothing registered.
    db.run(&["package", "add", &url, "--ssh-key", &key("stranger")])
        .fails_with(1, "authentication");
    assert_eq!(db.json(&["package", "list"]).as_array().unwrap().len(), 0);
    // A passphrase-protected key with its passphrase from a file.
    let pass = db.path().join("passphrase");
    std::fs::write(&pass, "open sesame\n").unwrap();
    let out = db.json(&[
        "package",
        "add",
        &url,
        "--ssh-key",
        &key("locked"),
        "--ssh-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    assert_eq!(out["sync"]["added"], json!(["1.0.0", "dev-main"]));
    // Switched to the deploy key; the key never shows anywhere.
    db.json(&["package", "update", "acme/lib", "--ssh-key", &key("deploy")]);
    db.json(&["package", "sync", "acme/lib"]);
    let private = std::fs::read_to_string(keys.join("deploy")).unwrap();
    let secret_line = private.lines().nth(1).unwrap();
    for args in [
        &["--json", "package", "show", "acme/lib"][..],
        &["--json", "audit", "list"],
    ] {
        assert!(!db.run(args).ok().stdout.contains(secret_line));
    }
}

async fn webhooks_verify_and_queue_syncs(db: TestDb) {
    let root = db.path().join("git");
    std::fs::create_dir_all(&root).unwrap();
    served_repo(&root, "lib.git");
    let server = GitHttpServer::start(&root, None);
    let url = server.url("lib.git");
    db.json(&["package", "add", &url]);

    let mut settings = db.settings();
    settings.webhooks.github_secret = Some(Secret::new("gh-secret"));
    settings.webhooks.gitlab_secret = Some(Secret::new("gl-secret"));
    let services = db.services_with(settings).await;
    let (base, stop, _h) = start(services.clone()).await;
    let client = reqwest::Client::new();
    let hook = |provider: &str| format!("{base}/api/webhooks/{provider}");

    // GitHub: HMAC over the body.
    let body = json!({"ref": "refs/tags/1.1.0", "repository": {"clone_url": url.clone(), "html_url": "https://example.invalid/acme/lib"}}).to_string();
    let r = client
        .post(hook("github"))
        .header("x-github-event", "push")
        .header("x-hub-signature-256", sign("gh-secret", body.as_bytes()))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let queued: serde_json::Value = r.json().await.unwrap();
    assert_eq!(queued["queued"][0]["package"], "acme/lib");
    // A second delivery while the first job waits queues nothing new.
    let r = client
        .post(hook("github"))
        .header("x-hub-signature-256", sign("gh-secret", body.as_bytes()))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    let again: serde_json::Value = r.json().await.unwrap();
    assert_eq!(again["queued"][0]["job_id"], queued["queued"][0]["job_id"]);

    // Wrong or missing signatures, wrong secret, unknown provider, unconfigured secret.
    let bad = client
        .post(hook("github"))
        .header("x-hub-signature-256", sign("nope", body.as_bytes()))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    let none = client
        .post(hook("github"))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 401);
    let gl_body = json!({"project": {"git_http_url": url.clone()}}).to_string();
    let gl = client
        .post(hook("gitlab"))
        .header("x-gitlab-token", "gl-secret")
        .body(gl_body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(gl.status(), 202);
    let gl_bad = client
        .post(hook("gitlab"))
        .header("x-gitlab-token", "gl-wrong")
        .body(gl_body)
        .send()
        .await
        .unwrap();
    assert_eq!(gl_bad.status(), 401);
    let bb = client
        .post(hook("bitbucket"))
        .header("x-hub-signature", "sha256=00")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(bb.status(), 403, "no Bitbucket secret configured");
    assert_eq!(
        client
            .post(hook("gitea"))
            .body("{}")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let ping = client
        .post(hook("github"))
        .header("x-github-event", "ping")
        .header("x-hub-signature-256", sign("gh-secret", b"{}"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(ping.status(), 200);
    // Another repository: accepted, nothing queued.
    let other =
        json!({"repository": {"clone_url": "https://github.com/someone/else.git"}}).to_string();
    let r = client
        .post(hook("github"))
        .header("x-hub-signature-256", sign("gh-secret", other.as_bytes()))
        .body(other)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["queued"],
        json!([])
    );

    let ctx = db.ctx(&services).await;
    let jobs = services
        .jobs()
        .list(&ctx, Some("queued"), 10)
        .await
        .unwrap();
    assert_eq!(
        jobs.len(),
        1,
        "GitHub's and GitLab's deliveries share the waiting job"
    );
    let _ = stop.send(());

    // Bitbucket, once its secret is configured: HMAC like GitHub, repositories named
    // by their bitbucket.org address.
    db.json(&[
        "package",
        "add",
        "https://bitbucket.org/acme/other.git",
        "--no-sync",
        "--name",
        "acme/other",
    ]);
    let mut settings = db.settings();
    settings.webhooks.bitbucket_secret = Some(Secret::new("bb-secret"));
    let (base, stop, _h) = start(db.services_with(settings).await).await;
    let hook = format!("{base}/api/webhooks/bitbucket");
    let body = json!({"push": {}, "repository": {"full_name": "acme/other", "links": {"html": {"href": "https://bitbucket.org/acme/other"}}}}).to_string();
    let r = client
        .post(&hook)
        .header("x-hub-signature", sign("bb-secret", body.as_bytes()))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let queued: serde_json::Value = r.json().await.unwrap();
    assert_eq!(queued["queued"][0]["package"], "acme/other", "{queued}");
    let r = client
        .post(&hook)
        .header("x-hub-signature", sign("gh-secret", body.as_bytes()))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let _ = stop.send(());
}

async fn workers_run_queued_syncs_and_scheduler_resyncs(db: TestDb) {
    let root = db.path().join("git");
    std::fs::create_dir_all(&root).unwrap();
    let work = served_repo(&root, "lib.git");
    let url = root.join("lib.git").to_str().unwrap().to_string();
    db.json(&["package", "add", &url, "--no-sync", "--name", "acme/lib"]);

    // A job queued before any worker runs (as after a restart) is picked up.
    let services = db.services().await;
    let ctx = db.ctx(&services).await;
    let pkg = db.json(&["package", "show", "acme/lib"]);
    let id = pkg["id"].as_i64().unwrap();
    services
        .jobs()
        .enqueue(
            ctx.tenant_id,
            cargoman::service::jobs::JobKind::SyncPackage,
            json!({"package_id": id}),
            Some(format!("sync:{id}")),
        )
        .await
        .unwrap();
    let mut settings = db.settings();
    settings.tasks.sync_interval = 1;
    settings.tasks.num_workers = 2;
    let bg_services = db.services_with(settings).await;
    let background = cargoman::tasks::start(bg_services);
    wait_for_versions(&db, 2).await;

    // The scheduler re-syncs by itself: a new tag shows up without any webhook.
    write(&work, "src/New.php", "<?php\n");
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "two"]);
    git(&work, &["tag", "1.1.0"]);
    push(&work, &root, "lib.git");
    wait_for_versions(&db, 3).await;
    background.stop().await;

    let done = services.jobs().list(&ctx, Some("done"), 100).await.unwrap();
    assert!(!done.is_empty());
    let audit = db.json(&["audit", "list", "--action", "package.sync"]);
    assert!(
        audit.as_array().unwrap().len() >= 2,
        "the queued sync and the scheduled one are audited: {audit}"
    );
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["actor"] == "system")
    );
}

async fn wait_for_versions(db: &TestDb, n: usize) {
    for _ in 0..200 {
        let v = db.json(&["package", "versions", "acme/lib"]);
        if v.as_array().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the package never reached {n} versions");
}
