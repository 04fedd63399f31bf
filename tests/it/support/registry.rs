//! A running registry for end-to-end tests: the server on 127.0.0.1:0 over a test
//! database, a git repository for `acme/lib`, and helpers to set up customers, grants
//! and tokens through the service layer (as the CLI and API do).

use std::path::{Path, PathBuf};

use cargoman::service::customers::NewCustomer;
use cargoman::service::packages::NewPackage;
use cargoman::service::sync::NoProgress;
use cargoman::service::tokens::TokenRequest;
use cargoman::service::{Ctx, Services};

use super::TestDb;
use super::composer::{ComposerProject, Credentials};
use super::git_repo::{git, write};

pub struct Registry {
    pub db: TestDb,
    pub services: Services,
    pub ctx: Ctx,
    /// Base URL of the running server, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// Work tree of `acme/lib`'s repository.
    pub repo: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Registry {
    /// Starts the server; `acme/lib` is a repository with a commit per tag in `tags`
    /// (not yet registered: call [`Registry::add_package`]).
    pub async fn start(db: TestDb, tags: &[&str]) -> Self {
        let settings = db.settings();
        Self::start_with(db, tags, settings).await
    }

    /// [`Registry::start`] with these settings.
    pub async fn start_with(
        db: TestDb,
        tags: &[&str],
        settings: cargoman::config::Settings,
    ) -> Self {
        let services = db.services_with(settings).await;
        let ctx = db.ctx(&services).await;
        let repo = db.path().join("acme-lib");
        lib_repo(&repo, tags);
        let (url, stop, _) = crate::serve::start(services.clone()).await;
        Self {
            db,
            services,
            ctx,
            url,
            repo,
            stop: Some(stop),
        }
    }

    pub async fn add_package(&self) {
        let input = NewPackage {
            url: self.repo.to_str().unwrap().to_string(),
            probe: true,
            ..Default::default()
        };
        let p = self
            .services
            .packages()
            .add(&self.ctx, input)
            .await
            .expect("add package");
        self.sync().await;
        assert_eq!(p.name, "acme/lib");
    }

    pub async fn sync(&self) -> cargoman::service::sync::SyncReport {
        self.services
            .sync()
            .package(&self.ctx, "acme/lib", &NoProgress)
            .await
            .expect("sync")
    }

    /// A new commit on main, tagged `tag`, changing src/Lib.php's content to `marker`.
    pub fn tag(&self, tag: &str, marker: &str) {
        commit_and_tag(&self.repo, tag, marker);
    }

    /// A customer with a grant of `acme/lib` (when `constraint` is given) and a token.
    pub async fn customer(&self, name: &str, constraint: Option<&str>) -> String {
        let c = NewCustomer {
            name: name.into(),
            ..Default::default()
        };
        self.services
            .customers()
            .create(&self.ctx, c)
            .await
            .expect("customer");
        if let Some(c) = constraint {
            self.services
                .grants()
                .grant(&self.ctx, name, "acme/lib", Some(c))
                .await
                .expect("grant");
        }
        self.token(name).await
    }

    pub async fn token(&self, customer: &str) -> String {
        let req = TokenRequest {
            customer: customer.into(),
            ..Default::default()
        };
        self.services
            .tokens()
            .issue(&self.ctx, req)
            .await
            .expect("token")
            .plain_token
    }

    pub fn project(&self, token: &str) -> ComposerProject {
        ComposerProject::new(&self.url).with_credentials(Credentials::Token(token.to_string()))
    }

    /// A GET with HTTP Basic credentials (`token` / secret).
    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut req = reqwest::Client::new().get(format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.basic_auth("token", Some(t));
        }
        req.send().await.expect("request")
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// acme/lib: main branch aliased to 2.x-dev, one commit and tag per entry of `tags`.
pub fn lib_repo(dir: &std::path::Path, tags: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q"]);
    write(
        dir,
        "composer.json",
        r#"{"name":"acme/lib","description":"Acme library","type":"library","license":"proprietary","autoload":{"psr-4":{"Acme\\":"src/"}},"extra":{"branch-alias":{"dev-main":"2.x-dev"}}}"#,
    );
    write(dir, "src/Lib.php", "<?php\nnamespace Acme;\nclass Lib {}\n");
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "init"]);
    for tag in tags {
        commit_and_tag(dir, tag, tag);
    }
}

/// A commit on the current branch changing src/Lib.php to carry `marker`, tagged `tag`
/// (a tag of that name moves).
pub fn commit_and_tag(dir: &Path, tag: &str, marker: &str) {
    write(
        dir,
        "src/Lib.php",
        &format!("<?php\n// {marker}\nnamespace Acme;\nclass Lib {{}}\n"),
    );
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", marker]);
    git(dir, &["tag", "-f", tag]);
}
