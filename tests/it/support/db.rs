//! A fresh database per test: a SQLite file in a temp folder, or a new PostgreSQL
//! database on the server named by `CARGOMAN_TEST_DATABASE_URL` (dropped afterwards).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use cargoman::config::{SecretUrl, Settings};
use cargoman::service::{Actor, Ctx, Services};
use sea_orm::{ConnectionTrait, Database};

use super::Run;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the test's archives go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Filesystem,
    /// A fresh bucket on the S3-compatible server of scripts/test.sh.
    S3,
}

/// The PostgreSQL server tests create their databases on. `scripts/test.sh` starts a
/// throwaway one; without it, the local server on 5432 is used.
pub fn postgres_admin_url() -> String {
    std::env::var("CARGOMAN_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub struct TestDb {
    pub backend: Backend,
    /// URL of the database itself.
    pub url: String,
    /// Working folder of the test: data folder, config files, repositories.
    pub dir: tempfile::TempDir,
    pg_name: Option<String>,
    /// Bucket of the S3 store, when the test uses one.
    pub bucket: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        Self::with_store(backend, Store::Filesystem).await
    }

    pub async fn with_store(backend: Backend, store: Store) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg_name) = match backend {
            Backend::Sqlite => (
                format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("data/cargoman.db").display()
                ),
                None,
            ),
            Backend::Postgres => {
                let name = format!(
                    "cm_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    rand_suffix()
                );
                let admin = Database::connect(postgres_admin_url())
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL for tests at {} is unreachable: {e}. Run ./scripts/test.sh, or set CARGOMAN_TEST_DATABASE_URL", postgres_admin_url()));
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                let _ = admin.close().await;
                (replace_db_name(&postgres_admin_url(), &name), Some(name))
            }
        };
        std::fs::create_dir_all(dir.path().join("data")).expect("data dir");
        let bucket = match store {
            Store::Filesystem => None,
            Store::S3 => {
                let server = super::s3::S3Server::from_env();
                let bucket = super::s3::unique_bucket();
                super::s3::create_bucket(&server, &bucket).await;
                Some(bucket)
            }
        };
        let db = Self {
            backend,
            url,
            dir,
            pg_name,
            bucket,
        };
        // Migrate once so the CLI (which refuses an unmigrated PostgreSQL) can run.
        cargoman::db::migrate(&db.connect().await)
            .await
            .expect("migrate");
        db
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Settings as the binary would load them for this test (embedded SQLite in the
    /// data folder, or the test's PostgreSQL database).
    pub fn settings(&self) -> Settings {
        let mut s = Settings {
            data_dir: self.data_dir(),
            ..Settings::default()
        };
        if self.backend == Backend::Postgres {
            s.database.url = Some(SecretUrl::new(self.url.clone()));
        }
        if let Some(bucket) = &self.bucket {
            super::s3::S3Server::from_env().settings(&mut s, bucket);
        }
        s.server.host = "127.0.0.1".into();
        s
    }

    pub async fn connect(&self) -> sea_orm::DatabaseConnection {
        cargoman::db::connect(&self.settings())
            .await
            .expect("connect")
    }

    pub async fn services(&self) -> Services {
        self.services_with(self.settings()).await
    }

    pub async fn services_with(&self, settings: Settings) -> Services {
        let db = cargoman::db::connect(&settings).await.expect("connect");
        Services::new(db, Arc::new(settings)).expect("services")
    }

    /// A context in the default tenant, acting as a test operator.
    pub async fn ctx(&self, services: &Services) -> Ctx {
        services
            .tenants()
            .context(
                None,
                Actor {
                    name: "cli:tester".into(),
                    ip: None,
                },
            )
            .await
            .expect("default tenant")
    }

    /// The real binary, with a clean environment pointing at this test's database and
    /// run from the test's folder (so no stray cargoman.toml or .env is picked up).
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(super::bin());
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("USER", "tester")
            .env("CARGOMAN_DATA_DIR", self.data_dir())
            .current_dir(self.path());
        if self.backend == Backend::Postgres {
            cmd.env("DATABASE_URL", &self.url);
        }
        if let Some(bucket) = &self.bucket {
            let s3 = super::s3::S3Server::from_env();
            cmd.env("STORAGE_BACKEND", "s3")
                .env("S3_BUCKET", bucket)
                .env("S3_ENDPOINT", &s3.endpoint)
                .env("S3_REGION", &s3.region)
                .env("S3_ACCESS_KEY_ID", &s3.key_id)
                .env("S3_SECRET_ACCESS_KEY", &s3.secret);
        }
        cmd
    }

    /// Runs `cargoman ARGS…` and collects its output.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(self.command(), args)
    }

    pub fn run_with(&self, mut cmd: Command, args: &[&str]) -> Run {
        let out = cmd.args(args).output().expect("run cargoman");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `cargoman --json ARGS…`, expecting success, parsed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        self.run(&all).ok().json()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Drop runs outside any runtime guarantee: use a private one on a thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(rt) = rt {
                rt.block_on(async {
                    if let Ok(admin) = Database::connect(postgres_admin_url()).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            }
        })
        .join();
    }
}

fn replace_db_name(url: &str, name: &str) -> String {
    let mut u = url::Url::parse(url).expect("CARGOMAN_TEST_DATABASE_URL is a URL");
    u.set_path(&format!("/{name}"));
    u.to_string()
}

fn rand_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{nanos:x}")
}
