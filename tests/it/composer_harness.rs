//! Self-tests of the `composer` harness against the static repository: if these pass,
//! a failing cargoman test is about cargoman, not about the harness.

use std::path::PathBuf;

use serde_json::json;

use crate::support::basic_auth;
use crate::support::composer::{ComposerProject, Credentials};
use crate::support::static_repo::{StaticPackage, StaticServer, write_static_repo};

const UNAUTHORIZED: &str = "URL required authentication (HTTP 401)";

/// A static repository served on a loopback port.
struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    server: StaticServer,
}

impl Repo {
    fn new(packages: &[StaticPackage]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("repo");
        let server = StaticServer::start(&root);
        let repo = Repo {
            _dir: dir,
            root,
            server,
        };
        repo.write(packages);
        repo
    }

    fn write(&self, packages: &[StaticPackage]) {
        write_static_repo(&self.root, &self.server.url(), packages);
    }

    fn project(&self) -> ComposerProject {
        ComposerProject::new(&self.server.url())
    }

    /// Statuses answered for `path`, oldest first.
    fn statuses(&self, path: &str) -> Vec<u16> {
        let log = self.server.requests();
        log.iter()
            .filter(|r| r.path == path)
            .map(|r| r.status)
            .collect()
    }
}

/// `acme/lib` with one `src/Lib.php` per version that says which version it is.
fn lib(versions: &[&str]) -> StaticPackage {
    versions
        .iter()
        .fold(StaticPackage::new("acme/lib"), |p, v| {
            let php = format!("<?php // acme/lib {v}\n");
            p.version(
                v,
                &[("src/Lib.php", &php)],
                json!({"autoload": {"psr-4": {"Acme\\Lib\\": "src/"}}}),
            )
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn require_installs_the_matching_version_and_its_files() {
    let repo = Repo::new(&[lib(&["2.0.0", "1.2.0", "1.1.0"])]);
    let project = repo.project();

    project.require(&["acme/lib:^1.1"]).await.assert_ok();

    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.2.0")
    );
    assert_eq!(
        project.vendor_file("acme/lib/src/Lib.php").as_deref(),
        Some("<?php // acme/lib 1.2.0\n")
    );
    assert!(project.vendor_file_exists("autoload.php"));
    assert!(project.vendor_file_exists("acme/lib/composer.json"));
    let dists: Vec<_> = repo
        .server
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/dists/"))
        .collect();
    assert_eq!(dists.len(), 1, "one dist download: {dists:?}");
    assert!(dists[0].path.starts_with("/dists/acme/lib/1.2.0-"));
    assert_eq!(
        project.audit().await.assert_ok().json(),
        json!({"advisories": []})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_revalidates_and_picks_up_a_new_version() {
    let repo = Repo::new(&[lib(&["1.0.0"])]);
    let project = repo.project();
    project.require(&["acme/lib:^1.0"]).await.assert_ok();
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.0.0")
    );

    // Nothing changed: the cached p2 file is revalidated and the server says 304.
    repo.server.clear_log();
    project.update(&[]).await.assert_ok();
    assert_eq!(repo.statuses("/p2/acme/lib.json"), [304]);
    let revalidation = &repo.server.requests()[..];
    assert!(
        revalidation
            .iter()
            .any(|r| r.path == "/p2/acme/lib.json" && r.if_modified_since.is_some()),
        "{revalidation:?}"
    );

    // A new tag: the file's Last-Modified moves forward, so the same request gets 200.
    repo.write(&[lib(&["1.1.0", "1.0.0"])]);
    repo.server.clear_log();
    project.update(&[]).await.assert_ok();
    assert_eq!(repo.statuses("/p2/acme/lib.json"), [200]);
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.1.0")
    );
    assert_eq!(
        project.vendor_file("acme/lib/src/Lib.php").as_deref(),
        Some("<?php // acme/lib 1.1.0\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_credentials_fail_with_composers_401_message() {
    let repo = Repo::new(&[lib(&["1.0.0"])]);
    repo.server.require_basic("token", "s3cret");
    let project = repo.project();

    let run = project.require(&["acme/lib:^1.0"]).await;

    run.assert_fails_with(UNAUTHORIZED)
        .assert_fails_with("You must be using the interactive console to authenticate");
    let url = format!("{}/packages.json", repo.server.url());
    run.assert_fails_with(&format!("The '{url}' URL required authentication"));
    assert_eq!(project.installed_version("acme/lib"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_are_sent_everywhere_and_wrong_ones_fail() {
    let repo = Repo::new(&[lib(&["1.0.0"])]);
    repo.server.require_basic("token", "s3cret");
    let project = repo.project().with_token("wrong");

    project
        .require(&["acme/lib:^1.0"])
        .await
        .assert_fails_with(UNAUTHORIZED);
    // The wrong token did go out: the credentials are keyed to the right origin.
    let expected_wrong = basic_auth("token", "wrong");
    assert!(!repo.server.requests().is_empty());
    assert!(
        repo.server
            .requests()
            .iter()
            .all(|r| r.authorization.as_deref() == Some(expected_wrong.as_str())),
        "{:?}",
        repo.server.requests()
    );

    project.set_token(Some("s3cret"));
    repo.server.clear_log();
    project.require(&["acme/lib:^1.0"]).await.assert_ok();
    let log = repo.server.requests();
    assert!(log.iter().any(|r| r.path.starts_with("/dists/")), "{log:?}");
    assert!(log.iter().all(|r| r.status != 401), "{log:?}");
}

/// What a test of token revocation has to know: with a warm cache Composer shrugs a 401
/// off, and the cached dists install with no request at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_token_is_only_a_warning_while_the_cache_is_warm() {
    let repo = Repo::new(&[lib(&["1.0.0"])]);
    repo.server.require_basic("token", "s3cret");
    let project = repo.project().with_token("s3cret");
    project.require(&["acme/lib:^1.0"]).await.assert_ok();

    repo.server.require_basic("token", "rotated");
    repo.write(&[lib(&["1.1.0", "1.0.0"])]);
    let run = project.update(&[]).await;
    run.assert_ok_from_cache();
    assert!(run.contains(UNAUTHORIZED), "{run}");
    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.0.0")
    );

    repo.server.clear_log();
    std::fs::remove_dir_all(project.project_dir().join("vendor")).expect("remove vendor");
    project.install().await.assert_ok();
    assert!(project.vendor_file_exists("acme/lib/src/Lib.php"));
    assert!(
        repo.server.requests().is_empty(),
        "{:?}",
        repo.server.requests()
    );

    project.clear_cache();
    project.update(&[]).await.assert_fails_with(UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bearer_credentials_work_and_a_removed_token_fails_once_uncached() {
    let repo = Repo::new(&[lib(&["1.0.0"])]);
    repo.server.require_bearer("t0ken");
    let project = repo
        .project()
        .with_credentials(Credentials::Bearer("t0ken".into()));
    project.require(&["acme/lib:^1.0"]).await.assert_ok();

    // Without credentials and without cache, even `install` from the lock needs the server.
    project.set_credentials(Credentials::None);
    project.clear_cache();
    std::fs::remove_dir_all(project.project_dir().join("vendor")).expect("remove vendor");
    project.install().await.assert_fails_with(UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minified_file_with_unset_keys_installs_an_older_version() {
    let package = StaticPackage::new("acme/lib")
        .version("2.0.0", &[], json!({"description": "two"}))
        .version(
            "1.1.0",
            &[],
            json!({"description": "two", "suggest": {"ext-intl": "i18n"}}),
        )
        .version("1.0.0", &[("README", "one")], json!({"description": "one"}));
    let repo = Repo::new(&[package]);
    let p2 = std::fs::read_to_string(repo.root.join("p2/acme/lib.json")).expect("p2 file");
    assert!(p2.contains(r#""suggest":"__unset""#), "{p2}");
    let project = repo.project();

    project.require(&["acme/lib:1.0.*"]).await.assert_ok();

    assert_eq!(
        project.installed_version("acme/lib").as_deref(),
        Some("1.0.0")
    );
    let locked = project
        .locked("acme/lib")
        .expect("acme/lib is in composer.lock");
    assert_eq!(locked["description"], "one");
    assert_eq!(
        locked.get("suggest"),
        None,
        "the unset key came back: {locked}"
    );
    assert_eq!(
        project.vendor_file("acme/lib/README").as_deref(),
        Some("one")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_branches_need_minimum_stability_dev() {
    let app = StaticPackage::new("acme/app").version(
        "1.0.0",
        &[],
        json!({"require": {"acme/lib": "dev-main"}}),
    );
    // acme/tool has branches only: its main p2 file lists no versions at all.
    let tool = StaticPackage::new("acme/tool").version("2.x-dev", &[("bin/tool", "#!")], json!({}));
    let repo = Repo::new(&[app, lib(&["1.0.0", "dev-main"]), tool]);

    // A stable project never asks for the branches file of a package it resolves.
    let stable = repo.project();
    stable.require(&["acme/lib:^1.0"]).await.assert_ok();
    assert!(repo.statuses("/p2/acme/lib~dev.json").is_empty());
    // A dependency on a branch needs minimum-stability dev. (Explaining the failure makes
    // Composer read the ~dev files, whatever the stability, so no assertion on those.)
    repo.project()
        .require(&["acme/app:^1.0"])
        .await
        .assert_fails_with("does not match your minimum-stability");

    let dev = repo.project().with_minimum_stability("dev");
    dev.require(&["acme/app:^1.0", "acme/tool:2.x-dev"])
        .await
        .assert_ok();
    assert_eq!(
        dev.installed_version("acme/lib").as_deref(),
        Some("dev-main")
    );
    assert_eq!(
        dev.installed_version("acme/tool").as_deref(),
        Some("2.x-dev")
    );
    assert_eq!(dev.installed_version("acme/app").as_deref(), Some("1.0.0"));
    assert!(dev.vendor_file_exists("acme/tool/bin/tool"));
    assert!(repo.statuses("/p2/acme/lib~dev.json").contains(&200));
}

/// A server that accepts connections and never answers: the run must not hang the suite.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[should_panic(expected = "composer timed out")]
async fn a_hanging_server_fails_the_test_after_the_timeout() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", silent.local_addr().expect("address"));
    let project = ComposerProject::new(&url).with_timeout(std::time::Duration::from_secs(3));
    project.require(&["acme/lib:^1.0"]).await;
}
