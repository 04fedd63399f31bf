//! Test support: fresh databases on both backends, the real binary, and helpers.

#![allow(dead_code)]

pub mod browser;
pub mod composer;
pub mod db;
pub mod git_http;
pub mod git_repo;
pub mod pg_cluster;
pub mod pty;
pub mod registry;
pub mod s3;
pub mod server;
pub mod sshd;
pub mod static_repo;
pub mod ui;
pub mod upstream;

pub use db::{Backend, Store, TestDb};

/// Runs one async test body on SQLite and on PostgreSQL, each on a fresh database:
/// `db_tests!(name)` turns `async fn name(db: TestDb)` into `name::sqlite` and
/// `name::postgres`.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let db = $crate::support::TestDb::new($crate::support::Backend::Sqlite).await;
                    super::$name(db).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let db = $crate::support::TestDb::new($crate::support::Backend::Postgres).await;
                    super::$name(db).await;
                }
            }
        )+
    };
}

/// Like [`db_tests!`] over both storage backends too: `name::{sqlite_fs, sqlite_s3,
/// postgres_fs, postgres_s3}`.
#[macro_export]
macro_rules! matrix_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                use $crate::support::{Backend, Store, TestDb};

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite_fs() {
                    super::$name(TestDb::with_store(Backend::Sqlite, Store::Filesystem).await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite_s3() {
                    super::$name(TestDb::with_store(Backend::Sqlite, Store::S3).await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres_fs() {
                    super::$name(TestDb::with_store(Backend::Postgres, Store::Filesystem).await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres_s3() {
                    super::$name(TestDb::with_store(Backend::Postgres, Store::S3).await).await;
                }
            }
        )+
    };
}

/// Output of one run of the `cargoman` binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Parses stdout as the one JSON document of `--json`.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "command failed:\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails_with(self, code: i32, needle: &str) -> Self {
        assert_eq!(
            self.code, code,
            "wrong exit code:\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// An `Authorization` header value for HTTP Basic.
pub fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

/// Path of the binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_cargoman")
}

/// Returns once the clock's current minute has at least `secs` seconds left: rate limits
/// count per clock minute, and a test that counts up to a limit must not see its count
/// start over half-way.
pub async fn clear_of_minute_end(secs: u64) {
    let left = 60 - chrono::Utc::now().timestamp().rem_euclid(60) as u64;
    if left < secs {
        tokio::time::sleep(std::time::Duration::from_millis(left * 1000 + 200)).await;
    }
}
